"""Write the fixture notebook of the reliability suite (kept in git; rerun this after changing it).

``01_controle.ipynb`` has the parameters cell of contract C4 and the same validation as a phase notebook
(``valideer_parameters`` and then the data-aware ``controleer_jaar_in_data``), so the suite does not depend on the
phase notebooks being rewritten. Its work cell writes through :func:`werkboek.export.uitvoermap`. Environment
variables steer it from a test, each naming a region code: WERKBOEK_FIXTURE_FOUT (the cell raises),
WERKBOEK_FIXTURE_KERNELDOOD (the kernel kills itself with SIGKILL), WERKBOEK_FIXTURE_SCHIJFVOL (writing fails
with "no space left on device"), WERKBOEK_FIXTURE_SLAAP (the cell sleeps until interrupted);
WERKBOEK_FIXTURE_TEKST is printed in the report.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

def _parameters_cel() -> str:
    """The C4 parameters cell, the same text as the batch fixtures (tests/notebooks_fixture/maak_fixtures.py)."""
    import importlib.util

    pad = Path(__file__).resolve().parents[1] / "notebooks_fixture" / "maak_fixtures.py"
    spec = importlib.util.spec_from_file_location("maak_fixtures", pad)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PARAMETERS


VALIDATIE = '''from werkboek.parameters import controleer_jaar_in_data, valideer_parameters

p = controleer_jaar_in_data(valideer_parameters(regio, jaar, sector, horizon, bron))'''

WERK = '''import errno, json, os, signal, time
from werkboek import export

map_ = export.uitvoermap(p, "01_controle", uitvoermap)
if os.environ.get("WERKBOEK_FIXTURE_KERNELDOOD") == p.regio.code:
    os.kill(os.getpid(), signal.SIGKILL)
if os.environ.get("WERKBOEK_FIXTURE_FOUT") == p.regio.code:
    raise RuntimeError(f"fixture: bewuste fout in {p.regio.code}")
if os.environ.get("WERKBOEK_FIXTURE_SCHIJFVOL") == p.regio.code:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(map_ / "figuren" / "figuur.png"))
if os.environ.get("WERKBOEK_FIXTURE_SLAAP") == p.regio.code:
    time.sleep(120)
tekst = os.environ.get("WERKBOEK_FIXTURE_TEKST", "Tekort aan vakkrachten")
print(f"{p.regio}: {tekst}")
samenvatting = {
    "regio": p.regio.code, "regio_naam": p.regio.naam, "notebook": "01_controle", "parameters": p.als_dict(),
    "bron": {"naam": p.bron, "demo": p.bron == "demo", "beschrijving": "fixture"},
    "kerncijfers": [{"naam": "horizon", "label": "Horizon", "waarde": p.horizon, "eenheid": "jaar",
                     "periode": str(p.jaar)}],
    "knelpunten": [{"code": "k", "titel": tekst, "onderwijsniveau": "mbo_4", "bewijs": "fixture"}],
    "figuren": [], "tabellen": [],
}
export.schrijf_json(samenvatting, map_ / "samenvatting.json")'''


def maak(map_: Path) -> Path:
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Fixture: controle van de parameters"),
            new_code_cell(_parameters_cel(), metadata={"tags": ["parameters"]}),
            new_code_cell(VALIDATIE),
            new_code_cell(WERK),
        ],
        metadata={"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                  "language_info": {"name": "python"}},
    )
    for nummer, cel in enumerate(nb.cells):
        cel["id"] = f"controle-{nummer}"
    pad = map_ / "01_controle.ipynb"
    nbformat.write(nb, pad)
    return pad


if __name__ == "__main__":
    print(maak(Path(__file__).resolve().parent))
