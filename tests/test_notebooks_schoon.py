"""Every committed notebook is stripped of outputs, keeps its kernelspec and has one parameters cell."""

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS, "geen notebooks gevonden in notebooks/"


@pytest.mark.parametrize("pad", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_clean_and_parameterised(pad):
    nb = json.loads(pad.read_text(encoding="utf-8"))
    code_cellen = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") for c in code_cellen), f"{pad.name} bevat uitvoer"
    assert all(c.get("execution_count") is None for c in code_cellen), f"{pad.name} bevat uitvoeringsnummers"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert nb["metadata"]["kernelspec"]["language"] == "python"
    parameters = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(parameters) == 1, f"{pad.name} heeft {len(parameters)} cellen met tag 'parameters'"
    assert parameters[0]["cell_type"] == "code"
