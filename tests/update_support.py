"""Template history for update tests: a template repository with real tagged versions,
projects generated and committed with git, and `copier update` run as Renovate runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from conftest import ANSWERS_FILE, git, make_template_repo, run_copy

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Team",
    "GIT_AUTHOR_EMAIL": "team@example.org",
    "GIT_COMMITTER_NAME": "Team",
    "GIT_COMMITTER_EMAIL": "team@example.org",
}


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    subprocess.run(
        ["git", "commit", "-q", "--allow-empty", "-m", message],
        cwd=repo,
        check=True,
        env={**os.environ, **GIT_ENV},
    )


def release(template: Path, tag: str, change: Callable[[Path], None]) -> None:
    """Apply a scripted change to the template repository, commit it and tag it."""
    change(template)
    commit_all(template, f"release {tag}")
    git(template, "tag", tag)


def new_project(template: Path, dst: Path, vcs_ref: str = "v1.0.0", **answers: Any) -> Path:
    """Copy the template at a version into a fresh git repository and commit it."""
    run_copy(template, dst, vcs_ref=vcs_ref, **answers)
    git(dst, "init", "-q", "-b", "main")
    commit_all(dst, "generated")
    return dst


def copier_bin() -> str:
    """The Copier CLI of the Python running the tests (so an old-Copier venv tests itself)."""
    beside = Path(sys.executable).parent / "copier"
    return str(beside) if beside.exists() else "copier"


def copier_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The Copier CLI with no terminal (a question it would ask fails the run), output
    captured, git identity set."""
    return subprocess.run(
        [copier_bin(), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
        env={**os.environ, **GIT_ENV},
    )


def copier_update(
    project: Path,
    vcs_ref: str,
    *extra: str,
    skip_answered: bool = True,
    answers_file: str = ANSWERS_FILE,
) -> subprocess.CompletedProcess[str]:
    """`copier update` with no terminal; by default exactly as Renovate's copier manager
    runs it (--skip-answered --defaults --trust --answers-file --vcs-ref)."""
    return copier_cli(
        "update",
        *(["--skip-answered"] if skip_answered else []),
        "--defaults",
        "--trust",
        "--answers-file",
        answers_file,
        "--vcs-ref",
        vcs_ref,
        *extra,
        cwd=project,
    )


renovate_update = copier_update


def answers(project: Path) -> dict[str, Any]:
    return yaml.safe_load((project / ANSWERS_FILE).read_text(encoding="utf-8"))


def status(project: Path) -> str:
    return git(project, "status", "--porcelain")


__all__ = ["make_template_repo", "run_copy"]
