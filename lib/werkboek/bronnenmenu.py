"""The data menu (``data/bronnenmenu.yaml``) and the check "geven de cijfers antwoord op de vraag?".

Phase 2 of the guide asks four questions of every source (current or trend, geographic level, usable for
monitoring and how often, public or bought) and then, per analysis question, whether the figures answer it and
which information need remains. :func:`antwoordmatrix` computes that from the themes that actually hold data
for the region, instead of from what a table promises.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from werkboek import paden, tekst
from werkboek.catalogus import CatalogusFout, lees_catalogus
from werkboek.export import kerncijfer
from werkboek.register import standaard_register

MENU_BESTAND = "bronnenmenu.yaml"
OPHAALBAAR = ("ja", "via import", "nee")
BEANTWOORD, DEELS, NIET = "beantwoord", "deels", "niet"
_VOLGORDE = {NIET: 0, DEELS: 1, BEANTWOORD: 2}


@dataclass(frozen=True)
class MenuBron:
    """One source on the data menu, with the guide's four questions answered."""

    id: str
    organisatie: str
    naam: str
    biedt: str
    actueel_of_trend: str
    geografisch_niveau: str
    monitoring: dict
    toegang: str
    eenheid: str
    plaats: str
    ophaalbaar: str
    register_thema: str | None = None
    url: str = ""

    @property
    def openbaar(self) -> bool:
        return self.toegang.startswith("openbaar")

    def als_rij(self) -> dict:
        """Dutch headers for the menu table."""
        m = self.monitoring
        if m.get("bruikbaar"):
            monitoring = f"ja, {m['frequentie']}" if m.get("frequentie") else "ja"
        else:
            monitoring = f"nee ({m['opmerking']})" if m.get("opmerking") else "nee"
        return {
            "Organisatie": self.organisatie, "Bron": self.naam, "Wat biedt het": self.biedt,
            "Actueel of trend": self.actueel_of_trend, "Geografisch niveau": self.geografisch_niveau,
            "Bruikbaar voor monitoring": monitoring, "Openbaar of ingekocht": self.toegang,
            "Eenheid": self.eenheid, "Plaats": self.plaats, "Haalt het werkboek het op": self.ophaalbaar,
            "id": self.id,
        }


_VELDEN = ("organisatie", "naam", "biedt", "actueel_of_trend", "geografisch_niveau", "monitoring", "toegang",
           "eenheid", "plaats", "ophaalbaar")


def laad_menu(bestand: str = MENU_BESTAND) -> tuple[MenuBron, ...]:
    """The data menu from ``data/bronnenmenu.yaml``, checked (read once per file and modification time)."""
    pad = Path(bestand) if Path(bestand).is_absolute() else paden.data_dir() / bestand
    return _laad_menu(str(pad), pad.stat().st_mtime_ns if pad.exists() else 0)


@functools.lru_cache(maxsize=4)
def _laad_menu(bestand: str, _gewijzigd: int) -> tuple[MenuBron, ...]:
    _, items = lees_catalogus(bestand, "bronnen", _VELDEN)
    menu = []
    for item in items:
        monitoring = item["monitoring"]
        if not isinstance(monitoring, dict) or set(monitoring) - {"bruikbaar", "frequentie", "opmerking"}:
            raise CatalogusFout(
                f"Bron '{item['id']}' in {bestand}: 'monitoring' mag alleen bruikbaar, frequentie en opmerking "
                "hebben. Zet een tekst met een komma tussen aanhalingstekens."
            )
        if item["ophaalbaar"] not in OPHAALBAAR:
            raise CatalogusFout(
                f"Bron '{item['id']}' in {bestand}: 'ophaalbaar' moet een van {', '.join(OPHAALBAAR)} zijn, "
                f"niet '{item['ophaalbaar']}'."
            )
        bekend = {k: item[k] for k in ("id",) + _VELDEN + ("register_thema", "url") if k in item}
        menu.append(MenuBron(**bekend))
    return tuple(menu)


def menu_tabel(menu=None):
    """The data menu as a DataFrame with Dutch headers."""
    return pd.DataFrame([b.als_rij() for b in (menu or laad_menu())])


def kandidaatbronnen(vraag, menu=None) -> list[MenuBron]:
    """Sources on the menu that can (partly) answer ``vraag``: those it names, and the CBS sources of the
    register themes it needs. Order: fetchable by the workbook first, then via import, then elsewhere."""
    menu = menu or laad_menu()
    gekozen = [b for b in menu if b.id in vraag.bronnen or (b.register_thema and b.register_thema in vraag.themas)]
    return sorted(gekozen, key=lambda b: (OPHAALBAAR.index(b.ophaalbaar), b.id))


def beschikbare_themas(data: Mapping[str, object], regio: str) -> dict[str, bool]:
    """Per theme: does it hold at least one known value for ``regio``? National-only themes (no row for the
    region, but rows for NL) count as available, since the workbook uses them as a national distribution."""
    uitkomst = {}
    for thema, df in data.items():
        if df is None or not isinstance(df, pd.DataFrame) or df.empty:
            uitkomst[thema] = False
            continue
        waarden = [k for k in df.columns if pd.api.types.is_float_dtype(df[k]) and not k.endswith("_onderdrukt")]
        regios = set(df["regio"]) if "regio" in df.columns else set()
        doel = regio if regio in regios else ("NL" if regios == {"NL"} else None)
        if doel is None:
            uitkomst[thema] = False
            continue
        rijen = df[df["regio"] == doel]
        uitkomst[thema] = bool(rijen[waarden].notna().any().any()) if waarden else False
    return uitkomst


@dataclass
class Antwoord:
    """Whether the figures answer one question, and what information need remains."""

    vraag_id: str
    vraag: str
    oordeel: str
    met_data: list[str]
    zonder_data: list[str]
    elders: list[str] = field(default_factory=list)
    informatiebehoefte: str = ""


def beoordeel_vraag(vraag, beschikbaar: Mapping[str, bool], menu=None) -> Antwoord:
    """'beantwoord' when every theme the question needs has data and open data cover the whole answer;
    'deels' when some data exist or open data cover only part; 'niet' when no needed theme has data."""
    menu = menu or laad_menu()
    met = [t for t in vraag.themas if beschikbaar.get(t)]
    zonder = [t for t in vraag.themas if not beschikbaar.get(t)]
    if not vraag.themas or not met:
        oordeel = NIET
    elif zonder:
        oordeel = DEELS
    else:
        oordeel = BEANTWOORD
    oordeel = min(oordeel, {"volledig": BEANTWOORD, "deels": DEELS, "geen": NIET}[vraag.dekking], key=_VOLGORDE.get)
    elders = [b for b in kandidaatbronnen(vraag, menu) if b.ophaalbaar != "ja"]
    zinnen = []  # whole sentences: a list of clauses joined by "en" read badly with "raadpleeg"
    if zonder:
        zinnen.append(f"Geen cijfers voor deze regio in {tekst.lijst(zonder)}.")
    if vraag.dekking == "geen":
        zinnen.append("Open data geven hierop geen antwoord.")
    elif vraag.dekking != "volledig":
        zinnen.append("Open data geven maar een deel van het antwoord.")
    if elders and oordeel != BEANTWOORD:
        waar = {"via import": "via import", "nee": "bij de partner"}
        zinnen.append("Raadpleeg " + tekst.lijst(f"{b.organisatie} ({waar[b.ophaalbaar]})" for b in elders) + ".")
    behoefte = ("Geen resterende informatiebehoefte uit de data." if oordeel == BEANTWOORD or not zinnen
                else " ".join(zinnen))
    return Antwoord(vraag.id, vraag.tekst, oordeel, met, zonder, [b.id for b in elders], behoefte)


def antwoordmatrix(vragen, beschikbaar: Mapping[str, bool], menu=None):
    """The matrix "geven de cijfers antwoord op de vraag?" for a list of questions, as a DataFrame."""
    menu = menu or laad_menu()
    rijen = []
    for vraag in vragen:
        a = beoordeel_vraag(vraag, beschikbaar, menu)
        rijen.append({"Vraag": a.vraag, "Antwoord uit de cijfers": a.oordeel,
                      "Thema's met cijfers": tekst.lijst(a.met_data) or "geen",
                      "Thema's zonder cijfers": tekst.lijst(a.zonder_data) or "geen",
                      "Resterende informatiebehoefte": a.informatiebehoefte, "id": a.vraag_id})
    return pd.DataFrame(rijen)


# ---------------------------------------------------------------------------------------------------------------
# Helpers for notebook 02: sources per question, provenance across themes, the data check of one region


def benodigde_themas(vragen) -> list[str]:
    """The register themes the questions need, in the order they first appear."""
    return list(dict.fromkeys(t for v in vragen for t in v.themas))


def ophaalbare_themas(menu=None) -> list[str]:
    """The register themes of the sources the workbook fetches itself (``ophaalbaar: ja``), in menu order."""
    return list(dict.fromkeys(b.register_thema for b in (menu or laad_menu())
                              if b.ophaalbaar == "ja" and b.register_thema))


def bronnen_per_vraag(vragen, menu=None):
    """Per question the candidate sources from the menu, split by how the figures reach the workbook: fetched by
    the workbook, via an import file, or to be consulted at the partner. The guide's four questions per source
    are in :func:`menu_tabel`."""
    menu = menu or laad_menu()
    rijen = []
    for vraag in vragen:
        kandidaten = kandidaatbronnen(vraag, menu)

        def namen(ophaalbaar: str) -> str:
            return "; ".join(f"{b.organisatie}: {b.naam}" for b in kandidaten if b.ophaalbaar == ophaalbaar) or "geen"

        rijen.append({"Vraag": vraag.tekst, "Haalt het werkboek op": namen("ja"),
                      "Via import (bestand aanleveren)": namen("via import"),
                      "Raadplegen bij de partner": namen("nee"), "id": vraag.id})
    return pd.DataFrame(rijen)


def _indeling_tekst(frame) -> str:
    """The classification a theme's regional series use: one territory for every year (per_regio's ``indeling``)."""
    gebied = frame.attrs.get("indeling")
    if gebied:
        return f"indeling {gebied}, alle jaren in dat ene gebied"
    herkomst = frame.attrs.get("herkomst")
    if herkomst is not None and herkomst.indeling:
        return f"indeling {herkomst.indeling}"
    return "niet van toepassing (alleen landelijk)"


def herkomsttabel(data: Mapping[str, object]):
    """Provenance of every loaded theme in one table: table id and title, period, classification year, unit,
    jobs or persons, place of work or residence, how often CBS publishes it, retrieval date (or 'demodata'),
    CBS version date and licence. Themes that did not load get a row saying so."""
    register = standaard_register()
    rijen = []
    for naam, frame in data.items():
        thema = register.thema(naam)
        herkomst = frame.attrs.get("herkomst") if frame is not None else None
        if herkomst is None:
            rijen.append({"Thema": naam, "Tabel": "niet geladen", "Titel": thema.titel, "Periode": "",
                          "Regio-indeling": "", "Eenheid": thema.eenheid or "", "Telt": thema.eenheid_telling,
                          "Plaats": thema.plaats, "Verschijnt": thema.frequentie, "Opgehaald": "",
                          "Versie bij de bron": "", "Licentie": "", "Id gecontroleerd": ""})
            continue
        rijen.append({
            "Thema": naam, "Tabel": herkomst.tabel_id, "Titel": herkomst.titel, "Periode": herkomst.periode,
            "Regio-indeling": _indeling_tekst(frame), "Eenheid": thema.eenheid or "", "Telt": thema.eenheid_telling,
            "Plaats": thema.plaats, "Verschijnt": thema.frequentie,
            "Opgehaald": (f"demodata (synthetisch), gemaakt {tekst.datum(herkomst.opgehaald)}" if herkomst.demo
                          else tekst.datum(herkomst.opgehaald)),
            "Versie bij de bron": tekst.datum(herkomst.gewijzigd),
            "Licentie": "synthetisch, geen echte cijfers" if herkomst.demo else herkomst.licentie,
            "Id gecontroleerd": ("ja (bevestigd)" if herkomst.gecontroleerd else "DUO-resource-ids in het register"
                                 if herkomst.tabel_id.startswith("DUO ") else
                                 "nee (afgeleid; nakijken in de CBS-catalogus)"),
        })
    return pd.DataFrame(rijen)


def _onderwerpen(frame) -> list[str]:
    return [k for k in frame.columns if pd.api.types.is_float_dtype(frame[k]) and not k.endswith("_onderdrukt")]


def datakwaliteit(data: Mapping[str, object], regio: str):
    """The data check of one region, one row per theme and topic: how many cells the region has, how many are
    unknown (NaN: suppressed, unreliable or missing), how many regional sums rest partly on suppressed gemeente
    cells (from ``<topic>_onderdrukt``) and how many gemeente cells that are, which periods are provisional, and
    whether the theme only has national figures. Themes that did not load are left out."""
    rijen = []
    for thema, frame in data.items():
        if frame is None or frame.empty:
            continue
        landelijk = regio not in set(frame["regio"])
        deel = frame[frame["regio"] == ("NL" if landelijk else regio)]
        voorlopig = sorted(set(deel.loc[deel["voorlopig"].astype(bool), "periode"].astype(str)))
        jaren = deel["jaar"].dropna()
        for onderwerp in _onderwerpen(frame):
            onderdrukt_kolom = f"{onderwerp}_onderdrukt"
            if onderdrukt_kolom in deel.columns:
                o = deel[onderdrukt_kolom].astype("Float64").fillna(0)
                deels = int(((o > 0) & deel[onderwerp].notna()).sum())
                gemeentecellen = int(o.sum())
            else:
                deels, gemeentecellen = pd.NA, pd.NA
            cellen = len(deel)
            onbekend = int(deel[onderwerp].isna().sum())
            rijen.append({
                "thema": thema, "onderwerp": onderwerp,
                "jaren": tekst.periode(int(jaren.min()), int(jaren.max())) if len(jaren) else "",
                "cellen": cellen, "onbekend": onbekend,
                "onbekend_procent": onbekend / cellen * 100 if cellen else float("nan"),
                "sommen_deels_onderdrukt": deels, "onderdrukte_gemeentecellen": gemeentecellen,
                "voorlopige_perioden": ", ".join(f"{p}*" for p in voorlopig),
                "alleen_nederland": landelijk,
            })
    uit = pd.DataFrame(rijen, columns=["thema", "onderwerp", "jaren", "cellen", "onbekend", "onbekend_procent",
                                       "sommen_deels_onderdrukt", "onderdrukte_gemeentecellen",
                                       "voorlopige_perioden", "alleen_nederland"])
    for kolom in ("sommen_deels_onderdrukt", "onderdrukte_gemeentecellen"):
        uit[kolom] = uit[kolom].astype("Int64")
    return uit


def onbekend_per_thema(kwaliteit) -> dict[str, float]:
    """Percent unknown cells per theme (all topics together) from :func:`datakwaliteit`, for a chart. Themes with
    only national figures are left out: their gaps say nothing about the region."""
    regionaal = kwaliteit[~kwaliteit["alleen_nederland"].astype(bool)]
    som = regionaal.groupby("thema", sort=False)[["onbekend", "cellen"]].sum()
    return {str(t).replace("_", " "): (float(r["onbekend"]) / float(r["cellen"]) * 100 if r["cellen"] else float("nan"))
            for t, r in som.iterrows()}


def definitieverschillen(data: Mapping[str, object]) -> list[str]:
    """Dutch sentences on what the loaded themes count differently (jobs or persons, place of work or residence),
    so figures from different tables are not set side by side as if they were the same thing."""
    register = standaard_register()
    groepen: dict[tuple[str, str], list[str]] = {}
    for naam, frame in data.items():
        if frame is None:
            continue
        thema = register.thema(naam)
        groepen.setdefault((thema.eenheid_telling, thema.plaats), []).append(naam)
    if len(groepen) < 2:
        return []
    zinnen = ["De geladen thema's tellen niet hetzelfde: " + "; ".join(
        f"{tekst.lijst(namen)} telt {telling} naar {plaats}" for (telling, plaats), namen in groepen.items()) + "."]
    tellingen = {t for t, _ in groepen}
    if "banen" in tellingen and "personen" in tellingen:
        zinnen.append("Banen zijn geen personen: één persoon kan meer banen hebben en zelfstandigen hebben geen baan "
                      "van werknemer. Zet een aantal banen dus niet gelijk aan een aantal werkenden.")
    plaatsen = {p for _, p in groepen}
    if any("werkplaats" in p for p in plaatsen) and any("woonplaats" in p for p in plaatsen):
        zinnen.append("Werkplaats en woonplaats verschillen: wie in de regio werkt woont er niet altijd, en "
                      "studenten tellen bij hun woongemeente, niet bij de vestiging van hun school. Het verschil is "
                      "pendel; vergelijk daarom richting en ontwikkeling, niet de absolute aantallen.")
    return zinnen


def datakwaliteit_markdown(data: Mapping[str, object], regio: str, regio_naam: str) -> str:
    """The data check in Dutch: per theme the unknown cells, sums on suppressed cells and provisional periods,
    then the caveats the data layer attached (``attrs['opmerkingen']``, e.g. a classification year that differs)
    and the definitions that differ between themes."""
    kwaliteit = datakwaliteit(data, regio)
    regels = []
    for thema, deel in kwaliteit.groupby("thema", sort=False):
        onbekend, cellen = int(deel["onbekend"].sum()), int(deel["cellen"].sum())
        zin = f"- **{thema}**: {onbekend} van {cellen} cijfers onbekend ({tekst.procent(onbekend / cellen * 100 if cellen else None)})"
        if bool(deel["alleen_nederland"].iloc[0]):
            zin += "; alleen landelijke cijfers (het werkboek gebruikt ze als landelijke verdeling)"
        deels = deel["sommen_deels_onderdrukt"].dropna()
        if len(deels) and int(deels.sum()):
            zin += (f"; {int(deels.sum())} regiosommen rusten deels op onderdrukte gemeentecellen "
                    f"({int(deel['onderdrukte_gemeentecellen'].sum())} cellen)")
        if deel["voorlopige_perioden"].iloc[0]:
            zin += f"; voorlopig: {deel['voorlopige_perioden'].iloc[0]}"
        regels.append(zin + ".")
    ontbreekt = [t for t, f in data.items() if f is None]
    if ontbreekt:
        regels.append(f"- Niet geladen: {tekst.lijst(ontbreekt)}.")
    opmerkingen = [(t, o) for t, f in data.items() if f is not None for o in f.attrs.get("opmerkingen", [])]
    tekst_ = [f"Datacontrole voor {regio_naam} ({regio}):", "", *regels]
    if opmerkingen:
        tekst_ += ["", "**Opmerkingen van de datalaag:**", ""] + [f"- {t}: {o}" for t, o in opmerkingen]
    verschillen = definitieverschillen(data)
    if verschillen:
        tekst_ += ["", "**Definities verschillen per bron:** " + " ".join(verschillen)]
    return "\n".join(tekst_)


def antwoord_telling(matrix) -> dict[str, int]:
    """How many questions the figures answer fully, partly or not (for the chart of notebook 02)."""
    tellen = matrix["Antwoord uit de cijfers"].value_counts()
    return {oordeel: int(tellen.get(oordeel, 0)) for oordeel in (BEANTWOORD, DEELS, NIET)}


def titel_antwoord(telling: Mapping[str, int]) -> str:
    """'De open cijfers beantwoorden 2 van de 14 vragen, 9 deels en 3 niet' — a finding for the chart title."""
    totaal = sum(telling.values())
    return (f"De open cijfers beantwoorden {telling.get(BEANTWOORD, 0)} van de {totaal} vragen helemaal, "
            f"{telling.get(DEELS, 0)} deels en {telling.get(NIET, 0)} niet")


def titel_onbekend(percentages: Mapping[str, float], regio_naam: str) -> str:
    """A finding for the data-check chart: which theme has the most unknown figures for the region."""
    bekend = {t: p for t, p in percentages.items() if not tekst.is_leeg(p)}
    if not bekend:
        return f"Voor {regio_naam} is niet te zeggen hoeveel cijfers onbekend zijn"
    slechtste = max(bekend, key=lambda t: (bekend[t], t))
    if bekend[slechtste] == 0:
        return f"Voor {regio_naam} zijn alle geladen cijfers bekend"
    rest = [p for t, p in bekend.items() if t != slechtste]
    zin = f"In {regio_naam} is {tekst.procent(bekend[slechtste])} van de cijfers over {slechtste} onbekend"
    if not rest:
        return zin
    return zin + (f"; bij de andere thema's hoogstens {tekst.procent(max(rest))}" if max(rest) > 0
                  else "; de andere thema's zijn compleet")


def informatiebehoefte_markdown(matrix) -> str:
    """The information need that remains: per question the figures answer only partly or not, what is missing."""
    open_ = matrix[matrix["Antwoord uit de cijfers"] != BEANTWOORD]
    if open_.empty:
        return "De open cijfers beantwoorden alle vragen op de kaart; er blijft geen informatiebehoefte uit de data."
    regels = [f"Bij {len(open_)} van de {len(matrix)} vragen blijft een informatiebehoefte:", ""]
    regels += [f"- *{r['Vraag']}* ({r['Antwoord uit de cijfers']}): {r['Resterende informatiebehoefte']}"
               for _, r in open_.iterrows()]
    return "\n".join(regels)


def kerncijfers_antwoord(telling: Mapping[str, int]) -> list[dict]:
    """The answer count as key figures for ``samenvatting.json``."""
    labels = {BEANTWOORD: "Vragen die de open cijfers beantwoorden", DEELS: "Vragen die de open cijfers deels beantwoorden",
              NIET: "Vragen waarop de open cijfers geen antwoord geven"}
    return [kerncijfer(f"vragen_{oordeel}", labels[oordeel], telling.get(oordeel, 0), "aantal", "")
            for oordeel in (BEANTWOORD, DEELS, NIET)]


@dataclass(frozen=True)
class Catalogusbron:
    """Provenance for a figure built from the workbook's own catalogues and the loaded tables rather than from one
    CBS table: duck-types ``Herkomst`` (``bronregel`` and ``demo``) so the chart helpers can use it."""

    omschrijving: str
    demo: bool = False

    def bronregel(self, periode: str | None = None) -> str:
        deel = f", {periode}" if periode else ""
        gemerkt = self.demo and "demodata" not in self.omschrijving
        return f"{self.omschrijving}{deel}" + (" — cijfers: demodata (synthetisch), geen echte cijfers" if gemerkt else "")


def tabellenbron(data: Mapping[str, object]) -> Catalogusbron:
    """One short source line for a table or figure that rests on all loaded themes: the table ids, and the
    latest retrieval date (CBS) or the demo mark, instead of one full source line per table."""
    herkomsten = [f.attrs["herkomst"] for f in data.values() if f is not None and f.attrs.get("herkomst") is not None]
    if not herkomsten:
        return Catalogusbron("Bron: geen tabellen geladen")
    cbs_ids = ", ".join(dict.fromkeys(h.tabel_id for h in herkomsten if not h.tabel_id.startswith("DUO ")))
    duo_ids = ", ".join(dict.fromkeys(h.tabel_id.removeprefix("DUO ") for h in herkomsten if h.tabel_id.startswith("DUO ")))
    demo = any(h.demo for h in herkomsten)
    if demo:
        model = ([f"CBS-tabellen {cbs_ids}"] if cbs_ids else []) + ([f"DUO-datasets {duo_ids}"] if duo_ids else [])
        return Catalogusbron(f"Bron: {tekst.DEMO_BRON} {' en '.join(model)}{tekst.DEMO_STAART}",
                             True)
    delen = ([f"CBS, tabellen {cbs_ids}"] if cbs_ids else []) + ([f"DUO, datasets {duo_ids}"] if duo_ids else [])
    laatste = max(str(h.opgehaald) for h in herkomsten)
    return Catalogusbron(f"Bron: {'; '.join(delen)}, opgehaald tot en met {tekst.datum(laatste)}")
