"""CBS OData v3 tables: the parsed table (:class:`CbsTabel`), its provenance, and the download of the slice needed.

The parser (:func:`lees_tabel`) reads the parts of contract C1 from any source: a download, the cache or the
demo generator, so demo data and real data pass through the same code. It resolves the register theme against
the table's own metadata (:mod:`werkboek.metadata`), keeps only the total of every dimension the workbook does not
split by, adds up dimensions whose categories form the whole, builds the register's categories (one CBS category,
a sum such as an age band from single years, or a total minus parts), keeps CBS's missing values as NaN with the
reason beside them, and parses periods with their provisional status.

The download (:func:`download_delen`) fetches the metadata parts first, then only the slice of the data the
workbook needs (:class:`werkboek.odata.Plak`: ``$filter`` and ``$select``, split over several requests when the
key lists are long), with the user's connection settings (:mod:`werkboek.verbinding`). Every failure becomes a
:class:`DownloadFout` that says which table failed, why and what to do.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import warnings
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

import cbsodata
import numpy as np
import pandas as pd
import requests
import urllib3
from cbsodata import cbsodata3

from werkboek import metadata, odata
from werkboek.fouten import WerkboekFout, waarschuw
from werkboek.register import Thema
from werkboek.verbinding import Verbindingsinstellingen, lees_instellingen, sessie_klasse

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
            return (
                f"Bron: demodata (synthetisch) naar model van CBS-tabel {self.tabel_id}{deel_periode}"
                " — geen echte cijfers"
            )
        return f"Bron: CBS, tabel {self.tabel_id}{deel_periode}, opgehaald {_datum_nl(self.opgehaald)}"

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


def _datum_nl(iso: str) -> str:
    try:
        return dt.datetime.fromisoformat(iso).strftime("%d-%m-%Y")
    except (TypeError, ValueError):
        return str(iso)


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


# ---------------------------------------------------------------------------------------------------------
# Download: metadata first, then the slice
# ---------------------------------------------------------------------------------------------------------

# cbsodata keeps its host and its Session class in module globals; one download at a time may change them
# (re-entrant, so a caller's plak_voor that needs another table cannot deadlock the thread that holds it).
_DOWNLOAD_SLOT = threading.RLock()
UITWEG = (
    "Wat u kunt doen: probeer het later opnieuw; werk intussen met de bestaande cache ('werkboek data status'), "
    "met een momentopname (bron 'momentopname') of met de demodata (bron 'demo')."
)


@dataclass
class Download:
    delen: dict[str, Any]
    bron_url: str
    opgehaald: str
    plak: odata.Plak | None = None
    filters: list[str | None] = field(default_factory=list)


def _http_status(fout: BaseException) -> int | None:
    while fout is not None:
        antwoord = getattr(fout, "response", None)
        if antwoord is not None and getattr(antwoord, "status_code", None):
            return int(antwoord.status_code)
        fout = fout.__cause__ or fout.__context__
    return None


def vertaal_fout(tabel_id: str, fout: BaseException, instellingen: Verbindingsinstellingen) -> DownloadFout:
    """One Dutch error for any failure of a download: which table, why, and the way out."""
    wie = f"Het downloaden van CBS-tabel {tabel_id} van {instellingen.host} is mislukt"
    status = _http_status(fout)
    if status == 404:
        return DownloadFout(
            f"{wie}: de tabel bestaat niet (meer) (HTTP 404). Controleer het id in data/tabellen.yaml; CBS geeft "
            "tabellen soms opnieuw uit onder een nieuw id. Zoek de nieuwe tabel in de CBS-catalogus en zet het "
            "nieuwe id in het register."
        )
    if status == 400 and _antwoordtekst(fout):
        return DownloadFout(
            f"{wie}: CBS weigerde het verzoek (HTTP 400: {_antwoordtekst(fout)}). Meestal is de tabel te groot om "
            "in één keer op te vragen, of past het filter niet (meer) bij de tabel. Controleer het thema in "
            "data/tabellen.yaml en 'werkboek data status'. " + UITWEG
        )
    if status is not None:
        return DownloadFout(
            f"{wie}: CBS antwoordde met HTTP {status}, ook na {instellingen.pogingen} nieuwe poging(en). {UITWEG}"
        )
    if isinstance(fout, requests.exceptions.SSLError):
        return VerbindingsFout(
            f"{wie}: het TLS-certificaat van de server kon niet worden gecontroleerd ({_kort(fout)}). Op een "
            "gemeentelijk netwerk onderschept een proxy vaak het verkeer: zet het certificaatbestand van uw "
            "organisatie in WERKBOEK_CA_BUNDEL of 'ca_bundel' in data/instellingen.yaml. " + UITWEG
        )
    if isinstance(fout, requests.exceptions.ProxyError):
        return VerbindingsFout(
            f"{wie}: de proxy weigerde of was onbereikbaar ({_kort(fout)}). Controleer HTTPS_PROXY, HTTP_PROXY "
            "en NO_PROXY. " + UITWEG
        )
    if _oorzaak(fout, urllib3.exceptions.NewConnectionError) or _oorzaak(fout, urllib3.exceptions.NameResolutionError):
        # Checked before time-outs: urllib3 derives NewConnectionError from ConnectTimeoutError, so a refused
        # connection (no network, nothing listening) would otherwise be reported as a time-out.
        return VerbindingsFout(
            f"{wie}: er kon geen verbinding worden gemaakt ({_kort(fout)}). Controleer de internetverbinding en de "
            f"proxy-instellingen (HTTPS_PROXY, NO_PROXY). {UITWEG}"
        )
    if isinstance(fout, requests.exceptions.Timeout) or _oorzaak(fout, urllib3.exceptions.TimeoutError):
        return DownloadFout(
            f"{wie}: geen antwoord binnen {instellingen.timeout:g} seconden (time-out), ook na "
            f"{instellingen.pogingen} nieuwe poging(en). Verhoog eventueel WERKBOEK_TIMEOUT. {UITWEG}"
        )
    if isinstance(fout, (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        return DownloadFout(
            f"{wie}: de verbinding kon niet worden gemaakt of werd verbroken ({_kort(fout)}). Controleer de "
            f"internetverbinding en de proxy-instellingen (HTTPS_PROXY, NO_PROXY). {UITWEG}"
        )
    if isinstance(fout, (ValueError, KeyError, TypeError)):
        return DownloadFout(
            f"{wie}: het antwoord was geen geldige JSON of had niet de vorm van CBS OData ({_kort(fout)}). "
            f"Misschien stond er een storingspagina of een proxy-melding tussen. {UITWEG}"
        )
    return DownloadFout(f"{wie}: {_kort(fout)}. {UITWEG}")


def _oorzaak(fout: BaseException, soort: type) -> bool:
    """Whether ``soort`` is somewhere in the chain of causes (requests wraps urllib3's retry errors)."""
    te_doen, gezien = [fout], set()
    while te_doen:
        huidig = te_doen.pop()
        if huidig is None or id(huidig) in gezien:
            continue
        gezien.add(id(huidig))
        if isinstance(huidig, soort):
            return True
        te_doen += [huidig.__cause__, huidig.__context__, getattr(huidig, "reason", None)]
        te_doen += [a for a in getattr(huidig, "args", ()) if isinstance(a, BaseException)]
    return False


def _kort(fout: BaseException) -> str:
    tekst = " ".join(str(fout).split())
    return (tekst[:200] + "…") if len(tekst) > 200 else tekst or type(fout).__name__


def _antwoordtekst(fout: BaseException) -> str:
    """The message of an OData error answer (``odata.error.message.value``), if the server sent one."""
    while fout is not None:
        antwoord = getattr(fout, "response", None)
        if antwoord is not None:
            try:
                return str(antwoord.json()["odata.error"]["message"]["value"])[:300]
            except (ValueError, KeyError, TypeError):
                return ""
        fout = fout.__cause__ or fout.__context__
    return ""


def _haal_deel(tabel_id: str, deel: str, instellingen: Verbindingsinstellingen, filter_: str | None = None,
               select: list[str] | None = None) -> list[dict]:
    """One part of a table, every page (``odata.nextLink``), through cbsodata's own pager.

    cbsodata's public ``download_data`` fetches the data part together with the metadata, before the workbook can
    read the metadata it needs to build the filter; its pager is the library's mechanism for one part.
    """
    return cbsodata3._download_metadata(tabel_id, deel, select=select, filters=filter_,
                                        catalog_url=instellingen.host, **instellingen.request_kwargs())


def download_delen(
    tabel_id: str,
    instellingen: Verbindingsinstellingen | None = None,
    plak_voor: Callable[[dict[str, list[dict]]], odata.Plak] | None = None,
) -> Download:
    """Download the metadata parts of a table, then the slice of its data that ``plak_voor(metadata)`` asks for.

    Without ``plak_voor`` the whole data part is fetched (only sensible for small tables). A ``plak_voor`` that
    raises (for example :class:`werkboek.metadata.MetadataFout` when the table's layout changed) stops the download
    before any data is fetched. Download failures raise :class:`DownloadFout` with a Dutch message saying which
    table failed, why and what to do.
    """
    instellingen = instellingen or lees_instellingen()
    if not instellingen.tls_controle:
        waarschuw(
            f"Let op: de controle van TLS-certificaten staat UIT (WERKBOEK_TLS_CONTROLE / tls_controle) bij het "
            f"downloaden van tabel {tabel_id}. Iemand op het netwerk kan de gegevens dan ongemerkt wijzigen. "
            "Gebruik liever een CA-bundel (WERKBOEK_CA_BUNDEL)."
        )
    bron_url = f"{instellingen.basis_url}/ODataFeed/odata/{tabel_id}/"
    # cbsodata logs through the root logger, which makes Python print urllib3's English "Retrying ..." lines on
    # stderr; each retry is summed up in the Dutch DownloadFout instead.
    urllib3_log = logging.getLogger("urllib3.connectionpool")
    with _DOWNLOAD_SLOT, warnings.catch_warnings():
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        oud_niveau = urllib3_log.level
        urllib3_log.setLevel(logging.ERROR)
        oude_sessie, oude_https = cbsodata3.Session, cbsodata.options.use_https
        cbsodata3.Session = sessie_klasse(instellingen)
        cbsodata.options.use_https = instellingen.https
        try:
            try:
                namen = [str(d["name"]) for d in _haal_deel(tabel_id, "", instellingen)]
                meta = {naam: _haal_deel(tabel_id, naam, instellingen) for naam in namen
                        if naam not in (DATA_DEEL, "UntypedDataSet")}
            except Exception as fout:  # noqa: BLE001 - every failure is translated into one Dutch error
                raise vertaal_fout(tabel_id, fout, instellingen) from fout
            ontbrekend = [deel for deel in ("TableInfos", "DataProperties") if deel not in meta]
            if ontbrekend or DATA_DEEL not in namen:
                raise DownloadFout(
                    f"Het downloaden van tabel {tabel_id} gaf een onvolledig antwoord: de delen "
                    f"{', '.join(ontbrekend + ([] if DATA_DEEL in namen else [DATA_DEEL]))} ontbreken. {UITWEG}"
                )
            plak = plak_voor(meta) if plak_voor is not None else None
            filters = plak.filters() if plak is not None else [None]
            rijen: list[dict] = []
            try:
                for filter_ in filters:
                    rijen += _haal_deel(tabel_id, DATA_DEEL, instellingen, filter_, plak.select() if plak else None)
            except Exception as fout:  # noqa: BLE001
                raise vertaal_fout(tabel_id, fout, instellingen) from fout
        finally:
            cbsodata3.Session, cbsodata.options.use_https = oude_sessie, oude_https
            urllib3_log.setLevel(oud_niveau)
    return Download(delen={**meta, DATA_DEEL: rijen}, bron_url=bron_url, opgehaald=nu_iso(), plak=plak,
                    filters=filters)
