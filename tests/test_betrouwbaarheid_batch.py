"""Reliability of ``werkboek run`` and of a notebook run: failing regions, a killed kernel, Ctrl-C, a full disk,
hostile text, and bad parameters given to a notebook through papermill.

The notebook is tests/notebooks_betrouwbaarheid/01_controle.ipynb: the C4 parameters cell and the same
validation as a phase notebook (valideer_parameters, then the data-aware controleer_jaar_in_data), so these tests
do not depend on the phase notebooks. Every test checks the outcome, the Dutch message and, by sha256, that the
previous reports and the cache are intact (see test_betrouwbaarheid.py for the other fault classes).
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import Hashcontrole, bestandshashes, weiger_schrijven
from werkboek.cli import main

FIXTURES = Path(__file__).resolve().parent / "notebooks_betrouwbaarheid"
NOTEBOOK = FIXTURES / "01_controle.ipynb"
VIJANDIG = "<script>alert(1)</script>"
REGIOS = ("AM01-groningen", "AM02-friesland", "AM03-drenthe", "AM05-twente")

pytestmark = pytest.mark.traag


def storing(klasse: str, uitkomst: str, gevallen: tuple[str, ...] = (), ook: dict | None = None):
    """Mark a reliability test; ``gevallen`` names the cases of a scenario test, ``ook`` those of another class."""
    return pytest.mark.storing(klasse, uitkomst, gevallen=gevallen, ook=ook or {})


def run(*argumenten: str) -> tuple[int, str, str]:
    uit, fout = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(uit), contextlib.redirect_stderr(fout):
        code = main(["run", "--notebooks", str(FIXTURES), *argumenten])
    return code, uit.getvalue(), fout.getvalue()


def manifest(uitvoer: Path) -> dict:
    return json.loads((uitvoer / "manifest.json").read_text(encoding="utf-8"))


def status(uitvoer: Path) -> dict[str, str]:
    return {r["regio"]: r["status"] for r in manifest(uitvoer)["regios"]}


def van_regio(hashes: dict[str, str], map_naam: str) -> dict[str, str]:
    return {pad: h for pad, h in hashes.items() if f"/regios/{map_naam}/" in pad}


@pytest.fixture(scope="module")
def demo_cache(tmp_path_factory) -> Path:
    """The demo data prepared once per module; tests copy it so each has its own."""
    import warnings

    from werkboek.bronnen import open_bron

    map_ = tmp_path_factory.mktemp("demo-sjabloon") / "cache"
    with pytest.MonkeyPatch.context() as mp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mp.setenv("WERKBOEK_CACHE", str(map_))
        open_bron("demo").bereid_voor()
    return map_


FALENDE_REGIOS = {  # case -> (region, folder, what the failure line must say)
    "notebook_faalt": ("AM02", "AM02-friesland", r"RuntimeError: fixture: bewuste fout in AM02"),
    "kernel_gedood": ("AM03", "AM03-drenthe", r"DeadKernelError.*kernel stopte onverwacht"),
    "schijf_vol_in_notebook": ("AM05", "AM05-twente", r"No space left on device.*schijf is vol"),
}
BATCH_GEVALLEN = (*FALENDE_REGIOS, "hervat_met_alleen_mislukt", "manifest_schrijven_schijf_vol")
VIJANDIGE_GEVALLEN = ("vijandige_tekst_in_index", "vijandige_tekst_in_rapport")


@storing("batchstoringen", "veilig gestopt: andere regio's klaar, vorig rapport intact; hersteld met --alleen-mislukt",
         gevallen=BATCH_GEVALLEN, ook={"uitvoerveiligheid": ("onschadelijk gemaakt: ge-escaped", VIJANDIGE_GEVALLEN)})
def test_failing_regions_keep_their_reports_the_others_finish_and_the_run_resumes(tmp_path, demo_cache, monkeypatch):
    """One scenario (a batch run is expensive): four regions run well; then AM02 raises, AM03's kernel is killed
    and AM05 finds the disk full; then only the failed ones again, healthy; then a run whose manifest cannot be
    written. One test, one case per entry of BATCH_GEVALLEN."""
    uitvoer, cachemap = tmp_path / "outputs", tmp_path / "cache"
    shutil.copytree(demo_cache, cachemap)
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(uitvoer))
    monkeypatch.setenv("WERKBOEK_CACHE", str(cachemap))
    monkeypatch.setenv("WERKBOEK_FIXTURE_TEKST", VIJANDIG)
    regios = ["--regios", "AM01", "AM02", "AM03", "AM05", "--processen", "2"]
    code, uit, fout = run(*regios)
    assert code == 0, uit + fout
    eerste, cache_eerst = bestandshashes(uitvoer), bestandshashes(cachemap)

    for geval, (regio, _, _) in FALENDE_REGIOS.items():
        monkeypatch.setenv({"notebook_faalt": "WERKBOEK_FIXTURE_FOUT", "kernel_gedood": "WERKBOEK_FIXTURE_KERNELDOOD",
                            "schijf_vol_in_notebook": "WERKBOEK_FIXTURE_SCHIJFVOL"}[geval], regio)
    code, uit, fout = run(*regios, "--horizon", "6")
    assert code == 1, uit + fout
    storingen = bestandshashes(uitvoer)
    gegevens = manifest(uitvoer)
    assert status(uitvoer) == {"AM01": "klaar", "AM02": "mislukt", "AM03": "mislukt", "AM05": "mislukt"}
    for geval, (regio, map_naam, tekst) in FALENDE_REGIOS.items():
        melding = next(m for m in gegevens["mislukt"] if m["regio"] == regio)
        assert melding["notebook"] == "01_controle" and re.search(tekst, melding["fout"]), (geval, melding)
        samenvatting = next(r for r in uit.splitlines() if f"MISLUKT {regio}" in r)
        assert "01_controle" in samenvatting and re.search(tekst, samenvatting), (geval, samenvatting)
        assert van_regio(storingen, map_naam) == van_regio(eerste, map_naam), geval  # previous report intact
    assert "werkboek run --alleen-mislukt" in uit
    assert van_regio(storingen, "AM01-groningen") != van_regio(eerste, "AM01-groningen")  # AM01 did finish
    assert bestandshashes(cachemap) == cache_eerst
    assert not any("/.werk/" in pad for pad in storingen)

    for naam in ("WERKBOEK_FIXTURE_FOUT", "WERKBOEK_FIXTURE_KERNELDOOD", "WERKBOEK_FIXTURE_SCHIJFVOL"):
        monkeypatch.delenv(naam)
    code, uit, fout = run("--alleen-mislukt", "--processen", "2")  # hervat_met_alleen_mislukt
    assert code == 0, uit + fout
    assert status(uitvoer) == {"AM02": "klaar", "AM03": "klaar", "AM05": "klaar"}
    hervat = bestandshashes(uitvoer)
    assert van_regio(hervat, "AM01-groningen") == van_regio(storingen, "AM01-groningen")
    for map_naam in REGIOS[1:]:  # the new report (horizon 6) is in place now
        nieuw = json.loads((uitvoer / "regios" / map_naam / "01_controle" / "samenvatting.json").read_text("utf-8"))
        assert nieuw["parameters"]["horizon"] == 6, map_naam
    assert not (uitvoer / "mislukt" / "AM02-friesland").exists()
    assert bestandshashes(cachemap) == cache_eerst

    for pagina in ("index.html", "regios/AM01-groningen/01_controle.html"):  # VIJANDIGE_GEVALLEN
        html = (uitvoer / pagina).read_text(encoding="utf-8")
        assert VIJANDIG not in html and "<script>alert" not in html, pagina
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, pagina

    vast = Hashcontrole(uitvoer, cachemap)  # manifest_schrijven_schijf_vol
    with pytest.MonkeyPatch.context() as vol:
        weiger_schrijven(vol, uitvoer, errno.ENOSPC,
                         alleen=lambda pad: "manifest" in Path(pad).name or Path(pad).parent.name == "manifesten")
        code, uit, fout = run("--regios", "AM01", "--horizon", "6")
    assert code == 2, uit + fout
    assert "de schijf is vol" in fout and "manifest" in fout and "WERKBOEK_OUTPUTS" in fout
    assert "Traceback" not in fout
    vast.intact()  # reports, the previous manifest, the site and the cache


@storing("batchstoringen", "veilig gestopt: onderbroken, hervat met --alleen-mislukt")
@pytest.mark.skipif(os.name != "posix", reason="stuurt SIGINT zoals Ctrl-C; alleen op Linux/macOS")
def test_ctrl_c_keeps_previous_and_finished_reports_and_the_run_can_be_resumed(tmp_path, demo_cache, monkeypatch):
    uitvoer, cachemap = tmp_path / "outputs", tmp_path / "cache"
    shutil.copytree(demo_cache, cachemap)
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(uitvoer))
    monkeypatch.setenv("WERKBOEK_CACHE", str(cachemap))
    code, uit, fout = run("--regios", "AM01", "AM02", "--processen", "2")
    assert code == 0, uit + fout
    voor = Hashcontrole(uitvoer, cachemap)
    status_am01 = uitvoer / "regios" / "AM01-groningen" / ".werkboek-status.json"
    status_voor = status_am01.read_bytes()

    omgeving = {**os.environ, "WERKBOEK_FIXTURE_SLAAP": "AM02"}
    proces = subprocess.Popen(
        [sys.executable, "-m", "werkboek.cli", "run", "--notebooks", str(FIXTURES), "--regios", "AM01", "AM02",
         "--processen", "2", "--horizon", "6"],
        env=omgeving, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        einde = time.monotonic() + 90
        # Wait until AM01's new report is in place and AM02 is inside its sleeping cell.
        while time.monotonic() < einde and (status_am01.read_bytes() == status_voor
                                            or not list((uitvoer / ".werk").glob("*/AM02-friesland"))):
            time.sleep(0.2)
        time.sleep(1.5)
        proces.send_signal(signal.SIGINT)
        uit, fout = proces.communicate(timeout=60)
    finally:
        if proces.poll() is None:
            proces.kill()
    assert proces.returncode == 130, uit + fout
    assert "De run is onderbroken" in uit
    assert status(uitvoer) == {"AM01": "klaar", "AM02": "onderbroken"}
    # AM02's previous report and the cache are untouched; AM01's finished new report stays.
    verschil = voor.verschil()
    assert not [p for p in verschil if "/AM02-friesland/" in p or str(cachemap) in p], verschil
    assert status_am01.read_bytes() != status_voor
    assert not (uitvoer / ".werk").exists()
    na_onderbreking = bestandshashes(uitvoer / "regios" / "AM01-groningen")

    code, uit, fout = run("--alleen-mislukt", "--processen", "1")
    assert code == 0, uit + fout
    assert status(uitvoer) == {"AM02": "klaar"}
    assert bestandshashes(uitvoer / "regios" / "AM01-groningen") == na_onderbreking


# ---------------------------------------------------------------------------------------------------------
# Bad parameters given to a notebook through papermill
# ---------------------------------------------------------------------------------------------------------

GELDIGE_REGIOS = r"Geldige regio's"
PAPERMILL_GEVALLEN = {
    "onbekende_regio": ({"regio": "Nergensland"}, "OnbekendeRegioFout", r"Onbekende arbeidsmarktregio", GELDIGE_REGIOS),
    "lege_regio": ({"regio": ""}, "OnbekendeRegioFout", r"geen regio opgegeven", GELDIGE_REGIOS),
    "regio_als_getal": ({"regio": 1}, "OnbekendeRegioFout", r"als tekst worden opgegeven.*\(int\)", r"gebruik -r"),
    "jaar_niet_in_de_data": ({"jaar": 2030}, "ParameterFout", r"'jaar' = 2030 zit niet in de data van bron 'demo'",
                             r"2015 tot en met 2024"),
    "jaar_als_tekst": ({"jaar": "twee"}, "ParameterFout", r"'jaar' moet een geheel getal", r"2015 tot en met 2030"),
    "onbekende_sector": ({"sector": "Z"}, "ParameterFout", r"Onbekende sector: 'Z'", r"Geldige sectoren"),
    "negatieve_horizon": ({"horizon": -1}, "ParameterFout", r"'horizon' = -1", r"1 tot en met 15"),
    "absurde_horizon": ({"horizon": 500}, "ParameterFout", r"'horizon' = 500", r"1 tot en met 15"),
    "onbekende_bron": ({"bron": "internet"}, "ParameterFout", r"Onbekende databron 'internet'", r"'momentopname'"),
}


@storing("slechte parameters (papermill)", "geweigerd in de validatiecel, niets geschreven")
@pytest.mark.parametrize("geval", PAPERMILL_GEVALLEN)
def test_a_notebook_with_bad_parameters_fails_in_its_validation_cell_before_any_output(
        tmp_path, demo_cache, monkeypatch, geval):
    import nbformat
    import papermill

    parameters, soort, melding, keuzes = PAPERMILL_GEVALLEN[geval]
    uitvoer, cachemap = tmp_path / "outputs", tmp_path / "cache"
    shutil.copytree(demo_cache, cachemap)
    vorig = uitvoer / "regios" / "AM01-groningen" / "01_controle"
    vorig.mkdir(parents=True)
    (vorig / "samenvatting.json").write_text('{"regio": "AM01"}', encoding="utf-8")
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(uitvoer))
    monkeypatch.setenv("WERKBOEK_CACHE", str(cachemap))
    vast = Hashcontrole(uitvoer, cachemap)
    uitgevoerd = tmp_path / "uitgevoerd.ipynb"
    with pytest.raises(papermill.PapermillExecutionError) as fout:
        papermill.execute_notebook(str(NOTEBOOK), str(uitgevoerd), parameters=parameters, kernel_name="python3",
                                   language="python", progress_bar=False, cwd=str(tmp_path))
    assert fout.value.ename == soort
    assert re.search(melding, fout.value.evalue, re.S) and re.search(keuzes, fout.value.evalue, re.S), fout.value.evalue
    assert "controleer_jaar_in_data(valideer_parameters" in fout.value.source  # failed in the validation cell
    werk = next(c for c in nbformat.read(uitgevoerd, as_version=4).cells if "export.uitvoermap" in c.source)
    assert werk.get("execution_count") is None  # the work cell never ran
    vast.intact()
