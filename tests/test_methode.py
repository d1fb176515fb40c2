"""The method as a labour-market analyst reads it (issue 'Methode die een arbeidsmarktanalist overeind laat').

One test (or a few) per point of the review, on small hand-made frames; each fails on the method it replaces:
growth per level from the current year's national shares, four independent rules, the A35 table keyed by rule
only, presence on one resident student, targets below the trend, growth classified inside the noise, a band
without stated coverage, an ageing proxy called a lower bound, and cosine similarity that cannot tell regions
apart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import maakframes as mf
from werkboek import (
    aanbod, analyse, duiding, knelpunten, monitoring, schoolverlaters, sectorbeeld, site, trend, vergelijking,
)
from werkboek.knelpunten import AANDACHTSPUNT, KNELPUNT, NIET_TE_BEOORDELEN, ONZEKER, Drempels


def _analyse(data=None, sector="F", regio="AM01", **kwargs):
    return duiding.knelpuntanalyse(data or mf.met_sector_m(mf.alle_data()), mf.parameters(regio=regio, sector=sector),
                                   **kwargs)


def _rij(**waarden):
    """A row of Duidingsbasis.per_niveau with only what the decision table reads."""
    basis = {"onderwijsniveau": "middelbaar", "uitstroom_richting": True, "aanbod": True, "aanbod_grond": "DUO",
             "werk_klasse": "geen duidelijke ontwikkeling", "instroom_klasse": "geen duidelijke ontwikkeling",
             "behoefte_richting_onder": 100.0, "behoefte_richting_boven": 120.0,
             "schoolverlaters_onder": 100.0, "schoolverlaters_boven": 150.0}
    return basis | waarden


# -- 1. one demand model: fixed shares, one projection --------------------------------------------------------


def test_a_flat_sector_has_no_expansion_demand_at_any_level_even_when_the_nation_upgrades():
    data = mf.met_sector_m(mf.alle_data())
    v = data["werkzamen_sector_onderwijs"].copy()
    # nationally, work in B-E shifts from middelbaar to hoog by 5 (x 1 000) a year
    stap = (v["jaar"] - mf.JAREN[0]) * 5.0
    v.loc[(v["sector"] == "B-E") & (v["kenmerk"] == "onderwijs_middelbaar"), "werkzame_beroepsbevolking"] -= stap
    v.loc[(v["sector"] == "B-E") & (v["kenmerk"] == "onderwijs_hoog"), "werkzame_beroepsbevolking"] += stap
    data["werkzamen_sector_onderwijs"] = v
    basis = _analyse(data, sector="B-E").basis  # B-E is flat in AM01 (growth 0)
    n = basis.per_niveau.set_index("onderwijsniveau")
    assert n["uitbreidingsvraag"].abs().max() < 1e-6
    assert (n["behoefte_onder"] > 0).all()  # replacement demand remains
    assert n.loc["hoog", "opwaardering"] > 0 > n.loc["middelbaar", "opwaardering"]  # upgrading apart, labelled
    openingen = basis.vraag.per_niveau.set_index("onderwijsniveau")["baanopeningen_boven"]
    vervanging = basis.vraag.per_niveau.set_index("onderwijsniveau")["vervangingsvraag_boven"]
    assert np.allclose(openingen, vervanging)  # the upgrading is not added to the openings


def test_the_levels_add_up_to_the_one_projected_change_of_the_sector():
    basis = _analyse().basis
    totaal = basis.per_niveau["uitbreidingsvraag"].sum()
    assert totaal == pytest.approx(basis.projectie.uitbreidingsvraag * 1000, rel=1e-9)
    assert "enige cijfer voor de uitbreidingsvraag" in duiding.projectietekst(basis)


# -- 2. supply as school-leavers, like with like ------------------------------------------------------------------


def test_school_leavers_are_fewer_than_graduates_and_say_what_they_assume():
    verlaters = schoolverlaters.schoolverlaters({"mbo_4": (1000.0, 990.0, 1010.0)})
    aanname = schoolverlaters.laad_aannames()["mbo_4"]
    assert verlaters.boven <= 1010.0 * (1 - aanname.doorstroom[0]) * aanname.behoud[1] + 1e-9
    assert verlaters.onder < verlaters.midden < verlaters.boven < 1000.0
    assert all(a.grond for a in schoolverlaters.laad_aannames().values())


def test_a_surplus_is_an_attention_point_not_a_pain_point():
    uitkomst = knelpunten.beslis(_rij(schoolverlaters_onder=500.0, schoolverlaters_boven=700.0))
    assert uitkomst.code == knelpunten.LANDEN and uitkomst.status == AANDACHTSPUNT and not uitkomst.is_knelpunt


def test_a_shortfall_over_the_whole_range_is_a_shortage():
    uitkomst = knelpunten.beslis(_rij(schoolverlaters_onder=30.0, schoolverlaters_boven=60.0))
    assert uitkomst.code == knelpunten.TEKORT and uitkomst.status == KNELPUNT


def test_hoog_without_graduates_per_field_is_not_judged_on_all_fields_together():
    uitkomst = knelpunten.beslis(_rij(onderwijsniveau="hoog", uitstroom_richting=False))
    assert uitkomst.status == NIET_TE_BEOORDELEN and "niet per richting" in uitkomst.bewijs


# -- 3. one decision per level ------------------------------------------------------------------------------------


def test_one_level_gets_exactly_one_decision_never_shortage_and_surplus():
    for sector in ("F", "B-E", "G", "Q"):
        uitkomsten = _analyse(sector=sector).beoordelingen
        niveaus = [b.onderwijsniveau for b in uitkomsten]
        assert sorted(niveaus) == sorted(analyse.NIVEAUS)


def test_an_outcome_that_flips_within_the_range_is_uncertain():
    uitkomst = knelpunten.beslis(_rij(schoolverlaters_onder=60.0, schoolverlaters_boven=200.0))
    assert uitkomst.status == ONZEKER and "tekort of evenwicht" in uitkomst.bewijs


def test_no_regional_programme_is_a_cause_of_a_shortage_not_a_second_finding():
    uitkomst = knelpunten.beslis(_rij(schoolverlaters_onder=10.0, schoolverlaters_boven=20.0, aanbod=False,
                                      aanbod_grond="DUO: geen vestiging"))
    assert uitkomst.code == knelpunten.TEKORT
    assert any(o.startswith("geen regionale opleiding") for o in uitkomst.oorzaken)


def test_a_threatening_shortage_needs_both_trends_beyond_their_uncertainty():
    dreigt = knelpunten.beslis(_rij(werk_klasse="groeit", instroom_klasse="daalt"))
    assert dreigt.code == knelpunten.DREIGEND
    ruis = knelpunten.beslis(_rij(werk_klasse="groeit", instroom_klasse="geen duidelijke ontwikkeling"))
    assert ruis.code == knelpunten.EVENWICHT


# -- 4. the A35 table per (rule, level) ---------------------------------------------------------------------------


def test_the_a35_table_counts_a_decision_per_level_and_a_region_once():
    def regio(code, punten):
        return vergelijking.RegioSamenvatting(code, code, ["03_duiding"], [], punten, {})

    punten_am01 = [{"code": "tekort", "titel": "Tekort op hoog niveau", "onderwijsniveau": "hoog"},
                   {"code": "tekort", "titel": "Tekort op middelbaar niveau", "onderwijsniveau": "middelbaar"}]
    tabel = vergelijking.gedeelde_knelpunten([
        regio("AM01", punten_am01),
        regio("AM02", [{"code": "tekort", "titel": "Tekort op middelbaar niveau", "onderwijsniveau": "middelbaar"}]),
    ])
    telling = {(r["code"], r["onderwijsniveau"]): r["aantal_regios"] for r in tabel.to_dict("records")}
    assert telling == {("tekort", "middelbaar"): 2, ("tekort", "hoog"): 1}


def test_merging_a_regions_notebooks_keeps_the_same_decision_at_two_levels():
    punten = [{"code": "tekort", "onderwijsniveau": "hoog"}, {"code": "tekort", "onderwijsniveau": "middelbaar"}]
    _, samengevoegd = site.voeg_samen([{"knelpunten": punten}, {"knelpunten": punten}])
    assert len(samengevoegd) == 2


def test_a35_rankings_use_rates_not_absolute_counts():
    assert vergelijking.is_relatief("%") and vergelijking.is_relatief("verhouding")
    assert not vergelijking.is_relatief("x 1 000") and not vergelijking.is_relatief("aantal")


# -- 5. presence of programmes by location ------------------------------------------------------------------------


def test_resident_students_alone_never_make_a_programme_present():
    data = mf.alle_data() | {"duo_instroom": None, "duo_gediplomeerden": None}
    n = aanbod.onderwijsaanbod(data, "AM01", "F", 2023).per_niveau
    assert n["aanbod"].map(lambda a: a is pd.NA or a is None).all()
    assert n["aanbod_grond"].str.startswith("onbekend").all()


# -- 6. monitoring against the trend ------------------------------------------------------------------------------


def _voorstellen(data, sector="G"):
    ka = _analyse(data, sector=sector)
    knel = [knelpunten.Beoordeling("tekort", "Tekort op middelbaar niveau", "middelbaar", KNELPUNT, "", "")]
    return monitoring.met_streefwaarden(monitoring.voorstellen(knel, mf.parameters(sector=sector), data), {}, 10.0), ka


def test_a_working_target_lies_beyond_the_trend_without_policy():
    data = mf.met_sector_m(mf.alle_data())
    voorstellen, _ = _voorstellen(data, sector="F")  # F grows 3% a year
    v = voorstellen[0]
    sleutel = next(i.sleutel for i in v.indicatoren if i.id == "banen_sector")
    zonder = v.tegenfeitelijk[sleutel]
    assert zonder is not None
    assert v.doelen[sleutel] >= zonder.interval[1] - 0.05  # rounded to one decimal
    assert v.doelen[sleutel] > next(b for i, b in zip(v.indicatoren, v.basiswaarden) if i.sleutel == sleutel).waarde
    assert "trend zonder beleid" in v.streefgrond[sleutel]


def test_the_share_of_over_55s_is_context_without_a_target():
    voorstellen, _ = _voorstellen(mf.met_sector_m(mf.alle_data()))
    v = voorstellen[0]
    sleutel = next(i.sleutel for i in v.indicatoren if i.id == "aandeel_55plus")
    assert v.doelen[sleutel] is None and "contextindicator" in v.streefgrond[sleutel]


def test_a_count_baseline_is_a_mean_of_definitive_years_and_ignores_the_provisional_one():
    indicator = next(i for i in monitoring.laad_indicatoren() if i.id == "instroom_niveau")
    indicator = indicator.ingevuld(monitoring.context(mf.parameters(), "middelbaar"))
    data = mf.alle_data()
    basis = monitoring.basiswaarde(indicator, data, "AM01", 2023)
    serie = monitoring.indicator_reeks(indicator, data, "AM01")
    definitief = serie[~serie["voorlopig"].astype(bool)].dropna(subset=["waarde"]).tail(3)
    assert basis.waarde == pytest.approx(definitief["waarde"].mean())
    assert "gemiddelde" in basis.tekst


# -- 7. growth classified against its uncertainty -----------------------------------------------------------------


def test_a_fall_with_t_minus_1_3_is_no_clear_development_and_gives_no_threatening_shortage():
    jaren = np.arange(2014, 2024)
    ruis = np.array([0.0, 0.05, -0.06, 0.04, -0.03, 0.06, -0.05, 0.02, -0.04, 0.0])
    waarden = 1000 * np.exp(-0.012 * (jaren - 2014) + 3 * ruis)  # t = -1,3: a fall of 1,9% a year inside the noise
    t = trend.trend(jaren, waarden)
    assert -1.64 < t.t < -0.5 and t.klasse == "geen duidelijke ontwikkeling"
    uitkomst = knelpunten.beslis(_rij(werk_klasse="groeit", instroom_klasse=t.klasse))
    assert uitkomst.code != knelpunten.DREIGEND


def test_the_trend_is_judged_on_definitive_years_with_the_provisional_one_beside_it():
    basis = _analyse().basis
    assert basis.werk_trend.eindjaar == 2022 and basis.werk_trend.voorlopig_jaar == 2023
    assert set(basis.vensters["venster"]) == {5, 8, 10}


# -- 8. a projection band with stated coverage, damped ------------------------------------------------------------


def test_the_projection_states_its_coverage_and_damps_a_boom():
    serie = pd.DataFrame({"jaar": range(2014, 2024), "waarde": [100 * 1.08 ** i for i in range(10)],
                          "voorlopig": [False] * 10})
    p = analyse.projecteer(serie, horizon=5)
    assert "80%-voorspelinterval" in p.aannames
    assert p.verwacht < p.ongedempt  # damped: the boom is not extrapolated in full
    assert p.band[0] < p.verwacht < p.band[1] or p.band[0] == p.band[1]


# -- 9. the ageing proxy -----------------------------------------------------------------------------------------


def test_replacement_demand_is_a_range_that_says_it_is_not_sector_specific_and_is_no_lower_bound():
    basis = _analyse().basis
    v = basis.vraag.per_niveau
    assert (v["vervangingsvraag_onder"] < v["vervangingsvraag_boven"]).all()
    assert not basis.vraag.sectorspecifiek
    tabel = duiding.duidingstabel(basis)
    tekst = " ".join(tabel["werkgelegenheid"]) + basis.vraag.toelichting + duiding.VERVANGINGSVRAAG_TOELICHTING
    assert "ondergrens" not in tekst
    assert "hetzelfde regionale aandeel voor elke sector" in tekst


def test_rising_ageing_is_read_from_a_trend_not_from_a_one_year_gap():
    basis = _analyse().basis
    zin = duiding.vergrijzingstrend(basis)
    assert "per jaar" in zin or "onbekend" in zin
    assert "toenemende vervangingsvraag" not in duiding.duidingstabel(basis).to_string()


# -- 10. smaller points -----------------------------------------------------------------------------------------


def test_a_location_quotient_on_partly_suppressed_sums_is_a_lower_bound():
    zin = sectorbeeld._lq_zin(pd.Series({"locatiequotient": 1.23, "deels_onderdrukt": True}))
    assert "minstens 1,2" in zin
    exact = sectorbeeld._lq_zin(pd.Series({"locatiequotient": 1.23, "deels_onderdrukt": False}))
    assert "minstens" not in exact


def test_the_dissimilarity_index_tells_regions_apart_on_one_common_sector_set():
    uit = analyse.vergelijkbare_regios(mf.banen(), "AM01", 2022, aantal=3)
    assert "verschilindex" in uit.columns and uit["verschilindex"].is_monotonic_increasing
    assert uit["verschilindex"].nunique() == len(uit)  # distances differ, unlike saturated cosines
    assert uit["sectoren_vergeleken"].nunique() == 1  # one common set for every pair
    assert uit.iloc[0]["regio"] == "AM02"  # the region with (almost) the same structure


def test_the_functions_row_names_the_occupation_table_and_estimates_are_rounded_to_tens():
    tabel = duiding.duidingstabel(_analyse().basis)
    functies = tabel[tabel["onderwerp"] == "functies"].iloc[0]
    assert "86112NED" in functies["werkgelegenheid"]
    uitkomst = knelpunten.beslis(_rij(behoefte_richting_onder=233.4, behoefte_richting_boven=251.2,
                                      schoolverlaters_onder=20.0, schoolverlaters_boven=40.0))
    assert "230 tot 250" in uitkomst.bewijs and "233" not in uitkomst.bewijs


def test_the_sector_screening_runs_every_sector_through_the_same_table():
    data = mf.met_sector_m(mf.alle_data())
    scherm = duiding.sectorscreening(data, mf.parameters(), Drempels())
    assert {"F", "B-E"} <= set(scherm["sector"])
    assert list(scherm.columns[-3:]) == ["laag", "middelbaar", "hoog"]
