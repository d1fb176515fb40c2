"""The report site: links resolve on disk, nothing external, data texts escaped, and a real browser opens it."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from werkboek import regios, site
from werkboek.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "notebooks_fixture"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_VLAGGEN = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-logging=stderr", "--v=0", "--hide-scrollbars",
]


class Verwijzingen(HTMLParser):
    """Collects every href and src of a page."""

    def __init__(self):
        super().__init__()
        self.adressen: list[str] = []

    def handle_starttag(self, tag, attrs):
        for naam, waarde in attrs:
            if naam in ("href", "src") and waarde is not None:
                self.adressen.append(waarde)


def verwijzingen(pagina: Path) -> list[str]:
    lezer = Verwijzingen()
    lezer.feed(pagina.read_text(encoding="utf-8"))
    return lezer.adressen


@pytest.fixture(scope="module")
def site_run(tmp_path_factory):
    """Fixture notebooks plus the real comparison notebook over three regions; AM03 fails."""
    basis = tmp_path_factory.mktemp("site")
    notebooks = basis / "notebooks"
    notebooks.mkdir()
    for pad in [*FIXTURES.glob("*.ipynb"), ROOT / "notebooks" / "05_a35_vergelijking.ipynb"]:
        shutil.copy(pad, notebooks / pad.name)
    uitvoer = basis / "outputs"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WERKBOEK_OUTPUTS", str(uitvoer))
        mp.setenv("WERKBOEK_FIXTURE_FOUT", "AM03")
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = main(["run", "--notebooks", str(notebooks), "--regios", "AM01", "AM22", "AM03"])
    assert code == 1
    return uitvoer


def alle_paginas(uitvoer: Path) -> list[Path]:
    return [uitvoer / "index.html", *sorted(uitvoer.glob("regios/*/*.html")), *sorted(uitvoer.glob("mislukt/*/*.html")),
            *sorted(uitvoer.glob("vergelijking/*.html"))]


@pytest.mark.traag
def test_every_link_and_image_resolves_on_disk(site_run):
    paginas = alle_paginas(site_run)
    assert len(paginas) >= 1 + 4 + 1 + 1  # index, two regions x two reports, the failure, the comparison
    gecontroleerd = 0
    for pagina in paginas:
        for adres in verwijzingen(pagina):
            delen = urlsplit(adres)
            assert not delen.scheme or delen.scheme == "data", f"{pagina.name}: extern adres {adres}"
            assert not adres.startswith("//"), f"{pagina.name}: extern adres {adres}"
            if delen.scheme == "data" or not delen.path:
                continue  # embedded image or anchor within the page
            doel = (pagina.parent / unquote(delen.path)).resolve()
            assert doel.exists(), f"{pagina.relative_to(site_run)}: {adres} bestaat niet"
            gecontroleerd += 1
    assert gecontroleerd >= 10


@pytest.mark.traag
def test_index_lists_reports_figures_failures_provenance_and_comparison(site_run):
    pagina = (site_run / "index.html").read_text(encoding="utf-8")
    adressen = verwijzingen(site_run / "index.html")
    assert "regios/AM01-groningen/01_vraag.html" in adressen and "regios/AM22-rijnmond/02_duiding.html" in adressen
    assert "vergelijking/05_a35_vergelijking.html" in adressen
    assert "mislukt/AM03-drenthe/02_duiding.html" in adressen
    assert "manifest.json" in adressen
    assert "Demodata (synthetisch)" in pagina
    assert pagina.count("<tr><td>AM") == 35  # every region, with or without a report
    assert "nog geen rapport" in pagina
    groningen = json.loads((site_run / "regios" / "AM01-groningen" / "02_duiding" / "samenvatting.json").read_text())
    assert site.nl_getal(groningen["kerncijfers"][0]["waarde"]) in pagina
    assert groningen["knelpunten"][0]["titel"] in pagina
    assert "<script" not in pagina and "http://" not in pagina and "https://" not in pagina


@pytest.mark.traag
def test_comparison_report_is_in_place_with_figures(site_run):
    map_ = site_run / "vergelijking" / "05_a35_vergelijking"
    samenvatting = json.loads((map_ / "samenvatting.json").read_text(encoding="utf-8"))
    assert samenvatting["figuren"] and all((map_ / f).is_file() for f in samenvatting["figuren"])
    assert {k["code"] for k in samenvatting["knelpunten"]} == {"tekort_mbo4", "tekort_hbo"}


@pytest.mark.parametrize("waarde, tekst", [
    (1234.5, "1.234,5"), (330, "330"), (330.0, "330"), (0.25, "0,3"), (-1500.25, "\u22121.500,3"), ("12", "12"),
    (None, "—"), (float("nan"), "—"), ("n.v.t.", "n.v.t."),
])
def test_dutch_number_notation(waarde, tekst):
    assert site.nl_getal(waarde) == tekst


def test_notebook_label():
    assert site.notebook_label("03_duiding") == "3. Duiding"
    assert site.notebook_label("05_a35_vergelijking") == "5. A35 vergelijking"


@pytest.fixture
def vijandig_project(tmp_path, monkeypatch):
    """A project copy whose region register holds a hostile region name."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns("cache"))
    register = root / "data" / "regios.csv"
    register.write_text(register.read_text(encoding="utf-8").replace(
        "AM01,Groningen,", 'AM01,"Groningen <img src=x onerror=alert(1)> & ""Co""",', 1), encoding="utf-8")
    monkeypatch.setenv("WERKBOEK_ROOT", str(root))
    regios.alle_regios.cache_clear()
    regios._index.cache_clear()
    yield root
    regios.alle_regios.cache_clear()
    regios._index.cache_clear()


def test_hostile_texts_from_data_are_escaped(vijandig_project, tmp_path):
    uitvoer = tmp_path / "outputs"
    map_ = uitvoer / "regios" / "AM01-groningen"
    (map_ / "03_duiding").mkdir(parents=True)
    (map_ / "03_duiding.html").write_text("<p>rapport</p>", encoding="utf-8")
    (map_ / "03_duiding" / "samenvatting.json").write_text(json.dumps({
        "kerncijfers": [{"naam": "x", "label": "<b>vet</b>", "waarde": 1.5, "eenheid": "</td><script>"}],
        "knelpunten": [{"code": "k", "titel": "<script>alert('knelpunt')</script>"}],
    }), encoding="utf-8")
    manifest = {
        "run_id": "<i>run</i>", "notebooks": ["03_duiding.ipynb"],
        "bron": {"naam": "demo", "demo": True, "beschrijving": "<iframe src=//x>",
                 "tabellen": [{"thema": "<u>banen</u>", "tabel_id": "83582NED"}]},
        "regios": [{"regio": "AM01", "status": "mislukt"}],
        "mislukt": [{"naam": "AM01 <Groningen>", "notebook": "03_duiding", "cel": 4,
                     "fout": "ValueError: <a href='javascript:x'>", "html_pad": "mislukt/AM01-groningen/03_duiding.html"}],
    }
    pagina = site.bouw_site(uitvoer, manifest).read_text(encoding="utf-8")
    for gevaarlijk in ("<img src=x", "<script", "<iframe", "<b>vet", "<i>run", "<u>banen", "<a href='javascript",
                       "<Groningen>"):
        assert gevaarlijk not in pagina, gevaarlijk
    for veilig in ("Groningen &lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;", "&lt;b&gt;vet&lt;/b&gt;",
                   "&lt;script&gt;alert(&#x27;knelpunt&#x27;)&lt;/script&gt;", "&lt;iframe src=//x&gt;",
                   "ValueError: &lt;a href=&#x27;javascript:x&#x27;&gt;", "AM01 &lt;Groningen&gt;"):
        assert veilig in pagina, veilig


def test_index_without_demo_has_no_demo_banner(tmp_path):
    pagina = site.bouw_site(tmp_path, {"bron": {"naam": "cbs", "demo": False}}).read_text(encoding="utf-8")
    assert "Demodata" not in pagina and pagina.count("nog geen rapport") == 35


def open_in_chromium(pagina: Path, profiel: Path, *opties: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, *CHROMIUM_VLAGGEN, f"--user-data-dir={profiel}", *opties, pagina.resolve().as_uri()],
        capture_output=True, text=True, timeout=120,
    )


def console_meldingen(stderr: str) -> list[str]:
    """Console messages and page errors from Chromium's log (the pages have no scripts, so any is wrong)."""
    return [regel for regel in stderr.splitlines() if ":CONSOLE" in regel or "Uncaught" in regel]


@pytest.mark.traag
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is niet geïnstalleerd (apt-get install chromium); .ci/run installeert het")
def test_site_opens_in_headless_chromium_without_errors(site_run, tmp_path):
    schermafdrukken = site_run / "schermafdrukken"
    schermafdrukken.mkdir(exist_ok=True)
    paginas = {"index": site_run / "index.html",
               "regio": site_run / "regios" / "AM01-groningen" / "01_vraag.html",
               "vergelijking": site_run / "vergelijking" / "05_a35_vergelijking.html"}
    for naam, pagina in paginas.items():
        dom = open_in_chromium(pagina, tmp_path / f"profiel-{naam}", "--dump-dom")
        assert dom.returncode == 0, dom.stderr[-2000:]
        assert not console_meldingen(dom.stderr), console_meldingen(dom.stderr)
        assert 'lang="nl"' in dom.stdout
        if naam == "index":
            assert "Werkboek datagedreven arbeidsmarktbeleid" in dom.stdout and "Zaanstreek/Waterland" in dom.stdout
        else:
            assert "Overzicht van alle regio" in dom.stdout and "<img" in dom.stdout
        foto = schermafdrukken / f"{naam}.png"
        opname = open_in_chromium(pagina, tmp_path / f"foto-{naam}", f"--screenshot={foto}", "--window-size=1366,900")
        assert opname.returncode == 0 and foto.read_bytes()[:4] == b"\x89PNG", opname.stderr[-2000:]


@pytest.mark.traag
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is niet geïnstalleerd (apt-get install chromium); .ci/run installeert het")
def test_console_check_catches_a_page_error(tmp_path):
    pagina = tmp_path / "kapot.html"
    pagina.write_text("<!doctype html><p>x</p><script>nietGedefinieerd();</script>", encoding="utf-8")
    dom = open_in_chromium(pagina, tmp_path / "profiel", "--dump-dom")
    assert any("nietGedefinieerd" in regel for regel in console_meldingen(dom.stderr))


def test_region_report_escapes_the_region_name_and_loads_nothing_external(tmp_path):
    import nbformat
    from nbformat.v4 import new_markdown_cell, new_notebook

    from werkboek.batch import exporteer_html

    notebook = tmp_path / "01_x.ipynb"
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Kop")]), notebook)
    pagina = exporteer_html(notebook, "<b>titel</b>", "../../index.html", 'AM01 <script>alert("x")</script>')
    tekst = pagina.read_text(encoding="utf-8")
    assert "<script>alert" not in tekst and "<b>titel" not in tekst
    assert "AM01 &lt;script&gt;alert(" in tekst and "&lt;b&gt;titel&lt;/b&gt;" in tekst
    assert 'lang="nl"' in tekst and "cdnjs" not in tekst and "<script src" not in tekst
    assert verwijzingen(pagina)[0] == "../../index.html"
