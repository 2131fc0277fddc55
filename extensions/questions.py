"""What the questionnaire needs from the catalog: choices, defaults and validation messages.

Every message names the question and says what is accepted; Copier prefixes it with
"Validation error for question '<name>'" or "Invalid choice for '<name>'".
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from .catalog import MULTISELECT, Catalog, load_catalog

MAX_DOMAINS = 12
TEXT_LIMITS: dict[str, int] = {
    "project_name": 80,
    "description": 300,
    "owner_team": 80,
    "feature_name": 80,
}
INT_RANGES: dict[str, tuple[int, int, str]] = {
    "latency_p95_ms": (1, 60_000, "milliseconds"),
    "rto_minutes": (1, 43_200, "minutes (at most 30 days)"),
    "rpo_minutes": (0, 43_200, "minutes (0 means no data loss; at most 30 days)"),
}
AVAILABILITY_RANGE = (90.0, 99.999)
# Copier's type of each number question (copier.yml asks it through number_type).
NUMBER_TYPES: dict[str, str] = {"availability": "float", **dict.fromkeys(INT_RANGES, "int")}
# The PaaS product the PaaS deployment described before `paas_service` was asked.
PAAS_DEFAULTS = {
    "aws": "ecs_fargate",
    "azure": "container_apps",
    "gcp": "cloud_run",
    "onprem": "ecs_fargate",  # never asked there (no PaaS on premises); only a valid value
}
# Every default capability list starts with this neutral name; the actors add theirs.
CORE_CAPABILITY = "core"


def default_capabilities(catalog: Catalog, actors: Any) -> str:
    """Neutral capability names, one from each actor: names to replace, no business domain."""
    entries = catalog["actors"]["entries"]
    given = actors if isinstance(actors, list) else ["users"]
    chosen = [a for a in entries if a in given]
    names = [CORE_CAPABILITY, *(n for a in chosen for n in entries[a]["capabilities"])]
    return ", ".join(dict.fromkeys(names))


# Names Windows refuses as a file's base name, whatever the extension.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)


def slugify(text: str, max_length: int = 60) -> str:
    """A lower-case ASCII slug: letters, digits and single dashes, safe as a file name on
    every OS (no path separators, no dots, never a Windows device name)."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:max_length].rstrip("-")
    return f"{slug}-x" if slug in WINDOWS_RESERVED else slug


def split_domains(text: str) -> list[str]:
    """The comma-separated business capabilities, trimmed, empty items dropped."""
    return [part.strip() for part in str(text).split(",") if part.strip()]


def _label_list(catalog: Catalog, question: str, keys: list[str]) -> str:
    entries = catalog[question]["entries"]
    return ", ".join(f"{entries[k]['label']} ({k})" for k in keys)


def refusal(catalog: Catalog, question: str, key: str, answers: Mapping[str, Any]) -> str:
    """Why `key` cannot be chosen for `question` given earlier answers ('' when it can)."""
    entry = catalog[question]["entries"][key]
    for other, allowed in entry.get("requires", {}).items():
        current = answers.get(other)
        if current is None or current in allowed:
            continue
        current_label = catalog[other]["entries"].get(current, {}).get("label", current)
        return (
            f"{entry['label']} ({key}) needs {other} to be one of "
            f"{_label_list(catalog, other, allowed)}, but {other} is {current_label} "
            f"({current}){_why(entry)}. With that answer choose one of: "
            f"{_label_list(catalog, question, _fitting(catalog, question, key, answers))}."
        )
    if question == "backend_framework":
        return _framework_refusal(catalog, key, answers)
    return ""


def _why(entry: Mapping[str, Any]) -> str:
    return f": {entry['requires_why']}" if entry.get("requires_why") else ""


def _fitting(catalog: Catalog, question: str, key: str, answers: Mapping[str, Any]) -> list[str]:
    return [
        k
        for k in catalog[question]["entries"]
        if k != key and not _blocked(catalog, question, k, answers)
    ]


def _framework_problem(catalog: Catalog, key: str, answers: Mapping[str, Any]) -> str:
    """What keeps a framework from the server-rendered frontend or from the cloud's
    functions ('' when nothing does)."""
    gap = framework_gap(catalog, key, answers)
    if gap.startswith("server-side"):
        return f"has no {gap} of its own for frontend Server-rendered pages"
    # The gap reads "a maintained adapter for ...": the refusal says there is none.
    adapter = gap.removeprefix("a ")
    return f"has no {adapter} (deployment serverless)" if gap else ""


def framework_gap(catalog: Catalog, key: str, answers: Mapping[str, Any]) -> str:
    """What the framework lacks for the server-rendered frontend or the cloud's functions,
    as a noun phrase ('' when nothing)."""
    entry = catalog["backend_framework"]["entries"][key]
    if answers.get("frontend") == "server_rendered" and not entry["templates"]:
        return "server-side templates"
    cloud = str(answers.get("cloud"))
    if answers.get("deployment") == "serverless" and not entry["serverless"].get(cloud, ""):
        services = catalog["deployment"]["entries"]["serverless"]["services"]
        return f"a maintained adapter for {services.get(cloud, 'functions')}"
    return ""


def _framework_refusal(catalog: Catalog, key: str, answers: Mapping[str, Any]) -> str:
    """A framework that cannot render the server-rendered frontend, or that has no maintained
    adapter for the cloud's functions, with the frameworks that fit."""
    problem = _framework_problem(catalog, key, answers)
    if not problem:
        return ""
    label = catalog["backend_framework"]["entries"][key]["label"]
    fitting = _fitting(catalog, "backend_framework", key, answers)
    return (
        f"{label} ({key}) {problem}. With these answers choose one of: "
        f"{_label_list(catalog, 'backend_framework', fitting)}."
    )


def _blocked(catalog: Catalog, question: str, key: str, answers: Mapping[str, Any]) -> bool:
    entry = catalog[question]["entries"][key]
    if any(
        answers.get(other) is not None and answers.get(other) not in allowed
        for other, allowed in entry.get("requires", {}).items()
    ):
        return True
    return question == "backend_framework" and bool(_framework_problem(catalog, key, answers))


def choices_text(choices: Mapping[str, tuple[str, str]]) -> str:
    """Copier's choices, {label: (value, why it cannot be chosen or "")}, as the text Copier
    parses: JSON (which is YAML), refused options disabled with the reason."""
    out: dict[str, Any] = {}
    for label, (value, reason) in choices.items():
        # The validator is rendered by Jinja again: keep it literal.
        out[label] = {"value": value, "validator": f"{{% raw %}}{reason}{{% endraw %}}"}
        if not reason:
            out[label] = value
    return json.dumps(out, ensure_ascii=False)


def choices_yaml(catalog: Catalog, question: str, answers: Mapping[str, Any]) -> str:
    """Copier's choices for a catalog question. A choice the earlier answers rule out is left
    out of the list, unless it is this question's answer already (given with --data or
    recorded): then it stays, disabled, and Copier's error quotes why and what fits."""
    if question == "paas_service" and answers.get("deployment") != "paas":
        # Not asked, not recorded: Copier still checks its default against the choices.
        entries = catalog[question]["entries"]
        return choices_text({f"{e['label']} ({k})": (k, "") for k, e in entries.items()})
    given = answers.get(question)
    given_keys = set(given) if isinstance(given, list) else {given}
    every = {
        f"{entry['label']} ({key})": (key, refusal(catalog, question, key, answers))
        for key, entry in catalog[question]["entries"].items()
    }
    shown = {
        label: (key, reason)
        for label, (key, reason) in every.items()
        if not reason or key in given_keys
    }
    # Nothing fits (Rust has no templates for server-rendered pages): show why for each.
    return choices_text(shown if any(not r for _, r in shown.values()) else every)


def default(catalog: Catalog, question: str, answers: Mapping[str, Any]) -> Any:
    """Defaults that depend on earlier answers, always a valid combination."""
    if question == "deployment":
        return "serverless" if answers.get("style") == "serverless" else "kubernetes"
    if question == "backend_framework":
        language = catalog["backend_language"]["entries"][answers.get("backend_language", "python")]
        chosen = str(language["default_framework"])
        return "none" if refusal(catalog, question, chosen, answers) else chosen
    if question == "paas_service":
        return PAAS_DEFAULTS[str(answers.get("cloud", "aws"))]
    if question == "hosting":
        # On premises there is no cloud to run them: the question is not asked there.
        return "self_managed" if answers.get("cloud") == "onprem" else "managed"
    if question == "capabilities":
        return default_capabilities(catalog, answers.get("actors") or ["users"])
    cloud_defaults = catalog["cloud"]["entries"][answers.get("cloud", "aws")]["defaults"]
    if question == "broker":
        style = catalog["style"]["entries"][answers.get("style", "modular_monolith")]
        return cloud_defaults["broker"] if style["needs_broker"] else "none"
    if question == "idp":
        return cloud_defaults["idp"]
    if question == "observability":
        return (
            "cloud_native" if answers.get("cloud", "aws") != "onprem" else "otel_prometheus_grafana"
        )
    raise KeyError(f"no computed default for question '{question}'")


def _one_line_error(question: str, value: Any, limit: int) -> str:
    text = "" if value is None else str(value)
    accepted = f"text of 1 to {limit} characters on one line"
    if not text.strip():
        return f"{question} is empty; expected {accepted}."
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in text):
        return f"{question} contains a line break or control character; expected {accepted}."
    if len(text) > limit:
        return f"{question} has {len(text)} characters; expected {accepted}."
    if text != text.strip():
        return f"{question} starts or ends with spaces; expected {accepted} without them."
    return ""


def date_error(question: str, value: Any) -> str:
    """The message for an answer that is not a date as YYYY-MM-DD ('' when it is one)."""
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return f"{question} is {value!r}; expected a date as YYYY-MM-DD."
    return ""


def number_type(question: str, answers: Mapping[str, Any]) -> str:
    """Copier's type for a number question: `float` or `int`, or `yaml` when the answer given
    (--data, a data file, the answers file) would not convert cleanly. Copier converts before
    it validates and fails on 'abc' with Python's bare ValueError, and int() would cut 1.5 to
    1; as `yaml` the answer reaches validate(), whose message names the question and range.
    """
    kind = NUMBER_TYPES[question]
    value = answers.get(question)
    if value is None:
        return kind
    if isinstance(value, str):
        try:
            float(value) if kind == "float" else int(value)
        except ValueError:
            return "yaml"
        return kind
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "yaml"
    return kind if kind == "float" or float(value).is_integer() else "yaml"


def validate(question: str, answers: Mapping[str, Any]) -> str:
    """The error message for the current answer of a free-text or numeric question."""
    value = answers.get(question)
    if question in TEXT_LIMITS:
        if error := _one_line_error(question, value, TEXT_LIMITS[question]):
            return error
        if question in ("project_name", "feature_name") and not slugify(str(value)):
            return (
                f"{question} must contain at least one ASCII letter or digit, "
                "from which the file-name slug is made."
            )
        return ""
    if question == "capabilities":
        if error := _one_line_error(question, value, 400):
            return error
        items = split_domains(str(value))
        slugs = [slugify(item) for item in items]
        if not items or len(items) > MAX_DOMAINS:
            return (
                f"capabilities lists {len(items)} items; "
                f"expected 1 to {MAX_DOMAINS}, comma-separated."
            )
        if bad := [item for item, slug in zip(items, slugs, strict=True) if not slug]:
            return (
                f"capabilities item {bad[0]!r} has no ASCII letter or digit; each item needs one."
            )
        if long := [item for item in items if len(item) > 40]:
            return f"capabilities item {long[0][:20]!r}... is over 40 characters; keep each short."
        if len(set(slugs)) != len(slugs):
            return (
                "capabilities has two items with the same name once slugified; make them distinct."
            )
        return ""
    if question == "decision_date":
        return date_error(question, value)
    if question == "availability":
        low, high = AVAILABILITY_RANGE
        if isinstance(value, bool) or not isinstance(value, int | float):
            return (
                f"availability is {value!r}; expected a percentage from {low} to {high}, "
                "such as 99.9."
            )
        number = float(value)
        if not low <= number <= high:
            return f"availability is {number}; expected a percentage from {low} to {high}."
        return ""
    if question in INT_RANGES:
        low, high, unit = INT_RANGES[question]
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{question} is {value!r}; expected a whole number from {low} to {high} {unit}."
        number = value
        if not low <= number <= high:
            return f"{question} is {number}; expected {low} to {high} {unit}."
        return ""
    if question == "template_records":
        # 16: the records of the first release with numbered records; the last: every topic.
        last = max(int(entry["adr"]["number"]) for entry in load_catalog().values())
        if isinstance(value, bool) or not isinstance(value, int) or not 16 <= value <= last:
            return (
                f"template_records is {value!r}; expected a whole number from 16 to {last} "
                "(the last decision record the template writes)."
            )
        return ""
    if question == "actors":
        if not isinstance(value, list) or not value:
            return (
                "actors is empty; choose at least one of: "
                "users, devices, partner_systems, internal_systems."
            )
        return ""
    if question in MULTISELECT:
        return ""
    raise KeyError(f"no validator for question '{question}'")
