"""The download of a CBS table: the metadata parts first, then only the slice of the data the workbook needs
(:class:`werkboek.odata.Plak`: ``$filter`` and ``$select``, split over several requests when the key lists are
long), with the user's connection settings (:mod:`werkboek.verbinding`). Every failure becomes a
:class:`werkboek.cbs.DownloadFout` that says which table failed, why and what to do. The fault helpers
(:func:`vertaal_fout` and the short reasons) serve the DUO client too.
"""

from __future__ import annotations

import logging
import threading
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import cbsodata
import requests
import urllib3
from cbsodata import cbsodata3

from werkboek import odata
from werkboek.cbs import DATA_DEEL, DownloadFout, VerbindingsFout, nu_iso
from werkboek.fouten import waarschuw
from werkboek.verbinding import Verbindingsinstellingen, lees_instellingen, sessie_klasse

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
