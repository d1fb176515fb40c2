"""Remember what was computed from a data frame for as long as that frame lives.

The per-region frames of a data source are read-only (contract C3: every caller of ``bron.per_regio`` gets the same
object), so a result computed from one frame and a few plain arguments, such as the national level shares of a
sector or a region's share of 55-plussers, is the same every time it is asked for. The duiding asks for them once
per sector of the sector screening: :func:`per_frame` keeps the results beside the frame and drops them when the
frame is garbage collected. A frame result is handed out as a copy, so a caller that changes it changes only its own.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import TypeVar

import pandas as pd

T = TypeVar("T")


def per_frame(functie: Callable[..., T]) -> Callable[..., T]:
    """Decorator: memoise ``functie(frame, *args, **kwargs)`` per frame object and per (hashable) arguments."""
    bewaard: dict[int, tuple[weakref.ref, dict]] = {}

    def vergeet(ref: weakref.ref, sleutel: int) -> None:
        if bewaard.get(sleutel, (None,))[0] is ref:
            del bewaard[sleutel]

    @functools.wraps(functie)
    def omhulsel(frame, *args, **kwargs):
        if frame is None:
            return functie(frame, *args, **kwargs)
        sleutel = id(frame)
        gevonden = bewaard.get(sleutel)
        if gevonden is None or gevonden[0]() is not frame:
            gevonden = (weakref.ref(frame, functools.partial(vergeet, sleutel=sleutel)), {})
            bewaard[sleutel] = gevonden
        argumenten = (args, tuple(sorted(kwargs.items())))
        if argumenten not in gevonden[1]:
            gevonden[1][argumenten] = functie(frame, *args, **kwargs)
        uitkomst = gevonden[1][argumenten]
        return uitkomst.copy() if isinstance(uitkomst, (pd.DataFrame, pd.Series)) else uitkomst

    omhulsel.bewaard = bewaard  # for tests: what is remembered now
    return omhulsel
