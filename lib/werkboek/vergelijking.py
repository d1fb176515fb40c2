"""The A35 comparison (notebook ``05_a35_vergelijking``): all regions side by side, from their summaries.

The comparison reads only what the phase notebooks wrote (``<region>/<stem>/samenvatting.json``, contract
C4), so it runs after the regions and needs no data source of its own. Regions without summaries appear
as empty rows with a Dutch note rather than an error: an early or partial run still gives a report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from werkboek import __version__, paden
from werkboek.fouten import ParameterFout
from werkboek.regios import alle_regios
from werkboek.site import lees_json_object, nl_getal, voeg_samen

STEM = "05_a35_vergelijking"
VOORKEUR_NOTEBOOK = "03_duiding"  # its key figures go first when two notebooks report the same one
DEMO_MERK = "DEMODATA (synthetisch) — geen echte cijfers"
CODE_VELDEN = ("statcode", "regio", "code")  # GeoJSON properties that may hold the region code
GETALNOTATIE = "%.10g"  # CSV without float noise such as 19,000000001


@dataclass(frozen=True)
class Vergelijkingsbron:
    """Provenance of the comparison for :func:`werkboek.grafieken.bewaar_figuur`: one source line for all regions."""

    regel: str
    demo: bool

    def bronregel(self, periode: str | None = None) -> str:
        return self.regel


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
            inhoud = lees_json_object(pad)
            if inhoud is not None:
                samenvattingen.append(inhoud)
                notebooks.append(pad.parent.name)
        kerncijfers, knelpunten = voeg_samen(samenvattingen)
        bron = next((s["bron"] for s in samenvattingen if isinstance(s.get("bron"), dict)), {})
        resultaat.append(RegioSamenvatting(regio.code, regio.naam, sorted(notebooks), kerncijfers, knelpunten, bron))
    return resultaat


def kerncijfer_tabel(samenvattingen: list[RegioSamenvatting]):
    """Wide table: one row per region, one column per key figure (the key figure's label with its unit)."""
    import pandas as pd

    from werkboek.grafieken import aslabel

    labels: dict[str, str] = {}
    eenheden: dict[str, str] = {}
    rijen = []
    for s in samenvattingen:
        rij = {"regio": s.regio, "regio_naam": s.regio_naam}
        for cijfer in s.kerncijfers:
            naam = cijfer.get("naam")
            if not naam:
                continue
            if naam not in labels:
                label = aslabel(cijfer.get("label") or naam, cijfer.get("eenheid") or "")
                # two notebooks may word different key figures alike; a table needs distinct headers
                labels[naam] = f"{label} [{naam}]" if label in labels.values() else label
                eenheden[naam] = str(cijfer.get("eenheid") or "")
            rij[naam] = pd.to_numeric(cijfer.get("waarde"), errors="coerce")
        rijen.append(rij)
    tabel = pd.DataFrame(rijen, columns=["regio", "regio_naam", *labels])
    tabel.attrs["eenheden"] = eenheden
    return tabel, labels


# Regions differ up to tenfold in size: only rates, shares and ratios are ranked, never absolute counts.
RELATIEVE_EENHEDEN = ("%", "procent", "procentpunt", "verhouding", "index", "% per jaar")


def is_relatief(eenheid: str) -> bool:
    return eenheid.strip().lower() in RELATIEVE_EENHEDEN


def ranglijst(tabel, naam: str, aflopend: bool = True):
    """Regions ranked on one key figure; regions without a value are left out."""
    gekozen = tabel[["regio", "regio_naam", naam]].dropna(subset=[naam])
    gekozen = gekozen.sort_values([naam, "regio"], ascending=[not aflopend, True]).reset_index(drop=True)
    gekozen.insert(0, "rang", range(1, len(gekozen) + 1))
    return gekozen.rename(columns={naam: "waarde"})


def gedeelde_knelpunten(samenvattingen: list[RegioSamenvatting]):
    """Pain points per (decision, education level) and the regions that share them, most shared first, so regions
    can find each other. A region counts once per key."""
    import pandas as pd

    from werkboek.tekst import niveau_label

    groepen: dict[tuple[str, str], dict] = {}
    for s in samenvattingen:
        for punt in s.knelpunten:
            code, niveau = punt.get("code") or punt.get("titel"), punt.get("onderwijsniveau") or ""
            groep = groepen.setdefault((code, niveau), {"code": code, "titel": punt.get("titel") or code,
                                                        "onderwijsniveau": niveau_label(niveau) if niveau else "",
                                                        "regios": []})
            naam = f"{s.regio} {s.regio_naam}"
            if naam not in groep["regios"]:
                groep["regios"].append(naam)
    rijen = [{**g, "aantal_regios": len(g["regios"]), "regios": "; ".join(g["regios"])} for g in groepen.values()]
    tabel = pd.DataFrame(rijen, columns=["code", "titel", "onderwijsniveau", "aantal_regios", "regios"])
    return tabel.sort_values(["aantal_regios", "code", "onderwijsniveau"], ascending=[False, True, True]).reset_index(drop=True)


def bevinding(rang, label: str) -> str:
    """A title that states the finding of a ranking: where it is highest and lowest, or that all are equal."""
    if rang.empty:
        return label
    if rang["waarde"].nunique() == 1:
        from werkboek.grafieken import waardelabel

        waarde = float(rang["waarde"].iloc[0])
        tekst = nl_getal(waarde) if waarde.is_integer() else waardelabel(waarde)
        return f"{label}: in alle {len(rang)} regio's met een cijfer gelijk ({tekst})"
    return f"{label}: het hoogst in {rang['regio_naam'].iloc[0]}, het laagst in {rang['regio_naam'].iloc[-1]}"


def teken_kaart(tabel, naam: str, label: str, herkomst: Vergelijkingsbron, map_: Path, geojson: str | Path = ""):
    """Map of the regions coloured by one key figure: real boundaries from a GeoJSON, else the tile map."""
    from werkboek import grafieken

    waarden = dict(zip(tabel["regio"], tabel[naam].astype(float)))
    titel = bevinding(ranglijst(tabel, naam), label)
    if geojson:
        return grafieken.grenzenkaart(geojson, titel, map_, "kaart", herkomst, waarden=waarden, legenda=label,
                                      code_veld=CODE_VELDEN)
    return grafieken.tegelkaart(titel, map_, "kaart", herkomst, waarden=waarden, legenda=label)


def teken_ranglijst(rang, naam: str, label: str, herkomst: Vergelijkingsbron, map_: Path):
    """Horizontal bars in rank order, highest at the top; whole numbers (counts) without decimals."""
    from werkboek import grafieken

    waarden = rang.iloc[::-1].set_index("regio_naam")["waarde"]  # ties: the first in rank ends up on top
    geheel = bool(len(waarden)) and all(float(w).is_integer() for w in waarden)
    return grafieken.staafgrafiek(waarden, bevinding(rang, label), label, "", map_, f"ranglijst_{naam}", herkomst,
                                  geheel=geheel)


def bewaar_tabellen(tabellen: dict, map_: Path, herkomst: Vergelijkingsbron, bron_naam: str) -> list[str]:
    """Each table as CSV for Excel-NL with the source line as its last line, and all together in one workbook
    with a 'Bron' sheet."""
    from werkboek import export

    geschreven = [export.schrijf_csv(tabel, map_ / "tabellen", naam, koppen=False, bronregel=herkomst.regel,
                                     float_format=GETALNOTATIE) for naam, tabel in tabellen.items()]
    bronblad = [("Vergelijking", "Alle 35 arbeidsmarktregio's"), ("Notebook", STEM), ("Databron", bron_naam),
                ("Demodata", "JA: synthetische cijfers, geen echte waarden" if herkomst.demo else "nee"),
                ("Bron", herkomst.regel), ("Licentie", "CBS open data: CC BY 4.0, Bron: CBS"),
                ("Werkboek versie", __version__)]
    export.schrijf_excel(tabellen, map_ / f"{map_.name}.xlsx", bronblad)
    return [pad.relative_to(map_).as_posix() for pad in geschreven]


def lees_manifest(regios_map: Path) -> dict:
    """The run's manifest beside the regions folder (outputs/manifest.json), or an empty dict."""
    return lees_json_object(Path(regios_map).parent / "manifest.json") or {}


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
        from werkboek.export import weergave

        if len(self.labels) == 0:
            return self._geen("Er zijn nog geen kerncijfers om naast elkaar te zetten.")
        tabel = self.tabel.rename(columns=self.labels)
        for kolom in self.labels.values():  # counts without a decimal
            if tabel[kolom].dropna().map(float.is_integer).all():
                tabel[kolom] = tabel[kolom].astype("Int64")
        return weergave(tabel, bronregel=self.bronregel)

    def toon_kaart(self):
        return self._afbeelding("kaart", "Zonder kerncijfers is er geen kaart.")

    def toon_ranglijsten(self):
        from IPython.display import display

        if not self.ranglijsten:
            return self._geen("Zonder kerncijfers zijn er geen ranglijsten.")
        for naam in self.ranglijsten:
            display(self._afbeelding(f"ranglijst_{naam}", f"Geen regio heeft een waarde voor {self.labels[naam]}."))
        return None

    def toon_knelpunten(self):
        from werkboek.export import weergave

        if self.knelpunten.empty:
            return self._geen("Nog geen knelpunten aangeleverd: de duiding (fase 3) schrijft ze per regio.")
        tabel = self.knelpunten.rename(columns={"code": "Code", "titel": "Knelpunt", "onderwijsniveau": "Onderwijsniveau",
                                                "aantal_regios": "Aantal regio's", "regios": "Regio's"})
        return weergave(tabel, bronregel=self.bronregel)

    def _afbeelding(self, naam: str, zonder: str):
        from IPython.display import Image

        pad = self.uitvoermap / "figuren" / f"{naam}.png"
        if not pad.is_file():
            return self._geen(zonder)
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
    relatief = [naam for naam in labels if is_relatief(tabel.attrs["eenheden"].get(naam, ""))]
    gekozen = indicator if indicator in labels else next(iter(relatief), None)
    if geojson and not Path(geojson).is_file():
        meldingen.append(f"Het GeoJSON-bestand {geojson} bestaat niet; de kaart is een tegelkaart.")
        geojson = ""

    from werkboek.grafieken import GeenDataFout

    herkomst = Vergelijkingsbron(bronregel, demo)
    figurenmap = doel / "figuren"
    figuren = []
    ranglijsten = {naam: ranglijst(tabel, naam) for naam in relatief}
    tekenopdrachten = [(teken_ranglijst, rang, naam, labels[naam], herkomst, figurenmap) for naam, rang in ranglijsten.items()]
    if gekozen:
        tekenopdrachten.insert(0, (teken_kaart, tabel, gekozen, labels[gekozen], herkomst, figurenmap, geojson))
    for teken, *argumenten in tekenopdrachten:
        try:
            figuren.append(teken(*argumenten).relatief)
        except GeenDataFout as fout:
            meldingen.append(str(fout))
    tabellen = bewaar_tabellen(
        {"kerncijfers": tabel, "knelpunten_gedeeld": knelpunten,
         **{f"ranglijst_{naam}": rang for naam, rang in ranglijsten.items()}},
        doel, herkomst, (manifest.get("bron") or {}).get("naam") or bron,
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
