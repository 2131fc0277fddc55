"""Answers + catalog -> one derived model that every template reads.

Templates never re-derive a fact: components, decisions, flows, targets, pipeline stages and
the per-cloud product names all come from `build_model`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from .adr import build_adrs
from .catalog import (
    CLOUDS,
    MULTISELECT,
    QUESTIONS,
    Catalog,
    fill_tokens,
    is_cloud_map,
    load_catalog,
)
from .checklist import build_checklist
from .diagrams import build_diagrams
from .features import build_feature
from .integrations import build_integrations
from .questions import default_capabilities, refusal, slugify, split_domains
from .sections import build_sections
from .traits import build_arch, by_cloud, by_consumers, fill_prose

Entry = dict[str, Any]
Model = dict[str, Any]

# The documents this template writes: key -> (file, seed title, purpose, when to read it).
DOCUMENTS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "overview",
        "overview.md",
        "Architecture Overview",
        "The one-page picture: layers, components, main flows and key decisions.",
        "First, or when you join the team.",
    ),
    (
        "design",
        "design.md",
        "Architecture Design",
        "How the system is built: components, patterns, data flow, API, security, "
        "scaling, deployment, monitoring, recovery and performance targets.",
        "Before you change how components interact or are deployed.",
    ),
    (
        "reference",
        "reference.md",
        "Architecture Documentation",
        "The full reference: requirements, every component, data, integrations, "
        "security, observability, delivery, testing, API, stack, limits and roadmap.",
        "When you need the detail behind the overview, or review the architecture.",
    ),
    (
        "target",
        "target-architecture.md",
        "Target Architecture",
        "The short target-architecture sheet: stack, components, flows, risks and "
        "open questions, with the further topics every target must settle.",
        "When you plan the next stage or compare it with where you are.",
    ),
    (
        "checklist",
        "review-checklist.md",
        "Architecture Review Checklist",
        "What the team checks before it approves the architecture: the items that apply "
        "to these choices, by Well-Architected pillar, with IDs, severities and links.",
        "Before an architecture review, and after every change of a choice.",
    ),
    (
        "feature",
        "features/feature-template.md",
        "Technical Architecture",
        "The per-feature technical architecture, already tailored to this system, to copy "
        "by hand; `copier copy --data scope=feature` writes one per feature instead.",
        "When you design a feature that changes components, data or APIs.",
    ),
)

STATUS_LABELS = {"draft": "Draft", "in_review": "In review", "approved": "Approved"}


def resolve(value: Any, cloud: str) -> Any:
    """Replace every cloud-keyed map inside a value by the chosen cloud's entry."""
    if is_cloud_map(value):
        return resolve(value.get(cloud, ""), cloud)
    if isinstance(value, dict):
        return {k: resolve(v, cloud) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, cloud) for v in value]
    return value


def option(catalog: Catalog, question: str, key: str, answers: Mapping[str, Any]) -> Entry:
    """One catalog entry, resolved for the cloud, with its key and concrete service.

    Its alternatives are the catalog's, less those the other answers rule out (no DynamoDB
    weighed for a system on Azure)."""
    cloud = answers["cloud"]
    raw = catalog[question]["entries"][key]
    services = raw.get("services") or {}
    entry: Entry = resolve(copy.deepcopy(raw), cloud)
    entry["key"] = key
    entry["question"] = question
    entry["is_none"] = key == "none"
    entry["service"] = services.get(cloud) or raw["label"]
    entry["services"] = services
    entry["alternatives_resolved"] = [
        _alternative(catalog, question, alt, cloud)
        for alt in raw.get("alternatives", [])
        if not refusal(catalog, question, alt, answers)
    ]
    return entry


def _alternative(catalog: Catalog, question: str, key: str, cloud: str) -> Entry:
    raw = catalog[question]["entries"][key]
    return {
        "key": key,
        "label": raw["label"],
        "summary": raw["summary"],
        "strengths": by_cloud(raw["strengths"], cloud),
        "tradeoffs": by_cloud(raw["tradeoffs"], cloud),
        "service": by_consumers((raw.get("services") or {}).get(cloud) or raw["label"], None),
        "is_none": key == "none",
    }


# Answers a project may lack: questions asked only sometimes, or added after its version.
MULTISELECT_DEFAULTS: dict[str, list[str]] = {"actors": ["users"]}
PAAS_FIELDS = (
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
)


def answered(question: str, answers: Mapping[str, Any]) -> str | None:
    """The answer of a single-choice question, or what it means when it was not asked
    (None: the topic does not apply)."""
    if question == "idp" and answers.get("auth") != "oidc":
        return None
    if question == "paas_service" and answers.get("deployment") != "paas":
        return None
    if question == "hosting" and answers.get("cloud") == "onprem":
        return "self_managed"
    value = answers.get(question)
    if value is None:
        return {"hosting": "managed", "mobile_app": "none"}.get(question, value)
    return str(value)


def _apply_paas_service(opt: dict[str, Any]) -> None:
    """The chosen PaaS product replaces the PaaS deployment's product-specific text."""
    paas = opt.get("paas_service")
    if not paas:
        return
    deployment = opt["deployment"]
    if paas["product"]:
        deployment["service"] = paas["product"]
    for field in PAAS_FIELDS:
        if paas[field]:
            deployment[field] = paas[field]


def _apply_hosting(opt: dict[str, Any], catalog: Catalog, cloud: str) -> None:
    """Self-managed on a cloud: the datastore, cache and broker are the products a team runs
    itself, on the chosen platform."""
    if opt["hosting"]["key"] != "self_managed" or cloud == "onprem":
        return
    platform = opt["deployment"]["service"]
    for question in ("datastore", "cache", "broker"):
        chosen = opt[question]
        own = (catalog[question]["entries"][chosen["key"]].get("services") or {}).get("onprem")
        if not chosen["is_none"] and own:
            chosen["service"] = f"{own}, run by the team on {platform}"


def _pascal(slug: str) -> str:
    return "".join(part.capitalize() for part in slug.split("-") if part)


def _fill_examples(
    opt: dict[str, Any], answers: Mapping[str, Any], grpc_server: str | None
) -> None:
    """The API styles' example endpoints, channels and versions name the system's own
    capabilities ({res}, {Res}, {pkg}, {res2}), never a business domain of the catalog's;
    gRPC's name the capability whose unit serves gRPC (facts.grpc_server)."""
    slugs = [slugify(d) for d in split_domains(str(answers.get("capabilities") or "core"))]
    slugs = slugs or ["core"]
    for style in opt["api_styles"]:
        own = grpc_server if style["key"] == "grpc" and grpc_server else slugs[0]
        _fill_style(style, [own] + [s for s in slugs if s != own])


def _fill_style(style: dict[str, Any], slugs: list[str]) -> None:
    first, second = slugs[0], slugs[1] if len(slugs) > 1 else f"{slugs[0]}-worker"
    pascal = _pascal(first)
    values = {
        "{res}": first,
        "{Res}": pascal,
        "{resCamel}": pascal[:1].lower() + pascal[1:],
        "{pkg}": first.replace("-", "_"),
        "{res2}": second,
    }

    # A row naming {other} stands for every capability after the first, joined (dropped
    # when there is only one).
    style["organization"] = [
        {**row, "path": ", ".join(row["path"].replace("{other}", o) for o in slugs[1:])}
        if "{other}" in row["path"]
        else row
        for row in style["organization"]
        if "{other}" not in row["path"] or len(slugs) > 1
    ]
    for field in ("versioning", "organization", "error_model"):
        style[field] = fill_tokens(style[field], values)


def _module_events(opt: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, str]:
    """How modules of one deployable learn of each other's changes: one path, the broker's
    subscriptions where there is a broker (facts.channels, drawn in the views), else an
    in-memory bus."""
    if opt["broker"]["is_none"]:
        return {
            "module_events_name": "In-process domain events",
            "module_events_usage": "A module publishes an event on an in-memory bus after its "
            "transaction commits, so other modules react without depending on it; events that "
            f"must survive a crash {names['durable']}.",
            "module_events_step": "other modules learn about the change through an in-process "
            "domain event, published after the transaction commits",
        }
    broker = opt["broker"]["label"]
    return {
        "module_events_name": f"Module events through {broker}",
        "module_events_usage": f"A module announces each committed change as an event on "
        f"{broker}, and the modules that react consume it through consumers of their own, "
        "never through an in-memory bus, so they do not depend on it and no committed change "
        "is lost in a crash.",
        "module_events_step": f"the modules that react to the change consume the event from "
        f"{broker} through consumers of their own",
    }


def human_minutes(minutes: int) -> str:
    """15 -> '15 minutes', 240 -> '4 hours', 90 -> '1 hour 30 minutes'."""
    if minutes == 0:
        return "0 minutes (no data loss)"
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [
        f"{n} {unit}{'' if n == 1 else 's'}"
        for n, unit in ((days, "day"), (hours, "hour"), (mins, "minute"))
        if n
    ]
    return " ".join(parts)


def _targets(answers: Mapping[str, Any]) -> dict[str, Any]:
    availability = float(answers["availability"])
    month_minutes = (100 - availability) / 100 * 30 * 24 * 60
    year_hours = (100 - availability) / 100 * 365 * 24
    rto, rpo = int(answers["rto_minutes"]), int(answers["rpo_minutes"])
    return {
        "availability": f"{availability:g}%",
        "downtime_month": human_minutes(round(month_minutes))
        if month_minutes >= 1
        else f"{month_minutes * 60:.0f} seconds",
        "downtime_year": f"{year_hours:.1f} hours",
        "latency_ms": int(answers["latency_p95_ms"]),
        "rto": human_minutes(rto),
        "rpo": human_minutes(rpo),
        "rto_minutes": rto,
        "rpo_minutes": rpo,
    }


def _units(style: Entry, domains: list[dict[str, str]], project: str) -> list[dict[str, Any]]:
    """The backend's pieces: one per domain, named for the style."""
    return [
        {
            "id": f"unit_{d['slug'].replace('-', '_')}",
            "name": f"{d['name']} {style['unit']}",
            "domain": d["name"],
            "slug": d["slug"],
        }
        for d in domains
    ]


def _fill(steps: list[str], names: Mapping[str, str]) -> list[str]:
    """Catalog steps with the chosen components' names, each a capitalised sentence."""
    filled = [step.format_map(dict(names)).strip() for step in steps]
    return [
        f"{text[0].upper()}{text[1:]}{'' if text[-1] in '.!?' else '.'}" for text in filled if text
    ]


def _people(opt: Mapping[str, Any]) -> bool:
    """Whether people call the system: a users actor, a web or mobile client."""
    keys = {a["key"] for a in opt["actors"]}
    return "users" in keys or not opt["frontend"]["is_none"] or not opt["mobile_app"]["is_none"]


def _auth_texts(
    opt: Mapping[str, Any],
    arch: Mapping[str, Any],
    names: Mapping[str, str],
    single_deployable: bool,
) -> dict[str, Any]:
    """The sign-in flow, tokens and authorization of the chosen method, in the words of the
    chosen identity provider: how its clients sign in, which token the API checks, whether it
    has scopes and a client credentials grant (traits/idp.yaml), and how one service proves
    who it is to another on this platform (traits/deployment.yaml `identity`)."""
    auth, found = opt["auth"], arch["patterns"]["auth"]
    texts = {**auth, **auth.get("by_sign_in", {}).get(found.get("sign_in"), {})}
    identity = arch["facts"].get("identity")
    keys = {a["key"] for a in opt["actors"]}
    people = _people(opt)
    machines = auth.get("machines", {}).get(found.get("sign_in") or "oauth")
    adr_keys = ("summary", "strengths", "tradeoffs", "rationale", "confirmation")
    # The record reads the same texts as the design, filled with this provider's facts
    # (claims it checks, token lifetime); browser trade-offs only with a web frontend.
    adr: dict[str, Any] = {k: texts[k] for k in adr_keys if texts.get(k)}
    if (opt["frontend"].get("platform") or "").lower() == "web" and auth.get("web_tradeoffs"):
        adr["tradeoffs"] = [*adr["tradeoffs"], *auth["web_tradeoffs"]]
    if machines and not people:
        # No person signs in: the machine callers' own flows (actors.yaml, traits/idp.yaml).
        texts = {**auth, **machines}
        adr = {k: texts[k] for k in adr_keys if texts.get(k)}
        if "internal_systems" not in keys:
            texts["flow"] = []
        texts["flow"] = [
            *texts["flow"],
            *(
                f"{a['label']} hold no token of {{idp}}: each proves who it is with "
                f"{a['identity'][0].lower()}{a['identity'][1:]}."
                for a in opt["actors"]
                if a["key"] != "internal_systems"
            ),
        ]
    if single_deployable:
        service_calls = "inside {backend} the modules call each other in process, with no token"
    elif found.get("client_credentials", True):
        service_calls = (
            "calls that {backend} makes to other services use tokens it obtains with the "
            "client credentials grant"
        )
    else:
        service_calls = (
            "calls that {backend} makes to other services carry a token of its own workload "
            f"identity ({identity or 'the service identity the platform gives it'}), because "
            "{idp} has no client credentials grant"
        )
    more = {
        **names,
        "machine_credential": found.get("machine_credential")
        or "its own client credential, never shared with another caller",
        "identity": identity or "the service identity the platform gives it",
        "token_lifetime": found.get("access_token") or "the lifetime set at the provider",
        "claims_checked": found.get("claims_checked")
        or "the issuer, the audience, the expiry and the scopes",
        "claims_short": found.get("claims_short") or "issuer, audience, expiry, scopes",
        "refresh_revoke": found.get("refresh_revoke")
        or (
            "signing out alone leaves the refresh token valid, so the client sends it to "
            "the provider's token revocation endpoint"
        ),
    }
    more["service_calls"] = service_calls.format_map(more)
    steps = list(texts["flow"])
    partner = next((a for a in opt["actors"] if a["key"] == "partner_systems"), None)
    if partner and partner.get("verify"):
        # The second verifier: calls from the partner gateway carry its own credential, not a
        # token of the identity provider (actors.yaml `verify`, one fact per gateway).
        at = next((i + 1 for i, s in enumerate(steps) if s.startswith("Before serving")), 0)
        steps.insert(
            at or len(steps),
            "A call from the partner gateway carries no token of {idp}: {backend} accepts it "
            f"only with {partner['verify']}",
        )
    flow = _fill(steps, more)
    mfa = (arch["facts"].get("pci") or {}).get("sign_in_mfa")
    if mfa and auth["key"] in ("sessions", "jwt"):
        # The system's own sign-in is the way into the CDE: its second factor (facts.pci).
        flow = [
            step.replace(" (and an MFA code where enabled)", "").replace(
                "After checking the password hash", f"After checking the password hash and {mfa}"
            )
            for step in flow
        ]
    return {
        # The decision record's texts for machine callers, filled like the flow.
        "adr": {
            k: [x.format_map(more) for x in v] if isinstance(v, list) else v.format_map(more)
            for k, v in adr.items()
        },
        "flow": flow,
        "tokens": texts["tokens"].format_map(more),
        "authorization": texts["authorization"].format_map(more),
    }


def _fill_patterns(
    patterns: list[Mapping[str, str]], names: Mapping[str, str]
) -> list[dict[str, str]]:
    """A style's patterns with the chosen products' wording; a pattern whose name fills to
    nothing (no event publishing without a broker) is left out."""
    filled = []
    for pattern in patterns:
        name = pattern["name"].format_map(dict(names)).strip()
        if name:
            filled.append({"name": name, "usage": pattern["usage"].format_map(dict(names))})
    return filled


def build_model(answers: Mapping[str, Any], catalog: Catalog | None = None) -> Model:
    """The one model the templates read."""
    catalog = catalog or load_catalog()
    cloud = answers["cloud"]
    if cloud not in CLOUDS:
        raise ValueError(f"unknown cloud {cloud!r}")
    opt: dict[str, Any] = {}
    for question in QUESTIONS:
        if question in MULTISELECT:
            given = answers.get(question)
            keys = given if given is not None else MULTISELECT_DEFAULTS.get(question, [])
            opt[question] = [option(catalog, question, k, answers) for k in keys]
            continue
        key = answered(question, answers)
        opt[question] = option(catalog, question, key, answers) if key else None
    _apply_paas_service(opt)
    _apply_hosting(opt, catalog, cloud)

    style, deployment, cloud_opt = opt["style"], opt["deployment"], opt["cloud"]
    frontend, datastore, cache, broker = (
        opt["frontend"],
        opt["datastore"],
        opt["cache"],
        opt["broker"],
    )
    name = str(answers["project_name"])
    domains = [{"name": d, "slug": slugify(d)} for d in split_domains(answers["capabilities"])]
    units = _units(style, domains, name)
    single_deployable = style["key"] in ("monolith", "modular_monolith")
    backend_name = f"{name} backend" if single_deployable else f"{name} {style['units']}"

    framework, mobile = opt["backend_framework"], opt["mobile_app"]
    # Who owns the OpenAPI document, one fact per framework (catalog openapi): a code-first
    # framework generates it, so the committed copy is its output, compared in CI.
    if framework and framework.get("openapi", "code") == "code":
        opt["api_styles"] = [
            {**s, "spec": s.get("spec_from_code") or s["spec"]} for s in opt["api_styles"]
        ]
    if frontend["is_none"] and not mobile["is_none"] and frontend.get("with_mobile_app"):
        # No web frontend beside a mobile app: the app is the user interface.
        if frontend.get("service") == frontend["label"]:
            frontend["service"] = frontend["with_mobile_app"]["label"]
        frontend.update(frontend["with_mobile_app"])
    if frontend["key"] == "server_rendered":
        # The pages are the backend framework's own templates, served from its origin.
        frontend["technology"] = framework["templates"]
        if framework.get("validation_pages"):
            # One validation fact for the pages' path, read by the component view, the
            # security measures and SEC-01; an API beside the pages keeps its own mechanism.
            callers = {a["key"] for a in opt.get("actors") or []}
            api = bool(callers & {"partner_systems", "internal_systems"}) or not mobile["is_none"]
            pages = framework["validation_pages"]
            framework["validation"] = (
                f"{pages}; on the API, {framework['validation']}" if api else pages
            )
        client = f"the browser, with pages rendered from {framework['templates']}"
    elif not frontend["is_none"]:
        frontend["technology"] = frontend["label"]
        client = f"the {frontend['label']} {frontend['platform'].lower()} app"
    elif not mobile["is_none"]:
        client = f"the {mobile['label']} mobile app"
    else:
        client = "an API client"
    if not frontend["is_none"] and not mobile["is_none"]:
        # Both clients are in every flow: each signs in and calls the API the same way.
        client += f" or the {mobile['label']} mobile app"
    arch = build_arch(answers, opt)
    _fill_examples(opt, answers, arch["facts"]["grpc_server"])
    entry_name = arch["facts"]["entry"]
    fill_prose(opt, arch)
    publish = arch["patterns"]["publish"]
    terms = (arch["traits"].get("deployment") or {}).get("terms") or {}
    names = {
        "client": client,
        "entry": entry_name,
        "rate_limited_by": arch["facts"].get("rate_limited_by") or entry_name,
        "exposure": "the same entry point as the callers from outside"
        if arch["facts"]["entry_public"]
        else "on a private address only; no public exposure",
        "fn_scope": terms.get("scope", "function"),
        "backend": backend_name if single_deployable else f"the owning {style['unit']}",
        "datastore": datastore["service"] if not datastore["is_none"] else "the downstream APIs",
        "cache": cache["service"],
        "broker": broker["service"],
        # The background worker's job source: the chosen broker's queue, else a table.
        "jobs_from": (
            f"a queue on {broker['service']}"
            if not broker["is_none"]
            else "a jobs table in the database"
        ),
        "broker_channels": (arch["traits"].get("broker") or {}).get("entities") or "topics",
        "idp": opt["idp"]["label"] if opt["idp"] else "the identity provider",
        "token_lifetime": arch["facts"].get("access_token_lifetime") or "",
        "api_token": arch["patterns"]["auth"].get("api_token") or "access token",
        "pci_capture": arch["facts"]["pci"]["capture"],
        "pci_boundary": arch["facts"]["pci"]["boundary"],
        "sql_edition": arch["facts"].get("sql_edition") or "",
        "broker_headers": (arch["traits"].get("broker") or {}).get("headers", ""),
        "probed_by": arch["patterns"]["health"].get("by") or "",
        "readiness_path": arch["patterns"]["health"]["paths"].get("readiness", ""),
        "liveness_path": arch["patterns"]["health"]["paths"].get("liveness", ""),
        "refresh_revoke": arch["patterns"]["auth"].get("refresh_revoke")
        or (
            "signing out alone leaves the refresh token valid, so the client sends it to "
            "the provider's token revocation endpoint"
        ),
        "db_pooler": arch["facts"].get("db_pooling") or "",
        "region_compute": arch["patterns"]["region_compute"]["checklist"],
        # What must stay under the connection limit (facts.pool_per_module).
        "pool_count": arch["facts"]["pool_count"],
        # How services get their secrets (facts.secrets).
        "secrets_read": arch["facts"]["secrets"],
        # One container's memory limit by language runtime (backend_language.yaml).
        "container_memory": (opt.get("backend_language") or {})
        .get("container_resources", {})
        .get("memory", ""),
        # The scaling signal per unit kind (facts.autoscaling).
        "autoscaling": arch["facts"].get("autoscaling") or "",
        # The REL-06 alert threshold from the store's usual restore-point lag.
        "pitr_alert": arch["patterns"]["recovery"].get("pitr_alert") or "",
        "pitr_on": arch["patterns"]["recovery"].get("pitr_on") or "",
        "grpc_balancing": arch["facts"].get("grpc_balancing") or "",
        # PCI DSS v4.0.1 req. 8.2.8: re-authentication after at most 15 minutes idle.
        "session_idle": (
            "at most 15 minutes, as PCI DSS requirement 8.2.8 asks"
            if "pci_dss" in (answers.get("compliance") or [])
            else "15 to 30 minutes"
        ),
    }
    # How the state change and its event stay together, chosen from the datastore's traits
    # (extensions/traits.py _publish): the flow, its diagram and the pattern list agree.
    names.update(
        {
            "transaction": publish["transaction"] or "",
            "dedupe": publish["dedupe"],
            "dedupe_by": publish["dedupe_by"],
            "unit_of_work": publish["unit_of_work"],
            "durable": publish["durable"],
            "publish_write": str(publish.get("write") or "").format_map(names),
            "publish_relay": str(publish.get("relay") or "").format_map(names),
            "publish_step": str(publish.get("step") or "").format_map(names),
            "publish_name": str(publish.get("name") or ""),
            "publish_usage": str(publish.get("usage") or ""),
        }
    )
    names.update(_module_events(opt, names))
    # How the entry point hands a request on (patterns.entry.forwards, per entry kind).
    forwards = (arch["patterns"].get("entry") or {}).get("forwards")
    names["entry_forwards"] = str(
        forwards or "forwards the request to any healthy instance of {backend}"
    ).format_map(names)
    style["patterns"] = _fill_patterns(style["patterns"], names)
    style["code_patterns"] = _fill_patterns(style["code_patterns"], names)
    main_flow = _fill(style["main_flow"], names)
    # An internal system's credential is the identity provider's (traits/idp.yaml
    # machine_credential) where it gets tokens by the client credentials grant.
    machine_credential = arch["patterns"]["auth"].get("machine_credential")
    if machine_credential and not arch["patterns"]["auth"].get("client_credentials"):
        machine_credential = None
    # One mechanism per provider: the client's access token, else the workload identity.
    credential = (
        f"an access token of its own client at {names['idp']}"
        if machine_credential
        else "its workload identity"
    )
    actors = [
        {
            "key": a["key"],
            "label": a["label"],
            "node": a["node"],
            "channel": a["channel"],
            "identity": (
                f"Its own client at {names['idp']}, authenticating with {machine_credential}"
                if machine_credential and a["key"] == "internal_systems"
                else a["identity"]
            ),
            "edge": a["edge"].format_map(names) if a["edge"] else "",
            "registry": a["registry"],
            "handoff": a.get("handoff") or "",
            "flow": _fill(
                a["flow"],
                {
                    **names,
                    "forward": a.get("forward") or "",
                    "verify": a.get("verify") or "",
                    "credential": credential,
                },
            ),
            "credential_label": "access token" if machine_credential else "workload identity",
            "forward": a.get("forward") or "",
        }
        for a in opt["actors"]
    ]
    devices = next((a for a in actors if a["key"] == "devices"), None)
    people = any(a["key"] == "users" for a in actors)
    if devices and not people and opt["frontend"]["is_none"] and opt["mobile_app"]["is_none"]:
        # Devices and no people: the main flow is the device ingest path (as in the sequence
        # diagram), then the publishing step of the style's flow, never an API client's call.
        published = names.get("broker") or "\0"
        main_flow = [*devices["flow"], *(step for step in main_flow if published in step)]
        # One fact with the main flow: overview and reference name the device path too.
        main_path = {
            "origin": "a device",
            "through": "the device ingest endpoint",
            "carries": "messages",
        }
    else:
        main_path = {"origin": client, "through": entry_name, "carries": "calls"}
    if not cache["is_none"]:
        at = next(
            (i for i, step in enumerate(main_flow) if names["datastore"] in step),
            len(main_flow),
        )
        main_flow.insert(
            at,
            f"{names['backend'][0].upper()}{names['backend'][1:]} looks the data up in "
            f"{cache['service']} first and only reads {names['datastore']} on a miss "
            "(cache-aside, with a TTL per key family); a write deletes the keys of what it "
            "changed once it has committed.",
        )

    decisions = [
        {
            "question": q,
            "title": catalog[q]["title"],
            "chosen": opt[q] if q in MULTISELECT else [opt[q]],
        }
        for q in QUESTIONS
        if opt[q] is not None and (q not in MULTISELECT or opt[q])
    ]

    components = _components(
        opt, units, name, backend_name, single_deployable, client, arch["facts"]
    )
    observability = opt["observability"]
    stages = _stages(opt)
    auth = _auth_texts(opt, arch, names, single_deployable)
    if auth["adr"]:
        opt["auth"] = {**opt["auth"], **auth["adr"]}
    entry_traits = arch["patterns"]["entry"]
    for component in components:
        if component["id"] == "entry" and entry_traits:
            # What the entry point really does: rate limits only where it has them.
            component["purpose"] += f" {entry_traits['rate_limiting']}."
    model: Model = {
        "project": {
            "name": name,
            "slug": slugify(name),
            "description": str(answers["description"]),
            "team": str(answers["owner_team"]),
            "status": STATUS_LABELS.get(str(answers["doc_status"]), str(answers["doc_status"])),
            "date": str(answers["decision_date"]),
            "domains": domains,
        },
        "opt": opt,
        "titles": {q: catalog[q]["title"] for q in QUESTIONS},
        "has": {
            "frontend": not frontend["is_none"],
            "datastore": not datastore["is_none"],
            "cache": not cache["is_none"],
            "broker": not broker["is_none"],
            "idp": opt["idp"] is not None,
            "compliance": bool(opt["compliance"]),
            "mobile": not mobile["is_none"],
            "server_rendered": frontend["key"] == "server_rendered",
            "users": any(a["key"] == "users" for a in opt["actors"]),
            "devices": any(a["key"] == "devices" for a in opt["actors"]),
            "partners": any(a["key"] == "partner_systems" for a in opt["actors"]),
            "internal_systems": any(a["key"] == "internal_systems" for a in opt["actors"]),
            "self_managed": opt["hosting"]["key"] == "self_managed",
            "containers": deployment["key"] in ("kubernetes", "containers_vm", "paas"),
        },
        "single_deployable": single_deployable,
        "backend_name": backend_name,
        "client": client,
        "entry": entry_name,
        "units": units,
        "components": components,
        "main_flow": main_flow,
        "main_path": main_path,
        "actors": actors,
        # The capabilities the default gave (`core` and one per actor): names to replace.
        "placeholder_capabilities": [
            d["name"]
            for d in domains
            if d["name"] in split_domains(default_capabilities(catalog, answers.get("actors")))
        ],
        "auth_flow": auth["flow"],
        "auth_tokens": auth["tokens"],
        "auth_authorization": auth["authorization"],
        "decisions": decisions,
        "targets": _targets(answers),
        "stages": stages,
        "observability": {
            field: observability[field]
            for field in ("logging", "metrics", "tracing", "alerting", "dashboards")
        },
        "documents": [
            {"key": k, "file": f, "title": t, "purpose": p, "when": w}
            for k, f, t, p, w in DOCUMENTS
            if k in (answers.get("documents") or [d[0] for d in DOCUMENTS])
        ],
        "stack": _stack(opt),
        "artifact_store": artifact_store(deployment, cloud_opt),
        "traits": arch["traits"],
        "patterns": arch["patterns"],
        "facts": arch["facts"],
        "checklist": build_checklist(
            answers, opt, names, _targets(answers), DOCUMENTS, derived=arch["conditions"]
        ),
        "adrs": build_adrs(answers, catalog, opt, _targets(answers), DOCUMENTS, arch=arch),
    }
    model["sections"] = build_sections(
        DOCUMENTS,
        [*(d["key"] for d in model["documents"])],
        {"deployment": deployment["service"]},
    )
    model["diagrams"] = build_diagrams(model)
    model["feature"] = build_feature(answers, model)  # None outside the feature scope
    model["integrations"] = build_integrations(
        answers, model["documents"], [(t.id, t.file, t.title) for t in model["adrs"].topics]
    )
    return model


def _components(
    opt: Mapping[str, Any],
    units: list[dict[str, Any]],
    name: str,
    backend_name: str,
    single: bool,
    client: str,
    facts: Mapping[str, Any],
) -> list[dict[str, Any]]:
    """Every runtime building block, in the order a request meets them."""
    frontend, language, framework = (
        opt["frontend"],
        opt["backend_language"],
        opt["backend_framework"],
    )
    deployment, cloud = opt["deployment"], opt["cloud"]
    comps: list[dict[str, Any]] = []
    style_units, style_unit = opt["style"]["units"], opt["style"]["unit"]
    entry = facts["entry"]
    target = backend_name if single else style_units
    domains = ", ".join(u["domain"] for u in units)
    if frontend["key"] == "server_rendered":
        comps.append(
            {
                "id": "frontend",
                "layer": "Client",
                "name": "Server-rendered web pages",
                "technology": framework["templates"],
                "runs_on": f"{backend_name}, on {deployment['service']} (same origin as the API)",
                "purpose": frontend["summary"],
            }
        )
    elif not frontend["is_none"]:
        hosting = deployment["service"] if frontend["needs_server"] else cloud["static_hosting"]
        comps.append(
            {
                "id": "frontend",
                "layer": "Client",
                "name": f"{frontend['label']} {frontend['platform'].lower()} app",
                "technology": frontend["label"],
                "runs_on": hosting,
                "purpose": (
                    "The mobile user interface, installed from the app stores"
                    if frontend["platform"] == "Mobile"
                    else "The user interface in the browser"
                )
                + f"; it calls the API through {entry}.",
            }
        )
    mobile = opt["mobile_app"]
    if not mobile["is_none"]:
        comps.append(
            {
                "id": "mobile_app",
                "layer": "Client",
                "name": f"{mobile['label']} mobile app",
                "technology": mobile["label"],
                "runs_on": "the users' phones, from the app stores (Apple App Store, Google Play)",
                "purpose": mobile["summary"],
            }
        )
    for actor in opt["actors"]:
        if actor["key"] == "devices":
            comps.append(
                {
                    "id": "ingest",
                    "layer": "Edge",
                    "name": "Device ingest endpoint",
                    "technology": actor["edge"],
                    "runs_on": cloud["label"],
                    "purpose": f"Takes device messages in ({actor['channel']}); "
                    f"identity: {actor['identity']}.",
                }
            )
            comps.append(
                {
                    "id": "device_registry",
                    "layer": "Security",
                    "name": "Device registry",
                    "technology": actor["registry"],
                    "runs_on": cloud["label"],
                    "purpose": "Keeps every device's identity and certificate; "
                    "revoking one there cuts the device off.",
                }
            )
        elif actor["key"] == "partner_systems":
            comps.append(
                {
                    "id": "partner_gateway",
                    "layer": "Edge",
                    "name": "Partner API gateway",
                    "technology": actor["edge"],
                    "runs_on": cloud["label"],
                    "purpose": "Checks each partner's API credentials and enforces its quota "
                    "before a call reaches the entry point.",
                }
            )
    comps.append(
        {
            "id": "entry",
            "layer": "Edge",
            "name": "Entry point",
            "technology": entry,
            "runs_on": cloud["label"],
            "purpose": f"Terminates TLS and routes requests to the {target}.",
        }
    )
    tech = f"{framework['label']} on {language['label']}"
    if single:
        comps.append(
            {
                "id": "backend",
                "layer": "Application",
                "name": backend_name,
                "technology": tech,
                "runs_on": deployment["service"],
                "purpose": "One deployable that holds the "
                + ", ".join(u["name"] for u in units)
                + ".",
            }
        )
    else:
        comps.extend(
            {
                "id": u["id"],
                "layer": "Application",
                "name": u["name"],
                "technology": tech,
                "runs_on": deployment["service"],
                "purpose": f"Owns the {u['domain']} capability and its data.",
            }
            for u in units
        )
    store = opt["datastore"]["label"]
    for question, layer, purpose in (
        (
            "datastore",
            "Data",
            f"Holds the data of {domains}."
            if single
            else f"One {facts['store_unit']} per {style_unit}, {facts['store_access']}: "
            "each owns its data.",
        ),
        ("cache", "Data", f"Serves repeated reads, so they skip {store}."),
        ("broker", "Messaging", f"Carries the events the {style_units} publish and consume."),
    ):
        chosen = opt[question]
        if not chosen["is_none"]:
            comps.append(
                {
                    "id": question,
                    "layer": layer,
                    "name": chosen["label"],
                    "technology": chosen["service"],
                    "runs_on": cloud["label"],
                    "purpose": purpose,
                }
            )
    relay = facts.get("relay")
    pci = facts.get("pci") or {}
    cde_relay = pci.get("cde_relay")
    if relay:
        # One relay for every unit, run by the team (traits.py _relay): in the table, counted.
        comps.append(
            {
                "id": "relay",
                "layer": "Messaging",
                "name": "Change-feed relay",
                "technology": f"consumer of {relay['feed']}",
                "runs_on": f"{relay['runs_on']}, on {deployment['service']}",
                "purpose": f"Publishes {relay['carries']} of {store} to "
                f"{opt['broker']['label']}: one workload the team runs, outside the {target}"
                + (f", for every feed but the {pci['cde_unit']}'s." if cde_relay else "."),
            }
        )
    if relay and cde_relay:
        # The unit set apart for card data has its own relay inside its namespace or segment
        # (facts.pci.cde_relay), so the shared relay stays out of PCI DSS scope.
        ns = pci.get("cde_namespace")
        where = f"namespace {ns}" if ns else f"the {pci['cde_unit']}'s network segment"
        comps.append(
            {
                "id": "relay_cde",
                "layer": "Messaging",
                "name": cde_relay,
                "technology": f"consumer of {relay['feed']}",
                "runs_on": f"{relay['runs_on']}, in {where}, on {deployment['service']}",
                "purpose": f"Publishes {relay['carries']} of the {pci['cde_unit']}'s store to "
                f"{opt['broker']['label']}, inside its {pci['scope_label']}.",
            }
        )
    if opt["idp"]:
        comps.append(
            {
                "id": "idp",
                "layer": "Security",
                "name": "Identity provider",
                "technology": opt["idp"]["label"],
                # Self-run: where it runs (facts.idp_host), e.g. "self-hosted, namespace keycloak".
                "runs_on": facts["idp_host"]["short"]
                if facts.get("idp_host")
                else opt["idp"]["hosting"],
                "purpose": "Signs users in and issues the tokens the backend checks."
                if _people(opt)
                else "Issues each calling system the tokens the backend checks.",
            }
        )
    return comps


def _stack(opt: Mapping[str, Any]) -> list[dict[str, str]]:
    """One row per layer of the tech stack: layer, choice, concrete product, what for."""
    rows = []
    for question, layer in (
        ("frontend", "Frontend"),
        ("mobile_app", "Mobile app"),
        ("backend_language", "Backend language"),
        ("backend_framework", "Backend framework"),
        ("datastore", "Primary datastore"),
        ("cache", "Cache"),
        ("broker", "Message broker"),
        ("auth", "Authentication"),
        ("idp", "Identity provider"),
        ("deployment", "Deployment target"),
        ("hosting", "Hosting of data and messaging"),
        ("cloud", "Cloud"),
        ("ci", "CI/CD"),
        ("observability", "Observability"),
    ):
        chosen = opt[question]
        if chosen is None or (question == "mobile_app" and chosen["is_none"]):
            continue
        rows.append(
            {
                "question": question,
                "layer": layer,
                "choice": chosen["label"],
                "service": chosen["service"],
                "summary": chosen["summary"],
                "is_none": chosen["is_none"],
            }
        )
    styles = opt["api_styles"]
    rows.insert(
        3,
        {
            "question": "api_styles",
            "layer": "API styles",
            "choice": ", ".join(s["label"] for s in styles),
            "service": ", ".join(s["spec"].strip().rstrip(".") for s in styles),
            "summary": " ".join(s["summary"] for s in styles),
            "is_none": not styles,
        },
    )
    return rows


def artifact_store(deployment: Entry, cloud: Entry) -> str:
    """Where the target's artifact is published: the cloud's registry unless the catalog
    says otherwise (a function app zip package goes to object storage)."""
    return str(cloud[deployment.get("artifact_store") or "registry"])


def _stages(opt: Mapping[str, Any]) -> list[dict[str, str]]:
    """The CI/CD pipeline stages for the chosen CI system, language and target."""
    language, deployment, cloud, ci = (
        opt["backend_language"],
        opt["deployment"],
        opt["cloud"],
        opt["ci"],
    )
    frontend = opt["frontend"]
    test = (
        "Unit, integration, contract and architecture tests"
        + (
            ""
            if frontend["is_none"] or frontend["key"] == "server_rendered"
            else f", and the {frontend['label']} app's tests"
        )
        + ("" if opt["mobile_app"]["is_none"] else f", and the {opt['mobile_app']['label']} app's")
        + "; a failing test stops the pipeline."
    )
    # A static web app's bundle is built once, like the backend's artifact, and promoted
    # unchanged with each environment's deploy (the same-artifact rule).
    static_web = frontend["key"] != "server_rendered" and not frontend["needs_server"]
    web = not frontend["is_none"] and static_web
    bundle = f" It also builds the {frontend['label']} bundle, once." if web else ""
    stages = [
        {"name": "Build", "detail": language["build"] + bundle},
        {"name": "Test", "detail": test},
        {
            "name": "Package",
            "detail": f"Build the {deployment['artifact']} once, tagged with the commit.",
        },
        # The artifact is scanned once it exists, and only a clean one is published.
        {
            "name": "Security scan",
            "detail": "Dependency audit, static analysis (SAST) and a scan of the built "
            f"{deployment['artifact']}; only a clean artifact is published to "
            f"{artifact_store(deployment, cloud)}.",
        },
        {"name": "Deploy to staging", "detail": deployment["rollout"]},
        {"name": "Approve", "detail": ci["approvals"]},
        {
            "name": "Deploy to production",
            "detail": f"The same artifact is promoted; rollback: {deployment['rollback']}",
        },
    ]
    # The clients the answers chose ship too, after the API they call: a static web app's
    # assets to the static hosting, a mobile app's signed build through the stores' testing
    # tracks to store review (https://developer.apple.com/testflight/,
    # https://support.google.com/googleplay/android-developer/answer/9845334).
    if web:
        stages.append(
            {
                "name": "Publish web app",
                "detail": "Upload the Build stage's bundle, unchanged, to the static web "
                "hosting; the API address is configuration, not a rebuild.",
            }
        )
    if not opt["mobile_app"]["is_none"]:
        stages.append(
            {
                "name": "Release mobile app",
                "detail": f"Build and sign the {opt['mobile_app']['label']} app in "
                f"{opt['ci']['label']}, upload it to "
                "TestFlight and a Google Play testing track, then submit it for store review.",
            }
        )
    return stages
