"""The package's shape: no import cycle (type-only imports included), short functions and modules.

The layers themselves are import-linter's contracts in pyproject.toml (``make lint``); this test
holds the limits a reader can trust, measured on the source as it is.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "tutoral_gen"
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 400


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``name`` imports anywhere in its file, ``TYPE_CHECKING``
    blocks and function bodies included."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {m for m in found if m in known and m != name}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return out


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle() -> None:
    found = modules()
    known = set(found)
    # A package's __init__ is imported with its modules; it is no dependency of its own.
    graph = {
        name: {m for m in imports(name, path, known) if not name.startswith(m + ".")}
        for name, path in found.items()
    }
    assert cycles(graph) == []


def functions() -> list[tuple[str, int]]:
    out = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert node.end_lineno is not None
                out.append((f"{name}.{node.name}", node.end_lineno - node.lineno + 1))
    return out


def test_no_function_is_longer_than_60_lines() -> None:
    found = functions()
    assert len(found) > 200, "too few functions found: the walk is broken"
    assert [(name, n) for name, n in found if n > MAX_FUNCTION_LINES] == []


def test_no_module_is_longer_than_400_lines() -> None:
    sizes = {
        name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()
    }
    assert len(sizes) > 40
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}


def test_a_build_never_loads_the_intake(tmp_path: Path) -> None:
    """The privacy boundary at run time: building the example (its audit, traces and answers
    aggregates included) and checking it loads no module of ``tutoral_gen.intake``, the one
    package that holds personal data. The import-linter contract says the same of the code."""
    import shutil
    import subprocess
    import sys

    root = PACKAGE.parent
    for name in ("content", "templates"):
        shutil.copytree(root / name, tmp_path / name)
    shutil.copy(root / "mkdocs.yml", tmp_path / "mkdocs.yml")
    script = (
        "import sys\n"
        "from tutoral_gen.cli import main\n"
        "root = sys.argv[1]\n"
        "for command in (['check', root + '/content'], ['build', '-p', root, '--quiet']):\n"
        "    try:\n"
        "        main(command)\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, exc.code\n"
        "print(sorted(m for m in sys.modules if m.startswith('tutoral_gen.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True
    )
    loaded = done.stdout.strip().splitlines()[-1]
    assert "tutoral_gen.pipeline" in loaded and "tutoral_gen.render" in loaded
    assert "tutoral_gen.intake" not in loaded
    assert (tmp_path / "site" / "audit").is_dir()
