"""Per-feature technical architecture documents (seed 004): one per feature, each updatable.

One project is generated with a system copy and two feature copies (one through the API with
`--defaults`, one through the CLI with no terminal and every feature answer given), from a
template history with two releases; the update tests work on copies of it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CATALOG, DOCS, ROOT, valid_matrix
from jinja2 import Environment
from markdown import headings, lines_outside_fences, tables
from test_documents import seed_sections
from update_support import (
    commit_all,
    copier_cli,
    copier_update,
    make_template_repo,
    new_project,
    release,
    status,
)

from extensions import features
from extensions.filters import md
from extensions.model import option

FEATURE_TEMPLATE = (
    ROOT / "feature" / "docs/architecture/features/{{ feature_slug }}/README.md.jinja"
)
SYSTEM_ANSWERS = ".copier-answers.archdocs.yml"
# Renovate's copier manager: the answers files it finds and updates one by one.
RENOVATE_FILES = re.compile(r"(^|/)\.copier-answers(\..+)?\.ya?ml$")
SYSTEM = {
    "project_name": "Shop",
    "style": "microservices",
    "capabilities": "orders, payments",
    "cloud": "aws",
    "deployment": "kubernetes",
    "datastore": "postgresql",
    "cache": "redis",
    "broker": "kafka",
    "latency_p95_ms": 250,
    "availability": 99.95,
}
A = {
    "feature_name": "Checkout v2",
    "feature_date": "2026-02-01",
    "feature_components": ["unit_orders", "datastore"],
    "feature_data_migration": True,
}
HOSTILE = 'Pay & "Refund" | {{ 7*7 }} <b>'
B = {
    "feature_name": HOSTILE,
    "feature_date": "2026-02-02",
    "feature_owner": "Ada | Payments",
    "feature_prd": "https://example.org/prd?id=1&x=(2)",
    "feature_status": "in_review",
    "feature_components": ["unit_payments", "broker"],
    "feature_data_migration": False,
    "feature_flags": "",
    "feature_rollout": "canary",
}
A_SLUG, B_SLUG = "checkout-v2", "pay-refund-7-7-b"
OPEN_QUESTION = "- [ ] TODO(team): technical question\n"
ADDED = "- [ ] Which metric proves that the feature works?\n"
INDEX_ADDED = "Every feature document links back here."


def v2_change(template: Path) -> None:
    """v2: a line added to the feature document and one to the system index."""
    doc = template / FEATURE_TEMPLATE.relative_to(ROOT)
    text = doc.read_text(encoding="utf-8")
    anchor = '- [ ] {{ m.todo("technical question") }}\n'
    assert anchor in text
    doc.write_text(text.replace(anchor, anchor + ADDED), encoding="utf-8")
    index = template / "template/docs/architecture/README.md.jinja"
    text = index.read_text(encoding="utf-8")
    assert "## Feature designs\n\n" in text
    index.write_text(
        text.replace("## Feature designs\n\n", f"## Feature designs\n\n{INDEX_ADDED}\n\n"),
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = make_template_repo(tmp_path_factory.mktemp("features") / "template", tag="v1.0.0")
    release(repo, "v2.0.0", v2_change)
    return repo


def feature_copy(template: Path, dst: Path, vcs_ref: str = "v1.0.0", **answers: Any) -> Path:
    """A feature copy as the README shows it: scope and feature answers only, --defaults."""
    from copier import run_copy

    run_copy(
        str(template),
        dst,
        data={"scope": "feature", **answers},
        defaults=True,
        unsafe=True,
        quiet=True,
        vcs_ref=vcs_ref,
    )
    return dst


def data_args(answers: dict[str, Any]) -> list[str]:
    found = []
    for key, value in answers.items():
        text = json.dumps(value) if isinstance(value, list | bool) else str(value)
        found += ["--data", f"{key}={text}"]
    return found


@pytest.fixture(scope="module")
def project(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dst = new_project(template, tmp_path_factory.mktemp("project") / "repo", **SYSTEM)
    feature_copy(template, dst, **A)
    every_b = ["--data", "scope=feature", *data_args(B)]
    done = copier_cli(
        "copy", "--trust", "--vcs-ref", "v1.0.0", *every_b, str(template), ".", cwd=dst
    )
    assert done.returncode == 0, done.stderr
    commit_all(dst, "two features")
    return dst


def read(project: Path, relative: str) -> str:
    return (project / relative).read_text(encoding="utf-8")


def load(project: Path, relative: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(read(project, relative))
    return loaded


def doc_of(slug: str) -> str:
    return f"{DOCS}/features/{slug}/README.md"


def system_answers(project: Path) -> dict[str, Any]:
    recorded = load(project, SYSTEM_ANSWERS)
    return {k: v for k, v in recorded.items() if not k.startswith("_") and k != "scope"}


def section(text: str, title: str) -> str:
    """The text under a heading, up to the next heading of the same or a higher level."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.fullmatch(rf"#+ {re.escape(title)}", line))
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if lines[i].startswith("#") and len(lines[i]) - len(lines[i].lstrip("#")) <= level
        ),
        len(lines),
    )
    return "\n".join(lines[start + 1 : end])


# ---------------------------------------------------------------------------- copy


def test_two_features_reuse_the_system_answers(project: Path) -> None:
    system = system_answers(project)
    assert system["datastore"] == "postgresql" and system["style"] == "microservices"
    for slug, answers in ((A_SLUG, A), (B_SLUG, B)):
        name = features.answers_file(slug)
        assert RENOVATE_FILES.search(name), name
        recorded = load(project, name)
        assert recorded["scope"] == "feature"
        assert recorded["system"] == system, "the system's answers are the feature's own"
        assert set(recorded) == {"_commit", "_src_path", "scope", *features.QUESTIONS}
        assert recorded["feature_slug"] == slug
        assert recorded["feature_name"] == answers["feature_name"]
    # The feature copies wrote their own files and nothing else.
    changed = subprocess.run(
        ["git", "diff", "--name-only", "HEAD~1", "HEAD"],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert sorted(changed) == sorted(
        [
            features.answers_file(A_SLUG),
            doc_of(A_SLUG),
            features.answers_file(B_SLUG),
            doc_of(B_SLUG),
        ]
    )


def test_the_feature_document_keeps_every_seed_section(project: Path) -> None:
    for slug, answers in ((A_SLUG, A), (B_SLUG, B)):
        text = read(project, doc_of(slug))
        titles = [title for _, title in headings(text)]
        assert text.splitlines()[0] == f"# Technical Architecture: {md(answers['feature_name'])}"
        position = 0
        for _level, title in seed_sections("004"):
            if "[" in title:  # an instance heading such as "Decision 1: [Decision Title]"
                prefix = title.split("[")[0]
                if not prefix.endswith(" 2: "):
                    assert any(t.startswith(prefix) for t in titles), (slug, prefix)
                continue
            assert title in titles[position:], (slug, title)
            position = titles.index(title, position)
        levels = [level for level, _ in headings(text)]
        assert levels.count(1) == 1 and all(b <= a + 1 for a, b in pairwise(levels)), slug
        for table in tables(text):
            assert len({len(row) for row in table}) == 1, (slug, table[0])
        assert "{{" not in text.replace(md(HOSTILE), "") and "{%" not in text, slug
        for line in lines_outside_fences(text):
            assert not re.search(r"\[[A-Z][^\]]*\](?!\()", line), (slug, line)
        assert text.endswith("\n") and "\n\n\n" not in text, slug


def test_relative_links_of_a_feature_document_resolve(project: Path) -> None:
    for slug in (A_SLUG, B_SLUG):
        folder = project / DOCS / "features" / slug
        targets = re.findall(r"\]\((\.\./[^)#]+)", read(project, doc_of(slug)))
        assert len(targets) >= 6
        for target in targets:
            assert (folder / target).resolve().is_file(), (slug, target)


def test_the_system_answers_fill_the_document(project: Path) -> None:
    a = read(project, doc_of(A_SLUG))
    assert "Shop (microservices on Amazon EKS, Amazon Web Services)" in a
    target = section(a, "Target Architecture")
    assert "class n_unit_orders,n_datastore_orders,n_datastore_payments touched" in target
    assert "highlighted: orders service, orders data, payments data." in target
    assert "- **In Scope**: orders service, orders data, payments data" in a
    assert "payments service" in section(a, "Scope of Changes").split("Out of Scope")[1]
    # The decisions on the data and messaging components, the touched one first.
    decisions = [t for _, t in headings(a) if t.startswith("Decision ")]
    assert decisions == [
        "Decision 1: Primary datastore for Checkout v2",
        "Decision 2: Cache for Checkout v2",
        "Decision 3: Message broker for Checkout v2",
    ]
    first = section(a, decisions[0])
    assert "| PostgreSQL (in use) |" in first
    for alternative in CATALOG["datastore"]["entries"]["postgresql"]["alternatives"]:
        assert CATALOG["datastore"]["entries"][alternative]["label"] in first
    assert "(../../decisions/0008-primary-datastore.md)" in first
    # NFR targets are the system's; rollout mechanics are those of the system's target.
    assert "p95 under 250 ms, the system's target" in a
    assert "99.95%, the system's target" in a
    rollout = section(a, "Rollout Strategy")
    assert "**Rolling update** on Amazon EKS" in rollout and "maxUnavailable 0" in rollout
    assert "| `checkout-v2-enabled` |" in section(a, "Feature Flags")
    migration = section(a, "Data Migration")
    assert "CREATE INDEX CONCURRENTLY" in migration and "- [ ] Contract:" in migration

    b = read(project, doc_of(B_SLUG))
    assert "- **PRD**: <https://example.org/prd?id=1&x=(2)>" in b
    assert "- **Owner**: Ada \\| Payments" in b and "- **Status**: In review" in b
    assert "class n_unit_payments,n_broker touched" in section(b, "Target Architecture")
    assert next(t for _, t in headings(b) if t.startswith("Decision ")).startswith(
        "Decision 1: Message broker for"
    )
    rollout = section(b, "Rollout Strategy")
    assert "**Canary** on Amazon EKS" in rollout and "Argo Rollouts" in rollout
    assert "Not applicable: this feature ships without feature flags" in section(b, "Feature Flags")
    assert section(b, "Data Migration").strip().startswith("Not applicable")


def test_markdownlint_passes_on_the_feature_documents(project: Path) -> None:
    linter = ROOT / "tests/lint/node_modules/.bin/markdownlint-cli2"
    if not linter.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must lint the generated docs, but markdownlint-cli2 is missing")
        pytest.skip("markdownlint-cli2 is not installed in tests/lint (npm ci --prefix tests/lint)")
    done = subprocess.run(
        [str(linter), doc_of(A_SLUG), doc_of(B_SLUG), f"{DOCS}/README.md"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_similar_feature_names_never_collide(project: Path, template: Path, tmp_path: Path):
    work = tmp_path / "repo"
    shutil.copytree(project, work)
    before = {p: p.read_bytes() for p in work.rglob("*") if p.is_file() and ".git" not in p.parts}
    for data in (
        {"feature_name": "checkout V2"},
        {"feature_name": "Checkout-v2!"},
        {"feature_name": "Payments", "feature_slug": A_SLUG},
    ):
        with pytest.raises(ValueError) as info:
            feature_copy(template, work, **data)
        assert "question 'feature_name'" in str(info.value)
        assert "'Checkout v2' already has" in str(info.value)
    after = {p: p.read_bytes() for p in work.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert after == before and status(work) == ""
    # A folder that no feature copy wrote (a document copied there by hand) is refused too.
    by_hand = work / DOCS / "features" / "hand-made" / "README.md"
    by_hand.parent.mkdir()
    by_hand.write_text("# Technical Architecture: Hand made\n", encoding="utf-8")
    with pytest.raises(ValueError) as info:
        feature_copy(template, work, feature_name="Hand made")
    assert "no feature copy recorded it" in str(info.value)
    assert by_hand.read_text(encoding="utf-8") == "# Technical Architecture: Hand made\n"
    # A name that only looks alike gets its own folder.
    feature_copy(template, work, feature_name="Checkout v3")
    assert (work / doc_of("checkout-v3")).is_file()


def test_the_feature_diagrams_render_with_mermaid(
    project: Path, recorded_system: dict[str, Any], template: Path, tmp_path: Path
) -> None:
    from test_diagrams import INSTALL, _render, renderer_missing

    if reason := renderer_missing():
        if os.environ.get("CI"):
            pytest.fail(f"CI must render the diagrams with Mermaid, but {reason}")
        pytest.skip(f"{reason}; install it with: {INSTALL}")
    c4_system = {**recorded_system, "diagram_style": "c4", "style": "modular_monolith"}
    c4 = feature_copy(
        template,
        tmp_path / "c4",
        system=c4_system,
        feature_name="Search",
        feature_components=["unit_orders", "cache", "frontend"],
    )
    c4_text = read(c4, doc_of("search"))
    assert 'UpdateElementStyle(n_unit_orders, $bgColor="#d9480f"' in c4_text
    fence = re.compile(r"^```mermaid\n(.*?)^```", re.MULTILINE | re.DOTALL)
    codes = {
        code: True
        for text in (read(project, doc_of(A_SLUG)), read(project, doc_of(B_SLUG)), c4_text)
        for code in fence.findall(text)
    }
    assert len(codes) == 5  # the system twice, its two highlighted views, the C4 views
    rendered = _render(codes, tmp_path)
    failures = [
        f"Mermaid {version}: {result['error']}"
        for version, results in rendered["versions"].items()
        for result in results.values()
        if not result["ok"]
    ]
    assert not failures, failures


# ---------------------------------------------------------------------------- update


def renovate(project: Path, answers_file: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """`copier update` as Renovate's copier manager runs it for one answers file."""
    return copier_update(project, "v2.0.0", *extra, answers_file=answers_file)


def snapshot(project: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(project)): p.read_bytes()
        for p in project.rglob("*")
        if p.is_file() and ".git" not in p.parts
    }


def no_conflicts(project: Path) -> None:
    assert not list(project.rglob("*.rej"))
    for path in (project / DOCS).rglob("*.md"):
        assert "<<<<<<<" not in path.read_text(encoding="utf-8"), path


def team_edit(text: str) -> str:
    first, rest = text.split("\n", 1)
    return f"{first}\n\nOur note under the title.\n{rest}\nAppended by the team.\n"


def test_each_feature_updates_on_its_own(project: Path, tmp_path: Path) -> None:
    work = tmp_path / "repo"
    shutil.copytree(project, work)
    a_doc, b_doc = work / doc_of(A_SLUG), work / doc_of(B_SLUG)
    v1_a = a_doc.read_text(encoding="utf-8")
    a_doc.write_text(team_edit(v1_a), encoding="utf-8")
    # The system has moved on since the features were designed (as an update with --data
    # datastore=mongodb leaves its answers file): a feature keeps the system it recorded.
    system_file = work / SYSTEM_ANSWERS
    system_file.write_text(
        read(work, SYSTEM_ANSWERS).replace("datastore: postgresql", "datastore: mongodb")
    )
    commit_all(work, "team edit; the system moved to MongoDB")
    recorded_a = load(work, features.answers_file(A_SLUG))
    before = snapshot(work)

    done = renovate(work, features.answers_file(A_SLUG))
    assert done.returncode == 0, done.stderr
    no_conflicts(work)
    assert a_doc.read_text(encoding="utf-8") == team_edit(
        v1_a.replace(OPEN_QUESTION, OPEN_QUESTION + ADDED)
    )
    assert "| PostgreSQL (in use) |" in a_doc.read_text(encoding="utf-8")
    updated = load(work, features.answers_file(A_SLUG))
    assert updated["_commit"] == "v2.0.0"
    assert {k: v for k, v in updated.items() if k != "_commit"} == {
        k: v for k, v in recorded_a.items() if k != "_commit"
    }
    after = snapshot(work)
    changed = sorted(k for k in after if after[k] != before.get(k))
    assert changed == [features.answers_file(A_SLUG), doc_of(A_SLUG)]
    commit_all(work, "feature A to v2")

    # Feature B alone, renamed and re-based on the system's answers of today on the way
    # (the guide's command: the system's answers file less comments, Copier's keys, scope).
    lines = read(work, SYSTEM_ANSWERS).splitlines(True)
    today = "".join(line for line in lines if not re.match(r"#|_|scope:", line))
    done = renovate(
        work,
        features.answers_file(B_SLUG),
        *("--data", f"system={today}", "--data", "feature_name=Payments v2"),
    )
    assert done.returncode == 0, done.stderr
    no_conflicts(work)
    text = b_doc.read_text(encoding="utf-8")
    assert text.startswith("# Technical Architecture: Payments v2\n")
    assert ADDED in text and "MongoDB" in text
    assert "PostgreSQL" not in text.split("## Technical Decisions")[0]
    recorded_b = load(work, features.answers_file(B_SLUG))
    assert recorded_b["system"]["datastore"] == "mongodb"
    assert recorded_b["feature_slug"] == B_SLUG, "a rename keeps the folder and the file"
    assert sorted(p.name for p in (work / DOCS / "features").iterdir() if p.is_dir()) == sorted(
        [A_SLUG, B_SLUG]
    )
    assert a_doc.read_text(encoding="utf-8") == after[doc_of(A_SLUG)].decode()


def test_the_system_updates_beside_the_features(project: Path, tmp_path: Path) -> None:
    work = tmp_path / "repo"
    shutil.copytree(project, work)
    before = snapshot(work)
    done = renovate(work, SYSTEM_ANSWERS)
    assert done.returncode == 0, done.stderr
    no_conflicts(work)
    after = snapshot(work)
    changed = {k for k in after if after[k] != before.get(k)}
    assert changed == {SYSTEM_ANSWERS, f"{DOCS}/README.md"}
    assert load(work, SYSTEM_ANSWERS)["_commit"] == "v2.0.0"
    index = read(work, f"{DOCS}/README.md")
    assert INDEX_ADDED in index and index.count("## Feature designs") == 1


def test_the_system_index_lists_the_features_by_their_folder(project: Path) -> None:
    index = read(project, f"{DOCS}/README.md")
    designs = section(index, "Feature designs")
    assert "[features/](features/)" in designs
    assert "copy --trust --data scope=feature" in designs
    assert "--answers-file .copier-answers.archdocs.feature.<feature-slug>.yml" in designs
    # What lists them is the folder: one folder per feature, each with its document.
    folders = sorted(p.name for p in (project / DOCS / "features").iterdir() if p.is_dir())
    assert folders == sorted([A_SLUG, B_SLUG])
    for folder in folders:
        assert read(project, doc_of(folder)).startswith("# Technical Architecture: ")
    # The index is the system's alone: the feature copies did not touch it.
    assert A_SLUG not in index and "Refund" not in index


# ---------------------------------------------------------------------------- bad input


@pytest.fixture(scope="module")
def recorded_system(project: Path) -> dict[str, Any]:
    return system_answers(project)


def _system(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**base, **changes}


AZURE_FUNCTIONS = {"style": "serverless", "cloud": "azure", "deployment": "serverless"}
BAD = [
    ({"feature_name": ""}, {}, "'feature_name'", "1 to 80 characters"),
    ({"feature_name": "two\nlines"}, {}, "'feature_name'", "line break"),
    (
        {"feature_name": "x", "feature_prd": "ftp://example.org/prd"},
        {},
        "'feature_prd'",
        "https://",
    ),
    ({"feature_name": "x", "feature_flags": "new checkout"}, {}, "'feature_flags'", "flag key"),
    ({"feature_name": "x", "feature_flags": "a-b, A-B"}, {}, "'feature_flags'", "twice"),
    ({"feature_name": "x", "feature_date": "1.2.2026"}, {}, "'feature_date'", "YYYY-MM-DD"),
    ({"feature_name": "x", "feature_slug": "Bad Slug"}, {}, "'feature_slug'", "slugify"),
    ({"feature_name": "x", "feature_components": ["nope"]}, {}, "'feature_components'", "nope"),
    (
        {"feature_name": "x", "feature_data_migration": True},
        {"datastore": "none", "cache": "none"},
        "'feature_data_migration'",
        "no datastore",
    ),
    (
        {"feature_name": "x", "feature_rollout": "canary"},
        AZURE_FUNCTIONS,
        "Invalid choice for 'feature_rollout'",
        "All at once (all_at_once)",
    ),
    (
        {"feature_name": "x", "feature_rollout": "dark_launch", "feature_flags": ""},
        {},
        "Invalid choice for 'feature_rollout'",
        "needs at least one name in feature_flags",
    ),
]


@pytest.mark.parametrize(("answers", "system", "question", "accepted"), BAD)
def test_bad_feature_answer_names_the_question(
    answers: dict[str, Any],
    system: dict[str, Any],
    question: str,
    accepted: str,
    recorded_system: dict[str, Any],
    template: Path,
    tmp_path: Path,
) -> None:
    with pytest.raises(ValueError) as info:
        feature_copy(template, tmp_path / "p", system=_system(recorded_system, **system), **answers)
    assert question in str(info.value) and accepted in str(info.value)
    assert not (tmp_path / "p").exists()


def test_a_feature_copy_needs_the_system_answers(template: Path, tmp_path: Path) -> None:
    from copier.errors import MissingFileWarning

    # Copier warns that the system's answers file (_external_data) is missing; our message follows.
    with (
        pytest.warns(MissingFileWarning, match=r"\.copier-answers\.archdocs\.yml"),
        pytest.raises(ValueError) as info,
    ):
        feature_copy(template, tmp_path / "empty", feature_name="Checkout v2")
    assert "question 'system'" in str(info.value)
    assert ".copier-answers.archdocs.yml" in str(info.value)


def test_a_feature_copy_without_a_name_is_refused(project: Path, template: Path, tmp_path: Path):
    work = tmp_path / "repo"
    shutil.copytree(project, work)
    done = copier_cli(
        "copy", "--trust", "--defaults", "--data", "scope=feature", str(template), ".", cwd=work
    )
    assert done.returncode != 0
    assert 'Question "feature_name" is required' in done.stderr


# ---------------------------------------------------------------------------- data and questions


def test_rollout_data_is_consistent_and_every_target_offers_a_default() -> None:
    assert features.check_catalog(CATALOG) == []
    for style, cloud, deployment in valid_matrix():
        answers = {"style": style, "cloud": cloud, "deployment": deployment}
        model = {
            "opt": {
                "deployment": option(CATALOG, "deployment", deployment, answers),
                "cloud": option(CATALOG, "cloud", cloud, answers),
            }
        }
        offered = features.rollouts(model, [])
        assert any(not reason for _, reason in offered.values()), (cloud, deployment)
        assert offered["dark_launch"][1], "a dark launch needs flags"
        assert not features.rollouts(model, ["f"])["dark_launch"][1]


def test_canary_is_refused_where_the_target_cannot_split_traffic() -> None:
    answers = {"style": "serverless", "cloud": "azure", "deployment": "serverless"}
    model = {
        "opt": {
            "deployment": option(CATALOG, "deployment", "serverless", answers),
            "cloud": option(CATALOG, "cloud", "azure", answers),
        }
    }
    rollout, reason = features.rollouts(model, [])["canary"]
    assert rollout["label"] == "Canary"
    assert "not available on Functions as a service (FaaS) on Microsoft Azure" in reason
    assert "All at once (all_at_once)" in reason


def _when(spec: dict[str, Any], scope: str) -> bool:
    when = spec.get("when", True)
    if isinstance(when, bool):
        return when
    context = {"scope": scope, "auth": "oidc", "documents": ["overview"]}
    return Environment().from_string(when).render(context) == "True"


def test_no_system_question_is_asked_in_feature_scope_and_no_feature_one_in_system_scope():
    config = yaml.safe_load((ROOT / "copier.yml").read_text(encoding="utf-8"))
    questions = [k for k in config if not k.startswith("_")]
    assert questions[0] == "scope" and config["scope"]["default"] == "system"
    assert [q for q in questions if q in features.QUESTIONS] == list(features.QUESTIONS)
    for name in questions[1:]:
        spec = config[name]
        if name in features.QUESTIONS:
            assert _when(spec, "feature") and not _when(spec, "system"), name
        else:
            assert not _when(spec, "feature"), f"{name} would be asked in feature scope"
    for name in ("system", "feature_slug"):
        assert config[name]["ask"] is False, f"{name} is recorded, never asked"


def test_feature_flag_names() -> None:
    assert features.split_flags(" a, b ,, c ") == ["a", "b", "c"]
    assert features.validate("feature_flags", {"feature_flags": "checkout.v2_beta-1"}) == ""
    assert features.validate("feature_flags", {"feature_flags": ""}) == ""
    message = features.validate("feature_flags", {"feature_flags": ",".join("abcdefghijk")})
    assert "at most 10" in message
