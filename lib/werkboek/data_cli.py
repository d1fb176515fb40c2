"""``werkboek data``: the data layer's commands (filled in by the data layer)."""

from __future__ import annotations


def registreer(subparsers) -> None:
    parser = subparsers.add_parser("data", help="beheer de databronnen, de cache en momentopnamen")
    parser.set_defaults(func=lambda args: parser.print_help() or 2)
