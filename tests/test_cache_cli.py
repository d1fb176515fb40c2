"""``werkboek data``: tabellen, status, voorbereiden, pak, uitpak (Dutch output, exit codes)."""

import pytest

from conftest import mini_delen
from werkboek import cache
from werkboek.cli import main

pytestmark = pytest.mark.filterwarnings("ignore:.*regio-indeling")


def test_tabellen_shows_the_register(capsys):
    assert main(["data", "tabellen"]) == 0
    uit = capsys.readouterr().out
    assert "83582NED" in uit and "indeling 2025" in uit and "id bevestigd" in uit and "BanenVanWerknemersInDecember_1" in uit
    assert "vast op totaal: Geslacht = T001038 (bevestigd)" in uit  # 03759ned
    assert "arbeidsmarktregio_code: titel 'Code', in de groep 'Arbeidsmarktregio's'" in uit
    assert "onderwijs_laag: key '2018700' (afgeleid), onderwijsniveau laag" in uit
    assert "vanaf 2015" in uit


def test_without_a_sub_command_the_help_is_shown(capsys):
    assert main(["data"]) == 2
    assert "voorbereiden" in capsys.readouterr().out


@pytest.mark.traag
def test_prepare_status_pack_and_unpack(eigen_cache, tmp_path, capsys, monkeypatch):
    assert main(["data", "status"]) == 0
    assert "De cache is leeg" in capsys.readouterr().out
    assert main(["data", "voorbereiden"]) == 0
    uit = capsys.readouterr().out
    assert "synthetisch" in uit and "tabellen klaar" in uit
    assert main(["data", "status"]) == 0
    status = capsys.readouterr().out
    assert "demodata (synthetisch)" in status and "83582NED" in status and "opgehaald vandaag" in status
    assert "TLS-controle aan" in status
    zip_pad = tmp_path / "momentopname.zip"
    assert main(["data", "pak", str(zip_pad)]) == 0 and zip_pad.is_file()
    capsys.readouterr()
    monkeypatch.setenv("WERKBOEK_CACHE", str(tmp_path / "elders"))
    assert main(["data", "uitpak", str(zip_pad)]) == 0
    assert "teruggezet" in capsys.readouterr().out
    assert cache.lees_tabel("demo", "83582NED")[1]["demo"] is True


def test_a_corrupt_zip_is_refused_with_exit_code_2(eigen_cache, tmp_path, capsys):
    slecht = tmp_path / "kapot.zip"
    slecht.write_bytes(b"PK\x03\x04 kapot")
    assert main(["data", "uitpak", str(slecht)]) == 2
    assert "geweigerd" in capsys.readouterr().err


def test_status_reports_a_damaged_table(eigen_cache, capsys):
    herkomst = {"tabel_id": "83582NED", "demo": True, "opgehaald": "2026-01-01T00:00:00+00:00"}
    cache.schrijf_tabel("demo", "83582NED", mini_delen("83582NED"), herkomst)
    assert main(["data", "status"]) == 0
    assert "dagen geleden" in capsys.readouterr().out  # retrieved on 1 January, long before today
    (eigen_cache / "demo" / "83582NED" / "TypedDataSet.parquet").write_bytes(b"kapot")
    capsys.readouterr()
    assert main(["data", "status"]) == 1
    assert "BESCHADIGD" in capsys.readouterr().out


def test_prepare_from_cbs_through_the_local_server(cbs_testserver, capsys):
    assert main(["data", "voorbereiden", "--bron", "cbs"]) == 0
    assert "CBS open data" in capsys.readouterr().out
    eerste = cbs_testserver.verzoeken.totaal()
    assert eerste > 0
    assert main(["data", "voorbereiden", "--bron", "cbs", "--ververs"]) == 0
    assert cbs_testserver.verzoeken.totaal() == 2 * eerste


def test_a_failed_refresh_keeps_the_cache_and_warns_in_plain_dutch(cbs_testserver, capsys):
    assert main(["data", "voorbereiden", "--bron", "cbs"]) == 0
    cbs_testserver.fail_with_status(503, times=10_000)
    capsys.readouterr()
    assert main(["data", "voorbereiden", "--bron", "cbs", "--ververs"]) == 0
    fouten = capsys.readouterr().err
    assert "werkboek: waarschuwing: Het downloaden van CBS-tabel" in fouten and "HTTP 503" in fouten
    assert "eerder opgehaalde kopie" in fouten and "DataWaarschuwing" not in fouten
