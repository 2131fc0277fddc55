"""The knowledge catalog: one YAML file per question, loaded once per process and checked.

Run `python -m extensions.catalog` to validate the whole catalog (exit 1 on problems).
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from . import precompiled
from .precompiled import shared_cache

CATALOG_DIR = Path(__file__).resolve().parent / "catalog"
CLOUDS = ("aws", "azure", "gcp", "onprem")

# Question order: `requires` may only name an earlier question.
QUESTIONS: tuple[str, ...] = (
    "style",
    "actors",
    "cloud",
    "deployment",
    "paas_service",
    "hosting",
    "frontend",
    "mobile_app",
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
MULTISELECT = frozenset({"actors", "api_styles", "compliance"})

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
    "actors": (
        "node",
        "channel",
        "identity",
        "edge",
        "registry",
        "flow",
        "capabilities",
    ),
    "paas_service": (
        "product",
        "unit",
        "scaling",
        "rollout",
        "rollback",
        "entrypoint",
        "artifact",
        "config_format",
        "config_lang",
        "resources",
        "config_example",
    ),
    "hosting": ("how", "operators"),
    "mobile_app": (
        "platform",
        "rendering",
        "state_management",
        "styling",
        "key_components",
        "optimizations",
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
        "templates",
        "serverless",
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


def load_yaml(path: Path) -> Any:
    """Parse a YAML data file once per process and content (or take it parsed ahead)."""
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    parsed = shared_cache("yaml")
    if (path.name, digest) not in parsed:
        ahead = precompiled.shipped_data(digest)
        if ahead is None:
            ahead = yaml.load(raw.decode("utf-8"), Loader=_Loader)
        parsed[path.name, digest] = ahead
    return parsed[path.name, digest]


_LOADED: dict[Path, Catalog] = {}


def load_catalog(directory: Path = CATALOG_DIR) -> Catalog:
    """Every catalog file, parsed once per process: {question: {title, entries}}.

    The same content always gives the same (read-only) object. Within one load of this
    module (one template version) the files are read once."""
    if directory in _LOADED:
        return _LOADED[directory]
    files = [directory / f"{question}.yaml" for question in QUESTIONS]
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()
    catalogs = shared_cache("catalog")
    if digest not in catalogs:
        catalogs[digest] = {q: load_yaml(path) for q, path in zip(QUESTIONS, files, strict=True)}
    catalog: Catalog = catalogs[digest]
    _LOADED[directory] = catalog
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
