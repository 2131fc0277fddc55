"""Working with the tools teams already use: the docs site (MkDocs Material, Backstage
TechDocs), the lint kit (markdownlint-cli2, pre-commit), a docs CI job per CI system, org-wide
defaults and trust, and the dogfood.

The documents of every style x deployment combination (one cloud each, both ADR formats, the
other answers rotated through the catalog, plus hostile names) are generated once per test
session, shared by the pytest-xdist workers. The real markdownlint-cli2 then lints all of them
in one run, with the configuration the template ships; without it (`npm ci --prefix
tests/lint`) that test skips, and with the environment variable CI set it fails instead.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import (
    ANSWERS_FILE,
    BASE,
    CATALOG,
    DOCS,
    ROOT,
    TEMPLATE_PARTS,
    entries,
    git,
    load_answers,
    load_script,
    make_template_repo,
    run_copy,
    shared_across_workers,
    snapshot_template,
    valid_matrix,
)
from fast_render import FastRenderer

from extensions import integrations
from extensions.adr import FORMATS, topics
from extensions.integrations import BACKSTAGE_NAME, backstage_name, nav_paths
from extensions.model import DOCUMENTS
from extensions.questions import refusal, slugify

LINT_DIR = ROOT / "tests" / "lint"
MARKDOWNLINT = LINT_DIR / "node_modules" / ".bin" / "markdownlint-cli2"
LINT_INSTALL = "npm ci --prefix tests/lint"
BIN = Path(sys.executable).parent
CI_FILES = {
    "github_actions": ".github/workflows/architecture-docs.yml",
    "gitlab_ci": ".gitlab/ci/architecture-docs.yml",
    "azure_pipelines": ".azure-pipelines/architecture-docs.yml",
    "jenkins": ".jenkins/architecture-docs.Jenkinsfile",
}
# Files a tool reads under one fixed name: written once, never over a team's own.
CREATED_ONCE = ("mkdocs.yml", "catalog-info.yaml", ".pre-commit-config.yaml", ".gitlab-ci.yml")
TEMPLATES_FOR_NEW_RECORDS = ("decisions/template.md", "decisions/templates/template.md")
SITES = ("none", "mkdocs", "backstage")
COMPLIANCE_SETS: tuple[list[str], ...] = ([], ["gdpr"], ["hipaa", "pci_dss"], ["soc2", "iso27001"])
ROTATED = ("frontend", "backend_language", "datastore", "cache", "broker", "auth", "observability")
HOSTILE = {
    "hostile-mkdocs": {
        "project_name": 'Pipe | "quoted" [b] <b>tag</b> #1; a&b: x',
        "description": "Ops: \"a\" & <b> {{ 7*7 }} #x --- !tag *y* `z` 'q'",
        "owner_team": '!ops "core": #1 & \\ {team} [x] - *y*',
        "docs_site": "mkdocs",
        "adr_format": "nygard",
        "ci": "jenkins",
    },
    "hostile-backstage": {
        "project_name": "עברית שלום مرحبا 🚀 Zürich " + "x" * 50,
        "description": "- starts like a list: and has a colon",
        "owner_team": "🚀🚀",
        "docs_site": "backstage",
        "adr_format": "madr",
        "ci": "gitlab_ci",
    },
}

# ---------------------------------------------------------------------------- the cases


def _pick(question: str, index: int, answers: dict[str, Any]) -> str:
    """The index-th option of a question, or the next one the other answers allow."""
    keys = entries(question)
    style = CATALOG["style"]["entries"][answers["style"]]
    for step in range(len(keys)):
        key = keys[(index + step) % len(keys)]
        if question == "broker" and key == "none" and style["needs_broker"]:
            continue
        if not refusal(CATALOG, question, key, answers):
            return key
    raise AssertionError(f"no valid {question} for {answers}")


def _cases() -> dict[str, dict[str, Any]]:
    """One case per style x deployment pair (its first valid cloud), answers rotated."""
    pairs: dict[tuple[str, str], str] = {}
    for style, cloud, deployment in valid_matrix():
        pairs.setdefault((style, deployment), cloud)
    cases: dict[str, dict[str, Any]] = {}
    for i, ((style, deployment), cloud) in enumerate(sorted(pairs.items())):
        answers: dict[str, Any] = {"style": style, "cloud": cloud, "deployment": deployment}
        for offset, question in enumerate(ROTATED):
            answers[question] = _pick(question, i * (offset + 1) + offset, answers)
        ci = entries("ci")
        answers.update(
            adr_format=FORMATS[i % len(FORMATS)],
            ci=ci[i % len(ci)],
            docs_site=SITES[i % len(SITES)],
            compliance=COMPLIANCE_SETS[i % len(COMPLIANCE_SETS)],
        )
        cases[f"{style}-{cloud}-{deployment}"] = answers
    cases.update(HOSTILE)
    return cases


CASES = _cases()

# ---------------------------------------------------------------------------- generation


def _generate(work: Path) -> dict[str, Any]:
    """Every case rendered in-process (tests/fast_render.py writes what Copier writes)."""
    renderer = FastRenderer(snapshot_template(work / "template"))
    corpus = {}
    for case, answers in CASES.items():
        project = renderer.write({**BASE, **answers}, work / "projects" / case)
        corpus[case] = {"path": str(project), "answers": load_answers(project)}
    return corpus


@pytest.fixture(scope="session")
def corpus(shared_root: Path) -> dict[str, Any]:
    """Every case generated once: its path and recorded answers."""
    return shared_across_workers(shared_root, "integrations-corpus", _generate)


def projects(corpus: dict[str, Any], **match: Any) -> Iterator[tuple[str, Path, dict[str, Any]]]:
    """The generated projects whose recorded answers match."""
    for case, generated in corpus.items():
        answers = generated["answers"]
        if all(answers.get(k) == v for k, v in match.items()):
            yield case, Path(generated["path"]), answers


def first(corpus: dict[str, Any], **match: Any) -> tuple[str, Path, dict[str, Any]]:
    found = next(projects(corpus, **match), None)
    assert found, f"no generated project with {match}"
    return found


def test_the_cases_cover_every_pair_format_ci_and_site() -> None:
    pairs = {(s, d) for s, _, d in valid_matrix()}
    matrix = [a for a in CASES.values() if "style" in a]
    covered = {(a["style"], a["deployment"]) for a in matrix}
    assert covered == pairs
    for question, values in (
        ("adr_format", FORMATS),
        ("ci", entries("ci")),
        ("docs_site", SITES),
    ):
        assert {a[question] for a in CASES.values()} == set(values), question
    for style in entries("style"):
        formats = {a["adr_format"] for a in matrix if a["style"] == style}
        assert formats == set(FORMATS), f"{style} is linted in {formats} only"


# ---------------------------------------------------------------------------- markdownlint


def linter_missing() -> str:
    if not shutil.which("node"):
        return "node is not installed"
    if not MARKDOWNLINT.exists():
        return "markdownlint-cli2 is not installed in tests/lint"
    return ""


FINDING = re.compile(r"^(?P<path>.+?):(?P<line>\d+)(?::\d+)? (?:error|warning) (?P<rule>MD\d+)/")
CONTROL_BAD = "# Control\n\nText.\n\n#### Skips two levels\n"
CONTROL_LONG = "# Control\n\n" + ("A line far longer than eighty characters, " * 8).strip() + "\n"
# A strict configuration above every project: the shipped one must replace it for docs/.
PARENT_CONFIG = "default: true\nMD013:\n  line_length: 20\nMD041: true\n"


def _lint(corpus: dict[str, Any]) -> Callable[[Path], dict[str, Any]]:
    def run(work: Path) -> dict[str, Any]:
        root = work / "tree"
        root.mkdir()
        (root / ".markdownlint.yaml").write_text(PARENT_CONFIG)
        for case, generated in corpus.items():
            shutil.copytree(Path(generated["path"]) / DOCS, root / case / DOCS)
        control = root / "control" / DOCS
        control.mkdir(parents=True)
        shutil.copy(ROOT / "template" / DOCS / ".markdownlint.yaml", control)
        (control / "bad.md").write_text(CONTROL_BAD)
        (control / "long.md").write_text(CONTROL_LONG)
        done = subprocess.run(
            [str(MARKDOWNLINT), f"*/{DOCS}/**/*.md"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        found = [m.groupdict() for line in done.stderr.splitlines() if (m := FINDING.match(line))]
        linted = re.search(r"Linting: (\d+) file", done.stdout)
        return {
            "returncode": done.returncode,
            "findings": found,
            "linted": int(linted[1]) if linted else 0,
            "stderr": done.stderr[-3000:],
        }

    return run


@pytest.fixture(scope="session")
def lint(shared_root: Path, corpus: dict[str, Any]) -> dict[str, Any]:
    if reason := linter_missing():
        message = f"{reason}; install it with: {LINT_INSTALL}"
        if os.environ.get("CI"):
            pytest.fail(f"CI must lint the generated docs with markdownlint-cli2, but {message}")
        pytest.skip(message)
    return shared_across_workers(shared_root, "integrations-lint", _lint(corpus))


def test_markdownlint_finds_nothing_in_any_generated_docs(lint: dict[str, Any]) -> None:
    docs = [f for f in lint["findings"] if not f["path"].startswith("control/")]
    assert not docs, "\n".join(f"{f['path']}:{f['line']} {f['rule']}" for f in docs[:40])
    assert lint["linted"] > 20 * len(CASES), lint["stderr"]


def test_markdownlint_ran_with_the_shipped_config(lint: dict[str, Any]) -> None:
    """The control folder: a skipped heading level is found; a long line is not (MD013 is
    off in the shipped config, which replaces the stricter one above it)."""
    control = {(f["path"], f["rule"]) for f in lint["findings"] if f["path"].startswith("control/")}
    assert control == {(f"control/{DOCS}/bad.md", "MD001")}, lint["stderr"]
    assert lint["returncode"] == 1


def test_every_project_has_the_lint_config_of_the_template(corpus: dict[str, Any]) -> None:
    shipped = (ROOT / "template" / DOCS / ".markdownlint.yaml").read_text()
    assert yaml.safe_load(shipped)["MD013"] is False
    for _, path, _ in projects(corpus):
        assert (path / DOCS / ".markdownlint.yaml").read_text() == shipped
        assert not (path / ".markdownlint.yaml").exists(), "a root config would clobber the team's"


# ---------------------------------------------------------------------------- MkDocs, Backstage


class _MkDocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml with its Python tags as plain values."""


_MkDocsLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/",
    lambda loader, suffix, node: (
        {suffix: loader.construct_mapping(node, deep=True)}
        if isinstance(node, yaml.MappingNode)
        else f"{suffix}{loader.construct_scalar(node)}"  # type: ignore[arg-type]
    ),
)


def mkdocs_config(project: Path) -> dict[str, Any]:
    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsLoader)


def nav_of(config: dict[str, Any]) -> list[tuple[str, str]]:
    """(title, path) of every page of an MkDocs nav, in order."""
    pages: list[tuple[str, str]] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            ((title, value),) = item.items()
            if isinstance(value, list):
                walk(value)
            else:
                pages.append((title, value))

    walk(config["nav"])
    return pages


def markdown_files(project: Path) -> set[str]:
    return {str(p.relative_to(project / DOCS)) for p in (project / DOCS).rglob("*.md")}


def test_site_files_follow_the_docs_site_answer(corpus: dict[str, Any]) -> None:
    for case, path, answers in projects(corpus):
        site = answers["docs_site"]
        assert (path / "mkdocs.yml").exists() == (site != "none"), case
        assert (path / "catalog-info.yaml").exists() == (site == "backstage"), case


def test_nav_lists_every_generated_document(corpus: dict[str, Any]) -> None:
    """Home, the documents in the model's order, the decision records; nothing missing but
    the templates for new records, which the site keeps out of the nav."""
    for case, path, answers in projects(corpus):
        if answers["docs_site"] == "none":
            continue
        config = mkdocs_config(path)
        assert config["docs_dir"] == str(DOCS)
        pages = [p for _, p in nav_of(config)]
        assert len(pages) == len(set(pages)), case
        on_disk = markdown_files(path)
        assert set(pages) == on_disk - set(TEMPLATES_FOR_NEW_RECORDS), case
        documents = [f for k, f, *_ in DOCUMENTS if k in answers["documents"]]
        assert pages[: len(documents) + 1] == ["README.md", *documents], case
        records = pages[len(documents) + 1 :]
        assert all(re.fullmatch(r"decisions/(README|\d{4}-[a-z0-9-]+)\.md", p) for p in records)


def test_model_nav_is_home_documents_then_records() -> None:
    docs = [{"key": k, "file": f, "title": t} for k, f, t, *_ in DOCUMENTS]
    records = [(t.id, t.file, t.title) for t in topics(CATALOG)]
    nav = integrations.navigation(docs, records)
    assert nav_paths(nav) == [
        "README.md",
        *(d["file"] for d in docs),
        "decisions/README.md",
        *(f"decisions/{file}" for _, file, _ in records),
    ]
    assert [item.title for item in nav[-1].children][1] == "0001 Record architecture decisions"


def test_mermaid_superfence_is_configured(corpus: dict[str, Any]) -> None:
    for _, path, _ in projects(corpus):
        if not (path / "mkdocs.yml").exists():
            continue
        extensions = mkdocs_config(path)["markdown_extensions"]
        fences = next(e for e in extensions if isinstance(e, dict) and "pymdownx.superfences" in e)
        (fence,) = fences["pymdownx.superfences"]["custom_fences"]
        assert fence["name"] == fence["class"] == "mermaid"
        assert fence["format"] == "name:pymdownx.superfences.fence_code_format"


def html_of(page: str) -> str:
    """Where MkDocs writes a page (README.md is the folder's index)."""
    stem = page.removesuffix(".md")
    if stem == "README" or stem.endswith("/README"):
        return stem.removesuffix("README") + "index.html"
    return f"{stem}/index.html"


def mkdocs_missing(site: str) -> str:
    needed = ["mkdocs", "material"] + (["techdocs_core"] if site == "backstage" else [])
    missing = [m for m in needed if importlib.util.find_spec(m) is None]
    return f"the Python packages {', '.join(missing)} are not installed" if missing else ""


@pytest.mark.parametrize(
    ("site", "case"), [("mkdocs", "hostile-mkdocs"), ("backstage", "hostile-backstage")]
)
def test_site_builds_with_mkdocs_strict(
    site: str, case: str, corpus: dict[str, Any], tmp_path: Path
) -> None:
    if reason := mkdocs_missing(site):
        message = f"{reason}; install them with: pip install -e '.[test]'"
        if os.environ.get("CI"):
            pytest.fail(f"CI must build the {site} site, but {message}")
        pytest.skip(message)
    project = Path(corpus[case]["path"])
    answers = corpus[case]["answers"]
    assert answers["docs_site"] == site
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    site_dir = tmp_path / "site"
    for _, page in nav_of(mkdocs_config(project)):
        assert (site_dir / html_of(page)).is_file(), page
    design = (site_dir / "design" / "index.html").read_text(encoding="utf-8")
    assert '<pre class="mermaid"><code>' in design
    assert "```mermaid" not in design
    title = mkdocs_config(project)["site_name"]
    assert title == f"Architecture of {answers['project_name']}"


def test_backstage_entity(corpus: dict[str, Any]) -> None:
    seen_formats = set()
    for case, path, answers in projects(corpus, docs_site="backstage"):
        entity = yaml.safe_load((path / "catalog-info.yaml").read_text(encoding="utf-8"))
        meta, annotations = entity["metadata"], entity["metadata"]["annotations"]
        assert entity["kind"] == "Component" and entity["apiVersion"] == "backstage.io/v1alpha1"
        assert BACKSTAGE_NAME.match(meta["name"]) and len(meta["name"]) <= 63, case
        assert meta["name"] == slugify(answers["project_name"], 63), case
        assert meta["title"] == answers["project_name"]
        assert meta["description"] == answers["description"]
        owner = backstage_name(answers["owner_team"], integrations.OWNER_FALLBACK)
        assert entity["spec"]["owner"] == f"group:{owner}"
        assert annotations["backstage.io/techdocs-ref"] == "dir:."
        assert (path / "mkdocs.yml").is_file()
        seen_formats.add(answers["adr_format"])
        if answers["adr_format"] == "madr":
            folder = path / annotations["backstage.io/adr-location"]
            files = {p.name for p in folder.iterdir() if p.is_file()}
            records = {f for f in files if re.match(r"^\d{4}-.+\.md$", f)}
            assert records == {t.file for t in topics(CATALOG)}, case
            assert files - records == {"README.md", "template.md"}, case
            for record in records:
                text = (folder / record).read_text(encoding="utf-8")
                assert text.startswith("---\nstatus: "), record
        else:
            assert "backstage.io/adr-location" not in annotations, case
    assert seen_formats == set(FORMATS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My Service", "my-service"),
        ("CON", "con-x"),
        ("x" * 80, "x" * 63),
        ("a" * 62 + " b", "a" * 62),
        ("🚀🚀", "fallback"),
        ("Zürich -- ops.team_1", "zurich-ops-team-1"),
    ],
)
def test_backstage_names_are_valid(text: str, expected: str) -> None:
    name = backstage_name(text, "fallback")
    assert name == expected
    assert BACKSTAGE_NAME.match(name) and len(name) <= 63


# ---------------------------------------------------------------------------- lint kit and CI


def test_ci_files_are_the_documented_ones() -> None:
    assert integrations.CI_FILES == CI_FILES
    assert set(CI_FILES) == set(entries("ci"))


def test_pins_agree_with_the_tests_lint_package() -> None:
    package = json.loads((LINT_DIR / "package.json").read_text())
    lock = json.loads((LINT_DIR / "package-lock.json").read_text())
    version = integrations.MARKDOWNLINT_CLI2
    assert package["dependencies"]["markdownlint-cli2"] == version
    assert lock["packages"]["node_modules/markdownlint-cli2"]["version"] == version
    assert (ROOT / ".gitignore").read_text().count("node_modules/") == 1
    pyproject = (ROOT / "pyproject.toml").read_text()
    major = integrations.PRE_COMMIT_HOOKS.split(".")[0]
    assert f'"pre-commit-hooks>={major}.' in pyproject


def test_pre_commit_config(corpus: dict[str, Any]) -> None:
    _, path, answers = first(corpus)
    ci_path = CI_FILES[answers["ci"]]
    config = yaml.safe_load((path / ".pre-commit-config.yaml").read_text())
    repos = {r["repo"]: r for r in config["repos"]}
    lint = repos["https://github.com/DavidAnson/markdownlint-cli2"]
    hooks = repos["https://github.com/pre-commit/pre-commit-hooks"]
    assert lint["rev"] == f"v{integrations.MARKDOWNLINT_CLI2}"
    assert lint["hooks"] == [{"id": "markdownlint-cli2", "files": f"^{DOCS}/"}]
    assert hooks["rev"] == f"v{integrations.PRE_COMMIT_HOOKS}"
    (conflicts,) = hooks["hooks"]
    assert conflicts["id"] == "check-merge-conflict"
    assert conflicts["args"] == ["--assume-in-merge"]
    scope = re.compile(conflicts["files"])
    managed = [f"{DOCS}/overview.md", f"{DOCS}/decisions/0002-architecture-style.md", ci_path]
    assert all(scope.search(f) for f in managed)
    others = ["README.rst", ".github/workflows/ci.yml", f"x/{DOCS}/a.md", f"{ci_path}.bak"]
    assert not any(scope.search(f) for f in others)


def ci_file(corpus: dict[str, Any], ci: str) -> tuple[Path, str]:
    _, path, _ = first(corpus, ci=ci)
    for other, name in CI_FILES.items():
        assert (path / name).exists() == (other == ci), (ci, name)
    return path, (path / CI_FILES[ci]).read_text(encoding="utf-8")


LINT_COMMAND = (
    f'npx --yes markdownlint-cli2@{integrations.MARKDOWNLINT_CLI2} "{integrations.LINT_GLOB}"'
)


def conflict_command(ci: str) -> str:
    """The files `copier update` keeps up to date: the docs and the job file itself."""
    files = f"git ls-files -z -- {DOCS} {CI_FILES[ci]}"
    return f"{files} | xargs -0 check-merge-conflict --assume-in-merge"


UPDATE_COMMAND = f"copier check-update --answers-file {ANSWERS_FILE}"


def test_github_actions_job(corpus: dict[str, Any]) -> None:
    _, text = ci_file(corpus, "github_actions")
    jobs = yaml.safe_load(text)["jobs"]
    runs = {name: [s.get("run", "") for s in job["steps"]] for name, job in jobs.items()}
    assert LINT_COMMAND in runs["lint"]
    assert conflict_command("github_actions") in runs["conflicts"]
    assert any(UPDATE_COMMAND in r for r in runs["template-update"])
    assert jobs["template-update"]["continue-on-error"] is True
    assert not any(
        job.get("continue-on-error") for n, job in jobs.items() if n != "template-update"
    )


def test_gitlab_ci_job(corpus: dict[str, Any]) -> None:
    path, text = ci_file(corpus, "gitlab_ci")
    jobs = yaml.safe_load(text)
    assert jobs["architecture-docs:lint"]["script"] == [LINT_COMMAND]
    assert conflict_command("gitlab_ci") in jobs["architecture-docs:conflicts"]["script"]
    update = jobs["architecture-docs:template-update"]
    assert update["allow_failure"] is True
    assert any(UPDATE_COMMAND in line for line in update["script"])
    included = yaml.safe_load((path / ".gitlab-ci.yml").read_text())["include"]
    assert included == [{"local": CI_FILES["gitlab_ci"]}]


def test_azure_pipelines_job(corpus: dict[str, Any]) -> None:
    _, text = ci_file(corpus, "azure_pipelines")
    steps = yaml.safe_load(text)["steps"]
    scripts = [s for s in steps if "script" in s]
    assert scripts[0]["script"] == LINT_COMMAND
    assert conflict_command("azure_pipelines") in scripts[1]["script"]
    assert UPDATE_COMMAND in scripts[2]["script"] and scripts[2]["continueOnError"] is True
    assert not any(s.get("continueOnError") for s in scripts[:2])


def test_jenkins_pipeline(corpus: dict[str, Any]) -> None:
    _, text = ci_file(corpus, "jenkins")
    assert LINT_COMMAND in text
    assert f"git ls-files -z -- {DOCS} {CI_FILES['jenkins']} | xargs -0" in text
    assert 'check-merge-conflict" --assume-in-merge' in text
    assert f"check-update --answers-file {ANSWERS_FILE}" in text
    stages = re.findall(r"stage\('([^']+)'\)", text)
    assert stages == ["Markdown lint", "No conflict markers", "Template release check"]
    update = text.split("stage('Template release check')")[1]
    assert "catchError(buildResult: 'SUCCESS', stageResult: 'UNSTABLE')" in update
    assert text.count("{") == text.count("}")


CONFLICT = (
    "<<<<<<< before updating\n- pagination, compression. Brotli for text.\n=======\n"
    "- pagination, ETags and compression.\n>>>>>>> after updating\n"
)


def _commit_all(project: Path) -> None:
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x")


# How each CI system runs a script: GitHub `bash -e`, GitLab `set -eo pipefail`, Azure plain.
SHELL_FLAGS = {"github_actions": "-e", "gitlab_ci": "-eo pipefail", "azure_pipelines": ""}


def run_shell(script: str, cwd: Path, ci: str = "gitlab_ci") -> subprocess.CompletedProcess[str]:
    """A CI step's script, run as that CI system runs it, less its install lines (the test
    environment has the tools)."""
    lines = [
        line
        for line in script.splitlines()
        if not line.strip().startswith(("python -m pip install", "npx "))
    ]
    return subprocess.run(
        ["bash", *SHELL_FLAGS[ci].split(), "-c", "\n".join(lines)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"},
        check=False,
    )


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project copied from release v1.0.0 of a template that has since released v1.1.0."""
    base = tmp_path_factory.mktemp("released")
    template = make_template_repo(base / "template", "v1.0.0")
    project = run_copy(template, base / "project", ci="github_actions")
    git(project, "init", "-q", "-b", "main")
    _commit_all(project)
    git(
        template,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "fix",
    )
    git(template, "tag", "v1.1.0")
    return template, project


def test_ci_conflict_step_fails_only_on_a_marker(released: tuple[Path, Path]) -> None:
    """The step of the CI files, run as Azure runs it (no `set -e`): a marker in the docs fails
    it, a line of seven `=` in a team's own file does not; --assume-in-merge is what makes
    the hook check outside a git merge, where Copier's inline conflicts are."""
    _, project = released
    command = conflict_command("github_actions")
    team_file = project / "guide.rst"
    team_file.write_text("Guide\n=======\n")
    git(project, "add", "guide.rst")
    assert run_shell(command, project, "azure_pipelines").returncode == 0
    doc = project / DOCS / "overview.md"
    original = doc.read_text()
    try:
        doc.write_text(original + "\n" + CONFLICT)
        done = run_shell(command, project, "azure_pipelines")
        assert done.returncode != 0, "xargs exits 123 when the hook fails"
        assert f"{DOCS}/overview.md" in done.stdout and "<<<<<<<" in done.stdout
        assert "guide.rst" not in done.stdout
        hook = str(BIN / "check-merge-conflict")
        plain = subprocess.run([hook, str(doc)], capture_output=True, check=False)
        assert plain.returncode == 0, "without --assume-in-merge the hook checks nothing here"
    finally:
        doc.write_text(original)
        git(project, "rm", "-q", "--cached", "guide.rst")
        team_file.unlink()


def test_ci_update_steps_report_a_newer_release(
    released: tuple[Path, Path], corpus: dict[str, Any]
) -> None:
    """The shipped scripts themselves, run in the project: a newer release is reported, and
    never as a failure of the checks (GitHub: notice; GitLab, Azure: exit 2, allowed)."""
    _, project = released
    workflow = yaml.safe_load((project / CI_FILES["github_actions"]).read_text())
    (step,) = [
        s
        for s in workflow["jobs"]["template-update"]["steps"]
        if UPDATE_COMMAND in s.get("run", "")
    ]
    done = run_shell(step["run"], project, "github_actions")
    assert done.returncode == 0, done.stderr
    assert "::notice title=Architecture docs template::" in done.stdout
    assert "latest version is 1.1.0" in done.stdout

    _, gitlab = ci_file(corpus, "gitlab_ci")
    script = yaml.safe_load(gitlab)["architecture-docs:template-update"]["script"]
    done = run_shell("\n".join(script), project)
    assert done.returncode == 2 and "latest version is 1.1.0" in done.stdout, done.stderr

    _, azure = ci_file(corpus, "azure_pipelines")
    (step,) = [s for s in yaml.safe_load(azure)["steps"] if UPDATE_COMMAND in s.get("script", "")]
    done = run_shell(step["script"], project, "azure_pipelines")
    assert done.returncode == 2, done.stderr
    assert "##vso[task.logissue type=warning]Current version is 1.0.0" in done.stdout


def test_ci_update_step_fails_softly_when_the_template_is_unreachable(
    released: tuple[Path, Path], corpus: dict[str, Any], tmp_path: Path
) -> None:
    """No template to read: the step fails (a warning state), never silently passes, and its
    job is the one allowed to fail."""
    template, project = released
    workflow = yaml.safe_load((project / CI_FILES["github_actions"]).read_text())
    job = workflow["jobs"]["template-update"]
    (github,) = [s["run"] for s in job["steps"] if UPDATE_COMMAND in s.get("run", "")]
    _, azure_file = ci_file(corpus, "azure_pipelines")
    (azure,) = [
        s["script"]
        for s in yaml.safe_load(azure_file)["steps"]
        if UPDATE_COMMAND in s.get("script", "")
    ]
    moved = tmp_path / "moved"
    template.rename(moved)
    try:
        assert run_shell(github, project, "github_actions").returncode != 0
        assert run_shell(azure, project, "azure_pipelines").returncode != 0
        assert job["continue-on-error"] is True
    finally:
        moved.rename(template)


# ---------------------------------------------------------------------------- merge or skip


TEAM_FILES = {
    "mkdocs.yml": "site_name: Our handbook\n",
    "catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\n",
    ".pre-commit-config.yaml": "repos: []\n",
    ".gitlab-ci.yml": "stages: [build]\n",
    ".markdownlint.yaml": "default: false\n",
    ".github/workflows/ci.yml": "name: ci\n",
    "azure-pipelines.yml": "steps: []\n",
    "Jenkinsfile": "pipeline {}\n",
}


@pytest.mark.parametrize("ci", ["gitlab_ci", "github_actions"])
def test_a_repository_keeps_its_own_tool_files(
    ci: str, template_repo: Path, tmp_path: Path
) -> None:
    project = tmp_path / "repo"
    for name, text in TEAM_FILES.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    run_copy(template_repo, project, ci=ci, docs_site="backstage")
    for name, text in TEAM_FILES.items():
        assert (project / name).read_text() == text, f"{name} was overwritten"
    assert (project / CI_FILES[ci]).is_file()
    assert (project / DOCS / ".markdownlint.yaml").is_file()
    assert set(CREATED_ONCE) <= set(TEAM_FILES)


def test_created_once_files_are_skip_if_exists() -> None:
    config = yaml.safe_load((ROOT / "copier.yml").read_text())
    assert set(CREATED_ONCE) <= set(config["_skip_if_exists"])
    for name in CI_FILES.values():
        assert name not in config["_skip_if_exists"], f"{name} is ours: it is kept up to date"


# ---------------------------------------------------------------------------- org defaults


def test_org_data_file_and_settings_defaults_are_honoured_and_recorded(
    template_repo: Path, tmp_path: Path
) -> None:
    """What a platform team sets up: Copier settings with org defaults and the template
    trusted (no --trust), and an org data file; the data file wins over the settings, an
    explicit --data over both, and every value is recorded for later updates."""
    settings = tmp_path / "settings.yml"
    settings.write_text(
        yaml.safe_dump(
            {
                "trust": [str(template_repo)],
                "defaults": {
                    "owner_team": "Platform Guild",
                    "cloud": "gcp",
                    "adr_format": "nygard",
                    "decision_date": "2026-02-03",
                },
            }
        )
    )
    org = tmp_path / "org.yml"
    org.write_text(
        yaml.safe_dump(
            {
                "cloud": "azure",
                "ci": "azure_pipelines",
                "docs_site": "backstage",
                "compliance": ["gdpr"],
                "observability": "datadog",
            }
        )
    )
    project = tmp_path / "project"
    done = subprocess.run(
        [
            str(BIN / "copier"),
            "copy",
            "--defaults",
            "--quiet",
            "--vcs-ref",
            "HEAD",
            "--data-file",
            str(org),
            "--data",
            "observability=elk",
            str(template_repo),
            str(project),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COPIER_SETTINGS_PATH": str(settings)},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answers = load_answers(project)
    assert answers["owner_team"] == "Platform Guild"  # settings defaults
    assert answers["adr_format"] == "nygard"
    assert answers["decision_date"] == "2026-02-03"
    assert answers["cloud"] == "azure"  # the data file over the settings
    assert answers["ci"] == "azure_pipelines" and answers["compliance"] == ["gdpr"]
    assert answers["observability"] == "elk"  # --data over the data file
    entity = yaml.safe_load((project / "catalog-info.yaml").read_text())
    assert entity["spec"]["owner"] == "group:platform-guild"
    assert (project / CI_FILES["azure_pipelines"]).is_file()
    assert "Microsoft Azure" in (project / DOCS / "README.md").read_text()


# ---------------------------------------------------------------------------- the dogfood


def test_dogfood_is_what_the_template_writes_today() -> None:
    """docs/architecture/ of this repository, regenerated: any difference fails."""
    differences = load_script("dogfood").differences()
    assert not differences, (
        "docs/architecture/ is stale; regenerate it with "
        ".venv/bin/python scripts/dogfood.py --write\n" + "\n".join(differences)[:4000]
    )


def test_dogfood_answers_describe_this_repository() -> None:
    dogfood = load_script("dogfood")
    parts = {name.split("/")[0] for name in dogfood.template_files()}
    assert set(TEMPLATE_PARTS) <= parts
    assert not parts & {"docs", "tests", ".venv", ".git", ANSWERS_FILE}
    recorded = yaml.safe_load((ROOT / ANSWERS_FILE).read_text())
    assert not {"_src_path", "_commit"} & set(recorded)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", recorded["decision_date"])
    assert recorded["project_name"] == "copier-archdocs"
    assert (recorded["backend_language"], recorded["frontend"], recorded["ci"]) == (
        "python",
        "none",
        "github_actions",
    )
    assert (recorded["datastore"], recorded["cache"], recorded["broker"]) == ("none",) * 3
