"""Indicators of werkboek.analyse on small hand-made frames (tests/maakframes.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import maakframes as mf
from werkboek import analyse
from werkboek.fouten import WerkboekFout


def test_categoriekolommen_finds_only_categories():
    assert analyse.categoriekolommen(mf.banen()) == ["sector"]
    assert analyse.categoriekolommen(mf.onderwijs()) == ["onderwijsniveau", "richting"]


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


# --- 6. education supply ----------------------------------------------------------------------------------------

def test_onderwijsaanbod_and_instroomtrend():
    o = analyse.onderwijsaanbod(mf.onderwijs(), "AM01", "techniek_bouw")
    assert set(o["onderwijsniveau"]) == set(analyse.NIVEAUS)
    assert "woonplaats van de student" in o.attrs["label"] and o.attrs["richting_bekend"]
    t = analyse.instroomtrend(mf.onderwijs(), "AM01", "techniek_bouw")
    assert _rij(t, onderwijsniveau="middelbaar")["cagr_procent"] == pytest.approx(-3.0)
    assert _rij(t, onderwijsniveau="laag")["cagr_procent"] == pytest.approx(0.0)
    assert math.isnan(_rij(t, onderwijsniveau="hoog")["cagr_procent"])  # no first-year students at all
    assert not math.isnan(_rij(t, onderwijsniveau="totaal")["cagr_procent"])


def test_a_source_without_fields_or_first_years_gives_all_fields_and_unknown_inflow():
    zonder = mf.onderwijs().drop(columns=["richting", "instroom", "gediplomeerden"])
    o = analyse.onderwijsaanbod(zonder, "AM01", "techniek_bouw")
    assert not o.attrs["richting_bekend"] and "instroom" not in o.columns
    assert _rij(o[o["jaar"] == 2018], onderwijsniveau="middelbaar")["ingeschrevenen"] == 3300.0
    assert analyse.instroomtrend(zonder, "AM01", "techniek_bouw")["cagr_procent"].isna().all()
    assert set(analyse.verwachte_uitstroom(zonder, "AM01")["methode"]) == {"onbekend"}


def test_verwachte_uitstroom_prefers_graduates_then_lagged_inflow():
    u = analyse.verwachte_uitstroom(mf.onderwijs(), "AM01", "techniek_bouw").set_index("onderwijsniveau")
    assert u.loc["laag", "methode"] == "gediplomeerden"
    assert u.loc["laag", "uitstroom_per_jaar"] == pytest.approx(80.0)
    assert u.loc["middelbaar", "methode"] == "instroom_vertraagd"  # mbo 3 graduates unknown: the sum is unknown
    verwacht = np.mean(mf.reeks_waarden(1000.0, -0.03)[-3:])
    assert u.loc["middelbaar", "uitstroom_per_jaar"] == pytest.approx(verwacht)
    assert "bovengrens" in u.loc["middelbaar", "toelichting"]
    o = mf.onderwijs()
    o.loc[o["onderwijsniveau"] == "hoog", ["instroom", "gediplomeerden"]] = np.nan
    onbekend = analyse.verwachte_uitstroom(o, "AM01", "techniek_bouw").set_index("onderwijsniveau")
    assert onbekend.loc["hoog", "methode"] == "onbekend" and math.isnan(onbekend.loc["hoog", "uitstroom_per_jaar"])


def test_verwachte_uitstroom_lag_uses_duration():
    o = mf.onderwijs()
    o["gediplomeerden"] = np.nan
    u = analyse.verwachte_uitstroom(o, "AM01", "techniek_bouw", duur={"middelbaar": 2}).set_index("onderwijsniveau")
    verwacht = np.mean(mf.reeks_waarden(1000.0, -0.03)[-2:])
    assert u.loc["middelbaar", "uitstroom_per_jaar"] == pytest.approx(verwacht)


def test_regionaal_aanbod_true_false_unknown_and_override():
    o = mf.onderwijs()
    a = analyse.regionaal_aanbod(o, "AM01", "techniek_bouw").set_index("onderwijsniveau")
    assert a.loc["middelbaar", "aanbod"] is True
    assert a.loc["hoog", "aanbod"] is False
    o.loc[o["onderwijsniveau"] == "laag", "ingeschrevenen"] = np.nan
    a = analyse.regionaal_aanbod(o, "AM01", "techniek_bouw").set_index("onderwijsniveau")
    assert a.loc["laag", "aanbod"] is pd.NA
    b = analyse.regionaal_aanbod(o, "AM01", "techniek_bouw", bekend={"laag": True, "middelbaar": False})
    b = b.set_index("onderwijsniveau")
    assert b.loc["laag", "aanbod"] is True and b.loc["middelbaar", "aanbod"] is False
    assert b.loc["laag", "grond"] == "opgegeven door de regio"


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
    b = analyse.duidingsbasis(mf.alle_data(), mf.parameters())
    n = b.per_niveau.set_index("onderwijsniveau")
    assert n.loc["middelbaar", "werkgelegenheid_cagr_procent"] == pytest.approx(3.0)
    assert n.loc["middelbaar", "instroom_cagr_procent"] == pytest.approx(-3.0)
    assert n.loc["hoog", "aanbod"] is False
    banen_middelbaar = 15.0 * 1.03 ** 5 * 0.5 * 1000
    assert n.loc["middelbaar", "banen_geschat"] == pytest.approx(banen_middelbaar / 1000)
    assert n.loc["middelbaar", "uitbreidingsvraag_per_jaar"] == pytest.approx(banen_middelbaar * 0.03)
    assert n.loc["middelbaar", "behoefte_per_jaar"] == pytest.approx(banen_middelbaar * 0.03 + banen_middelbaar * 0.25 / 12)
    # the field techniek_bouw also feeds B-E: 30 thousand jobs, half at middelbaar, no growth
    banen_be = 30.0 * 150 / 300 * 1000
    assert b.sectoren_richting == ["B-E", "F"]
    assert n.loc["middelbaar", "behoefte_richting_per_jaar"] == pytest.approx(
        n.loc["middelbaar", "behoefte_per_jaar"] + banen_be * 0.25 / 12)
    assert b.vergrijzing["verschil_procentpunt"] == pytest.approx(5.0)
    assert b.sector_groei["cagr_procent"] == pytest.approx(3.0)
    assert b.sector_groei_nl["cagr_procent"] == pytest.approx(1.0)
    assert b.ontbrekend == []
    assert b.regio_naam == "Groningen" and b.richting == "techniek_bouw" and b.richting_bekend and b.instroom_bekend


def test_duidingsbasis_with_missing_themes_keeps_nan_and_explains():
    data = mf.alle_data()
    data["onderwijs"] = None
    data["beroepsbevolking"] = None
    b = analyse.duidingsbasis(data, mf.parameters())
    assert b.per_niveau["instroom_cagr_procent"].isna().all()
    assert b.per_niveau["behoefte_per_jaar"].isna().all()
    assert b.vergrijzing is None
    assert any("Onderwijsdata ontbreken" in m for m in b.ontbrekend)


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
    assert analyse.eenheid("onderwijs", "instroom") == "aantal"
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
    assert "(werkplaats)" in cijfers["banen_sector"]["label"]
    onderdrukt = {k["naam"]: k for k in analyse.momentopname(mf.alle_data(), mf.parameters(regio="AM03"))}
    assert onderdrukt["banen_sector"]["waarde"] is None and onderdrukt["aandeel_sector"]["waarde"] is None


def test_herkomsten_of_loaded_themes():
    data = mf.alle_data()
    data["banen"].attrs["herkomst"] = mf.Herkomst(tabel_id="83582NED")
    data["onderwijs"].attrs["herkomst"] = mf.Herkomst(tabel_id="71450ned")
    data["bevolking"] = None
    assert [h.tabel_id for h in analyse.herkomsten(data, "banen", "bevolking")] == ["83582NED"]
    assert [h.tabel_id for h in analyse.herkomsten(data)] == ["83582NED", "71450ned"]
