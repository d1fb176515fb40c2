"""What a notebook run knows, made once: validated parameters, the opened data source with the year checked,
the loaded themes with their provenance, and the output object that alone knows the output paths."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pandas as pd

from werkboek import analyse, paden
from werkboek.bronnen import OMGEVING_MOMENTOPNAME, DataBron, open_bron
from werkboek.export import Uitvoer
from werkboek.fasen import werkgeheugen
from werkboek.parameters import Parameters, controleer_jaar_in_data, valideer_parameters


@dataclass
class Context:
    """One notebook run: made by :func:`open_context`, read by the phase modules, never re-derived."""

    parameters: Parameters
    databron: DataBron
    uitvoer: Uitvoer
    data: dict[str, pd.DataFrame | None] = field(default_factory=dict)
    meldingen: list[str] = field(default_factory=list)

    @property
    def regio(self):
        return self.parameters.regio

    @property
    def kop(self) -> str:
        """The one line every notebook prints under its parameters."""
        p = self.parameters
        return (f"Regio {p.regio.naam} ({p.regio.code}) · focussector {p.sector.code} {p.sector.naam} · peiljaar "
                f"{p.jaar} · vooruitblik {p.horizon} jaar\n{self.databron.beschrijving}")

    def herkomsten(self, *themas: str) -> list:
        """Provenance of loaded themes (all when none named), for source lines."""
        return analyse.herkomsten(self.data, *themas)


def open_context(stam: str, regio, jaar=2023, sector="F", horizon=5, bron="demo", uitvoermap: str = "",
                 themas: tuple[str, ...] | None = None) -> Context:
    """Validate the parameters, open the data source (year checked once), load ``themas`` and make the output
    object for notebook ``stam``. Every error is Dutch and names the way out."""
    parameters = valideer_parameters(regio, jaar, sector, horizon, bron)
    sleutel = (parameters.bron, parameters.jaar, os.environ.get(OMGEVING_MOMENTOPNAME), str(paden.cache_dir()))
    databron = werkgeheugen.bron(sleutel, lambda: open_bron(parameters.bron, peiljaar=parameters.jaar))
    controleer_jaar_in_data(parameters, databron)
    uitvoer = Uitvoer(parameters, stam, databron, uitvoermap)
    data, meldingen = analyse.laad_themas(databron, themas) if themas is not None else analyse.laad_themas(databron)
    return Context(parameters, databron, uitvoer, data, meldingen)
