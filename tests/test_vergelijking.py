"""The A35 comparison: reading every region's summaries, tables, rankings, shared pain points, figures."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from werkboek import vergelijking
from werkboek.fasen import vergelijking as fase
from werkboek.fouten import ParameterFout
from werkboek.regios import alle_regios

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "05_a35_vergelijking.ipynb"
INVOER = {  # region -> (banen, aandeel 55+, pain point code)
    "AM01": (330.1, 24.5, "tekort_mbo4"),
    "AM17": (1234.5, 19.0, "tekort_mbo4"),
    "AM22": (80.0, None, "tekort_hbo"),
}


def schrijf_regios(regios_map: Path, invoer=INVOER, notebook="03_duiding") -> None:
    regios = {r.code: r for r in alle_regios()}
    for code, (banen, aandeel, knelpunt) in invoer.items():
        map_ = regios_map / regios[code].map_naam / notebook
        map_.mkdir(parents=True)
        kerncijfers = [{"naam": "banen_totaal", "label": "Banen van werknemers", "waarde": banen,
                        "eenheid": "x 1 000", "periode": "2023"}]
        if aandeel is not None:
            kerncijfers.append({"naam": "aandeel_55plus", "label": "Aandeel 55+", "waarde": aandeel, "eenheid": "%"})
        (map_ / "samenvatting.json").write_text(json.dumps({
            "regio": code, "regio_naam": regios[code].naam, "notebook": notebook,
            "bron": {"naam": "demo", "demo": True, "beschrijving": "demo"},
            "kerncijfers": kerncijfers,
            "knelpunten": [{"code": knelpunt, "titel": f"Knelpunt {knelpunt}", "onderwijsniveau": "mbo_4"}],
        }), encoding="utf-8")


@pytest.fixture
def maak(tmp_path, monkeypatch):
    """bereken + schrijf as the notebook does, with outputs/ in the test's folder; returns (resultaat, geschreven)."""
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(tmp_path))

    def maak_(regios_map, uitvoermap, bron="demo", **opties):
        resultaat = fase.bereken(regios_map, bron, **opties)
        return resultaat, fase.schrijf(resultaat, fase.open_uitvoer(resultaat, uitvoermap))

    return maak_


def test_table_has_all_35_regions_and_missing_values_stay_missing(tmp_path):
    schrijf_regios(tmp_path)
    tabel, labels = vergelijking.kerncijfer_tabel(vergelijking.lees_regio_samenvattingen(tmp_path))
    assert list(tabel["regio"]) == [r.code for r in alle_regios()]
    assert labels == {"banen_totaal": "Banen van werknemers (x 1 000)", "aandeel_55plus": "Aandeel 55+ (%)"}
    per_regio = tabel.set_index("regio")
    for code, (banen, aandeel, _) in INVOER.items():
        assert per_regio.loc[code, "banen_totaal"] == banen
        assert (math.isnan(per_regio.loc[code, "aandeel_55plus"]) if aandeel is None
                else per_regio.loc[code, "aandeel_55plus"] == aandeel)
    assert per_regio["banen_totaal"].isna().sum() == 35 - len(INVOER)  # never filled with 0



def test_key_figures_worded_alike_keep_distinct_labels(tmp_path):
    schrijf_regios(tmp_path)
    pad = next(tmp_path.glob("AM01-*/03_duiding/samenvatting.json"))
    inhoud = json.loads(pad.read_text(encoding="utf-8"))
    inhoud["kerncijfers"].append({"naam": "banen_alles", "label": "Banen van werknemers", "waarde": 1.0,
                                  "eenheid": "x 1 000"})
    pad.write_text(json.dumps(inhoud), encoding="utf-8")
    tabel, labels = vergelijking.kerncijfer_tabel(vergelijking.lees_regio_samenvattingen(tmp_path))
    assert len(set(labels.values())) == len(labels) == 3
    assert labels["banen_totaal"] == "Banen van werknemers (x 1 000)"

def test_ranking_orders_regions_with_a_value(tmp_path):
    schrijf_regios(tmp_path)
    tabel, _ = vergelijking.kerncijfer_tabel(vergelijking.lees_regio_samenvattingen(tmp_path))
    rang = vergelijking.ranglijst(tabel, "banen_totaal")
    verwacht = sorted(INVOER, key=lambda c: -INVOER[c][0])
    assert list(rang["regio"]) == verwacht and list(rang["rang"]) == [1, 2, 3]
    assert list(vergelijking.ranglijst(tabel, "aandeel_55plus")["regio"]) == ["AM01", "AM17"]



def test_ranking_title_states_the_finding_and_ties_keep_rank_order(tmp_path):
    schrijf_regios(tmp_path / "regios", {"AM01": (3.0, None, "a"), "AM22": (3.0, None, "a"), "AM35": (3.0, None, "a")})
    tabel, labels = vergelijking.kerncijfer_tabel(vergelijking.lees_regio_samenvattingen(tmp_path / "regios"))
    rang = vergelijking.ranglijst(tabel, "banen_totaal")
    assert vergelijking.bevinding(rang, "Banen") == "Banen: in alle 3 regio's met een cijfer gelijk (3)"
    f = vergelijking.teken_ranglijst(rang, "Banen", vergelijking.Vergelijkingsbron("Bron: x", False), tmp_path / "fig",
                                     "ranglijst_banen_totaal")
    ax = f.figuur.axes[0]
    onder_naar_boven = [t.get_text() for t in ax.get_yticklabels()]
    assert onder_naar_boven[-1] == "Groningen"  # rank 1 (AM01 on a tie) on top
    waardes = [t.get_text() for t in ax.texts]
    assert "3" in waardes and "3,0" not in waardes  # counts without decimals
    schrijf_regios(tmp_path / "ander")
    tabel, _ = vergelijking.kerncijfer_tabel(vergelijking.lees_regio_samenvattingen(tmp_path / "ander"))
    assert (vergelijking.bevinding(vergelijking.ranglijst(tabel, "banen_totaal"), "Banen")
            == "Banen: het hoogst in Zaanstreek/Waterland, het laagst in Rijnmond")

def test_shared_pain_points_list_the_regions_that_share_them(tmp_path):
    schrijf_regios(tmp_path)
    gedeeld = vergelijking.gedeelde_knelpunten(vergelijking.lees_regio_samenvattingen(tmp_path))
    eerste = gedeeld.iloc[0]
    assert eerste["code"] == "tekort_mbo4" and eerste["aantal_regios"] == 2
    assert "AM01 Groningen" in eerste["regios"] and "AM17 Zaanstreek/Waterland" in eerste["regios"]
    assert gedeeld.iloc[1]["code"] == "tekort_hbo" and gedeeld.iloc[1]["aantal_regios"] == 1


def test_duiding_figures_win_over_other_notebooks(tmp_path):
    schrijf_regios(tmp_path, {"AM01": (1.0, None, "a")}, notebook="01_vraagarticulatie")
    schrijf_regios(tmp_path, {"AM01": (2.0, None, "a")}, notebook="03_duiding")
    [groningen] = [s for s in vergelijking.lees_regio_samenvattingen(tmp_path) if s.regio == "AM01"]
    assert groningen.kerncijfers[0]["waarde"] == 2.0
    assert groningen.notebooks == ["01_vraagarticulatie", "03_duiding"]


def test_comparison_writes_tables_figures_and_summary_with_provenance(tmp_path, maak):
    schrijf_regios(tmp_path / "regios")
    r, g = maak(tmp_path / "regios", tmp_path / "uit")
    map_ = tmp_path / "uit" / "05_a35_vergelijking"
    assert g.map == map_ and g.samenvatting == map_ / "samenvatting.json"
    assert r.demo and "demodata" in r.bronregel.lower()
    regels = (map_ / "tabellen" / "kerncijfers.csv").read_text(encoding="utf-8-sig").splitlines()
    assert regels[0].split(";")[:3] == ["regio", "regio_naam", "banen_totaal"]
    assert "AM17;Zaanstreek/Waterland;1234,5;19" in regels  # no float noise such as 19,000000001
    assert regels[-1] == r.bronregel
    for naam in ("knelpunten_gedeeld", "ranglijst_aandeel_55plus"):
        assert (map_ / "tabellen" / f"{naam}.csv").read_text(encoding="utf-8-sig").splitlines()[-1] == r.bronregel
    assert (map_ / "05_a35_vergelijking.xlsx").is_file()
    from openpyxl import load_workbook

    werkboek = load_workbook(map_ / "05_a35_vergelijking.xlsx")
    assert werkboek["kerncijfers"].max_row == 35 + 1  # header and one row per region
    bron = {rij[0]: rij[1] for rij in werkboek["Bron"].iter_rows(min_row=2, values_only=True)}
    assert bron["Bron tabel kerncijfers"] == r.bronregel and bron["Demodata"].startswith("JA")
    assert bron["Regio"] == "A35 Alle arbeidsmarktregio's"
    figuren = sorted(f"figuren/{f.pad.name}" for f in g.figuren.values())
    for figuur in figuren:
        assert (map_ / figuur).read_bytes()[:4] == b"\x89PNG"
    assert "figuren/kaart.png" in figuren and "figuren/ranglijst_aandeel_55plus.png" in figuren
    # regions differ tenfold in size: an absolute count is shown in the table, never ranked
    assert "figuren/ranglijst_banen_totaal.png" not in figuren and "banen_totaal" not in r.ranglijsten
    samenvatting = json.loads((map_ / "samenvatting.json").read_text(encoding="utf-8"))
    assert samenvatting["regio"] == "A35" and samenvatting["notebook"] == "05_a35_vergelijking"
    assert samenvatting["bron"]["demo"] is True and sorted(samenvatting["figuren"]) == figuren
    assert sorted(samenvatting["tabellen"]) == sorted(
        ["tabellen/kerncijfers.csv", "tabellen/knelpunten_gedeeld.csv", "tabellen/ranglijst_aandeel_55plus.csv"])
    assert [k["code"] for k in samenvatting["knelpunten"]] == ["tekort_mbo4", "tekort_hbo"]
    assert {k["naam"]: k["waarde"] for k in samenvatting["kerncijfers"]} == {
        "regios_met_banen_totaal": 3, "regios_met_aandeel_55plus": 2}
    assert any("32 van de 35 regio's" in m for m in r.meldingen)


def test_default_folder_is_outputs_vergelijking(tmp_path, maak):
    schrijf_regios(tmp_path / "regios")
    _, g = maak(tmp_path / "regios", "")
    assert g.map == tmp_path / "vergelijking" / "05_a35_vergelijking" and g.samenvatting.is_file()


def test_bereken_writes_nothing(tmp_path, monkeypatch):
    schrijf_regios(tmp_path / "regios")
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(tmp_path / "outputs"))
    voor = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    r = fase.bereken(tmp_path / "regios", "demo", geojson=tmp_path / "weg.geojson", parameters={"jaar": 2023})
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == voor
    assert r.tabellen and r.figuren and r.kerncijfers and r.knelpunten  # it did compute
    assert r.parameters == {"regio": "A35", "jaar": 2023}


def test_table_display_in_dutch_notation(tmp_path, maak):
    schrijf_regios(tmp_path / "regios", {"AM01": (1234.5, 24.0, "a"), "AM17": (2.0, 19.0, "a")})
    html = fase.toon_kerncijfers(*maak(tmp_path / "regios", tmp_path / "uit")).to_html()
    assert "1.234,5" in html and ">24<" in html and "onbekend" in html  # whole numbers without a decimal
    assert "Banen van werknemers (x 1 000)" in html and "Regiocode" in html


def test_comparison_without_summaries_degrades_with_a_dutch_note(tmp_path, maak):
    (tmp_path / "regios" / "AM01-groningen").mkdir(parents=True)  # a region with only today's simple notebook
    r, g = maak(tmp_path / "regios", tmp_path / "uit")
    assert g.figuren == {} and r.figuren == {} and r.labels == {}
    assert "Nog geen samenvattingen gevonden" in r.meldingen[0]
    assert (tmp_path / "uit" / "05_a35_vergelijking" / "tabellen" / "kerncijfers.csv").is_file()
    assert "Er zijn nog geen kerncijfers" in fase.toon_kerncijfers(r, g).data
    assert "geen kaart" in fase.toon_kaart(r, g).data and "geen ranglijsten" in fase.toon_ranglijsten(r, g).data


def test_unknown_indicator_and_missing_geojson_are_noted(tmp_path):
    schrijf_regios(tmp_path / "regios")
    r = fase.bereken(tmp_path / "regios", "demo", geojson=tmp_path / "weg.geojson", indicator="bestaat_niet")
    assert r.indicator == "aandeel_55plus"  # the first rate, not the first count
    assert any("'bestaat_niet'" in m for m in r.meldingen) and any("tegelkaart" in m for m in r.meldingen)
    assert r.figuren["kaart"].argumenten["geojson"] == ""


def test_unknown_source_is_refused(tmp_path):
    with pytest.raises(ParameterFout, match="databron"):
        fase.bereken(tmp_path, "internet")


def _kaart(tmp_path, geojson=""):
    schrijf_regios(tmp_path / "regios")
    tabel, labels = vergelijking.kerncijfer_tabel(vergelijking.lees_regio_samenvattingen(tmp_path / "regios"))
    herkomst = vergelijking.Vergelijkingsbron("Bron: test", demo=True)
    return vergelijking.teken_kaart(tabel, "banen_totaal", labels["banen_totaal"], herkomst, tmp_path / "fig", geojson)


def test_tile_map_places_every_region_once(tmp_path):
    kaart = _kaart(tmp_path)
    ax = kaart.figuur.axes[0]
    assert len(ax.patches) == 35
    codes = [t.get_text().split("\n")[0] for t in ax.texts]
    assert sorted(codes) == [r.code for r in alle_regios()]
    assert "het hoogst in Zaanstreek/Waterland" in kaart.titel
    assert "Bron: test" in _teksten(kaart) and any("demodata" in t for t in _teksten(kaart))


def _teksten(figuurbestand):
    return [t.get_text() for t in figuurbestand.figuur.texts]


def test_real_boundaries_are_read_per_region(shared_data, tmp_path, maak):
    pad = shared_data / "cartomap" / "arbeidsmarktregio_2025.geojson"
    if not pad.exists():
        pytest.skip("kaartbestand ontbreekt")
    kleuren = {p.get_facecolor() for p in _kaart(tmp_path, pad).figuur.axes[0].patches}
    assert len(kleuren) == 1 + len(INVOER)  # three regions coloured by value, the others 'onbekend'
    r, g = maak(tmp_path / "regios", tmp_path / "uit", geojson=pad)
    assert "kaart" in g.figuren and g.zonder_figuur == {} and not r.meldingen[1:]


def test_ranking_of_all_regions_is_a_readable_bar_chart(tmp_path, maak):
    schrijf_regios(tmp_path / "regios", {r.code: (float(i), float(i), "a") for i, r in enumerate(alle_regios())})
    _, g = maak(tmp_path / "regios", tmp_path / "uit")
    from matplotlib.image import imread

    hoogte, breedte = imread(g.map / "figuren" / "ranglijst_aandeel_55plus.png").shape[:2]
    assert hoogte > breedte * 5.6 / 10  # taller than a normal slide figure: 35 names fit


@pytest.mark.traag
@pytest.mark.parametrize("met_samenvattingen", [True, False], ids=["met", "zonder"])
def test_comparison_notebook_runs(tmp_path, monkeypatch, met_samenvattingen):
    import papermill

    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(tmp_path))  # the kernel inherits it: its output folder lies inside

    if met_samenvattingen:
        schrijf_regios(tmp_path / "regios")
    else:
        (tmp_path / "regios").mkdir()
    uit = tmp_path / "uit"
    uit.mkdir()
    papermill.execute_notebook(
        str(NOTEBOOK), str(uit / NOTEBOOK.name), kernel_name="python3", language="python", progress_bar=False,
        parameters={"regios_map": str(tmp_path / "regios"), "uitvoermap": str(uit), "bron": "demo"},
    )
    tekst = (uit / NOTEBOOK.name).read_text(encoding="utf-8")
    samenvatting = json.loads((uit / "05_a35_vergelijking" / "samenvatting.json").read_text(encoding="utf-8"))
    assert samenvatting["regio"] == "A35" and samenvatting["parameters"]["bron"] == "demo"
    if met_samenvattingen:
        assert "Zaanstreek/Waterland" in tekst and "image/png" in tekst
        map_ = uit / "05_a35_vergelijking"
        assert samenvatting["figuren"] and all((map_ / f).is_file() for f in samenvatting["figuren"])
    else:
        assert "Nog geen samenvattingen gevonden" in tekst and "Er zijn nog geen kerncijfers" in tekst
