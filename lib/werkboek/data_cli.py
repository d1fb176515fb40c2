"""``werkboek data``: the table register, the cache, preparing data and snapshots. All output is Dutch.

    werkboek data tabellen                         het tabellenregister
    werkboek data status                           wat staat er in de cache
    werkboek data voorbereiden [--bron demo|cbs] [--ververs]
    werkboek data pak <zip>                        de cache met herkomst in één zip-bestand
    werkboek data uitpak <zip>                     een momentopname terugzetten
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from werkboek import cache, paden, verbinding
from werkboek.bronnen import open_bron
from werkboek.bronsoorten import BRONSOORTEN
from werkboek.fouten import dutch_warnings
from werkboek.register import standaard_register


def registreer(subparsers) -> None:
    parser = subparsers.add_parser(
        "data",
        help="beheer de databronnen, de cache en momentopnamen",
        description=(
            "Beheer de data van het werkboek: bekijk het tabellenregister en de cache, haal alle tabellen één keer "
            "op (of maak de demodata), en maak of herstel een momentopname voor een computer zonder internet."
        ),
    )
    sub = parser.add_subparsers(title="commando's", dest="data_commando", metavar="COMMANDO")

    tabellen = sub.add_parser("tabellen", help="toon het tabellenregister (data/tabellen.yaml)",
                              description="Toon per thema de CBS-tabel per indelingsjaar, of het id bevestigd is, "
                                          "en de dimensies, onderwerpen en categorieën met hun status.")
    tabellen.set_defaults(func=toon_tabellen)

    status = sub.add_parser("status", help="toon wat er in de cache staat: herkomst, leeftijd, rijen, filter, grootte",
                            description="Toon de tabellen in de cache: bron (demo of echt), wanneer en waarvandaan "
                                        "opgehaald, welk deel van de tabel (het filter), aantal rijen en grootte "
                                        "op schijf.")
    status.add_argument("--filters", action="store_true", help="toon ook de volledige $filter-teksten per tabel")
    status.set_defaults(func=toon_status)

    voorbereiden = sub.add_parser(
        "voorbereiden", help="haal elke tabel uit het register één keer op en vul de cache",
        description="Haal elke tabel uit het register één keer op (bron cbs) of maak de demodata (bron demo), en "
                    "reken de cijfers per arbeidsmarktregio voor. Daarna werken de notebooks zonder internet.")
    voorbereiden.add_argument("--bron", choices=[n for n, s in BRONSOORTEN.items() if s.haalt_op], default="demo",
                              help="demo (standaard, synthetisch, zonder internet) of cbs (echte open data: CBS- en "
                                   "DUO-cijfers)")
    voorbereiden.add_argument("--jaar", type=int, default=None,
                              help="peiljaar: de regio-indeling waarin de reeksen per regio worden voorberekend "
                                   "(standaard de nieuwste indeling in het register)")
    voorbereiden.add_argument("--ververs", action="store_true",
                              help="haal de tabellen opnieuw op, ook als ze al in de cache staan")
    voorbereiden.set_defaults(func=voorbereiden_uitvoeren)

    pak = sub.add_parser("pak", help="schrijf de cache met herkomst naar één zip-bestand (momentopname)",
                         description="Schrijf de hele cache, met de herkomst van elke tabel, naar één zip-bestand. "
                                     "Zet dat op een computer zonder internet terug met 'werkboek data uitpak'.")
    pak.add_argument("zip", help="pad van het zip-bestand dat wordt gemaakt")
    pak.set_defaults(func=pak_uitvoeren)

    uitpak = sub.add_parser("uitpak", help="zet een momentopname (zip) terug in de cache",
                            description="Zet een momentopname terug in de cache. Het zip-bestand wordt eerst volledig "
                                        "gecontroleerd; een beschadigd of onveilig bestand wordt geweigerd zonder de "
                                        "bestaande cache aan te raken.")
    uitpak.add_argument("zip", help="pad van het zip-bestand van 'werkboek data pak'")
    uitpak.set_defaults(func=uitpak_uitvoeren)

    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _ja_nee(waarde: bool) -> str:
    return "ja" if waarde else "nee"


def _zoekwijze(key: str | None, titel, status: str) -> str:
    delen = []
    if key:
        delen.append(f"key {key} ({status})")
    if titel:
        delen.append("titel " + " / ".join(f"'{t}'" for t in (titel if isinstance(titel, (list, tuple)) else [titel])))
    return ", ".join(delen) or "via de metadata"


def toon_tabellen(args: argparse.Namespace) -> int:
    register = standaard_register()
    print(f"Tabellenregister {register.pad} (versie {register.versie}); het werkboek haalt jaren vanaf "
          f"{register.eerste_jaar} op.")
    for thema in register.themas.values():
        print(f"{thema.naam}: {thema.titel}")
        print(f"  niveau: {thema.niveau}; telt: {thema.eenheid_telling}; plaats: {thema.plaats}; "
              f"eenheid: {thema.eenheid or '-'}")
        if thema.bron:
            print(f"  bron van de feiten: {thema.bron}")
        for uitgave in thema.tabellen:
            indeling = "alle jaren" if uitgave.indeling is None else f"indeling {uitgave.indeling}"
            opmerking = f" ({uitgave.opmerking})" if uitgave.opmerking else ""
            print(f"    {uitgave.id:<10} {indeling:<15} id {uitgave.status}{opmerking}")
        for naam, dim in thema.dimensies.items():
            extra = f", niveaus {'/'.join(dim.niveaus)}" if dim.niveaus else (f", periodes {dim.soort}" if dim.soort else "")
            print(f"  dimensie {naam}: {dim.key} ({dim.status}){extra}")
            for categorie in dim.categorieen.values():
                print(f"      {categorie.naam}: {categorie.omschrijving()}")
        for vast in thema.vast.values():
            totaal = vast.key or " / ".join(f"'{t}'" for t in vast.titels)
            print(f"  vast op totaal: {vast.dimensie} = {totaal} ({vast.status})")
        for som in thema.optellen.values():
            print(f"  opgeteld (samen het geheel): {som.dimensie} = {' + '.join(som.keys)}")
        for o in thema.onderwerpen.values():
            print(f"  onderwerp {o.naam}: {o.omschrijving()}")
        print()
    for spec in register.duo.values():  # DUO open data (section 'duo')
        print(f"DUO {spec.naam}: {spec.titel}")
        print(f"  dataset {spec.dataset} (id {spec.dataset_id or 'onbekend'}, {spec.dataset_status}); plaats: "
              f"{spec.plaats}; eenheid: {spec.eenheid}; gemeente via: {spec.gemeente}")
        for r in spec.resources:
            print(f"    {r.id}  {r.jaar or r.deel or '':<5} '{r.naam}' ({r.status})")
        print(f"  nieuw bestand gezocht op naam: {spec.naampatroon}")
        print(f"  maskering: {spec.maskering}")
        print()
    afgeleid = sum(not u.gecontroleerd for _, u in register.alle_uitgaven())
    print(f"{len(register.alle_uitgaven())} tabellen; {afgeleid} ids alleen afgeleid (controleer ze zodra u online "
          "bent). Wat niet als key in het register staat, zoekt het werkboek in de metadata van de tabel zelf.")
    return 0


def grootte(aantal: int) -> str:
    """Bytes in Dutch notation: '12,3 kB'."""
    for eenheid in ("B", "kB", "MB", "GB"):
        if aantal < 1024 or eenheid == "GB":
            tekst = f"{aantal:.0f}" if eenheid == "B" else f"{aantal:.1f}"
            return f"{tekst.replace('.', ',')} {eenheid}"
        aantal /= 1024
    return f"{aantal} B"


def leeftijd(iso: str | None) -> str:
    try:
        moment = dt.datetime.fromisoformat(str(iso))
    except ValueError:
        return "onbekend"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    dagen = (dt.datetime.now(dt.timezone.utc) - moment).days
    return "vandaag" if dagen <= 0 else ("gisteren" if dagen == 1 else f"{dagen} dagen geleden")


def toon_status(args: argparse.Namespace) -> int:
    map_ = paden.cache_dir()
    rijen = cache.vermeldingen(map_)
    print(f"Cache: {map_}")
    if not rijen:
        print("De cache is leeg. Vul hem met 'werkboek data voorbereiden' (demodata) of "
              "'werkboek data voorbereiden --bron cbs' (echte CBS-cijfers).")
    beschadigd = 0
    for rij in rijen:
        if rij.get("afgeleid"):
            print(f"  {rij['bron']:<5} {'voorberekend per regio':<28} {grootte(rij['bytes']):>10}")
            continue
        if rij["staat"] != "goed":
            beschadigd += 1
            print(f"  {rij['bron']:<5} {rij['tabel_id']:<10} BESCHADIGD: {rij['staat']}")
            continue
        if rij.get("soort") == "duo":
            _toon_duo(rij)
            continue
        soort = "demodata (synthetisch)" if rij.get("demo") else "echte CBS-cijfers"
        print(
            f"  {rij['bron']:<5} {rij['tabel_id']:<10} {rij.get('thema', ''):<27} {soort:<23} "
            f"{rij.get('rijen', 0):>8} rijen {grootte(rij['bytes']):>10}  opgehaald {leeftijd(rij.get('opgehaald'))}, "
            f"CBS-versie {rij.get('gewijzigd', '?')}, van {rij.get('bron_url', '?')}"
        )
        filters = rij.get("filters") or []
        tabelrijen = f" van {rij['tabel_rijen']} rijen in de hele tabel" if rij.get("tabel_rijen") else ""
        print(f"        deel: {rij.get('plak_samenvatting') or 'hele tabel'}{tabelrijen}; "
              f"{len([f for f in filters if f])} filter(s)")
        if args.filters:
            for filter_ in filters:
                print(f"          $filter={filter_}")
    totaal = sum(r["bytes"] for r in rijen)
    print(f"Totaal {len([r for r in rijen if not r.get('afgeleid')])} tabellen, {grootte(totaal)} op schijf.")
    inst = verbinding.lees_instellingen()
    print(f"Verbinding: {inst.basis_url} (CBS), {inst.duo_basis_url} (DUO), time-out {inst.timeout:g} s, "
          f"{inst.pogingen} nieuwe pogingen, "
          f"CA-bundel {inst.ca_bundel or 'standaard'}, TLS-controle {'aan' if inst.tls_controle else 'UIT'}.")
    return 1 if beschadigd else 0


def _toon_duo(rij: dict) -> None:
    """A DUO entry of the cache: one line for the kind of file, one per file in it."""
    soort = "demodata (synthetisch)" if rij.get("demo") else "echte DUO-cijfers"
    print(f"  {rij['bron']:<5} {rij['tabel_id']:<27} DUO {rij.get('dataset', '?'):<27} {soort:<23} "
          f"{rij.get('rijen', 0):>8} rijen {grootte(rij['bytes']):>10}  opgehaald {leeftijd(rij.get('opgehaald'))}, "
          f"van {rij.get('bron_url', '?')}")
    for bestand in rij.get("resources") or []:
        wat = bestand.get("jaar") or bestand.get("deel") or ""
        print(f"        {wat!s:<5} '{bestand.get('resource_naam')}' ({bestand.get('resource_id')}), bestand van "
              f"{bestand.get('bestandsdatum') or '?'}, {bestand.get('rijen')} rijen, gekozen op {bestand.get('gekozen_op')}")
    print(f"        licentie: {rij.get('licentie', '?')}; plaats: {rij.get('plaats', '?')}")


def voorbereiden_uitvoeren(args: argparse.Namespace) -> int:
    bron = open_bron(args.bron, ververs=args.ververs, peiljaar=args.jaar)
    print(bron.beschrijving)
    begin = time.perf_counter()
    with dutch_warnings():
        overzicht = bron.bereid_voor()
    for rij in overzicht + bron.duo_overzicht:
        print(f"  {rij['thema']:<28} {rij['tabel_id']:<10} {rij['rijen']:>8} rijen, opgehaald {rij['opgehaald']}; "
              f"deel: {rij['plak']}")
    print(f"{len(overzicht)} tabellen klaar (en {len(bron.duo_overzicht)} soorten DUO-bestanden) in "
          f"{time.perf_counter() - begin:.1f} s; cache: {bron.map}.")
    return 0


def pak_uitvoeren(args: argparse.Namespace) -> int:
    zip_pad = Path(args.zip).resolve()
    manifest = cache.pak(zip_pad, register_vingerafdruk=standaard_register().vingerafdruk)
    demo = sum(bool(t.get("demo")) for t in manifest["tabellen"])
    print(f"Momentopname geschreven: {zip_pad} ({grootte(zip_pad.stat().st_size)}), {len(manifest['tabellen'])} "
          f"tabellen waarvan {demo} demodata. Zet hem terug met 'werkboek data uitpak {zip_pad.name}'.")
    return 0


def uitpak_uitvoeren(args: argparse.Namespace) -> int:
    manifest = cache.pak_uit(Path(args.zip))
    print(f"Momentopname van {manifest.get('gemaakt')} teruggezet in {paden.cache_dir()}: "
          f"{len(manifest['tabellen'])} tabellen, herkomst behouden. Gebruik bron 'momentopname' of 'cbs'.")
    return 0
