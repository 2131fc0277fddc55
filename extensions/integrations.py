"""What the generated repository needs to work with the tools teams already use.

The docs site (MkDocs Material, Backstage TechDocs), the Markdown lint kit (markdownlint-cli2
with its per-folder configuration, pre-commit) and the docs CI job of each CI system all read
this one structure, the model's `integrations` key: the site's navigation (from the model's
document list and the decision records), the Backstage entity and owner names, and the pinned
tool versions that every generated file shares with the template's own tests.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .questions import slugify

# Pinned once: the generated pre-commit config, every CI job and tests/lint/package.json use
# these (tests/test_integrations.py checks that they agree).
MARKDOWNLINT_CLI2 = "0.22.1"
PRE_COMMIT_HOOKS = "6.0.0"
NODE = "22"
PYTHON = "3.12"
COPIER = ">=9.16.0,<10"

DOCS_DIR = "docs/architecture"
LINT_GLOB = f"{DOCS_DIR}/**/*.md"
LINT_CONFIG = f"{DOCS_DIR}/.markdownlint.yaml"
DECISIONS = "decisions"
# The docs CI job of each CI system, in a file of its own name.
CI_FILES = {
    "github_actions": ".github/workflows/architecture-docs.yml",
    "gitlab_ci": ".gitlab/ci/architecture-docs.yml",
    "azure_pipelines": ".azure-pipelines/architecture-docs.yml",
    "jenkins": ".jenkins/architecture-docs.Jenkinsfile",
}
# Backstage: "a string of length at least 1 and at most 63, sequences of [a-zA-Z0-9]
# separated by any of [-_.]".
BACKSTAGE_NAME = re.compile(r"^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$")
BACKSTAGE_NAME_MAX = 63
OWNER_FALLBACK = "todo-owner-group"


def backstage_name(text: str, fallback: str) -> str:
    """A valid Backstage entity name for any text (its slug, cut to 63 characters)."""
    name = slugify(text, max_length=BACKSTAGE_NAME_MAX) or fallback
    if not BACKSTAGE_NAME.match(name) or len(name) > BACKSTAGE_NAME_MAX:
        raise ValueError(f"{text!r} gives {name!r}, which is not a valid Backstage name")
    return name


@dataclass(frozen=True)
class NavItem:
    """One entry of the MkDocs navigation: a page, or a section of pages."""

    title: str
    path: str = ""
    children: tuple[NavItem, ...] = field(default_factory=tuple)

    @property
    def is_section(self) -> bool:
        return bool(self.children)


def navigation(
    documents: Sequence[Mapping[str, Any]], records: Sequence[tuple[str, str, str]]
) -> tuple[NavItem, ...]:
    """Home, every generated document in the model's order, then the decision records.

    `documents` are the model's `documents` (key, file, title); `records` are (number, file,
    title) of every decision record. Paths are relative to docs/architecture (docs_dir)."""
    pages = [NavItem("Home", "README.md")]
    pages.extend(NavItem(str(d["title"]), str(d["file"])) for d in documents)
    decisions = [NavItem("Decision records", f"{DECISIONS}/README.md")]
    decisions.extend(
        NavItem(f"{number} {title}", f"{DECISIONS}/{file}") for number, file, title in records
    )
    pages.append(NavItem("Decision records", children=tuple(decisions)))
    return tuple(pages)


def nav_paths(items: Sequence[NavItem]) -> list[str]:
    """Every page path of a navigation, in order."""
    paths: list[str] = []
    for item in items:
        paths.extend(nav_paths(item.children) if item.is_section else [item.path])
    return paths


def build_integrations(
    answers: Mapping[str, Any],
    documents: Sequence[Mapping[str, Any]],
    records: Sequence[tuple[str, str, str]],
) -> dict[str, Any]:
    """The model's `integrations` key."""
    name = str(answers["project_name"])
    team = str(answers["owner_team"])
    ci_file = CI_FILES[str(answers["ci"])]
    return {
        "site_name": f"Architecture of {name}",
        "nav": navigation(documents, records),
        "entity_name": backstage_name(name, "system"),
        "owner_ref": f"group:{backstage_name(team, OWNER_FALLBACK)}",
        "docs_dir": DOCS_DIR,
        "decisions_dir": f"{DOCS_DIR}/{DECISIONS}",
        "lint_glob": LINT_GLOB,
        "lint_config": LINT_CONFIG,
        "ci_file": ci_file,
        # What `copier update` can write conflict markers into: the files it keeps up to date
        # (the created-once files never change, the answers file is Copier's own).
        "conflict_paths": [DOCS_DIR, ci_file],
        "conflict_files_regex": f"^({re.escape(DOCS_DIR)}/|{re.escape(ci_file)}$)",
        "versions": {
            "markdownlint_cli2": MARKDOWNLINT_CLI2,
            "pre_commit_hooks": PRE_COMMIT_HOOKS,
            "node": NODE,
            "python": PYTHON,
            "copier": COPIER,
        },
    }
