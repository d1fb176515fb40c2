"""Reliability: outages, broken TLS, bad input and damaged local state never lose or corrupt data.

Every test carries ``@pytest.mark.storing(klasse, uitkomst)``; tests/betrouwbaarheidstabel.py counts them into the
table in docs/betrouwbaarheid.md. Each test checks (a) the outcome, (b) that the Dutch message names the table,
parameter or file and the way out, and (c) by sha256 of every file under the cache and the output folder that
nothing good was lost or changed (tests/conftest.py: ``hashcontrole``). The batch faults and the notebook
(papermill) cases are in test_betrouwbaarheid_batch.py.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import re
import shutil
import socket
import ssl
import zipfile
from pathlib import Path

import pytest

from werkboek import batch, cache, export, paden, regios
from werkboek.bronnen import open_bron
from werkboek.cli import main
from werkboek.fouten import WerkboekFout
from werkboek import verbinding
from werkboek.fouten import DataWaarschuwing

from conftest import weiger_schrijven

FIXTURES = Path(__file__).resolve().parent / "notebooks_betrouwbaarheid"
TABEL = "83582NED"  # banen: a gemeente table with three dimensions
ANDERE_TABEL = "03759ned"  # bevolking
OPNIEUW = r"probeer het later opnieuw"
REGISTER = r"data/tabellen\.yaml"


def storing(klasse: str, uitkomst: str):
    return pytest.mark.storing(klasse, uitkomst)


def draai_cli(*argumenten: str) -> tuple[int, str, str]:
    uit, fout = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(uit), contextlib.redirect_stderr(fout):
        code = main(list(argumenten))
    return code, uit.getvalue(), fout.getvalue()


def meldingen(lijst) -> str:
    return "\n".join(str(w.message) for w in lijst)


def gesloten_poort() -> int:
    """A port on 127.0.0.1 that nothing listens on: connections are refused, as without network."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def uitvoer(eigen_cache, tmp_path) -> Path:
    """The output folder with a previous report in it, so 'intact' has something to prove."""
    map_ = tmp_path / "outputs"
    rapport = map_ / "regios" / "AM01-groningen"
    (rapport / "01_controle").mkdir(parents=True)
    (rapport / "01_controle.html").write_text("<p>vorig rapport</p>", encoding="utf-8")
    (rapport / "01_controle" / "samenvatting.json").write_text('{"regio": "AM01"}', encoding="utf-8")
    (map_ / "manifest.json").write_text('{"run_id": "vorige"}', encoding="utf-8")
    (map_ / "index.html").write_text("<p>vorige site</p>", encoding="utf-8")
    return map_


@pytest.fixture(scope="module")
def cbs_cache_sjabloon(tmp_path_factory) -> Path:
    """Every registered table downloaded once per module from a local server with CBS's page size."""
    import warnings

    from conftest import mini_delen, mini_tabel_ids
    from testservers.cbs import CbsTestserver

    map_ = tmp_path_factory.mktemp("cbs-sjabloon") / "cache"
    with CbsTestserver(mini_delen, tabel_ids=mini_tabel_ids()) as server, pytest.MonkeyPatch.context() as mp, \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mp.setenv("WERKBOEK_CACHE", str(map_))
        mp.setenv("NO_PROXY", "127.0.0.1")
        open_bron("cbs", instellingen=server.instellingen()).bereid_voor()
    return map_


@pytest.fixture
def gevulde_cache(cbs_testserver, cbs_cache_sjabloon, eigen_cache, uitvoer):
    """The private cache filled with every registered table (the 'previous good copy'); returns the server."""
    shutil.copytree(cbs_cache_sjabloon, eigen_cache)
    return cbs_testserver


# ---------------------------------------------------------------------------------------------------------
# Download faults
# ---------------------------------------------------------------------------------------------------------

# name -> (inject the fault into the server, what the message must say, the way out it must name)
BLIJVENDE_STORINGEN = {
    "http_500": (lambda s: s.fail_with_status(500, times=10_000), r"HTTP 500", OPNIEUW),
    "http_503": (lambda s: s.fail_with_status(503, times=10_000), r"HTTP 503", OPNIEUW),
    "verbinding_verbroken_midden_in_paginering": (
        lambda s: s.drop_connection(times=10_000, path_contains="TypedDataSet", next_pages_only=True),
        r"verbinding .*verbroken", OPNIEUW),
    "antwoord_trager_dan_timeout": (lambda s: s.delay(1.5, times=10_000, path_contains=TABEL), r"time-out",
                                    r"WERKBOEK_TIMEOUT"),
    "ongeldige_json": (lambda s: s.invalid_json(times=10_000, path_contains=TABEL), r"geen geldige JSON", OPNIEUW),
    "afgekapte_json": (lambda s: s.truncated_json(times=10_000, path_contains=TABEL), r"geen geldige JSON", OPNIEUW),
    "onbekend_tabel_id": (lambda s: s.remove_table(TABEL), r"bestaat niet", REGISTER),
    "onderwerp_verdwenen": (lambda s: s.remove_property(TABEL, "BanenVanWerknemersInDecember_1"),
                            r"onderwerp 'banen' is niet gevonden",
                            REGISTER),
    "dimensie_verdwenen": (lambda s: s.remove_property(TABEL, "BedrijfstakkenBranchesSBI2008"),
                           r"dimensie 'sector' is niet gevonden", REGISTER),
}


@pytest.fixture
def korte_timeout(monkeypatch):
    monkeypatch.setenv("WERKBOEK_TIMEOUT", "1")
    monkeypatch.setenv("WERKBOEK_POGINGEN", "1")


@storing("downloadstoringen", "hersteld: vorige kopie gebruikt, met waarschuwing")
@pytest.mark.parametrize("soort", BLIJVENDE_STORINGEN)
def test_a_lasting_fault_keeps_the_good_copy_and_uses_it_with_a_warning(
        gevulde_cache, korte_timeout, eigen_cache, uitvoer, hashcontrole, soort):
    injecteer, reden, uitweg = BLIJVENDE_STORINGEN[soort]
    oud = cache.lees_herkomst("cbs", TABEL)
    vast = hashcontrole(eigen_cache, uitvoer)
    injecteer(gevulde_cache)
    with pytest.warns(DataWaarschuwing) as gezien:
        tabel = open_bron("cbs", ververs=True).tabel("banen")
    tekst = meldingen(gezien)
    assert TABEL in tekst and re.search(reden, tekst) and re.search(uitweg, tekst), tekst
    assert "eerder opgehaalde kopie" in tekst
    assert tabel.herkomst.opgehaald == oud["opgehaald"] and len(tabel.data) == oud["rijen"]
    assert gevulde_cache.verzoeken.totaal(TABEL) > 0  # it did try
    vast.intact()


@storing("downloadstoringen", "geweigerd met melding, geen halve tabel")
@pytest.mark.parametrize("soort", BLIJVENDE_STORINGEN)
def test_a_lasting_fault_with_an_empty_cache_is_refused_without_leaving_a_partial_table(
        cbs_testserver, korte_timeout, eigen_cache, uitvoer, hashcontrole, soort):
    injecteer, reden, uitweg = BLIJVENDE_STORINGEN[soort]
    vast = hashcontrole(eigen_cache, uitvoer)
    injecteer(cbs_testserver)
    with pytest.raises(WerkboekFout) as fout:
        open_bron("cbs").tabel("banen")
    tekst = str(fout.value)
    assert TABEL in tekst and re.search(reden, tekst) and re.search(uitweg, tekst), tekst
    # The classifications it needs first (which gemeenten to ask for) may have come in whole; nothing of the
    # failed table, and nothing else, was written, and everything in the cache is complete.
    vast.intact(behalve=lambda pad: "/cbs/" in pad and f"/{TABEL}/" not in pad)
    assert not (eigen_cache / "cbs" / TABEL).exists()
    assert all(rij["staat"] == "goed" for rij in cache.vermeldingen(eigen_cache))


HERSTELBARE_STORINGEN = {
    "http_500_dan_goed": lambda s: s.fail_with_status(500, times=1, path_contains=TABEL),
    "http_503_dan_goed": lambda s: s.fail_with_status(503, times=2, path_contains=TABEL),
    "verbinding_eenmaal_verbroken_midden_in_paginering": lambda s: s.drop_connection(
        times=1, path_contains="TypedDataSet", next_pages_only=True),
    "eenmaal_trager_dan_timeout": lambda s: s.delay(1.5, times=1, path_contains=TABEL),
}


@storing("downloadstoringen", "hersteld: opnieuw geprobeerd en gelukt")
@pytest.mark.parametrize("soort", HERSTELBARE_STORINGEN)
def test_a_passing_fault_is_retried_and_the_refresh_succeeds(gevulde_cache, eigen_cache, uitvoer, hashcontrole,
                                                             monkeypatch, recwarn, soort):
    monkeypatch.setenv("WERKBOEK_TIMEOUT", "1")
    vast = hashcontrole(eigen_cache, uitvoer)
    HERSTELBARE_STORINGEN[soort](gevulde_cache)
    tabel = open_bron("cbs", ververs=True).tabel("banen")
    assert not [w for w in recwarn if "eerder opgehaalde kopie" in str(w.message)]
    assert len(tabel.data) == cache.lees_herkomst("cbs", TABEL)["rijen"] > 0
    # The same figures again: only the retrieval time in herkomst.json may differ.
    vast.intact(behalve=lambda pad: pad.endswith(f"cbs/{TABEL}/herkomst.json"))
    assert all(rij["staat"] == "goed" for rij in cache.vermeldingen())


# ---------------------------------------------------------------------------------------------------------
# No network at all
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def geen_netwerk(monkeypatch):
    monkeypatch.setenv("WERKBOEK_CBS_HOST", f"http://127.0.0.1:{gesloten_poort()}")
    monkeypatch.setenv("WERKBOEK_DUO_HOST", f"http://127.0.0.1:{gesloten_poort()}")
    monkeypatch.setenv("WERKBOEK_POGINGEN", "0")


@storing("geen netwerk", "geweigerd met melding en de weg zonder internet")
def test_no_network_and_an_empty_cache_names_the_table_and_the_offline_way(eigen_cache, uitvoer, geen_netwerk,
                                                                            hashcontrole, caplog):
    vast = hashcontrole(eigen_cache, uitvoer)
    code, _, fout = draai_cli("data", "voorbereiden", "--bron", "cbs")
    assert code == 2
    assert TABEL in fout and "er kon geen verbinding worden gemaakt" in fout and "time-out" not in fout
    assert "bron 'demo'" in fout and "werkboek data uitpak" in fout and "momentopname" in fout
    assert fout.count("Zonder internet kunt u verder") == 1  # the way out once, not once per table
    assert f"CBS-tabel {TABEL} is niet geprobeerd" in fout  # after the first refusal the others are not retried
    assert not [r for r in caplog.records if r.name.startswith("urllib3")]  # no English retry lines
    vast.intact()


@storing("geen netwerk", "hersteld: draait verder uit de cache en zegt dat")
@pytest.mark.parametrize("ververs", [False, True], ids=["gewoon", "verversen"])
def test_no_network_with_a_filled_cache_proceeds_from_the_cache_and_says_so(gevulde_cache, eigen_cache, uitvoer,
                                                                             geen_netwerk, hashcontrole, ververs):
    vast = hashcontrole(eigen_cache, uitvoer)
    code, uit, fout = draai_cli("data", "voorbereiden", "--bron", "cbs", *(["--ververs"] if ververs else []))
    assert code == 0, fout
    assert "uit de cache gelezen" in uit and TABEL in uit
    if ververs:  # it tried, failed, and says per table that the cached copy is used
        assert f"eerder opgehaalde kopie van tabel {TABEL}" in fout and "verbinding" in fout
    vast.intact()


# ---------------------------------------------------------------------------------------------------------
# TLS: verification on by default, a CA bundle, and an explicit, warned opt-out
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def https_testserver(eigen_cache, maak_cbs_testserver, monkeypatch, tmp_path):
    """The local CBS server over HTTPS with a certificate from a private test CA; returns (server, CA bundle)."""
    import trustme

    ca = trustme.CA(organization_name="Werkboek test-CA")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    server = maak_cbs_testserver(ssl_context=context)
    bundel = tmp_path / "organisatie-ca.pem"
    ca.cert_pem.write_to_path(str(bundel))
    for naam in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "WERKBOEK_CA_BUNDEL", "WERKBOEK_TLS_CONTROLE"):
        monkeypatch.delenv(naam, raising=False)
    monkeypatch.setenv("WERKBOEK_CBS_HOST", server.url)
    monkeypatch.setenv("WERKBOEK_POGINGEN", "0")
    assert server.url.startswith("https://")
    return server, bundel


@storing("TLS", "geweigerd met melding over de CA-bundel")
def test_without_the_ca_bundle_the_certificate_is_refused_with_the_way_to_the_setting(https_testserver, eigen_cache,
                                                                                      uitvoer, hashcontrole):
    vast = hashcontrole(eigen_cache, uitvoer)
    instellingen = verbinding.lees_instellingen()
    assert instellingen.tls_controle is True and instellingen.verify() is True  # on by default
    with pytest.raises(WerkboekFout) as fout:
        open_bron("cbs").tabel("banen")
    tekst = str(fout.value)
    assert TABEL in tekst and "TLS-certificaat" in tekst
    assert "WERKBOEK_CA_BUNDEL" in tekst and "'ca_bundel' in data/instellingen.yaml" in tekst
    vast.intact()


@storing("TLS", "hersteld: met de CA-bundel")
@pytest.mark.parametrize("waar", ["omgevingsvariabele", "instellingenbestand"])
def test_a_ca_bundle_setting_makes_the_download_work(https_testserver, eigen_cache, uitvoer, tmp_path, monkeypatch,
                                                     hashcontrole, recwarn, waar):
    server, bundel = https_testserver
    vast = hashcontrole(uitvoer)
    if waar == "omgevingsvariabele":
        monkeypatch.setenv("WERKBOEK_CA_BUNDEL", str(bundel))
    else:
        bestand = tmp_path / "instellingen.yaml"
        bestand.write_text(f"ca_bundel: {bundel}\n", encoding="utf-8")
        monkeypatch.setenv("WERKBOEK_INSTELLINGEN", str(bestand))
    tabel = open_bron("cbs").tabel("banen")
    assert len(tabel.data) > 0 and server.verzoeken.totaal(TABEL) > 0
    assert not [w for w in recwarn if "TLS" in str(w.message)]
    vast.intact()


@storing("TLS", "hersteld: controle uit alleen met instelling, waarschuwing bij elke run")
def test_turning_verification_off_needs_the_setting_and_warns_on_every_run(https_testserver, eigen_cache, uitvoer,
                                                                          monkeypatch, hashcontrole):
    server, _ = https_testserver
    vast = hashcontrole(uitvoer)
    monkeypatch.setenv("WERKBOEK_TLS_CONTROLE", "nee")
    for _ in range(2):  # two runs (each a new source that downloads again), two warnings
        with pytest.warns(DataWaarschuwing) as gezien:
            tabel = open_bron("cbs", ververs=True).tabel("banen")
        tekst = meldingen(gezien)
        assert "TLS-certificaten staat UIT" in tekst and "WERKBOEK_CA_BUNDEL" in tekst and TABEL in tekst
        assert len(tabel.data) > 0
    assert server.verzoeken.totaal(f"{TABEL}/TypedDataSet") >= 2
    vast.intact()


@storing("TLS", "geweigerd met melding")
def test_an_unclear_tls_setting_is_refused_not_taken_as_off(https_testserver, eigen_cache, uitvoer, monkeypatch,
                                                             hashcontrole):
    vast = hashcontrole(eigen_cache, uitvoer)
    monkeypatch.setenv("WERKBOEK_TLS_CONTROLE", "misschien")
    code, _, fout = draai_cli("data", "voorbereiden", "--bron", "cbs")
    assert code == 2 and "tls_controle" in fout and "'ja' of 'nee'" in fout
    vast.intact()


# ---------------------------------------------------------------------------------------------------------
# Bad parameters from the command line and from parameter files (papermill: test_betrouwbaarheid_batch.py)
# ---------------------------------------------------------------------------------------------------------

GELDIGE_REGIOS = r"Geldige regio's"
FOUTE_OPTIES = {
    "onbekende_regio": (["--regios", "Nergensland"], r"Onbekende arbeidsmarktregio: 'Nergensland'", GELDIGE_REGIOS),
    "lege_regio": (["--regios", ""], r"geen regio opgegeven", GELDIGE_REGIOS),
    "regio_als_onbekend_nummer": (["--regios", "4"], r"Onbekende arbeidsmarktregio: '4'", GELDIGE_REGIOS),
    "regio_als_kommagetal": (["--regios", "1.5"], r"Onbekende arbeidsmarktregio: '1.5'", GELDIGE_REGIOS),
    "jaar_buiten_bereik": (["--jaar", "1990"], r"'jaar' = 1990", r"2015 tot en met 2030"),
    "jaar_geen_getal": (["--jaar", "twee"], r"'jaar' moet een geheel getal", r"2015 tot en met 2030"),
    "onbekende_sector": (["--sector", "Z"], r"Onbekende sector: 'Z'", r"Geldige sectoren: .*F Bouwnijverheid"),
    "negatieve_horizon": (["--horizon", "-1"], r"'horizon' = -1", r"1 tot en met 15"),
    "absurde_horizon": (["--horizon", "500"], r"'horizon' = 500", r"1 tot en met 15"),
    "horizon_geen_getal": (["--horizon", "vijf"], r"'horizon' moet een geheel getal", r"1 tot en met 15"),
    "onbekende_bron": (["--bron", "internet"], r"Onbekende databron 'internet'", r"'demo'.*'cbs'.*'momentopname'"),
}


def _run(*argumenten: str) -> tuple[int, str, str]:
    return draai_cli("run", "--notebooks", str(FIXTURES), *argumenten)


@storing("slechte parameters (opdrachtregel)", "geweigerd met melding en geldige keuzes")
@pytest.mark.parametrize("geval", FOUTE_OPTIES)
def test_a_bad_command_line_parameter_is_refused_before_anything_is_written(eigen_cache, uitvoer, hashcontrole, geval):
    opties, melding, keuzes = FOUTE_OPTIES[geval]
    vast = hashcontrole(eigen_cache, uitvoer)
    regio = [] if "--regios" in opties else ["--regios", "AM01"]
    code, _, fout = _run(*regio, *opties)
    assert code == 2
    assert re.search(melding, fout) and re.search(keuzes, fout), fout
    vast.intact()
    assert not (uitvoer / ".werk").exists()


@pytest.mark.traag
@storing("slechte parameters (opdrachtregel)", "geweigerd met melding en geldige keuzes")
def test_a_year_the_data_does_not_hold_is_refused_before_any_notebook_runs(eigen_cache, uitvoer, hashcontrole):
    """2030 passes the range check, but the demo data end in 2024: the data-aware check in the runner refuses it."""
    vast = hashcontrole(uitvoer)
    code, _, fout = _run("--regios", "AM01", "--jaar", "2030", "--processen", "1")
    assert code == 2, fout
    assert "'jaar' = 2030 zit niet in de data van bron 'demo'" in fout and "2015 tot en met 2024" in fout
    vast.intact()
    assert not (uitvoer / ".werk").exists() and not (uitvoer / "mislukt").exists()


FOUTE_BESTANDEN = {
    "onbekende_regio": ("regios: [Nergensland]", r"Onbekende arbeidsmarktregio", GELDIGE_REGIOS),
    "lege_regio": ("regios: ''", r"geen regio opgegeven", GELDIGE_REGIOS),
    "regio_als_onbekend_getal": ("regios: [4]", r"Onbekende arbeidsmarktregio: '4'", GELDIGE_REGIOS),
    "regio_als_kommagetal": ("regios: [1.5]", r"Onbekende arbeidsmarktregio: '1.5'", GELDIGE_REGIOS),
    "jaar_buiten_bereik": ("jaar: 2035", r"'jaar' = 2035", r"2015 tot en met 2030"),
    "jaar_als_tekst": ("jaar: tweeduizend", r"'jaar' moet een geheel getal", r"2015 tot en met 2030"),
    "jaar_als_waarheidswaarde": ("jaar: true", r"'jaar' moet een geheel getal", r"2015 tot en met 2030"),
    "sector_als_getal": ("sector: 7", r"focussector als tekst", r"Geldige sectoren"),
    "onbekende_sector": ("sector: visserij", r"Onbekende sector: 'visserij'", r"Geldige sectoren"),
    "negatieve_horizon": ("horizon: -3", r"'horizon' = -3", r"1 tot en met 15"),
    "absurde_horizon": ("horizon: 99", r"'horizon' = 99", r"1 tot en met 15"),
    "horizon_als_lijst": ("horizon: [5]", r"'horizon' moet een geheel getal", r"1 tot en met 15"),
    "onbekende_bron": ("bron: internet", r"Onbekende databron 'internet'", r"'demo'"),
    "onbekende_sleutel": ("regio: AM01", r"onbekende sleutels \['regio'\]", r"Toegestaan: bron, horizon, jaar"),
    "geen_yaml": ("jaar: [2023", r"geen geldige YAML", r"run\.yaml"),
}


@storing("slechte parameters (parameterbestand)", "geweigerd met melding en geldige keuzes")
@pytest.mark.parametrize("geval", FOUTE_BESTANDEN)
def test_a_bad_parameter_file_is_refused_before_anything_is_written(eigen_cache, uitvoer, tmp_path, hashcontrole,
                                                                    geval):
    inhoud, melding, keuzes = FOUTE_BESTANDEN[geval]
    bestand = tmp_path / "run.yaml"
    bestand.write_text(inhoud + "\n", encoding="utf-8")
    vast = hashcontrole(eigen_cache, uitvoer)
    regio = [] if inhoud.startswith("regios") else ["--regios", "AM01"]
    code, _, fout = _run("--parameters", str(bestand), *regio)
    assert code == 2
    assert re.search(melding, fout) and re.search(keuzes, fout), fout
    vast.intact()


# ---------------------------------------------------------------------------------------------------------
# Damaged local state
# ---------------------------------------------------------------------------------------------------------


def _beschadig(map_: Path, soort: str) -> None:
    data, herkomst = map_ / cache.DATA_BESTAND, map_ / cache.HERKOMST_BESTAND
    if soort == "parquet_rommel":
        data.write_bytes(b"dit is geen parquet" * 50)
    elif soort == "parquet_afgekapt":
        data.write_bytes(data.read_bytes()[: data.stat().st_size // 2])
    elif soort == "herkomst_ongeldig":
        herkomst.write_text('{"tabel_id": "83582NED", "bestanden": ', encoding="utf-8")


BESCHADIGINGEN = ("parquet_rommel", "parquet_afgekapt", "herkomst_ongeldig")


def _behalve_tabel(bron: str, tabel_id: str):
    return lambda pad: f"/{bron}/{tabel_id}/" in pad or f"/{bron}/afgeleid/" in pad


@storing("beschadigde lokale staat", "hersteld: gemeld en opnieuw opgehaald")
@pytest.mark.parametrize("soort", BESCHADIGINGEN)
def test_a_damaged_cache_entry_is_reported_and_fetched_again(gevulde_cache, eigen_cache, uitvoer, hashcontrole, soort):
    _beschadig(eigen_cache / "cbs" / TABEL, soort)
    vast = hashcontrole(eigen_cache, uitvoer)
    with pytest.warns(DataWaarschuwing) as gezien:
        tabel = open_bron("cbs").tabel("banen")
    tekst = meldingen(gezien)
    assert f"De cache van tabel {TABEL}" in tekst and "beschadigd" in tekst and "opnieuw op" in tekst
    assert len(tabel.data) > 0
    vast.intact(behalve=_behalve_tabel("cbs", TABEL))  # only the damaged table was replaced
    assert all(rij["staat"] == "goed" for rij in cache.vermeldingen())


@storing("beschadigde lokale staat", "veilig gestopt met melding")
@pytest.mark.parametrize("soort", BESCHADIGINGEN)
def test_a_damaged_cache_entry_without_network_stops_with_the_way_out(gevulde_cache, eigen_cache, uitvoer,
                                                                       geen_netwerk, hashcontrole, recwarn, soort):
    _beschadig(eigen_cache / "cbs" / TABEL, soort)
    vast = hashcontrole(eigen_cache, uitvoer)
    with pytest.raises(WerkboekFout) as fout:
        open_bron("cbs").tabel("banen")
    tekst = str(fout.value)
    assert TABEL in tekst
    assert "werkboek data voorbereiden --ververs" in tekst or "werkboek data uitpak" in tekst, tekst
    vast.intact()


@storing("beschadigde lokale staat", "hersteld: gemeld en opnieuw gemaakt")
def test_a_demo_cache_from_an_older_register_is_detected_regenerated_and_said(eigen_cache, uitvoer, hashcontrole):
    bron = open_bron("demo")
    bron.tabel("banen"), bron.tabel("bevolking")
    herkomst = eigen_cache / "demo" / TABEL / cache.HERKOMST_BESTAND
    record = json.loads(herkomst.read_text(encoding="utf-8"))
    herkomst.write_text(json.dumps({**record, "register_vingerafdruk": "een-oudere-versie"}), encoding="utf-8")
    vast = hashcontrole(eigen_cache, uitvoer)
    with pytest.warns(DataWaarschuwing, match=f"Tabel {TABEL} .*andere versie van het tabellenregister.*opnieuw op"):
        open_bron("demo").tabel("banen")
    assert cache.lees_herkomst("demo", TABEL)["register_vingerafdruk"] == bron.register.vingerafdruk
    vast.intact(behalve=_behalve_tabel("demo", TABEL))
    assert not vast.verschil(behalve=lambda pad: ANDERE_TABEL not in pad)  # the other table is untouched


@storing("beschadigde lokale staat", "hersteld: gemeld, opnieuw opgehaald of de oude kopie met waarschuwing")
@pytest.mark.parametrize("netwerk", ["bereikbaar", "onbereikbaar"])
def test_a_cbs_cache_from_an_older_register_is_refetched_or_kept_with_a_warning(gevulde_cache, eigen_cache, uitvoer,
                                                                                monkeypatch, hashcontrole, netwerk):
    herkomst = eigen_cache / "cbs" / TABEL / cache.HERKOMST_BESTAND
    record = json.loads(herkomst.read_text(encoding="utf-8"))
    herkomst.write_text(json.dumps({**record, "register_vingerafdruk": "een-oudere-versie"}), encoding="utf-8")
    if netwerk == "onbereikbaar":
        monkeypatch.setenv("WERKBOEK_CBS_HOST", f"http://127.0.0.1:{gesloten_poort()}")
    vast = hashcontrole(eigen_cache, uitvoer)
    with pytest.warns(DataWaarschuwing) as gezien:
        tabel = open_bron("cbs").tabel("banen")
    tekst = meldingen(gezien)
    assert f"Tabel {TABEL} in de cache" in tekst and "andere versie van het tabellenregister" in tekst
    assert len(tabel.data) > 0
    if netwerk == "bereikbaar":
        assert cache.lees_herkomst("cbs", TABEL)["register_vingerafdruk"] != "een-oudere-versie"
        vast.intact(behalve=_behalve_tabel("cbs", TABEL))
    else:
        assert "eerder opgehaalde kopie" in tekst
        vast.intact()


@storing("beschadigde lokale staat", "hersteld: gemeld en gebruikt zoals hij is (alleen lezen)")
def test_a_snapshot_from_an_older_register_is_used_read_only_with_a_warning(eigen_cache, uitvoer, tmp_path,
                                                                            hashcontrole):
    open_bron("demo").tabel("banen")
    momentopname = tmp_path / "momentopname"
    shutil.copytree(eigen_cache, momentopname)
    herkomst = momentopname / "demo" / TABEL / cache.HERKOMST_BESTAND
    record = json.loads(herkomst.read_text(encoding="utf-8"))
    herkomst.write_text(json.dumps({**record, "register_vingerafdruk": "een-oudere-versie"}), encoding="utf-8")
    vast = hashcontrole(momentopname, eigen_cache, uitvoer)
    with pytest.warns(DataWaarschuwing, match=f"Tabel {TABEL} in de momentopname .*andere versie van het "
                                                  "tabellenregister.*'werkboek data pak'"):
        tabel = open_bron("momentopname", momentopname=momentopname).tabel("banen")
    assert len(tabel.data) == record["rijen"]
    vast.intact()


def _maak_momentopname(tmp_path: Path) -> Path:
    zip_pad = tmp_path / "momentopname.zip"
    cache.pak(zip_pad)
    return zip_pad


@storing("beschadigde lokale staat", "geweigerd met melding, cache onaangeroerd")
@pytest.mark.parametrize("soort", ["afgekapt", "geen_zip", "controlesom_klopt_niet"])
def test_a_corrupt_snapshot_is_refused_without_touching_the_cache(eigen_cache, uitvoer, tmp_path, hashcontrole, soort):
    open_bron("demo").tabel("banen")
    zip_pad = _maak_momentopname(tmp_path)
    if soort == "afgekapt":
        zip_pad.write_bytes(zip_pad.read_bytes()[: zip_pad.stat().st_size // 2])
    elif soort == "geen_zip":
        zip_pad.write_text("<html>proxy-melding</html>", encoding="utf-8")
    else:
        with zipfile.ZipFile(zip_pad, "a") as archief, warnings_ignored():  # a second, different data file
            naam = next(n for n in archief.namelist() if n.endswith(cache.DATA_BESTAND))
            archief.writestr(naam, b"anders")
    vast = hashcontrole(eigen_cache, uitvoer)
    with pytest.raises(cache.MomentopnameFout) as fout, warnings_ignored():
        open_bron("momentopname", momentopname=zip_pad).tabel("banen")
    tekst = str(fout.value)
    assert str(zip_pad) in tekst and "geweigerd" in tekst and "'werkboek data pak'" in tekst
    assert "bestaande cache is niet aangeraakt" in tekst
    vast.intact()


@contextlib.contextmanager
def warnings_ignored():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@storing("beschadigde lokale staat", "veilig gestopt met melding")
def test_a_read_only_output_folder_stops_the_run_with_a_dutch_message(eigen_cache, uitvoer, monkeypatch, hashcontrole):
    vast = hashcontrole(eigen_cache, uitvoer)
    weiger_schrijven(monkeypatch, uitvoer, errno.EACCES)
    code, _, fout = _run("--regios", "AM01")
    assert code == 2
    assert str(uitvoer) in fout and "geen schrijfrechten" in fout and "WERKBOEK_OUTPUTS" in fout
    assert "Traceback" not in fout
    monkeypatch.undo()
    vast.intact()


@storing("beschadigde lokale staat", "veilig gestopt met melding")
def test_a_full_disk_while_refreshing_the_cache_keeps_the_previous_copy(gevulde_cache, eigen_cache, uitvoer,
                                                                         monkeypatch, hashcontrole):
    vast = hashcontrole(eigen_cache, uitvoer)
    weiger_schrijven(monkeypatch, eigen_cache, errno.ENOSPC, alleen=lambda pad: pad.endswith(".parquet"))
    code, _, fout = draai_cli("data", "voorbereiden", "--bron", "cbs", "--ververs")
    monkeypatch.undo()
    assert code == 2
    assert "de schijf is vol" in fout and "Maak ruimte vrij" in fout and "WERKBOEK_CACHE" in fout
    assert str(eigen_cache) in fout  # names the file it could not write
    vast.intact()


@storing("beschadigde lokale staat", "veilig gestopt: vorig rapport teruggezet")
@pytest.mark.parametrize("fout_nummer", [errno.ENOSPC, errno.EACCES], ids=["schijf_vol", "alleen_lezen"])
def test_a_failing_swap_puts_the_previous_report_back(uitvoer, monkeypatch, hashcontrole, fout_nummer):
    doel = uitvoer / "regios" / "AM01-groningen"
    vast = hashcontrole(uitvoer)
    staging = batch.werkmap(uitvoer) / "run" / "AM01-groningen"
    staging.mkdir(parents=True)
    (staging / "01_controle.html").write_text("<p>nieuw</p>", encoding="utf-8")
    weiger_schrijven(monkeypatch, doel, fout_nummer, alleen=lambda pad: pad == str(doel))
    echte_replace = os.replace
    # The first rename (old report to its backup) works; the second (new report into place) fails.
    monkeypatch.setattr(os, "replace", lambda bron, naar: (_ for _ in ()).throw(
        OSError(fout_nummer, os.strerror(fout_nummer), str(naar))) if Path(bron) == staging else echte_replace(bron, naar))
    with pytest.raises(OSError) as fout:
        batch.wissel_in(staging, doel, batch.backup_pad(uitvoer, "run", doel))
    monkeypatch.undo()
    tekst = batch.schijffout_tekst(fout.value)
    assert str(doel) in tekst and ("schijf is vol" in tekst or "schrijfrechten" in tekst)
    batch.herstel_onderbroken_wissels(uitvoer)
    vast.intact()


# ---------------------------------------------------------------------------------------------------------
# Output safety: nothing outside outputs/ from a parameter or a data file
# ---------------------------------------------------------------------------------------------------------


@storing("uitvoerveiligheid", "geweigerd met melding")
@pytest.mark.parametrize("uitvoermap", ["../elders", "ABSOLUUT", "regios/../../elders", "regios/AM01/../../../elders"])
def test_an_output_folder_outside_outputs_is_refused(uitvoer, tmp_path, hashcontrole, uitvoermap):
    from werkboek.parameters import valideer_parameters

    elders = tmp_path / "elders"
    uitvoermap = str(elders) if uitvoermap == "ABSOLUUT" else uitvoermap
    vast = hashcontrole(tmp_path)
    with pytest.raises(WerkboekFout, match=r"valt buiten de map .*Gebruik alleen namen zonder '\.\.'"):
        export.uitvoermap(valideer_parameters("AM01"), "01_controle", uitvoermap)
    assert not elders.exists()
    vast.intact()


@storing("uitvoerveiligheid", "geweigerd met melding")
@pytest.mark.parametrize("stem", ["../01_controle", "regios/../x", "/tmp/x"])
def test_a_notebook_stem_with_a_path_is_refused(uitvoer, tmp_path, hashcontrole, stem):
    from werkboek.parameters import valideer_parameters

    vast = hashcontrole(tmp_path)
    with pytest.raises(WerkboekFout, match="Ongeldige notebooknaam"):
        export.uitvoermap(valideer_parameters("AM01"), stem)
    vast.intact()


@storing("uitvoerveiligheid", "onschadelijk gemaakt: blijft in de eigen map")
@pytest.mark.parametrize("naam", ["../../buiten", "/tmp/buiten", "..\\..\\buiten"])
def test_a_table_or_figure_name_with_a_path_stays_in_its_folder(uitvoer, tmp_path, hashcontrole, naam):
    import pandas as pd

    from werkboek.parameters import valideer_parameters

    map_ = export.uitvoermap(valideer_parameters("AM01"), "01_controle")
    vast = hashcontrole(tmp_path)
    pad = export.schrijf_csv(pd.DataFrame({"a": [1]}), map_ / "tabellen", naam)
    assert pad.parent == map_ / "tabellen" and pad.name.endswith("buiten.csv") and ".." not in pad.name
    assert set(vast.verschil()) == {str(pad)}  # the one new file, inside the folder
    uitvoer_ = export.Uitvoer(valideer_parameters("AM01"), "01_controle")
    try:
        uitvoer_.figuur(map_ / "figuren" / naam)
    except WerkboekFout as fout:
        assert "geen bruikbare naam voor een figuur" in str(fout)
    assert all(re.fullmatch(r"figuren/[A-Za-z0-9_-][A-Za-z0-9_.-]*", f) for f in uitvoer_.figuren), uitvoer_.figuren


@pytest.fixture
def register_met(tmp_path, monkeypatch):
    """A project copy whose data/regios.csv has one line replaced."""
    def maak(oud: str, nieuw: str) -> Path:
        root = tmp_path / "project"
        shutil.copytree(paden.data_dir(), root / "data", ignore=shutil.ignore_patterns("cache"))
        register = root / "data" / "regios.csv"
        tekst = register.read_text(encoding="utf-8")
        assert oud in tekst
        register.write_text(tekst.replace(oud, nieuw, 1), encoding="utf-8")
        monkeypatch.setenv("WERKBOEK_ROOT", str(root))
        regios.alle_regios.cache_clear()
        regios._index.cache_clear()
        return root

    yield maak
    regios.alle_regios.cache_clear()
    regios._index.cache_clear()


@storing("uitvoerveiligheid", "geweigerd met melding")
@pytest.mark.parametrize("slug", ["../../buiten", "groningen/../../x", "..", "/tmp/x"])
def test_a_slug_with_a_path_in_the_region_register_is_refused(register_met, eigen_cache, uitvoer, hashcontrole, slug):
    register_met(",groningen,", f",{slug},")
    vast = hashcontrole(eigen_cache, uitvoer)
    code, _, fout = _run("--regios", "AM02")
    assert code == 2
    assert "Ongeldige regel in het regioregister" in fout and repr(slug) in fout
    assert "git checkout data/regios.csv" in fout and "geen '/' of '..'" in fout
    vast.intact()


def test_the_table_in_the_docs_is_counted_from_these_tests():
    """docs/betrouwbaarheid.md carries the fault table; it must match what the tests actually check."""
    import subprocess
    import sys

    script = Path(__file__).resolve().parent / "betrouwbaarheidstabel.py"
    uitkomst = subprocess.run([sys.executable, str(script), "--controleer"], capture_output=True, text=True, timeout=120)
    assert uitkomst.returncode == 0, uitkomst.stdout + uitkomst.stderr
