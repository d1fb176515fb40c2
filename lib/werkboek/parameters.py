"""Validation of the parameters every notebook and the batch runner take.

A notebook's ``parameters`` cell holds plain literals; the next cell calls :func:`valideer_parameters`,
which refuses bad input with a Dutch message listing the valid choices before any work starts.
"""

from __future__ import annotations

import csv
import functools
import numbers
from dataclasses import dataclass

from werkboek import paden
from werkboek.bronnen import open_bron
from werkboek.bronsoorten import BRONSOORTEN
from werkboek.fouten import ParameterFout
from werkboek.regios import Regio, zoek_regio

BRONNEN = {naam: soort.omschrijving for naam, soort in BRONSOORTEN.items()}  # declared once, in werkboek.bronsoorten
HORIZON_MIN, HORIZON_MAX = 1, 15
JAAR_MIN, JAAR_MAX = 2015, 2030


@dataclass(frozen=True)
class Sector:
    code: str
    naam: str
    kort: str

    def __str__(self) -> str:
        return f"{self.code} {self.naam}"


@functools.lru_cache(maxsize=1)
def alle_sectoren() -> tuple[Sector, ...]:
    """The SBI 2008 sections (and combined sections) the workbook analyses, from ``data/sectoren.csv``; which study
    directions supply each one is in ``data/sector_richting.csv`` (:mod:`werkboek.sectorrichting`)."""
    with open(paden.data_dir() / "sectoren.csv", encoding="utf-8", newline="") as bestand:
        return tuple(Sector(r["code"], r["naam"], r["kort"]) for r in csv.DictReader(bestand))


def zoek_sector(invoer: str) -> Sector:
    """Find a sector by SBI code (``F``), name (``Bouwnijverheid``) or short name (``bouw``)."""
    if not isinstance(invoer, str) or not invoer.strip():
        raise ParameterFout(f"Geef de focussector als tekst op, bijvoorbeeld 'F' (bouw). {_sectorlijst()}")
    sleutel = invoer.strip().lower()
    for sector in alle_sectoren():
        if sleutel in (sector.code.lower(), sector.naam.lower(), sector.kort.lower()):
            return sector
    raise ParameterFout(f"Onbekende sector: '{invoer}'. {_sectorlijst()}")


def _sectorlijst() -> str:
    return "Geldige sectoren: " + "; ".join(f"{s.code} {s.naam}" for s in alle_sectoren()) + "."


@dataclass(frozen=True)
class Parameters:
    """Validated parameters of one region's analysis."""

    regio: Regio
    jaar: int
    sector: Sector
    horizon: int
    bron: str

    def als_dict(self) -> dict:
        """Plain values, as passed to papermill and written to manifests."""
        return {
            "regio": self.regio.code,
            "jaar": self.jaar,
            "sector": self.sector.code,
            "horizon": self.horizon,
            "bron": self.bron,
        }


def _geheel_getal(naam: str, waarde, minimum: int, maximum: int, uitleg: str) -> int:
    if isinstance(waarde, bool) or not isinstance(waarde, numbers.Integral):
        if isinstance(waarde, str) and waarde.strip().lstrip("-").isdigit():
            waarde = int(waarde.strip())
        else:
            raise ParameterFout(
                f"Parameter '{naam}' moet een geheel getal van {minimum} tot en met {maximum} zijn ({uitleg}); "
                f"u gaf {waarde!r}."
            )
    if not minimum <= int(waarde) <= maximum:
        raise ParameterFout(
            f"Parameter '{naam}' = {waarde} valt buiten het bereik {minimum} tot en met {maximum} ({uitleg})."
        )
    return int(waarde)


def valideer_parameters(regio, jaar=2023, sector="F", horizon=5, bron="demo") -> Parameters:
    """Check every parameter and return them resolved; raise :class:`ParameterFout` on the first bad one."""
    gevonden_regio = zoek_regio(regio)
    jaar = _geheel_getal("jaar", jaar, JAAR_MIN, JAAR_MAX, "het peiljaar van de analyse en de regio-indeling")
    horizon = _geheel_getal("horizon", horizon, HORIZON_MIN, HORIZON_MAX, "de vooruitblik in jaren; de gids noemt 5, ROA ongeveer 6")
    if not isinstance(bron, str) or bron.strip().lower() not in BRONNEN:
        keuzes = "; ".join(f"'{k}': {v}" for k, v in BRONNEN.items())
        raise ParameterFout(f"Onbekende databron {bron!r}. Kies uit {keuzes}.")
    return Parameters(gevonden_regio, jaar, zoek_sector(sector), horizon, bron.strip().lower())


def controleer_jaar_in_data(parameters: Parameters, databron=None) -> Parameters:
    """The data-aware step after :func:`valideer_parameters`: refuse a year the chosen source has no figures for.

    The notebooks' validation cell and ``werkboek run`` call this before any output is written. ``databron``
    is an open :class:`werkboek.bronnen.DataBron`; without it the source named in the parameters is opened.
    """
    (databron or open_bron(parameters.bron, peiljaar=parameters.jaar)).controleer_jaar(parameters.jaar)
    return parameters
