"""The live path end to end against the project's CBS and DUO test servers, which serve every registered table and
DUO file in the shape CBS and DUO really publish (the demo generator's tables and files); the CBS server refuses to
send a big table whole.

``werkboek data voorbereiden --bron cbs`` then ``werkboek run --bron cbs --regios AM01 AM22 AM35``: reports for all
three with the duiding on three levels, and the region totals (jobs, inhabitants, students, DUO first-years) equal
the sums of the gemeente or institution values the servers sent, counted in the territory of the peiljaar (worked
out here from the demo geography and the served CSV files themselves, not through the workbook).
"""

from __future__ import annotations

import csv
import io
import math

import pytest

from werkboek import bronnen, demo, indeling
from werkboek.cli import main
from werkboek.demo import duo as demo_duo
from werkboek.demo import gebied
from werkboek.regios import alle_regios
from testservers.cbs import CbsTestserver
from testservers.duo import DuoTestserver

pytestmark = [pytest.mark.traag, pytest.mark.filterwarnings("ignore::UserWarning")]
PEILJAAR = 2023
REGIOS = ("AM01", "AM18", "AM38")  # AM38: a region code the workbook brings up to date (AM31 -> AM38)
RUN_REGIOS = ("AM01", "AM22", "AM35")  # AM22: no hbo or wo location; AM35: no mbo main site (demo DUO files)
GELDIG = {r.code for r in alle_regios()}


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A CBS test server with the real shapes, a fresh cache and output folder, the workbook pointed at it."""
    map_ = tmp_path_factory.mktemp("live")
    with CbsTestserver() as server, DuoTestserver() as duo_server, pytest.MonkeyPatch.context() as mp:
        for naam, waarde in {"WERKBOEK_CACHE": map_ / "cache", "WERKBOEK_OUTPUTS": map_ / "outputs",
                             "WERKBOEK_INSTELLINGEN": map_ / "geen.yaml", "WERKBOEK_CBS_HOST": server.url,
                             "WERKBOEK_DUO_HOST": duo_server.url,
                             "WERKBOEK_POGINGEN": "1", "WERKBOEK_WACHTTIJD": "0", "NO_PROXY": "127.0.0.1",
                             "no_proxy": "127.0.0.1"}.items():
            mp.setenv(naam, str(waarde))
        assert main(["data", "voorbereiden", "--bron", "cbs", "--jaar", str(PEILJAAR)]) == 0
        assert duo_server.verzoeken.totaal() > 0  # the DUO files came from the DUO server
        yield server, map_


def _regio_volgens_de_demo(code: str) -> str:
    """The region whose territory holds a demo gemeente code in the peiljaar (follows mergers, today's codes)."""
    g = gebied.gemeente(code)
    jaar = max(PEILJAAR, g.ontstaan or PEILJAAR)
    return indeling.actuele_code(gebied.regio_in_jaar(gebied.eigenaar(code, jaar), jaar), GELDIG)


def _verwacht(tabel_id: str, onderwerp: str, keuzes: dict[str, list[str]],
              regio_dimensie: str = "RegioS") -> dict[tuple[str, int], float]:
    """Region x year sums of the gemeente cells the server holds (unknown cells skipped, all unknown -> NaN)."""
    bron = demo.brontabel(tabel_id)
    gemeenten = [r["Key"] for r in bron.metadata[regio_dimensie] if r["Key"].strip().startswith("GM")]
    sommen: dict[tuple[str, int], list[float]] = {}
    for rij in bron.rijen({**keuzes, regio_dimensie: gemeenten}, [onderwerp]):
        sleutel = (_regio_volgens_de_demo(rij[regio_dimensie].strip()), int(rij["Perioden"][:4]))
        sommen.setdefault(sleutel, []).append(rij[onderwerp])
    return {k: (math.fsum(v for v in w if v is not None) if any(v is not None for v in w) else math.nan)
            for k, w in sommen.items()}


def test_region_totals_equal_the_sums_of_the_gemeente_values_served(live):
    server, _ = live
    bron = bronnen.open_bron("cbs", peiljaar=PEILJAAR)
    banen = bron.per_regio("banen")
    verwacht_banen = _verwacht("83582NED", "BanenVanWerknemersInDecember_1", {"BedrijfstakkenBranchesSBI2008": ["T001081"]})
    inwoners = bron.per_regio("bevolking")
    verwacht_inwoners = _verwacht("03759ned", "BevolkingOp1Januari_1",
                                  {"Geslacht": ["T001038"], "Leeftijd": ["10000"], "BurgerlijkeStaat": ["T001019"]})
    for regio in REGIOS:
        for frame, verwacht, kolom, filter_ in ((banen, verwacht_banen, "banen", ("sector", "totaal")),
                                                (inwoners, verwacht_inwoners, "inwoners", ("leeftijd", "totaal"))):
            rijen = frame[(frame["regio"] == regio) & (frame[filter_[0]] == filter_[1])]
            assert len(rijen) >= 10
            for _, rij in rijen.iterrows():
                assert rij[kolom] == pytest.approx(verwacht[(regio, int(rij["jaar"]))], nan_ok=True), (regio, kolom, rij["jaar"])
    assert banen.attrs["indeling"] == inwoners.attrs["indeling"] == PEILJAAR


def _csv_rijen(inhoud: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(inhoud.decode("utf-8-sig"))))


def _bereik(waarde: str) -> tuple[int, int]:
    """DUO's cell: -1 is a masked 1 to 4."""
    return (1, 4) if waarde.strip() == "-1" else (int(waarde), int(waarde))


def test_education_totals_per_region_equal_the_sums_of_what_the_servers_sent(live):
    bron = bronnen.open_bron("cbs", peiljaar=PEILJAAR)
    # CBS 85701NED: mbo 2 students by residence, each gemeente cell rounded to tens
    studenten = bron.per_regio("studenten")
    verwacht = _verwacht("85701NED", "LeerlingenStudenten_1", {"Geslacht": ["T001038"], "Onderwijssoort": ["A042656"]},
                         "Regiokenmerken")
    for regio in RUN_REGIOS:
        rijen = studenten[(studenten["regio"] == regio) & (studenten["onderwijsniveau"] == "mbo_2")]
        assert len(rijen) >= 9
        for _, rij in rijen.iterrows():
            assert rij["ingeschrevenen"] == pytest.approx(verwacht[(regio, int(rij["jaar"]))]), (regio, rij["jaar"])
            assert rij["ingeschrevenen"] % 10 == 0 and rij["ingeschrevenen_afrondingsmarge"] > 0
    # DUO: mbo first-years in their programme at the main site of the institution (latest JAAR per institution)
    hoofdvestiging = {}
    for rij in sorted(_csv_rijen(demo_duo.instellingen_bestand()), key=lambda r: int(r["JAAR"])):
        hoofdvestiging[rij["INSTELLINGSCODE"]] = "GM" + rij["GEMEENTENUMMER INSTELLING"]
    instroom = bron.per_regio("duo_instroom")
    for jaar in demo_duo.JAREN:
        bereik: dict[str, list[int]] = {}
        for rij in _csv_rijen(demo_duo.instroom_bestand(jaar)):
            if rij["INSTROOM OPLEIDING"] == "J" and rij["NIVEAU"] in ("2", "3", "4"):
                regio = _regio_volgens_de_demo(hoofdvestiging[rij["INSTELLINGSCODE"]])
                onder, boven = _bereik(rij["AANTAL"])
                som = bereik.setdefault(regio, [0, 0])
                som[0], som[1] = som[0] + onder, som[1] + boven
        for regio in RUN_REGIOS:
            rij = instroom[(instroom["regio"] == regio) & (instroom["jaar"] == jaar)
                           & (instroom["onderwijsniveau"] == "middelbaar") & (instroom["richting"] == "totaal")]
            if regio not in bereik:  # no main site in the region: unknown, not zero
                assert rij.empty, (regio, jaar)
                continue
            assert (rij.iloc[0]["instroom_onder"], rij.iloc[0]["instroom_boven"]) == tuple(bereik[regio]), (regio, jaar)
    assert "AM35" not in set(instroom.loc[instroom["onderwijsniveau"] == "middelbaar", "regio"])
    # DUO: hbo and wo first-years at their location; a region without any has zero, not unknown
    hoog: dict[tuple[str, int], list[int]] = {}
    for niveau in ("hbo", "wo"):
        for rij in _csv_rijen(demo_duo.ho_bestand(niveau)):
            sleutel = (_regio_volgens_de_demo("GM" + rij["GEMEENTENUMMER"]), int(rij["STUDIEJAAR"]))
            onder, boven = _bereik(rij["AANTAL_EERSTEJAARS_INGESCHREVENEN"])
            som = hoog.setdefault(sleutel, [0, 0])
            som[0], som[1] = som[0] + onder, som[1] + boven
    for regio in RUN_REGIOS:
        for jaar in demo_duo.JAREN:
            rij = instroom[(instroom["regio"] == regio) & (instroom["jaar"] == jaar)
                           & (instroom["onderwijsniveau"] == "hoog") & (instroom["richting"] == "totaal")].iloc[0]
            assert (rij["instroom_onder"], rij["instroom_boven"]) == tuple(hoog.get((regio, jaar), [0, 0])), (regio, jaar)
    wo_am22 = instroom[(instroom["regio"] == "AM22") & (instroom["onderwijsniveau"] == "wo")]
    assert len(wo_am22) and (wo_am22["instroom_boven"] == 0).all()


def test_the_big_table_was_sent_in_a_slice_and_a_second_preparation_asks_nothing(live):
    server, _ = live
    assert server.brontabel("03759ned").aantal_rijen > 10_000_000
    server.verzoeken.wis()
    assert main(["data", "voorbereiden", "--bron", "cbs", "--jaar", str(PEILJAAR)]) == 0
    assert server.verzoeken.totaal() == 0
    from werkboek import cache

    record = cache.lees_herkomst("cbs", "03759ned")
    assert 100_000 < record["rijen"] <= 400_000 and len(record["filters"]) > 1


def test_the_batch_runs_on_cbs_for_three_regions_with_reports_for_all(live):
    _, map_ = live
    assert main(["run", "--bron", "cbs", "--regios", *RUN_REGIOS, "--jaar", str(PEILJAAR), "--processen", "2"]) == 0
    uitvoer = map_ / "outputs" / "regios"
    for regio in RUN_REGIOS:
        (map_regio,) = [p for p in uitvoer.iterdir() if p.name.startswith(regio)]
        for notebook in ("01_vraagarticulatie", "02_bronnen", "03_duiding", "04_beleidscyclus"):
            assert (map_regio / f"{notebook}.html").is_file(), (regio, notebook)
        html = (map_regio / "03_duiding.html").read_text(encoding="utf-8")
        # the server served the demo generator's tables: the reports say the figures are synthetic, never "CBS"
        assert "demodata (synthetisch)" in html and "Bron: CBS, tabel" not in html
        # the duiding table on three levels, each with the supply detail, first-years or student trend and outflow
        import pandas as pd

        tabel = pd.read_csv(map_regio / "03_duiding" / "tabellen" / "duidingstabel.csv", sep=";", encoding="utf-8-sig")
        for niveau in ("laag", "middelbaar", "hoog"):
            cellen = " ".join(tabel.loc[tabel["Onderwerp"] == niveau, "Onderwijsaanbod"])
            assert "Studenten uit de regio" in cellen and "Opleiding" in cellen, (regio, niveau)
            assert ("eerstejaars" in cellen or "Studenten op" in cellen) and "gediplomeerden" in cellen, (regio, niveau)
        assert "mbo 2" in " ".join(tabel["Onderwijsaanbod"])  # the detail inside a level
        regels = pd.read_csv(map_regio / "03_duiding" / "tabellen" / "knelpuntregels.csv", sep=";",
                             encoding="utf-8-sig")
        # one decision per level: never a shortage and a surplus at the same level
        assert sorted(regels["Onderwijsniveau"]) == ["hoog", "laag", "middelbaar"]
    assert (map_ / "outputs" / "index.html").is_file()
