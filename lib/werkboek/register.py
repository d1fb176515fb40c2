"""The table register: which CBS tables and topics each theme of the workbook uses (``data/tabellen.yaml``).

Users edit the YAML file; this module reads and checks it. A theme may have several editions of a table, one per
classification year (``indeling``), because CBS reissues regional tables under a new id when the classification
changes.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from werkboek import paden
from werkboek.fouten import WerkboekFout

REGISTER_BESTAND = "tabellen.yaml"
NIVEAUS = ("gemeente", "arbeidsmarktregio", "nederland")


class RegisterFout(WerkboekFout):
    """The table register is missing, unreadable or incomplete."""


@dataclass(frozen=True)
class Tabeluitgave:
    id: str
    indeling: int | None  # None: one table for all classification years ('alle')
    gecontroleerd: bool
    opmerking: str = ""


@dataclass(frozen=True)
class Dimensiespec:
    naam: str
    key: str
    titel: str


@dataclass(frozen=True)
class Onderwerpspec:
    naam: str
    key: str
    titel: str
    groep: str | None = None
    eenheid: str | None = None


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
    categorieen: dict[str, dict[str, str]] = field(default_factory=dict)

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

    def thema(self, naam: str) -> Thema:
        try:
            return self.themas[naam]
        except KeyError:
            raise RegisterFout(
                f"Het thema '{naam}' staat niet in het tabellenregister {self.pad}. "
                f"Bekende thema's: {', '.join(sorted(self.themas))}."
            ) from None

    def alle_uitgaven(self) -> list[tuple[Thema, Tabeluitgave]]:
        return [(thema, uitgave) for thema in self.themas.values() for uitgave in thema.tabellen]


def _verplicht(gegevens: dict, sleutel: str, waar: str):
    if sleutel not in gegevens or gegevens[sleutel] in (None, ""):
        raise RegisterFout(f"In het tabellenregister ontbreekt '{sleutel}' bij {waar}. Vul het aan in data/{REGISTER_BESTAND}.")
    return gegevens[sleutel]


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
                gecontroleerd=bool(regel.get("gecontroleerd", False)),
                opmerking=str(regel.get("opmerking", "")),
            )
        )
    dimensies = {
        d: Dimensiespec(d, str(_verplicht(spec, "key", f"dimensie '{d}' van {waar}")), str(spec.get("titel", d)))
        for d, spec in _verplicht(gegevens, "dimensies", waar).items()
    }
    onderwerpen = {
        o: Onderwerpspec(
            o,
            str(_verplicht(spec, "key", f"onderwerp '{o}' van {waar}")),
            str(_verplicht(spec, "titel", f"onderwerp '{o}' van {waar}")),
            spec.get("groep"),
            spec.get("eenheid"),
        )
        for o, spec in _verplicht(gegevens, "onderwerpen", waar).items()
    }
    categorieen = {d: {str(k): str(v) for k, v in cats.items()} for d, cats in (gegevens.get("categorieen") or {}).items()}
    onbekend = set(categorieen) - set(dimensies)
    if onbekend:
        raise RegisterFout(f"Categorieën voor onbekende dimensie(s) {', '.join(sorted(onbekend))} bij {waar}.")
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
        categorieen=categorieen,
    )


def laad_register(pad: Path | None = None) -> Register:
    """Read and check the table register; raises :class:`RegisterFout` with a Dutch message."""
    import yaml

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
    return Register(int(gegevens.get("versie", 1)), themas, hashlib.sha256(ruw).hexdigest()[:16], pad)


@functools.lru_cache(maxsize=1)
def standaard_register() -> Register:
    """The project's register, read once per process."""
    return laad_register()
