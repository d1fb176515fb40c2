"""Real CBS extracts read through the workbook's own register, resolver and parser.

The extracts in ../shared/data are committed TypedDataSet downloads of 83582NED (COROP rows 2010-2024), 03759ned
(Den Haag, 2019 and 2021) and the archived education tables 71450ned (Den Haag, 2018/'19) and 71493ned (Den Haag,
2019/'20); they carry keys and values but no metadata. For 83582NED and 03759ned the metadata parts are those of
the demo generator, which mirrors the real tables' shapes, so these tests also prove that the demo's keys and
padding are the real ones; the archived tables have no demo any more, so their metadata is built from the
extract itself. Skipped when ../shared/data is absent.
"""

from __future__ import annotations

import csv
import urllib.parse

import pytest

from werkboek import cbs, demo, odata
from werkboek.metadata import MetadataFout
from werkboek.register import laad_register, standaard_register
from testservers.cbs import maak_delen

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


# ---------------------------------------------------------------------------------------------------------
# The archived education tables 71450ned and 71493ned: no demo table and no register theme any more (the workbook
# reads their successors 85701NED and 85702NED), so the metadata comes from the extract itself and the theme is
# declared here. They still prove that the parser reads CBS's file conventions: a BOM, ';', quoted values,
# space-padded numbers and Geslacht keys right-padded to one width.
# ---------------------------------------------------------------------------------------------------------

_ARCHIEFTHEMA = """
versie: 2
themas:
  {naam}:
    titel: {titel}
    niveau: gemeente
    tabellen:
      - {{indeling: alle, id: {tabel_id}, status: bevestigd}}
    # the extract holds three categories of Migratieachtergrond and no total: they are summed
    optellen:
      Migratieachtergrond: {{keys: ["1012600", "2012655", "2012657"], status: bevestigd}}
    dimensies:
      onderwijsniveau:
        key: Onderwijssoort
        categorieen:
{categorieen}
      regio: {{key: RegioS, niveaus: [GM]}}
      periode: {{key: Perioden, soort: SJ}}
    onderwerpen:
      {onderwerp}: {{key: {onderwerp_key}}}
"""
_MBO_NIVEAUS = """\
          entree: {key: A041751}
          mbo_2: {key: A041755}
          mbo_3: {key: A041759}
          mbo_4: {som: [A041924, A041925]}
          laag: {som_van: [entree]}
          middelbaar: {som_van: [mbo_2, mbo_3, mbo_4]}
"""
_NIVEAUS_71450 = _MBO_NIVEAUS + """\
          mbo_totaal: {key: A041867}
          hbo: {key: A025294}
          wo: {key: A025297}
          hoog: {som_van: [hbo, wo]}"""
_NIVEAUS_71493 = _MBO_NIVEAUS + """\
          mbo_totaal: {key: A025290}
          hbo_ad: {key: A028669}
          hbo_bachelor: {key: A043049}
          hbo_master: {key: A043051}
          wo_bachelor: {key: A043054}
          wo_master: {key: A043055}
          hbo: {som_van: [hbo_ad, hbo_bachelor, hbo_master]}
          wo: {som_van: [wo_bachelor, wo_master]}
          hoog: {som_van: [hbo_ad, hbo_bachelor, hbo_master, wo_bachelor, wo_master]}"""


def _archiefthema(tmp_path, naam: str, tabel_id: str, titel: str, niveaus: str, onderwerp: str, onderwerp_key: str,
                  optellen: bool = True):
    """A theme for an archived table, read by the register from a small YAML file (without 'optellen' if asked)."""
    tekst = _ARCHIEFTHEMA.format(naam=naam, titel=titel, tabel_id=tabel_id, categorieen=niveaus, onderwerp=onderwerp,
                                 onderwerp_key=onderwerp_key)
    if not optellen:
        tekst = "\n".join(r for r in tekst.splitlines() if "optellen" not in r and "Migratieachtergrond:" not in r)
    pad = tmp_path / f"{naam}.yaml"
    pad.write_text(tekst, encoding="utf-8")
    return laad_register(pad).thema(naam)


def _archiefdelen(tabel_id: str, rijen: list[dict], onderwijstitels: dict[str, str], onderwerp_key: str) -> dict:
    """Metadata parts built from the real extract: every dimension with the keys exactly as the file writes them
    (padding included), in file order; Onderwijssoort titled from CBS's code list, the totals of Geslacht and
    Leeftijd by their known keys; other titles are not in the files, so the key stands in for them."""
    dimensies = [k for k in rijen[0] if k not in ("ID", onderwerp_key)]
    bekend = {"T001038": "Totaal mannen en vrouwen", "10000": "Totaal"}

    def titel(dim: str, key: str) -> str:
        if dim == "Onderwijssoort":
            return onderwijstitels[key.strip()]
        if dim == "Perioden":
            return f"{key[:4]}/'{(int(key[:4]) + 1) % 100:02d}"
        return bekend.get(key.strip(), key.strip())

    delen = maak_delen(tabel_id, f"{tabel_id} (metadata uit de echte extractie)",
                       {dim: [(k, titel(dim, k)) for k in dict.fromkeys(r[dim] for r in rijen)] for dim in dimensies},
                       [{"Key": onderwerp_key, "Title": onderwerp_key, "Datatype": "Long"}], lambda _: {})
    return {**delen, "TypedDataSet": rijen}


def _som_uit_bestand(rijen: list[dict], onderwerp_key: str, *keys: str) -> float:
    """Straight from the file, independent of the workbook: total sex and age, the three backgrounds added up."""
    return sum(float(r[onderwerp_key]) for r in rijen if r["Onderwijssoort"].strip() in keys
               and r["Geslacht"] == "T001038" and r["Leeftijd"].strip() == "10000")


def test_71450ned_extract_adds_up_the_declared_parts_and_keeps_the_level_sums(shared_data, tmp_path):
    map_ = shared_data / "cbs_71450ned"
    rijen = _lees_csv(map_ / "edu_current-71450NED.csv", ";")
    assert {r["Geslacht"] for r in rijen} == {"T001038", "3000   ", "4000   "}
    assert rijen[0]["LeerlingenStudenten_1"].startswith(" ")  # numbers padded with spaces, as CBS writes them
    codes = {r["education_code"]: r["education_title"] for r in _lees_csv(map_ / "codes_education.csv", ";")}
    delen = _archiefdelen("71450ned", rijen, codes, "LeerlingenStudenten_1")
    thema = _archiefthema(tmp_path, "onderwijs_71450ned", "71450ned", "Leerlingen en studenten (gearchiveerd)",
                          _NIVEAUS_71450, "ingeschrevenen", "LeerlingenStudenten_1")
    data = cbs.lees_tabel(delen, thema).data
    den_haag = data[(data["regio"] == "GM0518") & (data["jaar"] == 2018)].set_index("onderwijsniveau")["ingeschrevenen"]
    assert den_haag["hbo"] == 6052 + 3146 + 7359 == _som_uit_bestand(rijen, "LeerlingenStudenten_1", "A025294")
    assert den_haag["wo"] == 3954 + 2391 + 3133
    assert den_haag["middelbaar"] == _som_uit_bestand(rijen, "LeerlingenStudenten_1", "A041755", "A041759", "A041924",
                                                      "A041925")
    assert den_haag["mbo_totaal"] == _som_uit_bestand(rijen, "LeerlingenStudenten_1", "A041867") \
        == den_haag["laag"] + den_haag["middelbaar"]
    assert den_haag["hoog"] == den_haag["hbo"] + den_haag["wo"]


def test_71450ned_without_a_migration_total_stops_unless_the_parts_are_declared(shared_data, tmp_path):
    """Without 'optellen' the table has a dimension without a total: the workbook stops and names it, rather than
    take one of the three backgrounds as if it were everyone."""
    map_ = shared_data / "cbs_71450ned"
    rijen = _lees_csv(map_ / "edu_current-71450NED.csv", ";")
    codes = {r["education_code"]: r["education_title"] for r in _lees_csv(map_ / "codes_education.csv", ";")}
    thema = _archiefthema(tmp_path, "onderwijs_71450ned", "71450ned", "Leerlingen en studenten (gearchiveerd)",
                          _NIVEAUS_71450, "ingeschrevenen", "LeerlingenStudenten_1", optellen=False)
    assert not thema.optellen
    with pytest.raises(MetadataFout, match="Migratieachtergrond.*optellen"):
        cbs.lees_tabel(_archiefdelen("71450ned", rijen, codes, "LeerlingenStudenten_1"), thema)


def test_71493ned_extract_gives_hbo_and_wo_as_sums_of_their_diplomas(shared_data, tmp_path):
    rijen = _lees_csv(shared_data / "cbs_71493ned" / "edu_absolved-71493NED.csv", ";")
    assert len(rijen) == 4950 and {r["Geslacht"] for r in rijen} == {"T001038", "3000   ", "4000   "}
    codes = {r["education_code"]: r["education_title"]
             for r in _lees_csv(shared_data / "cbs_71450ned" / "codes_education_047da60.csv", ",")}
    assert {r["Onderwijssoort"] for r in rijen} <= set(codes)
    # no hbo or wo total in the table: only its diplomas
    assert not {"A025294", "A025297"} & {r["Onderwijssoort"] for r in rijen}
    delen = _archiefdelen("71493ned", rijen, codes, "Gediplomeerden_1")
    thema = _archiefthema(tmp_path, "gediplomeerden_71493ned", "71493ned", "Gediplomeerden (gearchiveerd)",
                          _NIVEAUS_71493, "gediplomeerden", "Gediplomeerden_1")
    data = cbs.lees_tabel(delen, thema).data
    den_haag = data[(data["regio"] == "GM0518") & (data["jaar"] == 2019)].set_index("onderwijsniveau")["gediplomeerden"]
    # by hand from the file (Geslacht T001038, Leeftijd 10000, the three backgrounds)
    assert den_haag["hbo_ad"] == 26 + 5 + 37
    assert den_haag["wo"] == (450 + 377 + 312) + (598 + 367 + 373)
    assert den_haag["hbo"] == _som_uit_bestand(rijen, "Gediplomeerden_1", "A028669", "A043049", "A043051")
    assert den_haag["hoog"] == den_haag["hbo"] + den_haag["wo"]
    # the mbo levels include extranei here: together they are the total mbo (incl. extranei)
    assert den_haag["mbo_totaal"] == _som_uit_bestand(rijen, "Gediplomeerden_1", "A025290") \
        == den_haag["laag"] + den_haag["middelbaar"]


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
