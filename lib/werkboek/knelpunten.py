"""Pain points by explicit rules, and the deepening questions they raise for the regional conversation.

Every rule is written out in words (``regel``) with its thresholds, and every finding carries the numbers
behind it (``bewijs``) in Dutch notation. A rule whose inputs are unknown says so (status
``niet te beoordelen``); it never reports a pain point, nor the absence of one, on missing data.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields

import pandas as pd

from werkboek import tekst
from werkboek.tekst import is_leeg

KNELPUNT = "knelpunt"
AANDACHTSPUNT = "aandachtspunt"
GEEN_KNELPUNT = "geen knelpunt"
ONZEKER = "onzeker"
NIET_TE_BEOORDELEN = "niet te beoordelen"

# The decisions of the table, per level; the first two are pain points.
TEKORT, DREIGEND, LANDEN, EVENWICHT, ONZEKER_CODE, ONBEOORDEELD = (
    "tekort", "dreigend_tekort", "landen_afgestudeerden", "evenwicht", "onzeker", "niet_te_beoordelen")
STATUS_VAN = {TEKORT: KNELPUNT, DREIGEND: KNELPUNT, LANDEN: AANDACHTSPUNT, EVENWICHT: GEEN_KNELPUNT,
              ONZEKER_CODE: ONZEKER, ONBEOORDEELD: NIET_TE_BEOORDELEN}
TITELS = {TEKORT: "Tekort", DREIGEND: "Dreigend tekort", LANDEN: "Aandachtspunt: landen van afgestudeerden",
          EVENWICHT: "Evenwicht", ONZEKER_CODE: "Onzeker", ONBEOORDEELD: "Niet te beoordelen"}

# Sectors whose shortages weigh extra for society: public administration, education and care (O, P, Q).
MAATSCHAPPELIJKE_SECTOREN = ("O", "P", "Q")

GROEIT, DAALT = "groeit", "daalt"


@dataclass(frozen=True)
class Drempels:
    """Thresholds of the decision table; change them per region and say so in the report.

    groei_procent: een trend 'groeit' of 'daalt' pas boven deze groei per jaar (in %) ...
        én buiten de onzekerheid (zie z); anders 'geen duidelijke ontwikkeling'.
    z: een trend telt pas als de groei minstens zoveel standaardfouten van nul ligt (1,645: 95% eenzijdig).
    tekort_factor: 'tekort' als de schoolverlaters die in de regio blijven minder zijn dan deze factor maal de
        behoefte per jaar, over het hele bereik van de aannames.
    overschot_factor: 'landen van afgestudeerden' als de schoolverlaters meer zijn dan deze factor maal de
        behoefte, over het hele bereik; geen knelpunt, wel een aandachtspunt.
    """

    groei_procent: float = 0.5
    z: float = 1.645
    tekort_factor: float = 0.8
    overschot_factor: float = 2.0

    def als_tabel(self) -> list[dict]:
        """The thresholds with their Dutch explanation, for a table in the report."""
        namen = {f.name for f in fields(self)}
        uitleg, huidig = {}, None
        for regel in (self.__doc__ or "").splitlines():
            naam, _, rest = regel.strip().partition(":")
            if naam in namen:
                huidig, uitleg[naam] = naam, rest.strip()
            elif huidig and regel.strip():
                uitleg[huidig] += " " + regel.strip()
        return [{"drempel": f.name, "waarde": getattr(self, f.name), "betekenis": uitleg.get(f.name, "").replace(" ...", "")}
                for f in fields(self)]


@dataclass
class Beoordeling:
    """The one decision of the table for one education level, with its causes and the numbers behind it."""

    code: str
    titel: str
    onderwijsniveau: str
    status: str
    bewijs: str
    regel: str
    oorzaken: list[str] = field(default_factory=list)

    @property
    def is_knelpunt(self) -> bool:
        return self.status == KNELPUNT

    def als_dict(self) -> dict:
        return asdict(self)


def regel_in_woorden(d: Drempels) -> str:
    """The decision table in words: the same for every level."""
    return (
        f"Verhouding = schoolverlaters die in de regio blijven per jaar / behoefte per jaar (uitbreidings- plus "
        f"vervangingsvraag van alle sectoren waarvoor de gekoppelde richtingen opleiden), beide als bereik; de "
        f"onzekerheden van beide tellen samen als bij een verhouding (kwadratisch opgeteld). "
        f"Tekort: de hele verhouding onder {tekst.getal(d.tekort_factor, 1)}. Aandachtspunt landen van "
        f"afgestudeerden: de hele verhouding boven {tekst.getal(d.overschot_factor, 1)}. Evenwicht: daartussen. "
        f"Onzeker: het bereik valt in twee van die klassen. Dreigend tekort: evenwicht, een bereik van tekort tot "
        f"evenwicht, of een onbekende verhouding, "
        f"terwijl de werkgelegenheid aantoonbaar groeit en de instroom aantoonbaar daalt (trend buiten "
        f"{tekst.procent(d.groei_procent)} per jaar en {tekst.getal(d.z, 2)} standaardfout). Niet te beoordelen: "
        f"een cijfer ontbreekt."
    )


def _klasse_van_verhouding(verhouding: float, d: Drempels) -> str:
    if verhouding < d.tekort_factor:
        return TEKORT
    if verhouding > d.overschot_factor:
        return LANDEN
    return EVENWICHT


def _verhouding_bereik(rij) -> tuple[float, float] | None:
    """(low, high) of school-leavers / need, or None when one of them is unknown or not by study direction."""
    waarden = [rij.get(k) for k in ("schoolverlaters_onder", "schoolverlaters_boven", "behoefte_richting_onder",
                                     "behoefte_richting_boven")]
    if any(is_leeg(w) for w in waarden) or not rij.get("uitstroom_richting") or rij["onderwijsniveau"] == "laag":
        return None
    s_onder, s_boven, b_onder, b_boven = (float(w) for w in waarden)
    s_midden, b_midden = (s_onder + s_boven) / 2, (b_onder + b_boven) / 2
    if b_boven <= 0:
        return float("inf"), float("inf")
    if b_midden <= 0 or s_midden <= 0:
        return (0.0, 0.0) if s_midden <= 0 else (s_onder / b_boven, float("inf"))
    # the ranges of supply and need are independent: their relative half-widths add in quadrature, as in
    # ordinary error propagation for a ratio (taking both extremes at once would overstate the spread)
    relatief = math.hypot((s_boven - s_onder) / 2 / s_midden, (b_boven - b_onder) / 2 / b_midden)
    midden = s_midden / b_midden
    return max(midden * (1 - relatief), 0.0), midden * (1 + relatief)


def _schatting(onder, boven) -> str:
    """An estimated range no more precise than the method: rounded to tens."""
    return f"{tekst.tiental(onder)} tot {tekst.tiental(boven)}"


def _bereik_tekst(bereik: tuple[float, float]) -> str:
    return " tot ".join("oneindig (geen behoefte)" if w == float("inf") else tekst.getal(w, 1) for w in bereik)


LAAG_NIET_VERGELIJKBAAR = (
    "op laag niveau geen vergelijkbaar aanbod: werk op laag niveau wordt vooral ingevuld door mensen zonder "
    "startkwalificatie (vmbo, havo/vwo-onderbouw, entree), niet alleen door schoolverlaters van de entreeopleiding"
)


def _ontbrekend(rij) -> list[str]:
    if rij["onderwijsniveau"] == "laag":
        return [LAAG_NIET_VERGELIJKBAAR]
    uit = []
    if is_leeg(rij.get("behoefte_richting_onder")):
        uit.append("de behoefte per jaar")
    if is_leeg(rij.get("schoolverlaters_onder")):
        uit.append("de gediplomeerden")
    elif not rij.get("uitstroom_richting"):
        uit.append("de gediplomeerden in de gekoppelde richtingen (CBS telt hbo- en wo-gediplomeerden per regio niet "
                   "per richting)")
    return uit


def _oorzaken(rij, code: str) -> list[str]:
    """Causes attached to a (threatening) shortage, in a few words (the numbers are in the evidence): not
    separate findings."""
    if code not in (TEKORT, DREIGEND, ONZEKER_CODE):
        return []
    uit = []
    if rij.get("aanbod") is False:
        grond = str(rij.get("aanbod_grond") or "")
        uit.append(f"geen regionale opleiding ({grond if grond.startswith('opgegeven') else 'naar vestiging, DUO'})")
    if rij.get("instroom_klasse") == DAALT:
        uit.append("instroom daalt")
    if rij.get("werk_klasse") == GROEIT:
        uit.append("werkgelegenheid groeit")
    vervanging, behoefte = rij.get("vervangingsvraag_per_jaar"), rij.get("behoefte_per_jaar")
    if not is_leeg(vervanging) and not is_leeg(behoefte) and behoefte > 0 and vervanging / behoefte >= 0.5:
        uit.append("vooral vervangingsvraag (vergrijzing)")
    return uit


def beslis(rij, d: Drempels | None = None) -> Beoordeling:
    """The one decision for one level (a row of ``Duidingsbasis.per_niveau`` as a dict)."""
    d = d or Drempels()
    niveau = rij["onderwijsniveau"]
    label = tekst.niveau_label(niveau)
    bereik = _verhouding_bereik(rij)
    trends = (f"werkgelegenheid: {rij.get('werk_zin') or tekst.ONBEKEND}; instroom ({rij.get('instroom_wat') or 'instroom'}): "
              f"{rij.get('instroom_zin') or tekst.ONBEKEND}")
    dreigt = rij.get("werk_klasse") == GROEIT and rij.get("instroom_klasse") == DAALT
    if bereik is None:
        code = DREIGEND if dreigt else ONBEOORDEELD
        ontbreekt = _ontbrekend(rij)
        reden = (ontbreekt[0] if ontbreekt == [LAAG_NIET_VERGELIJKBAAR]
                 else f"{tekst.lijst(ontbreekt)} {'ontbreekt' if len(ontbreekt) == 1 else 'ontbreken'}")
        bewijs = f"Verhouding schoolverlaters/behoefte niet te bepalen: {reden}. Trends: {trends}."
    else:
        onder, boven = (_klasse_van_verhouding(w, d) for w in bereik)
        code = onder if onder == boven else ONZEKER_CODE
        # balance now, or a range that reaches a shortage, while both trends point to one: threatening
        if dreigt and (code == EVENWICHT or (code == ONZEKER_CODE and onder == TEKORT)):
            code = DREIGEND
        bewijs = (f"Schoolverlaters die in de regio blijven: {_schatting(rij['schoolverlaters_onder'], rij['schoolverlaters_boven'])} "
                  f"per jaar (personen, schatting); behoefte van de sectoren van de richtingen: "
                  f"{_schatting(rij['behoefte_richting_onder'], rij['behoefte_richting_boven'])} per jaar (banen, schatting); verhouding {_bereik_tekst(bereik)}"
                  + (f" ({TITELS[onder].lower()} of {TITELS[boven].lower()})" if onder != boven else "")
                  + f". Trends: {trends}.")
    oorzaken = _oorzaken(rij, code)
    if oorzaken:
        bewijs += f" Oorzaken: {'; '.join(oorzaken)}."
    return Beoordeling(code, f"{TITELS[code]} op {label} niveau", niveau, STATUS_VAN[code], bewijs,
                       regel_in_woorden(d), oorzaken)


def beoordeel(basis, drempels: Drempels | None = None) -> list[Beoordeling]:
    """One decision per education level for a :class:`werkboek.analyse.Duidingsbasis`."""
    d = drempels or Drempels()
    return [beslis(rij, d) for rij in basis.per_niveau.to_dict("records")]


def knelpunten(beoordelingen: list[Beoordeling]) -> list[Beoordeling]:
    """Only the outcomes that are pain points (tekort, dreigend tekort)."""
    return [b for b in beoordelingen if b.is_knelpunt]


def als_tabel(beoordelingen: list[Beoordeling]):
    """All outcomes as a DataFrame with Dutch column names, for display and export."""
    kolommen = ["Oordeel", "Onderwijsniveau", "Uitkomst", "Bewijs", "Oorzaken", "Regel in woorden", "code"]
    return pd.DataFrame([{
        "Oordeel": b.titel, "Onderwijsniveau": tekst.niveau_label(b.onderwijsniveau), "Uitkomst": b.status,
        "Bewijs": b.bewijs, "Oorzaken": "; ".join(b.oorzaken), "Regel in woorden": b.regel, "code": b.code,
    } for b in beoordelingen], columns=kolommen)  # an empty list still gives the header row


# ---------------------------------------------------------------------------------------------------------------
# Deepening questions (9): in our own words, after the guide's list of qualitative questions.

VERDIEPENDE_VRAGEN: dict[str, list[str]] = {
    "vervangingsvraag": [
        "Kunnen werkgevers de uitstroom van oudere werkenden spreiden of uitstellen, bijvoorbeeld met aandacht "
        "voor gezond doorwerken, deeltijdpensioen of het overdragen van vakkennis?",
        "Hoe stromen werkenden binnen de sector nu door naar de functies waar mensen vertrekken, en kan dat sneller?",
        "Wat betekent het voor werkgevers en inwoners als de plaatsen van vertrekkende werkenden niet worden ingevuld?",
    ],
    "uitbreidingsvraag": [
        "Wat gebeurt er met de regionale ambities (bijvoorbeeld de woningbouw of de zorg) als de groei van de "
        "werkgelegenheid niet wordt bijgehouden?",
        "Is de groei blijvend of hangt zij af van tijdelijke opdrachten en conjunctuur?",
    ],
    "voldoende_instroom": [
        "Er kiezen genoeg studenten voor deze richting: wat helpt om afgestudeerden bij werkgevers in de regio aan "
        "de slag te krijgen en te houden (stages, leerwerkplekken, baangaranties)?",
    ],
    "onvoldoende_instroom": [
        "Wat zou meer jongeren en volwassenen laten kiezen voor een opleiding in deze richting, en wie heeft daar "
        "invloed op: loopbaanoriëntatie op school, werkgevers, ouders, gemeenten?",
        "Kan de doorstroom naar een hoger niveau (bijvoorbeeld van mbo 3 naar mbo 4) worden versterkt?",
    ],
    "talent_van_buiten": [
        "Als instroom of regionale uitstroom tekortschiet: hoe kunnen mensen van buiten de regio, of uit andere "
        "sectoren en beroepen, de overstap maken (zij-instroom, om- en bijscholing)?",
    ],
    "aanbod_aanpassen": [
        "Is er reden om het regionale opleidingsaanbod aan te vullen of aan te passen, bijvoorbeeld met een "
        "opleiding op een nevenlocatie, een hybride leeromgeving bij werkgevers of meer stageplaatsen in de regio?",
        "Kunnen huidige werkenden worden om- of bijgeschoold naar het gevraagde niveau?",
    ],
    "maatschappelijke_relevantie": [
        "Heeft deze sector in onze regio een extra maatschappelijke functie (zoals zorg, onderwijs of "
        "kinderopvang), waardoor het knelpunt zwaarder weegt?",
    ],
    "economische_relevantie": [
        "Is deze sector een speerpunt van de regionale economie, en wat betekent het knelpunt voor die ambitie?",
    ],
}

# Which patterns a pain point raises.
PATRONEN_PER_KNELPUNT: dict[str, tuple[str, ...]] = {
    TEKORT: ("onvoldoende_instroom", "talent_van_buiten"),
    DREIGEND: ("uitbreidingsvraag", "onvoldoende_instroom", "talent_van_buiten"),
    LANDEN: ("voldoende_instroom",),
}
# Patterns raised by a cause attached to a decision.
PATRONEN_PER_OORZAAK: dict[str, tuple[str, ...]] = {
    "geen regionale opleiding": ("aanbod_aanpassen",),
    "vooral vervangingsvraag": ("vervangingsvraag",),
    "werkgelegenheid groeit": ("uitbreidingsvraag",),
}


def verdiepende_vragen(beoordelingen: list[Beoordeling], sector: str | None = None,
                       speerpuntsectoren: tuple[str, ...] = (), relevantie: bool = True) -> list[dict]:
    """The deepening questions for the pain points and attention points, each once, with what gave rise to them:
    the one generator of questions (notebook 03 shows them per decision, :func:`werkboek.duiding.vragen_per_knelpunt`).

    ``sector`` adds the question on social relevance for care, education and public administration;
    ``speerpuntsectoren`` (the region's own spearhead sectors) adds the question on economic relevance.
    """
    aanleidingen: dict[str, list[str]] = {}
    for b in beoordelingen:
        if not (b.is_knelpunt or b.status == AANDACHTSPUNT):  # questions follow pain and attention points only
            continue
        patronen = list(PATRONEN_PER_KNELPUNT.get(b.code, ()))
        patronen += [p for oorzaak in b.oorzaken for begin, ps in PATRONEN_PER_OORZAAK.items()
                     if oorzaak.startswith(begin) for p in ps]
        for patroon in patronen:
            aanleidingen.setdefault(patroon, []).append(b.titel)
    if relevantie and aanleidingen and sector in MAATSCHAPPELIJKE_SECTOREN:
        aanleidingen.setdefault("maatschappelijke_relevantie", []).append(f"sector {sector}")
    if relevantie and aanleidingen and sector and sector in speerpuntsectoren:
        aanleidingen.setdefault("economische_relevantie", []).append(f"sector {sector} is een speerpunt")
    vragen = []
    for patroon in VERDIEPENDE_VRAGEN:  # fixed order, as in the guide
        if patroon in aanleidingen:
            for vraag in VERDIEPENDE_VRAGEN[patroon]:
                vragen.append({"patroon": patroon, "vraag": vraag,
                               "aanleiding": tekst.lijst(dict.fromkeys(aanleidingen[patroon]))})
    return vragen
