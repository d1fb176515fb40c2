"""The cache: atomic writes, provenance, damage detection, and snapshots (pak / uitpak) with zip-slip refusal."""

import hashlib
import json
import zipfile

import pytest

from conftest import mini_delen
from werkboek import cache


def herkomst(tabel_id="83582NED"):
    return {"tabel_id": tabel_id, "titel": "Banen", "gewijzigd": "2024-06-27T02:00:00", "opgehaald": "2026-11-22T08:00:00+00:00",
            "bron_url": "http://x", "licentie": "CC BY 4.0, Bron: CBS", "demo": False}


def boom(map_):
    """Every file under a folder with its checksum, to prove that something was left untouched."""
    return {p.relative_to(map_).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(map_.rglob("*")) if p.is_file()}


def test_write_and_read_back_with_provenance(eigen_cache):
    delen = mini_delen("83582NED")
    record = cache.schrijf_tabel("cbs", "83582NED", delen, herkomst())
    map_ = eigen_cache / "cbs" / "83582NED"
    assert sorted(p.name for p in map_.iterdir()) == ["TypedDataSet.parquet", "herkomst.json", "metadata.json"]
    opgeslagen = json.loads((map_ / "herkomst.json").read_text(encoding="utf-8"))
    assert opgeslagen == record and opgeslagen["rijen"] == len(delen["TypedDataSet"]) and opgeslagen["bron"] == "cbs"
    gelezen, _ = cache.lees_tabel("cbs", "83582NED")
    assert gelezen["DataProperties"] == delen["DataProperties"]
    terug = gelezen["TypedDataSet"].astype(object).where(gelezen["TypedDataSet"].notna(), None).to_dict("records")
    assert terug == delen["TypedDataSet"]
    assert cache.lees_tabel("cbs", "00000NED") is None


def test_a_failed_write_keeps_the_previous_good_copy_and_leaves_nothing_behind(eigen_cache):
    cache.schrijf_tabel("cbs", "83582NED", mini_delen("83582NED"), herkomst())
    voor = boom(eigen_cache)

    def half_en_dan_fout(tijdelijk):
        (tijdelijk / "TypedDataSet.parquet").write_bytes(b"half")
        raise ConnectionError("verbinding verbroken")

    with pytest.raises(ConnectionError):
        cache.schrijf_map_atomair(eigen_cache / "cbs" / "83582NED", half_en_dan_fout)
    assert boom(eigen_cache) == voor
    assert [p.name for p in (eigen_cache / "cbs").iterdir()] == ["83582NED"]


def test_an_interrupted_swap_is_undone_on_the_next_read(eigen_cache):
    cache.schrijf_tabel("cbs", "83582NED", mini_delen("83582NED"), herkomst())
    map_ = eigen_cache / "cbs" / "83582NED"
    map_.rename(map_.with_name(".oud-83582NED-abcdef12"))  # as if the process died between the two renames
    assert cache.lees_tabel("cbs", "83582NED") is not None and map_.is_dir()


@pytest.mark.parametrize("beschadiging", ["parquet", "rijen", "ontbreekt"])
def test_a_damaged_entry_is_reported_in_dutch(eigen_cache, beschadiging):
    cache.schrijf_tabel("cbs", "83582NED", mini_delen("83582NED"), herkomst())
    map_ = eigen_cache / "cbs" / "83582NED"
    if beschadiging == "parquet":
        (map_ / "TypedDataSet.parquet").write_bytes(b"geen parquet")
    elif beschadiging == "rijen":
        record = json.loads((map_ / "herkomst.json").read_text(encoding="utf-8"))
        record["rijen"] += 1
        (map_ / "herkomst.json").write_text(json.dumps(record), encoding="utf-8")
    else:
        (map_ / "metadata.json").unlink()
    with pytest.raises(cache.CacheFout, match="83582NED.*beschadigd.*--ververs"):
        cache.lees_tabel("cbs", "83582NED")


def maak_zip(tmp_path, eigen_cache):
    cache.schrijf_tabel("cbs", "83582NED", mini_delen("83582NED"), herkomst())
    cache.schrijf_tabel("cbs", "86059NED", mini_delen("86059NED"), herkomst("86059NED"))
    zip_pad = tmp_path / "momentopname.zip"
    manifest = cache.pak(zip_pad, register_vingerafdruk="abc")
    return zip_pad, manifest


def test_snapshot_round_trip_keeps_provenance(tmp_path, eigen_cache, monkeypatch):
    zip_pad, manifest = maak_zip(tmp_path, eigen_cache)
    voor = boom(eigen_cache)
    assert {t["tabel_id"] for t in manifest["tabellen"]} == {"83582NED", "86059NED"}
    andere_cache = tmp_path / "andere-cache"
    monkeypatch.setenv("WERKBOEK_CACHE", str(andere_cache))
    cache.pak_uit(zip_pad)
    assert boom(andere_cache) == voor
    assert cache.lees_tabel("cbs", "83582NED")[1]["opgehaald"] == herkomst()["opgehaald"]


def test_unpacking_replaces_a_table_but_keeps_others(tmp_path, eigen_cache):
    zip_pad, _ = maak_zip(tmp_path, eigen_cache)
    cache.schrijf_tabel("cbs", "85494NED", mini_delen("85494NED"), herkomst("85494NED"))
    (eigen_cache / "cbs" / "83582NED" / "metadata.json").write_text("{}", encoding="utf-8")  # damaged
    cache.pak_uit(zip_pad)
    assert cache.lees_tabel("cbs", "83582NED") is not None and cache.lees_tabel("cbs", "85494NED") is not None


def herschrijf_zip(bron, doel, wijzig):
    with zipfile.ZipFile(bron) as oud, zipfile.ZipFile(doel, "w") as nieuw:
        for lid in oud.infolist():
            naam, inhoud = wijzig(lid.filename, oud.read(lid.filename))
            if naam:
                nieuw.writestr(naam, inhoud)


@pytest.mark.parametrize("soort", ["afgekapt", "zip-slip", "absoluut", "controlesom", "geen-overzicht", "geen-zip"])
def test_a_bad_snapshot_is_refused_without_touching_the_cache(tmp_path, eigen_cache, soort):
    zip_pad, manifest = maak_zip(tmp_path, eigen_cache)
    slecht = tmp_path / "slecht.zip"
    if soort == "afgekapt":
        slecht.write_bytes(zip_pad.read_bytes()[: zip_pad.stat().st_size // 2])
    elif soort == "geen-zip":
        slecht.write_text("dit is geen zip", encoding="utf-8")
    elif soort in ("zip-slip", "absoluut"):
        kwaad = "cbs/../../buiten.txt" if soort == "zip-slip" else "/tmp/buiten.txt"

        def voeg_toe(naam, inhoud):
            if naam == cache.MANIFEST:
                lijst = json.loads(inhoud)
                lijst["bestanden"][kwaad] = {"sha256": hashlib.sha256(b"x").hexdigest(), "bytes": 1}
                return naam, json.dumps(lijst)
            return naam, inhoud

        herschrijf_zip(zip_pad, slecht, voeg_toe)
        with zipfile.ZipFile(slecht, "a") as archief:
            archief.writestr(kwaad, "x")
    elif soort == "controlesom":
        herschrijf_zip(zip_pad, slecht, lambda n, i: (n, b"{}" if n.endswith("metadata.json") else i))
    else:
        herschrijf_zip(zip_pad, slecht, lambda n, i: (None if n == cache.MANIFEST else n, i))
    voor = boom(eigen_cache)
    with pytest.raises(cache.MomentopnameFout, match="geweigerd.*niet aangeraakt"):
        cache.pak_uit(slecht)
    assert boom(eigen_cache) == voor
    assert not (tmp_path / "buiten.txt").exists()
    assert not any(p.name.startswith(".") for p in eigen_cache.iterdir())


def test_packing_an_empty_cache_says_how_to_fill_it(tmp_path, eigen_cache):
    with pytest.raises(cache.CacheFout, match="leeg.*voorbereiden"):
        cache.pak(tmp_path / "x.zip")


def test_a_concurrent_writer_that_finished_first_wins_without_an_error(eigen_cache, monkeypatch):
    doel = eigen_cache / "cbs" / "83582NED"
    echte_replace = cache.os.replace

    def ander_proces_was_net_eerder(bron, bestemming):
        if bestemming == doel and not doel.exists():  # between our check and our rename
            doel.mkdir(parents=True)
            (doel / "van-ander.txt").write_text("a", encoding="utf-8")
        return echte_replace(bron, bestemming)

    monkeypatch.setattr(cache.os, "replace", ander_proces_was_net_eerder)
    cache.schrijf_map_atomair(doel, lambda tijdelijk: (tijdelijk / "van-mij.txt").write_text("b", encoding="utf-8"))
    assert [p.name for p in doel.iterdir()] == ["van-ander.txt"]
    assert [p.name for p in doel.parent.iterdir()] == ["83582NED"]
