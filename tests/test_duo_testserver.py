"""The local DUO CKAN server: CKAN's answers, files at the URLs it advertises, the datastore dump, counters and
faults."""

from __future__ import annotations

import csv
import io

import pytest
import requests

from werkboek.demo import duo as demo_duo
from werkboek.register import standaard_register
from testservers.duo import DuoTestserver

SPECS = standaard_register().duo


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    with DuoTestserver(url_stijl="server") as server:
        yield server


def kop(inhoud: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(inhoud.decode("utf-8-sig"))))


def test_files_are_served_at_the_urls_the_package_advertises_and_counted(server):
    pakket = requests.get(f"{server.url}/api/3/action/package_show", params={"id": "p02ho1ejrs"}).json()["result"]
    assert pakket["title"].startswith("DEMODATA") and pakket["license_id"] == "cc-by"
    for resource in pakket["resources"]:
        assert resource["url"].startswith(server.url + "/dataset/")
        antwoord = requests.get(resource["url"])
        assert antwoord.status_code == 200 and antwoord.headers["Content-Type"] == "text/csv"
        assert antwoord.content == demo_duo.bestand(resource["id"]) and len(antwoord.content) == resource["size"]
    assert server.verzoeken.totaal("/download/") == 2 and server.verzoeken.totaal() == 3


def test_the_datastore_dump_has_an_id_column_first_and_unknown_files_are_404(server):
    rid = SPECS["mbo_instellingen"].resources[0].id
    dump = requests.get(f"{server.url}/datastore/dump/{rid}").content
    assert kop(dump)[:3] == ["_id", "JAAR", "PROVINCIE INSTELLING"]
    assert requests.get(f"{server.url}/datastore/dump/00000000-0000-0000-0000-000000000000").status_code == 404
    assert requests.get(f"{server.url}/api/3/action/package_search").json()["success"] is False
    assert requests.get(f"{server.url}/api/3/action/package_show").status_code == 409


def test_header_changes_and_faults_apply_as_asked(server):
    rid = SPECS["mbo_gediplomeerden"].resources[0].id
    server.change_header(rid, rename={"NIVEAU": "NIVEAU NIEUW"}, remove=["LEERWEG"])
    nieuw = kop(server.bestand(rid))
    assert "NIVEAU NIEUW" in nieuw and "LEERWEG" not in nieuw and "NIVEAU" not in nieuw
    server.success_false(times=1)
    antwoord = requests.get(f"{server.url}/api/3/action/package_show", params={"id": "gediplomeerde-mbo-studenten"})
    assert antwoord.status_code == 200 and antwoord.json()["success"] is False
    assert requests.get(f"{server.url}/api/3/action/package_show", params={"id": "gediplomeerde-mbo-studenten"}).json()["success"]
    server.fail_with_status(502, times=1, path_contains="/download/")
    url = f"{server.url}/dataset/x/resource/{rid}/download/x.csv"
    assert requests.get(url).status_code == 502 and requests.get(url).status_code == 200
    server.truncated_csv(times=1)
    assert len(requests.get(url).content) == len(server.bestand(rid)) // 2
    server.internal_url(rid)
    pakket = server.pakket("gediplomeerde-mbo-studenten")
    assert pakket["resources"][0]["url"].startswith("http://beheer-ggm-ckan-prd/")
    server.remove_dataset("gediplomeerde-mbo-studenten")
    assert requests.get(f"{server.url}/api/3/action/package_show", params={"id": pakket["id"]}).status_code == 404


def test_the_portal_style_keeps_onderwijsdata_urls_for_the_client_to_rewrite(monkeypatch):
    with DuoTestserver() as server:
        pakket = server.pakket("mbo-studenten-per-instelling")
        assert pakket["resources"][0]["url"].startswith("https://onderwijsdata.duo.nl/dataset/")
        assert server.instellingen().duo_basis_url == server.url
