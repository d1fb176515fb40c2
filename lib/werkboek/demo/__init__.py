"""Offline demo data: synthetic tables in the exact shape CBS OData v3 serves (contract C1 and C5).

The workbook runs without internet on these tables. They are SYNTHETIC: made by a small deterministic model
(:mod:`werkboek.demo.model`), never real figures, and every table says so in its title. Users read the Dutch
explanation in ``docs/demodata.md``.

Public API (contract C5)::

    genereer_tabel(tabel_id) -> dict[str, list[dict]]   # OData v3 parts for any table id in the register
    tabel_ids() -> list[str]                            # every table id in data/tabellen.yaml
    DEMO_GEWIJZIGD                                      # the fixed 'Modified' date of every demo table

Geography: Nederland (NL01), provinces (PVxx), the 35 arbeidsmarktregio's (AMxx) for region-level themes, and
synthetic demo gemeenten (GM9001..GM9343) for gemeente-level themes; see :mod:`werkboek.demo.gebied`.
"""

from __future__ import annotations

from werkboek.demo.gebied import DemoGemeente, demo_gemeenten, gemeenten_in_jaar
from werkboek.fouten import WerkboekFout

DEMO_GEWIJZIGD = "2025-07-01T02:00:00"


class OnbekendeDemotabelFout(WerkboekFout, LookupError):
    """A table id that is not in the table register, so no demo table exists for it."""


def tabel_ids() -> list[str]:
    """Every table id in the register (``data/tabellen.yaml``), in register order, without duplicates."""
    from werkboek.register import standaard_register

    ids: list[str] = []
    for _, uitgave in standaard_register().alle_uitgaven():
        if uitgave.id not in ids:
            ids.append(uitgave.id)
    return ids


def _zoek_uitgave(tabel_id: str):
    from werkboek.register import standaard_register

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


def genereer_tabel(tabel_id: str) -> dict[str, list[dict]]:
    """The demo table for a registered table id, as OData v3 parts (TableInfos, DataProperties,
    CategoryGroups, one part per dimension key, TypedDataSet). Deterministic: every call gives the same
    content; each call returns new lists, so callers may change them freely."""
    from werkboek.demo import odata, tabellen

    thema, uitgave = _zoek_uitgave(tabel_id)
    bouwer = tabellen.BOUWERS.get(thema.naam)
    if bouwer is None:
        raise OnbekendeDemotabelFout(
            f"Het thema '{thema.naam}' (tabel {uitgave.id}) heeft nog geen demomodel. Gebruik bron 'cbs' of "
            f"'momentopname' voor dit thema, of kies een thema met demodata: {', '.join(tabellen.BOUWERS)}."
        )
    delen = bouwer(thema, uitgave)
    titel = thema.titel if uitgave.indeling is None else f"{thema.titel}; indeling {uitgave.indeling}"
    return odata.bouw(delen, titel, thema.omschrijving, DEMO_GEWIJZIGD)


__all__ = [
    "DEMO_GEWIJZIGD", "DemoGemeente", "OnbekendeDemotabelFout", "demo_gemeenten", "gemeenten_in_jaar", "genereer_tabel",
    "tabel_ids",
]
