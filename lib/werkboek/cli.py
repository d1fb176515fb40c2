"""The ``werkboek`` command. All help text and messages are Dutch.

Sub-commands live in the module that does the work; each module exposes ``registreer(subparsers)``.
Modules import what they use at their top; only ``werkboek controleer`` keeps pandas and nbformat out of its
top-level imports, because it must still run (and say what is wrong) in a half-broken installation.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from werkboek import __version__
from werkboek.fouten import WerkboekFout, schijffout_tekst

# argparse's own words, in Dutch. argparse looks these up through its module-level gettext function.
_VERTALING = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "the following arguments are required: %s": "deze argumenten zijn verplicht: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "expected one argument": "verwacht één waarde",
    "invalid %(type)s value: %(value)r": "ongeldige waarde %(value)r",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
}
_origineel = argparse._


def _nederlands(tekst: str) -> str:
    return _VERTALING.get(tekst, _origineel(tekst))


argparse._ = _nederlands

# Modules that add sub-commands, in the order they appear in the help text.
SUBCOMMANDO_MODULES = (
    "werkboek.cli_regios", "werkboek.batch", "werkboek.sitecontrole", "werkboek.data_cli", "werkboek.controle",
)


def maak_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="werkboek",
        description=(
            "Werkboek datagedreven arbeidsmarktbeleid: voer de VNG-werkwijze uit voor één of alle 35 "
            "arbeidsmarktregio's, met CBS-data of met ingebouwde demodata."
        ),
        epilog="Meer uitleg: README.md en de map docs/.",
    )
    parser.add_argument("--versie", action="version", version=f"werkboek {__version__}", help="toon de versie en stop")
    subparsers = parser.add_subparsers(title="commando's", dest="commando", metavar="COMMANDO")
    for naam in SUBCOMMANDO_MODULES:
        importlib.import_module(naam).registreer(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = maak_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except WerkboekFout as fout:
        print(f"werkboek: fout: {fout}", file=sys.stderr)
        return 2
    except OSError as fout:  # a full disk or a read-only folder: a Dutch message instead of a traceback
        print(f"werkboek: fout: {schijffout_tekst(fout)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("werkboek: onderbroken door de gebruiker.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
