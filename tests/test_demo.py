"""Demo data (contract C5): every registered table in the real CBS shape, lazily, deterministic, marked synthetic."""

from __future__ import annotations

import functools
import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from werkboek import demo, metadata, odata
from werkboek.demo import gebied, model, tabellen
from werkboek.fouten import WerkboekFout
from werkboek.register import standaard_register

REGISTER = standaard_register()
ALLE = list(REGISTER.alle_uitgaven())
ALLE_IDS = [uitgave.id for _, uitgave in ALLE]
KLEIN = 200_000  # tables up to this size are compared with a full enumeration
DIMENSIE_TYPES = {"Dimension", "GeoDimension", "TimeDimension"}
ONGEPAD = {"85171NED", "85173NED"}  # CBS serves these keys without padding


def kubus(tabel_id: str):
    return demo.brontabel(tabel_id)


def thema_id(thema: str, indeling: int | None = None) -> str:
    return REGISTER.thema(thema).uitgave(indeling).id


@functools.lru_cache(maxsize=None)
def frame(tabel_id: str, **keuzes) -> pd.DataFrame:
    """Rows of a slice as a DataFrame with stripped dimension keys (keuzes: dimension -> tuple of stripped keys)."""
    k = kubus(tabel_id)
    gevraagd = {}
    for dim, keys in keuzes.items():
        per_key = {r["Key"].strip(): r["Key"] for r in k.metadata[dim]}
        gevraagd[dim] = [per_key[x] for x in keys]
    data = pd.DataFrame(k.rijen(gevraagd))
    for dim in odata.dimensie_keys(k.metadata):
        data[dim] = data[dim].str.strip()
    return data


def keys(tabel_id: str, dim: str, gestript: bool = True) -> list[str]:
    return [r["Key"].strip() if gestript else r["Key"] for r in kubus(tabel_id).metadata[dim]]


def titels(tabel_id: str, dim: str) -> dict[str, str]:
    return {r["Key"].strip(): r["Title"] for r in kubus(tabel_id).metadata[dim]}


def onderwerp(tabel_id: str, titel: str) -> dict:
    gevonden = [e for e in kubus(tabel_id).metadata["DataProperties"] if e["Type"] == "Topic" and e["Title"] == titel]
    assert len(gevonden) == 1, titel
    return gevonden[0]


def groepspad(tabel_id: str, eigenschap: dict) -> list[str]:
    per_id = {e["ID"]: e for e in kubus(tabel_id).metadata["DataProperties"]}
    pad, ouder = [], eigenschap["ParentID"]
    while ouder is not None:
        pad.append(per_id[ouder]["Title"])
        ouder = per_id[ouder]["ParentID"]
    return pad[::-1]


def gebieden_paar(tabel_id: str, groep: str) -> tuple[str, str]:
    """The keys of 'Code' and 'Naam' whose parent group is titled exactly ``groep``."""
    eig = kubus(tabel_id).metadata["DataProperties"]
    per_id = {e["ID"]: e for e in eig}
    paar = {e["Title"]: e["Key"] for e in eig if e["Type"] == "Topic" and e["ParentID"] is not None
            and per_id[e["ParentID"]]["Title"] == groep}
    return paar["Code"], paar["Naam"]


# ---------------------------------------------------------------------------------------------------------
# The interface
# ---------------------------------------------------------------------------------------------------------


def test_tabel_ids_are_every_id_in_the_register_once():
    assert demo.tabel_ids() == list(dict.fromkeys(ALLE_IDS))
    assert len(demo.tabel_ids()) == len(set(ALLE_IDS)) > 20


def test_unknown_table_is_a_dutch_werkboekfout_listing_the_known_ids():
    for functie in (demo.brontabel, demo.genereer_tabel):
        with pytest.raises(demo.OnbekendeDemotabelFout) as info:
            functie("12345XYZ")
        assert isinstance(info.value, WerkboekFout)
        tekst = str(info.value)
        assert "12345XYZ" in tekst and "tabellenregister" in tekst and "83582NED" in tekst and "71450ned" in tekst


def test_brontabel_is_cached_and_accepts_any_case():
    assert demo.brontabel("71450NED") is demo.brontabel("71450ned") is demo.brontabel(" 71450ned ")
    assert demo.brontabel("71450NED").tabel_id == "71450ned"


def test_big_tables_are_never_materialised_whole():
    for tabel_id in ("03759ned", "71450ned"):
        assert kubus(tabel_id).aantal_rijen > demo.MAX_RIJEN_VOLLEDIG
        with pytest.raises(demo.DemotabelTeGrootFout) as info:
            demo.genereer_tabel(tabel_id)
        assert isinstance(info.value, WerkboekFout) and "brontabel" in str(info.value) and tabel_id in str(info.value)
    assert kubus("03759ned").aantal_rijen == 3 * 108 * 5 * len(keys("03759ned", "RegioS")) * 16 > 9_000_000


def test_genereer_tabel_gives_fresh_parts_of_a_small_table():
    eerste = demo.genereer_tabel("85173NED")
    assert len(eerste["TypedDataSet"]) == kubus("85173NED").aantal_rijen
    eerste["TypedDataSet"][0]["TotaleBevolking_1"] = -1
    eerste["TableInfos"][0]["Title"] = "veranderd"
    tweede = demo.genereer_tabel("85173NED")
    assert tweede["TypedDataSet"][0]["TotaleBevolking_1"] != -1
    assert tweede["TableInfos"][0]["Title"].startswith("DEMODATA (synthetisch)")
    assert kubus("85173NED").metadata["TableInfos"][0]["Title"].startswith("DEMODATA")


def test_the_demo_never_reads_the_shared_folder():
    for bestand in Path(demo.__file__).parent.glob("*.py"):
        tekst = bestand.read_text(encoding="utf-8")
        assert "shared" not in tekst.replace("shared_data", ""), bestand


# ---------------------------------------------------------------------------------------------------------
# Metadata: complete, consistent, marked synthetic
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("thema,uitgave", ALLE, ids=ALLE_IDS)
def test_metadata_is_complete_consistent_and_marked_synthetic(thema, uitgave):
    k = kubus(uitgave.id)
    meta = k.metadata
    info = meta["TableInfos"][0]
    assert info["Identifier"] == uitgave.id and info["Modified"] == demo.DEMO_GEWIJZIGD
    assert info["Title"].startswith("DEMODATA (synthetisch) – ")
    assert "geen echte cijfers" in info["ExplanatoryText"] and "synthetisch" in info["Summary"].lower()
    assert info["RecordCount"] == k.aantal_rijen == int(np.prod(k.vorm)) > 0
    assert info["Language"] == "nl" and info["Catalog"] == "CBS"
    assert isinstance(meta["CategoryGroups"], list)

    eigenschappen = meta["DataProperties"]
    assert [e["ID"] for e in eigenschappen] == list(range(len(eigenschappen)))
    per_id = {e["ID"]: e for e in eigenschappen}
    soorten = [e["Type"] for e in eigenschappen]
    assert set(soorten) <= DIMENSIE_TYPES | {"Topic", "TopicGroup"}
    aantal_dims = sum(s in DIMENSIE_TYPES for s in soorten)
    assert all(s in DIMENSIE_TYPES for s in soorten[:aantal_dims]), "dimensies eerst, in kubusvolgorde"
    assert soorten.count("TimeDimension") <= 1 and soorten.count("GeoDimension") <= 1
    groepsleutels = [e["Key"] for e in eigenschappen if e["Type"] == "TopicGroup"]
    assert len(groepsleutels) == len(set(groepsleutels))
    onderwerpen = [e for e in eigenschappen if e["Type"] == "Topic"]
    assert onderwerpen and len({e["Key"] for e in onderwerpen}) == len(onderwerpen)
    for e in eigenschappen:
        if e["Type"] in DIMENSIE_TYPES:
            assert e["ParentID"] is None
        elif e["ParentID"] is not None:
            assert per_id[e["ParentID"]]["Type"] == "TopicGroup"
    for e in onderwerpen:
        assert re.fullmatch(r"[A-Za-z0-9]+_\d+", e["Key"]), e["Key"]
        assert e["Datatype"] in ("Double", "Long", "String") and isinstance(e["Decimals"], int)
        assert "Unit" in e and e["Key"] in k.waarden
        if e["Datatype"] != "String":
            assert k.decimalen[e["Key"]] == e["Decimals"]
    assert "Potentiële beroepsbevolking" not in {e["Title"] for e in onderwerpen}

    groepen = {(g["ID"], g["DimensionKey"]) for g in meta["CategoryGroups"]}
    for dim in odata.dimensie_keys(meta):
        records = meta[dim]
        assert records, f"lege dimensie {dim}"
        sleutels = [r["Key"] for r in records]
        assert len(set(sleutels)) == len(sleutels) == len({s.strip() for s in sleutels})
        if uitgave.id in ONGEPAD:
            assert all(s == s.strip() for s in sleutels)
        else:
            assert len({len(s) for s in sleutels}) == 1, f"{dim}: één breedte per dimensie"
            assert all(s.startswith(s.strip()) and s.strip() for s in sleutels)
        for r in records:
            assert set(r) >= {"Key", "Title", "Description", "CategoryGroupID"} and r["Title"].strip()
            assert r["CategoryGroupID"] is None or (r["CategoryGroupID"], dim) in groepen
    for eigenschap in eigenschappen:
        if eigenschap["Type"] == "TimeDimension":
            for r in meta[eigenschap["Key"]]:
                assert re.fullmatch(r"\d{4}(JJ00|KW0[1-4]|MM\d\d|SJ00)", r["Key"])
                teken = {"Definitief": "", "Voorlopig": "*", "Nader voorlopig": "**"}[r["Status"]]
                assert r["Title"].endswith(teken) and (teken or not r["Title"].endswith("*"))


@pytest.mark.parametrize("thema,uitgave", ALLE, ids=ALLE_IDS)
def test_the_resolver_finds_every_register_entry(thema, uitgave):
    resolutie = metadata.los_op(kubus(uitgave.id).metadata, thema)
    assert not resolutie.ontbrekend
    plak = odata.maak_plak(resolutie, thema, REGISTER.eerste_jaar)
    rijen = kubus(uitgave.id).rijen({d: keys[:2] if keys else keys for d, keys in plak.keuzes.items()},
                                    plak.onderwerpen)
    assert rijen and set(rijen[0]) == {"ID", *resolutie.alle_keys, *plak.onderwerpen}


# ---------------------------------------------------------------------------------------------------------
# Rows: slices, IDs, determinism
# ---------------------------------------------------------------------------------------------------------


def _keuze(k, seed: int) -> dict[str, list[str]]:
    rng = np.random.default_rng(seed)
    keuzes = {}
    for dim in odata.dimensie_keys(k.metadata):
        alle = [r["Key"] for r in k.metadata[dim]]
        aantal = max(1, min(len(alle), int(rng.integers(1, 6))))
        keuzes[dim] = [alle[i] for i in sorted(rng.choice(len(alle), aantal, replace=False))]
    return keuzes


@pytest.mark.parametrize("tabel_id", [i for i in dict.fromkeys(ALLE_IDS)])
def test_a_slice_equals_the_matching_part_of_the_whole_cube(tabel_id):
    k = kubus(tabel_id)
    dims = odata.dimensie_keys(k.metadata)
    keuzes = _keuze(k, sum(map(ord, tabel_id)))
    plak = k.rijen(keuzes)
    # IDs are positions in the full cube, rows come in cube order
    posities = [[[r["Key"] for r in k.metadata[d]].index(key) for key in keuzes[d]] for d in dims]
    verwacht = [int(np.ravel_multi_index(c, k.vorm)) for c in itertools.product(*posities)]
    assert [r["ID"] for r in plak] == verwacht
    assert [tuple(r[d] for d in dims) for r in plak] == list(itertools.product(*(keuzes[d] for d in dims)))
    if k.aantal_rijen <= KLEIN:
        geheel = k.rijen()
        assert [r["ID"] for r in geheel] == list(range(k.aantal_rijen))
        assert [tuple(r[d] for d in dims) for r in geheel] == list(
            itertools.product(*([r["Key"] for r in k.metadata[d]] for d in dims)))
        per_id = {r["ID"]: r for r in geheel}
        assert plak == [per_id[i] for i in verwacht]
    else:  # one row at a time gives the same values as the slice
        for rij in plak[:: max(1, len(plak) // 25)]:
            los = k.rijen({d: [rij[d]] for d in dims})
            assert los == [rij]


@pytest.mark.parametrize("tabel_id", ["83582NED", "03759ned", "71450ned", "86247NED", "85494NED"])
def test_rows_are_deterministic_within_a_process(tabel_id):
    k = kubus(tabel_id)
    keuzes = _keuze(k, 7)
    assert k.rijen(keuzes) == k.rijen(keuzes) == demo.brontabel(tabel_id).rijen(keuzes)


_HASHCODE = (
    "import hashlib, json, numpy as np\nfrom werkboek import demo, odata\n"
    "uit = []\n"
    "for i in reversed(demo.tabel_ids()):\n"
    "    k = demo.brontabel(i)\n"
    "    rng = np.random.default_rng(3)\n"
    "    keuzes = {d: [r['Key'] for r in k.metadata[d]][:: max(1, len(k.metadata[d]) // 3)]"
    " for d in odata.dimensie_keys(k.metadata)}\n"
    "    uit.append([k.metadata, k.rijen(keuzes)])\n"
    "print(hashlib.sha256(json.dumps(uit, sort_keys=True, default=str).encode()).hexdigest())\n"
)


def test_generation_does_not_depend_on_hash_seed_or_request_order():
    uitkomsten = set()
    for zaad in ("1", "12345"):
        omgeving = dict(os.environ, PYTHONHASHSEED=zaad)
        proces = subprocess.run([sys.executable, "-c", _HASHCODE], env=omgeving, capture_output=True, text=True,
                                timeout=300)
        assert proces.returncode == 0, proces.stderr
        uitkomsten.add(proces.stdout.strip())
    assert len(uitkomsten) == 1


# ---------------------------------------------------------------------------------------------------------
# Gebieden in Nederland
# ---------------------------------------------------------------------------------------------------------

GEBIEDEN = {t.indeling: t.id for t in REGISTER.thema("regio_indeling").tabellen}


@pytest.mark.parametrize("jaar", sorted(GEBIEDEN))
def test_gebieden_has_one_row_per_demo_gemeente_and_the_arbeidsmarktregio_pair_by_group_path(jaar):
    tabel_id = GEBIEDEN[jaar]
    assert keys(tabel_id, "RegioS") == [g.code for g in gebied.gemeenten_in_jaar(jaar)]
    assert all(len(k) == 6 and k.startswith("GM") for k in keys(tabel_id, "RegioS", gestript=False))
    code_key, naam_key = gebieden_paar(tabel_id, "Arbeidsmarktregio's")
    pad = groepspad(tabel_id, onderwerp_per_key(tabel_id, code_key))
    assert pad == ["Lokaliseringen van gemeenten", "Arbeidsmarktregio's"]
    data = frame(tabel_id)
    codes = data[code_key]
    assert (codes.str.len() == 10).all() and codes.str.strip().str.fullmatch(r"AM\d\d").all()
    verwacht = {g.code: gebied.regio_in_jaar(g, jaar) for g in gebied.gemeenten_in_jaar(jaar)}
    assert dict(zip(data["RegioS"], codes.str.strip())) == verwacht
    namen = dict(zip(codes.str.strip(), data[naam_key].str.strip()))
    assert namen == {c: gebied.regionaam(c, jaar) for c in set(verwacht.values())}
    assert data[gebieden_paar(tabel_id, "Codes en namen van gemeenten")[1]].str.strip().str.startswith("Demogemeente").all()
    inwoners = onderwerp(tabel_id, "Inwonertal")
    assert inwoners["Datatype"] == "Long" and (data[inwoners["Key"]] > 1000).all()
    if jaar >= 2018:  # the sibling group that a loose title match would pick
        rp_code, _ = gebieden_paar(tabel_id, "RegioPlus-arbeidsmarktregio's")
        assert not data[rp_code].str.strip().str.fullmatch(r"AM\d\d").any()


def onderwerp_per_key(tabel_id: str, key: str) -> dict:
    return next(e for e in kubus(tabel_id).metadata["DataProperties"] if e["Key"] == key)


def test_gebieden_key_numbers_are_the_known_ones_and_shift():
    bekend = {  # year: {group: code key} (confirmed or inferred, CBS_TABELLEN.md §2 and the research notes)
        2016: {"Arbeidsmarktregio's": "Code_4", "COROP-gebieden": "Code_8", "GGD-regio's": "Code_14",
               "Landbouwgebieden": "Code_20"},
        2018: {"Arbeidsmarktregio's": "Code_4", "RegioPlus-arbeidsmarktregio's": "Code_40"},
        2021: {"Arbeidsmarktregio's": "Code_4"},
        2022: {"GGD-regio's": "Code_14", "Provincies": "Code_26"},
        2023: {"Arbeidsmarktregio's": "Code_4", "COROP-gebieden": "Code_10", "GGD-regio's": "Code_16",
               "Provincies": "Code_28"},
        2024: {"Provincies": "Code_28"},
        2025: {"Provincies": "Code_28"},
    }
    for jaar, groepen in bekend.items():
        for groep, key in groepen.items():
            code, naam = gebieden_paar(GEBIEDEN[jaar], groep)
            assert (code, naam) == (key, f"Naam_{int(key[5:]) + 1}"), (jaar, groep)
    for jaar, key in ((2016, "Inwonertal_52"), (2023, "Inwonertal_54"), (2026, "Inwonertal_56")):
        assert onderwerp(GEBIEDEN[jaar], "Inwonertal")["Key"] == key
    assert gebieden_paar(GEBIEDEN[2016], "Landbouwgebieden") == ("Code_20", "Naam_21")
    am_keys = {jaar: gebieden_paar(i, "Arbeidsmarktregio's")[0] for jaar, i in GEBIEDEN.items()}
    assert len(set(am_keys.values())) >= 3  # nothing can rely on Code_4
    assert am_keys[2026] == gebieden_paar(GEBIEDEN[2016], "COROP-gebieden")[0]
    # a key-first lookup of Code_20 finds agricultural areas, never arbeidsmarktregio's
    landbouw = frame(GEBIEDEN[2016])["Code_20"].str.strip()
    assert not landbouw.str.fullmatch(r"AM\d\d").any()
    # CBS mixes ' and ’ in group titles
    groepen = {e["Title"] for e in kubus(GEBIEDEN[2020]).metadata["DataProperties"] if e["Type"] == "TopicGroup"}
    assert "Regionale Energiestrategie regio’s" in groepen and "Arbeidsmarktregio's" in groepen


def test_gebieden_history_old_region_codes_spelling_mergers_and_a_move():
    def indeling(jaar):
        code_key, naam_key = gebieden_paar(GEBIEDEN[jaar], "Arbeidsmarktregio's")
        data = frame(GEBIEDEN[jaar])
        return dict(zip(data["RegioS"], data[code_key].str.strip())), set(data[naam_key].str.strip())

    for jaar in (2014, 2015):
        codes, _ = indeling(jaar)
        assert {"AM04", "AM16", "AM31"} <= set(codes.values()) and not {"AM36", "AM37", "AM38"} & set(codes.values())
    codes, namen = indeling(2016)
    assert "AM31" in codes.values() and {"AM36", "AM37"} <= set(codes.values()) and "Food Valley" in namen
    codes, namen = indeling(2019)
    assert "AM38" in codes.values() and "AM31" not in codes.values() and "Food Valley" in namen
    assert "FoodValley" in indeling(2022)[1] and "Food Valley" not in indeling(2022)[1]
    for fusie in gebied.FUSIES:
        weg = [g.code for g in gebied.demo_gemeenten() if g.opgeheven == fusie.jaar]
        assert set(weg) <= set(indeling(fusie.jaar - 1)[0]) and not set(weg) & set(indeling(fusie.jaar)[0])
    nieuw = next(g for g in gebied.demo_gemeenten() if g.ontstaan)
    assert nieuw.code not in indeling(nieuw.ontstaan - 1)[0] and nieuw.code in indeling(nieuw.ontstaan)[0]
    assert int(nieuw.code[2:]) > max(int(g.code[2:]) for g in gebied.demo_gemeenten() if g is not nieuw)
    verhuisd = next(g for g in gebied.demo_gemeenten() if g.vorige_regio)
    vorige, vanaf = verhuisd.vorige_regio
    assert indeling(vanaf - 1)[0][verhuisd.code] == vorige and indeling(vanaf)[0][verhuisd.code] == verhuisd.regio
    assert len(indeling(2026)[0]) == 342 and len(set(indeling(2026)[0].values())) == 35


# ---------------------------------------------------------------------------------------------------------
# 83582NED banen
# ---------------------------------------------------------------------------------------------------------


def test_banen_shape():
    t = "83582NED"
    assert odata.dimensie_keys(kubus(t).metadata) == ["BedrijfstakkenBranchesSBI2008", "RegioS", "Perioden"]
    sectoren = keys(t, "BedrijfstakkenBranchesSBI2008", gestript=False)
    assert len(sectoren) == 28 and all(len(s) == 7 for s in sectoren) and sectoren[0] == "T001081"
    register = REGISTER.thema("banen").categorieen["sector"]
    per_key = titels(t, "BedrijfstakkenBranchesSBI2008")
    assert all(per_key[spec.key] == spec.titels[0] for spec in register.values())
    regios = keys(t, "RegioS")
    assert regios[:17] == ["NL01", "LD01", "LD02", "LD03", "LD04", *[f"PV{n}" for n in range(20, 32)]]
    assert regios[17:58] == [*(f"CR{n:02d}" for n in range(1, 41)), "CR99"]
    assert all(r.startswith("GM") for r in regios[58:]) and not any(r.startswith("AM") for r in regios)
    assert {g.code for g in gebied.demo_gemeenten()} == set(regios[58:])
    assert all(len(k) == 6 for k in keys(t, "RegioS", gestript=False))
    perioden = {r["Key"]: r for r in kubus(t).metadata["Perioden"]}
    assert list(perioden) == [f"{j}JJ00" for j in range(2010, 2025)]
    assert (perioden["2024JJ00"]["Status"], perioden["2024JJ00"]["Title"]) == ("Voorlopig", "2024 december*")
    assert (perioden["2023JJ00"]["Status"], perioden["2023JJ00"]["Title"]) == ("Nader voorlopig", "2023 december**")
    assert perioden["2010JJ00"]["Title"] == "2010 december"
    topic = onderwerp(t, "Banen van werknemers in december")
    assert (topic["Key"], topic["Unit"], topic["Decimals"]) == ("BanenVanWerknemersInDecember_1", "x 1 000", 1)
    assert titels(t, "RegioS")["PV21"] == "Fryslân (PV)"


def test_banen_groups_are_sums_of_their_parts_and_small_cells_are_null():
    data = frame("83582NED")
    v = "BanenVanWerknemersInDecember_1"
    tabel = data.pivot_table(index=["RegioS", "Perioden"], columns="BedrijfstakkenBranchesSBI2008", values=v,
                             dropna=False)
    per_letter = {letters: key for key, _, letters in tabellen.SECTOREN if len(letters) == 1}
    for key, _, letters in tabellen.SECTOREN:
        if len(letters) == 1:
            continue
        delen = tabel[[per_letter[x] for x in letters]]
        volledig = delen.notna().all(axis=1) & tabel[key].notna()
        assert volledig.sum() > 100
        verschil = (tabel.loc[volledig, key] - delen[volledig].sum(axis=1)).abs()
        assert verschil.max() <= 0.05 * (len(letters) + 1) + 1e-9, key
        # secondary suppression: a published group never has exactly one suppressed part (GM and COROP rows)
        regio = tabel.index.get_level_values("RegioS")
        regionaal = regio.str.match(r"^(GM|CR\d\d$)") & ~regio.isin(["CR99"])
        assert not (regionaal & tabel[key].notna() & (delen.isna().sum(axis=1) == 1)).any(), key
    gemeenten = data[data["RegioS"].str.startswith("GM")]
    bestaat = gemeenten.groupby(["RegioS", "Perioden"])[v].transform(lambda s: s.notna().any())
    onderdrukt = gemeenten[bestaat & gemeenten[v].isna()]
    assert len(onderdrukt) > 0.04 * bestaat.sum()
    per_sector = onderdrukt.groupby("BedrijfstakkenBranchesSBI2008").size()
    for zeldzaam in ("305700", "346600", "348000"):  # B, D, E: mostly suppressed per gemeente
        assert per_sector[zeldzaam] > per_sector.get("350000", 0) * 5
    assert data.loc[data["RegioS"] == "NL01", v].notna().all()
    assert (data[v].dropna() >= 0).all()


def test_banen_regional_sums_rest_partly_on_null_cells_and_whole_regions_can_be_suppressed():
    data = frame("83582NED")
    v = "BanenVanWerknemersInDecember_1"
    indeling = {g.code: g.regio for g in gebied.demo_gemeenten()}
    for regio, sectie, jaar in model.ONDERDRUKT_IN_HELE_REGIO:
        key = next(k for k, _, letters in tabellen.SECTOREN if letters == sectie)
        cellen = data[(data["BedrijfstakkenBranchesSBI2008"] == key) & (data["Perioden"] == f"{jaar}JJ00")]
        in_regio = cellen[cellen["RegioS"].map(indeling) == regio]
        assert len(in_regio) and in_regio[v].isna().all()
        assert cellen.loc[cellen["RegioS"] == "NL01", v].iloc[0] > 0
    totaal = data[(data["BedrijfstakkenBranchesSBI2008"] == "T001081") & data["RegioS"].str.startswith("GM")]
    nl = data[(data["BedrijfstakkenBranchesSBI2008"] == "T001081") & (data["RegioS"] == "NL01")].set_index("Perioden")[v]
    som = totaal.groupby("Perioden")[v].sum()
    assert ((nl - som) > 0).all() and ((nl / som - 1) < 0.01).all()  # published: includes Extra-Regio


def test_banen_mergers_null_after_dissolution_and_region_totals_continue():
    data = frame("83582NED")
    v = "BanenVanWerknemersInDecember_1"
    totaal = data[data["BedrijfstakkenBranchesSBI2008"] == "T001081"].pivot(index="Perioden", columns="RegioS", values=v)
    for g in gebied.demo_gemeenten():
        jaren = [int(p[:4]) for p in totaal.index]
        bestaat = np.array([g.bestaat_in(j) for j in jaren])
        assert totaal[g.code][bestaat].notna().all() and totaal[g.code][~bestaat].isna().all(), g.code
    indeling = {g.code: g.regio for g in gebied.demo_gemeenten()}
    per_regio = totaal[[c for c in totaal.columns if c.startswith("GM")]].T.groupby(indeling).sum().T
    sprong = (per_regio / per_regio.shift(1) - 1).iloc[1:].abs()
    for fusie in gebied.FUSIES:
        assert sprong.loc[f"{fusie.jaar}JJ00", fusie.regio] < 0.08
    groei_f = None
    f = data[(data["BedrijfstakkenBranchesSBI2008"] == "350000") & data["RegioS"].str.startswith("GM")]
    f = f.assign(regio=f["RegioS"].map(indeling)).groupby(["regio", "Perioden"])[v].sum().unstack()
    groei_f = f["2024JJ00"] / f["2019JJ00"]
    assert (groei_f[sorted(model.PATROON_BOUW_GROEIT)] > 1.08).sum() >= 3


# ---------------------------------------------------------------------------------------------------------
# 03759ned bevolking
# ---------------------------------------------------------------------------------------------------------


def test_bevolking_shape():
    t = "03759ned"
    assert odata.dimensie_keys(kubus(t).metadata) == ["Geslacht", "Leeftijd", "BurgerlijkeStaat", "RegioS", "Perioden"]
    assert keys(t, "Geslacht", gestript=False) == ["T001038", "3000   ", "4000   "]
    leeftijd = keys(t, "Leeftijd")
    assert len(leeftijd) == 108 and leeftijd[:3] == ["10000", "10010", "10100"]
    assert leeftijd[95:98] == ["19400", "22000", "19500"]
    assert leeftijd[-6:] == ["19901", "19902", "19903", "19904", "19905", "22300"]
    namen = titels(t, "Leeftijd")
    assert (namen["10000"], namen["10010"], namen["19400"], namen["19905"]) == ("Totaal", "0 jaar", "94 jaar", "104 jaar")
    assert (namen["22000"], namen["22300"]) == ("95 jaar of ouder", "105 jaar of ouder")
    assert keys(t, "BurgerlijkeStaat")[0] == "T001019" and len(keys(t, "BurgerlijkeStaat", False)[0]) == 7
    assert {g["Title"] for g in kubus(t).metadata["CategoryGroups"]} >= {"Totaal"}
    assert [r["Key"] for r in kubus(t).metadata["Perioden"]] == [f"{j}JJ00" for j in range(2010, 2026)]
    assert all(r["Status"] == "Definitief" for r in kubus(t).metadata["Perioden"])
    assert onderwerp(t, "Bevolking op 1 januari")["Key"] == "BevolkingOp1Januari_1"
    gemiddeld = onderwerp(t, "Gemiddelde bevolking")
    assert (gemiddeld["Key"], gemiddeld["Decimals"]) == ("GemiddeldeBevolking_2", 1)


def _bevolking_slice(regios: tuple[str, ...], perioden: tuple[str, ...]) -> pd.DataFrame:
    return frame("03759ned", RegioS=regios, Perioden=perioden)


def test_bevolking_age_sex_and_marital_status_add_up_exactly():
    regios = ("NL01", "PV27", "CR17", "GM9001", "GM9130", "GM9346")
    data = _bevolking_slice(regios, ("2020JJ00", "2024JJ00"))
    for onderwerp_key in ("BevolkingOp1Januari_1", "GemiddeldeBevolking_2"):
        w = data.pivot_table(index=["Geslacht", "BurgerlijkeStaat", "RegioS", "Perioden"], columns="Leeftijd",
                             values=onderwerp_key, dropna=False)
        w = w[w["10000"].notna()]
        enkel = [str(10000 + 100 * a) for a in range(1, 95)] + ["10010"]
        hoog = [str(10000 + 100 * a) for a in range(95, 100)] + [f"1990{i}" for i in range(1, 6)]
        assert np.allclose(w["10000"], w[enkel].sum(axis=1) + w["22000"])
        assert np.allclose(w["22000"], w[hoog].sum(axis=1) + w["22300"])
        assert np.allclose(w["10000"], w[enkel + hoog].sum(axis=1) + w["22300"])
        g = data.pivot_table(index=["Leeftijd", "BurgerlijkeStaat", "RegioS", "Perioden"], columns="Geslacht",
                             values=onderwerp_key, dropna=False).dropna()
        assert np.allclose(g["T001038"], g["3000"] + g["4000"])
        b = data.pivot_table(index=["Leeftijd", "Geslacht", "RegioS", "Perioden"], columns="BurgerlijkeStaat",
                             values=onderwerp_key, dropna=False).dropna()
        assert np.allclose(b["T001019"], b[["1010", "1020", "1050", "1080"]].sum(axis=1))
    totaal = data[(data["Geslacht"] == "T001038") & (data["Leeftijd"] == "10000") & (data["BurgerlijkeStaat"] == "T001019")]
    assert totaal["BevolkingOp1Januari_1"].isna().sum() == 1  # GM9346 merged away in 2022
    assert (totaal["BevolkingOp1Januari_1"].dropna() % 1 == 0).all()
    assert (totaal["GemiddeldeBevolking_2"].dropna() * 2 % 1 == 0).all()
    nl = totaal.set_index(["RegioS", "Perioden"]).loc[("NL01", "2024JJ00"), "BevolkingOp1Januari_1"]
    assert 15_000_000 < nl < 20_000_000


def test_bevolking_nederland_is_the_sum_of_its_gemeenten_and_history_is_continuous():
    gemeenten = tuple(g.code for g in gebied.demo_gemeenten())
    for periode in ("2015JJ00", "2019JJ00", "2024JJ00"):
        data = frame("03759ned", Geslacht=("T001038",), Leeftijd=("10000", "22000"), BurgerlijkeStaat=("T001019",),
                     RegioS=("NL01", "PV21") + gemeenten, Perioden=(periode,))
        for leeftijd in ("10000", "22000"):
            deel = data[data["Leeftijd"] == leeftijd].set_index("RegioS")["BevolkingOp1Januari_1"]
            assert deel["NL01"] == deel[list(gemeenten)].sum()
            friesland = [g.code for g in gebied.demo_gemeenten() if g.provincie == "PV21"]
            assert deel["PV21"] == deel[friesland].sum()
    reeks = frame("03759ned", Geslacht=("T001038",), Leeftijd=("10000",), BurgerlijkeStaat=("T001019",),
                  RegioS=gemeenten).pivot(index="Perioden", columns="RegioS", values="BevolkingOp1Januari_1")
    for g in gebied.demo_gemeenten():
        jaren = np.array([int(p[:4]) for p in reeks.index])
        bestaat = np.array([g.bestaat_in(j) for j in jaren])
        assert reeks[g.code][bestaat].notna().all() and reeks[g.code][~bestaat].isna().all()
    nieuw = next(g for g in gebied.demo_gemeenten() if g.ontstaan)
    voorgangers = [g.code for g in gebied.demo_gemeenten() if g.opgegaan_in == nieuw.code]
    voor = reeks.loc[f"{nieuw.ontstaan - 1}JJ00", voorgangers].sum()
    assert abs(reeks.loc[f"{nieuw.ontstaan}JJ00", nieuw.code] / voor - 1) < 0.03


def test_bevolking_older_gemeente_rows_stop_single_years_at_94_and_the_latest_average_is_unknown():
    data = _bevolking_slice(("NL01", "GM9001"), ("2014JJ00", "2022JJ00", "2025JJ00"))
    data = data[(data["Geslacht"] == "T001038") & (data["BurgerlijkeStaat"] == "T001019")].set_index(
        ["RegioS", "Perioden", "Leeftijd"])
    waarde = data["BevolkingOp1Januari_1"]
    assert pd.isna(waarde[("GM9001", "2014JJ00", "19700")]) and pd.isna(waarde[("GM9001", "2014JJ00", "22300")])
    assert waarde[("GM9001", "2014JJ00", "22000")] > 0 and waarde[("GM9001", "2014JJ00", "19400")] > 0
    assert pd.notna(waarde[("GM9001", "2022JJ00", "19700")]) and pd.notna(waarde[("NL01", "2014JJ00", "19700")])
    gemiddeld = data["GemiddeldeBevolking_2"]
    assert gemiddeld.xs("2025JJ00", level="Perioden").isna().all()
    assert gemiddeld.xs("2022JJ00", level="Perioden").loc["NL01"].notna().all()


def test_bevolking_ages_and_regions_differ_plausibly():
    gemeenten = tuple(g.code for g in gebied.demo_gemeenten())
    data = frame("03759ned", Geslacht=("T001038",), BurgerlijkeStaat=("T001019",), RegioS=("NL01",) + gemeenten,
                 Perioden=("2015JJ00", "2025JJ00"))
    nl = data[data["RegioS"] == "NL01"].pivot(index="Leeftijd", columns="Perioden", values="BevolkingOp1Januari_1")
    oud = [str(10000 + 100 * a) for a in range(65, 95)] + ["22000"]
    aandeel = nl.loc[oud].sum() / nl.loc["10000"]
    assert 0.12 < aandeel["2015JJ00"] < aandeel["2025JJ00"] < 0.26
    indeling = {g.code: g.regio for g in gebied.demo_gemeenten()}
    gm = data[data["RegioS"].str.startswith("GM") & (data["Perioden"] == "2025JJ00")]
    per_regio = gm.assign(regio=gm["RegioS"].map(indeling)).pivot_table(index="regio", columns="Leeftijd",
                                                                          values="BevolkingOp1Januari_1", aggfunc="sum")
    regio_aandeel = per_regio[oud].sum(axis=1) / per_regio["10000"]
    assert regio_aandeel.max() - regio_aandeel.min() > 0.04
    omvang = {r.code: r.omvang_x1000 for r in model.wereld().regios}
    assert all(0.85 < per_regio.loc[c, "10000"] / (omvang[c] * 1000) < 1.15 for c in omvang)


# ---------------------------------------------------------------------------------------------------------
# Arbeidsdeelname; regionale indeling
# ---------------------------------------------------------------------------------------------------------

EDITIES = {t.indeling: t.id for t in REGISTER.thema("beroepsbevolking").tabellen}


@pytest.mark.parametrize("indeling", sorted(EDITIES))
def test_arbeidsdeelname_edition_shape(indeling):
    t = EDITIES[indeling]
    assert odata.dimensie_keys(kubus(t).metadata) == ["Persoonskenmerken", "RegioS", "Perioden"]
    onderwerpen = [e for e in kubus(t).metadata["DataProperties"] if e["Type"] == "Topic"]
    namen = [e["Title"] for e in onderwerpen]
    basis = {"Beroeps- en niet-beroepsbevolking", "Beroepsbevolking", "Werkzame beroepsbevolking",
             "Werkloze beroepsbevolking", "Werkloosheidspercentage", "Niet-beroepsbevolking", "Netto arbeidsparticipatie"}
    extra = {"Werknemer", "Zelfstandige", "Bruto arbeidsparticipatie"}
    assert set(namen) == (basis | extra if indeling <= 2018 else basis)
    assert [e["Key"] for e in onderwerpen] == [f"{tabellen._stam(n)}_{i}" for i, n in enumerate(namen, start=1)]
    if indeling >= 2022:
        assert namen.index("Werkloze beroepsbevolking") < namen.index("Werkzame beroepsbevolking")
    for e in onderwerpen:
        assert (e["Unit"], e["Decimals"]) == (("%", 1) if "percentage" in e["Title"] or "participatie" in e["Title"]
                                              else ("x 1 000", 0))
    kenmerken = titels(t, "Persoonskenmerken")
    assert kenmerken["T009002"] == "Totaal personen" and "Geslacht: mannen" in kenmerken.values()
    assert {"Leeftijd: 15 tot 25 jaar", "Leeftijd: 55 tot 65 jaar", "Leeftijd: 65 tot 75 jaar"} <= set(kenmerken.values())
    niveau = [metadata.onderwijsniveau_van(x) for x in kenmerken.values()]
    assert sorted(n for n in niveau if n) == ["hoog", "laag", "middelbaar"]
    regios = titels(t, "RegioS")
    assert regios["PV21"] == ("Friesland (PV)" if indeling < 2021 else "Fryslân (PV)")
    am = {k: v for k, v in regios.items() if k.startswith("AM")}
    assert len(am) == 35 and all(v.endswith(" (AM)") for v in am.values())
    assert ("AM31" in am) == (indeling <= 2018) and ("AM38" in am) == (indeling >= 2019)
    assert {k for k in regios if k.startswith("GM")} == {g.code for g in gebied.gemeenten_in_jaar(indeling)}
    assert all(len(k) == tabellen.ARBEIDSDEELNAME_BREEDTE for k in keys(t, "RegioS", gestript=False))
    perioden = kubus(t).metadata["Perioden"]
    assert int(perioden[-1]["Key"][:4]) == min(indeling, 2024) and perioden[-1]["Status"] == "Voorlopig"
    assert all(p["Status"] == "Definitief" for p in perioden[:-1]) and len(perioden) >= 4


def test_arbeidsdeelname_figures_fit_together_and_small_figures_are_null():
    t = EDITIES[2022]
    data = frame(t)
    sleutel = {e["Title"]: e["Key"] for e in kubus(t).metadata["DataProperties"] if e["Type"] == "Topic"}
    bb, werkzaam, werkloos, bnb, nbb, pct = (sleutel[x] for x in (
        "Beroepsbevolking", "Werkzame beroepsbevolking", "Werkloze beroepsbevolking", "Beroeps- en niet-beroepsbevolking",
        "Niet-beroepsbevolking", "Werkloosheidspercentage"))
    volledig = data.dropna(subset=[bb, werkzaam, werkloos, bnb, nbb])
    assert ((volledig[bb] - volledig[werkzaam] - volledig[werkloos]).abs() <= 1.5).all()
    assert ((volledig[bnb] - volledig[bb] - volledig[nbb]).abs() <= 1.5).all()
    assert ((volledig[pct] - 100 * volledig[werkloos] / volledig[bb]).abs() < 0.5 + 100 / volledig[bb]).all()
    nl = data[(data["RegioS"] == "NL01")]
    assert nl[[bb, werkzaam, werkloos, bnb]].notna().all().all()
    totaal = nl[nl["Persoonskenmerken"] == "T009002"].set_index("Perioden")
    assert 11_000 < totaal.loc["2022JJ00", bnb] < 15_000 and 2.5 < totaal.loc["2022JJ00", pct] < 6
    gemeenten = data[data["RegioS"].str.startswith("GM")]
    assert gemeenten[werkloos].isna().mean() > 0.3 and (gemeenten[werkloos].dropna() >= 2).all()
    leeftijden = [k for k, v in titels(t, "Persoonskenmerken").items() if v.startswith("Leeftijd:")]
    per_kenmerk = nl[nl["Perioden"] == "2022JJ00"].set_index("Persoonskenmerken")[bnb]
    assert abs(per_kenmerk[leeftijden].sum() - per_kenmerk["T009002"]) <= len(leeftijden)
    am = data[data["RegioS"].str.startswith("AM") & (data["Persoonskenmerken"] == "T009002")]
    assert am[[bb, werkzaam, bnb]].notna().all().all()


def test_arbeidsdeelname_editions_use_their_own_classification():
    verhuisd = next(g for g in gebied.demo_gemeenten() if g.vorige_regio)
    vorige, vanaf = verhuisd.vorige_regio
    for indeling in (2019, 2021):
        t = EDITIES[indeling]
        sleutel = onderwerp(t, "Beroeps- en niet-beroepsbevolking")["Key"]
        data = frame(t, Persoonskenmerken=("T009002",), Perioden=("2019JJ00",))
        per_regio = data.set_index("RegioS")[sleutel]
        # the moved gemeente counts with its region of the edition's classification, for every year
        regio = vorige if indeling < vanaf else verhuisd.regio
        andere = verhuisd.regio if indeling < vanaf else vorige
        assert per_regio[regio] > 0 and per_regio[andere] > 0
    oud = frame(EDITIES[2019], Persoonskenmerken=("T009002",), Perioden=("2019JJ00",)).set_index("RegioS")
    nieuw = frame(EDITIES[2021], Persoonskenmerken=("T009002",), Perioden=("2019JJ00",)).set_index("RegioS")
    sleutel = onderwerp(EDITIES[2019], "Beroeps- en niet-beroepsbevolking")["Key"]
    assert oud.loc[vorige, sleutel] > nieuw.loc[vorige, onderwerp(EDITIES[2021], "Beroeps- en niet-beroepsbevolking")["Key"]]


# ---------------------------------------------------------------------------------------------------------
# 85272NED, 85171NED, 85173NED
# ---------------------------------------------------------------------------------------------------------


def test_werkzamen_bedrijf_shape_and_sums():
    t = "85272NED"
    assert odata.dimensie_keys(kubus(t).metadata) == ["Geslacht", "Persoonskenmerken", "BedrijfstakkenBranchesSBI2008",
                                                      "Perioden"]
    perioden = keys(t, "Perioden")
    assert perioden[:5] == ["2015JJ00", "2015KW01", "2015KW02", "2015KW03", "2015KW04"]
    assert titels(t, "Perioden")["2015KW01"] == "2015 1e kwartaal" and titels(t, "Perioden")["2024KW04"].endswith("*")
    sectoren = titels(t, "BedrijfstakkenBranchesSBI2008")
    assert sectoren["437400"] == "T Huishoudens" and "19 Aardolie-industrie" in sectoren.values()
    assert [k for k, _, _ in tabellen.SECTOREN] == [k for k in sectoren if k in {x for x, _, _ in tabellen.SECTOREN}]
    assert titels(t, "Persoonskenmerken")["T009002"] == "Totaal personen"
    data = frame(t)
    v = "WerkzameBeroepsbevolking_1"
    w = data.pivot_table(index=["Geslacht", "Persoonskenmerken", "Perioden"], columns="BedrijfstakkenBranchesSBI2008",
                         values=v, dropna=False)
    heel = w.loc[("T001038", "T009002")]
    assert (heel["300014"] - heel[["428100", "435500", "437400"]].sum(axis=1)).abs().max() <= 2
    secties = [k for k, _, letters in tabellen.SECTOREN if len(letters) == 1] + ["437400"]
    assert (heel["T001081"] - heel[secties].sum(axis=1)).abs().max() <= 12
    assert 8_000 < heel.loc["2022KW03", "T001081"] < 11_500
    g = data.pivot_table(index=["Persoonskenmerken", "BedrijfstakkenBranchesSBI2008", "Perioden"], columns="Geslacht",
                         values=v, dropna=False).dropna()
    assert (g["T001038"] - g["3000"] - g["4000"]).abs().max() <= 1
    kw = heel.loc[[f"2020KW0{q}" for q in range(1, 5)], "T001081"]
    assert abs(heel.loc["2020JJ00", "T001081"] - kw.mean()) <= 1
    k = data[(data["Geslacht"] == "T001038") & (data["BedrijfstakkenBranchesSBI2008"] == "T001081")].pivot(
        index="Perioden", columns="Persoonskenmerken", values=v)
    assert (k["53950"] - k[["53715", "53925", "54125"]].sum(axis=1)).abs().max() <= 2  # overlapping age bands
    assert data[v].isna().any()


def test_prognose_tables():
    for t in ("85171NED", "85173NED"):
        regios = keys(t, "RegioIndeling2021", gestript=False)
        assert regios[0] == "NL01" and all(k == k.strip() for k in regios)
        assert {k for k in regios if k.startswith("GM")} == {g.code for g in gebied.gemeenten_in_jaar(2021)}
        assert not any(k.startswith(("LD", "AM")) for k in regios) and any(k.startswith("CR") for k in regios)
        assert [r["Key"] for r in kubus(t).metadata["Perioden"]] == [f"{j}JJ00" for j in range(2023, 2051)]
        assert keys(t, "Leeftijd") == ["10000"]
        topic = onderwerp(t, "Totale bevolking")
        assert (topic["Key"], topic["Unit"], topic["Decimals"]) == ("TotaleBevolking_1", "x 1 000", 1)
    assert keys("85171NED", "Geslacht", gestript=False) == ["T001038", "3000", "4000"]
    assert "Geslacht" not in odata.dimensie_keys(kubus("85173NED").metadata)
    assert titels("85173NED", "PrognoseInterval") == {"MW00000": "Prognose", "MOG0067": "Ondergrens 67%-prognose-interval",
                                                       "MBG0067": "Bovengrens 67%-prognose-interval"}
    data = frame("85173NED").pivot(index=["RegioIndeling2021", "Perioden"], columns="PrognoseInterval",
                                   values="TotaleBevolking_1")
    assert (data["MOG0067"] <= data["MW00000"]).all() and (data["MW00000"] <= data["MBG0067"]).all()
    nl2050 = data.loc[("NL01", "2050JJ00")]
    assert 0.03 < 1 - nl2050["MOG0067"] / nl2050["MW00000"] < 0.08
    geslacht = frame("85171NED").pivot(index=["RegioIndeling2021", "Perioden"], columns="Geslacht",
                                       values="TotaleBevolking_1")
    assert (geslacht["T001038"] - geslacht["3000"] - geslacht["4000"]).abs().max() <= 0.11
    prognose = frame("85171NED").query("Geslacht == 'T001038'").set_index(["RegioIndeling2021", "Perioden"])
    interval = frame("85173NED").query("PrognoseInterval == 'MW00000'").set_index(["RegioIndeling2021", "Perioden"])
    assert np.allclose(prognose["TotaleBevolking_1"], interval["TotaleBevolking_1"].reindex(prognose.index))


# ---------------------------------------------------------------------------------------------------------
# 71450ned onderwijs
# ---------------------------------------------------------------------------------------------------------


def test_onderwijs_shape():
    t = "71450ned"
    assert odata.dimensie_keys(kubus(t).metadata) == ["Geslacht", "Leeftijd", "Onderwijssoort", "Migratieachtergrond",
                                                      "RegioS", "Perioden"]
    assert len(keys(t, "Leeftijd")) == 28 and len(keys(t, "Onderwijssoort")) == 18
    # the real extract's three keys at positions 1, 3 and 4 behind a total (its ID steps: 11 categories)
    assert keys(t, "Migratieachtergrond") == ["T001040", "1012600", "2012600", "2012655", "2012657"]
    assert all(len(k) == 7 for d in ("Geslacht", "Onderwijssoort", "Migratieachtergrond") for k in keys(t, d, False))
    perioden = kubus(t).metadata["Perioden"]
    assert [p["Key"] for p in perioden] == [f"{j}SJ00" for j in range(2000, 2023)]
    assert perioden[0]["Title"] == "2000/'01"
    assert (perioden[-1]["Title"], perioden[-1]["Status"]) == ("2022/'23*", "Voorlopig")
    assert onderwerp(t, "Leerlingen/studenten")["Key"] == "LeerlingenStudenten_1"


def test_onderwijs_identities_hold_exactly():
    data = frame("71450ned", RegioS=("NL01", "PV25", "GM9001", "GM9349", "GM9343"), Perioden=("2018SJ00", "2019SJ00"))
    v = "LeerlingenStudenten_1"
    w = data.pivot_table(index=["Geslacht", "Leeftijd", "Migratieachtergrond", "RegioS", "Perioden"],
                         columns="Onderwijssoort", values=v, dropna=False).dropna()
    assert len(w) > 100
    assert (w["A041867"] == w["A041868"] + w["A025293"]).all()
    assert (w["A041867"] == w[["A041751", "A041755", "A041759", "A041924", "A041925"]].sum(axis=1)).all()
    assert (w["T001345"] == w[["A041919", "A041920", "A041921", "A041922", "A041923", "A025289"]].sum(axis=1)).all()
    g = data.pivot_table(index=["Leeftijd", "Onderwijssoort", "Migratieachtergrond", "RegioS", "Perioden"],
                         columns="Geslacht", values=v, dropna=False).dropna()
    assert (g["T001038"] == g["3000"] + g["4000"]).all()
    leeftijd = data.pivot_table(index=["Geslacht", "Onderwijssoort", "Migratieachtergrond", "RegioS", "Perioden"],
                                columns="Leeftijd", values=v, dropna=False).dropna()
    delen = [k for k in keys("71450ned", "Leeftijd") if k != "10000"]
    assert (leeftijd["10000"] == leeftijd[delen].sum(axis=1)).all() and (leeftijd["99999"] == 0).all()
    # merged-away gemeente: null after 2019; the new one null before
    totaal = data[(data["Geslacht"] == "T001038") & (data["Leeftijd"] == "10000")]
    bestaat = totaal.groupby(["RegioS", "Perioden"])[v].apply(lambda s: s.notna().all())
    assert bestaat[("GM9343", "2018SJ00")] and not bestaat[("GM9343", "2019SJ00")]
    assert not bestaat[("GM9349", "2018SJ00")] and bestaat[("GM9349", "2019SJ00")]


def test_onderwijs_every_region_has_resident_hbo_and_wo_students():
    gemeenten = tuple(g.code for g in gebied.gemeenten_in_jaar(2022))
    data = frame("71450ned", Geslacht=("T001038",), Leeftijd=("10000",), Onderwijssoort=("A025294", "A025297", "A041867"),
                 Migratieachtergrond=("T001040",), RegioS=gemeenten, Perioden=("2022SJ00",))
    indeling = {g.code: g.regio for g in gebied.demo_gemeenten()}
    per_regio = data.assign(regio=data["RegioS"].map(indeling)).pivot_table(
        index="regio", columns="Onderwijssoort", values="LeerlingenStudenten_1", aggfunc="sum")
    assert len(per_regio) == 35 and (per_regio > 0).all().all()
    inwoners = {r.code: r.omvang_x1000 for r in model.wereld().regios}
    wo = per_regio["A025297"] / pd.Series(inwoners)
    assert wo[sorted(model.WO_REGIOS)].mean() > 1.3 * wo.drop(sorted(model.WO_REGIOS)).mean()
    nl = frame("71450ned", Geslacht=("T001038",), Leeftijd=("10000",), Migratieachtergrond=("T001040",),
               RegioS=("NL01",), Perioden=("2022SJ00",))
    nl = nl.groupby("Onderwijssoort")["LeerlingenStudenten_1"].sum()
    assert 350_000 < nl["A041867"] < 700_000 and 350_000 < nl["A025294"] < 650_000 and (nl > 0).all()


# ---------------------------------------------------------------------------------------------------------
# The real extracts: the demo's keys, order and padding are the real ones
# ---------------------------------------------------------------------------------------------------------


def _in_volgorde(reeks: pd.Series) -> list[str]:
    return list(dict.fromkeys(reeks.tolist()))


def test_keys_equal_the_real_83582ned_extract(shared_data):
    echt = pd.read_csv(shared_data / "cbs_83582ned" / "83582NED_corop.csv", dtype=str, keep_default_na=False)
    assert _in_volgorde(echt["BedrijfstakkenBranchesSBI2008"]) == keys("83582NED", "BedrijfstakkenBranchesSBI2008", False)
    assert set(echt["RegioS"]) <= set(keys("83582NED", "RegioS", False))
    assert _in_volgorde(echt["Perioden"]) == keys("83582NED", "Perioden")
    assert set(echt.columns) - {"ID"} == {*odata.dimensie_keys(kubus("83582NED").metadata), "BanenVanWerknemersInDecember_1"}


def test_keys_equal_the_real_03759ned_extracts(shared_data):
    for bestand in sorted((shared_data / "cbs_03759ned").glob("*.csv")):
        echt = pd.read_csv(bestand, sep=";", dtype=str, keep_default_na=False)
        assert _in_volgorde(echt["Geslacht"]) == keys("03759ned", "Geslacht", False)
        assert _in_volgorde(echt["Leeftijd"]) == keys("03759ned", "Leeftijd", False)
        assert set(echt["BurgerlijkeStaat"]) <= set(keys("03759ned", "BurgerlijkeStaat", False))
        assert {len(k) for k in echt["RegioS"]} == {len(keys("03759ned", "RegioS", False)[0])}
        assert set(echt.columns) - {"ID"} <= {*odata.dimensie_keys(kubus("03759ned").metadata),
                                             "BevolkingOp1Januari_1", "GemiddeldeBevolking_2"}
        # the ID steps give the number of age categories: 108
        ids = echt.assign(ID=echt["ID"].astype(int)).set_index(["Geslacht", "Leeftijd"])["ID"]
        stap_leeftijd = ids[("T001038", "10010")] - ids[("T001038", "10000")]
        stap_geslacht = ids[("3000   ", "10000")] - ids[("T001038", "10000")]
        assert stap_geslacht // stap_leeftijd == len(keys("03759ned", "Leeftijd"))


def test_keys_and_titles_equal_the_real_71450ned_extract(shared_data):
    map_ = shared_data / "cbs_71450ned"
    echt = pd.read_csv(map_ / "edu_current-71450NED.csv", sep=";", dtype=str, keep_default_na=False)
    for dim in ("Geslacht", "Leeftijd", "Onderwijssoort"):
        assert _in_volgorde(echt[dim]) == keys("71450ned", dim, False), dim
    # the extract holds three of the categories; the demo has them in the same order, with a total in front
    assert [k for k in keys("71450ned", "Migratieachtergrond", False) if k in set(echt["Migratieachtergrond"])] == \
        _in_volgorde(echt["Migratieachtergrond"])
    assert set(echt["Perioden"]) <= set(keys("71450ned", "Perioden"))
    assert {len(k) for k in echt["RegioS"]} == {len(keys("71450ned", "RegioS", False)[0])}
    assert set(echt.columns) - {"ID"} == {*odata.dimensie_keys(kubus("71450ned").metadata), "LeerlingenStudenten_1"}
    codes = pd.read_csv(map_ / "codes_education.csv", sep=";", dtype=str)
    assert dict(zip(codes["education_code"], codes["education_title"])) == titels("71450ned", "Onderwijssoort")


# ---------------------------------------------------------------------------------------------------------
# Through the workbook's own reading code, as werkboek.bronnen reads the demo source
# ---------------------------------------------------------------------------------------------------------

EEN_PER_FAMILIE = ["83287NED", "83859NED", "86247NED", "83582NED", "03759ned", "83524NED", "85494NED", "85272NED",
                   "85171NED", "85173NED", "71450ned"]


@pytest.mark.parametrize("tabel_id", EEN_PER_FAMILIE)
def test_the_workbook_parser_reads_the_slice_it_asks_for(tabel_id):
    cbs = pytest.importorskip("werkboek.cbs")
    thema, uitgave = next((t, u) for t, u in ALLE if u.id == tabel_id)
    k = kubus(tabel_id)
    plak = odata.maak_plak(metadata.los_op(k.metadata, thema), thema, REGISTER.eerste_jaar)
    delen = {**k.metadata, odata.DATA_DEEL: k.rijen(plak.keuzes, plak.onderwerpen)}
    tabel = cbs.lees_tabel(delen, thema, indeling=uitgave.indeling, demo=True)
    assert len(tabel.data) and tabel.herkomst.demo and "geen echte cijfers" in tabel.herkomst.bronregel()
    for naam in thema.onderwerpen:
        assert tabel.data[naam].notna().any(), naam
    if thema.naam == "regio_indeling":
        from werkboek.indeling import indeling_uit_tabel

        frame_ = indeling_uit_tabel(tabel)
        verwacht = {g.code: gebied.regio_in_jaar(g, uitgave.indeling) for g in gebied.gemeenten_in_jaar(uitgave.indeling)}
        assert dict(zip(frame_["gemeente"], frame_["regio"])) == verwacht
