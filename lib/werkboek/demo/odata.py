"""Turn model arrays into the parts CBS OData v3 serves (contract C1): TableInfos, DataProperties,
CategoryGroups, one part per dimension and TypedDataSet.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field

import numpy as np

from werkboek.register import Dimensiespec, Onderwerpspec, Tabeluitgave, Thema

DEMO_TITELPREFIX = "DEMODATA (synthetisch) – "
REGIO_BREEDTE = {"NL": 6, "LD": 6, "PV": 6, "CR": 6, "AM": 8, "GM": 10}


def regio_key(code: str) -> str:
    """Pad a region code as CBS does: 'NL01  ', 'PV20  ', 'AM01    ', 'GM9001    '."""
    return code.ljust(REGIO_BREEDTE.get(code[:2], len(code)))


def categorie_key(dimensie_key: str, naam: str) -> str:
    """A stable CBS-like category key (7 characters) derived from the dimension key and canonical name."""
    getal = int(hashlib.sha256(f"{dimensie_key}|{naam}".encode()).hexdigest()[:8], 16) % 1_000_000
    return f"{'T' if naam == 'totaal' else 'A'}{getal:06d}"


def periode_records(jaren, status: dict[int, str], titel=str) -> list[dict]:
    """Records of a time dimension with 'yyyyJJ00' keys; provisional years get '*' or '**' in the title."""
    teken = {"Voorlopig": "*", "Nader voorlopig": "**"}
    return [
        {"Key": f"{jaar}JJ00", "Title": f"{titel(jaar)}{teken.get(status.get(jaar, ''), '')}", "Description": "",
         "CategoryGroupID": None, "Status": status.get(jaar, "Definitief")}
        for jaar in jaren
    ]


def categorie_records(items: list[tuple[str, str]], groep: dict[str, int] | None = None) -> list[dict]:
    """Records of a plain dimension from (key, title) pairs; keys padded to the longest key, as CBS does."""
    breedte = max((len(k) for k, _ in items), default=0)
    groep = groep or {}
    return [{"Key": k.ljust(breedte), "Title": t, "Description": "", "CategoryGroupID": groep.get(k)} for k, t in items]


@dataclass
class Dimensie:
    spec: Dimensiespec
    records: list[dict]


@dataclass
class Onderwerp:
    spec: Onderwerpspec
    waarden: np.ndarray  # same shape as the dimensions (in the given order); NaN / None = null
    datatype: str = "Double"
    decimalen: int = 0
    omschrijving: str = ""


@dataclass
class Tabeldelen:
    thema: Thema
    uitgave: Tabeluitgave
    dimensies: list[Dimensie]
    onderwerpen: list[Onderwerp]
    categoriegroepen: list[dict] = field(default_factory=list)
    periode: str = ""


def _dimensie_type(spec: Dimensiespec) -> str:
    if spec.naam == "regio" or spec.key.startswith("Regio"):
        return "GeoDimension"
    if spec.naam == "periode" or spec.key == "Perioden":
        return "TimeDimension"
    return "Dimension"


def _topic_groep_key(titel: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", titel) or "Groep"


def _kolom(waarden: np.ndarray, onderwerp: Onderwerp) -> list:
    platte = waarden.reshape(-1)
    if onderwerp.datatype == "String":
        return [None if v is None else str(v) for v in platte.tolist()]
    afgerond = np.round(platte.astype(float), onderwerp.decimalen)
    if onderwerp.datatype == "Long":
        return [None if math.isnan(v) else int(v) for v in afgerond.tolist()]
    return [None if math.isnan(v) else v for v in afgerond.tolist()]


def bouw(delen: Tabeldelen, titel: str, omschrijving: str, gewijzigd: str) -> dict[str, list[dict]]:
    """Assemble the parts; dimensions and topics are emitted in the register's order."""
    register_volgorde = [d.key for d in delen.thema.dimensies.values()]
    dimensies = sorted(delen.dimensies, key=lambda d: register_volgorde.index(d.spec.key) if d.spec.key in register_volgorde else 99)
    as_volgorde = [delen.dimensies.index(d) for d in dimensies]

    eigenschappen: list[dict] = []
    for d in dimensies:
        eigenschappen.append({"ID": len(eigenschappen), "Position": len(eigenschappen), "ParentID": None,
                              "Type": _dimensie_type(d.spec), "Key": d.spec.key, "Title": d.spec.titel, "Description": ""})
    groepen: dict[str, int] = {}
    for o in delen.onderwerpen:
        ouder = None
        if o.spec.groep:
            if o.spec.groep not in groepen:
                groepen[o.spec.groep] = len(eigenschappen)
                eigenschappen.append({"ID": len(eigenschappen), "Position": len(eigenschappen), "ParentID": None,
                                      "Type": "TopicGroup", "Key": _topic_groep_key(o.spec.groep), "Title": o.spec.groep,
                                      "Description": ""})
            ouder = groepen[o.spec.groep]
        eigenschappen.append({
            "ID": len(eigenschappen), "Position": len(eigenschappen), "ParentID": ouder, "Type": "Topic",
            "Key": o.spec.key, "Title": o.spec.titel, "Description": o.omschrijving or f"{o.spec.titel} (demodata, synthetisch).",
            "Unit": o.spec.eenheid or "", "Decimals": o.decimalen, "Datatype": o.datatype,
            "Default": "Missing" if o.datatype == "String" else "Impossible",
        })

    vorm = tuple(len(d.records) for d in dimensies)
    aantal = int(np.prod(vorm)) if vorm else 1
    kolommen: dict[str, list] = {"ID": list(range(aantal))}
    for as_nummer, d in enumerate(dimensies):
        keys = np.array([r["Key"] for r in d.records], dtype=object)
        herhaal = int(np.prod(vorm[as_nummer + 1:])) if as_nummer + 1 < len(vorm) else 1
        tegel = int(np.prod(vorm[:as_nummer])) if as_nummer else 1
        kolommen[d.spec.key] = np.tile(np.repeat(keys, herhaal), tegel).tolist()
    for o in delen.onderwerpen:
        waarden = np.transpose(o.waarden, as_volgorde) if o.waarden.ndim == len(as_volgorde) else o.waarden
        if waarden.shape != vorm:
            raise ValueError(f"vorm van onderwerp {o.spec.key} {waarden.shape} past niet bij de dimensies {vorm}")
        kolommen[o.spec.key] = _kolom(waarden, o)
    namen = list(kolommen)
    rijen = [dict(zip(namen, waarden)) for waarden in zip(*kolommen.values())]

    info = {
        "ID": 0, "Title": f"{DEMO_TITELPREFIX}{titel}", "ShortTitle": f"Demodata {delen.uitgave.id}",
        "Identifier": delen.uitgave.id, "Summary": omschrijving,
        "Modified": gewijzigd, "MetaDataModified": gewijzigd, "ReasonDelivery": "Demodata (synthetisch)",
        "ExplanatoryText": (
            "Synthetische demodata gemaakt door het Werkboek datagedreven arbeidsmarktbeleid, in de vorm van "
            f"CBS-tabel {delen.uitgave.id}. Dit zijn geen echte cijfers: nooit citeren of gebruiken voor beleid."
        ),
        "OutputStatus": "Regulier", "Source": "Werkboek datagedreven arbeidsmarktbeleid (demodata, synthetisch)",
        "Language": "nl", "Catalog": "CBS", "Frequency": "Perjaar", "Period": delen.periode,
        "ShortDescription": f"Demodata (synthetisch) naar model van CBS-tabel {delen.uitgave.id}. {omschrijving}",
        "DefaultPresentation": "", "DefaultSelection": "", "GraphTypes": "Table,Bar",
        "RecordCount": aantal, "ColumnCount": len(namen) - 1, "SearchPriority": "2",
    }
    delen_uit: dict[str, list[dict]] = {
        "TableInfos": [info],
        "DataProperties": eigenschappen,
        "CategoryGroups": list(delen.categoriegroepen),
    }
    for d in dimensies:
        delen_uit[d.spec.key] = d.records
    delen_uit["TypedDataSet"] = rijen
    return delen_uit
