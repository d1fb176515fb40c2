"""ROA import (AIS / ArbeidsmarktInZicht export): documented layout, the baanopeningen check, Dutch errors."""

from __future__ import annotations

import pandas as pd
import pytest

from werkboek import paden
from werkboek.importeren import ImportFout, ImportWaarschuwing, LayoutFout, lees_roa_prognoses

VOORBEELD = paden.data_dir() / "voorbeelden" / "roa_prognoses_synthetisch.csv"
KOP = "regio;editie;opleidingsniveau;uitbreidingsvraag;vervangingsvraag;baanopeningen\n"


def schrijf(tmp_path, tekst: str):
    pad = tmp_path / "roa.csv"
    pad.write_text(tekst, encoding="utf-8")
    return pad


def test_example_file_is_read_with_regions_editions_and_computed_job_openings():
    ruw = pd.read_csv(VOORBEELD, sep=";", dtype=str, keep_default_na=False)
    prognoses = lees_roa_prognoses(VOORBEELD)
    assert len(prognoses) == len(ruw)
    assert set(prognoses["regio"]) == {"AM01", "AM02", "NL"}
    assert prognoses.loc[prognoses["regio"] == "AM01", "regio_naam"].iloc[0] == "Groningen"
    assert set(prognoses["editie"]) == {"2023-2028", "2021-2026"} and (prognoses["eindjaar"] - prognoses["beginjaar"] == 5).all()
    assert prognoses.attrs["indelingen"] == ["opleidingsniveau", "sector"]
    leeg = (ruw["Baanopeningen"] == "").to_numpy()
    assert leeg.any() and prognoses["baanopeningen_berekend"].tolist() == leeg.tolist()
    rij = prognoses[leeg].iloc[0]
    assert rij["baanopeningen"] == max(rij["uitbreidingsvraag"], 0) + rij["vervangingsvraag"]
    krimp = prognoses[prognoses["uitbreidingsvraag"] < 0]
    assert len(krimp) and (krimp["baanopeningen"] == krimp["vervangingsvraag"]).all()  # shrinking adds no openings
    assert prognoses.loc[0, "uitbreidingsvraag"] == float(ruw.loc[0, "Uitbreidingsvraag"].replace(".", ""))  # '1.250'


def test_job_openings_that_do_not_add_up_are_refused_or_kept_with_a_warning(tmp_path):
    pad = schrijf(tmp_path, KOP + "AM01;2023-2028;mbo 4;100;200;300\nAM02;2023-2028;mbo 4;-50;200;250\n")
    with pytest.raises(ImportFout) as info:
        lees_roa_prognoses(pad)
    assert "regel 3" in str(info.value) and "regel 2" not in str(info.value) and "controleer=False" in str(info.value)
    with pytest.warns(ImportWaarschuwing, match="regel 3"):
        bewaard = lees_roa_prognoses(pad, controleer=False)
    assert bewaard["baanopeningen"].tolist() == [300.0, 250.0] and bewaard["baanopeningen_afwijking"].tolist() == [0.0, 50.0]


def test_rounding_in_published_job_openings_is_tolerated(tmp_path):
    pad = schrijf(tmp_path, KOP + "AM01;2023-2028;mbo 4;1.234,4;2.000,4;3.235\n")
    assert lees_roa_prognoses(pad)["baanopeningen"].iloc[0] == 3235


def test_begin_and_end_year_columns_and_region_names_are_accepted(tmp_path):
    pad = schrijf(tmp_path, "Arbeidsmarktregio;Beginjaar;Eindjaar;Beroepsklasse;Vervangingsvraag;Instroom schoolverlaters\n"
                            "Groot Amsterdam (AM);2023;2028;Bouw en ambacht;5000;4100\nzaanstreek-waterland;2023;2028;Zorg;800;\n")
    prognoses = lees_roa_prognoses(pad)
    assert prognoses["regio"].tolist() == ["AM18", "AM17"] and prognoses["editie"].tolist() == ["2023-2028"] * 2
    assert prognoses["uitbreidingsvraag"].isna().all() and not prognoses["baanopeningen_berekend"].any()
    assert pd.isna(prognoses["instroom_schoolverlaters"].iloc[1])


@pytest.mark.parametrize("kop,mist", [
    ("editie;opleidingsniveau;vervangingsvraag\n2023-2028;mbo 4;10\n", "'regio'"),
    ("regio;opleidingsniveau;vervangingsvraag\nAM01;mbo 4;10\n", "'editie'"),
    ("regio;editie;vervangingsvraag\nAM01;2023-2028;10\n", "een indeling"),
    ("regio;editie;opleidingsniveau;aantal\nAM01;2023-2028;mbo 4;10\n", "een maat"),
])
def test_wrong_layout_names_the_missing_column_and_the_documented_layout(tmp_path, kop, mist):
    with pytest.raises(LayoutFout) as info:
        lees_roa_prognoses(schrijf(tmp_path, kop))
    assert mist in str(info.value) and "docs/importeren.md" in str(info.value) and "Verwachte indeling" in str(info.value)


def test_unknown_region_bad_edition_and_negative_replacement_demand_are_named_by_line(tmp_path):
    pad = schrijf(tmp_path, KOP + "AM04;2023-2028;mbo 4;1;2;3\nAM01;2023;mbo 4;1;2;3\nAM01;2023-2028;mbo 4;1;-2;\nAM01;2023-2028;mbo 4;x;2;\n")
    with pytest.raises(ImportFout) as info:
        lees_roa_prognoses(pad)
    melding = str(info.value)
    for deel in ("regel 2: regio 'AM04'", "regel 3: editie '2023'", "regel 4: vervangingsvraag -2 is negatief", "regel 5: uitbreidingsvraag 'x'"):
        assert deel in melding
