"""The knowledge catalog: one YAML file per question, parsed once per process and checked.

Run `python -m extensions.catalog` to validate the whole catalog (exit 1 on problems).
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

CATALOG_DIR = Path(__file__).resolve().parent / "catalog"
CLOUDS = ("aws", "azure", "gcp", "onprem")

# Question order: `requires` may only name an earlier question.
QUESTIONS: tuple[str, ...] = (
    "style",
    "cloud",
    "deployment",
    "frontend",
    "backend_language",
    "backend_framework",
    "datastore",
    "cache",
    "broker",
    "api_styles",
    "auth",
    "idp",
    "ci",
    "observability",
    "compliance",
)
MULTISELECT = frozenset({"api_styles", "compliance"})

COMMON_FIELDS = (
    "label",
    "summary",
    "strengths",
    "tradeoffs",
    "alternatives",
    "rationale",
    "confirmation",
    "terms",
)
FIELDS: dict[str, tuple[str, ...]] = {
    "style": (
        "needs_broker",
        "unit",
        "units",
        "deployables",
        "patterns",
        "code_patterns",
        "scaling",
        "data_ownership",
        "testing",
        "fault_tolerance",
        "extensibility",
        "limitations",
        "main_flow",
    ),
    "cloud": (
        "registry",
        "secrets",
        "kms",
        "load_balancer",
        "api_gateway",
        "cdn",
        "object_storage",
        "static_hosting",
        "iac",
        "dns",
        "waf",
        "backup",
        "network",
        "workload_identity",
        "regions",
        "logging",
        "metrics",
        "tracing",
        "alerting",
        "defaults",
    ),
    "deployment": (
        "unit",
        "artifact",
        "scaling",
        "rollout",
        "rollback",
        "resources",
        "config_format",
        "config_example",
        "config_lang",
        "entrypoint",
        "environments",
    ),
    "frontend": (
        "platform",
        "rendering",
        "state_management",
        "styling",
        "key_components",
        "optimizations",
        "needs_server",
        "testing",
    ),
    "backend_language": (
        "runtime",
        "frameworks",
        "default_framework",
        "container_base",
        "build",
        "testing",
        "cold_start",
    ),
    "backend_framework": (
        "requires",
        "data_access",
        "validation",
        "testing",
        "key_components",
        "api_support",
    ),
    "datastore": (
        "kind",
        "schema_style",
        "consistency",
        "scaling",
        "backup",
        "migrations",
        "indexing",
    ),
    "cache": ("patterns", "eviction", "persistence"),
    "broker": (
        "model",
        "ordering",
        "delivery",
        "retention",
        "dead_letter",
        "scaling",
        "naming",
    ),
    "api_styles": ("spec", "versioning", "organization", "error_model", "testing"),
    "auth": ("flow", "tokens", "authorization", "session_storage"),
    "idp": ("hosting",),
    "ci": ("config_file", "approvals", "secrets", "cloud_auth", "runners"),
    "observability": ("logging", "metrics", "tracing", "alerting", "dashboards"),
    "compliance": ("scope", "obligations", "retention", "audit", "residency"),
}

Catalog = dict[str, dict[str, Any]]
# libyaml's safe loader when PyYAML has it (about ten times faster), else the pure one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# The template's one cache: catalog data files as parsed, by the sha256 of their bytes (and
# the whole catalog by that of all its files). It lives as long as the process, not as long
# as this module: Copier clones the template for every run and `copier update` renders
# several clones (old and new versions) in one process, each importing this module afresh
# under its own name (see context.py). Keyed by content, a version only ever gets data
# parsed from its own files. The values are shared: never modify them.
_PARSED: dict[str, Any] = vars(
    sys.modules.setdefault("copier_archdocs_catalog", ModuleType("copier_archdocs_catalog"))
).setdefault("parsed", {})


def _parsed(digest: str, parse: Callable[[], Any]) -> Any:
    if digest not in _PARSED:
        if len(_PARSED) > 64:  # many template versions in one long-lived process
            _PARSED.clear()
        _PARSED[digest] = parse()
    return _PARSED[digest]


def _parse(raw: bytes) -> Any:
    return yaml.load(raw.decode("utf-8"), Loader=_Loader)


def load_yaml(path: Path) -> Any:
    """A YAML data file, parsed once per process and content."""
    raw = path.read_bytes()
    return _parsed(hashlib.sha256(raw).hexdigest(), lambda: _parse(raw))


def load_catalog(directory: Path = CATALOG_DIR) -> Catalog:
    """Every catalog file, parsed once per process and content: {question: {title, entries}}.

    The same content always gives the same (read-only) object."""
    raw = [(directory / f"{question}.yaml").read_bytes() for question in QUESTIONS]
    digest = hashlib.sha256(b"catalog\0" + b"\0".join(raw)).hexdigest()

    def parse() -> Catalog:
        return {q: _parse(text) for q, text in zip(QUESTIONS, raw, strict=True)}

    catalog: Catalog = _parsed(digest, parse)
    return catalog


def is_cloud_map(value: object) -> bool:
    """A map keyed by cloud names holds a per-cloud fact."""
    return isinstance(value, dict) and bool(value) and set(value) <= set(CLOUDS)


def _strings(value: object) -> list[str]:
    """Every string inside a value, skipping cloud maps (which may name clouds)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict) and not is_cloud_map(value):
        return [s for item in value.values() for s in _strings(item)]
    return []


def term_pattern(term: str) -> re.Pattern[str]:
    """Whole-word, case-sensitive pattern for a catalog term."""
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])")


def check_catalog(catalog: Catalog) -> list[str]:
    """Every problem in the catalog, as messages naming the file and entry."""
    problems: list[str] = []
    order = {q: i for i, q in enumerate(QUESTIONS)}
    for question in QUESTIONS:
        entries: dict[str, dict[str, Any]] = catalog[question]["entries"]
        others_terms = {
            key: [term_pattern(t) for t in [entry["label"], *entry.get("terms", [])]]
            for key, entry in entries.items()
            if key != "none"
        }
        for key, entry in entries.items():
            where = f"{question}.yaml: {key}"
            for field in (*COMMON_FIELDS, *FIELDS[question]):
                if field not in entry:
                    problems.append(f"{where}: missing field '{field}'")
            for alt in entry.get("alternatives", []):
                if alt not in entries or alt == key:
                    problems.append(f"{where}: alternative '{alt}' is not another entry")
            for other_q, allowed in entry.get("requires", {}).items():
                if order.get(other_q, len(QUESTIONS)) >= order[question]:
                    problems.append(f"{where}: requires names later question '{other_q}'")
                    continue
                valid = catalog[other_q]["entries"]
                problems.extend(
                    f"{where}: requires {other_q}={v}, not a valid value"
                    for v in allowed
                    if v not in valid
                )
            text = " ".join(
                _strings({k: v for k, v in entry.items() if k not in ("alternatives", "terms")})
            )
            for other, patterns in others_terms.items():
                if other == key or entries[other]["label"] in entry["label"]:
                    continue
                for pattern in patterns:
                    if pattern.search(text):
                        problems.append(f"{where}: names another option '{pattern.pattern}'")
    return problems


def report(problems: list[str]) -> int:
    """Print the problems a check found and their count; the exit status (1 if any)."""
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


def main() -> int:
    return report(check_catalog(load_catalog()))


if __name__ == "__main__":
    sys.exit(main())
