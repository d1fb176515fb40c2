"""The worker processes of a ``werkboek run``: a small pool of its own, fed through a queue.

Own pool instead of ``ProcessPoolExecutor``, so the parent knows every worker's pid to interrupt it cleanly and a
worker can report progress per notebook. A worker starts its warm kernel (:mod:`werkboek.kernelmotor`) and
compiles the HTML templates while the parent prepares the data, then runs task after task
(:func:`werkboek.batch_uitvoer.voer_taak_uit`) and shuts its kernel down at the end.
"""

from __future__ import annotations

import os
import signal
import time

from werkboek.batch_plan import KERNEL_NAAM, MISLUKT, ONDERBROKEN
from werkboek.batch_uitvoer import Taak, _kernel_instellingen, voer_taak_uit
from werkboek.fouten import schijffout_tekst


def _werker(taken, meldingen, stop, warm: bool = True, voorladen: tuple[str, ...] = ()) -> None:
    if hasattr(os, "setsid"):
        os.setsid()  # Ctrl-C reaches only the parent, which stops the workers in order
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiet debugpy warning in every kernel

    try:  # warm up while the parent prepares the data; a real problem shows again at the first task
        import nbformat
        import papermill  # noqa: F401

        from werkboek.rapportpagina import _html_exporteur

        _html_exporteur().from_notebook_node(nbformat.v4.new_notebook())  # compiles the templates
        if warm:
            from werkboek import kernelmotor

            kernelmotor.start_vooraf(KERNEL_NAAM, _kernel_instellingen().get("config"), voorladen)
    except Exception:  # noqa: BLE001
        pass
    try:
        _werk_af(taken, meldingen, stop)
    finally:
        if warm:
            _sluit_kernel()
    # Every kernel is shut down and every result sent: skip the interpreter's exit handlers, which would
    # wait a second for lingering ZeroMQ sockets.
    meldingen.close()
    meldingen.join_thread()
    os._exit(0)


def _sluit_kernel() -> None:
    from werkboek import kernelmotor

    for _ in range(2):  # a second Ctrl-C during the shutdown does not leave the kernel behind
        try:
            kernelmotor.sluit()
            return
        except KeyboardInterrupt:
            continue
        except Exception:  # noqa: BLE001 - the kernel is gone already
            return


def _volgende(taken, ouder: int):
    """The next task, or None when the run is over, also when the parent was killed (a worker in its own session
    would otherwise wait forever, with its warm kernel)."""
    import queue

    while True:
        try:
            return taken.get(timeout=1.0)
        except queue.Empty:
            if os.getppid() != ouder:
                return None


def _werk_af(taken, meldingen, stop) -> None:
    def meld(*bericht):
        meldingen.put(bericht)

    ouder = os.getppid()
    while True:
        taak = None
        try:
            taak = _volgende(taken, ouder)
            if taak is None:
                break
            meld("start", taak.sleutel, os.getpid())
            resultaat = voer_taak_uit(taak, meld, stop.is_set)
        except KeyboardInterrupt:
            if taak is None:
                break
            resultaat = _leeg_resultaat(taak, ONDERBROKEN)
        except OSError as fout:  # disk full or no rights at the swap: the previous report is back in place
            resultaat = _leeg_resultaat(taak, MISLUKT, schijffout_tekst(fout))
        except Exception as fout:  # noqa: BLE001 - report instead of dying silently
            resultaat = _leeg_resultaat(taak, MISLUKT, f"{type(fout).__name__}: {fout}")
        meldingen.put(("taak", resultaat))


def _leeg_resultaat(taak: Taak, status: str, fout: str | None = None) -> dict:
    """The result of a task that did not get to report per notebook."""
    resultaat = {"sleutel": taak.sleutel, "naam": taak.naam, "map": taak.doel, "status": status, "notebooks": []}
    if fout:
        resultaat["fout"] = fout
    return resultaat


class Werkers:
    """A fixed number of worker processes fed through a queue."""

    def __init__(self, aantal: int, warm: bool = True, voorladen: tuple[str, ...] = ()):
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.taken = context.Queue()
        self.meldingen = context.Queue()
        self.stop = context.Event()
        self.processen = [
            context.Process(target=_werker, args=(self.taken, self.meldingen, self.stop, warm, voorladen),
                            daemon=True)
            for _ in range(aantal)
        ]
        for proces in self.processen:
            proces.start()

    def geef(self, taak: Taak) -> None:
        self.taken.put(taak)

    def bericht(self, wachttijd: float = 0.5):
        import queue

        try:
            return self.meldingen.get(timeout=wachttijd)
        except queue.Empty:
            return None

    def levend(self) -> bool:
        return any(p.is_alive() for p in self.processen)

    def gestorven(self) -> set[int]:
        """Process ids of workers that ended on their own (crashed), not through :meth:`sluit`."""
        return {p.pid for p in self.processen if p.exitcode is not None}

    def onderbreek(self) -> None:
        """Ask every worker to stop: no new notebooks, and the running one's kernel is shut down."""
        self.stop.set()
        for proces in self.processen:
            if proces.is_alive() and proces.pid:
                try:
                    os.kill(proces.pid, signal.SIGINT)
                except OSError:
                    pass

    def sluit(self, wachttijd: float = 30.0) -> None:
        for _ in self.processen:
            self.taken.put(None)
        einde = time.monotonic() + wachttijd
        for proces in self.processen:
            proces.join(max(0.1, einde - time.monotonic()))
            if proces.is_alive():
                proces.terminate()
                proces.join(5)
