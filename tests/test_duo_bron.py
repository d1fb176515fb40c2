"""DUO files through DataBron: the demo offline, the live path against the local DUO (and CBS) servers through the
cache (one download, then none), a failed refresh keeping the cached copy, no network without a cache, snapshots
with DUO, bereid_voor and 'werkboek data status'."""

from __future__ import annotations

import json
import socket
import zipfile

import pandas as pd
import pytest
import yaml

from werkboek import bronnen, cache, duo
from werkboek.bronnen import BronFout, open_bron
from werkboek.demo import duo as demo_duo
from werkboek.register import laad_register, standaard_register

pytestmark = pytest.mark.filterwarnings("ignore::werkboek.fouten.DataWaarschuwing")
NAMEN = ("mbo_studenten_sectorkamer", "mbo_instroom", "mbo_gediplomeerden", "mbo_instellingen", "ho_eerstejaars")


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    """The project's register with only the classifications and the DUO section (the other themes are not needed
    here and are being rewritten)."""
    gegevens = yaml.safe_load(standaard_register().pad.read_text(encoding="utf-8"))
    gegevens["themas"] = {"regio_indeling": gegevens["themas"]["regio_indeling"]}
    pad = tmp_path_factory.mktemp("register") / "tabellen.yaml"
    pad.write_text(yaml.safe_dump(gegevens, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return laad_register(pad)


@pytest.fixture
def live(duo_testserver, demo_cbs_testserver):
    """The DUO server and the CBS server (for the classifications), both with the demo generator's data."""
    return duo_testserver, demo_cbs_testserver


def regios_met(bron, tabel) -> set[str]:
    indeling = bron.regio_indeling(2024).set_index("gemeente")["regio"]
    data = tabel.data
    return set(data.loc[data["aantal_max"] > 0, "gemeente"].dropna().map(indeling).dropna())


def test_the_demo_source_makes_every_kind_of_file_offline_with_the_demo_facts(eigen_cache, register, monkeypatch):
    def geen_netwerk(*args, **kwargs):
        raise AssertionError("de demodata mogen geen netwerk gebruiken")

    monkeypatch.setattr(socket.socket, "connect", geen_netwerk)
    bron = open_bron("demo", register=register)
    tabellen = {naam: bron.duo(naam) for naam in NAMEN}
    for naam, tabel in tabellen.items():
        assert tabel.demo and len(tabel.data) and "demodata (synthetisch)" in tabel.bronregel()
        assert {"jaar", "aantal_min", "aantal_max", "gemaskeerd", "gemeente"} <= set(tabel.data.columns)
        assert tabel.data["jaar"].max() == 2024 and tabel.data["jaar"].min() == 2020
        assert (eigen_cache / "demo" / f"duo-{naam}" / cache.HERKOMST_BESTAND).is_file()
    ho = regios_met(bron, tabellen["ho_eerstejaars"])
    mbo = regios_met(bron, tabellen["mbo_instroom"])
    assert "AM01" in ho and "AM01" in mbo
    assert "AM22" not in ho and "AM22" in mbo
    assert "AM35" not in mbo and "AM35" in ho
    sector = tabellen["mbo_studenten_sectorkamer"]
    zonder = sector.data[sector.data["gemeente"].isna()]
    assert set(zonder["woongemeente"]) == {"woonachtig in België", "woonachtig in Duitsland"} and zonder["buitenland"].all()
    assert not any("geen enkele regio-indeling" in o for o in sector.opmerkingen)
    instroom = tabellen["mbo_instroom"]
    assert set(instroom.data["gemeente_soort"]) == {"hoofdvestiging van de instelling"}
    assert any("hoofdvestiging" in o for o in instroom.data.attrs["opmerkingen"])
    assert {h.naam for h in instroom.herkomst} == {"mbo_instroom", "mbo_instellingen"}
    # 99DE moved its main site in 2022: every year gets the latest one
    assert set(instroom.data.loc[instroom.data["instellingscode"] == "99DE", "gemeente"]) == {"GM9038"}
    assert all(r["staat"] == "goed" for r in cache.vermeldingen(eigen_cache))


def test_the_live_source_downloads_once_and_then_reads_the_cache(live, register, eigen_cache):
    duo_server, cbs_server = live
    bron = open_bron("cbs", register=register)
    duo_server.verzoeken.wis()
    instroom = bron.duo("mbo_instroom")
    assert duo_server.verzoeken.totaal() == 8  # 2 x package_show, 5 instroom files, 1 institution file
    assert duo_server.verzoeken.totaal("/api/3/action/package_show") == 2
    sector = bron.duo("mbo_studenten_sectorkamer")
    assert duo_server.verzoeken.totaal() == 10 and cbs_server.verzoeken.totaal() > 0
    assert instroom.demo and sector.demo  # demo files served by a test server stay marked synthetic
    record = json.loads((eigen_cache / "duo" / "mbo_instroom" / cache.HERKOMST_BESTAND).read_text(encoding="utf-8"))
    assert record["demo"] is True and len(record["resources"]) == 5 and record["bron_url"].startswith(duo_server.url)

    duo_server.verzoeken.wis()
    cbs_server.verzoeken.wis()
    opnieuw = open_bron("cbs", register=register)
    for naam, eerder in (("mbo_instroom", instroom), ("mbo_studenten_sectorkamer", sector)):
        pd.testing.assert_frame_equal(opnieuw.duo(naam).data, eerder.data)
    assert duo_server.verzoeken.totaal() == 0 and cbs_server.verzoeken.totaal() == 0
    demo_frame = open_bron("demo", register=register).duo("mbo_instroom").data
    pd.testing.assert_frame_equal(demo_frame, instroom.data)  # the same files give the same frame on both paths


def test_a_failed_refresh_keeps_the_cached_copy_and_says_so(live, register, eigen_cache, hashcontrole):
    duo_server, _ = live
    open_bron("cbs", register=register).duo("mbo_instellingen")
    vast = hashcontrole(eigen_cache / "duo")
    duo_server.fail_with_status(503, times=99)
    with pytest.warns(UserWarning, match=r"(?s)HTTP 503.*eerder opgehaalde kopie van DUO-bestand 'mbo_instellingen'"):
        tabel = open_bron("cbs", register=register, ververs=True).duo("mbo_instellingen")
    assert len(tabel.data) == 140
    duo_server.clear_faults()
    duo_server.change_header(standaard_register().duo["mbo_instellingen"].resources[0].id, remove=["INSTELLINGSCODE"])
    with pytest.warns(UserWarning, match=r"(?s)'INSTELLINGSCODE' ontbreekt.*eerder opgehaalde kopie"):
        open_bron("cbs", register=register, ververs=True).duo("mbo_instellingen")
    vast.intact()


def test_a_changed_layout_without_a_cached_copy_stops_and_writes_nothing(live, register, eigen_cache):
    duo_server, _ = live
    duo_server.change_header(standaard_register().duo["ho_eerstejaars"].resources[1].id,
                             rename={"GEMEENTENUMMER": "GEMEENTECODE"})
    with pytest.raises(duo.DuoLayoutFout, match="GEMEENTECODE"):
        open_bron("cbs", register=register).duo("ho_eerstejaars")
    assert not (eigen_cache / "duo" / "ho_eerstejaars").exists()


def test_without_network_and_without_a_cache_the_error_says_how_to_go_on(eigen_cache, register, monkeypatch):
    with socket.socket() as vrij:
        vrij.bind(("127.0.0.1", 0))
        poort = vrij.getsockname()[1]
    monkeypatch.setenv("WERKBOEK_DUO_HOST", f"http://127.0.0.1:{poort}")
    monkeypatch.setenv("WERKBOEK_POGINGEN", "0")
    bron = open_bron("cbs", register=register)
    with pytest.raises(BronFout) as fout:
        bron.duo("mbo_instellingen")
    assert "geen verbinding" in str(fout.value) and bronnen.ZONDER_INTERNET in str(fout.value)
    with pytest.raises(BronFout, match="niet geprobeerd"):  # one unreachable host is not tried again per file
        bron.duo("ho_eerstejaars")


def test_an_unmatched_woongemeente_is_reported_in_the_notes(live, register):
    duo_server, _ = live
    sector_id = standaard_register().duo["mbo_studenten_sectorkamer"].resources[0].id
    extra = '"Handel","Handel en ondernemerschap","BBL","2","Groningen","Atlantis","5","-1","5","5","5"\r\n'.encode()
    duo_server.bestand_bron = lambda rid: demo_duo.bestand(rid) + (extra if rid == sector_id else b"")
    tabel = open_bron("cbs", register=register).duo("mbo_studenten_sectorkamer")
    atlantis = tabel.data[tabel.data["woongemeente"] == "Atlantis"]
    assert len(atlantis) == 5 and atlantis["gemeente"].isna().all() and not atlantis["buitenland"].any()
    assert any("Atlantis" in o for o in tabel.data.attrs["opmerkingen"])


def test_a_changed_register_entry_fetches_again(live, register, eigen_cache):
    open_bron("cbs", register=register).duo("mbo_instellingen")
    pad = eigen_cache / "duo" / "mbo_instellingen" / cache.HERKOMST_BESTAND
    record = json.loads(pad.read_text(encoding="utf-8"))
    pad.write_text(json.dumps(dict(record, duo_vingerafdruk="ouder")), encoding="utf-8")
    live[0].verzoeken.wis()
    with pytest.warns(UserWarning, match="andere beschrijving in data/tabellen.yaml"):
        open_bron("cbs", register=register).duo("mbo_instellingen")
    assert live[0].verzoeken.totaal() == 2


def test_a_snapshot_carries_the_duo_files_and_is_read_without_network(live, register, eigen_cache, tmp_path, monkeypatch):
    duo_server, cbs_server = live
    bron = open_bron("cbs", register=register)
    eerder = {naam: bron.duo(naam).data for naam in ("mbo_studenten_sectorkamer", "mbo_gediplomeerden")}
    zip_pad = tmp_path / "momentopname.zip"
    manifest = cache.pak(zip_pad, eigen_cache)
    assert {t["tabel_id"] for t in manifest["tabellen"] if t["bron"] == "duo"} == {
        "mbo_studenten_sectorkamer", "mbo_gediplomeerden", "mbo_instellingen"}
    with zipfile.ZipFile(zip_pad) as archief:
        assert f"duo/mbo_gediplomeerden/{duo.bestandsnaam('aa057440-a653-41c4-8d73-d63cb0556135')}" in archief.namelist()
    elders = tmp_path / "andere-computer"
    monkeypatch.setenv("WERKBOEK_CACHE", str(elders))
    cache.pak_uit(zip_pad, elders)
    duo_server.verzoeken.wis()
    cbs_server.verzoeken.wis()
    snapshot = open_bron("momentopname", register=register)
    assert not snapshot.is_demo
    for naam, frame in eerder.items():
        tabel = snapshot.duo(naam)
        pd.testing.assert_frame_equal(tabel.data, frame)
        assert tabel.herkomst[0].opgehaald and tabel.demo
    assert duo_server.verzoeken.totaal() == 0 and cbs_server.verzoeken.totaal() == 0
    with pytest.raises(BronFout, match="staat niet in de momentopname"):
        snapshot.duo("ho_eerstejaars")


def test_a_demo_snapshot_stays_demo(eigen_cache, register, tmp_path, monkeypatch):
    open_bron("demo", register=register).duo("ho_eerstejaars")
    zip_pad = tmp_path / "demo.zip"
    cache.pak(zip_pad, eigen_cache)
    monkeypatch.setenv("WERKBOEK_CACHE", str(tmp_path / "leeg"))
    snapshot = open_bron("momentopname", zip_pad, register=register)
    tabel = snapshot.duo("ho_eerstejaars")
    assert snapshot.is_demo and tabel.demo and len(tabel.data) == 1320


def test_bereid_voor_fetches_the_duo_files_and_lists_a_duo_failure_like_a_table(live, register, eigen_cache):
    duo_server, _ = live
    duo_server.remove_dataset("p02ho1ejrs")
    with pytest.raises(BronFout) as fout:
        open_bron("cbs", register=register).bereid_voor()
    tekst = str(fout.value)
    assert "1 probleem" in tekst and "- DUO ho_eerstejaars: " in tekst and "p02ho1ejrs" in tekst
    for naam in set(NAMEN) - {"ho_eerstejaars"}:
        assert (eigen_cache / "duo" / naam / cache.HERKOMST_BESTAND).is_file()
    assert any(p.name == "86247NED" for p in (eigen_cache / "cbs").iterdir())  # the CBS tables were not stopped
    bron = open_bron("demo", register=register)
    assert not any(r["thema"].startswith("DUO ") for r in bron.bereid_voor())  # the tables' rows stay as they were
    duo_rijen = bron.duo_overzicht
    assert {r["tabel_id"] for r in duo_rijen} == set(NAMEN) and all(r["demo"] for r in duo_rijen)


def test_data_status_shows_the_duo_files(eigen_cache, register, capsys):
    from werkboek.cli import main

    open_bron("demo", register=register).duo("mbo_instroom")
    assert main(["data", "status"]) == 0
    uit = capsys.readouterr().out
    assert "duo-mbo_instroom" in uit and "DUO instromende-mbo-studenten" in uit and "demodata (synthetisch)" in uit
    assert "2024  '2024 nieuw-instromende" in uit and "(DUO)" in uit
