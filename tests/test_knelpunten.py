"""Pain-point rules, deepening questions and the duiding table on hand-made frames."""

from __future__ import annotations

import numpy as np
import pytest

import maakframes as mf
from werkboek import analyse, duiding, knelpunten
from werkboek.knelpunten import GEEN_KNELPUNT, KNELPUNT, NIET_TE_BEOORDELEN, Drempels


def _basis(data=None, regio="AM01", **kwargs):
    return analyse.duidingsbasis(data or mf.alle_data(), mf.parameters(regio=regio), **kwargs)


def _met_m(**wijzig):
    """maakframes plus sector M, so the need of ISCED-F field 07 (F, B-E and M) is known."""
    return mf.met_sector_m(mf.alle_data()) | wijzig


def _zonder_duo():
    """maakframes without DUO: no first-years and no programmes by location."""
    return mf.alle_data() | {"duo_instroom": None, "duo_gediplomeerden": None}


# The need of field 07 per year at middelbaar (see test_analyse): F 8 694,6 jobs x (3% + 25% / 12) = 442,0, B-E
# 15 000 x 25% / 12 = 312,5 and M 2 400 x 25% / 12 = 50,0: 804,5 persons. At laag: F 4 347,3 x (3% + 25% / 12)
# = 221,0, B-E 5 000 x 25% / 12 = 104,2 and M 1 200 x 25% / 12 = 25,0: 350,2.
BEHOEFTE_MIDDELBAAR, BEHOEFTE_LAAG = 804.47, 350.15


def _met_gediplomeerden(per_mbo_niveau: float):
    """_met_m with ``per_mbo_niveau`` graduates in field 07 at each of mbo 2, 3 and 4 in AM01, every year."""
    data = _met_m()
    g = data["mbo_gediplomeerden_richting"]
    rijen = (g["regio"] == "AM01") & (g["richting"] == "isced_07")
    g.loc[rijen & g["onderwijsniveau"].isin(["mbo_2", "mbo_3", "mbo_4"]), "gediplomeerden"] = per_mbo_niveau
    g.loc[rijen & (g["onderwijsniveau"] == "middelbaar"), "gediplomeerden"] = 3 * per_mbo_niveau
    return data


def _uitkomst(beoordelingen, code, niveau):
    gevonden = [b for b in beoordelingen if b.code == code and b.onderwijsniveau == niveau]
    assert len(gevonden) == 1
    return gevonden[0]


def test_rules_judge_the_three_levels_and_all_levels():
    uitkomst = knelpunten.beoordeel(_basis())
    assert [b.onderwijsniveau for b in uitkomst if b.code == "groei_dalende_instroom"] == ["laag", "middelbaar", "hoog"]
    assert [b.onderwijsniveau for b in uitkomst if b.code == "vervangingsdruk"] == ["alle"]


def test_growth_with_falling_inflow_is_found_with_evidence():
    # middelbaar: jobs +3% a year (F grows 3%, the national share per level is constant); DUO first-years in the
    # sectorkamer of F, mbo 2 + 3 + 4: 300 in 2018, 258 in 2023, ((258 / 300) ** (1 / 5) - 1) = -2,97% a year
    b = _uitkomst(knelpunten.beoordeel(_basis()), "groei_dalende_instroom", "middelbaar")
    assert b.status == KNELPUNT
    assert b.titel == "Werk op middelbaar niveau groeit, instroom op dat niveau daalt"
    assert "+3,0% per jaar (2018–2023*)" in b.bewijs and "\u22123,0% per jaar (2018–2023*)" in b.bewijs
    assert "banen, werkplaats" in b.bewijs and "geteld op de hoofdvestiging van de mbo-instelling" in b.bewijs
    assert "+0,5%" in b.regel and "marge" in b.regel
    assert "binnen de marge" not in b.bewijs  # no masked cells in the sectorkamer rows: no margin


def test_without_duo_the_inflow_rule_reads_the_student_trend_and_says_so():
    # students living in AM01, mbo 2 + 3 + 4: 3 300 in 2018, 2 840 in 2023 (-3,0% a year); rounding margin ±150 a
    # year: from 3 450 to 2 690 at the slowest is -4,9%, from 3 150 to 2 990 at the fastest -1,0%: both below -0,5%
    b = _uitkomst(knelpunten.beoordeel(_basis(_zonder_duo())), "groei_dalende_instroom", "middelbaar")
    assert b.status == KNELPUNT
    assert "studenten die in de regio wonen (trend; DUO telt hier geen eerstejaars)" in b.bewijs
    assert "\u22123,0% per jaar" in b.bewijs and "binnen de marge" not in b.bewijs


def test_flat_inflow_is_no_pain_point():
    # laag: inflow entree constant at 100
    assert _uitkomst(knelpunten.beoordeel(_basis()), "groei_dalende_instroom", "laag").status == GEEN_KNELPUNT


def test_growth_without_programme():
    # AM01 has a programme for F at every level (DUO, by location): no pain point, with the ground
    uitkomst = knelpunten.beoordeel(_basis())
    for niveau in ("laag", "middelbaar", "hoog"):
        b = _uitkomst(uitkomst, "groei_zonder_aanbod", niveau)
        assert b.status == GEEN_KNELPUNT and "wel een regionale opleiding (DUO: " in b.bewijs
    # AM02 (F +2% a year): no mbo main site, so whether there is an mbo programme is unknown, never 'no'
    am02 = knelpunten.beoordeel(_basis(regio="AM02"))
    middelbaar = _uitkomst(am02, "groei_zonder_aanbod", "middelbaar")
    assert middelbaar.status == NIET_TE_BEOORDELEN
    assert middelbaar.bewijs.startswith("Niet te beoordelen: of er een opleiding in de regio is (naar vestiging) "
                                        "onbekend. (onbekend: geen gediplomeerden in de gekoppelde sectorkamers")
    # what the region states about its own schools decides, both ways
    nee = knelpunten.beoordeel(_basis(regio="AM02", aanbod_bekend={"middelbaar": False}))
    b = _uitkomst(nee, "groei_zonder_aanbod", "middelbaar")
    assert b.status == KNELPUNT and "geen regionale opleiding (opgegeven door de regio)" in b.bewijs
    ja = knelpunten.beoordeel(_basis(regio="AM02", aanbod_bekend={"middelbaar": True}))
    assert _uitkomst(ja, "groei_zonder_aanbod", "middelbaar").status == GEEN_KNELPUNT


def test_without_duo_or_field_graduates_the_supply_rules_are_not_judged():
    data = _zonder_duo() | {"mbo_gediplomeerden_richting": None}
    uitkomst = knelpunten.beoordeel(_basis(mf.met_sector_m(data)))
    for niveau in ("laag", "middelbaar", "hoog"):
        b = _uitkomst(uitkomst, "groei_zonder_aanbod", niveau)
        assert b.status == NIET_TE_BEOORDELEN and "geen DUO-gegevens" in b.bewijs, niveau
        for code in ("onderaanbod", "overaanbod"):
            b = _uitkomst(uitkomst, code, niveau)
            assert b.status == NIET_TE_BEOORDELEN and "Niet te beoordelen" in b.bewijs, (code, niveau)
    assert "de verwachte uitstroom onbekend" in _uitkomst(uitkomst, "onderaanbod", "middelbaar").bewijs
    vervanging = _uitkomst(uitkomst, "vervangingsdruk", "alle")
    assert vervanging.status == NIET_TE_BEOORDELEN and "DUO-eerstejaars op elk niveau" in vervanging.bewijs
    # the inflow rule still has the student trend (see above): the only pain point left
    assert {(k.code, k.onderwijsniveau) for k in knelpunten.knelpunten(uitkomst)} == {
        ("groei_dalende_instroom", "middelbaar")}


def test_replacement_pressure():
    b = _uitkomst(knelpunten.beoordeel(_basis()), "vervangingsdruk", "alle")
    assert b.status == KNELPUNT
    assert "25,0%" in b.bewijs and "20,0%" in b.bewijs and "+5,0 procentpunt" in b.bewijs


def test_thresholds_are_parameters():
    streng = Drempels(vergrijzing_marge_procentpunt=6.0, groei_procent=3.5)
    uitkomst = knelpunten.beoordeel(_basis(), streng)
    assert _uitkomst(uitkomst, "vervangingsdruk", "alle").status == GEEN_KNELPUNT
    assert _uitkomst(uitkomst, "groei_dalende_instroom", "middelbaar").status == GEEN_KNELPUNT
    assert "6,0 procentpunt" in _uitkomst(uitkomst, "vervangingsdruk", "alle").regel


def test_drempels_documented_in_dutch():
    tabel = Drempels().als_tabel()
    assert {r["drempel"] for r in tabel} == {"groei_procent", "instroom_daling_procent", "instroom_vlak_procent",
                                             "vergrijzing_marge_procentpunt", "overaanbod_factor", "onderaanbod_factor"}
    assert all(r["betekenis"] for r in tabel)
    marge = next(r for r in tabel if r["drempel"] == "vergrijzing_marge_procentpunt")
    assert marge["betekenis"].endswith("zoveel procentpunt verschil.")


# The factors 2 and 0,5 put the bounds at middelbaar at 2 x 804,5 = 1 608,9 and 0,5 x 804,5 = 402,2 graduates.
@pytest.mark.parametrize("per_mbo_niveau, code, uitstroom, verhouding", [
    (550.0, "overaanbod", "ca. 1.650 gediplomeerden per jaar", "2,1"),  # 3 x 550 / 804,5 = 2,05
    (120.0, "onderaanbod", "ca. 360 gediplomeerden per jaar", "0,4"),  # 3 x 120 / 804,5 = 0,45
])
def test_supply_against_need(per_mbo_niveau, code, uitstroom, verhouding):
    data = _met_gediplomeerden(per_mbo_niveau)
    uitkomst = knelpunten.beoordeel(_basis(data))
    b = _uitkomst(uitkomst, code, "middelbaar")
    assert b.status == KNELPUNT
    ander = {"overaanbod": "onderaanbod", "onderaanbod": "overaanbod"}[code]
    assert _uitkomst(uitkomst, ander, "middelbaar").status == GEEN_KNELPUNT
    assert _basis(data).per_niveau.set_index("onderwijsniveau").loc["middelbaar", "behoefte_richting_per_jaar"] == (
        pytest.approx(BEHOEFTE_MIDDELBAAR, abs=0.01))
    assert b.bewijs.startswith(f"Verwachte uitstroom op middelbaar niveau: {uitstroom} (CBS 85356NED, "
                               "gediplomeerden mbo in de gekoppelde studierichtingen, gemiddelde 2021–2023*, woonplaats)")
    assert "verwachte behoefte van de sectoren F, B-E en M: ca. 800 personen per jaar" in b.bewijs
    assert b.bewijs.endswith(f"verhouding {verhouding}.")


def test_balanced_supply_is_no_pain_point():
    # middelbaar: 3 x 300 = 900 graduates against a need of 804,5: ratio 1,12
    uitkomst = knelpunten.beoordeel(_basis(_met_gediplomeerden(300.0)))
    assert _uitkomst(uitkomst, "overaanbod", "middelbaar").status == GEEN_KNELPUNT
    assert _uitkomst(uitkomst, "onderaanbod", "middelbaar").status == GEEN_KNELPUNT
    assert "verhouding 1,1." in _uitkomst(uitkomst, "onderaanbod", "middelbaar").bewijs
    # laag: entree round(80 x 0,3) = 24 graduates against 350,2: ratio 0,07, too few
    laag = _uitkomst(uitkomst, "onderaanbod", "laag")
    assert laag.status == KNELPUNT and "ca. 20 gediplomeerden per jaar" in laag.bewijs
    assert "verhouding 0,1." in laag.bewijs
    # hoog: CBS counts hbo and wo graduates per region only over all fields: not compared with one field's need
    hoog = _uitkomst(uitkomst, "onderaanbod", "hoog")
    assert hoog.status == NIET_TE_BEOORDELEN and "niet per richting" in hoog.bewijs


def test_no_pain_point_is_invented_for_a_suppressed_region():
    uitkomst = knelpunten.beoordeel(_basis(regio="AM03"))
    assert knelpunten.knelpunten(uitkomst) == []
    assert all(b.status == NIET_TE_BEOORDELEN for b in uitkomst if b.code != "groei_zonder_aanbod")
    assert all("Niet te beoordelen" in b.bewijs for b in uitkomst if b.status == NIET_TE_BEOORDELEN)


def test_knelpunt_record_shape_for_samenvatting():
    gevonden = knelpunten.knelpunten(knelpunten.beoordeel(_basis()))
    assert gevonden
    for record in (k.als_dict() for k in gevonden):
        assert {"code", "titel", "onderwijsniveau", "bewijs", "regel"} <= set(record)
    tabel = knelpunten.als_tabel(gevonden)
    assert list(tabel.columns[:3]) == ["Regel", "Onderwijsniveau", "Uitkomst"]


def test_verdiepende_vragen_follow_the_pain_points():
    # AM01: replacement pressure and growth with falling inflow at middelbaar (the supply rules need M, see above)
    uitkomst = knelpunten.beoordeel(_basis())
    vragen = knelpunten.verdiepende_vragen(uitkomst, sector="F", speerpuntsectoren=("F",))
    patronen = {v["patroon"] for v in vragen}
    assert patronen == {"vervangingsvraag", "uitbreidingsvraag", "onvoldoende_instroom", "talent_van_buiten",
                        "economische_relevantie"}
    onvoldoende = next(v for v in vragen if v["patroon"] == "onvoldoende_instroom")
    assert onvoldoende["aanleiding"] == ("Hoge vergrijzing bij vlakke of dalende instroom en Werk op middelbaar "
                                         "niveau groeit, instroom op dat niveau daalt")
    assert all(v["aanleiding"] for v in vragen)
    # too little outflow adds the question on the programmes in the region
    met_m = knelpunten.verdiepende_vragen(knelpunten.beoordeel(_basis(_met_m())), sector="F")
    assert "aanbod_aanpassen" in {v["patroon"] for v in met_m}
    assert knelpunten.verdiepende_vragen(uitkomst, sector="Q")  # care adds the social question
    assert "maatschappelijke_relevantie" in {v["patroon"] for v in knelpunten.verdiepende_vragen(uitkomst, sector="Q")}


def test_no_questions_without_pain_points():
    assert knelpunten.verdiepende_vragen([], sector="Q") == []


def _cel(tabel, rij, onderwerp):
    return tabel[(tabel["rij"] == rij) & (tabel["onderwerp"] == onderwerp)].iloc[0]


def test_duidingstabel_cells_are_computed_dutch_sentences():
    tabel = duiding.duidingstabel(_basis(_met_m()))
    assert list(tabel.columns) == duiding.KOLOMMEN
    assert set(tabel["rij"]) == {"zien", "betekenis geven"}
    assert [o for o in tabel["onderwerp"] if o in ("laag", "middelbaar", "hoog")] == ["laag", "middelbaar", "hoog"] * 2
    cel = _cel(tabel, "betekenis geven", "middelbaar")
    assert cel["werkgelegenheid"].startswith("Werkgelegenheid op middelbaar niveau groeit (+3,0% per jaar)")
    # DUO first-years 300 -> 258 (see test_analyse); 2023 is provisional
    assert cel["onderwijsaanbod"].startswith("Instroom op middelbaar niveau daalt (\u22123,0% per jaar, 2018–2023*); "
                                             "258 eerstejaars in 2023/'24* (DUO-eerstejaars op middelbaar niveau in de "
                                             "gekoppelde sectorkamers, geteld op de hoofdvestiging van de mbo-instelling)")
    # outflow 51 + 105 + 90 = 246; need of F, B-E and M 804,5 (both rounded to tens)
    assert "; verwachte uitstroom ca. 250 gediplomeerden per jaar in de gekoppelde studierichtingen" in cel["onderwijsaanbod"]
    assert cel["onderwijsaanbod"].endswith("; behoefte van alle sectoren die deze richtingen voeden (F, B-E en M) ca. "
                                           "800 per jaar")
    # an exact 0,0% (entree 30 every year, no masked cell) has no margin to speak of
    assert _cel(tabel, "betekenis geven", "laag")["onderwijsaanbod"].startswith(
        "Instroom op laag niveau blijft gelijk (0,0% per jaar, 2018–2023*); 30 eerstejaars")
    assert "marge" not in _cel(tabel, "betekenis geven", "laag")["onderwijsaanbod"]
    assert "ca. 800 gediplomeerden per jaar in alle richtingen samen" in _cel(tabel, "betekenis geven", "hoog")[
        "onderwijsaanbod"]  # hbo 500 + wo 300 of every field
    # students: hbo 2 000 + wo 1 000, 10 gemeenten x 2 parts x 5 of rounding; 150 + 50 first-years in TECHNIEK
    hoog = _cel(tabel, "zien", "hoog")
    assert hoog["onderwijsaanbod"] == (
        "Studenten uit de regio (woonplaats van de student, 2023/'24*): 3.000 (±100 door afronding), waarvan hbo "
        "2.000 en wo 1.000. Opleiding op hoog niveau in de regio: ja (DUO: eerstejaars hbo/wo in de gekoppelde "
        "onderdelen op een vestiging in de regio (2021–2023))")
    # mbo 2, 3, 4 in 2023: 600, 1 200, 1 500 x 0,97^5 rounded to tens; field 07: 30% of each, rounded: 155 + 309 + 386
    assert _cel(tabel, "zien", "middelbaar")["onderwijsaanbod"].startswith(
        "Studenten uit de regio (woonplaats van de student, 2023/'24*): 2.840 (±150 door afronding), waarvan mbo 2 "
        "520, mbo 3 1.030 en mbo 4 1.290; in de gekoppelde studierichtingen 850. Opleiding op middelbaar niveau in de "
        "regio: ja (DUO: gediplomeerden in de gekoppelde sectorkamers")
    assert "geschat" in hoog["werkgelegenheid"] and "banen (werkplaats)" in hoog["werkgelegenheid"]
    sector = _cel(tabel, "zien", "sector")
    assert sector["onderwijsaanbod"] == ("Studierichting 07 Techniek, industrie en bouwkunde: opleidingen op laag, "
                                         "middelbaar en hoog niveau (naar de vestiging van de opleiding)")
    # all levels: 30 + 300 + 200 = 530 first-years in 2018, 488 in 2023: -1,6% a year
    assert _cel(tabel, "betekenis geven", "sector")["onderwijsaanbod"] == (
        "Instroom alle niveaus (DUO-eerstejaars, op de vestiging) daalt (\u22121,6% per jaar, 2018–2023*)")
    vergrijzing = tabel[tabel["onderwerp"] == "vergrijzing"].iloc[0]
    assert "vervangingsvraag" in vergrijzing["werkgelegenheid"]
    assert {"functies", "doorstroom"} <= set(tabel["onderwerp"])  # the guide's questions without open data
    assert _cel(tabel, "betekenis geven", "doorstroom")["onderwijsaanbod"].startswith(
        "Doorstroom mbo 3 naar mbo 4: 120 eerstejaars mbo 4 met een mbo 3-diploma in 2023/'24*")
    assert "arbeidsongeschiktheid" in tabel.attrs["toelichting"]
    assert "entree → laag; mbo 2, 3 en 4 → middelbaar; hbo en wo → hoog" in tabel.attrs["toelichting"]


def test_duidingstabel_says_unknown_where_duo_has_no_main_site_and_no_where_there_is_no_location():
    # AM02: no mbo main site (programme unknown, student trend instead of first-years), hbo/wo locations with 0
    tabel = duiding.duidingstabel(_basis(regio="AM02"))
    assert _cel(tabel, "zien", "sector")["onderwijsaanbod"] == (
        "Studierichting 07 Techniek, industrie en bouwkunde: geen op hoog niveau; onbekend op laag en middelbaar "
        "niveau (naar de vestiging van de opleiding)")
    assert _cel(tabel, "zien", "middelbaar")["onderwijsaanbod"].endswith(
        "Opleiding op middelbaar niveau in de regio: onbekend (geen gediplomeerden in de gekoppelde sectorkamers bij "
        "een instelling met hoofdvestiging in de regio; DUO telt vestigingen van instellingen van elders niet mee)")
    # students mbo 2 + 3 + 4: 2 400 in 2018, 500 + 890 + 990 = 2 380 in 2023 (-0,2% a year, inside ±120)
    middelbaar = _cel(tabel, "betekenis geven", "middelbaar")["onderwijsaanbod"]
    assert middelbaar.startswith("Aantal studenten op middelbaar niveau blijft gelijk (\u22120,2% per jaar, "
                                 "2018–2023*) (geen eerstejaars bekend voor deze regio: in plaats daarvan de trend van "
                                 "alle studenten op middelbaar niveau die in de regio wonen (CBS, alle richtingen)); de "
                                 "verandering valt binnen de marge van de cijfers")
    assert "eerstejaars in" not in middelbaar  # no first-year count is made up
    # hoog: 0 first-years every year, so their growth is unknown
    assert _cel(tabel, "betekenis geven", "hoog")["onderwijsaanbod"].startswith(
        "Ontwikkeling instroom op hoog niveau onbekend; 0 eerstejaars in 2023/'24*")
    assert _cel(tabel, "betekenis geven", "sector")["onderwijsaanbod"].startswith(
        "Instroom alle niveaus: niet op één manier te meten")


def test_duidingstabel_with_missing_data_says_unknown():
    tabel = duiding.duidingstabel(_basis(regio="AM03"))
    assert tabel["werkgelegenheid"].str.contains("onbekend").any()
    assert not tabel["werkgelegenheid"].str.contains(r"\b0,0%").any()


def test_duidingstabel_markdown():
    md = duiding.duidingstabel_markdown(duiding.duidingstabel(_basis()))
    assert md.startswith("|  | Onderwerp | Werkgelegenheid | Onderwijsaanbod |")
    assert ("| hoog | hoog: ca. 4,3 duizend banen (werkplaats), geschat | Studenten uit de regio (woonplaats van de "
            "student, 2023/'24*): 3.000") in md
    assert md.rstrip().endswith(analyse.VERVANGINGSVRAAG_TOELICHTING.rstrip())


def test_supply_rule_uses_the_need_of_every_sector_in_the_field():
    uitkomst = knelpunten.beoordeel(_basis(_met_m()))
    b = _uitkomst(uitkomst, "onderaanbod", "middelbaar")
    assert "de sectoren F, B-E en M" in b.bewijs and "de sectoren F, B-E en M" in b.regel
    assert "ca. 800 personen per jaar" in b.bewijs  # 442,0 + 312,5 + 50,0 = 804,5, rounded to tens
    # the need of F alone (442) would make 246 graduates a ratio of 0,6: no pain point; with the field it is 0,3
    assert b.status == KNELPUNT and "verhouding 0,3." in b.bewijs
    # the maakframes without M: the field's need is unknown, so the rule is not judged
    zonder_m = _uitkomst(knelpunten.beoordeel(_basis()), "onderaanbod", "middelbaar")
    assert zonder_m.status == NIET_TE_BEOORDELEN and "F, B-E en M" in zonder_m.bewijs


def test_groeivergelijking_table_for_the_chart():
    t = duiding.groeivergelijking(_basis())
    assert list(t.index) == ["laag", "middelbaar", "hoog"]
    assert t.loc["middelbaar"].tolist() == pytest.approx([3.0, ((258 / 300) ** (1 / 5) - 1) * 100])
    assert t.loc["laag"].tolist() == pytest.approx([3.0, 0.0])
    assert t.loc["hoog"].tolist() == pytest.approx([3.0, 0.0])  # 150 hbo + 50 wo first-years every year
    assert "werkplaats" in t.columns[0] and "eerstejaars of studententrend" in t.columns[1]
    # AM02 (F +2% a year): the student trend at mbo (2 400 -> 2 380), and 0 hbo/wo first-years: growth unknown, not 0
    am02 = duiding.groeivergelijking(_basis(regio="AM02"))
    assert am02.loc["middelbaar"].tolist() == pytest.approx([2.0, ((2380 / 2400) ** (1 / 5) - 1) * 100])
    assert np.isnan(am02.loc["hoog", am02.columns[1]])


def test_kernboodschap():
    basis = _basis(_met_m())
    zin = duiding.kernboodschap(knelpunten.beoordeel(basis), basis)
    assert zin == ("In Groningen ontstaat voor bouwnijverheid een knelpunt op laag en middelbaar niveau: hoge "
                   "vergrijzing bij vlakke of dalende instroom, te weinig uitstroom op laag niveau voor de behoefte, "
                   "werk op middelbaar niveau groeit, instroom op dat niveau daalt en te weinig uitstroom op "
                   "middelbaar niveau voor de behoefte. 2 regels waren niet te beoordelen doordat cijfers ontbreken; "
                   "daar is geen knelpunt aangenomen.")  # hoog: graduates per region not per field (onder, over)
    # without M the supply rules of laag and middelbaar cannot be judged either: 2 + 4
    assert "6 regels waren niet te beoordelen" in duiding.kernboodschap(knelpunten.beoordeel(_basis()), _basis())
    leeg = duiding.kernboodschap(knelpunten.beoordeel(_basis(regio="AM03")), _basis(regio="AM03"))
    assert leeg.startswith("Met de gekozen drempels vindt het werkboek voor bouwnijverheid in Drenthe geen knelpunt.")
    assert "geen knelpunt aangenomen" in leeg
