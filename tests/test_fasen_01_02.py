"""The phase modules of 01 (vraagarticulatie) and 02 (bronnen): ``bereken`` writes nothing, ``schrijf`` writes the
outputs, 02 takes 01's result as its input, and the check against the card notebook 01 saved says in Dutch whether
it is the same, differs or is missing. On hand-made frames, so no demo data have to be generated."""

from __future__ import annotations

import dataclasses
import json
from types import SimpleNamespace

import pytest

import maakframes as mf
from test_fase_01_02 import _met_herkomst, bevolking
from werkboek import vragen
from werkboek.export import Uitvoer
from werkboek.fasen import bronnen, vraagarticulatie
from werkboek.fasen.context import Context
from werkboek.fasen.resultaat import toon_figuur, toon_tabel
from werkboek.fouten import ParameterFout

BRON = SimpleNamespace(naam="demo", is_demo=True, beschrijving="Demodata (synthetisch), geen echte cijfers.")


@pytest.fixture
def uitvoermap(tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBOEK_OUTPUTS", str(tmp_path / "outputs"))
    return tmp_path / "outputs"


def _context(stam, data=None, meldingen=(), **parameters) -> Context:
    p = mf.parameters(**parameters)
    if data is None:
        data = _met_herkomst(mf.alle_data() | {"bevolking": bevolking()})
    return Context(p, BRON, Uitvoer(p, stam, BRON), data, list(meldingen))


def _bestanden(map_):
    return sorted(p.relative_to(map_).as_posix() for p in map_.rglob("*") if p.is_file())


def test_bereken_writes_nothing(uitvoermap):
    ctx01 = _context("01_vraagarticulatie")
    ctx02 = _context("02_bronnen")
    fase1 = vraagarticulatie.bereken(ctx01)
    fase2 = bronnen.bereken(ctx02, fase1)
    assert _bestanden(uitvoermap) == []
    assert set(fase1.tabellen) == {"vraagselectie", "leeftijdsopbouw", "opleidingsniveau_beroepsbevolking",
                                   "banen_per_sector"}
    assert set(fase1.figuren) == {"ligging_regio", "leeftijdsopbouw", "opleidingsniveau_beroepsbevolking",
                                  "banen_per_sector"}
    assert [v.id for v in fase1.vragen] == [k.vraag.id for k in vragen.selecteer_vragen(ctx01.parameters)]
    assert fase1.kerncijfers[0]["naam"] == "banen_totaal" and "twee kanten" in fase1.teksten["vraagstuk"]
    assert set(fase2.tabellen) == {"menukaart", "bronnen_per_vraag", "herkomst", "datacontrole", "antwoordmatrix"}
    assert sum(fase2.telling.values()) == len(fase1.vragen) == len(fase2.antwoordmatrix)
    assert [k["naam"] for k in fase2.kerncijfers] == ["vragen_beantwoord", "vragen_deels", "vragen_niet"]


def test_schrijf_writes_the_outputs(uitvoermap):
    ctx01, ctx02 = _context("01_vraagarticulatie"), _context("02_bronnen")
    fase1 = vraagarticulatie.bereken(ctx01)
    geschreven = vraagarticulatie.schrijf(fase1, ctx01.uitvoer)
    map01 = uitvoermap / "regios" / "AM01-groningen" / "01_vraagarticulatie"
    assert geschreven.map == map01 and geschreven.zonder_figuur == {}
    assert _bestanden(map01) == sorted([
        "01_vraagarticulatie.xlsx", "samenvatting.json", "vraagkaart.json", "vraagkaart.md",
        *(f"figuren/{f}.png" for f in ("ligging_regio", "leeftijdsopbouw", "opleidingsniveau_beroepsbevolking",
                                       "banen_per_sector")),
        *(f"tabellen/{t}.csv" for t in ("vraagselectie", "leeftijdsopbouw", "opleidingsniveau_beroepsbevolking",
                                        "banen_per_sector"))])
    samenvatting = json.loads((map01 / "samenvatting.json").read_text(encoding="utf-8"))
    assert [k["naam"] for k in samenvatting["kerncijfers"]] == [k["naam"] for k in fase1.kerncijfers]
    assert json.loads((map01 / "vraagkaart.json").read_text(encoding="utf-8")) == json.loads(fase1.kaart.als_json())
    assert "2023*" in geschreven.bronregels["leeftijdsopbouw"]  # the period of the table, in the source line
    assert ctx01.uitvoer.bronregels["leeftijdsopbouw"] == geschreven.bronregels["leeftijdsopbouw"]  # Excel 'Bron'
    assert geschreven.bronregels["vraagselectie"] == "Bron: vragencatalogus data/vragen.yaml"

    geschreven = bronnen.schrijf(bronnen.bereken(ctx02, fase1), ctx02.uitvoer)
    map02 = uitvoermap / "regios" / "AM01-groningen" / "02_bronnen"
    assert _bestanden(map02) == sorted([
        "02_bronnen.xlsx", "samenvatting.json", "figuren/onbekende_cijfers.png", "figuren/antwoord_per_vraag.png",
        *(f"tabellen/{t}.csv" for t in ("menukaart", "bronnen_per_vraag", "herkomst", "datacontrole",
                                        "antwoordmatrix"))])
    assert {k["naam"] for k in json.loads((map02 / "samenvatting.json").read_text(encoding="utf-8"))["kerncijfers"]} \
        == {"vragen_beantwoord", "vragen_deels", "vragen_niet"}


def test_02_takes_01s_result(uitvoermap):
    ctx = _context("02_bronnen")
    fase1 = vraagarticulatie.bereken(ctx)  # phase 2's context loads phase 1's themes too
    alle = bronnen.bereken(ctx, fase1)
    kaart = vragen.Vraagkaart(fase1.kaart.data | {"vragen": fase1.kaart.data["vragen"][:2]})
    twee = dataclasses.replace(fase1, kaart=kaart)
    ingekort = bronnen.bereken(ctx, twee)
    per_vraag = ingekort.tabellen["bronnen_per_vraag"].frame
    assert len(per_vraag) == 2 < len(alle.tabellen["bronnen_per_vraag"].frame)
    assert list(per_vraag.iloc[:, 0]) == [v.tekst for v in twee.vragen]
    assert len(ingekort.antwoordmatrix) == 2 and sum(ingekort.telling.values()) == 2
    with pytest.raises(ParameterFout, match="themas=vraagarticulatie.THEMAS"):
        vraagarticulatie.bereken(_context("02_bronnen", data={"banen": mf.banen()}))


def test_check_against_the_saved_card_says_same_differs_or_not_yet_run(uitvoermap):
    ctx01, ctx02 = _context("01_vraagarticulatie"), _context("02_bronnen")
    fase1 = vraagarticulatie.bereken(ctx02)
    melding = vraagarticulatie.controleer_kaart(fase1, ctx02.uitvoer)
    assert "Notebook 01 is voor deze regio nog niet uitgevoerd" in melding and "vraagkaart.json" in melding

    vraagarticulatie.schrijf(vraagarticulatie.bereken(ctx01), ctx01.uitvoer)
    pad = vraagarticulatie.kaartpad(ctx02.uitvoer)
    assert pad == uitvoermap / "regios" / "AM01-groningen" / "01_vraagarticulatie" / "vraagkaart.json"
    melding = vraagarticulatie.controleer_kaart(fase1, ctx02.uitvoer)
    assert "is dezelfde als de kaart waarmee deze notebook werkt" in melding

    bewaard = json.loads(pad.read_text(encoding="utf-8"))
    weg = bewaard["vragen"].pop(0)["id"]
    pad.write_text(json.dumps(bewaard | {"sector": "Q"}), encoding="utf-8")
    melding = vraagarticulatie.controleer_kaart(fase1, ctx02.uitvoer)
    assert "wijkt af van de kaart waarmee deze notebook werkt" in melding
    assert "bewaard met sector Q in plaats van F" in melding and f"ontbreken vragen ({weg})" in melding
    assert "voer notebook 01 opnieuw uit" in melding

    pad.write_text("{kapot", encoding="utf-8")
    assert "is beschadigd" in vraagarticulatie.controleer_kaart(fase1, ctx02.uitvoer)


def test_a_missing_part_of_the_snapshot_says_why(uitvoermap):
    data = _met_herkomst(mf.alle_data()) | {"bevolking": None}
    ctx = _context("01_vraagarticulatie", data, ["Thema 'bevolking' is niet beschikbaar: geen verbinding."])
    fase1 = vraagarticulatie.bereken(ctx)
    assert set(fase1.ontbreekt) == {"ligging_regio", "leeftijdsopbouw"} and "ligging_regio" not in fase1.figuren
    assert fase1.teksten["geladen"] == "Thema 'bevolking' is niet beschikbaar: geen verbinding."
    geschreven = vraagarticulatie.schrijf(fase1, ctx.uitvoer)
    melding = toon_figuur(geschreven, "leeftijdsopbouw")
    assert "'bevolking' ontbreken" in melding.data and "niet gemaakt" in melding.data
    assert "niet gemaakt" in toon_tabel(fase1, geschreven, "leeftijdsopbouw").data
    figuur = toon_figuur(geschreven, "opleidingsniveau_beroepsbevolking")
    tabel = toon_tabel(fase1, geschreven, "opleidingsniveau_beroepsbevolking")
    assert figuur.pad.name == "opleidingsniveau_beroepsbevolking.png" and "2023" in tabel.caption
