"""The CBS parser: keys and titles, periods, missing values, units, and finding topics the register names."""

import pandas as pd
import pytest

from werkboek import cbs
from werkboek.register import standaard_register
from werkboek.testserver import maak_delen

BANEN = standaard_register().thema("banen")
# The hand-made table has only a few sectors; the warning about the others is tested on its own below.
pytestmark = pytest.mark.filterwarnings("ignore:Tabel 83582NED. de categorie")


def banen_delen(sleutel="BanenVanWerknemers_1", titel="Banen van werknemers", sector_f="F Bouwnijverheid"):
    return maak_delen(
        "83582NED",
        "Banen van werknemers in december",
        {
            "BedrijfstakkenBranchesSBI2008": [("T001081 ", "A-U Alle economische activiteiten"), ("301000  ", sector_f),
                                              ("999999  ", "Iets anders")],
            "RegioS": [("NL01  ", "Nederland"), ("PV20  ", "Groningen (PV)"), ("GM0014    ", "Groningen (gemeente)")],
            "Perioden": [("2022JJ00", "2022"), ("2023JJ00", "2023*", "Voorlopig"), ("2024JJ00", "2024**", "Nader voorlopig")],
        },
        [{"Key": sleutel, "Title": titel, "Unit": "x 1 000", "Decimals": 1, "Description": "Banen in december"}],
        lambda c: {sleutel: None if c["RegioS"].startswith("GM") and c["Perioden"] == "2024JJ00" else 0.0
                   if c["BedrijfstakkenBranchesSBI2008"].startswith("999") else 12.5},
    )


def test_keys_titles_periods_missing_values_and_units_are_kept():
    tabel = cbs.lees_tabel(banen_delen(), BANEN, bron_url="http://x")
    data = tabel.data
    assert len(data) == 27 and tabel.herkomst.rijen == 27
    assert set(data["regio"]) == {"NL01", "PV20", "GM0014"}  # padding stripped
    assert set(data["regio_niveau"]) == {"NL", "PV", "GM"}
    assert data.loc[data["regio"] == "GM0014", "regio_titel"].iloc[0] == "Groningen (gemeente)"
    assert data.loc[data["sector"] == "301000", "sector_categorie"].iloc[0] == "F"
    assert data.loc[data["sector"] == "999999", "sector_categorie"].isna().all()
    per_jaar = data.drop_duplicates("periode").set_index("jaar")
    assert per_jaar.loc[2022, "periode_status"] == "definitief" and not per_jaar.loc[2022, "voorlopig"]
    assert per_jaar.loc[2023, "periode_status"] == "voorlopig" and per_jaar.loc[2023, "voorlopig"]
    assert per_jaar.loc[2024, "periode_status"] == "nader voorlopig" and per_jaar.loc[2024, "voorlopig"]
    ontbrekend = data[(data["regio"] == "GM0014") & (data["jaar"] == 2024)]
    assert len(ontbrekend) == 3 and ontbrekend["banen"].isna().all()
    assert ontbrekend["banen_reden"].str.contains("geheim").all()
    aanwezig = data.drop(ontbrekend.index)
    assert aanwezig["banen"].notna().all() and aanwezig["banen_reden"].isna().all()
    # a published zero stays zero and is not confused with a missing value
    assert (data.loc[(data["sector"] == "999999") & data["banen"].notna(), "banen"] == 0).all()
    onderwerp = tabel.onderwerpen["banen"]
    assert (onderwerp.key, onderwerp.eenheid, onderwerp.decimalen, onderwerp.omschrijving) == (
        "BanenVanWerknemers_1", "x 1 000", 1, "Banen in december")
    assert tabel.herkomst.periode == "2022–2024" and tabel.herkomst.gewijzigd == "2024-06-27T02:00:00"


def test_data_part_may_be_a_frame_with_nan_as_the_cache_reads_it():
    delen = banen_delen()
    uit_records = cbs.lees_tabel(delen, BANEN).data
    delen["TypedDataSet"] = pd.DataFrame.from_records(delen["TypedDataSet"])
    uit_frame = cbs.lees_tabel(delen, BANEN).data
    pd.testing.assert_frame_equal(uit_records, uit_frame)


@pytest.mark.parametrize(
    ("key", "titel", "verwacht"),
    [
        ("BanenVanWerknemers_2", "Banen van werknemers", "BanenVanWerknemers_2"),  # renumbered
        ("WerknemersbanenNieuw_7", "banen van  WERKNEMERS", "WerknemersbanenNieuw_7"),  # new key, same title
    ],
)
def test_a_renamed_topic_is_found_by_key_stem_or_title(key, titel, verwacht):
    tabel = cbs.lees_tabel(banen_delen(sleutel=key, titel=titel), BANEN)
    assert tabel.onderwerpen["banen"].key == verwacht
    assert tabel.data["banen"].notna().sum() == 24


def test_a_missing_topic_is_a_dutch_error_naming_table_topic_and_register():
    with pytest.raises(cbs.OntbrekendOnderwerpFout) as fout:
        cbs.lees_tabel(banen_delen(sleutel="Totaalbanen_1", titel="Totaal banen"), BANEN)
    tekst = str(fout.value)
    assert "83582NED" in tekst and "'banen'" in tekst and "data/tabellen.yaml" in tekst
    assert isinstance(fout.value, cbs.WerkboekFout)


def test_a_missing_dimension_is_a_dutch_error():
    delen = banen_delen()
    delen["DataProperties"] = [e for e in delen["DataProperties"] if e["Key"] != "BedrijfstakkenBranchesSBI2008"]
    with pytest.raises(cbs.OntbrekendOnderwerpFout, match="dimensie 'sector'.*83582NED|83582NED.*dimensie 'sector'"):
        cbs.lees_tabel(delen, BANEN)


def test_a_category_must_match_its_code_and_title_but_not_case_or_spaces():
    met_spaties = cbs.lees_tabel(banen_delen(sector_f="f   BOUWNIJVERHEID "), BANEN).data
    assert (met_spaties["sector_categorie"] == "F").sum() == 9
    with pytest.warns(cbs.DataWaarschuwing, match="F \\('F Bouwnijverheid'\\)"):
        zonder_code = cbs.lees_tabel(banen_delen(sector_f="Bouwnijverheid"), BANEN).data
    assert not (zonder_code["sector_categorie"] == "F").any()


def test_topics_are_found_by_title_within_their_group():
    thema = standaard_register().thema("regio_indeling")
    delen = maak_delen(
        "86059NED", "Gebieden in Nederland 2025", {"RegioS": [("GM0014    ", "Groningen")]},
        [{"Key": "Naam_9", "Title": "Naam", "Datatype": "String", "groep": "Gemeenten"},
         {"Key": "Code_30", "Title": "Code", "Datatype": "String", "groep": "Arbeidsmarktregio's"},
         {"Key": "Naam_31", "Title": "Naam", "Datatype": "String", "groep": "Arbeidsmarktregio's"},
         {"Key": "Naam_40", "Title": "Naam", "Datatype": "String", "groep": "Provincies"}],
        lambda c: {"Naam_9": "Groningen   ", "Code_30": "AM01    ", "Naam_31": "Groningen  ", "Naam_40": "Groningen"},
    )
    tabel = cbs.lees_tabel(delen, thema)
    assert [tabel.onderwerpen[n].key for n in ("gemeentenaam", "arbeidsmarktregio_code", "arbeidsmarktregio_naam")] == [
        "Naam_9", "Code_30", "Naam_31"]
    assert tabel.data.loc[0, "arbeidsmarktregio_code"] == "AM01"  # string topics stay strings, stripped


@pytest.mark.parametrize(
    ("key", "titel", "status", "verwacht"),
    [
        ("2023JJ00", "2023", "Definitief", (2023, None, None, False, "definitief")),
        ("2020MM12", "2020 december*", None, (2020, None, 12, True, "voorlopig")),
        ("2021KW03", "2021 3e kwartaal**", None, (2021, 3, None, True, "nader voorlopig")),
        ("2024JJ00", "2024", "Voorlopig", (2024, None, None, True, "voorlopig")),
    ],
)
def test_periods_are_parsed(key, titel, status, verwacht):
    uit = cbs.lees_periode(key, titel, status)
    assert (uit["jaar"], uit["kwartaal"], uit["maand"], uit["voorlopig"], uit["periode_status"]) == verwacht


def test_source_line_says_cbs_or_demo():
    herkomst = cbs.Herkomst("banen", "83582NED", "t", "2024-06-27T02:00:00", "2026-11-22T08:00:00+00:00", "u",
                            periode="2015–2024")
    assert herkomst.bronregel() == "Bron: CBS, tabel 83582NED, 2015–2024, opgehaald 22-11-2026"
    herkomst.demo = True
    regel = herkomst.bronregel("2023")
    assert regel.startswith("Bron: demodata (synthetisch)") and "83582NED, 2023" in regel and "geen echte" in regel


def test_a_renumbered_key_with_another_meaning_loses_to_an_exact_title():
    delen = banen_delen(sleutel="Werknemersbanen_5", titel="Banen van werknemers")
    delen["DataProperties"].append({"ID": 99, "Position": 99, "ParentID": None, "Type": "Topic", "Key": "BanenVanWerknemers_2",
                                    "Title": "Banen van werknemers; index 2015=100", "Datatype": "Double"})
    for record in delen["TypedDataSet"]:
        record["BanenVanWerknemers_2"] = 100.0
    assert cbs.lees_tabel(delen, BANEN).onderwerpen["banen"].key == "Werknemersbanen_5"
    del delen["DataProperties"][[e["Key"] for e in delen["DataProperties"]].index("Werknemersbanen_5")]
    assert cbs.lees_tabel(delen, BANEN).onderwerpen["banen"].key == "BanenVanWerknemers_2"  # only the stem is left
