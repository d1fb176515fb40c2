"""``werkboek regios``: print the region registry."""

from __future__ import annotations

import argparse

from werkboek.regios import alle_regios


def registreer(subparsers) -> None:
    parser = subparsers.add_parser(
        "regios",
        help="toon de 35 arbeidsmarktregio's met code, naam en mapnaam",
        description="Toon het regioregister: code, officiële naam en de bestandsveilige naam (slug).",
    )
    parser.set_defaults(func=toon_regios)


def toon_regios(args: argparse.Namespace) -> int:
    regios = alle_regios()
    breedte = max(len(r.naam) for r in regios)
    print(f"{'code':<6}{'naam':<{breedte + 2}}slug")
    for regio in regios:
        print(f"{regio.code:<6}{regio.naam:<{breedte + 2}}{regio.slug}")
    print(f"\n{len(regios)} arbeidsmarktregio's (bron: data/regios.csv).")
    return 0
