"""Choices that combine: patterns, facts and topology chosen from what the products can do.

Each case is a combination of answers, a statement that must appear in what the model says
about it (its patterns, facts, checklist and decision-record lines) and one that must not,
with the vendor page that decides it. The expectations are literal: written from the vendor
documentation, not from the code. A few cases render the documents in-process
(tests/fast_render.py) and read the decision records as written.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from conftest import CATALOG, ROOT
from fast_render import FastRenderer

from extensions.diagrams import all_nodes
from extensions.model import build_model
from extensions.schema import TRAIT_FILES, CatalogError
from extensions.traits import check_traits, load_traits

BASE: dict[str, Any] = {
    "project_name": "Ledger",
    "description": "Keeps the ledger of a small business.",
    "owner_team": "Platform team",
    "doc_status": "draft",
    "decision_date": "2026-01-15",
    "capabilities": "accounts, invoices, payments",
    "style": "microservices",
    "cloud": "aws",
    "deployment": "kubernetes",
    "frontend": "react",
    "backend_language": "java",
    "backend_framework": "spring_boot",
    "datastore": "postgresql",
    "cache": "none",
    "broker": "kafka",
    "api_styles": ["rest"],
    "auth": "oidc",
    "idp": "keycloak",
    "ci": "github_actions",
    "observability": "otel_prometheus_grafana",
    "availability": 99.9,
    "latency_p95_ms": 300,
    "rto_minutes": 240,
    "rpo_minutes": 60,
    "compliance": [],
}


def answers(**over: Any) -> dict[str, Any]:
    found = {**BASE, **over}
    if "backend_language" in over and "backend_framework" not in over:
        language = CATALOG["backend_language"]["entries"][found["backend_language"]]
        found["backend_framework"] = language["default_framework"]
    if found["auth"] != "oidc":
        found.pop("idp", None)
    return found


@cache
def model_for(key: str) -> dict[str, Any]:
    return build_model(json.loads(key))


def model(**over: Any) -> dict[str, Any]:
    return model_for(json.dumps(answers(**over), sort_keys=True))


def said(m: dict[str, Any]) -> str:
    """Everything the model states about the combination, as one text."""
    records = m["adrs"].records("madr")
    parts = [
        json.dumps(m["patterns"], ensure_ascii=False),
        json.dumps(m["facts"], ensure_ascii=False),
        *(c["text"] for c in m["checklist"]["checks"]),
        *(line for r in records for line in r.more),
    ]
    return "\n".join(parts)


# (id, answers, must appear, must not appear); the comment above each names the vendor page.
CASES: list[tuple[str, dict[str, Any], str, str]] = [
    # https://docs.datastax.com/en/cql-oss/3.3/cql/cql_reference/cqlBatch.html
    # https://cassandra.apache.org/doc/latest/cassandra/managing/operating/cdc.html
    (
        "cassandra-event-driven-onprem",
        {"style": "event_driven", "cloud": "onprem", "datastore": "cassandra"},
        "commit-log CDC per table",
        "Transactional outbox",
    ),
    # https://docs.aws.amazon.com/keyspaces/latest/StreamsAPIReference/Welcome.html
    (
        "cassandra-on-aws-is-keyspaces-cdc",
        {"style": "event_driven", "datastore": "cassandra"},
        "Amazon Keyspaces CDC streams",
        "commit-log CDC per table",
    ),
    # https://learn.microsoft.com/azure/cosmos-db/nosql/transactional-batch
    (
        "cosmos-functions-change-feed",
        {
            "style": "serverless",
            "cloud": "azure",
            "deployment": "serverless",
            "datastore": "cosmosdb",
            "broker": "azure_service_bus",
            "backend_language": "typescript",
            "idp": "entra_id",
        },
        "Cosmos DB change feed",
        "outbox row are written in one transaction",
    ),
    # https://learn.microsoft.com/javascript/api/@azure/cosmos ; Prisma's database list:
    # https://www.prisma.io/docs/orm/reference/supported-databases
    (
        "cosmos-typescript-sdk-not-typeorm",
        {
            "cloud": "azure",
            "deployment": "paas",
            "datastore": "cosmosdb",
            "broker": "azure_service_bus",
            "backend_language": "typescript",
            "idp": "entra_id",
        },
        '"library": "@azure/cosmos"',
        '"library": "Prisma ORM or TypeORM"',
    ),
    # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html
    (
        "dynamodb-streams",
        {"datastore": "dynamodb", "broker": "sqs_sns"},
        "DynamoDB Streams",
        "Transactional outbox",
    ),
    # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html
    (
        "dynamodb-100-items",
        {"datastore": "dynamodb", "broker": "sqs_sns"},
        "up to 100 items (4 MB)",
        "up to 25 items",
    ),
    # https://www.mongodb.com/docs/manual/changeStreams/
    (
        "mongodb-change-streams",
        {"datastore": "mongodb"},
        "MongoDB change streams",
        "Transactional outbox",
    ),
    # https://cloud.google.com/firestore/docs/eventarc
    (
        "firestore-eventarc",
        {"cloud": "gcp", "datastore": "firestore", "broker": "google_pubsub", "idp": "keycloak"},
        "Eventarc document triggers",
        "Transactional outbox",
    ),
    # PostgreSQL: one transaction covers the state and the outbox row (multi-row ACID).
    # https://docs.redhat.com/en/documentation/red_hat_integration/2021.q3/html/debezium_user_guide/debezium-connector-for-postgresql
    (
        "postgresql-outbox",
        {"datastore": "postgresql"},
        "Transactional outbox: the state change and an outbox row are written in one transaction",
        '"pattern": "change_feed"',
    ),
    # https://learn.microsoft.com/sql/t-sql/data-types/uniqueidentifier-transact-sql
    (
        "sqlserver-on-vms-column-types",
        {"style": "monolith", "cloud": "onprem", "deployment": "vms", "datastore": "sqlserver"},
        "uniqueidentifier for UUIDs, datetime2",
        '"column_types": "UUID',
    ),
    # https://learn.microsoft.com/ef/core/providers/sql-server/
    (
        "sqlserver-csharp-ef-core",
        {"datastore": "sqlserver", "backend_language": "csharp"},
        "EF Core with the SQL Server provider",
        "pgx",
    ),
    # https://docs.aws.amazon.com/AmazonRDS/PostgreSQLReleaseNotes/postgresql-extensions.html
    (
        "rds-no-citus",
        {"datastore": "postgresql"},
        '"not_available": ["the Citus extension"',
        "Patroni",
    ),
    # https://learn.microsoft.com/azure/postgresql/flexible-server/param-replication-master-server
    (
        "azure-flexible-server-no-synchronous-standby-names",
        {"cloud": "azure", "deployment": "paas", "broker": "azure_service_bus"},
        "synchronous_standby_names (read-only on flexible server)",
        "Amazon RDS",
    ),
    # https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-backup-restore
    (
        "azure-pitr-restores-to-new-server",
        {"cloud": "azure", "deployment": "paas", "broker": "azure_service_bus"},
        "restores to a new server",
        "restores in place",
    ),
    # Same page: WAL backup RPO "can be up to 15 minutes".
    (
        "azure-rpo-5-cannot-be-met-by-backups",
        {"cloud": "azure", "deployment": "paas", "broker": "azure_service_bus", "rpo_minutes": 5},
        "cannot meet the RPO of 5 minutes",
        "can meet an RPO of 5 minutes",
    ),
    # Self-managed PostgreSQL on premises: continuous WAL archiving restores to a point in time.
    # https://www.postgresql.org/docs/current/continuous-archiving.html
    (
        "onprem-wal-archiving-rpo-5",
        {"cloud": "onprem", "rpo_minutes": 5},
        "archive_timeout of 1 minute, with archive_command writing each WAL segment straight",
        "Point-in-time recovery of",
    ),
    # https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PointInTimeRecoveryDescription.html
    (
        "dynamodb-pitr-meets-rpo-5",
        {"datastore": "dynamodb", "broker": "sqs_sns", "rpo_minutes": 5},
        "can meet an RPO of 5 minutes",
        "cannot meet the RPO",
    ),
    # Cross-region RPO needs a replica, not copied snapshots.
    # https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html
    (
        "cross-region-needs-replica",
        {"rpo_minutes": 5},
        "needs a replica in a second region",
        "manual snapshots copied to a second region",
    ),
    # SQLite: one file on one host, no replica. https://www.sqlite.org/wal.html
    (
        "sqlite-no-replica",
        {"style": "monolith", "deployment": "vms", "datastore": "sqlite", "broker": "none"},
        "has no replica",
        "replica in a second region",
    ),
    # https://cloud.google.com/load-balancing/docs/https/setting-up-mtls-global-ext-https
    (
        "mtls-cloud-run",
        {"cloud": "gcp", "deployment": "paas", "auth": "mtls", "broker": "google_pubsub"},
        "mutual TLS with a TrustConfig and a ServerTLSPolicy",
        "verifies the client certificate during the handshake",
    ),
    # https://learn.microsoft.com/azure/container-apps/client-certificate-authorization
    (
        "mtls-container-apps",
        {"cloud": "azure", "deployment": "paas", "auth": "mtls", "broker": "azure_service_bus"},
        "from X-Forwarded-Client-Cert",
        "X-ARR-ClientCert",
    ),
    # https://learn.microsoft.com/azure/app-service/app-service-web-configure-tls-mutual-auth
    (
        "mtls-app-service",
        {
            "cloud": "azure",
            "deployment": "paas",
            "auth": "mtls",
            "broker": "azure_service_bus",
            "paas_service": "app_service",
        },
        "TLS ends at the App Service front ends",
        "X-Forwarded-Client-Cert",
    ),
    # https://docs.aws.amazon.com/elasticloadbalancing/latest/application/mutual-authentication.html
    (
        "mtls-alb",
        {"auth": "mtls"},
        "X-Amzn-Mtls-Clientcert-Leaf",
        "in the container, which sees TLS",
    ),
    # https://learn.microsoft.com/azure/container-apps/ingress-overview
    (
        "container-apps-mtls-checked-at-ingress",
        {"cloud": "azure", "deployment": "paas", "auth": "mtls", "broker": "azure_service_bus"},
        "TLS ends at the Container Apps ingress (Envoy), so the client certificate is checked"
        " there",
        "TLS ends in the service itself",
    ),
    # https://developer.mozilla.org/docs/Web/HTTP/Headers/Set-Cookie#samesitesamesite-value
    (
        "sessions-spa-other-origin",
        {"auth": "sessions", "frontend": "react"},
        "SameSite=None; Secure",
        "provider is down",
    ),
    # Server-rendered Next.js serves the pages and the API from one site: no cross-site cookie.
    (
        "sessions-server-rendered",
        {"auth": "sessions", "frontend": "nextjs"},
        '"auth": {"text": "", "warnings": []}',
        "SameSite=None",
    ),
    # https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html
    (
        "alb-rate-limit-by-waf",
        {"deployment": "paas"},
        "Application Load Balancer has no rate limiting: it comes from AWS WAF rate-based rules",
        "Rate limiting at Application Load Balancer",
    ),
    # https://learn.microsoft.com/azure/frontdoor/standard-premium/how-to-compression
    (
        "container-apps-compression-by-front-door",
        {"cloud": "azure", "deployment": "paas", "broker": "azure_service_bus"},
        "it comes from Azure Front Door (compression needs caching on the route)",
        "Response compression at Container Apps ingress",
    ),
    # https://cloud.google.com/armor/docs/rate-limiting-overview
    (
        "cloud-run-rate-limit-by-armor",
        {"cloud": "gcp", "deployment": "paas", "broker": "google_pubsub"},
        "Google Cloud Armor rate-based rules on the backend service",
        "Rate limiting at Cloud Run URL",
    ),
    # https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
    (
        "api-gateway-throttles",
        {"style": "serverless", "deployment": "serverless", "broker": "sqs_sns"},
        "Rate limiting at Amazon API Gateway (HTTP API): throttling per stage and route",
        "has no rate limiting",
    ),
    # https://learn.microsoft.com/azure/api-management/rate-limit-by-key-policy
    (
        "apim-rate-limit-by-key",
        {
            "style": "serverless",
            "cloud": "azure",
            "deployment": "serverless",
            "datastore": "cosmosdb",
            "broker": "azure_service_bus",
            "backend_language": "typescript",
            "idp": "entra_id",
        },
        "rate-limit-by-key and quota-by-key policies",
        "Azure API Management has no rate limiting",
    ),
    # https://learn.microsoft.com/entra/identity-platform/access-tokens#token-lifetime
    (
        "entra-60-90",
        {"cloud": "azure", "deployment": "paas", "broker": "azure_service_bus", "idp": "entra_id"},
        "60 to 90 minutes",
        "5 to 15 minutes",
    ),
    # https://www.keycloak.org/docs/latest/server_admin/#_timeouts
    (
        "keycloak-self-hosted",
        {"idp": "keycloak"},
        "It is self-hosted: its capacity is what the team runs",
        "limits for this tenant",
    ),
    # https://auth0.com/docs/secure/tokens/access-tokens/update-access-token-lifetime
    (
        "auth0-24h",
        {"idp": "auth0"},
        "86,400 seconds (24 hours)",
        "It is self-hosted",
    ),
    # https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_TokenValidityUnitsType.html
    (
        "cognito-60",
        {"idp": "cognito"},
        '"access_token_lifetime": "60 minutes"',
        "86,400 seconds",
    ),
    # https://support.okta.com/help/s/article/What-is-the-lifetime-of-the-JWT-tokens
    (
        "okta-60",
        {"idp": "okta"},
        "fixed on the org authorization server",
        '"access_token_lifetime": "5 minutes"',
    ),
    # https://www.rfc-editor.org/rfc/rfc6749#section-6 (a refresh is a token-endpoint request)
    (
        "idp-outage-breaks-refresh",
        {"idp": "keycloak"},
        "new sign-ins and token refresh both fail",
        "new sign-ins only",
    ),
    # https://www.americanbar.org/groups/litigation/resources/newsletters/minority-trial/payment-card-industry-data-security-standard/
    (
        "pci-contract",
        {"compliance": ["pci_dss"]},
        "PCI DSS applies by contract, not by law",
        "PCI DSS applies by law",
    ),
    # https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-C/section-164.312
    (
        "hipaa-law-audit",
        {"compliance": ["hipaa"]},
        "164.312(b)",
        "HIPAA applies by contract",
    ),
    # https://eur-lex.europa.eu/eli/reg/2016/679/oj
    (
        "gdpr-law-articles",
        {"compliance": ["gdpr"]},
        "GDPR applies by law",
        "GDPR applies by contract",
    ),
    # https://www.aicpa-cima.com/topic/audit-assurance/audit-and-assurance-greater-than-soc-2
    (
        "soc2-attestation",
        {"compliance": ["soc2"]},
        "SOC 2 is an attestation report on controls, not a law",
        "SOC 2 applies by law",
    ),
    # https://www.iso.org/standard/27001
    (
        "iso27001-certifiable",
        {"compliance": ["iso27001"]},
        "is a certifiable standard, not a law",
        "ISO/IEC 27001 applies by law",
    ),
    # On premises VMs: no zones and no autoscaling to design for.
    (
        "onprem-vms-no-zones",
        {"style": "monolith", "cloud": "onprem", "deployment": "vms"},
        '"zones": null, "secrets": "read at start-up from HashiCorp Vault with the host\'s AppRole '
        'credentials", "autoscaling": null',
        "Auto Scaling group",
    ),
    # https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan
    (
        "functions-zip-in-blob",
        {
            "style": "serverless",
            "cloud": "azure",
            "deployment": "serverless",
            "datastore": "cosmosdb",
            "broker": "azure_service_bus",
            "backend_language": "typescript",
            "idp": "entra_id",
        },
        "artifact: zip package in a Blob Storage container",
        "alias",
    ),
    # https://learn.microsoft.com/cli/azure/functionapp/identity
    (
        "functions-identity-per-app",
        {
            "style": "serverless",
            "cloud": "azure",
            "deployment": "serverless",
            "datastore": "cosmosdb",
            "broker": "azure_service_bus",
            "backend_language": "typescript",
            "idp": "entra_id",
        },
        "a managed identity per function app (not per function)",
        "reserved concurrency",
    ),
    # https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
    (
        "lambda-push-consumers",
        {"style": "serverless", "deployment": "serverless", "broker": "sqs_sns"},
        "Consumers are triggered by the platform",
        "pull messages",
    ),
    # https://cloud.google.com/run/docs/configuring/billing-settings: a relay publishing
    # between requests needs instance-based billing; its consumers then pull.
    (
        "cloud-run-relay-instance-billing",
        {"cloud": "gcp", "deployment": "paas", "broker": "google_pubsub"},
        'run.googleapis.com/cpu-throttling: \\"false\\"',
        "Consumers are triggered by the platform",
    ),
    # Kubernetes pods run continuously: pull consumers fit.
    (
        "kubernetes-pull-consumers",
        {},
        "Consumers run as long-lived workers (each a pod of a Deployment) and pull messages",
        "Consumers are triggered by the platform",
    ),
    # https://docs.spring.io/spring-boot/reference/actuator/endpoints.html#actuator.endpoints.kubernetes-probes
    (
        "spring-boot-probe-paths",
        {},
        '"liveness": "/actuator/health/liveness", "readiness": "/actuator/health/readiness"',
        "/healthz",
    ),
    # Nothing probes a Flex Consumption function app: no health endpoint.
    (
        "functions-no-health-probe",
        {
            "style": "serverless",
            "cloud": "azure",
            "deployment": "serverless",
            "datastore": "cosmosdb",
            "broker": "azure_service_bus",
            "backend_language": "typescript",
            "idp": "entra_id",
        },
        "Nothing probes health on this platform",
        "/health/ready",
    ),
    # https://learn.microsoft.com/azure/app-service/monitor-instances-health-check
    (
        "app-service-health-check-readiness-only",
        {
            "cloud": "azure",
            "deployment": "paas",
            "broker": "azure_service_bus",
            "paas_service": "app_service",
            "backend_language": "csharp",
        },
        "App Service Health check (a ping every minute per instance) probes readiness"
        " /health/ready",
        "liveness /health/live",
    ),
    # https://learn.microsoft.com/azure/reliability/reliability-azure-container-apps
    (
        "container-apps-zones-only-if-zone-redundant",
        {"cloud": "azure", "deployment": "paas", "broker": "azure_service_bus"},
        "only in a zone-redundant environment, chosen when the environment is created",
        "places instances across zones",
    ),
]


@pytest.mark.parametrize(
    ("over", "must", "must_not"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_combination_states_what_the_products_do(
    over: dict[str, Any], must: str, must_not: str
) -> None:
    text = said(model(**over))
    assert must in text, must
    assert must_not not in text, must_not


def test_enough_literal_cases() -> None:
    assert len(CASES) >= 40
    assert len({c[0] for c in CASES}) == len(CASES)


# ------------------------------------------------------------------------------ checklist


def checklist_ids(**over: Any) -> set[str]:
    return {c["id"] for c in model(**over)["checklist"]["checks"]}


def test_outbox_check_only_where_one_transaction_covers_the_outbox_row() -> None:
    assert "REL-30" in checklist_ids(style="event_driven", datastore="postgresql")
    cosmos = checklist_ids(
        style="event_driven",
        cloud="azure",
        deployment="paas",
        datastore="cosmosdb",
        broker="azure_service_bus",
        idp="entra_id",
    )
    assert "REL-71" in cosmos and "REL-30" not in cosmos


def test_health_check_item_only_where_something_probes() -> None:
    # Where a load balancer's one check is the only probe (HAProxy on VMs, App Runner's target
    # group), REL-108 says what it does; REL-12 (liveness apart from readiness) only where both
    # are probed (round 4, h10: the old expectation was the error).
    vms = checklist_ids(style="monolith", cloud="onprem", deployment="vms")
    assert "REL-108" in vms and "REL-12" not in vms
    assert "REL-108" in checklist_ids(deployment="paas")
    assert "REL-12" in checklist_ids(deployment="paas", cloud="azure")


# ------------------------------------------------------------------------------ records


@cache
def rendered(key: str) -> dict[str, str]:
    return FastRenderer(ROOT).render(json.loads(key))


def documents(*names: str, **over: Any) -> str:
    """The rendered Markdown files whose path ends with one of `names` (every one without
    names), in path order, as one text."""
    files = rendered(json.dumps(answers(**over), sort_keys=True))
    found = [
        text
        for path, text in sorted(files.items())
        if path.endswith(".md") and (not names or path.endswith(names))
    ]
    assert found, names
    return "\n".join(found)


def record(name: str, **over: Any) -> str:
    files = rendered(json.dumps(answers(**over), sort_keys=True))
    found = [text for path, text in files.items() if path.endswith(name)]
    assert len(found) == 1, name
    return found[0]


def test_identity_provider_record_is_short_when_the_question_was_not_asked() -> None:
    # mTLS needs no identity provider: record 0013 stays, says why, weighs nothing.
    text = record("0013-identity-provider.md", auth="mtls")
    assert "needs no external identity provider" in text
    assert "Keycloak" not in text and "Okta" not in text
    asked = record("0013-identity-provider.md", auth="oidc", idp="keycloak")
    assert "Okta" in asked and len(text) < len(asked) / 2


def test_datastore_record_states_the_publish_pattern_of_the_store() -> None:
    # https://learn.microsoft.com/azure/cosmos-db/nosql/change-feed-modes
    text = record(
        "0008-primary-datastore.md",
        style="event_driven",
        cloud="azure",
        deployment="paas",
        datastore="cosmosdb",
        broker="azure_service_bus",
        idp="entra_id",
    )
    assert "Cosmos DB change feed" in text
    assert "Transactional outbox" not in text


# ------------------------------------------------------------------------------ diagrams

STRUCTURAL = ("system", "target", "deployment")


@pytest.mark.parametrize("style", ["microservices", "event_driven"])
@pytest.mark.parametrize("capabilities", ["accounts, invoices", "a, b, c, d, e, f, g"])
def test_no_store_node_is_shared_by_two_services(style: str, capabilities: str) -> None:
    m = model(style=style, capabilities=capabilities, deployment="kubernetes")
    for view in STRUCTURAL:
        for layout in ("flowchart", "c4"):
            graph = m["diagrams"][view][layout]
            stores = {n["id"] for n in all_nodes(graph) if n["id"].startswith("datastore")}
            assert len(stores) == capabilities.count(",") + 1, (view, stores)
            users: dict[str, set[str]] = {}
            for e in graph["edges"]:
                if e["target"] in stores:
                    users.setdefault(e["target"], set()).add(e["source"])
            assert all(len(sources) == 1 for sources in users.values()), (view, users)
            assert set(users) == stores, (view, layout)


def test_browser_never_calls_grpc_and_services_do() -> None:
    m = model(api_styles=["rest", "grpc"])
    edges = m["diagrams"]["system"]["flowchart"]["edges"]
    to_entry = [e["label"] for e in edges if e["target"] == "entry"]
    assert to_entry == ["REST"], to_entry
    assert any(e["label"].startswith("gRPC") for e in edges if e["source"].startswith("unit_"))
    only = model(api_styles=["grpc"])["diagrams"]["system"]["flowchart"]["edges"]
    assert [e["label"] for e in only if e["target"] == "entry"] == ["gRPC-Web"]


def test_modular_monolith_load_balancer_reaches_instances_not_modules() -> None:
    m = model(style="modular_monolith", deployment="kubernetes")
    edges = m["diagrams"]["system"]["flowchart"]["edges"]
    from_entry = {e["target"] for e in edges if e["source"] == "entry"}
    assert from_entry == {"backend_http"}
    calls = {e["label"] for e in edges if e["source"] == "backend_http"}
    assert calls == {"calls in process"}


def test_event_flow_follows_the_publish_pattern() -> None:
    cosmos = model(
        style="event_driven",
        cloud="azure",
        deployment="paas",
        datastore="cosmosdb",
        broker="azure_service_bus",
        idp="entra_id",
    )
    steps = " ".join(s["text"] for s in cosmos["diagrams"]["main_flow"]["steps"])
    assert "change feed" in steps and "outbox" not in steps
    pg = model(style="event_driven")
    steps = " ".join(s["text"] for s in pg["diagrams"]["main_flow"]["steps"])
    assert "outbox row, one transaction" in steps


# ------------------------------------------------------------------------------ the data


def test_traits_name_catalog_options_and_cover_every_cloud() -> None:
    assert check_traits(CATALOG) == []


def test_every_trait_block_that_states_a_vendor_fact_has_a_source() -> None:
    traits = load_traits()
    for key, entry in traits["datastore"]["entries"].items():
        managed = [c for c in entry["clouds"].values() if c["managed"]]
        assert entry["source"] or entry.get("unverified"), key
        assert all(c["source"] or c.get("unverified") for c in managed), key
    for key, clouds in traits["deployment"]["entries"].items():
        for cloud, target in clouds.items():
            if cloud != "onprem":
                assert target["source"], (key, cloud)
    for key, entry in traits["idp"]["entries"].items():
        assert entry["source"] or entry["unverified"], key


def test_a_bad_traits_file_is_refused_naming_file_and_field(tmp_path: Any) -> None:
    from extensions.catalog import load_checked

    bad = tmp_path / "extensions" / "catalog" / "traits"
    bad.mkdir(parents=True)
    text = (ROOT / "extensions" / "catalog" / "traits" / "idp.yaml").read_text(encoding="utf-8")
    (bad / "idp.yaml").write_text(text.replace("operator: self", "operator: team"), "utf-8")
    with pytest.raises(CatalogError) as error:
        load_checked(bad / "idp.yaml", "traits/idp")
    message = str(error.value)
    assert "extensions/catalog/traits/idp.yaml: entries.keycloak.operator" in message
    assert "'self', 'saas' or 'cloud'" in message
    assert set(TRAIT_FILES) == {"datastore", "deployment", "idp", "compliance", "broker"}


def test_the_entry_component_applies_rate_limits_only_where_it_can() -> None:
    # https://repost.aws/es/questions/QU7x1tsf21T_CZB_jwLdL4aA (WAF in front of the ALB)
    alb = next(c for c in model(deployment="paas")["components"] if c["id"] == "entry")
    assert "it comes from AWS WAF rate-based rules" in alb["purpose"]
    assert "applies rate limits" not in alb["purpose"]
    # https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
    api = model(style="serverless", deployment="serverless", broker="sqs_sns")["components"]
    purpose = next(c for c in api if c["id"] == "entry")["purpose"]
    assert "Rate limiting at Amazon API Gateway (HTTP API): throttling" in purpose


def test_function_app_zip_is_drawn_in_blob_storage_not_a_registry() -> None:
    # https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan (Deployment)
    m = model(
        style="serverless",
        cloud="azure",
        deployment="serverless",
        datastore="cosmosdb",
        broker="azure_service_bus",
        backend_language="typescript",
        idp="entra_id",
    )
    for graph in (m["diagrams"]["deployment"]["flowchart"], m["diagrams"]["pipeline"]):
        store = next(n for n in all_nodes(graph) if n["id"] == "registry")
        assert store["label"] == "Artifact store", store
        assert "Blob Storage" in " ".join(store["detail"]), store
        assert "Container Registry" not in " ".join(store["detail"]), store
