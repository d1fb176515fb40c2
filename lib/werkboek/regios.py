"""The region registry: the 35 arbeidsmarktregio's, read from ``data/regios.csv``.

That file is the single source of truth for codes, official names and file-safe slugs. CBS codes have
gaps (AM04, AM16 and AM31 are not in use), so a region is never addressed by its position in the list.
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

from werkboek import paden
from werkboek.fouten import OnbekendeRegioFout, ProjectFout

REGISTER_BESTAND = "regios.csv"
_CODE_PATROON = re.compile(r"^(?:am)?0*(\d{1,2})$")


@dataclass(frozen=True, order=True)
class Regio:
    """One arbeidsmarktregio as registered."""

    code: str
    naam: str
    slug: str
    omvang_x1000: int
    gemeenten_indicatief: int

    @property
    def nummer(self) -> int:
        return int(self.code[2:])

    @property
    def map_naam(self) -> str:
        """Folder name for this region's outputs: code plus slug, e.g. ``AM01-groningen``."""
        return f"{self.code}-{self.slug}"

    def __str__(self) -> str:
        return f"{self.code} {self.naam}"


def normaliseer(tekst: str) -> str:
    """Lower case, accents removed, only letters and digits kept: 'Zaanstreek/Waterland' -> 'zaanstreekwaterland'."""
    zonder_accenten = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", zonder_accenten.lower())


@functools.lru_cache(maxsize=1)
def alle_regios() -> tuple[Regio, ...]:
    """All registered regions, sorted by code."""
    pad = paden.data_dir() / REGISTER_BESTAND
    try:
        with open(pad, encoding="utf-8", newline="") as bestand:
            rijen = list(csv.DictReader(bestand))
        regios = tuple(
            sorted(
                Regio(
                    code=rij["code"].strip(),
                    naam=rij["naam"].strip(),
                    slug=rij["slug"].strip(),
                    omvang_x1000=int(rij["omvang_x1000"]),
                    gemeenten_indicatief=int(rij["gemeenten_indicatief"]),
                )
                for rij in rijen
            )
        )
    except (OSError, KeyError, ValueError) as fout:
        raise ProjectFout(
            f"Het regioregister {pad} ontbreekt of is beschadigd ({fout}). Herstel het bestand uit git "
            "met 'git checkout data/regios.csv'."
        ) from fout
    _controleer_register(regios, pad)
    return regios


def _controleer_register(regios: tuple[Regio, ...], pad) -> None:
    for veld in ("code", "naam", "slug"):
        waarden = [getattr(r, veld) for r in regios]
        dubbel = sorted({w for w in waarden if waarden.count(w) > 1})
        if dubbel:
            raise ProjectFout(f"Het regioregister {pad} heeft dubbele waarden in kolom '{veld}': {', '.join(dubbel)}.")
    for regio in regios:
        if not re.fullmatch(r"AM\d\d", regio.code) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", regio.slug):
            raise ProjectFout(
                f"Ongeldige regel in het regioregister {pad}: {regio.code!r} / {regio.slug!r}. Een code is 'AM' met "
                "twee cijfers, een slug alleen kleine letters, cijfers en streepjes (geen '/' of '..'): de slug wordt "
                "een mapnaam onder outputs/. Herstel de regel, of haal het bestand terug met "
                "'git checkout data/regios.csv'."
            )


@functools.lru_cache(maxsize=1)
def _index() -> dict[str, Regio]:
    index: dict[str, Regio] = {}
    for regio in alle_regios():
        for sleutel in (regio.code, regio.naam, regio.slug):
            index[normaliseer(sleutel)] = regio
    return index


def zoek_regio(invoer: str | Regio) -> Regio:
    """Return the region meant by a code or name, forgiving about case, accents, spaces and leading zeros.

    Accepted: ``AM01``, ``am1``, `` AM01 ``, ``1``, ``Groningen``, ``groningen``, ``Zaanstreek/Waterland``,
    the slug ``zaanstreek-waterland``. Anything else raises :class:`OnbekendeRegioFout` with a Dutch message
    that suggests the closest match and lists every valid code and name.
    """
    if isinstance(invoer, Regio):
        return invoer
    if not isinstance(invoer, str):
        raise OnbekendeRegioFout(
            f"De regio moet als tekst worden opgegeven, bijvoorbeeld 'AM01' of 'Groningen'; "
            f"u gaf {invoer!r} ({type(invoer).__name__}). Zet de code tussen aanhalingstekens "
            f"(bij papermill: gebruik -r in plaats van -p).\n{_lijst_voor_melding()}"
        )
    sleutel = normaliseer(invoer)
    if not sleutel:
        raise OnbekendeRegioFout(
            f"Er is geen regio opgegeven. Kies een code of naam uit het register.\n{_lijst_voor_melding()}"
        )
    # A code is matched on the input itself, not on the normalised key: '1.5' or '1/5' is no region number.
    code_match = _CODE_PATROON.match(re.sub(r"\s+", "", invoer.lower()))
    if code_match:
        code = f"AM{int(code_match.group(1)):02d}"
        for regio in alle_regios():
            if regio.code == code:
                return regio
    elif sleutel in _index():
        return _index()[sleutel]
    raise OnbekendeRegioFout(
        f"Onbekende arbeidsmarktregio: '{invoer.strip()}'.{_suggestie(invoer)}\n{_lijst_voor_melding()}"
    )


def _suggestie(invoer: str) -> str:
    sleutel = normaliseer(invoer)
    kandidaten = _index()
    beste = difflib.get_close_matches(sleutel, list(kandidaten), n=1, cutoff=0.0)
    if code_match := re.fullmatch(r"(?:am)?0*(\d{1,3})", sleutel):
        nummer = int(code_match.group(1))
        regio = min(alle_regios(), key=lambda r: (abs(r.nummer - nummer), r.nummer))
        return f" Bedoelt u {regio.code} ({regio.naam})? De codes AM04, AM16 en AM31 bestaan niet meer."
    if beste:
        regio = kandidaten[beste[0]]
        return f" Bedoelt u {regio.naam} ({regio.code})?"
    return ""


def _lijst_voor_melding() -> str:
    return "Geldige regio's: " + "; ".join(f"{r.code} {r.naam}" for r in alle_regios()) + "."


def regios_als_tabel() -> list[dict[str, str]]:
    """The registry as rows for printing or export."""
    return [{"code": r.code, "naam": r.naam, "slug": r.slug} for r in alle_regios()]
