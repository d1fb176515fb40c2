"""The DUO client: choosing files from a CKAN package (by id, by name pattern), rewriting URLs, the download through
ckanapi against the local DUO server with every fault as a Dutch error, and the provenance record."""

from __future__ import annotations

import pytest

from werkboek import duo
from werkboek.demo import duo as demo_duo
from werkboek.register import standaard_register
from werkboek.verbinding import Verbindingsinstellingen, lees_instellingen

SPECS = standaard_register().duo
INSTROOM_NAAM = "{} nieuw-instromende-studenten-per-instelling-niveau-leerweg-beroepsopleiding-met-soorten-instroom"
HOOFDGROEP_NAAM = "{} nieuw-instromende-studenten-per-instelling-hoofdgroep-leerweg-beroepsopleiding-niveau-vooropleiding"


def resource(id_, naam, **extra):
    return {"id": id_, "name": naam, "url": f"https://onderwijsdata.duo.nl/dataset/p/resource/{id_}/download/x.csv",
            "format": "CSV", **extra}


def test_a_file_is_chosen_by_its_id_among_similar_files():
    spec = SPECS["mbo_studenten_sectorkamer"]
    pakket = {"name": spec.dataset, "resources": [
        resource("da6669b9-5894-4ba6-9ba4-bfd42f8d3387", "Studenten per sectorkamer leerweg niveau woonprovincie"),
        resource("44a2a5e0-8218-44ed-bc5b-33b4bcceb480", "Een andere naam dan in het register"),
    ]}
    gekozen, opmerkingen = duo.kies_resources(spec, pakket)
    assert [g.id for g in gekozen] == ["44a2a5e0-8218-44ed-bc5b-33b4bcceb480"] and gekozen[0].gekozen_op == "id"
    assert opmerkingen == []


def test_a_replaced_file_is_found_by_the_name_pattern_and_the_newest_wins_with_a_note():
    spec = SPECS["mbo_studenten_sectorkamer"]
    naam = "Studenten per sectorkamer leerweg niveau woongemeente woonprovincie"
    pakket = {"name": spec.dataset, "resources": [
        resource("da6669b9-5894-4ba6-9ba4-bfd42f8d3387", "Studenten per sectorkamer leerweg niveau woonprovincie"),
        resource("00000000-0000-0000-0000-000000000001", naam, last_modified="2026-02-02T09:56:13"),
        resource("00000000-0000-0000-0000-000000000002", naam, last_modified="2027-02-01T10:00:00"),
    ]}
    gekozen, opmerkingen = duo.kies_resources(spec, pakket)
    assert [g.id for g in gekozen] == ["00000000-0000-0000-0000-000000000002"]
    assert gekozen[0].gekozen_op == "naampatroon" and gekozen[0].waarschuwen
    assert "44a2a5e0" in opmerkingen[0] and "data/tabellen.yaml" in opmerkingen[0]


def test_per_year_files_follow_what_duo_publishes_new_years_added_dropped_years_noted():
    spec = SPECS["mbo_instroom"]
    pakket = {"name": spec.dataset, "resources": [
        resource("4c92ba29-dd5d-4639-8432-b49af11cd716", INSTROOM_NAAM.format(2022)),
        resource("c439fbbc-3a02-4c8e-a7f4-672db50e0427", INSTROOM_NAAM.format(2023)),
        resource("b66983af-5ab1-45f5-9683-afc5836da84b", INSTROOM_NAAM.format(2024)),
        resource("9c9d219f-242a-4406-bf4d-60a8f76f34f5", INSTROOM_NAAM.format(2025)),
        resource("00000000-0000-0000-0000-000000002026", INSTROOM_NAAM.format(2026)),
        resource("00000000-0000-0000-0000-00000000h026", HOOFDGROEP_NAAM.format(2026)),  # the other variant
    ]}
    gekozen, opmerkingen = duo.kies_resources(spec, pakket)
    assert [(g.jaar, g.gekozen_op) for g in gekozen] == [(2022, "id"), (2023, "id"), (2024, "id"), (2025, "id"),
                                                        (2026, "naampatroon")]
    assert any("2021" in o and "ontbreekt" in o for o in opmerkingen)
    assert any("2026" in o and "nog niet in het register" in o for o in opmerkingen)
    assert not any(g.waarschuwen for g in gekozen)


def test_a_part_is_found_by_the_pattern_with_its_part_code():
    spec = SPECS["ho_eerstejaars"]
    pakket = {"name": spec.dataset, "resources": [
        resource("5338f63e-af6a-434c-8086-c4584767c3fc", spec.resources[0].naam),
        resource("00000000-0000-0000-0000-0000000000a0",
                 "Eerstejaarsingeschrevenen wetenschappelijk onderwijs inclusief geslacht in het domein hoger onderwijs"),
        resource("00000000-0000-0000-0000-0000000000b0",
                 "Eerstejaarsingeschrevenen wetenschappelijk onderwijs niveau opleiding in het domein hoger onderwijs"),
    ]}
    gekozen, _ = duo.kies_resources(spec, pakket)
    assert [(g.deel, g.gekozen_op, g.id[-2:]) for g in gekozen] == [("hbo", "id", "fc"), ("wo", "naampatroon", "a0")]


def test_a_file_that_is_not_there_names_the_dataset_the_search_and_what_is_present():
    spec = SPECS["mbo_gediplomeerden"]
    with pytest.raises(duo.DuoFout) as fout:
        duo.kies_resources(spec, {"name": spec.dataset, "resources": [resource("00000000-0000-0000-0000-000000000009",
                                                                              "Iets anders")]})
    tekst = str(fout.value)
    assert "gediplomeerde-mbo-studenten" in tekst and "aa057440" in tekst and "^Gediplomeerden$" in tekst
    assert "'Iets anders'" in tekst and "data/tabellen.yaml" in tekst


def test_urls_on_the_internal_host_become_the_dump_and_portal_urls_go_to_a_configured_mirror():
    portaal = lees_instellingen({})
    spiegel = Verbindingsinstellingen(duo_host="127.0.0.1:8123", duo_https=False)
    r = resource("44a2a5e0-8218-44ed-bc5b-33b4bcceb480", "x")
    assert duo.publieke_url(r, portaal) == r["url"]
    assert duo.publieke_url(r, spiegel) == ("http://127.0.0.1:8123/dataset/p/resource/44a2a5e0-8218-44ed-bc5b-"
                                           "33b4bcceb480/download/x.csv")
    intern = dict(r, url="http://beheer-ggm-ckan-prd.duo.local/dataset/p/resource/x/download/x.csv")
    assert duo.publieke_url(intern, portaal) == "https://onderwijsdata.duo.nl/datastore/dump/44a2a5e0-8218-44ed-bc5b-33b4bcceb480"
    assert duo.publieke_url(dict(r, url=""), spiegel) == "http://127.0.0.1:8123/datastore/dump/44a2a5e0-8218-44ed-bc5b-33b4bcceb480"
    elders = dict(r, url="https://elders.example/x.csv")
    assert duo.publieke_url(elders, spiegel) == "https://elders.example/x.csv"


def test_the_duo_host_setting_comes_from_the_file_or_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBOEK_INSTELLINGEN", str(tmp_path / "instellingen.yaml"))
    assert lees_instellingen({}).duo_basis_url == "https://onderwijsdata.duo.nl"
    (tmp_path / "instellingen.yaml").write_text("duo_host: https://spiegel.example\n", encoding="utf-8")
    assert lees_instellingen({}).duo_host == "spiegel.example"
    inst = lees_instellingen({"WERKBOEK_DUO_HOST": "http://127.0.0.1:9000"})
    assert inst.duo_basis_url == "http://127.0.0.1:9000" and inst.herkomst["duo_host"] == "omgevingsvariabele WERKBOEK_DUO_HOST"


# ---------------------------------------------------------------------------------------------------------
# Against the local DUO server
# ---------------------------------------------------------------------------------------------------------


def test_download_through_ckan_gives_the_demo_files_with_full_provenance(duo_testserver):
    spec = SPECS["mbo_instroom"]
    ophaling = duo.download(spec, lees_instellingen())
    assert ophaling.demo and len(ophaling.bestanden) == 5
    for g in ophaling.gekozen:
        assert ophaling.bestanden[g.id] == demo_duo.bestand(g.id)
        assert ophaling.urls[g.id].startswith(duo_testserver.url + "/dataset/")
    assert duo_testserver.verzoeken.totaal("/api/3/action/package_show") == 1
    assert duo_testserver.verzoeken.totaal("/download/") == 5
    record = duo.herkomst_record(spec, ophaling)
    eerste = record["resources"][0]
    for veld in ("dataset", "dataset_titel", "resource_id", "resource_naam", "bestandsdatum", "dataset_gewijzigd",
                 "opgehaald", "url", "licentie", "licentie_id", "sha256", "rijen", "demo", "plaats"):
        assert eerste[veld] not in (None, ""), veld
    assert eerste["licentie_id"] == "cc-by" and record["demo"] is True and "synthetisch" in eerste["licentie"]
    assert "afgeleid" in record["omschrijving"] and "Aanname" in record["maskering"]  # the assumption travels along
    herkomst = duo.DuoHerkomst(**{k: v for k, v in eerste.items() if k in duo.DuoHerkomst.__dataclass_fields__})
    assert "demodata" in herkomst.bronregel() and "geen echte cijfers" in herkomst.bronregel()


def test_a_real_package_gets_the_declared_licence_and_duos_cc0_statement(duo_testserver, monkeypatch):
    from werkboek.demo.odata import DEMO_TITELPREFIX

    def echt(naam):  # as if DUO served it: no demo marking
        pakket = demo_duo.pakket(naam)
        if pakket:
            pakket["title"] = pakket["title"].removeprefix(DEMO_TITELPREFIX)
        return pakket

    duo_testserver.pakket_bron = echt
    ophaling = duo.download(SPECS["mbo_instellingen"], lees_instellingen())
    record = duo.herkomst_record(SPECS["mbo_instellingen"], ophaling)
    assert record["demo"] is False
    licentie = record["resources"][0]["licentie"]
    assert "Creative Commons Attribution (cc-by)" in licentie and "CC0" in licentie and duo.FAQ_URL in licentie
    herkomst = duo.DuoHerkomst(**{k: v for k, v in record["resources"][0].items() if k in duo.DuoHerkomst.__dataclass_fields__})
    assert herkomst.bronregel().startswith("Bron: DUO open onderwijsdata, ") and "opgehaald" in herkomst.bronregel()


def test_a_file_on_the_internal_host_comes_from_the_datastore_dump(duo_testserver):
    spec = SPECS["mbo_instellingen"]
    duo_testserver.internal_url(spec.resources[0].id)
    ophaling = duo.download(spec, lees_instellingen())
    assert ophaling.urls[spec.resources[0].id] == f"{duo_testserver.url}/datastore/dump/{spec.resources[0].id}"
    assert ophaling.bestanden[spec.resources[0].id].startswith(b'\xef\xbb\xbf"_id","JAAR"')
    frame = duo.herkomst_record(spec, ophaling)["resources"][0]
    assert frame["rijen"] == 35 and duo_testserver.verzoeken.totaal("/datastore/dump/") == 1


def test_the_server_answers_by_name_and_by_id_and_unknown_datasets_with_ckans_404(duo_testserver):
    import requests

    spec = SPECS["mbo_gediplomeerden"]
    op_naam = requests.get(f"{duo_testserver.url}/api/3/action/package_show", params={"id": spec.dataset}).json()
    op_id = requests.get(f"{duo_testserver.url}/api/action/package_show", params={"id": spec.dataset_id}).json()
    assert op_naam["success"] and op_naam["result"] == op_id["result"]
    onbekend = requests.get(f"{duo_testserver.url}/api/3/action/package_show", params={"id": "bestaat-niet"})
    assert onbekend.status_code == 404 and onbekend.json() == {
        "help": onbekend.json()["help"], "success": False, "error": {"message": "Not found", "__type": "Not Found Error"}}
    assert duo_testserver.verzoeken.totaal() == 3


@pytest.mark.parametrize("storing, verwacht, soort", [
    (lambda s: s.fail_with_status(503, times=10), "HTTP 503, ook na 2 nieuwe poging", duo.DuoDownloadFout),
    (lambda s: s.remove_dataset("mbo-studenten-per-instelling"), r"bestaat niet \(meer\)", duo.DuoDownloadFout),
    (lambda s: s.success_false(), "success: false", duo.DuoDownloadFout),
    (lambda s: s.truncated_json(path_contains="/api/"), "geen JSON", duo.DuoDownloadFout),
    (lambda s: s.drop_connection(times=10), "verbroken", duo.DuoDownloadFout),
    (lambda s: s.truncated_csv(path_contains="/download/", verbinding_breekt=True, times=10), "niet volledig binnen",
     duo.DuoDownloadFout),
    (lambda s: s.fail_with_status(404, path_contains="/download/"), "HTTP 404", duo.DuoDownloadFout),
])
def test_every_fault_of_the_portal_is_one_dutch_error_with_the_way_out(duo_testserver, storing, verwacht, soort):
    storing(duo_testserver)
    with pytest.raises(soort, match=verwacht) as fout:
        duo.download(SPECS["mbo_instellingen"], lees_instellingen())
    assert "DUO" in str(fout.value) and ("data/tabellen.yaml" in str(fout.value) or "Wat u kunt doen" in str(fout.value))


@pytest.mark.parametrize("storing, verwacht", [
    (lambda s, rid: s.truncated_csv(path_contains="/download/"), "afgekapt"),
    (lambda s, rid: s.invalid_json(path_contains="/download/"), "webpagina"),
    (lambda s, rid: s.change_header(rid, rename={"GEMEENTENUMMER INSTELLING": "GEMEENTECODE"}), "GEMEENTECODE"),
    (lambda s, rid: s.change_header(rid, remove=["BBL"]), "'BBL' ontbreekt"),
])
def test_a_broken_or_changed_file_is_refused_before_anything_is_written(duo_testserver, storing, verwacht):
    spec = SPECS["mbo_instellingen"]
    storing(duo_testserver, spec.resources[0].id)
    ophaling = duo.download(spec, lees_instellingen())
    with pytest.raises(duo.DuoFout, match=verwacht):
        duo.herkomst_record(spec, ophaling)


def test_a_slow_server_is_a_time_out_and_an_absent_one_a_connection_error(duo_testserver):
    duo_testserver.delay(2, times=10)
    with pytest.raises(duo.DuoDownloadFout, match="time-out"):
        duo.download(SPECS["mbo_instellingen"], duo_testserver.instellingen(timeout=0.3, pogingen=0))
    instellingen = duo_testserver.instellingen()
    duo_testserver.stop()
    with pytest.raises(duo.DuoVerbindingsFout, match="geen verbinding"):
        duo.download(SPECS["mbo_instellingen"], instellingen)
