"""The guide's two-column duiding table: werkgelegenheid | onderwijsaanbod, rows 'zien' and 'betekenis geven'.

Each cell is a Dutch sentence computed from a :class:`werkboek.analyse.Duidingsbasis`, so the table can be read
aloud in a regional meeting and traced back to the numbers.

Why one module of this size: it holds every Dutch sentence of the guide's table, the decision texts and the
finding titles of notebook 03; they are read and changed together (a new column in the basis shows up in all of
them), so splitting them would scatter one text over several files. The sector picture is in :mod:`werkboek.sectorbeeld`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from werkboek import analyse, schoolverlaters, sectorbeeld, sectorrichting, tekst, trend
from werkboek.export import kerncijfer
from werkboek.knelpunten import (
    AANDACHTSPUNT, DREIGEND, MAATSCHAPPELIJKE_SECTOREN, NIET_TE_BEOORDELEN, ONZEKER, TEKORT, VERDIEPENDE_VRAGEN, Drempels,
    beoordeel, knelpunten, verdiepende_vragen,
)
from werkboek.parameters import alle_sectoren
from werkboek.tekst import is_leeg

ZIEN = "zien"
BETEKENIS = "betekenis geven"
KOLOMMEN = ["rij", "onderwerp", "werkgelegenheid", "onderwijsaanbod"]


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



def _sector_rijen(basis, richting_titel: str) -> list[dict]:
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
    werk = (f"Werkgelegenheid {basis.sector_naam.lower()}: {basis.werk_trend.zin}" if basis.werk_trend is not None
            else f"Ontwikkeling werkgelegenheid {basis.sector_naam.lower()} onbekend")
    groei_nl = tekst.procent(nl.get("cagr_procent"), teken=True) if nl else tekst.ONBEKEND
    if basis.instroom_totaal:
        t = basis.instroom_totaal
        instroom = (f"Instroom alle niveaus (DUO-eerstejaars, op de vestiging): gemiddeld "
                    f"{tekst.procent(t.get('cagr_procent'), teken=True)} per jaar ({t.get('periode', '')}); het "
                    "oordeel per niveau staat hieronder")
    else:
        instroom = ("Instroom alle niveaus: niet op één manier te meten (DUO telt niet op elk niveau eerstejaars in "
                    "deze regio); zie de instroom per niveau")
    return [
        {"rij": ZIEN, "onderwerp": "sector", "werkgelegenheid": omvang,
         "onderwijsaanbod": f"{_hoofdletter(richting_titel)}: {'; '.join(delen)} (naar de vestiging van de opleiding)"},
        {"rij": BETEKENIS, "onderwerp": "sector",
         "werkgelegenheid": f"{werk}; landelijk gemiddeld {groei_nl} per jaar ({nl.get('periode', '') if nl else ''})",
         "onderwijsaanbod": instroom},
    ]



def _vergrijzing_rij(basis) -> dict:
    v = basis.vergrijzing
    if not v:
        zin = "Aandeel 55-plussers onbekend: vervangingsvraag door vergrijzing niet te duiden"
    else:
        zin = (f"Aandeel 55-plussers {tekst.procent(v['aandeel_procent'])} tegen "
               f"{tekst.procent(v['aandeel_nl_procent'])} landelijk ({tekst.procentpunt(v['verschil_procentpunt'])}, "
               f"{v['jaar']}{'*' if v.get('voorlopig') else ''}; {v['basis']}); ontwikkeling van het aandeel: "
               f"{vergrijzingstrend(basis)}")
    if basis.vraag is not None:
        n = basis.per_niveau
        zin += (f". Vervangingsvraag {basis.sector_naam.lower()} over {basis.horizon} jaar: "
                f"{_schatting(_som(basis.vraag.per_niveau['vervangingsvraag_onder']), _som(basis.vraag.per_niveau['vervangingsvraag_boven']))} "
                f"banen (alle niveaus; {'per sector' if basis.vraag.sectorspecifiek else 'hetzelfde regionale aandeel voor elke sector en elk niveau'})")
        del n
    return {"rij": BETEKENIS, "onderwerp": "vergrijzing", "werkgelegenheid": zin,
            "onderwijsaanbod": "Vervangingsvraag is meer dan vergrijzing; zie de toelichting"}


def vergrijzingstrend(basis) -> str:
    """The trend of the region's share 55+ over the years, with its uncertainty (not a one-year gap with NL)."""
    reeks = (basis.vergrijzing or {}).get("reeks")
    if reeks is None or len(reeks) < 3:
        return "onbekend (te weinig jaren)"
    r = reeks.dropna(subset=["aandeel_procent"]).tail(basis.venster)
    t = trend.trend(r["jaar"], r["aandeel_procent"], voorlopig=r["voorlopig"].astype(bool), drempel_procent=0.5)
    return t.zin


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
    richting_titel = _richting_tekst(basis)
    zien, betekenis = [], []
    for rij in basis.per_niveau.to_dict("records"):
        niveau = rij["niveau"]
        banen = rij.get("banen_geschat")
        zien.append({
            "rij": ZIEN, "onderwerp": niveau,
            "werkgelegenheid": (f"{niveau}: ca. {tekst.aantal(banen, 'x 1 000')} {tekst.BANEN_WERKPLAATS} in "
                                f"{basis.vraag.basisjaar}, geschat" if not is_leeg(banen) and basis.vraag is not None
                                else f"{niveau}: aantal banen onbekend"),
            "onderwijsaanbod": (f"{_studenten_zin(basis, rij['onderwijsniveau'])}. "
                                f"{_aanbod_zin(niveau, rij.get('aanbod'), rij.get('aanbod_grond', ''))}"),
        })
        betekenis.append({"rij": BETEKENIS, "onderwerp": niveau, "werkgelegenheid": _vraag_zin(basis, rij),
                          "onderwijsaanbod": _instroom_uitstroom_zin(basis, rij)})
    sector_zien, sector_betekenis = _sector_rijen(basis, richting_titel)
    functies = {"rij": ZIEN, "onderwerp": "functies",
                "werkgelegenheid": ("Beroepen per regio: CBS 86112NED 'Werkzame beroepsbevolking; beroep en regio's "
                                    "(indeling 2024)' (personen, woonplaats; nog niet in het werkboek geladen); "
                                    "vacatures per beroep: UWV"),
                "onderwijsaanbod": "Welke opleidingen bij welke functies horen, weten scholen en SBB"}
    doorstroom = {"rij": BETEKENIS, "onderwerp": "doorstroom",
                  "werkgelegenheid": "Doorstroom van werkenden binnen de sector: geen open cijfers; vraag werkgevers",
                  "onderwijsaanbod": doorstroom_zin(basis)}
    tabel = pd.DataFrame([sector_zien] + zien + [functies, sector_betekenis] + betekenis
                         + [_vergrijzing_rij(basis), doorstroom], columns=KOLOMMEN)
    toelichting = basis.aanbod.toelichting if basis.aanbod is not None else [tekst.NIVEAUINDELING]
    vraag = [basis.vraag.toelichting] if basis.vraag is not None else []
    tabel.attrs["toelichting"] = " ".join([*toelichting, *vraag, schoolverlaters.TOELICHTING,
                                           VERVANGINGSVRAAG_TOELICHTING])
    tabel.attrs["titel"] = f"Duiding {basis.sector_naam.lower()} in {basis.regio_naam}"
    return tabel


VERVANGINGSVRAAG_TOELICHTING = (
    "Vervangingsvraag is meer dan vergrijzing: ook arbeidsongeschiktheid, (tijdelijk) stoppen met werken en "
    "overstappen naar een ander beroep of een andere sector maken plaatsen vrij. Het werkboek rekent alleen het "
    "vertrek van 55-plussers tot de pensioenleeftijd, als bandbreedte; de volledige vervangingsvraag per regio raamt "
    "het ROA (ArbeidsmarktInZicht)."
)


def _som(reeks: pd.Series) -> float:
    """A sum that is unknown as soon as one part is unknown (never 0 for unknown)."""
    return float(reeks.sum(min_count=len(reeks)))


def _schatting(onder, boven) -> str:
    """An estimated range, no more precise than the method (tens)."""
    if is_leeg(onder) or is_leeg(boven):
        return tekst.ONBEKEND
    return f"{tekst.tiental(onder)} tot {tekst.tiental(boven)}"


def _vraag_zin(basis, rij: dict) -> str:
    """Expansion demand from the one projection, replacement demand and the need per year at one level."""
    niveau = rij["niveau"]
    if is_leeg(rij.get("uitbreidingsvraag")):
        return f"Vraag {_op_niveau([niveau])} onbekend"
    zin = (f"Uitbreidingsvraag {_op_niveau([niveau])} over {basis.horizon} jaar: ca. "
           f"{tekst.tiental(rij['uitbreidingsvraag'])} banen ({_schatting(rij.get('uitbreidingsvraag_onder'), rij.get('uitbreidingsvraag_boven'))}, "
           f"80%-interval); behoefte {basis.sector_naam.lower()} {_schatting(rij.get('behoefte_onder'), rij.get('behoefte_boven'))} "
           "banen per jaar (uitbreiding + vervanging)")
    if not is_leeg(rij.get("opwaardering")):
        zin += (f"; apart: landelijke verschuiving naar hoger opgeleid werk {tekst.tiental(rij['opwaardering'])} "
                "banen over de horizon")
    return zin



def _instroom_uitstroom_zin(basis, rij: dict) -> str:
    """Inflow (what it counts and where, and its trend with uncertainty) and the expected school-leavers."""
    niveau = rij["niveau"]
    if rij.get("instroom_bron") == "duo_eerstejaars":
        zin = (f"Instroom {_op_niveau([niveau])}: {rij.get('instroom_zin') or tekst.ONBEKEND}; "
               f"{tekst.bereik(rij.get('instroom_onder'), rij.get('instroom_boven'))} eerstejaars in "
               f"{analyse.aanbodmodel.schooljaar(rij.get('instroom_jaar'), rij.get('instroom_voorlopig') is True)} "
               f"({rij.get('instroom_wat')})")
    elif rij.get("instroom_bron") == "cbs_studententrend":
        zin = f"Studenten {_op_niveau([niveau])}: {rij.get('instroom_zin') or tekst.ONBEKEND} ({rij.get('instroom_wat')})"
    else:
        zin = f"Instroom {_op_niveau([niveau])} onbekend"
    if not is_leeg(rij.get("uitstroom_per_jaar")):
        waar = "in de gekoppelde studierichtingen" if rij.get("uitstroom_richting") else "in alle richtingen samen"
        zin += (f"; gediplomeerden ca. {tekst.tiental(rij['uitstroom_per_jaar'])} per jaar {waar} "
                f"(gemiddelde {rij.get('uitstroom_periode', '')}, woonplaats), waarvan naar schatting "
                f"{_schatting(rij.get('schoolverlaters_onder'), rij.get('schoolverlaters_boven'))} schoolverlaters "
                "die in de regio gaan werken")
    if len(basis.sectoren_richting) > 1 and not is_leeg(rij.get("behoefte_richting_onder")):
        zin += (f"; behoefte van alle sectoren die deze richtingen voeden ({tekst.lijst(basis.sectoren_richting)}) "
                f"{_schatting(rij['behoefte_richting_onder'], rij['behoefte_richting_boven'])} banen per jaar")
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
    """Need per year (jobs, all sectors the linked fields supply) and school-leavers who stay per year (persons)
    per education level, the middles of their ranges: the table behind the duiding chart. Laag is left out: the
    entree programme is not the supply of work at that level."""
    n = basis.per_niveau[basis.per_niveau["onderwijsniveau"] != "laag"].set_index("niveau")
    tabel = pd.DataFrame({
        "Behoefte per jaar (banen, schatting)": (n["behoefte_richting_onder"].astype(float)
                                                 + n["behoefte_richting_boven"].astype(float)) / 2,
        "Schoolverlaters die blijven per jaar (personen, schatting)": n["schoolverlaters_midden"].astype(float)
        .where(n["uitstroom_richting"].astype(bool)),
    })
    tabel.index.name = "Onderwijsniveau"
    return tabel



def kernboodschap(beoordelingen, basis) -> str:
    """One or two Dutch sentences that sum up the decisions per level, in the manner of the guide's example."""
    gevonden = knelpunten(beoordelingen)
    sector = basis.sector_naam.lower()
    if not gevonden:
        zin = f"Met de gekozen drempels vindt het werkboek voor {sector} in {basis.regio_naam} geen knelpunt."
    else:
        delen = [f"{b.titel[0].lower()}{b.titel[1:]}" + (f" ({'; '.join(b.oorzaken)})" if b.oorzaken else "")
                 for b in gevonden]
        zin = f"In {basis.regio_naam} knelt het voor {sector}: {tekst.lijst(delen)}."
    aandacht = [tekst.niveau_label(b.onderwijsniveau) for b in beoordelingen if b.status == AANDACHTSPUNT]
    if aandacht:
        zin += (f" Aandachtspunt {_op_niveau(aandacht)}: er studeren ruim meer mensen af dan de sectoren nodig "
                "hebben; de vraag is of zij in de regio werk vinden.")
    onzeker = [tekst.niveau_label(b.onderwijsniveau) for b in beoordelingen if b.status == ONZEKER]
    if onzeker:
        zin += f" {_hoofdletter(_op_niveau(onzeker))} is de uitkomst onzeker: die hangt af van de aannames."
    onbekend = [tekst.niveau_label(b.onderwijsniveau) for b in beoordelingen if b.status == NIET_TE_BEOORDELEN]
    if onbekend:
        zin += (f" {_hoofdletter(_op_niveau(onbekend))} is het niet te beoordelen; daar is geen knelpunt "
                "aangenomen, maar ook niet uitgesloten.")
    return zin


# ---------------------------------------------------------------------------------------------------------------
# The duiding as one call (notebooks 03 and 04), and the pieces the 03 notebook shows



@dataclass
class Knelpuntanalyse:
    """The indicators per education level, the decision per level and the thresholds used, for one region."""

    basis: analyse.Duidingsbasis
    beoordelingen: list
    drempels: Drempels = field(default_factory=Drempels)

    @property
    def knelpunten(self) -> list:
        return knelpunten(self.beoordelingen)



def knelpuntanalyse(data, parameters, drempels: Drempels | None = None, venster: int = analyse.TRENDJAREN,
                    aanbod_bekend=None, sector: str | None = None, geheugen: dict | None = None,
                    screening: bool = False) -> Knelpuntanalyse:
    """:func:`werkboek.analyse.duidingsbasis` plus :func:`werkboek.knelpunten.beoordeel` in one call, so the
    duiding notebook and the beleidscyclus notebook find exactly the same pain points from the same data.
    ``geheugen`` and ``screening``: see :func:`werkboek.analyse.duidingsbasis`."""
    d = drempels or Drempels()
    data = regiodata(data, parameters.regio.code)
    basis = analyse.duidingsbasis(data, parameters, venster, aanbod_bekend, d.groei_procent, d.z, sector, geheugen,
                                  screening)
    return Knelpuntanalyse(basis, beoordeel(basis, d), d)


def sectorscreening(data, parameters, drempels: Drempels | None = None, venster: int = analyse.TRENDJAREN,
                    geheugen: dict | None = None):
    """Every sector of the region through the same decision table: a sector x level overview of the decisions,
    so the data can point to a sector; the focus sector stays the story. Columns: Sector, one per level.
    ``geheugen``: the dict of the focus sector's :func:`knelpuntanalyse` of the same region, so what it computed
    (the regional matrix, each sector's demand) is not computed again."""
    rijen, geheugen = [], {} if geheugen is None else geheugen
    kaal = regiodata(data, parameters.regio.code)
    for s in alle_sectoren():
        if s.code == "totaal":
            continue
        try:
            uitkomst = knelpuntanalyse(kaal, parameters, drempels, venster, sector=s.code, geheugen=geheugen,
                                       screening=True)
        except analyse.OnvoldoendeDataFout:
            continue
        rij = {"sector": s.code, "Sector": s.naam}
        rij.update({tekst.niveau_label(b.onderwijsniveau): b.titel.split(" op ")[0] for b in uitkomst.beoordelingen})
        rijen.append(rij)
    kolommen = ["sector", "Sector", *[tekst.niveau_label(n) for n in analyse.NIVEAUS]]
    return pd.DataFrame(rijen, columns=kolommen)


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


class Regiodata(dict):
    """Theme -> frame with only the rows of one region and Nederland (:func:`regiodata`)."""

    def __init__(self, regio: str, frames: dict):
        super().__init__(frames)
        self.regio = regio


def regiodata(data, regio: str) -> Regiodata:
    """Only the rows of ``regio`` and Nederland of every theme, without their attrs: all the duiding of one
    region reads (pandas copies attrs at every step, and filtering 35 regions at every step is slow). Data that is
    already trimmed to ``regio`` is returned as it is, so every analysis of one region reads the same frames."""
    if isinstance(data, Regiodata) and data.regio == regio:
        return data
    uit = {}
    for thema, df in data.items():
        if df is None or "regio" not in df.columns:
            uit[thema] = df
            continue
        deel = df[df["regio"].isin([regio, analyse.NEDERLAND])]
        deel.attrs = {}
        uit[thema] = deel
    return Regiodata(regio, uit)


def projectietekst(basis) -> str:
    """Dutch text on the one projection of the focus sector: expected jobs at the horizon with the 80% interval,
    expansion and replacement demand kept apart, and the assumptions. Every report shows this one figure."""
    projectie, vraag = basis.projectie, basis.vraag
    naam = basis.sector_naam.lower()
    if projectie is None:
        return f"Voor {naam} in {basis.regio_naam} is geen projectie te maken: " + "; ".join(basis.ontbrekend[:1])
    onder, boven = projectie.uitbreidingsvraag_band
    zin = (f"Zet de ontwikkeling van {tekst.periode(*projectie.trendjaren)} zich afgezwakt voort, dan telt {naam} in "
           f"{basis.regio_naam} in {projectie.horizonjaar} ongeveer {tekst.aantal(projectie.verwacht, 'x 1 000')} banen "
           f"(80%-voorspelinterval {tekst.getal(projectie.band[0], 1)} tot {tekst.getal(projectie.band[1], 1)} duizend). "
           f"De **uitbreidingsvraag** over {projectie.horizon} jaar is dan {tekst.getal(projectie.uitbreidingsvraag, 1, teken=True)} "
           f"duizend banen ({tekst.getal(onder, 1, teken=True)} tot {tekst.getal(boven, 1, teken=True)} duizend); dit "
           "is het enige cijfer voor de uitbreidingsvraag in dit rapport.")
    if vraag is not None:
        v = vraag.per_niveau
        zin += (f" Los daarvan vertrekken naar schatting {_schatting(_som(v['vervangingsvraag_onder']), _som(v['vervangingsvraag_boven']))} "
                f"werkenden van 55 jaar of ouder: het **vervangingsdeel door vergrijzing** (banen). Samen "
                f"{_schatting(_som(v['baanopeningen_onder']), _som(v['baanopeningen_boven']))} baanopeningen over de horizon.")
    return f"{zin}\n\n*Aannames:* {projectie.aannames}"


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



def onderwijstekst(basis) -> str:
    """A Dutch paragraph on the education supply for the focus sector: what is counted where, inflow per level
    and its trend with uncertainty, expected school-leavers, and the levels without a programme in the region."""
    n = basis.per_niveau
    zinnen = [f"De focussector is gekoppeld aan de {_richting_tekst(basis)} (data/sector_richting.csv)."]
    t = basis.instroom_totaal
    if t and not is_leeg(t.get("eind")):
        zinnen.append(
            f"Op alle niveaus samen begonnen in {analyse.aanbodmodel.schooljaar(t.get('eindjaar'), bool(t.get('eind_voorlopig')))} ca. "
            f"{tekst.tiental(t['eind'])} eerstejaars in de gekoppelde richtingen (DUO, geteld op de vestiging).")
    studententrend = n[n["instroom_bron"] == "cbs_studententrend"]["niveau"].tolist()
    if studententrend:
        zinnen.append(f"{_hoofdletter(_op_niveau(studententrend))} telt DUO geen eerstejaars in deze regio; het werkboek "
                      "volgt daar de trend van alle studenten die in de regio wonen (CBS, alle richtingen).")
    for _, r in n.iterrows():
        if r.get("instroom_zin"):
            wat = "Studenten" if r.get("instroom_bron") == "cbs_studententrend" else "Instroom"
            zinnen.append(f"{wat} {_op_niveau([r['niveau']])}: {r['instroom_zin']}.")
    uitstroom = n.dropna(subset=["schoolverlaters_onder"])
    if len(uitstroom):
        delen = [f"{r['niveau']} {_schatting(r['schoolverlaters_onder'], r['schoolverlaters_boven'])}"
                 + ("" if r.get("uitstroom_richting") else " (alle richtingen)") for _, r in uitstroom.iterrows()]
        zinnen.append(f"Verwachte schoolverlaters die in de regio gaan werken, per jaar: {tekst.lijst(delen)}.")
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
    """For each pain point and attention point the deepening questions that fit its pattern and causes, plus —
    once, when there is any pain point — the questions on social and economic relevance of the sector.
    Columns: ``knelpunt``, ``onderwijsniveau``, ``patroon``, ``vraag``."""
    rijen = []
    gevonden = knelpunten(beoordelingen)
    for b in beoordelingen:  # the one generator of questions, per decision
        rijen += [{"knelpunt": b.titel, "onderwijsniveau": tekst.niveau_label(b.onderwijsniveau),
                   "patroon": PATROON_TITELS[v["patroon"]], "vraag": v["vraag"]}
                  for v in verdiepende_vragen([b], relevantie=False)]
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


def kerncijfers(data, analyse_: Knelpuntanalyse, parameters) -> list[dict]:
    """The key figures of the duiding for ``samenvatting.json`` (contract C4), the same names in every
    region so the comparison across regions can put them side by side. Unknown stays None, never 0."""
    basis = analyse_.basis
    banen = data.get("banen")
    naam = parameters.sector.naam.lower()
    totaal, p_totaal = analyse._laatste(banen, "banen", parameters.regio.code, int(parameters.jaar), sector="totaal")
    t = basis.werk_trend
    cijfers = [
        kerncijfer("banen_totaal", "Banen van werknemers (werkplaats)", totaal, "x 1 000", p_totaal),
        kerncijfer("groei_focussector", f"Trendgroei banen {naam} per jaar", t.groei_procent if t else None, "%",
                   t.periode if t else ""),
    ]
    lq, p_lq = float("nan"), ""
    if banen is not None:
        tabel = sectorbeeld.sectoroverzicht(banen, parameters.regio.code, int(parameters.jaar), basis.venster)
        rij = tabel[tabel["sector"] == parameters.sector.code]
        if len(rij):
            lq, p_lq = rij.iloc[0]["locatiequotient"], str(rij.iloc[0]["periode"]).split("–")[-1]
    cijfers.append(kerncijfer("locatiequotient_focussector", f"Locatiequotiënt {naam}", lq, "verhouding", p_lq))
    v = basis.vergrijzing or {}
    cijfers.append(kerncijfer("aandeel_55plus", "Aandeel 55-plussers in de werkzame beroepsbevolking",
                              v.get("aandeel_procent"), "%",
                              f"{v['jaar']}{'*' if v.get('voorlopig') else ''}" if v else ""))
    projectie = basis.projectie
    cijfers.append(kerncijfer(
        "uitbreidingsvraag_focussector_procent",
        f"Uitbreidingsvraag {naam} over {parameters.horizon} jaar, in % van de banen (projectie)",
        projectie.uitbreidingsvraag / projectie.basiswaarde * 100 if projectie is not None else None, "%",
        tekst.periode(projectie.basisjaar, projectie.horizonjaar) if projectie is not None else ""))
    middelbaar = basis.per_niveau.set_index("onderwijsniveau").loc["middelbaar"]
    duo = middelbaar.get("instroom_bron") == "duo_eerstejaars"
    cijfers.append(kerncijfer(
        "eerstejaars_middelbaar_trend", "Trendgroei eerstejaars mbo 2-4 per jaar (DUO, hoofdvestiging)",
        middelbaar.get("instroom_trend_procent") if duo else None, "%", middelbaar.get("instroom_trend_periode") if duo else ""))
    studenten = analyse.aanbodmodel.studententrend(data.get("studenten"), basis.regio, "middelbaar",
                                                   int(parameters.jaar), basis.venster)
    cijfers.append(kerncijfer("studenten_middelbaar_trend", "Groei studenten mbo 2-4 per jaar (CBS, woonplaats)",
                              studenten.get("cagr_procent"), "%", studenten.get("periode", "")))
    verhouding = None
    if middelbaar.get("uitstroom_richting") and not is_leeg(middelbaar.get("behoefte_richting_onder")):
        behoefte = (float(middelbaar["behoefte_richting_onder"]) + float(middelbaar["behoefte_richting_boven"])) / 2
        verhouding = float(middelbaar["schoolverlaters_midden"]) / behoefte if behoefte > 0 else None
    cijfers.append(kerncijfer(
        "verhouding_middelbaar", "Schoolverlaters die blijven per behoefte, middelbaar niveau (schatting)",
        verhouding, "verhouding", middelbaar.get("uitstroom_periode", "")))
    return cijfers


NIVEAUKOPPEN = {
    "niveau": "Onderwijsniveau",
    "banen_geschat": "Banen in het basisjaar, geschat (x 1 000, werkplaats)",
    "aandeel_basis": "Aandeel van het niveau in de sector (regio, vast)",
    "uitbreidingsvraag": "Uitbreidingsvraag over de horizon (banen)",
    "vervangingsvraag_per_jaar": "Vervangingsvraag per jaar (banen, midden)",
    "opwaardering": "Landelijke verschuiving naar hoger opgeleid werk over de horizon (banen, apart)",
    "behoefte_onder": "Behoefte focussector per jaar, laag (banen)",
    "behoefte_boven": "Behoefte focussector per jaar, hoog (banen)",
    "behoefte_richting_onder": "Behoefte sectoren van de richtingen per jaar, laag (banen)",
    "behoefte_richting_boven": "Behoefte sectoren van de richtingen per jaar, hoog (banen)",
    "werk_zin": "Ontwikkeling werkgelegenheid (sector, trend)",
    "ingeschrevenen": "Studenten (woonplaats, afgerond op tientallen)",
    "ingeschrevenen_marge": "Afrondingsmarge studenten (±)",
    "ingeschrevenen_richting": "Studenten in de gekoppelde richtingen (mbo, woonplaats)",
    "instroom_onder": "Eerstejaars, ondergrens (DUO, vestiging)",
    "instroom_boven": "Eerstejaars, bovengrens (DUO, vestiging)",
    "instroom_zin": "Ontwikkeling instroom (trend)",
    "instroom_wat": "Wat de instroom telt",
    "uitstroom_per_jaar": "Gediplomeerden per jaar (woonplaats, gemiddelde)",
    "schoolverlaters_onder": "Schoolverlaters die blijven per jaar, laag (schatting)",
    "schoolverlaters_boven": "Schoolverlaters die blijven per jaar, hoog (schatting)",
    "uitstroom_bron": "Bron gediplomeerden",
    "aanbod": "Opleiding in de regio (vestiging)",
    "aanbod_grond": "Grond",
}

AFGEROND_OP_TIENTALLEN = ("uitbreidingsvraag", "vervangingsvraag_per_jaar", "opwaardering", "behoefte_onder",
                          "behoefte_boven", "behoefte_richting_onder", "behoefte_richting_boven",
                          "uitstroom_per_jaar", "schoolverlaters_onder", "schoolverlaters_boven", "ingeschrevenen")


def niveautabel(basis) -> pd.DataFrame:
    """The indicators per education level of the duiding basis with Dutch headers (the estimates say so)."""
    n = basis.per_niveau[[k for k in NIVEAUKOPPEN if k in basis.per_niveau.columns]].copy()
    for kolom in AFGEROND_OP_TIENTALLEN:
        if kolom in n.columns:  # no finer than the method: estimates and rounded sums to tens
            n[kolom] = (n[kolom].astype(float) / 10).round().mul(10).astype("Int64")
    for kolom in ("ingeschrevenen_richting", "instroom_onder", "instroom_boven", "ingeschrevenen_marge"):
        if kolom in n.columns:  # exact counts (or bounds of masked sums): whole
            n[kolom] = n[kolom].astype(float).round().astype("Int64")
    if "aandeel_basis" in n.columns:
        n["aandeel_basis"] = (n["aandeel_basis"].astype(float) * 100).round(0)
    if "aanbod" in n.columns:
        n["aanbod"] = n["aanbod"].map(lambda a: "onbekend" if is_leeg(a) else ("ja" if a else "nee"))
    return n.rename(columns={**NIVEAUKOPPEN, "aandeel_basis": "Aandeel van het niveau in de sector (%, regio, vast)"})


def titel_niveaus(basis) -> str:
    """Finding title for the chart of estimated jobs per education level."""
    n = basis.per_niveau.dropna(subset=["banen_geschat"])
    naam = basis.sector_naam.lower()
    if n.empty:
        return f"Banen in {naam} naar onderwijsniveau onbekend in {basis.regio_naam}"
    grootst = n.loc[n["banen_geschat"].astype(float).idxmax()]
    return (f"{basis.sector_naam} in {basis.regio_naam}: naar schatting de meeste banen {_op_niveau([grootst['niveau']])} "
            f"({basis.vraag.basisjaar if basis.vraag is not None else ''})")


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
    """Finding title for the chart of DUO first-years per level: a level whose inflow demonstrably falls or
    grows, else that no level has a clear development."""
    n = basis.per_niveau[basis.per_niveau["instroom_bron"] == "duo_eerstejaars"]
    if n.empty or n["instroom_klasse"].isin(["", "onbekend"]).all():
        return f"Eerstejaars in {basis.regio_naam}: ontwikkeling onbekend"
    dalend = n[n["instroom_klasse"] == "daalt"]["niveau"].tolist()
    groeiend = n[n["instroom_klasse"] == "groeit"]["niveau"].tolist()
    if dalend:
        return f"Eerstejaars in {basis.regio_naam}: de instroom daalt {_op_niveau(dalend)}"
    if groeiend:
        return f"Eerstejaars in {basis.regio_naam}: de instroom groeit {_op_niveau(groeiend)}"
    return f"Eerstejaars in {basis.regio_naam}: op geen niveau een duidelijke ontwikkeling"



def titel_groeivergelijking(basis, beoordelingen=None) -> str:
    """Finding title for the chart of need against school-leavers per level."""
    uitkomsten = beoordelingen or []
    naam = basis.sector_naam.lower()
    tekort = [tekst.niveau_label(b.onderwijsniveau) for b in uitkomsten if b.code == TEKORT]
    dreigend = [tekst.niveau_label(b.onderwijsniveau) for b in uitkomsten if b.code == DREIGEND]
    if tekort:
        return f"{_hoofdletter(_op_niveau(tekort))} blijven te weinig schoolverlaters voor de behoefte van {naam} en verwante sectoren"
    if dreigend:
        return f"{_hoofdletter(_op_niveau(dreigend))} dreigt een tekort voor {naam}: het werk groeit, de instroom daalt"
    beoordeeld = [b for b in uitkomsten if b.status != NIET_TE_BEOORDELEN]
    if not beoordeeld:
        return f"Behoefte van {naam} tegen schoolverlaters: op geen niveau te beoordelen"
    return f"Behoefte van {naam} en verwante sectoren tegen schoolverlaters: nergens een aantoonbaar tekort"


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
