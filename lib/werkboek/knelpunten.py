"""Pain points by explicit rules, and the deepening questions they raise for the regional conversation.

Every rule is written out in words (``regel``) with its thresholds, and every finding carries the numbers
behind it (``bewijs``) in Dutch notation. A rule whose inputs are unknown says so (status
``niet te beoordelen``); it never reports a pain point, nor the absence of one, on missing data.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from werkboek import tekst
from werkboek.reeksen import binnen_marge
from werkboek.tekst import is_leeg

KNELPUNT = "knelpunt"
GEEN_KNELPUNT = "geen knelpunt"
NIET_TE_BEOORDELEN = "niet te beoordelen"

# Sectors whose shortages weigh extra for society (the guide names care, education and childcare).
MAATSCHAPPELIJKE_SECTOREN = ("O", "P", "Q")


@dataclass(frozen=True)
class Drempels:
    """Thresholds of the pain-point rules; change them per region and say so in the report.

    groei_procent: werkgelegenheid 'groeit' boven deze groei per jaar (in %), 'daalt' onder min deze waarde.
    instroom_daling_procent: instroom 'daalt' bij een groei per jaar onder deze waarde (in %, negatief).
    instroom_vlak_procent: instroom is 'vlak of dalend' bij een groei per jaar onder deze waarde (in %).
    vergrijzing_marge_procentpunt: het aandeel 55-plussers ligt 'ruim boven' het landelijke bij minstens
        zoveel procentpunt verschil.
    overaanbod_factor: verwachte uitstroom per jaar is 'ruim boven' de behoefte bij minstens deze factor.
    onderaanbod_factor: verwachte uitstroom per jaar is 'ruim onder' de behoefte bij hoogstens deze factor.
    """

    groei_procent: float = 0.5
    instroom_daling_procent: float = -0.5
    instroom_vlak_procent: float = 0.5
    vergrijzing_marge_procentpunt: float = 2.0
    overaanbod_factor: float = 2.0
    onderaanbod_factor: float = 0.5

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
        return [{"drempel": f.name, "waarde": getattr(self, f.name), "betekenis": uitleg.get(f.name, "")}
                for f in fields(self)]


@dataclass
class Beoordeling:
    """The outcome of one rule for one education level (``alle`` for rules over all levels)."""

    code: str
    titel: str
    onderwijsniveau: str
    status: str
    bewijs: str
    regel: str

    @property
    def is_knelpunt(self) -> bool:
        return self.status == KNELPUNT

    def als_dict(self) -> dict:
        return asdict(self)


def _groei_tekst(waarde, periode: str = "") -> str:
    deel = f" ({periode})" if periode else ""
    return f"{tekst.procent(waarde, teken=True)} per jaar{deel}"


def _ontbreekt(namen: dict) -> list[str]:
    return [naam for naam, waarde in namen.items() if is_leeg(waarde)]


def _niet_te_beoordelen(code, titel, niveau, regel, ontbrekend) -> Beoordeling:
    return Beoordeling(code, titel, niveau, NIET_TE_BEOORDELEN,
                       f"Niet te beoordelen: {tekst.lijst(ontbrekend)} onbekend.", regel)


def _instroom_tekst(rij) -> str:
    """What the inflow figure of a level is, in a few words: DUO first-years by location, or the student trend."""
    if rij.get("instroom_bron") == "cbs_studententrend":
        return "studenten die in de regio wonen (trend; DUO telt hier geen eerstejaars)"
    return rij.get("instroom_wat") or "instroom"


def _binnen_marge_tekst(rij, drempel: float) -> str:
    """The Dutch caveat when the inflow growth lies on both sides of the threshold within its margin."""
    groei = {"cagr_onder_procent": rij.get("instroom_cagr_onder_procent"),
             "cagr_boven_procent": rij.get("instroom_cagr_boven_procent")}
    if not binnen_marge(groei, drempel):
        return ""
    return (f" De groei ligt binnen de marge van de cijfers (afronding of afgeschermde kleine aantallen: tussen "
            f"{tekst.procent(min(groei.values()), teken=True)} en {tekst.procent(max(groei.values()), teken=True)} "
            "per jaar): geen aantoonbare daling.")


def _regel_groei_dalende_instroom(rij, d: Drempels) -> Beoordeling:
    niveau = tekst.niveau_label(rij["onderwijsniveau"])
    code, titel = "groei_dalende_instroom", f"Werk op {niveau} niveau groeit, instroom op dat niveau daalt"
    regel = (f"Knelpunt als de (geschatte) werkgelegenheid op dit niveau meer dan "
             f"{tekst.procent(d.groei_procent, teken=True)} per jaar groeit terwijl de instroom op dit niveau "
             f"minder dan {tekst.procent(d.instroom_daling_procent)} per jaar krimpt, ook aan de gunstige kant van de "
             "marge van de cijfers (afronding op tientallen, afgeschermde kleine aantallen).")
    wg, ins = rij.get("werkgelegenheid_cagr_procent"), rij.get("instroom_cagr_procent")
    ontbrekend = _ontbreekt({"de groei van de werkgelegenheid": wg, "de groei van de instroom": ins})
    if ontbrekend:
        return _niet_te_beoordelen(code, titel, rij["onderwijsniveau"], regel, ontbrekend)
    marge = _binnen_marge_tekst(rij, d.instroom_daling_procent)
    bewijs = (f"Werkgelegenheid op {niveau} niveau (geschat; banen, werkplaats): "
              f"{_groei_tekst(wg, rij.get('werkgelegenheid_periode', ''))}; instroom op {niveau} niveau "
              f"({_instroom_tekst(rij)}): {_groei_tekst(ins, rij.get('instroom_periode', ''))}.{marge}")
    gevonden = wg > d.groei_procent and ins < d.instroom_daling_procent and not marge
    return Beoordeling(code, titel, rij["onderwijsniveau"], KNELPUNT if gevonden else GEEN_KNELPUNT, bewijs, regel)


def _regel_groei_zonder_aanbod(rij, d: Drempels) -> Beoordeling:
    niveau = tekst.niveau_label(rij["onderwijsniveau"])
    code, titel = "groei_zonder_aanbod", f"Werk op {niveau} niveau groeit zonder regionale opleiding"
    regel = (f"Knelpunt als de (geschatte) werkgelegenheid op dit niveau meer dan "
             f"{tekst.procent(d.groei_procent, teken=True)} per jaar groeit en er in de regio geen opleiding op dit "
             "niveau in de gekoppelde richtingen is (naar de vestiging van de opleiding, DUO; of zoals de regio "
             "het opgeeft).")
    wg, aanbod = rij.get("werkgelegenheid_cagr_procent"), rij.get("aanbod")
    ontbrekend = _ontbreekt({"de groei van de werkgelegenheid": wg,
                             "of er een opleiding in de regio is (naar vestiging)": aanbod})
    if ontbrekend:
        uitkomst = _niet_te_beoordelen(code, titel, rij["onderwijsniveau"], regel, ontbrekend)
        if rij.get("aanbod_grond"):
            uitkomst.bewijs += f" ({rij['aanbod_grond']})"
        return uitkomst
    aanbod_tekst = "wel een regionale opleiding" if aanbod else "geen regionale opleiding"
    bewijs = (f"Werkgelegenheid op {niveau} niveau (geschat; banen, werkplaats): "
              f"{_groei_tekst(wg, rij.get('werkgelegenheid_periode', ''))}; {aanbod_tekst} "
              f"({rij.get('aanbod_grond') or 'bron onbekend'}).")
    gevonden = wg > d.groei_procent and not bool(aanbod)
    return Beoordeling(code, titel, rij["onderwijsniveau"], KNELPUNT if gevonden else GEEN_KNELPUNT, bewijs, regel)


def _regel_aanbod_tegen_behoefte(rij, d: Drempels, sectoren: list[str]) -> list[Beoordeling]:
    niveau = tekst.niveau_label(rij["onderwijsniveau"])
    sector_tekst = f"sector {sectoren[0]}" if len(sectoren) == 1 else f"de sectoren {tekst.lijst(sectoren)}"
    behoefte_tekst = (f"de verwachte behoefte per jaar van {sector_tekst}, waarvoor dezelfde studierichtingen "
                      "opleiden (positieve uitbreidingsvraag plus vergrijzingsdeel van de vervangingsvraag)")
    voorbehoud = (" Niet iedere afgestudeerde blijft in de regio of in deze sectoren, en de vervangingsvraag is meer "
                  "dan vergrijzing: lees de uitkomst als signaal, niet als tekort of overschot in aantallen.")
    regels = {
        "onderaanbod": (f"Te weinig uitstroom op {niveau} niveau voor de behoefte",
                        f"Knelpunt als de verwachte uitstroom van gediplomeerden in de gekoppelde studierichtingen per "
                        f"jaar hoogstens {tekst.getal(d.onderaanbod_factor, 2)} keer {behoefte_tekst} is.{voorbehoud}"),
        "overaanbod": (f"Uitstroom op {niveau} niveau ruim boven de behoefte",
                       f"Knelpunt als de verwachte uitstroom van gediplomeerden in de gekoppelde studierichtingen per "
                       f"jaar minstens {tekst.getal(d.overaanbod_factor, 2)} keer {behoefte_tekst} is; dan is de vraag "
                       f"of afgestudeerden in de regio werk vinden.{voorbehoud}"),
    }
    uitstroom, behoefte = rij.get("uitstroom_per_jaar"), rij.get("behoefte_richting_per_jaar")
    ontbrekend = _ontbreekt({"de verwachte uitstroom": uitstroom, f"de verwachte behoefte van {sector_tekst}": behoefte})
    if not is_leeg(uitstroom) and not rij.get("uitstroom_richting"):
        ontbrekend = ["de gediplomeerden in de gekoppelde studierichtingen (CBS telt hbo- en wo-gediplomeerden per "
                      "regio niet per richting; alle richtingen samen zijn niet te vergelijken met de behoefte van "
                      "één sector)"]
    if not ontbrekend and behoefte <= 0:
        ontbrekend = ["een positieve behoefte (die is nul)"]
    uitkomst = []
    for code, (titel, regel) in regels.items():
        if ontbrekend:
            uitkomst.append(_niet_te_beoordelen(code, titel, rij["onderwijsniveau"], regel, ontbrekend))
            continue
        verhouding = uitstroom / behoefte
        bewijs = (f"Verwachte uitstroom op {niveau} niveau: ca. {tekst.tiental(uitstroom)} gediplomeerden per jaar "
                  f"({rij.get('uitstroom_bron', '')}, gemiddelde {rij.get('uitstroom_periode', '')}, woonplaats); "
                  f"verwachte behoefte van {sector_tekst}: ca. {tekst.tiental(behoefte)} personen per jaar; "
                  f"verhouding {tekst.getal(verhouding, 1)}.")
        gevonden = verhouding <= d.onderaanbod_factor if code == "onderaanbod" else verhouding >= d.overaanbod_factor
        uitkomst.append(Beoordeling(code, titel, rij["onderwijsniveau"], KNELPUNT if gevonden else GEEN_KNELPUNT,
                                    bewijs, regel))
    return uitkomst


def _regel_vervangingsdruk(basis, d: Drempels) -> Beoordeling:
    code, titel = "vervangingsdruk", "Hoge vergrijzing bij vlakke of dalende instroom"
    regel = (f"Knelpunt als het aandeel 55-plussers in de werkzame beroepsbevolking van de regio minstens "
             f"{tekst.getal(d.vergrijzing_marge_procentpunt)} procentpunt boven het landelijke ligt en de instroom "
             f"(eerstejaars op alle niveaus in de gekoppelde richtingen, DUO) minder dan "
             f"{tekst.procent(d.instroom_vlak_procent, teken=True)} per jaar groeit. Vergrijzing is alleen het "
             "vergrijzingsdeel van de vervangingsvraag.")
    v = basis.vergrijzing or {}
    verschil, ins = v.get("verschil_procentpunt"), basis.instroom_totaal.get("cagr_procent")
    ontbrekend = _ontbreekt({"het aandeel 55-plussers tegen Nederland": verschil,
                             "de groei van de instroom op alle niveaus (DUO-eerstejaars op elk niveau)": ins})
    if ontbrekend:
        return _niet_te_beoordelen(code, titel, "alle", regel, ontbrekend)
    marge = binnen_marge(basis.instroom_totaal, d.instroom_vlak_procent)
    bewijs = (f"Aandeel 55-plussers {tekst.procent(v['aandeel_procent'])} tegen {tekst.procent(v['aandeel_nl_procent'])} "
              f"landelijk ({tekst.procentpunt(verschil)}, {v['jaar']}{'*' if v.get('voorlopig') else ''}, "
              f"{v.get('basis', '')}); instroom alle niveaus: "
              f"{_groei_tekst(ins, basis.instroom_totaal.get('periode', ''))}"
              + (" (binnen de marge van de cijfers)." if marge else "."))
    gevonden = verschil >= d.vergrijzing_marge_procentpunt and ins < d.instroom_vlak_procent and not marge
    return Beoordeling(code, titel, "alle", KNELPUNT if gevonden else GEEN_KNELPUNT, bewijs, regel)


def beoordeel(basis, drempels: Drempels | None = None) -> list[Beoordeling]:
    """Apply every rule to a :class:`werkboek.analyse.Duidingsbasis`; one outcome per rule and level."""
    d = drempels or Drempels()
    uitkomst = [_regel_vervangingsdruk(basis, d)]
    for rij in basis.per_niveau.to_dict("records"):
        uitkomst.append(_regel_groei_dalende_instroom(rij, d))
        uitkomst.append(_regel_groei_zonder_aanbod(rij, d))
        uitkomst.extend(_regel_aanbod_tegen_behoefte(rij, d, basis.sectoren_richting or [basis.sector]))
    return uitkomst


def knelpunten(beoordelingen: list[Beoordeling]) -> list[Beoordeling]:
    """Only the outcomes that are pain points."""
    return [b for b in beoordelingen if b.is_knelpunt]


def als_tabel(beoordelingen: list[Beoordeling]):
    """All outcomes as a DataFrame with Dutch column names, for display and export."""
    import pandas as pd

    kolommen = ["Regel", "Onderwijsniveau", "Uitkomst", "Bewijs", "Regel in woorden", "code"]
    return pd.DataFrame([{
        "Regel": b.titel, "Onderwijsniveau": tekst.niveau_label(b.onderwijsniveau), "Uitkomst": b.status,
        "Bewijs": b.bewijs, "Regel in woorden": b.regel, "code": b.code,
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
    "groei_dalende_instroom": ("uitbreidingsvraag", "onvoldoende_instroom", "talent_van_buiten"),
    "groei_zonder_aanbod": ("uitbreidingsvraag", "aanbod_aanpassen", "talent_van_buiten"),
    "vervangingsdruk": ("vervangingsvraag", "onvoldoende_instroom"),
    "onderaanbod": ("onvoldoende_instroom", "talent_van_buiten", "aanbod_aanpassen"),
    "overaanbod": ("voldoende_instroom",),
}


def verdiepende_vragen(beoordelingen: list[Beoordeling], sector: str | None = None,
                       speerpuntsectoren: tuple[str, ...] = ()) -> list[dict]:
    """The deepening questions for the pain points found, each once, with what gave rise to them.

    ``sector`` adds the question on social relevance for care, education and public administration;
    ``speerpuntsectoren`` (the region's own spearhead sectors) adds the question on economic relevance.
    """
    aanleidingen: dict[str, list[str]] = {}
    for b in knelpunten(beoordelingen):
        for patroon in PATRONEN_PER_KNELPUNT.get(b.code, ()):
            aanleidingen.setdefault(patroon, []).append(b.titel)
    if aanleidingen and sector in MAATSCHAPPELIJKE_SECTOREN:
        aanleidingen.setdefault("maatschappelijke_relevantie", []).append(f"sector {sector}")
    if aanleidingen and sector and sector in speerpuntsectoren:
        aanleidingen.setdefault("economische_relevantie", []).append(f"sector {sector} is een speerpunt")
    vragen = []
    for patroon in VERDIEPENDE_VRAGEN:  # fixed order, as in the guide
        if patroon in aanleidingen:
            for vraag in VERDIEPENDE_VRAGEN[patroon]:
                vragen.append({"patroon": patroon, "vraag": vraag,
                               "aanleiding": tekst.lijst(dict.fromkeys(aanleidingen[patroon]))})
    return vragen
