"""The analysis-question catalogue (``data/vragen.yaml``), the selection per region and sector, and the
question card ("vraagkaart") that phase 1 hands to the next phases.

The guide asks two checks of every question: does answering it help establish the theme as a *shared* task,
and does it expose the *pain point*? Both answers, with why, live in the catalogue; the selection keeps a
question when at least one check holds and the question fits the chosen sector.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import pandas as pd

from werkboek import sectorrichting, tekst
from werkboek.bronnenmenu import laad_menu
from werkboek.catalogus import CatalogusFout, lees_catalogus

VRAGEN_BESTAND = "vragen.yaml"
VRAAGSTUK = "Werkgelegenheidsontwikkeling en regionaal opleidingsaanbod: een match?"
HOOFDVRAAG = ("Hoe verhoudt het bestaande regionale onderwijsaanbod zich tot de huidige en toekomstige "
              "regionale werkgelegenheid?")
DEKKING = ("volledig", "deels", "geen")


@dataclass(frozen=True)
class Vraag:
    """One analysis question with the sources that can answer it and the guide's two checks."""

    id: str
    thema: str
    tekst: str
    indicatoren: tuple[str, ...]
    themas: tuple[str, ...]
    bronnen: tuple[str, ...]
    dekking: str
    gezamenlijke_opgave: bool
    gezamenlijke_opgave_waarom: str
    pijnpunt: bool
    pijnpunt_waarom: str
    sectorspecifiek: bool = False
    sectoren: tuple[str, ...] = ()
    horizon: bool = False

    def ingevuld(self, parameters) -> "Vraag":
        """The question with {regio}, {sector} and {horizon} filled in from the parameters."""
        waarden = {"regio": parameters.regio.naam, "sector": parameters.sector.naam.lower(),
                   "horizon": parameters.horizon}
        return replace(self, tekst=self.tekst.format(**waarden))

    def als_dict(self) -> dict:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def van_dict(cls, d: dict) -> "Vraag":
        velden = cls.__dataclass_fields__
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in d.items() if k in velden})


def _check(item: dict, veld: str) -> tuple[bool, str]:
    waarde = item[veld]
    if not isinstance(waarde, dict) or not isinstance(waarde.get("ja"), bool) or not waarde.get("waarom"):
        raise CatalogusFout(
            f"Vraag '{item['id']}' in {VRAGEN_BESTAND}: '{veld}' moet de vorm {{ja: true/false, waarom: \"...\"}} hebben."
        )
    if set(waarde) - {"ja", "waarom"}:
        # an unquoted comma inside {...} silently cuts the text in two
        raise CatalogusFout(
            f"Vraag '{item['id']}' in {VRAGEN_BESTAND}: '{veld}' heeft onbekende velden "
            f"({', '.join(map(str, set(waarde) - {'ja', 'waarom'}))}). Zet de tekst van 'waarom' tussen "
            "aanhalingstekens als er een komma in staat."
        )
    return waarde["ja"], str(waarde["waarom"])


def laad_vragen(bestand: str = VRAGEN_BESTAND) -> tuple[Vraag, ...]:
    """All questions from the catalogue, checked (fields, known theme, dekking, both checks)."""
    document, items = lees_catalogus(bestand, "vragen", ("thema", "tekst", "themas", "bronnen", "dekking",
                                                         "gezamenlijke_opgave", "pijnpunt"))
    themas = document.get("themas", {})
    menu_ids = {bron.id for bron in laad_menu()}
    vragen = []
    for item in items:
        # A misspelt source id would otherwise silently drop that source from notebook 02.
        if onbekend := [b for b in item["bronnen"] or () if b not in menu_ids]:
            raise CatalogusFout(f"Vraag '{item['id']}': bron {', '.join(map(str, onbekend))} staat niet in "
                                "data/bronnenmenu.yaml. Gebruik een 'id' uit dat bestand, of voeg de bron daar toe.")
        if item["thema"] not in themas:
            raise CatalogusFout(f"Vraag '{item['id']}': thema '{item['thema']}' staat niet in de lijst 'themas' "
                                f"({', '.join(themas)}).")
        if item["dekking"] not in DEKKING:
            raise CatalogusFout(f"Vraag '{item['id']}': 'dekking' moet een van {', '.join(DEKKING)} zijn.")
        opgave, opgave_waarom = _check(item, "gezamenlijke_opgave")
        pijn, pijn_waarom = _check(item, "pijnpunt")
        relevant = item.get("relevant") or {}
        vragen.append(Vraag(
            id=item["id"], thema=item["thema"], tekst=item["tekst"],
            indicatoren=tuple(item.get("indicatoren") or ()), themas=tuple(item["themas"] or ()),
            bronnen=tuple(item["bronnen"] or ()), dekking=item["dekking"],
            gezamenlijke_opgave=opgave, gezamenlijke_opgave_waarom=opgave_waarom,
            pijnpunt=pijn, pijnpunt_waarom=pijn_waarom,
            sectorspecifiek=bool(relevant.get("sectorspecifiek", False)),
            sectoren=tuple(str(s) for s in relevant.get("sectoren") or ()),
            horizon=bool(relevant.get("horizon", False)),
        ))
    return tuple(vragen)


def thema_titels(bestand: str = VRAGEN_BESTAND) -> dict[str, str]:
    document, _ = lees_catalogus(bestand, "vragen", ())
    return dict(document.get("themas", {}))


@dataclass(frozen=True)
class Vraagkeuze:
    vraag: Vraag
    geselecteerd: bool
    reden: str


def selecteer_vragen(parameters, catalogus: tuple[Vraag, ...] | None = None, alle: bool = False) -> list[Vraagkeuze]:
    """The questions that fit the parameters, each with a Dutch reason.

    A question is selected when it applies to the focus sector (its ``sectoren`` list is empty or holds the
    sector's code) and at least one of the guide's two checks holds. ``alle=True`` also returns the questions that
    fall off, with the reason why.
    """
    sector = parameters.sector
    uitkomst = []
    for vraag in catalogus or laad_vragen():
        vraag = vraag.ingevuld(parameters)
        if vraag.sectoren and sector.code not in vraag.sectoren:
            reden = (f"Valt af: de vraag geldt alleen voor sector {tekst.lijst(vraag.sectoren)}; de focussector is "
                     f"{sector.code} {sector.naam}.")
            uitkomst.append(Vraagkeuze(vraag, False, reden))
            continue
        if not (vraag.gezamenlijke_opgave or vraag.pijnpunt):
            reden = (f"Valt af op beide checks van de gids: {vraag.gezamenlijke_opgave_waarom} "
                     f"{vraag.pijnpunt_waarom}")
            uitkomst.append(Vraagkeuze(vraag, False, reden))
            continue
        delen = []
        if vraag.gezamenlijke_opgave:
            delen.append(f"onderbouwt de gezamenlijke opgave ({vraag.gezamenlijke_opgave_waarom.rstrip('.')})")
        if vraag.pijnpunt:
            delen.append(f"legt het pijnpunt bloot ({vraag.pijnpunt_waarom.rstrip('.')})")
        reden = "Gekozen: " + tekst.lijst(delen) + "."
        if vraag.sectoren:
            reden += f" Specifiek voor sector {sector.code} {sector.naam}."
        elif vraag.sectorspecifiek:
            reden += f" Gaat over de focussector {sector.naam.lower()}."
        if vraag.horizon:
            reden += f" Kijkt {parameters.horizon} jaar vooruit."
        uitkomst.append(Vraagkeuze(vraag, True, reden))
    return uitkomst if alle else [k for k in uitkomst if k.geselecteerd]


def _bronnamen() -> dict[str, str]:
    """Data-menu id -> 'organisatie: naam', for readable source lists."""
    return {b.id: f"{b.organisatie}: {b.naam}" for b in laad_menu()}


def _als_kerncijfers(momentopname) -> list[dict]:
    if momentopname is None:
        return []
    if hasattr(momentopname, "to_dict"):
        momentopname = momentopname.to_dict("records")
    uit = []
    for k in momentopname:
        waarde = k.get("waarde")
        uit.append({"naam": k.get("naam", ""), "label": k.get("label", ""),
                    "waarde": None if tekst.is_leeg(waarde) else float(waarde),
                    "eenheid": k.get("eenheid", ""), "periode": str(k.get("periode", ""))})
    return uit


@dataclass
class Vraagkaart:
    """The question card: ``data`` (JSON-ready dict) and ``markdown`` (readable text) of the same content."""

    data: dict

    @property
    def vragen(self) -> list[Vraag]:
        return [Vraag.van_dict(v) for v in self.data["vragen"]]

    @property
    def markdown(self) -> str:
        d = self.data
        regels = [f"# Vraagkaart {d['regio_naam']} ({d['regio']}): {d['sector_naam'].lower()}", "",
                  f"**Vraagstuk:** {d['vraagstuk']}", "", f"**Hoofdvraag:** {d['hoofdvraag']}", "",
                  f"Peiljaar {d['jaar']}, vooruitblik {d['horizon']} jaar. Databron: {d['bron']}.", ""]
        if d["momentopname"]:
            regels += ["## Momentopname", "", tekst.markdown_tabel([
                {"Kerncijfer": k["label"], "Waarde": tekst.met_eenheid(k["waarde"], k["eenheid"]),
                 "Periode": k["periode"] or "onbekend"} for k in d["momentopname"]]), ""]
        namen = _bronnamen()
        titels = d["thema_titels"]
        for thema in dict.fromkeys(v["thema"] for v in d["vragen"]):
            regels += [f"## {titels.get(thema, thema)}", ""]
            for v in (v for v in d["vragen"] if v["thema"] == thema):
                checks = (f"gezamenlijke opgave: {'ja' if v['gezamenlijke_opgave'] else 'nee'}; "
                          f"pijnpunt: {'ja' if v['pijnpunt'] else 'nee'}")
                regels += [f"- **{v['tekst']}**", f"  - Waarom deze vraag: {v['reden']}",
                           f"  - Checks van de gids: {checks}",
                           f"  - Indicatoren: {tekst.lijst(v['indicatoren']) or 'geen'}",
                           f"  - Bronnen: {'; '.join(namen.get(b, b) for b in v['bronnen']) or 'geen'}"]
            regels.append("")
        return "\n".join(regels).rstrip() + "\n"

    def als_json(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def schrijf(self, map_: Path, naam: str = "vraagkaart") -> list[Path]:
        """Write ``<naam>.json`` and ``<naam>.md`` into ``map_``; returns both paths."""
        map_ = Path(map_)
        map_.mkdir(parents=True, exist_ok=True)
        json_pad, md_pad = map_ / f"{naam}.json", map_ / f"{naam}.md"
        json_pad.write_text(self.als_json(), encoding="utf-8")
        md_pad.write_text(self.markdown, encoding="utf-8")
        return [json_pad, md_pad]

    @classmethod
    def lees(cls, pad: str | Path) -> "Vraagkaart":
        """Read a card written by :meth:`schrijf` (phase 2 checks its own card against it)."""
        pad = Path(pad)
        try:
            return cls(json.loads(pad.read_text(encoding="utf-8")))
        except (OSError, ValueError) as fout:
            raise CatalogusFout(
                f"De vraagkaart {pad} ontbreekt of is beschadigd ({fout}). Voer eerst notebook 01 uit voor deze regio."
            ) from fout


def vraagkaart(parameters, vragen, momentopname=None) -> Vraagkaart:
    """Build the question card from the parameters, the selected questions (``Vraagkeuze`` or ``Vraag``) and
    an optional snapshot of key figures (list of dicts or a DataFrame with naam/label/waarde/eenheid/periode)."""
    items = []
    for keuze in vragen:
        vraag, reden = (keuze.vraag, keuze.reden) if isinstance(keuze, Vraagkeuze) else (keuze, "")
        items.append(dict(vraag.als_dict(), reden=reden))
    data = {
        "regio": parameters.regio.code, "regio_naam": parameters.regio.naam,
        "sector": parameters.sector.code, "sector_naam": parameters.sector.naam,
        "jaar": parameters.jaar, "horizon": parameters.horizon, "bron": parameters.bron,
        "vraagstuk": VRAAGSTUK, "hoofdvraag": HOOFDVRAAG, "thema_titels": thema_titels(),
        "vragen": items, "momentopname": _als_kerncijfers(momentopname),
    }
    return Vraagkaart(data)


# ---------------------------------------------------------------------------------------------------------------
# Texts and tables of phase 1 (werkboek.fasen.vraagarticulatie)


def vraagstuk_markdown(parameters) -> str:
    """The societal task and the two-sided information need for the chosen region, sector and horizon."""
    regio, sector = parameters.regio.naam, parameters.sector.naam.lower()
    richting = sectorrichting.richting_label(parameters.sector.code)
    jaar, horizon = int(parameters.jaar), int(parameters.horizon)
    return "\n".join([
        f"**Vraagstuk:** {VRAAGSTUK}", "",
        f"Voor {regio} ({parameters.regio.code}) en de sector {sector} wordt de opgave: zorgen dat werkgevers in de "
        f"sector ook over {horizon} jaar de mensen vinden die ze nodig hebben, met opleidingen die daarop aansluiten. "
        "Dat is een opgave voor gemeenten, scholen, werkgevers en UWV samen; geen van hen lost haar alleen op.", "",
        f"**Hoofdvraag:** {HOOFDVRAAG}", "",
        "**De informatiebehoefte heeft twee kanten:**", "",
        f"1. *Werkgelegenheid* — hoeveel banen telt {sector} in {regio} nu (peiljaar {jaar}), op welke "
        f"onderwijsniveaus, en hoe ontwikkelt dat zich tot {jaar + horizon}: groei (uitbreidingsvraag) en "
        "vervanging van wie uittreedt (vervangingsvraag, onder meer door vergrijzing)?",
        f"2. *Onderwijsaanbod* — welke opleidingen in de studierichting {richting} volgen jongeren uit {regio}, hoe "
        "ontwikkelt de instroom zich per niveau, hoeveel gediplomeerden stromen er naar verwachting uit, en landen "
        "die bij werkgevers in de regio?",
    ])


def keuzetabel(keuzes) -> pd.DataFrame:
    """The selection (``selecteer_vragen(..., alle=True)``) as a table with Dutch headers: theme, question,
    chosen or not, both checks and the reason."""
    titels = thema_titels()
    return pd.DataFrame([{
        "Thema": titels.get(k.vraag.thema, k.vraag.thema), "Vraag": k.vraag.tekst,
        "Gekozen": "ja" if k.geselecteerd else "nee",
        "Gezamenlijke opgave": "ja" if k.vraag.gezamenlijke_opgave else "nee",
        "Pijnpunt": "ja" if k.vraag.pijnpunt else "nee",
        "Open data geven": {"volledig": "het hele antwoord", "deels": "een deel van het antwoord",
                            "geen": "geen antwoord"}[k.vraag.dekking],
        "Waarom": k.reden, "id": k.vraag.id,
    } for k in keuzes])


def selectie_markdown(keuzes, parameters) -> str:
    """One paragraph: how many questions the catalogue holds, how many fit, and which fall off and why."""
    gekozen = [k for k in keuzes if k.geselecteerd]
    af = [k for k in keuzes if not k.geselecteerd]
    zin = (f"De vragencatalogus (`data/{VRAGEN_BESTAND}`) bevat {len(keuzes)} vragen. Voor "
           f"{parameters.sector.naam.lower()} in {parameters.regio.naam} blijven er {len(gekozen)} over: elke vraag "
           "past bij de focussector en doorstaat minstens één van de twee checks van de gids.")
    if af:
        zin += " Afgevallen:\n\n" + "\n".join(f"- *{k.vraag.tekst}* — {k.reden}" for k in af)
    return zin
