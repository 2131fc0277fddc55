"""Bad input and hostile answers: clear errors, literal text, safe file names, nothing lost."""

from __future__ import annotations

import ast
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ANSWERS_FILE, DOCS, ROOT, load_answers, run_copy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from update_support import copier_cli

from extensions.questions import WINDOWS_RESERVED, slugify, validate

MD = MarkdownIt("commonmark").enable("table")
SPECIMENS = [
    "Pipe | in | name",
    "`code` and ``double``",
    "*bold* _it_ **strong**",
    "# not a heading",
    "<script>alert(1)</script>",
    "[x](https://example.org) ![i](y)",
    "{{ 7*7 }}",
    "{% raw %}x{% endraw %}",
    "key: value",
    "- dash first",
    "!tag and &anchor *alias",
    "---",
    "C# & .NET 'single' \"double\"",
    "back\\slash\\",
    "עברית שלום",
    "مرحبا بالعالم",
    "Emoji 🚀 service ✨",
    "Zürich Straße Ωmega",
    "x" * 80,
    "1. not a list",
    "> not a quote",
    "| --- |",
    "~~strike~~ &amp; &lt;",
]
# One-line text that may or may not pass the validators: Markdown, Jinja and YAML syntax,
# right-to-left text, emoji, very long text, line breaks and control characters.
TEXT = st.one_of(
    st.sampled_from(SPECIMENS),
    st.text(min_size=0, max_size=90),
    st.lists(st.sampled_from(SPECIMENS), min_size=1, max_size=3).map(" ".join),
)
# In questionnaire order (Copier refuses the first bad answer): owner_team is an output
# option, asked after the system's questions since 0.4.0.
FREE_TEXT = ("project_name", "description", "capabilities", "owner_team")


def inline_text(markdown: str) -> str:
    """What a reader sees of one line of Markdown: the rendered inline text."""
    tokens = MD.parseInline(markdown)
    return "".join(
        child.content
        for token in tokens
        for child in token.children or []
        if child.type in ("text", "code_inline")
    )


def md_tables(markdown: str) -> list[list[list[str]]]:
    """Every table of a document as a reader sees it: tables of rows of cell texts."""
    found: list[list[list[str]]] = []
    tokens = MD.parse(markdown)
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            found.append([])
        elif token.type == "tr_open":
            found[-1].append([])
        elif token.type in ("th_open", "td_open"):
            following = tokens[i + 1]
            found[-1][-1].append(
                inline_text(following.content) if following.type == "inline" else ""
            )
    return found


def first_error(answers: dict[str, Any]) -> str:
    for question in FREE_TEXT:
        if validate(question, answers):
            return question
    return ""


def copied_unless_refused(template: Path, dst: Path, answers: dict[str, Any], invalid: str) -> bool:
    """Copy with these answers; when `invalid` names a question that must refuse its
    answer, check that the copy fails naming it instead. True when copied."""
    if invalid:
        with pytest.raises(Exception) as info:
            run_copy(template, dst, **answers)
        assert f"'{invalid}'" in str(info.value)
        return False
    run_copy(template, dst, **answers)
    return True


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(name=TEXT, description=TEXT, team=TEXT, domain=TEXT)
def test_hostile_free_text_is_shown_literally_or_refused_clearly(
    template_repo: Path, name: str, description: str, team: str, domain: str
) -> None:
    answers = {
        "project_name": name,
        "description": description,
        "owner_team": team,
        "capabilities": f"{domain.replace(',', ' ')}, billing",
    }
    with tempfile.TemporaryDirectory() as tmp:
        dst = Path(tmp) / "project"
        if not copied_unless_refused(template_repo, dst, answers, first_error(answers)):
            return
        recorded = load_answers(dst)
        for key, value in answers.items():
            assert recorded[key] == value, key
        docs = {
            str(p.relative_to(dst / DOCS)): p.read_text(encoding="utf-8")
            for p in (dst / DOCS).rglob("*.md")
        }
        h1 = docs["overview.md"].splitlines()[0]
        assert h1.startswith("# ")
        assert inline_text(h1[2:]) == f"Architecture Overview: {name}"
        rows = [row for table in md_tables(docs["reference.md"]) for row in table]
        change_log = [row for row in rows if row[1:2] == ["0.1"]]
        assert change_log and change_log[0][2] == team
        index_intro = docs["README.md"].split("\n\n")[1]
        assert inline_text(index_intro).startswith(description.strip())
        for doc in docs.values():
            for table in md_tables(doc):
                assert {len(row) for row in table} == {len(table[0])}
        assert "49" not in h1 or "49" in name


@given(
    value=st.tuples(
        st.text(max_size=20),
        st.sampled_from(["\n", "\r\n", "\x00", "\x1b", "\u2028", "\x85"]),
        st.text(max_size=20),
    ).map("".join)
)
def test_line_breaks_and_control_characters_are_refused(value: str) -> None:
    for question in ("project_name", "description", "owner_team"):
        message = validate(question, {question: f"ok {value}"})
        assert question in message and "one line" in message


@given(text=st.text(max_size=200))
def test_slugs_are_safe_file_names(text: str) -> None:
    slug = slugify(text)
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", slug)
    assert len(slug) <= 62
    assert slug not in WINDOWS_RESERVED
    assume(slug)
    assert ".." not in slug and "/" not in slug and "\\" not in slug


def test_windows_device_names_are_never_slugs() -> None:
    assert slugify("CON") == "con-x"
    assert slugify("com1") == "com1-x"
    assert slugify("Console") == "console"


def test_similar_domain_names_that_collide_are_refused() -> None:
    message = validate("capabilities", {"capabilities": "Order-Service, order service"})
    assert "same name" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("style: spaghetti\n", ["Invalid choice for 'style'", "monolith"]),
        ("latency_p95_ms: fast\n", ["latency_p95_ms", "whole number"]),
    ],
)
def test_data_file_with_bad_values_names_the_question(
    content: str, expected: list[str], template_repo: Path, tmp_path: Path
) -> None:
    data_file = tmp_path / "org.yml"
    data_file.write_text(content)
    result = copier_cli(
        *("copy", "--trust", "--defaults", "--data-file", str(data_file), "-r", "HEAD"),
        *(str(template_repo), str(tmp_path / "out")),
    )
    assert result.returncode != 0
    for text in expected:
        assert text in result.stderr


def test_existing_files_are_not_overwritten_without_consent(template_repo: Path, tmp_path: Path):
    dst = tmp_path / "repo"
    mine = dst / DOCS / "overview.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("# Our own overview\n\nWritten by the team.\n")
    result = copier_cli("copy", "--trust", "--defaults", "-r", "HEAD", str(template_repo), str(dst))
    assert result.returncode != 0
    assert "--overwrite" in result.stderr
    assert mine.read_text() == "# Our own overview\n\nWritten by the team.\n"
    result = copier_cli(
        "copy", "--trust", "--defaults", "--overwrite", "-r", "HEAD", str(template_repo), str(dst)
    )
    assert result.returncode == 0, result.stderr
    assert mine.read_text().startswith("# Architecture Overview: ")
    assert (dst / ANSWERS_FILE).is_file()


FORBIDDEN_MODULES = {
    "socket",
    "subprocess",
    "urllib",
    "http",
    "requests",
    "httpx",
    "ftplib",
    "smtplib",
    "shutil",
    "multiprocessing",
    "ctypes",
    # No code is loaded from anywhere but the template's own Python sources.
    "marshal",
    "pickle",
}


def test_least_power_no_tasks_and_extension_code_has_no_io_beyond_its_data() -> None:
    config = yaml.safe_load((ROOT / "copier.yml").read_text(encoding="utf-8"))
    assert "_tasks" not in config
    for path in (ROOT / "extensions").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                names = []
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN_MODULES, f"{path.name}: {name}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr not in (
                    "write_text",
                    "write_bytes",
                    "unlink",
                    "rmdir",
                    "system",
                    "popen",
                ), f"{path.name}: {node.func.attr}"
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
                "open",
                "eval",
                "exec",
                "compile",
            ):
                pytest.fail(f"{path.name}: {node.func.id}()")


def test_hostile_name_keeps_answers_file_valid(template_repo: Path, tmp_path: Path) -> None:
    name = 'Orders: "v2" - #1 & !tag {{ 7*7 }}'
    project = run_copy(template_repo, tmp_path / "p", project_name=name)
    assert load_answers(project)["project_name"] == name
    overview = (project / DOCS / "overview.md").read_text()
    assert inline_text(overview.splitlines()[0][2:]) == f"Architecture Overview: {name}"


@pytest.fixture(scope="module")
def system_project(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_copy(template_repo, tmp_path_factory.mktemp("system") / "repo")


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(name=TEXT, owner=TEXT)
def test_hostile_feature_answers_are_shown_literally_or_refused_clearly(
    template_repo: Path, system_project: Path, name: str, owner: str
) -> None:
    from extensions.features import validate as validate_feature

    with tempfile.TemporaryDirectory() as tmp:
        dst = Path(tmp) / "repo"
        shutil.copytree(system_project, dst)
        answers = {"scope": "feature", "feature_name": name, "feature_owner": owner}
        system = {k: v for k, v in load_answers(dst).items() if not k.startswith("_")}
        context = {**answers, "system": system}
        invalid = next(
            (q for q in ("feature_name", "feature_owner") if validate_feature(q, context)), ""
        )
        if not copied_unless_refused(template_repo, dst, answers, invalid):
            return
        (recorded,) = dst.glob(".copier-answers.archdocs.feature.*.yml")
        values = yaml.safe_load(recorded.read_text(encoding="utf-8"))
        assert values["feature_name"] == name and values["feature_owner"] == owner
        assert recorded.name == f".copier-answers.archdocs.feature.{values['feature_slug']}.yml"
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", values["feature_slug"])
        document = dst / DOCS / "features" / values["feature_slug"] / "README.md"
        h1 = document.read_text(encoding="utf-8").splitlines()[0]
        assert inline_text(h1[2:]) == f"Technical Architecture: {name}"
