"""werkboek.bronnen (contract C3): demo, cbs and momentopname; per_regio sums; request counts; fallbacks."""

import json
import math

import pandas as pd
import pytest

from conftest import MINI_GEMEENTEN, mini_delen, mini_tabel_ids
from werkboek import bronnen, cache, cbs, indeling
from werkboek.fouten import DataWaarschuwing
from werkboek.register import standaard_register
from werkboek.regios import alle_regios

# The notes on territory and edition are tested on their own.
pytestmark = pytest.mark.filterwarnings("ignore:.*regio-indeling")


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


def _banen_cel(regio: str, jaar: int, sector_key: str = "350000 "):
    """A served 83582NED cell of the mini table (None when missing)."""
    for rij in mini_delen("83582NED")["TypedDataSet"]:
        if rij["RegioS"].strip() == regio and rij["Perioden"] == f"{jaar}JJ00" and rij["BedrijfstakkenBranchesSBI2008"] == sector_key:
            return rij["BanenVanWerknemersInDecember_1"]
    raise KeyError((regio, jaar))


def test_cbs_per_regio_sums_gemeenten_counts_suppressed_cells_and_takes_nl_as_published(cbs_testserver):
    bron = bronnen.open_bron("cbs")
    assert not bron.is_demo and cbs_testserver.host in bron.beschrijving
    frame = bron.per_regio("banen")
    assert list(frame.columns[:6]) == ["regio", "regio_naam", "jaar", "periode", "voorlopig", "sector"]
    assert set(frame["regio"]) == {"AM01", "AM02", "NL"}
    assert frame["sector"].notna().all() and set(frame["sector"]) == set(
        standaard_register().thema("banen").dimensies["sector"].categorieen)
    eerste, tweede, derde = (g[0] for g in MINI_GEMEENTEN)
    am01_2023 = thema_rijen(frame, regio="AM01", jaar=2023, sector="F").iloc[0]
    assert am01_2023["banen"] == pytest.approx(_banen_cel(eerste, 2023) + _banen_cel(tweede, 2023))
    assert am01_2023["banen_onderdrukt"] == 0
    am01_2024 = thema_rijen(frame, regio="AM01", jaar=2024, sector="F").iloc[0]
    assert am01_2024["banen"] == pytest.approx(_banen_cel(eerste, 2024))  # the second gemeente is missing that year
    assert am01_2024["banen_onderdrukt"] == 1 and am01_2024["voorlopig"]
    assert thema_rijen(frame, regio="AM02", jaar=2023, sector="F").iloc[0]["banen"] == pytest.approx(_banen_cel(derde, 2023))
    nl = thema_rijen(frame, regio="NL", jaar=2023, sector="F").iloc[0]
    assert nl["banen"] == pytest.approx(_banen_cel("NL01", 2023)) and nl["regio_naam"] == "Nederland"
    assert frame.attrs["herkomst"].tabel_id == "83582NED" and not frame.attrs["herkomst"].demo
    assert frame.attrs["indeling"] == 2026  # no peiljaar: the newest classification in the register
    assert any("regio-indeling 2026" in o for o in frame.attrs["opmerkingen"])


def test_a_sum_of_only_missing_cells_stays_missing(eigen_cache, maak_cbs_testserver, monkeypatch):
    derde = MINI_GEMEENTEN[2][0]

    def alles_weg_in_am02(tabel_id):
        delen = mini_delen(tabel_id)
        if tabel_id == "83582NED":
            for record in delen["TypedDataSet"]:
                if record["RegioS"].strip() == derde:
                    record["BanenVanWerknemersInDecember_1"] = None
        return delen

    server = maak_cbs_testserver(alles_weg_in_am02)
    monkeypatch.setenv("WERKBOEK_CBS_HOST", server.url)
    frame = bronnen.open_bron("cbs").per_regio("banen")
    am02 = thema_rijen(frame, regio="AM02")
    assert len(am02) and am02["banen"].isna().all() and (am02["banen_onderdrukt"] == 1).all()
    assert thema_rijen(frame, regio="AM01", jaar=2023)["banen"].notna().all()


def test_region_level_and_national_themes(cbs_testserver):
    bron = bronnen.open_bron("cbs", peiljaar=2024)
    beroepsbevolking = bron.per_regio("beroepsbevolking")
    assert set(beroepsbevolking["regio"]) == {"AM01", "AM02", "NL"}
    assert "beroepsbevolking_onderdrukt" not in beroepsbevolking.columns
    assert thema_rijen(beroepsbevolking, regio="AM01")["regio_naam"].iloc[0] == "Groningen"
    assert beroepsbevolking.attrs["herkomst"].tabel_id == "86088NED" and beroepsbevolking.attrs["indeling"] == 2024
    werkzamen = bron.per_regio("werkzamen_sector_onderwijs")
    assert set(werkzamen["regio"]) == {"NL"} and set(werkzamen["kenmerk"]) >= {"totaal", "onderwijs_hoog"}


def test_all_regions_need_as_many_requests_as_one_and_a_second_run_none(cbs_testserver, eigen_cache, monkeypatch, tmp_path):
    # one region: what the notebooks for AM01 read, table by table and per region
    monkeypatch.setenv("WERKBOEK_CACHE", str(tmp_path / "een-regio"))
    bron = bronnen.open_bron("cbs")
    for thema, uitgave in standaard_register().alle_uitgaven():
        bron.tabel(thema.naam, uitgave.indeling)
        if thema.naam != "regio_indeling":
            assert len(thema_rijen(bron.per_regio(thema.naam), regio="AM01")) or thema.niveau == "nederland"
    een_regio = cbs_testserver.verzoeken.totaal()
    een_regio_rijen = cbs_testserver.verzoeken.rijen()
    # all 35 regions: the batch runner prepares everything once, then each region reads its rows
    cbs_testserver.verzoeken.wis()
    monkeypatch.setenv("WERKBOEK_CACHE", str(eigen_cache))
    alle = bronnen.open_bron("cbs")
    overzicht = alle.bereid_voor()
    for regio in alle_regios():
        for thema in standaard_register().themas:
            if thema != "regio_indeling":
                thema_rijen(alle.per_regio(thema), regio=regio.code)
    assert een_regio == cbs_testserver.verzoeken.totaal() > len(mini_tabel_ids())
    assert een_regio_rijen == cbs_testserver.verzoeken.rijen() == sum(r["rijen"] for r in overzicht)
    assert {r["tabel_id"] for r in overzicht} == set(mini_tabel_ids())
    # a second run, in a new process as far as the library is concerned
    cbs_testserver.verzoeken.wis()
    tweede = bronnen.open_bron("cbs")
    tweede.bereid_voor()
    for thema in standaard_register().themas:
        if thema != "regio_indeling":
            tweede.per_regio(thema)
    assert cbs_testserver.verzoeken.totaal() == 0


def test_a_table_is_fetched_in_the_slice_the_workbook_uses_and_the_filter_is_recorded(cbs_testserver, eigen_cache):
    bronnen.open_bron("cbs").tabel("bevolking")
    record = cache.lees_herkomst("cbs", "03759ned")
    plak = record["plak"]["dimensies"]
    assert plak["Geslacht"] == ["T001038"] and plak["BurgerlijkeStaat"] == ["T001019"]
    assert len(plak["Leeftijd"]) == 66 and "22000" not in plak["Leeftijd"]  # the total and the years 0 to 64
    assert plak["RegioS"] == "alle"  # this small table has only the regions the workbook needs: no region filter
    assert record["filters"] and all("Geslacht eq 'T001038'" in f for f in record["filters"])
    assert record["plak_samenvatting"].startswith("Geslacht 1, Leeftijd 66")
    aanwezig = {(r["Geslacht"], r["BurgerlijkeStaat"]) for r in cache.lees_tabel("cbs", "03759ned")[0]["TypedDataSet"]
                .to_dict("records")}
    assert aanwezig == {("T001038", "T001019")}


def test_a_cached_slice_that_no_longer_covers_what_is_needed_is_fetched_again(cbs_testserver, eigen_cache):
    bronnen.open_bron("cbs").tabel("banen")
    pad = eigen_cache / "cbs" / "83582NED" / "herkomst.json"
    record = json.loads(pad.read_text(encoding="utf-8"))
    # as if an earlier version had asked for one sector less and under other needs
    record["plak"]["dimensies"]["BedrijfstakkenBranchesSBI2008"].remove("350000")
    record["behoefte"] = "iets anders"
    pad.write_text(json.dumps(record), encoding="utf-8")
    cbs_testserver.verzoeken.wis()
    with pytest.warns(DataWaarschuwing, match="83582NED.*dekt niet meer"):
        tabel = bronnen.open_bron("cbs").tabel("banen")
    assert cbs_testserver.verzoeken.totaal("83582NED") > 0 and "F" in set(tabel.data["sector"])
    # a slice that covers more than needed is simply used
    cbs_testserver.verzoeken.wis()
    record = json.loads(pad.read_text(encoding="utf-8"))
    record["behoefte"] = "nog iets anders"
    pad.write_text(json.dumps(record), encoding="utf-8")
    bronnen.open_bron("cbs").tabel("banen")
    assert cbs_testserver.verzoeken.totaal("83582NED") == 0


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
    with pytest.warns(DataWaarschuwing, match="(?s)83582NED.*eerder opgehaalde kopie"):
        tabel = bronnen.open_bron("cbs", ververs=True).tabel("banen")
    assert {p.name: p.read_bytes() for p in map_.iterdir()} == voor
    indelingen = {u.id for u in standaard_register().thema("regio_indeling").tabellen}
    assert sorted(p.name for p in (eigen_cache / "cbs").iterdir()) == sorted({"83582NED"} | indelingen)
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
    with pytest.warns(DataWaarschuwing, match="83582NED.*beschadigd"):
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
    with pytest.raises(bronnen.BronFout, match="86088NED.*niet in de momentopname.*werkboek data pak"):
        bronnen.open_bron("momentopname").tabel("beroepsbevolking")


def test_nearest_classification_is_used_and_said(eigen_cache):
    bron = bronnen.open_bron("demo")
    with pytest.warns(DataWaarschuwing, match="Voor 2030 staat geen regio-indeling.*die van 2026"):
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


def test_real_classification_in_the_real_table_layout_puts_every_2025_gemeente_in_exactly_one_region(shared_data):
    from test_cbs_defecten import _gebieden

    gemeenten_2025 = json.loads((shared_data / "cartomap" / "gemeente_2025.geojson").read_text(encoding="utf-8"))
    codes_2025 = sorted(f["properties"]["statcode"] for f in gemeenten_2025["features"])
    indeling_csv = pd.read_csv(shared_data / "cbs_gebieden" / "municipalities.csv", dtype=str)
    per_code = {r.code: r for r in indeling_csv[indeling_csv["year"].isin(["2025", "2026"])].itertuples()}
    delen = _gebieden("86059NED")  # the real group layout, with the traps; filled with the real 2025 classification
    delen["RegioS"] = [{"Key": c, "Title": per_code[c].name} for c in sorted(per_code)]
    delen["TypedDataSet"] = [{"ID": i, "RegioS": c, "Code_1": c, "Naam_2": per_code[c].name,
                              "Code_6": f"{per_code[c].region_code:<10}", "Naam_7": per_code[c].region,
                              "Code_20": "LG01      ", "Naam_21": "x", "Code_40": "RP01      ", "Naam_41": "y"}
                             for i, c in enumerate(sorted(per_code))]
    frame = indeling.indeling_uit_tabel(cbs.lees_tabel(delen, standaard_register().thema("regio_indeling")))
    gebied = indeling.territorium({2025: frame}, 2025, {r.code for r in alle_regios()})
    gemeenten = pd.DataFrame({"gemeente": codes_2025, "jaar": 2025, "aantal": 1.0})
    per_regio = indeling.tel_op_per_regio(gemeenten, gebied.toewijzing, ["aantal"], ["jaar"])
    assert len(codes_2025) == 342
    assert per_regio["aantal"].sum() == 342  # every gemeente counted once: none lost, none twice
    assert set(per_regio["regio"]) == {r.code for r in alle_regios()}
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


def test_territory_notes_travel_with_the_frame_and_are_not_warned_on_every_read(eigen_cache, recwarn):
    import warnings

    bron = bronnen.open_bron("demo", peiljaar=2023)
    with pytest.warns(DataWaarschuwing, match="regio-indeling 2023"):
        bron.bereid_voor()  # preparation says it once
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a read from the derived cache must be silent
        frame = bronnen.open_bron("demo", peiljaar=2023).per_regio("banen")
    assert frame.attrs["indeling"] == 2023
    assert any("Alle jaren zijn opgeteld in de regio-indeling 2023" in o for o in frame.attrs["opmerkingen"])
    assert any("gemeentecode(s)" in o for o in frame.attrs["opmerkingen"])  # the demo's mergers are placed and said
