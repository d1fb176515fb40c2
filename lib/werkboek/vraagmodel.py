"""Demand per education level for one sector, with expansion, replacement and upgrading kept apart.

The method in workbook used to multiply regional sector jobs by the CURRENT year's
national level shares, so the "growth per level" contains the national shift toward higher-educated work, a flat
sector still gets expansion demand at hoog, and the ageing part uses one all-sector share. This module separates
the parts:

1. :func:`basisaandelen`: the national level shares of a sector, fixed at the mean over the base-period years.
2. :func:`regionaliseer` / :func:`regionale_niveaumatrix`: those shares fitted (RAS) to the region's jobs per sector
   and to the region's mix of workers by level.
3. :func:`uitbreidingsvraag_per_niveau`: the ONE projected change of the sector's jobs times the fixed shares.
4. :func:`opwaardering_per_niveau`: the national trend in the shares as its own component, never added silently.
5. :func:`vervangingsvraag_per_niveau`: replacement demand by older workers leaving, as a range.
6. :func:`vraag_voor_sector`: all of it for one sector in a :class:`Vraag`.

All results are estimates in jobs (banen van werknemers, place of work), not persons.

Why one module of this size: the six steps are one method, read top to bottom (fixed shares, RAS, expansion,
upgrading, replacement, the composed demand); each step is short and the tests follow the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from werkboek import tekst
from werkboek.onthoud import per_frame
from werkboek.reeksen import NEDERLAND, OnvoldoendeDataFout, eenheid, factor, kies, regio_naam

NIVEAUS = tekst.ONDERWIJSNIVEAUS
KENMERKEN = {f"onderwijs_{n}": n for n in NIVEAUS}
WAARDE_VERDELING = "werkzame_beroepsbevolking"
OVERIG = "overig"  # the row for the region's jobs outside the listed sectors (or without a national distribution)

OPWAARDERING_LABEL = "verschuiving naar hoger opgeleid werk (landelijk)"
EENHEID = "banen"
EENHEID_TOELICHTING = "banen, geen personen: zelfstandigen tellen niet mee"
AFRONDING_TOELICHTING = (
    "Cijfers voor weergave zijn afgerond op tientallen (boven 1.000 op honderdtallen): de methode is niet "
    "preciezer dan dat."
)


# ---------------------------------------------------------------------------------------------------------------
# 1. Fixed national shares


@per_frame
def niveau_aandelen(verdeling: pd.DataFrame, sector: str, waarde: str) -> pd.DataFrame:
    """National share of each of the three levels among workers in ``sector`` per year: each level over the sum
    of the three when all three are known (else over the published total). Columns ``jaar, onderwijsniveau,
    aandeel``; a year without a usable denominator is left out."""
    kenmerken = {f"onderwijs_{n}": n for n in NIVEAUS}
    kiezen = verdeling["sector"] == sector
    if "regio" in verdeling.columns:
        kiezen &= verdeling["regio"] == NEDERLAND
    deel = verdeling.loc[kiezen, ["jaar", "kenmerk", waarde]]
    if deel.empty:
        return pd.DataFrame(columns=["jaar", "onderwijsniveau", "aandeel"])
    breed = deel.set_index(["jaar", "kenmerk"])[waarde].astype(float).unstack("kenmerk")
    niveaus = breed.reindex(columns=list(kenmerken))
    totaal = breed["totaal"] if "totaal" in breed.columns else pd.Series(np.nan, index=breed.index)
    som = niveaus.sum(axis=1, min_count=len(kenmerken))
    noemer = som.where(niveaus.notna().all(axis=1) & (som > 0), totaal)
    bruikbaar = noemer.notna() & (noemer != 0)
    aandelen = niveaus[bruikbaar].div(noemer[bruikbaar], axis=0).rename(columns=kenmerken)
    lang = aandelen.stack(future_stack=True).rename("aandeel").reset_index()
    lang.columns = ["jaar", "onderwijsniveau", "aandeel"]
    lang["jaar"] = lang["jaar"].astype(int)
    return lang


@per_frame
def aandeel_55plus(df: pd.DataFrame, regio: str, waarde: str | None = None) -> pd.DataFrame:
    """Share of people aged 55 or over, per year, for the region and Nederland, and the difference.

    With the ``beroepsbevolking`` theme (column ``kenmerk``): 55-75 year olds as share of the published total of
    the (working) labour force. With the ``bevolking`` theme (column ``leeftijd``): 55-65 year olds as share of
    inhabitants aged 15-65. NaN when a part is unknown. Columns: ``jaar, voorlopig, aandeel_procent,
    aandeel_nl_procent, verschil_procentpunt``; ``attrs['basis']`` names the population in Dutch.
    """
    if "kenmerk" in df.columns:
        waarde = waarde or "werkzame_beroepsbevolking"
        kolom, teller, noemer = "kenmerk", ["leeftijd_55_75"], ["totaal"]
        basis = f"{waarde.replace('_', ' ')} van 15 tot 75 jaar, personen naar woonplaats"
    elif "leeftijd" in df.columns:
        waarde = waarde or "inwoners"
        kolom, teller = "leeftijd", ["leeftijd_55_65"]
        noemer = ["leeftijd_15_25", "leeftijd_25_45", "leeftijd_45_55", "leeftijd_55_65"]
        basis = "inwoners van 15 tot 65 jaar, personen naar woonplaats"
    else:
        raise OnvoldoendeDataFout("Voor het aandeel 55-plussers is het thema beroepsbevolking of bevolking nodig.")

    def per_jaar(code: str) -> pd.DataFrame:
        deel = kies(df, regio=code)
        breed = deel.pivot_table(index="jaar", columns=kolom, values=waarde, aggfunc="first", dropna=False)
        breed = breed.reindex(columns=sorted(set(teller + noemer)))
        # min_count = number of parts: a sum is unknown as soon as one part is unknown
        t = breed[teller].sum(axis=1, min_count=len(teller))
        n = breed[noemer].sum(axis=1, min_count=len(noemer))
        voorlopig_ = deel.groupby("jaar")["voorlopig"].any() if "voorlopig" in deel else pd.Series(False, index=breed.index)
        return pd.DataFrame({"aandeel_procent": t / n * 100, "voorlopig": voorlopig_.reindex(breed.index).fillna(False)})

    regionaal = per_jaar(regio)
    nl = per_jaar(NEDERLAND)["aandeel_procent"].rename("aandeel_nl_procent")
    uit = regionaal.join(nl, how="left").reset_index()
    uit["verschil_procentpunt"] = uit["aandeel_procent"] - uit["aandeel_nl_procent"]
    uit["voorlopig"] = uit["voorlopig"].astype(bool)
    uit = uit[["jaar", "voorlopig", "aandeel_procent", "aandeel_nl_procent", "verschil_procentpunt"]]
    uit.attrs["basis"] = basis
    return uit.sort_values("jaar").reset_index(drop=True)




def kies_basisjaren(verdeling: pd.DataFrame, sector: str, tot_jaar: int, aantal: int = 3,
                    waarde: str = WAARDE_VERDELING) -> tuple[int, ...]:
    """The last ``aantal`` years up to ``tot_jaar`` in which the national distribution of ``sector`` over the
    three levels is complete: the base period of :func:`basisaandelen`."""
    aandelen = niveau_aandelen(verdeling, sector, waarde)
    breed = aandelen.pivot(index="jaar", columns="onderwijsniveau", values="aandeel").reindex(columns=list(NIVEAUS))
    compleet = [int(j) for j in breed.index[breed.notna().all(axis=1)] if j <= tot_jaar]
    if not compleet:
        raise OnvoldoendeDataFout(
            f"Er is tot en met {tot_jaar} geen jaar met een volledige landelijke verdeling naar onderwijsniveau "
            f"(laag, middelbaar en hoog) voor sector {sector} (thema werkzamen_sector_onderwijs). Zonder die verdeling "
            "kan het werkboek de banen van de sector niet naar niveau schatten."
        )
    return tuple(compleet[-aantal:])


def basisaandelen(verdeling: pd.DataFrame, sector: str, jaren: Iterable[int],
                  waarde: str = WAARDE_VERDELING) -> pd.Series:
    """The national share of each level (laag, middelbaar, hoog) among workers in ``sector``, as the MEAN of the
    yearly shares over the base-period years ``jaren`` (see :func:`kies_basisjaren`). The shares are fixed: they do
    not follow the current year. Each year's shares are taken over the three levels, so the result sums to 1.
    ``attrs['jaren']`` lists the years. Raises :class:`OnvoldoendeDataFout` when a year is missing or incomplete."""
    jaren = tuple(sorted({int(j) for j in jaren}))
    if not jaren:
        raise OnvoldoendeDataFout(f"Geef minstens één basisjaar voor de landelijke verdeling van sector {sector}.")
    aandelen = niveau_aandelen(verdeling, sector, waarde)
    breed = (aandelen.pivot(index="jaar", columns="onderwijsniveau", values="aandeel")
             .reindex(index=list(jaren), columns=list(NIVEAUS)))
    onvolledig = [j for j in jaren if breed.loc[j].isna().any()]
    if onvolledig:
        raise OnvoldoendeDataFout(
            f"De landelijke verdeling naar onderwijsniveau van sector {sector} (thema werkzamen_sector_onderwijs) "
            f"ontbreekt of is niet compleet in {tekst.lijst(onvolledig)}. Kies basisjaren met een volledige verdeling "
            "(kies_basisjaren doet dat)."
        )
    uit = breed.mean(axis=0).rename("aandeel")
    uit.index.name = "onderwijsniveau"
    uit.attrs.update(jaren=jaren, sector=sector)
    return uit


# ---------------------------------------------------------------------------------------------------------------
# 2. Regionalisation (RAS)


@dataclass
class Regionalisatie:
    """A sectors x levels matrix fitted to both margins, with the convergence of the fit."""

    matrix: pd.DataFrame
    startmatrix: pd.DataFrame
    rijtotalen: pd.Series
    kolomtotalen: pd.Series  # scaled to the total of the row totals
    iteraties: int
    geconvergeerd: bool
    afwijking: float  # largest deviation of a row or column sum from its target, relative to the total


def _marge(marge, labels: pd.Index, wat: str) -> pd.Series:
    reeks_ = pd.Series(marge, dtype=float) if isinstance(marge, Mapping) else pd.Series(marge).astype(float)
    ontbreekt = [str(label) for label in labels if label not in reeks_.index or pd.isna(reeks_.get(label))]
    if ontbreekt:
        raise OnvoldoendeDataFout(
            f"Voor de regionale aanpassing ontbreekt {wat} voor {tekst.lijst(ontbreekt)}. Zonder die waarde kan het "
            "werkboek de banen niet naar onderwijsniveau verdelen; controleer of het thema voor deze regio en dit "
            "jaar is geladen."
        )
    uit = reeks_.reindex(labels)
    if (uit < 0).any():
        raise OnvoldoendeDataFout(f"{wat.capitalize()} is negatief voor {tekst.lijst(uit.index[uit < 0])}.")
    return uit


def regionaliseer(matrix_start: pd.DataFrame, rijtotalen, kolomtotalen, max_iter: int = 100,
                  tol: float = 1e-9) -> Regionalisatie:
    """Biproportional adjustment (RAS, iterative proportional fitting) of a sectors x levels matrix.

    Columns are scaled to ``kolomtotalen`` (the region's mix of workers by level) and rows to ``rijtotalen`` (the
    region's jobs per sector) in turn, until both margins hold within ``tol`` (relative to the total) or after
    ``max_iter`` rounds; the row step comes last, so the jobs per sector hold exactly. Only the mix of
    ``kolomtotalen`` counts: it is scaled to the total of the row totals, so shares or persons both work. A missing
    margin, a margin of zero where the start matrix has jobs, or a positive
    margin where the start matrix has none raises :class:`OnvoldoendeDataFout` in Dutch.
    """
    start = pd.DataFrame(matrix_start).astype(float)
    if start.empty:
        raise OnvoldoendeDataFout("De startmatrix voor de regionale aanpassing is leeg.")
    onbekend = [f"{r} × {k}" for r in start.index for k in start.columns if pd.isna(start.loc[r, k])]
    if onbekend:
        raise OnvoldoendeDataFout(f"De startmatrix heeft onbekende waarden voor {tekst.lijst(onbekend)}.")
    if (start.to_numpy() < 0).any():
        raise OnvoldoendeDataFout("De startmatrix heeft negatieve waarden; banen kunnen niet negatief zijn.")
    rij = _marge(rijtotalen, start.index, "het aantal banen in de regio (rijtotaal)")
    kolom = _marge(kolomtotalen, start.columns, "het aandeel werkenden in de regio (kolomtotaal)")
    for marge, som, soort in ((rij, start.sum(axis=1), "sector"), (kolom, start.sum(axis=0), "onderwijsniveau")):
        nul = [str(label) for label in marge.index if marge[label] == 0 and som[label] > 0]
        if nul:
            raise OnvoldoendeDataFout(
                f"De marge is nul voor {soort} {tekst.lijst(nul)}, terwijl de startmatrix daar banen heeft: de "
                "regionale aanpassing kan dan niet kloppen. Controleer de banen en de verdeling van de werkenden."
            )
        leeg = [str(label) for label in marge.index if marge[label] > 0 and som[label] == 0]
        if leeg:
            raise OnvoldoendeDataFout(
                f"De startmatrix heeft geen banen voor {soort} {tekst.lijst(leeg)}, terwijl de marge daar niet nul "
                "is: er is niets om naar die marge te schalen."
            )
    totaal = float(rij.sum())
    if totaal <= 0 or float(kolom.sum()) <= 0:
        raise OnvoldoendeDataFout(
            "De marges van de regionale aanpassing tellen op tot nul; er zijn geen banen te verdelen.")
    kolom = kolom * totaal / float(kolom.sum())
    m = start.to_numpy().copy()
    r, c = rij.to_numpy(), kolom.to_numpy()
    afwijking, iteraties, geconvergeerd = np.inf, 0, False
    for iteraties in range(1, max_iter + 1):
        # columns first, rows last: the jobs per sector (a count) hold exactly, the worker mix (a survey) within tol
        cs = m.sum(axis=0)
        m *= np.divide(c, cs, out=np.zeros_like(c), where=cs > 0)[None, :]
        rs = m.sum(axis=1)
        m *= np.divide(r, rs, out=np.zeros_like(r), where=rs > 0)[:, None]
        afwijking = max(np.abs(m.sum(axis=1) - r).max(), np.abs(m.sum(axis=0) - c).max()) / totaal
        if afwijking <= tol:
            geconvergeerd = True
            break
    matrix = pd.DataFrame(m, index=start.index, columns=start.columns)
    return Regionalisatie(matrix, start, rij, kolom, iteraties, geconvergeerd, float(afwijking))


def _niveaumix(beroepsbevolking: pd.DataFrame | None, regio: str, tot_jaar: int, aantal: int,
               waarde: str = WAARDE_VERDELING) -> tuple[pd.Series, tuple[int, ...]]:
    """Share of each level among the (working) labour force of ``regio`` (place of residence), mean over the last
    ``aantal`` complete years up to ``tot_jaar``."""
    naam = "Nederland" if regio == NEDERLAND else regio
    vereist = ("thema beroepsbevolking, kenmerk onderwijs_laag, onderwijs_middelbaar en onderwijs_hoog")
    if beroepsbevolking is None or "kenmerk" not in beroepsbevolking.columns:
        raise OnvoldoendeDataFout(
            f"Voor de regionale schatting is de werkzame beroepsbevolking van {naam} naar onderwijsniveau nodig "
            f"({vereist}), maar het thema beroepsbevolking ontbreekt."
        )
    deel = kies(beroepsbevolking, regio=regio)
    deel = deel[(deel["jaar"] <= tot_jaar) & deel["kenmerk"].isin(list(KENMERKEN))]
    if deel.empty:
        breed = pd.DataFrame(columns=list(KENMERKEN), dtype=float)
    else:
        breed = deel.groupby(["jaar", "kenmerk"])[waarde].first().unstack().reindex(columns=list(KENMERKEN))
    compleet = breed[breed.notna().all(axis=1) & (breed.sum(axis=1) > 0)].tail(aantal)
    if compleet.empty:
        nooit = [KENMERKEN[k] for k in KENMERKEN if breed[k].notna().sum() == 0]
        wat = (f"het niveau {tekst.lijst(nooit)}" if nooit and len(nooit) < len(KENMERKEN)
               else "de verdeling naar onderwijsniveau")
        raise OnvoldoendeDataFout(
            f"Voor de regionale schatting is de werkzame beroepsbevolking van {naam} naar onderwijsniveau nodig "
            f"({vereist}), maar {wat} ontbreekt tot en met {tot_jaar}. Controleer of het thema beroepsbevolking voor "
            "deze regio is geladen."
        )
    aandelen = compleet.div(compleet.sum(axis=1), axis=0).mean(axis=0)
    aandelen.index = [KENMERKEN[k] for k in aandelen.index]
    return aandelen, tuple(int(j) for j in compleet.index)


def _jaren_tekst(jaren: Iterable[int]) -> str:
    jaren = sorted(jaren)
    if not jaren:
        return "geen jaren"
    if jaren == list(range(jaren[0], jaren[-1] + 1)):
        return tekst.periode(jaren[0], jaren[-1])
    return tekst.lijst(jaren)


def regionale_niveaumatrix(banen: pd.DataFrame, verdeling: pd.DataFrame, beroepsbevolking: pd.DataFrame | None,
                           regio: str, jaar: int, sectoren: Iterable[str] | None = None,
                           basisjaren: int = 3, waarde: str = "banen") -> pd.DataFrame:
    """ESTIMATE of the region's jobs per sector and level (laag, middelbaar, hoog) in the base year.

    Start matrix: the region's jobs per sector in the base year (the latest year up to ``jaar`` with known jobs)
    times the fixed national shares of that sector (:func:`basisaandelen` over the last ``basisjaren`` complete
    years). Jobs in the region outside those sectors (sectors not listed, with unknown jobs or without a national
    distribution) form the row ``overig`` with the national mix of all workers, so the column margin applies to all
    jobs. :func:`regionaliseer` then fits the rows to the jobs per sector and the columns to the region's mix of
    workers (``beroepsbevolking``, mean of the last ``basisjaren`` complete years). Values are in the unit of
    ``banen`` (x 1 000); ``attrs`` hold the years used, the convergence and a Dutch ``toelichting``.
    """
    deel = kies(banen, regio=regio)
    deel = deel[deel["jaar"] <= jaar]
    if sectoren is None:
        sectoren = [s for s in pd.unique(deel["sector"]) if s != "totaal"]
    sectoren = list(dict.fromkeys(sectoren))
    per_jaar = deel.groupby(["jaar", "sector"])[waarde].first().unstack() if len(deel) else pd.DataFrame()
    bekend = per_jaar.reindex(columns=sectoren).notna().any(axis=1) if len(per_jaar) else pd.Series(dtype=bool)
    if not bekend.any():
        raise OnvoldoendeDataFout(
            f"Er zijn tot en met {jaar} geen banen bekend voor {tekst.lijst(sectoren) or 'de sectoren'} in {regio} "
            "(thema banen)."
        )
    basisjaar = int(bekend.index[bekend].max())
    voorlopig = bool(deel.loc[deel["jaar"] == basisjaar, "voorlopig"].fillna(False).astype(bool).any()) \
        if "voorlopig" in deel.columns else False
    banen_basis = per_jaar.loc[basisjaar]

    rijen, rijtotalen, verdelingsjaren, weggelaten = {}, {}, {}, {}
    for sector in sectoren:
        aantal = banen_basis.get(sector, np.nan)
        if pd.isna(aantal):
            weggelaten[sector] = f"banen in {basisjaar} onbekend"
            continue
        try:
            jaren = kies_basisjaren(verdeling, sector, jaar, basisjaren)
            aandelen = basisaandelen(verdeling, sector, jaren)
        except OnvoldoendeDataFout:
            weggelaten[sector] = "geen landelijke verdeling naar onderwijsniveau"
            continue
        rijen[sector] = aandelen * float(aantal)
        rijtotalen[sector] = float(aantal)
        verdelingsjaren[sector] = jaren
    if not rijen:
        redenen = "; ".join(f"{s}: {r}" for s, r in weggelaten.items())
        raise OnvoldoendeDataFout(
            f"Geen enkele sector in {regio} heeft in {basisjaar} bekende banen én een landelijke verdeling naar "
            f"onderwijsniveau ({redenen})."
        )

    mix, mixjaren = _niveaumix(beroepsbevolking, regio, jaar, basisjaren)
    notities = []
    totaal = banen_basis.get("totaal", np.nan)
    rest = float(totaal) - sum(rijtotalen.values()) if not pd.isna(totaal) else np.nan
    overig = False
    if pd.isna(rest):
        notities.append(f"Het totaal aantal banen in {basisjaar} is onbekend: de verdeling van de werkenden is "
                        "alleen op de genoemde sectoren toegepast, wat de schatting minder goed maakt.")
    elif rest > 1e-9 * float(totaal):
        try:
            landelijk, _ = _niveaumix(beroepsbevolking, NEDERLAND, jaar, basisjaren)
            herkomst = "de landelijke verdeling van alle werkenden"
        except OnvoldoendeDataFout:
            try:
                landelijk = basisaandelen(verdeling, "totaal", kies_basisjaren(verdeling, "totaal", jaar, basisjaren))
                herkomst = "de landelijke verdeling van alle sectoren samen"
            except OnvoldoendeDataFout:
                landelijk = None
        if landelijk is not None:
            rijen[OVERIG], rijtotalen[OVERIG], overig = landelijk * rest, rest, True
            notities.append(f"De overige banen in de regio ({tekst.aantal(rest, eenheid('banen', waarde))}) staan "
                            f"in de rij '{OVERIG}' met {herkomst} als start.")
        else:
            notities.append("Voor de overige banen is geen landelijke verdeling bekend: de verdeling van de werkenden "
                            "is alleen op de genoemde sectoren toegepast.")
    if weggelaten:
        notities.append("Niet apart geschat" + (" (wel in 'overig')" if overig else "") + ": "
                        + "; ".join(f"{s} ({r})" for s, r in weggelaten.items()) + ".")

    start = pd.DataFrame(rijen).T.reindex(columns=list(NIVEAUS))
    uitkomst = regionaliseer(start, pd.Series(rijtotalen), mix)
    if not uitkomst.geconvergeerd:
        notities.append(f"Let op: de aanpassing is na {uitkomst.iteraties} stappen niet helemaal sluitend "
                        f"(afwijking {tekst.getal(uitkomst.afwijking * 100, 4)}% van het totaal).")
    naam = regio_naam(banen, regio)
    jaren_nl = sorted({j for jaren in verdelingsjaren.values() for j in jaren})
    toelichting = (
        f"Schatting, geen telling. De banen van werknemers per sector in {naam} in "
        f"{tekst.periode(None, basisjaar, voorlopig)} (naar werkplaats) zijn eerst verdeeld met de landelijke "
        f"verdeling van elke sector over onderwijsniveaus, vast als gemiddelde over {_jaren_tekst(jaren_nl)}. Daarna "
        "zijn ze biproportioneel aangepast (RAS): per sector blijft het aantal banen gelijk, en alle banen samen volgen "
        f"de verdeling naar onderwijsniveau van de werkzame beroepsbevolking in de regio (personen naar woonplaats, "
        f"gemiddelde over {_jaren_tekst(mixjaren)}). Banen naar werkplaats zijn zo gepast op werkenden naar "
        "woonplaats: pendel, mensen met meer banen en zelfstandigen maken dit een benadering."
    )
    if notities:
        toelichting += " " + " ".join(notities)
    matrix = uitkomst.matrix
    matrix.index.name, matrix.columns.name = "sector", "onderwijsniveau"
    matrix.attrs.update(
        schatting=True, regio=regio, basisjaar=basisjaar, basisjaar_voorlopig=voorlopig,
        verdelingsjaren=verdelingsjaren, mixjaren=mixjaren, weggelaten=weggelaten, overig=overig,
        geconvergeerd=uitkomst.geconvergeerd, iteraties=uitkomst.iteraties, afwijking=uitkomst.afwijking,
        toelichting=toelichting,
    )
    return matrix


# ---------------------------------------------------------------------------------------------------------------
# 3. Expansion demand


def _vaste_aandelen(niveau_aandelen_sector) -> pd.Series:
    aandelen = pd.Series(niveau_aandelen_sector, dtype=float).reindex(list(NIVEAUS))
    if aandelen.isna().any() or aandelen.sum() <= 0:
        ontbreekt = [n for n in NIVEAUS if pd.isna(aandelen[n])]
        raise OnvoldoendeDataFout(
            f"De aandelen per onderwijsniveau zijn niet compleet (ontbreekt: {tekst.lijst(ontbreekt) or 'alle'}); "
            "de uitbreidingsvraag is dan niet over de niveaus te verdelen."
        )
    return aandelen / aandelen.sum()


def uitbreidingsvraag_per_niveau(niveau_aandelen_sector, verandering_banen: float,
                                 band: tuple[float, float] | None = None) -> pd.DataFrame:
    """Expansion demand per level over the horizon: the ONE projected change of the sector's jobs over the horizon
    times the fixed (regionalised) level shares of the sector, normalised to sum to 1. The levels add up to that one
    change: a flat sector gives 0 at every level, a shrinking sector a negative number at every level. ``band``
    (onder, boven) of the change is carried through per level; without it those columns are NaN."""
    aandelen = _vaste_aandelen(niveau_aandelen_sector)
    onder, boven = band if band is not None else (np.nan, np.nan)
    uit = pd.DataFrame({
        "aandeel": aandelen,
        "uitbreidingsvraag": aandelen * float(verandering_banen),
        "uitbreidingsvraag_onder": aandelen * float(onder),
        "uitbreidingsvraag_boven": aandelen * float(boven),
    })
    uit.index.name = "onderwijsniveau"
    return uit


# ---------------------------------------------------------------------------------------------------------------
# 4. National upgrading, separately


def opwaardering_per_niveau(verdeling: pd.DataFrame, sector: str, jaren: Iterable[int], banen_basis: float,
                            horizon: int, waarde: str = WAARDE_VERDELING) -> pd.DataFrame:
    """The national shift toward higher-educated work in ``sector`` as its own component.

    Per level a straight line through the national shares over the base years ``jaren`` (at least two); its slope
    times ``horizon`` is the shift in share, times ``banen_basis`` the shift in jobs. The levels add up to zero: it
    moves jobs between levels and adds none. A share that the line would push below zero is held at zero (and the
    shares rescaled). Columns: ``aandeel_basis, helling_procentpunt_per_jaar, verschuiving_procentpunt,
    opwaardering``; ``attrs['label']`` is the Dutch name. Never add it to the openings without saying so.
    """
    jaren = tuple(sorted({int(j) for j in jaren}))
    if len(jaren) < 2:
        raise OnvoldoendeDataFout(
            f"Voor de landelijke verschuiving naar hoger opgeleid werk in sector {sector} zijn minstens twee "
            f"basisjaren met een volledige verdeling nodig; er is er {len(jaren)}."
        )
    basis = basisaandelen(verdeling, sector, jaren, waarde)
    aandelen = niveau_aandelen(verdeling, sector, waarde)
    breed = (aandelen.pivot(index="jaar", columns="onderwijsniveau", values="aandeel")
             .reindex(index=list(jaren), columns=list(NIVEAUS)))
    x = np.array(jaren, dtype=float)
    helling = pd.Series({n: float(np.polyfit(x, breed[n].to_numpy(dtype=float), 1)[0]) for n in NIVEAUS})
    eind = (basis + helling * horizon).clip(lower=0)
    eind = eind / eind.sum()
    verschuiving = eind - basis
    uit = pd.DataFrame({
        "aandeel_basis": basis,
        "helling_procentpunt_per_jaar": helling * 100,
        "verschuiving_procentpunt": verschuiving * 100,
        "opwaardering": verschuiving * float(banen_basis),
    })
    uit.index.name = "onderwijsniveau"
    uit.attrs.update(
        label=OPWAARDERING_LABEL, jaren=jaren, sector=sector,
        toelichting=(
            f"De {OPWAARDERING_LABEL}: de trend in de landelijke verdeling van sector {sector} over onderwijsniveaus "
            f"({_jaren_tekst(jaren)}, rechte lijn in de aandelen), doorgetrokken over {horizon} jaar en toegepast op de "
            "banen in het basisjaar. Samen over de niveaus is dit nul: werk schuift tussen niveaus, er komen geen "
            "banen bij. Dit staat apart en zit niet in de baanopeningen. Een trend over weinig enquêtejaren is "
            "onzeker."
        ),
    )
    return uit


# ---------------------------------------------------------------------------------------------------------------
# 5. Replacement demand as a range


@dataclass
class Vervangingsvraag:
    """Replacement demand by older workers leaving, per sector and level, as a range (onder, midden, boven)."""

    tabel: pd.DataFrame  # sector, onderwijsniveau, banen, aandeel_oud_procent, vervangingsvraag_onder/midden/boven
    sectorspecifiek: bool
    horizon: int
    fractie_onder: float
    fractie_midden: float
    fractie_boven: float
    toelichting: str

    def voor_sector(self, sector: str) -> pd.DataFrame:
        """The rows of one sector, indexed by level."""
        return self.tabel[self.tabel["sector"] == sector].set_index("onderwijsniveau")


def vervangingsvraag_per_niveau(banen_per_niveau, aandeel_oud_procent, horizon: int, *, leeftijdsgrens: int = 55,
                                pensioenleeftijd: int = 67, oudste: int = 75) -> Vervangingsvraag:
    """Replacement demand over ``horizon`` years as a range.

    Workers aged ``leeftijdsgrens`` or over are taken to leave spread evenly over the ages up to their exit: for
    the high end all by ``pensioenleeftijd`` (fraction min(horizon / (pensioenleeftijd − leeftijdsgrens), 1) leaves
    within the horizon), for the low end spread up to ``oudste`` (min(horizon / (oudste − leeftijdsgrens), 1)); the
    middle is the mean of both. ``banen_per_niveau`` is a Series of one sector (levels as index, the sector as
    ``name``) or a DataFrame sectors x levels. ``aandeel_oud_procent`` is one all-sector share (the same for every
    sector and level) or a dict sector -> share; ``sectorspecifiek`` and the Dutch ``toelichting`` say which.
    """
    if not leeftijdsgrens < pensioenleeftijd <= oudste:
        raise ValueError("Kies leeftijdsgrens < pensioenleeftijd <= oudste (bijvoorbeeld 55, 67 en 75).")
    if horizon < 0:
        raise ValueError("De horizon moet nul of meer jaren zijn.")
    if isinstance(banen_per_niveau, pd.Series):
        matrix = banen_per_niveau.to_frame().T
        matrix.index = [banen_per_niveau.name if banen_per_niveau.name is not None else "sector"]
    else:
        matrix = pd.DataFrame(banen_per_niveau)
    matrix = matrix.reindex(columns=list(NIVEAUS)).astype(float)
    sectorspecifiek = isinstance(aandeel_oud_procent, Mapping)
    if sectorspecifiek:
        ontbreekt = [str(s) for s in matrix.index if s not in aandeel_oud_procent]
        if ontbreekt:
            raise OnvoldoendeDataFout(
                f"Het aandeel 55-plussers per sector ontbreekt voor {tekst.lijst(ontbreekt)}. Geef het per sector, "
                "of geef één aandeel voor alle sectoren samen."
            )
        aandelen = {s: float(aandeel_oud_procent[s]) for s in matrix.index}
    else:
        aandelen = {s: float(aandeel_oud_procent) for s in matrix.index}
    buiten = [f"{s} ({a})" for s, a in aandelen.items() if not pd.isna(a) and not 0 <= a <= 100]
    if buiten:
        raise ValueError(f"Een aandeel 55-plussers ligt tussen 0 en 100 procent; niet: {', '.join(buiten)}.")
    fractie_boven = min(horizon / (pensioenleeftijd - leeftijdsgrens), 1.0)
    fractie_onder = min(horizon / (oudste - leeftijdsgrens), 1.0)
    fractie_midden = (fractie_onder + fractie_boven) / 2
    rijen = []
    for sector, rij in matrix.iterrows():
        oud = aandelen[sector] / 100
        for niveau in NIVEAUS:
            banen_ = float(rij[niveau])
            rijen.append({
                "sector": sector, "onderwijsniveau": niveau, "banen": banen_,
                "aandeel_oud_procent": aandelen[sector],
                "vervangingsvraag_onder": banen_ * oud * fractie_onder,
                "vervangingsvraag_midden": banen_ * oud * fractie_midden,
                "vervangingsvraag_boven": banen_ * oud * fractie_boven,
            })
    if sectorspecifiek:
        bron = "Per sector is het eigen aandeel 55-plussers van die sector gebruikt, gelijk voor de drie niveaus."
    else:
        bron = (f"Het aandeel 55-plussers is één regionaal cijfer voor alle sectoren samen "
                f"({tekst.procent(float(aandeel_oud_procent))}): hetzelfde regionale aandeel is toegepast op elke "
                "sector en elk onderwijsniveau. De werkelijke leeftijdsopbouw verschilt per sector en per niveau, dus "
                "voor een sector kan dit te hoog of te laag uitvallen.")
    toelichting = (
        f"Vervangingsvraag door uittreding van oudere werkenden over {horizon} jaar, als bandbreedte. Aanname: "
        f"werkenden van {leeftijdsgrens} jaar en ouder stoppen gelijk verspreid over de leeftijden tot hun uittreden. "
        f"Bovenkant: allemaal uiterlijk op {pensioenleeftijd} jaar, dus {tekst.procent(fractie_boven * 100)} van hen "
        f"binnen de horizon; onderkant: verspreid tot {oudste} jaar, {tekst.procent(fractie_onder * 100)}; het midden "
        f"ligt daartussen. {bron} Het aandeel gaat over personen naar woonplaats en is hier toegepast op banen naar "
        "werkplaats. Andere uitstroom (arbeidsongeschiktheid, tijdelijk stoppen, overstap naar een ander beroep of "
        "een andere sector) zit er niet in."
    )
    return Vervangingsvraag(pd.DataFrame(rijen), sectorspecifiek, horizon, fractie_onder, fractie_midden,
                            fractie_boven, toelichting)


# ---------------------------------------------------------------------------------------------------------------
# 6. Everything for one sector


def afgerond(waarde):
    """Demand as precise as the method: to tens, above 1 000 to hundreds (half away from zero). Unknown stays NaN;
    a Series or DataFrame is rounded per value."""
    if isinstance(waarde, (pd.Series, pd.DataFrame)):
        return waarde.map(afgerond)
    if tekst.is_leeg(waarde):
        return np.nan
    w = float(waarde)
    if not np.isfinite(w):
        return w
    stap = Decimal("1E2") if abs(w) > 1000 else Decimal("1E1")
    return float(Decimal(repr(w)).quantize(stap, rounding=ROUND_HALF_UP)) + 0.0  # + 0.0: no −0


@dataclass
class Vraag:
    """Demand per education level for one sector in one region over the horizon, in jobs (not persons).

    ``per_niveau`` has one row per level: ``banen_basis`` (jobs in the base year), ``aandeel_basis`` (regionalised
    share), ``aandeel_nl`` (national base-period share), ``uitbreidingsvraag`` (+ ``_onder``/``_boven``),
    ``vervangingsvraag_onder/midden/boven``, ``opwaardering`` (the national shift, separate) and
    ``baanopeningen_onder/boven`` = max(uitbreidingsvraag + vervangingsvraag, 0) over the projection band and
    the replacement range, WITHOUT opwaardering.
    """

    regio: str
    sector: str
    jaar: int
    basisjaar: int
    horizon: int
    venster: str
    per_niveau: pd.DataFrame
    sectorspecifiek: bool
    toelichting: str
    basisjaar_voorlopig: bool = False
    eenheid: str = EENHEID
    opwaardering_label: str = OPWAARDERING_LABEL
    matrix: pd.DataFrame | None = field(default=None, repr=False)

    def als_tabel(self) -> pd.DataFrame:
        """The figures for a reader: Dutch headings, rounded (:func:`afgerond`), ranges as 'a tot b'."""
        def getal(x):
            return tekst.getal(afgerond(x), 0)

        def bereik(onder, boven):
            return tekst.bereik(afgerond(onder), afgerond(boven))

        p = self.per_niveau
        return pd.DataFrame({
            "Onderwijsniveau": p["niveau"],
            f"Banen {tekst.periode(None, self.basisjaar, self.basisjaar_voorlopig)}": p["banen_basis"].map(getal),
            f"Uitbreidingsvraag {self.horizon} jaar": p["uitbreidingsvraag"].map(getal),
            "Vervangingsvraag (bandbreedte)": [bereik(o, b) for o, b in
                                               zip(p["vervangingsvraag_onder"], p["vervangingsvraag_boven"])],
            "Baanopeningen (bandbreedte)": [bereik(o, b) for o, b in
                                            zip(p["baanopeningen_onder"], p["baanopeningen_boven"])],
            f"Apart: {self.opwaardering_label}": p["opwaardering"].map(getal),
        }).reset_index(drop=True)


def _aandeel_oud_regio(beroepsbevolking: pd.DataFrame | None, regio: str, jaar: int) -> tuple[float, str]:
    if beroepsbevolking is None:
        return np.nan, ""
    a = aandeel_55plus(beroepsbevolking, regio)
    a = a[(a["jaar"] <= jaar) & a["aandeel_procent"].notna()]
    if a.empty:
        return np.nan, ""
    laatste = a.iloc[-1]
    return float(laatste["aandeel_procent"]), tekst.periode(None, int(laatste["jaar"]), bool(laatste["voorlopig"]))


def vraag_voor_sector(banen: pd.DataFrame, verdeling: pd.DataFrame, beroepsbevolking: pd.DataFrame | None,
                      regio: str, sector: str, jaar: int, horizon: int, verandering_banen,
                      band: tuple[float, float] | None = None, aandeel_oud_procent=None,
                      sectoren: Iterable[str] | None = None, *, basisjaren: int = 3,
                      matrix: pd.DataFrame | None = None) -> Vraag:
    """Demand per level for ``sector`` in ``regio``: steps 1-5 of this module together.

    ``verandering_banen`` is the ONE projected change of the sector's jobs over ``horizon`` years, in the unit of
    the banen table (x 1 000), e.g. ``Projectie.uitbreidingsvraag``; a :class:`werkboek.analyse.Projectie` itself is
    accepted too (its band is then used unless ``band`` is given). ``aandeel_oud_procent``: None for the region's
    all-sector share of 55-plussers (from ``beroepsbevolking``), a number, or a dict sector -> share. ``sectoren``:
    the sectors of the regional matrix (default: every sector of the region in ``banen``); ``matrix``: that matrix
    when it is already made (:func:`regionale_niveaumatrix`). Results are in jobs.
    """
    if hasattr(verandering_banen, "uitbreidingsvraag"):
        projectie = verandering_banen
        if int(projectie.horizon) != int(horizon):
            raise ValueError(f"De projectie heeft een horizon van {projectie.horizon} jaar, niet {horizon}.")
        band = band if band is not None else projectie.uitbreidingsvraag_band
        verandering_banen = projectie.uitbreidingsvraag
    if sectoren is not None:
        sectoren = list(dict.fromkeys([sector, *sectoren]))
    if matrix is None:  # one matrix serves every sector of a region: pass it in when asking for several
        matrix = regionale_niveaumatrix(banen, verdeling, beroepsbevolking, regio, jaar, sectoren, basisjaren)
    if sector not in matrix.index:
        reden = matrix.attrs["weggelaten"].get(sector, "geen banen in de banentabel")
        raise OnvoldoendeDataFout(
            f"Voor sector {sector} in {regio} is geen vraag per onderwijsniveau te schatten: {reden}."
        )
    f = factor(eenheid("banen", "banen"))
    basisjaar = int(matrix.attrs["basisjaar"])
    rij = matrix.loc[sector].astype(float)
    banen_sector = float(rij.sum())
    aandelen = rij / banen_sector
    band_aantal = (band[0] * f, band[1] * f) if band is not None else None
    uitbreiding = uitbreidingsvraag_per_niveau(aandelen, float(verandering_banen) * f, band_aantal)

    jaren_nl = matrix.attrs["verdelingsjaren"][sector]
    aandeel_nl = basisaandelen(verdeling, sector, jaren_nl)
    notities = []
    try:
        opwaardering = opwaardering_per_niveau(verdeling, sector, jaren_nl, banen_sector * f, horizon)
        notities.append(opwaardering.attrs["toelichting"])
        opwaardering = opwaardering["opwaardering"]
    except OnvoldoendeDataFout as fout:
        opwaardering = pd.Series(np.nan, index=list(NIVEAUS))
        notities.append(f"De {OPWAARDERING_LABEL} is onbekend: {fout}")

    oud_jaar = ""
    if aandeel_oud_procent is None:
        aandeel_oud_procent, oud_jaar = _aandeel_oud_regio(beroepsbevolking, regio, jaar)
    vervanging = vervangingsvraag_per_niveau(pd.Series(rij * f, name=sector), aandeel_oud_procent, horizon)
    v = vervanging.voor_sector(sector)
    if not vervanging.sectorspecifiek and pd.isna(aandeel_oud_procent):
        notities.append("Het aandeel 55-plussers in de regio is onbekend, dus de vervangingsvraag en de "
                        "baanopeningen zijn onbekend.")
    elif oud_jaar:
        notities.append(f"Aandeel 55-plussers: werkzame beroepsbevolking in de regio, {oud_jaar}.")

    per_niveau = pd.DataFrame({
        "onderwijsniveau": list(NIVEAUS),
        "niveau": [tekst.niveau_label(n) for n in NIVEAUS],
        "banen_basis": (rij * f).to_numpy(),
        "aandeel_basis": aandelen.to_numpy(),
        "aandeel_nl": aandeel_nl.reindex(list(NIVEAUS)).to_numpy(),
        "uitbreidingsvraag": uitbreiding["uitbreidingsvraag"].to_numpy(),
        "uitbreidingsvraag_onder": uitbreiding["uitbreidingsvraag_onder"].to_numpy(),
        "uitbreidingsvraag_boven": uitbreiding["uitbreidingsvraag_boven"].to_numpy(),
        "vervangingsvraag_onder": v["vervangingsvraag_onder"].reindex(list(NIVEAUS)).to_numpy(),
        "vervangingsvraag_midden": v["vervangingsvraag_midden"].reindex(list(NIVEAUS)).to_numpy(),
        "vervangingsvraag_boven": v["vervangingsvraag_boven"].reindex(list(NIVEAUS)).to_numpy(),
        "opwaardering": opwaardering.reindex(list(NIVEAUS)).to_numpy(),
        # openings = expansion + replacement, never below 0 (ROA): shrinking work leaves part of the leavers
        # unreplaced; the range combines the projection's 80% interval and the replacement range
        "baanopeningen_onder": (uitbreiding["uitbreidingsvraag_onder"].fillna(uitbreiding["uitbreidingsvraag"])
                                + v["vervangingsvraag_onder"]).clip(lower=0).reindex(list(NIVEAUS)).to_numpy(),
        "baanopeningen_boven": (uitbreiding["uitbreidingsvraag_boven"].fillna(uitbreiding["uitbreidingsvraag"])
                                + v["vervangingsvraag_boven"]).clip(lower=0).reindex(list(NIVEAUS)).to_numpy(),
    })
    voorlopig = bool(matrix.attrs["basisjaar_voorlopig"])
    venster = (
        f"Banen {tekst.periode(None, basisjaar, voorlopig)} (naar werkplaats); landelijke verdeling naar "
        f"onderwijsniveau: gemiddelde {_jaren_tekst(jaren_nl)}; werkenden naar onderwijsniveau in de regio: "
        f"gemiddelde {_jaren_tekst(matrix.attrs['mixjaren'])}; horizon {basisjaar}–{basisjaar + horizon} "
        f"({horizon} jaar)."
    )
    toelichting = " ".join([
        f"Eenheid: {EENHEID_TOELICHTING}.",
        matrix.attrs["toelichting"],
        "Uitbreidingsvraag: één geprojecteerde verandering van de banen in de sector over de horizon, verdeeld met de "
        "vaste (geregionaliseerde) aandelen per niveau; de niveaus tellen op tot die ene verandering. Een sector die "
        "gelijk blijft heeft op elk niveau nul uitbreidingsvraag, een krimpende sector op elk niveau een negatieve.",
        vervanging.toelichting,
        *notities,
        "Baanopeningen = uitbreidingsvraag + vervangingsvraag, niet minder dan nul (krimpend werk vervangt niet "
        "iedereen die vertrekt), als bandbreedte van het 80%-interval van de projectie en de vervangingsvraag, "
        f"zonder de {OPWAARDERING_LABEL}.",
        AFRONDING_TOELICHTING,
    ])
    return Vraag(regio, sector, int(jaar), basisjaar, int(horizon), venster, per_niveau, vervanging.sectorspecifiek,
                 toelichting, basisjaar_voorlopig=voorlopig, matrix=matrix)
