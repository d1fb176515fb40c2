"""Synthetic DUO open data files in DUO's own layouts, for the demo geography (offline, deterministic).

For every kind of DUO file in the register (``data/tabellen.yaml``, section ``duo``) this module makes the CSV
files as DUO publishes them (header names and order, comma, every field quoted, UTF-8 with a byte order mark, -1
for a count of 1 to 4) and the CKAN ``package_show`` result of their dataset (resources with id, name, url,
format, last_modified, hash and size; ``license_id`` 'cc-by'). The figures are SYNTHETIC, never real:

- the package title starts with :data:`werkboek.demo.odata.DEMO_TITELPREFIX` and its notes say so, which survives a
  download from a test server (:func:`is_demopakket`);
- gemeenten are the demo gemeenten (GM9001 and up, "Demogemeente ..."); institutions are made up, with BRIN-style
  codes starting with 99 (99D* mbo, 99H* hbo, 99U* wo) and names starting with "Demo"; beroepsopleiding codes
  (bc9..) and crebo codes (990..) are made up too, as is the pairing of hoofdgroepen with sectorkamers;
- the years are :data:`JAREN` (2020-2024), so the newest year equals the demo's last year. A per-year file of a
  year the register lists uses the register's resource id; other years get a made-up id.

What the demo geography holds (the lead's tests rely on it): mbo main sites (:data:`MBO_INSTELLINGEN`) in AM01,
AM13, AM18, AM22, AM05, AM38 and AM30, none in AM35; hbo/wo sites (:data:`HO_INSTELLINGEN`) in AM01, AM13, AM14,
AM18, AM21 and AM35, none in AM22. One mbo institution (99DE) moves its main site in 2022. The instroom files have
doorstroom within the mbo (NIVEAU 4 with VOOROPLEIDING MBO "mbo niveau 3 diploma", INSTROOM MBO "N") and, as the
real files do, unmasked counts of 1 to 3 next to -1.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import re
import uuid
import zlib
from dataclasses import dataclass
from typing import Callable

import numpy as np

from werkboek.demo.gebied import PROVINCIES, demo_gemeenten, gemeenten_in_jaar, regio_in_jaar
from werkboek.demo.odata import DEMO_TITELPREFIX
from werkboek.regios import alle_regios
from werkboek.register import standaard_register

JAREN = tuple(range(2020, 2025))
LAATSTE_JAAR = JAREN[-1]
DUO_GEWIJZIGD = "2025-07-01T02:00:00.000000"
PORTAAL = "https://onderwijsdata.duo.nl"
DEMO_NOTITIE = ("Demodata (synthetisch), gemaakt door het Werkboek datagedreven arbeidsmarktbeleid in de vorm van dit "
                "DUO-bestand: geen echte cijfers, nooit citeren of gebruiken voor beleid.")

# (sectorkamer, hoofdgroep, weight, leerwegen beyond BOLVT/BBL): DUO's spellings, a made-up pairing.
SECTOREN: tuple[tuple[str, str, float, tuple[str, ...]], ...] = (
    ("Entree", "Entree", 0.03, ()),
    ("Handel", "Handel en ondernemerschap", 0.08, ()),
    ("Ict en creatieve industrie", "Informatie en communicatietechnologie", 0.06, ()),
    ("Ict en creatieve industrie", "Media en vormgeving", 0.04, ()),
    ("Mobiliteit, transport, logistiek en maritiem", "Mobiliteit en voertuigen", 0.04, ()),
    ("Mobiliteit, transport, logistiek en maritiem", "Transport, scheepvaart en logistiek", 0.03, ()),
    ("Specialistisch vakmanschap", "Ambacht, laboratorium en gezondheidstechniek", 0.03, ()),
    ("Techniek en gebouwde omgeving", "Bouw en infra", 0.04, ("BOLDT", "EX")),
    ("Techniek en gebouwde omgeving", "Techniek en procesindustrie", 0.08, ()),
    ("Techniek en gebouwde omgeving", "Afbouw, hout en onderhoud", 0.02, ()),
    ("Voedsel, groen en gastvrijheid", "Horeca en bakkerij", 0.04, ()),
    ("Voedsel, groen en gastvrijheid", "Voedsel, natuur en leefomgeving", 0.04, ()),
    ("Voedsel, groen en gastvrijheid", "Toerisme en recreatie", 0.02, ()),
    ("Zakelijke dienstverlening en veiligheid", "Economie en administratie", 0.12, ("BOLDT", "EX")),
    ("Zakelijke dienstverlening en veiligheid", "Veiligheid en sport", 0.06, ()),
    ("Zorg, welzijn en sport", "Zorg en welzijn", 0.22, ("BOLDT", "EX")),
    ("Zorg, welzijn en sport", "Uiterlijke verzorging", 0.03, ()),
    ("Bovensectoraal", "Economie en administratie", 0.01, ()),
    ("niet gespecificeerd naar sector", "Zorg en welzijn", 0.005, ()),
)
LEERWEG_AANDEEL = {"BOLVT": 0.70, "BBL": 0.25, "BOLDT": 0.03, "EX": 0.02}
NIVEAU_AANDEEL = {"2": 0.2, "3": 0.3, "4": 0.5}
# Made-up opleidingen: (crebo, beroepsopleiding code, name, niveau, sectorkamer, hoofdgroep, weight)
OPLEIDINGEN: tuple[tuple[str, str, str, str, str, str, float], ...] = (
    ("99001", "bc901", "Entree", "1", "Entree", "Entree", 0.04),
    ("99002", "bc902", "Helpende zorg en welzijn", "2", "Zorg, welzijn en sport", "Zorg en welzijn", 0.06),
    ("99003", "bc903", "Verzorgende", "3", "Zorg, welzijn en sport", "Zorg en welzijn", 0.12),
    ("99004", "bc904", "Mbo-verpleegkundige", "4", "Zorg, welzijn en sport", "Zorg en welzijn", 0.12),
    ("99005", "bc905", "Logistiek medewerker", "2", "Mobiliteit, transport, logistiek en maritiem",
     "Transport, scheepvaart en logistiek", 0.05),
    ("99006", "bc906", "Eerste monteur", "3", "Techniek en gebouwde omgeving", "Techniek en procesindustrie", 0.07),
    ("99007", "bc907", "Technicus", "4", "Techniek en gebouwde omgeving", "Techniek en procesindustrie", 0.07),
    ("99008", "bc908", "Verkoper", "2", "Handel", "Handel en ondernemerschap", 0.06),
    ("99009", "bc909", "Financieel administratief medewerker", "4", "Zakelijke dienstverlening en veiligheid",
     "Economie en administratie", 0.10),
    ("99010", "bc910", "Software developer", "4", "Ict en creatieve industrie", "Informatie en communicatietechnologie",
     0.08),
    ("99011", "bc911", "Kok", "2", "Voedsel, groen en gastvrijheid", "Horeca en bakkerij", 0.05),
    ("99012", "bc912", "Zelfstandig werkend kok", "3", "Voedsel, groen en gastvrijheid", "Horeca en bakkerij", 0.04),
    ("99013", "bc913", "Beveiliger", "2", "Zakelijke dienstverlening en veiligheid", "Veiligheid en sport", 0.04),
    ("99014", "bc914", "Goudsmid", "3", "Specialistisch vakmanschap", "Ambacht, laboratorium en gezondheidstechniek",
     0.02),
    ("99015", "bc915", "Medewerker dierverzorging", "3", "Voedsel, groen en gastvrijheid",
     "Voedsel, natuur en leefomgeving", 0.04),
    ("99016", "bc916", "Bovensectorale opleiding", "4", "Bovensectoraal", "Economie en administratie", 0.02),
)


@dataclass(frozen=True)
class DemoInstelling:
    """A made-up institution: its BRIN-style code, name, and site(s) as (region, number of the demo gemeente)."""

    code: str
    naam: str
    vestigingen: tuple[tuple[str, int], ...]
    grootte: int  # students (mbo) or first-years per site per year (hbo/wo)
    niveau: str = "mbo"
    eerder: tuple[tuple[str, int], int] | None = None  # (earlier main site, first year at the current one)


MBO_INSTELLINGEN: tuple[DemoInstelling, ...] = (
    DemoInstelling("99DA", "Demo ROC Groningen", (("AM01", 1),), 14000),
    DemoInstelling("99DB", "Demo ROC Midden-Utrecht", (("AM13", 1),), 16000),
    DemoInstelling("99DC", "Demo ROC Groot Amsterdam", (("AM18", 1),), 20000),
    DemoInstelling("99DD", "Demo ROC Rijnmond", (("AM22", 1),), 22000),
    DemoInstelling("99DE", "Demo ROC Twente", (("AM05", 1),), 11000, eerder=(("AM05", 3), 2022)),
    DemoInstelling("99DF", "Demo Groene Vakschool FoodValley", (("AM38", 1),), 4000),
    DemoInstelling("99DG", "Demo ROC Zuid-Limburg", (("AM30", 1),), 12000),
)
HO_INSTELLINGEN: tuple[DemoInstelling, ...] = (
    DemoInstelling("99HA", "Demo Hogeschool Groningen", (("AM01", 1), ("AM01", 2)), 2200, "hbo"),
    DemoInstelling("99HB", "Demo Hogeschool Utrecht", (("AM13", 1), ("AM14", 1)), 2600, "hbo"),
    DemoInstelling("99HC", "Demo Hogeschool Amsterdam", (("AM18", 1),), 3500, "hbo"),
    DemoInstelling("99HD", "Demo Hogeschool Zuid-Holland", (("AM21", 1), ("AM35", 1)), 900, "hbo"),
    DemoInstelling("99UA", "Demo Universiteit Groningen", (("AM01", 1),), 4500, "wo"),
    DemoInstelling("99UB", "Demo Universiteit Amsterdam", (("AM18", 1),), 5500, "wo"),
    DemoInstelling("99UC", "Demo Universiteit Utrecht", (("AM13", 1),), 5000, "wo"),
)
HO_ONDERDELEN = {"hbo": ("ECONOMIE", "GEZONDHEIDSZORG", "ONDERWIJS", "TECHNIEK", "GEDRAG_EN_MAATSCHAPPIJ"),
                 "wo": ("ECONOMIE", "GEZONDHEIDSZORG", "NATUUR", "RECHT", "TECHNIEK", "TAAL_EN_CULTUUR")}
HO_SOORTEN = {"hbo": (("associate degree", 0.12), ("bachelor", 0.88)), "wo": (("bachelor", 1.0),)}


def is_demopakket(pakket: dict) -> bool:
    """Whether a CKAN package (also one downloaded from a test server or mirror) is this generator's synthetic one."""
    return str((pakket or {}).get("title", "")).startswith(DEMO_TITELPREFIX)


# ---------------------------------------------------------------------------------------------------------
# Helpers: deterministic randomness, masking, the CSV form DUO uses
# ---------------------------------------------------------------------------------------------------------


def _rng(*delen: object) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32("/".join(map(str, delen)).encode()))


def _gemaskeerd(aantallen: np.ndarray, rng: np.random.Generator | None = None, zichtbaar: float = 0.0) -> list[str]:
    """Counts as DUO writes them: 1 to 4 become '-1'; with ``rng``, a share ``zichtbaar`` of 1 to 3 stays visible
    (as in the real instroom files, whose masking rule is not documented)."""
    klein = (aantallen >= 1) & (aantallen <= 4)
    if rng is not None and zichtbaar:
        klein &= ~((aantallen <= 3) & (rng.random(aantallen.shape) < zichtbaar))
    return np.where(klein, "-1", aantallen.astype(str)).tolist()


def _csv(kop: list[str], rijen: list[list[str]]) -> bytes:
    uit = io.StringIO(newline="")
    schrijver = csv.writer(uit, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    schrijver.writerow(kop)
    schrijver.writerows(rijen)
    return b"\xef\xbb\xbf" + uit.getvalue().encode("utf-8")


def _gemeente(regio: str, volgnummer: int):
    return next(g for g in demo_gemeenten() if g.regio == regio and g.volgnummer == volgnummer)


def _provincie(code: str) -> str:
    return PROVINCIES[code][0]  # DUO writes "Friesland", not "Fryslân"


def _trend(rng: np.random.Generator) -> np.ndarray:
    return np.array([1.0, 1.01, 0.99, 0.98, 0.99]) * rng.normal(1.0, 0.02, len(JAREN))


# ---------------------------------------------------------------------------------------------------------
# The files
# ---------------------------------------------------------------------------------------------------------


def sectorkamer_bestand() -> bytes:
    """mbo_studenten_sectorkamer: students per sectorkamer, hoofdgroep, leerweg, niveau and woongemeente (wide)."""
    kop = ["SECTORKAMER NAAM", "HOOFDGROEP NAAM", "LEERWEG", "NIVEAU", "WOONPROVINCIE", "WOONGEMEENTE",
           *[f"JAAR_{j}" for j in JAREN]]
    omvang = {r.code: r.omvang_x1000 * 1000 / max(1, r.gemeenten_indicatief) for r in alle_regios()}
    plekken = [(_provincie(g.provincie), g.naam, omvang[regio_in_jaar(g, LAATSTE_JAAR)] * 0.03)
               for g in gemeenten_in_jaar(LAATSTE_JAAR)]
    plekken += [("BELGIE", "woonachtig in België", 40.0), ("DUITSLAND", "woonachtig in Duitsland", 25.0)]
    rijen = []
    for provincie, naam, studenten in plekken:
        rng = _rng("sectorkamer", naam)
        studenten *= rng.lognormal(0, 0.3)
        trend = _trend(rng)
        for sectorkamer, hoofdgroep, gewicht, extra in SECTOREN:
            niveaus = {"1": 1.0} if sectorkamer == "Entree" else NIVEAU_AANDEEL
            for leerweg in ("BBL", "BOLVT", *extra):
                for niveau, deel in niveaus.items():
                    verwacht = studenten * gewicht * LEERWEG_AANDEEL[leerweg] * deel * trend
                    aantallen = rng.poisson(verwacht)
                    if aantallen.any():
                        rijen.append([sectorkamer, hoofdgroep, leerweg, niveau, provincie, naam,
                                      *_gemaskeerd(aantallen)])
    return _csv(kop, rijen)


def _hoofdvestiging(instelling: DemoInstelling, jaar: int):
    if instelling.eerder is not None and jaar < instelling.eerder[1]:
        return _gemeente(*instelling.eerder[0])
    return _gemeente(*instelling.vestigingen[0])


def instellingen_bestand() -> bytes:
    """mbo_instellingen (file 01): students per institution and leerweg, with the gemeente of the main site."""
    kop = ["JAAR", "PROVINCIE INSTELLING", "BEVOEGD GEZAG NUMMER", "INSTELLINGSCODE", "INSTELLINGSNAAM",
           "PLAATSNAAM INSTELLING", "GEMEENTENUMMER INSTELLING", "GEMEENTE INSTELLING", "BBL", "BOLDT", "BOLVT", "EX"]
    rijen = []
    for nummer, instelling in enumerate(MBO_INSTELLINGEN):
        rng = _rng("instelling", instelling.code)
        trend = _trend(rng)
        for i, jaar in enumerate(JAREN):
            g = _hoofdvestiging(instelling, jaar)
            aantallen = rng.poisson([instelling.grootte * trend[i] * LEERWEG_AANDEEL[lw] for lw in ("BBL", "BOLVT", "EX")])
            boldt = "-1" if rng.random() < 0.5 else "0"  # the real BOLDT column holds only -1 and 0
            bbl, bolvt, ex = _gemaskeerd(aantallen)
            rijen.append([str(jaar), _provincie(g.provincie), str(99000 + nummer), instelling.code, instelling.naam,
                          g.naam.upper(), g.code[2:], g.naam.upper(), bbl, boldt, bolvt, ex])
    return _csv(kop, rijen)


# (VOOROPLEIDING VO, VOOROPLEIDING MBO, INSTROOM VO, INSTROOM MBO, WIJZIGING, share) per kind of inflow
_SOORTEN_INSTROOM = (
    ("vmbo kaderberoepsgerichte leerweg diploma", "vooropleiding mbo onbekend of ongediplomeerd", "Directe instroom",
     "J", " ", 0.30),
    ("vmbo theoretische leerweg/mavo diploma", "vooropleiding mbo onbekend of ongediplomeerd", "Directe instroom",
     "J", " ", 0.20),
    ("havo diploma", "vooropleiding mbo onbekend of ongediplomeerd", "Indirecte instroom", "J", " ", 0.08),
    ("vooropleiding onbekend", "vooropleiding mbo onbekend of ongediplomeerd", "Geen instroom", "J", " ", 0.12),
    ("vooropleiding onbekend", "DOORSTROOM", "Geen instroom", "N", "N", 0.22),
    ("vooropleiding onbekend", "DOORSTROOM", "Geen instroom", "N", "J", 0.08),
)


def instroom_bestand(jaar: int) -> bytes:
    """mbo_instroom of one year: inflow per institution, niveau, leerweg, beroepsopleiding and kind of inflow."""
    kop = ["JAAR", "INSTELLINGSCODE", "NIVEAU", "LEERWEG", "BEROEPSOPLEIDING CODE", "BEROEPSOPLEIDING NAAM",
           "WIJZIGING IN INSTELLING", "LAATSTE JAAR VO", "VOOROPLEIDING VO", "LAATSTE JAAR MBO", "VOOROPLEIDING MBO",
           "INSTROOM VO", "INSTROOM MBO", "INSTROOM OPLEIDING", "AANTAL"]
    rijen = []
    for instelling in MBO_INSTELLINGEN:
        rng = _rng("instroom", instelling.code, jaar)
        instroom = instelling.grootte * 0.35
        for _, bc, naam, niveau, _, _, gewicht in OPLEIDINGEN:
            for leerweg, deel in (("BOL", 0.72), ("BBL", 0.25), ("EX", 0.03)):
                for vo, mbo, soort_vo, nieuw_mbo, wijziging, aandeel in _SOORTEN_INSTROOM:
                    if mbo == "DOORSTROOM":
                        if niveau in ("1", "2"):
                            continue
                        mbo = f"mbo niveau {int(niveau) - 1} diploma"
                    aantal = rng.poisson(instroom * gewicht * deel * aandeel)
                    if not aantal:
                        continue
                    laatste_vo = {"Directe instroom": str(jaar - 1), "Indirecte instroom": f"<{jaar - 1}"}.get(soort_vo, " ")
                    laatste_mbo = str(jaar - 1) if nieuw_mbo == "N" else " "
                    rijen.append([str(jaar), instelling.code, niveau, leerweg, bc, naam, wijziging, laatste_vo, vo,
                                  laatste_mbo, mbo, soort_vo, nieuw_mbo, "J",
                                  *_gemaskeerd(np.array([aantal]), rng, zichtbaar=0.4)])
    return _csv(kop, rijen)


def gediplomeerden_bestand() -> bytes:
    """mbo_gediplomeerden: diplomas per institution, leerweg, niveau and opleiding, per sex and year (wide)."""
    kop = ["INSTELLINGSCODE", "INSTELLINGSNAAM", "PLAATSNAAM INSTELLING", "LEERWEG", "NIVEAU", "ERKENDE OPLEIDING CODE",
           "ERKENDE OPLEIDING NAAM", "SECTORKAMER NAAM", "HOOFDGROEP NAAM",
           *[f"DIP{geslacht}{j}" for j in JAREN for geslacht in ("MAN", "VROUW")]]
    rijen = []
    for instelling in MBO_INSTELLINGEN:
        rng = _rng("diploma", instelling.code)
        plaats = _hoofdvestiging(instelling, LAATSTE_JAAR).naam.upper()
        for crebo, _, naam, niveau, sectorkamer, hoofdgroep, gewicht in OPLEIDINGEN:
            vrouw = 0.8 if sectorkamer.startswith("Zorg") else 0.15 if sectorkamer.startswith("Techniek") else 0.5
            for leerweg, deel in (("BOLVT", 0.70), ("BBL", 0.26), ("BOLDT", 0.02), ("EX", 0.015), ("OVO", 0.005)):
                verwacht = instelling.grootte * 0.25 * gewicht * deel * _trend(rng)
                aantallen = rng.poisson(np.stack([verwacht * (1 - vrouw), verwacht * vrouw], axis=1)).ravel()
                if aantallen.any():
                    rijen.append([instelling.code, instelling.naam, plaats, leerweg, niveau, crebo, naam, sectorkamer,
                                  hoofdgroep, *_gemaskeerd(aantallen)])
    return _csv(kop, rijen)


def ho_bestand(niveau: str) -> bytes:
    """ho_eerstejaars of 'hbo' or 'wo': first-years per year, site gemeente, institution, onderdeel, sort and sex."""
    kop = ["STUDIEJAAR", "PROVINCIENAAM", "GEMEENTENUMMER", "GEMEENTENAAM", "SOORT_INSTELLING", "TYPE_HOGER_ONDERWIJS",
           "INSTELLINGSCODE_ACTUEEL", "INSTELLINGSNAAM_ACTUEEL", "ONDERDEEL", "SUBONDERDEEL", "GESLACHT",
           "AANTAL_EERSTEJAARS_INGESCHREVENEN"]
    rijen = []
    for instelling in (i for i in HO_INSTELLINGEN if i.niveau == niveau):
        for plek in instelling.vestigingen:
            g = _gemeente(*plek)
            rng = _rng("ho", instelling.code, g.code)
            trend = _trend(rng)
            onderdelen = HO_ONDERDELEN[niveau]
            gewichten = rng.dirichlet(np.full(len(onderdelen), 3.0))
            for i, jaar in enumerate(JAREN):
                for onderdeel, gewicht in zip(onderdelen, gewichten):
                    for soort, aandeel in HO_SOORTEN[niveau]:
                        for geslacht, deel in (("MAN", 0.47), ("VROUW", 0.525), ("ONBEKEND", 0.005)):
                            aantal = rng.poisson(instelling.grootte * trend[i] * gewicht * aandeel * deel)
                            rijen.append([str(jaar), _provincie(g.provincie), g.code[2:], g.naam, "reguliere inst.",
                                          soort, instelling.code, instelling.naam, onderdeel,
                                          f"Demo-opleidingen {onderdeel.lower().replace('_', ' ')}", geslacht,
                                          *_gemaskeerd(np.array([aantal]))])
    return _csv(kop, rijen)


MAKERS: dict[str, Callable[[int | None, str | None], bytes]] = {
    "mbo_studenten_sectorkamer": lambda jaar, deel: sectorkamer_bestand(),
    "mbo_instroom": lambda jaar, deel: instroom_bestand(jaar),
    "mbo_gediplomeerden": lambda jaar, deel: gediplomeerden_bestand(),
    "mbo_instellingen": lambda jaar, deel: instellingen_bestand(),
    "ho_eerstejaars": lambda jaar, deel: ho_bestand(deel),
}


# ---------------------------------------------------------------------------------------------------------
# Resources and packages (CKAN package_show)
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoResource:
    spec: str  # the register's name of the kind of file
    id: str
    naam: str
    jaar: int | None
    deel: str | None
    bestandsnaam: str


def _register_duo():
    return standaard_register().duo


@functools.lru_cache(maxsize=1)
def resources() -> tuple[DemoResource, ...]:
    """Every demo resource: one per registered file, per part, or per demo year for the per-year kinds."""
    uit = []
    for spec in _register_duo().values():
        if spec.naam not in MAKERS:
            continue
        if spec.per_jaar:
            per_jaar = {r.jaar: r for r in spec.resources}
            voorbeeld = spec.resources[0]
            for jaar in JAREN:
                geregistreerd = per_jaar.get(jaar)
                id_ = geregistreerd.id if geregistreerd else str(
                    uuid.uuid5(uuid.NAMESPACE_URL, f"werkboek-demo/{spec.naam}/{jaar}"))
                naam = re.sub(r"\b\d{4}\b", str(jaar), voorbeeld.naam, count=1)
                uit.append(DemoResource(spec.naam, id_, naam, jaar, None, f"demo-{jaar}-{spec.naam}.csv"))
        else:
            for r in spec.resources:
                uit.append(DemoResource(spec.naam, r.id, r.naam, None, r.deel,
                                        f"demo-{JAREN[0]}-{LAATSTE_JAAR}-{spec.naam}{'-' + r.deel if r.deel else ''}.csv"))
    return tuple(uit)


@functools.lru_cache(maxsize=None)
def _bestand(resource_id: str) -> bytes | None:
    resource = next((r for r in resources() if r.id == resource_id), None)
    return None if resource is None else MAKERS[resource.spec](resource.jaar, resource.deel)


def bestand(resource_id: str) -> bytes | None:
    """The CSV bytes of a demo resource (None for an unknown id); deterministic, made once per process."""
    return _bestand(str(resource_id).strip().lower())


@functools.lru_cache(maxsize=None)
def _pakket(sleutel: str) -> str | None:
    specs = [s for s in _register_duo().values() if sleutel in (s.dataset, s.dataset_id) and s.naam in MAKERS]
    if not specs:
        return None
    spec = specs[0]
    pakket_id = spec.dataset_id or str(uuid.uuid5(uuid.NAMESPACE_URL, f"werkboek-demo/{spec.dataset}"))
    lijst = []
    for positie, r in enumerate(r for r in resources() if r.spec in {s.naam for s in specs}):
        inhoud = bestand(r.id)
        lijst.append({
            "id": r.id, "package_id": pakket_id, "name": r.naam, "description": DEMO_NOTITIE, "format": "CSV",
            "mimetype": "text/csv", "url": f"{PORTAAL}/dataset/{pakket_id}/resource/{r.id}/download/{r.bestandsnaam}",
            "url_type": "upload", "position": positie, "created": DUO_GEWIJZIGD, "last_modified": DUO_GEWIJZIGD,
            "hash": hashlib.md5(inhoud).hexdigest(), "size": len(inhoud), "datastore_active": True, "state": "active",
        })
    pakket = {
        "id": pakket_id, "name": spec.dataset, "title": f"{DEMO_TITELPREFIX}{spec.titel}", "type": "dataset",
        "notes": f"{DEMO_NOTITIE} Jaren {JAREN[0]}-{LAATSTE_JAAR}; gemeenten en instellingen bestaan niet.",
        "license_id": "cc-by", "license_title": "Creative Commons Attribution", "state": "active",
        "metadata_created": DUO_GEWIJZIGD, "metadata_modified": DUO_GEWIJZIGD, "num_resources": len(lijst),
        "organization": {"name": "werkboek-demo", "title": "Werkboek (demodata, synthetisch)"}, "resources": lijst,
    }
    return json.dumps(pakket, ensure_ascii=False)


def pakket(naam_of_id: str) -> dict | None:
    """The CKAN ``package_show`` result of a demo dataset, by name or id (None when the register has no such
    dataset). A fresh copy per call."""
    tekst = _pakket(str(naam_of_id).strip())
    return None if tekst is None else json.loads(tekst)
