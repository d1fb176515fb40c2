"""A local stand-in for DUO's CKAN portal (onderwijsdata.duo.nl), for tests and reliability work. Binds 127.0.0.1.

It speaks the part of CKAN the workbook uses, in CKAN's own forms::

    /api/3/action/package_show?id=<name or id>    (also /api/action/...)  {"help": ..., "success": true, "result": {...}}
                                                  unknown dataset: HTTP 404, {"success": false, "error":
                                                  {"message": "Not found", "__type": "Not Found Error"}}
    /dataset/<id>/resource/<rid>/download/<file>  a file, at the URL its resource names
    /datastore/dump/<rid>                         the same file as CKAN's datastore dump (an ``_id`` column first)

Packages and files come from providers, ``pakket(name or id) -> dict | None`` and ``bestand(resource id) -> bytes |
None``; by default the demo generator (:mod:`werkboek.demo.duo`). Resource URLs are served as the provider writes
them: on onderwijsdata.duo.nl, as the real portal does, which the workbook rewrites to the configured host; with
``url_stijl="server"`` on this server itself; :meth:`DuoTestserver.internal_url` puts one on DUO's internal host,
for which the workbook uses the datastore dump.

The machinery (thread, random port, TLS, request counters, faults for the next N requests) is that of
:class:`testservers.cbs.CbsTestserver`; the answers are CKAN's. Faults: :meth:`fail_with_status`,
:meth:`drop_connection`, :meth:`delay`, :meth:`invalid_json` (an HTML page), :meth:`truncated_csv` (half the bytes,
or a connection that breaks halfway), :meth:`success_false`, :meth:`change_header` (a column renamed or removed)
and :meth:`remove_dataset`::

    with DuoTestserver() as server:
        server.fail_with_status(503, times=2)
        duo.download(spec, server.instellingen())
        server.verzoeken.totaal("/api/3/action"), server.verzoeken.totaal("/download/")
"""

from __future__ import annotations

import collections
import csv
import io
import json
import threading
import urllib.parse
from typing import Any, Callable

from testservers.cbs import CbsTestserver, _Handler, _Storing
from werkboek.verbinding import STANDAARD_DUO_HOST, Verbindingsinstellingen

ACTIE = ("/api/3/action/", "/api/action/")
DUMP = "/datastore/dump/"
INTERNE_HOST = "beheer-ggm-ckan-prd"
_HULP = "https://onderwijsdata.duo.nl/api/3/action/help_show?name=package_show"


def _ckan(succes: bool, inhoud: Any) -> dict:
    return {"help": _HULP, "success": succes, ("result" if succes else "error"): inhoud}


def _met_kop(inhoud: bytes, hernoemd: dict[str, str], verwijderd: set[str], dump: bool) -> bytes:
    """A CSV with columns renamed or removed, or as a datastore dump (an _id column first)."""
    if not (hernoemd or verwijderd or dump):
        return inhoud
    bom = inhoud.startswith(b"\xef\xbb\xbf")
    regels = list(csv.reader(io.StringIO(inhoud.decode("utf-8-sig"), newline="")))
    houden = [i for i, k in enumerate(regels[0]) if k not in verwijderd]
    uit = io.StringIO(newline="")
    schrijver = csv.writer(uit, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for nummer, regel in enumerate(regels):
        velden = [hernoemd.get(regel[i], regel[i]) if nummer == 0 else regel[i] for i in houden if i < len(regel)]
        schrijver.writerow(([] if not dump else ["_id" if nummer == 0 else str(nummer)]) + velden)
    return (b"\xef\xbb\xbf" if bom else b"") + uit.getvalue().encode("utf-8")


class _DuoHandler(_Handler):
    """CKAN's answers, with the CBS handler's quiet log and HTTP/1.0."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        server: DuoTestserver = self.server.testserver
        gesplitst = urllib.parse.urlsplit(self.path)
        pad = urllib.parse.unquote(gesplitst.path)
        storing = server._neem_storing(pad, False)  # a fault per request, as on the CBS server
        server.verzoeken.tel(pad)
        soort = storing.soort if storing is not None else "geen"
        if soort == "delay":
            server._gestopt.wait(storing.seconden)
        elif soort == "drop":
            self.close_connection = True
            return
        elif soort in ("status", "success_false"):
            status = storing.status if soort == "status" else 200
            fout = {"message": f"testserver: {'HTTP ' + str(status) if soort == 'status' else 'interne fout'}",
                    "__type": "Internal Error"}
            self._stuur(status, json.dumps(_ckan(False, fout)).encode(), "application/json;charset=utf-8")
            return
        elif soort == "invalid":
            self._stuur(200, b"<html><body>Storing: probeer het later opnieuw</body></html>", "text/html")
            return
        try:
            status, ruw, inhoudstype = server._duo_antwoord(pad, urllib.parse.parse_qs(gesplitst.query))
        except Exception as fout:  # noqa: BLE001 - a broken provider answers 500, as a real server would
            status, inhoudstype = 500, "application/json;charset=utf-8"
            ruw = json.dumps(_ckan(False, {"message": f"testserver: {type(fout).__name__}: {fout}"})).encode()
        half = max(1, len(ruw) // 2)
        if soort == "truncated":
            self._stuur(status, ruw[:half], inhoudstype)
        elif soort == "afgebroken":
            self._stuur(status, ruw[:half], inhoudstype, lengte=len(ruw))
            self.close_connection = True
        else:
            self._stuur(status, ruw, inhoudstype)

    def _stuur(self, status: int, ruw: bytes, inhoudstype: str, lengte: int | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", inhoudstype)
            self.send_header("Content-Length", str(len(ruw) if lengte is None else lengte))
            self.end_headers()
            self.wfile.write(ruw)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (time-out); nothing to answer
            self.close_connection = True


class DuoTestserver(CbsTestserver):
    """A fake DUO CKAN portal on 127.0.0.1 with a random port; use it as a context manager.

    ``pakket`` and ``bestand`` are the providers (default: :mod:`werkboek.demo.duo`); ``url_stijl`` is 'duo'
    (resource URLs as the provider writes them, on onderwijsdata.duo.nl) or 'server' (on this server).
    """

    def __init__(self, pakket: Callable[[str], dict | None] | None = None,
                 bestand: Callable[[str], bytes | None] | None = None, *, url_stijl: str = "duo",
                 ssl_context: Any = None) -> None:
        super().__init__(lambda tabel_id: None, tabel_ids=(), ssl_context=ssl_context)
        if pakket is None or bestand is None:
            from werkboek.demo import duo as demo_duo

            pakket, bestand = pakket or demo_duo.pakket, bestand or demo_duo.bestand
        if url_stijl not in ("duo", "server"):
            raise ValueError("url_stijl moet 'duo' of 'server' zijn")
        self.pakket_bron, self.bestand_bron, self.url_stijl = pakket, bestand, url_stijl
        self._kop_hernoemd: dict[str, dict[str, str]] = collections.defaultdict(dict)
        self._kop_verwijderd: dict[str, set[str]] = collections.defaultdict(set)
        self._weg: set[str] = set()
        self._intern: set[str] = set()
        self._duo_slot = threading.Lock()

    def start(self) -> DuoTestserver:
        super().start()
        # Nobody knows the port before start() returns, so no request has been handled by the CBS handler.
        self._server.RequestHandlerClass = _DuoHandler
        return self

    def instellingen(self, **wijzigingen) -> Verbindingsinstellingen:
        """Connection settings that point the workbook's DUO client at this server: short time-out, fast retries."""
        waarden = {"duo_host": self.host, "duo_https": self.ssl_context is not None, "timeout": 5.0, "pogingen": 2,
                   "wachttijd": 0.0, "herkomst": {"duo_host": "DUO-testserver"}}
        waarden.update(wijzigingen)
        return Verbindingsinstellingen(**waarden)

    # -- faults and layout changes ---------------------------------------------------------------------
    def truncated_csv(self, times: int = 1, path_contains: str | None = None, verbinding_breekt: bool = False) -> None:
        """Send half of the answer: with its own (short) Content-Length, or with ``verbinding_breekt`` the full
        Content-Length and a connection that closes halfway."""
        self._voeg_storing_toe(_Storing("afgebroken" if verbinding_breekt else "truncated", times,
                                        pad_bevat=path_contains))

    def success_false(self, times: int = 1, path_contains: str | None = None) -> None:
        """Answer with HTTP 200 and ``{"success": false, ...}``, as a CKAN that fails inside would."""
        self._voeg_storing_toe(_Storing("success_false", times, pad_bevat=path_contains))

    def change_header(self, resource_id: str, rename: dict[str, str] | None = None,
                      remove: list[str] | tuple[str, ...] = ()) -> None:
        """Serve a file with columns renamed (old -> new) or removed, from now on."""
        with self._duo_slot:
            self._kop_hernoemd[resource_id].update(rename or {})
            self._kop_verwijderd[resource_id].update(remove)

    def remove_dataset(self, naam_of_id: str) -> None:
        """Answer package_show for this dataset with 404 (Not Found Error) from now on."""
        with self._duo_slot:
            self._weg.add(naam_of_id)

    def internal_url(self, resource_id: str) -> None:
        """Advertise this resource on DUO's internal host, as the real portal does for some files."""
        with self._duo_slot:
            self._intern.add(resource_id)

    # -- content ---------------------------------------------------------------------------------------
    def pakket(self, naam_of_id: str) -> dict | None:
        """A package as served: resource URLs in the chosen style."""
        with self._duo_slot:
            if naam_of_id in self._weg:
                return None
            intern = set(self._intern)
        pakket = self.pakket_bron(naam_of_id)
        if pakket is None or pakket.get("name") in self._weg or pakket.get("id") in self._weg:
            return None
        for resource in pakket.get("resources", []):
            url = urllib.parse.urlsplit(str(resource.get("url", "")))
            if resource.get("id") in intern:
                resource["url"] = urllib.parse.urlunsplit(("http", INTERNE_HOST, url.path, "", ""))
            elif self.url_stijl == "server" and url.hostname == STANDAARD_DUO_HOST:
                resource["url"] = urllib.parse.urlunsplit((self.url.split(":")[0], self.host, url.path, "", ""))
        return pakket

    def bestand(self, resource_id: str, dump: bool = False) -> bytes | None:
        """A file as served, with any header changes (as a datastore dump with ``dump``)."""
        inhoud = self.bestand_bron(resource_id)
        if inhoud is None:
            return None
        with self._duo_slot:
            hernoemd, verwijderd = dict(self._kop_hernoemd[resource_id]), set(self._kop_verwijderd[resource_id])
        return _met_kop(inhoud, hernoemd, verwijderd, dump)

    def _duo_antwoord(self, pad: str, query: dict[str, list[str]]) -> tuple[int, bytes, str]:
        """(HTTP status, body, content type) for one GET."""
        actie = next((pad[len(a):].strip("/") for a in ACTIE if pad.startswith(a)), None)
        if actie is not None:
            if actie != "package_show":
                status, antwoord = 400, _ckan(False, {"message": f"Bad request - Action name not known: {actie}",
                                                      "__type": "Bad Request"})
            elif not (query.get("id") or [""])[0]:
                status, antwoord = 409, _ckan(False, {"id": ["Missing value"], "__type": "Validation Error"})
            else:
                pakket = self.pakket(query["id"][0])
                status, antwoord = (200, _ckan(True, pakket)) if pakket is not None else (
                    404, _ckan(False, {"message": "Not found", "__type": "Not Found Error"}))
            return status, json.dumps(antwoord, ensure_ascii=False).encode("utf-8"), "application/json;charset=utf-8"
        delen = pad.strip("/").split("/")
        if pad.startswith(DUMP):
            resource_id, dump = pad[len(DUMP):].strip("/"), True
        elif len(delen) >= 5 and delen[0] == "dataset" and delen[2] == "resource" and delen[4] == "download":
            resource_id, dump = delen[3], False
        else:
            return 404, b"<html><body>404 Not Found</body></html>", "text/html"
        inhoud = self.bestand(resource_id, dump=dump)
        if inhoud is None:
            return 404, b"<html><body>404 Not Found: Resource not found</body></html>", "text/html"
        return 200, inhoud, "text/csv"
