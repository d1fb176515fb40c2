"""Synthetic geography of the demo data: demo gemeenten per arbeidsmarktregio, provinces, one merger.

Real municipality lists are not committed, so every region gets ``gemeenten_indicatief`` synthetic gemeenten
with codes GM9001..GM9342 (a range CBS does not use) and names such as "Demogemeente Groningen 3". One extra
demo gemeente (GM9343) exists until 2021 and is absorbed by a neighbour on 1 January 2022, so that the demo
tables show what a real merger looks like: "." for the merged-away code afterwards and a jump in the
absorbing gemeente, while the region total stays continuous.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from werkboek.regios import Regio, alle_regios

EERSTE_DEMOCODE = 9001
FUSIEJAAR = 2022
FUSIEREGIO = "AM15"  # region of the demo merger; the absorbing gemeente is number 2 of that region
NAAM_PREFIX = "Demogemeente"

# Each region's main province (regions can cross provincial borders; the demo keeps one province per region).
PROVINCIES: dict[str, str] = {
    "PV20": "Groningen", "PV21": "Fryslân", "PV22": "Drenthe", "PV23": "Overijssel", "PV24": "Flevoland",
    "PV25": "Gelderland", "PV26": "Utrecht", "PV27": "Noord-Holland", "PV28": "Zuid-Holland", "PV29": "Zeeland",
    "PV30": "Noord-Brabant", "PV31": "Limburg",
}
_PROVINCIE_VAN_REGIO: dict[str, str] = {
    "AM01": "PV20", "AM02": "PV21", "AM03": "PV22", "AM05": "PV23", "AM36": "PV23", "AM11": "PV24",
    "AM06": "PV25", "AM07": "PV25", "AM08": "PV25", "AM09": "PV25", "AM10": "PV25", "AM38": "PV25",
    "AM13": "PV26", "AM14": "PV26", "AM12": "PV27", "AM15": "PV27", "AM17": "PV27", "AM18": "PV27",
    "AM37": "PV27", "AM19": "PV28", "AM20": "PV28", "AM21": "PV28", "AM22": "PV28", "AM23": "PV28",
    "AM34": "PV28", "AM35": "PV28", "AM24": "PV29", "AM25": "PV30", "AM26": "PV30", "AM27": "PV30",
    "AM28": "PV30", "AM32": "PV30", "AM29": "PV31", "AM30": "PV31", "AM33": "PV31",
}


@dataclass(frozen=True)
class DemoGemeente:
    """One synthetic gemeente; ``opgeheven`` is the first year it no longer exists (merger)."""

    code: str
    naam: str
    regio: str
    volgnummer: int
    opgeheven: int | None = None
    opgegaan_in: str | None = None

    def bestaat_in(self, jaar: int) -> bool:
        return self.opgeheven is None or jaar < self.opgeheven


def provincie_van(regio_code: str) -> str:
    """The demo province code (PVxx) of a region; unknown regions fall in the first province."""
    return _PROVINCIE_VAN_REGIO.get(regio_code, "PV20")


@functools.lru_cache(maxsize=1)
def demo_gemeenten() -> tuple[DemoGemeente, ...]:
    """Every demo gemeente that ever existed, including the one merged away in :data:`FUSIEJAAR`."""
    gemeenten: list[DemoGemeente] = []
    nummer = EERSTE_DEMOCODE
    for regio in alle_regios():
        for volgnummer in range(1, regio.gemeenten_indicatief + 1):
            gemeenten.append(DemoGemeente(f"GM{nummer}", f"{NAAM_PREFIX} {regio.naam} {volgnummer}", regio.code, volgnummer))
            nummer += 1
    regio = next((r for r in alle_regios() if r.code == FUSIEREGIO), None)
    if regio is not None and regio.gemeenten_indicatief >= 2:
        opvolger = next(g for g in gemeenten if g.regio == regio.code and g.volgnummer == 2)
        gemeenten.append(
            DemoGemeente(
                f"GM{nummer}", f"{NAAM_PREFIX} {regio.naam} {regio.gemeenten_indicatief + 1}", regio.code,
                regio.gemeenten_indicatief + 1, opgeheven=FUSIEJAAR, opgegaan_in=opvolger.code,
            )
        )
    return tuple(gemeenten)


def gemeenten_in_jaar(jaar: int) -> tuple[DemoGemeente, ...]:
    """The demo gemeenten that exist on 1 January of ``jaar``."""
    return tuple(g for g in demo_gemeenten() if g.bestaat_in(jaar))


def regio_van_code(code: str) -> Regio:
    return next(r for r in alle_regios() if r.code == code)
