"""Per theme of the table register: the demo table's dimensions, categories and values (OData parts).

Dimensions, topics and category titles come from the register (``data/tabellen.yaml``), so an edition or
category a user adds there appears in the demo data too (with empty cells where the model has no figures).
A few categories that are NOT in the register are added on purpose (CBS tables hold more than the workbook
uses); parsers must drop them.
"""

from __future__ import annotations

import numpy as np

from werkboek.demo import model
from werkboek.demo.gebied import FUSIEJAAR, PROVINCIES, provincie_van
from werkboek.demo.odata import Dimensie, Onderwerp, Tabeldelen, categorie_key, categorie_records, periode_records, regio_key
from werkboek.register import Tabeluitgave, Thema

NL_CODE = "NL01"


# ---------------------------------------------------------------- regions

def _regio_dimensie(thema: Thema, rijen: list[tuple[str, str]]) -> Dimensie:
    spec = thema.dimensies["regio"]
    return Dimensie(spec, [{"Key": regio_key(code), "Title": titel, "Description": "", "CategoryGroupID": None} for code, titel in rijen])


def _provincie_som(waarden: np.ndarray, provincie_per_rij: list[str]) -> np.ndarray:
    codes = np.array(provincie_per_rij)
    return np.stack([np.nansum(np.where((codes == pv).reshape((-1,) + (1,) * (waarden.ndim - 1)), waarden, 0.0), axis=0) for pv in PROVINCIES])


def _gemeente_gebieden(eenheden_waarden: np.ndarray, jaren: tuple[int, ...] | None, nl_factor: float = 1.0):
    """Rows NL01, provinces and demo gemeenten for unit values (axis 0 units, last axis years).

    With ``jaren`` the merger applies from FUSIEJAAR on (merged-away gemeente null, its values added to the
    absorbing one); without, the table uses the current classification (merged-away gemeente left out).
    """
    w = model.wereld()
    eenheden = w.eenheden
    waarden = eenheden_waarden.astype(float).copy()
    codes = [g.code for g in eenheden]
    behouden = list(range(len(eenheden)))
    for i, g in enumerate(eenheden):
        if g.opgeheven is None:
            continue
        doel = codes.index(g.opgegaan_in)
        if jaren is None:
            waarden[doel] += waarden[i]
            behouden.remove(i)
        else:
            na = np.array(jaren) >= g.opgeheven
            waarden[doel][..., na] += waarden[i][..., na]
            waarden[i][..., na] = np.nan
    provincies = [provincie_van(g.regio) for g in eenheden]
    pv = _provincie_som(eenheden_waarden.astype(float), provincies)
    nl = eenheden_waarden.astype(float).sum(axis=0, keepdims=True) * nl_factor
    rijen = [(NL_CODE, "Nederland")] + [(code, f"{naam} (PV)") for code, naam in PROVINCIES.items()]
    rijen += [(eenheden[i].code, eenheden[i].naam) for i in behouden]
    return rijen, np.concatenate([nl, pv, waarden[behouden]]), len(PROVINCIES) + 1


def _regio_gebieden(regio_waarden: np.ndarray, nl_factor: float = 1.0):
    """Rows NL01, provinces and arbeidsmarktregio's for region values (axis 0 follows alle_regios())."""
    w = model.wereld()
    pv = _provincie_som(regio_waarden, [provincie_van(r.code) for r in w.regios])
    nl = regio_waarden.sum(axis=0, keepdims=True) * nl_factor
    rijen = [(NL_CODE, "Nederland")] + [(code, f"{naam} (PV)") for code, naam in PROVINCIES.items()]
    rijen += [(r.code, f"{r.naam} (AM)") for r in w.regios]
    return rijen, np.concatenate([nl, pv, regio_waarden]), len(PROVINCIES) + 1


# ---------------------------------------------------------------- categories

def _categorieen(thema: Thema, dimensie: str, extra: tuple[tuple[str, str, str], ...] = ()) -> list[tuple[str, str]]:
    """(name, title) per category: the register's categories in register order, plus extras that are not in
    the register, each inserted before the named register category (``extra``: name, title, before)."""
    register = thema.categorieen.get(dimensie, {})
    uit: list[tuple[str, str]] = []
    for naam, titel in register.items():
        uit += [(e_naam, e_titel) for e_naam, e_titel, voor in extra if voor == naam]
        uit.append((naam, titel))
    uit += [(e_naam, e_titel) for e_naam, e_titel, voor in extra if voor not in register]
    return uit


def _categorie_dimensie(thema: Thema, dimensie: str, items: list[tuple[str, str]], groepen: dict[str, int] | None = None) -> Dimensie:
    """Records of a categorised dimension; ``groepen`` puts categories (by name) in a CategoryGroup."""
    spec = thema.dimensies[dimensie]
    keys = {naam: categorie_key(spec.key, naam) for naam, _ in items}
    per_key = {keys[naam]: groep for naam, groep in (groepen or {}).items() if naam in keys}
    return Dimensie(spec, categorie_records([(keys[naam], titel) for naam, titel in items], per_key))


def _periode_dimensie(thema: Thema, jaren, status: dict[int, str], titel=str) -> Dimensie:
    return Dimensie(thema.dimensies["periode"], periode_records(jaren, status, titel))


def _stapel(items: list[tuple[str, str]], waarde, vorm: tuple[int, ...]) -> np.ndarray:
    """Stack per-category arrays on axis 1; categories the model does not know become null."""
    lagen = [waarde(naam) for naam, _ in items]
    return np.stack([laag if laag is not None else np.full(vorm, np.nan) for laag in lagen], axis=1)


_SECTOR_EXTRA = (
    ("B-F", "B-F Nijverheid en energie", "B-E"),
    ("G-I", "G-I Handel, vervoer en horeca", "G"),
    ("O-Q", "O-Q Openbaar bestuur, onderwijs en zorg", "O"),
)
# CBS groups the sector categories; the demo puts a few in two groups (CategoryGroups part).
_SECTOR_GROEPEN = (
    (1, "Nijverheid en energie", ("B-F", "B-E", "F")),
    (2, "Commerciële dienstverlening", ("G-I", "G", "H", "I", "J", "K", "L", "M", "N")),
)
_SECTOR_SAMENGESTELD = {"B-F": ("B-E", "F"), "G-I": ("G", "H", "I"), "O-Q": ("O", "P", "Q")}


def _sector_waarde(sectoren: tuple[str, ...], per_sector: np.ndarray):
    """A function: category name -> values, for arrays with the sector on axis 1."""
    def waarde(naam: str):
        if naam == "totaal":
            return per_sector.sum(axis=1)
        if naam in sectoren:
            return per_sector[:, sectoren.index(naam)]
        delen = _SECTOR_SAMENGESTELD.get(naam)
        if delen and all(d in sectoren for d in delen):
            return per_sector[:, [sectoren.index(d) for d in delen]].sum(axis=1)
        return None
    return waarde


def _status(jaren, voorlopig: int | None = None, nader_voorlopig: int | None = None) -> dict[int, str]:
    status = {j: "Definitief" for j in jaren}
    if nader_voorlopig in status:
        status[nader_voorlopig] = "Nader voorlopig"
    if voorlopig in status:
        status[voorlopig] = "Voorlopig"
    return status


# ---------------------------------------------------------------- themes

def banen(thema: Thema, uitgave: Tabeluitgave) -> Tabeldelen:
    w = model.wereld()
    jaren = model.JAREN_BANEN
    items = _categorieen(thema, "sector", _SECTOR_EXTRA)
    rijen, waarden, eerste_gemeente = _gemeente_gebieden(w.banen, jaren, nl_factor=1.004)
    kubus = _stapel(items, _sector_waarde(w.sectoren, waarden), (len(rijen), len(jaren)))  # region x sector x year
    _onderdruk_banen(kubus, rijen[eerste_gemeente:], [n for n, _ in items], eerste_gemeente)
    onderwerp = thema.onderwerpen["banen"]
    return Tabeldelen(
        thema, uitgave,
        [_regio_dimensie(thema, rijen),
         _categorie_dimensie(thema, "sector", items, {naam: id_ for id_, _, namen in _SECTOR_GROEPEN for naam in namen}),
         _periode_dimensie(thema, jaren, _status(jaren, jaren[-1], jaren[-2]))],
        [Onderwerp(onderwerp, kubus, "Double", 1)],
        categoriegroepen=[
            {"ID": id_, "DimensionKey": thema.dimensies["sector"].key, "Title": titel, "Description": "", "ParentID": None}
            for id_, titel, _ in _SECTOR_GROEPEN
        ],
        periode=f"{jaren[0]}-{jaren[-1]}",
    )


def _onderdruk_banen(kubus: np.ndarray, gemeenterijen: list[tuple[str, str]], namen: list[str], eerste: int) -> None:
    """Suppress small gemeente x sector cells as CBS does ('.'), and whole regions for some (sector, year)."""
    w = model.wereld()
    regio_van = {g.code: g.regio for g in w.eenheden}
    rng = model.rng_voor("banen-onderdrukking")
    sectorkolommen = [i for i, n in enumerate(namen) if n in w.sectoren]
    deel = kubus[eerste:][:, sectorkolommen]
    klein = deel < 0.05  # would round to 0,0: CBS shows '.'
    klein |= (deel < 0.3) & (rng.random(deel.shape) < 0.15)
    deel[klein] = np.nan
    for regio, sector, jaar in model.ONDERDRUKT_IN_HELE_REGIO:
        if sector in namen and namen.index(sector) in sectorkolommen and jaar in model.JAREN_BANEN:
            rij = [i for i, (code, _) in enumerate(gemeenterijen) if regio_van.get(code) == regio]
            deel[rij, sectorkolommen.index(namen.index(sector)), model.JAREN_BANEN.index(jaar)] = np.nan
    kubus[eerste:, sectorkolommen] = deel


def _leeftijd_waarde(per_leeftijd: np.ndarray):
    def waarde(naam: str):
        if naam == "totaal":
            return per_leeftijd.sum(axis=1)
        if naam in model.LEEFTIJDEN:
            return per_leeftijd[:, model.LEEFTIJDEN.index(naam)]
        if naam in ("leeftijd_65_80", "leeftijd_80_plus"):
            oud = per_leeftijd[:, model.LEEFTIJDEN.index("leeftijd_65_plus")]
            jong = np.round(0.68 * oud)
            return jong if naam == "leeftijd_65_80" else oud - jong
        return None
    return waarde


_LEEFTIJD_EXTRA = (("leeftijd_65_80", "65 tot 80 jaar", "__einde__"), ("leeftijd_80_plus", "80 jaar of ouder", "__einde__"))


def _bevolking_tabel(thema: Thema, uitgave: Tabeluitgave, reeks: np.ndarray, jaren, status, onderwerp_naam: str, fusie: bool) -> Tabeldelen:
    rijen, waarden, _ = _gemeente_gebieden(np.round(reeks), jaren if fusie else None)
    items = _categorieen(thema, "leeftijd", _LEEFTIJD_EXTRA)
    kubus = _stapel(items, _leeftijd_waarde(waarden), (len(rijen), len(jaren)))
    return Tabeldelen(
        thema, uitgave,
        [_regio_dimensie(thema, rijen), _categorie_dimensie(thema, "leeftijd", items), _periode_dimensie(thema, jaren, status)],
        [Onderwerp(thema.onderwerpen[onderwerp_naam], kubus, "Long", 0)],
        periode=f"{jaren[0]}-{jaren[-1]}",
    )


def bevolking(thema: Thema, uitgave: Tabeluitgave) -> Tabeldelen:
    jaren = model.JAREN_BEVOLKING
    return _bevolking_tabel(thema, uitgave, model.wereld().bevolking, jaren, _status(jaren, jaren[-1]), "inwoners", True)


def bevolkingsprognose(thema: Thema, uitgave: Tabeluitgave) -> Tabeldelen:
    jaren = model.JAREN_PROGNOSE
    return _bevolking_tabel(thema, uitgave, model.wereld().prognose, jaren, _status(jaren), "prognose_inwoners", False)


def _edities_jaren(thema: Thema, uitgave: Tabeluitgave, alle_jaren: tuple[int, ...]) -> tuple[int, ...]:
    """Years an edition covers: from the first year up to the year before the next classification."""
    indelingen = sorted({t.indeling for t in thema.tabellen if t.indeling is not None})
    if uitgave.indeling is None or uitgave.indeling == indelingen[-1]:
        return alle_jaren
    volgende = next(i for i in indelingen if i > uitgave.indeling)
    jaren = tuple(j for j in alle_jaren if j < volgende)
    return jaren or alle_jaren[:1]


def beroepsbevolking(thema: Thema, uitgave: Tabeluitgave) -> Tabeldelen:
    w = model.wereld()
    alle = model.JAREN_BEROEPSBEVOLKING
    jaren = _edities_jaren(thema, uitgave, alle)
    kolommen = [alle.index(j) for j in jaren]
    data = model.beroepsbevolking(w)[..., kolommen]  # region x kenmerk x topic x year
    rijen, waarden, _ = _regio_gebieden(data)
    items = _categorieen(thema, "kenmerk", (("mannen", "Geslacht: Mannen", "leeftijd_15_25"), ("vrouwen", "Geslacht: Vrouwen", "leeftijd_15_25")))
    status = _status(jaren, jaren[-1] if jaren[-1] == alle[-1] else None)
    onderwerpen = []
    for t, naam in enumerate(model.BEROEPSBEVOLKING_ONDERWERPEN):
        if naam not in thema.onderwerpen:
            continue
        kubus = _stapel(items, lambda k: waarden[:, model.KENMERKEN.index(k), t] if k in model.KENMERKEN else None, (len(rijen), len(jaren)))
        # Survey figures below 2 000 persons are too unreliable to publish (shown as '.'), except for Nederland.
        kubus[1:][np.round(kubus[1:]) < 2] = np.nan
        onderwerpen.append(Onderwerp(thema.onderwerpen[naam], kubus, "Double", 0))
    for naam, spec in thema.onderwerpen.items():
        if naam not in model.BEROEPSBEVOLKING_ONDERWERPEN:
            onderwerpen.append(Onderwerp(spec, np.full((len(rijen), len(items), len(jaren)), np.nan), "Double", 0))
    return Tabeldelen(
        thema, uitgave,
        [_regio_dimensie(thema, rijen), _categorie_dimensie(thema, "kenmerk", items), _periode_dimensie(thema, jaren, status)],
        onderwerpen,
        periode=f"{jaren[0]}-{jaren[-1]}",
    )


def werkzamen_sector_onderwijs(thema: Thema, uitgave: Tabeluitgave) -> Tabeldelen:
    w = model.wereld()
    jaren = model.JAREN_SECTOR_ONDERWIJS
    jaar_array = np.array(jaren)
    kolommen = [model.JAREN_BANEN.index(j) for j in jaren]
    nl_banen = w.banen.sum(axis=0)[:, kolommen]  # sector x year
    niveaus = model.ONDERWIJSNIVEAUS
    per_sector = np.zeros((len(w.sectoren), len(niveaus) + 1, len(jaren)))  # last level: unknown
    for s, sector in enumerate(w.sectoren):
        werkenden = nl_banen[s] * model.werkenden_per_baan(sector)
        per_sector[s, :-1] = model.onderwijsprofiel(sector, jaar_array) * werkenden * 0.988
        per_sector[s, -1] = 0.012 * werkenden
    sector_items = _categorieen(thema, "sector", _SECTOR_EXTRA)
    niveau_items = _categorieen(thema, "onderwijsniveau", (("onbekend", "Onderwijsniveau onbekend", "__einde__"),))

    def niveau_waarde(naam: str):
        if naam == "totaal":
            return per_sector.sum(axis=1)
        if naam in niveaus:
            return per_sector[:, niveaus.index(naam)]
        return per_sector[:, -1] if naam == "onbekend" else None

    per_niveau = _stapel(niveau_items, niveau_waarde, (len(w.sectoren), len(jaren)))  # sector x level x year
    sector_waarde = _sector_waarde(w.sectoren, per_niveau.transpose(1, 0, 2))  # functions of level x sector x year
    kubus = _stapel(sector_items, sector_waarde, (len(niveau_items), len(jaren)))  # level x sector x year
    kubus = kubus.transpose(1, 0, 2)[None]  # region(NL) x sector x level x year
    namen_s = [n for n, _ in sector_items]
    namen_n = [n for n, _ in niveau_items]
    if "L" in namen_s and "mbo_1_2" in namen_n:
        kubus[0, namen_s.index("L"), namen_n.index("mbo_1_2"), : jaren.index(2017) if 2017 in jaren else 0] = np.nan
    kubus[np.round(kubus) < 3] = np.nan
    return Tabeldelen(
        thema, uitgave,
        [_regio_dimensie(thema, [(NL_CODE, "Nederland")]), _categorie_dimensie(thema, "sector", sector_items),
         _categorie_dimensie(thema, "onderwijsniveau", niveau_items), _periode_dimensie(thema, jaren, _status(jaren, jaren[-1]))],
        [Onderwerp(thema.onderwerpen["werkzame_beroepsbevolking"], kubus, "Double", 0)],
        periode=f"{jaren[0]}-{jaren[-1]}",
    )


ONDERWIJS_ONDERWERPEN = ("ingeschrevenen", "instroom", "gediplomeerden")


def onderwijs(thema: Thema, uitgave: Tabeluitgave) -> Tabeldelen:
    w = model.wereld()
    jaren = model.JAREN_ONDERWIJS
    niveaus, richtingen = model.ONDERWIJSNIVEAUS, model.RICHTINGEN
    # unit x level x field(+unknown) x topic x year; a small 'unknown field' adds realism to the totals
    basis = np.concatenate([w.onderwijs, 0.004 * w.onderwijs.sum(axis=2, keepdims=True)], axis=2)
    rijen, waarden, eerste_gemeente = _gemeente_gebieden(basis, jaren, nl_factor=1.002)
    niveau_items = _categorieen(thema, "onderwijsniveau", (("mbo_totaal", "Totaal mbo", "mbo_1_2"),))
    richting_items = _categorieen(thema, "richting", (("onbekend", "Richting onbekend", "__einde__"),))

    def niveau_waarde(naam: str):
        if naam == "totaal":
            return waarden.sum(axis=1)
        if naam == "mbo_totaal":
            return waarden[:, [i for i, n in enumerate(niveaus) if n.startswith("mbo")]].sum(axis=1)
        return waarden[:, niveaus.index(naam)] if naam in niveaus else None

    per_niveau = _stapel(niveau_items, niveau_waarde, (len(rijen), len(richtingen) + 1, 3, len(jaren)))

    def richting_waarde(naam: str):
        if naam == "totaal":
            return per_niveau.sum(axis=2)
        if naam in richtingen:
            return per_niveau[:, :, richtingen.index(naam)]
        return per_niveau[:, :, -1] if naam == "onbekend" else None

    lagen = [richting_waarde(n) for n, _ in richting_items]
    leeg = np.full(per_niveau[:, :, 0].shape, np.nan)
    kubus = np.stack([laag if laag is not None else leeg for laag in lagen], axis=2)  # region x level x field x topic x year
    kubus = np.round(kubus)
    gemeenten = kubus[eerste_gemeente:]
    gemeenten[(gemeenten >= 1) & (gemeenten <= 4)] = np.nan  # small counts are not published
    onderwerpen = [Onderwerp(thema.onderwerpen[naam], kubus[:, :, :, t], "Long", 0)
                   for t, naam in enumerate(ONDERWIJS_ONDERWERPEN) if naam in thema.onderwerpen]
    return Tabeldelen(
        thema, uitgave,
        [_regio_dimensie(thema, rijen), _categorie_dimensie(thema, "onderwijsniveau", niveau_items),
         _categorie_dimensie(thema, "richting", richting_items),
         _periode_dimensie(thema, jaren, _status(jaren, jaren[-1]), lambda j: f"{j}/'{(j + 1) % 100:02d}")],
        onderwerpen,
        periode=f"{jaren[0]}/'{(jaren[0] + 1) % 100:02d}-{jaren[-1]}/'{(jaren[-1] + 1) % 100:02d}",
    )


def regio_indeling(thema: Thema, uitgave: Tabeluitgave) -> Tabeldelen:
    from werkboek.demo.gebied import gemeenten_in_jaar

    w = model.wereld()
    jaar = uitgave.indeling or max(t.indeling or 0 for t in thema.tabellen) or FUSIEJAAR
    gemeenten = gemeenten_in_jaar(jaar)
    regio = {r.code: r for r in w.regios}
    velden = {
        "gemeentenaam": [g.naam.ljust(60) for g in gemeenten],
        "arbeidsmarktregio_code": [g.regio.ljust(8) for g in gemeenten],
        "arbeidsmarktregio_naam": [regio[g.regio].naam.ljust(60) for g in gemeenten],
    }
    onderwerpen = [
        Onderwerp(spec, np.array(velden.get(naam, [None] * len(gemeenten)), dtype=object), "String", 0)
        for naam, spec in thema.onderwerpen.items()
    ]
    return Tabeldelen(
        thema, uitgave,
        [_regio_dimensie(thema, [(g.code, g.naam) for g in gemeenten])],
        onderwerpen,
        periode=str(jaar),
    )


BOUWERS = {
    "regio_indeling": regio_indeling,
    "banen": banen,
    "beroepsbevolking": beroepsbevolking,
    "werkzamen_sector_onderwijs": werkzamen_sector_onderwijs,
    "bevolking": bevolking,
    "bevolkingsprognose": bevolkingsprognose,
    "onderwijs": onderwijs,
}
