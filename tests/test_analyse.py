"""Indicators of werkboek.analyse on small hand-made frames (tests/maakframes.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import maakframes as mf
from werkboek import aanbod, analyse, tekst
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


def test_projectie_exact_growth_and_zero_band():
    p = analyse.projecteer(_serie(mf.reeks_waarden(100.0, 0.02, range(8))), horizon=5)
    assert p.groei_procent == pytest.approx(2.0)
    assert p.basisjaar == 2022 and p.horizonjaar == 2027
    assert p.verwacht == pytest.approx(100 * 1.02 ** 7 * 1.02 ** 5)
    onder, boven = p.band
    assert onder == pytest.approx(p.verwacht) and boven == pytest.approx(p.verwacht)
    assert p.voorlopig_basis and "voorlopig" in p.aannames
    assert "+2,0% per jaar" in p.aannames and "geen ROA-prognose" in p.aannames


def test_projectie_band_from_spread_of_yearly_growth():
    p = analyse.projecteer(_serie([100, 104, 103, 108, 110, 109, 115]), horizon=6)
    onder, boven = p.band
    assert onder < p.verwacht < boven
    assert p.spreiding_procentpunt > 0
    assert p.tabel["jaar"].max() == 2021 + 6
    lo, hi = p.uitbreidingsvraag_band
    assert lo < p.uitbreidingsvraag < hi


def test_projectie_cagr_method():
    p = analyse.projecteer(_serie([100, 130, 90, 121]), methode="cagr")
    assert p.groei_procent == pytest.approx(((121 / 100) ** (1 / 3) - 1) * 100)
    assert "CAGR" in p.aannames


def test_projectie_starts_after_the_last_known_year():
    p = analyse.projecteer(_serie([100, 102, 104, 106, np.nan]), horizon=3)
    assert p.basisjaar == 2018
    assert p.tabel["jaar"].is_unique and p.tabel["jaar"].tolist() == list(range(2015, 2022))


def test_projectie_needs_three_known_values():
    with pytest.raises(analyse.OnvoldoendeDataFout, match="minstens drie"):
        analyse.projecteer(_serie([100, np.nan, np.nan, 104]))


# --- 4. employment by education level ---------------------------------------------------------------------------

def test_werkgelegenheid_naar_onderwijsniveau_is_a_labelled_estimate():
    w = analyse.werkgelegenheid_naar_onderwijsniveau(mf.banen(), mf.verdeling(), "AM01", "F")
    eerste = w[w["jaar"] == 2018].set_index("onderwijsniveau")
    assert list(eerste.index) == list(analyse.NIVEAUS) == ["laag", "middelbaar", "hoog"]
    assert eerste.loc["middelbaar", "banen_geschat"] == pytest.approx(15.0 * 200 / 400)
    assert eerste["banen_geschat"].sum() == pytest.approx(15.0)
    assert w.attrs["schatting"] is True
    assert "geschat" in w.attrs["label"] and "banen (werkplaats)" in w.attrs["label"]
    assert "geen telling" in w.attrs["toelichting"]


def test_werkgelegenheid_uses_nearest_year_of_distribution():
    w = analyse.werkgelegenheid_naar_onderwijsniveau(mf.banen(), mf.verdeling(), "AM01", "F")
    laatste = w[w["jaar"] == 2023]
    assert set(laatste["verdeling_jaar"]) == {2022}
    assert laatste["voorlopig"].all()


def test_werkgelegenheid_falls_back_to_published_total_when_a_level_is_missing():
    v = mf.verdeling()
    v.loc[(v["kenmerk"] == "onderwijs_hoog") & (v["sector"] == "F"), "werkzame_beroepsbevolking"] = np.nan
    w = analyse.werkgelegenheid_naar_onderwijsniveau(mf.banen(), v, "AM01", "F")
    eerste = w[w["jaar"] == 2018].set_index("onderwijsniveau")
    assert eerste.loc["middelbaar", "banen_geschat"] == pytest.approx(15.0 * 200 / 410)
    assert math.isnan(eerste.loc["hoog", "banen_geschat"])


def test_werkgelegenheid_without_distribution_says_so():
    with pytest.raises(analyse.OnvoldoendeDataFout, match="verdeling naar onderwijsniveau"):
        analyse.werkgelegenheid_naar_onderwijsniveau(mf.banen(), mf.verdeling(), "AM01", "Q")


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


def test_vraagcomponenten_keep_expansion_and_replacement_apart():
    p = analyse.projecteer(_serie(mf.reeks_waarden(100.0, 0.02, range(5))), horizon=5)
    v = analyse.vraagcomponenten(p, 25.0, "x 1 000", uittreedjaren=12)
    assert v.uitbreidingsvraag == pytest.approx(p.basiswaarde * (1.02 ** 5 - 1))
    assert v.vergrijzingsdeel == pytest.approx(p.basiswaarde * 0.25 * 5 / 12)
    assert v.baanopeningen_indicatie == pytest.approx(v.uitbreidingsvraag + v.vergrijzingsdeel)
    assert "arbeidsongeschiktheid" in v.toelichting and "ander beroep" in v.toelichting
    assert len(v.als_tabel()) == 3


def test_baanopeningen_ignore_negative_expansion_demand():
    p = analyse.projecteer(_serie(mf.reeks_waarden(100.0, -0.02, range(5))), horizon=5)
    v = analyse.vraagcomponenten(p, 20.0)
    assert v.uitbreidingsvraag < 0
    assert v.baanopeningen_indicatie == pytest.approx(v.vergrijzingsdeel)


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
    # one part of 2023 unknown: the 2023 sum is unknown, so the mean is of 2020-2022
    data = mf.onderwijsdata()
    g = data["mbo_gediplomeerden_richting"]
    g.loc[(g["regio"] == "AM01") & (g["jaar"] == 2023) & (g["onderwijsniveau"] == "mbo_3")
          & (g["richting"] == "isced_07"), "gediplomeerden"] = np.nan
    n = _per_niveau(data)
    assert n.loc["middelbaar", "uitstroom_per_jaar"] == 246.0 and n.loc["middelbaar", "uitstroom_periode"] == "2020–2022"
    assert n.loc["laag", "uitstroom_periode"] == "2021–2023*"  # entree is not touched


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
    assert len(v) == 3
    assert v["gelijkenis"].is_monotonic_decreasing


def test_vergelijkbare_regios_compares_only_known_sectors():
    v = analyse.vergelijkbare_regios(mf.banen(), "AM01", aantal=5, maat="euclidisch")
    am03 = _rij(v, regio="AM03")
    assert am03["sectoren_vergeleken"] == 3  # F is suppressed in AM03
    assert v["afstand"].is_monotonic_increasing


def test_sectorstructuur_shares_of_published_total():
    s = analyse.sectorstructuur(mf.banen(), 2018)
    assert s.loc["AM01", "F"] == pytest.approx(5.0)
    assert math.isnan(s.loc["AM03", "F"])


# --- the duiding basis ------------------------------------------------------------------------------------------

def test_duidingsbasis_per_level():
    b = analyse.duidingsbasis(mf.met_sector_m(mf.alle_data()), mf.parameters())
    n = b.per_niveau.set_index("onderwijsniveau")
    assert n.loc["middelbaar", "werkgelegenheid_cagr_procent"] == pytest.approx(3.0)
    # the supply columns are those of werkboek.aanbod (DUO first-years 300 -> 258, see above)
    assert n.loc["middelbaar", "instroom_cagr_procent"] == pytest.approx(((258 / 300) ** (1 / 5) - 1) * 100)
    assert n.loc["middelbaar", "instroom_bron"] == "duo_eerstejaars" and n.loc["middelbaar", "uitstroom_per_jaar"] == 246.0
    assert n.loc["hoog", "aanbod"] is True
    banen_middelbaar = 15.0 * 1.03 ** 5 * 0.5 * 1000
    assert n.loc["middelbaar", "banen_geschat"] == pytest.approx(banen_middelbaar / 1000)
    assert n.loc["middelbaar", "uitbreidingsvraag_per_jaar"] == pytest.approx(banen_middelbaar * 0.03)
    assert n.loc["middelbaar", "behoefte_per_jaar"] == pytest.approx(banen_middelbaar * 0.03 + banen_middelbaar * 0.25 / 12)
    # ISCED-F field 07 also supplies B-E (30 thousand jobs, half at middelbaar) and M (12 thousand, a fifth at
    # middelbaar), neither growing: only their ageing part, 25% / 12 years
    banen_be, banen_m = 30.0 * 150 / 300 * 1000, 12.0 * 60 / 300 * 1000
    assert b.sectoren_richting == ["F", "B-E", "M"]
    assert n.loc["middelbaar", "behoefte_richting_per_jaar"] == pytest.approx(
        n.loc["middelbaar", "behoefte_per_jaar"] + (banen_be + banen_m) * 0.25 / 12)
    assert b.vergrijzing["verschil_procentpunt"] == pytest.approx(5.0)
    assert b.sector_groei["cagr_procent"] == pytest.approx(3.0)
    assert b.sector_groei_nl["cagr_procent"] == pytest.approx(1.0)
    assert b.ontbrekend == []
    assert b.regio_naam == "Groningen" and b.richting == "07 Techniek, industrie en bouwkunde" and b.instroom_bekend
    assert b.aanbod.sector == "F" and b.instroom_totaal == b.aanbod.instroom_totaal
    # without M's distribution the need of the field is unknown, not that of F and B-E alone
    zonder_m = analyse.duidingsbasis(mf.alle_data(), mf.parameters()).per_niveau
    assert zonder_m["behoefte_richting_per_jaar"].isna().all() and zonder_m["behoefte_per_jaar"].notna().all()


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
