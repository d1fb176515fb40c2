"""Library pieces behind the duiding notebook (03) and the beleidscyclus notebook (04), on hand-made frames."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

import maakframes as mf
from werkboek import analyse, duiding, knelpunten, monitoring, schoolverlaters, sectorbeeld
from werkboek.knelpunten import AANDACHTSPUNT, Beoordeling, Drempels


def _analyse(regio="AM01", drempels=None, data=None):
    return duiding.knelpuntanalyse(data or mf.alle_data(), mf.parameters(regio=regio), drempels)


def _zonder_duo(data=None):
    """maakframes without DUO: no first-years and no programmes by location."""
    return (data or mf.alle_data()) | {"duo_instroom": None, "duo_gediplomeerden": None}


def _met_m():
    """maakframes plus sector M, so the need of ISCED-F field 07 (F, B-E and M) is known in AM01: with it the
    middelbaar level of F in AM01 has a shortage (246 field graduates against the need of three sectors)."""
    return mf.met_sector_m(mf.alle_data())


def _demping(h):
    """The damped drift over h years: 0,8 + 0,8² + ... + 0,8^h (analyse.DEMPING = 0,8)."""
    return sum(0.8 ** i for i in range(1, h + 1))


# DUO first-years of AM01 in the sectorkamer of F (30% of each mbo level, rounded): round(round(basis x 0,97^i) x 0,3)
EERSTEJAARS_MIDDELBAAR_F = [round(round(200 * 0.97 ** i) * 0.3) + 2 * round(round(400 * 0.97 ** i) * 0.3)
                            for i in range(6)]  # 300 in 2018 ... 258 in 2023


# ---------------------------------------------------------------------------------------------------------------
# 03 duiding


def test_knelpuntanalyse_is_basis_plus_rules_with_the_given_thresholds():
    data = _met_m()
    a = _analyse(data=data)
    los = knelpunten.beoordeel(analyse.duidingsbasis(data, mf.parameters()))
    assert [b.als_dict() for b in a.beoordelingen] == [b.als_dict() for b in los]
    assert [(k.code, k.onderwijsniveau) for k in a.knelpunten] == [("tekort", "middelbaar")]
    assert a.drempels == Drempels()
    # the trend thresholds reach the basis: F's 3% a year is no growth above a threshold of 5%
    streng = _analyse(drempels=Drempels(groei_procent=5.0), data=data)
    assert streng.drempels.groei_procent == 5.0
    assert set(streng.basis.per_niveau["werk_klasse"]) == {"geen duidelijke ontwikkeling"}
    middelbaar = next(b for b in streng.beoordelingen if b.onderwijsniveau == "middelbaar")
    assert middelbaar.code == "tekort" and not any(o.startswith("werkgelegenheid groeit") for o in middelbaar.oorzaken)
    # the decision thresholds reach the table: with a factor below the whole ratio there is no shortage
    assert _analyse(drempels=Drempels(tekort_factor=0.05), data=data).knelpunten == []


def test_sectorscreening_judges_the_focus_sector_as_its_own_duiding_does():
    data = _met_m()
    scherm = duiding.sectorscreening(data, mf.parameters()).set_index("sector")
    eigen = _analyse(data=data).beoordelingen
    assert scherm.loc["F", ["laag", "middelbaar", "hoog"]].tolist() == [b.titel.split(" op ")[0] for b in eigen]
    assert scherm.loc["F", "Sector"] == "Bouwnijverheid" and "totaal" not in scherm.index
    # thresholds apply to every sector alike
    ruim = duiding.sectorscreening(data, mf.parameters(), Drempels(tekort_factor=0.05)).set_index("sector")
    assert ruim.loc["F", "middelbaar"] == "Evenwicht"


def test_datacontrole_lists_notes_and_missing_pieces():
    data = mf.alle_data()
    data["banen"].attrs["opmerkingen"] = ["Indeling van 2019 gebruikt voor 2018."]
    tekst_ = duiding.datacontrole(data, ["Thema 'bevolking' is niet beschikbaar: weg."], _analyse("AM03").basis)
    assert "*banen*: Indeling van 2019" in tekst_ and "bevolking" in tekst_
    assert "55-plussers in de beroepsbevolking is onbekend" in tekst_
    assert duiding.datacontrole(mf.alle_data()).startswith("Alle benodigde thema's zijn geladen")
    assert "opleidingsrichting" not in duiding.datacontrole(mf.alle_data(), basis=_analyse().basis)


def test_datacontrole_says_what_the_education_source_does_not_count():
    data = _zonder_duo()
    tekst_ = duiding.datacontrole(data, basis=_analyse(data=data).basis)
    assert ("- Onderwijsdata ontbreken: eerstejaars (DUO); wat daarop rust, is niet te beoordelen." in tekst_
            and "mbo-gediplomeerden per instelling (DUO)" in tekst_)
    # DUO not loaded is not a matter of where DUO counts: no "DUO has no first-years in this region"
    assert ("- Zonder eerstejaars van DUO toont het werkboek voor laag, middelbaar en hoog de trend van de studenten "
            "die in de regio wonen, niet de instroom.") in tekst_
    assert "heeft DUO geen eerstejaars" not in tekst_
    # AM02 has DUO, but no mbo main site: the student trend at the mbo levels only
    am02 = duiding.datacontrole(mf.alle_data(), basis=_analyse("AM02").basis)
    assert "Voor laag en middelbaar heeft DUO geen eerstejaars in deze regio" in am02
    assert "Onderwijsdata ontbreken" not in am02


def test_sectoroverzicht_growth_share_and_location_quotient():
    tabel = sectorbeeld.sectoroverzicht(mf.banen(), "AM01", 2023)
    assert "totaal" not in set(tabel["sector"]) and tabel["banen"].is_monotonic_decreasing
    f = tabel[tabel["sector"] == "F"].iloc[0]
    assert f["Sector"] == "Bouwnijverheid"
    assert f["Groei per jaar (%)"] == pytest.approx(3.0) and f["Groei per jaar Nederland (%)"] == pytest.approx(1.0)
    verwacht = (15 * 1.03 ** 5 / (300 * 1.01 ** 5)) / (400 / 8000)
    assert f["locatiequotient"] == pytest.approx(verwacht)
    assert sectorbeeld.locatiequotient_van(tabel, "F") == pytest.approx(verwacht)
    onderdrukt = sectorbeeld.sectoroverzicht(mf.banen(), "AM03", 2023)
    rij = onderdrukt[onderdrukt["sector"] == "F"].iloc[0]
    assert np.isnan(rij["banen"]) and np.isnan(rij["locatiequotient"])  # unknown, never 0
    assert np.isnan(sectorbeeld.locatiequotient_van(onderdrukt, "X"))


def test_sectortekst_in_dutch_and_unknown_when_suppressed():
    tabel = sectorbeeld.sectoroverzicht(mf.banen(), "AM01", 2023)
    basis = _analyse().basis
    zin = sectorbeeld.sectortekst(tabel, basis)
    # 15 x 1,03^5 = 17,4 thousand jobs, 5,5% of 300 x 1,01^5; nationally 400 / 8 000 = 5,0%: quotient 1,1
    assert zin.startswith("In Groningen telt bouwnijverheid in 2023* 17,4 duizend banen (werkplaats), 5,5% van alle "
                          "banen in de regio; landelijk is dat 5,0%.")
    assert "Met een locatiequotiënt van 1,1 is de sector hier sterker vertegenwoordigd dan landelijk." in zin
    # the trend judgement with its uncertainty, not the growth between two years
    assert basis.werk_trend.zin.startswith("groeit met +3,0% per jaar")
    assert f"Het aantal banen in de sector {basis.werk_trend.zin}; landelijk gemiddeld +1,0% per jaar." in zin
    assert "het snelst in de regio" in zin and "bouwnijverheid (+3,0%), gezondheids- en welzijnszorg (+2,0%)" in zin
    leeg = sectorbeeld.sectortekst(sectorbeeld.sectoroverzicht(mf.banen(), "AM03", 2023), _analyse("AM03").basis)
    assert "onbekend" in leeg and "groeit" not in leeg


def test_vergelijkingsreeksen_indexed_to_a_common_year():
    reeksen = sectorbeeld.vergelijkingsreeksen(mf.banen(), "banen", ["AM01", "NL"], index=True, sector="F")
    assert list(reeksen) == ["Groningen", "Nederland"]
    assert all(s["waarde"].iloc[0] == pytest.approx(100.0) for s in reeksen.values())
    assert reeksen["Groningen"]["waarde"].iloc[-1] == pytest.approx(100 * 1.03 ** 5)
    ruw = sectorbeeld.vergelijkingsreeksen(mf.banen(), "banen", ["AM01"], sector="F")
    assert ruw["Groningen"]["waarde"].iloc[0] == pytest.approx(15.0)


def test_projectietekst_gives_the_one_expansion_figure_and_keeps_replacement_apart():
    basis = analyse.duidingsbasis(_met_m(), mf.parameters(jaar=2022))
    projectie = basis.projectie
    # 2022 is the parameter year and definitive: the projection runs 2022-2027 from 15 x 1,03^4 = 16,9 thousand
    assert projectie.basisjaar == 2022 and projectie.horizonjaar == 2027
    assert projectie.groei_procent == pytest.approx(3.0)
    tekst_ = duiding.projectietekst(basis)
    # damped: 16,88 x 1,03^(0,8 + ... + 0,8^5) = 18,3 thousand in 2027, a change of +1,4 thousand; no spread, no width
    assert ("dan telt bouwnijverheid in Groningen in 2027 ongeveer 18,3 duizend banen (80%-voorspelinterval 18,3 tot "
            "18,3 duizend)") in tekst_
    assert "De **uitbreidingsvraag** over 5 jaar is dan +1,4 duizend banen" in tekst_
    assert "dit is het enige cijfer voor de uitbreidingsvraag in dit rapport" in tekst_
    # replacement: 16 883 jobs x 25% x 5/20 = 1 055 to x 5/12 = 1 759, to tens; with the expansion 2 450 to 3 160
    assert "vertrekken naar schatting 1.060 tot 1.760 werkenden van 55 jaar of ouder" in tekst_
    assert "**vervangingsdeel door vergrijzing**" in tekst_ and "Samen 2.450 tot 3.160 baanopeningen" in tekst_
    assert tekst_.endswith(f"*Aannames:* {projectie.aannames}") and "geen ROA-prognose" in tekst_
    # F suppressed in AM03: no projection, and the reason
    zonder = duiding.projectietekst(_analyse("AM03").basis)
    assert zonder.startswith("Voor bouwnijverheid in Drenthe is geen projectie te maken: ")


def test_beroepsbevolking_tabel_and_title():
    tabel = sectorbeeld.beroepsbevolking_tabel(mf.beroepsbevolking(), "AM02", 2023)
    assert list(tabel.index) == ["laag", "middelbaar", "hoog"] and list(tabel.columns) == ["Friesland", "Nederland"]
    assert tabel.loc["hoog", "Friesland"] == pytest.approx(30.0)
    assert tabel.loc["hoog", "Nederland"] == pytest.approx(40.0)
    assert duiding.titel_beroepsbevolking(tabel) == ("In Friesland is 30,0% van de werkenden hoogopgeleid, "
                                                     "landelijk 40,0% (2023*)")
    leeg = sectorbeeld.beroepsbevolking_tabel(mf.beroepsbevolking(), "AM01", 2010)
    assert leeg.empty and "onbekend" in duiding.titel_beroepsbevolking(leeg)


def test_reeksen_55plus_region_and_nederland():
    aandelen = analyse.aandeel_55plus(mf.beroepsbevolking(), "AM01")
    reeksen = sectorbeeld.reeksen_55plus(aandelen, "Groningen")
    assert reeksen["Groningen"]["waarde"].iloc[0] == pytest.approx(25.0)
    assert reeksen["Nederland"]["waarde"].iloc[0] == pytest.approx(20.0)
    assert duiding.titel_vergrijzing(_analyse().basis).startswith("In Groningen is 25,0% van de werkenden 55 jaar "
                                                                  "of ouder, hoger dan landelijk (20,0%")
    assert "onbekend" in duiding.titel_vergrijzing(_analyse("AM03").basis)


def test_instroom_series_text_and_title():
    basis = _analyse().basis
    grafiek = duiding.aanbodgrafiek(basis)
    assert list(grafiek.reeksen) == ["laag", "middelbaar", "hoog"] and grafiek.naam == "instroom_per_niveau"
    assert grafiek.reeksen["middelbaar"]["waarde"].tolist() == EERSTEJAARS_MIDDELBAAR_F
    assert EERSTEJAARS_MIDDELBAAR_F[0] == 300 and EERSTEJAARS_MIDDELBAAR_F[-1] == 258
    assert grafiek.reeksen["hoog"]["waarde"].tolist() == [200.0] * 6  # hbo 150 + wo 50 in TECHNIEK
    assert grafiek.as_label == "Eerstejaars (DUO, op de vestiging)"
    # middelbaar falls 3% a year, but on about 280 first-years that is inside the noise (t = -1,6); the rest is flat
    assert grafiek.titel == duiding.titel_instroom(basis) == (
        "Eerstejaars in Groningen: op geen niveau een duidelijke ontwikkeling")
    zin = duiding.onderwijstekst(basis)
    assert zin.startswith("De focussector is gekoppeld aan de studierichting 07 Techniek, industrie en bouwkunde "
                          "(data/sector_richting.csv).")
    # all levels: 30 + 258 + 200 = 488 first-years in 2023, to tens
    assert ("Op alle niveaus samen begonnen in 2023/'24* ca. 490 eerstejaars in de gekoppelde richtingen (DUO, geteld "
            "op de vestiging).") in zin
    n = basis.per_niveau.set_index("onderwijsniveau")
    for niveau in ("laag", "middelbaar", "hoog"):
        assert f"Instroom op {niveau} niveau: {n.loc[niveau, 'instroom_zin']}." in zin
    # school-leavers who stay: entree 24 graduates -> 3,0 to 7,7; mbo 51 + 105 + 90 -> 57,7 to 121,8; hbo 500 +- 50
    # and wo 300 +- 50 of every field -> 172,5 to 483 (data/schoolverlaters.csv), all to tens
    assert ("Verwachte schoolverlaters die in de regio gaan werken, per jaar: laag 0 tot 10, middelbaar 60 tot 120 en "
            "hoog 170 tot 480 (alle richtingen).") in zin
    assert "geen opleiding" not in zin and "trend van alle studenten" not in zin


def test_titel_instroom_names_a_level_whose_inflow_falls_beyond_its_uncertainty():
    # ten times the first-years of F's sectorkamer at mbo: the same fall of 3% a year on about 2 800 first-years is
    # well outside the noise
    data = mf.alle_data()
    duo = data["duo_instroom"]
    rijen = ((duo["richting"] == "Techniek en gebouwde omgeving")
             & duo["onderwijsniveau"].isin(["mbo_2", "mbo_3", "mbo_4"]))
    duo.loc[rijen, ["instroom", "instroom_onder", "instroom_boven"]] *= 10
    basis = _analyse(data=data).basis
    assert basis.per_niveau.set_index("onderwijsniveau").loc["middelbaar", "instroom_klasse"] == "daalt"
    assert duiding.titel_instroom(basis) == "Eerstejaars in Groningen: de instroom daalt op middelbaar niveau"


def test_instroom_without_first_years_in_the_source_says_so():
    basis = _analyse(data=_zonder_duo()).basis
    assert not basis.instroom_bekend
    grafiek = duiding.aanbodgrafiek(basis)
    assert list(grafiek.reeksen) == ["laag", "middelbaar", "hoog"] and grafiek.naam == "studenten_per_niveau"
    assert grafiek.reeksen["middelbaar"]["waarde"].iloc[0] == 3300.0  # mbo 2 + 3 + 4 students in 2018, not first-years
    assert grafiek.as_label == "Studenten, woonplaats (alle richtingen)"
    # middelbaar 3 300 -> 2 840 is the weakest; entree and hbo/wo are constant
    assert grafiek.titel == ("Studenten uit Groningen: op middelbaar niveau de zwakste ontwikkeling (\u22123,0% per "
                             "jaar, 2018–2023*); DUO telt hier geen eerstejaars")
    assert duiding.titel_instroom(basis) == "Eerstejaars in Groningen: ontwikkeling onbekend"
    zin = duiding.onderwijstekst(basis)
    assert ("Op laag, middelbaar en hoog niveau telt DUO geen eerstejaars in deze regio; het werkboek volgt daar de "
            "trend van alle studenten die in de regio wonen (CBS, alle richtingen).") in zin
    assert "eerstejaars in de gekoppelde richtingen" not in zin and "zwakst" not in zin
    assert "geen opleiding" not in zin  # without DUO the programmes are unknown, not absent
    # AM02: DUO counts only hbo/wo there, all 0 (no programme): a line of zeros shows no development, so the chart
    # shows the student trend of the mbo levels, and the text says there is no programme at hoog
    am02 = _analyse("AM02").basis
    grafiek = duiding.aanbodgrafiek(am02)
    assert list(grafiek.reeksen) == ["laag", "middelbaar"] and grafiek.naam == "studenten_per_niveau"
    assert "Op hoog niveau is er in de regio geen opleiding in de gekoppelde richtingen" in duiding.onderwijstekst(am02)


def test_niveautabel_has_dutch_headers():
    basis = _analyse().basis
    tabel = duiding.niveautabel(basis)
    assert tabel.columns[0] == "Onderwijsniveau"
    assert "Banen in het basisjaar, geschat (x 1 000, werkplaats)" in tabel.columns
    assert not any("_" in k for k in tabel.columns)
    # the fixed share of each level in the sector, in whole percent: together 100 (up to rounding)
    aandeel = tabel["Aandeel van het niveau in de sector (%, regio, vast)"]
    assert aandeel.sum() == pytest.approx(100, abs=1.5) and (aandeel == aandeel.round()).all()
    # F: 100 laag, 200 middelbaar, 100 hoog nationally: the most jobs at middelbaar, in the base year 2023
    assert duiding.titel_niveaus(basis) == ("Bouwnijverheid in Groningen: naar schatting de meeste banen op "
                                            "middelbaar niveau (2023)")
    assert duiding.titel_niveaus(_analyse("AM03").basis) == ("Banen in bouwnijverheid naar onderwijsniveau onbekend "
                                                             "in Drenthe")


def test_titel_groeivergelijking_names_the_levels_with_a_shortage():
    a = _analyse(data=_met_m())
    assert duiding.titel_groeivergelijking(a.basis, a.beoordelingen) == (
        "Op middelbaar niveau blijven te weinig schoolverlaters voor de behoefte van bouwnijverheid en verwante "
        "sectoren")
    # with a factor below the whole ratio, middelbaar is in balance
    ruim = _analyse(drempels=Drempels(tekort_factor=0.05), data=_met_m())
    assert [b.code for b in ruim.beoordelingen if b.onderwijsniveau == "middelbaar"] == ["evenwicht"]
    assert duiding.titel_groeivergelijking(ruim.basis, ruim.beoordelingen) == (
        "Behoefte van bouwnijverheid en verwante sectoren tegen schoolverlaters: nergens een aantoonbaar tekort")


def test_vragen_per_knelpunt_follow_each_pattern_and_relevance_once():
    a = _analyse(data=_met_m())
    vragen = duiding.vragen_per_knelpunt(a.beoordelingen, "F")
    assert set(vragen["knelpunt"]) == {k.titel for k in a.knelpunten} | {"alle knelpunten"}
    middelbaar = vragen[vragen["knelpunt"] == "Tekort op middelbaar niveau"]
    # the shortage itself, and its causes: work grows, the need is mostly replacement
    assert set(middelbaar["patroon"]) == {"bij onvoldoende instroom", "bij onvoldoende in- of regionale uitstroom",
                                          "uitbreidingsvraag", "vervangingsvraag"}
    assert set(middelbaar["onderwijsniveau"]) == {"middelbaar"}
    relevantie = vragen[vragen["knelpunt"] == "alle knelpunten"]
    assert len(relevantie) == 2 and not relevantie["patroon"].str.contains("wegen extra").any()
    zorg = duiding.vragen_per_knelpunt(a.beoordelingen, "Q")
    assert zorg["patroon"].str.contains("wegen extra").any()
    md = duiding.vragen_markdown(vragen)
    assert "**Tekort op middelbaar niveau**" in md and "- *Uitbreidingsvraag:*" in md
    # an attention point gets its own questions, but no questions on relevance without a pain point
    landen = Beoordeling("landen_afgestudeerden", "Aandachtspunt: landen van afgestudeerden op hoog niveau", "hoog",
                         AANDACHTSPUNT, "x", "y")
    alleen = duiding.vragen_per_knelpunt([landen], "Q")
    assert set(alleen["patroon"]) == {"bij voldoende instroom"} and set(alleen["onderwijsniveau"]) == {"hoog"}
    assert duiding.vragen_per_knelpunt([], "F").empty
    assert "geen knelpunten gevonden" in duiding.vragen_markdown(duiding.vragen_per_knelpunt([], "F"))


def test_regiovergelijking_region_similar_regions_and_nederland():
    tabel = sectorbeeld.regiovergelijking(mf.banen(), "AM01", "F", 2023)
    assert tabel["regio"].tolist() == ["AM01", "AM02", "AM03", "AM05", "NL"]  # the most alike first (test_analyse)
    assert tabel["verschilindex"].iloc[1:4].notna().all() and tabel["verschilindex"].iloc[1:4].is_monotonic_increasing
    assert tabel[["verschilindex"]].iloc[[0, -1]].isna().all().all()  # the region itself and NL are not compared
    assert tabel.attrs["jaar_structuur"] == 2023
    assert tabel.iloc[-1]["locatiequotient"] == 1.0
    assert tabel.iloc[-1]["aandeel_procent"] == pytest.approx(5.0)
    assert tabel.iloc[0]["Groei per jaar (%)"] == pytest.approx(3.0)
    titel = sectorbeeld.titel_regiovergelijking(tabel, "Bouwnijverheid")
    # F: +3% in AM01 against +2% (AM02) and +1% (AM05); AM03 suppressed
    assert titel.startswith("Bouwnijverheid groeit in Groningen sneller dan in de 3 regio's")
    assert "(+3,0% tegen gemiddeld +1,5% per jaar)" in titel


def test_studenten_per_richting():
    mbo = mf.mbo_studenten_richting()
    mbo.loc[(mbo["regio"] == "AM01") & (mbo["jaar"] == 2023) & (mbo["onderwijsniveau"] == "mbo_3")
            & (mbo["richting"] == "isced_07"), "ingeschrevenen"] = np.nan
    tabel = duiding.studenten_per_richting(mbo, "AM01", 2023, "F")
    # only the detail levels: the published sums middelbaar and totaal are no column
    assert list(tabel.columns) == ["Studierichting (ISCED-F)", "Gekoppeld aan de focussector", "laag: mbo entree",
                                   "middelbaar: mbo 2", "middelbaar: mbo 3", "middelbaar: mbo 4"]
    assert tabel["Studierichting (ISCED-F)"].tolist() == ["07 Techniek, industrie en bouwkunde",
                                                          "09 Gezondheidszorg en welzijn", "alle richtingen"]
    assert tabel["Gekoppeld aan de focussector"].tolist() == ["ja", "", ""]
    # mbo 4 in 2023: 1 500 x 0,97^5 = 1 288,1; field 07 30% of it, field 09 20%, both rounded
    assert tabel["middelbaar: mbo 4"].tolist() == [386.0, 258.0, 1288.0]
    assert tabel.loc[0, "laag: mbo entree"] == 90.0  # 30% of 300
    assert np.isnan(tabel.loc[0, "middelbaar: mbo 3"])  # unknown stays unknown, not 0
    assert tabel.attrs["jaar"] == 2023 and tabel.attrs["schooljaar"] == "2023/'24"
    zorg = duiding.studenten_per_richting(mbo, "AM01", 2023, "Q")
    assert zorg["Gekoppeld aan de focussector"].tolist() == ["", "ja", ""]


def test_studenten_per_richting_of_a_region_without_figures_is_empty_not_zero():
    tabel = duiding.studenten_per_richting(mf.mbo_studenten_richting(), "AM03", 2023, "F")
    assert tabel.empty and list(tabel.columns) == ["Studierichting (ISCED-F)", "Gekoppeld aan de focussector"]
    vroeg = duiding.studenten_per_richting(mf.mbo_studenten_richting(), "AM01", 2020, "F")
    assert vroeg.attrs["jaar"] == 2020 and vroeg.loc[2, "middelbaar: mbo 4"] == round(1500 * 0.97 ** 2)


def test_kerncijfers_of_the_duiding():
    p = mf.parameters()
    data = _met_m()
    a = _analyse(data=data)
    cijfers = {k["naam"]: k for k in duiding.kerncijfers(data, a, p)}
    assert list(cijfers) == ["banen_totaal", "groei_focussector", "locatiequotient_focussector", "aandeel_55plus",
                             "uitbreidingsvraag_focussector_procent", "eerstejaars_middelbaar_trend",
                             "studenten_middelbaar_trend", "verhouding_middelbaar"]
    assert all(set(k) == {"naam", "label", "waarde", "eenheid", "periode"} for k in cijfers.values())
    assert cijfers["banen_totaal"]["waarde"] == pytest.approx(300 * 1.01 ** 5)
    # the trend of the definitive years, not the growth to the provisional one
    assert cijfers["groei_focussector"]["waarde"] == pytest.approx(3.0)
    assert cijfers["groei_focussector"]["periode"] == "2018–2022"
    # 15 x 1,03^5 of 300 x 1,01^5 jobs, against 400 of 8 000 nationally
    assert cijfers["locatiequotient_focussector"]["waarde"] == pytest.approx(15 * 1.03 ** 5 / (300 * 1.01 ** 5) / 0.05)
    assert cijfers["aandeel_55plus"]["waarde"] == pytest.approx(25.0)
    # the one projection: from 2022 the damped drift of 3% a year over 5 years, as a share of the jobs in 2022
    assert cijfers["uitbreidingsvraag_focussector_procent"]["waarde"] == pytest.approx((1.03 ** _demping(5) - 1) * 100)
    assert cijfers["uitbreidingsvraag_focussector_procent"]["periode"] == "2022–2027"
    # DUO first-years in F's sectorkamer: the log-linear trend over the definitive years 2018-2022
    helling = np.polyfit(range(2018, 2023), np.log(EERSTEJAARS_MIDDELBAAR_F[:5]), 1)[0]
    assert cijfers["eerstejaars_middelbaar_trend"]["waarde"] == pytest.approx(np.expm1(helling) * 100)
    # students living in AM01 at mbo: 3 300 -> 2 840
    assert cijfers["studenten_middelbaar_trend"]["waarde"] == pytest.approx(((2840 / 3300) ** (1 / 5) - 1) * 100)
    assert cijfers["studenten_middelbaar_trend"]["periode"] == "2018–2023*"
    # school-leavers who stay (the middle for 51, 105 and 90 graduates) per the middle of the need of the field
    a_ = schoolverlaters.laad_aannames()
    midden = sum(n * (1 - sum(a_[d].doorstroom) / 2) * sum(a_[d].behoud) / 2
                 for d, n in {"mbo_2": 51, "mbo_3": 105, "mbo_4": 90}.items())
    rij = a.basis.per_niveau.set_index("onderwijsniveau").loc["middelbaar"]
    behoefte = (rij["behoefte_richting_onder"] + rij["behoefte_richting_boven"]) / 2
    assert cijfers["verhouding_middelbaar"]["waarde"] == pytest.approx(midden / behoefte)
    assert cijfers["verhouding_middelbaar"]["eenheid"] == "verhouding"
    data = _zonder_duo(_met_m()) | {"mbo_gediplomeerden_richting": None}
    zonder = {k["naam"]: k for k in duiding.kerncijfers(data, _analyse(data=data), p)}
    # the student trend is no first-year figure, and without field graduates no ratio: unknown, never 0
    assert zonder["eerstejaars_middelbaar_trend"]["waarde"] is None
    assert zonder["verhouding_middelbaar"]["waarde"] is None
    assert zonder["studenten_middelbaar_trend"]["waarde"] == pytest.approx(((2840 / 3300) ** (1 / 5) - 1) * 100)
    assert zonder["groei_focussector"]["waarde"] == pytest.approx(3.0)
    am03 = duiding.kerncijfers(mf.alle_data(), _analyse("AM03"), mf.parameters("AM03"))
    onbekend = {k["naam"]: k for k in am03}
    assert onbekend["groei_focussector"]["waarde"] is None and onbekend["aandeel_55plus"]["waarde"] is None
    assert onbekend["uitbreidingsvraag_focussector_procent"]["waarde"] is None
    assert onbekend["locatiequotient_focussector"]["waarde"] is None
    assert all(onbekend[k]["waarde"] is None for k in ("eerstejaars_middelbaar_trend", "studenten_middelbaar_trend",
                                                        "verhouding_middelbaar"))


# ---------------------------------------------------------------------------------------------------------------
# 04 beleidscyclus


def _voorstellen(**kwargs):
    """The proposals for the pain points of AM01 with sector M: one, the shortage at middelbaar."""
    p = mf.parameters()
    data = _met_m()
    return monitoring.voorstellen(_analyse(data=data).knelpunten, p, data, **kwargs), p


# F without policy: from 15 x 1,03^4 in 2022 (the last definitive year) to the target year 2028 with the damped drift
# of 3% a year; no spread, so the 80% interval has no width
BANEN_2028_ZONDER_BELEID = 15 * 1.03 ** 4 * 1.03 ** _demping(6)


def _doel(voorstellen_, sleutel):
    return next(v.doelen[sleutel] for v in voorstellen_ if sleutel in v.doelen)


def _grond(voorstellen_, sleutel):
    return next(v.streefgrond.get(sleutel) for v in voorstellen_ if sleutel in v.doelen)


def test_met_streefwaarden_given_target_wins_and_working_target_lies_beyond_the_trend():
    vs, _ = _voorstellen()
    gevuld = monitoring.met_streefwaarden(vs, {"instroom_niveau:middelbaar": 450.0, "banen_sector": None}, 10.0)
    assert _doel(gevuld, "instroom_niveau:middelbaar") == 450.0
    assert _grond(gevuld, "instroom_niveau:middelbaar") == "opgegeven door de regio"
    # a None target is no target: the working target is 10% above the trend without policy
    assert _doel(gevuld, "banen_sector") == round(BANEN_2028_ZONDER_BELEID * 1.10, 1)
    assert "werkwaarde: trend zonder beleid 18,4 duizend in 2028 +10,0%" in _grond(gevuld, "banen_sector")
    # the share of 55-plussers is context: followed, never a target
    assert _doel(gevuld, "aandeel_55plus") is None
    assert _grond(gevuld, "aandeel_55plus") == "contextindicator: geen streefwaarde"
    assert _doel(gevuld, "doorstroom_mbo3_mbo4") == 132.0  # DUO: 120 every year, a flat trend, +10%
    assert _doel(gevuld, "uitstroom_regionale_arbeidsmarkt:middelbaar") is None  # no baseline, no invented target
    assert all(d is None for v in monitoring.met_streefwaarden(vs) for d in v.doelen.values())
    assert all(d is None for v in vs for d in v.doelen.values())  # the input is not changed


def test_target_for_a_key_not_in_the_plan_is_reported(recwarn):
    vs, _ = _voorstellen()
    monitoring.met_streefwaarden(vs, {"instroom_niveau:middelbaar": 450.0}, 10.0)
    assert not [w for w in recwarn if issubclass(w.category, monitoring.StreefwaardeWaarschuwing)]
    # a key of the former five levels, as an older notebook parameter may still hold it
    with pytest.warns(monitoring.StreefwaardeWaarschuwing, match="instroom_niveau:mbo_4") as gevangen:
        gevuld = monitoring.met_streefwaarden(vs, {"instroom_niveau:mbo_4": 450.0}, 10.0)
    assert "instroom_niveau:middelbaar" in str(gevangen[0].message)  # the valid keys, so the user can correct it
    assert "werkwaarde" in _grond(gevuld, "instroom_niveau:middelbaar")


def test_no_working_target_where_the_catalogue_holds_it_back():
    catalogus = {i.id: i for i in monitoring.laad_indicatoren()}
    assert catalogus["aandeel_55plus"].context and catalogus["instroom_niveau"].werkstreefwaarde
    vs, _ = _voorstellen()
    basis = next(b for v in vs for b in v.basiswaarden if b.sleutel == "gediplomeerden_niveau:middelbaar")
    # field 07 graduates at mbo 2, 3 and 4, 51 + 105 + 90 = 246 every year: a baseline and a flat trend
    assert basis.beschikbaar and basis.waarde == 246.0
    assert _doel(monitoring.met_streefwaarden(vs, {}, 10.0), "gediplomeerden_niveau:middelbaar") == round(246 * 1.1)
    # an indicator whose catalogue entry says 'werkstreefwaarde: false' keeps its baseline but gets no target
    terug = [replace(v, indicatoren=[replace(i, werkstreefwaarde=False) if i.id == "gediplomeerden_niveau" else i
                                     for i in v.indicatoren]) for v in vs]
    gevuld = monitoring.met_streefwaarden(terug, {}, 10.0)
    assert _doel(gevuld, "gediplomeerden_niveau:middelbaar") is None
    assert _doel(gevuld, "banen_sector") is not None  # the same proposal does get working targets elsewhere


def test_plan_table_and_text_name_the_target_basis_and_key():
    vs, p = _voorstellen()
    gevuld = monitoring.met_streefwaarden(vs, {"instroom_niveau:middelbaar": 450.0}, 10.0)
    tabel = monitoring.monitoringsplan_tabel(gevuld)
    rij = tabel[tabel["Sleutel (voor streefwaarden)"] == "instroom_niveau:middelbaar"].iloc[0]
    assert rij["Grond streefwaarde"] == "opgegeven door de regio" and rij["Streefwaarde"] == 450.0
    assert "Streefwaarde: 450 in 2028 (opgegeven door de regio)." in monitoring.monitoringsplan_markdown(gevuld, p)


def test_unieke_indicatoren_once_each():
    p = mf.parameters()
    twee = [{"code": "tekort", "titel": "Tekort op middelbaar niveau", "onderwijsniveau": "middelbaar", "bewijs": "x"},
            {"code": "dreigend_tekort", "titel": "Dreigend tekort op hoog niveau", "onderwijsniveau": "hoog",
             "bewijs": "y"}]
    vs = monitoring.voorstellen(twee, p, mf.alle_data())
    sleutels = [i.sleutel for i, _, _, _ in monitoring.unieke_indicatoren(vs)]
    assert len(sleutels) == len(set(sleutels)) and sleutels.count("banen_sector") == 1
    assert sum(len(v.indicatoren) for v in vs) > len(sleutels)
    # indicators per level follow the level of their pain point; level-bound ones only there
    assert {"instroom_niveau:middelbaar", "instroom_niveau:hoog", "instroom_mbo4", "hbo_stages_regio"} <= set(sleutels)
    assert [i.id for i in vs[0].indicatoren].count("hbo_stages_regio") == 0
    assert [i.id for i in vs[1].indicatoren].count("instroom_mbo4") == 0


def test_titel_monitoring_shows_progress_after_the_baseline():
    ctx = monitoring.context(mf.parameters(), "middelbaar")
    indicator = {i.id: i for i in monitoring.laad_indicatoren()}["instroom_niveau"].ingevuld(ctx)
    basis = monitoring.basiswaarde(indicator, mf.alle_data(), "AM01", 2021)
    serie = monitoring.indicator_reeks(indicator, mf.alle_data(), "AM01")
    titel = monitoring.titel_monitoring(indicator, basis, serie, 1000.0, 2026)
    # DUO first-years mbo 2 + 3 + 4, all directions: round(200 x 0,97^i) + 2 x round(400 x 0,97^i) = 970 (2019),
    # 940 (2020), 913 (2021), 885 (2022), 858 (2023*). A count's baseline is the mean of its last three definitive
    # years: up to 2021 (970 + 940 + 913) / 3 = 941
    assert titel.startswith("Eerstejaars middelbaar: gedaald van 941 (2021) naar 858 (2023)")
    assert titel.endswith("streefwaarde 1.000 in 2026")
    zonder = monitoring.titel_monitoring(indicator, monitoring.basiswaarde(indicator, mf.alle_data(), "AM01"), serie)
    # without a year: 2020-2022, (940 + 913 + 885) / 3 = 912,7; the provisional 2023 comes after it
    assert zonder == "Eerstejaars middelbaar: gedaald van 913 (2022) naar 858 (2023)"


def test_monitoringgrafieken_for_open_data_and_a_message_for_the_rest(tmp_path):
    vs, p = _voorstellen()
    vs = monitoring.met_streefwaarden(vs, {}, 10.0)
    data = {k: v for k, v in mf.alle_data().items()}
    for df in data.values():
        df.attrs["herkomst"] = mf.Herkomst()
    figuren, meldingen = monitoring.monitoringgrafieken(vs, data, p, tmp_path)
    namen = sorted(f.pad.name for f in figuren)
    assert {"monitoring_instroom_niveau_middelbaar.png", "monitoring_banen_sector.png",
            "monitoring_doorstroom_mbo3_mbo4.png"} <= set(namen)
    assert all((tmp_path / n).read_bytes()[:4] == b"\x89PNG" for n in namen)
    assert any(m.startswith("Uitstroom middelbaar naar de regionale arbeidsmarkt: Er bestaat geen open data")
               for m in meldingen)
    zonder_open = [i for i, b, _, _ in monitoring.unieke_indicatoren(vs) if not b.beschikbaar]
    assert sum("geen open data" in m for m in meldingen) == len(zonder_open)
    assert len(figuren) + len(meldingen) == len(monitoring.unieke_indicatoren(vs))


def test_monitoringgrafieken_say_which_column_the_source_lacks(tmp_path):
    p = mf.parameters()
    data = mf.alle_data()
    data["duo_instroom"] = data["duo_instroom"].drop(columns=["doorstroom_mbo3", "doorstroom_mbo3_onder",
                                                              "doorstroom_mbo3_boven"])
    for df in data.values():
        df.attrs["herkomst"] = mf.Herkomst()
    dreigend = [{"code": "dreigend_tekort", "titel": "x", "onderwijsniveau": "middelbaar", "bewijs": "y"}]
    vs = monitoring.met_streefwaarden(monitoring.voorstellen(dreigend, p, data), {}, 10.0)
    figuren, meldingen = monitoring.monitoringgrafieken(vs, data, p, tmp_path)
    assert {f.pad.name for f in figuren} == {"monitoring_banen_sector.png", "monitoring_instroom_niveau_middelbaar.png",
                                             "monitoring_instroom_mbo4.png", "monitoring_aandeel_55plus.png"}
    # the reason, and where the region can get the figure instead (the indicator's menu: DUO and its own records)
    assert ("Doorstroom van mbo 3 naar mbo 4: De open bron van het thema duo_instroom telt geen doorstroom mbo3; leg "
            "de basiswaarde vast met gegevens van DUO en de regio en haar partners. Er is geen monitoringsfiguur "
            "gemaakt.") in meldingen
    assert _doel(vs, "doorstroom_mbo3_mbo4") is None  # no baseline, no working target


def test_vergelijk_met_duiding(tmp_path):
    gevonden = _analyse(data=_met_m()).knelpunten
    pad = tmp_path / "samenvatting.json"
    assert "nog niet uitgevoerd" in monitoring.vergelijk_met_duiding(gevonden, pad)
    pad.write_text(json.dumps({"knelpunten": [k.als_dict() for k in gevonden]}), encoding="utf-8")
    assert monitoring.vergelijk_met_duiding(gevonden, pad).startswith("Dezelfde knelpunten")
    assert gevonden and monitoring.vergelijk_met_duiding([], pad).startswith("Let op: de duiding (03) vond")
    # The same number of pain points, but different ones (another peiljaar): the message names them and the
    # parameters of the duiding's run, instead of "found 1, here 1".
    anders = [replace(gevonden[0], onderwijsniveau="ander_niveau", titel="Ander knelpunt")]
    pad.write_text(json.dumps({"knelpunten": [gevonden[0].als_dict()], "parameters": {"jaar": 2023, "sector": "F"}}),
                   encoding="utf-8")
    melding = monitoring.vergelijk_met_duiding(anders, pad)
    assert f"Alleen in de duiding: {gevonden[0].titel}." in melding and "Alleen hier: Ander knelpunt." in melding
    assert "peiljaar 2023, focussector F" in melding
    pad.write_text("{kapot", encoding="utf-8")
    assert "niet leesbaar" in monitoring.vergelijk_met_duiding(gevonden, pad)


def test_kerncijfers_of_the_policy_cycle():
    vs, p = _voorstellen()
    vs = monitoring.met_streefwaarden(vs, {"instroom_niveau:middelbaar": 450.0})
    cijfers = {k["naam"]: k["waarde"] for k in monitoring.kerncijfers(vs, p)}
    unieke = monitoring.unieke_indicatoren(vs)
    assert cijfers["voorstellen"] == len(vs)
    assert cijfers["indicatoren_met_basiswaarde"] + cijfers["indicatoren_zonder_open_data"] == len(unieke)
    assert cijfers["indicatoren_zonder_open_data"] >= 1 and cijfers["indicatoren_met_streefwaarde"] == 1


def test_working_targets_are_rounded_as_published_and_not_set_on_a_zero_baseline():
    vs, _ = _voorstellen()
    gevuld = monitoring.met_streefwaarden(vs, {}, 10.0)
    # first-years at mbo: 1 000 in 2018 and 885 in 2022, a drift of ln(0,885) / 4 a year, damped over 2022-2028:
    # 885 x 0,885^((0,8 + ... + 0,8^6) / 4) = 808,7; +10% = 889,6, above the edge of the interval: whole, 890
    zonder = next(v.tegenfeitelijk["instroom_niveau:middelbaar"] for v in gevuld)
    assert zonder.verwacht == pytest.approx(885 * 0.885 ** (_demping(6) / 4))
    assert zonder.interval[1] < zonder.verwacht * 1.1
    assert _doel(gevuld, "instroom_niveau:middelbaar") == round(885 * 0.885 ** (_demping(6) / 4) * 1.1) == 890.0
    assert _doel(gevuld, "banen_sector") == round(BANEN_2028_ZONDER_BELEID * 1.1, 1)  # x 1 000: one decimal
    hoog = [{"code": "dreigend_tekort", "titel": "x", "onderwijsniveau": "hoog", "bewijs": "y"}]
    p = mf.parameters(regio="AM02")  # no hbo or wo location: DUO counts 0
    nul = monitoring.met_streefwaarden(monitoring.voorstellen(hoog, p, mf.alle_data()), {}, 10.0)
    basis = next(b for v in nul for b in v.basiswaarden if b.sleutel == "instroom_niveau:hoog")
    assert basis.beschikbaar and basis.waarde == 0.0
    assert _doel(nul, "instroom_niveau:hoog") is None  # baseline 0: 10% more of nothing is no target


def test_indicatorenoverzicht_each_indicator_once_with_its_proposals():
    vs, _ = _voorstellen()
    gevuld = monitoring.met_streefwaarden(vs, {"instroom_niveau:middelbaar": 450.0}, 10.0)
    tabel = monitoring.indicatorenoverzicht(gevuld)
    assert tabel["Sleutel (voor streefwaarden)"].is_unique
    banen = tabel[tabel["Sleutel (voor streefwaarden)"] == "banen_sector"].iloc[0]
    assert banen["Bij voorstel"] == ", ".join(str(n) for n in range(1, len(gevuld) + 1))
    # the baseline is the last definitive year (2023 is provisional)
    assert banen["Basisjaar"] == 2022 and banen["Streefjaar"] == 2028 and "werkwaarde" in banen["Grond streefwaarde"]
    middelbaar = tabel[tabel["Sleutel (voor streefwaarden)"] == "instroom_niveau:middelbaar"].iloc[0]
    assert middelbaar["Streefwaarde"] == 450.0 and middelbaar["Grond streefwaarde"] == "opgegeven door de regio"
    zonder = tabel[tabel["Sleutel (voor streefwaarden)"] == "uitstroom_regionale_arbeidsmarkt:middelbaar"].iloc[0]
    assert np.isnan(zonder["Basiswaarde"]) and zonder["Grond streefwaarde"] == monitoring.IN_TE_VULLEN
    assert str(tabel["Basisjaar"].dtype) == "Int64"
    assert str(monitoring.monitoringsplan_tabel(gevuld)["Streefjaar"].dtype) == "Int64"


def test_niveautabel_counts_people_whole():
    tabel = duiding.niveautabel(_analyse().basis).set_index("Onderwijsniveau")
    uitstroom = "Gediplomeerden per jaar (woonplaats, gemiddelde)"
    assert str(tabel[uitstroom].dtype) == "Int64"
    assert tabel[uitstroom].tolist() == [20, 250, 800]  # 24, 246 and 800 graduates: no finer than tens
    # school-leavers who stay: 3,0 to 7,7 (laag), 57,7 to 121,8 (middelbaar), 172,5 to 483 (hoog), to tens
    assert tabel["Schoolverlaters die blijven per jaar, laag (schatting)"].tolist() == [0, 60, 170]
    assert tabel["Schoolverlaters die blijven per jaar, hoog (schatting)"].tolist() == [10, 120, 480]
    assert tabel["Studenten (woonplaats, afgerond op tientallen)"].tolist() == [300, 2840, 3000]
    onder, boven = "Eerstejaars, ondergrens (DUO, vestiging)", "Eerstejaars, bovengrens (DUO, vestiging)"
    assert str(tabel[onder].dtype) == "Int64" and tabel[onder].tolist() == tabel[boven].tolist() == [30, 258, 200]
    assert tabel["Opleiding in de regio (vestiging)"].tolist() == ["ja", "ja", "ja"]
    zonder = duiding.niveautabel(_analyse(data=mf.alle_data() | {"mbo_gediplomeerden_richting": None}).basis)
    assert zonder[uitstroom].isna().tolist() == [True, True, False]  # unknown stays unknown
    am02 = duiding.niveautabel(_analyse("AM02").basis)
    assert am02["Opleiding in de regio (vestiging)"].tolist() == ["onbekend", "onbekend", "nee"]
    assert am02[onder].isna().tolist() == [True, True, False]  # no mbo first-years made up


def test_studenten_per_richting_total_last():
    mbo = mf.mbo_studenten_richting()
    assert mbo["richting"].iloc[0] == "totaal"  # the source lists the total first
    tabel = duiding.studenten_per_richting(mbo, "AM01", 2023, "F")
    assert tabel["Studierichting (ISCED-F)"].tolist()[-1] == "alle richtingen"


def test_no_monitoring_chart_for_a_series_of_zeros(tmp_path):
    p = mf.parameters(regio="AM02")  # no hbo or wo location: DUO counts 0 every year
    hoog = [{"code": "dreigend_tekort", "titel": "x", "onderwijsniveau": "hoog", "bewijs": "y"}]
    data = mf.alle_data()
    for df in data.values():
        df.attrs["herkomst"] = mf.Herkomst()
    figuren, meldingen = monitoring.monitoringgrafieken(monitoring.voorstellen(hoog, p, data), data, p, tmp_path)
    assert "monitoring_instroom_niveau_hoog.png" not in {f.pad.name for f in figuren}
    assert "monitoring_banen_sector.png" in {f.pad.name for f in figuren}
    assert any(m.startswith("Eerstejaars hoog: in deze regio steeds 0") for m in meldingen)
