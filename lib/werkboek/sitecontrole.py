"""``werkboek sitecontrole``: check a built report site the way a reader meets it.

Every link and image in the index and the reports must resolve on disk (the site opens from ``file://`` without a
server), nothing may point outside, the reports store no picture or stylesheet of their own (they link the PNG in
the region's folder and the site's one ``werkboek.css``), and a real headless Chromium opens the index, one
region's reports and the comparison without console errors. Screenshots go to ``outputs/schermafdrukken/`` so a
person can look at them.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from werkboek import paden

CHROMIUM_VLAGGEN = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-logging=stderr", "--v=0", "--hide-scrollbars",
)


class _Verwijzingen(HTMLParser):
    def __init__(self):
        super().__init__()
        self.adressen: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.adressen += [waarde for naam, waarde in attrs if naam in ("href", "src") and waarde is not None]


def verwijzingen(pagina: Path) -> list[str]:
    """Every href and src on a page."""
    lezer = _Verwijzingen()
    lezer.feed(Path(pagina).read_text(encoding="utf-8"))
    return lezer.adressen


def alle_paginas(uitvoer: Path) -> list[Path]:
    uitvoer = Path(uitvoer)
    return [uitvoer / "index.html", *sorted(uitvoer.glob("regios/*/*.html")), *sorted(uitvoer.glob("mislukt/*/*.html")),
            *sorted(uitvoer.glob("vergelijking/*.html"))]


def controleer_links(uitvoer: Path) -> tuple[int, list[str]]:
    """(number of local links checked, problems): external addresses and links that do not resolve on disk."""
    uitvoer = Path(uitvoer)
    problemen, gecontroleerd = [], 0
    for pagina in alle_paginas(uitvoer):
        if not pagina.is_file():
            problemen.append(f"{pagina.relative_to(uitvoer)} ontbreekt")
            continue
        for adres in verwijzingen(pagina):
            delen = urlsplit(adres)
            if (delen.scheme and delen.scheme != "data") or adres.startswith("//"):
                problemen.append(f"{pagina.relative_to(uitvoer)}: extern adres {adres}")
                continue
            if delen.scheme == "data" or not delen.path:
                continue  # embedded image or an anchor within the page
            if not (pagina.parent / unquote(delen.path)).resolve().exists():
                problemen.append(f"{pagina.relative_to(uitvoer)}: {adres} bestaat niet")
            gecontroleerd += 1
    return gecontroleerd, problemen


MAX_INLINE_CSS = 20_000  # characters of <style> a page may carry; the shared stylesheet holds the rest


def controleer_gewicht(uitvoer: Path) -> list[str]:
    """Problems with the weight of the report pages of ``regios/`` and ``vergelijking/``: a picture embedded as
    base64 instead of linked, or the stylesheet inlined instead of linked. (Pages in ``mislukt/`` keep everything
    in the page: the failing notebook had no finished folder to link to.)"""
    import re

    uitvoer = Path(uitvoer)
    problemen = []
    for pagina in [*sorted(uitvoer.glob("regios/*/*.html")), *sorted(uitvoer.glob("vergelijking/*.html"))]:
        tekst = pagina.read_text(encoding="utf-8")
        ingebed = len(re.findall(r"""src=["']data:image/""", tekst))
        if ingebed:
            problemen.append(f"{pagina.relative_to(uitvoer)}: {ingebed} afbeelding(en) ingebed in de pagina in plaats "
                             "van gelinkt")
        stijl = sum(len(deel) for deel in re.findall(r"<style[^>]*>(.*?)</style>", tekst, flags=re.S))
        if stijl > MAX_INLINE_CSS:
            problemen.append(f"{pagina.relative_to(uitvoer)}: {stijl // 1000} KB CSS in de pagina in plaats van de "
                             "gedeelde werkboek.css")
    return problemen


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def open_in_chromium(pagina: Path, profiel: Path, *opties: str, programma: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [programma or chromium(), *CHROMIUM_VLAGGEN, f"--user-data-dir={profiel}", *opties, Path(pagina).resolve().as_uri()],
        capture_output=True, text=True, timeout=120,
    )


def console_meldingen(stderr: str) -> list[str]:
    """Console messages and page errors from Chromium's log (the pages have no scripts, so any is wrong)."""
    return [regel for regel in stderr.splitlines() if ":CONSOLE" in regel or "Uncaught" in regel]


def te_bekijken_paginas(uitvoer: Path) -> dict[str, Path]:
    """The index, the reports of the first region that has them, and the comparison."""
    uitvoer = Path(uitvoer)
    paginas = {"index": uitvoer / "index.html"}
    eerste = next(iter(sorted(p for p in (uitvoer / "regios").glob("*") if any(p.glob("*.html")))), None)
    if eerste is not None:
        paginas.update({f"{eerste.name}_{p.stem}": p for p in sorted(eerste.glob("*.html"))})
    paginas.update({p.stem: p for p in sorted((uitvoer / "vergelijking").glob("*.html"))})
    return paginas


def controleer_in_browser(uitvoer: Path, schermafdrukken: Path) -> tuple[list[Path], list[str]]:
    """Open the pages in headless Chromium; (screenshots written, problems)."""
    programma = chromium()
    if programma is None:
        return [], ["Chromium is niet geïnstalleerd: installeer het (Debian: apt-get install chromium) en controleer opnieuw."]
    schermafdrukken.mkdir(parents=True, exist_ok=True)
    fotos, problemen = [], []
    with tempfile.TemporaryDirectory(prefix="werkboek-chromium-") as profielen:
        for naam, pagina in te_bekijken_paginas(uitvoer).items():
            dom = open_in_chromium(pagina, Path(profielen) / f"dom-{naam}", "--dump-dom", programma=programma)
            if dom.returncode != 0:
                problemen.append(f"{pagina.name}: Chromium stopte met code {dom.returncode}")
                continue
            problemen += [f"{pagina.name}: {melding}" for melding in console_meldingen(dom.stderr)]
            if 'lang="nl"' not in dom.stdout:
                problemen.append(f"{pagina.name}: de pagina is niet als Nederlands gemarkeerd (lang=\"nl\")")
            foto = schermafdrukken / f"{naam}.png"
            opname = open_in_chromium(pagina, Path(profielen) / f"foto-{naam}", f"--screenshot={foto}",
                                      "--window-size=1366,900", programma=programma)
            if opname.returncode == 0 and foto.is_file() and foto.read_bytes()[:4] == b"\x89PNG":
                fotos.append(foto)
            else:
                problemen.append(f"{pagina.name}: geen schermafdruk gemaakt")
    return fotos, problemen


def registreer(subparsers) -> None:
    parser = subparsers.add_parser(
        "sitecontrole",
        help="controleer de rapportsite: links op schijf en openen in een echte (headless) browser",
        description=(
            "Controleer outputs/index.html en de rapporten: elke link en afbeelding moet op schijf bestaan, niets mag "
            "naar buiten verwijzen, en headless Chromium moet de pagina's zonder fouten openen. Schermafdrukken komen "
            "in outputs/schermafdrukken/."
        ),
    )
    parser.add_argument("--zonder-browser", action="store_true", help="alleen de links controleren, geen browser starten")
    parser.set_defaults(func=voer_uit)


def voer_uit(args: argparse.Namespace) -> int:
    uitvoer = paden.outputs_dir()
    if not (uitvoer / "index.html").is_file():
        print(f"Er is nog geen rapportsite in {uitvoer}. Maak die eerst met 'werkboek run'.")
        return 1
    aantal, problemen = controleer_links(uitvoer)
    print(f"Links: {aantal} verwijzingen in {len(alle_paginas(uitvoer))} pagina's gecontroleerd.")
    problemen += controleer_gewicht(uitvoer)
    if not args.zonder_browser:
        fotos, browserproblemen = controleer_in_browser(uitvoer, uitvoer / "schermafdrukken")
        problemen += browserproblemen
        print(f"Browser: {len(fotos)} pagina's geopend in headless Chromium; schermafdrukken in {uitvoer / 'schermafdrukken'}.")
    for probleem in problemen:
        print(f"PROBLEEM  {probleem}")
    print("Alles in orde." if not problemen else f"{len(problemen)} probleem/problemen gevonden.")
    return 0 if not problemen else 1
