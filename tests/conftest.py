"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The real public files beside the project; tests that need them are skipped when they are absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"echte publieke bestanden niet gevonden in {SHARED_DATA} (map ../shared/data ontbreekt)")
    return SHARED_DATA
