"""Which study directions supply which sector: the user-editable links in ``data/sector_richting.csv``.

One row per link: ``sector`` (an SBI code of ``data/sectoren.csv``), ``soort`` (the classification of the
direction), ``code``, ``naam`` and ``reden`` (one line: why this direction supplies this sector). Three
classifications, one per education source:

    isced        the ten broad ISCED-F 2013 fields as CBS counts mbo students and graduates by field
                 (85353NED/85356NED): code '01' .. '10'
    sectorkamer  the eight SBB sectorkamers as DUO counts mbo students and graduates (SECTORKAMER NAAM)
    croho        the CROHO onderdelen as DUO counts hbo and wo first-years per location (ONDERDEEL)

A sector may have several links in each classification and a direction may supply several sectors: the links
are a judgement, not a CBS or SBB crosswalk (none is published), and the region may change them.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

from werkboek import paden
from werkboek.fouten import WerkboekFout
from werkboek.parameters import alle_sectoren

BESTAND = "sector_richting.csv"
KOLOMMEN = ("sector", "soort", "code", "naam", "reden")
ISCED_VELDEN = tuple(f"{n:02d}" for n in range(1, 11))
# DUO's spelling of the eight sectorkamers (SECTORKAMER NAAM in the mbo files; onderwijs_feiten §8, confirmed).
SECTORKAMERS = (
    "Handel", "Ict en creatieve industrie", "Mobiliteit, transport, logistiek en maritiem",
    "Specialistisch vakmanschap", "Techniek en gebouwde omgeving", "Voedsel, groen en gastvrijheid",
    "Zakelijke dienstverlening en veiligheid", "Zorg, welzijn en sport",
)
# DUO's ONDERDEEL values in the hbo and wo files (p01hoinges/p02ho1ejrs; onderwijs_feiten §5, confirmed).
CROHO_ONDERDELEN = (
    "ECONOMIE", "GEDRAG_EN_MAATSCHAPPIJ", "GEZONDHEIDSZORG", "LANDBOUW_EN_NATUURLIJKE_OMGEVING", "NATUUR",
    "ONDERWIJS", "RECHT", "SECTOROVERSTIJGEND", "TAAL_EN_CULTUUR", "TECHNIEK",
)
SOORTEN = {"isced": ISCED_VELDEN, "sectorkamer": SECTORKAMERS, "croho": CROHO_ONDERDELEN}
SOORT_UITLEG = {
    "isced": "studierichting (ISCED-F, CBS)",
    "sectorkamer": "sectorkamer (SBB, DUO)",
    "croho": "CROHO-onderdeel (hbo en wo, DUO)",
}


class KoppelingFout(WerkboekFout):
    """``data/sector_richting.csv`` has a row the workbook cannot use; the message names the row and the fix."""


@dataclass(frozen=True)
class Richtingkoppeling:
    sector: str
    soort: str
    code: str
    naam: str
    reden: str

    @property
    def richting(self) -> str:
        """The category name the education frames use: ``isced_07``, or the sectorkamer or onderdeel itself."""
        return f"isced_{self.code}" if self.soort == "isced" else self.code


@functools.lru_cache(maxsize=1)
def alle_koppelingen() -> tuple[Richtingkoppeling, ...]:
    """Every link in ``data/sector_richting.csv``, checked against the sectors and the known directions."""
    pad = paden.data_dir() / BESTAND
    sectoren = {s.code for s in alle_sectoren()}
    with open(pad, encoding="utf-8", newline="") as bestand:
        lezer = csv.DictReader(bestand)
        if tuple(lezer.fieldnames or ()) != KOLOMMEN:
            raise KoppelingFout(f"{pad}: de kolommen moeten {', '.join(KOLOMMEN)} zijn (gevonden: "
                                f"{', '.join(lezer.fieldnames or [])}).")
        uit = []
        for regelnummer, rij in enumerate(lezer, start=2):
            waarden = {k: (rij.get(k) or "").strip() for k in KOLOMMEN}
            koppeling = Richtingkoppeling(**waarden)
            problemen = []
            if koppeling.sector not in sectoren:
                problemen.append(f"sector '{koppeling.sector}' staat niet in data/sectoren.csv")
            if koppeling.soort not in SOORTEN:
                problemen.append(f"soort '{koppeling.soort}' is niet een van {', '.join(SOORTEN)}")
            elif koppeling.code not in SOORTEN[koppeling.soort]:
                problemen.append(f"code '{koppeling.code}' is geen {SOORT_UITLEG[koppeling.soort]}; kies uit: "
                                 f"{'; '.join(SOORTEN[koppeling.soort])}")
            if not koppeling.reden:
                problemen.append("de reden ontbreekt (één regel: waarom deze richting voor deze sector opleidt)")
            if problemen:
                raise KoppelingFout(f"{pad}, regel {regelnummer}: {'; '.join(problemen)}.")
            uit.append(koppeling)
    return tuple(uit)


def koppelingen(sector: str, soort: str | None = None) -> list[Richtingkoppeling]:
    """The links of one sector, of one classification when ``soort`` is given."""
    return [k for k in alle_koppelingen() if k.sector == sector and (soort is None or k.soort == soort)]


def richtingen(sector: str, soort: str) -> list[str]:
    """The category names (``isced_07``, ``Handel``, ``TECHNIEK``) that supply ``sector`` in one classification."""
    return [k.richting for k in koppelingen(sector, soort)]


def richting_label(sector: str) -> str:
    """The study directions of a sector as a reader names them: its ISCED-F fields, e.g.
    '07 Techniek, industrie en bouwkunde'; the sectorkamers when it has no ISCED-F link."""
    gekozen = koppelingen(sector, "isced") or koppelingen(sector, "sectorkamer") or koppelingen(sector)
    namen = [f"{k.code} {k.naam}" if k.soort == "isced" else k.naam for k in gekozen]
    if not namen:
        return "geen gekoppelde studierichting (zie data/sector_richting.csv)"
    return namen[0] if len(namen) == 1 else ", ".join(namen[:-1]) + " en " + namen[-1]


def sectoren_van(soort: str, richting: str) -> list[str]:
    """The sectors a direction supplies (the other way round)."""
    return [k.sector for k in alle_koppelingen() if k.soort == soort and k.richting == richting]
