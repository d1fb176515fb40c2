"""The CBS parser: keys and titles, periods, missing values, units, and finding topics the register names."""

import pandas as pd
import pytest

from werkboek import cbs, metadata
from werkboek.fouten import WerkboekFout
from werkboek.register import standaard_register
from testservers.cbs import maak_delen

BANEN = standaard_register().thema("banen")
SECTOREN = [(c.key.ljust(7), c.titels[0]) for c in BANEN.dimensies["sector"].categorieen.values()]


def banen_delen(sleutel="BanenVanWerknemersInDecember_1", titel="Banen van werknemers in december", sectoren=None):
    """83582NED in its real shape: the 16 sectors the workbook uses (keys padded to 7) plus one it does not."""
    return maak_delen(
        "83582NED",
        "Banen van werknemers in december",
        {
            "BedrijfstakkenBranchesSBI2008": (sectoren or SECTOREN) + [("999999 ", "Iets anders")],
            "RegioS": [("NL01  ", "Nederland"), ("PV20  ", "Groningen (PV)"), ("GM0014", "Groningen")],
            "Perioden": [("2022JJ00", "2022"), ("2023JJ00", "2023*", "Voorlopig"), ("2024JJ00", "2024**", "Nader voorlopig")],
        },
        [{"Key": sleutel, "Title": titel, "Unit": "x 1 000", "Decimals": 1, "Description": "Banen in december"}],
        lambda c: {sleutel: None if c["RegioS"].startswith("GM") and c["Perioden"] == "2024JJ00" else 0.0
                   if c["BedrijfstakkenBranchesSBI2008"].startswith("999") else 12.5},
    )


def test_keys_titles_periods_missing_values_and_units_are_kept():
    tabel = cbs.lees_tabel(banen_delen(), BANEN, bron_url="http://x")
    data = tabel.data
    assert len(data) == 16 * 3 * 3 and tabel.herkomst.rijen == 144  # categories the workbook does not use are left out
    assert set(data["regio"]) == {"NL01", "PV20", "GM0014"}  # padding stripped
    assert set(data["regio_niveau"]) == {"NL", "PV", "GM"}
    assert data.loc[data["regio"] == "GM0014", "regio_titel"].iloc[0] == "Groningen"
    assert set(data["sector"]) == set(BANEN.dimensies["sector"].categorieen)
    assert data.loc[data["sector"] == "F", "sector_titel"].iloc[0] == "F Bouwnijverheid"
    per_jaar = data.drop_duplicates("jaar").set_index("jaar")
    assert per_jaar.loc[2022, "periode_status"] == "definitief" and not per_jaar.loc[2022, "voorlopig"]
    assert per_jaar.loc[2023, "periode_status"] == "voorlopig" and per_jaar.loc[2023, "voorlopig"]
    assert per_jaar.loc[2024, "periode_status"] == "nader voorlopig" and per_jaar.loc[2024, "voorlopig"]
    ontbrekend = data[(data["regio"] == "GM0014") & (data["jaar"] == 2024)]
    assert len(ontbrekend) == 16 and ontbrekend["banen"].isna().all()
    assert ontbrekend["banen_reden"].str.contains("geheim").all()
    aanwezig = data.drop(ontbrekend.index)
    assert aanwezig["banen"].notna().all() and aanwezig["banen_reden"].isna().all()
    onderwerp = tabel.onderwerpen["banen"]
    assert (onderwerp.key, onderwerp.eenheid, onderwerp.decimalen, onderwerp.omschrijving) == (
        "BanenVanWerknemersInDecember_1", "x 1 000", 1, "Banen in december")
    assert tabel.herkomst.periode == "2022–2024" and tabel.herkomst.gewijzigd == "2024-06-27T02:00:00"


def test_a_published_zero_stays_zero_and_is_not_confused_with_a_missing_value():
    sectoren = [(k, t) for k, t in SECTOREN]
    delen = banen_delen(sectoren=sectoren)
    for record in delen["TypedDataSet"]:
        if record["BedrijfstakkenBranchesSBI2008"].strip() == "301000" and record["BanenVanWerknemersInDecember_1"] is not None:
            record["BanenVanWerknemersInDecember_1"] = 0.0
    data = cbs.lees_tabel(delen, BANEN).data
    landbouw = data[(data["sector"] == "A") & data["banen"].notna()]
    assert len(landbouw) == 8 and (landbouw["banen"] == 0).all() and landbouw["banen_reden"].isna().all()


def test_data_part_may_be_a_frame_with_nan_as_the_cache_reads_it():
    delen = banen_delen()
    uit_records = cbs.lees_tabel(delen, BANEN).data
    delen["TypedDataSet"] = pd.DataFrame.from_records(delen["TypedDataSet"])
    uit_frame = cbs.lees_tabel(delen, BANEN).data
    pd.testing.assert_frame_equal(uit_records, uit_frame)


@pytest.mark.parametrize(
    ("key", "titel", "verwacht"),
    [
        ("BanenVanWerknemersInDecember_2", "Banen van werknemers in december", "BanenVanWerknemersInDecember_2"),
        ("WerknemersbanenNieuw_7", "banen van  WERKNEMERS in december ", "WerknemersbanenNieuw_7"),  # same title
    ],
)
def test_a_renamed_topic_is_found_by_key_stem_or_title(key, titel, verwacht):
    tabel = cbs.lees_tabel(banen_delen(sleutel=key, titel=titel), BANEN)
    assert tabel.onderwerpen["banen"].key == verwacht
    assert tabel.data["banen"].notna().sum() == 16 * 8


def test_a_missing_topic_is_a_dutch_error_naming_table_topic_and_register():
    with pytest.raises(metadata.MetadataFout) as fout:
        cbs.lees_tabel(banen_delen(sleutel="Totaalbanen_1", titel="Totaal banen"), BANEN)
    tekst = str(fout.value)
    assert "83582NED" in tekst and "'banen'" in tekst and "data/tabellen.yaml" in tekst
    assert "Totaalbanen_1 ('Totaal banen')" in tekst  # the candidates that were there
    assert isinstance(fout.value, WerkboekFout)


def test_a_missing_dimension_is_a_dutch_error():
    delen = banen_delen()
    delen["DataProperties"] = [e for e in delen["DataProperties"] if e["Key"] != "BedrijfstakkenBranchesSBI2008"]
    with pytest.raises(metadata.MetadataFout, match="83582NED.*dimensie 'sector'"):
        cbs.lees_tabel(delen, BANEN)


def test_a_category_is_found_by_its_confirmed_key_else_by_title_regardless_of_case_or_spaces():
    andere_titel = [(k, "F Bouw (nieuwe titel)" if k.strip() == "350000" else t) for k, t in SECTOREN]
    assert (cbs.lees_tabel(banen_delen(sectoren=andere_titel), BANEN).data["sector"] == "F").sum() == 9  # key wins
    andere_key = [("359999 " if k.strip() == "350000" else k, "f   BOUWNIJVERHEID " if k.strip() == "350000" else t)
                  for k, t in SECTOREN]
    assert (cbs.lees_tabel(banen_delen(sectoren=andere_key), BANEN).data["sector"] == "F").sum() == 9  # title
    beide_anders = [("359999 ", "Bouwnijverheid") if k.strip() == "350000" else (k, t) for k, t in SECTOREN]
    with pytest.raises(metadata.MetadataFout, match="(?s)categorie 'F'.*350000.*F Bouwnijverheid.*359999"):
        cbs.lees_tabel(banen_delen(sectoren=beide_anders), BANEN)


def test_topics_are_found_by_title_within_their_group():
    thema = standaard_register().thema("regio_indeling")
    delen = maak_delen(
        "86059NED", "Gebieden in Nederland 2025", {"RegioS": [("GM0014    ", "Groningen")]},
        [{"Key": "Naam_9", "Title": "Naam", "Datatype": "String", "groep": "Codes en namen van gemeenten"},
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


def test_a_renumbered_key_with_another_meaning_loses_to_an_exact_title_and_is_never_taken_alone():
    delen = banen_delen(sleutel="Werknemersbanen_5", titel="Banen van werknemers in december")
    delen["DataProperties"].append({"ID": 99, "Position": 99, "ParentID": None, "Type": "Topic",
                                    "Key": "BanenVanWerknemersInDecember_2",
                                    "Title": "Banen van werknemers in december; index 2015=100", "Datatype": "Double"})
    for record in delen["TypedDataSet"]:
        record["BanenVanWerknemersInDecember_2"] = 100.0
    assert cbs.lees_tabel(delen, BANEN).onderwerpen["banen"].key == "Werknemersbanen_5"
    del delen["DataProperties"][[e["Key"] for e in delen["DataProperties"]].index("Werknemersbanen_5")]
    # only a key with the same stem and another title is left: never taken on its number alone
    with pytest.raises(metadata.MetadataFout, match="index 2015=100"):
        cbs.lees_tabel(delen, BANEN)
