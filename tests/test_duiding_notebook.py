"""Library pieces behind the duiding notebook (03) and the beleidscyclus notebook (04), on hand-made frames."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

import maakframes as mf
from werkboek import analyse, duiding, knelpunten, monitoring
from werkboek.knelpunten import Drempels


def _analyse(regio="AM01", drempels=None, data=None):
    return duiding.knelpuntanalyse(data or mf.alle_data(), mf.parameters(regio=regio), drempels)


def _zonder_richting():
    """maakframes with the education source of this version (CBS 71450ned): no field, first years or graduates."""
    return mf.alle_data() | {"onderwijs": mf.onderwijs_71450ned()}


# ---------------------------------------------------------------------------------------------------------------
# 03 duiding


def test_knelpuntanalyse_is_basis_plus_rules_with_the_given_thresholds():
    a = _analyse()
    los = knelpunten.beoordeel(analyse.duidingsbasis(mf.alle_data(), mf.parameters()))
    assert [b.als_dict() for b in a.beoordelingen] == [b.als_dict() for b in los]
    assert ("groei_dalende_instroom", "middelbaar") in {(k.code, k.onderwijsniveau) for k in a.knelpunten}
    streng = _analyse(drempels=Drempels(groei_procent=5.0))
    assert ("groei_dalende_instroom", "middelbaar") not in {(k.code, k.onderwijsniveau) for k in streng.knelpunten}
    assert streng.drempels.groei_procent == 5.0


def test_datacontrole_lists_notes_and_missing_pieces():
    data = mf.alle_data()
    data["banen"].attrs["opmerkingen"] = ["Indeling van 2019 gebruikt voor 2018."]
    tekst_ = duiding.datacontrole(data, ["Thema 'bevolking' is niet beschikbaar: weg."], _analyse("AM03").basis)
    assert "*banen*: Indeling van 2019" in tekst_ and "bevolking" in tekst_
    assert "55-plussers in de beroepsbevolking is onbekend" in tekst_
    assert duiding.datacontrole(mf.alle_data()).startswith("Alle benodigde thema's zijn geladen")
    assert "opleidingsrichting" not in duiding.datacontrole(mf.alle_data(), basis=_analyse().basis)


def test_datacontrole_says_what_the_education_source_does_not_count():
    tekst_ = duiding.datacontrole(_zonder_richting(), basis=_analyse(data=_zonder_richting()).basis)
    assert "niet per opleidingsrichting: het aanbod geldt voor alle richtingen samen" in tekst_
    assert "telt geen eerstejaars (instroom)" in tekst_ and "telt geen gediplomeerden (uitstroom)" in tekst_


def test_sectoroverzicht_growth_share_and_location_quotient():
    tabel = duiding.sectoroverzicht(mf.banen(), "AM01", 2023)
    assert "totaal" not in set(tabel["sector"]) and tabel["banen"].is_monotonic_decreasing
    f = tabel[tabel["sector"] == "F"].iloc[0]
    assert f["Sector"] == "Bouwnijverheid"
    assert f["Groei per jaar (%)"] == pytest.approx(3.0) and f["Groei per jaar Nederland (%)"] == pytest.approx(1.0)
    verwacht = (15 * 1.03 ** 5 / (300 * 1.01 ** 5)) / (400 / 8000)
    assert f["locatiequotient"] == pytest.approx(verwacht)
    assert duiding.locatiequotient_van(tabel, "F") == pytest.approx(verwacht)
    onderdrukt = duiding.sectoroverzicht(mf.banen(), "AM03", 2023)
    rij = onderdrukt[onderdrukt["sector"] == "F"].iloc[0]
    assert np.isnan(rij["banen"]) and np.isnan(rij["locatiequotient"])  # unknown, never 0
    assert np.isnan(duiding.locatiequotient_van(onderdrukt, "X"))


def test_sectortekst_in_dutch_and_unknown_when_suppressed():
    tabel = duiding.sectoroverzicht(mf.banen(), "AM01", 2023)
    zin = duiding.sectortekst(tabel, _analyse().basis)
    assert zin.startswith("In Groningen telt bouwnijverheid in 2023*")
    assert "+3,0% per jaar; landelijk +1,0% per jaar" in zin and "sterker vertegenwoordigd dan landelijk" in zin
    leeg = duiding.sectortekst(duiding.sectoroverzicht(mf.banen(), "AM03", 2023), _analyse("AM03").basis)
    assert "onbekend" in leeg


def test_vergelijkingsreeksen_indexed_to_a_common_year():
    reeksen = duiding.vergelijkingsreeksen(mf.banen(), "banen", ["AM01", "NL"], index=True, sector="F")
    assert list(reeksen) == ["Groningen", "Nederland"]
    assert all(s["waarde"].iloc[0] == pytest.approx(100.0) for s in reeksen.values())
    assert reeksen["Groningen"]["waarde"].iloc[-1] == pytest.approx(100 * 1.03 ** 5)
    ruw = duiding.vergelijkingsreeksen(mf.banen(), "banen", ["AM01"], sector="F")
    assert ruw["Groningen"]["waarde"].iloc[0] == pytest.approx(15.0)


def test_vooruitblik_starts_at_the_parameter_year_and_keeps_components_apart():
    p = mf.parameters(jaar=2022)
    basis = analyse.duidingsbasis(mf.alle_data(), p)
    projectie, componenten = duiding.vooruitblik(mf.banen(), p, basis)
    assert projectie.basisjaar == 2022 and projectie.horizonjaar == 2027
    assert projectie.groei_procent == pytest.approx(3.0)
    assert componenten.vergrijzingsdeel == pytest.approx(projectie.basiswaarde * 0.25 * 5 / 12)
    tekst_ = duiding.projectietekst(projectie, componenten, basis)
    assert "**uitbreidingsvraag**" in tekst_ and "**vergrijzingsdeel van de vervangingsvraag**" in tekst_
    assert "geen ROA-prognose" in tekst_ and "25,0%" in tekst_
    zonder = analyse.vraagcomponenten(projectie, np.nan, "x 1 000")
    assert "vervangingsvraag** is onbekend" in duiding.projectietekst(projectie, zonder, basis)


def test_beroepsbevolking_tabel_and_title():
    tabel = duiding.beroepsbevolking_tabel(mf.beroepsbevolking(), "AM02", 2023)
    assert list(tabel.index) == ["laag", "middelbaar", "hoog"] and list(tabel.columns) == ["Friesland", "Nederland"]
    assert tabel.loc["hoog", "Friesland"] == pytest.approx(30.0)
    assert tabel.loc["hoog", "Nederland"] == pytest.approx(40.0)
    assert duiding.titel_beroepsbevolking(tabel) == ("In Friesland is 30,0% van de werkenden hoogopgeleid, "
                                                     "landelijk 40,0% (2023*)")
    leeg = duiding.beroepsbevolking_tabel(mf.beroepsbevolking(), "AM01", 2010)
    assert leeg.empty and "onbekend" in duiding.titel_beroepsbevolking(leeg)


def test_reeksen_55plus_region_and_nederland():
    aandelen = analyse.aandeel_55plus(mf.beroepsbevolking(), "AM01")
    reeksen = duiding.reeksen_55plus(aandelen, "Groningen")
    assert reeksen["Groningen"]["waarde"].iloc[0] == pytest.approx(25.0)
    assert reeksen["Nederland"]["waarde"].iloc[0] == pytest.approx(20.0)
    assert duiding.titel_vergrijzing(_analyse().basis).startswith("In Groningen is 25,0% van de werkenden 55 jaar "
                                                                  "of ouder, hoger dan landelijk (20,0%")
    assert "onbekend" in duiding.titel_vergrijzing(_analyse("AM03").basis)


def test_instroom_series_text_and_title():
    reeksen = duiding.instroomreeksen(mf.onderwijs(), "AM01", "techniek_bouw")
    assert list(reeksen) == ["laag", "middelbaar", "hoog"]
    assert reeksen["middelbaar"]["waarde"].tolist() == pytest.approx(mf.reeks_waarden(1000.0, -0.03))  # mbo 2-4
    onbekend = mf.onderwijs({"hbo": {"instroom": np.nan}, "wo": {"instroom": np.nan}})
    assert list(duiding.instroomreeksen(onbekend, "AM01", "techniek_bouw")) == ["laag", "middelbaar"]  # unknown: out
    basis = _analyse().basis
    zin = duiding.onderwijstekst(basis)
    # all levels: 1 100 first-year students in 2018, 100 constant (entree) and 1 000 falling 3% a year
    assert zin.startswith("In de richting techniek en bouw begonnen in 2023* 959 studenten")
    assert "de instroom daalt (\u22122,7% per jaar, 2018–2023*)" in zin
    assert "De zwakste ontwikkeling is er op middelbaar niveau (\u22123,0% per jaar)" in zin
    assert "laag ca. 80, middelbaar ca. 886 en hoog ca. 0" in zin
    assert "Op hoog niveau volgen geen jongeren uit de regio een opleiding in de richting techniek en bouw;" in zin
    assert duiding.titel_instroom(basis) == ("Instroom (richting techniek en bouw) in Groningen: op middelbaar niveau "
                                             "daalt het sterkst (\u22123,0% per jaar)")


def test_instroom_without_first_years_in_the_source_says_so():
    data = _zonder_richting()
    assert duiding.instroomreeksen(data["onderwijs"], "AM01", "techniek_bouw") == {}
    studenten = duiding.instroomreeksen(data["onderwijs"], "AM01", onderwerp="ingeschrevenen")
    assert list(studenten) == ["laag", "middelbaar", "hoog"]
    assert studenten["middelbaar"]["waarde"].iloc[0] == 3300.0  # mbo 2 + 3 + 4, not the published mbo total
    basis = _analyse(data=data).basis
    assert not basis.richting_bekend and not basis.instroom_bekend
    zin = duiding.onderwijstekst(basis)
    assert zin.startswith("De instroom (alle richtingen samen) is voor deze regio onbekend: de open bron van deze "
                          "versie telt geen eerstejaars.")
    assert "Op hoog niveau volgen geen jongeren uit de regio een opleiding in welke richting ook;" in zin
    assert "richting techniek" not in zin and "uitstroom" not in zin
    assert duiding.titel_instroom(basis) == "Instroom (alle richtingen samen) in Groningen: ontwikkeling onbekend"
    # a source that has first years but no fields: the numbers are those of all fields together
    met_instroom = mf.alle_data() | {"onderwijs": mf.onderwijs().drop(columns="richting")}
    assert duiding.onderwijstekst(_analyse(data=met_instroom).basis).startswith(
        "In alle richtingen samen begonnen in 2023* 959 studenten")


def test_niveautabel_has_dutch_headers():
    tabel = duiding.niveautabel(_analyse().basis)
    assert tabel.columns[0] == "Onderwijsniveau" and "Banen, geschat (x 1 000, werkplaats)" in tabel.columns
    assert not any("_" in k for k in tabel.columns)
    # F: 100 laag, 200 middelbaar, 100 hoog nationally; every level grows as F does (+3%), the first wins
    assert duiding.titel_niveaus(_analyse().basis) == ("Bouwnijverheid in Groningen: naar schatting de meeste banen op "
                                                       "middelbaar niveau, de snelste groei op laag niveau "
                                                       "(+3,0% per jaar)")


def test_titel_groeivergelijking_names_the_levels_with_opposite_trends():
    assert duiding.titel_groeivergelijking(_analyse().basis) == ("Op middelbaar niveau groeit het werk in "
                                                                 "bouwnijverheid, terwijl de instroom daalt")
    streng = Drempels(groei_procent=10.0)
    assert duiding.titel_groeivergelijking(_analyse().basis, streng) == (
        "Werk in bouwnijverheid en instroom per onderwijsniveau: nergens groeit het werk terwijl de instroom daalt "
        "(onbekend op hoog niveau)")  # hoog: inflow growth from 0 is unknown, so "nowhere" does not cover it
    # without first-year counts the chart cannot show the absence of a finding
    zonder = duiding.titel_groeivergelijking(_analyse(data=_zonder_richting()).basis)
    assert zonder == ("Werk in bouwnijverheid en instroom per onderwijsniveau: niet te vergelijken, de groei van de "
                      "instroom is onbekend")


def test_vragen_per_knelpunt_follow_each_pattern_and_relevance_once():
    a = _analyse()
    vragen = duiding.vragen_per_knelpunt(a.beoordelingen, "F")
    assert set(vragen["knelpunt"]) == {k.titel for k in a.knelpunten} | {"alle knelpunten"}
    middelbaar = vragen[vragen["knelpunt"] == "Werk op middelbaar niveau groeit, instroom op dat niveau daalt"]
    assert set(middelbaar["patroon"]) == {"uitbreidingsvraag", "bij onvoldoende instroom",
                                          "bij onvoldoende in- of regionale uitstroom"}
    assert set(middelbaar["onderwijsniveau"]) == {"middelbaar"}
    vervanging = vragen[vragen["knelpunt"] == "Hoge vergrijzing bij vlakke of dalende instroom"]
    assert "vervangingsvraag" in set(vervanging["patroon"])
    relevantie = vragen[vragen["knelpunt"] == "alle knelpunten"]
    assert len(relevantie) == 2 and not relevantie["patroon"].str.contains("wegen extra").any()
    zorg = duiding.vragen_per_knelpunt(a.beoordelingen, "Q")
    assert zorg["patroon"].str.contains("wegen extra").any()
    md = duiding.vragen_markdown(vragen)
    assert "**Werk op middelbaar niveau groeit, instroom op dat niveau daalt**" in md and "- *Uitbreidingsvraag:*" in md
    assert duiding.vragen_per_knelpunt([], "F").empty
    assert "geen knelpunten gevonden" in duiding.vragen_markdown(duiding.vragen_per_knelpunt([], "F"))


def test_regiovergelijking_region_similar_regions_and_nederland():
    tabel = duiding.regiovergelijking(mf.banen(), "AM01", "F", 2023)
    assert tabel["regio"].tolist()[0] == "AM01" and tabel["regio"].tolist()[-1] == "NL"
    assert len(tabel) == 5 and tabel["gelijkenis"].iloc[1:4].notna().all()
    assert tabel.iloc[-1]["locatiequotient"] == 1.0
    assert tabel.iloc[-1]["aandeel_procent"] == pytest.approx(5.0)
    assert tabel.iloc[0]["Groei per jaar (%)"] == pytest.approx(3.0)
    titel = duiding.titel_regiovergelijking(tabel, "Bouwnijverheid")
    assert titel.startswith("Bouwnijverheid groeit in Groningen sneller dan in de 3 regio's")


def test_studenten_per_richting():
    tabel = duiding.studenten_per_richting(mf.onderwijs({"wo": {"ingeschrevenen": np.nan}}), "AM01", 2023)
    assert list(tabel.columns) == ["Opleidingsrichting", "laag: mbo entree", "middelbaar: mbo 2", "middelbaar: mbo 3",
                                   "middelbaar: mbo 4", "hoog: hbo", "hoog: wo"]
    assert tabel["Opleidingsrichting"].tolist() == ["techniek en bouw"]
    assert tabel.loc[0, "middelbaar: mbo 4"] == 1500.0 and tabel.loc[0, "hoog: hbo"] == 0.0
    assert np.isnan(tabel.loc[0, "hoog: wo"])  # unknown stays unknown, not 0
    assert tabel.attrs["jaar"] == 2023


def test_studenten_per_richting_without_fields_is_one_row_of_all_fields():
    tabel = duiding.studenten_per_richting(mf.onderwijs_71450ned(), "AM01", 2023)
    assert tabel["Opleidingsrichting"].tolist() == ["alle richtingen"]
    assert "mbo (alle niveaus)" not in " ".join(tabel.columns)  # the published mbo total is no detail level
    assert tabel.loc[0, "laag: mbo entree"] == 300.0 and tabel.loc[0, "middelbaar: mbo 3"] == 1200.0


def test_kerncijfers_of_the_duiding():
    p = mf.parameters()
    a = _analyse()
    projectie, _ = duiding.vooruitblik(mf.banen(), p, a.basis)
    cijfers = {k["naam"]: k for k in duiding.kerncijfers(mf.alle_data(), a, projectie, p)}
    assert list(cijfers) == ["banen_totaal", "groei_focussector", "locatiequotient_focussector", "aandeel_55plus",
                             "uitbreidingsvraag_focussector", "instroom_middelbaar_trend"]
    assert all(set(k) == {"naam", "label", "waarde", "eenheid", "periode"} for k in cijfers.values())
    assert cijfers["banen_totaal"]["waarde"] == pytest.approx(300 * 1.01 ** 5)
    assert cijfers["groei_focussector"]["waarde"] == pytest.approx(3.0)
    assert cijfers["aandeel_55plus"]["waarde"] == pytest.approx(25.0)
    assert cijfers["uitbreidingsvraag_focussector"]["waarde"] == pytest.approx(projectie.uitbreidingsvraag)
    assert cijfers["uitbreidingsvraag_focussector"]["periode"] == "2023–2028"
    assert cijfers["instroom_middelbaar_trend"]["waarde"] == pytest.approx(-3.0)
    assert cijfers["instroom_middelbaar_trend"]["periode"] == "2018–2023*"
    zonder = _analyse(data=_zonder_richting())
    geen_instroom = {k["naam"]: k for k in duiding.kerncijfers(_zonder_richting(), zonder, projectie, p)}
    assert geen_instroom["instroom_middelbaar_trend"]["waarde"] is None  # not published: unknown, never 0
    assert geen_instroom["groei_focussector"]["waarde"] == pytest.approx(3.0)
    am03 = duiding.kerncijfers(mf.alle_data(), _analyse("AM03"), None, mf.parameters("AM03"))
    onbekend = {k["naam"]: k for k in am03}
    assert onbekend["groei_focussector"]["waarde"] is None and onbekend["aandeel_55plus"]["waarde"] is None
    assert onbekend["uitbreidingsvraag_focussector"]["waarde"] is None


# ---------------------------------------------------------------------------------------------------------------
# 04 beleidscyclus


def _voorstellen(**kwargs):
    p = mf.parameters()
    return monitoring.voorstellen(_analyse().knelpunten, p, mf.alle_data(), **kwargs), p


def _doel(voorstellen_, sleutel):
    return next(v.doelen[sleutel] for v in voorstellen_ if sleutel in v.doelen)


def _grond(voorstellen_, sleutel):
    return next(v.streefgrond.get(sleutel) for v in voorstellen_ if sleutel in v.doelen)


def test_met_streefwaarden_given_target_wins_and_working_target_follows_direction():
    vs, _ = _voorstellen()
    gevuld = monitoring.met_streefwaarden(vs, {"instroom_niveau:middelbaar": 450.0, "banen_sector": None}, 10.0)
    assert _doel(gevuld, "instroom_niveau:middelbaar") == 450.0
    assert _grond(gevuld, "instroom_niveau:middelbaar") == "opgegeven door de regio"
    banen = next(b for v in gevuld for i, b in zip(v.indicatoren, v.basiswaarden) if i.sleutel == "banen_sector")
    assert _doel(gevuld, "banen_sector") == round(banen.waarde * 1.10, 1)
    assert "werkwaarde" in _grond(gevuld, "banen_sector")
    assert _doel(gevuld, "aandeel_55plus") == pytest.approx(25.0 * 0.90)  # desired direction: lower
    assert _doel(gevuld, "doorstroom_mbo3_mbo4") is None  # no baseline, no invented target
    assert all(d is None for v in monitoring.met_streefwaarden(vs) for d in v.doelen.values())
    assert all(d is None for v in vs for d in v.doelen.values())  # the input is not changed


def test_target_for_a_key_not_in_the_plan_is_reported(recwarn):
    vs, _ = _voorstellen()
    monitoring.met_streefwaarden(vs, {"instroom_niveau:middelbaar": 450.0}, 10.0)
    assert not [w for w in recwarn if issubclass(w.category, monitoring.StreefwaardeWaarschuwing)]
    # a key of the former five levels, as an older notebook parameter may still hold it
    with pytest.warns(monitoring.StreefwaardeWaarschuwing, match="instroom_niveau:mbo_4") as gevangen:
        gevuld = monitoring.met_streefwaarden(vs, {"instroom_niveau:mbo_4": 450.0}, 10.0)
    assert "instroom_niveau:middelbaar" in str(gevangen[0].message)  # the valid keys, so the user can correct it
    assert "werkwaarde" in _grond(gevuld, "instroom_niveau:middelbaar")


def test_no_working_target_where_the_direction_depends_on_the_pain_point():
    catalogus = {i.id: i for i in monitoring.laad_indicatoren()}
    assert catalogus["gediplomeerden_niveau"].werkstreefwaarde is False
    assert catalogus["instroom_niveau"].werkstreefwaarde is True
    p = mf.parameters()
    overaanbod = [{"code": "overaanbod", "titel": "Uitstroom op laag niveau ruim boven de behoefte",
                   "onderwijsniveau": "laag", "bewijs": "x"}]
    vs = monitoring.met_streefwaarden(monitoring.voorstellen(overaanbod, p, mf.alle_data()), {}, 10.0)
    basis = next(b for v in vs for b in v.basiswaarden if b.sleutel == "gediplomeerden_niveau:laag")
    assert basis.beschikbaar and basis.waarde == 80.0  # a baseline exists: only the catalogue holds the target back
    assert _doel(vs, "gediplomeerden_niveau:laag") is None
    assert _doel(vs, "banen_sector") is not None  # the same proposal does get working targets elsewhere


def test_plan_table_and_text_name_the_target_basis_and_key():
    vs, p = _voorstellen()
    gevuld = monitoring.met_streefwaarden(vs, {"instroom_niveau:middelbaar": 450.0}, 10.0)
    tabel = monitoring.monitoringsplan_tabel(gevuld)
    rij = tabel[tabel["Sleutel (voor streefwaarden)"] == "instroom_niveau:middelbaar"].iloc[0]
    assert rij["Grond streefwaarde"] == "opgegeven door de regio" and rij["Streefwaarde"] == 450.0
    assert "Streefwaarde: 450 in 2028 (opgegeven door de regio)." in monitoring.monitoringsplan_markdown(gevuld, p)


def test_unieke_indicatoren_once_each():
    vs, _ = _voorstellen()
    sleutels = [i.sleutel for i, _, _, _ in monitoring.unieke_indicatoren(vs)]
    assert len(sleutels) == len(set(sleutels)) and sleutels.count("banen_sector") == 1
    assert sum(len(v.indicatoren) for v in vs) > len(sleutels)


def test_titel_monitoring_shows_progress_after_the_baseline():
    ctx = monitoring.context(mf.parameters(), "middelbaar")
    indicator = {i.id: i for i in monitoring.laad_indicatoren()}["instroom_niveau"].ingevuld(ctx)
    basis = monitoring.basiswaarde(indicator, mf.alle_data(), "AM01", 2021)
    serie = monitoring.indicator_reeks(indicator, mf.alle_data(), "AM01")
    titel = monitoring.titel_monitoring(indicator, basis, serie, 1000.0, 2026)
    # mbo 2 + 3 + 4: 1 000 in 2018, -3% a year: 913 in 2021, 859 in 2023
    assert titel.startswith("Instroom middelbaar in de bijpassende richting: gedaald van 913 (2021) naar 859 (2023)")
    assert titel.endswith("streefwaarde 1.000 in 2026")
    zonder = monitoring.titel_monitoring(indicator, monitoring.basiswaarde(indicator, mf.alle_data(), "AM01"), serie)
    assert zonder == "Instroom middelbaar in de bijpassende richting: basiswaarde 859 in 2023"


def test_monitoringgrafieken_for_open_data_and_a_message_for_the_rest(tmp_path):
    vs, p = _voorstellen()
    vs = monitoring.met_streefwaarden(vs, {}, 10.0)
    data = {k: v for k, v in mf.alle_data().items()}
    for df in data.values():
        df.attrs["herkomst"] = mf.Herkomst()
    figuren, meldingen = monitoring.monitoringgrafieken(vs, data, p, tmp_path)
    namen = sorted(f.pad.name for f in figuren)
    assert "monitoring_instroom_niveau_middelbaar.png" in namen and "monitoring_banen_sector.png" in namen
    assert all((tmp_path / n).read_bytes()[:4] == b"\x89PNG" for n in namen)
    assert any(m.startswith("Doorstroom van mbo 3 naar mbo 4: Er bestaat geen open data") for m in meldingen)
    zonder_open = [i for i, b, _, _ in monitoring.unieke_indicatoren(vs) if not b.beschikbaar]
    assert sum("geen open data" in m for m in meldingen) == len(zonder_open)
    assert len(figuren) + len(meldingen) == len(monitoring.unieke_indicatoren(vs))


def test_monitoringgrafieken_say_which_column_the_source_lacks(tmp_path):
    p = mf.parameters()
    data = _zonder_richting()
    for df in data.values():
        df.attrs["herkomst"] = mf.Herkomst()
    groei = [{"code": "groei_dalende_instroom", "titel": "x", "onderwijsniveau": "middelbaar", "bewijs": "y"}]
    vs = monitoring.met_streefwaarden(monitoring.voorstellen(groei, p, data), {}, 10.0)
    figuren, meldingen = monitoring.monitoringgrafieken(vs, data, p, tmp_path)
    assert {f.pad.name for f in figuren} == {"monitoring_banen_sector.png"}
    assert ("Instroom middelbaar in de bijpassende richting: De open bron van het thema onderwijs telt geen "
            "instroom. Er is geen monitoringsfiguur gemaakt.") in meldingen
    assert _doel(vs, "instroom_niveau:middelbaar") is None  # no baseline, no working target


def test_vergelijk_met_duiding(tmp_path):
    gevonden = _analyse().knelpunten
    pad = tmp_path / "samenvatting.json"
    assert "nog niet uitgevoerd" in monitoring.vergelijk_met_duiding(gevonden, pad)
    pad.write_text(json.dumps({"knelpunten": [k.als_dict() for k in gevonden]}), encoding="utf-8")
    assert monitoring.vergelijk_met_duiding(gevonden, pad).startswith("Dezelfde knelpunten")
    assert monitoring.vergelijk_met_duiding(gevonden[:1], pad).startswith("Let op: de duiding (03) vond")
    # The same number of pain points, but different ones (another peiljaar): the message names them and the
    # parameters of the duiding's run, instead of "found 1, here 1".
    anders = [replace(gevonden[0], onderwijsniveau="ander_niveau", titel="Ander knelpunt")]
    pad.write_text(json.dumps({"knelpunten": [gevonden[0].als_dict()], "parameters": {"jaar": 2023, "sector": "F"}}),
                   encoding="utf-8")
    melding = monitoring.vergelijk_met_duiding(anders, pad)
    assert f"Alleen in de duiding: {gevonden[0].titel}." in melding and "Alleen hier: Ander knelpunt." in melding
    assert "peiljaar 2023, focussector F" in melding
    pad.write_text("{kapot", encoding="utf-8")
    assert "niet leesbaar" in monitoring.vergelijk_met_duiding(gevonden, pad)


def test_kerncijfers_of_the_policy_cycle():
    vs, p = _voorstellen()
    vs = monitoring.met_streefwaarden(vs, {"instroom_niveau:middelbaar": 450.0})
    cijfers = {k["naam"]: k["waarde"] for k in monitoring.kerncijfers(vs, p)}
    unieke = monitoring.unieke_indicatoren(vs)
    assert cijfers["voorstellen"] == len(vs)
    assert cijfers["indicatoren_met_basiswaarde"] + cijfers["indicatoren_zonder_open_data"] == len(unieke)
    assert cijfers["indicatoren_zonder_open_data"] >= 1 and cijfers["indicatoren_met_streefwaarde"] == 1


def test_working_targets_are_rounded_as_published_and_not_set_on_a_zero_baseline():
    vs, _ = _voorstellen()
    gevuld = monitoring.met_streefwaarden(vs, {}, 10.0)
    assert _doel(gevuld, "instroom_niveau:middelbaar") == round(mf.reeks_waarden(1000.0, -0.03)[-1] * 1.1)  # 945
    assert _doel(gevuld, "banen_sector") == round(15 * 1.03 ** 5 * 1.1, 1)
    hoog = [{"code": "groei_dalende_instroom", "titel": "x", "onderwijsniveau": "hoog", "bewijs": "y"}]
    p = mf.parameters()
    nul = monitoring.met_streefwaarden(monitoring.voorstellen(hoog, p, mf.alle_data()), {}, 10.0)
    basis = next(b for v in nul for b in v.basiswaarden if b.sleutel == "instroom_niveau:hoog")
    assert basis.beschikbaar and basis.waarde == 0.0
    assert _doel(nul, "instroom_niveau:hoog") is None  # baseline 0: 10% more of nothing is no target


def test_indicatorenoverzicht_each_indicator_once_with_its_proposals():
    vs, _ = _voorstellen()
    gevuld = monitoring.met_streefwaarden(vs, {"instroom_niveau:middelbaar": 450.0}, 10.0)
    tabel = monitoring.indicatorenoverzicht(gevuld)
    assert tabel["Sleutel (voor streefwaarden)"].is_unique
    banen = tabel[tabel["Sleutel (voor streefwaarden)"] == "banen_sector"].iloc[0]
    assert banen["Bij voorstel"] == ", ".join(str(n) for n in range(1, len(gevuld) + 1))
    assert banen["Basisjaar"] == 2023 and banen["Streefjaar"] == 2028 and "werkwaarde" in banen["Grond streefwaarde"]
    middelbaar = tabel[tabel["Sleutel (voor streefwaarden)"] == "instroom_niveau:middelbaar"].iloc[0]
    assert middelbaar["Streefwaarde"] == 450.0 and middelbaar["Grond streefwaarde"] == "opgegeven door de regio"
    zonder = tabel[tabel["Sleutel (voor streefwaarden)"] == "doorstroom_mbo3_mbo4"].iloc[0]
    assert np.isnan(zonder["Basiswaarde"]) and zonder["Grond streefwaarde"] == monitoring.IN_TE_VULLEN
    assert str(tabel["Basisjaar"].dtype) == "Int64"
    assert str(monitoring.monitoringsplan_tabel(gevuld)["Streefjaar"].dtype) == "Int64"


def test_niveautabel_counts_people_whole():
    tabel = duiding.niveautabel(_analyse().basis)
    assert str(tabel["Instroom eerstejaars (woonplaats student)"].dtype) == "Int64"
    assert str(tabel["Verwachte uitstroom per jaar"].dtype) == "Int64"
    assert tabel["Verwachte uitstroom per jaar"].tolist() == [80, 886, 0]  # 885,6 from lagged inflow: whole people
    hoog_onbekend = mf.onderwijs({"hbo": {"instroom": np.nan, "gediplomeerden": np.nan}})
    tabel = duiding.niveautabel(_analyse(data=mf.alle_data() | {"onderwijs": hoog_onbekend}).basis)
    assert tabel["Verwachte uitstroom per jaar"].isna().tolist() == [False, False, True]  # unknown stays unknown


def test_studenten_per_richting_total_last():
    df = mf.onderwijs()
    totaal = df.copy()
    totaal["richting"] = "totaal"
    tabel = duiding.studenten_per_richting(pd.concat([totaal, df]), "AM01", 2023)
    assert tabel["Opleidingsrichting"].tolist() == ["techniek en bouw", "alle richtingen"]


def test_no_monitoring_chart_for_a_series_of_zeros(tmp_path):
    p = mf.parameters()
    hoog = [{"code": "groei_dalende_instroom", "titel": "x", "onderwijsniveau": "hoog", "bewijs": "y"}]
    data = mf.alle_data()
    for df in data.values():
        df.attrs["herkomst"] = mf.Herkomst()
    figuren, meldingen = monitoring.monitoringgrafieken(monitoring.voorstellen(hoog, p, data), data, p, tmp_path)
    assert "monitoring_instroom_niveau_hoog.png" not in {f.pad.name for f in figuren}
    assert "monitoring_banen_sector.png" in {f.pad.name for f in figuren}
    assert any(m.startswith("Instroom hoog in de bijpassende richting: in deze regio steeds 0") for m in meldingen)
