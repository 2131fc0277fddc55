"""Shared fixtures: the template as a git repository, and rendering through Copier."""

from __future__ import annotations

import fcntl
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ANSWERS_FILE = ".copier-answers.archdocs.yml"
DOCS = Path("docs/architecture")
TEMPLATE_PARTS = ("copier.yml", "template", "feature", "extensions", "includes", "migrations")

sys.path.insert(0, str(ROOT))

from extensions.catalog import QUESTIONS, load_catalog  # noqa: E402

CATALOG = load_catalog()
FIXED_DATE = "2026-01-15"
BASE: dict[str, Any] = {"decision_date": FIXED_DATE}


def seed_data() -> dict[str, Any]:
    """What the tests need from the seed documents, by seed number (tests/data/seeds.yaml)."""
    data: dict[str, Any] = yaml.safe_load(
        (Path(__file__).with_name("data") / "seeds.yaml").read_text(encoding="utf-8")
    )
    return data


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def snapshot_template(dst: Path) -> Path:
    """The template as it is in this working tree, as a plain folder."""
    dst.mkdir(parents=True, exist_ok=True)
    for part in TEMPLATE_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dst / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(src, dst / part)
    return dst


def load_script(name: str) -> ModuleType:
    """A script of scripts/ (dogfood) as a module."""
    spec = importlib.util.spec_from_file_location(f"{name}_script", ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_template_repo(dst: Path, tag: str = "v1.0.0") -> Path:
    """A git repository holding the template as it is in this working tree, tagged."""
    snapshot_template(dst)
    git(dst, "init", "-q", "-b", "main")
    git(dst, "add", "-A")
    git(dst, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "template")
    git(dst, "tag", tag)
    return dst


@pytest.fixture(scope="session", autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Git (ours and Copier's) sees one known configuration, never the user's or the system's."""
    config = tmp_path_factory.mktemp("git") / "config"
    config.write_text(
        "[user]\n\tname = Tests\n\temail = tests@example.invalid\n"
        "[init]\n\tdefaultBranch = main\n[core]\n\tautocrlf = input\n",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        for name in [name for name in os.environ if name.startswith("GIT_")]:
            patch.delenv(name)
        patch.setenv("GIT_CONFIG_GLOBAL", str(config))
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        yield config


@pytest.fixture(scope="session")
def template_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template_repo(tmp_path_factory.mktemp("template") / "repo")


def shared_across_workers(
    root: Path, name: str, compute: Callable[[Path], dict[str, Any]]
) -> dict[str, Any]:
    """Computed once per test session, also across pytest-xdist workers (a file lock)."""
    path, lock = root / f"{name}.json", root / f"{name}.lock"
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        if not path.exists():
            work = root / name
            work.mkdir(exist_ok=True)
            path.write_text(json.dumps(compute(work)))
        loaded: dict[str, Any] = json.loads(path.read_text())
        return loaded


@pytest.fixture(scope="session")
def shared_root(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """A folder every pytest-xdist worker of this session sees (the base temp otherwise)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if hasattr(request.config, "workerinput") else base


Render = Callable[..., Path]


def run_copy(template: Path, dst: Path, *, vcs_ref: str = "HEAD", **answers: Any) -> Path:
    """`copier copy` through Copier's API, with defaults for every answer not given."""
    from copier import run_copy as copier_run_copy

    copier_run_copy(
        str(template),
        dst,
        data={**BASE, **answers},
        defaults=True,
        unsafe=True,
        quiet=True,
        vcs_ref=vcs_ref,
    )
    return dst


@pytest.fixture
def render(template_repo: Path, tmp_path: Path) -> Render:
    """Copy the template with answers (defaults for the rest); return the project path."""
    counter = iter(range(10_000))

    def _render(**answers: Any) -> Path:
        return run_copy(template_repo, tmp_path / f"project{next(counter)}", **answers)

    return _render


def docs_text(project: Path) -> dict[str, str]:
    """Every generated Markdown file under docs/architecture, by relative path."""
    root = project / DOCS
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in root.rglob("*.md")}


def load_answers(project: Path) -> dict[str, Any]:
    return yaml.safe_load((project / ANSWERS_FILE).read_text(encoding="utf-8"))


def entries(question: str) -> list[str]:
    return list(CATALOG[question]["entries"])


def valid_matrix() -> list[tuple[str, str, str]]:
    """Every (style, cloud, deployment) combination the questionnaire accepts."""
    from extensions.questions import refusal

    combos = []
    for style in entries("style"):
        for cloud in entries("cloud"):
            answers = {"style": style, "cloud": cloud}
            if refusal(CATALOG, "cloud", cloud, answers):
                continue
            for deployment in entries("deployment"):
                if not refusal(CATALOG, "deployment", deployment, {**answers}):
                    combos.append((style, cloud, deployment))
    return combos


__all__ = ["QUESTIONS"]
