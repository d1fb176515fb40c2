#!/usr/bin/env python3
"""Benchmark: ``werkboek run`` against the plain way of running the same notebooks.

The plain way is a serial shell loop: for every region and notebook one ``papermill`` command, followed by
``jupyter nbconvert --to html --no-input``; the comparison notebook once at the end. ``werkboek run`` does the
same work with skipping disabled (``--alles-opnieuw``): its first repeat into a fresh output folder, the next
ones into the same folder (as a user reruns; the previous run's timings then order the regions). Both read the
same data cache, prepared once beforehand ("from a warm cache"). For each set of regions (by default 4 and all
35) the script prints min and median of the repeats side by side, their ratio, and the megabytes each way wrote
per region (the comparison, index, stylesheet and manifest included, spread over the regions).

What else the machine did is measured, not guessed: per run the load average at the start, and the CPU seconds
other processes used during the run (all busy CPU time from /proc/stat minus the run's own, from rusage).

    .venv/bin/python benchmarks/batch_vs_serieel.py                          # 4 and 35 regions, 3 repeats
    .venv/bin/python benchmarks/batch_vs_serieel.py --sets 4 --herhalingen 5
    .venv/bin/python benchmarks/batch_vs_serieel.py --regios AM01 AM02 AM03 --profiel --herhalingen 1
    .venv/bin/python benchmarks/batch_vs_serieel.py --sets 35 --ook-vers     # also werkboek run --verse-kernels

This is a measurement, not a test: it never fails on a slow result.
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
VIER = ("AM01", "AM17", "AM22", "AM35")  # small, mid-size, largest and smallest region
DOELEN = {"4": 8.0, "35": 10.0}  # issue 13: at least 8x on 4 regions, 10x on 35
DOEL_35_S, DOEL_MB = 90.0, 4.0


def programma(naam: str) -> str:
    gevonden = BIN / (f"{naam}.exe" if os.name == "nt" else naam)
    return str(gevonden) if gevonden.exists() else (shutil.which(naam) or naam)


def notebooks(map_: Path) -> tuple[list[Path], list[Path]]:
    return sorted(map_.glob("0[1-4]_*.ipynb")), sorted(map_.glob("05_*.ipynb"))


def bereid_cache_voor(bron: str, jaar: int, omgeving: dict) -> None:
    """Fill the shared cache once, outside the timings, for the year both ways run (the region classification
    the data is summed in depends on it)."""
    code = ("from werkboek.batch import bereid_data_voor; import sys; "
            f"h = bereid_data_voor({bron!r}, {jaar!r}); "
            "print('data voorbereid' if h['voorbereid'] else 'geen datalaag')")
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


# ---------------------------------------------------------------------------------------------------------
# Measuring one run: wall time, and what the rest of the machine did meanwhile


def _cpu_machine() -> float | None:
    """Busy CPU seconds of the whole machine so far (Linux: /proc/stat), or None elsewhere."""
    try:
        velden = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    waarden = [int(v) for v in velden[:8]]
    niet_bezig = waarden[3] + waarden[4]  # idle + iowait
    return (sum(waarden) - niet_bezig) / os.sysconf("SC_CLK_TCK")


def _cpu_kinderen() -> float:
    gebruik = resource.getrusage(resource.RUSAGE_CHILDREN)
    return gebruik.ru_utime + gebruik.ru_stime


def meet(uitvoeren) -> dict:
    """Run ``uitvoeren()`` and return its wall time, exit code, the load average before it and the CPU seconds
    other processes used while it ran."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    machine, eigen = _cpu_machine(), _cpu_kinderen()
    begin = time.perf_counter()
    code = uitvoeren()
    duur = time.perf_counter() - begin
    eigen = _cpu_kinderen() - eigen
    machine = None if machine is None else _cpu_machine() - machine
    anders = None if machine is None else max(0.0, machine - eigen)
    return {"s": duur, "code": code, "load": load, "eigen_cpu": eigen, "anders_cpu": anders}


def draai_serieel(script: str, werkmap: Path, omgeving: dict) -> int:
    pad = werkmap / "serieel.sh"
    pad.write_text(script, encoding="utf-8")
    if shutil.which("bash"):
        return subprocess.run(["bash", str(pad)], env=omgeving, check=False).returncode
    code = 0
    for regel in script.splitlines()[1:]:  # no shell: the same commands one by one
        code = subprocess.run(regel, shell=True, env=omgeving, check=False).returncode or code
    return code


def draai_werkboek(regios, processen: int | None, notebookmap: Path | None, omgeving: dict,
                   extra: tuple[str, ...] = ()) -> int:
    opdracht = [programma("werkboek"), "run", "--alles-opnieuw", "--regios", *[r.code for r in regios], *extra]
    if processen:
        opdracht += ["--processen", str(processen)]
    if notebookmap:
        opdracht += ["--notebooks", str(notebookmap)]
    return subprocess.run(opdracht, env=omgeving, check=False, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode


def geschreven_bytes(map_: Path) -> int:
    """Bytes under ``map_``; a hard-linked file counts once."""
    gezien, totaal = set(), 0
    for pad in map_.rglob("*"):
        if pad.is_file() and not pad.is_symlink():
            info = pad.stat()
            if (info.st_dev, info.st_ino) not in gezien:
                gezien.add((info.st_dev, info.st_ino))
                totaal += info.st_size
    return totaal


def andere_processen(aantal: int = 5) -> list[str]:
    """The busiest processes on the machine right now (for the report of what else ran)."""
    try:
        uit = subprocess.run(["ps", "-eo", "pcpu,etime,args", "--sort=-pcpu"], capture_output=True, text=True,
                             check=False).stdout.splitlines()
    except OSError:
        return []
    return [regel[:150] for regel in uit[1:aantal + 1]]


# ---------------------------------------------------------------------------------------------------------
# Profile of one notebook


def _mediaan(opdracht: list[str], omgeving: dict, keer: int = 3) -> float:
    tijden = []
    for _ in range(keer):
        begin = time.perf_counter()
        subprocess.run(opdracht, env=omgeving, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        tijden.append(time.perf_counter() - begin)
    return statistics.median(tijden)


def profileer(notebook: Path, regio, werkmap: Path, omgeving: dict) -> list[tuple[str, float]]:
    """Where the time of one notebook goes: plain way, in-process with a fresh kernel, and in a warm kernel."""
    import papermill
    from jupyter_client.manager import KernelManager

    from werkboek import kernelmotor
    from werkboek.batch import _kernel_instellingen, exporteer_html

    os.environ.update({**omgeving, "WERKBOEK_OUTPUTS": str(werkmap)})  # the notebook writes under the work folder
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
    parameters = {"regio": regio.code, "uitvoermap": str(map_)}
    begin = time.perf_counter()
    papermill.execute_notebook(str(notebook), str(doel), parameters=parameters, kernel_name="python3",
                               language="python", progress_bar=False, cwd=str(map_), **instellingen)
    metingen.append(("papermill in-process, verse kernel (start + uitvoering)", time.perf_counter() - begin))
    for keer in ("eerste", "tweede"):
        begin = time.perf_counter()
        papermill.execute_notebook(str(notebook), str(doel), parameters=parameters, kernel_name="python3",
                                   language="python", progress_bar=False, cwd=str(map_),
                                   engine_name=kernelmotor.ENGINE_NAAM, **instellingen)
        metingen.append((f"papermill in-process, warme kernel ({keer} keer)", time.perf_counter() - begin))
    kernelmotor.sluit()
    exporteer_html(doel, "profiel", "")  # first call loads the templates
    begin = time.perf_counter()
    exporteer_html(doel, "profiel", "../../index.html", stijlblad="../../werkboek.css")
    metingen.append(("HTML-export in-process (sjablonen al geladen)", time.perf_counter() - begin))
    begin = time.perf_counter()
    subprocess.run([programma("jupyter"), "nbconvert", "--to", "html", "--no-input", str(doel)], env=omgeving,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    metingen.append(("HTML-export via jupyter nbconvert (CLI)", time.perf_counter() - begin))
    return metingen


# ---------------------------------------------------------------------------------------------------------
# Report


def _g(waarde: float, decimalen: int = 1) -> str:
    return f"{waarde:,.{decimalen}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _reeks(metingen: list[dict]) -> str:
    return ", ".join(f"{_g(m['s'])}" + ("" if m["code"] == 0 else f" (exit {m['code']})") for m in metingen)


def _omstandigheden(metingen: list[dict]) -> str:
    loads = [m["load"] for m in metingen if m["load"] is not None]
    anders = [m["anders_cpu"] / m["s"] for m in metingen if m["anders_cpu"] is not None and m["s"]]
    delen = []
    if loads:
        delen.append(f"load bij start {_g(min(loads), 2)}–{_g(max(loads), 2)}")
    if anders:
        delen.append(f"andere processen gemiddeld {_g(statistics.mean(anders), 2)} kern "
                     f"(max {_g(max(anders), 2)})")
    return "; ".join(delen)


def rapport(resultaten: dict, kernen: int) -> str:
    regels = ["", f"Resultaat ({kernen} kernen; tijden in seconden, min / mediaan over de herhalingen):", "",
              "| regio's | manier | min | mediaan | runs | MB per regio | omstandigheden |",
              "|---|---|---|---|---|---|---|"]
    for sleutel, r in resultaten.items():
        n = r["aantal"]
        for naam, label in (("serieel", "seriële papermill + nbconvert-lus"), ("werkboek", "`werkboek run`"),
                            ("vers", "`werkboek run --verse-kernels`")):
            metingen = r.get(naam) or []
            if not metingen:
                continue
            tijden = [m["s"] for m in metingen]
            mb = r.get(f"{naam}_bytes")
            regels.append(f"| {sleutel} | {label} | {_g(min(tijden))} | {_g(statistics.median(tijden))} | "
                          f"{_reeks(metingen)} | {_g(mb / n / 1e6, 2) if mb else '—'} | "
                          f"{_omstandigheden(metingen)} |")
    regels.append("")
    for sleutel, r in resultaten.items():
        if r.get("serieel") and r.get("werkboek"):
            s = [m["s"] for m in r["serieel"]]
            w = [m["s"] for m in r["werkboek"]]
            verhouding = statistics.median(s) / statistics.median(w)
            doel = DOELEN.get(sleutel)
            regels.append(f"{sleutel} regio's: {_g(verhouding)} x sneller (mediaan/mediaan; min/min "
                          f"{_g(min(s) / min(w))} x)" + (f" — doel ≥ {_g(doel, 0)} x: "
                                                         f"{'gehaald' if verhouding >= doel else 'niet gehaald'}"
                                                         if doel else ""))
        if sleutel == "35" and r.get("werkboek"):
            mediaan = statistics.median(m["s"] for m in r["werkboek"])
            regels.append(f"35 regio's in {_g(mediaan)} s (mediaan) — doel ≤ {_g(DOEL_35_S, 0)} s: "
                          f"{'gehaald' if mediaan <= DOEL_35_S else 'niet gehaald'}")
        if r.get("werkboek_bytes"):
            mb = r["werkboek_bytes"] / r["aantal"] / 1e6
            regels.append(f"{sleutel} regio's: {_g(mb, 2)} MB per regio — doel ≤ {_g(DOEL_MB, 0)} MB: "
                          f"{'gehaald' if mb <= DOEL_MB else 'niet gehaald'}")
    return "\n".join(regels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Vergelijk werkboek run met een seriële papermill-lus.")
    parser.add_argument("--sets", nargs="+", choices=("4", "35"), default=["4", "35"],
                        help=f"welke reeksen: 4 ({', '.join(VIER)}) en/of 35 (alle); standaard beide")
    parser.add_argument("--regios", nargs="+", metavar="REGIO",
                        help="één eigen reeks (codes of namen) in plaats van --sets")
    parser.add_argument("--herhalingen", type=int, default=3, help="herhalingen per manier (standaard 3)")
    parser.add_argument("--herhalingen-serieel", type=int, default=None,
                        help="herhalingen van de seriële lus (standaard als --herhalingen; die lus is traag)")
    parser.add_argument("--processen", type=int, default=None, help="doorgegeven aan werkboek run")
    parser.add_argument("--bron", default="demo", help="databron voor beide manieren (standaard demo)")
    parser.add_argument("--notebooks", type=Path, default=None, help="andere map met notebooks (standaard notebooks/)")
    parser.add_argument("--werkmap", type=Path, default=None, help="map voor de uitvoer (standaard een tijdelijke map)")
    parser.add_argument("--profiel", action="store_true", help="meet ook waar de tijd van één notebook heen gaat")
    parser.add_argument("--zonder-serieel", action="store_true", help="alleen werkboek run meten")
    parser.add_argument("--ook-vers", action="store_true", help="meet ook werkboek run --verse-kernels")
    args = parser.parse_args(argv)

    from werkboek import paden
    from werkboek.parameters import valideer_parameters
    from werkboek.regios import alle_regios

    def reeks(codes):
        return sorted({valideer_parameters(c, bron=args.bron).regio for c in codes})

    sets = {str(len(args.regios)): reeks(args.regios)} if args.regios else {
        s: (reeks(VIER) if s == "4" else list(alle_regios())) for s in args.sets}
    eerste = next(iter(sets.values()))
    parameters = {k: v for k, v in valideer_parameters(eerste[0].code, bron=args.bron).als_dict().items()
                  if k != "regio"}
    notebookmap = (args.notebooks or paden.notebooks_dir()).resolve()
    fase, vergelijking = notebooks(notebookmap)
    werkmap = (args.werkmap or Path(tempfile.mkdtemp(prefix="werkboek-benchmark-"))).resolve()
    werkmap.mkdir(parents=True, exist_ok=True)
    omgeving = {**os.environ, "WERKBOEK_CACHE": str(werkmap / "cache"), "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    herhalingen_serieel = args.herhalingen_serieel or args.herhalingen

    print(f"{len(fase)} fase-notebooks (+ {len(vergelijking)} vergelijking), {os.cpu_count()} kernen, "
          f"{args.herhalingen} herhalingen (serieel {herhalingen_serieel}), werkmap {werkmap}", flush=True)
    print("Drukste processen bij de start:", *andere_processen(), sep="\n  ", flush=True)
    bereid_cache_voor(args.bron, parameters["jaar"], omgeving)

    resultaten: dict[str, dict] = {}
    soorten = [("werkboek", ())] + ([("vers", ("--verse-kernels",))] if args.ook_vers else [])
    for sleutel, regios in sets.items():
        r = resultaten[sleutel] = {"aantal": len(regios)}
        print(f"\n{len(regios)} regio's", flush=True)
        for naam, _ in soorten:
            shutil.rmtree(werkmap / f"{naam}-{sleutel}", ignore_errors=True)
        # Alternate the ways, so a change in what else the machine does hits both alike.
        for i in range(max(args.herhalingen, 0 if args.zonder_serieel else herhalingen_serieel)):
            if not args.zonder_serieel and i < herhalingen_serieel:
                uit = werkmap / f"serieel-{sleutel}"
                shutil.rmtree(uit, ignore_errors=True)
                script = serieel_script(regios, fase, vergelijking, uit, parameters)
                m = meet(lambda: draai_serieel(script, werkmap, {**omgeving, "WERKBOEK_OUTPUTS": str(uit)}))
                r.setdefault("serieel", []).append(m)
                r.setdefault("serieel_bytes", geschreven_bytes(uit))
                print(f"  seriële lus {i + 1}: {_g(m['s']):>8} s  (load {_g(m['load'] or 0, 2)})", flush=True)
            if i >= args.herhalingen:
                continue
            for naam, extra in soorten:  # the first into a fresh folder, then reruns into the same folder
                uit = werkmap / f"{naam}-{sleutel}"
                m = meet(lambda: draai_werkboek(regios, args.processen, args.notebooks and notebookmap,
                                                {**omgeving, "WERKBOEK_OUTPUTS": str(uit)}, extra))
                r.setdefault(naam, []).append(m)
                if i == 0:
                    r[f"{naam}_bytes"] = geschreven_bytes(uit)
                print(f"  werkboek run{' ' + extra[0] if extra else ''} {i + 1}: {_g(m['s']):>8} s  "
                      f"(load {_g(m['load'] or 0, 2)})", flush=True)
    print(rapport(resultaten, os.cpu_count() or 1))
    print("\nDrukste processen aan het eind:", *andere_processen(), sep="\n  ", flush=True)

    if args.profiel:
        regio = eerste[0]
        print(f"\nWaar de tijd van één notebook heen gaat ({fase[0].name}, {regio.code}):", flush=True)
        for naam, duur in profileer(fase[0], regio, werkmap, omgeving):
            print(f"  {naam:<58} {duur:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
