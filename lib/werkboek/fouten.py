"""Errors and warnings the workbook raises: every message is Dutch and names the thing and the way out."""

import contextlib
import errno
import sys
import warnings


class WerkboekFout(Exception):
    """Base class for errors that a user of the workbook reads."""


class OnbekendeRegioFout(WerkboekFout, ValueError):
    """A region could not be found in the registry."""


class ParameterFout(WerkboekFout, ValueError):
    """A parameter of a notebook or command is not valid."""


class ProjectFout(WerkboekFout):
    """The project folder or one of its data files is missing or damaged."""


def schijffout_tekst(fout: OSError) -> str:
    """A Dutch message for a failed read or write on disk: which file, why, and the way out.

    Used where an ``OSError`` would otherwise reach the user as a traceback (the command line, a batch worker).
    """
    pad = fout.filename or "een bestand"
    if fout.errno == errno.ENOSPC:
        reden, uitweg = "de schijf is vol", "Maak ruimte vrij op de schijf"
    elif fout.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reden, uitweg = "er zijn geen schrijfrechten (of de map is alleen-lezen)", "Geef schrijfrechten op die map"
    else:
        reden, uitweg = fout.strerror or type(fout).__name__, "Controleer het pad en de schijf"
    return (
        f"Schrijven of lezen van {pad} is mislukt: {reden}. {uitweg}, of kies een andere uitvoermap met "
        "WERKBOEK_OUTPUTS (de cache: WERKBOEK_CACHE), en probeer het opnieuw. Wat al klaar was (eerdere rapporten "
        "en de cache) blijft staan."
    )


class DataWaarschuwing(UserWarning):
    """A Dutch warning about the data source (stale copy from the cache, TLS check off, nearest classification)."""


@contextlib.contextmanager
def dutch_warnings():
    """Show the data layer's warnings as plain Dutch lines on stderr instead of Python's file-and-line format."""
    origineel = warnings.showwarning

    def toon(bericht, categorie, *args, **kwargs):
        if issubclass(categorie, DataWaarschuwing):
            print(f"werkboek: waarschuwing: {bericht}", file=sys.stderr)
        else:
            origineel(bericht, categorie, *args, **kwargs)

    warnings.showwarning = toon
    try:
        yield
    finally:
        warnings.showwarning = origineel


def waarschuw(tekst: str) -> None:
    """Issue a :class:`DataWaarschuwing` every time, not once per place in the code (a user must see each one).

    A fresh registry per call defeats Python's 'show once' bookkeeping while the user's own filters (for
    example ``ignore`` in a notebook) still apply.
    """
    aanroeper = sys._getframe(2) if hasattr(sys, "_getframe") else None
    if aanroeper is None:  # pragma: no cover - other Python implementations
        warnings.warn(tekst, DataWaarschuwing, stacklevel=3)
        return
    warnings.warn_explicit(
        tekst, DataWaarschuwing, aanroeper.f_code.co_filename, aanroeper.f_lineno,
        module=aanroeper.f_globals.get("__name__"), registry={},
    )
