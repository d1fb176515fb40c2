"""Paths of the project, derived from the package location and never from the working directory.

The package is installed in editable mode from the repository, so the project root is two levels above
``lib/werkboek``. ``WERKBOEK_ROOT`` overrides it (tests use this to work in a temporary copy), and
``WERKBOEK_OUTPUTS`` / ``WERKBOEK_CACHE`` move the output folder and the data cache.
"""

from __future__ import annotations

import os
from pathlib import Path

from werkboek.fouten import ParameterFout, ProjectFout


def project_root() -> Path:
    """The repository root: the folder holding ``data/``, ``notebooks/`` and ``outputs/``."""
    override = os.environ.get("WERKBOEK_ROOT")
    root = Path(override).resolve() if override else Path(__file__).resolve().parents[2]
    if not (root / "data").is_dir():
        raise ProjectFout(
            f"De projectmap {root} heeft geen map 'data/'. Installeer het werkboek vanuit de repository "
            "('make install' of 'pip install -e .') of zet WERKBOEK_ROOT op de map van de repository."
        )
    return root


def data_dir() -> Path:
    """Committed, user-editable configuration: registry, table register, catalogues."""
    return project_root() / "data"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def outputs_dir() -> Path:
    override = os.environ.get("WERKBOEK_OUTPUTS")
    return Path(override).resolve() if override else project_root() / "outputs"


def cache_dir() -> Path:
    override = os.environ.get("WERKBOEK_CACHE")
    return Path(override).resolve() if override else data_dir() / "cache"


def regiomap(regio, uitvoer: Path | None = None) -> Path:
    """The one place that says where a region's reports live: ``<uitvoer>/regios/<AMxx-slug>`` (default
    ``outputs/``); ``regio`` is a :class:`werkboek.regios.Regio` (anything with ``map_naam``)."""
    return binnen(Path(uitvoer) if uitvoer is not None else outputs_dir(), REGIOS, regio.map_naam)


REGIOS = "regios"  # the folder of the region reports under outputs/


def binnen(basis: Path, *delen: str) -> Path:
    """Join ``delen`` under ``basis`` and refuse any result that escapes it (``../``, absolute parts)."""
    basis = Path(basis).resolve()
    doel = basis.joinpath(*delen).resolve()
    if doel != basis and basis not in doel.parents:
        raise ParameterFout(
            f"Het pad '{'/'.join(delen)}' valt buiten de map {basis}. Gebruik alleen namen zonder '..' of '/'."
        )
    return doel
