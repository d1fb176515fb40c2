"""The data cache: every table downloaded (or generated) once, with its provenance, written atomically.

Layout under ``paden.cache_dir()`` (or a restored snapshot folder)::

    <bron>/<tabel_id>/TypedDataSet.parquet      the data records as CBS served them
    <bron>/<tabel_id>/metadata.json             every other part (TableInfos, DataProperties, dimensions)
    <bron>/<tabel_id>/herkomst.json             provenance: id, title, CBS Modified, retrieval time, URL,
                                                licence, rows, demo or real, register fingerprint, checksums
    <bron>/afgeleid/per_regio/<thema>/<sleutel>/   derived per-region frames (data.parquet + herkomst.json)
    duo/<naam>/<resource-id>.csv                 DUO open data files as downloaded (raw bytes), one folder per
    duo/<naam>/herkomst.json                     kind of file, with provenance per file (:mod:`werkboek.duo`)
    demo/duo-<naam>/...                          the same for the demo generator's DUO files

``<bron>`` is ``cbs`` for real CBS downloads, ``duo`` for real DUO downloads and ``demo`` for generated demo tables
and files, so they never mix.
A table folder is written in a temporary folder next to it, flushed to disk, and only then put in place with
``os.replace``; an interrupted write never leaves half a table and never replaces a good one. Reading checks
checksums and row counts, so a damaged entry is reported (:class:`CacheFout`) instead of giving wrong figures.

Snapshots (:func:`pak`, :func:`pak_uit`) carry the whole cache with provenance in one zip file, for computers
without internet. Unpacking checks everything (checksums, paths that would escape the cache) before it touches
the existing cache.

Why one module of this size: every write to the cache (tables, DUO files, derived frames, snapshots) goes
through the same atomic swap and path checks defined here; splitting would duplicate those guarantees.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import uuid
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any, Callable

import pandas as pd
import pyarrow.parquet as pq

from werkboek import __version__, paden, wissel
from werkboek.cbs import nu_iso
from werkboek.fouten import WerkboekFout

BRONNEN = ("cbs", "duo", "demo")
DATA_BESTAND = "TypedDataSet.parquet"
META_BESTAND = "metadata.json"
HERKOMST_BESTAND = "herkomst.json"
AFGELEID = "afgeleid"
MANIFEST = "momentopname.json"
FORMAAT = 1
MAX_UITGEPAKT = 4 * 1024**3  # refuse snapshots that would unpack to more than 4 GiB (zip bombs)


class CacheFout(WerkboekFout):
    """A cache entry or snapshot is missing, damaged or unsafe."""


class MomentopnameFout(CacheFout):
    """A snapshot zip is damaged or unsafe; the existing cache was left untouched."""


def basis(pad: Path | None = None) -> Path:
    return Path(pad) if pad is not None else paden.cache_dir()


def tabel_map(bron: str, tabel_id: str, map_: Path | None = None) -> Path:
    if bron not in BRONNEN:
        raise CacheFout(f"Onbekende bron '{bron}' voor de cache; kies uit {', '.join(BRONNEN)}.")
    return paden.binnen(basis(map_), bron, tabel_id)


# ---------------------------------------------------------------------------------------------------------
# Atomic folder writes
# ---------------------------------------------------------------------------------------------------------


def _fsync(pad: Path) -> None:
    try:
        fd = os.open(pad, os.O_RDONLY)
    except OSError:  # folders cannot be opened on Windows; the rename is still atomic there
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _sha256(pad: Path) -> str:
    h = hashlib.sha256()
    with open(pad, "rb") as bestand:
        for blok in iter(lambda: bestand.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def herstel(doel: Path) -> None:
    """Undo a swap that was interrupted between its two renames: put the previous good copy back."""
    if doel.exists() or not doel.parent.is_dir():
        return
    oude = sorted(doel.parent.glob(f".oud-{doel.name}-*"), key=lambda p: p.stat().st_mtime)
    if oude:
        os.replace(oude[-1], doel)


def schrijf_map_atomair(doel: Path, schrijf: Callable[[Path], None]) -> None:
    """Fill a new folder with ``schrijf(tijdelijke_map)`` and put it at ``doel`` in one step.

    The old folder (if any) is only removed once the new one is complete and in place.
    """
    doel.parent.mkdir(parents=True, exist_ok=True)
    herstel(doel)
    tijdelijk = Path(tempfile.mkdtemp(prefix=f".tmp-{doel.name}-", dir=doel.parent))
    try:
        schrijf(tijdelijk)
        for bestand in tijdelijk.rglob("*"):
            if bestand.is_file():
                _fsync(bestand)
        _fsync(tijdelijk)
        oud = doel.parent / f".oud-{doel.name}-{uuid.uuid4().hex[:8]}"
        bestond = doel.exists()
        try:
            wissel.wissel_in(tijdelijk, doel, oud)
        except OSError:
            if not bestond and doel.is_dir():
                return  # another process put a complete copy there in the meantime: keep that one
            raise
        _fsync(doel.parent)
    finally:
        if tijdelijk.exists():
            shutil.rmtree(tijdelijk, ignore_errors=True)


def _schrijf_json(pad: Path, inhoud: Any) -> None:
    pad.write_text(json.dumps(inhoud, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


def _controlesommen(map_: Path, namen: list[str]) -> dict[str, dict[str, Any]]:
    return {naam: {"sha256": _sha256(map_ / naam), "bytes": (map_ / naam).stat().st_size} for naam in namen}


# ---------------------------------------------------------------------------------------------------------
# Raw tables
# ---------------------------------------------------------------------------------------------------------


def _records_frame(records):
    if isinstance(records, pd.DataFrame):
        return records
    return pd.DataFrame.from_records(list(records))


def schrijf_tabel(bron: str, tabel_id: str, delen: dict[str, Any], herkomst: dict[str, Any], map_: Path | None = None) -> dict:
    """Store the parts of a table with its provenance; returns the provenance record as written."""
    doel = tabel_map(bron, tabel_id, map_)
    data = _records_frame(delen.get("TypedDataSet", []))
    metadata = {naam: records for naam, records in delen.items() if naam not in ("TypedDataSet", "UntypedDataSet")}
    record = dict(herkomst)

    def schrijf(tijdelijk: Path) -> None:
        data.to_parquet(tijdelijk / DATA_BESTAND, index=False)
        _schrijf_json(tijdelijk / META_BESTAND, metadata)
        record.update(
            formaat=FORMAAT,
            bron=bron,
            tabel_id=tabel_id,
            rijen=len(data),
            bestanden=_controlesommen(tijdelijk, [DATA_BESTAND, META_BESTAND]),
        )
        _schrijf_json(tijdelijk / HERKOMST_BESTAND, record)

    schrijf_map_atomair(doel, schrijf)
    return record


def schrijf_bestanden(bron: str, tabel_id: str, bestanden: dict[str, bytes], herkomst: dict[str, Any],
                      map_: Path | None = None) -> dict:
    """Store raw files (a DUO download: CSV bytes as served) with their provenance, atomically; returns the record.

    The files are kept byte for byte; their sha256 and size are in the record, so reading checks them.
    """
    doel = tabel_map(bron, tabel_id, map_)
    for naam in bestanden:
        if not _veilige_naam(naam) or "/" in naam or naam == HERKOMST_BESTAND:
            raise CacheFout(f"Ongeldige bestandsnaam '{naam}' voor de cache van {tabel_id}.")
    record = dict(herkomst)

    def schrijf(tijdelijk: Path) -> None:
        for naam, inhoud in bestanden.items():
            (tijdelijk / naam).write_bytes(inhoud)
        record.update(formaat=FORMAAT, bron=bron, tabel_id=tabel_id, ruwe_bestanden=True,
                      bestanden=_controlesommen(tijdelijk, list(bestanden)))
        _schrijf_json(tijdelijk / HERKOMST_BESTAND, record)

    schrijf_map_atomair(doel, schrijf)
    return record


def lees_bestanden(bron: str, tabel_id: str, map_: Path | None = None) -> tuple[dict[str, bytes], dict] | None:
    """The raw files and provenance of a cache entry written by :func:`schrijf_bestanden`; None when absent.

    Raises :class:`CacheFout` when a file is missing, changed or cut short.
    """
    gevonden = _gecontroleerd(bron, tabel_id, map_)
    if gevonden is None:
        return None
    doel, record = gevonden
    try:
        return {naam: (doel / naam).read_bytes() for naam in record["bestanden"]}, record
    except OSError as fout:
        raise _beschadigd(doel, tabel_id, str(fout)) from fout


def lees_herkomst(bron: str, tabel_id: str, map_: Path | None = None) -> dict | None:
    """The provenance record of a cached table, or None when the table is not in the cache."""
    doel = tabel_map(bron, tabel_id, map_)
    herstel(doel)
    pad = doel / HERKOMST_BESTAND
    if not pad.is_file():
        return None
    try:
        record = json.loads(pad.read_text(encoding="utf-8"))
        if not isinstance(record, dict) or "bestanden" not in record:
            raise ValueError("geen herkomstrecord")
    except (OSError, ValueError) as fout:
        raise _beschadigd(doel, tabel_id, f"herkomst.json is onleesbaar: {fout}") from fout
    return record


def _beschadigd(doel: Path, tabel_id: str, reden: str) -> CacheFout:
    return CacheFout(
        f"De cache van tabel {tabel_id} in {doel} is beschadigd ({reden}). Haal de tabel opnieuw op met "
        "'werkboek data voorbereiden --ververs' (met --bron cbs of demo), of verwijder die map; "
        "een momentopname kunt u opnieuw uitpakken met 'werkboek data uitpak'."
    )


def controleer_map(doel: Path, tabel_id: str, record: dict) -> None:
    """Checksums and row count of a cached folder against its provenance record; raises CacheFout."""
    for naam, verwacht in record.get("bestanden", {}).items():
        pad = doel / naam
        if not pad.is_file():
            raise _beschadigd(doel, tabel_id, f"{naam} ontbreekt")
        if pad.stat().st_size != verwacht.get("bytes") or _sha256(pad) != verwacht.get("sha256"):
            raise _beschadigd(doel, tabel_id, f"{naam} is gewijzigd of afgekapt (controlesom klopt niet)")
    if record.get("ruwe_bestanden"):
        return  # raw files (DUO CSV): the checksums are the check
    data_pad = doel / record.get("databestand", DATA_BESTAND)
    try:
        rijen = pq.ParquetFile(data_pad).metadata.num_rows
    except Exception as fout:  # noqa: BLE001 - any parquet failure means the same to the user
        raise _beschadigd(doel, tabel_id, f"het parquet-bestand is onleesbaar: {fout}") from fout
    if rijen != record.get("rijen"):
        raise _beschadigd(doel, tabel_id, f"{rijen} rijen gevonden, {record.get('rijen')} verwacht")


def _gecontroleerd(bron: str, tabel_id: str, map_: Path | None) -> tuple[Path, dict] | None:
    """The folder and provenance of a cached entry after checking its files; None when absent."""
    record = lees_herkomst(bron, tabel_id, map_)
    if record is None:
        return None
    doel = tabel_map(bron, tabel_id, map_)
    controleer_map(doel, tabel_id, record)
    return doel, record


def lees_tabel(bron: str, tabel_id: str, map_: Path | None = None) -> tuple[dict[str, Any], dict] | None:
    """The parts (TypedDataSet as a DataFrame) and provenance of a cached table; None when absent.

    Raises :class:`CacheFout` when the entry is damaged.
    """
    gevonden = _gecontroleerd(bron, tabel_id, map_)
    if gevonden is None:
        return None
    doel, record = gevonden
    try:
        delen = json.loads((doel / META_BESTAND).read_text(encoding="utf-8"))
        delen["TypedDataSet"] = pd.read_parquet(doel / DATA_BESTAND)
    except (OSError, ValueError) as fout:
        raise _beschadigd(doel, tabel_id, str(fout)) from fout
    return delen, record


def lees_metadata(bron: str, tabel_id: str, map_: Path | None = None) -> dict[str, Any]:
    """The metadata parts of a cached table (everything but the data), without reading the data."""
    doel = tabel_map(bron, tabel_id, map_)
    try:
        return json.loads((doel / META_BESTAND).read_text(encoding="utf-8"))
    except (OSError, ValueError) as fout:
        raise _beschadigd(doel, tabel_id, f"metadata.json is onleesbaar: {fout}") from fout


def vermeldingen(map_: Path | None = None) -> list[dict]:
    """Every cached table and derived frame with its provenance and size on disk (for ``werkboek data status``)."""
    rijen = []
    wortel = basis(map_)
    for bron in BRONNEN:
        bron_map = wortel / bron
        if not bron_map.is_dir():
            continue
        for tabel in sorted(p for p in bron_map.iterdir() if p.is_dir() and not p.name.startswith(".")):
            if tabel.name == AFGELEID:
                continue
            rij: dict[str, Any] = {"bron": bron, "tabel_id": tabel.name, "map": tabel, "bytes": _grootte(tabel)}
            try:
                record = lees_herkomst(bron, tabel.name, map_) or {}
                controleer_map(tabel, tabel.name, record)
                rij.update(record, staat="goed")
            except CacheFout as fout:
                rij.update(staat=f"beschadigd: {fout}")
            rijen.append(rij)
        afgeleid = bron_map / AFGELEID
        if afgeleid.is_dir():
            rijen.append({"bron": bron, "tabel_id": f"{AFGELEID}/", "map": afgeleid, "bytes": _grootte(afgeleid),
                          "staat": "goed", "afgeleid": True})
    return rijen


def _grootte(map_: Path) -> int:
    return sum(p.stat().st_size for p in map_.rglob("*") if p.is_file())


# ---------------------------------------------------------------------------------------------------------
# Derived frames (per_regio), keyed on the table vintages and the register fingerprint
# ---------------------------------------------------------------------------------------------------------


def _afgeleid_map(bron: str, naam: str, thema: str, map_: Path | None) -> Path:
    if bron not in BRONNEN:
        raise CacheFout(f"Onbekende bron '{bron}' voor de cache; kies uit {', '.join(BRONNEN)}.")
    return paden.binnen(basis(map_), bron, AFGELEID, naam, thema)


def lees_afgeleid(bron: str, naam: str, thema: str, sleutel: str, map_: Path | None = None):
    """A cached derived frame and its metadata, or None when absent or damaged (it is then recomputed)."""
    doel = _afgeleid_map(bron, naam, thema, map_) / sleutel
    try:
        record = json.loads((doel / HERKOMST_BESTAND).read_text(encoding="utf-8"))
        controleer_map(doel, f"{naam}/{thema}", record)
        return pd.read_parquet(doel / DATA_BESTAND), record
    except (OSError, ValueError, CacheFout):
        return None


def schrijf_afgeleid(bron: str, naam: str, thema: str, sleutel: str, frame: pd.DataFrame, meta: dict,
                     map_: Path | None = None) -> None:
    """Store a derived frame under its key and drop older keys of the same theme."""
    thema_map = _afgeleid_map(bron, naam, thema, map_)
    zonder_attrs = frame.copy()
    zonder_attrs.attrs = {}

    def schrijf(tijdelijk: Path) -> None:
        zonder_attrs.to_parquet(tijdelijk / DATA_BESTAND, index=False)
        record = dict(meta, sleutel=sleutel, rijen=len(frame), bestanden=_controlesommen(tijdelijk, [DATA_BESTAND]))
        _schrijf_json(tijdelijk / HERKOMST_BESTAND, record)

    schrijf_map_atomair(thema_map / sleutel, schrijf)
    for ander in thema_map.iterdir():
        if ander.is_dir() and ander.name != sleutel and not ander.name.startswith("."):
            shutil.rmtree(ander, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------------
# Snapshots
# ---------------------------------------------------------------------------------------------------------


def _bestanden_voor_pak(wortel: Path) -> list[tuple[str, Path]]:
    uit = []
    for bron in BRONNEN:
        bron_map = wortel / bron
        if not bron_map.is_dir():
            continue
        for pad in sorted(bron_map.rglob("*")):
            relatief = pad.relative_to(wortel)
            if pad.is_file() and not any(deel.startswith(".") for deel in relatief.parts):
                uit.append((relatief.as_posix(), pad))
    return uit


def pak(zip_pad: Path, map_: Path | None = None, register_vingerafdruk: str = "") -> dict:
    """Write the whole cache (raw tables, provenance, derived frames) to one zip; returns the manifest."""
    wortel = basis(map_)
    for rij in vermeldingen(wortel):
        if rij["staat"] != "goed":
            raise CacheFout(f"De cache bevat een beschadigde tabel ({rij['bron']}/{rij['tabel_id']}); {rij['staat']}")
    bestanden = _bestanden_voor_pak(wortel)
    if not bestanden:
        raise CacheFout(
            f"De cache in {wortel} is leeg; er valt niets in te pakken. Vul hem eerst met "
            "'werkboek data voorbereiden --bron cbs' (of --bron demo)."
        )
    tabellen = []
    for rij in vermeldingen(wortel):
        if not rij.get("afgeleid"):
            tabellen.append({k: rij.get(k) for k in ("bron", "tabel_id", "titel", "gewijzigd", "opgehaald", "demo", "rijen")})
    manifest = {
        "formaat": FORMAAT,
        "gemaakt": nu_iso(),
        "werkboek_versie": __version__,
        "register_vingerafdruk": register_vingerafdruk,
        "licentie": "CBS-tabellen: CC BY 4.0, Bron: CBS; DUO-bestanden: de licentie staat per bestand in de herkomst",
        "tabellen": tabellen,
        "bestanden": {naam: {"sha256": _sha256(pad), "bytes": pad.stat().st_size} for naam, pad in bestanden},
    }
    zip_pad = Path(zip_pad).resolve()
    zip_pad.parent.mkdir(parents=True, exist_ok=True)
    tijdelijk = zip_pad.with_name(f".{zip_pad.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with zipfile.ZipFile(tijdelijk, "w", compression=zipfile.ZIP_DEFLATED) as archief:
            archief.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            for naam, pad in bestanden:
                archief.write(pad, naam)
        _fsync(tijdelijk)
        os.replace(tijdelijk, zip_pad)
    finally:
        if tijdelijk.exists():
            tijdelijk.unlink()
    return manifest


def _weiger(zip_pad: Path, reden: str) -> MomentopnameFout:
    return MomentopnameFout(
        f"De momentopname {zip_pad} is geweigerd: {reden}. De bestaande cache is niet aangeraakt. Maak een nieuwe "
        "momentopname met 'werkboek data pak' op de computer waar de cache goed is, en kopieer die opnieuw."
    )


def _veilige_naam(naam: str) -> bool:
    pad = PurePosixPath(naam)
    return (
        bool(naam)
        and "\\" not in naam
        and ":" not in naam
        and not pad.is_absolute()
        and ".." not in pad.parts
        and all(deel not in ("", ".") and not deel.startswith(".") for deel in pad.parts)
    )


def controleer_zip(zip_pad: Path) -> dict:
    """Check a snapshot without writing anything: zip integrity, safe paths, manifest and checksums."""
    zip_pad = Path(zip_pad)
    if not zip_pad.is_file():
        raise MomentopnameFout(f"De momentopname {zip_pad} bestaat niet. Controleer het pad.")
    try:
        with zipfile.ZipFile(zip_pad) as archief:
            leden = archief.infolist()
            for lid in leden:
                soort = (lid.external_attr >> 16) & 0o170000
                if soort == 0o120000:
                    raise _weiger(zip_pad, f"'{lid.filename}' is een symbolische koppeling")
                if not _veilige_naam(lid.filename.rstrip("/")) or lid.filename.split("/")[0] not in (*BRONNEN, MANIFEST):
                    raise _weiger(zip_pad, f"het pad '{lid.filename}' valt buiten de cache of hoort er niet in")
            if sum(lid.file_size for lid in leden) > MAX_UITGEPAKT:
                raise _weiger(zip_pad, "uitgepakt zou het groter zijn dan 4 GiB")
            try:
                manifest = json.loads(archief.read(MANIFEST).decode("utf-8"))
                verwacht = manifest["bestanden"]
            except (KeyError, ValueError, TypeError) as fout:
                raise _weiger(zip_pad, f"het overzicht {MANIFEST} ontbreekt of is onleesbaar ({fout})") from fout
            namen = {lid.filename for lid in leden if not lid.is_dir()} - {MANIFEST}
            if namen != set(verwacht):
                verschil = sorted(namen ^ set(verwacht))[:5]
                raise _weiger(zip_pad, f"de inhoud klopt niet met het overzicht ({', '.join(verschil)})")
            for naam in sorted(namen):
                h = hashlib.sha256()
                with archief.open(naam) as bestand:
                    for blok in iter(lambda: bestand.read(1 << 20), b""):
                        h.update(blok)
                if h.hexdigest() != verwacht[naam].get("sha256"):
                    raise _weiger(zip_pad, f"de controlesom van '{naam}' klopt niet")
    except zipfile.BadZipFile as fout:
        raise _weiger(zip_pad, f"het is geen geldig of een beschadigd zip-bestand ({fout})") from fout
    except (OSError, EOFError, zlib.error) as fout:
        raise _weiger(zip_pad, f"het bestand is afgekapt of beschadigd ({fout})") from fout
    return manifest


def pak_uit(zip_pad: Path, map_: Path | None = None) -> dict:
    """Restore a snapshot into the cache, provenance intact. Everything is checked before anything is replaced.

    Each table folder is replaced atomically; tables in the cache that are not in the snapshot stay.
    """
    zip_pad = Path(zip_pad)
    manifest = controleer_zip(zip_pad)
    wortel = basis(map_)
    wortel.mkdir(parents=True, exist_ok=True)
    uitpakmap = Path(tempfile.mkdtemp(prefix=".uitpak-", dir=wortel))
    try:
        with zipfile.ZipFile(zip_pad) as archief:
            for naam in sorted(manifest["bestanden"]):
                doel = paden.binnen(uitpakmap, *PurePosixPath(naam).parts)
                doel.parent.mkdir(parents=True, exist_ok=True)
                with archief.open(naam) as bron, open(doel, "wb") as uit:
                    shutil.copyfileobj(bron, uit)
        eenheden = []  # folders that are replaced as a whole: <bron>/<tabel_id> and <bron>/afgeleid/<naam>/<thema>
        for bron in BRONNEN:
            for tabel in sorted((uitpakmap / bron).glob("*")) if (uitpakmap / bron).is_dir() else []:
                if tabel.name == AFGELEID:
                    eenheden += sorted(p for p in tabel.glob("*/*") if p.is_dir())
                    continue
                record = json.loads((tabel / HERKOMST_BESTAND).read_text(encoding="utf-8")) if (
                    tabel / HERKOMST_BESTAND).is_file() else None
                if record is None:
                    raise _weiger(zip_pad, f"tabel {bron}/{tabel.name} heeft geen herkomst.json")
                controleer_map(tabel, tabel.name, record)
                eenheden.append(tabel)
        for eenheid in eenheden:
            relatief = eenheid.relative_to(uitpakmap)
            doel = paden.binnen(wortel, *relatief.parts)

            def verplaats(tijdelijk: Path, eenheid=eenheid) -> None:
                for pad in eenheid.iterdir():
                    os.replace(pad, tijdelijk / pad.name)

            schrijf_map_atomair(doel, verplaats)
    except CacheFout as fout:
        if isinstance(fout, MomentopnameFout):
            raise
        raise _weiger(zip_pad, str(fout)) from fout
    finally:
        shutil.rmtree(uitpakmap, ignore_errors=True)
    return manifest
