"""Workshop copies of the notebooks, generated from the canonical ones and never edited by hand.

``werkboek workshop maak`` reads ``notebooks/0*.ipynb`` and writes ``notebooks/workshop/<same name>``:

- cells tagged ``uitwerking`` (worked answers) are left out;
- markdown cells tagged ``opdracht`` are framed in a coloured box under a "✏️ Opdracht" header, code cells
  with that tag get a comment line saying so;
- the ``parameters`` cell, the kernelspec and every other cell stay as they are; outputs and execution
  counts are removed;
- a first cell says where the copy came from and how to regenerate it.

The result depends only on the input notebooks, so a rerun is byte-identical and a test can regenerate
the copies in memory and compare them with the committed ones. The same command also regenerates
``docs/datalogboek.md`` from the table register, the other generated document participants read.
"""

from __future__ import annotations

import argparse
import copy
import json
from pathlib import Path

from werkboek import datalogboek, paden
from werkboek.fouten import WerkboekFout
from werkboek.regios import zoek_regio

WORKSHOPMAP = "workshop"
TAG_OPDRACHT = "opdracht"
TAG_UITWERKING = "uitwerking"
TAG_PARAMETERS = "parameters"
KOPCEL_ID = "werkboek-workshopkop"
# Okabe-Ito orange: readable for colour-blind participants, and distinct from Jupyter's own blue.
_KADER = (
    '<div class="alert alert-block alert-warning" '
    'style="border-left: 6px solid #E69F00; background-color: #FFF4E0; padding: 0.6em 1em;">'
)


class WorkshopFout(WerkboekFout):
    """A notebook cannot be turned into a workshop copy."""


def bronnotebooks() -> list[Path]:
    """The canonical notebooks a workshop copy is made of, in order."""
    return sorted(paden.notebooks_dir().glob("0*.ipynb"))


def workshopmap() -> Path:
    return paden.notebooks_dir() / WORKSHOPMAP


def _tags(cel) -> list[str]:
    return list(cel.get("metadata", {}).get("tags", []))


def _kopcel(naam: str):
    from nbformat.v4 import new_markdown_cell  # local: takes seconds to import; every werkboek CLI command loads this module

    tekst = (
        f"> **Workshopversie** van `notebooks/{naam}`. Deze kopie is gemaakt met `werkboek workshop maak`: "
        "de uitwerkingen zijn weggelaten en de opdrachten staan in een oranje kader. Een nieuwe run van dat "
        "commando overschrijft deze kopie; bewaar uw eigen versie dus met *File → Save Notebook As…* onder een "
        "andere naam."
    )
    return new_markdown_cell(tekst, id=KOPCEL_ID)


def _markeer_opdracht(cel) -> None:
    if cel["cell_type"] == "markdown":
        cel["source"] = f"{_KADER}\n\n**✏️ Opdracht**\n\n{cel['source'].strip()}\n\n</div>"
    elif cel["cell_type"] == "code":
        cel["source"] = "# ✏️ Opdracht: pas deze cel aan en voer hem uit.\n" + cel["source"]


def maak_workshopkopie(notebook, naam: str):
    """Return the workshop copy of one notebook (an ``nbformat`` node); the input is not changed."""
    import nbformat  # local: takes seconds to import; every werkboek CLI command loads this module

    kopie = nbformat.v4.new_notebook()
    kopie["nbformat"], kopie["nbformat_minor"] = notebook["nbformat"], notebook["nbformat_minor"]
    kopie["metadata"] = {
        sleutel: copy.deepcopy(notebook["metadata"][sleutel])
        for sleutel in ("kernelspec", "language_info")
        if sleutel in notebook["metadata"]
    }
    kopie["metadata"]["werkboek"] = {"workshopkopie_van": f"notebooks/{naam}"}
    cellen = [_kopcel(naam)]
    for cel in notebook["cells"]:
        tags = _tags(cel)
        if TAG_UITWERKING in tags:
            if TAG_PARAMETERS in tags:
                raise WorkshopFout(
                    f"In {naam} heeft de parameters-cel ook de tag '{TAG_UITWERKING}'. De parameters-cel moet in de "
                    "workshopversie blijven: haal die tag weg."
                )
            continue
        nieuw = copy.deepcopy(cel)
        nieuw["metadata"] = {"tags": tags} if tags else {}
        if nieuw["cell_type"] == "code":
            nieuw["outputs"], nieuw["execution_count"] = [], None
        if TAG_OPDRACHT in tags:
            _markeer_opdracht(nieuw)
        cellen.append(nieuw)
    kopie["cells"] = cellen
    return kopie


def als_tekst(notebook) -> str:
    """Serialise as Jupyter does (sorted keys, one-space indent), with a final newline."""
    import nbformat  # local: takes seconds to import; every werkboek CLI command loads this module

    return nbformat.writes(notebook) + "\n"


def workshopkopieen() -> dict[Path, str]:
    """Every workshop copy as it should be on disk: target path -> text. Nothing is written."""
    import nbformat  # local: takes seconds to import; every werkboek CLI command loads this module

    resultaat = {}
    for pad in bronnotebooks():
        try:
            notebook = nbformat.reads(pad.read_text(encoding="utf-8"), as_version=4)
        except Exception as fout:  # noqa: BLE001 - nbformat raises several kinds for damaged JSON
            raise WorkshopFout(f"Het notebook {pad} is niet leesbaar ({fout}). Herstel het met git of open het in JupyterLab.") from fout
        resultaat[workshopmap() / pad.name] = als_tekst(maak_workshopkopie(notebook, pad.name))
    return resultaat


def _eerdere_kopieen() -> list[Path]:
    """Generated copies already in the workshop folder.

    A copy is recognised by its metadata *and* by carrying the name of the notebook it came from, so a
    participant's "Save As" of a copy (same metadata, another name) is never touched.
    """
    gevonden = []
    for pad in sorted(workshopmap().glob("*.ipynb")):
        try:
            metadata = json.loads(pad.read_text(encoding="utf-8")).get("metadata", {})
        except (OSError, ValueError):
            continue
        if metadata.get("werkboek", {}).get("workshopkopie_van") == f"notebooks/{pad.name}":
            gevonden.append(pad)
    return gevonden


def verouderd() -> list[str]:
    """Dutch descriptions of every generated file that differs from what the generator would write now."""
    gewenst = workshopkopieen()
    gewenst[datalogboek.logboekpad()] = datalogboek.maak_datalogboek()
    meldingen = []
    for pad, tekst in gewenst.items():
        if not pad.is_file():
            meldingen.append(f"{pad.relative_to(paden.project_root())} ontbreekt")
        elif pad.read_text(encoding="utf-8") != tekst:
            meldingen.append(f"{pad.relative_to(paden.project_root())} is niet bijgewerkt")
    for pad in _eerdere_kopieen():
        if pad not in gewenst:
            meldingen.append(f"{pad.relative_to(paden.project_root())} hoort bij een notebook dat niet meer bestaat")
    return meldingen


def schrijf_workshop() -> list[Path]:
    """Write every workshop copy and the data log, and remove copies whose notebook is gone. Returns the paths written."""
    gewenst = workshopkopieen()
    workshopmap().mkdir(parents=True, exist_ok=True)
    for pad in _eerdere_kopieen():
        if pad not in gewenst:
            pad.unlink()
    gewenst[datalogboek.logboekpad()] = datalogboek.maak_datalogboek()
    for pad, tekst in gewenst.items():
        pad.parent.mkdir(parents=True, exist_ok=True)
        # newline="" keeps '\n' on Windows too, so the copies stay byte-identical across platforms.
        with open(pad, "w", encoding="utf-8", newline="") as bestand:
            bestand.write(tekst)
    return list(gewenst)


def resultaatmap(regio, uitvoermap: str = "") -> Path:
    """Where a notebook run for ``regio`` puts its results: ``uitvoermap`` if given, else ``outputs/regios/<AMxx-slug>``."""
    if uitvoermap:
        return Path(uitvoermap)
    return paden.regiomap(zoek_regio(regio))


def registreer(subparsers) -> None:
    parser = subparsers.add_parser(
        "workshop",
        help="maak de workshopversies van de notebooks en het datalogboek opnieuw",
        description="Lesmateriaal dat uit de notebooks en het tabellenregister wordt gegenereerd.",
    )
    sub = parser.add_subparsers(title="commando's", dest="workshopcommando", metavar="COMMANDO")
    maak = sub.add_parser(
        "maak",
        help="schrijf notebooks/workshop/*.ipynb en docs/datalogboek.md",
        description=(
            "Schrijf de workshopversies van notebooks/0*.ipynb naar notebooks/workshop/ (zonder uitwerkingen, met "
            "de opdrachten gemarkeerd) en docs/datalogboek.md uit data/tabellen.yaml."
        ),
    )
    maak.add_argument("--controleer", action="store_true", help="schrijf niets; meld alleen wat verouderd is (code 1)")
    maak.set_defaults(func=voer_maak_uit)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def voer_maak_uit(args: argparse.Namespace) -> int:
    if args.controleer:
        meldingen = verouderd()
        for melding in meldingen:
            print(f"VEROUDERD  {melding}")
        if meldingen:
            print("Werk het lesmateriaal bij met 'werkboek workshop maak' en commit het resultaat.")
            return 1
        print("Het lesmateriaal (workshopversies en datalogboek) is bijgewerkt.")
        return 0
    for pad in schrijf_workshop():
        print(f"geschreven: {pad.relative_to(paden.project_root())}")
    return 0
