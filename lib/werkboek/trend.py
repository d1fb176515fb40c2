"""Trend judgement and prediction intervals for a yearly series, with the uncertainty a regional analyst needs.

Two questions, answered separately:

* :func:`trend` -- does the series grow, shrink or neither? A log-linear trend (least squares on the logarithm)
  over the definitive years, judged on its t-value *and* a minimum growth, so that a noisy series, a few small
  counts or figures rounded to tens do not produce a growth claim. Provisional years are reported beside the
  judgement, never inside it. :func:`venstergevoeligheid` repeats the judgement over several windows.
* :func:`voorspelinterval` -- where will the level be in ``horizon`` years? A random walk with drift on the
  logarithm, with an interval that counts both the yearly swings and the uncertainty of the drift itself.

numpy and pandas only (no scipy): the normal quantile comes from :class:`statistics.NormalDist`, Student's t
from its closed-form distribution function for whole degrees of freedom.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

from werkboek import tekst
from werkboek.fouten import ParameterFout
from werkboek.reeksen import OnvoldoendeDataFout

GROEIT = "groeit"
DAALT = "daalt"
GEEN_ONTWIKKELING = "geen duidelijke ontwikkeling"
ONBEKEND = "onbekend"

SPREIDING = "spreiding rond de trend"
KLEINE_AANTALLEN = "toeval bij kleine aantallen"
AFRONDING = "afronding"

Z_EENZIJDIG_95 = 1.6449  # one-sided 95%: the default bar for a growth claim
MIN_JAREN_TREND = 3
MIN_JAREN_VOORSPELLING = 4

TABELKOLOMMEN = {
    "venster": "Venster (jaren)",
    "periode": "Periode",
    "groei_procent": "Groei per jaar (%)",
    "standaardfout_procent": "Standaardfout (procentpunt)",
    "t": "t-waarde",
    "klasse": "Oordeel",
}


# ---------------------------------------------------------------------------------------------------------------
# Input


@dataclass
class _Reeks:
    """A series sorted by year, split into usable definitive years and the provisional ones."""

    jaren: np.ndarray
    waarden: np.ndarray
    voorlopig: np.ndarray

    @property
    def bruikbaar(self) -> np.ndarray:
        return np.isfinite(self.waarden) & (self.waarden > 0)

    @property
    def definitief(self) -> np.ndarray:
        return self.bruikbaar & ~self.voorlopig


def _reeks(jaren, waarden, voorlopig) -> _Reeks:
    jaren = np.asarray(jaren, dtype=float).ravel()
    waarden = np.asarray(waarden, dtype=float).ravel()
    if len(jaren) != len(waarden):
        raise ParameterFout(f"Er zijn {len(jaren)} jaren maar {len(waarden)} waarden; geef bij elk jaar één waarde.")
    if voorlopig is None:
        vlag = np.zeros(len(jaren), dtype=bool)
    else:
        vlag = np.array([not tekst.is_leeg(v) and bool(v) for v in voorlopig], dtype=bool)
        if len(vlag) != len(jaren):
            raise ParameterFout(
                f"'voorlopig' heeft {len(vlag)} waarden maar er zijn {len(jaren)} jaren; geef bij elk jaar aan of het "
                "cijfer voorlopig is."
            )
    if not np.all(np.isfinite(jaren)):
        raise ParameterFout("Elk jaar moet een getal zijn; er ontbreekt een jaartal.")
    if len(np.unique(jaren)) != len(jaren):
        raise ParameterFout("Elk jaar mag maar één keer voorkomen; tel dubbele jaren eerst op of kies er één.")
    volgorde = np.argsort(jaren, kind="stable")
    return _Reeks(jaren[volgorde], waarden[volgorde], vlag[volgorde])


# ---------------------------------------------------------------------------------------------------------------
# 1. Trend


@dataclass
class Trend:
    """The judgement of a yearly series: log-linear growth over the definitive years with its uncertainty.

    ``standaardfout_procent`` is the larger of the spread around the trend (``standaardfout_spreiding_procent``)
    and the measurement noise of small or rounded counts (``standaardfout_meting_procent``);
    ``bron_onzekerheid`` says which. Fields are NaN when ``klasse`` is ``"onbekend"``.
    """

    klasse: str
    groei_procent: float
    standaardfout_procent: float
    t: float
    n_jaren: int
    beginjaar: int | None
    eindjaar: int | None
    periode: str
    bron_onzekerheid: str
    standaardfout_spreiding_procent: float
    standaardfout_meting_procent: float
    drempel_procent: float
    z: float
    voorlopig_jaar: int | None = None
    voorlopig_waarde: float = math.nan
    groei_met_voorlopig_procent: float = math.nan

    @property
    def zin(self) -> str:
        """The judgement as a Dutch sentence, e.g. 'groeit met +2,1% per jaar (±0,6 procentpunt, 2016–2023)'."""
        groei_ = f"{tekst.procent(self.groei_procent, teken=True)} per jaar"
        if self.klasse == ONBEKEND:
            zin = (f"onbekend: te weinig definitieve jaren met een positieve waarde ({self.n_jaren}, minstens "
                   f"{MIN_JAREN_TREND} nodig)")
        elif self.klasse in (GROEIT, DAALT):
            zin = (f"{self.klasse} met {groei_} (±{tekst.getal(self.standaardfout_procent)} procentpunt, "
                   f"{self.periode})")
        elif not abs(self.t) >= self.z:  # also NaN
            door = "" if self.bron_onzekerheid == SPREIDING else f" door {self.bron_onzekerheid}"
            zin = (f"geen duidelijke ontwikkeling ({groei_}, maar binnen de onzekerheid{door}: "
                   f"t = {tekst.getal(self.t)}; {self.periode})")
        else:
            zin = (f"geen duidelijke ontwikkeling ({groei_}, minder dan de drempel van "
                   f"{tekst.procent(self.drempel_procent)} per jaar; {self.periode})")
        if self.voorlopig_jaar is not None:
            zin += (f"; het voorlopige cijfer over {tekst.periode(None, self.voorlopig_jaar, True)} telt niet mee "
                    f"(met dat jaar erbij: {tekst.procent(self.groei_met_voorlopig_procent, teken=True)} per jaar)")
        return zin


def _helling(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """OLS slope of ``y`` on ``x`` and its classic standard error (residual variance, n - 2 degrees of freedom)."""
    xc = x - x.mean()
    sxx = float(np.sum(xc**2))
    helling = float(np.sum(xc * (y - y.mean())) / sxx)
    if len(x) < 3:
        return helling, math.nan
    residu = y - y.mean() - helling * xc
    return helling, math.sqrt(float(np.sum(residu**2)) / (len(x) - 2) / sxx)


def trend(
    jaren,
    waarden,
    *,
    voorlopig=None,
    telling: bool = False,
    afronding: float = 0.0,
    drempel_procent: float = 0.5,
    z: float = Z_EENZIJDIG_95,
) -> Trend:
    """Judge a yearly series: ``"groeit"``, ``"daalt"``, ``"geen duidelijke ontwikkeling"`` or ``"onbekend"``.

    Least squares of ln(value) on the year over the definitive years with a positive value. Provisional years
    (``voorlopig`` True, usually the last one) stay out of the judgement; the latest is reported in
    ``voorlopig_jaar``/``voorlopig_waarde`` and ``groei_met_voorlopig_procent`` is the same fit including them.

    ``telling=True`` treats the values as counts with Poisson noise (var ln y = 1/y); ``afronding`` is the
    rounding unit of the published figures (10 for CBS counts rounded to tens, adds (afronding²/12)/y²). The
    standard error is the larger of the residual one and the one that measurement noise alone implies.
    ``"groeit"`` needs growth above ``drempel_procent`` and t >= ``z``; ``"daalt"`` the mirror image. Fewer than
    three usable definitive years give ``"onbekend"`` with NaN fields, not an exception.
    """
    if afronding < 0:
        raise ParameterFout(f"'afronding' kan niet negatief zijn; u gaf {afronding}.")
    r = _reeks(jaren, waarden, voorlopig)
    definitief = r.definitief
    x, w = r.jaren[definitief], r.waarden[definitief]
    n = int(len(x))
    beginjaar = int(x[0]) if n else None
    eindjaar = int(x[-1]) if n else None
    periode = tekst.periode(beginjaar, eindjaar) if n else ""

    voorlopig_jaar, voorlopig_waarde, groei_met = None, math.nan, math.nan
    bekend_voorlopig = r.bruikbaar & r.voorlopig
    if bekend_voorlopig.any():
        laatste = np.flatnonzero(bekend_voorlopig)[-1]
        voorlopig_jaar, voorlopig_waarde = int(r.jaren[laatste]), float(r.waarden[laatste])
        if r.bruikbaar.sum() >= MIN_JAREN_TREND:
            groei_met = float(np.expm1(_helling(r.jaren[r.bruikbaar], np.log(r.waarden[r.bruikbaar]))[0]) * 100)

    uitkomst = dict(n_jaren=n, beginjaar=beginjaar, eindjaar=eindjaar, periode=periode,
                    drempel_procent=float(drempel_procent), z=float(z), voorlopig_jaar=voorlopig_jaar,
                    voorlopig_waarde=voorlopig_waarde, groei_met_voorlopig_procent=groei_met)
    if n < MIN_JAREN_TREND:
        return Trend(klasse=ONBEKEND, groei_procent=math.nan, standaardfout_procent=math.nan, t=math.nan,
                     bron_onzekerheid=ONBEKEND, standaardfout_spreiding_procent=math.nan,
                     standaardfout_meting_procent=math.nan, **uitkomst)

    helling, se_spreiding = _helling(x, np.log(w))
    var_toeval = 1 / w if telling else np.zeros(n)
    var_afronding = (afronding**2 / 12) / w**2
    var_meting = var_toeval + var_afronding
    se_meting = 0.0
    if np.all(var_meting > 0):
        gewicht = 1 / var_meting
        x_gewogen = np.sum(gewicht * x) / np.sum(gewicht)
        se_meting = math.sqrt(1 / float(np.sum(gewicht * (x - x_gewogen) ** 2)))
    if se_meting > se_spreiding:
        se = se_meting
        bron = KLEINE_AANTALLEN if var_toeval.sum() >= var_afronding.sum() else AFRONDING
    else:
        se, bron = se_spreiding, SPREIDING

    t = helling / se if se > 0 else (math.copysign(math.inf, helling) if helling else 0.0)
    groei_ = float(np.expm1(helling) * 100)
    if groei_ > drempel_procent and t >= z:
        klasse = GROEIT
    elif groei_ < -drempel_procent and t <= -z:
        klasse = DAALT
    else:
        klasse = GEEN_ONTWIKKELING
    schaal = math.exp(helling) * 100  # delta method: d expm1(b)/db = exp(b)
    return Trend(klasse=klasse, groei_procent=groei_, standaardfout_procent=se * schaal, t=t,
                 bron_onzekerheid=bron, standaardfout_spreiding_procent=se_spreiding * schaal,
                 standaardfout_meting_procent=se_meting * schaal, **uitkomst)


# ---------------------------------------------------------------------------------------------------------------
# 2. Window sensitivity


def venstergevoeligheid(jaren, waarden, vensters=(5, 8, 10), **kwargs) -> pd.DataFrame:
    """:func:`trend` over the last N definitive years for every N in ``vensters``: one row per window.

    Columns ``venster``, ``periode``, ``n_jaren``, ``groei_procent``, ``standaardfout_procent``, ``t``,
    ``klasse``. ``kwargs`` go to :func:`trend` (``voorlopig``, ``telling``, ``afronding``, ``drempel_procent``,
    ``z``); provisional years are left out of every window. A window longer than the series uses what there is
    (``n_jaren`` says how many). :func:`als_tabel` turns the result into a report table.
    """
    r = _reeks(jaren, waarden, kwargs.pop("voorlopig", None))
    x, w = r.jaren[r.definitief], r.waarden[r.definitief]
    rijen = []
    for venster in vensters:
        if int(venster) < 1:
            raise ParameterFout(f"Een venster moet minstens één jaar zijn; u gaf {venster}.")
        uitkomst = trend(x[-int(venster):], w[-int(venster):], **kwargs)
        rijen.append({"venster": int(venster), "periode": uitkomst.periode, "n_jaren": uitkomst.n_jaren,
                      "groei_procent": uitkomst.groei_procent,
                      "standaardfout_procent": uitkomst.standaardfout_procent, "t": uitkomst.t,
                      "klasse": uitkomst.klasse})
    return pd.DataFrame(rijen, columns=["venster", "periode", "n_jaren", "groei_procent", "standaardfout_procent",
                                        "t", "klasse"])


def als_tabel(vensters: pd.DataFrame) -> pd.DataFrame:
    """The result of :func:`venstergevoeligheid` for a report: Dutch column names, numbers in Dutch notation."""
    tabel = pd.DataFrame({
        TABELKOLOMMEN["venster"]: vensters["venster"].astype(int),
        TABELKOLOMMEN["periode"]: vensters["periode"],
        TABELKOLOMMEN["groei_procent"]: [tekst.getal(v, teken=True) for v in vensters["groei_procent"]],
        TABELKOLOMMEN["standaardfout_procent"]: [tekst.getal(v) for v in vensters["standaardfout_procent"]],
        TABELKOLOMMEN["t"]: [tekst.getal(v) if not math.isinf(v) else ("∞" if v > 0 else tekst.MIN + "∞")
                             for v in vensters["t"]],
        TABELKOLOMMEN["klasse"]: vensters["klasse"],
    })
    return tabel.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------------
# 3. Prediction interval


@dataclass
class Voorspelling:
    """A projection of the level with a prediction interval and its assumptions in Dutch.

    ``tabel`` has ``jaar``, ``waarde`` (observed, NaN in the future), ``voorlopig``, ``verwacht`` (the observed
    value up to the base year, the projection after it), ``onder`` and ``boven`` (NaN before the base year, the
    base value in the base year).
    """

    basisjaar: int
    basiswaarde: float
    horizon: int
    dekking: float
    demping: float | None
    drift_procent: float
    spreiding_procent: float
    n_verschillen: int
    kwantiel: float
    trendjaren: tuple[int, int]
    tabel: pd.DataFrame
    methode: str
    aannames: str
    voorlopig_jaar: int | None = None

    @property
    def horizonjaar(self) -> int:
        return self.basisjaar + self.horizon

    def _op_horizon(self, kolom: str) -> float:
        return float(self.tabel.loc[self.tabel["jaar"] == self.horizonjaar, kolom].iloc[0])

    @property
    def verwacht(self) -> float:
        return self._op_horizon("verwacht")

    @property
    def interval(self) -> tuple[float, float]:
        return self._op_horizon("onder"), self._op_horizon("boven")


def _t_dekking(t: float, df: int) -> float:
    """P(|T| < t) for Student's t with whole ``df`` (Abramowitz & Stegun 26.7.3-4, exact)."""
    theta = math.atan(t / math.sqrt(df))
    c, s = math.cos(theta), math.sin(theta)
    if df % 2 == 1:
        som, term = 0.0, c
        for k in range(1, (df - 1) // 2 + 1):
            if k > 1:
                term *= c * c * (2 * k - 2) / (2 * k - 1)
            som += term
        return 2 / math.pi * (theta + (s * som if df > 1 else 0.0))
    som, term = 1.0, 1.0
    for k in range(1, df // 2):
        term *= c * c * (2 * k - 1) / (2 * k)
        som += term
    return s * som


def t_kwantiel(dekking: float, df: int) -> float:
    """The two-sided quantile of Student's t: P(|T| < q) = ``dekking`` (bisection on the exact distribution)."""
    onder, boven = 0.0, 1.0
    while _t_dekking(boven, df) < dekking:
        boven *= 2
    for _ in range(100):
        midden = (onder + boven) / 2
        onder, boven = (midden, boven) if _t_dekking(midden, df) < dekking else (onder, midden)
    return (onder + boven) / 2


def voorspelinterval(
    jaren,
    waarden,
    horizon: int,
    *,
    dekking: float = 0.80,
    demping: float | None = None,
    voorlopig=None,
    verdeling: str = "t",
) -> Voorspelling:
    """Project the level ``horizon`` years ahead from the last definitive year, with a prediction interval.

    Model: the logarithm is a random walk with drift. Drift μ is the mean yearly log change and σ its standard
    deviation (ddof=1) over the ``n`` yearly changes of the definitive years. The forecast log level after h
    years has variance h·σ² (new yearly swings) + h²·σ²/n (the drift is only estimated). ``demping`` = φ damps
    the drift: the cumulated drift is μ·Σφ^i (i = 1..h) and the drift term (Σφ^i)²·σ²/n. The interval is
    exp(ln y_T + drift ± q·sd). ``verdeling="t"`` (default) takes q from Student's t with n - 1 degrees of
    freedom, which is exact for this model when σ is estimated from few years; ``"normaal"`` uses the normal
    quantile (z = 1,2816 for 80%), which covers too little with under ten years. A gap in the years counts as
    a change over more years (mean over the years in between, variance per year). At least four known
    definitive years are needed.
    """
    if verdeling not in ("t", "normaal"):
        raise ParameterFout(f"'verdeling' moet 't' of 'normaal' zijn; u gaf {verdeling!r}.")
    if not 0 < dekking < 1:
        raise ParameterFout(f"'dekking' moet tussen 0 en 1 liggen (bijvoorbeeld 0.80); u gaf {dekking}.")
    if int(horizon) != horizon or horizon < 1:
        raise ParameterFout(f"'horizon' moet een heel aantal jaren van 1 of meer zijn; u gaf {horizon}.")
    if demping is not None and not 0 < demping <= 1:
        raise ParameterFout(f"'demping' moet groter dan 0 en hoogstens 1 zijn (bijvoorbeeld 0.8); u gaf {demping}.")
    horizon = int(horizon)
    r = _reeks(jaren, waarden, voorlopig)
    x, w = r.jaren[r.definitief], r.waarden[r.definitief]
    if len(x) < MIN_JAREN_VOORSPELLING:
        raise OnvoldoendeDataFout(
            f"Voor een voorspelinterval zijn minstens {MIN_JAREN_VOORSPELLING} definitieve jaren met een positieve "
            f"waarde nodig; er zijn er {len(x)}. Kies een langere reeks, een grotere regio of sector, of toon "
            "alleen de waargenomen cijfers."
        )
    stappen = np.diff(x)
    verschillen = np.diff(np.log(w))
    n = len(verschillen)
    drift = float(verschillen.sum() / stappen.sum())
    # Per-year variance of a change over ``g`` years is g·σ²; with no gaps this is the ordinary sd (ddof=1).
    sigma = float(np.sqrt(np.sum((verschillen - drift * stappen) ** 2 / stappen) / (n - 1)))
    drift_jaren = float(stappen.sum())  # equals n without gaps
    q = t_kwantiel(dekking, n - 1) if verdeling == "t" else NormalDist().inv_cdf(0.5 + dekking / 2)

    h = np.arange(1, horizon + 1, dtype=float)
    phi = 1.0 if demping is None else float(demping)
    cumulatief = np.cumsum(phi**h)  # Σ φ^i, i = 1..h (= h without damping)
    basisjaar, basis = int(x[-1]), float(w[-1])
    midden = math.log(basis) + drift * cumulatief
    sd = np.sqrt(h * sigma**2 + cumulatief**2 * sigma**2 / drift_jaren)
    # One row per observed year up to the base year, per later observed (provisional) value and per future year.
    bewaard = (r.jaren <= basisjaar) | np.isfinite(r.waarden)
    toekomstjaren = basisjaar + np.arange(1, horizon + 1)
    alle_jaren = np.union1d(r.jaren[bewaard], toekomstjaren).astype(int)
    waarde = pd.Series(r.waarden[bewaard], index=r.jaren[bewaard].astype(int)).reindex(alle_jaren).to_numpy()
    vlag = pd.Series(r.voorlopig[bewaard], index=r.jaren[bewaard].astype(int)).reindex(alle_jaren, fill_value=False)
    verwacht, onder, boven = (np.full(len(alle_jaren), np.nan) for _ in range(3))
    verleden = alle_jaren <= basisjaar
    verwacht[verleden] = waarde[verleden]
    positie = np.searchsorted(alle_jaren, toekomstjaren)
    verwacht[positie], onder[positie], boven[positie] = np.exp(midden), np.exp(midden - q * sd), np.exp(midden + q * sd)
    onder[alle_jaren == basisjaar] = boven[alle_jaren == basisjaar] = basis
    tabel = pd.DataFrame({"jaar": alle_jaren, "waarde": waarde, "voorlopig": vlag.to_numpy(dtype=bool),
                          "verwacht": verwacht, "onder": onder, "boven": boven})

    voorlopig_na = r.bruikbaar & r.voorlopig
    voorlopig_jaar = int(r.jaren[np.flatnonzero(voorlopig_na)[-1]]) if voorlopig_na.any() else None
    dekking_tekst = f"{tekst.getal(dekking * 100, 0)}%-voorspelinterval"
    drift_zin = (f"de gemiddelde jaarlijkse verandering over {tekst.periode(int(x[0]), basisjaar)} "
                 f"({tekst.procent(np.expm1(drift) * 100, teken=True)} per jaar, {n} jaarlijkse veranderingen)")
    if demping is None:
        methode = "random walk met drift op de logaritme (gemiddelde jaarlijkse verandering)"
    else:
        methode = f"random walk met gedempte drift op de logaritme (demping {tekst.getal(phi, 2)} per jaar)"
        drift_zin += f", die elk jaar verder afzwakt met een factor {tekst.getal(phi, 2)}"
    kwantiel_zin = (f"de t-verdeling met {n - 1} vrijheidsgraden" if verdeling == "t" else "de normale verdeling")
    aannames = (
        f"Projectie voor {horizon} jaar vanaf {basisjaar}, het laatste definitieve jaar, met {drift_zin}. Het "
        f"{dekking_tekst} telt twee "
        f"onzekerheden op: de jaarlijkse schommelingen ({tekst.getal(sigma * 100)} procentpunt per jaar) en de "
        f"onzekerheid in die gemiddelde verandering zelf; de grenzen volgen {kwantiel_zin}. Als het patroon van "
        f"de afgelopen jaren zich voortzet, valt ongeveer {tekst.getal((1 - dekking) * 100, 0)}% van de uitkomsten "
        "buiten het interval. Aanname: de trend zet zich voort; conjunctuur, beleid en krapte zijn niet "
        "gemodelleerd en kunnen de ontwikkeling buiten het interval brengen. Dit is een eenvoudige trend, geen "
        "ROA-prognose."
    )
    if voorlopig_jaar is not None:
        aannames += (f" Het voorlopige cijfer over {tekst.periode(None, voorlopig_jaar, True)} telt niet mee en "
                     "staat ter vergelijking in de tabel.")
    return Voorspelling(basisjaar=basisjaar, basiswaarde=basis, horizon=horizon, dekking=float(dekking),
                        demping=None if demping is None else phi, drift_procent=float(np.expm1(drift) * 100),
                        spreiding_procent=sigma * 100, n_verschillen=n, kwantiel=float(q),
                        trendjaren=(int(x[0]), basisjaar), tabel=tabel, methode=methode, aannames=aannames,
                        voorlopig_jaar=voorlopig_jaar)
