"""Packaging: every import declared, scale-out an extra, and the wheel's `linktrail demo` outside the checkout."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import tomllib
import venv
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ("crawler", "pipelines", "linktrail")
SAMPLE_WEB = ROOT / "data" / "sample-web"
SCALE_LINE = "Error: scale-out needs the optional packages redis and scrapy-redis: pip install 'linktrail[scale]'"
# Run the CLI as the console script does, in a Python where the [scale] extra cannot be imported.
WITHOUT_SCALE = ("import sys; sys.modules['redis'] = None; sys.modules['scrapy_redis'] = None; "
                 "sys.argv[0] = 'linktrail'; from linktrail.cli import main; main()")


def canonical(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_names(requirements: list[str]) -> set[str]:
    return {canonical(re.split(r"[\s<>=!~;\[(]", r, maxsplit=1)[0]) for r in requirements}


def imported_top_levels(path: Path) -> set[str]:
    """Top-level names of the absolute imports in one module (TYPE_CHECKING ones too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.partition(".")[0])
    return names


def checkout_packages() -> set[str]:
    """Dotted names of the packages (directories with __init__.py) of the three floors."""
    return {".".join(p.parent.relative_to(ROOT).parts) for floor in FLOORS for p in (ROOT / floor).rglob("__init__.py")}


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 600) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"{' '.join(cmd)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def test_every_third_party_import_is_declared_and_every_dependency_used() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    base = requirement_names(project["dependencies"])
    scale = requirement_names(project["optional-dependencies"]["scale"])
    assert "linktrail[scale]" in project["optional-dependencies"]["test"], "the tests need the scale extra"
    dists = packages_distributions()
    used: dict[str, set[str]] = {}
    for floor in FLOORS:
        for path in (ROOT / floor).rglob("*.py"):
            for name in imported_top_levels(path) - set(sys.stdlib_module_names) - set(FLOORS):
                assert name in dists, f"{path.relative_to(ROOT)} imports {name}, which no installed distribution provides"
                for dist in dists[name]:
                    used.setdefault(canonical(dist), set()).add(str(path.relative_to(ROOT)))
    undeclared = {d: sorted(files) for d, files in used.items() if d not in base | scale}
    assert not undeclared, f"imported but not in [project] dependencies: {undeclared}"
    assert not base - set(used), f"declared but never imported: {sorted(base - set(used))}"
    assert scale == {"redis", "scrapy-redis"} and scale <= set(used) and not scale & base


@pytest.mark.parametrize("args", [
    ["crawl", "--redis", "redis://127.0.0.1:9/0", "http://127.0.0.1:9/"],
    ["workers", "2", "--redis", "redis://127.0.0.1:9/0"],
    ["ingest", "--redis", "redis://127.0.0.1:9/0"],
], ids=["crawl-redis", "workers", "ingest"])
def test_scale_out_without_the_extra_is_one_line_and_exit_2(tmp_path: Path, args: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-c", WITHOUT_SCALE, *args], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert (proc.returncode, proc.stderr.splitlines(), proc.stdout) == (2, [SCALE_LINE], "")


def test_everything_else_works_without_the_extra(tmp_path: Path) -> None:
    def linktrail(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", WITHOUT_SCALE, *args], cwd=tmp_path, capture_output=True,
                              text=True, timeout=120, stdin=subprocess.DEVNULL)

    helped = linktrail("--help")
    assert helped.returncode == 0 and "workers" in helped.stdout, helped.stderr
    reported = linktrail("--db", "lt.db", "report", "--format", "json", "--dry-run")
    assert reported.returncode == 0, reported.stderr
    assert json.loads(reported.stdout)["tasks"] == []
    # Every module but the scale-out ones imports without redis and scrapy-redis.
    scale_out = {"crawler.scale", "pipelines.redisqueue", "pipelines.ingest", "linktrail.workers"}
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for floor in FLOORS for p in (ROOT / floor).rglob("*.py")
    )
    modules = [m for m in modules if not any(m == s or m.startswith(s + ".") for s in scale_out)]
    code = ("import importlib, sys; sys.modules['redis'] = None; sys.modules['scrapy_redis'] = None\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "print('redis' in sys.modules and sys.modules['redis'] is None)")
    imported = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (imported.returncode, imported.stdout.strip()) == (0, "True"), imported.stderr


@pytest.mark.timeout(1200)
def test_the_wheel_runs_the_demo_from_a_fresh_virtualenv(tmp_path: Path) -> None:
    """Build the wheel, install it (dependencies from the index, through pip's cache) into a new
    virtualenv outside the checkout, and run `linktrail demo` there with no PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)], cwd=tmp_path, env=env)
    (wheel,) = dist.glob("linktrail-*.whl")

    names = set(zipfile.ZipFile(wheel).namelist())
    sites = sorted(p.relative_to(SAMPLE_WEB).as_posix() for p in (SAMPLE_WEB / "sites").rglob("*") if p.is_file())
    missing = [s for s in ["truth.json", *sites] if f"linktrail/sampleweb/{s}" not in names]
    assert not missing, f"sample web files not in the wheel: {missing[:5]}"
    packages = {n.removesuffix("/__init__.py").replace("/", ".") for n in names if n.endswith("/__init__.py")}
    assert not checkout_packages() - packages, (
        f"packages of the checkout missing from the wheel (add them to [tool.setuptools] packages): "
        f"{sorted(checkout_packages() - packages)}")
    assert not [n for n in names if n.split("/")[0] in ("tests", "benchmarks", "data")]

    home = tmp_path / "venv"
    try:
        venv.EnvBuilder(with_pip=True).create(home)
    except (OSError, subprocess.CalledProcessError) as exc:  # e.g. Debian's python3 without python3-venv
        pytest.skip(f"cannot create a virtualenv with pip here: {exc}")
    python = home / "bin" / "python"
    run([str(python), "-m", "pip", "install", "-q", str(wheel)], cwd=tmp_path, env=env, timeout=900)

    work = tmp_path / "work"
    work.mkdir()
    files = run([str(python), "-c", "import importlib.metadata as m, linktrail.demo as d; "
                 "print(d.SAMPLE_WEB); print(*m.files('linktrail'), sep='\\n')"], cwd=work, env=env).splitlines()
    assert Path(files[0]).is_relative_to(home) and not Path(files[0]).is_relative_to(ROOT), files[0]
    assert "linktrail/sampleweb/truth.json" in files and "linktrail/sampleweb/sites/crumb-and-crust/index.html" in files
    assert not [f for f in files if f.startswith(("tests/", "benchmarks/", "data/"))]

    out = run([str(home / "bin" / "linktrail"), "demo"], cwd=work, env=env, timeout=600)
    truth = json.loads((SAMPLE_WEB / "truth.json").read_text(encoding="utf-8"))
    assert f"Serving the sample web: {len(truth['sites'])} blogs on 127.0.0.1" in out, out
    crawled = re.search(r"^crawled (\d+) pages on (\d+) sites .*; 0 errors; finished$", out, re.M)
    assert crawled and int(crawled[1]) > 50 and int(crawled[2]) > 10, out
    assert re.search(rf"^Plan for \d{{4}}-\d\d-\d\d - {truth['demo_niche']}$", out, re.M), out
    tasks = re.findall(r"^ *\d+\. (pitch|comment) .*\n +(http://127\.0\.0\.1:\d+/\S*)$", out, re.M)
    assert {kind for kind, _ in tasks} == {"pitch", "comment"}, out
    assert (work / "linktrail-demo.db").is_file()
