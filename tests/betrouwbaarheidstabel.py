"""Count the reliability tests into the table of docs/betrouwbaarheid.md (counts come from the tests, not by hand).

    python tests/betrouwbaarheidstabel.py            # print the table
    python tests/betrouwbaarheidstabel.py --schrijf  # put it in docs/betrouwbaarheid.md

It collects (without running) tests/test_betrouwbaarheid*.py and reads every ``@pytest.mark.storing(klasse,
uitkomst[, gevallen=...])``: a parametrized test counts once per parameter set, a scenario test once per name in
``gevallen`` (and ``ook={klasse: (uitkomst, namen)}`` for cases of another class checked in the same scenario).
Existing tests elsewhere that already check a fault class exactly are referenced in REFERENTIES and
counted in their own column (they are collected too, so a renamed test breaks the table's test).
"""

from __future__ import annotations

import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "betrouwbaarheid.md"
BEGIN, EINDE = "<!-- tabel:begin (gemaakt door tests/betrouwbaarheidstabel.py) -->", "<!-- tabel:einde -->"
KLASSEN = (
    "downloadstoringen", "geen netwerk", "TLS", "slechte parameters (opdrachtregel)",
    "slechte parameters (parameterbestand)", "slechte parameters (papermill)", "beschadigde lokale staat",
    "batchstoringen", "uitvoerveiligheid",
)
REFERENTIES = {
    "downloadstoringen": [
        "tests/test_cbs_download.py::test_503_then_success_retries_only_the_failed_request",
        "tests/test_cbs_download.py::test_a_dropped_connection_on_a_later_page_retries_that_page",
        "tests/test_cbs_download.py::test_lasting_503_names_table_status_and_way_out",
        "tests/test_cbs_download.py::test_timeout",
        "tests/test_cbs_download.py::test_invalid_json",
        "tests/test_cbs_download.py::test_unknown_table_points_to_the_register",
        "tests/test_cbs_download.py::test_a_removed_topic_gives_the_dutch_error",
        "tests/test_bronnen.py::test_a_dropped_connection_during_refresh_keeps_the_good_copy_and_uses_it_with_a_warning",
    ],
    "geen netwerk": ["tests/test_bronnen.py::test_no_network_and_an_empty_cache_names_the_offline_way"],
    "TLS": [
        "tests/test_cbs_download.py::test_ca_bundle_and_tls_check",
        "tests/test_cbs_download.py::test_turning_tls_off_warns_every_time",
    ],
    "slechte parameters (opdrachtregel)": [
        "tests/test_batch.py::test_invalid_region_is_refused_before_anything_is_written",
        "tests/test_batch.py::test_invalid_parameter_is_refused_before_anything_is_written",
    ],
    "slechte parameters (parameterbestand)": ["tests/test_batch.py::test_parameter_file_with_unknown_key_is_refused"],
    "beschadigde lokale staat": [
        "tests/test_cache.py::test_a_damaged_entry_is_reported_in_dutch",
        "tests/test_cache.py::test_a_failed_write_keeps_the_previous_good_copy_and_leaves_nothing_behind",
        "tests/test_cache.py::test_an_interrupted_swap_is_undone_on_the_next_read",
        "tests/test_cache.py::test_a_bad_snapshot_is_refused_without_touching_the_cache",
        "tests/test_bronnen.py::test_a_damaged_cache_entry_is_fetched_again_with_a_warning",
        "tests/test_cache_cli.py::test_a_corrupt_zip_is_refused_with_exit_code_2",
    ],
    "batchstoringen": [
        "tests/test_batch.py::test_failing_region_does_not_stop_the_others",
        "tests/test_batch.py::test_crashed_worker_is_reported_and_the_others_finish",
        "tests/test_batch.py::test_interrupted_run_keeps_previous_reports",
        "tests/test_batch.py::test_leftover_backup_is_restored_when_the_swap_was_interrupted",
        "tests/test_batch.py::test_second_run_at_the_same_time_is_refused",
    ],
    "uitvoerveiligheid": [
        "tests/test_site.py::test_hostile_texts_from_data_are_escaped",
        "tests/test_batch.py::test_hostile_text_from_data_is_escaped_in_index",
    ],
}


class Verzamelaar:
    """pytest plugin: remember every collected item's node id and its ``storing`` marker."""

    def __init__(self) -> None:
        self.items: list[tuple[str, tuple | None, dict]] = []

    def pytest_collection_modifyitems(self, items) -> None:
        for item in items:
            marker = item.get_closest_marker("storing")
            self.items.append((item.nodeid, marker.args if marker else None, dict(marker.kwargs) if marker else {}))


def verzamel() -> Verzamelaar:
    import pytest

    verzamelaar = Verzamelaar()
    bestanden = sorted({str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_betrouwbaarheid*.py")}
                       | {ref.split("::")[0] for refs in REFERENTIES.values() for ref in refs})
    code = pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", "-n", "0", "--rootdir", str(ROOT),
                        *bestanden], plugins=[verzamelaar])
    if code != 0:
        raise SystemExit(f"verzamelen van de tests mislukte (code {code})")
    return verzamelaar


def tabel(verzamelaar: Verzamelaar) -> str:
    gevallen: dict[str, int] = collections.Counter()
    uitkomsten: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for nodeid, args, kwargs in verzamelaar.items:
        if args is None:
            continue
        klasse, uitkomst = args
        if klasse not in KLASSEN:
            raise SystemExit(f"{nodeid}: onbekende storingsklasse '{klasse}'; kies uit {', '.join(KLASSEN)}")
        aantal = len(kwargs.get("gevallen") or ()) or 1
        gevallen[klasse] += aantal
        uitkomsten[klasse][uitkomst] += aantal
        for andere_klasse, (andere_uitkomst, namen) in (kwargs.get("ook") or {}).items():
            gevallen[andere_klasse] += len(namen)
            uitkomsten[andere_klasse][andere_uitkomst] += len(namen)
    referenties: dict[str, int] = {}
    for klasse, refs in REFERENTIES.items():
        gevonden = [n for n, _, _ in verzamelaar.items if any(n == r or n.startswith(r + "[") for r in refs)]
        ontbrekend = [r for r in refs if not any(n == r or n.startswith(r + "[") for n in gevonden)]
        if ontbrekend:
            raise SystemExit(f"verwezen tests bestaan niet (meer): {', '.join(ontbrekend)}")
        referenties[klasse] = len(gevonden)
    regels = [
        "| storingsklasse | gevallen in deze suite | uitkomst (aantal gevallen) "
        "| cache en eerdere rapporten intact (sha256-controle) | bestaande tests die hetzelfde dekken |",
        "|---|---:|---|---|---:|",
    ]
    for klasse in KLASSEN:
        uitkomst = "; ".join(f"{u} ({n})" for u, n in sorted(uitkomsten[klasse].items()))
        regels.append(f"| {klasse} | {gevallen[klasse]} | {uitkomst} | ja, in elk geval | {referenties.get(klasse, 0)} |")
    regels.append(f"| **totaal** | **{sum(gevallen.values())}** | | | **{sum(referenties.values())}** |")
    return "\n".join(regels)


def in_document(tekst: str, nieuwe_tabel: str) -> str:
    voor, rest = tekst.split(BEGIN, 1)
    _, na = rest.split(EINDE, 1)
    return f"{voor}{BEGIN}\n{nieuwe_tabel}\n{EINDE}{na}"


if __name__ == "__main__":
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        gemaakt = tabel(verzamel())
    if "--schrijf" in sys.argv:
        DOC.write_text(in_document(DOC.read_text(encoding="utf-8"), gemaakt), encoding="utf-8")
        print(f"Tabel geschreven in {DOC}")
    elif "--controleer" in sys.argv:
        if in_document(DOC.read_text(encoding="utf-8"), gemaakt) != DOC.read_text(encoding="utf-8"):
            print(f"De tabel in {DOC} is verouderd; maak hem opnieuw met 'python tests/betrouwbaarheidstabel.py "
                  "--schrijf'.\n" + gemaakt)
            raise SystemExit(1)
        print("De tabel is actueel.")
    else:
        print(gemaakt)
