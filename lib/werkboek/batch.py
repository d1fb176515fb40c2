"""``werkboek run``: execute the phase notebooks for all (or chosen) regions and build the report site.

How a run goes:

1. Every region and parameter is validated before anything is written; bad input stops the run with a
   Dutch message that lists the valid choices.
2. A backup left by an interrupted swap is put back (see :func:`herstel_onderbroken_wissels`).
3. The data source prepares every table once (``bron.bereid_voor()``), so the notebooks only read the cache.
4. Regions run in parallel worker processes. A worker runs one region's notebooks in order, in-process
   through papermill, and exports each executed notebook to HTML without code. Notebooks whose inputs did
   not change since their last good run are skipped (see :func:`vingerafdruk_notebook`).
5. Every region is written into a staging folder ``outputs/.werk/<run-id>/<AMxx-slug>/`` and swapped into
   ``outputs/regios/`` only when all its notebooks succeeded, so a failed or interrupted run never destroys
   the previous good report.
6. The comparison notebook (``05_*``) runs once over all regions' summaries; then the site (``index.html``)
   and the manifest (``outputs/manifesten/<run-id>.json`` and ``outputs/manifest.json``) are written and a
   Dutch summary is printed. The exit code is 1 when anything failed and 130 after Ctrl-C.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from werkboek import __version__, paden
from werkboek.fouten import ParameterFout, WerkboekFout, schijffout_tekst
from werkboek.regios import Regio, alle_regios

KERNEL_NAAM = "python3"
KERNEL_TAAL = "python"
STANDAARD_PARAMETERS = {"jaar": 2023, "sector": "F", "horizon": 5, "bron": "demo"}
FASE_PATROON = "0[1-4]_*.ipynb"
VERGELIJKING_PATROON = "05_*.ipynb"
STATUSBESTAND = ".werkboek-status.json"
WERKMAP = ".werk"
SLOTBESTAND = ".werk-slot"
BACKUP_ACHTERVOEGSEL = ".vorige"
# Statuses a region or notebook can end in; the Dutch words are what the user reads in the summary.
KLAAR, OVERGESLAGEN, MISLUKT, ONDERBROKEN, NIET_UITGEVOERD = (
    "klaar", "overgeslagen", "mislukt", "onderbroken", "niet uitgevoerd"
)
APOSTROF = "'"
VERSIEPAKKETTEN = ("pandas", "matplotlib", "papermill", "cbsodata", "nbconvert", "nbclient", "ipykernel")


class BatchFout(WerkboekFout):
    """The batch run cannot start (no notebooks, no previous manifest, bad parameter file)."""


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
    # For tests and the benchmark: run other notebooks than the project's own.
    parser.add_argument("--notebooks", type=Path, default=None, help=argparse.SUPPRESS)
    parser.set_defaults(func=voer_uit)


# ---------------------------------------------------------------------------------------------------------
# Plan: validation, parameters, fingerprints


@dataclass
class Plan:
    """Everything a run needs, validated before anything is written."""

    regios: list[Regio]
    parameters: dict
    notebooks: list[Path]
    vergelijking: Path | None
    processen: int
    overslaan: bool
    geojson: str = ""
    run_id: str = ""
    vergelijking_opnieuw: bool = False  # --alleen-mislukt after a failed comparison


def fase_notebooks(map_: Path | None = None) -> list[Path]:
    """The phase notebooks 01-04 in order."""
    return sorted((map_ or paden.notebooks_dir()).glob(FASE_PATROON))


def gedeclareerde_parameters(notebook: Path) -> set[str]:
    """Names assigned in the notebook's ``parameters`` cell (read as JSON; no papermill import needed)."""
    import re

    try:
        inhoud = json.loads(Path(notebook).read_text(encoding="utf-8"))
    except (OSError, ValueError) as fout:
        raise BatchFout(f"Het notebook {notebook} kan niet worden gelezen ({fout}).") from fout
    namen: set[str] = set()
    for cel in inhoud.get("cells", []):
        if "parameters" in cel.get("metadata", {}).get("tags", []):
            bron = cel.get("source", "")
            bron = "".join(bron) if isinstance(bron, list) else bron
            namen |= set(re.findall(r"^([A-Za-z_]\w*)\s*(?::[^=]*)?=", bron, flags=re.MULTILINE))
    return namen


def _voor_notebook(notebook: Path, parameters: dict) -> dict:
    """Only the parameters the notebook declares, so papermill does not warn about the others.

    ``uitvoermap`` is filled in by the worker with the staging folder when the notebook declares it.
    """
    gedeclareerd = gedeclareerde_parameters(notebook)
    return {k: v for k, v in {**parameters, "uitvoermap": ""}.items() if k in gedeclareerd}


def lees_parameterbestand(pad: Path) -> dict:
    """Read the common parameters (and optionally ``regios``) from a YAML file."""
    import yaml

    try:
        inhoud = yaml.safe_load(Path(pad).read_text(encoding="utf-8")) or {}
    except OSError as fout:
        raise BatchFout(f"Het parameterbestand {pad} kan niet worden gelezen ({fout}).") from fout
    except yaml.YAMLError as fout:
        raise BatchFout(f"Het parameterbestand {pad} is geen geldige YAML: {fout}") from fout
    toegestaan = {*STANDAARD_PARAMETERS, "regios"}
    if not isinstance(inhoud, dict) or set(inhoud) - toegestaan:
        onbekend = sorted(set(inhoud) - toegestaan) if isinstance(inhoud, dict) else inhoud
        raise BatchFout(
            f"Het parameterbestand {pad} bevat onbekende sleutels {onbekend}. Toegestaan: "
            f"{', '.join(sorted(toegestaan))}."
        )
    if "regios" in inhoud and isinstance(inhoud["regios"], (str, int)):
        inhoud["regios"] = [inhoud["regios"]]
    return inhoud


def maak_plan(args: argparse.Namespace) -> Plan:
    """Validate the command line (and parameter file) into a :class:`Plan`; write nothing."""
    from werkboek.parameters import valideer_parameters

    bestand = lees_parameterbestand(args.parameters) if args.parameters else {}
    vorige = None
    if args.alleen_mislukt:
        vorige = lees_manifest()
        if vorige is None:
            raise BatchFout(
                "Er is nog geen vorige run (outputs/manifest.json ontbreekt), dus ook niets om opnieuw te "
                "doen. Start een gewone run met 'werkboek run'."
            )
    basis = {**STANDAARD_PARAMETERS, **(vorige or {}).get("parameters", {})}
    gekozen = {**basis, **{k: v for k, v in bestand.items() if k != "regios"}}
    for sleutel in STANDAARD_PARAMETERS:
        if getattr(args, sleutel) is not None:
            gekozen[sleutel] = getattr(args, sleutel)

    if vorige is not None:
        invoer = [r["regio"] for r in vorige.get("regios", []) if r.get("status") in (MISLUKT, ONDERBROKEN)]
    else:
        invoer = args.regios or bestand.get("regios") or [r.code for r in alle_regios()]
    invoer = [str(r) for r in invoer]  # codes travel as strings, also when YAML read them as numbers

    regios: dict[str, Regio] = {}
    parameters = None
    for tekst in invoer:
        parameters = valideer_parameters(tekst, gekozen["jaar"], gekozen["sector"], gekozen["horizon"], gekozen["bron"])
        regios.setdefault(parameters.regio.code, parameters.regio)
    if parameters is None:  # nothing failed last time
        parameters = valideer_parameters("AM01", gekozen["jaar"], gekozen["sector"], gekozen["horizon"], gekozen["bron"])
    gemeenschappelijk = {k: v for k, v in parameters.als_dict().items() if k != "regio"}

    map_ = args.notebooks.resolve() if args.notebooks else paden.notebooks_dir()
    notebooks = fase_notebooks(map_)
    if not notebooks:
        raise BatchFout(f"Geen fase-notebooks ({FASE_PATROON}) gevonden in {map_}.")
    vergelijkingen = sorted(map_.glob(VERGELIJKING_PATROON))
    for notebook in [*notebooks, *vergelijkingen]:
        if "uitvoermap" not in gedeclareerde_parameters(notebook):
            print(f"Let op: {notebook.name} heeft geen parameter 'uitvoermap' (afspraak C4); het schrijft zijn "
                  "figuren en tabellen dan rechtstreeks naar outputs/regios/ in plaats van via de werkmap.",
                  file=sys.stderr)
    processen = args.processen if args.processen is not None else (os.cpu_count() or 1)
    if processen < 1:
        raise ParameterFout(f"--processen moet 1 of meer zijn; u gaf {processen}.")
    geojson = args.geojson or ""
    if geojson and not Path(geojson).is_file():
        raise ParameterFout(f"Het GeoJSON-bestand {geojson} bestaat niet. Laat --geojson weg voor de tegelkaart.")
    return Plan(
        regios=sorted(regios.values()),
        parameters=gemeenschappelijk,
        notebooks=notebooks,
        vergelijking=vergelijkingen[0] if vergelijkingen else None,
        processen=min(processen, max(1, len(regios))),
        overslaan=not args.alles_opnieuw,
        geojson=str(Path(geojson).resolve()) if geojson else "",
        vergelijking_opnieuw=((vorige or {}).get("vergelijking") or {}).get("status") in (MISLUKT, ONDERBROKEN),
    )


def _sha256(*delen: bytes | str) -> str:
    teller = hashlib.sha256()
    for deel in delen:
        teller.update(deel.encode("utf-8") if isinstance(deel, str) else deel)
        teller.update(b"\0")
    return teller.hexdigest()


def pakket_vingerafdruk() -> str:
    """Hash of the werkboek version, its source and the editable configuration in ``data/``."""
    bron_map = Path(__file__).resolve().parent
    delen: list[bytes | str] = [__version__]
    for pad in sorted(bron_map.rglob("*")):
        if pad.is_file() and pad.suffix in (".py", ".csv", ".yaml", ".j2", ".json"):
            delen += [str(pad.relative_to(bron_map)), pad.read_bytes()]
    for pad in sorted(paden.data_dir().glob("*")):
        if pad.is_file() and pad.suffix in (".csv", ".yaml", ".yml", ".json"):
            delen += [pad.name, pad.read_bytes()]
    return _sha256(*delen)


def vingerafdruk_notebook(notebook: Path, parameters: dict, data: str, pakket: str, vorige: str = "") -> str:
    """Fingerprint of one (region, notebook): notebook content, parameters, data vintages, package source.

    ``vorige`` is the fingerprint of the region's previous notebook, so a change early in the chain reruns
    everything after it (a later phase may read what an earlier one wrote).
    """
    return _sha256(notebook.read_bytes(), json.dumps(parameters, sort_keys=True), data, pakket, vorige)


# ---------------------------------------------------------------------------------------------------------
# Data preparation


def bereid_data_voor(bron_naam: str, jaar: int | None = None) -> dict:
    """Prepare every table once, before any notebook starts, and return the source's provenance.

    With ``jaar`` the year is checked against the years the prepared data holds (a ParameterFout stops the run).
    The data layer's notes (for example a nearest classification year) are printed once, as plain Dutch lines.
    """
    from werkboek.bronnen import open_bron
    from werkboek.fouten import dutch_warnings

    try:
        bron = open_bron(bron_naam, peiljaar=jaar)
        with dutch_warnings():
            bron.bereid_voor()
        if jaar is not None:
            bron.controleer_jaar(jaar)
    except WerkboekFout:
        raise
    except Exception as fout:  # noqa: BLE001 - a user reads this, not a traceback
        raise BatchFout(
            f"De databron '{bron_naam}' kon niet worden voorbereid ({type(fout).__name__}: {fout}). Er is nog "
            "niets uitgevoerd. Probeer het opnieuw, of kies een andere bron met --bron demo of --bron momentopname."
        ) from fout
    return {"naam": bron.naam, "demo": bool(bron.is_demo), "beschrijving": bron.beschrijving, "voorbereid": True,
            "tabellen": _tabel_herkomsten(bron)}


def _tabel_herkomsten(bron) -> list[dict]:
    """Vintage of every registered theme, read from the (now warm) cache."""
    from werkboek.register import standaard_register

    herkomsten = []
    for thema in sorted(standaard_register().themas):
        try:
            h = bron.herkomst(thema)
        except Exception as fout:  # noqa: BLE001 - a missing theme is reported, not fatal
            herkomsten.append({"thema": thema, "fout": str(fout)})
            continue
        herkomsten.append({
            "thema": thema, "tabel_id": h.tabel_id, "titel": h.titel, "gewijzigd": h.gewijzigd,
            "opgehaald": h.opgehaald, "rijen": h.rijen, "demo": h.demo, "indeling": h.indeling,
            "bronregel": h.bronregel(),
        })
    return herkomsten


def data_vingerafdruk(herkomst: dict) -> str:
    """What identifies the data: table ids and their CBS 'Modified' dates (not the retrieval time)."""
    kern = [{k: t.get(k) for k in ("thema", "tabel_id", "gewijzigd", "rijen", "demo", "indeling", "fout")}
            for t in herkomst.get("tabellen", [])]
    return _sha256(herkomst["naam"], json.dumps(kern, sort_keys=True, default=str))


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


def wissel_in(nieuw: Path, doel: Path, backup: Path) -> None:
    """Replace ``doel`` by ``nieuw`` with renames only; ``doel`` is never missing without a backup."""
    doel.parent.mkdir(parents=True, exist_ok=True)
    if doel.exists():
        backup.parent.mkdir(parents=True, exist_ok=True)
        os.replace(doel, backup)
    try:
        os.replace(nieuw, doel)
    except OSError:
        if backup.exists() and not doel.exists():
            os.replace(backup, doel)  # the previous report goes straight back (disk full, no rights)
        raise
    if backup.exists():
        shutil.rmtree(backup)


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


_EXPORTEUR = None


def _html_exporteur():
    """One HTML exporter per worker: loading the templates is the expensive part."""
    global _EXPORTEUR
    if _EXPORTEUR is None:
        from nbconvert import HTMLExporter

        _EXPORTEUR = HTMLExporter(
            template_name="rapport",
            extra_template_basedirs=[str(Path(__file__).resolve().parent / "sjablonen")],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
        _EXPORTEUR.language_code = "nl"
    return _EXPORTEUR


def exporteer_html(notebook: Path, titel: str, terug_link: str, kop: str = "") -> Path:
    """Write ``<stem>.html`` beside an executed notebook, without code cells.

    ``titel`` becomes the page title, ``kop`` (the region) stands beside the link back to the index.
    """
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    body, _ = _html_exporteur().from_notebook_node(
        nb, resources={"metadata": {"name": titel}, "terug_link": terug_link, "kop": kop}
    )
    doel = Path(notebook).with_suffix(".html")
    doel.write_text(body, encoding="utf-8")
    return doel


def _kernel_instellingen() -> dict:
    """How papermill talks to and stops the kernel.

    The kernel is stopped at once when the notebook is done: its outputs are in, and a graceful shutdown
    (interrupt, shutdown request, wait) costs a few tenths of a second per notebook. Notebooks must therefore
    close the files they write (``with open(...)``, ``to_csv``, ``savefig`` all do). Where the platform has
    local sockets, the kernel uses those instead of a TCP port: no network, no warning about it.
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
                papermill.execute_notebook(
                    nb["pad"], str(uitvoer_nb), parameters=_met_uitvoermap(nb["parameters"], staging),
                    kernel_name=KERNEL_NAAM, language=KERNEL_TAAL, progress_bar=False, cwd=str(staging),
                    **_kernel_instellingen(),
                )
                regel["uitvoering_s"] = round(time.perf_counter() - begin, 3)
                exporteer_html(uitvoer_nb, f"{taak.naam} — {stem}", taak.terug_link, taak.naam)
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
    try:
        extra["html_pad"] = str(exporteer_html(doel, f"{taak.naam} — {stem} (mislukt)", taak.terug_link,
                                               f"{taak.naam} — mislukt"))
    except Exception:  # noqa: BLE001 - the .ipynb with the error is what matters; HTML is a convenience
        pass
    return extra


# The worker loop: own small pool (instead of ProcessPoolExecutor) so the parent knows every worker's pid
# to interrupt it cleanly, and workers can report progress per notebook.


def _werker(taken, meldingen, stop) -> None:
    if hasattr(os, "setsid"):
        os.setsid()  # Ctrl-C reaches only the parent, which stops the workers in order
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiet debugpy warning in every kernel

    def meld(*bericht):
        meldingen.put(bericht)

    try:  # warm up while the parent prepares the data; a real problem shows again at the first task
        import nbformat
        import papermill  # noqa: F401

        _html_exporteur().from_notebook_node(nbformat.v4.new_notebook())  # compiles the templates
    except Exception:  # noqa: BLE001
        pass
    while True:
        taak = None
        try:
            taak = taken.get()
            if taak is None:
                break
            meld("start", taak.sleutel, os.getpid())
            resultaat = voer_taak_uit(taak, meld, stop.is_set)
        except KeyboardInterrupt:
            if taak is None:
                break
            resultaat = _leeg_resultaat(taak, ONDERBROKEN)
        except OSError as fout:  # disk full or no rights at the swap: the previous report is back in place
            resultaat = _leeg_resultaat(taak, MISLUKT, schijffout_tekst(fout))
        except Exception as fout:  # noqa: BLE001 - report instead of dying silently
            resultaat = _leeg_resultaat(taak, MISLUKT, f"{type(fout).__name__}: {fout}")
        meldingen.put(("taak", resultaat))
    # Every kernel is shut down and every result sent: skip the interpreter's exit handlers, which would
    # wait a second for lingering ZeroMQ sockets.
    meldingen.close()
    meldingen.join_thread()
    os._exit(0)


def _leeg_resultaat(taak: Taak, status: str, fout: str | None = None) -> dict:
    """The result of a task that did not get to report per notebook."""
    resultaat = {"sleutel": taak.sleutel, "naam": taak.naam, "map": taak.doel, "status": status, "notebooks": []}
    if fout:
        resultaat["fout"] = fout
    return resultaat


class Werkers:
    """A fixed number of worker processes fed through a queue."""

    def __init__(self, aantal: int):
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.taken = context.Queue()
        self.meldingen = context.Queue()
        self.stop = context.Event()
        self.processen = [
            context.Process(target=_werker, args=(self.taken, self.meldingen, self.stop), daemon=True)
            for _ in range(aantal)
        ]
        for proces in self.processen:
            proces.start()

    def geef(self, taak: Taak) -> None:
        self.taken.put(taak)

    def bericht(self, wachttijd: float = 0.5):
        import queue

        try:
            return self.meldingen.get(timeout=wachttijd)
        except queue.Empty:
            return None

    def levend(self) -> bool:
        return any(p.is_alive() for p in self.processen)

    def gestorven(self) -> set[int]:
        """Process ids of workers that ended on their own (crashed), not through :meth:`sluit`."""
        return {p.pid for p in self.processen if p.exitcode is not None}

    def onderbreek(self) -> None:
        """Ask every worker to stop: no new notebooks, and the running one's kernel is shut down."""
        self.stop.set()
        for proces in self.processen:
            if proces.is_alive() and proces.pid:
                try:
                    os.kill(proces.pid, signal.SIGINT)
                except OSError:
                    pass

    def sluit(self, wachttijd: float = 30.0) -> None:
        for _ in self.processen:
            self.taken.put(None)
        einde = time.monotonic() + wachttijd
        for proces in self.processen:
            proces.join(max(0.1, einde - time.monotonic()))
            if proces.is_alive():
                proces.terminate()
                proces.join(5)


# ---------------------------------------------------------------------------------------------------------
# The run


def maak_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + f"-{os.getpid()}"


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
        notebooks=notebooks,
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
    )


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
        try:
            # The workers start, and import papermill and nbconvert, while the data source prepares the tables.
            werkers = Werkers(self.plan.processen)
            self.herkomst = bereid_data_voor(self.plan.parameters["bron"], self.plan.parameters["jaar"])
            pakket = pakket_vingerafdruk()
            data = data_vingerafdruk(self.herkomst)
            taken = [_regio_taak(r, self.plan, self.uitvoer, data, pakket) for r in self.plan.regios]
            self._voer_taken_uit(werkers, taken, "Regio's")
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


def lees_manifest(uitvoer: Path | None = None) -> dict | None:
    """The latest run's manifest, or None when there has been no run."""
    pad = (uitvoer or paden.outputs_dir()) / "manifest.json"
    try:
        return json.loads(pad.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError as fout:
        raise BatchFout(f"Het manifest {pad} is beschadigd ({fout}). Start een gewone run met 'werkboek run'.") from fout


def _aantal(n: int, enkel: str, meervoud: str) -> str:
    return f"{n} {enkel if n == 1 else meervoud}"


def _getal(waarde: float) -> str:
    return f"{waarde:.1f}".replace(".", ",")


def samenvatting_tekst(manifest: dict, index: Path) -> str:
    """The Dutch summary printed at the end of a run."""
    tellingen = {s: sum(1 for r in manifest["regios"] if r["status"] == s)
                 for s in (KLAAR, OVERGESLAGEN, MISLUKT, ONDERBROKEN, NIET_UITGEVOERD)}
    regels = [
        "",
        f"Samenvatting van run {manifest['run_id']} "
        f"({_aantal(len(manifest['regios']), 'regio', 'regio' + APOSTROF + 's')}, "
        f"{_aantal(manifest['processen'], 'proces', 'processen')}, {_getal(manifest['duur_s'])} s):",
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
