"""What a warm batch kernel keeps between notebooks (werkboek.fasen.werkgeheugen), what is remembered per frame
(werkboek.onthoud), and the shared work inside one region's duiding: each saves time and changes no figure."""

from __future__ import annotations

import gc

import pandas as pd
import pytest

from werkboek import aanbod, duiding, onthoud
from werkboek.fasen import duiding as fase_duiding
from werkboek.fasen import vraagarticulatie, werkgeheugen
from werkboek.fasen.context import open_context
from werkboek.knelpunten import Drempels


@pytest.fixture
def geheugen_aan():
    werkgeheugen.aan()
    yield
    werkgeheugen.uit()


@pytest.fixture
def omgeving(warme_cache, tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBOEK_CACHE", str(warme_cache))
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(tmp_path / "outputs"))


# -- werkgeheugen --------------------------------------------------------------------------------------------------


def test_off_by_default_every_result_is_computed_again():
    assert not werkgeheugen.is_aan()
    teller = []
    for _ in range(2):
        werkgeheugen.resultaat("AM01", ("fase",), lambda: teller.append(1) or len(teller))
    werkgeheugen.bron(("demo", 2023), lambda: teller.append(1))
    assert len(teller) == 3


def test_switched_on_a_result_is_kept_for_its_region_and_forgotten_for_the_next(geheugen_aan):
    teller = []

    def reken():
        teller.append(1)
        return object()

    eerste = werkgeheugen.resultaat("AM01", ("03", "p"), reken)
    assert werkgeheugen.resultaat("AM01", ("03", "p"), reken) is eerste
    assert werkgeheugen.resultaat("AM01", ("03", "ander"), reken) is not eerste  # other arguments: other result
    werkgeheugen.resultaat("AM02", ("03", "p"), reken)  # a new region empties what was kept
    assert werkgeheugen.resultaat("AM01", ("03", "p"), reken) is not eerste
    assert len(teller) == 4
    # a kept result that does not serve the request is computed again
    assert werkgeheugen.resultaat("AM01", ("03", "p"), reken, bruikbaar=lambda _: False) is not eerste


def test_switched_on_a_source_is_opened_once_per_key(geheugen_aan):
    geopend = []
    a = werkgeheugen.bron(("demo", 2023), lambda: geopend.append(1) or object())
    assert werkgeheugen.bron(("demo", 2023), lambda: geopend.append(1) or object()) is a
    assert werkgeheugen.bron(("demo", 2022), lambda: geopend.append(1) or object()) is not a
    assert len(geopend) == 2


def test_in_the_warm_kernel_notebook_04_gets_the_result_of_notebook_03(omgeving, geheugen_aan):
    ctx03 = open_context(fase_duiding.STAM, "AM01", 2023, "F", 5, "demo", themas=fase_duiding.THEMAS)
    ctx04 = open_context("04_beleidscyclus", "AM01", 2023, "F", 5, "demo", themas=fase_duiding.THEMAS)
    assert ctx04.databron is ctx03.databron  # the data source is opened once
    resultaat03 = fase_duiding.bereken(ctx03, Drempels(), 8)
    assert fase_duiding.bereken(ctx04, Drempels(), 8, screening=False) is resultaat03
    # other thresholds are another question: computed, not taken
    assert fase_duiding.bereken(ctx04, Drempels(tekort_factor=0.7), 8, screening=False) is not resultaat03


def test_a_kept_result_without_the_screening_does_not_serve_notebook_03(omgeving, geheugen_aan):
    ctx = open_context(fase_duiding.STAM, "AM01", 2023, "F", 5, "demo", themas=fase_duiding.THEMAS)
    zonder = fase_duiding.bereken(ctx, Drempels(), 8, screening=False)
    met = fase_duiding.bereken(ctx, Drempels(), 8, screening=True)
    assert "sectorscreening" not in zonder.tabellen and "sectorscreening" in met.tabellen


def test_kept_and_computed_results_are_the_same(omgeving, geheugen_aan):
    ctx01 = open_context(vraagarticulatie.STAM, "AM05", 2023, "F", 5, "demo", themas=vraagarticulatie.THEMAS)
    bewaard = vraagarticulatie.bereken(ctx01)
    werkgeheugen.uit()
    vers = vraagarticulatie.bereken(open_context(vraagarticulatie.STAM, "AM05", 2023, "F", 5, "demo",
                                                 themas=vraagarticulatie.THEMAS))
    assert bewaard.kaart == vers.kaart
    assert bewaard.tabellen.keys() == vers.tabellen.keys()
    for naam, tabel in bewaard.tabellen.items():
        pd.testing.assert_frame_equal(tabel.frame, vers.tabellen[naam].frame)


# -- onthoud.per_frame ---------------------------------------------------------------------------------------------


def test_per_frame_computes_once_per_frame_and_arguments_and_hands_out_copies():
    aanroepen = []

    @onthoud.per_frame
    def som(frame, kolom):
        aanroepen.append(kolom)
        return frame[[kolom]].sum()

    frame = pd.DataFrame({"a": [1, 2], "b": [3, 4]})
    eerste = som(frame, "a")
    eerste["a"] = 100  # the caller changes its own copy only
    assert som(frame, "a")["a"] == 3
    som(frame, "b")
    som(frame.copy(), "a")  # another frame object: computed for it
    assert aanroepen == ["a", "b", "a"]


def test_per_frame_forgets_a_frame_that_is_gone():
    @onthoud.per_frame
    def lengte(frame):
        return len(frame)

    frame = pd.DataFrame({"a": range(3)})
    assert lengte(frame) == 3
    assert len(lengte.bewaard) == 1
    del frame
    gc.collect()
    assert len(lengte.bewaard) == 0


# -- the shared work of one region's duiding ------------------------------------------------------------------------


def test_the_screening_gives_the_same_decisions_with_and_without_the_shared_work(omgeving):
    ctx = open_context(fase_duiding.STAM, "AM22", 2023, "F", 5, "demo", themas=fase_duiding.THEMAS)
    data = duiding.regiodata(ctx.data, "AM22")
    assert duiding.regiodata(data, "AM22") is data  # trimmed once; every analysis reads the same frames
    gedeeld: dict = {}
    duiding.knelpuntanalyse(data, ctx.parameters, Drempels(), 8, geheugen=gedeeld)
    met = duiding.sectorscreening(data, ctx.parameters, Drempels(), 8, gedeeld)
    # each sector on its own, with nothing shared: the full analysis, as the focus sector gets it
    los = pd.DataFrame([
        {"sector": s, **{b.onderwijsniveau: b.titel.split(" op ")[0] for b in
                         duiding.knelpuntanalyse(ctx.data, ctx.parameters, Drempels(), 8, sector=s).beoordelingen}}
        for s in met["sector"]])
    assert len(met) == 15
    assert met.iloc[:, 2:].to_numpy().tolist() == los.iloc[:, 1:].to_numpy().tolist()


def test_the_supply_is_the_same_with_a_shared_memory_over_sectors(omgeving):
    ctx = open_context(fase_duiding.STAM, "AM01", 2023, "F", 5, "demo", themas=fase_duiding.THEMAS)
    data = duiding.regiodata(ctx.data, "AM01")
    gedeeld: dict = {}
    for sector in ("F", "M", "Q", "B-E"):
        met = aanbod.onderwijsaanbod(data, "AM01", sector, 2023, geheugen=gedeeld)
        zonder = aanbod.onderwijsaanbod(data, "AM01", sector, 2023)
        pd.testing.assert_frame_equal(met.per_niveau, zonder.per_niveau)
        assert met.instroom_totaal == zonder.instroom_totaal and met.doorstroom == zonder.doorstroom
    assert any(sleutel[0] == "uitstroom" for sleutel in gedeeld)
