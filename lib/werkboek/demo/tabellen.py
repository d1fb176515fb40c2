"""Per table family: the demo table as a :class:`werkboek.odata.Kubus` in the shape of the real CBS table.

The shapes follow ``CBS_TABELLEN.md`` and the confirmed facts of the research notes: table ids, dimension keys
and order, category keys with their padding per dimension, titles, topic keys and group paths, provisional
periods, null cells. Where a key or title is not known, a SYNTHETIC STAND-IN is used and marked as such in a
comment here; the workbook must find those by its rules (group path, title rules), never by the demo's choice.
Values come from :mod:`werkboek.demo.model` and are never real figures.

Values are produced lazily per requested row (``Kubus.rijen``): a big table (03759ned, 85353NED) is never
materialised; its per-region arrays are built on the first value request and kept for the process. The education
tables are built in :mod:`werkboek.demo.onderwijs`.

Why one module of this size: one builder per registered CBS table, each in the real shape of its table;
they share the helpers at the top and are looked up by table id.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

import numpy as np

from werkboek.demo import gebied, model
from werkboek.demo.odata import Dimensie, jaar_perioden, maak_kubus, nieuwe_eigenschappen, periode_records, records
from werkboek.odata import Kubus
from werkboek.register import Tabeluitgave, Thema

NL_CODE = "NL01"
GEO, TIJD, DIM = "GeoDimension", "TimeDimension", "Dimension"

# ---------------------------------------------------------------------------------------------------------
# Regions: the rows of a RegioS-like dimension and how pieces add up to them
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rij:
    code: str
    titel: str
    niveau: str  # NL, LD, PV, CR, AM, GM, or XR (Extra-Regio)


def regio_rijen(niveaus: tuple[str, ...], gemeenten, titeljaar: int | None = None, am_indeling: int | None = None,
                extra_regio: bool = False) -> list[Rij]:
    """Rows in CBS order: Nederland, landsdelen, provinces, COROP areas, arbeidsmarktregio's, gemeenten."""
    uit: list[Rij] = []
    if "NL" in niveaus:
        uit.append(Rij(NL_CODE, "Nederland", "NL"))
    if "LD" in niveaus:
        uit += [Rij(code, f"{naam} (LD)", "LD") for code, (naam, _) in gebied.LANDSDELEN.items()]
    if "PV" in niveaus:
        uit += [Rij(code, f"{gebied.provincienaam(code, titeljaar)} (PV)", "PV") for code in gebied.PROVINCIES]
    if "CR" in niveaus:
        uit += [Rij(code, f"{naam} (CR)", "CR") for code, naam, _, _ in gebied.COROPS]
        if extra_regio:
            # CR99 exists in 83582NED (confirmed key); the title is a stand-in ("Extra-Regio" per SOURCES.md).
            uit.append(Rij("CR99", "Extra-Regio (CR)", "XR"))
    if "AM" in niveaus and am_indeling is not None:
        uit += [Rij(code, f"{naam} (AM)", "AM") for code, naam in gebied.regios_in_jaar(am_indeling)]
    uit += [Rij(g.code, g.naam, "GM") for g in gemeenten]
    return uit


class Optelling:
    """Adds model pieces up to the rows of a region dimension, per classification year."""

    def __init__(self, rijen: list[Rij]):
        self.rijen = rijen
        self.stukken = model.wereld().stukken
        self.index = {r.code: i for i, r in enumerate(rijen)}
        self._vast = []
        for s in self.stukken:
            codes = [NL_CODE, gebied.landsdeel_van(s.provincie), s.provincie, s.corop]
            self._vast.append([self.index[c] for c in codes if c in self.index])

    @functools.lru_cache(maxsize=64)
    def matrix(self, indeling: int) -> np.ndarray:
        """rows x pieces, 1 where the piece lies in the row's area in the classification of ``indeling``."""
        m = np.zeros((len(self.rijen), len(self.stukken)))
        for p, stuk in enumerate(self.stukken):
            m[self._vast[p], p] = 1.0
            eigenaar = gebied.eigenaar(stuk.code, indeling)
            for code in (eigenaar.code, gebied.regio_in_jaar(eigenaar, indeling)):
                if code in self.index:
                    m[self.index[code], p] = 1.0
        return m

    def bestaat(self, jaren, indeling: int | None = None) -> np.ndarray:
        """rows x years: False for a gemeente row in a year it does not exist (data tables: its cells are null)."""
        uit = np.ones((len(self.rijen), len(jaren)), dtype=bool)
        if indeling is None:
            for i, r in enumerate(self.rijen):
                if r.niveau == "GM":
                    g = gebied.gemeente(r.code)
                    uit[i] = [g.bestaat_in(j) for j in jaren]
        return uit

    def tel_op(self, waarden: np.ndarray, jaren, indeling: int | None = None, nan: bool = True) -> np.ndarray:
        """``waarden`` (pieces x years x ...) added up to rows x years x ...; each year in its own classification
        (``indeling`` None) or all years in one; rows that do not exist in a year are NaN (``nan``)."""
        vorm = waarden.shape[2:]
        uit = np.empty((len(self.rijen), len(jaren), *vorm))
        for y, jaar in enumerate(jaren):
            m = self.matrix(indeling if indeling is not None else jaar)
            uit[:, y] = (m @ waarden[:, y].reshape(len(self.stukken), -1)).reshape((len(self.rijen), *vorm))
        if nan:
            uit[~self.bestaat(jaren, indeling)] = np.nan
        return uit


def _regio_dimensie(rijen: list[Rij], key: str = "RegioS", titel: str = "Regio's", opvullen: bool = True,
                    breedte: int | None = None) -> Dimensie:
    return Dimensie(key, titel, GEO, records([(r.code, r.titel) for r in rijen], breedte, opvullen=opvullen))


def _uit_kubus(waarden: np.ndarray, dims: list[str]) -> Callable:
    """A value function reading a precomputed array in cube order."""
    def waarde(indices: dict[str, np.ndarray]) -> np.ndarray:
        return waarden[tuple(indices[d] for d in dims)]
    return waarde


def _stam(titel: str) -> str:
    """A CBS-like key stem from a title: 'Werkzame beroepsbevolking' -> 'WerkzameBeroepsbevolking'."""
    tekst = unicodedata.normalize("NFKD", titel).encode("ascii", "ignore").decode("ascii").replace("'", "")
    return "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", tekst) if w)


# ---------------------------------------------------------------------------------------------------------
# Shared category lists (keys as CBS has them; padding per dimension is added by odata.records)
# ---------------------------------------------------------------------------------------------------------

GESLACHT = [("T001038", "Totaal mannen en vrouwen"), ("3000", "Mannen"), ("4000", "Vrouwen")]
GESLACHT_DELEN = [(0, 1), (0,), (1,)]

# 83582NED: all 28 keys in the real order (confirmed from the real extract), with the sections they add up.
# Titles: the 16 the register uses are confirmed; B, C, D, E, R, S and the groups B-F, G-N, M-N, O-U, O-Q are
# CBS's titles as seen in 85272NED (research notes §4).
SECTOREN = [
    ("T001081", "A-U Alle economische activiteiten", "ABCDEFGHIJKLMNOPQRS"),
    ("301000", "A Landbouw, bosbouw en visserij", "A"),
    ("300003", "B-F Nijverheid en energie", "BCDEF"),
    ("300002", "B-E Nijverheid (geen bouw) en energie", "BCDE"),
    ("305700", "B Delfstoffenwinning", "B"),
    ("307500", "C Industrie", "C"),
    ("346600", "D Energievoorziening", "D"),
    ("348000", "E Waterbedrijven en afvalbeheer", "E"),
    ("350000", "F Bouwnijverheid", "F"),
    ("300007", "G-N Commerciële dienstverlening", "GHIJKLMN"),
    ("300006", "G-I Handel, vervoer en horeca", "GHI"),
    ("354200", "G Handel", "G"),
    ("383100", "H Vervoer en opslag", "H"),
    ("389100", "I Horeca", "I"),
    ("391600", "J Informatie en communicatie", "J"),
    ("396300", "K Financiële dienstverlening", "K"),
    ("402000", "L Verhuur en handel van onroerend goed", "L"),
    ("300010", "M-N Zakelijke dienstverlening", "MN"),
    ("403300", "M Specialistische zakelijke diensten", "M"),
    ("410200", "N Verhuur en overige zakelijke diensten", "N"),
    ("300013", "O-U Niet-commerciële dienstverlening", "OPQRS"),
    ("300012", "O-Q Overheid en zorg", "OPQ"),
    ("417400", "O Openbaar bestuur en overheidsdiensten", "O"),
    ("419000", "P Onderwijs", "P"),
    ("422400", "Q Gezondheids- en welzijnszorg", "Q"),
    ("300014", "R-U Cultuur, recreatie, overige diensten", "RS"),
    ("428100", "R Cultuur, sport en recreatie", "R"),
    ("435500", "S Overige dienstverlening", "S"),
]

# ---------------------------------------------------------------------------------------------------------
# 1. Gebieden in Nederland <jaar>
# ---------------------------------------------------------------------------------------------------------

# Localisation groups: title, code prefix, singular for synthetic names, number of COROP areas per area.
# Groups marked (stand-in) are synthetic: they exist to make the real key numbers shift where CBS's do.
_LOKALISERINGEN: dict[str, tuple[str, str, str, int]] = {
    "aanrijtijd": ("Aanrijtijdengebieden", "AT", "Aanrijtijdengebied", 3),  # stand-in (2026)
    "acute_zorg": ("Acute zorgregio's", "AZ", "Acute zorgregio", 4),  # stand-in (2024-2026)
    "am": ("Arbeidsmarktregio's", "", "", 0),
    "arr": ("Arrondissementen (rechtsgebieden)", "AR", "Arrondissement", 4),
    "centrum": ("Centrumgemeenten beschermd wonen", "BW", "Centrumregio beschermd wonen", 1),  # stand-in (2023+)
    "corop": ("COROP-gebieden", "", "", 0),
    "corop_sub": ("COROP-subgebieden", "CS", "COROP-subgebied", 1),
    "corop_plus": ("COROP-plusgebieden", "CP", "COROP-plusgebied", 2),
    "ggd": ("GGD-regio's", "GG", "GGD-regio", 2),
    "jeugdzorg": ("Jeugdzorgregio's", "JZ", "Jeugdzorgregio", 1),
    "kvk": ("Kamer van Koophandel", "KK", "Kamer van Koophandel", 3),
    "landbouw": ("Landbouwgebieden", "LB", "Landbouwgebied", 2),
    "landsdelen": ("Landsdelen", "", "", 0),
    "nuts1": ("NUTS1-gebieden", "", "", 0),
    "nuts2": ("NUTS2-gebieden", "", "", 0),
    "nuts3": ("NUTS3-gebieden", "", "", 0),
    "politie": ("Politie Regionale eenheden", "RE", "Regionale eenheid", 4),
    "provincies": ("Provincies", "", "", 0),
    "rmc": ("Regionale Meld- en Coördinatiepunten", "RM", "RMC-regio", 1),
    "ambulance": ("Regionale Ambulancevoorzieningen", "AV", "Ambulanceregio", 2),  # stand-in (2018-2022)
    "res": ("Regionale Energiestrategie regio’s", "ES", "Energieregio", 2),  # CBS's typographic apostrophe
    "regioplus": ("RegioPlus-arbeidsmarktregio's", "", "", 0),
    "ressorten": ("Ressorten (rechtsgebieden)", "RS", "Ressort", 10),
    "rpa": ("RPA-gebieden", "PA", "RPA-gebied", 1),
    "toerisme": ("Toeristengebieden", "TR", "Toeristengebied", 2),
    "veiligheid": ("Veiligheidsregio's", "VR", "Veiligheidsregio", 2),
    "wgr": ("Wgr-samenwerkingsgebieden", "WG", "Wgr-samenwerkingsgebied", 1),
    "zorgkantoor": ("Zorgkantoorregio's", "ZK", "Zorgkantoorregio", 2),
}
_BASIS = ["am", "arr", "corop", "corop_sub", "corop_plus", "ggd", "jeugdzorg", "kvk", "landbouw", "landsdelen",
          "nuts1", "nuts2", "nuts3", "politie", "provincies", "ressorten", "rpa", "toerisme", "veiligheid", "wgr",
          "zorgkantoor"]


def _na(lijst: list[str], na: str, nieuw: list[str]) -> list[str]:
    i = lijst.index(na) + 1
    return lijst[:i] + nieuw + lijst[i:]


# The order of the localisation groups per classification year. It reproduces the key numbers that are known:
# 2016 arbeidsmarktregio Code_4/Naam_5, COROP Code_8, GGD Code_14, Landbouwgebieden Code_20/Naam_21,
# Inwonertal_52 (confirmed); 2018 and 2021 Code_4/Naam_5, 2018 RegioPlus Code_40/Naam_41 (confirmed); 2022
# GGD Code_14 and provinces Code_26; 2023 Code_4/Naam_5 (inferred), COROP Code_10, GGD Code_16, provinces
# Code_28, Inwonertal_54; 2024-2025 provinces Code_28; 2026 Inwonertal_56. The arbeidsmarktregio pair of
# 2024-2026 is unknown: the demo moves it (Code_6 in 2024-2025, Code_8 in 2026, where 2016 has COROP), so nothing
# can rely on a key number.
_LAYOUT_A = _BASIS
_LAYOUT_B = _na(_BASIS, "provincies", ["rmc", "ambulance", "res", "regioplus"])
_LAYOUT_C = [g for g in _LAYOUT_B if g not in ("nuts1", "nuts2", "nuts3")]
_LAYOUT_D = [g for g in _na(_LAYOUT_C, "arr", ["centrum"]) if g != "ambulance"]
_LAYOUT_E = ["acute_zorg"] + [g for g in _LAYOUT_D if g != "corop_plus"]
_LAYOUT_F = ["aanrijtijd"] + _LAYOUT_E


def gebieden_layout(jaar: int) -> list[str]:
    if jaar <= 2017:
        return _LAYOUT_A
    if jaar <= 2021:
        return _LAYOUT_B
    if jaar == 2022:
        return _LAYOUT_C
    if jaar == 2023:
        return _LAYOUT_D
    if jaar <= 2025:
        return _LAYOUT_E
    return _LAYOUT_F


_NUTS2 = {"PV20": "NL11", "PV21": "NL12", "PV22": "NL13", "PV23": "NL21", "PV24": "NL23", "PV25": "NL22",
          "PV26": "NL31", "PV27": "NL32", "PV28": "NL33", "PV29": "NL34", "PV30": "NL41", "PV31": "NL42"}
_GROOTTEKLASSEN = ((5_000, "1", "Gemeenten met minder dan 5 000 inwoners"),
                   (10_000, "2", "Gemeenten met 5 000 tot 10 000 inwoners"),
                   (20_000, "3", "Gemeenten met 10 000 tot 20 000 inwoners"),
                   (50_000, "4", "Gemeenten met 20 000 tot 50 000 inwoners"),
                   (100_000, "5", "Gemeenten met 50 000 tot 100 000 inwoners"),
                   (150_000, "6", "Gemeenten met 100 000 tot 150 000 inwoners"),
                   (250_000, "7", "Gemeenten met 150 000 tot 250 000 inwoners"),
                   (10**9, "8", "Gemeenten met 250 000 of meer inwoners"))
_STEDELIJKHEID = ((2500, "1", "Zeer sterk stedelijk"), (1500, "2", "Sterk stedelijk"), (1000, "3", "Matig stedelijk"),
                  (500, "4", "Weinig stedelijk"), (0, "5", "Niet stedelijk"))
CODE_BREEDTE, NAAM_BREEDTE = 10, 60  # string values are space-padded (AM codes to 10: confirmed)


def _lokalisering(groep: str, gemeenten, jaar: int) -> tuple[list[str], list[str]]:
    """Code and name of every gemeente's area in one localisation group, for the classification of ``jaar``."""
    corop_nummer = {code: i for i, (code, *_rest) in enumerate(gebied.COROPS)}
    corop_naam = {code: naam for code, naam, _, _ in gebied.COROPS}
    alle = [c for c, _ in gebied.regios_in_jaar(jaar)] if groep == "regioplus" else []
    codes, namen = [], []
    for g in gemeenten:
        if groep == "am":
            code = gebied.regio_in_jaar(g, jaar)
            codes.append(code)
            namen.append(gebied.regionaam(code, jaar))
        elif groep == "regioplus":
            # Synthetic RegioPlus areas: the same territory as the arbeidsmarktregio, other codes (RPxx), names
            # that look like arbeidsmarktregio names: a loose title match of the group picks these.
            am = gebied.regio_in_jaar(g, jaar)
            codes.append(f"RP{(alle.index(am) * 7) % len(alle) + 1:02d}")
            namen.append(f"{gebied.regionaam(am, jaar)}")
        elif groep == "corop":
            codes.append(g.corop)
            namen.append(corop_naam[g.corop])
        elif groep == "provincies":
            codes.append(g.provincie)
            namen.append(gebied.provincienaam(g.provincie, jaar))
        elif groep == "landsdelen":
            ld = gebied.landsdeel_van(g.provincie)
            codes.append(ld)
            namen.append(gebied.LANDSDELEN[ld][0])
        elif groep in ("nuts1", "nuts2", "nuts3"):
            nuts2 = _NUTS2[g.provincie]
            binnen = [c for c, _, pv, _ in gebied.COROPS if pv == g.provincie].index(g.corop) + 1
            code = {"nuts1": nuts2[:3], "nuts2": nuts2, "nuts3": f"{nuts2}{binnen}"}[groep]
            codes.append(code)
            namen.append(f"{_LOKALISERINGEN[groep][0][:-1]} {code}")
        else:
            _, prefix, enkelvoud, per = _LOKALISERINGEN[groep]
            nummer = corop_nummer[g.corop] // per + 1
            codes.append(f"{prefix}{nummer:02d}")
            namen.append(f"{enkelvoud} {nummer}")
    return codes, namen


def gebieden(uitgave: Tabeluitgave, gewijzigd: str) -> Kubus:
    jaar = uitgave.indeling or max(model.JAREN)
    modeljaar = min(max(jaar, model.JAREN[0]), model.JAREN[-1])
    gemeenten = gebied.gemeenten_in_jaar(jaar)
    rijen = [Rij(g.code, g.naam, "GM") for g in gemeenten]
    dims = [_regio_dimensie(rijen)]
    eig = nieuwe_eigenschappen(dims)
    waarden: dict[str, np.ndarray] = {}

    def tekst(lijst, breedte):
        return np.array([str(v).ljust(breedte) for v in lijst], dtype=object)

    nummer = 1
    groep = eig.groep("CodesEnNamenVanGemeenten", "Codes en namen van gemeenten")
    for titel, stam, eenheid, lijst, breedte in (
        ("Code", "Code", "code", [g.code for g in gemeenten], CODE_BREEDTE),
        ("Naam", "Naam", "naam", [g.naam for g in gemeenten], NAAM_BREEDTE),
        ("Sortering naam", "SorteringNaam", "naam", [g.naam for g in gemeenten], NAAM_BREEDTE),
    ):
        key = f"{stam}_{nummer}"
        eig.onderwerp(key, titel, eenheid, 0, "String", groep)
        waarden[key] = tekst(lijst, breedte)
        nummer += 1
    lokalisering = eig.groep("LokaliseringenVanGemeenten", "Lokaliseringen van gemeenten")
    for naam in gebieden_layout(jaar):
        titel = _LOKALISERINGEN[naam][0]
        sub = eig.groep(_stam(titel), titel, lokalisering)
        codes, namen = _lokalisering(naam, gemeenten, jaar)
        for kop, stam, eenheid, lijst, breedte in (("Code", "Code", "code", codes, CODE_BREEDTE),
                                                   ("Naam", "Naam", "naam", namen, NAAM_BREEDTE)):
            key = f"{stam}_{nummer}"
            eig.onderwerp(key, kop, eenheid, 0, "String", sub)
            waarden[key] = tekst(lijst, breedte)
            nummer += 1

    # size and urbanisation (synthetic groups and values around the confirmed Inwonertal key)
    stukken = model.wereld().stukken
    inwoners_stuk = model.wereld().bevolking[:, model.JAREN.index(modeljaar)].sum(axis=(1, 2))
    inwoners = {g.code: 0 for g in gemeenten}
    for p, stuk in enumerate(stukken):
        inwoners[gebied.eigenaar(stuk.code, jaar).code] += int(inwoners_stuk[p])
    rng = model.rng_voor("gebieden-dichtheid")
    dichtheid_basis = {g.code: rng.lognormal(0, 0.35) for g in gebied.demo_gemeenten()}
    dichtheid = [int(round(150 + 2.6 * inwoners[g.code] ** 0.62 * dichtheid_basis[g.code] / 4)) for g in gemeenten]
    oppervlakte = [int(round(inwoners[g.code] / max(d, 50) * 45 + 800)) for g, d in zip(gemeenten, dichtheid)]
    klasse = [next(k for k in _GROOTTEKLASSEN if inwoners[g.code] < k[0]) for g in gemeenten]
    stad = [next(s for s in _STEDELIJKHEID if d >= s[0]) for d in dichtheid]
    grootte = eig.groep("GrootteEnStedelijkheidVanGemeenten", "Grootte en stedelijkheid van gemeenten")
    for subtitel, lijst in (("Gemeentegrootte", klasse), ("Stedelijkheid", stad)):
        sub = eig.groep(_stam(subtitel), subtitel, grootte)
        for kop, stam, eenheid, plaats in (("Code", "Code", "code", 1), ("Omschrijving", "Omschrijving", "omschrijving", 2)):
            key = f"{stam}_{nummer}"
            eig.onderwerp(key, kop, eenheid, 0, "String", sub)
            waarden[key] = tekst([k[plaats] for k in lijst], CODE_BREEDTE if plaats == 1 else NAAM_BREEDTE)
            nummer += 1
    key = f"Omgevingsadressendichtheid_{nummer}"
    eig.onderwerp(key, "Omgevingsadressendichtheid", "aantal per km²", 0, "Long", grootte)
    waarden[key] = np.array(dichtheid, dtype=float)
    nummer += 1
    statistiek = eig.groep("StatistischeGegevens", "Statistische gegevens")
    for titel, stam, eenheid, lijst in (("Oppervlakte land", "OppervlakteLand", "ha", oppervlakte),
                                        ("Inwonertal", "Inwonertal", "aantal", [inwoners[g.code] for g in gemeenten])):
        key = f"{stam}_{nummer}"
        eig.onderwerp(key, titel, eenheid, 0, "Long", statistiek)
        waarden[key] = np.array(lijst, dtype=float)
        nummer += 1

    functies = {key: (lambda ind, a=arr: a[ind["RegioS"]]) for key, arr in waarden.items()}
    return maak_kubus(uitgave.id, f"Gebieden in Nederland {jaar}",
                      f"Indeling van gemeenten in gebieden (arbeidsmarktregio's, COROP-gebieden, provincies, ...) op "
                      f"1 januari {jaar}.", str(jaar), "Perjaar", gewijzigd, dims, eig, functies)


# ---------------------------------------------------------------------------------------------------------
# 2. 83582NED Banen van werknemers in december
# ---------------------------------------------------------------------------------------------------------

# Extra-Regio (CR99): jobs without a region, as a share of the national jobs per section (synthetic).
_EXTRA_REGIO = {"B": 0.30, "H": 0.006, "O": 0.012}
# Suppression of small gemeente x section cells: (below this many x 1 000, chance) per section.
_ONDERDRUKKING = {"B": (0.6, 0.9), "D": (0.6, 0.9), "E": (0.5, 0.8), "C": (0.1, 0.7), "O": (0.6, 0.45),
                  "P": (0.6, 0.45), "L": (0.08, 0.6)}
_ONDERDRUKKING_STANDAARD = (0.05, 0.6)


def _aanvullend_onderdrukken(blad: np.ndarray, leeg: np.ndarray, rijen: np.ndarray, secties: tuple[str, ...]) -> None:
    """Secondary suppression: where a published group has exactly one suppressed section, the smallest other
    section of the group is suppressed too, so no suppressed cell follows from the group minus its parts."""
    groepen = sorted((letters for _, _, letters in SECTOREN if len(letters) > 1), key=len)
    for _ in range(3):
        for letters in groepen:
            kolommen = [secties.index(s) for s in letters]
            deel_leeg = leeg[:, :, kolommen]
            precies_een = rijen[:, None] & (deel_leeg.sum(axis=2) == 1)
            if not precies_een.any():
                continue
            grootte = np.where(deel_leeg, np.inf, np.nan_to_num(blad[:, :, kolommen], nan=np.inf))
            kleinste = np.argmin(grootte, axis=2)
            r, j = np.nonzero(precies_een)
            leeg[r, j, np.array(kolommen)[kleinste[r, j]]] = True


def banen(uitgave: Tabeluitgave, gewijzigd: str) -> Kubus:
    w = model.wereld()
    jaren = model.JAREN_BANEN
    gemeenten = [g for g in gebied.demo_gemeenten() if any(g.bestaat_in(j) for j in jaren)]
    rijen = regio_rijen(("NL", "LD", "PV", "CR"), gemeenten, extra_regio=True)
    optelling = Optelling(rijen)
    secties = model.SECTIE_LETTERS
    blad = optelling.tel_op(w.banen.transpose(0, 2, 1), jaren)  # rows x years x sections (x 1 000)
    xr = optelling.index["CR99"]
    nl = blad[0].copy()
    blad[xr] = nl * np.array([_EXTRA_REGIO.get(s, 0.0005) for s in secties])[None, :]
    blad[0] = nl + blad[xr]  # Nederland includes the jobs without a region: it is not the sum of the gemeenten

    # null cells: suppressed small cells (persistent per gemeente and section), whole regions in some years
    leeg = np.zeros(blad.shape, dtype=bool)
    rng = model.rng_voor("banen-onderdrukking")
    basis = rng.random((len(rijen), len(secties)))
    ruis = rng.random(blad.shape) < 0.1
    drempel = np.array([_ONDERDRUKKING.get(s, _ONDERDRUKKING_STANDAARD)[0] for s in secties])
    kans = np.array([_ONDERDRUKKING.get(s, _ONDERDRUKKING_STANDAARD)[1] for s in secties])
    niveau = np.array([r.niveau for r in rijen])
    gm = niveau == "GM"
    leeg[gm] = (blad[gm] < drempel[None, None, :]) & ((basis[gm] < kans[None, :])[:, None, :] | ruis[gm])
    cr = niveau == "CR"
    zeldzaam = np.array([s in ("B", "D", "E") for s in secties])
    leeg[cr] = (blad[cr] < 0.5) & zeldzaam[None, None, :] & (basis[cr] < 0.6)[:, None, :]
    regio_van = {g.code: g.regio for g in gebied.demo_gemeenten()}
    for regio, sectie, jaar in model.ONDERDRUKT_IN_HELE_REGIO:
        rijnummers = [i for i, r in enumerate(rijen) if r.niveau == "GM" and regio_van[r.code] == regio]
        leeg[rijnummers, jaren.index(jaar), secties.index(sectie)] = True
    leeg[xr] = np.array([s not in _EXTRA_REGIO for s in secties])[None, :]
    _aanvullend_onderdrukken(blad, leeg, gm | cr, secties)

    kubus = np.empty((len(SECTOREN), len(rijen), len(jaren)))
    for c, (_, _, letters) in enumerate(SECTOREN):
        delen = [secties.index(s) for s in letters]
        som = blad[:, :, delen].sum(axis=2)
        if len(delen) == 1:
            som = np.where(leeg[:, :, delen[0]], np.nan, som)
        kubus[c] = som
    # CR99's total is null for 2012-2018 (as in the real extract); its groups stay
    kubus[0, xr, [jaren.index(j) for j in range(2012, 2019)]] = np.nan

    dims = [
        Dimensie("BedrijfstakkenBranchesSBI2008", "Bedrijfstakken/branches (SBI 2008)", DIM,
                 records([(k, t) for k, t, _ in SECTOREN])),
        _regio_dimensie(rijen, breedte=6),
        Dimensie("Perioden", "Perioden", TIJD,
                 jaar_perioden(jaren, voorlopig=(jaren[-1],), nader_voorlopig=(jaren[-2],),
                               titel=lambda j: f"{j} december")),
    ]
    eig = nieuwe_eigenschappen(dims)
    eig.onderwerp("BanenVanWerknemersInDecember_1", "Banen van werknemers in december", "x 1 000", 1, "Double")
    return maak_kubus(
        uitgave.id, "Banen van werknemers in december; economische activiteit (SBI2008), regio",
        "Banen van werknemers in december naar economische activiteit (SBI 2008), op de plaats van het werk.",
        f"{jaren[0]}-{jaren[-1]}", "Perjaar", gewijzigd, dims, eig,
        {"BanenVanWerknemersInDecember_1": _uit_kubus(kubus, [d.key for d in dims])})


# ---------------------------------------------------------------------------------------------------------
# 3. 03759ned Bevolking op 1 januari en gemiddeld
# ---------------------------------------------------------------------------------------------------------

JAREN_03759 = tuple(range(2010, 2026))
# Exactly the 108 keys of the real table in the real order (confirmed from the extract's file order and ID
# steps): total, 0 .. 94, 95 jaar of ouder, 95 .. 104, 105 jaar of ouder. Titles as in the research notes
# ('Totaal', 'n jaar', '95 jaar of ouder', '105 jaar of ouder'; inferred, strong).
LEEFTIJD_03759: list[tuple[str, str, int, int]] = (
    [("10000", "Totaal", 0, 106), ("10010", "0 jaar", 0, 1)]
    + [(str(10000 + 100 * a), f"{a} jaar", a, a + 1) for a in range(1, 95)]
    + [("22000", "95 jaar of ouder", 95, 106)]
    + [(str(10000 + 100 * a), f"{a} jaar", a, a + 1) for a in range(95, 100)]
    + [(str(19901 + a - 100), f"{a} jaar", a, a + 1) for a in range(100, 105)]
    + [("22300", "105 jaar of ouder", 105, 106)]
)
# T001019 confirmed (key; title strong); the other four are inferred from a sibling CBS table (research notes §1).
BURGERLIJKE_STAAT = [("T001019", "Totaal burgerlijke staat"), ("1010", "Ongehuwd"), ("1020", "Gehuwd"),
                     ("1050", "Verweduwd"), ("1080", "Gescheiden")]
BURGERLIJKE_STAAT_DELEN = [(0, 1, 2, 3), (0,), (1,), (2,), (3,)]
# Before this year gemeente rows give single years only up to 94 plus '95 jaar of ouder' (research notes: true
# for 2014, not for 2022; the switch year is a synthetic stand-in).
EERSTE_JAAR_DETAIL_95_PLUS = 2016


def _burgerlijke_staat_aandelen(jaren) -> np.ndarray:
    """year x sex x age x (ongehuwd, gehuwd, verweduwd, gescheiden): shares, synthetic."""
    a = model.LEEFTIJDEN.astype(float)
    uit = np.zeros((len(jaren), 2, len(a), 4))
    for y, jaar in enumerate(jaren):
        geboren = jaar - a
        ooit = np.clip(0.93 - 0.004 * np.clip(geboren - 1950, 0, None), 0.55, 0.95) / (1 + np.exp(-(a - 30) / 3.5))
        ooit[a < 18] = 0.0
        for s in (0, 1):
            weduwe = (0.45 if s == 0 else 0.75) / (1 + np.exp(-(a - (86 if s == 0 else 80)) / 5))
            gescheiden = 0.16 * np.exp(-((a - 58) / 18) ** 2) * (1 - weduwe)
            uit[y, s] = np.stack([1 - ooit, ooit * (1 - weduwe - gescheiden), ooit * weduwe, ooit * gescheiden], axis=-1)
    return uit


class _Bevolkingsgetallen:
    """03759ned's numbers per row: cumulative over age, so any age category is a difference (built lazily)."""

    def __init__(self, rijen: list[Rij]):
        self.rijen = rijen

    @functools.cached_property
    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        w = model.wereld()
        jaren = JAREN_03759 + (JAREN_03759[-1] + 1,)
        aandelen = _burgerlijke_staat_aandelen(jaren)
        optelling = Optelling(self.rijen)
        stukken, rijen = len(optelling.stukken), len(self.rijen)

        def per_stuk(y: int) -> np.ndarray:  # piece x sex x age x marital status, whole persons
            pop = w.bevolking[:, model.JAREN.index(jaren[y])]
            return model.verdeel_geheel(pop[..., None] * aandelen[y][None])

        # rows x year x sex x age (cumulative, 0 first) x marital status; one year at a time to keep memory low
        vorm = (rijen, len(JAREN_03759), 2, len(model.LEEFTIJDEN) + 1, 4)
        op1januari, som = np.zeros(vorm, dtype=np.int32), np.zeros(vorm, dtype=np.int32)
        volgend = per_stuk(0)
        for y, jaar in enumerate(JAREN_03759):
            huidig, volgend = volgend, per_stuk(y + 1)
            m = optelling.matrix(jaar)
            # the average population of year y: the mean of 1 January y and y+1, on the territory of year y
            for doel, waarden in ((op1januari, huidig), (som, huidig + volgend)):
                per_rij = (m @ waarden.reshape(stukken, -1)).reshape(rijen, 2, -1, 4)
                doel[:, y, :, 1:, :] = np.rint(np.cumsum(per_rij, axis=2))
        return op1januari, som, optelling.bestaat(JAREN_03759)

    def waarde(self, indices: dict[str, np.ndarray], gemiddeld: bool) -> np.ndarray:
        op1januari, som, bestaat = self.arrays
        c = som if gemiddeld else op1januari
        g, l, b = indices["Geslacht"], indices["Leeftijd"], indices["BurgerlijkeStaat"]
        r, p = indices["RegioS"], indices["Perioden"]
        van = np.array([x[2] for x in LEEFTIJD_03759])[l]
        tot = np.array([x[3] for x in LEEFTIJD_03759])[l]
        uit = np.zeros(len(g), dtype=np.int64)
        for s in (0, 1):
            in_geslacht = np.array([s in d for d in GESLACHT_DELEN])[g]
            for k in range(4):
                kies = np.flatnonzero(in_geslacht & np.array([k in d for d in BURGERLIJKE_STAAT_DELEN])[b])
                if len(kies):
                    uit[kies] += c[r[kies], p[kies], s, tot[kies], k] - c[r[kies], p[kies], s, van[kies], k]
        waarden = uit.astype(float) / (2.0 if gemiddeld else 1.0)
        leeg = ~bestaat[r, p]
        gemeente = np.array([x.niveau == "GM" for x in self.rijen])[r]
        oud = np.array(JAREN_03759)[p] < EERSTE_JAAR_DETAIL_95_PLUS
        detail_95 = ((van >= 95) & (tot - van == 1)) | (van == 105)
        leeg |= gemeente & oud & detail_95
        if gemiddeld:
            leeg |= p == len(JAREN_03759) - 1  # the average of the latest year is not known yet
        waarden[leeg] = np.nan
        return waarden


def bevolking(uitgave: Tabeluitgave, gewijzigd: str) -> Kubus:
    jaren = JAREN_03759
    gemeenten = [g for g in gebied.demo_gemeenten() if any(g.bestaat_in(j) for j in jaren)]
    rijen = regio_rijen(("NL", "LD", "PV", "CR"), gemeenten)
    # CategoryGroups of Leeftijd: a group 'Totaal' exists (inferred); the other titles are stand-ins.
    groep_van = {"10000": 1, "22000": 3, "22300": 3}
    dims = [
        Dimensie("Geslacht", "Geslacht", DIM, records(GESLACHT)),
        Dimensie("Leeftijd", "Leeftijd", DIM, records([(k, t) for k, t, _, _ in LEEFTIJD_03759],
                                                      groepen={k: groep_van.get(k, 2) for k, *_ in LEEFTIJD_03759})),
        Dimensie("BurgerlijkeStaat", "Burgerlijke staat", DIM, records(BURGERLIJKE_STAAT)),
        _regio_dimensie(rijen, breedte=6),
        Dimensie("Perioden", "Perioden", TIJD, jaar_perioden(jaren)),
    ]
    eig = nieuwe_eigenschappen(dims)
    eig.onderwerp("BevolkingOp1Januari_1", "Bevolking op 1 januari", "aantal", 0, "Long")
    eig.onderwerp("GemiddeldeBevolking_2", "Gemiddelde bevolking", "aantal", 1, "Double")
    getallen = _Bevolkingsgetallen(rijen)
    groepen = [{"ID": i, "DimensionKey": "Leeftijd", "Title": t, "Description": "", "ParentID": None}
               for i, t in ((1, "Totaal"), (2, "Leeftijd per jaar"), (3, "Open leeftijdsklassen"))]
    return maak_kubus(
        uitgave.id, "Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio",
        "Bevolking op 1 januari en gemiddelde bevolking naar geslacht, leeftijd, burgerlijke staat en regio.",
        f"{jaren[0]}-{jaren[-1]}", "Perjaar", gewijzigd, dims, eig,
        {"BevolkingOp1Januari_1": lambda ind: getallen.waarde(ind, False),
         "GemiddeldeBevolking_2": lambda ind: getallen.waarde(ind, True)},
        groepen)


# ---------------------------------------------------------------------------------------------------------
# 4. Arbeidsdeelname; regionale indeling <jaar>
# ---------------------------------------------------------------------------------------------------------

# Persoonskenmerken: T009002 'Totaal personen' and the 'Geslacht: mannen' form are confirmed; every other key is
# a synthetic stand-in (3000/4000 and 1012600/2012655/2012657 follow CBS's code lists, 2018700/2018740/2018790
# come from a sibling table, the age keys are invented). Education titles take two real forms, by edition.
_KENMERK_VAST = {
    "totaal": ("T009002", "Totaal personen"),
    "mannen": ("3000", "Geslacht: mannen"),
    "vrouwen": ("4000", "Geslacht: vrouwen"),
    "leeftijd_15_25": ("52052", "Leeftijd: 15 tot 25 jaar"),
    "leeftijd_25_45": ("53105", "Leeftijd: 25 tot 45 jaar"),
    "leeftijd_45_55": ("53715", "Leeftijd: 45 tot 55 jaar"),
    "leeftijd_55_65": ("53925", "Leeftijd: 55 tot 65 jaar"),
    "leeftijd_65_75": ("54125", "Leeftijd: 65 tot 75 jaar"),
    "migratie_nederland": ("1012600", "Migratieachtergrond: Nederland"),
    "migratie_westers": ("2012655", "Migratieachtergrond: westers"),
    "migratie_nietwesters": ("2012657", "Migratieachtergrond: niet-westers"),
}
_ONDERWIJS_VORMEN = {
    # 2016-2018: lower case as in 83752NED; 2019-2021: 'Onderwijsniveau: 1 Laag' as in 84707NED; 2022+: the
    # 86008NED form, with other (stand-in) keys, so the workbook cannot rely on 2018700.
    "klein": {"onderwijs_laag": ("2018700", "Onderwijsniveau: 1 laag"),
              "onderwijs_middelbaar": ("2018740", "Onderwijsniveau: 2 middelbaar"),
              "onderwijs_hoog": ("2018790", "Onderwijsniveau: 3 hoog"),
              "onderwijs_onbekend": ("2018800", "Onderwijsniveau: weet niet of onbekend")},
    "hoofdletter": {"onderwijs_laag": ("2018700", "Onderwijsniveau: 1 Laag"),
                    "onderwijs_middelbaar": ("2018740", "Onderwijsniveau: 2 Middelbaar"),
                    "onderwijs_hoog": ("2018790", "Onderwijsniveau: 3 Hoog"),
                    "onderwijs_onbekend": ("2018800", "Onderwijsniveau: weet niet of onbekend")},
    "omschrijving": {"onderwijs_laag": ("2019700", "1 Basisonderwijs, vmbo, mbo1"),
                     "onderwijs_middelbaar": ("2019740", "2 Havo, vwo, mbo2-4"),
                     "onderwijs_hoog": ("2019790", "3 Hbo, wo"),
                     "onderwijs_onbekend": ("2019800", "Onderwijsniveau onbekend")},
}
# Topics per edition (titles confirmed; order confirmed for 2016/2017, 2021 and 2022; keys inferred).
_TOPICS_2016 = ("bnb", "bb", "werkzaam", "werknemer", "zelfstandige", "werkloos", "werkloosheidspercentage", "nbb",
                "bruto", "netto")
_TOPICS_2021 = ("bnb", "bb", "werkzaam", "werkloos", "werkloosheidspercentage", "nbb", "netto")
_TOPICS_2022 = ("bnb", "bb", "werkloos", "werkloosheidspercentage", "werkzaam", "nbb", "netto")
_TOPIC_TITELS = {
    "bnb": "Beroeps- en niet-beroepsbevolking", "bb": "Beroepsbevolking", "werkzaam": "Werkzame beroepsbevolking",
    "werknemer": "Werknemer", "zelfstandige": "Zelfstandige", "werkloos": "Werkloze beroepsbevolking",
    "werkloosheidspercentage": "Werkloosheidspercentage", "nbb": "Niet-beroepsbevolking",
    "bruto": "Bruto arbeidsparticipatie", "netto": "Netto arbeidsparticipatie",
}
_PERCENTAGES = {"werkloosheidspercentage": ("werkloos", "bb"), "bruto": ("bb", "bnb"), "netto": ("werkzaam", "bnb")}
ARBEIDSDEELNAME_BREEDTE = 8  # RegioS width unknown for these tables; a sibling EBB table pads 'PV20    '


def arbeidsdeelname_vorm(indeling: int) -> tuple[tuple[str, ...], str]:
    if indeling <= 2018:
        return _TOPICS_2016, "klein"
    if indeling <= 2021:
        return _TOPICS_2021, "hoofdletter"
    return _TOPICS_2022, "omschrijving"


def arbeidsdeelname(uitgave: Tabeluitgave, gewijzigd: str) -> Kubus:
    w = model.wereld()
    indeling = uitgave.indeling or model.JAREN_BEROEPSBEVOLKING[-1]
    alle = model.JAREN_BEROEPSBEVOLKING
    jaren = tuple(j for j in alle if j <= max(indeling, alle[0]))
    topics, onderwijsvorm = arbeidsdeelname_vorm(indeling)
    classificatie = min(max(indeling, 2014), 2026)
    rijen = regio_rijen(("NL", "LD", "PV", "CR", "AM"), gebied.gemeenten_in_jaar(classificatie), titeljaar=indeling,
                        am_indeling=classificatie)
    optelling = Optelling(rijen)
    kolommen = [alle.index(j) for j in jaren]
    som = optelling.tel_op(w.beroepsbevolking[:, kolommen], jaren, indeling=classificatie)  # row x year x K x G
    som = som.transpose(2, 0, 1, 3)  # kenmerk x row x year x quantity
    bnb, bb, wl, wn = (som[..., i] for i in range(4))
    werkzaam = bb - wl
    grootheden = {"bnb": bnb, "bb": bb, "werkloos": wl, "werkzaam": werkzaam, "werknemer": wn,
                  "zelfstandige": werkzaam - wn, "nbb": bnb - bb}
    # Survey figures below 2 000 persons are not published ('.'), except for Nederland.
    niet_nl = np.array([r.niveau != "NL" for r in rijen])[None, :, None]
    for waarde in grootheden.values():
        waarde[niet_nl & (np.round(waarde) < 2)] = np.nan
    for naam, (teller, noemer) in _PERCENTAGES.items():
        grootheden[naam] = 100 * grootheden[teller] / grootheden[noemer]

    kenmerken = {**_KENMERK_VAST, **_ONDERWIJS_VORMEN[onderwijsvorm]}
    dims = [
        Dimensie("Persoonskenmerken", "Persoonskenmerken", DIM, records([kenmerken[k] for k in model.KENMERKEN])),
        _regio_dimensie(rijen, breedte=ARBEIDSDEELNAME_BREEDTE),
        Dimensie("Perioden", "Perioden", TIJD, jaar_perioden(jaren, voorlopig=(jaren[-1],))),
    ]
    eig = nieuwe_eigenschappen(dims)
    volgorde = [d.key for d in dims]
    functies = {}
    for i, naam in enumerate(topics, start=1):
        key = f"{_stam(_TOPIC_TITELS[naam])}_{i}"
        procent = naam in _PERCENTAGES
        eig.onderwerp(key, _TOPIC_TITELS[naam], "%" if procent else "x 1 000", 1 if procent else 0, "Double")
        functies[key] = _uit_kubus(grootheden[naam], volgorde)
    titel = f"Arbeidsdeelname; regionale indeling {indeling}"
    return maak_kubus(uitgave.id, titel,
                      "Beroepsbevolking (Enquête beroepsbevolking) naar persoonskenmerken, woonregio in de regionale "
                      f"indeling {indeling}.", f"{jaren[0]}-{jaren[-1]}", "Perjaar", gewijzigd, dims, eig, functies)


# ---------------------------------------------------------------------------------------------------------
# 5. 85272NED Werkzame beroepsbevolking; bedrijf
# ---------------------------------------------------------------------------------------------------------

JAREN_85272 = tuple(range(2015, 2025))
# Persoonskenmerken: T009002 confirmed; 2018700/2018740/2018790 inferred from a sibling table; the other keys
# are synthetic stand-ins. The age bands overlap (45-75 next to 45-55, 55-65, 65-75), as in 82807NED.
_KENMERKEN_85272 = [
    ("totaal", "T009002", "Totaal personen"),
    ("leeftijd_15_25", "52052", "Leeftijd: 15 tot 25 jaar"),
    ("leeftijd_25_45", "53105", "Leeftijd: 25 tot 45 jaar"),
    ("leeftijd_45_75", "53950", "Leeftijd: 45 tot 75 jaar"),
    ("leeftijd_45_55", "53715", "Leeftijd: 45 tot 55 jaar"),
    ("leeftijd_55_65", "53925", "Leeftijd: 55 tot 65 jaar"),
    ("leeftijd_65_75", "54125", "Leeftijd: 65 tot 75 jaar"),
    ("onderwijs_laag", "2018700", "Onderwijsniveau: 1 Laag"),
    ("onderwijs_middelbaar", "2018740", "Onderwijsniveau: 2 Middelbaar"),
    ("onderwijs_hoog", "2018790", "Onderwijsniveau: 3 Hoog"),
    ("onderwijs_onbekend", "2018800", "Onderwijsniveau: weet niet of onbekend"),
    ("deeltijd", "A048720", "Arbeidsduur: deeltijd"),
    ("voltijd", "A048721", "Arbeidsduur: voltijd"),
]
# 85272NED has the 83582NED sections plus 'T Huishoudens' (confirmed, so R-U, O-U and A-U include T) and
# 2-digit industry rows under C (confirmed titles; keys and shares are synthetic stand-ins).
_SECTOREN_85272 = [(k, t, letters + ("T" if k in ("T001081", "300013", "300014") else "")) for k, t, letters in SECTOREN]
_TWEECIJFERIG = [("307610", "10-12 Voedings-, genotmiddelenindustrie", 0.17),
                 ("313200", "13-15 Textiel-, kleding-, lederindustrie", 0.02),
                 ("319000", "19 Aardolie-industrie", 0.012),
                 ("320000", "20 Chemische industrie", 0.07)]


def _sectoren_85272() -> list[tuple[str, str, str, float]]:
    uit = []
    for key, titel, letters in _SECTOREN_85272:
        uit.append((key, titel, letters, 1.0))
        if key == "307500":
            uit += [(k, t, "C", aandeel) for k, t, aandeel in _TWEECIJFERIG]
        if key == "435500":
            uit.append(("437400", "T Huishoudens", "T", 1.0))
    return uit


def _perioden_85272() -> list[dict]:
    perioden = []
    for jaar in JAREN_85272:
        laatst = jaar == JAREN_85272[-1]
        perioden.append((f"{jaar}JJ00", str(jaar), "Voorlopig" if laatst else "Definitief"))
        for q in range(1, 5):
            status = "Voorlopig" if laatst and q >= 3 else "Definitief"
            perioden.append((f"{jaar}KW{q:02d}", f"{jaar} {q}e kwartaal", status))
    return periode_records(perioden)


def werkzamen_bedrijf(uitgave: Tabeluitgave, gewijzigd: str) -> Kubus:
    w = model.wereld()
    letters = model.SECTIE_LETTERS + ("T",)
    nl = w.banen.sum(axis=0)  # section x December of JAREN_BANEN
    huishoudens = 30.0 * np.exp(0.01 * (np.array(model.JAREN_BANEN) - 2015))
    nl = np.vstack([nl, huishoudens])
    perioden = _perioden_85272()
    kwartalen = []  # per period: (year index, quarter or None)
    for r in perioden:
        jaar, soort = int(r["Key"][:4]), r["Key"][4:6]
        kwartalen.append((jaar, int(r["Key"][6:]) if soort == "KW" else None))
    seizoen = {1: -1.0, 2: 0.3, 3: 1.0, 4: -0.3}
    amplitude = np.array([0.03 if s in ("A", "I", "R") else 0.006 for s in letters])
    werkenden = np.array([model.werkenden_per_baan(s) for s in letters]) * 0.94

    def per_kwartaal(jaar: int, q: int) -> np.ndarray:
        i = model.JAREN_BANEN.index(jaar)
        deel = (3 * q - 1.5) / 12
        banen_ = nl[:, i - 1] + deel * (nl[:, i] - nl[:, i - 1])
        return banen_ * werkenden * (1 + amplitude * seizoen[q])

    # section x sex x kenmerk x period
    blad = np.zeros((len(letters), 2, len(_KENMERKEN_85272), len(perioden)))
    namen = [k for k, _, _ in _KENMERKEN_85272]
    for t, (jaar, q) in enumerate(kwartalen):
        totaal = np.mean([per_kwartaal(jaar, k) for k in range(1, 5)], axis=0) if q is None else per_kwartaal(jaar, q)
        for s, sectie in enumerate(letters):
            vrouwen = model.AANDEEL_VROUWEN[sectie] + 0.001 * (jaar - 2015)
            jong = model.aandeel_jong(sectie)
            oud = 0.17 + 0.003 * (jaar - 2015)
            heel_oud = 0.025 + 0.002 * (jaar - 2015)
            niveaus = model.onderwijsprofiel(sectie, np.array([jaar]))[:, 0] * 0.992
            for g, aandeel_g in ((0, 1 - vrouwen), (1, vrouwen)):
                deeltijd = (0.55 + 0.25 * vrouwen) if g == 1 else (0.12 + 0.2 * vrouwen)
                aandelen = {"totaal": 1.0, "leeftijd_15_25": jong, "leeftijd_25_45": 0.42, "leeftijd_55_65": oud,
                            "leeftijd_65_75": heel_oud, "leeftijd_45_55": 1 - jong - 0.42 - oud - heel_oud,
                            "onderwijs_laag": niveaus[0], "onderwijs_middelbaar": niveaus[1],
                            "onderwijs_hoog": niveaus[2], "onderwijs_onbekend": 0.008,
                            "deeltijd": deeltijd, "voltijd": 1 - deeltijd}
                aandelen["leeftijd_45_75"] = aandelen["leeftijd_45_55"] + oud + heel_oud
                blad[s, g, :, t] = totaal[s] * aandeel_g * np.array([aandelen[n] for n in namen])
    sectoren = _sectoren_85272()
    kubus = np.zeros((3, len(namen), len(sectoren), len(perioden)))
    for c, (_, _, deel_letters, fractie) in enumerate(sectoren):
        som = blad[[letters.index(x) for x in deel_letters]].sum(axis=0) * fractie  # sex x kenmerk x period
        kubus[1:, :, c] = som
        kubus[0, :, c] = som.sum(axis=0)
    kubus[kubus < 2.5] = np.nan  # too few respondents: not published

    groep_c = {k: 1 for k, _, _ in _TWEECIJFERIG}
    dims = [
        Dimensie("Geslacht", "Geslacht", DIM, records(GESLACHT)),
        Dimensie("Persoonskenmerken", "Persoonskenmerken", DIM, records([(k, t) for _, k, t in _KENMERKEN_85272])),
        Dimensie("BedrijfstakkenBranchesSBI2008", "Bedrijfstakken/branches (SBI 2008)", DIM,
                 records([(k, t) for k, t, _, _ in sectoren], groepen=groep_c)),
        Dimensie("Perioden", "Perioden", TIJD, perioden),
    ]
    eig = nieuwe_eigenschappen(dims)
    eig.onderwerp("WerkzameBeroepsbevolking_1", "Werkzame beroepsbevolking", "x 1 000", 0, "Double")
    # a CategoryGroup for the 2-digit rows under C (group title: a stand-in)
    groepen = [{"ID": 1, "DimensionKey": "BedrijfstakkenBranchesSBI2008", "Title": "C Industrie (uitsplitsing)",
                "Description": "", "ParentID": None}]
    return maak_kubus(uitgave.id, "Werkzame beroepsbevolking; bedrijf",
                      "Werkzame beroepsbevolking naar bedrijfstak (SBI 2008), geslacht en persoonskenmerken, per "
                      "kwartaal en per jaar.", f"{JAREN_85272[0]}-{JAREN_85272[-1]}", "Perkwartaal", gewijzigd, dims,
                      eig, {"WerkzameBeroepsbevolking_1": _uit_kubus(kubus, [d.key for d in dims])}, groepen)


# ---------------------------------------------------------------------------------------------------------
# 6. 85171NED / 85173NED Regionale prognose 2023-2050, regio-indeling 2021
# ---------------------------------------------------------------------------------------------------------

# PrognoseInterval keys and titles confirmed; which bound is which: inferred (strong).
PROGNOSE_INTERVAL = [("MW00000", "Prognose"), ("MOG0067", "Ondergrens 67%-prognose-interval"),
                     ("MBG0067", "Bovengrens 67%-prognose-interval")]


def prognose(uitgave: Tabeluitgave, gewijzigd: str, interval: bool) -> Kubus:
    w = model.wereld()
    jaren = model.JAREN_PROGNOSE
    indeling = model.PROGNOSE_INDELING
    # A Nederland row exists (confirmed title); its key NL01 is inferred. Keys come unpadded in these tables.
    rijen = regio_rijen(("NL", "PV", "CR"), gebied.gemeenten_in_jaar(indeling), titeljaar=indeling)
    optelling = Optelling(rijen)
    waarden = optelling.tel_op(w.prognose, jaren, indeling=indeling) / 1000  # row x year x sex, x 1 000
    regio = _regio_dimensie(rijen, "RegioIndeling2021", "Regio-indeling 2021", opvullen=False)
    leeftijd = Dimensie("Leeftijd", "Leeftijd", DIM, records([("10000", "Totaal")], opvullen=False))
    perioden = Dimensie("Perioden", "Perioden", TIJD, jaar_perioden(jaren))
    if not interval:
        dims = [Dimensie("Geslacht", "Geslacht", DIM, records(GESLACHT, opvullen=False)), leeftijd, regio, perioden]
        kubus = np.stack([waarden.sum(axis=2), waarden[:, :, 0], waarden[:, :, 1]])[:, None]  # sex x age x row x year
        titel = "Regionale prognose 2023-2050; bevolking, regio-indeling 2021"
    else:
        # 85173NED: no Geslacht dimension on its StatLine page (research notes §5)
        dims = [regio, Dimensie("PrognoseInterval", "Prognose(-interval)", DIM,
                                records(PROGNOSE_INTERVAL, opvullen=False)), leeftijd, perioden]
        totaal = waarden.sum(axis=2)  # row x year
        t = (np.array(jaren) - jaren[0]) / (jaren[-1] - jaren[0])
        breedte = (0.05 + 0.2 / np.sqrt(np.maximum(totaal, 1.0))) * t[None, :] ** 1.2
        kubus = np.stack([totaal, totaal * (1 - breedte), totaal * (1 + 1.03 * breedte)], axis=1)[:, :, None]
        titel = "Regionale prognose 2023-2050; bevolking, intervallen, regio-indeling 2021"
    eig = nieuwe_eigenschappen(dims)
    eig.onderwerp("TotaleBevolking_1", "Totale bevolking", "x 1 000", 1, "Double")
    return maak_kubus(uitgave.id, titel,
                      "Regionale bevolkingsprognose (CBS/PBL-model nagebootst): verwachte inwoners per gemeente in de "
                      "regio-indeling 2021. Een prognose, geen telling.", f"{jaren[0]}-{jaren[-1]}", "Drie jaarlijks",
                      gewijzigd, dims, eig, {"TotaleBevolking_1": _uit_kubus(kubus, [d.key for d in dims])})


# ---------------------------------------------------------------------------------------------------------
# 7. The education tables (85701NED, 85702NED, 85353NED, 85356NED): module werkboek.demo.onderwijs
# ---------------------------------------------------------------------------------------------------------


def _onderwijstabel(thema_naam: str) -> Callable[[Thema, Tabeluitgave, str], Kubus]:
    """The builder of an education table. :mod:`werkboek.demo.onderwijs` builds on this module, so it is imported
    when a table is built, not when this module is."""
    def bouw(thema: Thema, uitgave: Tabeluitgave, gewijzigd: str) -> Kubus:
        from werkboek.demo import onderwijs  # local: werkboek.demo.onderwijs imports this module

        return onderwijs.BOUWERS[thema_naam](thema, uitgave, gewijzigd)
    return bouw


# ---------------------------------------------------------------------------------------------------------

BOUWERS: dict[str, Callable[[Thema, Tabeluitgave, str], Kubus]] = {
    "regio_indeling": lambda thema, uitgave, g: gebieden(uitgave, g),
    "banen": lambda thema, uitgave, g: banen(uitgave, g),
    "bevolking": lambda thema, uitgave, g: bevolking(uitgave, g),
    "beroepsbevolking": lambda thema, uitgave, g: arbeidsdeelname(uitgave, g),
    "werkzamen_sector_onderwijs": lambda thema, uitgave, g: werkzamen_bedrijf(uitgave, g),
    "bevolkingsprognose": lambda thema, uitgave, g: prognose(uitgave, g, interval=False),
    "bevolkingsprognose_interval": lambda thema, uitgave, g: prognose(uitgave, g, interval=True),
    **{naam: _onderwijstabel(naam) for naam in ("studenten", "gediplomeerden", "mbo_studenten_richting",
                                                 "mbo_gediplomeerden_richting")},
}
