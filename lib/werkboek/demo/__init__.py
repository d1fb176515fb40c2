"""Offline demo data: synthetic tables in exactly the shape CBS OData v3 serves the real ones (contract C1).

The workbook runs without internet on these tables and reads them through the same code as real CBS downloads.
They are SYNTHETIC: made by a small deterministic model (:mod:`werkboek.demo.model`), never real figures, and
every table says so in its TableInfos. The shapes are the real ones (``CBS_TABELLEN.md``): table ids,
dimension keys and order, category keys with their padding, titles, topic keys and group paths, provisional
periods, null cells; where a key or title is unknown, :mod:`werkboek.demo.tabellen` (the education tables:
:mod:`werkboek.demo.onderwijs`) marks its stand-in.

Public API::

    brontabel(tabel_id) -> werkboek.odata.Kubus   # metadata parts + lazy rows, for every id in the register
    genereer_tabel(tabel_id) -> dict              # all parts with TypedDataSet, only for small tables
    tabel_ids() -> list[str]                      # every table id in data/tabellen.yaml
    DEMO_GEWIJZIGD                                # the fixed 'Modified' date of every demo table

Geography: real provinces, landsdelen, COROP areas and arbeidsmarktregio's; synthetic gemeenten (GM9001 and
up) with mergers and a region change; see :mod:`werkboek.demo.gebied`.
"""

from __future__ import annotations

import functools

from werkboek.demo.gebied import DemoGemeente, demo_gemeenten, gemeenten_in_jaar
from werkboek.demo.odata import DEMO_TITELPREFIX
from werkboek.fouten import WerkboekFout
from werkboek.odata import DATA_DEEL, Kubus
from werkboek.register import standaard_register

DEMO_GEWIJZIGD = "2025-07-01T02:00:00"
# genereer_tabel materialises every row: only for tables up to this size (03759ned has about 10 million).
MAX_RIJEN_VOLLEDIG = 1_000_000


class OnbekendeDemotabelFout(WerkboekFout, LookupError):
    """A table id that is not in the table register, so no demo table exists for it."""


class DemotabelTeGrootFout(WerkboekFout, ValueError):
    """A demo table too big to materialise whole; ask for a slice through :func:`brontabel`."""


def is_demotabel(delen: dict) -> bool:
    """Whether the parts of a table (from any source, also a download) are this generator's synthetic tables:
    their TableInfos say so. Synthetic figures served by a mirror or a test server stay marked as such."""
    info = (delen.get("TableInfos") or [{}])[0]
    return str(info.get("Title", "")).startswith(DEMO_TITELPREFIX)


def tabel_ids() -> list[str]:
    """Every table id in the register (``data/tabellen.yaml``), in register order, without duplicates."""
    ids: list[str] = []
    for _, uitgave in standaard_register().alle_uitgaven():
        if uitgave.id not in ids:
            ids.append(uitgave.id)
    return ids


def _zoek_uitgave(tabel_id: str):
    register = standaard_register()
    gezocht = str(tabel_id).strip().upper()
    for thema, uitgave in register.alle_uitgaven():
        if uitgave.id.upper() == gezocht:
            return thema, uitgave
    raise OnbekendeDemotabelFout(
        f"Voor tabel '{tabel_id}' bestaan geen demodata: die tabel staat niet in het tabellenregister "
        f"({register.pad}). Demotabellen zijn er voor: {', '.join(tabel_ids())}. "
        "Voeg de tabel toe aan het register of kies een van deze ids."
    )


def brontabel(tabel_id: str) -> Kubus:
    """The demo table for a registered table id as a :class:`werkboek.odata.Kubus`: every metadata part and the
    rows of any slice on demand. Deterministic, and built once per process: do not change what you get."""
    _, uitgave = _zoek_uitgave(tabel_id)
    return _brontabel(uitgave.id)


@functools.lru_cache(maxsize=None)
def _brontabel(tabel_id: str) -> Kubus:
    from werkboek.demo import tabellen  # local: werkboek.demo.tabellen imports this package

    thema, uitgave = _zoek_uitgave(tabel_id)
    bouwer = tabellen.BOUWERS.get(thema.naam)
    if bouwer is None:
        raise OnbekendeDemotabelFout(
            f"Het thema '{thema.naam}' (tabel {uitgave.id}) heeft nog geen demomodel. Gebruik bron 'cbs' of "
            f"'momentopname' voor dit thema, of kies een thema met demodata: {', '.join(tabellen.BOUWERS)}."
        )
    return bouwer(thema, uitgave, DEMO_GEWIJZIGD)


def _getal(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def genereer_tabel(tabel_id: str) -> dict[str, list[dict]]:
    """All OData v3 parts of a small demo table, with every row in TypedDataSet (new lists on every call, so
    callers may change them). A big table raises :class:`DemotabelTeGrootFout`: use :func:`brontabel` and ask
    for a slice."""
    kubus = brontabel(tabel_id)
    if kubus.aantal_rijen > MAX_RIJEN_VOLLEDIG:
        raise DemotabelTeGrootFout(
            f"Demotabel {kubus.tabel_id} heeft {_getal(kubus.aantal_rijen)} rijen; zo'n tabel wordt nooit in zijn "
            f"geheel gemaakt (grens {_getal(MAX_RIJEN_VOLLEDIG)}). Vraag een deel op met werkboek.demo.brontabel"
            f"('{kubus.tabel_id}').rijen(...), zoals het werkboek ook bij CBS alleen een deel ophaalt."
        )
    delen = {naam: [dict(r) for r in deel] for naam, deel in kubus.metadata.items()}
    delen[DATA_DEEL] = kubus.rijen()
    return delen


__all__ = [
    "DEMO_GEWIJZIGD", "DemoGemeente", "DemotabelTeGrootFout", "MAX_RIJEN_VOLLEDIG", "OnbekendeDemotabelFout",
    "brontabel", "demo_gemeenten", "gemeenten_in_jaar", "genereer_tabel", "tabel_ids",
]
