"""The numeric model behind the demo data (synthetic, never real figures).

Everything is drawn from random generators seeded by a hash of (subject, region or piece code), so the output
does not depend on dict order, hash seed, time or the order in which tables are requested. The model works on
*pieces* of territory (:func:`werkboek.demo.gebied.stukken`); the table builders add pieces up to whatever
gemeente, arbeidsmarktregio, COROP area, province or landsdeel a table's classification year asks for.

Model in short:
- Population per piece, sex and single year of age (0 .. 104, 105 = "105 jaar of ouder"), 1 January 2000-2026,
  in whole persons: the region's ``omvang_x1000`` split over its pieces (one larger centre), a growth rate per
  piece, and an age pyramid from birth cohorts (a post-war boom) and survival, with per region an ageing index
  and students living in the centres of university and hbo regions.
- Jobs of employees (x 1 000) per piece and SBI section A..S, December 2010-2024: about 0.5 jobs per inhabitant,
  split over sections by a Dutch pattern with urban/rural differences, section growth (some shrink; a 2020 dip
  in hospitality and culture; construction grows fast in :data:`PATROON_BOUW_GROEIT`), then spread over the
  pieces of a region in proportion to population to a section-specific power.
- Labour force (x 1 000, Enquête beroepsbevolking style) per piece, person characteristic and year 2013-2024:
  the population 15-75, participation and unemployment by age band; sex, education level (laag, middelbaar,
  hoog, onbekend) and migration background are scaled to add up to the same totals.
- Pupils and students by residence per piece, school year 2011/'12-2024/'25 and sex, in 27 leaf kinds of
  education (po and special education, vo kinds, vavo, mbo level x leerweg with extranei, hbo, wo): rates per
  single year of age applied to the population; hbo and wo students live mostly in the centres of regions with
  such schools, but every region has some. Graduates (:func:`gediplomeerden`) are a share of the enrolment of
  the same year per kind (hbo split into associate degree, bachelor and master; wo into bachelor and master).
  Mbo students and graduates per broad ISCED-F field (:func:`mbo_richtingen`) split the mbo leaves by a field
  mix that differs per level, per piece (urban and rural) and over time; some fields have no course at some
  levels, and small pieces have empty fields.
- The regional population forecast 2023-2050 per piece, damped continuation of the recent growth.

Why one module of this size: the one synthetic model of the Dutch regions (jobs, labour force,
population, education) that every demo table derives from, so the tables agree with each other.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

import numpy as np

from werkboek.demo import gebied
from werkboek.regios import Regio, alle_regios

JAREN = tuple(range(2000, 2027))          # model years (population on 1 January)
JAREN_BANEN = tuple(range(2010, 2025))    # December of each year
JAREN_BEROEPSBEVOLKING = tuple(range(2013, 2025))
JAREN_ONDERWIJS = tuple(range(2011, 2025))  # school year y/y+1: 2011/'12 .. 2024/'25
JAREN_PROGNOSE = tuple(range(2023, 2051))
PROGNOSE_INDELING = 2021
HOOGSTE_LEEFTIJD = 105                    # index 105: 105 jaar of ouder
LEEFTIJDEN = np.arange(HOOGSTE_LEEFTIJD + 1)

# SBI 2008 sections in the model: (share of jobs, yearly growth, concentration in larger gemeenten).
SECTIES: dict[str, tuple[float, float, float]] = {
    "A": (0.013, -0.010, 0.55), "B": (0.0016, -0.020, 0.80), "C": (0.083, -0.002, 0.95),
    "D": (0.0040, 0.000, 1.20), "E": (0.0040, 0.005, 0.90), "F": (0.058, 0.012, 0.95),
    "G": (0.150, 0.007, 1.05), "H": (0.046, 0.010, 1.00), "I": (0.056, 0.015, 1.10),
    "J": (0.036, 0.030, 1.45), "K": (0.026, -0.015, 1.45), "L": (0.008, 0.004, 1.20),
    "M": (0.068, 0.020, 1.35), "N": (0.090, 0.014, 1.10), "O": (0.055, 0.010, 1.25),
    "P": (0.066, 0.009, 1.10), "Q": (0.160, 0.020, 1.10), "R": (0.019, 0.006, 1.05), "S": (0.017, 0.002, 1.05),
}
SECTIE_LETTERS = tuple(SECTIES)
_COVID = {"I": (-0.14, -0.07), "R": (-0.10, -0.05), "S": (-0.05, -0.02), "N": (-0.03, -0.01)}
_STEDELIJK = {"J": 1.4, "K": 1.5, "M": 1.35, "A": 0.35, "B": 0.5, "C": 0.7, "F": 0.85, "O": 1.15}
_LANDELIJK = {"A": 1.7, "B": 1.4, "C": 1.3, "E": 1.2, "F": 1.15, "J": 0.7, "K": 0.7, "M": 0.8}
# Persons working (employees and self-employed) per job of employees, by section.
_WERKENDEN_PER_BAAN = {"A": 2.0, "F": 1.45, "M": 1.35, "R": 1.4, "S": 1.4, "L": 1.3, "J": 1.15}
# Share of women among workers by section (85272NED's Geslacht dimension).
AANDEEL_VROUWEN = {"A": 0.30, "B": 0.15, "C": 0.25, "D": 0.25, "E": 0.20, "F": 0.10, "G": 0.50, "H": 0.25,
                   "I": 0.55, "J": 0.28, "K": 0.45, "L": 0.45, "M": 0.45, "N": 0.45, "O": 0.45, "P": 0.70,
                   "Q": 0.83, "R": 0.50, "S": 0.65, "T": 0.80}
# Workers by education level per section (mbo 1-2 and lower, mbo 3, mbo 4, hbo, wo); the work side has three
# levels (laag, middelbaar, hoog): laag = the first, middelbaar = mbo 3 + mbo 4, hoog = hbo + wo.
SECTOR_ONDERWIJSPROFIEL: dict[str, tuple[float, ...]] = {
    "A": (40, 22, 18, 14, 6), "B": (15, 18, 25, 25, 17), "C": (27, 20, 22, 19, 12), "D": (12, 15, 25, 28, 20),
    "E": (35, 22, 22, 14, 7), "F": (28, 27, 26, 15, 4), "G": (30, 22, 24, 17, 7), "H": (33, 24, 20, 15, 8),
    "I": (48, 22, 18, 9, 3), "J": (6, 7, 17, 40, 30), "K": (5, 7, 18, 38, 32), "L": (10, 12, 25, 35, 18),
    "M": (6, 8, 16, 35, 35), "N": (35, 22, 20, 16, 7), "O": (8, 12, 25, 32, 23), "P": (6, 8, 14, 45, 27),
    "Q": (10, 20, 30, 28, 12), "R": (22, 18, 25, 23, 12), "S": (25, 20, 25, 20, 10), "T": (60, 20, 12, 6, 2),
}
# Share of young (15-25) workers per section; the default applies to unlisted sections.
_AANDEEL_JONG = {"I": 0.40, "G": 0.27, "R": 0.22, "N": 0.18, "A": 0.16}

WO_REGIOS = frozenset({"AM01", "AM05", "AM08", "AM13", "AM18", "AM19", "AM21", "AM22", "AM26", "AM28", "AM30", "AM38"})
GEEN_HBO_REGIOS = frozenset({"AM09", "AM10", "AM12", "AM32", "AM35"})
# Regions where construction jobs grow fast (a pattern the analysis can find from the tables).
PATROON_BOUW_GROEIT = frozenset({"AM01", "AM02", "AM09", "AM24", "AM35", "AM36"})
# (region, section, year) where the section is suppressed for every gemeente of the region in 83582NED.
ONDERDRUKT_IN_HELE_REGIO = (("AM35", "K", 2018), ("AM03", "L", 2021))

# Labour force: person characteristics of the model, and the quantities per characteristic.
KENMERKEN = (
    "totaal", "mannen", "vrouwen",
    "leeftijd_15_25", "leeftijd_25_45", "leeftijd_45_55", "leeftijd_55_65", "leeftijd_65_75",
    "onderwijs_laag", "onderwijs_middelbaar", "onderwijs_hoog", "onderwijs_onbekend",
    "migratie_nederland", "migratie_westers", "migratie_nietwesters",
)
LEEFTIJDSBANDEN = {"leeftijd_15_25": (15, 25), "leeftijd_25_45": (25, 45), "leeftijd_45_55": (45, 55),
                   "leeftijd_55_65": (55, 65), "leeftijd_65_75": (65, 75)}
GROOTHEDEN = ("bnb", "bb", "werkloos", "werknemer")  # beroeps- en niet-beroepsbevolking, beroepsbevolking, ...
_WERKLOOSHEID_NL = dict(zip(JAREN_BEROEPSBEVOLKING, (0.073, 0.074, 0.069, 0.060, 0.049, 0.038, 0.034, 0.038,
                                                      0.042, 0.035, 0.036, 0.037)))

# Education: the leaf kinds the education tables add up (85701NED's Onderwijssoort without its totals; mbo per
# level and leerweg, 'ext' = extranei: exam candidates without a course), and the graduates' kinds (85702NED).
MBO_NIVEAUS = ("entree", "mbo2", "mbo3", "mbo4")
MBO_LEERWEGEN = ("bol", "bbl", "ext")
MBO_BLADEN = tuple(f"{niveau}_{leerweg}" for niveau in MBO_NIVEAUS for leerweg in MBO_LEERWEGEN)
ONDERWIJSBLADEN = (
    "bao", "sbao", "so", "vso",
    "vo_1_3", "vwo", "havo", "vmbo_gt", "vmbo_bk", "praktijk",
    "vavo_vwo", "vavo_havo", "vavo_vmbo",
    *MBO_BLADEN,
    "hbo", "wo",
)
DIPLOMASOORTEN = (
    "vwo", "havo", "vmbo_gt", "vmbo_k", "vmbo_b", "vavo_vwo", "vavo_havo", "vavo_vmbo",
    *MBO_BLADEN,
    "hbo_ad", "hbo_bachelor", "hbo_master", "wo_bachelor", "wo_master",
)
# The broad ISCED-F 2013 fields of mbo courses ('01' .. '10') and the students whose field is unknown.
RICHTINGEN = ("01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "onbekend")


def rng_voor(*delen: str) -> np.random.Generator:
    """A random generator seeded by a hash of the parts (e.g. subject and region code): stable across runs."""
    sleutel = "|".join(delen).encode("utf-8")
    return np.random.default_rng(int.from_bytes(hashlib.sha256(sleutel).digest()[:8], "little"))


def verdeel_geheel(waarden: np.ndarray, as_: int = -1) -> np.ndarray:
    """Whole numbers along ``as_`` that add up to the rounded sum (cumulative rounding, never negative)."""
    cumulatief = np.rint(np.cumsum(np.moveaxis(np.asarray(waarden, dtype=float), as_, -1), axis=-1))
    delen = np.diff(cumulatief, axis=-1, prepend=0.0)
    return np.moveaxis(delen, -1, as_)


def stedelijkheid(regio: Regio) -> float:
    """0 for small rural regions, 1 for the four large urban regions; a smooth function of size."""
    return float(np.clip((regio.omvang_x1000 - 300) / 700, 0.0, 1.0))


@dataclass(frozen=True)
class Wereld:
    """All model arrays. Axis 0 follows :attr:`stukken`."""

    stukken: tuple[gebied.DemoGemeente, ...]
    regios: tuple[Regio, ...]
    regio_index: np.ndarray   # piece -> index in regios (the piece's region in the latest classification)
    bevolking: np.ndarray     # piece x JAREN x sex(2: man, vrouw) x age(106), whole persons (int32)
    banen: np.ndarray         # piece x SECTIE_LETTERS x JAREN_BANEN, x 1 000 (float)
    beroepsbevolking: np.ndarray  # piece x JAREN_BEROEPSBEVOLKING x KENMERKEN x GROOTHEDEN, x 1 000
    onderwijs: np.ndarray     # piece x JAREN_ONDERWIJS x ONDERWIJSBLADEN x sex(2), whole persons (int32)
    prognose: np.ndarray      # piece x JAREN_PROGNOSE x sex(2), persons (float)


# ---------------------------------------------------------------------------------------------------------
# Population
# ---------------------------------------------------------------------------------------------------------

def _cohort(geboortejaar: np.ndarray) -> np.ndarray:
    """Relative size of a birth cohort: a post-war boom, an echo around 1990, fewer births after 2010."""
    c = np.asarray(geboortejaar, dtype=float)
    return 0.80 + 0.42 * np.exp(-((c - 1961) / 12) ** 2) + 0.10 * np.exp(-((c - 1990) / 7) ** 2) \
        - 0.08 * np.clip((c - 2006) / 12, 0, 1)


def _overleving(man: bool) -> np.ndarray:
    """Share of a cohort alive at each age (Gompertz); the last entry holds everyone of 105 and older."""
    a = np.arange(116, dtype=float)
    sterfte = 3.2e-5 if man else 2.0e-5
    s = np.exp(-(sterfte / 0.1) * (np.exp(0.1 * a) - 1))
    return np.concatenate([s[:HOOGSTE_LEEFTIJD], [s[HOOGSTE_LEEFTIJD:].sum()]])


def _piramide(jaar: int) -> np.ndarray:
    """National age-sex shape (sex x age) on 1 January of ``jaar``, unnormalised."""
    cohorten = _cohort(jaar - LEEFTIJDEN)
    cohorten[-1] = _cohort(np.arange(jaar - 115, jaar - 104)).mean()
    return np.stack([0.512 * cohorten * _overleving(True), 0.488 * cohorten * _overleving(False)])


def _bevolking(regios, stukken, regio_index) -> np.ndarray:
    jaren = np.array(JAREN)
    piramides = np.stack([_piramide(j) for j in JAREN])  # year x sex x age
    uit = np.zeros((len(stukken), len(JAREN), 2, len(LEEFTIJDEN)), dtype=np.int32)
    studentenleeftijd = np.exp(-((LEEFTIJDEN - 22) / 4.0) ** 2)
    oud = np.clip((LEEFTIJDEN - 45) / 40, -1, 1)
    for r, regio in enumerate(regios):
        leden = np.flatnonzero(regio_index == r)
        n = len(leden)
        rng = rng_voor("bevolking", regio.code)
        stad = stedelijkheid(regio)
        centrum = rng.uniform(0.22, 0.38) if n > 4 else rng.uniform(0.35, 0.5)
        overig = rng.lognormal(0.0, 0.6, n - 1)
        for i, stuk in enumerate(leden[1:]):
            if stukken[stuk].opgeheven is not None:  # gemeenten that merged away were small
                overig[i] *= 0.5
        gewichten = np.concatenate([[centrum], (1 - centrum) * overig / overig.sum()]) if n > 1 else np.array([1.0])
        totaal = regio.omvang_x1000 * 1000 * (1 + rng.normal(0, 0.01))
        groei = rng.normal(0.004, 0.003) + 0.003 * stad + rng.normal(0, 0.002, n) + np.where(np.arange(n) == 0, 0.002, 0.0)
        inwoners = totaal * gewichten[:, None] * np.exp(groei[:, None] * (jaren[None, :] - 2025))  # piece x year
        vergrijzing = rng.uniform(-1, 1) - 0.6 * stad + rng.normal(0, 0.15, n)
        studenten = 0.6 if regio.code in WO_REGIOS else (0.0 if regio.code in GEEN_HBO_REGIOS else 0.25)
        for i, stuk in enumerate(leden):
            factor = np.exp(0.25 * vergrijzing[i] * oud)
            factor = factor * ((1 + studenten * studentenleeftijd) if i == 0 else (1 - 0.15 * studentenleeftijd))
            vorm = piramides * factor[None, None, :]
            vorm = vorm / vorm.sum(axis=(1, 2), keepdims=True)
            uit[stuk] = verdeel_geheel((vorm * inwoners[i][:, None, None]).reshape(len(JAREN), -1)).reshape(vorm.shape)
    return uit


# ---------------------------------------------------------------------------------------------------------
# Jobs
# ---------------------------------------------------------------------------------------------------------

def _banen_regio(regio: Regio, bevolking2024: np.ndarray) -> np.ndarray:
    """Jobs per piece x section x year (x 1 000) for one region."""
    rng = rng_voor("banen", regio.code)
    secties = SECTIE_LETTERS
    stad = stedelijkheid(regio)
    verhouding = float(np.clip(0.49 + 0.045 * stad + rng.normal(0, 0.02), 0.45, 0.56))
    totaal2024 = regio.omvang_x1000 * verhouding
    params = np.array([SECTIES[s] for s in secties])
    structuur = np.array([_STEDELIJK.get(s, 1.0) ** stad * _LANDELIJK.get(s, 1.0) ** (1 - stad) for s in secties])
    aandelen = params[:, 0] * structuur * np.exp(rng.normal(0, 0.15, len(secties)))
    aandelen /= aandelen.sum()
    groei = params[:, 1] + rng.normal(0, 0.006, len(secties)) + rng.normal(0, 0.004)
    if regio.code in PATROON_BOUW_GROEIT:
        groei[secties.index("F")] = 0.03 + rng.uniform(0, 0.01)
    jaren = np.array(JAREN_BANEN) - 2024
    schok = np.cumsum(rng.normal(0, 0.008, (len(secties), len(jaren))), axis=1)
    schok -= schok[:, -1:]
    niveau = np.log(totaal2024 * aandelen)[:, None] + groei[:, None] * jaren[None, :] + schok
    for s, (dip2020, dip2021) in _COVID.items():
        niveau[secties.index(s), JAREN_BANEN.index(2020)] += dip2020
        niveau[secties.index(s), JAREN_BANEN.index(2021)] += dip2021
    regio_banen = np.exp(niveau)  # section x year
    n = len(bevolking2024)
    macht = params[:, 2]
    verdeling = (bevolking2024[:, None] ** macht[None, :]) * np.exp(rng.normal(0, 0.3, (n, len(secties))))
    # some small gemeenten have no employer at all in a rare section
    zeldzaam = np.array([s in ("B", "D", "E") for s in secties])
    verdeling[:, zeldzaam] *= rng.random((n, int(zeldzaam.sum()))) < 0.7
    verdeling[0] = np.maximum(verdeling[0], 1e-6)
    drift = np.exp(np.cumsum(rng.normal(0, 0.01, (n, len(secties), len(jaren))), axis=2))
    verdeling = verdeling[:, :, None] * drift
    verdeling /= verdeling.sum(axis=0, keepdims=True)
    return verdeling * regio_banen[None, :, :]


def werkenden_per_baan(sectie: str) -> float:
    return _WERKENDEN_PER_BAAN.get(sectie, 1.05)


def onderwijsprofiel(sectie: str, jaren: np.ndarray) -> np.ndarray:
    """Shares of workers by education level (laag, middelbaar, hoog) x year for a section, shifting upward."""
    profiel = np.array(SECTOR_ONDERWIJSPROFIEL[sectie], dtype=float)
    profiel = np.array([profiel[0], profiel[1] + profiel[2], profiel[3] + profiel[4]])
    profiel /= profiel.sum()
    verschuiving = np.array([-0.005, 0.0, 0.005])
    per_jaar = np.clip(profiel[:, None] + verschuiving[:, None] * (jaren[None, :] - 2020), 0.01, None)
    return per_jaar / per_jaar.sum(axis=0, keepdims=True)


def aandeel_jong(sectie: str) -> float:
    return _AANDEEL_JONG.get(sectie, 0.12)


# ---------------------------------------------------------------------------------------------------------
# Labour force
# ---------------------------------------------------------------------------------------------------------

_DEELNAME = {"leeftijd_15_25": 0.68, "leeftijd_25_45": 0.87, "leeftijd_45_55": 0.85, "leeftijd_55_65": 0.62,
             "leeftijd_65_75": 0.09}
_DEELNAME_TREND = {"leeftijd_55_65": 0.012, "leeftijd_65_75": 0.005, "leeftijd_15_25": 0.002}
_WERKLOOS_RELATIEF = {"leeftijd_15_25": 2.2, "leeftijd_25_45": 0.9, "leeftijd_45_55": 0.75, "leeftijd_55_65": 0.9,
                      "leeftijd_65_75": 0.6}
_WERKNEMER = {"leeftijd_15_25": 0.93, "leeftijd_25_45": 0.86, "leeftijd_45_55": 0.84, "leeftijd_55_65": 0.80,
              "leeftijd_65_75": 0.45}
# other families: (participation, relative unemployment, share employees) per characteristic
_FAMILIES = {
    "geslacht": {"mannen": (0.74, 0.95, 0.82), "vrouwen": (0.67, 1.05, 0.88)},
    "onderwijs": {"onderwijs_laag": (0.68, 1.7, 0.86), "onderwijs_middelbaar": (0.80, 1.0, 0.86),
                  "onderwijs_hoog": (0.88, 0.65, 0.83), "onderwijs_onbekend": (0.60, 1.2, 0.80)},
    "migratie": {"migratie_nederland": (0.79, 0.8, 0.86), "migratie_westers": (0.75, 1.3, 0.82),
                 "migratie_nietwesters": (0.66, 2.1, 0.86)},
}


def _beroepsbevolking(regios, stukken, regio_index, bevolking) -> np.ndarray:
    jaren = np.array(JAREN_BEROEPSBEVOLKING)
    kolommen = [JAREN.index(j) for j in JAREN_BEROEPSBEVOLKING]
    pop = bevolking[:, kolommen].astype(float) / 1000 * 0.985  # piece x year x sex x age, x 1 000 (no institutions)
    uit = np.zeros((len(stukken), len(jaren), len(KENMERKEN), len(GROOTHEDEN)))
    k = KENMERKEN.index
    werkloosheid_nl = np.array([_WERKLOOSHEID_NL[j] for j in JAREN_BEROEPSBEVOLKING])
    for r, regio in enumerate(regios):
        leden = np.flatnonzero(regio_index == r)
        rng = rng_voor("beroepsbevolking", regio.code)
        stad = stedelijkheid(regio)
        u = np.clip(werkloosheid_nl + rng.normal(0, 0.003) + 0.004 * stad + rng.normal(0, 0.001, len(jaren)), 0.025, 0.09)
        extra = rng.normal(0, 0.015) + rng.normal(0, 0.01, len(leden))
        p = pop[leden]
        for naam, (van, tot) in LEEFTIJDSBANDEN.items():
            bnb = p[:, :, :, van:tot].sum(axis=(2, 3))
            deelname = np.clip(_DEELNAME[naam] + _DEELNAME_TREND.get(naam, 0.0) * (jaren - 2013)[None, :]
                               + extra[:, None], 0.03, 0.97)
            bb = bnb * deelname
            wl = bb * u[None, :] * _WERKLOOS_RELATIEF[naam]
            uit[leden, :, k(naam)] = np.stack([bnb, bb, wl, (bb - wl) * _WERKNEMER[naam]], axis=-1)
        banden = [k(n) for n in LEEFTIJDSBANDEN]
        uit[leden, :, k("totaal")] = uit[leden][:, :, banden].sum(axis=2)
        totaal = uit[leden, :, k("totaal")]  # piece x year x quantity
        bnb_geslacht = {"mannen": p[:, :, 0, 15:75].sum(axis=2), "vrouwen": p[:, :, 1, 15:75].sum(axis=2)}
        hoog = np.clip(0.31 + 0.10 * stad + rng.normal(0, 0.03) + 0.006 * (jaren - 2020), 0.15, 0.6)
        laag = np.clip(0.27 - 0.05 * stad + rng.normal(0, 0.02) - 0.005 * (jaren - 2020), 0.1, 0.45)
        onbekend = np.full(len(jaren), 0.012)
        westers = np.clip(0.09 + 0.04 * stad + rng.normal(0, 0.01), 0.03, 0.2) + 0.001 * (jaren - 2020)
        nietwesters = np.clip(0.05 + 0.16 * stad + rng.normal(0, 0.015), 0.02, 0.35) + 0.002 * (jaren - 2020)
        aandelen = {
            "onderwijs": {"onderwijs_laag": laag, "onderwijs_middelbaar": 1 - laag - hoog - onbekend,
                          "onderwijs_hoog": hoog, "onderwijs_onbekend": onbekend},
            "migratie": {"migratie_nederland": 1 - westers - nietwesters, "migratie_westers": westers,
                         "migratie_nietwesters": nietwesters},
        }
        for familie, leden_familie in _FAMILIES.items():
            ruw = {}
            for naam, (deelname, relatief, werknemer) in leden_familie.items():
                if familie == "geslacht":
                    bnb = bnb_geslacht[naam]
                else:
                    bnb = totaal[:, :, 0] * aandelen[familie][naam][None, :]
                bb = bnb * deelname
                wl = bb * u[None, :] * relatief
                ruw[naam] = np.stack([bnb, bb, wl, (bb - wl) * werknemer], axis=-1)
            som = sum(ruw.values())
            for naam, waarden in ruw.items():  # the family adds up to the same totals
                uit[leden, :, k(naam)] = waarden * totaal / np.where(som > 0, som, 1.0)
    return uit


# ---------------------------------------------------------------------------------------------------------
# Education
# ---------------------------------------------------------------------------------------------------------

def _profiel(punten: dict) -> np.ndarray:
    """Share of a one-year cohort enrolled at each age: {age or (van, tot): share}."""
    uit = np.zeros(len(LEEFTIJDEN))
    for leeftijd, aandeel in punten.items():
        if isinstance(leeftijd, tuple):
            uit[leeftijd[0]:leeftijd[1]] = aandeel
        else:
            uit[leeftijd] = aandeel
    return uit


_MBO = {  # per level: share of a cohort per age (before the factor 1.5), and the share in bbl
    "entree": ({16: 0.010, 17: 0.012, 18: 0.010, (19, 25): 0.004, (25, 50): 0.0005}, 0.30),
    "mbo2": ({16: 0.040, 17: 0.050, 18: 0.045, 19: 0.030, 20: 0.020, (21, 25): 0.010, (25, 50): 0.002}, 0.45),
    "mbo3": ({16: 0.040, 17: 0.060, 18: 0.060, 19: 0.045, 20: 0.030, 21: 0.015, (22, 25): 0.008, (25, 50): 0.002}, 0.35),
    "mbo4": ({16: 0.080, 17: 0.150, 18: 0.160, 19: 0.130, 20: 0.080, 21: 0.045, 22: 0.025, (23, 25): 0.012,
              (25, 30): 0.005, (30, 50): 0.0015}, 0.20),
}
# Extranei per level: as a share of the level's students, six years older.
_EXTRANEI = {"entree": 0.010, "mbo2": 0.035, "mbo3": 0.025, "mbo4": 0.015}
_PO = {
    "bao": {4: 0.80, (5, 12): 0.955, 12: 0.12},
    "sbao": {(6, 13): 0.022},
    "so": {(4, 13): 0.012},
    "vso": {(12, 20): 0.016},
}
_VO = {
    "vo_1_3": {11: 0.03, 12: 0.80, 13: 0.82, 14: 0.35, 15: 0.03},
    "vwo": {14: 0.14, 15: 0.19, 16: 0.19, 17: 0.17, 18: 0.06},
    "havo": {14: 0.13, 15: 0.23, 16: 0.22, 17: 0.08, 18: 0.02},
    "vmbo_gt": {14: 0.08, 15: 0.20, 16: 0.14, 17: 0.03},
    "vmbo_bk": {14: 0.07, 15: 0.17, 16: 0.12, 17: 0.03},
    "praktijk": {12: 0.025, 13: 0.028, 14: 0.028, 15: 0.028, 16: 0.025, 17: 0.015},
    "vavo": {17: 0.010, 18: 0.012, 19: 0.008, (20, 30): 0.002, (30, 50): 0.0005},
    "hbo": {17: 0.05, 18: 0.15, 19: 0.21, 20: 0.22, 21: 0.21, 22: 0.17, 23: 0.12, 24: 0.08, 25: 0.05,
            (26, 30): 0.025, (30, 50): 0.006, (50, 70): 0.0008},
    "wo": {18: 0.08, 19: 0.12, 20: 0.13, 21: 0.13, 22: 0.12, 23: 0.10, 24: 0.07, 25: 0.04, (26, 30): 0.015,
           (30, 50): 0.002, (50, 70): 0.0003},
}
_VAVO = {"vavo_vwo": 0.35, "vavo_havo": 0.45, "vavo_vmbo": 0.20}
_TREND = {"vwo": 0.010, "havo": 0.004, "vmbo_gt": -0.008, "vmbo_bk": -0.012, "hbo": 0.010, "wo": 0.020,
          "mbo4": 0.006, "mbo2": -0.006, "entree": -0.010, "sbao": -0.010, "so": 0.005, "vso": 0.010}
# relative enrolment of (men, women)
_GESLACHT = {"vwo": (0.92, 1.08), "vmbo_bk": (1.1, 0.9), "hbo": (0.9, 1.1), "wo": (0.92, 1.08), "bbl": (1.3, 0.7),
             "sbao": (1.45, 0.55), "so": (1.5, 0.5), "vso": (1.55, 0.45)}


def _soort(blad: str) -> str:
    """The kind of a leaf for trends and residence: the mbo level of an mbo leaf, else the leaf itself."""
    return blad.rsplit("_", 1)[0] if blad in MBO_BLADEN else blad


@functools.lru_cache(maxsize=1)
def onderwijsprofielen() -> dict[str, np.ndarray]:
    """Leaf kind -> share of a cohort enrolled per single year of age (before trend, sex and region)."""
    uit = {naam: _profiel(punten) for naam, punten in {**_PO, **_VO}.items()}
    vavo = uit.pop("vavo")
    uit.update({naam: vavo * aandeel for naam, aandeel in _VAVO.items()})
    for niveau, (punten, bbl) in _MBO.items():
        basis = _profiel(punten) * 1.5
        uit[f"{niveau}_bol"] = basis * (1 - bbl)
        uit[f"{niveau}_bbl"] = np.concatenate([np.zeros(3), basis[:-3]]) * bbl  # bbl students are older
        uit[f"{niveau}_ext"] = np.concatenate([np.zeros(6), basis[:-6]]) * _EXTRANEI[niveau]
    return {naam: uit[naam] for naam in ONDERWIJSBLADEN}


def _onderwijs(regios, stukken, regio_index, bevolking) -> np.ndarray:
    profielen = onderwijsprofielen()
    # school year y/y+1: the population on 1 January of y+1 (close to the count date, 1 October)
    kolommen = [JAREN.index(j + 1) for j in JAREN_ONDERWIJS]
    pop = bevolking[:, kolommen].astype(float)  # piece x year x sex x age
    jaren = np.array(JAREN_ONDERWIJS)
    uit = np.zeros((len(stukken), len(jaren), len(ONDERWIJSBLADEN), 2), dtype=np.int32)
    for r, regio in enumerate(regios):
        leden = np.flatnonzero(regio_index == r)
        rng = rng_voor("onderwijs", regio.code)
        stad = stedelijkheid(regio)
        is_centrum = np.arange(len(leden)) == 0
        regionaal = np.exp(rng.normal(0, 0.06, len(ONDERWIJSBLADEN)))
        tellingen = np.zeros((len(leden), len(jaren), len(ONDERWIJSBLADEN), 2))
        for b, blad in enumerate(ONDERWIJSBLADEN):
            soort = _soort(blad)
            trend = np.exp(_TREND.get(soort, 0.0) * (jaren - 2010))
            geslacht = _GESLACHT.get("bbl" if blad.endswith("_bbl") else soort, (1.0, 1.0))
            woont = np.ones(len(leden))
            if soort in ("hbo", "wo"):  # students live near their school, but every region has some
                heeft = regio.code in WO_REGIOS if soort == "wo" else regio.code not in GEEN_HBO_REGIOS
                woont = np.where(is_centrum, 2.2 if heeft else 0.9, 0.85 if heeft else 0.6)
            elif soort in MBO_NIVEAUS:
                woont = np.full(len(leden), 1.05 - 0.1 * stad)
            aantallen = np.einsum("pysa,a->pys", pop[leden], profielen[blad])
            tellingen[:, :, b, :] = aantallen * trend[None, :, None] * np.array(geslacht)[None, None, :] \
                * woont[:, None, None] * regionaal[b]
        uit[leden] = verdeel_geheel(tellingen)
    return uit


# Graduates per kind outside mbo: (the enrolment leaf they come from, diplomas per enrolled student in a school
# year, yearly trend). A student who finishes a bachelor and goes on to a master counts for both diplomas.
_DIPLOMA = {
    "vwo": ("vwo", 0.235, 0.0), "havo": ("havo", 0.31, 0.0), "vmbo_gt": ("vmbo_gt", 0.47, 0.0),
    "vmbo_k": ("vmbo_bk", 0.27, 0.0), "vmbo_b": ("vmbo_bk", 0.19, 0.0),
    "vavo_vwo": ("vavo_vwo", 0.30, 0.0), "vavo_havo": ("vavo_havo", 0.36, 0.0), "vavo_vmbo": ("vavo_vmbo", 0.42, 0.0),
    "hbo_ad": ("hbo", 0.012, 0.05), "hbo_bachelor": ("hbo", 0.165, 0.0), "hbo_master": ("hbo", 0.014, 0.02),
    "wo_bachelor": ("wo", 0.135, 0.0), "wo_master": ("wo", 0.16, 0.005),
}
_DIPLOMA_MBO = {"entree": 0.55, "mbo2": 0.42, "mbo3": 0.33, "mbo4": 0.26}  # per bol or bbl student
_DIPLOMA_EXTRANEI = 0.70
_DIPLOMA_VO_2019 = 1.06  # school year 2019/'20: no central exams in vo, more pupils passed


@functools.lru_cache(maxsize=1)
def gediplomeerden() -> np.ndarray:
    """Graduates by residence: piece x JAREN_ONDERWIJS x DIPLOMASOORTEN x sex(2), whole persons (int32)."""
    w = wereld()
    jaren = np.array(JAREN_ONDERWIJS)
    verwacht = np.zeros((len(w.stukken), len(jaren), len(DIPLOMASOORTEN), 2))
    for d, soort in enumerate(DIPLOMASOORTEN):
        if soort in _DIPLOMA:
            bron, kans, trend = _DIPLOMA[soort]
        else:
            niveau, leerweg = soort.rsplit("_", 1)
            bron, kans, trend = soort, _DIPLOMA_EXTRANEI if leerweg == "ext" else _DIPLOMA_MBO[niveau], 0.0
        factor = kans * np.exp(trend * (jaren - 2015))
        if soort in ("vwo", "havo", "vmbo_gt", "vmbo_k", "vmbo_b"):
            factor = np.where(jaren == 2019, factor * _DIPLOMA_VO_2019, factor)
        ingeschreven = w.onderwijs[:, :, ONDERWIJSBLADEN.index(bron), :].astype(float)
        verwacht[:, :, d, :] = ingeschreven * factor[None, :, None] * np.array([0.97, 1.03])[None, None, :]
    ruis = np.stack([rng_voor("gediplomeerden", s.code).lognormal(0.0, 0.05, verwacht.shape[1:3]) for s in w.stukken])
    return verdeel_geheel(verwacht * ruis[..., None]).astype(np.int32)


# Mbo fields (levels 2-4 together): national share, share of women, yearly trend of the share.
_RICHTINGMIX = {
    "01": (0.035, 0.80, 0.000), "02": (0.070, 0.55, -0.005), "03": (0.012, 0.70, 0.000),
    "04": (0.170, 0.45, -0.015), "05": (0.012, 0.55, 0.010), "06": (0.060, 0.12, 0.030),
    "07": (0.200, 0.08, 0.005), "08": (0.050, 0.45, -0.005), "09": (0.270, 0.85, 0.010),
    "10": (0.118, 0.50, 0.000), "onbekend": (0.003, 0.50, 0.000),
}
# Per level, factors on the mix; 0: no course of that field at that level (entree has none in 01, 03, 05, 06).
_RICHTING_PER_NIVEAU = {
    "entree": {"01": 0.0, "03": 0.0, "05": 0.0, "06": 0.0, "02": 0.5, "04": 1.3, "07": 1.2, "08": 0.8, "09": 0.6,
               "10": 2.2},
    "mbo2": {"01": 0.0, "05": 0.0, "06": 0.6, "07": 1.2, "10": 1.5},
    "mbo3": {"01": 0.6, "05": 0.8, "07": 1.1},
    "mbo4": {"01": 1.6, "03": 1.3, "05": 1.4, "06": 1.5, "04": 1.15, "07": 0.85, "10": 0.6},
}
# Laboratory courses (05) at level 3 are given only in regions with a university: their students live there.
_LAB_NIVEAU_3_ALLEEN_IN = WO_REGIOS
# Urban and rural pieces: factor on the mix as a function of urbanity (0 .. 1).
_RICHTING_STAD = {"02": (0.85, 0.4), "03": (0.8, 0.5), "06": (0.8, 0.5), "07": (1.1, -0.2), "08": (1.7, -1.3)}
# Graduates per student relative to the level's rate, per field.
_RICHTING_SUCCES = {"01": 1.08, "04": 0.95, "06": 0.88, "07": 0.97, "09": 1.05, "onbekend": 0.5}


def _richtingaandelen(w: Wereld) -> np.ndarray:
    """piece x year x sex x level x field: the share of each field among a piece's mbo students."""
    jaren = np.array(JAREN_ONDERWIJS)
    mix = np.array([_RICHTINGMIX[r][0] for r in RICHTINGEN])
    vrouwen = np.array([_RICHTINGMIX[r][1] for r in RICHTINGEN])
    trend = np.exp(np.outer(jaren - 2015, [_RICHTINGMIX[r][2] for r in RICHTINGEN]))  # year x field
    geslacht = np.stack([1 - vrouwen, vrouwen])  # sex x field
    niveau = np.array([[_RICHTING_PER_NIVEAU[n].get(r, 1.0) for r in RICHTINGEN] for n in MBO_NIVEAUS])
    eerste = {}
    for p, r in enumerate(w.regio_index):
        eerste.setdefault(int(r), p)
    stuk = np.ones((len(w.stukken), len(MBO_NIVEAUS), len(RICHTINGEN)))
    for p, s in enumerate(w.stukken):
        regio = w.regios[w.regio_index[p]]
        stad = stedelijkheid(regio) * (1.0 if eerste[int(w.regio_index[p])] == p else 0.5)
        factor = rng_voor("mbo-richting", s.code).lognormal(0.0, 0.25, len(RICHTINGEN))
        for r, (basis, helling) in _RICHTING_STAD.items():
            factor[RICHTINGEN.index(r)] *= basis + helling * stad
        stuk[p] = factor[None, :]
        if regio.code not in _LAB_NIVEAU_3_ALLEEN_IN:
            stuk[p, MBO_NIVEAUS.index("mbo3"), RICHTINGEN.index("05")] = 0.0
    aandelen = (mix[None, None, None, None, :] * trend[None, :, None, None, :] * geslacht[None, None, :, None, :]
                * niveau[None, None, None, :, :] * stuk[:, None, None, :, :])
    return aandelen / aandelen.sum(axis=-1, keepdims=True)


def _mbo_bladen(waarden: np.ndarray, soorten: tuple[str, ...]) -> np.ndarray:
    """piece x year x kind x sex -> piece x year x sex x level x leerweg for the mbo leaves."""
    kolommen = [soorten.index(b) for b in MBO_BLADEN]
    uit = waarden[:, :, kolommen, :].reshape(waarden.shape[0], waarden.shape[1], len(MBO_NIVEAUS),
                                            len(MBO_LEERWEGEN), 2)
    return uit.transpose(0, 1, 4, 2, 3).astype(float)


@functools.lru_cache(maxsize=1)
def mbo_richtingen() -> tuple[np.ndarray, np.ndarray]:
    """Mbo students and graduates per field: two arrays piece x JAREN_ONDERWIJS x sex(2) x MBO_NIVEAUS x
    MBO_LEERWEGEN x RICHTINGEN, whole persons; over the fields they add up exactly to the mbo leaves of
    ``wereld().onderwijs`` and :func:`gediplomeerden`."""
    w = wereld()
    aandelen = _richtingaandelen(w)[:, :, :, :, None, :]  # piece x year x sex x level x 1 x field
    studenten = verdeel_geheel(_mbo_bladen(w.onderwijs, ONDERWIJSBLADEN)[..., None] * aandelen)
    succes = np.array([_RICHTING_SUCCES.get(r, 1.0) for r in RICHTINGEN])
    gewicht = studenten * succes + 1e-9 * aandelen  # graduates follow the students of their field
    gewicht = gewicht / gewicht.sum(axis=-1, keepdims=True)
    diplomas = verdeel_geheel(_mbo_bladen(gediplomeerden(), DIPLOMASOORTEN)[..., None] * gewicht)
    return studenten.astype(np.int32), diplomas.astype(np.int32)


# ---------------------------------------------------------------------------------------------------------
# Forecast
# ---------------------------------------------------------------------------------------------------------

def _prognose(stukken, bevolking) -> np.ndarray:
    totaal = bevolking.sum(axis=3).astype(float)  # piece x year x sex
    basis = totaal[:, JAREN.index(2023)]
    groei = np.log(totaal[:, JAREN.index(2023)].sum(axis=1) / totaal[:, JAREN.index(2018)].sum(axis=1)) / 5
    ruis = np.array([rng_voor("bevolkingsprognose", s.code).normal(0, 0.001) for s in stukken])
    t = np.array(JAREN_PROGNOSE, dtype=float) - 2023
    gedempt = t - 0.012 * t**2
    factor = np.exp((groei + ruis)[:, None] * gedempt[None, :])  # piece x year
    vrouwen = (basis[:, 1] / basis.sum(axis=1))[:, None] + 0.0002 * t[None, :]
    inwoners = basis.sum(axis=1)[:, None] * factor
    return np.stack([inwoners * (1 - vrouwen), inwoners * vrouwen], axis=-1)


# ---------------------------------------------------------------------------------------------------------
# The world
# ---------------------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def wereld() -> Wereld:
    """Build (once per process) every model array."""
    regios = alle_regios()
    stukken = gebied.stukken()
    codes = [r.code for r in regios]
    regio_index = np.array([codes.index(s.regio) for s in stukken])
    # the centre of a region is its piece with the lowest number
    volgorde = sorted(range(len(stukken)), key=lambda i: (regio_index[i], stukken[i].volgnummer))
    stukken = tuple(stukken[i] for i in volgorde)
    regio_index = regio_index[volgorde]
    bevolking = _bevolking(regios, stukken, regio_index)
    banen = np.zeros((len(stukken), len(SECTIE_LETTERS), len(JAREN_BANEN)))
    inwoners2024 = bevolking[:, JAREN.index(2024)].sum(axis=(1, 2)).astype(float)
    for r, regio in enumerate(regios):
        leden = np.flatnonzero(regio_index == r)
        banen[leden] = _banen_regio(regio, inwoners2024[leden])
    return Wereld(
        stukken=stukken,
        regios=regios,
        regio_index=regio_index,
        bevolking=bevolking,
        banen=banen,
        beroepsbevolking=_beroepsbevolking(regios, stukken, regio_index, bevolking),
        onderwijs=_onderwijs(regios, stukken, regio_index, bevolking),
        prognose=_prognose(stukken, bevolking),
    )
