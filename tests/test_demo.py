"""Demo data (contract C1): every registered table in the real CBS shape, lazily, deterministic, marked synthetic."""

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
        assert "12345XYZ" in tekst and "tabellenregister" in tekst and "83582NED" in tekst and "85701NED" in tekst


def test_brontabel_is_cached_and_accepts_any_case():
    assert demo.brontabel("85701NED") is demo.brontabel("85701ned") is demo.brontabel(" 85701ned ")
    assert demo.brontabel("85701ned").tabel_id == "85701NED"
    assert demo.brontabel("03759NED") is demo.brontabel("03759ned")


def test_big_tables_are_never_materialised_whole():
    for tabel_id in ("03759ned", "85353NED", "85356NED"):
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


@pytest.mark.parametrize("tabel_id", ["83582NED", "03759ned", "85701NED", "85353NED", "86247NED", "85494NED"])
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
# 85701NED, 85702NED: onderwijssoort, woonregio (rounded to tens)
# ---------------------------------------------------------------------------------------------------------

# The catalogue's titles, in its order (cbs_datasets_enriched.json): the demo must have exactly these.
TITELS_85701 = [
    "Totaal (speciaal) basisonderwijs", "Basisonderwijs", "Speciaal basisonderwijs",
    "Totaal (voortgezet) speciaal onderwijs", "Speciaal onderwijs", "Voortgezet speciaal ondewijs",
    "Totaal voortgezet onderwijs", "Vo algemene leerjaren 1-3", "Vwo 3-6", "Havo 3-5", "Vmbo-g/t 3-4", "Vmbo-b/k 3-4",
    "Praktijkonderwijs", "Totaal vavo", "Vavo vwo", "Vavo havo", "Vavo vmbo-t", "Totaal mbo (excl. extranei)",
    "Entreeopleiding (excl.extranei)", "Niveau 2 (exclusief extranei)", "Niveau 3 (exclusief extranei)",
    "Niveau 4 (exclusief extranei)", "Hoger beroepsonderwijs", "Wetenschappelijk onderwijs",
]
TITELS_85702 = [
    "Totaal voortgezet onderwijs (vo)", "Vwo", "Havo", "Vmbo g/t", "Vmbo-k", "Vmbo-b", "Totaal vavo", "Vavo vwo",
    "Vavo havo", "Vavo vmbo-t", "Totaal mbo (incl. extranei)", "Entreeopleiding (incl.extranei)",
    "Niveau 2 (inclusief extranei)", "Niveau 3 (inclusief extranei)", "Niveau 4 (inclusief extranei)",
    "Hbo-associate degree", "Hbo-bachelor", "Hbo-master/vervolgopleiding", "Wo-bachelor", "Wo-master",
]
MBO_85701 = ("A042650", "A042656", "A042662", "A042668")  # entree, niveau 2, 3, 4 (excl. extranei)
MBO_85702 = ("A042649", "A042655", "A042661", "A042667")  # (incl. extranei)
HBO_85702, WO_85702 = ("A028669", "A043049", "A043051"), ("A043054", "A043055")
GESLACHT_KEYS = ["T001038", "3000   ", "4000   "]


def _gemeenten_van(tabel_id: str, dim: str) -> tuple[str, ...]:
    return tuple(k for k in keys(tabel_id, dim) if k.startswith("GM"))


@pytest.mark.parametrize("tabel_id,verwacht,onderwerptitel",
                         [("85701NED", TITELS_85701, "Leerlingen/studenten"), ("85702NED", TITELS_85702, "Gediplomeerden")])
def test_woonregio_tables_shape(tabel_id, verwacht, onderwerptitel):
    meta = kubus(tabel_id).metadata
    assert odata.dimensie_keys(meta) == ["Geslacht", "Onderwijssoort", "Regiokenmerken", "Perioden"]
    assert keys(tabel_id, "Geslacht", gestript=False) == GESLACHT_KEYS
    assert list(titels(tabel_id, "Onderwijssoort").values()) == verwacht
    soorten = titels(tabel_id, "Onderwijssoort")
    for key in (MBO_85701 + ("A041867", "A025294", "A025297") if tabel_id == "85701NED"
                else MBO_85702 + HBO_85702 + WO_85702 + ("A025290",)):
        assert key in soorten, key  # the keys public code uses (inferred)
    if tabel_id == "85702NED":  # no hbo or wo total: the workbook builds them from their parts
        assert not {"Hoger beroepsonderwijs", "Wetenschappelijk onderwijs"} & set(soorten.values())
    regio = keys(tabel_id, "Regiokenmerken", gestript=False)
    assert regio[0] == "NL01  " and {len(k) for k in regio} == {6}
    niveaus = [k[:2] for k in keys(tabel_id, "Regiokenmerken")]
    assert niveaus[:1 + 5 + 13] == ["NL"] + ["LD"] * 5 + ["PV"] * 13 and niveaus.count("CR") == 40
    assert "AM" not in niveaus
    assert set(_gemeenten_van(tabel_id, "Regiokenmerken")) == {g.code for g in gebied.demo_gemeenten()}
    niet = "Niet in te delen (Nederland)" if tabel_id == "85701NED" else "Niet in te delen"
    assert titels(tabel_id, "Regiokenmerken")["LD99"] == f"{niet} (LD)"
    assert titels(tabel_id, "Regiokenmerken")["PV21"] == "Fryslân (PV)"
    perioden = meta["Perioden"]
    assert [p["Key"] for p in perioden] == [f"{j}SJ00" for j in range(2011, 2025)]
    assert perioden[0]["Title"] == "2011/'12" and perioden[-2]["Status"] == "Definitief"
    assert (perioden[-1]["Title"], perioden[-1]["Status"]) == ("2024/'25*", "Voorlopig")
    topic = onderwerp(tabel_id, onderwerptitel)
    assert (topic["Unit"], topic["Decimals"], topic["Datatype"]) == ("aantal", 0, "Long")


@pytest.mark.parametrize("tabel_id", ["85701NED", "85702NED"])
def test_woonregio_values_are_rounded_to_tens_per_cell(tabel_id):
    gemeenten = _gemeenten_van(tabel_id, "Regiokenmerken")[::9]
    data = frame(tabel_id, Regiokenmerken=("NL01", "LD01", "PV25", "CR17") + gemeenten,
                 Perioden=("2015SJ00", "2019SJ00", "2024SJ00"))
    v = next(k for k in data.columns if k.endswith("_1"))
    waarden = data[v].dropna()
    assert len(waarden) > 1000 and (waarden % 10 == 0).all() and (waarden >= 0).all()
    # every cell rounded on its own, totals too: sexes add up within rounding, not always exactly
    g = data.pivot_table(index=["Onderwijssoort", "Regiokenmerken", "Perioden"], columns="Geslacht", values=v,
                         dropna=False).dropna()
    verschil = g["T001038"] - g["3000"] - g["4000"]
    assert verschil.abs().max() <= 10 and (verschil != 0).any()
    w = data[data["Geslacht"] == "T001038"].pivot_table(index=["Regiokenmerken", "Perioden"], columns="Onderwijssoort",
                                                       values=v, dropna=False).dropna()
    if tabel_id == "85701NED":
        delen, totaal = list(MBO_85701), "A041867"
        assert (w["T001345"] - w[["A041919", "A041920", "A041921", "A041922", "A041923", "A025289"]].sum(axis=1)).abs().max() <= 30
    else:
        delen, totaal = list(MBO_85702), "A025290"
    mbo = w[totaal] - w[delen].sum(axis=1)
    assert mbo.abs().max() <= 20 and (mbo != 0).any()
    # a merged-away gemeente is null after its dissolution, the new one before its creation: the only null cells
    fusie = frame(tabel_id, Regiokenmerken=("GM9343", "GM9349"), Perioden=("2018SJ00", "2019SJ00"))
    leeg = fusie.groupby(["Regiokenmerken", "Perioden"])[v].apply(lambda s: s.isna().all())
    assert leeg.to_dict() == {("GM9343", "2018SJ00"): False, ("GM9343", "2019SJ00"): True,
                              ("GM9349", "2018SJ00"): True, ("GM9349", "2019SJ00"): False}
    assert data.loc[~data["Regiokenmerken"].str.startswith("GM"), v].notna().all()


def test_woonregio_sexes_add_up_exactly_before_rounding():
    """Behind 85701NED and 85702NED are whole persons: Geslacht's total is men plus women before CBS's rounding."""
    w = model.wereld()
    y = model.JAREN_ONDERWIJS.index(2022)
    stuk = next(p for p, s in enumerate(w.stukken) if s.opgeheven is None and s.ontstaan is None)
    code = w.stukken[stuk].code
    for tabel_id, per_stuk, soorten, blad, key in (
            ("85701NED", w.onderwijs, model.ONDERWIJSBLADEN, "hbo", "A025294"),
            ("85702NED", model.gediplomeerden(), model.DIPLOMASOORTEN, "wo_master", "A043055")):
        assert per_stuk.dtype == np.int32 and (per_stuk >= 0).all()
        mannen, vrouwen = per_stuk[stuk, y, soorten.index(blad)]
        rij = frame(tabel_id, Onderwijssoort=(key,), Regiokenmerken=(code,), Perioden=("2022SJ00",))
        per_geslacht = rij.set_index("Geslacht").iloc[:, -1]
        for geslacht, som in (("T001038", mannen + vrouwen), ("3000", mannen), ("4000", vrouwen)):
            assert per_geslacht[geslacht] == np.floor(som / 10 + 0.5) * 10


def test_woonregio_tables_read_through_the_register_give_the_three_levels():
    cbs = pytest.importorskip("werkboek.cbs")
    uitkomst = {}
    for naam in ("studenten", "gediplomeerden"):
        thema = REGISTER.thema(naam)
        k = kubus(thema.tabellen[0].id)
        resolutie = metadata.los_op(k.metadata, thema)
        assert not resolutie.ontbrekend and resolutie.vast == {"Geslacht": "T001038"}
        plak = odata.maak_plak(resolutie, thema, REGISTER.eerste_jaar)
        tabel = cbs.lees_tabel({**k.metadata, odata.DATA_DEEL: k.rijen(plak.keuzes, plak.onderwerpen)}, thema, demo=True)
        data = tabel.data
        assert set(data["regio_niveau"]) == {"NL", "GM"} and data["jaar"].min() == REGISTER.eerste_jaar
        assert data.loc[data["jaar"] == 2024, "voorlopig"].all() and not data.loc[data["jaar"] < 2024, "voorlopig"].any()
        onderwerp_ = next(iter(thema.onderwerpen))
        w = data[data["jaar"] == 2023].pivot_table(index="regio", columns="onderwijsniveau", values=onderwerp_)
        assert {"laag", "middelbaar", "hoog", "totaal"} <= set(w.columns)
        # rounded to tens: a small gemeente can show 0 entree students or graduates
        assert (w[["middelbaar", "hoog"]] > 0).all().all() and (w["laag"] >= 0).all() and (w["laag"] > 0).mean() > 0.8
        assert np.allclose(w["hoog"], w["hbo"] + w["wo"])
        assert np.allclose(w["totaal"], w[["laag", "middelbaar", "hoog"]].sum(axis=1))
        uitkomst[naam] = w
    gediplomeerd = uitkomst["gediplomeerden"]
    assert np.allclose(gediplomeerd["hbo"], gediplomeerd[["hbo_ad", "hbo_bachelor", "hbo_master"]].sum(axis=1))
    assert np.allclose(gediplomeerd["hoog"], gediplomeerd["hbo"] + gediplomeerd["wo"])
    # graduates are about a quarter to a third of the students per year, in Nederland
    nl = {n: w.loc["NL01"] for n, w in uitkomst.items()}
    for niveau, (laag, hoog) in {"middelbaar": (0.25, 0.40), "hoog": (0.2, 0.35), "totaal": (0.22, 0.38)}.items():
        assert laag < nl["gediplomeerden"][niveau] / nl["studenten"][niveau] < hoog, niveau
    assert nl["gediplomeerden"]["hbo_bachelor"] > 5 * nl["gediplomeerden"]["hbo_ad"] > 0
    assert nl["gediplomeerden"]["wo_master"] > nl["gediplomeerden"]["wo_bachelor"] > 0


def test_every_region_has_resident_hbo_and_wo_students():
    gemeenten = tuple(g.code for g in gebied.gemeenten_in_jaar(2022))
    data = frame("85701NED", Geslacht=("T001038",), Onderwijssoort=("A025294", "A025297", "A041867"),
                 Regiokenmerken=gemeenten, Perioden=("2022SJ00",))
    indeling = {g.code: g.regio for g in gebied.demo_gemeenten()}
    per_regio = data.assign(regio=data["Regiokenmerken"].map(indeling)).pivot_table(
        index="regio", columns="Onderwijssoort", values="LeerlingenStudenten_1", aggfunc="sum")
    assert len(per_regio) == 35 and (per_regio > 0).all().all()
    inwoners = {r.code: r.omvang_x1000 for r in model.wereld().regios}
    wo = per_regio["A025297"] / pd.Series(inwoners)
    assert wo[sorted(model.WO_REGIOS)].mean() > 1.3 * wo.drop(sorted(model.WO_REGIOS)).mean()
    nl = frame("85701NED", Geslacht=("T001038",), Regiokenmerken=("NL01",), Perioden=("2022SJ00",))
    nl = nl.set_index(nl["Onderwijssoort"].map(titels("85701NED", "Onderwijssoort")))["LeerlingenStudenten_1"]
    assert 350_000 < nl["Totaal mbo (excl. extranei)"] < 700_000 and 350_000 < nl["Hoger beroepsonderwijs"] < 650_000
    assert 1_200_000 < nl["Basisonderwijs"] < 1_800_000 and (nl > 0).all()


# ---------------------------------------------------------------------------------------------------------
# 85353NED, 85356NED: mbo per niveau, leerweg, studierichting, regio
# ---------------------------------------------------------------------------------------------------------

STUDIERICHTINGEN = [
    "Totaal", "01 Onderwijs", "02 Vormgeving, kunst, talen en gesch...", "03 Journalistiek, gedrag en maatschappij",
    "04 Recht, administratie, handel en za...", "05 Wiskunde, natuurwetenschappen", "06 Informatica",
    "07 Techniek, industrie en bouwkunde", "08 Landbouw, diergeneeskunde en -verz...", "09 Gezondheidszorg en welzijn",
    "10 Dienstverlening", "Onderwijsrichting onbekend", "niet gespecificeerd naar sectorkamer",
    "Sectorkamer techniek en gebouwde omgeve.", "Sectorkamer mobiliteit, transport, logi.",
    "Sectorkamer zorg, welzijn en sport", "Sectorkamer handel", "Sectorkamer creatieve industrie en ICT",
    "Sectorkamer voedsel, groen en gastvrijh", "Sectorkamer zakelijke dienstverlenin...",
    "Sectorkamer specialistisch vakmanschap", "Entree", "Bovensectoraal", "79000 Bouw en infra",
    "79010 Afbouw, hout en onderhoud",
]
MBO_TABELLEN = {"85353NED": "MboStudenten_1", "85356NED": "GediplomeerdenMbo_1"}
VELDEN = [f"{i:02d} " for i in range(1, 11)]


def _richting_keys(tabel_id: str) -> dict[str, str]:
    """Studierichting: title -> stripped key (the test never relies on the stand-in keys themselves)."""
    return {t: k for k, t in titels(tabel_id, "Studierichting").items()}


@pytest.mark.parametrize("tabel_id", sorted(MBO_TABELLEN))
def test_mbo_richting_tables_shape(tabel_id):
    studenten = tabel_id == "85353NED"
    meta = kubus(tabel_id).metadata
    assert odata.dimensie_keys(meta) == ["Geslacht", "Niveau", "Leerweg", "Studierichting", "Regio", "Perioden"]
    assert keys(tabel_id, "Geslacht", gestript=False) == GESLACHT_KEYS
    assert titels(tabel_id, "Niveau") == {"T001336": "Totaal" if studenten else "Totaal mbo",
                                          "A041751": "Mbo-entreeopleiding", "A041755": "Mbo niveau 2",
                                          "A041759": "Mbo niveau 3", "A041763": "Mbo niveau 4"}
    assert list(titels(tabel_id, "Leerweg").values()) == [
        "Totaal mbo (incl. extranei)" if studenten else "Totaal mbo (incl extranei)", "Totaal mbo (excl. extranei)",
        "Bol totaal", "Bbl totaal", "Extranei"]
    assert keys(tabel_id, "Leerweg")[0] == "A025290"
    richtingen = list(titels(tabel_id, "Studierichting").values())
    verwacht = STUDIERICHTINGEN if studenten else [t[:1].upper() + t[1:] if t.startswith("niet ") else t
                                                    for t in STUDIERICHTINGEN]
    assert richtingen == verwacht and keys(tabel_id, "Studierichting")[0] == "T001072"
    regio = keys(tabel_id, "Regio")
    assert regio[0] == "NL01" and not any(k.startswith(("CR", "AM")) for k in regio)
    assert {len(k) for k in keys(tabel_id, "Regio", gestript=False)} == {6}
    assert titels(tabel_id, "Regio")["LD99"] == "Niet in te delen (LD)"
    # the four largest gemeenten and two groups come before the other gemeenten, as in the real table
    groep = regio.index("G4")
    assert all(k.startswith("GM") for k in regio[groep - 4:groep]) and regio[groep + 1] == "G100"
    assert titels(tabel_id, "Regio")["G4"] == "Vier grootste gemeenten (G4)"
    assert {k for k in regio if k.startswith("GM")} == {g.code for g in gebied.demo_gemeenten()}
    perioden = meta["Perioden"]
    assert [p["Key"] for p in perioden] == [f"{j}SJ00" for j in range(2015, 2025)]
    assert (perioden[-1]["Title"], perioden[-1]["Status"]) == ("2024/'25*", "Voorlopig")
    topic = onderwerp(tabel_id, "Mbo-studenten" if studenten else "Gediplomeerden mbo")
    assert topic["Key"] == MBO_TABELLEN[tabel_id] and topic["Decimals"] == 0


@pytest.mark.parametrize("tabel_id", sorted(MBO_TABELLEN))
def test_mbo_richting_figures_add_up_exactly(tabel_id):
    v = MBO_TABELLEN[tabel_id]
    regio = keys(tabel_id, "Regio")
    g4 = tuple(regio[regio.index("G4") - 4:regio.index("G4")])
    gemeenten = tuple(k for k in regio if k.startswith("GM"))
    data = frame(tabel_id, Regio=("NL01", "LD01", "PV27", "G4") + g4 + gemeenten[::25], Perioden=("2016SJ00", "2023SJ00"))
    assert (data[v].dropna() % 1 == 0).all() and (data[v].dropna() >= 0).all()
    index = ["Geslacht", "Niveau", "Leerweg", "Studierichting", "Regio", "Perioden"]

    def per(dim: str) -> pd.DataFrame:
        return data.pivot_table(index=[d for d in index if d != dim], columns=dim, values=v, dropna=False).dropna()

    g = per("Geslacht")
    assert len(g) > 1000 and (g["T001038"] == g["3000"] + g["4000"]).all()
    n = per("Niveau")
    assert (n["T001336"] == n[["A041751", "A041755", "A041759", "A041763"]].sum(axis=1)).all()
    lw = per("Leerweg")
    assert (lw["A025290"] == lw["A041867"] + lw["A041773"]).all() and (lw["A041867"] == lw["A041868"] + lw["A025293"]).all()
    r = per("Studierichting").rename(columns=titels(tabel_id, "Studierichting"))
    velden = [t for t in r.columns if t[:3] in VELDEN] + ["Onderwijsrichting onbekend"]
    assert len(velden) == 11 and (r["Totaal"] == r[velden].sum(axis=1)).all()
    sectorkamers = [t for t in r.columns if t.startswith("Sectorkamer")]
    rest = [t for t in r.columns if t.lower().startswith("niet gespecificeerd")] + ["Entree", "Bovensectoraal"]
    assert len(sectorkamers) == 8 and (r["Totaal"] == r[sectorkamers + rest].sum(axis=1)).all()
    tgo = "Sectorkamer techniek en gebouwde omgeve."
    assert (r["79010 Afbouw, hout en onderhoud"] <= r["79000 Bouw en infra"]).all() and (r["79000 Bouw en infra"] <= r[tgo]).all()
    # entree students are all in the row 'Entree'; at the other levels nobody is
    entree = r.xs("A041751", level="Niveau")
    assert (entree["Entree"] == entree["Totaal"]).all()
    assert (r.drop(["A041751", "T001336"], level="Niveau")["Entree"] == 0).all()
    # Nederland is the sum of its gemeenten plus those of unknown residence; G4 is the sum of its four gemeenten
    totaal = frame(tabel_id, Geslacht=("T001038",), Niveau=("T001336",), Leerweg=("A025290",), Studierichting=("T001072",),
                   Perioden=("2023SJ00",)).set_index("Regio")[v]
    assert totaal["NL01"] == totaal[[k for k in totaal.index if k.startswith("GM")]].sum() + totaal["LD99"]
    assert totaal["LD99"] == totaal["PV99"] and 0 < totaal["LD99"] < 0.01 * totaal["NL01"]
    assert totaal["G4"] == totaal[list(g4)].sum() and totaal["G100"] > 0


def test_mbo_richting_matches_the_woonregio_table_within_rounding():
    """85353NED's students excluding extranei per level are 85701NED's levels before CBS's rounding to tens."""
    gemeenten = tuple(k for k in keys("85353NED", "Regio") if k.startswith("GM"))[::7]
    mbo = frame("85353NED", Geslacht=("T001038",), Leerweg=("A041867",), Studierichting=("T001072",),
                Regio=gemeenten, Perioden=("2020SJ00",)).set_index(["Regio", "Niveau"])["MboStudenten_1"]
    woon = frame("85701NED", Geslacht=("T001038",), Onderwijssoort=MBO_85701, Regiokenmerken=gemeenten,
                 Perioden=("2020SJ00",)).set_index(["Regiokenmerken", "Onderwijssoort"])["LeerlingenStudenten_1"]
    paren = dict(zip(("A041751", "A041755", "A041759", "A041763"), MBO_85701))
    for (regio, niveau), waarde in mbo.items():
        if niveau in paren and not np.isnan(waarde):
            assert abs(woon[(regio, paren[niveau])] - waarde) <= 5


@pytest.mark.parametrize("tabel_id", sorted(MBO_TABELLEN))
def test_some_fields_have_no_students_at_some_level(tabel_id):
    """Entree has no courses in 01, 03, 05 and 06; laboratory courses at level 3 only where there is a university;
    small gemeenten have empty fields. The zeros are zeros, not missing values."""
    v = MBO_TABELLEN[tabel_id]
    per_titel = _richting_keys(tabel_id)
    velden = tuple(k for t, k in per_titel.items() if t[:3] in VELDEN)
    gemeenten = tuple(g.code for g in gebied.gemeenten_in_jaar(2023))
    data = frame(tabel_id, Geslacht=("T001038",), Leerweg=("A025290",), Studierichting=velden, Regio=gemeenten,
                 Perioden=("2023SJ00",))
    assert data[v].notna().all()
    indeling = {g.code: g.regio for g in gebied.demo_gemeenten()}
    per_regio = data.assign(regio=data["Regio"].map(indeling)).pivot_table(
        index=["regio", "Niveau"], columns="Studierichting", values=v, aggfunc="sum").rename(
        columns={k: t[:2] for t, k in per_titel.items()})
    entree = per_regio.xs("A041751", level="Niveau")
    assert (entree[["01", "03", "05", "06"]] == 0).all().all() and (entree[["04", "07", "09", "10"]] > 0).all().all()
    lab = per_regio.xs("A041759", level="Niveau")["05"]
    assert (lab[sorted(model.WO_REGIOS)] > 0).all() and (lab.drop(sorted(model.WO_REGIOS)) == 0).all()
    assert (per_regio.xs("A041763", level="Niveau") > 0).all().all()  # at level 4 every region has every field
    # a gemeente with an empty field at a level where its region has students in that field
    gemeente = data[data["Niveau"] == "A041763"].pivot_table(index="Regio", columns="Studierichting", values=v)
    assert (gemeente == 0).any().any() and (gemeente > 0).any(axis=1).all()
    # the mix differs between gemeenten: the share of 09 Gezondheidszorg en welzijn varies
    aandeel = gemeente[per_titel["09 Gezondheidszorg en welzijn"]] / gemeente.sum(axis=1)
    assert aandeel.max() - aandeel.min() > 0.1


def test_mbo_richting_tables_read_through_the_register():
    cbs = pytest.importorskip("werkboek.cbs")
    for naam, tabel_id in (("mbo_studenten_richting", "85353NED"), ("mbo_gediplomeerden_richting", "85356NED")):
        thema = REGISTER.thema(naam)
        k = kubus(tabel_id)
        resolutie = metadata.los_op(k.metadata, thema)
        assert resolutie.vast == {"Geslacht": "T001038", "Leerweg": "A025290"} and not resolutie.ontbrekend
        plak = odata.maak_plak(resolutie, thema, REGISTER.eerste_jaar)
        assert len(plak.keuzes["Studierichting"]) == 11 and plak.keuzes["Leerweg"] == ("A025290",)
        data = cbs.lees_tabel({**k.metadata, odata.DATA_DEEL: k.rijen(plak.keuzes, plak.onderwerpen)}, thema,
                              demo=True).data
        onderwerp_ = next(iter(thema.onderwerpen))
        assert set(data["richting"]) == {"totaal"} | {f"isced_{i:02d}" for i in range(1, 11)}
        assert data["richting_titel"][data["richting"] == "isced_07"].eq("07 Techniek, industrie en bouwkunde").all()
        nl = data[(data["regio"] == "NL01") & (data["jaar"] == 2023)].pivot_table(
            index="richting", columns="onderwijsniveau", values=onderwerp_)
        assert np.allclose(nl["middelbaar"], nl[["mbo_2", "mbo_3", "mbo_4"]].sum(axis=1))
        velden = nl.drop("totaal")
        assert 0.99 * nl.loc["totaal", "totaal"] < velden["totaal"].sum() <= nl.loc["totaal", "totaal"]
        assert velden.loc["isced_09", "totaal"] > velden.loc["isced_05", "totaal"] > 0
        gm = data[(data["regio_niveau"] == "GM") & (data["jaar"] == 2023) & (data["onderwijsniveau"] == "entree")]
        bestaand = {g.code for g in gebied.gemeenten_in_jaar(2023)}
        assert gm[onderwerp_].notna().eq(gm["regio"].isin(bestaand)).all()  # null only where no gemeente exists
        assert (gm.loc[gm["richting"] == "isced_06", onderwerp_].dropna() == 0).all()  # no entree course in 06


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


def test_keys_borrowed_from_the_archived_education_tables_carry_their_titles_there(shared_data):
    """The demo's education tables use keys of the archived 71450ned/71493ned as stand-ins where the category means
    the same (marked in werkboek.demo.onderwijs): in the real code lists those keys have the demo's titles, and
    Geslacht is padded as in the real extracts."""
    map_ = shared_data / "cbs_71450ned"
    echt = pd.read_csv(map_ / "edu_current-71450NED.csv", sep=";", dtype=str, keep_default_na=False)
    for tabel_id in ("85701NED", "85702NED", "85353NED", "85356NED"):
        assert _in_volgorde(echt["Geslacht"]) == keys(tabel_id, "Geslacht", False)
    oud = pd.read_csv(map_ / "codes_education.csv", sep=";", dtype=str)
    oud = dict(zip(oud["education_code"], oud["education_title"]))
    studenten = titels("85701NED", "Onderwijssoort")
    for key in ("T001345", "A041919", "A041920", "A041921", "A025289"):
        assert oud[key] == studenten[key], key
    lijst = pd.read_csv(map_ / "codes_education_047da60.csv", dtype=str, encoding="utf-8-sig")
    lijst = lijst.groupby("education_code")["education_title"].apply(set).to_dict()
    diplomas = titels("85702NED", "Onderwijssoort")
    for key in ("T001345", "A025284", "A025285", "A025288", "A025290", "A028669", "A043049", "A043051", "A043054",
                "A043055"):
        assert diplomas[key] in lijst[key], key
    for key, titel in titels("85353NED", "Leerweg").items():
        if key != "A041867":  # 85701NED's key of 'Totaal mbo (excl. extranei)'
            assert titel in lijst[key], key
    gediplomeerd = pd.read_csv(shared_data / "cbs_71493ned" / "edu_absolved-71493NED.csv", sep=";", dtype=str)
    assert {"T001345", "A025284", "A025285", "A025288", "A025290", "A041868", "A025293", "A041773"} <= \
        set(gediplomeerd["Onderwijssoort"])


# ---------------------------------------------------------------------------------------------------------
# Through the workbook's own reading code, as werkboek.bronnen reads the demo source
# ---------------------------------------------------------------------------------------------------------

EEN_PER_FAMILIE = ["83287NED", "83859NED", "86247NED", "83582NED", "03759ned", "83524NED", "85494NED", "85272NED",
                   "85171NED", "85173NED", "85701NED", "85702NED", "85353NED", "85356NED"]


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
