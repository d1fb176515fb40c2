"""Phase 4, beleidscyclus: from each pain point of the duiding a proposal skeleton with indicators, baselines,
working targets against the trend without policy, and the monitoring plan.

``bereken(ctx, duiding, streefwaarden, streef_verandering_procent)`` takes the duiding's result (phase 3) as its
argument; the comparison with the duiding notebook's saved summary stays a check (a Dutch sentence).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from werkboek import grafieken, knelpunten, monitoring
from werkboek.fasen.context import Context
from werkboek.fasen.duiding import Duiding
from werkboek.fasen.resultaat import Figuur, Geschreven, Resultaat, Tabel
from werkboek.fasen.resultaat import schrijf as schrijf_resultaat

STAM = "04_beleidscyclus"


@dataclass
class Beleidscyclus(Resultaat):
    """The proposals and the monitoring plan of one region, and the check against the duiding notebook."""

    voorstellen: list = field(default_factory=list)
    controle_duiding: str = ""
    zonder_grafiek: list[str] = field(default_factory=list)


def bereken(ctx: Context, duiding: Duiding, streefwaarden: dict | None = None,
            streef_verandering_procent: float = 10.0) -> Beleidscyclus:
    """Proposals for the pain points of ``duiding``, with their indicators, baselines and targets. Writes nothing."""
    p = ctx.parameters
    r = Beleidscyclus(knelpunten=duiding.analyse.knelpunten)
    r.teksten["datacontrole"] = duiding.teksten["datacontrole"]
    r.controle_duiding = monitoring.vergelijk_met_duiding(duiding.analyse.knelpunten,
                                                          ctx.uitvoer.map.parent / "03_duiding" / "samenvatting.json")
    r.teksten["kernboodschap"] = duiding.teksten["kernboodschap"]
    r.tabellen["knelpunten"] = Tabel(knelpunten.als_tabel(duiding.analyse.knelpunten), ctx.herkomsten())
    r.voorstellen = monitoring.met_streefwaarden(monitoring.voorstellen(duiding.analyse.knelpunten, p, ctx.data),
                                                 streefwaarden, streef_verandering_procent)
    r.teksten["monitoringsplan"] = monitoring.monitoringsplan_markdown(r.voorstellen, p)
    r.tabellen["monitoringsplan"] = Tabel(monitoring.monitoringsplan_tabel(r.voorstellen), ctx.herkomsten())
    r.tabellen["indicatoren_met_basis_en_streefwaarde"] = Tabel(monitoring.indicatorenoverzicht(r.voorstellen),
                                                                ctx.herkomsten())
    for spec in monitoring.monitoringgrafiek_specificaties(r.voorstellen, ctx.data, p):
        if spec.melding:
            r.zonder_grafiek.append(spec.melding)
        else:
            r.figuren[spec.naam] = Figuur(grafieken.monitoringgrafiek, spec.argumenten)
    r.tabellen["indicatorencatalogus"] = Tabel(monitoring.indicatoren_tabel(), [], 0,
                                               "Bron: indicatorencatalogus data/indicatoren.yaml")
    r.kerncijfers = monitoring.kerncijfers(r.voorstellen, p)
    return r


def schrijf(resultaat: Beleidscyclus, uitvoer) -> Geschreven:
    """Write the plan (CSV, PNG, the plan's own Excel workbook and markdown, samenvatting.json)."""
    monitoring.schrijf_monitoringsplan(resultaat.voorstellen, uitvoer.parameters, uitvoer.map,
                                       resultaat.tabellen["monitoringsplan"].herkomst)
    return schrijf_resultaat(resultaat, uitvoer)
