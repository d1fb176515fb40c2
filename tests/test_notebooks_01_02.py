"""Notebooks 01 (vraagarticulatie) and 02 (bronnen): their shape, and papermill runs on demo data for a large and
a small region, each in a fresh kernel, into a private output folder and cache."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = {"01_vraagarticulatie": ROOT / "notebooks" / "01_vraagarticulatie.ipynb",
             "02_bronnen": ROOT / "notebooks" / "02_bronnen.ipynb"}
PARAMETERS = ["regio", "jaar", "sector", "horizon", "bron", "uitvoermap"]


def _cellen(stem):
    return nbformat.read(NOTEBOOKS[stem], as_version=4).cells


# --- shape (fast) ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("stem", list(NOTEBOOKS))
def test_shape_of_a_phase_notebook(stem):
    cellen = _cellen(stem)
    nummer = stem[1]
    assert re.match(rf"# {nummer} · [A-Z][a-z]+: .+\?$", cellen[0].source.splitlines()[0]), cellen[0].source
    parameters = [c for c in cellen if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1 and cellen.index(parameters[0]) == 1
    boom = ast.parse(parameters[0].source)
    namen = [t.target.id for t in boom.body if isinstance(t, ast.AnnAssign)]
    assert namen == PARAMETERS and all(isinstance(t.value, ast.Constant) for t in boom.body)
    assert all("#" in regel for regel in parameters[0].source.splitlines())  # every parameter is explained
    # one context, computed and written once, then only display calls: no output names, provenance or try/except
    assert f'ctx = open_context("{stem}", regio, jaar, sector, horizon, bron, uitvoermap,' in cellen[2].source
    assert "print(ctx.kop)" in cellen[2].source
    code = "\n".join(c.source for c in cellen if c.cell_type == "code")
    fase = stem.split("_", 1)[1]
    assert code.count(f"resultaat = {fase}.bereken(ctx") == 1
    assert code.count(f"{fase}.schrijf(resultaat, ctx.uitvoer)") == 1
    for verboden in ("Uitvoer(", "uitvoer.tabel(", "uitvoer.figuur(", "uitvoer.sluit(", "herkomsten(", "bronregel",
                     "open_bron("):
        assert verboden not in code, f"{stem}: '{verboden}' hoort in werkboek.fasen.{fase}, niet in de notebook"
    opdrachten = [c for c in cellen if "opdracht" in c.metadata.get("tags", [])]
    assert len(opdrachten) >= 2
    for i, cel in enumerate(opdrachten, start=1):
        assert cel.cell_type == "markdown" and cel.source.startswith(f"**Opdracht {i} –**")
    koppen = [c.source for c in cellen if c.cell_type == "markdown" and c.source.startswith("## ")]
    assert koppen[-1].startswith("## Wat neemt u mee naar de volgende stap?")
    assert "Bewaard in" in cellen[-1].source
    for cel in (c for c in cellen if c.cell_type == "code"):
        boom = ast.parse(cel.source)
        logica = (ast.FunctionDef, ast.ClassDef, ast.For, ast.While, ast.Try)
        assert not any(isinstance(k, logica) for k in ast.walk(boom)), \
            f"logica in een notebookcel van {stem}:\n{cel.source}"


# --- papermill runs (slow) ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def gedeelde_cache(tmp_path_factory):
    """One demo cache for the runs of this module (each worker its own), so the data are generated once."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def omgeving(tmp_path, gedeelde_cache, monkeypatch):
    uit = tmp_path / "outputs"
    monkeypatch.setenv("WERKBOEK_CACHE", str(gedeelde_cache))
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(uit))
    monkeypatch.delenv("WERKBOEK_MOMENTOPNAME", raising=False)
    return uit


def _voer_uit(stem, tmp_path, regio):
    import papermill

    doel = tmp_path / f"{stem}.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS[stem]), str(doel), parameters={"regio": regio}, kernel_name="python3",
                               language="python", progress_bar=False, cwd=str(tmp_path))
    nb = nbformat.read(doel, as_version=4)
    for cel in (c for c in nb.cells if c.cell_type == "code"):
        for uitvoer in cel.outputs:
            assert uitvoer.output_type != "error", uitvoer
            if uitvoer.output_type == "stream":
                assert uitvoer.name != "stderr", f"{stem}: uitvoer op stderr:\n{uitvoer.text}"
                assert "warning" not in uitvoer.text.lower() and "waarschuwing" not in uitvoer.text.lower()
    return nb


def _tekst(nb) -> str:
    delen = []
    for cel in (c for c in nb.cells if c.cell_type == "code"):
        for uitvoer in cel.outputs:
            if uitvoer.output_type == "stream":
                delen.append(uitvoer.text)
            elif "data" in uitvoer:
                delen.append(uitvoer.data.get("text/markdown", "") + uitvoer.data.get("text/html", ""))
    return "\n".join(delen)


def _controleer_map(map_, stem, regio, figuren, tabellen):
    from openpyxl import load_workbook

    samenvatting = json.loads((map_ / "samenvatting.json").read_text(encoding="utf-8"))
    assert {"regio", "regio_naam", "notebook", "parameters", "bron", "kerncijfers", "knelpunten", "figuren",
            "tabellen"} <= set(samenvatting)
    assert samenvatting["regio"] == regio and samenvatting["notebook"] == stem
    assert samenvatting["bron"]["naam"] == "demo" and samenvatting["bron"]["demo"] is True
    assert "synthetisch" in samenvatting["bron"]["beschrijving"]
    assert samenvatting["parameters"]["regio"] == regio
    assert sorted(samenvatting["figuren"]) == sorted(f"figuren/{f}.png" for f in figuren)
    assert sorted(samenvatting["tabellen"]) == sorted(f"tabellen/{t}.csv" for t in tabellen)
    for figuur in samenvatting["figuren"]:
        assert (map_ / figuur).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for tabel in samenvatting["tabellen"]:
        eerste = (map_ / tabel).read_text(encoding="utf-8-sig").splitlines()[0]
        assert ";" in eerste  # Excel-NL
    blad = load_workbook(map_ / f"{stem}.xlsx")
    assert blad.sheetnames[-1] == "Bron" and len(blad.sheetnames) == len(tabellen) + 1
    bron = {r[0]: r[1] for r in blad["Bron"].iter_rows(min_row=2, values_only=True)}
    assert bron["Demodata"].startswith("JA")
    return samenvatting


FIGUREN_01 = ["ligging_regio", "leeftijdsopbouw", "opleidingsniveau_beroepsbevolking", "banen_per_sector"]
TABELLEN_01 = ["vraagselectie", "leeftijdsopbouw", "opleidingsniveau_beroepsbevolking", "banen_per_sector"]
FIGUREN_02 = ["onbekende_cijfers", "antwoord_per_vraag"]
TABELLEN_02 = ["menukaart", "bronnen_per_vraag", "herkomst", "datacontrole", "antwoordmatrix"]


def _controleer_01(omgeving, nb, regio, map_naam):
    map_ = omgeving / "regios" / map_naam / "01_vraagarticulatie"
    samenvatting = _controleer_map(map_, "01_vraagarticulatie", regio, FIGUREN_01, TABELLEN_01)
    assert {k["naam"] for k in samenvatting["kerncijfers"]} >= {"banen_totaal", "inwoners", "aandeel_55plus"}
    kaart = json.loads((map_ / "vraagkaart.json").read_text(encoding="utf-8"))
    assert kaart["regio"] == regio and kaart["sector"] == "F" and kaart["bron"] == "demo"
    assert len(kaart["vragen"]) >= 10 and all(v["reden"].startswith("Gekozen:") for v in kaart["vragen"])
    assert {v["thema"] for v in kaart["vragen"]} >= {"inwoners", "regionale_economie", "economische_opgave", "mismatch"}
    md = (map_ / "vraagkaart.md").read_text(encoding="utf-8")
    assert md.startswith(f"# Vraagkaart {kaart['regio_naam']} ({regio})") and "## Momentopname" in md
    tekst = _tekst(nb)
    assert "De informatiebehoefte heeft twee kanten" in tekst and "Valt af" in tekst
    assert "**Inwoners.**" in tekst and "**Banen.**" in tekst
    return kaart


def _controleer_02(omgeving, nb, regio, map_naam):
    map_ = omgeving / "regios" / map_naam / "02_bronnen"
    samenvatting = _controleer_map(map_, "02_bronnen", regio, FIGUREN_02, TABELLEN_02)
    telling = {k["naam"]: k["waarde"] for k in samenvatting["kerncijfers"]}
    assert set(telling) == {"vragen_beantwoord", "vragen_deels", "vragen_niet"}
    matrix = (map_ / "tabellen" / "antwoordmatrix.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(matrix) - 1 == sum(telling.values())
    herkomst = (map_ / "tabellen" / "herkomst.csv").read_text(encoding="utf-8-sig")
    assert "83582NED" in herkomst and "werkplaats" in herkomst and "woonplaats" in herkomst
    tekst = _tekst(nb)
    assert "Datacontrole voor" in tekst and "Definities verschillen per bron" in tekst
    return telling


@pytest.mark.traag
def test_01_then_02_for_a_large_region(omgeving, tmp_path):
    nb01 = _voer_uit("01_vraagarticulatie", tmp_path, "AM01")
    kaart = _controleer_01(omgeving, nb01, "AM01", "AM01-groningen")
    nb02 = _voer_uit("02_bronnen", tmp_path, "AM01")
    assert "is dezelfde als de kaart waarmee deze notebook werkt" in _tekst(nb02)  # a check, not a source
    telling = _controleer_02(omgeving, nb02, "AM01", "AM01-groningen")
    assert sum(telling.values()) == len(kaart["vragen"])


@pytest.mark.traag
def test_02_on_its_own_then_01_for_a_small_region(omgeving, tmp_path):
    nb02 = _voer_uit("02_bronnen", tmp_path, "AM35")
    assert "Notebook 01 is voor deze regio nog niet uitgevoerd" in _tekst(nb02)
    assert not (omgeving / "regios" / "AM35-gorinchem" / "01_vraagarticulatie").exists()
    telling = _controleer_02(omgeving, nb02, "AM35", "AM35-gorinchem")
    nb01 = _voer_uit("01_vraagarticulatie", tmp_path, "Gorinchem")
    kaart = _controleer_01(omgeving, nb01, "AM35", "AM35-gorinchem")
    assert sum(telling.values()) == len(kaart["vragen"])
