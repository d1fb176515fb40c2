"""Monitoring indicators, baselines, proposal skeletons and the plan."""

from __future__ import annotations

import pytest

import maakframes as mf
from werkboek import analyse, knelpunten, monitoring
from werkboek.catalogus import CatalogusFout


def _catalogus():
    return {i.id: i for i in monitoring.laad_indicatoren()}


def test_catalogue_has_the_guides_indicators():
    ids = set(_catalogus())
    assert {"doorstroom_mbo3_mbo4", "instroom_niveau", "uitstroom_regionale_arbeidsmarkt", "hbo_stages_regio",
            "hbo_werk_in_regio", "banen_sector"} <= ids
    for i in _catalogus().values():
        assert i.definitie and i.frequentie and i.eenheid
        if i.heeft_open_bron:
            assert i.thema in analyse._register()["themas"]


def test_ingevuld_fills_placeholders_and_key():
    ctx = monitoring.context(mf.parameters(), "mbo_4")
    i = _catalogus()["instroom_niveau"].ingevuld(ctx)
    assert i.naam == "Instroom mbo 4 in de bijpassende richting"
    assert dict(i.filter) == {"onderwijsniveau": "mbo_4", "richting": "techniek_bouw"}
    assert i.sleutel == "instroom_niveau:mbo_4"
    assert _catalogus()["banen_sector"].ingevuld(ctx).sleutel == "banen_sector"


def test_basiswaarde_from_data():
    data = mf.alle_data()
    ctx = monitoring.context(mf.parameters(), "mbo_4")
    b = monitoring.basiswaarde(_catalogus()["instroom_niveau"].ingevuld(ctx), data, "AM01", 2022)
    assert b.beschikbaar and b.jaar == 2022
    assert b.waarde == pytest.approx(mf.reeks_waarden(400.0, -0.03)[4])
    assert "in 2022" in b.tekst
    banen = monitoring.basiswaarde(_catalogus()["banen_sector"].ingevuld(ctx), data, "AM01")
    assert banen.voorlopig and "voorlopig" in banen.tekst and "duizend" in banen.tekst


def test_basiswaarde_share_indicator():
    ctx = monitoring.context(mf.parameters())
    b = monitoring.basiswaarde(_catalogus()["aandeel_55plus"].ingevuld(ctx), mf.alle_data(), "AM01")
    assert b.waarde == pytest.approx(25.0) and "25,0%" in b.tekst


def test_basiswaarde_without_open_data_says_so():
    ctx = monitoring.context(mf.parameters(), "hbo")
    b = monitoring.basiswaarde(_catalogus()["hbo_stages_regio"].ingevuld(ctx), mf.alle_data(), "AM01")
    assert not b.beschikbaar and b.waarde is None
    assert "geen open data" in b.tekst and "de regio en haar partners" in b.tekst


def test_basiswaarde_suppressed_is_not_zero():
    ctx = monitoring.context(mf.parameters(regio="AM03"))
    b = monitoring.basiswaarde(_catalogus()["banen_sector"].ingevuld(ctx), mf.alle_data(), "AM03")
    assert not b.beschikbaar and b.waarde is None and "onderdrukt" in b.tekst


def test_voorstellen_skeleton_leaves_policy_to_the_region():
    p = mf.parameters()
    data = mf.alle_data()
    gevonden = knelpunten.knelpunten(knelpunten.beoordeel(analyse.duidingsbasis(data, p)))
    vs = monitoring.voorstellen(gevonden, p, data, doelen={"instroom_niveau:mbo_4": 450.0})
    per_code = {(v.knelpunt["code"], v.knelpunt["onderwijsniveau"]): v for v in vs}
    v = per_code[("groei_dalende_instroom", "mbo_4")]
    assert {i.sleutel for i in v.indicatoren} >= {"instroom_niveau:mbo_4", "banen_sector", "doorstroom_mbo3_mbo4"}
    assert v.doelen["instroom_niveau:mbo_4"] == 450.0 and v.doelen["banen_sector"] is None
    assert v.doeljaar == 2028
    assert all(waarde == monitoring.IN_TE_VULLEN for waarde in v.invulling.values())
    hbo = per_code[("groei_zonder_aanbod", "hbo")]
    assert {i.id for i in hbo.indicatoren} >= {"hbo_stages_regio", "hbo_werk_in_regio"}


def test_monitoringsplan_table_and_text():
    p = mf.parameters()
    data = mf.alle_data()
    gevonden = knelpunten.knelpunten(knelpunten.beoordeel(analyse.duidingsbasis(data, p)))
    vs = monitoring.voorstellen(gevonden, p, data, doelen={"instroom_niveau:mbo_4": 450.0})
    tabel = monitoring.monitoringsplan_tabel(vs)
    for kop in ("Knelpunt", "Indicator", "Bron", "Frequentie", "Basiswaarde", "Streefwaarde", "Doel", "Aanpak",
                "Partners", "Besluit", "Looptijd"):
        assert kop in tabel.columns
    rij = tabel[tabel["Indicator"] == "Instroom mbo 4 in de bijpassende richting"].iloc[0]
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
