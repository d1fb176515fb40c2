import json

import pytest

from werkboek.fouten import OnbekendeRegioFout
from werkboek.regios import alle_regios, normaliseer, zoek_regio


def test_register_has_35_regions_with_gaps_in_codes():
    codes = [r.code for r in alle_regios()]
    assert len(codes) == 35
    assert {"AM04", "AM16", "AM31"}.isdisjoint(codes)
    assert codes[0] == "AM01" and codes[-1] == "AM38"
    assert len({r.slug for r in alle_regios()}) == 35


@pytest.mark.parametrize(
    "invoer, code",
    [
        ("AM01", "AM01"),
        ("am1", "AM01"),
        (" AM01 ", "AM01"),
        ("1", "AM01"),
        ("01", "AM01"),
        ("Groningen", "AM01"),
        ("groningen", "AM01"),
        ("GRONINGEN", "AM01"),
        ("Zaanstreek/Waterland", "AM17"),
        ("zaanstreek-waterland", "AM17"),
        ("zaanstreek waterland", "AM17"),
        ("Fóodvalley", "AM38"),
        ("FoodValley", "AM38"),
        ("Helmond-De Peel", "AM32"),
        ("am38", "AM38"),
        ("Zuid-Kennemerland en IJmond", "AM37"),
    ],
)
def test_lookup_forms_resolve(invoer, code):
    assert zoek_regio(invoer).code == code


@pytest.mark.parametrize(
    "invoer, suggestie",
    [
        ("Groningn", "Groningen"),  # typo
        ("AM04", "AM03"),  # retired code: nearest existing code is suggested
        ("Zaanstreek", "Zaanstreek/Waterland"),  # partial name
        ("99", "AM38"),  # number out of range
        ("Amsterdm", "Groot Amsterdam"),  # misspelt partial
    ],
)
def test_bad_input_gives_dutch_error_with_suggestion(invoer, suggestie):
    with pytest.raises(OnbekendeRegioFout) as fout:
        zoek_regio(invoer)
    bericht = str(fout.value)
    assert "Onbekende arbeidsmarktregio" in bericht
    assert "Bedoelt u" in bericht and suggestie in bericht
    assert "Geldige regio's" in bericht and "AM01 Groningen" in bericht and "AM38 FoodValley" in bericht


@pytest.mark.parametrize("invoer", ["", "   ", None, 1, 3.5])
def test_empty_or_non_text_input_is_refused(invoer):
    with pytest.raises(OnbekendeRegioFout) as fout:
        zoek_regio(invoer)
    assert "Geldige regio's" in str(fout.value)


def test_normaliseer_strips_accents_case_and_punctuation():
    assert normaliseer(" Zaanstreek/Waterland ") == "zaanstreekwaterland"
    assert normaliseer("Fryslân") == "fryslan"


def test_register_matches_real_2025_classification(shared_data):
    geojson = json.loads((shared_data / "cartomap" / "arbeidsmarktregio_2025.geojson").read_text(encoding="utf-8"))
    echt = {f["properties"]["statcode"]: f["properties"]["statnaam"] for f in geojson["features"]}
    ons = {r.code: r.naam for r in alle_regios()}
    assert ons == echt
