"""The shape every phase returns and the one writer of it.

A phase's ``bereken`` returns a :class:`Resultaat`: tables (frames with their provenance), figure
specifications (which chart function, with which arguments), Dutch texts, key figures and pain points. The
shared :func:`schrijf` writes it through the run's :class:`werkboek.export.Uitvoer` (CSV per table, PNG per
figure, the Excel workbook and ``samenvatting.json``) and returns a :class:`Geschreven` that the notebook's
display calls read. Nothing here computes a number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from werkboek import export, grafieken


@dataclass
class Tabel:
    """A table of a phase: the frame, its provenance (Herkomst objects) and how many decimals to show."""

    frame: pd.DataFrame
    herkomst: list = field(default_factory=list)
    decimalen: int = 1
    bronregel: str = ""  # a fixed source line for tables that are not from a data theme (catalogues)
    # the CSV form (see export.Uitvoer.tabel): Dutch headers, the source line under the table, number format
    koppen: bool = True
    bronregel_onder: bool = False
    float_format: str | None = None
    periode: str | None = None  # the period in the source line, when it is not the theme's own


@dataclass
class Figuur:
    """A figure specification: ``functie`` is a chart function of :mod:`werkboek.grafieken`, called with
    ``argumenten`` plus ``map_`` and ``naam`` when the result is written."""

    functie: Callable
    argumenten: dict


@dataclass
class Resultaat:
    """What a phase computed, before anything is written."""

    tabellen: dict[str, Tabel] = field(default_factory=dict)
    figuren: dict[str, Figuur] = field(default_factory=dict)
    teksten: dict[str, str] = field(default_factory=dict)
    kerncijfers: list[dict] = field(default_factory=list)
    knelpunten: list = field(default_factory=list)
    bestanden: dict[str, str] = field(default_factory=dict)  # extra markdown texts to write: name -> content


@dataclass
class Geschreven:
    """What :func:`schrijf` wrote: the figures by name, a Dutch line for each figure that could not be drawn,
    the source line per table, and the summary file."""

    figuren: dict[str, grafieken.Figuurbestand]
    zonder_figuur: dict[str, str]
    bronregels: dict[str, str]
    samenvatting: Path
    map: Path


def schrijf(resultaat: Resultaat, uitvoer: export.Uitvoer) -> Geschreven:
    """Write every table, figure, text, key figure and pain point of ``resultaat``; close the output."""
    bronregels = {}
    for naam, tabel in resultaat.tabellen.items():
        uitvoer.tabel(naam, tabel.frame, tabel.herkomst or None, tabel.periode, koppen=tabel.koppen,
                      bronregel_onder=tabel.bronregel_onder, float_format=tabel.float_format)
        bronregels[naam] = tabel.bronregel or uitvoer.bronregels.get(naam, "")
    figuren, zonder = {}, {}
    for naam, figuur in resultaat.figuren.items():
        try:
            figuren[naam] = uitvoer.figuur(figuur.functie(**figuur.argumenten, map_=uitvoer.figurenmap, naam=naam))
        except grafieken.GeenDataFout as fout:
            zonder[naam] = str(fout)
    for naam, inhoud in resultaat.bestanden.items():
        uitvoer.tekst(naam, inhoud)
    for cijfer in resultaat.kerncijfers:
        uitvoer.kerncijfer(**cijfer)
    uitvoer.voeg_knelpunten_toe(resultaat.knelpunten)
    return Geschreven(figuren, zonder, bronregels, uitvoer.sluit(), uitvoer.map)


# ---------------------------------------------------------------------------------------------------------------
# Display calls for the notebooks


def toon_tabel(resultaat: Resultaat, geschreven: Geschreven, naam: str):
    """A table of the result in Dutch notation with its source line as caption (or a Dutch line when the phase
    could not make it)."""
    from IPython.display import Markdown  # local: only for display in a notebook

    if naam not in resultaat.tabellen:
        return Markdown(f"*Tabel {naam} is niet gemaakt: de cijfers ervoor ontbreken.*")
    tabel = resultaat.tabellen[naam]
    return export.weergave(tabel.frame, tabel.decimalen, geschreven.bronregels.get(naam, ""))


def toon_kerncijfers(resultaat: Resultaat):
    """The key figures of the phase, as they go into samenvatting.json."""
    return export.weergave(pd.DataFrame(resultaat.kerncijfers), 2)


def toon_figuur(geschreven: Geschreven, naam: str):
    """A written figure, or a Dutch line saying why it could not be drawn."""
    from IPython.display import Markdown  # local: only for display in a notebook

    if naam in geschreven.figuren:
        return geschreven.figuren[naam]
    return Markdown(f"*{geschreven.zonder_figuur.get(naam, f'Figuur {naam} is niet gemaakt.')}*")


def toon_figuren(geschreven: Geschreven, resultaat: Resultaat) -> list:
    """Every figure of the result, in order (drawn ones, or the Dutch line why not)."""
    return [toon_figuur(geschreven, naam) for naam in resultaat.figuren]


def toon_tekst(resultaat: Resultaat, naam: str):
    from IPython.display import Markdown  # local: only for display in a notebook

    return Markdown(resultaat.teksten.get(naam, ""))
