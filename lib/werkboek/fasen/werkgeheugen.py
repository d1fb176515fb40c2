"""What a warm batch kernel keeps from one notebook to the next: the opened data source and the region's phases.

``werkboek run`` runs a region's notebooks one after another in one warm kernel (:mod:`werkboek.kernelmotor`). The
phases' rule is that a later phase takes the earlier phase's result (02 takes 01's, 04 takes 03's); in a fresh
kernel the notebook has to compute that result itself, in the warm kernel it is still there. So the kernel keeps:

- the opened data sources, per name, peiljaar, snapshot and cache folder, for the kernel's life: the batch
  prepares the data before any notebook runs and nothing writes to the cache during a run, so a source opened by
  one notebook reads the same tables as one opened by the next (its parsed tables and per-region frames are kept
  in it);
- the results of the phases of the region that ran last, keyed by the phase and everything the result depends on
  (the validated parameters and the phase's own arguments). A new region empties them.

Only the batch switches this on (:func:`aan`, when the kernel starts). A notebook opened by a user runs in a fresh
kernel where it is off: every source is opened and every phase computed in the notebook itself.
``tests/test_batch_warm.py`` runs the same regions both ways and finds the same outputs.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")

_staat: dict = {"aan": False, "bronnen": {}, "regio": None, "resultaten": {}}


def aan() -> None:
    """Keep sources and results from now on (the warm kernel of a batch)."""
    _staat["aan"] = True


def uit() -> None:
    """Keep nothing any more, and forget what was kept."""
    _staat.update(aan=False, bronnen={}, regio=None, resultaten={})


def is_aan() -> bool:
    return bool(_staat["aan"])


def bron(sleutel: Hashable, open_: Callable[[], T]) -> T:
    """The data source for ``sleutel``: the kept one, or ``open_()`` (kept when on)."""
    if not _staat["aan"]:
        return open_()
    if sleutel not in _staat["bronnen"]:
        _staat["bronnen"][sleutel] = open_()
    return _staat["bronnen"][sleutel]


def resultaat(regio: str, sleutel: Hashable, bereken: Callable[[], T],
              bruikbaar: Callable[[T], bool] = lambda _: True) -> T:
    """A phase's result for ``regio``: the kept one when ``bruikbaar`` says it serves, else ``bereken()`` (kept when
    on). ``sleutel`` names the phase and everything its result depends on."""
    if not _staat["aan"]:
        return bereken()
    if _staat["regio"] != regio:
        _staat.update(regio=regio, resultaten={})
    gevonden = _staat["resultaten"].get(sleutel)
    if gevonden is None or not bruikbaar(gevonden):
        gevonden = bereken()
        _staat["resultaten"][sleutel] = gevonden
    return gevonden
