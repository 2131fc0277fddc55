"""Decision records: fixed numbers, both formats' structure, options from the catalog, an index
that matches the files, records the team owns across `copier update`, and adr-tools."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import (
    ANSWERS_FILE,
    BASE,
    CATALOG,
    DOCS,
    FIXED_DATE,
    QUESTIONS,
    entries,
    git,
    load_answers,
    make_template_repo,
    run_copy,
    valid_matrix,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import headings, split_cells

from extensions.adr import FORMATS
from extensions.catalog import MULTISELECT
from extensions.filters import yaml_str
from extensions.model import answered, build_model
from extensions.questions import default, refusal

DECISIONS = DOCS / "decisions"
# The released numbers and names: changing one breaks every link to a team's record.
EXPECTED = {
    "decision_records": ("0001-record-architecture-decisions.md", "Record architecture decisions"),
    "style": ("0002-architecture-style.md", "Architecture style"),
    "cloud": ("0003-cloud-platform.md", "Cloud platform"),
    "deployment": ("0004-deployment-target.md", "Deployment target"),
    "frontend": ("0005-frontend.md", "Frontend"),
    "backend_language": ("0006-backend-language.md", "Backend language"),
    "backend_framework": ("0007-backend-framework.md", "Backend framework"),
    "datastore": ("0008-primary-datastore.md", "Primary datastore"),
    "cache": ("0009-cache.md", "Cache"),
    "broker": ("0010-message-broker.md", "Message broker"),
    "api_styles": ("0011-api-styles.md", "API styles"),
    "auth": ("0012-authentication.md", "Authentication"),
    "idp": ("0013-identity-provider.md", "Identity provider"),
    "ci": ("0014-ci-cd-system.md", "CI/CD system"),
    "observability": ("0015-observability-stack.md", "Observability stack"),
    "compliance": ("0016-compliance-regimes.md", "Compliance regimes"),
    # Added in 0.4.0, numbered after the released ones whatever their place in the questionnaire.
    "mobile_app": ("0017-mobile-app.md", "Mobile app"),
    "actors": ("0018-actors.md", "Actors"),
    "paas_service": ("0019-paas-service.md", "PaaS service"),
    "hosting": ("0020-hosting.md", "Hosting of data and messaging"),
}
RECORD_FILES = sorted(f for f, _ in EXPECTED.values())
MADR_SECTIONS = [
    "Context and Problem Statement",
    "Decision Drivers",
    "Considered Options",
    "Decision Outcome",
    "Pros and Cons of the Options",
    "More Information",
]
NYGARD_SECTIONS = ["Status", "Context", "Decision", "Consequences"]
HOSTILE_TEAM = '!ops "core": #1 & \\ {team} [x] - *y*'
NYGARD_ANSWERS: dict[str, Any] = {
    "adr_format": "nygard",
    "cloud": "azure",
    "style": "event_driven",
    "frontend": "none",
    "cache": "none",
    "auth": "api_keys",
    "compliance": ["gdpr", "hipaa"],
    "api_styles": ["rest", "graphql"],
}


# ---------------------------------------------------------------- model level, every answer


def base_answers() -> dict[str, Any]:
    """The questionnaire's defaults, as plain answers."""
    answers: dict[str, Any] = {
        "project_name": "My Service",
        "description": "Orders for shops.",
        "owner_team": "Platform Team",
        "doc_status": "draft",
        "decision_date": FIXED_DATE,
        "capabilities": "accounts, orders, notifications",
        "availability": 99.9,
        "latency_p95_ms": 300,
        "rto_minutes": 240,
        "rpo_minutes": 15,
        "documents": ["overview", "design", "reference", "target", "feature"],
        "style": "modular_monolith",
        "cloud": "aws",
        "frontend": "react",
        "backend_language": "python",
        "datastore": "postgresql",
        "cache": "redis",
        "api_styles": ["rest"],
        "auth": "oidc",
        "ci": "github_actions",
        "compliance": [],
    }
    return repair(answers)


def repair(answers: dict[str, Any]) -> dict[str, Any]:
    """The nearest valid answers: each refused or missing answer replaced, in question order,
    by the computed default or the first option that the other answers allow. A later answer
    can refuse an earlier one (a framework without templates refuses server-rendered pages),
    so the passes repeat until nothing changes."""
    fixed = dict(answers)
    for _ in range(4):
        before = dict(fixed)
        _repair_pass(fixed)
        if fixed == before:
            return fixed
    raise AssertionError(f"answers do not settle: {fixed}")


def _repair_pass(fixed: dict[str, Any]) -> None:
    for question in QUESTIONS:
        keys = entries(question)
        if question == "idp" and fixed.get("auth") != "oidc":
            fixed[question] = None
            continue
        if question in MULTISELECT:
            chosen = [
                k for k in fixed.get(question) or [] if not refusal(CATALOG, question, k, fixed)
            ]
            fixed[question] = chosen or {"compliance": [], "actors": ["users"]}.get(
                question, ["rest"]
            )
            continue
        if question == "paas_service" and fixed.get("deployment") != "paas":
            fixed[question] = None
            continue
        if question == "hosting" and fixed.get("cloud") == "onprem":
            fixed[question] = None
            continue
        current = fixed.get(question)
        if current is None and question in (
            "deployment",
            "paas_service",
            "backend_framework",
            "broker",
            "idp",
        ):
            current = default(CATALOG, question, fixed)
        if current is None and question == "observability":
            current = default(CATALOG, question, fixed)
        if current is None or refusal(CATALOG, question, current, fixed):
            allowed = [k for k in keys if not refusal(CATALOG, question, k, fixed)]
            # None allowed: keep the first and let the next pass repair the earlier answer.
            current = allowed[0] if allowed else keys[0]
        fixed[question] = current


def one_at_a_time() -> Iterator[dict[str, Any]]:
    """Every option of every question, with the other answers made to fit."""
    for question in QUESTIONS:
        for key in entries(question):
            answers = base_answers()
            answers[question] = [key] if question in MULTISELECT else key
            if question == "idp":
                answers["auth"] = "oidc"
            for other, allowed in CATALOG[question]["entries"][key].get("requires", {}).items():
                answers[other] = allowed[0]
            yield repair(answers)
    for style, cloud, deployment in valid_matrix():
        yield repair({**base_answers(), "style": style, "cloud": cloud, "deployment": deployment})


def assert_fixed_numbers(model: dict[str, Any]) -> None:
    adrs = model["adrs"]
    assert {k: f for k, f in adrs.files.items()} == {k: f for k, (f, _) in EXPECTED.items()}
    for fmt in FORMATS:
        records = adrs.records(fmt)
        assert [(r.file, r.title) for r in records] == list(EXPECTED.values())
        assert [r.number for r in records] == list(range(1, len(EXPECTED) + 1))


def assert_options_from_catalog(answers: dict[str, Any], model: dict[str, Any]) -> None:
    """Chosen first and marked; the rest are exactly the catalog's alternatives (or every
    entry, for compliance) that the other answers allow, each with pros and cons."""
    for question in QUESTIONS:
        record = model["adrs"].record(question, "madr")
        options = record.options
        chosen = [o for o in options if o.chosen]
        assert chosen and options[: len(chosen)] == tuple(chosen), question
        value = answers[question] if question in MULTISELECT else answered(question, answers)
        picked = value if question in MULTISELECT else [value] if value else []
        assert [o.key for o in chosen] == (
            [k for k in entries(question) if k in picked] or ["none"]
        )
        data = CATALOG[question]["adr"]
        not_asked = question in ("idp", "paas_service") and not picked
        if not_asked:
            # A question that was not asked gets a short "not needed, because" record.
            candidates = []
        elif data.get("consider_all"):
            candidates = entries(question)
        elif not picked:
            candidates = data["none"]["alternatives"]
        else:
            candidates = [
                a
                for k in entries(question)
                if k in picked
                for a in CATALOG[question]["entries"][k]["alternatives"]
            ]
        chosen_keys = {o.key for o in chosen}
        allowed = [
            k
            for k in dict.fromkeys(candidates)
            if k not in chosen_keys and not refusal(CATALOG, question, k, answers)
        ]
        assert [o.key for o in options if not o.chosen] == allowed, question
        if question not in MULTISELECT and picked:
            resolved = model["opt"][question]["alternatives_resolved"]
            assert allowed == [a["key"] for a in resolved], question
        for option in options:
            assert option.pros and option.cons, (question, option.key)
        if not_asked:
            assert len(options) == 1 and len(record.good) == len(record.bad) == 1, question
            assert not record.ruled_out, question
        else:
            assert len(record.good) == sum(len(o.pros) for o in chosen)


def test_numbers_and_names_fixed_for_every_answer() -> None:
    count = 0
    for answers in one_at_a_time():
        model = build_model(answers)
        assert_fixed_numbers(model)
        assert_options_from_catalog(answers, model)
        count += 1
    assert count > 150


ANSWER_STRATEGY = st.fixed_dictionaries(
    {
        q: (
            st.lists(st.sampled_from(entries(q)), unique=True)
            if q in MULTISELECT
            else st.sampled_from(entries(q))
        )
        for q in QUESTIONS
    }
)


@settings(max_examples=150, deadline=None)
@given(ANSWER_STRATEGY)
def test_numbers_and_names_fixed_for_random_combinations(drawn: dict[str, Any]) -> None:
    answers = repair({**base_answers(), **drawn})
    model = build_model(answers)
    assert_fixed_numbers(model)
    assert_options_from_catalog(answers, model)


def test_catalog_numbers_are_released_ones_then_new_ones() -> None:
    numbers = {q: CATALOG[q]["adr"]["number"] for q in QUESTIONS}
    assert sorted(numbers.values()) == list(range(2, 2 + len(QUESTIONS)))
    assert numbers == {q: int(EXPECTED[q][0][:4]) for q in QUESTIONS}
    assert len({CATALOG[q]["adr"]["slug"] for q in QUESTIONS}) == len(QUESTIONS)


def test_none_answers_and_empty_compliance_are_decisions_too() -> None:
    answers = repair({**base_answers(), "cache": "none", "auth": "jwt", "compliance": []})
    adrs = build_model(answers)["adrs"]
    cache = adrs.record("cache", "madr")
    assert [o.label for o in cache.chosen] == ["No cache"]
    idp = adrs.record("idp", "madr")
    assert [o.label for o in idp.chosen] == ["No external identity provider"]
    assert "Self-issued JWT" in idp.chosen[0].because
    compliance = adrs.record("compliance", "madr")
    assert [o.key for o in compliance.options] == ["none", *entries("compliance")]
    assert compliance.chosen[0].because.startswith("TODO(team): ")


# ---------------------------------------------------------------- real copies


@pytest.fixture(scope="module")
def madr_project(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_copy(template_repo, tmp_path_factory.mktemp("madr") / "p", owner_team=HOSTILE_TEAM)


@pytest.fixture(scope="module")
def nygard_project(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_copy(template_repo, tmp_path_factory.mktemp("nygard") / "p", **NYGARD_ANSWERS)


def record_files(project: Path) -> list[str]:
    return sorted(p.name for p in (project / DECISIONS).glob("*.md") if p.name[0].isdigit())


def model_of(project: Path) -> dict[str, Any]:
    answers = {k: v for k, v in load_answers(project).items() if not k.startswith("_")}
    answers.setdefault("idp", None)
    return build_model(answers)


def front_matter(text: str) -> tuple[dict[str, Any], str, str]:
    """(parsed front matter, its raw text, the body)."""
    assert text.startswith("---\n"), text[:40]
    raw, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(raw), raw, body


def section(text: str, title: str) -> str:
    """The lines under a heading, up to the next heading of the same or a higher level."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.fullmatch(rf"#+ {re.escape(title)}", line))
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    body = []
    for line in lines[start + 1 :]:
        match = re.match(r"(#+) ", line)
        if match and len(match.group(1)) <= level:
            break
        body.append(line)
    return "\n".join(body)


def nygard_status(text: str) -> list[str]:
    """The Status section as adr-tools reads it: its non-blank lines."""
    return [line for line in section(text, "Status").splitlines() if line.strip()]


def test_every_record_has_its_fixed_file_in_both_formats(madr_project: Path, nygard_project: Path):
    assert record_files(madr_project) == RECORD_FILES
    assert record_files(nygard_project) == RECORD_FILES
    for project in (madr_project, nygard_project):
        others = [
            p
            for p in (project / DECISIONS).rglob("*")
            if p.is_file() and p.name not in RECORD_FILES
        ]
        assert all(not re.match(r"^\d{4}-.+\.md$", p.name) for p in others), others


def test_format_files_are_where_their_tools_look(madr_project: Path, nygard_project: Path):
    assert (madr_project / DECISIONS / "template.md").is_file()
    assert not (madr_project / DECISIONS / "templates").exists()
    assert not (madr_project / ".adr-dir").exists()
    assert (nygard_project / ".adr-dir").read_text() == "docs/architecture/decisions\n"
    assert (nygard_project / DECISIONS / "templates" / "template.md").is_file()
    assert not (nygard_project / DECISIONS / "template.md").exists()


def test_madr_front_matter_and_sections(madr_project: Path) -> None:
    for name, title in EXPECTED.values():
        text = (madr_project / DECISIONS / name).read_text(encoding="utf-8")
        meta, raw, body = front_matter(text)
        assert "status: proposed\n" in raw + "\n", name  # unquoted
        assert meta["status"] == "proposed"
        assert meta["date"] == dt.date.fromisoformat(FIXED_DATE), name  # ISO, read as a date
        assert meta["decision-makers"] == [HOSTILE_TEAM], name
        found = headings(body)
        assert found[0] == (1, title) and [h for h in found if h[0] == 1] == [(1, title)]
        assert [t for level, t in found if level == 2] == MADR_SECTIONS, name
        outcome = section(body, "Decision Outcome")
        assert [t for _, t in headings(outcome)] == ["Consequences", "Confirmation"]
        assert re.search(r'^Chosen options?: |^- "', outcome, re.MULTILINE), name
    template = (madr_project / DECISIONS / "template.md").read_text(encoding="utf-8")
    meta, raw, body = front_matter(template)
    assert meta["status"] == "proposed" and meta["decision-makers"] == [HOSTILE_TEAM]
    assert [t for level, t in headings(body) if level == 2] == MADR_SECTIONS


def test_nygard_records_read_like_adr_tools_writes_them(nygard_project: Path) -> None:
    for name, title in EXPECTED.values():
        text = (nygard_project / DECISIONS / name).read_text(encoding="utf-8")
        lines = text.splitlines()
        assert lines[0] == f"# {int(name[:4])}. {title}", name
        assert lines[2] == f"Date: {FIXED_DATE}"
        assert not text.startswith("---")
        assert [t for level, t in headings(text) if level == 2] == NYGARD_SECTIONS, name
        assert nygard_status(text) == ["Proposed"], name
    template = (nygard_project / DECISIONS / "templates" / "template.md").read_text()
    assert template.startswith("# NUMBER. TITLE\n\nDate: DATE\n")
    assert nygard_status(template) == ["STATUS"]
    for token in ("NUMBER", "TITLE", "DATE", "STATUS"):
        assert template.count(token) == 1, token  # adr new replaces the first on each line
    assert [t for level, t in headings(template) if level == 2] == NYGARD_SECTIONS


@pytest.mark.parametrize("fmt", FORMATS)
def test_considered_options_are_the_catalogs_with_pros_and_cons(
    fmt: str, madr_project: Path, nygard_project: Path
) -> None:
    project = {"madr": madr_project, "nygard": nygard_project}[fmt]
    adrs = model_of(project)["adrs"]
    option_level = "###" if fmt == "madr" else "####"
    for question in QUESTIONS:
        record = adrs.record(question, fmt)
        text = (project / DECISIONS / record.file).read_text(encoding="utf-8")
        considered = section(text, "Considered Options")
        if fmt == "madr":
            listed = re.findall(r"^- (.+)$", considered, re.MULTILINE)
            expected = [o.label + (" (chosen)" if o.chosen else "") for o in record.options]
            assert listed == expected, question
            detail = section(text, "Pros and Cons of the Options")
        else:
            detail = considered
        titles = re.findall(rf"^{option_level} (.+)$", detail, re.MULTILINE)
        assert titles == [o.label + (" (chosen)" if o.chosen else "") for o in record.options]
        for option in record.options:
            body = section(detail, titles[record.options.index(option)])
            if option.chosen:
                assert "[consequences](#consequences)" in body
                continue
            assert body.count("\n- Good, because ") == len(option.pros), option.key
            assert body.count("\n- Bad, because ") == len(option.cons), option.key
        consequences = section(text, "Consequences")
        assert consequences.count("\n- Good") == len(record.good) > 0
        assert consequences.count("\n- Bad") == len(record.bad) > 0


def test_an_alternative_the_answers_rule_out_is_named_as_such(nygard_project: Path) -> None:
    # On Azure the cache record weighs Redis but not Memcached, which Azure does not offer.
    text = (nygard_project / DECISIONS / EXPECTED["cache"][0]).read_text()
    considered = section(text, "Considered Options")
    assert "#### Memcached" not in considered
    assert "Ruled out by other answers: Memcached (needs Cloud platform: " in considered


def test_first_record_chooses_the_format_asked_for(madr_project: Path, nygard_project: Path):
    first = EXPECTED["decision_records"][0]
    assert 'Chosen option: "MADR 4"' in (madr_project / DECISIONS / first).read_text()
    assert (
        'Chosen option: "Nygard, with adr-tools"'
        in (nygard_project / DECISIONS / first).read_text()
    )


def test_none_answers_have_records_that_choose_none(nygard_project: Path) -> None:
    for question, label in (
        ("frontend", "No frontend"),
        ("cache", "No cache"),
        ("idp", "No external identity provider"),
    ):
        text = (nygard_project / DECISIONS / EXPECTED[question][0]).read_text()
        assert f'Chosen option: "{label}"' in text, question
        assert f"#### {label} (chosen)" in text
    compliance = (nygard_project / DECISIONS / EXPECTED["compliance"][0]).read_text()
    assert 'Chosen options:\n\n- "GDPR", because ' in compliance
    for regime in entries("compliance"):
        assert f"#### {CATALOG['compliance']['entries'][regime]['label']}" in compliance


def record_facts(project: Path, name: str, fmt: str) -> tuple[str, str, str]:
    """(title, status, date) as the record file states them."""
    text = (project / DECISIONS / name).read_text(encoding="utf-8")
    if fmt == "madr":
        meta, _, body = front_matter(text)
        return headings(body)[0][1], str(meta["status"]), str(meta["date"])
    title = re.sub(r"^\d+\. ", "", text.splitlines()[0][2:])
    date = re.search(r"^Date: (\S+)$", text, re.MULTILINE)
    assert date
    return title, nygard_status(text)[0], date.group(1)


def index_rows(project: Path, title: str) -> list[list[str]]:
    text = (project / DECISIONS / "README.md").read_text(encoding="utf-8")
    rows = [split_cells(line) for line in section(text, title).splitlines() if line.startswith("|")]
    return rows[2:]


@pytest.mark.parametrize("fmt", FORMATS)
def test_index_matches_the_files(fmt: str, madr_project: Path, nygard_project: Path) -> None:
    project = {"madr": madr_project, "nygard": nygard_project}[fmt]
    rows = index_rows(project, "Records")
    linked = []
    for number, title, status, date in rows:
        match = re.fullmatch(r"\[(\d{4})\]\((\d{4}-[a-z0-9-]+\.md)\)", number)
        assert match and match.group(2).startswith(match.group(1)), number
        linked.append(match.group(2))
        assert (title, status, date) == record_facts(project, match.group(2), fmt)
    assert sorted(linked) == record_files(project)
    today = {row[0]: row[2] for row in index_rows(project, "Answers today")}
    adrs = model_of(project)["adrs"]
    for question in QUESTIONS:
        record = adrs.record(question, fmt)
        labels = ", ".join(o.label for o in record.chosen)
        assert today[f"[{record.id}]({record.file})"] == labels


def test_documents_link_to_the_records(madr_project: Path) -> None:
    docs = madr_project / DOCS
    for name in ("README.md", "overview.md", "reference.md"):
        assert "](decisions/README.md)" in (docs / name).read_text(), name
    for path in (docs / "decisions").glob("*.md"):
        prose = re.sub(r"`[^`]*`", "", path.read_text())  # code spans are examples
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", prose):
            assert (path.parent / target).is_file(), (path.name, target)


def test_records_name_no_unchosen_technology_outside_the_options(
    madr_project: Path, nygard_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import test_answers

    sections = {*test_answers.ALTERNATIVE_SECTIONS, "Considered Options", "Pros and Cons"}
    monkeypatch.setattr(test_answers, "ALTERNATIVE_SECTIONS", sections)
    for project in (madr_project, nygard_project):
        assert test_answers.contradictions(project) == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_yaml_str_reads_back_as_the_same_text(text: str) -> None:
    assert yaml.safe_load(f"key: {yaml_str(text)}\n") == {"key": text}


@pytest.mark.parametrize(
    "text", ['a "b": #c', "!tag", "- item", "&anchor *alias", "null", "2026-01-15", "x\u2028y\x85z"]
)
def test_yaml_str_keeps_yaml_syntax_literal(text: str) -> None:
    assert yaml.safe_load(f"- {yaml_str(text)}\n") == [text]


# ---------------------------------------------------------------- adr-tools on a generated folder


def adr(project: Path, *args: str, cwd: Path | None = None) -> str:
    env = {**os.environ, "VISUAL": "", "EDITOR": "true", "ADR_DATE": "2026-02-01"}
    result = subprocess.run(
        ["adr", *args], cwd=cwd or project, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def test_adr_tools_lists_and_supersedes_generated_records(
    nygard_project: Path, tmp_path: Path
) -> None:
    if shutil.which("adr") is None:
        message = "adr-tools is not installed; install it with: apt-get install adr-tools"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    project = tmp_path / "p"
    shutil.copytree(nygard_project, project)
    listed = adr(project, "list").split()
    assert listed == [f"{DECISIONS}/{name}" for name in RECORD_FILES]
    assert len(adr(project, "list", cwd=project / "docs").split()) == len(RECORD_FILES)
    toc = adr(project, "generate", "toc")
    assert "* [16. Compliance regimes](0016-compliance-regimes.md)" in toc

    # The index's procedure: accept the record, then supersede it with adr new -s.
    old = project / DECISIONS / EXPECTED["datastore"][0]
    old.write_text(old.read_text().replace("## Status\n\nProposed\n", "## Status\n\nAccepted\n"))
    created = adr(project, "new", "-s", "0008", "Change the primary datastore").strip()
    new = project / created
    assert new.name == "0021-change-the-primary-datastore.md"
    text = new.read_text()
    assert text.startswith("# 21. Change the primary datastore\n\nDate: 2026-02-01\n")
    assert nygard_status(text) == [
        "Accepted",
        "Supersedes [8. Primary datastore](0008-primary-datastore.md)",
    ]
    assert not re.search(r"\b(NUMBER|TITLE|DATE|STATUS)\b", text)
    assert nygard_status(old.read_text()) == [
        "Superseded by [21. Change the primary datastore](0021-change-the-primary-datastore.md)"
    ]


# ---------------------------------------------------------------- copier update


def commit_all(project: Path, message: str) -> None:
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", message)


def update(project: Path, **data: Any) -> None:
    from copier import run_update

    run_update(
        project,
        data=data,
        answers_file=ANSWERS_FILE,
        defaults=True,
        unsafe=True,
        overwrite=True,
        skip_answered=True,
        quiet=True,
    )


def tree(project: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(project)): p.read_bytes()
        for p in (project / DECISIONS).rglob("*")
        if p.is_file()
    }


def test_changed_answer_keeps_the_record_and_the_index_shows_the_new_answer(
    template_repo: Path, tmp_path: Path
) -> None:
    project = run_copy(template_repo, tmp_path / "p")
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "architecture docs")
    record = project / DECISIONS / EXPECTED["datastore"][0]
    edited = record.read_text().replace("status: proposed", "status: accepted", 1)
    edited += "\nThe team benchmarked this on 2026-01-20.\n"
    record.write_text(edited)
    index = project / DECISIONS / "README.md"
    row = f"| [0008]({record.name}) | Primary datastore | proposed | {FIXED_DATE} |"
    assert row in index.read_text()
    index.write_text(index.read_text().replace(row, row.replace("proposed", "accepted")))
    commit_all(project, "accept the datastore record")
    before = tree(project)

    update(project, datastore="mongodb")

    assert load_answers(project)["datastore"] == "mongodb"
    assert record.read_text() == edited  # the team's record, untouched
    after = tree(project)
    assert sorted(after) == sorted(before)  # no record added, none renamed
    changed = sorted(k for k in after if after[k] != before[k])
    assert changed == [str(DECISIONS / "README.md")]  # only the template-managed index
    text = index.read_text()
    assert row.replace("proposed", "accepted") in text  # the team's edit of the index kept
    today = {r[0]: r[2] for r in index_rows(project, "Answers today")}
    assert today[f"[0008]({record.name})"] == "MongoDB"
    assert "MongoDB" in (project / DOCS / "design.md").read_text()
    assert "<<<<<<<" not in "".join(p.read_text() for p in (project / DOCS).rglob("*.md"))
    assert not list(project.rglob("*.rej"))


def test_an_update_that_brings_records_writes_them_once(tmp_path: Path) -> None:
    from copier import run_copy as copier_run_copy

    repo = make_template_repo(tmp_path / "template", tag="v0.9.0")
    git(repo, "rm", "-r", "-q", "template/docs/architecture/decisions")
    commit_all(repo, "a release without decision records")
    git(repo, "tag", "v1.0.0")
    git(repo, "checkout", "-q", "v0.9.0", "--", "template")
    commit_all(repo, "decision records")
    git(repo, "tag", "v2.0.0")

    project = tmp_path / "p"
    copier_run_copy(
        str(repo), project, data=BASE, defaults=True, unsafe=True, quiet=True, vcs_ref="v1.0.0"
    )
    assert not (project / DECISIONS).exists()
    git(project, "init", "-q", "-b", "main")
    design = project / DOCS / "design.md"
    design.write_text(design.read_text() + "\nTeam note kept across updates.\n")
    commit_all(project, "docs")

    update(project)

    assert load_answers(project)["_commit"] == "v2.0.0"
    assert record_files(project) == RECORD_FILES
    assert (project / DECISIONS / "README.md").is_file()
    assert design.read_text().endswith("\nTeam note kept across updates.\n")


def test_a_catalog_that_breaks_the_numbering_is_refused() -> None:
    import copy

    from extensions.adr import topics

    clash = copy.deepcopy(CATALOG)
    clash["cache"]["adr"]["number"] = clash["datastore"]["adr"]["number"]
    with pytest.raises(ValueError, match="share a number"):
        topics(clash)
    unknown = copy.deepcopy(CATALOG)
    unknown["cache"]["adr"]["drivers"] = ["throughput"]
    with pytest.raises(ValueError, match=r"cache\.yaml: adr\.drivers names 'throughput'"):
        topics(unknown)
    with pytest.raises(ValueError, match="adr_format is 'asciidoc'; expected one of madr, nygard"):
        build_model(base_answers())["adrs"].record("cache", "asciidoc")


def test_records_are_tidy_markdown(madr_project: Path, nygard_project: Path) -> None:
    for project in (madr_project, nygard_project):
        for path in (project / DECISIONS).rglob("*.md"):
            text = path.read_text(encoding="utf-8")
            body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
            levels = [level for level, _ in headings(body)]
            assert levels[0] == 1 and levels.count(1) == 1, path
            assert all(b <= a + 1 for a, b in pairwise(levels)), path
            assert "{{" not in text and "{%" not in text, path
            assert text.endswith("\n") and "\n\n\n" not in text, path
            assert not re.search(r"[ \t]+$", text, re.MULTILINE), path
