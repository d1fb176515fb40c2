"""CBS OData v3: read a table's parts into a :class:`CbsTabel`, and download them through ``cbsodata``.

The parser (:func:`lees_tabel`) reads the parts of contract C1 from any source: a download, the cache or the
demo generator, so demo data and real data pass through the same code. Unlike ``cbsodata.get_data`` it keeps
the dimension keys next to their titles, parses periods (with the provisional flag), keeps CBS's missing values
as NaN with the reason beside them, and takes units and descriptions from ``DataProperties``.

Topics and dimensions are looked up the way ``data/tabellen.yaml`` describes: the exact key, then the same key
with another number (CBS renumbers ``Banen_1`` to ``Banen_2``), then the title (within the topic group when the
register gives one). Categories are matched on their title, so a register entry "F Bouwnijverheid" must match
the table's title including the code.

The download (:func:`download_delen`) uses ``cbsodata.download_data`` with the user's connection settings
(:mod:`werkboek.verbinding`): host, timeout, retries with backoff per HTTP request, CA bundle, TLS check and
proxies. Every failure becomes a :class:`DownloadFout` that says which table failed, why and what to do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import threading
import unicodedata
import warnings
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from werkboek.fouten import WerkboekFout

if TYPE_CHECKING:  # pragma: no cover - typing only; pandas is imported inside functions
    import pandas as pd

    from werkboek.register import Thema

LICENTIE = "CC BY 4.0, Bron: CBS"
DATA_DEEL = "TypedDataSet"
META_DELEN = ("TableInfos", "DataProperties", "CategoryGroups")
DIMENSIE_TYPES = ("Dimension", "TimeDimension", "GeoDimension")
ONDERWERP_TYPES = ("Topic", "GeoDetail")
NUMERIEKE_TYPES = ("Double", "Float", "Long", "Integer", "Short", "Decimal", "Int32", "Int64")
REDEN_ONTBREKEND = "onbekend, onvoldoende betrouwbaar of geheim (CBS toont '.')"
REGIO_NIVEAUS = ("NL", "LD", "PV", "CR", "AM", "GM")
_STATUS = {"definitief": "definitief", "voorlopig": "voorlopig", "nader voorlopig": "nader voorlopig"}
_PERIODE = re.compile(r"^(?P<jaar>\d{4})(?P<soort>[A-Z]{2})(?P<nummer>\d{2})$")


class CbsFout(WerkboekFout):
    """A CBS table could not be read or downloaded."""


class OntbrekendOnderwerpFout(CbsFout, KeyError):
    """A topic or dimension from the register is not in the table."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class DownloadFout(CbsFout):
    """Downloading a table failed (HTTP status, time-out, connection or an invalid answer)."""


class VerbindingsFout(DownloadFout):
    """CBS could not be reached at all (no network, refused, proxy, TLS): other tables need not be tried now."""


class DataWaarschuwing(UserWarning):
    """A Dutch warning about the data source (stale copy from the cache, TLS check off, nearest classification)."""


@contextlib.contextmanager
def dutch_warnings():
    """Show the data layer's warnings as plain Dutch lines on stderr instead of Python's file-and-line format."""
    import sys

    origineel = warnings.showwarning

    def toon(bericht, categorie, *args, **kwargs):
        if issubclass(categorie, DataWaarschuwing):
            print(f"werkboek: waarschuwing: {bericht}", file=sys.stderr)
        else:
            origineel(bericht, categorie, *args, **kwargs)

    warnings.showwarning = toon
    try:
        yield
    finally:
        warnings.showwarning = origineel


def waarschuw(tekst: str) -> None:
    """Issue a :class:`DataWaarschuwing` every time, not once per place in the code (a user must see each one).

    A fresh registry per call defeats Python's 'show once' bookkeeping while the user's own filters (for
    example ``ignore`` in a notebook) still apply.
    """
    import sys

    aanroeper = sys._getframe(2) if hasattr(sys, "_getframe") else None
    if aanroeper is None:  # pragma: no cover - other Python implementations
        warnings.warn(tekst, DataWaarschuwing, stacklevel=3)
        return
    warnings.warn_explicit(
        tekst, DataWaarschuwing, aanroeper.f_code.co_filename, aanroeper.f_lineno,
        module=aanroeper.f_globals.get("__name__"), registry={},
    )


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
    """A parsed table (contract C2): one row per record, keys and titles, parsed periods, topics as floats."""

    data: pd.DataFrame
    onderwerpen: dict[str, Onderwerp]
    herkomst: Herkomst
    dimensies: dict[str, str] = field(default_factory=dict)  # register name -> key found in the table


def _datum_nl(iso: str) -> str:
    try:
        return dt.datetime.fromisoformat(iso).strftime("%d-%m-%Y")
    except (TypeError, ValueError):
        return str(iso)


def nu_iso() -> str:
    """The current time as an ISO string in UTC, to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def vergelijkbaar(tekst: Any) -> str:
    """Text for comparing titles: accents removed, lower case, runs of white space as one space."""
    zonder = unicodedata.normalize("NFKD", str(tekst)).encode("ascii", "ignore").decode("ascii")
    return " ".join(zonder.lower().split())


def _stam(key: str) -> str:
    return re.sub(r"_\d+$", "", key)


# ---------------------------------------------------------------------------------------------------------
# Finding topics, dimensions and categories
# ---------------------------------------------------------------------------------------------------------


def _groep_titels(eigenschap: dict, per_id: dict[int, dict]) -> list[str]:
    """Titles of the topic groups above a property, nearest first."""
    titels, ouder, gezien = [], eigenschap.get("ParentID"), set()
    while ouder is not None and ouder in per_id and ouder not in gezien:
        gezien.add(ouder)
        titels.append(vergelijkbaar(per_id[ouder].get("Title", "")))
        ouder = per_id[ouder].get("ParentID")
    return titels


def zoek_eigenschap(
    eigenschappen: list[dict], types: tuple[str, ...], key: str, titel: str, groep: str | None = None
) -> dict | None:
    """The DataProperties record for a register entry: exact key, same key stem, then title (within groep)."""
    kandidaten = [e for e in eigenschappen if e.get("Type") in types]
    per_id = {e.get("ID"): e for e in eigenschappen}
    if groep:
        groep_norm = vergelijkbaar(groep)
        in_groep = [e for e in kandidaten if groep_norm in _groep_titels(e, per_id)]
    else:
        in_groep = kandidaten
    for e in kandidaten:
        if e.get("Key") == key:
            return e
    titel_norm = vergelijkbaar(titel)
    op_titel = [e for e in in_groep if vergelijkbaar(e.get("Title", "")) == titel_norm]
    zelfde_stam = [e for e in in_groep if _stam(str(e.get("Key", ""))) == _stam(key)]
    if len(zelfde_stam) > 1:
        zelfde_stam = [e for e in zelfde_stam if e in op_titel]
    # A renumbered key wins, unless its title differs and another topic carries exactly the register's title.
    if len(zelfde_stam) == 1 and (zelfde_stam[0] in op_titel or len(op_titel) != 1):
        return zelfde_stam[0]
    if len(op_titel) == 1:
        return op_titel[0]
    return None


def _ontbreekt(tabel_id: str, soort: str, naam: str, key: str, titel: str, groep: str | None, eigenschappen, types):
    beschikbaar = ", ".join(f"{e.get('Key')} ('{e.get('Title')}')" for e in eigenschappen if e.get("Type") in types)
    waar = f" in de groep '{groep}'" if groep else ""
    return OntbrekendOnderwerpFout(
        f"Tabel {tabel_id} heeft geen {soort} '{naam}': niet gevonden op key '{key}', niet op een key met een "
        f"ander volgnummer en niet op de titel '{titel}'{waar}. CBS heeft de tabel misschien gewijzigd of "
        f"opnieuw uitgegeven. Pas '{naam}' aan in data/tabellen.yaml (key of titel) of voeg een nieuw tabel-id "
        f"toe. Beschikbaar in deze tabel: {beschikbaar or 'niets'}."
    )


def categorie_index(register_categorieen: dict[str, str], dimensie_records: list[dict]) -> tuple[dict[str, str], list[str]]:
    """Map stripped CBS category keys to the register's canonical names (matched on title), plus what is missing."""
    per_titel: dict[str, str] = {}
    for record in dimensie_records:
        per_titel.setdefault(vergelijkbaar(record.get("Title", "")), str(record.get("Key", "")).strip())
    index, ontbrekend = {}, []
    for canoniek, titel in register_categorieen.items():
        key = per_titel.get(vergelijkbaar(titel))
        if key is None:
            ontbrekend.append(f"{canoniek} ('{titel}')")
        else:
            index[key] = canoniek
    return index, ontbrekend


# ---------------------------------------------------------------------------------------------------------
# Periods and regions
# ---------------------------------------------------------------------------------------------------------


def lees_periode(key: str, titel: str | None = None, status: str | None = None) -> dict[str, Any]:
    """Parse a CBS period key ('2023JJ00', '2023KW02', '2023MM11') with its title and Status."""
    key = str(key).strip()
    match = _PERIODE.match(key)
    jaar = int(key[:4]) if key[:4].isdigit() else None
    kwartaal = maand = None
    if match:
        soort, nummer = match.group("soort"), int(match.group("nummer"))
        kwartaal = nummer if soort == "KW" else None
        maand = nummer if soort == "MM" else None
    titel = (titel or "").strip()
    if status and vergelijkbaar(status) in _STATUS:
        periode_status = _STATUS[vergelijkbaar(status)]
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
        "voorlopig": periode_status != "definitief" or titel.endswith("*"),
        "periode_status": periode_status,
    }


def regio_niveau(key: str) -> str:
    """'NL', 'LD', 'PV', 'CR', 'AM' or 'GM' from a region key (other prefixes are returned as they are)."""
    return str(key).strip()[:2].upper()


# ---------------------------------------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------------------------------------


def _als_frame(records):
    import pandas as pd

    if isinstance(records, pd.DataFrame):
        return records.reset_index(drop=True)
    return pd.DataFrame.from_records(list(records))


def _tabelinfo(delen: dict) -> dict:
    infos = delen.get("TableInfos") or [{}]
    return infos[0] if isinstance(infos, list) else {}


def _per_waarde(sleutels, functie, dtype: str = "string"):
    """Apply ``functie`` once per distinct non-missing key and spread the result over the rows."""
    import pandas as pd

    uitkomst = {k: functie(k) for k in sleutels.dropna().unique()}
    return sleutels.astype(object).map(uitkomst).astype(dtype)


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
    :class:`OntbrekendOnderwerpFout` when a register topic or dimension cannot be found.
    """
    import pandas as pd

    info = _tabelinfo(delen)
    tabel_id = str(info.get("Identifier") or "?")
    eigenschappen = list(delen.get("DataProperties") or [])
    data = _als_frame(delen.get(DATA_DEEL, []))
    uit = pd.DataFrame(index=data.index)
    gevonden_dimensies: dict[str, str] = {}

    for naam, spec in thema.dimensies.items():
        eigenschap = zoek_eigenschap(eigenschappen, DIMENSIE_TYPES, spec.key, spec.titel)
        if eigenschap is None or eigenschap["Key"] not in data.columns and len(data):
            raise _ontbreekt(tabel_id, "dimensie", naam, spec.key, spec.titel, None, eigenschappen, DIMENSIE_TYPES)
        key = eigenschap["Key"]
        gevonden_dimensies[naam] = key
        records = list(delen.get(key) or [])
        ruw = data[key] if len(data) else pd.Series([], dtype="object")
        # Work per distinct key, not per row: a table has few categories and many rows.
        gestript = {k: (None if k is None or k != k else str(k).strip()) for k in pd.unique(ruw)}
        sleutels = ruw.map(gestript).astype("string")
        uit[naam] = sleutels
        titels = {str(r.get("Key", "")).strip(): str(r.get("Title", "")).strip() for r in records}
        uit[f"{naam}_titel"] = _per_waarde(sleutels, titels.get)
        if naam in thema.categorieen:
            index, ontbrekend = categorie_index(thema.categorieen[naam], records)
            if ontbrekend:
                waarschuw(
                    f"Tabel {tabel_id}: de categorieën {', '.join(ontbrekend)} van dimensie '{naam}' staan niet "
                    "in de tabel (vergeleken op titel). Controleer de titels in data/tabellen.yaml."
                )
            uit[f"{naam}_categorie"] = _per_waarde(sleutels, index.get)
        if eigenschap.get("Type") == "TimeDimension" or naam == "periode":
            per_key = {str(r.get("Key", "")).strip(): r for r in records}
            ontleed = {
                k: lees_periode(k, per_key.get(k, {}).get("Title"), per_key.get(k, {}).get("Status"))
                for k in gestript.values() if k is not None
            }
            for kolom in ("jaar", "kwartaal", "maand"):
                uit[kolom] = _per_waarde(sleutels, lambda k, kolom=kolom: ontleed[k][kolom], "Int64")
            uit["voorlopig"] = _per_waarde(sleutels, lambda k: ontleed[k]["voorlopig"], "boolean").fillna(False).astype(bool)
            uit["periode_status"] = _per_waarde(sleutels, lambda k: ontleed[k]["periode_status"])
        if eigenschap.get("Type") == "GeoDimension" or naam == "regio":
            uit["regio_niveau"] = _per_waarde(sleutels, regio_niveau)

    onderwerpen: dict[str, Onderwerp] = {}
    for naam, spec in thema.onderwerpen.items():
        eigenschap = zoek_eigenschap(eigenschappen, ONDERWERP_TYPES, spec.key, spec.titel, spec.groep)
        if eigenschap is None or (len(data) and eigenschap["Key"] not in data.columns):
            raise _ontbreekt(tabel_id, "onderwerp", naam, spec.key, spec.titel, spec.groep, eigenschappen, ONDERWERP_TYPES)
        key = eigenschap["Key"]
        ruw = data[key] if len(data) else pd.Series([], dtype="object")
        if eigenschap.get("Datatype") in NUMERIEKE_TYPES or eigenschap.get("Datatype") is None:
            waarden = pd.to_numeric(ruw, errors="coerce").astype("float64")
            reden = pd.Series(pd.NA, index=data.index, dtype="string")
            reden[ruw.isna()] = REDEN_ONTBREKEND
            onleesbaar = ruw.notna() & waarden.isna()
            reden[onleesbaar] = "geen getal: " + ruw[onleesbaar].astype(str).str.strip()
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
    return CbsTabel(data=uit, onderwerpen=onderwerpen, herkomst=herkomst, dimensies=gevonden_dimensies)



# ---------------------------------------------------------------------------------------------------------
# Connection settings
# ---------------------------------------------------------------------------------------------------------

INSTELLINGEN_BESTAND = "instellingen.yaml"
STANDAARD_HOST = "opendata.cbs.nl"
HERHAAL_STATUS = (429, 500, 502, 503, 504)
MAX_WACHTEN = 60  # seconds between two attempts at most
_UIT = ("0", "nee", "uit", "false", "no", "off")
_AAN = ("1", "ja", "aan", "true", "yes", "on")


class InstellingenFout(WerkboekFout):
    """A connection setting (environment variable or data/instellingen.yaml) is not valid."""


@dataclass
class Verbindingsinstellingen:
    """How the workbook reaches CBS: host, time-out, retries, CA bundle, TLS check. Proxies come from the environment."""

    host: str = STANDAARD_HOST
    https: bool = True
    timeout: float = 60.0
    pogingen: int = 4
    wachttijd: float = 1.0
    ca_bundel: str | None = None
    tls_controle: bool = True
    herkomst: dict[str, str] = field(default_factory=dict)  # setting -> where it came from

    @property
    def basis_url(self) -> str:
        return f"{'https' if self.https else 'http'}://{self.host}"

    def verify(self) -> bool | str:
        if not self.tls_controle:
            return False
        return self.ca_bundel or True

    def request_kwargs(self) -> dict[str, Any]:
        """Keyword arguments cbsodata passes to ``Session.send`` for every request."""
        return {"timeout": self.timeout, "verify": self.verify()}


def _host_en_https(waarde: str) -> tuple[str, bool]:
    waarde = waarde.strip().rstrip("/")
    for schema, https in (("https://", True), ("http://", False)):
        if waarde.lower().startswith(schema):
            return waarde[len(schema):], https
    return waarde, True


def _als_getal(waarde: Any, naam: str, waar: str, soort=float, minimum: float = 0):
    try:
        getal = soort(waarde)
    except (TypeError, ValueError):
        getal = None
    if getal is None or getal < minimum:
        raise InstellingenFout(
            f"De instelling '{naam}' ({waar}) moet een getal van minstens {minimum} zijn; gevonden: {waarde!r}."
        )
    return getal


def _als_janee(waarde: Any, naam: str, waar: str) -> bool:
    if isinstance(waarde, bool):
        return waarde
    tekst = str(waarde).strip().lower()
    if tekst in _AAN:
        return True
    if tekst in _UIT:
        return False
    raise InstellingenFout(f"De instelling '{naam}' ({waar}) moet 'ja' of 'nee' zijn; gevonden: {waarde!r}.")


def instellingen_pad():
    """The user's settings file: WERKBOEK_INSTELLINGEN, else data/instellingen.yaml."""
    import os
    from pathlib import Path

    from werkboek import paden

    eigen = os.environ.get("WERKBOEK_INSTELLINGEN")
    return Path(eigen) if eigen else paden.data_dir() / INSTELLINGEN_BESTAND


def lees_instellingen(omgeving: dict[str, str] | None = None) -> Verbindingsinstellingen:
    """Connection settings: defaults, then data/instellingen.yaml (or WERKBOEK_INSTELLINGEN), then environment.

    Environment variables: WERKBOEK_CBS_HOST (host or URL of CBS or a mirror), WERKBOEK_TIMEOUT (seconds),
    WERKBOEK_POGINGEN (retries per request), WERKBOEK_WACHTTIJD (backoff factor in seconds),
    WERKBOEK_CA_BUNDEL (else REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE), WERKBOEK_TLS_CONTROLE=nee.
    """
    import os

    import yaml

    omgeving = dict(os.environ) if omgeving is None else omgeving
    waarden: dict[str, tuple[Any, str]] = {}
    pad = instellingen_pad()
    if pad.is_file():
        try:
            inhoud = yaml.safe_load(pad.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as fout:
            raise InstellingenFout(f"Het instellingenbestand {pad} is niet leesbaar ({fout}). Herstel of verwijder het.") from fout
        if not isinstance(inhoud, dict):
            raise InstellingenFout(f"Het instellingenbestand {pad} moet uit regels 'naam: waarde' bestaan.")
        bekend = {"cbs_host", "timeout", "pogingen", "wachttijd", "ca_bundel", "tls_controle"}
        onbekend = sorted(set(inhoud) - bekend)
        if onbekend:
            raise InstellingenFout(
                f"Onbekende instelling(en) {', '.join(onbekend)} in {pad}; geldig zijn {', '.join(sorted(bekend))}."
            )
        waarden.update({naam: (waarde, str(pad)) for naam, waarde in inhoud.items() if waarde is not None})
    for naam, variabelen in (
        ("cbs_host", ("WERKBOEK_CBS_HOST",)),
        ("timeout", ("WERKBOEK_TIMEOUT",)),
        ("pogingen", ("WERKBOEK_POGINGEN",)),
        ("wachttijd", ("WERKBOEK_WACHTTIJD",)),
        ("tls_controle", ("WERKBOEK_TLS_CONTROLE",)),
        ("ca_bundel", ("WERKBOEK_CA_BUNDEL", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")),
    ):
        for variabele in variabelen:
            if omgeving.get(variabele, "").strip():
                if naam != "ca_bundel" or variabele == "WERKBOEK_CA_BUNDEL" or "ca_bundel" not in waarden:
                    waarden[naam] = (omgeving[variabele].strip(), f"omgevingsvariabele {variabele}")
                break
    inst = Verbindingsinstellingen()
    for naam, (waarde, waar) in waarden.items():
        inst.herkomst[naam] = waar
        if naam == "cbs_host":
            inst.host, inst.https = _host_en_https(str(waarde))
        elif naam == "timeout":
            inst.timeout = _als_getal(waarde, naam, waar, float, 0.01)
        elif naam == "pogingen":
            inst.pogingen = _als_getal(waarde, naam, waar, int, 0)
        elif naam == "wachttijd":
            inst.wachttijd = _als_getal(waarde, naam, waar, float, 0)
        elif naam == "tls_controle":
            inst.tls_controle = _als_janee(waarde, naam, waar)
        elif naam == "ca_bundel":
            if not os.path.exists(str(waarde)):
                raise InstellingenFout(
                    f"De CA-bundel '{waarde}' ({waar}) bestaat niet. Vraag uw ICT-afdeling om het pad naar het "
                    "certificaatbestand (.pem) van de organisatie, of verwijder de instelling."
                )
            inst.ca_bundel = str(waarde)
    return inst


def proxies_voor(url: str) -> dict[str, str]:
    """Proxies from the environment (http_proxy/HTTP_PROXY, https_proxy/HTTPS_PROXY), honouring NO_PROXY."""
    import requests

    return requests.utils.get_environ_proxies(url, no_proxy=None)


def sessie_klasse(instellingen: Verbindingsinstellingen):
    """A ``requests.Session`` subclass for cbsodata: retries with backoff per request, proxies, TLS settings.

    cbsodata makes a new ``Session()`` for every page; mounting the retry adapter there means a failure on
    page 5 retries page 5, not the whole table.
    """
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    class BegrensdeHerhaling(Retry):
        def get_retry_after(self, response):
            # A server may ask to wait an hour (Retry-After); never wait longer than a minute per attempt.
            wachten = super().get_retry_after(response)
            return None if wachten is None else min(wachten, MAX_WACHTEN)

    herhaling = BegrensdeHerhaling(
        total=instellingen.pogingen,
        connect=instellingen.pogingen,
        read=instellingen.pogingen,
        status=instellingen.pogingen,
        backoff_factor=instellingen.wachttijd,
        backoff_max=MAX_WACHTEN,
        status_forcelist=HERHAAL_STATUS,
        allowed_methods=frozenset({"GET"}),
        raise_on_status=False,  # the last answer comes back, so the error names the HTTP status
    )

    class WerkboekSessie(requests.Session):
        def __init__(self) -> None:
            super().__init__()
            adapter = HTTPAdapter(max_retries=herhaling)
            self.mount("http://", adapter)
            self.mount("https://", adapter)

        def send(self, request, **kwargs):
            kwargs["proxies"] = proxies_voor(request.url)
            kwargs["verify"] = instellingen.verify()
            kwargs.setdefault("timeout", instellingen.timeout)
            return super().send(request, **kwargs)

    return WerkboekSessie


# ---------------------------------------------------------------------------------------------------------
# Download through cbsodata
# ---------------------------------------------------------------------------------------------------------

# cbsodata keeps its host and its Session class in module globals; one download at a time may change them.
_DOWNLOAD_SLOT = threading.Lock()
UITWEG = (
    "Wat u kunt doen: probeer het later opnieuw; werk intussen met de bestaande cache ('werkboek data status'), "
    "met een momentopname (bron 'momentopname') of met de demodata (bron 'demo')."
)


@dataclass
class Download:
    delen: dict[str, list[dict]]
    bron_url: str
    opgehaald: str


def _http_status(fout: BaseException) -> int | None:
    while fout is not None:
        antwoord = getattr(fout, "response", None)
        if antwoord is not None and getattr(antwoord, "status_code", None):
            return int(antwoord.status_code)
        fout = fout.__cause__ or fout.__context__
    return None


def vertaal_fout(tabel_id: str, fout: BaseException, instellingen: Verbindingsinstellingen) -> DownloadFout:
    """One Dutch error for any failure of a download: which table, why, and the way out."""
    import requests
    import urllib3

    wie = f"Het downloaden van CBS-tabel {tabel_id} van {instellingen.host} is mislukt"
    status = _http_status(fout)
    if status == 404:
        return DownloadFout(
            f"{wie}: de tabel bestaat niet (meer) (HTTP 404). Controleer het id in data/tabellen.yaml; CBS geeft "
            "tabellen soms opnieuw uit onder een nieuw id. Zoek de nieuwe tabel in de CBS-catalogus en zet het "
            "nieuwe id in het register."
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


def download_delen(tabel_id: str, instellingen: Verbindingsinstellingen | None = None) -> Download:
    """Download every part of a table (TypedDataSet plus metadata) once, with retries per HTTP request.

    Raises :class:`DownloadFout` with a Dutch message saying which table failed, why and what to do.
    """
    import cbsodata
    import urllib3
    from cbsodata import cbsodata3

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
            delen = cbsodata.download_data(
                tabel_id, typed=False, catalog_url=instellingen.host, **instellingen.request_kwargs()
            )
        except Exception as fout:  # noqa: BLE001 - every failure is translated into one Dutch error
            raise vertaal_fout(tabel_id, fout, instellingen) from fout
        finally:
            cbsodata3.Session, cbsodata.options.use_https = oude_sessie, oude_https
            urllib3_log.setLevel(oud_niveau)
    ontbrekend = [deel for deel in (DATA_DEEL, *META_DELEN[:2]) if deel not in delen]
    if ontbrekend:
        raise DownloadFout(
            f"Het downloaden van tabel {tabel_id} gaf een onvolledig antwoord: de delen {', '.join(ontbrekend)} "
            f"ontbreken. {UITWEG}"
        )
    return Download(delen=delen, bron_url=bron_url, opgehaald=nu_iso())
