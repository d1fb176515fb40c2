"""Measure ``werkboek data voorbereiden --bron cbs`` against the project's local CBS server (not a test).

The server serves the demo generator's tables in CBS's real shapes and refuses an unfiltered request on a big
table, as CBS does. The script prepares every table cold (empty cache), then warm, and prints per table the HTTP
requests and the data rows served, the totals and both wall times::

    .venv/bin/python benchmarks/voorbereiden_cbs.py [--paginagrootte 10000] [--jaar 2023]
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

from werkboek import bronnen

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # testservers/ lives outside the installed package
from testservers.cbs import FEED, CbsTestserver  # noqa: E402


def per_tabel(teller: collections.Counter) -> dict[str, int]:
    """Counts per table id from counts per path (/ODataFeed/odata/<id>/<part>)."""
    uit: dict[str, int] = collections.Counter()
    for pad, aantal in teller.items():
        if pad.startswith(FEED):
            uit[pad[len(FEED):].strip("/").split("/")[0]] += aantal
    return dict(uit)


def meet(paginagrootte: int, jaar: int | None) -> None:
    with tempfile.TemporaryDirectory() as tijdelijk, CbsTestserver(paginagrootte=paginagrootte) as server:
        os.environ.update(WERKBOEK_CACHE=tijdelijk, WERKBOEK_CBS_HOST=server.url, NO_PROXY="127.0.0.1",
                          no_proxy="127.0.0.1", WERKBOEK_INSTELLINGEN=str(Path(tijdelijk) / "geen.yaml"))
        for tabel_id in server.tabel_ids():  # build every demo table first: the timing is the client's
            server.brontabel(tabel_id)
        resultaten = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for ronde in ("koud", "warm"):
                server.verzoeken.wis()
                begin = time.perf_counter()
                bronnen.open_bron("cbs", peiljaar=jaar).bereid_voor()
                resultaten[ronde] = (time.perf_counter() - begin, per_tabel(server.verzoeken.per_pad),
                                     per_tabel(server.verzoeken.rijen_per_pad))
        grootte = sum(p.stat().st_size for p in Path(tijdelijk).rglob("*") if p.is_file())
        print("| tabel | hele tabel (rijen) | verzoeken koud | rijen koud | verzoeken warm | rijen warm |")
        print("|---|---:|---:|---:|---:|---:|")
        for tabel_id in server.tabel_ids():
            heel = server.brontabel(tabel_id).aantal_rijen
            koud_v, koud_r = resultaten["koud"][1].get(tabel_id, 0), resultaten["koud"][2].get(tabel_id, 0)
            warm_v, warm_r = resultaten["warm"][1].get(tabel_id, 0), resultaten["warm"][2].get(tabel_id, 0)
            print(f"| {tabel_id} | {heel:,} | {koud_v} | {koud_r:,} | {warm_v} | {warm_r} |".replace(",", "."))
        for ronde, (seconden, verzoeken, rijen) in resultaten.items():
            aantal = f"{sum(rijen.values()):,}".replace(",", ".")
            print(f"{ronde}: {seconden:.1f} s".replace(".", ",") + f", {sum(verzoeken.values())} verzoeken, {aantal} rijen")
        print(f"cache: {grootte / 1e6:.1f} MB".replace(".", ",") + f"; paginagrootte {paginagrootte}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Meet het voorbereiden van alle data vanaf de lokale CBS-testserver.")
    parser.add_argument("--paginagrootte", type=int, default=10_000, help="rijen per pagina (CBS: 10000)")
    parser.add_argument("--jaar", type=int, default=None, help="peiljaar (standaard de nieuwste regio-indeling)")
    argumenten = parser.parse_args()
    meet(argumenten.paginagrootte, argumenten.jaar)
