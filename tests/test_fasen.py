"""One home and one shape per phase: the registry, the context made once, bereken without writing, schrijf as the
one writer, and the upstream rule (04 takes 03's result)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from werkboek import fasen, knelpunten, paden
from werkboek.fasen import beleidscyclus, duiding
from werkboek.fasen.context import open_context
from werkboek.fouten import WerkboekFout


@pytest.fixture
def ctx03(warme_cache, tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBOEK_CACHE", str(warme_cache))
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(tmp_path / "outputs"))
    return open_context(duiding.STAM, "AM01", 2023, "F", 5, "demo", themas=duiding.THEMAS)


def test_every_phase_in_the_registry_has_its_notebook_and_one_module_with_bereken_and_schrijf():
    for fase in fasen.FASEN:
        assert (paden.notebooks_dir() / fase.notebook).is_file(), fase.stam
        module = importlib.import_module(f"werkboek.fasen.{fase.module}")
        assert callable(module.bereken) and callable(module.schrijf), fase.stam
    assert [f.stam for f in fasen.regiofasen()] == ["01_vraagarticulatie", "02_bronnen", "03_duiding",
                                                    "04_beleidscyclus"]
    with pytest.raises(WerkboekFout, match="Onbekende fase"):
        fasen.fase("06_bestaat_niet")


def test_the_registry_names_the_parameters_each_notebook_declares_and_the_batch_reads_it():
    import json
    import re

    from werkboek import batch_plan

    for fase in fasen.FASEN:
        notebook = paden.notebooks_dir() / fase.notebook
        cellen = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        cel = next(c for c in cellen if "parameters" in c.get("metadata", {}).get("tags", []))
        namen = set(re.findall(r"^([A-Za-z_]\w*)\s*(?::[^=]*)?=", "".join(cel["source"]), flags=re.MULTILINE))
        # the batch passes the registry's names; every one of them must be a parameter of the notebook
        assert set(fase.parameters) <= namen, (fase.stam, set(fase.parameters) - namen)
        assert batch_plan.gedeclareerde_parameters(notebook) == set(fase.parameters)
    assert [p.name for p in batch_plan.fase_notebooks()] == [f.notebook for f in fasen.regiofasen()]


def test_the_context_refuses_an_unknown_region_in_dutch(warme_cache, monkeypatch):
    monkeypatch.setenv("WERKBOEK_CACHE", str(warme_cache))
    with pytest.raises(WerkboekFout, match="regio"):
        open_context(duiding.STAM, "AM99", themas=())


def test_bereken_writes_nothing_and_schrijf_writes_what_the_result_holds(ctx03):
    resultaat = duiding.bereken(ctx03)
    assert not [p for p in Path(ctx03.uitvoer.map).rglob("*") if p.is_file()]
    geschreven = duiding.schrijf(resultaat, ctx03.uitvoer)
    for naam in resultaat.tabellen:
        assert (geschreven.map / "tabellen" / f"{naam}.csv").is_file(), naam
    assert set(geschreven.figuren) | set(geschreven.zonder_figuur) == set(resultaat.figuren)
    for figuur in geschreven.figuren.values():
        assert Path(figuur.pad).read_bytes()[:4] == b"\x89PNG"
    assert geschreven.samenvatting.is_file()


def test_the_beleidscyclus_takes_the_duidings_result_as_its_argument(ctx03, tmp_path, monkeypatch):
    ctx04 = open_context(beleidscyclus.STAM, "AM01", 2023, "F", 5, "demo", themas=duiding.THEMAS)
    resultaat03 = duiding.bereken(ctx03)
    gewoon = beleidscyclus.bereken(ctx04, resultaat03)
    assert [v.knelpunt["code"] for v in gewoon.voorstellen] == [k.code for k in resultaat03.analyse.knelpunten]
    # a different upstream result gives a different plan: 04 does not recompute or re-read 03
    extra = knelpunten.Beoordeling("tekort", "Tekort op hoog niveau", "hoog", knelpunten.KNELPUNT, "bewijs", "regel")
    resultaat03.analyse.beoordelingen.append(extra)
    ander = beleidscyclus.bereken(ctx04, resultaat03)
    assert len(ander.voorstellen) == len(gewoon.voorstellen) + 1
    assert ander.voorstellen[-1].knelpunt["onderwijsniveau"] == "hoog"
    # the comparison with the duiding notebook's saved summary stays a check, here: not yet run
    assert "nog niet uitgevoerd" in ander.controle_duiding
