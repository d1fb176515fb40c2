import pytest

from werkboek.register import RegisterFout, laad_register, standaard_register


def test_project_register_has_every_theme_the_notebooks_use():
    register = standaard_register()
    for thema in ("regio_indeling", "banen", "beroepsbevolking", "werkzamen_sector_onderwijs", "bevolking",
                  "bevolkingsprognose", "onderwijs"):
        assert register.thema(thema).tabellen
    assert register.thema("banen").categorieen["sector"]["F"] == "F Bouwnijverheid"


def test_edition_is_chosen_per_classification_year():
    thema = standaard_register().thema("beroepsbevolking")
    assert thema.uitgave(2022).id == "85494NED"
    assert thema.uitgave(2021).id == "84703NED"  # latest edition before 2021
    assert thema.uitgave(2010).id == "83524NED"  # older than all: the oldest
    assert thema.uitgave(None).id == "85969NED"  # no year: the newest


def test_unknown_theme_is_a_dutch_error():
    with pytest.raises(RegisterFout, match="Bekende thema's"):
        standaard_register().thema("bestaatniet")


def test_broken_register_names_the_problem(tmp_path):
    pad = tmp_path / "tabellen.yaml"
    pad.write_text("themas:\n  banen:\n    titel: x\n    niveau: gemeente\n    dimensies: {}\n    onderwerpen: {}\n", encoding="utf-8")
    with pytest.raises(RegisterFout, match="ontbreekt 'tabellen'"):
        laad_register(pad)
    pad.write_text("themas: [\n", encoding="utf-8")
    with pytest.raises(RegisterFout, match="geen geldige YAML"):
        laad_register(pad)
