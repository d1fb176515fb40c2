"""Reading DUO open data files: the register's duo section, the readers per kind of file (demo bytes and hand-made
files in DUO's real header layouts), masked counts as ranges, the gemeente-name matcher and layout errors."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from werkboek import duo_lezen
from werkboek.censuur import som_bereik
from werkboek.demo import duo as demo_duo
from werkboek.duo_lezen import DuoFout, DuoLayoutFout, koppel_gemeentenamen, lees_bestand
from werkboek.register import RegisterFout, laad_register, standaard_register

SPECS = standaard_register().duo


def maak_csv(kop: list[str], rijen: list[list[str]], bom: bool = True) -> bytes:
    """A CSV as DUO writes it: comma, every field quoted, UTF-8 with a byte order mark."""
    uit = io.StringIO(newline="")
    schrijver = csv.writer(uit, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    schrijver.writerow(kop)
    schrijver.writerows(rijen)
    return (b"\xef\xbb\xbf" if bom else b"") + uit.getvalue().encode("utf-8")


def geschud(kop: list[str], rijen: list[list[str]], volgorde: list[int]) -> bytes:
    return maak_csv([kop[i] for i in volgorde], [[r[i] for i in volgorde] for r in rijen], bom=False)


# ---------------------------------------------------------------------------------------------------------
# The register
# ---------------------------------------------------------------------------------------------------------


def test_the_register_describes_every_kind_of_file_with_the_facts_the_brief_names():
    assert set(SPECS) == {"mbo_studenten_sectorkamer", "mbo_instroom", "mbo_gediplomeerden", "mbo_instellingen",
                          "ho_eerstejaars"}
    sector = SPECS["mbo_studenten_sectorkamer"]
    assert sector.dataset == "mbo-studenten-per-sectorkamer-en-leerweg"
    assert [r.id for r in sector.resources] == ["44a2a5e0-8218-44ed-bc5b-33b4bcceb480"]
    assert sector.gemeente == "naam" and sector.plaats == "woonplaats van de student" and "-1" in sector.maskering
    instroom = SPECS["mbo_instroom"]
    assert instroom.per_jaar and [r.jaar for r in instroom.resources] == [2021, 2022, 2023, 2024, 2025]
    assert all(r.status == "bevestigd" for s in SPECS.values() for r in s.resources)
    assert "aanname" in instroom.maskering.lower() and "afgeleid" in instroom.omschrijving
    assert SPECS["mbo_instellingen"].kolommen[6] == "GEMEENTENUMMER INSTELLING"
    assert {r.deel for r in SPECS["ho_eerstejaars"].resources} == {"hbo", "wo"}
    assert SPECS["ho_eerstejaars"].plaats == "vestiging (gemeente van de opleiding)"
    for spec in SPECS.values():  # the columns each reader selects are the columns the register requires
        lezer = duo_lezen.LEZERS[spec.naam]
        assert set(lezer.kolommen) - {lezer.aantal} <= set(spec.kolommen) | set(lezer.vaste_waardekolommen)
        assert spec.patroon().match(spec.resources[0].naam)


@pytest.mark.parametrize("wijziging, verwacht", [
    ({"plaats": "ergens"}, "Onbekende plaats 'ergens'"),
    ({"naampatroon": "(("}, "geen geldige reguliere expressie"),
    ({"resources": [{"id": "geen-uuid", "naam": "x"}]}, "geen CKAN-resource-id"),
    ({"kolommen": []}, "'kolommen'"),
    ({"gemeente": "postcode"}, "Onbekende gemeente 'postcode'"),
])
def test_a_wrong_duo_entry_stops_with_a_dutch_register_error(tmp_path, wijziging, verwacht):
    import yaml

    gegevens = yaml.safe_load(standaard_register().pad.read_text(encoding="utf-8"))
    gegevens["duo"]["mbo_instellingen"].update(wijziging)
    pad = tmp_path / "tabellen.yaml"
    pad.write_text(yaml.safe_dump(gegevens, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RegisterFout, match=verwacht):
        laad_register(pad)
    with pytest.raises(RegisterFout, match="Bekende DUO-bestanden"):
        standaard_register().duo_bestand("mbo_onbekend")


# ---------------------------------------------------------------------------------------------------------
# Readers on hand-made files in the real layouts
# ---------------------------------------------------------------------------------------------------------

SECTOR_KOP = ["SECTORKAMER NAAM", "HOOFDGROEP NAAM", "LEERWEG", "NIVEAU", "WOONPROVINCIE", "WOONGEMEENTE",
              "JAAR_2021", "JAAR_2022", "JAAR_2023", "JAAR_2024", "JAAR_2025"]
SECTOR_RIJEN = [
    ["Zorg, welzijn en sport", "Zorg en welzijn", "BOLVT", "4", "Groningen", "Groningen", "120", "-1", "0", "131", "140"],
    ["Entree", "Entree", "BBL", "1", "BELGIE", "woonachtig in België", "-1", "-1", "5", "0", "-1"],
]


def test_sectorkamer_file_is_long_with_levels_years_and_masked_ranges():
    data = lees_bestand(SPECS["mbo_studenten_sectorkamer"], maak_csv(SECTOR_KOP, SECTOR_RIJEN), bestand="sk03.csv")
    assert list(data.columns) == ["jaar", "niveau", "sectorkamer", "hoofdgroep", "leerweg", "woonprovincie",
                                  "woongemeente", "aantal_min", "aantal_max", "gemaskeerd"]
    assert len(data) == 10 and sorted(data["jaar"].unique()) == [2021, 2022, 2023, 2024, 2025]
    rij = data[(data["woongemeente"] == "Groningen") & (data["jaar"] == 2022)].iloc[0]
    assert (rij["aantal_min"], rij["aantal_max"], rij["gemaskeerd"]) == (1, 4, True) and rij["niveau"] == "mbo_4"
    rij = data[(data["woongemeente"] == "Groningen") & (data["jaar"] == 2024)].iloc[0]
    assert (rij["aantal_min"], rij["aantal_max"], rij["gemaskeerd"]) == (131, 131, False)
    assert set(data.loc[data["woongemeente"] == "woonachtig in België", "niveau"]) == {"entree"}
    assert data.attrs["plaats"] == "woonplaats van de student" and data.attrs["gemaskeerde_cellen"] == 4
    anders = lees_bestand(SPECS["mbo_studenten_sectorkamer"], geschud(SECTOR_KOP, SECTOR_RIJEN, [5, 10, 0, 7, 3, 1, 9, 2, 4, 6, 8]))
    pd.testing.assert_frame_equal(anders, data, check_like=False)


def test_masked_cells_add_up_to_a_range_never_to_a_number():
    data = lees_bestand(SPECS["mbo_studenten_sectorkamer"], maak_csv(SECTOR_KOP, SECTOR_RIJEN))
    groningen = som_bereik(data[data["woongemeente"] == "Groningen"])
    # 120 + [1,4] + 0 + 131 + 140: -1 as a number would give 390, 4 as exact 395, 0 would give 391
    assert groningen[["aantal_min", "aantal_max", "gemaskeerde_cellen", "cellen"]].iloc[0].tolist() == [392, 395, 1, 5]
    assert not groningen["exact"].iloc[0] and pd.isna(groningen["aantal"].iloc[0])
    per_jaar = som_bereik(data, ["jaar"]).set_index("jaar")
    assert per_jaar.loc[2023, "aantal"] == 5 and per_jaar.loc[2023, "exact"]
    assert (per_jaar.loc[2021, "aantal_min"], per_jaar.loc[2021, "aantal_max"]) == (121, 124)


INSTROOM_KOP = ["JAAR", "INSTELLINGSCODE", "NIVEAU", "LEERWEG", "BEROEPSOPLEIDING CODE", "BEROEPSOPLEIDING NAAM",
                "WIJZIGING IN INSTELLING", "LAATSTE JAAR VO", "VOOROPLEIDING VO", "LAATSTE JAAR MBO", "VOOROPLEIDING MBO",
                "INSTROOM VO", "INSTROOM MBO", "INSTROOM OPLEIDING", "AANTAL"]
INSTROOM_RIJEN = [
    ["2025", "25LP", "4", "BOL", "bc388", "Commercie", "N", " ", "vooropleiding onbekend", "2024", "mbo niveau 3 diploma",
     "Geen instroom", "N", "J", "17"],
    ["2025", "25LP", "2", "BBL", "bc365", "Entree", " ", "<2024", "havo diploma", " ",
     "vooropleiding mbo onbekend of ongediplomeerd", "Indirecte instroom", "J", "J", "2"],
    ["2025", "25LP", "3", "EX", "bc320", "Schilderen", "J", "2024", "vbo diploma", " ",
     "vooropleiding mbo onbekend of ongediplomeerd", "Directe instroom", "J", "N", "-1"],
]


def test_instroom_file_keeps_indicators_as_booleans_and_small_unmasked_counts():
    spec = SPECS["mbo_instroom"]
    data = lees_bestand(spec, maak_csv(INSTROOM_KOP, INSTROOM_RIJEN), jaar=2025)
    assert data["jaar"].tolist() == [2025] * 3 and data["niveau"].tolist() == ["mbo_4", "mbo_2", "mbo_3"]
    assert data["instroom_mbo"].tolist() == [False, True, True] and data["instroom_opleiding"].tolist() == [True, True, False]
    assert data["wijziging_in_instelling"].isna().tolist() == [False, True, False]
    assert data["aantal_min"].tolist() == [17, 2, 1] and data["aantal_max"].tolist() == [17, 2, 4]  # '2' stays 2
    doorstroom = data[(data["niveau"] == "mbo_4") & (data["vooropleiding_mbo"] == "mbo niveau 3 diploma")]
    assert doorstroom["aantal_min"].sum() == 17
    volgorde = [14, 0, 2, 1, 3, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4]
    pd.testing.assert_frame_equal(lees_bestand(spec, geschud(INSTROOM_KOP, INSTROOM_RIJEN, volgorde)), data)


def test_an_empty_jaar_cell_takes_the_year_of_the_file_and_a_bad_year_is_named():
    rijen = [list(INSTROOM_RIJEN[0])]
    rijen[0][0] = ""
    assert lees_bestand(SPECS["mbo_instroom"], maak_csv(INSTROOM_KOP, rijen), jaar=2023)["jaar"].tolist() == [2023]
    rijen[0][0] = "2023/24"
    with pytest.raises(DuoLayoutFout, match="regel 2: '2023/24'"):
        lees_bestand(SPECS["mbo_instroom"], maak_csv(INSTROOM_KOP, rijen))


GEDIPLOMEERDEN_KOP = ["INSTELLINGSCODE", "INSTELLINGSNAAM", "PLAATSNAAM INSTELLING", "LEERWEG", "NIVEAU",
                      "ERKENDE OPLEIDING CODE", "ERKENDE OPLEIDING NAAM", "SECTORKAMER NAAM", "HOOFDGROEP NAAM",
                      "DIPMAN2021", "DIPVROUW2021", "DIPMAN2022", "DIPVROUW2022"]


def test_diploma_file_gives_a_row_per_sex_and_year_as_written_in_the_column_name():
    rijen = [["25LP", "ROC X", "'S-HERTOGENBOSCH", "OVO", "3", "25655", "Verzorgende IG", "Zorg, welzijn en sport",
              "Zorg en welzijn", "7", "-1", "0", "35"]]
    data = lees_bestand(SPECS["mbo_gediplomeerden"], maak_csv(GEDIPLOMEERDEN_KOP, rijen))
    assert data[["jaar", "geslacht", "aantal_min", "aantal_max"]].values.tolist() == [
        [2021, "man", 7, 7], [2021, "vrouw", 1, 4], [2022, "man", 0, 0], [2022, "vrouw", 35, 35]]
    assert set(data["leerweg"]) == {"OVO"} and set(data["opleiding_code"]) == {"25655"}


INSTELLINGEN_KOP = ["JAAR", "PROVINCIE INSTELLING", "BEVOEGD GEZAG NUMMER", "INSTELLINGSCODE", "INSTELLINGSNAAM",
                    "PLAATSNAAM INSTELLING", "GEMEENTENUMMER INSTELLING", "GEMEENTE INSTELLING", "BBL", "BOLDT", "BOLVT", "EX"]


def test_institution_file_keeps_0106_as_a_text_code_and_gives_the_latest_main_site():
    rijen = [["2021", "Drenthe", "30001", "25LP", "ROC A", "ASSEN", "0106", "ASSEN", "1200", "-1", "3000", "0"],
             ["2025", "Drenthe", "30001", "25LP", "ROC A", "EMMEN", "0114", "EMMEN", "1100", "0", "3100", "-1"],
             ["2025", "Groningen", "30002", "26AB", "ROC B", "GRONINGEN", "0014", "GRONINGEN", "900", "0", "2000", "7"]]
    volgorde = [3, 0, 7, 6, 11, 10, 9, 8, 5, 4, 2, 1]
    data = lees_bestand(SPECS["mbo_instellingen"], geschud(INSTELLINGEN_KOP, rijen, volgorde))
    assert set(data["gemeente"]) == {"GM0106", "GM0114", "GM0014"} and set(data["leerweg"]) == {"BBL", "BOLDT", "BOLVT", "EX"}
    assert "niveau" not in data.columns and len(data) == 12
    koppeling = duo_lezen.instelling_gemeenten(data).set_index("instellingscode")
    assert koppeling.loc["25LP", "gemeente"] == "GM0114" and koppeling.loc["25LP", "jaar"] == 2025


HO_KOP = ["STUDIEJAAR", "PROVINCIENAAM", "GEMEENTENUMMER", "GEMEENTENAAM", "SOORT_INSTELLING", "TYPE_HOGER_ONDERWIJS",
          "INSTELLINGSCODE_ACTUEEL", "INSTELLINGSNAAM_ACTUEEL", "ONDERDEEL", "SUBONDERDEEL", "GESLACHT",
          "AANTAL_EERSTEJAARS_INGESCHREVENEN"]


def test_ho_file_takes_hbo_or_wo_from_the_file_and_the_sort_from_its_column():
    rijen = [["2023", "Groningen", "0014", "Groningen", "reguliere inst.", "associate degree", "21PB", "Hanze",
              "ECONOMIE", "x", "VROUW", "-1"],
             ["2023", "Noord-Brabant", "0796", "'s-Hertogenbosch", "reguliere inst.", "bachelor", "21PB", "Hanze",
              "TECHNIEK", "y", "MAN", "4"]]
    spec = SPECS["ho_eerstejaars"]
    data = lees_bestand(spec, maak_csv(HO_KOP, rijen), deel="hbo")
    assert data[["jaar", "niveau", "soort", "gemeente"]].values.tolist() == [
        [2023, "hbo", "associate degree", "GM0014"], [2023, "hbo", "bachelor", "GM0796"]]
    assert data["gemaskeerd"].tolist() == [True, False] and data["aantal_max"].tolist() == [4, 4]
    assert lees_bestand(spec, maak_csv(HO_KOP, rijen), deel="wo")["niveau"].unique().tolist() == ["wo"]
    with pytest.raises(DuoFout, match="deel"):
        lees_bestand(spec, maak_csv(HO_KOP, rijen))


# ---------------------------------------------------------------------------------------------------------
# Broken files: every failure is a Dutch error that names the file
# ---------------------------------------------------------------------------------------------------------


def test_a_changed_header_names_the_file_the_missing_and_the_present_columns():
    kop = [k if k != "WOONGEMEENTE" else "WOONGEMEENTE NAAM" for k in SECTOR_KOP]
    with pytest.raises(DuoLayoutFout) as fout:
        lees_bestand(SPECS["mbo_studenten_sectorkamer"], maak_csv(kop, SECTOR_RIJEN), bestand="sk03.csv")
    tekst = str(fout.value)
    assert "sk03.csv" in tekst and "'WOONGEMEENTE' ontbreekt" in tekst and "'WOONGEMEENTE NAAM'" in tekst
    assert "data/tabellen.yaml" in tekst and "niet vervangen" in tekst
    zonder_jaren = maak_csv(SECTOR_KOP[:6], [r[:6] for r in SECTOR_RIJEN])
    with pytest.raises(DuoLayoutFout, match="JAAR_"):
        lees_bestand(SPECS["mbo_studenten_sectorkamer"], zonder_jaren)


@pytest.mark.parametrize("inhoud, verwacht", [
    (b"", "leeg"),
    (b"\xef\xbb\xbf" + ",".join(f'"{k}"' for k in SECTOR_KOP).encode() + b"\r\n", "alleen een kopregel"),
    (maak_csv(SECTOR_KOP, SECTOR_RIJEN)[:-20], "afgekapt"),
    (b"<html><body>Onderhoud</body></html>", "webpagina"),
])
def test_empty_truncated_and_non_csv_files_are_refused(inhoud, verwacht):
    with pytest.raises(DuoFout, match=verwacht):
        lees_bestand(SPECS["mbo_studenten_sectorkamer"], inhoud, bestand="sk03.csv")


def test_a_count_that_is_no_count_is_named_with_its_line():
    rijen = [list(SECTOR_RIJEN[0])]
    rijen[0][8] = "<5"
    with pytest.raises(DuoLayoutFout, match=r"JAAR_2023.*regel 2: '<5'"):
        lees_bestand(SPECS["mbo_studenten_sectorkamer"], maak_csv(SECTOR_KOP, rijen))
    rijen[0][8], rijen[0][3] = "5", "4a"
    with pytest.raises(DuoLayoutFout, match="NIVEAU"):
        lees_bestand(SPECS["mbo_studenten_sectorkamer"], maak_csv(SECTOR_KOP, rijen))


# ---------------------------------------------------------------------------------------------------------
# The demo files read as real ones
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", demo_duo.resources(), ids=lambda r: f"{r.spec}-{r.jaar or r.deel or ''}")
def test_every_demo_file_has_the_real_header_and_reads_with_the_same_reader(resource):
    inhoud = demo_duo.bestand(resource.id)
    assert inhoud.startswith(b"\xef\xbb\xbf\"")  # BOM, quoted
    spec = SPECS[resource.spec]
    data = lees_bestand(spec, inhoud, jaar=resource.jaar, deel=resource.deel)
    assert len(data) and data["jaar"].between(2020, 2024).all() and data["aantal_min"].ge(0).all()
    kop = next(csv.reader(io.StringIO(inhoud.decode("utf-8-sig"))))
    assert set(spec.kolommen) <= set(kop)
    if resource.spec == "mbo_instroom":
        assert set(data["jaar"]) == {resource.jaar}
        klein = data[~data["gemaskeerd"] & data["aantal_min"].between(1, 3)]
        assert len(klein) and data["gemaskeerd"].any()  # unmasked 1-3 next to -1, as in the real files
        assert ((data["niveau"] == "mbo_4") & (data["vooropleiding_mbo"] == "mbo niveau 3 diploma")).any()
    if resource.spec == "mbo_studenten_sectorkamer":
        assert set(data["sectorkamer"]) == {s for s, *_ in demo_duo.SECTOREN} and data["sectorkamer"].nunique() == 11
        assert {"woonachtig in België", "woonachtig in Duitsland"} <= set(data["woongemeente"])


# ---------------------------------------------------------------------------------------------------------
# Gemeente names
# ---------------------------------------------------------------------------------------------------------


def test_names_match_codes_without_case_accents_and_with_suffixes_abroad_is_apart():
    gemeenten = [("GM0518", "'s-Gravenhage"), ("GM0373", "Bergen (NH.)"), ("GM0893", "Bergen (L.)"),
                 ("GM0164", "Hengelo"), ("GM1900", "Súdwest-Fryslân"), ("GM0014", "Groningen")]
    koppeling = koppel_gemeentenamen(
        ["Den Haag", "BERGEN (NH)", "Bergen (L.)", "Hengelo (O.)", "Sudwest Fryslan", "groningen",
         "woonachtig in België", "woonachtig in Duitsland", "Atlantis", "Bergen"], gemeenten)
    assert koppeling.codes == {"Den Haag": "GM0518", "BERGEN (NH)": "GM0373", "Bergen (L.)": "GM0893",
                               "Hengelo (O.)": "GM0164", "Sudwest Fryslan": "GM1900", "groningen": "GM0014"}
    assert koppeling.buitenland == ["woonachtig in België", "woonachtig in Duitsland"]
    assert koppeling.niet_gevonden == ["Atlantis"] and koppeling.dubbelzinnig == {"Bergen": ["GM0373", "GM0893"]}
    opmerkingen = " ".join(koppeling.opmerkingen())
    assert "Atlantis" in opmerkingen and "Bergen" in opmerkingen and "België" not in opmerkingen


def test_for_one_name_in_several_classifications_the_later_pair_wins():
    koppeling = koppel_gemeentenamen(["Nieuwstad"], [("GM0001", "Nieuwstad"), ("GM0999", "Nieuwstad")])
    assert koppeling.codes == {"Nieuwstad": "GM0999"}
