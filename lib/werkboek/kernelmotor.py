"""A papermill engine that reuses one warm kernel per process: ``engine_name="werkboek-warm"``.

A fresh kernel costs about a second before a notebook's first line runs, and every notebook then imports pandas
and matplotlib again (another second or more). ``werkboek run`` runs 140 notebooks, so each worker process keeps
one kernel and runs notebook after notebook in it, region after region. Papermill stays the way parameters go
in (it still injects the parameters cell); only the execution step is this engine's.

Between notebooks :func:`werkboek.kernelstaat.herstel` runs silently in the kernel: empty namespace, execution
counter back to 1, figures closed, rcParams, working folder, ``sys.path``, environment, warning filters and
pandas/numpy options as they were after the kernel imported its modules. Imported modules stay: that is the
saving. The kernel also keeps the opened data source and the results of the region's earlier phases
(:mod:`werkboek.fasen.werkgeheugen`), so notebook 04 takes notebook 03's result as it is. After a notebook that
failed (an error in a cell, a dead kernel, an interruption) the kernel is discarded and the next notebook gets a
fresh one, so one notebook's wreckage never reaches another.

A notebook opened by a user still runs top to bottom in a fresh kernel; nothing in it may depend on this.

The engine also writes the output notebook once at the end instead of after every cell, as papermill's own
engine does (twice per cell, the whole notebook each time); a notebook that stops on an error is still written,
with the error in it.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines
from papermill.iorw import write_ipynb
from papermill.log import logger
from papermill.utils import merge_kwargs, remove_args

ENGINE_NAAM = "werkboek-warm"
STARTTIJD = 60  # seconds a kernel may take to start
HERSTELTIJD = 60  # seconds the reset between notebooks may take
VOORLAADTIJD = 300  # seconds the first imports may take (pandas, matplotlib, werkboek), also on a busy machine
MAX_NOTEBOOKS = 200  # a kernel is replaced after this many notebooks, to cap slowly growing memory
HISTORIE = "--HistoryManager.hist_file=:memory:"  # as nbclient starts its kernels: no history database


class KernelHerstelFout(RuntimeError):
    """The reset between two notebooks did not succeed; the kernel is replaced."""


class WarmeKernel:
    """One running kernel with its manager and client, owned by this process."""

    def __init__(self, kernel_naam: str, config=None, voorladen: tuple[str, ...] = ()):
        self.kernel_naam, self.config, self.voorladen = kernel_naam, config, tuple(voorladen)
        self.km = self.kc = None
        self.map = tempfile.mkdtemp(prefix="werkboek-kernel-")  # neutral working folder and local sockets
        self.notebooks = 0

    async def start(self, wachttijd: float = STARTTIJD) -> None:
        from jupyter_client.manager import AsyncKernelManager

        extra = {}
        if self.config is not None and self.config.get("KernelManager", {}).get("transport") == "ipc":
            extra["ip"] = os.path.join(self.map, "kernel")  # absolute: sockets never land in an output folder
        self.km = AsyncKernelManager(kernel_name=self.kernel_naam, config=self.config, **extra)
        await self.km.start_kernel(extra_arguments=[HISTORIE], cwd=self.map)
        self.kc = self.km.client()
        self.kc.start_channels()
        await self.kc.wait_for_ready(timeout=wachttijd)
        self.kc.allow_stdin = False
        # Import what every notebook imports and take the snapshot that herstel() returns to.
        await self.stil(f"__import__('werkboek.kernelstaat').kernelstaat.bewaar({self.voorladen!r})", VOORLAADTIJD)
        # From here on the kernel keeps the opened data source and the region's phase results between notebooks.
        await self.stil("__import__('werkboek.fasen.werkgeheugen').fasen.werkgeheugen.aan()")

    async def stil(self, code: str, wachttijd: float = HERSTELTIJD) -> None:
        """Run ``code`` without output, history or execution count; raise when it fails."""
        import queue

        msg_id = self.kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        while True:
            try:
                antwoord = await self.kc.get_shell_msg(timeout=wachttijd)
            except queue.Empty as fout:
                raise KernelHerstelFout(f"de kernel antwoordde niet binnen {wachttijd:.0f} s") from fout
            if antwoord.get("parent_header", {}).get("msg_id") == msg_id:
                break
        inhoud = antwoord["content"]
        if inhoud.get("status") != "ok":
            raise KernelHerstelFout(f"{inhoud.get('ename')}: {inhoud.get('evalue')}")

    async def herstel(self, werkmap: str) -> None:
        await self.stil(f"__import__('werkboek.kernelstaat').kernelstaat.herstel({werkmap!r})")

    async def leeft(self) -> bool:
        return self.km is not None and bool(await self.km.is_alive())

    async def stop(self) -> None:
        try:
            if self.kc is not None:
                self.kc.stop_channels()
            if self.km is not None and self.km.has_kernel:
                await self.km.shutdown_kernel(now=True)  # also removes the connection file and sockets
        except Exception:  # noqa: BLE001 - a kernel that is already gone is fine
            pass
        finally:
            self.km = self.kc = None
            shutil.rmtree(self.map, ignore_errors=True)


class _Houder:
    """The warm kernel of this process (one per worker; a worker runs one notebook at a time)."""

    def __init__(self):
        self.kernel: WarmeKernel | None = None
        self.voorladen: tuple[str, ...] = ()  # what the notebooks import, set by start_vooraf

    def geef(self, kernel_naam: str, config=None) -> WarmeKernel:
        """The warm kernel, reset for the next notebook in the current working folder; a fresh one if needed."""
        from jupyter_core.utils import run_sync

        werkmap = os.getcwd()  # papermill has moved into the notebook's folder (its ``cwd``)
        kernel = self.kernel
        if kernel is not None and (kernel.kernel_naam != kernel_naam or kernel.notebooks >= MAX_NOTEBOOKS
                                   or not run_sync(kernel.leeft)()):
            self.weg()
            kernel = None
        if kernel is not None:
            try:
                run_sync(kernel.herstel)(werkmap)
            except Exception:  # noqa: BLE001 - the reset failed: a fresh kernel instead
                self.weg()
                kernel = None
        if kernel is None:
            kernel = self.start(kernel_naam, config)
            run_sync(kernel.herstel)(werkmap)
        kernel.notebooks += 1
        return kernel

    def start(self, kernel_naam: str, config=None) -> WarmeKernel:
        """Start the kernel of this process now (a worker does this while the data is being prepared)."""
        from jupyter_core.utils import run_sync

        self.weg()
        kernel = WarmeKernel(kernel_naam, config, self.voorladen)
        try:
            run_sync(kernel.start)()
        except BaseException:
            run_sync(kernel.stop)()
            raise
        self.kernel = kernel
        return kernel

    def weg(self) -> None:
        """Shut the kernel down (after a failure, at the end of a worker, on Ctrl-C)."""
        kernel, self.kernel = self.kernel, None
        if kernel is not None:
            from jupyter_core.utils import run_sync

            run_sync(kernel.stop)()


HOUDER = _Houder()
atexit.register(HOUDER.weg)


def start_vooraf(kernel_naam: str, config=None, voorladen=()) -> None:
    """Start this process's warm kernel ahead of the first notebook; it imports ``voorladen`` (module names, what
    the notebooks import) besides :data:`werkboek.kernelstaat.VOORLADEN`, also in every kernel that replaces it."""
    HOUDER.voorladen = tuple(voorladen)
    HOUDER.start(kernel_naam, config)


def sluit() -> None:
    """Shut this process's warm kernel down."""
    HOUDER.weg()


class WarmeKernelEngine(NBClientEngine):
    """Papermill engine: run the notebook in this process's warm kernel (see the module text)."""

    @classmethod
    def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=True, log_output=False,
                         autosave_cell_every=30, nabewerking=None, **kwargs):
        """As papermill's engines; ``nabewerking(nb)``, when given, changes a notebook that ran without error
        before papermill writes it (the batch links the pictures there, so the notebook is written once)."""
        # No output path for the manager: it would write the whole notebook twice per cell.
        nb_man = NotebookExecutionManager(nb, output_path=None, progress_bar=progress_bar, log_output=log_output,
                                          autosave_cell_every=0)
        nb_man.notebook_start()
        try:
            cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
        except BaseException:
            nb_man.notebook_complete()
            if output_path:  # the notebook as far as it got, for outputs/mislukt/
                try:
                    write_ipynb(nb_man.nb, output_path)
                except Exception:  # noqa: BLE001 - the original error matters more
                    pass
            raise
        finally:
            nb_man.cleanup_pbar()
        nb_man.notebook_complete()
        if nabewerking is not None and not nb_man.nb.metadata.get("papermill", {}).get("exception"):
            nabewerking(nb_man.nb)
        return nb_man.nb

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=STARTTIJD, execution_timeout=None, **kwargs):
        kwargs = remove_args(["input_path"], **kwargs)
        veilig = remove_args(["timeout", "startup_timeout"], **kwargs)
        instellingen = merge_kwargs(
            veilig, timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
            startup_timeout=start_timeout, kernel_name=kernel_name, log=logger, log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        try:
            kernel = HOUDER.geef(kernel_name, instellingen.get("config"))
            client = PapermillNotebookClient(nb_man, km=kernel.km, **instellingen)
            client.kc = kernel.kc
            client.execute(cleanup_kc=False)
        except BaseException:
            HOUDER.weg()  # a dead, stuck or interrupted kernel is never reused
            raise
        if nb_man.nb.metadata.get("papermill", {}).get("exception"):
            HOUDER.weg()  # after an error in a cell: a fresh kernel for the next notebook
        return nb_man.nb


def registreer() -> None:
    """Make the engine known to papermill under :data:`ENGINE_NAAM` (idempotent)."""
    papermill_engines.register(ENGINE_NAAM, WarmeKernelEngine)


registreer()
