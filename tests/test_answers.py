"""Every answer shows its effect, and nothing contradicts an answer anywhere."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import BASE, CATALOG, docs_text, entries, valid_matrix
from fast_render import FastRenderer
from markdown import without_sections

from extensions.catalog import term_pattern
from extensions.model import build_model, resolve

# Sections that discuss alternatives on purpose: naming a rejected option is right there.
ALTERNATIVE_SECTIONS = {
    "Design Decisions",
    "Technology Alternatives",
    "Considered Options",
    "Pros and Cons",
}
# Questions whose options are technologies a document must never name unless chosen.
TECH_QUESTIONS = (
    "cloud",
    "deployment",
    "frontend",
    "backend_language",
    "backend_framework",
    "datastore",
    "cache",
    "broker",
    "idp",
    "ci",
    "observability",
)
# Fields the model never shows as such (the chosen observability stack speaks instead).
NOT_SHOWN = {"cloud": {"logging", "metrics", "tracing", "alerting", "defaults"}}


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def chosen_text(answers: dict[str, Any]) -> str:
    """All catalog text of the chosen options: what the documents may legitimately say."""
    parts = []
    cloud = answers["cloud"]
    for question in CATALOG:
        value = answers.get(question)
        for key in value if isinstance(value, list) else [value]:
            if key in CATALOG[question]["entries"]:
                entry = CATALOG[question]["entries"][key]
                skip = NOT_SHOWN.get(question, set()) | {"alternatives", "terms"}
                shown = resolve({k: v for k, v in entry.items() if k not in skip}, cloud)
                parts.extend(_strings(shown))
    return "\n".join(parts)


def contradictions(project: Path, *, records: bool = True) -> list[str]:
    """Terms of options that were not chosen, found outside the alternatives sections.

    With `records=False` the decision records are left out: once written they are the
    team's history, and an answer changed later does not rewrite them."""
    from conftest import load_answers

    answers = load_answers(project)
    allowed = chosen_text(answers)
    text = "\n".join(
        without_sections(doc, ALTERNATIVE_SECTIONS)
        for name, doc in docs_text(project).items()
        if records or not re.match(r"decisions/\d{4}-", name)
    )
    present = terms_in(text)
    found = []
    for question in TECH_QUESTIONS:
        for key, entry in CATALOG[question]["entries"].items():
            if key == answers.get(question):
                continue
            for term in entry["terms"]:
                if term in present and term_pattern(term).search(allowed) is None:
                    pattern = term_pattern(term)
                    line = next(x for x in text.splitlines() if pattern.search(x))
                    found.append(f"{question}={key} term {term!r} in: {line[:160]}")
    return found


@cache
def _all_terms() -> tuple[re.Pattern[str], tuple[str, ...]]:
    terms = tuple(
        sorted(
            {t for q in TECH_QUESTIONS for e in CATALOG[q]["entries"].values() for t in e["terms"]},
            key=len,
            reverse=True,
        )
    )
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, terms)) + r")(?![\w-])")
    return pattern, terms


def terms_in(text: str) -> set[str]:
    """Every catalog term found in the text, in one pass (whole words, case-sensitive).

    A longer term hides the shorter ones inside it ("Amazon EKS" and "Amazon"), so each
    distinct match is searched again for them."""
    pattern, terms = _all_terms()
    matched = {match.group() for match in pattern.finditer(text)}
    inner = {
        term
        for word in matched
        for term in terms
        if term != word and term in word and term_pattern(term).search(word)
    }
    return matched | inner


def project_for(tmp_path: Path, template_repo: Path, **answers: Any) -> Path:
    """The files a copy with these answers writes, rendered in-process (tests/fast_render.py,
    proven identical to Copier's output) and written under tmp_path."""
    name = "-".join(str(v) for v in answers.values()) or "defaults"
    dst = tmp_path / re.sub(r"[^\w-]", "_", name)[:80]
    return renderer(template_repo).write({**BASE, **answers}, dst)


@cache
def renderer(template_repo: Path) -> FastRenderer:
    return FastRenderer(template_repo)


@pytest.mark.parametrize(("style", "cloud", "deployment"), valid_matrix())
def test_style_cloud_deployment_matrix(
    style: str, cloud: str, deployment: str, template_repo: Path, tmp_path: Path
) -> None:
    project = project_for(tmp_path, template_repo, style=style, cloud=cloud, deployment=deployment)
    assert contradictions(project) == []
    docs = docs_text(project)
    overview = docs["overview.md"]
    assert CATALOG["style"]["entries"][style]["label"].lower() in overview.lower()
    service = CATALOG["deployment"]["entries"][deployment].get("services", {}).get(cloud)
    assert (service or CATALOG["deployment"]["entries"][deployment]["label"]) in overview
    assert (
        f"### {service or CATALOG['deployment']['entries'][deployment]['label']} Architecture"
        in (docs["reference.md"])
    )


def _option_cases() -> list[tuple[str, str]]:
    cases = []
    for question in (
        "frontend",
        "backend_language",
        "datastore",
        "cache",
        "broker",
        "auth",
        "ci",
        "observability",
        "idp",
    ):
        cases.extend((question, key) for key in entries(question))
    return cases


def answers_for(question: str, key: str) -> dict[str, Any]:
    """The smallest set of answers that makes `question=key` valid."""
    answers: dict[str, Any] = {question: key}
    entry = CATALOG[question]["entries"][key]
    for other, allowed in entry.get("requires", {}).items():
        answers[other] = allowed[0]
    if question == "idp":
        answers["auth"] = "oidc"
    if question == "backend_language":
        answers["backend_framework"] = entry["default_framework"]
    return answers


@pytest.mark.parametrize(("question", "key"), _option_cases())
def test_each_option_shows_and_nothing_contradicts(
    question: str, key: str, template_repo: Path, tmp_path: Path
) -> None:
    answers = answers_for(question, key)
    project = project_for(tmp_path, template_repo, **answers)
    assert contradictions(project) == []
    text = "\n".join(docs_text(project).values())
    entry = CATALOG[question]["entries"][key]
    if key != "none":
        assert entry["label"] in text
        model = build_model({**_defaults_from(project), **answers})
        assert model["opt"][question]["service"] in text


def _defaults_from(project: Path) -> dict[str, Any]:
    from conftest import load_answers

    return {k: v for k, v in load_answers(project).items() if not k.startswith("_")}


# `none` (plain handlers, serverless only) is covered by test_reach's forms system.
@pytest.mark.parametrize("framework", [f for f in entries("backend_framework") if f != "none"])
def test_each_framework_with_its_language(framework: str, template_repo: Path, tmp_path: Path):
    language = CATALOG["backend_framework"]["entries"][framework]["requires"]["backend_language"][0]
    project = project_for(
        tmp_path, template_repo, backend_language=language, backend_framework=framework
    )
    text = "\n".join(docs_text(project).values())
    assert CATALOG["backend_framework"]["entries"][framework]["label"] in text
    assert contradictions(project) == []


@pytest.mark.parametrize("api", entries("api_styles"))
def test_each_api_style(api: str, template_repo: Path, tmp_path: Path) -> None:
    extra = {"broker": "kafka"} if api == "events" else {}
    project = project_for(tmp_path, template_repo, api_styles=[api], **extra)
    design = docs_text(project)["design.md"]
    entry = CATALOG["api_styles"]["entries"][api]
    assert f"- **{entry['label']}**: {entry['versioning']['strategy']}." in design


def test_several_api_styles_and_compliance_regimes(template_repo: Path, tmp_path: Path) -> None:
    project = project_for(
        tmp_path,
        template_repo,
        api_styles=["rest", "graphql", "grpc"],
        compliance=["gdpr", "hipaa", "pci_dss", "soc2", "iso27001"],
    )
    docs = docs_text(project)
    reference, design = docs["reference.md"], docs["design.md"]
    for regime in entries("compliance"):
        assert f"- **{CATALOG['compliance']['entries'][regime]['label']}**. Scope: " in reference
    for api in ("rest", "graphql", "grpc"):
        entry = CATALOG["api_styles"]["entries"][api]
        # REST's document is generated from the code where the framework does that
        # (api_styles.yaml spec_from_code), else kept as the source of truth (spec).
        specs = [entry["spec"], entry.get("spec_from_code") or entry["spec"]]
        assert any(f"**{entry['label']}** ({s.rstrip('.')}). Errors: " in design for s in specs)


def test_targets_are_stated_with_their_numbers(template_repo: Path, tmp_path: Path) -> None:
    project = project_for(
        tmp_path,
        template_repo,
        availability=99.95,
        latency_p95_ms=180,
        rto_minutes=90,
        rpo_minutes=5,
    )
    docs = docs_text(project)
    assert (
        "| Availability | 99.95% a month (at most 22 minutes of downtime) |" in docs["overview.md"]
    )
    assert "- API response: p95 under 180 ms." in docs["design.md"]
    assert "- **Targets**: RTO 1 hour 30 minutes, RPO 5 minutes." in docs["design.md"]
    assert "RTO 1 hour 30 minutes, RPO 5 minutes." in docs["reference.md"]


def test_choosing_fewer_documents_writes_fewer(template_repo: Path, tmp_path: Path) -> None:
    project = project_for(tmp_path, template_repo, documents=["overview", "design"])
    documents = sorted(name for name in docs_text(project) if "/" not in name)
    assert documents == ["README.md", "design.md", "overview.md"]
    assert not (project / "docs/architecture/features").exists()
    index = docs_text(project)["README.md"]
    assert "(design.md)" in index and "reference.md" not in index


def test_none_answers_say_why_in_one_line(template_repo: Path, tmp_path: Path) -> None:
    project = project_for(
        tmp_path, template_repo, frontend="none", cache="none", broker="none", datastore="none"
    )
    docs = docs_text(project)
    assert "### Frontend\n\nNot applicable: " in docs["design.md"]
    assert "### Frontend\n\nNo frontend: clients call the API. See " in docs["overview.md"]
    assert "\nNot applicable: " in docs["reference.md"]
    assert "Message Queue Architecture\n\nNot applicable: " in docs["reference.md"]
    assert "```mermaid" in docs["overview.md"]
    assert 'cache["' not in docs["overview.md"]


def test_contradiction_check_catches_a_foreign_technology(template_repo: Path, tmp_path: Path):
    project = project_for(tmp_path, template_repo, cloud="aws", datastore="postgresql")
    assert contradictions(project) == []
    design = project / "docs/architecture/design.md"
    design.write_text(design.read_text() + "\nOrders live in MongoDB on Azure.\n")
    found = contradictions(project)
    assert any("datastore=mongodb" in item for item in found)
    assert any("cloud=azure" in item for item in found)


def test_artifacts_go_where_the_target_takes_them(template_repo: Path, tmp_path: Path) -> None:
    zip_project = project_for(
        tmp_path, template_repo, style="serverless", cloud="azure", deployment="serverless"
    )
    reference = docs_text(zip_project)["reference.md"]
    section = reference.split("### Container Architecture")[1].split("\n### ")[0]
    blob = CATALOG["cloud"]["entries"]["azure"]["object_storage"]
    registry = CATALOG["cloud"]["entries"]["azure"]["registry"]
    assert f"published to {blob}" in section and registry not in section
    image_project = project_for(tmp_path, template_repo, cloud="azure", deployment="kubernetes")
    section = docs_text(image_project)["reference.md"].split("### Container Architecture")[1]
    assert f"and stored in {registry}." in section.split("\n### ")[0]
