"""Pain-point rules, deepening questions and the duiding table on hand-made frames."""

from __future__ import annotations

import numpy as np
import pytest

import maakframes as mf
from werkboek import analyse, duiding, knelpunten, tekst
from werkboek.knelpunten import GEEN_KNELPUNT, KNELPUNT, NIET_TE_BEOORDELEN, Drempels


def _basis(data=None, regio="AM01", **kwargs):
    return analyse.duidingsbasis(data or mf.alle_data(), mf.parameters(regio=regio), **kwargs)


def _zonder_richting(**wijzig):
    """maakframes with the education source of this version (CBS 71450ned): no field, first years or graduates."""
    return mf.alle_data() | {"onderwijs": mf.onderwijs_71450ned(), **wijzig}


def _uitkomst(beoordelingen, code, niveau):
    gevonden = [b for b in beoordelingen if b.code == code and b.onderwijsniveau == niveau]
    assert len(gevonden) == 1
    return gevonden[0]


def test_rules_judge_the_three_levels_and_all_levels():
    uitkomst = knelpunten.beoordeel(_basis())
    assert [b.onderwijsniveau for b in uitkomst if b.code == "groei_dalende_instroom"] == ["laag", "middelbaar", "hoog"]
    assert [b.onderwijsniveau for b in uitkomst if b.code == "vervangingsdruk"] == ["alle"]


def test_growth_with_falling_inflow_is_found_with_evidence():
    # middelbaar: jobs +3% a year (F grows 3%, the national share per level is constant); inflow mbo 2 + 3 + 4
    # = 200 + 400 + 400, each -3% a year
    b = _uitkomst(knelpunten.beoordeel(_basis()), "groei_dalende_instroom", "middelbaar")
    assert b.status == KNELPUNT
    assert b.titel == "Werk op middelbaar niveau groeit, instroom op dat niveau daalt"
    assert "+3,0% per jaar" in b.bewijs and "\u22123,0% per jaar" in b.bewijs
    assert "banen, werkplaats" in b.bewijs and "studenten, woonplaats" in b.bewijs
    assert "+0,5%" in b.regel


def test_flat_inflow_is_no_pain_point():
    # laag: inflow entree constant at 100
    assert _uitkomst(knelpunten.beoordeel(_basis()), "groei_dalende_instroom", "laag").status == GEEN_KNELPUNT


def test_growth_without_programme():
    uitkomst = knelpunten.beoordeel(_basis())
    hoog = _uitkomst(uitkomst, "groei_zonder_aanbod", "hoog")  # 0 students in hbo and wo
    assert hoog.status == KNELPUNT and "geen regionale opleiding" in hoog.bewijs
    assert _uitkomst(uitkomst, "groei_zonder_aanbod", "middelbaar").status == GEEN_KNELPUNT
    data = mf.alle_data() | {"onderwijs": mf.onderwijs({"entree": {"ingeschrevenen": np.nan}})}
    laag = _uitkomst(knelpunten.beoordeel(_basis(data)), "groei_zonder_aanbod", "laag")
    assert laag.status == NIET_TE_BEOORDELEN and "opleidingsaanbod onbekend" in laag.bewijs


def test_growth_without_programme_when_the_source_counts_all_fields_together():
    # Students of some field on a level do not show a programme in the sector's field: not to be judged, never
    # "no pain point". No students in any field on a level does show that the field has none either.
    uitkomst = knelpunten.beoordeel(_basis(_zonder_richting()))
    middelbaar = _uitkomst(uitkomst, "groei_zonder_aanbod", "middelbaar")
    assert middelbaar.status == NIET_TE_BEOORDELEN
    assert "bijpassende richting (de bron telt alle richtingen samen) onbekend" in middelbaar.bewijs
    hoog = _uitkomst(uitkomst, "groei_zonder_aanbod", "hoog")
    assert hoog.status == KNELPUNT and "in welke richting ook" in hoog.bewijs
    # what the region states about its own schools counts, also without fields in the source
    opgegeven = knelpunten.beoordeel(_basis(_zonder_richting(), aanbod_bekend={"middelbaar": True}))
    assert _uitkomst(opgegeven, "groei_zonder_aanbod", "middelbaar").status == GEEN_KNELPUNT


def test_without_first_years_or_graduates_the_inflow_and_supply_rules_are_not_judged():
    uitkomst = knelpunten.beoordeel(_basis(_zonder_richting()))
    for code in ("groei_dalende_instroom", "onderaanbod", "overaanbod"):
        for niveau in ("laag", "middelbaar", "hoog"):
            b = _uitkomst(uitkomst, code, niveau)
            assert b.status == NIET_TE_BEOORDELEN and "Niet te beoordelen" in b.bewijs, (code, niveau)
    assert _uitkomst(uitkomst, "vervangingsdruk", "alle").status == NIET_TE_BEOORDELEN
    assert {(k.code, k.onderwijsniveau) for k in knelpunten.knelpunten(uitkomst)} == {("groei_zonder_aanbod", "hoog")}


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


# The need of the field on middelbaar (sectors B-E and F) is about 754 persons a year (see test_analyse): the
# factors 2 and 0,5 put the bounds at about 1 509 and 377 graduates a year.
@pytest.mark.parametrize("gediplomeerden, code, bewijs", [
    (1600.0, "overaanbod", "ca. 1.600 per jaar (gediplomeerden)"),
    (350.0, "onderaanbod", "ca. 350 per jaar (gediplomeerden)"),
])
def test_supply_against_need(gediplomeerden, code, bewijs):
    data = mf.alle_data()
    o = data["onderwijs"]
    o.loc[o["onderwijsniveau"] == "middelbaar", "gediplomeerden"] = gediplomeerden
    uitkomst = knelpunten.beoordeel(_basis(data))
    assert _uitkomst(uitkomst, code, "middelbaar").status == KNELPUNT
    ander = {"overaanbod": "onderaanbod", "onderaanbod": "overaanbod"}[code]
    assert _uitkomst(uitkomst, ander, "middelbaar").status == GEEN_KNELPUNT
    verhouding = tekst.getal(gediplomeerden / _basis(data).per_niveau.set_index("onderwijsniveau").loc[
        "middelbaar", "behoefte_richting_per_jaar"], 2)
    assert f"{bewijs}; " in _uitkomst(uitkomst, code, "middelbaar").bewijs
    assert f"verhouding {verhouding}." in _uitkomst(uitkomst, code, "middelbaar").bewijs


def test_balanced_supply_is_no_pain_point():
    # middelbaar: about 886 expected from lagged inflow (mbo 3 graduates unknown) against a need of about 754
    uitkomst = knelpunten.beoordeel(_basis())
    assert _uitkomst(uitkomst, "overaanbod", "middelbaar").status == GEEN_KNELPUNT
    assert _uitkomst(uitkomst, "onderaanbod", "middelbaar").status == GEEN_KNELPUNT
    assert "verhouding 1,17" in _uitkomst(uitkomst, "onderaanbod", "middelbaar").bewijs
    # laag: 80 graduates against about 325: too few
    assert _uitkomst(uitkomst, "onderaanbod", "laag").status == KNELPUNT


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
    uitkomst = knelpunten.beoordeel(_basis())
    vragen = knelpunten.verdiepende_vragen(uitkomst, sector="F", speerpuntsectoren=("F",))
    patronen = {v["patroon"] for v in vragen}
    assert {"vervangingsvraag", "onvoldoende_instroom", "aanbod_aanpassen", "economische_relevantie"} <= patronen
    assert "maatschappelijke_relevantie" not in patronen
    assert "voldoende_instroom" not in patronen
    assert all(v["aanleiding"] for v in vragen)
    assert knelpunten.verdiepende_vragen(uitkomst, sector="Q")  # care adds the social question
    assert "maatschappelijke_relevantie" in {v["patroon"] for v in knelpunten.verdiepende_vragen(uitkomst, sector="Q")}


def test_no_questions_without_pain_points():
    assert knelpunten.verdiepende_vragen([], sector="Q") == []


def _cel(tabel, rij, onderwerp):
    return tabel[(tabel["rij"] == rij) & (tabel["onderwerp"] == onderwerp)].iloc[0]


def test_duidingstabel_cells_are_computed_dutch_sentences():
    tabel = duiding.duidingstabel(_basis())
    assert list(tabel.columns) == duiding.KOLOMMEN
    assert set(tabel["rij"]) == {"zien", "betekenis geven"}
    assert [o for o in tabel["onderwerp"] if o in ("laag", "middelbaar", "hoog")] == ["laag", "middelbaar", "hoog"] * 2
    cel = _cel(tabel, "betekenis geven", "middelbaar")
    assert cel["werkgelegenheid"].startswith("Werkgelegenheid op middelbaar niveau groeit (+3,0% per jaar)")
    assert cel["onderwijsaanbod"].startswith("Instroom op middelbaar niveau daalt (\u22123,0% per jaar)")
    assert "richting voedt (B-E en F)" in cel["onderwijsaanbod"]
    assert _cel(tabel, "betekenis geven", "laag")["onderwijsaanbod"].startswith(
        "Instroom op laag niveau blijft gelijk (0,0% per jaar)")
    hoog = _cel(tabel, "zien", "hoog")
    assert hoog["onderwijsaanbod"] == "Geen studenten uit de regio op niveau hoog in deze richting (studenten naar woonregio)"
    assert _cel(tabel, "zien", "middelbaar")["onderwijsaanbod"] == (
        "Studenten uit de regio op niveau middelbaar in deze richting: ja (studenten naar woonregio)")
    assert "geschat" in hoog["werkgelegenheid"] and "banen (werkplaats)" in hoog["werkgelegenheid"]
    sector = _cel(tabel, "zien", "sector")
    assert sector["onderwijsaanbod"] == ("Richting techniek en bouw: opleidingen op laag en middelbaar niveau; "
                                         "geen op hoog niveau")
    vergrijzing = tabel[tabel["onderwerp"] == "vergrijzing"].iloc[0]
    assert "vervangingsvraag" in vergrijzing["werkgelegenheid"]
    assert {"functies", "doorstroom"} <= set(tabel["onderwerp"])  # the guide's questions without open data
    assert "arbeidsongeschiktheid" in tabel.attrs["toelichting"]
    assert "entree → laag; mbo 2, 3 en 4 → middelbaar; hbo en wo → hoog" in tabel.attrs["toelichting"]
    onbekend = duiding.duidingstabel(_basis(mf.alle_data() | {"onderwijs": mf.onderwijs({"entree": {"ingeschrevenen": np.nan}})}))
    assert _cel(onbekend, "zien", "laag")["onderwijsaanbod"] == (
        "Onbekend of er een regionale opleiding op niveau laag in deze richting is")
    assert "onbekend op laag niveau" in _cel(onbekend, "zien", "sector")["onderwijsaanbod"]


def test_duidingstabel_without_fields_speaks_of_all_fields():
    tabel = duiding.duidingstabel(_basis(_zonder_richting()))
    assert _cel(tabel, "zien", "sector")["onderwijsaanbod"].startswith(
        "Alle richtingen samen (de bron telt geen opleidingsrichting): opleidingen op laag en middelbaar niveau")
    assert _cel(tabel, "zien", "middelbaar")["onderwijsaanbod"] == (
        "Studenten uit de regio op niveau middelbaar: ja (studenten naar woonregio)")
    assert not tabel["onderwijsaanbod"].str.contains("in deze richting").any()
    assert _cel(tabel, "betekenis geven", "middelbaar")["onderwijsaanbod"].startswith(
        "Ontwikkeling instroom op middelbaar niveau onbekend")
    assert "verwachte uitstroom" not in " ".join(tabel["onderwijsaanbod"])  # no graduates, no lagged inflow


def test_duidingstabel_with_missing_data_says_unknown():
    tabel = duiding.duidingstabel(_basis(regio="AM03"))
    assert tabel["werkgelegenheid"].str.contains("onbekend").any()
    assert not tabel["werkgelegenheid"].str.contains(r"\b0,0%").any()


def test_duidingstabel_markdown():
    md = duiding.duidingstabel_markdown(duiding.duidingstabel(_basis()))
    assert md.startswith("|  | Onderwerp | Werkgelegenheid | Onderwijsaanbod |")
    assert "| hoog | hoog: ca. 4,3 duizend banen (werkplaats), geschat | Geen studenten uit de regio op niveau hoog" in md
    assert md.rstrip().endswith(analyse.VERVANGINGSVRAAG_TOELICHTING.rstrip())


def test_supply_rule_uses_the_need_of_every_sector_in_the_field():
    uitkomst = knelpunten.beoordeel(_basis())
    b = _uitkomst(uitkomst, "onderaanbod", "middelbaar")
    assert "de sectoren B-E en F" in b.bewijs and "de sectoren B-E en F" in b.regel
    assert "ca. 754 personen per jaar" in b.bewijs  # F about 442 plus B-E 30 000 x 150/300 x 25% / 12 = 312,5
    data = mf.alle_data()
    data["werkzamen_sector_onderwijs"] = data["werkzamen_sector_onderwijs"].query("sector == 'F'")
    zonder_be = _uitkomst(knelpunten.beoordeel(_basis(data)), "onderaanbod", "middelbaar")
    assert zonder_be.status == NIET_TE_BEOORDELEN and "B-E en F" in zonder_be.bewijs


def test_groeivergelijking_table_for_the_chart():
    t = duiding.groeivergelijking(_basis())
    assert list(t.index) == ["laag", "middelbaar", "hoog"]
    assert t.loc["middelbaar"].tolist() == pytest.approx([3.0, -3.0])
    assert t.loc["laag"].tolist() == pytest.approx([3.0, 0.0])
    assert np.isnan(t.loc["hoog", t.columns[1]])  # no first-year students at all: growth unknown, not 0
    assert "werkplaats" in t.columns[0] and "woonplaats" in t.columns[1]


def test_kernboodschap():
    uitkomst = knelpunten.beoordeel(_basis())
    zin = duiding.kernboodschap(uitkomst, _basis())
    assert zin.startswith("In Groningen ontstaat voor bouwnijverheid een knelpunt op laag, middelbaar en hoog niveau: "
                          "hoge vergrijzing bij vlakke of dalende instroom, ")
    assert "werk op middelbaar niveau groeit, instroom op dat niveau daalt" in zin
    assert "werk op hoog niveau groeit zonder regionale opleiding" in zin
    assert "1 regel was niet te beoordelen" in zin  # hoog: inflow growth from 0 is unknown
    leeg = duiding.kernboodschap(knelpunten.beoordeel(_basis(regio="AM03")), _basis(regio="AM03"))
    assert leeg.startswith("Met de gekozen drempels vindt het werkboek voor bouwnijverheid in Drenthe geen knelpunt.")
    assert "geen knelpunt aangenomen" in leeg
