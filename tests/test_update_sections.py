"""Issue 17: a project made with v0.3.0 updates to the release where each fact has one home,
and what the team wrote in a section whose content moved survives."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

import pytest
from conftest import DOCS, ROOT, TEMPLATE_PARTS, git, snapshot_template
from update_support import answers, commit_all, new_project, renovate_update

# The commit that was released as v0.3.0 (the repository's history; tags are not pushed).
V030 = "9c7ca86"


def v030_files(dst: Path) -> None:
    """The template parts as they were in v0.3.0, from this repository's own history."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", V030, *TEMPLATE_PARTS],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dst, filter="data")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    known = subprocess.run(
        ["git", "cat-file", "-e", f"{V030}^{{commit}}"], cwd=ROOT, capture_output=True
    )
    if known.returncode != 0:
        pytest.skip("the v0.3.0 commit is not in this clone's history")
    repo = tmp_path_factory.mktemp("history") / "template"
    repo.mkdir()
    v030_files(repo)
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "v0.3.0")
    git(repo, "tag", "v0.3.0")
    for part in TEMPLATE_PARTS:
        path = repo / part
        if path.is_dir():
            subprocess.run(["rm", "-rf", str(path)], check=True)
        elif path.exists():
            path.unlink()
    snapshot_template(repo)
    commit_all(repo, "v0.4.0")
    git(repo, "tag", "v0.4.0")
    return repo


NOTE = "Our team note: the storefront uses the shared design system."
TICKED = "Our reviewed data-flow note stays with the design."


def test_a_v030_project_updates_and_the_team_text_survives(history: Path, tmp_path: Path):
    project = new_project(history, tmp_path / "project", vcs_ref="v0.3.0")
    overview = project / DOCS / "overview.md"
    before = overview.read_text(encoding="utf-8")
    # Before: the overview wrote the frontend in full (it now lives in the design).
    assert "- **State Management**:" in before
    edited = before.replace("### Frontend\n\n", f"### Frontend\n\n{NOTE}\n\n", 1)
    edited = edited.replace("### Main Data Flow\n\n", f"### Main Data Flow\n\n{TICKED}\n\n", 1)
    overview.write_text(edited, encoding="utf-8")
    commit_all(project, "team edits in sections that move")

    result = renovate_update(project, "v0.4.0")
    assert result.returncode == 0, result.stderr
    after = overview.read_text(encoding="utf-8")
    # The team's lines survive, and the section now links its home.
    assert NOTE in after and TICKED in after
    assert "[design: Frontend](design.md#frontend)" in after
    frontend = after.split("### Frontend\n", 1)[1].split("\n### ", 1)[0]
    if "<<<<<<< " in frontend:  # where the moved text and the note touch: shown inline
        assert ">>>>>>> " in frontend
    else:
        assert "- **State Management**:" not in frontend
    # The content that moved arrived in its home.
    design = (project / DOCS / "design.md").read_text(encoding="utf-8")
    assert "- **State management**:" in design
    assert "_commit: v0.4.0" in (project / ".copier-answers.archdocs.yml").read_text("utf-8")


def test_a_v030_project_untouched_updates_to_a_fresh_copy(history: Path, tmp_path: Path):
    project = new_project(history, tmp_path / "project", vcs_ref="v0.3.0")
    result = renovate_update(project, "v0.4.0")
    assert result.returncode == 0, result.stderr
    # v0.3.0's default capabilities stay recorded; a fresh copy with them is what to expect.
    kept = answers(project)["capabilities"]
    fresh = new_project(history, tmp_path / "fresh", vcs_ref="v0.4.0", capabilities=kept)
    old = new_project(history, tmp_path / "old", vcs_ref="v0.3.0")
    for path in sorted((fresh / DOCS).rglob("*.md")):
        relative = path.relative_to(fresh)
        mine = (project / relative).read_text(encoding="utf-8")
        if (old / relative).is_file() and relative.name[:4].isdigit():
            # A decision record is history: an update never rewrites it.
            assert mine == (old / relative).read_text(encoding="utf-8"), relative.name
        else:
            assert mine == path.read_text(encoding="utf-8"), relative.name


TEAM_RECORD = "# 17. Use Kafka for audit events\n\nDate: 2026-03-01\n\n## Status\n\nAccepted\n"


def test_a_v030_project_updated_as_renovate_does_keeps_its_meaning(
    history: Path, tmp_path: Path
) -> None:
    """Issue 18, item 10: the new questions get answers that keep what the documents said, a
    mobile frontend moves to `mobile_app`, and the team's record 0017 keeps its number."""
    project = new_project(history, tmp_path / "project", vcs_ref="v0.3.0", frontend="react_native")
    decisions = project / DOCS / "decisions"
    team = decisions / "0017-use-kafka-for-audit-events.md"
    team.write_text(TEAM_RECORD, encoding="utf-8")
    capabilities = answers(project)["capabilities"]
    commit_all(project, "the team's record 0017")

    result = renovate_update(project, "v0.4.0")
    assert result.returncode == 0, result.stderr
    after = answers(project)
    assert after["_commit"] == "v0.4.0"
    # The app stays drawn: the migration moved it to the new question.
    assert (after["frontend"], after["mobile_app"]) == ("none", "react_native")
    # New questions answered with what the v0.3.0 documents meant.
    assert after["actors"] == ["users"]
    assert after["hosting"] == "managed"
    assert after["capabilities"] == capabilities
    # The team numbered a record 0017: the template writes none after 0016.
    assert after["template_records"] == 16
    assert team.read_text(encoding="utf-8") == TEAM_RECORD
    numbered = sorted(p.name[:4] for p in decisions.glob("[0-9][0-9][0-9][0-9]-*.md"))
    assert numbered == [f"{n:04d}" for n in range(1, 18)]
    index = (decisions / "README.md").read_text(encoding="utf-8")
    assert "| none | Mobile app | React Native |" in index
    assert "[0017](0017-mobile-app.md)" not in index
    overview = (project / DOCS / "overview.md").read_text(encoding="utf-8")
    assert "React Native" in overview


def test_a_v030_project_without_team_records_gets_the_new_ones(
    history: Path, tmp_path: Path
) -> None:
    project = new_project(history, tmp_path / "project", vcs_ref="v0.3.0")
    result = renovate_update(project, "v0.4.0")
    assert result.returncode == 0, result.stderr
    assert answers(project)["template_records"] == 20
    decisions = project / DOCS / "decisions"
    assert (decisions / "0017-mobile-app.md").is_file()
    assert (decisions / "0020-hosting.md").is_file()
