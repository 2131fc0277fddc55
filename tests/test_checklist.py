"""The review checklist: applicability, stable IDs, links that resolve, seed coverage, and
ticks and notes that survive `copier update`.

Run `python tests/test_checklist.py record` after adding checklist items: it records the new
IDs in tests/checklist_ids.yaml (it never rewrites a recorded ID).
"""

from __future__ import annotations

import copy
import random
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import (
    ANSWERS_FILE,
    CATALOG,
    DOCS,
    FIXED_DATE,
    ROOT,
    entries,
    git,
    load_answers,
    make_template_repo,
    run_copy,
    seed_data,
    valid_matrix,
)
from markdown import github_anchors, headings, tables
from update_support import commit_all

from extensions.catalog import MULTISELECT, QUESTIONS, term_pattern
from extensions.checklist import (
    EMBEDDED,
    PILLARS,
    SEVERITIES,
    build_checklist,
    check_checklist,
    load_checklist,
)
from extensions.model import DOCUMENTS, build_model
from extensions.questions import default as computed_default
from extensions.questions import refusal
from extensions.traits import build_arch

IDS_FILE = Path(__file__).with_name("checklist_ids.yaml")
DATA = load_checklist()
COPIER_YML = yaml.safe_load((ROOT / "copier.yml").read_text(encoding="utf-8"))
ITEM_LINE = re.compile(
    r"^- \[(?P<tick>[ x])\] \*\*(?P<id>[A-Z]+-\d+)\*\* \((?P<severity>[a-z]+)\) (?P<text>.+) "
    r"See \[(?P<label>[^\]]+)\]\((?P<file>[\w./-]+)#(?P<anchor>[\w-]+)\)\.$"
)

# Seed checklist item -> when at least one item covering it must apply (tailoring).
SEED_APPLIES = {
    "SQL injection prevention": lambda a: a["datastore"] != "none",
    "XSS prevention": lambda a: platform(a) == "web",
    "CSRF protection": lambda a: (
        a["auth"] == "sessions"
        or (a["frontend"] in ("server_rendered", "nextjs") and a["auth"] in ("oidc", "jwt"))
    ),
    "Database indexes optimized": lambda a: a["datastore"] != "none",
    "Lazy loading for heavy components": lambda a: has_client_app(a),
    "Image optimization": lambda a: has_client_app(a),
    # Server-rendered pages have no JavaScript build to split per route.
    "Code splitting": lambda a: (
        a.get("mobile_app", "none") != "none"
        or (has_client_app(a) and a["frontend"] != "server_rendered")
    ),
}


def has_client_app(answers: Mapping[str, Any]) -> bool:
    """A web frontend or a mobile app: the seed's client-side performance items apply."""
    return answers["frontend"] != "none" or answers.get("mobile_app", "none") != "none"


# ---------------------------------------------------------------- helpers


def platform(answers: Mapping[str, Any]) -> str:
    return (CATALOG["frontend"]["entries"][answers["frontend"]]["platform"] or "none").lower()


def full_answers(**given: Any) -> dict[str, Any]:
    """Answers as the questionnaire would complete them: given, else the (computed) default."""
    answers: dict[str, Any] = {
        "decision_date": FIXED_DATE,
        "capabilities": given.get("capabilities", "accounts, orders, notifications"),
    }
    for name, spec in COPIER_YML.items():
        if name.startswith("_") or name in QUESTIONS or "{{" in str(spec.get("default")):
            continue
        answers[name] = given.get(name, spec.get("default"))
    for question in QUESTIONS:
        if question == "idp" and answers["auth"] != "oidc":
            continue
        if question in given:
            answers[question] = given[question]
        elif "{{" in str(COPIER_YML[question]["default"]):
            answers[question] = computed_default(CATALOG, question, answers)
        else:
            answers[question] = COPIER_YML[question]["default"]
    return answers


TRAITS_DIR = ROOT / "extensions" / "catalog" / "traits"
TRAIT_KEYS = (
    "publish_pattern",
    "tls_ends",
    "health_probe",
    "probe_kinds",
    "zones",
    "consumer_mode",
    "pitr",
    "backups",
    "sign_in",
    "callers",
)


def from_traits(key: str, answers: Mapping[str, Any]) -> str:
    """A trait-derived condition value, read straight from the traits files."""
    target = yaml.safe_load((TRAITS_DIR / "deployment.yaml").read_text(encoding="utf-8"))[
        "entries"
    ][answers["deployment"]][answers["cloud"]]
    # A later answer (paas_service) may pick a variant of the target: App Service, App Engine.
    variant = (target.get("variants") or {}).get(str(answers.get("paas_service")))
    target = variant or target
    if key == "callers":
        # People sign in (a users actor, a web or mobile client) or only machines call.
        people = (
            "users" in (answers.get("actors") or [])
            or answers.get("frontend", "none") != "none"
            or answers.get("mobile_app", "none") != "none"
        )
        return "people" if people else "machines"
    if key == "sign_in":
        # How the identity provider signs people in (oauth or its own SDK).
        idps = yaml.safe_load((TRAITS_DIR / "idp.yaml").read_text(encoding="utf-8"))["entries"]
        idp = idps.get(answers.get("idp")) if answers["auth"] == "oidc" else None
        return str(idp["sign_in"]) if idp else "none"
    if key == "tls_ends":
        return str(target["tls_ends"])
    if key == "health_probe":
        return "probed" if target["health_probe"] else "unprobed"
    if key == "probe_kinds":
        # Startup counts as liveness: both restart an instance (traits/deployment.yaml kinds).
        kinds = set((target["health_probe"] or {}).get("kinds") or [])
        live = "liveness" if kinds & {"liveness", "startup"} else ""
        ready = "readiness" if "readiness" in kinds else ""
        return "_".join(k for k in (live, ready) if k) or "none"
    if key == "zones":
        return "zonal" if target["zones"] else "no_zones"
    if key == "pitr":
        # Snapshots only where the managed service has no point-in-time recovery.
        stores = yaml.safe_load((TRAITS_DIR / "datastore.yaml").read_text(encoding="utf-8"))
        on_cloud = (
            stores["entries"].get(answers["datastore"], {}).get("clouds", {}).get(answers["cloud"])
        )
        return "no_pitr" if on_cloud and on_cloud.get("snapshot_interval_minutes") else "pitr"
    if key == "backups":
        stores = yaml.safe_load((TRAITS_DIR / "datastore.yaml").read_text(encoding="utf-8"))
        on_cloud = (
            stores["entries"].get(answers["datastore"], {}).get("clouds", {}).get(answers["cloud"])
        )
        return "service" if on_cloud and on_cloud.get("backup_service") else "team"
    if answers["broker"] == "none":
        return "none"
    if key == "consumer_mode":
        # CPU between requests, or kept by instance-based billing where a relay runs in the
        # service (https://cloud.google.com/run/docs/configuring/billing-settings): pull.
        always = (target.get("terms") or {}).get("cpu_always")
        relay = from_traits("publish_pattern", answers) in ("outbox", "change_feed")
        return "pull" if target["cpu_between_requests"] or (always and relay) else "push"
    if answers["datastore"] == "none":
        return "publish_then_persist"
    store = yaml.safe_load((TRAITS_DIR / "datastore.yaml").read_text(encoding="utf-8"))["entries"][
        answers["datastore"]
    ]
    if store["transaction_scope"] == "multi_row":
        return "outbox"
    feed = store["clouds"][answers["cloud"]].get("change_feed") or store["change_feed"]
    return "change_feed" if feed else "publish_then_persist"


def oracle(when: Mapping[str, Any] | None, answers: Mapping[str, Any]) -> bool:
    """The condition, read straight from the answers and the catalog (not from the model)."""
    datastore = CATALOG["datastore"]["entries"][answers["datastore"]]
    flags = {
        "frontend": answers["frontend"] != "none",
        "datastore": answers["datastore"] != "none",
        "cache": answers["cache"] != "none",
        "broker": answers["broker"] != "none",
        "idp": answers["auth"] == "oidc",
    }
    for key, value in (when or {}).items():
        if key == "any":
            ok = any(oracle(part, answers) for part in value)
        elif key == "not":
            ok = not oracle(value, answers)
        elif key == "has":
            ok = all(flags[flag] for flag in value)
        elif key == "at_least":
            ok = all(float(answers[k]) >= v for k, v in value.items())
        elif key == "below":
            ok = all(float(answers[k]) < v for k, v in value.items())
        elif key == "schema_style":
            ok = datastore["schema_style"] in value
        elif key == "frontend_platform":
            ok = platform(answers) in value
        elif key in TRAIT_KEYS:
            ok = from_traits(key, answers) in value
        elif key in MULTISELECT:
            ok = bool(set(answers.get(key) or []) & set(value))
        else:
            ok = answers.get(key) in value
        if not ok:
            return False
    return True


def expected_ids(answers: Mapping[str, Any]) -> set[str]:
    return {item["id"] for item in DATA["items"] if oracle(item.get("when"), answers)}


def model_ids(model: Mapping[str, Any]) -> set[str]:
    return {item["id"] for item in model["checklist"]["checks"]}


def chosen_terms_text(answers: Mapping[str, Any]) -> str:
    from test_answers import chosen_text

    return chosen_text(dict(answers))


def foreign_terms(text: str, answers: Mapping[str, Any]) -> list[str]:
    """Terms of options that were not chosen, for every question (styles, API styles,
    authentication and compliance included), unless the chosen options' own text has them."""
    allowed = ""
    found = []
    for question in QUESTIONS:
        value = answers.get(question)
        chosen = value if isinstance(value, list) else [value]
        for key, entry in CATALOG[question]["entries"].items():
            if key in chosen:
                continue
            for term in entry["terms"]:
                if term not in text or not (pattern := term_pattern(term)).search(text):
                    continue
                allowed = allowed or chosen_terms_text(answers)
                if not pattern.search(allowed):
                    found.append(f"{question}={key}: {term!r}")
    return found


def checklist_text(model: Mapping[str, Any]) -> str:
    return "\n".join(
        f"{item['text']} {item['link']['label']}" for item in model["checklist"]["checks"]
    )


def item_lines(markdown: str) -> list[re.Match[str]]:
    return [m for line in markdown.splitlines() if (m := ITEM_LINE.match(line))]


def seed_items() -> dict[str, list[str]]:
    """The seeds' checklist items: 'NNN Section' -> item texts (tests/data/seeds.yaml)."""
    seeds = seed_data()
    return {
        f"{number} {section}": list(seeds[number]["checklists"][section])
        for number, section in EMBEDDED.values()
    }


# ---------------------------------------------------------------- the data


def test_data_is_valid() -> None:
    assert check_checklist(DATA, CATALOG, [doc[0] for doc in DOCUMENTS]) == []


def test_validation_catches_bad_structure() -> None:
    """Fields, types and closed sets are the schema's (extensions/schema.py)."""
    bad = copy.deepcopy(DATA)
    first = bad["items"][0]
    bad["items"].append(
        {
            "id": "SEC-999",
            "pillar": "security",
            "severity": "urgent",
            "text": "Uses nothing",
            "when": {"deployment": ["kubernetes"], "colour": ["red"]},
            "link": "diagrams",
            "owner": "ana",
        }
    )
    bad["items"].append({k: v for k, v in first.items() if k != "link"} | {"id": "SEC-998"})
    problems = check_checklist(bad, CATALOG)
    where = "extensions/catalog/checklist.yaml: items"
    severities = "'critical', 'high', 'medium' or 'low'"
    assert f"{where}.SEC-999.severity: Input should be {severities}, got 'urgent'" in problems
    starts = (
        f"{where}.SEC-999.when.colour: unknown field; accepted: style, cloud,",
        f"{where}.SEC-999.owner: unknown field; accepted: id, pillar, severity,",
        f"{where}.SEC-998.link: missing (required); accepted: id, pillar,",
    )
    for start in starts:
        assert any(p.startswith(start) for p in problems), (start, problems)
    assert len(problems) == 4, problems


def test_validation_catches_bad_references() -> None:
    bad = copy.deepcopy(DATA)
    first = bad["items"][0]
    bad["items"].append({**first, "pillar": "security"})
    bad["retired"] = [first["id"]]
    bad["items"].append({**first, "id": "OPS-99", "link": "nowhere"})
    problems = "\n".join(check_checklist(bad, CATALOG))
    where = "extensions/catalog/checklist.yaml: items"
    for expected in (
        f"{where}.{first['id']}.id: duplicate ID",
        f"{where}.{first['id']}.id: reuses a retired ID",
        f"{where}.OPS-99.link: 'nowhere' is not a topic",
    ):
        assert expected in problems


def test_validation_catches_bad_content() -> None:
    bad = copy.deepcopy(DATA)
    first = bad["items"][0]
    bad["items"][0] = {**first, "pillar": "security"}
    bad["items"].append(
        {
            "id": "SEC-999",
            "pillar": "security",
            "severity": "high",
            "text": "Uses {nothing} and `code`.",
            "when": {"deployment": ["mainframe"]},
            "link": "diagrams",
            "seed": "009 Somewhere: x",
        }
    )
    problems = "\n".join(check_checklist(bad, CATALOG))
    for expected in (
        f"item {first['id']}: prefix does not match pillar 'security'",
        "unknown placeholder {nothing}",
        "Markdown or table syntax",
        "ends with a full stop",
        "'deployment: mainframe' is not a valid value",
        "seed '009 Somewhere: x'",
    ):
        assert expected in problems


def test_a_bad_checklist_file_is_refused_when_loaded(tmp_path: Path) -> None:
    from extensions.schema import CatalogError

    path = tmp_path / "checklist.yaml"
    text = (ROOT / "extensions/catalog/checklist.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("severity: critical", "severity: urgent", 1), encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_checklist(path)
    assert "severity: Input should be 'critical', 'high', 'medium' or 'low', got 'urgent'" in str(
        info.value
    )
    assert str(path) in str(info.value)


def test_the_schema_knows_the_pillars_and_severities() -> None:
    from typing import get_args

    from extensions import schema

    assert get_args(schema.Pillar) == tuple(key for key, _, _, _ in PILLARS)
    assert get_args(schema.Severity) == SEVERITIES


def test_ids_are_unique_and_their_prefix_is_the_pillar() -> None:
    ids = [item["id"] for item in DATA["items"]]
    assert len(ids) == len(set(ids))
    prefixes = {key: prefix for key, prefix, _, _ in PILLARS}
    for item in DATA["items"]:
        assert item["id"].split("-")[0] == prefixes[item["pillar"]], item["id"]
    assert not set(ids) & set(DATA["retired"])


def recorded_ids() -> dict[str, Any]:
    return yaml.safe_load(IDS_FILE.read_text(encoding="utf-8")) or {}


def test_ids_never_change_meaning() -> None:
    """tests/checklist_ids.yaml records each ID's text when it was introduced. A recorded ID
    keeps its text or is retired; it is never dropped, reused or given another text."""
    recorded = recorded_ids()
    current = {item["id"]: item["text"] for item in DATA["items"]}
    retired = set(DATA["retired"])
    for item_id, text in recorded.items():
        if item_id in retired:
            assert item_id not in current, f"{item_id} is retired but back in the data"
            continue
        assert item_id in current, f"{item_id} vanished: list it under `retired` instead"
        assert current[item_id] == text, (
            f"{item_id} changed its text. If the meaning is unchanged (a typo, a better word), "
            "update tests/checklist_ids.yaml in the same commit; if it now checks something "
            "else, retire the ID and add the new check under a new ID."
        )
    unrecorded = sorted(set(current) - set(recorded))
    assert not unrecorded, (
        f"record new IDs with `python tests/test_checklist.py record`: {unrecorded}"
    )


def test_ids_are_data_not_positions() -> None:
    """Reordering the data changes no ID's text and no output order."""
    answers = full_answers(compliance=["gdpr", "hipaa", "pci_dss", "soc2", "iso27001"])
    model = build_model(answers)
    shuffled = copy.deepcopy(DATA)
    random.Random(7).shuffle(shuffled["items"])
    again = build_checklist(
        answers,
        model["opt"],
        {
            "entry": model["entry"],
            "client": model["client"],
            "backend": "the backend",
            "token_lifetime": model["facts"]["access_token_lifetime"],
            # The names the model fills from the traits (extensions/model.py names).
            "pci_capture": model["facts"]["pci"]["capture"],
            "pci_boundary": model["facts"]["pci"]["boundary"],
            "broker_channels": (model["traits"]["broker"] or {}).get("entities") or "topics",
            "broker_headers": (model["traits"]["broker"] or {}).get("headers", ""),
            "probed_by": model["patterns"]["health"].get("by") or "",
            "readiness_path": model["patterns"]["health"]["paths"].get("readiness", ""),
            "liveness_path": model["patterns"]["health"]["paths"].get("liveness", ""),
            "refresh_revoke": model["patterns"]["auth"].get("refresh_revoke"),
            "db_pooler": model["facts"]["db_pooling"] or "",
            "pool_count": model["facts"]["pool_count"],
            "secrets_read": model["facts"]["secrets"],
            "autoscaling": model["facts"]["autoscaling"] or "",
            "pitr_alert": model["patterns"]["recovery"].get("pitr_alert") or "",
            "pitr_on": model["patterns"]["recovery"].get("pitr_on") or "",
        },
        model["targets"],
        DOCUMENTS,
        data=shuffled,
        derived=build_arch(answers, model["opt"])["conditions"],
    )
    assert [(i["id"], i["text"]) for i in again["checks"]] == [
        (i["id"], i["text"]) for i in model["checklist"]["checks"]
    ]


def test_every_item_applies_somewhere_and_every_pillar_is_filled() -> None:
    seen: set[str] = set()
    rng = random.Random(11)
    cases = [full_answers(**case) for case in _option_cases()]
    cases += [_random_answers(rng) for _ in range(150)]
    for answers in cases:
        model = build_model(answers)
        seen |= model_ids(model)
        assert all(pillar["total"] for pillar in model["checklist"]["pillars"]), answers
    assert {item["id"] for item in DATA["items"]} - seen == set()


# ---------------------------------------------------------------- applicability


@pytest.mark.parametrize(("style", "cloud", "deployment"), valid_matrix())
def test_present_iff_condition_over_style_deployment_and_compliance(
    style: str, cloud: str, deployment: str
) -> None:
    kubernetes = {i["id"] for i in DATA["items"] if i.get("when") == {"deployment": ["kubernetes"]}}
    assert len(kubernetes) >= 6
    for regimes in [[], *[[r] for r in entries("compliance")]]:
        answers = full_answers(style=style, cloud=cloud, deployment=deployment, compliance=regimes)
        model = build_model(answers)
        present = model_ids(model)
        assert present == expected_ids(answers), (style, cloud, deployment, regimes)
        assert (kubernetes <= present) == (deployment == "kubernetes")
        assert bool(kubernetes & present) == (deployment == "kubernetes")
        for regime in entries("compliance"):
            about = {
                i["id"]
                for i in DATA["items"]
                if regime in (i.get("when") or {}).get("compliance", [])
            }
            assert about, regime
            assert bool(about & present) == (regime in regimes), (regime, regimes)
        assert foreign_terms(checklist_text(model), answers) == []
        for link in (item["link"] for item in model["checklist"]["checks"]):
            assert link["doc"] == "index" or link["doc"] in answers["documents"]


def _option_cases() -> list[dict[str, Any]]:
    """One answer set per option of every technology question (with what it requires)."""
    cases: list[dict[str, Any]] = []
    for question in (
        "frontend",
        "backend_language",
        "datastore",
        "cache",
        "broker",
        "api_styles",
        "auth",
        "idp",
        "observability",
    ):
        for key in entries(question):
            entry = CATALOG[question]["entries"][key]
            case: dict[str, Any] = {question: [key] if question in MULTISELECT else key}
            for other, allowed in entry.get("requires", {}).items():
                case[other] = allowed[0]
            if question == "idp":
                case["auth"] = "oidc"
            if question == "api_styles" and key == "events":
                case["broker"] = "kafka"
            if case.get("deployment") in ("vms", "containers_vm") or key == "sqlite":
                case.setdefault("style", "monolith")
            cases.append(case)
    return cases


def _random_answers(rng: random.Random) -> dict[str, Any]:
    """A random answer set the questionnaire accepts, targets included (drawn again when an
    earlier answer left a later question no choice, as server-rendered pages do for a
    framework without templates)."""
    answers = full_answers()
    for question in QUESTIONS:
        not_asked = {
            "idp": answers["auth"] != "oidc",
            "paas_service": answers["deployment"] != "paas",
            "hosting": answers["cloud"] == "onprem",
        }
        if not_asked.get(question):
            answers.pop(question, None)
            continue
        keys = [k for k in entries(question) if not refusal(CATALOG, question, k, answers)]
        if not keys:
            return _random_answers(rng)
        if question in MULTISELECT:
            low = 0 if question == "compliance" else 1
            answers[question] = rng.sample(keys, rng.randint(low, min(3, len(keys))))
        else:
            answers[question] = rng.choice(keys)
    answers["availability"] = rng.choice([95, 99.5, 99.9, 99.95, 99.99, 99.999])
    answers["rto_minutes"] = rng.choice([5, 59, 60, 240, 2880])
    answers["rpo_minutes"] = rng.choice([0, 1, 15, 60, 61, 1440])
    keys = [doc[0] for doc in DOCUMENTS]
    answers["documents"] = rng.sample(keys, rng.randint(1, len(keys)))
    return answers


@pytest.mark.parametrize(
    "case", _option_cases(), ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items())
)
def test_present_iff_condition_for_each_option(case: dict[str, Any]) -> None:
    answers = full_answers(**case)
    model = build_model(answers)
    assert model_ids(model) == expected_ids(answers)
    assert foreign_terms(checklist_text(model), answers) == []


def test_present_iff_condition_for_random_answers_and_targets() -> None:
    rng = random.Random(2026)
    for _ in range(200):
        answers = _random_answers(rng)
        model = build_model(answers)
        assert model_ids(model) == expected_ids(answers), answers
        assert foreign_terms(checklist_text(model), answers) == [], answers


@pytest.mark.parametrize(
    ("targets", "present", "absent"),
    [
        ({"rpo_minutes": 0}, {"REL-05"}, {"REL-06", "REL-07"}),
        ({"rpo_minutes": 60}, {"REL-06"}, {"REL-05", "REL-07"}),
        ({"rpo_minutes": 61}, {"REL-07"}, {"REL-05", "REL-06"}),
        ({"rto_minutes": 59}, {"REL-10"}, set()),
        ({"rto_minutes": 60}, set(), {"REL-10"}),
        ({"availability": 99.5}, set(), {"REL-03", "REL-04", "REL-14"}),
        ({"availability": 99.9}, {"REL-03", "REL-14"}, {"REL-04"}),
        ({"availability": 99.99}, {"REL-03", "REL-04"}, set()),
    ],
)
def test_targets_decide_items_and_their_numbers(
    targets: dict[str, Any], present: set[str], absent: set[str]
) -> None:
    model = build_model(full_answers(**targets))
    ids = model_ids(model)
    assert present <= ids and not absent & ids
    texts = {item["id"]: item["text"] for item in model["checklist"]["checks"]}
    t = model["targets"]
    assert f"RTO ({t['rto']}) and the RPO ({t['rpo']})" in texts["REL-01"]
    assert f"error budget of {t['downtime_month']} a month" in texts["REL-02"]
    if "REL-06" in ids:
        assert f"An RPO of {t['rpo']} rules out" in texts["REL-06"]
    if "REL-10" in ids:
        assert f"An RTO of {t['rto']} leaves no time" in texts["REL-10"]


def test_placeholders_name_the_chosen_services() -> None:
    model = build_model(
        full_answers(
            cloud="azure",
            style="serverless",
            deployment="serverless",
            datastore="postgresql",
            broker="azure_service_bus",
            api_styles=["rest", "events"],
        )
    )
    texts = {item["id"]: item["text"] for item in model["checklist"]["checks"]}
    assert "built-in PgBouncer of the flexible server" in texts["PERF-23"]
    assert "Azure Functions" in texts["OPS-08"]
    assert "always-ready instances" in texts["PERF-25"]
    assert "Azure Service Bus delivers at least once" in texts["REL-34"]
    assert "Amazon" not in checklist_text(model)


# ---------------------------------------------------------------- seeds


def test_every_seed_checklist_item_is_covered_by_an_item() -> None:
    seeds = seed_items()
    assert sum(len(items) for items in seeds.values()) == 21
    claimed = {item["seed"] for item in DATA["items"] if item.get("seed")}
    wanted = {f"{section}: {text}" for section, items in seeds.items() for text in items}
    assert wanted - claimed == set(), "seed items without a checklist item"
    assert claimed - wanted == set(), "items naming a seed item that does not exist"


def test_seed_items_are_covered_exactly_where_they_apply() -> None:
    seeds = seed_items()
    rng = random.Random(5)
    cases = [full_answers(**case) for case in _option_cases()]
    cases += [_random_answers(rng) for _ in range(100)]
    for answers in cases:
        model = build_model(answers)
        covered = {
            item["seed"].split(": ", 1)[1] for item in model["checklist"]["checks"] if item["seed"]
        }
        for text in (t for items in seeds.values() for t in items):
            applies = SEED_APPLIES.get(text, lambda a: True)(answers)
            assert (text in covered) == applies, (text, answers)


# ---------------------------------------------------------------- real copies


COPIES = {
    "defaults": {},
    "serverless-aws-hipaa": {
        "style": "serverless",
        "cloud": "aws",
        "deployment": "serverless",
        "datastore": "dynamodb",
        "broker": "sqs_sns",
        "frontend": "none",
        "mobile_app": "react_native",
        "auth": "jwt",
        "compliance": ["hipaa"],
    },
    "event-driven-onprem-pci": {
        "style": "event_driven",
        "cloud": "onprem",
        "deployment": "kubernetes",
        "datastore": "cassandra",
        "broker": "kafka",
        "cache": "memcached",
        "auth": "sessions",
        "api_styles": ["rest", "events"],
        "compliance": ["pci_dss", "gdpr"],
    },
    "monolith-gcp-vms-fewer-docs": {
        "style": "monolith",
        "cloud": "gcp",
        "deployment": "vms",
        "datastore": "sqlite",
        "cache": "none",
        "frontend": "none",
        "auth": "api_keys",
        "documents": ["target", "checklist"],
    },
}


@pytest.fixture(scope="module")
def copies(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("checklist")
    return {name: run_copy(template_repo, root / name, **given) for name, given in COPIES.items()}


@pytest.mark.parametrize("name", list(COPIES))
def test_copy_lists_exactly_the_applicable_items(name: str, copies: dict[str, Path]) -> None:
    answers = {k: v for k, v in load_answers(copies[name]).items() if not k.startswith("_")}
    text = (copies[name] / DOCS / "review-checklist.md").read_text(encoding="utf-8")
    ids = [m.group("id") for m in item_lines(text)]
    assert len(ids) == len(set(ids))
    assert set(ids) == expected_ids(answers)
    assert foreign_terms(text, answers) == []
    order = [(h, [m.group("id") for m in item_lines(section)]) for h, section in _sections(text)]
    for title, section_ids in order:
        pillar = next(p for p in PILLARS if p[2] == title)
        assert all(i.startswith(pillar[1] + "-") for i in section_ids)
        assert section_ids == sorted(section_ids, key=lambda i: int(i.split("-")[1]))


def _sections(text: str) -> Iterable[tuple[str, str]]:
    """(H2 title, body) of every pillar section."""
    titles = [p[2] for p in PILLARS]
    parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
    for title, body in zip(parts[1::2], parts[2::2], strict=True):
        if title in titles:
            yield title, body


@pytest.mark.parametrize("name", list(COPIES))
def test_every_link_resolves_to_a_heading(name: str, copies: dict[str, Path]) -> None:
    docs = copies[name] / DOCS
    count = 0
    for path in docs.glob("*.md"):
        for match in item_lines(path.read_text(encoding="utf-8")):
            target = docs / match.group("file")
            assert target.is_file(), f"{path.name}: {match.group('file')} was not written"
            anchors = github_anchors(target.read_text(encoding="utf-8"))
            assert match.group("anchor") in anchors, f"{path.name}: {match.group(0)[:80]}"
            heading = match.group("label").split(": ", 1)[1].replace("\\", "")
            assert anchors[match.group("anchor")] == heading
            count += 1
    assert count >= 50


@pytest.mark.parametrize("name", list(COPIES))
def test_checklist_markdown_is_well_formed(name: str, copies: dict[str, Path]) -> None:
    text = (copies[name] / DOCS / "review-checklist.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert [t for level, t in headings(text) if level == 2] == [
        "Summary",
        *[p[2] for p in PILLARS],
        "Sign-off",
    ]
    for i, line in enumerate(lines):
        if ITEM_LINE.match(line):
            assert lines[i - 1] == "" and lines[i + 1] == "", f"item not on its own: {line[:40]}"
    (summary,) = tables(text)
    assert all(len(row) == 2 + len(SEVERITIES) for row in summary)
    bodies = dict(_sections(text))
    for row in summary[2:-1]:
        title = re.match(r"\[(.+)\]\(#([\w-]+)\)", row[0])
        assert title and title.group(2) in github_anchors(text)
        found = [m.group("severity") for m in item_lines(bodies[title.group(1)])]
        assert [int(c) for c in row[1:]] == [
            *[found.count(s) for s in SEVERITIES],
            len(found),
        ]
    total = summary[-1]
    assert int(total[-1]) == len(item_lines(text))


def test_documents_link_the_checklist_instead_of_copying_it(copies: dict[str, Path]) -> None:
    """The checklist is the home of its items: the overview's and the reference's seed
    sections link its pillars and copy no item."""
    docs = copies["defaults"] / DOCS
    overview = (docs / "overview.md").read_text(encoding="utf-8")
    reference = (docs / "reference.md").read_text(encoding="utf-8")
    checklist = (docs / "review-checklist.md").read_text(encoding="utf-8")
    anchors = github_anchors(checklist)
    for doc, key, target in (
        (overview, "overview_security", "security"),
        (overview, "overview_performance", "performance-efficiency"),
        (reference, "reference_review", "summary"),
    ):
        _seed, section = EMBEDDED[key]
        body = doc.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
        assert not item_lines(body), section
        assert f"(review-checklist.md#{target})" in body and target in anchors


def embedded_are_seed_items(doc: str, key: str, count: int | None = None) -> None:
    seed, section = EMBEDDED[key]
    body = doc.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    found = item_lines(body)
    assert found, section
    assert all(
        next(i for i in DATA["items"] if i["id"] == m.group("id"))["seed"].startswith(
            f"{seed} {section}: "
        )
        for m in found
    )
    if count is not None:
        assert len(found) == count


def test_fewer_documents_fall_back_to_written_ones(copies: dict[str, Path]) -> None:
    docs = copies["monolith-gcp-vms-fewer-docs"] / DOCS
    assert sorted(p.name for p in docs.glob("*.md")) == [
        "README.md",
        "review-checklist.md",
        "target-architecture.md",
    ]
    files = {m.group("file") for m in item_lines((docs / "review-checklist.md").read_text())}
    assert files <= {"target-architecture.md", "README.md"} and len(files) == 2


def test_without_the_checklist_nothing_links_to_it(template_repo: Path, tmp_path: Path) -> None:
    project = run_copy(template_repo, tmp_path / "p", documents=["overview", "reference"])
    docs = project / DOCS
    assert not (docs / "review-checklist.md").exists()
    for path in docs.glob("*.md"):
        assert "review-checklist.md" not in path.read_text(encoding="utf-8"), path.name
    overview = (docs / "overview.md").read_text(encoding="utf-8")
    embedded_are_seed_items(overview, "overview_security")
    embedded_are_seed_items(overview, "overview_performance")
    reference = (docs / "reference.md").read_text(encoding="utf-8")
    embedded_are_seed_items(reference, "reference_review", 10)


# ---------------------------------------------------------------- copier update


def test_ticks_and_notes_survive_an_update_that_adds_an_item(tmp_path: Path) -> None:
    from copier import run_update

    template = make_template_repo(tmp_path / "template", tag="v1.0.0")
    project = run_copy(template, tmp_path / "project")
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "generated")
    path = project / DOCS / "review-checklist.md"
    text = path.read_text(encoding="utf-8")
    ops = [m for m in item_lines(text) if m.group("id").startswith("OPS-")]
    first, last = ops[0], ops[-1]
    for match, note in ((first, "Diagram reviewed on 2026-02-01."), (last, "Owner: Ana.")):
        ticked = match.group(0).replace("- [ ]", "- [x]", 1)
        text = text.replace(match.group(0), f"{ticked}\n  {note}")
    path.write_text(text, encoding="utf-8")
    commit_all(project, "review")

    data_file = template / "extensions/catalog/checklist.yaml"
    numbers = [int(i["id"].split("-")[1]) for i in DATA["items"] if i["pillar"] == PILLARS[0][0]]
    new_id = f"OPS-{max(numbers) + 1:02d}"
    data_file.write_text(
        data_file.read_text(encoding="utf-8")
        + f"  - id: {new_id}\n"
        + "    pillar: operational_excellence\n"
        + "    severity: low\n"
        + '    text: "The on-call handbook links this checklist"\n'
        + "    link: alerting\n",
        encoding="utf-8",
    )
    commit_all(template, "add a checklist item")
    git(template, "tag", "v2.0.0")

    run_update(
        str(project),
        answers_file=ANSWERS_FILE,
        defaults=True,
        unsafe=True,
        overwrite=True,
        skip_answered=True,
        quiet=True,
        vcs_ref="v2.0.0",
    )
    updated = path.read_text(encoding="utf-8")
    assert "<<<<<<<" not in updated and ">>>>>>>" not in updated
    assert not list(project.rglob("*.rej"))
    assert f"- [x] **{first.group('id')}**" in updated
    assert f"- [x] **{last.group('id')}**" in updated
    assert "\n  Diagram reviewed on 2026-02-01.\n" in updated
    assert "\n  Owner: Ana.\n" in updated
    lines = updated.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"- [x] **{last.group('id')}**"))
    assert lines[at + 1 : at + 4] == ["  Owner: Ana.", "", lines[at + 3]]
    assert lines[at + 3].startswith(f"- [ ] **{new_id}** (low) The on-call handbook links")
    row = next(line for line in lines if line.startswith("| [Operational Excellence]"))
    assert row.endswith(f"| {len(ops) + 1} |")
    assert load_answers(project)["_commit"] == "v2.0.0"


# ---------------------------------------------------------------- recording new IDs


def record() -> None:
    """Append every ID not yet recorded, with its text, to tests/checklist_ids.yaml."""
    recorded = recorded_ids() if IDS_FILE.exists() else {}
    new = {i["id"]: i["text"] for i in DATA["items"] if i["id"] not in recorded}
    if not new:
        print("nothing to record")
        return
    header = (
        ""
        if IDS_FILE.exists()
        else (
            "# Each checklist ID with the text it had when it was introduced.\n"
            "# tests/test_checklist.py checks that no ID changes meaning; append only.\n"
        )
    )
    with IDS_FILE.open("a", encoding="utf-8") as out:
        out.write(header + yaml.safe_dump(new, sort_keys=False, allow_unicode=True, width=10_000))
    print(f"recorded {len(new)} ID(s): {', '.join(new)}")


if __name__ == "__main__" and sys.argv[1:] == ["record"]:
    record()
