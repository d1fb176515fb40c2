"""The guide's two-column duiding table: werkgelegenheid | onderwijsaanbod, rows 'zien' and 'betekenis geven'.

Each cell is a Dutch sentence computed from a :class:`werkboek.analyse.Duidingsbasis`, so the table can be read
aloud in a regional meeting and traced back to the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from werkboek import analyse, sectorrichting, tekst
from werkboek.knelpunten import Drempels
from werkboek.tekst import is_leeg

ZIEN = "zien"
BETEKENIS = "betekenis geven"
KOLOMMEN = ["rij", "onderwerp", "werkgelegenheid", "onderwijsaanbod"]


def _groei_zin(onderwerp: str, groei, drempel: float, periode: str = "") -> str:
    if is_leeg(groei):
        return f"Ontwikkeling {onderwerp} onbekend"
    deel = f", {periode}" if periode else ""
    return f"{onderwerp[0].upper()}{onderwerp[1:]} {tekst.ontwikkeling(groei, drempel)} ({tekst.procent(groei, teken=True)} per jaar{deel})"


def _aanbod_zin(niveau: str, aanbod, grond: str) -> str:
    """Whether the region has a programme at the level in the sector's directions, by location (DUO)."""
    if is_leeg(aanbod):
        return f"Opleiding {_op_niveau([niveau])} in de regio: onbekend ({grond.removeprefix('onbekend: ')})"
    return f"Opleiding {_op_niveau([niveau])} in de regio: {'ja' if aanbod else 'nee'} ({grond})"


def _studenten_zin(basis, onderwijsniveau: str) -> str:
    """Students living in the region at the level, with the detail inside it and the linked directions."""
    aanbod = basis.aanbod
    if aanbod is None:
        return "Studenten onbekend"
    detail = aanbod.detail.set_index("opleiding")
    delen = [f"{tekst.niveau_label(d)} {tekst.tiental(detail.loc[tekst.niveau_label(d), 'studenten'])}"
             for d in analyse.aanbodmodel.DETAIL_VAN[onderwijsniveau] if tekst.niveau_label(d) in detail.index]
    rij = aanbod.per_niveau.set_index("onderwijsniveau").loc[onderwijsniveau]
    if is_leeg(rij.get("ingeschrevenen")):
        return "Studenten uit de regio: onbekend"
    zin = (f"Studenten uit de regio ({analyse.aanbodmodel.PLAATS_WOON}, {analyse.aanbodmodel.schooljaar(rij.get('ingeschrevenen_jaar'), bool(rij.get('ingeschrevenen_voorlopig')))}): "
           f"{tekst.tiental(rij['ingeschrevenen'])} (±{tekst.getal(rij.get('ingeschrevenen_marge'), 0)} door afronding)")
    if len(delen) > 1:
        zin += f", waarvan {tekst.lijst(delen)}"
    if not is_leeg(rij.get("ingeschrevenen_richting")):
        zin += f"; in de gekoppelde studierichtingen {tekst.getal(rij['ingeschrevenen_richting'], 0)}"
    return zin


def _hoofdletter(zin: str) -> str:
    return zin[:1].upper() + zin[1:]


def _op_niveau(niveaus) -> str:
    """'op middelbaar niveau', 'op laag en hoog niveau': the three level names are adjectives in Dutch."""
    return f"op {tekst.lijst(list(dict.fromkeys(niveaus)))} niveau"


def _sector_rijen(basis, d: Drempels, richting_titel: str) -> list[dict]:
    g, nl = basis.sector_groei, basis.sector_groei_nl
    if g and not is_leeg(g.get("eind")):
        omvang = (f"{basis.sector_naam}: {tekst.aantal(g['eind'], 'x 1 000')} {tekst.BANEN_WERKPLAATS} in "
                  f"{g['eindjaar']}{'*' if g.get('eind_voorlopig') else ''}")
    else:
        omvang = f"{basis.sector_naam}: aantal banen in de regio onbekend (mogelijk onderdrukt door CBS)"
    aanbod = basis.per_niveau.set_index("niveau")["aanbod"]
    ja = [n for n, a in aanbod.items() if not is_leeg(a) and a]
    nee = [n for n, a in aanbod.items() if not is_leeg(a) and not a]
    onbekend = [n for n, a in aanbod.items() if is_leeg(a)]
    delen = []
    if ja:
        delen.append(f"opleidingen {_op_niveau(ja)}")
    if nee:
        delen.append(f"geen {_op_niveau(nee)}")
    if onbekend:
        delen.append(f"onbekend {_op_niveau(onbekend)}")
    groei_regio = _groei_zin(f"werkgelegenheid {basis.sector_naam.lower()}", g.get("cagr_procent"),
                             d.groei_procent, g.get("periode", ""))
    groei_nl = tekst.procent(nl.get("cagr_procent"), teken=True) if nl else tekst.ONBEKEND
    if basis.instroom_totaal:
        instroom = _groei_zin("instroom alle niveaus (DUO-eerstejaars, op de vestiging)",
                              basis.instroom_totaal.get("cagr_procent"), d.groei_procent,
                              basis.instroom_totaal.get("periode", ""))
    else:
        instroom = ("Instroom alle niveaus: niet op één manier te meten (DUO telt niet op elk niveau eerstejaars in "
                    "deze regio); zie de instroom per niveau")
    return [
        {"rij": ZIEN, "onderwerp": "sector", "werkgelegenheid": omvang,
         "onderwijsaanbod": f"{_hoofdletter(richting_titel)}: {'; '.join(delen)} (naar de vestiging van de opleiding)"},
        {"rij": BETEKENIS, "onderwerp": "sector",
         "werkgelegenheid": f"{groei_regio}; landelijk {groei_nl} per jaar",
         "onderwijsaanbod": instroom},
    ]


def _vergrijzing_rij(basis, d: Drempels) -> dict:
    v = basis.vergrijzing
    if not v:
        zin = "Aandeel 55-plussers onbekend: vervangingsvraag door vergrijzing niet te duiden"
    else:
        oordeel = ("ruim boven landelijk: toenemende vervangingsvraag door vergrijzing"
                   if v["verschil_procentpunt"] >= d.vergrijzing_marge_procentpunt
                   else "niet ruim boven landelijk")
        zin = (f"Aandeel 55-plussers {tekst.procent(v['aandeel_procent'])} tegen "
               f"{tekst.procent(v['aandeel_nl_procent'])} landelijk ({tekst.procentpunt(v['verschil_procentpunt'])}): "
               f"{oordeel} ({v['basis']})")
    return {"rij": BETEKENIS, "onderwerp": "vergrijzing", "werkgelegenheid": zin,
            "onderwijsaanbod": "Vervangingsvraag is meer dan vergrijzing; zie de toelichting"}


def _richting_tekst(basis) -> str:
    """'studierichting 07 Techniek, industrie en bouwkunde' (or 'studierichtingen ... en ...'): the directions
    data/sector_richting.csv links to the sector."""
    meer = len(sectorrichting.richtingen(basis.sector, "isced")) > 1
    return f"studierichting{'en' if meer else ''} {basis.richting}"


def duidingstabel(basis, drempels: Drempels | None = None) -> pd.DataFrame:
    """The two-column table for the focus sector: one row per topic and education level, Dutch text cells.

    Columns ``rij`` ('zien' or 'betekenis geven'), ``onderwerp`` (sector, an education level or vergrijzing),
    ``werkgelegenheid`` and ``onderwijsaanbod``. ``attrs['toelichting']`` holds the caveats.
    """
    d = drempels or Drempels()
    richting_titel = _richting_tekst(basis)
    zien, betekenis = [], []
    for rij in basis.per_niveau.to_dict("records"):
        niveau = rij["niveau"]
        banen = rij.get("banen_geschat")
        zien.append({
            "rij": ZIEN, "onderwerp": niveau,
            "werkgelegenheid": (f"{niveau}: ca. {tekst.aantal(banen, 'x 1 000')} {tekst.BANEN_WERKPLAATS}, geschat"
                                if not is_leeg(banen) else f"{niveau}: aantal banen onbekend"),
            "onderwijsaanbod": (f"{_studenten_zin(basis, rij['onderwijsniveau'])}. "
                                f"{_aanbod_zin(niveau, rij.get('aanbod'), rij.get('aanbod_grond', ''))}"),
        })
        wg = _groei_zin(f"werkgelegenheid op {niveau} niveau", rij.get("werkgelegenheid_cagr_procent"),
                        d.groei_procent)
        if not is_leeg(rij.get("behoefte_per_jaar")):
            wg += (f"; behoefte ca. {tekst.tiental(rij['behoefte_per_jaar'])} personen per jaar "
                   "(positieve uitbreidingsvraag + vergrijzingsdeel)")
        betekenis.append({"rij": BETEKENIS, "onderwerp": niveau, "werkgelegenheid": wg,
                          "onderwijsaanbod": _instroom_uitstroom_zin(basis, rij, d)})
    sector_zien, sector_betekenis = _sector_rijen(basis, d, richting_titel)
    # The guide also asks about occupations and about progression between levels; open data do not have them
    # per region, so the table says where to look instead of leaving the question out.
    functies = {"rij": ZIEN, "onderwerp": "functies",
                "werkgelegenheid": "Per functie of beroep zijn er geen open regionale cijfers; zie UWV en ROA in het "
                                   "datamenu",
                "onderwijsaanbod": "Welke opleidingen bij welke functies horen, weten scholen en SBB"}
    doorstroom = {"rij": BETEKENIS, "onderwerp": "doorstroom",
                  "werkgelegenheid": "Doorstroom van werkenden binnen de sector: geen open cijfers; vraag werkgevers",
                  "onderwijsaanbod": doorstroom_zin(basis)}
    tabel = pd.DataFrame([sector_zien] + zien + [functies, sector_betekenis] + betekenis
                         + [_vergrijzing_rij(basis, d), doorstroom], columns=KOLOMMEN)
    toelichting = basis.aanbod.toelichting if basis.aanbod is not None else [tekst.NIVEAUINDELING]
    tabel.attrs["toelichting"] = " ".join([*toelichting, analyse.SCHATTING_TOELICHTING,
                                           analyse.VERVANGINGSVRAAG_TOELICHTING])
    tabel.attrs["titel"] = f"Duiding {basis.sector_naam.lower()} in {basis.regio_naam}"
    return tabel


def _instroom_uitstroom_zin(basis, rij: dict, d: Drempels) -> str:
    """Inflow (what it counts and where) and expected outflow at one level, with the margins of the figures."""
    niveau = rij["niveau"]
    if rij.get("instroom_bron") == "duo_eerstejaars":
        zin = (f"{_groei_zin(f'instroom op {niveau} niveau', rij.get('instroom_cagr_procent'), d.groei_procent, rij.get('instroom_periode', ''))}"
               f"; {tekst.bereik(rij.get('instroom_onder'), rij.get('instroom_boven'))} eerstejaars in "
               f"{analyse.aanbodmodel.schooljaar(rij.get('instroom_jaar'), rij.get('instroom_voorlopig') is True)} "
               f"({rij.get('instroom_wat')})")
    elif rij.get("instroom_bron") == "cbs_studententrend":
        zin = (f"{_groei_zin(f'aantal studenten op {niveau} niveau', rij.get('instroom_cagr_procent'), d.groei_procent, rij.get('instroom_periode', ''))}"
               f" ({rij.get('instroom_wat')})")
    else:
        zin = f"Instroom op {niveau} niveau onbekend"
    marge = {"cagr_onder_procent": rij.get("instroom_cagr_onder_procent"),
             "cagr_boven_procent": rij.get("instroom_cagr_boven_procent")}
    # only a margin with a width can hide the direction of a change (an exact 0,0% has none)
    if analyse.binnen_marge(marge, 0.0) and marge["cagr_onder_procent"] != marge["cagr_boven_procent"]:
        zin += "; de verandering valt binnen de marge van de cijfers"
    if not is_leeg(rij.get("uitstroom_per_jaar")):
        waar = "in de gekoppelde studierichtingen" if rij.get("uitstroom_richting") else "in alle richtingen samen"
        zin += (f"; verwachte uitstroom ca. {tekst.tiental(rij['uitstroom_per_jaar'])} gediplomeerden per jaar "
                f"{waar} (gemiddelde {rij.get('uitstroom_periode', '')}, woonplaats)")
    if len(basis.sectoren_richting) > 1 and not is_leeg(rij.get("behoefte_richting_per_jaar")):
        zin += (f"; behoefte van alle sectoren die deze richtingen voeden ({tekst.lijst(basis.sectoren_richting)}) "
                f"ca. {tekst.tiental(rij['behoefte_richting_per_jaar'])} per jaar")
    return zin


def doorstroom_zin(basis) -> str:
    """Progression from mbo 3 to mbo 4 as DUO counts it (first-years in mbo 4 with an mbo 3 diploma)."""
    aanbod = basis.aanbod
    if aanbod is None or not aanbod.doorstroom:
        return ("Doorstroom mbo 3 naar mbo 4: geen cijfer voor deze regio (DUO telt eerstejaars op de hoofdvestiging "
                "van de instelling); vraag de mbo-instellingen of gebruik DUO-cohorten")
    d = aanbod.doorstroom
    return (f"Doorstroom mbo 3 naar mbo 4: {tekst.bereik(d['onder'], d['boven'])} eerstejaars mbo 4 met een "
            f"mbo 3-diploma in {analyse.aanbodmodel.schooljaar(d['jaar'], d['voorlopig'])} (DUO, alle richtingen, "
            "geteld op de hoofdvestiging van de instelling)")


def aanbodtoelichting(basis) -> str:
    """The caveats of the education figures (attribution, rounding, masking, level mapping) as markdown."""
    zinnen = basis.aanbod.toelichting if basis.aanbod is not None else [tekst.NIVEAUINDELING]
    return "\n\n".join(f"*{zin}*" for zin in zinnen)


def duidingstabel_markdown(tabel: pd.DataFrame) -> str:
    """The duiding table as markdown with Dutch headers, the caveats below it."""
    rijen = [{"": r["rij"] if r["rij"] != vorige else "", "Onderwerp": r["onderwerp"],
              "Werkgelegenheid": r["werkgelegenheid"], "Onderwijsaanbod": r["onderwijsaanbod"]}
             for r, vorige in zip(tabel.to_dict("records"), [None] + tabel["rij"].tolist()[:-1])]
    return tekst.markdown_tabel(rijen) + "\n\n" + tabel.attrs.get("toelichting", "")


def groeivergelijking(basis) -> pd.DataFrame:
    """Growth per year (%) of estimated jobs and of first-year enrolment per education level, side by side: the
    table behind the duiding chart (rows: levels; columns: the two series, labelled with what they count)."""
    n = basis.per_niveau.set_index("niveau")
    tabel = pd.DataFrame({
        "Werkgelegenheid (banen, werkplaats, geschat)": n["werkgelegenheid_cagr_procent"].astype(float),
        "Instroom (eerstejaars of studententrend, bron per niveau in de tabel)": n["instroom_cagr_procent"].astype(float),
    })
    tabel.index.name = "Onderwijsniveau"
    return tabel


def kernboodschap(beoordelingen, basis) -> str:
    """One or two Dutch sentences that sum up the pain points found, in the manner of the guide's example."""
    from werkboek.knelpunten import NIET_TE_BEOORDELEN, knelpunten

    gevonden = knelpunten(beoordelingen)
    onbekend = sum(1 for b in beoordelingen if b.status == NIET_TE_BEOORDELEN)
    sector = basis.sector_naam.lower()
    if not gevonden:
        zin = f"Met de gekozen drempels vindt het werkboek voor {sector} in {basis.regio_naam} geen knelpunt."
    else:
        niveaus = [tekst.niveau_label(b.onderwijsniveau) for b in gevonden if b.onderwijsniveau != "alle"]
        op = f" {_op_niveau(niveaus)}" if niveaus else ""
        titels = [b.titel[0].lower() + b.titel[1:] for b in gevonden]
        zin = (f"In {basis.regio_naam} ontstaat voor {sector} een knelpunt{op}: "
               f"{tekst.lijst(dict.fromkeys(titels))}.")
    if onbekend:
        zin += (f" {onbekend} {'regel was' if onbekend == 1 else 'regels waren'} niet te beoordelen doordat "
                "cijfers ontbreken; daar is geen knelpunt aangenomen.")
    return zin


# ---------------------------------------------------------------------------------------------------------------
# The duiding as one call (notebooks 03 and 04), and the pieces the 03 notebook shows


@dataclass
class Knelpuntanalyse:
    """The indicators per education level, every rule's outcome and the thresholds used, for one region."""

    basis: analyse.Duidingsbasis
    beoordelingen: list
    drempels: Drempels = field(default_factory=Drempels)

    @property
    def knelpunten(self) -> list:
        from werkboek.knelpunten import knelpunten

        return knelpunten(self.beoordelingen)


def knelpuntanalyse(data, parameters, drempels: Drempels | None = None, venster: int = 5,
                    aanbod_bekend=None) -> Knelpuntanalyse:
    """:func:`werkboek.analyse.duidingsbasis` plus :func:`werkboek.knelpunten.beoordeel` in one call, so the
    duiding notebook and the beleidscyclus notebook find exactly the same pain points from the same data."""
    from werkboek.knelpunten import beoordeel

    d = drempels or Drempels()
    basis = analyse.duidingsbasis(data, parameters, venster, aanbod_bekend)
    return Knelpuntanalyse(basis, beoordeel(basis, d), d)


def datacontrole(data, meldingen=(), basis=None) -> str:
    """Markdown list of what to keep in mind about the data: themes that could not be loaded, the caveats each
    per_regio frame carries (``attrs['opmerkingen']``) and the indicators the duiding had to leave unknown."""
    regels = [f"- {m}" for m in meldingen]
    for thema, df in data.items():
        if df is not None:
            regels += [f"- *{thema}*: {o}" for o in df.attrs.get("opmerkingen", [])]
    if basis is not None:
        regels += [f"- {o}" for o in basis.ontbrekend]
    if not regels:
        return "Alle benodigde thema's zijn geladen; de data geven geen bijzonderheden."
    return "Let bij het lezen op het volgende:\n\n" + "\n".join(regels)


def _sectornamen() -> dict[str, str]:
    from werkboek.parameters import alle_sectoren

    return {s.code: s.naam for s in alle_sectoren()}


def sectoroverzicht(banen: pd.DataFrame, regio: str, jaar: int, venster: int = 5) -> pd.DataFrame:
    """Per sector in the region: jobs in the latest known year up to ``jaar``, growth per year (region and
    Nederland), the share in all jobs (region and Nederland) and the location quotient in that year. Sorted by
    the number of jobs; unknown stays NaN."""
    deel = analyse.kies(banen, regio=[regio, analyse.NEDERLAND])
    deel = deel[deel["jaar"] <= jaar]
    g = analyse.groei(deel[deel["sector"] != "totaal"], "banen", venster, jaar, groepen=["regio", "sector"])
    regionaal = g[g["regio"] == regio]
    nl = g[g["regio"] == analyse.NEDERLAND].set_index("sector")["cagr_procent"]
    lq = analyse.locatiequotient(deel)
    lq = lq[lq["regio"] == regio][["jaar", "sector", "aandeel_procent", "aandeel_nl_procent", "locatiequotient",
                                   "deels_onderdrukt"]]
    uit = regionaal[["sector", "eind", "eindjaar", "periode", "cagr_procent"]].rename(columns={"eind": "banen"})
    uit = uit.merge(lq, left_on=["sector", "eindjaar"], right_on=["sector", "jaar"], how="left")
    uit.insert(1, "Sector", uit["sector"].map(_sectornamen()).fillna(uit["sector"]))
    uit["Groei per jaar Nederland (%)"] = uit["sector"].map(nl).astype(float)
    uit = uit.rename(columns={"cagr_procent": "Groei per jaar (%)"})
    kolommen = ["sector", "Sector", "banen", "periode", "Groei per jaar (%)", "Groei per jaar Nederland (%)",
                "aandeel_procent", "aandeel_nl_procent", "locatiequotient", "deels_onderdrukt"]
    return uit[kolommen].sort_values("banen", ascending=False, na_position="last").reset_index(drop=True)


def locatiequotient_van(overzicht: pd.DataFrame, sector: str) -> float:
    """The location quotient of ``sector`` in a :func:`sectoroverzicht` table (NaN when unknown)."""
    rij = overzicht[overzicht["sector"] == sector]
    return float(rij.iloc[0]["locatiequotient"]) if len(rij) else float("nan")


def _lq_oordeel(quotient, marge: float = 0.1) -> str:
    if is_leeg(quotient):
        return "onbekend vertegenwoordigd"
    if abs(quotient - 1) <= marge:
        return "ongeveer even sterk vertegenwoordigd als landelijk"
    return "sterker vertegenwoordigd dan landelijk" if quotient > 1 else "minder sterk vertegenwoordigd dan landelijk"


def sectortekst(overzicht: pd.DataFrame, basis, drempels: Drempels | None = None) -> str:
    """A Dutch paragraph on the focus sector in the region: size, share against Nederland, growth against
    Nederland, and the fastest growing sectors of the region."""
    d = drempels or Drempels()
    rij = overzicht[overzicht["sector"] == basis.sector]
    naam = basis.sector_naam.lower()
    if rij.empty or is_leeg(rij.iloc[0]["banen"]):
        return (f"Voor {naam} in {basis.regio_naam} is het aantal banen onbekend (mogelijk door CBS onderdrukt); "
                "de duiding van de werkgelegenheid rust dan op de landelijke cijfers.")
    r = rij.iloc[0]
    zinnen = [
        f"In {basis.regio_naam} telt {naam} in {r['periode'].split('–')[-1]} {tekst.aantal(r['banen'], 'x 1 000')} "
        f"{tekst.BANEN_WERKPLAATS}, {tekst.procent(r['aandeel_procent'])} van alle banen in de regio; "
        f"landelijk is dat {tekst.procent(r['aandeel_nl_procent'])}. Met een locatiequotiënt van "
        f"{tekst.getal(r['locatiequotient'], 2)} is de sector hier {_lq_oordeel(r['locatiequotient'])}."
    ]
    groei_ = r["Groei per jaar (%)"]
    if not is_leeg(groei_):
        zinnen.append(
            f"Over {r['periode']} {tekst.ontwikkeling(groei_, d.groei_procent)} het aantal banen in de sector met "
            f"gemiddeld {tekst.procent(groei_, teken=True)} per jaar; landelijk "
            f"{tekst.procent(r['Groei per jaar Nederland (%)'], teken=True)} per jaar.")
    snelst = overzicht.dropna(subset=["Groei per jaar (%)"]).nlargest(3, "Groei per jaar (%)")
    if len(snelst):
        delen = [f"{s['Sector'].lower()} ({tekst.procent(s['Groei per jaar (%)'], teken=True)})"
                 for _, s in snelst.iterrows()]
        zinnen.append(f"De snelst groeiende sectoren van de regio zijn {tekst.lijst(delen)} per jaar.")
    if r.get("deels_onderdrukt"):
        zinnen.append("Let op: het regiocijfer rust deels op gemeentecijfers die CBS niet publiceert.")
    return " ".join(zinnen)


def _label(df: pd.DataFrame, regio: str) -> str:
    return analyse.regio_naam(df, regio)


def vergelijkingsreeksen(df: pd.DataFrame, waarde: str, regios, index: bool = False, **filters) -> dict:
    """Yearly series of ``waarde`` for several regions (e.g. the region and ``'NL'``), labelled with their names,
    for :func:`werkboek.grafieken.lijngrafiek`; ``index=True`` rescales each to 100 in the first year all have."""
    reeksen = {_label(df, r): analyse.reeks(df, waarde, r, **filters) for r in regios}
    if index:
        bekend = [set(s.dropna(subset=["waarde"])["jaar"]) for s in reeksen.values()]
        gemeenschappelijk = set.intersection(*bekend) if bekend else set()
        basisjaar = min(gemeenschappelijk) if gemeenschappelijk else None
        reeksen = {k: analyse.indexeer(s, basisjaar) for k, s in reeksen.items()}
    return reeksen


def projectie_focussector(banen: pd.DataFrame, parameters, trendjaren: int = 8):
    """The trend projection of jobs in the focus sector over the horizon, from the known years up to the
    parameter year (so it starts where the other figures of the duiding end)."""
    serie = analyse.reeks(banen, "banen", parameters.regio.code, sector=parameters.sector.code)
    return analyse.projecteer(serie[serie["jaar"] <= int(parameters.jaar)], int(parameters.horizon), trendjaren,
                              onderwerp=f"banen in {parameters.sector.naam.lower()}",
                              eenheid_tekst=analyse.eenheid("banen", "banen"))


def vooruitblik(banen: pd.DataFrame, parameters, basis):
    """The projection of the focus sector and the demand components over the horizon: expansion demand and the
    ageing part of replacement demand, kept apart (the share 55+ of the region's working labour force)."""
    projectie = projectie_focussector(banen, parameters)
    aandeel = (basis.vergrijzing or {}).get("aandeel_procent", float("nan"))
    return projectie, analyse.vraagcomponenten(projectie, aandeel, analyse.eenheid("banen", "banen"))


def projectietekst(projectie, componenten, basis) -> str:
    """Dutch text on the projection: expected jobs at the horizon with the band, expansion demand and the ageing
    part of replacement demand kept apart, and the assumptions."""
    eenheid = componenten.eenheid
    onder, boven = componenten.uitbreidingsvraag_band
    naam = basis.sector_naam.lower()
    zin = (f"Zet de trend van de afgelopen jaren door, dan telt {naam} in {basis.regio_naam} in "
           f"{projectie.horizonjaar} ongeveer {tekst.aantal(projectie.verwacht, eenheid)} banen. De "
           f"**uitbreidingsvraag** over {projectie.horizon} jaar is dan "
           f"{tekst.getal(componenten.uitbreidingsvraag, 1, teken=True)}"
           f" duizend banen, met een onzekerheidsband van {tekst.getal(onder, 1, teken=True)} tot "
           f"{tekst.getal(boven, 1, teken=True)} duizend.")
    if is_leeg(componenten.vergrijzingsdeel):
        zin += " Het **vergrijzingsdeel van de vervangingsvraag** is onbekend, omdat het aandeel 55-plussers ontbreekt."
    else:
        zin += (f" Los daarvan moeten naar schatting {tekst.getal(componenten.vergrijzingsdeel, 1)} duizend "
                f"werkenden worden vervangen die in deze periode uittreden: het "
                f"**vergrijzingsdeel van de vervangingsvraag** (aandeel 55-plussers in de regio, "
                f"{tekst.procent(basis.vergrijzing['aandeel_procent'])}, toegepast op de banen in de sector). Samen "
                f"geeft dat een indicatie van {tekst.getal(componenten.baanopeningen_indicatie, 1)} duizend "
                "baanopeningen.")
    return f"{zin}\n\n*Aannames:* {projectie.aannames}"


def beroepsbevolking_tabel(beroepsbevolking: pd.DataFrame, regio: str, jaar: int) -> pd.DataFrame:
    """Shares (%) of education levels laag/middelbaar/hoog in the working labour force of the region and of
    Nederland in the latest known year up to ``jaar`` (via :mod:`werkboek.regiobeeld`); rows are levels, columns
    the region name and Nederland; empty when no year has figures."""
    from werkboek import regiobeeld

    try:
        niveaus = regiobeeld.opleidingsniveau(beroepsbevolking, regio, jaar)
    except analyse.OnvoldoendeDataFout:
        return pd.DataFrame(columns=[_label(beroepsbevolking, regio), "Nederland"])
    tabel = regiobeeld.groepstabel(niveaus, "niveau", _label(beroepsbevolking, regio))
    tabel.index.name = "Onderwijsniveau"
    tabel.attrs["jaar"] = niveaus.attrs["periode"]
    return tabel


def reeksen_55plus(aandelen: pd.DataFrame, regio_naam: str) -> dict:
    """The result of :func:`werkboek.analyse.aandeel_55plus` as two series (region, Nederland) for a line chart."""
    return {
        regio_naam: pd.DataFrame({"jaar": aandelen["jaar"], "waarde": aandelen["aandeel_procent"],
                                  "voorlopig": aandelen["voorlopig"]}),
        "Nederland": pd.DataFrame({"jaar": aandelen["jaar"], "waarde": aandelen["aandeel_nl_procent"],
                                   "voorlopig": aandelen["voorlopig"]}),
    }


@dataclass
class Aanbodgrafiek:
    """What the supply chart of the duiding shows: DUO first-years per level where DUO counts them for the
    region, else the students who live in the region (said in the title and the axis); one concept per chart."""

    reeksen: dict
    titel: str
    as_label: str
    naam: str


def aanbodgrafiek(basis) -> Aanbodgrafiek:
    """The supply chart's content for :func:`werkboek.grafieken.lijngrafiek`."""
    aanbod = basis.aanbod
    reeksen_per_niveau = aanbod.instroomreeksen if aanbod is not None else {}
    # a DUO series of zeros is a level without a programme, not a development of first-years: leave it out
    eerstejaars = {n: r for n, r in reeksen_per_niveau.items()
                   if r.bron == "duo_eerstejaars" and (r.reeks["instroom_boven"].astype(float) > 0).any()}
    if eerstejaars:
        reeksen = {tekst.niveau_label(n): pd.DataFrame({"jaar": r.reeks["jaar"], "waarde": r.reeks["instroom"],
                                                        "voorlopig": r.reeks["voorlopig"]})
                   for n, r in eerstejaars.items()}
        return Aanbodgrafiek(reeksen, titel_instroom(basis), "Eerstejaars (DUO, op de vestiging)",
                             "instroom_per_niveau")
    reeksen = {tekst.niveau_label(n): pd.DataFrame({"jaar": r.reeks["jaar"], "waarde": r.reeks["ingeschrevenen"],
                                                    "voorlopig": r.reeks["voorlopig"]})
               for n, r in reeksen_per_niveau.items() if r.bron == "cbs_studententrend"}
    groei = {}
    for label, serie in reeksen.items():
        g = analyse.groei(serie.dropna(subset=["waarde"]).assign(regio=basis.regio), "waarde", basis.venster,
                          groepen=["regio"])
        if len(g) and not is_leeg(g.iloc[0]["cagr_procent"]):
            groei[label] = (float(g.iloc[0]["cagr_procent"]), g.iloc[0]["periode"])
    if groei:
        zwakst = min(groei, key=lambda n: groei[n][0])
        titel = (f"Studenten uit {basis.regio_naam}: {_op_niveau([zwakst])} de zwakste ontwikkeling "
                 f"({tekst.procent(groei[zwakst][0], teken=True)} per jaar, {groei[zwakst][1]}); DUO telt hier geen "
                 "eerstejaars")
    else:
        titel = f"Studenten uit {basis.regio_naam} per niveau: ontwikkeling onbekend"
    return Aanbodgrafiek(reeksen, titel, "Studenten, woonplaats (alle richtingen)", "studenten_per_niveau")


def onderwijstekst(basis, drempels: Drempels | None = None) -> str:
    """A Dutch paragraph on the education supply for the focus sector: what is counted where, inflow per level
    and its trend, expected outflow, and the levels without a programme in the region."""
    d = drempels or Drempels()
    n = basis.per_niveau
    zinnen = [f"De focussector is gekoppeld aan de {_richting_tekst(basis)} (data/sector_richting.csv)."]
    t = basis.instroom_totaal
    if t and not is_leeg(t.get("eind")):
        zinnen.append(
            f"Op alle niveaus samen begonnen in {analyse.aanbodmodel.schooljaar(t.get('eindjaar'), bool(t.get('eind_voorlopig')))} ca. "
            f"{tekst.getal(t['eind'], 0)} eerstejaars in de gekoppelde richtingen (DUO, geteld op de vestiging); de "
            f"instroom {tekst.ontwikkeling(t.get('cagr_procent'), d.groei_procent)} "
            f"({tekst.procent(t.get('cagr_procent'), teken=True)} per jaar, {t['periode']}).")
    trend = n[n["instroom_bron"] == "cbs_studententrend"]["niveau"].tolist()
    if trend:
        zinnen.append(f"{_hoofdletter(_op_niveau(trend))} telt DUO geen eerstejaars in deze regio; het werkboek volgt "
                      "daar de trend van alle studenten die in de regio wonen (CBS, alle richtingen).")
    bekend = n[n["instroom_bron"] == "duo_eerstejaars"].dropna(subset=["instroom_cagr_procent"])
    if len(bekend):
        zwakst = bekend.loc[bekend["instroom_cagr_procent"].astype(float).idxmin()]
        zinnen.append(f"De eerstejaars ontwikkelen zich {_op_niveau([zwakst['niveau']])} het zwakst "
                      f"({tekst.procent(zwakst['instroom_cagr_procent'], teken=True)} per jaar, "
                      f"{zwakst['instroom_periode']}).")
    uitstroom = n.dropna(subset=["uitstroom_per_jaar"])
    if len(uitstroom):
        delen = [f"{r['niveau']} ca. {tekst.tiental(r['uitstroom_per_jaar'])}"
                 + ("" if r.get("uitstroom_richting") else " (alle richtingen)") for _, r in uitstroom.iterrows()]
        zinnen.append(f"De verwachte uitstroom van gediplomeerden per jaar (woonplaats) is: {tekst.lijst(delen)}.")
    zonder = [r["niveau"] for _, r in n.iterrows() if not is_leeg(r.get("aanbod")) and not r.get("aanbod")]
    if zonder:
        zinnen.append(f"{_hoofdletter(_op_niveau(zonder))} is er in de regio geen opleiding in de gekoppelde "
                      "richtingen (naar de vestiging van de opleiding).")
    return " ".join(zinnen)


PATROON_TITELS = {
    "vervangingsvraag": "vervangingsvraag",
    "uitbreidingsvraag": "uitbreidingsvraag",
    "voldoende_instroom": "bij voldoende instroom",
    "onvoldoende_instroom": "bij onvoldoende instroom",
    "talent_van_buiten": "bij onvoldoende in- of regionale uitstroom",
    "aanbod_aanpassen": "het opleidingsaanbod",
    "maatschappelijke_relevantie": "maatschappelijke relevantie",
    "economische_relevantie": "economische relevantie",
}


def vragen_per_knelpunt(beoordelingen, sector: str | None = None) -> pd.DataFrame:
    """For each pain point the deepening questions that fit its pattern, plus — once, when there is any pain
    point — the questions on social and economic relevance of the sector (the region answers those; for care,
    education and public administration the social question is marked as weighing extra).
    Columns: ``knelpunt``, ``onderwijsniveau``, ``patroon``, ``vraag``."""
    from werkboek.knelpunten import MAATSCHAPPELIJKE_SECTOREN, PATRONEN_PER_KNELPUNT, VERDIEPENDE_VRAGEN, knelpunten

    rijen = []
    gevonden = knelpunten(beoordelingen)
    for b in gevonden:
        for patroon in PATRONEN_PER_KNELPUNT.get(b.code, ()):
            rijen += [{"knelpunt": b.titel, "onderwijsniveau": tekst.niveau_label(b.onderwijsniveau),
                       "patroon": PATROON_TITELS[patroon], "vraag": v} for v in VERDIEPENDE_VRAGEN[patroon]]
    if gevonden:
        extra = " (zorg, onderwijs en openbaar bestuur wegen extra)" if sector in MAATSCHAPPELIJKE_SECTOREN else ""
        for patroon in ("maatschappelijke_relevantie", "economische_relevantie"):
            rijen += [{"knelpunt": "alle knelpunten", "onderwijsniveau": "alle niveaus",
                       "patroon": PATROON_TITELS[patroon] + (extra if patroon.startswith("maatschappelijke") else ""),
                       "vraag": v} for v in VERDIEPENDE_VRAGEN[patroon]]
    return pd.DataFrame(rijen, columns=["knelpunt", "onderwijsniveau", "patroon", "vraag"])


def vragen_markdown(vragen: pd.DataFrame) -> str:
    """The questions of :func:`vragen_per_knelpunt` as markdown: a heading per pain point, then the questions
    with their pattern."""
    if vragen.empty:
        return ("Er zijn geen knelpunten gevonden, dus ook geen verdiepende vragen die eruit volgen. Bespreek in de "
                "regio of de drempels passen bij wat partners zelf zien.")
    regels = []
    for knelpunt, deel in vragen.groupby("knelpunt", sort=False):
        regels.append(f"**{knelpunt[0].upper()}{knelpunt[1:]}**\n")
        regels += [f"- *{r['patroon'].capitalize()}:* {r['vraag']}" for _, r in deel.iterrows()]
        regels.append("")
    return "\n".join(regels).rstrip() + "\n"


def regiovergelijking(banen: pd.DataFrame, regio: str, sector: str, jaar: int, venster: int = 5,
                      aantal: int = 3) -> pd.DataFrame:
    """The focus sector in the region, its ``aantal`` regions with the most similar sector structure and
    Nederland: jobs, growth per year and the location quotient. Columns ``regio, regio_naam, gelijkenis,
    banen, periode, Groei per jaar (%), aandeel_procent, locatiequotient``."""
    deel = banen[banen["jaar"] <= jaar]
    jaar_structuur = int(deel.dropna(subset=["banen"])["jaar"].max())
    gelijk = analyse.vergelijkbare_regios(deel, regio, jaar_structuur, aantal)
    codes = [regio] + gelijk["regio"].tolist() + [analyse.NEDERLAND]
    g = analyse.groei(analyse.kies(deel, regio=codes, sector=sector), "banen", venster, jaar, groepen=["regio"])
    lq = analyse.locatiequotient(analyse.kies(deel, regio=codes, sector=[sector, "totaal"]))
    lq = lq[lq["sector"] == sector]
    uit = pd.DataFrame({"regio": codes}).merge(gelijk[["regio", "gelijkenis"]], on="regio", how="left")
    uit.insert(1, "regio_naam", [_label(banen, c) for c in codes])
    uit = uit.merge(g[["regio", "eind", "eindjaar", "periode", "cagr_procent"]], on="regio", how="left")
    uit = uit.merge(lq[["regio", "jaar", "aandeel_procent", "locatiequotient"]], left_on=["regio", "eindjaar"],
                    right_on=["regio", "jaar"], how="left")
    # Nederland is the reference: its quotient is 1 by definition and its share is the national share
    nl = uit["regio"] == analyse.NEDERLAND
    uit.loc[nl, "locatiequotient"] = 1.0
    eigen = lq[lq["regio"] == regio]
    uit.loc[nl, "aandeel_procent"] = eigen["aandeel_nl_procent"].iloc[-1] if len(eigen) else float("nan")
    uit = uit.rename(columns={"eind": "banen", "cagr_procent": "Groei per jaar (%)"})
    uit.attrs["jaar_structuur"] = jaar_structuur
    return uit[["regio", "regio_naam", "gelijkenis", "banen", "periode", "Groei per jaar (%)", "aandeel_procent",
                "locatiequotient"]]


def kerncijfers(data, analyse_: Knelpuntanalyse, projectie, parameters) -> list[dict]:
    """The key figures of the duiding for ``samenvatting.json`` (contract C4), the same names in every
    region so the comparison across regions can put them side by side. Unknown stays None, never 0."""
    from werkboek.export import kerncijfer

    basis = analyse_.basis
    banen = data.get("banen")
    naam = parameters.sector.naam.lower()
    totaal, p_totaal = analyse._laatste(banen, "banen", parameters.regio.code, int(parameters.jaar), sector="totaal")
    g = basis.sector_groei or {}
    cijfers = [
        kerncijfer("banen_totaal", "Banen van werknemers (werkplaats)", totaal, "x 1 000", p_totaal),
        kerncijfer("groei_focussector", f"Groei banen {naam} per jaar", g.get("cagr_procent"), "%",
                   g.get("periode", "")),
    ]
    lq, p_lq = float("nan"), ""
    if banen is not None:
        tabel = sectoroverzicht(banen, parameters.regio.code, int(parameters.jaar), basis.venster)
        rij = tabel[tabel["sector"] == parameters.sector.code]
        if len(rij):
            lq, p_lq = rij.iloc[0]["locatiequotient"], str(rij.iloc[0]["periode"]).split("–")[-1]
    cijfers.append(kerncijfer("locatiequotient_focussector", f"Locatiequotiënt {naam}", lq, "verhouding", p_lq))
    v = basis.vergrijzing or {}
    cijfers.append(kerncijfer("aandeel_55plus", "Aandeel 55-plussers in de werkzame beroepsbevolking",
                              v.get("aandeel_procent"), "%",
                              f"{v['jaar']}{'*' if v.get('voorlopig') else ''}" if v else ""))
    cijfers.append(kerncijfer(
        "uitbreidingsvraag_focussector", f"Uitbreidingsvraag {naam} over {parameters.horizon} jaar (trend)",
        projectie.uitbreidingsvraag if projectie is not None else None, "x 1 000",
        tekst.periode(projectie.basisjaar, projectie.horizonjaar) if projectie is not None else ""))
    middelbaar = basis.per_niveau.set_index("onderwijsniveau").loc["middelbaar"]
    duo = middelbaar.get("instroom_bron") == "duo_eerstejaars"
    cijfers.append(kerncijfer(
        "eerstejaars_middelbaar_trend", "Groei eerstejaars mbo 2-4 per jaar (DUO, hoofdvestiging)",
        middelbaar.get("instroom_cagr_procent") if duo else None, "%", middelbaar.get("instroom_periode") if duo else ""))
    trend = analyse.aanbodmodel.studententrend(data.get("studenten"), basis.regio, "middelbaar", int(parameters.jaar),
                                               basis.venster)
    cijfers.append(kerncijfer("studenten_middelbaar_trend", "Groei studenten mbo 2-4 per jaar (CBS, woonplaats)",
                              trend.get("cagr_procent"), "%", trend.get("periode", "")))
    cijfers.append(kerncijfer(
        "uitstroom_middelbaar_richting", f"Gediplomeerden mbo 2-4 per jaar in de studierichting van {naam} (woonplaats)",
        middelbaar.get("uitstroom_per_jaar") if middelbaar.get("uitstroom_richting") else None, "aantal",
        middelbaar.get("uitstroom_periode", "")))
    return cijfers


NIVEAUKOPPEN = {
    "niveau": "Onderwijsniveau",
    "banen_geschat": "Banen, geschat (x 1 000, werkplaats)",
    "werkgelegenheid_cagr_procent": "Groei banen per jaar, geschat (%)",
    "werkgelegenheid_periode": "Periode banen",
    "behoefte_per_jaar": "Behoefte focussector per jaar (personen)",
    "behoefte_richting_per_jaar": "Behoefte alle sectoren van de studierichtingen per jaar (personen)",
    "ingeschrevenen": "Studenten (woonplaats, afgerond op tientallen)",
    "ingeschrevenen_marge": "Afrondingsmarge studenten (±)",
    "ingeschrevenen_richting": "Studenten in de gekoppelde richtingen (mbo, woonplaats)",
    "instroom_onder": "Eerstejaars, ondergrens (DUO, vestiging)",
    "instroom_boven": "Eerstejaars, bovengrens (DUO, vestiging)",
    "instroom_cagr_procent": "Groei instroom per jaar (%)",
    "instroom_periode": "Periode instroom",
    "instroom_wat": "Wat de instroom telt",
    "uitstroom_per_jaar": "Verwachte uitstroom per jaar (gediplomeerden, woonplaats)",
    "uitstroom_bron": "Bron uitstroom",
    "aanbod": "Opleiding in de regio (vestiging)",
    "aanbod_grond": "Grond",
}


def niveautabel(basis) -> pd.DataFrame:
    """The indicators per education level of the duiding basis with Dutch headers (the estimate says so)."""
    n = basis.per_niveau[[k for k in NIVEAUKOPPEN if k in basis.per_niveau.columns]].copy()
    for kolom in ("behoefte_per_jaar", "behoefte_richting_per_jaar", "uitstroom_per_jaar", "ingeschrevenen"):
        if kolom in n.columns:  # no finer than the method: estimates and rounded sums to tens
            n[kolom] = (n[kolom].astype(float) / 10).round().mul(10).astype("Int64")
    for kolom in ("ingeschrevenen_richting", "instroom_onder", "instroom_boven", "ingeschrevenen_marge"):
        if kolom in n.columns:  # exact counts (or bounds of masked sums): whole
            n[kolom] = n[kolom].astype(float).round().astype("Int64")
    if "aanbod" in n.columns:
        n["aanbod"] = n["aanbod"].map(lambda a: "onbekend" if is_leeg(a) else ("ja" if a else "nee"))
    return n.rename(columns=NIVEAUKOPPEN)


def titel_niveaus(basis) -> str:
    """Finding title for the chart of estimated jobs per education level."""
    n = basis.per_niveau.dropna(subset=["banen_geschat"])
    naam = basis.sector_naam.lower()
    if n.empty:
        return f"Banen in {naam} naar onderwijsniveau onbekend in {basis.regio_naam}"
    grootst = n.loc[n["banen_geschat"].astype(float).idxmax()]
    zin = f"{basis.sector_naam} in {basis.regio_naam}: naar schatting de meeste banen {_op_niveau([grootst['niveau']])}"
    groei_ = n.dropna(subset=["werkgelegenheid_cagr_procent"])
    if len(groei_):
        snelst = groei_.loc[groei_["werkgelegenheid_cagr_procent"].astype(float).idxmax()]
        zin += (f", de snelste groei {_op_niveau([snelst['niveau']])} "
                f"({tekst.procent(snelst['werkgelegenheid_cagr_procent'], teken=True)} per jaar)")
    return zin


def titel_beroepsbevolking(tabel: pd.DataFrame) -> str:
    """Finding title for :func:`beroepsbevolking_tabel`: the share of highly educated workers against NL."""
    if tabel.empty or "hoog" not in tabel.index:
        return "Opleidingsniveau van de werkzame beroepsbevolking onbekend"
    regio, nl = tabel.loc["hoog"].iloc[0], tabel.loc["hoog"].iloc[1]
    return (f"In {tabel.columns[0]} is {tekst.procent(regio)} van de werkenden hoogopgeleid, landelijk "
            f"{tekst.procent(nl)} ({tabel.attrs.get('jaar', '')})")


def titel_vergrijzing(basis) -> str:
    """Finding title for the chart of the share 55+."""
    v = basis.vergrijzing
    if not v:
        return f"Aandeel 55-plussers onder de werkenden in {basis.regio_naam} onbekend"
    vergelijking = ("hoger dan" if v["verschil_procentpunt"] > 0.5 else
                    "lager dan" if v["verschil_procentpunt"] < -0.5 else "ongeveer gelijk aan")
    return (f"In {basis.regio_naam} is {tekst.procent(v['aandeel_procent'])} van de werkenden 55 jaar of ouder, "
            f"{vergelijking} landelijk ({tekst.procent(v['aandeel_nl_procent'])}, {v['jaar']})")


def titel_instroom(basis) -> str:
    """Finding title for the chart of DUO first-years per level."""
    n = basis.per_niveau[basis.per_niveau["instroom_bron"] == "duo_eerstejaars"].dropna(subset=["instroom_cagr_procent"])
    if n.empty:
        return f"Eerstejaars in {basis.regio_naam}: ontwikkeling onbekend"
    zwakst = n.loc[n["instroom_cagr_procent"].astype(float).idxmin()]
    werkwoord = "daalt het sterkst" if zwakst["instroom_cagr_procent"] < 0 else "groeit het minst"
    return (f"Eerstejaars in {basis.regio_naam}: {_op_niveau([zwakst['niveau']])} {werkwoord} "
            f"({tekst.procent(zwakst['instroom_cagr_procent'], teken=True)} per jaar, {zwakst['instroom_periode']})")


def titel_groeivergelijking(basis, drempels: Drempels | None = None) -> str:
    """Finding title for the chart of job growth against inflow growth per level."""
    d = drempels or Drempels()
    n = basis.per_niveau
    # a decline within the margin of the figures (rounding, masked cells) is no decline, as in the pain-point rule
    binnen = n.apply(lambda r: analyse.binnen_marge({"cagr_onder_procent": r.get("instroom_cagr_onder_procent"),
                                                     "cagr_boven_procent": r.get("instroom_cagr_boven_procent")},
                                                    d.instroom_daling_procent), axis=1).astype(bool)
    tegen = n[(n["werkgelegenheid_cagr_procent"].astype(float) > d.groei_procent)
              & (n["instroom_cagr_procent"].astype(float) < d.instroom_daling_procent) & ~binnen]["niveau"].tolist()
    if tegen:
        return f"{_hoofdletter(_op_niveau(tegen))} groeit het werk in {basis.sector_naam.lower()}, terwijl de instroom daalt"
    # "nowhere" only covers the levels where both growths are known; unknown inflow is said, not read as no finding
    onbekend = n[n["werkgelegenheid_cagr_procent"].isna() | n["instroom_cagr_procent"].isna()]["niveau"].tolist()
    if len(onbekend) == len(n):
        return (f"Werk in {basis.sector_naam.lower()} en instroom per onderwijsniveau: niet te vergelijken, de groei "
                "van de instroom is onbekend" if n["instroom_cagr_procent"].isna().all() else
                f"Werk in {basis.sector_naam.lower()} en instroom per onderwijsniveau: niet te vergelijken")
    zin = (f"Werk in {basis.sector_naam.lower()} en instroom per onderwijsniveau: nergens groeit het werk terwijl "
           "de instroom daalt")
    return zin + (f" (onbekend {_op_niveau(onbekend)})" if onbekend else "")


def titel_regiovergelijking(vergelijking: pd.DataFrame, sector_naam: str) -> str:
    """Finding title for the comparison with the most similar regions: faster or slower growth of the sector."""
    eigen = vergelijking.iloc[0]
    anderen = vergelijking[vergelijking["gelijkenis"].notna()]["Groei per jaar (%)"].astype(float)
    if is_leeg(eigen["Groei per jaar (%)"]) or anderen.dropna().empty:
        return f"{sector_naam} in {eigen['regio_naam']} en vergelijkbare regio's: groei niet te vergelijken"
    gemiddeld = float(anderen.mean())
    oordeel = ("sneller dan" if eigen["Groei per jaar (%)"] > gemiddeld + 0.25 else
               "langzamer dan" if eigen["Groei per jaar (%)"] < gemiddeld - 0.25 else "ongeveer even snel als")
    return (f"{sector_naam} groeit in {eigen['regio_naam']} {oordeel} in de {len(anderen)} regio's met de meest "
            f"vergelijkbare sectorstructuur ({tekst.procent(eigen['Groei per jaar (%)'], teken=True)} tegen gemiddeld "
            f"{tekst.procent(gemiddeld, teken=True)} per jaar)")


def studenten_per_richting(mbo_studenten: pd.DataFrame, regio: str, jaar: int, sector: str) -> pd.DataFrame:
    """Mbo students living in the region per ISCED-F field (rows) and level (columns) in the latest school year up
    to ``jaar`` (CBS 85353NED), the fields linked to ``sector`` marked; the total of all fields last. Unknown stays
    NaN; CBS counts hbo and wo per field only nationally."""
    deel = analyse.kies(mbo_studenten, regio=regio)
    deel = deel[(deel["jaar"] <= jaar) & deel["onderwijsniveau"].isin(["entree", "mbo_2", "mbo_3", "mbo_4"])]
    bekend = deel.dropna(subset=["ingeschrevenen"])
    if bekend.empty:
        return pd.DataFrame(columns=["Studierichting (ISCED-F)", "Gekoppeld aan de focussector"])
    laatste = int(bekend["jaar"].max())
    deel = deel[deel["jaar"] == laatste]
    breed = deel.pivot_table(index="richting", columns="onderwijsniveau", values="ingeschrevenen", aggfunc="first",
                             dropna=False).reindex(columns=["entree", "mbo_2", "mbo_3", "mbo_4"])
    breed.columns = [f"{tekst.niveau_label(tekst.NIVEAU_VAN_AANBOD[n])}: {tekst.niveau_label(n)}" for n in breed.columns]
    titels = {k.richting: f"{k.code} {k.naam}" for k in sectorrichting.alle_koppelingen() if k.soort == "isced"}
    gekoppeld = set(sectorrichting.richtingen(sector, "isced"))
    volgorde = sorted([r for r in breed.index if r != "totaal"]) + [r for r in breed.index if r == "totaal"]
    uit = breed.loc[volgorde]
    uit.insert(0, "Gekoppeld aan de focussector", ["ja" if r in gekoppeld else "" for r in uit.index])
    uit.insert(0, "Studierichting (ISCED-F)", ["alle richtingen" if r == "totaal" else titels.get(r, r.replace("isced_", ""))
                                               for r in uit.index])
    uit = uit.reset_index(drop=True)
    uit.attrs["jaar"] = laatste
    uit.attrs["schooljaar"] = analyse.aanbodmodel.schooljaar(laatste)
    return uit
