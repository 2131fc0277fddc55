"""The questionnaire: help and defaults everywhere, validators with specific messages."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ANSWERS_FILE, CATALOG, QUESTIONS, ROOT, load_answers, run_copy
from update_support import copier_cli

from extensions.questions import NUMBER_TYPES, number_type

COPIER_YML = yaml.safe_load((ROOT / "copier.yml").read_text(encoding="utf-8"))
QUESTION_NAMES = [k for k in COPIER_YML if not k.startswith("_")]


def test_every_question_has_help_and_a_default() -> None:
    for name in QUESTION_NAMES:
        spec = COPIER_YML[name]
        assert spec.get("help"), name
        assert "default" in spec, name


def test_catalog_questions_take_their_choices_from_the_catalog() -> None:
    for question in QUESTIONS:
        assert COPIER_YML[question]["choices"] == f"{{{{ archdocs_choices('{question}') }}}}"
    order = [q for q in QUESTION_NAMES if q in QUESTIONS]
    assert order == list(QUESTIONS), "copier.yml asks in the catalog's order"


def test_catalog_is_consistent() -> None:
    from extensions.catalog import check_catalog

    assert check_catalog(CATALOG) == []


def copy_error(template_repo: Path, tmp_path: Path, **answers: Any) -> str:
    with pytest.raises(Exception) as info:
        run_copy(template_repo, tmp_path / "bad", **answers)
    return str(info.value)


BAD_ANSWERS = [
    ({"project_name": ""}, "project_name", "1 to 80 characters"),
    ({"project_name": "x" * 81}, "project_name", "81 characters"),
    ({"project_name": "two\nlines"}, "project_name", "line break"),
    ({"project_name": "!!!"}, "project_name", "ASCII letter or digit"),
    ({"description": ""}, "description", "1 to 300 characters"),
    ({"owner_team": " team"}, "owner_team", "spaces"),
    ({"decision_date": "26/11/2026"}, "decision_date", "YYYY-MM-DD"),
    ({"capabilities": "a, A"}, "capabilities", "same name"),
    ({"capabilities": ",".join(f"d{i}" for i in range(13))}, "capabilities", "1 to 12"),
    ({"availability": 100}, "availability", "from 90.0 to 99.999"),
    ({"availability": 42}, "availability", "from 90.0 to 99.999"),
    ({"latency_p95_ms": 0}, "latency_p95_ms", "1 to 60000"),
    ({"latency_p95_ms": "fast"}, "latency_p95_ms", "whole number from 1 to 60000 milliseconds"),
    ({"rto_minutes": 1.5}, "rto_minutes", "whole number from 1 to 43200 minutes"),
    ({"availability": "high"}, "availability", "percentage from 90.0 to 99.999"),
    ({"rto_minutes": 100000}, "rto_minutes", "1 to 43200"),
    ({"rpo_minutes": -1}, "rpo_minutes", "0 to 43200"),
    ({"style": "spaghetti"}, "style", "'spaghetti' is not in"),
    ({"api_styles": []}, "api_styles", "at least one"),
    ({"documents": []}, "documents", "at least one"),
]


@pytest.mark.parametrize(("answers", "question", "accepted"), BAD_ANSWERS)
def test_bad_answer_names_question_and_what_is_accepted(
    answers: dict[str, Any], question: str, accepted: str, template_repo: Path, tmp_path: Path
) -> None:
    message = copy_error(template_repo, tmp_path, **answers)
    assert f"'{question}'" in message
    assert accepted in message


IMPOSSIBLE = [
    ({"cloud": "azure", "datastore": "dynamodb"}, "datastore", "Cosmos DB"),
    ({"cloud": "aws", "datastore": "cosmosdb"}, "datastore", "DynamoDB"),
    ({"cloud": "onprem", "observability": "cloud_native"}, "observability", "Datadog"),
    (
        {"cloud": "onprem", "deployment": "serverless", "style": "microservices"},
        "deployment",
        "Kubernetes",
    ),
    ({"style": "serverless", "deployment": "kubernetes"}, "deployment", "Serverless"),
    ({"style": "event_driven", "broker": "none"}, "broker", "Kafka"),
    ({"cloud": "gcp", "broker": "sqs_sns"}, "broker", "Google Cloud Pub/Sub"),
    ({"broker": "none", "api_styles": ["rest", "events"]}, "api_styles", "broker"),
    ({"backend_language": "go", "backend_framework": "django"}, "backend_framework", "Gin"),
]


@pytest.mark.parametrize(("answers", "question", "suggested"), IMPOSSIBLE)
def test_impossible_combination_is_refused_with_what_fits(
    answers: dict[str, Any], question: str, suggested: str, template_repo: Path, tmp_path: Path
) -> None:
    message = copy_error(template_repo, tmp_path, **answers)
    assert f"Invalid choice for '{question}'" in message
    assert "choose one of" in message
    assert suggested in message


def test_follow_up_framework_default_fits_the_language(template_repo: Path, tmp_path: Path):
    from conftest import load_answers

    for language in ("go", "rust", "csharp"):
        project = run_copy(template_repo, tmp_path / language, backend_language=language)
        answers = load_answers(project)
        default = CATALOG["backend_language"]["entries"][language]["default_framework"]
        assert answers["backend_framework"] == default


def test_idp_is_asked_only_for_openid_connect(template_repo: Path, tmp_path: Path) -> None:
    from conftest import load_answers

    project = run_copy(template_repo, tmp_path / "keys", auth="api_keys")
    assert "idp" not in load_answers(project)
    project = run_copy(template_repo, tmp_path / "oidc", auth="oidc", cloud="azure")
    assert load_answers(project)["idp"] == "entra_id"


def test_guide_lists_every_question_and_choice() -> None:
    # the system's questions on the questionnaire page, a feature's on the feature page
    pages = ("questionnaire.md", "features.md")
    guide = "".join((ROOT / "docs" / "guide" / p).read_text(encoding="utf-8") for p in pages)
    for name in QUESTION_NAMES:
        if COPIER_YML[name].get("when") is not False:
            assert f"`{name}`" in guide, name
    for question in QUESTIONS:
        for key in CATALOG[question]["entries"]:
            assert f"`{key}`: " in guide, f"{question}={key}"


def test_number_questions_are_typed_unless_the_answer_is_no_number() -> None:
    for question, kind in NUMBER_TYPES.items():
        assert COPIER_YML[question]["type"] == f"{{{{ archdocs_type('{question}') }}}}"
        assert number_type(question, {}) == kind
        assert number_type(question, {question: COPIER_YML[question]["default"]}) == kind
        assert number_type(question, {question: "abc"}) == "yaml"
        assert number_type(question, {question: True}) == "yaml"
    assert number_type("availability", {"availability": "99.95"}) == "float"
    assert number_type("availability", {"availability": 99}) == "float"
    assert number_type("rto_minutes", {"rto_minutes": "30"}) == "int"
    assert number_type("rto_minutes", {"rto_minutes": 30.0}) == "int"
    assert number_type("rto_minutes", {"rto_minutes": "1.5"}) == "yaml"
    assert number_type("rto_minutes", {"rto_minutes": 1.5}) == "yaml"


def cli_copy(template_repo: Path, dst: Path, *data: str) -> subprocess.CompletedProcess[str]:
    data_args = [arg for item in data for arg in ("--data", item)]
    return copier_cli(
        *("copy", "--trust", "--defaults", "-r", "HEAD", *data_args),
        *(str(template_repo), str(dst)),
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "availability=abc",
            "'availability': availability is 'abc'; expected a percentage from 90.0 to 99.999",
        ),
        ("availability=100", "'availability': availability is 100.0; expected a percentage from"),
        (
            "rto_minutes=1.5",
            "'rto_minutes': rto_minutes is 1.5; expected a whole number from 1 to 43200 minutes",
        ),
        ("latency_p95_ms=fast", "'latency_p95_ms': latency_p95_ms is 'fast'; expected a whole"),
    ],
)
def test_number_given_on_the_command_line_is_refused_naming_question_and_range(
    data: str, message: str, template_repo: Path, tmp_path: Path
) -> None:
    result = cli_copy(template_repo, tmp_path / "out", data)
    assert result.returncode != 0
    assert message in result.stderr
    assert "could not convert" not in result.stderr and "invalid literal" not in result.stderr


def test_numbers_given_on_the_command_line_are_recorded_typed(
    template_repo: Path, tmp_path: Path
) -> None:
    given = ("availability=99.95", "latency_p95_ms=250", "rto_minutes=30", "rpo_minutes=0")
    result = cli_copy(template_repo, tmp_path / "out", *given)
    assert result.returncode == 0, result.stderr
    recorded = load_answers(tmp_path / "out")
    expected = {"availability": 99.95, "latency_p95_ms": 250, "rto_minutes": 30, "rpo_minutes": 0}
    for key, value in expected.items():
        assert recorded[key] == value and type(recorded[key]) is type(value), key
    text = (tmp_path / "out" / ANSWERS_FILE).read_text(encoding="utf-8")
    assert "availability: 99.95\n" in text and "rto_minutes: 30\n" in text
