"""What both halves of the table register share (:mod:`werkboek.register` for CBS, :mod:`werkboek.register_duo`
for DUO): its error, the file name and the small readers of required fields and statuses."""

from __future__ import annotations

from werkboek.fouten import WerkboekFout

REGISTER_BESTAND = "tabellen.yaml"
STATUSSEN = ("bevestigd", "afgeleid")


class RegisterFout(WerkboekFout):
    """The table register is missing, unreadable or incomplete."""


def verplicht(gegevens: dict, sleutel: str, waar: str):
    if sleutel not in gegevens or gegevens[sleutel] in (None, ""):
        raise RegisterFout(f"In het tabellenregister ontbreekt '{sleutel}' bij {waar}. Vul het aan in data/{REGISTER_BESTAND}.")
    return gegevens[sleutel]


def status(gegevens: dict, waar: str, standaard: str = "afgeleid") -> str:
    gevonden = str(gegevens.get("status", standaard)).strip().lower()
    if gevonden not in STATUSSEN:
        raise RegisterFout(f"Onbekende status '{gevonden}' bij {waar}; kies uit {', '.join(STATUSSEN)}.")
    return gevonden


def als_tekst(waarde) -> str | None:
    return None if waarde in (None, "") else str(waarde)
