"""The three floors hold: import-linter's contracts in pyproject.toml (layers, pure analysis, no circles) are kept."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert exe, "lint-imports is missing: pip install -e '.[test]' brings import-linter"
    proc = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False, timeout=240)
    assert proc.returncode == 0, f"import contracts broken:\n{proc.stdout}{proc.stderr}"
    assert "0 broken" in proc.stdout


def test_a_wrong_way_import_is_caught(tmp_path: Path) -> None:
    """The contract can fail: a crawler module importing the app breaks the layers contract."""
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert exe
    for floor in ("crawler", "pipelines", "linktrail"):
        (tmp_path / floor).mkdir()
        (tmp_path / floor / "__init__.py").write_text("")
    (tmp_path / "crawler" / "bad.py").write_text("import linktrail\n")
    (tmp_path / "setup.cfg").write_text(
        "[importlinter]\nroot_packages =\n    linktrail\n    pipelines\n    crawler\n\n"
        "[importlinter:contract:floors]\nname = floors\ntype = layers\nlayers =\n    linktrail\n    pipelines\n    crawler\n"
    )
    proc = subprocess.run([exe, "--no-cache", "--config", "setup.cfg"], cwd=tmp_path, capture_output=True, text=True,
                          check=False, timeout=240, env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "crawler.bad -> linktrail" in proc.stdout


FLOORS = ("crawler", "pipelines", "linktrail")
# Modules stay small enough to read in one sitting: ~400 lines, with a little slack for a docstring.
MAX_LINES = 430


def _modules() -> list[Path]:
    return sorted(p for floor in FLOORS for p in (ROOT / floor).rglob("*.py") if "sampleweb" not in p.parts)


def test_every_module_is_small_and_says_its_role() -> None:
    too_long, undocumented = [], []
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_LINES:
            too_long.append(f"{path.relative_to(ROOT)} ({len(text.splitlines())} lines)")
        doc = ast.get_docstring(ast.parse(text))
        if not doc or not doc.strip():
            undocumented.append(str(path.relative_to(ROOT)))
    assert not too_long, f"modules over {MAX_LINES} lines: {too_long}"
    assert not undocumented, f"modules without a docstring saying their role: {undocumented}"
