"""Import DUO open data on mbo students ("mbo deelnemers per instelling, kwalificatie/crebo, niveau en
woongemeente", count on 1 October) and add them up per arbeidsmarktregio with honest bounds.

Documented layout (Dutch version for users: docs/importeren.md). One row per count; CSV with ';' (or ',' or
tab) in UTF-8 or Windows-1252, or an Excel file. Column names are matched without case, accents, and with
spaces, dots, hyphens and underscores alike; the variants listed in :data:`DUO_LAYOUT` are accepted too.

    peiljaar            year of the 1 October count: 2023, 01-10-2023 or school year 2023/2024 (-> 2023)
    instelling          BRIN code of the school
    instellingsnaam     (optional) name of the school
    vestigingsgemeente  (optional) gemeente code of the school; needed for attribution 'vestiging'
    crebo               crebo code of the qualification
    kwalificatie        (optional) name of the qualification
    niveau              mbo level 1-4 ('4', 'niveau 4', 'MBO-4')
    woongemeente        gemeente code of the student's residence ('GM0363', '0363', '363')
    aantal              number of students; '<5' for a small count (files after November 2023)
    gemaskeerd          (optional) flag for a masked small count, shown as 4 (files before November 2023)

The "wide" variant DUO also publishes, one column per year ('2022', 'AANTAL 2022', '2022 MAN'), is accepted
instead of peiljaar + aantal; each such column becomes rows with that peiljaar (and the rest of the column name
in ``deel``).

Small counts are CENSORED, never a number: a masked cell has ``aantal`` NaN, ``aantal_gecensureerd`` True and
bounds ``aantal_min`` 1 and ``aantal_max`` 4. Adding up per region gives a lower and an upper bound and the
number of censored cells; the exact total is only given when no cell in the sum was censored.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from werkboek.censuur import GEMASKEERD_MAX, GEMASKEERD_MIN, som_bereik
from werkboek.importeren._lezen import (
    ImportFout,
    Kolom,
    LayoutFout,
    fouten_melding,
    gemeentecode,
    lees_getal,
    lees_tabelbestand,
    normaliseer_kolom,
    waarschuw,
    zoek_kolommen,
)

DOCUMENTATIE = "docs/importeren.md"
GECENSUREERD_MIN, GECENSUREERD_MAX = GEMASKEERD_MIN, GEMASKEERD_MAX  # one convention: werkboek.censuur
TOEREKENINGEN = {
    "woonregio": "woongemeente",
    "vestiging": "vestigingsgemeente",
}
TOEREKENING_UITLEG = {
    "woonregio": "toegerekend aan de arbeidsmarktregio van de woongemeente van de student (woonregio), niet aan de vestiging van de school",
    "vestiging": "toegerekend aan de arbeidsmarktregio van de gemeente waar de school staat (vestiging), niet aan de woonregio van de student",
}

DUO_LAYOUT = (
    Kolom("peiljaar", ("jaar", "teljaar", "peildatum", "schooljaar", "studiejaar"),
          uitleg="jaar van de telling op 1 oktober: 2023, 01-10-2023 of schooljaar 2023/2024"),
    Kolom("instelling", ("brin", "brinnummer", "brin nummer", "brin code", "brincode", "instellingscode", "instellingsnummer"),
          uitleg="BRIN-code van de instelling"),
    Kolom("instellingsnaam", ("naam instelling", "instellingnaam"), verplicht=False, uitleg="naam van de instelling"),
    Kolom("vestigingsgemeente", ("gemeentecode instelling", "vestigingsgemeentecode", "gemeentenummer instelling", "gemeente instelling"),
          verplicht=False, uitleg="gemeentecode van de vestiging (nodig voor toerekening 'vestiging')"),
    Kolom("crebo", ("crebocode", "crebo code", "kwalificatiecode", "opleidingscode", "code kwalificatie"),
          uitleg="crebocode van de kwalificatie"),
    Kolom("kwalificatie", ("kwalificatienaam", "naam kwalificatie", "opleidingsnaam", "opleiding"), verplicht=False,
          uitleg="naam van de kwalificatie"),
    Kolom("niveau", ("mbo niveau", "kwalificatieniveau", "opleidingsniveau", "niveau kwalificatie"),
          uitleg="mbo-niveau 1 tot en met 4 ('4', 'niveau 4', 'MBO-4')"),
    Kolom("woongemeente", ("woongemeentecode", "gemeentecode woongemeente", "woongemeente code", "gemeentenummer woongemeente",
                           "woongemeentenummer", "gemeentecode deelnemer"),
          uitleg="gemeentecode van de woongemeente van de student ('GM0363', '0363' of '363')"),
    Kolom("aantal", ("aantal deelnemers", "deelnemers", "aantal studenten", "aantal inschrijvingen", "totaal"),
          uitleg="aantal deelnemers; '<5' voor een klein aantal (bestanden na november 2023)"),
    Kolom("gemaskeerd", ("afgeschermd", "indicatie klein aantal", "klein aantal", "kleiner dan 5", "gemaskeerd aantal", "vlag"),
          verplicht=False, uitleg="vlag (ja/1/J/x) bij een afgeschermd klein aantal dat als 4 is weergegeven (bestanden tot november 2023)"),
)

_KLEIN = re.compile(r"^(<\s*5|<=\s*4|1\s*(-|t/?m)\s*4|kleiner\s+dan\s+5)$", re.IGNORECASE)
_WAAR = {"1", "j", "ja", "y", "yes", "true", "waar", "x", "*", "gemaskeerd", "afgeschermd"}
_BREED = re.compile(r"^(?:aantal_|deelnemers_)?(?P<jaar>(19|20)\d{2})(?:_(?P<deel>.+))?$")
_NIVEAU_CANONIEK = {1: "mbo_1_2", 2: "mbo_1_2", 3: "mbo_3", 4: "mbo_4"}


def _kolom(naam: str) -> Kolom:
    return next(k for k in DUO_LAYOUT if k.naam == naam)


def _lees_peiljaar(waarde: str) -> int | None:
    tekst = str(waarde).strip()
    jaren = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", tekst)
    return int(jaren[0]) if jaren else None


def _lees_niveau(waarde: str) -> int | None:
    match = re.fullmatch(r"(?:mbo|niveau|n)?\s*[-_]?\s*([1-4])(?:\.0)?", str(waarde).strip().lower())
    return int(match.group(1)) if match else None


def _maak_lang(frame: pd.DataFrame) -> pd.DataFrame:
    """The wide variant (a column per year) to one row per (row, year column); other files are returned as is."""
    namen = {normaliseer_kolom(k): k for k in frame.columns}
    heeft_lang = all(any(n in namen for n in _kolom(naam).namen()) for naam in ("aantal", "peiljaar"))
    breed = {k: _BREED.match(normaliseer_kolom(k)) for k in frame.columns}
    breed = {k: m for k, m in breed.items() if m}
    if heeft_lang or not breed:
        return frame
    vast = [k for k in frame.columns if k not in breed]
    delen = []
    for kolom, match in breed.items():
        deel = frame[vast].copy()
        deel["peiljaar"] = match.group("jaar")
        deel["deel"] = match.group("deel") or ""
        deel["aantal"] = frame[kolom]
        deel["_regel"] = frame.index + 2
        delen.append(deel[deel["aantal"].astype(str).str.strip() != ""])  # an empty year cell: no count that year
    return pd.concat(delen, ignore_index=True)


def lees_duo_mbo(pad: str | Path, *, vier_is_exact: bool = False) -> pd.DataFrame:
    """Read a DUO mbo file (see the module doc for the layout) into one row per count.

    Columns: peiljaar, instelling, instellingsnaam, vestigingsgemeente, crebo, kwalificatie, niveau (1-4),
    onderwijsniveau ('mbo_1_2', 'mbo_3', 'mbo_4'), woongemeente ('GM0363'), deel, aantal (NaN when censored),
    aantal_gecensureerd, aantal_min, aantal_max, regel (line in the file). ``attrs`` holds the file, the masking
    convention found and the number of censored cells.

    A file without '<5' and without a flag column, in which counts of exactly 4 occur, is ambiguous (an older
    file whose flag column was removed): those 4s are treated as censored, with a warning, unless
    ``vier_is_exact`` says they are real counts.
    """
    pad = Path(pad)
    ruw = lees_tabelbestand(pad, "DUO-")
    ruw = _maak_lang(ruw)
    kolommen = zoek_kolommen(ruw, DUO_LAYOUT, "DUO-", DOCUMENTATIE)
    regels = ruw["_regel"] if "_regel" in ruw.columns else pd.Series(ruw.index + 2, index=ruw.index)

    def tekst(naam: str) -> pd.Series:
        if naam not in kolommen:
            return pd.Series(pd.NA, index=ruw.index, dtype="string")
        return ruw[kolommen[naam]].astype("string").str.strip()

    problemen: list[str] = []
    peiljaar = tekst("peiljaar").map(_lees_peiljaar)
    niveau = tekst("niveau").map(_lees_niveau)
    woongemeente = tekst("woongemeente").map(gemeentecode)
    vestigingsgemeente = tekst("vestigingsgemeente").map(gemeentecode)
    aantal_tekst = tekst("aantal").fillna("")
    klein = aantal_tekst.str.fullmatch(_KLEIN.pattern, case=False)
    getal = aantal_tekst.map(lambda t: None if _KLEIN.match(t) else lees_getal(t))
    for naam, reeks, bron in (("peiljaar", peiljaar, tekst("peiljaar")), ("niveau", niveau, tekst("niveau")),
                              ("woongemeente", woongemeente, tekst("woongemeente"))):
        for i in reeks[reeks.isna()].index:
            problemen.append(f"regel {regels[i]}: {naam} '{bron[i]}'")
    ingevuld = tekst("vestigingsgemeente").fillna("") != ""
    for i in vestigingsgemeente[vestigingsgemeente.isna() & ingevuld].index:
        problemen.append(f"regel {regels[i]}: vestigingsgemeente '{tekst('vestigingsgemeente')[i]}'")
    for i in getal[getal.isna() & ~klein].index:
        problemen.append(f"regel {regels[i]}: aantal '{aantal_tekst[i]}'")
    for i in getal[getal.notna()].index:
        if getal[i] < 0 or getal[i] != int(getal[i]):
            problemen.append(f"regel {regels[i]}: aantal '{aantal_tekst[i]}' is geen aantal")
    if problemen:
        raise fouten_melding(
            "DUO-", pad, problemen,
            f"Verbeter deze cellen of controleer of dit een DUO-bestand met mbo-deelnemers is (indeling: {DOCUMENTATIE}). "
            "Er is niets ingelezen.",
        )

    if "gemaskeerd" in kolommen:
        vlag = tekst("gemaskeerd").fillna("").str.lower().isin(_WAAR)
        conventie = "vlag"
    else:
        vlag = pd.Series(False, index=ruw.index)
        conventie = "<5" if klein.any() else "geen"
    if conventie == "geen" and (getal == 4).any() and not vier_is_exact:
        conventie = "vier"
        vlag = getal == 4
        waarschuw(
            f"Het DUO-bestand {pad.name} heeft geen '<5' en geen vlagkolom, maar wel {int(vlag.sum())} aantallen van precies 4. "
            "In DUO-bestanden van vóór november 2023 betekent een 4 met vlag 'een klein aantal (1 tot en met 4)'. Deze 4-en "
            "worden daarom als afgeschermd (1 tot en met 4) behandeld. Zijn het echte aantallen, lees het bestand dan met "
            "vier_is_exact=True."
        )
    gecensureerd = (klein | vlag).astype(bool)
    aantal = getal.astype(float).where(~gecensureerd, np.nan)
    uit = pd.DataFrame({
        "peiljaar": pd.array(peiljaar, dtype="Int64"),
        "instelling": tekst("instelling"),
        "instellingsnaam": tekst("instellingsnaam"),
        "vestigingsgemeente": vestigingsgemeente.astype("string"),
        "crebo": tekst("crebo"),
        "kwalificatie": tekst("kwalificatie"),
        "niveau": pd.array(niveau, dtype="Int64"),
        "onderwijsniveau": niveau.map(_NIVEAU_CANONIEK).astype("string"),
        "woongemeente": woongemeente.astype("string"),
        "deel": ruw["deel"].astype("string") if "deel" in ruw.columns else pd.Series("", index=ruw.index, dtype="string"),
        "aantal": aantal,
        "aantal_gecensureerd": gecensureerd,
        "aantal_min": aantal.where(~gecensureerd, float(GECENSUREERD_MIN)),
        "aantal_max": aantal.where(~gecensureerd, float(GECENSUREERD_MAX)),
        "regel": pd.array(regels, dtype="Int64"),
    })
    uit.attrs.update({"bron": str(pad), "conventie": conventie, "gecensureerde_cellen": int(gecensureerd.sum())})
    return uit


def _koppeling_kolommen(koppeling: pd.DataFrame) -> dict[str, str]:
    layout = (
        Kolom("gemeente", ("gemeentecode", "gemeente code", "gm code"), uitleg="gemeentecode (GMxxxx)"),
        Kolom("regio", ("regio code", "arbeidsmarktregio", "arbeidsmarktregio code", "amcode"), uitleg="arbeidsmarktregio (AMxx)"),
        Kolom("jaar", ("indeling", "peiljaar"), verplicht=False, uitleg="jaar van de indeling; zonder jaar geldt de koppeling voor elk jaar"),
    )
    try:
        return zoek_kolommen(koppeling, layout, "koppel", "werkboek.bronnen: bron.regio_indeling(jaar)")
    except LayoutFout as fout:
        raise LayoutFout(str(fout).replace("Het koppelbestand", "De koppeltabel gemeente -> regio")) from None


def duo_per_regio(
    deelnemers: pd.DataFrame,
    koppeling: pd.DataFrame,
    *,
    toerekening: str = "woonregio",
    naar: tuple[str, ...] = ("peiljaar", "onderwijsniveau"),
) -> pd.DataFrame:
    """Add DUO counts up per arbeidsmarktregio through a crosswalk frame (gemeente -> regio, optionally per jaar).

    Returns one row per region and the ``naar`` columns with: aantal_ondergrens (censored cells counted as 1),
    aantal_bovengrens (counted as 4), gecensureerde_cellen, cellen, and aantal (the exact sum, NaN when any cell
    in it was censored). ``toerekening`` is 'woonregio' (the student's gemeente) or 'vestiging' (the school's);
    ``attrs["toerekening_uitleg"]`` says which in Dutch. Gemeenten missing from the crosswalk are kept under
    regio 'niet ingedeeld' and named in a warning.
    """
    if toerekening not in TOEREKENINGEN:
        raise ImportFout(f"Onbekende toerekening '{toerekening}'. Kies 'woonregio' (woongemeente van de student) of 'vestiging' (gemeente van de school).")
    gemeente_kolom = TOEREKENINGEN[toerekening]
    if deelnemers[gemeente_kolom].isna().all():
        raise ImportFout(
            f"Toerekening '{toerekening}' vraagt de kolom '{gemeente_kolom}', maar die is leeg of ontbreekt in het DUO-bestand. "
            f"Kies toerekening 'woonregio' of gebruik een bestand met de gemeente van de vestiging (zie {DOCUMENTATIE})."
        )
    onbekend = [k for k in naar if k not in deelnemers.columns]
    if onbekend:
        raise ImportFout(f"Onbekende kolom(men) om naar te groeperen: {', '.join(onbekend)}. Kies uit: {', '.join(deelnemers.columns)}.")
    kolommen = _koppeling_kolommen(koppeling)
    sleutel = pd.DataFrame({
        "_gemeente": koppeling[kolommen["gemeente"]].map(gemeentecode),
        "regio": koppeling[kolommen["regio"]].astype(str).str.strip(),
    })
    links = deelnemers.assign(_gemeente=deelnemers[gemeente_kolom])
    op = ["_gemeente"]
    if "jaar" in kolommen:
        sleutel["_jaar"] = pd.array(koppeling[kolommen["jaar"]].map(lambda v: int(float(v))), dtype="Int64")
        links["_jaar"] = links["peiljaar"]
        op.append("_jaar")
    sleutel = sleutel.drop_duplicates(op)
    samen = links.merge(sleutel, on=op, how="left", validate="many_to_one")
    niet = sorted(samen.loc[samen["regio"].isna(), "_gemeente"].dropna().unique())
    if niet:
        waarschuw(
            f"{len(niet)} gemeente(n) uit het DUO-bestand staan niet in de koppeltabel ({', '.join(niet[:10])}"
            f"{' …' if len(niet) > 10 else ''}); hun aantallen staan onder regio 'niet ingedeeld'. Gebruik de regio-indeling "
            "van hetzelfde jaar als de telling."
        )
    samen["regio"] = samen["regio"].fillna("niet ingedeeld")
    uit = som_bereik(samen, ["regio", *naar], gemaskeerd="aantal_gecensureerd").drop(columns="exact").rename(
        columns={"aantal_min": "aantal_ondergrens", "aantal_max": "aantal_bovengrens",
                 "gemaskeerde_cellen": "gecensureerde_cellen"})
    uit.attrs.update({
        "toerekening": toerekening,
        "toerekening_uitleg": f"DUO-deelnemers mbo (telling 1 oktober), {TOEREKENING_UITLEG[toerekening]}.",
        "niet_ingedeeld": niet,
        "bron": deelnemers.attrs.get("bron", ""),
    })
    return uit
