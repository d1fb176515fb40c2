"""Workshop copies: generated from the notebooks, up to date in git, and every phase notebook has exercises."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from werkboek import datalogboek, workshop
from werkboek.cli import main
from werkboek.workshop import TAG_OPDRACHT, WorkshopFout, maak_workshopkopie

ROOT = Path(__file__).resolve().parents[1]
FASENOTEBOOKS = sorted((ROOT / "notebooks").glob("0[1-4]_*.ipynb"))
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _voorbeeld():
    uitvoer = [nbformat.v4.new_output("stream", name="stdout", text="oud\n")]
    return new_notebook(
        cells=[
            new_markdown_cell("# Titel", id="titel"),
            new_code_cell('regio: str = "AM01"', id="param", metadata={"tags": ["parameters"]}),
            new_code_cell("print(1)", id="code", outputs=uitvoer, execution_count=3, metadata={"scrolled": True}),
            new_markdown_cell("Pas de regio aan.", id="opdr", metadata={"tags": [TAG_OPDRACHT]}),
            new_code_cell("regio = 'AM17'", id="opdr-code", metadata={"tags": [TAG_OPDRACHT]}),
            new_markdown_cell("Het antwoord is AM17.", id="antw", metadata={"tags": ["uitwerking"]}),
            new_code_cell("print('antwoord')", id="antw-code", metadata={"tags": ["uitwerking"]}),
        ],
        metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}, "papermill": {"x": 1}},
    )


def test_copy_drops_answers_marks_exercises_and_keeps_parameters():
    bron = _voorbeeld()
    kopie = maak_workshopkopie(bron, "09_test.ipynb")
    ids = [c["id"] for c in kopie["cells"]]
    assert ids == [workshop.KOPCEL_ID, "titel", "param", "code", "opdr", "opdr-code"]
    opdracht = kopie["cells"][4]["source"]
    assert "✏️ Opdracht" in opdracht and "Pas de regio aan." in opdracht and "#E69F00" in opdracht
    assert opdracht.rstrip().endswith("</div>")
    assert kopie["cells"][5]["source"].startswith("# ✏️ Opdracht") and "regio = 'AM17'" in kopie["cells"][5]["source"]
    assert kopie["cells"][2]["metadata"] == {"tags": ["parameters"]} and kopie["cells"][2]["source"] == 'regio: str = "AM01"'
    code = kopie["cells"][3]
    assert code["outputs"] == [] and code["execution_count"] is None and code["metadata"] == {}
    assert kopie["metadata"]["kernelspec"] == KERNELSPEC
    assert "papermill" not in kopie["metadata"]
    assert "notebooks/09_test.ipynb" in kopie["cells"][0]["source"]
    nbformat.validate(kopie)
    # the canonical notebook itself is left alone
    assert len(bron["cells"]) == 7 and bron["cells"][2]["outputs"]


def test_parameters_cell_tagged_as_answer_is_refused():
    bron = _voorbeeld()
    bron["cells"][1]["metadata"]["tags"].append("uitwerking")
    with pytest.raises(WorkshopFout, match="parameters-cel"):
        maak_workshopkopie(bron, "09_test.ipynb")


def test_committed_workshop_copies_are_up_to_date():
    gewenst = workshop.workshopkopieen()
    assert set(gewenst) == {ROOT / "notebooks" / "workshop" / p.name for p in (ROOT / "notebooks").glob("0*.ipynb")}
    for pad, tekst in gewenst.items():
        assert pad.is_file() and pad.read_text(encoding="utf-8") == tekst, (
            f"{pad.name} in notebooks/workshop/ is verouderd: voer 'werkboek workshop maak' uit en commit het resultaat"
        )


def test_committed_data_log_is_up_to_date():
    assert datalogboek.logboekpad().read_text(encoding="utf-8") == datalogboek.maak_datalogboek(), (
        "docs/datalogboek.md volgt data/tabellen.yaml niet: voer 'werkboek workshop maak' uit en commit het resultaat"
    )


@pytest.mark.parametrize("pad", sorted((ROOT / "notebooks" / "workshop").glob("*.ipynb")), ids=lambda p: p.name)
def test_committed_copies_are_clean_notebooks(pad):
    notebook = nbformat.read(pad, as_version=4)
    nbformat.validate(notebook)
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    assert sum("parameters" in c.get("metadata", {}).get("tags", []) for c in notebook["cells"]) == 1
    assert not any(c.get("outputs") for c in notebook["cells"] if c["cell_type"] == "code")
    assert not any("uitwerking" in c.get("metadata", {}).get("tags", []) for c in notebook["cells"])


# Notebook authors: every phase notebook needs at least one markdown cell tagged 'opdracht' (the workshop's
# exercises). This test checks each 0[1-4]_*.ipynb that exists, so it starts failing the moment a phase
# notebook lands without exercises; add them rather than loosening the test.
@pytest.mark.parametrize("pad", FASENOTEBOOKS, ids=lambda p: p.name)
def test_every_phase_notebook_has_an_exercise(pad):
    notebook = json.loads(pad.read_text(encoding="utf-8"))
    opdrachten = [c for c in notebook["cells"] if TAG_OPDRACHT in c.get("metadata", {}).get("tags", [])]
    assert opdrachten, f"{pad.name} heeft geen cel met de tag '{TAG_OPDRACHT}'; de workshop heeft minstens één opdracht per fase nodig"
    assert any(c["cell_type"] == "markdown" for c in opdrachten), f"{pad.name}: zet de opdracht in een tekstcel (markdown)"


def test_phase_notebooks_exist():
    assert FASENOTEBOOKS, "geen fase-notebooks 0[1-4]_*.ipynb gevonden"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A throwaway project: the real data folder and one notebook of our own."""
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("cache"))
    (tmp_path / "notebooks").mkdir()
    nbformat.write(_voorbeeld(), tmp_path / "notebooks" / "01_fase.ipynb")
    monkeypatch.setenv("WERKBOEK_ROOT", str(tmp_path))
    return tmp_path


def test_generation_is_deterministic_and_checkable(project, capsys):
    assert main(["workshop", "maak"]) == 0
    kopie = project / "notebooks" / "workshop" / "01_fase.ipynb"
    logboek = project / "docs" / "datalogboek.md"
    eerste = (kopie.read_bytes(), logboek.read_bytes())
    assert main(["workshop", "maak"]) == 0
    assert (kopie.read_bytes(), logboek.read_bytes()) == eerste
    assert b"\r\n" not in eerste[0]
    assert main(["workshop", "maak", "--controleer"]) == 0

    kopie.write_text(kopie.read_text(encoding="utf-8").replace("Titel", "Met de hand"), encoding="utf-8")
    capsys.readouterr()
    assert main(["workshop", "maak", "--controleer"]) == 1
    assert "01_fase.ipynb is niet bijgewerkt" in capsys.readouterr().out


def test_stale_copies_go_but_participants_files_stay(project):
    workshop.schrijf_workshop()
    map_ = project / "notebooks" / "workshop"
    # A participant's "Save As" of a copy keeps the metadata but has its own name.
    shutil.copy(map_ / "01_fase.ipynb", map_ / "mijn_versie.ipynb")
    (project / "notebooks" / "01_fase.ipynb").rename(project / "notebooks" / "02_fase.ipynb")
    assert any("01_fase.ipynb hoort bij een notebook dat niet meer bestaat" in m for m in workshop.verouderd())
    workshop.schrijf_workshop()
    assert sorted(p.name for p in map_.glob("*.ipynb")) == ["02_fase.ipynb", "mijn_versie.ipynb"]


def test_data_log_lists_every_registered_table():
    themas = datalogboek.lees_tabellenregister()
    tekst = datalogboek.maak_datalogboek()
    for naam, thema in themas.items():
        for tabel in thema["tabellen"]:
            assert f"| {naam} | [{tabel['id']}](" in tekst
    assert "CC BY 4.0, Bron: CBS" in tekst


def test_data_log_shows_checked_status_and_escapes_pipes():
    tekst = datalogboek.maak_datalogboek(
        {"proef": {"titel": "A | B", "plaats": "werkplaats", "tabellen": [{"id": "12345NED", "indeling": 2024, "status": "bevestigd"},
                                                                          {"id": "67890NED", "indeling": 2025}]}}
    )
    regel = next(r for r in tekst.splitlines() if r.startswith("| proef |"))
    assert regel.rstrip().endswith("| bevestigd |") and "werkplaats" in regel
    tweede = [r for r in tekst.splitlines() if r.startswith("| proef |")][1]
    assert tweede.rstrip().endswith("| afgeleid |")  # without a status an id is not presented as confirmed
    assert "## proef: A \\| B" in tekst


def test_result_folder_follows_contract(tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(tmp_path))
    assert workshop.resultaatmap("Zaanstreek/Waterland") == tmp_path.resolve() / "regios" / "AM17-zaanstreek-waterland"
    assert workshop.resultaatmap("AM17", str(tmp_path / "elders")) == tmp_path / "elders"


@pytest.mark.traag
def test_start_notebook_runs_top_to_bottom_in_a_fresh_kernel(tmp_path, monkeypatch):
    import papermill

    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(tmp_path / "outputs"))
    monkeypatch.setenv("WERKBOEK_CACHE", str(tmp_path / "cache"))
    uit = tmp_path / "00_start.ipynb"
    papermill.execute_notebook(
        str(ROOT / "notebooks" / "00_start.ipynb"), str(uit), parameters={"regio": "Zaanstreek/Waterland"},
        kernel_name="python3", language="python", progress_bar=False, cwd=str(tmp_path),
    )
    cellen = {c["id"]: c for c in nbformat.read(uit, as_version=4)["cells"]}

    def tekst(cel_id):
        delen = []
        for uitvoer in cellen[cel_id]["outputs"]:
            delen.append(uitvoer.get("text", "") or uitvoer.get("data", {}).get("text/plain", ""))
        return "".join(delen)

    assert "regio AM17 Zaanstreek/Waterland" in tekst("controleer-parameters")
    regiolijst = tekst("regiolijst")
    assert "AM01" in regiolijst and "AM38" in regiolijst and "35 rows" not in regiolijst
    assert str(tmp_path / "outputs" / "regios" / "AM17-zaanstreek-waterland") in tekst("resultaatmap")
    assert "Controle van de installatie" in tekst("controle") and "OK        Kernel" in tekst("controle")


def test_documentation_names_only_existing_commands():
    import importlib.util
    import re

    from werkboek.cli import maak_parser

    keuzes = maak_parser()._subparsers._group_actions[0].choices
    commandos = set(keuzes)

    def subcommandos(commando):
        """The sub-commands of e.g. 'werkboek data', or None for a command without them."""
        acties = keuzes[commando]._subparsers
        return set(acties._group_actions[0].choices) if acties else None
    spec = importlib.util.spec_from_file_location("opstarten_voor_docs", ROOT / "opstarten.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    opstarten = set(module.OPDRACHTEN)
    teksten = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "notebooks" / "00_start.ipynb"]
    gevonden = 0
    for pad in teksten:
        tekst = pad.read_text(encoding="utf-8")
        codeblokken = "\n".join(re.findall(r"```[a-z]*\n(.*?)```", tekst, re.DOTALL))
        genoemd = re.findall(r"`werkboek ([a-z]+)", tekst) + re.findall(r"^\s*werkboek ([a-z]+)", codeblokken, re.MULTILINE)
        gevonden += len(genoemd)
        for commando in genoemd:
            assert commando in commandos, f"{pad.name} noemt 'werkboek {commando}', dat commando bestaat niet"
        tweede = re.findall(r"`werkboek ([a-z]+) ([a-z]+)", tekst) + re.findall(r"^\s*werkboek ([a-z]+) ([a-z]+)", codeblokken, re.MULTILINE)
        for commando, sub in tweede:
            if (geldig := subcommandos(commando)) is not None:
                assert sub in geldig, f"{pad.name} noemt 'werkboek {commando} {sub}', dat bestaat niet"
        for commando in re.findall(r"opstarten\.py ([a-z]+)", tekst):
            assert commando in opstarten, f"{pad.name} noemt 'opstarten.py {commando}', dat bestaat niet"
    assert gevonden > 10  # the pattern really finds the commands the documentation names


@pytest.mark.parametrize("pad", sorted((ROOT / "notebooks").glob("0*.ipynb")), ids=lambda p: p.name)
def test_papermill_reads_every_parameter(pad):
    # Papermill skips a line with a second '=' (for example in its comment): '-p' then warns "Passed unknown
    # parameter" to a participant who did nothing wrong.
    import ast

    from papermill.translators import PythonTranslator

    notebook = nbformat.read(pad, as_version=4)
    cel = next(c for c in notebook["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    toegekend = [knoop.target.id for knoop in ast.parse(cel["source"]).body if isinstance(knoop, ast.AnnAssign)]
    assert toegekend, f"{pad.name}: de parameters-cel heeft geen parameters met type"
    assert [p.name for p in PythonTranslator.inspect(cel)] == toegekend
