"""The plan of a ``werkboek run``: validated input, the data prepared once, and the fingerprints that decide what
can be skipped.

Nothing here writes to the output folder: :func:`maak_plan` refuses bad input before anything happens, and
:func:`bereid_data_voor` only fills the data cache. Used by :mod:`werkboek.batch`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from werkboek import __version__, fasen, paden
from werkboek.fouten import ParameterFout, WerkboekFout
from werkboek.regios import Regio, alle_regios

# jsonschema (under nbformat and papermill) imports rfc3987_syntax when it is installed, only to check the 'iri'
# format, which no notebook schema uses; building its grammar takes 0,85 s in every process that imports nbformat.
# The batch's own processes (the parent and each worker, which import this module first) leave it out.
sys.modules.setdefault("rfc3987_syntax", None)

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
    warme_kernels: bool = True  # one reused kernel per worker (werkboek.kernelmotor); False: a fresh one per notebook
    voorladen: tuple[str, ...] = ()  # modules the notebooks import: a warm kernel imports them before the first


def _is_werkboek(map_: Path) -> bool:
    """Whether ``map_`` is the workbook's own notebook folder (the phases of :data:`werkboek.fasen.FASEN`)."""
    return Path(map_).resolve() == paden.notebooks_dir().resolve()


def fase_notebooks(map_: Path | None = None) -> list[Path]:
    """The per-region phase notebooks in order: for the workbook's own folder from the :data:`werkboek.fasen.FASEN`
    registry; for a folder of one's own (``--notebooks``, e.g. the tests' small notebooks) the files 01-04 in it."""
    map_ = Path(map_ or paden.notebooks_dir())
    if _is_werkboek(map_):
        return [map_ / f.notebook for f in fasen.regiofasen()]
    return sorted(map_.glob(FASE_PATROON))


def vergelijking_notebooks(map_: Path) -> list[Path]:
    """The comparison notebook: from the registry for the workbook's own folder, else 05_* in the folder."""
    if _is_werkboek(map_):
        return [Path(map_) / f.notebook for f in fasen.FASEN if not f.per_regio]
    return sorted(Path(map_).glob(VERGELIJKING_PATROON))


def gedeclareerde_parameters(notebook: Path) -> set[str]:
    """The parameters a notebook takes: from the :data:`werkboek.fasen.FASEN` registry for the workbook's own
    notebooks; for a notebook of one's own, the names assigned in its ``parameters`` cell (read as JSON)."""
    if _is_werkboek(Path(notebook).parent):
        try:
            return set(fasen.fase(Path(notebook).stem).parameters)
        except ParameterFout:
            pass  # a notebook in the folder that is not a phase: read its cell like any other
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


_IMPORT = re.compile(r"^[ \t]*(?:import[ \t]+([\w. ,]+)|from[ \t]+(\w[\w.]*)[ \t]+import[ \t]+\(?([\w ,]*))",
                     re.MULTILINE)


def notebook_imports(notebooks: list[Path]) -> tuple[str, ...]:
    """The modules the notebooks' code cells import (``import a.b``, ``from a.b import c``, with ``a.b.c`` as a
    candidate: it may be a module), in order of first appearance. A warm kernel imports them before its snapshot
    (see :mod:`werkboek.kernelstaat`); a candidate that is no module is skipped there."""
    namen: dict[str, None] = {}
    for notebook in notebooks:
        try:
            cellen = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for cel in cellen:
            if cel.get("cell_type") != "code":
                continue
            bron = cel.get("source", "")
            for gevonden in _IMPORT.finditer("".join(bron) if isinstance(bron, list) else bron):
                if gevonden.group(2):
                    namen.setdefault(gevonden.group(2))
                    for deel in gevonden.group(3).split(","):
                        naam = deel.split(" as ")[0].strip()
                        if re.fullmatch(r"\w+", naam):
                            namen.setdefault(f"{gevonden.group(2)}.{naam}")
                else:
                    for deel in gevonden.group(1).split(","):
                        naam = deel.split(" as ")[0].strip()
                        if re.fullmatch(r"\w[\w.]*", naam):
                            namen.setdefault(naam)
    return tuple(namen)


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
    vergelijkingen = vergelijking_notebooks(map_)
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
        warme_kernels=not getattr(args, "verse_kernels", False),
        voorladen=notebook_imports([*notebooks, *vergelijkingen]),
    )


def _sha256(*delen: bytes | str) -> str:
    teller = hashlib.sha256()
    for deel in delen:
        teller.update(deel.encode("utf-8") if isinstance(deel, str) else deel)
        teller.update(b"\0")
    return teller.hexdigest()


def pakket_vingerafdruk() -> str:
    """Hash of the werkboek version, its source and the editable configuration in ``data/``."""
    bron_map = Path(__file__).resolve().parent  # the werkboek package: every module of it, not only the batch
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


def maak_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + f"-{os.getpid()}"


def lees_manifest(uitvoer: Path | None = None) -> dict | None:
    """The latest run's manifest, or None when there has been no run."""
    pad = (uitvoer or paden.outputs_dir()) / "manifest.json"
    try:
        return json.loads(pad.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError as fout:
        raise BatchFout(f"Het manifest {pad} is beschadigd ({fout}). Start een gewone run met 'werkboek run'.") from fout
