"""DUO files summed to arbeidsmarktregio's: the per_regio frames of the DUO themes (contract C3).

DUO counts by location: an mbo institution at its main site (``mbo_instellingen``), an hbo or wo programme at its
vestiging. Each DUO row is summed into the region of its gemeente in the peiljaar's territory
(:mod:`werkboek.indeling`), as a range: a masked cell (1 to 4) adds 1 to the lower and 4 to the upper bound, never a
number. The frames have the shape of ``bron.per_regio`` (contract C3):

    regio, regio_naam, jaar, periode, voorlopig, onderwijsniveau, richting,
    <onderwerp>, <onderwerp>_onder, <onderwerp>_boven, <onderwerp>_gemaskeerd, instellingen

``onderwijsniveau``: entree, mbo_2, mbo_3, mbo_4, hbo, wo and the sums laag, middelbaar, hoog, totaal;
``richting``: 'totaal' and the DUO sectorkamers (mbo) or CROHO onderdelen (hbo, wo). ``<onderwerp>`` is the middle
of the range, for charts and trends; the text always shows the range. Nederland is the sum of every Dutch
location. For hbo and wo DUO lists every location, so a region without rows has zero first-years; for the mbo a
region without a main site has no rows (unknown, not zero), and no 'totaal' over all levels.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from werkboek.cbs import Herkomst
from werkboek.duo import DuoTabel

NIVEAUSOMMEN = {"laag": ("entree",), "middelbaar": ("mbo_2", "mbo_3", "mbo_4"), "hoog": ("hbo", "wo"),
                "totaal": ("entree", "mbo_2", "mbo_3", "mbo_4", "hbo", "wo")}
SLEUTELS = ["regio", "jaar", "onderwijsniveau", "richting"]
MBO3_DIPLOMA = "mbo niveau 3 diploma"  # DUO's VOOROPLEIDING MBO value (onderwijs_feiten §2, confirmed)


@dataclass
class DuoThemaHerkomst(Herkomst):
    """The provenance of a DUO theme: the DUO files it sums, in one source line that says where it counts."""

    plaats: str = ""
    bronregels: tuple[str, ...] = ()

    def bronregel(self, periode: str | None = None) -> str:
        periode = periode if periode is not None else self.periode
        deel = f", {periode}" if periode else ""
        regels = "; ".join(dict.fromkeys(self.bronregels))
        return f"{regels}{deel} (geteld op de {self.plaats})" if regels else f"Bron: DUO{deel}"


def herkomst_van(naam: str, titel: str, plaats: str, tabellen: list[DuoTabel], indeling: int | None) -> DuoThemaHerkomst:
    """One provenance for a DUO theme made of ``tabellen``."""
    bestanden = [h for t in tabellen for h in t.herkomst]
    jaren = sorted({int(j) for t in tabellen for j in t.data["jaar"].dropna().unique()})
    return DuoThemaHerkomst(
        thema=naam, tabel_id="DUO " + " + ".join(dict.fromkeys(h.dataset for h in bestanden)), titel=titel,
        gewijzigd=max((h.bestandsdatum for h in bestanden), default=""),
        opgehaald=min((h.opgehaald for h in bestanden), default=""), bron_url=bestanden[0].url if bestanden else "",
        licentie=bestanden[0].licentie if bestanden else "", rijen=sum(h.rijen for h in bestanden),
        demo=any(t.demo for t in tabellen), indeling=indeling,
        periode=f"{jaren[0]}–{jaren[-1]}" if len(jaren) > 1 else (str(jaren[0]) if jaren else ""),
        plaats=plaats, bronregels=tuple(t.bronregel() for t in tabellen))


# ---------------------------------------------------------------------------------------------------------------
# Summing


def _som(rijen: pd.DataFrame, onderwerp: str) -> pd.DataFrame:
    """Sum the ranges per group: ``<onderwerp>_onder/_boven/_gemaskeerd``, the middle and the institutions."""
    groepen = rijen.groupby(SLEUTELS, dropna=False, observed=True, sort=True)
    uit = pd.DataFrame({
        f"{onderwerp}_onder": groepen["aantal_min"].sum().astype(float),
        f"{onderwerp}_boven": groepen["aantal_max"].sum().astype(float),
        f"{onderwerp}_gemaskeerd": groepen["gemaskeerd"].sum().astype("int64"),
        "instellingen": groepen["instelling"].nunique(),
    }).reset_index()
    uit[onderwerp] = (uit[f"{onderwerp}_onder"] + uit[f"{onderwerp}_boven"]) / 2
    return uit


def _met_sommen(rijen: pd.DataFrame, onderwerp: str, richtingen: bool) -> pd.DataFrame:
    """Per region, year, level and direction, plus the level sums and (with ``richtingen``) the directions."""
    sommen = [rijen[rijen["onderwijsniveau"].isin(leden)].assign(onderwijsniveau=som)
              for som, leden in NIVEAUSOMMEN.items()]
    alle = pd.concat([rijen, *sommen], ignore_index=True)
    delen = [_som(alle.assign(richting="totaal"), onderwerp)]
    if richtingen:
        delen.append(_som(alle[alle["richting"].notna()], onderwerp))
    return pd.concat(delen, ignore_index=True)


def per_regio(rijen: pd.DataFrame, onderwerp: str, toewijzing: pd.DataFrame, namen: dict[str, str], *,
              richtingen: bool = True, nullen_aanvullen: bool = False) -> pd.DataFrame:
    """Sum DUO rows to arbeidsmarktregio's and Nederland.

    ``rijen``: columns ``jaar, gemeente, instelling, onderwijsniveau, richting, aantal_min, aantal_max,
    gemaskeerd`` (one row per DUO cell). ``toewijzing``: gemeente -> regio of the peiljaar's territory (gemeenten
    outside it count for Nederland only). ``nullen_aanvullen``: the file lists every location (hbo, wo), so a
    region without rows has zero, added for every year, level and direction the file has.
    """
    regionaal = rijen.merge(toewijzing[["gemeente", "regio"]], on="gemeente", how="inner")
    frame = _met_sommen(pd.concat([regionaal, rijen.assign(regio="NL")], ignore_index=True), onderwerp, richtingen)
    if nullen_aanvullen:
        combinaties = frame[frame["regio"] == "NL"][["jaar", "onderwijsniveau", "richting"]].drop_duplicates()
        alle = pd.DataFrame({"regio": sorted(namen)}).merge(combinaties, how="cross")
        frame = pd.concat([frame[frame["regio"] == "NL"], alle.merge(frame, on=SLEUTELS, how="left")],
                          ignore_index=True)
        for kolom in (onderwerp, f"{onderwerp}_onder", f"{onderwerp}_boven"):
            frame[kolom] = frame[kolom].fillna(0.0)
        for kolom in (f"{onderwerp}_gemaskeerd", "instellingen"):
            frame[kolom] = frame[kolom].fillna(0).astype("int64")
    frame["regio_naam"] = frame["regio"].map({**namen, "NL": "Nederland"})
    frame["jaar"] = frame["jaar"].astype("Int64")
    frame["voorlopig"] = False
    frame["periode"] = [f"{int(j)}/'{(int(j) + 1) % 100:02d}" for j in frame["jaar"]]
    kolommen = ["regio", "regio_naam", "jaar", "periode", "voorlopig", "onderwijsniveau", "richting", onderwerp,
                f"{onderwerp}_onder", f"{onderwerp}_boven", f"{onderwerp}_gemaskeerd", "instellingen"]
    return frame[kolommen].sort_values(SLEUTELS, kind="stable").reset_index(drop=True)


def _cellen(data: pd.DataFrame, instelling: pd.Series, richting) -> pd.DataFrame:
    return pd.DataFrame({
        "jaar": data["jaar"].astype(int).to_numpy(), "gemeente": data["gemeente"].to_numpy(),
        "instelling": instelling.to_numpy(), "onderwijsniveau": data["niveau"].to_numpy(),
        "richting": richting.to_numpy() if isinstance(richting, pd.Series) else richting,
        "aantal_min": data["aantal_min"].astype(float).to_numpy(), "aantal_max": data["aantal_max"].astype(float).to_numpy(),
        "gemaskeerd": data["gemaskeerd"].astype(bool).to_numpy(),
    })


# ---------------------------------------------------------------------------------------------------------------
# The DUO themes


def instroom(mbo: DuoTabel, ho: DuoTabel, toewijzing: pd.DataFrame, namen: dict[str, str]) -> pd.DataFrame:
    """Theme ``duo_instroom``: mbo first-years in their programme (INSTROOM OPLEIDING = J) at the main site, with the
    progression from an mbo 3 diploma into mbo 4; hbo and wo first-years at their location per CROHO onderdeel."""
    eerstejaars = mbo.data[mbo.data["instroom_opleiding"].fillna(False).astype(bool)]
    eerstejaars = eerstejaars[eerstejaars["gemeente"].notna()]
    mbo_frame = per_regio(_cellen(eerstejaars, eerstejaars["instellingscode"], None), "instroom", toewijzing, namen,
                          richtingen=False)
    door = eerstejaars[(eerstejaars["niveau"] == "mbo_4") & (eerstejaars["vooropleiding_mbo"] == MBO3_DIPLOMA)]
    door_frame = per_regio(_cellen(door, door["instellingscode"], None), "doorstroom_mbo3", toewijzing, namen,
                           richtingen=False)
    door_frame = door_frame[door_frame["onderwijsniveau"] == "mbo_4"]
    mbo_frame = mbo_frame.merge(
        door_frame[SLEUTELS + ["doorstroom_mbo3", "doorstroom_mbo3_onder", "doorstroom_mbo3_boven",
                               "doorstroom_mbo3_gemaskeerd"]], on=SLEUTELS, how="left")
    geen_doorstroom = (mbo_frame["onderwijsniveau"] == "mbo_4") & mbo_frame["doorstroom_mbo3"].isna()
    mbo_frame.loc[geen_doorstroom, ["doorstroom_mbo3", "doorstroom_mbo3_onder", "doorstroom_mbo3_boven"]] = 0.0
    mbo_frame.loc[geen_doorstroom, "doorstroom_mbo3_gemaskeerd"] = 0
    ho_data = ho.data[ho.data["gemeente"].notna()]
    vestiging = ho_data["instellingscode"].astype(str) + "@" + ho_data["gemeente"].astype(str)
    ho_frame = per_regio(_cellen(ho_data, vestiging, ho_data["onderdeel"]), "instroom", toewijzing, namen,
                         nullen_aanvullen=True)
    samen = pd.concat([mbo_frame, ho_frame], ignore_index=True)
    totaal = samen["onderwijsniveau"] == "totaal"
    rest, totalen = samen[~totaal], samen[totaal]
    # 'totaal' over all levels: only where the mbo is known (a region without an mbo main site has none)
    mbo_regios = set(mbo_frame["regio"])
    totalen = totalen[totalen["regio"].isin(mbo_regios)]
    waarden = ["instroom", "instroom_onder", "instroom_boven", "instroom_gemaskeerd", "instellingen"]
    vast = ["regio", "regio_naam", "jaar", "periode", "voorlopig", "onderwijsniveau", "richting"]
    totalen = totalen.groupby(vast, dropna=False, sort=True)[waarden].sum().reset_index()
    uit = pd.concat([rest, totalen], ignore_index=True)
    return uit.sort_values(SLEUTELS, kind="stable").reset_index(drop=True)


def gediplomeerden(mbo: DuoTabel, toewijzing: pd.DataFrame, namen: dict[str, str]) -> pd.DataFrame:
    """Theme ``duo_gediplomeerden``: mbo diplomas per level and sectorkamer at the institutions' main sites."""
    data = mbo.data[mbo.data["gemeente"].notna()]
    return per_regio(_cellen(data, data["instellingscode"], data["sectorkamer"]), "gediplomeerden", toewijzing, namen)


BOUWERS = {"duo_instroom": lambda t, toewijzing, namen: instroom(t["mbo_instroom"], t["ho_eerstejaars"], toewijzing, namen),
           "duo_gediplomeerden": lambda t, toewijzing, namen: gediplomeerden(t["mbo_gediplomeerden"], toewijzing, namen)}
