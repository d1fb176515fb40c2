"""The table register: which CBS tables, dimensions, topics and categories each theme uses (``data/tabellen.yaml``).

Users edit the YAML file; this module reads and checks it. Every id, key and title carries a status: ``bevestigd``
(seen in real CBS metadata or data, used as it is) or ``afgeleid`` (inferred; used only when the table itself
agrees, see :mod:`werkboek.metadata`). What the register leaves out is resolved at run time from the table's own
metadata. A theme may have several editions of a table, one per classification year (``indeling``), because CBS
reissues regional tables under a new id when the classification changes.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from werkboek import paden
from werkboek.register_basis import REGISTER_BESTAND, STATUSSEN, RegisterFout  # noqa: F401  (RegisterFout: public here)
from werkboek.register_basis import als_tekst as _als_tekst
from werkboek.register_basis import status as _status
from werkboek.register_basis import verplicht as _verplicht
from werkboek.register_duo import (  # noqa: F401  (DuoBestand, DuoResource, Duothema: public here)
    DuoBestand, DuoResource, Duothema, lees_duo_bestand, lees_duo_thema,
)

NIVEAUS = ("gemeente", "arbeidsmarktregio", "nederland")
REGIO_NIVEAUS = ("NL", "LD", "PV", "CR", "AM", "GM")
PERIODESOORTEN = ("JJ", "KW", "MM", "SJ")
ONDERWIJSNIVEAUS_WERK = ("laag", "middelbaar", "hoog")
STANDAARD_EERSTE_JAAR = 2015


@dataclass(frozen=True)
class Tabeluitgave:
    id: str
    indeling: int | None  # None: one table for all classification years ('alle')
    status: str = "afgeleid"
    opmerking: str = ""

    @property
    def gecontroleerd(self) -> bool:
        """Whether the id is confirmed (seen in CBS's own catalogue or data)."""
        return self.status == "bevestigd"


@dataclass(frozen=True)
class Categoriespec:
    """One category the workbook uses, with every way the register knows to find it.

    ``key``: a CBS category key; ``titels``: accepted titles; ``leeftijd``: an age band [van, tot) (tot None: open
    top), built from the table's own age categories; ``onderwijsniveau``: laag, middelbaar or hoog by CBS's title
    forms; ``som``: keys whose sum is the category; ``som_van``: other categories of the register whose sum it is;
    ``titelcode``: the one category whose title starts with this code and a space (ISCED-F fields "07 ...").
    """

    naam: str
    key: str | None = None
    titels: tuple[str, ...] = ()
    status: str = "bevestigd"
    leeftijd: tuple[int, int | None] | None = None
    onderwijsniveau: str | None = None
    som: tuple[str, ...] = ()
    som_van: tuple[str, ...] = ()  # canonical categories of the same dimension whose sum this one is
    titelcode: str | None = None  # the code in front of the title, e.g. '07' for "07 Techniek, industrie en ..."
    verplicht: bool = True

    def omschrijving(self) -> str:
        """How the register describes this category, for error messages."""
        delen = []
        if self.key:
            delen.append(f"key '{self.key}' ({self.status})")
        if self.titels:
            delen.append("titel " + " of ".join(f"'{t}'" for t in self.titels))
        if self.leeftijd:
            van, tot = self.leeftijd
            delen.append(f"leeftijd {van} tot {tot} jaar" if tot is not None else f"leeftijd {van} jaar of ouder")
        if self.onderwijsniveau:
            delen.append(f"onderwijsniveau {self.onderwijsniveau}")
        if self.som:
            delen.append("som van " + " + ".join(self.som))
        if self.som_van:
            delen.append("som van de categorieën " + " + ".join(self.som_van))
        if self.titelcode:
            delen.append(f"titel die begint met '{self.titelcode} '")
        return ", ".join(delen)


@dataclass(frozen=True)
class Dimensiespec:
    naam: str
    key: str
    titel: str | None = None
    status: str = "bevestigd"
    categorieen: dict[str, Categoriespec] = field(default_factory=dict)
    niveaus: tuple[str, ...] = ()  # region levels to fetch (regio)
    soort: str | None = None  # period kind (periode): JJ, KW, MM or SJ


@dataclass(frozen=True)
class Vastspec:
    """A dimension the workbook does not split by, fixed to a known total category (by key, else by title)."""

    dimensie: str
    key: str | None = None
    titels: tuple[str, ...] = ()
    status: str = "bevestigd"


@dataclass(frozen=True)
class Optelspec:
    """A dimension without a total whose categories together form the whole: the workbook sums them."""

    dimensie: str
    keys: tuple[str, ...]
    status: str = "bevestigd"


@dataclass(frozen=True)
class Onderwerpspec:
    naam: str
    key: str | None = None
    titel: str | None = None
    groep: str | None = None  # title of the TopicGroup directly above the topic
    eenheid: str | None = None
    decimalen: int | None = None
    status: str = "bevestigd"

    def omschrijving(self) -> str:
        delen = []
        if self.key:
            delen.append(f"key '{self.key}' ({self.status})")
        if self.titel:
            delen.append(f"titel '{self.titel}'")
        if self.groep:
            delen.append(f"in de groep '{self.groep}'")
        return ", ".join(delen)


@dataclass(frozen=True)
class Thema:
    naam: str
    titel: str
    omschrijving: str
    niveau: str
    eenheid_telling: str
    plaats: str
    eenheid: str | None
    frequentie: str
    tabellen: tuple[Tabeluitgave, ...]
    dimensies: dict[str, Dimensiespec]
    onderwerpen: dict[str, Onderwerpspec]
    vast: dict[str, Vastspec] = field(default_factory=dict)
    optellen: dict[str, Optelspec] = field(default_factory=dict)
    bron: str = ""
    afronding: int | None = None  # CBS rounds the figures to this many (10: tens); no precision finer than that

    @property
    def categorieen(self) -> dict[str, dict[str, Categoriespec]]:
        """Register dimension name -> canonical category name -> spec, for the dimensions that list categories."""
        return {naam: d.categorieen for naam, d in self.dimensies.items() if d.categorieen}

    def uitgave(self, indeling: int | None = None) -> Tabeluitgave:
        """The edition for a classification year: exact match, else the latest before it, else the oldest."""
        if len(self.tabellen) == 1 or indeling is None:
            return max(self.tabellen, key=lambda t: t.indeling or 0)
        eerder = [t for t in self.tabellen if t.indeling is not None and t.indeling <= indeling]
        if eerder:
            return max(eerder, key=lambda t: t.indeling)
        return min(self.tabellen, key=lambda t: t.indeling or 0)

    def dimensie_voor_key(self, key: str) -> Dimensiespec | None:
        return next((d for d in self.dimensies.values() if d.key == key), None)


@dataclass(frozen=True)
class Register:
    versie: int
    themas: dict[str, Thema]
    vingerafdruk: str
    pad: Path
    eerste_jaar: int = STANDAARD_EERSTE_JAAR
    duo: dict[str, DuoBestand] = field(default_factory=dict)  # DUO open data file kinds (section 'duo')
    duo_themas: dict[str, Duothema] = field(default_factory=dict)  # DUO files per region (section 'duo_themas')

    def thema_namen(self) -> list[str]:
        """Every theme ``bron.per_regio`` serves: the CBS themes, then the DUO themes."""
        return [*self.themas, *self.duo_themas]

    def categorieen_van(self, naam: str) -> dict[str, set[str]]:
        """dimension -> the category names of a CBS or DUO theme (what a filter on its frame may ask for)."""
        if naam in self.duo_themas:
            return {dim: set(cats) for dim, cats in self.duo_themas[naam].categorieen.items()}
        return {dim: set(cats) for dim, cats in self.thema(naam).categorieen.items()}

    def thema(self, naam: str) -> Thema | Duothema:
        """A CBS theme (section 'themas') or a DUO theme (section 'duo_themas'); both describe what they count
        (titel, omschrijving, plaats, eenheid_telling, eenheid, frequentie)."""
        if naam in self.themas:
            return self.themas[naam]
        if naam in self.duo_themas:
            return self.duo_themas[naam]
        raise RegisterFout(
            f"Het thema '{naam}' staat niet in het tabellenregister {self.pad}. "
            f"Bekende thema's: {', '.join(sorted(self.thema_namen()))}."
        )

    def alle_uitgaven(self) -> list[tuple[Thema, Tabeluitgave]]:
        return [(thema, uitgave) for thema in self.themas.values() for uitgave in thema.tabellen]

    def duo_bestand(self, naam: str) -> DuoBestand:
        """A kind of DUO file of the section 'duo'; an unknown name raises :class:`RegisterFout` with the known ones."""
        if naam not in self.duo:
            raise RegisterFout(f"Het DUO-bestand '{naam}' staat niet in het tabellenregister {self.pad} (sectie 'duo'). "
                               f"Bekende DUO-bestanden: {', '.join(sorted(self.duo)) or 'geen'}.")
        return self.duo[naam]


def _titels(waarde) -> tuple[str, ...]:
    if waarde in (None, ""):
        return ()
    return tuple(str(t) for t in (waarde if isinstance(waarde, list) else [waarde]))


def _lees_categorie(naam: str, spec, waar: str, standaard_status: str) -> Categoriespec:
    waar = f"categorie '{naam}' van {waar}"
    if not isinstance(spec, dict):
        raise RegisterFout(f"De {waar} moet een blok met key, titel, leeftijd, onderwijsniveau of som zijn.")
    leeftijd = spec.get("leeftijd")
    if leeftijd is not None:
        if not (isinstance(leeftijd, list) and len(leeftijd) == 2 and isinstance(leeftijd[0], int)
                and (leeftijd[1] is None or isinstance(leeftijd[1], int) and leeftijd[1] > leeftijd[0])):
            raise RegisterFout(f"De leeftijd bij {waar} moet [van, tot] zijn (tot groter dan van, of null voor 'of ouder').")
        leeftijd = (int(leeftijd[0]), None if leeftijd[1] is None else int(leeftijd[1]))
    niveau = _als_tekst(spec.get("onderwijsniveau"))
    if niveau is not None and niveau not in ONDERWIJSNIVEAUS_WERK:
        raise RegisterFout(f"Onderwijsniveau '{niveau}' bij {waar}; kies uit {', '.join(ONDERWIJSNIVEAUS_WERK)}.")
    uit = Categoriespec(
        naam=naam,
        key=_als_tekst(spec.get("key")),
        titels=_titels(spec.get("titel")),
        status=_status(spec, waar, standaard_status),
        leeftijd=leeftijd,
        onderwijsniveau=niveau,
        som=tuple(str(k) for k in spec.get("som") or ()),
        som_van=tuple(str(k) for k in spec.get("som_van") or ()),
        titelcode=_als_tekst(spec.get("titelcode")),
        verplicht=bool(spec.get("verplicht", True)),
    )
    if not (uit.key or uit.titels or uit.leeftijd or uit.onderwijsniveau or uit.som or uit.som_van or uit.titelcode):
        raise RegisterFout(f"De {waar} zegt niet hoe zij te vinden is: geef key, titel, leeftijd, onderwijsniveau, "
                           "titelcode, som of som_van.")
    return uit


def _lees_dimensie(naam: str, spec: dict, waar: str) -> Dimensiespec:
    waar_d = f"dimensie '{naam}' van {waar}"
    if not isinstance(spec, dict):
        raise RegisterFout(f"De {waar_d} moet een blok met ten minste 'key' zijn.")
    status = _status(spec, waar_d, "bevestigd")
    categorie_status = _status({"status": spec.get("categorieen_status", "bevestigd")}, waar_d)
    categorieen = {
        str(c): _lees_categorie(str(c), s, waar_d, categorie_status) for c, s in (spec.get("categorieen") or {}).items()
    }
    for categorie in categorieen.values():
        onbekend = [c for c in categorie.som_van if c not in categorieen or categorieen[c].som_van]
        if onbekend:
            raise RegisterFout(f"Categorie '{categorie.naam}' van {waar_d} telt {', '.join(onbekend)} op: die staan niet "
                               "(als gewone categorie) in dezelfde dimensie.")
    niveaus = tuple(str(n).upper() for n in spec.get("niveaus") or ())
    onbekend = [n for n in niveaus if n not in REGIO_NIVEAUS]
    if onbekend:
        raise RegisterFout(f"Onbekend regioniveau {', '.join(onbekend)} bij {waar_d}; kies uit {', '.join(REGIO_NIVEAUS)}.")
    soort = _als_tekst(spec.get("soort"))
    if soort is not None and soort not in PERIODESOORTEN:
        raise RegisterFout(f"Onbekende periodesoort '{soort}' bij {waar_d}; kies uit {', '.join(PERIODESOORTEN)}.")
    if naam == "regio" and not niveaus:
        raise RegisterFout(f"Geef bij {waar_d} de regioniveaus die het werkboek ophaalt ('niveaus', bijvoorbeeld [NL, GM]).")
    return Dimensiespec(naam, str(_verplicht(spec, "key", waar_d)), _als_tekst(spec.get("titel")), status, categorieen,
                        niveaus, soort)


def _lees_onderwerp(naam: str, spec: dict, waar: str) -> Onderwerpspec:
    waar_o = f"onderwerp '{naam}' van {waar}"
    if not isinstance(spec, dict) or not (spec.get("key") or spec.get("titel")):
        raise RegisterFout(f"Het {waar_o} heeft een 'key' of een 'titel' nodig.")
    decimalen = spec.get("decimalen")
    return Onderwerpspec(naam, _als_tekst(spec.get("key")), _als_tekst(spec.get("titel")), _als_tekst(spec.get("groep")),
                         _als_tekst(spec.get("eenheid")), None if decimalen is None else int(decimalen),
                         _status(spec, waar_o, "bevestigd"))


def _lees_thema(naam: str, gegevens: dict) -> Thema:
    waar = f"thema '{naam}'"
    niveau = _verplicht(gegevens, "niveau", waar)
    if niveau not in NIVEAUS:
        raise RegisterFout(f"Onbekend niveau '{niveau}' bij {waar}; kies uit {', '.join(NIVEAUS)}.")
    tabellen = []
    for regel in _verplicht(gegevens, "tabellen", waar):
        indeling = regel.get("indeling")
        tabellen.append(
            Tabeluitgave(
                id=str(_verplicht(regel, "id", waar)),
                indeling=None if indeling in (None, "alle") else int(indeling),
                status=_status(regel, f"tabel {regel.get('id')} van {waar}"),
                opmerking=str(regel.get("opmerking", "")),
            )
        )
    dimensies = {str(d): _lees_dimensie(str(d), spec, waar) for d, spec in _verplicht(gegevens, "dimensies", waar).items()}
    onderwerpen = {str(o): _lees_onderwerp(str(o), spec, waar) for o, spec in _verplicht(gegevens, "onderwerpen", waar).items()}
    vast = {}
    for d, spec in (gegevens.get("vast") or {}).items():
        if not (spec.get("key") or spec.get("titel")):
            raise RegisterFout(f"De vaste dimensie '{d}' van {waar} heeft een 'key' of een 'titel' van haar totaal nodig.")
        vast[str(d)] = Vastspec(str(d), _als_tekst(spec.get("key")), _titels(spec.get("titel")),
                                _status(spec, f"vaste dimensie '{d}' van {waar}", "bevestigd"))
    optellen = {
        str(d): Optelspec(str(d), tuple(str(k) for k in _verplicht(spec, "keys", f"op te tellen dimensie '{d}' van {waar}")),
                          _status(spec, f"op te tellen dimensie '{d}' van {waar}", "bevestigd"))
        for d, spec in (gegevens.get("optellen") or {}).items()
    }
    for soort, specs in (("vaste", vast), ("op te tellen", optellen)):
        if not all(s.status == "bevestigd" for s in specs.values()):
            raise RegisterFout(f"Een {soort} dimensie bij {waar} moet bevestigd zijn: wat niet vaststaat, zoekt het werkboek zelf.")
    return Thema(
        naam=naam,
        titel=str(_verplicht(gegevens, "titel", waar)),
        omschrijving=str(gegevens.get("omschrijving", "")).strip(),
        niveau=niveau,
        eenheid_telling=str(gegevens.get("eenheid_telling", "")),
        plaats=str(gegevens.get("plaats", "")),
        eenheid=gegevens.get("eenheid"),
        frequentie=str(gegevens.get("frequentie", "")),
        tabellen=tuple(tabellen),
        dimensies=dimensies,
        onderwerpen=onderwerpen,
        vast=vast,
        optellen=optellen,
        bron=str(gegevens.get("bron", "")),
        afronding=int(gegevens["afronding"]) if gegevens.get("afronding") else None,
    )


def laad_register(pad: Path | None = None) -> Register:
    """Read and check the table register; raises :class:`RegisterFout` with a Dutch message."""
    pad = Path(pad) if pad else paden.data_dir() / REGISTER_BESTAND
    try:
        ruw = pad.read_bytes()
        gegevens = yaml.safe_load(ruw)
    except OSError as fout:
        raise RegisterFout(f"Het tabellenregister {pad} kan niet worden gelezen ({fout}). Herstel het met 'git checkout data/{REGISTER_BESTAND}'.") from fout
    except yaml.YAMLError as fout:
        raise RegisterFout(f"Het tabellenregister {pad} is geen geldige YAML: {fout}. Herstel de opmaak of zet het bestand terug uit git.") from fout
    if not isinstance(gegevens, dict) or not isinstance(gegevens.get("themas"), dict):
        raise RegisterFout(f"Het tabellenregister {pad} heeft geen lijst 'themas'.")
    themas = {naam: _lees_thema(naam, spec or {}) for naam, spec in gegevens["themas"].items()}
    eerste_jaar = int(gegevens.get("eerste_jaar", STANDAARD_EERSTE_JAAR))
    duo = gegevens.get("duo") or {}
    if not isinstance(duo, dict):
        raise RegisterFout(f"De sectie 'duo' in het tabellenregister {pad} moet per soort DUO-bestand een blok hebben.")
    duo_bestanden = {str(naam): lees_duo_bestand(str(naam), spec) for naam, spec in duo.items()}
    duo_themas = {str(naam): lees_duo_thema(str(naam), spec, duo_bestanden)
                  for naam, spec in (gegevens.get("duo_themas") or {}).items()}
    dubbel = set(duo_themas) & set(themas)
    if dubbel:
        raise RegisterFout(f"De naam {', '.join(sorted(dubbel))} staat zowel bij 'themas' als bij 'duo_themas' in {pad}; "
                           "een thema heeft één naam.")
    return Register(int(gegevens.get("versie", 1)), themas, hashlib.sha256(ruw).hexdigest()[:16], pad, eerste_jaar,
                    duo_bestanden, duo_themas)


@functools.lru_cache(maxsize=1)
def standaard_register() -> Register:
    """The project's register, read once per process."""
    return laad_register()
