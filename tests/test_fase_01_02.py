"""Library helpers of phases 1 and 2: the region against Nederland (regiobeeld), the question card helpers
(vragen) and the source check (bronnenmenu: sources per question, provenance, data check, answer count)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import maakframes as mf
from werkboek import bronnenmenu, grafieken, regiobeeld, vragen
from werkboek.analyse import OnvoldoendeDataFout


# inhabitants by age class: region AM01 is older than Nederland; 2023 is provisional; AM02 unknown in 2023
LEEFTIJD_AM01 = {"totaal": 1000.0, "leeftijd_0_15": 100.0, "leeftijd_15_25": 100.0, "leeftijd_25_45": 250.0,
                 "leeftijd_45_55": 150.0, "leeftijd_55_65": 150.0, "leeftijd_65_plus": 250.0}
LEEFTIJD_NL = {"totaal": 20000.0, "leeftijd_0_15": 3000.0, "leeftijd_15_25": 2400.0, "leeftijd_25_45": 5000.0,
               "leeftijd_45_55": 2800.0, "leeftijd_55_65": 2800.0, "leeftijd_65_plus": 4000.0}


def bevolking() -> pd.DataFrame:
    rijen = []
    for jaar in (2022, 2023):
        for regio, klassen in (("AM01", LEEFTIJD_AM01), ("NL", LEEFTIJD_NL)):
            for leeftijd, waarde in klassen.items():
                rijen.append(mf._rij(regio, jaar, leeftijd=leeftijd, inwoners=waarde + (jaar - 2022),
                                     inwoners_onderdrukt=0 if regio != "NL" else np.nan))
        rijen.append(mf._rij("AM02", jaar, leeftijd="totaal", inwoners=2000.0 if jaar == 2022 else np.nan,
                             inwoners_onderdrukt=0 if jaar == 2022 else 3))
    df = pd.DataFrame(rijen)
    df["inwoners_onderdrukt"] = df["inwoners_onderdrukt"].astype("Int64")
    return df


# --- regiobeeld -------------------------------------------------------------------------------------------------

def test_leeftijdsopbouw_shares_of_the_published_total():
    tabel = regiobeeld.leeftijdsopbouw(bevolking(), "AM01", 2023)
    oud = tabel.set_index("leeftijdsklasse").loc["65 jaar of ouder"]
    assert oud["aandeel_procent"] == pytest.approx(251 / 1001 * 100)
    assert oud["aandeel_nl_procent"] == pytest.approx(4001 / 20001 * 100)
    assert tabel.attrs["periode"] == "2023*" and list(tabel["leeftijdsklasse"]) == list(regiobeeld.LEEFTIJDEN.values())
    assert tabel["inwoners"].dtype == "Int64" and tabel["inwoners"].iloc[0] == 101  # people are counted whole
    assert regiobeeld.leeftijdsopbouw(bevolking(), "AM01", 2022).attrs["periode"] == "2022"
    with pytest.raises(OnvoldoendeDataFout, match="AM03"):
        regiobeeld.leeftijdsopbouw(bevolking(), "AM03", 2023)


def test_opleidingsniveau_latest_year_and_order():
    tabel = regiobeeld.opleidingsniveau(mf.beroepsbevolking(), "AM02", 2030)
    assert tabel.attrs["jaar"] == 2023
    assert list(tabel["niveau"]) == ["laag", "middelbaar", "hoog"]
    assert tabel["aandeel_procent"].tolist() == pytest.approx([25.0, 45.0, 30.0])
    assert tabel["aandeel_nl_procent"].tolist() == pytest.approx([20.0, 40.0, 40.0])


def test_sectoraandelen_unknown_sector_stays_unknown_and_sorts_last():
    tabel = regiobeeld.sectoraandelen(mf.banen(), "AM03", 2023)
    f = tabel.set_index("sector").loc["F"]
    assert np.isnan(f["aandeel_procent"]) and np.isnan(f["locatiequotient"])
    assert tabel["sector"].iloc[-1] == "F"
    am01 = regiobeeld.sectoraandelen(mf.banen(), "AM01", 2023).set_index("sector")
    verwacht = (15 * 1.03 ** 5) / (300 * 1.01 ** 5) / ((400 * 1.01 ** 5) / (8000 * 1.01 ** 5))
    assert am01.loc["F", "locatiequotient"] == pytest.approx(verwacht)
    assert am01.loc["F", "sector_naam"] == "Bouwnijverheid" and "totaal" not in am01.index


def test_inwoners_per_regio_rang_and_title():
    waarden, periode = regiobeeld.inwoners_per_regio(bevolking(), 2023)
    assert periode == "2023*" and waarden["AM01"] == 1001.0 and np.isnan(waarden["AM02"]) and "NL" not in waarden
    assert regiobeeld.rang(waarden, "AM01") == (1, 1)
    assert regiobeeld.rang(waarden, "AM02") == (None, 1)  # unknown is not ranked last, it is not ranked
    assert regiobeeld.rang({"AM01": 5.0, "AM02": 9.0, "AM03": 5.0}, "AM03") == (3, 3)
    assert regiobeeld.titel_ligging("Groningen", 5, 35, 742151.0) == \
        "Groningen is met 742 duizend inwoners de 5e van 35 arbeidsmarktregio's"
    assert "onbekend" in regiobeeld.titel_ligging("Groningen", None, 34, np.nan)


def test_regiobeeld_markdown_weaves_numbers_and_names_gaps():
    data = mf.alle_data() | {"bevolking": bevolking()}
    md = regiobeeld.regiobeeld_markdown(data, mf.parameters())
    assert "1.001 inwoners" in md and "25,1% 65 jaar of ouder" in md and "hoger dan het landelijke aandeel" in md
    assert "40,0% hoog opgeleid (landelijk 40,0%)" in md
    assert "locatiequotiënt" in md and "bouwnijverheid" in md
    leeg = regiobeeld.regiobeeld_markdown({"banen": None, "beroepsbevolking": None}, mf.parameters())
    assert "geen bevolkingscijfers" in leeg and "ontbreken" in leeg


def test_onderdeel_specifies_figure_and_table_or_says_why_not(tmp_path):
    data = mf.alle_data() | {"bevolking": bevolking()}
    for naam in data:
        data[naam].attrs["herkomst"] = mf.Herkomst()
    leeftijd = regiobeeld.onderdeel("leeftijd", data, mf.parameters())
    assert leeftijd.naam == "leeftijdsopbouw" and "25,1%" in leeftijd.argumenten["titel"]
    assert leeftijd.periode == "2023*" and "2023*" in leeftijd.bronregel and len(leeftijd.tabel) == 6
    figuur = leeftijd.grafiek(**leeftijd.argumenten, map_=tmp_path, naam=leeftijd.naam)
    assert isinstance(figuur, grafieken.Figuurbestand) and figuur.pad == tmp_path / "leeftijdsopbouw.png"
    sectoren = regiobeeld.onderdeel("sectoren", data, mf.parameters())
    assert sectoren.naam == "banen_per_sector" and sectoren.argumenten["referentie"] == 1.0
    ligging = regiobeeld.onderdeel("ligging", data, mf.parameters())
    assert ligging.naam == "ligging_regio" and ligging.tabel is None and ligging.bronregel == ""
    assert ligging.grafiek(**ligging.argumenten, map_=tmp_path, naam=ligging.naam).pad.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leeftijdsopbouw.png", "ligging_regio.png"]  # drawn only here
    with pytest.raises(OnvoldoendeDataFout, match="beroepsbevolking"):
        regiobeeld.onderdeel("opleiding", {"beroepsbevolking": None}, mf.parameters())
    with pytest.raises(ValueError, match="kies uit"):
        regiobeeld.onderdeel("kaart", data, mf.parameters())


def test_bar_chart_title_stays_on_the_figure_with_long_category_names(tmp_path):
    waarden = pd.Series({"Verhuur en handel van onroerend goed, heel lang": 1.2, "Bouw": 0.9})
    titel = "Bouwnijverheid is in Groningen ongeveer even sterk vertegenwoordigd als landelijk (locatiequotiënt 1,08)"
    f = grafieken.staafgrafiek(waarden, titel, "Locatiequotiënt", "", tmp_path, "lang", mf.Herkomst())
    fig = f.figuur
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    rechts = fig.axes[0]._left_title.get_window_extent(renderer).x1  # the finding is a left-aligned title
    assert rechts <= fig.get_figwidth() * fig.dpi
    assert fig.axes[0].get_title(loc="left").replace("\n", " ") == titel


# --- vragen ------------------------------------------------------------------------------------------------------

def test_vraagstuk_names_region_sector_horizon_and_both_sides():
    md = vragen.vraagstuk_markdown(mf.parameters(horizon=6))
    assert "Groningen (AM01)" in md and "bouwnijverheid" in md and "tot 2029" in md
    assert "*Werkgelegenheid*" in md and "*Onderwijsaanbod*" in md
    assert "in de studierichting 07 Techniek, industrie en bouwkunde volgen jongeren uit Groningen" in md
    assert vragen.VRAAGSTUK in md and vragen.HOOFDVRAAG in md


def test_keuzetabel_and_selectie_text():
    keuzes = vragen.selecteer_vragen(mf.parameters(), alle=True)
    tabel = vragen.keuzetabel(keuzes)
    assert len(tabel) == len(keuzes)
    rij = tabel.set_index("id").loc["regio_omvang"]
    assert rij["Gekozen"] == "nee" and rij["Thema"] == "Regionale economie" and rij["Pijnpunt"] == "nee"
    assert tabel.set_index("id").loc["opgave_krapte", "Open data geven"] == "geen antwoord"
    md = vragen.selectie_markdown(keuzes, mf.parameters())
    gekozen = sum(k.geselecteerd for k in keuzes)
    assert f"bevat {len(keuzes)} vragen" in md and f"blijven er {gekozen} over" in md
    assert "Hoeveel inwoners en banen telt Groningen?" in md and "alleen voor sector Q" in md


# --- bronnenmenu -------------------------------------------------------------------------------------------------

def _vraag(**kw):
    basis = dict(id="v", thema="mismatch", tekst="Vraag?", indicatoren=(), themas=("banen",), bronnen=("uwv",),
                 dekking="deels", gezamenlijke_opgave=True, gezamenlijke_opgave_waarom="a.", pijnpunt=True,
                 pijnpunt_waarom="b.")
    return vragen.Vraag(**(basis | kw))


def test_monitoring_column_keeps_its_closing_parenthesis():
    rijen = {b.id: b.als_rij() for b in bronnenmenu.laad_menu()}
    assert rijen["cbs_bevolkingsprognose"]["Bruikbaar voor monitoring"] == "nee (een prognose, geen meting)"
    assert rijen["cbs_banen"]["Bruikbaar voor monitoring"] == "ja, jaarlijks"


def test_bronnen_per_vraag_split_by_route_and_themes_needed():
    vraag = _vraag(themas=("banen", "studenten"), bronnen=("uwv", "duo_open_onderwijsdata"))
    rij = bronnenmenu.bronnen_per_vraag([vraag]).iloc[0]
    assert "CBS: Banen van werknemers" in rij["Haalt het werkboek op"]
    assert "CBS: Leerlingen en studenten; onderwijssoort, woonregio (85701NED)" in rij["Haalt het werkboek op"]
    assert rij["Via import (bestand aanleveren)"].startswith("DUO")
    assert rij["Raadplegen bij de partner"].startswith("UWV")
    leeg = bronnenmenu.bronnen_per_vraag([_vraag(themas=(), bronnen=())]).iloc[0]
    assert leeg["Haalt het werkboek op"] == "geen"
    assert bronnenmenu.benodigde_themas([vraag, _vraag(themas=("studenten", "bevolking"))]) == \
        ["banen", "studenten", "bevolking"]
    assert {"banen", "studenten", "gediplomeerden", "duo_instroom", "beroepsbevolking"} <= set(
        bronnenmenu.ophaalbare_themas())
    assert "regio_indeling" not in bronnenmenu.ophaalbare_themas()


def test_no_coverage_is_not_called_partial():
    a = bronnenmenu.beoordeel_vraag(_vraag(themas=(), dekking="geen"), {})
    assert a.oordeel == "niet" and "geen antwoord" in a.informatiebehoefte and "deel" not in a.informatiebehoefte
    assert a.informatiebehoefte == "Open data geven hierop geen antwoord. Raadpleeg UWV (bij de partner)."


def _met_herkomst(data):
    from werkboek.cbs import Herkomst

    for naam, frame in data.items():
        frame.attrs["herkomst"] = Herkomst(naam, "T" + naam[:3], f"titel {naam}", "2024-06-27T02:00:00",
                                           "2026-11-22T07:00:00+00:00", "url", demo=naam != "banen",
                                           indeling=2023 if naam == "beroepsbevolking" else None, periode="2018–2023")
    return data


def test_herkomsttabel_per_theme():
    data = _met_herkomst(mf.alle_data() | {"bevolking": bevolking()})
    # per_regio sums every year of a series in the territory of one classification and records it
    data["banen"].attrs["indeling"] = 2022
    data["studenten"] = None
    tabel = bronnenmenu.herkomsttabel(data).set_index("Thema")
    banen = tabel.loc["banen"]
    assert banen["Telt"] == "banen" and banen["Plaats"] == "werkplaats" and banen["Eenheid"] == "x 1 000"
    assert banen["Opgehaald"] == "22-11-2026" and banen["Versie bij de bron"] == "27-06-2024"
    assert banen["Regio-indeling"] == "indeling 2022, alle jaren in dat ene gebied"
    assert tabel.loc["beroepsbevolking", "Regio-indeling"] == "indeling 2023"  # the edition's own classification
    assert tabel.loc["beroepsbevolking", "Plaats"] == "woonplaats"
    assert tabel.loc["werkzamen_sector_onderwijs", "Regio-indeling"] == "niet van toepassing (alleen landelijk)"
    assert tabel.loc["bevolking", "Opgehaald"].startswith("demodata (synthetisch)")
    assert tabel.loc["studenten", "Tabel"] == "niet geladen"


def test_datakwaliteit_counts_unknown_suppressed_and_provisional():
    banen = mf.banen()
    banen["banen_onderdrukt"] = banen["banen_onderdrukt"].astype("Int64")
    # one AM01 sum resting on 3 suppressed gemeente cells, one AM01 cell unknown
    banen.loc[(banen["regio"] == "AM01") & (banen["sector"] == "G") & (banen["jaar"] == 2020), "banen_onderdrukt"] = 3
    banen.loc[(banen["regio"] == "AM01") & (banen["sector"] == "Q") & (banen["jaar"] == 2021), "banen"] = np.nan
    data = {"banen": banen, "werkzamen_sector_onderwijs": mf.verdeling(), "bevolking": bevolking()}
    k = bronnenmenu.datakwaliteit(data, "AM01").set_index("thema")
    assert k.loc["banen", "cellen"] == 5 * 6 and k.loc["banen", "onbekend"] == 1
    assert k.loc["banen", "sommen_deels_onderdrukt"] == 1 and k.loc["banen", "onderdrukte_gemeentecellen"] == 3
    assert k.loc["banen", "voorlopige_perioden"] == "2023JJ00*"
    assert k.loc["werkzamen_sector_onderwijs", "alleen_nederland"]
    assert pd.isna(k.loc["werkzamen_sector_onderwijs", "sommen_deels_onderdrukt"])
    am02 = bronnenmenu.datakwaliteit({"bevolking": bevolking()}, "AM02").iloc[0]
    assert am02["onbekend"] == 1 and am02["onderdrukte_gemeentecellen"] == 3 and am02["sommen_deels_onderdrukt"] == 0
    per_thema = bronnenmenu.onbekend_per_thema(bronnenmenu.datakwaliteit(data, "AM01"))
    assert per_thema["banen"] == pytest.approx(100 / 30) and "werkzamen sector onderwijs" not in per_thema
    per_thema = bronnenmenu.onbekend_per_thema(bronnenmenu.datakwaliteit(data | {"mbo_studenten_richting": mf.mbo_studenten_richting()},
                                                                         "AM01"))
    assert "mbo studenten richting" in per_thema  # readable labels


def test_datakwaliteit_markdown_names_caveats_and_definitions():
    data = mf.alle_data()
    data["banen"].attrs["opmerkingen"] = ["2014 met de indeling van 2019."]
    data["bevolking"] = None
    md = bronnenmenu.datakwaliteit_markdown(data, "AM03", "Drenthe")
    assert "Datacontrole voor Drenthe (AM03)" in md
    assert "- banen: 2014 met de indeling van 2019." in md
    assert "Niet geladen: bevolking" in md
    assert "alleen landelijke cijfers" in md
    assert "Banen zijn geen personen" in md and "Werkplaats en woonplaats verschillen" in md
    assert bronnenmenu.definitieverschillen({"banen": mf.banen()}) == []


def test_answer_count_title_need_and_key_figures():
    vragen_ = [_vraag(id="a", themas=("banen",), dekking="volledig"), _vraag(id="b", themas=("banen", "onderwijs")),
               _vraag(id="c", themas=(), dekking="geen")]
    matrix = bronnenmenu.antwoordmatrix(vragen_, {"banen": True, "onderwijs": False})
    telling = bronnenmenu.antwoord_telling(matrix)
    assert telling == {"beantwoord": 1, "deels": 1, "niet": 1}
    assert bronnenmenu.titel_antwoord(telling) == \
        "De open cijfers beantwoorden 1 van de 3 vragen helemaal, 1 deels en 1 niet"
    md = bronnenmenu.informatiebehoefte_markdown(matrix)
    assert md.startswith("Bij 2 van de 3 vragen") and md.count("\n- ") == 2
    assert "alle vragen" in bronnenmenu.informatiebehoefte_markdown(matrix[matrix["id"] == "a"])
    cijfers = bronnenmenu.kerncijfers_antwoord(telling)
    assert [c["naam"] for c in cijfers] == ["vragen_beantwoord", "vragen_deels", "vragen_niet"]
    assert json.dumps(cijfers) and all(c["waarde"] == 1.0 for c in cijfers)


def test_titel_onbekend():
    assert bronnenmenu.titel_onbekend({"banen": 0.5, "onderwijs": 2.8}, "Gorinchem") == \
        "In Gorinchem is 2,8% van de cijfers over onderwijs onbekend; bij de andere thema's hoogstens 0,5%"
    assert bronnenmenu.titel_onbekend({"banen": 0.0}, "X") == "Voor X zijn alle geladen cijfers bekend"
    assert bronnenmenu.titel_onbekend({"banen": 0.0, "onderwijs": 1.0}, "X").endswith("de andere thema's zijn compleet")
    assert "niet te zeggen" in bronnenmenu.titel_onbekend({"banen": np.nan}, "X")


def test_catalogusbron_gives_a_source_line_and_the_demo_mark(tmp_path):
    echt = bronnenmenu.Catalogusbron("Bron: vraagkaart")
    assert echt.bronregel() == "Bron: vraagkaart" and echt.bronregel("2023") == "Bron: vraagkaart, 2023"
    demo = bronnenmenu.Catalogusbron("Bron: vraagkaart", demo=True)
    assert "demodata (synthetisch)" in demo.bronregel()
    f = grafieken.staafgrafiek({"beantwoord": 1, "deels": 2, "niet": 0}, "Titel", "Aantal vragen", "", tmp_path, "a", demo)
    teksten = [t.get_text() for t in f.figuur.texts]
    assert grafieken.DEMO_MARK in teksten and any(t.startswith("Bron: vraagkaart") for t in teksten)


def test_tabellenbron_is_one_short_line():
    data = _met_herkomst(mf.alle_data())
    regel = bronnenmenu.tabellenbron(data).bronregel()
    # "T" + the first three letters of each theme, once each (mbo_studenten_richting and mbo_gediplomeerden_richting
    # share "Tmbo", the two DUO themes "Tduo")
    assert regel == ("Bron: demodata (synthetisch) naar model van CBS-tabellen Tban, Twer, Tber, Tstu, Tged, Tmbo, "
                     "Tduo — geen echte cijfers")
    assert regel.count("demodata") == 1 and bronnenmenu.tabellenbron(data).demo
    echt = bronnenmenu.tabellenbron({"banen": data["banen"]}).bronregel()
    assert echt == "Bron: CBS, tabellen Tban, opgehaald tot en met 22-11-2026"
    assert bronnenmenu.tabellenbron({"banen": None}).bronregel() == "Bron: geen tabellen geladen"


def test_count_bars_are_labelled_whole(tmp_path):
    f = grafieken.staafgrafiek({"beantwoord": 3, "deels": 9}, "Titel", "Aantal vragen", "", tmp_path, "tel",
                               mf.Herkomst(), geheel=True)
    labels = [t.get_text() for t in f.figuur.axes[0].texts]
    assert "9" in labels and "3" in labels and "9,0" not in labels
