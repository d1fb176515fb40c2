"""Downloading through cbsodata from the local CBS server: paging, retries, time-outs, bad answers, settings."""

import pytest

from conftest import MINI_GEMEENTEN, mini_delen
from conftest import verwacht_aantal_verzoeken as aantal_verzoeken
from werkboek import cbs, cbs_download, metadata, odata, verbinding
from werkboek.fouten import DataWaarschuwing
from werkboek.register import standaard_register

BANEN = standaard_register().thema("banen")


def _plak(meta):
    """The slice the workbook asks for the mini table: every register sector, every region, from 2015."""
    return odata.maak_plak(metadata.los_op(meta, BANEN), BANEN, 2015)


def test_the_download_fetches_the_metadata_first_then_only_the_slice_with_filter_and_select(cbs_testserver):
    download = cbs_download.download_delen("83582NED", cbs_testserver.instellingen(), _plak)
    # 16 register sectors, not the 28 of the table: the other categories were never sent
    assert {r["BedrijfstakkenBranchesSBI2008"].strip() for r in download.delen["TypedDataSet"]} == {
        c.key for c in BANEN.dimensies["sector"].categorieen.values()}
    assert download.filters and all(f.startswith("(BedrijfstakkenBranchesSBI2008 eq ") for f in download.filters)
    assert set(download.delen["TypedDataSet"][0]) == {"BedrijfstakkenBranchesSBI2008", "RegioS", "Perioden",
                                                      "BanenVanWerknemersInDecember_1"}  # $select: no ID, no extras
    alles = mini_delen("83582NED")["TypedDataSet"]
    assert cbs_testserver.verzoeken.rijen() == len(download.delen["TypedDataSet"]) == len(alles) * 16 // 28


def test_multi_page_download_keeps_keys_titles_periods_missing_values_and_units(cbs_testserver):
    download = cbs_download.download_delen("83582NED", cbs_testserver.instellingen())
    verwacht = mini_delen("83582NED")
    assert len(verwacht["TypedDataSet"]) > 3 * cbs_testserver.paginagrootte  # really several pages
    assert download.delen["TypedDataSet"] == verwacht["TypedDataSet"]
    assert cbs_testserver.verzoeken.totaal() == aantal_verzoeken(verwacht, cbs_testserver.paginagrootte)
    assert cbs_testserver.verzoeken.totaal("UntypedDataSet") == 0
    tabel = cbs.lees_tabel(download.delen, BANEN, bron_url=download.bron_url, opgehaald=download.opgehaald)
    data = tabel.data
    assert set(data["regio"]) == {"NL01"} | {g[0].strip() for g in MINI_GEMEENTEN}
    assert set(data["regio_titel"]) == {"Nederland"} | {g[1] for g in MINI_GEMEENTEN}
    assert set(data.loc[data["voorlopig"], "jaar"]) == {2023, 2024}  # 2023 december** and 2024 december*
    assert set(data.loc[data["periode_status"] == "nader voorlopig", "jaar"]) == {2023}
    gat = (data["regio"] == MINI_GEMEENTEN[1][0]) & (data["jaar"] == 2024)
    assert data.loc[gat, "banen"].isna().all() and data.loc[gat, "banen_reden"].notna().all()
    assert data.loc[~gat, "banen"].notna().all()
    assert tabel.onderwerpen["banen"].eenheid == "x 1 000"
    assert tabel.herkomst.bron_url == f"{cbs_testserver.url}/ODataFeed/odata/83582NED/"


def test_a_renamed_topic_key_is_found_by_title_through_the_server(cbs_testserver):
    cbs_testserver.rename_topic("83582NED", "BanenVanWerknemersInDecember_1", "WerknemersBanen_12")
    download = cbs_download.download_delen("83582NED", cbs_testserver.instellingen())
    tabel = cbs.lees_tabel(download.delen, BANEN)
    assert tabel.onderwerpen["banen"].key == "WerknemersBanen_12" and tabel.data["banen"].notna().any()


def test_a_removed_topic_gives_the_dutch_error(cbs_testserver):
    cbs_testserver.remove_property("83582NED", "BanenVanWerknemersInDecember_1")
    download = cbs_download.download_delen("83582NED", cbs_testserver.instellingen())
    with pytest.raises(metadata.MetadataFout, match="83582NED.*'banen'.*data/tabellen.yaml"):
        cbs.lees_tabel(download.delen, BANEN)
    # with a slice to build, the metadata alone stops it: not one data row is asked for
    cbs_testserver.verzoeken.wis()
    with pytest.raises(metadata.MetadataFout, match="83582NED.*'banen'"):
        cbs_download.download_delen("83582NED", cbs_testserver.instellingen(), _plak)
    assert cbs_testserver.verzoeken.totaal("TypedDataSet") == 0


def test_503_then_success_retries_only_the_failed_request(cbs_testserver):
    cbs_testserver.fail_with_status(503, times=2, path_contains="TypedDataSet")
    download = cbs_download.download_delen("83582NED", cbs_testserver.instellingen(pogingen=3))
    assert download.delen["TypedDataSet"] == mini_delen("83582NED")["TypedDataSet"]
    assert cbs_testserver.verzoeken.totaal() == aantal_verzoeken(download.delen, cbs_testserver.paginagrootte) + 2
    assert cbs_testserver.verzoeken.per_pad["/ODataFeed/odata/83582NED/"] == 1


def test_a_dropped_connection_on_a_later_page_retries_that_page(cbs_testserver):
    cbs_testserver.drop_connection(times=1, path_contains="TypedDataSet", next_pages_only=True)
    download = cbs_download.download_delen("83582NED", cbs_testserver.instellingen(pogingen=2))
    assert download.delen["TypedDataSet"] == mini_delen("83582NED")["TypedDataSet"]
    assert cbs_testserver.verzoeken.per_pad["/ODataFeed/odata/83582NED/"] == 1


def test_lasting_503_names_table_status_and_way_out(cbs_testserver):
    cbs_testserver.fail_with_status(503, times=100)
    with pytest.raises(cbs.DownloadFout) as fout:
        cbs_download.download_delen("83582NED", cbs_testserver.instellingen(pogingen=2))
    tekst = str(fout.value)
    assert "83582NED" in tekst and "HTTP 503" in tekst and "demo" in tekst and "cache" in tekst
    assert cbs_testserver.verzoeken.totaal() == 3  # one request and two retries, then it stops


def test_timeout(cbs_testserver):
    cbs_testserver.delay(5, times=10)
    with pytest.raises(cbs.DownloadFout, match="83582NED.*time-out"):
        cbs_download.download_delen("83582NED", cbs_testserver.instellingen(timeout=0.2, pogingen=0))


@pytest.mark.parametrize("storing", ["invalid_json", "truncated_json"])
def test_invalid_json(cbs_testserver, storing):
    getattr(cbs_testserver, storing)(times=1, path_contains="DataProperties")
    with pytest.raises(cbs.DownloadFout, match="83582NED.*geen geldige JSON"):
        cbs_download.download_delen("83582NED", cbs_testserver.instellingen())


def test_unknown_table_points_to_the_register(cbs_testserver):
    with pytest.raises(cbs.DownloadFout, match="99999NED.*HTTP 404.*data/tabellen.yaml"):
        cbs_download.download_delen("99999NED", cbs_testserver.instellingen())


def test_lasting_dropped_connection_is_a_connection_error(cbs_testserver):
    cbs_testserver.drop_connection(times=100, next_pages_only=True)
    with pytest.raises(cbs.DownloadFout, match="83582NED.*verbroken"):
        cbs_download.download_delen("83582NED", cbs_testserver.instellingen(pogingen=1))


# -- settings ------------------------------------------------------------------------------------------


def test_settings_from_file_then_environment(eigen_cache, tmp_path, monkeypatch):
    bestand = tmp_path / "instellingen.yaml"
    bestand.write_text("cbs_host: http://spiegel.example:8080\ntimeout: 12\npogingen: 7\n", encoding="utf-8")
    monkeypatch.setenv("WERKBOEK_INSTELLINGEN", str(bestand))
    monkeypatch.setenv("WERKBOEK_POGINGEN", "1")
    inst = verbinding.lees_instellingen()
    assert (inst.host, inst.https, inst.timeout, inst.pogingen) == ("spiegel.example:8080", False, 12.0, 1)
    assert inst.herkomst["pogingen"] == "omgevingsvariabele WERKBOEK_POGINGEN"
    assert inst.verify() is True or isinstance(inst.verify(), str)
    bestand.write_text("tijdslimiet: 3\n", encoding="utf-8")
    with pytest.raises(verbinding.InstellingenFout, match="tijdslimiet"):
        verbinding.lees_instellingen()


def test_ca_bundle_and_tls_check(eigen_cache, tmp_path, monkeypatch):
    bundel = tmp_path / "organisatie.pem"
    bundel.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundel))
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    assert verbinding.lees_instellingen().verify() == str(bundel)
    monkeypatch.setenv("WERKBOEK_CA_BUNDEL", str(tmp_path / "bestaat-niet.pem"))
    with pytest.raises(verbinding.InstellingenFout, match="CA-bundel"):
        verbinding.lees_instellingen()
    monkeypatch.delenv("WERKBOEK_CA_BUNDEL")
    monkeypatch.setenv("WERKBOEK_TLS_CONTROLE", "nee")
    assert verbinding.lees_instellingen().verify() is False


def test_turning_tls_off_warns_every_time(cbs_testserver):
    inst = cbs_testserver.instellingen(tls_controle=False)
    for _ in range(2):
        with pytest.warns(DataWaarschuwing, match="TLS-certificaten staat UIT"):
            cbs_download.download_delen("85385NED", inst)


@pytest.mark.parametrize(("proxy", "uitzondering"), [("HTTPS_PROXY", "NO_PROXY"), ("https_proxy", "no_proxy")])
def test_proxies_come_from_the_environment_and_honour_no_proxy(monkeypatch, proxy, uitzondering):
    for naam in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(naam, raising=False)
    monkeypatch.setenv(proxy, "http://proxy.gemeente.example:3128")
    assert verbinding.proxies_voor("https://opendata.cbs.nl/ODataFeed/odata/x/")["https"] == "http://proxy.gemeente.example:3128"
    monkeypatch.setenv(uitzondering, "cbs.nl")
    assert "https" not in verbinding.proxies_voor("https://opendata.cbs.nl/ODataFeed/odata/x/")


def test_the_example_settings_file_is_valid(eigen_cache, monkeypatch):
    from conftest import ROOT

    monkeypatch.setenv("WERKBOEK_INSTELLINGEN", str(ROOT / "data" / "instellingen.voorbeeld.yaml"))
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    monkeypatch.delenv("WERKBOEK_DUO_HOST", raising=False)  # the tests' own DUO server; here the file counts
    inst = verbinding.lees_instellingen()
    assert inst.host == "opendata.cbs.nl" and inst.https and inst.tls_controle
    assert inst.duo_host == "onderwijsdata.duo.nl" and inst.duo_https
    assert set(inst.herkomst) == {"cbs_host", "duo_host", "timeout", "pogingen", "wachttijd", "tls_controle"}


def test_the_session_passes_ca_bundle_proxies_and_timeout_on_every_request(cbs_testserver, tmp_path, monkeypatch):
    import requests
    from requests.adapters import HTTPAdapter

    bundel = tmp_path / "organisatie.pem"
    bundel.write_text("x", encoding="utf-8")
    gezien = []
    echte_send = HTTPAdapter.send

    def kijk(self, request, **kwargs):
        gezien.append(kwargs)
        return echte_send(self, request, verify=True, **{k: v for k, v in kwargs.items() if k != "verify"})

    monkeypatch.setattr(HTTPAdapter, "send", kijk)
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.gemeente.example:3128")  # 127.0.0.1 is in NO_PROXY
    cbs_download.download_delen("85385NED", cbs_testserver.instellingen(ca_bundel=str(bundel), timeout=7))
    assert len(gezien) == cbs_testserver.verzoeken.totaal() > 1
    assert all(k["verify"] == str(bundel) and k["timeout"] == 7 and not k["proxies"] for k in gezien)
    from cbsodata import cbsodata3

    assert cbsodata3.Session is requests.Session  # cbsodata's own Session class is put back afterwards
