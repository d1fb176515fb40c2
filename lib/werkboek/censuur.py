"""Masked small counts: a count that the publisher hid is a range, never a number.

DUO hides counts of 1 to 4 in its open data: the recent files write them as ``-1``; older files showed a 4 with a
flag, or '<5'. The workbook keeps such a cell as the range [1, 4] with ``gemaskeerd`` True, and adds ranges up as
ranges: the lower bound is the sum of the lower bounds, the upper bound the sum of the upper bounds, and a sum is
exact only when none of its cells was masked. One mechanism for the DUO open data (:mod:`werkboek.duo_lezen`) and
for the import of a user's own DUO file (:mod:`werkboek.importeren.duo`).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

GEMASKEERD_MIN, GEMASKEERD_MAX = 1, 4
DUO_MASKER = "-1"  # how DUO's open data files write a count of 1 to 4


def duo_aantallen(tekst: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    """Read DUO count cells (text): '-1' is the range [1, 4] (masked), '0', '17' are exact counts.

    Returns a frame with ``aantal_min``, ``aantal_max`` (Int64) and ``gemaskeerd`` (bool) on the same index, and a
    boolean Series that is True for the cells that are neither (empty, text, a negative number other than -1, a
    fraction): the caller names them in its error. Those cells get <NA> bounds, never a number.
    """
    codes, waarden = pd.factorize(tekst, use_na_sentinel=False)  # few distinct values: parse each once
    ontleed = [_duo_cel(w) for w in waarden]
    gemaskeerd = pd.Series(np.array([m for m, _ in ontleed], dtype=bool)[codes], index=tekst.index)
    getal = pd.Series(pd.array([g for _, g in ontleed], dtype="Int64").take(codes), index=tekst.index)
    ongeldig = getal.isna() & ~gemaskeerd
    frame = pd.DataFrame({
        "aantal_min": getal.mask(gemaskeerd, GEMASKEERD_MIN),
        "aantal_max": getal.mask(gemaskeerd, GEMASKEERD_MAX),
        "gemaskeerd": gemaskeerd,
    }, index=tekst.index)
    return frame, ongeldig


def _duo_cel(waarde: object) -> tuple[bool, int | None]:
    """(masked, exact count) of one DUO cell; (False, None) for a cell that is neither."""
    tekst = str(waarde).strip()
    if tekst == DUO_MASKER:
        return True, None
    return False, int(tekst) if tekst.isascii() and tekst.isdigit() else None


def som_bereik(frame: pd.DataFrame, naar: Sequence[str] = (), *, minimum: str = "aantal_min",
               maximum: str = "aantal_max", gemaskeerd: str = "gemaskeerd") -> pd.DataFrame:
    """Add up counts that may be masked, per group of the ``naar`` columns (none: one row for everything).

    Columns of the result: the ``naar`` columns, ``aantal_min`` (the sum of the lower bounds), ``aantal_max`` (the
    sum of the upper bounds), ``gemaskeerde_cellen``, ``cellen``, ``exact`` (no masked cell in the sum) and
    ``aantal`` (the sum when exact, else missing: a masked cell is never counted as 0, 1 or 4).
    """
    naar = list(naar)
    werk = frame.assign(_min=frame[minimum], _max=frame[maximum], _gemaskeerd=frame[gemaskeerd].astype(bool))
    if naar:
        groepen = werk.groupby(naar, dropna=False, sort=True)
    else:
        groepen = werk.assign(_alles=0).groupby("_alles", sort=False)
    uit = groepen.agg(aantal_min=("_min", "sum"), aantal_max=("_max", "sum"),
                      gemaskeerde_cellen=("_gemaskeerd", "sum"), cellen=("_min", "size")).reset_index()
    if not naar:
        uit = uit.drop(columns="_alles")
    if uit.empty and not naar:
        uit = pd.DataFrame({"aantal_min": [0], "aantal_max": [0], "gemaskeerde_cellen": [0], "cellen": [0]})
    uit["gemaskeerde_cellen"] = uit["gemaskeerde_cellen"].astype(int)
    uit["exact"] = uit["gemaskeerde_cellen"] == 0
    uit["aantal"] = uit["aantal_min"].where(uit["exact"])
    return uit
