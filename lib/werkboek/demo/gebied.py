"""Synthetic geography of the demo data: demo gemeenten with a history, and the real regions above them.

The 35 arbeidsmarktregio's (codes, names, size) come from ``data/regios.csv``; provinces, landsdelen and COROP
areas carry their real codes and names. The gemeenten are SYNTHETIC: codes GM9001 and up (a range CBS does not
use), names such as "Demogemeente Groningen 3". Each region ends (2026) with ``gemeenten_indicatief`` gemeenten,
342 in all, and the demo history has what real classifications have:

- mergers on 1 January 2016, 2019, 2022 and 2024 (:data:`FUSIES`): the merged-away codes exist until the year
  before, are null in later data and absent from later classifications; the 2019 merger creates a NEW code;
- one gemeente that moves to another arbeidsmarktregio without merging (:data:`VERHUIZING`);
- region codes that CBS replaced: in 2014-2015 the gemeenten of today's AM36 Regio Zwolle carry AM04
  (IJsselvechtstreek) and those of AM37 carry AM16 (Zuid-Kennemerland); in 2014-2018 those of AM38 carry AM31
  (Food Valley); AM38 is spelled "Food Valley" until 2021 and "FoodValley" from 2022.

The model works on *stukken* (pieces of territory): every gemeente that existed from the start. A new gemeente
(created by a merger) has no territory of its own; on 1 January of a year every piece belongs to exactly one
existing gemeente (:func:`eigenaar`), so region totals run on continuously across mergers.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from werkboek.regios import Regio, alle_regios

EERSTE_DEMOCODE = 9001
NAAM_PREFIX = "Demogemeente"
EERSTE_JAAR = 2000  # the demo history starts here: every piece exists from this year on

# Provinces (code -> name until 2020, name from 2021: CBS titles "Friesland (PV)" up to the 2019 editions and
# "Fryslân (PV)" from 2021, CBS_TABELLEN.md §5).
PROVINCIES: dict[str, tuple[str, str]] = {
    "PV20": ("Groningen", "Groningen"), "PV21": ("Friesland", "Fryslân"), "PV22": ("Drenthe", "Drenthe"),
    "PV23": ("Overijssel", "Overijssel"), "PV24": ("Flevoland", "Flevoland"), "PV25": ("Gelderland", "Gelderland"),
    "PV26": ("Utrecht", "Utrecht"), "PV27": ("Noord-Holland", "Noord-Holland"),
    "PV28": ("Zuid-Holland", "Zuid-Holland"), "PV29": ("Zeeland", "Zeeland"),
    "PV30": ("Noord-Brabant", "Noord-Brabant"), "PV31": ("Limburg", "Limburg"),
}
FRYSLAN_VANAF = 2021
LANDSDELEN: dict[str, tuple[str, tuple[str, ...]]] = {
    "LD01": ("Noord-Nederland", ("PV20", "PV21", "PV22")),
    "LD02": ("Oost-Nederland", ("PV23", "PV24", "PV25")),
    "LD03": ("West-Nederland", ("PV26", "PV27", "PV28", "PV29")),
    "LD04": ("Zuid-Nederland", ("PV30", "PV31")),
}
# The 40 COROP areas: code, name, province, number of real gemeenten in 2026 (used only to size the demo areas).
COROPS: tuple[tuple[str, str, str, int], ...] = (
    ("CR01", "Oost-Groningen", "PV20", 5), ("CR02", "Delfzijl en omgeving", "PV20", 1),
    ("CR03", "Overig Groningen", "PV20", 4), ("CR04", "Noord-Friesland", "PV21", 11),
    ("CR05", "Zuidwest-Friesland", "PV21", 2), ("CR06", "Zuidoost-Friesland", "PV21", 5),
    ("CR07", "Noord-Drenthe", "PV22", 5), ("CR08", "Zuidoost-Drenthe", "PV22", 3),
    ("CR09", "Zuidwest-Drenthe", "PV22", 4), ("CR10", "Noord-Overijssel", "PV23", 8),
    ("CR11", "Zuidwest-Overijssel", "PV23", 3), ("CR12", "Twente", "PV23", 14),
    ("CR13", "Veluwe", "PV25", 16), ("CR14", "Achterhoek", "PV25", 11), ("CR15", "Arnhem/Nijmegen", "PV25", 16),
    ("CR16", "Zuidwest-Gelderland", "PV25", 8), ("CR17", "Utrecht", "PV26", 26),
    ("CR18", "Kop van Noord-Holland", "PV27", 11), ("CR19", "Alkmaar en omgeving", "PV27", 4),
    ("CR20", "IJmond", "PV27", 5), ("CR21", "Agglomeratie Haarlem", "PV27", 4), ("CR22", "Zaanstreek", "PV27", 2),
    ("CR23", "Groot-Amsterdam", "PV27", 12), ("CR24", "Het Gooi en Vechtstreek", "PV27", 6),
    ("CR25", "Agglomeratie Leiden en Bollenstreek", "PV28", 11), ("CR26", "Agglomeratie 's-Gravenhage", "PV28", 6),
    ("CR27", "Delft en Westland", "PV28", 3), ("CR28", "Oost-Zuid-Holland", "PV28", 6),
    ("CR29", "Groot-Rijnmond", "PV28", 15), ("CR30", "Zuidoost-Zuid-Holland", "PV28", 9),
    ("CR31", "Zeeuwsch-Vlaanderen", "PV29", 3), ("CR32", "Overig Zeeland", "PV29", 10),
    ("CR33", "West-Noord-Brabant", "PV30", 13), ("CR34", "Midden-Noord-Brabant", "PV30", 11),
    ("CR35", "Noordoost-Noord-Brabant", "PV30", 11), ("CR36", "Zuidoost-Noord-Brabant", "PV30", 21),
    ("CR37", "Noord-Limburg", "PV31", 8), ("CR38", "Midden-Limburg", "PV31", 7), ("CR39", "Zuid-Limburg", "PV31", 16),
    ("CR40", "Flevoland", "PV24", 6),
)
# Each region's main province (regions can cross provincial borders; the demo keeps one province per region).
_PROVINCIE_VAN_REGIO: dict[str, str] = {
    "AM01": "PV20", "AM02": "PV21", "AM03": "PV22", "AM05": "PV23", "AM36": "PV23", "AM11": "PV24",
    "AM06": "PV25", "AM07": "PV25", "AM08": "PV25", "AM09": "PV25", "AM10": "PV25", "AM38": "PV25",
    "AM13": "PV26", "AM14": "PV26", "AM12": "PV27", "AM15": "PV27", "AM17": "PV27", "AM18": "PV27",
    "AM37": "PV27", "AM19": "PV28", "AM20": "PV28", "AM21": "PV28", "AM22": "PV28", "AM23": "PV28",
    "AM34": "PV28", "AM35": "PV28", "AM24": "PV29", "AM25": "PV30", "AM26": "PV30", "AM27": "PV30",
    "AM28": "PV30", "AM32": "PV30", "AM29": "PV31", "AM30": "PV31", "AM33": "PV31",
}

# Region codes CBS replaced (CBS_TABELLEN.md §2, werkboek.indeling.HERCODERINGEN): today's code -> (old code,
# last year of the old code). The old names are below; AM38's spelling changes in 2022.
OUDE_REGIOCODES: dict[str, tuple[str, int]] = {"AM36": ("AM04", 2015), "AM37": ("AM16", 2015), "AM38": ("AM31", 2018)}
OUDE_REGIONAMEN: dict[str, str] = {"AM04": "IJsselvechtstreek", "AM16": "Zuid-Kennemerland", "AM31": "Food Valley"}
FOODVALLEY_AANEEN_VANAF = 2022  # "Food Valley" (AM31 until 2018, AM38 2019-2021) -> "FoodValley"


@dataclass(frozen=True)
class Fusie:
    """A merger on 1 January of ``jaar`` within one region: the gemeenten with numbers ``opgeheven`` are
    dissolved into number ``opvolger``; with ``nieuw`` the successor is a new gemeente with a new code."""

    jaar: int
    regio: str
    opgeheven: tuple[int, ...]
    opvolger: int
    nieuw: bool = False


FUSIES: tuple[Fusie, ...] = (
    Fusie(2016, "AM06", (13,), 3),
    Fusie(2019, "AM02", (19, 20, 21), 18, nieuw=True),
    Fusie(2022, "AM15", (18,), 2),
    Fusie(2024, "AM30", (17, 18), 5),
)
# (region it ends in, number there, region before, first year in the new region): moves without a merger.
VERHUIZING: tuple[str, int, str, int] = ("AM34", 6, "AM20", 2021)


@dataclass(frozen=True)
class DemoGemeente:
    """One synthetic gemeente. ``regio`` is its arbeidsmarktregio in the latest classification (today's code);
    ``ontstaan`` the first year it exists (None: from the start), ``opgeheven`` the first year it no longer
    exists; ``vorige_regio`` (region, first year in ``regio``) for a gemeente that moved."""

    code: str
    naam: str
    regio: str
    volgnummer: int
    provincie: str
    corop: str
    ontstaan: int | None = None
    opgeheven: int | None = None
    opgegaan_in: str | None = None
    vorige_regio: tuple[str, int] | None = None

    def bestaat_in(self, jaar: int) -> bool:
        """Whether the gemeente exists on 1 January of ``jaar``."""
        return (self.ontstaan is None or self.ontstaan <= jaar) and (self.opgeheven is None or jaar < self.opgeheven)

    @property
    def is_stuk(self) -> bool:
        """A piece of territory of the model (a gemeente that exists from the start)."""
        return self.ontstaan is None


def provincie_van(regio_code: str) -> str:
    """The demo province code (PVxx) of a region; unknown regions fall in the first province."""
    return _PROVINCIE_VAN_REGIO.get(regio_code, "PV20")


def provincienaam(code: str, jaar: int | None = None) -> str:
    """The province's name as CBS titles it in a table of classification year ``jaar`` (None: today)."""
    oud, nieuw = PROVINCIES[code]
    return oud if jaar is not None and jaar < FRYSLAN_VANAF else nieuw


def landsdeel_van(provincie: str) -> str:
    return next(ld for ld, (_, pvs) in LANDSDELEN.items() if provincie in pvs)


def _gemeente_naam(regio: Regio, volgnummer: int) -> str:
    return f"{NAAM_PREFIX} {regio.naam} {volgnummer}"


@functools.lru_cache(maxsize=1)
def demo_gemeenten() -> tuple[DemoGemeente, ...]:
    """Every demo gemeente that ever existed, ordered by code."""
    regios = alle_regios()
    historisch = {(f.regio, n): f for f in FUSIES for n in f.opgeheven}
    nieuw = {(f.regio, f.opvolger): f for f in FUSIES if f.nieuw}
    # 1. the gemeenten that exist throughout and end in the latest classification: GM9001 and up, region order
    vast: list[tuple[Regio, int]] = [(r, n) for r in regios for n in range(1, r.gemeenten_indicatief + 1)
                                     if (r.code, n) not in nieuw]
    # 2. the merged-away gemeenten, then 3. the new gemeenten (new codes are higher, as at CBS)
    weg = [(next(r for r in regios if r.code == f.regio), n) for f in FUSIES for n in f.opgeheven]
    erbij = [(next(r for r in regios if r.code == f.regio), f.opvolger) for f in FUSIES if f.nieuw]
    codes = {(r.code, n): f"GM{EERSTE_DEMOCODE + i}" for i, (r, n) in enumerate(vast + weg + erbij)}

    corop = _corop_indeling(regios, historisch, nieuw)
    verhuis_regio, verhuis_nummer, vorige, vanaf = VERHUIZING
    uit: list[DemoGemeente] = []
    for regio, n in vast + weg + erbij:
        sleutel = (regio.code, n)
        fusie = historisch.get(sleutel)
        ontstaan_door = nieuw.get(sleutel)
        uit.append(DemoGemeente(
            code=codes[sleutel],
            naam=_gemeente_naam(regio, n),
            regio=regio.code,
            volgnummer=n,
            provincie=provincie_van(regio.code),
            corop=corop[sleutel],
            ontstaan=ontstaan_door.jaar if ontstaan_door else None,
            opgeheven=fusie.jaar if fusie else None,
            opgegaan_in=codes[(fusie.regio, fusie.opvolger)] if fusie else None,
            vorige_regio=(vorige, vanaf) if sleutel == (verhuis_regio, verhuis_nummer) else None,
        ))
    return tuple(sorted(uit, key=lambda g: g.code))


def _corop_indeling(regios, historisch, nieuw) -> dict[tuple[str, int], str]:
    """COROP area per (region, number): per province the gemeenten of the latest classification, in region order,
    are cut into the province's COROP areas (sized like the real ones), so areas cross region borders as real
    ones do; a merged-away gemeente lies in the area of its successor."""
    uit: dict[tuple[str, int], str] = {}
    for provincie in PROVINCIES:
        leden = [(r.code, n) for r in regios if provincie_van(r.code) == provincie
                 for n in range(1, r.gemeenten_indicatief + 1)]
        gebieden = [(code, gewicht) for code, _, pv, gewicht in COROPS if pv == provincie]
        totaal = sum(g for _, g in gebieden)
        grenzen, som = [], 0
        for _, gewicht in gebieden:
            som += gewicht
            grenzen.append(round(len(leden) * som / totaal))
        start = 0
        for (code, _), eind in zip(gebieden, grenzen):
            eind = max(eind, start + 1) if start < len(leden) else eind
            for lid in leden[start:eind]:
                uit[lid] = code
            start = eind
        for lid in leden[start:]:
            uit[lid] = gebieden[-1][0]
    for (regio, n), fusie in historisch.items():
        uit[(regio, n)] = uit[(fusie.regio, fusie.opvolger)]
    return uit


@functools.lru_cache(maxsize=1)
def _per_code() -> dict[str, DemoGemeente]:
    return {g.code: g for g in demo_gemeenten()}


def gemeente(code: str) -> DemoGemeente:
    return _per_code()[code.strip()]


def gemeenten_in_jaar(jaar: int) -> tuple[DemoGemeente, ...]:
    """The demo gemeenten that exist on 1 January of ``jaar``, ordered by code."""
    return tuple(g for g in demo_gemeenten() if g.bestaat_in(jaar))


@functools.lru_cache(maxsize=1)
def stukken() -> tuple[DemoGemeente, ...]:
    """The model's pieces of territory: every gemeente that exists from the start, ordered by code."""
    return tuple(g for g in demo_gemeenten() if g.is_stuk)


def eigenaar(code: str, jaar: int) -> DemoGemeente:
    """The gemeente whose territory holds piece ``code`` on 1 January of ``jaar`` (follows mergers)."""
    g = gemeente(code)
    while g.opgeheven is not None and g.opgeheven <= jaar:
        g = gemeente(g.opgegaan_in)
    return g


def regio_in_jaar(g: DemoGemeente, jaar: int) -> str:
    """The arbeidsmarktregio code of a gemeente in the classification of ``jaar`` (old codes before recoding)."""
    regio = g.regio
    if g.vorige_regio is not None and jaar < g.vorige_regio[1]:
        regio = g.vorige_regio[0]
    oud = OUDE_REGIOCODES.get(regio)
    if oud is not None and jaar <= oud[1]:
        regio = oud[0]
    return regio


def regionaam(code: str, jaar: int) -> str:
    """The arbeidsmarktregio's name as CBS spells it in ``jaar``."""
    if code in OUDE_REGIONAMEN:
        return OUDE_REGIONAMEN[code]
    if code == "AM38" and jaar < FOODVALLEY_AANEEN_VANAF:
        return "Food Valley"
    return next(r.naam for r in alle_regios() if r.code == code)


def regios_in_jaar(jaar: int) -> list[tuple[str, str]]:
    """(code, name) of the arbeidsmarktregio's of the classification of ``jaar``, ordered by code."""
    codes = sorted({regio_in_jaar(g, jaar) for g in gemeenten_in_jaar(jaar)})
    return [(c, regionaam(c, jaar)) for c in codes]


def regio_van_code(code: str) -> Regio:
    return next(r for r in alle_regios() if r.code == code)
