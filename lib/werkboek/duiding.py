"""The guide's two-column duiding table: werkgelegenheid | onderwijsaanbod, rows 'zien' and 'betekenis geven'.

Each cell is a Dutch sentence computed from a :class:`werkboek.analyse.Duidingsbasis`, so the table can be read
aloud in a regional meeting and traced back to the numbers.
"""

from __future__ import annotations

import pandas as pd

from werkboek import analyse, tekst
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
    if is_leeg(aanbod):
        return f"Onbekend of er een regionale {niveau}-opleiding in deze richting is"
    if aanbod:
        return f"Regionale {niveau}-opleiding in deze richting: ja ({grond})"
    return f"Geen regionale {niveau}-opleiding in deze richting ({grond})"


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
        delen.append(f"opleidingen op {tekst.lijst(ja)}")
    if nee:
        delen.append(f"geen op {tekst.lijst(nee)}")
    if onbekend:
        delen.append(f"onbekend voor {tekst.lijst(onbekend)}")
    groei_regio = _groei_zin(f"werkgelegenheid {basis.sector_naam.lower()}", g.get("cagr_procent"),
                             d.groei_procent, g.get("periode", ""))
    groei_nl = tekst.procent(nl.get("cagr_procent"), teken=True) if nl else tekst.ONBEKEND
    instroom = _groei_zin("instroom alle niveaus", basis.instroom_totaal.get("cagr_procent"), d.groei_procent,
                          basis.instroom_totaal.get("periode", ""))
    return [
        {"rij": ZIEN, "onderwerp": "sector", "werkgelegenheid": omvang,
         "onderwijsaanbod": f"Richting {richting_titel.lower()}: {'; '.join(delen)}"},
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


def duidingstabel(basis, drempels: Drempels | None = None) -> pd.DataFrame:
    """The two-column table for the focus sector: one row per topic and education level, Dutch text cells.

    Columns ``rij`` ('zien' or 'betekenis geven'), ``onderwerp`` (sector, an education level or vergrijzing),
    ``werkgelegenheid`` and ``onderwijsaanbod``. ``attrs['toelichting']`` holds the caveats.
    """
    d = drempels or Drempels()
    richting_titel = analyse.categorie_titel("onderwijs", "richting", basis.richting)
    zien, betekenis = [], []
    for rij in basis.per_niveau.to_dict("records"):
        niveau = rij["niveau"]
        banen = rij.get("banen_geschat")
        zien.append({
            "rij": ZIEN, "onderwerp": niveau,
            "werkgelegenheid": (f"{niveau}: ca. {tekst.aantal(banen, 'x 1 000')} {tekst.BANEN_WERKPLAATS}, geschat"
                                if not is_leeg(banen) else f"{niveau}: aantal banen onbekend"),
            "onderwijsaanbod": _aanbod_zin(niveau, rij.get("aanbod"), rij.get("aanbod_grond", "")),
        })
        wg = _groei_zin(f"werkgelegenheid {niveau}", rij.get("werkgelegenheid_cagr_procent"), d.groei_procent)
        if not is_leeg(rij.get("behoefte_per_jaar")):
            wg += (f"; behoefte ca. {tekst.getal(rij['behoefte_per_jaar'], 0)} personen per jaar "
                   "(positieve uitbreidingsvraag + vergrijzingsdeel)")
        ow = _groei_zin(f"instroom {niveau}", rij.get("instroom_cagr_procent"), d.groei_procent)
        if not is_leeg(rij.get("uitstroom_per_jaar")):
            methode = {"gediplomeerden": "gediplomeerden", "instroom_vertraagd": "uit eerdere instroom, bovengrens"}
            ow += (f"; verwachte uitstroom ca. {tekst.getal(rij['uitstroom_per_jaar'], 0)} per jaar "
                   f"({methode.get(rij.get('uitstroom_methode'), 'methode onbekend')})")
        if len(basis.sectoren_richting) > 1 and not is_leeg(rij.get("behoefte_richting_per_jaar")):
            ow += (f"; behoefte van alle sectoren die deze richting voedt ({tekst.lijst(basis.sectoren_richting)}) "
                   f"ca. {tekst.getal(rij['behoefte_richting_per_jaar'], 0)} per jaar")
        betekenis.append({"rij": BETEKENIS, "onderwerp": niveau, "werkgelegenheid": wg, "onderwijsaanbod": ow})
    sector_zien, sector_betekenis = _sector_rijen(basis, d, richting_titel)
    # The guide also asks about occupations and about progression between levels; open data do not have them
    # per region, so the table says where to look instead of leaving the question out.
    functies = {"rij": ZIEN, "onderwerp": "functies",
                "werkgelegenheid": "Per functie of beroep zijn er geen open regionale cijfers; zie UWV en ROA in het "
                                   "datamenu",
                "onderwijsaanbod": "Welke opleidingen bij welke functies horen, weten scholen en SBB"}
    doorstroom = {"rij": BETEKENIS, "onderwerp": "doorstroom",
                  "werkgelegenheid": "Doorstroom van werkenden binnen de sector: geen open cijfers; vraag werkgevers",
                  "onderwijsaanbod": "Doorstroom tussen niveaus (bijvoorbeeld mbo 3 naar mbo 4): geen open cijfers "
                                     "per regio; DUO-cohorten of een eigen registratie met scholen"}
    tabel = pd.DataFrame([sector_zien] + zien + [functies, sector_betekenis] + betekenis
                         + [_vergrijzing_rij(basis, d), doorstroom], columns=KOLOMMEN)
    tabel.attrs["toelichting"] = " ".join([analyse.SCHATTING_TOELICHTING, analyse.VERVANGINGSVRAAG_TOELICHTING])
    tabel.attrs["titel"] = f"Duiding {basis.sector_naam.lower()} in {basis.regio_naam}"
    return tabel


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
        "Instroom (studenten, woonplaats)": n["instroom_cagr_procent"].astype(float),
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
        op = f" op {tekst.lijst(dict.fromkeys(niveaus))}" if niveaus else ""
        titels = [b.titel[0].lower() + b.titel[1:] for b in gevonden]
        zin = (f"In {basis.regio_naam} ontstaat voor {sector} een knelpunt{op}: "
               f"{tekst.lijst(dict.fromkeys(titels))}.")
    if onbekend:
        zin += (f" {onbekend} {'regel was' if onbekend == 1 else 'regels waren'} niet te beoordelen doordat "
                "cijfers ontbreken; daar is geen knelpunt aangenomen.")
    return zin
