"""The first picture of a region against Nederland (phase 1, vraagarticulatie): inhabitants and age structure,
education level of the labour force, jobs by sector and the region's size among the 35.

Every function takes per_regio frames (contract C3) and uses the latest known year up to the parameter year.
Shares are taken of the published total, never of a sum of parts; an unknown part stays unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from werkboek import grafieken, tekst
from werkboek.analyse import NEDERLAND, OnvoldoendeDataFout, beroepsbevolking_naar_onderwijsniveau, kies
from werkboek.parameters import alle_sectoren

LEEFTIJDEN = {
    "leeftijd_0_15": "0 tot 15 jaar", "leeftijd_15_25": "15 tot 25 jaar", "leeftijd_25_45": "25 tot 45 jaar",
    "leeftijd_45_55": "45 tot 55 jaar", "leeftijd_55_65": "55 tot 65 jaar", "leeftijd_65_plus": "65 jaar of ouder",
}


def _peiljaar(df: pd.DataFrame, regio: str, jaar: int, waarde: str, **filters) -> tuple[int, bool]:
    """The latest year up to ``jaar`` in which ``regio`` and Nederland both have a known ``waarde``."""
    deel = kies(df, regio=[regio, NEDERLAND], **filters)
    deel = deel[(deel["jaar"] <= jaar) & deel[waarde].notna()]
    beide = deel.groupby("jaar")["regio"].nunique()
    jaren = beide[beide == 2].index
    if not len(jaren):
        raise OnvoldoendeDataFout(f"Er is tot en met {jaar} geen jaar waarin {regio} en Nederland allebei een "
                                  f"cijfer voor '{waarde.replace('_', ' ')}' hebben.")
    gekozen = int(max(jaren))
    return gekozen, bool(deel.loc[deel["jaar"] == gekozen, "voorlopig"].any())


def _met_periode(uit: pd.DataFrame, jaar: int, voorlopig: bool) -> pd.DataFrame:
    uit.attrs["jaar"] = jaar
    uit.attrs["periode"] = f"{jaar}{'*' if voorlopig else ''}"
    return uit.reset_index(drop=True)


def leeftijdsopbouw(bevolking: pd.DataFrame, regio: str, jaar: int) -> pd.DataFrame:
    """Inhabitants by age class in the region and in Nederland, as percent of the published total.

    Columns ``leeftijdsklasse`` (e.g. '65 jaar of ouder'), ``inwoners`` (region), ``aandeel_procent``,
    ``aandeel_nl_procent``; ``attrs['periode']`` names the year used (with ``*`` when provisional).
    """
    gekozen, voorlopig = _peiljaar(bevolking, regio, jaar, "inwoners", leeftijd="totaal")
    deel = kies(bevolking, regio=[regio, NEDERLAND], jaar=gekozen)
    breed = deel.pivot_table(index="leeftijd", columns="regio", values="inwoners", aggfunc="first", dropna=False)
    klassen = [k for k in LEEFTIJDEN if k in breed.index]
    uit = pd.DataFrame({
        "leeftijdsklasse": [LEEFTIJDEN[k] for k in klassen],
        "inwoners": pd.array(breed.loc[klassen, regio].round(), dtype="Int64"),
        "aandeel_procent": (breed.loc[klassen, regio] / breed.loc["totaal", regio] * 100).to_numpy(dtype=float),
        "aandeel_nl_procent": (breed.loc[klassen, NEDERLAND] / breed.loc["totaal", NEDERLAND] * 100).to_numpy(dtype=float),
    })
    return _met_periode(uit, gekozen, voorlopig)


def opleidingsniveau(beroepsbevolking: pd.DataFrame, regio: str, jaar: int) -> pd.DataFrame:
    """The working labour force (persons, place of residence) by education level laag/middelbaar/hoog in the
    latest year up to ``jaar``: ``niveau``, ``werkzame_beroepsbevolking``, ``aandeel_procent``,
    ``aandeel_nl_procent``."""
    gekozen, voorlopig = _peiljaar(beroepsbevolking, regio, jaar, "werkzame_beroepsbevolking", kenmerk="totaal")
    alle = beroepsbevolking_naar_onderwijsniveau(beroepsbevolking, regio)
    uit = alle[alle["jaar"] == gekozen]
    volgorde = {"onderwijs_laag": 0, "onderwijs_middelbaar": 1, "onderwijs_hoog": 2}
    uit = uit.sort_values("onderwijsniveau", key=lambda s: s.map(volgorde))
    uit = uit[["niveau", "werkzame_beroepsbevolking", "aandeel_procent", "aandeel_nl_procent"]]
    return _met_periode(uit, gekozen, voorlopig)


def sectoraandelen(banen: pd.DataFrame, regio: str, jaar: int) -> pd.DataFrame:
    """Each sector's share of the jobs (place of work) in the region and in Nederland, and the location quotient,
    largest regional share first. Shares use the published total; an unknown sector stays unknown."""
    gekozen, voorlopig = _peiljaar(banen, regio, jaar, "banen", sector="totaal")
    deel = kies(banen, regio=[regio, NEDERLAND], jaar=gekozen)
    breed = deel.pivot_table(index="sector", columns="regio", values="banen", aggfunc="first", dropna=False)
    namen = {s.code: s.naam for s in alle_sectoren()}
    sectoren = [s for s in breed.index if s != "totaal"]
    regionaal = breed.loc[sectoren, regio] / breed.loc["totaal", regio] * 100
    landelijk = breed.loc[sectoren, NEDERLAND] / breed.loc["totaal", NEDERLAND] * 100
    uit = pd.DataFrame({
        "sector": sectoren, "sector_naam": [namen.get(s, s) for s in sectoren],
        "banen": breed.loc[sectoren, regio].to_numpy(dtype=float),
        "aandeel_procent": regionaal.to_numpy(dtype=float), "aandeel_nl_procent": landelijk.to_numpy(dtype=float),
    })
    uit["locatiequotient"] = uit["aandeel_procent"] / uit["aandeel_nl_procent"]
    uit = uit.sort_values(["aandeel_procent", "sector"], ascending=[False, True], na_position="last")
    return _met_periode(uit, gekozen, voorlopig)


def inwoners_per_regio(bevolking: pd.DataFrame, jaar: int) -> tuple[dict[str, float], str]:
    """Inhabitants per arbeidsmarktregio (code -> number, NaN when unknown) in the latest year up to ``jaar``
    that has figures, and that period (``'2023'``, ``'2025*'`` when provisional); ``NL`` left out."""
    deel = kies(bevolking, leeftijd="totaal")
    deel = deel[(deel["jaar"] <= jaar) & (deel["regio"] != NEDERLAND)]
    if deel.empty or deel["inwoners"].isna().all():
        return {}, ""
    gekozen = int(deel.loc[deel["inwoners"].notna(), "jaar"].max())
    rijen = deel[deel["jaar"] == gekozen]
    periode = f"{gekozen}{'*' if rijen['voorlopig'].astype(bool).any() else ''}"
    return {str(r): (float(w) if not tekst.is_leeg(w) else np.nan)
            for r, w in zip(rijen["regio"], rijen["inwoners"])}, periode


def rang(waarden: Mapping[str, float], regio: str) -> tuple[int | None, int]:
    """The place of ``regio`` from large to small among the known values (1 = largest), and how many are known."""
    bekend = sorted(((w, c) for c, w in waarden.items() if not tekst.is_leeg(w)), key=lambda p: (-p[0], p[1]))
    plaatsen = {c: i for i, (_, c) in enumerate(bekend, start=1)}
    return plaatsen.get(regio), len(bekend)


def titel_ligging(regio_naam_: str, plaats: int | None, aantal: int, inwoners) -> str:
    """'Groningen is met 742 duizend inwoners de 9e van 35 arbeidsmarktregio's' (a finding, not a label)."""
    if plaats is None or tekst.is_leeg(inwoners):
        return f"{regio_naam_}: een van de {aantal or 35} arbeidsmarktregio's (inwonertal onbekend)"
    duizend = tekst.getal(inwoners / 1000, 0)
    return f"{regio_naam_} is met {duizend} duizend inwoners de {plaats}e van {aantal} arbeidsmarktregio's"


def _rij(tabel: pd.DataFrame, kolom: str, waarde: str) -> pd.Series | None:
    gevonden = tabel[tabel[kolom] == waarde]
    return gevonden.iloc[0] if len(gevonden) else None


def _vergelijk(regio_waarde, nl_waarde, marge: float = 1.0) -> str:
    if tekst.is_leeg(regio_waarde) or tekst.is_leeg(nl_waarde):
        return "niet te vergelijken met"
    if abs(regio_waarde - nl_waarde) <= marge:
        return "ongeveer gelijk aan"
    return "hoger dan" if regio_waarde > nl_waarde else "lager dan"


def _of_niets(functie, frame: pd.DataFrame | None, regio: str, jaar: int) -> pd.DataFrame | None:
    """``functie(frame, regio, jaar)``, or None when the theme is absent or has too little data for the region."""
    if frame is None:
        return None
    try:
        return functie(frame, regio, jaar)
    except OnvoldoendeDataFout:
        return None


def regiobeeld_markdown(data: Mapping[str, pd.DataFrame | None], parameters) -> str:
    """A short Dutch text of the region against Nederland, with the region's numbers woven in. Parts whose
    data are missing say so instead of being left out silently."""
    regio, jaar = parameters.regio.code, int(parameters.jaar)
    naam = parameters.regio.naam
    zinnen = []
    bevolking, bb, banen = data.get("bevolking"), data.get("beroepsbevolking"), data.get("banen")
    opbouw = _of_niets(leeftijdsopbouw, bevolking, regio, jaar)
    if opbouw is not None:
        totaal = kies(bevolking, regio=regio, jaar=opbouw.attrs["jaar"], leeftijd="totaal")["inwoners"].iloc[0]
        oud = _rij(opbouw, "leeftijdsklasse", LEEFTIJDEN["leeftijd_65_plus"])
        jong = _rij(opbouw, "leeftijdsklasse", LEEFTIJDEN["leeftijd_0_15"])
        zin = f"**Inwoners.** {naam} telde in {opbouw.attrs['periode']} {tekst.getal(totaal, 0)} inwoners."
        if oud is not None:
            zin += (f" Van hen is {tekst.procent(oud['aandeel_procent'])} 65 jaar of ouder; dat is "
                    f"{_vergelijk(oud['aandeel_procent'], oud['aandeel_nl_procent'])} het landelijke aandeel "
                    f"({tekst.procent(oud['aandeel_nl_procent'])}).")
        if jong is not None:
            zin += (f" Jonger dan 15 is {tekst.procent(jong['aandeel_procent'])} (landelijk "
                    f"{tekst.procent(jong['aandeel_nl_procent'])}): zij vormen de instroom in opleidingen van de "
                    "komende jaren.")
        zinnen.append(zin)
    else:
        zinnen.append("**Inwoners.** Voor deze regio zijn geen bevolkingscijfers beschikbaar.")
    niveaus = _of_niets(opleidingsniveau, bb, regio, jaar)
    if niveaus is not None:
        hoog, laag = _rij(niveaus, "niveau", "hoog"), _rij(niveaus, "niveau", "laag")
        zinnen.append(
            f"**Opleidingsniveau.** Van de werkzame beroepsbevolking (personen, woonplaats) is in "
            f"{niveaus.attrs['periode']} {tekst.procent(hoog['aandeel_procent'])} hoog opgeleid "
            f"(landelijk {tekst.procent(hoog['aandeel_nl_procent'])}) en {tekst.procent(laag['aandeel_procent'])} "
            f"laag opgeleid (landelijk {tekst.procent(laag['aandeel_nl_procent'])}).")
    else:
        zinnen.append("**Opleidingsniveau.** Cijfers over het opleidingsniveau van de beroepsbevolking ontbreken.")
    sectoren = _of_niets(sectoraandelen, banen, regio, jaar)
    if sectoren is not None:
        grootste = sectoren.dropna(subset=["aandeel_procent"]).iloc[0]
        focus = _rij(sectoren, "sector", parameters.sector.code)
        zin = (f"**Banen.** De grootste sector naar banen van werknemers (werkplaats) is "
               f"{grootste['sector_naam'].lower()} met {tekst.procent(grootste['aandeel_procent'])} van de banen "
               f"in {sectoren.attrs['periode']}.")
        if focus is not None and not tekst.is_leeg(focus["aandeel_procent"]):
            zin += (f" De focussector {parameters.sector.naam.lower()} heeft {tekst.procent(focus['aandeel_procent'])} "
                    f"van de banen, landelijk {tekst.procent(focus['aandeel_nl_procent'])} (locatiequotiënt "
                    f"{tekst.getal(focus['locatiequotient'], 2)}).")
        else:
            zin += f" Het aandeel van {parameters.sector.naam.lower()} is voor deze regio onbekend."
        zinnen.append(zin)
    else:
        zinnen.append("**Banen.** Cijfers over banen per sector ontbreken voor deze regio.")
    return "\n\n".join(zinnen)


def groepstabel(tabel: pd.DataFrame, label: str, regio_naam_: str) -> pd.DataFrame:
    """A comparison table (``aandeel_procent``/``aandeel_nl_procent``) reshaped for a grouped bar chart: the
    ``label`` column as index, the region and Nederland as columns (region first)."""
    return pd.DataFrame({regio_naam_: tabel["aandeel_procent"].to_numpy(dtype=float),
                         "Nederland": tabel["aandeel_nl_procent"].to_numpy(dtype=float)},
                        index=tabel[label].to_list())


# ---------------------------------------------------------------------------------------------------------------
# The parts of the snapshot for phase 1 (werkboek.fasen.vraagarticulatie): table and figure specification, nothing
# written here


@dataclass
class Onderdeel:
    """One part of the snapshot: the file name of figure and table, the chart function of :mod:`werkboek.grafieken`
    with its keyword arguments (``map_`` and ``naam`` are added when it is drawn), and the table with its provenance
    and period (None for the map, which has no table)."""

    naam: str
    grafiek: Callable
    argumenten: dict
    tabel: pd.DataFrame | None = None
    herkomst: object = None
    periode: str | None = None

    @property
    def bronregel(self) -> str:
        return self.herkomst.bronregel(self.periode) if self.herkomst is not None else ""


# part -> file name of its figure and table
ONDERDELEN = {"ligging": "ligging_regio", "leeftijd": "leeftijdsopbouw",
              "opleiding": "opleidingsniveau_beroepsbevolking", "sectoren": "banen_per_sector"}


def _ligging(bevolking, parameters) -> Onderdeel:
    inwoners, periode = inwoners_per_regio(bevolking, int(parameters.jaar))
    plaats, aantal = rang(inwoners, parameters.regio.code)
    titel = titel_ligging(parameters.regio.naam, plaats, aantal, inwoners.get(parameters.regio.code))
    duizenden = {code: waarde / 1000 for code, waarde in inwoners.items()}
    return Onderdeel(ONDERDELEN["ligging"], grafieken.tegelkaart, {
        "titel": titel, "herkomst": bevolking.attrs.get("herkomst"), "markeer": parameters.regio.code,
        "waarden": duizenden, "legenda": "Inwoners (x 1 000)", "periode": periode})


def _sectoren(banen, parameters) -> Onderdeel:
    tabel = sectoraandelen(banen, parameters.regio.code, int(parameters.jaar))
    focus = _rij(tabel, "sector", parameters.sector.code)
    titel = grafieken.titel_locatiequotient(parameters.sector.naam, parameters.regio.naam,
                                            focus["locatiequotient"] if focus is not None else None)
    herkomst, periode = banen.attrs.get("herkomst"), tabel.attrs["periode"]
    # many sectors with long names: horizontal bars of the location quotient, Nederland as the line at 1
    return Onderdeel(ONDERDELEN["sectoren"], grafieken.staafgrafiek, {
        "waarden": tabel.set_index("sector_naam")["locatiequotient"], "titel": titel,
        "onderwerp": "Locatiequotiënt banen (1 = zelfde aandeel als landelijk)", "eenheid": "", "herkomst": herkomst,
        "periode": periode, "markeer": parameters.sector.naam, "referentie": 1.0}, tabel, herkomst, periode)


# part -> (theme, table function, row column, row that titles the finding, finding, chart label column,
#          axis label)
_VERGELIJKINGEN = {
    "leeftijd": ("bevolking", leeftijdsopbouw, "leeftijdsklasse", LEEFTIJDEN["leeftijd_65_plus"],
                 "van de inwoners 65 jaar of ouder", "leeftijdsklasse", "Aandeel van de inwoners"),
    "opleiding": ("beroepsbevolking", opleidingsniveau, "niveau", "hoog",
                  "van de werkenden hoog opgeleid", "niveau", "Aandeel van de werkzame beroepsbevolking"),
}


def onderdeel(naam: str, data: Mapping[str, pd.DataFrame | None], parameters) -> Onderdeel:
    """One part of the snapshot against Nederland (``ligging``, ``leeftijd``, ``opleiding`` or ``sectoren``):
    its table and figure specification. Raises :class:`OnvoldoendeDataFout` with a Dutch reason when the data
    are missing or too thin for the region."""
    if naam not in ONDERDELEN:
        raise ValueError(f"Onbekend onderdeel '{naam}'; kies uit {', '.join(ONDERDELEN)}.")
    thema = {"ligging": "bevolking", "sectoren": "banen"}.get(naam) or _VERGELIJKINGEN[naam][0]
    frame = data.get(thema)
    if frame is None:
        raise OnvoldoendeDataFout(f"De cijfers van thema '{thema}' ontbreken.")
    if naam == "ligging":
        return _ligging(frame, parameters)
    if naam == "sectoren":
        return _sectoren(frame, parameters)
    _, functie, kolom, rij, wat, label, onderwerp = _VERGELIJKINGEN[naam]
    tabel = functie(frame, parameters.regio.code, int(parameters.jaar))
    kern = _rij(tabel, kolom, rij)
    titel = grafieken.titel_aandeel(wat, parameters.regio.naam, kern["aandeel_procent"], kern["aandeel_nl_procent"])
    herkomst, periode = frame.attrs.get("herkomst"), tabel.attrs["periode"]
    return Onderdeel(ONDERDELEN[naam], grafieken.groepsstaafgrafiek, {
        "tabel": groepstabel(tabel, label, parameters.regio.naam), "titel": titel, "onderwerp": onderwerp,
        "eenheid": "%", "herkomst": herkomst, "periode": periode, "procent": True}, tabel, herkomst, periode)
