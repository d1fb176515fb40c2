"""The live path end to end against the project's CBS test server, which serves every registered table in the
shape CBS really publishes (the demo generator's tables) and refuses to send a big table whole.

``werkboek data voorbereiden --bron cbs`` then ``werkboek run --bron cbs --regios AM01 AM18 AM38``: reports for
all three, and the region totals equal the sums of the gemeente values the server sent, counted in the
territory of the peiljaar (worked out here from the demo geography itself, not through the workbook).
"""

from __future__ import annotations

import math

import pytest

from werkboek import bronnen, demo, indeling
from werkboek.cli import main
from werkboek.demo import gebied
from werkboek.regios import alle_regios
from werkboek.testserver import CbsTestserver

pytestmark = [pytest.mark.traag, pytest.mark.filterwarnings("ignore::UserWarning")]
PEILJAAR = 2023
REGIOS = ("AM01", "AM18", "AM38")
GELDIG = {r.code for r in alle_regios()}


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A CBS test server with the real shapes, a fresh cache and output folder, the workbook pointed at it."""
    map_ = tmp_path_factory.mktemp("live")
    with CbsTestserver() as server, pytest.MonkeyPatch.context() as mp:
        for naam, waarde in {"WERKBOEK_CACHE": map_ / "cache", "WERKBOEK_OUTPUTS": map_ / "outputs",
                             "WERKBOEK_INSTELLINGEN": map_ / "geen.yaml", "WERKBOEK_CBS_HOST": server.url,
                             "WERKBOEK_POGINGEN": "1", "WERKBOEK_WACHTTIJD": "0", "NO_PROXY": "127.0.0.1",
                             "no_proxy": "127.0.0.1"}.items():
            mp.setenv(naam, str(waarde))
        assert main(["data", "voorbereiden", "--bron", "cbs", "--jaar", str(PEILJAAR)]) == 0
        yield server, map_


def _regio_volgens_de_demo(code: str) -> str:
    """The region whose territory holds a demo gemeente code in the peiljaar (follows mergers, today's codes)."""
    g = gebied.gemeente(code)
    jaar = max(PEILJAAR, g.ontstaan or PEILJAAR)
    return indeling.actuele_code(gebied.regio_in_jaar(gebied.eigenaar(code, jaar), jaar), GELDIG)


def _verwacht(tabel_id: str, onderwerp: str, keuzes: dict[str, list[str]]) -> dict[tuple[str, int], float]:
    """Region x year sums of the gemeente cells the server holds (unknown cells skipped, all unknown -> NaN)."""
    bron = demo.brontabel(tabel_id)
    gemeenten = [r["Key"] for r in bron.metadata["RegioS"] if r["Key"].startswith("GM")]
    sommen: dict[tuple[str, int], list[float]] = {}
    for rij in bron.rijen({**keuzes, "RegioS": gemeenten}, [onderwerp]):
        sleutel = (_regio_volgens_de_demo(rij["RegioS"].strip()), int(rij["Perioden"][:4]))
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
    assert main(["run", "--bron", "cbs", "--regios", *REGIOS, "--jaar", str(PEILJAAR), "--processen", "2"]) == 0
    uitvoer = map_ / "outputs" / "regios"
    for regio in REGIOS:
        (map_regio,) = [p for p in uitvoer.iterdir() if p.name.startswith(regio)]
        for notebook in ("01_vraagarticulatie", "02_bronnen", "03_duiding", "04_beleidscyclus"):
            assert (map_regio / f"{notebook}.html").is_file(), (regio, notebook)
        html = (map_regio / "03_duiding.html").read_text(encoding="utf-8")
        # the server served the demo generator's tables: the reports say the figures are synthetic, never "CBS"
        assert "demodata (synthetisch)" in html and "Bron: CBS, tabel" not in html
    assert (map_ / "outputs" / "index.html").is_file()
