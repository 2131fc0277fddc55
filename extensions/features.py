"""Per-feature technical architecture (seed 004): the feature scope's questions and model.

`copier copy --data scope=feature --data feature_name=...` renders the `feature/` folder of
the template instead of `template/`. What a feature needs from the system it is designed for
is recorded as the feature's own answer `system` (a copy of the system's answers, taken from
`.copier-answers.archdocs.yml` at copy time), because during `copier update` Copier renders the
old and new versions in empty temporary folders where the system's answers file is absent.
The extension lays those recorded answers over the context (`overlay`), so the system model
`arch` is the system's, and `build_feature` adds the feature's part as `arch.feature`.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypedDict

import yaml

from .catalog import CATALOG_DIR, load_checked
from .diagrams import Graph, View, all_nodes
from .questions import _one_line_error, choices_text, date_error, slugify
from .questions import validate as validate_text

SYSTEM_ANSWERS_FILE = ".copier-answers.archdocs.yml"
ANSWERS_PREFIX = ".copier-answers.archdocs.feature."
FEATURES_DIR = "docs/architecture/features"
# The feature scope's questions, in the order copier.yml asks them.
QUESTIONS = (
    "system",
    "feature_name",
    "feature_slug",
    "feature_date",
    "feature_owner",
    "feature_prd",
    "feature_status",
    "feature_components",
    "feature_data_migration",
    "feature_flags",
    "feature_rollout",
)
# A system answer renamed by a template release: old name -> new name. A feature records the
# system's answers under the names of its day, and no migration rewrites that copy.
RENAMED = {"domains": "capabilities"}
STATUS_LABELS = {"draft": "Draft", "in_review": "In review", "approved": "Approved"}
MAX_FLAGS = 10
FLAG_LIMIT = 100
FLAG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
URL = re.compile(r"https?://[^\s<>\"`]+")
# The questions whose data-bearing components a feature's decisions are about.
DECISION_TOPICS = ("datastore", "cache", "broker")
NO_SYSTEM = (
    "no system answers were found: a feature copy (scope=feature) reads them from "
    f"{SYSTEM_ANSWERS_FILE}, which the system's own copy writes at the root of the repository; "
    "run the feature copy in that root, after the system's copy"
)


class Component(TypedDict):
    id: str
    name: str
    technology: str
    layer: str
    label: str  # for the questionnaire and the scope lists: name and technology


class Decision(TypedDict):
    question: str
    title: str
    entry: dict[str, Any]  # the system's option, resolved for its cloud
    adr_file: str
    touched: bool


class Rollout(TypedDict):
    key: str
    label: str
    summary: str
    how: str  # how it works on this deployment target ("" for an everywhere strategy)
    side_by_side: bool
    needs_flags: bool


class HighlightedGraph(Graph, total=False):
    highlight: list[str]  # node ids drawn highlighted (the components the feature changes)


class Feature(TypedDict):
    name: str
    slug: str
    date: str
    owner: str
    prd: str
    status: str
    components: list[Component]  # every component a feature can touch, in diagram order
    touched: list[Component]
    untouched: list[Component]
    diagram: View
    decisions: list[Decision]
    data_migration: bool
    flags: list[str]
    rollout: Rollout


# ---------------------------------------------------------------------------- the system


def answers_file(slug: str) -> str:
    """The answers file of the feature with this slug (Renovate finds .copier-answers*.yml)."""
    return f"{ANSWERS_PREFIX}{slug}.yml"


def system_facts(recorded: Any) -> dict[str, Any]:
    """The system's answers as a feature records them: Copier's private keys and `scope`
    dropped, answers renamed since they were recorded given their current names."""
    if isinstance(recorded, str):  # as given with --data, before Copier parses it
        try:
            recorded = yaml.safe_load(recorded)
        except yaml.YAMLError:
            return {}
    if not isinstance(recorded, Mapping):
        return {}
    facts = {str(k): v for k, v in recorded.items() if not str(k).startswith("_") and k != "scope"}
    for old, new in RENAMED.items():
        if old in facts:
            value = facts.pop(old)
            facts.setdefault(new, value)
    return facts


def system_json(recorded: Any) -> str:
    """The default of the question `system`: the system's answers as JSON (which is YAML)."""
    return json.dumps(system_facts(recorded), ensure_ascii=True)


def overlay(context: dict[str, Any]) -> None:
    """In feature scope, make the system's recorded answers the context's answers.

    The system questions are not asked in feature scope, so the context holds their defaults;
    the feature is designed against the system as recorded, so those win."""
    if context.get("scope") == "feature":
        facts = system_facts(context.get("system"))
        context.update(facts)
        if "project_name" in facts:
            context["project_slug"] = slugify(str(facts["project_name"]))


# ---------------------------------------------------------------------------- catalog


def strategies() -> dict[str, dict[str, Any]]:
    """The release strategies of catalog/rollout.yaml, in choice order."""
    data = load_checked(CATALOG_DIR / "rollout.yaml", "rollout")
    return dict(data["strategies"])


def rollouts(model: Mapping[str, Any], flags: list[str]) -> dict[str, tuple[Rollout, str]]:
    """Every strategy with how it works on the system's target, and why it cannot be chosen
    ('' when it can)."""
    deployment = model["opt"]["deployment"]
    offered: Mapping[str, str] = deployment.get("rollout_strategies") or {}
    where = f"{deployment['label']} on {model['opt']['cloud']['label']} ({deployment['service']})"
    found: dict[str, tuple[Rollout, str]] = {}
    for key, data in strategies().items():
        how = str(offered.get(key) or "")
        rollout: Rollout = {
            "key": key,
            "label": str(data["label"]),
            "summary": " ".join(str(data["summary"]).split()),
            "how": " ".join(how.split()),
            "side_by_side": bool(data["side_by_side"]),
            "needs_flags": bool(data["needs_flags"]),
        }
        reason = ""
        if not how and not data["everywhere"]:
            reason = f"{data['label']} ({key}) is not available on {where}"
        elif data["needs_flags"] and not flags:
            reason = f"{data['label']} ({key}) needs at least one name in feature_flags"
        found[key] = (rollout, reason)
    for key, (rollout, reason) in found.items():
        if reason:
            fitting = [
                f"{r['label']} ({k})" for k, (r, why) in found.items() if not why and k != key
            ]
            found[key] = (rollout, f"{reason}. Choose one of: {', '.join(fitting)}.")
    return found


def check_catalog(catalog: Mapping[str, Any]) -> list[str]:
    """Problems in the rollout data: unknown strategies, targets that offer none."""
    problems = []
    known = strategies()
    for key, entry in catalog["deployment"]["entries"].items():
        offered = entry.get("rollout_strategies") or {}
        problems.extend(
            f"deployment.yaml: {key}: rollout_strategies names unknown strategy '{name}'"
            for name in offered
            if name not in known
        )
        if not offered:
            problems.append(f"deployment.yaml: {key}: no rollout_strategies")
    return problems


# ---------------------------------------------------------------------------- components


def components(model: Mapping[str, Any]) -> list[Component]:
    """What a feature can touch: the nodes of the system diagram, but the users."""
    known = {c["id"]: c for c in model["components"]}
    found: list[Component] = []
    for n in all_nodes(model["diagrams"]["system"]["flowchart"]):
        if n["id"] == "users":
            continue
        if n["id"] in known:
            c = known[n["id"]]
            name, technology, layer = str(c["name"]), str(c["technology"]), str(c["layer"])
        else:  # a module inside the one deployable of a modular monolith
            name, layer = str(n["label"]), "Application"
            technology = f"module of {model['backend_name']}"
        found.append(
            {
                "id": n["id"],
                "name": name,
                "technology": technology,
                "layer": layer,
                "label": f"{name} ({technology})",
            }
        )
    stores = [c for c in found if c["id"].startswith("datastore_")]
    if stores:  # a store per service: "datastore" still names them all (and older answers)
        technology = stores[0]["technology"]
        name = "Every service's datastore"
        found.insert(
            found.index(stores[0]),
            {
                "id": "datastore",
                "name": name,
                "technology": technology,
                "layer": "Data",
                "label": f"{name} ({technology})",
            },
        )
    return found


def _choice_name(text: str) -> str:
    """A choice's label, which Copier renders as Jinja: no braces, so never a Jinja tag."""
    return text.replace("{", "(").replace("}", ")")


def choices_yaml(question: str, context: Mapping[str, Any]) -> str:
    """Copier's choices for a feature question whose options come from the system."""
    model = context.get("arch")
    if not isinstance(model, Mapping):
        return "{}"
    if question == "feature_components":
        return choices_text({_choice_name(c["label"]): (c["id"], "") for c in components(model)})
    if question == "feature_rollout":
        flags = split_flags(context.get("feature_flags"))
        return choices_text(
            {
                f"{rollout['label']} ({key})": (key, reason)
                for key, (rollout, reason) in rollouts(model, flags).items()
            }
        )
    raise KeyError(f"no choices for question '{question}'")


def default(question: str, context: Mapping[str, Any]) -> Any:
    """Defaults taken from the recorded system: its team, its target's usual strategy."""
    if question == "feature_owner":
        return str(context.get("owner_team") or "")
    if question == "feature_rollout":
        model = context.get("arch")
        if not isinstance(model, Mapping):
            return "rolling"
        found = rollouts(model, [])
        return next(k for k, (_, reason) in found.items() if not reason)
    raise KeyError(f"no computed default for question '{question}'")


# ---------------------------------------------------------------------------- validation


def split_flags(value: Any) -> list[str]:
    return [part.strip() for part in str(value or "").split(",") if part.strip()]


def _flags_error(value: Any) -> str:
    text = "" if value is None else str(value)
    if "\n" in text or "\r" in text:
        return "feature_flags contains a line break; expected flag names on one line."
    flags = split_flags(text)
    if len(flags) > MAX_FLAGS:
        return f"feature_flags lists {len(flags)} names; expected at most {MAX_FLAGS}."
    for flag in flags:
        if len(flag) > FLAG_LIMIT or not FLAG.fullmatch(flag):
            return (
                f"feature_flags name {flag[:40]!r} is not a flag key; expected names of 1 to "
                f"{FLAG_LIMIT} ASCII letters, digits, '.', '_' or '-' (starting with a letter "
                "or digit), comma-separated, or nothing for a feature without flags."
            )
    lowered = [flag.lower() for flag in flags]
    if len(set(lowered)) != len(lowered):
        return "feature_flags names the same flag twice; make each name distinct."
    return ""


def collision(context: Mapping[str, Any], name: str, slug: str) -> str:
    """Why a feature named `name` cannot be written to features/<slug>/ ('' when it can):
    the folder holds another feature, or something no feature copy wrote."""
    conf = context.get("_copier_conf") or {}
    if not slug or not conf.get("dst_path"):
        return ""
    own = answers_file(slug)
    # Copier loads a feature's answers from the file its answers name: the same file means
    # this very feature is updated or recopied (renamed or not), unless the slug was given
    # with --data, which only a copy that means to take that folder does.
    explicit = "feature_slug" in (conf.get("data") or {})
    if str(conf.get("answers_file") or "") == own and not explicit:
        return ""
    root = Path(str(conf["dst_path"]))
    recorded_file, folder = root / own, root / FEATURES_DIR / slug
    if recorded_file.is_file():
        recorded = yaml.safe_load(recorded_file.read_text(encoding="utf-8")) or {}
        other = str(recorded.get("feature_name", "")) if isinstance(recorded, dict) else ""
        if other == name:
            return ""  # the same feature, copied again
        return (
            f"{name!r} gets the folder name {slug!r}, which the feature {other!r} already has "
            f"({FEATURES_DIR}/{slug}/, recorded in {own}). Choose a name that differs from it "
            "in its letters or digits, not only in case, spacing or punctuation"
        )
    if folder.exists():
        return (
            f"{name!r} gets the folder name {slug!r}, but {FEATURES_DIR}/{slug}/ already exists "
            "and no feature copy recorded it. Choose another name, or move that folder away"
        )
    return ""


def validate(question: str, context: Mapping[str, Any]) -> str:
    """The error message for the current answer of a feature question ('' when valid)."""
    value = context.get(question)
    if question == "system":
        return "" if system_facts(value).get("project_name") else f"system is empty: {NO_SYSTEM}."
    if question == "feature_name":
        if error := validate_text(question, context):
            hint = ' A feature copy takes it as --data feature_name="Notification settings".'
            return error + (hint if not str(value or "").strip() else "")
        if not system_facts(context.get("system")).get("project_name"):
            return f"feature_name cannot be used yet: {NO_SYSTEM}."
        slug = str(context.get("feature_slug") or slugify(str(value)))
        if error := collision(context, str(value), slug):
            return f"feature_name {error}."
        return ""
    if question == "feature_slug":
        text = str(value or "")
        if not text or slugify(text) != text:
            return (
                f"feature_slug {text!r} is not a folder name made by slugify; expected lower-case "
                "ASCII letters and digits joined by single dashes (at most 60), as made from "
                "feature_name."
            )
        if error := collision(context, str(context.get("feature_name") or ""), text):
            return f"feature_slug {error}."
        return ""
    if question == "feature_owner":
        return _one_line_error(question, value, 80)
    if question == "feature_date":
        return date_error(question, value)
    if question == "feature_prd":
        text = str(value or "")
        if text and not URL.fullmatch(text):
            return (
                f"feature_prd {text[:60]!r} is not an http(s) address; give the PRD's URL "
                "(https://...), or leave it empty for a TODO(team) placeholder."
            )
        return ""
    if question == "feature_flags":
        return _flags_error(value)
    if question == "feature_data_migration":
        if value and str(context.get("datastore")) == "none":
            return (
                "feature_data_migration is yes, but the system has no datastore (datastore: "
                "none); answer no, or give the system a datastore first."
            )
        return ""
    raise KeyError(f"no validator for question '{question}'")


# ---------------------------------------------------------------------------- the model


def _highlighted(view: View, ids: list[str], title: str) -> View:
    """The system view with the components a feature changes highlighted."""
    found: dict[str, Any] = {}
    for layout in ("flowchart", "c4"):
        graph: HighlightedGraph = copy.deepcopy(view[layout])  # type: ignore[assignment]
        graph["title"] = title
        graph["highlight"] = list(ids)
        found[layout] = graph
    return {"flowchart": found["flowchart"], "c4": found["c4"]}


def build_feature(answers: Mapping[str, Any], model: Mapping[str, Any]) -> Feature | None:
    """The feature's part of the model (None outside feature scope, or while it is asked)."""
    if answers.get("scope") != "feature" or any(q not in answers for q in QUESTIONS):
        return None
    name = str(answers["feature_name"])
    every = components(model)
    chosen = set(answers.get("feature_components") or [])
    stores = {c["id"] for c in every if c["id"].startswith("datastore_")}
    if "datastore" in chosen:
        chosen |= stores
    if chosen & stores:
        chosen.add("datastore")  # the datastore decision is touched
    touched = [c for c in every if c["id"] in chosen and not (stores and c["id"] == "datastore")]
    flags = split_flags(answers.get("feature_flags"))
    rollout, _ = rollouts(model, flags).get(str(answers["feature_rollout"]), (None, ""))
    if rollout is None:
        raise ValueError(f"feature_rollout {answers['feature_rollout']!r} is not a strategy")
    files = model["adrs"].files
    decisions: list[Decision] = [
        {
            "question": q,
            "title": str(model["titles"][q]),
            "entry": model["opt"][q],
            "adr_file": files[q],
            "touched": q in chosen,
        }
        for q in DECISION_TOPICS
        if model["has"][q]
    ]
    system = model["project"]["name"]
    return {
        "name": name,
        "slug": str(answers["feature_slug"]),
        "date": str(answers["feature_date"]),
        "owner": str(answers["feature_owner"]),
        "prd": str(answers.get("feature_prd") or ""),
        "status": STATUS_LABELS.get(str(answers["feature_status"]), "Draft"),
        "components": every,
        "touched": touched,
        "untouched": [c for c in every if c["id"] not in chosen],
        "diagram": _highlighted(
            model["diagrams"]["system"],
            [c["id"] for c in touched],
            f"{system} with the components {name} changes highlighted",
        ),
        "decisions": sorted(decisions, key=lambda d: not d["touched"]),
        "data_migration": bool(answers.get("feature_data_migration")),
        "flags": flags,
        "rollout": rollout,
    }
