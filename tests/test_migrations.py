"""The v0.2.0 migration (`domains` became `capabilities`) across a real template history."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ANSWERS_FILE, DOCS, ROOT
from update_support import (
    answers,
    commit_all,
    copier_update,
    make_template_repo,
    new_project,
    release,
    renovate_update,
    status,
)

SCRIPT = ROOT / "migrations" / "rename_answer.py"
# What v0.1.0 said instead of what this version says (the question was still `domains`).
AS_V0_1 = {
    "copier.yml": [
        ("\ncapabilities:\n", "\ndomains:\n"),
        ("archdocs_validate('capabilities')", "archdocs_validate('domains')"),
        (
            'default: "{{ domains if domains is defined else '
            "archdocs_default('capabilities') }}\"",
            "default: \"{{ archdocs_default('capabilities') }}\"",
        ),
    ],
    "extensions/model.py": [('answers["capabilities"]', 'answers["domains"]')],
    "extensions/adr.py": [('answers["capabilities"]', 'answers["domains"]')],
    "extensions/traits.py": [('answers["capabilities"]', 'answers["domains"]')],
    "extensions/context.py": [('    "capabilities",\n', '    "domains",\n')],
    "extensions/questions.py": [('question == "capabilities"', 'question == "domains"')],
}


def as_v0_1(template: Path) -> None:
    for name, pairs in AS_V0_1.items():
        path = template / name
        text = path.read_text(encoding="utf-8")
        for new, old in pairs:
            assert new in text, f"{name}: {new!r}"
            text = text.replace(new, old)
        path.write_text(text, encoding="utf-8")
    config = (template / "copier.yml").read_text(encoding="utf-8")
    start = config.index("_migrations:")
    end = config.index("# Decision records belong")
    (template / "copier.yml").write_text(config[:start] + config[end:], encoding="utf-8")


def back_to_this_version(template: Path) -> None:
    for relative in [*AS_V0_1, "migrations/rename_answer.py", "migrations/answers_file.py"]:
        (template / relative).write_bytes((ROOT / relative).read_bytes())


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = make_template_repo(tmp_path_factory.mktemp("migration") / "template", tag="v0.0.1")
    release(repo, "v0.1.0", as_v0_1)
    release(repo, "v0.2.0", back_to_this_version)
    return repo


@pytest.mark.parametrize("skip_answered", [True, False], ids=["renovate", "interactive-style"])
def test_old_answer_is_carried_to_the_renamed_question(
    template: Path, tmp_path: Path, skip_answered: bool
) -> None:
    project = new_project(template, tmp_path / "project", "v0.1.0", domains="billing, ledger")
    assert answers(project)["domains"] == "billing, ledger"
    result = copier_update(project, "v0.2.0", skip_answered=skip_answered)
    assert result.returncode == 0, result.stderr
    recorded = answers(project)
    assert recorded["capabilities"] == "billing, ledger"
    assert "domains" not in recorded
    design = (project / DOCS / "design.md").read_text(encoding="utf-8")
    assert "billing module" in design and "ledger module" in design


def test_migration_is_idempotent_and_touches_only_the_answers_file(tmp_path: Path) -> None:
    answers_file = tmp_path / ANSWERS_FILE
    original = "# Changes here will be overwritten by Copier\n_commit: v0.1.0\ndomains: a, b\n"
    answers_file.write_text(original)
    (tmp_path / "other.yml").write_text("domains: untouched\n")
    run = [sys.executable, str(SCRIPT), ANSWERS_FILE, "domains", "capabilities"]
    first = subprocess.run(run, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert "domains -> capabilities" in first.stdout
    migrated = answers_file.read_text()
    assert migrated == original.replace("\ndomains:", "\ncapabilities:")
    second = subprocess.run(run, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert "nothing to rename" in second.stdout
    assert answers_file.read_text() == migrated
    assert (tmp_path / "other.yml").read_text() == "domains: untouched\n"


def test_migration_refuses_a_path_outside_the_destination(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_text("domains: x\n")
    inside = tmp_path / "project"
    inside.mkdir()
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "../outside.yml", "domains", "capabilities"],
        cwd=inside,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "refusing" in result.stderr
    assert outside.read_text() == "domains: x\n"


def test_update_within_the_same_release_runs_no_migration(template: Path, tmp_path: Path):
    project = new_project(template, tmp_path / "project", "v0.2.0")
    commit_all(project, "generated at v0.2.0")
    result = renovate_update(project, "v0.2.0")
    assert result.returncode == 0, result.stderr
    assert status(project) == ""


RECORDS_SCRIPT = ROOT / "migrations" / "template_records.py"


def run_records(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(RECORDS_SCRIPT), *args], cwd=cwd, capture_output=True, text=True
    )


def test_records_migration_keeps_the_numbers_the_team_took(tmp_path: Path) -> None:
    answers_file = tmp_path / ANSWERS_FILE
    original = "_commit: v0.3.0\ncloud: aws\n"
    answers_file.write_text(original)
    decisions = tmp_path / DOCS / "decisions"
    decisions.mkdir(parents=True)
    (decisions / "0016-compliance-regimes.md").write_text("template's\n")
    (decisions / "0019-our-own.md").write_text("team's\n")
    first = run_records(tmp_path, ANSWERS_FILE, "16")
    assert first.returncode == 0, first.stderr
    assert "the team's records use 0019" in first.stdout
    assert answers_file.read_text() == original + "template_records: 16\n"
    second = run_records(tmp_path, ANSWERS_FILE, "16")
    assert answers_file.read_text() == original + "template_records: 16\n", second.stdout
    assert (decisions / "0019-our-own.md").read_text() == "team's\n"


def test_records_migration_without_team_records_changes_nothing(tmp_path: Path) -> None:
    answers_file = tmp_path / ANSWERS_FILE
    answers_file.write_text("_commit: v0.3.0\n")
    (tmp_path / DOCS / "decisions").mkdir(parents=True)
    (tmp_path / DOCS / "decisions" / "0008-primary-datastore.md").write_text("x\n")
    result = run_records(tmp_path, ANSWERS_FILE, "16")
    assert "every template record is written" in result.stdout
    assert answers_file.read_text() == "_commit: v0.3.0\n"
    refused = run_records(tmp_path, "../elsewhere.yml", "16")
    assert refused.returncode == 2 and "refusing" in refused.stderr
    usage = run_records(tmp_path, ANSWERS_FILE, "sixteen")
    assert usage.returncode == 2 and "Usage" in usage.stderr
