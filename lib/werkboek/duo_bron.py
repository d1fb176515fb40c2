"""The DUO files of one :class:`werkboek.bronnen.DataBron`: through its cache, as its CBS tables go.

:meth:`DataBron.duo` asks :class:`DuoBron` for a kind of file of the register's ``duo`` section. The files come
from the demo generator (bron 'demo'), from DUO's portal (bron 'cbs', which means "live open data: CBS and DUO")
or from a snapshot (bron 'momentopname', read-only). The cache is read first; the files are fetched when they are
missing, when the register's description of them changed, or with ``ververs``. A failed fetch keeps the copy in the
cache (with a Dutch warning); without a copy, the error says how to go on (demo data or a snapshot).

The tidy frame (:func:`werkboek.duo.maak_tabel`) gets the gemeente where the file has none: by name for the
woongemeente ('naam': matched against the CBS classifications of the register's years, unmatched names in
``attrs['opmerkingen']``), or as the main site of the institution ('instelling': from ``mbo_instellingen``, the
latest JAAR per instellingscode). Adding up to arbeidsmarktregio's is not done here.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import TYPE_CHECKING, Any

import pandas as pd

from werkboek import cache, duo, duo_lezen, onderwijs_per_regio
from werkboek.bronnen import AFGELEID_VERSIE, ZONDER_INTERNET, BronFout
from werkboek.regios import alle_regios
from werkboek.cbs_download import UITWEG
from werkboek.fouten import WerkboekFout, waarschuw
from werkboek.verbinding import Verbindingsinstellingen, lees_instellingen

if TYPE_CHECKING:  # pragma: no cover
    from werkboek.bronnen import DataBron
    from werkboek.register import DuoBestand, Duothema

INSTELLINGEN = "mbo_instellingen"  # the kind of file that links an institution to the gemeente of its main site
HOOFDVESTIGING = "hoofdvestiging van de instelling"


class DuoBron:
    """DUO files for one data source; kept by the DataBron, one per DataBron."""

    def __init__(self, bron: DataBron) -> None:
        self.bron = bron
        self.records: dict[str, dict] = {}
        self.tabellen: dict[str, duo.DuoTabel] = {}
        self.problemen: dict[str, list[str]] = {}  # notes worth a warning (unmatched names, unknown institutions)
        self.onbereikbaar: str | None = None  # the kind of file whose fetch found DUO unreachable

    @property
    def instellingen(self) -> Verbindingsinstellingen:
        """The source's connection settings; when they do not say where DUO is (settings made for a CBS mirror
        or test server), the DUO host comes from the user's settings (data/instellingen.yaml, WERKBOEK_DUO_HOST)."""
        eigen = self.bron.instellingen
        if "duo_host" in eigen.herkomst:
            return eigen
        gebruiker = lees_instellingen()
        if "duo_host" not in gebruiker.herkomst:
            return eigen
        return dataclasses.replace(eigen, duo_host=gebruiker.duo_host, duo_https=gebruiker.duo_https,
                                   herkomst={**eigen.herkomst, "duo_host": gebruiker.herkomst["duo_host"]})

    # -- the cache ---------------------------------------------------------------------------------------
    def plek(self, naam: str) -> tuple[str, str]:
        """(cache folder of the source, entry) of a kind of file: duo/<naam> for real files, demo/duo-<naam>."""
        return self.bron.soort.duo_plek(self.bron, naam)

    def _beschadigd(self, fout: cache.CacheFout) -> None:
        """A damaged cache entry: the error for a snapshot (read-only), else a warning before fetching again."""
        if self.bron.alleen_lezen:
            raise fout
        waarschuw(f"{fout} Het werkboek haalt de DUO-bestanden daarom opnieuw op.")

    def zorg_voor(self, spec: DuoBestand, *, opnieuw: bool = False) -> dict:
        """Make sure the files of ``spec`` are in the cache (fetching them once when needed); their provenance."""
        if spec.naam in self.records and not opnieuw:
            return self.records[spec.naam]
        waar = self.bron.momentopname or self.bron.map
        try:
            record = cache.lees_herkomst(*self.plek(spec.naam), self.bron.map)
        except cache.CacheFout as fout:
            self._beschadigd(fout)
            record, opnieuw = None, True
        if record is not None and record.get("duo_vingerafdruk") != spec.vingerafdruk:
            if self.bron.alleen_lezen:
                waarschuw(f"DUO-bestand '{spec.naam}' in de momentopname {waar} is opgehaald met een andere beschrijving "
                          "in data/tabellen.yaml (sectie 'duo'). Het werkboek gebruikt het zoals het is; maak een nieuwe "
                          "momentopname als er iets ontbreekt.")
            else:
                waarschuw(f"DUO-bestand '{spec.naam}' in de cache ({self.bron.map}) is opgehaald met een andere "
                          "beschrijving in data/tabellen.yaml (sectie 'duo'); het werkboek haalt het opnieuw op.")
                opnieuw = True
        if self.bron.alleen_lezen:
            if record is None:
                raise BronFout(
                    f"DUO-bestand '{spec.naam}' staat niet in de momentopname {waar}. Maak op een computer met internet "
                    "een nieuwe momentopname met 'werkboek data voorbereiden --bron cbs' en 'werkboek data pak <zip>', "
                    "of kies de bron 'demo'."
                )
        elif record is None or opnieuw or self.bron.ververs:
            record = self.vernieuw(spec, record)
        self.records[spec.naam] = record
        return record

    def vernieuw(self, spec: DuoBestand, oud: dict | None) -> dict:
        """Fetch (or generate) the files and store them; a failure falls back to ``oud`` with a warning."""
        try:
            if self.onbereikbaar is not None:
                raise duo.DuoDownloadFout(
                    f"Het ophalen van DUO-bestand '{spec.naam}' is niet geprobeerd: {self.instellingen.duo_host} "
                    f"was eerder in deze sessie niet bereikbaar (zie '{self.onbereikbaar}'). {UITWEG}")
            ophaling = duo.demo_ophaling(spec) if self.bron.soort.synthetisch else duo.download(spec, self.instellingen)
            record = duo.herkomst_record(spec, ophaling)  # reads every file: a changed layout stops here
            for gekozen in ophaling.gekozen:
                if gekozen.waarschuwen:
                    waarschuw(gekozen.opmerking)
            bestanden = {duo.bestandsnaam(id_): inhoud for id_, inhoud in ophaling.bestanden.items()}
            return cache.schrijf_bestanden(*self.plek(spec.naam), bestanden, record, self.bron.map)
        except duo.DuoFout as fout:
            if isinstance(fout, duo.DuoVerbindingsFout):
                self.onbereikbaar = spec.naam
            if oud is not None:
                waarschuw(f"{fout}\nHet werkboek gebruikt daarom de eerder opgehaalde kopie van DUO-bestand "
                          f"'{spec.naam}' uit de cache (opgehaald {oud.get('opgehaald')}, bestand(en) van "
                          f"{oud.get('gewijzigd')}).")
                return oud
            if isinstance(fout, duo.DuoLayoutFout):
                raise  # DUO was reachable; the message names the register entry to change
            raise BronFout(f"{fout}\nEr staat ook geen kopie van DUO-bestand '{spec.naam}' in de cache ({self.bron.map}). "
                           f"{ZONDER_INTERNET}") from fout

    def _lees(self, spec: DuoBestand) -> duo.DuoTabel:
        self.zorg_voor(spec)
        try:
            gelezen = cache.lees_bestanden(*self.plek(spec.naam), self.bron.map)
        except cache.CacheFout as fout:
            self._beschadigd(fout)
            self.zorg_voor(spec, opnieuw=True)
            gelezen = cache.lees_bestanden(*self.plek(spec.naam), self.bron.map)
        if gelezen is None:
            raise BronFout(f"DUO-bestand '{spec.naam}' is uit de cache verdwenen tijdens het lezen; probeer het opnieuw.")
        bestanden, record = gelezen
        return duo.maak_tabel(spec, record, bestanden)

    # -- the table with its gemeente ---------------------------------------------------------------------
    def tabel(self, naam: str) -> duo.DuoTabel:
        """The tidy frame of a kind of DUO file with ``gemeente`` (see the module doc); read once per source."""
        if naam in self.tabellen:
            return self.tabellen[naam]
        spec = self.bron.register.duo_bestand(naam)
        tabel = self._lees(spec)
        if spec.gemeente == "naam":
            self._gemeente_uit_naam(tabel)
        elif spec.gemeente == "instelling":
            self._gemeente_uit_instelling(tabel)
        tabel.data.attrs["opmerkingen"] = list(tabel.opmerkingen)
        self.tabellen[naam] = tabel
        return tabel

    def _gemeente_uit_naam(self, tabel: duo.DuoTabel) -> None:
        data = tabel.data
        jaren = self.bron._indelingsjaren()
        gebruikt = [j for j in jaren if j >= int(data["jaar"].min()) - 1] or jaren[-1:]
        paren = [(code, naam) for jaar in gebruikt
                 for code, naam in self.bron.regio_indeling(jaar)[["gemeente", "gemeentenaam"]].itertuples(index=False)]
        koppeling = duo_lezen.koppel_gemeentenamen(data["woongemeente"].unique(), paren)
        positie = data.columns.get_loc("woongemeente") + 1
        data.insert(positie, "gemeente", data["woongemeente"].map(koppeling.codes))
        data.insert(positie + 1, "buitenland", data["woongemeente"].isin(koppeling.buitenland))
        tabel.opmerkingen += koppeling.opmerkingen()
        self.problemen.setdefault(tabel.naam, []).extend(koppeling.opmerkingen())
        if koppeling.buitenland:
            tabel.opmerkingen.append(
                f"'{tabel.naam}': de rijen van studenten die in het buitenland wonen ({', '.join(koppeling.buitenland)}) "
                "hebben geen gemeente (kolom buitenland); zij tellen in geen regio mee.")
        tabel.opmerkingen.append(
            f"'{tabel.naam}': de woongemeente staat bij DUO alleen als naam; het werkboek koppelde de namen aan de "
            f"gemeentecodes van de regio-indelingen {gebruikt[0]}–{gebruikt[-1]} (bij gelijke naam de nieuwste).")

    def _gemeente_uit_instelling(self, tabel: duo.DuoTabel) -> None:
        if INSTELLINGEN not in self.bron.register.duo:
            raise BronFout(f"Voor de gemeente van de instellingen in '{tabel.naam}' is het DUO-bestand '{INSTELLINGEN}' "
                           "nodig, maar dat staat niet in data/tabellen.yaml (sectie 'duo'). Zet het terug.")
        instellingen = self.tabel(INSTELLINGEN)
        koppeling = duo_lezen.instelling_gemeenten(instellingen.data)
        attrs = dict(tabel.data.attrs)
        data = tabel.data.merge(koppeling[["instellingscode", "gemeente"]], on="instellingscode", how="left")
        data.insert(data.columns.get_loc("instellingscode") + 1, "gemeente", data.pop("gemeente"))
        data.insert(data.columns.get_loc("gemeente") + 1, "gemeente_soort", HOOFDVESTIGING)
        data.attrs = attrs
        tabel.data = data
        tabel.herkomst += instellingen.herkomst
        onbekend = sorted(data.loc[data["gemeente"].isna(), "instellingscode"].unique())
        if onbekend:
            probleem = (f"'{tabel.naam}': {len(onbekend)} instelling(en) staan niet in '{INSTELLINGEN}' "
                        f"({', '.join(onbekend[:10])}); hun rijen hebben geen gemeente en tellen in geen regio mee.")
            tabel.opmerkingen.append(probleem)
            self.problemen.setdefault(tabel.naam, []).append(probleem)
        tabel.opmerkingen.append(
            f"'{tabel.naam}': de gemeente is die van de hoofdvestiging van de instelling (DUO '{INSTELLINGEN}', het "
            f"nieuwste jaar per instelling, tot {int(koppeling['jaar'].max())}), niet de vestiging waar de opleiding wordt "
            "gegeven en niet de woonplaats van de student.")

    # -- DUO themes per region (section 'duo_themas') --------------------------------------------------------
    def per_regio(self, thema: Duothema, peiljaar: int) -> pd.DataFrame:
        """A DUO theme summed to arbeidsmarktregio's in the peiljaar's territory (:mod:`werkboek.onderwijs_per_regio`),
        cached on disk per file vintage and peiljaar like the CBS themes."""
        specs = [self.bron.register.duo_bestand(naam) for naam in thema.bestanden]
        records = [self.zorg_voor(spec) for spec in specs]
        indeling_thema = self.bron.register.thema("regio_indeling")
        indelingen = [self.bron._zorg_voor(indeling_thema, u, ververs=False) for u in indeling_thema.tabellen]
        sleutel = hashlib.sha256(json.dumps({
            "versie": AFGELEID_VERSIE, "register": self.bron.register.vingerafdruk, "peiljaar": peiljaar,
            "bestanden": [[r.get("opgehaald"), r.get("gewijzigd"), r.get("bestanden")] for r in records],
            "indelingen": [[r.get("tabel_id"), r.get("opgehaald")] for r in indelingen],
        }, sort_keys=True, default=str).encode()).hexdigest()[:16]
        cache_bron = self.plek(specs[0].naam)[0]
        vak = f"{thema.naam}-{peiljaar}"
        gevonden = cache.lees_afgeleid(cache_bron, "per_regio", vak, sleutel, self.bron.map)
        if gevonden is not None:
            frame, meta = gevonden
            frame.attrs["herkomst"] = onderwijs_per_regio.DuoThemaHerkomst(**meta["herkomst"])
            frame.attrs["indeling"] = meta.get("indeling")
            frame.attrs["opmerkingen"] = list(meta.get("opmerkingen", []))
            return frame
        tabellen = {spec.naam: self.tabel(spec.naam) for spec in specs}
        gebied = self.bron.territorium(peiljaar)
        namen = {r.code: r.naam for r in alle_regios()}
        frame = onderwijs_per_regio.BOUWERS[thema.naam](tabellen, gebied.toewijzing, namen)
        herkomst = onderwijs_per_regio.herkomst_van(thema.naam, thema.titel, thema.plaats, list(tabellen.values()),
                                                    gebied.indeling)
        opmerkingen = [gebied.opmerking(), f"{thema.naam}: {thema.omschrijving}"]
        opmerkingen += [o for t in tabellen.values() for o in t.opmerkingen]
        frame.attrs.update(herkomst=herkomst, indeling=gebied.indeling, opmerkingen=list(dict.fromkeys(opmerkingen)))
        if not self.bron.alleen_lezen:
            meta = {"herkomst": dataclasses.asdict(herkomst), "indeling": gebied.indeling,
                    "opmerkingen": frame.attrs["opmerkingen"]}
            cache.schrijf_afgeleid(cache_bron, "per_regio", vak, sleutel, frame, meta, self.bron.map)
        return frame

    # -- everything at once ------------------------------------------------------------------------------
    def bereid_voor(self) -> tuple[list[dict[str, Any]], list[str], list[str]]:
        """Every kind of DUO file once: (overview rows, failures, problems to warn about) for DataBron.bereid_voor.
        The other notes (main sites, names matched, files per year) stay with the table."""
        overzicht, fouten, opmerkingen = [], [], []
        for naam in self.bron.register.duo:
            try:
                self.tabel(naam)
            except WerkboekFout as fout:
                fouten.append(f"- DUO {naam}: {fout}")
                continue
            record = self.records[naam]
            overzicht.append({"thema": f"DUO {naam}", "tabel_id": naam, "rijen": record.get("rijen"),
                              "opgehaald": record.get("opgehaald"), "demo": bool(record.get("demo")),
                              "plak": record.get("plak_samenvatting", "")})
            opmerkingen += self.problemen.get(naam, [])
        return overzicht, fouten, opmerkingen
