"""The local CBS OData v3 server: URL layout, paging, counting and injected faults."""

import json

import pytest
import requests

from testservers.cbs import CbsTestserver, maak_delen

pytestmark = pytest.mark.usefixtures("eigen_cache")


def klein(tabel_id):
    if tabel_id != "T1":
        raise KeyError(tabel_id)
    return maak_delen("T1", "Kleine tabel", {"RegioS": [(f"GM{n:04d}    ", f"Gemeente {n}") for n in range(10)]},
                      [{"Key": "Aantal_1", "Title": "Aantal"}], lambda c: {"Aantal_1": 1.0})


@pytest.fixture
def server():
    with CbsTestserver(klein, tabel_ids=["T1"], paginagrootte=4) as s:
        yield s


def haal(server, pad, **kwargs):
    return requests.get(server.url + pad, params={"$format": "json"}, timeout=5, **kwargs)


def test_layout_paging_catalogue_and_counting(server):
    assert server.host.startswith("127.0.0.1:")
    wortel = haal(server, "/ODataFeed/odata/T1/").json()["value"]
    namen = [deel["name"] for deel in wortel]
    assert {"TableInfos", "DataProperties", "CategoryGroups", "RegioS", "TypedDataSet", "UntypedDataSet"} == set(namen)
    assert all(deel["url"] == f"{server.url}/ODataFeed/odata/T1/{deel['name']}" for deel in wortel)
    records, url, paginas = [], f"{server.url}/ODataFeed/odata/T1/TypedDataSet?$format=json", 0
    while url and paginas < 10:
        antwoord = requests.get(url, timeout=5).json()
        records += antwoord["value"]
        url, paginas = antwoord.get("odata.nextLink"), paginas + 1
    assert paginas == 3 and [r["ID"] for r in records] == list(range(10))
    untyped = haal(server, "/ODataFeed/odata/T1/UntypedDataSet").json()["value"]
    assert untyped[0]["Aantal_1"].strip() == "1.0"
    catalogus = haal(server, "/ODataCatalog/Tables").json()["value"]
    assert [t["Identifier"] for t in catalogus] == ["T1"]
    assert haal(server, "/ODataFeed/odata/ONBEKEND/").status_code == 404
    assert server.verzoeken.totaal("/TypedDataSet") == 3
    assert server.verzoeken.per_pad["/ODataFeed/odata/T1/"] == 1


def test_status_faults_last_for_the_asked_number_of_requests(server):
    server.fail_with_status(503, times=2)
    assert [haal(server, "/ODataFeed/odata/T1/").status_code for _ in range(3)] == [503, 503, 200]


def test_dropped_connection_only_on_follow_up_pages(server):
    server.drop_connection(times=1, next_pages_only=True)
    assert haal(server, "/ODataFeed/odata/T1/TypedDataSet").status_code == 200  # first page is not hit
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{server.url}/ODataFeed/odata/T1/TypedDataSet?$format=json&$skip=4", timeout=5)
    assert haal(server, "/ODataFeed/odata/T1/TypedDataSet").status_code == 200


def test_invalid_and_truncated_json(server):
    server.invalid_json()
    with pytest.raises(json.JSONDecodeError):
        json.loads(haal(server, "/ODataFeed/odata/T1/TableInfos").text)
    server.truncated_json()
    with pytest.raises(json.JSONDecodeError):
        json.loads(haal(server, "/ODataFeed/odata/T1/TableInfos").text)
    assert haal(server, "/ODataFeed/odata/T1/TableInfos").json()["value"][0]["Identifier"] == "T1"


def test_slow_answer_exceeds_a_client_timeout_and_stop_does_not_hang(server):
    server.delay(30)
    with pytest.raises(requests.Timeout):
        requests.get(f"{server.url}/ODataFeed/odata/T1/TableInfos", timeout=0.2)


def test_layout_changes_and_unknown_table(server):
    server.rename_topic("T1", "Aantal_1", "Aantal_2")
    eigenschappen = haal(server, "/ODataFeed/odata/T1/DataProperties").json()["value"]
    assert [e["Title"] for e in eigenschappen if e["Key"] == "Aantal_2"] == ["Aantal"]
    assert "Aantal_2" in haal(server, "/ODataFeed/odata/T1/TypedDataSet").json()["value"][0]
    server.remove_property("T1", "RegioS")
    assert "RegioS" not in [d["name"] for d in haal(server, "/ODataFeed/odata/T1/").json()["value"]]
    assert "RegioS" not in haal(server, "/ODataFeed/odata/T1/TypedDataSet").json()["value"][0]
    server.remove_table("T1")
    assert haal(server, "/ODataFeed/odata/T1/").status_code == 404


def test_the_default_provider_is_the_demo_generator_and_the_parser_reads_both_the_same(demo_cbs_testserver):
    from werkboek import cbs, cbs_download, demo, metadata, odata
    from werkboek.register import standaard_register

    thema = standaard_register().thema("bevolking")
    tabel_id = thema.uitgave().id
    assert tabel_id in demo_cbs_testserver.tabel_ids()
    with pytest.raises(cbs.DownloadFout, match="te groot"):  # the whole table is refused, as by CBS
        cbs_download.download_delen(tabel_id)
    gemeenten = ["GM9001", "GM9002"]

    def plak_voor(meta):
        return odata.maak_plak(metadata.los_op(meta, thema), thema, 2020, gemeenten)

    demo_cbs_testserver.verzoeken.wis()
    download = cbs_download.download_delen(tabel_id, plak_voor=plak_voor)  # settings from the environment the fixture set
    assert demo_cbs_testserver.verzoeken.totaal("TypedDataSet") == len(download.filters) >= 1
    via_server = cbs.lees_tabel(download.delen, thema, demo=True).data
    bron = demo.brontabel(tabel_id)
    plak = plak_voor(bron.metadata)
    direct = cbs.lees_tabel({**bron.metadata, "TypedDataSet": bron.rijen(plak.keuzes, plak.onderwerpen)}, thema,
                            demo=True).data
    import pandas as pd

    pd.testing.assert_frame_equal(via_server, direct)
    assert set(direct["regio"]) == {"NL01", *gemeenten} and direct["jaar"].min() == 2020