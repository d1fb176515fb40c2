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


# ---------------------------------------------------------------------------------------------------------------
# Education, in the shapes of the education themes (aanbod.THEMAS). AM01 has 10 gemeenten; CBS rounds each
# gemeente cell to tens, so a regional sum carries a margin of 10 x 5 = 50 per detail category.

GEMEENTEN = {"AM01": 10, "AM02": 8}
# region -> detail level -> (students 2018, yearly growth, graduates per year): CBS 85701NED / 85702NED
STUDENTEN = {
    "AM01": {"entree": (300, 0.0, 80), "mbo_2": (600, -0.03, 170), "mbo_3": (1200, -0.03, 350),
             "mbo_4": (1500, -0.03, 300), "hbo": (2000, 0.0, 500), "wo": (1000, 0.0, 300)},
    # AM02: practically flat, a change well inside the rounding margin (10 per year on 1 000, margin 40 a level)
    "AM02": {"entree": (200, 0.0, 50), "mbo_2": (500, -0.002, 120), "mbo_3": (900, -0.002, 250),
             "mbo_4": (1000, -0.002, 200), "hbo": (800, 0.0, 200), "wo": (300, 0.0, 80)},
}
SOMMEN = {"laag": ("entree",), "middelbaar": ("mbo_2", "mbo_3", "mbo_4"), "hoog": ("hbo", "wo"),
          "totaal": ("entree", "mbo_2", "mbo_3", "mbo_4", "hbo", "wo")}


def _tiental(x: float) -> float:
    return float(np.floor(x / 10 + 0.5) * 10)


def _cbs_onderwijs(onderwerp: str, kolom: int) -> pd.DataFrame:
    rijen = []
    for regio, niveaus in STUDENTEN.items():
        for jaar_index, jaar in enumerate(JAREN):
            waarden = {}
            for niveau, cijfers in niveaus.items():
                waarden[niveau] = _tiental(cijfers[0] * (1 + cijfers[1]) ** jaar_index) if kolom == 0 else float(cijfers[2])
            for som, delen in SOMMEN.items():
                waarden[som] = sum(waarden[d] for d in delen)
            for niveau, waarde in waarden.items():
                delen = len(SOMMEN.get(niveau, (niveau,)))
                rijen.append(_rij(regio, jaar, onderwijsniveau=niveau, **{
                    onderwerp: waarde, f"{onderwerp}_onderdrukt": 0,
                    f"{onderwerp}_afrondingsmarge": GEMEENTEN[regio] * 5.0 * delen}))
    return pd.DataFrame(rijen)


def studenten() -> pd.DataFrame:
    """CBS 85701NED per region: students by residence, rounded to tens, with the rounding margin."""
    return _cbs_onderwijs("ingeschrevenen", 0)


def gediplomeerden() -> pd.DataFrame:
    """CBS 85702NED per region: graduates by residence (constant per year)."""
    return _cbs_onderwijs("gediplomeerden", 2)


# mbo students and graduates per ISCED-F field (CBS 85353NED / 85356NED): share of each detail level in field 07
AANDEEL_07 = {"AM01": 0.3, "AM02": 0.25}


def _mbo_richting(onderwerp: str, kolom: int) -> pd.DataFrame:
    rijen = []
    for regio, niveaus in STUDENTEN.items():
        for jaar_index, jaar in enumerate(JAREN):
            for richting, aandeel in (("totaal", 1.0), ("isced_07", AANDEEL_07[regio]),
                                      ("isced_09", 0.2)):
                waarden = {}
                for niveau in ("entree", "mbo_2", "mbo_3", "mbo_4"):
                    basis, groei, diplomas = niveaus[niveau]
                    totaal = basis * (1 + groei) ** jaar_index if kolom == 0 else diplomas
                    waarden[niveau] = round(totaal * aandeel)
                waarden["middelbaar"] = waarden["mbo_2"] + waarden["mbo_3"] + waarden["mbo_4"]
                waarden["totaal"] = waarden["middelbaar"] + waarden["entree"]
                for niveau, waarde in waarden.items():
                    rijen.append(_rij(regio, jaar, onderwijsniveau=niveau, richting=richting,
                                      **{onderwerp: float(waarde), f"{onderwerp}_onderdrukt": 0}))
    return pd.DataFrame(rijen)


def mbo_studenten_richting() -> pd.DataFrame:
    return _mbo_richting("ingeschrevenen", 0)


def mbo_gediplomeerden_richting() -> pd.DataFrame:
    return _mbo_richting("gediplomeerden", 2)


# DUO first-years by location. AM01 has an mbo main site and hbo/wo locations; AM02 has neither: its mbo figures are
# absent (unknown) and its hbo/wo figures zero (DUO lists every hbo/wo location).
# level -> (first-years 2018, yearly growth); one masked cell (1-4) in mbo_2 every year
DUO_INSTROOM_AM01 = {"entree": (100, 0.0), "mbo_2": (200, -0.03), "mbo_3": (400, -0.03), "mbo_4": (400, -0.03)}
DUO_HO_AM01 = {("hbo", "TECHNIEK"): 150, ("hbo", "ECONOMIE"): 300, ("wo", "TECHNIEK"): 50}
DOORSTROOM_AM01 = 120  # first-years in mbo 4 with an mbo 3 diploma


def _duo_rij(regio, jaar, niveau, richting, waarde, gemaskeerd=0, instellingen=1, **extra):
    onder, boven = waarde - gemaskeerd * 2.5 + gemaskeerd * 1, waarde - gemaskeerd * 2.5 + gemaskeerd * 4
    return _rij(regio, jaar, onderwijsniveau=niveau, richting=richting, instroom=(onder + boven) / 2,
                instroom_onder=onder, instroom_boven=boven, instroom_gemaskeerd=gemaskeerd,
                instellingen=instellingen, **extra)


def duo_instroom() -> pd.DataFrame:
    rijen = []
    for jaar_index, jaar in enumerate(JAREN):
        mbo = {}
        for niveau, (basis, groei) in DUO_INSTROOM_AM01.items():
            waarde = round(basis * (1 + groei) ** jaar_index)
            mbo[niveau] = waarde
            gemaskeerd = 1 if niveau == "mbo_2" else 0
            extra = {}
            if niveau == "mbo_4":
                extra = {"doorstroom_mbo3": float(DOORSTROOM_AM01), "doorstroom_mbo3_onder": float(DOORSTROOM_AM01),
                         "doorstroom_mbo3_boven": float(DOORSTROOM_AM01)}
            rijen.append(_duo_rij("AM01", jaar, niveau, "totaal", waarde, gemaskeerd, **extra))
            rijen.append(_duo_rij("AM01", jaar, niveau, "Techniek en gebouwde omgeving", round(waarde * 0.3)))
        for som, delen in (("laag", ("entree",)), ("middelbaar", ("mbo_2", "mbo_3", "mbo_4"))):
            rijen.append(_duo_rij("AM01", jaar, som, "totaal", sum(mbo[d] for d in delen), 1 if som == "middelbaar" else 0))
        for (niveau, onderdeel), waarde in DUO_HO_AM01.items():
            rijen.append(_duo_rij("AM01", jaar, niveau, onderdeel, waarde))
            rijen.append(_duo_rij("AM02", jaar, niveau, onderdeel, 0, instellingen=0))
        for niveau in ("hbo", "wo"):
            totaal = sum(w for (n, _), w in DUO_HO_AM01.items() if n == niveau)
            rijen.append(_duo_rij("AM01", jaar, niveau, "totaal", totaal))
            rijen.append(_duo_rij("AM02", jaar, niveau, "totaal", 0, instellingen=0))
        rijen.append(_duo_rij("AM02", jaar, "hoog", "totaal", 0, instellingen=0))
        rijen.append(_duo_rij("AM01", jaar, "hoog", "totaal", sum(DUO_HO_AM01.values())))
        # all levels, as onderwijs_per_regio sums them: AM02 has only its hbo/wo zeros
        rijen.append(_duo_rij("AM01", jaar, "totaal", "totaal", sum(mbo.values()) + sum(DUO_HO_AM01.values()), 1))
        rijen.append(_duo_rij("AM02", jaar, "totaal", "totaal", 0, instellingen=0))
    return pd.DataFrame(rijen)


def duo_gediplomeerden() -> pd.DataFrame:
    """DUO mbo graduates at institutions with their main site in the region: AM01 in the sector's sectorkamer."""
    rijen = []
    for jaar in JAREN:
        for niveau in ("entree", "mbo_2", "mbo_3", "mbo_4"):
            rijen.append(_rij("AM01", jaar, onderwijsniveau=niveau, richting="Techniek en gebouwde omgeving",
                              gediplomeerden=40.0, gediplomeerden_onder=39.0, gediplomeerden_boven=42.0,
                              gediplomeerden_gemaskeerd=1, instellingen=1))
    return pd.DataFrame(rijen)


def onderwijsdata() -> dict[str, pd.DataFrame]:
    return {"studenten": studenten(), "gediplomeerden": gediplomeerden(),
            "mbo_studenten_richting": mbo_studenten_richting(),
            "mbo_gediplomeerden_richting": mbo_gediplomeerden_richting(),
            "duo_instroom": duo_instroom(), "duo_gediplomeerden": duo_gediplomeerden()}


# Sector M (specialistische zakelijke diensten) shares ISCED-F field 07 with F and B-E (data/sector_richting.csv), so
# the need of the field behind F's outflow includes M. It is not in banen() and verdeling() (it would change every
# sector comparison); met_sector_m adds it where a test compares the outflow of the field with its need.
BANEN_M_AM01 = 12.0  # x 1 000, constant
VERDELING_M = ({"onderwijs_laag": 30.0, "onderwijs_middelbaar": 60.0, "onderwijs_hoog": 210.0}, 300.0)


def met_sector_m(data: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    banen_m = [_rij("AM01", jaar, sector="M", banen=BANEN_M_AM01, banen_onderdrukt=0) for jaar in JAREN]
    niveaus, totaal = VERDELING_M
    verdeling_m = [_rij("NL", jaar, kenmerk=kenmerk, sector="M", werkzame_beroepsbevolking=waarde)
                   for jaar in JAREN[:-1] for kenmerk, waarde in {**niveaus, "totaal": totaal}.items()]
    return data | {"banen": pd.concat([data["banen"], pd.DataFrame(banen_m)], ignore_index=True),
                   "werkzamen_sector_onderwijs": pd.concat([data["werkzamen_sector_onderwijs"],
                                                            pd.DataFrame(verdeling_m)], ignore_index=True)}


def alle_data() -> dict[str, pd.DataFrame]:
    return {"banen": banen(), "werkzamen_sector_onderwijs": verdeling(), "beroepsbevolking": beroepsbevolking(),
            **onderwijsdata()}


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
