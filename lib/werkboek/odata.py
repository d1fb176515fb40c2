"""What a CBS OData v3 table is to the workbook, and the slice of it that the workbook asks for.

A :class:`Brontabel` is a table as a source holds it: every metadata part (contract C1: ``TableInfos``,
``DataProperties``, ``CategoryGroups`` and one part per dimension) plus a way to produce the data rows of any
selection of categories, without ever building the whole table. The demo generator, the local test server and
hand-made test tables all provide one; a table of 98 million cells (03759ned) is then served in slices.

A :class:`Plak` is the slice the workbook needs of one table: per dimension the keys it uses (``None``: all of
them) and the topics. It is built from a :class:`werkboek.metadata.Resolutie` (keys as the table pads them),
turned into ``$filter`` strings that stay under a URL-length limit (a long key list is split over several
requests, each a conjunction of per-dimension ``eq``-lists, the filter form CBS documents), and stored with the
cached table so that a later run can tell whether the cached slice still covers what it needs.
"""

from __future__ import annotations

import itertools
import urllib.parse
from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol, Sequence

import numpy as np

from werkboek.metadata import Resolutie
from werkboek.register import Thema

DATA_DEEL = "TypedDataSet"
# Longest $filter the workbook sends in one request, in characters after URL encoding. CBS does not publish a
# limit; IIS, on which StatLine runs, refuses query strings over 2 048 bytes by default, and $format and $select
# need room too.
MAX_FILTERLENGTE = 1800


class Brontabel(Protocol):
    """A table as a source holds it: metadata parts and rows on demand."""

    tabel_id: str
    metadata: dict[str, list[dict]]  # every part except the data

    @property
    def aantal_rijen(self) -> int:
        """Rows in the whole table (the product of the dimension sizes)."""

    def rijen(self, keuzes: dict[str, Sequence[str] | None] | None = None,
              onderwerpen: Sequence[str] | None = None) -> list[dict]:
        """The data rows for the chosen padded keys per dimension key (None or absent: every key), with the
        dimension keys and the chosen topics (None: every topic), plus ``ID``, in table order."""


def dimensie_keys(metadata: dict[str, list[dict]]) -> list[str]:
    """Dimension keys in DataProperties order (the order of the table's cube)."""
    return [str(e["Key"]) for e in metadata.get("DataProperties", [])
            if e.get("Type") in ("Dimension", "TimeDimension", "GeoDimension")]


def onderwerp_keys(metadata: dict[str, list[dict]]) -> list[str]:
    return [str(e["Key"]) for e in metadata.get("DataProperties", []) if e.get("Type") in ("Topic", "GeoDetail")]


@dataclass
class Lijsttabel:
    """A :class:`Brontabel` over a complete list of rows (small hand-made or downloaded tables)."""

    delen: dict[str, list[dict]]

    @property
    def tabel_id(self) -> str:
        return str((self.delen.get("TableInfos") or [{}])[0].get("Identifier", "?"))

    @property
    def metadata(self) -> dict[str, list[dict]]:
        return {naam: deel for naam, deel in self.delen.items() if naam not in (DATA_DEEL, "UntypedDataSet")}

    @property
    def aantal_rijen(self) -> int:
        return len(self.delen.get(DATA_DEEL) or [])

    def rijen(self, keuzes=None, onderwerpen=None) -> list[dict]:
        keuzes = {d: set(k) for d, k in (keuzes or {}).items() if k is not None}
        dims = dimensie_keys(self.delen)
        houden = ["ID", *dims, *(onderwerp_keys(self.delen) if onderwerpen is None else onderwerpen)]
        return [{k: rij.get(k) for k in houden if k in rij} for rij in self.delen.get(DATA_DEEL) or []
                if all(rij.get(d) in keys for d, keys in keuzes.items())]


@dataclass
class Kubus:
    """A :class:`Brontabel` whose values come from functions of the category indices (lazy, vectorised).

    ``waarden[topic_key](indices)`` gets one integer array per dimension (equal length: one entry per requested
    row, positions in that dimension's records) and returns the topic's values for those rows: floats with NaN for
    a missing cell, or objects (strings, None). Rows are produced in table order with CBS's ``ID`` (the row's
    position in the full cube).
    """

    tabel_id: str
    metadata: dict[str, list[dict]]
    waarden: dict[str, Any]
    decimalen: dict[str, int] = field(default_factory=dict)

    @property
    def vorm(self) -> tuple[int, ...]:
        return tuple(len(self.metadata.get(d) or []) for d in dimensie_keys(self.metadata))

    @property
    def aantal_rijen(self) -> int:
        return int(np.prod(self.vorm)) if self.vorm else 0

    def rijen(self, keuzes=None, onderwerpen=None) -> list[dict]:
        keuzes = keuzes or {}
        dims = dimensie_keys(self.metadata)
        posities = []
        for dim in dims:
            keys = [str(r["Key"]) for r in self.metadata.get(dim) or []]
            gekozen = keuzes.get(dim)
            if gekozen is None:
                posities.append(np.arange(len(keys)))
            else:
                gewenst = set(gekozen)
                posities.append(np.array([i for i, k in enumerate(keys) if k in gewenst], dtype=int))
        if not dims or any(len(p) == 0 for p in posities):
            return []
        rooster = np.meshgrid(*posities, indexing="ij")
        indices = {dim: r.reshape(-1) for dim, r in zip(dims, rooster)}
        ids = np.ravel_multi_index(tuple(indices[d] for d in dims), self.vorm)
        kolommen: dict[str, list] = {"ID": ids.tolist()}
        for dim in dims:
            keys = np.array([str(r["Key"]) for r in self.metadata[dim]], dtype=object)
            kolommen[dim] = keys[indices[dim]].tolist()
        for onderwerp in onderwerp_keys(self.metadata) if onderwerpen is None else onderwerpen:
            functie = self.waarden.get(onderwerp)
            if functie is None:
                continue
            kolommen[onderwerp] = _als_lijst(np.asarray(functie(indices)), self.decimalen.get(onderwerp))
        namen = list(kolommen)
        return [dict(zip(namen, rij)) for rij in zip(*kolommen.values())]


def _als_lijst(waarden: np.ndarray, decimalen: int | None) -> list:
    if waarden.dtype == object:
        return [None if (v is None or (isinstance(v, float) and np.isnan(v))) else v for v in waarden.tolist()]
    waarden = waarden.astype(float)
    if decimalen is not None:
        waarden = np.round(waarden, decimalen)
    return [None if np.isnan(v) else (int(v) if decimalen == 0 else float(v)) for v in waarden.tolist()]


# ---------------------------------------------------------------------------------------------------------
# The slice the workbook needs
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plak:
    """Per dimension key the padded keys to fetch (None: all), and the topic keys."""

    keuzes: dict[str, tuple[str, ...] | None]
    onderwerpen: tuple[str, ...]

    def select(self) -> list[str]:
        return [*self.keuzes, *self.onderwerpen]

    def filters(self, max_lengte: int = MAX_FILTERLENGTE) -> list[str | None]:
        """``$filter`` strings that together fetch exactly this slice, each at most ``max_lengte`` characters after
        URL encoding where possible (a clause of one key is never split). ``[None]`` when nothing needs filtering.

        A long key list is cut into equal chunks, one more chunk at a time for the dimension whose clause is the
        longest, so the number of requests (the product of the chunk counts) stays small.
        """
        lijsten = {dim: list(keys) for dim, keys in self.keuzes.items() if keys is not None}
        if not lijsten:
            return [None]
        aantal = {dim: 1 for dim in lijsten}

        def stukken(dim: str) -> list[list[str]]:
            keys, n = lijsten[dim], aantal[dim]
            grootte = -(-len(keys) // n)
            return [keys[i:i + grootte] for i in range(0, len(keys), grootte)]

        while _filterlengte({d: stukken(d)[0] for d in lijsten}) > max_lengte:
            splitsbaar = [d for d in lijsten if len(stukken(d)[0]) > 1]
            if not splitsbaar:
                break
            langste = max(splitsbaar, key=lambda d: _filterlengte({d: stukken(d)[0]}))
            aantal[langste] += 1
        dims = list(lijsten)
        return [" and ".join(_clausule(d, stuk) for d, stuk in zip(dims, combinatie))
                for combinatie in itertools.product(*(stukken(d) for d in dims))]

    def beschrijving(self) -> dict[str, Any]:
        """The slice as plain data for the provenance record: stripped keys per dimension or "alle"."""
        return {
            "dimensies": {dim: ("alle" if keys is None else [k.strip() for k in keys]) for dim, keys in self.keuzes.items()},
            "onderwerpen": list(self.onderwerpen),
        }

    def samenvatting(self) -> str:
        """A short Dutch description, e.g. 'Leeftijd 66 van 108, RegioS 401 van 565, Perioden 10 van 15'."""
        delen = [f"{dim} alle" if keys is None else f"{dim} {len(keys)}" for dim, keys in self.keuzes.items()]
        return ", ".join(delen)


def _clausule(dimensie: str, keys: Sequence[str]) -> str:
    termen = [f"{dimensie} eq '{k.replace(chr(39), chr(39) * 2)}'" for k in keys]
    return termen[0] if len(termen) == 1 else "(" + " or ".join(termen) + ")"


def _filterlengte(stukken: dict[str, Sequence[str]]) -> int:
    return len(urllib.parse.quote(" and ".join(_clausule(d, keys) for d, keys in stukken.items())))


def maak_plak(resolutie: Resolutie, thema: Thema, eerste_jaar: int | None,
              gemeenten: Iterable[str] | None = None) -> Plak:
    """The slice of a table that the workbook uses for ``thema``.

    Fixed dimensions: their total; summed dimensions: their parts; categorised dimensions: every key the resolved
    categories are built from; the region dimension: the register's levels (gemeenten restricted to
    ``gemeenten``, the codes in the classifications the workbook uses); the time dimension: the register's
    period kind from ``eerste_jaar``. A dimension of which every key is wanted is not filtered.
    """
    keuzes: dict[str, tuple[str, ...] | None] = {}
    gewenste_gemeenten = None if gemeenten is None else {str(g).strip() for g in gemeenten}
    for dim_key in resolutie.alle_keys:
        if dim_key in resolutie.vast:
            keuzes[dim_key] = (resolutie.vast[dim_key],)
        elif dim_key in resolutie.optellen:
            keuzes[dim_key] = resolutie.optellen[dim_key]
    for naam, spec in thema.dimensies.items():
        dim_key = resolutie.dimensies[naam]
        if naam == "regio":
            keys = resolutie.regios(spec.niveaus)
            if gewenste_gemeenten is not None:
                keys = tuple(k for k in keys if not k.strip().startswith("GM") or k.strip() in gewenste_gemeenten)
            keuzes[dim_key] = keys
        elif naam == "periode":
            keuzes[dim_key] = resolutie.perioden(spec.soort, eerste_jaar)
        elif naam in resolutie.categorieen:
            nodig = {k for c in resolutie.categorieen[naam].values() for k in c.keys}
            keuzes[dim_key] = tuple(k for k in resolutie.alle_keys[dim_key] if k in nodig)
        else:
            keuzes[dim_key] = None
    for dim_key, keys in list(keuzes.items()):
        if keys is not None and len(keys) == len(resolutie.alle_keys[dim_key]) and len(keys) > 1:
            keuzes[dim_key] = None
    volgorde = list(resolutie.alle_keys)
    keuzes = {d: keuzes[d] for d in sorted(keuzes, key=volgorde.index)}
    onderwerpen = tuple(str(e["Key"]) for e in resolutie.onderwerpen.values())
    return Plak(keuzes, onderwerpen)


def plak_dekt(opgeslagen: dict | None, gewenst: Plak) -> bool:
    """Whether a cached slice (its :meth:`Plak.beschrijving`) holds everything ``gewenst`` asks for."""
    if not opgeslagen:
        return False
    dimensies = opgeslagen.get("dimensies") or {}
    for dim, keys in gewenst.keuzes.items():
        had = dimensies.get(dim, "alle")
        if had == "alle":
            continue
        if keys is None or not {k.strip() for k in keys} <= set(had):
            return False
    return set(gewenst.onderwerpen) <= set(opgeslagen.get("onderwerpen") or ())
