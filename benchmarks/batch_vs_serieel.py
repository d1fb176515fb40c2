#!/usr/bin/env python3
"""Benchmark: ``werkboek run`` against the plain way of running the same notebooks.

The plain way is a serial shell loop: for every region and notebook one ``papermill`` command, followed by
``jupyter nbconvert --to html --no-input``; the comparison notebook once at the end. Then ``werkboek run``
does the same work into a fresh output folder with skipping disabled (``--alles-opnieuw``). Both use the
same data cache, prepared once beforehand, so both read the same data. The script prints both wall times
and their ratio; ``--profiel`` adds where the time of one notebook goes.

    .venv/bin/python benchmarks/batch_vs_serieel.py                     # all 35 regions
    .venv/bin/python benchmarks/batch_vs_serieel.py --regios AM01 AM02 AM03 --profiel

This is a measurement, not a test: it never fails on a slow result.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def programma(naam: str) -> str:
    gevonden = BIN / (f"{naam}.exe" if os.name == "nt" else naam)
    return str(gevonden) if gevonden.exists() else (shutil.which(naam) or naam)


def notebooks(map_: Path) -> tuple[list[Path], list[Path]]:
    return sorted(map_.glob("0[1-4]_*.ipynb")), sorted(map_.glob("05_*.ipynb"))


def bereid_cache_voor(bron: str, omgeving: dict) -> None:
    """Fill the shared cache once, outside the timings."""
    code = ("from werkboek.batch import bereid_data_voor; import sys; "
            f"h = bereid_data_voor({bron!r}); print('data voorbereid' if h['voorbereid'] else 'geen datalaag')")
    subprocess.run([sys.executable, "-c", code], env=omgeving, check=True)


def serieel_script(regios, fase, vergelijking, uitvoer: Path, parameters: dict) -> str:
    """The plain loop as a shell script; region codes go with -r (raw string) so papermill keeps them text."""
    pm, jupyter = shlex.quote(programma("papermill")), shlex.quote(programma("jupyter"))
    gemeenschappelijk = (f"-p jaar {parameters['jaar']} -r sector {parameters['sector']} "
                         f"-p horizon {parameters['horizon']} -r bron {parameters['bron']}")
    regels = ["set -u"]
    for regio in regios:
        map_ = uitvoer / "regios" / regio.map_naam
        regels.append(f"mkdir -p {shlex.quote(str(map_))}")
        for nb in fase:
            doel = shlex.quote(str(map_ / nb.name))
            regels.append(f"{pm} -k python3 --language python --no-progress-bar {shlex.quote(str(nb))} {doel} "
                          f"-r regio {regio.code} {gemeenschappelijk} -r uitvoermap {shlex.quote(str(map_))} "
                          f"--cwd {shlex.quote(str(map_))} 2>/dev/null")
            regels.append(f"{jupyter} nbconvert --to html --no-input {doel} 2>/dev/null")
    for nb in vergelijking:
        map_ = uitvoer / "vergelijking"
        doel = shlex.quote(str(map_ / nb.name))
        regels.append(f"mkdir -p {shlex.quote(str(map_))}")
        regels.append(f"{pm} -k python3 --language python --no-progress-bar {shlex.quote(str(nb))} {doel} "
                      f"{gemeenschappelijk} -r uitvoermap {shlex.quote(str(map_))} "
                      f"-r regios_map {shlex.quote(str(uitvoer / 'regios'))} 2>/dev/null")
        regels.append(f"{jupyter} nbconvert --to html --no-input {doel} 2>/dev/null")
    return "\n".join(regels) + "\n"


def draai_serieel(script: str, werkmap: Path, omgeving: dict) -> float:
    pad = werkmap / "serieel.sh"
    pad.write_text(script, encoding="utf-8")
    begin = time.perf_counter()
    if shutil.which("bash"):
        subprocess.run(["bash", str(pad)], env=omgeving, check=False)
    else:  # no shell: the same commands one by one
        for regel in script.splitlines()[1:]:
            subprocess.run(regel, shell=True, env=omgeving, check=False)
    return time.perf_counter() - begin


def draai_werkboek(regios, processen: int | None, notebookmap: Path | None, omgeving: dict) -> float:
    opdracht = [programma("werkboek"), "run", "--alles-opnieuw", "--regios", *[r.code for r in regios]]
    if processen:
        opdracht += ["--processen", str(processen)]
    if notebookmap:
        opdracht += ["--notebooks", str(notebookmap)]
    begin = time.perf_counter()
    subprocess.run(opdracht, env=omgeving, check=False, stdout=subprocess.DEVNULL)
    return time.perf_counter() - begin


def _mediaan(opdracht: list[str], omgeving: dict, keer: int = 3) -> float:
    tijden = []
    for _ in range(keer):
        begin = time.perf_counter()
        subprocess.run(opdracht, env=omgeving, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        tijden.append(time.perf_counter() - begin)
    return statistics.median(tijden)


def profileer(notebook: Path, regio, werkmap: Path, omgeving: dict) -> list[tuple[str, float]]:
    """Where the time of one notebook goes, plain way and in-process way."""
    import papermill
    from jupyter_client.manager import KernelManager

    from werkboek.batch import _kernel_instellingen, exporteer_html

    os.environ.update(omgeving)
    metingen = [
        ("interpreter starten (python -c pass)", _mediaan([sys.executable, "-c", "pass"], omgeving)),
        ("papermill-CLI starten (papermill --help)", _mediaan([programma("papermill"), "--help"], omgeving)),
        ("nbconvert-CLI starten (jupyter nbconvert --help)",
         _mediaan([programma("jupyter"), "nbconvert", "--help"], omgeving)),
    ]
    instellingen = _kernel_instellingen()  # the same kernel settings as werkboek run
    begin = time.perf_counter()
    km = KernelManager(kernel_name="python3", config=instellingen.get("config"))
    km.start_kernel()  # in this process's folder: with local sockets the connection path is relative to it
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    metingen.append(("kernel starten tot 'ready'", time.perf_counter() - begin))
    for module in ("werkboek.parameters", "pandas", "matplotlib.pyplot"):
        begin = time.perf_counter()
        kc.execute_interactive(f"import {module}", timeout=120)
        metingen.append((f"import {module} in de kernel", time.perf_counter() - begin))
    kc.stop_channels()
    km.shutdown_kernel(now=True)

    map_ = werkmap / "profiel"
    map_.mkdir(parents=True, exist_ok=True)
    doel = map_ / notebook.name
    begin = time.perf_counter()
    papermill.execute_notebook(str(notebook), str(doel), parameters={"regio": regio.code},
                               kernel_name="python3", language="python", progress_bar=False, cwd=str(map_),
                               **instellingen)
    metingen.append(("papermill in-process (kernel start + uitvoering)", time.perf_counter() - begin))
    exporteer_html(doel, "profiel", "")  # first call loads the templates
    begin = time.perf_counter()
    exporteer_html(doel, "profiel", "")
    metingen.append(("HTML-export in-process (sjablonen al geladen)", time.perf_counter() - begin))
    begin = time.perf_counter()
    subprocess.run([programma("jupyter"), "nbconvert", "--to", "html", "--no-input", str(doel)], env=omgeving,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    metingen.append(("HTML-export via jupyter nbconvert (CLI)", time.perf_counter() - begin))
    return metingen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Vergelijk werkboek run met een seriële papermill-lus.")
    parser.add_argument("--regios", nargs="+", metavar="REGIO", help="codes of namen; standaard alle 35")
    parser.add_argument("--processen", type=int, default=None, help="doorgegeven aan werkboek run")
    parser.add_argument("--bron", default="demo", help="databron voor beide runs (standaard demo)")
    parser.add_argument("--notebooks", type=Path, default=None, help="andere map met notebooks (standaard notebooks/)")
    parser.add_argument("--werkmap", type=Path, default=None, help="map voor de uitvoer (standaard een tijdelijke map)")
    parser.add_argument("--profiel", action="store_true", help="meet ook waar de tijd van één notebook heen gaat")
    parser.add_argument("--zonder-serieel", action="store_true", help="alleen werkboek run meten")
    args = parser.parse_args(argv)

    from werkboek import paden
    from werkboek.parameters import valideer_parameters
    from werkboek.regios import alle_regios

    regios = sorted({valideer_parameters(r, bron=args.bron).regio for r in args.regios}) if args.regios else list(alle_regios())
    parameters = {k: v for k, v in valideer_parameters(regios[0].code, bron=args.bron).als_dict().items() if k != "regio"}
    notebookmap = (args.notebooks or paden.notebooks_dir()).resolve()
    fase, vergelijking = notebooks(notebookmap)
    werkmap = (args.werkmap or Path(tempfile.mkdtemp(prefix="werkboek-benchmark-"))).resolve()
    werkmap.mkdir(parents=True, exist_ok=True)
    for sub in ("serieel", "werkboek"):
        shutil.rmtree(werkmap / sub, ignore_errors=True)
    omgeving = {**os.environ, "WERKBOEK_CACHE": str(werkmap / "cache"), "PYDEVD_DISABLE_FILE_VALIDATION": "1"}

    print(f"{len(regios)} {'regio' if len(regios) == 1 else 'regio' + chr(39) + 's'} x {len(fase)} fase-notebooks "
          f"(+ {len(vergelijking)} vergelijking), "
          f"{os.cpu_count()} kernen, werkmap {werkmap}", flush=True)
    bereid_cache_voor(args.bron, omgeving)

    serieel = None
    if not args.zonder_serieel:
        script = serieel_script(regios, fase, vergelijking, werkmap / "serieel", parameters)
        serieel = draai_serieel(script, werkmap, {**omgeving, "WERKBOEK_OUTPUTS": str(werkmap / "serieel")})
        print(f"seriële papermill-lus:  {serieel:8.1f} s", flush=True)
    batch = draai_werkboek(regios, args.processen, args.notebooks and notebookmap,
                           {**omgeving, "WERKBOEK_OUTPUTS": str(werkmap / "werkboek")})
    print(f"werkboek run:           {batch:8.1f} s", flush=True)
    if serieel:
        print(f"verhouding:             {serieel / batch:8.1f} x sneller", flush=True)

    if args.profiel:
        print("\nWaar de tijd van één notebook heen gaat "
              f"({fase[0].name}, {regios[0].code}):", flush=True)
        for naam, duur in profileer(fase[0], regios[0], werkmap, omgeving):
            print(f"  {naam:<52} {duur:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
