"""Supply as school-leavers: graduates who enter the labour market and stay in the region, as a range.

Graduates are not all supply. Part of them study on (entree to mbo 2, mbo 4 to hbo, a wo bachelor to a master,
who would otherwise be counted twice), and part of those who start work do so outside the region. The workbook
therefore turns the expected yearly graduates per detail level into expected **school-leavers who stay** with two
ranges from ``data/schoolverlaters.csv``: the share that studies on (``doorstroom``) and the share of the others
that works in the region (``behoud``). The file says per row where its numbers come from; a region that knows
better (its own ROA school-leaver survey, DUO flows) edits the file. The result is an estimate, labelled so.

BBL students already work while they learn; CBS's graduates per place of residence are not split by learning
path in the workbook's tables, so they are counted with the rest and the toelichting says so.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from werkboek import tekst
from werkboek.fouten import WerkboekFout
from werkboek.paden import data_dir

BESTAND = "schoolverlaters.csv"
KOLOMMEN = ("niveau", "doorstroom_onder", "doorstroom_boven", "behoud_onder", "behoud_boven", "grond")

TOELICHTING = (
    "Aanbod = verwachte schoolverlaters die in de regio gaan werken: gediplomeerden per jaar (gemiddelde van de "
    "laatste drie schooljaren) min wie doorstudeert, maal het deel dat in de regio blijft; beide als bereik uit "
    "data/schoolverlaters.csv. Een schatting: bbl'ers (die al werken) tellen mee, en schoolverlaters zijn personen "
    "terwijl de behoefte in banen is geteld."
)


class SchoolverlatersFout(WerkboekFout):
    """data/schoolverlaters.csv is missing a level, a column, or holds a share outside 0..1."""


@dataclass(frozen=True)
class Aanname:
    """Shares for one detail level (entree, mbo_2, ..., wo): each a (low, high) range between 0 and 1."""

    niveau: str
    doorstroom: tuple[float, float]
    behoud: tuple[float, float]
    grond: str


@lru_cache(maxsize=4)
def laad_aannames(pad: str | None = None) -> dict[str, Aanname]:
    """The assumptions per detail level from ``data/schoolverlaters.csv`` (or ``pad``); a clear Dutch error
    names the row and column when a value is missing or not a share."""
    bestand = Path(pad) if pad else data_dir() / BESTAND
    try:
        with bestand.open(encoding="utf-8", newline="") as f:
            rijen = list(csv.DictReader(f))
    except OSError as fout:
        raise SchoolverlatersFout(f"{bestand} is niet te lezen ({fout}); zet het bestand terug uit de repository.") from fout
    aannames = {}
    for nummer, rij in enumerate(rijen, start=2):
        ontbrekend = [k for k in KOLOMMEN if not (rij.get(k) or "").strip()]
        if ontbrekend:
            raise SchoolverlatersFout(f"{bestand}, regel {nummer}: kolom {tekst.lijst(ontbrekend)} is leeg.")
        waarden = {}
        for kolom in KOLOMMEN[1:5]:
            try:
                waarden[kolom] = float(rij[kolom].replace(",", "."))
            except ValueError:
                raise SchoolverlatersFout(f"{bestand}, regel {nummer}: {kolom} = '{rij[kolom]}' is geen getal.") from None
            if not 0 <= waarden[kolom] <= 1:
                raise SchoolverlatersFout(f"{bestand}, regel {nummer}: {kolom} = {rij[kolom]} ligt niet tussen 0 en 1.")
        for naam in ("doorstroom", "behoud"):
            if waarden[f"{naam}_onder"] > waarden[f"{naam}_boven"]:
                raise SchoolverlatersFout(f"{bestand}, regel {nummer}: {naam}_onder is groter dan {naam}_boven.")
        aannames[rij["niveau"].strip()] = Aanname(
            rij["niveau"].strip(), (waarden["doorstroom_onder"], waarden["doorstroom_boven"]),
            (waarden["behoud_onder"], waarden["behoud_boven"]), rij["grond"].strip())
    ontbreekt = [n for n in tekst.AANBODNIVEAUS if n not in aannames]
    if ontbreekt:
        raise SchoolverlatersFout(f"{bestand} mist een regel voor {tekst.lijst(ontbreekt)}; elk detailniveau "
                                  f"({tekst.lijst(list(tekst.AANBODNIVEAUS))}) heeft er een nodig.")
    return aannames


@dataclass(frozen=True)
class Schoolverlaters:
    """Expected school-leavers per year who stay in the region, for one level (sum over its detail levels)."""

    onder: float
    midden: float
    boven: float
    gediplomeerden: float
    detail: tuple[str, ...]


def schoolverlaters(gediplomeerden: dict[str, tuple[float, float, float]],
                    aannames: dict[str, Aanname] | None = None) -> Schoolverlaters:
    """School-leavers per year from graduates per detail level: ``{detail: (mean, low, high)}`` where low/high is
    the margin of the counts (rounding, masking). Low end: fewest graduates, most who study on, fewest who stay;
    high end the other way round; the middle uses the middles."""
    aannames = aannames or laad_aannames()
    onder = midden = boven = totaal = 0.0
    for detail, (waarde, laag, hoog) in gediplomeerden.items():
        a = aannames[detail]
        onder += laag * (1 - a.doorstroom[1]) * a.behoud[0]
        boven += hoog * (1 - a.doorstroom[0]) * a.behoud[1]
        midden += waarde * (1 - sum(a.doorstroom) / 2) * sum(a.behoud) / 2
        totaal += waarde
    return Schoolverlaters(onder, midden, boven, totaal, tuple(gediplomeerden))
