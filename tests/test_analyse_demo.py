"""The analysis library on the data layer's demo frames (contract C3), end to end.

Skipped until werkboek.bronnen is present (it is built at the same time on another branch); after the merge it
guards the contract between the data layer and the analysis.
"""

from __future__ import annotations

import json

import pytest

bronnen = pytest.importorskip("werkboek.bronnen", reason="werkboek.bronnen (datalaag) is nog niet samengevoegd")

from werkboek import analyse, bronnenmenu, duiding, export, grafieken, knelpunten, monitoring, vragen  # noqa: E402
from werkboek.parameters import valideer_parameters  # noqa: E402

pytestmark = pytest.mark.traag


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    map_ = tmp_path_factory.mktemp("demo")
    mp.setenv("WERKBOEK_CACHE", str(map_ / "cache"))
    mp.setenv("WERKBOEK_OUTPUTS", str(map_ / "outputs"))
    bron = bronnen.open_bron("demo")
    data, meldingen = analyse.laad_themas(bron)
    yield bron, data, meldingen
    mp.undo()


@pytest.mark.parametrize("regio, sector", [("AM01", "F"), ("AM30", "Q")])
def test_whole_chain_on_demo_data(demo, regio, sector):
    bron, data, meldingen = demo
    assert meldingen == []
    p = valideer_parameters(regio, 2023, sector, 5, "demo")
    basis = analyse.duidingsbasis(data, p)
    # the estimated jobs per level add up to the sector's jobs in the base year of the estimate
    assert basis.vraag is not None and basis.projectie is not None, basis.ontbrekend
    serie = analyse.reeks(data["banen"], "banen", regio, sector=sector)
    in_basisjaar = serie.loc[serie["jaar"] == basis.vraag.basisjaar, "waarde"].iloc[0]
    assert basis.per_niveau["banen_geschat"].sum() == pytest.approx(in_basisjaar, rel=1e-6)
    # the levels share the one projected change of the sector (x 1 000 -> jobs)
    assert basis.per_niveau["uitbreidingsvraag"].sum() == pytest.approx(basis.projectie.uitbreidingsvraag * 1000)
    uitkomst = knelpunten.beoordeel(basis)
    assert [b.onderwijsniveau for b in uitkomst] == list(analyse.NIVEAUS)  # one decision per level
    assert {b.status for b in uitkomst} <= {knelpunten.KNELPUNT, knelpunten.AANDACHTSPUNT, knelpunten.GEEN_KNELPUNT,
                                             knelpunten.ONZEKER, knelpunten.NIET_TE_BEOORDELEN}
    tabel = duiding.duidingstabel(basis)
    assert not tabel[["werkgelegenheid", "onderwijsaanbod"]].isna().any().any()
    kerncijfers = analyse.momentopname(data, p)
    assert {k["naam"] for k in kerncijfers} >= {"banen_totaal", "banen_sector", "aandeel_55plus"}
    matrix = bronnenmenu.antwoordmatrix([k.vraag for k in vragen.selecteer_vragen(p)],
                                        bronnenmenu.beschikbare_themas(data, regio))
    assert set(matrix["Antwoord uit de cijfers"]) <= {"beantwoord", "deels", "niet"}
    herkomst = data["banen"].attrs["herkomst"]
    assert herkomst.demo and "demodata" in herkomst.bronregel()

    uit = export.Uitvoer(p, "03_duiding", bron)
    uit.tabel("duiding", tabel, herkomst)
    uit.tabel("locatiequotient", analyse.locatiequotient(data["banen"]), herkomst)
    uit.voeg_knelpunten_toe(uitkomst)
    for k in kerncijfers:
        uit.kerncijfer(**k)
    projectie = analyse.projecteer(serie, horizon=p.horizon)
    # damped: the projection lies between no change and the drift carried through in full
    grenzen = sorted([projectie.basiswaarde, projectie.ongedempt])
    assert projectie.dekking == 0.8 and grenzen[0] - 1e-9 <= projectie.verwacht <= grenzen[1] + 1e-9
    uit.figuur(grafieken.trendgrafiek(projectie, grafieken.titel_projectie(p.sector.naam, p.regio.naam, projectie,
                                                                           "x 1 000"),
                                      "Banen", "x 1 000", uit.figurenmap, "projectie", herkomst))
    voorstellen = monitoring.voorstellen(knelpunten.knelpunten(uitkomst), p, data)
    monitoring.schrijf_monitoringsplan(voorstellen, p, uit.map, herkomst)
    samenvatting = json.loads(uit.sluit().read_text(encoding="utf-8"))
    assert samenvatting["bron"]["demo"] is True and samenvatting["figuren"] == ["figuren/projectie.png"]
    assert (uit.map / "03_duiding.xlsx").exists() and (uit.map / "monitoringsplan.xlsx").exists()
