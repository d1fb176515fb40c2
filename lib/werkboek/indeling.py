"""Gemeente → arbeidsmarktregio: the yearly classifications and one territory per series.

CBS publishes the classification every year as "Gebieden in Nederland <jaar>" (theme ``regio_indeling``).
Gemeenten merge on 1 January and, now and then, move to another region; region codes changed too (AM04
IJsselvechtstreek → AM36 Regio Zwolle and AM16 → AM37 in 2016, AM31 Food Valley → AM38 FoodValley later).

A region's time series covers **one territory**: that of the peiljaar's classification, for every year, as CBS
does in its tables "in regio-indeling <jaar>". A gemeente code that is not in the peiljaar's classification
(merged away earlier, or created later) counts with the region its territory belongs to. The open
classification tables do not name a gemeente's successor, so the workbook takes the region from the
classification nearest to the peiljaar that still lists the code, with the region codes brought up to date
(:data:`HERCODERINGEN`); every report says how many gemeenten were placed that way.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from werkboek.fouten import WerkboekFout

# Region codes that CBS replaced by another code (DOMAIN.md, CBS_TABELLEN.md): old -> new.
HERCODERINGEN = {"AM04": "AM36", "AM16": "AM37", "AM31": "AM38"}
KOLOMMEN = ["gemeente", "regio", "regio_naam", "wijze", "indeling"]


class IndelingFout(WerkboekFout):
    """A classification table does not give a usable gemeente → arbeidsmarktregio mapping."""


def indeling_uit_tabel(tabel) -> pd.DataFrame:
    """gemeente -> arbeidsmarktregio from a parsed ``regio_indeling`` table (a :class:`werkboek.cbs.CbsTabel`):
    columns gemeente, gemeentenaam, regio, regio_naam."""
    data = tabel.data
    gemeenten = data[data["regio_niveau"] == "GM"]
    frame = gemeenten.assign(
        gemeente=gemeenten["regio"],
        gemeentenaam=gemeenten["gemeentenaam"].fillna(gemeenten["regio_titel"]),
        regio=gemeenten["arbeidsmarktregio_code"].str.strip(),
        regio_naam=gemeenten["arbeidsmarktregio_naam"].str.strip(),
    )[["gemeente", "gemeentenaam", "regio", "regio_naam"]]
    frame = frame.dropna(subset=["regio"]).drop_duplicates("gemeente").sort_values("gemeente").reset_index(drop=True)
    if len(frame) and not frame["regio"].str.match(r"^AM\d\d$").all():
        vreemd = sorted(set(frame.loc[~frame["regio"].str.match(r"^AM\d\d$"), "regio"]))[:5]
        raise IndelingFout(
            f"Tabel {tabel.herkomst.tabel_id} geeft als arbeidsmarktregio codes die geen AM-code zijn "
            f"({', '.join(vreemd)}). Het werkboek heeft waarschijnlijk een verkeerde groep gevonden; controleer "
            "het thema regio_indeling in data/tabellen.yaml."
        )
    frame.attrs["herkomst"] = tabel.herkomst
    return frame


def actuele_code(code: str, geldig: set[str]) -> str:
    """The region code as it is used in the classification whose codes are ``geldig`` (AM04 -> AM36, ...)."""
    gezien = set()
    while code not in geldig and code in HERCODERINGEN and code not in gezien:
        gezien.add(code)
        code = HERCODERINGEN[code]
    return code


@dataclass
class Territorium:
    """Every gemeente code of the classifications used, with its region in the territory of one classification."""

    indeling: int  # the classification year whose territory the series use
    toewijzing: pd.DataFrame  # KOLOMMEN
    hercodeerd: dict[str, str]  # old region codes of that classification brought up to date

    @property
    def elders_ingedeeld(self) -> pd.DataFrame:
        """Gemeenten not in the territory's own classification, placed through another year's classification."""
        return self.toewijzing[self.toewijzing["wijze"] != "eigen indeling"]

    def opmerking(self) -> str:
        """One Dutch sentence for the reports: which classification, how many gemeenten placed otherwise."""
        zin = (f"Alle jaren zijn opgeteld in de regio-indeling {self.indeling} (één gebied per reeks, zoals CBS dat "
               "doet in zijn tabellen 'in regio-indeling <jaar>').")
        elders = self.elders_ingedeeld
        if len(elders):
            jaren = sorted({int(j) for j in elders["indeling"]})
            zin += (f" {len(elders)} gemeentecode(s) die in {self.indeling} niet (meer) bestonden, tellen mee bij de "
                    f"regio waar de indeling van {', '.join(map(str, jaren))} ze plaatste; de open tabellen noemen "
                    "geen opvolger, dus een gemeente die bij een fusie van regio wisselde, telt bij haar oude regio.")
        if self.hercodeerd:
            paren = ", ".join(f"{oud} → {nieuw}" for oud, nieuw in sorted(self.hercodeerd.items()))
            zin += f" Regiocodes van toen zijn omgezet naar die van nu ({paren})."
        return zin


def territorium(indelingen: dict[int, pd.DataFrame], peiljaar: int, geldige_regios: set[str]) -> Territorium:
    """Map every gemeente code in ``indelingen`` (year -> :func:`indeling_uit_tabel` frame) to a region of the
    classification of ``peiljaar`` (or the nearest year in ``indelingen``).

    ``geldige_regios`` are the region codes the workbook reports on (its region registry); codes of the chosen
    classification outside that set are brought up to date with :data:`HERCODERINGEN`.
    """
    if not indelingen:
        raise IndelingFout("Er is geen enkele regio-indeling beschikbaar (thema regio_indeling in data/tabellen.yaml).")
    gekozen = min(indelingen, key=lambda j: (abs(j - peiljaar), -j))
    basis = indelingen[gekozen]
    hercodeerd = {c: actuele_code(c, geldige_regios) for c in set(basis["regio"]) if c not in geldige_regios}
    hercodeerd = {oud: nieuw for oud, nieuw in hercodeerd.items() if nieuw != oud}
    namen = {actuele_code(r, geldige_regios): n for r, n in zip(basis["regio"], basis["regio_naam"])}
    rijen = [{"gemeente": g, "regio": actuele_code(r, geldige_regios), "wijze": "eigen indeling", "indeling": gekozen}
             for g, r in zip(basis["gemeente"], basis["regio"])]
    bekend = set(basis["gemeente"])
    # Other codes: the classification nearest to the chosen year that lists them (a later one wins a tie,
    # because it already reflects the newer region codes).
    for jaar in sorted(indelingen, key=lambda j: (abs(j - gekozen), -j)):
        if jaar == gekozen:
            continue
        frame = indelingen[jaar]
        nieuw = frame[~frame["gemeente"].isin(bekend)]
        for g, r in zip(nieuw["gemeente"], nieuw["regio"]):
            regio = actuele_code(r, geldige_regios)
            rijen.append({"gemeente": g, "regio": regio, "wijze": f"indeling {jaar}", "indeling": jaar})
        bekend |= set(nieuw["gemeente"])
    toewijzing = pd.DataFrame(rijen, columns=["gemeente", "regio", "wijze", "indeling"])
    toewijzing["regio_naam"] = toewijzing["regio"].map(namen)
    onbekend = toewijzing[toewijzing["regio_naam"].isna()]
    if len(onbekend):
        raise IndelingFout(
            f"De gemeente(n) {', '.join(sorted(onbekend['gemeente'])[:8])} horen volgens een oudere of nieuwere "
            f"regio-indeling bij een arbeidsmarktregio ({', '.join(sorted(set(onbekend['regio'])))}) die in de indeling "
            f"van {gekozen} niet bestaat en geen bekende nieuwe code heeft. Vul HERCODERINGEN in "
            "lib/werkboek/indeling.py aan, of kies een ander peiljaar."
        )
    return Territorium(gekozen, toewijzing[KOLOMMEN].sort_values("gemeente").reset_index(drop=True), hercodeerd)


def tel_op_per_regio(gemeenten: pd.DataFrame, toewijzing: pd.DataFrame, onderwerpen: list[str],
                     sleutels: list[str], afronding: int | None = None) -> pd.DataFrame:
    """Sum gemeente rows to arbeidsmarktregio's through one territory (``toewijzing``: gemeente -> regio).

    ``gemeenten`` has a column 'gemeente' (code), the ``sleutels`` to group by and the topic columns. Gemeenten
    outside the territory are left out (the caller reports them). Per topic, ``<topic>_onderdrukt`` counts the
    gemeente cells that were missing; the sum is NaN only when every cell was missing (min_count=1).

    ``afronding``: the publisher rounded every gemeente cell to this many (10: tens). Each summed cell may then be
    off by half of it, so ``<topic>_afrondingsmarge`` = known cells x afronding / 2: the sum lies within that
    margin of the true total (a worst case; the errors of many cells partly cancel).
    """
    marges = [f"{o}_afrondingsmarge" for o in onderwerpen] if afronding else []
    samen = gemeenten.merge(toewijzing[["gemeente", "regio", "regio_naam"]], on="gemeente", how="inner")
    if samen.empty:
        return pd.DataFrame(columns=["regio", "regio_naam", *sleutels, *onderwerpen,
                                     *(f"{o}_onderdrukt" for o in onderwerpen), *marges])
    for onderwerp in onderwerpen:
        samen[f"{onderwerp}_onderdrukt"] = samen[onderwerp].isna().astype("int64")
        if afronding:
            samen[f"{onderwerp}_afrondingsmarge"] = samen[onderwerp].notna() * (afronding / 2)
    groepen = samen.groupby(["regio", "regio_naam", *sleutels], dropna=False, sort=True, observed=True)
    sommen = groepen[onderwerpen].sum(min_count=1)
    onderdrukt = groepen[[f"{o}_onderdrukt" for o in onderwerpen]].sum().astype("Int64")
    delen = [sommen, onderdrukt] + ([groepen[marges].sum().astype(float)] if marges else [])
    return pd.concat(delen, axis=1).reset_index()
