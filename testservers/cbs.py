"""A local stand-in for CBS OData v3, for tests, benchmarks and reliability work. Binds 127.0.0.1 only.

It serves tables from a provider: ``tabel_id -> Brontabel`` (:mod:`werkboek.odata`: metadata parts plus rows on
demand, e.g. a lazy :class:`~werkboek.odata.Kubus` of tens of millions of rows) or, as before, ``tabel_id -> parts``
(contract C1, wrapped in a :class:`~werkboek.odata.Lijsttabel`). By default: ``werkboek.demo.brontabel`` (or
``werkboek.demo.genereer_tabel`` while that does not exist). The URL layout is the one cbsodata uses::

    /ODataFeed/odata/<id>/                  root: the table's parts, each with name and url
    /ODataFeed/odata/<id>/<Part>?$format=json[&$filter=...][&$select=...]
                                            one part, paged with odata.nextLink ($skip)
    /ODataCatalog/Tables?$format=json       the catalogue of all tables the provider knows

Like the real service it understands ``$filter`` (the OData v3 subset CBS users rely on: ``eq ne gt ge lt le``,
``and or not``, parentheses, string literals with ``''``, ``substringof``/``startswith``/``endswith``, see
:func:`ontleed_filter`) and ``$select``, and it refuses to send a big table whole: a data request without
``$filter`` on a table of more than ``max_rijen_zonder_filter`` rows, or one whose filter still leaves more rows
than that, gets HTTP 400 with an OData error in Dutch. A filter whose clauses each constrain one dimension is
answered by asking the Brontabel for that product of keys only, so a slice of a 98-million-row cube is cheap.

It counts requests and data rows sent per path, and can inject faults on request: an HTTP status for the next N
requests, a dropped connection (optionally only on follow-up pages, i.e. in the middle of paging), slow answers,
invalid or truncated JSON, an unknown table (404) and a changed layout (a topic key renamed, a topic or dimension
removed). With an ``ssl_context`` (for example from the ``trustme`` test CA) it serves HTTPS, to test CA bundles
and TLS errors::

    with CbsTestserver(provider, paginagrootte=50) as server:
        server.fail_with_status(503, times=2)
        cbs_download.download_delen("83582NED", server.instellingen())
        server.verzoeken.totaal(), server.verzoeken.rijen("TypedDataSet")
"""

from __future__ import annotations

import collections
import itertools
import json
import math
import re
import threading
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterable, Sequence

from werkboek import demo, odata
from werkboek.verbinding import Verbindingsinstellingen

Provider = Callable[[str], Any]  # tabel_id -> Brontabel or dict of parts (contract C1)
FEED = "/ODataFeed/odata/"
CATALOGUS = "/ODataCatalog/Tables"
DATA_DELEN = ("TypedDataSet", "UntypedDataSet")
MAX_RIJEN_ZONDER_FILTER = 1_000_000
_RESULTATEN_IN_CACHE = 4  # filtered results kept for the following pages (LRU)


# ---------------------------------------------------------------------------------------------------------
# Hand-made parts, for tests that need a small table of a given shape
# ---------------------------------------------------------------------------------------------------------


def maak_delen(
    tabel_id: str,
    titel: str,
    dimensies: dict[str, list[tuple]],
    onderwerpen: list[dict],
    waarde: Callable[[dict[str, str]], dict[str, Any]],
    gewijzigd: str = "2024-06-27T02:00:00",
) -> dict[str, list[dict]]:
    """Build the OData v3 parts of a table (contract C1) from a compact description.

    ``dimensies``: dimension key -> list of (padded key, title) or (padded key, title, Status); 'Perioden' becomes
    the TimeDimension and 'RegioS' the GeoDimension. ``onderwerpen``: dicts with Key, Title and optionally Unit,
    Decimals, Datatype, Description and ``groep`` (the title of a TopicGroup). ``waarde(combination)`` returns the
    topic values for one combination of dimension keys (None where CBS shows '.').
    """
    eigenschappen: list[dict] = []
    volgnummer = itertools.count(0)
    for key, categorieen in dimensies.items():
        soort = {"Perioden": "TimeDimension", "RegioS": "GeoDimension"}.get(key, "Dimension")
        eigenschappen.append(
            {"ID": next(volgnummer), "Position": len(eigenschappen), "ParentID": None, "Type": soort, "Key": key,
             "Title": key, "Description": ""}
        )
    groepen: dict[str, int] = {}
    for onderwerp in onderwerpen:
        groep = onderwerp.get("groep")
        if groep and groep not in groepen:
            groepen[groep] = next(volgnummer)
            eigenschappen.append(
                {"ID": groepen[groep], "Position": len(eigenschappen), "ParentID": None, "Type": "TopicGroup",
                 "Key": "", "Title": groep, "Description": ""}
            )
        eigenschappen.append(
            {"ID": next(volgnummer), "Position": len(eigenschappen), "ParentID": groepen.get(groep),
             "Type": "Topic", "Key": onderwerp["Key"], "Title": onderwerp["Title"],
             "Description": onderwerp.get("Description", ""), "Unit": onderwerp.get("Unit", "aantal"),
             "Decimals": onderwerp.get("Decimals", 0), "Datatype": onderwerp.get("Datatype", "Double"),
             "Default": "Missing", "PresentationType": "Absolute"}
        )
    delen: dict[str, list[dict]] = {
        "TableInfos": [
            {"ID": 1, "Identifier": tabel_id, "Title": titel, "ShortTitle": titel[:40], "ShortDescription": "",
             "Summary": "", "Modified": gewijzigd, "Period": "", "Language": "nl", "Catalog": "CBS",
             "Frequency": "Perjaar", "Status": "Regulier"}
        ],
        "DataProperties": eigenschappen,
        "CategoryGroups": [],
    }
    for key, categorieen in dimensies.items():
        records = []
        for categorie in categorieen:
            record = {"Key": categorie[0], "Title": categorie[1], "Description": "", "CategoryGroupID": None}
            if key == "Perioden":
                record["Status"] = categorie[2] if len(categorie) > 2 else "Definitief"
            records.append(record)
        delen[key] = records
    rijen = []
    for nummer, combinatie in enumerate(itertools.product(*(c for c in dimensies.values()))):
        sleutels = {key: categorie[0] for key, categorie in zip(dimensies, combinatie)}
        rijen.append({"ID": nummer, **sleutels, **waarde(sleutels)})
    delen["TypedDataSet"] = rijen
    return delen


def untyped(records: list[dict], onderwerp_keys: Iterable[str]) -> list[dict]:
    """The UntypedDataSet for typed records: topic values as padded strings, '.' for missing."""
    keys = set(onderwerp_keys)
    return [
        {k: (("." if v is None else str(v)).rjust(8) if k in keys else v) for k, v in record.items()}
        for record in records
    ]


# ---------------------------------------------------------------------------------------------------------
# $filter: a recursive-descent parser for the OData v3 subset CBS users rely on, and its evaluation per row
# ---------------------------------------------------------------------------------------------------------


class FilterFout(ValueError):
    """An invalid ``$filter``, ``$select`` or ``$skip``; the server answers HTTP 400 with this Dutch message."""


class Weigering(ValueError):
    """A request the server refuses because it would send too many rows; HTTP 400 with this Dutch message."""


# Types of expressions: "tekst", "getal", "logisch", "null"; None = unknown (accepted everywhere).
TEKST, GETAL, LOGISCH, NULL = "tekst", "getal", "logisch", "null"
_TYPENAAM = {TEKST: "tekst", GETAL: "een getal", LOGISCH: "een voorwaarde", NULL: "null"}
_VERGELIJKINGEN = {"eq", "ne", "gt", "ge", "lt", "le"}
_SLEUTELWOORDEN = _VERGELIJKINGEN | {"and", "or", "not"}

_TOKEN = re.compile(
    r"""(?P<tekst>'(?:[^']|'')*')
      | (?P<getal>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[dDmMfFlL]?(?![A-Za-z0-9_]))
      | (?P<naam>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<teken>[(),])""",
    re.X,
)


@dataclass(frozen=True)
class _Token:
    soort: str  # tekst | getal | naam | teken
    waarde: str
    positie: int


def _tokens(tekst: str) -> list[_Token]:
    tokens, positie = [], 0
    while positie < len(tekst):
        if tekst[positie].isspace():
            positie += 1
            continue
        gevonden = _TOKEN.match(tekst, positie)
        if gevonden is None:
            if tekst[positie] == "'":
                raise FilterFout(f"Ongeldige $filter: de tekst die op positie {positie} begint, wordt niet afgesloten "
                                 "met een aanhalingsteken (schrijf een ' in een tekst als '').")
            raise FilterFout(f"Ongeldige $filter: onverwacht teken {tekst[positie]!r} op positie {positie}.")
        tokens.append(_Token(gevonden.lastgroup, gevonden.group(), positie))
        positie = gevonden.end()
    return tokens


# Nodes of the parsed filter: ("veld", name) ("waarde", value) ("functie", name, args) ("not", a) ("and", a, b)
# ("or", a, b) and (operator, a, b) for the comparisons. Each node carries its type in _Knoop.soort.
@dataclass(frozen=True)
class _Knoop:
    vorm: str
    soort: str | None
    delen: tuple = ()
    naam: str = ""
    waarde: Any = None


def _bevat(hooiberg, naald) -> bool:
    return isinstance(hooiberg, str) and isinstance(naald, str) and naald in hooiberg


def _begint(tekst, begin) -> bool:
    return isinstance(tekst, str) and isinstance(begin, str) and tekst.startswith(begin)


def _eindigt(tekst, eind) -> bool:
    return isinstance(tekst, str) and isinstance(eind, str) and tekst.endswith(eind)


def _tekstfunctie(functie: Callable[[str], Any]) -> Callable[[Any], Any]:
    return lambda waarde: functie(waarde) if isinstance(waarde, str) else None


# name -> (argument types, result type, implementation)
FUNCTIES: dict[str, tuple[tuple[str, ...], str, Callable]] = {
    "substringof": ((TEKST, TEKST), LOGISCH, lambda naald, hooiberg: _bevat(hooiberg, naald)),
    "startswith": ((TEKST, TEKST), LOGISCH, _begint),
    "endswith": ((TEKST, TEKST), LOGISCH, _eindigt),
    "tolower": ((TEKST,), TEKST, _tekstfunctie(str.lower)),
    "toupper": ((TEKST,), TEKST, _tekstfunctie(str.upper)),
    "trim": ((TEKST,), TEKST, _tekstfunctie(str.strip)),
}


def _past_bij(verwacht: str | None, gevonden: str | None) -> bool:
    return verwacht is None or gevonden is None or gevonden == NULL or verwacht == gevonden


class _Ontleder:
    """filter    := of
    of        := en ('or' en)*
    en        := gelijkheid ('and' gelijkheid)*
    gelijkheid:= relatie (('eq'|'ne') relatie)*
    relatie   := unair (('gt'|'ge'|'lt'|'le') unair)*
    unair     := 'not' unair | primair
    primair   := '(' of ')' | tekst | getal | true | false | null | functie '(' of (',' of)* ')' | veld

    The precedence is OData's: ``not`` binds tighter than a comparison (write ``not (RegioS eq 'NL01  ')``),
    comparisons tighter than ``and``, ``and`` tighter than ``or``.
    """

    def __init__(self, tekst: str, velden: dict[str, str | None]) -> None:
        self.tekst = tekst
        self.velden = velden
        self.tokens = _tokens(tekst)
        self.plek = 0

    # -- helpers ------------------------------------------------------------------------------------------
    def _kijk(self) -> _Token | None:
        return self.tokens[self.plek] if self.plek < len(self.tokens) else None

    def _is_woord(self, *woorden: str) -> bool:
        token = self._kijk()
        return token is not None and token.soort == "naam" and token.waarde in woorden

    def _is_teken(self, teken: str) -> bool:
        token = self._kijk()
        return token is not None and token.soort == "teken" and token.waarde == teken

    def _volgende(self, wat: str) -> _Token:
        token = self._kijk()
        if token is None:
            vorige = self.tokens[-1].waarde if self.tokens else ""
            raise FilterFout(f"Ongeldige $filter: de filter houdt op na {vorige!r}, maar er wordt nog {wat} verwacht.")
        self.plek += 1
        return token

    def _verwacht_teken(self, teken: str) -> None:
        token = self._volgende(f"{teken!r}")
        if token.soort != "teken" or token.waarde != teken:
            raise FilterFout(f"Ongeldige $filter: op positie {token.positie} wordt {teken!r} verwacht, "
                             f"maar daar staat {token.waarde!r}.")

    @staticmethod
    def _eis(knoop: _Knoop, soort: str, wat: str, positie: int) -> None:
        if not _past_bij(soort, knoop.soort):
            raise FilterFout(f"Ongeldige $filter: {wat} (positie {positie}) verwacht {_TYPENAAM[soort]}, "
                             f"maar krijgt {_TYPENAAM[knoop.soort]}.")

    # -- grammar ------------------------------------------------------------------------------------------
    def ontleed(self) -> _Knoop:
        if not self.tokens:
            raise FilterFout("Ongeldige $filter: de filter is leeg.")
        boom = self._of()
        token = self._kijk()
        if token is not None:
            raise FilterFout(f"Ongeldige $filter: onverwacht {token.waarde!r} op positie {token.positie}; "
                             "verbind voorwaarden met 'and' of 'or'.")
        if not _past_bij(LOGISCH, boom.soort):
            raise FilterFout(f"Ongeldige $filter: de filter is {_TYPENAAM[boom.soort]}, geen voorwaarde "
                             "(bijvoorbeeld RegioS eq 'NL01  ').")
        return boom

    def _logisch(self, woord: str, volgende: Callable[[], _Knoop]) -> _Knoop:
        """An n-ary 'and'/'or' node (a list of 400 keys must not nest 400 deep); nested ones of the same kind
        are flattened, as both are associative."""
        operanden = [volgende()]
        while self._is_woord(woord):
            token = self._volgende(woord)
            operanden.append(volgende())
            self._eis(operanden[-2], LOGISCH, f"'{woord}'", token.positie)
            self._eis(operanden[-1], LOGISCH, f"'{woord}'", token.positie)
        if len(operanden) == 1:
            return operanden[0]
        plat: list[_Knoop] = []
        for operand in operanden:
            plat.extend(operand.delen if operand.vorm == woord else (operand,))
        return _Knoop(woord, LOGISCH, tuple(plat))

    def _of(self) -> _Knoop:
        return self._logisch("or", self._en)

    def _en(self) -> _Knoop:
        return self._logisch("and", self._gelijkheid)

    def _vergelijking(self, operatoren: tuple[str, ...], volgende: Callable[[], _Knoop]) -> _Knoop:
        links = volgende()
        while self._is_woord(*operatoren):
            token = self._volgende("een vergelijking")
            rechts = volgende()
            if not (_past_bij(links.soort, rechts.soort) or _past_bij(rechts.soort, links.soort)):
                hint = ("; zet een tekst tussen enkele aanhalingstekens, zoals RegioS eq 'NL01  '"
                        if {links.soort, rechts.soort} == {TEKST, GETAL} else "")
                raise FilterFout(f"Ongeldige $filter: '{token.waarde}' op positie {token.positie} vergelijkt "
                                 f"{_TYPENAAM[links.soort]} met {_TYPENAAM[rechts.soort]}{hint}.")
            if token.waarde not in ("eq", "ne") and LOGISCH in (links.soort, rechts.soort):
                raise FilterFout(f"Ongeldige $filter: '{token.waarde}' op positie {token.positie} kan geen "
                                 "voorwaarden ordenen.")
            links = _Knoop(token.waarde, LOGISCH, (links, rechts))
        return links

    def _gelijkheid(self) -> _Knoop:
        return self._vergelijking(("eq", "ne"), self._relatie)

    def _relatie(self) -> _Knoop:
        return self._vergelijking(("gt", "ge", "lt", "le"), self._unair)

    def _unair(self) -> _Knoop:
        if self._is_woord("not"):
            token = self._volgende("not")
            operand = self._unair()
            if not _past_bij(LOGISCH, operand.soort):
                raise FilterFout(f"Ongeldige $filter: 'not' op positie {token.positie} hoort bij een voorwaarde, "
                                 f"maar krijgt {_TYPENAAM[operand.soort]}; zet de voorwaarde tussen haakjes: "
                                 "not (RegioS eq 'NL01  ').")
            return _Knoop("not", LOGISCH, (operand,))
        return self._primair()

    def _primair(self) -> _Knoop:
        token = self._volgende("een veld, een waarde of '('")
        if token.soort == "teken":
            if token.waarde != "(":
                raise FilterFout(f"Ongeldige $filter: onverwacht {token.waarde!r} op positie {token.positie}.")
            binnen = self._of()
            self._verwacht_teken(")")
            return binnen
        if token.soort == "tekst":
            return _Knoop("waarde", TEKST, waarde=token.waarde[1:-1].replace("''", "'"))
        if token.soort == "getal":
            cijfers = token.waarde.rstrip("dDmMfFlL")
            getal = float(cijfers) if any(c in cijfers for c in ".eE") else int(cijfers)
            return _Knoop("waarde", GETAL, waarde=getal)
        naam = token.waarde
        if naam in ("true", "false"):
            return _Knoop("waarde", LOGISCH, waarde=naam == "true")
        if naam == "null":
            return _Knoop("waarde", NULL, waarde=None)
        if naam in _SLEUTELWOORDEN:
            raise FilterFout(f"Ongeldige $filter: onverwacht {naam!r} op positie {token.positie}; daar wordt een "
                             "veld, een waarde of '(' verwacht.")
        if self._is_teken("("):
            return self._functie(token)
        if naam not in self.velden:
            bekend = ", ".join(list(self.velden)[:25]) + (", ..." if len(self.velden) > 25 else "")
            raise FilterFout(f"Ongeldige $filter: onbekend veld {naam!r} op positie {token.positie}. "
                             f"Velden van dit deel: {bekend}.")
        return _Knoop("veld", self.velden[naam], naam=naam)

    def _functie(self, token: _Token) -> _Knoop:
        if token.waarde not in FUNCTIES:
            raise FilterFout(f"Ongeldige $filter: onbekende functie {token.waarde!r} op positie {token.positie}. "
                             f"Bekend: {', '.join(FUNCTIES)}.")
        argumenttypen, resultaat, _ = FUNCTIES[token.waarde]
        self._verwacht_teken("(")
        argumenten = [self._of()]
        while self._is_teken(","):
            self._volgende(",")
            argumenten.append(self._of())
        self._verwacht_teken(")")
        if len(argumenten) != len(argumenttypen):
            raise FilterFout(f"Ongeldige $filter: {token.waarde} (positie {token.positie}) heeft "
                             f"{len(argumenttypen)} argument(en) nodig, niet {len(argumenten)}.")
        for argument, soort in zip(argumenten, argumenttypen):
            self._eis(argument, soort, token.waarde, token.positie)
        return _Knoop("functie", resultaat, tuple(argumenten), naam=token.waarde)


def _kleiner(a, b) -> bool:
    try:
        return a is not None and b is not None and a < b
    except TypeError:
        return False


def _kleiner_gelijk(a, b) -> bool:
    try:
        return a is not None and b is not None and a <= b
    except TypeError:
        return False


_OPERATOREN: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "lt": _kleiner,
    "le": _kleiner_gelijk,
    "gt": lambda a, b: _kleiner(b, a),
    "ge": lambda a, b: _kleiner_gelijk(b, a),
}


def _vertaal(knoop: _Knoop) -> Callable[[dict], Any]:
    """The node as a function of a row (closures: evaluating a filter on many rows stays fast)."""
    if knoop.vorm == "veld":
        naam = knoop.naam
        return lambda rij: rij.get(naam)
    if knoop.vorm == "waarde":
        waarde = knoop.waarde
        return lambda rij: waarde
    if knoop.vorm == "or":
        return _vertaal_of(knoop)
    delen = [_vertaal(deel) for deel in knoop.delen]
    if knoop.vorm == "functie":
        functie = FUNCTIES[knoop.naam][2]
        if len(delen) == 1:
            (a,) = delen
            return lambda rij: functie(a(rij))
        a, b = delen
        return lambda rij: functie(a(rij), b(rij))
    if knoop.vorm == "not":
        (a,) = delen
        return lambda rij: not a(rij)
    if knoop.vorm == "and":
        return _alle(delen)
    a, b = delen
    operator = _OPERATOREN[knoop.vorm]
    if knoop.delen[1].vorm == "waarde":  # the common 'Veld eq constante': one call less per row
        constante = knoop.delen[1].waarde
        return lambda rij: operator(a(rij), constante)
    return lambda rij: operator(a(rij), b(rij))


def _alle(functies: list[Callable[[dict], Any]]) -> Callable[[dict], bool]:
    if len(functies) == 1:
        return lambda rij: bool(functies[0](rij))
    if len(functies) == 2:
        a, b = functies
        return lambda rij: bool(a(rij)) and bool(b(rij))

    def alle(rij: dict) -> bool:
        for functie in functies:
            if not functie(rij):
                return False
        return True

    return alle


def _gelijk_aan_constante(knoop: _Knoop) -> tuple[str, Any] | None:
    """(field, constant) for ``Veld eq 'x'`` or ``'x' eq Veld``, else None."""
    if knoop.vorm != "eq":
        return None
    links, rechts = knoop.delen
    if links.vorm == "veld" and rechts.vorm == "waarde":
        return links.naam, rechts.waarde
    if links.vorm == "waarde" and rechts.vorm == "veld":
        return rechts.naam, links.waarde
    return None


def _vertaal_of(knoop: _Knoop) -> Callable[[dict], bool]:
    """An 'or': the terms ``Veld eq constante`` on one field become one set lookup (a list of 400 region keys
    costs one lookup per row, not 400 comparisons); other terms are evaluated in turn."""
    sets: dict[str, set] = {}
    andere: list[Callable[[dict], Any]] = []
    for deel in knoop.delen:
        gelijk = _gelijk_aan_constante(deel)
        if gelijk is not None:
            sets.setdefault(gelijk[0], set()).add(gelijk[1])
        else:
            andere.append(_vertaal(deel))
    functies = [(lambda naam, waarden: lambda rij: rij.get(naam) in waarden)(naam, frozenset(waarden))
                for naam, waarden in sets.items()] + andere
    if len(functies) == 1:
        (enige,) = functies
        return lambda rij: bool(enige(rij))

    def een_van(rij: dict) -> bool:
        for functie in functies:
            if functie(rij):
                return True
        return False

    return een_van


def _velden_in(knoop: _Knoop) -> set[str]:
    if knoop.vorm == "veld":
        return {knoop.naam}
    return set().union(*(_velden_in(deel) for deel in knoop.delen)) if knoop.delen else set()


def _clausules(knoop: _Knoop) -> list[_Knoop]:
    """The top-level conjuncts: ``a and (b or c) and d`` -> [a, b or c, d] (the parser flattens nested 'and')."""
    return list(knoop.delen) if knoop.vorm == "and" else [knoop]


class Filter:
    """A parsed ``$filter``: :meth:`past` evaluates it on a row, :meth:`kandidaten` narrows it per dimension."""

    def __init__(self, tekst: str, boom: _Knoop) -> None:
        self.tekst = tekst
        self.boom = boom
        self.velden = _velden_in(boom)
        self._functie = _vertaal(boom)

    def past(self, rij: dict) -> bool:
        return bool(self._functie(rij))

    def kandidaten(self, dimensies: dict[str, Sequence[str]]) -> dict[str, list[str]] | None:
        """Per dimension the keys that can still match, for every dimension some top-level clause constrains.

        A clause of the top-level conjunction that refers to one dimension only (``RegioS eq 'NL01  '``, an
        ``or`` of such, ``startswith(RegioS, 'GM')``, ``not (...)``) is evaluated on each key of that dimension;
        clauses on one dimension are intersected. Clauses on topics, on ``ID`` or on several fields narrow nothing
        here (the full filter is still evaluated on every row). ``None``: a constant clause is false, no row can
        match. Dimensions absent from the answer are not narrowed.
        """
        keuzes: dict[str, list[str]] = {}
        for clausule in _clausules(self.boom):
            velden = _velden_in(clausule)
            if not velden:
                if not _vertaal(clausule)({}):
                    return None
                continue
            if len(velden) != 1:
                continue
            (veld,) = velden
            if veld not in dimensies:
                continue
            functie = _vertaal(clausule)
            keuzes[veld] = [k for k in keuzes.get(veld, dimensies[veld]) if functie({veld: k})]
        return keuzes


def ontleed_filter(tekst: str, velden: dict[str, str | None] | Iterable[str]) -> Filter:
    """Parse an OData v3 ``$filter`` against the known fields (name -> "tekst"/"getal"/None, or just names).

    Raises :class:`FilterFout` (a Dutch message naming the problem and its position) on a syntax error, an
    unknown field or function, or operands of the wrong type (``RegioS eq 5``, ``not RegioS eq 'x'``).
    """
    if not isinstance(velden, dict):
        velden = {naam: None for naam in velden}
    try:
        return Filter(tekst, _Ontleder(tekst, velden).ontleed())
    except RecursionError:
        raise FilterFout("Ongeldige $filter: de haakjes zijn te diep genest.") from None


def veldtypen(metadata: dict[str, list[dict]]) -> dict[str, str | None]:
    """The fields of a table's data rows and their filter types: ID a number, dimensions text, topics by Datatype."""
    typen: dict[str, str | None] = {"ID": GETAL}
    for eigenschap in metadata.get("DataProperties", []):
        soort, key = eigenschap.get("Type"), str(eigenschap.get("Key"))
        if soort in ("Dimension", "TimeDimension", "GeoDimension", "GeoDetail"):
            typen[key] = TEKST
        elif soort == "Topic":
            datatype = str(eigenschap.get("Datatype") or "")
            typen[key] = TEKST if datatype in ("String", "Char") else (GETAL if datatype else None)
    return typen


def _veldtypen_van_records(records: list[dict]) -> dict[str, str | None]:
    typen: dict[str, str | None] = {}
    for record in records:
        for key, waarde in record.items():
            if typen.get(key) is None:
                typen[key] = (TEKST if isinstance(waarde, str) else LOGISCH if isinstance(waarde, bool)
                              else GETAL if isinstance(waarde, (int, float)) else None)
    return typen


def lees_select(tekst: str | None, kolommen: Sequence[str]) -> list[str] | None:
    """The columns a ``$select`` asks for, in its order (``None``: every column). Unknown column: FilterFout."""
    if tekst is None:
        return None
    gekozen: list[str] = []
    for deel in tekst.split(","):
        naam = deel.strip()
        if naam == "*":
            gekozen.extend(k for k in kolommen if k not in gekozen)
            continue
        if not naam:
            raise FilterFout(f"Ongeldige $select {tekst!r}: een lege kolomnaam (twee komma's of een komma aan het eind).")
        if naam not in kolommen:
            bekend = ", ".join(list(kolommen)[:25]) + (", ..." if len(kolommen) > 25 else "")
            raise FilterFout(f"Ongeldige $select: onbekende kolom {naam!r}. Kolommen van dit deel: {bekend}.")
        if naam not in gekozen:
            gekozen.append(naam)
    return gekozen


# ---------------------------------------------------------------------------------------------------------
# Layout changes on any Brontabel
# ---------------------------------------------------------------------------------------------------------


class _GewijzigdeTabel:
    """A Brontabel with some keys renamed (old -> new) and some removed, in metadata and rows alike."""

    def __init__(self, bron: Any, hernoemd: dict[str, str], verwijderd: set[str]) -> None:
        self.bron = bron
        self.hernoemd = dict(hernoemd)
        self.terug = {nieuw: oud for oud, nieuw in hernoemd.items()}
        self.verwijderd = set(verwijderd)
        self.tabel_id = getattr(bron, "tabel_id", "?")
        metadata = dict(bron.metadata)
        eigenschappen = []
        for eigenschap in metadata.get("DataProperties", []):
            key = eigenschap.get("Key")
            if key in self.verwijderd:
                continue
            if key in self.hernoemd:
                eigenschap = {**eigenschap, "Key": self.hernoemd[key]}
                if key in metadata:  # a renamed dimension: its part moves along
                    metadata[self.hernoemd[key]] = metadata.pop(key)
            eigenschappen.append(eigenschap)
        metadata["DataProperties"] = eigenschappen
        for key in self.verwijderd:
            metadata.pop(key, None)
        self.metadata = metadata

    @property
    def aantal_rijen(self) -> int:
        return self.bron.aantal_rijen

    def rijen(self, keuzes=None, onderwerpen=None) -> list[dict]:
        keuzes_bron = {self.terug.get(d, d): k for d, k in (keuzes or {}).items()}
        onderwerpen_bron = None if onderwerpen is None else [self.terug.get(o, o) for o in onderwerpen]
        weg, nieuw = self.verwijderd, self.hernoemd
        return [{nieuw.get(k, k): v for k, v in rij.items() if k not in weg}
                for rij in self.bron.rijen(keuzes_bron or None, onderwerpen_bron)]


def als_brontabel(tabel: Any) -> Any:
    """A provider's answer as a Brontabel: a dict of parts (contract C1) becomes an :class:`odata.Lijsttabel`."""
    if isinstance(tabel, dict):
        return odata.Lijsttabel(tabel)
    if not (hasattr(tabel, "metadata") and hasattr(tabel, "rijen")):
        raise TypeError(f"de provider gaf {type(tabel).__name__}, geen Brontabel en geen dict met delen")
    return tabel


# ---------------------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------------------


@dataclass
class _Storing:
    soort: str  # status | drop | delay | invalid | truncated
    keer: int
    status: int = 503
    seconden: float = 0.0
    pad_bevat: str | None = None
    alleen_vervolgpagina: bool = False

    def past(self, pad: str, vervolgpagina: bool) -> bool:
        return (
            self.keer > 0
            and (self.pad_bevat is None or self.pad_bevat in pad)
            and (vervolgpagina or not self.alleen_vervolgpagina)
        )


class Verzoeken:
    """Thread-safe counters per path (without query string): requests, and data rows sent.

    ``per_pad[pad]``: requests; ``rijen_per_pad[pad]``: rows of TypedDataSet/UntypedDataSet pages that were sent
    whole (a truncated or dropped answer sends none).
    """

    def __init__(self) -> None:
        self._slot = threading.Lock()
        self.per_pad: collections.Counter[str] = collections.Counter()
        self.rijen_per_pad: collections.Counter[str] = collections.Counter()

    def tel(self, pad: str) -> None:
        with self._slot:
            self.per_pad[pad] += 1

    def tel_rijen(self, pad: str, aantal: int) -> None:
        if aantal:
            with self._slot:
                self.rijen_per_pad[pad] += aantal
                if not self.rijen_per_pad[pad]:
                    del self.rijen_per_pad[pad]

    def totaal(self, pad_bevat: str | None = None) -> int:
        """Requests, on every path or on the paths that contain ``pad_bevat``."""
        with self._slot:
            return sum(n for p, n in self.per_pad.items() if pad_bevat is None or pad_bevat in p)

    def rijen(self, pad_bevat: str | None = None) -> int:
        """Data rows sent (the sum of the pages' lengths), on every path or on those containing ``pad_bevat``."""
        with self._slot:
            return sum(n for p, n in self.rijen_per_pad.items() if pad_bevat is None or pad_bevat in p)

    def wis(self) -> None:
        with self._slot:
            self.per_pad.clear()
            self.rijen_per_pad.clear()


def _skip_uit(query: dict[str, list[str]]) -> int:
    """$skip for choosing faults (a malformed one is refused later, with a 400)."""
    try:
        return int(query.get("$skip", ["0"])[0] or 0)
    except ValueError:
        return 0


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet: tests read counters instead
        return

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        testserver: CbsTestserver = self.server.testserver
        deel = urllib.parse.urlsplit(self.path)
        pad = urllib.parse.unquote(deel.path)
        query = urllib.parse.parse_qs(deel.query)
        testserver.verzoeken.tel(pad)
        storing = testserver._neem_storing(pad, _skip_uit(query) > 0)
        if storing is not None and storing.soort == "drop":
            self.close_connection = True
            return
        if storing is not None and storing.soort == "delay":
            testserver._gestopt.wait(storing.seconden)
        if storing is not None and storing.soort == "status":
            self._stuur(storing.status, _fout(f"testserver: HTTP {storing.status}"))
            return
        try:
            status, inhoud, datarijen = testserver._antwoord(pad, query)
            ruw = json.dumps(inhoud).encode("utf-8")  # content that is not JSON (a broken provider) answers 500 too
        except Exception as fout:  # noqa: BLE001 - a broken provider answers 500, as a real server would
            status, datarijen = 500, 0
            ruw = json.dumps(_fout(f"testserver: {type(fout).__name__}: {fout}")).encode("utf-8")
        if storing is not None and storing.soort == "invalid":
            self._stuur_bytes(200, b"<html><body>Storing: probeer het later opnieuw</body></html>", "text/html")
            return
        if storing is not None and storing.soort == "truncated":
            self._stuur_bytes(status, ruw[: max(1, len(ruw) // 2)], "application/json")
            return
        # Count before writing: a client that has read the answer must see the count; take it back if unsent.
        testserver.verzoeken.tel_rijen(pad, datarijen)
        if not self._stuur_bytes(status, ruw, "application/json;charset=utf-8"):
            testserver.verzoeken.tel_rijen(pad, -datarijen)

    def _stuur(self, status: int, inhoud: Any) -> bool:
        return self._stuur_bytes(status, json.dumps(inhoud).encode("utf-8"), "application/json;charset=utf-8")

    def _stuur_bytes(self, status: int, ruw: bytes, soort: str) -> bool:
        try:
            self.send_response(status)
            self.send_header("Content-Type", soort)
            self.send_header("Content-Length", str(len(ruw)))
            self.end_headers()
            self.wfile.write(ruw)
            return True
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (time-out); nothing to answer
            self.close_connection = True
            return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    testserver: CbsTestserver


class CbsTestserver:
    """A fake CBS OData v3 server on 127.0.0.1 with a random port; use it as a context manager.

    ``provider(tabel_id)`` returns a Brontabel or a dict of parts (raise KeyError/LookupError/ValueError or return
    None for an unknown table: 404). ``tabel_ids``: the catalogue (a list or a function). ``paginagrootte``: rows
    per page. ``max_rijen_zonder_filter``: the most rows a data request may make the server evaluate (without
    ``$filter``: the table's size); more gives HTTP 400, as CBS refuses to send a huge table whole.
    """

    def __init__(
        self,
        provider: Provider | None = None,
        *,
        tabel_ids: Iterable[str] | Callable[[], Iterable[str]] | None = None,
        paginagrootte: int = 10_000,
        ssl_context: Any = None,
        max_rijen_zonder_filter: int = MAX_RIJEN_ZONDER_FILTER,
    ) -> None:
        if provider is None:
            provider = demo.brontabel
            tabel_ids = tabel_ids if tabel_ids is not None else demo.tabel_ids
        if paginagrootte < 1:
            raise ValueError("paginagrootte moet minstens 1 zijn")
        if max_rijen_zonder_filter < 0:
            raise ValueError("max_rijen_zonder_filter mag niet negatief zijn")
        self.provider = provider
        self._tabel_ids = tabel_ids or ()
        self.paginagrootte = paginagrootte
        self.max_rijen_zonder_filter = max_rijen_zonder_filter
        self.ssl_context = ssl_context  # an ssl.SSLContext with the server's certificate: serve HTTPS
        self.verzoeken = Verzoeken()
        self._slot = threading.Lock()
        self._storingen: list[_Storing] = []
        self._tabellen: dict[str, Any] = {}
        self._resultaten: collections.OrderedDict[tuple, list[dict]] = collections.OrderedDict()
        self._hernoemd: dict[str, dict[str, str]] = collections.defaultdict(dict)
        self._verwijderd: dict[str, set[str]] = collections.defaultdict(set)
        self._onbekend: set[str] = set()
        self._gestopt = threading.Event()
        self._server: _Server | None = None
        self._draad: threading.Thread | None = None

    # -- life cycle ------------------------------------------------------------------------------------
    def start(self) -> CbsTestserver:
        self._gestopt.clear()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        if self.ssl_context is not None:
            # The handshake happens on accept; a client that refuses the certificate only ends its own request.
            self._server.socket = self.ssl_context.wrap_socket(self._server.socket, server_side=True)
        self._server.testserver = self
        self._draad = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._draad.start()
        return self

    def stop(self) -> None:
        self._gestopt.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._draad.join(timeout=5)
            self._server = None

    def __enter__(self) -> CbsTestserver:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def host(self) -> str:
        if self._server is None:
            raise RuntimeError("de testserver draait niet")
        return f"127.0.0.1:{self._server.server_address[1]}"

    @property
    def url(self) -> str:
        return f"{'https' if self.ssl_context is not None else 'http'}://{self.host}"

    def instellingen(self, **wijzigingen):
        """Connection settings that point cbsodata at this server: its scheme, short time-out, fast retries."""
        waarden = {"host": self.host, "https": self.ssl_context is not None, "timeout": 5.0, "pogingen": 2,
                   "wachttijd": 0.0}
        waarden.update(wijzigingen)
        return Verbindingsinstellingen(**waarden)

    # -- faults and layout changes ---------------------------------------------------------------------
    def _voeg_storing_toe(self, storing: _Storing) -> None:
        with self._slot:
            self._storingen.append(storing)

    def fail_with_status(self, status: int = 503, times: int = 1, path_contains: str | None = None) -> None:
        """Answer the next ``times`` (matching) requests with HTTP ``status``; then serve normally."""
        self._voeg_storing_toe(_Storing("status", times, status=status, pad_bevat=path_contains))

    def drop_connection(self, times: int = 1, path_contains: str | None = None, next_pages_only: bool = False) -> None:
        """Close the connection without an answer; ``next_pages_only`` hits only follow-up pages ($skip > 0)."""
        self._voeg_storing_toe(_Storing("drop", times, pad_bevat=path_contains, alleen_vervolgpagina=next_pages_only))

    def delay(self, seconds: float, times: int = 1, path_contains: str | None = None) -> None:
        """Wait ``seconds`` before answering (longer than the client's time-out to test it)."""
        self._voeg_storing_toe(_Storing("delay", times, seconden=seconds, pad_bevat=path_contains))

    def invalid_json(self, times: int = 1, path_contains: str | None = None) -> None:
        """Answer with an HTML error page and status 200, as a captive portal or proxy would."""
        self._voeg_storing_toe(_Storing("invalid", times, pad_bevat=path_contains))

    def truncated_json(self, times: int = 1, path_contains: str | None = None) -> None:
        """Answer with the first half of the JSON."""
        self._voeg_storing_toe(_Storing("truncated", times, pad_bevat=path_contains))

    def clear_faults(self) -> None:
        with self._slot:
            self._storingen.clear()

    def _vergeet(self, tabel_id: str) -> None:
        """Drop the cached table and its cached results (call with the lock held)."""
        self._tabellen.pop(tabel_id, None)
        for sleutel in [s for s in self._resultaten if s[0] == tabel_id]:
            del self._resultaten[sleutel]

    def rename_topic(self, tabel_id: str, oude_key: str, nieuwe_key: str) -> None:
        """Serve the topic under another key, with the same title (as CBS does when it renumbers)."""
        with self._slot:
            self._hernoemd[tabel_id][oude_key] = nieuwe_key
            self._vergeet(tabel_id)

    def remove_property(self, tabel_id: str, key: str) -> None:
        """Remove a topic or a dimension from the table (metadata, its part and the data field)."""
        with self._slot:
            self._verwijderd[tabel_id].add(key)
            self._vergeet(tabel_id)

    def remove_table(self, tabel_id: str) -> None:
        """Answer 404 for this table from now on."""
        with self._slot:
            self._onbekend.add(tabel_id)
            self._vergeet(tabel_id)

    def _neem_storing(self, pad: str, vervolgpagina: bool) -> _Storing | None:
        with self._slot:
            for storing in self._storingen:
                if storing.past(pad, vervolgpagina):
                    storing.keer -= 1
                    return storing
        return None

    # -- content ---------------------------------------------------------------------------------------
    def tabel_ids(self) -> list[str]:
        ids = self._tabel_ids() if callable(self._tabel_ids) else self._tabel_ids
        return sorted(set(ids) - self._onbekend)

    def brontabel(self, tabel_id: str) -> Any | None:
        """The table as served (with any layout changes), cached per id; None for an unknown table."""
        with self._slot:
            if tabel_id in self._onbekend:
                return None
            if tabel_id in self._tabellen:
                return self._tabellen[tabel_id]
            hernoemd, verwijderd = dict(self._hernoemd[tabel_id]), set(self._verwijderd[tabel_id])
        try:
            tabel = self.provider(tabel_id)
        except (KeyError, LookupError, ValueError):
            return None
        if tabel is None:
            return None
        tabel = als_brontabel(tabel)
        if hernoemd or verwijderd:
            tabel = _GewijzigdeTabel(tabel, hernoemd, verwijderd)
        with self._slot:
            self._tabellen[tabel_id] = tabel
        return tabel

    def _antwoord(self, pad: str, query: dict[str, list[str]]) -> tuple[int, Any, int]:
        """(HTTP status, JSON body, data rows in the body) for one GET."""
        if pad.rstrip("/") == CATALOGUS:
            catalogus = []
            for tabel_id in self.tabel_ids():
                tabel = self.brontabel(tabel_id)
                if tabel is not None:
                    catalogus.extend(tabel.metadata.get("TableInfos", []))
            try:  # e.g. ?$filter=Identifier eq '83582NED'&$select=Identifier,Modified
                catalogus = _filter_records(catalogus, (query.get("$filter") or [None])[0],
                                            (query.get("$select") or [None])[0])
            except FilterFout as fout:
                return 400, _fout(str(fout)), 0
            return 200, {"odata.metadata": f"{self.url}{CATALOGUS}/$metadata", "value": catalogus}, 0
        if not pad.startswith(FEED):
            return 404, _fout("onbekend pad"), 0
        delen_pad = pad[len(FEED):].strip("/").split("/")
        tabel_id = delen_pad[0]
        tabel = self.brontabel(tabel_id)
        if tabel is None:
            return 404, _fout(f"tabel {tabel_id} bestaat niet"), 0
        basis = f"{self.url}{FEED}{tabel_id}"
        metadata = tabel.metadata
        if len(delen_pad) == 1:
            namen = [n for n in metadata if n not in DATA_DELEN] + list(DATA_DELEN)
            return 200, {"odata.metadata": f"{basis}/$metadata",
                         "value": [{"name": n, "url": f"{basis}/{n}"} for n in namen]}, 0
        naam = delen_pad[1]
        if naam not in DATA_DELEN and naam not in metadata:
            return 404, _fout(f"deel {naam} bestaat niet in tabel {tabel_id}"), 0
        filtertekst = (query.get("$filter") or [None])[0]
        selecttekst = (query.get("$select") or [None])[0]
        try:
            skip = int((query.get("$skip") or ["0"])[0] or 0)
            if skip < 0:
                raise ValueError
        except ValueError:
            return 400, _fout(f"Ongeldige $skip {query.get('$skip', [''])[0]!r}: geef een geheel getal van 0 of meer."), 0
        try:
            if naam in DATA_DELEN:
                records = self._gefilterde_rijen(tabel_id, tabel, naam, filtertekst, selecttekst)
            else:
                records = _filter_records(metadata[naam], filtertekst, selecttekst)
        except (FilterFout, Weigering) as fout:
            return 400, _fout(str(fout)), 0
        pagina = records[skip: skip + self.paginagrootte]
        if naam == "UntypedDataSet":
            pagina = untyped(pagina, odata.onderwerp_keys(metadata))
        antwoord: dict[str, Any] = {"odata.metadata": f"{basis}/$metadata#Cbs.OData.WebAPI.{naam}", "value": pagina}
        if skip + self.paginagrootte < len(records):
            parameters = ["$format=json"]
            if filtertekst is not None:
                parameters.append("$filter=" + urllib.parse.quote(filtertekst, safe=""))
            if selecttekst is not None:
                parameters.append("$select=" + urllib.parse.quote(selecttekst, safe=","))
            parameters.append(f"$skip={skip + self.paginagrootte}")
            antwoord["odata.nextLink"] = f"{basis}/{naam}?" + "&".join(parameters)
        return 200, antwoord, (len(pagina) if naam in DATA_DELEN else 0)

    def _gefilterde_rijen(self, tabel_id: str, tabel: Any, naam: str, filtertekst: str | None,
                          selecttekst: str | None) -> list[dict]:
        """The whole (typed) result of a data request, from the LRU cache when a previous page computed it."""
        sleutel = (tabel_id, naam, filtertekst, selecttekst)
        with self._slot:
            if sleutel in self._resultaten:
                self._resultaten.move_to_end(sleutel)
                return self._resultaten[sleutel]
        resultaat = self._bereken_rijen(tabel_id, tabel, filtertekst, selecttekst)
        with self._slot:
            if self._tabellen.get(tabel_id) is tabel:  # not when the layout changed meanwhile
                self._resultaten[sleutel] = resultaat
                while len(self._resultaten) > _RESULTATEN_IN_CACHE:
                    self._resultaten.popitem(last=False)
        return resultaat

    def _bereken_rijen(self, tabel_id: str, tabel: Any, filtertekst: str | None, selecttekst: str | None) -> list[dict]:
        metadata = tabel.metadata
        dimensies = odata.dimensie_keys(metadata)
        onderwerpen = odata.onderwerp_keys(metadata)
        select = lees_select(selecttekst, ["ID", *dimensies, *onderwerpen])
        maximum = self.max_rijen_zonder_filter
        filter_: Filter | None = None
        keuzes: dict[str, list[str]] = {}
        if filtertekst is None:
            if tabel.aantal_rijen > maximum:
                raise Weigering(
                    f"Tabel {tabel_id} is te groot om in zijn geheel op te halen ({_getal(tabel.aantal_rijen)} rijen; "
                    f"zonder $filter levert deze server hoogstens {_getal(maximum)} rijen). Vraag met $filter alleen "
                    f"de rijen op die u nodig hebt, bijvoorbeeld per dimensie de sleutels: "
                    f"{_voorbeeldfilter(metadata, dimensies)}.")
        else:
            filter_ = ontleed_filter(filtertekst, veldtypen(metadata))
            alle_keys = {d: [str(r.get("Key")) for r in metadata.get(d) or []] for d in dimensies}
            gevonden = filter_.kandidaten(alle_keys)
            if gevonden is None or any(not keys for keys in gevonden.values()):
                return []
            aantal = tabel.aantal_rijen
            for dim, keys in gevonden.items():
                aantal = aantal * len(keys) / max(1, len(alle_keys[dim]))
            aantal = math.ceil(aantal - 1e-9)
            if aantal > maximum:
                ruim = [d for d in dimensies if d not in gevonden]
                raise Weigering(
                    f"De $filter laat van tabel {tabel_id} nog {_getal(aantal)} rijen over; deze server levert er "
                    f"hoogstens {_getal(maximum)} per verzoek. Beperk met $filter meer dimensies tot de sleutels die u "
                    f"nodig hebt, elk als een eigen voorwaarde verbonden met 'and'"
                    + (f" (niet beperkt: {', '.join(ruim)})" if ruim else "") + ".")
            keuzes = {d: gevonden[d] for d in dimensies if d in gevonden and len(gevonden[d]) < len(alle_keys[d])}
        if select is None:
            gevraagd = None
        else:
            nodig = set(select) | (filter_.velden if filter_ is not None else set())
            gevraagd = [o for o in onderwerpen if o in nodig]
        rijen = tabel.rijen(keuzes=keuzes or None, onderwerpen=gevraagd)
        if filter_ is not None:
            rijen = [rij for rij in rijen if filter_.past(rij)]
        if select is not None:
            rijen = [{k: rij.get(k) for k in select} for rij in rijen]
        return rijen


def _filter_records(records: list[dict], filtertekst: str | None, selecttekst: str | None) -> list[dict]:
    """$filter and $select on a metadata part (a small list of records)."""
    typen = _veldtypen_van_records(records)
    if filtertekst is not None:
        filter_ = ontleed_filter(filtertekst, typen)
        records = [r for r in records if filter_.past(r)]
    select = lees_select(selecttekst, list(typen))
    if select is not None:
        records = [{k: r.get(k) for k in select} for r in records]
    return records


def _getal(aantal: int) -> str:
    return f"{aantal:,}".replace(",", ".")


def _voorbeeldfilter(metadata: dict[str, list[dict]], dimensies: Sequence[str]) -> str:
    delen = []
    for dim in dimensies[:2]:
        records = metadata.get(dim) or []
        if records:
            key = str(records[0].get("Key")).replace("'", "''")
            delen.append(f"{dim} eq '{key}'")
    return " and ".join(delen) or "RegioS eq 'NL01  '"


def _fout(tekst: str) -> dict:
    return {"odata.error": {"code": "", "message": {"lang": "nl-NL", "value": tekst}}}
