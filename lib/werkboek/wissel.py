"""The one atomic swap of a folder, for the cache and for the batch's reports.

A new folder is made complete next to its place first; then two renames put it there: the old folder goes to a
backup path, the new one takes its place, and only then is the backup removed. An interruption between the two
renames leaves the backup, which the caller's recovery puts back (:func:`werkboek.cache.herstel`,
:func:`werkboek.batch_uitvoer.herstel_onderbroken_wissels`). The target is never missing without a backup.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def wissel_in(nieuw: Path, doel: Path, backup: Path) -> None:
    """Replace ``doel`` by ``nieuw`` with renames only; a failed rename puts the previous folder straight back
    (disk full, no rights) and raises."""
    doel, backup = Path(doel), Path(backup)
    doel.parent.mkdir(parents=True, exist_ok=True)
    if doel.exists():
        backup.parent.mkdir(parents=True, exist_ok=True)
        os.replace(doel, backup)
    try:
        os.replace(nieuw, doel)
    except OSError:
        if backup.exists() and not doel.exists():
            os.replace(backup, doel)
        raise
    if backup.exists():
        shutil.rmtree(backup, ignore_errors=True)
