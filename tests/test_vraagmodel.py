"""Demand per education level (werkboek.vraagmodel) on small hand-made frames.

Several tests show first what :func:`werkboek.analyse.vraag_per_niveau` does with the same data: it lets the
national shift toward hoog appear as growth per level, so a flat sector gets expansion demand at hoog.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import maakframes as mf
from werkboek import analyse, vraagmodel as vm
from werkboek.reeksen import OnvoldoendeDataFout

NIVEAUS = ["laag", "middelbaar", "hoog"]

# Sector B-E (flat in mf.banen: 30 000 jobs in AM01 every year): nationally hoog rises 5 (x 1 000) a year at the
# cost of laag, the total stays 300. Sector F: shares that differ per year and totals that differ too, so the mean
# of the shares differs from the share of the summed years.
F_PER_JAAR = {2018: (100, 200, 100), 2019: (100, 200, 100), 2020: (100, 200, 100), 2021: (100, 200, 200),
              2022: (50, 150, 100)}


def verschuivende_verdeling() -> pd.DataFrame:
    rijen = []
    for t, jaar in enumerate(mf.JAREN[:-1]):  # 2018-2022; 2023 has no distribution yet
        per_sector = {"B-E": (50.0 - 5 * t, 150.0, 100.0 + 5 * t), "F": F_PER_JAAR[jaar]}
        for sector, waarden in per_sector.items():
            for niveau, waarde in zip(NIVEAUS, waarden):
                rijen.append(mf._rij("NL", jaar, kenmerk=f"onderwijs_{niveau}", sector=sector,
                                     werkzame_beroepsbevolking=float(waarde)))
            rijen.append(mf._rij("NL", jaar, kenmerk="totaal", sector=sector,
                                 werkzame_beroepsbevolking=float(sum(waarden))))
    return pd.DataFrame(rijen)


def _vraag(sector="B-E", verandering=0.0, **opties):
    return vm.vraag_voor_sector(mf.banen(), verschuivende_verdeling(), mf.beroepsbevolking(), "AM01", sector, 2023,
                                5, verandering, **opties)


# --- 1. fixed base-period shares ---------------------------------------------------------------------------------

def test_basisaandelen_are_the_mean_of_the_base_years():
    verdeling = verschuivende_verdeling()
    jaren = vm.kies_basisjaren(verdeling, "F", 2023)
    assert jaren == (2020, 2021, 2022)
    aandelen = vm.basisaandelen(verdeling, "F", jaren)
    verwacht = [(100 / 400 + 100 / 500 + 50 / 300) / 3, (200 / 400 + 200 / 500 + 150 / 300) / 3,
                (100 / 400 + 200 / 500 + 100 / 300) / 3]
    assert aandelen.reindex(NIVEAUS).to_numpy() == pytest.approx(verwacht, abs=1e-12)
    assert aandelen.sum() == pytest.approx(1.0)
    assert aandelen.attrs["jaren"] == (2020, 2021, 2022)
    # not the current (latest) year's shares, which the old method uses
    assert aandelen["laag"] != pytest.approx(50 / 300)
    beb = vm.basisaandelen(verdeling, "B-E", vm.kies_basisjaren(verdeling, "B-E", 2023))
    assert beb.reindex(NIVEAUS).to_numpy() == pytest.approx([35 / 300, 150 / 300, 115 / 300])


def test_basisaandelen_refuse_a_year_without_distribution_in_dutch():
    with pytest.raises(OnvoldoendeDataFout, match="ontbreekt of is niet compleet in 2023"):
        vm.basisaandelen(verschuivende_verdeling(), "F", [2022, 2023])


# --- 3. expansion demand -----------------------------------------------------------------------------------------

def test_flat_sector_has_no_expansion_demand_even_when_national_shares_shift():
    banen, verdeling = mf.banen(), verschuivende_verdeling()
    # the replaced method (regional jobs x the CURRENT year's national share): the national shift shows up as
    # growth per level of a sector that does not grow
    aandelen = vm.niveau_aandelen(verdeling, "B-E", "werkzame_beroepsbevolking").set_index(["jaar", "onderwijsniveau"])
    banen_be = analyse.reeks(banen, "banen", "AM01", sector="B-E").set_index("jaar")["waarde"]
    oud_hoog = {j: banen_be[j] * aandelen.loc[(j, "hoog"), "aandeel"] for j in (2018, 2022)}
    assert banen_be[2022] == pytest.approx(banen_be[2018]) and oud_hoog[2022] > oud_hoog[2018]

    projectie = analyse.projecteer(analyse.reeks(banen, "banen", "AM01", sector="B-E"), horizon=5)
    vraag = _vraag("B-E", projectie)
    assert vraag.per_niveau["uitbreidingsvraag"].to_numpy() == pytest.approx([0.0, 0.0, 0.0], abs=1e-6)
    # the shift is still there, as its own component
    assert vraag.per_niveau.set_index("onderwijsniveau").loc["hoog", "opwaardering"] > 0


def test_expansion_demand_is_one_change_times_fixed_shares():
    aandelen = pd.Series({"laag": 0.2, "middelbaar": 0.5, "hoog": 0.3})
    nul = vm.uitbreidingsvraag_per_niveau(aandelen, 0.0)
    assert (nul["uitbreidingsvraag"] == 0).all()
    krimp = vm.uitbreidingsvraag_per_niveau(aandelen, -1000.0, band=(-1500.0, -400.0))
    assert (krimp["uitbreidingsvraag"] < 0).all()
    assert krimp["uitbreidingsvraag"].sum() == pytest.approx(-1000.0)
    assert krimp.loc["hoog", ["uitbreidingsvraag_onder", "uitbreidingsvraag_boven"]].tolist() == \
        pytest.approx([-450.0, -120.0])
    assert vm.uitbreidingsvraag_per_niveau(aandelen, 10.0)["uitbreidingsvraag_onder"].isna().all()

    # in the composition: the levels add up to the one projected change (x 1 000 -> jobs); shrinking is negative
    vraag = _vraag("F", -0.6, band=(-0.9, -0.3))
    p = vraag.per_niveau
    assert p["uitbreidingsvraag"].sum() == pytest.approx(-600.0)
    assert (p["uitbreidingsvraag"] < 0).all()
    assert p["uitbreidingsvraag_onder"].sum() == pytest.approx(-900.0)
    assert p["uitbreidingsvraag_boven"].sum() == pytest.approx(-300.0)
    # shrinking work lowers the openings (not every leaver is replaced), never below zero
    verwacht = (p["uitbreidingsvraag_onder"] + p["vervangingsvraag_onder"]).clip(lower=0)
    assert p["baanopeningen_onder"].to_numpy() == pytest.approx(verwacht.to_numpy())
    assert (p["baanopeningen_onder"] < p["vervangingsvraag_onder"]).any() and (p["baanopeningen_onder"] >= 0).all()


# --- 2. regionalisation ------------------------------------------------------------------------------------------

def test_ras_matches_both_margins():
    start = pd.DataFrame([[10.0, 20.0, 10.0], [5.0, 5.0, 20.0]], index=["F", "Q"], columns=NIVEAUS)
    rij = {"F": 50.0, "Q": 40.0}
    uit = vm.regionaliseer(start, rij, {"laag": 0.2, "middelbaar": 0.4, "hoog": 0.4})
    assert uit.geconvergeerd and uit.afwijking <= 1e-9
    assert uit.matrix.sum(axis=1).to_numpy() == pytest.approx([50.0, 40.0], abs=1e-6)
    assert uit.matrix.sum(axis=0).to_numpy() == pytest.approx([18.0, 36.0, 36.0], abs=1e-6)  # shares x 90
    hoger = vm.regionaliseer(start, rij, {"laag": 0.2, "middelbaar": 0.3, "hoog": 0.5})
    assert hoger.matrix.loc["F", "hoog"] > uit.matrix.loc["F", "hoog"]


def test_region_with_more_highly_educated_workers_gets_more_hoog_jobs():
    banen, verdeling, bb = mf.banen(), verschuivende_verdeling(), mf.beroepsbevolking()
    am01 = vm.regionale_niveaumatrix(banen, verdeling, bb, "AM01", 2023)  # workers 40% hoog
    am02 = vm.regionale_niveaumatrix(banen, verdeling, bb, "AM02", 2023)  # workers 30% hoog
    for matrix, regio, mix in ((am01, "AM01", [0.2, 0.4, 0.4]), (am02, "AM02", [0.25, 0.45, 0.30])):
        banen_2023 = analyse.kies(banen, regio=regio, jaar=2023).set_index("sector")["banen"]
        assert matrix.loc["F"].sum() == pytest.approx(banen_2023["F"], abs=1e-6)
        assert matrix.loc["B-E"].sum() == pytest.approx(banen_2023["B-E"], abs=1e-6)
        assert matrix.to_numpy().sum() == pytest.approx(banen_2023["totaal"], abs=1e-6)  # 'overig' closes the total
        assert (matrix.sum(axis=0) / matrix.to_numpy().sum()).to_numpy() == pytest.approx(mix, abs=1e-6)
        assert matrix.attrs["geconvergeerd"]
    assert am01.loc["F", "hoog"] / am01.loc["F"].sum() > am02.loc["F", "hoog"] / am02.loc["F"].sum()
    assert "G" in am01.attrs["weggelaten"] and "overig" in am01.index
    toelichting = am01.attrs["toelichting"]
    assert "Schatting" in toelichting and "werkplaats" in toelichting and "woonplaats" in toelichting


def test_missing_or_zero_margin_gives_a_dutch_error_naming_it():
    start = pd.DataFrame([[10.0, 20.0, 10.0], [5.0, 5.0, 20.0]], index=["F", "Q"], columns=NIVEAUS)
    with pytest.raises(OnvoldoendeDataFout, match="aandeel werkenden.*hoog"):
        vm.regionaliseer(start, {"F": 50.0, "Q": 40.0}, {"laag": 0.2, "middelbaar": 0.8})
    with pytest.raises(OnvoldoendeDataFout, match="aantal banen.*Q"):
        vm.regionaliseer(start, {"F": 50.0, "Q": np.nan}, {"laag": 0.2, "middelbaar": 0.4, "hoog": 0.4})
    with pytest.raises(OnvoldoendeDataFout, match="nul voor onderwijsniveau hoog"):
        vm.regionaliseer(start, {"F": 50.0, "Q": 40.0}, {"laag": 0.5, "middelbaar": 0.5, "hoog": 0.0})

    banen, verdeling, bb = mf.banen(), verschuivende_verdeling(), mf.beroepsbevolking()
    with pytest.raises(OnvoldoendeDataFout, match="beroepsbevolking van AM05 naar onderwijsniveau"):
        vm.regionale_niveaumatrix(banen, verdeling, bb, "AM05", 2023)
    zonder_hoog = bb[~((bb["regio"] == "AM01") & (bb["kenmerk"] == "onderwijs_hoog"))]
    with pytest.raises(OnvoldoendeDataFout, match="het niveau hoog ontbreekt"):
        vm.regionale_niveaumatrix(banen, verdeling, zonder_hoog, "AM01", 2023)
    # AM03 has its F jobs suppressed: F cannot be estimated on its own
    with pytest.raises(OnvoldoendeDataFout, match="sector F in AM03.*banen in 2023 onbekend"):
        vm.vraag_voor_sector(banen, verdeling, bb, "AM03", "F", 2023, 5, 0.0)


# --- 4. upgrading, separately ------------------------------------------------------------------------------------

def test_upgrading_is_separate_and_not_in_the_openings():
    vraag = _vraag("B-E", 0.3)
    p = vraag.per_niveau.set_index("onderwijsniveau")
    # hoog share rises 5/300 a year nationally; over 5 years on 30 000 jobs that is 2 500 jobs moving from laag to hoog
    assert p["opwaardering"].to_numpy() == pytest.approx([-2500.0, 0.0, 2500.0], abs=1e-6)
    assert p["opwaardering"].sum() == pytest.approx(0.0, abs=1e-6)
    # openings are expansion plus replacement (never below 0), without the upgrading
    for kant in ("onder", "boven"):
        verwacht = (p[f"uitbreidingsvraag_{kant}"].fillna(p["uitbreidingsvraag"]) + p[f"vervangingsvraag_{kant}"]).clip(lower=0)
        assert p[f"baanopeningen_{kant}"].to_numpy() == pytest.approx(verwacht.to_numpy())
    assert vraag.opwaardering_label == "verschuiving naar hoger opgeleid werk (landelijk)"
    assert "zonder de verschuiving naar hoger opgeleid werk (landelijk)" in vraag.toelichting

    los = vm.opwaardering_per_niveau(verschuivende_verdeling(), "B-E", (2020, 2021, 2022), 30000.0, 5)
    assert los.attrs["label"] == vm.OPWAARDERING_LABEL
    assert los.loc["hoog", "helling_procentpunt_per_jaar"] == pytest.approx(100 * 5 / 300)
    with pytest.raises(OnvoldoendeDataFout, match="minstens twee basisjaren"):
        vm.opwaardering_per_niveau(verschuivende_verdeling(), "B-E", (2022,), 30000.0, 5)


# --- 5. replacement demand as a range ----------------------------------------------------------------------------

def test_replacement_demand_is_a_range_with_its_assumption_named():
    banen_niveau = pd.Series({"laag": 1000.0, "middelbaar": 2000.0, "hoog": 1000.0}, name="F")
    v = vm.vervangingsvraag_per_niveau(banen_niveau, 25.0, 5)
    f = v.voor_sector("F")
    assert f.loc["laag", "vervangingsvraag_onder"] == pytest.approx(1000 * 0.25 * 5 / 20)
    assert f.loc["laag", "vervangingsvraag_boven"] == pytest.approx(1000 * 0.25 * 5 / 12)
    assert (f["vervangingsvraag_onder"] < f["vervangingsvraag_midden"]).all()
    assert (f["vervangingsvraag_midden"] < f["vervangingsvraag_boven"]).all()
    assert not v.sectorspecifiek
    assert "hetzelfde regionale aandeel is toegepast op elke sector en elk onderwijsniveau" in v.toelichting

    specifiek = vm.vervangingsvraag_per_niveau(banen_niveau, {"F": 30.0}, 5)
    assert specifiek.sectorspecifiek and "eigen aandeel 55-plussers" in specifiek.toelichting
    assert specifiek.voor_sector("F").loc["hoog", "vervangingsvraag_boven"] == pytest.approx(1000 * 0.30 * 5 / 12)
    with pytest.raises(OnvoldoendeDataFout, match="ontbreekt voor F"):
        vm.vervangingsvraag_per_niveau(banen_niveau, {"G": 30.0}, 5)
    lang = vm.vervangingsvraag_per_niveau(banen_niveau, 25.0, 30)
    assert lang.fractie_onder == lang.fractie_boven == 1.0

    vraag = _vraag("F", 0.2)
    assert not vraag.sectorspecifiek and "elke sector en elk onderwijsniveau" in vraag.toelichting
    assert _vraag("F", 0.2, aandeel_oud_procent={"F": 20.0}).sectorspecifiek
    for toelichting in (v.toelichting, specifiek.toelichting, vraag.toelichting):
        assert "ondergrens" not in toelichting.lower()


# --- 6. the composition ------------------------------------------------------------------------------------------

def test_vraag_states_unit_window_and_rounds_for_display():
    vraag = _vraag("F", 0.5)
    assert vraag.eenheid == "banen"
    assert "banen, geen personen: zelfstandigen tellen niet mee" in vraag.toelichting
    assert vraag.basisjaar == 2023 and vraag.horizon == 5
    assert "2020–2022" in vraag.venster and "2023–2028" in vraag.venster
    kolommen = {"banen_basis", "aandeel_basis", "uitbreidingsvraag", "uitbreidingsvraag_onder",
                "uitbreidingsvraag_boven", "vervangingsvraag_onder", "vervangingsvraag_midden",
                "vervangingsvraag_boven", "opwaardering", "baanopeningen_onder", "baanopeningen_boven"}
    assert kolommen <= set(vraag.per_niveau.columns)
    assert vraag.per_niveau["aandeel_basis"].sum() == pytest.approx(1.0)
    tabel = vraag.als_tabel()
    assert "Banen 2023*" in tabel.columns
    assert tabel["Onderwijsniveau"].tolist() == NIVEAUS

    assert vm.afgerond(987.0) == 990.0
    assert vm.afgerond(1234.0) == 1200.0
    assert vm.afgerond(1250.0) == 1300.0
    assert vm.afgerond(-1234.0) == -1200.0
    assert vm.afgerond(1000.0) == 1000.0
    assert vm.afgerond(4.0) == 0.0
    assert np.isnan(vm.afgerond(np.nan))
    assert vm.afgerond(pd.Series([45.0, 1049.0])).tolist() == [50.0, 1000.0]
