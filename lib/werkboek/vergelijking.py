"""The A35 comparison's domain work (phase 5, notebook ``05_a35_vergelijking``): all regions side by side, from
their summaries. Reading the summaries, the key-figure table, rankings, shared pain points and the drawing helpers
live here; :mod:`werkboek.fasen.vergelijking` puts them together (``bereken``) and writes them (``schrijf``).

The comparison reads only what the phase notebooks wrote (``<region>/<stem>/samenvatting.json``, contract
C4), so it runs after the regions and needs no data source of its own. Regions without summaries appear
as empty rows with a Dutch note rather than an error: an early or partial run still gives a report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from werkboek import grafieken
from werkboek.regios import alle_regios
from werkboek.site import lees_json_object, nl_getal, voeg_samen
from werkboek.tekst import niveau_label

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
                label = grafieken.aslabel(cijfer.get("label") or naam, cijfer.get("eenheid") or "")
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
        waarde = float(rang["waarde"].iloc[0])
        tekst = nl_getal(waarde) if waarde.is_integer() else grafieken.waardelabel(waarde)
        return f"{label}: in alle {len(rang)} regio's met een cijfer gelijk ({tekst})"
    return f"{label}: het hoogst in {rang['regio_naam'].iloc[0]}, het laagst in {rang['regio_naam'].iloc[-1]}"


def teken_kaart(tabel, kerncijfer: str, label: str, herkomst: Vergelijkingsbron, map_: Path,
                geojson: str | Path = "", naam: str = "kaart"):
    """Map of the regions coloured by one key figure: real boundaries from a GeoJSON, else the tile map; saved as
    ``<map_>/<naam>.png``."""
    waarden = dict(zip(tabel["regio"], tabel[kerncijfer].astype(float)))
    titel = bevinding(ranglijst(tabel, kerncijfer), label)
    if geojson:
        return grafieken.grenzenkaart(geojson, titel, map_, naam, herkomst, waarden=waarden, legenda=label,
                                      code_veld=CODE_VELDEN)
    return grafieken.tegelkaart(titel, map_, naam, herkomst, waarden=waarden, legenda=label)


def teken_ranglijst(rang, label: str, herkomst: Vergelijkingsbron, map_: Path, naam: str):
    """Horizontal bars in rank order, highest at the top, saved as ``<map_>/<naam>.png``; whole numbers (counts)
    without decimals."""
    waarden = rang.iloc[::-1].set_index("regio_naam")["waarde"]  # ties: the first in rank ends up on top
    geheel = bool(len(waarden)) and all(float(w).is_integer() for w in waarden)
    return grafieken.staafgrafiek(waarden, bevinding(rang, label), label, "", map_, naam, herkomst, geheel=geheel)


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
