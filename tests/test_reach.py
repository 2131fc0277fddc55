"""Issue 18: the questionnaire describes real systems, in at most 25 prompts that fit."""

from __future__ import annotations

import itertools
import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CATALOG, DOCS, QUESTIONS, ROOT, docs_text, load_answers
from update_support import copier_bin, copier_cli

from extensions.questions import choices_yaml

COPIER_YML = yaml.safe_load((ROOT / "copier.yml").read_text(encoding="utf-8"))
QUESTION_NAMES = [k for k in COPIER_YML if not k.startswith("_")]
REVIEWS = Path(__file__).parent / "fixtures" / "reviews"
MIGRATION = ROOT / "migrations" / "mobile_app.py"


def review(name: str, **changes: Any) -> dict[str, Any]:
    answers: dict[str, Any] = yaml.safe_load((REVIEWS / f"{name}.yml").read_text())
    return {**answers, **changes}


def test_every_prompt_fits_76_columns() -> None:
    for name in QUESTION_NAMES:
        help_text = str(COPIER_YML[name]["help"])
        assert "\n" not in help_text.strip(), name
        assert len(help_text) <= 76, f"{name}: {len(help_text)} characters"


SAMPLES = [
    {"style": s, "cloud": c, "deployment": d, "frontend": f, "backend_language": lang}
    for s, c, d, f, lang in itertools.product(
        ["monolith", "serverless", "event_driven"],
        ["aws", "azure", "gcp", "onprem"],
        ["kubernetes", "serverless", "paas"],
        ["react", "server_rendered"],
        ["python", "typescript", "java", "rust"],
    )
]


def test_unavailable_choices_are_hidden_unless_given() -> None:
    for answers in SAMPLES:
        for question in QUESTIONS:
            context = {k: v for k, v in answers.items() if k != question}
            choices = json.loads(choices_yaml(CATALOG, question, context))
            disabled = [label for label, value in choices.items() if isinstance(value, dict)]
            if len(disabled) < len(choices):  # else nothing fits: every reason is shown
                assert disabled == [], (question, answers, disabled)
            assert choices, (question, answers)
            for label in choices:
                assert len(label) <= 72, label


def test_a_given_refused_choice_keeps_its_reason_and_what_fits() -> None:
    answers = {"cloud": "azure", "deployment": "serverless", "backend_language": "typescript"}
    choices = json.loads(
        choices_yaml(CATALOG, "backend_framework", {**answers, "backend_framework": "nestjs"})
    )
    refused = choices["NestJS (nestjs)"]
    assert "no maintained adapter for Azure Functions" in refused["validator"]
    assert "Plain handlers (no framework) (none)" in refused["validator"]


@pytest.mark.parametrize(
    ("data", "question", "accepted"),
    [
        ("frontend: [react, react_native]\n", "frontend", "'react'"),
        ("cloud: 42\n", "cloud", "'aws'"),
    ],
)
def test_wrong_type_names_the_question_and_what_it_accepts(
    template_repo: Path, tmp_path: Path, data: str, question: str, accepted: str
) -> None:
    data_file = tmp_path / "answers.yml"
    data_file.write_text(data)
    result = copier_cli(
        "copy",
        "--defaults",
        "--trust",
        "--data-file",
        str(data_file),
        str(template_repo),
        str(tmp_path / "out"),
    )
    assert result.returncode != 0
    assert f"'{question}'" in result.stderr
    assert accepted in result.stderr
    assert "Could not convert" not in result.stderr


def test_shop_draws_its_mobile_app(render: Any) -> None:
    project = render(**review("shop", mobile_app="react_native"))
    overview = docs_text(project)["overview.md"]
    assert "Mobile app" in overview and "React Native" in overview
    assert load_answers(project)["mobile_app"] == "react_native"


def test_clinic_describes_django_templates_and_no_vue(render: Any) -> None:
    project = render(**review("clinic", frontend="server_rendered", paas_service="app_service"))
    text = "\n".join(docs_text(project).values())
    assert "Django templates" in text
    assert "Azure App Service" in text
    assert "Vue" not in text


def test_forms_has_plain_handlers_and_no_nestjs(render: Any) -> None:
    project = render(**review("forms", backend_framework="none", frontend="none"))
    text = "\n".join(docs_text(project).values())
    assert "NestJS" not in text
    assert "Plain handlers" in text


def test_forms_defaults_to_plain_handlers_on_azure_functions(render: Any) -> None:
    project = render(**review("forms"))
    assert load_answers(project)["backend_framework"] == "none"


def test_devices_are_drawn_and_no_orders_named(render: Any) -> None:
    project = render(actors=["devices"])
    docs = docs_text(project)
    text = "\n".join(docs.values())
    assert "Devices" in docs["overview.md"] and "Device registry" in docs["overview.md"]
    assert "Device ingest endpoint" in text
    assert not re.search(r"\borders\b", text.replace("orders of magnitude", ""))
    for name in ("order-placed", "placeOrder", "OrderService", "/v1/orders"):
        assert name not in text, name
    assert load_answers(project)["capabilities"] == "core, devices, telemetry"
    # The flows have the devices' own: identity, ingest endpoint and registry, in the design.
    assert "**Devices**: MQTT over TLS to the ingest endpoint." in docs["design.md"]
    assert "Registry: The AWS IoT Core registry" in docs["design.md"]
    # The neutral defaults are listed in the index as names to replace.
    index = docs["README.md"]
    assert "The capabilities `core`, `devices`, `telemetry` are the questionnaire's" in index


def test_partners_and_internal_callers_have_their_flows(render: Any) -> None:
    # Azure API Management: products and subscriptions per partner, rate-limit-by-key:
    # https://learn.microsoft.com/azure/api-management/api-management-howto-products
    project = render(cloud="azure", actors=["partner_systems", "internal_systems"])
    design = docs_text(project)["design.md"]
    assert "Edge: Azure API Management products and subscriptions per partner" in design
    assert "The gateway checks the key and the partner's quota" in design
    assert "An internal system calls" in design
    assert "**Devices**" not in design


def test_users_only_system_has_no_other_actor_flow_and_no_placeholder_note(render: Any) -> None:
    project = render(capabilities="billing, metering")
    docs = docs_text(project)
    assert "**Partner systems**" not in docs["design.md"]
    assert "neutral defaults" not in docs["README.md"]


def test_migration_moves_a_mobile_frontend(tmp_path: Path) -> None:
    answers_file = tmp_path / ".copier-answers.archdocs.yml"
    original = "_commit: v0.3.0\nfrontend: react_native\nbackend_language: go\n"
    answers_file.write_text(original)
    run = [sys.executable, str(MIGRATION), answers_file.name]
    subprocess.run(run, cwd=tmp_path, check=True, capture_output=True)
    moved = yaml.safe_load(answers_file.read_text())
    assert moved["frontend"] == "none" and moved["mobile_app"] == "react_native"
    again = answers_file.read_text()
    subprocess.run(run, cwd=tmp_path, check=True, capture_output=True)
    assert answers_file.read_text() == again
    web = tmp_path / "web.yml"
    web.write_text("frontend: vue\n")
    subprocess.run([sys.executable, str(MIGRATION), "web.yml"], cwd=tmp_path, check=True)
    assert web.read_text() == "frontend: vue\n"


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def test_interactive_copy_accepting_every_default_asks_at_most_25(
    template_repo: Path, tmp_path: Path
) -> None:
    """The real CLI in a pseudo-terminal of 80 columns: Enter whenever it waits for input."""
    destination = tmp_path / "out"
    pid, fd = pty.fork()
    if pid == 0:  # the child: Copier on the terminal
        os.environ.update(COLUMNS="80", LINES="40", TERM="xterm")
        binary = copier_bin()
        os.execv(binary, [binary, "copy", "--trust", str(template_repo), str(destination)])
    output, enters, answered_at = "", 0, -1
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1.5)
        if ready:
            try:
                chunk = os.read(fd, 65536).decode("utf-8", "replace")
            except OSError:  # Copier ended
                break
            if not chunk:
                break
            output += chunk
        elif len(output) != answered_at:  # quiet after new output: a prompt waits
            answered_at = len(output)
            os.write(fd, b"\r")
            enters += 1
    else:
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    plain = ANSI.sub("", output)
    assert (destination / DOCS / "README.md").is_file(), plain[-2000:]
    prompts = plain.count("\U0001f3a4") // 2  # Copier's qmark: once asked, once answered
    assert prompts == enters
    assert enters <= 25, enters
    assert "Write the system's documents" not in plain, "scope is not asked in a new folder"
    recorded = load_answers(destination)
    for name in ("decision_date", "documents", "ci", "owner_team", "doc_status", "adr_format"):
        assert name in recorded, name


def test_a_mobile_app_without_a_web_frontend_is_not_a_system_without_ui(render: Any) -> None:
    project = render(frontend="none", mobile_app="flutter")
    docs = docs_text(project)
    record = docs["decisions/0005-frontend.md"]
    assert 'Chosen option: "No web frontend", because it is used through its mobile app' in record
    assert "used only by other systems" not in record
    assert "people use the Flutter mobile app, which calls the API." in docs["design.md"]
    assert "No web frontend: people use the Flutter mobile app." in docs["overview.md"]
    assert "has no user interface of its own" not in "\n".join(docs.values())
