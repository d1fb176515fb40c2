"""Monitoring indicators, baselines, proposal skeletons and the plan."""

from __future__ import annotations

import pytest

import maakframes as mf
from werkboek import analyse, knelpunten, monitoring
from werkboek.catalogus import CatalogusFout
from werkboek.register import standaard_register


def _catalogus():
    return {i.id: i for i in monitoring.laad_indicatoren()}


def _zonder_richting():
    """maakframes with the education source of this version (CBS 71450ned): no field, first years or graduates."""
    return mf.alle_data() | {"onderwijs": mf.onderwijs_71450ned()}


def test_catalogue_has_the_guides_indicators():
    ids = set(_catalogus())
    assert {"doorstroom_mbo3_mbo4", "instroom_niveau", "uitstroom_regionale_arbeidsmarkt", "hbo_stages_regio",
            "hbo_werk_in_regio", "banen_sector"} <= ids
    for i in _catalogus().values():
        assert i.definitie and i.frequentie and i.eenheid
        if i.heeft_open_bron:
            assert i.thema in standaard_register().themas, i.id


def test_catalogue_filters_use_the_registers_categories_and_the_three_levels():
    register = standaard_register()
    ctx = monitoring.context(mf.parameters(), "middelbaar")
    gecontroleerd = set()
    for i in _catalogus().values():
        if not i.heeft_open_bron:
            continue
        categorieen = register.thema(i.thema).categorieen
        for kolom, waarde in i.ingevuld(ctx).filter + i.ingevuld(ctx).noemer:
            if kolom in categorieen:  # a column the source of this version lacks (richting) is checked by data
                assert waarde in categorieen[kolom], (i.id, kolom, waarde)
                gecontroleerd.add(kolom)
    assert gecontroleerd == {"sector", "onderwijsniveau", "kenmerk"}
    assert dict(_catalogus()["instroom_niveau"].ingevuld(ctx).filter)["onderwijsniveau"] in analyse.NIVEAUS


def test_ingevuld_fills_placeholders_and_key():
    ctx = monitoring.context(mf.parameters(), "middelbaar")
    i = _catalogus()["instroom_niveau"].ingevuld(ctx)
    assert i.naam == "Instroom middelbaar in de bijpassende richting"
    assert dict(i.filter) == {"onderwijsniveau": "middelbaar", "richting": "techniek_bouw"}
    assert i.sleutel == "instroom_niveau:middelbaar"
    assert _catalogus()["banen_sector"].ingevuld(ctx).sleutel == "banen_sector"


def test_basiswaarde_from_data():
    data = mf.alle_data()
    ctx = monitoring.context(mf.parameters(), "middelbaar")
    b = monitoring.basiswaarde(_catalogus()["instroom_niveau"].ingevuld(ctx), data, "AM01", 2022)
    assert b.beschikbaar and b.jaar == 2022
    assert b.waarde == pytest.approx(mf.reeks_waarden(1000.0, -0.03)[4])  # mbo 2 + 3 + 4
    assert "in 2022" in b.tekst
    banen = monitoring.basiswaarde(_catalogus()["banen_sector"].ingevuld(ctx), data, "AM01")
    assert banen.voorlopig and "voorlopig" in banen.tekst and "duizend" in banen.tekst


def test_basiswaarde_share_indicator():
    ctx = monitoring.context(mf.parameters())
    b = monitoring.basiswaarde(_catalogus()["aandeel_55plus"].ingevuld(ctx), mf.alle_data(), "AM01")
    assert b.waarde == pytest.approx(25.0) and "25,0%" in b.tekst


def test_basiswaarde_without_open_data_says_so():
    ctx = monitoring.context(mf.parameters(), "hoog")
    b = monitoring.basiswaarde(_catalogus()["hbo_stages_regio"].ingevuld(ctx), mf.alle_data(), "AM01")
    assert not b.beschikbaar and b.waarde is None
    assert "geen open data" in b.tekst and "de regio en haar partners" in b.tekst


def test_indicator_whose_source_lacks_the_topic_gives_a_dutch_reason():
    ctx = monitoring.context(mf.parameters(), "middelbaar")
    data = _zonder_richting()
    instroom = _catalogus()["instroom_niveau"].ingevuld(ctx)
    assert monitoring.ontbrekend_in_bron(instroom, data) == "De open bron van het thema onderwijs telt geen instroom"
    assert monitoring.indicator_reeks(instroom, data, "AM01") is None
    b = monitoring.basiswaarde(instroom, data, "AM01")
    assert not b.beschikbaar and b.waarde is None and b.jaar is None
    assert b.tekst == "De open bron van het thema onderwijs telt geen instroom."
    gediplomeerden = _catalogus()["gediplomeerden_niveau"].ingevuld(ctx)
    assert monitoring.ontbrekend_in_bron(gediplomeerden, data).endswith("telt geen gediplomeerden")


def test_indicator_whose_source_lacks_a_category_gives_a_dutch_reason():
    ctx = monitoring.context(mf.parameters(), "middelbaar")
    data = mf.alle_data() | {"onderwijs": mf.onderwijs().drop(columns="richting")}  # first years, but no fields
    instroom = _catalogus()["instroom_niveau"].ingevuld(ctx)
    reden = "De open bron van het thema onderwijs maakt geen onderscheid naar richting"
    assert monitoring.ontbrekend_in_bron(instroom, data) == reden
    assert monitoring.basiswaarde(instroom, data, "AM01").tekst == f"{reden}."
    assert monitoring.ontbrekend_in_bron(instroom, mf.alle_data()) is None
    assert monitoring.ontbrekend_in_bron(instroom, {}) == "Het thema onderwijs is niet geladen"
    # an indicator without a field in its filter still works on this source
    banen = monitoring.basiswaarde(_catalogus()["banen_sector"].ingevuld(ctx), _zonder_richting(), "AM01")
    assert banen.beschikbaar and banen.waarde == pytest.approx(15 * 1.03 ** 5)


def test_basiswaarde_suppressed_is_not_zero():
    ctx = monitoring.context(mf.parameters(regio="AM03"))
    b = monitoring.basiswaarde(_catalogus()["banen_sector"].ingevuld(ctx), mf.alle_data(), "AM03")
    assert not b.beschikbaar and b.waarde is None and "onderdrukt" in b.tekst


def test_voorstellen_skeleton_leaves_policy_to_the_region():
    p = mf.parameters()
    data = mf.alle_data()
    gevonden = knelpunten.knelpunten(knelpunten.beoordeel(analyse.duidingsbasis(data, p)))
    vs = monitoring.voorstellen(gevonden, p, data, doelen={"instroom_niveau:middelbaar": 450.0})
    per_code = {(v.knelpunt["code"], v.knelpunt["onderwijsniveau"]): v for v in vs}
    v = per_code[("groei_dalende_instroom", "middelbaar")]
    assert {i.sleutel for i in v.indicatoren} >= {"instroom_niveau:middelbaar", "banen_sector", "doorstroom_mbo3_mbo4"}
    assert v.doelen["instroom_niveau:middelbaar"] == 450.0 and v.doelen["banen_sector"] is None
    assert v.doeljaar == 2028
    assert all(waarde == monitoring.IN_TE_VULLEN for waarde in v.invulling.values())
    hoog = per_code[("groei_zonder_aanbod", "hoog")]
    assert {i.id for i in hoog.indicatoren} >= {"hbo_stages_regio", "hbo_werk_in_regio"}


def test_monitoringsplan_table_and_text():
    p = mf.parameters()
    data = mf.alle_data()
    gevonden = knelpunten.knelpunten(knelpunten.beoordeel(analyse.duidingsbasis(data, p)))
    vs = monitoring.voorstellen(gevonden, p, data, doelen={"instroom_niveau:middelbaar": 450.0})
    tabel = monitoring.monitoringsplan_tabel(vs)
    for kop in ("Knelpunt", "Indicator", "Bron", "Frequentie", "Basiswaarde", "Streefwaarde", "Doel", "Aanpak",
                "Partners", "Besluit", "Looptijd"):
        assert kop in tabel.columns
    rij = tabel[tabel["Indicator"] == "Instroom middelbaar in de bijpassende richting"].iloc[0]
    assert rij["Streefwaarde"] == 450.0 and rij["Streefjaar"] == 2028
    md = monitoring.monitoringsplan_markdown(vs, p)
    assert md.startswith("# Monitoringsplan Groningen: bouwnijverheid")
    assert "Streefwaarde: 450 in 2028" in md and monitoring.IN_TE_VULLEN in md
    assert "geen open bron" in md
    assert "geen knelpunten" in monitoring.monitoringsplan_markdown([], p)


def test_catalogue_without_source_or_menu_is_refused(tmp_path):
    pad = tmp_path / "ind.yaml"
    pad.write_text("indicatoren:\n  - {id: x, naam: X, definitie: d, bron: geen open bron, frequentie: f, eenheid: aantal}\n",
                   encoding="utf-8")
    with pytest.raises(CatalogusFout, match="menu"):
        monitoring.laad_indicatoren(str(pad))


def test_schrijf_monitoringsplan_excel_and_markdown(tmp_path):
    from openpyxl import load_workbook

    p = mf.parameters()
    data = mf.alle_data()
    gevonden = knelpunten.knelpunten(knelpunten.beoordeel(analyse.duidingsbasis(data, p)))
    vs = monitoring.voorstellen(gevonden, p, data)
    xlsx, md = monitoring.schrijf_monitoringsplan(vs, p, tmp_path, mf.Herkomst(demo=True))
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["Monitoringsplan", "Indicatoren", "Bron"]
    koppen = [c.value for c in wb["Monitoringsplan"][1]]
    assert {"Knelpunt", "Indicator", "Basiswaarde", "Streefwaarde", "Aanpak"} <= set(koppen)
    bron = {r[0]: r[1] for r in wb["Bron"].iter_rows(min_row=2, values_only=True)}
    assert bron["Demodata"].startswith("JA")
    assert md.read_text(encoding="utf-8").startswith("# Monitoringsplan Groningen")
