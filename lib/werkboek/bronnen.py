"""Data access for notebooks and analysis (contract C3): one object per data source, always through the cache.

    bron = open_bron("demo")            # synthetic demo data, works offline (the default everywhere)
    bron = open_bron("cbs")             # CBS open data: the cache first, a download only when a table is missing
    bron = open_bron("momentopname", momentopname="cache.zip")   # read-only from a snapshot

    bron.beschrijving                   # a Dutch sentence: which source, and whether the figures are synthetic
    bron.tabel("banen")                 # CbsTabel (contract C2)
    bron.regio_indeling(2024)           # gemeente -> arbeidsmarktregio for that year
    bron.per_regio("banen")             # the 35 arbeidsmarktregio's plus Nederland, cached
    bron.bereid_voor()                  # every registered table once, plus every per_regio frame

Gemeente-level themes are summed to arbeidsmarktregio's with the classification of the same year; where that
year is not in the register the nearest one is used and the frame says so (``attrs["opmerkingen"]``). Sums keep
count of the gemeente cells that were missing (``<onderwerp>_onderdrukt``); a sum of only missing cells stays
missing. Nederland always comes from the published national rows, never from a sum.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from werkboek import cache, cbs, paden
from werkboek.fouten import ParameterFout, WerkboekFout

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from werkboek.register import Register, Tabeluitgave, Thema

BRONNEN = ("demo", "cbs", "momentopname")
STANDAARD_BRON = "demo"
AFGELEID_VERSIE = 1  # raise when the per_regio computation changes, so cached frames are rebuilt
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
    instellingen: cbs.Verbindingsinstellingen | None = None,
    register: Register | None = None,
) -> DataBron:
    """Open a data source: 'demo' (default, offline), 'cbs' (cache first, then download) or 'momentopname'.

    ``ververs=True`` fetches or generates each table again once (a failed download keeps the cached copy).
    ``momentopname`` (or the environment variable WERKBOEK_MOMENTOPNAME) is a snapshot zip or a folder with the
    cache layout; without either, 'momentopname' reads the snapshot restored with 'werkboek data uitpak'.
    """
    from werkboek.register import standaard_register

    naam = str(naam).strip().lower()
    if naam not in BRONNEN:
        raise ParameterFout(f"Onbekende databron '{naam}'. Kies uit: {', '.join(BRONNEN)} (standaard: demo).")
    register = register or standaard_register()
    if naam == "momentopname":
        pad = momentopname or os.environ.get(OMGEVING_MOMENTOPNAME) or None
        return DataBron("momentopname", _momentopname_map(Path(pad)) if pad else paden.cache_dir(), register,
                        momentopname=Path(pad) if pad else None)
    return DataBron(naam, paden.cache_dir(), register, ververs=ververs, instellingen=instellingen)


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


def dichtstbijzijnde(jaar: int, beschikbaar: list[int]) -> int:
    """The nearest available classification year (the earlier one on a tie)."""
    return min(beschikbaar, key=lambda j: (abs(j - jaar), j))


def indeling_uit_tabel(tabel: cbs.CbsTabel) -> pd.DataFrame:
    """gemeente -> arbeidsmarktregio from a parsed 'regio_indeling' table: gemeente, gemeentenaam, regio, regio_naam."""
    data = tabel.data
    gemeenten = data[data["regio_niveau"] == "GM"]
    frame = gemeenten.assign(
        gemeente=gemeenten["regio"],
        gemeentenaam=gemeenten["gemeentenaam"].fillna(gemeenten["regio_titel"]),
        regio=gemeenten["arbeidsmarktregio_code"],
        regio_naam=gemeenten["arbeidsmarktregio_naam"],
    )[["gemeente", "gemeentenaam", "regio", "regio_naam"]]
    frame = frame.dropna(subset=["regio"]).drop_duplicates("gemeente").sort_values("gemeente").reset_index(drop=True)
    frame.attrs["herkomst"] = tabel.herkomst
    return frame


def tel_op_per_regio(
    gemeenten: pd.DataFrame, indelingen: dict[int, pd.DataFrame], onderwerpen: list[str], sleutels: list[str]
) -> pd.DataFrame:
    """Sum gemeente rows to arbeidsmarktregio's, each year through the classification given for that year.

    ``gemeenten`` has a column 'gemeente' (code), 'jaar', the ``sleutels`` to group by and the topic columns.
    Gemeenten that are not in that year's classification are left out. Per topic, ``<topic>_onderdrukt`` counts
    the gemeente cells that were missing; the sum is NaN only when every cell was missing (min_count=1).
    """
    import pandas as pd

    delen = []
    for jaar, groep in gemeenten.groupby("jaar", sort=True):
        indeling = indelingen[int(jaar)][["gemeente", "regio", "regio_naam"]]
        delen.append(groep.merge(indeling, on="gemeente", how="inner"))
    if not delen:
        return pd.DataFrame(columns=["regio", "regio_naam", *sleutels, *onderwerpen])
    samen = pd.concat(delen, ignore_index=True)
    for onderwerp in onderwerpen:
        samen[f"{onderwerp}_onderdrukt"] = samen[onderwerp].isna().astype("int64")
    groepen = samen.groupby(["regio", "regio_naam", *sleutels], dropna=False, sort=True, observed=True)
    sommen = groepen[onderwerpen].sum(min_count=1)
    onderdrukt = groepen[[f"{o}_onderdrukt" for o in onderwerpen]].sum().astype("Int64")
    return pd.concat([sommen, onderdrukt], axis=1).reset_index()


class DataBron:
    """One data source for the notebooks; see :func:`open_bron`."""

    def __init__(
        self,
        naam: str,
        map_: Path,
        register: Register,
        *,
        ververs: bool = False,
        instellingen: cbs.Verbindingsinstellingen | None = None,
        momentopname: Path | None = None,
    ) -> None:
        self.naam = naam
        self.map = Path(map_)
        self.register = register
        self.ververs = ververs
        self._instellingen = instellingen
        self.momentopname = momentopname
        self.alleen_lezen = naam == "momentopname"
        self._records: dict[str, dict] = {}
        self._tabellen: dict[str, cbs.CbsTabel] = {}
        self._indelingen: dict[int, pd.DataFrame] = {}
        self._per_regio: dict[str, pd.DataFrame] = {}
        self._onbereikbaar: str | None = None  # the table whose download found CBS unreachable

    # -- description -------------------------------------------------------------------------------------
    @property
    def is_demo(self) -> bool:
        if self.naam == "demo":
            return True
        if self.naam == "momentopname":
            return self._momentopname_bronnen() == {"demo"}
        return False

    @property
    def beschrijving(self) -> str:
        if self.naam == "demo":
            return (
                "Databron: demodata (synthetisch). Het werkboek maakt deze cijfers zelf naar het model van de "
                "CBS-tabellen; het zijn geen echte cijfers. Gebruik ze om de werkwijze te oefenen, niet voor beleid."
            )
        if self.naam == "cbs":
            return (
                f"Databron: CBS open data (StatLine, CC BY 4.0, Bron: CBS) via {self.instellingen.host}. Elke tabel "
                f"wordt één keer gedownload en daarna uit de cache gelezen ({self.map}); de datum van ophalen staat "
                "bij elke bronregel."
            )
        waar = self.momentopname or self.map
        if self.is_demo:
            return (
                f"Databron: momentopname {waar} (alleen lezen) met demodata (synthetisch): geen echte cijfers."
            )
        return (
            f"Databron: momentopname {waar} (alleen lezen) met CBS open data (CC BY 4.0, Bron: CBS) zoals die "
            "eerder is opgehaald; het werkboek maakt geen verbinding met internet. De datum van ophalen staat bij "
            "elke bronregel."
        )

    def __repr__(self) -> str:
        return f"DataBron({self.naam!r}, map={str(self.map)!r})"

    @property
    def instellingen(self) -> cbs.Verbindingsinstellingen:
        if self._instellingen is None:
            self._instellingen = cbs.lees_instellingen()
        return self._instellingen

    def _momentopname_bronnen(self) -> set[str]:
        return {b for b in cache.BRONNEN if (self.map / b).is_dir() and any(
            p.is_dir() and p.name != cache.AFGELEID and not p.name.startswith(".") for p in (self.map / b).iterdir())}

    # -- raw tables --------------------------------------------------------------------------------------
    def _cache_bron(self, tabel_id: str | None = None) -> str:
        if self.naam == "demo":
            return "demo"
        if self.naam == "cbs":
            return "cbs"
        if tabel_id is not None and cache.lees_herkomst("cbs", tabel_id, self.map) is None and (
            cache.lees_herkomst("demo", tabel_id, self.map) is not None
        ):
            return "demo"
        return "cbs" if "cbs" in self._momentopname_bronnen() or not self._momentopname_bronnen() else "demo"

    def _herkomst_record(self, thema: Thema, uitgave: Tabeluitgave, delen: dict, *, demo: bool, opgehaald: str,
                         bron_url: str) -> dict[str, Any]:
        from werkboek import __version__

        info = (delen.get("TableInfos") or [{}])[0]
        return {
            "tabel_id": uitgave.id,
            "titel": info.get("Title", thema.titel),
            "gewijzigd": info.get("Modified", ""),
            "opgehaald": opgehaald,
            "bron_url": bron_url,
            "licentie": "synthetisch (geen CBS-cijfers)" if demo else cbs.LICENTIE,
            "demo": demo,
            "thema": thema.naam,
            "indeling": uitgave.indeling,
            "gecontroleerd": uitgave.gecontroleerd,
            "register_vingerafdruk": self.register.vingerafdruk,
            "werkboek_versie": __version__,
        }

    def _haal_op(self, thema: Thema, uitgave: Tabeluitgave) -> dict:
        """Generate (demo) or download (cbs) a table and store it in the cache; returns its provenance."""
        if self.naam == "demo":
            from werkboek import demo

            delen = demo.genereer_tabel(uitgave.id)
            record = self._herkomst_record(thema, uitgave, delen, demo=True, opgehaald=cbs.nu_iso(),
                                           bron_url="werkboek.demo (synthetisch, gemaakt door het werkboek)")
            return cache.schrijf_tabel("demo", uitgave.id, delen, record, self.map)
        download = cbs.download_delen(uitgave.id, self.instellingen)
        # Check the layout before the download replaces anything: a table whose topics or dimensions changed must
        # not overwrite the good copy in the cache (OntbrekendOnderwerpFout names the table and the register).
        cbs.lees_tabel(download.delen, thema, indeling=uitgave.indeling)
        record = self._herkomst_record(thema, uitgave, download.delen, demo=False, opgehaald=download.opgehaald,
                                       bron_url=download.bron_url)
        return cache.schrijf_tabel("cbs", uitgave.id, download.delen, record, self.map)

    def _zorg_voor(self, thema: Thema, uitgave: Tabeluitgave, *, opnieuw: bool = False) -> dict:
        """Make sure a table is in the cache (fetching it once when needed); returns its provenance record."""
        if uitgave.id in self._records and not opnieuw:
            return self._records[uitgave.id]
        bron = self._cache_bron(uitgave.id)
        try:
            record = cache.lees_herkomst(bron, uitgave.id, self.map)
        except cache.CacheFout as fout:
            if self.alleen_lezen:
                raise
            cbs.waarschuw(f"{fout} Het werkboek haalt de tabel daarom opnieuw op.")
            record, opnieuw = None, True
        if record is not None and record.get("register_vingerafdruk") != self.register.vingerafdruk:
            opnieuw = self._ouder_register(uitgave.id, record) or opnieuw
        if self.alleen_lezen:
            if record is None:
                raise BronFout(
                    f"Tabel {uitgave.id} (thema '{thema.naam}') staat niet in de momentopname {self.momentopname or self.map}. "
                    "Maak op een computer met internet een nieuwe momentopname met 'werkboek data voorbereiden "
                    "--bron cbs' en 'werkboek data pak <zip>', of kies de bron 'demo'."
                )
        elif record is None or opnieuw or self.ververs:
            record = self._vernieuw(thema, uitgave, record)
        self._records[uitgave.id] = record
        return record

    def _ouder_register(self, tabel_id: str, record: dict) -> bool:
        """A cached table made under another version of data/tabellen.yaml: say so; True when it is fetched again.

        A snapshot is read-only, so its copy is used as it is (with the warning); otherwise the table is fetched
        or generated again, and a failed download falls back to the copy in the cache.
        """
        if self.alleen_lezen:
            cbs.waarschuw(
                f"Tabel {tabel_id} in de momentopname {self.momentopname or self.map} is gemaakt met een andere versie "
                "van het tabellenregister (data/tabellen.yaml). Het werkboek gebruikt haar zoals ze is; maak een "
                "nieuwe momentopname ('werkboek data pak') als een onderwerp ontbreekt."
            )
            return False
        cbs.waarschuw(
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
                    f"eerder in deze sessie niet bereikbaar (zie tabel {self._onbereikbaar}). {cbs.UITWEG}"
                )
            return self._haal_op(thema, uitgave)
        except (cbs.DownloadFout, cbs.OntbrekendOnderwerpFout) as fout:
            if isinstance(fout, cbs.VerbindingsFout):
                self._onbereikbaar = uitgave.id
            if oud is not None:
                cbs.waarschuw(
                    f"{fout}\nHet werkboek gebruikt daarom de eerder opgehaalde kopie van tabel {uitgave.id} uit de "
                    f"cache (opgehaald {oud.get('opgehaald')}, CBS-versie van {oud.get('gewijzigd')})."
                )
                return oud
            if isinstance(fout, cbs.OntbrekendOnderwerpFout):
                raise  # the table was reachable; its message names the register entry to change
            raise BronFout(
                f"{fout}\nEr staat ook geen kopie van tabel {uitgave.id} in de cache ({self.map}). {ZONDER_INTERNET}"
            ) from fout

    def _uitgave(self, thema_naam: str, indeling: int | None = None) -> tuple[Thema, Tabeluitgave]:
        thema = self.register.thema(thema_naam)
        return thema, thema.uitgave(indeling)

    def tabel(self, thema: str, indeling: int | None = None) -> cbs.CbsTabel:
        """The parsed table of a theme (for a classification year), through the cache: one download per table."""
        thema_obj, uitgave = self._uitgave(thema, indeling)
        if uitgave.id in self._tabellen:
            return self._tabellen[uitgave.id]
        record = self._zorg_voor(thema_obj, uitgave)
        try:
            gelezen = cache.lees_tabel(self._cache_bron(uitgave.id), uitgave.id, self.map)
        except cache.CacheFout as fout:
            if self.alleen_lezen:
                raise
            cbs.waarschuw(f"{fout} Het werkboek haalt de tabel daarom opnieuw op.")
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

    # -- classification ----------------------------------------------------------------------------------
    def _indelingsjaren(self) -> list[int]:
        return sorted(u.indeling for u in self.register.thema("regio_indeling").tabellen if u.indeling is not None)

    def _indeling(self, jaar: int) -> pd.DataFrame:
        gekozen = dichtstbijzijnde(int(jaar), self._indelingsjaren())
        if gekozen not in self._indelingen:
            frame = indeling_uit_tabel(self.tabel("regio_indeling", gekozen))
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
            opmerking = _opmerking_indeling({int(jaar): frame.attrs["indeling"]})
            frame.attrs["opmerking"] = opmerking
            cbs.waarschuw(opmerking)
        return frame

    # -- per region --------------------------------------------------------------------------------------
    def _afgeleid_sleutel(self, thema: Thema, uitgave: Tabeluitgave) -> str:
        onderdelen = [self._zorg_voor(thema, uitgave)]
        if thema.niveau == "gemeente":
            indeling = self.register.thema("regio_indeling")
            onderdelen += [self._zorg_voor(indeling, u) for u in indeling.tabellen]
        inhoud = {
            "versie": AFGELEID_VERSIE,
            "bron": self._cache_bron(uitgave.id),  # the folder, so a snapshot's frames serve 'momentopname' too
            "register": self.register.vingerafdruk,
            "tabellen": [[r.get("tabel_id"), r.get("gewijzigd"), r.get("opgehaald"), r.get("bestanden", {}).get(
                cache.DATA_BESTAND, {}).get("sha256")] for r in onderdelen],
        }
        return hashlib.sha256(json.dumps(inhoud, sort_keys=True).encode()).hexdigest()[:16]

    def per_regio(self, thema: str) -> pd.DataFrame:
        """A theme at arbeidsmarktregio level plus Nederland (contract C3); cached on disk per table vintage."""
        if thema in self._per_regio:
            return self._per_regio[thema]
        if thema == "regio_indeling":
            raise ParameterFout("Voor de regio-indeling zelf gebruikt u regio_indeling(jaar), niet per_regio.")
        thema_obj, uitgave = self._uitgave(thema)
        sleutel = self._afgeleid_sleutel(thema_obj, uitgave)
        cache_bron = self._cache_bron(uitgave.id)
        gevonden = cache.lees_afgeleid(cache_bron, "per_regio", thema, sleutel, self.map)
        if gevonden is not None:
            frame, meta = gevonden
            frame.attrs["herkomst"] = cbs.Herkomst(**meta["herkomst"])
            frame.attrs["indeling"] = {int(k): v for k, v in meta.get("indeling", {}).items()}
            frame.attrs["opmerkingen"] = list(meta.get("opmerkingen", []))
        else:
            frame = self._bereken_per_regio(thema_obj, uitgave)
            if not self.alleen_lezen:
                meta = {"herkomst": frame.attrs["herkomst"].als_dict(), "indeling": frame.attrs["indeling"],
                        "opmerkingen": frame.attrs["opmerkingen"]}
                cache.schrijf_afgeleid(cache_bron, "per_regio", thema, sleutel, frame, meta, self.map)
        # The notes (e.g. a nearest classification year) are data caveats: they travel with the frame for the
        # notebooks' data check and are printed once by bereid_voor(), not warned on every read.
        self._per_regio[thema] = frame
        return frame

    def _bereken_per_regio(self, thema: Thema, uitgave: Tabeluitgave) -> pd.DataFrame:
        import pandas as pd

        from werkboek.regios import alle_regios

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
            if naam in thema.categorieen:
                data = data[data[f"{naam}_categorie"].notna()]
                data[naam] = data[f"{naam}_categorie"]
            else:
                data[naam] = data[f"{naam}_titel"]
            sleutels.append(naam)
        kolommen = ["regio", "regio_naam", *sleutels, *onderwerpen]
        namen = {r.code: r.naam for r in alle_regios()}  # the registry's names, the same in every theme
        nederland = data[data["regio_niveau"] == "NL"].assign(regio="NL", regio_naam="Nederland")[kolommen]
        indeling_per_jaar: dict[int, int] = {}
        opmerkingen: list[str] = []
        if thema.niveau == "gemeente":
            gemeenten = data[data["regio_niveau"] == "GM"].rename(columns={"regio": "gemeente"})
            gemeenten = gemeenten[gemeenten["jaar"].notna()]
            indelingen = {}
            for jaar in sorted(int(j) for j in gemeenten["jaar"].unique()):
                # A table issued for one classification year is summed with that year's classification.
                gewenst = uitgave.indeling if uitgave.indeling is not None else jaar
                indelingen[jaar] = self._indeling(gewenst)
                indeling_per_jaar[jaar] = int(indelingen[jaar].attrs["indeling"])
            afwijkend = {j: i for j, i in indeling_per_jaar.items() if i != (uitgave.indeling or j)}
            if afwijkend:
                opmerkingen.append(_opmerking_indeling(afwijkend, thema.naam))
            regios = tel_op_per_regio(gemeenten, indelingen, onderwerpen, sleutels)
            regios["regio_naam"] = regios["regio"].map(namen).fillna(regios["regio_naam"])
            frame = pd.concat([regios, nederland], ignore_index=True)
        elif thema.niveau == "arbeidsmarktregio":
            regios = data[data["regio_niveau"] == "AM"]
            regios = regios.assign(regio_naam=regios["regio"].map(namen).fillna(
                regios["regio_titel"].str.replace(r"\s*\(AM\)$", "", regex=True)))[kolommen]
            frame = pd.concat([regios, nederland], ignore_index=True)
        else:
            frame = nederland.reset_index(drop=True)
        if thema.niveau == "gemeente":
            for onderwerp in onderwerpen:
                frame[f"{onderwerp}_onderdrukt"] = frame[f"{onderwerp}_onderdrukt"].astype("Int64")
        frame["jaar"] = frame["jaar"].astype("Int64")
        frame["voorlopig"] = frame["voorlopig"].astype(bool)
        for onderwerp in onderwerpen:
            if frame[onderwerp].dtype == object:
                frame[onderwerp] = pd.to_numeric(frame[onderwerp], errors="coerce")
        frame = frame.sort_values(["regio", *sleutels], kind="stable").reset_index(drop=True)
        frame.attrs["herkomst"] = tabel.herkomst
        frame.attrs["indeling"] = indeling_per_jaar
        frame.attrs["opmerkingen"] = opmerkingen
        return frame

    # -- which years the data holds -----------------------------------------------------------------------
    def beschikbare_jaren(self) -> list[int]:
        """The years with figures in every theme of :data:`JAAR_THEMAS` (both sides of the labour market).

        The range check in :func:`werkboek.parameters.valideer_parameters` cannot know what a source holds; this
        is the check against the data itself (for CBS: the tables as they are in the cache or were downloaded).
        """
        jaren: set[int] | None = None
        for thema in JAAR_THEMAS:
            if thema not in self.register.themas:
                continue
            gevonden = {int(j) for j in self.per_regio(thema)["jaar"].dropna().unique()}
            jaren = gevonden if jaren is None else jaren & gevonden
        return sorted(jaren or ())

    def controleer_jaar(self, jaar: int) -> int:
        """Return ``jaar`` when the source has figures for it; else a :class:`ParameterFout` with the valid years."""
        jaren = self.beschikbare_jaren()
        if int(jaar) not in jaren:
            bereik = f"{jaren[0]} tot en met {jaren[-1]}" if jaren else "geen enkel jaar"
            raise ParameterFout(
                f"Parameter 'jaar' = {jaar} zit niet in de data van bron '{self.naam}' (thema's "
                f"{', '.join(JAAR_THEMAS)}): beschikbaar is {bereik}. Kies een jaar uit dat bereik, of kies een "
                "andere databron (demo, cbs of momentopname)."
            )
        return int(jaar)

    # -- everything at once ------------------------------------------------------------------------------
    def bereid_voor(self) -> list[dict[str, Any]]:
        """Fetch or generate every registered table once and cache every per_regio frame.

        Returns one row per table (thema, tabel_id, rijen, opgehaald, demo). A failure in one theme does not stop
        the others; at the end a :class:`BronFout` lists every failure.
        """
        overzicht, fouten = [], []
        for thema, uitgave in self.register.alle_uitgaven():
            try:
                record = self._zorg_voor(thema, uitgave)
                overzicht.append({"thema": thema.naam, "tabel_id": uitgave.id, "rijen": record.get("rijen"),
                                  "opgehaald": record.get("opgehaald"), "demo": bool(record.get("demo"))})
            except WerkboekFout as fout:
                fouten.append(f"- {thema.naam} ({uitgave.id}): {fout}")
        for naam in self.register.themas:
            if naam == "regio_indeling":
                continue
            try:
                for opmerking in self.per_regio(naam).attrs.get("opmerkingen", []):
                    cbs.waarschuw(opmerking)
            except WerkboekFout as fout:
                fouten.append(f"- {naam} (per regio): {fout}")
        if fouten:
            # The way out is the same for every table: name it once, after the list of what went wrong per table.
            uitwegen = [zin for zin in (cbs.UITWEG, ZONDER_INTERNET) if any(zin in f for f in fouten)]
            for zin in uitwegen:
                fouten = [" ".join(f.replace(zin, "").split()) for f in fouten]
            raise BronFout(
                f"Niet alle tabellen konden worden voorbereid ({len(fouten)} probleem/problemen):\n" + "\n".join(fouten)
                + "".join(f"\n{zin}" for zin in uitwegen)
            )
        return overzicht


def _opmerking_indeling(afwijkend: dict[int, int], thema: str | None = None) -> str:
    # Consecutive years that borrow the same classification read as one range: "2014–2018 met de indeling van 2019".
    groepen: list[list[int]] = []
    for jaar, indeling in sorted(afwijkend.items()):
        if groepen and groepen[-1][1] == jaar - 1 and groepen[-1][2] == indeling:
            groepen[-1][1] = jaar
        else:
            groepen.append([jaar, jaar, indeling])
    paren = ", ".join(
        f"{begin if begin == eind else f'{begin}–{eind}'} met de indeling van {indeling}" for begin, eind, indeling in groepen
    )
    waar = f" bij thema '{thema}'" if thema else ""
    return (
        f"Voor niet elk jaar staat een regio-indeling in het register{waar}; het werkboek telt de gemeenten op met de "
        f"dichtstbijzijnde: {paren}. Een gemeente die in zo'n jaar anders was ingedeeld, telt mogelijk bij een andere "
        "regio mee. Wie de 'Gebieden in Nederland'-tabel van dat jaar aan data/tabellen.yaml toevoegt, heft dit op."
    )
