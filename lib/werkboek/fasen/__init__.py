"""One home and one shape per phase of the VNG method.

Every phase module has the same two functions:

- ``bereken(ctx, ...)`` computes everything the phase shows, from a :class:`~werkboek.fasen.context.Context`
  (and, for a later phase, the earlier phase's result), and returns a typed result: frames, sentences, figure
  specifications, pain points and key figures. It writes nothing.
- ``schrijf(resultaat, uitvoer)`` writes that result (CSV, PNG, Excel, ``samenvatting.json``) through the one
  :class:`werkboek.export.Uitvoer` that knows the output paths, and returns what it wrote.

A notebook is prose plus display calls on the result. :data:`FASEN` tells the batch which notebooks exist and
which parameters they take.
"""

from __future__ import annotations

from dataclasses import dataclass

from werkboek.fouten import ParameterFout

BASISPARAMETERS = ("regio", "jaar", "sector", "horizon", "bron", "uitvoermap")


@dataclass(frozen=True)
class Fase:
    """A phase of the method: its notebook, the module that holds it, and the parameters the batch passes."""

    stam: str  # notebook stem, e.g. '03_duiding'
    titel: str
    module: str  # werkboek.fasen.<module>
    parameters: tuple[str, ...] = BASISPARAMETERS
    per_regio: bool = True  # False: once over all regions (the comparison)

    @property
    def notebook(self) -> str:
        return f"{self.stam}.ipynb"


FASEN: tuple[Fase, ...] = (
    Fase("01_vraagarticulatie", "Vraagarticulatie", "vraagarticulatie"),
    Fase("02_bronnen", "Bronnen", "bronnen"),
    Fase("03_duiding", "Duiding", "duiding"),
    Fase("04_beleidscyclus", "Beleidscyclus", "beleidscyclus"),
    Fase("05_a35_vergelijking", "Vergelijking van alle regio's", "vergelijking",
         ("jaar", "sector", "horizon", "bron", "uitvoermap", "regios_map", "geojson", "indicator"), per_regio=False),
)


def fase(stam: str) -> Fase:
    """The phase of a notebook stem; a Dutch error names the known ones."""
    for f in FASEN:
        if f.stam == stam:
            return f
    raise ParameterFout(f"Onbekende fase '{stam}'. Bekend: {', '.join(f.stam for f in FASEN)}.")


def regiofasen() -> tuple[Fase, ...]:
    """The phases that run once per region, in order."""
    return tuple(f for f in FASEN if f.per_regio)
