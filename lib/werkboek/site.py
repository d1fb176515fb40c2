"""The report site: ``outputs/index.html`` over all regions.

The page opens from disk (``file://``) without a server or network: relative links only, one stylesheet file
shared with every report page (``werkboek.css``), no scripts or web fonts. Every text that comes from data (region
names, key figures, pain points, error lines) is escaped, because a data file is not trusted to be HTML-safe.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from urllib.parse import quote

from werkboek import tekst
from werkboek.regios import alle_regios

MAX_KERNCIJFERS = 4
STATUS_TEKST = {
    "klaar": "bijgewerkt in deze run",
    "overgeslagen": "actueel (niets veranderd)",
    "mislukt": "mislukt in deze run",
    "onderbroken": "onderbroken",
    "niet uitgevoerd": "niet uitgevoerd",
}

# The index's own rules, scoped to its body class: they share one file with the report pages' JupyterLab CSS
# (see schrijf_stijlblad), whose few global rules (body, a) they override.
CSS = """
body.werkboek-overzicht { --tekst: #1a1a1a; --zacht: #5a5a5a; --lijn: #c8c8c8; --accent: #0b5394;
        --waarschuwing: #8a3b00; --demo: #fff3cd; --fout: #fde2e1;
        margin: 0; font-family: system-ui, "Segoe UI", Roboto, Arial, sans-serif; color: var(--tekst);
        font-size: clamp(16px, 0.6vw + 11px, 22px); line-height: 1.45; background: #fff; }
.werkboek-overzicht * { box-sizing: border-box; }
.werkboek-overzicht header, .werkboek-overzicht main, .werkboek-overzicht footer {
        max-width: 1400px; margin: 0 auto; padding: 0 1.2em; }
.werkboek-overzicht h1 { font-size: 1.7em; margin: 0.8em 0 0.2em; }
.werkboek-overzicht h2 { font-size: 1.3em; margin: 1.4em 0 0.4em; border-bottom: 2px solid var(--lijn); }
.werkboek-overzicht a, .werkboek-overzicht a:hover { color: var(--accent); text-decoration: underline; }
.werkboek-overzicht a:focus, .werkboek-overzicht a:hover { text-decoration-thickness: 3px; }
.werkboek-overzicht .demo { background: var(--demo); border: 2px solid #b8860b; padding: 0.6em 1em; font-weight: 600;
        margin: 1em 0; }
.werkboek-overzicht .fout { background: var(--fout); border-left: 6px solid #b00020; padding: 0.5em 1em;
        margin: 0.5em 0; }
.werkboek-overzicht .herkomst { color: var(--zacht); }
.werkboek-overzicht table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; }
.werkboek-overzicht th, .werkboek-overzicht td { text-align: left; vertical-align: top; padding: 0.45em 0.6em;
        border-bottom: 1px solid var(--lijn); }
.werkboek-overzicht th { background: #eef2f7; }
.werkboek-overzicht tbody tr:nth-child(even) { background: #f8f9fb; }
.werkboek-overzicht td.getal { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.werkboek-overzicht ul.rapporten, .werkboek-overzicht ul.knelpunten, .werkboek-overzicht ul.kerncijfers {
        margin: 0; padding-left: 1.1em; }
.werkboek-overzicht .status-mislukt { color: #b00020; font-weight: 600; }
.werkboek-overzicht .status-klaar, .werkboek-overzicht .status-overgeslagen { color: #1b5e20; }
.werkboek-overzicht .geen { color: var(--zacht); font-style: italic; }
@media print { .werkboek-overzicht .demo { border-width: 1px; } }
"""


def stijlblad() -> str:
    """The site's one stylesheet: the report pages' CSS (:func:`werkboek.rapportpagina.stijlblad_tekst`) and the
    index's rules."""
    from werkboek.rapportpagina import stijlblad_tekst

    return f"/* Werkboek: rapportpagina's (JupyterLab-stijl) en overzicht. Gemaakt door werkboek run. */\n" \
           f"{stijlblad_tekst()}\n/* Overzicht (index.html) */{CSS}"


def schrijf_stijlblad(uitvoer: Path) -> Path:
    """Write :data:`werkboek.rapportpagina.STIJLBLAD` in the output folder (only when its text changed)."""
    from werkboek.rapportpagina import STIJLBLAD

    pad = Path(uitvoer) / STIJLBLAD
    tekst = stijlblad()
    try:
        if pad.read_text(encoding="utf-8") == tekst:
            return pad
    except OSError:
        pass
    tijdelijk = pad.with_name(pad.name + ".nieuw")
    tijdelijk.write_text(tekst, encoding="utf-8")
    tijdelijk.replace(pad)
    return pad


def nl_getal(waarde, decimalen: int | None = None) -> str:
    """Dutch number notation (:func:`werkboek.tekst.getal`): 1234.5 -> '1.234,5'; integers without decimals;
    None/NaN -> '—'; text that is no number stays as it is."""
    if waarde is None or isinstance(waarde, bool):
        return "—"
    try:
        waarde = float(waarde)
    except (TypeError, ValueError):
        return str(waarde)
    if decimalen is None:
        decimalen = 0 if waarde.is_integer() else 1
    return tekst.getal(waarde, decimalen, leeg="—")


def notebook_label(stem: str) -> str:
    """'03_duiding' -> '3. Duiding'."""
    nummer, _, rest = stem.partition("_")
    return f"{int(nummer)}. {rest.replace('_', ' ').capitalize()}" if nummer.isdigit() else stem


def lees_samenvattingen(regio_map: Path, stems: list[str]) -> list[dict]:
    """The ``samenvatting.json`` of each notebook in a region folder, in notebook order; unreadable ones skipped."""
    gevonden = (lees_json_object(regio_map / stem / "samenvatting.json") for stem in stems)
    return [inhoud for inhoud in gevonden if inhoud is not None]


def lees_json_object(pad: Path) -> dict | None:
    """A JSON file holding an object, or None when it is missing, unreadable or something else."""
    try:
        inhoud = json.loads(Path(pad).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return inhoud if isinstance(inhoud, dict) else None


def voeg_samen(samenvattingen: list[dict]) -> tuple[list[dict], list[dict]]:
    """Key figures (unique by name) and pain points (unique by code and education level) over a region's
    notebooks: one region can have the same finding at two levels, and both count."""
    kerncijfers, knelpunten, gezien_k, gezien_p = [], [], set(), set()
    for samenvatting in samenvattingen:
        for cijfer in samenvatting.get("kerncijfers") or []:
            if isinstance(cijfer, dict) and cijfer.get("naam") not in gezien_k:
                gezien_k.add(cijfer.get("naam"))
                kerncijfers.append(cijfer)
        for punt in samenvatting.get("knelpunten") or []:
            sleutel = ((punt.get("code") or punt.get("titel"), punt.get("onderwijsniveau") or "")
                       if isinstance(punt, dict) else None)
            if sleutel and sleutel[0] and sleutel not in gezien_p:
                gezien_p.add(sleutel)
                knelpunten.append(punt)
    return kerncijfers, knelpunten


def _e(tekst) -> str:
    return html.escape("" if tekst is None else str(tekst), quote=True)


def _href(*delen: str) -> str:
    return _e("/".join(quote(deel) for deel in delen))


def _stems(manifest: dict) -> list[str]:
    return [Path(n).stem for n in manifest.get("notebooks", [])]


def _regio_rij(regio, uitvoer: Path, stems: list[str], status: str | None) -> str:
    map_ = uitvoer / "regios" / regio.map_naam
    rapporten = [s for s in stems if (map_ / f"{s}.html").is_file()] if map_.is_dir() else []
    if rapporten:
        links = "".join(
            f'<li><a href="{_href("regios", regio.map_naam, s + ".html")}">{_e(notebook_label(s))}</a></li>'
            for s in rapporten
        )
        rapport_cel = f'<ul class="rapporten">{links}</ul>'
    else:
        rapport_cel = '<span class="geen">nog geen rapport</span>'
    kerncijfers, knelpunten = voeg_samen(lees_samenvattingen(map_, stems))
    cijfers = "".join(
        f"<li>{_e(c.get('label') or c.get('naam'))}: <strong>{_e(nl_getal(c.get('waarde')))}</strong>"
        f" {_e(c.get('eenheid') or '')}{' (' + _e(c.get('periode')) + ')' if c.get('periode') else ''}</li>"
        for c in kerncijfers[:MAX_KERNCIJFERS]
    )
    punten = "".join(f"<li>{_e(p.get('titel') or p.get('code'))}</li>" for p in knelpunten)
    status_cel = (f'<span class="status-{_e(status.replace(" ", "-"))}">{_e(STATUS_TEKST.get(status, status))}</span>'
                  if status else '<span class="geen">niet in deze run</span>')
    return (
        f"<tr><td>{_e(regio.code)}</td><td>{_e(regio.naam)}</td><td>{rapport_cel}</td>"
        f"<td>{f'<ul class=kerncijfers>{cijfers}</ul>' if cijfers else '<span class=geen>—</span>'}</td>"
        f"<td>{f'<ul class=knelpunten>{punten}</ul>' if punten else '<span class=geen>—</span>'}</td>"
        f"<td>{status_cel}</td></tr>"
    )


def _herkomst_blok(manifest: dict) -> str:
    bron = manifest.get("bron") or {}
    parameters = manifest.get("parameters") or {}
    regels = [
        f"<p>Databron: <strong>{_e(bron.get('naam'))}</strong> — {_e(bron.get('beschrijving'))}</p>",
        f"<p>Run {_e(manifest.get('run_id'))}, gestart {_e(tekst.datum(manifest.get('gestart'), met_tijd=True))}; "
        f"peiljaar {_e(parameters.get('jaar'))}, focussector {_e(parameters.get('sector'))}, "
        f"horizon {_e(parameters.get('horizon'))} jaar. Alle details: "
        f'<a href="manifest.json">manifest.json</a>.</p>',
    ]
    tabellen = [t for t in bron.get("tabellen") or [] if isinstance(t, dict)]
    if tabellen:
        rijen = "".join(
            f"<tr><td>{_e(t.get('thema'))}</td><td>{_e(t.get('tabel_id'))}</td><td>{_e(t.get('titel'))}</td>"
            f"<td>{_e(t.get('gewijzigd'))}</td><td>{_e(t.get('opgehaald'))}</td></tr>"
            for t in tabellen
        )
        regels.append(
            "<table><thead><tr><th>thema</th><th>tabel</th><th>titel</th><th>gewijzigd bij CBS</th>"
            f"<th>opgehaald of gemaakt</th></tr></thead><tbody>{rijen}</tbody></table>"
        )
    else:
        regels.append('<p class="geen">Geen tabelversies bekend voor deze run (de databron gaf ze niet door).</p>')
    return "\n".join(regels)


def _mislukt_blok(manifest: dict) -> str:
    blokken = []
    for fout in manifest.get("mislukt") or []:
        cel = f", cel {_e(fout.get('cel'))}" if fout.get("cel") is not None else ""
        link = fout.get("html_pad") or fout.get("notebook_pad")
        verwijzing = (f' — <a href="{_href(*Path(link).parts)}">notebook met de foutmelding</a>'
                      if link and not Path(link).is_absolute() else "")
        blokken.append(
            f'<p class="fout"><strong>{_e(fout.get("naam"))}</strong>: {_e(fout.get("notebook"))}{cel}: '
            f"{_e(fout.get('fout'))}{verwijzing}</p>"
        )
    if not blokken:
        return ""
    return ("<h2>Mislukt in deze run</h2>\n" + "\n".join(blokken)
            + "<p>Het vorige rapport van deze regio's blijft staan. Opnieuw alleen wat mislukte: "
              "<code>werkboek run --alleen-mislukt</code>.</p>")


def _vergelijking_link(uitvoer: Path) -> str:
    rapporten = sorted((uitvoer / "vergelijking").glob("*.html"))
    if not rapporten:
        return '<p class="geen">De vergelijking van alle regio\'s is (nog) niet gemaakt.</p>'
    return (f'<p><a href="{_href("vergelijking", rapporten[0].name)}"><strong>Vergelijking van alle regio\'s'
            "</strong></a>: kerncijfers naast elkaar, kaart, ranglijsten en gedeelde knelpunten.</p>")


def bouw_site(uitvoer: Path, manifest: dict) -> Path:
    """Write ``index.html`` and the shared stylesheet in the output folder; return the index's path."""
    from werkboek.rapportpagina import STIJLBLAD

    uitvoer = Path(uitvoer)
    stems = _stems(manifest)
    status = {r["regio"]: r["status"] for r in manifest.get("regios") or []}
    rijen = "\n".join(_regio_rij(regio, uitvoer, stems, status.get(regio.code)) for regio in alle_regios())
    demo = (manifest.get("bron") or {}).get("demo")
    demo_blok = ('<p class="demo">Demodata (synthetisch): deze cijfers zijn gemaakt om het werkboek te laten zien '
                 "en zijn géén echte cijfers van CBS.</p>") if demo else ""
    pagina = f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Werkboek arbeidsmarktbeleid — overzicht van alle regio's</title>
<link rel="stylesheet" href="{_href(STIJLBLAD)}">
</head>
<body class="werkboek-overzicht">
<header>
<h1>Werkboek datagedreven arbeidsmarktbeleid</h1>
<p>Overzicht van de rapporten per arbeidsmarktregio, volgens de VNG-werkwijze in vier fasen.</p>
{demo_blok}
</header>
<main>
<h2>Vergelijking</h2>
{_vergelijking_link(uitvoer)}
{_mislukt_blok(manifest)}
<h2>Regio's</h2>
<table>
<thead><tr><th>code</th><th>regio</th><th>rapporten</th><th>kerncijfers</th><th>knelpunten</th><th>laatste run</th></tr></thead>
<tbody>
{rijen}
</tbody>
</table>
<h2>Herkomst van de cijfers</h2>
<div class="herkomst">
{_herkomst_blok(manifest)}
</div>
</main>
<footer><p class="herkomst">Gemaakt met werkboek {_e((manifest.get('versies') or {}).get('werkboek'))}.
CBS open data: CC BY 4.0, Bron: CBS.</p></footer>
</body>
</html>
"""
    index = uitvoer / "index.html"
    uitvoer.mkdir(parents=True, exist_ok=True)
    schrijf_stijlblad(uitvoer)
    tijdelijk = index.with_name("index.html.nieuw")
    tijdelijk.write_text(pagina, encoding="utf-8")
    tijdelijk.replace(index)
    return index
