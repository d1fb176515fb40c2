"""How the workbook reaches CBS and DUO (or a mirror): hosts, time-out, retries with backoff, CA bundle, TLS check,
proxies.

Settings come from defaults, then ``data/instellingen.yaml`` (or the file in WERKBOEK_INSTELLINGEN), then
environment variables, which win. :func:`sessie_klasse` turns them into a ``requests.Session`` that every HTTP
request of a download goes through.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import yaml
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from werkboek import paden
from werkboek.fouten import WerkboekFout


INSTELLINGEN_BESTAND = "instellingen.yaml"
STANDAARD_HOST = "opendata.cbs.nl"
STANDAARD_DUO_HOST = "onderwijsdata.duo.nl"  # DUO's open data portal (CKAN)
HERHAAL_STATUS = (429, 500, 502, 503, 504)
MAX_WACHTEN = 60  # seconds between two attempts at most
_UIT = ("0", "nee", "uit", "false", "no", "off")
_AAN = ("1", "ja", "aan", "true", "yes", "on")


class InstellingenFout(WerkboekFout):
    """A connection setting (environment variable or data/instellingen.yaml) is not valid."""


@dataclass
class Verbindingsinstellingen:
    """How the workbook reaches CBS and DUO: hosts, time-out, retries, CA bundle, TLS check. Proxies come from the
    environment. The time-out, retries, CA bundle and TLS check hold for both hosts."""

    host: str = STANDAARD_HOST
    https: bool = True
    duo_host: str = STANDAARD_DUO_HOST
    duo_https: bool = True
    timeout: float = 60.0
    pogingen: int = 4
    wachttijd: float = 1.0
    ca_bundel: str | None = None
    tls_controle: bool = True
    herkomst: dict[str, str] = field(default_factory=dict)  # setting -> where it came from

    @property
    def basis_url(self) -> str:
        return f"{'https' if self.https else 'http'}://{self.host}"

    @property
    def duo_basis_url(self) -> str:
        return f"{'https' if self.duo_https else 'http'}://{self.duo_host}"

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


def instellingen_pad() -> Path:
    """The user's settings file: WERKBOEK_INSTELLINGEN, else data/instellingen.yaml."""
    eigen = os.environ.get("WERKBOEK_INSTELLINGEN")
    return Path(eigen) if eigen else paden.data_dir() / INSTELLINGEN_BESTAND


def lees_instellingen(omgeving: dict[str, str] | None = None) -> Verbindingsinstellingen:
    """Connection settings: defaults, then data/instellingen.yaml (or WERKBOEK_INSTELLINGEN), then environment.

    Environment variables: WERKBOEK_CBS_HOST (host or URL of CBS or a mirror), WERKBOEK_DUO_HOST (host or URL of
    DUO's open data portal or a mirror; http:// for a local test server), WERKBOEK_TIMEOUT (seconds),
    WERKBOEK_POGINGEN (retries per request), WERKBOEK_WACHTTIJD (backoff factor in seconds),
    WERKBOEK_CA_BUNDEL (else REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE), WERKBOEK_TLS_CONTROLE=nee.
    """
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
        bekend = {"cbs_host", "duo_host", "timeout", "pogingen", "wachttijd", "ca_bundel", "tls_controle"}
        onbekend = sorted(set(inhoud) - bekend)
        if onbekend:
            raise InstellingenFout(
                f"Onbekende instelling(en) {', '.join(onbekend)} in {pad}; geldig zijn {', '.join(sorted(bekend))}."
            )
        waarden.update({naam: (waarde, str(pad)) for naam, waarde in inhoud.items() if waarde is not None})
    for naam, variabelen in (
        ("cbs_host", ("WERKBOEK_CBS_HOST",)),
        ("duo_host", ("WERKBOEK_DUO_HOST",)),
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
        elif naam == "duo_host":
            inst.duo_host, inst.duo_https = _host_en_https(str(waarde))
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
    return requests.utils.get_environ_proxies(url, no_proxy=None)


def sessie_klasse(instellingen: Verbindingsinstellingen):
    """A ``requests.Session`` subclass for cbsodata: retries with backoff per request, proxies, TLS settings.

    cbsodata makes a new ``Session()`` for every page; mounting the retry adapter there means a failure on
    page 5 retries page 5, not the whole table.
    """
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
