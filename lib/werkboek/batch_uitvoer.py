"""Doing the work of a ``werkboek run``: tasks, their execution in a worker, and the atomic swap into place.

A :class:`Taak` is one region (or the comparison) with its notebooks in order. :func:`voer_taak_uit` runs them in
a staging folder ``outputs/.werk/<run-id>/<AMxx-slug>/``: papermill with the warm-kernel engine
(:mod:`werkboek.kernelmotor`) or a fresh kernel per notebook, each picture linked instead of copied
(:func:`werkboek.rapportpagina.koppel_afbeeldingen`), the HTML page without code, and only when every notebook
succeeded :func:`wissel_in` puts the folder in place with renames. A notebook whose fingerprint did not change
is not run: its results are hard-linked from the previous report. A failing notebook is kept, with its error,
in ``outputs/mislukt/<AMxx-slug>/``.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from werkboek import paden
from werkboek.wissel import wissel_in
from werkboek.batch_plan import (
    BACKUP_ACHTERVOEGSEL, KERNEL_NAAM, KERNEL_TAAL, KLAAR, MISLUKT, NIET_UITGEVOERD, ONDERBROKEN, OVERGESLAGEN,
    STATUSBESTAND, WERKMAP, Plan, _sha256, _voor_notebook, vingerafdruk_notebook,
)
from werkboek.rapportpagina import exporteer_html, koppel_afbeeldingen, stijlblad_link
from werkboek.regios import Regio

MISLUKT_TERUG = "../../index.html"  # from outputs/mislukt/<AMxx-slug or vergelijking>/ back to the index


# ---------------------------------------------------------------------------------------------------------
# Staging and atomic swap


def werkmap(uitvoer: Path) -> Path:
    return uitvoer / WERKMAP


def backup_pad(uitvoer: Path, run_id: str, doel: Path) -> Path:
    """Where a swap parks the previous folder ``doel`` (a path under ``uitvoer``) during the run."""
    relatief = Path(doel).resolve().relative_to(Path(uitvoer).resolve())
    return werkmap(uitvoer) / run_id / "backup" / relatief.parent / f"{relatief.name}{BACKUP_ACHTERVOEGSEL}"


def herstel_onderbroken_wissels(uitvoer: Path) -> list[str]:
    """Put back any previous report that an interrupted swap left as backup; remove stale staging folders.

    A swap renames the old folder to its backup path (see :func:`backup_pad`), then the new one into place,
    then deletes the backup. If the new folder is in place, the backup is obsolete; if not, the backup is
    the last good report and goes back.
    """
    hersteld = []
    werk = werkmap(uitvoer)
    if not werk.is_dir():
        return hersteld
    for backupmap in sorted(werk.glob("*/backup")):
        for backup in sorted(backupmap.rglob(f"*{BACKUP_ACHTERVOEGSEL}")):
            relatief = backup.relative_to(backupmap)
            doel = uitvoer / relatief.parent / relatief.name[: -len(BACKUP_ACHTERVOEGSEL)]
            if doel.exists():
                shutil.rmtree(backup)
            else:
                doel.parent.mkdir(parents=True, exist_ok=True)
                os.replace(backup, doel)
                hersteld.append(doel.name)
    shutil.rmtree(werk, ignore_errors=True)
    return hersteld


def lees_status(map_: Path) -> dict:
    """The per-notebook status a region folder recorded at its last good run."""
    try:
        return json.loads((map_ / STATUSBESTAND).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def is_actueel(map_: Path, stem: str, vingerafdruk: str) -> bool:
    """True when the folder holds a complete, good result of this notebook with this fingerprint."""
    status = lees_status(map_).get(stem, {})
    return (
        status.get("vingerafdruk") == vingerafdruk
        and status.get("status") == KLAAR
        and (map_ / f"{stem}.ipynb").is_file()
        and (map_ / f"{stem}.html").is_file()
    )


# ---------------------------------------------------------------------------------------------------------
# Work inside a worker process


@dataclass
class Taak:
    """One unit of work for a worker: a region (or the comparison) with its notebooks in order."""

    sleutel: str  # region code, or "vergelijking"
    naam: str
    doel: str  # final folder
    staging: str
    backup: str
    mislukt_map: str
    terug_link: str
    notebooks: list[dict] = field(default_factory=list)  # {pad, stem, parameters, vingerafdruk, uitvoeren}
    warm: bool = True  # run in the worker's warm kernel (werkboek.kernelmotor), else a fresh kernel per notebook
    schatting: float = 0.0  # expected seconds, from the previous run: the longest tasks go first


def _kernel_instellingen() -> dict:
    """How papermill talks to and stops the kernel.

    A fresh kernel (``--verse-kernels``) is stopped at once when the notebook is done: its outputs are in, and a
    graceful shutdown (interrupt, shutdown request, wait) costs a few tenths of a second per notebook. Notebooks
    must therefore close the files they write (``with open(...)``, ``to_csv``, ``savefig`` all do); a warm kernel
    is only stopped at the end of the worker or after a failure. Where the platform has local sockets, the kernel
    uses those instead of a TCP port: no network, no warning about it.
    """
    instellingen = {"shutdown_kernel": "immediate"}
    if os.name == "posix":
        from traitlets.config import Config

        instellingen["config"] = Config({"KernelManager": {"transport": "ipc"}})
    return instellingen


# Failures whose own text a user cannot act on, with what they mean (matched on the error's name or text).
UITLEG_FOUTEN = (
    ("DeadKernelError", "de kernel stopte onverwacht (van buitenaf gestopt of te weinig geheugen)"),
    ("[Errno 28]", "de schijf is vol: maak ruimte vrij"),
    ("[Errno 13]", "geen schrijfrechten op de uitvoermap"),
    ("[Errno 30]", "de uitvoermap is alleen-lezen"),
)


def _foutbeschrijving(fout: BaseException) -> dict:
    """Cell number and the error's last line, from papermill's error when it has them, with a Dutch hint."""
    ename = getattr(fout, "ename", type(fout).__name__)
    evalue = str(getattr(fout, "evalue", fout)).strip().splitlines()
    regel = f"{ename}: {evalue[-1] if evalue else ''}".strip()
    uitleg = [tekst for teken, tekst in UITLEG_FOUTEN if teken in regel]
    return {
        "cel": getattr(fout, "exec_count", None),
        "cel_index": getattr(fout, "cell_index", None),
        "fout": regel + "".join(f" — {tekst}" for tekst in uitleg),
    }


def voer_taak_uit(taak: Taak, meld=lambda *bericht: None, gestopt=lambda: False) -> dict:
    """Run one region's notebooks in order in its staging folder; swap it into place when all succeeded.

    Returns a plain dict (it crosses process boundaries) with per-notebook status and timings.
    """
    import papermill

    staging, doel = Path(taak.staging), Path(taak.doel)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    if any(nb["uitvoeren"] for nb in taak.notebooks):
        shutil.rmtree(taak.mislukt_map, ignore_errors=True)  # only this run's failure stays there
    resultaat = {"sleutel": taak.sleutel, "naam": taak.naam, "map": str(doel), "notebooks": [], "status": KLAAR}
    status = {}
    for nb in taak.notebooks:
        stem = nb["stem"]
        regel = {"notebook": stem, "status": OVERGESLAGEN, "duur_s": 0.0, "vingerafdruk": nb["vingerafdruk"]}
        if resultaat["status"] != KLAAR:
            regel["status"] = NIET_UITGEVOERD
        elif not nb["uitvoeren"]:
            _kopieer_uitvoer(doel, staging, stem)
        elif gestopt():
            regel["status"] = resultaat["status"] = ONDERBROKEN
        else:
            begin = time.perf_counter()
            uitvoer_nb = staging / f"{stem}.ipynb"
            try:
                uitgevoerd = papermill.execute_notebook(
                    nb["pad"], str(uitvoer_nb), parameters=_met_uitvoermap(nb["parameters"], staging),
                    kernel_name=KERNEL_NAAM, language=KERNEL_TAAL, progress_bar=False, cwd=str(staging),
                    **_engine(taak, staging, stem), **_kernel_instellingen(),
                )
                regel["uitvoering_s"] = round(time.perf_counter() - begin, 3)
                if not taak.warm:  # papermill's own engine wrote the pictures into the notebook: link them now
                    _koppel_en_schrijf(uitgevoerd, uitvoer_nb, stem)
                exporteer_html(uitvoer_nb, f"{taak.naam} — {stem}", taak.terug_link, taak.naam,
                               stijlblad=stijlblad_link(taak.terug_link), nb=uitgevoerd)
                regel["status"] = KLAAR
            except KeyboardInterrupt:
                regel["status"] = resultaat["status"] = ONDERBROKEN
            except Exception as fout:  # noqa: BLE001 - one notebook's failure must not stop the other regions
                if gestopt():
                    regel["status"] = resultaat["status"] = ONDERBROKEN
                else:
                    regel.update(status=MISLUKT, **_foutbeschrijving(fout))
                    resultaat["status"] = MISLUKT
                    regel.update(_bewaar_mislukt(uitvoer_nb, Path(taak.mislukt_map), taak, stem))
            regel["duur_s"] = round(time.perf_counter() - begin, 3)
        status[stem] = {"status": regel["status"], "vingerafdruk": nb["vingerafdruk"]}
        resultaat["notebooks"].append(regel)
        meld("notebook", taak.sleutel, stem, regel["status"])

    if resultaat["status"] == KLAAR:
        if all(r["status"] == OVERGESLAGEN for r in resultaat["notebooks"]):
            resultaat["status"] = OVERGESLAGEN
            shutil.rmtree(staging, ignore_errors=True)
        else:
            (staging / STATUSBESTAND).write_text(json.dumps(status, indent=1, sort_keys=True), encoding="utf-8")
            wissel_in(staging, doel, Path(taak.backup))
            shutil.rmtree(taak.mislukt_map, ignore_errors=True)
    return resultaat


def _engine(taak: Taak, staging: Path, stem: str) -> dict:
    """Papermill's engine arguments for this task: the warm kernel (see :mod:`werkboek.kernelmotor`), which links
    the pictures before the notebook is written, or papermill's own engine with a fresh kernel."""
    if not taak.warm:
        return {}
    from werkboek import kernelmotor

    return {"engine_name": kernelmotor.ENGINE_NAAM,
            "nabewerking": functools.partial(koppel_afbeeldingen, map_=staging, stem=stem)}


def _koppel_en_schrijf(nb, pad: Path, stem: str) -> None:
    """Link the pictures of an executed notebook (each stored once, as the PNG the notebook saved) and write it."""
    import nbformat

    koppel_afbeeldingen(nb, pad.parent, stem)
    nbformat.write(nb, str(pad))


def _met_uitvoermap(parameters: dict, staging: Path) -> dict:
    return {**parameters, "uitvoermap": str(staging)} if "uitvoermap" in parameters else parameters


def _kopieer_uitvoer(van: Path, naar: Path, stem: str) -> None:
    """Bring an up-to-date notebook's results into the staging folder (hard links where possible).

    Hard links are safe because a notebook writes only its own ``<stem>/`` folder, and a skipped notebook is
    never rerun in the same run, so no linked file is written to before the swap.
    """
    def koppel(bron, doel):
        try:
            os.link(bron, doel)
        except OSError:
            shutil.copy2(bron, doel)

    for achtervoegsel in (".ipynb", ".html"):
        koppel(van / f"{stem}{achtervoegsel}", naar / f"{stem}{achtervoegsel}")
    if (van / stem).is_dir():
        shutil.copytree(van / stem, naar / stem, copy_function=koppel)


def _bewaar_mislukt(uitvoer_nb: Path, mislukt_map: Path, taak: Taak, stem: str) -> dict:
    """Keep the failing notebook (papermill wrote it with the error) under outputs/mislukt/<region>/."""
    if not uitvoer_nb.is_file():
        return {}
    mislukt_map.mkdir(parents=True, exist_ok=True)
    doel = mislukt_map / uitvoer_nb.name
    shutil.copy2(uitvoer_nb, doel)
    extra = {"notebook_pad": str(doel)}
    terug = MISLUKT_TERUG  # outputs/mislukt/<map>/, also for the comparison (whose own page is one level up)
    try:
        extra["html_pad"] = str(exporteer_html(doel, f"{taak.naam} — {stem} (mislukt)", terug,
                                               f"{taak.naam} — mislukt", stijlblad=stijlblad_link(terug)))
    except Exception:  # noqa: BLE001 - the .ipynb with the error is what matters; HTML is a convenience
        pass
    return extra


# ---------------------------------------------------------------------------------------------------------
# Tasks from the plan


def _regio_taak(regio: Regio, plan: Plan, uitvoer: Path, data: str, pakket: str) -> Taak:
    doel = paden.binnen(uitvoer, "regios", regio.map_naam)
    parameters = {"regio": regio.code, **plan.parameters}
    notebooks, vorige, herstart = [], "", False
    for pad in plan.notebooks:
        vingerafdruk = vingerafdruk_notebook(pad, parameters, data, pakket, vorige)
        herstart = herstart or not (plan.overslaan and is_actueel(doel, pad.stem, vingerafdruk))
        notebooks.append({"pad": str(pad), "stem": pad.stem, "parameters": _voor_notebook(pad, parameters),
                          "vingerafdruk": vingerafdruk, "uitvoeren": herstart})
        vorige = vingerafdruk
    return Taak(
        sleutel=regio.code, naam=str(regio), doel=str(doel),
        staging=str(werkmap(uitvoer) / plan.run_id / regio.map_naam),
        backup=str(backup_pad(uitvoer, plan.run_id, doel)),
        mislukt_map=str(uitvoer / "mislukt" / regio.map_naam), terug_link="../../index.html",
        notebooks=notebooks, warm=plan.warme_kernels,
    )


def _vergelijking_taak(plan: Plan, uitvoer: Path, pakket: str) -> Taak:
    """The comparison over all regions; its fingerprint covers every region's summaries."""
    pad = plan.vergelijking
    regios_map = uitvoer / "regios"
    parameters = {**plan.parameters, "regios_map": str(regios_map), "geojson": plan.geojson}
    samenvattingen = [
        [str(p.relative_to(regios_map)), p.read_bytes()] for p in sorted(regios_map.glob("*/*/samenvatting.json"))
    ] if regios_map.is_dir() else []
    data = _sha256(*(d for paar in samenvattingen for d in paar))
    vingerafdruk = vingerafdruk_notebook(pad, parameters, data, pakket)
    doel = uitvoer / "vergelijking"
    return Taak(
        sleutel="vergelijking", naam="Vergelijking van alle regio's", doel=str(doel),
        staging=str(werkmap(uitvoer) / plan.run_id / "vergelijking"),
        backup=str(backup_pad(uitvoer, plan.run_id, doel)),
        mislukt_map=str(uitvoer / "mislukt" / "vergelijking"), terug_link="../index.html",
        notebooks=[{"pad": str(pad), "stem": pad.stem, "parameters": _voor_notebook(pad, parameters),
                    "vingerafdruk": vingerafdruk,
                    "uitvoeren": not (plan.overslaan and is_actueel(doel, pad.stem, vingerafdruk))}],
        warm=plan.warme_kernels,
    )
