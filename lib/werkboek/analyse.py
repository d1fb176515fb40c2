"""Indicators for the duiding: growth, location quotient, projection, employment by education level, ageing,
education supply and similar regions.

Every function takes plain pandas DataFrames in the shape of ``bron.per_regio(thema)`` (contract C3): one row
per region (``AMxx`` or ``NL``), year and category, with the topic values as floats. Missing values stay NaN
all the way through; nothing here turns an unknown figure into 0. Provisional years (``voorlopig``) are kept
but flagged in every result, so a reader can see when the newest figure may still change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from werkboek import aanbod as aanbodmodel
from werkboek import sectorrichting, tekst
from werkboek.fouten import WerkboekFout
from werkboek.reeksen import (  # noqa: F401  (the series helpers, also used as analyse.<name> by the notebooks)
    BASISKOLOMMEN, NEDERLAND, OnvoldoendeDataFout, binnen_marge, categoriekolommen, groei, jaarlijkse_groei, kies,
    marges, reeks, regio_naam, voorlopig_van,
)
from werkboek.register import standaard_register

NIVEAUS = tekst.ONDERWIJSNIVEAUS

# The labour force aged 55-75 leaves work spread over roughly twelve years (from 55 to the state pension age of
# about 67). Used only for the indicative ageing part of replacement demand.
UITTREEDJAREN = 12

SCHATTING_TOELICHTING = (
    "Schatting: banen van werknemers in de sector in de regio (werkplaats) maal de landelijke verdeling van "
    "werkenden in die sector over onderwijsniveaus (personen, woonplaats, enquête). Dit is geen telling: de "
    "regionale opbouw naar onderwijsniveau kan afwijken van de landelijke."
)

VERVANGINGSVRAAG_TOELICHTING = (
    "Vergrijzing is maar één deel van de vervangingsvraag. Vervangingsvraag ontstaat ook door "
    "arbeidsongeschiktheid, door mensen die (tijdelijk) stoppen met werken en door werkenden die naar een "
    "ander beroep of een andere sector overstappen. Het aandeel 55-plussers geeft daarom alleen een indicatie "
    "van het vergrijzingsdeel, en dat deel is een ondergrens van de hele vervangingsvraag. De uitbreidingsvraag (de verwachte "
    "verandering van de werkgelegenheid) staat daar los van en kan negatief zijn. Baanopeningen = positieve "
    "uitbreidingsvraag + vervangingsvraag. Ramingen van de volledige vervangingsvraag per regio maakt het ROA "
    "(via ArbeidsmarktInZicht)."
)


def eenheid(thema: str, onderwerp: str) -> str:
    """The published unit of a topic from the table register (e.g. ``'x 1 000'`` or ``'aantal'``)."""
    spec = standaard_register().thema(thema)
    gevonden = spec.onderwerpen.get(onderwerp)
    return (gevonden.eenheid if gevonden is not None and gevonden.eenheid else None) or spec.eenheid or "aantal"


def factor(eenheid_tekst: str) -> float:
    """Multiplier from a published unit to a plain count."""
    return 1000.0 if eenheid_tekst.replace("\u00a0", " ").strip() == "x 1 000" else 1.0


# ---------------------------------------------------------------------------------------------------------------
# 2. Location quotient


def locatiequotient(
    banen: pd.DataFrame,
    waarde: str = "banen",
    totaal: str = "totaal",
    onderdrukt_als_onbekend: bool = False,
) -> pd.DataFrame:
    """Sector share in the region divided by the sector share in Nederland, per region, year and sector.

    Shares use the published total row (``sector == totaal``), never a sum of sectors. The quotient is NaN
    when the region's sector value, its total, or the Dutch values are unknown. ``deels_onderdrukt`` says that
    a regional sum rests partly on suppressed gemeente cells (column ``<waarde>_onderdrukt`` > 0); with
    ``onderdrukt_als_onbekend=True`` such quotients become NaN as well.
    """
    onderdrukt_kolom = f"{waarde}_onderdrukt"
    df = banen.copy()
    df["_onderdrukt"] = df[onderdrukt_kolom].fillna(0) > 0 if onderdrukt_kolom in df.columns else False
    totalen = df[df["sector"] == totaal][["regio", "jaar", waarde, "_onderdrukt"]].rename(
        columns={waarde: "_totaal", "_onderdrukt": "_totaal_onderdrukt"})
    sectoren = df[df["sector"] != totaal].merge(totalen, on=["regio", "jaar"], how="left")
    sectoren["aandeel_procent"] = sectoren[waarde] / sectoren["_totaal"] * 100
    nl = sectoren[sectoren["regio"] == NEDERLAND][["jaar", "sector", "aandeel_procent"]].rename(
        columns={"aandeel_procent": "aandeel_nl_procent"})
    uit = sectoren[sectoren["regio"] != NEDERLAND].merge(nl, on=["jaar", "sector"], how="left")
    uit["deels_onderdrukt"] = uit["_onderdrukt"] | uit["_totaal_onderdrukt"].fillna(False).astype(bool)
    uit["locatiequotient"] = uit["aandeel_procent"] / uit["aandeel_nl_procent"]
    if onderdrukt_als_onbekend:
        uit.loc[uit["deels_onderdrukt"], "locatiequotient"] = np.nan
    uit.loc[~np.isfinite(uit["locatiequotient"].astype(float)), "locatiequotient"] = np.nan
    kolommen = ["regio", "regio_naam", "jaar", "voorlopig", "sector", waarde, "aandeel_procent",
                "aandeel_nl_procent", "locatiequotient", "deels_onderdrukt"]
    return uit[[k for k in kolommen if k in uit.columns]].sort_values(["regio", "jaar", "sector"]).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------------
# 3. Projection


@dataclass
class Projectie:
    """A trend projection over the horizon with an uncertainty band and its assumptions in Dutch."""

    onderwerp: str
    methode: str
    basisjaar: int
    basiswaarde: float
    horizon: int
    groei_procent: float
    spreiding_procentpunt: float
    trendjaren: tuple[int, int]
    tabel: pd.DataFrame  # jaar, waarde (observed), verwacht, onder, boven
    voorlopig_basis: bool
    aannames: str

    @property
    def horizonjaar(self) -> int:
        return self.basisjaar + self.horizon

    def _op_horizon(self, kolom: str) -> float:
        return float(self.tabel.loc[self.tabel["jaar"] == self.horizonjaar, kolom].iloc[0])

    @property
    def verwacht(self) -> float:
        return self._op_horizon("verwacht")

    @property
    def band(self) -> tuple[float, float]:
        return self._op_horizon("onder"), self._op_horizon("boven")

    @property
    def uitbreidingsvraag(self) -> float:
        """Projected change over the horizon in the series' unit; negative when employment shrinks."""
        return self.verwacht - self.basiswaarde

    @property
    def uitbreidingsvraag_band(self) -> tuple[float, float]:
        onder, boven = self.band
        return onder - self.basiswaarde, boven - self.basiswaarde


def projecteer(
    serie: pd.DataFrame,
    horizon: int = 5,
    trendjaren: int = 8,
    methode: str = "loglineair",
    onderwerp: str = "de reeks",
    eenheid_tekst: str = "",
) -> Projectie:
    """Project a ``reeks()`` result ``horizon`` years ahead from its last known value.

    ``methode="loglineair"`` fits a straight line through the logarithm of the last ``trendjaren`` known values
    (a constant yearly growth rate that is robust to one odd year); ``"cagr"`` uses the average yearly growth
    between the first and last of those years. The band applies the trend growth plus and minus the standard
    deviation of the year-on-year growth rates in the same years, compounded over the horizon. At least three
    known, positive values are needed.
    """
    if methode not in ("loglineair", "cagr"):
        raise ValueError("methode moet 'loglineair' of 'cagr' zijn")
    bekend = serie.dropna(subset=["waarde"]).sort_values("jaar")
    bekend = bekend[bekend["waarde"] > 0].tail(trendjaren)
    if len(bekend) < 3:
        raise OnvoldoendeDataFout(
            f"Voor een projectie van {onderwerp} zijn minstens drie bekende jaren nodig; er zijn er "
            f"{len(bekend)}. Kies een andere sector of regio, of gebruik een ROA-prognose via de importfunctie."
        )
    jaren = bekend["jaar"].astype(int).to_numpy()
    waarden = bekend["waarde"].astype(float).to_numpy()
    if methode == "loglineair":
        helling = np.polyfit(jaren, np.log(waarden), 1)[0]
        groei_ = float(np.expm1(helling))
    else:
        groei_ = float((waarden[-1] / waarden[0]) ** (1 / (jaren[-1] - jaren[0])) - 1)
    jaarlijks = jaarlijkse_groei(bekend) / 100
    spreiding = float(jaarlijks.std(ddof=1)) if len(jaarlijks) >= 2 else float(abs(groei_))
    basisjaar, basis = int(jaren[-1]), float(waarden[-1])
    stappen = np.arange(1, horizon + 1)
    toekomst = pd.DataFrame({
        "jaar": basisjaar + stappen,
        "verwacht": basis * (1 + groei_) ** stappen,
        "onder": basis * np.maximum(1 + groei_ - spreiding, 0) ** stappen,
        "boven": basis * (1 + groei_ + spreiding) ** stappen,
    })
    verleden = serie.loc[serie["jaar"] <= basisjaar, ["jaar", "waarde"]].copy()  # trailing unknown years drop out
    tabel = pd.concat([verleden, toekomst], ignore_index=True)
    basisrij = tabel["jaar"] == basisjaar
    tabel.loc[basisrij, ["verwacht", "onder", "boven"]] = basis
    voorlopig_basis = bool(bekend["voorlopig"].iloc[-1]) if "voorlopig" in bekend else False
    methode_tekst = ("een loglineaire trend (constante groei per jaar, kleinste kwadraten)" if methode == "loglineair"
                     else "de gemiddelde jaarlijkse groei (CAGR) tussen het eerste en laatste jaar")
    eenheid_deel = f" ({eenheid_tekst})" if eenheid_tekst else ""
    aannames = (
        f"Projectie van {onderwerp}{eenheid_deel} voor {horizon} jaar vanaf {basisjaar}"
        f"{' (voorlopig cijfer)' if voorlopig_basis else ''}, met {methode_tekst} over "
        f"{tekst.periode(int(jaren[0]), basisjaar)} ({len(jaren)} bekende jaren): "
        f"{tekst.procent(groei_ * 100, teken=True)} per jaar. De band gebruikt die groei plus en min de spreiding "
        f"(standaardafwijking) van de jaarlijkse groei, {tekst.getal(spreiding * 100)} procentpunt, "
        f"doorgetrokken over de horizon. Aanname: de groei van de afgelopen jaren zet zich voort; conjunctuur, "
        f"beleid en krapte kunnen dat veranderen. Dit is een eenvoudige trend, geen ROA-prognose."
    )
    return Projectie(onderwerp, methode, basisjaar, basis, horizon, groei_ * 100, spreiding * 100,
                     (int(jaren[0]), basisjaar), tabel.sort_values("jaar").reset_index(drop=True),
                     voorlopig_basis, aannames)


# ---------------------------------------------------------------------------------------------------------------
# 4. Employment by education level


def werkgelegenheid_naar_onderwijsniveau(
    banen: pd.DataFrame,
    verdeling: pd.DataFrame,
    regio: str,
    sector: str,
    waarde: str = "banen",
    verdeling_waarde: str = "werkzame_beroepsbevolking",
) -> pd.DataFrame:
    """ESTIMATE of the region's jobs in ``sector`` per education level (laag, middelbaar, hoog), per year.

    Regional jobs (place of work) times the national share of each education level among workers in that
    sector (theme ``werkzamen_sector_onderwijs``: persons by place of residence, ``kenmerk`` onderwijs_laag,
    onderwijs_middelbaar, onderwijs_hoog). The share of a year comes from the same year, or else from the nearest
    year that has a distribution (``verdeling_jaar`` says which). Shares are taken over the three levels when all
    are known, else over the published total. Result columns: ``jaar, voorlopig, onderwijsniveau, niveau,
    banen_sector, aandeel_nl_procent, verdeling_jaar, banen_geschat``; ``attrs['schatting']`` is True and
    ``attrs['toelichting']`` explains the method.
    """
    aandelen = _niveau_aandelen(verdeling, sector, verdeling_waarde)
    if aandelen.empty:
        raise OnvoldoendeDataFout(
            f"Er is geen landelijke verdeling naar onderwijsniveau voor sector {sector} (thema "
            "werkzamen_sector_onderwijs). Zonder die verdeling kan het werkboek de banen niet naar niveau schatten."
        )
    sectorreeks = reeks(banen, waarde, regio, sector=sector)
    beschikbaar = np.array(sorted(aandelen["jaar"].unique()))
    rijen = []
    for _, r in sectorreeks.iterrows():
        verdeling_jaar = int(beschikbaar[np.argmin(np.abs(beschikbaar - r["jaar"]))])
        for _, a in aandelen[aandelen["jaar"] == verdeling_jaar].iterrows():
            rijen.append({
                "regio": regio, "jaar": int(r["jaar"]), "voorlopig": bool(r["voorlopig"]),
                "sector": sector, "onderwijsniveau": a["onderwijsniveau"],
                "niveau": tekst.niveau_label(a["onderwijsniveau"]), "banen_sector": r["waarde"],
                "aandeel_nl_procent": a["aandeel"] * 100, "verdeling_jaar": verdeling_jaar,
                "banen_geschat": r["waarde"] * a["aandeel"],
            })
    uit = pd.DataFrame(rijen)
    uit["onderwijsniveau"] = pd.Categorical(uit["onderwijsniveau"], categories=list(NIVEAUS), ordered=True)
    uit = uit.sort_values(["jaar", "onderwijsniveau"]).reset_index(drop=True)
    uit["onderwijsniveau"] = uit["onderwijsniveau"].astype(str)
    uit.attrs["schatting"] = True
    uit.attrs["label"] = f"Banen in de sector, geschat naar onderwijsniveau — {tekst.BANEN_WERKPLAATS}"
    uit.attrs["toelichting"] = SCHATTING_TOELICHTING
    return uit


def _niveau_aandelen(verdeling: pd.DataFrame, sector: str, waarde: str) -> pd.DataFrame:
    """National share of each of the three levels among workers in ``sector`` per year."""
    df = verdeling
    if "regio" in df.columns:
        df = df[df["regio"] == NEDERLAND]
    df = df[df["sector"] == sector]
    kenmerken = {f"onderwijs_{n}": n for n in NIVEAUS}
    rijen = []
    for jaar, deel in df.groupby("jaar"):
        per_kenmerk = deel.set_index("kenmerk")[waarde]
        niveaus = per_kenmerk.reindex(list(kenmerken))
        if niveaus.notna().all() and niveaus.sum() > 0:
            noemer = niveaus.sum()
        else:
            noemer = per_kenmerk.get("totaal", np.nan)
        if not noemer or pd.isna(noemer):
            continue
        for kenmerk, v in niveaus.items():
            rijen.append({"jaar": int(jaar), "onderwijsniveau": kenmerken[kenmerk], "aandeel": v / noemer})
    return pd.DataFrame(rijen, columns=["jaar", "onderwijsniveau", "aandeel"])


def beroepsbevolking_naar_onderwijsniveau(
    beroepsbevolking: pd.DataFrame, regio: str, waarde: str = "werkzame_beroepsbevolking"
) -> pd.DataFrame:
    """Persons (place of residence) by education level laag/middelbaar/hoog, in the region and in Nederland.

    Shares are taken of the published total (``kenmerk == 'totaal'``). Columns: ``jaar, voorlopig,
    onderwijsniveau, niveau, <waarde>, aandeel_procent, aandeel_nl_procent``.
    """
    kenmerken = ["onderwijs_laag", "onderwijs_middelbaar", "onderwijs_hoog"]

    def aandelen(code: str) -> pd.DataFrame:
        deel = kies(beroepsbevolking, regio=code)
        totaal = deel[deel["kenmerk"] == "totaal"].set_index("jaar")[waarde]
        niveaus = deel[deel["kenmerk"].isin(kenmerken)].copy()
        niveaus["aandeel_procent"] = niveaus[waarde].to_numpy() / niveaus["jaar"].map(totaal).to_numpy() * 100
        return niveaus

    regionaal = aandelen(regio)
    nl = aandelen(NEDERLAND)[["jaar", "kenmerk", "aandeel_procent"]].rename(
        columns={"aandeel_procent": "aandeel_nl_procent"})
    uit = regionaal.merge(nl, on=["jaar", "kenmerk"], how="left").rename(columns={"kenmerk": "onderwijsniveau"})
    uit["niveau"] = uit["onderwijsniveau"].map(tekst.niveau_label)
    uit["voorlopig"] = voorlopig_van(uit)
    uit = uit[["jaar", "voorlopig", "onderwijsniveau", "niveau", waarde, "aandeel_procent", "aandeel_nl_procent"]]
    uit.attrs["label"] = f"Werkzame beroepsbevolking naar onderwijsniveau — {tekst.PERSONEN_WOONPLAATS}"
    return uit.sort_values(["jaar", "onderwijsniveau"]).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------------
# 5. Ageing: the ageing part of replacement demand


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


@dataclass
class Vraagcomponenten:
    """Expansion demand and the ageing part of replacement demand, kept apart, with their caveat."""

    uitbreidingsvraag: float
    uitbreidingsvraag_band: tuple[float, float]
    vergrijzingsdeel: float
    baanopeningen_indicatie: float
    eenheid: str
    horizon: int
    toelichting: str = VERVANGINGSVRAAG_TOELICHTING

    def als_tabel(self) -> pd.DataFrame:
        return pd.DataFrame([
            {"component": "Uitbreidingsvraag (verwachte verandering)", "waarde": self.uitbreidingsvraag,
             "onder": self.uitbreidingsvraag_band[0], "boven": self.uitbreidingsvraag_band[1]},
            {"component": "Vervangingsvraag, alleen vergrijzingsdeel (indicatie)", "waarde": self.vergrijzingsdeel,
             "onder": np.nan, "boven": np.nan},
            {"component": "Baanopeningen, indicatie (positieve uitbreidingsvraag + vergrijzingsdeel)",
             "waarde": self.baanopeningen_indicatie, "onder": np.nan, "boven": np.nan},
        ]).assign(eenheid=self.eenheid, horizon_jaren=self.horizon)


def vraagcomponenten(projectie: Projectie, aandeel_55plus_procent: float, eenheid_tekst: str = "",
                     uittreedjaren: int = UITTREEDJAREN) -> Vraagcomponenten:
    """Expansion demand (projected change) and the indicative ageing part of replacement demand over the horizon.

    The ageing part assumes that the workers now aged 55 or over leave evenly over ``uittreedjaren`` years, so
    ``horizon / uittreedjaren`` of them leave within the horizon. It is a lower bound of replacement demand.
    """
    fractie = min(projectie.horizon / uittreedjaren, 1.0)
    vergrijzing = projectie.basiswaarde * aandeel_55plus_procent / 100 * fractie
    uitbreiding = projectie.uitbreidingsvraag
    return Vraagcomponenten(uitbreiding, projectie.uitbreidingsvraag_band, vergrijzing,
                            max(uitbreiding, 0.0) + vergrijzing if not np.isnan(vergrijzing) else np.nan,
                            eenheid_tekst, projectie.horizon)


# ---------------------------------------------------------------------------------------------------------------
# 10. Similar regions


def sectorstructuur(banen: pd.DataFrame, jaar: int | None = None, waarde: str = "banen",
                    totaal: str = "totaal") -> pd.DataFrame:
    """Sector shares (percent of the published total) per region in one year: regions as rows, sectors as
    columns; NL included. ``jaar`` defaults to the latest year with data."""
    jaar = int(banen["jaar"].max()) if jaar is None else jaar
    deel = banen[banen["jaar"] == jaar]
    breed = deel.pivot_table(index="regio", columns="sector", values=waarde, aggfunc="first", dropna=False)
    if totaal not in breed.columns:
        raise OnvoldoendeDataFout(f"De banentabel heeft geen totaal ('{totaal}') voor {jaar}.")
    aandelen = breed.drop(columns=[totaal]).div(breed[totaal], axis=0) * 100
    aandelen.attrs["jaar"] = jaar
    return aandelen


def vergelijkbare_regios(banen: pd.DataFrame, regio: str, jaar: int | None = None, aantal: int = 3,
                         maat: str = "cosinus") -> pd.DataFrame:
    """The ``aantal`` regions whose sector structure is most like ``regio``'s, the region itself and NL excluded.

    ``maat="cosinus"`` compares the direction of the share vectors (1 = identical mix); ``"euclidisch"`` the
    distance in percentage points. Only sectors known in both regions count; a region with fewer than half the
    sectors in common is skipped. Columns: ``regio, regio_naam, gelijkenis`` (higher is more alike) or
    ``afstand`` (lower is more alike), ``sectoren_vergeleken``.
    """
    if maat not in ("cosinus", "euclidisch"):
        raise ValueError("maat moet 'cosinus' of 'euclidisch' zijn")
    aandelen = sectorstructuur(banen, jaar)
    if regio not in aandelen.index:
        raise OnvoldoendeDataFout(f"Regio {regio} heeft geen banen in {aandelen.attrs['jaar']}.")
    eigen = aandelen.loc[regio]
    rijen = []
    for andere, vector in aandelen.drop(index=[r for r in (regio, NEDERLAND) if r in aandelen.index]).iterrows():
        samen = eigen.notna() & vector.notna()
        if samen.sum() < max(2, len(eigen) / 2):
            continue
        a, b = eigen[samen].to_numpy(), vector[samen].to_numpy()
        if maat == "cosinus":
            score = float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))
        else:
            score = float(np.sqrt(((a - b) ** 2).sum()))
        rijen.append({"regio": andere, "regio_naam": regio_naam(banen, andere),
                      "gelijkenis" if maat == "cosinus" else "afstand": score,
                      "sectoren_vergeleken": int(samen.sum())})
    kolom = "gelijkenis" if maat == "cosinus" else "afstand"
    uit = pd.DataFrame(rijen, columns=["regio", "regio_naam", kolom, "sectoren_vergeleken"])
    uit = uit.sort_values([kolom, "regio"], ascending=[maat == "euclidisch", True]).head(aantal)
    uit.attrs["jaar"] = aandelen.attrs["jaar"]
    return uit.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------------
# The basis for the duiding: all indicators for the focus sector per education level


@dataclass
class Duidingsbasis:
    """Every number the duiding table and the pain-point rules read, for one region and focus sector."""

    regio: str
    regio_naam: str
    sector: str
    sector_naam: str
    richting: str  # the study directions linked to the sector, as a reader names them
    venster: int
    horizon: int
    per_niveau: pd.DataFrame
    sector_groei: dict
    sector_groei_nl: dict
    vergrijzing: dict | None
    instroom_totaal: dict
    ontbrekend: list[str] = field(default_factory=list)
    sectoren_richting: list[str] = field(default_factory=list)  # every sector the linked ISCED-F fields supply
    aanbod: aanbodmodel.Onderwijsaanbod | None = None  # the education supply behind the supply columns of per_niveau

    @property
    def instroom_bekend(self) -> bool:
        """Whether DUO counts first-years for this region at some level (else only the student trend is known)."""
        return self.aanbod is not None and self.aanbod.instroom_bekend


_LEGE_VRAAG = ("banen_geschat", "werkgelegenheid_jaar", "werkgelegenheid_cagr_procent", "werkgelegenheid_periode",
               "werkgelegenheid_voorlopig", "uitbreidingsvraag_per_jaar", "vergrijzingsdeel_per_jaar",
               "behoefte_per_jaar")


def vraag_per_niveau(banen: pd.DataFrame, verdeling: pd.DataFrame, regio: str, sector: str, jaar: int,
                     venster: int = 5, aandeel_55plus_procent: float = np.nan,
                     uittreedjaren: int = UITTREEDJAREN) -> pd.DataFrame:
    """Per education level for one sector: estimated jobs (x 1 000), their yearly growth, and the expected
    yearly need in persons: positive expansion demand (jobs x growth) plus the ageing part of replacement demand
    (jobs x share 55+ / ``uittreedjaren``). Raises :class:`OnvoldoendeDataFout` without a distribution."""
    geschat = werkgelegenheid_naar_onderwijsniveau(banen, verdeling, regio, sector)
    g = groei(geschat[geschat["jaar"] <= jaar], "banen_geschat", venster, jaar, groepen=["onderwijsniveau"])
    g = g.rename(columns={"eind": "banen_geschat", "cagr_procent": "werkgelegenheid_cagr_procent",
                          "periode": "werkgelegenheid_periode", "eind_voorlopig": "werkgelegenheid_voorlopig",
                          "eindjaar": "werkgelegenheid_jaar"})
    uit = pd.DataFrame({"onderwijsniveau": list(NIVEAUS)}).merge(g, on="onderwijsniveau", how="left")
    # Need in persons: banen are published x 1 000.
    banen_aantal = uit["banen_geschat"].astype(float) * factor(eenheid("banen", "banen"))
    uit["uitbreidingsvraag_per_jaar"] = banen_aantal * uit["werkgelegenheid_cagr_procent"].astype(float) / 100
    uit["vergrijzingsdeel_per_jaar"] = banen_aantal * aandeel_55plus_procent / 100 / uittreedjaren
    uit["behoefte_per_jaar"] = uit["uitbreidingsvraag_per_jaar"].clip(lower=0) + uit["vergrijzingsdeel_per_jaar"]
    return uit[["onderwijsniveau", *_LEGE_VRAAG]]


def sectoren_van_richting(sector: str) -> list[str]:
    """Every sector that the ISCED-F fields of ``sector`` supply (``data/sector_richting.csv``), ``sector`` first:
    the graduates of a field are shared by all of them, so their need is compared with the field's outflow."""
    andere = {s for veld in sectorrichting.richtingen(sector, "isced") for s in sectorrichting.sectoren_van("isced", veld)}
    from werkboek.parameters import alle_sectoren

    return [sector] + [s.code for s in alle_sectoren() if s.code in andere and s.code != sector]


def duidingsbasis(data: Mapping[str, pd.DataFrame | None], parameters, venster: int = 5,
                  aanbod_bekend: Mapping[str, bool] | None = None,
                  uittreedjaren: int = UITTREEDJAREN) -> Duidingsbasis:
    """Compute the indicators per education level for the focus sector.

    ``data`` maps theme names to per_regio frames (``banen``, ``werkzamen_sector_onderwijs``,
    ``beroepsbevolking`` and the education themes of :data:`werkboek.aanbod.THEMAS`); a missing theme gives NaN
    indicators and a Dutch line in ``ontbrekend``. ``parameters`` is a validated
    :class:`werkboek.parameters.Parameters` (or anything with ``regio.code``, ``jaar``, ``horizon``,
    ``sector.code`` and ``sector.naam``).
    Per level (``per_niveau``): the estimated jobs (``banen_geschat``, x 1 000, place of work) and their growth,
    the expected yearly need in persons of the focus sector (``behoefte_per_jaar``) and of every sector its
    ISCED-F fields supply (``behoefte_richting_per_jaar``, NaN when one of them is unknown), and the education
    supply of :func:`werkboek.aanbod.onderwijsaanbod` (students, first-years, expected outflow, programmes).
    """
    regio, jaar, horizon = parameters.regio.code, int(parameters.jaar), int(parameters.horizon)
    sector = parameters.sector.code
    ontbrekend: list[str] = []
    banen, verdeling = data.get("banen"), data.get("werkzamen_sector_onderwijs")
    beroepsbevolking = data.get("beroepsbevolking")
    naam = regio_naam(banen, regio) if banen is not None else regio

    sector_groei, sector_groei_nl = {}, {}
    if banen is not None:
        g = groei(kies(banen, sector=sector, regio=[regio, NEDERLAND]), "banen", venster, jaar, groepen=["regio"])
        sector_groei = g[g["regio"] == regio].iloc[0].to_dict() if (g["regio"] == regio).any() else {}
        sector_groei_nl = g[g["regio"] == NEDERLAND].iloc[0].to_dict() if (g["regio"] == NEDERLAND).any() else {}

    vergrijzing = None
    if beroepsbevolking is not None:
        a = aandeel_55plus(beroepsbevolking, regio)
        a = a[(a["jaar"] <= jaar) & a["aandeel_procent"].notna()]
        if len(a):
            laatste = a.iloc[-1]
            vergrijzing = {"jaar": int(laatste["jaar"]), "aandeel_procent": float(laatste["aandeel_procent"]),
                           "aandeel_nl_procent": float(laatste["aandeel_nl_procent"]),
                           "verschil_procentpunt": float(laatste["verschil_procentpunt"]),
                           "voorlopig": bool(laatste["voorlopig"]), "basis": a.attrs["basis"]}
    if vergrijzing is None:
        ontbrekend.append("Het aandeel 55-plussers in de beroepsbevolking is onbekend voor deze regio.")
    aandeel55 = vergrijzing["aandeel_procent"] if vergrijzing else np.nan

    sectoren = sectoren_van_richting(sector)
    per_niveau = pd.DataFrame({"onderwijsniveau": list(NIVEAUS), "niveau": [tekst.niveau_label(n) for n in NIVEAUS]})
    vraag = pd.DataFrame({"onderwijsniveau": list(NIVEAUS), **{k: np.nan for k in _LEGE_VRAAG}})
    richting_behoefte = pd.Series(np.nan, index=list(NIVEAUS))
    if banen is not None and verdeling is not None:
        try:
            vraag = vraag_per_niveau(banen, verdeling, regio, sector, jaar, venster, aandeel55, uittreedjaren)
        except OnvoldoendeDataFout as fout:
            ontbrekend.append(str(fout))
        delen = []
        for andere in sectoren:
            try:
                v = vraag if andere == sector else vraag_per_niveau(banen, verdeling, regio, andere, jaar, venster,
                                                                     aandeel55, uittreedjaren)
                delen.append(v.set_index("onderwijsniveau")["behoefte_per_jaar"])
            except OnvoldoendeDataFout:
                delen.append(pd.Series(np.nan, index=list(NIVEAUS)))
        # min_count: the need of the field is unknown as soon as one of its sectors is unknown
        richting_behoefte = pd.concat(delen, axis=1).sum(axis=1, min_count=len(delen))
    else:
        ontbrekend.append("Banen of de landelijke verdeling naar onderwijsniveau ontbreken: geen werkgelegenheid per niveau.")
    per_niveau = per_niveau.merge(vraag, on="onderwijsniveau", how="left")
    per_niveau["behoefte_richting_per_jaar"] = per_niveau["onderwijsniveau"].map(richting_behoefte).astype(float)

    aanbod = aanbodmodel.onderwijsaanbod(data, regio, sector, jaar, venster, aanbod_bekend)
    ontbrekend += aanbod.ontbrekend
    per_niveau = per_niveau.merge(aanbod.per_niveau.drop(columns=["niveau"]), on="onderwijsniveau", how="left")
    return Duidingsbasis(regio, naam, sector, parameters.sector.naam, sectorrichting.richting_label(sector), venster,
                         horizon, per_niveau, sector_groei, sector_groei_nl, vergrijzing, aanbod.instroom_totaal,
                         ontbrekend, sectoren, aanbod)


def laad_themas(bron, themas=("banen", "werkzamen_sector_onderwijs", "beroepsbevolking", "bevolking",
                              *aanbodmodel.THEMAS)) -> tuple[dict[str, pd.DataFrame | None], list[str]]:
    """``bron.per_regio(thema)`` for each theme; a theme that cannot be loaded becomes None plus a Dutch note."""
    data, meldingen = {}, []
    for thema in themas:
        try:
            data[thema] = bron.per_regio(thema)
        except WerkboekFout as fout:
            data[thema] = None
            meldingen.append(f"Thema '{thema}' is niet beschikbaar: {fout}")
    return data, meldingen


def herkomsten(data: Mapping[str, pd.DataFrame | None], *themas: str) -> list:
    """The Herkomst objects (``attrs['herkomst']``) of the loaded themes, for source lines under figures and
    tables; all loaded themes when none are named. Themes that are not loaded are skipped."""
    namen = themas or tuple(data)
    return [data[t].attrs["herkomst"] for t in namen
            if data.get(t) is not None and data[t].attrs.get("herkomst") is not None]


# ---------------------------------------------------------------------------------------------------------------
# Helpers for the notebooks: index series, structure comparison, the snapshot of key figures


def indexeer(serie: pd.DataFrame, basisjaar: int | None = None) -> pd.DataFrame:
    """A ``reeks()`` result with ``waarde`` rescaled to index 100 in ``basisjaar`` (default: first known
    year), so a region and Nederland can share one axis. NaN when the base year is unknown."""
    bekend = serie.dropna(subset=["waarde"])
    basisjaar = int(bekend["jaar"].min()) if basisjaar is None and len(bekend) else basisjaar
    basis = bekend.loc[bekend["jaar"] == basisjaar, "waarde"]
    noemer = float(basis.iloc[0]) if len(basis) and float(basis.iloc[0]) != 0 else np.nan
    uit = serie.copy()
    uit["waarde"] = uit["waarde"] / noemer * 100
    uit.attrs["basisjaar"] = basisjaar
    return uit


def structuurvergelijking(banen: pd.DataFrame, regio: str, jaar: int | None = None, aantal: int = 3) -> pd.DataFrame:
    """Sector shares (%) of the region, its ``aantal`` most similar regions and Nederland side by side; one row
    per sector with its name. Column headers are region names."""
    from werkboek.parameters import alle_sectoren

    aandelen = sectorstructuur(banen, jaar)
    vergelijkbaar = vergelijkbare_regios(banen, regio, aandelen.attrs["jaar"], aantal)["regio"].tolist()
    codes = [regio] + vergelijkbaar + ([NEDERLAND] if NEDERLAND in aandelen.index else [])
    namen = {s.code: s.naam for s in alle_sectoren()}
    tabel = aandelen.loc[codes].T
    tabel.columns = [regio_naam(banen, c) for c in codes]
    tabel.insert(0, "sector_naam", [namen.get(s, s) for s in tabel.index])
    tabel.index.name = "sector"
    tabel.attrs["jaar"] = aandelen.attrs["jaar"]
    return tabel.reset_index()


def _laatste(df: pd.DataFrame | None, waarde: str, regio: str, jaar: int, **filters) -> tuple[float, str]:
    if df is None:
        return np.nan, ""
    try:
        serie = reeks(df, waarde, regio, **filters)
    except OnvoldoendeDataFout:
        return np.nan, ""
    serie = serie[(serie["jaar"] <= jaar)].dropna(subset=["waarde"])
    if serie.empty:
        return np.nan, ""
    laatste = serie.iloc[-1]
    return float(laatste["waarde"]), f"{int(laatste['jaar'])}{'*' if laatste['voorlopig'] else ''}"


def momentopname(data: Mapping[str, pd.DataFrame | None], parameters, venster: int = 5) -> list[dict]:
    """Key figures of the region for the snapshot ("momentopname") and ``samenvatting.json``: latest known
    values up to the parameter year. Unknown figures stay None; nothing is filled with 0."""
    from werkboek.export import kerncijfer

    regio, jaar = parameters.regio.code, int(parameters.jaar)
    sector, sector_naam = parameters.sector.code, parameters.sector.naam.lower()
    banen, bb = data.get("banen"), data.get("beroepsbevolking")
    cijfers = []
    totaal, p_totaal = _laatste(banen, "banen", regio, jaar, sector="totaal")
    cijfers.append(kerncijfer("banen_totaal", "Banen van werknemers (werkplaats)", totaal, "x 1 000", p_totaal))
    in_sector, p_sector = _laatste(banen, "banen", regio, jaar, sector=sector)
    cijfers.append(kerncijfer("banen_sector", f"Banen in {sector_naam} (werkplaats)", in_sector, "x 1 000", p_sector))
    aandeel = in_sector / totaal * 100 if p_sector and p_sector == p_totaal else np.nan
    cijfers.append(kerncijfer("aandeel_sector", f"Aandeel {sector_naam} in de banen", aandeel, "%", p_sector))
    groei_sector = np.nan, ""
    if banen is not None:
        g = groei(kies(banen, regio=regio, sector=sector), "banen", venster, jaar, groepen=["regio"])
        if len(g):
            groei_sector = g.iloc[0]["cagr_procent"], g.iloc[0]["periode"]
    cijfers.append(kerncijfer("groei_sector", f"Groei banen {sector_naam} per jaar", groei_sector[0], "%", groei_sector[1]))
    werkzaam, p_werkzaam = _laatste(bb, "werkzame_beroepsbevolking", regio, jaar, kenmerk="totaal")
    cijfers.append(kerncijfer("werkzame_beroepsbevolking", "Werkzame beroepsbevolking (personen, woonplaats)",
                              werkzaam, "x 1 000", p_werkzaam))
    hoog, p_hoog = _laatste(bb, "werkzame_beroepsbevolking", regio, jaar, kenmerk="onderwijs_hoog")
    cijfers.append(kerncijfer("aandeel_hoog_opgeleid", "Aandeel hoogopgeleid in de werkzame beroepsbevolking",
                              hoog / werkzaam * 100 if p_hoog == p_werkzaam else np.nan, "%", p_hoog))
    oud, p_oud = _laatste(bb, "werkzame_beroepsbevolking", regio, jaar, kenmerk="leeftijd_55_75")
    cijfers.append(kerncijfer("aandeel_55plus", "Aandeel 55-plussers in de werkzame beroepsbevolking",
                              oud / werkzaam * 100 if p_oud == p_werkzaam else np.nan, "%", p_oud))
    inwoners, p_inwoners = _laatste(data.get("bevolking"), "inwoners", regio, jaar, leeftijd="totaal")
    cijfers.append(kerncijfer("inwoners", "Inwoners", inwoners, "aantal", p_inwoners))
    studenten, p_studenten = _laatste(data.get("studenten"), "ingeschrevenen", regio, jaar, onderwijsniveau="totaal")
    cijfers.append(kerncijfer("studenten", "Studenten mbo, hbo en wo (woonplaats student, afgerond op tientallen)",
                              studenten, "aantal", p_studenten))
    return cijfers
