"""The demo's education tables, in the shape of the real CBS tables (contract C1).

- 85701NED "Leerlingen en studenten; onderwijssoort, woonregio" and 85702NED "Gediplomeerden; onderwijssoort,
  woonregio": Geslacht x Onderwijssoort x Regiokenmerken x Perioden (school years from 2011/'12), every cell
  rounded to tens as CBS does, so parts need not add up to their total.
- 85353NED "Mbo; studenten, niveau, leerweg, studierichting, regiokenmerken" and 85356NED (graduates): Geslacht x
  Niveau x Leerweg x Studierichting x Regio x Perioden (school years from 2015/'16), whole persons, not rounded.

Dimension keys, category titles (also CBS's truncated and misspelled ones) and their order, topic titles and
periods follow the catalogue and ``CBS_TABELLEN.md`` §7. Category keys: where public code gives one it is used
(inferred); every other key is a SYNTHETIC STAND-IN, marked below. The workbook finds those categories by their
titles (or the code in front of the title), so a stand-in key never decides a result.

Values come from :mod:`werkboek.demo.model` (enrolment, graduates and mbo fields per piece of territory) and are
never real figures. The builders are registered in :data:`werkboek.demo.tabellen.BOUWERS`.
"""

from __future__ import annotations

import functools
from typing import Callable

import numpy as np

from werkboek.demo import gebied, model
from werkboek.demo.odata import Dimensie, maak_kubus, nieuwe_eigenschappen, periode_records, records, schooljaar_titel
from werkboek.demo.tabellen import (DIM, GESLACHT, NL_CODE, TIJD, Optelling, Rij, _regio_dimensie, _uit_kubus,
                                    regio_rijen)
from werkboek.odata import Kubus
from werkboek.register import Tabeluitgave, Thema

# Which sexes each Geslacht category adds up (men, women).
_GESLACHT_MASKER = np.array([[1.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
REGIO_BREEDTE = 6  # 'GM0363': region keys are padded (the filters in public code trim them); width a stand-in
# The share of each kind's students whose residence is unknown: the rows 'Niet in te delen' (synthetic).
_NIET_IN_TE_DELEN = {"hbo": 0.004, "wo": 0.008, "mbo": 0.002, "anders": 0.0005}
# Keys of the 'Niet in te delen' rows: stand-ins (their titles are CBS's, per table).
NIET_IN_TE_DELEN_KEYS = ("LD99", "PV99")

# ---------------------------------------------------------------------------------------------------------
# Categories
# ---------------------------------------------------------------------------------------------------------

_VO_BLADEN = ("vo_1_3", "vwo", "havo", "vmbo_gt", "vmbo_bk", "praktijk")
_VAVO = ("vavo_vwo", "vavo_havo", "vavo_vmbo")


def _mbo(niveaus=model.MBO_NIVEAUS, leerwegen=("bol", "bbl")) -> tuple[str, ...]:
    return tuple(f"{n}_{l}" for n in niveaus for l in leerwegen)


# 85701NED Onderwijssoort: all 24 titles of the catalogue in its order (confirmed; "ondewijs" is CBS's spelling),
# each with the model's leaves it adds up. Keys: the mbo, hbo and wo keys are inferred from public code; a key
# taken from a sibling table (71450ned, same or same-meaning title) is a stand-in here, like the A0990xx keys.
ONDERWIJSSOORT_85701: list[tuple[str, str, tuple[str, ...]]] = [
    ("A099001", "Totaal (speciaal) basisonderwijs", ("bao", "sbao")),  # stand-in
    ("A099002", "Basisonderwijs", ("bao",)),  # stand-in
    ("A099003", "Speciaal basisonderwijs", ("sbao",)),  # stand-in
    ("A099004", "Totaal (voortgezet) speciaal onderwijs", ("so", "vso")),  # stand-in
    ("A099005", "Speciaal onderwijs", ("so",)),  # stand-in
    ("A099006", "Voortgezet speciaal ondewijs", ("vso",)),  # stand-in
    ("T001345", "Totaal voortgezet onderwijs", _VO_BLADEN),  # stand-in (71450ned's key of this title)
    ("A041919", "Vo algemene leerjaren 1-3", ("vo_1_3",)),  # stand-in (71450ned)
    ("A041920", "Vwo 3-6", ("vwo",)),  # stand-in (71450ned)
    ("A041921", "Havo 3-5", ("havo",)),  # stand-in (71450ned)
    ("A041922", "Vmbo-g/t 3-4", ("vmbo_gt",)),  # stand-in (71450ned, 'Vmbo theoretische-gemengde leerweg 3-4')
    ("A041923", "Vmbo-b/k 3-4", ("vmbo_bk",)),  # stand-in (71450ned, 'Vmbo basis-kaderberoeps 3-4')
    ("A025289", "Praktijkonderwijs", ("praktijk",)),  # stand-in (71450ned)
    ("A025300", "Totaal vavo", _VAVO),  # stand-in (71450ned's 'Vavo')
    ("A099007", "Vavo vwo", ("vavo_vwo",)),  # stand-in
    ("A099008", "Vavo havo", ("vavo_havo",)),  # stand-in
    ("A099009", "Vavo vmbo-t", ("vavo_vmbo",)),  # stand-in
    ("A041867", "Totaal mbo (excl. extranei)", _mbo()),  # inferred
    ("A042650", "Entreeopleiding (excl.extranei)", _mbo(("entree",))),  # inferred
    ("A042656", "Niveau 2 (exclusief extranei)", _mbo(("mbo2",))),  # inferred
    ("A042662", "Niveau 3 (exclusief extranei)", _mbo(("mbo3",))),  # inferred
    ("A042668", "Niveau 4 (exclusief extranei)", _mbo(("mbo4",))),  # inferred
    ("A025294", "Hoger beroepsonderwijs", ("hbo",)),  # inferred
    ("A025297", "Wetenschappelijk onderwijs", ("wo",)),  # inferred
]
_ALLE_LEERWEGEN = tuple(model.MBO_LEERWEGEN)
# 85702NED Onderwijssoort: all 20 titles of the catalogue in its order (confirmed); no hbo or wo total (confirmed).
# The vo keys are those of the same titles in the archived 71493ned (stand-ins here), the mbo, hbo and wo keys are
# inferred from public code.
ONDERWIJSSOORT_85702: list[tuple[str, str, tuple[str, ...]]] = [
    ("T001345", "Totaal voortgezet onderwijs (vo)", ("vwo", "havo", "vmbo_gt", "vmbo_k", "vmbo_b")),  # stand-in
    ("A025284", "Vwo", ("vwo",)),  # stand-in (71493ned)
    ("A025285", "Havo", ("havo",)),  # stand-in (71493ned)
    ("A025288", "Vmbo g/t", ("vmbo_gt",)),  # stand-in (71493ned)
    ("A099010", "Vmbo-k", ("vmbo_k",)),  # stand-in (71493ned has one 'Vmbo-b/k')
    ("A099011", "Vmbo-b", ("vmbo_b",)),  # stand-in
    ("A025300", "Totaal vavo", _VAVO),  # stand-in (71493ned's 'Vavo')
    ("A099007", "Vavo vwo", ("vavo_vwo",)),  # stand-in
    ("A099008", "Vavo havo", ("vavo_havo",)),  # stand-in
    ("A099009", "Vavo vmbo-t", ("vavo_vmbo",)),  # stand-in
    ("A025290", "Totaal mbo (incl. extranei)", model.MBO_BLADEN),  # inferred
    ("A042649", "Entreeopleiding (incl.extranei)", _mbo(("entree",), _ALLE_LEERWEGEN)),  # inferred
    ("A042655", "Niveau 2 (inclusief extranei)", _mbo(("mbo2",), _ALLE_LEERWEGEN)),  # inferred
    ("A042661", "Niveau 3 (inclusief extranei)", _mbo(("mbo3",), _ALLE_LEERWEGEN)),  # inferred
    ("A042667", "Niveau 4 (inclusief extranei)", _mbo(("mbo4",), _ALLE_LEERWEGEN)),  # inferred
    ("A028669", "Hbo-associate degree", ("hbo_ad",)),  # inferred
    ("A043049", "Hbo-bachelor", ("hbo_bachelor",)),  # inferred
    ("A043051", "Hbo-master/vervolgopleiding", ("hbo_master",)),  # inferred
    ("A043054", "Wo-bachelor", ("wo_bachelor",)),  # inferred
    ("A043055", "Wo-master", ("wo_master",)),  # inferred
]

# 85353NED / 85356NED. Niveau: titles confirmed ('Totaal' in 85353NED, 'Totaal mbo' in 85356NED), keys inferred
# from public code. Each category lists the model's levels it adds up.
NIVEAU = [("T001336", ("Totaal", "Totaal mbo"), model.MBO_NIVEAUS), ("A041751", "Mbo-entreeopleiding", ("entree",)),
          ("A041755", "Mbo niveau 2", ("mbo2",)), ("A041759", "Mbo niveau 3", ("mbo3",)),
          ("A041763", "Mbo niveau 4", ("mbo4",))]
# Leerweg: titles confirmed (the first without a full stop in 85356NED); A025290 inferred from public code, the
# other keys are stand-ins (keys of the same titles in sibling tables: 85701NED's total mbo, the archived 71493ned).
LEERWEG = [("A025290", ("Totaal mbo (incl. extranei)", "Totaal mbo (incl extranei)"), ("bol", "bbl", "ext")),
           ("A041867", "Totaal mbo (excl. extranei)", ("bol", "bbl")),  # stand-in
           ("A041868", "Bol totaal", ("bol",)),  # stand-in
           ("A025293", "Bbl totaal", ("bbl",)),  # stand-in
           ("A041773", "Extranei", ("ext",))]  # stand-in
# Studierichting: the 25 titles of the catalogue in its order, with CBS's truncations (confirmed; the real
# dimension goes on with more kwalificatiedossier-like rows, left out of the demo). Totaal T001072 is inferred
# from public code; every other key is a stand-in (A0991xx), so only titles can find them.
_SK = ("tgo", "mtl", "zws", "h", "ci", "vgg", "zd", "sv")
STUDIERICHTING: list[tuple[str, str | tuple[str, str]]] = [
    ("T001072", "Totaal"),
    ("A099101", "01 Onderwijs"),
    ("A099102", "02 Vormgeving, kunst, talen en gesch..."),
    ("A099103", "03 Journalistiek, gedrag en maatschappij"),
    ("A099104", "04 Recht, administratie, handel en za..."),
    ("A099105", "05 Wiskunde, natuurwetenschappen"),
    ("A099106", "06 Informatica"),
    ("A099107", "07 Techniek, industrie en bouwkunde"),
    ("A099108", "08 Landbouw, diergeneeskunde en -verz..."),
    ("A099109", "09 Gezondheidszorg en welzijn"),
    ("A099110", "10 Dienstverlening"),
    ("A099111", "Onderwijsrichting onbekend"),
    ("A099112", ("niet gespecificeerd naar sectorkamer", "Niet gespecificeerd naar sectorkamer")),
    ("A099113", "Sectorkamer techniek en gebouwde omgeve."),
    ("A099114", "Sectorkamer mobiliteit, transport, logi."),
    ("A099115", "Sectorkamer zorg, welzijn en sport"),
    ("A099116", "Sectorkamer handel"),
    ("A099117", "Sectorkamer creatieve industrie en ICT"),
    ("A099118", "Sectorkamer voedsel, groen en gastvrijh"),
    ("A099119", "Sectorkamer zakelijke dienstverlenin..."),
    ("A099120", "Sectorkamer specialistisch vakmanschap"),
    ("A099121", "Entree"),
    ("A099122", "Bovensectoraal"),
    ("A099123", "79000 Bouw en infra"),
    ("A099124", "79010 Afbouw, hout en onderhoud"),
]
# Sectorkamer of the students of each field at levels 2-4 (synthetic shares; entree-level students are all in
# 'Entree'); a small part of every field is 'Bovensectoraal'.
_SECTORKAMER_VAN_RICHTING = {
    "01": {"zws": 0.8, "zd": 0.2}, "02": {"ci": 0.7, "sv": 0.3}, "03": {"zws": 0.6, "zd": 0.4},
    "04": {"h": 0.45, "zd": 0.55}, "05": {"tgo": 0.7, "vgg": 0.3}, "06": {"ci": 1.0},
    "07": {"tgo": 0.75, "mtl": 0.25}, "08": {"vgg": 0.85, "zws": 0.15}, "09": {"zws": 1.0},
    "10": {"vgg": 0.35, "mtl": 0.2, "zd": 0.25, "zws": 0.15, "sv": 0.05}, "onbekend": {"ng": 1.0},
}
_BOVENSECTORAAL = 0.004
_SK_KOLOMMEN = ("ng", *_SK, "entree", "bs")  # the sectorkamer-like rows, in table order


def _titel(titel: str | tuple[str, str], studenten: bool) -> str:
    """A title, or the (85353NED, 85356NED) pair's title for the table."""
    return titel if isinstance(titel, str) else titel[0 if studenten else 1]


def _sectorkamergewichten() -> np.ndarray:
    """level x field x sectorkamer column: how a field's students spread over the sectorkamer rows."""
    uit = np.zeros((len(model.MBO_NIVEAUS), len(model.RICHTINGEN), len(_SK_KOLOMMEN)))
    for n, niveau in enumerate(model.MBO_NIVEAUS):
        for f, richting in enumerate(model.RICHTINGEN):
            if niveau == "entree":
                uit[n, f, _SK_KOLOMMEN.index("entree")] = 1.0
                continue
            deel = _SECTORKAMER_VAN_RICHTING[richting]
            rest = 1.0 if "ng" in deel else 1.0 - _BOVENSECTORAAL
            for kolom, aandeel in deel.items():
                uit[n, f, _SK_KOLOMMEN.index(kolom)] = aandeel * rest
            uit[n, f, _SK_KOLOMMEN.index("bs")] += 1.0 - rest
    return uit


def _studierichtingen(velden: np.ndarray, codes: list[str]) -> np.ndarray:
    """[unit, year, sex, level, leerweg, field] whole persons -> [unit, year, sex, level, leerweg, 25] in the
    order of :data:`STUDIERICHTING`, whole persons: the total, the fields, the sectorkamer rows (they add up to the
    total too) and two kwalificatiedossier-like rows under 'Sectorkamer techniek en gebouwde omgeving'."""
    sectorkamers = model.verdeel_geheel(np.einsum("uysnlf,nfk->uysnlk", velden.astype(float), _sectorkamergewichten()))
    aandelen = np.array([model.rng_voor("kwalificatiedossiers", c).uniform([0.25, 0.25], [0.40, 0.35]) for c in codes])
    bouw = np.floor(sectorkamers[..., _SK_KOLOMMEN.index("tgo")] * aandelen[:, 0, None, None, None, None] + 0.5)
    afbouw = np.floor(bouw * aandelen[:, 1, None, None, None, None] + 0.5)
    delen = [velden.sum(axis=-1, keepdims=True), velden, sectorkamers, bouw[..., None], afbouw[..., None]]
    return np.concatenate(delen, axis=-1)


# ---------------------------------------------------------------------------------------------------------
# Regions
# ---------------------------------------------------------------------------------------------------------


def _gemeenten(jaren) -> list[gebied.DemoGemeente]:
    return [g for g in gebied.demo_gemeenten() if any(g.bestaat_in(j) for j in jaren)]


def _met_niet_in_te_delen(rijen: list[Rij], titel: str) -> list[Rij]:
    """The rows with 'Niet in te delen' after the last landsdeel and after the last province."""
    uit: list[Rij] = []
    for i, rij in enumerate(rijen):
        uit.append(rij)
        volgend = rijen[i + 1].niveau if i + 1 < len(rijen) else None
        for niveau, key in zip(("LD", "PV"), NIET_IN_TE_DELEN_KEYS):
            if rij.niveau == niveau and volgend != niveau:
                uit.append(Rij(key, f"{titel} ({niveau})", "XX"))
    return uit


# 85353NED/85356NED list the four largest gemeenten and two groups before the other gemeenten (catalogue:
# "Amsterdam", ..., "Vier grootste gemeenten (G4)", "Gemeenten >= 100 000 inwoners (excl. G4)"). The demo takes
# its four largest demo gemeenten; the keys of the two groups are stand-ins.
G4_KEY, G100_KEY = "G4", "G100"


@functools.lru_cache(maxsize=1)
def _grote_gemeenten(jaren: tuple[int, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The four largest demo gemeenten that exist in every year, and the others of 100 000 inwoners or more
    (inhabitants on 1 January of the last school year's second calendar year)."""
    w = model.wereld()
    jaar = jaren[-1] + 1
    per_stuk = w.bevolking[:, model.JAREN.index(jaar)].sum(axis=(1, 2))
    inwoners: dict[str, int] = {}
    for stuk, aantal in zip(w.stukken, per_stuk):
        code = gebied.eigenaar(stuk.code, jaar).code
        inwoners[code] = inwoners.get(code, 0) + int(aantal)
    blijvend = sorted((g.code for g in gebied.demo_gemeenten() if all(g.bestaat_in(j) for j in jaren)),
                      key=lambda c: (-inwoners.get(c, 0), c))
    g4 = tuple(sorted(blijvend[:4]))
    groot = tuple(sorted(c for c in blijvend[4:] if inwoners.get(c, 0) >= 100_000))
    return g4, groot


# ---------------------------------------------------------------------------------------------------------
# Shared building blocks
# ---------------------------------------------------------------------------------------------------------


def _schooljaren(jaren) -> Dimensie:
    return Dimensie("Perioden", "Perioden", TIJD, periode_records(
        [(f"{j}SJ00", schooljaar_titel(j), "Voorlopig" if j == jaren[-1] else "Definitief") for j in jaren]))


def _periodetekst(jaren) -> str:
    return f"{schooljaar_titel(jaren[0])}-{schooljaar_titel(jaren[-1])}"


def _niet_in_te_delen_aandeel(soort: str) -> float:
    if soort in model.MBO_BLADEN:
        return _NIET_IN_TE_DELEN["mbo"]
    return _NIET_IN_TE_DELEN.get(soort.split("_")[0], _NIET_IN_TE_DELEN["anders"])


def _per_rij(rijen: list[Rij], per_stuk: np.ndarray, jaren, onbekend: np.ndarray) -> np.ndarray:
    """Pieces added up to the rows (each year in its own classification; null for a gemeente that does not exist);
    the students of unknown residence (``onbekend``: year x ...) in the 'Niet in te delen' rows and in Nederland."""
    optelling = Optelling(rijen)
    uit = optelling.tel_op(per_stuk, jaren)
    for key in NIET_IN_TE_DELEN_KEYS:
        uit[optelling.index[key]] = onbekend
    uit[optelling.index[NL_CODE]] += onbekend
    return uit


def _afgerond(waarden: np.ndarray) -> np.ndarray:
    """Rounded to tens per cell, as CBS publishes these tables (halves up)."""
    return np.floor(waarden / 10 + 0.5) * 10


# ---------------------------------------------------------------------------------------------------------
# 85701NED and 85702NED: onderwijssoort, woonregio
# ---------------------------------------------------------------------------------------------------------


def _woonregiotabel(uitgave: Tabeluitgave, gewijzigd: str, studenten: bool) -> Kubus:
    jaren = model.JAREN_ONDERWIJS
    if studenten:
        soorten, per_stuk = model.ONDERWIJSBLADEN, model.wereld().onderwijs
        categorieen, niet_titel = ONDERWIJSSOORT_85701, "Niet in te delen (Nederland)"
    else:
        soorten, per_stuk = model.DIPLOMASOORTEN, model.gediplomeerden()
        categorieen, niet_titel = ONDERWIJSSOORT_85702, "Niet in te delen"
    rijen = _met_niet_in_te_delen(regio_rijen(("NL", "LD", "PV", "CR"), _gemeenten(jaren), titeljaar=jaren[-1]),
                                  niet_titel)
    aandeel = np.array([_niet_in_te_delen_aandeel(s) for s in soorten])
    onbekend = np.floor(per_stuk.sum(axis=0) * aandeel[None, :, None] + 0.5)  # year x kind x sex
    blad = _per_rij(rijen, per_stuk.astype(float), jaren, onbekend)  # row x year x kind x sex
    samenstelling = np.array([[1.0 if s in delen else 0.0 for s in soorten] for _, _, delen in categorieen])
    # Geslacht x Onderwijssoort x row x year, whole persons; then every cell rounded to tens
    kubus = _afgerond(np.einsum("gs,ck,ryks->gcry", _GESLACHT_MASKER, samenstelling, blad))
    dims = [
        Dimensie("Geslacht", "Geslacht", DIM, records(GESLACHT)),
        Dimensie("Onderwijssoort", "Onderwijssoort", DIM, records([(k, t) for k, t, _ in categorieen])),
        _regio_dimensie(rijen, "Regiokenmerken", "Regiokenmerken", breedte=REGIO_BREEDTE),
        _schooljaren(jaren),
    ]
    eig = nieuwe_eigenschappen(dims)
    # Topic titles confirmed; the keys are stand-ins (not found for these tables; 71450ned and 71493ned had these).
    key, titel = (("LeerlingenStudenten_1", "Leerlingen/studenten") if studenten
                  else ("Gediplomeerden_1", "Gediplomeerden"))
    eig.onderwerp(key, titel, "aantal", 0, "Long")
    if studenten:
        tabeltitel = "Leerlingen en studenten; onderwijssoort, woonregio"
        samenvatting = ("Ingeschreven leerlingen en studenten naar onderwijssoort en geslacht, naar woonregio (eind "
                        "september). Afgerond op tientallen.")
    else:
        tabeltitel = "Gediplomeerden; onderwijssoort, woonregio"
        samenvatting = "Gediplomeerden naar onderwijssoort en geslacht, naar woonregio. Afgerond op tientallen."
    return maak_kubus(uitgave.id, tabeltitel, samenvatting, _periodetekst(jaren), "Perjaar", gewijzigd, dims, eig,
                      {key: _uit_kubus(kubus, [d.key for d in dims])})


# ---------------------------------------------------------------------------------------------------------
# 85353NED and 85356NED: mbo per niveau, leerweg, studierichting, regio
# ---------------------------------------------------------------------------------------------------------

JAREN_MBO_RICHTING = tuple(j for j in model.JAREN_ONDERWIJS if j >= 2015)
_NIVEAU_MASKER = np.array([[1.0 if n in delen else 0.0 for n in model.MBO_NIVEAUS] for _, _, delen in NIVEAU])
_LEERWEG_MASKER = np.array([[1.0 if lw in delen else 0.0 for lw in model.MBO_LEERWEGEN] for _, _, delen in LEERWEG])
_BLOK = 200_000  # rows per step when values are gathered (keeps memory small for big requests)


class _Mbogetallen:
    """Per region row, school year, sex, level, leerweg and Studierichting category: whole persons (built lazily
    on the first value request, then kept)."""

    def __init__(self, rijen: list[Rij], studenten: bool, g4: tuple[str, ...], groot: tuple[str, ...]):
        self.rijen, self.studenten, self.g4, self.groot = rijen, studenten, g4, groot

    @functools.cached_property
    def blad(self) -> np.ndarray:
        jaren = JAREN_MBO_RICHTING
        kolommen = [model.JAREN_ONDERWIJS.index(j) for j in jaren]
        velden = model.mbo_richtingen()[0 if self.studenten else 1][:, kolommen]
        stukken = [s.code for s in model.wereld().stukken]
        per_stuk = _studierichtingen(velden, stukken)
        vorm = per_stuk.shape[2:]
        onbekend_velden = np.floor(velden.sum(axis=0, keepdims=True) * _NIET_IN_TE_DELEN["mbo"] + 0.5)
        onbekend = _studierichtingen(onbekend_velden, ["niet-in-te-delen"])[0]
        uit = _per_rij(self.rijen, per_stuk.reshape(len(stukken), len(jaren), -1).astype(float), jaren,
                       onbekend.reshape(len(jaren), -1))
        index = {r.code: i for i, r in enumerate(self.rijen)}
        for key, leden in ((G4_KEY, self.g4), (G100_KEY, self.groot)):
            uit[index[key]] = uit[[index[c] for c in leden]].sum(axis=0)
        return uit.reshape(len(self.rijen), len(jaren), *vorm)  # row x year x sex x level x leerweg x category

    def waarde(self, indices: dict[str, np.ndarray]) -> np.ndarray:
        blad = self.blad
        uit = np.empty(len(indices["Geslacht"]))
        for begin in range(0, len(uit), _BLOK):
            deel = slice(begin, begin + _BLOK)
            g, n, lw = (indices[d][deel] for d in ("Geslacht", "Niveau", "Leerweg"))
            cellen = blad[indices["Regio"][deel], indices["Perioden"][deel], :, :, :, indices["Studierichting"][deel]]
            uit[deel] = np.einsum("ms,mn,ml,msnl->m", _GESLACHT_MASKER[g], _NIVEAU_MASKER[n], _LEERWEG_MASKER[lw],
                                  cellen)
        return uit


def _mbotabel(uitgave: Tabeluitgave, gewijzigd: str, studenten: bool) -> Kubus:
    jaren = JAREN_MBO_RICHTING
    g4, groot = _grote_gemeenten(jaren)
    gemeenten = _gemeenten(jaren)
    basis = _met_niet_in_te_delen(regio_rijen(("NL", "LD", "PV"), [], titeljaar=jaren[-1]), "Niet in te delen")
    rijen = (basis + [Rij(g.code, g.naam, "GM") for g in gemeenten if g.code in g4]
             + [Rij(G4_KEY, "Vier grootste gemeenten (G4)", "XX"),  # stand-in key
                Rij(G100_KEY, "Gemeenten >= 100 000 inwoners (excl. G4)", "XX")]  # stand-in key
             + [Rij(g.code, g.naam, "GM") for g in gemeenten if g.code not in g4])
    dims = [
        Dimensie("Geslacht", "Geslacht", DIM, records(GESLACHT)),
        Dimensie("Niveau", "Niveau", DIM, records([(k, _titel(t, studenten)) for k, t, _ in NIVEAU])),
        Dimensie("Leerweg", "Leerweg", DIM, records([(k, _titel(t, studenten)) for k, t, _ in LEERWEG])),
        Dimensie("Studierichting", "Studierichting", DIM,
                 records([(k, _titel(t, studenten)) for k, t in STUDIERICHTING])),
        # The catalogue calls Regio a plain dimension, but it does so for RegioS too: GeoDimension, as CBS does.
        _regio_dimensie(rijen, "Regio", "Regio", breedte=REGIO_BREEDTE),
        _schooljaren(jaren),
    ]
    eig = nieuwe_eigenschappen(dims)
    # Topic keys inferred from public code, titles confirmed.
    key, titel = ("MboStudenten_1", "Mbo-studenten") if studenten else ("GediplomeerdenMbo_1", "Gediplomeerden mbo")
    eig.onderwerp(key, titel, "aantal", 0, "Long")
    wat = "studenten" if studenten else "gediplomeerden"
    getallen = _Mbogetallen(rijen, studenten, g4, groot)
    return maak_kubus(uitgave.id, f"Mbo; {wat}, niveau, leerweg, studierichting, regiokenmerken",
                      f"Mbo-{wat} naar niveau, leerweg, studierichting (ISCED-F en sectorkamer) en geslacht, naar "
                      "woonregio.", _periodetekst(jaren), "Perjaar", gewijzigd, dims, eig, {key: getallen.waarde})


# ---------------------------------------------------------------------------------------------------------

BOUWERS: dict[str, Callable[[Thema, Tabeluitgave, str], Kubus]] = {
    "studenten": lambda thema, uitgave, g: _woonregiotabel(uitgave, g, studenten=True),
    "gediplomeerden": lambda thema, uitgave, g: _woonregiotabel(uitgave, g, studenten=False),
    "mbo_studenten_richting": lambda thema, uitgave, g: _mbotabel(uitgave, g, studenten=True),
    "mbo_gediplomeerden_richting": lambda thema, uitgave, g: _mbotabel(uitgave, g, studenten=False),
}
