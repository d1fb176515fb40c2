"""Shared reading for the importers: file formats, column names with variants, Dutch numbers, layout errors."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from werkboek.fouten import WerkboekFout


class ImportFout(WerkboekFout, ValueError):
    """An import file cannot be read or holds values that cannot be understood."""


class LayoutFout(ImportFout):
    """An import file lacks a column of the documented layout."""


class ImportWaarschuwing(UserWarning):
    """A Dutch warning about an imported file (an ambiguous convention, rows that could not be assigned)."""


warnings.simplefilter("always", ImportWaarschuwing)


def waarschuw(tekst: str) -> None:
    warnings.warn(tekst, ImportWaarschuwing, stacklevel=3)


def normaliseer_kolom(naam: object) -> str:
    """Column names compared without case, accents, and with spaces, dots, hyphens and underscores as one '_'."""
    tekst = unicodedata.normalize("NFKD", str(naam)).encode("ascii", "ignore").decode("ascii").lower().strip()
    return re.sub(r"[\s._\-/()]+", "_", tekst).strip("_")


@dataclass(frozen=True)
class Kolom:
    """One column of a documented layout: the canonical name, accepted variants, whether it is required."""

    naam: str
    varianten: tuple[str, ...] = ()
    verplicht: bool = True
    uitleg: str = ""

    def namen(self) -> tuple[str, ...]:
        return tuple(normaliseer_kolom(n) for n in (self.naam, *self.varianten))


def lees_tabelbestand(pad: str | Path, soort: str) -> pd.DataFrame:
    """Read a CSV (separator ';' or ',' or tab, UTF-8 or Windows-1252) or an Excel file, every cell as text."""
    pad = Path(pad)
    if not pad.is_file():
        raise ImportFout(f"Het {soort}bestand {pad} bestaat niet. Geef het pad naar een CSV- of Excelbestand.")
    if pad.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        try:
            return pd.read_excel(pad, dtype=str, keep_default_na=False)
        except Exception as fout:  # openpyxl raises many kinds of errors for a damaged file
            raise ImportFout(f"Het {soort}bestand {pad} kan niet als Excelbestand worden gelezen ({fout}).") from fout
    ruw = pad.read_bytes()
    for codering in ("utf-8-sig", "cp1252"):
        try:
            tekst = ruw.decode(codering)
            break
        except UnicodeDecodeError:
            continue
    eerste_regel = tekst.splitlines()[0] if tekst.strip() else ""
    if not eerste_regel:
        raise ImportFout(f"Het {soort}bestand {pad} is leeg.")
    scheiding = max((";", ",", "\t"), key=eerste_regel.count)
    try:
        return pd.read_csv(io.StringIO(tekst), sep=scheiding, dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL)
    except pd.errors.ParserError as fout:
        raise ImportFout(f"Het {soort}bestand {pad} is geen geldige CSV ({fout}). Sla het op met ';' als scheidingsteken.") from fout


def zoek_kolommen(frame: pd.DataFrame, layout: tuple[Kolom, ...], soort: str, documentatie: str) -> dict[str, str]:
    """Map canonical names to the file's column names; a missing required column raises :class:`LayoutFout`."""
    per_norm = {}
    for kolom in frame.columns:
        per_norm.setdefault(normaliseer_kolom(kolom), kolom)
    gevonden: dict[str, str] = {}
    for kolom in layout:
        for naam in kolom.namen():
            if naam in per_norm:
                gevonden[kolom.naam] = per_norm[naam]
                break
    ontbrekend = [k for k in layout if k.verplicht and k.naam not in gevonden]
    if ontbrekend:
        raise LayoutFout(
            f"Het {soort}bestand mist de kolom(men) "
            + ", ".join(f"'{k.naam}' (ook goed: {', '.join(k.varianten) or 'geen andere naam'})" for k in ontbrekend)
            + f". Gevonden kolommen: {', '.join(map(str, frame.columns)) or 'geen'}.\n"
            + beschrijf_layout(layout, documentatie)
        )
    return gevonden


def beschrijf_layout(layout: tuple[Kolom, ...], documentatie: str) -> str:
    regels = [f"Verwachte indeling (zie {documentatie}):"]
    for kolom in layout:
        regels.append(f"  - {kolom.naam}{'' if kolom.verplicht else ' (optioneel)'}: {kolom.uitleg}")
    return "\n".join(regels)


def lees_getal(tekst: str) -> float | None:
    """A number written the Dutch or the English way: '1.234' and '1.234,5' (Dutch thousands), '12,5', '12.5'.

    Returns None for text that is not a number. A dot followed by exactly three digits is read as a thousands
    separator (Dutch files), so '1.234' is 1234.
    """
    tekst = str(tekst).strip().replace("\u00a0", "").replace(" ", "")
    if not tekst:
        return None
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", tekst) or "," in tekst:
        tekst = tekst.replace(".", "").replace(",", ".")
    try:
        return float(tekst)
    except ValueError:
        return None


def gemeentecode(waarde: object) -> str | None:
    """'GM0363', '0363', '363', 363 and 'gm363' all become 'GM0363'; anything else None."""
    tekst = str(waarde).strip().upper()
    match = re.fullmatch(r"(?:GM)?0*(\d{1,4})(?:\.0)?", tekst)
    return f"GM{int(match.group(1)):04d}" if match else None


def fouten_melding(soort: str, pad: str | Path, problemen: list[str], uitleg: str, wat: str = "onleesbare waarden") -> ImportFout:
    getoond = problemen[:8]
    meer = f" (en nog {len(problemen) - 8})" if len(problemen) > 8 else ""
    return ImportFout(f"Het {soort}bestand {pad} heeft {wat}: {'; '.join(getoond)}{meer}. {uitleg}")
