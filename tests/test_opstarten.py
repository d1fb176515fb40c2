"""opstarten.py: Dutch usage, every command runs from the environment, a failed venv leaves nothing behind."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def opstarten(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("opstarten_onder_test", ROOT / "opstarten.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "VENV", tmp_path / "venv")
    return module


def test_usage_is_dutch_and_lists_every_command(opstarten, capsys):
    assert opstarten.main([]) == 2
    uit = capsys.readouterr().out
    assert uit.startswith("Gebruik")
    for commando in ("run", "test", "controleer", "lab"):
        assert f"opstarten.py {commando}" in uit


@pytest.mark.parametrize(
    "argv, verwacht",
    [
        (["controleer"], ["werkboek", "controleer"]),
        (["lab"], ["jupyter", "lab", "--ServerApp.root_dir=.", "notebooks/00_start.ipynb"]),
        (["run", "--regios", "AM01"], ["werkboek", "run", "--regios", "AM01"]),
        (["test", "-k", "x"], ["python", "-m", "pytest", "-k", "x"]),
    ],
)
def test_commands_run_programs_from_the_environment(opstarten, monkeypatch, argv, verwacht):
    aangeroepen = []
    monkeypatch.setattr(opstarten, "zorg_voor_omgeving", lambda: None)
    monkeypatch.setattr(opstarten.subprocess, "call", lambda opdracht, cwd: aangeroepen.append((opdracht, cwd)) or 0)
    assert opstarten.main(argv) == 0
    (opdracht, cwd), = aangeroepen
    assert Path(opdracht[0]).parent == opstarten.VENV / ("Scripts" if opstarten.os.name == "nt" else "bin")
    assert [Path(opdracht[0]).stem, *opdracht[1:]] == verwacht
    assert cwd == opstarten.ROOT


def test_failed_environment_is_removed_with_dutch_advice(opstarten, monkeypatch):
    def mislukt(self, map_):
        Path(map_, "bin").mkdir(parents=True)
        Path(map_, "bin", "python").write_text("")
        raise subprocess.CalledProcessError(1, ["python", "-m", "ensurepip"])

    monkeypatch.setattr(opstarten.venv.EnvBuilder, "create", mislukt)
    with pytest.raises(SystemExit) as stop:
        opstarten.zorg_voor_omgeving()
    assert "python3-venv" in str(stop.value) and "conda" in str(stop.value)
    assert not opstarten.VENV.exists()
