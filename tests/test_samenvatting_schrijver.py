"""One mechanism per job: ``samenvatting.json`` has exactly one writer in the library, ``export.Uitvoer.sluit``."""

from __future__ import annotations

import ast
from pathlib import Path

LIB = Path(__file__).resolve().parents[1] / "lib" / "werkboek"
SCHRIJFAANROEPEN = {"write_text", "write_bytes", "schrijf_json", "dump", "to_json"}


def _schrijft(functie: ast.AST) -> bool:
    """The function calls something that writes a file (``open`` only with a write or append mode)."""
    for knoop in ast.walk(functie):
        if not isinstance(knoop, ast.Call):
            continue
        naam = knoop.func.attr if isinstance(knoop.func, ast.Attribute) else getattr(knoop.func, "id", "")
        if naam in SCHRIJFAANROEPEN:
            return True
        if naam == "open":
            modi = [a for a in knoop.args[1:2]] + [k.value for k in knoop.keywords if k.arg == "mode"]
            if any(isinstance(m, ast.Constant) and set(str(m.value)) & set("wax") for m in modi):
                return True
    return False


def _noemt_samenvatting(functie: ast.AST) -> bool:
    """The function's own code (its docstring left out) names ``samenvatting.json``."""
    lichaam = functie.body
    if lichaam and isinstance(lichaam[0], ast.Expr) and isinstance(getattr(lichaam[0], "value", None), ast.Constant):
        lichaam = lichaam[1:]
    return any(isinstance(k, ast.Constant) and isinstance(k.value, str) and "samenvatting.json" in k.value
               for stuk in lichaam for k in ast.walk(stuk))


def schrijvers(lib: Path = LIB) -> list[str]:
    """Every function under ``lib`` that names samenvatting.json and writes a file."""
    gevonden = []
    for pad in sorted(lib.rglob("*.py")):
        boom = ast.parse(pad.read_text(encoding="utf-8"))
        ouders = {kind: ouder for ouder in ast.walk(boom) for kind in ast.iter_child_nodes(ouder)}
        for knoop in ast.walk(boom):
            if isinstance(knoop, (ast.FunctionDef, ast.AsyncFunctionDef)) and _noemt_samenvatting(knoop) \
                    and _schrijft(knoop):
                klasse = ouders.get(knoop)
                voorvoegsel = f"{klasse.name}." if isinstance(klasse, ast.ClassDef) else ""
                gevonden.append(f"{pad.relative_to(lib).with_suffix('').as_posix()}.{voorvoegsel}{knoop.name}")
    return gevonden


def test_samenvatting_json_has_one_writer():
    assert schrijvers() == ["export.Uitvoer.sluit"]


def test_the_check_would_see_a_second_writer(tmp_path):
    (tmp_path / "nep.py").write_text(
        'import json\n\n\ndef schrijf(map_, d):\n    """Writes samenvatting.json."""\n'
        '    (map_ / "samenvatting.json").write_text(json.dumps(d))\n\n\n'
        'def lees(map_):\n    return json.loads((map_ / "samenvatting.json").read_text())\n', encoding="utf-8")
    assert schrijvers(tmp_path) == ["nep.schrijf"]
