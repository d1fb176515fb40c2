"""Library pieces behind the duiding notebook (03) and the beleidscyclus notebook (04), on hand-made frames."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

import maakframes as mf
from werkboek import aanbod, analyse, duiding, knelpunten, monitoring
from werkboek.knelpunten import Drempels


def _analyse(regio="AM01", drempels=None, data=None):
    return duiding.knelpuntanalyse(data or mf.alle_data(), mf.parameters(regio=regio), drempels)


def _zonder_duo():
    """maakframes without DUO: no first-years and no programmes by location."""
    return mf.alle_data() | {"duo_instroom": None, "duo_gediplomeerden": None}


# DUO first-years of AM01 in the sectorkamer of F (30% of each mbo level, rounded): round(round(basis x 0,97^i) x 0,3)
EERSTEJAARS_MIDDELBAAR_F = [round(round(200 * 0.97 ** i) * 0.3) + 2 * round(round(400 * 0.97 ** i) * 0.3)
                            for i in range(6)]  # 300 in 2018 ... 258 in 2023


# ---------------------------------------------------------------------------------------------------------------
# 03 duiding


def test_knelpuntanalyse_is_basis_plus_rules_with_the_given_thresholds():
    a = _analyse()
    los = knelpunten.beoordeel(analyse.duidingsbasis(mf.alle_data(), mf.parameters()))
    assert [b.als_dict() for b in a.beoordelingen] == [b.als_dict() for b in los]
    assert ("groei_dalende_instroom", "middelbaar") in {(k.code, k.onderwijsniveau) for k in a.knelpunten}
    streng = _analyse(drempels=Drempels(groei_procent=5.0))
    assert ("groei_dalende_instroom", "middelbaar") not in {(k.code, k.onderwijsniveau) for k in streng.knelpunten}
    assert streng.drempels.groei_procent == 5.0


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
    tabel = duiding.sectoroverzicht(mf.banen(), "AM01", 2023)
    assert "totaal" not in set(tabel["sector"]) and tabel["banen"].is_monotonic_decreasing
    f = tabel[tabel["sector"] == "F"].iloc[0]
    assert f["Sector"] == "Bouwnijverheid"
    assert f["Groei per jaar (%)"] == pytest.approx(3.0) and f["Groei per jaar Nederland (%)"] == pytest.approx(1.0)
    verwacht = (15 * 1.03 ** 5 / (300 * 1.01 ** 5)) / (400 / 8000)
    assert f["locatiequotient"] == pytest.approx(verwacht)
    assert duiding.locatiequotient_van(tabel, "F") == pytest.approx(verwacht)
    onderdrukt = duiding.sectoroverzicht(mf.banen(), "AM03", 2023)
    rij = onderdrukt[onderdrukt["sector"] == "F"].iloc[0]
    assert np.isnan(rij["banen"]) and np.isnan(rij["locatiequotient"])  # unknown, never 0
    assert np.isnan(duiding.locatiequotient_van(onderdrukt, "X"))


def test_sectortekst_in_dutch_and_unknown_when_suppressed():
    tabel = duiding.sectoroverzicht(mf.banen(), "AM01", 2023)
    zin = duiding.sectortekst(tabel, _analyse().basis)
    assert zin.startswith("In Groningen telt bouwnijverheid in 2023*")
    assert "+3,0% per jaar; landelijk +1,0% per jaar" in zin and "sterker vertegenwoordigd dan landelijk" in zin
    leeg = duiding.sectortekst(duiding.sectoroverzicht(mf.banen(), "AM03", 2023), _analyse("AM03").basis)
    assert "onbekend" in leeg


def test_vergelijkingsreeksen_indexed_to_a_common_year():
    reeksen = duiding.vergelijkingsreeksen(mf.banen(), "banen", ["AM01", "NL"], index=True, sector="F")
    assert list(reeksen) == ["Groningen", "Nederland"]
    assert all(s["waarde"].iloc[0] == pytest.approx(100.0) for s in reeksen.values())
    assert reeksen["Groningen"]["waarde"].iloc[-1] == pytest.approx(100 * 1.03 ** 5)
    ruw = duiding.vergelijkingsreeksen(mf.banen(), "banen", ["AM01"], sector="F")
    assert ruw["Groningen"]["waarde"].iloc[0] == pytest.approx(15.0)


def test_vooruitblik_starts_at_the_parameter_year_and_keeps_components_apart():
    p = mf.parameters(jaar=2022)
    basis = analyse.duidingsbasis(mf.alle_data(), p)
    projectie, componenten = duiding.vooruitblik(mf.banen(), p, basis)
    assert projectie.basisjaar == 2022 and projectie.horizonjaar == 2027
    assert projectie.groei_procent == pytest.approx(3.0)
    assert componenten.vergrijzingsdeel == pytest.approx(projectie.basiswaarde * 0.25 * 5 / 12)
    tekst_ = duiding.projectietekst(projectie, componenten, basis)
    assert "**uitbreidingsvraag**" in tekst_ and "**vergrijzingsdeel van de vervangingsvraag**" in tekst_
    assert "geen ROA-prognose" in tekst_ and "25,0%" in tekst_
    zonder = analyse.vraagcomponenten(projectie, np.nan, "x 1 000")
    assert "vervangingsvraag** is onbekend" in duiding.projectietekst(projectie, zonder, basis)


def test_beroepsbevolking_tabel_and_title():
    tabel = duiding.beroepsbevolking_tabel(mf.beroepsbevolking(), "AM02", 2023)
    assert list(tabel.index) == ["laag", "middelbaar", "hoog"] and list(tabel.columns) == ["Friesland", "Nederland"]
    assert tabel.loc["hoog", "Friesland"] == pytest.approx(30.0)
    assert tabel.loc["hoog", "Nederland"] == pytest.approx(40.0)
    assert duiding.titel_beroepsbevolking(tabel) == ("In Friesland is 30,0% van de werkenden hoogopgeleid, "
                                                     "landelijk 40,0% (2023*)")
    leeg = duiding.beroepsbevolking_tabel(mf.beroepsbevolking(), "AM01", 2010)
    assert leeg.empty and "onbekend" in duiding.titel_beroepsbevolking(leeg)


def test_reeksen_55plus_region_and_nederland():
    aandelen = analyse.aandeel_55plus(mf.beroepsbevolking(), "AM01")
    reeksen = duiding.reeksen_55plus(aandelen, "Groningen")
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
    assert grafiek.titel == duiding.titel_instroom(basis) == (
        "Eerstejaars in Groningen: op middelbaar niveau daalt het sterkst (\u22123,0% per jaar, 2018–2023*)")
    zin = duiding.onderwijstekst(basis)
    assert zin.startswith("De focussector is gekoppeld aan de studierichting 07 Techniek, industrie en bouwkunde "
                          "(data/sector_richting.csv).")
    # all levels: 30 + 300 + 200 = 530 first-years in 2018, 30 + 258 + 200 = 488 in 2023
    assert ("Op alle niveaus samen begonnen in 2023/'24* ca. 488 eerstejaars in de gekoppelde richtingen (DUO, geteld "
            "op de vestiging); de instroom daalt (\u22121,6% per jaar, 2018–2023*).") in zin
    assert "De eerstejaars ontwikkelen zich op middelbaar niveau het zwakst (\u22123,0% per jaar, 2018–2023*)." in zin
    # graduates: field 07 entree 24, mbo 246; hoog 800 of every field (all rounded to tens)
    assert "laag ca. 20, middelbaar ca. 250 en hoog ca. 800 (alle richtingen)." in zin
    assert "geen opleiding" not in zin and "trend van alle studenten" not in zin


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
    tabel = duiding.niveautabel(_analyse().basis)
    assert tabel.columns[0] == "Onderwijsniveau" and "Banen, geschat (x 1 000, werkplaats)" in tabel.columns
    assert not any("_" in k for k in tabel.columns)
    # F: 100 laag, 200 middelbaar, 100 hoog nationally; every level grows as F does (+3%), the first wins
    assert duiding.titel_niveaus(_analyse().basis) == ("Bouwnijverheid in Groningen: naar schatting de meeste banen op "
                                                       "middelbaar niveau, de snelste groei op laag niveau "
                                                       "(+3,0% per jaar)")


def test_titel_groeivergelijking_names_the_levels_with_opposite_trends():
    assert duiding.titel_groeivergelijking(_analyse().basis) == ("Op middelbaar niveau groeit het werk in "
                                                                 "bouwnijverheid, terwijl de instroom daalt")
    streng = Drempels(groei_procent=10.0)
    assert duiding.titel_groeivergelijking(_analyse().basis, streng) == (
        "Werk in bouwnijverheid en instroom per onderwijsniveau: nergens groeit het werk terwijl de instroom daalt")
    # AM02: hoog has 0 first-years, so its growth is unknown and "nowhere" does not cover it
    assert duiding.titel_groeivergelijking(_analyse("AM02").basis) == (
        "Werk in bouwnijverheid en instroom per onderwijsniveau: nergens groeit het werk terwijl de instroom daalt "
        "(onbekend op hoog niveau)")
    # a decline inside the rounding margin is no decline, as in the pain-point rule: AM02's mbo students fall 0,2% a
    # year (2 400 -> 2 380) with a margin of ±120 a year, below a threshold of -0,1% but not demonstrably
    gevoelig = Drempels(instroom_daling_procent=-0.1)
    assert duiding.titel_groeivergelijking(_analyse("AM02").basis, gevoelig).startswith(
        "Werk in bouwnijverheid en instroom per onderwijsniveau: nergens groeit het werk terwijl de instroom daalt")
    # without any education data the chart cannot show the absence of a finding
    zonder = duiding.titel_groeivergelijking(
        _analyse(data=mf.alle_data() | {thema: None for thema in aanbod.THEMAS}).basis)
    assert zonder == ("Werk in bouwnijverheid en instroom per onderwijsniveau: niet te vergelijken, de groei van de "
                      "instroom is onbekend")


def test_vragen_per_knelpunt_follow_each_pattern_and_relevance_once():
    a = _analyse()
    vragen = duiding.vragen_per_knelpunt(a.beoordelingen, "F")
    assert set(vragen["knelpunt"]) == {k.titel for k in a.knelpunten} | {"alle knelpunten"}
    middelbaar = vragen[vragen["knelpunt"] == "Werk op middelbaar niveau groeit, instroom op dat niveau daalt"]
    assert set(middelbaar["patroon"]) == {"uitbreidingsvraag", "bij onvoldoende instroom",
                                          "bij onvoldoende in- of regionale uitstroom"}
    assert set(middelbaar["onderwijsniveau"]) == {"middelbaar"}
    vervanging = vragen[vragen["knelpunt"] == "Hoge vergrijzing bij vlakke of dalende instroom"]
    assert "vervangingsvraag" in set(vervanging["patroon"])
    relevantie = vragen[vragen["knelpunt"] == "alle knelpunten"]
    assert len(relevantie) == 2 and not relevantie["patroon"].str.contains("wegen extra").any()
    zorg = duiding.vragen_per_knelpunt(a.beoordelingen, "Q")
    assert zorg["patroon"].str.contains("wegen extra").any()
    md = duiding.vragen_markdown(vragen)
    assert "**Werk op middelbaar niveau groeit, instroom op dat niveau daalt**" in md and "- *Uitbreidingsvraag:*" in md
    assert duiding.vragen_per_knelpunt([], "F").empty
    assert "geen knelpunten gevonden" in duiding.vragen_markdown(duiding.vragen_per_knelpunt([], "F"))


def test_regiovergelijking_region_similar_regions_and_nederland():
    tabel = duiding.regiovergelijking(mf.banen(), "AM01", "F", 2023)
    assert tabel["regio"].tolist()[0] == "AM01" and tabel["regio"].tolist()[-1] == "NL"
    assert len(tabel) == 5 and tabel["gelijkenis"].iloc[1:4].notna().all()
    assert tabel.iloc[-1]["locatiequotient"] == 1.0
    assert tabel.iloc[-1]["aandeel_procent"] == pytest.approx(5.0)
    assert tabel.iloc[0]["Groei per jaar (%)"] == pytest.approx(3.0)
    titel = duiding.titel_regiovergelijking(tabel, "Bouwnijverheid")
    assert titel.startswith("Bouwnijverheid groeit in Groningen sneller dan in de 3 regio's")


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
    a = _analyse()
    projectie, _ = duiding.vooruitblik(mf.banen(), p, a.basis)
    cijfers = {k["naam"]: k for k in duiding.kerncijfers(mf.alle_data(), a, projectie, p)}
    assert list(cijfers) == ["banen_totaal", "groei_focussector", "locatiequotient_focussector", "aandeel_55plus",
                             "uitbreidingsvraag_focussector", "eerstejaars_middelbaar_trend",
                             "studenten_middelbaar_trend", "uitstroom_middelbaar_richting"]
    assert all(set(k) == {"naam", "label", "waarde", "eenheid", "periode"} for k in cijfers.values())
    assert cijfers["banen_totaal"]["waarde"] == pytest.approx(300 * 1.01 ** 5)
    assert cijfers["groei_focussector"]["waarde"] == pytest.approx(3.0)
    assert cijfers["aandeel_55plus"]["waarde"] == pytest.approx(25.0)
    assert cijfers["uitbreidingsvraag_focussector"]["waarde"] == pytest.approx(projectie.uitbreidingsvraag)
    assert cijfers["uitbreidingsvraag_focussector"]["periode"] == "2023–2028"
    # DUO first-years in F's sectorkamer 300 -> 258; students living in AM01 at mbo 3 300 -> 2 840; field 07
    # graduates at mbo 51 + 105 + 90 = 246 a year
    assert cijfers["eerstejaars_middelbaar_trend"]["waarde"] == pytest.approx(((258 / 300) ** (1 / 5) - 1) * 100)
    assert cijfers["eerstejaars_middelbaar_trend"]["periode"] == "2018–2023*"
    assert cijfers["studenten_middelbaar_trend"]["waarde"] == pytest.approx(((2840 / 3300) ** (1 / 5) - 1) * 100)
    assert cijfers["studenten_middelbaar_trend"]["periode"] == "2018–2023*"
    assert cijfers["uitstroom_middelbaar_richting"]["waarde"] == 246.0
    assert cijfers["uitstroom_middelbaar_richting"]["periode"] == "2021–2023*"
    data = _zonder_duo() | {"mbo_gediplomeerden_richting": None}
    zonder = {k["naam"]: k for k in duiding.kerncijfers(data, _analyse(data=data), projectie, p)}
    # the student trend is no first-year figure, and graduates of all fields are no field figure: unknown, never 0
    assert zonder["eerstejaars_middelbaar_trend"]["waarde"] is None
    assert zonder["uitstroom_middelbaar_richting"]["waarde"] is None
    assert zonder["studenten_middelbaar_trend"]["waarde"] == pytest.approx(((2840 / 3300) ** (1 / 5) - 1) * 100)
    assert zonder["groei_focussector"]["waarde"] == pytest.approx(3.0)
    am03 = duiding.kerncijfers(mf.alle_data(), _analyse("AM03"), None, mf.parameters("AM03"))
    onbekend = {k["naam"]: k for k in am03}
    assert onbekend["groei_focussector"]["waarde"] is None and onbekend["aandeel_55plus"]["waarde"] is None
    assert onbekend["uitbreidingsvraag_focussector"]["waarde"] is None
    assert all(onbekend[k]["waarde"] is None for k in ("eerstejaars_middelbaar_trend", "studenten_middelbaar_trend",
                                                        "uitstroom_middelbaar_richting"))


# ---------------------------------------------------------------------------------------------------------------
# 04 beleidscyclus


def _voorstellen(**kwargs):
    p = mf.parameters()
    return monitoring.voorstellen(_analyse().knelpunten, p, mf.alle_data(), **kwargs), p


def _doel(voorstellen_, sleutel):
    return next(v.doelen[sleutel] for v in voorstellen_ if sleutel in v.doelen)


def _grond(voorstellen_, sleutel):
    return next(v.streefgrond.get(sleutel) for v in voorstellen_ if sleutel in v.doelen)


def test_met_streefwaarden_given_target_wins_and_working_target_follows_direction():
    vs, _ = _voorstellen()
    gevuld = monitoring.met_streefwaarden(vs, {"instroom_niveau:middelbaar": 450.0, "banen_sector": None}, 10.0)
    assert _doel(gevuld, "instroom_niveau:middelbaar") == 450.0
    assert _grond(gevuld, "instroom_niveau:middelbaar") == "opgegeven door de regio"
    banen = next(b for v in gevuld for i, b in zip(v.indicatoren, v.basiswaarden) if i.sleutel == "banen_sector")
    assert _doel(gevuld, "banen_sector") == round(banen.waarde * 1.10, 1)
    assert "werkwaarde" in _grond(gevuld, "banen_sector")
    assert _doel(gevuld, "aandeel_55plus") == pytest.approx(25.0 * 0.90)  # desired direction: lower
    assert _doel(gevuld, "doorstroom_mbo3_mbo4") == 132.0  # DUO: 120 first-years in mbo 4 with mbo 3, +10%
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


def test_no_working_target_where_the_direction_depends_on_the_pain_point():
    catalogus = {i.id: i for i in monitoring.laad_indicatoren()}
    assert catalogus["gediplomeerden_niveau"].werkstreefwaarde is False
    assert catalogus["instroom_niveau"].werkstreefwaarde is True
    p = mf.parameters()
    overaanbod = [{"code": "overaanbod", "titel": "Uitstroom op laag niveau ruim boven de behoefte",
                   "onderwijsniveau": "laag", "bewijs": "x"}]
    vs = monitoring.met_streefwaarden(monitoring.voorstellen(overaanbod, p, mf.alle_data()), {}, 10.0)
    basis = next(b for v in vs for b in v.basiswaarden if b.sleutel == "gediplomeerden_niveau:laag")
    # field 07 graduates at entree, round(80 x 0,3) = 24: a baseline exists, only the catalogue holds the target back
    assert basis.beschikbaar and basis.waarde == 24.0
    assert _doel(vs, "gediplomeerden_niveau:laag") is None
    assert _doel(vs, "banen_sector") is not None  # the same proposal does get working targets elsewhere


def test_plan_table_and_text_name_the_target_basis_and_key():
    vs, p = _voorstellen()
    gevuld = monitoring.met_streefwaarden(vs, {"instroom_niveau:middelbaar": 450.0}, 10.0)
    tabel = monitoring.monitoringsplan_tabel(gevuld)
    rij = tabel[tabel["Sleutel (voor streefwaarden)"] == "instroom_niveau:middelbaar"].iloc[0]
    assert rij["Grond streefwaarde"] == "opgegeven door de regio" and rij["Streefwaarde"] == 450.0
    assert "Streefwaarde: 450 in 2028 (opgegeven door de regio)." in monitoring.monitoringsplan_markdown(gevuld, p)


def test_unieke_indicatoren_once_each():
    vs, _ = _voorstellen()
    sleutels = [i.sleutel for i, _, _, _ in monitoring.unieke_indicatoren(vs)]
    assert len(sleutels) == len(set(sleutels)) and sleutels.count("banen_sector") == 1
    assert sum(len(v.indicatoren) for v in vs) > len(sleutels)


def test_titel_monitoring_shows_progress_after_the_baseline():
    ctx = monitoring.context(mf.parameters(), "middelbaar")
    indicator = {i.id: i for i in monitoring.laad_indicatoren()}["instroom_niveau"].ingevuld(ctx)
    basis = monitoring.basiswaarde(indicator, mf.alle_data(), "AM01", 2021)
    serie = monitoring.indicator_reeks(indicator, mf.alle_data(), "AM01")
    titel = monitoring.titel_monitoring(indicator, basis, serie, 1000.0, 2026)
    # DUO first-years mbo 2 + 3 + 4, all directions: 2021 round(200 x 0,97^3) + 2 x round(400 x 0,97^3) = 183 + 2 x 365
    # = 913; 2023: 172 + 2 x 343 = 858
    assert titel.startswith("Eerstejaars middelbaar: gedaald van 913 (2021) naar 858 (2023)")
    assert titel.endswith("streefwaarde 1.000 in 2026")
    zonder = monitoring.titel_monitoring(indicator, monitoring.basiswaarde(indicator, mf.alle_data(), "AM01"), serie)
    assert zonder == "Eerstejaars middelbaar: basiswaarde 858 in 2023"


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
    groei = [{"code": "groei_dalende_instroom", "titel": "x", "onderwijsniveau": "middelbaar", "bewijs": "y"}]
    vs = monitoring.met_streefwaarden(monitoring.voorstellen(groei, p, data), {}, 10.0)
    figuren, meldingen = monitoring.monitoringgrafieken(vs, data, p, tmp_path)
    assert {f.pad.name for f in figuren} == {"monitoring_banen_sector.png", "monitoring_instroom_niveau_middelbaar.png",
                                             "monitoring_instroom_mbo4.png"}
    # the reason, and where the region can get the figure instead (the indicator's menu: DUO and its own records)
    assert ("Doorstroom van mbo 3 naar mbo 4: De open bron van het thema duo_instroom telt geen doorstroom mbo3; leg "
            "de basiswaarde vast met gegevens van DUO en de regio en haar partners. Er is geen monitoringsfiguur "
            "gemaakt.") in meldingen
    assert _doel(vs, "doorstroom_mbo3_mbo4") is None  # no baseline, no working target


def test_vergelijk_met_duiding(tmp_path):
    gevonden = _analyse().knelpunten
    pad = tmp_path / "samenvatting.json"
    assert "nog niet uitgevoerd" in monitoring.vergelijk_met_duiding(gevonden, pad)
    pad.write_text(json.dumps({"knelpunten": [k.als_dict() for k in gevonden]}), encoding="utf-8")
    assert monitoring.vergelijk_met_duiding(gevonden, pad).startswith("Dezelfde knelpunten")
    assert monitoring.vergelijk_met_duiding(gevonden[:1], pad).startswith("Let op: de duiding (03) vond")
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
    assert _doel(gevuld, "instroom_niveau:middelbaar") == 944.0  # DUO 172 + 2 x 343 = 858 in 2023, x 1,1 = 943,8
    assert _doel(gevuld, "banen_sector") == round(15 * 1.03 ** 5 * 1.1, 1)
    hoog = [{"code": "groei_dalende_instroom", "titel": "x", "onderwijsniveau": "hoog", "bewijs": "y"}]
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
    assert banen["Basisjaar"] == 2023 and banen["Streefjaar"] == 2028 and "werkwaarde" in banen["Grond streefwaarde"]
    middelbaar = tabel[tabel["Sleutel (voor streefwaarden)"] == "instroom_niveau:middelbaar"].iloc[0]
    assert middelbaar["Streefwaarde"] == 450.0 and middelbaar["Grond streefwaarde"] == "opgegeven door de regio"
    zonder = tabel[tabel["Sleutel (voor streefwaarden)"] == "uitstroom_regionale_arbeidsmarkt:middelbaar"].iloc[0]
    assert np.isnan(zonder["Basiswaarde"]) and zonder["Grond streefwaarde"] == monitoring.IN_TE_VULLEN
    assert str(tabel["Basisjaar"].dtype) == "Int64"
    assert str(monitoring.monitoringsplan_tabel(gevuld)["Streefjaar"].dtype) == "Int64"


def test_niveautabel_counts_people_whole():
    tabel = duiding.niveautabel(_analyse().basis).set_index("Onderwijsniveau")
    uitstroom = "Verwachte uitstroom per jaar (gediplomeerden, woonplaats)"
    assert str(tabel[uitstroom].dtype) == "Int64"
    assert tabel[uitstroom].tolist() == [20, 250, 800]  # 24, 246 and 800 graduates: no finer than tens
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
    hoog = [{"code": "groei_dalende_instroom", "titel": "x", "onderwijsniveau": "hoog", "bewijs": "y"}]
    data = mf.alle_data()
    for df in data.values():
        df.attrs["herkomst"] = mf.Herkomst()
    figuren, meldingen = monitoring.monitoringgrafieken(monitoring.voorstellen(hoog, p, data), data, p, tmp_path)
    assert "monitoring_instroom_niveau_hoog.png" not in {f.pad.name for f in figuren}
    assert "monitoring_banen_sector.png" in {f.pad.name for f in figuren}
    assert any(m.startswith("Eerstejaars hoog: in deze regio steeds 0") for m in meldingen)
