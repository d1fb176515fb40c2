"""Write the tiny fixture notebooks the batch tests run (kept in git; rerun this after changing them).

They follow contract C4 like the real phase notebooks: one ``parameters`` cell, outputs under ``uitvoermap``
(``<stem>/figuren/*.png`` and ``<stem>/samenvatting.json``). They import nothing heavy so the tests stay fast.
Environment variables steer them from a test: WERKBOEK_FIXTURE_FOUT=<code> makes 02 raise for that region,
WERKBOEK_FIXTURE_SLAAP=<code> makes 02 sleep for it, WERKBOEK_FIXTURE_CRASH=<code> makes 02 kill the worker
process that runs it, WERKBOEK_FIXTURE_TEKST puts a text in a pain point.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

PARAMETERS = '''regio: str = "AM01"  # code of naam van de arbeidsmarktregio
jaar: int = 2023  # peiljaar
sector: str = "F"  # focussector
horizon: int = 5  # vooruitblik in jaren
bron: str = "demo"  # demo, cbs of momentopname
uitvoermap: str = ""  # leeg: outputs/regios/<AMxx-slug>/'''

SCHRIJF = '''import json, os, struct, zlib
from pathlib import Path
from IPython.display import Image, display
from werkboek import paden
from werkboek.parameters import valideer_parameters

p = valideer_parameters(regio, jaar, sector, horizon, bron)
stem = "{stem}"
map_ = (Path(uitvoermap) if uitvoermap else paden.outputs_dir() / "regios" / p.regio.map_naam) / stem
(map_ / "figuren").mkdir(parents=True, exist_ok=True)
# An 8x4 PNG in a colour that depends on the region, written without matplotlib to keep the kernel light.
pixels = b"".join(b"\\x00" + bytes([p.regio.nummer * 7 % 256, 120, 200]) * 8 for _ in range(4))
delen = [(b"IHDR", struct.pack(">IIBBBBB", 8, 4, 8, 2, 0, 0, 0)), (b"IDAT", zlib.compress(pixels)), (b"IEND", b"")]
png = b"\\x89PNG\\r\\n\\x1a\\n" + b"".join(
    struct.pack(">I", len(d)) + s + d + struct.pack(">I", zlib.crc32(s + d)) for s, d in delen
)
(map_ / "figuren" / "tegel.png").write_bytes(png)
display(Image(data=png))
tekst = os.environ.get("WERKBOEK_FIXTURE_TEKST", "Tekort aan vakkrachten")
samenvatting = {{
    "regio": p.regio.code, "regio_naam": p.regio.naam, "notebook": stem, "parameters": p.als_dict(),
    "bron": {{"naam": p.bron, "demo": p.bron == "demo", "beschrijving": "fixture"}},
    "kerncijfers": [
        {{"naam": "banen_totaal", "label": "Banen van werknemers", "waarde": p.regio.omvang_x1000 * 0.45,
          "eenheid": "x 1 000", "periode": str(p.jaar)}},
        {{"naam": "aandeel_55plus", "label": "Aandeel werkenden 55+", "waarde": 20 + p.regio.nummer % 9,
          "eenheid": "%", "periode": str(p.jaar)}},
    ],
    "knelpunten": [{{"code": "tekort_mbo4" if p.regio.nummer % 2 else "tekort_hbo",
                     "titel": tekst + (" mbo-4" if p.regio.nummer % 2 else " hbo"),
                     "onderwijsniveau": "mbo_4" if p.regio.nummer % 2 else "hbo", "bewijs": "fixture"}}],
    "figuren": ["figuren/tegel.png"], "tabellen": [],
}}
(map_ / "samenvatting.json").write_text(json.dumps(samenvatting, ensure_ascii=False), encoding="utf-8")
print(f"{{stem}} klaar voor {{p.regio}}")'''

FOUT = '''import os, signal, time
if os.environ.get("WERKBOEK_FIXTURE_CRASH") == regio:  # the worker process dies, as after running out of memory
    os.kill(os.getppid(), signal.SIGKILL)
    os._exit(1)
if os.environ.get("WERKBOEK_FIXTURE_SLAAP") == regio:
    time.sleep(float(os.environ.get("WERKBOEK_FIXTURE_SLAAPTIJD", "60")))
if os.environ.get("WERKBOEK_FIXTURE_FOUT") == regio:
    raise RuntimeError(f"opzettelijke fout voor regio {regio}")'''


def notebook(stem: str, titel: str, extra: list[str]) -> nbformat.NotebookNode:
    nb = new_notebook(metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    parameters = new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]})
    nb.cells = [new_markdown_cell(f"# {titel}"), parameters, *map(new_code_cell, extra),
                new_code_cell(SCHRIJF.format(stem=stem))]
    for nummer, cel in enumerate(nb.cells):
        cel.id = f"{stem[:2]}-cel-{nummer}"
    return nb


if __name__ == "__main__":
    hier = Path(__file__).resolve().parent
    nbformat.write(notebook("01_vraag", "Fixture: vraag", []), hier / "01_vraag.ipynb")
    nbformat.write(notebook("02_duiding", "Fixture: duiding", [FOUT]), hier / "02_duiding.ipynb")
