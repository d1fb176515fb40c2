"""The data menu (``data/bronnenmenu.yaml``) and the check "geven de cijfers antwoord op de vraag?".

Phase 2 of the guide asks four questions of every source (current or trend, geographic level, usable for
monitoring and how often, public or bought) and then, per analysis question, whether the figures answer it and
which information need remains. :func:`antwoordmatrix` computes that from the themes that actually hold data
for the region, instead of from what a table promises.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from werkboek import tekst
from werkboek.catalogus import CatalogusFout, lees_catalogus

MENU_BESTAND = "bronnenmenu.yaml"
OPHAALBAAR = ("ja", "via import", "nee")
BEANTWOORD, DEELS, NIET = "beantwoord", "deels", "niet"
_VOLGORDE = {NIET: 0, DEELS: 1, BEANTWOORD: 2}


@dataclass(frozen=True)
class MenuBron:
    """One source on the data menu, with the guide's four questions answered."""

    id: str
    organisatie: str
    naam: str
    biedt: str
    actueel_of_trend: str
    geografisch_niveau: str
    monitoring: dict
    toegang: str
    eenheid: str
    plaats: str
    ophaalbaar: str
    register_thema: str | None = None
    url: str = ""

    @property
    def openbaar(self) -> bool:
        return self.toegang.startswith("openbaar")

    def als_rij(self) -> dict:
        """Dutch headers for the menu table."""
        m = self.monitoring
        monitoring = (f"ja, {m.get('frequentie', '')}" if m.get("bruikbaar") else f"nee ({m.get('opmerking', '')})")
        return {
            "Organisatie": self.organisatie, "Bron": self.naam, "Wat biedt het": self.biedt,
            "Actueel of trend": self.actueel_of_trend, "Geografisch niveau": self.geografisch_niveau,
            "Bruikbaar voor monitoring": monitoring.rstrip(" ()"), "Openbaar of ingekocht": self.toegang,
            "Eenheid": self.eenheid, "Plaats": self.plaats, "Haalt het werkboek het op": self.ophaalbaar,
            "id": self.id,
        }


_VELDEN = ("organisatie", "naam", "biedt", "actueel_of_trend", "geografisch_niveau", "monitoring", "toegang",
           "eenheid", "plaats", "ophaalbaar")


def laad_menu(bestand: str = MENU_BESTAND) -> tuple[MenuBron, ...]:
    """The data menu from ``data/bronnenmenu.yaml``, checked (read once per file and modification time)."""
    from pathlib import Path

    from werkboek import paden

    pad = Path(bestand) if Path(bestand).is_absolute() else paden.data_dir() / bestand
    return _laad_menu(str(pad), pad.stat().st_mtime_ns if pad.exists() else 0)


@functools.lru_cache(maxsize=4)
def _laad_menu(bestand: str, _gewijzigd: int) -> tuple[MenuBron, ...]:
    _, items = lees_catalogus(bestand, "bronnen", _VELDEN)
    menu = []
    for item in items:
        monitoring = item["monitoring"]
        if not isinstance(monitoring, dict) or set(monitoring) - {"bruikbaar", "frequentie", "opmerking"}:
            raise CatalogusFout(
                f"Bron '{item['id']}' in {bestand}: 'monitoring' mag alleen bruikbaar, frequentie en opmerking "
                "hebben. Zet een tekst met een komma tussen aanhalingstekens."
            )
        if item["ophaalbaar"] not in OPHAALBAAR:
            raise CatalogusFout(
                f"Bron '{item['id']}' in {bestand}: 'ophaalbaar' moet een van {', '.join(OPHAALBAAR)} zijn, "
                f"niet '{item['ophaalbaar']}'."
            )
        bekend = {k: item[k] for k in ("id",) + _VELDEN + ("register_thema", "url") if k in item}
        menu.append(MenuBron(**bekend))
    return tuple(menu)


def menu_tabel(menu=None):
    """The data menu as a DataFrame with Dutch headers."""
    import pandas as pd

    return pd.DataFrame([b.als_rij() for b in (menu or laad_menu())])


def kandidaatbronnen(vraag, menu=None) -> list[MenuBron]:
    """Sources on the menu that can (partly) answer ``vraag``: those it names, and the CBS sources of the
    register themes it needs. Order: fetchable by the workbook first, then via import, then elsewhere."""
    menu = menu or laad_menu()
    gekozen = [b for b in menu if b.id in vraag.bronnen or (b.register_thema and b.register_thema in vraag.themas)]
    return sorted(gekozen, key=lambda b: (OPHAALBAAR.index(b.ophaalbaar), b.id))


def beschikbare_themas(data: Mapping[str, object], regio: str) -> dict[str, bool]:
    """Per theme: does it hold at least one known value for ``regio``? National-only themes (no row for the
    region, but rows for NL) count as available, since the workbook uses them as a national distribution."""
    import pandas as pd

    uitkomst = {}
    for thema, df in data.items():
        if df is None or not isinstance(df, pd.DataFrame) or df.empty:
            uitkomst[thema] = False
            continue
        waarden = [k for k in df.columns if pd.api.types.is_float_dtype(df[k]) and not k.endswith("_onderdrukt")]
        regios = set(df["regio"]) if "regio" in df.columns else set()
        doel = regio if regio in regios else ("NL" if regios == {"NL"} else None)
        if doel is None:
            uitkomst[thema] = False
            continue
        rijen = df[df["regio"] == doel]
        uitkomst[thema] = bool(rijen[waarden].notna().any().any()) if waarden else False
    return uitkomst


@dataclass
class Antwoord:
    """Whether the figures answer one question, and what information need remains."""

    vraag_id: str
    vraag: str
    oordeel: str
    met_data: list[str]
    zonder_data: list[str]
    elders: list[str] = field(default_factory=list)
    informatiebehoefte: str = ""


def beoordeel_vraag(vraag, beschikbaar: Mapping[str, bool], menu=None) -> Antwoord:
    """'beantwoord' when every theme the question needs has data and open data cover the whole answer;
    'deels' when some data exist or open data cover only part; 'niet' when no needed theme has data."""
    menu = menu or laad_menu()
    met = [t for t in vraag.themas if beschikbaar.get(t)]
    zonder = [t for t in vraag.themas if not beschikbaar.get(t)]
    if not vraag.themas or not met:
        oordeel = NIET
    elif zonder:
        oordeel = DEELS
    else:
        oordeel = BEANTWOORD
    oordeel = min(oordeel, {"volledig": BEANTWOORD, "deels": DEELS, "geen": NIET}[vraag.dekking], key=_VOLGORDE.get)
    elders = [b for b in kandidaatbronnen(vraag, menu) if b.ophaalbaar != "ja"]
    delen = []
    if zonder:
        delen.append(f"geen cijfers voor deze regio in {tekst.lijst(zonder)}")
    if vraag.dekking != "volledig":
        delen.append("open data geven maar een deel van het antwoord")
    if elders and oordeel != BEANTWOORD:
        waar = {"via import": "via import", "nee": "bij de partner"}
        delen.append("raadpleeg " + tekst.lijst(f"{b.organisatie} ({waar[b.ophaalbaar]})" for b in elders))
    zin = tekst.lijst(delen)
    behoefte = ("Geen resterende informatiebehoefte uit de data." if oordeel == BEANTWOORD or not zin
                else zin[0].upper() + zin[1:] + ".")
    return Antwoord(vraag.id, vraag.tekst, oordeel, met, zonder, [b.id for b in elders], behoefte)


def antwoordmatrix(vragen, beschikbaar: Mapping[str, bool], menu=None):
    """The matrix "geven de cijfers antwoord op de vraag?" for a list of questions, as a DataFrame."""
    import pandas as pd

    menu = menu or laad_menu()
    rijen = []
    for vraag in vragen:
        a = beoordeel_vraag(vraag, beschikbaar, menu)
        rijen.append({"Vraag": a.vraag, "Antwoord uit de cijfers": a.oordeel,
                      "Thema's met cijfers": tekst.lijst(a.met_data) or "geen",
                      "Thema's zonder cijfers": tekst.lijst(a.zonder_data) or "geen",
                      "Resterende informatiebehoefte": a.informatiebehoefte, "id": a.vraag_id})
    return pd.DataFrame(rijen)
