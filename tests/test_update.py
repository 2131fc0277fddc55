"""`copier update` across real template versions: nothing the team wrote is lost."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ANSWERS_FILE, DOCS, ROOT, docs_text
from test_answers import contradictions
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

DESIGN = "template/docs/architecture/{% if 'design' in documents %}design.md{% endif %}.jinja"
# The end of the design's Queries line (its start depends on the datastore).
OLD_LINE = "; pagination on every collection."
NEW_LINE = "; ETags and pagination on every collection."
ADDED_LINE = "- Revisit instance sizes every quarter against measured utilisation."


def add_legacy_question(template: Path) -> None:
    """v1 has a question that v2 removes."""
    with (template / "copier.yml").open("a", encoding="utf-8") as config:
        config.write(
            "\nlegacy_flag:\n  type: bool\n  help: A question that a later version drops\n"
            "  default: false\n"
        )


def v2_change(template: Path) -> None:
    """v2: a changed line, an added line, a new question with a default, a removed one."""
    design = template / DESIGN
    text = design.read_text(encoding="utf-8")
    assert OLD_LINE in text
    text = text.replace(OLD_LINE, NEW_LINE)
    anchor = '### Vertical Scaling\n\n{{ s.part(["vertical_scaling"], here) }}\n'
    assert anchor in text
    text = text.replace(anchor, anchor + ADDED_LINE + "\n")
    design.write_text(text, encoding="utf-8")
    config = (template / "copier.yml").read_text(encoding="utf-8")
    config = config.split("\nlegacy_flag:")[0] + (
        "\nreview_cadence:\n  type: str\n  help: How often the architecture is reviewed\n"
        "  default: quarterly\n"
    )
    (template / "copier.yml").write_text(config, encoding="utf-8")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = make_template_repo(tmp_path_factory.mktemp("history") / "template", tag="v0.0.0")
    release(repo, "v1.0.0", add_legacy_question)
    release(repo, "v2.0.0", v2_change)
    return repo


def team_edit(text: str) -> str:
    """What a team does to a document: a paragraph under the title, a note at the end."""
    first, rest = text.split("\n", 1)
    return f"{first}\n\nOur team's note under the title.\n{rest}\nAppended by the team.\n"


def test_team_edits_survive_and_the_template_change_arrives(template: Path, tmp_path: Path):
    project = new_project(template, tmp_path / "project")
    edited = {}
    for path in sorted((project / DOCS).rglob("*.md")):
        path.write_text(team_edit(path.read_text(encoding="utf-8")), encoding="utf-8")
        edited[path] = path.read_text(encoding="utf-8")
    commit_all(project, "team edits")

    result = renovate_update(project, "v2.0.0")
    assert result.returncode == 0, result.stderr

    fresh = new_project(template, tmp_path / "fresh", vcs_ref="v2.0.0")
    for path in edited:
        relative = path.relative_to(project)
        expected = team_edit((fresh / relative).read_text(encoding="utf-8"))
        assert path.read_text(encoding="utf-8") == expected, relative
    assert ADDED_LINE in (project / DOCS / "design.md").read_text()
    recorded = answers(project)
    assert recorded["review_cadence"] == "quarterly"
    assert "legacy_flag" not in recorded
    assert recorded["_commit"] == "v2.0.0"


def test_edit_on_a_changed_line_gives_a_visible_conflict(template: Path, tmp_path: Path):
    from pre_commit_hooks.check_merge_conflict import main as check_merge_conflict

    project = new_project(template, tmp_path / "project")
    design = project / DOCS / "design.md"
    text = design.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.endswith(OLD_LINE))
    design.write_text(text.replace(line, line + " Brotli for text."), encoding="utf-8")
    commit_all(project, "team edit on a template line")

    result = renovate_update(project, "v2.0.0")
    assert result.returncode == 0, result.stderr
    merged = design.read_text(encoding="utf-8")
    assert "<<<<<<< " in merged and ">>>>>>> " in merged
    assert "Brotli for text." in merged, "the team's line is kept inside the conflict"
    assert "ETags and pagination" in merged, "the template's line is shown beside it"
    assert check_merge_conflict(["--assume-in-merge", str(design)]) == 1


def test_update_with_no_change_leaves_git_clean(template: Path, tmp_path: Path) -> None:
    project = new_project(template, tmp_path / "project", vcs_ref="v2.0.0")
    assert status(project) == ""
    result = renovate_update(project, "v2.0.0")
    assert result.returncode == 0, result.stderr
    assert status(project) == ""


def test_untouched_project_updated_equals_fresh_copy(template: Path, tmp_path: Path) -> None:
    project = new_project(template, tmp_path / "project")
    result = renovate_update(project, "v2.0.0")
    assert result.returncode == 0, result.stderr
    fresh = new_project(template, tmp_path / "fresh", vcs_ref="v2.0.0")
    files = sorted(
        p.relative_to(project) for p in project.rglob("*") if p.is_file() and ".git" not in p.parts
    )
    fresh_files = sorted(
        p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file() and ".git" not in p.parts
    )
    assert files == fresh_files
    for relative in files:
        assert (project / relative).read_bytes() == (fresh / relative).read_bytes(), relative


def test_changing_an_answer_during_update_follows_it(template: Path, tmp_path: Path) -> None:
    project = new_project(template, tmp_path / "project", datastore="postgresql")
    result = renovate_update(project, "v2.0.0", "--data", "datastore=mongodb")
    assert result.returncode == 0, result.stderr
    assert answers(project)["datastore"] == "mongodb"
    docs = docs_text(project)
    assert "MongoDB" in docs["design.md"]
    assert contradictions(project, records=False) == []
    record = next(name for name in docs if name.startswith("decisions/0008-"))
    assert "PostgreSQL" in docs[record], "the accepted record is history, not rewritten"


def test_update_beside_another_templates_answers_file(template: Path, tmp_path: Path) -> None:
    project = new_project(template, tmp_path / "project")
    other = project / ".copier-answers.yml"
    other.write_text("_commit: v3.1.0\n_src_path: gh:example/python-template\nproject: x\n")
    commit_all(project, "another template")
    result = renovate_update(project, "v2.0.0")
    assert result.returncode == 0, result.stderr
    assert (
        other.read_text() == "_commit: v3.1.0\n_src_path: gh:example/python-template\nproject: x\n"
    )
    assert (project / ANSWERS_FILE).is_file()


def test_template_moved_to_another_path_still_updates(template: Path, tmp_path: Path) -> None:
    """The answers file records the template's absolute location, never a relative one."""
    project = new_project(template, tmp_path / "project")
    assert Path(answers(project)["_src_path"]).is_absolute()
    moved = tmp_path / "elsewhere"
    shutil.copytree(project, moved)
    result = renovate_update(moved, "v2.0.0")
    assert result.returncode == 0, result.stderr


TYPED_NUMBER = re.compile(r"""type: "\{\{ archdocs_type\('\w+'\) \}\}".*""")


def yaml_numbers(template: Path) -> None:
    """The template before 0.4.0: the four number questions were `type: yaml`."""
    config = template / "copier.yml"
    text, count = TYPED_NUMBER.subn("type: yaml", config.read_text(encoding="utf-8"))
    assert count == 4
    config.write_text(text, encoding="utf-8")


def typed_numbers(template: Path) -> None:
    shutil.copy(ROOT / "copier.yml", template / "copier.yml")


@pytest.fixture(scope="module")
def number_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = make_template_repo(tmp_path_factory.mktemp("numbers") / "template", tag="v0.0.0")
    release(repo, "v1.0.0", yaml_numbers)
    release(repo, "v2.0.0", typed_numbers)
    return repo


@pytest.mark.parametrize(
    ("recorded", "expected"),
    [
        ({"availability": 99.95, "rto_minutes": 30}, {"availability": 99.95, "rto_minutes": 30}),
        ({"availability": 99, "rpo_minutes": 60}, {"availability": 99.0, "rpo_minutes": 60}),
        (
            {"availability": "99.5", "latency_p95_ms": "250"},
            {"availability": 99.5, "latency_p95_ms": 250},
        ),
    ],
    ids=["yaml-float", "int", "quoted-strings"],
)
def test_answers_recorded_before_numbers_were_typed_are_kept(
    number_history: Path, tmp_path: Path, recorded: dict[str, Any], expected: dict[str, Any]
) -> None:
    """An answers file written by the yaml-typed questions (a float, an int, or a string a
    team quoted by hand) updates to the typed questions: the values are kept (Renovate's
    --skip-answered leaves them as written) and the next update that asks (here with
    --defaults) records them typed."""
    project = new_project(number_history, tmp_path / "project", **recorded)
    path = project / ANSWERS_FILE  # the yaml questions made numbers of strings: quote them
    old = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(
        "# Changes here will be overwritten by Copier\n"
        + yaml.safe_dump({**old, **recorded}, sort_keys=True),
        encoding="utf-8",
    )
    commit_all(project, "answers as an older version recorded them")
    # The quality targets' home is the overview (extensions/sections.yaml).
    percent = f"| Availability | {expected['availability']:g}% a month"
    assert percent in docs_text(project)["overview.md"]

    result = renovate_update(project, "v2.0.0")
    assert result.returncode == 0, result.stderr
    now = answers(project)
    assert now["_commit"] == "v2.0.0"
    assert {key: now[key] for key in recorded} == recorded
    assert percent in docs_text(project)["overview.md"]
    commit_all(project, "update")

    result = copier_update(project, "v2.0.0", skip_answered=False)
    assert result.returncode == 0, result.stderr
    now = answers(project)
    for key, value in expected.items():
        assert now[key] == value and type(now[key]) is type(value), (key, now[key])
    assert percent in docs_text(project)["overview.md"]
