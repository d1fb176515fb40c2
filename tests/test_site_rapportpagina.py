"""Report pages store each picture once: PNG outputs become links to the identical file on disk."""

from __future__ import annotations

import base64

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from werkboek import rapportpagina
from werkboek.sitecontrole import verwijzingen

PNG = base64.b64decode(  # 1x1 pixel
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def _met_afbeelding(png: bytes, tekst: str) -> nbformat.NotebookNode:
    uitvoer = new_output("display_data", data={"image/png": base64.b64encode(png).decode(), "text/plain": tekst})
    return new_notebook(cells=[new_code_cell("toon()", outputs=[uitvoer])])


def test_a_saved_picture_is_linked_not_copied(tmp_path):
    figuren = tmp_path / "03_duiding" / "figuren"
    figuren.mkdir(parents=True)
    (figuren / "groei.png").write_bytes(PNG)
    nb = _met_afbeelding(PNG, "Figuurbestand(pad=PosixPath('/ergens/.werk/x/groei.png'), titel='Bouw <groeit>')")
    assert rapportpagina.koppel_afbeeldingen(nb, tmp_path, "03_duiding") == 1
    data = nb.cells[0].outputs[0].data
    assert "image/png" not in data and data["text/plain"] == "Bouw <groeit>"
    assert data["text/html"] == ('<img class="werkboek-figuur" src="03_duiding/figuren/groei.png" '
                                 'alt="Bouw &lt;groeit&gt;">')
    nbformat.write(nb, tmp_path / "03_duiding.ipynb")
    pagina = rapportpagina.exporteer_html(tmp_path / "03_duiding.ipynb", "t", "../../index.html",
                                          stijlblad=rapportpagina.stijlblad_link("../../index.html"), nb=nb)
    assert "03_duiding/figuren/groei.png" in verwijzingen(pagina) and "data:image" not in pagina.read_text()
    assert sorted(p.name for p in tmp_path.rglob("*.png")) == ["groei.png"]  # nothing extra stored


def test_a_picture_that_was_only_shown_is_stored_once_beside_the_outputs(tmp_path):
    nb = _met_afbeelding(PNG, "<IPython.core.display.Image object>")
    tweede = _met_afbeelding(PNG, "<IPython.core.display.Image object>").cells[0]
    nb.cells.append(tweede)
    assert rapportpagina.koppel_afbeeldingen(nb, tmp_path, "01_vraag") == 2
    opgeslagen = list((tmp_path / "01_vraag" / rapportpagina.AFBEELDINGEN).glob("*.png"))
    assert len(opgeslagen) == 1 and opgeslagen[0].read_bytes() == PNG
    adres = f"01_vraag/{rapportpagina.AFBEELDINGEN}/{opgeslagen[0].name}"
    assert all(adres in c.outputs[0].data["text/html"] for c in nb.cells)
    assert nb.cells[0].outputs[0].data["text/plain"].startswith("Figuur: ")


def test_stylesheet_address_follows_the_page_depth():
    assert rapportpagina.stijlblad_link("../../index.html") == "../../werkboek.css"
    assert rapportpagina.stijlblad_link("../index.html") == "../werkboek.css"
    assert rapportpagina.stijlblad_link("index.html") == "werkboek.css"


def test_the_page_keeps_outputs_focusable_and_every_picture_described_in_dutch(tmp_path):
    figuren = tmp_path / "03_duiding" / "figuren"
    figuren.mkdir(parents=True)
    (figuren / "groei.png").write_bytes(PNG)
    nb = _met_afbeelding(PNG, "Figuurbestand(pad=PosixPath('/x/groei.png'), titel='Bouw groeit')")
    nb.cells.append(new_code_cell("print(1)", outputs=[new_output("stream", name="stdout", text="1\n")]))
    nb.cells.append(nbformat.v4.new_markdown_cell("## Uitleg"))
    rapportpagina.koppel_afbeeldingen(nb, tmp_path, "03_duiding")
    pagina = rapportpagina.exporteer_html(tmp_path / "03_duiding.ipynb", "t", "../../index.html", nb=nb).read_text()
    # two output areas and one markdown cell, each reachable with the keyboard (as nbconvert's own pass makes them)
    assert pagina.count('tabindex="0"') == 3
    assert 'alt="Bouw groeit"' in pagina and "No description" not in pagina
