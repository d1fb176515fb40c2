"""The report site: links resolve on disk, nothing external, data texts escaped, and a real browser opens it."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest

from werkboek import regios, site, sitecontrole
from werkboek.sitecontrole import alle_paginas, console_meldingen, open_in_chromium, verwijzingen
from werkboek.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "notebooks_fixture"
CHROMIUM = sitecontrole.chromium()


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


@pytest.mark.traag
def test_every_link_and_image_resolves_on_disk(site_run):
    assert len(alle_paginas(site_run)) >= 1 + 4 + 1 + 1  # index, two regions x two reports, the failure, the comparison
    gecontroleerd, problemen = sitecontrole.controleer_links(site_run)
    assert problemen == [] and gecontroleerd >= 10


def test_link_check_reports_a_missing_file_and_an_external_address(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!doctype html><a href="regios/weg.html">x</a><img src="https://cdn.example/x.png"><a href="#boven">y</a>',
        encoding="utf-8")
    gecontroleerd, problemen = sitecontrole.controleer_links(tmp_path)
    assert gecontroleerd == 1
    assert any("regios/weg.html bestaat niet" in p for p in problemen)
    assert any("extern adres https://cdn.example/x.png" in p for p in problemen)


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
def test_pictures_and_stylesheet_are_stored_once_and_linked(site_run):
    """Each picture once (the PNG the notebook saved; the page and the .ipynb link it) and one stylesheet."""
    from werkboek.rapportpagina import STIJLBLAD

    stijl = (site_run / STIJLBLAD).read_text(encoding="utf-8")
    assert ".jp-Notebook" in stijl and "body.werkboek-overzicht" in stijl and "werkboek-figuur" in stijl
    assert STIJLBLAD in verwijzingen(site_run / "index.html")
    map_ = site_run / "regios" / "AM01-groningen"
    pagina = map_ / "01_vraag.html"
    adressen = verwijzingen(pagina)
    assert "../../werkboek.css" in adressen and "01_vraag/figuren/tegel.png" in adressen
    tekst = pagina.read_text(encoding="utf-8")
    assert "data:image" not in tekst and "<style" not in tekst and len(tekst) < 20_000
    notebook = (map_ / "01_vraag.ipynb").read_text(encoding="utf-8")
    assert "image/png" not in notebook and "01_vraag/figuren/tegel.png" in notebook
    assert sitecontrole.controleer_gewicht(site_run) == []
    vergelijking = (site_run / "vergelijking" / "05_a35_vergelijking.html").read_text(encoding="utf-8")
    assert "data:image" not in vergelijking and 'src="05_a35_vergelijking/figuren/' in vergelijking


def test_weight_check_reports_an_embedded_picture_and_an_inlined_stylesheet(tmp_path):
    map_ = tmp_path / "regios" / "AM01-groningen"
    map_.mkdir(parents=True)
    (map_ / "01_x.html").write_text('<img src="data:image/png;base64,iVBOR">', encoding="utf-8")
    (map_ / "02_x.html").write_text(f"<style>{'a{}' * 10_000}</style>", encoding="utf-8")
    (tmp_path / "mislukt" / "AM01-groningen").mkdir(parents=True)  # failure pages may embed
    (tmp_path / "mislukt" / "AM01-groningen" / "01_x.html").write_text('<img src="data:image/png;base64,x">')
    problemen = sitecontrole.controleer_gewicht(tmp_path)
    assert len(problemen) == 2
    assert "01_x.html: 1 afbeelding(en) ingebed" in problemen[0] and "30 KB CSS" in problemen[1]


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


@pytest.mark.traag
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is niet geïnstalleerd (apt-get install chromium); .ci/run installeert het")
def test_site_opens_in_headless_chromium_without_errors(site_run):
    fotos, problemen = sitecontrole.controleer_in_browser(site_run, site_run / "schermafdrukken")
    assert problemen == []
    namen = {foto.stem for foto in fotos}
    assert {"index", "AM01-groningen_01_vraag", "05_a35_vergelijking"} <= namen
    assert all(foto.read_bytes()[:4] == b"\x89PNG" for foto in fotos)
    dom = open_in_chromium(site_run / "index.html", site_run / "profiel-index", "--dump-dom")
    assert "Werkboek datagedreven arbeidsmarktbeleid" in dom.stdout and "Zaanstreek/Waterland" in dom.stdout


def test_sitecontrole_command_checks_the_built_site(site_run, monkeypatch, capsys):
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(site_run))
    assert main(["sitecontrole", "--zonder-browser"]) == 0
    assert "Alles in orde." in capsys.readouterr().out
    (site_run / "vergelijking" / "05_a35_vergelijking.html").rename(site_run / "weg.html")
    try:
        assert main(["sitecontrole", "--zonder-browser"]) == 1
        assert "05_a35_vergelijking.html bestaat niet" in capsys.readouterr().out
    finally:
        (site_run / "weg.html").rename(site_run / "vergelijking" / "05_a35_vergelijking.html")


@pytest.mark.traag
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
    assert verwijzingen(pagina)[0] == "../../index.html"  # without a stylesheet address: CSS inline, stands alone
    assert ".jp-Notebook" in tekst

    gelinkt = exporteer_html(notebook, "titel", "../../index.html", "AM01", stijlblad="../../werkboek.css")
    tekst = gelinkt.read_text(encoding="utf-8")
    assert verwijzingen(gelinkt)[:2] == ["../../werkboek.css", "../../index.html"] and "<style" not in tekst
