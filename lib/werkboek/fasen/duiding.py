"""Phase 3, duiding: employment against the regional education supply, one decision per level, the deepening
questions and the comparison with similar regions.

``bereken(ctx, drempels, venster)`` computes every table, figure specification, text, key figure and pain point
of notebook 03 from one :func:`werkboek.duiding.knelpuntanalyse`; ``schrijf`` writes them. The beleidscyclus (04)
takes the result of :func:`bereken` as its argument.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from werkboek import aanbod, analyse, duiding, grafieken, knelpunten, sectorbeeld, trend
from werkboek.fasen import werkgeheugen
from werkboek.fasen.context import Context
from werkboek.fasen.resultaat import Figuur, Geschreven, Resultaat, Tabel
from werkboek.fasen.resultaat import schrijf as schrijf_resultaat
from werkboek.knelpunten import Drempels

STAM = "03_duiding"
# the themes the duiding reads: jobs, the national level mix, the labour force and the education supply
THEMAS = ("banen", "werkzamen_sector_onderwijs", "beroepsbevolking", "bevolking", *aanbod.THEMAS)


@dataclass
class Duiding(Resultaat):
    """The result of the duiding: everything notebook 03 shows, and the analysis the beleidscyclus builds on."""

    analyse: duiding.Knelpuntanalyse | None = None
    drempels: Drempels = field(default_factory=Drempels)
    aanbodfiguur: str = ""  # 'instroom_per_niveau' (DUO first-years) or 'studenten_per_niveau' (CBS students)

    @property
    def basis(self) -> analyse.Duidingsbasis:
        return self.analyse.basis

    @property
    def beoordelingen(self) -> list:
        return self.analyse.beoordelingen


def bereken(ctx: Context, drempels: Drempels | None = None, venster: int = analyse.TRENDJAREN,
            screening: bool = True) -> Duiding:
    """Everything the duiding shows for the context's region and focus sector. Writes nothing. ``screening=False``
    leaves out the overview of every sector (the beleidscyclus needs only the focus sector's decisions). In the
    warm kernel of a batch the result of notebook 03 serves notebook 04 (:mod:`werkboek.fasen.werkgeheugen`)."""
    d = drempels or Drempels()
    return werkgeheugen.resultaat(ctx.regio.code, (STAM, ctx.parameters, d, venster),
                                  lambda: _bereken(ctx, d, venster, screening),
                                  bruikbaar=lambda r: not screening or "sectorscreening" in r.tabellen)


def _bereken(ctx: Context, d: Drempels, venster: int, screening: bool) -> Duiding:
    data, p = ctx.data, ctx.parameters
    regio, jaar, sector = p.regio.code, int(p.jaar), p.sector.code
    regiodata = duiding.regiodata(data, regio)  # the focus sector and the screening read the same frames
    geheugen: dict = {}  # the regional matrix and each sector's demand, shared with the sector screening
    ka = duiding.knelpuntanalyse(regiodata, p, d, venster, geheugen=geheugen)
    basis = ka.basis
    r = Duiding(analyse=ka, drempels=d, knelpunten=ka.knelpunten)
    banen_herkomst, onderwijs_herkomst = ctx.herkomsten("banen"), ctx.herkomsten(*aanbod.THEMAS)
    r.teksten["datacontrole"] = duiding.datacontrole(data, ctx.meldingen, basis)

    # 1. employment per sector
    sectoren = sectorbeeld.sectoroverzicht(data["banen"], regio, jaar, venster)
    r.tabellen["sectoren"] = Tabel(sectoren, banen_herkomst, 2)
    r.teksten["sector"] = sectorbeeld.sectortekst(sectoren, basis)
    r.figuren["banen_focussector_index"] = Figuur(grafieken.lijngrafiek, dict(
        reeksen=sectorbeeld.vergelijkingsreeksen(data["banen"], "banen", [regio, analyse.NEDERLAND], index=True,
                                             sector=sector),
        titel=grafieken.titel_groei(p.sector.naam, p.regio.naam,
                                    basis.werk_trend.groei_procent if basis.werk_trend else None,
                                    basis.sector_groei_nl.get("cagr_procent")),
        onderwerp="Banen in de sector, index (eerste jaar = 100)", eenheid="", herkomst=banen_herkomst,
        markeer=p.regio.naam))
    r.figuren["locatiequotient_sectoren"] = Figuur(grafieken.staafgrafiek, dict(
        waarden=sectoren.set_index("Sector")["locatiequotient"],
        titel=grafieken.titel_locatiequotient(p.sector.naam, p.regio.naam,
                                              sectorbeeld.locatiequotient_van(sectoren, sector)),
        onderwerp="Locatiequotiënt", eenheid="", herkomst=banen_herkomst, markeer=p.sector.naam, referentie=1.0,
        referentie_label="Nederland"))

    # 2. the one projection and the window sensitivity
    r.teksten["projectie"] = duiding.projectietekst(basis)
    if basis.projectie is not None:
        r.tabellen["projectie_focussector"] = Tabel(basis.projectie.tabel, banen_herkomst)
        r.figuren["projectie_focussector"] = Figuur(grafieken.trendgrafiek, dict(
            projectie=basis.projectie,
            titel=grafieken.titel_projectie(p.sector.naam, p.regio.naam, basis.projectie, "x 1 000"),
            onderwerp="Banen", eenheid="x 1 000", herkomst=banen_herkomst, label=f"{p.regio.naam}, gemeten"))
    if basis.vensters is not None:
        r.tabellen["trend_vensters"] = Tabel(trend.als_tabel(basis.vensters), banen_herkomst)

    # 3. employment by level (an estimate) and the level mix of all workers
    r.teksten["vraagmodel"] = f"*{basis.vraag.toelichting}*" if basis.vraag is not None else ""
    r.tabellen["werkgelegenheid_en_onderwijs_per_niveau"] = Tabel(duiding.niveautabel(basis), ctx.herkomsten())
    beroepsbevolking = sectorbeeld.beroepsbevolking_tabel(data["beroepsbevolking"], regio, jaar)
    r.tabellen["beroepsbevolking_naar_onderwijsniveau"] = Tabel(beroepsbevolking, ctx.herkomsten("beroepsbevolking"))
    r.figuren["banen_per_niveau_geschat"] = Figuur(grafieken.staafgrafiek, dict(
        waarden=basis.per_niveau.set_index("niveau")["banen_geschat"], titel=duiding.titel_niveaus(basis),
        onderwerp="Banen, geschat", eenheid="x 1 000", herkomst=ctx.herkomsten("banen", "werkzamen_sector_onderwijs")))
    r.figuren["beroepsbevolking_naar_onderwijsniveau"] = Figuur(grafieken.groepsstaafgrafiek, dict(
        tabel=beroepsbevolking, titel=duiding.titel_beroepsbevolking(beroepsbevolking),
        onderwerp="Aandeel van de werkzame beroepsbevolking", eenheid="%",
        herkomst=ctx.herkomsten("beroepsbevolking"), procent=True))

    # 4. ageing and the demand components
    vergrijzing = analyse.aandeel_55plus(data["beroepsbevolking"], regio)
    r.tabellen["aandeel_55plus"] = Tabel(vergrijzing, ctx.herkomsten("beroepsbevolking"))
    r.figuren["aandeel_55plus"] = Figuur(grafieken.lijngrafiek, dict(
        reeksen=sectorbeeld.reeksen_55plus(vergrijzing, p.regio.naam), titel=duiding.titel_vergrijzing(basis),
        onderwerp="Aandeel 55-plussers", eenheid="%", herkomst=ctx.herkomsten("beroepsbevolking"),
        markeer=p.regio.naam, procent=True))
    r.teksten["vervangingsvraag"] = f"**Let op:** {duiding.VERVANGINGSVRAAG_TOELICHTING}"
    if basis.vraag is not None:
        r.tabellen["vraagcomponenten"] = Tabel(basis.vraag.als_tabel(), banen_herkomst, 0)

    # 5. the education supply
    r.teksten["onderwijs"] = duiding.onderwijstekst(basis)
    r.teksten["aanbodtoelichting"] = duiding.aanbodtoelichting(basis)
    r.tabellen["onderwijsaanbod_detail"] = Tabel(basis.aanbod.detail, onderwijs_herkomst, 0)
    r.tabellen["mbo_studenten_per_richting"] = Tabel(
        duiding.studenten_per_richting(data["mbo_studenten_richting"], regio, jaar, sector),
        ctx.herkomsten("mbo_studenten_richting"), 0)
    grafiek = duiding.aanbodgrafiek(basis)
    r.aanbodfiguur = grafiek.naam
    r.figuren[grafiek.naam] = Figuur(grafieken.lijngrafiek, dict(
        reeksen=grafiek.reeksen, titel=grafiek.titel, onderwerp=grafiek.as_label, eenheid="aantal",
        herkomst=onderwijs_herkomst))

    # 6. the guide's duiding table
    tabel = duiding.duidingstabel(basis, d)
    r.tabellen["duidingstabel"] = Tabel(tabel, ctx.herkomsten())
    r.teksten["duidingstabel"] = duiding.duidingstabel_markdown(tabel)
    r.figuren["behoefte_en_schoolverlaters_per_niveau"] = Figuur(grafieken.groepsstaafgrafiek, dict(
        tabel=duiding.groeivergelijking(basis), titel=duiding.titel_groeivergelijking(basis, ka.beoordelingen),
        onderwerp="Per jaar (midden van de bandbreedte)", eenheid="aantal",
        herkomst=ctx.herkomsten("banen", "werkzamen_sector_onderwijs", *aanbod.THEMAS)))

    # 7. one decision per level, and every sector through the same table
    r.tabellen["drempels"] = Tabel(pd.DataFrame(d.als_tabel()), [], 2, "Bron: parameters van dit notebook")
    r.tabellen["knelpuntregels"] = Tabel(knelpunten.als_tabel(ka.beoordelingen), ctx.herkomsten())
    r.teksten["kernboodschap"] = f"**{duiding.kernboodschap(ka.beoordelingen, basis)}**"
    if screening:
        r.tabellen["sectorscreening"] = Tabel(duiding.sectorscreening(regiodata, p, d, venster, geheugen),
                                              ctx.herkomsten(), 0)

    # 8. deepening questions
    vragen = duiding.vragen_per_knelpunt(ka.beoordelingen, sector)
    r.tabellen["verdiepende_vragen"] = Tabel(vragen, [], 0, "Bron: vragenlijst van het werkboek bij de oordelen")
    r.teksten["verdiepende_vragen"] = duiding.vragen_markdown(vragen)

    # 9. comparison with similar regions
    vergelijking = sectorbeeld.regiovergelijking(data["banen"], regio, sector, jaar, venster)
    r.tabellen["vergelijkbare_regios"] = Tabel(vergelijking, banen_herkomst, 2)
    r.tabellen["sectorstructuur_vergelijking"] = Tabel(
        analyse.structuurvergelijking(data["banen"], regio, vergelijking.attrs["jaar_structuur"]), banen_herkomst)
    r.figuren["groei_vergelijkbare_regios"] = Figuur(grafieken.staafgrafiek, dict(
        waarden=vergelijking.set_index("regio_naam")["Groei per jaar (%)"],
        titel=sectorbeeld.titel_regiovergelijking(vergelijking, p.sector.naam),
        onderwerp=f"Groei banen {p.sector.naam.lower()} per jaar", eenheid="%", herkomst=banen_herkomst,
        markeer=p.regio.naam, procent=True))

    r.kerncijfers = duiding.kerncijfers(data, ka, p)
    return r


def schrijf(resultaat: Duiding, uitvoer) -> Geschreven:
    """Write the duiding (CSV, PNG, Excel, samenvatting.json) through the run's output object."""
    return schrijf_resultaat(resultaat, uitvoer)
