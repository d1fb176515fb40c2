"""Dutch, locale-independent number notation."""

import math

import pandas as pd
import pytest

from werkboek import tekst


@pytest.mark.parametrize("waarde, decimalen, verwacht", [
    (1234.5, 1, "1.234,5"),
    (1234567.891, 2, "1.234.567,89"),
    (-3.0, 1, "\u22123,0"),
    (-0.01, 1, "0,0"),
    (12, 0, "12"),
    (1234.5, 0, "1.235"),
    (2.675, 2, "2,68"),
    (-0.25, 1, "\u22120,3"),
])
def test_getal(waarde, decimalen, verwacht):
    assert tekst.getal(waarde, decimalen) == verwacht


def test_missing_values_are_words_never_zero():
    for leeg in (None, math.nan, pd.NA, float("nan")):
        assert tekst.getal(leeg) == "onbekend"
        assert tekst.procent(leeg) == "onbekend"


def test_procent_and_sign():
    assert tekst.procent(2.06, teken=True) == "+2,1%"
    assert tekst.procent(-3.0, teken=True) == "\u22123,0%"
    assert tekst.procentpunt(3.24) == "+3,2 procentpunt"


def test_met_eenheid():
    assert tekst.met_eenheid(5.55, "%") == "5,6%"
    assert tekst.met_eenheid(315.34, "x 1 000") == "315,3 duizend"
    assert tekst.met_eenheid(1046.1, "aantal") == "1.046"
    assert tekst.met_eenheid(None, "%") == "onbekend"


def test_aantal_in_published_unit():
    assert tekst.aantal(12.34, "x 1 000") == "12,3 duizend"
    assert tekst.aantal(1500.0) == "1.500"


def test_lijst_periode_niveau_ontwikkeling():
    assert tekst.lijst(["a", "b", "c"]) == "a, b en c"
    assert tekst.lijst(["a"]) == "a"
    assert tekst.periode(2018, 2023, True) == "2018–2023*"
    assert tekst.periode(None, 2023) == "2023"
    assert tekst.niveau_label("mbo_4") == "mbo 4"
    assert tekst.ontwikkeling(2.0) == "groeit"
    assert tekst.ontwikkeling(-2.0) == "daalt"
    assert tekst.ontwikkeling(0.2) == "blijft gelijk"
    assert tekst.ontwikkeling(math.nan) == "onbekend"
