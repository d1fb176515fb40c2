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


# national distribution over the three levels among workers per sector (persons x 1 000, kenmerk as in
# 85272NED); B-E shares the field techniek_bouw with F
VERDELING = {
    "F": ({"onderwijs_laag": 100.0, "onderwijs_middelbaar": 200.0, "onderwijs_hoog": 100.0}, 410.0),
    "B-E": ({"onderwijs_laag": 50.0, "onderwijs_middelbaar": 150.0, "onderwijs_hoog": 100.0}, 300.0),
}


def verdeling() -> pd.DataFrame:
    rijen = []
    for jaar in JAREN[:-1]:  # the newest year has no distribution yet
        for sector, (niveaus, totaal) in VERDELING.items():
            for kenmerk, waarde in niveaus.items():
                rijen.append(_rij("NL", jaar, kenmerk=kenmerk, sector=sector, werkzame_beroepsbevolking=waarde))
            rijen.append(_rij("NL", jaar, kenmerk="totaal", sector=sector, werkzame_beroepsbevolking=totaal))
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


# AM01, techniek_bouw: detail level -> (ingeschrevenen, instroom in 2018, yearly growth of instroom, gediplomeerden)
ONDERWIJS_AM01 = {
    "entree": (300.0, 100.0, 0.0, 80.0),
    "mbo_2": (600.0, 200.0, -0.03, 170.0),
    "mbo_3": (1200.0, 400.0, -0.03, np.nan),
    "mbo_4": (1500.0, 400.0, -0.03, 300.0),
    "hbo": (0.0, 0.0, 0.0, 0.0),
    "wo": (0.0, 0.0, 0.0, 0.0),
}
# the three levels and the total, as the register builds them: a sum, unknown as soon as one part is unknown
SAMENGESTELD = {"laag": ("entree",), "middelbaar": ("mbo_2", "mbo_3", "mbo_4"), "hoog": ("hbo", "wo"),
                "totaal": tuple(ONDERWIJS_AM01)}


def onderwijs(wijzig: dict[str, dict[str, float]] | None = None) -> pd.DataFrame:
    """Students of AM01 in techniek_bouw per detail level, plus the three levels and the total as sums.

    ``wijzig`` overrides columns of a detail level in every year BEFORE the sums are built, so the levels stay
    consistent, e.g. ``{"wo": {"ingeschrevenen": np.nan}}`` makes ``hoog`` and ``totaal`` unknown too.
    """
    wijzig = wijzig or {}
    rijen = []
    for niveau, (ingeschreven, instroom, groei, gediplomeerd) in ONDERWIJS_AM01.items():
        for jaar, waarde in zip(JAREN, reeks_waarden(instroom, groei)):
            rijen.append(_rij("AM01", jaar, onderwijsniveau=niveau, richting="techniek_bouw",
                              ingeschrevenen=ingeschreven, instroom=waarde, gediplomeerden=gediplomeerd)
                         | wijzig.get(niveau, {}))
    detail = pd.DataFrame(rijen)
    for naam, delen in SAMENGESTELD.items():
        for jaar in JAREN:
            deel = detail[(detail["jaar"] == jaar) & detail["onderwijsniveau"].isin(delen)]
            som = {k: deel[k].sum(min_count=len(delen)) if deel[k].notna().all() else np.nan
                   for k in ("ingeschrevenen", "instroom", "gediplomeerden")}
            rijen.append(_rij("AM01", jaar, onderwijsniveau=naam, richting="techniek_bouw", **som))
    return pd.DataFrame(rijen)


def onderwijs_71450ned() -> pd.DataFrame:
    """The same students in the shape of the real source of this version (CBS 71450ned): only ``ingeschrevenen``,
    no field of study (``richting``), no first-year students and no graduates; with the published mbo total
    (``mbo_totaal``) beside the detail levels, as the register delivers it."""
    df = onderwijs().drop(columns=["richting", "instroom", "gediplomeerden"])
    mbo = df[df["onderwijsniveau"].isin(["entree", "mbo_2", "mbo_3", "mbo_4"])]
    mbo_totaal = mbo.groupby(["regio", "regio_naam", "jaar", "periode", "voorlopig"], as_index=False)[
        "ingeschrevenen"].sum(min_count=4).assign(onderwijsniveau="mbo_totaal")
    return pd.concat([df, mbo_totaal[df.columns]], ignore_index=True)


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
