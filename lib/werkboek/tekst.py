"""Dutch notation for numbers and the fixed words every table and chart uses.

Formatting is locale-independent on purpose: a municipal laptop may run with an English or C locale, and
the figures must still read ``1.234,5`` and ``−3,0%``. Missing values are written as words, never as 0.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MIN = "\u2212"  # the typographic minus sign; a hyphen reads as a dash in Dutch text
ONBEKEND = "onbekend"
# The source line of synthetic data: "Bron: <DEMO_BRON> CBS-tabel 83582NED, 2015–2024<DEMO_STAART>"
DEMO_BRON = "demodata (synthetisch) naar model van"
DEMO_STAART = " — geen echte cijfers"

# The three education levels that both columns of the duiding share. Open data on the work side has only these
# (CBS's "1 Basisonderwijs, vmbo, mbo1 / 2 Havo, vwo, mbo2-4 / 3 Hbo, wo"); the supply side is counted in more
# detail and mapped onto them: entree (mbo 1) -> laag, mbo 2-4 -> middelbaar, hbo and wo -> hoog.
ONDERWIJSNIVEAUS = ("laag", "middelbaar", "hoog")
AANBODNIVEAUS = ("entree", "mbo_2", "mbo_3", "mbo_4", "hbo", "wo")
NIVEAU_VAN_AANBOD = {"entree": "laag", "mbo_2": "middelbaar", "mbo_3": "middelbaar", "mbo_4": "middelbaar",
                     "hbo": "hoog", "wo": "hoog"}
NIVEAUINDELING = (
    "Onderwijsniveaus zoals CBS ze indeelt: laag = basisonderwijs, vmbo en mbo 1 (entree); middelbaar = havo, vwo "
    "en mbo 2 tot en met 4; hoog = hbo en wo. Het aanbod (studenten) is in meer detail geteld en zo ingedeeld: "
    "entree → laag; mbo 2, 3 en 4 → middelbaar; hbo en wo → hoog."
)
ONDERWIJSNIVEAU_LABELS = {
    "laag": "laag",
    "middelbaar": "middelbaar",
    "hoog": "hoog",
    "entree": "mbo entree",
    "mbo_2": "mbo 2",
    "mbo_3": "mbo 3",
    "mbo_4": "mbo 4",
    "mbo_totaal": "mbo (alle niveaus)",
    "hbo": "hbo",
    "wo": "wo",
    "totaal": "alle niveaus",
    "alle": "alle niveaus",
    "onderwijs_laag": "laag",
    "onderwijs_middelbaar": "middelbaar",
    "onderwijs_hoog": "hoog",
}
# Every figure says what it counts and where: jobs at the place of work, or persons at their place of residence.
BANEN_WERKPLAATS = "banen (werkplaats)"
PERSONEN_WOONPLAATS = "personen (woonplaats)"
STUDENTEN_WOONPLAATS = "studenten (woonplaats van de student)"


def is_leeg(waarde) -> bool:
    """True for None, NaN and pandas' NA: a value that is not known."""
    if waarde is None:
        return True
    try:
        return bool(waarde != waarde) or (isinstance(waarde, float) and math.isnan(waarde))
    except (TypeError, ValueError):  # pandas.NA refuses bool()
        return True


def getal(waarde, decimalen: int = 1, teken: bool = False, leeg: str = ONBEKEND) -> str:
    """``1234.5`` -> ``'1.234,5'``; ``teken=True`` adds ``+`` to positive numbers; missing -> ``leeg``."""
    if is_leeg(waarde):
        return leeg
    if not isinstance(waarde, numbers.Real):
        raise TypeError(f"geen getal: {waarde!r}")
    # Half away from zero on the shortest decimal form, as people round (Python's round() would give 1234 for
    # 1234.5 and 2.67 for 2.675).
    try:
        afgerond = float(Decimal(repr(float(waarde))).quantize(Decimal(1).scaleb(-decimalen), rounding=ROUND_HALF_UP))
    except InvalidOperation:  # beyond decimal's precision (or inf): no rounding question left
        afgerond = float(waarde)
    if afgerond == 0:
        afgerond = 0.0  # no "−0,0"
    tekst = f"{abs(afgerond):,.{decimalen}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if afgerond < 0:
        return MIN + tekst
    return ("+" + tekst) if teken and afgerond > 0 else tekst


def procent(waarde, decimalen: int = 1, teken: bool = False, leeg: str = ONBEKEND) -> str:
    """A value already in percent (``2.1``) -> ``'2,1%'`` (``'+2,1%'`` with ``teken``)."""
    if is_leeg(waarde):
        return leeg
    return getal(waarde, decimalen, teken) + "%"


def procentpunt(waarde, decimalen: int = 1, leeg: str = ONBEKEND) -> str:
    """A difference of two percentages: ``3.2`` -> ``'+3,2 procentpunt'``."""
    if is_leeg(waarde):
        return leeg
    return getal(waarde, decimalen, teken=True) + " procentpunt"


def aantal(waarde, eenheid: str = "", leeg: str = ONBEKEND) -> str:
    """A level in its published unit: ``(12.3, 'x 1 000')`` -> ``'12,3 duizend'``; counts without decimals."""
    if is_leeg(waarde):
        return leeg
    if eenheid == "x 1 000":
        return getal(waarde, 1) + " duizend"
    return getal(waarde, 0)


def met_eenheid(waarde, eenheid: str, leeg: str = ONBEKEND) -> str:
    """A key figure with its unit: ``'%'`` -> ``'5,5%'``, ``'x 1 000'`` -> ``'315,3 duizend'``, counts whole."""
    if eenheid == "%":
        return procent(waarde, leeg=leeg)
    return aantal(waarde, eenheid, leeg=leeg)


def tiental(waarde, op: int = 10, leeg: str = ONBEKEND) -> str:
    """A count no more precise than its source: ``1234`` -> ``'1.230'`` (to tens, half away from zero)."""
    if is_leeg(waarde):
        return leeg
    afgerond = float(Decimal(repr(float(waarde)) if not isinstance(waarde, Decimal) else waarde)
                     .scaleb(-len(str(op)) + 1).quantize(Decimal(1), rounding=ROUND_HALF_UP).scaleb(len(str(op)) - 1))
    return getal(afgerond, 0)


def bereik(onder, boven, leeg: str = ONBEKEND) -> str:
    """A count known as a range (masked small cells): ``(2340, 2352)`` -> ``'2.340 tot 2.352'``; one number when
    both ends agree."""
    if is_leeg(onder) or is_leeg(boven):
        return leeg
    if float(onder) == float(boven):
        return getal(onder, 0)
    return f"{getal(onder, 0)} tot {getal(boven, 0)}"


def lijst(delen) -> str:
    """``['a', 'b', 'c']`` -> ``'a, b en c'``."""
    delen = [str(d) for d in delen if d]
    if not delen:
        return ""
    if len(delen) == 1:
        return delen[0]
    return ", ".join(delen[:-1]) + " en " + delen[-1]


def periode(beginjaar, eindjaar, eind_voorlopig: bool = False) -> str:
    """``(2018, 2023, True)`` -> ``'2018–2023*'``: the star marks a provisional figure, as CBS does."""
    ster = "*" if eind_voorlopig else ""
    if is_leeg(beginjaar) or beginjaar == eindjaar:
        return f"{int(eindjaar)}{ster}"
    return f"{int(beginjaar)}–{int(eindjaar)}{ster}"


def niveau_label(onderwijsniveau: str) -> str:
    return ONDERWIJSNIVEAU_LABELS.get(onderwijsniveau, onderwijsniveau)


def ontwikkeling(groei_procent, drempel: float = 0.5) -> str:
    """The verb for a yearly growth rate: 'groeit', 'daalt' or 'blijft gelijk' (within ± ``drempel`` %)."""
    if is_leeg(groei_procent):
        return "onbekend"
    if groei_procent > drempel:
        return "groeit"
    if groei_procent < -drempel:
        return "daalt"
    return "blijft gelijk"


def markdown_tabel(rijen: list[dict], kolommen: list[str] | None = None) -> str:
    """A list of dicts as a markdown table (pipes in cells escaped); no extra dependency needed."""
    if not rijen:
        return ""
    kolommen = kolommen or list(rijen[0])

    def cel(waarde) -> str:
        if isinstance(waarde, float):
            waarde = getal(waarde)
        return str("" if waarde is None else waarde).replace("|", "\\|").replace("\n", " ")

    regels = ["| " + " | ".join(kolommen) + " |", "|" + "---|" * len(kolommen)]
    regels += ["| " + " | ".join(cel(r.get(k)) for k in kolommen) + " |" for r in rijen]
    return "\n".join(regels)


def datum(iso, met_tijd: bool = False, leeg: str = ONBEKEND) -> str:
    """An ISO date or time in Dutch notation: ``'2026-11-28T07:21:25+00:00'`` -> ``'28-11-2026'`` (with
    ``met_tijd``: ``'28-11-2026 07:21 UTC'``). Unreadable text is returned as it is; nothing gives ``leeg``.
    The one Dutch date formatter of the workbook."""
    if iso is None or str(iso) == "":
        return leeg
    try:
        moment = dt.datetime.fromisoformat(str(iso))
    except (TypeError, ValueError):
        return str(iso)
    return moment.strftime("%d-%m-%Y %H:%M UTC" if met_tijd else "%d-%m-%Y")
