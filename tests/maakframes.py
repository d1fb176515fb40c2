"""Small hand-made frames in the shape of ``bron.per_regio(thema)`` (contract C3) for the analysis tests.

Numbers are chosen so that the expected results can be worked out by hand: growth is a fixed rate per year,
and one region (AM03) has its focus sector suppressed.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

JAREN = list(range(2018, 2024))  # 2023 is provisional
NAMEN = {"AM01": "Groningen", "AM02": "Friesland", "AM03": "Drenthe", "AM05": "Twente", "NL": "Nederland"}


def _rij(regio, jaar, **kolommen):
    return {"regio": regio, "regio_naam": NAMEN[regio], "jaar": jaar, "periode": f"{jaar}JJ00",
            "voorlopig": jaar == JAREN[-1], **kolommen}


def reeks_waarden(begin: float, groei: float, jaren=JAREN) -> list[float]:
    return [begin * (1 + groei) ** i for i in range(len(jaren))]


# region -> sector -> (level in 2018 x 1 000, yearly growth)
BANEN = {
    "AM01": {"totaal": (300.0, 0.01), "B-E": (30.0, 0.0), "F": (15.0, 0.03), "G": (45.0, 0.0), "Q": (60.0, 0.02)},
    "AM02": {"totaal": (280.0, 0.01), "B-E": (28.0, 0.0), "F": (14.0, 0.02), "G": (40.0, 0.0), "Q": (58.0, 0.02)},
    "AM03": {"totaal": (150.0, 0.0), "B-E": (15.0, 0.0), "F": (np.nan, 0.0), "G": (30.0, 0.0), "Q": (20.0, 0.01)},
    "AM05": {"totaal": (320.0, 0.01), "B-E": (60.0, 0.0), "F": (30.0, 0.01), "G": (30.0, 0.01), "Q": (100.0, 0.01)},
    "NL": {"totaal": (8000.0, 0.01), "B-E": (800.0, 0.0), "F": (400.0, 0.01), "G": (1200.0, 0.005), "Q": (1400.0, 0.02)},
}


def banen() -> pd.DataFrame:
    rijen = []
    for regio, sectoren in BANEN.items():
        for sector, (begin, groei) in sectoren.items():
            for jaar, waarde in zip(JAREN, reeks_waarden(begin, groei)):
                onderdrukt = 2 if (regio == "AM03" and sector == "F") else 0
                rijen.append(_rij(regio, jaar, sector=sector, banen=waarde,
                                  banen_onderdrukt=np.nan if regio == "NL" else onderdrukt))
    return pd.DataFrame(rijen)


# national distribution over levels among workers per sector (persons x 1 000); B-E shares the field
# techniek_bouw with F
VERDELING = {
    "F": ({"mbo_1_2": 100.0, "mbo_3": 100.0, "mbo_4": 100.0, "hbo": 60.0, "wo": 40.0}, 410.0),
    "B-E": ({"mbo_1_2": 50.0, "mbo_3": 50.0, "mbo_4": 100.0, "hbo": 60.0, "wo": 40.0}, 300.0),
}


def verdeling() -> pd.DataFrame:
    rijen = []
    for jaar in JAREN[:-1]:  # the newest year has no distribution yet
        for sector, (niveaus, totaal) in VERDELING.items():
            for niveau, waarde in niveaus.items():
                rijen.append(_rij("NL", jaar, sector=sector, onderwijsniveau=niveau, werkzame_beroepsbevolking=waarde))
            rijen.append(_rij("NL", jaar, sector=sector, onderwijsniveau="totaal", werkzame_beroepsbevolking=totaal))
    return pd.DataFrame(rijen)


# kenmerk -> werkzame beroepsbevolking x 1 000 (constant over the years)
BEROEPSBEVOLKING = {
    "AM01": {"totaal": 300.0, "leeftijd_55_75": 75.0, "onderwijs_laag": 60.0, "onderwijs_middelbaar": 120.0,
             "onderwijs_hoog": 120.0},
    "AM02": {"totaal": 300.0, "leeftijd_55_75": 60.0, "onderwijs_laag": 75.0, "onderwijs_middelbaar": 135.0,
             "onderwijs_hoog": 90.0},
    "AM03": {"totaal": 150.0, "leeftijd_55_75": np.nan, "onderwijs_laag": 40.0, "onderwijs_middelbaar": 70.0,
             "onderwijs_hoog": 40.0},
    "NL": {"totaal": 9500.0, "leeftijd_55_75": 1900.0, "onderwijs_laag": 1900.0, "onderwijs_middelbaar": 3800.0,
           "onderwijs_hoog": 3800.0},
}


def beroepsbevolking() -> pd.DataFrame:
    return pd.DataFrame([
        _rij(regio, jaar, kenmerk=kenmerk, werkzame_beroepsbevolking=waarde)
        for regio, kenmerken in BEROEPSBEVOLKING.items() for kenmerk, waarde in kenmerken.items() for jaar in JAREN
    ])


# AM01, techniek_bouw: level -> (ingeschrevenen, instroom in 2018, yearly growth of instroom, gediplomeerden)
ONDERWIJS_AM01 = {
    "mbo_1_2": (900.0, 300.0, 0.0, 250.0),
    "mbo_3": (1200.0, 400.0, 0.0, np.nan),
    "mbo_4": (1500.0, 400.0, -0.03, 300.0),
    "hbo": (0.0, 0.0, 0.0, 0.0),
    "wo": (np.nan, np.nan, 0.0, np.nan),
}


def onderwijs() -> pd.DataFrame:
    rijen = []
    for niveau, (ingeschreven, instroom, groei, gediplomeerd) in ONDERWIJS_AM01.items():
        for jaar, waarde in zip(JAREN, reeks_waarden(instroom, groei)):
            rijen.append(_rij("AM01", jaar, onderwijsniveau=niveau, richting="techniek_bouw",
                              ingeschrevenen=ingeschreven, instroom=waarde, gediplomeerden=gediplomeerd))
    totaal = sum(v[1] for v in ONDERWIJS_AM01.values() if not np.isnan(v[1]))
    for jaar, waarde in zip(JAREN, reeks_waarden(totaal, -0.01)):
        rijen.append(_rij("AM01", jaar, onderwijsniveau="totaal", richting="techniek_bouw",
                          ingeschrevenen=3600.0, instroom=waarde, gediplomeerden=np.nan))
    return pd.DataFrame(rijen)


def alle_data() -> dict[str, pd.DataFrame]:
    return {"banen": banen(), "werkzamen_sector_onderwijs": verdeling(), "beroepsbevolking": beroepsbevolking(),
            "onderwijs": onderwijs()}


def parameters(regio="AM01", sector="F", jaar=2023, horizon=5):
    """A stand-in for werkboek.parameters.Parameters (same attributes)."""
    from werkboek.parameters import valideer_parameters

    return valideer_parameters(regio, jaar, sector, horizon, "demo")


class Herkomst(SimpleNamespace):
    """Local stand-in for werkboek.cbs.Herkomst: anything with ``bronregel(periode)`` and ``demo``."""

    def __init__(self, demo=True, tabel_id="83582NED"):
        super().__init__(demo=demo, tabel_id=tabel_id, thema="banen", titel="Banen van werknemers",
                         gewijzigd="2024-06-27T02:00:00", opgehaald="2026-11-22T07:00:00")

    def bronregel(self, periode=None):
        deel = f", {periode}" if periode else ""
        if self.demo:
            return f"Bron: demodata (synthetisch) naar model van CBS-tabel {self.tabel_id}{deel} — geen echte cijfers"
        return f"Bron: CBS, tabel {self.tabel_id}{deel}, opgehaald 22-11-2026"
