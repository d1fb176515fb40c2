"""Phase 5, the A35 comparison: all 35 regions side by side, from the summaries the phase notebooks wrote.

``bereken(regios_map, bron, ...)`` reads every region's ``samenvatting.json`` and returns the key-figure table,
the rankings (rates, shares and ratios only), the pain points regions share, the map and ranking figure
specifications and the Dutch notes; it writes nothing. ``schrijf`` writes them through the one
:class:`werkboek.export.Uitvoer` (regio 'A35', folder ``outputs/vergelijking/05_a35_vergelijking/``), whose
``sluit`` is the one writer of ``samenvatting.json``. The domain work (tables, rankings, drawing) lives in
:mod:`werkboek.vergelijking`. The comparison has no data source of its own, so it takes no
:class:`~werkboek.fasen.context.Context`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from werkboek import export, paden
from werkboek.fasen.resultaat import Figuur, Geschreven, Resultaat, Tabel, toon_figuur
from werkboek.fasen.resultaat import schrijf as schrijf_resultaat
from werkboek.fouten import ParameterFout
from werkboek.parameters import BRONNEN
from werkboek.vergelijking import (
    GETALNOTATIE, STEM, RegioSamenvatting, Vergelijkingsbron, gedeelde_knelpunten, is_relatief, kerncijfer_tabel,
    lees_manifest, lees_regio_samenvattingen, maak_bronregel, ranglijst, teken_kaart, teken_ranglijst,
)

STAM = STEM
# the comparison's CSV: column names as they are (key figure names), the source line under each table, no float noise
CSV_VORM = {"koppen": False, "bronregel_onder": True, "float_format": GETALNOTATIE}


@dataclass
class Vergelijkingsresultaat(Resultaat):
    """What the comparison shows: ``tabellen`` holds ``kerncijfers``, ``knelpunten_gedeeld`` and one
    ``ranglijst_<kerncijfer>`` per ranked key figure; ``figuren`` the ``kaart`` and ``ranglijst_<kerncijfer>``."""

    samenvattingen: list[RegioSamenvatting] = field(default_factory=list)
    kerncijfertabel: pd.DataFrame = field(default_factory=pd.DataFrame)  # one row per region, one column per key figure
    labels: dict[str, str] = field(default_factory=dict)  # key figure -> label with unit
    indicator: str | None = None  # the key figure on the map
    ranglijsten: dict[str, pd.DataFrame] = field(default_factory=dict)
    gedeeld: pd.DataFrame = field(default_factory=pd.DataFrame)  # pain points per (decision, level) and their regions
    bronregel: str = ""
    demo: bool = False
    meldingen: list[str] = field(default_factory=list)
    parameters: dict = field(default_factory=dict)  # for the output: regio 'A35' and the run's parameters
    databron: dict = field(default_factory=dict)  # {naam, demo, beschrijving} for samenvatting.json


def bereken(regios_map: str | Path = "", bron: str = "demo", indicator: str = "", geojson: str | Path = "",
            parameters: dict | None = None) -> Vergelijkingsresultaat:
    """Everything the comparison shows, from the summaries under ``regios_map`` (default ``outputs/regios``).
    ``indicator`` picks the key figure on the map (default: the first rate), ``geojson`` real boundaries
    (default: the tile map). Reads only; writes nothing."""
    if bron not in BRONNEN:
        raise ParameterFout(f"Onbekende databron {bron!r}. Kies uit: {', '.join(BRONNEN)}.")
    regios_map = Path(regios_map) if regios_map else paden.outputs_dir() / "regios"
    samenvattingen = lees_regio_samenvattingen(regios_map)
    manifest = lees_manifest(regios_map)
    bron_info = manifest.get("bron") or {}
    demo = bron == "demo" or any(s.bron.get("demo") for s in samenvattingen) or bool(bron_info.get("demo"))
    bronregel = maak_bronregel(samenvattingen, manifest, bron, demo)
    tabel, labels = kerncijfer_tabel(samenvattingen)
    gedeeld = gedeelde_knelpunten(samenvattingen)
    relatief = [naam for naam in labels if is_relatief(tabel.attrs["eenheden"].get(naam, ""))]
    gekozen = indicator if indicator in labels else next(iter(relatief), None)
    meldingen = _meldingen(samenvattingen, regios_map, labels, indicator, geojson)
    if geojson and not Path(geojson).is_file():
        geojson = ""

    herkomst = Vergelijkingsbron(bronregel, demo)
    ranglijsten = {naam: ranglijst(tabel, naam) for naam in relatief}
    r = Vergelijkingsresultaat(
        samenvattingen=samenvattingen, kerncijfertabel=tabel, labels=labels, indicator=gekozen,
        ranglijsten=ranglijsten, gedeeld=gedeeld, bronregel=bronregel, demo=demo, meldingen=meldingen,
        parameters={"regio": export.ALLE_REGIOS.code, **{k: v for k, v in (parameters or {}).items() if k != "regio"}},
        databron={"naam": bron_info.get("naam", bron), "demo": demo, "beschrijving": bron_info.get("beschrijving", "")},
    )
    r.tabellen["kerncijfers"] = Tabel(tabel, [herkomst], **CSV_VORM)
    r.tabellen["knelpunten_gedeeld"] = Tabel(gedeeld, [herkomst], **CSV_VORM)
    if gekozen:
        r.figuren["kaart"] = Figuur(teken_kaart, dict(tabel=tabel, kerncijfer=gekozen, label=labels[gekozen],
                                                      herkomst=herkomst, geojson=geojson))
    for naam, rang in ranglijsten.items():
        r.tabellen[f"ranglijst_{naam}"] = Tabel(rang, [herkomst], **CSV_VORM)
        r.figuren[f"ranglijst_{naam}"] = Figuur(teken_ranglijst,
                                                dict(rang=rang, label=labels[naam], herkomst=herkomst))
    r.kerncijfers = [dict(naam=f"regios_met_{naam}", label=f"Regio's met {label}", eenheid="aantal", periode="",
                          waarde=int(tabel[naam].notna().sum())) for naam, label in labels.items()]
    r.knelpunten = [{"code": p["code"], "titel": p["titel"], "onderwijsniveau": p["onderwijsniveau"],
                     "bewijs": f"gedeeld door {p['aantal_regios']} regio's"} for p in gedeeld.to_dict("records")]
    waarschuwing = "**Let op: dit rapport rust op demodata (synthetisch), geen echte cijfers.**\n\n" if demo else ""
    r.teksten["melding"] = waarschuwing + ("\n".join(f"- {m}" for m in meldingen)
                                           or "Alle 35 regio's hebben kerncijfers aangeleverd.")
    return r


def _meldingen(samenvattingen: list[RegioSamenvatting], regios_map: Path, labels: dict, indicator: str,
               geojson: str | Path) -> list[str]:
    """Dutch notes on what is missing: summaries, key figures, the asked key figure, the GeoJSON file."""
    meldingen = []
    zonder = [s for s in samenvattingen if not s.notebooks]
    if len(zonder) == len(samenvattingen):
        meldingen.append(
            f"Nog geen samenvattingen gevonden in {regios_map}. De fase-notebooks schrijven per regio een "
            "samenvatting.json (kerncijfers en knelpunten); zolang die ontbreken blijft deze vergelijking leeg. "
            "Draai eerst 'werkboek run'."
        )
    elif zonder:
        meldingen.append(f"{len(zonder)} van de 35 regio's hebben nog geen samenvatting: "
                         + ", ".join(f"{s.regio} {s.regio_naam}" for s in zonder) + ".")
    if not labels and len(zonder) < len(samenvattingen):
        meldingen.append("De samenvattingen bevatten nog geen kerncijfers; de huidige notebooks leveren die nog niet.")
    if indicator and indicator not in labels:
        meldingen.append(f"Het gevraagde kerncijfer '{indicator}' komt in geen enkele samenvatting voor; "
                         f"beschikbaar: {', '.join(labels) or 'geen'}.")
    if geojson and not Path(geojson).is_file():
        meldingen.append(f"Het GeoJSON-bestand {geojson} bestaat niet; de kaart is een tegelkaart.")
    return meldingen


def open_uitvoer(resultaat: Vergelijkingsresultaat, uitvoermap: str | Path = "") -> export.Uitvoer:
    """The comparison's output: ``<uitvoermap>/05_a35_vergelijking/`` (default ``outputs/vergelijking/...``)."""
    return export.Uitvoer(resultaat.parameters, STAM, resultaat.databron, str(uitvoermap or ""))


def schrijf(resultaat: Vergelijkingsresultaat, uitvoer: export.Uitvoer) -> Geschreven:
    """Write the tables, figures, key figures and shared pain points through the shared writer;
    :meth:`Uitvoer.sluit` writes the workbook and the one ``samenvatting.json``."""
    return schrijf_resultaat(resultaat, uitvoer)


# ---------------------------------------------------------------------------------------------------------------
# Display calls for the notebook


def _geen(tekst: str):
    from IPython.display import Markdown  # local: only for display in a notebook

    return Markdown(f"*{tekst}*")


def toon_kerncijfers(resultaat: Vergelijkingsresultaat, geschreven: Geschreven):
    """The key figures side by side, headed by their labels, counts without a decimal, source line as caption."""
    if not resultaat.labels:
        return _geen("Er zijn nog geen kerncijfers om naast elkaar te zetten.")
    tabel = resultaat.kerncijfertabel.rename(columns=resultaat.labels)
    for kolom in resultaat.labels.values():
        if tabel[kolom].dropna().map(float.is_integer).all():
            tabel[kolom] = tabel[kolom].astype("Int64")
    return export.weergave(tabel, bronregel=geschreven.bronregels.get("kerncijfers", resultaat.bronregel))


def toon_kaart(resultaat: Vergelijkingsresultaat, geschreven: Geschreven):
    if "kaart" not in resultaat.figuren:
        return _geen("Zonder kerncijfers is er geen kaart.")
    return toon_figuur(geschreven, "kaart")


def toon_ranglijsten(resultaat: Vergelijkingsresultaat, geschreven: Geschreven):
    """One bar chart per ranked key figure (displayed in turn), or a Dutch line why there are none."""
    from IPython.display import display  # local: only for display in a notebook

    if not resultaat.ranglijsten:
        return _geen("Geen van de kerncijfers is een aandeel, groeicijfer of verhouding; aantallen krijgen geen "
                     "ranglijst." if resultaat.labels else "Zonder kerncijfers zijn er geen ranglijsten.")
    for naam in resultaat.ranglijsten:
        display(toon_figuur(geschreven, f"ranglijst_{naam}"))
    return None


def toon_knelpunten(resultaat: Vergelijkingsresultaat, geschreven: Geschreven):
    if resultaat.gedeeld.empty:
        return _geen("Nog geen knelpunten aangeleverd: de duiding (fase 3) schrijft ze per regio.")
    tabel = resultaat.gedeeld.rename(columns={"code": "Code", "titel": "Knelpunt", "onderwijsniveau": "Onderwijsniveau",
                                              "aantal_regios": "Aantal regio's", "regios": "Regio's"})
    return export.weergave(tabel, bronregel=geschreven.bronregels.get("knelpunten_gedeeld", resultaat.bronregel))
