"""Data access for notebooks and analysis (contract C3): one object per data source, always through the cache.

    bron = open_bron("demo", peiljaar=2023)   # synthetic demo data, works offline (the default everywhere)
    bron = open_bron("cbs", peiljaar=2023)    # CBS open data: the cache first, a download only when needed
    bron = open_bron("momentopname", momentopname="cache.zip")   # read-only from a snapshot

    bron.beschrijving                   # a Dutch sentence: which source, and whether the figures are synthetic
    bron.tabel("banen")                 # CbsTabel (contract C2)
    bron.regio_indeling(2024)           # gemeente -> arbeidsmarktregio for that year
    bron.per_regio("banen")             # the 35 arbeidsmarktregio's plus Nederland, in the peiljaar's territory
    bron.bereid_voor()                  # every registered table once, plus every per_regio frame
    bron.duo("mbo_instroom")            # a DUO open data file (register section 'duo'), tidy, with provenance

Every table is fetched (or generated) once, and only the slice the workbook uses (:class:`werkboek.odata.Plak`):
the register's categories, the region levels, the gemeenten of the classifications in the register and the
years from ``eerste_jaar``; the same slice for 1 region as for 35. A cached slice that no longer covers what
the workbook needs is fetched again.

Gemeente-level themes are summed to arbeidsmarktregio's in ONE territory per series: that of the peiljaar's
classification, for every year (:mod:`werkboek.indeling`). Sums keep count of the gemeente cells that were
missing (``<onderwerp>_onderdrukt``); a sum of only missing cells stays missing. Nederland comes from the
published national rows, never from a sum. Themes published per arbeidsmarktregio use one edition for the
whole series: the one whose classification is nearest to the peiljaar and that has the peiljaar.

Why one module of this size: the one data-source object (cache, slices, provenance, regional sums, snapshot
read-only rules) keeps its invariants in one class; the kinds of source are in :mod:`werkboek.bronsoorten`, the
download in :mod:`werkboek.cbs_download`, DUO in :mod:`werkboek.duo_bron`.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from werkboek import __version__, cache, cbs, cbs_download, demo, indeling, metadata, odata, paden
from werkboek.bronsoorten import BRONSOORTEN
from werkboek.fouten import ParameterFout, WerkboekFout, waarschuw
from werkboek.regios import alle_regios
from werkboek.register import Register, Tabeluitgave, Thema, standaard_register
from werkboek.verbinding import Verbindingsinstellingen, lees_instellingen

if TYPE_CHECKING:  # pragma: no cover
    from werkboek.duo import DuoTabel
    from werkboek.duo_bron import DuoBron

BRONNEN = tuple(BRONSOORTEN)
STANDAARD_BRON = "demo"
AFGELEID_VERSIE = 3  # raise when the per_regio computation changes, so cached frames are rebuilt
OMGEVING_MOMENTOPNAME = "WERKBOEK_MOMENTOPNAME"
ZONDER_INTERNET = (
    "Zonder internet kunt u verder met de demodata (bron 'demo', open_bron('demo')) of met een momentopname van een "
    "computer met internet ('werkboek data uitpak <zip>' en bron 'momentopname')."
)
JAAR_THEMAS = ("banen", "beroepsbevolking")  # the peiljaar must have figures on both sides of the labour market


class BronFout(WerkboekFout):
    """A data source cannot deliver a table (no network and no cache, not in the snapshot, ...)."""


def open_bron(
    naam: str = STANDAARD_BRON,
    momentopname: str | Path | None = None,
    *,
    ververs: bool = False,
    instellingen: Verbindingsinstellingen | None = None,
    register: Register | None = None,
    peiljaar: int | None = None,
) -> DataBron:
    """Open a data source: 'demo' (default, offline), 'cbs' (cache first, then download) or 'momentopname'.

    ``peiljaar`` sets the territory of every regional series (its classification) and the edition of tables
    published per region; without it the latest classification in the register is used.
    ``ververs=True`` fetches or generates each table again once (a failed download keeps the cached copy).
    ``momentopname`` (or the environment variable WERKBOEK_MOMENTOPNAME) is a snapshot zip or a folder with the
    cache layout; without either, 'momentopname' reads the snapshot restored with 'werkboek data uitpak'.
    """
    naam = str(naam).strip().lower()
    if naam not in BRONNEN:
        raise ParameterFout(f"Onbekende databron '{naam}'. Kies uit: {', '.join(BRONNEN)} (standaard: demo).")
    register = register or standaard_register()
    if BRONSOORTEN[naam].alleen_lezen:
        pad = momentopname or os.environ.get(OMGEVING_MOMENTOPNAME) or None
        return DataBron(naam, _momentopname_map(Path(pad)) if pad else paden.cache_dir(), register,
                        momentopname=Path(pad) if pad else None, peiljaar=peiljaar)
    return DataBron(naam, paden.cache_dir(), register, ververs=ververs, instellingen=instellingen, peiljaar=peiljaar)


def _momentopname_map(pad: Path) -> Path:
    """The folder to read a snapshot from: the folder itself, or a zip unpacked once under the cache."""
    if pad.is_dir():
        return pad
    if not pad.is_file():
        raise BronFout(
            f"De momentopname {pad} bestaat niet. Geef het pad van een zip-bestand van 'werkboek data pak' of van "
            f"een map met een uitgepakte cache (argument momentopname= of {OMGEVING_MOMENTOPNAME})."
        )
    with open(pad, "rb") as bestand:
        vingerafdruk = hashlib.file_digest(bestand, "sha256").hexdigest()[:12]
    doel = paden.binnen(paden.cache_dir(), "momentopnamen", f"{pad.stem}-{vingerafdruk}")
    if not (doel / "klaar").is_file():
        cache.pak_uit(pad, doel)
        (doel / "klaar").write_text(str(pad), encoding="utf-8")
    return doel


def _sleutel(inhoud: Any) -> str:
    return hashlib.sha256(json.dumps(inhoud, sort_keys=True, default=str).encode()).hexdigest()[:16]


class DataBron:
    """One data source for the notebooks; see :func:`open_bron`."""

    def __init__(
        self,
        naam: str,
        map_: Path,
        register: Register,
        *,
        ververs: bool = False,
        instellingen: Verbindingsinstellingen | None = None,
        momentopname: Path | None = None,
        peiljaar: int | None = None,
    ) -> None:
        self.naam = naam
        self.soort = BRONSOORTEN[naam]
        self.map = Path(map_)
        self.register = register
        self.ververs = ververs
        self._instellingen = instellingen
        self.momentopname = momentopname
        self.alleen_lezen = self.soort.alleen_lezen
        self.peiljaar = int(peiljaar) if peiljaar is not None else None
        self._records: dict[str, dict] = {}
        self._tabellen: dict[str, cbs.CbsTabel] = {}
        self._indelingen: dict[int, pd.DataFrame] = {}
        self._territoria: dict[int, indeling.Territorium] = {}
        self._gemeenten: set[str] | None = None
        self._per_regio: dict[tuple[str, int], pd.DataFrame] = {}
        self._onbereikbaar: str | None = None  # the table whose download found CBS unreachable

    # -- description -------------------------------------------------------------------------------------
    @property
    def is_demo(self) -> bool:
        return self.soort.is_demo(self)

    @property
    def beschrijving(self) -> str:
        return self.soort.beschrijving(self)

    @property
    def duo_host(self) -> str:
        return self._duo.instellingen.duo_host

    def __repr__(self) -> str:
        return f"DataBron({self.naam!r}, map={str(self.map)!r}, peiljaar={self.peiljaar!r})"

    @property
    def instellingen(self) -> Verbindingsinstellingen:
        if self._instellingen is None:
            self._instellingen = lees_instellingen()
        return self._instellingen

    def heeft_tabel(self, bron: str, tabel_id: str) -> bool:
        """Whether the cache folder ``bron`` (demo or cbs) holds table ``tabel_id``."""
        return cache.lees_herkomst(bron, tabel_id, self.map) is not None

    def cachebronnen(self) -> set[str]:
        """The source folders of the cache that hold tables (for a snapshot: demo, cbs or both)."""
        return {b for b in cache.BRONNEN if (self.map / b).is_dir() and any(
            p.is_dir() and p.name != cache.AFGELEID and not p.name.startswith(".") for p in (self.map / b).iterdir())}

    # -- raw tables --------------------------------------------------------------------------------------
    def _cache_bron(self, tabel_id: str | None = None) -> str:
        return self.soort.cache_bron(self, tabel_id)

    def _gemeente_thema(self, thema: Thema) -> bool:
        return thema.niveau == "gemeente" and thema.naam != "regio_indeling"

    def _behoefte_sleutel(self, thema: Thema) -> str:
        """What the slice of a table depends on besides the table itself: the register, and for gemeente-level
        themes the classifications (their gemeenten decide which region rows are fetched)."""
        inhoud: dict[str, Any] = {"register": self.register.vingerafdruk}
        if self._gemeente_thema(thema):
            indeling_thema = self.register.thema("regio_indeling")
            inhoud["indelingen"] = [[u.id, self._zorg_voor(indeling_thema, u, ververs=False).get("opgehaald")]
                                    for u in indeling_thema.tabellen]
        return _sleutel(inhoud)

    def _gemeenten_nodig(self) -> set[str]:
        """Every gemeente code in the classifications from the register's first year: the gemeente rows fetched."""
        if self._gemeenten is None:
            codes: set[str] = set()
            for jaar in self._indelingsjaren():
                if jaar >= self.register.eerste_jaar:
                    codes |= set(self._indeling(jaar)["gemeente"])
            self._gemeenten = codes
        return self._gemeenten

    def _plak(self, thema: Thema, meta: dict) -> odata.Plak:
        """The slice of a table that the workbook needs for ``thema``, from the table's own metadata."""
        resolutie = metadata.los_op(meta, thema)
        gemeenten = self._gemeenten_nodig() if self._gemeente_thema(thema) else None
        return odata.maak_plak(resolutie, thema, self.register.eerste_jaar, gemeenten)

    def _herkomst_record(self, thema: Thema, uitgave: Tabeluitgave, delen: dict, *, demo_: bool, opgehaald: str,
                         bron_url: str, plak: odata.Plak | None, filters: list) -> dict[str, Any]:
        info = (delen.get("TableInfos") or [{}])[0]
        return {
            "tabel_id": uitgave.id,
            "titel": info.get("Title", thema.titel),
            "gewijzigd": info.get("Modified", ""),
            "opgehaald": opgehaald,
            "bron_url": bron_url,
            "licentie": "synthetisch (geen CBS-cijfers)" if demo_ else cbs.LICENTIE,
            "demo": demo_,
            "thema": thema.naam,
            "indeling": uitgave.indeling,
            "gecontroleerd": uitgave.gecontroleerd,
            "register_vingerafdruk": self.register.vingerafdruk,
            "behoefte": self._behoefte_sleutel(thema),
            "plak": plak.beschrijving() if plak is not None else None,
            "plak_samenvatting": plak.samenvatting() if plak is not None else "hele tabel",
            "filters": filters,
            "tabel_rijen": info.get("RecordCount"),
            "werkboek_versie": __version__,
        }

    def _haal_op(self, thema: Thema, uitgave: Tabeluitgave) -> dict:
        """Generate (demo) or download (cbs) the slice of a table and store it in the cache; returns its provenance."""
        if self.soort.synthetisch:
            brontabel = demo.brontabel(uitgave.id)
            plak = self._plak(thema, brontabel.metadata)
            delen = {**brontabel.metadata, odata.DATA_DEEL: brontabel.rijen(plak.keuzes, plak.onderwerpen)}
            cbs.lees_tabel(delen, thema, indeling=uitgave.indeling, demo=True)
            record = self._herkomst_record(thema, uitgave, delen, demo_=True, opgehaald=cbs.nu_iso(),
                                           bron_url="werkboek.demo (synthetisch, gemaakt door het werkboek)",
                                           plak=plak, filters=plak.filters())
            return cache.schrijf_tabel("demo", uitgave.id, delen, record, self.map)
        if self._gemeente_thema(thema):
            # The classifications first (they say which gemeenten to ask for): never a download inside another.
            try:
                self._gemeenten_nodig()
            except WerkboekFout as fout:
                raise BronFout(
                    f"Tabel {uitgave.id} (thema '{thema.naam}') kan niet worden opgehaald: het werkboek heeft eerst de "
                    f"regio-indelingen nodig om te weten welke gemeenten het moet opvragen, en dat lukte niet.\n{fout}"
                ) from fout
        download = cbs_download.download_delen(uitgave.id, self.instellingen, lambda meta: self._plak(thema, meta))
        # Parse before the download replaces anything: a table whose layout changed must not overwrite the good
        # copy in the cache (MetadataFout names the table, what was looked for and what was there).
        cbs.lees_tabel(download.delen, thema, indeling=uitgave.indeling)
        # A mirror or test server may serve the demo generator's tables: those stay marked synthetic.
        record = self._herkomst_record(thema, uitgave, download.delen, demo_=demo.is_demotabel(download.delen),
                                       opgehaald=download.opgehaald,
                                       bron_url=download.bron_url, plak=download.plak, filters=download.filters)
        return cache.schrijf_tabel("cbs", uitgave.id, download.delen, record, self.map)

    def _dekt(self, thema: Thema, uitgave: Tabeluitgave, record: dict) -> bool:
        """Whether the cached slice still covers what the workbook needs (cheap when nothing it depends on changed)."""
        if record.get("behoefte") == self._behoefte_sleutel(thema):
            return True
        meta = cache.lees_metadata(self._cache_bron(uitgave.id), uitgave.id, self.map)
        try:
            gewenst = self._plak(thema, meta)
        except metadata.MetadataFout:
            return False
        return odata.plak_dekt(record.get("plak"), gewenst)

    def _zorg_voor(self, thema: Thema, uitgave: Tabeluitgave, *, opnieuw: bool = False,
                   ververs: bool | None = None) -> dict:
        """Make sure a table is in the cache (fetching it once when needed); returns its provenance record.

        ``ververs`` (default: the source's setting) fetches the table again even when it is cached; a table that
        another one depends on (the classifications) is looked up with ``ververs=False``, so refreshing one table
        does not refresh the tables behind it.
        """
        ververs = self.ververs if ververs is None else ververs
        if uitgave.id in self._records and not opnieuw:
            return self._records[uitgave.id]
        bron = self._cache_bron(uitgave.id)
        try:
            record = cache.lees_herkomst(bron, uitgave.id, self.map)
        except cache.CacheFout as fout:
            if self.alleen_lezen:
                raise
            waarschuw(f"{fout} Het werkboek haalt de tabel daarom opnieuw op.")
            record, opnieuw = None, True
        if record is not None and record.get("register_vingerafdruk") != self.register.vingerafdruk:
            opnieuw = self._ouder_register(uitgave.id, record) or opnieuw
        elif record is not None and not opnieuw and not ververs and not self._dekt(thema, uitgave, record):
            if self.alleen_lezen:
                waarschuw(
                    f"Tabel {uitgave.id} in de momentopname {self.momentopname or self.map} bevat niet alle categorieën, "
                    "gemeenten of jaren die het werkboek nu gebruikt; wat ontbreekt, blijft leeg. Maak een nieuwe "
                    "momentopname ('werkboek data voorbereiden --bron cbs' en 'werkboek data pak')."
                )
            else:
                waarschuw(
                    f"Het opgeslagen deel van tabel {uitgave.id} ({record.get('plak_samenvatting')}) dekt niet meer "
                    "wat het werkboek nodig heeft (andere categorieën, gemeenten of jaren); het werkboek haalt het "
                    "opnieuw op."
                )
                opnieuw = True
        if self.alleen_lezen:
            if record is None:
                raise BronFout(
                    f"Tabel {uitgave.id} (thema '{thema.naam}') staat niet in de momentopname {self.momentopname or self.map}. "
                    "Maak op een computer met internet een nieuwe momentopname met 'werkboek data voorbereiden "
                    "--bron cbs' en 'werkboek data pak <zip>', of kies de bron 'demo'."
                )
        elif record is None or opnieuw or ververs:
            record = self._vernieuw(thema, uitgave, record)
        self._records[uitgave.id] = record
        return record

    def _ouder_register(self, tabel_id: str, record: dict) -> bool:
        """A cached table made under another version of data/tabellen.yaml: say so; True when it is fetched again.

        A snapshot is read-only, so its copy is used as it is (with the warning); otherwise the table is fetched
        or generated again, and a failed download falls back to the copy in the cache.
        """
        if self.alleen_lezen:
            waarschuw(
                f"Tabel {tabel_id} in de momentopname {self.momentopname or self.map} is gemaakt met een andere versie "
                "van het tabellenregister (data/tabellen.yaml). Het werkboek gebruikt haar zoals ze is; maak een "
                "nieuwe momentopname ('werkboek data pak') als een onderwerp ontbreekt."
            )
            return False
        waarschuw(
            f"Tabel {tabel_id} in de cache ({self.map}) is gemaakt met een andere versie van het tabellenregister "
            "(data/tabellen.yaml). Het werkboek haalt de tabel daarom opnieuw op."
        )
        return True

    def _vernieuw(self, thema: Thema, uitgave: Tabeluitgave, oud: dict | None) -> dict:
        try:
            if self._onbereikbaar is not None:
                # Without network every table would wait out its own retries; say it once and move on.
                raise cbs.DownloadFout(
                    f"Het downloaden van CBS-tabel {uitgave.id} is niet geprobeerd: {self.instellingen.host} was "
                    f"eerder in deze sessie niet bereikbaar (zie tabel {self._onbereikbaar}). {cbs_download.UITWEG}"
                )
            return self._haal_op(thema, uitgave)
        except (cbs.DownloadFout, metadata.MetadataFout) as fout:
            if isinstance(fout, cbs.VerbindingsFout):
                self._onbereikbaar = uitgave.id
            if oud is not None:
                waarschuw(
                    f"{fout}\nHet werkboek gebruikt daarom de eerder opgehaalde kopie van tabel {uitgave.id} uit de "
                    f"cache (opgehaald {oud.get('opgehaald')}, CBS-versie van {oud.get('gewijzigd')})."
                )
                return oud
            if isinstance(fout, metadata.MetadataFout):
                raise  # the table was reachable; its message names the register entry to change
            raise BronFout(
                f"{fout}\nEr staat ook geen kopie van tabel {uitgave.id} in de cache ({self.map}). {ZONDER_INTERNET}"
            ) from fout

    def tabel(self, thema: str, indeling_: int | None = None, *, ververs: bool | None = None) -> cbs.CbsTabel:
        """The parsed table of a theme (for a classification year), through the cache: one download per table."""
        thema_obj = self.register.thema(thema)
        uitgave = thema_obj.uitgave(indeling_)
        if uitgave.id in self._tabellen:
            return self._tabellen[uitgave.id]
        record = self._zorg_voor(thema_obj, uitgave, ververs=ververs)
        try:
            gelezen = cache.lees_tabel(self._cache_bron(uitgave.id), uitgave.id, self.map)
        except cache.CacheFout as fout:
            if self.alleen_lezen:
                raise
            waarschuw(f"{fout} Het werkboek haalt de tabel daarom opnieuw op.")
            record = self._zorg_voor(thema_obj, uitgave, opnieuw=True)
            gelezen = cache.lees_tabel(self._cache_bron(uitgave.id), uitgave.id, self.map)
        if gelezen is None:
            raise BronFout(f"Tabel {uitgave.id} is uit de cache verdwenen tijdens het lezen; probeer het opnieuw.")
        delen, record = gelezen
        tabel = cbs.lees_tabel(
            delen, thema_obj, indeling=uitgave.indeling, gecontroleerd=uitgave.gecontroleerd,
            demo=bool(record.get("demo")), opgehaald=record.get("opgehaald"), bron_url=record.get("bron_url", ""),
        )
        self._tabellen[uitgave.id] = tabel
        return tabel

    def herkomst(self, thema: str, indeling_: int | None = None) -> cbs.Herkomst:
        """The provenance of a theme's table from its cache record (fetched once when needed), without parsing."""
        thema_obj = self.register.thema(thema)
        uitgave = thema_obj.uitgave(indeling_)
        record = self._zorg_voor(thema_obj, uitgave)
        return cbs.Herkomst(thema=thema, tabel_id=uitgave.id, titel=str(record.get("titel", thema_obj.titel)),
                            gewijzigd=str(record.get("gewijzigd", "")), opgehaald=str(record.get("opgehaald", "")),
                            bron_url=str(record.get("bron_url", "")), rijen=int(record.get("rijen") or 0),
                            demo=bool(record.get("demo")), indeling=uitgave.indeling,
                            gecontroleerd=uitgave.gecontroleerd)

    # -- classification ----------------------------------------------------------------------------------
    def _indelingsjaren(self) -> list[int]:
        return sorted(u.indeling for u in self.register.thema("regio_indeling").tabellen if u.indeling is not None)

    def _indeling(self, jaar: int) -> pd.DataFrame:
        gekozen = min(self._indelingsjaren(), key=lambda j: (abs(j - int(jaar)), j))
        if gekozen not in self._indelingen:
            frame = indeling.indeling_uit_tabel(self.tabel("regio_indeling", gekozen, ververs=False))
            frame.attrs["indeling"] = gekozen
            self._indelingen[gekozen] = frame
        return self._indelingen[gekozen]

    def regio_indeling(self, jaar: int) -> pd.DataFrame:
        """gemeente -> arbeidsmarktregio for a year (columns gemeente, gemeentenaam, regio, regio_naam).

        When the year has no registered classification the nearest one is used, with a Dutch warning and
        ``attrs["opmerking"]``.
        """
        frame = self._indeling(jaar).copy()
        frame.attrs = dict(self._indeling(jaar).attrs)
        if frame.attrs["indeling"] != int(jaar):
            opmerking = (f"Voor {jaar} staat geen regio-indeling in het register; het werkboek gebruikt die van "
                         f"{frame.attrs['indeling']}. Voeg de tabel 'Gebieden in Nederland {jaar}' toe aan "
                         "data/tabellen.yaml om dit op te heffen.")
            frame.attrs["opmerking"] = opmerking
            waarschuw(opmerking)
        return frame

    def _peiljaar(self, peiljaar: int | None) -> int:
        if peiljaar is not None:
            return int(peiljaar)
        return self.peiljaar if self.peiljaar is not None else max(self._indelingsjaren())

    def territorium(self, peiljaar: int | None = None) -> indeling.Territorium:
        """The territory of the peiljaar's classification, with every gemeente code of the register's
        classifications placed in it (:func:`werkboek.indeling.territorium`)."""
        peiljaar = self._peiljaar(peiljaar)
        if peiljaar not in self._territoria:
            indelingen = {jaar: self._indeling(jaar) for jaar in self._indelingsjaren()}
            self._territoria[peiljaar] = indeling.territorium(indelingen, peiljaar, {r.code for r in alle_regios()})
        return self._territoria[peiljaar]

    # -- per region --------------------------------------------------------------------------------------
    def _reeksuitgave(self, thema: Thema, peiljaar: int) -> Tabeluitgave:
        """For a theme published per region in editions: the edition nearest to the peiljaar that has it."""
        if len(thema.tabellen) == 1 or self._gemeente_thema(thema):
            return thema.uitgave(None if self._gemeente_thema(thema) else peiljaar)
        volgorde = sorted(thema.tabellen, key=lambda u: (abs((u.indeling or 0) - peiljaar), -(u.indeling or 0)))
        for uitgave in volgorde:
            jaren = self.tabel(thema.naam, uitgave.indeling).data["jaar"].dropna()
            if len(jaren) and peiljaar in set(int(j) for j in jaren):
                return uitgave
        return volgorde[0]

    def _afgeleid_sleutel(self, thema: Thema, uitgave: Tabeluitgave, peiljaar: int) -> str:
        onderdelen = [self._zorg_voor(thema, uitgave)]
        if self._gemeente_thema(thema):
            indeling_thema = self.register.thema("regio_indeling")
            onderdelen += [self._zorg_voor(indeling_thema, u, ververs=False) for u in indeling_thema.tabellen]
        return _sleutel({
            "versie": AFGELEID_VERSIE,
            "bron": self._cache_bron(uitgave.id),  # the folder, so a snapshot's frames serve 'momentopname' too
            "register": self.register.vingerafdruk,
            "peiljaar": peiljaar,
            "tabellen": [[r.get("tabel_id"), r.get("gewijzigd"), r.get("opgehaald"), r.get("bestanden", {}).get(
                cache.DATA_BESTAND, {}).get("sha256")] for r in onderdelen],
        })

    def per_regio(self, thema: str, peiljaar: int | None = None) -> pd.DataFrame:
        """A theme at arbeidsmarktregio level plus Nederland (contract C3), in the territory of the peiljaar's
        classification; cached on disk per table vintage and peiljaar."""
        peiljaar = self._peiljaar(peiljaar)
        if (thema, peiljaar) in self._per_regio:
            return self._per_regio[(thema, peiljaar)]
        if thema == "regio_indeling":
            raise ParameterFout("Voor de regio-indeling zelf gebruikt u regio_indeling(jaar), niet per_regio.")
        if thema in self.register.duo_themas:  # DUO files summed to regions (section 'duo_themas')
            frame = self._duo.per_regio(self.register.duo_themas[thema], peiljaar)
            self._per_regio[(thema, peiljaar)] = frame
            return frame
        thema_obj = self.register.thema(thema)
        uitgave = self._reeksuitgave(thema_obj, peiljaar)
        sleutel = self._afgeleid_sleutel(thema_obj, uitgave, peiljaar)
        cache_bron = self._cache_bron(uitgave.id)
        vak = f"{thema}-{peiljaar}"  # one folder per theme and territory: several peiljaren can be cached side by side
        gevonden = cache.lees_afgeleid(cache_bron, "per_regio", vak, sleutel, self.map)
        if gevonden is not None:
            frame, meta = gevonden
            frame.attrs["herkomst"] = cbs.Herkomst(**meta["herkomst"])
            frame.attrs["indeling"] = meta.get("indeling")
            frame.attrs["opmerkingen"] = list(meta.get("opmerkingen", []))
        else:
            frame = self._bereken_per_regio(thema_obj, uitgave, peiljaar)
            if not self.alleen_lezen:
                meta = {"herkomst": frame.attrs["herkomst"].als_dict(), "indeling": frame.attrs["indeling"],
                        "opmerkingen": frame.attrs["opmerkingen"]}
                cache.schrijf_afgeleid(cache_bron, "per_regio", vak, sleutel, frame, meta, self.map)
        # The notes (territory, edition) are data caveats: they travel with the frame for the notebooks' data
        # check and are printed once by bereid_voor(), not warned on every read.
        self._per_regio[(thema, peiljaar)] = frame
        return frame

    def _bereken_per_regio(self, thema: Thema, uitgave: Tabeluitgave, peiljaar: int) -> pd.DataFrame:
        tabel = self.tabel(thema.naam, uitgave.indeling)
        data = tabel.data.copy()
        onderwerpen = list(tabel.onderwerpen)
        sleutels = ["jaar", "periode", "voorlopig"]
        if "periode_titel" in data.columns:
            data["periode"] = data["periode_titel"].str.rstrip("*").str.strip()
        else:
            data["periode"], data["jaar"], data["voorlopig"] = pd.NA, pd.array([pd.NA] * len(data), "Int64"), False
        for naam in thema.dimensies:
            if naam in ("regio", "periode"):
                continue
            data[naam] = data[f"{naam}_categorie"] if naam in thema.categorieen else data[f"{naam}_titel"]
            sleutels.append(naam)
        kolommen = ["regio", "regio_naam", *sleutels, *onderwerpen]
        namen = {r.code: r.naam for r in alle_regios()}  # the registry's names, the same in every theme
        opmerkingen = list(tabel.resolutie.ontbrekend) if tabel.resolutie else []
        if "regio" not in thema.dimensies:  # a national table without a region dimension
            data["regio"], data["regio_niveau"] = "NL", "NL"
        nederland = data[data["regio_niveau"] == "NL"].assign(regio="NL", regio_naam="Nederland")[kolommen]
        gebruikte_indeling: int | None = None
        if self._gemeente_thema(thema):
            gebied = self.territorium(peiljaar)
            gebruikte_indeling = gebied.indeling
            gemeenten = data[data["regio_niveau"] == "GM"].rename(columns={"regio": "gemeente"})
            gemeenten = gemeenten[gemeenten["jaar"].notna()]
            buiten = gemeenten[~gemeenten["gemeente"].isin(gebied.toewijzing["gemeente"])]
            buiten = buiten[buiten[onderwerpen].notna().any(axis=1)]
            regios = indeling.tel_op_per_regio(gemeenten, gebied.toewijzing, onderwerpen, sleutels, thema.afronding)
            regios["regio_naam"] = regios["regio"].map(namen).fillna(regios["regio_naam"])
            if thema.afronding:  # the national figure is one rounded cell, not a sum
                for onderwerp in onderwerpen:
                    nederland[f"{onderwerp}_afrondingsmarge"] = nederland[onderwerp].notna() * (thema.afronding / 2)
            frame = pd.concat([regios, nederland], ignore_index=True)
            opmerkingen.append(gebied.opmerking())
            if len(buiten):
                opmerkingen.append(
                    f"{thema.naam}: {buiten['gemeente'].nunique()} gemeentecode(s) met cijfers staan in geen enkele "
                    f"regio-indeling van het register ({', '.join(sorted(buiten['gemeente'].unique())[:5])}); zij "
                    "tellen niet mee in een regio. Voeg de 'Gebieden in Nederland'-tabel van hun jaar toe aan "
                    "data/tabellen.yaml."
                )
            for onderwerp in onderwerpen:
                frame[f"{onderwerp}_onderdrukt"] = frame[f"{onderwerp}_onderdrukt"].astype("Int64")
        elif thema.niveau == "arbeidsmarktregio":
            gebruikte_indeling = uitgave.indeling
            regios = data[data["regio_niveau"] == "AM"].copy()
            geldig = set(namen)
            regios["regio"] = regios["regio"].map(lambda c: indeling.actuele_code(str(c), geldig))
            regios = regios[regios["regio"].isin(geldig)]
            regios = regios.assign(regio_naam=regios["regio"].map(namen))[kolommen]
            frame = pd.concat([regios, nederland], ignore_index=True)
            opmerkingen.append(
                f"{thema.naam}: tabel {uitgave.id}, gepubliceerd per arbeidsmarktregio in de regio-indeling "
                f"{uitgave.indeling}; alle jaren van de reeks komen uit deze ene uitgave."
                + ("" if uitgave.indeling == peiljaar else f" Voor het peiljaar {peiljaar} is geen uitgave in "
                   f"die indeling in het register; de gebieden kunnen iets afwijken van de indeling {peiljaar}.")
            )
        else:
            frame = nederland.reset_index(drop=True)
        if thema.afronding:
            # A category the register builds as a sum of rounded categories carries the rounding of each part.
            for dimensie, specs in thema.categorieen.items():
                delen = {naam: len(spec.som_van) for naam, spec in specs.items() if spec.som_van}
                if delen and dimensie in frame.columns:
                    factor = frame[dimensie].map(delen).fillna(1).astype(float)
                    for onderwerp in onderwerpen:
                        frame[f"{onderwerp}_afrondingsmarge"] = frame[f"{onderwerp}_afrondingsmarge"] * factor
        frame["jaar"] = frame["jaar"].astype("Int64")
        frame["voorlopig"] = frame["voorlopig"].astype(bool)
        for onderwerp in onderwerpen:
            if frame[onderwerp].dtype == object:
                frame[onderwerp] = pd.to_numeric(frame[onderwerp], errors="coerce")
        frame = frame.sort_values(["regio", *sleutels], kind="stable").reset_index(drop=True)
        frame.attrs["herkomst"] = tabel.herkomst
        frame.attrs["indeling"] = gebruikte_indeling
        frame.attrs["opmerkingen"] = opmerkingen
        return frame

    # -- which years the data holds -----------------------------------------------------------------------
    def beschikbare_jaren(self, peiljaar: int | None = None) -> list[int]:
        """The years with figures in every theme of :data:`JAAR_THEMAS` (both sides of the labour market).

        The range check in :func:`werkboek.parameters.valideer_parameters` cannot know what a source holds; this
        is the check against the data itself (for CBS: the tables as they are in the cache or were downloaded). It
        reads the tables, not the per-region frames, so checking a year writes nothing for it.
        """
        peiljaar = self._peiljaar(peiljaar)
        jaren: set[int] | None = None
        for thema in JAAR_THEMAS:
            if thema not in self.register.themas:
                continue
            thema_obj = self.register.thema(thema)
            uitgave = self._reeksuitgave(thema_obj, peiljaar)
            data = self.tabel(thema, uitgave.indeling).data
            gevonden = {int(j) for j in data["jaar"].dropna().unique()}
            jaren = gevonden if jaren is None else jaren & gevonden
        return sorted(jaren or ())

    def controleer_jaar(self, jaar: int) -> int:
        """Return ``jaar`` when the source has figures for it; else a :class:`ParameterFout` with the valid years."""
        jaren = self.beschikbare_jaren(int(jaar))
        if int(jaar) not in jaren:
            bereik = f"{jaren[0]} tot en met {jaren[-1]}" if jaren else "geen enkel jaar"
            raise ParameterFout(
                f"Parameter 'jaar' = {jaar} zit niet in de data van bron '{self.naam}' (thema's "
                f"{', '.join(JAAR_THEMAS)}): beschikbaar is {bereik}. Kies een jaar uit dat bereik, of kies een "
                "andere databron (demo, cbs of momentopname)."
            )
        return int(jaar)

    # -- DUO ---------------------------------------------------------------------------------------------------
    # DUO open onderwijsdata (register section 'duo') through the same cache, settings and fault handling as the
    # CBS tables; the logic is in werkboek.duo_bron (this module is long enough), the client in werkboek.duo.
    @property
    def _duo(self) -> DuoBron:
        if getattr(self, "_duo_bron", None) is None:
            from werkboek.duo_bron import DuoBron  # local: werkboek.duo_bron imports this module

            self._duo_bron = DuoBron(self)
        return self._duo_bron

    def duo(self, naam: str) -> DuoTabel:
        """A kind of DUO file of the register's section 'duo' as a :class:`werkboek.duo.DuoTabel`: a tidy frame
        (``data``: jaar, niveau, ..., aantal_min, aantal_max, gemaskeerd; with ``gemeente``), the provenance of
        every file (``herkomst``), the attribution (``plaats``) and whether it is synthetic (``demo``).

        'demo' makes the files, 'cbs' downloads them from DUO once and then reads the cache, 'momentopname' reads
        the snapshot. Notes (unmatched gemeente names, the main site of an institution) are in ``opmerkingen``
        and ``data.attrs['opmerkingen']``.
        """
        return self._duo.tabel(naam)

    # -- everything at once ------------------------------------------------------------------------------
    def bereid_voor(self, peiljaar: int | None = None) -> list[dict[str, Any]]:
        """Fetch or generate every registered table once and cache every per_regio frame for the peiljaar.

        Returns one row per table (thema, tabel_id, rijen, opgehaald, demo, plak). The classifications come
        first: they decide which gemeenten the other tables are asked for. The DUO files of the register's section
        'duo' are fetched after the tables; their rows (same keys) are in ``duo_overzicht``. A failure in one theme
        or DUO file does not stop the others; at the end a :class:`BronFout` lists every failure.
        """
        overzicht, fouten = [], []
        volgorde = sorted(self.register.alle_uitgaven(), key=lambda tu: tu[0].naam != "regio_indeling")
        for thema, uitgave in volgorde:
            try:
                record = self._zorg_voor(thema, uitgave)
                overzicht.append({"thema": thema.naam, "tabel_id": uitgave.id, "rijen": record.get("rijen"),
                                  "opgehaald": record.get("opgehaald"), "demo": bool(record.get("demo")),
                                  "plak": record.get("plak_samenvatting", "")})
            except WerkboekFout as fout:
                fouten.append(f"- {thema.naam} ({uitgave.id}): {fout}")
        gemeld: set[str] = set()  # the territory note is the same for every gemeente theme: say it once
        for naam in self.register.themas:
            if naam == "regio_indeling":
                continue
            try:
                for opmerking in self.per_regio(naam, peiljaar).attrs.get("opmerkingen", []):
                    if opmerking not in gemeld:
                        gemeld.add(opmerking)
                        waarschuw(opmerking)
            except WerkboekFout as fout:
                fouten.append(f"- {naam} (per regio): {fout}")
        # -- DUO: every file of the register's section 'duo' once; its rows apart, in self.duo_overzicht
        self.duo_overzicht, duo_fouten, duo_opmerkingen = self._duo.bereid_voor()
        fouten += duo_fouten
        for opmerking in duo_opmerkingen:
            if opmerking not in gemeld:
                gemeld.add(opmerking)
                waarschuw(opmerking)
        for naam in self.register.duo_themas:  # the DUO themes per region, cached like the CBS ones
            if not any(naam_b in f for f in duo_fouten for naam_b in self.register.duo_themas[naam].bestanden):
                try:
                    self.per_regio(naam, peiljaar)
                except WerkboekFout as fout:
                    fouten.append(f"- {naam} (per regio): {fout}")
        if fouten:
            # The way out is the same for every table: name it once, after the list of what went wrong per table.
            uitwegen = [zin for zin in (cbs_download.UITWEG, ZONDER_INTERNET) if any(zin in f for f in fouten)]
            for zin in uitwegen:
                fouten = [" ".join(f.replace(zin, "").split()) for f in fouten]
            raise BronFout(
                f"Niet alle tabellen konden worden voorbereid ({len(fouten)} probleem/problemen):\n" + "\n".join(fouten)
                + "".join(f"\n{zin}" for zin in uitwegen)
            )
        return overzicht
