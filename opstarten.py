#!/usr/bin/env python3
"""Set up the workbook's own environment (.venv) when needed, then run the workbook or its tests.

    python3 opstarten.py run     # the whole workbook for all 35 regions, on the built-in demo data
    python3 opstarten.py test    # the full test suite

Only the Python standard library is used here, so this works on a fresh clone on Linux, macOS and
Windows. Installing is skipped when pyproject.toml has not changed since the last install.
Extra arguments are passed on: ``python3 opstarten.py run --regios AM01 AM22``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("WERKBOEK_VENV", ROOT / ".venv"))
STEMPEL = VENV / ".werkboek-installatie"
MINIMUM = (3, 11)


def venv_programma(naam: str) -> Path:
    map_ = VENV / ("Scripts" if os.name == "nt" else "bin")
    return map_ / (f"{naam}.exe" if os.name == "nt" else naam)


def installatie_vingerafdruk() -> str:
    inhoud = (ROOT / "pyproject.toml").read_bytes() + sys.version.encode()
    return hashlib.sha256(inhoud).hexdigest()


def zorg_voor_omgeving() -> None:
    python = venv_programma("python")
    if not python.exists():
        print(f"Omgeving aanmaken in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
    vingerafdruk = installatie_vingerafdruk()
    if STEMPEL.exists() and STEMPEL.read_text().strip() == vingerafdruk:
        return
    print("Pakketten installeren (eenmalig, dit duurt een paar minuten) ...", flush=True)
    opdracht = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", f"{ROOT}[test]"]
    if subprocess.call(opdracht, cwd=ROOT) != 0:
        sys.exit(
            "opstarten: de installatie van de pakketten is mislukt. Controleer de internetverbinding met PyPI "
            "(of de proxy-instellingen HTTPS_PROXY/PIP_INDEX_URL) en probeer het opnieuw."
        )
    STEMPEL.write_text(vingerafdruk)


def main(argv: list[str]) -> int:
    if sys.version_info < MINIMUM:
        sys.exit(f"opstarten: Python {MINIMUM[0]}.{MINIMUM[1]} of nieuwer is nodig; dit is {sys.version.split()[0]}.")
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__)
        return 2
    zorg_voor_omgeving()
    commando, rest = argv[0], argv[1:]
    if commando == "run":
        opdracht = [str(venv_programma("werkboek")), "run", *rest]
    else:
        opdracht = [str(venv_programma("python")), "-m", "pytest", *rest]
    return subprocess.call(opdracht, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
