#!/usr/bin/env python3
"""The dogfood: this repository documents its own architecture with its own template.

The answers in `.copier-answers.archdocs.yml` at the repository root describe copier-archdocs
itself. This script renders the template as it is in the working tree with those answers and
compares the result with the committed `docs/architecture/` and answers file (`--check`, exit
status 1 and a diff on any difference), or writes it (`--write`). A question added to the
template takes its default, as `copier update --defaults` would do.

Only `docs/architecture/` and the answers file are kept: the lint kit and CI files the
template also writes (.pre-commit-config.yaml, a GitHub workflow) would change this
repository's own tooling, whose CI is `.ci/run`. The answers file is kept without `_src_path`
and `_commit`: the documents come from the working tree, not from a release, so there is no
template to `copier update` from (and Renovate's copier manager leaves the file alone).

Usage (from the repository root, with the test environment):
    .venv/bin/python scripts/dogfood.py --check
    .venv/bin/python scripts/dogfood.py --write
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
ANSWERS_FILE = ".copier-answers.archdocs.yml"
DOCS = "docs/architecture"
# Top-level entries of the repository that are not the template (all others are copied).
NOT_TEMPLATE = frozenset({".ci", "docs", "tests", "scripts", "benchmarks", ANSWERS_FILE})
# Keys Copier records about the template source: meaningless for a render of the working tree.
SOURCE_KEYS = ("_src_path", "_commit")
HEADER = (
    "# The dogfood: copier-archdocs described with its own questionnaire. Edit an answer here,\n"
    "# then regenerate docs/architecture/ with: .venv/bin/python scripts/dogfood.py --write\n"
)


def recorded_answers(root: Path = ROOT) -> dict[str, Any]:
    """The answers of the committed answers file (Copier's own `_` keys left out)."""
    data = yaml.safe_load((root / ANSWERS_FILE).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise SystemExit(f"{ANSWERS_FILE}: expected a YAML mapping of answers")
    return {k: v for k, v in data.items() if not str(k).startswith("_")}


def _without_source(text: str) -> str:
    """The answers file as Copier wrote it, less its comment line and source keys."""
    kept: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        if line.startswith("#"):
            continue
        top_level = bool(line) and not line[0].isspace()
        if top_level:
            skipping = line.split(":", 1)[0] in SOURCE_KEYS
        if not skipping:
            kept.append(line)
    return HEADER + "".join(kept)


def working_tree(root: Path = ROOT) -> list[str]:
    """Every file of the working tree that git tracks or would track (ignored ones left
    out), committed or not: the repository as the next release would hold it."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return sorted(name for name in set(listed.split("\0")) if name and (root / name).is_file())


def template_files(root: Path = ROOT) -> list[str]:
    """The template's files as they are in the working tree, less the top-level entries
    that are not the template."""
    return [name for name in working_tree(root) if name.split("/")[0] not in NOT_TEMPLATE]


def copy_files(names: list[str], src: Path, dst: Path) -> Path:
    """Copy these relative paths from src into dst; return dst."""
    for name in names:
        (dst / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src / name, dst / name)
    return dst


def render(root: Path = ROOT) -> dict[str, str]:
    """What the dogfood should be: relative path -> text."""
    from copier import run_copy

    with tempfile.TemporaryDirectory(prefix="archdocs-dogfood-") as tmp:
        template = copy_files(template_files(root), root, Path(tmp) / "template")
        out = Path(tmp) / "out"
        run_copy(
            str(template),
            out,
            data=recorded_answers(root),
            defaults=True,
            unsafe=True,
            quiet=True,
        )
        files = {
            str(path.relative_to(out)): path.read_text(encoding="utf-8")
            for path in sorted((out / DOCS).rglob("*"))
            if path.is_file()
        }
        files[ANSWERS_FILE] = _without_source((out / ANSWERS_FILE).read_text(encoding="utf-8"))
    return files


def committed(root: Path = ROOT) -> dict[str, str]:
    """What is in the working tree now: relative path -> text."""
    docs = root / DOCS
    files = {
        str(path.relative_to(root)): path.read_text(encoding="utf-8")
        for path in sorted(docs.rglob("*"))
        if path.is_file()
    }
    answers = root / ANSWERS_FILE
    if answers.is_file():
        files[ANSWERS_FILE] = answers.read_text(encoding="utf-8")
    return files


def differences(root: Path = ROOT, max_lines: int = 40) -> list[str]:
    """Every difference between the committed dogfood and a fresh render ([] when none)."""
    want, have = render(root), committed(root)
    found = [f"missing: {name}" for name in sorted(want.keys() - have.keys())]
    found += [f"not written by the template: {name}" for name in sorted(have.keys() - want.keys())]
    for name in sorted(want.keys() & have.keys()):
        if want[name] != have[name]:
            diff = difflib.unified_diff(
                have[name].splitlines(),
                want[name].splitlines(),
                f"committed/{name}",
                f"rendered/{name}",
                lineterm="",
            )
            found.append("\n".join(list(diff)[:max_lines]))
    return found


def write(root: Path = ROOT) -> list[str]:
    """Replace docs/architecture/ and the answers file with a fresh render; the paths written."""
    files = render(root)
    shutil.rmtree(root / DOCS, ignore_errors=True)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return sorted(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="exit 1 when the dogfood is stale")
    mode.add_argument("--write", action="store_true", help="regenerate the dogfood")
    args = parser.parse_args(argv)
    if args.write:
        written = write()
        print(f"wrote {len(written)} files: {ANSWERS_FILE} and {DOCS}/")
        return 0
    found = differences()
    for item in found:
        print(item)
    if found:
        print("\nThe dogfood is stale: run .venv/bin/python scripts/dogfood.py --write")
        return 1
    print("The dogfood is up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
