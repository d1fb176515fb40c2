"""One territory per series, on the REAL gemeente -> arbeidsmarktregio crosswalk and real population counts.

Fixtures from ../shared/data (skipped when absent): ``cbs_gebieden/municipalities.csv`` (every gemeente name
2010-2026 with the AM region of the last year it existed), the Wijk- en buurtkaart 2023 (inhabitants per
gemeente on 1 January 2023) and the population per gemeente on 1 January 2020 (2020 classification, 355
gemeenten). CBS's national totals are 17 811 291 (2023) and 17 407 585 (2020).
"""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from werkboek import indeling
from werkboek.regios import alle_regios

GELDIG = {r.code for r in alle_regios()}


def _crosswalk(shared_data) -> pd.DataFrame:
    """code -> (region of the last year the code existed, that year); the latest row wins per code."""
    with open(shared_data / "cbs_gebieden" / "municipalities.csv", encoding="utf-8", newline="") as bestand:
        rijen = [r for r in csv.DictReader(bestand) if r["region_code"]]
    frame = pd.DataFrame(rijen)
    frame["year"] = frame["year"].astype(int)
    frame = frame.sort_values("year").drop_duplicates("code", keep="last")
    return frame.rename(columns={"code": "gemeente", "region_code": "regio", "region": "regio_naam"})


def _classificatie(crosswalk: pd.DataFrame, codes) -> pd.DataFrame:
    """A classification frame (gemeente, gemeentenaam, regio, regio_naam) for the given gemeente codes."""
    deel = crosswalk[crosswalk["gemeente"].isin(set(codes))]
    return deel.assign(gemeentenaam=deel["name"])[["gemeente", "gemeentenaam", "regio", "regio_naam"]].reset_index(drop=True)


def _inwoners_2023(shared_data) -> pd.DataFrame:
    gegevens = json.loads((shared_data / "cbs_kwb" / "gemeenten_2023_v1.geojson").read_text(encoding="utf-8"))
    rijen = [f["properties"] for f in gegevens["features"] if f["properties"]["H2O"] == "NEE"]
    frame = pd.DataFrame({"gemeente": [r["GM_CODE"] for r in rijen], "inwoners": [float(r["AANT_INW"]) for r in rijen]})
    return frame[frame["gemeente"] != "GM0998"]  # 'Buitenland' has no inhabitants and no region


def _inwoners_2020(shared_data) -> pd.DataFrame:
    frame = pd.read_csv(shared_data / "mzelst_covid19" / "municipalities-population-agegroup.csv")
    leeftijden = ["0-9", "okt-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90+"]
    return pd.DataFrame({"gemeente": frame["Gemeentecode"], "inwoners": frame[leeftijden].sum(axis=1).astype(float)})


def test_real_population_2023_summed_through_the_2023_classification_is_cbs_national_total(shared_data):
    crosswalk = _crosswalk(shared_data)
    inwoners = _inwoners_2023(shared_data).assign(jaar=2023)
    gebied = indeling.territorium({2023: _classificatie(crosswalk, inwoners["gemeente"])}, 2023, GELDIG)
    regios = indeling.tel_op_per_regio(inwoners, gebied.toewijzing, ["inwoners"], ["jaar"])
    assert regios["inwoners"].sum() == 17_811_291  # every gemeente counted once: none lost, none twice
    assert set(regios["regio"]) == GELDIG and len(regios) == 35
    assert gebied.elders_ingedeeld.empty


def test_real_population_2020_in_the_2025_territory_places_every_dissolved_gemeente(shared_data):
    """The 2020 gemeenten, 13 of which no longer exist in 2025, summed in the 2025 territory."""
    crosswalk = _crosswalk(shared_data)
    inwoners = _inwoners_2020(shared_data).assign(jaar=2020)
    huidig = crosswalk[crosswalk["year"] >= 2025]["gemeente"]
    indelingen = {2020: _classificatie(crosswalk, inwoners["gemeente"]), 2025: _classificatie(crosswalk, huidig)}
    gebied = indeling.territorium(indelingen, 2025, GELDIG)
    regios = indeling.tel_op_per_regio(inwoners, gebied.toewijzing, ["inwoners"], ["jaar"])
    assert regios["inwoners"].sum() == 17_407_585
    verdwenen = set(inwoners["gemeente"]) - set(huidig)
    assert len(verdwenen) >= 10
    elders = gebied.elders_ingedeeld.set_index("gemeente")
    assert verdwenen <= set(elders.index) and set(elders.loc[list(verdwenen), "indeling"]) == {2020}
    assert f"{len(elders)} gemeentecode(s)" in gebied.opmerking() and "regio-indeling 2025" in gebied.opmerking()


def test_every_gemeente_of_every_year_since_2014_maps_to_a_current_region(shared_data):
    crosswalk = _crosswalk(shared_data)
    per_jaar = {jaar: _classificatie(crosswalk, crosswalk[crosswalk["year"] >= jaar]["gemeente"])
                for jaar in range(2014, 2027)}
    gebied = indeling.territorium(per_jaar, 2026, GELDIG)
    assert set(gebied.toewijzing["gemeente"]) == set(crosswalk[crosswalk["year"] >= 2014]["gemeente"])
    assert set(gebied.toewijzing["regio"]) == GELDIG


def test_old_region_codes_are_brought_up_to_date_and_an_unknown_one_stops_with_a_dutch_error():
    oud = pd.DataFrame({"gemeente": ["GM0001", "GM0002", "GM0003"], "gemeentenaam": ["a", "b", "c"],
                        "regio": ["AM04", "AM16", "AM31"], "regio_naam": ["IJsselvechtstreek", "Zuid-Kennemerland",
                                                                          "Food Valley"]})
    nieuw = pd.DataFrame({"gemeente": ["GM0001", "GM0004", "GM0005"], "gemeentenaam": ["a", "d", "e"],
                          "regio": ["AM36", "AM37", "AM38"], "regio_naam": ["Regio Zwolle", "Zuid-Kennemerland en IJmond",
                                                                            "FoodValley"]})
    gebied = indeling.territorium({2015: oud, 2020: nieuw}, 2020, GELDIG)
    toewijzing = gebied.toewijzing.set_index("gemeente")["regio"].to_dict()
    assert toewijzing == {"GM0001": "AM36", "GM0002": "AM37", "GM0003": "AM38", "GM0004": "AM37", "GM0005": "AM38"}
    # a peiljaar whose own classification uses an old code: the registry's code is reported, with the note
    vroeg = indeling.territorium({2015: oud, 2020: nieuw}, 2015, GELDIG)
    assert set(vroeg.toewijzing["regio"]) == {"AM36", "AM37", "AM38"} and "AM04 → AM36" in vroeg.opmerking()
    kapot = oud.assign(regio=["AM04", "AM99", "AM31"])
    with pytest.raises(indeling.IndelingFout, match="AM99.*HERCODERINGEN"):
        indeling.territorium({2015: kapot, 2020: nieuw}, 2020, GELDIG)
