"""The warm kernel of ``werkboek run`` (werkboek.kernelmotor): nothing carries over from one notebook to the next,
a failed notebook gets its kernel replaced, and the real phase notebooks give the same results warm as fresh."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import warnings
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from werkboek import kernelmotor
from werkboek.batch_uitvoer import _kernel_instellingen
from werkboek.cli import main

ROOT = Path(__file__).resolve().parents[1]
REGIOS = ("AM01", "AM22")


def _notebook(pad: Path, *cellen: str, parameters: str = "x = 0") -> Path:
    nb = new_notebook(cells=[new_code_cell(parameters, metadata={"tags": ["parameters"]}),
                             *map(new_code_cell, cellen)],
                      metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}})
    nbformat.write(nb, pad)
    return pad


def _warm(notebook: Path, map_: Path, **parameters):
    import papermill

    map_.mkdir(parents=True, exist_ok=True)
    return papermill.execute_notebook(str(notebook), str(map_ / notebook.name), parameters=parameters,
                                      kernel_name="python3", language="python", progress_bar=False, cwd=str(map_),
                                      engine_name=kernelmotor.ENGINE_NAAM, **_kernel_instellingen())


def _tekst(nb) -> str:
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


@pytest.fixture
def warme_kernel():
    yield kernelmotor.HOUDER
    kernelmotor.sluit()


@pytest.mark.traag
def test_nothing_carries_over_from_one_notebook_to_the_next(tmp_path, warme_kernel):
    vervuil = _notebook(tmp_path / "a.ipynb", """
import os, sys, warnings, logging
import matplotlib, matplotlib.pyplot as plt, numpy as np, pandas as pd
geheim = 42
matplotlib.rcParams["font.size"] = 31
plt.figure()
pd.set_option("display.max_rows", 3)
np.seterr(all="raise")
os.environ["WERKBOEK_VERVUILD"] = "ja"
sys.path.insert(0, "/nergens")
os.chdir("/")
warnings.simplefilter("ignore")
logging.root.setLevel(logging.CRITICAL)
print("pid", os.getpid())
""")
    controleer = _notebook(tmp_path / "b.ipynb", """
import os, sys, warnings, logging
import matplotlib, matplotlib.pyplot as plt, numpy as np, pandas as pd
assert "geheim" not in globals()
assert matplotlib.rcParams["font.size"] == 10.0, matplotlib.rcParams["font.size"]
assert plt.get_fignums() == []
assert pd.get_option("display.max_rows") == 60
assert np.geterr()["divide"] == "warn"
assert "WERKBOEK_VERVUILD" not in os.environ and "/nergens" not in sys.path
assert os.getcwd() == werkmap, (os.getcwd(), werkmap)
assert logging.root.level == logging.WARNING
warnings.warn("zichtbaar in elk notebook")
print("pid", os.getpid())
""", parameters="werkmap = ''")
    eerste = _warm(vervuil, tmp_path / "een")
    tweede = _warm(controleer, tmp_path / "twee", werkmap=str((tmp_path / "twee").resolve()))
    derde = _warm(controleer, tmp_path / "drie", werkmap=str((tmp_path / "drie").resolve()))
    pids = [re.search(r"pid (\d+)", _tekst(nb)).group(1) for nb in (eerste, tweede, derde)]
    assert len(set(pids)) == 1  # one kernel, reused
    for nb in (tweede, derde):  # the same warning shows again: the "already shown" registry was forgotten
        assert "zichtbaar in elk notebook" in _tekst(nb)
        assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3]  # counter back to 1


@pytest.mark.traag
def test_a_failed_notebook_gets_a_fresh_kernel_and_is_written_with_its_error(tmp_path, warme_kernel):
    import papermill

    pid = _notebook(tmp_path / "pid.ipynb", "import os\nprint('pid', os.getpid())")
    fout = _notebook(tmp_path / "fout.ipynb", "raise RuntimeError('bewust')")
    dood = _notebook(tmp_path / "dood.ipynb", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")

    def kernel_pid(map_):
        return re.search(r"pid (\d+)", _tekst(_warm(pid, tmp_path / map_))).group(1)

    voor = kernel_pid("voor")
    assert kernel_pid("weer") == voor
    with pytest.raises(papermill.PapermillExecutionError, match="bewust"):
        _warm(fout, tmp_path / "fout")
    assert "RuntimeError" in (tmp_path / "fout" / "fout.ipynb").read_text(encoding="utf-8")
    na_fout = kernel_pid("na_fout")
    assert na_fout != voor
    with pytest.raises(Exception, match="DeadKernel|dead|stierf|died"):
        _warm(dood, tmp_path / "dood")
    assert (tmp_path / "dood" / "dood.ipynb").is_file()  # written as far as it got, for outputs/mislukt/
    assert kernel_pid("na_dood") not in (voor, na_fout)


def _zonder_wisselend(tekst: str, uitvoer: Path) -> str:
    """What differs between any two runs, warm or fresh: the output and staging folder (with the run id), memory
    addresses and pandas Styler ids."""
    tekst = tekst.replace(str(uitvoer), "<uitvoer>")
    tekst = re.sub(r"<uitvoer>/\.werk/[^/]+/", "<werkmap>/", tekst)
    tekst = re.sub(r" at 0x[0-9a-f]+", " at 0x…", tekst)
    return re.sub(r"T_[0-9a-f]{5}", "T_…", tekst)


def _zonder_tijden(waarde):
    """samenvatting.json without timestamps (none today; a later notebook may add one)."""
    if isinstance(waarde, dict):
        return {k: _zonder_tijden(v) for k, v in waarde.items()}
    if isinstance(waarde, list):
        return [_zonder_tijden(v) for v in waarde]
    if isinstance(waarde, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d.*", waarde):
        return "<tijd>"
    return waarde


def _stromen_samen(uitvoer: list) -> list:
    """Consecutive stdout/stderr messages as one, as a reader sees them: the kernel sends a ``print`` in one or
    more messages depending on when its output buffer is flushed, which varies with the machine's load."""
    samen = []
    for deel in uitvoer:
        if (deel.get("output_type") == "stream" and samen and samen[-1].get("output_type") == "stream"
                and samen[-1].get("name") == deel.get("name")):
            samen[-1] = {**samen[-1], "text": samen[-1]["text"] + deel["text"]}
        else:
            samen.append(dict(deel))
    return samen


def _uitkomsten(uitvoer: Path) -> dict:
    regios = uitvoer / "regios"
    uitkomst = {"csv": {}, "png": {}, "samenvatting": {}, "uitvoer": {}}
    for pad in sorted(regios.rglob("*")):
        relatief = pad.relative_to(regios).as_posix()
        if pad.suffix == ".csv":
            uitkomst["csv"][relatief] = pad.read_bytes()
        elif pad.suffix == ".png":
            uitkomst["png"][relatief] = pad.read_bytes()
        elif pad.name == "samenvatting.json":
            uitkomst["samenvatting"][relatief] = _zonder_tijden(json.loads(pad.read_text(encoding="utf-8")))
        elif pad.suffix == ".ipynb":
            nb = nbformat.read(pad, as_version=4)
            uitkomst["uitvoer"][relatief] = [
                (c.execution_count,
                 _zonder_wisselend(json.dumps(_stromen_samen(c.outputs), sort_keys=True, ensure_ascii=False),
                                   uitvoer))
                for c in nb.cells if c.cell_type == "code"]
    return uitkomst


@pytest.fixture(scope="module")
def warm_en_vers(tmp_path_factory):
    """The real phase notebooks 01-04 on demo data for two regions: warm kernels, then a fresh kernel each."""
    from werkboek.bronnen import open_bron

    basis = tmp_path_factory.mktemp("warm_en_vers")
    notebooks = basis / "notebooks"
    notebooks.mkdir()
    for pad in sorted((ROOT / "notebooks").glob("0[1-4]_*.ipynb")):
        shutil.copy(pad, notebooks / pad.name)
    uitkomsten = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WERKBOEK_CACHE", str(basis / "cache"))
        with contextlib.redirect_stderr(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            open_bron("demo").bereid_voor()
        for soort, extra in (("warm", []), ("vers", ["--verse-kernels"])):
            mp.setenv("WERKBOEK_OUTPUTS", str(basis / soort))
            uit = io.StringIO()
            with contextlib.redirect_stdout(uit), contextlib.redirect_stderr(io.StringIO()):
                code = main(["run", "--notebooks", str(notebooks), "--regios", *REGIOS, "--processen", "2", *extra])
            assert code == 0, uit.getvalue()
            uitkomsten[soort] = _uitkomsten(basis / soort)
    return uitkomsten


@pytest.mark.traag
def test_warm_and_fresh_kernels_give_the_same_tables_figures_and_pain_points(warm_en_vers):
    warm, vers = warm_en_vers["warm"], warm_en_vers["vers"]
    assert len(warm["csv"]) >= 20 and len(warm["png"]) >= 20 and len(warm["samenvatting"]) == 2 * 4
    assert warm["csv"].keys() == vers["csv"].keys()
    for pad in warm["csv"]:
        assert warm["csv"][pad] == vers["csv"][pad], pad
    for pad, samenvatting in warm["samenvatting"].items():
        assert samenvatting["kerncijfers"] == vers["samenvatting"][pad]["kerncijfers"], pad
        assert samenvatting["knelpunten"] == vers["samenvatting"][pad]["knelpunten"], pad
        assert samenvatting == vers["samenvatting"][pad], pad
    assert any(s["knelpunten"] for s in warm["samenvatting"].values())
    assert warm["png"] == vers["png"]  # the same pixels: no matplotlib state leaked between notebooks


@pytest.mark.traag
def test_warm_and_fresh_kernels_give_the_same_notebook_outputs(warm_en_vers):
    warm, vers = warm_en_vers["warm"], warm_en_vers["vers"]
    assert warm["uitvoer"].keys() == vers["uitvoer"].keys() and len(warm["uitvoer"]) == 2 * 4
    for pad in warm["uitvoer"]:
        assert warm["uitvoer"][pad] == vers["uitvoer"][pad], pad


def test_longest_regions_go_first_by_the_previous_run():
    from werkboek.batch import langste_eerst
    from werkboek.batch_uitvoer import Taak

    def taak(code, *stems, uitvoeren=True):
        return Taak(sleutel=code, naam=code, doel="", staging="", backup="", mislukt_map="", terug_link="",
                    notebooks=[{"stem": s, "uitvoeren": uitvoeren} for s in stems])

    taken = [taak("AM01", "01", "03"), taak("AM02", "01", "03"), taak("AM03", "01", "03", uitvoeren=False),
             taak("AM05", "01", "03")]
    duren = {"AM01": {"01": 1.0, "03": 2.0}, "AM02": {"01": 1.0, "03": 9.0}, "AM03": {"01": 0.5, "03": 0.5}}
    volgorde = [t.sleutel for t in langste_eerst(taken, duren)]
    assert volgorde == ["AM02", "AM01", "AM05", "AM03"]  # AM05 unknown: the median; AM03 is skipped: nothing to do
    assert [t.sleutel for t in langste_eerst(taken, {})] == ["AM01", "AM02", "AM05", "AM03"]  # no history: in order


def test_the_warm_kernel_imports_what_the_notebooks_import(tmp_path):
    from werkboek.batch_plan import notebook_imports

    nb = _notebook(tmp_path / "01_x.ipynb", "import pandas as pd, numpy\nfrom werkboek import export, grafieken as g",
                   "    from IPython.display import (Markdown,\n  display)\n# import niets")
    assert notebook_imports([nb]) == ("pandas", "numpy", "werkboek", "werkboek.export", "werkboek.grafieken",
                                      "IPython.display", "IPython.display.Markdown")


def test_the_batch_processes_skip_the_iri_grammar_and_still_validate_notebooks():
    """jsonschema builds the grammar of rfc3987_syntax (0,85 s) for a format no notebook schema uses; the batch's
    processes leave it out, and nbformat still validates (and rejects) notebooks."""
    import subprocess
    import sys

    code = ("import sys, werkboek.batch, nbformat, papermill\n"
            "assert sys.modules['rfc3987_syntax'] is None\n"
            "nbformat.validate(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1')]))\n"
            "kapot = nbformat.v4.new_notebook(); kapot.cells = [{'cell_type': 'onzin'}]\n"
            "try:\n    nbformat.validate(kapot)\nexcept nbformat.ValidationError:\n    print('geweigerd')\n")
    uit = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert uit.stdout.strip() == "geweigerd"
