"""Shared test fixtures."""

from __future__ import annotations

import copy
import functools
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True, scope="session")
def geen_schrijfwerk_in_de_repository(tmp_path_factory):
    """No test writes into the repository's data/cache or outputs/: by default both point to temporary folders.

    Tests that need their own folders set the variables again with monkeypatch; papermill kernels inherit them.
    """
    herstel = pytest.MonkeyPatch()
    herstel.setenv("WERKBOEK_CACHE", str(tmp_path_factory.mktemp("cache")))
    herstel.setenv("WERKBOEK_OUTPUTS", str(tmp_path_factory.mktemp("outputs")))
    yield
    herstel.undo()


@pytest.fixture(autouse=True, scope="session")
def duo_zonder_internet():
    """No test reaches DUO's real portal (the machines have no internet): by default WERKBOEK_DUO_HOST points at one
    local DUO server per test process, with the demo generator's files. Tests that count requests or inject faults
    start their own (fixture ``duo_testserver``)."""
    from testservers.duo import DuoTestserver

    herstel = pytest.MonkeyPatch()
    with DuoTestserver() as server:
        herstel.setenv("WERKBOEK_DUO_HOST", server.url)
        for variabele in ("NO_PROXY", "no_proxy"):
            bestaand = [d for d in os.environ.get(variabele, "").split(",") if d]
            herstel.setenv(variabele, ",".join(dict.fromkeys([*bestaand, "127.0.0.1", "localhost"])))
        yield server
    herstel.undo()


@pytest.fixture
def shared_data() -> Path:
    """The real public files beside the project; tests that need them are skipped when they are absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"echte publieke bestanden niet gevonden in {SHARED_DATA} (map ../shared/data ontbreekt)")
    return SHARED_DATA


# ---------------------------------------------------------------------------------------------------------
# Data layer: a small hand-made CBS provider for every registered table, a local CBS server and a private cache
# ---------------------------------------------------------------------------------------------------------

def _mini_gemeenten() -> tuple[tuple[str, str, str, str], ...]:
    """Three demo gemeenten that exist in every year of the demo: two of AM01 and one of AM02."""
    from werkboek.demo import demo_gemeenten
    from werkboek.regios import alle_regios

    namen = {r.code: r.naam for r in alle_regios()}
    gekozen = []
    for regio, aantal in (("AM01", 2), ("AM02", 1)):
        blijvend = [g for g in demo_gemeenten() if g.regio == regio and all(g.bestaat_in(j) for j in range(2010, 2027))]
        gekozen += [(g.code, g.naam, regio, namen[regio]) for g in blijvend[:aantal]]
    return tuple(gekozen)


# (key, gemeentenaam, AM code, AM name): AM01 has two gemeenten, AM02 one.
MINI_GEMEENTEN = _mini_gemeenten()


@functools.lru_cache(maxsize=None)
def _mini_delen(tabel_id: str) -> dict:
    from werkboek import demo, odata

    from werkboek.demo.odata import DEMO_TITELPREFIX

    bron = demo.brontabel(tabel_id)
    meta = copy.deepcopy(bron.metadata)
    # these small tables stand in for CBS's own: no demo marking, so the workbook treats them as real figures
    info = meta["TableInfos"][0]
    info["Title"] = info["Title"].removeprefix(DEMO_TITELPREFIX)
    gemeenten = {g[0] for g in MINI_GEMEENTEN}
    keuzes = {}
    for eigenschap in meta["DataProperties"]:
        dim = eigenschap.get("Key")
        if eigenschap.get("Type") == "GeoDimension":
            meta[dim] = [r for r in meta[dim] if r["Key"].strip() in gemeenten | {"NL01", "AM01", "AM02"}]
        elif eigenschap.get("Type") == "TimeDimension":
            jaarlijks = [r for r in meta[dim] if r["Key"][4:6] in ("JJ", "SJ")]
            meta[dim] = jaarlijks[-2:]
        else:
            continue
        keuzes[dim] = [r["Key"] for r in meta[dim]]
    rijen = bron.rijen(keuzes)
    onderwerpen = [k for k in odata.onderwerp_keys(meta) if k in (rijen[0] if rijen else {})]
    regio_dim = next((d for d in keuzes if d.startswith("Regio")), None)
    nieuwste = keuzes["Perioden"][-1] if "Perioden" in keuzes else None
    for rij in rijen:  # the second gemeente's newest figures are missing ('.')
        if regio_dim and rij[regio_dim].strip() == MINI_GEMEENTEN[1][0] and rij.get("Perioden") == nieuwste:
            rij.update({o: None for o in onderwerpen if not isinstance(rij[o], str)})
    return {**meta, "TypedDataSet": rijen}


def mini_delen(tabel_id: str) -> dict:
    """Small tables in the real CBS shape for any table id in the register: the demo table's own metadata (without
    its demo marking, so they stand in for CBS's tables), with
    the regions cut down to Nederland, the three :data:`MINI_GEMEENTEN` (and AM01/AM02 for tables per
    arbeidsmarktregio) and the periods to the newest two years; values from the demo generator. The newest figures
    of the second gemeente are missing ('.'), so sums and suppression counts can be tested. A fresh copy per call.
    """
    return copy.deepcopy(_mini_delen(tabel_id))


def verwacht_aantal_verzoeken(delen: dict, paginagrootte: int, filters: int = 1) -> int:
    """HTTP requests one download of the workbook needs: the root, every metadata part (one page each), and the
    data part with ``filters`` filters, page by page (each filtered request at least one page)."""
    import math

    meta = sum(max(1, math.ceil(len(records) / paginagrootte)) for naam, records in delen.items()
               if naam not in ("TypedDataSet", "UntypedDataSet"))
    return 1 + meta + max(filters, math.ceil(len(delen["TypedDataSet"]) / paginagrootte))


def mini_tabel_ids() -> list[str]:
    from werkboek.register import standaard_register

    return sorted({uitgave.id for _, uitgave in standaard_register().alle_uitgaven()})


@pytest.fixture(scope="module")
def warme_cache(tmp_path_factory):
    """One demo cache per test module (WERKBOEK_CACHE), filled by the first test that opens the source."""
    cache = tmp_path_factory.mktemp("cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("WERKBOEK_CACHE", str(cache))
    yield cache
    mp.undo()


@pytest.fixture
def eigen_cache(tmp_path, monkeypatch) -> Path:
    """A private cache and output folder for one test, and no settings file or proxies from the machine."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("WERKBOEK_CACHE", str(cache))
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(tmp_path / "outputs"))
    monkeypatch.setenv("WERKBOEK_INSTELLINGEN", str(tmp_path / "geen-instellingen.yaml"))
    monkeypatch.delenv("WERKBOEK_MOMENTOPNAME", raising=False)
    for variabele in ("WERKBOEK_CBS_HOST", "WERKBOEK_TLS_CONTROLE", "WERKBOEK_CA_BUNDEL", "WERKBOEK_TIMEOUT"):
        monkeypatch.delenv(variabele, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    return cache


@pytest.fixture
def maak_cbs_testserver():
    """Factory: start a local CBS OData server (stopped after the test); default provider: hand-made parts."""
    from testservers.cbs import CbsTestserver

    servers = []

    def maak(provider=None, tabel_ids=None, paginagrootte=10_000, **opties):
        server = CbsTestserver(provider or mini_delen, tabel_ids=tabel_ids or mini_tabel_ids(), paginagrootte=paginagrootte,
                               **opties)
        servers.append(server.start())
        return server

    yield maak
    for server in servers:
        server.stop()


def _wijs_naar(server, monkeypatch):
    monkeypatch.setenv("WERKBOEK_CBS_HOST", server.url)
    monkeypatch.setenv("WERKBOEK_POGINGEN", "2")
    monkeypatch.setenv("WERKBOEK_WACHTTIJD", "0")
    monkeypatch.setenv("WERKBOEK_TIMEOUT", "5")
    return server


@pytest.fixture
def cbs_testserver(eigen_cache, maak_cbs_testserver, monkeypatch):
    """A running local CBS server with the hand-made tables and small pages; the workbook points at it."""
    return _wijs_naar(maak_cbs_testserver(paginagrootte=7), monkeypatch)


@pytest.fixture
def demo_cbs_testserver(eigen_cache, monkeypatch):
    """A running local CBS server with the demo generator's tables (CBS's page size); the workbook points at it."""
    from testservers.cbs import CbsTestserver

    with CbsTestserver(paginagrootte=5000) as server:
        yield _wijs_naar(server, monkeypatch)


@pytest.fixture
def maak_duo_testserver():
    """Factory: start a local DUO CKAN server (stopped after the test); default: the demo generator's DUO files."""
    from testservers.duo import DuoTestserver

    servers = []

    def maak(**opties):
        server = DuoTestserver(**opties).start()
        servers.append(server)
        return server

    yield maak
    for server in servers:
        server.stop()


@pytest.fixture
def duo_testserver(eigen_cache, maak_duo_testserver, monkeypatch):
    """A running local DUO CKAN server with the demo generator's files; the workbook's DUO client points at it
    (WERKBOEK_DUO_HOST), with the same quick retries as the CBS test server fixtures."""
    server = maak_duo_testserver()
    for naam, waarde in {"WERKBOEK_DUO_HOST": server.url, "WERKBOEK_POGINGEN": "2", "WERKBOEK_WACHTTIJD": "0",
                         "WERKBOEK_TIMEOUT": "5"}.items():
        monkeypatch.setenv(naam, waarde)
    return server


# ---------------------------------------------------------------------------------------------------------
# Reliability: proof by hashes that nothing was lost or corrupted
# ---------------------------------------------------------------------------------------------------------


def bestandshashes(*mappen: Path) -> dict[str, str]:
    """sha256 of every file under the folders (hidden files and leftovers included), keyed by full path."""
    import hashlib

    return {
        str(pad): hashlib.sha256(pad.read_bytes()).hexdigest()
        for map_ in mappen if Path(map_).exists()
        for pad in sorted(Path(map_).rglob("*")) if pad.is_file()
    }


class Hashcontrole:
    """Hashes of folders taken now, to compare after a fault: ``vast = Hashcontrole(cache, outputs)``."""

    def __init__(self, *mappen: Path) -> None:
        self.mappen = mappen
        self.voor = bestandshashes(*mappen)

    def verschil(self, behalve=lambda pad: False) -> dict[str, tuple[str | None, str | None]]:
        """Files added, removed or changed since; ``behalve(path)`` leaves out files a test expects to change."""
        na = bestandshashes(*self.mappen)
        return {pad: (self.voor.get(pad), na.get(pad)) for pad in sorted(set(self.voor) | set(na))
                if self.voor.get(pad) != na.get(pad) and not behalve(pad)}

    def intact(self, behalve=lambda pad: False) -> None:
        verschil = self.verschil(behalve)
        assert not verschil, f"bestanden gewijzigd, verdwenen of bijgekomen: {verschil}"


@pytest.fixture
def hashcontrole():
    """Factory: ``vast = hashcontrole(map1, map2)`` ... ``vast.intact()``."""
    return Hashcontrole


def weiger_schrijven(monkeypatch, map_: Path, fout_nummer: int, alleen=lambda pad: True) -> None:
    """Make every write under ``map_`` fail as on a read-only (EACCES) or full (ENOSPC) disk.

    The tests run as any user (also root, for whom chmod does not stop writes), so the refusal is simulated
    at the level of the system calls the workbook uses: open for writing, mkdir and rename.
    """
    import builtins
    import io
    import os

    map_ = str(Path(map_).resolve())

    def geraakt(pad) -> bool:
        try:
            pad = os.path.abspath(os.fspath(pad))
        except TypeError:
            return False
        return (pad == map_ or pad.startswith(map_ + os.sep)) and alleen(pad)

    def weiger(pad):
        raise OSError(fout_nummer, os.strerror(fout_nummer), os.fspath(pad))

    echte_open, echte_mkdir, echte_replace = builtins.open, os.mkdir, os.replace

    def open_(bestand, mode="r", *args, **kwargs):
        if any(teken in mode for teken in "wxa+") and geraakt(bestand):
            weiger(bestand)
        return echte_open(bestand, mode, *args, **kwargs)

    def mkdir(pad, *args, **kwargs):
        if geraakt(pad):
            weiger(pad)
        return echte_mkdir(pad, *args, **kwargs)

    def replace(bron, doel, *args, **kwargs):
        if geraakt(doel):
            weiger(doel)
        return echte_replace(bron, doel, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(io, "open", open_)
    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(os, "replace", replace)
