"""Output folder (contract C4), CSV for Dutch Excel, the workbook with a 'Bron' sheet and samenvatting.json."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

import maakframes as mf
from werkboek import analyse, export, grafieken, knelpunten
from werkboek.fouten import ParameterFout


@pytest.fixture
def uitvoer_env(tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(tmp_path / "outputs"))
    return tmp_path / "outputs"


def test_uitvoermap_per_region(uitvoer_env):
    map_ = export.uitvoermap(mf.parameters(), "03_duiding")
    assert map_ == uitvoer_env / "regios" / "AM01-groningen" / "03_duiding"
    assert (map_ / "figuren").is_dir() and (map_ / "tabellen").is_dir()
    assert export.uitvoermap({"regio": "AM02"}, "01_vraagarticulatie").parent.name == "AM02-friesland"


def test_uitvoermap_staging_and_escape(uitvoer_env):
    staging = uitvoer_env / ".staging" / "AM01"
    assert export.uitvoermap(mf.parameters(), "03_duiding", str(staging)) == staging / "03_duiding"
    assert export.uitvoermap(mf.parameters(), "03_duiding", "staging/AM01") == uitvoer_env / "staging/AM01/03_duiding"
    with pytest.raises(ParameterFout, match="valt buiten"):
        export.uitvoermap(mf.parameters(), "03_duiding", "../elders")
    with pytest.raises(ParameterFout, match="valt buiten"):
        export.uitvoermap(mf.parameters(), "03_duiding", "/tmp")
    with pytest.raises(ParameterFout, match="notebooknaam"):
        export.uitvoermap(mf.parameters(), "../03_duiding")


def test_csv_for_dutch_excel(tmp_path):
    df = pd.DataFrame({"regio": ["AM01", "AM03"], "cagr_procent": [2.5, np.nan], "aanbod": pd.Series([True, pd.NA], dtype=object),
                       "banen": [1234.5, 7.0]})
    pad = export.schrijf_csv(df, tmp_path, "Groei per regio")
    ruw = pad.read_bytes()
    assert ruw.startswith(b"\xef\xbb\xbf") and pad.name == "groei_per_regio.csv"
    regels = ruw.decode("utf-8-sig").splitlines()
    assert regels[0] == ("Regiocode;Groei per jaar (%);Opleiding in de regio (vestiging);"
                         "Banen van werknemers (x 1 000, werkplaats)")
    assert regels[1] == "AM01;2,5;ja;1234,5"
    assert regels[2] == "AM03;;onbekend;7,0"  # unknown stays empty, never 0



def test_csv_source_line_under_the_table_and_float_format(tmp_path):
    df = pd.DataFrame({"regio": ["AM01"], "waarde": [19.0]})
    pad = export.schrijf_csv(df, tmp_path, "t", koppen=False, bronregel="Bron: test", float_format="%.10g")
    assert pad.read_text(encoding="utf-8-sig").splitlines() == ["regio;waarde", "AM01;19", "Bron: test"]

def test_koppen_of_the_method_columns(tmp_path):
    assert export.kop("verschilindex") == "Verschilindex sectorstructuur (% van de banen)"
    assert "gelijkenis" not in export.KOPPEN
    assert export.kop("verwacht") == "Verwacht (projectie)"
    # a projection table written for Dutch Excel names the coverage of its interval
    p = analyse.projecteer(analyse.reeks(mf.banen(), "banen", "AM01", sector="F"), horizon=2)
    pad = export.schrijf_csv(p.tabel, tmp_path, "projectie")
    assert pad.read_text(encoding="utf-8-sig").splitlines()[0].split(";")[-3:] == [
        "Verwacht (projectie)", "Ondergrens 80%-voorspelinterval", "Bovengrens 80%-voorspelinterval"]
    vergelijkbaar = export.schrijf_csv(analyse.vergelijkbare_regios(mf.banen(), "AM01"), tmp_path, "vergelijkbaar")
    assert "Verschilindex sectorstructuur (% van de banen)" in vergelijkbaar.read_text(encoding="utf-8-sig")


def test_kop_fallbacks():
    assert export.kop("banen_onderdrukt").startswith("Onderdrukte gemeentecellen")
    assert export.kop("eigen_kolom") == "Eigen kolom"
    assert export.kop("Al Nederlands") == "Al Nederlands"


def test_uitvoer_writes_workbook_and_summary(uitvoer_env, tmp_path):
    p = mf.parameters()
    bron = {"naam": "demo", "demo": True, "beschrijving": "Ingebouwde demodata (synthetisch)."}
    uit = export.Uitvoer(p, "03_duiding", bron)
    data = mf.met_sector_m(mf.alle_data())  # with M the need of field 07 is known: a shortage at middelbaar
    groei = analyse.groei(data["banen"], "banen")
    uit.tabel("groei", groei, mf.Herkomst(), "2018–2023*")
    uit.tabel("lq", analyse.locatiequotient(data["banen"]), mf.Herkomst())
    fig = grafieken.tegelkaart("Groningen ligt in het noorden", uit.figurenmap, "ligging", mf.Herkomst(), markeer="AM01")
    assert uit.figuur(fig) is fig
    uit.kerncijfer("banen_totaal", "Banen van werknemers", 330.14, "x 1 000", 2023)
    uit.kerncijfer("banen_sector", "Banen in de bouw", np.nan, "x 1 000", 2023)
    beoordelingen = knelpunten.beoordeel(analyse.duidingsbasis(data, p))
    uit.voeg_knelpunten_toe(beoordelingen)
    uit.tekst("Monitoringsplan", "# Plan\n")
    pad = uit.sluit()

    samenvatting = json.loads(pad.read_text(encoding="utf-8"))
    assert samenvatting["regio"] == "AM01" and samenvatting["regio_naam"] == "Groningen"
    assert samenvatting["notebook"] == "03_duiding" and samenvatting["parameters"]["sector"] == "F"
    assert samenvatting["bron"] == bron
    assert samenvatting["figuren"] == ["figuren/ligging.png"]
    assert samenvatting["tabellen"] == ["tabellen/groei.csv", "tabellen/lq.csv"]
    assert samenvatting["kerncijfers"][1]["waarde"] is None
    # only the pain points of the decisions (one per level) are kept, with their level
    assert [(k["code"], k["onderwijsniveau"]) for k in samenvatting["knelpunten"]] == [("tekort", "middelbaar")]
    assert len(samenvatting["knelpunten"]) == len(knelpunten.knelpunten(beoordelingen)) < len(beoordelingen)
    assert samenvatting["knelpunten"][0]["bewijs"].startswith("Schoolverlaters die in de regio blijven")
    tekst_json = pad.read_text(encoding="utf-8")
    assert list(json.loads(tekst_json)) == sorted(json.loads(tekst_json))  # sorted keys
    assert "NaN" not in tekst_json

    wb = load_workbook(uit.map / "03_duiding.xlsx")
    assert wb.sheetnames == ["groei", "lq", "Bron"]
    blad = wb["groei"]
    koppen = [c.value for c in blad[1]]
    assert "Groei per jaar (%)" in koppen and "Regio" in koppen
    kolom = koppen.index("Groei per jaar (%)") + 1
    assert blad.cell(row=2, column=kolom).number_format == "0.0"
    bron_blad = {r[0]: r[1] for r in wb["Bron"].iter_rows(min_row=2, values_only=True)}
    assert bron_blad["Demodata"].startswith("JA")
    assert "demodata (synthetisch)" in bron_blad["Bron tabel groei"]
    assert bron_blad["Parameter regio"] == "AM01"
    assert (uit.map / "monitoringsplan.md").read_text(encoding="utf-8") == "# Plan\n"


def test_summary_is_deterministic(uitvoer_env):
    def maak():
        uit = export.Uitvoer(mf.parameters(), "01_vraagarticulatie", {"naam": "demo", "demo": True, "beschrijving": "x"})
        uit.kerncijfer("b", "B", 1.5, "aantal", "2023")
        return uit.sluit().read_bytes()

    assert maak() == maak()


def test_kerncijfer_replaces_same_name(uitvoer_env):
    uit = export.Uitvoer(mf.parameters(), "02_bronnen")
    uit.kerncijfer("x", "X", 1, "aantal", 2023)
    uit.kerncijfer("x", "X", 2, "aantal", 2023)
    assert [k["waarde"] for k in uit.kerncijfers] == [2.0]
    assert json.loads(uit.sluit().read_text(encoding="utf-8"))["bron"]["naam"] == "onbekend"


def test_weergave_dutch_notation_for_display():
    df = pd.DataFrame({"regio_naam": ["Groningen", "Drenthe"], "jaar": [2023, 2023], "banen": [1234.5, np.nan],
                       "sectoren_vergeleken": [15, 3]})
    html = export.weergave(df, bronregel="Bron: CBS").to_html()
    assert "1.234,5" in html and "onbekend" in html and "Bron: CBS" in html
    assert "Banen van werknemers (x 1 000, werkplaats)" in html
    assert ">2023<" in html and "2.023" not in html
