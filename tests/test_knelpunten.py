"""The decision table per education level, deepening questions and the duiding table on hand-made frames.

One decision per level (werkboek.knelpunten.beslis): school-leavers who stay in the region against the need of
every sector the linked study fields supply, both as ranges, and the trends of work and inflow judged against their
uncertainty. The single-row cases of the table are in test_methode; here the frames of maakframes go through the
whole chain.
"""

from __future__ import annotations

import numpy as np
import pytest

import maakframes as mf
from werkboek import analyse, duiding, knelpunten, schoolverlaters, tekst
from werkboek.knelpunten import (
    AANDACHTSPUNT, DREIGEND, EVENWICHT, GEEN_KNELPUNT, KNELPUNT, LANDEN, NIET_TE_BEOORDELEN, ONBEOORDEELD, ONZEKER,
    ONZEKER_CODE, TEKORT, Drempels,
)


def _basis(data=None, regio="AM01", **kwargs):
    return analyse.duidingsbasis(data or mf.alle_data(), mf.parameters(regio=regio), **kwargs)


def _met_m(**wijzig):
    """maakframes plus sector M, so the need of ISCED-F field 07 (F, B-E and M) is known in AM01."""
    return mf.met_sector_m(mf.alle_data()) | wijzig


def _zonder_duo(data=None):
    """maakframes without DUO: no first-years and no programmes by location."""
    return (data or mf.alle_data()) | {"duo_instroom": None, "duo_gediplomeerden": None}


def _met_gediplomeerden(per_mbo_niveau: float, data=None):
    """_met_m with ``per_mbo_niveau`` graduates in field 07 at each of mbo 2, 3 and 4 in AM01, every year."""
    data = data or _met_m()
    g = data["mbo_gediplomeerden_richting"]
    rijen = (g["regio"] == "AM01") & (g["richting"] == "isced_07")
    g.loc[rijen & g["onderwijsniveau"].isin(["mbo_2", "mbo_3", "mbo_4"]), "gediplomeerden"] = per_mbo_niveau
    g.loc[rijen & (g["onderwijsniveau"] == "middelbaar"), "gediplomeerden"] = 3 * per_mbo_niveau
    return data


def _verlaters(aantallen: dict[str, float]) -> tuple[float, float, float]:
    """School-leavers who stay (low, middle, high) by hand from data/schoolverlaters.csv, for graduates without a
    margin (CBS 85356NED per field has none in maakframes): low = fewest who stay after most study on."""
    a = schoolverlaters.laad_aannames()
    onder = sum(n * (1 - a[d].doorstroom[1]) * a[d].behoud[0] for d, n in aantallen.items())
    midden = sum(n * (1 - sum(a[d].doorstroom) / 2) * sum(a[d].behoud) / 2 for d, n in aantallen.items())
    boven = sum(n * (1 - a[d].doorstroom[0]) * a[d].behoud[1] for d, n in aantallen.items())
    return onder, midden, boven


# field 07 graduates of AM01 (30% of 170, 350 and 300 at mbo 2, 3 and 4)
MBO_07 = {"mbo_2": 51.0, "mbo_3": 105.0, "mbo_4": 90.0}
# one graduate at each of mbo 2, 3 and 4: school-leavers who stay, low and high end
PER_GEDIPLOMEERDE = _verlaters({"mbo_2": 1.0, "mbo_3": 1.0, "mbo_4": 1.0})


def _verhouding(s_onder, s_boven, b_onder, b_boven) -> tuple[float, float]:
    """The ratio range by hand: middle of supply over middle of need, the relative half-widths of the two ranges
    added in quadrature (independent uncertainties of a ratio)."""
    s, b = (s_onder + s_boven) / 2, (b_onder + b_boven) / 2
    relatief = ((((s_boven - s_onder) / 2 / s) ** 2) + (((b_boven - b_onder) / 2 / b) ** 2)) ** 0.5
    return s / b * (1 - relatief), s / b * (1 + relatief)


def _uitkomst(beoordelingen, niveau):
    gevonden = [b for b in beoordelingen if b.onderwijsniveau == niveau]
    assert len(gevonden) == 1
    return gevonden[0]


def _behoefte(basis, niveau="middelbaar"):
    rij = basis.per_niveau.set_index("onderwijsniveau").loc[niveau]
    return float(rij["behoefte_richting_onder"]), float(rij["behoefte_richting_boven"])


def test_one_decision_per_level_with_a_status_that_follows_its_code():
    for data, regio in ((mf.alle_data(), "AM01"), (_met_m(), "AM01"), (_zonder_duo(), "AM01"),
                        (mf.alle_data(), "AM02"), (mf.alle_data(), "AM03")):
        uitkomst = knelpunten.beoordeel(_basis(data, regio))
        assert [b.onderwijsniveau for b in uitkomst] == ["laag", "middelbaar", "hoog"]
        for b in uitkomst:
            assert b.status == knelpunten.STATUS_VAN[b.code]
            assert b.titel == f"{knelpunten.TITELS[b.code]} op {b.onderwijsniveau} niveau"
            assert b.is_knelpunt == (b.code in (TEKORT, DREIGEND))


def test_too_few_school_leavers_for_the_need_of_the_field_is_a_shortage():
    basis = _basis(_met_m())
    b = _uitkomst(knelpunten.beoordeel(basis), "middelbaar")
    assert (b.code, b.status) == (TEKORT, KNELPUNT)
    # 51, 105 and 90 graduates at mbo 2, 3 and 4: 57,7 to 121,8 school-leavers who stay, to tens 60 to 120
    s_onder, _, s_boven = _verlaters(MBO_07)
    assert (s_onder, s_boven) == pytest.approx((57.675, 121.8))
    assert "Schoolverlaters die in de regio blijven: 60 tot 120 per jaar (personen, schatting)" in b.bewijs
    b_onder, b_boven = _behoefte(basis)
    assert (f"behoefte van de sectoren van de richtingen: {tekst.tiental(b_onder)} tot {tekst.tiental(b_boven)} per "
            "jaar (banen, schatting)") in b.bewijs
    # the ratio as a range, the two uncertainties combined as for a ratio; all of it below 0,8
    onder, boven = _verhouding(s_onder, s_boven, b_onder, b_boven)
    assert boven < 0.8 and s_onder / b_boven < onder < boven < s_boven / b_onder  # narrower than both extremes
    assert f"verhouding {tekst.getal(onder, 1)} tot {tekst.getal(boven, 1)}." in b.bewijs
    assert "Tekort: de hele verhouding onder 0,8" in b.regel


@pytest.mark.parametrize("uitkomst_code, status, bij", [
    (TEKORT, KNELPUNT, None),
    (ONZEKER_CODE, ONZEKER, "(tekort of evenwicht)"),
    (LANDEN, AANDACHTSPUNT, None),
])
def test_supply_against_need(uitkomst_code, status, bij):
    b_onder, b_boven = _behoefte(_basis(_met_m()))  # the need does not depend on the graduates
    per_onder, _, per_boven = PER_GEDIPLOMEERDE
    # graduates per mbo level that put the whole ratio below 0,8, straddle 0,8, or put it all above 2
    aantal = {TEKORT: 0.5 * 0.8 * b_onder / per_boven, ONZEKER_CODE: 0.8 * b_onder / per_onder,
              LANDEN: 1.5 * 2 * b_boven / per_onder}[uitkomst_code]
    b = _uitkomst(knelpunten.beoordeel(_basis(_met_gediplomeerden(aantal))), "middelbaar")
    assert (b.code, b.status) == (uitkomst_code, status)
    verhouding = _verhouding(aantal * per_onder, aantal * per_boven, b_onder, b_boven)
    assert f"verhouding {tekst.getal(verhouding[0], 1)} tot {tekst.getal(verhouding[1], 1)}" in b.bewijs
    if bij:
        assert bij in b.bewijs
    assert b.is_knelpunt == (status == KNELPUNT)


def test_balance_needs_the_whole_range_between_the_factors():
    b_onder, b_boven = _behoefte(_basis(_met_m()))
    per_onder, _, per_boven = PER_GEDIPLOMEERDE
    aantal = b_boven / per_onder  # the low end of the ratio is exactly 1
    ruim = Drempels(tekort_factor=0.5, overschot_factor=4.0)
    assert aantal * per_boven / b_onder < 4.0  # so the whole range lies between 0,5 and 4
    data = _met_gediplomeerden(aantal)
    b = _uitkomst(knelpunten.beoordeel(_basis(data), ruim), "middelbaar")
    assert (b.code, b.status) == (EVENWICHT, GEEN_KNELPUNT) and b.oorzaken == []
    # the same balance while work grows and inflow demonstrably falls (the students without DUO, see below) is a
    # threatening shortage
    dreigt = _uitkomst(knelpunten.beoordeel(_basis(_zonder_duo(data)), ruim), "middelbaar")
    assert (dreigt.code, dreigt.status) == (DREIGEND, KNELPUNT)
    # laag is never compared: entree is not the supply of work at that level; hoog has graduates of every field
    uitkomst = knelpunten.beoordeel(_basis(data), ruim)
    laag, hoog = _uitkomst(uitkomst, "laag"), _uitkomst(uitkomst, "hoog")
    assert laag.status == NIET_TE_BEOORDELEN and knelpunten.LAAG_NIET_VERGELIJKBAAR in laag.bewijs
    assert hoog.status == NIET_TE_BEOORDELEN and "niet per richting" in hoog.bewijs


def test_the_need_is_that_of_every_sector_the_field_supplies():
    data = _met_m()
    basis = _basis(data)
    assert basis.sectoren_richting == ["F", "B-E", "M"]
    delen = [_basis(data, sector=s).per_niveau.set_index("onderwijsniveau") for s in basis.sectoren_richting]
    n = basis.per_niveau.set_index("onderwijsniveau")
    for kolom in ("onder", "boven"):
        assert n[f"behoefte_richting_{kolom}"].tolist() == pytest.approx(
            sum(d[f"behoefte_{kolom}"] for d in delen).tolist())
    # the maakframes without M: the field's need is unknown, so the ratio is not judged (and nothing threatens)
    zonder_m = _uitkomst(knelpunten.beoordeel(_basis()), "middelbaar")
    assert (zonder_m.code, zonder_m.status) == (ONBEOORDEELD, NIET_TE_BEOORDELEN)
    assert "de behoefte per jaar ontbreekt" in zonder_m.bewijs


def _studenten_middelbaar(regio="AM01"):
    """Students living in the region at mbo 2 + 3 + 4 per year, each rounded to tens as CBS does."""
    cijfers = mf.STUDENTEN[regio]
    return [sum(mf._tiental(cijfers[d][0] * (1 + cijfers[d][1]) ** i) for d in ("mbo_2", "mbo_3", "mbo_4"))
            for i in range(len(mf.JAREN))]


def test_growing_work_and_a_demonstrable_fall_in_inflow_is_a_threatening_shortage_when_the_ratio_is_unknown():
    # without DUO the inflow is the trend of the students living in AM01: 3 300 in 2018 falling 3% a year, thousands
    # of students, so far outside the noise; without M the need of the field (and so the ratio) is unknown
    basis = _basis(_zonder_duo())
    n = basis.per_niveau.set_index("onderwijsniveau")
    waarden = _studenten_middelbaar()[:-1]  # 2018-2022: 2023 is provisional
    helling = np.polyfit(mf.JAREN[:-1], np.log(waarden), 1)[0]
    assert n.loc["middelbaar", "instroom_trend_procent"] == pytest.approx(np.expm1(helling) * 100)
    assert n.loc["middelbaar", "instroom_klasse"] == "daalt" and n.loc["middelbaar", "werk_klasse"] == "groeit"
    b = _uitkomst(knelpunten.beoordeel(basis), "middelbaar")
    assert (b.code, b.status) == (DREIGEND, KNELPUNT)
    assert "de behoefte per jaar ontbreekt" in b.bewijs
    assert "trend van alle studenten op middelbaar niveau die in de regio wonen" in b.bewijs
    assert "instroom daalt" in b.oorzaken and "werkgelegenheid groeit" in b.oorzaken
    assert "groeit met +3,0% per jaar" in b.bewijs  # the numbers behind the causes are in the evidence
    # entree (300) and hbo/wo students (3 000) are constant: nothing threatens there
    assert _uitkomst(knelpunten.beoordeel(basis), "laag").code == ONBEOORDEELD
    assert _uitkomst(knelpunten.beoordeel(basis), "hoog").code == ONBEOORDEELD


def test_a_fall_inside_the_noise_of_small_counts_is_no_threat():
    # DUO first-years of F's sectorkamer at mbo: 300 in 2018 falling 3% a year. On about 280 first-years the Poisson
    # noise alone gives a standard error of about 1 / sqrt(280 x 10) = 1,9% on the slope over five years: t = -1,6,
    # short of 1,645, so 'geen duidelijke ontwikkeling' and no threatening shortage
    basis = _basis()
    n = basis.per_niveau.set_index("onderwijsniveau")
    assert -1.645 < n.loc["middelbaar", "instroom_t"] < -1.4
    assert n.loc["middelbaar", "instroom_klasse"] == "geen duidelijke ontwikkeling"
    assert "toeval bij kleine aantallen" in n.loc["middelbaar", "instroom_zin"]
    assert [b.code for b in knelpunten.beoordeel(basis)] == [ONBEOORDEELD] * 3
    # entree: 30 first-years every year, flat
    assert n.loc["laag", "instroom_trend_procent"] == pytest.approx(0.0)


def test_no_regional_programme_is_named_as_a_cause_of_the_shortage():
    gewoon = _uitkomst(knelpunten.beoordeel(_basis(_met_m())), "middelbaar")
    assert not any(o.startswith("geen regionale opleiding") for o in gewoon.oorzaken)  # DUO: a programme exists
    zonder = _uitkomst(knelpunten.beoordeel(_basis(_met_m(), aanbod_bekend={"middelbaar": False})), "middelbaar")
    assert zonder.code == TEKORT  # still one decision, the missing programme is its cause
    assert "geen regionale opleiding (opgegeven door de regio)" in zonder.oorzaken
    assert "Oorzaken: geen regionale opleiding (opgegeven door de regio)" in zonder.bewijs


def _met_55plus(aandeel: float):
    data = _met_m()
    bb = data["beroepsbevolking"].copy()
    bb.loc[(bb["regio"] == "AM01") & (bb["kenmerk"] == "leeftijd_55_75"), "werkzame_beroepsbevolking"] = 300.0 * aandeel
    return data | {"beroepsbevolking": bb}


@pytest.mark.parametrize("aandeel, vooral_vervanging", [(0.25, True), (0.20, False)])
def test_replacement_as_cause_when_it_is_at_least_half_of_the_need(aandeel, vooral_vervanging):
    # per level the shares cancel: replacement / need = B x a / 3 / (change + B x a / 3), with B the jobs of F in
    # 2023, a the share of 55-plussers and 1/3 the middle of 5/20 and 5/12; the change of F over 5 years is the
    # damped drift of 3% a year from 2022: 15 x 1,03^4 x (1,03^(0,8 + ... + 0,8^5) - 1) = 1,40 (x 1 000)
    f_2023, verandering = 15 * 1.03 ** 5, 15 * 1.03 ** 4 * (1.03 ** sum(0.8 ** i for i in range(1, 6)) - 1)
    vervanging = f_2023 * aandeel / 3
    verhouding = vervanging / (verandering + vervanging)  # 0,509 at 25%, 0,453 at 20%
    basis = _basis(_met_55plus(aandeel))
    n = basis.per_niveau.set_index("onderwijsniveau")
    assert (n["vervangingsvraag_per_jaar"] / n["behoefte_per_jaar"]).tolist() == pytest.approx([verhouding] * 3)
    b = _uitkomst(knelpunten.beoordeel(basis), "middelbaar")
    assert b.code == TEKORT
    assert ("vooral vervangingsvraag (vergrijzing)" in b.oorzaken) == vooral_vervanging


def test_thresholds_are_parameters():
    basis = _basis(_met_m())
    b_onder, b_boven = _behoefte(basis)
    s_onder, _, s_boven = _verlaters(MBO_07)
    laag_, hoog_ = s_onder / b_boven, s_boven / b_onder
    assert 0.05 < laag_ < 0.2 < hoog_ < 0.8  # the ratio at middelbaar with these frames
    assert _uitkomst(knelpunten.beoordeel(basis), "middelbaar").code == TEKORT
    assert _uitkomst(knelpunten.beoordeel(basis, Drempels(tekort_factor=0.2)), "middelbaar").code == ONZEKER_CODE
    assert _uitkomst(knelpunten.beoordeel(basis, Drempels(tekort_factor=0.05)), "middelbaar").code == EVENWICHT
    landen = _uitkomst(knelpunten.beoordeel(basis, Drempels(tekort_factor=0.01, overschot_factor=0.05)), "middelbaar")
    assert landen.code == LANDEN
    assert "onder 0,0" in landen.regel and "boven 0,1" in landen.regel  # 0,01 and 0,05 to one decimal
    regel = _uitkomst(knelpunten.beoordeel(basis, Drempels(groei_procent=1.5, z=2.0)), "middelbaar").regel
    assert "buiten 1,5% per jaar en 2,00 standaardfout" in regel


def test_drempels_documented_in_dutch():
    tabel = Drempels().als_tabel()
    assert [r["drempel"] for r in tabel] == ["groei_procent", "z", "tekort_factor", "overschot_factor"]
    assert [r["waarde"] for r in tabel] == [0.5, 1.645, 0.8, 2.0]
    assert all(r["betekenis"] and "..." not in r["betekenis"] for r in tabel)
    groei = next(r for r in tabel if r["drempel"] == "groei_procent")
    # the continued line of the docstring is part of the explanation
    assert groei["betekenis"].endswith("anders 'geen duidelijke ontwikkeling'.")
    tekort = next(r for r in tabel if r["drempel"] == "tekort_factor")
    assert tekort["betekenis"].endswith("over het hele bereik van de aannames.")


def test_no_pain_point_is_invented_for_a_suppressed_region():
    uitkomst = knelpunten.beoordeel(_basis(regio="AM03"))
    assert knelpunten.knelpunten(uitkomst) == []
    assert all(b.status == NIET_TE_BEOORDELEN for b in uitkomst)
    assert all(b.bewijs.startswith("Verhouding schoolverlaters/behoefte niet te bepalen") for b in uitkomst)
    assert all("werkgelegenheid: onbekend" in b.bewijs for b in uitkomst)


def test_knelpunt_record_shape_for_samenvatting():
    gevonden = knelpunten.knelpunten(knelpunten.beoordeel(_basis(_met_m())))
    assert [(k.code, k.onderwijsniveau) for k in gevonden] == [(TEKORT, "middelbaar")]
    for record in (k.als_dict() for k in gevonden):
        assert set(record) == {"code", "titel", "onderwijsniveau", "status", "bewijs", "regel", "oorzaken"}
        assert isinstance(record["oorzaken"], list)
    tabel = knelpunten.als_tabel(gevonden)
    assert list(tabel.columns) == ["Oordeel", "Onderwijsniveau", "Uitkomst", "Bewijs", "Oorzaken",
                                   "Regel in woorden", "code"]
    assert tabel.iloc[0]["Oorzaken"] == "; ".join(gevonden[0].oorzaken)
    assert list(knelpunten.als_tabel([]).columns) == list(tabel.columns)


def test_verdiepende_vragen_follow_the_decisions_and_their_causes():
    # AM01: a shortage at middelbaar, with work growing and a need that is mostly replacement as causes
    uitkomst = knelpunten.beoordeel(_basis(_met_m()))
    vragen = knelpunten.verdiepende_vragen(uitkomst, sector="F", speerpuntsectoren=("F",))
    assert {v["patroon"] for v in vragen} == {"onvoldoende_instroom", "talent_van_buiten", "uitbreidingsvraag",
                                              "vervangingsvraag", "economische_relevantie"}
    assert all(v["aanleiding"] == "Tekort op middelbaar niveau"
               for v in vragen if v["patroon"] != "economische_relevantie")
    # the patterns come in the guide's order
    volgorde = list(knelpunten.VERDIEPENDE_VRAGEN)
    assert [volgorde.index(v["patroon"]) for v in vragen] == sorted(volgorde.index(v["patroon"]) for v in vragen)
    # no programme in the region adds the question on the programmes
    zonder = knelpunten.beoordeel(_basis(_met_m(), aanbod_bekend={"middelbaar": False}))
    assert "aanbod_aanpassen" in {v["patroon"] for v in knelpunten.verdiepende_vragen(zonder, sector="F")}
    assert "maatschappelijke_relevantie" in {v["patroon"] for v in knelpunten.verdiepende_vragen(uitkomst, sector="Q")}
    # graduates landing: the question for enough inflow, not those for too little
    b_boven = _behoefte(_basis(_met_m()))[1]
    landen = knelpunten.beoordeel(_basis(_met_gediplomeerden(3 * b_boven / PER_GEDIPLOMEERDE[0])))
    patronen = {v["patroon"] for v in knelpunten.verdiepende_vragen(landen, sector="F")}
    assert "voldoende_instroom" in patronen and "onvoldoende_instroom" not in patronen


def test_no_questions_without_pain_points():
    assert knelpunten.verdiepende_vragen([], sector="Q") == []
    niets = knelpunten.beoordeel(_basis(regio="AM03"))
    assert knelpunten.verdiepende_vragen(niets, sector="Q") == []


def _cel(tabel, rij, onderwerp):
    return tabel[(tabel["rij"] == rij) & (tabel["onderwerp"] == onderwerp)].iloc[0]


def test_duidingstabel_cells_are_computed_dutch_sentences():
    basis = _basis(_met_m())
    n = basis.per_niveau.set_index("onderwijsniveau")
    tabel = duiding.duidingstabel(basis)
    assert list(tabel.columns) == duiding.KOLOMMEN
    assert set(tabel["rij"]) == {"zien", "betekenis geven"}
    assert [o for o in tabel["onderwerp"] if o in ("laag", "middelbaar", "hoog")] == ["laag", "middelbaar", "hoog"] * 2
    # zien: the estimated jobs per level in the base year of the estimate
    assert _cel(tabel, "zien", "middelbaar")["werkgelegenheid"] == (
        f"middelbaar: ca. {tekst.aantal(n.loc['middelbaar', 'banen_geschat'], 'x 1 000')} banen (werkplaats) in 2023, "
        "geschat")
    # betekenis geven: the expansion demand from the one projection, and the need of the focus sector per year
    werk = _cel(tabel, "betekenis geven", "middelbaar")["werkgelegenheid"]
    assert werk.startswith(f"Uitbreidingsvraag op middelbaar niveau over 5 jaar: ca. "
                           f"{tekst.tiental(n.loc['middelbaar', 'uitbreidingsvraag'])} banen (")
    assert "80%-interval" in werk
    assert (f"behoefte bouwnijverheid {tekst.tiental(n.loc['middelbaar', 'behoefte_onder'])} tot "
            f"{tekst.tiental(n.loc['middelbaar', 'behoefte_boven'])} banen per jaar (uitbreiding + vervanging)") in werk
    assert "apart: landelijke verschuiving naar hoger opgeleid werk 0 banen" in werk  # national shares constant
    # the inflow with its trend judgement; DUO first-years 300 -> 258 (see test_analyse); 2023 is provisional
    aanbod_ = _cel(tabel, "betekenis geven", "middelbaar")["onderwijsaanbod"]
    assert aanbod_.startswith(f"Instroom op middelbaar niveau: {n.loc['middelbaar', 'instroom_zin']}; 258 eerstejaars "
                              "in 2023/'24* (DUO-eerstejaars op middelbaar niveau in de gekoppelde sectorkamers, "
                              "geteld op de hoofdvestiging van de mbo-instelling)")
    # graduates 51 + 105 + 90 = 246 (to tens 250), of whom 57,7 to 121,8 school-leavers stay (to tens 60 to 120)
    assert ("; gediplomeerden ca. 250 per jaar in de gekoppelde studierichtingen (gemiddelde 2021–2023*, woonplaats), "
            "waarvan naar schatting 60 tot 120 schoolverlaters die in de regio gaan werken") in aanbod_
    b_onder, b_boven = _behoefte(basis)
    assert aanbod_.endswith(f"; behoefte van alle sectoren die deze richtingen voeden (F, B-E en M) "
                            f"{tekst.tiental(b_onder)} tot {tekst.tiental(b_boven)} banen per jaar")
    # entree: 30 first-years every year
    assert "; 30 eerstejaars in 2023/'24*" in _cel(tabel, "betekenis geven", "laag")["onderwijsaanbod"]
    assert "gediplomeerden ca. 800 per jaar in alle richtingen samen" in _cel(tabel, "betekenis geven", "hoog")[
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
    sector = _cel(tabel, "zien", "sector")
    assert sector["onderwijsaanbod"] == ("Studierichting 07 Techniek, industrie en bouwkunde: opleidingen op laag, "
                                         "middelbaar en hoog niveau (naar de vestiging van de opleiding)")
    assert _cel(tabel, "betekenis geven", "sector")["werkgelegenheid"] == (
        f"Werkgelegenheid bouwnijverheid: {basis.werk_trend.zin}; landelijk gemiddeld +1,0% per jaar (2018–2023*)")
    # all levels: 30 + 300 + 200 = 530 first-years in 2018, 488 in 2023: (488 / 530)^(1/5) - 1 = -1,6% a year
    assert _cel(tabel, "betekenis geven", "sector")["onderwijsaanbod"] == (
        "Instroom alle niveaus (DUO-eerstejaars, op de vestiging): gemiddeld \u22121,6% per jaar (2018–2023*); het "
        "oordeel per niveau staat hieronder")
    # replacement of F over 5 years: 17 389 jobs in 2023 x 25% x 5/20 = 1 087 to x 5/12 = 1 811, to tens
    vergrijzing = _cel(tabel, "betekenis geven", "vergrijzing")["werkgelegenheid"]
    assert vergrijzing.startswith("Aandeel 55-plussers 25,0% tegen 20,0% landelijk (+5,0 procentpunt, 2023*;")
    assert "Vervangingsvraag bouwnijverheid over 5 jaar: 1.090 tot 1.810 banen" in vergrijzing
    assert {"functies", "doorstroom"} <= set(tabel["onderwerp"])  # the guide's questions without open data
    assert _cel(tabel, "betekenis geven", "doorstroom")["onderwijsaanbod"].startswith(
        "Doorstroom mbo 3 naar mbo 4: 120 eerstejaars mbo 4 met een mbo 3-diploma in 2023/'24*")
    toelichting = tabel.attrs["toelichting"]
    assert "arbeidsongeschiktheid" in toelichting and schoolverlaters.TOELICHTING in toelichting
    assert "entree → laag; mbo 2, 3 en 4 → middelbaar; hbo en wo → hoog" in toelichting
    assert toelichting.endswith(duiding.VERVANGINGSVRAAG_TOELICHTING)


def test_duidingstabel_says_unknown_where_duo_has_no_main_site_and_no_where_there_is_no_location():
    # AM02: no mbo main site (programme unknown, student trend instead of first-years), hbo/wo locations with 0
    tabel = duiding.duidingstabel(_basis(regio="AM02"))
    assert _cel(tabel, "zien", "sector")["onderwijsaanbod"] == (
        "Studierichting 07 Techniek, industrie en bouwkunde: geen op hoog niveau; onbekend op laag en middelbaar "
        "niveau (naar de vestiging van de opleiding)")
    assert _cel(tabel, "zien", "middelbaar")["onderwijsaanbod"].endswith(
        "Opleiding op middelbaar niveau in de regio: onbekend (geen gediplomeerden in de gekoppelde sectorkamers bij "
        "een instelling met hoofdvestiging in de regio; DUO telt vestigingen van instellingen van elders niet mee)")
    middelbaar = _cel(tabel, "betekenis geven", "middelbaar")["onderwijsaanbod"]
    assert middelbaar.startswith("Studenten op middelbaar niveau: geen duidelijke ontwikkeling (")
    assert ("(geen eerstejaars bekend voor deze regio: in plaats daarvan de trend van alle studenten op middelbaar "
            "niveau die in de regio wonen (CBS, alle richtingen))") in middelbaar
    assert "eerstejaars in" not in middelbaar  # no first-year count is made up
    # hoog: 0 first-years every year, so there is no trend
    assert _cel(tabel, "betekenis geven", "hoog")["onderwijsaanbod"].startswith(
        "Instroom op hoog niveau: onbekend: te weinig definitieve jaren met een positieve waarde (0, minstens 3 "
        "nodig); 0 eerstejaars in 2023/'24*")
    assert _cel(tabel, "betekenis geven", "sector")["onderwijsaanbod"].startswith(
        "Instroom alle niveaus: niet op één manier te meten")


def test_duidingstabel_with_missing_data_says_unknown():
    tabel = duiding.duidingstabel(_basis(regio="AM03"))
    assert tabel["werkgelegenheid"].str.contains("onbekend").any()
    assert not tabel["werkgelegenheid"].str.contains(r"\b0,0%").any()
    assert _cel(tabel, "betekenis geven", "middelbaar")["werkgelegenheid"] == "Vraag op middelbaar niveau onbekend"


def test_duidingstabel_markdown():
    basis = _basis()
    hoog = basis.per_niveau.set_index("onderwijsniveau").loc["hoog", "banen_geschat"]
    md = duiding.duidingstabel_markdown(duiding.duidingstabel(basis))
    assert md.startswith("|  | Onderwerp | Werkgelegenheid | Onderwijsaanbod |")
    assert (f"| hoog | hoog: ca. {tekst.aantal(hoog, 'x 1 000')} banen (werkplaats) in 2023, geschat | Studenten uit "
            "de regio (woonplaats van de student, 2023/'24*): 3.000") in md
    assert md.rstrip().endswith(duiding.VERVANGINGSVRAAG_TOELICHTING.rstrip())


def test_groeivergelijking_table_for_the_chart():
    basis = _basis(_met_m())
    t = duiding.groeivergelijking(basis)
    assert list(t.index) == ["middelbaar", "hoog"]  # laag: entree is not the supply of work at that level
    assert list(t.columns) == ["Behoefte per jaar (banen, schatting)",
                               "Schoolverlaters die blijven per jaar (personen, schatting)"]
    b_onder, b_boven = _behoefte(basis)
    assert t.loc["middelbaar", t.columns[0]] == pytest.approx((b_onder + b_boven) / 2)
    # the middle of the school-leavers of 51, 105 and 90 graduates
    assert t.loc["middelbaar", t.columns[1]] == pytest.approx(_verlaters(MBO_07)[1])
    # hoog: graduates of every field, not comparable with the need of one field: no bar
    assert np.isnan(t.loc["hoog", t.columns[1]]) and not np.isnan(t.loc["hoog", t.columns[0]])


def test_kernboodschap():
    basis = _basis(_met_m())
    zin = duiding.kernboodschap(knelpunten.beoordeel(basis), basis)
    assert zin.startswith("In Groningen knelt het voor bouwnijverheid: tekort op middelbaar niveau (werkgelegenheid "
                          "groeit; vooral vervangingsvraag (vergrijzing)).")
    assert zin.endswith(" Op laag en hoog niveau is het niet te beoordelen; daar is geen knelpunt aangenomen, maar "
                        "ook niet uitgesloten.")
    leeg = duiding.kernboodschap(knelpunten.beoordeel(_basis(regio="AM03")), _basis(regio="AM03"))
    assert leeg.startswith("Met de gekozen drempels vindt het werkboek voor bouwnijverheid in Drenthe geen knelpunt.")
    assert "Op laag, middelbaar en hoog niveau is het niet te beoordelen" in leeg
    b_onder, b_boven = _behoefte(basis)
    per_onder, _, per_boven = PER_GEDIPLOMEERDE
    landen = _basis(_met_gediplomeerden(3 * b_boven / per_onder))
    zin = duiding.kernboodschap(knelpunten.beoordeel(landen), landen)
    assert zin.startswith("Met de gekozen drempels vindt het werkboek voor bouwnijverheid in Groningen geen knelpunt.")
    assert " Aandachtspunt op middelbaar niveau: er studeren ruim meer mensen af dan de sectoren nodig hebben" in zin
    onzeker = _basis(_met_gediplomeerden(b_onder / per_boven))
    zin = duiding.kernboodschap(knelpunten.beoordeel(onzeker), onzeker)
    assert " Op middelbaar niveau is de uitkomst onzeker: die hangt af van de aannames." in zin
