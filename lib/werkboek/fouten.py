"""Errors the workbook raises: every message is Dutch and names the thing and the way out."""


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
    import errno

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
