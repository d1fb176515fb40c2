"""DUO mbo import: documented layout with variants, censored small counts, bounds per region, Dutch errors."""

from __future__ import annotations

import pandas as pd
import pytest

from werkboek import paden
from werkboek.fouten import WerkboekFout
from werkboek.importeren import ImportFout, ImportWaarschuwing, LayoutFout, duo_per_regio, lees_duo_mbo

VOORBEELD = paden.data_dir() / "voorbeelden" / "duo_mbo_deelnemers_synthetisch.csv"
VOORBEELD_OUD = paden.data_dir() / "voorbeelden" / "duo_mbo_deelnemers_oud_synthetisch.csv"
KOPPELING = pd.DataFrame({"gemeente": [f"GM{9001 + i}" for i in range(20)], "regio": ["AM01"] * 14 + ["AM02"] * 6})


def ruwe_regels(pad) -> pd.DataFrame:
    return pd.read_csv(pad, sep=";", dtype=str, keep_default_na=False)


def schrijf(tmp_path, tekst: str, naam: str = "duo.csv"):
    pad = tmp_path / naam
    pad.write_text(tekst, encoding="utf-8")
    return pad


def test_small_counts_after_november_2023_stay_censored_with_bounds():
    ruw = ruwe_regels(VOORBEELD)
    deelnemers = lees_duo_mbo(VOORBEELD)
    klein = (ruw["AANTAL DEELNEMERS"] == "<5").to_numpy()
    assert klein.sum() >= 3 and len(deelnemers) == len(ruw)
    assert deelnemers["aantal_gecensureerd"].to_numpy().tolist() == klein.tolist()
    gecensureerd = deelnemers[klein]
    assert gecensureerd["aantal"].isna().all()
    assert (gecensureerd["aantal_min"] == 1).all() and (gecensureerd["aantal_max"] == 4).all()
    exact = deelnemers[~klein]
    assert (exact["aantal"] == exact["aantal_min"]).all() and (exact["aantal"] == exact["aantal_max"]).all()
    assert deelnemers.attrs["conventie"] == "<5" and deelnemers.attrs["gecensureerde_cellen"] == klein.sum()
    assert deelnemers.loc[deelnemers["kwalificatie"] == "Demo: Verzorgende IG", "aantal"].iloc[0] == 1204  # '1.204'
    assert set(deelnemers["onderwijsniveau"]) == {"mbo_1_2", "mbo_3", "mbo_4"}
    assert deelnemers["woongemeente"].str.fullmatch(r"GM\d{4}").all()


def test_region_sums_give_bounds_and_never_count_censored_cells_as_zero_or_four():
    deelnemers = lees_duo_mbo(VOORBEELD)
    per_regio = duo_per_regio(deelnemers, KOPPELING)
    assert per_regio.attrs["toerekening"] == "woonregio" and "woongemeente" in per_regio.attrs["toerekening_uitleg"]
    regio_van = dict(zip(KOPPELING["gemeente"], KOPPELING["regio"]))
    for _, rij in per_regio.iterrows():
        cellen = deelnemers[(deelnemers["woongemeente"].map(regio_van) == rij["regio"]) & (deelnemers["peiljaar"] == rij["peiljaar"])
                            & (deelnemers["onderwijsniveau"] == rij["onderwijsniveau"])]
        exact = cellen.loc[~cellen["aantal_gecensureerd"], "aantal"].sum()
        n = int(cellen["aantal_gecensureerd"].sum())
        assert rij["gecensureerde_cellen"] == n and rij["cellen"] == len(cellen)
        assert rij["aantal_ondergrens"] == exact + 1 * n and rij["aantal_bovengrens"] == exact + 4 * n
        if n:
            assert pd.isna(rij["aantal"])  # neither exact + 0 nor exact + 4 is given as the count
        else:
            assert rij["aantal"] == exact
    assert per_regio["gecensureerde_cellen"].gt(0).any() and per_regio["aantal"].notna().any()


def test_older_files_flag_a_masked_four_and_a_four_without_flag_is_real():
    deelnemers = lees_duo_mbo(VOORBEELD_OUD)
    ruw = ruwe_regels(VOORBEELD_OUD)
    vlag = (ruw["Gemaskeerd"] == "J").to_numpy()
    assert deelnemers.attrs["conventie"] == "vlag"
    assert deelnemers["aantal_gecensureerd"].tolist() == vlag.tolist()
    echte_vier = (ruw["Aantal"] == "4").to_numpy() & ~vlag
    assert echte_vier.any() and (deelnemers.loc[echte_vier, "aantal"] == 4).all()
    assert deelnemers["peiljaar"].tolist() == [int(p[-4:]) for p in ruw["Peiljaar"]]  # '01-10-2021' -> 2021


def test_a_four_without_flag_column_is_ambiguous_censored_with_a_warning_unless_declared_exact(tmp_path):
    pad = schrijf(tmp_path, "peiljaar;brin;crebo;niveau;woongemeente;aantal\n2020;99XA;99103;4;GM9001;4\n2020;99XA;99103;4;GM9002;30\n")
    with pytest.warns(ImportWaarschuwing, match="vier_is_exact"):
        deelnemers = lees_duo_mbo(pad)
    assert deelnemers["aantal_gecensureerd"].tolist() == [True, False] and deelnemers.attrs["conventie"] == "vier"
    exact = lees_duo_mbo(pad, vier_is_exact=True)
    assert exact["aantal"].tolist() == [4.0, 30.0] and not exact["aantal_gecensureerd"].any()


def test_column_name_variants_comma_separator_and_windows_encoding_are_accepted(tmp_path):
    pad = tmp_path / "duo.csv"
    pad.write_bytes("Jaar,BRIN,Crebocode,Kwalificatienaam,Mbo niveau,Woongemeentecode,Aantal deelnemers\n"
                    "2023/2024,99XA,99103,Demo: Vakkracht café,niveau 4,0363,12\n".encode("cp1252"))
    deelnemers = lees_duo_mbo(pad)
    rij = deelnemers.iloc[0]
    assert (rij["peiljaar"], rij["niveau"], rij["woongemeente"], rij["aantal"]) == (2023, 4, "GM0363", 12.0)
    assert rij["kwalificatie"] == "Demo: Vakkracht café"


def test_wide_files_with_a_column_per_year_become_rows(tmp_path):
    pad = schrijf(tmp_path, "BRIN NUMMER;CREBO;NIVEAU;WOONGEMEENTE;2022 MAN;2022 VROUW;2023 MAN\n"
                            "99XA;99103;4;GM9001;10;<5;\n99XA;99102;3;GM9002;<5;7;8\n")
    deelnemers = lees_duo_mbo(pad)
    assert len(deelnemers) == 5  # the empty 2023 cell is no count
    assert sorted(deelnemers["peiljaar"].unique().tolist()) == [2022, 2023]
    assert set(deelnemers["deel"]) == {"man", "vrouw"}
    assert int(deelnemers["aantal_gecensureerd"].sum()) == 2
    assert sorted(deelnemers["regel"].tolist()) == [2, 2, 3, 3, 3]


def test_wrong_layout_names_the_missing_column_and_the_documented_layout(tmp_path):
    pad = schrijf(tmp_path, "peiljaar;brin;crebo;niveau;aantal\n2023;99XA;99103;4;12\n")
    with pytest.raises(LayoutFout) as info:
        lees_duo_mbo(pad)
    melding = str(info.value)
    assert isinstance(info.value, WerkboekFout)
    assert "'woongemeente'" in melding and "docs/importeren.md" in melding and "Gevonden kolommen: peiljaar" in melding
    assert "aantal" in melding.split("Verwachte indeling")[1]


def test_unreadable_values_are_named_by_line_and_nothing_is_read(tmp_path):
    pad = schrijf(tmp_path, "peiljaar;brin;crebo;niveau;woongemeente;aantal\n2023;99XA;99103;4;GM9001;12\n"
                            "2023;99XA;99103;6;GM9001;veel\n2023;99XA;99103;4;Groningen;3,5\n")
    with pytest.raises(ImportFout) as info:
        lees_duo_mbo(pad)
    melding = str(info.value)
    assert "regel 3: niveau '6'" in melding and "regel 3: aantal 'veel'" in melding
    assert "regel 4: woongemeente 'Groningen'" in melding and "regel 4: aantal '3,5' is geen aantal" in melding


def test_excel_files_are_read_like_csv(tmp_path):
    pad = tmp_path / "duo.xlsx"
    ruwe_regels(VOORBEELD).to_excel(pad, index=False)
    uit_excel = lees_duo_mbo(pad)
    uit_csv = lees_duo_mbo(VOORBEELD)
    pd.testing.assert_frame_equal(uit_excel, uit_csv)


def test_crosswalk_from_the_demo_classification_and_unassigned_gemeenten_are_kept_and_named():
    from werkboek import cbs, demo, indeling
    from werkboek.register import standaard_register

    delen = demo.genereer_tabel("85385NED")  # Gebieden in Nederland 2023 (demo), read as the workbook reads it
    frame = indeling.indeling_uit_tabel(cbs.lees_tabel(delen, standaard_register().thema("regio_indeling")))
    koppeling = frame[["gemeente", "regio"]]
    deelnemers = lees_duo_mbo(VOORBEELD)
    per_regio = duo_per_regio(deelnemers, koppeling)
    assert set(per_regio["regio"]) == {"AM01", "AM02"}
    kleiner = koppeling[koppeling["gemeente"] != "GM9016"]
    with pytest.warns(ImportWaarschuwing, match="GM9016"):
        zonder = duo_per_regio(deelnemers, kleiner)
    assert "niet ingedeeld" in set(zonder["regio"]) and zonder.attrs["niet_ingedeeld"] == ["GM9016"]
    assert zonder["aantal_bovengrens"].sum() == per_regio["aantal_bovengrens"].sum()  # nothing lost


def test_crosswalk_per_year_and_attribution_to_the_school(tmp_path):
    deelnemers = lees_duo_mbo(VOORBEELD)
    per_jaar = pd.DataFrame({"gemeentecode": ["GM9001", "GM9002", "GM9003", "GM9015", "GM9016"] * 2,
                             "arbeidsmarktregio": ["AM01", "AM01", "AM01", "AM02", "AM02", "AM01", "AM02", "AM02", "AM02", "AM02"],
                             "jaar": [2023] * 5 + [2024] * 5})
    uit = duo_per_regio(deelnemers, per_jaar, naar=("peiljaar",))
    bovengrens = uit.set_index(["regio", "peiljaar"])["aantal_bovengrens"]
    verwacht_2024_am02 = deelnemers.loc[(deelnemers["peiljaar"] == 2024) & deelnemers["woongemeente"].isin(["GM9002", "GM9003", "GM9015"]), "aantal_max"].sum()
    assert bovengrens[("AM02", 2024)] == verwacht_2024_am02
    vestiging = duo_per_regio(deelnemers, KOPPELING, toerekening="vestiging", naar=("peiljaar",))
    assert "vestiging" in vestiging.attrs["toerekening_uitleg"]
    am01_school = deelnemers.loc[deelnemers["vestigingsgemeente"] == "GM9001", "aantal_max"].groupby(deelnemers["peiljaar"]).sum()
    assert vestiging.set_index(["regio", "peiljaar"]).loc[("AM01", 2023), "aantal_bovengrens"] == am01_school[2023]
    with pytest.raises(ImportFout, match="woonregio"):
        duo_per_regio(lees_duo_mbo(VOORBEELD_OUD), KOPPELING, toerekening="vestiging")
    with pytest.raises(ImportFout, match="Kies 'woonregio'"):
        duo_per_regio(deelnemers, KOPPELING, toerekening="school")


def test_a_crosswalk_without_region_column_is_a_layout_error():
    with pytest.raises(LayoutFout, match="'regio'"):
        duo_per_regio(lees_duo_mbo(VOORBEELD), KOPPELING.rename(columns={"regio": "iets"}))
