"""``werkboek run``: execute the phase notebooks for all or some regions and build the report site.

Minimal serial version; the parallel runner with skipping, manifests and the full site replaces it.
"""

from __future__ import annotations

import argparse
import html
import sys

from werkboek import paden
from werkboek.regios import alle_regios, zoek_regio


def registreer(subparsers) -> None:
    parser = subparsers.add_parser(
        "run",
        help="voer de fase-notebooks uit voor alle (of gekozen) regio's en bouw de rapportsite",
        description="Voer de fase-notebooks uit met papermill en schrijf de resultaten naar outputs/.",
    )
    parser.add_argument("--regios", nargs="+", metavar="REGIO", help="codes of namen; standaard alle 35")
    parser.add_argument("--bron", default="demo", help="databron: demo (standaard), cbs of momentopname")
    parser.set_defaults(func=voer_uit)


def fase_notebooks():
    return sorted(p for p in paden.notebooks_dir().glob("0[1-4]_*.ipynb"))


def voer_uit(args: argparse.Namespace) -> int:
    import papermill
    from nbconvert import HTMLExporter
    import nbformat

    regios = [zoek_regio(r) for r in args.regios] if args.regios else list(alle_regios())
    uitvoer = paden.outputs_dir()
    mislukt = []
    for regio in regios:
        map_ = paden.binnen(uitvoer, "regios", regio.map_naam)
        map_.mkdir(parents=True, exist_ok=True)
        for notebook in fase_notebooks():
            doel = map_ / notebook.name
            try:
                papermill.execute_notebook(
                    str(notebook), str(doel), parameters={"regio": regio.code, "bron": args.bron},
                    kernel_name="python3", language="python", progress_bar=False, cwd=str(map_),
                )
                body, _ = HTMLExporter(exclude_input=True).from_notebook_node(nbformat.read(doel, as_version=4))
                doel.with_suffix(".html").write_text(body, encoding="utf-8")
            except Exception as fout:  # noqa: BLE001 - one region's failure must not stop the others
                mislukt.append((regio, notebook.name, fout))
    index = uitvoer / "index.html"
    rijen = "".join(
        f"<li>{html.escape(str(r))}: "
        + ", ".join(f'<a href="regios/{r.map_naam}/{n.stem}.html">{html.escape(n.stem)}</a>' for n in fase_notebooks())
        + "</li>"
        for r in regios
    )
    index.write_text(f"<!doctype html><html lang=nl><meta charset=utf-8><title>Werkboek</title><ul>{rijen}</ul></html>", encoding="utf-8")
    for regio, naam, fout in mislukt:
        print(f"MISLUKT: {regio} {naam}: {fout}", file=sys.stderr)
    print(f"Rapport: {index}")
    return 1 if mislukt else 0
