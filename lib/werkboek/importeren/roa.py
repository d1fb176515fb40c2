"""Import ROA labour market projections exported from AIS (ROA) or ArbeidsmarktInZicht.

ROA publishes its projections per arbeidsmarktregio only through AIS and ArbeidsmarktInZicht, on request. The
workbook reads such an export in this documented layout (Dutch version for users: docs/importeren.md). One
row per region x classification x edition; CSV with ';' (or ',' or tab) or an Excel file; column names are
matched without case and accents, with the variants in :data:`ROA_LAYOUT`.

    regio                     arbeidsmarktregio code or name ('AM01', 'Groningen'), or 'Nederland'
    editie                    projection period '2023-2028' (or two columns beginjaar and eindjaar)
    beroepsklasse | opleidingsniveau | opleiding | sector    at least one of these classifications
    uitbreidingsvraag         demand from growth over the period (negative when employment shrinks)
    vervangingsvraag          demand to replace people who leave (never negative)
    baanopeningen             uitbreidingsvraag (only when positive) + vervangingsvraag
    instroom_schoolverlaters  expected school-leavers entering the labour market over the period
    eenheid                   (optional) e.g. 'personen' or 'x 1 000'

At least one of the four measures must be present; empty cells mean "not given". Numbers may be written the
Dutch way ('1.234,5'). Where uitbreidingsvraag, vervangingsvraag and baanopeningen are all given, the importer
checks baanopeningen = max(uitbreidingsvraag, 0) + vervangingsvraag (within rounding); where baanopeningen is
missing but both parts are given, it is computed and marked ``baanopeningen_berekend``.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from werkboek.fouten import OnbekendeRegioFout
from werkboek.importeren._lezen import (
    Kolom,
    LayoutFout,
    beschrijf_layout,
    fouten_melding,
    lees_getal,
    lees_tabelbestand,
    waarschuw,
    zoek_kolommen,
)
from werkboek.regios import normaliseer, zoek_regio

DOCUMENTATIE = "docs/importeren.md"
INDELINGEN = ("beroepsklasse", "opleidingsniveau", "opleiding", "sector")
MATEN = ("uitbreidingsvraag", "vervangingsvraag", "baanopeningen", "instroom_schoolverlaters")

ROA_LAYOUT = (
    Kolom("regio", ("arbeidsmarktregio", "regiocode", "regio code", "regionaam", "regio naam", "gebied"),
          uitleg="code of naam van de arbeidsmarktregio ('AM01', 'Groningen') of 'Nederland'"),
    Kolom("editie", ("prognoseperiode", "prognose periode", "periode", "projectieperiode"), verplicht=False,
          uitleg="prognoseperiode, bijvoorbeeld '2023-2028' (of de kolommen beginjaar en eindjaar)"),
    Kolom("beginjaar", ("startjaar", "van"), verplicht=False, uitleg="eerste jaar van de periode (als er geen kolom editie is)"),
    Kolom("eindjaar", ("tot", "tot en met"), verplicht=False, uitleg="laatste jaar van de periode (als er geen kolom editie is)"),
    Kolom("beroepsklasse", ("beroepssegment", "beroepsgroep", "beroep", "brc beroepsklasse"), verplicht=False,
          uitleg="beroepsklasse (BRC); minstens één van beroepsklasse, opleidingsniveau, opleiding, sector"),
    Kolom("opleidingsniveau", ("onderwijsniveau", "niveau"), verplicht=False, uitleg="opleidingsniveau, bijvoorbeeld 'mbo 4'"),
    Kolom("opleiding", ("opleidingstype", "opleidingscategorie", "opleidingsrichting", "opleidingsdomein"), verplicht=False,
          uitleg="opleidingstype of -richting"),
    Kolom("sector", ("bedrijfstak", "bedrijfssector"), verplicht=False, uitleg="sector of bedrijfstak"),
    Kolom("uitbreidingsvraag", ("uitbreiding",), verplicht=False, uitleg="uitbreidingsvraag over de periode (negatief bij krimp)"),
    Kolom("vervangingsvraag", ("vervanging",), verplicht=False, uitleg="vervangingsvraag over de periode (nooit negatief)"),
    Kolom("baanopeningen", ("totale vraag", "baanopeningen totaal"), verplicht=False,
          uitleg="baanopeningen = positieve uitbreidingsvraag + vervangingsvraag"),
    Kolom("instroom_schoolverlaters", ("instroom schoolverlaters", "schoolverlaters", "instroom van schoolverlaters"), verplicht=False,
          uitleg="verwachte instroom van schoolverlaters over de periode"),
    Kolom("eenheid", (), verplicht=False, uitleg="eenheid van de aantallen, bijvoorbeeld 'personen'"),
)


def _editie(tekst: str) -> tuple[int, int] | None:
    jaren = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", str(tekst))
    if len(jaren) == 2 and int(jaren[0]) < int(jaren[1]):
        return int(jaren[0]), int(jaren[1])
    return None


def _regio(tekst: str) -> tuple[str, str] | None:
    if normaliseer(tekst) in ("nederland", "nl", "nl01", "totaalnederland"):
        return "NL", "Nederland"
    try:
        regio = zoek_regio(str(tekst).replace("(AM)", ""))
    except OnbekendeRegioFout:
        return None
    return regio.code, regio.naam


def lees_roa_prognoses(pad: str | Path, *, controleer: bool = True) -> pd.DataFrame:
    """Read an AIS / ArbeidsmarktInZicht export (layout in the module doc) into one row per line.

    Columns: regio ('AM01' or 'NL'), regio_naam, editie ('2023-2028'), beginjaar, eindjaar, the classification
    columns found, the four measures as floats (NaN when not given), baanopeningen_berekend, baanopeningen_afwijking
    (given minus computed, NaN when not both given) and regel. With ``controleer`` (default) a baanopeningen
    that does not equal max(uitbreidingsvraag, 0) + vervangingsvraag within rounding raises :class:`ImportFout`;
    without it the rows are kept and a warning names them.
    """
    pad = Path(pad)
    ruw = lees_tabelbestand(pad, "ROA-")
    kolommen = zoek_kolommen(ruw, ROA_LAYOUT, "ROA-", DOCUMENTATIE)
    if "editie" not in kolommen and not {"beginjaar", "eindjaar"} <= set(kolommen):
        raise LayoutFout(
            f"Het ROA-bestand {pad.name} mist de kolom 'editie' (bijvoorbeeld '2023-2028') of de kolommen 'beginjaar' en "
            f"'eindjaar'. Gevonden kolommen: {', '.join(map(str, ruw.columns))}.\n{beschrijf_layout(ROA_LAYOUT, DOCUMENTATIE)}"
        )
    indelingen = [k for k in INDELINGEN if k in kolommen]
    maten = [k for k in MATEN if k in kolommen]
    for ontbreekt, namen in (("een indeling", INDELINGEN), ("een maat", MATEN)):
        if not [k for k in namen if k in kolommen]:
            raise LayoutFout(
                f"Het ROA-bestand {pad.name} mist {ontbreekt}: geen van de kolommen {', '.join(namen)} is gevonden. "
                f"Gevonden kolommen: {', '.join(map(str, ruw.columns))}.\n{beschrijf_layout(ROA_LAYOUT, DOCUMENTATIE)}"
            )
    regels = pd.Series(ruw.index + 2, index=ruw.index)
    problemen: list[str] = []

    def tekst(naam: str) -> pd.Series:
        return ruw[kolommen[naam]].astype("string").str.strip()

    regio = tekst("regio").map(_regio)
    for i in regio[regio.isna()].index:
        problemen.append(f"regel {regels[i]}: regio '{tekst('regio')[i]}' is geen arbeidsmarktregio")
    if "editie" in kolommen:
        editie = tekst("editie").map(_editie)
        bron_editie = tekst("editie")
    else:
        editie = pd.Series([_editie(f"{b}-{e}") for b, e in zip(tekst("beginjaar"), tekst("eindjaar"))], index=ruw.index)
        bron_editie = tekst("beginjaar") + "-" + tekst("eindjaar")
    for i in editie[editie.isna()].index:
        problemen.append(f"regel {regels[i]}: editie '{bron_editie[i]}' (verwacht bijvoorbeeld '2023-2028')")
    waarden: dict[str, pd.Series] = {}
    for maat in maten:
        cellen = tekst(maat).fillna("")
        getallen = cellen.map(lees_getal)
        for i in getallen[getallen.isna() & (cellen != "")].index:
            problemen.append(f"regel {regels[i]}: {maat} '{cellen[i]}' is geen getal")
        waarden[maat] = getallen.astype(float)
    if "vervangingsvraag" in waarden:
        for i in waarden["vervangingsvraag"][waarden["vervangingsvraag"] < 0].index:
            problemen.append(f"regel {regels[i]}: vervangingsvraag {waarden['vervangingsvraag'][i]:g} is negatief")
    if problemen:
        raise fouten_melding("ROA-", pad, problemen, f"Verbeter deze cellen (indeling: {DOCUMENTATIE}). Er is niets ingelezen.")

    uit = pd.DataFrame({
        "regio": regio.map(lambda r: r[0]).astype("string"),
        "regio_naam": regio.map(lambda r: r[1]).astype("string"),
        "editie": editie.map(lambda e: f"{e[0]}-{e[1]}").astype("string"),
        "beginjaar": pd.array(editie.map(lambda e: e[0]), dtype="Int64"),
        "eindjaar": pd.array(editie.map(lambda e: e[1]), dtype="Int64"),
    })
    for indeling in indelingen:
        uit[indeling] = tekst(indeling)
    for maat in MATEN:
        uit[maat] = waarden.get(maat, pd.Series(np.nan, index=ruw.index))
    berekend = (np.maximum(uit["uitbreidingsvraag"], 0) + uit["vervangingsvraag"])
    uit["baanopeningen_afwijking"] = uit["baanopeningen"] - berekend
    uit["baanopeningen_berekend"] = uit["baanopeningen"].isna() & berekend.notna()
    uit["baanopeningen"] = uit["baanopeningen"].fillna(berekend)
    uit["eenheid"] = tekst("eenheid") if "eenheid" in kolommen else pd.Series(pd.NA, index=ruw.index, dtype="string")
    uit["regel"] = pd.array(regels, dtype="Int64")
    marge = np.maximum(1.0, 0.01 * berekend.abs())
    fout = uit["baanopeningen_afwijking"].abs() > marge
    if fout.any():
        lijst = [
            f"regel {uit['regel'][i]}: baanopeningen {uit['baanopeningen'][i]:g}, maar max(uitbreidingsvraag, 0) + "
            f"vervangingsvraag = {berekend[i]:g}"
            for i in uit.index[fout]
        ]
        if controleer:
            raise fouten_melding(
                "ROA-", pad, lijst,
                "Baanopeningen moeten gelijk zijn aan de positieve uitbreidingsvraag plus de vervangingsvraag. Controleer of "
                "de kolommen goed benoemd zijn (bijvoorbeeld 'totale vraag' voor baanopeningen) en of alle maten dezelfde "
                "eenheid en periode hebben, of lees met controleer=False om de regels te bewaren met een waarschuwing.",
                wat="baanopeningen die niet kloppen",
            )
        waarschuw(f"ROA-bestand {pad.name}: baanopeningen wijken af van de som in {len(lijst)} regel(s): {'; '.join(lijst[:5])}.")
    uit.attrs.update({"bron": str(pad), "indelingen": indelingen, "maten": maten})
    return uit
