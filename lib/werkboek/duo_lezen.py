"""Reading DUO open data files (onderwijsdata.duo.nl) into tidy long frames, one reader per kind of file.

DUO's CSV files are comma-separated, quoted, UTF-8 (possibly with a byte order mark). Every cell is read as text
(a gemeente number '0106' stays '0106') and columns are chosen by name: their order differs per file. The
columns a file must have are in the register (``data/tabellen.yaml``, section ``duo``); a file without them
raises :class:`DuoLayoutFout` naming the file, the missing and the present columns.

Every frame has ``jaar`` (int: JAAR_2023, a JAAR or STUDIEJAAR of 2023 is the count of 1 October 2023, school year
2023/'24; for diplomas the year as DUO writes it in the column name) and the count as a range: ``aantal_min``,
``aantal_max`` and ``gemaskeerd`` (:mod:`werkboek.censuur`: DUO writes 1 to 4 as -1, read as [1, 4]). mbo levels
become the workbook's detail levels ('1' entree, '2' mbo_2, '3' mbo_3, '4' mbo_4); hbo/wo files get ``niveau``
'hbo' or 'wo' from the file and ``soort`` from TYPE_HOGER_ONDERWIJS. Gemeente numbers become codes 'GM0106'.

Also here: :func:`koppel_gemeentenamen` (DUO's woongemeente names to gemeente codes) and
:func:`instelling_gemeenten` (instellingscode -> gemeente of the main site).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

import pandas as pd

from werkboek.censuur import duo_aantallen
from werkboek.fouten import WerkboekFout

if TYPE_CHECKING:  # pragma: no cover
    from werkboek.register import DuoBestand

REGISTER = "data/tabellen.yaml (sectie 'duo')"
MBO_NIVEAUS = {"1": "entree", "2": "mbo_2", "3": "mbo_3", "4": "mbo_4"}
JA_NEE = {"J": True, "N": False}


class DuoFout(WerkboekFout):
    """A DUO open data file could not be fetched or read."""


class DuoLayoutFout(DuoFout):
    """A DUO file lacks columns the workbook needs, or holds values it cannot read: DUO changed the layout."""


@dataclass(frozen=True)
class _Lezer:
    """How one kind of file becomes a tidy frame: DUO column -> tidy column, and where the counts are."""

    kolommen: dict[str, str]
    aantal: str | None = None  # the count column of a long file
    vaste_waardekolommen: tuple[str, ...] = ()  # wide over fixed columns (leerwegen), their name goes to ...
    waardekolom_naam: str = ""  # ... this tidy column
    ja_nee: tuple[str, ...] = ()  # tidy columns with J/N -> True/False (anything else: <NA>)
    gemeentecode: str | None = None  # tidy column with a gemeente number -> 'GM' + 4 digits


LEZERS: dict[str, _Lezer] = {
    "mbo_studenten_sectorkamer": _Lezer({
        "SECTORKAMER NAAM": "sectorkamer", "HOOFDGROEP NAAM": "hoofdgroep", "LEERWEG": "leerweg", "NIVEAU": "niveau",
        "WOONPROVINCIE": "woonprovincie", "WOONGEMEENTE": "woongemeente"}),
    "mbo_instroom": _Lezer({
        "JAAR": "jaar", "INSTELLINGSCODE": "instellingscode", "NIVEAU": "niveau", "LEERWEG": "leerweg",
        "BEROEPSOPLEIDING CODE": "beroepsopleiding_code", "BEROEPSOPLEIDING NAAM": "beroepsopleiding",
        "WIJZIGING IN INSTELLING": "wijziging_in_instelling", "LAATSTE JAAR VO": "laatste_jaar_vo",
        "VOOROPLEIDING VO": "vooropleiding_vo", "LAATSTE JAAR MBO": "laatste_jaar_mbo",
        "VOOROPLEIDING MBO": "vooropleiding_mbo", "INSTROOM VO": "instroom_vo", "INSTROOM MBO": "instroom_mbo",
        "INSTROOM OPLEIDING": "instroom_opleiding"},
        aantal="AANTAL", ja_nee=("wijziging_in_instelling", "instroom_mbo", "instroom_opleiding")),
    "mbo_gediplomeerden": _Lezer({
        "INSTELLINGSCODE": "instellingscode", "INSTELLINGSNAAM": "instellingsnaam",
        "PLAATSNAAM INSTELLING": "plaatsnaam_instelling", "LEERWEG": "leerweg", "NIVEAU": "niveau",
        "ERKENDE OPLEIDING CODE": "opleiding_code", "ERKENDE OPLEIDING NAAM": "opleiding",
        "SECTORKAMER NAAM": "sectorkamer", "HOOFDGROEP NAAM": "hoofdgroep"}),
    "mbo_instellingen": _Lezer({
        "JAAR": "jaar", "PROVINCIE INSTELLING": "provincie", "BEVOEGD GEZAG NUMMER": "bevoegd_gezag",
        "INSTELLINGSCODE": "instellingscode", "INSTELLINGSNAAM": "instellingsnaam",
        "PLAATSNAAM INSTELLING": "plaatsnaam_instelling", "GEMEENTENUMMER INSTELLING": "gemeente",
        "GEMEENTE INSTELLING": "gemeentenaam"},
        vaste_waardekolommen=("BBL", "BOLDT", "BOLVT", "EX"), waardekolom_naam="leerweg", gemeentecode="gemeente"),
    "ho_eerstejaars": _Lezer({
        "STUDIEJAAR": "jaar", "PROVINCIENAAM": "provincie", "GEMEENTENUMMER": "gemeente",
        "GEMEENTENAAM": "gemeentenaam", "SOORT_INSTELLING": "soort_instelling", "TYPE_HOGER_ONDERWIJS": "soort",
        "INSTELLINGSCODE_ACTUEEL": "instellingscode", "INSTELLINGSNAAM_ACTUEEL": "instellingsnaam",
        "ONDERDEEL": "onderdeel", "SUBONDERDEEL": "subonderdeel", "GESLACHT": "geslacht"},
        aantal="AANTAL_EERSTEJAARS_INGESCHREVENEN", gemeentecode="gemeente"),
}


# ---------------------------------------------------------------------------------------------------------
# CSV and header
# ---------------------------------------------------------------------------------------------------------


def lees_csv(inhoud: bytes, bestand: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a DUO CSV as text; a file that is empty, no CSV, or cut short raises :class:`DuoFout`."""
    if not inhoud.strip():
        raise DuoFout(f"Het DUO-bestand {bestand} is leeg: er kwam geen enkele regel binnen. Probeer het later "
                      "opnieuw; meestal is de download onderbroken.")
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError as fout:
        raise DuoLayoutFout(f"Het DUO-bestand {bestand} is geen UTF-8-tekst ({fout}); DUO levert zijn CSV-bestanden in "
                            "UTF-8. Controleer of de download een CSV-bestand was.") from fout
    if tekst.lstrip()[:1] == "<":
        raise DuoFout(f"Het DUO-bestand {bestand} is geen CSV maar een webpagina (HTML): misschien stond er een "
                      "storingspagina of een melding van een proxy tussen. Probeer het later opnieuw.")
    try:
        regels = list(csv.reader(io.StringIO(tekst, newline=""), strict=True))
    except csv.Error as fout:
        raise DuoFout(f"Het DUO-bestand {bestand} is afgekapt of geen geldige CSV ({fout}); waarschijnlijk is de "
                      "download onderbroken. Probeer het later opnieuw.") from fout
    kop = [k.strip() for k in regels[0]]
    rijen = [r for r in regels[1:] if r]
    kort = [i + 2 for i, r in enumerate(rijen) if len(r) != len(kop)]
    if kort:
        raise DuoFout(f"Het DUO-bestand {bestand} is afgekapt of beschadigd: regel {', '.join(map(str, kort[:5]))} "
                      f"heeft niet {len(kop)} velden. Probeer het later opnieuw.")
    if not rijen:
        raise DuoFout(f"Het DUO-bestand {bestand} heeft alleen een kopregel en geen gegevens; waarschijnlijk is de "
                      "download onderbroken of levert DUO het bestand tijdelijk leeg. Probeer het later opnieuw.")
    return kop, rijen


def jaarkolommen(spec: DuoBestand, kolommen: Iterable[str]) -> dict[str, dict[str, str]]:
    """The columns with one year each (wide files), with what their name says (``jaar``, ``geslacht``), ordered by
    year (and the rest of the name), whatever their order in the file."""
    if not spec.jaarkolommen:
        return {}
    patroon = re.compile(spec.jaarkolommen)
    gevonden = {k: m.groupdict() for k in kolommen if (m := patroon.match(k))}
    return dict(sorted(gevonden.items(), key=lambda kv: (int(kv[1]["jaar"]), sorted(kv[1].items()))))


def controleer_kolommen(spec: DuoBestand, kolommen: list[str], bestand: str) -> None:
    """Raise :class:`DuoLayoutFout` when a required column (or every year column) is missing."""
    lezer = LEZERS.get(spec.naam)
    nodig = list(spec.kolommen) + [k for k in (lezer.vaste_waardekolommen if lezer else ()) if k not in spec.kolommen]
    ontbrekend = [k for k in nodig if k not in kolommen]
    if spec.jaarkolommen and not jaarkolommen(spec, kolommen):
        ontbrekend.append(f"kolommen volgens het patroon {spec.jaarkolommen}")
    if ontbrekend:
        raise DuoLayoutFout(
            f"De indeling van DUO-bestand {bestand} ('{spec.naam}', dataset {spec.dataset}) is veranderd: "
            f"{', '.join(repr(k) for k in ontbrekend)} ontbreekt. Gevonden kolommen: "
            f"{', '.join(repr(k) for k in kolommen) or 'geen'}. Heeft DUO een kolom hernoemd, zet dan de nieuwe naam "
            f"bij '{spec.naam}' in {REGISTER}. Een eerder opgehaalde kopie in de cache wordt niet vervangen."
        )


# ---------------------------------------------------------------------------------------------------------
# The readers
# ---------------------------------------------------------------------------------------------------------


def _fout_in_cellen(spec: DuoBestand, bestand: str, kolom: str, regels: list[int], waarden: list[str],
                    verwacht: str) -> DuoLayoutFout:
    voorbeelden = "; ".join(f"regel {r}: {w!r}" for r, w in list(zip(regels, waarden))[:5])
    meer = f" (en nog {len(regels) - 5})" if len(regels) > 5 else ""
    return DuoLayoutFout(
        f"DUO-bestand {bestand} ('{spec.naam}') heeft in kolom {kolom} waarden die het werkboek niet kan lezen "
        f"({verwacht}): {voorbeelden}{meer}. Misschien is het bestand afgekapt of heeft DUO de indeling veranderd; "
        f"controleer '{spec.naam}' in {REGISTER}. Een eerder opgehaalde kopie in de cache wordt niet vervangen."
    )


def lees_bestand(spec: DuoBestand, inhoud: bytes, *, bestand: str = "", jaar: int | None = None,
                 deel: str | None = None) -> pd.DataFrame:
    """One DUO file (raw CSV bytes) as a tidy long frame; see the module doc for the columns.

    ``jaar`` is the year of a per-year file (used when its JAAR cell is empty); ``deel`` the part of a file per
    part ('hbo' or 'wo': becomes ``niveau``). Raises :class:`DuoFout` / :class:`DuoLayoutFout` in Dutch.
    """
    bestand = bestand or spec.naam
    lezer = LEZERS.get(spec.naam)
    if lezer is None:
        raise DuoFout(f"Voor DUO-bestand '{spec.naam}' heeft het werkboek geen lezer; er zijn lezers voor "
                      f"{', '.join(LEZERS)}. Gebruik een van die namen in {REGISTER}.")
    if spec.delen and deel not in spec.delen:
        raise DuoFout(f"DUO-bestand {bestand} ('{spec.naam}') hoort bij een deel ({', '.join(spec.delen)}); "
                      f"gevonden: {deel!r}.")
    kop, rijen = lees_csv(inhoud, bestand)
    controleer_kolommen(spec, kop, bestand)
    ruw = pd.DataFrame(rijen, columns=kop)
    ruw = ruw.loc[:, ~ruw.columns.duplicated()]
    regel = pd.Series(range(2, len(ruw) + 2), index=ruw.index)
    basis = pd.DataFrame({naam: ruw[kolom].str.strip() for kolom, naam in lezer.kolommen.items()})
    if lezer.aantal:
        waardekolommen = {lezer.aantal: {}}
    elif lezer.vaste_waardekolommen:
        waardekolommen = {k: {lezer.waardekolom_naam: k} for k in lezer.vaste_waardekolommen}
    else:
        waardekolommen = jaarkolommen(spec, kop)
    if "jaar" in basis:
        tekst = basis["jaar"] if jaar is None else basis["jaar"].mask(basis["jaar"] == "", str(jaar))
        basis["jaar"] = _jaren(spec, bestand, tekst, regel)
    if lezer.gemeentecode:
        nummer = basis[lezer.gemeentecode]
        geldig = nummer.str.fullmatch(r"\d{1,4}")
        if not geldig.all():
            raise _fout_in_cellen(spec, bestand, "gemeentenummer", regel[~geldig].tolist(), nummer[~geldig].tolist(),
                                  "een gemeentenummer van hoogstens vier cijfers")
        basis[lezer.gemeentecode] = "GM" + nummer.str.zfill(4)
    for naam in lezer.ja_nee:
        basis[naam] = basis[naam].map(JA_NEE).astype("boolean")
    if spec.delen:
        basis["niveau"] = deel
    elif "niveau" in basis:
        niveau = basis["niveau"].map(MBO_NIVEAUS)
        if niveau.isna().any():
            raise _fout_in_cellen(spec, bestand, "NIVEAU", regel[niveau.isna()].tolist(),
                                  basis.loc[niveau.isna(), "niveau"].tolist(), "mbo-niveau 1, 2, 3 of 4")
        basis["niveau"] = niveau
    blokken = []
    for kolom, extra in waardekolommen.items():
        aantallen, ongeldig = duo_aantallen(ruw[kolom])
        if ongeldig.any():
            raise _fout_in_cellen(spec, bestand, kolom, regel[ongeldig].tolist(), ruw.loc[ongeldig, kolom].tolist(),
                                  "een aantal van 0 of meer, of -1 voor 1 tot en met 4")
        waarden = {n: int(w) if n == "jaar" else w.lower() if n == "geslacht" else w for n, w in extra.items()}
        blokken.append(pd.concat([basis.assign(**waarden), aantallen], axis=1))
    lang = pd.concat(blokken, ignore_index=True)
    voor = [k for k in ("jaar", "niveau", "soort") if k in lang]
    achter = ["aantal_min", "aantal_max", "gemaskeerd"]
    uit = lang[voor + [k for k in lang.columns if k not in voor + achter] + achter]
    uit.attrs.update({"bestand": bestand, "duo": spec.naam, "plaats": spec.plaats, "eenheid": spec.eenheid,
                      "maskering": spec.maskering, "gemaskeerde_cellen": int(uit["gemaskeerd"].sum()),
                      "csv_rijen": len(ruw)})
    return uit


def _jaren(spec: DuoBestand, bestand: str, tekst: pd.Series, regel: pd.Series) -> pd.Series:
    jaren = pd.to_numeric(tekst.where(tekst.str.fullmatch(r"\d{4}")), errors="coerce")
    if jaren.isna().any():
        raise _fout_in_cellen(spec, bestand, "jaar", regel[jaren.isna()].tolist(), tekst[jaren.isna()].tolist(),
                              "een jaartal van vier cijfers")
    return jaren.astype("int64")


# ---------------------------------------------------------------------------------------------------------
# Gemeenten: names to codes, institutions to the gemeente of their main site
# ---------------------------------------------------------------------------------------------------------

_TOEVOEGING = re.compile(r"\s*\(([^()]*)\)\s*$")  # "Bergen (NH.)", "Hengelo (O.)"
_ZELFDE = {"denhaag": "sgravenhage", "denbosch": "shertogenbosch"}  # everyday names of two gemeenten
_BUITENLAND = re.compile(r"^woonachtig in ")  # DUO's rows for students living abroad ("woonachtig in België")


def normaliseer_gemeentenaam(naam: str, *, met_toevoeging: bool = True) -> str:
    """A name for comparing: without case, accents, punctuation and spaces; "'s-Gravenhage" and "Den Haag" alike.

    ``met_toevoeging``: keep the letters of a suffix such as "(NH.)" (Bergen (NH.) and Bergen (L.) are two
    gemeenten), or drop it.
    """
    tekst = unicodedata.normalize("NFKD", str(naam)).encode("ascii", "ignore").decode("ascii").casefold().strip()
    gevonden = _TOEVOEGING.search(tekst)
    toevoeging = ""
    if gevonden:
        tekst, toevoeging = tekst[: gevonden.start()], gevonden.group(1)
    kern = re.sub(r"[^a-z0-9]", "", tekst)
    kern = _ZELFDE.get(kern, kern)
    return kern + (re.sub(r"[^a-z0-9]", "", toevoeging) if met_toevoeging else "")


@dataclass
class Naamkoppeling:
    """The result of :func:`koppel_gemeentenamen`: DUO name -> gemeente code, and what did not match."""

    codes: dict[str, str] = field(default_factory=dict)
    buitenland: list[str] = field(default_factory=list)  # "woonachtig in ...": expected, not an error
    niet_gevonden: list[str] = field(default_factory=list)
    dubbelzinnig: dict[str, list[str]] = field(default_factory=dict)  # name -> the codes it could be

    def opmerkingen(self) -> list[str]:
        """Dutch notes for what did not match (empty when every gemeente name was found)."""
        uit = []
        if self.niet_gevonden:
            uit.append(
                f"{len(self.niet_gevonden)} woongemeente(n) uit het DUO-bestand staan in geen enkele regio-indeling "
                f"van het register ({', '.join(self.niet_gevonden[:10])}{' …' if len(self.niet_gevonden) > 10 else ''}); "
                "hun rijen hebben geen gemeentecode en tellen in geen regio mee. Voeg de regio-indeling van het jaar "
                "van die namen toe aan data/tabellen.yaml."
            )
        for naam, codes in self.dubbelzinnig.items():
            uit.append(f"De woongemeente '{naam}' uit het DUO-bestand past bij meer dan één gemeente "
                       f"({', '.join(codes)}); die rijen hebben geen gemeentecode.")
        return uit


def koppel_gemeentenamen(namen: Iterable[str], gemeenten: Iterable[tuple[str, str]]) -> Naamkoppeling:
    """Match DUO woongemeente names to gemeente codes.

    ``gemeenten``: (code, name) pairs, for example the gemeenten of the classifications of several years, oldest
    first: for one name, a later pair wins. A name matches on its normalised form (:func:`normaliseer_gemeentenaam`);
    else, without its suffix ("Hengelo (O.)" -> Hengelo), when that is one gemeente only. Names of students
    living abroad ("woonachtig in België") are listed apart, not as errors.
    """
    laatste: dict[str, tuple[str, str]] = {}  # normalised name -> (code, normalised name without suffix)
    for code, naam in gemeenten:
        laatste[normaliseer_gemeentenaam(naam)] = (code, normaliseer_gemeentenaam(naam, met_toevoeging=False))
    volledig = {sleutel: code for sleutel, (code, _) in laatste.items()}
    kern: dict[str, set[str]] = {}
    for code, zonder in laatste.values():
        kern.setdefault(zonder, set()).add(code)
    uit = Naamkoppeling()
    for naam in dict.fromkeys(str(n) for n in namen):
        if _BUITENLAND.match(naam.strip().casefold()):
            uit.buitenland.append(naam)
            continue
        code = volledig.get(normaliseer_gemeentenaam(naam))
        kandidaten = sorted(kern.get(normaliseer_gemeentenaam(naam, met_toevoeging=False), ()))
        if code is None and len(kandidaten) == 1:
            code = kandidaten[0]
        if code is not None:
            uit.codes[naam] = code
        elif kandidaten:
            uit.dubbelzinnig[naam] = kandidaten
        else:
            uit.niet_gevonden.append(naam)
    return uit


def instelling_gemeenten(instellingen: pd.DataFrame) -> pd.DataFrame:
    """instellingscode -> gemeente of the main site, from a :func:`lees_bestand` frame of ``mbo_instellingen``:
    per instellingscode the row of its latest JAAR (columns instellingscode, gemeente, gemeentenaam,
    plaatsnaam_instelling, jaar)."""
    kolommen = ["instellingscode", "gemeente", "gemeentenaam", "plaatsnaam_instelling", "jaar"]
    nieuwste = instellingen.sort_values(["instellingscode", "jaar"], kind="stable").drop_duplicates(
        "instellingscode", keep="last")
    return nieuwste[kolommen].reset_index(drop=True)
