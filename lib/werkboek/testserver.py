"""A local stand-in for CBS OData v3, for tests, benchmarks and reliability work. Binds 127.0.0.1 only.

It serves tables from a provider (``tabel_id -> parts``, contract C1; by default ``werkboek.demo.genereer_tabel``)
with the URL layout cbsodata uses::

    /ODataFeed/odata/<id>/                  root: the table's parts, each with name and url
    /ODataFeed/odata/<id>/<Part>?$format=json   one part, paged with odata.nextLink ($skip)
    /ODataCatalog/Tables?$format=json       the catalogue of all tables the provider knows

It counts requests per path and can inject faults on request: an HTTP status for the next N requests, a dropped
connection (optionally only on follow-up pages, i.e. in the middle of paging), slow answers, invalid or truncated
JSON, an unknown table (404) and a changed layout (a topic key renamed, a topic or dimension removed). With an
``ssl_context`` (for example from the ``trustme`` test CA) it serves HTTPS, to test CA bundles and TLS errors::

    with CbsTestserver(provider, paginagrootte=50) as server:
        server.fail_with_status(503, times=2)
        cbs.download_delen("83582NED", server.instellingen())
        server.verzoeken.totaal()
"""

from __future__ import annotations

import collections
import copy
import itertools
import json
import threading
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterable

Provider = Callable[[str], dict[str, list[dict]]]
FEED = "/ODataFeed/odata/"
CATALOGUS = "/ODataCatalog/Tables"
DATA_DELEN = ("TypedDataSet", "UntypedDataSet")


# ---------------------------------------------------------------------------------------------------------
# Hand-made parts, for tests that need a small table of a given shape
# ---------------------------------------------------------------------------------------------------------


def maak_delen(
    tabel_id: str,
    titel: str,
    dimensies: dict[str, list[tuple]],
    onderwerpen: list[dict],
    waarde: Callable[[dict[str, str]], dict[str, Any]],
    gewijzigd: str = "2024-06-27T02:00:00",
) -> dict[str, list[dict]]:
    """Build the OData v3 parts of a table (contract C1) from a compact description.

    ``dimensies``: dimension key -> list of (padded key, title) or (padded key, title, Status); 'Perioden' becomes
    the TimeDimension and 'RegioS' the GeoDimension. ``onderwerpen``: dicts with Key, Title and optionally Unit,
    Decimals, Datatype, Description and ``groep`` (the title of a TopicGroup). ``waarde(combination)`` returns the
    topic values for one combination of dimension keys (None where CBS shows '.').
    """
    eigenschappen: list[dict] = []
    volgnummer = itertools.count(0)
    for key, categorieen in dimensies.items():
        soort = {"Perioden": "TimeDimension", "RegioS": "GeoDimension"}.get(key, "Dimension")
        eigenschappen.append(
            {"ID": next(volgnummer), "Position": len(eigenschappen), "ParentID": None, "Type": soort, "Key": key,
             "Title": key, "Description": ""}
        )
    groepen: dict[str, int] = {}
    for onderwerp in onderwerpen:
        groep = onderwerp.get("groep")
        if groep and groep not in groepen:
            groepen[groep] = next(volgnummer)
            eigenschappen.append(
                {"ID": groepen[groep], "Position": len(eigenschappen), "ParentID": None, "Type": "TopicGroup",
                 "Key": "", "Title": groep, "Description": ""}
            )
        eigenschappen.append(
            {"ID": next(volgnummer), "Position": len(eigenschappen), "ParentID": groepen.get(groep),
             "Type": "Topic", "Key": onderwerp["Key"], "Title": onderwerp["Title"],
             "Description": onderwerp.get("Description", ""), "Unit": onderwerp.get("Unit", "aantal"),
             "Decimals": onderwerp.get("Decimals", 0), "Datatype": onderwerp.get("Datatype", "Double"),
             "Default": "Missing", "PresentationType": "Absolute"}
        )
    delen: dict[str, list[dict]] = {
        "TableInfos": [
            {"ID": 1, "Identifier": tabel_id, "Title": titel, "ShortTitle": titel[:40], "ShortDescription": "",
             "Summary": "", "Modified": gewijzigd, "Period": "", "Language": "nl", "Catalog": "CBS",
             "Frequency": "Perjaar", "Status": "Regulier"}
        ],
        "DataProperties": eigenschappen,
        "CategoryGroups": [],
    }
    for key, categorieen in dimensies.items():
        records = []
        for categorie in categorieen:
            record = {"Key": categorie[0], "Title": categorie[1], "Description": "", "CategoryGroupID": None}
            if key == "Perioden":
                record["Status"] = categorie[2] if len(categorie) > 2 else "Definitief"
            records.append(record)
        delen[key] = records
    rijen = []
    for nummer, combinatie in enumerate(itertools.product(*(c for c in dimensies.values()))):
        sleutels = {key: categorie[0] for key, categorie in zip(dimensies, combinatie)}
        rijen.append({"ID": nummer, **sleutels, **waarde(sleutels)})
    delen["TypedDataSet"] = rijen
    return delen


def untyped(records: list[dict], onderwerp_keys: Iterable[str]) -> list[dict]:
    """The UntypedDataSet for typed records: topic values as padded strings, '.' for missing."""
    keys = set(onderwerp_keys)
    return [
        {k: (("." if v is None else str(v)).rjust(8) if k in keys else v) for k, v in record.items()}
        for record in records
    ]


# ---------------------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------------------


@dataclass
class _Storing:
    soort: str  # status | drop | delay | invalid | truncated
    keer: int
    status: int = 503
    seconden: float = 0.0
    pad_bevat: str | None = None
    alleen_vervolgpagina: bool = False

    def past(self, pad: str, vervolgpagina: bool) -> bool:
        return (
            self.keer > 0
            and (self.pad_bevat is None or self.pad_bevat in pad)
            and (vervolgpagina or not self.alleen_vervolgpagina)
        )


class Verzoeken:
    """Thread-safe request counter per path (without query string)."""

    def __init__(self) -> None:
        self._slot = threading.Lock()
        self.per_pad: collections.Counter[str] = collections.Counter()

    def tel(self, pad: str) -> None:
        with self._slot:
            self.per_pad[pad] += 1

    def totaal(self, pad_bevat: str | None = None) -> int:
        with self._slot:
            return sum(n for p, n in self.per_pad.items() if pad_bevat is None or pad_bevat in p)

    def wis(self) -> None:
        with self._slot:
            self.per_pad.clear()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet: tests read counters instead
        return

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        testserver: CbsTestserver = self.server.testserver
        deel = urllib.parse.urlsplit(self.path)
        pad = urllib.parse.unquote(deel.path)
        query = urllib.parse.parse_qs(deel.query)
        skip = int(query.get("$skip", ["0"])[0] or 0)
        testserver.verzoeken.tel(pad)
        storing = testserver._neem_storing(pad, skip > 0)
        if storing is not None and storing.soort == "drop":
            self.close_connection = True
            return
        if storing is not None and storing.soort == "delay":
            testserver._gestopt.wait(storing.seconden)
        if storing is not None and storing.soort == "status":
            self._stuur(storing.status, {"odata.error": {"message": {"value": f"testserver: HTTP {storing.status}"}}})
            return
        try:
            status, inhoud = testserver._antwoord(pad, skip)
        except Exception as fout:  # noqa: BLE001 - a broken provider answers 500, as a real server would
            status, inhoud = 500, _fout(f"testserver: {type(fout).__name__}: {fout}")
        if storing is not None and storing.soort == "invalid":
            self._stuur_bytes(200, b"<html><body>Storing: probeer het later opnieuw</body></html>", "text/html")
            return
        if storing is not None and storing.soort == "truncated":
            ruw = json.dumps(inhoud).encode("utf-8")
            self._stuur_bytes(status, ruw[: max(1, len(ruw) // 2)], "application/json")
            return
        self._stuur(status, inhoud)

    def _stuur(self, status: int, inhoud: Any) -> None:
        self._stuur_bytes(status, json.dumps(inhoud).encode("utf-8"), "application/json;charset=utf-8")

    def _stuur_bytes(self, status: int, ruw: bytes, soort: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", soort)
            self.send_header("Content-Length", str(len(ruw)))
            self.end_headers()
            self.wfile.write(ruw)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (time-out); nothing to answer
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    testserver: CbsTestserver


class CbsTestserver:
    """A fake CBS OData v3 server on 127.0.0.1 with a random port; use it as a context manager."""

    def __init__(
        self,
        provider: Provider | None = None,
        *,
        tabel_ids: Iterable[str] | Callable[[], Iterable[str]] | None = None,
        paginagrootte: int = 10_000,
        ssl_context: Any = None,
    ) -> None:
        if provider is None:
            from werkboek import demo

            provider = demo.genereer_tabel
            tabel_ids = tabel_ids if tabel_ids is not None else demo.tabel_ids
        if paginagrootte < 1:
            raise ValueError("paginagrootte moet minstens 1 zijn")
        self.provider = provider
        self._tabel_ids = tabel_ids or ()
        self.paginagrootte = paginagrootte
        self.ssl_context = ssl_context  # an ssl.SSLContext with the server's certificate: serve HTTPS
        self.verzoeken = Verzoeken()
        self._slot = threading.Lock()
        self._storingen: list[_Storing] = []
        self._tabellen: dict[str, dict[str, list[dict]]] = {}
        self._hernoemd: dict[str, dict[str, str]] = collections.defaultdict(dict)
        self._verwijderd: dict[str, set[str]] = collections.defaultdict(set)
        self._onbekend: set[str] = set()
        self._gestopt = threading.Event()
        self._server: _Server | None = None
        self._draad: threading.Thread | None = None

    # -- life cycle ------------------------------------------------------------------------------------
    def start(self) -> CbsTestserver:
        self._gestopt.clear()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        if self.ssl_context is not None:
            # The handshake happens on accept; a client that refuses the certificate only ends its own request.
            self._server.socket = self.ssl_context.wrap_socket(self._server.socket, server_side=True)
        self._server.testserver = self
        self._draad = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._draad.start()
        return self

    def stop(self) -> None:
        self._gestopt.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._draad.join(timeout=5)
            self._server = None

    def __enter__(self) -> CbsTestserver:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def host(self) -> str:
        if self._server is None:
            raise RuntimeError("de testserver draait niet")
        return f"127.0.0.1:{self._server.server_address[1]}"

    @property
    def url(self) -> str:
        return f"{'https' if self.ssl_context is not None else 'http'}://{self.host}"

    def instellingen(self, **wijzigingen):
        """Connection settings that point cbsodata at this server: its scheme, short time-out, fast retries."""
        from werkboek.cbs import Verbindingsinstellingen

        waarden = {"host": self.host, "https": self.ssl_context is not None, "timeout": 5.0, "pogingen": 2,
                   "wachttijd": 0.0}
        waarden.update(wijzigingen)
        return Verbindingsinstellingen(**waarden)

    # -- faults and layout changes ---------------------------------------------------------------------
    def _voeg_storing_toe(self, storing: _Storing) -> None:
        with self._slot:
            self._storingen.append(storing)

    def fail_with_status(self, status: int = 503, times: int = 1, path_contains: str | None = None) -> None:
        """Answer the next ``times`` (matching) requests with HTTP ``status``; then serve normally."""
        self._voeg_storing_toe(_Storing("status", times, status=status, pad_bevat=path_contains))

    def drop_connection(self, times: int = 1, path_contains: str | None = None, next_pages_only: bool = False) -> None:
        """Close the connection without an answer; ``next_pages_only`` hits only follow-up pages ($skip > 0)."""
        self._voeg_storing_toe(_Storing("drop", times, pad_bevat=path_contains, alleen_vervolgpagina=next_pages_only))

    def delay(self, seconds: float, times: int = 1, path_contains: str | None = None) -> None:
        """Wait ``seconds`` before answering (longer than the client's time-out to test it)."""
        self._voeg_storing_toe(_Storing("delay", times, seconden=seconds, pad_bevat=path_contains))

    def invalid_json(self, times: int = 1, path_contains: str | None = None) -> None:
        """Answer with an HTML error page and status 200, as a captive portal or proxy would."""
        self._voeg_storing_toe(_Storing("invalid", times, pad_bevat=path_contains))

    def truncated_json(self, times: int = 1, path_contains: str | None = None) -> None:
        """Answer with the first half of the JSON."""
        self._voeg_storing_toe(_Storing("truncated", times, pad_bevat=path_contains))

    def clear_faults(self) -> None:
        with self._slot:
            self._storingen.clear()

    def rename_topic(self, tabel_id: str, oude_key: str, nieuwe_key: str) -> None:
        """Serve the topic under another key, with the same title (as CBS does when it renumbers)."""
        with self._slot:
            self._hernoemd[tabel_id][oude_key] = nieuwe_key
            self._tabellen.pop(tabel_id, None)

    def remove_property(self, tabel_id: str, key: str) -> None:
        """Remove a topic or a dimension from the table (metadata, its part and the data field)."""
        with self._slot:
            self._verwijderd[tabel_id].add(key)
            self._tabellen.pop(tabel_id, None)

    def remove_table(self, tabel_id: str) -> None:
        """Answer 404 for this table from now on."""
        with self._slot:
            self._onbekend.add(tabel_id)

    def _neem_storing(self, pad: str, vervolgpagina: bool) -> _Storing | None:
        with self._slot:
            for storing in self._storingen:
                if storing.past(pad, vervolgpagina):
                    storing.keer -= 1
                    return storing
        return None

    # -- content ---------------------------------------------------------------------------------------
    def tabel_ids(self) -> list[str]:
        ids = self._tabel_ids() if callable(self._tabel_ids) else self._tabel_ids
        return sorted(set(ids) - self._onbekend)

    def _delen(self, tabel_id: str) -> dict[str, list[dict]] | None:
        with self._slot:
            if tabel_id in self._onbekend:
                return None
            if tabel_id in self._tabellen:
                return self._tabellen[tabel_id]
            hernoemd, verwijderd = dict(self._hernoemd[tabel_id]), set(self._verwijderd[tabel_id])
        try:
            delen = self.provider(tabel_id)
        except (KeyError, LookupError, ValueError):
            return None
        if delen is None:
            return None
        delen = _wijzig_opmaak(copy.deepcopy(delen), hernoemd, verwijderd) if hernoemd or verwijderd else delen
        with self._slot:
            self._tabellen[tabel_id] = delen
        return delen

    def _antwoord(self, pad: str, skip: int) -> tuple[int, Any]:
        if pad.rstrip("/") == CATALOGUS:
            catalogus = []
            for tabel_id in self.tabel_ids():
                delen = self._delen(tabel_id)
                if delen:
                    catalogus.extend(delen.get("TableInfos", []))
            return 200, {"odata.metadata": f"{self.url}{CATALOGUS}/$metadata", "value": catalogus}
        if not pad.startswith(FEED):
            return 404, _fout("onbekend pad")
        delen_pad = pad[len(FEED):].strip("/").split("/")
        tabel_id = delen_pad[0]
        delen = self._delen(tabel_id)
        if delen is None:
            return 404, _fout(f"tabel {tabel_id} bestaat niet")
        basis = f"{self.url}{FEED}{tabel_id}"
        if len(delen_pad) == 1:
            namen = [n for n in delen if n not in DATA_DELEN] + list(DATA_DELEN)
            return 200, {"odata.metadata": f"{basis}/$metadata", "value": [{"name": n, "url": f"{basis}/{n}"} for n in namen]}
        naam = delen_pad[1]
        if naam == "UntypedDataSet":
            onderwerpen = [e["Key"] for e in delen.get("DataProperties", []) if e.get("Type") == "Topic"]
            records = untyped(delen.get("TypedDataSet", []), onderwerpen)
        elif naam in delen:
            records = delen[naam]
        else:
            return 404, _fout(f"deel {naam} bestaat niet in tabel {tabel_id}")
        pagina = records[skip : skip + self.paginagrootte]
        antwoord: dict[str, Any] = {"odata.metadata": f"{basis}/$metadata#Cbs.OData.WebAPI.{naam}", "value": pagina}
        if skip + self.paginagrootte < len(records):
            antwoord["odata.nextLink"] = f"{basis}/{naam}?$format=json&$skip={skip + self.paginagrootte}"
        return 200, antwoord


def _fout(tekst: str) -> dict:
    return {"odata.error": {"code": "", "message": {"lang": "nl-NL", "value": tekst}}}


def _wijzig_opmaak(delen: dict, hernoemd: dict[str, str], verwijderd: set[str]) -> dict:
    eigenschappen = []
    for eigenschap in delen.get("DataProperties", []):
        if eigenschap.get("Key") in verwijderd:
            continue
        if eigenschap.get("Key") in hernoemd:
            eigenschap = {**eigenschap, "Key": hernoemd[eigenschap["Key"]]}
        eigenschappen.append(eigenschap)
    delen["DataProperties"] = eigenschappen
    for key in verwijderd:
        delen.pop(key, None)
    delen["TypedDataSet"] = [
        {hernoemd.get(k, k): v for k, v in record.items() if k not in verwijderd} for record in delen.get("TypedDataSet", [])
    ]
    return delen


# ---------------------------------------------------------------------------------------------------------
# Measuring: python -m werkboek.testserver [--paginagrootte N]
# ---------------------------------------------------------------------------------------------------------


def meet_voorbereiden(paginagrootte: int = 10_000) -> dict[str, Any]:
    """Prepare all data from a local server with demo tables, cold then warm, in a temporary cache.

    Returns request counts, wall times and the cache size; for the project's reports, not for tests.
    """
    import os
    import tempfile
    import time
    import warnings
    from pathlib import Path

    from werkboek import bronnen

    uitkomst: dict[str, Any] = {"paginagrootte": paginagrootte}
    oud = {k: os.environ.get(k) for k in ("WERKBOEK_CACHE", "WERKBOEK_CBS_HOST", "NO_PROXY", "no_proxy")}
    with tempfile.TemporaryDirectory() as tijdelijk, CbsTestserver(paginagrootte=paginagrootte) as server:
        os.environ.update(WERKBOEK_CACHE=tijdelijk, WERKBOEK_CBS_HOST=server.url, NO_PROXY="127.0.0.1",
                          no_proxy="127.0.0.1")
        try:
            begin = time.perf_counter()
            for tabel_id in server.tabel_ids():  # generate every demo table first: the timing is the client's
                server._delen(tabel_id)
            uitkomst["server_genereren_seconden"] = round(time.perf_counter() - begin, 2)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for ronde in ("koud", "warm"):
                    server.verzoeken.wis()
                    begin = time.perf_counter()
                    bronnen.open_bron("cbs").bereid_voor()
                    uitkomst[f"{ronde}_seconden"] = round(time.perf_counter() - begin, 2)
                    uitkomst[f"{ronde}_verzoeken"] = server.verzoeken.totaal()
            bestanden = [p for p in Path(tijdelijk).rglob("*") if p.is_file()]
            uitkomst["cache_bytes"] = sum(p.stat().st_size for p in bestanden)
            uitkomst["cache_bestanden"] = len(bestanden)
            uitkomst["tabellen"] = len(server.tabel_ids())
        finally:
            for sleutel, waarde in oud.items():
                if waarde is None:
                    os.environ.pop(sleutel, None)
                else:
                    os.environ[sleutel] = waarde
    return uitkomst


if __name__ == "__main__":  # pragma: no cover - a measuring tool
    import argparse

    parser = argparse.ArgumentParser(description="Meet het voorbereiden van alle data vanaf een lokale CBS-testserver.")
    parser.add_argument("--paginagrootte", type=int, default=10_000, help="rijen per pagina (CBS: 10000)")
    for sleutel, waarde in meet_voorbereiden(parser.parse_args().paginagrootte).items():
        print(f"{sleutel}: {waarde}")
