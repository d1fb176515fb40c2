"""The batch runner ``werkboek run`` on the tiny fixture notebooks in tests/notebooks_fixture/."""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from werkboek import batch
from werkboek.cli import main

FIXTURES = Path(__file__).resolve().parent / "notebooks_fixture"
VIJANDIG = '<script>alert("x")</script> & <b>vet</b>'


def draai(*argumenten: str) -> tuple[int, str, str]:
    """Run the CLI in-process and return exit code, stdout and stderr."""
    uit, fout = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(uit), contextlib.redirect_stderr(fout):
        code = main(["run", "--notebooks", str(FIXTURES), *argumenten])
    return code, uit.getvalue(), fout.getvalue()


def hashes(map_: Path) -> dict[str, str]:
    return {
        str(p.relative_to(map_)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(map_.rglob("*")) if p.is_file()
    }


def manifest(uitvoer: Path) -> dict:
    return json.loads((uitvoer / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def drie_regios(tmp_path_factory):
    """Three regions, AM02 made to fail; then the same run again; then only the failed one, now healthy."""
    uitvoer = tmp_path_factory.mktemp("uitvoer")
    stappen = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WERKBOEK_OUTPUTS", str(uitvoer))
        mp.setenv("WERKBOEK_FIXTURE_TEKST", VIJANDIG)
        mp.setenv("WERKBOEK_FIXTURE_FOUT", "AM02")
        stappen["eerste"] = (*draai("--regios", "AM01", "Friesland", "am3", "--processen", "2"), manifest(uitvoer),
                             hashes(uitvoer / "regios"))
        stappen["mislukt_bewaard"] = {str(p.relative_to(uitvoer)): p.read_text(encoding="utf-8")
                                      for p in (uitvoer / "mislukt").rglob("*") if p.is_file()}
        (uitvoer / "mislukt" / "AM02-friesland" / "01_vraag.ipynb").write_text("{}", encoding="utf-8")  # stale
        stappen["tweede"] = (*draai("--regios", "AM01", "AM02", "AM03", "--processen", "2"), manifest(uitvoer),
                             hashes(uitvoer / "regios"))
        stappen["mislukt_na_tweede"] = sorted(p.name for p in (uitvoer / "mislukt" / "AM02-friesland").iterdir())
        mp.delenv("WERKBOEK_FIXTURE_FOUT")
        stappen["herstel"] = (*draai("--alleen-mislukt"), manifest(uitvoer), hashes(uitvoer / "regios"))
    return uitvoer, stappen


@pytest.mark.traag
def test_failing_region_does_not_stop_the_others(drie_regios):
    uitvoer, stappen = drie_regios
    code, uit, _, eerste, _ = stappen["eerste"]
    assert code == 1
    status = {r["regio"]: r["status"] for r in eerste["regios"]}
    assert status == {"AM01": "klaar", "AM02": "mislukt", "AM03": "klaar"}
    # Dutch summary with the failing notebook, cell number and error line.
    assert "klaar:         2" in uit and "mislukt:       1" in uit
    assert "AM02 Friesland — 02_duiding, cel" in uit
    assert "RuntimeError: opzettelijke fout voor regio AM02" in uit
    [fout] = eerste["mislukt"]
    assert fout["regio"] == "AM02" and fout["notebook"] == "02_duiding" and isinstance(fout["cel"], int)
    # The failing notebook is kept with its error and linked from the summary.
    bewaard = stappen["mislukt_bewaard"]
    assert fout["notebook_pad"] == "mislukt/AM02-friesland/02_duiding.ipynb"
    assert "opzettelijke fout voor regio AM02" in bewaard[fout["notebook_pad"]]
    assert fout["html_pad"] in uit and "opzettelijke fout voor regio AM02" in bewaard[fout["html_pad"]]


@pytest.mark.traag
def test_successful_regions_have_reports_and_summaries(drie_regios):
    uitvoer, stappen = drie_regios
    *_, eerste, _ = stappen["eerste"]
    for map_naam in ("AM01-groningen", "AM03-drenthe"):
        map_ = uitvoer / "regios" / map_naam
        for stem in ("01_vraag", "02_duiding"):
            assert (map_ / f"{stem}.ipynb").is_file() and (map_ / f"{stem}.html").is_file()
            samenvatting = json.loads((map_ / stem / "samenvatting.json").read_text(encoding="utf-8"))
            assert samenvatting["regio"] == map_naam[:4]
    timings = [n["duur_s"] for r in eerste["regios"] for n in r["notebooks"] if n["status"] == "klaar"]
    assert timings and all(t > 0 for t in timings)
    assert eerste["versies"]["papermill"] and eerste["versies"]["python"]
    assert eerste["parameters"] == {"jaar": 2023, "sector": "F", "horizon": 5, "bron": "demo"}
    assert (uitvoer / "manifesten" / f"{eerste['run_id']}.json").is_file()


@pytest.mark.traag
def test_html_reports_have_no_code_cells(drie_regios):
    uitvoer, _ = drie_regios
    pagina = (uitvoer / "regios" / "AM01-groningen" / "01_vraag.html").read_text(encoding="utf-8")
    assert "valideer_parameters" not in pagina  # the code itself is not shown
    assert "01_vraag klaar voor AM01 Groningen" in pagina  # its output is
    assert "cdnjs" not in pagina and "<script src" not in pagina


@pytest.mark.traag
def test_rerun_skips_up_to_date_regions(drie_regios):
    _, stappen = drie_regios
    *_, eerste_hashes = stappen["eerste"]
    code, uit, _, tweede, tweede_hashes = stappen["tweede"]
    assert code == 1
    status = {r["regio"]: r["status"] for r in tweede["regios"]}
    assert status == {"AM01": "overgeslagen", "AM02": "mislukt", "AM03": "overgeslagen"}
    assert "overgeslagen:  2" in uit
    assert tweede_hashes == eerste_hashes  # nothing rewritten
    assert stappen["mislukt_na_tweede"] == ["02_duiding.html", "02_duiding.ipynb"]  # older failures cleared


@pytest.mark.traag
def test_alleen_mislukt_reruns_only_the_failed_region(drie_regios):
    uitvoer, stappen = drie_regios
    *_, tweede_hashes = stappen["tweede"]
    code, uit, _, herstel, herstel_hashes = stappen["herstel"]
    assert code == 0, uit
    assert [(r["regio"], r["status"]) for r in herstel["regios"]] == [("AM02", "klaar")]
    assert not (uitvoer / "mislukt" / "AM02-friesland").exists()
    assert (uitvoer / "regios" / "AM02-friesland" / "02_duiding.html").is_file()
    ongewijzigd = {k: v for k, v in herstel_hashes.items() if not k.startswith("AM02")}
    assert ongewijzigd == tweede_hashes


@pytest.mark.traag
def test_alleen_mislukt_with_nothing_failed_runs_nothing(drie_regios, monkeypatch):
    uitvoer, _ = drie_regios
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(uitvoer))
    voor, manifest_voor = hashes(uitvoer), manifest(uitvoer)
    code, uit, _ = draai("--alleen-mislukt")
    assert code == 0 and "Niets te doen" in uit
    assert manifest(uitvoer) == manifest_voor
    assert hashes(uitvoer) == voor


@pytest.mark.traag
def test_hostile_text_from_data_is_escaped_in_index(drie_regios):
    uitvoer, _ = drie_regios
    pagina = (uitvoer / "index.html").read_text(encoding="utf-8")
    assert VIJANDIG not in pagina and "<script" not in pagina
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;vet&lt;/b&gt;" in pagina


@pytest.mark.traag
def test_crashed_worker_is_reported_and_the_others_finish(tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(tmp_path))
    monkeypatch.setenv("WERKBOEK_FIXTURE_CRASH", "AM01")
    code, uit, _ = draai("--regios", "AM01", "AM02", "AM03", "--processen", "2")
    assert code == 1
    status = {r["regio"]: r["status"] for r in manifest(tmp_path)["regios"]}
    assert status == {"AM01": "mislukt", "AM02": "klaar", "AM03": "klaar"}
    assert "werkproces stopte onverwacht" in uit
    assert not (tmp_path / "regios" / "AM01-groningen").exists()


def test_invalid_region_is_refused_before_anything_is_written(tmp_path, monkeypatch, capsys):
    uitvoer = tmp_path / "uitvoer"
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(uitvoer))
    code = main(["run", "--notebooks", str(FIXTURES), "--regios", "AM01", "Nergensland"])
    assert code == 2
    fout = capsys.readouterr().err
    assert "Onbekende arbeidsmarktregio: 'Nergensland'" in fout and "Geldige regio's" in fout
    assert not uitvoer.exists()


@pytest.mark.parametrize("optie, waarde, melding", [
    ("--jaar", "1990", "'jaar'"), ("--sector", "Z", "Onbekende sector"), ("--bron", "internet", "databron"),
])
def test_invalid_parameter_is_refused_before_anything_is_written(tmp_path, monkeypatch, capsys, optie, waarde, melding):
    uitvoer = tmp_path / "uitvoer"
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(uitvoer))
    assert main(["run", "--notebooks", str(FIXTURES), "--regios", "AM01", optie, waarde]) == 2
    assert melding in capsys.readouterr().err
    assert not uitvoer.exists()


def _args(**waarden) -> argparse.Namespace:
    standaard = dict(regios=None, parameters=None, jaar=None, sector=None, horizon=None, bron=None, processen=None,
                     alleen_mislukt=False, alles_opnieuw=False, geojson="", notebooks=FIXTURES)
    return argparse.Namespace(**{**standaard, **waarden})


def test_parameter_file_sets_parameters_and_regions_as_strings(tmp_path):
    bestand = tmp_path / "run.yaml"
    bestand.write_text("jaar: 2022\nsector: bouw\nhorizon: 6\nregios: [1, 22]\n", encoding="utf-8")
    plan = batch.maak_plan(_args(parameters=bestand, horizon="7"))
    assert [r.code for r in plan.regios] == ["AM01", "AM22"]
    assert plan.parameters == {"jaar": 2022, "sector": "F", "horizon": 7, "bron": "demo"}  # command line wins


def test_parameter_file_with_unknown_key_is_refused(tmp_path):
    bestand = tmp_path / "run.yaml"
    bestand.write_text("jaar: 2022\nregio: AM01\n", encoding="utf-8")
    with pytest.raises(batch.BatchFout, match="onbekende sleutels"):
        batch.maak_plan(_args(parameters=bestand))


def test_default_plan_covers_all_35_regions():
    plan = batch.maak_plan(_args())
    assert len(plan.regios) == 35 and plan.parameters["bron"] == "demo"
    assert [p.name for p in plan.notebooks] == ["01_vraag.ipynb", "02_duiding.ipynb"]


def test_only_declared_parameters_are_passed(tmp_path):
    notebook = tmp_path / "01_x.ipynb"
    notebook.write_text(json.dumps({"cells": [
        {"cell_type": "code", "metadata": {"tags": ["parameters"]},
         "source": ["regio: str = \"AM01\"  # code\n", "jaar = 2023\n", "# horizon = 5\n"]},
        {"cell_type": "code", "metadata": {}, "source": "sector = 'F'"},
    ]}), encoding="utf-8")
    assert batch.gedeclareerde_parameters(notebook) == {"regio", "jaar"}
    assert batch.gedeclareerde_parameters(FIXTURES / "01_vraag.ipynb") == {
        "regio", "jaar", "sector", "horizon", "bron", "uitvoermap"}


def test_fingerprint_changes_with_each_input(tmp_path):
    notebook = tmp_path / "01_x.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    basis = batch.vingerafdruk_notebook(notebook, {"regio": "AM01", "jaar": 2023}, "data", "pakket")
    assert basis == batch.vingerafdruk_notebook(notebook, {"jaar": 2023, "regio": "AM01"}, "data", "pakket")
    varianten = [
        batch.vingerafdruk_notebook(notebook, {"regio": "AM01", "jaar": 2024}, "data", "pakket"),
        batch.vingerafdruk_notebook(notebook, {"regio": "AM01", "jaar": 2023}, "andere data", "pakket"),
        batch.vingerafdruk_notebook(notebook, {"regio": "AM01", "jaar": 2023}, "data", "ander pakket"),
        batch.vingerafdruk_notebook(notebook, {"regio": "AM01", "jaar": 2023}, "data", "pakket", "vorige"),
    ]
    notebook.write_text('{"cells": []}', encoding="utf-8")
    varianten.append(batch.vingerafdruk_notebook(notebook, {"regio": "AM01", "jaar": 2023}, "data", "pakket"))
    assert len({basis, *varianten}) == 6


def test_data_fingerprint_ignores_retrieval_time_but_not_vintage():
    tabel = {"thema": "banen", "tabel_id": "83582NED", "gewijzigd": "2024-06-27T02:00:00", "opgehaald": "a"}
    herkomst = {"naam": "cbs", "tabellen": [tabel]}
    later = {"naam": "cbs", "tabellen": [{**tabel, "opgehaald": "b"}]}
    nieuw = {"naam": "cbs", "tabellen": [{**tabel, "gewijzigd": "2025-01-01T02:00:00"}]}
    assert batch.data_vingerafdruk(herkomst) == batch.data_vingerafdruk(later)
    assert batch.data_vingerafdruk(herkomst) != batch.data_vingerafdruk(nieuw)


def test_package_fingerprint_follows_the_source(tmp_path, monkeypatch):
    voor = batch.pakket_vingerafdruk()
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    for bestand in batch.paden.data_dir().iterdir():
        if bestand.is_file():
            (root / "data" / bestand.name).write_bytes(bestand.read_bytes())
    monkeypatch.setenv("WERKBOEK_ROOT", str(root))
    assert batch.pakket_vingerafdruk() == voor
    (root / "data" / "sectoren.csv").write_text("code,naam,kort,opleidingsrichting\n", encoding="utf-8")
    assert batch.pakket_vingerafdruk() != voor


def test_second_run_at_the_same_time_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(tmp_path))
    (tmp_path / ".werk-slot").write_text(str(os.getpid()), encoding="utf-8")  # a live process holds it
    assert main(["run", "--notebooks", str(FIXTURES), "--regios", "AM01"]) == 2
    assert "Er loopt al een run" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == [".werk-slot"]


@pytest.mark.skipif(os.name != "posix", reason="controle of een proces leeft alleen op Linux/macOS")
def test_lock_of_a_killed_run_is_taken_over(tmp_path):
    dood = subprocess.Popen([sys.executable, "-c", "pass"])
    dood.wait()
    (tmp_path / ".werk-slot").write_text(str(dood.pid), encoding="utf-8")
    slot = batch.neem_slot(tmp_path)
    assert slot.read_text(encoding="utf-8") == str(os.getpid())


def test_leftover_backup_is_restored_when_the_swap_was_interrupted(tmp_path):
    uitvoer = tmp_path
    backup = uitvoer / ".werk" / "run-1" / "backup" / "regios" / "AM01-groningen.vorige"
    backup.mkdir(parents=True)
    (backup / "01_vraag.html").write_text("oud en goed", encoding="utf-8")
    assert batch.herstel_onderbroken_wissels(uitvoer) == ["AM01-groningen"]
    assert (uitvoer / "regios" / "AM01-groningen" / "01_vraag.html").read_text(encoding="utf-8") == "oud en goed"
    assert not (uitvoer / ".werk").exists()


def test_leftover_backup_is_dropped_when_the_new_report_is_in_place(tmp_path):
    uitvoer = tmp_path
    backup = uitvoer / ".werk" / "run-1" / "backup" / "regios" / "AM01-groningen.vorige"
    backup.mkdir(parents=True)
    (backup / "01_vraag.html").write_text("oud", encoding="utf-8")
    nieuw = uitvoer / "regios" / "AM01-groningen"
    nieuw.mkdir(parents=True)
    (nieuw / "01_vraag.html").write_text("nieuw", encoding="utf-8")
    assert batch.herstel_onderbroken_wissels(uitvoer) == []
    assert (nieuw / "01_vraag.html").read_text(encoding="utf-8") == "nieuw"
    assert not (uitvoer / ".werk").exists()


def test_backup_of_a_swap_is_found_by_the_recovery(tmp_path):
    for doel in (tmp_path / "regios" / "AM05-twente", tmp_path / "vergelijking"):
        doel.mkdir(parents=True)
        backup = batch.backup_pad(tmp_path, "run-2", doel)
        os.replace(doel, backup.parent.mkdir(parents=True, exist_ok=True) or backup)
        assert not doel.exists()
    assert sorted(batch.herstel_onderbroken_wissels(tmp_path)) == ["AM05-twente", "vergelijking"]
    assert (tmp_path / "regios" / "AM05-twente").is_dir() and (tmp_path / "vergelijking").is_dir()


def test_swap_replaces_folder_and_removes_backup(tmp_path):
    oud, nieuw = tmp_path / "regios" / "AM01-groningen", tmp_path / ".werk" / "r" / "AM01-groningen"
    oud.mkdir(parents=True)
    (oud / "a.txt").write_text("oud", encoding="utf-8")
    nieuw.mkdir(parents=True)
    (nieuw / "a.txt").write_text("nieuw", encoding="utf-8")
    batch.wissel_in(nieuw, oud, batch.backup_pad(tmp_path, "r", oud))
    assert (oud / "a.txt").read_text(encoding="utf-8") == "nieuw" and not nieuw.exists()
    assert not list((tmp_path / ".werk").rglob("*.vorige"))


@pytest.mark.traag
@pytest.mark.skipif(os.name != "posix", reason="stuurt SIGINT/SIGTERM; alleen op Linux/macOS")
@pytest.mark.parametrize("stopsignaal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_interrupted_run_keeps_previous_reports(tmp_path, stopsignaal):
    omgeving = {**os.environ, "WERKBOEK_OUTPUTS": str(tmp_path)}
    opdracht = [sys.executable, "-m", "werkboek.cli", "run", "--notebooks", str(FIXTURES),
                "--regios", "AM01", "AM03", "--processen", "2"]
    eerste = subprocess.run(opdracht, env=omgeving, capture_output=True, text=True, timeout=120)
    assert eerste.returncode == 0, eerste.stdout + eerste.stderr
    voor = hashes(tmp_path / "regios")

    # Second run with another horizon, so everything reruns; AM03's second notebook hangs until interrupted.
    omgeving["WERKBOEK_FIXTURE_SLAAP"] = "AM03"
    proces = subprocess.Popen([*opdracht, "--horizon", "6"], env=omgeving, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, start_new_session=True)
    hangend = tmp_path / ".werk"
    einde = time.monotonic() + 60
    while time.monotonic() < einde and not list(hangend.glob("*/AM03-drenthe/01_vraag.html")):
        time.sleep(0.2)
    time.sleep(1.0)  # AM03 is now inside the sleeping notebook
    import psutil  # comes with ipykernel

    kinderen = psutil.Process(proces.pid).children(recursive=True)  # workers and kernels
    assert any("ipykernel" in " ".join(k.cmdline()) for k in kinderen if k.is_running())
    proces.send_signal(stopsignaal)
    uit, fout = proces.communicate(timeout=60)
    _, levend = psutil.wait_procs(kinderen, timeout=10)
    assert not levend, f"processen leven nog na het onderbreken: {[k.cmdline() for k in levend]}"
    assert proces.returncode == 130, uit + fout
    assert "onderbroken" in uit
    na = hashes(tmp_path / "regios")
    assert {k: v for k, v in na.items() if k.startswith("AM03")} == {k: v for k, v in voor.items() if k.startswith("AM03")}
    assert not (tmp_path / ".werk").exists()
    gegevens = manifest(tmp_path)
    assert gegevens["status"] == "onderbroken"
    assert {r["regio"]: r["status"] for r in gegevens["regios"]}["AM03"] == "onderbroken"


def _nep_bronnen(monkeypatch, fout: Exception | None):
    """Stand-in for the data layer (werkboek.bronnen), which is written in parallel."""
    import types

    aanroepen = []

    class NepBron:
        naam, is_demo, beschrijving = "demo", True, "nepbron voor de test"

        def bereid_voor(self):
            aanroepen.append("bereid_voor")
            if fout:
                raise fout

        def herkomst(self, thema):
            return types.SimpleNamespace(tabel_id=f"T-{thema}", titel=thema, gewijzigd="2024-06-27T02:00:00",
                                         opgehaald="2026-11-22T07:00:00", rijen=3, demo=True, indeling=None,
                                         bronregel=lambda: f"Bron: demodata {thema}")

    module = types.ModuleType("werkboek.bronnen")
    module.open_bron = lambda naam, momentopname=None, peiljaar=None: NepBron()
    monkeypatch.setitem(sys.modules, "werkboek.bronnen", module)
    return aanroepen


def test_data_is_prepared_once_and_vintages_recorded(monkeypatch):
    aanroepen = _nep_bronnen(monkeypatch, None)
    herkomst = batch.bereid_data_voor("demo")
    assert aanroepen == ["bereid_voor"] and herkomst["voorbereid"] is True
    assert {t["thema"] for t in herkomst["tabellen"]} >= {"banen", "regio_indeling"}
    assert all(t["tabel_id"] == f"T-{t['thema']}" for t in herkomst["tabellen"])


def test_failing_data_preparation_stops_with_a_dutch_message(monkeypatch):
    _nep_bronnen(monkeypatch, ConnectionError("geen verbinding"))
    with pytest.raises(batch.BatchFout, match="kon niet worden voorbereid.*geen verbinding"):
        batch.bereid_data_voor("cbs")
