"""$filter, $select, paging, refusal and row counting on the local CBS server.

Unit tests of the filter parser and its evaluation, then end-to-end tests over HTTP against a small hand-made
table (``maak_delen``) and against a lazy ``odata.Kubus`` of 324 000 rows that is only ever served in slices.
Expected results are computed by brute force with plain Python predicates, never with the server's evaluator.
"""

from __future__ import annotations

import time
import urllib.parse

import numpy as np
import pytest
import requests

from werkboek import odata
from testservers.cbs import CbsTestserver, FilterFout, lees_select, maak_delen, ontleed_filter

pytestmark = pytest.mark.usefixtures("eigen_cache")

VELDEN = {"ID": "getal", "RegioS": "tekst", "Perioden": "tekst", "Naam": "tekst", "Aantal": "getal"}


def past(tekst: str, **rij) -> bool:
    return ontleed_filter(tekst, VELDEN).past(rij)


# ---------------------------------------------------------------------------------------------------------
# The parser and evaluator
# ---------------------------------------------------------------------------------------------------------


def test_and_binds_tighter_than_or_and_parentheses_override():
    tekst = "RegioS eq 'A' or Perioden eq 'P' and Naam eq 'N'"
    assert past(tekst, RegioS="A", Perioden="x", Naam="x")  # A or (P and N)
    assert not past(tekst, RegioS="x", Perioden="P", Naam="x")
    assert past(tekst, RegioS="x", Perioden="P", Naam="N")
    gegroepeerd = "(RegioS eq 'A' or Perioden eq 'P') and Naam eq 'N'"
    assert not past(gegroepeerd, RegioS="A", Perioden="x", Naam="x")
    assert past(gegroepeerd, RegioS="A", Perioden="x", Naam="N")
    assert past("((RegioS eq 'A'))", RegioS="A")


def test_not_applies_to_its_operand_only_and_needs_a_condition():
    tekst = "not (RegioS eq 'A') and Perioden eq 'P'"
    assert past(tekst, RegioS="B", Perioden="P")
    assert not past(tekst, RegioS="A", Perioden="P")
    assert not past(tekst, RegioS="B", Perioden="Q")
    assert past("not not (RegioS eq 'A')", RegioS="A")
    assert past("not startswith(RegioS, 'GM')", RegioS="PV20  ")
    with pytest.raises(FilterFout, match="'not' op positie 0 hoort bij een voorwaarde"):
        ontleed_filter("not RegioS eq 'A'", VELDEN)  # OData: not binds tighter than eq


def test_quotes_are_escaped_by_doubling_and_padding_is_significant():
    assert past("Naam eq 'O''Brien'", Naam="O'Brien")
    assert not past("Naam eq 'O''Brien'", Naam="O''Brien")
    assert past("Naam eq ''''", Naam="'")
    assert past("Naam eq ''", Naam="")
    assert past("RegioS eq 'NL01  '", RegioS="NL01  ")
    assert not past("RegioS eq 'NL01'", RegioS="NL01  ")
    assert past("Naam eq 'a and b or c'", Naam="a and b or c")  # keywords inside a literal are text


def test_string_functions():
    assert past("substringof('0014', RegioS)", RegioS="GM0014    ")
    assert not past("substringof('GM', RegioS)", RegioS="PV20  ")
    assert past("startswith(RegioS, 'GM')", RegioS="GM0014    ")
    assert not past("startswith(RegioS, 'M')", RegioS="GM0014    ")
    assert past("endswith(Perioden, 'JJ00')", Perioden="2020JJ00")
    assert past("trim(RegioS) eq 'NL01'", RegioS="NL01  ")
    assert past("tolower(Naam) eq 'utrecht' and toupper(Naam) eq 'UTRECHT'", Naam="Utrecht")
    assert past("substringof('x', Naam) eq false", Naam="abc")
    assert not past("substringof('x', Naam)", Naam=None)


def test_comparisons_on_text_numbers_and_null():
    tekst = "Perioden ge '2016JJ00' and Perioden lt '2018JJ00'"
    assert [p for p in ("2015JJ00", "2016JJ00", "2017JJ00", "2018JJ00") if past(tekst, Perioden=p)] == \
        ["2016JJ00", "2017JJ00"]
    assert past("RegioS gt 'GM'", RegioS="PV20  ") and not past("RegioS le 'GM'", RegioS="PV20  ")
    assert past("Aantal gt 2.5", Aantal=3) and not past("Aantal gt 2.5", Aantal=2.5)
    assert past("Aantal ge 2.5d", Aantal=2.5) and past("ID le 3", ID=3) and past("ID ne 3", ID=4)
    assert past("-1 lt Aantal", Aantal=0)
    assert past("Aantal eq null", Aantal=None) and not past("Aantal eq null", Aantal=0)
    assert past("Aantal ne null", Aantal=0)
    assert not past("Aantal gt 1", Aantal=None) and not past("Aantal le 1", Aantal=None)


@pytest.mark.parametrize(
    "tekst, fragment",
    [
        ("", "leeg"),
        ("RegioS eq", "houdt op na 'eq'"),
        ("(RegioS eq 'A'", "')' verwacht"),
        ("RegioS eq 'A", "niet afgesloten"),
        ("Regio eq 'A'", "onbekend veld 'Regio'"),
        ("RegioS eq 'A' and", "houdt op na 'and'"),
        ("RegioS eq 5", "vergelijkt tekst met een getal"),
        ("Aantal eq 'vijf'", "vergelijkt een getal met tekst"),
        ("contains(RegioS, 'A')", "onbekende functie 'contains'"),
        ("substringof('A')", "2 argument(en) nodig"),
        ("RegioS 'A'", "onverwacht \"'A'\" op positie 7"),
        ("RegioS eq 'A' )", "onverwacht ')'"),
        ("RegioS", "geen voorwaarde"),
        ("RegioS eq 'A' and Aantal", "'and' (positie 14) verwacht een voorwaarde"),
        ("RegioS # 'A'", "onverwacht teken '#'"),
        ("RegioS eq 'A' and and Naam eq 'B'", "onverwacht 'and'"),
        ("startswith(Aantal, 'A')", "startswith (positie 0) verwacht tekst"),
    ],
)
def test_errors_name_the_problem(tekst, fragment):
    with pytest.raises(FilterFout) as fout:
        ontleed_filter(tekst, VELDEN)
    assert fragment in str(fout.value)
    assert str(fout.value).startswith("Ongeldige $filter")


def test_narrowing_per_dimension_from_the_top_level_conjunction():
    dimensies = {"Geslacht": ["T001038", "3000   ", "4000   "], "RegioS": ["NL01  ", "PV20  ", "GM0014    ", "GM0034    "],
                 "Perioden": ["2015JJ00", "2016JJ00", "2017JJ00"]}
    velden = [*dimensies, "Aantal"]

    def kandidaten(tekst):
        return ontleed_filter(tekst, velden).kandidaten(dimensies)

    klantfilter = ("Geslacht eq 'T001038' and (RegioS eq 'NL01  ' or RegioS eq 'GM0014    ') and "
                   "(Perioden eq '2015JJ00' or Perioden eq '2016JJ00')")
    assert kandidaten(klantfilter) == {"Geslacht": ["T001038"], "RegioS": ["NL01  ", "GM0014    "],
                                       "Perioden": ["2015JJ00", "2016JJ00"]}
    # any clause on one dimension narrows it (evaluated per key), several clauses intersect
    assert kandidaten("startswith(RegioS, 'GM') and not (RegioS eq 'GM0034    ')") == {"RegioS": ["GM0014    "]}
    assert kandidaten("Perioden ge '2016JJ00' and Aantal gt 3") == {"Perioden": ["2016JJ00", "2017JJ00"]}
    # an 'or' across dimensions, or a clause on two dimensions, narrows nothing
    assert kandidaten("RegioS eq 'NL01  ' or Perioden eq '2015JJ00'") == {}
    assert kandidaten("Geslacht eq 'T001038' and (RegioS eq 'NL01  ' or Perioden eq '2015JJ00')") == \
        {"Geslacht": ["T001038"]}
    # an unpadded key matches no category; a constant false clause matches nothing at all
    assert kandidaten("RegioS eq 'NL01'") == {"RegioS": []}
    assert kandidaten("'a' eq 'b' and RegioS eq 'NL01  '") is None
    assert kandidaten("'a' eq 'a' and RegioS eq 'NL01  '") == {"RegioS": ["NL01  "]}


def test_select_reads_columns_in_order_and_refuses_unknown_ones():
    kolommen = ["ID", "RegioS", "Perioden", "Aantal"]
    assert lees_select(None, kolommen) is None
    assert lees_select("Perioden, Aantal,RegioS", kolommen) == ["Perioden", "Aantal", "RegioS"]
    assert lees_select("Aantal,*", kolommen) == ["Aantal", "ID", "RegioS", "Perioden"]
    with pytest.raises(FilterFout, match="onbekende kolom 'Regio'"):
        lees_select("Regio,Aantal", kolommen)
    with pytest.raises(FilterFout, match="lege kolomnaam"):
        lees_select("RegioS,,Aantal", kolommen)


# ---------------------------------------------------------------------------------------------------------
# End to end over HTTP
# ---------------------------------------------------------------------------------------------------------


def haal_alles(url: str, params: dict | None = None, max_paginas: int = 500) -> tuple[list[dict], list[str]]:
    """Every row of a paged answer (following odata.nextLink verbatim, as cbsodata does) and the links."""
    antwoord = requests.get(url, params=params, timeout=30)
    assert antwoord.status_code == 200, antwoord.text[:500]
    rijen, links = [], []
    for _ in range(max_paginas):
        inhoud = antwoord.json()
        rijen += inhoud["value"]
        volgende = inhoud.get("odata.nextLink")
        if not volgende:
            return rijen, links
        links.append(volgende)
        antwoord = requests.get(volgende, timeout=30)
        assert antwoord.status_code == 200, antwoord.text[:500]
    raise AssertionError("te veel pagina's")


def queryparameters(link: str) -> dict[str, str]:
    return {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlsplit(link).query).items()}


def odata_fout(antwoord: requests.Response) -> str:
    assert antwoord.status_code == 400, antwoord.text[:300]
    fout = antwoord.json()["odata.error"]
    assert fout["code"] == "" and fout["message"]["lang"] == "nl-NL"
    return fout["message"]["value"]


# -- a small hand-made table ----------------------------------------------------------------------------

GESLACHT = [("T001038", "Totaal"), ("3000   ", "Mannen"), ("4000   ", "Vrouwen")]
REGIOS = [("NL01  ", "Nederland"), ("PV26  ", "Utrecht (PV)"), ("GM0014    ", "Groningen"),
          ("GM0344    ", "Utrecht"), ("GM0363    ", "Amsterdam"), ("O'BR      ", "Regio met een aanhalingsteken")]
PERIODEN = [("2020JJ00", "2020"), ("2021JJ00", "2021"), ("2022JJ00", "2022"), ("2023JJ00", "2023", "Voorlopig")]


def kleine_waarde(combinatie: dict) -> dict:
    regio, jaar = combinatie["RegioS"], int(combinatie["Perioden"][:4])
    ontbreekt = regio.startswith("GM0363") and jaar == 2023
    aantal = None if ontbreekt else float(len(regio.strip()) * 10 + jaar - 2000 + GESLACHT_INDEX[combinatie["Geslacht"]])
    return {"Aantal_1": aantal, "Naam_2": None if ontbreekt else regio.strip().lower()}


GESLACHT_INDEX = {key: i for i, (key, _) in enumerate(GESLACHT)}


def klein_provider(tabel_id: str) -> dict:
    if tabel_id != "K1":
        raise KeyError(tabel_id)
    return maak_delen("K1", "Kleine tabel", {"Geslacht": GESLACHT, "RegioS": REGIOS, "Perioden": PERIODEN},
                      [{"Key": "Aantal_1", "Title": "Aantal", "Decimals": 1},
                       {"Key": "Naam_2", "Title": "Naam", "Datatype": "String"}], kleine_waarde)


KLEIN_RIJEN = klein_provider("K1")["TypedDataSet"]  # 72 rows


@pytest.fixture
def klein():
    with CbsTestserver(klein_provider, tabel_ids=["K1"], paginagrootte=10) as server:
        yield server


KLEINE_FILTERS = [
    ("Geslacht eq 'T001038' and (RegioS eq 'NL01  ' or RegioS eq 'GM0014    ') and "
     "(Perioden eq '2020JJ00' or Perioden eq '2021JJ00')",
     lambda r: r["Geslacht"] == "T001038" and r["RegioS"] in ("NL01  ", "GM0014    ")
     and r["Perioden"] in ("2020JJ00", "2021JJ00")),
    ("startswith(RegioS, 'GM')", lambda r: r["RegioS"].startswith("GM")),
    ("substringof('03', RegioS) or Perioden eq '2023JJ00'", lambda r: "03" in r["RegioS"] or r["Perioden"] == "2023JJ00"),
    ("RegioS eq 'O''BR      '", lambda r: r["RegioS"] == "O'BR      "),
    ("RegioS eq 'NL01'", lambda r: False),  # unpadded: no match, as on CBS
    ("Aantal_1 gt 60 and not (Geslacht eq '3000   ')",
     lambda r: r["Aantal_1"] is not None and r["Aantal_1"] > 60 and r["Geslacht"] != "3000   "),
    ("Aantal_1 eq null", lambda r: r["Aantal_1"] is None),
    ("Naam_2 eq 'utrecht' or ID lt 3", lambda r: r["Naam_2"] == "utrecht" or r["ID"] < 3),
    ("Perioden gt '2021JJ00' and endswith(RegioS, '  ')", lambda r: r["Perioden"] > "2021JJ00" and r["RegioS"].endswith("  ")),
]


@pytest.mark.parametrize("filtertekst, predikaat", KLEINE_FILTERS)
def test_small_table_filtered_result_equals_brute_force_and_pages_keep_the_filter(klein, filtertekst, predikaat):
    verwacht = [r for r in KLEIN_RIJEN if predikaat(r)]
    rijen, links = haal_alles(f"{klein.url}/ODataFeed/odata/K1/TypedDataSet",
                              {"$format": "json", "$filter": filtertekst})
    assert rijen == verwacht
    assert len(links) == max(0, -(-len(verwacht) // 10) - 1)
    for nummer, link in enumerate(links, start=1):
        assert link.startswith(f"{klein.url}/ODataFeed/odata/K1/TypedDataSet?")
        assert queryparameters(link) == {"$format": "json", "$filter": filtertekst, "$skip": str(10 * nummer)}


def test_small_table_without_filter_serves_every_row_in_the_full_layout(klein):
    rijen, links = haal_alles(f"{klein.url}/ODataFeed/odata/K1/TypedDataSet?$format=json")
    assert rijen == KLEIN_RIJEN and len(links) == 7
    assert list(rijen[0]) == ["ID", "Geslacht", "RegioS", "Perioden", "Aantal_1", "Naam_2"]
    assert "$filter" not in links[0] and "$select" not in links[0]


def test_select_returns_exactly_those_columns_in_that_order_on_every_page(klein):
    select = "Perioden,Aantal_1,RegioS"
    rijen, links = haal_alles(f"{klein.url}/ODataFeed/odata/K1/TypedDataSet",
                              {"$format": "json", "$filter": "Geslacht eq '4000   '", "$select": select})
    verwacht = [{"Perioden": r["Perioden"], "Aantal_1": r["Aantal_1"], "RegioS": r["RegioS"]}
                for r in KLEIN_RIJEN if r["Geslacht"] == "4000   "]
    assert rijen == verwacht and all(list(r) == ["Perioden", "Aantal_1", "RegioS"] for r in rijen)
    assert links and all(queryparameters(link)["$select"] == select for link in links)
    # a filter on a topic that is not selected still works (the server fetches it to evaluate)
    rijen, _ = haal_alles(f"{klein.url}/ODataFeed/odata/K1/TypedDataSet",
                          {"$format": "json", "$filter": "Naam_2 eq 'gm0344'", "$select": "ID"})
    assert rijen == [{"ID": r["ID"]} for r in KLEIN_RIJEN if r["Naam_2"] == "gm0344"] and len(rijen) == 12
    onbekend = requests.get(f"{klein.url}/ODataFeed/odata/K1/TypedDataSet",
                            params={"$format": "json", "$select": "RegioS,Bestaatniet_9"}, timeout=5)
    assert "onbekende kolom 'Bestaatniet_9'" in odata_fout(onbekend)


def test_untyped_data_set_honours_filter_and_select(klein):
    rijen, _ = haal_alles(f"{klein.url}/ODataFeed/odata/K1/UntypedDataSet",
                          {"$format": "json", "$filter": "RegioS eq 'GM0363    ' and Geslacht eq 'T001038'",
                           "$select": "Perioden,Aantal_1"})
    assert [r["Perioden"] for r in rijen] == ["2020JJ00", "2021JJ00", "2022JJ00", "2023JJ00"]
    assert [r["Aantal_1"] for r in rijen] == ["    80.0", "    81.0", "    82.0", "       ."]
    assert all(list(r) == ["Perioden", "Aantal_1"] for r in rijen)
    assert klein.verzoeken.rijen("UntypedDataSet") == 4


def test_bad_filters_and_skip_answer_400_with_an_odata_error(klein):
    url = f"{klein.url}/ODataFeed/odata/K1/TypedDataSet"
    syntaxis = requests.get(url, params={"$format": "json", "$filter": "RegioS eq 'NL01  "}, timeout=5)
    assert "niet afgesloten" in odata_fout(syntaxis)
    onbekend = requests.get(url, params={"$format": "json", "$filter": "Regio eq 'NL01  '"}, timeout=5)
    assert "onbekend veld 'Regio'" in odata_fout(onbekend)
    assert "Ongeldige $skip" in odata_fout(requests.get(url, params={"$format": "json", "$skip": "x"}, timeout=5))
    assert klein.verzoeken.rijen() == 0


def test_metadata_parts_can_be_filtered_too(klein):
    antwoord = requests.get(f"{klein.url}/ODataFeed/odata/K1/RegioS",
                            params={"$format": "json", "$filter": "startswith(Key, 'GM')", "$select": "Key,Title"},
                            timeout=5).json()
    assert antwoord["value"] == [{"Key": k, "Title": t} for k, t in REGIOS if k.startswith("GM")]
    assert klein.verzoeken.rijen() == 0  # metadata rows are not data rows


def test_row_counter_sums_the_pages_per_path_and_skips_broken_answers(klein):
    haal_alles(f"{klein.url}/ODataFeed/odata/K1/TypedDataSet", {"$format": "json", "$filter": "startswith(RegioS, 'GM')"})
    haal_alles(f"{klein.url}/ODataFeed/odata/K1/TableInfos?$format=json")
    assert klein.verzoeken.rijen() == 36 == klein.verzoeken.rijen("TypedDataSet")
    assert klein.verzoeken.rijen_per_pad == {"/ODataFeed/odata/K1/TypedDataSet": 36}
    assert klein.verzoeken.totaal("TypedDataSet") == 4
    klein.truncated_json(path_contains="TypedDataSet")
    requests.get(f"{klein.url}/ODataFeed/odata/K1/TypedDataSet?$format=json", timeout=5)
    assert klein.verzoeken.rijen() == 36  # half an answer delivers no rows
    klein.verzoeken.wis()
    assert klein.verzoeken.rijen() == 0 and klein.verzoeken.totaal() == 0


def test_a_small_maximum_refuses_the_unfiltered_table_but_serves_a_slice():
    with CbsTestserver(klein_provider, tabel_ids=["K1"], max_rijen_zonder_filter=30) as server:
        url = f"{server.url}/ODataFeed/odata/K1/TypedDataSet"
        melding = odata_fout(requests.get(url, params={"$format": "json"}, timeout=5))
        assert "Tabel K1 is te groot om in zijn geheel op te halen (72 rijen" in melding and "$filter" in melding
        breed = odata_fout(requests.get(url, params={"$format": "json", "$filter": "Aantal_1 gt 0"}, timeout=5))
        assert "laat van tabel K1 nog 72 rijen over" in breed
        rijen, _ = haal_alles(url, {"$format": "json", "$filter": "Geslacht eq '3000   '"})  # 24 candidates
        assert len(rijen) == 24
        # metadata parts are never refused
        assert requests.get(f"{server.url}/ODataFeed/odata/K1/DataProperties?$format=json", timeout=5).status_code == 200


def test_layout_changes_apply_to_filter_select_and_rows(klein):
    klein.rename_topic("K1", "Aantal_1", "Aantal_7")
    klein.remove_property("K1", "Naam_2")
    rijen, _ = haal_alles(f"{klein.url}/ODataFeed/odata/K1/TypedDataSet",
                          {"$format": "json", "$filter": "Aantal_7 eq null"})
    assert [r["ID"] for r in rijen] == [r["ID"] for r in KLEIN_RIJEN if r["Aantal_1"] is None]
    assert list(rijen[0]) == ["ID", "Geslacht", "RegioS", "Perioden", "Aantal_7"]
    oud = requests.get(f"{klein.url}/ODataFeed/odata/K1/TypedDataSet",
                       params={"$format": "json", "$filter": "Aantal_1 eq null"}, timeout=5)
    assert "onbekend veld 'Aantal_1'" in odata_fout(oud)


def test_https_serves_filtered_data(tmp_path):
    import ssl

    import trustme

    ca = trustme.CA(organization_name="Werkboek test-CA")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    bundel = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundel))
    with CbsTestserver(klein_provider, tabel_ids=["K1"], paginagrootte=5, ssl_context=context) as server:
        assert server.url.startswith("https://")
        antwoord = requests.get(f"{server.url}/ODataFeed/odata/K1/TypedDataSet", verify=str(bundel), timeout=5,
                                params={"$format": "json", "$filter": "startswith(RegioS, 'GM')"}).json()
        assert len(antwoord["value"]) == 5 and antwoord["odata.nextLink"].startswith(server.url)


def test_the_default_provider_is_demo_brontabel():
    from werkboek import demo

    server = CbsTestserver()
    assert server.provider is demo.brontabel and server._tabel_ids is demo.tabel_ids


# -- a lazy cube of 324 000 rows --------------------------------------------------------------------------

KUBUS_DIMENSIES = {
    "Geslacht": ["T001038", "3000   ", "4000   "],
    "Leeftijd": ["10000", *(f"{10010 + 90 * i}" for i in range(107))],
    "RegioS": ["NL01  ", *(f"PV{n:02d}  " for n in range(20, 32)), *(f"GM{n:04d}    " for n in range(1, 188))],
    "Perioden": [f"{jaar}JJ00" for jaar in range(2016, 2021)],
}
MAX_RIJEN = 50_000


def kubus_metadata(tabel_id: str) -> dict[str, list[dict]]:
    eigenschappen = [
        {"ID": i, "Position": i, "ParentID": None, "Key": key, "Title": key, "Description": "",
         "Type": {"Perioden": "TimeDimension", "RegioS": "GeoDimension"}.get(key, "Dimension")}
        for i, key in enumerate(KUBUS_DIMENSIES)
    ]
    for key, titel, decimalen in (("Bevolking_1", "Bevolking", 0), ("Gemiddeld_2", "Gemiddelde bevolking", 1)):
        eigenschappen.append({"ID": len(eigenschappen), "Position": len(eigenschappen), "ParentID": None,
                              "Type": "Topic", "Key": key, "Title": titel, "Description": "", "Unit": "aantal",
                              "Decimals": decimalen, "Datatype": "Double", "Default": "Missing"})
    metadata = {
        "TableInfos": [{"ID": 1, "Identifier": tabel_id, "Title": "Grote kubus", "Modified": "2024-06-27T02:00:00"}],
        "DataProperties": eigenschappen,
        "CategoryGroups": [],
    }
    for key, keys in KUBUS_DIMENSIES.items():
        metadata[key] = [{"Key": k, "Title": k.strip(), "Description": "", "CategoryGroupID": None} for k in keys]
    return metadata


def bevolking(ix: dict) -> np.ndarray:
    waarde = (ix["Geslacht"] + 1) * 100_000 + ix["Leeftijd"] * 37 + ix["RegioS"] * 11 + ix["Perioden"]
    return np.where((ix["RegioS"] % 17 == 3) & (ix["Perioden"] == 4), np.nan, waarde.astype(float))


def gemiddeld(ix: dict) -> np.ndarray:
    return bevolking(ix) + 0.25


def maak_kubus(tabel_id: str = "GROOT") -> odata.Kubus:
    return odata.Kubus(tabel_id, kubus_metadata(tabel_id), {"Bevolking_1": bevolking, "Gemiddeld_2": gemiddeld},
                       {"Bevolking_1": 0, "Gemiddeld_2": 1})


class Spion:
    """A Brontabel that records what the server asks of the cube."""

    def __init__(self, bron) -> None:
        self.bron, self.tabel_id, self.metadata = bron, bron.tabel_id, bron.metadata
        self.vragen: list[tuple[dict | None, list | None, int]] = []

    @property
    def aantal_rijen(self) -> int:
        return self.bron.aantal_rijen

    def rijen(self, keuzes=None, onderwerpen=None):
        rijen = self.bron.rijen(keuzes, onderwerpen)
        self.vragen.append((keuzes, onderwerpen, len(rijen)))
        return rijen


@pytest.fixture(scope="module")
def alle_kubusrijen() -> list[dict]:
    """The whole cube, materialised once here for brute-force comparison (the server never does this)."""
    return maak_kubus().rijen()


@pytest.fixture
def groot():
    spion = Spion(maak_kubus())

    def provider(tabel_id):
        if tabel_id != "GROOT":
            raise KeyError(tabel_id)
        return spion

    with CbsTestserver(provider, tabel_ids=["GROOT"], paginagrootte=1000, max_rijen_zonder_filter=MAX_RIJEN) as server:
        server.spion = spion
        yield server


def test_the_cube_is_large_and_the_brute_force_reference_is_sane(alle_kubusrijen):
    assert maak_kubus().aantal_rijen == 3 * 108 * 200 * 5 == len(alle_kubusrijen) == 324_000
    assert [r["ID"] for r in alle_kubusrijen[:3]] == [0, 1, 2]
    assert sum(r["Bevolking_1"] is None for r in alle_kubusrijen) > 0


def test_unfiltered_request_on_the_big_cube_is_refused_in_dutch(groot):
    for deel in ("TypedDataSet", "UntypedDataSet"):
        antwoord = requests.get(f"{groot.url}/ODataFeed/odata/GROOT/{deel}", params={"$format": "json"}, timeout=5)
        melding = odata_fout(antwoord)
        assert "Tabel GROOT is te groot om in zijn geheel op te halen (324.000 rijen" in melding
        assert "hoogstens 50.000" in melding and "Vraag met $filter" in melding
    assert groot.spion.vragen == []  # refused before a single row was produced
    assert groot.verzoeken.rijen() == 0
    # metadata is served as usual
    wortel = requests.get(f"{groot.url}/ODataFeed/odata/GROOT/?$format=json", timeout=5).json()["value"]
    assert {"Geslacht", "Leeftijd", "RegioS", "Perioden", "TypedDataSet"} <= {d["name"] for d in wortel}


@pytest.mark.parametrize(
    "filtertekst, vermeld",
    [
        ("Geslacht eq 'T001038'", "nog 108.000 rijen over"),  # narrowed, but still too many
        ("Bevolking_1 gt 5", "nog 324.000 rijen over"),  # cannot be narrowed at all
        ("Leeftijd eq '10000' or RegioS eq 'NL01  '", "nog 324.000 rijen over"),  # an 'or' across dimensions
    ],
)
def test_a_filter_that_leaves_too_many_rows_is_refused(groot, filtertekst, vermeld):
    antwoord = requests.get(f"{groot.url}/ODataFeed/odata/GROOT/TypedDataSet",
                            params={"$format": "json", "$filter": filtertekst}, timeout=5)
    assert vermeld in odata_fout(antwoord)
    assert groot.spion.vragen == []


GROTE_FILTERS = [
    # the client's form: a conjunction of per-dimension eq-lists with padded keys
    ("Geslacht eq 'T001038' and (Leeftijd eq '10000' or Leeftijd eq '10010') and "
     "(RegioS eq 'NL01  ' or RegioS eq 'GM0014    ' or RegioS eq 'PV26  ') and "
     "(Perioden eq '2016JJ00' or Perioden eq '2019JJ00' or Perioden eq '2020JJ00')",
     lambda r: r["Geslacht"] == "T001038" and r["Leeftijd"] in ("10000", "10010")
     and r["RegioS"] in ("NL01  ", "GM0014    ", "PV26  ") and r["Perioden"] in ("2016JJ00", "2019JJ00", "2020JJ00"),
     18),
    ("startswith(RegioS, 'GM') and Leeftijd eq '10000' and not (Geslacht eq '3000   ') and Perioden ge '2019JJ00'",
     lambda r: r["RegioS"].startswith("GM") and r["Leeftijd"] == "10000" and r["Geslacht"] != "3000   "
     and r["Perioden"] >= "2019JJ00",
     187 * 2 * 2),
    # narrowed on three dimensions; the cross-dimension 'or' and the topic clause are evaluated per row
    ("Geslacht eq '4000   ' and Leeftijd eq '10910' and (RegioS eq 'NL01  ' or Perioden eq '2020JJ00') "
     "and Bevolking_1 ne null",
     lambda r: r["Geslacht"] == "4000   " and r["Leeftijd"] == "10910"
     and (r["RegioS"] == "NL01  " or r["Perioden"] == "2020JJ00") and r["Bevolking_1"] is not None,
     None),
]


@pytest.mark.parametrize("filtertekst, predikaat, aantal", GROTE_FILTERS)
def test_big_cube_filtered_result_equals_brute_force_and_only_the_slice_is_produced(
        groot, alle_kubusrijen, filtertekst, predikaat, aantal):
    verwacht = [r for r in alle_kubusrijen if predikaat(r)]
    if aantal is not None:
        assert len(verwacht) == aantal
    begin = time.perf_counter()
    rijen, links = haal_alles(f"{groot.url}/ODataFeed/odata/GROOT/TypedDataSet",
                              {"$format": "json", "$filter": filtertekst})
    duur = time.perf_counter() - begin
    assert rijen == verwacht
    assert len({r["ID"] for r in rijen}) == len(rijen)
    assert all(queryparameters(link)["$filter"] == filtertekst for link in links)
    # the server asked the cube for one narrowed product only, once for all pages
    assert len(groot.spion.vragen) == 1
    keuzes, _, geproduceerd = groot.spion.vragen[0]
    assert keuzes is not None and geproduceerd <= MAX_RIJEN
    assert duur < 5, f"een gefilterd verzoek op de kubus duurde {duur:.1f} s"


def test_big_cube_paging_serves_every_row_exactly_once_with_select(groot, alle_kubusrijen):
    filtertekst = "Geslacht eq 'T001038' and (Leeftijd eq '10000' or Leeftijd eq '10010' or Leeftijd eq '10100') " \
                  "and startswith(RegioS, 'GM')"
    select = "RegioS,Perioden,Leeftijd,Gemiddeld_2"
    rijen, links = haal_alles(f"{groot.url}/ODataFeed/odata/GROOT/TypedDataSet",
                              {"$format": "json", "$filter": filtertekst, "$select": select})
    verwacht = [{"RegioS": r["RegioS"], "Perioden": r["Perioden"], "Leeftijd": r["Leeftijd"],
                 "Gemiddeld_2": r["Gemiddeld_2"]} for r in alle_kubusrijen
                if r["Geslacht"] == "T001038" and r["Leeftijd"] in ("10000", "10010", "10100")
                and r["RegioS"].startswith("GM")]
    assert len(verwacht) == 3 * 187 * 5 == 2805
    assert rijen == verwacht  # same rows, same order, each once
    assert len({(r["RegioS"], r["Perioden"], r["Leeftijd"]) for r in rijen}) == 2805
    assert all(list(r) == ["RegioS", "Perioden", "Leeftijd", "Gemiddeld_2"] for r in rijen)
    assert [queryparameters(link) for link in links] == [
        {"$format": "json", "$filter": filtertekst, "$select": select, "$skip": str(skip)} for skip in (1000, 2000)]
    # only the selected topic was asked of the cube, and only once for the three pages (the LRU cache)
    assert [(vraag[1], vraag[2]) for vraag in groot.spion.vragen] == [(["Gemiddeld_2"], 2805)]
    assert groot.verzoeken.rijen("/GROOT/TypedDataSet") == 2805
    assert groot.verzoeken.totaal("/GROOT/TypedDataSet") == 3


def test_big_cube_layout_changes_through_the_wrapper(groot, alle_kubusrijen):
    groot.rename_topic("GROOT", "Bevolking_1", "Bevolking_9")
    groot.remove_property("GROOT", "Gemiddeld_2")
    filtertekst = "Geslacht eq '3000   ' and Leeftijd eq '10010' and RegioS eq 'PV20  ' and Bevolking_9 gt 0"
    rijen, _ = haal_alles(f"{groot.url}/ODataFeed/odata/GROOT/TypedDataSet",
                          {"$format": "json", "$filter": filtertekst, "$select": "Perioden,Bevolking_9"})
    verwacht = [{"Perioden": r["Perioden"], "Bevolking_9": r["Bevolking_1"]} for r in alle_kubusrijen
                if r["Geslacht"] == "3000   " and r["Leeftijd"] == "10010" and r["RegioS"] == "PV20  "]
    assert rijen == verwacht and len(rijen) == 5
    eigenschappen = requests.get(f"{groot.url}/ODataFeed/odata/GROOT/DataProperties?$format=json", timeout=5).json()
    keys = [e["Key"] for e in eigenschappen["value"]]
    assert "Bevolking_9" in keys and "Bevolking_1" not in keys and "Gemiddeld_2" not in keys
    # the cube was asked for its own key
    assert groot.spion.vragen[-1][1] == ["Bevolking_1"]


def test_the_catalogue_can_be_filtered(klein):
    url = f"{klein.url}/ODataCatalog/Tables"
    antwoord = requests.get(url, params={"$format": "json", "$filter": "Identifier eq 'K1'", "$select": "Identifier,Title"},
                            timeout=5).json()
    assert antwoord["value"] == [{"Identifier": "K1", "Title": "Kleine tabel"}]
    assert requests.get(url, params={"$format": "json", "$filter": "Identifier eq 'X'"}, timeout=5).json()["value"] == []
    assert "onbekend veld 'Id'" in odata_fout(requests.get(url, params={"$filter": "Id eq 'K1'"}, timeout=5))
