"""Werkboek datagedreven arbeidsmarktbeleid.

The library behind the notebooks: region registry, CBS data layer, analysis, charts, exports and the
batch runner. Notebooks narrate in Dutch and call into this package.
"""

__version__ = "0.1.0"
