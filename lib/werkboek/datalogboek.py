"""The data log ``docs/datalogboek.md``, generated from the table register ``data/tabellen.yaml``.

The register is where users record table ids; the log is the readable account of it (source, table id,
classification year, what is counted, place of work or residence, licence, confirmed or inferred, and what the
workbook resolves from the table's own metadata). Generating it
keeps the two from drifting apart: ``werkboek workshop maak`` rewrites it and a test fails when it is stale.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from werkboek import paden

LICENTIE = "CC BY 4.0, Bron: CBS"
STATLINE = "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/{id}/table"

_INLEIDING = """\
# Datalogboek

> Dit bestand wordt gemaakt door `werkboek workshop maak` uit `data/tabellen.yaml`. Wijzig het register en
> maak het logboek opnieuw; bewerk dit bestand niet met de hand (een test bewaakt dat het klopt).

Dit logboek zegt van elke tabel die het werkboek gebruikt: waar hij vandaan komt, wat hij telt en of het
tabel-id is nagekeken. De CBS-tabellen zijn open data van het CBS onder licentie CC BY 4.0. Zet bij elk
cijfer dat u overneemt "Bron: CBS", met het tabel-id en de periode. De DUO-bestanden (onderaan) komen van het
open-dataportaal van DUO; de licentie staat per dataset in het portaal en in de bronregel (DUO zegt in zijn
veelgestelde vragen dat een CC0-verklaring geldt). Zet bij elk DUO-cijfer "Bron: DUO" met de dataset en de
datum van het bestand.

**Periode.** De periode staat niet in het register, omdat die afhangt van wat het CBS op het moment van
ophalen publiceert. Elke figuur en tabel in de rapporten noemt de periode in de bronregel eronder, en
`werkboek data status` laat per tabel zien wanneer hij is opgehaald en wanneer het CBS hem voor het laatst
wijzigde. Cijfers met `*` zijn voorlopig, met `**` nader voorlopig.

**Status.** Elk id, elke key en elke titel in het register is *bevestigd* (gezien in echte CBS-metadata of
-data: een StatLine-pagina of een echte download) of *afgeleid* (uit zustertabellen of openbare code). Een
afgeleide key gebruikt het werkboek alleen als de tabel zelf hem bevestigt. Wat niet als feit in het register
staat, zoekt het werkboek bij het ophalen in de metadata van de tabel zelf (groepspad, bekende CBS-keys,
titelregels); lukt dat niet eenduidig, dan stopt het met een melding. De kolom "bron" noemt waar de feiten
vandaan komen.

**Alleen wat nodig is.** Het werkboek vraagt van elke tabel alleen het deel op dat het gebruikt (een `$filter`
op categorieën, gemeenten en jaren vanaf het eerste jaar in het register); `werkboek data status` toont per
tabel welk deel en met welke filters.

**Demodata.** Met bron `demo` gebruikt het werkboek synthetische cijfers in de vorm van deze tabellen. Die
cijfers zijn niet echt; elke figuur draagt dan het merk "demodata (synthetisch)".
"""

_SLOT = """\
## Bronnen buiten CBS en DUO

Prognoses van uitbreidingsvraag, vervangingsvraag en baanopeningen per regio (ROA, ArbeidsmarktInZicht) en
gegevens per opleiding van SBB zijn niet vrij op te halen. Het werkboek leest ze alleen in als u ze zelf
als bestand aanlevert. Noteer zo'n bestand hieronder met bron, datum van ontvangst, periode en de
voorwaarden voor gebruik, en zet het register of de catalogus dan bij. (Dit deel staat in de generator,
`lib/werkboek/datalogboek.py`; voeg daar een vaste regel toe als uw regio een vaste externe bron gebruikt.)
"""


def logboekpad() -> Path:
    return paden.project_root() / "docs" / "datalogboek.md"


def lees_tabellenregister(sectie: str = "themas") -> dict:
    """One section of the register as plain data, exactly as written in ``data/tabellen.yaml``."""
    gegevens = yaml.safe_load((paden.data_dir() / "tabellen.yaml").read_text(encoding="utf-8"))
    deel = gegevens.get(sectie) if isinstance(gegevens, dict) else None
    return dict(deel) if isinstance(deel, dict) else {}


def _duo_deel(bestanden: dict, themas: dict) -> list[str]:
    """The DUO files and the DUO themes of the register, for the log."""
    if not bestanden:
        return []
    regels = ["## DUO open onderwijsdata", "",
              "Het werkboek haalt deze bestanden op van onderwijsdata.duo.nl (CKAN: dataset -> bestanden op id, met het "
              "naampatroon als terugval voor een nieuw jaarbestand). DUO telt op de vestiging van de instelling; "
              "kleine aantallen (1 tot en met 4) staan als -1 en worden een bereik.", "",
              "| DUO-bestand | dataset | bestanden (id) | plaats | eenheid |", "|---|---|---|---|---|"]
    for naam, spec in bestanden.items():
        ids = ", ".join(f"`{r.get('id')}`" + (f" ({r.get('jaar') or r.get('deel')})" if r.get("jaar") or r.get("deel")
                                              else "") for r in spec.get("resources") or [])
        regels.append(f"| {naam} | {_cel((spec.get('dataset') or {}).get('naam'))} | {ids} | {_cel(spec.get('plaats'))} "
                      f"| {_cel(spec.get('eenheid'))} |")
    regels.append("")
    for naam, spec in bestanden.items():
        regels += [f"### {naam}: {_cel(spec.get('titel'))}", "", _cel(spec.get("omschrijving")), "",
                   f"- Kolommen: {', '.join(spec.get('kolommen') or [])}.", f"- Afscherming: {_cel(spec.get('maskering'))}"]
        if spec.get("bron"):
            regels.append(f"- Bron van de feiten: {_cel(spec.get('bron'))}.")
        regels.append("")
    for naam, thema in themas.items():
        regels += [f"### Thema {naam}: {_cel(thema.get('titel'))}", "", _cel(thema.get("omschrijving")), "",
                   f"- Uit de DUO-bestanden {', '.join(thema.get('bestanden') or [])}; plaats: "
                   f"{_cel(thema.get('plaats'))}; telt: {_cel(thema.get('eenheid_telling'))}.", ""]
    return regels


def _cel(waarde) -> str:
    return str(waarde if waarde not in (None, "") else "–").replace("|", "\\|").replace("\n", " ").strip()


def _zoekwijze(spec: dict) -> str:
    delen = []
    if spec.get("key"):
        delen.append(f"key `{spec['key']}`")
    if spec.get("titel"):
        titels = spec["titel"] if isinstance(spec["titel"], list) else [spec["titel"]]
        delen.append("titel " + " / ".join(f"'{t}'" for t in titels))
    if spec.get("groep"):
        delen.append(f"in de groep '{spec['groep']}'")
    return (", ".join(delen) or "via de metadata") + f" ({spec.get('status', 'bevestigd')})"


def maak_datalogboek(themas: dict | None = None, duo: dict | None = None, duo_themas: dict | None = None) -> str:
    """The text of ``docs/datalogboek.md`` for the given register sections (default: the project's register)."""
    themas = lees_tabellenregister() if themas is None else themas
    duo = lees_tabellenregister("duo") if duo is None else duo
    duo_themas = lees_tabellenregister("duo_themas") if duo_themas is None else duo_themas
    regels = [_INLEIDING, "## Overzicht", ""]
    regels.append("| thema | tabel-id | regio-indeling | telt | plaats | eenheid | licentie | id |")
    regels.append("|---|---|---|---|---|---|---|---|")
    for naam, thema in themas.items():
        for tabel in thema.get("tabellen") or []:
            tabel_id = _cel(tabel.get("id"))
            regels.append(
                f"| {naam} | [{tabel_id}]({STATLINE.format(id=tabel_id)}) | {_cel(tabel.get('indeling'))} "
                f"| {_cel(thema.get('eenheid_telling'))} | {_cel(thema.get('plaats'))} | {_cel(thema.get('eenheid'))} "
                f"| {LICENTIE} | {_cel(tabel.get('status', 'afgeleid'))} |"
            )
    regels.append("")
    for naam, thema in themas.items():
        regels += [f"## {naam}: {_cel(thema.get('titel'))}", "", _cel(thema.get("omschrijving")), ""]
        regels.append(
            f"- Niveau: {_cel(thema.get('niveau'))}; telt: {_cel(thema.get('eenheid_telling'))}; "
            f"plaats: {_cel(thema.get('plaats'))}; frequentie: {_cel(thema.get('frequentie'))}."
        )
        if thema.get("bron"):
            regels.append(f"- Bron van de feiten: {_cel(thema.get('bron'))}.")
        for tabel in thema.get("tabellen") or []:
            opmerking = f" Opmerking: {_cel(tabel.get('opmerking'))}." if tabel.get("opmerking") else ""
            regels.append(
                f"- Tabel {_cel(tabel.get('id'))} (regio-indeling {_cel(tabel.get('indeling'))}), id "
                f"{_cel(tabel.get('status', 'afgeleid'))}.{opmerking}"
            )
        for dim, spec in (thema.get("vast") or {}).items():
            regels.append(f"- {dim} staat vast op het totaal (key `{spec.get('key')}`).")
        for dim, spec in (thema.get("optellen") or {}).items():
            regels.append(f"- {dim} heeft geen totaal; het werkboek telt {', '.join(map(str, spec.get('keys') or []))} op.")
        for onderwerp, spec in (thema.get("onderwerpen") or {}).items():
            regels.append(f"- Onderwerp {onderwerp}: {_cel(_zoekwijze(spec))}, eenheid {_cel(spec.get('eenheid'))}.")
        regels.append("")
    regels += _duo_deel(duo, duo_themas)
    regels.append(_SLOT)
    return "\n".join(regels)
