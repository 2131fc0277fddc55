"""Patterns chosen from what the chosen products can do, and one value per fact.

The catalog's traits (`extensions/catalog/traits/*.yaml`, schema in extensions/schema.py)
say what each datastore, deployment target, entry point, identity provider and compliance
regime can and cannot do, per cloud where it differs. `build_arch` resolves them for the
answers and chooses from them, never from the style alone:

- how events are published: a transactional outbox only where one transaction covers the
  state change and the outbox row, else the store's change feed, else idempotent
  publish-then-persist;
- where mutual TLS is checked: where TLS ends (the load balancer or the platform's front end,
  which forwards the certificate in a header), never "in the container" behind it;
- how consumers receive messages: pull only where CPU runs between requests;
- whether backup and replication can meet the RPO and RTO, or a sentence saying they cannot
  and what would;
- health checks only where something probes them, with one path per probe kind.

The model keeps the result under `traits` (what the products are), `patterns` (what the
system does) and `facts` (one value per fact: health paths, token lifetime, limits), so every
template and diagram reads the same value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from .catalog import CATALOG_DIR, Catalog, fill_tokens, load_catalog, load_checked

TRAITS_DIR = CATALOG_DIR / "traits"
TOPICS = ("datastore", "deployment", "idp", "compliance", "broker")

# Framework-native health endpoints; other frameworks get the paths the team maps itself.
HEALTH_PATHS: dict[str, dict[str, str]] = {
    # Spring Boot Actuator health groups (Spring Boot 2.3+):
    # https://docs.spring.io/spring-boot/reference/actuator/endpoints.html#actuator.endpoints.kubernetes-probes
    "spring_boot": {
        "liveness": "/actuator/health/liveness",
        "readiness": "/actuator/health/readiness",
        "how": "Spring Boot Actuator health groups, "
        "on with management.endpoint.health.probes.enabled",
    },
    # SmallRye Health in Quarkus: https://quarkus.io/guides/smallrye-health
    "quarkus": {
        "liveness": "/q/health/live",
        "readiness": "/q/health/ready",
        "how": "SmallRye Health (quarkus-smallrye-health)",
    },
    "aspnet_core": {
        "liveness": "/health/live",
        "readiness": "/health/ready",
        "how": "MapHealthChecks with a tag filter choosing the checks each path runs",
        "how_one": "MapHealthChecks on this path, with a tag filter choosing its checks",
    },
    "nestjs": {
        "liveness": "/health/live",
        "readiness": "/health/ready",
        "how": "@nestjs/terminus health indicators behind a HealthController",
    },
}
# What each CI system's Git host calls a proposed change, and the host that renders Markdown.
# GitHub: https://docs.github.com/en/pull-requests ; GitLab:
# https://docs.gitlab.com/user/project/merge_requests/ ; Azure Repos:
# https://learn.microsoft.com/azure/devops/repos/git/pull-requests
CHANGE_REQUEST: dict[str, dict[str, str]] = {
    "github_actions": {"term": "pull request", "host": "GitHub"},
    "gitlab_ci": {"term": "merge request", "host": "GitLab"},
    "azure_pipelines": {"term": "pull request", "host": "Azure Repos"},
    "jenkins": {"term": "pull request", "host": "the Git host"},
}


def change_request(ci: str) -> dict[str, str]:
    """The CI system's word for a proposed change ('merge request' on GitLab)."""
    return CHANGE_REQUEST.get(ci, {"term": "pull request", "host": "the Git host"})


DEFAULT_HEALTH = {
    "liveness": "/health/live",
    "readiness": "/health/ready",
    "how": "two routes the service maps itself: liveness checks the process only, readiness "
    "its own ability to serve",
}

Traits = dict[str, Any]


def load_traits(directory: Path = TRAITS_DIR) -> dict[str, Any]:
    """Every traits file, parsed once per process and checked against its schema."""
    return {topic: load_checked(directory / f"{topic}.yaml", f"traits/{topic}") for topic in TOPICS}


def check_traits(catalog: Catalog, traits: Mapping[str, Any] | None = None) -> list[str]:
    """Keys of the traits files that name no catalog option, and options without traits."""
    traits = traits or load_traits()
    problems: list[str] = []
    for topic in TOPICS:
        keys = set(catalog[topic]["entries"])
        for key in traits[topic]["entries"]:
            if key not in keys:
                problems.append(f"traits/{topic}.yaml: entries.{key}: not a {topic} option")
        for key in keys - set(traits[topic]["entries"]) - {"none"}:
            problems.append(f"traits/{topic}.yaml: entries: {key} has no traits")
    for key, entry in traits["datastore"]["entries"].items():
        services = catalog["datastore"]["entries"].get(key, {}).get("services") or {}
        for cloud in services:
            if cloud not in entry["clouds"]:
                problems.append(f"traits/datastore.yaml: entries.{key}.clouds: {cloud} missing")
    for key, clouds in traits["deployment"]["entries"].items():
        services = catalog["deployment"]["entries"].get(key, {}).get("services") or {}
        for cloud in services:
            if cloud not in clouds:
                problems.append(f"traits/deployment.yaml: entries.{key}: {cloud} missing")
    for key, entry in traits["broker"]["entries"].items():
        services = catalog["broker"]["entries"].get(key, {}).get("services") or {}
        for cloud in services:
            if cloud not in entry["clouds"]:
                problems.append(f"traits/broker.yaml: entries.{key}.clouds: {cloud} missing")
    return problems


# ------------------------------------------------------------------------------ resolving


def _target(traits: Mapping[str, Any], answers: Mapping[str, Any]) -> Traits | None:
    """The deployment target's traits on the chosen cloud (a variant when a later question
    picked another product for the same target, such as App Service for PaaS on Azure)."""
    clouds = traits["deployment"]["entries"].get(answers["deployment"], {})
    found = clouds.get(answers["cloud"])
    if found is None:
        return None
    variants = found.get("variants") or {}
    for value in answers.values():
        if isinstance(value, str) and value in variants:
            return {**variants[value], "variant": value}
    return {k: v for k, v in found.items() if k != "variants"}


def one_of(text: str, framework: str) -> str:
    """One tool out of a catalog list "A, B or C": the one naming the framework (Spring Data
    with Spring Boot, the Django ORM with Django), else the first, so no document hedges."""
    if " or " not in text:
        return text
    options = [o.strip() for o in re.split(r",? or |, ", text) if o.strip()]
    word = framework.split("_")[0].lower()
    return next((o for o in options if word and word in o.lower()), options[0])


def _datastore(traits: Mapping[str, Any], answers: Mapping[str, Any]) -> Traits | None:
    entry = traits["datastore"]["entries"].get(answers["datastore"])
    if entry is None:
        return None
    on_cloud = entry["clouds"].get(answers["cloud"])
    if on_cloud is None:
        return None
    resolved: Traits = {k: v for k, v in entry.items() if k not in ("clouds", "data_access")}
    resolved.update({k: v for k, v in on_cloud.items() if v is not None or k not in resolved})
    resolved["source"] = [*entry["source"], *on_cloud["source"]]
    access = entry["data_access"].get(str(answers["backend_language"]))
    framework = str(answers.get("backend_framework") or "")
    resolved["data_access"] = (
        {k: one_of(str(v), framework) for k, v in access.items()} if access else None
    )
    # A managed offering (hosting: managed, on a cloud) has its own change feed and scaling:
    # no commit-log CDC, nodes or token ranges where the service runs them.
    hosted = answers.get("hosting") != "self_managed" and answers["cloud"] != "onprem"
    resolved.pop("managed_change_feed", None)
    resolved.pop("managed_scaling", None)
    resolved.pop("managed_consistency", None)
    # The relay reads the managed change feed, not the database (relay_config).
    resolved.pop("relay_config", None)
    if hosted and on_cloud.get("relay_config"):
        resolved["relay_config"] = on_cloud["relay_config"]
    if hosted and on_cloud.get("managed_consistency"):
        resolved["consistency"] = on_cloud["managed_consistency"]
    if hosted and on_cloud.get("managed_change_feed"):
        resolved["change_feed"] = on_cloud["managed_change_feed"]
    resolved["scaling"] = on_cloud.get("managed_scaling") if hosted else None
    scales_by = (resolved["scaling"] or {}).get("scales_by")
    if scales_by and resolved.get("load"):
        resolved["load"] = {**resolved["load"], "scales_by": scales_by}
    if not hosted:
        resolved.pop("feed_misses", None)
        resolved.pop("vendor", None)
        resolved.pop("metrics_export", None)
    return resolved


def _public_entry(opt: Mapping[str, Any]) -> bool:
    """Whether callers outside the organisation's network reach the entry point: people or
    partner systems. Devices reach their ingest endpoint and internal systems the entry
    point on a private address, so without those two the entry point has no public edge."""
    return _people(opt) or any(a["key"] == "partner_systems" for a in opt["actors"])


def _people(opt: Mapping[str, Any]) -> bool:
    """Whether people call the system: a users actor, a web or mobile client."""
    return (
        any(a["key"] == "users" for a in opt["actors"])
        or not opt["frontend"]["is_none"]
        or not opt["mobile_app"]["is_none"]
    )


def _idp(
    traits: Mapping[str, Any], answers: Mapping[str, Any], people: bool = True
) -> Traits | None:
    if answers.get("auth") != "oidc":
        return None
    entry = traits["idp"]["entries"].get(answers.get("idp"))
    if entry is None:
        return None
    # The outage text names the token the APIs really check (ID token or access token), and
    # what stops: sign-in and refresh where people sign in; only new client-credentials tokens
    # where machines alone call (they never sign in or refresh).
    stops = traits["idp"]["outage" if people else "outage_machines"]
    if entry.get("workload_tokens"):
        stops = f"{stops}, and {entry['workload_tokens']}"
    outage = f"{stops}; {traits['idp']['outage_rest']}".replace("{token}", entry["api_token"])
    return {**entry, "outage": outage, "outage_stops": stops.replace("{token}", entry["api_token"])}


def _idp_host(
    idp: Traits | None, answers: Mapping[str, Any], opt: Mapping[str, Any]
) -> Traits | None:
    """Where a self-run identity provider runs and keeps its data (facts.idp_host): from the
    deployment target and the datastore, read by the diagrams, the identity section and the
    recovery step (which it also sets: the provider is promoted with the store)."""
    hosts = (idp or {}).get("hosts") or {}
    if not idp or not hosts:
        return None
    deploy = str(answers.get("deployment"))
    cloud = str(answers.get("cloud"))
    if deploy in hosts:
        runs = hosts[deploy]
    else:
        # Serverless and PaaS: the cloud's managed container service (deployment.yaml paas).
        service = (
            opt["deployment"].get("service")
            if deploy == "paas"
            else load_catalog()["deployment"]["entries"]["paas"]["services"].get(cloud)
        )
        runs = hosts["containers"].replace("{service}", str(service))
    store = opt.get("datastore") or {}
    shared = store.get("key") in (idp.get("databases") or [])
    if shared:
        # The server's name, without how it is run ("... with Patroni ...", "(...)").
        server = str(store.get("service") or store.get("label")).split(" (")[0]
        server = server.split(" with ")[0]
        db = f"own database on {server}"
        region = "the promoted replica"
    else:
        pg = load_catalog()["datastore"]["entries"]["postgresql"]["services"]
        server = "PostgreSQL" if cloud == "onprem" else str(pg.get(cloud) or "PostgreSQL")
        db = f"own {server}{'' if server.endswith(' server') else ' server'}"
        region = "its own server's promoted replica"
    label = str((opt.get("idp") or {}).get("label") or answers.get("idp"))
    # The diagram's note: the namespace (named after the option) or the hosts, no count.
    short = {"kubernetes": f"namespace {answers.get('idp')}", "vms": "own VMs"}.get(
        "vms" if deploy == "containers_vm" else deploy, runs.split(", ")[0]
    )
    return {
        "runs": runs,
        "db": db,
        "shared": shared,
        "short": short,
        "text": f"{runs}; {db}",
        "region_loss": f"{label} uses {region}",
    }


def _broker(traits: Mapping[str, Any], opt: Mapping[str, Any], cloud: str) -> Traits | None:
    """The broker's terms, whether it is a managed service here, and its one retention text.

    Self-managed (hosting answer, on premises, or no managed offering on this cloud): the
    option's own scaling advice (add brokers or servers) applies; managed: the cloud's."""
    chosen = opt["broker"]
    if chosen["is_none"]:
        return None
    entry = traits["broker"]["entries"].get(chosen["key"])
    if entry is None:
        return None
    on_cloud = entry["clouds"].get(cloud) or {}
    managed = bool(on_cloud.get("managed")) and opt["hosting"]["key"] != "self_managed"
    resolved: Traits = {k: v for k, v in entry.items() if k != "clouds"}
    resolved["managed"] = managed
    resolved["scaling"] = chosen["scaling"]
    resolved["retention"] = chosen["retention"]
    if managed:
        for field in ("scaling", "retention", "keeps", "region_loss", "region_node"):
            if on_cloud.get(field):
                resolved[field] = on_cloud[field]
        resolved["source"] = [*entry["source"], *on_cloud.get("source", [])]
        resolved["vendor"] = on_cloud.get("vendor")
        resolved["metrics_export"] = on_cloud.get("metrics_export")
    resolved["spread"] = "across its nodes" if cloud == "onprem" else "across zones"
    return resolved


def _replace(text: str, values: Mapping[str, str]) -> str:
    for token, value in values.items():
        text = text.replace(token, value)
    return text


NEUTRAL_LOAD = {
    "burst": "opens its own connections, so a concurrency cap is needed",
    "read_scaling": "a larger datastore",
    "load_metric": "Datastore read latency and load",
}


def prose_terms(arch: Mapping[str, Any] | None) -> dict[str, str]:
    """The datastore's load terms as catalog placeholders ({db_burst}, ...)."""
    ds = ((arch or {}).get("traits") or {}).get("datastore") or {}
    load = {**NEUTRAL_LOAD, **(ds.get("load") or {})}
    terms = {f"{{db_{k}}}": v for k, v in load.items()}
    # The store's own words for what holds records and what keeps a module's apart.
    terms["{db_records}"] = ds.get("records") or "tables"
    terms["{db_namespace}"] = ds.get("module_namespace") or "schema"
    broker = ((arch or {}).get("traits") or {}).get("broker") or {}
    terms["{broker_channels}"] = broker.get("entities") or NEUTRAL_BROKER["entities"]
    slice_ = ds.get("spring_test_slice")
    terms["{data_test_slice}"] = f" and {slice_}" if slice_ else ""
    # The backlog measure in the chosen broker's words, also where other styles are weighed.
    broker = ((arch or {}).get("traits") or {}).get("broker") or {}
    terms["{broker_lag}"] = broker.get("lag") or NEUTRAL_BROKER["lag"]
    # The first capability's channel, subscription and dead-letter names (facts.channels).
    channels = ((arch or {}).get("facts") or {}).get("channels") or []
    first = channels[0] if channels else {"topic": "", "subscriptions": []}
    sub = (first["subscriptions"] or [{"name": "", "dead_letter": ""}])[0]
    terms["{topic}"] = first["topic"]
    terms["{topic_subscription}"] = sub["name"]
    terms["{topic_dead_letter}"] = sub["dead_letter"]
    # The health endpoints the platform probes (patterns.health), in the framework's list.
    health = ((arch or {}).get("patterns") or {}).get("health") or {}
    paths = health.get("paths") or {}
    if len(paths) > 1:
        listed = " and ".join(f"{k} ({v})" for k, v in paths.items())
        terms["{health_checks}"] = f"health checks for {listed}"
    elif paths:
        terms["{health_checks}"] = (
            f"one health check on {next(iter(paths.values()))}, for {health['by']}"
        )
    else:
        terms["{health_checks}"] = "no health endpoint, since nothing probes one"
    # PCI DSS: card capture per channel and the cardholder data environment's boundary.
    pci = ((arch or {}).get("facts") or {}).get("pci") or {}
    terms["{pci_capture}"] = pci.get("capture", "")
    terms["{pci_captured}"] = pci.get("captured", "")
    terms["{pci_boundary}"] = pci.get("boundary", "")
    terms["{pci_page_scripts}"] = pci.get("page_scripts", "")
    # Alternatives in a record: a pooler in general (the chosen store's is filled first).
    terms["{db_pooler}"] = "a connection pooler such as PgBouncer"
    terms["{db_migrations}"] = ""
    # The cloud's network text names the chosen cache service where it is reached otherwise.
    connection = ((arch or {}).get("facts") or {}).get("cache_connection") or ""
    terms["{cache_network}"] = f", except {connection}" if connection else ""
    # The chosen cache service's sharding; an alternative's depends on a service not chosen.
    terms["{cache_sharding}"] = ((arch or {}).get("facts") or {}).get("cache_sharding") or ""
    # How a consumer recognises a redelivered event (patterns.publish, from DEDUPE).
    publish = ((arch or {}).get("patterns") or {}).get("publish") or {}
    terms["{dedupe_by}"] = publish.get("dedupe_by") or NO_STORE_DEDUPE[1]
    terms["{secrets_read}"] = ((arch or {}).get("facts") or {}).get("secrets") or ""
    terms["{clients}"] = " ".join(((arch or {}).get("facts") or {}).get("clients") or [])
    terms["{grpc_balancing}"] = ((arch or {}).get("facts") or {}).get("grpc_balancing") or (
        "by the layer-7 load balancer in front of the instances"
    )
    return terms


@cache
def _segment(kinds: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\{(" + "|".join(kinds) + r")\}(.*?)\{/\}", re.S)


def keep_segments(value: Any, kinds: tuple[str, ...], on: Iterable[str]) -> Any:
    """Catalog prose with marked segments: a segment {kind}...{/} of one of `kinds` is kept
    (without its markers) only where its kind is in `on`, else dropped; a list item left
    empty goes. Strings, lists and mappings alike."""
    keep = set(on)
    if isinstance(value, list):
        return [v for v in (keep_segments(item, kinds, keep) for item in value) if v != ""]
    if isinstance(value, str):
        return _segment(kinds).sub(lambda m: m.group(2) if m.group(1) in keep else "", value)
    if isinstance(value, dict):
        return {k: keep_segments(v, kinds, keep) for k, v in value.items()}
    return value


def by_hosting(value: Any, mode: str | None) -> Any:
    """Who runs the store's nodes: {self_managed}...{/} or {managed}...{/} kept only for that
    mode (the team's own nodes, or a service that runs them); with no mode (an alternative),
    neither is."""
    return keep_segments(value, ("self_managed", "managed"), [mode] if mode else [])


def by_runs_on(value: Any, mode: str) -> Any:
    """Whether a Kubernetes cluster runs the workloads: {cluster}...{/} or {hosts}...{/}."""
    return keep_segments(value, ("cluster", "hosts"), [mode])


def by_cloud(value: Any, cloud: str | None) -> Any:
    """Text true on one cloud only: {aws}...{/}, {azure}...{/}, {gcp}...{/} or {onprem}...{/}
    kept only for the system's cloud."""
    return keep_segments(value, ("aws", "azure", "gcp", "onprem"), [cloud] if cloud else [])


def by_consumers(value: Any, mode: str | None) -> Any:
    """How this system's consumers get messages (patterns.consumers.mode): {pull}...{/} or
    {push}...{/} kept only for that mode; with no mode (an alternative), neither is."""
    return keep_segments(value, ("pull", "push"), [mode] if mode else [])


def by_clients(value: Any, clients: Iterable[str]) -> Any:
    """The system's kinds of client: {people}...{/} (people sign in), {web}...{/} (a browser
    app) or {mobile}...{/} (a mobile app) kept only where the system has it."""
    return keep_segments(value, ("people", "web", "mobile"), clients)


NEUTRAL_FUNCTIONS = {
    "package": "its own deployment package",
    "release": "as a new version",
    "limit": "the platform's concurrency or instance limit",
    "limit_shared": "A concurrency or instance limit shared by several functions lets one runaway "
    "function throttle the others unless each has its own cap",
    "shared_code": "a versioned library",
    "scope": "function",
    "vertical": "Memory and CPU per instance are set per function, so a CPU-bound function gets "
    "more CPU up to the platform maximum.",
    "new_feature": "deployed without touching the existing ones",
    "per_handler": "One handler per endpoint or event type keeps each deployment package small, "
    "which shortens cold starts, and its permissions narrow",
    "concurrency": "The platform runs one instance per concurrent request, or a configured "
    "number of concurrent requests per instance",
    "zones": "The platform runs instances across availability zones and replaces failed ones",
    "failures": "asynchronous triggers retry a failed invocation and then hand the event to the "
    "dead-letter destination the trigger offers",
    "workflow": "the platform's workflow service",
}


def function_terms(cloud: str) -> dict[str, str]:
    """The {fn_<key>} words of the cloud's functions platform (neutral where it has none), for
    text about functions that are weighed but not chosen."""
    clouds = load_traits()["deployment"]["entries"].get("serverless", {})
    terms = (clouds.get(cloud) or {}).get("terms") or {}
    return {f"{{fn_{k}}}": v for k, v in {**NEUTRAL_FUNCTIONS, **terms}.items()}


NEUTRAL_BROKER = {
    "group": "consumer",
    "groups": "consumers",
    "channels": "topics",
    "entities": "topics",
    "parallelism": "the broker's unit of parallelism",
    "settle": "settles each message after processing",
    "keeps": "keeps them as its retention settings say",
    "resume": "pick up the messages they had not settled",
    "batching": "batch sizes",
    "spread": "across zones",
    "lag": "consumer backlog",
    "headers": "message headers",
}


# The one eviction policy, by what the cache holds (sessions must never be evicted).
CACHE_EVICTION = {
    "session_keys": "noeviction: it also holds the sessions, so every cache key carries a TTL and "
    "a cache write refused at full memory counts as a miss",
    # Quota counters (INCR and EXPIRE per window) carry a TTL like the cached reads, and a live
    # counter is touched on every request, so LRU over all keys evicts cold reads first:
    # https://redis.io/docs/latest/develop/reference/eviction/
    "pure_cache": "allkeys-lru: live quota counters are touched on every request, so cold "
    "cached reads go first",
}


# Where each signal is stored, by observability choice and cloud: one fact that the design,
# the reference, the diagrams and record 0015 read. Managed Prometheus stores metrics only, so
# on a cloud the logs and traces of the Prometheus and Grafana stack go to the cloud's own
# stores; its rule groups or alert manager raise the alerts
# (https://learn.microsoft.com/azure/azure-monitor/essentials/prometheus-metrics-overview,
# https://docs.aws.amazon.com/prometheus/latest/userguide/what-is-Amazon-Managed-Service-Prometheus.html,
# https://cloud.google.com/stackdriver/docs/managed-prometheus). `managed`: the stores are
# cloud or SaaS services outside the cluster; else the team runs them.
TELEMETRY_STORES: dict[str, dict[str, dict[str, str]]] = {
    "otel_prometheus_grafana": {
        "aws": {
            "metrics": "Amazon Managed Service for Prometheus",
            "logs": "Amazon CloudWatch Logs",
            "traces": "AWS X-Ray",
            "dashboards": "Amazon Managed Grafana",
        },
        "azure": {
            "metrics": "Azure Managed Prometheus",
            "logs": "Azure Monitor Logs (Log Analytics)",
            "traces": "Application Insights",
            "dashboards": "Azure Managed Grafana",
        },
        "gcp": {
            "metrics": "Google Cloud Managed Service for Prometheus",
            "logs": "Cloud Logging",
            "traces": "Cloud Trace",
            "dashboards": "Grafana run by the team",
        },
        "onprem": {
            "metrics": "Prometheus with Grafana Mimir",
            "logs": "Grafana Loki",
            "traces": "Grafana Tempo",
            "dashboards": "Grafana",
        },
    },
    "cloud_native": {
        "aws": {
            "metrics": "Amazon CloudWatch metrics",
            "logs": "Amazon CloudWatch Logs",
            "traces": "AWS X-Ray",
            "dashboards": "Amazon CloudWatch dashboards",
        },
        "azure": {
            "metrics": "Azure Monitor Metrics",
            "logs": "Azure Monitor Logs (Log Analytics)",
            "traces": "Application Insights",
            "dashboards": "Azure Monitor workbooks",
        },
        "gcp": {
            "metrics": "Cloud Monitoring",
            "logs": "Cloud Logging",
            "traces": "Cloud Trace",
            "dashboards": "Cloud Monitoring dashboards",
        },
    },
}


def telemetry_stores(observability: str, cloud: str) -> dict[str, Any]:
    """Where metrics, logs and traces are stored and shown; one store for all three where the
    choice keeps them together (Elastic, Datadog), named by the choice's service."""
    stores = (TELEMETRY_STORES.get(observability) or {}).get(cloud)
    if stores is None:
        return {"split": False, "managed": cloud != "onprem" or observability == "datadog"}
    return {**stores, "split": True, "managed": cloud != "onprem"}


# What one replica of a service is called, by deployment (one server process runs in each).
PROCESS_REPLICA = {"kubernetes": "pod", "containers_vm": "container"}


# What a rollback needs of the data, by the store's schema style (datastore.yaml schema_style).
MIGRATION_RULES = {
    "sql": "; database migrations must stay compatible with the previous release",
    "widecolumn": "; schema changes must stay compatible with the previous release",
    "document": "; the previous release must still read what the new one writes (no schema "
    "migrations: new fields are additive)",
    "keyvalue": "; the previous release must still read what the new one writes (no schema "
    "migrations: new attributes are additive)",
}


def _platform_sizes(memory: str) -> dict[str, str]:
    """The language's container memory (container_resources) as each platform writes it.

    Compose takes byte units (512M); Fargate and Container Apps take fixed CPU and memory
    pairs, so the smallest pair holding the memory is chosen:
    https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html
    https://learn.microsoft.com/en-us/azure/container-apps/containers#allocations
    """
    match = re.fullmatch(r"(\d+)(Mi|Gi)", memory)
    if not match:
        return {}
    mib = int(match[1]) * (1024 if match[2] == "Gi" else 1)
    task = max(512, mib)
    aca = max(0.5, task / 1024)
    return {
        "{container_compose_memory}": memory.removesuffix("i"),
        "{container_fargate_memory}": str(task),
        "{container_fargate_cpu}": "256" if task <= 512 else "512",
        "{container_aca_memory}": f"{aca:g}Gi",
        "{container_aca_cpu}": f"{aca / 2:g}",
    }


def fill_prose(opt: dict[str, Any], arch: Mapping[str, Any]) -> None:
    """Fill the catalog prose's placeholders with the chosen products' own terms, and put the
    one value per fact (broker retention and scaling) where every document reads it."""
    broker = arch["traits"].get("broker")
    values = {f"{{broker_{k}}}": (broker or NEUTRAL_BROKER)[k] for k in NEUTRAL_BROKER}

    def fill(value: Any) -> Any:
        return fill_tokens(value, values)

    values["{change_request}"] = arch["facts"]["change_request"]
    values["{autoscaling}"] = arch["facts"].get("autoscaling") or ""
    # Where no framework validates requests, the language's own library does (one per language).
    language = opt.get("backend_language") or {}
    values["{lang_validation}"] = language.get("validation") or "a schema library"
    values["{arch_test_tool}"] = language.get("arch_test_tool") or "an architecture-test tool"
    values.update(prose_terms(arch))
    onprem = arch["facts"]["cloud"] == "onprem"
    # What isolates one environment, in the cloud's own words (AWS account, Azure subscription).
    values["{boundary}"] = (opt.get("cloud") or {}).get("boundary") or "its own network"
    # One connection pool per module in a modular monolith (facts.pool_per_module).
    values["{per_module}"] = " per module" if arch["facts"].get("pool_per_module") else ""
    # Who holds PHI besides the team: the cloud, a third party hosting the broker, a SaaS
    # identity provider, an observability vendor (HIPAA: a BAA with each,
    # https://www.hhs.gov/hipaa/for-professionals/covered-entities/sample-business-associate-agreement-provisions/index.html).
    idp_traits = arch["traits"].get("idp") or {}
    vendors = [
        "" if onprem else (opt.get("cloud") or {}).get("label") or "",
        (broker or {}).get("vendor") or "",
        (opt.get("idp") or {}).get("label") or "" if idp_traits.get("operator") == "saas" else "",
        (opt.get("observability") or {}).get("vendor") or "",
    ]
    named = [v for v in vendors if v]
    values["{phi_vendors}"] = f" (here {', '.join(named)})" if named else ""
    # On premises: Velero and Kubernetes service account tokens only where a cluster runs.
    runs_on = "cluster" if (opt.get("deployment") or {}).get("key") == "kubernetes" else "hosts"
    # The process model: one server process per replica where an orchestrator or platform runs
    # replicas (scaled by adding them), one worker per core on the team's VMs.
    deploy_key = str((opt.get("deployment") or {}).get("key") or "")
    process = "per_host" if deploy_key == "vms" else "per_replica"
    replica = PROCESS_REPLICA.get(deploy_key, "instance")
    for q in ("backend_language", "backend_framework"):
        if opt.get(q):
            opt[q] = fill_tokens(
                keep_segments(opt[q], ("per_replica", "per_host"), [process]),
                {"{replica}": replica},
            )
    if opt.get("cloud"):
        for key in list(opt["cloud"]):
            opt["cloud"][key] = by_runs_on(opt["cloud"][key], runs_on)
    terms = (arch["traits"].get("deployment") or {}).get("terms") or {}
    # Kubernetes sizes a service by its pods' requests and limits, not by an instance size.
    values["{size_per_service}"] = (
        "CPU and memory requests and limits are set per service, so a memory-heavy service gets "
        "larger pods while the others stay small."
        if (opt.get("deployment") or {}).get("key") == "kubernetes"
        else "Instance size is set per service, so a memory-heavy service gets large instances "
        "while the others stay small."
    )
    # Where the platform places instances itself (Cloud Run), no zone is chosen.
    values["{instances_apart}"] = terms.get("apart") or (
        "on hosts in different racks" if onprem else "in different availability zones"
    )
    values["{instances_across}"] = terms.get("apart") or (
        "on hosts in different racks" if onprem else "across availability zones"
    )
    values.update({f"{{fn_{k}}}": v for k, v in {**NEUTRAL_FUNCTIONS, **terms}.items()})
    # What the schema style asks of a rollback, and which credentials a secret store rotates.
    values["{migration_rule}"] = MIGRATION_RULES.get(opt["datastore"]["schema_style"] or "", "")
    chosen = arch["traits"].get("datastore")
    values["{rotated_secrets}"] = (
        f"the secrets the services hold ({opt['datastore']['label']} takes the workload's "
        "IAM role, no password)"
        if chosen and chosen.get("no_passwords")
        else "database credentials"
        if chosen
        else "the secrets the services hold"
    )
    # The cloud's monitoring gets a third party's metrics only through its export step.
    values["{third_party_metrics}"] = "".join(
        f"; {t['service']} is run by {t['vendor']}, so its metrics arrive only through "
        + (t["export"] or "an export the team sets up")
        for t in arch["facts"].get("third_party") or []
    )
    # How internal systems reach the entry point: the one exposure fact (facts.entry_public).
    # A public entry is the one they call too, over HTTPS with their workload credential.
    front = arch["facts"].get("entry_front")
    public = arch["facts"]["entry_public"]
    values["{internal_path}"] = (
        "through the public entry point" if public else "over the internal network"
    )
    values["{internal_call}"] = (
        (f"over HTTPS through {front}" if front else "over HTTPS at its public address")
        if public
        else "on the internal network"
    )
    opt["actors"] = [fill(a) for a in opt.get("actors") or []]
    style = opt["style"]
    for key in list(style):
        style[key] = fill(style[key])
    for question in (
        "frontend",
        "ci",
        "deployment",
        "cache",
        "backend_framework",
        "cloud",
        "observability",
    ):
        if opt.get(question):
            for key in list(opt[question]):
                opt[question][key] = fill(by_cloud(opt[question][key], arch["facts"]["cloud"]))
    opt["api_styles"] = [fill(entry) for entry in opt.get("api_styles") or []]
    clients = arch["facts"].get("clients") or []
    for question in ("auth", "idp", "compliance", "backend_language"):
        if opt.get(question):
            opt[question] = by_clients(opt[question], clients)
    # An obligation left empty (payment-page scripts without a web frontend) goes.
    for regime in opt.get("compliance") or []:
        for key in list(regime):
            regime[key] = fill(regime[key])
        regime["obligations"] = [o for o in regime.get("obligations") or [] if o.strip()]
    # Health paths: one liveness and one readiness path per system, or no probe text where
    # nothing probes (the catalog writes {readiness_path} and {liveness_path}).
    health = arch["patterns"]["health"]
    framework = opt["backend_framework"]["key"] if opt.get("backend_framework") else ""
    native = HEALTH_PATHS.get(framework, DEFAULT_HEALTH)
    resources = (opt.get("backend_language") or {}).get("container_resources") or {}
    paths = {
        "{readiness_path}": health["paths"].get("readiness") or native["readiness"],
        "{liveness_path}": health["paths"].get("liveness") or native["liveness"],
        "{probed_by}": health.get("by") or "nothing",
        # The one path the platform probes, and as what (Cloud Run: startup and liveness).
        "{probed_path}": health["paths"].get("readiness")
        or health["paths"].get("liveness")
        or native["readiness"],
        "{probe_kinds}": "Readiness"
        if "readiness" in health.get("kinds", [])
        else " and ".join(health.get("kinds", ["readiness"])).capitalize(),
        "{cpu_throttling}": "false" if arch["facts"].get("cpu_always") else "true",
        # One container's CPU request and memory request = limit, by language runtime.
        "{container_cpu}": resources.get("cpu", ""),
        "{container_memory}": resources.get("memory", ""),
        # The same memory in the units and fixed sizes each platform accepts.
        **_platform_sizes(resources.get("memory", "")),
        # Event-driven: the command is accepted and processed later, as the main flow draws.
        "{create_answer}": "202 Accepted with a Location header to poll"
        if opt["style"]["key"] == "event_driven"
        else "201 Created with a Location header",
        # A change feed that carries no deletes (Cosmos DB latest version) needs soft deletes.
        "{delete_answer}": "marks it deleted (a soft delete, which the change feed carries)"
        if (arch["traits"].get("datastore") or {}).get("feed_deletes") is False
        and arch["patterns"]["publish"]["pattern"] == "change_feed"
        else "removes",
    }
    for api in opt["api_styles"]:
        api["organization"] = [
            {k: _replace(str(v), paths) for k, v in item.items()}
            for item in api["organization"]
            if health["probed"] or "{probed_path}" not in str(item.get("path"))
        ]
    deployment = opt["deployment"]
    for key, value in deployment.items():
        tokens = ("_path}", "{cpu_throttling}", "{container_")
        if isinstance(value, str) and any(t in value for t in tokens):
            deployment[key] = _replace(value, paths)
        elif key in ("strengths", "tradeoffs"):
            deployment[key] = fill(value)
    datastore = arch["traits"].get("datastore")
    mode = "managed" if datastore and datastore.get("scaling") else "self_managed"
    # The one point-in-time window the model decided (edition or tier) in the backup text.
    access = arch["facts"].get("data_access") or {}
    window = {
        "{db_migrations}": f" with {access['migrations']}" if access.get("migrations") else "",
        "{pitr_window}": arch["facts"].get("pitr_window") or "",
        "{db_edition}": f" on {edition}" if (edition := arch["facts"].get("db_edition")) else "",
        "{sql_edition}": f" on {licence} edition"
        if (licence := arch["facts"].get("sql_edition"))
        else "",
        "{db_pooler}": arch["facts"].get("db_pooling") or "a connection pooler such as PgBouncer",
    }
    for key in list(opt["datastore"]):
        opt["datastore"][key] = fill_tokens(by_hosting(opt["datastore"][key], mode), window)
    # The cache: a managed service on a cloud (hosting: managed); else the team runs the nodes.
    if opt.get("cache"):
        hosted = not onprem and (opt.get("hosting") or {}).get("key") != "self_managed"
        cache_mode = "managed" if hosted else "self_managed"
        # The persistence text ends with what this system's cache holds: sessions or nothing
        # that must survive.
        kept = "session_keys" if arch["facts"].get("sessions_in_cache") else "pure_cache"
        cache = opt["cache"]
        cache["eviction"] = fill_tokens(
            cache["eviction"], {"{cache_eviction}": CACHE_EVICTION[kept]}
        )
        # Services that own their data share the instance only under their own key prefixes.
        prefix = arch["facts"].get("cache_prefix") or "<service>:*"
        shared = str(cache.get("shared_by_services") or "")
        cache["sharing"] = (
            shared.replace("{prefix}", prefix)
            if arch["patterns"]["topology"]["store_per_service"] and shared
            else ""
        )
        # Session storage is a pattern only where sessions live here.
        cache["patterns"] = [
            p for p in cache["patterns"] if kept == "session_keys" or not p.startswith("Session")
        ]
        if cache.get(kept):
            cache["persistence"] = f"{cache['persistence']} {cache[kept]}".strip()
        for key in list(opt["cache"]):
            opt["cache"][key] = by_hosting(opt["cache"][key], cache_mode)
    if datastore and datastore.get("scaling"):
        opt["datastore"]["scaling"] = {**opt["datastore"]["scaling"], **datastore["scaling"]}
    if datastore and datastore.get("consistency"):
        opt["datastore"]["consistency"] = datastore["consistency"]
    # The broker's label and model name only the subscription type its consumers use.
    for key in list(opt["broker"]):
        opt["broker"][key] = by_consumers(opt["broker"][key], arch["patterns"]["consumers"]["mode"])
    if broker:
        opt["broker"]["scaling"] = broker["scaling"]
        opt["broker"]["retention"] = broker["retention"]


# ------------------------------------------------------------------------------ patterns


# How one use case writes, by what one transaction can cover (main flow and diagrams).
WRITES: dict[str, tuple[str, str]] = {
    "multi_row": ("within one local transaction", "read and write in one transaction"),
    "multi_document": (
        "within one multi-document transaction",
        "read and write in one transaction",
    ),
    "multi_item_limited": (
        "with one transaction (at most 100 items) where several items change together",
        "read and write (one transaction where items change together)",
    ),
    "single_partition": (
        "with one transactional batch where the items share a partition key",
        "read and write (one batch per partition key)",
    ),
    "single_partition_conditional": (
        "by partition key, with no transaction across partitions (a lightweight "
        "transaction only where one partition needs a compare-and-set)",
        "read and write by partition key (no multi-row transaction)",
    ),
}

# How one use case's writes commit or fail together (the unit-of-work code pattern).
UNIT_OF_WORK: dict[str, str] = {
    "multi_row": "into one transaction that commits or rolls back as a whole",
    "multi_document": "into one transaction that commits or rolls back as a whole",
    "multi_item_limited": "into one transaction of at most 100 items that commits or fails as a "
    "whole",
    "single_partition": "into one transactional batch per partition key, which commits or "
    "rolls back as a whole",
    "single_partition_conditional": "into one logged batch, which applies all of them or none "
    "but is not isolated",
}

# How a consumer makes a redelivered event change nothing. Where one transaction covers the
# processed-ID record and the state change, both commit together; where none does (Cassandra,
# Astra DB), recording the ID first loses the change after a crash between the two writes, so
# the change itself is made conditional on the row it changes.
# https://docs.datastax.com/en/dse/6.7/cql/cql/cql_using/useInsertLWT.html
DEDUPE: dict[str, tuple[str, str]] = {
    "multi_row": (
        "records the ID of each processed event in the same transaction as its state change",
        "by its event ID, recorded in the same transaction as the state change",
    ),
    "multi_document": (
        "records the ID of each processed event in the same transaction as its state change",
        "by its event ID, recorded in the same transaction as the state change",
    ),
    "multi_item_limited": (
        "records the ID of each processed event in the same TransactWriteItems call as its "
        "state change",
        "by its event ID, recorded in the same TransactWriteItems call as the state change",
    ),
    "single_partition": (
        "records the ID of each processed event in the same transactional batch as its state "
        "change, so in the entity's logical partition",
        "by its event ID, recorded in the same transactional batch as the state change",
    ),
    "single_partition_conditional": (
        "applies its state change as a conditional update (a lightweight transaction) on the "
        "entity's own row, which stores the change version of the last event applied, so a "
        "redelivery carries no newer version and changes nothing; it never records an event ID "
        "before the change, as no transaction covers both",
        "by the change version it carries, which a conditional update (a lightweight "
        "transaction) compares with the one stored in the entity's own row",
    ),
}
# With no datastore, the event ID travels on as the idempotency key of each downstream call.
NO_STORE_DEDUPE = (
    "makes each state change idempotent, keyed by the event's ID",
    "by its event ID, sent on as the idempotency key of each downstream call",
)


def _publish(ds: Traits | None, has_broker: bool) -> dict[str, Any]:
    """How a state change and the event that announces it stay together.

    Besides `pattern` and `text` (decision records), the narrative reads `name` and `usage`
    (the design's pattern list), `write` and `relay` (main-flow steps, with {datastore} and
    {broker} to fill), `durable` (how in-process events survive a crash), `dedupe` and
    `dedupe_by` (how a consumer recognises a redelivery, as a verb phrase and a "by" phrase),
    `transaction` and `write_label` (one use case's write, in prose and in the sequence
    diagram) and `feed` (the change feed's short name)."""
    scope = ds["transaction_scope"] if ds else None
    transaction, write_label = WRITES.get(scope or "", ("", "write"))
    common: dict[str, Any] = {
        "transaction": transaction,
        "write_label": write_label,
        "dedupe": DEDUPE.get(scope or "", NO_STORE_DEDUPE)[0],
        "dedupe_by": DEDUPE.get(scope or "", NO_STORE_DEDUPE)[1],
        "unit_of_work": UNIT_OF_WORK.get(scope or "", "into one call to each downstream API"),
        "feed": None,
    }
    feed = ds.get("change_feed") if ds else None
    feed_name = feed.split(" (")[0] if feed else None
    if scope in ("multi_row", "multi_document", "multi_item_limited"):
        common["durable"] = "go through an outbox written in the same transaction instead"
    elif scope == "single_partition":
        common["durable"] = (
            "go through an outbox item in the same logical partition, written in the same "
            "transactional batch"
        )
    elif feed_name:
        common["durable"] = f"are read from {feed_name} instead, as no transaction covers an outbox"
    else:
        common["durable"] = "are published with an idempotency key before the state is written"
    if not has_broker:
        return {**common, "pattern": "none", "text": ""}
    if ds is None:
        return {
            **common,
            "pattern": "publish_then_persist",
            "text": "With no datastore, each handler publishes the event with an idempotency "
            "key, and consumers drop duplicates by that key.",
            "name": "Idempotent publishing",
            "usage": "With no datastore, each handler publishes the event with an idempotency "
            "key, and consumers drop duplicates by that key.",
            "write": "publishes the event to {broker} with an idempotency key",
            "relay": "",
            "step": "{backend} publishes the event to {broker} with an idempotency key",
        }
    if scope == "multi_row":
        return {
            **common,
            "pattern": "outbox",
            "text": f"Transactional outbox: the state change and an outbox row are written in "
            f"one transaction of {ds['managed'] or ds['transaction']}; a relay publishes the "
            "outbox rows and marks them sent, so an event is never lost or sent for a change "
            "that rolled back.",
            "name": "Transactional outbox",
            "usage": "The state change and the outgoing event are written in the same "
            "datastore transaction and a relay publishes the event afterwards, so a crash "
            "cannot leave one without the other.",
            "write": "writes the state change and the event to publish to {datastore} in one "
            "transaction (transactional outbox)",
            "relay": "a relay publishes the event from the outbox to {broker} and marks it sent",
            "step": "{backend} writes the event to an outbox in the same transaction, and a "
            "relay publishes it to {broker}",
        }
    if feed:
        why = {
            "single_partition": "a transaction covers only one logical partition, so an outbox "
            "row in another partition or container is not written atomically with the state",
            "multi_document": "the change feed carries every committed change without a second "
            "write",
            "multi_item_limited": "a transaction is limited in size and the change feed carries "
            "every committed change without a second write",
            "single_partition_conditional": "there are no multi-row transactions to write an "
            "outbox row with the state",
        }[scope or ""]
        # What the feed carries, one fact for the design, the flow and the relay's purpose
        # (Cosmos DB latest version mode: https://learn.microsoft.com/azure/cosmos-db/nosql/change-feed-modes).
        carries = ds.get("feed_carries") or "each committed change"
        if ds.get("feed_misses"):
            carries += f" except {ds['feed_misses']}"
        deletes = ""
        if ds.get("feed_deletes") is False:
            deletes = (
                " and no deletes, so a delete is a soft delete: a deleted flag the feed carries, "
                "then a TTL that removes the item"
            )
        key = f"the item key plus {ds.get('change_version') or 'its change version'}"
        return {
            **common,
            "pattern": "change_feed",
            "feed": feed_name,
            "text": f"Events come from {feed}: {why}. A consumer of the feed publishes "
            f"{carries}{deletes}, with {key} as idempotency key, so a later change of the "
            "same item is never dropped as a duplicate.",
            "name": "Change feed publishing",
            "carries": carries,
            "usage": f"The state change is the only write: {feed_name} carries {carries}{deletes}, "
            f"and a consumer of it publishes the event, because {why}.",
            "write": "writes the state change to {datastore}, with no second write for the event",
            "relay": f"a consumer of {feed_name} publishes {carries} to {{broker}}, "
            f"with {key} as idempotency key",
            "step": f"a consumer of {feed_name} publishes {carries} to {{broker}}, "
            f"with {key} as idempotency key",
        }
    return {
        **common,
        "pattern": "publish_then_persist",
        "text": "Idempotent publish-then-persist: the handler publishes the event with an "
        "idempotency key, then writes the state; a retry republishes the same key and "
        "consumers drop duplicates.",
        "name": "Idempotent publish-then-persist",
        "usage": "The handler publishes the event with an idempotency key, then writes the "
        "state; a retry republishes the same key and consumers drop duplicates.",
        "write": "publishes the event to {broker} with an idempotency key, then writes the "
        "state change to {datastore}",
        "relay": "",
        "step": "{backend} publishes the event to {broker} with an idempotency key before it "
        "writes the state, and consumers drop duplicates",
    }


_PRIVATE_NETWORK = {
    "aws": "the VPC",
    "gcp": "the VPC network",
    "azure": "the virtual network",
    "onprem": "the private network",
}


def _tls_behind(target: Traits | None, cloud: str, fronted: bool) -> str:
    """What happens behind the point where TLS ends, when that point does not re-encrypt
    (a fronted entry already says where TLS ends in facts.tls_ends_at)."""
    if target is None or target.get("tls_onward"):
        return ""
    lead = "and" if fronted else "where TLS ends, and"
    if target["tls_ends"] == "app":
        return "where the service itself ends TLS"
    if target["tls_ends"] == "platform":
        return f"{lead} the platform carries requests on to the functions or instances"
    # An entry whose provider's network carries requests on (a serverless NEG) says so.
    if behind := (target.get("entry") or {}).get("behind"):
        return f"{lead} {behind}"
    network = _PRIVATE_NETWORK.get(cloud, "the private network")
    # Only the hop to the services is left without TLS: managed data services require TLS.
    return (
        f"{lead} requests to the services behind it stay on {network} without TLS of their "
        "own, while connections to the datastore, cache and broker use TLS"
    )


def _mtls(target: Traits | None, auth: str) -> dict[str, Any]:
    if auth != "mtls" or target is None:
        return {"where": "none", "text": ""}
    entry = target["entry"]
    where = target["tls_ends_at"]
    header = target.get("client_cert_header")
    if target["tls_ends"] == "app":
        return {
            "where": "app",
            "text": "TLS ends in the service itself, so the service verifies the client "
            "certificate during the handshake.",
        }
    verifier = entry.get("client_certs")
    added = entry.get("client_certs_added_by")
    if verifier:
        text = (
            f"TLS ends at {where}, so the client certificate is checked there "
            f"({verifier}) and never in the container, which sees plain HTTP."
        )
    elif added:
        text = (
            f"TLS ends at {where}, which cannot check client certificates: put {added} in "
            "front and check the certificate there, never in the container."
        )
    else:
        text = (
            f"TLS ends at {where}: configure it to require and verify client certificates, "
            "or pass TLS through to the service; the container never sees the handshake."
        )
    if header:
        text += f" The service reads the forwarded certificate from {header} and accepts that "
        text += "header only on requests that came through the front end."
    return {"where": target["tls_ends"], "at": where, "header": header, "text": text}


def cpu_always(target: Traits | None, publish: Mapping[str, Any]) -> str | None:
    """The setting that keeps CPU between requests where the platform bills by request and
    a relay runs in the service (Cloud Run's instance-based billing), else None."""
    if target is None or target["cpu_between_requests"] or not publish.get("relay"):
        return None
    return (target.get("terms") or {}).get("cpu_always")


def _consumers(target: Traits | None, has_broker: bool, always: str | None) -> dict[str, Any]:
    if not has_broker or target is None:
        return {"mode": "none", "text": ""}
    if always:
        return {
            "mode": "pull",
            "text": f"The {target['unit']} runs with {always}, because its event relay "
            "publishes between requests; its consumers therefore pull messages in the same "
            "instances.",
        }
    if target["cpu_between_requests"]:
        return {
            "mode": "pull",
            "text": f"Consumers run as long-lived workers (each a {target['unit']}) and pull "
            "messages, because CPU runs between requests there.",
        }
    return {
        "mode": "push",
        "text": f"Consumers are triggered by the platform (push or event trigger), because "
        f"a {target['unit']} gets no CPU between requests: a background pull loop would stall.",
    }


def _third_party(
    opt: Mapping[str, Any], ds: Traits | None, broker: Traits | None
) -> list[dict[str, str]]:
    """The chosen services a third party runs, with the step that exports their metrics."""
    found = []
    for question, traits in (("datastore", ds), ("broker", broker)):
        if traits and traits.get("vendor"):
            found.append(
                {
                    "vendor": str(traits["vendor"]),
                    "service": str(traits.get("managed") or opt[question]["label"])
                    if question == "datastore"
                    else str(opt[question]["label"]),
                    "export": str(traits.get("metrics_export") or ""),
                    "purpose": "the primary datastore"
                    if question == "datastore"
                    else "the message broker",
                }
            )
    return found


def _relay(
    publish: Mapping[str, Any], target: Traits | None, deployment: str
) -> dict[str, str] | None:
    """The change feed's relay (patterns.publish = change_feed): ONE workload the team runs
    for all services, never a managed service and never a part of each service. `runs_on` is
    its runtime on the chosen target, `box` the same in a diagram's few words."""
    feed = publish.get("feed")
    if publish.get("pattern") != "change_feed" or not feed or target is None:
        return None
    unit = re.sub(r"\s*\([^()]*\)", "", str(target["unit"]))
    scope = ((target.get("terms") or {}).get("scope")) or "function"
    if deployment == "serverless":
        # A function on the feed's own trigger: the Cosmos DB trigger keeps its leases
        # (https://learn.microsoft.com/azure/azure-functions/functions-bindings-cosmosdb-v2-trigger),
        # Lambda polls DynamoDB Streams by an event source mapping
        # (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html).
        box = f"function triggered by {feed}"
        runs_on = f"a {box}" + (f", in a {scope} of its own" if scope != "function" else "")
    elif deployment == "kubernetes":
        box = "Deployment of its own"
        runs_on = "a Deployment of its own in the cluster"
    elif deployment == "containers_vm":
        box = "container of its own"
        runs_on = "a container of its own in the Compose project"
    elif deployment == "vms":
        box = "systemd service of its own"
        runs_on = "a systemd service of its own, on one VM"
    elif not target["cpu_between_requests"]:
        # Cloud Run gives CPU between requests only with instance-based billing
        # (https://cloud.google.com/run/docs/configuring/billing-settings).
        box = f"{unit} of its own, instance-based billing"
        runs_on = (
            f"a {unit} of its own with instance-based billing and at least one instance, "
            "so it reads the feed between requests"
        )
    else:
        box = f"{unit} of its own"
        runs_on = f"a {unit} of its own"
    return {"feed": str(feed), "box": box, "runs_on": runs_on, "carries": publish["carries"]}


def _edition(ds: Traits, availability: float, second: bool) -> dict[str, Any] | None:
    """The managed service's edition: the first whose SLA reaches the availability target and
    that fails over to a second region where the RPO needs one (else the last, the fullest)."""
    editions = ds.get("editions") or []
    for edition in editions:
        if edition["sla"] >= availability and (edition.get("failover") or not second):
            return dict(edition)
    return dict(editions[-1]) if editions else None


# The shortest RTO within which the compute is created in another region from the
# infrastructure code; a shorter RTO keeps it running there already (warm standby). Functions
# and PaaS services deploy in minutes; a cluster or a fleet of hosts takes longer to create and
# fill. On premises the second site's hosts cannot be bought within any RTO: always standby.
# https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html
REDEPLOY_RTO_MINUTES = {
    "serverless": 60,
    "paas": 60,
    "kubernetes": 120,
    "containers_vm": 120,
    "vms": 120,
}


def _region_compute(
    answers: Mapping[str, Any],
    opt: Mapping[str, Any],
    entry: Mapping[str, Any] | None = None,
    images: str | None = None,
) -> dict[str, Any]:
    """Whether the compute is created in the second region (or site) when the first is lost,
    or already runs there: one decision, read by the recovery steps and the checklist."""
    rto = int(answers["rto_minutes"])
    onprem = answers["cloud"] == "onprem"
    region = "data centre" if onprem else "region"
    redeploy = not onprem and rto >= REDEPLOY_RTO_MINUTES.get(str(answers["deployment"]), 120)
    service = opt["deployment"]["service"]
    # The cache by its product name alone (no aside): created empty, or kept warm.
    cache = str(opt["cache"]["service"]).split(" (")[0]
    names = [str(service)]
    if not opt["cache"]["is_none"]:
        names.append(f"{'an empty ' if redeploy else ''}{cache}")
    gateway = next((a.get("gateway") for a in opt["actors"] if a["key"] == "partner_systems"), None)
    if gateway:
        names.append(gateway)
    # A regional entry point (load balancer, application gateway, API gateway) goes with it.
    if entry and entry.get("regional") and not entry.get("region_loss"):
        names.append(str(entry["product"]).split(" (")[0])
    what = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
    many = len(names) > 1
    run, scale, be, take = (
        ("run", "scale", "are", "take") if many else ("runs", "scales", "is", "takes")
    )
    if redeploy:
        step = (
            f"{what} {be} created in the second {region} from the "
            f"infrastructure code{f', pulling from the {images},' if images else ''} "
            f"and {take} the traffic"
        )
        checklist = (
            f"a regional outage is met by creating it in a second region from the "
            f"infrastructure code within the RTO of {rto} minutes"
        )
    else:
        # The reason (an RTO shorter than creating them) is said once, in the checklist item.
        step = f"{what} already {run} in the second {region} and {scale} out"
        checklist = (
            f"a second region runs it scaled in behind the load balancer, because the RTO of "
            f"{rto} minutes is shorter than creating it there"
        )
    return {
        "mode": "redeploy" if redeploy else "standby",
        # Where the second region pulls images (cloud.yaml registry_dr), drawn there.
        "images": images,
        "names": names,
        "step": step,
        "checklist": checklist,
    }


def _regional_edge(target: Traits | None, opt: Mapping[str, Any]) -> list[Traits]:
    """The entry point's product where it is regional (its traits' region_loss) and each
    actor's edge product (the devices' ingest endpoint), as regional services of the recovery
    steps and the second region's nodes."""
    found: list[Traits] = []
    entry = (target or {}).get("entry") or {}
    if entry.get("region_loss") and entry.get("region_node"):
        found.append({"region_loss": entry["region_loss"], "region_node": entry["region_node"]})
    for actor in opt["actors"]:
        if actor.get("region_loss") and actor.get("region_node"):
            node = {"label": actor["region_node"], "runs": True}
            found.append({"region_loss": actor["region_loss"], "region_node": node})
    return found


def _second_site(
    second: bool, compute: Mapping[str, Any], regional: Sequence[Traits | None]
) -> dict[str, list[str]]:
    """What the second region (or data centre) holds besides the store's replica: what already
    runs there and what is created there from the infrastructure code on failover. The same
    names as the recovery steps (the compute decision, each service's region_node), read by
    the deployment view."""
    runs: list[str] = []
    created: list[str] = []
    if not second:
        return {"runs": runs, "created": created}
    (runs if compute["mode"] == "standby" else created).extend(compute["names"])
    if compute.get("images"):
        runs.append(str(compute["images"]))
    for dep in regional:
        there = (dep or {}).get("region_node")
        if there and (dep or {}).get("region_loss"):
            (runs if there["runs"] else created).append(str(there["label"]))
    return {"runs": runs, "created": created}


def _recovery(
    ds: Traits | None,
    answers: Mapping[str, Any],
    cloud_label: str,
    kept_long: bool = False,
    regional: Sequence[Traits | None] = (),
    compute: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Whether backup and replication meet the RPO and RTO, whether a second region (or data
    centre) is needed, and the one recovery procedure that follows from it."""
    rpo, rto = int(answers["rpo_minutes"]), int(answers["rto_minutes"])
    empty = {
        "meets": True,
        "text": "",
        "notes": [],
        "second_region": False,
        "steps": "",
        "backup_verdict": "",
    }
    if ds is None:
        return {**empty, "edition": None, "pitr_window": None, "pooling": None}
    notes: list[str] = []
    meets: bool | None = True
    remedy = ""
    onprem = answers["cloud"] == "onprem"
    region = "data centre" if onprem else "region"
    name = ds["managed"] or f"{ds.get('label') or 'The datastore'} (self-managed)"
    # REL-06's first clause: what gives point-in-time recovery (a self-run store: log backups).
    pitr_on = f"continuous backup with point-in-time recovery is on for {name}"
    cross = ds.get("cross_region_replica")
    # A second region (or site) is needed when backups copied elsewhere lose more than the
    # RPO: a replica there takes every write and is promoted when the region is lost.
    second = bool(cross) and rpo < (ds.get("geo_backup_rpo_minutes") or 1440)
    edition = _edition(ds, float(answers.get("availability") or 0), second)
    pitr = list(edition["pitr_days"]) if edition else ds.get("pitr_days")
    tiers = ds.get("pitr_tiers") or []
    window = ""
    if tiers:
        # Fixed tiers (Cosmos DB): the longest where obligations keep records, else the first.
        days = tiers[-1] if kept_long else tiers[0]
        window, pitr = f"{days} days", [days, days]
    elif pitr:
        window = f"{pitr[0]} days" if pitr[0] == pitr[1] else f"{pitr[0]} to {pitr[1]} days"
    lag = ds.get("restore_point_lag_minutes")
    # How far behind now the latest restorable point is: the vendor's words where the catalog
    # has them, else the minutes; one phrase for the record and the design.
    lag_text = ds.get("restore_point_lag") or f"typically {lag} minutes old"
    tight = False
    consistency = ds.get("region_consistency")
    level = ""
    if consistency:
        level = (
            consistency["default"]
            if rpo >= consistency["minutes"]
            else consistency["tighter"].replace("{rpo}", str(rpo))
        )
    where = (
        (edition or {}).get("cross_region_note")
        or ds.get("cross_region_note")
        or f"a replica in a second {region}"
    ).replace("{consistency}", level)
    restore_to = {
        "new_instance": "a new instance",
        "new_server": "a new server",
        "new_table": "a new table",
        "new_account": "a new account",
        "new_database": "a new database",
    }.get(ds.get("pitr_restores_to") or "", "a new copy")
    via = ds.get("restore_via")
    interval = ds.get("snapshot_interval_minutes")
    if pitr:
        on = f" on {edition['name']}" if edition else ""
        notes.append(
            f"Point-in-time recovery of {name}{on} keeps {window} and restores to {restore_to}: "
            f"the RTO of {rto} minutes must include creating it and pointing the services at it."
        )
        if lag is None and rpo < 60:
            meets = None
            notes.append(
                f"How far behind now the latest restorable point of {name} is was not verified "
                f"for this catalog: confirm it is within the RPO of {rpo} minutes."
            )
        elif lag is not None and rpo < lag:
            meets = False
            remedy = f"the latest restorable point is {lag_text}"
            notes.append(f"The latest restorable point of {name} is {lag_text}.")
        elif lag is not None and rpo == lag:
            # Said once, in the verdict that the design repeats.
            tight = True
        elif lag is not None and rpo < 2 * lag:
            notes.append(
                f"The latest restorable point of {name} is {lag_text}, which "
                f"leaves {rpo - lag} minutes of margin within the RPO of {rpo} minutes."
            )
        bad_write = f"restore {name} to the moment before it into {restore_to}"
    elif ds.get("pitr_note"):
        notes.append(ds["pitr_note"] + ".")
        if interval and rpo < interval:
            meets = False
            remedy = "only the team's own copy of the changes covers a bad write"
            bad_write = (
                f"repair the data from the team's own copy of the changes (a backup"
                f"{' restored through ' + via if via else ''} loses up to {interval} minutes)"
            )
        else:
            bad_write = f"restore the last backup of {name}" + (f" through {via}" if via else "")
    elif ds["managed"]:
        meets = None
        notes.append(
            f"No verified point-in-time recovery of {name} is recorded here: confirm that its "
            f"backups meet an RPO of {rpo} minutes before relying on them."
        )
        bad_write = f"restore {name} to the moment before it"
    elif ds.get("log_pitr"):
        # The loss is the interval plus the copy off the host: a third of the RPO (at most
        # 15 minutes, at least one) leaves the rest of it for the copy.
        every = max(1, min(rpo // 3, 15))
        step = ds.get("log_step") or (
            "a log backup at least every {every}, copied off the host at once"
        )
        span = "1 minute" if every == 1 else f"{every} minutes"
        pitr_on = f"point-in-time recovery of {name} comes from {step.replace('{every}', span)}"
        notes.append(
            f"{name} restores to any point in time from {ds['log_pitr']}: "
            f"{step.replace('{every}', span)}, keeps the loss within the RPO of "
            f"{rpo} minutes."
        )
        bad_write = f"restore {name} to the moment before it from its log backups"
    else:
        if rpo < 1440:
            meets = False
            remedy = "a replica that takes every write covers a lost host"
        notes.append(
            f"{name} is restored from periodic snapshots, which lose up to one snapshot interval."
            if rpo < 1440
            else f"{name} is restored from daily snapshots, which meet an RPO of {rpo} minutes."
        )
        bad_write = f"restore the last snapshot of {name}"
    if via:
        notes.append(
            f"A restore of {name} needs {via}: the RTO of {rto} minutes includes waiting for it."
        )
    if cross is False and rpo < 1440:
        meets = False
        remedy = remedy or "a replica on another host covers a lost host"
        notes.append(
            f"{name} has no replica: a lost host loses what was written since the last backup."
        )
    if second:
        failover = (edition or {}).get("failover") or ds.get("failover")
        failover = failover or f"promote {where} and point the services at it"
        outage = "A site" if onprem else "A regional"
        notes.append(
            f"{outage} outage within an RPO of {rpo} minutes needs a replica in a second "
            f"{region} ({where}); backups copied to another {region} lose everything since the "
            "last copy."
        )
        kind = "point-in-time recovery" if pitr else "backups"
        if meets is False:
            within = (
                f"backups of {name} alone cannot meet the RPO of {rpo} minutes "
                f"({remedy or 'they lag behind'})."
            )
        elif meets is None:
            within = f"whether {kind} of {name} meet it within the {region} is to be confirmed."
        elif tight:
            within = (
                f"point-in-time recovery can meet an RPO of {rpo} minutes only with no margin: "
                f"its latest restorable point is {lag_text}."
            )
        else:
            within = f"within the {region}, {kind} {'covers' if pitr else 'cover'} a bad write."
        verdict = f"The RPO of {rpo} minutes needs a second {region}: {where}; {within}"
        # The other regional services the system needs there (identity provider, broker):
        # each one's own cross-region mechanism, from its traits.
        also = "".join(
            f"; {dep['region_loss'].replace('{region}', region)}"
            for dep in regional
            if dep and dep.get("region_loss")
        )
        there = f"; {compute['step']}" if compute else ""
        steps = f"if the {region} is lost, {failover}{also}{there}; after a bad write, {bad_write}"
    else:
        failover = ""
        # Said once: backups copied to another region already meet the RPO.
        lead = f" with no second {region}" if cross else ""
        if meets is None:
            verdict = (
                f"Whether the backups of {name} meet an RPO of {rpo} minutes is to be confirmed."
            )
        elif meets:
            verdict = (
                f"The backup and replication of {name} on {cloud_label} can meet an RPO of {rpo} "
                f"minutes{' only with no margin' if tight else ''} and an RTO of {rto} minutes"
                f"{lead}{f': its latest restorable point is {lag_text}' if tight else ''}."
            )
        else:
            verdict = (
                f"Backups of {name} alone cannot meet the RPO of {rpo} minutes: "
                f"{remedy or 'a replica that takes every write'}."
            )
        steps = f"after a lost primary or a bad write, {bad_write}"
    if rto < 60 and pitr and not second:
        notes.append(
            f"An RTO of {rto} minutes is shorter than a restore usually takes: promote a "
            "standby or replica instead of restoring."
        )
    pooling = (edition or {}).get("pooling") or ds.get("pooling")
    return {
        "meets": meets,
        "text": verdict,
        "notes": notes,
        "second_region": second,
        "second_region_text": where if second else "",
        "failover": failover,
        "steps": steps,
        # Said beside the backup line only where that line states no point-in-time window.
        "backup_note": "" if pitr or not notes else notes[0],
        # The one verdict on backups alone, for the short backup line (reference).
        "backup_verdict": (
            f"alone missing the {rpo}-minute RPO"
            if meets is False
            else f"against a {rpo}-minute RPO, unconfirmed"
            if meets is None
            else f"meeting the {rpo}-minute RPO"
            + (" only with no margin" if tight else "")
            + (f" until the {region} is lost" if second else "")
        ),
        "edition": edition["name"] if edition else None,
        "pitr_window": window or None,
        # The REL-06 alert threshold: above the store's usual restore-point lag and below the
        # RPO where both are known; at the RPO itself where the lag leaves no margin.
        "pitr_on": pitr_on,
        "pitr_alert": (
            f"more than its usual lag of {lag} minutes, and the {region}'s replica alerts when "
            f"its replication lag passes {rpo} minutes, since the RPO rests on it"
            if lag is not None and rpo < lag and second
            else "more than the RPO itself, its usual lag leaving no margin below it"
            if lag is not None and rpo <= lag
            else f"more than its usual lag of {lag} minutes, before the gap reaches the RPO"
            if lag is not None
            else "more than its usual lag, before the gap reaches the RPO"
        ),
        "pooling": pooling,
    }


def _health(target: Traits | None, framework: str) -> dict[str, Any]:
    if target is None or target.get("health_probe") is None:
        return {
            "probed": False,
            "paths": {},
            "text": "Nothing probes health on this platform: no health endpoint is needed; "
            "the platform's own metrics and errors show an unhealthy function.",
        }
    probe = target["health_probe"]
    native = HEALTH_PATHS.get(framework, DEFAULT_HEALTH)
    kinds = probe["kinds"]
    paths = {}
    if "liveness" in kinds or "startup" in kinds:
        paths["liveness"] = native["liveness"]
    if "readiness" in kinds:
        paths["readiness"] = native["readiness"]
    how = native["how"]
    if len(paths) == 1:
        # One probed path (Cloud Run: startup and liveness on the same route; a load balancer:
        # readiness only): name the probes that use it, not two routes.
        kind, path = next(iter(paths.items()))
        listed = f"{' and '.join(k for k in kinds if k != 'readiness') or kind} {path}"
        how = native.get("how_one", how)
        if how == DEFAULT_HEALTH["how"]:
            how = "one route the service maps itself: " + (
                "it checks the process only" if kind == "liveness" else "its own ability to serve"
            )
    else:
        listed = ", ".join(f"{k} {v}" for k, v in paths.items())
    return {
        "probed": True,
        "by": probe["by"],
        "kinds": kinds,
        "paths": paths,
        "how": how,
        "text": f"{probe['by'][0].upper()}{probe['by'][1:]} probes {listed} ({how}).",
    }


def _entry(target: Traits | None, public: bool = True) -> dict[str, Any]:
    if target is None:
        return {}
    entry = target["entry"]
    product = entry["product"]
    # A private entry point (facts.entry_public) has no public edge, so no WAF in front of it.
    private_waf = (
        f"{product} has a private address only and no caller from outside the organisation's "
        "network, so no public web application firewall stands in front of it"
    )

    # A product in front of the entry stands on the public edge only: a private entry point
    # has none, so nothing it adds is claimed there (facts.entry_front, read everywhere).
    front = entry.get("fronted_by") if public else None

    def on_path(added: str | None) -> str | None:
        lost = entry.get("fronted_by")
        return None if added and lost and not front and lost in added else added

    def capability(own: str | None, added: str | None, what: str) -> str:
        added = on_path(added)
        if own:
            return f"{what.capitalize()} at {product}: {own}"
        if added:
            return f"{product} has no {what}: it comes from {added}"
        return f"{product} has no {what} of its own"

    return {
        "product": product,
        "rate_limiting": capability(
            entry["rate_limiting"], entry["rate_limit_added_by"], "rate limiting"
        ),
        "waf": capability(entry["waf"], entry["waf_added_by"], "web application firewall")
        if public
        else private_waf,
        "compression": capability(
            entry["compression"],
            entry.get("compression_added_by"),
            "response compression",
        ),
        "client_certs": capability(
            entry["client_certs"], entry.get("client_certs_added_by"), "client certificates"
        ),
        "rate_limited_by": (entry["rate_limiting"] and product)
        or on_path(entry["rate_limit_added_by"]),
        "fronted_by": front,
        # How the entry point hands a request on: to a healthy instance it health-checks, or to
        # the platform, which picks the instance itself (a serverless NEG has no health checks).
        "forwards": entry.get("forwards")
        or "forwards the request to any healthy instance of {backend}",
        "forward_label": entry.get("forward_label") or "forward to a healthy instance",
        # The mechanism in a few words, for the reference's rate limits (numbers: the team's).
        "rate_limits": (entry["rate_limiting"] and f"{product}: {entry['rate_limiting']}")
        or on_path(entry["rate_limit_added_by"]),
    }


def _auth(idp: Traits | None, auth: str, frontend: Mapping[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {"text": "", "warnings": []}
    if idp:
        found["access_token"] = idp["access_token"]
        found["outage"] = idp["outage"]
        found["tenant_limits"] = idp["tenant_limits"]
        # How clients sign in and what the API checks: the flow, its diagram and the
        # authorization text are chosen from these, never written once for every provider.
        for key in (
            "sign_in",
            "api_token",
            "scopes",
            "client_credentials",
            "machine_credential",
            "refresh_revoke",
            "claims_checked",
            "claims_short",
            "csp_connect",
            "csp_frame",
        ):
            found[key] = idp.get(key)
        found["text"] = (
            f"{idp['api_token'][0].upper()}{idp['api_token'][1:]}s live "
            f"{idp['access_token']} by default "
            f"({idp['configurable']}). "
            f"If the provider is down, {idp['outage']}."
        )
        if not idp["tenant_limits"]:
            found["text"] += (
                " It is self-hosted: its capacity is what the team runs, with no provider "
                "limits to fit."
            )
    if (
        auth == "sessions"
        and frontend.get("platform") == "Web"
        and not frontend.get("needs_server")
    ):
        found["warnings"].append(
            "The single-page app is served from static hosting on another origin than the API: "
            "a session cookie then needs SameSite=None; Secure and credentialed CORS from that "
            "one origin, plus CSRF tokens, or the app and API are served under one site "
            "(same origin through the entry point) so the cookie stays SameSite=Lax."
        )
    return found


def _compliance(traits: Mapping[str, Any], chosen: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for option in chosen:
        key = option["key"]
        entry = traits["compliance"]["entries"].get(key)
        if entry is None:
            continue
        basis = {
            "law": "applies by law",
            "contract": "applies by contract, not by law",
            "attestation": "is an attestation report on controls, not a law",
            "certification": "is a certifiable standard, not a law",
        }[entry["basis"]]
        found.append({"key": key, "label": option["label"], **entry, "basis_text": basis})
    return found


PER_DEPLOYABLE = ("microservices", "event_driven", "serverless")


def _pci(
    traits: Mapping[str, Any],
    answers: Mapping[str, Any],
    opt: Mapping[str, Any],
    relayed: bool = False,
) -> dict[str, Any]:
    """How card data is captured (per channel the answers give) and where the cardholder data
    environment ends (a service of its own, or all of the system): one value each, read by
    the compliance obligations, record 0016, the checklist and the views."""
    entry = traits["compliance"]["entries"].get("pci_dss") or {}
    regulated = "pci_dss" in (answers.get("compliance") or [])
    channels = entry.get("channels") or {}
    web = str(opt["frontend"].get("platform") or "").lower() == "web"
    mobile = not opt["mobile_app"]["is_none"]
    devices = any(a["key"] == "devices" for a in opt["actors"])
    keys = [k for k, on in (("web", web), ("mobile", mobile), ("devices", devices)) if on]
    capture = [channels[k] for k in keys or ["none"] if k in channels]
    style = opt["style"]
    words = entry.get("cde_capabilities") or []
    cde = next(
        (d for d in _domains(answers) if any(w in d["slug"] for w in words)),
        None,
    )
    boundary = entry.get("boundary") or {}
    kubernetes = answers.get("deployment") == "kubernetes"
    # A unit set apart (and its own relay) only where PCI DSS is chosen: a payments
    # capability alone draws no boundary.
    if regulated and cde is not None and style["key"] in PER_DEPLOYABLE:
        service = f"{cde['name']} {style['unit']}"
        text = boundary.get("namespace" if kubernetes else "unit", "")
    else:
        # Hosted fields on a web page: the pages and their servers, not all of the system.
        # One deployable serves every page: its servers are in scope, not only some of them.
        whole = "hosted" if "web" in keys and "hosted" in boundary else "whole"
        if whole == "hosted" and style["key"] not in PER_DEPLOYABLE and "single" in boundary:
            whole = "single"
        service, text = "", boundary.get(whole, "")
    if service and relayed and boundary.get("relay"):
        text = f"{text}. {boundary['relay']}"
    text = (
        text.replace("{service}", service)
        .replace("{units}", str(style["units"]))
        .replace("{system}", str(answers.get("project_name") or "the system"))
        .replace("{segment}", "namespace" if kubernetes else "network segment")
    )
    return {
        "channels": keys,
        "capture": "; ".join(capture),
        "captured": " and ".join(
            (entry.get("captured") or {})[k] for k in keys or ["none"] if k in channels
        ),
        "page_scripts": entry.get("page_scripts", "") if web else "",
        # The hosted fields' origin for the pages' CSP, and the second factor of the system's
        # own sign-in where all of it is the CDE: only under PCI DSS.
        "csp_origin": entry.get("csp_origin", "") if web and regulated else "",
        "sign_in_mfa": entry.get("sign_in_mfa", "") if regulated and not service else "",
        "boundary": text,
        # The views' label of the unit set apart (its group): in scope, holding tokens only.
        "scope_label": entry.get("scope_label", ""),
        # The payment provider the views draw, with its edges' words: only under PCI DSS.
        "provider": entry.get("provider") if regulated else None,
        # What the views draw: the unit set apart (None: all of the system is in scope), its
        # own namespace on Kubernetes, and no edge from it to a shared cache or datastore.
        "cde_unit": service or None,
        "cde_slug": cde["slug"] if service and cde else None,
        "cde_namespace": f"{cde['slug']}" if service and cde and kubernetes else None,
        "cde_shares_stores": not service,
        # The change feed's relay for the unit set apart: a relay of its own inside its
        # namespace or segment (views, table, reference); the shared relay reads the others.
        "cde_relay": f"{cde['name'][:1].upper()}{cde['name'][1:]} change-feed relay"
        if service and cde and relayed
        else None,
    }


def build_arch(
    answers: Mapping[str, Any], opt: Mapping[str, Any], traits: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """{traits, patterns, facts} for these answers: the model's keys of the same names."""
    traits = traits or load_traits()
    target = _target(traits, answers)
    ds = _datastore(traits, answers) if answers.get("datastore") != "none" else None
    if ds is not None:
        ds["label"] = opt["datastore"]["label"]
    idp = _idp(traits, answers, _people(opt))
    idp_host = _idp_host(idp, answers, opt)
    if idp and idp_host:
        idp = {**idp, "region_loss": idp_host["region_loss"]}
    broker = _broker(traits, opt, str(answers["cloud"]))
    has_broker = not opt["broker"]["is_none"]
    cloud_label = opt["cloud"]["label"]
    framework = str(answers.get("backend_framework") or "")
    compliance = _compliance(traits, opt["compliance"])
    publish = _publish(ds, has_broker)
    erasure = ds.get("feed_erasure") if ds else None
    gdpr = any(c["key"] == "gdpr" for c in compliance)
    publish["erasure"] = erasure if gdpr and publish["pattern"] == "change_feed" else ""
    always = cpu_always(target, publish)
    # Images kept in the cloud's registry need a copy the second region can pull.
    image = "image" in str((target or {}).get("artifact") or "image")
    images = opt["cloud"].get("registry_dr") if image else None
    compute = _region_compute(answers, opt, (target or {}).get("entry"), images)
    # Regional services beside the broker and identity provider: the entry point's product and
    # the devices' ingest endpoint, each with its own step and node in the second region.
    regional = (idp, broker, *_regional_edge(target, opt))
    patterns = {
        "publish": publish,
        "mtls": _mtls(target, str(answers.get("auth"))),
        "consumers": _consumers(target, has_broker, always),
        "recovery": _recovery(ds, answers, cloud_label, bool(opt["compliance"]), regional, compute),
        "region_compute": compute,
        "health": _health(target, framework),
        "entry": _entry(target, _public_entry(opt)),
        "auth": _auth(idp, str(answers.get("auth")), opt["frontend"]),
        "topology": _topology(opt, ds),
        "compliance": [
            f"{c['label']} {c['basis_text']}: it binds {c['binds']} and covers {c['covers']}. "
            + " ".join(f"{m}." for m in c["mechanics"])
            for c in compliance
        ],
    }
    health = patterns["health"]
    # ONE scaling signal per unit kind. No view draws consumer workers apart from the services
    # (the services consume themselves), so pods scale on CPU and a backlog is an alert; KEDA's
    # scaler (broker keda_scaler) is for a topology with workloads of their own.
    autoscaling = target.get("autoscaling") if target else None
    pulls = patterns["consumers"]["mode"] == "pull" and not always
    if autoscaling and broker and pulls and answers.get("deployment") == "kubernetes":
        autoscaling += ", and a consumer's backlog raises an alert rather than scaling pods"
    facts: dict[str, Any] = {
        "health_paths": health["paths"],
        "health_probed_by": health.get("by"),
        # Server-side sessions go to the shared cache when there is one: its session keys
        # must then be neither evicted nor lost on a restart.
        "sessions_in_cache": answers.get("auth") == "sessions"
        and bool(opt.get("cache"))
        and not opt["cache"]["is_none"],
        # How the chosen managed cache service spreads keys (one trade-off of its record);
        # empty on the team's own nodes (Sentinel, one primary) and without a cache.
        "cache_sharding": str((opt.get("cache") or {}).get("sharding") or "")
        if answers.get("hosting") != "self_managed" and answers.get("cloud") != "onprem"
        else "",
        "cache_connection": str((opt.get("cache") or {}).get("connection") or "")
        if answers.get("hosting") != "self_managed" and answers.get("cloud") != "onprem"
        else "",
        "access_token_lifetime": idp["access_token"] if idp else None,
        "idp_outage": idp["outage"] if idp else None,
        "idp_outage_stops": idp["outage_stops"] if idp else None,
        "idp_host": idp_host,
        "transaction_scope": ds["transaction"] if ds else None,
        "change_feed": ds.get("change_feed") if ds else None,
        # One window, edition and pooler, decided with the recovery pattern.
        "pitr_window": patterns["recovery"]["pitr_window"],
        "db_edition": patterns["recovery"]["edition"],
        "db_pooling": patterns["recovery"]["pooling"],
        # The SQL Server licence edition the design's replicas need (one fact: design, COST-21).
        "sql_edition": ds.get("licence_edition") if ds else None,
        "second_region": patterns["recovery"]["second_region"],
        # What the second region holds, by the names of the recovery steps (the view reads it).
        "second_site": _second_site(bool(patterns["recovery"]["second_region"]), compute, regional),
        # Connection pools: a modular monolith gives each module its own pool (a bulkhead), so
        # instances times modules times pool size must stay under the store's connection limit.
        "pool_per_module": opt["style"]["key"] == "modular_monolith" and ds is not None,
        "pool_count": "instances times modules times each module's pool size"
        if opt["style"]["key"] == "modular_monolith" and ds is not None
        else "instances times pool size",
        "data_access": ds.get("data_access") if ds else None,
        "store_unit": ds["store_unit"] if ds else None,
        "store_access": ds["store_access"] if ds else None,
        "unsupported_tools": ds.get("unsupported_tools", []) if ds else [],
        "column_types": ds.get("column_types") if ds else None,
        "ddl_types": ds.get("ddl_types") if ds else None,
        "managed_service": ds.get("managed") if ds else None,
        "self_managed_on": ds.get("self_managed_on") if ds else None,
        "not_available": ds.get("not_available", []) if ds else [],
        "topics": [
            str(opt["broker"]["topic_pattern"]).format(capability=d["slug"])
            for d in _domains(answers)
        ]
        if has_broker
        else [],
        "channels": _channels(answers, broker, opt["broker"]["topic_pattern"]),
        "zones": target.get("zones") if target else None,
        # ONE way services get secrets (cloud.yaml secrets_read): read at start-up with the
        # workload identity; on premises Vault's Kubernetes auth on a cluster, AppRole on hosts.
        "secrets": by_runs_on(
            str(opt["cloud"].get("secrets_read") or ""),
            "cluster" if answers.get("deployment") == "kubernetes" else "hosts",
        ),
        "autoscaling": autoscaling,
        # ONE way gRPC calls are balanced per request, per target (deployment.yaml).
        "grpc_balancing": opt["deployment"].get("grpc_balancing")
        or "by the layer-7 load balancer in front of the instances",
        "unit": target.get("unit") if target else None,
        "identity": target.get("identity") if target else None,
        "artifact": target.get("artifact") if target else None,
        "artifact_store": target.get("artifact_store") if target else None,
        # Where TLS ends: with a product in front of the entry (entry_front), TLS ends there
        # first and again at the entry, which the front re-encrypts to.
        "tls_ends_at": (
            f"{front}, which re-encrypts to {target['tls_ends_at']}, where it ends again"
            if (front := patterns["entry"].get("fronted_by")) and target
            else target.get("tls_ends_at")
            if target
            else None
        ),
        "tls_onward": target.get("tls_onward") if target else None,
        # Where the entry does not re-encrypt (no tls_onward): what carries traffic behind it.
        # No internal TLS is claimed; the services listen on plain HTTP inside the network.
        "tls_behind": _tls_behind(
            target, str(answers.get("cloud")), bool(patterns["entry"].get("fronted_by"))
        ),
        "cpu_between_requests": (bool(always) or target["cpu_between_requests"])
        if target
        else None,
        "cpu_always": always,
        # Where the browser loads a static web app: through the entry point where the cloud's
        # static hosting is a backend of it and the entry takes more than the platform's
        # services (a GKE Gateway does not); else from the hosting's own endpoint.
        "static_via_entry": bool(opt["cloud"].get("static_behind_entry"))
        and not ((target or {}).get("entry") or {}).get("services_only"),
        # The one entry point: what takes traffic in, decided per target and cloud.
        "entry": opt["deployment"].get("entrypoint") or opt["cloud"]["load_balancer"],
        "rate_limited_by": patterns["entry"].get("rate_limited_by"),
        # A product in front of the entry point on the request path; every view draws it.
        "entry_front": patterns["entry"].get("fronted_by"),
        "compliance": {c["key"]: c["basis"] for c in compliance},
        "pci": _pci(traits, answers, opt, publish["pattern"] == "change_feed" and has_broker),
        # Who signs in where: catalog prose between {people}, {web} or {mobile} and {/} is
        # kept only for these clients (by_clients).
        "clients": [
            k
            for k, on in (
                ("people", _people(opt)),
                ("web", str(opt["frontend"].get("platform") or "").lower() == "web"),
                ("mobile", not opt["mobile_app"]["is_none"]),
            )
            if on
        ],
        "cloud": str(answers["cloud"]),
        "telemetry": telemetry_stores(str(opt["observability"]["key"]), str(answers["cloud"])),
        "change_request": change_request(str(answers.get("ci")))["term"],
        # A service's cache key prefix, shown for the first capability.
        "cache_prefix": next((f"{d['slug']}:*" for d in _domains(answers)), None),
        "broker_managed": broker["managed"] if broker else None,
        "broker_retention": broker["retention"] if broker else None,
        # Services a third party runs (traits `vendor`): the cloud's monitoring gets their
        # metrics only through the export step each names.
        "third_party": _third_party(opt, ds, broker),
        # The change feed's relay: one workload on the target, in every view and the table.
        "relay": _relay(publish, target, str(answers.get("deployment"))) if has_broker else None,
        # The capability whose unit serves the gRPC API: the called service where gRPC runs
        # between microservices beside an edge style (the views' one call: the first unit
        # calls the second), else the first capability.
        "grpc_server": _grpc_server(opt, answers),
        # Schema per module (style.yaml): a modular monolith's SQL tables are qualified by
        # their module's schema (a database on MySQL), in the DDL as in the pattern list.
        "module_schema": bool(ds)
        and opt["style"]["key"] == "modular_monolith"
        and opt["datastore"].get("schema_style") == "sql"
        and (ds or {}).get("module_namespace") in ("schema", "database"),
        # The protocol clients sign in with: OpenID Connect, or the provider's own SDK where
        # ordinary OpenID Connect client libraries do not plug in (Identity Platform).
        # Where only machines call, nobody signs in: the flow is OAuth 2.0 client credentials
        # (RFC 6749 section 4.4), not OpenID Connect, which authenticates people.
        "idp_protocol": (
            "OAuth 2.0 client credentials grant over HTTPS"
            if not _people(opt)
            else f"{opt['idp']['label']}'s SDK sign-in over HTTPS, which issues {idp['api_token']}s"
            if idp and idp["sign_in"] == "sdk"
            else "OpenID Connect over HTTPS"
        ),
        # One exposure fact: the internal systems' edge, the edge protection and the WAF
        # read it (a private entry point has no public edge and no WAF in front of it).
        "entry_public": _public_entry(opt),
        "idp_purpose": "sign-in and token issuance" if _people(opt) else "access-token issuance",
    }
    # The third parties the system depends on: the vendors of the chosen services
    # (facts.third_party), then an identity provider run as SaaS by a company other than the
    # chosen cloud (a cloud's own provider and a self-hosted one are not third parties).
    saas_idp = str((opt.get("idp") or {}).get("hosting") or "").startswith("SaaS")
    facts["external_services"] = [
        {"service": t["service"], "vendor": t["vendor"], "purpose": t["purpose"], "idp": False}
        for t in facts["third_party"]
    ] + (
        [
            {
                "service": str(opt["idp"]["label"]),
                "vendor": "",
                "purpose": facts["idp_purpose"],
                "idp": True,
            }
        ]
        if saas_idp
        else []
    )
    # Under PCI DSS the payment provider the views draw (facts.pci.provider) is one of them.
    provider = (facts.get("pci") or {}).get("provider") or {}
    if provider:
        facts["external_services"].append(
            {
                "service": str(provider["name"]),
                "vendor": "",
                "purpose": "card payments, taking card numbers so that only its tokens reach us,",
                "idp": False,
            }
        )
    conditions = {
        "publish_pattern": patterns["publish"]["pattern"],
        "tls_ends": target["tls_ends"] if target else "app",
        "health_probe": "probed" if health["probed"] else "unprobed",
        # Which probes run: both (an unready instance leaves the pool, a hung one restarts),
        # readiness only (a load balancer's health check), or startup and liveness only.
        "probe_kinds": "_".join(k for k in ("liveness", "readiness") if k in health["paths"])
        or "none",
        "zones": "zonal" if facts["zones"] else "no_zones",
        # Only snapshots where the managed service offers no point-in-time recovery.
        "pitr": "no_pitr" if ds and ds.get("snapshot_interval_minutes") else "pitr",
        "consumer_mode": patterns["consumers"]["mode"],
        "artifact_kind": target["artifact_kind"] if target else "image",
        # Backups the service keeps where the team cannot copy or lock them.
        "backups": "service" if ds and ds.get("backup_service") else "team",
        "sign_in": idp["sign_in"] if idp else "none",
        # Whether people sign in (a users actor, a web or mobile client) or only machines call.
        "callers": "people" if _people(opt) else "machines",
    }
    return {
        "traits": {
            "datastore": ds,
            "deployment": target,
            "idp": idp,
            "compliance": compliance,
            "broker": broker,
        },
        "patterns": patterns,
        "facts": facts,
        "conditions": conditions,
    }


def _channels(
    answers: Mapping[str, Any], broker: Traits | None, pattern: str
) -> list[dict[str, Any]]:
    """Each capability's topic (exchange, subject) with the subscriptions the model knows and
    their dead-letter names, in the broker's own naming: the one deployable's workers read
    every topic; otherwise the other units read the first unit's topic, and the team adds the
    subscriptions of the other topics."""
    if broker is None:
        return []
    from .questions import slugify

    domains = [d["slug"] for d in _domains(answers)]
    topics = [pattern.format(capability=d) for d in domains]
    if answers["style"] == "monolith":
        reads = {t: [slugify(str(answers["project_name"]))] for t in topics}
    else:
        reads = {topics[0]: domains if len(domains) == 1 else domains[1:]}
    found = []
    for domain, topic in zip(domains, topics, strict=True):
        subscriptions = []
        for consumer in reads.get(topic, []):
            name = broker["subscription_name"].format(consumer=consumer, topic=topic)
            dead = broker["dead_letter_name"].format(
                consumer=consumer, topic=topic, subscription=name
            )
            subscriptions.append({"consumer": consumer, "name": name, "dead_letter": dead})
        found.append({"topic": topic, "capability": domain, "subscriptions": subscriptions})
    return found


def _domains(answers: Mapping[str, Any]) -> list[dict[str, str]]:
    from .questions import slugify, split_domains

    return [{"name": d, "slug": slugify(d)} for d in split_domains(str(answers["capabilities"]))]


def _grpc_server(opt: Mapping[str, Any], answers: Mapping[str, Any]) -> str | None:
    """The slug of the capability whose unit serves gRPC (None without gRPC)."""
    keys = [s["key"] for s in opt["api_styles"]]
    if "grpc" not in keys:
        return None
    slugs = [d["slug"] for d in _domains(answers)] or ["core"]
    edge = any(k in ("rest", "graphql", "websocket") for k in keys)
    called = edge and opt["style"]["key"] == "microservices" and len(slugs) > 1
    return slugs[1] if called else slugs[0]


def _topology(opt: Mapping[str, Any], ds: Traits | None = None) -> dict[str, Any]:
    """Who owns data and which protocol runs where, by style."""
    style = opt["style"]["key"]
    keys = [s["key"] for s in opt["api_styles"]]
    edge = [s["label"] for s in opt["api_styles"] if s["key"] in ("rest", "graphql", "websocket")]
    grpc = "grpc" in keys
    per_service = style in ("microservices", "event_driven")
    if grpc and edge:
        internal, at_edge = "gRPC", ", ".join(edge)
    elif grpc:
        internal, at_edge = "gRPC", "gRPC (gRPC-Web or a JSON transcoding gateway for browsers)"
    else:
        internal, at_edge = ", ".join(edge) or "HTTPS", ", ".join(edge) or "HTTPS"
    owned = f"{ds['store_unit']}, {ds['store_access']}" if ds else ""
    return {
        "store_per_service": per_service,
        "store_unit": ds["store_unit"] if ds else None,
        "edge_protocol": at_edge,
        "internal_protocol": internal if per_service or style == "serverless" else "in process",
        "text": (
            f"Each service owns its data: its own {owned}, which no other service reads or writes."
            if per_service and ds
            else "The modules call each other in process, through their public interfaces."
            if style == "modular_monolith"
            else ""
        ),
    }
