"""Importers for optional sources that users may hold next to CBS: DUO open data on mbo students and ROA
projections exported from AIS or ArbeidsmarktInZicht. Each reads a documented column layout (docs/importeren.md),
tolerates the usual variants, and fails with a Dutch error that names the missing column and the layout.
"""

from werkboek.importeren._lezen import ImportFout, ImportWaarschuwing, LayoutFout
from werkboek.importeren.duo import DUO_LAYOUT, duo_per_regio, lees_duo_mbo
from werkboek.importeren.roa import ROA_LAYOUT, lees_roa_prognoses

__all__ = [
    "DUO_LAYOUT", "ROA_LAYOUT", "ImportFout", "ImportWaarschuwing", "LayoutFout",
    "duo_per_regio", "lees_duo_mbo", "lees_roa_prognoses",
]
