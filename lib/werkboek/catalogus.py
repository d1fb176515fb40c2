"""Reading the user-editable YAML catalogues in ``data/`` (questions, data menu, monitoring indicators).

Users edit these files by hand, so every entry is checked on load and a mistake is reported in Dutch with the
file, the entry and the missing or wrong field.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from werkboek import paden
from werkboek.fouten import WerkboekFout


class CatalogusFout(WerkboekFout, ValueError):
    """A catalogue file in data/ is missing, unreadable or has an entry with a missing or wrong field."""


def lees_catalogus(bestand: str | Path, lijst: str, verplicht: tuple[str, ...]) -> tuple[dict, list[dict]]:
    """Load ``data/<bestand>`` (or a path) and return the whole document and its list ``lijst``.

    Every entry must have the ``verplicht`` fields and a unique ``id``.
    """
    pad = Path(bestand) if Path(bestand).is_absolute() else paden.data_dir() / bestand
    try:
        with open(pad, encoding="utf-8") as f:
            document = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # libyaml when present
    except OSError as fout:
        raise CatalogusFout(f"Het bestand {pad} kan niet worden gelezen ({fout}). Herstel het uit git.") from fout
    except yaml.YAMLError as fout:
        raise CatalogusFout(
            f"Het bestand {pad} is geen geldige YAML: {fout}. Controleer inspringing en dubbele punten."
        ) from fout
    items = document.get(lijst)
    if not isinstance(items, list) or not items:
        raise CatalogusFout(f"Het bestand {pad} heeft geen lijst '{lijst}'.")
    gezien: set[str] = set()
    for nummer, item in enumerate(items, start=1):
        naam = item.get("id", f"nummer {nummer}") if isinstance(item, dict) else f"nummer {nummer}"
        if not isinstance(item, dict):
            raise CatalogusFout(f"In {pad} is '{lijst}' {naam} geen blok met velden.")
        ontbreekt = [veld for veld in ("id",) + verplicht if veld not in item]
        if ontbreekt:
            raise CatalogusFout(
                f"In {pad} mist '{naam}' de velden {', '.join(ontbreekt)}. Zie de uitleg bovenaan het bestand."
            )
        if item["id"] in gezien:
            raise CatalogusFout(f"In {pad} komt id '{item['id']}' twee keer voor; geef elke regel een eigen id.")
        gezien.add(item["id"])
    return document, items
