"""The region's employment picture for the duiding: sectors with their growth and location quotient, the
regions with the most similar sector structure, and the labour force by level and age against Nederland.

Read by the duiding phase (:mod:`werkboek.fasen.duiding`); the decision per level and the guide's table are in
:mod:`werkboek.duiding`.
"""

from __future__ import annotations

import pandas as pd

from werkboek import analyse, regiobeeld, tekst
from werkboek.parameters import alle_sectoren
from werkboek.tekst import is_leeg


def _sectornamen() -> dict[str, str]:
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


def sectortekst(overzicht: pd.DataFrame, basis) -> str:
    """A Dutch paragraph on the focus sector in the region: size, share against Nederland, the trend with its
    uncertainty, and the fastest growing sectors of the region."""
    rij = overzicht[overzicht["sector"] == basis.sector]
    naam = basis.sector_naam.lower()
    if rij.empty or is_leeg(rij.iloc[0]["banen"]):
        return (f"Voor {naam} in {basis.regio_naam} is het aantal banen onbekend (mogelijk door CBS onderdrukt); "
                "de duiding van de werkgelegenheid rust dan op de landelijke cijfers.")
    r = rij.iloc[0]
    zinnen = [
        f"In {basis.regio_naam} telt {naam} in {r['periode'].split('–')[-1]} {tekst.aantal(r['banen'], 'x 1 000')} "
        f"{tekst.BANEN_WERKPLAATS}, {tekst.procent(r['aandeel_procent'])} van alle banen in de regio; "
        f"landelijk is dat {tekst.procent(r['aandeel_nl_procent'])}. {_lq_zin(r)}"
    ]
    if basis.werk_trend is not None:
        zinnen.append(f"Het aantal banen in de sector {basis.werk_trend.zin}; landelijk gemiddeld "
                      f"{tekst.procent(r['Groei per jaar Nederland (%)'], teken=True)} per jaar.")
    snelst = overzicht.dropna(subset=["Groei per jaar (%)"]).nlargest(3, "Groei per jaar (%)")
    if len(snelst):
        delen = [f"{s['Sector'].lower()} ({tekst.procent(s['Groei per jaar (%)'], teken=True)})"
                 for _, s in snelst.iterrows()]
        zinnen.append(f"Gemeten als gemiddelde groei groeien {tekst.lijst(delen)} per jaar het snelst in de regio.")
    return " ".join(zinnen)


def _lq_zin(r) -> str:
    """The location quotient, as a range (or '≥') when the regional sum rests partly on suppressed cells."""
    lq = r["locatiequotient"]
    if r.get("deels_onderdrukt"):
        return (f"De locatiequotiënt is minstens {tekst.getal(lq, 1)}: het regiocijfer rust deels op gemeentecijfers "
                "die CBS niet publiceert, dus het echte aantal banen is hoger.")
    return f"Met een locatiequotiënt van {tekst.getal(lq, 1)} is de sector hier {_lq_oordeel(lq)}."


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


def regiovergelijking(banen: pd.DataFrame, regio: str, sector: str, jaar: int, venster: int = 5,
                      aantal: int = 3) -> pd.DataFrame:
    """The focus sector in the region, its ``aantal`` regions with the most similar sector structure and
    Nederland: jobs, growth per year and the location quotient. Columns ``regio, regio_naam, verschilindex
    (% of jobs), banen, periode, Groei per jaar (%), aandeel_procent, locatiequotient``."""
    deel = banen[banen["jaar"] <= jaar]
    jaar_structuur = int(deel.dropna(subset=["banen"])["jaar"].max())
    gelijk = analyse.vergelijkbare_regios(deel, regio, jaar_structuur, aantal)
    codes = [regio] + gelijk["regio"].tolist() + [analyse.NEDERLAND]
    g = analyse.groei(analyse.kies(deel, regio=codes, sector=sector), "banen", venster, jaar, groepen=["regio"])
    lq = analyse.locatiequotient(analyse.kies(deel, regio=codes, sector=[sector, "totaal"]))
    lq = lq[lq["sector"] == sector]
    uit = pd.DataFrame({"regio": codes}).merge(gelijk[["regio", "verschilindex"]], on="regio", how="left")
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
    return uit[["regio", "regio_naam", "verschilindex", "banen", "periode", "Groei per jaar (%)", "aandeel_procent",
                "locatiequotient"]]


def titel_regiovergelijking(vergelijking: pd.DataFrame, sector_naam: str) -> str:
    """Finding title for the comparison with the most similar regions: faster or slower growth of the sector."""
    eigen = vergelijking.iloc[0]
    anderen = vergelijking[vergelijking["verschilindex"].notna()]["Groei per jaar (%)"].astype(float)
    if is_leeg(eigen["Groei per jaar (%)"]) or anderen.dropna().empty:
        return f"{sector_naam} in {eigen['regio_naam']} en vergelijkbare regio's: groei niet te vergelijken"
    gemiddeld = float(anderen.mean())
    oordeel = ("sneller dan" if eigen["Groei per jaar (%)"] > gemiddeld + 0.25 else
               "langzamer dan" if eigen["Groei per jaar (%)"] < gemiddeld - 0.25 else "ongeveer even snel als")
    return (f"{sector_naam} groeit in {eigen['regio_naam']} {oordeel} in de {len(anderen)} regio's met de meest "
            f"vergelijkbare sectorstructuur ({tekst.procent(eigen['Groei per jaar (%)'], teken=True)} tegen gemiddeld "
            f"{tekst.procent(gemiddeld, teken=True)} per jaar)")


def beroepsbevolking_tabel(beroepsbevolking: pd.DataFrame, regio: str, jaar: int) -> pd.DataFrame:
    """Shares (%) of education levels laag/middelbaar/hoog in the working labour force of the region and of
    Nederland in the latest known year up to ``jaar`` (via :mod:`werkboek.regiobeeld`); rows are levels, columns
    the region name and Nederland; empty when no year has figures."""
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
