"""No import inside a function, unless the module is heavy or optional and a comment says so.

An import inside a function passes when its line, or the line above it, carries a comment that
starts `# heavy` or `# optional` (saying which module and why), or when it sits under
`if TYPE_CHECKING:`.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The packages whose modules are checked.
PACKAGES = ("linktrail", "pipelines", "crawler")
# `# heavy` / `# optional`: a module too slow or not always installed to load at start-up; `# reactor`:
# Twisted's reactor, imported only once Scrapy has installed the one it chose (importing it at module
# level would install the default reactor first).
MARKERS = ("# heavy", "# optional", "# reactor")
# Modules that still import inside functions; each is being fixed on another branch of issue 21.
# Strict: once a module is clean its entry must go (the test then fails with XPASS).
NOT_YET_CLEAN: frozenset[str] = frozenset()


def _modules() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _marked_lines(source: str) -> set[int]:
    """Lines whose comment starts with one of MARKERS (real comments, not text inside strings)."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return {t.start[0] for t in tokens if t.type == tokenize.COMMENT and t.string.startswith(MARKERS)}


def unexplained_imports(source: str) -> list[int]:
    """Line numbers of imports inside a function with neither a marker comment nor TYPE_CHECKING."""
    tree = ast.parse(source)
    marked = _marked_lines(source)
    found: list[int] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for orelse in child.orelse:
                    visit_node(orelse, in_function)
                continue
            visit_node(child, in_function)

    def visit_node(child: ast.AST, in_function: bool) -> None:
        if isinstance(child, ast.Import | ast.ImportFrom):
            if in_function and not ({child.lineno, child.lineno - 1} & marked):
                found.append(child.lineno)
            return
        visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))

    visit(tree, False)
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_unexplained_import_inside_a_function(path: Path, request: pytest.FixtureRequest) -> None:
    if str(path.relative_to(ROOT)) in NOT_YET_CLEAN:
        request.applymarker(pytest.mark.xfail(reason="listed in NOT_YET_CLEAN", strict=True))
    lines = unexplained_imports(path.read_text(encoding="utf-8"))
    where = ", ".join(f"{path.relative_to(ROOT)}:{n}" for n in lines)
    assert not lines, f"import inside a function without a `# heavy:` or `# optional:` comment: {where}"


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("import os\n", []),
        ("def f():\n    import os\n", [2]),
        ("def f():\n    # heavy: Scrapy, only for crawls\n    import scrapy\n", []),
        ("def f():\n    import redis  # optional: the [scale] extra\n", []),
        ("def f():\n    # something else\n    import os\n", [3]),
        ("class C:\n    def m(self):\n        from x import y\n", [3]),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import scrapy\n", []),
        ("def f():\n    if TYPE_CHECKING:\n        import scrapy\n", []),
        ("def f():\n    def g():\n        import os\n", [3]),
        ("async def f():\n    import os\n", [2]),
        ("def f():\n    x = '# heavy'\n    import os\n", [3]),
    ],
)
def test_the_rule_itself(source: str, flagged: list[int]) -> None:
    assert unexplained_imports(source) == flagged
