"""Charts: one save helper, Dutch notation, palette, sizes, source line, demo mark, never an empty chart."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.image import imread

import maakframes as mf
from werkboek import analyse, grafieken as g, monitoring, tekst
from werkboek.regios import alle_regios


def _h(demo=True):
    return mf.Herkomst(demo=demo)


def _teksten(figuurbestand):
    return [t.get_text() for t in figuurbestand.figuur.texts]


def test_nl_formatter():
    assert g.nl_formatter(1)(1234.5) == "1.234,5"
    assert g.nl_formatter()(2500) == "2.500"
    assert g.nl_formatter(procent=True)(12.5) == "12,5%"
    assert g.nl_formatter()(0.25) == "0,25"  # a tick never shows a rounded, wrong value
    assert g.waardelabel(1.8749) == "1,9" and g.waardelabel(1234.5) == "1.235"
    assert g.waardelabel(np.nan) == "onbekend" and g.waardelabel(12.5, procent=True) == "12,5%"
    assert g.aslabel("Banen", "x 1 000") == "Banen (x 1 000)" and g.aslabel("Instroom", "aantal") == "Instroom"


@pytest.mark.parametrize("regio, nl, verwacht", [
    (3.0, 1.0, "Bouw groeit in Groningen sneller dan landelijk"),
    (1.0, 3.0, "Bouw groeit in Groningen langzamer dan landelijk"),
    (1.1, 1.0, "Bouw groeit in Groningen ongeveer even snel als landelijk"),
    (-1.0, 1.0, "Bouw krimpt in Groningen, landelijk groeit het"),
    (-2.0, -1.0, "Bouw krimpt in Groningen sneller dan landelijk"),
    (np.nan, 1.0, "Ontwikkeling bouw in Groningen onbekend"),
])
def test_titel_groei_states_the_finding(regio, nl, verwacht):
    assert g.titel_groei("Bouw", "Groningen", regio, nl) == verwacht


def test_other_finding_titles():
    assert g.titel_locatiequotient("Bouw", "Twente", 1.875) == \
        "Bouw is in Twente sterker vertegenwoordigd dan landelijk (locatiequotiënt 1,88)"
    assert "minder sterk" in g.titel_locatiequotient("Bouw", "Twente", 0.5)
    assert "ongeveer even sterk" in g.titel_locatiequotient("Bouw", "Twente", 1.05)
    assert g.titel_locatiequotient("Bouw", "Drenthe", np.nan) == "Aandeel bouw in Drenthe onbekend"
    assert g.titel_aandeel("van de werkenden 55 jaar of ouder", "Groningen", 25.0, 20.0) == \
        "In Groningen is 25,0% van de werkenden 55 jaar of ouder, landelijk 20,0%"
    p = analyse.projecteer(pd.DataFrame({"jaar": range(2018, 2023), "waarde": mf.reeks_waarden(10.0, 0.02, range(5)),
                                         "voorlopig": False}))
    # from 10 x 1,02^4 in 2022 with a damped drift: 10 x 1,02^(4 + 0,8 + 0,8² + ... + 0,8⁵) = 11,42 in 2027; no spread
    assert g.titel_projectie("Bouw", "Groningen", p, "x 1 000") == \
        "Bouw in Groningen: bij doorgaande trend 11,4 duizend banen in 2027 (80%-interval 11,4 tot 11,4 duizend)"
    breed = analyse.projecteer(pd.DataFrame({"jaar": range(2016, 2023), "waarde": [100, 104, 103, 108, 110, 109, 115],
                                             "voorlopig": False}), horizon=3)
    onder, boven = breed.band
    assert g.titel_projectie("Zorg", "Twente", breed, "aantal", "werkenden") == (
        f"Zorg in Twente: bij doorgaande trend {tekst.aantal(breed.verwacht, 'aantal')} werkenden in 2025 "
        f"(80%-interval {tekst.getal(onder, 0)} tot {tekst.aantal(boven, 'aantal')})")


def test_bewaar_figuur_house_style(tmp_path):
    fig, ax = g.nieuwe_figuur("Bouw groeit", "Banen (x 1 000)")
    ax.plot([2020, 2021], [1.0, 2.0])
    f = g.bewaar_figuur(fig, tmp_path, "Bouw groei!", _h(demo=False), periode="2020–2021")
    assert f.pad == tmp_path / "bouw_groei.png" and f.relatief == f"{tmp_path.name}/bouw_groei.png"
    hoogte, breedte = imread(f.pad).shape[:2]
    assert (breedte, hoogte) == (1500, 840)
    assert "Bron: CBS, tabel 83582NED, 2020–2021, opgehaald 22-11-2026" in _teksten(f)
    assert g.DEMO_MARK not in _teksten(f)
    assert f.titel == "Bouw groeit"
    assert ax.title.get_fontsize() >= 11 and all(t.get_fontsize() >= 11 for t in ax.get_yticklabels())
    assert f._repr_png_()[:4] == b"\x89PNG"


def test_long_finding_title_wraps(tmp_path):
    titel = ("Zorg in Zuid-Limburg: bij doorgaande trend 60,8 duizend banen in 2030 (80%-interval 57,9 tot 63,9 "
             "duizend)")
    fig, ax = g.nieuwe_figuur(titel)
    ax.plot([1, 2], [1, 2])
    assert "\n" in ax.get_title(loc="left")
    assert all(len(r) <= g.TITEL_BREEDTE for r in ax.get_title(loc="left").splitlines())
    assert g.bewaar_figuur(fig, tmp_path, "lang", _h()).titel == titel


def test_demo_mark_on_demo_data(tmp_path):
    fig, ax = g.nieuwe_figuur("x")
    ax.plot([1, 2], [1, 2])
    f = g.bewaar_figuur(fig, tmp_path, "demo", [_h(demo=False), _h(demo=True)])
    teksten = _teksten(f)
    assert teksten.count(g.DEMO_MARK) == 2  # diagonal and corner
    assert any("demodata (synthetisch) naar model" in t for t in teksten)


def test_never_an_empty_chart_and_never_without_source(tmp_path):
    fig, ax = g.nieuwe_figuur("Leeg")
    ax.plot([2020, 2021], [np.nan, np.nan])
    with pytest.raises(g.GeenDataFout, match="Geen cijfers om te tonen voor 'Leeg'"):
        g.bewaar_figuur(fig, tmp_path, "leeg", _h())
    fig, ax = g.nieuwe_figuur("Zonder bron")
    ax.plot([1, 2], [1, 2])
    with pytest.raises(ValueError, match="bronregel"):
        g.bewaar_figuur(fig, tmp_path, "zonder")
    leeg = pd.DataFrame({"jaar": [2020, 2021], "waarde": [np.nan, np.nan], "voorlopig": [False, False]})
    with pytest.raises(g.GeenDataFout, match="Geen cijfers voor banen"):
        g.lijngrafiek({"Drenthe": leeg}, "t", "Banen", "x 1 000", tmp_path, "l", _h())
    assert not list(tmp_path.glob("*.png"))


def test_lijngrafiek_palette_units_and_provisional(tmp_path):
    b = mf.banen()
    reeksen = {"Groningen": analyse.reeks(b, "banen", "AM01", sector="F"),
               "Nederland": analyse.reeks(b, "banen", "NL", sector="F")}
    f = g.lijngrafiek(reeksen, "Bouw groeit", "Banen", "x 1 000", tmp_path, "lijn", _h(), markeer="Groningen")
    ax = f.figuur.axes[0]
    assert ax.get_ylabel() == "Banen (x 1 000)"
    kleuren = {l.get_color() for l in ax.lines}
    assert kleuren <= set(g.PALET) | {g.NL_KLEUR}
    assert g.REGIO_KLEUR in kleuren
    open_punten = [l for l in ax.lines if l.get_markerfacecolor() == "white"]
    assert any(len(l.get_xdata()) == 1 and l.get_xdata()[0] == 2023 for l in open_punten)
    assert ax.yaxis.get_major_formatter()(12.5) == "12,5"
    assert ax.yaxis.get_major_formatter()(1234.0) == "1.234"


def test_trend_and_bars(tmp_path):
    p = analyse.projecteer(analyse.reeks(mf.banen(), "banen", "AM01", sector="Q"), horizon=6)
    f = g.trendgrafiek(p, "Zorg groeit door", "Banen", "x 1 000", tmp_path, "trend", _h())
    assert f.pad.exists() and f.figuur.axes[0].collections  # the band
    legenda = [t.get_text() for t in f.figuur.axes[0].get_legend().get_texts()]
    assert "80%-voorspelinterval" in legenda  # Q grows 2% a year: the projection is a damped +2,0%
    assert "projectie (afgezwakte trend, +2,0% per jaar)" in legenda
    waarden = pd.Series({"Groningen": 1.0, "Drenthe": np.nan, "Twente": 1.9})
    f = g.staafgrafiek(waarden, "Bouw relatief groot in Twente", "Locatiequotiënt", "", tmp_path, "staaf", _h(),
                       markeer="Groningen", referentie=1.0)
    ax = f.figuur.axes[0]
    assert len(ax.patches) == 2  # the unknown region is not drawn as 0
    assert any("Onbekend (niet getekend): Drenthe" in t.get_text() for t in ax.texts)
    tabel = pd.DataFrame({"Groningen": [20.0, 40.0], "Nederland": [25.0, np.nan]}, index=["laag", "hoog"])
    f = g.groepsstaafgrafiek(tabel, "Groningen hoger opgeleid", "Aandeel", "%", tmp_path, "groep", _h(), procent=True)
    labels = [t.get_text() for t in f.figuur.axes[0].texts]
    assert "onbekend" in labels and "20,0%" in labels



def test_bars_for_all_regions_grow_so_names_stay_readable(tmp_path):
    namen = [r.naam for r in alle_regios()]
    f = g.staafgrafiek(pd.Series(range(35), index=namen, dtype=float), "Ranglijst", "Banen", "x 1 000", tmp_path,
                       "rang", _h())
    ax = f.figuur.axes[0]
    hoogte_per_staaf = ax.get_position().height * f.figuur.get_figheight() / 35
    assert hoogte_per_staaf >= 0.19  # 11 pt names need about 0.15 inch each
    # the title keeps the same room in inches as on a normal figure
    assert (1 - ax.get_position().y1) * f.figuur.get_figheight() == pytest.approx(0.12 * g.FIGUURMAAT[1], rel=0.05)
    klein = g.staafgrafiek(pd.Series({"a": 1.0, "b": 1_418_970.0}), "Twee", "Inwoners", "", tmp_path, "twee", _h())
    assert tuple(klein.figuur.get_size_inches()) == g.FIGUURMAAT
    ax = klein.figuur.axes[0]
    assert ax.get_xlim()[1] >= 1.1 * 1_418_970  # the value label of the longest bar stays inside
    assert len([t for t in ax.get_xticks() if 0 <= t <= ax.get_xlim()[1]]) <= 7

def test_tegels_cover_the_register_and_follow_geography():
    t = g.tegels()
    assert set(t) == {r.code for r in alle_regios()}
    assert len(set(t.values())) == 35
    assert t["AM01"][0] < t["AM30"][0]  # Groningen north of Zuid-Limburg
    assert t["AM24"][1] < t["AM05"][1]  # Zeeland west of Twente
    assert t["AM21"][1] < t["AM13"][1]  # Haaglanden west of Midden-Utrecht


def test_tegelkaart_locator_and_values(tmp_path):
    f = g.tegelkaart("Groningen ligt in het noorden", tmp_path, "kaart", _h(), markeer="AM01")
    ax = f.figuur.axes[0]
    assert len(ax.patches) == 35
    gemarkeerd = [p for p in ax.patches if p.get_linewidth() == 3]
    assert len(gemarkeerd) == 1
    waarden = {r.code: float(i) for i, r in enumerate(alle_regios())}
    waarden["AM03"] = np.nan
    f = g.tegelkaart("Bouw relatief groot in het oosten", tmp_path, "kaart2", _h(), markeer="AM01",
                     waarden=waarden, legenda="Locatiequotiënt")
    labels = [t.get_text() for t in f.figuur.axes[0].texts]
    assert "AM03\nonbekend" in labels
    assert len(f.figuur.axes) == 2  # the colour bar legend
    assert f.figuur.axes[1].get_ylabel() == "Locatiequotiënt"
    uitleg = " ".join(t.get_text() for t in f.figuur.texts)
    assert "Omlijnd: Groningen (AM01)" in uitleg and "Gearceerd: cijfer onbekend" in uitleg
    with pytest.raises(g.GeenDataFout):
        g.tegelkaart("x", tmp_path, "kaart3", _h(), waarden={"AM01": np.nan})


def test_grenzenkaart_from_geojson(tmp_path):
    vierkant = lambda x: [[[x, 52.0], [x + 1, 52.0], [x + 1, 53.0], [x, 53.0], [x, 52.0]]]  # noqa: E731
    kaart = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"statcode": "AM01"}, "geometry": {"type": "Polygon", "coordinates": vierkant(5)}},
        {"type": "Feature", "properties": {"statcode": "AM02"},
         "geometry": {"type": "MultiPolygon", "coordinates": [vierkant(3), vierkant(4)]}},
    ]}
    pad = tmp_path / "kaart.geojson"
    pad.write_text(json.dumps(kaart), encoding="utf-8")
    f = g.grenzenkaart(pad, "Groningen", tmp_path, "grens", _h(), markeer="AM01", waarden={"AM01": 1.0, "AM02": 2.0})
    assert len(f.figuur.axes[0].patches) == 3
    with pytest.raises(g.GeenDataFout, match="kan niet worden gelezen"):
        g.grenzenkaart(tmp_path / "bestaat_niet.geojson", "x", tmp_path, "y", _h())
    for feature in kaart["features"]:  # a file naming the code in another property
        feature["properties"] = {"code": feature["properties"]["statcode"]}
    pad.write_text(json.dumps(kaart), encoding="utf-8")
    f = g.grenzenkaart(pad, "Groningen", tmp_path, "grens2", _h(), waarden={"AM01": 1.0, "AM02": 2.0},
                       code_veld=("statcode", "regio", "code"))
    assert len({p.get_facecolor() for p in f.figuur.axes[0].patches}) == 2  # both regions coloured by value


def test_grenzenkaart_with_real_boundaries(shared_data, tmp_path):
    pad = shared_data / "cartomap" / "arbeidsmarktregio_2025.geojson"
    if not pad.exists():
        pytest.skip("kaartbestand ontbreekt")
    f = g.grenzenkaart(pad, "Groningen op de kaart", tmp_path, "echt", _h(demo=False), markeer="AM01")
    assert len(f.figuur.axes[0].patches) >= 35


def test_monitoringgrafiek(tmp_path):
    data = mf.alle_data()
    p = mf.parameters()
    catalogus = {i.id: i for i in monitoring.laad_indicatoren()}
    ind = catalogus["instroom_niveau"].ingevuld(monitoring.context(p, "middelbaar"))
    basis = monitoring.basiswaarde(ind, data, "AM01", 2021)
    f = g.monitoringgrafiek(monitoring.indicator_reeks(ind, data, "AM01"), basis, "Instroom mbo 4 daalt nog",
                            "aantal", tmp_path, "mon", _h(), doel=450.0, doeljaar=2026)
    labels = [t.get_text() for t in f.figuur.axes[0].get_legend().get_texts()]
    assert "voortgang" in labels and any(l.startswith("streefwaarde 2026: 450") for l in labels)
    assert any(l.startswith("basiswaarde 2021") for l in labels)
    stage = catalogus["hbo_stages_regio"].ingevuld(monitoring.context(p, "hoog"))
    geen = monitoring.basiswaarde(stage, data, "AM01")
    with pytest.raises(g.GeenDataFout, match="geen open data"):
        g.monitoringgrafiek(None, geen, "x", "aantal", tmp_path, "geen", _h())


def test_same_figure_gives_the_same_file(tmp_path):
    serie = analyse.reeks(mf.banen(), "banen", "AM01", sector="F")
    eerste = g.lijngrafiek({"Groningen": serie}, "Bouw groeit", "Banen", "x 1 000", tmp_path / "a", "lijn", _h())
    tweede = g.lijngrafiek({"Groningen": serie}, "Bouw groeit", "Banen", "x 1 000", tmp_path / "b", "lijn", _h())
    assert eerste.pad.read_bytes() == tweede.pad.read_bytes()


def test_a_long_source_line_fits_the_width_and_never_covers_the_chart(tmp_path):
    class VeleBronnen:
        demo = False

        def bronregel(self, periode=None):
            return "; ".join(f"Bron: CBS, tabel 8{i}582NED Banen van werknemers naar regio, 2015–2024, opgehaald "
                             "28-11-2026" for i in range(8))

    f = g.staafgrafiek(pd.Series({"Bouw": 19.7, "Zorg": 76.9}), "Zorg heeft de meeste banen", "Banen", "x 1 000",
                       tmp_path, "veel_bronnen", herkomst=VeleBronnen())
    fig = f.figuur
    renderer = FigureCanvasAgg(fig).get_renderer()
    bron = next(t for t in fig.texts if t.get_text().startswith("Bronnen: CBS, tabel 80582NED"))
    assert bron.get_text().count("\n") >= 3  # broken into lines, not one line off the slide
    vak, as_ = bron.get_window_extent(renderer), fig.axes[0].get_tightbbox(renderer)
    assert vak.x1 <= fig.bbox.width  # every line fits the figure
    assert vak.y1 < as_.y0  # the lines stay under the chart and its axis labels


def test_several_sources_become_one_line_that_names_each_table_once():
    from werkboek import tekst

    class Demo:
        demo = True

        def __init__(self, tabel):
            self.tabel = tabel

        def bronregel(self, periode=None):
            return f"Bron: {tekst.DEMO_BRON} CBS-tabel {self.tabel}, 2015–2024{tekst.DEMO_STAART}"

    regel, demo = g.bronregel([Demo("83582NED"), Demo("85272NED"), Demo("83582NED")])
    assert demo and regel == (f"Bronnen: {tekst.DEMO_BRON} CBS-tabel 83582NED, 2015–2024; CBS-tabel 85272NED, "
                              f"2015–2024{tekst.DEMO_STAART}")
    echt = g.samengevoegde_bronregel(["Bron: CBS, tabel 83582NED, 2023, opgehaald 22-11-2026",
                                      "Bron: DUO open onderwijsdata, Eerstejaars, 2020–2024; Bron: CBS, tabel 85701NED"])
    assert echt == ("Bronnen: CBS, tabel 83582NED, 2023, opgehaald 22-11-2026; DUO open onderwijsdata, Eerstejaars, "
                    "2020–2024; CBS, tabel 85701NED")
    assert g.samengevoegde_bronregel(["Bron: CBS, tabel 83582NED, 2023"]) == "Bron: CBS, tabel 83582NED, 2023"
