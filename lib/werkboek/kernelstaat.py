"""Inside a warm kernel: remember the clean state once, and put it back before every notebook.

``werkboek run`` reuses one IPython kernel per worker for many notebooks (see :mod:`werkboek.kernelmotor`).
This module runs *in that kernel*. :func:`bewaar` imports the heavy modules every notebook needs (that is the
saving) and then takes a snapshot of the process state a notebook can change; :func:`herstel` puts the snapshot
back and empties the user namespace, so the next notebook starts as it would in a fresh kernel:

- the user namespace, ``In``/``Out`` and the execution counter (``%reset -f`` in a new session);
- matplotlib: all pyplot figures closed, ``rcParams`` and the units registry as in the snapshot;
- working folder, ``sys.path``, ``os.environ`` (and the time zone), ``sys.stdout``/``sys.stderr``;
- warning filters, and the "already shown" registries, so a warning shows again in the next notebook;
- pandas options, numpy error and print settings, the root logger's level and handlers.

Imported modules stay imported (pandas, matplotlib, werkboek): that is what a warm kernel saves. Their caches of
configuration files (``functools.lru_cache`` on the region register and the like) stay too; they are filled from
the same files in every notebook of a run. Nothing here imports anything heavy by itself.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import warnings

# Always imported before the snapshot: the heavy libraries behind every chart and table, also where werkboek
# imports them inside a function (so their state, rcParams above all, is in the snapshot). The batch adds what
# the notebooks themselves import (werkboek.batch_plan.notebook_imports).
VOORLADEN = ("numpy", "pandas", "matplotlib", "matplotlib.figure", "matplotlib.backends.backend_agg", "PIL.Image",
             "IPython.display")

_MOMENTOPNAME: dict | None = None


def bewaar(extra=()) -> None:
    """Import :data:`VOORLADEN` and ``extra`` (what does not import is skipped) and remember the state a notebook
    may change."""
    global _MOMENTOPNAME
    import importlib

    for naam in (*VOORLADEN, *extra):
        try:
            importlib.import_module(naam)
        except Exception:  # noqa: BLE001 - a module that does not import is the notebook's problem, not ours
            pass
    staat = {
        "path": list(sys.path),
        "environ": dict(os.environ),
        "stdout": sys.stdout,
        "stderr": sys.stderr,
        "warnings": list(warnings.filters),
        "log_niveau": logging.root.level,
        "log_handlers": list(logging.root.handlers),
    }
    if "matplotlib" in sys.modules:
        import matplotlib
        import matplotlib.units

        staat["rc"] = _kopie(matplotlib.rcParams)
        staat["units"] = dict(matplotlib.units.registry)
    if "pandas" in sys.modules:
        staat["pandas"] = _pandas_opties()
    if "numpy" in sys.modules:
        import numpy

        staat["np_err"] = numpy.geterr()
        staat["np_print"] = numpy.get_printoptions()
    _MOMENTOPNAME = staat
    # What is alive now (the imported modules and their objects) stays alive for the kernel's life. Out of the
    # collector's sight it is not scanned again by every full collection, such as the one IPython's reset runs
    # between notebooks (0,05 s each time with pandas and matplotlib loaded; 0,006 s frozen).
    gc.freeze()


def _kopie(rc) -> dict:
    """rcParams as a plain dict; lists copied (a notebook may change one in place), other values kept as they
    are (the backend value is a sentinel object that must stay the same object)."""
    return {k: (list(v) if isinstance(v, list) else v) for k, v in dict.items(rc)}


def _pandas_opties() -> dict:
    import pandas

    opties = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for sleutel in pandas._config.config._registered_options:  # noqa: SLF001 - no public list of all keys
            try:
                opties[sleutel] = pandas.get_option(sleutel)
            except Exception:  # noqa: BLE001
                pass
    return opties


def herstel(werkmap: str) -> None:
    """Empty the namespace and put the snapshot back; then go to ``werkmap``, the notebook's working folder."""
    if _MOMENTOPNAME is None:
        bewaar()
    staat = _MOMENTOPNAME
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        shell = None
    if shell is not None:
        shell.reset(new_session=True)  # %reset -f, and the execution counter back to 1
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    if "rc" in staat:
        import matplotlib
        import matplotlib.units

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dict.update(matplotlib.rcParams, _kopie(staat["rc"]))  # validated when they were read
        matplotlib.units.registry.clear()
        matplotlib.units.registry.update(staat["units"])
    if "pandas" in staat:
        import pandas

        nu = _pandas_opties()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for sleutel, waarde in staat["pandas"].items():
                if sleutel not in nu or nu[sleutel] is not waarde and nu[sleutel] != waarde:
                    pandas.set_option(sleutel, waarde)
    if "np_err" in staat:
        import numpy

        numpy.seterr(**staat["np_err"])
        numpy.set_printoptions(**staat["np_print"])
    sys.path[:] = staat["path"]
    if dict(os.environ) != staat["environ"]:
        os.environ.clear()
        os.environ.update(staat["environ"])
        if hasattr(__import__("time"), "tzset"):
            __import__("time").tzset()
    sys.stdout, sys.stderr = staat["stdout"], staat["stderr"]
    warnings.filters[:] = staat["warnings"]
    _vergeet_getoonde_waarschuwingen()
    logging.root.setLevel(staat["log_niveau"])
    logging.root.handlers[:] = staat["log_handlers"]
    os.chdir(werkmap)


def _vergeet_getoonde_waarschuwingen() -> None:
    """A warning shown once in the previous notebook must show again in the next, as in a fresh kernel."""
    gemuteerd = getattr(warnings, "_filters_mutated", None)
    if gemuteerd is not None:
        gemuteerd()  # invalidates every module's __warningregistry__
        return
    for module in list(sys.modules.values()):  # pragma: no cover - other Python versions
        register = getattr(module, "__warningregistry__", None)
        if isinstance(register, dict):
            register.clear()
