"""DUO open data (onderwijsdata.duo.nl, a CKAN portal) as a data source: which files, the download, provenance.

For every kind of DUO file in the register (``data/tabellen.yaml``, section ``duo``; :class:`werkboek.register.
DuoBestand`) the workbook asks CKAN for the dataset (``package_show`` through ``ckanapi``, with the retrying
session of :mod:`werkboek.verbinding`), picks each file by its resource id, else by the register's name pattern
(the newest year), downloads the CSV files (streamed, at most :data:`MAX_BESTAND` bytes), reads them with
:mod:`werkboek.duo_lezen` (which checks the columns) and only then stores the raw bytes with their provenance in
the cache (``<cache>/duo/<naam>/``, demo files under ``<cache>/demo/duo-<naam>/``). A failed or changed download
never replaces a good copy. :class:`werkboek.bronnen.DataBron` drives this through :meth:`DataBron.duo`.

Public API::

    kies_resources(spec, pakket) -> (list[Gekozen], list[str])   # the files to fetch, and notes
    publieke_url(resource, instellingen) -> str                   # internal or portal URLs -> configured host
    download(spec, instellingen) -> Ophaling                      # package_show + every file (raises DuoFout)
    demo_ophaling(spec) -> Ophaling                               # the same from the demo generator, offline
    herkomst_record(spec, ophaling) -> dict                       # provenance for the cache (validates the files)
    maak_tabel(spec, record, bestanden) -> DuoTabel               # the tidy frame from cached files
    DuoTabel(naam, data, herkomst: list[DuoHerkomst], plaats, demo, opmerkingen, titel, eenheid, omschrijving,
             maskering)
"""

from __future__ import annotations

import hashlib
import logging
import urllib.parse
import warnings
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

import pandas as pd
import requests
import urllib3
from ckanapi import RemoteCKAN
from ckanapi.errors import CKANAPIError, NotFound, ServerIncompatibleError

from werkboek import __version__, tekst
from werkboek.cbs import nu_iso
from werkboek.cbs_download import UITWEG, _kort, _oorzaak
from werkboek.demo import duo as demo_duo
from werkboek.demo.duo import is_demopakket
from werkboek.duo_lezen import DuoFout, DuoLayoutFout, lees_bestand
from werkboek.fouten import waarschuw
from werkboek.verbinding import STANDAARD_DUO_HOST, Verbindingsinstellingen, sessie_klasse

if TYPE_CHECKING:  # pragma: no cover
    from werkboek.register import DuoBestand

__all__ = ["DuoFout", "DuoLayoutFout", "DuoDownloadFout", "DuoVerbindingsFout", "DuoHerkomst", "DuoTabel", "Gekozen",
           "Ophaling", "kies_resources", "publieke_url", "download", "demo_ophaling", "herkomst_record", "maak_tabel"]

INTERNE_HOSTS = ("beheer-ggm-ckan-prd",)  # resource URLs on DUO's internal host: use the datastore dump instead
FAQ_URL = "https://www.duo.nl/open_onderwijsdata/footer/veelgestelde-vragen/"
LICENTIE_FAQ = ("DUO verklaart in zijn veelgestelde vragen dat op zijn open onderwijsdata een CC0-verklaring van "
                f"toepassing is ({FAQ_URL}).")
MAX_BESTAND = 256 * 1024**2  # the largest DUO CSV the workbook reads is a few MB; more is not a DUO file
DEMO_BRON_URL = "werkboek.demo.duo (synthetisch, gemaakt door het werkboek)"


class DuoDownloadFout(DuoFout):
    """Fetching a DUO dataset or file failed (HTTP status, time-out, connection, an invalid answer)."""


class DuoVerbindingsFout(DuoDownloadFout):
    """DUO could not be reached at all (no network, refused, proxy, TLS): other files need not be tried now."""


# ---------------------------------------------------------------------------------------------------------
# Provenance and the table
# ---------------------------------------------------------------------------------------------------------


@dataclass
class DuoHerkomst:
    """Where one DUO file comes from; every figure from it carries its :meth:`bronregel`."""

    naam: str  # the register's name of the kind of file
    dataset: str
    dataset_titel: str
    resource_id: str
    resource_naam: str
    jaar: int | None
    deel: str | None
    bestandsdatum: str  # the file's last_modified in CKAN
    dataset_gewijzigd: str  # the package's metadata_modified
    opgehaald: str
    url: str
    licentie: str
    licentie_id: str
    licentie_titel: str
    sha256: str
    rijen: int
    demo: bool
    plaats: str
    gekozen_op: str = "id"  # 'id' or 'naampatroon'
    opmerking: str = ""
    duo_hash: str = ""
    duo_grootte: int | None = None

    def bronregel(self) -> str:
        if self.demo:
            return (f"Bron: {tekst.DEMO_BRON} DUO-bestand '{self.resource_naam}' (dataset {self.dataset})"
                    f"{tekst.DEMO_STAART}")
        return (f"Bron: DUO open onderwijsdata, {self.dataset_titel}: '{self.resource_naam}' (bestand van "
                f"{tekst.datum(self.bestandsdatum)}), opgehaald {tekst.datum(self.opgehaald)}")

    def als_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DuoTabel:
    """A kind of DUO file as one tidy frame (:mod:`werkboek.duo_lezen`), with the provenance of every file in it."""

    naam: str
    data: pd.DataFrame
    herkomst: list[DuoHerkomst]
    plaats: str
    demo: bool
    opmerkingen: list[str] = field(default_factory=list)
    titel: str = ""
    eenheid: str = ""
    omschrijving: str = ""  # what is counted, where, and what is assumed (the register's text, also in the cache)
    maskering: str = ""

    def bronregel(self) -> str:
        """One Dutch source line for all files of the table."""
        if self.demo:
            return f"Bron: {tekst.DEMO_BRON} DUO-dataset {self.herkomst[0].dataset}{tekst.DEMO_STAART}"
        jaren = sorted({int(j) for j in self.data["jaar"].unique()}) if len(self.data) else []
        periode = f", {jaren[0]}–{jaren[-1]}" if len(jaren) > 1 else (f", {jaren[0]}" if jaren else "")
        bestanden = ", ".join(sorted({tekst.datum(h.bestandsdatum) for h in self.herkomst}))
        return (f"Bron: DUO open onderwijsdata, {self.herkomst[0].dataset_titel}{periode} (bestand(en) van "
                f"{bestanden}), opgehaald {tekst.datum(min(h.opgehaald for h in self.herkomst))}")


# ---------------------------------------------------------------------------------------------------------
# Choosing the files of a package
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Gekozen:
    """A file chosen from a package: the CKAN resource, the year or part it holds, and how it was found."""

    resource: dict
    jaar: int | None
    deel: str | None
    gekozen_op: str  # 'id' or 'naampatroon'
    opmerking: str = ""
    waarschuwen: bool = False  # the register is out of date: say so on every fetch

    @property
    def id(self) -> str:
        return str(self.resource.get("id", "")).lower()


def _nieuwste(kandidaten: list[tuple[dict, int | None, str | None]]):
    return max(kandidaten, key=lambda k: (k[1] or 0, str(k[0].get("last_modified") or k[0].get("created") or "")))


def kies_resources(spec: DuoBestand, pakket: dict) -> tuple[list[Gekozen], list[str]]:
    """The files of ``spec`` in a CKAN package: by resource id, else by the name pattern (the newest year).

    For a kind of file with one file per year, years the register does not list yet are added (found by the
    pattern) and a registered year that DUO no longer publishes is left out with a note. Raises :class:`DuoFout`
    naming the dataset, what was looked for and the files present when a file cannot be found.
    """
    resources = [r for r in pakket.get("resources") or [] if isinstance(r, dict)]
    per_id = {str(r.get("id", "")).lower(): r for r in resources}
    patroon = spec.patroon()
    kandidaten = []
    for r in resources:
        gevonden = patroon.match(str(r.get("name") or ""))
        if gevonden:
            groepen = gevonden.groupdict()
            kandidaten.append((r, int(groepen["jaar"]) if groepen.get("jaar") else None,
                               spec.deel_uit_naam(groepen.get("deel")) if groepen.get("deel") else None))
    gekozen: list[Gekozen] = []
    opmerkingen: list[str] = []
    for bekend in spec.resources:
        resource = per_id.get(bekend.id)
        if resource is not None:
            gekozen.append(Gekozen(resource, bekend.jaar, bekend.deel, "id"))
            continue
        passend = [k for k in kandidaten if (k[1] == bekend.jaar or not spec.per_jaar) and k[2] == bekend.deel
                   and str(k[0].get("id", "")).lower() not in {g.id for g in gekozen}]
        if passend:
            r, jaar, deel = _nieuwste(passend)
            gekozen.append(Gekozen(r, bekend.jaar if spec.per_jaar else jaar, deel, "naampatroon", (
                f"Het bestand {bekend.id} ('{bekend.naam}') van '{spec.naam}' staat niet meer in DUO-dataset "
                f"{spec.dataset}; het werkboek gebruikt '{r.get('name')}' ({r.get('id')}), gevonden op het naampatroon. "
                f"Zet dat id bij '{spec.naam}' in data/tabellen.yaml."), waarschuwen=True))
        elif spec.per_jaar:
            opmerkingen.append(f"'{spec.naam}': het bestand voor {bekend.jaar} ({bekend.id}) staat niet (meer) in "
                               f"DUO-dataset {spec.dataset}; dat jaar ontbreekt.")
        else:
            raise _niet_gevonden(spec, pakket, resources, f"het bestand {bekend.id} ('{bekend.naam}')")
    if spec.per_jaar:
        jaren = {g.jaar for g in gekozen}
        for r, jaar, deel in sorted(kandidaten, key=lambda k: k[1] or 0):
            if jaar not in jaren and str(r.get("id", "")).lower() not in {g.id for g in gekozen}:
                jaren.add(jaar)
                gekozen.append(Gekozen(r, jaar, deel, "naampatroon", (
                    f"'{spec.naam}': het bestand voor {jaar} ('{r.get('name')}', {r.get('id')}) staat nog niet in het "
                    "register; het werkboek vond het op het naampatroon.")))
    if not gekozen:
        raise _niet_gevonden(spec, pakket, resources, f"de jaarbestanden van {spec.resources[0].jaar} en later")
    gekozen.sort(key=lambda g: (g.jaar or 0, g.deel or ""))
    return gekozen, opmerkingen + [g.opmerking for g in gekozen if g.opmerking]


def _niet_gevonden(spec: DuoBestand, pakket: dict, resources: list[dict], wat: str) -> DuoFout:
    aanwezig = "; ".join(f"'{r.get('name')}' ({r.get('id')})" for r in resources[:12]) or "geen"
    meer = f" en nog {len(resources) - 12}" if len(resources) > 12 else ""
    return DuoFout(
        f"In DUO-dataset {pakket.get('name') or spec.dataset} staat {wat} voor '{spec.naam}' niet, en geen bestand "
        f"past bij het naampatroon {spec.naampatroon}. Aanwezig: {aanwezig}{meer}. Zoek het bestand op "
        f"https://{STANDAARD_DUO_HOST}/dataset/{spec.dataset} en zet zijn id bij '{spec.naam}' in data/tabellen.yaml."
    )


def publieke_url(resource: dict, instellingen: Verbindingsinstellingen) -> str:
    """Where to download a file: the resource URL, on the configured host (a mirror or test server) when it points
    at the portal; the datastore dump when it points at DUO's internal host or is missing."""
    url = str(resource.get("url") or "")
    deel = urllib.parse.urlsplit(url)
    host = (deel.hostname or "").lower()
    if not url or any(intern in host for intern in INTERNE_HOSTS):
        return f"{instellingen.duo_basis_url}/datastore/dump/{resource.get('id')}"
    if not host or (host == STANDAARD_DUO_HOST and instellingen.duo_host != STANDAARD_DUO_HOST):
        schema = "https" if instellingen.duo_https else "http"
        return urllib.parse.urlunsplit((schema, instellingen.duo_host, deel.path, deel.query, ""))
    return url


# ---------------------------------------------------------------------------------------------------------
# Download
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Ophaling:
    """One fetch of a kind of file: the package, the files chosen, their bytes and where they came from."""

    pakket: dict
    gekozen: list[Gekozen]
    bestanden: dict[str, bytes]  # resource id -> CSV bytes
    urls: dict[str, str]
    opgehaald: str
    bron_url: str
    demo: bool
    opmerkingen: list[str] = field(default_factory=list)


def _vertaal(wat: str, fout: BaseException, instellingen: Verbindingsinstellingen,
             status: int | None = None) -> DuoDownloadFout:
    """One Dutch error for a failed request to DUO: what failed, why, and the way out."""
    wie = f"Het ophalen van {wat} van {instellingen.duo_host} is mislukt"
    status = status or getattr(getattr(fout, "response", None), "status_code", None)
    if status == 404:
        return DuoDownloadFout(f"{wie}: het bestaat niet (meer) (HTTP 404). DUO vervangt bestanden soms; kijk op "
                               f"https://{STANDAARD_DUO_HOST} en zet de nieuwe naam of het nieuwe id in data/tabellen.yaml "
                               "(sectie 'duo').")
    if status is not None and status >= 400:
        return DuoDownloadFout(f"{wie}: DUO antwoordde met HTTP {status}, ook na {instellingen.pogingen} nieuwe "
                               f"poging(en). {UITWEG}")
    netwerk = (
        (requests.exceptions.SSLError, DuoVerbindingsFout, "het TLS-certificaat van de server kon niet worden "
         "gecontroleerd ({}). Zet het certificaatbestand van uw organisatie in WERKBOEK_CA_BUNDEL of 'ca_bundel' in "
         "data/instellingen.yaml."),
        (requests.exceptions.ProxyError, DuoVerbindingsFout, "de proxy weigerde of was onbereikbaar ({}). Controleer "
         "HTTPS_PROXY, HTTP_PROXY en NO_PROXY."),
        (urllib3.exceptions.NewConnectionError, DuoVerbindingsFout, "er kon geen verbinding worden gemaakt ({}). "
         "Controleer de internetverbinding, WERKBOEK_DUO_HOST en de proxy-instellingen (HTTPS_PROXY, NO_PROXY)."),
        (urllib3.exceptions.TimeoutError, DuoDownloadFout, f"geen antwoord binnen {instellingen.timeout:g} seconden "
         f"(time-out), ook na {instellingen.pogingen} nieuwe poging(en) ({{}}). Verhoog eventueel WERKBOEK_TIMEOUT."),
        (requests.exceptions.Timeout, DuoDownloadFout, f"geen antwoord binnen {instellingen.timeout:g} seconden "
         "(time-out) ({}). Verhoog eventueel WERKBOEK_TIMEOUT."),
        (requests.exceptions.RequestException, DuoDownloadFout, "de verbinding werd verbroken of het antwoord kwam "
         "niet volledig binnen ({})."),
    )
    for soort, klasse, reden in netwerk:
        if _oorzaak(fout, soort):
            return klasse(f"{wie}: {reden.format(_kort(fout))} {UITWEG}")
    return DuoDownloadFout(f"{wie}: {_kort(fout)}. {UITWEG}")


def _sessie(instellingen: Verbindingsinstellingen) -> requests.Session:
    sessie = sessie_klasse(instellingen)()
    sessie.headers["User-Agent"] = f"werkboek/{__version__} (Werkboek datagedreven arbeidsmarktbeleid)"
    sessie.laatste_antwoord = None  # the last answer, for what ckanapi's errors do not carry (status, message)

    def onthoud(antwoord, *args, **kwargs):
        sessie.laatste_antwoord = antwoord

    sessie.hooks["response"].append(onthoud)
    return sessie


def _ckan_melding(antwoord) -> str:
    """What an answer that ckanapi could not use says: CKAN's own error (success: false), or that it is no JSON."""
    try:
        inhoud = antwoord.json()
    except (AttributeError, ValueError):
        return ("het antwoord was geen JSON (afgekapt, of een storingspagina of proxy-melding in plaats van het "
                "antwoord van CKAN)")
    fout = inhoud.get("error") if isinstance(inhoud, dict) else None
    melding = fout.get("message") or fout if isinstance(fout, dict) else fout
    return f"CKAN meldde een fout (success: false): {_kort(Exception(melding or 'geen melding'))}"


def _pakket(spec: DuoBestand, sessie, instellingen: Verbindingsinstellingen) -> dict:
    wat = f"DUO-dataset {spec.dataset} ('{spec.naam}')"
    ckan = RemoteCKAN(instellingen.duo_basis_url, session=sessie, user_agent=sessie.headers["User-Agent"],
                      get_only=True)
    ckan.base_url = "api/3/action/"
    try:
        pakket = ckan.call_action("package_show", {"id": spec.dataset}, requests_kwargs={"timeout": instellingen.timeout})
    except NotFound as fout:
        raise DuoDownloadFout(
            f"De DUO-dataset '{spec.dataset}' bestaat niet (meer) op {instellingen.duo_host} (CKAN: {fout or 'Not found'}). "
            f"Zoek de dataset op https://{STANDAARD_DUO_HOST} en zet de nieuwe naam bij '{spec.naam}' in "
            "data/tabellen.yaml (sectie 'duo')."
        ) from fout
    except (CKANAPIError, ServerIncompatibleError) as fout:
        antwoord = sessie.laatste_antwoord
        if antwoord is not None and antwoord.status_code >= 400:
            raise _vertaal(wat, fout, instellingen, antwoord.status_code) from fout
        raise DuoDownloadFout(f"Het ophalen van {wat} van {instellingen.duo_host} is mislukt: {_ckan_melding(antwoord)}. "
                              f"{UITWEG}") from fout
    except requests.RequestException as fout:
        raise _vertaal(wat, fout, instellingen) from fout
    if not isinstance(pakket, dict) or not isinstance(pakket.get("resources"), list):
        raise DuoDownloadFout(f"Het antwoord van {instellingen.duo_host} op {wat} heeft geen lijst 'resources'; het is "
                              f"geen CKAN-dataset. {UITWEG}")
    return pakket


def _haal_bestand(url: str, wat: str, sessie, instellingen: Verbindingsinstellingen) -> bytes:
    stukken, totaal = [], 0
    try:
        with sessie.get(url, stream=True, timeout=instellingen.timeout) as antwoord:
            if antwoord.status_code >= 400:
                raise _vertaal(wat, requests.HTTPError(response=antwoord), instellingen, antwoord.status_code)
            for stuk in antwoord.iter_content(1 << 16):
                totaal += len(stuk)
                if totaal > MAX_BESTAND:
                    raise DuoDownloadFout(f"{wat} is groter dan {MAX_BESTAND // 1024**2} MB; dat is geen DUO-bestand "
                                          f"dat het werkboek kent ({url}). Controleer WERKBOEK_DUO_HOST.")
                stukken.append(stuk)
    except requests.RequestException as fout:
        raise _vertaal(wat, fout, instellingen) from fout
    return b"".join(stukken)


def download(spec: DuoBestand, instellingen: Verbindingsinstellingen) -> Ophaling:
    """Ask CKAN for the dataset of ``spec``, choose its files and download each (raises :class:`DuoFout`)."""
    if not instellingen.tls_controle:
        waarschuw(f"Let op: de controle van TLS-certificaten staat UIT (WERKBOEK_TLS_CONTROLE / tls_controle) bij het "
                  f"ophalen van DUO-bestand '{spec.naam}'. Gebruik liever een CA-bundel (WERKBOEK_CA_BUNDEL).")
    urllib3_log = logging.getLogger("urllib3.connectionpool")
    oud_niveau = urllib3_log.level
    urllib3_log.setLevel(logging.ERROR)  # retries are summed up in the Dutch error, not printed in English
    try:
        with warnings.catch_warnings(), _sessie(instellingen) as sessie:
            warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
            pakket = _pakket(spec, sessie, instellingen)
            gekozen, opmerkingen = kies_resources(spec, pakket)
            urls = {g.id: publieke_url(g.resource, instellingen) for g in gekozen}
            bestanden = {g.id: _haal_bestand(urls[g.id], f"DUO-bestand '{g.resource.get('name')}' ({g.id})", sessie,
                                             instellingen) for g in gekozen}
    finally:
        urllib3_log.setLevel(oud_niveau)
    return Ophaling(pakket, gekozen, bestanden, urls, nu_iso(),
                    f"{instellingen.duo_basis_url}/dataset/{pakket.get('name') or spec.dataset}", is_demopakket(pakket),
                    opmerkingen)


def demo_ophaling(spec: DuoBestand) -> Ophaling:
    """The demo generator's files for ``spec``, chosen from its package by the same rules as a download."""
    pakket = demo_duo.pakket(spec.dataset)
    if pakket is None:
        raise DuoFout(f"Voor DUO-bestand '{spec.naam}' heeft de demo geen bestanden; er zijn demobestanden voor "
                      f"{', '.join(sorted({r.spec for r in demo_duo.resources()}))}. Gebruik bron 'cbs' of 'momentopname'.")
    gekozen, opmerkingen = kies_resources(spec, pakket)
    return Ophaling(pakket, gekozen, {g.id: demo_duo.bestand(g.id) for g in gekozen},
                    {g.id: str(g.resource.get("url", "")) for g in gekozen}, nu_iso(), DEMO_BRON_URL, True, opmerkingen)


# ---------------------------------------------------------------------------------------------------------
# Provenance record (cache) and the table from cached files
# ---------------------------------------------------------------------------------------------------------


def bestandsnaam(resource_id: str) -> str:
    return f"{resource_id}.csv"


def herkomst_record(spec: DuoBestand, ophaling: Ophaling) -> dict[str, Any]:
    """The provenance record of a fetch, after reading every file (a file that cannot be read raises here, before
    anything is written to the cache)."""
    pakket = ophaling.pakket
    licentie_id, licentie_titel = str(pakket.get("license_id") or ""), str(pakket.get("license_title") or "")
    if ophaling.demo:
        vermeld = licentie_titel or licentie_id or "geen licentie"
        licentie = f"synthetisch (geen DUO-cijfers); de demodataset vermeldt {vermeld}"
    else:
        vermeld = f"{licentie_titel} ({licentie_id})" if licentie_titel else (licentie_id or "geen licentie vermeld")
        licentie = f"{vermeld}, zoals vermeld in de DUO-dataset. {LICENTIE_FAQ}"
    resources = []
    for g in ophaling.gekozen:
        inhoud = ophaling.bestanden[g.id]
        frame = lees_bestand(spec, inhoud, bestand=f"'{g.resource.get('name')}' ({g.id})", jaar=g.jaar, deel=g.deel)
        resources.append({
            "naam": spec.naam, "dataset": str(pakket.get("name") or spec.dataset),
            "dataset_titel": str(pakket.get("title") or spec.titel), "resource_id": g.id,
            "resource_naam": str(g.resource.get("name") or ""), "jaar": g.jaar, "deel": g.deel,
            "bestandsdatum": str(g.resource.get("last_modified") or g.resource.get("created") or ""),
            "dataset_gewijzigd": str(pakket.get("metadata_modified") or ""), "opgehaald": ophaling.opgehaald,
            "url": ophaling.urls[g.id], "licentie": licentie, "licentie_id": licentie_id,
            "licentie_titel": licentie_titel, "sha256": hashlib.sha256(inhoud).hexdigest(),
            "rijen": int(frame.attrs["csv_rijen"]), "demo": ophaling.demo, "plaats": spec.plaats,
            "gekozen_op": g.gekozen_op, "opmerking": g.opmerking, "duo_hash": str(g.resource.get("hash") or ""),
            "duo_grootte": g.resource.get("size"), "bestand": bestandsnaam(g.id), "tidy_rijen": len(frame),
        })
    return {
        "soort": "duo", "thema": f"DUO {spec.naam}", "titel": str(pakket.get("title") or spec.titel),
        "dataset": str(pakket.get("name") or spec.dataset), "dataset_id": str(pakket.get("id") or spec.dataset_id),
        "gewijzigd": max(r["bestandsdatum"] for r in resources),
        "dataset_gewijzigd": str(pakket.get("metadata_modified") or ""),
        "opgehaald": ophaling.opgehaald, "bron_url": ophaling.bron_url, "licentie": licentie, "demo": ophaling.demo,
        "plaats": spec.plaats, "eenheid": spec.eenheid, "omschrijving": spec.omschrijving, "maskering": spec.maskering,
        "resources": resources, "opmerkingen": list(ophaling.opmerkingen),
        "duo_vingerafdruk": spec.vingerafdruk, "rijen": sum(r["rijen"] for r in resources),
        "plak_samenvatting": f"{len(resources)} bestand(en) van DUO-dataset {pakket.get('name') or spec.dataset}",
        "werkboek_versie": __version__,
    }


def maak_tabel(spec: DuoBestand, record: dict, bestanden: dict[str, bytes]) -> DuoTabel:
    """The tidy frame of a kind of file from its cached files and provenance record."""
    velden = {f.name for f in fields(DuoHerkomst)}
    frames, herkomst = [], []
    for r in record["resources"]:
        frames.append(lees_bestand(spec, bestanden[r["bestand"]], bestand=f"'{r['resource_naam']}' ({r['resource_id']})",
                                   jaar=r.get("jaar"), deel=r.get("deel")))
        herkomst.append(DuoHerkomst(**{k: v for k, v in r.items() if k in velden}))
    data = pd.concat(frames, ignore_index=True)
    data.attrs = {"duo": spec.naam, "plaats": spec.plaats, "eenheid": spec.eenheid, "maskering": spec.maskering,
                  "gemaskeerde_cellen": int(data["gemaskeerd"].sum()), "opmerkingen": list(record.get("opmerkingen", []))}
    return DuoTabel(naam=spec.naam, data=data, herkomst=herkomst, plaats=spec.plaats, demo=bool(record.get("demo")),
                    opmerkingen=list(record.get("opmerkingen", [])), titel=spec.titel, eenheid=spec.eenheid,
                    omschrijving=spec.omschrijving, maskering=spec.maskering)
