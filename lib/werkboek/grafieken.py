"""Every chart of the workbook, saved through one helper (:func:`bewaar_figuur`).

House rules, enforced here rather than in each notebook: Dutch number notation on axes and labels (1.234,5),
units in the axis labels, the Okabe-Ito colour-blind-safe palette, a title that states the finding (the caller
passes it; :func:`titel_groei` and friends write one from numbers), slide size 10 x 5,6 inch at 150 dpi with
fonts of at least 11 pt, a source line under every figure and a visible "demodata (synthetisch)" mark on demo
data. A chart without data is never drawn: the functions raise :class:`GeenDataFout` with a Dutch sentence
that a notebook can print instead.

Figures are built on :class:`matplotlib.figure.Figure` without pyplot, so a batch of 35 regions keeps no
figures in memory; the returned :class:`Figuurbestand` shows the saved PNG when it is the last value of a
notebook cell.

Why one module of this size: every chart kind shares the house style, the source line, the demo mark and the
one way a figure is saved; split over modules, each kind would have to import them back and could drift apart.
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from werkboek import paden, tekst
from werkboek.fouten import WerkboekFout

# Okabe & Ito (2008): distinguishable with the common forms of colour blindness.
OKABE_ITO = {
    "oranje": "#E69F00", "hemelsblauw": "#56B4E9", "blauwgroen": "#009E73", "geel": "#F0E442",
    "blauw": "#0072B2", "vermiljoen": "#D55E00", "roze": "#CC79A7", "zwart": "#000000",
}
PALET = [OKABE_ITO[k] for k in ("blauw", "oranje", "blauwgroen", "vermiljoen", "hemelsblauw", "roze", "geel", "zwart")]
REGIO_KLEUR, NL_KLEUR, GRIJS = OKABE_ITO["blauw"], "#555555", "#BBBBBB"
SEQUENTIEEL = "cividis"  # perceptually uniform and readable with colour blindness
FIGUURMAAT = (10.0, 5.6)
STAAFHOOGTE = 0.2  # least inch per bar in a horizontal bar chart: the 11 pt names must not overlap
TITEL_BREEDTE = 78  # characters per title line at 14 pt bold on a 10 inch figure
DPI = 150  # 1500 x 840 pixels at FIGUURMAAT: sharp across a 1920-pixel slide, not heavier than that needs
# PNG as a palette image: a chart has few colours, and 256 keep anti-aliased edges and text smooth (measured on the
# 23 figures of one region: 4,0 MB as full-colour PNG, 1,1 MB as palette PNG, and encoding got faster, not slower).
PNG_KLEUREN = 256
BRONREGEL_PT = 9  # font size of the source line under every figure
PNG_COMPRESSIE = 6  # zlib level; 9 or optimize=True saves another ~12% at three times the encoding time
STIJL = {
    "font.size": 12, "axes.titlesize": 14, "axes.labelsize": 12, "xtick.labelsize": 11, "ytick.labelsize": 11,
    "legend.fontsize": 11, "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True,
    "grid.color": "#DDDDDD", "grid.linewidth": 0.8, "axes.prop_cycle": None, "svg.hashsalt": "werkboek",
}
DEMO_MARK = "demodata (synthetisch)"
VOORLOPIG_NOOT = "open punt = voorlopig cijfer"


class GeenDataFout(WerkboekFout, ValueError):
    """There is nothing to draw; the message is a Dutch sentence for in the report instead of the figure."""


@dataclass(frozen=True)
class Figuurbestand:
    """A saved figure. Shown as the PNG in a notebook; ``pad`` is the file, ``relatief`` the path for the
    samenvatting (``figuren/<naam>.png``)."""

    pad: Path
    titel: str
    figuur: object = field(default=None, compare=False, repr=False)

    @property
    def relatief(self) -> str:
        return f"{self.pad.parent.name}/{self.pad.name}"

    def _repr_png_(self) -> bytes:
        return self.pad.read_bytes()

    def __fspath__(self) -> str:
        return str(self.pad)


@contextlib.contextmanager
def _stijl():
    import matplotlib
    from cycler import cycler

    with matplotlib.rc_context({**{k: v for k, v in STIJL.items() if v is not None}, "axes.prop_cycle": cycler(color=PALET)}):
        yield


# ---------------------------------------------------------------------------------------------------------------
# Dutch numbers on axes


def nl_formatter(decimalen: int | None = None, procent: bool = False):
    """A matplotlib formatter writing ticks in Dutch notation. ``decimalen=None`` uses as few decimals as the
    tick needs (0,25 stays 0,25; at most three), so a tick never shows a rounded, wrong value."""
    from matplotlib.ticker import FuncFormatter

    def opmaak(waarde, _positie=None):
        d = decimalen
        if d is None:
            d = next((n for n in range(4) if abs(round(waarde, n) - waarde) < 1e-9 * max(1.0, abs(waarde))), 3)
        uit = tekst.getal(waarde, d)
        return uit + "%" if procent else uit

    return FuncFormatter(opmaak)


def waardelabel(waarde, procent: bool = False) -> str:
    """A value label on a bar, tile or legend: one decimal below 100, none from 100 on; 'onbekend' if missing."""
    if tekst.is_leeg(waarde):
        return tekst.ONBEKEND
    uit = tekst.getal(waarde, 0 if abs(waarde) >= 100 else 1)
    return uit + "%" if procent else uit


def aslabel(onderwerp: str, eenheid: str = "") -> str:
    """Axis label with its unit: ``('Banen', 'x 1 000')`` -> ``'Banen (x 1 000)'``."""
    return f"{onderwerp} ({eenheid})" if eenheid and eenheid != "aantal" else onderwerp


# ---------------------------------------------------------------------------------------------------------------
# Finding titles


def titel_groei(onderwerp: str, regio_naam: str, groei_regio, groei_nl, marge: float = 0.25) -> str:
    """'Bouw groeit in Groningen sneller dan landelijk' from two yearly growth rates in percent."""
    if tekst.is_leeg(groei_regio):
        return f"Ontwikkeling {onderwerp.lower()} in {regio_naam} onbekend"
    werkwoord = "groeit" if groei_regio > 0 else "krimpt" if groei_regio < 0 else "blijft gelijk"
    hoofd = f"{onderwerp[0].upper()}{onderwerp[1:]} {werkwoord} in {regio_naam}"
    if tekst.is_leeg(groei_nl):
        return f"{hoofd} ({tekst.procent(groei_regio, teken=True)} per jaar)"
    if abs(groei_regio - groei_nl) <= marge:
        return f"{hoofd} ongeveer even snel als landelijk"
    if groei_regio > 0 and groei_nl > 0:
        return f"{hoofd} {'sneller' if groei_regio > groei_nl else 'langzamer'} dan landelijk"
    if groei_regio < 0 and groei_nl < 0:
        return f"{hoofd} {'sneller' if groei_regio < groei_nl else 'minder snel'} dan landelijk"
    landelijk = "groeit" if groei_nl > 0 else "krimpt" if groei_nl < 0 else "blijft gelijk"
    return f"{hoofd}, landelijk {landelijk} het"


def titel_locatiequotient(onderwerp: str, regio_naam: str, quotient, marge: float = 0.1) -> str:
    """'Bouw is in Groningen sterker vertegenwoordigd dan landelijk (locatiequotiënt 1,3)'."""
    if tekst.is_leeg(quotient):
        return f"Aandeel {onderwerp.lower()} in {regio_naam} onbekend"
    if abs(quotient - 1) <= marge:
        oordeel = "ongeveer even sterk vertegenwoordigd als"
    else:
        oordeel = "sterker vertegenwoordigd dan" if quotient > 1 else "minder sterk vertegenwoordigd dan"
    return f"{onderwerp} is in {regio_naam} {oordeel} landelijk (locatiequotiënt {tekst.getal(quotient, 2)})"


def titel_aandeel(wat: str, regio_naam: str, aandeel_regio, aandeel_nl) -> str:
    """'In Groningen is 25,0% van de werkenden 55 jaar of ouder, landelijk 20,0%'."""
    return f"In {regio_naam} is {tekst.procent(aandeel_regio)} {wat}, landelijk {tekst.procent(aandeel_nl)}"


def titel_projectie(onderwerp: str, regio_naam: str, projectie, eenheid: str = "", wat: str = "banen") -> str:
    """'Bouw in Groningen: bij doorgaande trend 18,1 duizend banen in 2028 (80%-interval 16,0 tot 20,2 duizend)'."""
    onder, boven = projectie.band
    return (f"{onderwerp} in {regio_naam}: bij doorgaande trend {tekst.aantal(projectie.verwacht, eenheid)} {wat} in "
            f"{projectie.horizonjaar} (80%-interval {tekst.getal(onder, 1 if eenheid == 'x 1 000' else 0)} tot "
            f"{tekst.aantal(boven, eenheid)})")


# ---------------------------------------------------------------------------------------------------------------
# The one save helper


def _heeft_inhoud(fig) -> bool:
    for ax in fig.axes:
        for lijn in ax.lines:
            ys = [y for y in lijn.get_ydata() if not (isinstance(y, float) and math.isnan(y))]
            if ys:
                return True
        if ax.patches or any(c.get_paths() for c in ax.collections if hasattr(c, "get_paths")) or ax.images:
            return True
    return False


def bronregel(herkomst=None, periode: str | None = None) -> tuple[str, bool]:
    """The source line and whether the data is demo, from one Herkomst or a list of them (duck-typed:
    anything with ``bronregel(periode)`` and ``demo``)."""
    if herkomst is None:
        return "", False
    herkomsten = herkomst if isinstance(herkomst, (list, tuple)) else [herkomst]
    regels = list(dict.fromkeys(h.bronregel(periode) for h in herkomsten))
    return samengevoegde_bronregel(regels), any(bool(getattr(h, "demo", False)) for h in herkomsten)


def samengevoegde_bronregel(regels: list[str]) -> str:
    """Several source lines as one line a slide can carry: 'Bron: a; Bron: b' becomes 'Bronnen: a; b', and the
    demo wording every synthetic source repeats (:data:`werkboek.tekst.DEMO_BRON`) is said once. Each table or
    dataset keeps its own id and period."""
    delen = list(dict.fromkeys(re.split(r"; (?=Bron: )", "; ".join(regels))))
    if len(delen) < 2 or not all(d.startswith("Bron: ") for d in delen):
        return "; ".join(delen)
    delen = [d.removeprefix("Bron: ") for d in delen]
    demo = f"{tekst.DEMO_BRON} "
    if all(d.startswith(demo) and tekst.DEMO_STAART in d for d in delen):
        kern = [d.removeprefix(demo).replace(tekst.DEMO_STAART, "", 1) for d in delen]
        return f"Bronnen: {demo}{'; '.join(dict.fromkeys(kern))}{tekst.DEMO_STAART}"
    return "Bronnen: " + "; ".join(delen)


def _bestandsnaam(naam: str) -> str:
    schoon = re.sub(r"[^a-z0-9_-]+", "_", naam.lower()).strip("_")
    if not schoon:
        raise ValueError("een figuur heeft een naam nodig")
    return schoon + ".png"


def bewaar_figuur(fig, map_: str | Path, naam: str, herkomst=None, periode: str | None = None,
                  bron: str | None = None, demo: bool | None = None) -> Figuurbestand:
    """Add the source line and (for demo data) the demo mark, save as ``<map_>/<naam>.png`` and return it.

    ``herkomst`` gives both the source line and the demo flag; ``bron``/``demo`` override them. A figure
    without a source line, or without anything drawn, is refused.
    """
    regel, is_demo = bronregel(herkomst, periode)
    regel = bron or regel
    is_demo = is_demo if demo is None else demo
    if not regel:
        raise ValueError("elke figuur heeft een bronregel nodig: geef herkomst= of bron= mee")
    titel = (fig.axes[0].get_title(loc="left") or fig.axes[0].get_title()).replace("\n", " ") if fig.axes else ""
    if not _heeft_inhoud(fig):
        raise GeenDataFout(f"Geen cijfers om te tonen voor '{titel or naam}'; de figuur is niet gemaakt.")
    with _stijl():
        regels = _passend(regel, BRONREGEL_PT, fig.get_figwidth() * 72 * 0.98)
        fig.text(0.01, 0.012, regels, fontsize=BRONREGEL_PT, color="#333333", ha="left", va="bottom")
        if extra := regels.count("\n"):  # a source line over several lines pushes the chart up, never over it
            fig.subplots_adjust(bottom=fig.subplotpars.bottom + extra * BRONREGEL_PT * 1.2 / 72 / fig.get_figheight())
        if is_demo:
            fig.text(0.5, 0.5, DEMO_MARK, fontsize=44, color=OKABE_ITO["vermiljoen"], alpha=0.16, rotation=22,
                     ha="center", va="center", fontweight="bold", zorder=1000)
            fig.text(0.99, 0.985, DEMO_MARK, fontsize=11, color="white", ha="right", va="top", fontweight="bold",
                     bbox={"boxstyle": "round,pad=0.3", "facecolor": OKABE_ITO["vermiljoen"], "edgecolor": "none"})
        map_ = Path(map_)
        map_.mkdir(parents=True, exist_ok=True)
        pad = paden.binnen(map_, _bestandsnaam(naam))
        _schrijf_png(fig, pad)
    return Figuurbestand(pad, titel, fig)


def _passend(regel: str, grootte: float, breedte_pt: float) -> str:
    """``regel`` broken at spaces into lines no wider than ``breedte_pt`` points at font size ``grootte``, measured
    with the house font. (matplotlib's ``wrap=True`` measures the text word by word at every draw: a fifth of the
    time to save a figure went there.)"""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    letter = FontProperties(size=grootte)  # the family of the house style (called inside _stijl)

    def breedte(tekst: str) -> float:
        return text_to_path.get_text_width_height_descent(tekst, letter, ismath=False)[0]

    geheel = breedte(regel)
    if geheel <= breedte_pt:
        return regel
    tekens = max(20, int(len(regel) * breedte_pt / geheel))
    while True:
        regels = textwrap.wrap(regel, tekens, break_long_words=False, break_on_hyphens=False) or [regel]
        if tekens <= 20 or all(breedte(r) <= breedte_pt for r in regels):
            return "\n".join(regels)
        tekens = max(20, int(tekens * 0.95))


def _schrijf_png(fig, pad: Path) -> None:
    """Render at :data:`DPI` and write a palette PNG (see :data:`PNG_KLEUREN`); no timestamps or software tag, so
    the same figure gives the same bytes."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="rgba", dpi=DPI)  # raw pixels: no PNG encoding that is thrown away
    breedte, hoogte = int(fig.get_figwidth() * DPI), int(fig.get_figheight() * DPI)
    if breedte * hoogte * 4 == buffer.getbuffer().nbytes:
        beeld = Image.frombuffer("RGBA", (breedte, hoogte), buffer.getvalue(), "raw", "RGBA", 0, 1)
    else:  # matplotlib rounded the size differently: let it write the PNG and read that back
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None}, pil_kwargs={"compress_level": 0})
        beeld = Image.open(buffer).convert("RGBA")
    if beeld.getextrema()[3][0] == 255:  # opaque, as every house-style chart: quantize the colours only
        beeld = beeld.convert("RGB")
    palet = beeld.quantize(PNG_KLEUREN, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    if beeld.mode == "RGB":
        _zuiver_wit_en_zwart(palet)
    palet.save(pad, format="PNG", compress_level=PNG_COMPRESSIE)


def _zuiver_wit_en_zwart(palet) -> None:
    """The octree puts a colour in the middle of its bucket: the white background would become 254,254,254, a
    faint grey box on a white slide. The palette entries nearest to white and to black become exact again."""
    kleuren = palet.getpalette()
    for doel in ((255, 255, 255), (0, 0, 0)):
        afstanden = [max(abs(a - b) for a, b in zip(kleuren[i:i + 3], doel)) for i in range(0, len(kleuren), 3)]
        dichtst = min(range(len(afstanden)), key=afstanden.__getitem__)
        if afstanden[dichtst] <= 2:
            kleuren[3 * dichtst:3 * dichtst + 3] = doel
    palet.putpalette(kleuren)


def nieuwe_figuur(titel: str, ylabel: str = "", xlabel: str = "", maat=FIGUURMAAT):
    """A Figure with one Axes in house style; ``titel`` should state the finding."""
    from matplotlib.figure import Figure

    regels = textwrap.wrap(titel, TITEL_BREEDTE) or [""]
    with _stijl():
        fig = Figure(figsize=maat, dpi=DPI)
        ax = fig.add_subplot()
        ax.set_title("\n".join(regels), loc="left", fontweight="bold")
        ax.set_ylabel(ylabel)
        ax.set_xlabel(xlabel)
    # a long finding wraps onto a second line instead of running off the slide
    fig.subplots_adjust(left=0.09, right=0.97, top=_boven(fig, len(regels)), bottom=0.16 * FIGUURMAAT[1] / maat[1])
    return fig, ax


def _boven(fig, titelregels: int) -> float:
    """Top of the axes (figure fraction) leaving the same room in inches for the title on any figure height."""
    return 1 - (0.12 + 0.045 * (titelregels - 1)) * FIGUURMAAT[1] / fig.get_figheight()


def _titel_vanaf(fig, ax, titel: str, links: float) -> None:
    """Re-wrap a left-aligned title for axes that start at ``links`` (figure fraction), so a long finding stays
    on the figure when the axes move right to make room for category names."""
    regels = textwrap.wrap(titel, max(30, int(TITEL_BREEDTE * (0.97 - links) / (0.97 - 0.09)))) or [""]
    ax.set_title("\n".join(regels), loc="left", fontweight="bold")
    fig.subplots_adjust(top=_boven(fig, len(regels)))


def _controleer(waarden, wat: str) -> None:
    import pandas as pd

    if waarden is None or len(waarden) == 0 or pd.Series(list(waarden), dtype=float).isna().all():
        raise GeenDataFout(f"Geen cijfers voor {wat}; de figuur is niet gemaakt.")


def _jaar_as(ax) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(lambda x, _p: str(int(x)))  # years without a thousands separator


# ---------------------------------------------------------------------------------------------------------------
# Chart types


def lijngrafiek(reeksen: dict, titel: str, onderwerp: str, eenheid: str, map_, naam: str, herkomst=None,
                periode: str | None = None, markeer: str | None = None, procent: bool = False) -> Figuurbestand:
    """Lines over the years, one per label in ``reeksen`` (each a ``reeks()`` frame: jaar, waarde, voorlopig).
    Provisional points get an open marker. ``markeer`` draws that label thicker, in the region colour."""
    _controleer([w for s in reeksen.values() for w in s["waarde"]], onderwerp.lower())
    with _stijl():
        fig, ax = nieuwe_figuur(titel, aslabel(onderwerp, eenheid))
        for i, (label, serie) in enumerate(reeksen.items()):
            s = serie.dropna(subset=["waarde"]).sort_values("jaar")
            kleur = REGIO_KLEUR if label == markeer else (NL_KLEUR if label == "Nederland" else PALET[(i + 1) % len(PALET)])
            ax.plot(s["jaar"], s["waarde"], color=kleur, linewidth=3 if label == markeer else 1.8, label=label,
                    marker="o", markersize=4)
            voorlopig = s[s["voorlopig"].astype(bool)] if "voorlopig" in s else s.iloc[0:0]
            ax.plot(voorlopig["jaar"], voorlopig["waarde"], linestyle="none", marker="o", markersize=9,
                    markerfacecolor="white", markeredgecolor=kleur)
        ax.yaxis.set_major_formatter(nl_formatter(procent=procent))
        _jaar_as(ax)
        ax.legend(title=VOORLOPIG_NOOT, loc="best", frameon=False)
    return bewaar_figuur(fig, map_, naam, herkomst, periode)


def trendgrafiek(projectie, titel: str, onderwerp: str, eenheid: str, map_, naam: str, herkomst=None,
                 periode: str | None = None, label: str = "") -> Figuurbestand:
    """Observed series, the projection and its band (a :class:`werkboek.analyse.Projectie`)."""
    t = projectie.tabel
    _controleer(t["waarde"], onderwerp.lower())
    with _stijl():
        fig, ax = nieuwe_figuur(titel, aslabel(onderwerp, eenheid))
        gezien = t.dropna(subset=["waarde"])
        ax.plot(gezien["jaar"], gezien["waarde"], color=REGIO_KLEUR, linewidth=2.5, marker="o", markersize=4,
                label=label or "gemeten")
        toekomst = t[(t["jaar"] >= projectie.basisjaar) & t["onder"].notna()]
        ax.plot(toekomst["jaar"], toekomst["verwacht"], color=REGIO_KLEUR, linewidth=2, linestyle="--",
                label=f"projectie (afgezwakte trend, {tekst.procent(projectie.groei_procent, teken=True)} per jaar)")
        ax.fill_between(toekomst["jaar"], toekomst["onder"], toekomst["boven"], color=OKABE_ITO["hemelsblauw"],
                        alpha=0.3, label=f"{tekst.getal(getattr(projectie, 'dekking', 0.8) * 100, 0)}%-voorspelinterval")
        ax.yaxis.set_major_formatter(nl_formatter())
        _jaar_as(ax)
        ax.legend(loc="upper left", frameon=False)
    return bewaar_figuur(fig, map_, naam, herkomst, periode)


def staafgrafiek(waarden, titel: str, onderwerp: str, eenheid: str, map_, naam: str, herkomst=None,
                 periode: str | None = None, markeer: str | None = None, referentie: float | None = None,
                 referentie_label: str = "Nederland", procent: bool = False, geheel: bool = False) -> Figuurbestand:
    """Horizontal bars for a Series (label -> value), largest on top; unknown values are named, not drawn as 0.
    ``referentie`` draws a vertical line (e.g. the Dutch value); ``geheel`` labels counts without decimals."""
    import pandas as pd

    waarden = pd.Series(waarden, dtype=float)
    _controleer(waarden, onderwerp.lower())
    bekend = waarden.dropna().sort_values(kind="stable")  # ties keep the caller's order
    onbekend = [str(k) for k in waarden.index if pd.isna(waarden[k])]
    # many bars (a ranking of all regions) make the figure taller, so each name stays readable
    maat = (FIGUURMAAT[0], max(FIGUURMAAT[1], STAAFHOOGTE * len(waarden) + 0.28 * FIGUURMAAT[1]))
    with _stijl():
        fig, ax = nieuwe_figuur(titel, "", aslabel(onderwerp, eenheid), maat=maat)
        # room for the category names left of the bars
        links = min(0.45, 0.04 + 0.0105 * max(len(str(k)) for k in waarden.index))
        fig.subplots_adjust(left=links)
        _titel_vanaf(fig, ax, titel, links)
        kleuren = [REGIO_KLEUR if k == markeer else OKABE_ITO["hemelsblauw"] for k in bekend.index]
        staven = ax.barh([str(k) for k in bekend.index], bekend.to_numpy(), color=kleuren)
        ax.bar_label(staven, labels=[tekst.getal(v, 0) if geheel else waardelabel(v, procent) for v in bekend.to_numpy()],
                     padding=3, fontsize=11)
        ax.xaxis.set_major_formatter(nl_formatter(procent=procent))
        if geheel:
            from matplotlib.ticker import MaxNLocator

            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.locator_params(axis="x", nbins=6)  # large numbers (1.200.000) need room between ticks
        ax.margins(x=0.12)  # room for the value label right of the longest bar
        ax.grid(axis="y", visible=False)
        if referentie is not None and not tekst.is_leeg(referentie):
            ax.axvline(referentie, color=NL_KLEUR, linestyle="--", linewidth=1.5,
                       label=f"{referentie_label}: {waardelabel(referentie, procent)}")
            ax.legend(loc="lower right", frameon=False)
        if onbekend:
            ax.text(1.0, -0.2, f"Onbekend (niet getekend): {tekst.lijst(onbekend)}", transform=ax.transAxes,
                    ha="right", fontsize=10)
    return bewaar_figuur(fig, map_, naam, herkomst, periode)


def groepsstaafgrafiek(tabel, titel: str, onderwerp: str, eenheid: str, map_, naam: str, herkomst=None,
                       periode: str | None = None, procent: bool = False) -> Figuurbestand:
    """Grouped vertical bars: rows of ``tabel`` are the groups on the x-axis (e.g. education levels), columns the
    series (e.g. the region and Nederland, the region first in its colour)."""
    import numpy as np

    _controleer(tabel.to_numpy().ravel(), onderwerp.lower())
    with _stijl():
        fig, ax = nieuwe_figuur(titel, aslabel(onderwerp, eenheid))
        breedte = 0.8 / max(len(tabel.columns), 1)
        x = np.arange(len(tabel.index))
        for i, kolom in enumerate(tabel.columns):
            kleur = REGIO_KLEUR if i == 0 else (NL_KLEUR if kolom == "Nederland" else PALET[(i + 1) % len(PALET)])
            waarden = tabel[kolom].astype(float).to_numpy()
            staven = ax.bar(x + i * breedte - 0.4 + breedte / 2, np.nan_to_num(waarden, nan=0.0), breedte,
                            label=str(kolom), color=kleur)
            ax.bar_label(staven, labels=[waardelabel(v, procent) for v in waarden], fontsize=10, padding=2)
        ax.set_xticks(x, [str(i) for i in tabel.index])
        ax.yaxis.set_major_formatter(nl_formatter(procent=procent))
        ax.grid(axis="x", visible=False)
        ax.legend(frameon=False)
    return bewaar_figuur(fig, map_, naam, herkomst, periode)


def monitoringgrafiek(serie, basis, titel: str, eenheid: str, map_, naam: str, herkomst=None,
                      doel: float | None = None, doeljaar: int | None = None,
                      periode: str | None = None, zonder_beleid=None) -> Figuurbestand:
    """Monitoring of one indicator: the series, its baseline (a :class:`werkboek.monitoring.Basiswaarde`),
    the trend without policy with its 80% interval (``zonder_beleid``: a projection table), the target line from
    baseline to target, and the years after the baseline marked as progress."""
    if serie is None or not basis.beschikbaar:
        raise GeenDataFout(f"{basis.tekst} Er is geen monitoringsfiguur gemaakt.")
    _controleer(serie["waarde"], basis.naam.lower())
    procent = eenheid == "%"
    with _stijl():
        fig, ax = nieuwe_figuur(titel, {"aantal": "Aantal", "%": "Aandeel (%)"}.get(eenheid, aslabel("Aantal", eenheid)))
        s = serie.dropna(subset=["waarde"]).sort_values("jaar")
        tot = s[s["jaar"] <= basis.jaar]
        na = s[s["jaar"] >= basis.jaar]
        ax.plot(tot["jaar"], tot["waarde"], color=NL_KLEUR, linewidth=2, marker="o", markersize=4, label="voor de start")
        ax.plot(basis.jaar, basis.waarde, marker="D", markersize=10, color=REGIO_KLEUR, linestyle="none",
                label=f"basiswaarde {basis.jaar}: {waardelabel(basis.waarde, procent)}")
        if len(na) > 1:
            ax.plot(na["jaar"], na["waarde"], color=REGIO_KLEUR, linewidth=3, marker="o", label="voortgang")
        if zonder_beleid is not None:
            z = zonder_beleid[zonder_beleid["onder"].notna()]
            ax.plot(z["jaar"], z["verwacht"], color=NL_KLEUR, linestyle=":", linewidth=2, label="trend zonder beleid")
            ax.fill_between(z["jaar"], z["onder"], z["boven"], color=NL_KLEUR, alpha=0.15,
                            label="80%-interval zonder beleid")
        if doel is not None and doeljaar is not None:
            ax.plot([basis.jaar, doeljaar], [basis.waarde, doel], color=OKABE_ITO["blauwgroen"], linestyle="--",
                    linewidth=2, label=f"streefwaarde {doeljaar}: {waardelabel(doel, procent)}")
            ax.plot(doeljaar, doel, marker="*", markersize=16, color=OKABE_ITO["blauwgroen"], linestyle="none")
        ax.yaxis.set_major_formatter(nl_formatter(procent=procent))
        _jaar_as(ax)
        ax.legend(loc="best", frameon=False)
    return bewaar_figuur(fig, map_, naam, herkomst, periode)


# ---------------------------------------------------------------------------------------------------------------
# Maps


def tegels() -> dict[str, tuple[int, int]]:
    """The committed tile layout ``data/tegelkaart.csv``: code -> (rij, kolom), roughly following geography."""
    with open(paden.data_dir() / "tegelkaart.csv", encoding="utf-8", newline="") as f:
        return {r["code"]: (int(r["rij"]), int(r["kolom"])) for r in csv.DictReader(f)}


def _kleurschaal(waarden: dict):
    import matplotlib
    from matplotlib.colors import Normalize

    bekend = [v for v in waarden.values() if not tekst.is_leeg(v)]
    if not bekend:
        raise GeenDataFout("Geen cijfers voor de kaart; de kaart is niet gemaakt.")
    lo, hi = min(bekend), max(bekend)
    norm = Normalize(lo, hi if hi > lo else lo + 1)
    return norm, matplotlib.colormaps[SEQUENTIEEL]


def _kaartvlak(fig, ax, breedte: float, hoogte: float) -> float:
    """Place the map axes on the left at its true proportions (``breedte`` x ``hoogte`` in data units, already
    corrected for latitude) and return the figure x where the map ends, for the legend beside it."""
    onder, boven = 0.16, 0.86
    hoogte_inch = (boven - onder) * fig.get_figheight()
    breedte_fractie = min(hoogte_inch * breedte / hoogte / fig.get_figwidth(), 0.6)
    ax.set_position([0.04, onder, breedte_fractie, boven - onder])
    ax.set_aspect("auto")
    return 0.04 + breedte_fractie


def _legenda(fig, rechts: float, norm, cmap, legenda: str, procent: bool, markeer_tekst: str,
             onbekend: bool) -> None:
    """Colour bar right of the map, with a Dutch label, and a short key to outline and hatching."""
    from matplotlib.cm import ScalarMappable

    if norm is not None:
        cax = fig.add_axes([rechts + 0.03, 0.28, 0.018, 0.46])
        balk = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), cax=cax)
        balk.set_label(legenda)
        balk.ax.yaxis.set_major_formatter(nl_formatter(procent=procent))
    uitleg = [markeer_tekst] if markeer_tekst else []
    if onbekend:
        uitleg.append("Gearceerd: cijfer onbekend")
    if uitleg:
        fig.text(rechts + (0.17 if norm is not None else 0.03), 0.5, "\n".join(uitleg), fontsize=11, va="center")


def _markeer_tekst(code: str | None) -> str:
    if not code:
        return ""
    from werkboek.regios import zoek_regio

    try:
        return f"Omlijnd: {zoek_regio(code).naam} ({code})"
    except WerkboekFout:
        return f"Omlijnd: {code}"


def tegelkaart(titel: str, map_, naam: str, herkomst=None, markeer: str | None = None, waarden: dict | None = None,
               legenda: str = "", namen: dict | None = None, periode: str | None = None,
               procent: bool = False) -> Figuurbestand:
    """The 35 regions as tiles in a grid that roughly follows the map; ``markeer`` gets a thick outline.

    With ``waarden`` (code -> number) tiles are coloured on a colour-blind-safe sequential scale with a Dutch
    legend; unknown values are hatched grey and called 'onbekend'. Without ``waarden`` only the chosen region
    is coloured (a locator map).
    """
    from matplotlib.patches import Rectangle

    indeling = tegels()
    norm = cmap = None
    if waarden is not None:
        norm, cmap = _kleurschaal({k: v for k, v in waarden.items() if k in indeling})
    with _stijl():
        fig, ax = nieuwe_figuur(titel)
        ax.grid(False)
        ax.set_axis_off()
        for code, (rij, kolom) in indeling.items():
            waarde = waarden.get(code) if waarden is not None else None
            onbekend = waarden is not None and tekst.is_leeg(waarde)
            if waarden is None:
                kleur = REGIO_KLEUR if code == markeer else "#E8E8E8"
            else:
                kleur = "#F2F2F2" if onbekend else cmap(norm(waarde))
            ax.add_patch(Rectangle((kolom, -rij), 0.94, 0.94, facecolor=kleur, hatch="//" if onbekend else None,
                                   edgecolor="black" if code == markeer else "white",
                                   linewidth=3 if code == markeer else 1))
            donker = waarden is None and code == markeer or (waarden is not None and not onbekend and norm(waarde) < 0.55)
            label_ = code if not namen else f"{code}\n{namen.get(code, '')[:12]}"
            if waarden is not None:
                label_ += "\n" + waardelabel(waarde, procent)
            ax.text(kolom + 0.47, -rij + 0.47, label_, ha="center", va="center", fontsize=8,
                    color="white" if donker else "black")
        kolommen, rijen = max(k for _, k in indeling.values()) + 1, max(r for r, _ in indeling.values()) + 1
        ax.set_xlim(-0.1, kolommen + 0.1)
        ax.set_ylim(-rijen + 0.9, 1.05)
        rechts = _kaartvlak(fig, ax, kolommen + 0.2, rijen + 0.15)
        _legenda(fig, rechts, norm, cmap, legenda,
                 procent, _markeer_tekst(markeer), waarden is not None and any(tekst.is_leeg(waarden.get(c)) for c in indeling))
    return bewaar_figuur(fig, map_, naam, herkomst, periode)


def _ringen(geometrie: dict) -> list[list[list[float]]]:
    if geometrie["type"] == "Polygon":
        return [geometrie["coordinates"][0]]
    if geometrie["type"] == "MultiPolygon":
        return [poly[0] for poly in geometrie["coordinates"]]
    return []


def grenzenkaart(geojson: str | Path, titel: str, map_, naam: str, herkomst=None, markeer: str | None = None,
                 waarden: dict | None = None, legenda: str = "", code_veld: str | tuple = "statcode",
                 periode: str | None = None, procent: bool = False) -> Figuurbestand:
    """The same map with real boundaries from a GeoJSON file the user supplies (WGS84; e.g. the CBS/PDOK
    arbeidsmarktregio layer). Plain matplotlib polygons; holes are not drawn. ``code_veld`` names the property
    holding the region code, or several to try in turn."""
    from matplotlib.patches import Polygon

    velden = (code_veld,) if isinstance(code_veld, str) else tuple(code_veld)

    pad = Path(geojson)
    try:
        kaart = json.loads(pad.read_text(encoding="utf-8"))
    except (OSError, ValueError) as fout:
        raise GeenDataFout(f"Het kaartbestand {pad} kan niet worden gelezen ({fout}); gebruik de tegelkaart.") from fout
    norm = cmap = None
    if waarden is not None:
        norm, cmap = _kleurschaal(waarden)
    with _stijl():
        fig, ax = nieuwe_figuur(titel)
        ax.grid(False)
        ax.set_axis_off()
        getekend = 0
        for feature in kaart.get("features", []):
            eigenschappen = feature.get("properties") or {}
            code = next((str(eigenschappen[v]).strip() for v in velden if eigenschappen.get(v)), "")
            waarde = waarden.get(code) if waarden is not None else None
            if waarden is None:
                kleur = REGIO_KLEUR if code == markeer else "#E8E8E8"
            else:
                kleur = "#F2F2F2" if tekst.is_leeg(waarde) else cmap(norm(waarde))
            for ring in _ringen(feature.get("geometry") or {}):
                ax.add_patch(Polygon(ring, closed=True, facecolor=kleur,
                                     edgecolor="black" if code == markeer else "white",
                                     linewidth=2.5 if code == markeer else 0.6, zorder=3 if code == markeer else 2,
                                     hatch="//" if waarden is not None and tekst.is_leeg(waarde) else None))
                getekend += 1
        if not getekend:
            raise GeenDataFout(f"Het kaartbestand {pad} bevat geen vlakken; de kaart is niet gemaakt.")
        ax.autoscale_view()
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        # degrees of longitude are shorter than degrees of latitude at Dutch latitudes
        rechts = _kaartvlak(fig, ax, (x1 - x0) * math.cos(math.radians((y0 + y1) / 2)), y1 - y0)
        _legenda(fig, rechts, norm, cmap, legenda,
                 procent, _markeer_tekst(markeer), waarden is not None and any(tekst.is_leeg(v) for v in waarden.values()))
    return bewaar_figuur(fig, map_, naam, herkomst, periode)
