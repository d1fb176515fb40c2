"""Phase 1 of the VNG method, vraagarticulatie (notebook ``01_vraagarticulatie``): the task and the question for
the region, the selection of analysis questions, the snapshot of the region against Nederland and the question
card ("vraagkaart") that phase 2 takes as its input.

The domain logic lives in :mod:`werkboek.vragen` (catalogue, selection, card) and :mod:`werkboek.regiobeeld`
(snapshot); this module only puts it together in the shape of every phase: :func:`bereken` and :func:`schrijf`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from werkboek import analyse, regiobeeld, vragen
from werkboek.bronnenmenu import Catalogusbron
from werkboek.catalogus import CatalogusFout
from werkboek.export import Uitvoer
from werkboek.fasen import resultaat as _resultaat
from werkboek.fasen import werkgeheugen
from werkboek.fasen.context import Context
from werkboek.fasen.resultaat import Figuur, Geschreven, Resultaat, Tabel
from werkboek.fouten import ParameterFout

STAM = "01_vraagarticulatie"
THEMAS = ("banen", "beroepsbevolking", "bevolking", "studenten")
KAART = "vraagkaart"  # vraagkaart.json and vraagkaart.md in this phase's folder
_KAART_PARAMETERS = ("regio", "sector", "jaar", "horizon", "bron")


@dataclass(kw_only=True)
class VraagarticulatieResultaat(Resultaat):
    """Phase 1's result: the question card (the input of phase 2), every question with why it was chosen or not,
    and per part of the snapshot that could not be made the Dutch reason.

    Tables: ``vraagselectie`` and the snapshot tables (``leeftijdsopbouw``, ``opleidingsniveau_beroepsbevolking``,
    ``banen_per_sector``); figures: ``ligging_regio`` and the same three (:data:`werkboek.regiobeeld.ONDERDELEN`);
    texts: ``vraagstuk``, ``selectie``, ``geladen``, ``regiobeeld``, ``vraagkaart``; key figures: the snapshot
    ("momentopname")."""

    kaart: vragen.Vraagkaart
    keuzes: list[vragen.Vraagkeuze]
    ontbreekt: dict[str, str] = field(default_factory=dict)  # figure of the snapshot -> why it was not made

    @property
    def vragen(self) -> list[vragen.Vraag]:
        """The questions on the card, in order."""
        return self.kaart.vragen


def _geladen(ctx: Context) -> str:
    niet = [t for t in THEMAS if ctx.data.get(t) is None]
    meldingen = [m for m in ctx.meldingen if any(m.startswith(f"Thema '{t}'") for t in niet)]
    return "\n\n".join(meldingen) or "Alle thema's voor de momentopname zijn geladen."


def bereken(ctx: Context) -> VraagarticulatieResultaat:
    """Everything phase 1 shows, from a context that has loaded :data:`THEMAS` (the context of notebook 01, or of
    a later phase that loads these themes too). Writes nothing. In the warm kernel of a batch the result of
    notebook 01 serves notebook 02 (:mod:`werkboek.fasen.werkgeheugen`)."""
    if ontbrekend := [t for t in THEMAS if t not in ctx.data]:
        raise ParameterFout(f"De vraagarticulatie heeft de thema's {', '.join(ontbrekend)} nodig; open de context met "
                            "themas=vraagarticulatie.THEMAS (of een ruimere lijst).")
    return werkgeheugen.resultaat(ctx.regio.code, (STAM, ctx.parameters), lambda: _bereken(ctx))


def _bereken(ctx: Context) -> VraagarticulatieResultaat:
    p, data = ctx.parameters, ctx.data
    keuzes = vragen.selecteer_vragen(p, alle=True)
    kaart = vragen.vraagkaart(p, [k for k in keuzes if k.geselecteerd], analyse.momentopname(data, p))
    uit = VraagarticulatieResultaat(kaart=kaart, keuzes=keuzes)
    uit.tabellen["vraagselectie"] = Tabel(vragen.keuzetabel(keuzes), bronregel="Bron: vragencatalogus data/vragen.yaml")
    for naam in regiobeeld.ONDERDELEN:
        try:
            deel = regiobeeld.onderdeel(naam, data, p)
        except analyse.OnvoldoendeDataFout as fout:
            reden = f"{fout} Dit deel van de momentopname is daarom niet gemaakt."
            uit.ontbreekt[regiobeeld.ONDERDELEN[naam]] = reden
            continue
        uit.figuren[deel.naam] = Figuur(deel.grafiek, deel.argumenten)
        if deel.tabel is not None:
            # the source line names the period the table shows; Catalogusbron keeps that line as it is
            herkomst = [Catalogusbron(deel.bronregel)] if deel.herkomst is not None else []
            uit.tabellen[deel.naam] = Tabel(deel.tabel, herkomst, bronregel=deel.bronregel)
    uit.teksten.update({
        "vraagstuk": vragen.vraagstuk_markdown(p), "selectie": vragen.selectie_markdown(keuzes, p),
        "geladen": _geladen(ctx), "regiobeeld": regiobeeld.regiobeeld_markdown(data, p), "vraagkaart": kaart.markdown,
    })
    uit.kerncijfers = list(kaart.data["momentopname"])
    return uit


def schrijf(resultaat: VraagarticulatieResultaat, uitvoer: Uitvoer) -> Geschreven:
    """Write the tables, figures and key figures, and the question card (``vraagkaart.json``, ``vraagkaart.md``).
    A part of the snapshot that could not be made is named with its reason in ``zonder_figuur``."""
    resultaat.kaart.schrijf(uitvoer.map, KAART)
    geschreven = _resultaat.schrijf(resultaat, uitvoer)
    geschreven.zonder_figuur.update(resultaat.ontbreekt)
    return geschreven


# ---------------------------------------------------------------------------------------------------------------
# The check a later phase makes against the card notebook 01 saved


def kaartpad(uitvoer: Uitvoer) -> Path:
    """Where notebook 01 saves its card, for the run that ``uitvoer`` (of any phase of that run) belongs to."""
    return Path(uitvoer.map).parent / STAM / f"{KAART}.json"


def _verschillen(bewaard: dict, nu: dict) -> list[str]:
    delen = [f"bewaard met {k} {bewaard.get(k)} in plaats van {nu[k]}" for k in _KAART_PARAMETERS
             if bewaard.get(k) != nu[k]]
    oud = [v.get("id") for v in bewaard.get("vragen") or []]
    nieuw = [v["id"] for v in nu["vragen"]]
    if extra := [i for i in oud if i not in nieuw]:
        delen.append(f"de bewaarde kaart heeft vragen die nu niet gekozen zijn ({', '.join(map(str, extra))})")
    if mist := [i for i in nieuw if i not in oud]:
        delen.append(f"op de bewaarde kaart ontbreken vragen ({', '.join(mist)})")
    if not delen:
        delen.append("de toelichting, de bronnen of de kerncijfers verschillen")
    return delen


def controleer_kaart(resultaat: VraagarticulatieResultaat, uitvoer: Uitvoer) -> str:
    """A Dutch sentence: is the card notebook 01 saved for this run the same as ``resultaat``'s card, does it
    differ (and how), or has notebook 01 not run yet. Only a check: the phase works with ``resultaat``."""
    pad = kaartpad(uitvoer)
    aantal = len(resultaat.vragen)
    verder = (f"Deze notebook werkt met de kaart zoals notebook 01 haar nu opstelt ({aantal} vragen); voer notebook 01 "
              "opnieuw uit om de bewaarde kaart bij te werken.")
    if not pad.is_file():
        return (f"Notebook 01 is voor deze regio nog niet uitgevoerd: er is geen bewaarde vraagkaart ({pad}). Deze "
                f"notebook werkt met de {aantal} vragen die notebook 01 kiest; voer notebook 01 uit om de kaart met "
                "toelichting te bewaren.")
    try:
        bewaard = vragen.Vraagkaart.lees(pad).data
    except CatalogusFout:
        return f"De vraagkaart die notebook 01 bewaarde ({pad}) is beschadigd. {verder}"
    nu = json.loads(resultaat.kaart.als_json())
    if bewaard == nu:
        return (f"De vraagkaart die notebook 01 bewaarde ({pad}) is dezelfde als de kaart waarmee deze notebook werkt "
                f"({aantal} vragen).")
    return (f"De vraagkaart die notebook 01 bewaarde ({pad}) wijkt af van de kaart waarmee deze notebook werkt: "
            f"{'; '.join(_verschillen(bewaard, nu))}. {verder}")
