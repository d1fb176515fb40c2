"""The DUO half of the table register (section ``duo`` of ``data/tabellen.yaml``): the kinds of DUO open data file
the workbook reads from onderwijsdata.duo.nl, and the DUO themes it builds from them per arbeidsmarktregio
(section ``duo_themas``). Read by :func:`werkboek.register.laad_register`, the one reader of the file."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from werkboek.register_basis import RegisterFout
from werkboek.register_basis import als_tekst as _als_tekst
from werkboek.register_basis import status as _status
from werkboek.register_basis import verplicht as _verplicht


DUO_PLAATSEN = (
    "woonplaats van de student",
    "vestiging van de instelling (hoofdvestiging)",
    "vestiging (gemeente van de opleiding)",
)
DUO_GEMEENTE = ("code", "naam", "instelling")  # how the gemeente is found: a code column, a name, the institution
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass(frozen=True)
class DuoResource:
    """One file of a DUO dataset: its CKAN resource id and name, and the year or part it holds (if per year/part)."""

    id: str
    naam: str
    jaar: int | None = None
    deel: str | None = None
    status: str = "bevestigd"

    @property
    def sleutel(self) -> int | str | None:
        """What tells this file apart from the other files of the same kind: its year, its part, or nothing."""
        return self.jaar if self.jaar is not None else self.deel


@dataclass(frozen=True)
class DuoBestand:
    """A kind of DUO file the workbook reads (register section 'duo'); see data/tabellen.yaml for the fields."""

    naam: str
    titel: str
    omschrijving: str
    dataset: str
    dataset_id: str
    dataset_status: str
    resources: tuple[DuoResource, ...]
    naampatroon: str
    kolommen: tuple[str, ...]
    gemeente: str
    plaats: str
    eenheid: str
    maskering: str
    bron: str
    vingerafdruk: str
    jaarkolommen: str | None = None
    delen: dict[str, str] = field(default_factory=dict)  # part code -> its words in the resource name (hbo, wo)

    @property
    def per_jaar(self) -> bool:
        """One file per year (DUO adds a file each year and drops old ones)."""
        return any(r.jaar is not None for r in self.resources)

    def patroon(self) -> re.Pattern:
        return re.compile(self.naampatroon)

    def deel_uit_naam(self, tekst: str | None) -> str | None:
        """The part code ('hbo') for the words the name pattern found ('hoger beroepsonderwijs')."""
        return next((code for code, woorden in self.delen.items() if woorden == tekst), None)


def _lees_duo_resource(spec, waar: str, delen: dict[str, str]) -> DuoResource:
    if not isinstance(spec, dict):
        raise RegisterFout(f"Elk bestand bij {waar} moet een blok met id en naam zijn.")
    waar_r = f"bestand {spec.get('id')} van {waar}"
    id_ = str(_verplicht(spec, "id", waar)).strip().lower()
    if not _UUID.match(id_):
        raise RegisterFout(f"Het id '{id_}' bij {waar} is geen CKAN-resource-id (een UUID zoals "
                           "44a2a5e0-8218-44ed-bc5b-33b4bcceb480). Neem het id over uit de download-url van DUO.")
    jaar, deel = spec.get("jaar"), _als_tekst(spec.get("deel"))
    if jaar is not None and not (isinstance(jaar, int) and 1990 <= jaar <= 2100):
        raise RegisterFout(f"Het jaar bij {waar_r} moet een jaartal zijn (bijvoorbeeld 2024); gevonden: {jaar!r}.")
    if deel is not None and deel not in delen:
        raise RegisterFout(f"Het deel '{deel}' bij {waar_r} staat niet onder 'delen' ({', '.join(delen) or 'leeg'}).")
    return DuoResource(id_, str(_verplicht(spec, "naam", waar_r)), jaar, deel, _status(spec, waar_r, "bevestigd"))


def lees_duo_bestand(naam: str, spec) -> DuoBestand:
    waar = f"DUO-bestand '{naam}'"
    if not isinstance(spec, dict):
        raise RegisterFout(f"Het {waar} moet een blok met titel, dataset, resources en kolommen zijn.")
    dataset = _verplicht(spec, "dataset", waar)
    if not isinstance(dataset, dict):
        raise RegisterFout(f"'dataset' bij {waar} moet een blok met naam en id zijn.")
    delen = {str(k): str(v) for k, v in (spec.get("delen") or {}).items()}
    resources = tuple(_lees_duo_resource(r, waar, delen) for r in _verplicht(spec, "resources", waar))
    soorten = {(r.jaar is not None, r.deel is not None) for r in resources}
    if len(soorten) > 1 or (True, True) in soorten or (len(resources) > 1 and soorten == {(False, False)}):
        raise RegisterFout(f"De bestanden van het {waar} moeten elk een eigen 'jaar' hebben, of elk een eigen 'deel', "
                           "of er is er één zonder jaar en deel.")
    if len({r.sleutel for r in resources}) != len(resources):
        raise RegisterFout(f"Bij het {waar} staan twee bestanden voor hetzelfde jaar of deel.")
    patroon = str(_verplicht(spec, "naampatroon", waar))
    jaarkolommen = _als_tekst(spec.get("jaarkolommen"))
    for soort, tekst in (("naampatroon", patroon), ("jaarkolommen", jaarkolommen)):
        try:
            gecompileerd = re.compile(tekst) if tekst else None
        except re.error as fout:
            raise RegisterFout(f"Het {soort} '{tekst}' bij {waar} is geen geldige reguliere expressie ({fout}).") from fout
        if soort == "jaarkolommen" and gecompileerd is not None and "jaar" not in gecompileerd.groupindex:
            raise RegisterFout(f"Het patroon 'jaarkolommen' bij {waar} moet een groep (?P<jaar>...) hebben.")
    kolommen = spec.get("kolommen")
    if not isinstance(kolommen, list) or not kolommen or not all(isinstance(k, str) and k for k in kolommen):
        raise RegisterFout(f"'kolommen' bij {waar} moet een lijst met de kolomnamen zijn, precies zoals DUO ze schrijft.")
    plaats, gemeente = str(_verplicht(spec, "plaats", waar)), str(_verplicht(spec, "gemeente", waar))
    for soort, waarde, keuzes in (("plaats", plaats, DUO_PLAATSEN), ("gemeente", gemeente, DUO_GEMEENTE)):
        if waarde not in keuzes:
            raise RegisterFout(f"Onbekende {soort} '{waarde}' bij {waar}; kies uit: {', '.join(keuzes)}.")
    return DuoBestand(
        naam=naam,
        titel=str(_verplicht(spec, "titel", waar)),
        omschrijving=str(spec.get("omschrijving", "")).strip(),
        dataset=str(_verplicht(dataset, "naam", f"de dataset van het {waar}")),
        dataset_id=str(dataset.get("id") or ""),
        dataset_status=_status(dataset, f"de dataset van het {waar}", "afgeleid"),
        resources=resources,
        naampatroon=patroon,
        kolommen=tuple(kolommen),
        gemeente=gemeente,
        plaats=plaats,
        eenheid=str(_verplicht(spec, "eenheid", waar)),
        maskering=str(_verplicht(spec, "maskering", waar)),
        bron=str(spec.get("bron", "")),
        vingerafdruk=hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()[:16],
        jaarkolommen=jaarkolommen,
        delen=delen,
    )


@dataclass(frozen=True)
class Duothema:
    """A DUO theme (section 'duo_themas'): DUO files summed to arbeidsmarktregio's by :mod:`werkboek.onderwijs_per_regio`,
    served by ``bron.per_regio(naam)`` in the shape of the CBS themes (contract C3)."""

    naam: str
    titel: str
    omschrijving: str
    bestanden: tuple[str, ...]  # the kinds of DUO file it is made of (section 'duo')
    plaats: str
    eenheid_telling: str
    eenheid: str
    onderwerpen: tuple[str, ...]
    categorieen: dict[str, tuple[str, ...]]  # dimension -> the category names the frame has
    bron: str = ""
    niveau: str = "arbeidsmarktregio"
    frequentie: str = "jaarlijks (telling 1 oktober; DUO geeft de laatste vijf jaar)"


def lees_duo_thema(naam: str, spec, bestanden: dict[str, DuoBestand]) -> Duothema:
    waar = f"DUO-thema '{naam}'"
    if not isinstance(spec, dict):
        raise RegisterFout(f"Het {waar} moet een blok met titel, bestanden, onderwerpen en categorieen zijn.")
    gebruikt = _verplicht(spec, "bestanden", waar)
    onbekend = [b for b in gebruikt if b not in bestanden]
    if onbekend:
        raise RegisterFout(f"Het {waar} gebruikt DUO-bestand(en) {', '.join(map(str, onbekend))} die niet in de sectie "
                           f"'duo' staan (wel: {', '.join(bestanden) or 'geen'}).")
    categorieen = _verplicht(spec, "categorieen", waar)
    if not isinstance(categorieen, dict) or not all(isinstance(v, list) and v for v in categorieen.values()):
        raise RegisterFout(f"'categorieen' bij het {waar} moet per dimensie een lijst met categorieën zijn.")
    return Duothema(
        naam=naam, titel=str(_verplicht(spec, "titel", waar)), omschrijving=str(spec.get("omschrijving", "")).strip(),
        bestanden=tuple(map(str, gebruikt)), plaats=str(_verplicht(spec, "plaats", waar)),
        eenheid_telling=str(_verplicht(spec, "eenheid_telling", waar)), eenheid=str(spec.get("eenheid", "aantal")),
        onderwerpen=tuple(map(str, _verplicht(spec, "onderwerpen", waar))),
        categorieen={str(k): tuple(map(str, v)) for k, v in categorieen.items()}, bron=str(spec.get("bron", "")),
    )
