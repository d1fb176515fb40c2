"""CBS OData v3 tables: the parsed table (:class:`CbsTabel`) and its provenance.

The parser (:func:`lees_tabel`) reads the parts of contract C1 from any source: a download, the cache or the
demo generator, so demo data and real data pass through the same code. It resolves the register theme against
the table's own metadata (:mod:`werkboek.metadata`), keeps only the total of every dimension the workbook does not
split by, adds up dimensions whose categories form the whole, builds the register's categories (one CBS category,
a sum such as an age band from single years, or a total minus parts), keeps CBS's missing values as NaN with the
reason beside them, and parses periods with their provisional status.

The download of a table lives in :mod:`werkboek.cbs_download`; its errors are defined here, next to the table.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from werkboek import metadata, odata, tekst
from werkboek.fouten import WerkboekFout
from werkboek.register import Thema

LICENTIE = "CC BY 4.0, Bron: CBS"
DATA_DEEL = odata.DATA_DEEL
NUMERIEKE_TYPES = ("Double", "Float", "Long", "Integer", "Short", "Decimal", "Int32", "Int64")
REDEN_ONTBREKEND = "onbekend, onvoldoende betrouwbaar of geheim (CBS toont '.')"
REDEN_DEEL_ONTBREEKT = "onbekend: een of meer delen van de som zijn onbekend of geheim"
_STATUS = {"definitief": "definitief", "voorlopig": "voorlopig", "nader voorlopig": "nader voorlopig"}
_PERIODE = re.compile(r"^(?P<jaar>\d{4})(?P<soort>[A-Z]{2})(?P<nummer>\d{2})$")


class CbsFout(WerkboekFout):
    """A CBS table could not be read or downloaded."""


class DownloadFout(CbsFout):
    """Downloading a table failed (HTTP status, time-out, connection or an invalid answer)."""


class VerbindingsFout(DownloadFout):
    """CBS could not be reached at all (no network, refused, proxy, TLS): other tables need not be tried now."""


@dataclass
class Onderwerp:
    """One topic of a parsed table: the register name with what CBS says about it."""

    naam: str
    key: str
    titel: str
    eenheid: str | None
    decimalen: int | None
    omschrijving: str


@dataclass
class Herkomst:
    """Where a table's figures come from; every figure and table in the workbook carries its ``bronregel``."""

    thema: str
    tabel_id: str
    titel: str
    gewijzigd: str
    opgehaald: str
    bron_url: str
    licentie: str = LICENTIE
    rijen: int = 0
    demo: bool = False
    indeling: int | None = None
    gecontroleerd: bool = False
    periode: str = ""  # e.g. "2015–2024", from the data; used when bronregel() gets no period

    def bronregel(self, periode: str | None = None) -> str:
        """The Dutch source line for under a figure or table."""
        periode = periode if periode is not None else self.periode
        deel_periode = f", {periode}" if periode else ""
        if self.demo:
            return f"Bron: {tekst.DEMO_BRON} CBS-tabel {self.tabel_id}{deel_periode}{tekst.DEMO_STAART}"
        return f"Bron: CBS, tabel {self.tabel_id}{deel_periode}, opgehaald {tekst.datum(self.opgehaald)}"

    def als_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CbsTabel:
    """A parsed table (contract C2): one row per combination of the register's categories, region and period."""

    data: pd.DataFrame
    onderwerpen: dict[str, Onderwerp]
    herkomst: Herkomst
    dimensies: dict[str, str] = field(default_factory=dict)  # register name -> key found in the table
    resolutie: metadata.Resolutie | None = None


def nu_iso() -> str:
    """The current time as an ISO string in UTC, to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


# ---------------------------------------------------------------------------------------------------------
# Periods and regions
# ---------------------------------------------------------------------------------------------------------


def lees_periode(key: str, titel: str | None = None, status: str | None = None) -> dict[str, Any]:
    """Parse a CBS period key ('2023JJ00', '2023KW02', '2023MM11', '2018SJ00') with its title and Status."""
    key = str(key).strip()
    match = _PERIODE.match(key)
    jaar = int(key[:4]) if key[:4].isdigit() else None
    kwartaal = maand = None
    soort = None
    if match:
        soort, nummer = match.group("soort"), int(match.group("nummer"))
        kwartaal = nummer if soort == "KW" else None
        maand = nummer if soort == "MM" else None
    titel = (titel or "").strip()
    if status and metadata.vergelijkbaar(status) in _STATUS:
        periode_status = _STATUS[metadata.vergelijkbaar(status)]
    elif titel.endswith("**"):
        periode_status = "nader voorlopig"
    elif titel.endswith("*"):
        periode_status = "voorlopig"
    else:
        periode_status = "definitief"
    return {
        "jaar": jaar,
        "kwartaal": kwartaal,
        "maand": maand,
        "soort": soort,
        "voorlopig": periode_status != "definitief" or titel.endswith("*"),
        "periode_status": periode_status,
    }


def regio_niveau(key: str) -> str:
    """'NL', 'LD', 'PV', 'CR', 'AM' or 'GM' from a region key (other prefixes are returned as they are)."""
    return str(key).strip()[:2].upper()


# ---------------------------------------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------------------------------------


def _als_frame(records) -> pd.DataFrame:
    if isinstance(records, pd.DataFrame):
        return records.reset_index(drop=True)
    return pd.DataFrame.from_records(list(records))


def _tabelinfo(delen: dict) -> dict:
    infos = delen.get("TableInfos") or [{}]
    return infos[0] if isinstance(infos, list) and infos else {}


def _per_waarde(sleutels: pd.Series, functie, dtype: str = "string") -> pd.Series:
    """Apply ``functie`` once per distinct non-missing key and spread the result over the rows."""
    uitkomst = {k: functie(k) for k in sleutels.dropna().unique()}
    return sleutels.astype(object).map(uitkomst).astype(dtype)


def _numeriek(eigenschap: dict) -> bool:
    return eigenschap.get("Datatype") in NUMERIEKE_TYPES or eigenschap.get("Datatype") is None


def _gestript(kolom: pd.Series) -> pd.Series:
    gestript = {k: (None if k is None or k != k else str(k).strip()) for k in pd.unique(kolom)}
    return kolom.map(gestript).astype("string")


def _naar_categorieen(data: pd.DataFrame, dim: str, categorieen: dict[str, metadata.Categorie],
                      onderwerpen: list[str], groepeer: list[str]) -> pd.DataFrame:
    """Replace the keys of dimension ``dim`` by the register's categories; a category made of several CBS
    categories is their signed sum, unknown as soon as one part is unknown or absent."""
    delen = []
    for naam, categorie in categorieen.items():
        if categorie.enkelvoudig:
            deel = data[data[dim] == categorie.keys[0].strip()].copy()
            deel[dim] = naam
            delen.append(deel)
            continue
        stukken = []
        for key, teken in categorie.delen:
            stuk = data[data[dim] == key.strip()].copy()
            stuk[onderwerpen] = stuk[onderwerpen] * teken
            stukken.append(stuk)
        samen = pd.concat(stukken, ignore_index=True)
        som = samen.groupby(groepeer, dropna=False, sort=False)[onderwerpen].sum(min_count=len(categorie.delen))
        volledig = samen.groupby(groepeer, dropna=False, sort=False)[onderwerpen].count() == len(categorie.delen)
        som = som.where(volledig).reset_index()
        som[dim] = naam
        delen.append(som)
    kolommen = [dim, *groepeer, *onderwerpen]
    if not delen:
        return pd.DataFrame(columns=kolommen)
    return pd.concat([d[kolommen] for d in delen], ignore_index=True)


def lees_tabel(
    delen: dict[str, Any],
    thema: Thema,
    *,
    indeling: int | None = None,
    gecontroleerd: bool = False,
    demo: bool = False,
    opgehaald: str | None = None,
    bron_url: str = "",
) -> CbsTabel:
    """Parse the OData parts of one table (contract C1) into a :class:`CbsTabel` (contract C2).

    ``delen`` may hold the data part as records or as a DataFrame (as the cache reads it). Raises
    :class:`werkboek.metadata.MetadataFout` when the register theme cannot be resolved in the table.
    """
    resolutie = metadata.los_op(delen, thema)
    info = _tabelinfo(delen)
    tabel_id = resolutie.tabel_id
    data = _als_frame(delen.get(DATA_DEEL, []))
    onderwerp_keys = {naam: str(e["Key"]) for naam, e in resolutie.onderwerpen.items()}
    numeriek = [k for naam, k in onderwerp_keys.items() if _numeriek(resolutie.onderwerpen[naam])]
    dim_keys = list(resolutie.alle_keys)
    for key in dim_keys:
        if key not in data.columns:
            data[key] = pd.Series(dtype="string") if data.empty else None
        else:
            data[key] = _gestript(data[key])
    for key in onderwerp_keys.values():
        if key not in data.columns:
            if len(data):
                raise metadata.MetadataFout(
                    f"Tabel {tabel_id}: het onderwerp {key} staat in de metadata maar niet in de data. Haal de tabel "
                    "opnieuw op ('werkboek data voorbereiden --ververs')."
                )
            data[key] = pd.Series(dtype="float64")
    for key in numeriek:
        data[key] = pd.to_numeric(data[key], errors="coerce").astype("float64")

    # Dimensions the workbook does not split by: only their total, so no person or job is counted twice.
    for key, totaal in resolutie.vast.items():
        data = data[data[key] == totaal.strip()]
    periode_spec = thema.dimensies.get("periode")
    periode_key = resolutie.dimensies.get("periode")
    if periode_spec is not None and periode_spec.soort and len(data):
        data = data[data[periode_key].str[4:6] == periode_spec.soort]
    register_keys = [resolutie.dimensies[n] for n in thema.dimensies]
    if resolutie.optellen:
        # Dimensions without a total whose categories form the whole (register 'optellen'): their sum.
        groepeer = [k for k in register_keys]
        aantal = int(np.prod([len(v) for v in resolutie.optellen.values()]))
        gegroepeerd = data.groupby(groepeer, dropna=False, sort=False)
        data = gegroepeerd[numeriek].sum(min_count=aantal).where(gegroepeerd[numeriek].count() == aantal).reset_index()
    data = data[[*register_keys, *onderwerp_keys.values()]].reset_index(drop=True)
    for naam, categorieen in resolutie.categorieen.items():
        key = resolutie.dimensies[naam]
        data = _naar_categorieen(data, key, categorieen, numeriek, [k for k in register_keys if k != key])

    uit = pd.DataFrame(index=data.index)
    for naam in thema.dimensies:
        key = resolutie.dimensies[naam]
        sleutels = data[key].astype("string")
        uit[naam] = sleutels
        titels = resolutie.titels.get(key, {})
        if naam in resolutie.categorieen:
            per_categorie = {c: cat.titel for c, cat in resolutie.categorieen[naam].items()}
            uit[f"{naam}_titel"] = _per_waarde(sleutels, per_categorie.get)
            uit[f"{naam}_categorie"] = sleutels
        else:
            uit[f"{naam}_titel"] = _per_waarde(sleutels, titels.get)
        if resolutie.dimensietypes.get(key) == "TimeDimension" or naam == "periode":
            records = {str(r.get("Key", "")).strip(): r for r in delen.get(key) or []}
            ontleed = {k: lees_periode(k, records.get(k, {}).get("Title"), records.get(k, {}).get("Status"))
                       for k in sleutels.dropna().unique()}
            for kolom in ("jaar", "kwartaal", "maand"):
                uit[kolom] = _per_waarde(sleutels, lambda k, kolom=kolom: ontleed[k][kolom], "Int64")
            uit["voorlopig"] = _per_waarde(sleutels, lambda k: ontleed[k]["voorlopig"], "boolean").fillna(False).astype(bool)
            uit["periode_status"] = _per_waarde(sleutels, lambda k: ontleed[k]["periode_status"])
        if resolutie.dimensietypes.get(key) == "GeoDimension" or naam == "regio":
            uit["regio_niveau"] = _per_waarde(sleutels, regio_niveau)

    # Rows whose value is a sum of CBS cells: a missing value there means one of the parts is missing.
    samengesteld = pd.Series(bool(resolutie.optellen), index=data.index)
    for naam, categorieen in resolutie.categorieen.items():
        samen = [c for c, cat in categorieen.items() if not cat.enkelvoudig]
        samengesteld |= data[resolutie.dimensies[naam]].isin(samen).to_numpy()

    onderwerpen: dict[str, Onderwerp] = {}
    for naam, spec in thema.onderwerpen.items():
        eigenschap = resolutie.onderwerpen[naam]
        key = str(eigenschap["Key"])
        ruw = data[key]
        if key in numeriek:
            waarden = ruw.astype("float64")
            reden = pd.Series(pd.NA, index=data.index, dtype="string")
            reden[waarden.isna()] = REDEN_ONTBREKEND
            reden[waarden.isna() & samengesteld] = REDEN_DEEL_ONTBREEKT
        else:
            waarden = ruw.astype("string").str.strip()
            reden = pd.Series(pd.NA, index=data.index, dtype="string")
            reden[waarden.isna()] = REDEN_ONTBREKEND
        uit[naam] = waarden
        uit[f"{naam}_reden"] = reden
        decimalen = eigenschap.get("Decimals")
        onderwerpen[naam] = Onderwerp(
            naam=naam,
            key=key,
            titel=str(eigenschap.get("Title", "")).strip(),
            eenheid=(str(eigenschap.get("Unit")).strip() if eigenschap.get("Unit") else spec.eenheid),
            decimalen=int(decimalen) if decimalen not in (None, "") else None,
            omschrijving=str(eigenschap.get("Description") or "").strip(),
        )

    periode = str(info.get("Period") or "")
    if "jaar" in uit.columns and uit["jaar"].notna().any():
        laagste, hoogste = int(uit["jaar"].min()), int(uit["jaar"].max())
        periode = str(laagste) if laagste == hoogste else f"{laagste}–{hoogste}"
    herkomst = Herkomst(
        thema=thema.naam,
        tabel_id=tabel_id,
        titel=str(info.get("Title") or thema.titel),
        gewijzigd=str(info.get("Modified") or ""),
        opgehaald=opgehaald or nu_iso(),
        bron_url=bron_url,
        rijen=len(uit),
        demo=demo,
        indeling=indeling,
        gecontroleerd=gecontroleerd,
        periode=periode,
    )
    return CbsTabel(data=uit.reset_index(drop=True), onderwerpen=onderwerpen, herkomst=herkomst,
                    dimensies=dict(resolutie.dimensies), resolutie=resolutie)
