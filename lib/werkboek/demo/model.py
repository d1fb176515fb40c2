"""The numeric model behind the demo data (synthetic, never real figures).

Everything is drawn from random generators seeded by a hash of (theme, region code), so the output does not
depend on dict order, time or the order in which tables are requested. The model works on "units": every
demo gemeente that ever existed (see :mod:`werkboek.demo.gebied`); the table builders apply the merger.

Model in short:
- Population per unit: the region's ``omvang_x1000`` split over its gemeenten (one larger centre gemeente),
  a region-specific growth rate, and an age structure whose share 55+ depends on a region "ageing" index and
  rises over time.
- Jobs (banen, x 1 000): about 0.45-0.56 jobs per inhabitant, split over sectors by Dutch shares with
  regional variation (urban regions more ICT/finance/business services, rural regions more agriculture,
  industry, construction), sector growth rates (some sectors shrink, a 2020 dip in hospitality and culture),
  then split over gemeenten in proportion to population to a sector-specific power.
- Labour force per region (x 1 000): potential labour force from the population 15-75, participation and
  unemployment (3-5 %) by age and education level.
- Education by residence of the student: enrolment per 15-24 year old by level and field; hbo and wo only
  in regions with such programmes; cohorts give instroom, ingeschrevenen and gediplomeerden.
- National workers by sector and education level: national jobs by sector (plus self-employed) spread over
  levels with sector-specific profiles (construction mbo-heavy, ICT and finance hbo/wo-heavy).
Some regions carry deliberate patterns for the duiding notebook (see PATROON_* below).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

import numpy as np

from werkboek.demo.gebied import DemoGemeente, demo_gemeenten
from werkboek.regios import Regio, alle_regios

JAREN_BANEN = tuple(range(2014, 2025))
JAREN_BEVOLKING = tuple(range(2015, 2026))
JAREN_PROGNOSE = tuple(range(2022, 2051))
JAREN_BEROEPSBEVOLKING = tuple(range(2015, 2025))
JAREN_ONDERWIJS = tuple(range(2015, 2025))
JAREN_SECTOR_ONDERWIJS = tuple(range(2015, 2025))

LEEFTIJDEN = ("leeftijd_0_15", "leeftijd_15_25", "leeftijd_25_45", "leeftijd_45_55", "leeftijd_55_65", "leeftijd_65_plus")
_LEEFTIJD_AANDEEL = np.array([0.155, 0.120, 0.250, 0.130, 0.135, 0.210])

# Share of jobs of employees per sector (Dutch pattern), yearly growth, and how strongly a sector
# concentrates in the larger gemeenten of a region (power on population).
SECTOR_PARAMETERS: dict[str, tuple[float, float, float]] = {
    "A": (0.013, -0.010, 0.55),
    "B-E": (0.092, 0.000, 0.95),
    "F": (0.058, 0.012, 0.95),
    "G": (0.150, 0.007, 1.05),
    "H": (0.046, 0.010, 1.00),
    "I": (0.056, 0.015, 1.10),
    "J": (0.036, 0.030, 1.45),
    "K": (0.026, -0.015, 1.45),
    "L": (0.008, 0.004, 1.20),
    "M": (0.068, 0.020, 1.35),
    "N": (0.090, 0.014, 1.10),
    "O": (0.055, 0.010, 1.25),
    "P": (0.066, 0.009, 1.10),
    "Q": (0.160, 0.020, 1.10),
    "R-U": (0.036, 0.004, 1.05),
}
_SECTOR_STANDAARD = (0.02, 0.005, 1.0)
_COVID = {"I": (-0.14, -0.07), "R-U": (-0.08, -0.04), "N": (-0.03, -0.01)}  # dip in 2020 and 2021
_STEDELIJK = {"J": 1.4, "K": 1.5, "M": 1.35, "A": 0.35, "B-E": 0.7, "F": 0.85, "O": 1.15}
_LANDELIJK = {"A": 1.7, "B-E": 1.25, "F": 1.15, "J": 0.7, "K": 0.7, "M": 0.8}
# Persons working per job of employees (self-employed), used for the national sector x level table.
_WERKENDEN_PER_BAAN = {"A": 2.0, "F": 1.45, "M": 1.35, "R-U": 1.4, "L": 1.3, "J": 1.15}

# Distribution of workers in a sector over education levels (mbo_1_2, mbo_3, mbo_4, hbo, wo).
ONDERWIJSNIVEAUS = ("mbo_1_2", "mbo_3", "mbo_4", "hbo", "wo")
SECTOR_ONDERWIJSPROFIEL: dict[str, tuple[float, ...]] = {
    "A": (40, 22, 18, 14, 6), "B-E": (25, 20, 22, 20, 13), "F": (28, 27, 26, 15, 4), "G": (30, 22, 24, 17, 7),
    "H": (33, 24, 20, 15, 8), "I": (48, 22, 18, 9, 3), "J": (6, 7, 17, 40, 30), "K": (5, 7, 18, 38, 32),
    "L": (10, 12, 25, 35, 18), "M": (6, 8, 16, 35, 35), "N": (35, 22, 20, 16, 7), "O": (8, 12, 25, 32, 23),
    "P": (6, 8, 14, 45, 27), "Q": (10, 20, 30, 28, 12), "R-U": (22, 18, 25, 23, 12),
}
_PROFIEL_STANDAARD = (20, 20, 25, 22, 13)

# Education: students per inhabitant 15-24 by level, study duration (years) and diploma rate.
_STUDENTEN_PER_JONGERE = {"mbo_1_2": 0.027, "mbo_3": 0.058, "mbo_4": 0.140, "hbo": 0.210, "wo": 0.150}
_DUUR = {"mbo_1_2": 2, "mbo_3": 3, "mbo_4": 3, "hbo": 4, "wo": 5}
_SLAAGKANS = {"mbo_1_2": 0.70, "mbo_3": 0.72, "mbo_4": 0.70, "hbo": 0.68, "wo": 0.75}
RICHTINGEN = ("techniek_bouw", "zorg_welzijn", "economie", "onderwijs", "ict", "landbouw_voedsel", "overig")
_RICHTING_VERDELING = {
    "mbo": (0.26, 0.26, 0.22, 0.03, 0.07, 0.05, 0.11),
    "hbo": (0.18, 0.15, 0.33, 0.12, 0.09, 0.02, 0.11),
    "wo": (0.17, 0.15, 0.25, 0.03, 0.06, 0.03, 0.31),
}
# Yearly trend of instroom per (level, field); unlisted combinations have trend 0.
_INSTROOM_TREND = {
    ("mbo_4", "techniek_bouw"): -0.006, ("mbo_3", "techniek_bouw"): 0.004, ("mbo_4", "zorg_welzijn"): 0.012,
    ("hbo", "zorg_welzijn"): 0.010, ("mbo_4", "ict"): 0.025, ("hbo", "ict"): 0.035, ("wo", "ict"): 0.030,
    ("hbo", "techniek_bouw"): 0.010, ("hbo", "onderwijs"): -0.012, ("mbo_1_2", "economie"): -0.015,
}

# Regions with a wo university, regions without any hbo programme, and regions with hbo but no hbo
# programme in techniek_bouw (the method text's "growth at hbo with no regional programme").
WO_REGIOS = frozenset({"AM01", "AM05", "AM08", "AM13", "AM18", "AM19", "AM21", "AM22", "AM26", "AM28", "AM30", "AM38"})
GEEN_HBO_REGIOS = frozenset({"AM09", "AM10", "AM12", "AM32", "AM35"})
GEEN_HBO_TECHNIEK_REGIOS = frozenset({"AM03", "AM17", "AM20", "AM24", "AM33", "AM37"})
# Regions where construction jobs grow faster while mbo-4 instroom in techniek_bouw falls.
PATROON_BOUW_GROEIT_INSTROOM_DAALT = frozenset({"AM01", "AM02", "AM09", "AM24", "AM35", "AM36"})
# (region, sector, year) where the sector is suppressed for every gemeente of the region.
ONDERDRUKT_IN_HELE_REGIO = (("AM35", "K", 2018), ("AM03", "L", 2021))


def rng_voor(*delen: str) -> np.random.Generator:
    """A random generator seeded by a hash of the parts (e.g. theme and region code): stable across runs."""
    sleutel = "|".join(delen).encode("utf-8")
    return np.random.default_rng(int.from_bytes(hashlib.sha256(sleutel).digest()[:8], "little"))


@dataclass(frozen=True)
class Wereld:
    """All model arrays. Axis 0 of unit arrays follows :attr:`eenheden`."""

    regios: tuple[Regio, ...]
    eenheden: tuple[DemoGemeente, ...]
    regio_index: np.ndarray            # unit -> index in regios
    bevolking: np.ndarray              # unit x age(6) x JAREN_BEVOLKING, persons (float)
    prognose: np.ndarray               # unit x age(6) x JAREN_PROGNOSE
    sectoren: tuple[str, ...]
    banen: np.ndarray                  # unit x sector x JAREN_BANEN, x 1 000
    onderwijs: np.ndarray              # unit x level(5) x field(7) x topic(3: ingeschrevenen, instroom, gediplomeerden) x JAREN_ONDERWIJS


def _stedelijkheid(regio: Regio) -> float:
    """0 for small rural regions, 1 for the four large urban regions; a smooth function of size."""
    return float(np.clip((regio.omvang_x1000 - 300) / 700, 0.0, 1.0))


def _bevolking_regio(regio: Regio, n: int) -> tuple[np.ndarray, np.ndarray, float]:
    """Population per unit x age x year for one region, plus the units' 2025 weights and the ageing index."""
    rng = rng_voor("bevolking", regio.code)
    centrum = rng.uniform(0.22, 0.38) if n > 4 else rng.uniform(0.35, 0.5)
    overig = rng.lognormal(0.0, 0.6, n - 1)
    gewichten = np.concatenate([[centrum], (1 - centrum) * overig / overig.sum()]) if n > 1 else np.array([1.0])
    totaal = regio.omvang_x1000 * 1000 * (1 + rng.normal(0, 0.01))
    groei_regio = rng.normal(0.004, 0.003) + 0.003 * _stedelijkheid(regio)
    groei = groei_regio + rng.normal(0, 0.002, n) + np.where(np.arange(n) == 0, 0.002, 0.0)
    vergrijzing = rng.uniform(-1, 1) - 0.6 * _stedelijkheid(regio)
    jaren = np.array(JAREN_BEVOLKING) - 2025
    basis = _LEEFTIJD_AANDEEL + vergrijzing * np.array([-0.010, -0.010, -0.030, 0.0, 0.015, 0.035])
    aandelen = np.repeat(basis[None, :], n, axis=0) + rng.normal(0, 0.004, (n, 6))
    aandelen[0] += np.array([-0.005, 0.020, 0.020, 0.0, -0.005, -0.030])  # the centre is younger
    helling = np.array([-0.0010, -0.0003, -0.0012, -0.0008, 0.0003, 0.0030])  # the 65+ share rises
    per_jaar = aandelen[:, :, None] + helling[None, :, None] * jaren[None, None, :]
    per_jaar = per_jaar / per_jaar.sum(axis=1, keepdims=True)
    inwoners = totaal * gewichten[:, None] * np.exp(groei[:, None] * jaren[None, :])
    return inwoners[:, None, :] * per_jaar, gewichten, vergrijzing


def _prognose_regio(regio: Regio, bevolking: np.ndarray) -> np.ndarray:
    """Forecast per unit x age x JAREN_PROGNOSE, starting from the 2021 population trend (edition 2021)."""
    rng = rng_voor("bevolkingsprognose", regio.code)
    n = bevolking.shape[0]
    basis = bevolking[:, :, JAREN_BEVOLKING.index(2021)]
    totaal = basis.sum(axis=1)
    verleden = bevolking.sum(axis=1)
    groei = np.log(verleden[:, -1] / verleden[:, 0]) / (len(JAREN_BEVOLKING) - 1) + rng.normal(0, 0.001, n)
    t = np.array(JAREN_PROGNOSE) - 2021
    gedempt = t - 0.015 * t**2  # growth slows down over the horizon
    inwoners = totaal[:, None] * np.exp(groei[:, None] * gedempt[None, :])
    aandelen = basis / totaal[:, None]
    verschuiving = np.array([-0.0008, -0.0004, -0.0010, -0.0002, -0.0002, 0.0026])
    duur = np.minimum(t, 19) + 0.3 * np.maximum(t - 19, 0)  # ageing flattens after 2040
    per_jaar = aandelen[:, :, None] + verschuiving[None, :, None] * duur[None, None, :]
    per_jaar = np.clip(per_jaar, 0.01, None)
    per_jaar = per_jaar / per_jaar.sum(axis=1, keepdims=True)
    return inwoners[:, None, :] * per_jaar


def _banen_regio(regio: Regio, sectoren: tuple[str, ...], bevolking2025: np.ndarray) -> np.ndarray:
    """Jobs per unit x sector x year (x 1 000) for one region."""
    rng = rng_voor("banen", regio.code)
    stad = _stedelijkheid(regio)
    verhouding = float(np.clip(0.49 + 0.045 * stad + rng.normal(0, 0.02), 0.45, 0.56))
    totaal2024 = regio.omvang_x1000 * verhouding
    params = np.array([SECTOR_PARAMETERS.get(s, _SECTOR_STANDAARD) for s in sectoren])
    structuur = np.array([_STEDELIJK.get(s, 1.0) ** stad * _LANDELIJK.get(s, 1.0) ** (1 - stad) for s in sectoren])
    aandelen = params[:, 0] * structuur * np.exp(rng.normal(0, 0.15, len(sectoren)))
    aandelen /= aandelen.sum()
    groei = params[:, 1] + rng.normal(0, 0.006, len(sectoren)) + rng.normal(0, 0.004)
    if regio.code in PATROON_BOUW_GROEIT_INSTROOM_DAALT and "F" in sectoren:
        groei[sectoren.index("F")] = 0.03 + rng.uniform(0, 0.01)
    jaren = np.array(JAREN_BANEN) - 2024
    schok = np.cumsum(rng.normal(0, 0.008, (len(sectoren), len(jaren))), axis=1)
    schok -= schok[:, -1:]
    niveau = np.log(totaal2024 * aandelen)[:, None] + groei[:, None] * jaren[None, :] + schok
    for s, (dip2020, dip2021) in _COVID.items():
        if s in sectoren:
            niveau[sectoren.index(s), JAREN_BANEN.index(2020)] += dip2020
            niveau[sectoren.index(s), JAREN_BANEN.index(2021)] += dip2021
    regio_banen = np.exp(niveau)  # sector x year
    n = len(bevolking2025)
    macht = params[:, 2]
    verdeling = (bevolking2025[:, None] ** macht[None, :]) * np.exp(rng.normal(0, 0.3, (n, len(sectoren))))
    drift = np.exp(np.cumsum(rng.normal(0, 0.01, (n, len(sectoren), len(jaren))), axis=2))
    verdeling = verdeling[:, :, None] * drift
    verdeling /= verdeling.sum(axis=0, keepdims=True)
    return verdeling * regio_banen[None, :, :]


def _onderwijs_regio(regio: Regio, jongeren: np.ndarray, jongeren_nl: np.ndarray, jongeren_met_niveau: dict[str, np.ndarray]) -> np.ndarray:
    """Students per unit x level x field x topic x year for one region (by residence of the student)."""
    rng = rng_voor("onderwijs", regio.code)
    n = jongeren.shape[0]
    regio_jongeren = jongeren.sum(axis=0)  # per JAREN_ONDERWIJS year
    aanloop = max(_DUUR.values())
    jaren = np.arange(JAREN_ONDERWIJS[0] - aanloop, JAREN_ONDERWIJS[-1] + 1)
    uitkomst = np.zeros((n, len(ONDERWIJSNIVEAUS), len(RICHTINGEN), 3, len(JAREN_ONDERWIJS)))
    aandeel_eenheid = jongeren / np.maximum(regio_jongeren, 1)[None, :]
    for i, niveau in enumerate(ONDERWIJSNIVEAUS):
        soort = "mbo" if niveau.startswith("mbo") else niveau
        verdeling = np.array(_RICHTING_VERDELING[soort]) * np.exp(rng.normal(0, 0.15, len(RICHTINGEN)))
        if soort == "hbo" and regio.code in GEEN_HBO_REGIOS or soort == "wo" and regio.code not in WO_REGIOS:
            verdeling[:] = 0.0
        if soort == "hbo" and regio.code in GEEN_HBO_TECHNIEK_REGIOS:
            verdeling[RICHTINGEN.index("techniek_bouw")] = 0.0
        if verdeling.sum() == 0:
            continue
        verdeling /= verdeling.sum()
        # hbo and wo students are counted only in regions with such programmes, so those regions carry the
        # national total (a simplification of residence-based counts, documented in docs/demodata.md).
        opschaling = jongeren_nl / jongeren_met_niveau[niveau] if soort in ("hbo", "wo") else np.ones(len(JAREN_ONDERWIJS))
        studenten2020 = _STUDENTEN_PER_JONGERE[niveau] * regio_jongeren[JAREN_ONDERWIJS.index(2020)] * opschaling[JAREN_ONDERWIJS.index(2020)]
        studenten2020 *= np.exp(rng.normal(0, 0.08))
        duur = _DUUR[niveau]
        for j, richting in enumerate(RICHTINGEN):
            if verdeling[j] == 0:
                continue
            trend = _INSTROOM_TREND.get((niveau, richting), 0.0) + rng.normal(0, 0.008)
            if niveau == "mbo_4" and richting == "techniek_bouw" and regio.code in PATROON_BOUW_GROEIT_INSTROOM_DAALT:
                trend = -0.035 - rng.uniform(0, 0.01)
            instroom = studenten2020 * verdeling[j] / duur * np.exp(trend * (jaren - 2020) + rng.normal(0, 0.03, len(jaren)))
            ingeschreven = np.convolve(instroom, np.ones(duur), mode="full")[: len(jaren)] * 0.93
            gediplomeerd = np.concatenate([np.full(duur - 1, instroom[0]), instroom[: len(jaren) - duur + 1]]) * _SLAAGKANS[niveau]
            reeks = np.stack([ingeschreven, instroom, gediplomeerd])[:, aanloop:]  # topic x year
            gewicht = aandeel_eenheid * (np.where(np.arange(n) == 0, 2.0, 1.0)[:, None] if soort in ("hbo", "wo") else 1.0)
            gewicht = gewicht * np.exp(rng.normal(0, 0.1, (n, 1)))
            gewicht /= gewicht.sum(axis=0, keepdims=True)
            uitkomst[:, i, j, :, :] = gewicht[:, None, :] * reeks[None, :, :]
    return uitkomst


@functools.lru_cache(maxsize=1)
def wereld(sectoren: tuple[str, ...] = tuple(SECTOR_PARAMETERS)) -> Wereld:
    """Build (once per process) every model array."""
    regios = alle_regios()
    eenheden = demo_gemeenten()
    codes = [r.code for r in regios]
    regio_index = np.array([codes.index(g.regio) for g in eenheden])
    n = len(eenheden)
    bevolking = np.zeros((n, 6, len(JAREN_BEVOLKING)))
    prognose = np.zeros((n, 6, len(JAREN_PROGNOSE)))
    banen = np.zeros((n, len(sectoren), len(JAREN_BANEN)))
    for r, regio in enumerate(regios):
        leden = np.flatnonzero(regio_index == r)
        pop, _, _ = _bevolking_regio(regio, len(leden))
        bevolking[leden] = pop
        prognose[leden] = _prognose_regio(regio, pop)
        banen[leden] = _banen_regio(regio, sectoren, pop[:, :, -1].sum(axis=1))
    eerste = JAREN_BEVOLKING.index(JAREN_ONDERWIJS[0])
    jongeren = bevolking[:, LEEFTIJDEN.index("leeftijd_15_25"), eerste : eerste + len(JAREN_ONDERWIJS)]
    jongeren_nl = jongeren.sum(axis=0)
    heeft = {
        "hbo": np.array([r.code not in GEEN_HBO_REGIOS for r in regios]),
        "wo": np.array([r.code in WO_REGIOS for r in regios]),
    }
    jongeren_met_niveau = {niveau: jongeren[heeft[niveau][regio_index]].sum(axis=0) for niveau in heeft}
    onderwijs = np.zeros((n, len(ONDERWIJSNIVEAUS), len(RICHTINGEN), 3, len(JAREN_ONDERWIJS)))
    for r, regio in enumerate(regios):
        leden = np.flatnonzero(regio_index == r)
        onderwijs[leden] = _onderwijs_regio(regio, jongeren[leden], jongeren_nl, jongeren_met_niveau)
    return Wereld(regios, eenheden, regio_index, bevolking, prognose, sectoren, banen, onderwijs)


def werkenden_per_baan(sector: str) -> float:
    return _WERKENDEN_PER_BAAN.get(sector, 1.05)


def onderwijsprofiel(sector: str, jaren: np.ndarray) -> np.ndarray:
    """Shares of workers by education level (level x year) for a sector, shifting upward over time."""
    profiel = np.array(SECTOR_ONDERWIJSPROFIEL.get(sector, _PROFIEL_STANDAARD), dtype=float)
    profiel /= profiel.sum()
    verschuiving = np.array([-0.005, -0.001, 0.0, 0.003, 0.003])
    per_jaar = profiel[:, None] + verschuiving[:, None] * (jaren[None, :] - 2020)
    per_jaar = np.clip(per_jaar, 0.01, None)
    return per_jaar / per_jaar.sum(axis=0, keepdims=True)


KENMERKEN = (
    "totaal", "leeftijd_15_25", "leeftijd_25_45", "leeftijd_45_55", "leeftijd_55_75",
    "onderwijs_laag", "onderwijs_middelbaar", "onderwijs_hoog", "mannen", "vrouwen",
)
BEROEPSBEVOLKING_ONDERWERPEN = ("potentiele_beroepsbevolking", "beroepsbevolking", "werkzame_beroepsbevolking", "werkloze_beroepsbevolking")
_WERKLOOSHEID_NL = dict(zip(JAREN_BEROEPSBEVOLKING, (0.050, 0.048, 0.045, 0.041, 0.037, 0.040, 0.037, 0.034, 0.035, 0.036)))
# participation, relative unemployment per group (age groups, then education levels, then sex)
_DEELNAME = {"leeftijd_15_25": (0.70, 2.0), "leeftijd_25_45": (0.88, 0.9), "leeftijd_45_55": (0.86, 0.75),
             "leeftijd_55_75": (0.45, 0.85), "onderwijs_laag": (0.55, 1.6), "onderwijs_middelbaar": (0.78, 1.0),
             "onderwijs_hoog": (0.88, 0.65), "mannen": (0.76, 0.95), "vrouwen": (0.69, 1.05)}


def beroepsbevolking(w: Wereld) -> np.ndarray:
    """Labour force per region x KENMERKEN x topic(4) x JAREN_BEROEPSBEVOLKING, x 1 000 (float)."""
    jaren = np.array(JAREN_BEROEPSBEVOLKING)
    kolommen = [JAREN_BEVOLKING.index(j) for j in JAREN_BEROEPSBEVOLKING]
    uitkomst = np.zeros((len(w.regios), len(KENMERKEN), 4, len(jaren)))
    for r, regio in enumerate(w.regios):
        rng = rng_voor("beroepsbevolking", regio.code)
        pop = w.bevolking[w.regio_index == r].sum(axis=0)[:, kolommen] / 1000  # age x year, x 1 000
        i = LEEFTIJDEN.index
        potentieel = {
            "leeftijd_15_25": 0.98 * pop[i("leeftijd_15_25")],
            "leeftijd_25_45": pop[i("leeftijd_25_45")],
            "leeftijd_45_55": pop[i("leeftijd_45_55")],
            "leeftijd_55_75": pop[i("leeftijd_55_65")] + 0.45 * pop[i("leeftijd_65_plus")],
        }
        totaal_potentieel = sum(potentieel.values())
        stad = _stedelijkheid(regio)
        hoog = np.clip(0.30 + 0.10 * stad + rng.normal(0, 0.03) + 0.006 * (jaren - 2020), 0.18, 0.55)
        laag = np.clip(0.29 - 0.05 * stad + rng.normal(0, 0.02) - 0.005 * (jaren - 2020), 0.12, 0.40)
        potentieel.update({
            "onderwijs_laag": laag * totaal_potentieel,
            "onderwijs_middelbaar": (1 - laag - hoog) * totaal_potentieel,
            "onderwijs_hoog": hoog * totaal_potentieel,
            "mannen": 0.503 * totaal_potentieel,
            "vrouwen": 0.497 * totaal_potentieel,
        })
        werkloosheid = np.array([_WERKLOOSHEID_NL[j] for j in JAREN_BEROEPSBEVOLKING])
        werkloosheid = np.clip(werkloosheid + rng.normal(0, 0.003) + 0.004 * stad + rng.normal(0, 0.001, len(jaren)), 0.028, 0.058)
        extra_deelname = rng.normal(0, 0.015) + 0.003 * (jaren - 2020)
        for k, kenmerk in enumerate(KENMERKEN[1:], start=1):
            deelname, relatief = _DEELNAME[kenmerk]
            pot = potentieel[kenmerk]
            bb = pot * np.clip(deelname + extra_deelname, 0.2, 0.95)
            wl = bb * werkloosheid * relatief
            uitkomst[r, k] = np.stack([pot, bb, bb - wl, wl])
        leeftijd = [KENMERKEN.index(k) for k in KENMERKEN if k.startswith("leeftijd_")]
        uitkomst[r, 0] = uitkomst[r, leeftijd].sum(axis=0)
    return uitkomst
