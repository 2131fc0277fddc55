"""The catalog's schema (extensions/schema.py): every catalog file matches it, and a bad edit
is refused when loaded, with one line per problem naming the file, the entry and the field."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CATALOG, ROOT

from extensions import schema
from extensions.catalog import (
    CATALOG_DIR,
    QUESTIONS,
    check_catalog,
    load_catalog,
    load_yaml,
    term_pattern,
)
from extensions.schema import CatalogError

Edit = Callable[[dict[str, Any]], None]
FIELDS_OF_A_DATASTORE = (
    "label, summary, strengths, tradeoffs, alternatives, rationale, confirmation, terms, "
    "requires, requires_why, services, kind, schema_style, consistency, scaling, backup, "
    "migrations, indexing"
)


def test_every_catalog_file_has_a_model_and_matches_it() -> None:
    files = {path.stem for path in CATALOG_DIR.glob("*.yaml")}
    assert files == {*QUESTIONS, "checklist", "rollout"}
    assert schema.check_catalog_files(CATALOG, CATALOG_DIR) == []
    for kind in ("checklist", "rollout"):
        path = CATALOG_DIR / f"{kind}.yaml"
        assert schema.check_file(kind, load_yaml(path), path) == []


def test_the_models_document_every_field() -> None:
    """The models replace the prose schema: every model and file says what it holds."""
    for question, model in schema.FILES.items():
        assert question in (model.__doc__ or "")
        entry = schema.ENTRIES[question]
        assert set(entry.model_fields) >= set(schema.Option.model_fields)
    for name, field in schema.Option.model_fields.items():
        assert field.description, name


def broken_catalog(tmp_path: Path, question: str, edit: Edit) -> Path:
    """A copy of the catalog in tmp_path/extensions/catalog with one file edited."""
    directory = tmp_path / "extensions" / "catalog"
    shutil.copytree(CATALOG_DIR, directory)
    data = copy.deepcopy(CATALOG[question])
    edit(data)
    (directory / f"{question}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return directory


def postgresql(change: Callable[[dict[str, Any]], object]) -> Edit:
    return lambda data: change(data["entries"]["postgresql"]) and None


BROKEN: list[tuple[str, str, Edit, list[str]]] = [
    (
        "unknown field",
        "datastore",
        postgresql(lambda e: e.update(colour="blue")),
        [f"entries.postgresql.colour: unknown field; accepted: {FIELDS_OF_A_DATASTORE}"],
    ),
    (
        "missing field",
        "datastore",
        postgresql(lambda e: e.pop("summary")),
        [f"entries.postgresql.summary: missing (required); accepted: {FIELDS_OF_A_DATASTORE}"],
    ),
    (
        "wrong type",
        "datastore",
        postgresql(lambda e: e.update(strengths="Fast")),
        ["entries.postgresql.strengths: Input should be a valid list, got 'Fast'"],
    ),
    (
        "too long label",
        "datastore",
        postgresql(lambda e: e.update(label="P" * 61)),
        ["entries.postgresql.label: String should have at most 60 characters (it has 61)"],
    ),
    (
        "too few strengths",
        "datastore",
        postgresql(lambda e: e.update(strengths=e["strengths"][:2])),
        ["entries.postgresql.strengths: List should have at least 3 items after validation, not 2"],
    ),
    (
        "requires a later question",
        "datastore",
        postgresql(lambda e: e.update(requires={"broker": ["kafka"]})),
        ["entries.postgresql.requires.broker: 'broker' is not asked before 'datastore'"],
    ),
    (
        "requires a value that does not exist",
        "datastore",
        postgresql(lambda e: e.update(requires={"cloud": ["aws", "mars"]})),
        ["entries.postgresql.requires.cloud: 'mars' is not a cloud value"],
    ),
    (
        "unknown cloud",
        "datastore",
        postgresql(lambda e: e["services"].update(azur="Azure Database")),
        [
            "entries.postgresql.services.azur: Input should be 'aws', 'azure', 'gcp' or "
            "'onprem', got 'azur'"
        ],
    ),
    (
        "alternative that is not another entry",
        "datastore",
        postgresql(lambda e: e.update(alternatives=["mysql", "postgresql"])),
        ["entries.postgresql.alternatives[1]: 'postgresql' is not another entry"],
    ),
    (
        "only none may be empty",
        "datastore",
        postgresql(lambda e: e.update(consistency="")),
        ["entries.postgresql.consistency: empty: only the none entry may leave it empty"],
    ),
    (
        "Markdown in text",
        "datastore",
        postgresql(lambda e: e.update(summary="A `relational` database")),
        ["entries.postgresql.summary: plain text only: no Markdown, no '|', no Jinja"],
    ),
    (
        "default framework not offered",
        "backend_language",
        lambda data: data["entries"]["python"].update(default_framework="rails"),
        ["entries.python: default_framework 'rails' is not one of frameworks"],
    ),
    (
        "reference into another file",
        "cloud",
        lambda data: data["entries"]["aws"]["defaults"].update(broker="zeromq"),
        ["entries.aws.defaults.broker: 'zeromq' is not a broker entry"],
    ),
    (
        "per-cloud value of the wrong type",
        "deployment",
        lambda data: data["entries"]["kubernetes"].update(config_lang={"aws": 3}),
        ["entries.kubernetes.config_lang.aws: Input should be a valid string, got 3"],
    ),
]


@pytest.mark.parametrize(
    ("question", "edit", "expected"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_a_bad_edit_is_refused_when_loaded_naming_file_entry_and_field(
    tmp_path: Path, question: str, edit: Edit, expected: list[str]
) -> None:
    directory = broken_catalog(tmp_path, question, edit)
    with pytest.raises(CatalogError) as info:
        load_catalog(directory)
    lines = [f"extensions/catalog/{question}.yaml: {line}" for line in expected]
    assert info.value.problems == lines
    assert str(info.value).splitlines()[1:] == lines
    edited = yaml.safe_load((directory / f"{question}.yaml").read_text(encoding="utf-8"))
    assert check_catalog({**CATALOG, question: edited}) == lines


def test_the_command_prints_the_problems_and_fails(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "extensions", tmp_path / "extensions")
    directory = broken_catalog(
        tmp_path / "edited", "datastore", postgresql(lambda e: e.pop("kind"))
    )
    shutil.copy(directory / "datastore.yaml", tmp_path / "extensions/catalog/datastore.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "extensions.catalog"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        "extensions/catalog/datastore.yaml: entries.postgresql.kind: missing (required); "
        f"accepted: {FIELDS_OF_A_DATASTORE}",
        "1 problem(s)",
    ]
    good = subprocess.run(
        [sys.executable, "-m", "extensions.catalog"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (good.returncode, good.stdout) == (0, "0 problem(s)\n")


def test_a_bad_rollout_file_is_refused_when_loaded(tmp_path: Path) -> None:
    from extensions.catalog import load_checked

    path = tmp_path / "extensions" / "catalog" / "rollout.yaml"
    path.parent.mkdir(parents=True)
    data = copy.deepcopy(load_yaml(CATALOG_DIR / "rollout.yaml"))
    data["strategies"]["canary"]["needs_flags"] = "no"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_checked(path, "rollout")
    assert info.value.problems == [
        "extensions/catalog/rollout.yaml: strategies.canary.needs_flags: "
        "Input should be a valid boolean, got 'no'"
    ]


def test_the_writing_rule_names_the_file_and_entry() -> None:
    """Text about an option names no other option of its file (run by the command only)."""
    bad = copy.deepcopy(CATALOG)
    entry = bad["datastore"]["entries"]["postgresql"]
    entry["summary"] = entry["summary"] + " It is faster than MySQL"
    assert set(check_catalog(bad)) == {  # once for the label, once for the same term
        "extensions/catalog/datastore.yaml: entries.postgresql: names another option "
        f"'{term_pattern('MySQL').pattern}'"
    }
