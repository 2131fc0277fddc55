"""The generated documents: every seed section, clean Markdown, nothing left unrendered."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import ANSWERS_FILE, DOCS, FIXED_DATE, docs_text, load_answers, seed_data
from markdown import headings, lines_outside_fences, tables

# Which seed becomes which document (the seeds' own README).
SEED_DOCS = {
    "000": "target-architecture.md",
    "001": "design.md",
    "002": "reference.md",
    "003": "overview.md",
    "004": "features/feature-template.md",
}
SEED_TITLES = {
    "000": "Target Architecture",
    "001": "Architecture Design",
    "002": "Architecture Documentation",
    "003": "Architecture Overview",
    "004": "Technical Architecture",
}
SEEDS = seed_data()
# Seed sections whose repeated "Decision N: [Title]" become one table linking the records.
DECISION_TABLES = {
    ("002", "Decision 1: "): "Design Decisions",
    ("003", "Decision 1: "): "Key Design Decisions",
}


def seed_sections(number: str) -> list[tuple[int, str]]:
    """(level, title) of the seed's sections, in order (tests/data/seeds.yaml)."""
    found = []
    for heading in SEEDS[number]["sections"]:
        hashes, title = heading.split(" ", 1)
        found.append((len(hashes), title))
    return found


def test_seed_data_names_its_sources() -> None:
    assert sorted(SEEDS) == sorted(SEED_DOCS)
    for number, seed in SEEDS.items():
        source = rf"{number}_[0-9a-f]{{16}}\.txt \({SEED_TITLES[number]}.*\)"
        assert re.fullmatch(source, seed["source"]), number
        assert len(seed["sections"]) >= 10, number
        assert all(re.fullmatch(r"#{2,4} [A-Z].*", s) for s in seed["sections"]), number


@pytest.fixture(scope="module")
def default_project(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import run_copy

    return run_copy(template_repo, tmp_path_factory.mktemp("defaults") / "project")


@pytest.fixture(scope="module")
def default_docs(default_project: Path) -> dict[str, str]:
    return docs_text(default_project)


def test_defaults_write_every_document_and_the_answers_file(default_project: Path) -> None:
    for doc in [*SEED_DOCS.values(), "README.md"]:
        assert (default_project / DOCS / doc).is_file(), doc
    answers = load_answers(default_project)
    assert answers["decision_date"] == FIXED_DATE
    assert answers["style"] == "modular_monolith"
    assert answers["_src_path"]
    assert not (default_project / ".copier-answers.yml").exists()
    assert (default_project / ANSWERS_FILE).read_text().startswith("# Changes here")


@pytest.mark.parametrize("seed", sorted(SEED_DOCS))
def test_every_seed_section_is_present_in_order(seed: str, default_docs: dict[str, str]) -> None:
    doc = default_docs[SEED_DOCS[seed]]
    titles = [title for _, title in headings(doc)]
    assert titles[0].startswith(SEED_TITLES[seed] + ": ")
    position = 0
    for _level, title in seed_sections(seed):
        if "[" in title:  # an instance heading, e.g. "Decision 1: [Title]"
            prefix = title.split("[")[0]
            if prefix.endswith(" 2: "):  # the seed's "[Repeat structure]" second instance
                continue
            if (seed, prefix) in DECISION_TABLES:
                # One row per decision instead of a heading each: the options and their
                # pros and cons live in the decision records, which every row links.
                section = doc.split(f"## {DECISION_TABLES[seed, prefix]}\n", 1)[1]
                section = section.split("\n## ", 1)[0]
                rows = re.findall(
                    r"^\| .*\]\(decisions/(\d{4})-[a-z0-9-]+\.md\) \|$", section, re.M
                )
                assert len(rows) >= 6, f"{seed}: decisions table"
                continue
            assert any(t.startswith(prefix) for t in titles), f"{seed}: {prefix!r}"
            continue
        if title == "Kubernetes Architecture":  # named for the chosen target
            title = "Amazon EKS Architecture"
        assert title in titles[position:], f"{seed}: {title!r} missing or out of order"
        position = titles.index(title, position)


def test_headings_one_h1_and_no_skipped_levels(default_docs: dict[str, str]) -> None:
    for name, text in default_docs.items():
        levels = [level for level, _ in headings(text)]
        assert levels[0] == 1 and levels.count(1) == 1, name
        for before, after in pairwise(levels):
            assert after <= before + 1, f"{name}: heading level jumps {before}->{after}"


def test_tables_have_consistent_columns(default_docs: dict[str, str]) -> None:
    count = 0
    for name, text in default_docs.items():
        for table in tables(text):
            widths = {len(row) for row in table}
            assert len(widths) == 1, f"{name}: {table[0]}"
            assert all(set(cell) <= {"-", ":", " "} for cell in table[1]), name
            count += 1
    assert count >= 8


def test_nothing_unrendered_mangled_or_bracketed(default_docs: dict[str, str]) -> None:
    # Mojibake of UTF-8 read as Mac Roman / Latin-1, as in seed 002.
    mangled = re.compile("[\u00c3\u00e2\u0153\u00f0\u0178\u201a]|\u00fc\u00ec\u00e3")
    for name, text in default_docs.items():
        assert "{{" not in text and "{%" not in text, name
        assert not mangled.search(text), name
        for line in lines_outside_fences(text):
            # A seed placeholder is "[Something]" not followed by "(link)".
            assert not re.search(r"\[[A-Z][^\]]*\](?!\()", line), f"{name}: {line}"
            assert "  " not in line.strip() or line.startswith(" "), f"{name}: {line!r}"


def test_placeholders_use_the_one_greppable_form(default_docs: dict[str, str]) -> None:
    text = "\n".join(default_docs.values())
    assert text.count("TODO(team):") >= 10
    for other in ("TBD", "FIXME", "XXX", "<placeholder>", "[Name]"):
        assert other not in text


def test_no_empty_sections(default_docs: dict[str, str]) -> None:
    for name, text in default_docs.items():
        lines = [line for line in text.splitlines() if line.strip()]
        for line, following in pairwise(lines):
            if line.startswith("#") and following.startswith("#"):
                level = len(line) - len(line.lstrip("#"))
                deeper = len(following) - len(following.lstrip("#"))
                assert deeper > level, f"{name}: empty section {line!r}"


def test_rendering_again_changes_nothing(default_project: Path, render) -> None:
    again = render()
    assert docs_text(again) == docs_text(default_project)


def test_markdown_is_tidy(default_docs: dict[str, str]) -> None:
    for name, text in default_docs.items():
        assert text.endswith("\n") and not text.endswith("\n\n"), name
        assert "\n\n\n" not in text, name
        assert not re.search(r"[ \t]+$", text, re.MULTILINE), name
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("#") and i > 0:
                assert lines[i - 1] == "", f"{name}: no blank line before {line!r}"
                assert lines[i + 1] == "", f"{name}: no blank line after {line!r}"
