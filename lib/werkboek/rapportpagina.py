"""Report pages of executed notebooks: no code, each picture stored once, one stylesheet for the whole site.

A notebook shows its figures as PNG outputs, and the same PNG is already on disk in ``<stem>/figuren/``. Stored
as they come, every picture would be kept three times (the PNG, base64 in the ``.ipynb``, base64 in the HTML), and
every page would inline the same 263 KB of JupyterLab CSS. So, after a notebook ran:

- :func:`koppel_afbeeldingen` replaces every PNG output by an ``<img>`` that links the identical file on disk
  (found by content, so it is exactly the picture the notebook showed). A picture the notebook did not save
  itself is written once to ``<stem>/afbeeldingen/``. The ``.ipynb`` keeps the link: in Jupyter the picture
  shows as long as the notebook stays beside its folder, as it does in the report.
- :func:`exporteer_html` writes the page without code; with ``stijlblad`` it links the site's one stylesheet
  (:data:`STIJLBLAD` in the output folder, written by :func:`werkboek.site.bouw_site`) instead of inlining it.

All links are relative, so the site opens from disk (``file://``) without a server.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import re
from pathlib import Path
from urllib.parse import quote

STIJLBLAD = "werkboek.css"  # in the output folder; shared by the index and every report page
SJABLONEN = Path(__file__).resolve().parent / "sjablonen"
AFBEELDINGEN = "afbeeldingen"  # pictures a notebook showed without saving them itself

_EXPORTEUR = None


# An output area or a cell's input of the lab template: focusable for keyboard users, as nbconvert makes them.
_UITVOERVAK = re.compile(r'<div class="(?=[^"]*(?<![\w-])(?:jp-OutputArea-output|jp-Cell-inputWrapper)(?![\w-]))[^"]*"')


def _html_exporteur():
    """One HTML exporter per process: loading the templates is the expensive part.

    nbconvert's exporter (pinned at 7.17.2) ends by parsing the finished page with BeautifulSoup and writing it
    out again, to give images without alt text an English one and to make outputs focusable: half the time of an
    export. Every picture of a report already has its Dutch title as alt text (:func:`koppel_afbeeldingen`), so
    this exporter renders the template as nbconvert does before that pass and adds ``tabindex`` itself."""
    global _EXPORTEUR
    if _EXPORTEUR is None:
        from nbconvert import HTMLExporter
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

        class Rapportexporteur(HTMLExporter):
            def from_notebook_node(self, nb, resources=None, **kw):
                # as HTMLExporter.from_notebook_node, without its BeautifulSoup pass
                taal = nb.metadata.get("language_info", {})
                lexer = taal.get("pygments_lexer", taal.get("name", None))
                kleuring = self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
                self.register_filter("highlight_code", kleuring)
                resources = self._init_resources(resources)
                self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                    notebook_metadata=self._nb_metadata, parent=self, resources=resources))
                pagina, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
                return _UITVOERVAK.sub(lambda m: f'{m.group(0)} tabindex="0"', pagina), resources

        _EXPORTEUR = Rapportexporteur(
            template_name="rapport",
            extra_template_basedirs=[str(SJABLONEN)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
        _EXPORTEUR.language_code = "nl"
    return _EXPORTEUR


def stijlblad_link(terug_link: str) -> str:
    """The stylesheet's address from a page whose link back to the index is ``terug_link``."""
    map_, _, _ = terug_link.rpartition("/")
    return f"{map_}/{STIJLBLAD}" if map_ else STIJLBLAD


def exporteer_html(notebook: Path, titel: str, terug_link: str, kop: str = "", stijlblad: str | None = None,
                   nb=None) -> Path:
    """Write ``<stem>.html`` beside an executed notebook, without code cells.

    ``titel`` becomes the page title, ``kop`` (the region) stands beside the link back to the index. With
    ``stijlblad`` (a relative address) the page links that stylesheet; without, it carries its CSS inline and
    stands on its own. ``nb`` is the notebook when the caller has it in memory already.
    """
    import nbformat

    if nb is None:
        nb = nbformat.read(notebook, as_version=4)
    body, _ = _html_exporteur().from_notebook_node(
        nb, resources={"metadata": {"name": titel}, "terug_link": terug_link, "kop": kop, "stijlblad": stijlblad}
    )
    doel = Path(notebook).with_suffix(".html")
    doel.write_text(body, encoding="utf-8")
    return doel


@functools.lru_cache(maxsize=1)
def stijlblad_tekst() -> str:
    """The CSS a self-contained report page inlines (JupyterLab's theme plus the werkboek rules), as one text."""
    from nbformat.v4 import new_notebook

    body, _ = _html_exporteur().from_notebook_node(
        new_notebook(), resources={"metadata": {"name": "stijl"}, "terug_link": "", "kop": "", "stijlblad": None})
    kop = body.split("</head>", 1)[0]
    delen = re.findall(r"<style[^>]*>(.*?)</style>", kop, flags=re.S)
    return "\n".join(deel.strip() for deel in delen) + "\n"


def _png_index(map_: Path, eigen: str) -> dict[str, Path]:
    """sha256 of every PNG under ``map_``, pointing to the file; the notebook's own folder wins a tie."""
    gevonden: dict[str, Path] = {}
    paden = sorted(map_.rglob("*.png"), key=lambda p: (p.relative_to(map_).parts[0] != eigen, str(p)))
    for pad in paden:
        if any(deel.startswith(".") for deel in pad.relative_to(map_).parts):
            continue
        gevonden.setdefault(hashlib.sha256(pad.read_bytes()).hexdigest(), pad)
    return gevonden


_TITEL = re.compile(r"titel=(['\"])(.*?)\1")


def _alt(tekst, pad: Path) -> str:
    """A description for the picture: the figure's title when the output names one, else its file name."""
    tekst = "".join(tekst) if isinstance(tekst, list) else (tekst or "")
    gevonden = _TITEL.search(tekst)
    if gevonden and gevonden.group(2).strip():
        return gevonden.group(2).strip()
    return "Figuur: " + pad.stem.replace("_", " ")


def koppel_afbeeldingen(nb, map_: Path, stem: str) -> int:
    """Replace every PNG output in ``nb`` by a link to the same picture under ``map_`` (the folder the notebook
    and its page are in); return how many were linked. ``stem`` is the notebook's own output folder."""
    map_ = Path(map_)
    index = None
    aantal = 0
    for cel in nb.cells:
        for uitvoer in cel.get("outputs", []):
            data = uitvoer.get("data")
            if not data or "image/png" not in data:
                continue
            inhoud = data["image/png"]
            ruw = base64.b64decode("".join(inhoud) if isinstance(inhoud, list) else inhoud)
            sleutel = hashlib.sha256(ruw).hexdigest()
            if index is None:
                index = _png_index(map_, stem)
            pad = index.get(sleutel)
            if pad is None:  # shown, not saved: store it once beside the notebook's other outputs
                pad = map_ / stem / AFBEELDINGEN / f"{sleutel[:16]}.png"
                pad.parent.mkdir(parents=True, exist_ok=True)
                pad.write_bytes(ruw)
                index[sleutel] = pad
            adres = quote(pad.relative_to(map_).as_posix())
            alt = _alt(data.get("text/plain"), pad)
            del data["image/png"]
            data["text/html"] = (f'<img class="werkboek-figuur" src="{html.escape(adres, quote=True)}" '
                                 f'alt="{html.escape(alt, quote=True)}">')
            data["text/plain"] = alt  # not the repr with the staging folder's absolute path
            uitvoer.get("metadata", {}).pop("image/png", None)
            aantal += 1
    return aantal
