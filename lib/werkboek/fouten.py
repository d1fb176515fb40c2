"""Errors the workbook raises: every message is Dutch and names the thing and the way out."""


class WerkboekFout(Exception):
    """Base class for errors that a user of the workbook reads."""


class OnbekendeRegioFout(WerkboekFout, ValueError):
    """A region could not be found in the registry."""


class ParameterFout(WerkboekFout, ValueError):
    """A parameter of a notebook or command is not valid."""


class ProjectFout(WerkboekFout):
    """The project folder or one of its data files is missing or damaged."""
