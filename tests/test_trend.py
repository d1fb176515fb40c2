"""Trend judgement and prediction intervals (werkboek.trend) on small synthetic series.

Most cases are built so that a naive rule -- the yearly growth between the first and last year, judged against
a threshold of 0.5% (``tekst.ontwikkeling``) -- gives the wrong answer.
"""

import math

import numpy as np
import pandas as pd
import pytest

from werkboek import tekst
from werkboek.reeksen import OnvoldoendeDataFout
from werkboek.trend import (
    AFRONDING, DAALT, GEEN_ONTWIKKELING, GROEIT, KLEINE_AANTALLEN, ONBEKEND, SPREIDING, TABELKOLOMMEN, als_tabel,
    t_kwantiel, trend, venstergevoeligheid, voorspelinterval,
)

JAREN = np.arange(2014, 2024)


def naief(waarden) -> str:
    """The naive judgement: endpoint growth per year against a 0.5% threshold."""
    waarden = np.asarray(waarden, dtype=float)
    return tekst.ontwikkeling(((waarden[-1] / waarden[0]) ** (1 / (len(waarden) - 1)) - 1) * 100)


def ols_t(jaren, waarden) -> float:
    """The t-value of the slope of ln(waarden) on the year, computed independently of the module."""
    x = np.asarray(jaren, dtype=float)
    y = np.log(np.asarray(waarden, dtype=float))
    (helling, snijpunt), cov = np.polyfit(x, y, 1, cov="unscaled")
    residu = y - (helling * x + snijpunt)
    s2 = float(np.sum(residu**2)) / (len(x) - 2)
    return helling / math.sqrt(s2 * cov[0, 0])


# ---------------------------------------------------------------------------------------------------------------
# trend()


def test_noisy_decline_of_two_percent_is_not_a_clear_decline():
    i = np.arange(10)
    a = 0.14
    # Noise symmetric around the middle (no effect on the slope) and zero at both ends (no effect on the endpoints).
    ruis = np.array([0, a, -a, a, -a, -a, a, -a, a, 0])
    waarden = 1000 * np.exp(-0.02 * i + ruis)
    assert naief(waarden) == "daalt"
    t_zelf = ols_t(JAREN, waarden)
    assert abs(t_zelf) < 1.64 and t_zelf == pytest.approx(-1.3, abs=0.05)

    uitkomst = trend(JAREN, waarden)
    assert uitkomst.klasse == GEEN_ONTWIKKELING
    assert uitkomst.groei_procent == pytest.approx(np.expm1(-0.02) * 100)
    assert uitkomst.t == pytest.approx(t_zelf)
    assert uitkomst.bron_onzekerheid == SPREIDING
    assert uitkomst.zin == ("geen duidelijke ontwikkeling (\u22122,0% per jaar, maar binnen de onzekerheid: "
                            "t = \u22121,3; 2014\u20132023)")


@pytest.mark.parametrize("groei, klasse", [(0.03, GROEIT), (-0.03, DAALT)])
def test_clean_series_grow_or_decline(groei, klasse):
    uitkomst = trend(JAREN, 500 * (1 + groei) ** np.arange(10))
    assert uitkomst.klasse == klasse
    assert uitkomst.groei_procent == pytest.approx(groei * 100)
    assert uitkomst.periode == "2014\u20132023" and uitkomst.n_jaren == 10
    teken = "+" if groei > 0 else "\u2212"
    assert uitkomst.zin.startswith(f"{klasse} met {teken}3,0% per jaar (±0,0 procentpunt, 2014\u20132023)")


def test_one_odd_first_year_does_not_hide_steady_growth():
    i = np.arange(10)
    waarden = 100 * np.exp(0.03 * i + np.array([0.25, 0.004, -0.005, 0.003, -0.004, 0.005, -0.003, 0.004, -0.005, 0]))
    assert naief(waarden) == "blijft gelijk"
    assert trend(JAREN, waarden).klasse == GROEIT


def test_small_but_certain_growth_stays_below_the_threshold():
    ruis = np.random.default_rng(3).normal(0, 0.0005, 10)
    waarden = 100 * 1.003 ** np.arange(10) * np.exp(ruis)
    uitkomst = trend(JAREN, waarden)
    assert uitkomst.t > 5  # statistically clear ...
    assert uitkomst.klasse == GEEN_ONTWIKKELING  # ... but too small to call growth
    assert "drempel van 0,5% per jaar" in uitkomst.zin
    assert trend(JAREN, waarden, drempel_procent=0.2).klasse == GROEIT


def test_provisional_last_year_is_reported_but_not_judged():
    waarden = [200, 201, 199, 200, 202, 200, 199, 201, 240]
    voorlopig = [False] * 8 + [True]
    jaren = np.arange(2015, 2024)
    assert naief(waarden) == "groeit"

    uitkomst = trend(jaren, waarden, voorlopig=voorlopig)
    assert uitkomst.klasse == GEEN_ONTWIKKELING
    assert (uitkomst.n_jaren, uitkomst.eindjaar, uitkomst.periode) == (8, 2022, "2015\u20132022")
    assert uitkomst.voorlopig_jaar == 2023 and uitkomst.voorlopig_waarde == 240
    met = trend(jaren, waarden)  # the same fit with the provisional year in it
    assert uitkomst.groei_met_voorlopig_procent == pytest.approx(met.groei_procent)
    assert met.groei_procent > 1 > abs(uitkomst.groei_procent)
    assert "het voorlopige cijfer over 2023* telt niet mee" in uitkomst.zin
    assert tekst.procent(met.groei_procent, teken=True) in uitkomst.zin


def test_small_counts_are_dominated_by_chance():
    jaren, aantallen = np.arange(2019, 2024), [8, 10, 9, 12, 11]
    assert naief(aantallen) == "groeit"
    uitkomst = trend(jaren, aantallen, telling=True)
    assert uitkomst.bron_onzekerheid == KLEINE_AANTALLEN
    assert uitkomst.standaardfout_meting_procent > uitkomst.standaardfout_spreiding_procent
    assert uitkomst.standaardfout_procent == uitkomst.standaardfout_meting_procent
    assert uitkomst.klasse != GROEIT
    assert "toeval bij kleine aantallen" in uitkomst.zin
    # As plain values (no counting noise) the same figures are judged on their spread alone.
    assert trend(jaren, aantallen).bron_onzekerheid == SPREIDING


def test_counts_rounded_to_tens_stay_within_the_rounding():
    jaren, afgerond = np.arange(2019, 2024), [30, 30, 40, 30, 40]
    assert naief(afgerond) == "groeit"  # 30 -> 40 in four years: +7,5% per year
    uitkomst = trend(jaren, afgerond, telling=True, afronding=10)
    assert uitkomst.klasse != GROEIT
    assert uitkomst.standaardfout_procent > trend(jaren, afgerond, telling=True).standaardfout_procent
    # A flat rounded level that is not a count: all the uncertainty comes from the rounding.
    vlak = trend(np.arange(2018, 2024), [30] * 6, afronding=10)
    assert vlak.bron_onzekerheid == AFRONDING and vlak.standaardfout_spreiding_procent == 0
    assert vlak.standaardfout_procent > 0


def test_too_few_years_gives_unknown_without_exception():
    uitkomst = trend([2021, 2022, 2023], [10, 12, 0])  # zero is not usable on a log scale
    assert uitkomst.klasse == ONBEKEND and uitkomst.n_jaren == 2
    assert math.isnan(uitkomst.groei_procent) and math.isnan(uitkomst.t)
    assert uitkomst.zin.startswith("onbekend: te weinig definitieve jaren")
    drie = trend([2021, 2022, 2023], [10, 11, 12.5])  # three points: one degree of freedom, allowed
    assert drie.klasse != ONBEKEND and math.isfinite(drie.standaardfout_procent)


# ---------------------------------------------------------------------------------------------------------------
# venstergevoeligheid()


def test_window_sensitivity_has_one_row_per_window():
    jaren = np.arange(2010, 2024)
    waarden = 100 * 1.02 ** np.arange(14) * np.exp(np.random.default_rng(2).normal(0, 0.02, 14))
    vensters = venstergevoeligheid(jaren, waarden, vensters=(5, 8, 10))
    assert list(vensters["venster"]) == [5, 8, 10]
    assert list(vensters["periode"]) == ["2019\u20132023", "2016\u20132023", "2014\u20132023"]
    assert list(vensters["n_jaren"]) == [5, 8, 10]
    for rij in vensters.itertuples():
        assert rij.groei_procent == pytest.approx(trend(jaren[-rij.venster:], waarden[-rij.venster:]).groei_procent)

    tabel = als_tabel(vensters)
    assert list(tabel.columns) == list(TABELKOLOMMEN.values())
    assert tabel["Periode"].tolist() == vensters["periode"].tolist()
    assert all("," in cel for cel in tabel["Groei per jaar (%)"])  # Dutch notation


def test_window_sensitivity_leaves_provisional_years_out():
    jaren = np.arange(2014, 2024)
    vensters = venstergevoeligheid(jaren, 100 * 1.03 ** np.arange(10), vensters=(5,), voorlopig=[False] * 9 + [True])
    assert vensters["periode"].tolist() == ["2018\u20132022"]


# ---------------------------------------------------------------------------------------------------------------
# voorspelinterval()


def test_student_t_quantile():
    assert t_kwantiel(0.80, 10) == pytest.approx(1.3722, abs=1e-4)
    assert t_kwantiel(0.95, 3) == pytest.approx(3.1824, abs=1e-4)
    assert t_kwantiel(0.80, 1) == pytest.approx(3.0777, abs=1e-4)


def test_interval_coverage_of_random_walks_with_drift():
    rng = np.random.default_rng(20240601)
    herhalingen, waargenomen, horizon = 2000, 12, 5
    stappen = rng.normal(0.01, 0.03, (herhalingen, waargenomen - 1 + horizon))
    niveaus = 100 * np.exp(np.cumsum(np.c_[np.zeros(herhalingen), stappen], axis=1))
    jaren = np.arange(2012, 2012 + waargenomen)
    raak_1 = raak_5 = raak_oud = 0
    for reeks in niveaus:
        tabel = voorspelinterval(jaren, reeks[:waargenomen], horizon).tabel.set_index("jaar")
        raak_1 += tabel.loc[2024, "onder"] <= reeks[waargenomen] <= tabel.loc[2024, "boven"]
        raak_5 += tabel.loc[2028, "onder"] <= reeks[waargenomen + 4] <= tabel.loc[2028, "boven"]
        # The old band (analyse.projecteer): trend growth plus and minus the sd of the yearly growth rates.
        laatste = reeks[waargenomen - 8:waargenomen]
        groei = np.expm1(np.polyfit(jaren[-8:], np.log(laatste), 1)[0])
        spreiding = np.std(laatste[1:] / laatste[:-1] - 1, ddof=1)
        raak_oud += laatste[-1] * (1 + groei - spreiding) <= reeks[waargenomen] <= laatste[-1] * (1 + groei + spreiding)
    dekking_1, dekking_5, dekking_oud = raak_1 / herhalingen, raak_5 / herhalingen, raak_oud / herhalingen
    assert 0.75 <= dekking_1 <= 0.85
    assert 0.75 <= dekking_5 <= 0.85
    assert not 0.75 <= dekking_oud <= 0.85


def test_table_and_assumptions():
    jaren = np.arange(2015, 2025)
    waarden = 100 * 1.02 ** np.arange(10)
    waarden[3] *= 1.03
    voorspelling = voorspelinterval(jaren, waarden, 3, voorlopig=[False] * 9 + [True])
    tabel = voorspelling.tabel
    assert voorspelling.basisjaar == 2023 and voorspelling.voorlopig_jaar == 2024
    assert tabel["jaar"].tolist() == list(range(2015, 2027))
    verleden = tabel[tabel["jaar"] < 2023]
    assert verleden[["onder", "boven"]].isna().all().all()
    assert (verleden["verwacht"] == verleden["waarde"]).all()
    basis = tabel[tabel["jaar"] == 2023].iloc[0]
    assert basis["verwacht"] == basis["onder"] == basis["boven"] == pytest.approx(waarden[8])
    toekomst = tabel[tabel["jaar"] > 2023]
    assert (toekomst["onder"] < toekomst["verwacht"]).all() and (toekomst["verwacht"] < toekomst["boven"]).all()
    assert bool(tabel.loc[tabel["jaar"] == 2024, "voorlopig"].iloc[0])
    assert tabel.loc[tabel["jaar"] == 2024, "waarde"].iloc[0] == pytest.approx(waarden[9])
    assert voorspelling.interval == (toekomst.iloc[-1]["onder"], toekomst.iloc[-1]["boven"])
    assert "80%-voorspelinterval" in voorspelling.aannames
    assert "de trend zet zich voort" in voorspelling.aannames and "conjunctuur" in voorspelling.aannames
    assert "2024*" in voorspelling.aannames


def test_damping_shrinks_a_boom_toward_no_change():
    jaren = np.arange(2014, 2024)
    boom = 100 * 1.08 ** np.arange(10) * np.exp(np.random.default_rng(7).normal(0, 0.01, 10))
    vrij = voorspelinterval(jaren, boom, 5)
    gedempt = voorspelinterval(jaren, boom, 5, demping=0.8)
    basis = vrij.basiswaarde
    assert 0 < gedempt.verwacht - basis < vrij.verwacht - basis
    som = sum(0.8**i for i in range(1, 6))
    assert math.log(gedempt.verwacht / basis) == pytest.approx(math.log(vrij.verwacht / basis) * som / 5)
    assert gedempt.interval[1] - gedempt.interval[0] < vrij.interval[1] - vrij.interval[0]
    assert "gedempte drift" in gedempt.methode


def test_too_few_years_for_an_interval():
    with pytest.raises(OnvoldoendeDataFout, match="minstens 4 definitieve jaren"):
        voorspelinterval([2021, 2022, 2023, 2024], [10, 11, 12, 13], 3, voorlopig=[False, False, False, True])
    assert isinstance(voorspelinterval([2020, 2021, 2022, 2023], [10, 11, 12, 13], 1).tabel, pd.DataFrame)
