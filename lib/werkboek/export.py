"""Writing a notebook's outputs (contract C4): the output folder, CSV for Dutch Excel, one Excel workbook per
notebook with a 'Bron' sheet, and ``samenvatting.json``.

A notebook keeps one :class:`Uitvoer` and hands it every table, figure, key figure and pain point; ``sluit()``
writes the workbook and the summary. Files never land outside ``outputs/`` (or the staging folder the batch
runner passes, which must itself lie inside ``outputs/``), and their names carry no timestamps.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl.styles import Alignment, Font

from werkboek import __version__, paden, tekst
from werkboek.fouten import ParameterFout
from werkboek.regios import zoek_regio

CSV_OPTIES = {"sep": ";", "decimal": ",", "encoding": "utf-8-sig", "index": False}
_STAM = re.compile(r"^[0-9]{2}_[a-z0-9_]+$")

# Dutch column headers for the columns the analysis library produces.
KOPPEN = {
    "regio": "Regiocode", "regio_naam": "Regio", "jaar": "Jaar", "periode": "Periode", "voorlopig": "Voorlopig cijfer",
    "sector": "Sector (SBI)", "onderwijsniveau": "Onderwijsniveau (code)", "niveau": "Onderwijsniveau",
    "richting": "Studierichting (ISCED-F, sectorkamer of CROHO-onderdeel)", "kenmerk": "Kenmerk", "leeftijd": "Leeftijd",
    "banen": "Banen van werknemers (x 1 000, werkplaats)",
    "banen_sector": "Banen in de sector (x 1 000, werkplaats)",
    "banen_geschat": "Banen, geschat (x 1 000, werkplaats)",
    "werkzame_beroepsbevolking": "Werkzame beroepsbevolking (x 1 000, woonplaats)",
    "beroepsbevolking": "Beroepsbevolking (x 1 000, woonplaats)",
    "inwoners": "Inwoners (woonplaats)", "prognose_inwoners": "Inwoners volgens prognose (woonplaats)",
    "ingeschrevenen": "Ingeschreven studenten (woonplaats student)",
    "instroom": "Eerstejaars, midden van het bereik (DUO, vestiging)",
    "instroom_onder": "Eerstejaars, ondergrens (DUO, vestiging)", "instroom_boven": "Eerstejaars, bovengrens (DUO, vestiging)",
    "instroom_gemaskeerd": "Afgeschermde cellen (1 tot en met 4) in de som",
    "doorstroom_mbo3": "Eerstejaars mbo 4 met een mbo 3-diploma, midden van het bereik (DUO, hoofdvestiging)",
    "gediplomeerden": "Gediplomeerden (woonplaats student)",
    "instellingen": "Aantal instellingen of vestigingen (DUO)",
    "opleiding": "Opleiding", "studenten": "Studenten (woonplaats, afgerond op tientallen)",
    "studenten_schooljaar": "Schooljaar studenten", "eerstejaars": "Eerstejaars (DUO, vestiging)",
    "eerstejaars_schooljaar": "Schooljaar eerstejaars",
    "aandeel_procent": "Aandeel (%)", "aandeel_nl_procent": "Aandeel Nederland (%)",
    "verschil_procentpunt": "Verschil met Nederland (procentpunt)", "locatiequotient": "Locatiequotiënt",
    "deels_onderdrukt": "Som deels op onderdrukte cellen", "beginjaar": "Beginjaar", "eindjaar": "Eindjaar",
    "begin": "Beginwaarde", "eind": "Eindwaarde", "groei_absoluut": "Groei (absoluut)",
    "groei_procent": "Groei over de periode (%)", "cagr_procent": "Groei per jaar (%)",
    "eind_voorlopig": "Eindjaar voorlopig", "voorlopig_in_venster": "Voorlopige jaren in de periode",
    "verdeling_jaar": "Jaar van de landelijke verdeling", "aandeel_nl_verdeling_procent": "Landelijk aandeel (%)",
    "uitstroom_per_jaar": "Verwachte uitstroom per jaar", "methode": "Methode", "toelichting": "Toelichting",
    "aanbod": "Opleiding in de regio (vestiging)", "grond": "Grond", "verschilindex": "Verschilindex sectorstructuur (% van de banen)",
    "afstand": "Afstand sectorstructuur (procentpunt)", "sectoren_vergeleken": "Aantal vergeleken sectoren",
    "waarde": "Waarde", "verwacht": "Verwacht (projectie)", "onder": "Ondergrens 80%-voorspelinterval",
    "boven": "Bovengrens 80%-voorspelinterval",
    "rij": "", "onderwerp": "Onderwerp", "werkgelegenheid": "Werkgelegenheid", "onderwijsaanbod": "Onderwijsaanbod",
}


def kop(kolom: str) -> str:
    """The Dutch header for a column name; unknown names are made readable ('x_y' -> 'X y')."""
    if kolom in KOPPEN:
        return KOPPEN[kolom] or "Rij"
    if kolom.endswith("_onderdrukt"):
        return f"Onderdrukte gemeentecellen in de som ({kolom.removesuffix('_onderdrukt').replace('_', ' ')})"
    if kolom.endswith("_afrondingsmarge"):
        return f"Afrondingsmarge van de som, ± ({kolom.removesuffix('_afrondingsmarge').replace('_', ' ')})"
    return kolom.replace("_", " ").capitalize() if kolom.islower() else kolom


def _voor_export(df, koppen: bool = True):
    """A copy with Dutch headers and Dutch words for yes/no/unknown; numbers stay numbers."""
    uit = df.copy()
    for kolom in uit.columns:
        reeks = uit[kolom]
        if pd.api.types.is_bool_dtype(reeks) or (reeks.dtype == object and reeks.dropna().map(type).isin([bool]).all()
                                                 and reeks.notna().any()):
            uit[kolom] = reeks.map(lambda v: "onbekend" if tekst.is_leeg(v) else ("ja" if v else "nee"))
    if koppen:
        uit.columns = [kop(str(k)) for k in uit.columns]
    return uit


@dataclass(frozen=True)
class AlleRegios:
    """The 'region' of the comparison over all regions (``{"regio": "A35", ...}``): its summary says regio 'A35',
    its default folder is ``outputs/vergelijking/<stem>/``."""

    code: str = "A35"
    naam: str = "Alle arbeidsmarktregio's"


ALLE_REGIOS = AlleRegios()


def _regio_van(parameters):
    if hasattr(parameters, "regio") and hasattr(parameters.regio, "map_naam"):
        return parameters.regio
    if isinstance(parameters, dict) and "regio" in parameters:
        return ALLE_REGIOS if parameters["regio"] == ALLE_REGIOS.code else zoek_regio(parameters["regio"])
    raise ParameterFout("Geef de gevalideerde parameters mee (uit valideer_parameters) of een dict met 'regio'.")


def _parameters_dict(parameters) -> dict:
    return parameters.als_dict() if hasattr(parameters, "als_dict") else dict(parameters)


def uitvoermap(parameters, notebook_stem: str, uitvoermap: str = "") -> Path:
    """The folder for one notebook's files: ``outputs/regios/<AMxx-slug>/<stem>/`` (``outputs/vergelijking/<stem>/``
    for the comparison, regio 'A35'; or ``<uitvoermap>/<stem>/`` when the batch runner passes a staging folder),
    with ``figuren/`` and ``tabellen/`` created."""
    if not _STAM.match(notebook_stem or ""):
        raise ParameterFout(f"Ongeldige notebooknaam '{notebook_stem}': gebruik de stam, bijvoorbeeld '03_duiding'.")
    uitvoer = paden.outputs_dir()
    if uitvoermap:
        regio_map = paden.binnen(uitvoer, str(uitvoermap))
    elif isinstance(regio := _regio_van(parameters), AlleRegios):
        regio_map = paden.binnen(uitvoer, "vergelijking")
    else:
        regio_map = paden.regiomap(regio, uitvoer)
    map_ = paden.binnen(regio_map, notebook_stem)
    for sub in ("figuren", "tabellen"):
        (map_ / sub).mkdir(parents=True, exist_ok=True)
    return map_


def _bestandsnaam(naam: str, extensie: str) -> str:
    schoon = re.sub(r"[^a-z0-9_-]+", "_", naam.lower()).strip("_")
    if not schoon:
        raise ParameterFout(f"'{naam}' is geen bruikbare bestandsnaam.")
    return f"{schoon}.{extensie}"


def schrijf_csv(df, map_: Path, naam: str, koppen: bool = True, bronregel: str = "",
                float_format: str | None = None) -> Path:
    """CSV for Dutch Excel: ';' between fields, ',' as decimal sign, UTF-8 with BOM; Dutch headers.
    ``bronregel`` is written as the last line, under the table; ``float_format`` (e.g. ``'%.10g'``) as in pandas."""
    pad = paden.binnen(Path(map_), _bestandsnaam(naam, "csv"))
    pad.parent.mkdir(parents=True, exist_ok=True)
    _voor_export(df, koppen).to_csv(pad, **CSV_OPTIES, float_format=float_format)
    if bronregel:
        with open(pad, "a", encoding="utf-8", newline="") as bestand:
            bestand.write(f"{bronregel}\n")
    return pad


def _bladnaam(naam: str, gebruikt: set[str]) -> str:
    basis = re.sub(r"[\[\]:*?/\\]", "_", naam)[:31] or "Tabel"
    kandidaat, nummer = basis, 2
    while kandidaat.lower() in gebruikt:
        kandidaat = f"{basis[:28]}_{nummer}"
        nummer += 1
    gebruikt.add(kandidaat.lower())
    return kandidaat


def _opmaak_blad(blad, df) -> None:
    for cel in blad[1]:
        cel.font = Font(bold=True)
        cel.alignment = Alignment(wrap_text=True, vertical="top")
    for i, kolom in enumerate(df.columns, start=1):
        letter = blad.cell(row=1, column=i).column_letter
        reeks = df[kolom]
        if pd.api.types.is_float_dtype(reeks):
            formaat = "0.0" if "(%)" in str(kolom) or "procentpunt" in str(kolom) else "#,##0.0"
        elif pd.api.types.is_integer_dtype(reeks):
            formaat = "0" if "jaar" in str(kolom).lower() else "#,##0"
        else:
            formaat = None
        if formaat:
            for rij in range(2, len(df) + 2):
                blad.cell(row=rij, column=i).number_format = formaat
        lengte = max([len(str(kolom))] + [len(str(v)) for v in reeks.head(200)])
        blad.column_dimensions[letter].width = min(max(10, lengte + 2), 80)
    blad.freeze_panes = "A2"


def schrijf_excel(tabellen: dict, pad: Path, bronblad: list[tuple[str, str]]) -> Path:
    """One workbook: a sheet per table (Dutch headers, number formats) and a 'Bron' sheet with provenance."""
    pad = Path(pad)
    pad.parent.mkdir(parents=True, exist_ok=True)
    gebruikt = {"bron"}
    with pd.ExcelWriter(pad, engine="openpyxl") as schrijver:
        for naam, df in tabellen.items():
            export = _voor_export(df)
            blad = _bladnaam(naam, gebruikt)
            export.to_excel(schrijver, sheet_name=blad, index=False)
            _opmaak_blad(schrijver.sheets[blad], export)
        bron = pd.DataFrame(bronblad, columns=["Onderdeel", "Waarde"])
        bron.to_excel(schrijver, sheet_name="Bron", index=False)
        _opmaak_blad(schrijver.sheets["Bron"], bron)
    return pad


def _json_waarde(waarde):
    if isinstance(waarde, float) and (math.isnan(waarde) or math.isinf(waarde)):
        return None
    if tekst.is_leeg(waarde) and not isinstance(waarde, (str, list, dict, tuple)):
        return None
    if hasattr(waarde, "item"):  # numpy scalars
        return _json_waarde(waarde.item())
    if isinstance(waarde, dict):
        return {str(k): _json_waarde(v) for k, v in waarde.items()}
    if isinstance(waarde, (list, tuple)):
        return [_json_waarde(v) for v in waarde]
    return waarde


def schrijf_json(gegevens: dict, pad: Path) -> Path:
    """Deterministic JSON: sorted keys, NaN as null, UTF-8, two-space indent."""
    pad = Path(pad)
    pad.write_text(json.dumps(_json_waarde(gegevens), ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                   encoding="utf-8")
    return pad


def kerncijfer(naam: str, label: str, waarde, eenheid: str, periode) -> dict:
    """One key figure in the shape of ``samenvatting.json`` (unknown stays null, never 0)."""
    return {"naam": naam, "label": label, "waarde": None if tekst.is_leeg(waarde) else float(waarde),
            "eenheid": eenheid, "periode": str(periode)}


def _bron_dict(bron) -> dict:
    if bron is None:
        return {"naam": "onbekend", "demo": False, "beschrijving": ""}
    if isinstance(bron, dict):
        return {"naam": bron.get("naam", ""), "demo": bool(bron.get("demo")), "beschrijving": bron.get("beschrijving", "")}
    return {"naam": bron.naam, "demo": bool(bron.is_demo), "beschrijving": bron.beschrijving}


@dataclass
class Uitvoer:
    """Collects one notebook run's outputs and writes them per contract C4.

    ``bron`` is the DataBron (``naam``, ``is_demo``, ``beschrijving``) or a dict ``{naam, demo, beschrijving}``.
    """

    parameters: object
    notebook: str
    bron: object = None
    uitvoermap: str = ""
    map: Path = field(init=False)
    tabellen: dict = field(init=False, default_factory=dict)
    figuren: list = field(init=False, default_factory=list)
    kerncijfers: list = field(init=False, default_factory=list)
    knelpunten: list = field(init=False, default_factory=list)
    bronregels: dict = field(init=False, default_factory=dict)
    teksten: list = field(init=False, default_factory=list)

    def __post_init__(self):
        self.map = uitvoermap(self.parameters, self.notebook, self.uitvoermap)

    @property
    def figurenmap(self) -> Path:
        """Pass this as ``map_`` to the chart functions."""
        return self.map / "figuren"

    @property
    def tabellenmap(self) -> Path:
        return self.map / "tabellen"

    def tabel(self, naam: str, df, herkomst=None, periode: str | None = None, koppen: bool = True,
              bronregel_onder: bool = False, float_format: str | None = None):
        """Write ``tabellen/<naam>.csv``, keep the table for the Excel workbook; returns the frame for display.
        ``koppen=False`` keeps the column names, ``bronregel_onder`` writes the source line under the table and
        ``float_format`` is passed to pandas (the comparison's CSV: ``'%.10g'``, no float noise)."""
        bronregel = ""
        if herkomst is not None:
            herkomsten = herkomst if isinstance(herkomst, (list, tuple)) else [herkomst]
            bronregel = "; ".join(dict.fromkeys(h.bronregel(periode) for h in herkomsten))
        pad = schrijf_csv(df, self.tabellenmap, naam, koppen, bronregel if bronregel_onder else "", float_format)
        self.tabellen[pad.stem] = df
        if herkomst is not None:
            self.bronregels[pad.stem] = bronregel
        return df

    def figuur(self, figuurbestand):
        """Register a saved figure (from :mod:`werkboek.grafieken`); returns it, so it shows in the notebook."""
        naam = Path(figuurbestand).name
        if not re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*", naam):  # no '..', '\\' or '/': the site links to it
            raise ParameterFout(
                f"'{figuurbestand}' is geen bruikbare naam voor een figuur; sla figuren op met werkboek.grafieken, "
                "met alleen letters, cijfers, '_', '-' en '.' in de naam."
            )
        relatief = f"figuren/{naam}"
        if relatief not in self.figuren:
            self.figuren.append(relatief)
        return figuurbestand

    def kerncijfer(self, naam: str, label: str, waarde, eenheid: str, periode) -> dict:
        cijfer = kerncijfer(naam, label, waarde, eenheid, periode)
        self.kerncijfers = [k for k in self.kerncijfers if k["naam"] != naam] + [cijfer]
        return cijfer

    def voeg_knelpunten_toe(self, knelpunten) -> None:
        """Pain points (``Beoordeling`` objects or dicts); only real pain points are kept."""
        for k in knelpunten:
            d = k.als_dict() if hasattr(k, "als_dict") else dict(k)
            if d.get("status", "knelpunt") == "knelpunt":
                self.knelpunten.append({s: d.get(s) for s in ("code", "titel", "onderwijsniveau", "bewijs", "regel")})

    def tekst(self, naam: str, inhoud: str) -> Path:
        """Write a markdown text next to the workbook (e.g. the monitoring plan)."""
        pad = paden.binnen(self.map, _bestandsnaam(naam, "md"))
        pad.write_text(inhoud, encoding="utf-8")
        self.teksten.append(pad.name)
        return pad

    def _bronblad(self) -> list[tuple[str, str]]:
        bron = _bron_dict(self.bron)
        regio = _regio_van(self.parameters)
        rijen = [("Regio", f"{regio.code} {regio.naam}"), ("Notebook", self.notebook)]
        rijen += [(f"Parameter {k}", str(v)) for k, v in _parameters_dict(self.parameters).items()]
        rijen += [("Databron", bron["naam"]), ("Beschrijving databron", bron["beschrijving"]),
                  ("Demodata", "JA: synthetische cijfers, geen echte waarden" if bron["demo"] else "nee")]
        rijen += [(f"Bron tabel {naam}", regel) for naam, regel in self.bronregels.items()]
        rijen += [("Licentie", "CBS open data: CC BY 4.0, Bron: CBS"), ("Werkboek versie", __version__)]
        return rijen

    def bestanden(self) -> list[str]:
        """Every file in this notebook's folder, relative and sorted (for the closing cell's overview)."""
        return sorted(p.relative_to(self.map).as_posix() for p in self.map.rglob("*") if p.is_file())

    def sluit(self) -> Path:
        """Write ``<stem>.xlsx`` (when there are tables) and ``samenvatting.json``; returns the summary path."""
        if self.tabellen:
            schrijf_excel(self.tabellen, self.map / f"{self.notebook}.xlsx", self._bronblad())
        regio = _regio_van(self.parameters)
        samenvatting = {
            "regio": regio.code, "regio_naam": regio.naam, "notebook": self.notebook,
            "parameters": _parameters_dict(self.parameters), "bron": _bron_dict(self.bron),
            "kerncijfers": self.kerncijfers, "knelpunten": self.knelpunten, "figuren": self.figuren,
            "tabellen": [f"tabellen/{naam}.csv" for naam in self.tabellen],
        }
        return schrijf_json(samenvatting, self.map / "samenvatting.json")


def weergave(df, decimalen: int = 1, bronregel: str = ""):
    """A table for display in a notebook or the HTML report: Dutch headers, Dutch number notation (1.234,5),
    'onbekend' for missing values, no index, and the source line as caption."""
    tabel = _voor_export(df)
    getallen = [k for k in tabel.columns if pd.api.types.is_float_dtype(tabel[k])]
    gehele = [k for k in tabel.columns if pd.api.types.is_integer_dtype(tabel[k]) and "jaar" not in str(k).lower()]
    stijl = (tabel.style.hide(axis="index")
             .format(na_rep=tekst.ONBEKEND)
             .format(lambda v: tekst.getal(v, decimalen), subset=getallen, na_rep=tekst.ONBEKEND)
             .format(lambda v: tekst.getal(v, 0), subset=gehele, na_rep=tekst.ONBEKEND))
    if bronregel:
        stijl = stijl.set_caption(bronregel)
    return stijl
