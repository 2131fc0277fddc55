"""The architecture review checklist: which items apply to the answers, in what words, and where
in the generated documents the team addresses each one.

The items are data (catalog/checklist.yaml, read once per process); this module evaluates their
conditions, fills their placeholders with the chosen options and resolves their links to
headings of the documents the team chose to write. Run `python -m extensions.checklist` to
validate the data (exit 1 on problems).
"""

from __future__ import annotations

import re
import string
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from .catalog import CATALOG_DIR, MULTISELECT, QUESTIONS, Catalog, load_checked
from .filters import anchor
from .traits import change_request

CHECKLIST_PATH = CATALOG_DIR / "checklist.yaml"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The six Well-Architected pillars: key, ID prefix, heading, the question the pillar asks.
PILLARS: tuple[tuple[str, str, str, str], ...] = (
    (
        "operational_excellence",
        "OPS",
        "Operational Excellence",
        "Can the team run, observe and change the system safely?",
    ),
    (
        "security",
        "SEC",
        "Security",
        "Are data and identities protected, and can the team show how?",
    ),
    (
        "reliability",
        "REL",
        "Reliability",
        "Does the system keep its availability and recovery targets when parts of it fail?",
    ),
    (
        "performance_efficiency",
        "PERF",
        "Performance Efficiency",
        "Does it keep its latency target and use its resources well as load grows?",
    ),
    (
        "cost_optimization",
        "COST",
        "Cost Optimization",
        "Does it deliver its value at the lowest cost its targets allow?",
    ),
    (
        "sustainability",
        "SUS",
        "Sustainability",
        "Does it use no more energy and hardware than its targets need?",
    ),
)
PREFIXES = {key: prefix for key, prefix, _, _ in PILLARS}
SEVERITIES = ("critical", "high", "medium", "low")
ID_PATTERN = re.compile(r"^(OPS|SEC|REL|PERF|COST|SUS)-(\d{2,3})$")
SEED_PATTERN = re.compile(r"^(\d{3}) ([^:]+): (.+)$")
# The seed checklists that other documents show as task lists: key -> (seed, section).
EMBEDDED: dict[str, tuple[str, str]] = {
    "overview_security": ("003", "Security Considerations"),
    "overview_performance": ("003", "Performance Considerations"),
    "reference_review": ("002", "Review Checklist"),
}
# The folder index is always written, so a link can always fall back to it.
INDEX = ("index", "README.md", "Architecture index")

# What a condition can test besides the answers to the catalog questions.
NUMBERS = ("availability", "latency_p95_ms", "rto_minutes", "rpo_minutes")
FLAGS = ("frontend", "datastore", "cache", "broker", "idp")
DERIVED: dict[str, tuple[str, ...]] = {
    "schema_style": ("sql", "document", "keyvalue", "widecolumn", "none"),
    "frontend_platform": ("web", "mobile", "none"),
}
# Derived from the chosen products' traits (extensions/traits.py `conditions`).
TRAIT_DERIVED: dict[str, tuple[str, ...]] = {
    "publish_pattern": ("outbox", "change_feed", "publish_then_persist", "none"),
    "tls_ends": ("load_balancer", "platform", "ingress", "app"),
    "health_probe": ("probed", "unprobed"),
    "probe_kinds": ("liveness_readiness", "readiness", "liveness", "none"),
    "zones": ("zonal", "no_zones"),
    "pitr": ("pitr", "no_pitr"),
    "consumer_mode": ("pull", "push", "none"),
    "artifact_kind": ("image", "archive"),
    "backups": ("team", "service"),
    "sign_in": ("oauth", "sdk", "none"),
    "callers": ("people", "machines"),
}
DERIVED.update(TRAIT_DERIVED)
COMBINATORS = ("any", "not", "has", "at_least", "below")
# Filled by the model from the traits (extensions/traits.py), empty where they do not apply:
# PCI DSS capture and boundary, the broker's own words, who probes health and on which paths.
MODEL_FILLED = (
    "pci_capture",
    "pci_boundary",
    "sql_edition",
    "broker_headers",
    "probed_by",
    "readiness_path",
    "liveness_path",
    "dedupe_by",
    "region_compute",
    "secrets_read",
    "autoscaling",
    "container_memory",
)
# Placeholders the model fills from the chosen options (data may add more under `names`).
CODE_NAMES = (
    "mobile_app",
    "cloud",
    "commitments",
    "spot_nodes",
    "deployment",
    "deploy_unit",
    "artifact",
    "fn_scope",
    "unit",
    "units",
    "style",
    "entry",
    "idp_watch",
    "client",
    "backend",
    "datastore",
    "datastore_service",
    "cache",
    "cache_service",
    "broker",
    "broker_service",
    "broker_channels",
    "dedupe_by",
    "arch_test_tool",
    "store",
    "frontend",
    "language",
    "framework",
    "validation",
    "idp",
    "ci",
    "change_request",
    "ci_config",
    "observability",
    "availability",
    "downtime_month",
    "rto",
    "rpo",
    "latency_ms",
    "db_latency_ms",
    "token_lifetime",
    "api_token",
    *MODEL_FILLED,
    "refresh_revoke",
    "db_pooler",
    "pool_count",
    "session_idle",
    "pitr_alert",
    "pitr_on",
    "grpc_balancing",
)
# Plain text only: these would be Markdown or table syntax.
NOT_PLAIN = re.compile(r"[`*|<>\[\]]")

Data = dict[str, Any]
Facts = dict[str, frozenset[str]]
Item = dict[str, Any]


def load_checklist(path: Path = CHECKLIST_PATH) -> Data:
    """Read the checklist data once per process and content, checked against its schema
    (extensions/schema.py ChecklistFile; raises schema.CatalogError)."""
    data: Data = load_checked(path, "checklist")
    return data


def facts_for(opt: Mapping[str, Any], derived: Mapping[str, str] | None = None) -> Facts:
    """What conditions test: each question's chosen keys, derived facts and flags; `derived`
    holds the facts chosen from the products' traits (absent: none of their values hold)."""
    facts: Facts = {}
    for question in QUESTIONS:
        chosen = opt.get(question)
        if chosen is None:
            facts[question] = frozenset()
        elif question in MULTISELECT:
            facts[question] = frozenset(entry["key"] for entry in chosen)
        else:
            facts[question] = frozenset({chosen["key"]})
    facts["schema_style"] = frozenset({opt["datastore"]["schema_style"] or "none"})
    facts["frontend_platform"] = frozenset({(opt["frontend"]["platform"] or "none").lower()})
    facts["has"] = frozenset(
        flag for flag in FLAGS if opt.get(flag) is not None and not opt[flag]["is_none"]
    )
    for key in TRAIT_DERIVED:
        value = (derived or {}).get(key)
        facts[key] = frozenset({value}) if value else frozenset()
    return facts


def numbers_for(answers: Mapping[str, Any]) -> dict[str, float]:
    return {key: float(answers[key]) for key in NUMBERS}


def holds(when: Mapping[str, Any] | None, facts: Facts, numbers: Mapping[str, float]) -> bool:
    """Whether a condition (data, see checklist.yaml) holds for these facts and numbers."""
    for key, value in (when or {}).items():
        if key == "any":
            ok = any(holds(part, facts, numbers) for part in value)
        elif key == "not":
            ok = not holds(value, facts, numbers)
        elif key == "at_least":
            ok = all(numbers[name] >= limit for name, limit in value.items())
        elif key == "below":
            ok = all(numbers[name] < limit for name, limit in value.items())
        elif key == "has":
            ok = set(value) <= facts["has"]
        elif key in facts:
            ok = bool(facts[key] & set(value))
        else:
            raise ValueError(
                f"checklist condition key {key!r} is unknown; expected a question "
                f"({', '.join(QUESTIONS)}), {', '.join(DERIVED)} or {', '.join(COMBINATORS)}"
            )
        if not ok:
            return False
    return True


def _by(spec: Mapping[str, Any], facts: Facts) -> str | None:
    """The value of a {by, values} map for the one chosen value of its fact (None if none)."""
    chosen = facts[spec["by"]]
    if len(chosen) != 1:
        return None
    value: str | None = spec["values"].get(next(iter(chosen)))
    return value


def _lower_the(text: str) -> str:
    """'The cloud's own monitoring' reads 'the cloud's own monitoring' inside a sentence."""
    return text[0].lower() + text[1:] if text.startswith("The ") else text


def names_for(
    data: Data,
    opt: Mapping[str, Any],
    model_names: Mapping[str, str],
    targets: Mapping[str, Any],
    facts: Facts,
) -> dict[str, str]:
    """Every placeholder's value for these answers."""
    deployment, datastore, cache_, broker = (
        opt["deployment"],
        opt["datastore"],
        opt["cache"],
        opt["broker"],
    )
    names = {
        "cloud": opt["cloud"]["label"],
        # The cloud's own words for steady-use discounts and interruptible nodes (cloud.yaml).
        "commitments": opt["cloud"].get("commitments") or "",
        "spot_nodes": opt["cloud"].get("spot_nodes") or "",
        "deployment": deployment["service"],
        "deploy_unit": deployment["unit"],
        "artifact": deployment["artifact"],
        # The unit that has its own package and identity: a function, or an Azure function app.
        "fn_scope": model_names.get("fn_scope", "function"),
        "unit": opt["style"]["unit"],
        "units": opt["style"]["units"],
        "style": opt["style"]["label"].lower(),
        "entry": model_names["entry"],
        "client": model_names["client"],
        "backend": model_names["backend"],
        "datastore": datastore["label"],
        "datastore_service": datastore["service"],
        "cache": cache_["label"],
        "cache_service": cache_["service"],
        "broker": broker["label"],
        "broker_service": broker["service"],
        "broker_channels": model_names.get("broker_channels", "topics"),
        "store": "the backend" if datastore["is_none"] else datastore["label"],
        "frontend": opt["frontend"]["label"],
        "mobile_app": opt["mobile_app"]["label"],
        "language": opt["backend_language"]["label"],
        "arch_test_tool": opt["backend_language"]["arch_test_tool"],
        "framework": opt["backend_framework"]["label"],
        "validation": opt["backend_framework"]["validation"],
        "idp": opt["idp"]["label"] if opt["idp"] else "the identity provider",
        # A provider someone else runs publishes a status; one the team runs is watched itself.
        "idp_watch": "its health and readiness probes feed the alerting"
        if opt["idp"] and opt["idp"].get("hosting") == "self-hosted"
        else "the provider's status feeds the alerting",
        "ci": opt["ci"]["label"],
        "change_request": change_request(opt["ci"]["key"])["term"],
        "ci_config": opt["ci"]["config_file"],
        "observability": _lower_the(opt["observability"]["label"]),
        "availability": targets["availability"],
        "downtime_month": targets["downtime_month"],
        "rto": targets["rto"],
        "rpo": targets["rpo"],
        "latency_ms": str(targets["latency_ms"]),
        "db_latency_ms": str(round(targets["latency_ms"] / 3)),
        "token_lifetime": model_names.get("token_lifetime") or "the lifetime set at the provider",
        # The token the API checks (traits/idp.yaml api_token): ID token or access token.
        "api_token": model_names.get("api_token") or "access token",
        # How a refresh token ends at sign-out (traits/idp.yaml refresh_revoke).
        "refresh_revoke": model_names.get("refresh_revoke")
        or (
            "signing out alone leaves the refresh token valid, so the client sends it to "
            "the provider's token revocation endpoint"
        ),
        # The connection pooler of the chosen offering (traits/datastore.yaml `pooling`).
        "db_pooler": model_names.get("db_pooler") or "PgBouncer in transaction mode",
        "pool_count": model_names.get("pool_count") or "instances times pool size",
        # At most 15 minutes under PCI DSS (req. 8.2.8), from the model.
        "session_idle": model_names.get("session_idle") or "15 to 30 minutes",
        # The REL-06 threshold from the store's usual restore-point lag (patterns.recovery).
        "pitr_alert": model_names.get("pitr_alert")
        or "more than its usual lag, before the gap reaches the RPO",
        "pitr_on": model_names.get("pitr_on")
        or "continuous backup with point-in-time recovery is on for the datastore",
        "grpc_balancing": model_names.get("grpc_balancing")
        or "by the layer-7 load balancer in front of the instances",
    }
    for name in MODEL_FILLED:
        names[name] = model_names.get(name) or ""
    for name, spec in data["names"].items():
        if (value := _by(spec, facts)) is not None:
            names[name] = value
    return names


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text[-1:] in (".", "!", "?") else f"{text}."


def _text(item: Mapping[str, Any], facts: Facts, names: Mapping[str, str]) -> str:
    raw = item["text"]
    if isinstance(raw, dict):
        chosen = _by(raw, facts)
        if chosen is None:
            raise ValueError(
                f"checklist item {item['id']} applies but has no text for "
                f"{raw['by']}={'/'.join(sorted(facts[raw['by']])) or 'nothing'}"
            )
        raw = chosen
    try:
        return _sentence(raw.format_map(names))
    except KeyError as error:
        raise ValueError(
            f"checklist item {item['id']}: placeholder {error} has no value for these answers"
        ) from None


def _link(
    data: Data,
    topic: str,
    selected: set[str],
    files: Mapping[str, tuple[str, str]],
    names: Mapping[str, str],
) -> dict[str, str]:
    """The first chosen document that addresses the topic, else the index."""
    for doc, heading in [*data["topics"][topic], data["fallback"]]:
        if doc == INDEX[0] or doc in selected:
            file, title = files[doc]
            text = heading.format_map(names)
            target = anchor(text)
            return {
                "doc": doc,
                "file": file,
                "title": title,
                "heading": text,
                "anchor": target,
                "href": f"{file}#{target}",
                "label": f"{title}: {text}",
            }
    raise ValueError(f"checklist topic {topic!r} has no target and the fallback is not the index")


def _order(item: Mapping[str, Any]) -> tuple[int, int]:
    match = ID_PATTERN.match(item["id"])
    assert match, item["id"]
    return list(PREFIXES.values()).index(match.group(1)), int(match.group(2))


def build_checklist(
    answers: Mapping[str, Any],
    opt: Mapping[str, Any],
    model_names: Mapping[str, str],
    targets: Mapping[str, Any],
    documents: Sequence[Sequence[str]],
    data: Data | None = None,
    derived: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The checklist the documents show: applicable items by pillar, counts, embedded lists.

    `documents` is the model's list of (key, file, title, ...) of every document; the ones
    in `answers["documents"]` are written (all when the answer is missing)."""
    data = data or load_checklist()
    facts = facts_for(opt, derived)
    numbers = numbers_for(answers)
    names = names_for(data, opt, model_names, targets, facts)
    files = {doc[0]: (doc[1], doc[2]) for doc in documents}
    files[INDEX[0]] = (INDEX[1], INDEX[2])
    selected = set(answers.get("documents") or [doc[0] for doc in documents])
    items: list[Item] = [
        {
            "id": raw["id"],
            "pillar": raw["pillar"],
            "severity": raw["severity"],
            "text": _text(raw, facts, names),
            "link": _link(data, raw["link"], selected, files, names),
            "seed": raw.get("seed"),
        }
        for raw in sorted(data["items"], key=_order)
        if holds(raw.get("when"), facts, numbers)
    ]
    pillars = []
    for key, prefix, title, question in PILLARS:
        mine = [item for item in items if item["pillar"] == key]
        pillars.append(
            {
                "key": key,
                "prefix": prefix,
                "title": title,
                "question": question,
                "anchor": anchor(title),
                "checks": mine,
                "counts": {sev: sum(i["severity"] == sev for i in mine) for sev in SEVERITIES},
                "total": len(mine),
            }
        )
    embedded = {
        key: [
            item
            for item in items
            if item["seed"] and item["seed"].startswith(f"{seed} {section}: ")
        ]
        for key, (seed, section) in EMBEDDED.items()
    }
    own = files.get("checklist", ("review-checklist.md", "Architecture Review Checklist"))
    return {
        "file": own[0],
        "title": own[1],
        "written": "checklist" in selected,
        "severities": SEVERITIES,
        "pillars": pillars,
        "checks": items,
        "counts": {sev: sum(i["severity"] == sev for i in items) for sev in SEVERITIES},
        "total": len(items),
        "embedded": embedded,
    }


# ---------------------------------------------------------------- validation of the data


def _placeholders(text: str) -> list[str]:
    """The field names of a format string ('' for a malformed one)."""
    try:
        return [
            field if not spec and not conversion else f"{field}!{conversion}:{spec}"
            for _, field, spec, conversion in string.Formatter().parse(text)
            if field is not None
        ]
    except ValueError:
        return [""]


def _values_of(fact: str, catalog: Catalog) -> set[str] | None:
    if fact in DERIVED:
        return set(DERIVED[fact])
    if fact in QUESTIONS:
        return set(catalog[fact]["entries"])
    return None


def _check_by(spec: Any, where: str, catalog: Catalog) -> list[str]:
    if not isinstance(spec, dict) or set(spec) != {"by", "values"}:
        return [f"{where}: expected a string or {{by: <question>, values: {{...}}}}"]
    fact = spec["by"]
    valid = _values_of(fact, catalog)
    if valid is None or fact in MULTISELECT:
        return [f"{where}: 'by: {fact}' is not a single-answer question or derived fact"]
    return [f"{where}: 'by: {fact}' has no value {k!r}" for k in spec["values"] if k not in valid]


def _check_when(when: Any, where: str, catalog: Catalog) -> list[str]:
    if not isinstance(when, dict):
        return [f"{where}: a condition must be a map, got {when!r}"]
    problems: list[str] = []
    for key, value in when.items():
        if key == "any":
            if not isinstance(value, list) or not value:
                problems.append(f"{where}: 'any' needs a non-empty list of conditions")
            else:
                for part in value:
                    problems.extend(_check_when(part, where, catalog))
        elif key == "not":
            problems.extend(_check_when(value, where, catalog))
        elif key in ("at_least", "below"):
            if not isinstance(value, dict) or not value:
                problems.append(f"{where}: '{key}' needs a map of {', '.join(NUMBERS)}")
                continue
            for name, limit in value.items():
                if name not in NUMBERS or not isinstance(limit, int | float):
                    problems.append(f"{where}: '{key}: {name}: {limit}' is not a number target")
        elif key == "has":
            problems.extend(
                f"{where}: 'has: {flag}' is not one of {', '.join(FLAGS)}"
                for flag in value
                if flag not in FLAGS
            )
        elif (valid := _values_of(key, catalog)) is not None:
            if not isinstance(value, list) or not value:
                problems.append(f"{where}: '{key}' needs a non-empty list of values")
                continue
            problems.extend(
                f"{where}: '{key}: {v}' is not a valid value" for v in value if v not in valid
            )
        else:
            problems.append(f"{where}: unknown condition key {key!r}")
    return problems


def _check_text(text: str, where: str, known: set[str]) -> list[str]:
    problems = []
    if not text.strip():
        problems.append(f"{where}: empty text")
    if text[:1].islower():
        problems.append(f"{where}: text starts lower-case (the model capitalises it)")
    if text.rstrip().endswith("."):
        problems.append(f"{where}: text ends with a full stop (the model adds it)")
    if NOT_PLAIN.search(text):
        problems.append(f"{where}: Markdown or table syntax in the text")
    problems.extend(
        f"{where}: unknown placeholder {{{name}}}"
        for name in _placeholders(text)
        if name not in known
    )
    return problems


def check_checklist(
    data: Data, catalog: Catalog, document_keys: Sequence[str] | None = None
) -> list[str]:
    """Every problem in the checklist data, as messages naming the item."""
    from . import schema

    # The structure (fields, types, closed sets, IDs, links) is the schema's; the rest here.
    problems = schema.check_file("checklist", data, CHECKLIST_PATH)
    if problems:
        return problems
    docs = {*(document_keys or ("overview", "design", "reference", "target")), INDEX[0]}
    for name, spec in data["names"].items():
        if name in CODE_NAMES:
            problems.append(f"names.{name}: shadows a placeholder the model fills")
        problems.extend(_check_by(spec, f"names.{name}", catalog))
    known = {*CODE_NAMES, *data["names"]}
    if data["fallback"][0] != INDEX[0]:
        problems.append("fallback: must point at the index, the one document always written")
    for topic, targets in {**data["topics"], "fallback": [data["fallback"]]}.items():
        for doc, heading in targets:
            if doc not in docs:
                problems.append(f"topics.{topic}: {doc!r} is not a document")
            problems.extend(_check_text(heading, f"topics.{topic}", known))
    for item in data["items"]:
        where = f"item {item['id']}"
        match = ID_PATTERN.match(item["id"])
        if not match:
            problems.append(f"{where}: ID is not PREFIX-NN with a pillar prefix")
        elif PREFIXES.get(item["pillar"]) != match.group(1):
            problems.append(f"{where}: prefix does not match pillar {item['pillar']!r}")
        texts = [item["text"]]
        if not isinstance(item["text"], str):
            problems.extend(_check_by(item["text"], where, catalog))
            texts = list(item["text"].get("values", {}).values())
        for text in texts:
            problems.extend(_check_text(text, where, known))
        problems.extend(_check_when(item.get("when") or {}, where, catalog))
        seed = item.get("seed")
        if seed is not None:
            found = SEED_PATTERN.match(seed)
            if not found or (found.group(1), found.group(2)) not in EMBEDDED.values():
                problems.append(f"{where}: seed {seed!r} is not 'NNN Section: item' of a seed list")
    return problems


def main() -> int:
    from .catalog import load_catalog, load_yaml, report

    # The raw data, so that its schema problems are reported rather than raised.
    return report(check_checklist(load_yaml(CHECKLIST_PATH), load_catalog()))


if __name__ == "__main__":
    sys.exit(main())
