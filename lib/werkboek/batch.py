"""``werkboek run``: execute the phase notebooks for all (or chosen) regions and build the report site.

How a run goes:

1. Every region and parameter is validated before anything is written; bad input stops the run with a
   Dutch message that lists the valid choices (:mod:`werkboek.batch_plan`).
2. A backup left by an interrupted swap is put back (see :func:`herstel_onderbroken_wissels`).
3. The data source prepares every table once (``bron.bereid_voor()``), so the notebooks only read the cache.
   Meanwhile the worker processes start, each with a warm kernel that has imported pandas, matplotlib and
   werkboek (:mod:`werkboek.batch_werkers`, :mod:`werkboek.kernelmotor`).
4. Regions run in parallel, the longest (by the previous run) first, so both cores stay busy until the end. A
   worker runs one region's notebooks in order through papermill in its warm kernel, which is reset between
   notebooks and replaced after a failure (``--verse-kernels``: a fresh kernel per notebook, as a user runs it),
   and exports each executed notebook to HTML without code, its pictures linked, not copied
   (:mod:`werkboek.batch_uitvoer`, :mod:`werkboek.rapportpagina`). Notebooks whose inputs did not change
   since their last good run are skipped (see :func:`vingerafdruk_notebook`).
5. Every region is written into a staging folder ``outputs/.werk/<run-id>/<AMxx-slug>/`` and swapped into
   ``outputs/regios/`` only when all its notebooks succeeded, so a failed or interrupted run never destroys
   the previous good report.
6. The comparison notebook (``05_*``) runs once over all regions' summaries; then the site (``index.html`` and
   the one shared stylesheet) and the manifest (``outputs/manifesten/<run-id>.json`` and
   ``outputs/manifest.json``) are written and a Dutch summary is printed. The exit code is 1 when anything
   failed and 130 after Ctrl-C.

This module holds the command and the run itself; the public names of the other batch modules are importable
from here as well (``werkboek.batch.maak_plan``, ``werkboek.batch.wissel_in``, ...).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from werkboek import __version__, paden, tekst
from werkboek.batch_plan import (  # noqa: F401 - re-exported: the tests, the CLI and the benchmark use them here
    APOSTROF, BACKUP_ACHTERVOEGSEL, FASE_PATROON, KERNEL_NAAM, KERNEL_TAAL, KLAAR, MISLUKT, NIET_UITGEVOERD,
    ONDERBROKEN, OVERGESLAGEN, SLOTBESTAND, STANDAARD_PARAMETERS, STATUSBESTAND, VERGELIJKING_PATROON,
    VERSIEPAKKETTEN, WERKMAP, BatchFout, Plan, _sha256, _tabel_herkomsten, _voor_notebook, bereid_data_voor,
    data_vingerafdruk, fase_notebooks, gedeclareerde_parameters, lees_manifest, lees_parameterbestand,
    maak_plan, maak_run_id, pakket_vingerafdruk, vingerafdruk_notebook,
)
from werkboek.batch_uitvoer import (  # noqa: F401 - re-exported
    UITLEG_FOUTEN, Taak, _foutbeschrijving, _kernel_instellingen, _regio_taak, _vergelijking_taak, backup_pad,
    herstel_onderbroken_wissels, is_actueel, lees_status, voer_taak_uit, werkmap, wissel_in,
)
from werkboek.batch_werkers import Werkers, _leeg_resultaat
from werkboek.fouten import ParameterFout, schijffout_tekst  # noqa: F401 - re-exported
from werkboek.rapportpagina import exporteer_html  # noqa: F401 - re-exported

def registreer(subparsers) -> None:
    parser = subparsers.add_parser(
        "run",
        help="voer de fase-notebooks uit voor alle (of gekozen) regio's en bouw de rapportsite",
        description=(
            "Voer de fase-notebooks (notebooks/01-04) met papermill uit voor alle 35 arbeidsmarktregio's of "
            "een keuze daaruit, parallel en met overslaan van ongewijzigd werk; daarna de A35-vergelijking "
            "(notebooks/05) en de rapportsite outputs/index.html."
        ),
    )
    parser.add_argument("--regios", nargs="+", metavar="REGIO", help="codes of namen; standaard alle 35")
    parser.add_argument("--parameters", metavar="BESTAND.yaml", type=Path,
                        help="YAML-bestand met jaar, sector, horizon, bron en eventueel regios; "
                             "opties op de opdrachtregel gaan voor")
    parser.add_argument("--jaar", help=f"peiljaar (standaard {STANDAARD_PARAMETERS['jaar']})")
    parser.add_argument("--sector", help=f"focussector, code of naam (standaard {STANDAARD_PARAMETERS['sector']})")
    parser.add_argument("--horizon", help=f"vooruitblik in jaren (standaard {STANDAARD_PARAMETERS['horizon']})")
    parser.add_argument("--bron", help="databron: demo (standaard), cbs of momentopname")
    parser.add_argument("--processen", type=int, default=None, metavar="N",
                        help="aantal regio's tegelijk (standaard: het aantal processorkernen)")
    parser.add_argument("--alleen-mislukt", action="store_true",
                        help="voer alleen de regio's opnieuw uit die in de vorige run mislukten of niet afkwamen")
    parser.add_argument("--alles-opnieuw", action="store_true",
                        help="sla niets over, ook niet wat sinds de vorige run niet veranderde")
    parser.add_argument("--geojson", default="", metavar="PAD",
                        help="GeoJSON met echte regiogrenzen voor de kaart in de vergelijking (standaard: tegelkaart)")
    parser.add_argument("--verse-kernels", action="store_true",
                        help="elk notebook in een nieuwe kernel, zoals wanneer u het zelf opent (langzamer; "
                             "standaard hergebruikt elk proces één warme kernel)")
    # For tests and the benchmark: run other notebooks than the project's own.
    parser.add_argument("--notebooks", type=Path, default=None, help=argparse.SUPPRESS)
    parser.set_defaults(func=voer_uit)


def voer_uit(args: argparse.Namespace) -> int:
    """Entry point of ``werkboek run``; returns the exit code."""
    plan = maak_plan(args)  # raises before anything is written
    if args.alleen_mislukt and not plan.regios and not plan.vergelijking_opnieuw:
        print("Niets te doen: in de vorige run is niets mislukt of onderbroken.")
        return 0
    plan.run_id = maak_run_id()
    uitvoer = paden.outputs_dir()
    slot = neem_slot(uitvoer)
    vorige_handler = _stop_bij_sigterm()
    try:
        hersteld = herstel_onderbroken_wissels(uitvoer)
        for naam in hersteld:
            print(f"Vorig rapport van {naam} teruggezet na een onderbroken run.", file=sys.stderr)
        return RunUitvoering(plan, uitvoer).draai()
    finally:
        slot.unlink(missing_ok=True)
        if vorige_handler is not None:
            signal.signal(signal.SIGTERM, vorige_handler)


def _stop_bij_sigterm():
    """Treat SIGTERM (a CI time-out, ``kill``) like Ctrl-C, so workers stop and earlier reports stay intact."""
    def onderbreek(signum, frame):
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, onderbreek)
    except ValueError:  # not in the main thread (e.g. called from a test runner's thread)
        return None


def _proces_leeft(pid: int) -> bool:
    if os.name != "posix":
        return True  # no safe liveness check here; the message tells how to remove a stale lock
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def neem_slot(uitvoer: Path) -> Path:
    """Claim the output folder for this run; a second run at the same time would clear our staging folder."""
    uitvoer.mkdir(parents=True, exist_ok=True)
    slot = uitvoer / SLOTBESTAND
    for _ in range(2):
        try:
            with open(slot, "x", encoding="utf-8") as bestand:
                bestand.write(str(os.getpid()))
            return slot
        except FileExistsError:
            try:
                pid = int(slot.read_text(encoding="utf-8").strip() or 0)
            except (OSError, ValueError):
                pid = 0
            if pid and _proces_leeft(pid):
                raise BatchFout(
                    f"Er loopt al een run in {uitvoer} (proces {pid}). Wacht tot die klaar is, of verwijder "
                    f"{slot} als er zeker geen run meer loopt."
                ) from None
            slot.unlink(missing_ok=True)  # left by a run that was killed
    raise BatchFout(f"Het slotbestand {slot} kon niet worden aangemaakt. Verwijder het en probeer opnieuw.")


class RunUitvoering:
    """One run: prepares data, feeds the workers, collects results, writes manifest, site and summary."""

    def __init__(self, plan: Plan, uitvoer: Path):
        self.plan, self.uitvoer = plan, uitvoer
        self.begin = time.time()
        self.gestart = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.resultaten: dict[str, dict] = {}
        self.onderbroken = False
        self.herkomst: dict = {}

    def draai(self) -> int:
        werkers = None
        # The site's stylesheet is made from the report template; the parent does it while the workers work.
        stijl = threading.Thread(target=_stijlblad_vooraf, daemon=True)
        stijl.start()
        try:
            # The workers start, with their warm kernels, while the data source prepares the tables.
            werkers = Werkers(self.plan.processen, self.plan.warme_kernels, self.plan.voorladen)
            self.herkomst = bereid_data_voor(self.plan.parameters["bron"], self.plan.parameters["jaar"])
            pakket = pakket_vingerafdruk()
            data = data_vingerafdruk(self.herkomst)
            taken = [_regio_taak(r, self.plan, self.uitvoer, data, pakket) for r in self.plan.regios]
            self._voer_taken_uit(werkers, langste_eerst(taken, lees_vorige_duren(self.uitvoer)), "Regio's")
            if self.plan.vergelijking is not None and not self.onderbroken:
                self._schrijf_manifest(voorlopig=True)  # the comparison reads the provenance from it
                self._voer_taken_uit(werkers, [_vergelijking_taak(self.plan, self.uitvoer, pakket)], "Vergelijking")
        except KeyboardInterrupt:
            self.onderbroken = True
            if werkers is not None:
                werkers.onderbreek()
        finally:
            if werkers is not None:
                werkers.sluit()
            shutil.rmtree(werkmap(self.uitvoer) / self.plan.run_id, ignore_errors=True)
            herstel_onderbroken_wissels(self.uitvoer)
        manifest = self._schrijf_manifest()
        from werkboek.site import bouw_site

        stijl.join()
        index = bouw_site(self.uitvoer, manifest)
        print(samenvatting_tekst(manifest, index))
        if self.onderbroken:
            return 130
        return 1 if manifest["mislukt"] else 0

    def _voer_taken_uit(self, werkers: Werkers, taken: list[Taak], omschrijving: str) -> None:
        from tqdm import tqdm

        open_taken = {t.sleutel: t for t in taken}
        bezig: dict[int, str] = {}  # worker pid -> task it is running
        balk = tqdm(total=sum(len(t.notebooks) for t in taken), desc=omschrijving, unit="notebook",
                    disable=None, file=sys.stderr)
        try:
            for taak in taken:
                werkers.geef(taak)
            while open_taken:
                try:
                    bericht = werkers.bericht()
                except KeyboardInterrupt:
                    self._onderbreek(werkers)
                    continue
                if bericht is None:
                    for pid in werkers.gestorven() & set(bezig):
                        sleutel = bezig.pop(pid)
                        if sleutel in open_taken:  # the worker died mid-task: say so instead of waiting forever
                            self.resultaten[sleutel] = _leeg_resultaat(
                                open_taken.pop(sleutel), ONDERBROKEN if self.onderbroken else MISLUKT,
                                "het werkproces stopte onverwacht (te weinig geheugen of een crash van de kernel)")
                    if not werkers.levend():
                        break
                    continue
                if bericht[0] == "start":
                    bezig[bericht[2]] = bericht[1]
                elif bericht[0] == "notebook":
                    balk.update(1)
                    balk.set_postfix_str(f"{bericht[1]} {bericht[2]}", refresh=False)
                elif bericht[0] == "taak":
                    self.resultaten[bericht[1]["sleutel"]] = bericht[1]
                    open_taken.pop(bericht[1]["sleutel"], None)
        finally:
            balk.close()
        for taak in open_taken.values():  # stopped before it could report
            self.resultaten[taak.sleutel] = _leeg_resultaat(taak, ONDERBROKEN if self.onderbroken else MISLUKT,
                                                            "niet afgerond")

    def _onderbreek(self, werkers: Werkers) -> None:
        if self.onderbroken:  # second Ctrl-C: stop waiting
            raise KeyboardInterrupt
        self.onderbroken = True
        print("\nOnderbroken: de lopende notebooks worden gestopt; voltooide regio's en eerdere rapporten "
              "blijven staan.", file=sys.stderr)
        werkers.onderbreek()

    def _schrijf_manifest(self, voorlopig: bool = False) -> dict:
        manifest = stel_manifest_samen(self.plan, self.herkomst, self.resultaten, self.gestart,
                                       time.time() - self.begin, self.onderbroken, voorlopig)
        map_ = self.uitvoer / "manifesten"
        map_.mkdir(parents=True, exist_ok=True)
        tekst = json.dumps(manifest, indent=2, ensure_ascii=False)
        (map_ / f"{self.plan.run_id}.json").write_text(tekst, encoding="utf-8")
        tijdelijk = self.uitvoer / "manifest.json.nieuw"
        tijdelijk.write_text(tekst, encoding="utf-8")
        os.replace(tijdelijk, self.uitvoer / "manifest.json")
        return manifest


def _stijlblad_vooraf() -> None:
    try:
        from werkboek.rapportpagina import stijlblad_tekst

        stijlblad_tekst()
    except Exception:  # noqa: BLE001 - bouw_site tries again and reports
        pass


def lees_vorige_duren(uitvoer: Path) -> dict[str, dict[str, float]]:
    """Seconds per region and notebook in the previous run's manifest (empty when there is none)."""
    try:
        vorige = lees_manifest(uitvoer) or {}
    except BatchFout:
        return {}
    return {r.get("regio"): {n.get("notebook"): n.get("duur_s") or 0.0 for n in r.get("notebooks") or []}
            for r in vorige.get("regios") or [] if isinstance(r, dict)}


def langste_eerst(taken: list[Taak], duren: dict[str, dict[str, float]]) -> list[Taak]:
    """The tasks longest first (by what their notebooks to run took last time), so the last region to finish
    is a short one and no worker waits long for it before the comparison can start. A notebook without a
    previous time counts as the median of those with one."""
    bekend = [d for regio in duren.values() for d in regio.values() if d]
    standaard = statistics.median(bekend) if bekend else 1.0
    for taak in taken:
        eigen = duren.get(taak.sleutel, {})
        taak.schatting = sum(eigen.get(nb["stem"]) or standaard for nb in taak.notebooks if nb["uitvoeren"])
    return sorted(taken, key=lambda t: -t.schatting)  # stable: equal estimates keep the region order


def versies() -> dict:
    """Versions of the packages that shape the results."""
    import platform
    from importlib import metadata

    gevonden = {"python": platform.python_version(), "werkboek": __version__}
    for naam in VERSIEPAKKETTEN:
        try:
            gevonden[naam] = metadata.version(naam)
        except metadata.PackageNotFoundError:
            gevonden[naam] = None
    return gevonden


def stel_manifest_samen(plan: Plan, herkomst: dict, resultaten: dict, gestart: str, duur: float,
                        onderbroken: bool, voorlopig: bool = False) -> dict:
    """The run's record: parameters, source and vintages, versions, timings per notebook, failures."""
    uitvoer = paden.outputs_dir()

    def relatief(pad):
        try:
            return Path(pad).resolve().relative_to(uitvoer.resolve()).as_posix()
        except (ValueError, TypeError):
            return str(pad)

    regios, mislukt = [], []
    for regio in plan.regios:
        r = resultaten.get(regio.code, {"status": ONDERBROKEN if onderbroken else NIET_UITGEVOERD, "notebooks": []})
        regios.append({"regio": regio.code, "regio_naam": regio.naam, "map": f"regios/{regio.map_naam}",
                       "status": r["status"], "notebooks": _relatieve_notebooks(r, relatief)})
    vergelijking = resultaten.get("vergelijking")
    for r in [*(resultaten.get(regio.code) for regio in plan.regios), vergelijking]:
        if not r or r["status"] != MISLUKT:
            continue
        regels = [n for n in r["notebooks"] if n["status"] == MISLUKT] or [{"notebook": None, "fout": r.get("fout")}]
        for n in regels:
            mislukt.append({"regio": r["sleutel"], "naam": r["naam"], "notebook": n.get("notebook"),
                            "cel": n.get("cel"), "fout": n.get("fout"),
                            "notebook_pad": relatief(n["notebook_pad"]) if n.get("notebook_pad") else None,
                            "html_pad": relatief(n["html_pad"]) if n.get("html_pad") else None})
    return {
        "run_id": plan.run_id,
        "status": "bezig" if voorlopig else (ONDERBROKEN if onderbroken else (MISLUKT if mislukt else KLAAR)),
        "gestart": gestart,
        "duur_s": round(duur, 1),
        "parameters": plan.parameters,
        "processen": plan.processen,
        "overslaan": plan.overslaan,
        "bron": herkomst,
        "versies": versies(),
        "notebooks": [p.name for p in plan.notebooks],
        "regios": regios,
        "vergelijking": None if vergelijking is None else {
            "status": vergelijking["status"], "map": "vergelijking",
            "notebooks": _relatieve_notebooks(vergelijking, relatief)},
        "mislukt": mislukt,
    }


def _relatieve_notebooks(resultaat: dict, relatief) -> list[dict]:
    regels = []
    for n in resultaat.get("notebooks", []):
        regel = dict(n)
        for sleutel in ("notebook_pad", "html_pad"):
            if regel.get(sleutel):
                regel[sleutel] = relatief(regel[sleutel])
        regels.append(regel)
    return regels



def _aantal(n: int, enkel: str, meervoud: str) -> str:
    return f"{n} {enkel if n == 1 else meervoud}"


def samenvatting_tekst(manifest: dict, index: Path) -> str:
    """The Dutch summary printed at the end of a run."""
    tellingen = {s: sum(1 for r in manifest["regios"] if r["status"] == s)
                 for s in (KLAAR, OVERGESLAGEN, MISLUKT, ONDERBROKEN, NIET_UITGEVOERD)}
    regels = [
        "",
        f"Samenvatting van run {manifest['run_id']} "
        f"({_aantal(len(manifest['regios']), 'regio', 'regio' + APOSTROF + 's')}, "
        f"{_aantal(manifest['processen'], 'proces', 'processen')}, {tekst.getal(manifest['duur_s'])} s):",
        f"  klaar:         {tellingen[KLAAR]}",
        f"  overgeslagen:  {tellingen[OVERGESLAGEN]} (niets veranderd sinds de vorige run)",
        f"  mislukt:       {tellingen[MISLUKT]}",
    ]
    if tellingen[ONDERBROKEN] or tellingen[NIET_UITGEVOERD]:
        regels.append(f"  onderbroken:   {tellingen[ONDERBROKEN] + tellingen[NIET_UITGEVOERD]} "
                      "(vorige rapporten van deze regio's zijn onaangeroerd)")
    if manifest.get("vergelijking"):
        regels.append(f"  vergelijking:  {manifest['vergelijking']['status']}")
    for fout in manifest["mislukt"]:
        cel = f", cel {fout['cel']}" if fout.get("cel") is not None else ""
        regels.append(f"  MISLUKT {fout['naam']} — {fout['notebook']}{cel}: {fout['fout']}")
        if fout.get("html_pad") or fout.get("notebook_pad"):
            regels.append(f"      zie {fout.get('html_pad') or fout.get('notebook_pad')} (in {paden.outputs_dir()})")
    if manifest["mislukt"]:
        regels.append("  Opnieuw alleen wat mislukte: werkboek run --alleen-mislukt")
    if manifest["status"] == ONDERBROKEN:
        regels.append("  De run is onderbroken. Ga verder met: werkboek run (voltooid werk wordt overgeslagen).")
    regels.append(f"Rapport: {index}")
    return "\n".join(regels)
