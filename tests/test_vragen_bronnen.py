"""Question catalogue, selection, question card and the data menu with its answer matrix."""

from __future__ import annotations

import json

import numpy as np
import pytest
import yaml

import maakframes as mf
from werkboek import bronnenmenu, paden, vragen
from werkboek.catalogus import CatalogusFout, lees_catalogus
from werkboek.register import standaard_register


# --- catalogue consistency ---------------------------------------------------------------------------------------

def test_catalogue_covers_szw_and_central_themes():
    themas = {v.thema for v in vragen.laad_vragen()}
    assert {"inwoners", "regionale_economie", "economische_opgave", "mismatch"} <= themas
    assert {"werkgelegenheid", "onderwijsaanbod", "vervangingsvraag", "landen_in_regio", "stages_pendel"} <= themas


def test_catalogue_refers_to_known_sources_and_themes():
    menu_ids = {b.id for b in bronnenmenu.laad_menu()}
    register = set(standaard_register().thema_namen())
    for v in vragen.laad_vragen():
        assert set(v.bronnen) <= menu_ids, v.id
        assert set(v.themas) <= register, v.id
    for b in bronnenmenu.laad_menu():
        assert b.register_thema is None or b.register_thema in register


def test_menu_holds_the_guides_partners_and_four_questions():
    menu = bronnenmenu.laad_menu()
    organisaties = " ".join(b.organisatie for b in menu)
    for naam in ("CBS", "DUO", "ROA", "UWV", "SBB", "ArbeidsmarktInZicht", "VNG"):
        assert naam in organisaties
    tabel = bronnenmenu.menu_tabel(menu)
    for kop in ("Actueel of trend", "Geografisch niveau", "Bruikbaar voor monitoring", "Openbaar of ingekocht",
                "Eenheid", "Plaats", "Haalt het werkboek het op"):
        assert tabel[kop].astype(bool).all(), kop
    per_id = {b.id: b for b in menu}
    assert per_id["cbs_banen"].ophaalbaar == "ja" and per_id["cbs_banen"].plaats == "werkplaats"
    assert per_id["duo_open_onderwijsdata"].ophaalbaar == "via import"
    assert per_id["roa_ais"].ophaalbaar == "via import"
    assert per_id["uwv"].ophaalbaar == "nee"


def _schrijf(tmp_path, document):
    pad = tmp_path / "cat.yaml"
    pad.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return pad


def test_catalogue_errors_are_dutch_and_name_the_entry(tmp_path):
    with pytest.raises(CatalogusFout, match="mist 'x' de velden naam"):
        lees_catalogus(_schrijf(tmp_path, {"bronnen": [{"id": "x"}]}), "bronnen", ("naam",))
    with pytest.raises(CatalogusFout, match="twee keer"):
        lees_catalogus(_schrijf(tmp_path, {"bronnen": [{"id": "x"}, {"id": "x"}]}), "bronnen", ())
    with pytest.raises(CatalogusFout, match="geen lijst"):
        lees_catalogus(_schrijf(tmp_path, {"andere": []}), "bronnen", ())
    kapot = tmp_path / "kapot.yaml"
    kapot.write_text("vragen: [\n  - a: b", encoding="utf-8")
    with pytest.raises(CatalogusFout, match="geen geldige YAML"):
        lees_catalogus(kapot, "vragen", ())


def test_unquoted_comma_in_a_reason_is_caught(tmp_path):
    document = yaml.safe_load(open(paden.data_dir() / "vragen.yaml", encoding="utf-8"))
    document["vragen"][0]["gezamenlijke_opgave"] = {"ja": True, "waarom": "raakt werkgevers", "scholen": None}
    with pytest.raises(CatalogusFout, match="aanhalingstekens"):
        vragen.laad_vragen(str(_schrijf(tmp_path, document)))
    menu = yaml.safe_load(open(paden.data_dir() / "bronnenmenu.yaml", encoding="utf-8"))
    menu["bronnen"][0]["monitoring"] = {"bruikbaar": True, "frequentie": "jaarlijks", "niet als meting": None}
    with pytest.raises(CatalogusFout, match="aanhalingstekens"):
        bronnenmenu.laad_menu(str(_schrijf(tmp_path, menu)))


def test_question_checks_must_have_reasons(tmp_path):
    document = yaml.safe_load(open(paden.data_dir() / "vragen.yaml", encoding="utf-8"))
    document["vragen"][0]["pijnpunt"] = {"ja": True}
    with pytest.raises(CatalogusFout, match="pijnpunt"):
        vragen.laad_vragen(str(_schrijf(tmp_path, document)))


# --- selection ---------------------------------------------------------------------------------------------------

def test_selection_applies_the_two_checks_and_the_sector():
    keuzes = vragen.selecteer_vragen(mf.parameters(sector="F"), alle=True)
    per_id = {k.vraag.id: k for k in keuzes}
    assert not per_id["regio_omvang"].geselecteerd
    assert "beide checks" in per_id["regio_omvang"].reden
    assert not per_id["zorgvraag_vergrijzing"].geselecteerd
    assert "alleen voor sector Q" in per_id["zorgvraag_vergrijzing"].reden
    gekozen = per_id["werkgelegenheid_horizon"]
    assert gekozen.geselecteerd and gekozen.reden.startswith("Gekozen:")
    assert "5 jaar vooruit" in gekozen.reden and "bouwnijverheid" in gekozen.reden
    assert "bouwnijverheid" in gekozen.vraag.tekst and "{" not in gekozen.vraag.tekst


def test_selection_for_care_includes_the_care_question():
    gekozen = {k.vraag.id for k in vragen.selecteer_vragen(mf.parameters(sector="Q", horizon=6))}
    assert "zorgvraag_vergrijzing" in gekozen and "regio_omvang" not in gekozen
    standaard = vragen.selecteer_vragen(mf.parameters(sector="F"))
    assert all(k.geselecteerd for k in standaard)


# --- question card -----------------------------------------------------------------------------------------------

def test_vraagkaart_markdown_and_data_round_trip(tmp_path):
    p = mf.parameters()
    keuzes = vragen.selecteer_vragen(p)
    momentopname = [{"naam": "banen_totaal", "label": "Banen van werknemers", "waarde": 330.14,
                     "eenheid": "x 1 000", "periode": "2023"},
                    {"naam": "banen_sector", "label": "Banen in de bouw", "waarde": np.nan,
                     "eenheid": "x 1 000", "periode": "2023"}]
    kaart = vragen.vraagkaart(p, keuzes, momentopname)
    md = kaart.markdown
    assert md.startswith("# Vraagkaart Groningen (AM01): bouwnijverheid")
    assert "330,1" in md and "onbekend" in md
    assert "Checks van de gids: gezamenlijke opgave: ja" in md
    assert "## Inwoners in de regio" in md
    assert "| Banen van werknemers | 330,1 duizend | 2023 |" in md
    assert "Bronnen: CBS: Banen van werknemers" in md  # names from the data menu, not ids
    assert "raakt werkgevers, scholen en gemeenten tegelijk" in md  # a comma in a reason survives
    assert kaart.data["momentopname"][1]["waarde"] is None
    paden_ = kaart.schrijf(tmp_path)
    assert [p.name for p in paden_] == ["vraagkaart.json", "vraagkaart.md"]
    terug = vragen.Vraagkaart.lees(tmp_path / "vraagkaart.json")
    assert [v.id for v in terug.vragen] == [k.vraag.id for k in keuzes]
    assert terug.vragen[0] == keuzes[0].vraag
    assert json.loads(paden_[0].read_text(encoding="utf-8"))["regio"] == "AM01"
    assert kaart.als_json() == terug.als_json()


def test_vraagkaart_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(CatalogusFout, match="notebook 01"):
        vragen.Vraagkaart.lees(tmp_path / "bestaat_niet.json")


# --- answer matrix -----------------------------------------------------------------------------------------------

def test_beschikbare_themas_per_region():
    data = mf.alle_data()
    data["bevolking"] = None
    b = bronnenmenu.beschikbare_themas(data, "AM01")
    assert b == {"banen": True, "werkzamen_sector_onderwijs": True, "beroepsbevolking": True, "studenten": True,
                 "gediplomeerden": True, "mbo_studenten_richting": True, "mbo_gediplomeerden_richting": True,
                 "duo_instroom": True, "duo_gediplomeerden": True, "bevolking": False}
    # AM02 has no mbo main site: DUO has no mbo graduates for it (its zero hbo/wo first-years are known figures)
    am02 = bronnenmenu.beschikbare_themas(data, "AM02")
    assert am02["duo_gediplomeerden"] is False and am02["duo_instroom"] is True and am02["studenten"] is True
    leeg = mf.banen()
    leeg["banen"] = np.nan
    assert bronnenmenu.beschikbare_themas({"banen": leeg}, "AM01") == {"banen": False}


def test_antwoordmatrix_from_available_data():
    catalogus = {v.id: v for v in vragen.laad_vragen()}
    kies = [catalogus[i] for i in ("economie_ontwikkeling", "inwoners_werkende_leeftijd", "werkgelegenheid_nu",
                                   "opgave_krapte", "stages_pendel")]
    beschikbaar = {"banen": True, "werkzamen_sector_onderwijs": True, "bevolking": True, "bevolkingsprognose": False}
    m = bronnenmenu.antwoordmatrix(kies, beschikbaar).set_index("id")
    assert m.loc["economie_ontwikkeling", "Antwoord uit de cijfers"] == "beantwoord"
    assert m.loc["economie_ontwikkeling", "Resterende informatiebehoefte"].startswith("Geen resterende")
    assert m.loc["inwoners_werkende_leeftijd", "Antwoord uit de cijfers"] == "deels"
    assert "bevolkingsprognose" in m.loc["inwoners_werkende_leeftijd", "Resterende informatiebehoefte"]
    assert m.loc["werkgelegenheid_nu", "Antwoord uit de cijfers"] == "deels"  # estimate: coverage is partial
    assert m.loc["opgave_krapte", "Antwoord uit de cijfers"] == "niet"
    assert "UWV (bij de partner)" in m.loc["opgave_krapte", "Resterende informatiebehoefte"]
    zonder = bronnenmenu.antwoordmatrix(kies, {})
    assert set(zonder["Antwoord uit de cijfers"]) == {"niet"}


def test_kandidaatbronnen_puts_fetchable_first():
    vraag = {v.id: v for v in vragen.laad_vragen()}["werkgelegenheid_horizon"]
    bronnen = bronnenmenu.kandidaatbronnen(vraag)
    assert [b.id for b in bronnen] == ["cbs_banen", "roa_ais"]


def test_catalogue_texts_are_plain_text():
    """A YAML slip (an unquoted '{' or ':') would turn a text into a mapping; every text field must be text."""
    from werkboek import monitoring

    for i in monitoring.laad_indicatoren():
        assert all(isinstance(x, str) for x in (i.naam, i.definitie, i.frequentie, i.eenheid)), i.id
        assert all(isinstance(v, str) for _, v in i.filter + i.noemer), i.id
    for v in vragen.laad_vragen():
        assert all(isinstance(x, str) for x in v.indicatoren + v.themas + v.bronnen + (v.tekst,)), v.id
    for b in bronnenmenu.laad_menu():
        assert all(isinstance(getattr(b, f), str) for f in ("naam", "biedt", "actueel_of_trend", "geografisch_niveau",
                                                             "toegang", "eenheid", "plaats")), b.id


def test_a_question_naming_an_unknown_source_is_refused(tmp_path):
    # A user's typo in 'bronnen' would otherwise vanish from the sources per question in notebook 02.
    document = yaml.safe_load(open(paden.data_dir() / "vragen.yaml", encoding="utf-8"))
    document["vragen"][0]["bronnen"] = ["cbs_banen", "uwv_typo"]
    with pytest.raises(CatalogusFout, match=r"Vraag '.+': bron uwv_typo staat niet in data/bronnenmenu.yaml"):
        vragen.laad_vragen(str(_schrijf(tmp_path, document)))
