import pytest

from werkboek.register import RegisterFout, laad_register, standaard_register


def test_project_register_has_every_theme_the_notebooks_use():
    register = standaard_register()
    for thema in ("regio_indeling", "banen", "beroepsbevolking", "werkzamen_sector_onderwijs", "bevolking",
                  "bevolkingsprognose", "studenten", "gediplomeerden", "mbo_studenten_richting",
                  "mbo_gediplomeerden_richting"):
        assert register.thema(thema).tabellen
    f = register.thema("banen").categorieen["sector"]["F"]
    assert (f.key, f.titels, f.status) == ("350000", ("F Bouwnijverheid",), "bevestigd")


def test_nothing_in_the_register_is_a_guess_presented_as_fact():
    """Every table id, key and title carries a status; the keys that CBS_TABELLEN.md marks as inferred are
    'afgeleid', and the themes whose keys shift or are unknown name no key at all."""
    register = standaard_register()
    for thema, uitgave in register.alle_uitgaven():
        assert uitgave.status in ("bevestigd", "afgeleid"), (thema.naam, uitgave.id)
    indeling = register.thema("regio_indeling")
    assert all(o.key is None and o.groep for o in indeling.onderwerpen.values())  # by group path, never Code_20
    assert indeling.onderwerpen["arbeidsmarktregio_code"].groep == "Arbeidsmarktregio's"
    bb = register.thema("beroepsbevolking")
    assert all(o.key is None and o.titel for o in bb.onderwerpen.values())  # titles confirmed, keys shift
    kenmerk = bb.dimensies["kenmerk"].categorieen
    assert kenmerk["onderwijs_laag"].status == "afgeleid" and kenmerk["totaal"].status == "bevestigd"
    werk = register.thema("werkzamen_sector_onderwijs")
    assert werk.onderwerpen["werkzame_beroepsbevolking"].status == "afgeleid"
    assert all(c.status == "afgeleid" for c in werk.dimensies["sector"].categorieen.values())


def test_edition_is_chosen_per_classification_year():
    thema = standaard_register().thema("beroepsbevolking")
    assert thema.uitgave(2022).id == "85494NED"
    assert thema.uitgave(2020).id == "84703NED"  # latest edition before 2020
    assert thema.uitgave(2023).id == "85494NED"
    assert thema.uitgave(2010).id == "83524NED"  # older than all: the oldest
    assert thema.uitgave(None).id == "86088NED"  # no year: the newest


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
