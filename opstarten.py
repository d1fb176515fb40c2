#!/usr/bin/env python3
"""Set up the workbook's own environment (.venv) when needed, then run the workbook or its tests.

    python3 opstarten.py run          # the whole workbook for all 35 regions, on the built-in demo data
    python3 opstarten.py test         # the full test suite
    python3 opstarten.py controleer   # check the installation (werkboek controleer)
    python3 opstarten.py lab          # JupyterLab from the environment, opening notebooks/00_start.ipynb

Only the Python standard library is used here, so this works on a fresh clone on Linux, macOS and
Windows. Installing is skipped when pyproject.toml has not changed since the last install.
Extra arguments are passed on: ``python3 opstarten.py run --regios AM01 AM22``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("WERKBOEK_VENV", ROOT / ".venv"))
STEMPEL = VENV / ".werkboek-installatie"
MINIMUM = (3, 11)
# Each command runs a program from the environment, so participants never need to activate it.
OPDRACHTEN = {
    "run": ("werkboek", "run"),
    "test": ("python", "-m", "pytest"),
    "controleer": ("werkboek", "controleer"),
    # Without root_dir, Jupyter would serve only notebooks/ (the folder of the file), hiding docs/ and outputs/.
    "lab": ("jupyter", "lab", "--ServerApp.root_dir=.", "notebooks/00_start.ipynb"),
}
GEBRUIK = """Gebruik (op Windows: py in plaats van python3):
    python3 opstarten.py run          het werkboek voor alle 35 regio's
    python3 opstarten.py test         de testsuite
    python3 opstarten.py controleer   controleer of de installatie klaar is
    python3 opstarten.py lab          open JupyterLab met het startnotebook

De eerste keer maakt dit een eigen omgeving in de map .venv en installeert het de pakketten.
Extra argumenten gaan door, bijvoorbeeld: python3 opstarten.py run --regios AM01 AM22"""


def venv_programma(naam: str) -> Path:
    map_ = VENV / ("Scripts" if os.name == "nt" else "bin")
    return map_ / (f"{naam}.exe" if os.name == "nt" else naam)


def installatie_vingerafdruk() -> str:
    inhoud = (ROOT / "pyproject.toml").read_bytes() + sys.version.encode()
    return hashlib.sha256(inhoud).hexdigest()


def maak_omgeving() -> None:
    print(f"Omgeving aanmaken in {VENV} ...", flush=True)
    try:
        # Symlinks where 'python -m venv' uses them too (not on Windows); copies of a framework Python on macOS
        # are fragile.
        venv.EnvBuilder(with_pip=True, clear=VENV.exists(), symlinks=os.name != "nt").create(VENV)
    except (subprocess.CalledProcessError, OSError) as fout:
        # A half-made environment without pip would make every later run fail with a misleading message.
        shutil.rmtree(VENV, ignore_errors=True)
        sys.exit(
            f"opstarten: de omgeving {VENV} kon niet worden gemaakt ({fout}).\n"
            "Op Debian of Ubuntu ontbreekt dan meestal het pakket python3-venv: vraag de beheerder om "
            "'sudo apt install python3-venv', of gebruik conda (zie docs/installatie.md). Op Windows en macOS: "
            "installeer Python van python.org en probeer het opnieuw."
        )


def zorg_voor_omgeving() -> None:
    python = venv_programma("python")
    if not python.exists():
        maak_omgeving()
    vingerafdruk = installatie_vingerafdruk()
    if STEMPEL.exists() and STEMPEL.read_text().strip() == vingerafdruk:
        return
    print("Pakketten installeren (eenmalig, dit duurt een paar minuten) ...", flush=True)
    opdracht = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", f"{ROOT}[test]"]
    if subprocess.call(opdracht, cwd=ROOT) != 0:
        sys.exit(
            "opstarten: de installatie van de pakketten is mislukt. Controleer de internetverbinding met PyPI; "
            "achter een proxy zet u HTTPS_PROXY, bij een eigen certificaat van de organisatie PIP_CERT, en met een "
            "interne spiegel PIP_INDEX_URL (zie docs/installatie.md). Blijft het misgaan, verwijder dan de map "
            f"{VENV} en probeer het opnieuw."
        )
    STEMPEL.write_text(vingerafdruk)


def main(argv: list[str]) -> int:
    if sys.version_info < MINIMUM:
        sys.exit(
            f"opstarten: Python {MINIMUM[0]}.{MINIMUM[1]} of nieuwer is nodig; dit is {sys.version.split()[0]} "
            f"({sys.executable}). Installeer een nieuwere Python (python.org, 'Install for me only' kan zonder "
            "beheerdersrechten) of gebruik conda; zie docs/installatie.md."
        )
    if not argv or argv[0] not in OPDRACHTEN:
        print(GEBRUIK)
        return 2
    zorg_voor_omgeving()
    programma, *vast = OPDRACHTEN[argv[0]]
    return subprocess.call([str(venv_programma(programma)), *vast, *argv[1:]], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
