"""Phase 2 of the VNG method, bronnen (notebook ``02_bronnen``): for each question on phase 1's card the candidate
sources, where every figure comes from, the data check for the region, and whether the figures answer the
question fully, partly or not.

Upstream is one rule: :func:`bereken` takes phase 1's result as an argument. The card notebook 01 saved is only
checked against it (:func:`werkboek.fasen.vraagarticulatie.controleer_kaart`), never read as a source. The domain
logic lives in :mod:`werkboek.bronnenmenu`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from werkboek import bronnenmenu, grafieken, vragen
from werkboek.export import Uitvoer
from werkboek.fasen import resultaat as _resultaat
from werkboek.fasen import vraagarticulatie
from werkboek.fasen.context import Context
from werkboek.fasen.resultaat import Figuur, Geschreven, Resultaat, Tabel

STAM = "02_bronnen"
BRON_KAART = "Bron: vraagkaart, datamenukaart en de geladen tabellen"


def themas() -> tuple[str, ...]:
    """The themes phase 2 loads: every theme the workbook fetches itself (data menu, in its order), and phase 1's,
    so that phase 1's result can be computed on the same context."""
    return tuple(dict.fromkeys((*bronnenmenu.ophaalbare_themas(), *vraagarticulatie.THEMAS)))


@dataclass(kw_only=True)
class BronnenResultaat(Resultaat):
    """Phase 2's result: the questions it worked with (from phase 1's result), which themes have figures for the
    region, the data check, and per question the answer the figures give.

    Tables: ``menukaart``, ``bronnen_per_vraag``, ``herkomst``, ``datacontrole``, ``antwoordmatrix``; figures:
    ``onbekende_cijfers``, ``antwoord_per_vraag``; texts: ``geladen``, ``datacontrole``, ``informatiebehoefte``;
    key figures: the answer count."""

    vragen: list[vragen.Vraag]
    beschikbaar: dict[str, bool]  # theme -> has figures for the region
    datakwaliteit: pd.DataFrame
    antwoordmatrix: pd.DataFrame
    telling: dict[str, int]  # beantwoord / deels / niet -> number of questions


def _geladen(ctx: Context) -> str:
    return "\n\n".join(ctx.meldingen) or f"Geladen thema's: {', '.join(ctx.data)}."


def bereken(ctx: Context, vraagarticulatie_resultaat: vraagarticulatie.VraagarticulatieResultaat) -> BronnenResultaat:
    """Everything phase 2 shows, for the questions of phase 1's result, from a context that loaded
    :func:`themas`. Writes nothing."""
    p, data = ctx.parameters, ctx.data
    vragen_ = vraagarticulatie_resultaat.vragen
    herkomsten, tabellenbron = ctx.herkomsten(), bronnenmenu.tabellenbron(data)
    kwaliteit = bronnenmenu.datakwaliteit(data, p.regio.code)
    beschikbaar = bronnenmenu.beschikbare_themas(data, p.regio.code)
    matrix = bronnenmenu.antwoordmatrix(vragen_, beschikbaar)
    telling = bronnenmenu.antwoord_telling(matrix)
    onbekend = bronnenmenu.onbekend_per_thema(kwaliteit)
    uit = BronnenResultaat(vragen=vragen_, beschikbaar=beschikbaar, datakwaliteit=kwaliteit, antwoordmatrix=matrix,
                           telling=telling)
    uit.tabellen.update({
        "menukaart": Tabel(bronnenmenu.menu_tabel(), bronregel="Bron: datamenukaart data/bronnenmenu.yaml"),
        "bronnen_per_vraag": Tabel(bronnenmenu.bronnen_per_vraag(vragen_), bronregel=(
            "Bron: vraagkaart van notebook 01 en datamenukaart data/bronnenmenu.yaml")),
        "herkomst": Tabel(bronnenmenu.herkomsttabel(data), herkomsten, bronregel=tabellenbron.bronregel()),
        "datacontrole": Tabel(kwaliteit, herkomsten, bronregel=tabellenbron.bronregel()),
        "antwoordmatrix": Tabel(matrix, bronregel=BRON_KAART),
    })
    uit.figuren.update({
        "onbekende_cijfers": Figuur(grafieken.staafgrafiek, {
            "waarden": onbekend, "titel": bronnenmenu.titel_onbekend(onbekend, p.regio.naam),
            "onderwerp": "Onbekende cijfers voor de regio", "eenheid": "%", "herkomst": tabellenbron,
            "procent": True}),
        "antwoord_per_vraag": Figuur(grafieken.staafgrafiek, {
            "waarden": telling, "titel": bronnenmenu.titel_antwoord(telling), "onderwerp": "Aantal vragen",
            "eenheid": "", "herkomst": bronnenmenu.Catalogusbron(BRON_KAART, ctx.databron.is_demo), "geheel": True}),
    })
    uit.teksten.update({
        "geladen": _geladen(ctx),
        "datacontrole": bronnenmenu.datakwaliteit_markdown(data, p.regio.code, p.regio.naam),
        "informatiebehoefte": bronnenmenu.informatiebehoefte_markdown(matrix),
    })
    uit.kerncijfers = bronnenmenu.kerncijfers_antwoord(telling)
    return uit


def schrijf(resultaat: BronnenResultaat, uitvoer: Uitvoer) -> Geschreven:
    """Write the tables, figures and the answer count (``samenvatting.json``, the Excel workbook)."""
    return _resultaat.schrijf(resultaat, uitvoer)
