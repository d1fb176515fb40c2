"""Notebooks 03 (duiding) and 04 (beleidscyclus): their shape, and papermill runs on demo data for a large and a
small region, each notebook in a fresh kernel, checking every file they write (contract C4)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
STAMMEN = ("03_duiding", "04_beleidscyclus")
BASISPARAMETERS = {"regio": "str", "jaar": "int", "sector": "str", "horizon": "int", "bron": "str",
                   "uitvoermap": "str"}
DREMPELS = ("groei_procent", "z", "tekort_factor", "overschot_factor")


def _nb(stam: str) -> dict:
    return json.loads((NOTEBOOKS / f"{stam}.ipynb").read_text(encoding="utf-8"))


def _bron(cel) -> str:
    return "".join(cel["source"]) if isinstance(cel["source"], list) else cel["source"]


def _parameters(stam: str) -> dict[str, tuple[str, str]]:
    """name -> (annotation, literal) of the parameters cell, comments required."""
    cel = next(c for c in _nb(stam)["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    uit = {}
    for regel in _bron(cel).splitlines():
        if not regel.strip() or regel.lstrip().startswith("#"):
            continue
        m = re.match(r"^(\w+): (\w+) = (.+?)  # (.+)$", regel)
        assert m, f"{stam}: parameterregel zonder type, letterlijke waarde of commentaar: {regel!r}"
        assert regel.count("=") == 1, f"{stam}: papermill leest maar één '=' per regel: {regel!r}"
        uit[m.group(1)] = (m.group(2), m.group(3))
    return uit


# ---------------------------------------------------------------------------------------------------------------
# Shape (fast)


@pytest.mark.parametrize("stam", STAMMEN)
def test_parameters_cell_has_the_contract_and_the_thresholds(stam):
    params = _parameters(stam)
    for naam, soort in BASISPARAMETERS.items():
        assert params[naam][0] == soort
    assert params["regio"][1] == '"AM01"' and params["jaar"][1] == "2023" and params["sector"][1] == '"F"'
    assert params["horizon"][1] == "5" and params["bron"][1] == '"demo"' and params["uitvoermap"][1] == '""'
    from werkboek.knelpunten import Drempels

    standaard = Drempels()
    for naam in DREMPELS:  # the same defaults as the library, so 03 and 04 agree unless a user changes both
        assert params[naam][0] == "float" and float(params[naam][1]) == getattr(standaard, naam)


def test_beleidscyclus_takes_targets_as_parameters():
    params = _parameters("04_beleidscyclus")
    assert params["streefwaarden"][0] == "dict" and params["streef_verandering_procent"][0] == "float"


@pytest.mark.parametrize("stam, nummer", [("03_duiding", 3), ("04_beleidscyclus", 4)])
def test_story_shape_exercises_and_thin_code(stam, nummer):
    cellen = _nb(stam)["cells"]
    assert _bron(cellen[0]).startswith(f"# {nummer} · ")
    opdrachten = [c for c in cellen if "opdracht" in c.get("metadata", {}).get("tags", [])]
    assert len(opdrachten) >= 2 and all(c["cell_type"] == "markdown" for c in opdrachten)
    assert all(re.search(r"\*\*Opdracht \d+ –\*\*", _bron(c)) for c in opdrachten)
    koppen = [_bron(c) for c in cellen if c["cell_type"] == "markdown"]
    assert any(k.startswith("## Wat neemt u mee naar de volgende stap?") for k in koppen)
    code = "\n".join(_bron(c) for c in cellen if c["cell_type"] == "code")
    # prose plus display calls: no logic, no output names or provenance wiring, no try/except in the notebook
    for verboden in ("def ", "class ", "for ", "try:", "except", "herkomst", "uit.tabel(", "figurenmap", ".sluit()"):
        assert verboden not in code, verboden
    # the one context, computed and written once by the phase module
    assert "open_context(fase.STAM, regio, jaar, sector, horizon, bron, uitvoermap" in code
    assert code.count("fase.bereken(") == 1 and code.count("fase.schrijf(") == 1


# ---------------------------------------------------------------------------------------------------------------
# Papermill runs (slow)


@pytest.fixture(scope="module")
def warme_cache(tmp_path_factory):
    """One demo cache per test worker with the themes both notebooks read, shared by the runs."""
    cache = tmp_path_factory.mktemp("cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("WERKBOEK_CACHE", str(cache))
    from werkboek import analyse
    from werkboek.bronnen import open_bron

    analyse.laad_themas(open_bron("demo"))
    mp.undo()
    return cache


@pytest.fixture
def omgeving(warme_cache, tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBOEK_CACHE", str(warme_cache))
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(tmp_path / "outputs"))
    monkeypatch.delenv("WERKBOEK_MOMENTOPNAME", raising=False)
    return tmp_path / "outputs"


def _voer_uit(stam: str, uitvoer: Path, **parameters) -> dict:
    import papermill

    doel = uitvoer.parent / f"{stam}_{parameters.get('regio', 'AM01')}.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / f"{stam}.ipynb"), str(doel), parameters=parameters,
                               kernel_name="python3", language="python", progress_bar=False,
                               cwd=str(uitvoer.parent))
    nb = json.loads(doel.read_text(encoding="utf-8"))
    for cel in nb["cells"]:
        for uitvoer_ in cel.get("outputs", []):
            assert uitvoer_["output_type"] != "error", f"{stam}: fout in een cel: {uitvoer_.get('evalue')}"
            if uitvoer_["output_type"] == "stream":
                assert uitvoer_["name"] != "stderr", f"{stam}: uitvoer op stderr: {''.join(uitvoer_['text'])[:300]}"
                assert "Warning" not in "".join(uitvoer_["text"])
    return nb


def _tekst(nb: dict) -> str:
    delen = []
    for cel in nb["cells"]:
        for u in cel.get("outputs", []):
            if u["output_type"] == "stream":
                delen.append("".join(u["text"]))
            for soort in ("text/markdown", "text/plain"):
                if soort in u.get("data", {}):
                    waarde = u["data"][soort]
                    delen.append("".join(waarde) if isinstance(waarde, list) else waarde)
    return "\n".join(delen)


def _controleer_map(map_: Path, stam: str, regio: str, figuren: bool = True) -> dict:
    from openpyxl import load_workbook

    samenvatting = json.loads((map_ / "samenvatting.json").read_text(encoding="utf-8"))
    assert samenvatting["regio"] == regio and samenvatting["notebook"] == stam
    assert samenvatting["bron"]["demo"] is True and "demodata" in samenvatting["bron"]["beschrijving"]
    assert samenvatting["parameters"]["regio"] == regio
    for kerncijfer in samenvatting["kerncijfers"]:
        assert set(kerncijfer) == {"naam", "label", "waarde", "eenheid", "periode"}
    for knelpunt in samenvatting["knelpunten"]:
        assert {"code", "titel", "onderwijsniveau", "bewijs"} <= set(knelpunt) and knelpunt["bewijs"]
    assert bool(samenvatting["figuren"]) == figuren, f"{stam} {regio}: figuren {samenvatting['figuren']}"
    for figuur in samenvatting["figuren"]:
        assert (map_ / figuur).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for tabel in samenvatting["tabellen"]:
        ruw = (map_ / tabel).read_bytes()
        assert ruw.startswith(b"\xef\xbb\xbf") and b";" in ruw.splitlines()[0]
    werkmap = load_workbook(map_ / f"{stam}.xlsx", read_only=True)
    assert "Bron" in werkmap.sheetnames and len(werkmap.sheetnames) == len(samenvatting["tabellen"]) + 1
    bron = {r[0]: r[1] for r in werkmap["Bron"].iter_rows(min_row=2, values_only=True)}
    assert bron["Demodata"].startswith("JA")
    return samenvatting


def _knelpunten_uit_de_bibliotheek(regio: str) -> set:
    from werkboek import analyse, duiding
    from werkboek.bronnen import open_bron
    from werkboek.parameters import valideer_parameters

    data, _ = analyse.laad_themas(open_bron("demo"))
    gevonden = duiding.knelpuntanalyse(data, valideer_parameters(regio, 2023, "F", 5, "demo")).knelpunten
    return {(k.code, k.onderwijsniveau) for k in gevonden}


@pytest.mark.traag
def test_duiding_then_beleidscyclus_for_a_large_region(omgeving):
    nb03 = _voer_uit("03_duiding", omgeving, regio="AM01")
    map03 = omgeving / "regios" / "AM01-groningen" / "03_duiding"
    s03 = _controleer_map(map03, "03_duiding", "AM01")
    assert [k["naam"] for k in s03["kerncijfers"]] == ["banen_totaal", "groei_focussector",
                                                        "locatiequotient_focussector", "aandeel_55plus",
                                                        "uitbreidingsvraag_focussector_procent",
                                                        "eerstejaars_middelbaar_trend", "studenten_middelbaar_trend",
                                                        "verhouding_middelbaar"]
    # AM01 has an mbo main site in the demo: every key figure of the duiding is known, none made up as 0
    assert all(k["waarde"] is not None for k in s03["kerncijfers"])
    assert {(k["code"], k["onderwijsniveau"]) for k in s03["knelpunten"]} == _knelpunten_uit_de_bibliotheek("AM01")
    for naam in ("duidingstabel", "knelpuntregels", "verdiepende_vragen", "sectoren", "vergelijkbare_regios",
                 "vraagcomponenten", "drempels", "sectorscreening", "trend_vensters"):
        assert f"tabellen/{naam}.csv" in s03["tabellen"]
    for naam in ("projectie_focussector", "locatiequotient_sectoren", "aandeel_55plus", "instroom_per_niveau",
                 "groei_vergelijkbare_regios", "behoefte_en_schoolverlaters_per_niveau"):
        assert f"figuren/{naam}.png" in s03["figuren"]
    tekst = _tekst(nb03)
    assert "|  | Onderwerp | Werkgelegenheid | Onderwijsaanbod |" in tekst  # the guide's two-column table
    assert "Vervangingsvraag is meer dan vergrijzing" in tekst and "80%-voorspelinterval" in tekst
    assert "enige cijfer voor de uitbreidingsvraag" in tekst and "schatting" in tekst
    assert "entree → laag" in tekst  # the level mapping is stated in the report
    # every education figure says where it counts: students where they live, first-years at the institution
    assert "woonplaats van de student" in tekst and "hoofdvestiging" in tekst and "afronding" in tekst
    for naam in ("onderwijsaanbod_detail", "mbo_studenten_per_richting"):
        assert f"tabellen/{naam}.csv" in s03["tabellen"]
    # one decision per education level, in the table of all outcomes
    import pandas as pd

    regels = pd.read_csv(map03 / "tabellen" / "knelpuntregels.csv", sep=";", encoding="utf-8-sig")
    assert sorted(regels["Onderwijsniveau"]) == ["hoog", "laag", "middelbaar"]

    nb04 = _voer_uit("04_beleidscyclus", omgeving, regio="AM01")
    map04 = omgeving / "regios" / "AM01-groningen" / "04_beleidscyclus"
    s04 = _controleer_map(map04, "04_beleidscyclus", "AM01", figuren=bool(s03["knelpunten"]))
    assert s04["knelpunten"] == s03["knelpunten"]
    assert "Dezelfde knelpunten als in de duiding (03)" in _tekst(nb04)
    plan = (map04 / "monitoringsplan.md").read_text(encoding="utf-8")
    assert "Monitoringsplan" in plan
    from openpyxl import load_workbook

    assert load_workbook(map04 / "monitoringsplan.xlsx", read_only=True).sheetnames == ["Monitoringsplan",
                                                                                        "Indicatoren", "Bron"]


@pytest.mark.traag
def test_beleidscyclus_stands_alone_for_a_small_region(omgeving):
    nb04 = _voer_uit("04_beleidscyclus", omgeving, regio="AM35")
    map04 = omgeving / "regios" / "AM35-gorinchem" / "04_beleidscyclus"
    assert not (map04.parent / "03_duiding").exists()
    knelpunten = _knelpunten_uit_de_bibliotheek("AM35")
    s04 = _controleer_map(map04, "04_beleidscyclus", "AM35", figuren=bool(knelpunten))
    assert "De duiding (03) is voor deze regio nog niet uitgevoerd" in _tekst(nb04)
    assert {(k["code"], k["onderwijsniveau"]) for k in s04["knelpunten"]} == knelpunten
    assert {k["naam"] for k in s04["kerncijfers"]} >= {"voorstellen", "indicatoren_zonder_open_data"}
    assert (map04 / "monitoringsplan.xlsx").exists() and (map04 / "monitoringsplan.md").exists()

    _voer_uit("03_duiding", omgeving, regio="AM35")
    s03 = _controleer_map(map04.parent / "03_duiding", "03_duiding", "AM35")
    assert s03["knelpunten"] == s04["knelpunten"]
