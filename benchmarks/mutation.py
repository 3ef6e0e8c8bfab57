"""Mutation testing of the core rule modules with mutmut: how many deliberate faults the fast tests catch.

Run: .venv/bin/python benchmarks/mutation.py [MODULE ...] [--jobs N] [--keep]
     (pip install mutmut==3.8.1 first; it is not a project dependency)

Each module is mutated by mutmut (https://github.com/boxed/mutmut) in a scratch copy of the working
tree (nothing here is changed), and each mutant is run against only the fast tests of that module
(MODULES below). The output is one table row per module: mutants killed / total, and the name and
diff of every survivor, to be killed by a test with literal expectations or named as equivalent in
benchmarks/mutation-equivalents.toml (module, mutant name or glob, a regular expression its changed line
matches, and why no test can tell it apart: an entry whose expression no longer matches is reported as stale).
Too slow for every CI run (minutes per module on 2 cores): run it when a rule module changes.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# module -> pytest arguments selecting the fast tests that state its rules. No test that runs `linktrail` as a
# subprocess: the child would import mutmut's trampolines outside mutmut's directory and fail on every mutant.
MODULES: dict[str, list[str]] = {
    "linktrail/exits.py": ["tests/test_nightly.py", "tests/test_scale.py::test_exit_code_of_a_killed_child"],
    "crawler/robots.py": ["tests/test_robots.py", "-k", "not the_command_says_so"],
    "crawler/text.py": ["tests/test_render.py", "tests/test_render_csv.py", "tests/test_text.py"],
    "linktrail/render/csv.py": ["tests/test_report_export.py", "tests/test_render.py", "tests/test_render_csv.py"],
    "linktrail/render/common.py": ["tests/test_render.py", "tests/test_report_export.py", "tests/test_render_csv.py"],
    "linktrail/outreach.py": ["tests/test_outreach.py", "tests/test_outreach_edges.py"],
    "pipelines/relevance.py": ["tests/test_relevance.py", "tests/test_relevance_rules.py"],
    "pipelines/opportunity.py": ["tests/test_opportunity.py", "tests/test_opportunity_edges.py"],
    "pipelines/backlinks.py": ["tests/test_backlinks_store.py", "tests/test_backlink_verdicts.py",
                               "tests/test_backlinks_pipeline.py"],
    "crawler/linkcheck/verdicts.py": ["tests/test_backlink_verdicts.py", "tests/test_backlinks_linkcheck.py"],
    "crawler/analysis/comments.py": ["tests/analysis/test_comments.py", "tests/analysis/test_comment_edges.py",
                                     "tests/analysis/test_real_open_post.py", "tests/analysis/test_comment_rules.py",
                                     "tests/analysis/test_comment_reading.py"],
    "linktrail/plan.py": ["tests/test_report.py", "tests/test_report_results.py", "tests/test_plan_rules.py",
                          "tests/test_plan_gates.py", "tests/test_plan_status.py", "tests/test_ownfeed.py"],
}
SOURCE_DIRS = ("crawler", "pipelines", "linktrail")
EQUIVALENTS = Path(__file__).with_name("mutation-equivalents.toml")
# The diffs of the mutants named on stdin (a JSON list), as a JSON object, through mutmut's own `show` functions.
SHOW_ALL = ("import json, sys\nfrom mutmut.mutation.diff_apply import find_mutant, get_diff_for_mutant\n"
            "names = json.load(sys.stdin)\n"
            "print(json.dumps({n: get_diff_for_mutant(n, path=find_mutant(n).path) for n in names}))\n")


def equivalents() -> list[dict[str, str]]:
    """The entries naming survivors equivalent: module, mutant (a name or a glob), change (a regex), reason."""
    entries: list[dict[str, str]] = tomllib.loads(EQUIVALENTS.read_text(encoding="utf-8")).get("equivalent", [])
    return entries


def equivalent_entry(entries: list[dict[str, str]], module: str, mutant: str, added: str) -> dict[str, str] | None:
    """The first entry whose module and mutant pattern name this survivor and whose change its added lines match."""
    return next((e for e in entries if e["module"] == module and fnmatch.fnmatchcase(mutant, e["mutant"])
                 and re.search(e["change"], added)), None)


def scratch_copy(dest: Path) -> None:
    """The working tree's tracked files (as they are now, edits included) copied to ``dest``."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in files.decode().split("\0"):
        if name and (ROOT / name).is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target)


def setup_cfg(module: str, tests: list[str]) -> str:
    lines = ["[mutmut]", "source_paths=", *(f"    {d}" for d in SOURCE_DIRS), f"only_mutate={module}",
             "also_copy=", "    data", "pytest_add_cli_args_test_selection=", *(f"    {t}" for t in tests),
             "pytest_add_cli_args=", "    -p", "    no:cacheprovider", "    -q", "    -x"]
    return "\n".join(lines) + "\n"


def run_module(module: str, jobs: int, keep: bool) -> tuple[int, int, list[tuple[str, str, str]]]:
    """(killed, total, survivors as (name, status, diff)) for one module."""
    work = Path(tempfile.mkdtemp(prefix="mutation-"))
    try:
        scratch_copy(work)
        (work / "setup.cfg").write_text(setup_cfg(module, MODULES[module]), encoding="utf-8")
        mutmut = [sys.executable, "-m", "mutmut"]
        with (work / "mutmut.log").open("w", encoding="utf-8") as log:
            done = subprocess.run([*mutmut, "run", "--max-children", str(jobs)], cwd=work, stdout=log, stderr=log)
        if done.returncode != 0:
            tail = (work / "mutmut.log").read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"mutmut run failed on {module} (exit {done.returncode}):\n{tail}")
        listing = subprocess.run([*mutmut, "results", "--all", "true"], cwd=work, check=True,
                                 capture_output=True, text=True).stdout
        statuses = dict(re.findall(r"^\s*(\S+): (.+)$", listing, re.MULTILINE))
        killed = sum(1 for s in statuses.values() if s == "killed")
        names = [name for name, status in statuses.items() if status != "killed"]
        # one process for every diff (what `mutmut show NAME` prints; a process per survivor took seconds each)
        shown = subprocess.run([sys.executable, "-c", SHOW_ALL], cwd=work, check=True, input=json.dumps(names),
                               capture_output=True, text=True) if names else None
        diffs = json.loads(shown.stdout) if shown else {}
        survivors = []
        for name in names:
            changed = [ln for ln in diffs[name].splitlines() if ln[:1] in "+-" and ln[:3] not in ("+++", "---")]
            survivors.append((name, statuses[name], "\n".join(ln.strip() for ln in changed)))
        return killed, len(statuses), survivors
    finally:
        if keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", help=f"modules to mutate (default: all): {', '.join(MODULES)}")
    parser.add_argument("--jobs", type=int, default=2, help="mutants run at once (default 2)")
    parser.add_argument("--keep", action="store_true", help="keep each scratch copy (mutants/ and mutmut's cache)")
    args = parser.parse_args()
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        parser.error(f"no tests listed for {', '.join(unknown)} (known: {', '.join(MODULES)})")
    rows = []
    named = equivalents()
    for module in args.modules or list(MODULES):
        try:
            killed, total, survivors = run_module(module, args.jobs, args.keep)
        except RuntimeError as exc:
            print(f"\n## {module}: not run\n{exc}")
            continue
        share = f"{killed / total:.0%}" if total else "-"
        print(f"\n## {module}: {killed}/{total} killed ({share})")
        equivalent = 0
        for name, status, diff in survivors:
            short = name.split(".")[-1]
            added = " ".join(part for part in diff.split("\n") if part.startswith("+"))
            diff = diff.replace("\n", " | ")
            entry = equivalent_entry(named, module, short, added)
            if entry and status == "survived":
                equivalent += 1
                print(f"- {short} (equivalent: {entry['reason']}): {diff}")
            else:
                named_here = any(e["module"] == module and e["mutant"] == short for e in named)
                stale = " (stale: its entry in mutation-equivalents.toml no longer matches)" if named_here else ""
                print(f"- {short} ({status}){stale}: {diff}")
        rows.append((module, killed, total, equivalent))
    print("\n| module | killed / total | share | equivalent (named) | other survivors |\n|---|---|---|---|---|")
    for module, killed, total, equivalent in rows:
        share = f"{killed / total:.0%}" if total else "-"
        print(f"| {module} | {killed} / {total} | {share} | {equivalent} | {total - killed - equivalent} |")


if __name__ == "__main__":
    main()
