"""Shared test fixtures."""

from __future__ import annotations

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


@pytest.fixture
def shared_data() -> Path:
    """The real public files beside the project; tests that need them are skipped when they are absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"echte publieke bestanden niet gevonden in {SHARED_DATA} (map ../shared/data ontbreekt)")
    return SHARED_DATA


# ---------------------------------------------------------------------------------------------------------
# Data layer: a small hand-made CBS provider for every registered table, a local CBS server and a private cache
# ---------------------------------------------------------------------------------------------------------

# (padded key, gemeentenaam, AM code, AM name): AM01 has two gemeenten, AM02 one.
MINI_GEMEENTEN = (
    ("GM0014    ", "Groningen", "AM01", "Groningen"),
    ("GM0037    ", "Stadskanaal", "AM01", "Groningen"),
    ("GM0080    ", "Leeuwarden", "AM02", "Friesland"),
)
MINI_PERIODEN = (("2022JJ00", "2022", "Definitief"), ("2023JJ00", "2023*", "Voorlopig"))


def mini_waarde(*delen: str) -> float:
    """A deterministic number for a combination of keys, so expected sums can be computed in a test."""
    import zlib

    return float(zlib.crc32("|".join(d.strip() for d in delen).encode()) % 900 + 100) / 10


def mini_delen(tabel_id: str) -> dict:
    """Hand-made parts (contract C1) for any table id in the project's register, in the register's layout.

    Gemeente themes get NL plus three gemeenten; the arbeidsmarktregio theme NL plus AM01/AM02. The value of
    gemeente GM0037 in 2023 is missing ('.') for every topic, so sums and suppression counts can be tested.
    """
    from werkboek.register import standaard_register
    from werkboek.testserver import maak_delen

    for thema, uitgave in standaard_register().alle_uitgaven():
        if uitgave.id == tabel_id:
            break
    else:
        raise KeyError(tabel_id)
    if thema.naam == "regio_indeling":
        groepen = {"gemeentenaam": "Gemeenten", "arbeidsmarktregio_code": "Arbeidsmarktregio's",
                   "arbeidsmarktregio_naam": "Arbeidsmarktregio's"}
        onderwerpen = [{"Key": o.key, "Title": o.titel, "Datatype": "String", "groep": groepen[o.naam]}
                       for o in thema.onderwerpen.values()]
        per_gemeente = {g[0]: g for g in MINI_GEMEENTEN}

        def waarde(combinatie):
            _, naam, code, regio_naam = per_gemeente[combinatie["RegioS"]]
            return {"Naam_2": f"{naam:<40}", "Code_20": f"{code}    ", "Naam_21": f"{regio_naam:<40}"}

        return maak_delen(tabel_id, thema.titel, {"RegioS": [(g[0], g[1]) for g in MINI_GEMEENTEN]}, onderwerpen, waarde)
    regios = [("NL01  ", "Nederland")]
    if thema.niveau == "gemeente":
        regios += [(g[0], g[1]) for g in MINI_GEMEENTEN]
    elif thema.niveau == "arbeidsmarktregio":
        regios += [("AM01    ", "Groningen (AM)"), ("AM02    ", "Friesland (AM)")]
    dimensies = {}
    for naam, spec in thema.dimensies.items():
        if naam == "regio":
            dimensies[spec.key] = regios
        elif naam == "periode":
            dimensies[spec.key] = list(MINI_PERIODEN)
        else:
            categorieen = thema.categorieen.get(naam, {"totaal": "Totaal"})
            dimensies[spec.key] = [(f"C{nummer:05d} ", titel) for nummer, titel in enumerate(categorieen.values())]
            dimensies[spec.key].append(("X99999 ", "Niet in het register"))
    onderwerpen = [{"Key": o.key, "Title": o.titel, "Unit": o.eenheid or "aantal", "Decimals": 1}
                   for o in thema.onderwerpen.values()]
    regio_key = thema.dimensies["regio"].key

    def waarde(combinatie):
        ontbreekt = combinatie[regio_key].strip() == "GM0037" and combinatie["Perioden"] == "2023JJ00"
        return {o["Key"]: None if ontbreekt else mini_waarde(tabel_id, o["Key"], *combinatie.values())
                for o in onderwerpen}

    return maak_delen(tabel_id, thema.titel, dimensies, onderwerpen, waarde)


def verwacht_aantal_verzoeken(delen: dict, paginagrootte: int) -> int:
    """HTTP requests one cbsodata download needs: the root, then every part but UntypedDataSet, page by page."""
    import math

    return 1 + sum(max(1, math.ceil(len(records) / paginagrootte)) for records in delen.values())


def mini_tabel_ids() -> list[str]:
    from werkboek.register import standaard_register

    return sorted({uitgave.id for _, uitgave in standaard_register().alle_uitgaven()})


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
    from werkboek.testserver import CbsTestserver

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
    from werkboek.testserver import CbsTestserver

    with CbsTestserver(paginagrootte=5000) as server:
        yield _wijs_naar(server, monkeypatch)


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
