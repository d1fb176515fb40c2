"""The education supply per level (werkboek.aanbod) and the DUO sums per region (werkboek.onderwijs_per_regio).

What the issue 'Onderwijsaanbod en opleidingsniveaus uit echte bronnen' asks to see: the level mapping, masked DUO
counts never summed as numbers, the attribution stated with every figure, rounding to tens respected (a change
inside the rounding is not a trend), and a region where a level has no supply at all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import maakframes as mf
from werkboek import aanbod, analyse, duiding, knelpunten, onderwijs_per_regio, sectorrichting, tekst, trend
from werkboek.knelpunten import KNELPUNT, NIET_TE_BEOORDELEN


def _aanbod(regio="AM01", sector="F", data=None):
    return aanbod.onderwijsaanbod(data or mf.onderwijsdata(), regio, sector, 2023)


def _rij(resultaat, niveau):
    return resultaat.per_niveau.set_index("onderwijsniveau").loc[niveau]


# -- level mapping ------------------------------------------------------------------------------------------------


def test_level_mapping_follows_the_cbs_classification():
    assert tekst.NIVEAU_VAN_AANBOD == {"entree": "laag", "mbo_2": "middelbaar", "mbo_3": "middelbaar",
                                       "mbo_4": "middelbaar", "hbo": "hoog", "wo": "hoog"}
    assert aanbod.DETAIL_VAN == {"laag": ["entree"], "middelbaar": ["mbo_2", "mbo_3", "mbo_4"], "hoog": ["hbo", "wo"]}
    assert "entree → laag; mbo 2, 3 en 4 → middelbaar; hbo en wo → hoog" in tekst.NIVEAUINDELING


def test_each_level_is_the_sum_of_its_detail_and_the_detail_stays_visible():
    resultaat = _aanbod()
    detail = resultaat.detail.set_index("opleiding")
    for niveau, delen in aanbod.DETAIL_VAN.items():
        som = sum(detail.loc[tekst.niveau_label(d), "studenten"] for d in delen)
        assert _rij(resultaat, niveau)["ingeschrevenen"] == som
    assert list(resultaat.detail["opleiding"]) == ["mbo entree", "mbo 2", "mbo 3", "mbo 4", "hbo", "wo"]
    assert list(resultaat.detail["niveau"]) == ["laag", "middelbaar", "middelbaar", "middelbaar", "hoog", "hoog"]


def test_first_years_at_a_level_are_the_sum_of_the_linked_directions_of_its_detail_levels():
    resultaat = _aanbod()
    duo = mf.duo_instroom()
    laatste = duo[(duo["regio"] == "AM01") & (duo["jaar"] == 2023)
                  & (duo["richting"] == "Techniek en gebouwde omgeving")]
    verwacht = laatste[laatste["onderwijsniveau"].isin(["mbo_2", "mbo_3", "mbo_4"])]["instroom"].sum()
    assert _rij(resultaat, "middelbaar")["instroom"] == pytest.approx(verwacht)
    hoog = duo[(duo["regio"] == "AM01") & (duo["jaar"] == 2023) & (duo["richting"] == "TECHNIEK")]
    assert _rij(resultaat, "hoog")["instroom"] == pytest.approx(hoog["instroom"].sum())


def test_sector_links_are_read_with_a_reason_for_each():
    koppelingen = sectorrichting.alle_koppelingen()
    assert {k.sector for k in koppelingen} >= {"A", "B-E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q",
                                              "R-U"}
    assert all(k.reden for k in koppelingen)
    assert sectorrichting.richtingen("F", "isced") == ["isced_07"]
    assert sectorrichting.richtingen("Q", "sectorkamer") == ["Zorg, welzijn en sport"]
    assert sectorrichting.richting_label("F") == "07 Techniek, industrie en bouwkunde"


def test_an_unknown_direction_in_the_links_file_is_refused_with_the_line(tmp_path, monkeypatch):
    from werkboek import paden

    (tmp_path / "sectoren.csv").write_text((paden.data_dir() / "sectoren.csv").read_text(encoding="utf-8"),
                                           encoding="utf-8")
    (tmp_path / "sector_richting.csv").write_text(
        "sector,soort,code,naam,reden\nF,isced,07,Techniek,Bouw\nF,sectorkamer,Bouw,Bouw,reden\n", encoding="utf-8")
    monkeypatch.setattr(paden, "data_dir", lambda: tmp_path)
    sectorrichting.alle_koppelingen.cache_clear()
    try:
        with pytest.raises(sectorrichting.KoppelingFout, match="regel 3: code 'Bouw' is geen sectorkamer"):
            sectorrichting.alle_koppelingen()
    finally:
        sectorrichting.alle_koppelingen.cache_clear()


# -- masked DUO counts ----------------------------------------------------------------------------------------------


def _duo_cellen():
    """Four DUO cells of two gemeenten in AM01 and one in AM02; two masked (DUO's -1: 1 to 4)."""
    return pd.DataFrame([
        {"jaar": 2023, "gemeente": "GM0001", "instelling": "A", "onderwijsniveau": "mbo_4", "richting": "Handel",
         "aantal_min": 120.0, "aantal_max": 120.0, "gemaskeerd": False},
        {"jaar": 2023, "gemeente": "GM0001", "instelling": "A", "onderwijsniveau": "mbo_3", "richting": "Handel",
         "aantal_min": 1.0, "aantal_max": 4.0, "gemaskeerd": True},
        {"jaar": 2023, "gemeente": "GM0002", "instelling": "B", "onderwijsniveau": "mbo_4", "richting": "Handel",
         "aantal_min": 1.0, "aantal_max": 4.0, "gemaskeerd": True},
        {"jaar": 2023, "gemeente": "GM0003", "instelling": "C", "onderwijsniveau": "mbo_4", "richting": "Handel",
         "aantal_min": 30.0, "aantal_max": 30.0, "gemaskeerd": False},
    ])


def _toewijzing():
    return pd.DataFrame({"gemeente": ["GM0001", "GM0002", "GM0003"], "regio": ["AM01", "AM01", "AM02"]})


def test_masked_duo_cells_are_summed_as_a_range_never_as_a_number():
    frame = onderwijs_per_regio.per_regio(_duo_cellen(), "instroom", _toewijzing(), {"AM01": "A", "AM02": "B"})
    rij = frame[(frame["regio"] == "AM01") & (frame["onderwijsniveau"] == "middelbaar")
                & (frame["richting"] == "totaal")].iloc[0]
    # 120 + (1..4) + (1..4): never 120 - 1 - 1 (DUO's code) and never 120 + 4 + 4 as an exact number
    assert (rij["instroom_onder"], rij["instroom_boven"]) == (122.0, 128.0)
    assert rij["instroom_gemaskeerd"] == 2
    assert rij["instroom"] == 125.0  # the middle, for charts; the text shows the range
    assert tekst.bereik(rij["instroom_onder"], rij["instroom_boven"]) == "122 tot 128"
    nederland = frame[(frame["regio"] == "NL") & (frame["onderwijsniveau"] == "totaal") & (frame["richting"] == "totaal")]
    assert (nederland.iloc[0]["instroom_onder"], nederland.iloc[0]["instroom_boven"]) == (152.0, 158.0)
    assert frame.loc[frame["regio"] == "AM01", "instellingen"].max() == 2


def test_a_range_carries_into_the_supply_and_its_growth_margin():
    resultaat = _aanbod()
    detail = resultaat.detail.set_index("opleiding")
    assert detail.loc["mbo 2", "eerstejaars"] == "171 tot 174"  # one masked cell in mbo 2
    assert detail.loc["mbo 3", "eerstejaars"] == "343"


def test_hbo_and_wo_locations_are_complete_so_a_region_without_rows_has_zero():
    cellen = _duo_cellen().assign(onderwijsniveau="hbo", richting="TECHNIEK")
    frame = onderwijs_per_regio.per_regio(cellen[cellen["gemeente"] == "GM0001"], "instroom", _toewijzing(),
                                          {"AM01": "A", "AM02": "B"}, nullen_aanvullen=True)
    am02 = frame[(frame["regio"] == "AM02") & (frame["onderwijsniveau"] == "hbo") & (frame["richting"] == "TECHNIEK")]
    assert len(am02) == 1 and am02.iloc[0]["instroom_boven"] == 0.0 and am02.iloc[0]["instellingen"] == 0


# -- attribution ----------------------------------------------------------------------------------------------------


def test_every_supply_figure_says_where_it_is_attributed():
    resultaat = _aanbod()
    for niveau in ("laag", "middelbaar"):
        assert _rij(resultaat, niveau)["instroom_plaats"] == aanbod.PLAATS_HOOFDVESTIGING
    assert _rij(resultaat, "hoog")["instroom_plaats"] == aanbod.PLAATS_VESTIGING
    assert "woonplaats" in _rij(resultaat, "middelbaar")["uitstroom_bron"] or aanbod.PLAATS_WOON
    assert any("waar de student woont" in t for t in resultaat.toelichting)
    assert any("hoofdvestiging" in t for t in resultaat.toelichting)


def test_the_duiding_table_names_residence_and_location_in_its_cells():
    basis = analyse.duidingsbasis(mf.alle_data(), mf.parameters())
    tabel = duiding.duidingstabel(basis)
    middelbaar = tabel[tabel["onderwerp"] == "middelbaar"]
    zien, betekenis = middelbaar["onderwijsaanbod"].iloc[0], middelbaar["onderwijsaanbod"].iloc[1]
    assert "woonplaats" in zien and "afronding" in zien and "vestiging" in zien
    assert "hoofdvestiging" in betekenis and "gediplomeerden ca." in betekenis and "woonplaats" in betekenis
    assert "schoolverlaters die in de regio gaan werken" in betekenis
    assert "entree → laag" in tabel.attrs["toelichting"]


def test_without_duo_first_years_the_student_trend_is_used_and_labelled():
    resultaat = _aanbod(regio="AM02")
    middelbaar = _rij(resultaat, "middelbaar")
    assert middelbaar["instroom_bron"] == "cbs_studententrend"
    assert middelbaar["instroom_plaats"] == aanbod.PLAATS_WOON
    assert "in plaats daarvan de trend van alle studenten" in middelbaar["instroom_wat"]
    assert tekst.is_leeg(middelbaar["instroom"])  # no first-year count is made up
    assert any("trend van de studenten" in zin for zin in resultaat.ontbrekend)


# -- rounding ---------------------------------------------------------------------------------------------------------


def _studenten(regio: str, niveau: str) -> list[float]:
    """Students living in the region at one level per year (maakframes), each detail level rounded to tens."""
    delen = {"laag": ("entree",), "middelbaar": ("mbo_2", "mbo_3", "mbo_4"), "hoog": ("hbo", "wo")}[niveau]
    cijfers = mf.STUDENTEN[regio]
    return [sum(mf._tiental(cijfers[d][0] * (1 + cijfers[d][1]) ** i) for d in delen) for i in range(len(mf.JAREN))]


def test_the_student_trend_counts_chance_and_rounding_to_tens():
    # AM02 has no DUO first-years at mbo: the trend of the students living there, judged as counts (Poisson) that CBS
    # rounds to tens, over the definitive years (2023 is provisional and stays beside it)
    gekozen = _aanbod(regio="AM02").instroomreeksen["middelbaar"]
    assert gekozen.bron == "cbs_studententrend"
    t = aanbod.instroomtrend(gekozen, 2023, 8)
    waarden = _studenten("AM02", "middelbaar")
    # a regional sum of 8 gemeente cells per detail level (3 levels), each rounded to tens: margin 3 x 8 x 5 = 120,
    # variance 24 x 10²/12, the same as one rounding of 10 x √24
    verwacht = trend.trend(mf.JAREN, waarden, voorlopig=[j == 2023 for j in mf.JAREN], telling=True,
                           afronding=10.0 * 24 ** 0.5)
    assert (t.groei_procent, t.standaardfout_procent, t.klasse) == (
        pytest.approx(verwacht.groei_procent), pytest.approx(verwacht.standaardfout_procent), verwacht.klasse)
    assert t.voorlopig_jaar == 2023 and t.eindjaar == 2022
    # without counting noise the same series would be judged on its spread alone: a smaller standard error
    kaal = trend.trend(mf.JAREN, waarden, voorlopig=[j == 2023 for j in mf.JAREN])
    assert t.standaardfout_procent > kaal.standaardfout_procent
    # DUO first-years are exact counts: Poisson, no rounding
    duo = _aanbod().instroomreeksen["middelbaar"]
    assert duo.bron == "duo_eerstejaars"
    t_duo = aanbod.instroomtrend(duo, 2023, 8)
    eerstejaars = duo.reeks["instroom"].astype(float).tolist()
    assert t_duo.standaardfout_procent == pytest.approx(trend.trend(
        mf.JAREN, eerstejaars, voorlopig=[j == 2023 for j in mf.JAREN], telling=True).standaardfout_procent)
    # the window: the last definitive years
    assert aanbod.instroomtrend(duo, 2023, 3).beginjaar == 2020


def test_a_change_inside_the_noise_is_not_a_decline():
    # AM02: mbo -0,2% a year on about 2 400 students rounded to tens: inside the uncertainty
    resultaat = _aanbod(regio="AM02")
    middelbaar = _rij(resultaat, "middelbaar")
    assert middelbaar["instroom_cagr_procent"] < 0
    assert middelbaar["instroom_cagr_onder_procent"] < -0.5 < middelbaar["instroom_cagr_boven_procent"]
    assert middelbaar["instroom_klasse"] == "geen duidelijke ontwikkeling"
    assert abs(middelbaar["instroom_t"]) < 1.645 and "binnen de onzekerheid" in middelbaar["instroom_zin"]
    # so growing jobs (+5% a year) do not make it a threatening shortage
    basis = analyse.duidingsbasis(mf.alle_data() | {"banen": _groeiende_banen("AM02")}, mf.parameters(regio="AM02"))
    n = basis.per_niveau.set_index("onderwijsniveau")
    assert n.loc["middelbaar", "werk_klasse"] == "groeit"
    regel = [b for b in knelpunten.beoordeel(basis) if b.onderwijsniveau == "middelbaar"][0]
    assert regel.code != knelpunten.DREIGEND and not regel.is_knelpunt
    assert "binnen de onzekerheid" in regel.bewijs


def _groeiende_banen(regio):
    banen = mf.banen()
    rijen = (banen["regio"] == regio) & (banen["sector"] == "F")
    banen.loc[rijen, "banen"] = [14.0 * 1.05 ** i for i in range(rijen.sum())]
    return banen


def test_a_decline_beyond_the_noise_is_a_finding():
    # AM01 without DUO: students at mbo 3 300 -> 2 840, -3% a year on thousands of counts, far outside the noise
    data = mf.alle_data() | {"duo_instroom": None, "duo_gediplomeerden": None}
    basis = analyse.duidingsbasis(data, mf.parameters())
    middelbaar = basis.per_niveau.set_index("onderwijsniveau").loc["middelbaar"]
    assert middelbaar["instroom_klasse"] == "daalt" and middelbaar["instroom_t"] < -1.645
    assert middelbaar["instroom_zin"].startswith("daalt met \u22123,0% per jaar")
    regel = [b for b in knelpunten.beoordeel(basis) if b.onderwijsniveau == "middelbaar"][0]
    assert regel.status == KNELPUNT and regel.code == knelpunten.DREIGEND
    assert any(o.startswith("instroom daalt") for o in regel.oorzaken)


def test_rounded_counts_are_shown_no_finer_than_tens():
    assert tekst.tiental(1234.4) == "1.230" and tekst.tiental(1235) == "1.240"
    basis = analyse.duidingsbasis(mf.alle_data(), mf.parameters())
    tabel = duiding.niveautabel(basis)
    assert (tabel["Studenten (woonplaats, afgerond op tientallen)"].dropna() % 10 == 0).all()
    for kolom in ("Gediplomeerden per jaar (woonplaats, gemiddelde)", "Schoolverlaters die blijven per jaar, laag "
                  "(schatting)", "Schoolverlaters die blijven per jaar, hoog (schatting)",
                  "Uitbreidingsvraag over de horizon (banen)", "Behoefte focussector per jaar, laag (banen)"):
        assert (tabel[kolom].dropna() % 10 == 0).all(), kolom


def test_region_margin_grows_with_the_number_of_gemeenten_and_the_parts_of_a_level():
    studenten = mf.studenten()
    am01 = studenten[(studenten["regio"] == "AM01") & (studenten["jaar"] == 2023)].set_index("onderwijsniveau")
    assert am01.loc["mbo_2", "ingeschrevenen_afrondingsmarge"] == 50.0
    assert am01.loc["middelbaar", "ingeschrevenen_afrondingsmarge"] == 150.0
    assert _rij(_aanbod(), "middelbaar")["ingeschrevenen_marge"] == 150.0


# -- no supply at a level ------------------------------------------------------------------------------------------


def test_a_region_without_any_hbo_or_wo_location_has_no_supply_at_that_level():
    resultaat = _aanbod(regio="AM02")
    hoog = _rij(resultaat, "hoog")
    assert hoog["aanbod"] is False or hoog["aanbod"] == False  # noqa: E712  (object column: True, False or NA)
    assert hoog["instroom"] == 0.0 and hoog["instroom_bron"] == "duo_eerstejaars"
    assert "geen eerstejaars" in hoog["aanbod_grond"]


def test_no_mbo_programme_is_never_concluded_from_main_sites():
    # AM02 has no mbo main site: DUO cannot tell whether a branch of an institution elsewhere teaches there
    resultaat = _aanbod(regio="AM02")
    assert tekst.is_leeg(_rij(resultaat, "middelbaar")["aanbod"])
    assert "hoofdvestiging" in _rij(resultaat, "middelbaar")["aanbod_grond"]


def test_a_level_without_a_programme_is_a_cause_of_its_shortage_not_a_finding_of_its_own():
    data = mf.met_sector_m(mf.alle_data())
    basis = analyse.duidingsbasis(data, mf.parameters(), aanbod_bekend={"middelbaar": False})
    middelbaar = [b for b in knelpunten.beoordeel(basis) if b.onderwijsniveau == "middelbaar"]
    assert len(middelbaar) == 1 and middelbaar[0].code == knelpunten.TEKORT
    assert "geen regionale opleiding (opgegeven door de regio)" in middelbaar[0].oorzaken
    # AM02 has no hbo or wo location (DUO: 0 first-years): 'nee' in the table, but no decision of its own; hoog is
    # not judged (graduates of every field)
    am02 = analyse.duidingsbasis(mf.alle_data(), mf.parameters(regio="AM02"))
    assert _rij(am02.aanbod, "hoog")["aanbod"] == False  # noqa: E712  (object column: True, False or NA)
    hoog = [b for b in knelpunten.beoordeel(am02) if b.onderwijsniveau == "hoog"]
    assert len(hoog) == 1 and hoog[0].status == NIET_TE_BEOORDELEN and hoog[0].oorzaken == []


def test_hoog_outflow_of_all_directions_is_not_compared_with_one_sector():
    # with M the need of field 07 is known, so only the graduates per field are missing at hoog
    basis = analyse.duidingsbasis(mf.met_sector_m(mf.alle_data()), mf.parameters())
    hoog = _rij(basis, "hoog")
    assert not hoog["uitstroom_richting"] and not np.isnan(hoog["behoefte_richting_onder"])
    uitkomst = [b for b in knelpunten.beoordeel(basis) if b.onderwijsniveau == "hoog"][0]
    assert uitkomst.status == NIET_TE_BEOORDELEN
    assert "niet per richting" in uitkomst.bewijs


def test_missing_education_themes_are_named_not_filled():
    data = mf.alle_data() | {"duo_instroom": None, "duo_gediplomeerden": None}
    resultaat = aanbod.onderwijsaanbod(data, "AM01", "F", 2023)
    assert set(resultaat.per_niveau["instroom_bron"]) == {"cbs_studententrend"}
    assert resultaat.per_niveau["aanbod"].map(tekst.is_leeg).all()
    assert any("eerstejaars (DUO)" in zin for zin in resultaat.ontbrekend)
    assert np.isnan(resultaat.per_niveau["instroom"]).all()
