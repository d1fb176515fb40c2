"""Demo data (contract C5): every registered table in the CBS OData v3 shape, deterministic, plausible."""

from __future__ import annotations

import collections
import functools
import hashlib
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from werkboek import demo
from werkboek.demo import gebied, model
from werkboek.fouten import WerkboekFout
from werkboek.regios import alle_regios
from werkboek.register import standaard_register

REGISTER = standaard_register()
REGIO_CODES = {r.code for r in alle_regios()}
OMVANG = {r.code: r.omvang_x1000 for r in alle_regios()}
REGIO_VAN_GEMEENTE = {g.code: g.regio for g in gebied.demo_gemeenten()}
_CACHE: dict[str, dict] = {}


def tabel(tabel_id: str) -> dict:
    if tabel_id not in _CACHE:
        _CACHE[tabel_id] = demo.genereer_tabel(tabel_id)
    return _CACHE[tabel_id]


def thema_tabel(thema: str, indeling: int | None = None) -> dict:
    return tabel(REGISTER.thema(thema).uitgave(indeling).id)


ALLE = [(thema, uitgave) for thema, uitgave in REGISTER.alle_uitgaven()]
ALLE_IDS = [uitgave.id for _, uitgave in ALLE]


def rijen(delen: dict, onderwerp_key: str, **filters: str) -> list[dict]:
    """Data records whose stripped dimension keys equal the filters."""
    return [r for r in delen["TypedDataSet"] if all(r[k].strip() == v for k, v in filters.items())]


def titel_naar_key(delen: dict, dimensie_key: str) -> dict[str, str]:
    return {r["Title"]: r["Key"].strip() for r in delen[dimensie_key]}


def test_tabel_ids_are_every_id_in_the_register_once():
    assert demo.tabel_ids() == list(dict.fromkeys(ALLE_IDS))
    assert len(demo.tabel_ids()) == len(set(ALLE_IDS)) > 10


def test_unknown_table_is_a_dutch_werkboekfout_listing_the_known_ids():
    with pytest.raises(demo.OnbekendeDemotabelFout) as info:
        demo.genereer_tabel("12345XYZ")
    assert isinstance(info.value, WerkboekFout)
    assert "12345XYZ" in str(info.value) and "tabellenregister" in str(info.value) and "83582NED" in str(info.value)


@pytest.mark.parametrize("thema,uitgave", ALLE, ids=ALLE_IDS)
def test_every_table_has_the_odata_parts_and_every_register_entry(thema, uitgave):
    delen = tabel(uitgave.id)
    for deel in ("TableInfos", "DataProperties", "CategoryGroups", "TypedDataSet"):
        assert deel in delen
    info = delen["TableInfos"][0]
    assert info["Identifier"] == uitgave.id and info["Modified"] == demo.DEMO_GEWIJZIGD
    assert info["Title"].startswith("DEMODATA (synthetisch)") and "geen echte cijfers" in info["ExplanatoryText"]
    assert info["Language"] == "nl" and info["Catalog"] == "CBS"
    eigenschappen = {e["Key"]: e for e in delen["DataProperties"]}
    per_id = {e["ID"]: e for e in delen["DataProperties"]}
    for dim in thema.dimensies.values():
        assert eigenschappen[dim.key]["Type"] in ("Dimension", "GeoDimension", "TimeDimension")
        assert delen[dim.key], f"lege dimensie {dim.key}"
    for onderwerp in thema.onderwerpen.values():
        eigenschap = eigenschappen[onderwerp.key]
        assert eigenschap["Type"] == "Topic" and eigenschap["Title"] == onderwerp.titel
        if onderwerp.groep:
            groep = per_id[eigenschap["ParentID"]]
            assert groep["Type"] == "TopicGroup" and groep["Title"] == onderwerp.groep
    for dim, categorieen in thema.categorieen.items():
        titels = [r["Title"] for r in delen[thema.dimensies[dim].key]]
        assert set(categorieen.values()) <= set(titels)
        assert set(titels) - set(categorieen.values()), f"{dim}: geen extra categorie buiten het register"
    groepen = {(g["ID"], g["DimensionKey"]) for g in delen["CategoryGroups"]}
    for dim in thema.dimensies.values():
        for record in delen[dim.key]:
            assert record["CategoryGroupID"] is None or (record["CategoryGroupID"], dim.key) in groepen
    velden = {d.key for d in thema.dimensies.values()} | {o.key for o in thema.onderwerpen.values()} | {"ID"}
    eerste = delen["TypedDataSet"][0]
    assert set(eerste) == velden
    for dim in thema.dimensies.values():
        assert {r[dim.key] for r in delen["TypedDataSet"]} == {r["Key"] for r in delen[dim.key]}
    assert info["RecordCount"] == len(delen["TypedDataSet"]) == np.prod([len(delen[d.key]) for d in thema.dimensies.values()])


@pytest.mark.parametrize("thema,uitgave", ALLE, ids=ALLE_IDS)
def test_region_keys_are_padded_like_cbs_and_every_region_is_covered(thema, uitgave):
    keys = [r["Key"] for r in tabel(uitgave.id)["RegioS"]]
    breedte = {"NL": 6, "PV": 6, "AM": 8, "GM": 10}
    for key in keys:
        assert key.startswith(key.strip()) and len(key) == breedte[key[:2]]
    codes = {k.strip() for k in keys}
    if thema.niveau == "gemeente":
        gemeenten = {c for c in codes if c.startswith("GM")}
        assert {REGIO_VAN_GEMEENTE[c] for c in gemeenten} == REGIO_CODES
        assert all(9001 <= int(c[2:]) <= 9999 for c in gemeenten)  # a range CBS does not use
    elif thema.niveau == "arbeidsmarktregio":
        assert REGIO_CODES <= codes and "NL01" in codes
    else:
        assert codes == {"NL01"}
    if thema.naam != "regio_indeling":
        assert "NL01" in codes


def test_sector_categories_are_grouped_like_cbs():
    delen = thema_tabel("banen")
    gegroepeerd = [r for r in delen["BedrijfstakkenBranchesSBI2008"] if r["CategoryGroupID"] is not None]
    assert delen["CategoryGroups"] and {r["CategoryGroupID"] for r in gegroepeerd} == {g["ID"] for g in delen["CategoryGroups"]}


def test_keys_of_other_dimensions_are_padded_to_one_width_per_dimension():
    delen = thema_tabel("onderwijs")
    for dim in ("Onderwijssoort", "Opleidingsrichting", "Perioden"):
        assert len({len(r["Key"]) for r in delen[dim]}) == 1


@pytest.mark.parametrize("indeling", [t.indeling for t in REGISTER.thema("regio_indeling").tabellen])
def test_classification_maps_every_demo_gemeente_to_one_region_with_the_registered_counts(indeling):
    thema = REGISTER.thema("regio_indeling")
    delen = thema_tabel("regio_indeling", indeling)
    code_key = thema.onderwerpen["arbeidsmarktregio_code"].key
    naam_key = thema.onderwerpen["arbeidsmarktregio_naam"].key
    gemeente_key = thema.onderwerpen["gemeentenaam"].key
    gemeenten = [r["RegioS"].strip() for r in delen["TypedDataSet"]]
    assert len(gemeenten) == len(set(gemeenten))
    per_regio = collections.Counter(r[code_key].strip() for r in delen["TypedDataSet"])
    verwacht = {r.code: r.gemeenten_indicatief + (r.code == gebied.FUSIEREGIO and indeling < gebied.FUSIEJAAR) for r in alle_regios()}
    assert dict(per_regio) == verwacht
    namen = {r.code: r.naam for r in alle_regios()}
    for rij in delen["TypedDataSet"]:
        assert rij[naam_key].strip() == namen[rij[code_key].strip()]
        assert rij[gemeente_key].strip().startswith("Demogemeente ")
        assert rij[code_key] != rij[code_key].strip()  # string topics are padded like CBS
    assert sum(verwacht.values()) == 342 + (indeling < gebied.FUSIEJAAR)


def test_gemeenten_in_data_tables_are_in_the_classification_of_the_same_year():
    indeling = REGISTER.thema("regio_indeling")
    banen = thema_tabel("banen")
    aanwezig = collections.defaultdict(set)
    for r in banen["TypedDataSet"]:
        if r["RegioS"].startswith("GM") and r["BanenVanWerknemers_1"] is not None:
            aanwezig[int(r["Perioden"][:4])].add(r["RegioS"].strip())
    for jaar in range(2019, 2025):
        ingedeeld = {r["RegioS"].strip() for r in thema_tabel("regio_indeling", jaar)["TypedDataSet"]}
        assert aanwezig[jaar] <= ingedeeld, jaar
        assert indeling.uitgave(jaar).indeling == jaar


def test_demo_merger_shows_null_for_the_merged_away_gemeente_and_keeps_the_region_total():
    opgeheven = next(g for g in gebied.demo_gemeenten() if g.opgeheven)
    delen = thema_tabel("banen")
    totaal = titel_naar_key(delen, "BedrijfstakkenBranchesSBI2008")["A-U Alle economische activiteiten"]
    reeks = {int(r["Perioden"][:4]): r["BanenVanWerknemers_1"] for r in rijen(delen, "", RegioS=opgeheven.code, BedrijfstakkenBranchesSBI2008=totaal)}
    assert all(v is not None and v > 0 for j, v in reeks.items() if j < gebied.FUSIEJAAR)
    assert all(v is None for j, v in reeks.items() if j >= gebied.FUSIEJAAR)
    opvolger = {int(r["Perioden"][:4]): r["BanenVanWerknemers_1"] for r in rijen(delen, "", RegioS=opgeheven.opgegaan_in, BedrijfstakkenBranchesSBI2008=totaal)}
    sprong = opvolger[gebied.FUSIEJAAR] - opvolger[gebied.FUSIEJAAR - 1]
    assert sprong > 0.5 * reeks[gebied.FUSIEJAAR - 1]
    prognose = thema_tabel("bevolkingsprognose")
    assert opgeheven.code not in {r["Key"].strip() for r in prognose["RegioS"]}


def test_generation_is_deterministic_within_a_process():
    for tabel_id in ("83582NED", "71450ned", "86247NED"):
        assert demo.genereer_tabel(tabel_id) == tabel(tabel_id)


def _start_proces(hashzaad: str) -> subprocess.Popen:
    code = (
        "import hashlib, json\nfrom werkboek import demo\n"
        "ids = list(reversed(demo.tabel_ids()))\n"
        "print(hashlib.sha256(json.dumps([demo.genereer_tabel(i) for i in ids], sort_keys=True).encode()).hexdigest())"
    )
    omgeving = dict(os.environ, PYTHONHASHSEED=hashzaad)
    return subprocess.Popen([sys.executable, "-c", code], env=omgeving, stdout=subprocess.PIPE, text=True)


@pytest.mark.traag
def test_generation_does_not_depend_on_hash_seed_or_request_order():
    processen = [_start_proces("1"), _start_proces("12345")]
    verwacht = hashlib.sha256(json.dumps([tabel(i) for i in reversed(demo.tabel_ids())], sort_keys=True).encode()).hexdigest()
    for proces in processen:
        uitvoer, _ = proces.communicate(timeout=120)
        assert proces.returncode == 0 and uitvoer.strip() == verwacht


def test_suppressed_cells_are_null_never_zero():
    delen = thema_tabel("banen")
    waarden = [r["BanenVanWerknemers_1"] for r in delen["TypedDataSet"]]
    assert sum(v is None for v in waarden) > 100
    assert 0 not in waarden and all(v is None or v > 0 for v in waarden)
    onderwijs = thema_tabel("onderwijs")
    gemeenten = [r for r in onderwijs["TypedDataSet"] if r["RegioS"].startswith("GM")]
    for key in ("Ingeschrevenen_1", "Eerstejaars_2", "Gediplomeerden_3"):
        assert any(r[key] is None for r in gemeenten)
        assert not any(r[key] is not None and 1 <= r[key] <= 4 for r in gemeenten)  # small counts are '.'


def test_a_sector_is_suppressed_in_every_gemeente_of_a_region_in_some_year():
    delen = thema_tabel("banen")
    sector_key = titel_naar_key(delen, "BedrijfstakkenBranchesSBI2008")
    gevonden = 0
    for regio, sector, jaar in model.ONDERDRUKT_IN_HELE_REGIO:
        key = sector_key[REGISTER.thema("banen").categorieen["sector"][sector]]
        cellen = [r for r in rijen(delen, "", BedrijfstakkenBranchesSBI2008=key, Perioden=f"{jaar}JJ00")]
        in_regio = [r for r in cellen if REGIO_VAN_GEMEENTE.get(r["RegioS"].strip()) == regio]
        assert in_regio and all(r["BanenVanWerknemers_1"] is None for r in in_regio)
        nl = [r for r in cellen if r["RegioS"].strip() == "NL01"]
        assert nl[0]["BanenVanWerknemers_1"] > 0
        gevonden += 1
    assert gevonden >= 1


def _perioden(delen: dict) -> dict[int, dict]:
    return {int(r["Key"][:4]): r for r in delen["Perioden"]}


def test_latest_periods_are_provisional_with_stars_and_years_cover_trend_and_horizon():
    banen = _perioden(thema_tabel("banen"))
    assert (banen[2024]["Status"], banen[2024]["Title"]) == ("Voorlopig", "2024*")
    assert (banen[2023]["Status"], banen[2023]["Title"]) == ("Nader voorlopig", "2023**")
    assert banen[2022]["Status"] == "Definitief" and min(banen) <= 2014
    bevolking = _perioden(thema_tabel("bevolking"))
    assert min(bevolking) <= 2015 and bevolking[max(bevolking)]["Status"] == "Voorlopig" and max(bevolking) >= 2025
    prognose = _perioden(thema_tabel("bevolkingsprognose"))
    assert max(prognose) >= max(bevolking) + 15 and min(prognose) <= max(bevolking)
    beroeps = _perioden(thema_tabel("beroepsbevolking"))
    assert min(beroeps) <= 2015 and max(beroeps) == 2024 and beroeps[2024]["Status"] == "Voorlopig"
    onderwijs = _perioden(thema_tabel("onderwijs"))
    assert min(onderwijs) <= 2015 and max(onderwijs) == 2024 and onderwijs[2024]["Title"] == "2024/'25*"
    assert all(r["Key"].endswith("JJ00") for r in thema_tabel("werkzamen_sector_onderwijs")["Perioden"])


def test_each_labour_force_edition_covers_the_years_up_to_its_classification():
    thema = REGISTER.thema("beroepsbevolking")
    indelingen = sorted(t.indeling for t in thema.tabellen)
    for indeling, volgende in zip(indelingen, indelingen[1:] + [None]):
        jaren = sorted(_perioden(thema_tabel("beroepsbevolking", indeling)))
        assert jaren[0] == 2015
        assert jaren[-1] == (volgende - 1 if volgende else 2024)
        assert indeling <= jaren[-1]


@functools.lru_cache(maxsize=None)
def _banen_per_regio(jaar: int, sector_titel: str = "A-U Alle economische activiteiten") -> dict[str, float]:
    delen = thema_tabel("banen")
    key = titel_naar_key(delen, "BedrijfstakkenBranchesSBI2008")[sector_titel]
    som = collections.defaultdict(float)
    for r in rijen(delen, "", BedrijfstakkenBranchesSBI2008=key, Perioden=f"{jaar}JJ00"):
        regio = REGIO_VAN_GEMEENTE.get(r["RegioS"].strip())
        if regio and r["BanenVanWerknemers_1"] is not None:
            som[regio] += r["BanenVanWerknemers_1"]
    return dict(som)


def test_jobs_are_plausible_for_the_size_of_each_region():
    banen = _banen_per_regio(2024)
    assert set(banen) == REGIO_CODES
    for code, waarde in banen.items():
        assert 0.35 <= waarde / OMVANG[code] <= 0.65, code
    for groot in REGIO_CODES:
        for klein in REGIO_CODES:
            if OMVANG[groot] >= 1.4 * OMVANG[klein]:
                assert banen[groot] > banen[klein], (groot, klein)
    delen = thema_tabel("banen")
    totaal = titel_naar_key(delen, "BedrijfstakkenBranchesSBI2008")["A-U Alle economische activiteiten"]
    nl = rijen(delen, "", RegioS="NL01", BedrijfstakkenBranchesSBI2008=totaal, Perioden="2024JJ00")[0]["BanenVanWerknemers_1"]
    assert nl != round(sum(banen.values()), 1)  # published, not re-summed
    assert abs(nl / sum(banen.values()) - 1) < 0.01


def test_sector_shares_follow_the_dutch_pattern_and_some_sectors_shrink():
    sectoren = REGISTER.thema("banen").categorieen["sector"]
    delen = thema_tabel("banen")
    titels = {r["Key"]: r["Title"] for r in delen["BedrijfstakkenBranchesSBI2008"]}
    naam_van = {titel: naam for naam, titel in sectoren.items()}
    nl = collections.defaultdict(dict)
    for r in delen["TypedDataSet"]:
        if r["RegioS"] == "NL01  " and titels[r["BedrijfstakkenBranchesSBI2008"]] in naam_van:
            nl[naam_van[titels[r["BedrijfstakkenBranchesSBI2008"]]]][r["Perioden"][:4]] = r["BanenVanWerknemers_1"]
    aandeel = {s: nl[s]["2024"] / nl["totaal"]["2024"] for s in sectoren if s != "totaal"}
    assert 0.05 <= aandeel["F"] <= 0.07 and 0.15 <= aandeel["Q"] <= 0.17 and 0.13 <= aandeel["G"] <= 0.17
    krimp = [s for s in aandeel if nl[s]["2024"] < nl[s]["2014"]]
    groei = [s for s in aandeel if nl[s]["2024"] > nl[s]["2014"]]
    assert krimp and len(groei) > len(krimp)
    regio_f = {code: w / _banen_per_regio(2024)[code] for code, w in _banen_per_regio(2024, sectoren["F"]).items()}
    assert max(regio_f.values()) - min(regio_f.values()) > 0.015  # regional variation


def test_labour_force_has_unemployment_between_three_and_five_and_a_half_percent():
    thema = REGISTER.thema("beroepsbevolking")
    delen = thema_tabel("beroepsbevolking")
    totaal = titel_naar_key(delen, "Persoonskenmerken")["Totaal personen"]
    bb, wl = thema.onderwerpen["beroepsbevolking"].key, thema.onderwerpen["werkloze_beroepsbevolking"].key
    pot = thema.onderwerpen["potentiele_beroepsbevolking"].key
    for r in rijen(delen, "", Persoonskenmerken=totaal, Perioden="2024JJ00"):
        code = r["RegioS"].strip()
        assert 0.025 <= r[wl] / r[bb] <= 0.06, code
        assert 0.6 <= r[bb] / r[pot] <= 0.85, code
        if code.startswith("AM"):
            assert 0.5 <= r[pot] / OMVANG[code] <= 0.9


def test_share_55_plus_differs_between_regions_and_rises():
    delen = thema_tabel("bevolking")
    keys = titel_naar_key(delen, "Leeftijd")
    per_regio = collections.defaultdict(lambda: collections.defaultdict(float))
    for r in delen["TypedDataSet"]:
        regio = REGIO_VAN_GEMEENTE.get(r["RegioS"].strip())
        if regio and r["BevolkingOp1Januari_1"] is not None:
            per_regio[(regio, r["Perioden"][:4])][r["Leeftijd"].strip()] += r["BevolkingOp1Januari_1"]
    oud = [keys["55 tot 65 jaar"], keys["65 jaar of ouder"]]
    aandeel = {k: sum(v[o] for o in oud) / v[keys["Totaal leeftijd"]] for k, v in per_regio.items()}
    laatste = [aandeel[(c, "2025")] for c in REGIO_CODES]
    assert max(laatste) - min(laatste) > 0.04
    assert np.mean(laatste) > np.mean([aandeel[(c, "2015")] for c in REGIO_CODES])
    totaal_2025 = {c: per_regio[(c, "2025")][keys["Totaal leeftijd"]] for c in REGIO_CODES}
    assert all(0.9 <= totaal_2025[c] / (OMVANG[c] * 1000) <= 1.1 for c in REGIO_CODES)


def _onderwijs_per_regio(onderwerp: str = "Eerstejaars_2") -> dict[tuple, float]:
    delen = thema_tabel("onderwijs")
    niveau = {r["Key"].strip(): r["Title"] for r in delen["Onderwijssoort"]}
    richting = {r["Key"].strip(): r["Title"] for r in delen["Opleidingsrichting"]}
    som = collections.defaultdict(float)
    for r in delen["TypedDataSet"]:
        regio = REGIO_VAN_GEMEENTE.get(r["RegioS"].strip())
        if regio and r[onderwerp] is not None:
            som[(regio, niveau[r["Onderwijssoort"].strip()], richting[r["Opleidingsrichting"].strip()], int(r["Perioden"][:4]))] += r[onderwerp]
    return som


def test_hbo_and_wo_only_in_regions_with_programmes_and_a_construction_pain_point_exists():
    instroom = _onderwijs_per_regio()
    for code in REGIO_CODES:
        hbo_techniek = instroom[(code, "hbo", "Techniek en bouw", 2024)]
        assert (hbo_techniek == 0) == (code in model.GEEN_HBO_REGIOS | model.GEEN_HBO_TECHNIEK_REGIOS), code
        assert (instroom[(code, "wo", "Totaal richtingen", 2024)] > 0) == (code in model.WO_REGIOS), code
        assert instroom[(code, "mbo niveau 4", "Techniek en bouw", 2024)] > 0
    assert model.GEEN_HBO_TECHNIEK_REGIOS - model.GEEN_HBO_REGIOS
    # construction jobs grow while regional mbo-4 instroom in techniek en bouw falls: found from the tables
    banen_f = {j: _banen_per_regio(j, "F Bouwnijverheid") for j in (2019, 2024)}
    patroon = [c for c in REGIO_CODES
               if banen_f[2024][c] > 1.08 * banen_f[2019][c]
               and instroom[(c, "mbo niveau 4", "Techniek en bouw", 2024)] < 0.9 * instroom[(c, "mbo niveau 4", "Techniek en bouw", 2019)]]
    assert len(patroon) >= 3


def test_students_are_plausible_per_region_and_flows_fit_the_stock():
    ingeschreven = _onderwijs_per_regio("Ingeschrevenen_1")
    instroom = _onderwijs_per_regio("Eerstejaars_2")
    gediplomeerd = _onderwijs_per_regio("Gediplomeerden_3")
    nl_mbo = sum(v for (c, n, r, j), v in ingeschreven.items() if j == 2024 and n.startswith("mbo niveau") and r == "Totaal richtingen")
    assert 350_000 < nl_mbo < 650_000
    for code in REGIO_CODES:
        sleutel = (code, "mbo niveau 4", "Totaal richtingen", 2024)
        assert instroom[sleutel] < ingeschreven[sleutel] and 0 < gediplomeerd[sleutel] < instroom[sleutel] * 1.2


def test_national_workers_by_sector_and_level_have_plausible_profiles():
    thema = REGISTER.thema("werkzamen_sector_onderwijs")
    delen = thema_tabel("werkzamen_sector_onderwijs")
    sector = {t: k for k, t in ((r["Key"].strip(), r["Title"]) for r in delen["BedrijfstakkenBranchesSBI2008"])}
    niveau = {r["Key"].strip(): r["Title"] for r in delen["Onderwijsniveau"]}
    waarde = thema.onderwerpen["werkzame_beroepsbevolking"].key

    def profiel(sector_titel: str) -> dict[str, float]:
        return {niveau[r["Onderwijsniveau"].strip()]: r[waarde]
                for r in rijen(delen, "", BedrijfstakkenBranchesSBI2008=sector[sector_titel], Perioden="2024JJ00")}

    bouw = profiel("F Bouwnijverheid")
    assert (bouw["mbo 1-2 en lager"] + bouw["mbo 3"] + bouw["mbo 4"]) / bouw["Totaal"] > 0.65
    for titel in ("J Informatie en communicatie", "K Financiële dienstverlening"):
        p = profiel(titel)
        assert (p["hbo"] + p["wo"]) / p["Totaal"] > 0.6
    alles = profiel("A-U Alle economische activiteiten")
    assert 8000 < alles["Totaal"] < 11000
    assert any(r[waarde] is None for r in delen["TypedDataSet"])


def test_callers_may_change_what_they_get_without_changing_the_next_table():
    eerste = demo.genereer_tabel("83582NED")
    eerste["TypedDataSet"][0]["BanenVanWerknemers_1"] = -1
    eerste["TableInfos"][0]["Title"] = "veranderd"
    tweede = demo.genereer_tabel("83582NED")
    assert tweede["TypedDataSet"][0]["BanenVanWerknemers_1"] != -1 and tweede["TableInfos"][0]["Title"].startswith("DEMODATA")


@pytest.mark.parametrize("thema,uitgave", ALLE, ids=ALLE_IDS)
def test_every_table_round_trips_through_the_cbs_parser(thema, uitgave):
    cbs = pytest.importorskip("werkboek.cbs")  # the parser of the fetch layer (contract C2)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a register category that the parser cannot find would warn
        geparsed = cbs.lees_tabel(tabel(uitgave.id), thema, indeling=uitgave.indeling, demo=True)
    data = geparsed.data
    assert len(data) == len(tabel(uitgave.id)["TypedDataSet"])
    assert geparsed.herkomst.demo and geparsed.herkomst.gewijzigd == demo.DEMO_GEWIJZIGD
    assert "geen echte cijfers" in geparsed.herkomst.bronregel()
    for dim, categorieen in thema.categorieen.items():
        assert set(data[f"{dim}_categorie"].dropna()) == set(categorieen)
        assert data[f"{dim}_categorie"].isna().any()  # extra CBS categories are kept as NA, for the caller to drop
    if "periode" in thema.dimensies:
        voorlopig = {r["Key"][:4] for r in tabel(uitgave.id)["Perioden"] if r["Status"] != "Definitief"}
        assert data["jaar"].notna().all()
        assert set(data.loc[data["voorlopig"], "jaar"].astype(str)) == voorlopig
    assert set(data["regio_niveau"]) <= {"NL", "PV", "AM", "GM"}
    for naam in thema.onderwerpen:
        ruw = [r[thema.onderwerpen[naam].key] for r in tabel(uitgave.id)["TypedDataSet"]]
        assert data[naam].isna().sum() == sum(v is None for v in ruw)
        assert (data[f"{naam}_reden"].notna() == data[naam].isna()).all()
