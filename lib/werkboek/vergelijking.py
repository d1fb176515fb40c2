"""The A35 comparison (notebook ``05_a35_vergelijking``): all regions side by side, from their summaries.

The comparison reads only what the phase notebooks wrote (``<region>/<stem>/samenvatting.json``, contract
C4), so it runs after the regions and needs no data source of its own. Regions without summaries appear
as empty rows with a Dutch note rather than an error: an early or partial run still gives a report.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from werkboek import paden
from werkboek.fouten import ParameterFout
from werkboek.regios import alle_regios
from werkboek.site import nl_getal, voeg_samen

STEM = "05_a35_vergelijking"
VOORKEUR_NOTEBOOK = "03_duiding"  # its key figures go first when two notebooks report the same one
DEMO_MERK = "DEMODATA (synthetisch) — geen echte cijfers"
KLEUREN = "cividis"  # sequential and readable for colour-blind viewers
BALKKLEUR = "#0072B2"  # Okabe-Ito blue
FIGUUR_MAAT = (12, 6.75)  # 16:9, fits a slide

# Tile map: one square per region, roughly where it lies (row 0 is the north). Derived once from the
# centroids of the 2025 CBS region boundaries and adjusted by hand so that neighbours stay neighbours.
# data/tegelkaart.csv (columns regio, rij, kolom) overrides it when present.
TEGELKAART = {
    "AM02": (0, 5), "AM01": (0, 6), "AM15": (1, 3), "AM03": (1, 6), "AM37": (2, 2), "AM17": (2, 3),
    "AM11": (2, 4), "AM36": (2, 6), "AM19": (3, 1), "AM18": (3, 2), "AM12": (3, 3), "AM14": (3, 4),
    "AM06": (3, 5), "AM05": (3, 6), "AM21": (4, 0), "AM34": (4, 1), "AM20": (4, 2), "AM13": (4, 3),
    "AM38": (4, 4), "AM07": (4, 5), "AM09": (4, 6), "AM24": (5, 0), "AM22": (5, 1), "AM23": (5, 2),
    "AM35": (5, 3), "AM10": (5, 4), "AM08": (5, 5), "AM29": (5, 6), "AM25": (6, 2), "AM26": (6, 3),
    "AM27": (6, 4), "AM32": (6, 5), "AM28": (7, 4), "AM33": (7, 5), "AM30": (8, 5),
}


@dataclass
class RegioSamenvatting:
    """What one region's notebooks reported."""

    regio: str
    regio_naam: str
    notebooks: list[str]
    kerncijfers: list[dict]
    knelpunten: list[dict]
    bron: dict


def lees_regio_samenvattingen(regios_map: Path) -> list[RegioSamenvatting]:
    """Every registered region in code order, with the summaries its notebooks wrote (maybe none)."""
    regios_map = Path(regios_map)
    resultaat = []
    for regio in alle_regios():
        map_ = regios_map / regio.map_naam
        paden_ = sorted(map_.glob("*/samenvatting.json"), key=lambda p: (p.parent.name != VOORKEUR_NOTEBOOK, p.parent.name))
        samenvattingen, notebooks = [], []
        for pad in paden_:
            try:
                inhoud = json.loads(pad.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(inhoud, dict):
                samenvattingen.append(inhoud)
                notebooks.append(pad.parent.name)
        kerncijfers, knelpunten = voeg_samen(samenvattingen)
        bron = next((s["bron"] for s in samenvattingen if isinstance(s.get("bron"), dict)), {})
        resultaat.append(RegioSamenvatting(regio.code, regio.naam, sorted(notebooks), kerncijfers, knelpunten, bron))
    return resultaat


def kerncijfer_tabel(samenvattingen: list[RegioSamenvatting]):
    """Wide table: one row per region, one column per key figure (the key figure's label with its unit)."""
    import pandas as pd

    labels: dict[str, str] = {}
    rijen = []
    for s in samenvattingen:
        rij = {"regio": s.regio, "regio_naam": s.regio_naam}
        for cijfer in s.kerncijfers:
            naam = cijfer.get("naam")
            if not naam:
                continue
            eenheid = f" ({cijfer['eenheid']})" if cijfer.get("eenheid") else ""
            labels.setdefault(naam, f"{cijfer.get('label') or naam}{eenheid}")
            rij[naam] = pd.to_numeric(cijfer.get("waarde"), errors="coerce")
        rijen.append(rij)
    tabel = pd.DataFrame(rijen, columns=["regio", "regio_naam", *labels])
    return tabel, labels


def ranglijst(tabel, naam: str, aflopend: bool = True):
    """Regions ranked on one key figure; regions without a value are left out."""
    gekozen = tabel[["regio", "regio_naam", naam]].dropna(subset=[naam])
    gekozen = gekozen.sort_values([naam, "regio"], ascending=[not aflopend, True]).reset_index(drop=True)
    gekozen.insert(0, "rang", range(1, len(gekozen) + 1))
    return gekozen.rename(columns={naam: "waarde"})


def gedeelde_knelpunten(samenvattingen: list[RegioSamenvatting]):
    """Pain points and the regions that share them, most shared first, so regions can find each other."""
    import pandas as pd

    groepen: dict[str, dict] = {}
    for s in samenvattingen:
        for punt in s.knelpunten:
            sleutel = punt.get("code") or punt.get("titel")
            groep = groepen.setdefault(sleutel, {"code": sleutel, "titel": punt.get("titel") or sleutel,
                                                  "onderwijsniveau": punt.get("onderwijsniveau") or "", "regios": []})
            groep["regios"].append(f"{s.regio} {s.regio_naam}")
    rijen = [{**g, "aantal_regios": len(g["regios"]), "regios": "; ".join(g["regios"])} for g in groepen.values()]
    tabel = pd.DataFrame(rijen, columns=["code", "titel", "onderwijsniveau", "aantal_regios", "regios"])
    return tabel.sort_values(["aantal_regios", "code"], ascending=[False, True]).reset_index(drop=True)


def tegelkaart_posities() -> dict[str, tuple[int, int]]:
    """Grid position (row, column) per region code: data/tegelkaart.csv when present, else the built-in grid."""
    pad = paden.data_dir() / "tegelkaart.csv"
    if pad.is_file():
        with open(pad, encoding="utf-8", newline="") as bestand:
            rijen = list(csv.DictReader(bestand))
        try:
            posities = {(r.get("regio") or r.get("code")).strip(): (int(r["rij"]), int(r["kolom"])) for r in rijen}
        except (KeyError, TypeError, ValueError, AttributeError):
            posities = {}
        if {r.code for r in alle_regios()} <= set(posities):
            return posities
    return dict(TEGELKAART)


def lees_geojson(pad: str | Path) -> dict[str, list[list[tuple[float, float]]]]:
    """Outer rings per region code from a GeoJSON with a code property (statcode, regio or code)."""
    inhoud = json.loads(Path(pad).read_text(encoding="utf-8"))
    ringen: dict[str, list] = {}
    for kenmerk in inhoud.get("features", []):
        eigenschappen = kenmerk.get("properties") or {}
        code = str(eigenschappen.get("statcode") or eigenschappen.get("regio") or eigenschappen.get("code") or "").strip()
        geometrie = kenmerk.get("geometry") or {}
        veelhoeken = {"Polygon": [geometrie.get("coordinates")], "MultiPolygon": geometrie.get("coordinates")}.get(
            geometrie.get("type"), [])
        for veelhoek in veelhoeken or []:
            if code and veelhoek:
                ringen.setdefault(code, []).append([tuple(p[:2]) for p in veelhoek[0]])
    return ringen


def _figuur(titel: str, bronregel: str, demo: bool):
    from matplotlib.figure import Figure

    figuur = Figure(figsize=FIGUUR_MAAT, dpi=100)
    figuur.suptitle(titel, fontsize=17, fontweight="bold", x=0.02, y=0.985, ha="left", va="top")
    figuur.text(0.02, 0.012, bronregel, fontsize=9.5, color="#444444", ha="left", va="bottom", wrap=True)
    if demo:
        figuur.text(0.02, 0.915, DEMO_MERK, fontsize=12, color="#a11d21", fontweight="bold", ha="left", va="top",
                    bbox={"facecolor": "#fff3cd", "edgecolor": "#a11d21", "boxstyle": "round,pad=0.3"})
    return figuur


def _kleurschaal(waarden):
    import matplotlib
    from matplotlib.colors import Normalize

    geldig = [w for w in waarden if w == w]
    laag, hoog = (min(geldig), max(geldig)) if geldig else (0.0, 1.0)
    return matplotlib.colormaps[KLEUREN], Normalize(vmin=laag, vmax=hoog if hoog > laag else laag + 1)


def _kleurbalk(figuur, as_, schaal, norm, label: str):
    from matplotlib.cm import ScalarMappable
    from matplotlib.ticker import FuncFormatter

    balk = figuur.colorbar(ScalarMappable(norm=norm, cmap=schaal), ax=as_, shrink=0.7,
                           format=FuncFormatter(lambda x, _: nl_getal(x)))
    balk.set_label(label, fontsize=12)


def teken_kaart(tabel, naam: str, label: str, bronregel: str, demo: bool, geojson: str | Path = ""):
    """Map of the regions coloured by one key figure: real boundaries from a GeoJSON, else the tile map."""
    waarden = dict(zip(tabel["regio"], tabel[naam].astype(float)))
    geldig = {k: v for k, v in waarden.items() if v == v}
    hoogste = max(geldig, key=geldig.get) if geldig else None
    naam_van = dict(zip(tabel["regio"], tabel["regio_naam"]))
    titel = (f"{label}: het hoogst in {naam_van[hoogste]}" if hoogste else f"{label}: nog geen cijfers")
    figuur = _figuur(titel, bronregel, demo)
    as_ = figuur.add_axes((0.02, 0.06, 0.78, 0.78))
    as_.set_axis_off()
    schaal, norm = _kleurschaal(list(waarden.values()))

    def kleur(code):
        waarde = waarden.get(code)
        return schaal(norm(waarde)) if waarde is not None and waarde == waarde else "#dddddd"

    if geojson:
        from matplotlib.patches import Polygon

        for code, ringen in lees_geojson(geojson).items():
            for ring in ringen:
                as_.add_patch(Polygon(ring, closed=True, facecolor=kleur(code), edgecolor="white", linewidth=0.8))
        as_.autoscale_view()
        as_.set_aspect(1 / 0.616)  # degrees of longitude are shorter than latitude at 52° N
    else:
        from matplotlib.patches import Rectangle

        for code, (rij, kolom) in tegelkaart_posities().items():
            as_.add_patch(Rectangle((kolom, -rij), 0.94, 0.94, facecolor=kleur(code), edgecolor="white"))
            donker = code in geldig and norm(geldig[code]) < 0.55
            as_.text(kolom + 0.47, -rij + 0.6, code, ha="center", va="center", fontsize=10, fontweight="bold",
                     color="white" if donker else "black")
            as_.text(kolom + 0.47, -rij + 0.3, nl_getal(waarden.get(code)), ha="center", va="center", fontsize=9,
                     color="white" if donker else "black")
        as_.set_xlim(-0.1, 7.1)
        as_.set_ylim(-8.1, 1.0)
        as_.set_aspect("equal")
    _kleurbalk(figuur, as_, schaal, norm, label)
    return figuur


def teken_ranglijst(rang, label: str, bronregel: str, demo: bool):
    """Horizontal bars, highest at the top, values in Dutch notation."""
    from matplotlib.ticker import FuncFormatter

    titel = (f"{label}: het hoogst in {rang['regio_naam'].iloc[0]}, het laagst in {rang['regio_naam'].iloc[-1]}"
             if len(rang) else f"{label}: nog geen cijfers")
    figuur = _figuur(titel, bronregel, demo)
    hoogte = max(FIGUUR_MAAT[1], 0.28 * len(rang) + 2.5)
    figuur.set_size_inches(FIGUUR_MAAT[0], hoogte)
    marge = 0.75 / hoogte  # inches kept free for the axis label and the source line
    as_ = figuur.add_axes((0.28, marge + 0.04, 0.68, 0.86 - 1.1 / hoogte - marge))
    as_.barh(rang["regio_naam"][::-1], rang["waarde"][::-1], color=BALKKLEUR)
    as_.xaxis.set_major_formatter(FuncFormatter(lambda x, _: nl_getal(x)))
    as_.set_xlabel(label, fontsize=12)
    as_.tick_params(labelsize=10)
    as_.spines[["top", "right"]].set_visible(False)
    return figuur


def bewaar_figuur(figuur, map_: Path, naam: str) -> str:
    """Save a figure as PNG under ``<map_>/figuren/`` and return its path relative to ``map_``."""
    doel = Path(map_) / "figuren" / f"{naam}.png"
    doel.parent.mkdir(parents=True, exist_ok=True)
    figuur.savefig(doel, dpi=100)
    return doel.relative_to(map_).as_posix()


def bewaar_tabellen(tabellen: dict, map_: Path, bronregel: str) -> list[str]:
    """Each table as CSV for Excel-NL (``;``, decimal comma, BOM) and all together in one Excel file.

    The source line goes under every table, in the CSV as its last line and in Excel below the rows.
    """
    map_ = Path(map_)
    (map_ / "tabellen").mkdir(parents=True, exist_ok=True)
    geschreven = []
    for naam, tabel in tabellen.items():
        pad = map_ / "tabellen" / f"{naam}.csv"
        tabel.to_csv(pad, sep=";", decimal=",", encoding="utf-8-sig", index=False, float_format="%.10g")
        with open(pad, "a", encoding="utf-8", newline="") as bestand:
            bestand.write(f"{bronregel}\n")
        geschreven.append(pad.relative_to(map_).as_posix())
    import pandas as pd

    with pd.ExcelWriter(map_ / f"{map_.name}.xlsx", engine="openpyxl") as schrijver:
        for naam, tabel in tabellen.items():
            blad = naam[:31]
            tabel.to_excel(schrijver, sheet_name=blad, index=False, startrow=1)
            werkblad = schrijver.sheets[blad]
            werkblad.cell(row=1, column=1, value=naam.replace("_", " ").capitalize())
            werkblad.cell(row=len(tabel) + 4, column=1, value=bronregel)
    return geschreven


def lees_manifest(regios_map: Path) -> dict:
    """The run's manifest beside the regions folder (outputs/manifest.json), or an empty dict."""
    try:
        return json.loads((Path(regios_map).parent / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def maak_bronregel(samenvattingen: list[RegioSamenvatting], manifest: dict, bron: str, demo: bool) -> str:
    """One Dutch line naming where the comparison's figures come from."""
    bron_info = manifest.get("bron") or next((s.bron for s in samenvattingen if s.bron), {}) or {}
    tabellen = sorted({t["tabel_id"] for t in bron_info.get("tabellen") or [] if isinstance(t, dict) and t.get("tabel_id")})
    datum = (manifest.get("gestart") or datetime.now(timezone.utc).isoformat())[:10]
    regel = (f"Bron: samenvattingen van de regiorapporten (werkboek), databron {bron_info.get('naam') or bron}"
             + (f", CBS-tabellen {', '.join(tabellen)}" if tabellen else "") + f", run van {datum}")
    return regel + (f" — {DEMO_MERK}" if demo else "")


@dataclass
class Vergelijking:
    """Everything the comparison notebook shows, already written to disk."""

    samenvattingen: list[RegioSamenvatting]
    tabel: object
    labels: dict[str, str]
    indicator: str | None
    ranglijsten: dict[str, object]
    knelpunten: object
    bronregel: str
    demo: bool
    uitvoermap: Path
    figuren: list[str] = field(default_factory=list)
    tabellen: list[str] = field(default_factory=list)
    meldingen: list[str] = field(default_factory=list)

    def melding(self):
        """A Dutch note about missing summaries (or that all regions are present)."""
        from IPython.display import Markdown

        tekst = "\n".join(f"- {m}" for m in self.meldingen) or "Alle 35 regio's hebben kerncijfers aangeleverd."
        return Markdown(("**Let op: dit rapport rust op demodata (synthetisch), geen echte cijfers.**\n\n"
                         if self.demo else "") + tekst)

    def toon_tabel(self):
        """The key figures side by side, in Dutch notation, with the source line as caption."""
        if len(self.labels) == 0:
            return self._geen("Er zijn nog geen kerncijfers om naast elkaar te zetten.")
        tabel = self.tabel.rename(columns={"regio": "code", "regio_naam": "regio", **self.labels})
        return (tabel.style.format(precision=1, decimal=",", thousands=".", na_rep="—")
                .hide(axis="index").set_caption(self.bronregel))

    def toon_kaart(self):
        return self._afbeelding("kaart")

    def toon_ranglijsten(self):
        from IPython.display import display

        if not self.ranglijsten:
            return self._geen("Zonder kerncijfers zijn er geen ranglijsten.")
        for naam in self.ranglijsten:
            display(self._afbeelding(f"ranglijst_{naam}"))
        return None

    def toon_knelpunten(self):
        if self.knelpunten.empty:
            return self._geen("Nog geen knelpunten aangeleverd: de duiding (fase 3) schrijft ze per regio.")
        tabel = self.knelpunten.rename(columns={"aantal_regios": "aantal regio's", "regios": "regio's",
                                                "onderwijsniveau": "onderwijsniveau", "titel": "knelpunt"})
        return tabel.style.hide(axis="index").set_caption(self.bronregel)

    def _afbeelding(self, naam: str):
        from IPython.display import Image

        pad = self.uitvoermap / "figuren" / f"{naam}.png"
        if not pad.is_file():
            return self._geen("Zonder kerncijfers is er geen kaart.")
        return Image(data=pad.read_bytes())

    @staticmethod
    def _geen(tekst: str):
        from IPython.display import Markdown

        return Markdown(f"*{tekst}*")


def uitvoermap_voor(uitvoermap: str | Path = "") -> Path:
    """The comparison's own folder: ``<uitvoermap>/05_a35_vergelijking`` (default under outputs/vergelijking)."""
    basis = Path(uitvoermap) if uitvoermap else paden.outputs_dir() / "vergelijking"
    return basis / STEM


def maak_vergelijking(regios_map: str | Path = "", uitvoermap: str | Path = "", bron: str = "demo",
                      geojson: str | Path = "", indicator: str = "", parameters: dict | None = None) -> Vergelijking:
    """Read every region's summaries, build the tables and figures, write them and the summary JSON."""
    from werkboek.parameters import BRONNEN

    if bron not in BRONNEN:
        raise ParameterFout(f"Onbekende databron {bron!r}. Kies uit: {', '.join(BRONNEN)}.")
    regios_map = Path(regios_map) if regios_map else paden.outputs_dir() / "regios"
    doel = uitvoermap_voor(uitvoermap)
    doel.mkdir(parents=True, exist_ok=True)
    samenvattingen = lees_regio_samenvattingen(regios_map)
    manifest = lees_manifest(regios_map)
    demo = bron == "demo" or any(s.bron.get("demo") for s in samenvattingen) or bool((manifest.get("bron") or {}).get("demo"))
    bronregel = maak_bronregel(samenvattingen, manifest, bron, demo)
    tabel, labels = kerncijfer_tabel(samenvattingen)
    knelpunten = gedeelde_knelpunten(samenvattingen)

    meldingen = []
    zonder = [s for s in samenvattingen if not s.notebooks]
    if len(zonder) == len(samenvattingen):
        meldingen.append(
            f"Nog geen samenvattingen gevonden in {regios_map}. De fase-notebooks schrijven per regio een "
            "samenvatting.json (kerncijfers en knelpunten); zolang die ontbreken blijft deze vergelijking leeg. "
            "Draai eerst 'werkboek run'."
        )
    elif zonder:
        meldingen.append(f"{len(zonder)} van de 35 regio's hebben nog geen samenvatting: "
                         + ", ".join(f"{s.regio} {s.regio_naam}" for s in zonder) + ".")
    if not labels and len(zonder) < len(samenvattingen):
        meldingen.append("De samenvattingen bevatten nog geen kerncijfers; de huidige notebooks leveren die nog niet.")
    if indicator and indicator not in labels:
        meldingen.append(f"Het gevraagde kerncijfer '{indicator}' komt in geen enkele samenvatting voor; "
                         f"beschikbaar: {', '.join(labels) or 'geen'}.")
    gekozen = indicator if indicator in labels else next(iter(labels), None)
    if geojson and not Path(geojson).is_file():
        meldingen.append(f"Het GeoJSON-bestand {geojson} bestaat niet; de kaart is een tegelkaart.")
        geojson = ""

    figuren = []
    ranglijsten = {naam: ranglijst(tabel, naam) for naam in labels}
    if gekozen:
        figuren.append(bewaar_figuur(teken_kaart(tabel, gekozen, labels[gekozen], bronregel, demo, geojson), doel, "kaart"))
    for naam, rang in ranglijsten.items():
        figuren.append(bewaar_figuur(teken_ranglijst(rang, labels[naam], bronregel, demo), doel, f"ranglijst_{naam}"))
    tabellen = bewaar_tabellen(
        {"kerncijfers": tabel, "knelpunten_gedeeld": knelpunten,
         **{f"ranglijst_{naam}": rang for naam, rang in ranglijsten.items()}},
        doel, bronregel,
    )
    vergelijking = Vergelijking(samenvattingen, tabel, labels, gekozen, ranglijsten, knelpunten, bronregel, demo,
                                doel, figuren, tabellen, meldingen)
    _schrijf_samenvatting(vergelijking, bron, manifest, parameters or {})
    return vergelijking


def _schrijf_samenvatting(v: Vergelijking, bron: str, manifest: dict, parameters: dict) -> None:
    bron_info = manifest.get("bron") or {}
    samenvatting = {
        "regio": "A35", "regio_naam": "Alle arbeidsmarktregio's", "notebook": STEM, "parameters": parameters,
        "bron": {"naam": bron_info.get("naam", bron), "demo": v.demo, "beschrijving": bron_info.get("beschrijving", "")},
        "kerncijfers": [
            {"naam": f"regios_met_{naam}", "label": f"Regio's met {label}", "waarde": int(v.tabel[naam].notna().sum()),
             "eenheid": "aantal", "periode": ""}
            for naam, label in v.labels.items()
        ],
        "knelpunten": [
            {"code": r["code"], "titel": r["titel"], "onderwijsniveau": r["onderwijsniveau"],
             "bewijs": f"gedeeld door {r['aantal_regios']} regio's"}
            for r in v.knelpunten.to_dict("records")
        ],
        "figuren": v.figuren, "tabellen": v.tabellen, "meldingen": v.meldingen,
    }
    (v.uitvoermap / "samenvatting.json").write_text(json.dumps(samenvatting, ensure_ascii=False, indent=1),
                                                     encoding="utf-8")
