"""Monitoring indicators, baselines, proposal skeletons and the plan."""

from __future__ import annotations

import pytest

import maakframes as mf
from werkboek import analyse, knelpunten, monitoring
from werkboek.catalogus import CatalogusFout
from werkboek.register import standaard_register


def _catalogus():
    return {i.id: i for i in monitoring.laad_indicatoren()}




def test_catalogue_has_the_guides_indicators():
    ids = set(_catalogus())
    assert {"doorstroom_mbo3_mbo4", "instroom_niveau", "uitstroom_regionale_arbeidsmarkt", "hbo_stages_regio",
            "hbo_werk_in_regio", "banen_sector"} <= ids
    for i in _catalogus().values():
        assert i.definitie and i.frequentie and i.eenheid
        if i.heeft_open_bron:
            assert i.thema in standaard_register().thema_namen(), i.id


def test_catalogue_filters_use_the_registers_categories_and_the_three_levels():
    register = standaard_register()
    ctx = monitoring.context(mf.parameters(), "middelbaar")
    gecontroleerd = set()
    for i in _catalogus().values():
        if not i.heeft_open_bron:
            continue
        categorieen = register.categorieen_van(i.thema)
        for kolom, waarde in i.ingevuld(ctx).filter + i.ingevuld(ctx).noemer:
            assert kolom in categorieen, (i.id, kolom)
            # a tuple is a sum over its values ({isced}, {detailniveaus}): each must be a category of the source
            for w in waarde if isinstance(waarde, tuple) else (waarde,):
                assert w in categorieen[kolom], (i.id, kolom, w)
            gecontroleerd.add(kolom)
    assert gecontroleerd == {"sector", "onderwijsniveau", "kenmerk", "richting"}
    assert dict(_catalogus()["instroom_niveau"].ingevuld(ctx).filter)["onderwijsniveau"] in analyse.NIVEAUS


def test_ingevuld_fills_placeholders_and_key():
    ctx = monitoring.context(mf.parameters(), "middelbaar")
    i = _catalogus()["instroom_niveau"].ingevuld(ctx)
    assert i.naam == "Eerstejaars middelbaar"
    assert dict(i.filter) == {"onderwijsniveau": "middelbaar", "richting": "totaal"}
    assert i.sleutel == "instroom_niveau:middelbaar"
    assert _catalogus()["banen_sector"].ingevuld(ctx).sleutel == "banen_sector"
    # the linked ISCED-F fields and the detail levels inside the level, summed: F has field 07, B-E 07 and 05
    g = _catalogus()["gediplomeerden_niveau"].ingevuld(ctx)
    assert dict(g.filter) == {"onderwijsniveau": ("mbo_2", "mbo_3", "mbo_4"), "richting": ("isced_07",)}
    assert g.sleutel == "gediplomeerden_niveau:middelbaar" and g.naam == "Gediplomeerden middelbaar in de gekoppelde studierichtingen"
    be = _catalogus()["gediplomeerden_niveau"].ingevuld(monitoring.context(mf.parameters(sector="B-E"), "laag"))
    assert dict(be.filter) == {"onderwijsniveau": ("entree",), "richting": ("isced_07", "isced_05")}
    assert be.bron_tekst == ("thema mbo_gediplomeerden_richting, onderwerp gediplomeerden (onderwijsniveau = entree, "
                             "richting = isced_07 + isced_05)")


def test_basiswaarde_from_data():
    data = mf.alle_data()
    ctx = monitoring.context(mf.parameters(), "middelbaar")
    b = monitoring.basiswaarde(_catalogus()["instroom_niveau"].ingevuld(ctx), data, "AM01", 2022)
    assert b.beschikbaar and b.jaar == 2022
    # a count: the mean of the last three definitive years, DUO mbo 2 + 3 + 4 = round(200 x 0,97^k) +
    # 2 x round(400 x 0,97^k) for 2020-2022 (k = 2, 3, 4); one masked cell (1 to 4) a year: a range 3 wide
    per_jaar = [round(200 * 0.97 ** k) + 2 * round(400 * 0.97 ** k) for k in (2, 3, 4)]
    assert b.waarde == pytest.approx(sum(per_jaar) / 3)
    assert (b.onder, b.boven) == pytest.approx((b.waarde - 1.5, b.waarde + 1.5))
    assert "gemiddelde 2020–2022" in b.tekst and "afgeschermde kleine aantallen" in b.tekst
    # the field graduates at entree: CBS counts no sum 'laag' per field, so the detail level is used: 24 (30% of 80)
    laag = monitoring.basiswaarde(_catalogus()["gediplomeerden_niveau"].ingevuld(monitoring.context(mf.parameters(), "laag")),
                                  data, "AM01")
    assert laag.beschikbaar and laag.waarde == 24.0 and laag.jaar == 2022  # 2023 is provisional
    midden = monitoring.basiswaarde(_catalogus()["gediplomeerden_niveau"].ingevuld(ctx), data, "AM01")
    assert midden.waarde == 246.0  # 51 + 105 + 90, the same outflow the duiding uses
    banen = monitoring.basiswaarde(_catalogus()["banen_sector"].ingevuld(ctx), data, "AM01")
    # not a count: the last definitive year; the provisional 2023 beside it, not as the baseline
    assert banen.jaar == 2022 and not banen.voorlopig and banen.waarde == pytest.approx(15 * 1.03 ** 4)
    assert "voorlopig" in banen.tekst and "2023" in banen.tekst and "duizend" in banen.tekst


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
    data = mf.alle_data()
    data["duo_instroom"] = data["duo_instroom"].drop(columns=["doorstroom_mbo3", "doorstroom_mbo3_onder",
                                                              "doorstroom_mbo3_boven"])
    doorstroom = _catalogus()["doorstroom_mbo3_mbo4"].ingevuld(ctx)
    reden = "De open bron van het thema duo_instroom telt geen doorstroom mbo3"
    assert monitoring.ontbrekend_in_bron(doorstroom, data) == reden
    assert monitoring.indicator_reeks(doorstroom, data, "AM01") is None
    b = monitoring.basiswaarde(doorstroom, data, "AM01")
    assert not b.beschikbaar and b.waarde is None and b.jaar is None
    assert b.tekst == f"{reden}; leg de basiswaarde vast met gegevens van DUO en de regio en haar partners."
    assert monitoring.ontbrekend_in_bron(doorstroom, mf.alle_data()) is None


def test_indicator_whose_source_lacks_a_category_gives_a_dutch_reason():
    ctx = monitoring.context(mf.parameters(), "middelbaar")
    gediplomeerden = _catalogus()["gediplomeerden_niveau"].ingevuld(ctx)
    zonder_richting = mf.alle_data() | {
        "mbo_gediplomeerden_richting": mf.mbo_gediplomeerden_richting().query("richting == 'totaal'").drop(
            columns="richting")}
    reden = "De open bron van het thema mbo_gediplomeerden_richting maakt geen onderscheid naar richting"
    assert monitoring.ontbrekend_in_bron(gediplomeerden, zonder_richting) == reden
    assert monitoring.basiswaarde(gediplomeerden, zonder_richting, "AM01").tekst == f"{reden}."
    # CBS counts mbo graduates per field, not hbo and wo: a category the source does not have
    hoog = _catalogus()["gediplomeerden_niveau"].ingevuld(monitoring.context(mf.parameters(), "hoog"))
    assert monitoring.ontbrekend_in_bron(hoog, mf.alle_data()) == (
        "De open bron van het thema mbo_gediplomeerden_richting telt hbo + wo niet per regio")
    instroom = _catalogus()["instroom_niveau"].ingevuld(ctx)
    assert monitoring.ontbrekend_in_bron(instroom, mf.alle_data()) is None
    assert monitoring.ontbrekend_in_bron(instroom, {}) == "Het thema duo_instroom is niet geladen"
    # AM02 has no mbo main site: DUO has no mbo rows there, so no baseline, never 0
    am02 = monitoring.basiswaarde(instroom, mf.alle_data(), "AM02")
    assert not am02.beschikbaar and am02.waarde is None and "geen definitief cijfer bekend" in am02.tekst
    # an indicator without an education filter works without the education themes
    banen = monitoring.basiswaarde(_catalogus()["banen_sector"].ingevuld(ctx), {"banen": mf.banen()}, "AM01")
    assert banen.beschikbaar and banen.waarde == pytest.approx(15 * 1.03 ** 4)


def test_basiswaarde_suppressed_is_not_zero():
    ctx = monitoring.context(mf.parameters(regio="AM03"))
    b = monitoring.basiswaarde(_catalogus()["banen_sector"].ingevuld(ctx), mf.alle_data(), "AM03")
    assert not b.beschikbaar and b.waarde is None and "onderdrukt" in b.tekst


def _tekort(niveau: str, code: str = "tekort") -> knelpunten.Beoordeling:
    return knelpunten.Beoordeling(code, f"Tekort op {niveau} niveau", niveau, knelpunten.KNELPUNT, "bewijs", "regel")


def test_voorstellen_skeleton_leaves_policy_to_the_region():
    p = mf.parameters()
    data = mf.alle_data()
    vs = monitoring.voorstellen([_tekort("middelbaar"), _tekort("hoog", "dreigend_tekort")], p, data,
                                doelen={"instroom_niveau:middelbaar": 450.0})
    per_code = {(v.knelpunt["code"], v.knelpunt["onderwijsniveau"]): v for v in vs}
    v = per_code[("tekort", "middelbaar")]
    assert {i.sleutel for i in v.indicatoren} >= {"instroom_niveau:middelbaar", "banen_sector", "doorstroom_mbo3_mbo4",
                                                  "instroom_mbo4", "aandeel_55plus"}
    assert v.doelen["instroom_niveau:middelbaar"] == 450.0 and v.doelen["banen_sector"] is None
    assert v.doeljaar == 2028
    assert all(waarde == monitoring.IN_TE_VULLEN for waarde in v.invulling.values())
    # indicators limited to a level ('niveaus') follow the decision's level: hbo stages at hoog, not mbo 4 inflow
    hoog = per_code[("dreigend_tekort", "hoog")]
    assert {i.id for i in hoog.indicatoren} >= {"hbo_stages_regio", "hbo_werk_in_regio"}
    assert "instroom_mbo4" not in {i.id for i in hoog.indicatoren}
    assert "hbo_stages_regio" not in {i.id for i in v.indicatoren}
    # an attention point or an uncertain outcome gets no proposal: only pain points do
    assert monitoring.voorstellen([knelpunten.Beoordeling("landen_afgestudeerden", "x", "middelbaar",
                                                          knelpunten.AANDACHTSPUNT, "", "")], p, data)[0].indicatoren == []


def test_monitoringsplan_table_and_text():
    p = mf.parameters()
    data = mf.alle_data()
    vs = monitoring.voorstellen([_tekort("middelbaar")], p, data, doelen={"instroom_niveau:middelbaar": 450.0})
    tabel = monitoring.monitoringsplan_tabel(vs)
    for kop in ("Knelpunt", "Indicator", "Bron", "Frequentie", "Basiswaarde", "Streefwaarde", "Doel", "Aanpak",
                "Partners", "Besluit", "Looptijd"):
        assert kop in tabel.columns
    rij = tabel[tabel["Indicator"] == "Eerstejaars middelbaar"].iloc[0]
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
    vs = monitoring.voorstellen([_tekort("middelbaar")], p, data)
    xlsx, md = monitoring.schrijf_monitoringsplan(vs, p, tmp_path, mf.Herkomst(demo=True))
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["Monitoringsplan", "Indicatoren", "Bron"]
    koppen = [c.value for c in wb["Monitoringsplan"][1]]
    assert {"Knelpunt", "Indicator", "Basiswaarde", "Streefwaarde", "Aanpak"} <= set(koppen)
    bron = {r[0]: r[1] for r in wb["Bron"].iter_rows(min_row=2, values_only=True)}
    assert bron["Demodata"].startswith("JA")
    assert md.read_text(encoding="utf-8").startswith("# Monitoringsplan Groningen")
