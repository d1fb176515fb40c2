"""Resolve a register theme against a table's own metadata: which dimension, topic and category keys to use.

CBS tables are read through their metadata parts (contract C1): ``DataProperties`` lists dimensions and topics,
nested in topic groups through ``ParentID``; each dimension has a part with its categories (``Key``, ``Title``).
The register (:mod:`werkboek.register`) says what is confirmed; everything else is found here:

- **Dimensions** by their key. A table dimension that the register does not list is fixed to its total category
  (a known total key such as ``T001038``, or the one title that starts with "Totaal"); a dimension without a
  total stops with :class:`MetadataFout`, unless the register declares that its categories add up to the whole.
- **Topics** by confirmed key; else by title, within the topic group directly above the topic when the register
  gives one (exact group title, so "Arbeidsmarktregio's" never matches "RegioPlus-arbeidsmarktregio's"); an
  inferred key is accepted only when its title and group agree. A topic is never taken on a key number alone.
- **Categories** by confirmed key; by title; by the age rule (single years "12 jaar", bands "Leeftijd: 15 tot 25
  jaar", "65 jaar of ouder"; a band may be one category or a run of adjacent ones, an open top band may be the
  total minus the years below it); by the education-level rule ("Onderwijsniveau: 1 Laag", "1 Basisonderwijs,
  vmbo, mbo1", "3 Hbo, wo"); or as a declared sum of keys.

Ambiguity and absence give a Dutch :class:`MetadataFout` naming the table, what was looked for and the
candidates that were there. The result, :class:`Resolutie`, is what the download filter, the demo generator and
the parser share.

Why one module of this size: resolving a theme against a table's own metadata is one ordered set of rules
(dimensions, topics, categories by key, title, age and level rules, totals); they share their error messages.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from werkboek.fouten import WerkboekFout
from werkboek.register import Categoriespec, Onderwerpspec, Thema

DIMENSIE_TYPES = ("Dimension", "TimeDimension", "GeoDimension")
ONDERWERP_TYPES = ("Topic", "GeoDetail")
# Total categories CBS uses across its tables (CBS_TABELLEN.md): Geslacht, BurgerlijkeStaat, Persoonskenmerken,
# Leeftijd, SBI 2008.
TOTAAL_KEYS = ("T001038", "T001019", "T009002", "10000", "T001081")
NIVEAU_CIJFERS = {"1": "laag", "2": "middelbaar", "3": "hoog"}
_ONDERWIJSWOORDEN = ("laag", "middelbaar", "hoog", "basisonderwijs", "vmbo", "havo", "vwo", "mbo", "hbo", "wo")
_PERIODE = re.compile(r"^(?P<jaar>\d{4})(?P<soort>[A-Z]{2})(?P<nummer>\d{2})$")


class MetadataFout(WerkboekFout, KeyError):
    """A register entry cannot be resolved unambiguously in a table's metadata."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""


_APOSTROFS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'"})


def vergelijkbaar(tekst: Any) -> str:
    """Text for comparing titles: accents removed, one kind of apostrophe (CBS mixes ' and ’), lower case, runs of
    white space as one space."""
    zonder = unicodedata.normalize("NFKD", str(tekst).translate(_APOSTROFS)).encode("ascii", "ignore").decode("ascii")
    return " ".join(zonder.lower().split())


def _stam(key: str) -> str:
    return re.sub(r"_\d+$", "", key)


@dataclass(frozen=True)
class Categorie:
    """A resolved category: the padded keys it is built from, each with a sign (+1 or -1)."""

    naam: str
    delen: tuple[tuple[str, int], ...]
    titel: str
    wijze: str  # how it was found, in Dutch ('op key', 'op titel', 'leeftijdsregel', ...)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(k for k, _ in self.delen)

    @property
    def enkelvoudig(self) -> bool:
        return len(self.delen) == 1 and self.delen[0][1] == 1


@dataclass
class Resolutie:
    """Every key the workbook uses in one table, found in the table's own metadata."""

    tabel_id: str
    dimensies: dict[str, str]  # register name -> dimension key
    dimensietypes: dict[str, str]  # dimension key -> Dimension / TimeDimension / GeoDimension
    vast: dict[str, str]  # dimension key -> padded key of its total
    optellen: dict[str, tuple[str, ...]]  # dimension key -> padded keys that add up to the whole
    onderwerpen: dict[str, dict]  # register name -> DataProperties record
    categorieen: dict[str, dict[str, Categorie]]  # register dimension name -> canonical name -> category
    alle_keys: dict[str, tuple[str, ...]]  # dimension key -> every padded key in the table, in table order
    titels: dict[str, dict[str, str]]  # dimension key -> stripped key -> title
    ontbrekend: list[str] = field(default_factory=list)  # optional categories not found (Dutch notes)
    toelichting: list[str] = field(default_factory=list)  # how each entry was found (Dutch, for provenance)

    def dimensie_key(self, naam: str) -> str | None:
        return self.dimensies.get(naam)

    def perioden(self, soort: str | None, vanaf: int | None) -> tuple[str, ...]:
        """Padded period keys of the time dimension, of one kind (JJ, KW, ...) and from a first year."""
        key = self.dimensies.get("periode")
        if key is None:
            return ()
        uit = []
        for padded in self.alle_keys[key]:
            match = _PERIODE.match(padded.strip())
            if match is None:
                continue
            if soort is not None and match.group("soort") != soort:
                continue
            if vanaf is not None and int(match.group("jaar")) < vanaf:
                continue
            uit.append(padded)
        return tuple(uit)

    def regios(self, niveaus: tuple[str, ...]) -> tuple[str, ...]:
        """Padded region keys whose level (first two letters) is one of ``niveaus``."""
        key = self.dimensies.get("regio")
        if key is None:
            return ()
        return tuple(k for k in self.alle_keys[key] if k.strip()[:2].upper() in niveaus)


# ---------------------------------------------------------------------------------------------------------
# Reading the metadata parts
# ---------------------------------------------------------------------------------------------------------


def tabel_id_van(delen: dict) -> str:
    infos = delen.get("TableInfos") or [{}]
    info = infos[0] if isinstance(infos, list) and infos else {}
    return str(info.get("Identifier") or "?")


def _groepspad(eigenschap: dict, per_id: dict) -> list[str]:
    """Titles of the topic groups above a property, nearest first."""
    titels, ouder, gezien = [], eigenschap.get("ParentID"), set()
    while ouder is not None and ouder in per_id and ouder not in gezien:
        gezien.add(ouder)
        titels.append(str(per_id[ouder].get("Title", "")).strip())
        ouder = per_id[ouder].get("ParentID")
    return titels


def _beschrijf_eigenschap(eigenschap: dict, per_id: dict) -> str:
    pad = " > ".join(reversed(_groepspad(eigenschap, per_id)))
    return f"{eigenschap.get('Key')} ('{eigenschap.get('Title')}'{f' in {pad}' if pad else ''})"


def _fout(tabel_id: str, wat: str, gezocht: str, kandidaten: list[str], meervoudig: bool = False) -> MetadataFout:
    reden = "is niet eenduidig: meer dan één kandidaat past" if meervoudig else "is niet gevonden"
    lijst = "; ".join(kandidaten[:40]) + (f"; ... ({len(kandidaten)} in totaal)" if len(kandidaten) > 40 else "")
    return MetadataFout(
        f"Tabel {tabel_id}: {wat} {reden} (gezocht: {gezocht}). "
        f"{'Passend' if meervoudig else 'Aanwezig'} in de tabel: {lijst or 'niets'}. CBS heeft de tabel misschien "
        "gewijzigd of opnieuw uitgegeven. Pas het thema aan in data/tabellen.yaml (key, titel of groep), of voeg een "
        "nieuw tabel-id toe."
    )


# ---------------------------------------------------------------------------------------------------------
# Topics
# ---------------------------------------------------------------------------------------------------------


def zoek_onderwerp(eigenschappen: list[dict], spec: Onderwerpspec, tabel_id: str) -> tuple[dict, str]:
    """The DataProperties record of a register topic, and how it was found."""
    per_id = {e.get("ID"): e for e in eigenschappen}
    alle = [e for e in eigenschappen if e.get("Type") in ONDERWERP_TYPES]
    in_groep = alle
    if spec.groep:
        groep = vergelijkbaar(spec.groep)
        in_groep = [e for e in alle if (_groepspad(e, per_id)[:1] or [None])[0] is not None
                    and vergelijkbaar(_groepspad(e, per_id)[0]) == groep]

    def titel_past(e: dict) -> bool:
        return spec.titel is None or vergelijkbaar(e.get("Title", "")) == vergelijkbaar(spec.titel)

    if spec.key:
        op_key = [e for e in in_groep if e.get("Key") == spec.key]
        if op_key and (spec.status == "bevestigd" or titel_past(op_key[0])):
            return op_key[0], "op key"
        # CBS renumbers keys ('Banen_1' -> 'Banen_2'): the same stem counts only with a matching title.
        stam = [e for e in in_groep if _stam(str(e.get("Key", ""))) == _stam(spec.key) and spec.titel and titel_past(e)]
        if len(stam) == 1:
            return stam[0], "op key met een ander volgnummer en dezelfde titel"
    if spec.titel:
        op_titel = [e for e in in_groep if titel_past(e)]
        if len(op_titel) == 1:
            return op_titel[0], f"op titel{' binnen de groep' if spec.groep else ''}"
        if len(op_titel) > 1:
            raise _fout(tabel_id, f"onderwerp '{spec.naam}'", spec.omschrijving(),
                        [_beschrijf_eigenschap(e, per_id) for e in op_titel], meervoudig=True)
    raise _fout(tabel_id, f"onderwerp '{spec.naam}'", spec.omschrijving(),
                [_beschrijf_eigenschap(e, per_id) for e in alle])


# ---------------------------------------------------------------------------------------------------------
# Categories: age bands and education levels
# ---------------------------------------------------------------------------------------------------------

_LEEFTIJD_VORMEN = (
    (re.compile(r"^(\d+) jaar$"), lambda a: (a[0], a[0] + 1)),
    (re.compile(r"^(\d+) tot (\d+) jaar$"), lambda a: (a[0], a[1])),
    (re.compile(r"^(\d+) tot en met (\d+) jaar$"), lambda a: (a[0], a[1] + 1)),
    (re.compile(r"^(\d+) jaar of ouder$"), lambda a: (a[0], None)),
    (re.compile(r"^jonger dan (\d+) jaar$"), lambda a: (0, a[0])),
)


def leeftijdsband(titel: str, met_voorvoegsel: bool) -> tuple[int, int | None] | None:
    """The age band [van, tot) of a category title, or None. With ``met_voorvoegsel`` (a mixed dimension such as
    Persoonskenmerken) only titles that start with "Leeftijd:" count."""
    tekst = vergelijkbaar(titel)
    if tekst.startswith("leeftijd:"):
        tekst = tekst[len("leeftijd:"):].strip()
    elif met_voorvoegsel:
        return None
    for patroon, band in _LEEFTIJD_VORMEN:
        match = patroon.match(tekst)
        if match:
            return band([int(g) for g in match.groups()])
    return None


def _leeftijd_uit_key(key: str) -> tuple[int, int | None] | None:
    """03759ned's single-year key pattern (CBS_TABELLEN §4, inferred): 10010 is 0 jaar, 10000 + 100 x age."""
    if key == "10010":
        return (0, 1)
    if re.fullmatch(r"1\d\d00", key) and key != "10000":
        leeftijd = (int(key) - 10000) // 100
        return (leeftijd, leeftijd + 1)
    return None


def _leeftijdsdelen(records: list[dict], met_voorvoegsel: bool) -> dict[str, tuple[int, int | None]]:
    banden = {}
    for r in records:
        band = leeftijdsband(r.get("Title", ""), met_voorvoegsel)
        if band is not None:
            banden[str(r.get("Key"))] = band
    if not banden and not met_voorvoegsel:
        for r in records:
            band = _leeftijd_uit_key(str(r.get("Key", "")).strip())
            if band is not None:
                banden[str(r.get("Key"))] = band
    return banden


def _keten(banden: dict[str, tuple[int, int | None]], van: int, tot: int) -> list[str] | None:
    """Adjacent bands that exactly cover [van, tot), the widest first at every step; None when impossible."""
    keten, huidig = [], van
    while huidig < tot:
        passend = [(k, b) for k, b in banden.items() if b[0] == huidig and b[1] is not None and b[1] <= tot]
        if not passend:
            return None
        key, band = max(passend, key=lambda kb: kb[1][1])
        keten.append(key)
        huidig = band[1]
    return keten


def _totaal_key(records: list[dict]) -> str | None:
    totalen = _totalen(records)
    return totalen[0] if len(totalen) == 1 else None


def _totalen(records: list[dict]) -> list[str]:
    op_key = [str(r.get("Key")) for r in records if str(r.get("Key", "")).strip() in TOTAAL_KEYS]
    if op_key:
        return op_key
    return [str(r.get("Key")) for r in records if vergelijkbaar(r.get("Title", "")).startswith("totaal")]


def _zoek_leeftijd(spec: Categoriespec, records: list[dict], met_voorvoegsel: bool) -> tuple[tuple[tuple[str, int], ...], str] | None:
    van, tot = spec.leeftijd
    banden = _leeftijdsdelen(records, met_voorvoegsel)
    exact = [k for k, b in banden.items() if b == (van, tot)]
    if len(exact) == 1:
        return ((exact[0], 1),), "leeftijdsregel (één categorie)"
    if len(exact) > 1:
        return None
    if tot is not None:
        keten = _keten(banden, van, tot)
        return (tuple((k, 1) for k in keten), f"leeftijdsregel (som van {len(keten)} categorieën)") if keten else None
    totaal = _totaal_key(records) if not met_voorvoegsel else None
    onder = _keten(banden, 0, van) if van > 0 else []
    if totaal is not None and onder is not None:
        return ((totaal, 1), *((k, -1) for k in onder)), f"leeftijdsregel (totaal min {len(onder)} categorieën eronder)"
    for bovengrens in sorted({b[0] for b in banden.values() if b[1] is None and b[0] > van}):
        keten = _keten(banden, van, bovengrens)
        open_ = [k for k, b in banden.items() if b == (bovengrens, None)]
        if keten and len(open_) == 1:
            return (*((k, 1) for k in keten), (open_[0], 1)), "leeftijdsregel (losse jaren plus open klasse)"
    return None


def onderwijsniveau_van(titel: str) -> str | None:
    """laag, middelbaar or hoog for CBS's three-level titles, else None.

    Accepts "Onderwijsniveau: 1 Laag", "2 Middelbaar", "1 Basisonderwijs, vmbo, mbo1", "2 Havo, vwo, mbo2-4",
    "3 Hbo, wo" and the bare words; "11 Basisonderwijs" (a detailed level) is not one of the three.
    """
    tekst = vergelijkbaar(titel)
    voorvoegsel = tekst.startswith("onderwijsniveau:")
    if voorvoegsel:
        tekst = tekst[len("onderwijsniveau:"):].strip()
    if tekst in NIVEAU_CIJFERS.values():
        return tekst
    match = re.match(r"^([123]) (.+)$", tekst)
    if match is None:
        return None
    rest = match.group(2)
    woorden = re.findall(r"[a-z]+", rest)
    if voorvoegsel or any(w in _ONDERWIJSWOORDEN for w in woorden):
        niveau = NIVEAU_CIJFERS[match.group(1)]
        # a word that names another level contradicts the digit: not one of CBS's three forms
        tegen = [w for w in woorden if w in NIVEAU_CIJFERS.values() and w != niveau]
        return None if tegen else niveau
    return None


def _zoek_niveau(spec: Categoriespec, records: list[dict]) -> tuple[str, str] | None:
    per_key = {str(r.get("Key", "")).strip(): r for r in records}
    if spec.key and spec.key in per_key and onderwijsniveau_van(per_key[spec.key].get("Title", "")) == spec.onderwijsniveau:
        return str(per_key[spec.key]["Key"]), "op key, titel bevestigt het niveau"
    passend = [str(r.get("Key")) for r in records if onderwijsniveau_van(r.get("Title", "")) == spec.onderwijsniveau]
    if len(passend) == 1:
        return passend[0], "niveauregel op titel"
    if len(passend) > 1:
        raise _MeerdereFout(passend)
    return None


class _MeerdereFout(Exception):
    def __init__(self, keys: list[str]):
        super().__init__(keys)
        self.keys = keys


def zoek_categorie(spec: Categoriespec, records: list[dict], tabel_id: str, dimensie: str,
                   gemengd: bool = False) -> Categorie | None:
    """Resolve one register category in a dimension's records; None when an optional category is absent.

    ``gemengd``: the dimension mixes kinds of categories (Persoonskenmerken), so age titles need their prefix.
    Raises :class:`MetadataFout` when a required category is absent, or when any category is ambiguous.
    """
    per_key = {str(r.get("Key", "")).strip(): r for r in records}
    titel_van = {str(r.get("Key")): str(r.get("Title", "")).strip() for r in records}
    kandidaten = [f"{str(r.get('Key')).strip()} ('{str(r.get('Title', '')).strip()}')" for r in records]
    wat = f"categorie '{spec.naam}' van dimensie {dimensie}"

    def klaar(delen, wijze, titel=None) -> Categorie:
        return Categorie(spec.naam, tuple(delen), titel or " + ".join(
            ("-" if teken < 0 else "") + titel_van.get(k, k.strip()) for k, teken in delen), wijze)

    try:
        if spec.som:
            ontbrekend = [k for k in spec.som if k not in per_key]
            if not ontbrekend:
                return klaar([(str(per_key[k]["Key"]), 1) for k in spec.som], "som van bevestigde keys")
        elif spec.leeftijd is not None:
            gevonden = _zoek_leeftijd(spec, records, gemengd)
            if gevonden is not None:
                return klaar(*gevonden)
        elif spec.titelcode is not None:
            passend = [str(r.get("Key")) for r in records if str(r.get("Title", "")).strip().startswith(f"{spec.titelcode} ")]
            if len(passend) == 1:
                return klaar([(passend[0], 1)], "op de code voor de titel", titel_van[passend[0]])
            if len(passend) > 1:
                raise _MeerdereFout(passend)
        elif spec.onderwijsniveau is not None:
            gevonden = _zoek_niveau(spec, records)
            if gevonden is not None:
                return klaar([(gevonden[0], 1)], gevonden[1], titel_van.get(gevonden[0]))
        else:
            if spec.key and spec.key in per_key:
                record = per_key[spec.key]
                titel_klopt = not spec.titels or any(
                    vergelijkbaar(record.get("Title", "")) == vergelijkbaar(t) for t in spec.titels)
                if spec.status == "bevestigd" or titel_klopt:
                    return klaar([(str(record["Key"]), 1)], "op key", str(record.get("Title", "")).strip())
            if spec.titels:
                gezocht = {vergelijkbaar(t) for t in spec.titels}
                op_titel = [str(r.get("Key")) for r in records if vergelijkbaar(r.get("Title", "")) in gezocht]
                if len(op_titel) == 1:
                    return klaar([(op_titel[0], 1)], "op titel", titel_van[op_titel[0]])
                if len(op_titel) > 1:
                    raise _MeerdereFout(op_titel)
    except _MeerdereFout as meer:
        raise _fout(tabel_id, wat, spec.omschrijving(), [f"{k.strip()} ('{titel_van[k]}')" for k in meer.keys],
                    meervoudig=True) from None
    if spec.verplicht:
        raise _fout(tabel_id, wat, spec.omschrijving(), kandidaten)
    return None


def _som_van(spec: Categoriespec, gevonden: dict[str, Categorie], tabel_id: str, dimensie: str) -> Categorie | None:
    """A register category that is the sum of other register categories of the same dimension."""
    ontbrekend = [c for c in spec.som_van if c not in gevonden]
    if ontbrekend:
        if spec.verplicht:
            raise MetadataFout(
                f"Tabel {tabel_id}: categorie '{spec.naam}' van dimensie {dimensie} is de som van "
                f"{', '.join(spec.som_van)}, maar {', '.join(ontbrekend)} staat niet in de tabel. Pas data/tabellen.yaml aan."
            )
        return None
    delen = tuple(deel for c in spec.som_van for deel in gevonden[c].delen)
    titel = " + ".join(gevonden[c].titel for c in spec.som_van)
    return Categorie(spec.naam, delen, titel, f"som van {', '.join(spec.som_van)}")


# ---------------------------------------------------------------------------------------------------------
# The whole table
# ---------------------------------------------------------------------------------------------------------


def los_op(delen: dict[str, Any], thema: Thema) -> Resolutie:
    """Resolve every dimension, topic and category of ``thema`` in the metadata parts of one table."""
    tabel_id = tabel_id_van(delen)
    eigenschappen = list(delen.get("DataProperties") or [])
    per_id = {e.get("ID"): e for e in eigenschappen}
    tabel_dimensies = [e for e in eigenschappen if e.get("Type") in DIMENSIE_TYPES]
    dimensie_keys = [str(e.get("Key")) for e in tabel_dimensies]
    toelichting: list[str] = []

    dimensies: dict[str, str] = {}
    for naam, spec in thema.dimensies.items():
        if spec.key not in dimensie_keys:
            raise _fout(tabel_id, f"dimensie '{naam}'", f"key '{spec.key}'",
                        [_beschrijf_eigenschap(e, per_id) for e in tabel_dimensies])
        dimensies[naam] = spec.key

    alle_keys = {key: tuple(str(r.get("Key")) for r in delen.get(key) or []) for key in dimensie_keys}
    titels = {key: {str(r.get("Key")).strip(): str(r.get("Title", "")).strip() for r in delen.get(key) or []}
              for key in dimensie_keys}

    vast: dict[str, str] = {}
    optellen: dict[str, tuple[str, ...]] = {}
    for eigenschap in tabel_dimensies:
        key = str(eigenschap.get("Key"))
        if key in dimensies.values():
            continue
        records = list(delen.get(key) or [])
        beschrijving = [f"{str(r.get('Key')).strip()} ('{str(r.get('Title', '')).strip()}')" for r in records]
        if key in thema.optellen:
            gewenst = thema.optellen[key].keys
            per_key = {str(r.get("Key")).strip(): str(r.get("Key")) for r in records}
            ontbrekend = [k for k in gewenst if k not in per_key]
            extra = [k for k in per_key if k not in gewenst]
            if ontbrekend or extra:
                raise _fout(tabel_id, f"de op te tellen dimensie {key}",
                            f"precies de categorieën {', '.join(gewenst)}", beschrijving)
            optellen[key] = tuple(per_key[k] for k in gewenst)
            toelichting.append(f"{key}: de {len(gewenst)} categorieën opgeteld (samen het geheel, register)")
            continue
        spec = thema.vast.get(key)
        if spec is not None:
            gevonden = [str(r.get("Key")) for r in records if spec.key and str(r.get("Key")).strip() == spec.key]
            if not gevonden and spec.titels:
                gezocht = {vergelijkbaar(t) for t in spec.titels}
                gevonden = [str(r.get("Key")) for r in records if vergelijkbaar(r.get("Title", "")) in gezocht]
            if len(gevonden) == 1:
                vast[key] = gevonden[0]
                toelichting.append(f"{key}: vast op {gevonden[0].strip()} (bevestigd totaal)")
                continue
        totalen = _totalen(records)
        if len(totalen) != 1:
            raise MetadataFout(
                f"Tabel {tabel_id} heeft een dimensie {key} ('{eigenschap.get('Title')}') die het werkboek niet "
                f"uitsplitst en die {'geen' if not totalen else 'meer dan één'} totaalcategorie heeft "
                f"(gezocht: een bekende totaalkey {', '.join(TOTAAL_KEYS)} of een titel die met 'Totaal' begint). "
                f"Zonder totaal telt elke som dezelfde personen of banen meer keren. Categorieën: "
                f"{'; '.join(beschrijving[:30]) or 'geen'}. Zet de dimensie in data/tabellen.yaml onder 'vast' "
                "(met de key van het totaal) of, als de categorieën samen het geheel vormen, onder 'optellen'."
            )
        vast[key] = totalen[0]
        toelichting.append(f"{key}: vast op totaal {totalen[0].strip()} ('{titels[key].get(totalen[0].strip(), '')}')")

    onderwerpen: dict[str, dict] = {}
    for naam, spec in thema.onderwerpen.items():
        eigenschap, wijze = zoek_onderwerp(eigenschappen, spec, tabel_id)
        onderwerpen[naam] = eigenschap
        toelichting.append(f"onderwerp {naam}: {eigenschap.get('Key')} {wijze}")

    categorieen: dict[str, dict[str, Categorie]] = {}
    ontbrekend: list[str] = []
    for naam, specs in thema.categorieen.items():
        key = dimensies[naam]
        records = list(delen.get(key) or [])
        gemengd = key == "Persoonskenmerken"
        per_naam: dict[str, Categorie] = {}
        # plain categories first; a sum of categories (som_van) is built from what they resolved to
        for spec in sorted(specs.values(), key=lambda c: bool(c.som_van)):
            if spec.som_van:
                categorie = _som_van(spec, per_naam, tabel_id, key)
            else:
                categorie = zoek_categorie(spec, records, tabel_id, key, gemengd)
            if categorie is None:
                ontbrekend.append(
                    f"Tabel {tabel_id}: categorie '{spec.naam}' ({spec.omschrijving()}) van dimensie {key} staat niet "
                    "in deze tabel; wat daarop rust, ontbreekt in de rapporten."
                )
                continue
            per_naam[spec.naam] = categorie
            toelichting.append(f"{key} {spec.naam}: {'+'.join(k.strip() for k in categorie.keys)} ({categorie.wijze})")
        categorieen[naam] = per_naam

    return Resolutie(
        tabel_id=tabel_id,
        dimensies=dimensies,
        dimensietypes={str(e.get("Key")): str(e.get("Type")) for e in tabel_dimensies},
        vast=vast,
        optellen=optellen,
        onderwerpen=onderwerpen,
        categorieen=categorieen,
        alle_keys=alle_keys,
        titels=titels,
        ontbrekend=ontbrekend,
        toelichting=toelichting,
    )
