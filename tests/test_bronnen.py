"""werkboek.bronnen (contract C3): demo, cbs and momentopname; per_regio sums; request counts; fallbacks."""

import json
import math

import pandas as pd
import pytest

from conftest import MINI_GEMEENTEN, mini_delen, mini_tabel_ids, mini_waarde, verwacht_aantal_verzoeken
from werkboek import bronnen, cache, cbs
from werkboek.register import standaard_register
from werkboek.regios import alle_regios

# The warning about the nearest classification is tested on its own.
pytestmark = pytest.mark.filterwarnings("ignore:Voor niet elk jaar")


def thema_rijen(frame, **filters):
    for kolom, waarde in filters.items():
        frame = frame[frame[kolom] == waarde]
    return frame


def test_the_default_source_is_demo_and_says_so(eigen_cache):
    bron = bronnen.open_bron()
    assert bron.naam == "demo" and bron.is_demo and "synthetisch" in bron.beschrijving
    tabel = bron.tabel("banen")
    assert tabel.herkomst.demo and tabel.herkomst.bronregel().startswith("Bron: demodata (synthetisch)")
    record = json.loads((eigen_cache / "demo" / tabel.herkomst.tabel_id / "herkomst.json").read_text(encoding="utf-8"))
    assert record["demo"] is True and record["register_vingerafdruk"] == standaard_register().vingerafdruk
    frame = bron.per_regio("banen")
    assert frame.attrs["herkomst"].demo
    assert set(frame["regio"]) >= {"AM01", "NL"}


def test_cbs_per_regio_sums_gemeenten_counts_suppressed_cells_and_takes_nl_as_published(cbs_testserver):
    bron = bronnen.open_bron("cbs")
    assert not bron.is_demo and cbs_testserver.host in bron.beschrijving
    frame = bron.per_regio("banen")
    assert list(frame.columns[:6]) == ["regio", "regio_naam", "jaar", "periode", "voorlopig", "sector"]
    assert set(frame["regio"]) == {"AM01", "AM02", "NL"}
    assert "Niet in het register" not in set(frame["sector"]) and frame["sector"].notna().all()
    sectoren = {t: k for k, t in zip(
        (r["Key"] for r in mini_delen("83582NED")["BedrijfstakkenBranchesSBI2008"]),
        (r["Title"] for r in mini_delen("83582NED")["BedrijfstakkenBranchesSBI2008"]))}
    f_key = sectoren["F Bouwnijverheid"]

    def cel(regio, jaar):
        return mini_waarde("83582NED", "BanenVanWerknemers_1", f_key, regio, f"{jaar}JJ00")

    am01_2022 = thema_rijen(frame, regio="AM01", jaar=2022, sector="F").iloc[0]
    assert am01_2022["banen"] == pytest.approx(cel("GM0014", 2022) + cel("GM0037", 2022))
    assert am01_2022["banen_onderdrukt"] == 0 and not am01_2022["voorlopig"]
    am01_2023 = thema_rijen(frame, regio="AM01", jaar=2023, sector="F").iloc[0]
    assert am01_2023["banen"] == pytest.approx(cel("GM0014", 2023))  # GM0037 is missing that year
    assert am01_2023["banen_onderdrukt"] == 1 and am01_2023["voorlopig"]
    nl = thema_rijen(frame, regio="NL", jaar=2022, sector="F").iloc[0]
    assert nl["banen"] == pytest.approx(cel("NL01", 2022)) and nl["regio_naam"] == "Nederland"
    assert frame.attrs["herkomst"].tabel_id == "83582NED" and not frame.attrs["herkomst"].demo


def test_a_sum_of_only_missing_cells_stays_missing(eigen_cache, maak_cbs_testserver, monkeypatch):
    def alles_weg_in_am02(tabel_id):
        delen = mini_delen(tabel_id)
        if tabel_id == "83582NED":
            for record in delen["TypedDataSet"]:
                if record["RegioS"].strip() == "GM0080":
                    record["BanenVanWerknemers_1"] = None
        return delen

    server = maak_cbs_testserver(alles_weg_in_am02)
    monkeypatch.setenv("WERKBOEK_CBS_HOST", server.url)
    frame = bronnen.open_bron("cbs").per_regio("banen")
    am02 = thema_rijen(frame, regio="AM02")
    assert len(am02) and am02["banen"].isna().all() and (am02["banen_onderdrukt"] == 1).all()
    assert thema_rijen(frame, regio="AM01", jaar=2022)["banen"].notna().all()


def test_region_level_and_national_themes(cbs_testserver):
    bron = bronnen.open_bron("cbs")
    beroepsbevolking = bron.per_regio("beroepsbevolking")
    assert set(beroepsbevolking["regio"]) == {"AM01", "AM02", "NL"}
    assert "beroepsbevolking_onderdrukt" not in beroepsbevolking.columns
    assert thema_rijen(beroepsbevolking, regio="AM01")["regio_naam"].iloc[0] == "Groningen"
    assert set(bron.per_regio("werkzamen_sector_onderwijs")["regio"]) == {"NL"}


def test_all_regions_need_as_many_requests_as_one_and_a_second_run_none(cbs_testserver, eigen_cache, monkeypatch, tmp_path):
    verwacht = sum(verwacht_aantal_verzoeken(mini_delen(t), cbs_testserver.paginagrootte) for t in mini_tabel_ids())
    # one region: what the notebooks for AM01 read, table by table and per region
    monkeypatch.setenv("WERKBOEK_CACHE", str(tmp_path / "een-regio"))
    bron = bronnen.open_bron("cbs")
    for thema, uitgave in standaard_register().alle_uitgaven():
        bron.tabel(thema.naam, uitgave.indeling)
        if thema.naam != "regio_indeling":
            assert len(thema_rijen(bron.per_regio(thema.naam), regio="AM01")) or thema.niveau == "nederland"
    een_regio = cbs_testserver.verzoeken.totaal()
    # all 35 regions: the batch runner prepares everything once, then each region reads its rows
    cbs_testserver.verzoeken.wis()
    monkeypatch.setenv("WERKBOEK_CACHE", str(eigen_cache))
    alle = bronnen.open_bron("cbs")
    overzicht = alle.bereid_voor()
    for regio in alle_regios():
        for thema in standaard_register().themas:
            if thema != "regio_indeling":
                thema_rijen(alle.per_regio(thema), regio=regio.code)
    alle_regios_verzoeken = cbs_testserver.verzoeken.totaal()
    assert een_regio == alle_regios_verzoeken == verwacht
    assert {r["tabel_id"] for r in overzicht} == set(mini_tabel_ids())
    # a second run, in a new process as far as the library is concerned
    cbs_testserver.verzoeken.wis()
    tweede = bronnen.open_bron("cbs")
    tweede.bereid_voor()
    for thema in standaard_register().themas:
        if thema != "regio_indeling":
            tweede.per_regio(thema)
    assert cbs_testserver.verzoeken.totaal() == 0


def test_derived_frames_are_read_from_the_cache_not_recomputed(eigen_cache, monkeypatch):
    eerste = bronnen.open_bron("demo").per_regio("bevolking")

    def niet_opnieuw(*args, **kwargs):
        raise AssertionError("per_regio werd opnieuw berekend")

    monkeypatch.setattr(bronnen.DataBron, "_bereken_per_regio", niet_opnieuw)
    tweede = bronnen.open_bron("demo").per_regio("bevolking")
    pd.testing.assert_frame_equal(eerste, tweede, check_dtype=False)
    assert tweede.attrs["herkomst"] == eerste.attrs["herkomst"]


def test_a_dropped_connection_during_refresh_keeps_the_good_copy_and_uses_it_with_a_warning(cbs_testserver, eigen_cache):
    bronnen.open_bron("cbs").tabel("banen")
    map_ = eigen_cache / "cbs" / "83582NED"
    voor = {p.name: p.read_bytes() for p in map_.iterdir()}
    cbs_testserver.drop_connection(times=1000, path_contains="83582NED/TypedDataSet", next_pages_only=True)
    with pytest.warns(cbs.DataWaarschuwing, match="(?s)83582NED.*eerder opgehaalde kopie"):
        tabel = bronnen.open_bron("cbs", ververs=True).tabel("banen")
    assert {p.name: p.read_bytes() for p in map_.iterdir()} == voor
    assert sorted(p.name for p in (eigen_cache / "cbs").iterdir()) == ["83582NED"]
    assert tabel.data["banen"].notna().any()


def test_refresh_replaces_the_copy_when_the_download_works(cbs_testserver, eigen_cache):
    eerste = bronnen.open_bron("cbs").tabel("banen").herkomst.opgehaald
    record = json.loads((eigen_cache / "cbs" / "83582NED" / "herkomst.json").read_text(encoding="utf-8"))
    record["opgehaald"] = "2020-01-01T00:00:00+00:00"
    (eigen_cache / "cbs" / "83582NED" / "herkomst.json").write_text(json.dumps(record), encoding="utf-8")
    cbs_testserver.verzoeken.wis()
    nieuw = bronnen.open_bron("cbs", ververs=True).tabel("banen").herkomst.opgehaald
    assert cbs_testserver.verzoeken.totaal() > 0 and nieuw >= eerste and nieuw != record["opgehaald"]


def test_no_network_and_an_empty_cache_names_the_offline_way(eigen_cache, monkeypatch):
    monkeypatch.setenv("WERKBOEK_CBS_HOST", "http://127.0.0.1:9")  # nothing listens on the discard port
    monkeypatch.setenv("WERKBOEK_POGINGEN", "0")
    with pytest.raises(bronnen.BronFout) as fout:
        bronnen.open_bron("cbs").tabel("banen")
    tekst = str(fout.value)
    assert "83582NED" in tekst and "demo" in tekst and "momentopname" in tekst and "geen kopie" in tekst


def test_a_damaged_cache_entry_is_fetched_again_with_a_warning(cbs_testserver, eigen_cache):
    bronnen.open_bron("cbs").tabel("banen")
    (eigen_cache / "cbs" / "83582NED" / "TypedDataSet.parquet").write_bytes(b"kapot")
    with pytest.warns(cbs.DataWaarschuwing, match="83582NED.*beschadigd"):
        tabel = bronnen.open_bron("cbs").tabel("banen")
    assert tabel.data["banen"].notna().any()
    assert cache.lees_tabel("cbs", "83582NED") is not None


def test_snapshot_round_trip_read_only_and_offline(cbs_testserver, eigen_cache, tmp_path, monkeypatch):
    bronnen.open_bron("cbs").bereid_voor()
    zip_pad = tmp_path / "regio.zip"
    cache.pak(zip_pad)
    server_url = cbs_testserver.url
    cbs_testserver.stop()  # from here on there is no network at all
    monkeypatch.setenv("WERKBOEK_CACHE", str(tmp_path / "laptop-cache"))
    bron = bronnen.open_bron("momentopname", momentopname=zip_pad)
    assert not bron.is_demo and "momentopname" in bron.beschrijving and "alleen lezen" in bron.beschrijving
    tabel = bron.tabel("banen")
    assert not tabel.herkomst.demo and tabel.herkomst.bron_url.startswith(server_url)
    assert len(bron.per_regio("banen")) > 0
    monkeypatch.setenv("WERKBOEK_MOMENTOPNAME", str(zip_pad))
    assert bronnen.open_bron("momentopname").tabel("bevolking").herkomst.tabel_id == "03759ned"


def test_a_table_missing_from_the_snapshot_is_a_dutch_error(eigen_cache, tmp_path):
    bronnen.open_bron("demo").tabel("banen")
    with pytest.raises(bronnen.BronFout, match="85969NED.*niet in de momentopname.*werkboek data pak"):
        bronnen.open_bron("momentopname").tabel("beroepsbevolking")


def test_nearest_classification_is_used_and_said(eigen_cache):
    bron = bronnen.open_bron("demo")
    with pytest.warns(cbs.DataWaarschuwing, match="2030 met de indeling van 2026"):
        indeling = bron.regio_indeling(2030)
    assert indeling.attrs["indeling"] == 2026 and "2026" in indeling.attrs["opmerking"]
    precies = bron.regio_indeling(2024)
    assert precies.attrs["indeling"] == 2024 and "opmerking" not in precies.attrs
    assert list(precies.columns) == ["gemeente", "gemeentenaam", "regio", "regio_naam"]
    assert precies["gemeente"].is_unique


def test_unknown_source_name_is_a_dutch_error():
    with pytest.raises(bronnen.ParameterFout, match="Onbekende databron 'statline'"):
        bronnen.open_bron("statline")


# -- the real classification (files beside the project; skipped when absent) ---------------------------


def test_real_classification_puts_every_2025_gemeente_in_exactly_one_region(shared_data):
    from werkboek.regios import alle_regios
    from werkboek.testserver import maak_delen

    gemeenten_2025 = json.loads((shared_data / "cartomap" / "gemeente_2025.geojson").read_text(encoding="utf-8"))
    codes_2025 = sorted(f["properties"]["statcode"] for f in gemeenten_2025["features"])
    indeling_csv = pd.read_csv(shared_data / "cbs_gebieden" / "municipalities.csv", dtype=str)
    indeling_csv = indeling_csv[indeling_csv["year"].isin(["2025", "2026"])]
    thema = standaard_register().thema("regio_indeling")
    per_code = {r.code: r for r in indeling_csv.itertuples()}
    delen = maak_delen(
        "86059NED", "Gebieden in Nederland 2025", {"RegioS": [(f"{c:<10}", per_code[c].name) for c in sorted(per_code)]},
        [{"Key": "Naam_2", "Title": "Naam", "Datatype": "String", "groep": "Gemeenten"},
         {"Key": "Code_20", "Title": "Code", "Datatype": "String", "groep": "Arbeidsmarktregio's"},
         {"Key": "Naam_21", "Title": "Naam", "Datatype": "String", "groep": "Arbeidsmarktregio's"}],
        lambda c: {"Naam_2": per_code[c["RegioS"].strip()].name, "Code_20": f"{per_code[c['RegioS'].strip()].region_code:<8}",
                   "Naam_21": per_code[c["RegioS"].strip()].region},
    )
    indeling = bronnen.indeling_uit_tabel(cbs.lees_tabel(delen, thema))
    gemeenten = pd.DataFrame({"gemeente": codes_2025, "jaar": 2025, "aantal": 1.0})
    per_regio = bronnen.tel_op_per_regio(gemeenten, {2025: indeling}, ["aantal"], ["jaar"])
    assert len(codes_2025) == 342
    assert per_regio["aantal"].sum() == 342  # every gemeente counted once: none lost, none twice
    assert set(per_regio["regio"]) == {r.code for r in alle_regios()}
    gekoppeld = pd.DataFrame({"gemeente": codes_2025}).merge(indeling, on="gemeente", how="left")
    assert gekoppeld["regio"].notna().all() and len(gekoppeld) == 342
    assert not math.isnan(per_regio.set_index("regio").loc["AM01", "aantal"])


def test_a_snapshot_serves_its_cached_per_region_frames_without_recomputing(eigen_cache, tmp_path, monkeypatch):
    bronnen.open_bron("demo").per_regio("banen")
    zip_pad = tmp_path / "demo.zip"
    cache.pak(zip_pad)

    def niet_opnieuw(*args, **kwargs):
        raise AssertionError("per_regio werd opnieuw berekend")

    monkeypatch.setattr(bronnen.DataBron, "_bereken_per_regio", niet_opnieuw)
    monkeypatch.setenv("WERKBOEK_CACHE", str(tmp_path / "elders"))
    bron = bronnen.open_bron("momentopname", momentopname=zip_pad)
    assert bron.is_demo and "demodata (synthetisch)" in bron.beschrijving
    assert bron.per_regio("banen").attrs["herkomst"].demo


def test_classification_notes_travel_with_the_frame_and_are_not_warned_on_every_read(eigen_cache, recwarn):
    import warnings

    bron = bronnen.open_bron("demo")
    with pytest.warns(cbs.DataWaarschuwing, match="Voor niet elk jaar"):
        bron.bereid_voor()  # preparation says it once
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a read from the derived cache must be silent
        frame = bronnen.open_bron("demo").per_regio("banen")
    assert any("indeling van 2019" in opmerking for opmerking in frame.attrs["opmerkingen"])


def test_classification_note_reads_consecutive_years_as_a_range():
    opmerking = bronnen._opmerking_indeling({2014: 2019, 2015: 2019, 2016: 2019, 2018: 2019, 2030: 2026}, "banen")
    assert "2014–2016 met de indeling van 2019, 2018 met de indeling van 2019, 2030 met de indeling van 2026" in opmerking
    assert "thema 'banen'" in opmerking
