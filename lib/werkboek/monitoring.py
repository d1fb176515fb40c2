"""Monitoring of the implementation (phase 4): the indicator catalogue, baselines, proposal skeletons and the
monitoring plan as text and table.

The tool never invents policy: a proposal skeleton holds the pain point, the indicators and their baselines,
and empty fields (doel, aanpak, partners, besluit, looptijd) that the region fills in. A target value is a
parameter passed by the user.

Why one module of this size: the indicator catalogue, baselines, targets against the trend without policy,
the plan as table and text, and the chart specifications are one phase-4 concept (an indicator with its baseline
and target); the phase orchestration is in :mod:`werkboek.fasen.beleidscyclus`.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from werkboek import aanbod, analyse, export, grafieken, paden, sectorrichting, tekst, trend
from werkboek.bronnenmenu import laad_menu
from werkboek.catalogus import CatalogusFout, lees_catalogus
from werkboek.export import kerncijfer

INDICATOREN_BESTAND = "indicatoren.yaml"
GEEN_OPEN_BRON = "geen open bron"
IN_TE_VULLEN = "[in te vullen door de regio]"
INVULVELDEN = ("doel", "aanpak", "partners", "besluit", "looptijd")


@dataclass(frozen=True)
class Indicator:
    """One monitoring indicator; ``thema`` is None when no open source has it."""

    id: str
    naam: str
    definitie: str
    frequentie: str
    eenheid: str
    gewenste_richting: str = "hoger"
    thema: str | None = None
    onderwerp: str | None = None
    filter: tuple[tuple[str, str | tuple[str, ...]], ...] = ()  # a tuple of values: the sum over them
    noemer: tuple[tuple[str, str], ...] = ()
    menu: tuple[str, ...] = ()
    bij_knelpunten: tuple[str, ...] = ()
    onderwijsniveau: str | None = None
    werkstreefwaarde: bool = True  # False: the desired direction depends on the pain point; no working target
    context: bool = False  # a context indicator: followed, never given a target
    niveaus: tuple[str, ...] = ()  # only proposed for pain points at these education levels (empty: all)

    @property
    def heeft_open_bron(self) -> bool:
        return self.thema is not None

    @property
    def sleutel(self) -> str:
        """Key for targets: the id, plus ``:<onderwijsniveau>`` for indicators per level."""
        return f"{self.id}:{self.onderwijsniveau}" if self.onderwijsniveau else self.id

    @property
    def menu_namen(self) -> str:
        """The organisations of the data-menu entries in ``menu``, e.g. 'ROA en de regio en haar partners'."""
        namen = {b.id: b.organisatie for b in laad_menu()}
        return tekst.lijst(dict.fromkeys(namen.get(m, m) for m in self.menu))

    @property
    def bron_tekst(self) -> str:
        if not self.heeft_open_bron:
            return f"{GEEN_OPEN_BRON} (te halen bij: {self.menu_namen or 'partners'})"
        filters = ", ".join(f"{k} = {' + '.join(v) if isinstance(v, tuple) else v}" for k, v in self.filter)
        return f"thema {self.thema}, onderwerp {self.onderwerp}" + (f" ({filters})" if filters else "")

    def ingevuld(self, context: dict) -> "Indicator":
        """Placeholders in name, definition and filters filled in from ``context`` (see :func:`context`)."""
        vul = lambda s: str(s).format(**context)  # noqa: E731

        def filterwaarde(waarde: str):
            # '{isced}' stands for every ISCED-F field linked to the sector: the indicator sums over them
            sleutel = str(waarde).strip("{}")
            if str(waarde).startswith("{") and isinstance(context.get(sleutel), (list, tuple)):
                return tuple(context[sleutel])
            return vul(waarde)

        per_niveau = (any(p in str(v) for _, v in self.filter for p in ("{onderwijsniveau}", "{detailniveaus}"))
                      or "{niveau}" in self.naam)
        return replace(
            self, naam=vul(self.naam), definitie=vul(self.definitie),
            filter=tuple((k, filterwaarde(v)) for k, v in self.filter),
            noemer=tuple((k, vul(v)) for k, v in self.noemer),
            onderwijsniveau=context.get("onderwijsniveau") if per_niveau else None,
        )


def laad_indicatoren(bestand: str = INDICATOREN_BESTAND) -> tuple[Indicator, ...]:
    """The indicator catalogue from ``data/indicatoren.yaml``, checked."""
    _, items = lees_catalogus(bestand, "indicatoren", ("naam", "definitie", "bron", "frequentie", "eenheid"))
    uit = []
    for item in items:
        bron = item["bron"]
        basis = dict(id=item["id"], naam=item["naam"], definitie=item["definitie"], frequentie=item["frequentie"],
                     eenheid=str(item["eenheid"]), gewenste_richting=item.get("gewenste_richting", "hoger"),
                     menu=tuple(item.get("menu") or ()), bij_knelpunten=tuple(item.get("bij_knelpunten") or ()),
                     werkstreefwaarde=bool(item.get("werkstreefwaarde", True)),
                     context=bool(item.get("context", False)), niveaus=tuple(item.get("niveaus") or ()))
        if bron == GEEN_OPEN_BRON:
            if not basis["menu"]:
                raise CatalogusFout(f"Indicator '{item['id']}' heeft geen open bron; noem dan in 'menu' waar de "
                                    "regio het cijfer kan halen.")
            uit.append(Indicator(**basis))
        elif isinstance(bron, dict) and {"thema", "onderwerp"} <= set(bron):
            uit.append(Indicator(**basis, thema=bron["thema"], onderwerp=bron["onderwerp"],
                                 filter=tuple((bron.get("filter") or {}).items()),
                                 noemer=tuple((bron.get("noemer") or {}).items())))
        else:
            raise CatalogusFout(f"Indicator '{item['id']}': 'bron' moet '{GEEN_OPEN_BRON}' zijn of thema en onderwerp "
                                "noemen.")
    return tuple(uit)


def context(parameters, onderwijsniveau: str | None = None) -> dict:
    """The values placeholders in the catalogue are filled with."""
    return {"sector": parameters.sector.code, "sector_naam": parameters.sector.naam.lower(),
            "richting": sectorrichting.richting_label(parameters.sector.code),
            "isced": sectorrichting.richtingen(parameters.sector.code, "isced"),
            "regio": parameters.regio.code, "onderwijsniveau": onderwijsniveau or "totaal",
            "niveau": tekst.niveau_label(onderwijsniveau or "totaal"),
            # the detail levels inside the level (entree; mbo 2, 3, 4; hbo, wo), for sources that count only those
            "detailniveaus": aanbod.DETAIL_VAN.get(onderwijsniveau, list(tekst.AANBODNIVEAUS))}


def ontbrekend_in_bron(indicator: Indicator, data: dict) -> str | None:
    """Why a filled-in indicator has no series in the loaded data (a Dutch sentence), or None when it has one."""
    if not indicator.heeft_open_bron:
        return "Er bestaat geen open data voor deze indicator"
    df = data.get(indicator.thema)
    if df is None:
        return f"Het thema {indicator.thema} is niet geladen"
    if indicator.onderwerp not in df.columns:
        return f"De open bron van het thema {indicator.thema} telt geen {indicator.onderwerp.replace('_', ' ')}"
    ontbrekend = [k for k, _ in (*indicator.filter, *indicator.noemer) if k not in df.columns]
    if ontbrekend:
        return (f"De open bron van het thema {indicator.thema} maakt geen onderscheid naar "
                f"{tekst.lijst(sorted(set(ontbrekend)))}")
    for kolom, waarde in (*indicator.filter, *indicator.noemer):
        gezocht = set(waarde) if isinstance(waarde, tuple) else {waarde}
        if not gezocht or not gezocht & set(df[kolom].dropna().unique()):
            delen = list(waarde) if isinstance(waarde, tuple) else [waarde]
            wat = " + ".join(tekst.niveau_label(str(w)) if kolom == "onderwijsniveau" else str(w) for w in delen)
            return f"De open bron van het thema {indicator.thema} telt {wat or 'deze categorie'} niet per regio"
    return None


def indicator_reeks(indicator: Indicator, data: dict, regio: str):
    """The yearly series of a filled-in indicator for ``regio``: DataFrame ``jaar, waarde, voorlopig``.

    None when the indicator has no open source, its theme is not loaded, or the loaded source lacks its topic or
    one of its categories (:func:`ontbrekend_in_bron` says which).
    """
    if ontbrekend_in_bron(indicator, data) is not None:
        return None
    df = data[indicator.thema]
    filters = dict(indicator.filter)
    if any(isinstance(v, tuple) for v in filters.values()):
        teller = _som_reeks(df, indicator.onderwerp, regio, filters)
    else:
        teller = analyse.reeks(df, indicator.onderwerp, regio, **filters)
        onder, boven = analyse.marges(analyse.kies(df, regio=regio, **filters).sort_values("jaar"), indicator.onderwerp)
        teller["onder"], teller["boven"] = onder.to_numpy(), boven.to_numpy()
    if not indicator.noemer:
        return teller
    noemer = analyse.reeks(df, indicator.onderwerp, regio, **dict(indicator.noemer))
    samen = teller.merge(noemer[["jaar", "waarde"]], on="jaar", how="left", suffixes=("", "_noemer"))
    return pd.DataFrame({"jaar": samen["jaar"], "waarde": samen["waarde"] / samen["waarde_noemer"] * 100,
                         "voorlopig": samen["voorlopig"]})


def _som_reeks(df, onderwerp: str, regio: str, filters: dict):
    """The yearly sum over every combination of the filter values (a year with a missing part is unknown)."""
    deel = analyse.kies(df, regio=regio, **filters)
    delen = 1
    for waarde in filters.values():
        delen *= len(waarde) if isinstance(waarde, tuple) else 1
    reeks = aanbod.som_per_jaar(deel, onderwerp, delen=delen)
    return reeks.rename(columns={onderwerp: "waarde", f"{onderwerp}_onder": "onder", f"{onderwerp}_boven": "boven"})


@dataclass
class Basiswaarde:
    """The starting value of an indicator, or a Dutch statement that no open data exist."""

    sleutel: str
    naam: str
    eenheid: str
    beschikbaar: bool
    waarde: float | None
    jaar: int | None
    voorlopig: bool
    tekst: str
    onder: float | None = None  # the range of a sum with masked or rounded cells
    boven: float | None = None


BASISJAREN_TELLING = 3  # a count (eenheid 'aantal') gets the mean of its last definitive years as its baseline


def basiswaarde(indicator: Indicator, data: dict, regio: str, jaar: int | None = None) -> Basiswaarde:
    """Baseline up to ``jaar`` from definitive years only (a provisional year is shown beside it, so the baseline
    does not move when the provisional figure becomes definitive): the mean of the last
    :data:`BASISJAREN_TELLING` definitive years for a noisy count, else the last definitive year."""
    serie = indicator_reeks(indicator, data, regio)
    if serie is None:
        reden = ontbrekend_in_bron(indicator, data)
        waar = indicator.menu_namen
        zin = f"{reden}; leg de basiswaarde vast met gegevens van {waar}." if waar else f"{reden}."
        return Basiswaarde(indicator.sleutel, indicator.naam, indicator.eenheid, False, None, None, False, zin)
    bekend = serie.dropna(subset=["waarde"])
    if jaar is not None:
        bekend = bekend[bekend["jaar"] <= jaar]
    definitief = bekend[~bekend["voorlopig"].astype(bool)]
    if definitief.empty:
        return Basiswaarde(indicator.sleutel, indicator.naam, indicator.eenheid, False, None, None, False,
                           f"Voor {indicator.naam.lower()} is in deze regio geen definitief cijfer bekend (leeg, "
                           "onderdrukt of nog voorlopig).")
    aantal = BASISJAREN_TELLING if indicator.eenheid == "aantal" else 1
    deel = definitief.tail(aantal)
    waarde, j = float(deel["waarde"].mean()), int(deel["jaar"].iloc[-1])
    onder = float(deel["onder"].mean()) if "onder" in deel and deel["onder"].notna().all() else None
    boven = float(deel["boven"].mean()) if "boven" in deel and deel["boven"].notna().all() else None
    marge = (f" (tussen {tekst.met_eenheid(onder, indicator.eenheid)} en {tekst.met_eenheid(boven, indicator.eenheid)}: "
             "afgeschermde kleine aantallen of afronding)" if onder is not None and boven is not None
             and boven - onder >= 1 else "")
    periode = (f"gemiddelde {tekst.periode(int(deel['jaar'].iloc[0]), j)}" if len(deel) > 1 else str(j))
    later = bekend[bekend["jaar"] > j]
    erbij = (f"; voorlopig {tekst.met_eenheid(float(later['waarde'].iloc[-1]), indicator.eenheid)} in "
             f"{int(later['jaar'].iloc[-1])}* (telt pas mee als het definitief is)" if len(later) else "")
    zin = f"Basiswaarde {indicator.naam.lower()}: {tekst.met_eenheid(waarde, indicator.eenheid)}{marge}, {periode}{erbij}."
    return Basiswaarde(indicator.sleutel, indicator.naam, indicator.eenheid, True, waarde, j, False, zin, onder, boven)


def tegenfeitelijk(indicator: Indicator, data: dict, regio: str, jaar: int, doeljaar: int):
    """What the indicator does without policy: the projection of its definitive years to ``doeljaar``
    (:func:`werkboek.trend.voorspelinterval`, damped, 80%). None when the series is too short."""
    serie = indicator_reeks(indicator, data, regio)
    if serie is None:
        return None
    s = serie.dropna(subset=["waarde"])
    s = s[(s["jaar"] <= jaar) & (s["waarde"] > 0)].tail(analyse.TRENDJAREN + 1)
    definitief = s[~s["voorlopig"].astype(bool)]
    if len(definitief) < 4 or doeljaar <= int(definitief["jaar"].max()):
        return None
    try:
        v = trend.voorspelinterval(s["jaar"], s["waarde"], doeljaar - int(definitief["jaar"].max()),
                                   demping=analyse.DEMPING, voorlopig=s["voorlopig"].astype(bool))
    except analyse.OnvoldoendeDataFout:
        return None
    return v


def vergelijkingsgroep(indicator: Indicator, data: dict, regio: str, jaar: int) -> str:
    """How the indicator developed in the three regions with the most similar sector structure (summed), beside the
    region itself: the comparison group for a baseline. Empty when unknown."""
    banen = data.get("banen")
    if banen is None or indicator_reeks(indicator, data, regio) is None:
        return ""
    try:
        groep = analyse.vergelijkbare_regios(banen[banen["jaar"] <= jaar], regio)["regio"].tolist()
    except analyse.OnvoldoendeDataFout:
        return ""
    reeksen = [indicator_reeks(indicator, data, g) for g in groep]
    if not reeksen or any(r is None for r in reeksen):
        return ""
    reeksen = [r.dropna(subset=["waarde"])[["jaar", "waarde", "voorlopig"]] for r in reeksen]
    if any(r.empty for r in reeksen):
        return ""
    samen = pd.concat(reeksen).groupby("jaar").agg(waarde=("waarde", "sum"), voorlopig=("voorlopig", "any"),
                                                   delen=("waarde", "count")).reset_index()
    if indicator.noemer:  # a share: the mean of the regions' shares, not their sum
        samen["waarde"] = samen["waarde"] / samen["delen"]
    samen = samen[(samen["delen"] == len(groep)) & (samen["jaar"] <= jaar)].tail(analyse.TRENDJAREN)
    eigen = indicator_reeks(indicator, data, regio).dropna(subset=["waarde"])
    eigen = eigen[eigen["jaar"] <= jaar].tail(analyse.TRENDJAREN)
    if len(samen) < 3 or len(eigen) < 3:
        return ""
    t_groep = trend.trend(samen["jaar"], samen["waarde"], voorlopig=samen["voorlopig"], telling=indicator.eenheid == "aantal")
    t_eigen = trend.trend(eigen["jaar"], eigen["waarde"], voorlopig=eigen["voorlopig"].astype(bool),
                          telling=indicator.eenheid == "aantal")
    namen = tekst.lijst([analyse.regio_naam(banen, g) for g in groep])
    return (f"Ontwikkeling in de regio: {t_eigen.zin}; in de vergelijkingsgroep ({namen}, de regio's met de meest "
            f"gelijkende sectorstructuur): {t_groep.zin}.")


@dataclass
class Voorstel:
    """A proposal skeleton for one pain point: the numbers from the tool, the policy fields from the region."""

    knelpunt: dict
    indicatoren: list[Indicator]
    basiswaarden: list[Basiswaarde]
    doelen: dict[str, float | None]
    doeljaar: int | None
    invulling: dict[str, str] = field(default_factory=lambda: {k: IN_TE_VULLEN for k in INVULVELDEN})
    streefgrond: dict[str, str] = field(default_factory=dict)  # per indicator: where its target comes from
    tegenfeitelijk: dict = field(default_factory=dict)  # per indicator: its projection without policy (or None)
    vergelijking: dict[str, str] = field(default_factory=dict)  # per indicator: region against comparison group


def voorstellen(knelpunten, parameters, data: dict, doelen: dict[str, float] | None = None,
                doeljaar: int | None = None, catalogus: tuple[Indicator, ...] | None = None) -> list[Voorstel]:
    """One skeleton per pain point (``Beoordeling`` objects or dicts with code/titel/onderwijsniveau/bewijs),
    with the catalogue's indicators for that pain point filled in for its education level, their baselines
    and the targets from ``doelen`` (keyed by :attr:`Indicator.sleutel`, e.g. ``'instroom_niveau:middelbaar'``)."""
    catalogus = catalogus or laad_indicatoren()
    doelen = doelen or {}
    doeljaar = doeljaar or parameters.jaar + parameters.horizon
    uit = []
    for k in knelpunten:
        k = k.als_dict() if hasattr(k, "als_dict") else dict(k)
        niveau = k.get("onderwijsniveau") if k.get("onderwijsniveau") not in (None, "alle") else None
        gekozen = [i.ingevuld(context(parameters, niveau)) for i in catalogus if k["code"] in i.bij_knelpunten
                   and (not i.niveaus or niveau in i.niveaus)]
        regio, jaar = parameters.regio.code, parameters.jaar
        basis = [basiswaarde(i, data, regio, jaar) for i in gekozen]
        zonder_beleid = {i.sleutel: tegenfeitelijk(i, data, regio, jaar, doeljaar) for i in gekozen}
        vergelijking = {i.sleutel: vergelijkingsgroep(i, data, regio, jaar) for i in gekozen}
        uit.append(Voorstel(k, gekozen, basis, {i.sleutel: doelen.get(i.sleutel) for i in gekozen}, doeljaar,
                            tegenfeitelijk=zonder_beleid, vergelijking=vergelijking))
    return uit


def monitoringsplan_tabel(voorstellen_: list[Voorstel]):
    """One row per proposal and indicator, Dutch headers: the Excel sheet of the plan."""
    rijen = []
    for nummer, v in enumerate(voorstellen_, start=1):
        for indicator, basis in zip(v.indicatoren, v.basiswaarden):
            doel = v.doelen.get(indicator.sleutel)
            rijen.append({
                "Voorstel": nummer, "Knelpunt": v.knelpunt["titel"], "Indicator": indicator.naam,
                "Sleutel (voor streefwaarden)": indicator.sleutel,
                "Definitie": indicator.definitie, "Bron": indicator.bron_tekst, "Frequentie": indicator.frequentie,
                "Eenheid": indicator.eenheid, "Basiswaarde": basis.waarde, "Basisjaar": basis.jaar,
                "Toelichting basiswaarde": basis.tekst, "Vergelijkingsgroep": v.vergelijking.get(indicator.sleutel, ""),
                "Streefwaarde": doel,
                "Streefjaar": v.doeljaar if doel is not None else None,
                "Grond streefwaarde": v.streefgrond.get(indicator.sleutel, "opgegeven" if doel is not None else ""),
                **{veld.capitalize(): v.invulling[veld] for veld in INVULVELDEN},
            })
    kolommen = ["Voorstel", "Knelpunt", "Indicator", "Sleutel (voor streefwaarden)", "Definitie", "Bron",
                "Frequentie", "Eenheid", "Basiswaarde", "Basisjaar", "Toelichting basiswaarde", "Vergelijkingsgroep",
                "Streefwaarde",
                "Streefjaar", "Grond streefwaarde", *(veld.capitalize() for veld in INVULVELDEN)]
    tabel = pd.DataFrame(rijen, columns=kolommen)  # without proposals the sheet still has its header row
    for kolom in ("Basisjaar", "Streefjaar"):  # years are whole numbers, also next to unknown ones
        if kolom in tabel.columns:
            tabel[kolom] = tabel[kolom].astype("Int64")
    return tabel


def indicatorenoverzicht(voorstellen_: list[Voorstel]):
    """Each indicator of the plan once: source, frequency, baseline and target with their years, where the target
    comes from, and the proposals that use it. The short table to show; the full plan has one row per proposal."""
    rijen = []
    for indicator, basis, doel, doeljaar in unieke_indicatoren(voorstellen_):
        nummers = [str(n) for n, v in enumerate(voorstellen_, start=1)
                   if indicator.sleutel in {i.sleutel for i in v.indicatoren}]
        grond = next((v.streefgrond[indicator.sleutel] for v in voorstellen_ if indicator.sleutel in v.streefgrond),
                     "opgegeven" if doel is not None else IN_TE_VULLEN)
        rijen.append({"Indicator": indicator.naam, "Sleutel (voor streefwaarden)": indicator.sleutel,
                      "Bron": indicator.bron_tekst, "Frequentie": indicator.frequentie, "Eenheid": indicator.eenheid,
                      "Basiswaarde": basis.waarde, "Basisjaar": basis.jaar, "Streefwaarde": doel,
                      "Streefjaar": doeljaar if doel is not None else None, "Grond streefwaarde": grond,
                      "Bij voorstel": ", ".join(nummers)})
    tabel = pd.DataFrame(rijen, columns=["Indicator", "Sleutel (voor streefwaarden)", "Bron", "Frequentie", "Eenheid",
                                         "Basiswaarde", "Basisjaar", "Streefwaarde", "Streefjaar",
                                         "Grond streefwaarde", "Bij voorstel"])
    for kolom in ("Basisjaar", "Streefjaar"):
        tabel[kolom] = tabel[kolom].astype("Int64")
    tabel[["Basiswaarde", "Streefwaarde"]] = tabel[["Basiswaarde", "Streefwaarde"]].astype(float)
    return tabel


def monitoringsplan_markdown(voorstellen_: list[Voorstel], parameters) -> str:
    """The monitoring plan as readable text."""
    regels = [f"# Monitoringsplan {parameters.regio.naam}: {parameters.sector.naam.lower()}", "",
              "De cijfers komen uit het werkboek; doel, aanpak, partners, besluit en looptijd vult de regio in.", ""]
    if not voorstellen_:
        regels.append("Er zijn geen knelpunten gevonden waarvoor een voorstel nodig is.")
    for nummer, v in enumerate(voorstellen_, start=1):
        regels += [f"## Voorstel {nummer}: {v.knelpunt['titel']}", "", f"Onderbouwing: {v.knelpunt.get('bewijs', '')}", ""]
        regels += [f"- **{veld.capitalize()}:** {v.invulling[veld]}" for veld in INVULVELDEN]
        regels += ["", "Indicatoren:", ""]
        for indicator, basis in zip(v.indicatoren, v.basiswaarden):
            doel = v.doelen.get(indicator.sleutel)
            grond = v.streefgrond.get(indicator.sleutel)
            streef = (f" Streefwaarde: {tekst.met_eenheid(doel, indicator.eenheid)} in {v.doeljaar}"
                      f"{f' ({grond})' if grond else ''}." if doel is not None
                      else " Contextindicator: geen streefwaarde." if indicator.context
                      else f" Streefwaarde: {IN_TE_VULLEN}.")
            groep = v.vergelijking.get(indicator.sleutel)
            regels.append(f"- {indicator.naam} ({indicator.frequentie}; {indicator.bron_tekst}). {basis.tekst}{streef}"
                          + (f" {groep}" if groep else ""))
        regels.append("")
    return "\n".join(regels).rstrip() + "\n"


def indicatoren_tabel(catalogus: tuple[Indicator, ...] | None = None):
    """The indicator catalogue as a table with Dutch headers."""
    return pd.DataFrame([{"Indicator": i.naam, "Definitie": i.definitie, "Bron": i.bron_tekst,
                          "Frequentie": i.frequentie, "Eenheid": i.eenheid, "Gewenste richting": i.gewenste_richting,
                          "id": i.id} for i in (catalogus or laad_indicatoren())])


def schrijf_monitoringsplan(voorstellen_: list[Voorstel], parameters, map_, herkomst=None) -> tuple:
    """The monitoring plan as its own Excel workbook (sheets 'Monitoringsplan', 'Indicatoren', 'Bron') and as
    markdown, in ``map_``; returns both paths."""
    map_ = Path(map_)
    map_.mkdir(parents=True, exist_ok=True)
    herkomsten = herkomst if isinstance(herkomst, (list, tuple)) else ([herkomst] if herkomst else [])
    bronblad = [("Regio", f"{parameters.regio.code} {parameters.regio.naam}"),
                ("Focussector", f"{parameters.sector.code} {parameters.sector.naam}"),
                ("Invulling", f"Velden met '{IN_TE_VULLEN}' vult de regio in; het werkboek bedenkt geen beleid.")]
    bronblad += [("Bron", regel) for regel in dict.fromkeys(h.bronregel() for h in herkomsten)]
    if any(getattr(h, "demo", False) for h in herkomsten):
        bronblad.append(("Demodata", "JA: synthetische cijfers, geen echte waarden"))
    xlsx = export.schrijf_excel({"Monitoringsplan": monitoringsplan_tabel(voorstellen_),
                                 "Indicatoren": indicatoren_tabel()},
                                paden.binnen(map_, "monitoringsplan.xlsx"), bronblad)
    md = paden.binnen(map_, "monitoringsplan.md")
    md.write_text(monitoringsplan_markdown(voorstellen_, parameters), encoding="utf-8")
    return xlsx, md


# ---------------------------------------------------------------------------------------------------------------
# Targets, monitoring charts and the link with the duiding notebook (notebook 04)


class StreefwaardeWaarschuwing(UserWarning):
    """A target was given for an indicator that is not in this region's plan."""


def met_streefwaarden(voorstellen_: list[Voorstel], streefwaarden: dict | None = None,
                      verandering_procent: float = 0.0) -> list[Voorstel]:
    """Fill in the targets of the proposals from the user's parameters, without inventing any.

    ``streefwaarden`` (keyed by :attr:`Indicator.sleutel`) wins; otherwise, when ``verandering_procent`` is not 0,
    a non-zero baseline exists and the catalogue allows it (``werkstreefwaarde``, not a context indicator), a
    working target relative to what happens WITHOUT policy: the trend projection to the target year plus that
    percentage in the desired direction, and at least beyond the edge of its 80% interval, so a target is never
    met by doing nothing. Without a projection (too few years) the baseline stands in for the trend, said so.
    Indicators without a baseline and without a given target keep no target."""
    streefwaarden = {k: v for k, v in (streefwaarden or {}).items() if v is not None}
    uit = []
    for v in voorstellen_:
        doelen, grond = dict(v.doelen), dict(v.streefgrond)
        for indicator, basis in zip(v.indicatoren, v.basiswaarden):
            if indicator.sleutel in streefwaarden:
                doelen[indicator.sleutel] = float(streefwaarden[indicator.sleutel])
                grond[indicator.sleutel] = "opgegeven door de regio"
            elif indicator.context:
                grond[indicator.sleutel] = "contextindicator: geen streefwaarde"
            elif verandering_procent and basis.beschikbaar and basis.waarde and indicator.werkstreefwaarde:
                # a percentage of zero is zero: where nothing exists yet, only the region can name a target
                teken = -1 if indicator.gewenste_richting == "lager" else 1
                zonder = v.tegenfeitelijk.get(indicator.sleutel)
                if zonder is not None:
                    verwacht, (onder, boven) = zonder.verwacht, zonder.interval
                    doel = verwacht * (1 + teken * verandering_procent / 100)
                    doel = max(doel, boven) if teken > 0 else min(doel, onder)
                    waarom = (f"werkwaarde: trend zonder beleid {tekst.met_eenheid(verwacht, indicator.eenheid)} in "
                              f"{zonder.horizonjaar} {'−' if teken < 0 else '+'}{tekst.getal(verandering_procent, 1)}%, "
                              "en minstens buiten het 80%-interval van die trend")
                else:
                    doel = basis.waarde * (1 + teken * verandering_procent / 100)
                    waarom = (f"werkwaarde: basiswaarde {'−' if teken < 0 else '+'}{tekst.getal(verandering_procent, 1)}% "
                              "(te weinig jaren voor een trend zonder beleid)")
                # rounded as the indicator is published: whole counts, one decimal for thousands and percentages
                doelen[indicator.sleutel] = round(doel, 0 if indicator.eenheid == "aantal" else 1)
                grond[indicator.sleutel] = f"{waarom}; vervang door de afgesproken streefwaarde"
        uit.append(replace(v, doelen=doelen, streefgrond=grond))
    bekend = {indicator.sleutel for v in voorstellen_ for indicator in v.indicatoren}
    if onbekend := sorted(set(streefwaarden) - bekend):
        # A mistyped key, or one from another region's plan, would otherwise change nothing without a word.
        warnings.warn(
            f"Streefwaarde voor {tekst.lijst(onbekend)} genegeerd: die sleutel staat niet in dit monitoringsplan. "
            f"Kies uit de kolom 'Sleutel (voor streefwaarden)': {tekst.lijst(sorted(bekend)) or 'geen indicatoren'}.",
            StreefwaardeWaarschuwing, stacklevel=2,
        )
    return uit


def unieke_indicatoren(voorstellen_: list[Voorstel]) -> list[tuple[Indicator, Basiswaarde, float | None, int | None]]:
    """Each indicator once over all proposals (the first proposal that names it gives its target), in order."""
    gezien, uit = set(), []
    for v in voorstellen_:
        for indicator, basis in zip(v.indicatoren, v.basiswaarden):
            if indicator.sleutel not in gezien:
                gezien.add(indicator.sleutel)
                uit.append((indicator, basis, v.doelen.get(indicator.sleutel), v.doeljaar))
    return uit


def titel_monitoring(indicator: Indicator, basis: Basiswaarde, serie=None, doel: float | None = None,
                     doeljaar: int | None = None) -> str:
    """A chart title that states the finding: the latest value against the baseline when there is progress to
    show, else the baseline, and the target."""
    eenheid = indicator.eenheid
    streef = f"; streefwaarde {tekst.met_eenheid(doel, eenheid)} in {doeljaar}" if doel is not None else ""
    na = None
    if serie is not None and basis.beschikbaar:
        na = serie.dropna(subset=["waarde"])
        na = na[na["jaar"] > basis.jaar]
    if na is not None and len(na):
        laatste = na.iloc[-1]
        richting = ("gestegen" if laatste["waarde"] > basis.waarde else
                    "gedaald" if laatste["waarde"] < basis.waarde else "gelijk gebleven")
        return (f"{indicator.naam}: {richting} van {tekst.met_eenheid(basis.waarde, eenheid)} ({basis.jaar}) naar "
                f"{tekst.met_eenheid(float(laatste['waarde']), eenheid)} ({int(laatste['jaar'])}){streef}")
    return f"{indicator.naam}: basiswaarde {tekst.met_eenheid(basis.waarde, eenheid)} in {basis.jaar}{streef}"


@dataclass
class Grafiekspecificatie:
    """What a monitoring chart shows (the arguments of :func:`werkboek.grafieken.monitoringgrafiek` without
    ``map_`` and ``naam``), or a Dutch line saying why no chart is drawn."""

    naam: str
    argumenten: dict = field(default_factory=dict)
    melding: str = ""


def monitoringgrafiek_specificaties(voorstellen_: list[Voorstel], data: dict, parameters) -> list[Grafiekspecificatie]:
    """A chart specification (trend, baseline, the trend without policy, target, progress) for every indicator of
    the plan; for indicators without open data, or a series that is 0 throughout (no programme in the region), a
    Dutch line instead."""
    uit = []
    for indicator, basis, doel, doeljaar in unieke_indicatoren(voorstellen_):
        naam = f"monitoring_{indicator.sleutel.replace(':', '_')}"
        serie = indicator_reeks(indicator, data, parameters.regio.code)
        if serie is None or not basis.beschikbaar:
            uit.append(Grafiekspecificatie(naam, melding=f"{indicator.naam}: {basis.tekst} Er is geen "
                                                         "monitoringsfiguur gemaakt."))
            continue
        bekend = serie["waarde"].dropna()
        if len(bekend) and (bekend == 0).all():
            uit.append(Grafiekspecificatie(naam, melding=(
                f"{indicator.naam}: in deze regio steeds 0 (geen opleiding of geen studenten); een grafiek zegt hier "
                "niets. Volg de indicatoren zonder open data, zoals stages en werk in de regio.")))
            continue
        zonder = next((v.tegenfeitelijk.get(indicator.sleutel) for v in voorstellen_
                       if v.tegenfeitelijk.get(indicator.sleutel) is not None), None)
        uit.append(Grafiekspecificatie(naam, dict(
            serie=serie, basis=basis, titel=titel_monitoring(indicator, basis, serie, doel, doeljaar),
            eenheid=indicator.eenheid, herkomst=data[indicator.thema].attrs.get("herkomst"), doel=doel,
            doeljaar=doeljaar, zonder_beleid=zonder.tabel if zonder is not None else None)))
    return uit


def monitoringgrafieken(voorstellen_: list[Voorstel], data: dict, parameters, map_) -> tuple[list, list[str]]:
    """The charts of :func:`monitoringgrafiek_specificaties`, drawn into ``map_``. Returns ``(figuren, meldingen)``."""
    figuren, meldingen = [], []
    for spec in monitoringgrafiek_specificaties(voorstellen_, data, parameters):
        if spec.melding:
            meldingen.append(spec.melding)
            continue
        try:
            figuren.append(grafieken.monitoringgrafiek(**spec.argumenten, map_=map_, naam=spec.naam))
        except grafieken.GeenDataFout as fout:
            meldingen.append(f"{spec.argumenten['basis'].naam}: {fout}")
    return figuren, meldingen


def vergelijk_met_duiding(knelpunten, samenvatting_pad) -> str:
    """A Dutch sentence comparing the pain points found here with those in the duiding notebook's
    ``samenvatting.json``, when that file exists; the plan always rests on the pain points computed here."""
    pad = Path(samenvatting_pad)
    hier = {(k.code, k.onderwijsniveau) for k in knelpunten}
    if not pad.is_file():
        return ("De duiding (03) is voor deze regio nog niet uitgevoerd; de knelpunten zijn hier opnieuw berekend "
                "met dezelfde regels.")
    try:
        samenvatting = json.loads(pad.read_text(encoding="utf-8"))
        titels_daar = {(k["code"], k["onderwijsniveau"]): k.get("titel") or k["code"] for k in samenvatting["knelpunten"]}
    except (ValueError, KeyError, TypeError, AttributeError):
        return (f"De samenvatting van de duiding ({pad.name}) is niet leesbaar; de knelpunten zijn hier opnieuw "
                "berekend met dezelfde regels.")
    daar = set(titels_daar)
    if daar == hier:
        return "Dezelfde knelpunten als in de duiding (03): het plan sluit aan op de bespreking daar."
    # Equal counts can hide different pain points (another peiljaar or sector), so name them and the duiding's run.
    titels_hier = {(k.code, k.onderwijsniveau): k.titel for k in knelpunten}
    alleen_daar = tekst.lijst(sorted(titels_daar[k] for k in daar - hier)) or "geen"
    alleen_hier = tekst.lijst(sorted(titels_hier[k] for k in hier - daar)) or "geen"
    gebruikt = samenvatting.get("parameters") if isinstance(samenvatting.get("parameters"), dict) else {}
    labels = {"jaar": "peiljaar", "sector": "focussector", "horizon": "horizon", "bron": "bron"}
    instellingen = ", ".join(f"{label} {gebruikt[naam]}" for naam, label in labels.items() if naam in gebruikt)
    run = f" De duiding is het laatst uitgevoerd met {instellingen}." if instellingen else ""
    return (f"Let op: de duiding (03) vond andere knelpunten dan dit notebook. Alleen in de duiding: {alleen_daar}. "
            f"Alleen hier: {alleen_hier}.{run} Zijn de parameters of de drempels hier anders, voer de duiding dan "
            "opnieuw uit met dezelfde waarden, zodat beide stukken hetzelfde zeggen.")


def kerncijfers(voorstellen_: list[Voorstel], parameters) -> list[dict]:
    """Key figures of the policy cycle for ``samenvatting.json``: proposals, indicators with a baseline from open
    data, indicators the region must measure itself, and indicators with a target."""
    unieke = unieke_indicatoren(voorstellen_)
    periode = str(parameters.jaar)
    return [
        kerncijfer("voorstellen", "Voorstellen (een per knelpunt)", len(voorstellen_), "aantal", periode),
        kerncijfer("indicatoren_met_basiswaarde", "Indicatoren met een basiswaarde uit open data",
                   sum(1 for _, b, _, _ in unieke if b.beschikbaar), "aantal", periode),
        kerncijfer("indicatoren_zonder_open_data", "Indicatoren die de regio zelf moet meten",
                   sum(1 for _, b, _, _ in unieke if not b.beschikbaar), "aantal", periode),
        kerncijfer("indicatoren_met_streefwaarde", "Indicatoren met een streefwaarde",
                   sum(1 for _, _, d, _ in unieke if d is not None), "aantal", periode),
    ]
