"""Real CBS extracts read through the workbook's own register, resolver and parser.

The extracts in ../shared/data are committed TypedDataSet downloads of 83582NED (COROP rows 2010-2024), 03759ned
(Den Haag, 2019 and 2021) and 71450ned (Den Haag, 2018/'19); they carry keys and values but no metadata. The
metadata parts are those of the demo generator, which mirrors the real tables' shapes; so these tests also prove
that the demo's keys and padding are the real ones. Skipped when ../shared/data is absent.
"""

from __future__ import annotations

import csv
import urllib.parse

import pytest
import yaml

from werkboek import cbs, demo, odata
from werkboek.register import laad_register, standaard_register

REGISTER = standaard_register()


def _lees_csv(pad, scheiding: str) -> list[dict]:
    with open(pad, encoding="utf-8-sig", newline="") as bestand:
        return list(csv.DictReader(bestand, delimiter=scheiding))


def _delen(tabel_id: str, rijen: list[dict], beperk: dict[str, list[str]] | None = None) -> dict:
    """The demo's metadata parts for ``tabel_id`` with the real rows as TypedDataSet (values as CBS wrote them)."""
    meta = {naam: list(deel) for naam, deel in demo.brontabel(tabel_id).metadata.items()}
    for dim, keys in (beperk or {}).items():
        meta[dim] = [r for r in meta[dim] if r["Key"] in keys]
    return {**meta, "TypedDataSet": rijen}


def test_83582ned_extract_gives_the_real_figures(shared_data):
    rijen = _lees_csv(shared_data / "cbs_83582ned" / "83582NED_corop.csv", ",")
    assert len(rijen) == 17_220
    demo_regios = {r["Key"] for r in demo.brontabel("83582NED").metadata["RegioS"]}
    assert {r["RegioS"] for r in rijen} <= demo_regios  # the same keys, padded the same way ('CR01  ')
    data = cbs.lees_tabel(_delen("83582NED", rijen), REGISTER.thema("banen")).data
    cel = data.set_index(["regio", "sector", "jaar"])["banen"]
    assert cel[("CR01", "totaal", 2024)] == pytest.approx(48.0)
    assert [cel[("CR01", "totaal", j)] for j in range(2010, 2025)] == pytest.approx(
        [47.7, 47.8, 46.1, 45.7, 45.8, 44.8, 45.8, 46.8, 45.3, 46.5, 46.1, 47.1, 48.0, 47.7, 48.0])
    assert cel[("CR23", "J", 2020)] == pytest.approx(71.9)
    assert cel[("CR23", "totaal", 2024)] == pytest.approx(1079.3)
    totaal_2024 = data[(data["sector"] == "totaal") & (data["jaar"] == 2024)]["banen"].sum()
    assert totaal_2024 == pytest.approx(9086.2)
    # empty cells stay unknown, with the reason, never 0: CR99 A-U 2012-2018 is empty in the real table
    leeg = data[(data["regio"] == "CR99") & (data["sector"] == "totaal") & data["jaar"].between(2012, 2018)]
    assert len(leeg) == 7 and leeg["banen"].isna().all() and leeg["banen_reden"].notna().all()


def _ouderdom(key: str) -> int | None:
    if key == "10010":
        return 0
    if len(key) == 5 and key.startswith("1") and key.endswith("00") and key != "10000":
        return (int(key) - 10000) // 100
    if key.startswith("199") and key[3:] != "00":
        return 99 + int(key[3:])
    return None


@pytest.mark.parametrize(("bestand", "jaar", "totaal"), [("gender_age-03759NED_den_haag_2019.csv", 2019, 537_833),
                                                          ("gender_age-03759NED_den_haag_2021.csv", 2021, 548_320)])
def test_03759ned_extract_gives_the_real_totals_and_age_bands(shared_data, bestand, jaar, totaal):
    rijen = _lees_csv(shared_data / "cbs_03759ned" / bestand, ";")
    # the real file has three sexes and the total marital state: summing them would count people several times
    assert {r["Geslacht"] for r in rijen} == {"T001038", "3000   ", "4000   "}
    data = cbs.lees_tabel(_delen("03759ned", rijen), REGISTER.thema("bevolking")).data
    den_haag = data[(data["regio"] == "GM0518") & (data["jaar"] == jaar)].set_index("leeftijd")["inwoners"]
    assert den_haag["totaal"] == totaal
    # independent of the workbook: single years straight from the file, for men and women together
    per_leeftijd: dict[int, float] = {}
    for r in rijen:
        leeftijd = _ouderdom(r["Leeftijd"].strip())
        if r["Geslacht"] == "T001038" and leeftijd is not None:
            per_leeftijd[leeftijd] = float(r["BevolkingOp1Januari_1"])
    vijf_en_negentig_plus = next(float(r["BevolkingOp1Januari_1"]) for r in rijen
                                 if r["Geslacht"] == "T001038" and r["Leeftijd"].strip() == "22000")
    assert den_haag["leeftijd_0_15"] == sum(per_leeftijd[a] for a in range(0, 15))
    assert den_haag["leeftijd_55_65"] == sum(per_leeftijd[a] for a in range(55, 65))
    # the open band is the total minus the years below it: equal to the years 65-94 plus '95 jaar of ouder'
    assert den_haag["leeftijd_65_plus"] == sum(per_leeftijd[a] for a in range(65, 95)) + vijf_en_negentig_plus
    banden = ["leeftijd_0_15", "leeftijd_15_25", "leeftijd_25_45", "leeftijd_45_55", "leeftijd_55_65", "leeftijd_65_plus"]
    assert den_haag[banden].sum() == totaal  # the bands partition the population: nobody counted twice


def _register_met_optellen(tmp_path, keys: list[str]):
    """The project's register with 71450ned's Migratieachtergrond declared as parts that add up to the whole, as
    the extract holds it (the three categories without the total that the real table most likely has)."""
    gegevens = yaml.safe_load((REGISTER.pad).read_text(encoding="utf-8"))
    gegevens["themas"]["onderwijs"]["optellen"] = {"Migratieachtergrond": {"keys": keys, "status": "bevestigd"}}
    pad = tmp_path / "tabellen.yaml"
    pad.write_text(yaml.safe_dump(gegevens, allow_unicode=True), encoding="utf-8")
    return laad_register(pad)


def test_71450ned_extract_adds_up_the_declared_parts_and_keeps_the_level_sums(shared_data, tmp_path):
    rijen = _lees_csv(shared_data / "cbs_71450ned" / "edu_current-71450NED.csv", ";")
    drie = sorted({r["Migratieachtergrond"] for r in rijen})
    thema = _register_met_optellen(tmp_path, drie).thema("onderwijs")
    delen = _delen("71450ned", rijen, beperk={"Migratieachtergrond": drie})
    data = cbs.lees_tabel(delen, thema).data
    den_haag = data[(data["regio"] == "GM0518") & (data["jaar"] == 2018)].set_index("onderwijsniveau")["ingeschrevenen"]

    def uit_bestand(key: str) -> float:
        return sum(float(r["LeerlingenStudenten_1"]) for r in rijen if r["Onderwijssoort"].strip() == key
                   and r["Geslacht"] == "T001038" and r["Leeftijd"].strip() == "10000")

    assert den_haag["hbo"] == 6052 + 3146 + 7359 == uit_bestand("A025294")
    assert den_haag["wo"] == 3954 + 2391 + 3133
    assert den_haag["middelbaar"] == sum(uit_bestand(k) for k in ("A041755", "A041759", "A041924", "A041925"))
    assert den_haag["mbo_totaal"] == uit_bestand("A041867") == den_haag["laag"] + den_haag["middelbaar"]
    assert den_haag["hoog"] == den_haag["hbo"] + den_haag["wo"]


def test_71450ned_with_its_migration_total_is_read_on_the_total_alone(shared_data):
    """The production register: the total of Migratieachtergrond; the extract has no total rows, so nothing of its
    three parts is taken as if it were the whole."""
    rijen = _lees_csv(shared_data / "cbs_71450ned" / "edu_current-71450NED.csv", ";")
    data = cbs.lees_tabel(_delen("71450ned", rijen), REGISTER.thema("onderwijs")).data
    assert data.empty


def test_the_slices_the_workbook_asks_the_real_tables_for_are_small(shared_data):
    """The filters the workbook would send for the tables whose real shape is known, on the demo's metadata."""
    gemeenten = {r["code"] for r in _lees_csv(shared_data / "cbs_gebieden" / "municipalities.csv", ",")
                 if int(r["year"]) >= 2015}
    thema = REGISTER.thema("bevolking")
    from werkboek import metadata

    plak = odata.maak_plak(metadata.los_op(demo.brontabel("03759ned").metadata, thema), thema, 2015, gemeenten)
    assert len(plak.keuzes["Leeftijd"]) == 66 and plak.keuzes["Geslacht"] == ("T001038",)
    filters = plak.filters()
    assert all(len(urllib.parse.quote(f)) <= odata.MAX_FILTERLENGTE for f in filters)  # each request a short URL
    # every combination of gemeente, age and year is asked exactly once over all requests
    regio_keys = [k for k in plak.keuzes["RegioS"]]
    gevraagd = sum(f.count("RegioS eq ") * f.count("Leeftijd eq ") for f in filters)
    assert gevraagd == len(regio_keys) * 66
