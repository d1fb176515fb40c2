"""The seven ways the workbook misread the real CBS tables, each with a test that fails if it comes back.

Every test builds a small table in the shape CBS really publishes (../shared/docs/CBS_TABELLEN.md) and reads it
through the workbook's own register, resolver and parser.
"""

from __future__ import annotations

import pytest

from werkboek import cbs, indeling, metadata, odata
from werkboek.register import standaard_register
from testservers.cbs import maak_delen

REGISTER = standaard_register()


def _gebieden(tabel_id: str = "85385NED", am_keys=("Code_6", "Naam_7")) -> dict:
    """A 'Gebieden in Nederland' table with the real group layout: the arbeidsmarktregio pair under
    'Lokaliseringen van gemeenten' > "Arbeidsmarktregio's", beside the Landbouwgebieden pair Code_20/Naam_21 and a
    'RegioPlus-arbeidsmarktregio's' sibling group (a loose title match would pick it)."""
    eigenschappen = [{"ID": 0, "Position": 0, "ParentID": None, "Type": "GeoDimension", "Key": "RegioS", "Title": "Regio's"}]

    def groep(nummer, titel, ouder=None):
        eigenschappen.append({"ID": nummer, "ParentID": ouder, "Type": "TopicGroup", "Key": "", "Title": titel})
        return nummer

    def onderwerp(nummer, key, titel, ouder):
        eigenschappen.append({"ID": nummer, "ParentID": ouder, "Type": "Topic", "Key": key, "Title": titel,
                              "Datatype": "String", "Unit": "", "Decimals": 0})

    namen = groep(1, "Codes en namen van gemeenten")
    onderwerp(2, "Code_1", "Code", namen)
    onderwerp(3, "Naam_2", "Naam", namen)
    lokaal = groep(4, "Lokaliseringen van gemeenten")
    # typographic apostrophe, as CBS writes it in some years
    am = groep(5, "Arbeidsmarktregio\u2019s", lokaal)
    onderwerp(6, am_keys[0], "Code", am)
    onderwerp(7, am_keys[1], "Naam", am)
    landbouw = groep(8, "Landbouwgebieden", lokaal)
    onderwerp(9, "Code_20", "Code", landbouw)
    onderwerp(10, "Naam_21", "Naam", landbouw)
    plus = groep(11, "RegioPlus-arbeidsmarktregio's", lokaal)
    onderwerp(12, "Code_40", "Code", plus)
    onderwerp(13, "Naam_41", "Naam", plus)
    gemeenten = [("GM0014", "Groningen", "AM01      ", "Groningen", "LG01      ", "RP01      "),
                 ("GM0080", "Leeuwarden", "AM02      ", "Friesland", "LG02      ", "RP02      ")]
    rijen = [{"ID": i, "RegioS": g, "Code_1": g, "Naam_2": n, am_keys[0]: a, am_keys[1]: an, "Code_20": lg,
              "Naam_21": "Landbouwgebied", "Code_40": rp, "Naam_41": "RegioPlus"}
             for i, (g, n, a, an, lg, rp) in enumerate(gemeenten)]
    return {"TableInfos": [{"Identifier": tabel_id, "Title": "Gebieden in Nederland 2023", "Modified": ""}],
            "DataProperties": eigenschappen, "CategoryGroups": [],
            "RegioS": [{"Key": g[0], "Title": f"{g[1]} (gemeente)"} for g in gemeenten], "TypedDataSet": rijen}


@pytest.mark.parametrize("am_keys", [("Code_4", "Naam_5"), ("Code_6", "Naam_7")])
def test_1_regio_indeling_takes_the_arbeidsmarktregio_group_never_landbouwgebieden_or_regioplus(am_keys):
    tabel = cbs.lees_tabel(_gebieden(am_keys=am_keys), REGISTER.thema("regio_indeling"), indeling=2023)
    frame = indeling.indeling_uit_tabel(tabel)
    assert frame.set_index("gemeente")["regio"].to_dict() == {"GM0014": "AM01", "GM0080": "AM02"}
    assert set(frame["regio_naam"]) == {"Groningen", "Friesland"}
    assert tabel.resolutie.onderwerpen["arbeidsmarktregio_code"]["Key"] == am_keys[0]
    assert tabel.resolutie.onderwerpen["gemeentenaam"]["Key"] == "Naam_2"


def test_1_a_table_without_the_arbeidsmarktregio_group_stops_with_the_candidates_named():
    delen = _gebieden()
    for e in delen["DataProperties"]:
        if e.get("Title") == "Arbeidsmarktregio\u2019s":
            e["Title"] = "Arbeidsmarktregio's (oud)"
    with pytest.raises(metadata.MetadataFout, match=r"(?s)85385NED.*arbeidsmarktregio_code.*Arbeidsmarktregio's.*Code_20"):
        cbs.lees_tabel(delen, REGISTER.thema("regio_indeling"))


def _banen(onderwerp_key="BanenVanWerknemersInDecember_1", extra: dict | None = None,
           onderwerp_titel="Banen van werknemers in december") -> dict:
    sectoren = [(c.key.ljust(7), c.titels[0]) for c in REGISTER.thema("banen").dimensies["sector"].categorieen.values()]
    dimensies = {"BedrijfstakkenBranchesSBI2008": sectoren,
                 **(extra or {}),
                 "RegioS": [("NL01  ", "Nederland"), ("GM0014", "Groningen")],
                 "Perioden": [("2023JJ00", "2023 december*", "Voorlopig")]}
    onderwerpen = [{"Key": onderwerp_key, "Title": onderwerp_titel, "Unit": "x 1 000", "Decimals": 1}]
    return maak_delen("83582NED", "Banen van werknemers in december", dimensies, onderwerpen,
                      lambda c: {onderwerp_key: 10.0 if c["BedrijfstakkenBranchesSBI2008"].startswith("T") else 2.5})


def test_2_banen_reads_the_real_topic_banen_van_werknemers_in_december():
    assert REGISTER.thema("banen").onderwerpen["banen"].key == "BanenVanWerknemersInDecember_1"
    tabel = cbs.lees_tabel(_banen(), REGISTER.thema("banen"))
    assert tabel.onderwerpen["banen"].key == "BanenVanWerknemersInDecember_1"
    assert tabel.data.set_index(["regio", "sector"])["banen"][("GM0014", "F")] == 2.5
    # a table that only had the guessed topic is refused with the candidates named, never read as something else
    with pytest.raises(metadata.MetadataFout, match="(?s)onderwerp 'banen'.*BanenVanWerknemers_1"):
        cbs.lees_tabel(_banen("BanenVanWerknemers_1", onderwerp_titel="Banen van werknemers"), REGISTER.thema("banen"))


def test_3_an_extra_unlisted_dimension_is_fixed_to_its_total_and_never_doubles_a_sum():
    extra = {"Geslacht": [("T001038", "Totaal mannen en vrouwen"), ("3000   ", "Mannen"), ("4000   ", "Vrouwen")]}
    met = cbs.lees_tabel(_banen(extra=extra), REGISTER.thema("banen")).data
    zonder = cbs.lees_tabel(_banen(), REGISTER.thema("banen")).data
    assert len(met) == len(zonder)
    assert met["banen"].sum() == zonder["banen"].sum()


def test_3_a_dimension_without_a_total_stops_with_a_dutch_error():
    extra = {"Herkomst": [("A01", "Nederland"), ("A02", "Buitenland")]}
    with pytest.raises(metadata.MetadataFout, match="(?s)83582NED.*Herkomst.*geen.*totaal.*vast.*optellen"):
        cbs.lees_tabel(_banen(extra=extra), REGISTER.thema("banen"))


def _bevolking_metadata() -> dict:
    leeftijden = [("10000", "Totaal")] + [("10010", "0 jaar")] + [(str(10000 + 100 * a), f"{a} jaar") for a in range(1, 95)]
    leeftijden += [("22000", "95 jaar of ouder")] + [(str(19400 + 100 * (a - 94)), f"{a} jaar") for a in range(95, 100)]
    leeftijden += [(str(19900 + a - 99), f"{a} jaar") for a in range(100, 105)] + [("22300", "105 jaar of ouder")]
    dimensies = {"Geslacht": [("T001038", "Totaal mannen en vrouwen"), ("3000   ", "Mannen"), ("4000   ", "Vrouwen")],
                 "Leeftijd": leeftijden,
                 "BurgerlijkeStaat": [("T001019", "Totaal burgerlijke staat"), ("1010   ", "Ongehuwd"),
                                      ("1020   ", "Gehuwd"), ("1050   ", "Verweduwd"), ("1080   ", "Gescheiden")],
                 "RegioS": [("NL01  ", "Nederland"), ("GM0014", "Groningen"), ("GM0080", "Leeuwarden")],
                 "Perioden": [(f"{j}JJ00", str(j)) for j in range(2010, 2026)]}
    onderwerpen = [{"Key": "BevolkingOp1Januari_1", "Title": "Bevolking op 1 januari", "Unit": "aantal"},
                   {"Key": "GemiddeldeBevolking_2", "Title": "Gemiddelde bevolking", "Unit": "aantal", "Decimals": 1}]
    return dimensies, onderwerpen


def test_3_bevolking_is_asked_only_for_totals_the_needed_ages_gemeenten_and_years():
    dimensies, onderwerpen = _bevolking_metadata()
    delen = maak_delen("03759ned", "Bevolking", dimensies, onderwerpen, lambda c: {"BevolkingOp1Januari_1": 1.0,
                                                                                     "GemiddeldeBevolking_2": 1.0})
    thema = REGISTER.thema("bevolking")
    resolutie = metadata.los_op(delen, thema)
    assert resolutie.vast == {"Geslacht": "T001038", "BurgerlijkeStaat": "T001019"}
    plak = odata.maak_plak(resolutie, thema, 2015, gemeenten={"GM0014"})
    assert plak.keuzes["Geslacht"] == ("T001038",) and plak.keuzes["BurgerlijkeStaat"] == ("T001019",)
    leeftijden = {k.strip() for k in plak.keuzes["Leeftijd"]}
    assert leeftijden == {"10000", "10010"} | {str(10000 + 100 * a) for a in range(1, 65)}  # total and 0..64
    assert {k.strip() for k in plak.keuzes["RegioS"]} == {"NL01", "GM0014"}
    assert [k[:4] for k in plak.keuzes["Perioden"]] == [str(j) for j in range(2015, 2026)]
    assert plak.onderwerpen == ("BevolkingOp1Januari_1",)
    for filter_ in plak.filters():
        assert "Geslacht eq 'T001038'" in filter_ and "BurgerlijkeStaat eq 'T001019'" in filter_


def test_3_bevolking_age_bands_come_from_single_years_and_the_open_band_from_the_total():
    dimensies, onderwerpen = _bevolking_metadata()
    dimensies["RegioS"] = dimensies["RegioS"][:2]
    dimensies["Perioden"] = dimensies["Perioden"][-1:]

    def waarde(c):
        key = c["Leeftijd"].strip()
        leeftijd = 0 if key == "10010" else (int(key) - 10000) // 100 if key.startswith("1") and key != "10000" else None
        per_jaar = 1000.0 if leeftijd is not None and leeftijd < 95 else 0.0
        totaal = 95 * 1000.0 + 500.0  # 500 people aged 95 or older
        basis = {"10000": totaal, "22000": 500.0}.get(key, per_jaar)
        # men and women and the marital states are parts: a workbook that summed them would count people 3x / 5x
        return {"BevolkingOp1Januari_1": basis, "GemiddeldeBevolking_2": basis}

    delen = maak_delen("03759ned", "Bevolking", dimensies, onderwerpen, waarde)
    data = cbs.lees_tabel(delen, REGISTER.thema("bevolking")).data
    gemeente = data[data["regio"] == "GM0014"].set_index("leeftijd")["inwoners"]
    assert gemeente["totaal"] == 95_500
    assert gemeente["leeftijd_0_15"] == 15_000 and gemeente["leeftijd_55_65"] == 10_000
    assert gemeente["leeftijd_65_plus"] == 95_500 - 65_000  # total minus the single years below 65


def test_4_beroepsbevolking_has_the_real_editions_topics_and_prefixed_titles():
    thema = REGISTER.thema("beroepsbevolking")
    ids = {u.id for u in thema.tabellen}
    assert "85969NED" not in ids and {"85269NED", "86088NED", "85494NED"} <= ids
    assert not any("potenti" in (o.titel or "").lower() for o in thema.onderwerpen.values())
    kenmerken = [("T009002", "Totaal personen"), ("52052  ", "Geslacht: mannen"), ("53105  ", "Leeftijd: 15 tot 25 jaar"),
                 ("53500  ", "Leeftijd: 25 tot 45 jaar"), ("53700  ", "Leeftijd: 45 tot 55 jaar"),
                 ("53800  ", "Leeftijd: 55 tot 65 jaar"), ("53925  ", "Leeftijd: 65 tot 75 jaar"),
                 ("2018700", "Onderwijsniveau: 1 laag"), ("2018740", "Onderwijsniveau: 2 middelbaar"),
                 ("2018790", "Onderwijsniveau: 3 hoog")]
    titels = ["Beroeps- en niet-beroepsbevolking", "Beroepsbevolking", "Werkloze beroepsbevolking",
              "Werkloosheidspercentage", "Werkzame beroepsbevolking", "Niet-beroepsbevolking", "Netto arbeidsparticipatie"]
    onderwerpen = [{"Key": f"Onderwerp_{i + 1}", "Title": t, "Unit": "x 1 000"} for i, t in enumerate(titels)]
    delen = maak_delen("85494NED", "Arbeidsdeelname; regionale indeling 2022",
                       {"Persoonskenmerken": kenmerken, "RegioS": [("NL01    ", "Nederland"), ("AM01    ", "Groningen (AM)")],
                        "Perioden": [("2022JJ00", "2022")]}, onderwerpen,
                       lambda c: {o["Key"]: 1.0 for o in onderwerpen})
    resolutie = metadata.los_op(delen, thema)
    assert resolutie.onderwerpen["werkzame_beroepsbevolking"]["Key"] == "Onderwerp_5"  # by title: keys shift
    kenmerk = resolutie.categorieen["kenmerk"]
    assert kenmerk["leeftijd_15_25"].keys == ("53105  ",)
    assert kenmerk["leeftijd_55_75"].keys == ("53800  ", "53925  ")  # 55-65 plus 65-75
    assert kenmerk["onderwijs_laag"].keys == ("2018700",) and kenmerk["onderwijs_hoog"].keys == ("2018790",)


def test_4_the_other_title_form_of_the_education_levels_is_found_and_ambiguity_is_refused():
    records = [{"Key": "T009002", "Title": "Totaal personen"}, {"Key": "A1", "Title": "1 Basisonderwijs, vmbo, mbo1"},
               {"Key": "A2", "Title": "2 Havo, vwo, mbo2-4"}, {"Key": "A3", "Title": "3 Hbo, wo"},
               {"Key": "A11", "Title": "11 Basisonderwijs"}]
    spec = REGISTER.thema("beroepsbevolking").dimensies["kenmerk"].categorieen["onderwijs_middelbaar"]
    assert metadata.zoek_categorie(spec, records, "X", "Persoonskenmerken", True).keys == ("A2",)
    dubbel = records + [{"Key": "B2", "Title": "Onderwijsniveau: 2 Middelbaar"}]
    with pytest.raises(metadata.MetadataFout, match="(?s)niet eenduidig.*A2.*B2"):
        metadata.zoek_categorie(spec, dubbel, "X", "Persoonskenmerken", True)


def test_5_werkzamen_per_sector_come_from_85272NED_the_sector_table_not_85276NED():
    thema = REGISTER.thema("werkzamen_sector_onderwijs")
    assert [u.id for u in thema.tabellen] == ["85272NED"]
    assert "regio" not in thema.dimensies and thema.niveau == "nederland"
    kenmerken = [("T009002", "Totaal personen"), ("2018700", "Onderwijsniveau: 1 Laag"),
                 ("2018740", "Onderwijsniveau: 2 Middelbaar"), ("2018790", "Onderwijsniveau: 3 Hoog")]
    sectoren = [(k.ljust(7), c.titels[0]) for k, c in
                ((c.key, c) for c in thema.dimensies["sector"].categorieen.values())] + [("T998   ", "T Huishoudens")]
    delen = maak_delen("85272NED", "Werkzame beroepsbevolking; bedrijf",
                       {"Geslacht": [("T001038", "Totaal mannen en vrouwen"), ("3000   ", "Mannen")],
                        "Persoonskenmerken": kenmerken, "BedrijfstakkenBranchesSBI2008": sectoren,
                        "Perioden": [("2022KW03", "2022 3e kwartaal"), ("2022JJ00", "2022")]},
                       [{"Key": "WerkzameBeroepsbevolking_1", "Title": "Werkzame beroepsbevolking", "Unit": "x 1 000"}],
                       lambda c: {"WerkzameBeroepsbevolking_1": 100.0 if c["Perioden"].endswith("JJ00") else 90.0})
    data = cbs.lees_tabel(delen, thema).data
    assert set(data["jaar"]) == {2022} and set(data["werkzame_beroepsbevolking"]) == {100.0}  # the year, not a quarter
    assert set(data["kenmerk"]) == {"totaal", "onderwijs_laag", "onderwijs_middelbaar", "onderwijs_hoog"}


def test_6_bevolkingsprognose_reads_regioindeling2021_and_totale_bevolking_in_thousands():
    thema = REGISTER.thema("bevolkingsprognose")
    assert thema.dimensies["regio"].key == "RegioIndeling2021"
    assert thema.onderwerpen["prognose_inwoners"].key == "TotaleBevolking_1" and thema.eenheid == "x 1 000"
    delen = maak_delen("85171NED", "Regionale prognose 2023-2050; bevolking, regio-indeling 2021",
                       {"Geslacht": [("T001038", "Totaal mannen en vrouwen")], "Leeftijd": [("10000", "Totaal")],
                        "RegioIndeling2021": [("NL01", "Nederland"), ("GM0014", "Groningen")],
                        "Perioden": [("2030JJ00", "2030")]},
                       [{"Key": "TotaleBevolking_1", "Title": "Totale bevolking", "Unit": "x 1 000", "Decimals": 1}],
                       lambda c: {"TotaleBevolking_1": 250.4})
    tabel = cbs.lees_tabel(delen, thema)
    assert tabel.onderwerpen["prognose_inwoners"].eenheid == "x 1 000"
    assert set(tabel.data["regio_niveau"]) == {"NL", "GM"}


@pytest.mark.parametrize(("naam", "tabel_id", "dimensies", "vast"), [
    ("studenten", "85701NED", {"Onderwijssoort", "Regiokenmerken", "Perioden"}, {"Geslacht": "T001038"}),
    ("gediplomeerden", "85702NED", {"Onderwijssoort", "Regiokenmerken", "Perioden"}, {"Geslacht": "T001038"}),
    ("mbo_studenten_richting", "85353NED", {"Niveau", "Studierichting", "Regio", "Perioden"},
     {"Geslacht": "T001038", "Leerweg": "A025290"}),
    ("mbo_gediplomeerden_richting", "85356NED", {"Niveau", "Studierichting", "Regio", "Perioden"},
     {"Geslacht": "T001038", "Leerweg": "A025290"}),
])
def test_7_the_education_themes_name_the_dimensions_their_tables_really_have(naam, tabel_id, dimensies, vast):
    """71450ned is archived: its successors have other dimensions (Regiokenmerken, Regio, Studierichting) and no
    Leeftijd or Migratieachtergrond; the dimensions the workbook does not split are fixed to their totals."""
    from werkboek import demo

    thema = REGISTER.thema(naam)
    assert [u.id for u in thema.tabellen] == [tabel_id]
    assert {d.key for d in thema.dimensies.values()} == dimensies
    resolutie = metadata.los_op(demo.brontabel(tabel_id).metadata, thema)
    assert resolutie.vast == vast and not resolutie.optellen and not resolutie.ontbrekend
    niveaus = resolutie.categorieen["onderwijsniveau"]
    if naam == "studenten":
        assert niveaus["middelbaar"].keys == ("A042656", "A042662", "A042668")
        assert niveaus["hoog"].keys == ("A025294", "A025297")
    elif naam == "gediplomeerden":  # no hbo or wo total in the table: their parts
        assert niveaus["hoog"].keys == ("A028669", "A043049", "A043051", "A043054", "A043055")
    else:  # the ISCED-F fields by the code in front of CBS's truncated titles
        richting = resolutie.categorieen["richting"]
        assert richting["isced_02"].titel == "02 Vormgeving, kunst, talen en gesch..."
        assert richting["isced_07"].wijze == "op de code voor de titel"
        assert niveaus["middelbaar"].titel == "Mbo niveau 2 + Mbo niveau 3 + Mbo niveau 4"
