"""Build the metadata parts CBS OData v3 serves (contract C1) for a demo table, and the :class:`Kubus` around them.

A demo table is a list of dimensions (key, title, type, records) in cube order, a DataProperties list with topic
groups and topics, and per topic a vectorised value function of the dimension indices (see
:class:`werkboek.odata.Kubus`). Everything a user reads says the figures are synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from werkboek.odata import Kubus

DEMO_TITELPREFIX = "DEMODATA (synthetisch) – "
STATUS_TEKEN = {"Definitief": "", "Voorlopig": "*", "Nader voorlopig": "**"}


def gepad(keys: list[str], breedte: int | None = None) -> list[str]:
    """Keys right-padded with spaces to one width (the longest key, or ``breedte``), as CBS pads a dimension."""
    breedte = max([len(k) for k in keys] + [breedte or 0])
    return [k.ljust(breedte) for k in keys]


def records(items: list[tuple[str, str]], breedte: int | None = None, groepen: dict[str, int] | None = None,
            opvullen: bool = True) -> list[dict]:
    """Dimension records from (key, title) pairs; keys padded to one width unless ``opvullen`` is False."""
    keys = [k for k, _ in items]
    if len(set(keys)) != len(keys):
        raise ValueError(f"dubbele keys in een dimensie: {sorted({k for k in keys if keys.count(k) > 1})}")
    gepadde = gepad(keys, breedte) if opvullen else keys
    groepen = groepen or {}
    return [{"Key": p, "Title": t, "Description": "", "CategoryGroupID": groepen.get(k)}
            for p, (k, t) in zip(gepadde, items)]


def periode_records(perioden: list[tuple[str, str, str]]) -> list[dict]:
    """Time-dimension records from (key, title without star, Status); provisional titles get '*' or '**'."""
    return [{"Key": k, "Title": f"{t}{STATUS_TEKEN[s]}", "Description": "", "CategoryGroupID": None, "Status": s}
            for k, t, s in perioden]


def jaar_perioden(jaren, voorlopig: tuple[int, ...] = (), nader_voorlopig: tuple[int, ...] = (),
                  titel: Callable[[int], str] = str) -> list[dict]:
    def status(j: int) -> str:
        return "Voorlopig" if j in voorlopig else "Nader voorlopig" if j in nader_voorlopig else "Definitief"
    return periode_records([(f"{j}JJ00", titel(j), status(j)) for j in jaren])


def schooljaar_titel(jaar: int) -> str:
    """'2018/'19' for school year 2018SJ00."""
    return f"{jaar}/'{(jaar + 1) % 100:02d}"


@dataclass
class Eigenschappen:
    """The DataProperties list: dimensions first (cube order), then topic groups and topics (nested by ParentID)."""

    lijst: list[dict] = field(default_factory=list)
    _positie: int = 0

    def _volgend_id(self) -> int:
        return len(self.lijst)

    def dimensie(self, key: str, titel: str, soort: str = "Dimension", omschrijving: str = "") -> None:
        self.lijst.append({"ID": self._volgend_id(), "Position": self._positie, "ParentID": None, "Type": soort,
                           "Key": key, "Title": titel, "Description": omschrijving})
        self._positie += 1

    def groep(self, key: str, titel: str, ouder: int | None = None) -> int:
        id_ = self._volgend_id()
        self.lijst.append({"ID": id_, "Position": None, "ParentID": ouder, "Type": "TopicGroup", "Key": key,
                           "Title": titel, "Description": ""})
        return id_

    def onderwerp(self, key: str, titel: str, eenheid: str, decimalen: int, datatype: str = "Double",
                  ouder: int | None = None, omschrijving: str = "") -> None:
        self.lijst.append({
            "ID": self._volgend_id(), "Position": self._positie, "ParentID": ouder, "Type": "Topic", "Key": key,
            "Title": titel, "Description": omschrijving or f"{titel} (demodata, synthetisch: geen echte cijfers).",
            "Unit": eenheid, "Decimals": decimalen, "Datatype": datatype,
            "Default": "Missing" if datatype == "String" else "Impossible",
            "PresentationType": "Relative" if eenheid == "%" else "Absolute",
        })
        self._positie += 1

    def onderwerp_keys(self) -> list[str]:
        return [e["Key"] for e in self.lijst if e["Type"] == "Topic"]

    def decimalen(self) -> dict[str, int]:
        return {e["Key"]: int(e["Decimals"]) for e in self.lijst if e["Type"] == "Topic" and e["Datatype"] != "String"}


@dataclass
class Dimensie:
    key: str
    titel: str
    soort: str  # Dimension, GeoDimension or TimeDimension
    records: list[dict]


def tabelinfo(tabel_id: str, titel: str, samenvatting: str, periode: str, frequentie: str, gewijzigd: str,
              aantal_rijen: int, aantal_kolommen: int) -> dict[str, Any]:
    return {
        "ID": 0, "Title": f"{DEMO_TITELPREFIX}{titel}", "ShortTitle": f"Demodata {tabel_id}", "Identifier": tabel_id,
        "Summary": f"Demodata (synthetisch): geen echte cijfers. {samenvatting}",
        "Modified": gewijzigd, "MetaDataModified": gewijzigd, "ReasonDelivery": "Demodata (synthetisch)",
        "ExplanatoryText": (
            "Synthetische demodata gemaakt door het Werkboek datagedreven arbeidsmarktbeleid, in de vorm van "
            f"CBS-tabel {tabel_id}. Dit zijn geen echte cijfers: nooit citeren of gebruiken voor beleid. De "
            "gemeenten (codes vanaf GM9001) bestaan niet; regio's, sleutels en titels volgen de echte tabel."
        ),
        "OutputStatus": "Regulier", "Source": "Werkboek datagedreven arbeidsmarktbeleid (demodata, synthetisch)",
        "Language": "nl", "Catalog": "CBS", "Frequency": frequentie, "Period": periode,
        "ShortDescription": f"Demodata (synthetisch) naar model van CBS-tabel {tabel_id}. {samenvatting}",
        "DefaultPresentation": "", "DefaultSelection": "", "GraphTypes": "Table,Bar",
        "RecordCount": aantal_rijen, "ColumnCount": aantal_kolommen, "SearchPriority": "2",
    }


def maak_kubus(tabel_id: str, titel: str, samenvatting: str, periode: str, frequentie: str, gewijzigd: str,
               dimensies: list[Dimensie], eigenschappen: Eigenschappen, waarden: dict[str, Callable],
               categoriegroepen: list[dict] | None = None) -> Kubus:
    """The :class:`Kubus`: dimensions in cube order come first in DataProperties, then the topic entries that
    ``eigenschappen`` already holds (built with dimension IDs reserved)."""
    aantal = int(np.prod([len(d.records) for d in dimensies]))
    metadata: dict[str, list[dict]] = {
        "TableInfos": [tabelinfo(tabel_id, titel, samenvatting, periode, frequentie, gewijzigd, aantal,
                                 len(dimensies) + len(eigenschappen.onderwerp_keys()))],
        "DataProperties": eigenschappen.lijst,
        "CategoryGroups": list(categoriegroepen or []),
    }
    for d in dimensies:
        metadata[d.key] = d.records
    ontbreekt = [k for k in eigenschappen.onderwerp_keys() if k not in waarden]
    if ontbreekt:
        raise ValueError(f"demotabel {tabel_id}: geen waarden voor {ontbreekt}")
    return Kubus(tabel_id, metadata, waarden, eigenschappen.decimalen())


def nieuwe_eigenschappen(dimensies: list[Dimensie]) -> Eigenschappen:
    """DataProperties with the dimensions entered (cube order); add groups and topics after."""
    eigenschappen = Eigenschappen()
    for d in dimensies:
        eigenschappen.dimensie(d.key, d.titel, d.soort)
    return eigenschappen
