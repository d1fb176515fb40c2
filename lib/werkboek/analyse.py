"""Indicators for the duiding: growth, location quotient, projection, employment by education level, ageing,
education supply and similar regions.

Every function takes plain pandas DataFrames in the shape of ``bron.per_regio(thema)`` (contract C3): one row
per region (``AMxx`` or ``NL``), year and category, with the topic values as floats. Missing values stay NaN
all the way through; nothing here turns an unknown figure into 0. Provisional years (``voorlopig``) are kept
but flagged in every result, so a reader can see when the newest figure may still change.

Why one module of this size: the indicators the duiding basis combines (location quotient, projection,
labour force by level, similar regions, the basis itself); series helpers are in :mod:`werkboek.reeksen`, the
demand model in :mod:`werkboek.vraagmodel`, the supply in :mod:`werkboek.aanbod`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd

from werkboek import aanbod as aanbodmodel
from werkboek import sectorrichting, tekst, trend, vraagmodel
from werkboek.export import kerncijfer
from werkboek.fouten import WerkboekFout
from werkboek.parameters import alle_sectoren
from werkboek.reeksen import (  # noqa: F401  (the series helpers, also used as analyse.<name> by the notebooks)
    BASISKOLOMMEN, NEDERLAND, OnvoldoendeDataFout, categoriekolommen, groei, kies,
    eenheid, factor, marges, reeks, regio_naam, voorlopig_van,
)
from werkboek.vraagmodel import aandeel_55plus, niveau_aandelen  # noqa: F401  (used as analyse.<name> too)

NIVEAUS = tekst.ONDERWIJSNIVEAUS

TRENDJAREN = 8  # one window for the trend judgement, the projection and the expansion demand
DEMPING = 0.8  # the drift of the projection fades by this factor per year (a boom is not extrapolated in full)

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
class Projectie(trend.Voorspelling):
    """A :class:`werkboek.trend.Voorspelling` of a named series (main projection damped, so a boom of recent years
    is not extrapolated in full), with the undamped value at the horizon beside it (``ongedempt``)."""

    onderwerp: str = ""
    voorlopig_basis: bool = False
    ongedempt: float = np.nan

    @property
    def groei_procent(self) -> float:
        """Mean yearly change of the definitive years (the drift)."""
        return self.drift_procent

    @property
    def band(self) -> tuple[float, float]:
        return self.interval

    @property
    def uitbreidingsvraag(self) -> float:
        """Projected change over the horizon in the series' unit; negative when employment shrinks."""
        return self.verwacht - self.basiswaarde

    @property
    def uitbreidingsvraag_band(self) -> tuple[float, float]:
        onder, boven = self.band
        return onder - self.basiswaarde, boven - self.basiswaarde


def projecteer(serie: pd.DataFrame, horizon: int = 5, trendjaren: int = TRENDJAREN, onderwerp: str = "de reeks",
               eenheid_tekst: str = "", demping: float | None = DEMPING, dekking: float = 0.8) -> Projectie:
    """Project a ``reeks()`` result ``horizon`` years ahead from its last definitive value
    (:func:`werkboek.trend.voorspelinterval`: a random walk with drift on the logarithm over the last
    ``trendjaren`` definitive years, an 80% prediction interval that includes the uncertainty of the drift,
    damped by ``demping``). Provisional years after the base year stay in the table for comparison."""
    bekend = serie.dropna(subset=["waarde"]).sort_values("jaar")
    bekend = bekend[bekend["waarde"] > 0]
    voorlopig = bekend["voorlopig"].astype(bool) if "voorlopig" in bekend else pd.Series(False, index=bekend.index)
    definitief = bekend[~voorlopig].tail(trendjaren)
    if definitief.empty:
        raise OnvoldoendeDataFout(f"Voor een projectie van {onderwerp} is geen definitief jaar bekend.")
    deel = bekend[bekend["jaar"] >= definitief["jaar"].min()]
    vlag = deel["voorlopig"].astype(bool) if "voorlopig" in deel else None
    hoofd = trend.voorspelinterval(deel["jaar"], deel["waarde"], horizon, dekking=dekking, demping=demping,
                                   voorlopig=vlag)
    ongedempt = trend.voorspelinterval(deel["jaar"], deel["waarde"], horizon, dekking=dekking, voorlopig=vlag)
    eenheid_deel = f" ({eenheid_tekst})" if eenheid_tekst else ""
    aannames = (f"{_hoofdletter(onderwerp)}{eenheid_deel}. {hoofd.aannames} Zonder demping zou de reeks in "
                f"{hoofd.horizonjaar} uitkomen op {tekst.getal(ongedempt.verwacht, 1)} in plaats van "
                f"{tekst.getal(hoofd.verwacht, 1)}.")
    velden = {f.name: getattr(hoofd, f.name) for f in fields(hoofd)}
    return Projectie(**(velden | {"aannames": aannames}), onderwerp=onderwerp, ongedempt=ongedempt.verwacht,
                     voorlopig_basis=bool(voorlopig[bekend["jaar"] == hoofd.basisjaar].any()))


def _hoofdletter(zin: str) -> str:
    return zin[:1].upper() + zin[1:]


# ---------------------------------------------------------------------------------------------------------------
# 4. Employment by education level


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


def vergelijkbare_regios(banen: pd.DataFrame, regio: str, jaar: int | None = None, aantal: int = 3) -> pd.DataFrame:
    """The ``aantal`` regions whose sector structure is most like ``regio``'s, the region itself and NL excluded.

    Measured with the dissimilarity index (Duncan): half the sum of the absolute differences in sector shares, in
    percent of all jobs: the share of jobs that would have to change sector to give both regions the same
    structure (0 = identical). All regions are compared on ONE common set of sectors (those known in every
    region), with the shares rescaled to that set, so distances are comparable between regions. Columns:
    ``regio, regio_naam, verschilindex, sectoren_vergeleken``.
    """
    aandelen = sectorstructuur(banen, jaar)
    if regio not in aandelen.index:
        raise OnvoldoendeDataFout(f"Regio {regio} heeft geen banen in {aandelen.attrs['jaar']}.")
    regios = aandelen.drop(index=[r for r in (NEDERLAND,) if r in aandelen.index])
    gemeenschappelijk = regios.columns[regios.notna().all(axis=0)]
    if len(gemeenschappelijk) < 2:
        raise OnvoldoendeDataFout("Te weinig sectoren zijn in alle regio's bekend om sectorstructuren te vergelijken.")
    deel = regios[gemeenschappelijk]
    deel = deel.div(deel.sum(axis=1), axis=0) * 100
    eigen = deel.loc[regio]
    index = (deel.drop(index=regio) - eigen).abs().sum(axis=1) / 2
    uit = pd.DataFrame({"regio": index.index, "verschilindex": index.to_numpy()})
    uit["regio_naam"] = [regio_naam(banen, r) for r in uit["regio"]]
    uit["sectoren_vergeleken"] = len(gemeenschappelijk)
    uit = uit.sort_values(["verschilindex", "regio"]).head(aantal)[["regio", "regio_naam", "verschilindex",
                                                                     "sectoren_vergeleken"]]
    uit.attrs["jaar"] = aandelen.attrs["jaar"]
    return uit.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------------
# The basis for the duiding: all indicators for the focus sector per education level


@dataclass
class Duidingsbasis:
    """Every number the duiding table and the decision table read, for one region and focus sector."""

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
    werk_trend: trend.Trend | None = None  # the focus sector's jobs, classified with their uncertainty
    vensters: pd.DataFrame | None = None  # the same judgement over other windows (sensitivity)
    projectie: Projectie | None = None  # the ONE projection of the focus sector's jobs
    vraag: vraagmodel.Vraag | None = None  # the focus sector's demand per level from that projection

    @property
    def instroom_bekend(self) -> bool:
        """Whether DUO counts first-years for this region at some level (else only the student trend is known)."""
        return self.aanbod is not None and self.aanbod.instroom_bekend


def sectorreeks(banen: pd.DataFrame, regio: str, sector: str, jaar: int) -> pd.DataFrame:
    """The jobs of one sector in one region up to ``jaar`` (``reeks()`` shape)."""
    serie = reeks(banen, "banen", regio, sector=sector)
    return serie[serie["jaar"] <= jaar]


def sectortrend(banen: pd.DataFrame, regio: str, sector: str, jaar: int, venster: int = TRENDJAREN,
                drempel_procent: float = 0.5, z: float = 1.645) -> trend.Trend:
    """The log-linear trend of a sector's jobs over the last ``venster`` definitive years, the provisional year
    beside it (:func:`werkboek.trend.trend`)."""
    serie = sectorreeks(banen, regio, sector, jaar).dropna(subset=["waarde"])
    definitief = serie[~serie["voorlopig"].astype(bool)].tail(venster)
    later = serie[serie["voorlopig"].astype(bool) & (serie["jaar"] > (definitief["jaar"].max() if len(definitief) else -1))]
    serie = pd.concat([definitief, later])
    return trend.trend(serie["jaar"], serie["waarde"], voorlopig=serie["voorlopig"].astype(bool),
                       drempel_procent=drempel_procent, z=z)


def sectorprojectie(banen: pd.DataFrame, regio: str, sector: str, jaar: int, horizon: int,
                    venster: int = TRENDJAREN, sector_naam: str = "") -> Projectie:
    """The one projection of a sector's jobs over the horizon (:func:`projecteer`)."""
    return projecteer(sectorreeks(banen, regio, sector, jaar), horizon, venster,
                      f"banen in {(sector_naam or sector).lower()}", eenheid("banen", "banen"))


def sectorvraag(data: Mapping[str, pd.DataFrame | None], regio: str, sector: str, jaar: int, horizon: int,
                venster: int = TRENDJAREN, matrix: pd.DataFrame | None = None,
                projectie: Projectie | None = None) -> tuple[Projectie, vraagmodel.Vraag]:
    """The projection of a sector's jobs (``projectie`` when already made) and the demand per level that follows
    from it."""
    banen = data["banen"]
    if projectie is None:
        naam = next((s.naam for s in alle_sectoren() if s.code == sector), sector)
        projectie = sectorprojectie(banen, regio, sector, jaar, horizon, venster, naam)
    vraag = vraagmodel.vraag_voor_sector(banen, data["werkzamen_sector_onderwijs"], data.get("beroepsbevolking"),
                                         regio, sector, jaar, horizon, projectie, matrix=matrix)
    return projectie, vraag


def sectoren_van_richting(sector: str) -> list[str]:
    """Every sector that the ISCED-F fields of ``sector`` supply (``data/sector_richting.csv``), ``sector`` first:
    the graduates of a field are shared by all of them, so their need is compared with the field's outflow."""
    andere = {s for veld in sectorrichting.richtingen(sector, "isced") for s in sectorrichting.sectoren_van("isced", veld)}
    return [sector] + [s.code for s in alle_sectoren() if s.code in andere and s.code != sector]


_LEGE_VRAAG = ("banen_geschat", "aandeel_basis", "aandeel_nl", "uitbreidingsvraag", "uitbreidingsvraag_onder",
               "uitbreidingsvraag_boven", "uitbreidingsvraag_per_jaar", "vervangingsvraag_per_jaar",
               "opwaardering", "behoefte_per_jaar", "behoefte_onder", "behoefte_boven")


def _vraagkolommen(vraag: vraagmodel.Vraag, horizon: int) -> pd.DataFrame:
    n = vraag.per_niveau.set_index("onderwijsniveau")
    return pd.DataFrame({
        "banen_geschat": n["banen_basis"] / factor(eenheid("banen", "banen")),
        "aandeel_basis": n["aandeel_basis"], "aandeel_nl": n["aandeel_nl"],
        "uitbreidingsvraag": n["uitbreidingsvraag"], "uitbreidingsvraag_onder": n["uitbreidingsvraag_onder"],
        "uitbreidingsvraag_boven": n["uitbreidingsvraag_boven"],
        "uitbreidingsvraag_per_jaar": n["uitbreidingsvraag"] / horizon,
        "vervangingsvraag_per_jaar": n["vervangingsvraag_midden"] / horizon,
        "opwaardering": n["opwaardering"],
        "behoefte_per_jaar": (n["uitbreidingsvraag"] + n["vervangingsvraag_midden"]).clip(lower=0) / horizon,
        "behoefte_onder": n["baanopeningen_onder"] / horizon, "behoefte_boven": n["baanopeningen_boven"] / horizon,
    })


def duidingsbasis(data: Mapping[str, pd.DataFrame | None], parameters, venster: int = TRENDJAREN,
                  aanbod_bekend: Mapping[str, bool] | None = None, drempel_procent: float = 0.5,
                  z: float = 1.645, sector: str | None = None, geheugen: dict | None = None,
                  screening: bool = False) -> Duidingsbasis:
    """Compute the indicators per education level for the focus sector (or ``sector``).

    ``data`` maps theme names to per_regio frames (``banen``, ``werkzamen_sector_onderwijs``,
    ``beroepsbevolking`` and the education themes of :data:`werkboek.aanbod.THEMAS`); a missing theme gives NaN
    indicators and a Dutch line in ``ontbrekend``. ``parameters`` is a validated
    :class:`werkboek.parameters.Parameters`.
    Per level (``per_niveau``): the estimated jobs in the base year (``banen_geschat``, x 1 000, place of work),
    the focus sector's trend (``werk_klasse``, the same for every level: the level shares are fixed), the demand
    of :mod:`werkboek.vraagmodel` from one projection (expansion, replacement, upgrading apart), the need per year
    of every sector the linked fields supply as a range (``behoefte_onder``/``behoefte_boven``, jobs), and the
    education supply of :func:`werkboek.aanbod.onderwijsaanbod` (first-years and their trend, graduates,
    school-leavers who stay, programmes by location). ``geheugen``: a dict shared by calls for several sectors of
    one region (the sector screening), so the regional matrix and each sector's demand are computed once.
    ``screening=True`` leaves out what only the report of the focus sector shows (the growth rates, the trend over
    other windows, the enrolled students; see :func:`werkboek.aanbod.onderwijsaanbod`).
    """
    regio, jaar, horizon = parameters.regio.code, int(parameters.jaar), int(parameters.horizon)
    sector = sector or parameters.sector.code
    sector_naam = next((s.naam for s in alle_sectoren() if s.code == sector), sector)
    ontbrekend: list[str] = []
    banen, verdeling = data.get("banen"), data.get("werkzamen_sector_onderwijs")
    beroepsbevolking = data.get("beroepsbevolking")
    naam = regio_naam(banen, regio) if banen is not None else regio

    sector_groei, sector_groei_nl, werk_trend, vensters = {}, {}, None, None
    if banen is not None and not screening:
        g = groei(kies(banen, sector=sector, regio=[regio, NEDERLAND]), "banen", venster, jaar, groepen=["regio"])
        sector_groei = g[g["regio"] == regio].iloc[0].to_dict() if (g["regio"] == regio).any() else {}
        sector_groei_nl = g[g["regio"] == NEDERLAND].iloc[0].to_dict() if (g["regio"] == NEDERLAND).any() else {}
    if banen is not None:
        try:
            werk_trend = sectortrend(banen, regio, sector, jaar, venster, drempel_procent, z)
            serie = sectorreeks(banen, regio, sector, jaar).dropna(subset=["waarde"])
            if not screening:
                vensters = trend.venstergevoeligheid(serie["jaar"], serie["waarde"],
                                                     voorlopig=serie["voorlopig"].astype(bool),
                                                     drempel_procent=drempel_procent, z=z)
        except OnvoldoendeDataFout as fout:
            ontbrekend.append(str(fout))

    vergrijzing = None
    if beroepsbevolking is not None:
        a = aandeel_55plus(beroepsbevolking, regio)
        a = a[(a["jaar"] <= jaar) & a["aandeel_procent"].notna()]
        if len(a):
            laatste = a.iloc[-1]
            vergrijzing = {"jaar": int(laatste["jaar"]), "aandeel_procent": float(laatste["aandeel_procent"]),
                           "aandeel_nl_procent": float(laatste["aandeel_nl_procent"]),
                           "verschil_procentpunt": float(laatste["verschil_procentpunt"]),
                           "voorlopig": bool(laatste["voorlopig"]), "basis": a.attrs["basis"],
                           "reeks": a}
    if vergrijzing is None:
        ontbrekend.append("Het aandeel 55-plussers in de beroepsbevolking is onbekend voor deze regio.")

    sectoren = sectoren_van_richting(sector)
    per_niveau = pd.DataFrame({"onderwijsniveau": list(NIVEAUS), "niveau": [tekst.niveau_label(n) for n in NIVEAUS]})
    vraagkolommen = pd.DataFrame(np.nan, index=list(NIVEAUS), columns=list(_LEGE_VRAAG))
    projectie, vraag = None, None
    if banen is not None:  # the projection of the sector's jobs needs nothing but the jobs
        try:
            projectie = sectorprojectie(banen, regio, sector, jaar, horizon, venster, sector_naam)
        except OnvoldoendeDataFout as fout:
            ontbrekend.append(str(fout))
    if banen is not None and verdeling is not None:
        try:
            geheugen = {} if geheugen is None else geheugen
            if "matrix" not in geheugen:
                geheugen["matrix"] = vraagmodel.regionale_niveaumatrix(banen, verdeling, beroepsbevolking, regio, jaar)

            def vraag_van(code: str, projectie_: Projectie | None = None):
                if code not in geheugen:
                    geheugen[code] = sectorvraag(data, regio, code, jaar, horizon, venster, geheugen["matrix"],
                                                 projectie_)
                return geheugen[code]

            vraag = vraag_van(sector, projectie)[1]
            vraagkolommen = _vraagkolommen(vraag, horizon)
            delen = []
            for andere in sectoren:
                try:
                    delen.append(_vraagkolommen(vraag_van(andere)[1], horizon)[["behoefte_onder", "behoefte_boven"]])
                except OnvoldoendeDataFout:
                    delen.append(pd.DataFrame(np.nan, index=list(NIVEAUS), columns=["behoefte_onder", "behoefte_boven"]))
            # min_count: the need of the fields is unknown as soon as one of their sectors is unknown
            samen = pd.concat(delen)
            vraagkolommen["behoefte_richting_onder"] = samen.groupby(level=0)["behoefte_onder"].sum(min_count=len(delen))
            vraagkolommen["behoefte_richting_boven"] = samen.groupby(level=0)["behoefte_boven"].sum(min_count=len(delen))
        except OnvoldoendeDataFout as fout:
            ontbrekend.append(str(fout))
    else:
        ontbrekend.append("Banen of de landelijke verdeling naar onderwijsniveau ontbreken: geen werkgelegenheid per niveau.")
    for kolom in ("behoefte_richting_onder", "behoefte_richting_boven"):
        if kolom not in vraagkolommen:
            vraagkolommen[kolom] = np.nan
    per_niveau = per_niveau.merge(vraagkolommen.rename_axis("onderwijsniveau").reset_index(), on="onderwijsniveau",
                                  how="left")
    per_niveau["werk_klasse"] = werk_trend.klasse if werk_trend else trend.ONBEKEND
    per_niveau["werk_zin"] = werk_trend.zin if werk_trend else ""
    per_niveau["werk_trend_procent"] = werk_trend.groei_procent if werk_trend else np.nan

    aanbod = aanbodmodel.onderwijsaanbod(data, regio, sector, jaar, venster, aanbod_bekend, drempel_procent, z,
                                         None if geheugen is None else geheugen.setdefault("aanbod", {}),
                                         alleen_oordeel=screening)
    ontbrekend += aanbod.ontbrekend
    per_niveau = per_niveau.merge(aanbod.per_niveau.drop(columns=["niveau"]), on="onderwijsniveau", how="left")
    return Duidingsbasis(regio, naam, sector, sector_naam, sectorrichting.richting_label(sector), venster,
                         horizon, per_niveau, sector_groei, sector_groei_nl, vergrijzing, aanbod.instroom_totaal,
                         ontbrekend, sectoren, aanbod, werk_trend, vensters, projectie, vraag)


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
