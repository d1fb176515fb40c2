"""Indicators of werkboek.analyse on small hand-made frames (tests/maakframes.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import maakframes as mf
from werkboek import aanbod, analyse, schoolverlaters, tekst
from werkboek.fouten import WerkboekFout


def test_categoriekolommen_finds_only_categories():
    assert analyse.categoriekolommen(mf.banen()) == ["sector"]
    # rounding margins, ranges and counts of masked cells are numbers, not categories
    assert analyse.categoriekolommen(mf.studenten()) == ["onderwijsniveau"]
    assert analyse.categoriekolommen(mf.duo_instroom()) == ["onderwijsniveau", "richting"]


def test_kies_refuses_unknown_column_in_dutch():
    with pytest.raises(WerkboekFout, match="geen kolom 'beroep'"):
        analyse.kies(mf.banen(), beroep="x")


def test_reeks_demands_one_row_per_year():
    with pytest.raises(analyse.OnvoldoendeDataFout, match="meer rijen per jaar"):
        analyse.reeks(mf.banen(), "banen", "AM01")
    serie = analyse.reeks(mf.banen(), "banen", "AM01", sector="F")
    assert serie["jaar"].tolist() == mf.JAREN
    assert serie["voorlopig"].tolist() == [False] * 5 + [True]


# --- 1. growth --------------------------------------------------------------------------------------------------

def _rij(df, **filters):
    deel = analyse.kies(df, **filters)
    assert len(deel) == 1
    return deel.iloc[0]


def test_groei_cagr_and_provisional_flag():
    g = analyse.groei(mf.banen(), "banen", venster=5)
    f = _rij(g, regio="AM01", sector="F")
    assert (f["beginjaar"], f["eindjaar"]) == (2018, 2023)
    assert f["cagr_procent"] == pytest.approx(3.0)
    assert f["groei_absoluut"] == pytest.approx(15.0 * (1.03 ** 5 - 1))
    assert f["groei_procent"] == pytest.approx((1.03 ** 5 - 1) * 100)
    assert f["eind_voorlopig"] and f["voorlopig_in_venster"]
    assert f["periode"] == "2018–2023*"
    assert f["regio_naam"] == "Groningen"


def test_groei_can_exclude_provisional_years():
    g = analyse.groei(mf.banen(), "banen", venster=5, voorlopig="uitsluiten")
    f = _rij(g, regio="AM01", sector="F")
    assert f["eindjaar"] == 2022 and not f["eind_voorlopig"]
    assert f["cagr_procent"] == pytest.approx(3.0)


def test_groei_window_and_tot_jaar():
    g = analyse.groei(mf.banen(), "banen", venster=2, tot_jaar=2021)
    f = _rij(g, regio="AM01", sector="F")
    assert (f["beginjaar"], f["eindjaar"]) == (2019, 2021)


def test_groei_is_nan_not_zero_when_suppressed():
    g = analyse.groei(mf.banen(), "banen")
    f = _rij(g, regio="AM03", sector="F")
    assert math.isnan(f["cagr_procent"]) and math.isnan(f["eind"])


def test_groei_uses_earliest_known_year_in_window_when_start_is_missing():
    df = mf.banen()
    df.loc[(df["regio"] == "AM01") & (df["sector"] == "F") & (df["jaar"] == 2018), "banen"] = np.nan
    f = _rij(analyse.groei(df, "banen"), regio="AM01", sector="F")
    assert f["beginjaar"] == 2019 and f["cagr_procent"] == pytest.approx(3.0)


# --- 2. location quotient ---------------------------------------------------------------------------------------

def test_locatiequotient_against_nederland():
    lq = analyse.locatiequotient(mf.banen())
    assert _rij(lq, regio="AM01", sector="F", jaar=2018)["locatiequotient"] == pytest.approx(1.0)
    assert _rij(lq, regio="AM05", sector="F", jaar=2018)["locatiequotient"] == pytest.approx((30 / 320) / 0.05)
    assert "NL" not in set(lq["regio"])


def test_locatiequotient_is_nan_for_suppressed_sector_never_zero():
    lq = analyse.locatiequotient(mf.banen())
    rij = _rij(lq, regio="AM03", sector="F", jaar=2020)
    assert math.isnan(rij["locatiequotient"])


def test_locatiequotient_partly_suppressed_sum_is_flagged_and_can_be_unknown():
    df = mf.banen()
    df.loc[(df["regio"] == "AM01") & (df["sector"] == "F"), "banen_onderdrukt"] = 1
    lq = analyse.locatiequotient(df)
    assert bool(_rij(lq, regio="AM01", sector="F", jaar=2018)["deels_onderdrukt"])
    assert not bool(_rij(lq, regio="AM01", sector="G", jaar=2018)["deels_onderdrukt"])
    streng = analyse.locatiequotient(df, onderdrukt_als_onbekend=True)
    assert math.isnan(_rij(streng, regio="AM01", sector="F", jaar=2018)["locatiequotient"])
    assert _rij(streng, regio="AM01", sector="G", jaar=2018)["locatiequotient"] > 0


def test_locatiequotient_missing_total_gives_nan():
    df = mf.banen()
    df.loc[(df["regio"] == "AM02") & (df["sector"] == "totaal"), "banen"] = np.nan
    lq = analyse.locatiequotient(df)
    assert analyse.kies(lq, regio="AM02")["locatiequotient"].isna().all()


# --- 3. projection ----------------------------------------------------------------------------------------------

def _serie(waarden, begin=2015):
    return pd.DataFrame({"jaar": range(begin, begin + len(waarden)), "waarde": waarden,
                         "voorlopig": [False] * (len(waarden) - 1) + [True]})


# the damping of the drift over a horizon of h years: 0,8 + 0,8² + ... + 0,8^h (analyse.DEMPING = 0,8)
def _demping(h):
    return sum(0.8 ** i for i in range(1, h + 1))


def test_projectie_exact_growth_and_zero_band():
    # 2015-2021 definitive (100 x 1,02^i), 2022 provisional: the projection starts at 2021 and leaves 2022 out
    p = analyse.projecteer(_serie(mf.reeks_waarden(100.0, 0.02, range(8))), horizon=5)
    assert p.groei_procent == pytest.approx(2.0)
    assert p.basisjaar == 2021 and p.horizonjaar == 2026 and not p.voorlopig_basis
    assert p.basiswaarde == pytest.approx(100 * 1.02 ** 6)
    # damped: the drift of 2% a year fades by 0,8 a year; undamped it would run on at 2% a year
    assert p.verwacht == pytest.approx(100 * 1.02 ** (6 + _demping(5)))
    assert p.ongedempt == pytest.approx(100 * 1.02 ** 11)
    onder, boven = p.band  # no spread in the yearly changes: no interval
    assert onder == pytest.approx(p.verwacht) and boven == pytest.approx(p.verwacht)
    assert p.dekking == 0.8 and "80%-voorspelinterval" in p.aannames
    assert "+2,0% per jaar" in p.aannames and "geen ROA-prognose" in p.aannames
    assert "voorlopige cijfer over 2022* telt niet mee" in p.aannames
    # the provisional year stays in the table beside the projection, for comparison
    rij = p.tabel[p.tabel["jaar"] == 2022].iloc[0]
    assert bool(rij["voorlopig"]) and rij["waarde"] == pytest.approx(100 * 1.02 ** 7)


def test_projectie_band_from_spread_of_yearly_growth():
    # 2015-2020 definitive, 2021 provisional: drift from 100 to 109 over five yearly changes
    p = analyse.projecteer(_serie([100, 104, 103, 108, 110, 109, 115]), horizon=6)
    assert p.basisjaar == 2020 and p.basiswaarde == 109
    assert p.groei_procent == pytest.approx(((109 / 100) ** (1 / 5) - 1) * 100)
    assert p.verwacht == pytest.approx(109 * (109 / 100) ** (_demping(6) / 5))
    assert p.ongedempt == pytest.approx(109 * (109 / 100) ** (6 / 5))
    onder, boven = p.band
    assert onder < p.verwacht < boven
    # the interval is symmetric around the projection on the logarithm
    assert math.log(boven / p.verwacht) == pytest.approx(math.log(p.verwacht / onder))
    assert p.spreiding_procent > 0
    assert p.tabel["jaar"].max() == 2020 + 6
    lo, hi = p.uitbreidingsvraag_band
    assert lo < p.uitbreidingsvraag < hi
    assert p.uitbreidingsvraag == pytest.approx(p.verwacht - 109)


def test_projectie_a_wider_coverage_gives_a_wider_interval_and_no_damping_the_full_drift():
    serie = _serie([100, 104, 103, 108, 110, 109, 115])
    smal, breed = analyse.projecteer(serie, dekking=0.8), analyse.projecteer(serie, dekking=0.95)
    assert breed.band[0] < smal.band[0] and smal.band[1] < breed.band[1]
    assert breed.dekking == 0.95 and "95%-voorspelinterval" in breed.aannames
    vrij = analyse.projecteer(serie, demping=None)
    assert vrij.verwacht == pytest.approx(vrij.ongedempt) == pytest.approx(smal.ongedempt)


def test_projectie_starts_after_the_last_known_year():
    p = analyse.projecteer(_serie([100, 102, 104, 106, np.nan]), horizon=3)
    assert p.basisjaar == 2018
    assert p.tabel["jaar"].is_unique and p.tabel["jaar"].tolist() == list(range(2015, 2022))


def test_projectie_needs_four_definitive_years():
    # four known values, the last one provisional: three definitive years are too few
    with pytest.raises(analyse.OnvoldoendeDataFout, match="minstens 4 definitieve jaren"):
        analyse.projecteer(_serie([100, 102, 104, 106]))
    with pytest.raises(analyse.OnvoldoendeDataFout, match="minstens 4 definitieve jaren"):
        analyse.projecteer(_serie([100, np.nan, 102, 103, 104]))  # a gap: 2015, 2017 and 2018 definitive
    assert analyse.projecteer(_serie([100, 102, 104, 106, 108])).basisjaar == 2018


# --- 4. employment by education level ---------------------------------------------------------------------------

def test_beroepsbevolking_naar_onderwijsniveau_is_residence_based():
    b = analyse.beroepsbevolking_naar_onderwijsniveau(mf.beroepsbevolking(), "AM01")
    hoog = _rij(b, jaar=2020, onderwijsniveau="onderwijs_hoog")
    assert hoog["aandeel_procent"] == pytest.approx(40.0) and hoog["aandeel_nl_procent"] == pytest.approx(40.0)
    assert hoog["niveau"] == "hoog"
    assert "personen (woonplaats)" in b.attrs["label"]


# --- 5. ageing --------------------------------------------------------------------------------------------------

def test_aandeel_55plus_from_labour_force_against_nl():
    a = analyse.aandeel_55plus(mf.beroepsbevolking(), "AM01")
    rij = _rij(a, jaar=2020)
    assert rij["aandeel_procent"] == pytest.approx(25.0)
    assert rij["aandeel_nl_procent"] == pytest.approx(20.0)
    assert rij["verschil_procentpunt"] == pytest.approx(5.0)
    assert "woonplaats" in a.attrs["basis"]


def test_aandeel_55plus_unknown_part_gives_nan():
    a = analyse.aandeel_55plus(mf.beroepsbevolking(), "AM03")
    assert a["aandeel_procent"].isna().all()


def test_aandeel_55plus_from_population():
    rijen = []
    for regio, waarden in {"AM01": [20, 30, 20, 30], "NL": [25, 35, 20, 20]}.items():
        for leeftijd, w in zip(["leeftijd_15_25", "leeftijd_25_45", "leeftijd_45_55", "leeftijd_55_65"], waarden):
            rijen.append({"regio": regio, "regio_naam": mf.NAMEN[regio], "jaar": 2022, "voorlopig": False,
                          "leeftijd": leeftijd, "inwoners": float(w)})
        rijen.append({"regio": regio, "regio_naam": mf.NAMEN[regio], "jaar": 2022, "voorlopig": False,
                      "leeftijd": "leeftijd_65_plus", "inwoners": 999.0})
    a = analyse.aandeel_55plus(pd.DataFrame(rijen), "AM01")
    assert a.iloc[0]["aandeel_procent"] == pytest.approx(30.0)
    assert a.iloc[0]["aandeel_nl_procent"] == pytest.approx(20.0)
    assert "15 tot 65" in a.attrs["basis"]


# --- 6. education supply (werkboek.aanbod; level mapping, masking and attribution are in test_aanbod) ----------

def _per_niveau(data=None, regio="AM01", sector="F", **kwargs):
    a = aanbod.onderwijsaanbod(data or mf.onderwijsdata(), regio, sector, 2023, **kwargs)
    return a.per_niveau.set_index("onderwijsniveau")


def test_first_year_growth_per_level_and_over_all_levels():
    # F: sectorkamer 'Techniek en gebouwde omgeving' (mbo) and CROHO TECHNIEK (hbo, wo). DUO in AM01 per year i:
    # round(round(basis x 0,97^i) x 0,3) per mbo level (entree 100 constant), hbo 150 + wo 50 constant.
    a = aanbod.onderwijsaanbod(mf.onderwijsdata(), "AM01", "F", 2023)
    n = a.per_niveau.set_index("onderwijsniveau")
    # middelbaar 2018: 60 + 120 + 120 = 300; 2023: mbo 2 round(172 x 0,3) = 52, mbo 3 and 4 round(343 x 0,3) = 103
    assert n.loc["middelbaar", "instroom"] == 258.0
    assert n.loc["middelbaar", "instroom_cagr_procent"] == pytest.approx(((258 / 300) ** (1 / 5) - 1) * 100)
    assert n.loc["middelbaar", "instroom_periode"] == "2018–2023*"
    assert n.loc["laag", "instroom"] == 30.0 and n.loc["laag", "instroom_cagr_procent"] == pytest.approx(0.0)
    assert n.loc["hoog", "instroom"] == 200.0 and n.loc["hoog", "instroom_cagr_procent"] == pytest.approx(0.0)
    # all levels: 30 + 300 + 200 = 530 in 2018, 30 + 258 + 200 = 488 in 2023
    assert (a.instroom_totaal["eind"], a.instroom_totaal["eindjaar"]) == (488.0, 2023)
    assert a.instroom_totaal["cagr_procent"] == pytest.approx(((488 / 530) ** (1 / 5) - 1) * 100)
    # AM02 has DUO first-years only at hoog: a sum with resident students would mix two things, so no total
    assert aanbod.onderwijsaanbod(mf.onderwijsdata(), "AM02", "F", 2023).instroom_totaal == {}


def test_without_the_field_themes_field_figures_are_unknown_never_those_of_all_fields():
    a = aanbod.onderwijsaanbod(mf.onderwijsdata() | {"mbo_studenten_richting": None,
                                                     "mbo_gediplomeerden_richting": None}, "AM01", "F", 2023)
    n = a.per_niveau.set_index("onderwijsniveau")
    assert n["ingeschrevenen_richting"].isna().all()
    for niveau in ("laag", "middelbaar"):
        assert math.isnan(n.loc[niveau, "uitstroom_per_jaar"]) and n.loc[niveau, "uitstroom_bron"] == "onbekend"
    # the students of all fields stay: mbo 2 + 3 + 4 in 2023 = 520 + 1 030 + 1 290 (rounded to tens)
    assert n.loc["middelbaar", "ingeschrevenen"] == 2840.0
    # hoog never has a field per region: graduates of all fields, hbo 500 + wo 300, said so
    assert n.loc["hoog", "uitstroom_per_jaar"] == 800.0 and not n.loc["hoog", "uitstroom_richting"]
    assert any("mbo-gediplomeerden per richting (CBS 85356NED)" in zin for zin in a.ontbrekend)


def test_expected_outflow_is_the_mean_of_the_last_three_school_years():
    n = _per_niveau()
    # field 07 is 30% of AM01's mbo graduates: entree round(80 x 0,3) = 24; mbo 2 + 3 + 4 = 51 + 105 + 90
    assert n.loc["laag", "uitstroom_per_jaar"] == 24.0 and n.loc["middelbaar", "uitstroom_per_jaar"] == 246.0
    assert bool(n.loc["middelbaar", "uitstroom_richting"]) and n.loc["middelbaar", "uitstroom_periode"] == "2021–2023*"
    # hoog: hbo 500 + wo 300 of all fields, each sum of 10 gemeenten x 2 parts rounded to tens: ±100
    assert (n.loc["hoog", "uitstroom_onder"], n.loc["hoog", "uitstroom_per_jaar"], n.loc["hoog", "uitstroom_boven"]) == (
        700.0, 800.0, 900.0)
    # each detail level takes the mean of its own last three known years: mbo 3 unknown in 2023 gives mbo 3 the mean
    # of 2020-2022, while mbo 2 and 4 keep 2021-2023* (a different mbo 2 figure in 2020 is not used: a mean of the
    # summed years 2020-2022 would give (81 + 105 + 90 + 2 x 246) / 3 = 256)
    data = mf.onderwijsdata()
    g = data["mbo_gediplomeerden_richting"]
    veld = (g["regio"] == "AM01") & (g["richting"] == "isced_07")
    g.loc[veld & (g["jaar"] == 2023) & (g["onderwijsniveau"] == "mbo_3"), "gediplomeerden"] = np.nan
    g.loc[veld & (g["jaar"] == 2020) & (g["onderwijsniveau"] == "mbo_2"), "gediplomeerden"] = 81.0
    n = _per_niveau(data)
    assert n.loc["middelbaar", "uitstroom_per_jaar"] == 246.0
    assert n.loc["middelbaar", "uitstroom_periode"] == "2020–2023*"
    assert n.loc["laag", "uitstroom_periode"] == "2021–2023*"  # entree is not touched


def test_school_leavers_who_stay_follow_the_assumptions_per_detail_level():
    # per detail level: low end fewest graduates x (1 - most who study on) x fewest who stay, high end the reverse,
    # the middle with the middles (data/schoolverlaters.csv); mbo field 07 has no margin, hbo and wo +-50 each
    a = schoolverlaters.laad_aannames()

    def verlaters(aantallen):
        onder = sum(laag * (1 - a[d].doorstroom[1]) * a[d].behoud[0] for d, (_, laag, _) in aantallen.items())
        midden = sum(w * (1 - sum(a[d].doorstroom) / 2) * sum(a[d].behoud) / 2 for d, (w, _, _) in aantallen.items())
        boven = sum(hoog * (1 - a[d].doorstroom[0]) * a[d].behoud[1] for d, (_, _, hoog) in aantallen.items())
        return onder, midden, boven

    n = _per_niveau()
    kolommen = ["schoolverlaters_onder", "schoolverlaters_midden", "schoolverlaters_boven"]
    assert n.loc["laag", kolommen].tolist() == pytest.approx(verlaters({"entree": (24, 24, 24)}))
    assert n.loc["middelbaar", kolommen].tolist() == pytest.approx(
        verlaters({"mbo_2": (51, 51, 51), "mbo_3": (105, 105, 105), "mbo_4": (90, 90, 90)}))
    assert n.loc["hoog", kolommen].tolist() == pytest.approx(verlaters({"hbo": (500, 450, 550), "wo": (300, 250, 350)}))
    # fewer school-leavers than graduates: some study on, some leave the region
    assert (n["schoolverlaters_boven"] < n["uitstroom_per_jaar"]).all()


def test_a_programme_in_the_region_by_location_and_what_the_region_states():
    n = _per_niveau()
    # F in AM01: DUO graduates in 'Techniek en gebouwde omgeving' at a main site; 150 + 50 first-years in TECHNIEK
    assert n.loc["laag", "aanbod"] is True and n.loc["middelbaar", "aanbod"] is True and n.loc["hoog", "aanbod"] is True
    # the directions count: G (sectorkamer Handel, CROHO ECONOMIE) has no mbo graduates in Handel at a main site in
    # AM01 (unknown: a branch of an institution elsewhere is invisible), but 300 hbo first-years in ECONOMIE
    g = _per_niveau(sector="G")
    assert tekst.is_leeg(g.loc["middelbaar", "aanbod"]) and g.loc["hoog", "aanbod"] is True
    # what the region knows of its own schools overrides the data and says so; other levels keep the data
    opgegeven = _per_niveau(regio="AM02", aanbod_bekend={"middelbaar": True, "hoog": True})
    assert opgegeven.loc["middelbaar", "aanbod"] is True and opgegeven.loc["hoog", "aanbod"] is True
    assert opgegeven.loc["hoog", "aanbod_grond"] == "opgegeven door de regio"
    assert tekst.is_leeg(opgegeven.loc["laag", "aanbod"])


# --- 10. similar regions ----------------------------------------------------------------------------------------

def test_vergelijkbare_regios_excludes_itself_and_nl():
    v = analyse.vergelijkbare_regios(mf.banen(), "AM01", aantal=3)
    assert v["regio"].tolist()[0] == "AM02"
    assert "AM01" not in set(v["regio"]) and "NL" not in set(v["regio"])
    assert len(v) == 3 and set(v["regio"]) == {"AM02", "AM03", "AM05"}
    assert v["verschilindex"].is_monotonic_increasing  # lower is more alike
    assert list(v.columns) == ["regio", "regio_naam", "verschilindex", "sectoren_vergeleken"]
    assert analyse.vergelijkbare_regios(mf.banen(), "AM01", aantal=1)["regio"].tolist() == ["AM02"]


def _verschil(a: dict, b: dict) -> float:
    """Dissimilarity index by hand: half the sum of the absolute differences of the shares (%) of a common set."""
    ta, tb = sum(a.values()), sum(b.values())
    return 50 * sum(abs(a[s] / ta - b[s] / tb) for s in a)


def test_vergelijkbare_regios_compares_one_common_set_of_known_sectors():
    v = analyse.vergelijkbare_regios(mf.banen(), "AM01", 2018, aantal=5).set_index("regio")
    # F is suppressed in AM03, so every region is compared on B-E, G and Q, with shares of that set
    assert (v["sectoren_vergeleken"] == 3).all()
    eigen = {s: mf.BANEN["AM01"][s][0] for s in ("B-E", "G", "Q")}
    for regio in ("AM02", "AM03", "AM05"):
        ander = {s: mf.BANEN[regio][s][0] for s in ("B-E", "G", "Q")}
        assert v.loc[regio, "verschilindex"] == pytest.approx(_verschil(eigen, ander))
    # AM02: 28, 40, 58 against 30, 45, 60: (45/135 - 40/126) + (58/126 - 60/135) = 2/63, half of it in %
    assert v.loc["AM02", "verschilindex"] == pytest.approx(100 / 63)
    # a region with the same structure at another size is identical (0)
    banen = mf.banen()
    kopie = banen[banen["regio"] == "AM01"].assign(regio="AM05", regio_naam="Twente")
    kopie["banen"] = kopie["banen"] * 2
    gelijk = analyse.vergelijkbare_regios(pd.concat([banen[banen["regio"] != "AM05"], kopie]), "AM01", 2018)
    assert gelijk.iloc[0]["regio"] == "AM05" and gelijk.iloc[0]["verschilindex"] == pytest.approx(0.0)


def test_vergelijkbare_regios_needs_the_region_and_two_common_sectors():
    with pytest.raises(analyse.OnvoldoendeDataFout, match="AM30 heeft geen banen"):
        analyse.vergelijkbare_regios(mf.banen(), "AM30", 2018)
    banen = mf.banen()
    banen.loc[(banen["regio"] == "AM03") & banen["sector"].isin(["B-E", "G"]), "banen"] = np.nan
    with pytest.raises(analyse.OnvoldoendeDataFout, match="Te weinig sectoren"):
        analyse.vergelijkbare_regios(banen, "AM01", 2018)


def test_sectorstructuur_shares_of_published_total():
    s = analyse.sectorstructuur(mf.banen(), 2018)
    assert s.loc["AM01", "F"] == pytest.approx(5.0)
    assert math.isnan(s.loc["AM03", "F"])


# --- the duiding basis ------------------------------------------------------------------------------------------

# F in AM01: 15 x 1,03^i (x 1 000), 2023 provisional. The one projection starts at 2022 (15 x 1,03^4), with a damped
# drift of 3% a year and no spread: over 5 years the jobs grow by a factor 1,03^(0,8 + 0,8² + ... + 0,8⁵).
F_2022, F_2023 = 15 * 1.03 ** 4, 15 * 1.03 ** 5
F_VERANDERING = F_2022 * (1.03 ** _demping(5) - 1)  # x 1 000
# Replacement over 5 years: 25% 55-plussers in AM01, leaving spread over the ages to 67 (5/12 of them) or to 75 (5/20)
VERVANGING_ONDER, VERVANGING_BOVEN = 0.25 * 5 / 20, 0.25 * 5 / 12


def test_duidingsbasis_per_level():
    b = analyse.duidingsbasis(mf.met_sector_m(mf.alle_data()), mf.parameters())
    n = b.per_niveau.set_index("onderwijsniveau")
    # the trend of the sector, the same for every level (the level shares are fixed)
    assert set(n["werk_klasse"]) == {"groeit"} and n["werk_trend_procent"].tolist() == pytest.approx([3.0] * 3)
    assert b.werk_trend.eindjaar == 2022 and n.loc["hoog", "werk_zin"] == b.werk_trend.zin
    # the estimated jobs per level add up to the sector's jobs in the base year (2023*, place of work)
    assert b.vraag.basisjaar == 2023 and b.projectie.basisjaar == 2022
    assert n["banen_geschat"].sum() == pytest.approx(F_2023)
    assert n["aandeel_basis"].sum() == pytest.approx(1.0)
    assert n["banen_geschat"].tolist() == pytest.approx((n["aandeel_basis"] * F_2023).tolist())
    # one projected change, shared out with the fixed shares; no spread in the history, so no interval
    assert b.projectie.uitbreidingsvraag == pytest.approx(F_VERANDERING)
    assert n["uitbreidingsvraag"].tolist() == pytest.approx((n["aandeel_basis"] * F_VERANDERING * 1000).tolist())
    assert n["uitbreidingsvraag_onder"].tolist() == pytest.approx(n["uitbreidingsvraag_boven"].tolist())
    assert n["uitbreidingsvraag_per_jaar"].tolist() == pytest.approx((n["uitbreidingsvraag"] / 5).tolist())
    # the national shares do not move in maakframes: no upgrading
    assert n["opwaardering"].abs().max() < 1e-9
    # replacement: the middle of the range, per year; need = positive expansion + replacement, per year, a range
    banen = n["banen_geschat"] * 1000
    middel = (VERVANGING_ONDER + VERVANGING_BOVEN) / 2
    assert n["vervangingsvraag_per_jaar"].tolist() == pytest.approx((banen * middel / 5).tolist())
    for kolom, fractie in (("behoefte_onder", VERVANGING_ONDER), ("behoefte_boven", VERVANGING_BOVEN)):
        assert n[kolom].tolist() == pytest.approx(((n["uitbreidingsvraag"] + banen * fractie) / 5).tolist())
    assert n["behoefte_per_jaar"].tolist() == pytest.approx(((n["behoefte_onder"] + n["behoefte_boven"]) / 2).tolist())
    # ISCED-F field 07 also supplies B-E (30 thousand jobs) and M (12 thousand), both flat: only their replacement
    assert b.sectoren_richting == ["F", "B-E", "M"]
    anderen = (30.0 + 12.0) * 1000
    assert (n["behoefte_richting_onder"] - n["behoefte_onder"]).sum() == pytest.approx(anderen * VERVANGING_ONDER / 5)
    assert (n["behoefte_richting_boven"] - n["behoefte_boven"]).sum() == pytest.approx(anderen * VERVANGING_BOVEN / 5)
    # the supply columns are those of werkboek.aanbod
    assert n.loc["middelbaar", "instroom_bron"] == "duo_eerstejaars" and n.loc["middelbaar", "uitstroom_per_jaar"] == 246.0
    assert n.loc["hoog", "aanbod"] is True
    assert n.loc["middelbaar", "schoolverlaters_midden"] == pytest.approx(
        b.aanbod.per_niveau.set_index("onderwijsniveau").loc["middelbaar", "schoolverlaters_midden"])
    assert b.vergrijzing["verschil_procentpunt"] == pytest.approx(5.0)
    assert b.sector_groei["cagr_procent"] == pytest.approx(3.0)
    assert b.sector_groei_nl["cagr_procent"] == pytest.approx(1.0)
    assert b.ontbrekend == []
    assert b.regio_naam == "Groningen" and b.richting == "07 Techniek, industrie en bouwkunde" and b.instroom_bekend
    assert b.aanbod.sector == "F" and b.instroom_totaal == b.aanbod.instroom_totaal
    assert "arbeidsongeschiktheid" in b.vraag.toelichting and "geen telling" in b.vraag.toelichting
    # without M's distribution the need of the field is unknown, not that of F and B-E alone
    zonder_m = analyse.duidingsbasis(mf.alle_data(), mf.parameters()).per_niveau
    assert zonder_m["behoefte_richting_onder"].isna().all() and zonder_m["behoefte_richting_boven"].isna().all()
    assert zonder_m["behoefte_onder"].notna().all()


def test_duidingsbasis_of_a_sector_without_a_national_distribution_has_no_estimate_per_level():
    # Q has jobs in AM01 but no national distribution over the levels in maakframes: unknown, never 0, and said so
    b = analyse.duidingsbasis(mf.alle_data(), mf.parameters(sector="Q"))
    n = b.per_niveau
    assert n[["banen_geschat", "uitbreidingsvraag", "behoefte_onder", "behoefte_richting_onder"]].isna().all().all()
    # the projection of the jobs needs only the jobs: it stays, the demand per level does not
    assert b.vraag is None and b.projectie is not None and b.projectie.onderwerp.endswith("welzijnszorg")
    assert any("sector Q" in m and "geen landelijke verdeling naar onderwijsniveau" in m for m in b.ontbrekend)
    assert set(n["werk_klasse"]) == {"groeit"}  # the trend of the jobs themselves is still known (Q +2% a year)


def test_duidingsbasis_trend_thresholds_are_parameters():
    data = mf.met_sector_m(mf.alle_data())
    # F grows 3,0% a year without spread: 'groeit' above a threshold of 0,5%, not above 3,5%
    streng = analyse.duidingsbasis(data, mf.parameters(), drempel_procent=3.5)
    assert set(streng.per_niveau["werk_klasse"]) == {"geen duidelijke ontwikkeling"}
    assert streng.werk_trend.drempel_procent == 3.5
    # the window of the judgement: the last three definitive years; the sensitivity table keeps 5, 8 and 10
    kort = analyse.duidingsbasis(data, mf.parameters(), venster=3)
    assert (kort.werk_trend.beginjaar, kort.werk_trend.eindjaar) == (2020, 2022)
    assert set(kort.vensters["venster"]) == {5, 8, 10}


def test_duidingsbasis_with_missing_themes_keeps_nan_and_explains():
    data = mf.alle_data() | {thema: None for thema in aanbod.THEMAS} | {"beroepsbevolking": None}
    b = analyse.duidingsbasis(data, mf.parameters())
    assert b.per_niveau["instroom_cagr_procent"].isna().all() and b.per_niveau["uitstroom_per_jaar"].isna().all()
    assert set(b.per_niveau["instroom_bron"]) == {"onbekend"} and b.per_niveau["aanbod"].map(tekst.is_leeg).all()
    assert not b.instroom_bekend
    assert b.per_niveau["behoefte_per_jaar"].isna().all()
    assert b.vergrijzing is None
    assert any(m.startswith("Onderwijsdata ontbreken: eerstejaars (DUO)") for m in b.ontbrekend)


def test_laad_themas_records_unavailable_theme():
    class Bron:
        def per_regio(self, thema):
            if thema == "onderwijs":
                raise WerkboekFout("tabel niet gevonden")
            return pd.DataFrame({"thema": [thema]})

    data, meldingen = analyse.laad_themas(Bron(), ("banen", "onderwijs"))
    assert data["onderwijs"] is None and data["banen"] is not None
    assert meldingen and "onderwijs" in meldingen[0]


def test_eenheid_comes_from_register():
    assert analyse.eenheid("banen", "banen") == "x 1 000"
    assert analyse.eenheid("studenten", "ingeschrevenen") == "aantal"
    assert analyse.factor("x 1 000") == 1000.0 and analyse.factor("aantal") == 1.0


# --- notebook helpers -------------------------------------------------------------------------------------------

def test_indexeer():
    serie = analyse.reeks(mf.banen(), "banen", "AM01", sector="F")
    i = analyse.indexeer(serie)
    assert i["waarde"].iloc[0] == pytest.approx(100.0)
    assert i["waarde"].iloc[-1] == pytest.approx(100 * 1.03 ** 5)
    leeg = analyse.indexeer(analyse.reeks(mf.banen(), "banen", "AM03", sector="F"))
    assert leeg["waarde"].isna().all()


def test_structuurvergelijking_region_similar_and_nl():
    t = analyse.structuurvergelijking(mf.banen(), "AM01", 2018, aantal=2)
    assert list(t.columns) == ["sector", "sector_naam", "Groningen", "Friesland", t.columns[4], "Nederland"]
    f = t.set_index("sector").loc["F"]
    assert f["sector_naam"] == "Bouwnijverheid"
    assert f["Groningen"] == pytest.approx(5.0) and f["Nederland"] == pytest.approx(5.0)


def test_momentopname_key_figures():
    cijfers = {k["naam"]: k for k in analyse.momentopname(mf.alle_data(), mf.parameters())}
    assert cijfers["banen_totaal"]["waarde"] == pytest.approx(300 * 1.01 ** 5)
    assert cijfers["banen_totaal"]["periode"] == "2023*"
    assert cijfers["aandeel_sector"]["waarde"] == pytest.approx(15 * 1.03 ** 5 / (300 * 1.01 ** 5) * 100)
    assert cijfers["groei_sector"]["waarde"] == pytest.approx(3.0)
    assert cijfers["aandeel_55plus"]["waarde"] == pytest.approx(25.0)
    assert cijfers["aandeel_hoog_opgeleid"]["waarde"] == pytest.approx(40.0)
    assert cijfers["inwoners"]["waarde"] is None  # theme not loaded: unknown, not 0
    # students living in AM01, all levels in 2023: entree 300 + mbo 2 840 + hbo 2 000 + wo 1 000 (rounded to tens)
    assert cijfers["studenten"]["waarde"] == 6140.0 and cijfers["studenten"]["periode"] == "2023*"
    assert "afgerond op tientallen" in cijfers["studenten"]["label"]
    assert "(werkplaats)" in cijfers["banen_sector"]["label"]
    onderdrukt = {k["naam"]: k for k in analyse.momentopname(mf.alle_data(), mf.parameters(regio="AM03"))}
    assert onderdrukt["banen_sector"]["waarde"] is None and onderdrukt["aandeel_sector"]["waarde"] is None


def test_herkomsten_of_loaded_themes():
    data = mf.alle_data()
    data["banen"].attrs["herkomst"] = mf.Herkomst(tabel_id="83582NED")
    data["studenten"].attrs["herkomst"] = mf.Herkomst(tabel_id="85701NED")
    data["bevolking"] = None
    assert [h.tabel_id for h in analyse.herkomsten(data, "banen", "bevolking")] == ["83582NED"]
    assert [h.tabel_id for h in analyse.herkomsten(data)] == ["83582NED", "85701NED"]
