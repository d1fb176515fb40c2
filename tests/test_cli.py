import pytest

from werkboek.cli import main


def test_regios_prints_registry(capsys):
    assert main(["regios"]) == 0
    uit = capsys.readouterr().out
    assert "AM17" in uit and "Zaanstreek/Waterland" in uit and "zaanstreek-waterland" in uit
    assert "35 arbeidsmarktregio's" in uit


def test_help_is_dutch(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    uit = capsys.readouterr().out
    assert "gebruik:" in uit and "toon deze hulp en stop" in uit and "commando's" in uit
    assert "usage:" not in uit


def test_unknown_command_is_refused_in_dutch(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["bestaatniet"])
    assert stop.value.code == 2
    assert "ongeldige keuze" in capsys.readouterr().err
