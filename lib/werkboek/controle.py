"""``werkboek controleer``: tell a participant in plain Dutch whether the installation is ready.

Five checks, one line each: Python, the Jupyter kernel, the pinned packages, the data and the output folder.
Every problem comes with the way out. The checks run in an environment that may be half broken, so this
module imports only the standard library at the top and reads the pins from the installed package's own
metadata (``importlib.metadata``), the single place they are written down besides ``pyproject.toml``.

Every lookup that touches the machine goes through :class:`Omgeving`, so tests can simulate a missing
package or a missing kernel without breaking the real installation.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import importlib.metadata
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from werkboek import paden
from werkboek.bronsoorten import BRONSOORTEN

PAKKET = "werkboek"
KERNEL = "python3"
# Names that jupyter_client itself replaces by the interpreter running Jupyter when it starts a kernel.
_KALE_PYTHON_NAMEN = {"python", f"python{sys.version_info[0]}", f"python{sys.version_info[0]}.{sys.version_info[1]}"}
_MERK = "werkboek-pad="
_VEREISTE = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;]+)\s*(?:;(.*))?$")
OPNIEUW_INSTALLEREN = (
    "Installeer de pakketten opnieuw vanuit de map van het werkboek: 'python3 opstarten.py test' "
    "(Windows: 'py opstarten.py test'), of bij conda: 'conda env update -f environment.yml'."
)


class KernelOntbreekt(LookupError):
    """No kernelspec with the wanted name could be found."""


@dataclass(frozen=True)
class Uitkomst:
    """The result of one check: what was checked, whether it is fine, and the fix when it is not."""

    onderdeel: str
    in_orde: bool
    melding: str
    oplossing: str = ""


@dataclass(frozen=True)
class Pin:
    """One pinned dependency of the installed package."""

    distributie: str
    versie: str
    extra: str | None = None


def _zoek_kernel(naam: str) -> list[str]:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel  # local: controleer_kernel reports its ImportError

    try:
        return list(KernelSpecManager().get_kernel_spec(naam).argv)
    except NoSuchKernel as fout:
        raise KernelOntbreekt(naam) from fout


def _voer_uit(opdracht: list[str]) -> tuple[int, str]:
    try:
        # UTF-8 both ways, so a path with accents reads the same as in this process (Windows consoles use cp1252).
        klaar = subprocess.run(
            opdracht, capture_output=True, encoding="utf-8", errors="replace", timeout=120,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
    except (OSError, subprocess.SubprocessError) as fout:
        return 1, str(fout)
    return klaar.returncode, (klaar.stdout + klaar.stderr).strip()


def _heeft_module(naam: str) -> bool:
    return importlib.util.find_spec(naam) is not None


def _vereisten() -> list[str]:
    return list(importlib.metadata.requires(PAKKET) or [])


def _vereiste_python() -> str:
    return importlib.metadata.metadata(PAKKET).get("Requires-Python") or ""


@dataclass(frozen=True)
class Omgeving:
    """Everything the checks look up on the machine; tests replace single fields with ``dataclasses.replace``."""

    python_versie: tuple[int, ...] = tuple(sys.version_info[:3])
    python_pad: str = sys.executable
    vereisten: Callable[[], list[str]] = _vereisten
    vereiste_python: Callable[[], str] = _vereiste_python
    versie: Callable[[str], str] = importlib.metadata.version
    importeer: Callable[[str], object] = importlib.import_module
    zoek_kernel: Callable[[str], list[str]] = _zoek_kernel
    voer_uit: Callable[[list[str]], tuple[int, str]] = _voer_uit
    heeft_module: Callable[[str], bool] = _heeft_module
    variabelen: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))


def _normaliseer(naam: str) -> str:
    return re.sub(r"[-_.]+", "-", naam).lower()


def lees_pins(regels: list[str]) -> list[Pin]:
    """Parse ``name==version[; extra == "x"]`` lines as found in the package metadata."""
    pins = []
    for regel in regels:
        gevonden = _VEREISTE.match(regel)
        if not gevonden:
            continue  # an unpinned requirement has no version to compare against
        naam, versie, markering = gevonden.groups()
        extra = re.search(r"extra\s*==\s*['\"]([^'\"]+)['\"]", markering or "")
        pins.append(Pin(naam, versie, extra.group(1) if extra else None))
    return pins


@functools.lru_cache(maxsize=1)
def _modules_per_distributie() -> dict[str, list[str]]:
    resultaat: dict[str, list[str]] = {}
    for module, distributies in importlib.metadata.packages_distributions().items():
        for distributie in distributies:
            resultaat.setdefault(_normaliseer(distributie), []).append(module)
    return resultaat


def _modulenaam(distributie: str) -> str:
    """The importable top-level module of an installed distribution (``PyYAML`` -> ``yaml``)."""
    gewenst = _normaliseer(distributie)
    modules = sorted(m for m in _modules_per_distributie().get(gewenst, []) if not m.startswith("_"))
    for module in modules:
        if _normaliseer(module) == gewenst:
            return module
    return modules[0] if modules else gewenst.replace("-", "_")


def controleer_python(omgeving: Omgeving) -> Uitkomst:
    try:
        eis = omgeving.vereiste_python()
    except importlib.metadata.PackageNotFoundError:
        eis = ""
    gevonden = re.search(r">=\s*(\d+)\.(\d+)", eis)
    minimum = (int(gevonden.group(1)), int(gevonden.group(2))) if gevonden else (3, 11)
    versie = ".".join(str(d) for d in omgeving.python_versie)
    if tuple(omgeving.python_versie[:2]) >= minimum:
        return Uitkomst("Python", True, f"Python {versie} ({omgeving.python_pad}); nodig is {minimum[0]}.{minimum[1]} of nieuwer.")
    return Uitkomst(
        "Python",
        False,
        f"Python {versie} is te oud; het werkboek heeft {minimum[0]}.{minimum[1]} of nieuwer nodig.",
        "Installeer een nieuwere Python zonder beheerdersrechten: python.org (kies 'Install for me only'), "
        "Miniforge/conda ('conda env create -f environment.yml'), of op de Mac via Homebrew. "
        "Verwijder daarna de map .venv en voer 'python3 opstarten.py test' opnieuw uit.",
    )


def controleer_pakketten(omgeving: Omgeving) -> Uitkomst:
    try:
        pins = [pin for pin in lees_pins(omgeving.vereisten()) if pin.extra is None]
    except importlib.metadata.PackageNotFoundError:
        return Uitkomst(
            "Pakketten",
            False,
            "Het werkboek is niet als pakket geïnstalleerd in deze Python, dus de vastgezette versies zijn onbekend.",
            OPNIEUW_INSTALLEREN,
        )
    problemen = []
    for pin in pins:
        try:
            gevonden = omgeving.versie(pin.distributie)
        except importlib.metadata.PackageNotFoundError:
            problemen.append(f"{pin.distributie} ontbreekt (nodig: {pin.versie})")
            continue
        if gevonden != pin.versie:
            problemen.append(f"{pin.distributie} heeft versie {gevonden} in plaats van {pin.versie}")
            continue
        try:
            omgeving.importeer(_modulenaam(pin.distributie))
        except Exception as fout:  # noqa: BLE001 - any failure to import is what we report
            problemen.append(f"{pin.distributie} {gevonden} is geïnstalleerd maar laadt niet ({type(fout).__name__}: {fout})")
    if problemen:
        return Uitkomst("Pakketten", False, "; ".join(problemen) + ".", OPNIEUW_INSTALLEREN)
    return Uitkomst("Pakketten", True, f"alle {len(pins)} vastgezette pakketten zijn aanwezig met de juiste versie en laden.")


def _kernel_herstel(omgeving: Omgeving) -> str:
    try:
        from jupyter_core.paths import prefer_environment_over_user  # local: ImportError falls back below

        plek = "--sys-prefix" if prefer_environment_over_user() else "--user"
    except ImportError:
        plek = "--sys-prefix"
    return (
        f"Registreer de kernel van deze omgeving: \"{omgeving.python_pad}\" -m ipykernel install {plek} "
        f"--name {KERNEL} --display-name \"Python 3 (werkboek)\". Start JupyterLab daarna vanuit dezelfde "
        "omgeving (.venv/bin/jupyter lab, op Windows .venv\\Scripts\\jupyter lab)."
    )


def controleer_kernel(omgeving: Omgeving) -> Uitkomst:
    try:
        argv = omgeving.zoek_kernel(KERNEL)
    except KernelOntbreekt:
        return Uitkomst("Kernel", False, f"Jupyter vindt geen kernel met de naam '{KERNEL}'.", _kernel_herstel(omgeving))
    except ImportError:
        return Uitkomst("Kernel", False, "Het pakket jupyter_client ontbreekt, dus Jupyter kan geen kernel zoeken.", OPNIEUW_INSTALLEREN)
    if not argv:
        return Uitkomst("Kernel", False, f"De kernel '{KERNEL}' heeft geen startopdracht.", _kernel_herstel(omgeving))
    interpreter = omgeving.python_pad if Path(argv[0]).name in _KALE_PYTHON_NAMEN else argv[0]
    code, uitvoer = omgeving.voer_uit([interpreter, "-c", f"import ipykernel, {PAKKET}; print('{_MERK}' + {PAKKET}.__file__)"])
    if code != 0:
        laatste = uitvoer.splitlines()[-1] if uitvoer else "geen uitvoer"
        return Uitkomst(
            "Kernel",
            False,
            f"De kernel '{KERNEL}' start {interpreter}, maar daar laadt het werkboek niet ({laatste}).",
            _kernel_herstel(omgeving),
        )
    # Warnings printed while importing may surround the path, so the path carries a marker.
    paden_gevonden = [r.strip()[len(_MERK):] for r in uitvoer.splitlines() if r.strip().startswith(_MERK)]
    geladen = Path(paden_gevonden[-1]).resolve().parent if paden_gevonden else None
    hier = Path(__file__).resolve().parent
    if geladen is None or os.path.normcase(geladen) != os.path.normcase(hier):
        return Uitkomst(
            "Kernel",
            False,
            f"De kernel '{KERNEL}' ({interpreter}) laadt een ander werkboek ({geladen}) dan deze installatie ({hier}).",
            _kernel_herstel(omgeving),
        )
    return Uitkomst("Kernel", True, f"Jupyter-kernel '{KERNEL}' gevonden; die start {interpreter} en laadt dit werkboek.")


def _lees_register() -> dict:
    from werkboek.datalogboek import lees_tabellenregister  # local: controleer runs when pandas is broken

    themas = lees_tabellenregister()
    if not themas:
        raise ValueError("er staat geen lijst 'themas' in")
    zonder = sorted(naam for naam, thema in themas.items() if not (thema or {}).get("tabellen"))
    if zonder:
        raise ValueError(f"thema(s) zonder tabellen: {', '.join(zonder)}")
    return themas


def _momentopname(pad: Path) -> str | None:
    """None when ``pad`` is a readable zip file or a folder holding an unpacked cache, else the Dutch reason."""
    if pad.is_dir():
        return None if any(p.is_file() for p in pad.rglob("*")) else f"de map {pad} is leeg"
    if not pad.is_file():
        return f"het bestand {pad} bestaat niet"
    try:
        with zipfile.ZipFile(pad) as archief:
            kapot = archief.testzip()
            if kapot:
                return f"het bestand {kapot} in {pad.name} is beschadigd"
            if not archief.namelist():
                return f"{pad.name} is leeg"
    except (zipfile.BadZipFile, OSError) as fout:
        return f"{pad.name} is geen leesbaar zip-bestand ({fout})"
    return None


def _cache_inhoud(cache: Path) -> str:
    """Whether the cache holds real CBS or DUO data, demo data or both: a demo snapshot must not pass for real data."""
    from werkboek.cache import AFGELEID, BRONNEN  # local: controleer runs when pandas is broken
    soorten = [
        soort for soort in BRONNEN
        if (cache / soort).is_dir()
        and any(p.is_dir() and p.name != AFGELEID and not p.name.startswith(".") for p in (cache / soort).iterdir())
    ]
    echt = [{"cbs": "CBS-cijfers", "duo": "DUO-cijfers"}[s] for s in soorten if s != "demo"]
    if not soorten:
        return "zonder tabellen"
    if not echt:
        return "alleen demodata (synthetisch), geen echte cijfers"
    return " en ".join(echt) + (" en demodata (synthetisch)" if "demo" in soorten else "")


def controleer_data(omgeving: Omgeving, bron: str | None = None, momentopname: str | None = None) -> Uitkomst:
    bron = (bron or omgeving.variabelen.get("WERKBOEK_BRON") or "demo").strip().lower()
    momentopname = momentopname or omgeving.variabelen.get("WERKBOEK_MOMENTOPNAME") or None
    delen = []
    try:
        themas = _lees_register()
        delen.append(f"tabellenregister leesbaar ({len(themas)} thema's)")
    except Exception as fout:  # noqa: BLE001 - any unreadable register is the same problem for the user
        return Uitkomst(
            "Data",
            False,
            f"Het tabellenregister data/tabellen.yaml is niet leesbaar: {fout}.",
            "Zet het bestand terug met 'git checkout data/tabellen.yaml', of herstel de opmaak (let op inspringing "
            "met spaties).",
        )
    cache = paden.cache_dir()
    in_cache = cache.is_dir() and any(p.is_file() for p in cache.rglob("*"))
    demo = omgeving.heeft_module(f"{PAKKET}.demo")
    if momentopname:
        reden = _momentopname(Path(momentopname))
        if reden:
            return Uitkomst(
                "Data",
                False,
                f"De momentopname is niet bruikbaar: {reden}.",
                "Vraag de begeleider om het zip-bestand opnieuw, zet het pad in WERKBOEK_MOMENTOPNAME of geef het "
                "op met 'werkboek controleer --momentopname PAD', en pak het uit met 'werkboek data uitpak PAD'.",
            )
        delen.append(f"momentopname {Path(momentopname).name} leesbaar")
    if bron == "momentopname" and not (momentopname or in_cache):
        return Uitkomst(
            "Data",
            False,
            "De bron is 'momentopname', maar er is geen momentopname opgegeven en de cache is leeg.",
            "Pak de momentopname van de begeleider uit met 'werkboek data uitpak PAD-NAAR-ZIP', of kies bron = \"demo\".",
        )
    if bron == "cbs" and not in_cache:
        delen.append("de cache is nog leeg, dus de eerste run met bron 'cbs' heeft internet nodig")
    if in_cache:
        delen.append(f"cache aanwezig in {cache} ({_cache_inhoud(cache)})")
    elif demo:
        delen.append("nog geen cache; de ingebouwde demodata (synthetisch) is beschikbaar")
    else:
        return Uitkomst(
            "Data",
            False,
            f"Er is geen cache ({cache}) en de demodata van het werkboek ontbreekt.",
            "Maak de cache met internet via 'werkboek data voorbereiden', of pak een momentopname uit met "
            "'werkboek data uitpak PAD-NAAR-ZIP'. Hoort de demodata er wel te zijn, dan is de installatie onvolledig. "
            + OPNIEUW_INSTALLEREN,
        )
    return Uitkomst("Data", True, "; ".join(delen) + f"; bron '{bron}'.")


def controleer_uitvoermap(omgeving: Omgeving) -> Uitkomst:
    map_ = paden.outputs_dir()
    try:
        map_.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=map_, prefix=".schrijftest-"):
            pass
    except OSError as fout:
        return Uitkomst(
            "Uitvoermap",
            False,
            f"In de uitvoermap {map_} kan niet worden geschreven ({fout.strerror or fout}).",
            "Zet het werkboek in een map binnen uw eigen gebruikersmap (niet in Program Files of op een alleen-lezen "
            "schijf), of wijs een andere map aan met de omgevingsvariabele WERKBOEK_OUTPUTS.",
        )
    return Uitkomst("Uitvoermap", True, f"{map_} is beschrijfbaar.")


def controleer_alles(
    omgeving: Omgeving | None = None, bron: str | None = None, momentopname: str | None = None
) -> list[Uitkomst]:
    """Run every check, in the order a participant should fix them."""
    omgeving = omgeving or Omgeving()
    return [
        controleer_python(omgeving),
        controleer_kernel(omgeving),
        controleer_pakketten(omgeving),
        controleer_data(omgeving, bron, momentopname),
        controleer_uitvoermap(omgeving),
    ]


def als_tekst(uitkomsten: list[Uitkomst]) -> str:
    """The report as printed: one line per check, the fix under each problem, a closing verdict."""
    breedte = max(len(u.onderdeel) for u in uitkomsten) + 2
    regels = ["Controle van de installatie van het werkboek", ""]
    for uitkomst in uitkomsten:
        status = "OK" if uitkomst.in_orde else "PROBLEEM"
        regels.append(f"{status:<10}{uitkomst.onderdeel:<{breedte}}{uitkomst.melding}")
        if not uitkomst.in_orde:
            regels.append(f"{'':<10}{'Oplossing:':<{breedte}}{uitkomst.oplossing}")
    problemen = sum(not u.in_orde for u in uitkomsten)
    regels.append("")
    if problemen:
        aanpak = "Los het op" if problemen == 1 else "Los ze op in de volgorde hierboven"
        regels.append(
            f"{problemen} {'probleem' if problemen == 1 else 'problemen'} gevonden. {aanpak} en voer daarna "
            "opnieuw 'werkboek controleer' uit."
        )
    else:
        regels.append("Alles in orde: open notebooks/00_start.ipynb in JupyterLab om te beginnen.")
    return "\n".join(regels)


def registreer(subparsers) -> None:
    parser = subparsers.add_parser(
        "controleer",
        help="controleer of Python, de kernel, de pakketten, de data en de uitvoermap klaar zijn",
        description=(
            "Controleer de installatie van het werkboek. Elke regel zegt OK of PROBLEEM; bij een probleem staat "
            "eronder wat u kunt doen. Eindigt met code 0 als alles in orde is, anders 1."
        ),
    )
    parser.add_argument("--bron", choices=tuple(BRONSOORTEN), help="de databron die u wilt gebruiken (standaard: WERKBOEK_BRON of demo)")
    parser.add_argument("--momentopname", metavar="PAD", help="een momentopname (zip) om te controleren (standaard: WERKBOEK_MOMENTOPNAME)")
    parser.set_defaults(func=voer_controle_uit)
    # The workshop generator hangs under this module because cli.py lists one module per helper.
    from werkboek import workshop  # local: controleer runs when pandas or nbformat is broken

    workshop.registreer(subparsers)


def voer_controle_uit(args: argparse.Namespace) -> int:
    uitkomsten = controleer_alles(bron=args.bron, momentopname=args.momentopname)
    print(als_tekst(uitkomsten))
    return 0 if all(u.in_orde for u in uitkomsten) else 1

