"""The regional education supply for a sector, per education level: the right-hand column of the duiding.

Both columns of the duiding share three levels (:data:`werkboek.tekst.ONDERWIJSNIVEAUS`: laag, middelbaar,
hoog). The supply is counted in more detail (entree, mbo 2, 3, 4, hbo, wo) and mapped onto them as CBS's own
education classification does (entree -> laag; mbo 2-4 -> middelbaar; hbo, wo -> hoog); the detail stays visible
in :attr:`Onderwijsaanbod.detail`.

Every figure says what it counts, where it is attributed and how precise it is:

    ingeschrevenen   CBS 85701NED: students living in the region (woonplaats), all study directions, rounded to
                     tens per gemeente (``_afrondingsmarge``: the sum lies within that margin)
    richting         CBS 85353NED/85356NED: mbo students and graduates living in the region, in the ISCED-F fields
                     that ``data/sector_richting.csv`` links to the sector
    instroom         DUO first-years: mbo at the institution's main site, hbo and wo at the location of the
                     programme (vestiging), masked cells as ranges (``_onder``/``_boven``); when DUO has no
                     first-years for the region, the trend of the students who live there, labelled as such
    uitstroom        CBS graduates living in the region (85356NED in the linked fields for mbo; 85702NED for
                     hbo and wo, which has no field per region), mean of the last three school years
    aanbod           is there a programme for the sector in the region? From DUO by location (mbo: graduates at
                     institutions whose main site is in the region, in the linked sectorkamers; hbo and wo:
                     first-years at locations in the region, in the linked CROHO onderdelen). 'ja', 'nee' or
                     onbekend; never 'ja' because one student LIVES in the region.

The frames come from ``bron.per_regio(thema)`` for the themes in :data:`THEMAS` (contract C3).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from werkboek import reeksen, schoolverlaters, sectorrichting, tekst, trend

NIVEAUS = tekst.ONDERWIJSNIVEAUS
THEMAS = ("studenten", "gediplomeerden", "mbo_studenten_richting", "mbo_gediplomeerden_richting",
          "duo_instroom", "duo_gediplomeerden")
# The detail levels inside each of the three levels, and which source counts them by direction.
DETAIL_VAN = {niveau: [d for d in tekst.AANBODNIVEAUS if tekst.NIVEAU_VAN_AANBOD[d] == niveau] for niveau in NIVEAUS}
UITSTROOMJAREN = 3  # expected yearly outflow: the mean of the graduates of the last three school years

PLAATS_WOON = "woonplaats van de student"
PLAATS_HOOFDVESTIGING = "hoofdvestiging van de mbo-instelling"
PLAATS_VESTIGING = "vestiging van de hbo- of wo-opleiding"

AFRONDING_TOELICHTING = (
    "CBS rondt de aantallen studenten en gediplomeerden per gemeente af op tientallen. Een regiototaal is een som "
    "van afgeronde cellen en kan daardoor tot 5 per gemeente afwijken; het werkboek noemt die marge en noemt een "
    "verandering die binnen de marge valt 'binnen de afronding', niet een groei of daling."
)
MASKERING_TOELICHTING = (
    "DUO schermt kleine aantallen (1 tot en met 4) af. Een som met afgeschermde cellen is een bereik: de ondergrens "
    "telt elke afgeschermde cel als 1, de bovengrens als 4. Het werkboek telt een afgeschermde cel nooit als getal."
)
TOEREKENING_TOELICHTING = (
    "Studenten en gediplomeerden van CBS tellen waar de student woont, ook als de school elders staat. Eerstejaars "
    "en opleidingen van DUO tellen waar de instelling staat: voor het mbo de hoofdvestiging van de instelling "
    "(studenten van een vestiging in een andere regio tellen daar dus mee), voor hbo en wo de vestiging van de "
    "opleiding. Vergelijk een woonregio-cijfer niet één op één met een vestigingscijfer."
)


@dataclass
class Onderwijsaanbod:
    """The education supply of one region for one sector (see the module docstring for every column)."""

    regio: str
    sector: str
    jaar: int
    per_niveau: pd.DataFrame
    detail: pd.DataFrame
    richtingen: dict[str, list[str]]  # classification -> linked directions of the sector
    instroomreeksen: dict[str, Instroomreeks]  # level -> the yearly series behind the instroom columns
    instroom_totaal: dict  # growth of the first-years over all levels (empty when not every level has DUO)
    doorstroom: dict  # first-years in mbo 4 with an mbo 3 diploma, latest year (empty when DUO has none)
    toelichting: list[str] = field(default_factory=list)
    ontbrekend: list[str] = field(default_factory=list)

    @property
    def instroom_bekend(self) -> bool:
        return bool(self.per_niveau["instroom_bron"].isin(["duo_eerstejaars"]).any())


# ---------------------------------------------------------------------------------------------------------------
# Series with their margins


def _rijen(df: pd.DataFrame | None, regio: str, jaar: int, **filters) -> pd.DataFrame:
    if df is None:
        return pd.DataFrame()
    deel = df[df["regio"] == regio]
    for kolom, waarde in filters.items():
        if kolom not in deel.columns:
            return deel.iloc[0:0]
        deel = deel[deel[kolom].isin(waarde if isinstance(waarde, (list, tuple, set)) else [waarde])]
    return deel[deel["jaar"].astype(int) <= jaar]


def som_per_jaar(deel: pd.DataFrame, onderwerp: str, delen: int | None = None) -> pd.DataFrame:
    """Sum of ``onderwerp`` over the rows of each year, with its margins (:func:`werkboek.reeksen.marges`).

    ``delen``: the number of rows a year needs for a known sum (a sum with an unknown part is unknown).
    Columns: ``jaar, voorlopig, <onderwerp>, <onderwerp>_onder, <onderwerp>_boven``.
    """
    kolommen = ["jaar", "voorlopig", onderwerp, f"{onderwerp}_onder", f"{onderwerp}_boven"]
    if deel.empty or onderwerp not in deel.columns:
        return pd.DataFrame(columns=kolommen)
    onder, boven = reeksen.marges(deel, onderwerp)
    # plain arrays per year (np.bincount): the duiding sums hundreds of small series per region
    jaren, per_rij = np.unique(deel["jaar"].astype(int).to_numpy(), return_inverse=True)
    aantal = delen or 1

    def som(waarden: np.ndarray) -> np.ndarray:  # as a pandas sum with min_count=aantal
        bekend = ~np.isnan(waarden)
        totaal = np.bincount(per_rij, weights=np.where(bekend, waarden, 0.0), minlength=len(jaren))
        return np.where(np.bincount(per_rij, weights=bekend, minlength=len(jaren)) >= aantal, totaal, np.nan)

    waarde = deel[onderwerp].astype(float).to_numpy(dtype=float, na_value=np.nan)
    uit = {onderwerp: som(waarde),
           f"{onderwerp}_onder": som(onder.to_numpy(dtype=float, na_value=np.nan)),
           f"{onderwerp}_boven": som(boven.to_numpy(dtype=float, na_value=np.nan))}
    if delen:  # a year with fewer known values than parts is unknown, its margins too
        onvolledig = np.bincount(per_rij, weights=~np.isnan(waarde), minlength=len(jaren)) < delen
        for kolom in uit:
            uit[kolom] = np.where(onvolledig, np.nan, uit[kolom])
    voorlopig = (deel["voorlopig"].astype(bool).to_numpy() if "voorlopig" in deel
                 else np.zeros(len(deel), dtype=bool))
    return pd.DataFrame({"jaar": jaren, "voorlopig": np.bincount(per_rij, weights=voorlopig, minlength=len(jaren)) > 0,
                         **uit})[kolommen]


def _laatste(reeks: pd.DataFrame, onderwerp: str) -> dict:
    bekend = reeks.dropna(subset=[onderwerp])
    if bekend.empty:
        return {}
    rij = bekend.iloc[-1]
    return {"waarde": float(rij[onderwerp]), "onder": float(rij[f"{onderwerp}_onder"]),
            "boven": float(rij[f"{onderwerp}_boven"]), "jaar": int(rij["jaar"]), "voorlopig": bool(rij["voorlopig"])}


def _groei(reeks: pd.DataFrame, onderwerp: str, venster: int, jaar: int) -> dict:
    if reeks.empty:
        return {}
    werk = reeks.assign(regio="x")
    uit = reeksen.groei(werk, onderwerp, venster, jaar, groepen=["regio"])
    return uit.iloc[0].to_dict() if len(uit) else {}


def schooljaar(jaar, voorlopig: bool = False) -> str:
    """2023 -> "2023/'24" (the school year that starts in the autumn of ``jaar``), with '*' when provisional."""
    if tekst.is_leeg(jaar):
        return ""
    return f"{int(jaar)}/'{(int(jaar) + 1) % 100:02d}{'*' if voorlopig else ''}"


# ---------------------------------------------------------------------------------------------------------------
# The supply per level


@dataclass
class Instroomreeks:
    """The yearly first-years of one level as the workbook measures them for a region: DUO first-years by
    location (``bron`` 'duo_eerstejaars'), or else the students who live in the region ('cbs_studententrend')."""

    reeks: pd.DataFrame  # jaar, voorlopig, <onderwerp>, <onderwerp>_onder, <onderwerp>_boven
    onderwerp: str  # 'instroom' or 'ingeschrevenen'
    bron: str
    plaats: str
    wat: str


def instroomreeks(data: Mapping[str, pd.DataFrame | None], regio: str, niveau: str, jaar: int,
                  sectorkamers: list[str], croho: list[str]) -> Instroomreeks:
    """First-years at one level: DUO by location (in the linked directions where DUO has them), else the trend of
    the students who live in the region, labelled as such."""
    duo = data.get("duo_instroom")
    if duo is not None:
        if niveau == "hoog":
            niveaus, plaats = ["hbo", "wo"], PLAATS_VESTIGING
            richting, wat = (croho, "in de gekoppelde CROHO-onderdelen") if croho else ("totaal", "alle richtingen")
        else:
            niveaus, plaats = DETAIL_VAN[niveau], PLAATS_HOOFDVESTIGING
            gekoppeld = bool(sectorkamers) and bool(duo["richting"].isin(sectorkamers).any())
            richting, wat = (sectorkamers, "in de gekoppelde sectorkamers") if gekoppeld else ("totaal",
                                                                                              "alle richtingen")
        reeks = som_per_jaar(_rijen(duo, regio, jaar, onderwijsniveau=niveaus, richting=richting), "instroom")
        if reeks["instroom"].notna().any():
            return Instroomreeks(reeks, "instroom", "duo_eerstejaars", plaats,
                                 f"DUO-eerstejaars op {tekst.niveau_label(niveau)} niveau {wat}, geteld op de {plaats}")
    reeks = som_per_jaar(_rijen(data.get("studenten"), regio, jaar, onderwijsniveau=niveau), "ingeschrevenen")
    if reeks["ingeschrevenen"].notna().any():
        return Instroomreeks(reeks, "ingeschrevenen", "cbs_studententrend", PLAATS_WOON,
                             "geen eerstejaars bekend voor deze regio: in plaats daarvan de trend van alle studenten "
                             f"op {tekst.niveau_label(niveau)} niveau die in de regio wonen (CBS, alle richtingen)")
    return Instroomreeks(reeks, "ingeschrevenen", "onbekend", "", "geen eerstejaars en geen studenten bekend")


def instroomtrend(gekozen: Instroomreeks, jaar: int, venster: int, drempel_procent: float = 0.5,
                  z: float = 1.645) -> trend.Trend | None:
    """The log-linear trend of an inflow series with its uncertainty: counts (Poisson) and, for CBS students,
    rounding to tens; masked DUO cells count at the middle of their range. None when unknown."""
    if gekozen.bron == "onbekend":
        return None
    r = gekozen.reeks
    r = r[r["jaar"].astype(int) <= jaar]
    waarde = r[gekozen.onderwerp].astype(float)
    midden = (r[f"{gekozen.onderwerp}_onder"].astype(float) + r[f"{gekozen.onderwerp}_boven"].astype(float)) / 2
    waarde = waarde.where(waarde.notna(), midden)
    r = r.assign(w=waarde).dropna(subset=["w"])
    definitief = r[~r["voorlopig"].astype(bool)].tail(venster)
    later = r[r["voorlopig"].astype(bool) & (r["jaar"] > (definitief["jaar"].max() if len(definitief) else -1))]
    r = pd.concat([definitief, later])
    afronding = 0.0
    if gekozen.bron == "cbs_studententrend":
        # a regional sum of n gemeente cells, each rounded to tens: the margin is n x 5, the variance n x 10²/12,
        # which is one rounding of 10 x √n
        cellen = ((r[f"{gekozen.onderwerp}_boven"] - r[f"{gekozen.onderwerp}_onder"]) / 2 / 5).median()
        afronding = 10.0 * float(np.sqrt(max(cellen, 1.0))) if pd.notna(cellen) else 10.0
    return trend.trend(r["jaar"].astype(int), r["w"], voorlopig=r["voorlopig"].astype(bool), telling=True,
                       afronding=afronding, drempel_procent=drempel_procent, z=z)


def _instroom(gekozen: Instroomreeks, jaar: int, venster: int, drempel_procent: float, z: float,
              alleen_oordeel: bool = False) -> dict:
    uit = {"instroom_bron": gekozen.bron, "instroom_plaats": gekozen.plaats, "instroom_wat": gekozen.wat}
    if gekozen.bron == "onbekend":
        return uit
    g = {} if alleen_oordeel else _groei(gekozen.reeks, gekozen.onderwerp, venster, jaar)
    uit.update(instroom_cagr_procent=g.get("cagr_procent", np.nan),
               instroom_cagr_onder_procent=g.get("cagr_onder_procent", np.nan),
               instroom_cagr_boven_procent=g.get("cagr_boven_procent", np.nan),
               instroom_periode=g.get("periode", ""))
    t = instroomtrend(gekozen, jaar, venster, drempel_procent, z)
    if t is not None:
        uit.update(instroom_klasse=t.klasse, instroom_zin=t.zin, instroom_trend_procent=t.groei_procent,
                   instroom_se_procent=t.standaardfout_procent, instroom_t=t.t, instroom_trend_periode=t.periode)
    if gekozen.bron == "duo_eerstejaars":
        laatste = _laatste(gekozen.reeks, "instroom")
        uit.update(instroom=laatste["waarde"], instroom_onder=laatste["onder"], instroom_boven=laatste["boven"],
                   instroom_jaar=laatste["jaar"], instroom_voorlopig=laatste["voorlopig"])
    return uit


def instroom_alle_niveaus(reeksen: list[Instroomreeks], jaar: int, venster: int) -> dict:
    """Growth of the first-years over all three levels: the sum of the DUO series when every level has one, else
    unknown (a sum of first-years and resident students would mix two things)."""
    if not reeksen or any(r.bron != "duo_eerstejaars" for r in reeksen):
        return {}
    samen = pd.concat([r.reeks for r in reeksen], ignore_index=True)
    reeks = som_per_jaar(samen, "instroom", delen=len(reeksen))
    g = _groei(reeks, "instroom", venster, jaar)
    return {k: g.get(k) for k in ("eind", "eindjaar", "eind_voorlopig", "cagr_procent", "cagr_onder_procent",
                                  "cagr_boven_procent", "periode")} if g else {}


def _gemiddelde_uitstroom(reeks: pd.DataFrame) -> dict:
    bekend = reeks.dropna(subset=["gediplomeerden"]).tail(UITSTROOMJAREN)
    if bekend.empty:
        return {}
    return {"waarde": float(bekend["gediplomeerden"].mean()), "onder": float(bekend["gediplomeerden_onder"].mean()),
            "boven": float(bekend["gediplomeerden_boven"].mean()), "van": int(bekend["jaar"].min()),
            "tot": int(bekend["jaar"].max()), "voorlopig": bool(bekend["voorlopig"].iloc[-1])}


def _uitstroom(data: Mapping[str, pd.DataFrame | None], regio: str, niveau: str, jaar: int,
               isced: list[str]) -> dict:
    """Expected yearly outflow: mean graduates of the last three school years per detail level (in the linked
    fields for mbo), and from it the school-leavers who stay in the region (:mod:`werkboek.schoolverlaters`)."""
    detail, per_detail = DETAIL_VAN[niveau], {}
    if niveau != "hoog" and isced:
        richting, bron = True, "CBS 85356NED, gediplomeerden mbo in de gekoppelde studierichtingen"
        for d in detail:
            deel = _rijen(data.get("mbo_gediplomeerden_richting"), regio, jaar, onderwijsniveau=d, richting=isced)
            per_detail[d] = _gemiddelde_uitstroom(som_per_jaar(deel, "gediplomeerden", delen=len(isced)))
    else:
        richting, bron = False, "CBS 85702NED, gediplomeerden alle richtingen (per regio niet per richting)"
        for d in detail:
            deel = _rijen(data.get("gediplomeerden"), regio, jaar, onderwijsniveau=d)
            per_detail[d] = _gemiddelde_uitstroom(som_per_jaar(deel, "gediplomeerden"))
    if not per_detail or any(not v for v in per_detail.values()):
        return {"uitstroom_bron": "onbekend", "uitstroom_richting": richting}
    verlaters = schoolverlaters.schoolverlaters({d: (v["waarde"], v["onder"], v["boven"]) for d, v in per_detail.items()})
    van, tot = min(v["van"] for v in per_detail.values()), max(v["tot"] for v in per_detail.values())
    return {"uitstroom_per_jaar": sum(v["waarde"] for v in per_detail.values()),
            "uitstroom_onder": sum(v["onder"] for v in per_detail.values()),
            "uitstroom_boven": sum(v["boven"] for v in per_detail.values()),
            "uitstroom_periode": tekst.periode(van, tot, any(v["voorlopig"] for v in per_detail.values())),
            "uitstroom_richting": richting, "uitstroom_bron": bron,
            "schoolverlaters_onder": verlaters.onder, "schoolverlaters_midden": verlaters.midden,
            "schoolverlaters_boven": verlaters.boven}


def _aanwezig(data: Mapping[str, pd.DataFrame | None], regio: str, niveau: str, jaar: int,
              sectorkamers: list[str], croho: list[str]) -> dict:
    """Is there a programme for the sector at this level in the region? By location only (DUO)."""
    if niveau == "hoog":
        duo = data.get("duo_instroom")
        if duo is None or not croho:
            return {"aanbod": pd.NA, "aanbod_grond": "onbekend: geen DUO-gegevens over hbo- en wo-opleidingen"}
        recent = [j for j in sorted(duo["jaar"].dropna().astype(int).unique()) if j <= jaar][-UITSTROOMJAREN:]
        deel = _rijen(duo, regio, jaar, onderwijsniveau=["hbo", "wo"], richting=croho)
        deel = deel[deel["jaar"].astype(int).isin(recent)]
        if deel.empty:  # the region is not in the frame at all: DUO said nothing about it
            return {"aanbod": pd.NA, "aanbod_grond": "onbekend: de regio staat niet in de DUO-gegevens over hbo en wo"}
        ja = bool((deel["instroom_boven"].astype(float) > 0).any())
        wat = "eerstejaars" if ja else "geen eerstejaars"
        return {"aanbod": ja, "aanbod_grond": f"DUO: {wat} hbo/wo in de gekoppelde onderdelen op een vestiging in "
                                              f"de regio ({tekst.periode(recent[0], recent[-1]) if recent else ''})"}
    duo = data.get("duo_gediplomeerden")
    if duo is None or not sectorkamers:
        return {"aanbod": pd.NA, "aanbod_grond": "onbekend: geen DUO-gegevens over mbo-opleidingen"}
    recent = [j for j in sorted(duo["jaar"].dropna().astype(int).unique()) if j <= jaar][-UITSTROOMJAREN:]
    deel = _rijen(duo, regio, jaar, onderwijsniveau=DETAIL_VAN[niveau], richting=sectorkamers)
    deel = deel[deel["jaar"].astype(int).isin(recent)]
    if len(deel) and (deel["gediplomeerden_boven"].astype(float) > 0).any():
        return {"aanbod": True, "aanbod_grond": "DUO: gediplomeerden in de gekoppelde sectorkamers bij een "
                                                "mbo-instelling met hoofdvestiging in de regio"}
    # DUO places an mbo institution at its main site only: a location in the region of an institution elsewhere
    # is invisible, so 'no programme' cannot be concluded.
    return {"aanbod": pd.NA, "aanbod_grond": "onbekend: geen gediplomeerden in de gekoppelde sectorkamers bij een "
                                             "instelling met hoofdvestiging in de regio; DUO telt vestigingen van "
                                             "instellingen van elders niet mee"}


def _ingeschreven(data: Mapping[str, pd.DataFrame | None], regio: str, niveau: str, jaar: int,
                  isced: list[str]) -> dict:
    uit: dict = {}
    laatste = _laatste(som_per_jaar(_rijen(data.get("studenten"), regio, jaar, onderwijsniveau=niveau),
                                    "ingeschrevenen"), "ingeschrevenen")
    if laatste:
        uit.update(ingeschrevenen=laatste["waarde"], ingeschrevenen_marge=laatste["boven"] - laatste["waarde"],
                   ingeschrevenen_jaar=laatste["jaar"], ingeschrevenen_voorlopig=laatste["voorlopig"])
    if niveau != "hoog" and isced:
        detail = DETAIL_VAN[niveau]
        deel = _rijen(data.get("mbo_studenten_richting"), regio, jaar, onderwijsniveau=detail, richting=isced)
        laatste = _laatste(som_per_jaar(deel, "ingeschrevenen", delen=len(detail) * len(isced)), "ingeschrevenen")
        if laatste:
            uit.update(ingeschrevenen_richting=laatste["waarde"], ingeschrevenen_richting_jaar=laatste["jaar"])
    return uit


def onderwijsaanbod(data: Mapping[str, pd.DataFrame | None], regio: str, sector: str, jaar: int,
                    venster: int = 8, aanbod_bekend: Mapping[str, bool] | None = None,
                    drempel_procent: float = 0.5, z: float = 1.645,
                    geheugen: dict | None = None, alleen_oordeel: bool = False) -> Onderwijsaanbod:
    """The supply per level for ``sector`` in ``regio`` up to ``jaar`` (see the module docstring).

    ``aanbod_bekend`` lets the region state what it knows of its own schools (``{'hoog': False}``); that
    overrides the data and is reported as such. ``geheugen``: a dict shared by the calls for several sectors of
    one region (the sector screening); the parts that depend only on the level and the linked directions, and
    the detail table, are computed once in it. ``alleen_oordeel=True`` computes only what the decision table
    reads (the sector screening): no enrolled students, no growth rates, no flow from mbo 3 to 4, no growth over
    all levels.
    """
    richtingen = {soort: sectorrichting.richtingen(sector, soort) for soort in sectorrichting.SOORTEN}
    isced, sectorkamers, croho = richtingen["isced"], richtingen["sectorkamer"], richtingen["croho"]
    rijen, reeksen = [], {}
    onthouden = {} if geheugen is None else geheugen

    def eens(*sleutel, maak):  # what the same level and directions give, computed once per region
        if sleutel not in onthouden:
            onthouden[sleutel] = maak()
        return onthouden[sleutel]

    for niveau in NIVEAUS:
        rij = {"onderwijsniveau": niveau, "niveau": tekst.niveau_label(niveau)}
        # hbo and wo are counted by CROHO onderdeel and, for graduates, over all fields; mbo by sectorkamer and field
        velden = () if niveau == "hoog" else tuple(isced)
        locatie = tuple(croho) if niveau == "hoog" else tuple(sectorkamers)
        if not alleen_oordeel:
            rij.update(eens("ingeschreven", niveau, velden,
                            maak=lambda: _ingeschreven(data, regio, niveau, jaar, isced)))
        reeksen[niveau] = eens("instroomreeks", niveau, locatie,
                               maak=lambda: instroomreeks(data, regio, niveau, jaar, sectorkamers, croho))
        rij.update(eens("instroom", niveau, locatie, alleen_oordeel, maak=lambda: _instroom(
            reeksen[niveau], jaar, venster, drempel_procent, z, alleen_oordeel)))
        rij.update(eens("uitstroom", niveau, velden, maak=lambda: _uitstroom(data, regio, niveau, jaar, isced)))
        rij.update(eens("aanwezig", niveau, locatie,
                        maak=lambda: _aanwezig(data, regio, niveau, jaar, sectorkamers, croho)))
        if aanbod_bekend and niveau in aanbod_bekend:
            rij.update(aanbod=bool(aanbod_bekend[niveau]), aanbod_grond="opgegeven door de regio")
        rijen.append(rij)
    per_niveau = pd.DataFrame(rijen)
    per_niveau["aanbod"] = pd.Series([r["aanbod"] for r in rijen], dtype=object)  # True, False or NA
    for kolom in ("ingeschrevenen", "ingeschrevenen_richting", "instroom", "instroom_onder", "instroom_boven",
                  "instroom_cagr_procent", "instroom_trend_procent", "instroom_se_procent", "instroom_t", "instroom_cagr_onder_procent", "instroom_cagr_boven_procent",
                  "uitstroom_per_jaar", "uitstroom_onder", "uitstroom_boven", "schoolverlaters_onder",
                  "schoolverlaters_midden", "schoolverlaters_boven"):
        if kolom not in per_niveau:
            per_niveau[kolom] = np.nan
        per_niveau[kolom] = per_niveau[kolom].astype(float)
    for kolom in ("instroom_periode", "instroom_bron", "instroom_plaats", "instroom_wat", "uitstroom_periode",
                  "uitstroom_bron", "instroom_klasse", "instroom_zin", "instroom_trend_periode"):
        if kolom not in per_niveau:
            per_niveau[kolom] = ""
        per_niveau[kolom] = per_niveau[kolom].fillna("")
    ontbrekend = _ontbrekend(data, per_niveau)
    toelichting = [TOEREKENING_TOELICHTING, AFRONDING_TOELICHTING, MASKERING_TOELICHTING, tekst.NIVEAUINDELING]
    detail = eens("detail", maak=lambda: detailtabel(data, regio, jaar))
    samen = {} if alleen_oordeel else instroom_alle_niveaus(list(reeksen.values()), jaar, venster)
    doorstroom = {} if alleen_oordeel else doorstroom_mbo3_mbo4(data.get("duo_instroom"), regio, jaar)
    return Onderwijsaanbod(regio, sector, int(jaar), per_niveau, detail, richtingen, reeksen, samen, doorstroom,
                           toelichting, ontbrekend)


def _ontbrekend(data: Mapping[str, pd.DataFrame | None], per_niveau: pd.DataFrame) -> list[str]:
    zinnen = []
    namen = {"studenten": "studenten (CBS 85701NED)", "gediplomeerden": "gediplomeerden (CBS 85702NED)",
             "mbo_studenten_richting": "mbo-studenten per richting (CBS 85353NED)",
             "mbo_gediplomeerden_richting": "mbo-gediplomeerden per richting (CBS 85356NED)",
             "duo_instroom": "eerstejaars (DUO)", "duo_gediplomeerden": "mbo-gediplomeerden per instelling (DUO)"}
    for thema, naam in namen.items():
        if data.get(thema) is None:
            zinnen.append(f"Onderwijsdata ontbreken: {naam}; wat daarop rust, is niet te beoordelen.")
    zonder = per_niveau[per_niveau["instroom_bron"] == "cbs_studententrend"]["niveau"].tolist()
    if zonder and data.get("duo_instroom") is None:  # DUO not loaded: not a matter of where DUO counts
        zinnen.append(f"Zonder eerstejaars van DUO toont het werkboek voor {tekst.lijst(zonder)} de trend van de "
                      "studenten die in de regio wonen, niet de instroom.")
    elif zonder:
        zinnen.append(f"Voor {tekst.lijst(zonder)} heeft DUO geen eerstejaars in deze regio (het mbo telt DUO op de "
                      "hoofdvestiging van de instelling): het werkboek toont daar de trend van de studenten die in "
                      "de regio wonen, niet de instroom.")
    return zinnen


def detailtabel(data: Mapping[str, pd.DataFrame | None], regio: str, jaar: int) -> pd.DataFrame:
    """The detail inside each level (entree, mbo 2, 3, 4, hbo, wo) in the latest school year up to ``jaar``:
    students (CBS, woonplaats, rounded to tens), graduates (CBS, woonplaats) and first-years (DUO, vestiging,
    a range when cells were masked)."""
    rijen = []
    for detail in tekst.AANBODNIVEAUS:
        rij = {"niveau": tekst.niveau_label(tekst.NIVEAU_VAN_AANBOD[detail]), "opleiding": tekst.niveau_label(detail)}
        studenten = _laatste(som_per_jaar(_rijen(data.get("studenten"), regio, jaar, onderwijsniveau=detail),
                                          "ingeschrevenen"), "ingeschrevenen")
        rij["studenten"] = studenten.get("waarde", np.nan)
        rij["studenten_schooljaar"] = schooljaar(studenten.get("jaar"), studenten.get("voorlopig", False))
        diplomas = _laatste(som_per_jaar(_rijen(data.get("gediplomeerden"), regio, jaar, onderwijsniveau=detail),
                                         "gediplomeerden"), "gediplomeerden")
        rij["gediplomeerden"] = diplomas.get("waarde", np.nan)
        filters = {"onderwijsniveau": detail, "richting": "totaal"}
        eerstejaars = _laatste(som_per_jaar(_rijen(data.get("duo_instroom"), regio, jaar, **filters), "instroom"),
                               "instroom")
        rij["eerstejaars"] = tekst.bereik(eerstejaars.get("onder"), eerstejaars.get("boven"), leeg="")
        rij["eerstejaars_schooljaar"] = schooljaar(eerstejaars.get("jaar"), eerstejaars.get("voorlopig", False))
        rijen.append(rij)
    return pd.DataFrame(rijen)


def doorstroom_mbo3_mbo4(duo_instroom: pd.DataFrame | None, regio: str, jaar: int) -> dict:
    """First-years in mbo 4 who came in with an mbo 3 diploma (DUO, main site of the institution), latest year:
    ``waarde, onder, boven, jaar, voorlopig``; empty when DUO has none for the region."""
    deel = _rijen(duo_instroom, regio, jaar, onderwijsniveau="mbo_4", richting="totaal")
    if deel.empty or "doorstroom_mbo3" not in deel.columns:
        return {}
    return _laatste(som_per_jaar(deel, "doorstroom_mbo3"), "doorstroom_mbo3")


def studententrend(studenten: pd.DataFrame | None, regio: str, niveau: str, jaar: int, venster: int) -> dict:
    """Growth (:func:`werkboek.reeksen.groei`, with the rounding margins) of the students living in the region at
    one level (CBS 85701NED); empty when unknown."""
    return _groei(som_per_jaar(_rijen(studenten, regio, jaar, onderwijsniveau=niveau), "ingeschrevenen"),
                  "ingeschrevenen", venster, jaar)
