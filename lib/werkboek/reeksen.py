"""Yearly series of the per_regio frames (contract C3): selection, growth and the margins of a figure.

The base of every indicator module (:mod:`werkboek.analyse`, :mod:`werkboek.aanbod`): it depends on nothing but
pandas and the Dutch notation, so the indicator modules can use each other's results without import cycles.
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from werkboek import tekst
from werkboek.fouten import WerkboekFout
from werkboek.onthoud import per_frame
from werkboek.register import standaard_register

NEDERLAND = "NL"
# Columns that describe a row rather than a category or a topic.
BASISKOLOMMEN = ("regio", "regio_naam", "jaar", "periode", "voorlopig")


class OnvoldoendeDataFout(WerkboekFout, ValueError):
    """There are too few known values to compute an indicator; the message says which and what to do."""


# ---------------------------------------------------------------------------------------------------------------
# Selection helpers


def categoriekolommen(df: pd.DataFrame) -> list[str]:
    """The category columns of a per_regio frame (e.g. ``sector``, ``kenmerk``): text columns that are not
    region, period, a title or a missing-value reason."""
    kolommen = []
    for kolom in df.columns:
        if kolom in BASISKOLOMMEN or kolom.endswith(("_titel", "_reden", "_onderdrukt")):
            continue
        if not pd.api.types.is_numeric_dtype(df[kolom]) and not pd.api.types.is_bool_dtype(df[kolom]):
            kolommen.append(kolom)
    return kolommen


def kies(df: pd.DataFrame, **filters) -> pd.DataFrame:
    """Rows where every ``kolom=waarde`` holds (a list or tuple means 'one of')."""
    masker = pd.Series(True, index=df.index)
    for kolom, waarde in filters.items():
        if kolom not in df.columns:
            raise OnvoldoendeDataFout(
                f"De tabel heeft geen kolom '{kolom}' (wel: {', '.join(map(str, df.columns))}). "
                "Controleer of u het juiste thema gebruikt."
            )
        if isinstance(waarde, (list, tuple, set)):
            masker &= df[kolom].isin(list(waarde))
        else:
            masker &= df[kolom] == waarde
    return df[masker.fillna(False).astype(bool)]


@per_frame
def regio_naam(df: pd.DataFrame, regio: str) -> str:
    """The name a frame gives a region code, or the code itself."""
    if "regio_naam" in df.columns:
        namen = df.loc[df["regio"] == regio, "regio_naam"].dropna()
        if len(namen):
            return str(namen.iloc[0])
    return "Nederland" if regio == NEDERLAND else regio


def reeks(df: pd.DataFrame, waarde: str, regio: str, **filters) -> pd.DataFrame:
    """A yearly series for one region and one category: columns ``jaar``, ``waarde``, ``voorlopig``."""
    deel = kies(df, regio=regio, **filters)
    if deel["jaar"].duplicated().any():
        dubbel = categoriekolommen(deel)
        raise OnvoldoendeDataFout(
            f"De reeks '{waarde}' voor {regio} heeft meer rijen per jaar; kies ook een categorie voor "
            f"{tekst.lijst(dubbel) or 'de overige kolommen'}."
        )
    uit = pd.DataFrame(
        {
            "jaar": deel["jaar"].astype(int).to_numpy(),
            "waarde": deel[waarde].astype(float).to_numpy(),
            "voorlopig": voorlopig_van(deel).to_numpy(),
        }
    )
    return uit.sort_values("jaar").reset_index(drop=True)


def voorlopig_van(df: pd.DataFrame) -> pd.Series:
    if "voorlopig" not in df.columns:
        return pd.Series(False, index=df.index)
    return df["voorlopig"].fillna(False).astype(bool)


# ---------------------------------------------------------------------------------------------------------------
# 1. Growth


def groei(
    df: pd.DataFrame,
    waarde: str,
    venster: int = 5,
    tot_jaar: int | None = None,
    groepen: list[str] | None = None,
    voorlopig: str = "markeer",
) -> pd.DataFrame:
    """Level, absolute and percentage growth and the yearly growth rate (CAGR) over ``venster`` years.

    Per group (by default region plus every category column) the end year is the latest year with a known value
    (not after ``tot_jaar``); the start year is ``venster`` years earlier, or the earliest known year inside
    the window when that one is missing. ``voorlopig="markeer"`` keeps a provisional end year and sets
    ``eind_voorlopig``; ``"uitsluiten"`` ends at the latest definitive year instead. ``cagr_procent`` is NaN
    when either end is unknown or not positive, never 0.
    """
    if voorlopig not in ("markeer", "uitsluiten"):
        raise ValueError("voorlopig moet 'markeer' of 'uitsluiten' zijn")
    if groepen is None:
        groepen = ["regio"] + categoriekolommen(df)
    rijen = []
    for sleutel, deel in df.groupby(groepen, sort=True, dropna=False):
        sleutel = sleutel if isinstance(sleutel, tuple) else (sleutel,)
        rij = dict(zip(groepen, sleutel))
        if "regio_naam" in deel.columns and "regio" in groepen:  # once per region of df (regio_naam remembers)
            rij["regio_naam"] = regio_naam(df, rij["regio"])
        rij.update(_groei_van_reeks(deel, waarde, venster, tot_jaar, voorlopig))
        rijen.append(rij)
    if not rijen:  # keep the columns, so callers can select from an empty result
        return pd.DataFrame(columns=groepen + list(_groei_van_reeks(df.iloc[0:0], waarde, venster, None, voorlopig)))
    return pd.DataFrame(rijen)


def marges(deel: pd.DataFrame, waarde: str) -> tuple[pd.Series, pd.Series]:
    """The lower and upper bound of every value of ``waarde``: from ``<waarde>_onder``/``<waarde>_boven`` (a sum with
    masked cells, e.g. DUO) or ``<waarde>_afrondingsmarge`` (a sum of rounded cells, e.g. CBS education), else
    the value itself."""
    w = deel[waarde].astype(float)
    if f"{waarde}_onder" in deel.columns and f"{waarde}_boven" in deel.columns:
        return deel[f"{waarde}_onder"].astype(float), deel[f"{waarde}_boven"].astype(float)
    if f"{waarde}_afrondingsmarge" in deel.columns:
        marge = deel[f"{waarde}_afrondingsmarge"].astype(float).fillna(0)
        return (w - marge).clip(lower=0), w + marge
    return w, w


def _groei_van_reeks(deel: pd.DataFrame, waarde: str, venster: int, tot_jaar, voorlopig: str) -> dict:
    onder, boven = marges(deel, waarde)
    # plain arrays: this runs once per series of every table the duiding reads
    jaar = deel["jaar"].astype(int).to_numpy()
    volgorde = np.argsort(jaar, kind="stable")
    jaar = jaar[volgorde]
    w = deel[waarde].astype(float).to_numpy(dtype=float, na_value=np.nan)[volgorde]
    o = onder.to_numpy(dtype=float, na_value=np.nan)[volgorde]
    b = boven.to_numpy(dtype=float, na_value=np.nan)[volgorde]
    vl = voorlopig_van(deel).to_numpy(dtype=bool)[volgorde]
    bekend = ~np.isnan(w)
    if tot_jaar is not None:
        bekend &= jaar <= tot_jaar
    if voorlopig == "uitsluiten":
        bekend &= ~vl
    leeg = {"beginjaar": pd.NA, "eindjaar": pd.NA, "begin": np.nan, "eind": np.nan, "groei_absoluut": np.nan,
            "groei_procent": np.nan, "cagr_procent": np.nan, "cagr_onder_procent": np.nan,
            "cagr_boven_procent": np.nan, "eind_voorlopig": False, "voorlopig_in_venster": False, "periode": ""}
    if not bekend.any():
        return leeg
    i_eind = int(np.flatnonzero(bekend)[-1])
    eindjaar, eind, eind_voorlopig = int(jaar[i_eind]), float(w[i_eind]), bool(vl[i_eind])
    uitkomst = dict(leeg, eindjaar=eindjaar, eind=eind, eind_voorlopig=eind_voorlopig,
                    periode=tekst.periode(None, eindjaar, eind_voorlopig))
    in_venster = np.flatnonzero(bekend & (jaar >= eindjaar - venster) & (jaar < eindjaar))
    if not len(in_venster):
        return uitkomst
    i_begin = int(in_venster[0])
    beginjaar, begin = int(jaar[i_begin]), float(w[i_begin])
    jaren = eindjaar - beginjaar
    uitkomst.update(
        beginjaar=beginjaar, begin=begin, groei_absoluut=eind - begin,
        groei_procent=(eind / begin - 1) * 100 if begin > 0 else np.nan,
        cagr_procent=_cagr(begin, eind, jaren),
        # The slowest and fastest growth the margins allow: from the top of the start to the bottom of the end,
        # and the other way round. A classification that differs between the two lies within the margin.
        cagr_onder_procent=_cagr(float(b[i_begin]), float(o[i_eind]), jaren),
        cagr_boven_procent=_cagr(float(o[i_begin]), float(b[i_eind]), jaren),
        voorlopig_in_venster=bool(vl[(jaar >= beginjaar) & (jaar <= eindjaar)].any()),
        periode=tekst.periode(beginjaar, eindjaar, eind_voorlopig),
    )
    return uitkomst


def _cagr(begin: float, eind: float, jaren: int) -> float:
    return ((eind / begin) ** (1 / jaren) - 1) * 100 if begin > 0 and eind > 0 and jaren > 0 else np.nan


# ---------------------------------------------------------------------------------------------------------------
# Units


def eenheid(thema: str, onderwerp: str) -> str:
    """The published unit of a topic from the table register (e.g. ``'x 1 000'`` or ``'aantal'``)."""
    spec = standaard_register().thema(thema)
    gevonden = spec.onderwerpen.get(onderwerp)
    return (gevonden.eenheid if gevonden is not None and gevonden.eenheid else None) or spec.eenheid or "aantal"


def factor(eenheid_tekst: str) -> float:
    """Multiplier from a published unit to a plain count."""
    return 1000.0 if eenheid_tekst.replace("\u00a0", " ").strip() == "x 1 000" else 1.0
