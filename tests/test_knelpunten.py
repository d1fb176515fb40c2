"""Pain-point rules, deepening questions and the duiding table on hand-made frames."""

from __future__ import annotations

import pandas as pd
import pytest

import maakframes as mf
from werkboek import analyse, duiding, knelpunten
from werkboek.knelpunten import GEEN_KNELPUNT, KNELPUNT, NIET_TE_BEOORDELEN, Drempels


def _basis(data=None, regio="AM01", **kwargs):
    return analyse.duidingsbasis(data or mf.alle_data(), mf.parameters(regio=regio), **kwargs)


def _uitkomst(beoordelingen, code, niveau):
    gevonden = [b for b in beoordelingen if b.code == code and b.onderwijsniveau == niveau]
    assert len(gevonden) == 1
    return gevonden[0]


def test_growth_with_falling_inflow_is_found_with_evidence():
    b = _uitkomst(knelpunten.beoordeel(_basis()), "groei_dalende_instroom", "mbo_4")
    assert b.status == KNELPUNT
    assert "+3,0% per jaar" in b.bewijs and "\u22123,0% per jaar" in b.bewijs
    assert "banen, werkplaats" in b.bewijs and "studenten, woonplaats" in b.bewijs
    assert "+0,5%" in b.regel


def test_flat_inflow_is_no_pain_point():
    assert _uitkomst(knelpunten.beoordeel(_basis()), "groei_dalende_instroom", "mbo_3").status == GEEN_KNELPUNT


def test_growth_without_programme():
    uitkomst = knelpunten.beoordeel(_basis())
    assert _uitkomst(uitkomst, "groei_zonder_aanbod", "hbo").status == KNELPUNT
    assert _uitkomst(uitkomst, "groei_zonder_aanbod", "mbo_4").status == GEEN_KNELPUNT
    wo = _uitkomst(uitkomst, "groei_zonder_aanbod", "wo")
    assert wo.status == NIET_TE_BEOORDELEN and "opleidingsaanbod onbekend" in wo.bewijs


def test_replacement_pressure():
    b = _uitkomst(knelpunten.beoordeel(_basis()), "vervangingsdruk", "alle")
    assert b.status == KNELPUNT
    assert "25,0%" in b.bewijs and "20,0%" in b.bewijs and "+5,0 procentpunt" in b.bewijs


def test_thresholds_are_parameters():
    streng = Drempels(vergrijzing_marge_procentpunt=6.0, groei_procent=3.5)
    uitkomst = knelpunten.beoordeel(_basis(), streng)
    assert _uitkomst(uitkomst, "vervangingsdruk", "alle").status == GEEN_KNELPUNT
    assert _uitkomst(uitkomst, "groei_dalende_instroom", "mbo_4").status == GEEN_KNELPUNT
    assert "6,0 procentpunt" in _uitkomst(uitkomst, "vervangingsdruk", "alle").regel


def test_drempels_documented_in_dutch():
    tabel = Drempels().als_tabel()
    assert {r["drempel"] for r in tabel} == {"groei_procent", "instroom_daling_procent", "instroom_vlak_procent",
                                             "vergrijzing_marge_procentpunt", "overaanbod_factor", "onderaanbod_factor"}
    assert all(r["betekenis"] for r in tabel)
    marge = next(r for r in tabel if r["drempel"] == "vergrijzing_marge_procentpunt")
    assert marge["betekenis"].endswith("zoveel procentpunt verschil.")


@pytest.mark.parametrize("gediplomeerden, code", [(1000.0, "overaanbod"), (50.0, "onderaanbod")])
def test_supply_against_need(gediplomeerden, code):
    data = mf.alle_data()
    o = data["onderwijs"]
    o.loc[o["onderwijsniveau"] == "mbo_4", "gediplomeerden"] = gediplomeerden
    uitkomst = knelpunten.beoordeel(_basis(data))
    assert _uitkomst(uitkomst, code, "mbo_4").status == KNELPUNT
    ander = {"overaanbod": "onderaanbod", "onderaanbod": "overaanbod"}[code]
    assert _uitkomst(uitkomst, ander, "mbo_4").status == GEEN_KNELPUNT
    assert "verhouding" in _uitkomst(uitkomst, code, "mbo_4").bewijs


def test_balanced_supply_is_no_pain_point():
    uitkomst = knelpunten.beoordeel(_basis())
    assert _uitkomst(uitkomst, "overaanbod", "mbo_4").status == GEEN_KNELPUNT
    assert _uitkomst(uitkomst, "onderaanbod", "mbo_4").status == GEEN_KNELPUNT


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


def test_duidingstabel_cells_are_computed_dutch_sentences():
    tabel = duiding.duidingstabel(_basis())
    assert list(tabel.columns) == duiding.KOLOMMEN
    assert set(tabel["rij"]) == {"zien", "betekenis geven"}
    cel = tabel[(tabel["rij"] == "betekenis geven") & (tabel["onderwerp"] == "mbo 4")].iloc[0]
    assert cel["werkgelegenheid"].startswith("Werkgelegenheid mbo 4 groeit (+3,0% per jaar")
    assert cel["onderwijsaanbod"].startswith("Instroom mbo 4 daalt (\u22123,0% per jaar")
    assert "richting voedt (B-E en F)" in cel["onderwijsaanbod"]
    hbo = tabel[(tabel["rij"] == "zien") & (tabel["onderwerp"] == "hbo")].iloc[0]
    assert hbo["onderwijsaanbod"].startswith("Geen regionale hbo-opleiding in deze richting")
    wo = tabel[(tabel["rij"] == "zien") & (tabel["onderwerp"] == "wo")].iloc[0]
    assert wo["onderwijsaanbod"].startswith("Onbekend of er")
    assert "geschat" in hbo["werkgelegenheid"] and "banen (werkplaats)" in hbo["werkgelegenheid"]
    sector = tabel[(tabel["rij"] == "zien") & (tabel["onderwerp"] == "sector")].iloc[0]
    assert "techniek en bouw" in sector["onderwijsaanbod"] and "geen op hbo" in sector["onderwijsaanbod"]
    vergrijzing = tabel[tabel["onderwerp"] == "vergrijzing"].iloc[0]
    assert "vervangingsvraag" in vergrijzing["werkgelegenheid"]
    assert {"functies", "doorstroom"} <= set(tabel["onderwerp"])  # the guide's questions without open data
    assert "arbeidsongeschiktheid" in tabel.attrs["toelichting"]


def test_duidingstabel_with_missing_data_says_unknown():
    tabel = duiding.duidingstabel(_basis(regio="AM03"))
    assert tabel["werkgelegenheid"].str.contains("onbekend").any()
    assert not tabel["werkgelegenheid"].str.contains(r"\b0,0%").any()


def test_duidingstabel_markdown():
    md = duiding.duidingstabel_markdown(duiding.duidingstabel(_basis()))
    assert md.startswith("|  | Onderwerp | Werkgelegenheid | Onderwijsaanbod |")
    assert "Geen regionale hbo-opleiding" in md


def test_supply_rule_uses_the_need_of_every_sector_in_the_field():
    uitkomst = knelpunten.beoordeel(_basis())
    b = _uitkomst(uitkomst, "onderaanbod", "mbo_4")
    assert "de sectoren B-E en F" in b.bewijs and "de sectoren B-E en F" in b.regel
    data = mf.alle_data()
    data["werkzamen_sector_onderwijs"] = data["werkzamen_sector_onderwijs"].query("sector == 'F'")
    zonder_be = _uitkomst(knelpunten.beoordeel(_basis(data)), "onderaanbod", "mbo_4")
    assert zonder_be.status == NIET_TE_BEOORDELEN and "B-E en F" in zonder_be.bewijs


def test_groeivergelijking_table_for_the_chart():
    t = duiding.groeivergelijking(_basis())
    assert list(t.index) == ["mbo 1-2", "mbo 3", "mbo 4", "hbo", "wo"]
    assert t.loc["mbo 4"].tolist() == pytest.approx([3.0, -3.0])
    assert "werkplaats" in t.columns[0] and "woonplaats" in t.columns[1]


def test_kernboodschap():
    uitkomst = knelpunten.beoordeel(_basis())
    zin = duiding.kernboodschap(uitkomst, _basis())
    assert zin.startswith("In Groningen ontstaat voor bouwnijverheid een knelpunt op mbo 4 en hbo")
    assert "werkgelegenheid mbo 4 groeit, instroom mbo 4 daalt" in zin
    assert "niet te beoordelen" in zin
    leeg = duiding.kernboodschap(knelpunten.beoordeel(_basis(regio="AM03")), _basis(regio="AM03"))
    assert leeg.startswith("Met de gekozen drempels vindt het werkboek voor bouwnijverheid in Drenthe geen knelpunt.")
    assert "geen knelpunt aangenomen" in leeg
