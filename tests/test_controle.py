"""``werkboek controleer``: each check reports its problem with a fix, and the real machine passes."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import shutil
import zipfile
from pathlib import Path

import pytest

from werkboek import controle
from werkboek.cli import main
from werkboek.controle import KernelOntbreekt, Omgeving, controleer_alles, lees_pins

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def eigen_mappen(tmp_path, monkeypatch):
    """A cache holding one file and an empty output folder, both outside the repository."""
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "tabel.parquet").write_bytes(b"x")
    monkeypatch.setenv("WERKBOEK_CACHE", str(cache))
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(tmp_path / "outputs"))
    for naam in ("WERKBOEK_BRON", "WERKBOEK_MOMENTOPNAME"):
        monkeypatch.delenv(naam, raising=False)
    return tmp_path


def _snel(**vervanging) -> Omgeving:
    """The real environment, but without importing every heavy package in the test process."""
    return dataclasses.replace(Omgeving(), **{"importeer": lambda naam: None, **vervanging})


def _uitkomst(uitkomsten, onderdeel):
    return next(u for u in uitkomsten if u.onderdeel == onderdeel)


def test_pins_are_read_with_their_extras():
    pins = lees_pins(['pandas==2.3.3', 'PyYAML==6.0.3', 'pytest==9.2.0; extra == "test"', "iets>=1"])
    assert [(p.distributie, p.versie, p.extra) for p in pins] == [
        ("pandas", "2.3.3", None),
        ("PyYAML", "6.0.3", None),
        ("pytest", "9.2.0", "test"),
    ]


def test_pins_come_from_the_installed_distribution():
    pins = lees_pins(importlib.metadata.requires("werkboek"))
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert pins and all(f'"{p.distributie}=={p.versie}"' in pyproject for p in pins)


def test_missing_package_is_reported_with_fix(eigen_mappen):
    def versie(naam):
        if naam == "pandas":
            raise importlib.metadata.PackageNotFoundError(naam)
        return importlib.metadata.version(naam)

    pakketten = _uitkomst(controleer_alles(_snel(versie=versie)), "Pakketten")
    assert not pakketten.in_orde
    assert "pandas ontbreekt" in pakketten.melding and "2.3.3" in pakketten.melding
    assert "opstarten.py" in pakketten.oplossing


def test_wrong_version_is_reported(eigen_mappen):
    def versie(naam):
        return "0.0.1" if naam == "numpy" else importlib.metadata.version(naam)

    pakketten = _uitkomst(controleer_alles(_snel(versie=versie)), "Pakketten")
    assert not pakketten.in_orde
    assert "numpy heeft versie 0.0.1 in plaats van 2.3.5" in pakketten.melding


def test_package_that_fails_to_import_is_reported(eigen_mappen):
    def importeer(naam):
        if naam == "yaml":
            raise ImportError("DLL load failed")

    pakketten = _uitkomst(controleer_alles(_snel(importeer=importeer)), "Pakketten")
    assert not pakketten.in_orde
    assert "PyYAML" in pakketten.melding and "DLL load failed" in pakketten.melding


def test_missing_kernel_is_reported_with_fix(eigen_mappen):
    def zoek_kernel(naam):
        raise KernelOntbreekt(naam)

    uitkomsten = controleer_alles(_snel(zoek_kernel=zoek_kernel))
    kernel = _uitkomst(uitkomsten, "Kernel")
    assert not kernel.in_orde
    assert "geen kernel" in kernel.melding and "'python3'" in kernel.melding
    assert "-m ipykernel install" in kernel.oplossing and "--name python3" in kernel.oplossing
    assert [u.onderdeel for u in uitkomsten if not u.in_orde] == ["Kernel"]


def test_kernel_whose_python_lacks_werkboek_is_reported(eigen_mappen):
    aangeroepen = []

    def voer_uit(opdracht):
        aangeroepen.append(opdracht)
        return 1, "Traceback ...\nModuleNotFoundError: No module named 'werkboek'"

    omgeving = _snel(zoek_kernel=lambda naam: ["/opt/oud/bin/python3.9", "-m", "ipykernel_launcher"], voer_uit=voer_uit)
    kernel = controle.controleer_kernel(omgeving)
    assert not kernel.in_orde
    assert "/opt/oud/bin/python3.9" in kernel.melding and "No module named 'werkboek'" in kernel.melding
    assert aangeroepen[0][0] == "/opt/oud/bin/python3.9"


def test_bare_python_in_kernelspec_means_this_interpreter(eigen_mappen):
    aangeroepen = []

    def voer_uit(opdracht):
        aangeroepen.append(opdracht)
        return 0, "DeprecationWarning: iets\nwerkboek-pad=" + controle.__file__.replace("controle.py", "__init__.py") + "\nnog een waarschuwing"

    omgeving = _snel(zoek_kernel=lambda naam: ["python", "-m", "ipykernel_launcher"], voer_uit=voer_uit, python_pad="/mijn/python")
    assert controle.controleer_kernel(omgeving).in_orde
    assert aangeroepen[0][0] == "/mijn/python"


def test_kernel_loading_another_werkboek_is_reported(eigen_mappen):
    omgeving = _snel(voer_uit=lambda opdracht: (0, "werkboek-pad=/elders/lib/werkboek/__init__.py"))
    kernel = controle.controleer_kernel(omgeving)
    assert not kernel.in_orde and "ander werkboek" in kernel.melding and "/elders/lib/werkboek" in kernel.melding


def test_old_python_is_reported(eigen_mappen):
    python = controle.controleer_python(_snel(python_versie=(3, 9, 6)))
    assert not python.in_orde and "3.9.6" in python.melding and "3.11" in python.melding
    assert "python.org" in python.oplossing


def test_no_cache_and_no_demo_is_a_problem(eigen_mappen, monkeypatch):
    monkeypatch.setenv("WERKBOEK_CACHE", str(eigen_mappen / "leeg"))
    zonder_demo = controle.controleer_data(_snel(heeft_module=lambda naam: False))
    assert not zonder_demo.in_orde and "werkboek data voorbereiden" in zonder_demo.oplossing
    met_demo = controle.controleer_data(_snel(heeft_module=lambda naam: naam == "werkboek.demo"))
    assert met_demo.in_orde and "demodata" in met_demo.melding and "internet" not in met_demo.melding
    cbs = controle.controleer_data(_snel(heeft_module=lambda naam: True), bron="cbs")
    assert cbs.in_orde and "internet nodig" in cbs.melding


def test_snapshot_is_checked_when_pointed_to(eigen_mappen, monkeypatch):
    kapot = eigen_mappen / "kapot.zip"
    kapot.write_bytes(b"geen zip")
    monkeypatch.setenv("WERKBOEK_MOMENTOPNAME", str(kapot))
    uitkomst = controle.controleer_data(_snel())
    assert not uitkomst.in_orde and "kapot.zip" in uitkomst.melding and "werkboek data uitpak" in uitkomst.oplossing

    goed = eigen_mappen / "goed.zip"
    with zipfile.ZipFile(goed, "w") as archief:
        archief.writestr("cache/tabel.parquet", b"x")
    uitkomst = controle.controleer_data(_snel(), momentopname=str(goed))
    assert uitkomst.in_orde and "goed.zip" in uitkomst.melding

    uitgepakt = eigen_mappen / "uitgepakt"
    uitgepakt.mkdir()
    assert not controle.controleer_data(_snel(), momentopname=str(uitgepakt)).in_orde
    (uitgepakt / "tabel.parquet").write_bytes(b"x")
    assert controle.controleer_data(_snel(), momentopname=str(uitgepakt)).in_orde


def test_source_momentopname_without_snapshot_or_cache_is_a_problem(eigen_mappen, monkeypatch):
    monkeypatch.setenv("WERKBOEK_CACHE", str(eigen_mappen / "leeg"))
    uitkomst = controle.controleer_data(_snel(heeft_module=lambda naam: True), bron="momentopname")
    assert not uitkomst.in_orde and "momentopname" in uitkomst.melding


def test_unreadable_register_is_reported(eigen_mappen, monkeypatch):
    kopie = eigen_mappen / "project"
    shutil.copytree(ROOT / "data", kopie / "data", ignore=shutil.ignore_patterns("cache"))
    (kopie / "data" / "tabellen.yaml").write_text("themas: [niet: goed\n", encoding="utf-8")
    monkeypatch.setenv("WERKBOEK_ROOT", str(kopie))
    uitkomst = controle.controleer_data(_snel())
    assert not uitkomst.in_orde and "tabellen.yaml" in uitkomst.melding and "git checkout" in uitkomst.oplossing


def test_unwritable_output_folder_is_reported(eigen_mappen, monkeypatch):
    bestand = eigen_mappen / "een-bestand"
    bestand.write_text("x")
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(bestand / "outputs"))
    uitkomst = controle.controleer_uitvoermap(_snel())
    assert not uitkomst.in_orde and "WERKBOEK_OUTPUTS" in uitkomst.oplossing


def test_report_has_one_line_per_check_and_a_fix_under_each_problem():
    uitkomsten = [
        controle.Uitkomst("Python", True, "goed"),
        controle.Uitkomst("Kernel", False, "weg", "installeer hem"),
    ]
    regels = controle.als_tekst(uitkomsten).splitlines()
    assert any(r.startswith("OK") and "Python" in r for r in regels)
    kernelregel = next(i for i, r in enumerate(regels) if r.startswith("PROBLEEM"))
    assert "Kernel" in regels[kernelregel] and "Oplossing:" in regels[kernelregel + 1]
    assert "installeer hem" in regels[kernelregel + 1]
    assert "1 probleem gevonden" in regels[-1]


def test_command_passes_on_this_machine(eigen_mappen, capsys):
    assert main(["controleer"]) == 0
    uit = capsys.readouterr().out
    statussen = [regel.split()[0] for regel in uit.splitlines() if regel.startswith(("OK", "PROBLEEM"))]
    assert statussen == ["OK"] * 5
    assert "Alles in orde" in uit


def test_command_exits_1_and_explains_on_a_problem(eigen_mappen, monkeypatch, capsys):
    bestand = eigen_mappen / "een-bestand"
    bestand.write_text("x")
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(bestand / "outputs"))
    assert main(["controleer"]) == 1
    uit = capsys.readouterr().out
    assert "PROBLEEM  Uitvoermap" in uit and "Oplossing:" in uit and "1 probleem gevonden" in uit


def test_cache_check_says_whether_the_figures_are_real_or_demo(eigen_mappen, monkeypatch):
    # A snapshot made from demo data restores fine; the check must not let it pass for real CBS figures.
    cache = eigen_mappen / "cache"
    monkeypatch.setenv("WERKBOEK_CACHE", str(cache))
    (cache / "demo" / "83582NED").mkdir(parents=True)
    (cache / "demo" / "83582NED" / "herkomst.json").write_text("{}", encoding="utf-8")
    (cache / "demo" / "afgeleid").mkdir()
    alleen_demo = controle.controleer_data(_snel(), bron="momentopname")
    assert alleen_demo.in_orde and "alleen demodata (synthetisch)" in alleen_demo.melding

    (cache / "cbs" / "afgeleid").mkdir(parents=True)
    (cache / "cbs" / "afgeleid" / "x.parquet").write_bytes(b"x")
    assert "alleen demodata" in controle.controleer_data(_snel(), bron="momentopname").melding

    (cache / "cbs" / "83582NED").mkdir()
    (cache / "cbs" / "83582NED" / "herkomst.json").write_text("{}", encoding="utf-8")
    beide = controle.controleer_data(_snel(), bron="momentopname").melding
    assert "CBS-cijfers en demodata" in beide
    shutil.rmtree(cache / "demo")
    echt = controle.controleer_data(_snel(), bron="momentopname").melding
    assert "(CBS-cijfers)" in echt and "demodata" not in echt
