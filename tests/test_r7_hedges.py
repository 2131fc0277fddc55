"""Round 7 hedges: "X or Y" text the sixth blind review found where the answers decide (the
unit a service owns of its store, service discovery, a CDN tier, RabbitMQ across regions,
test clients, identities, restore points, on-premises networks, scheduled jobs, log
retention). Each case: what the documents of a combination must say and must not say.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from test_combinations import documents
from test_r4_hedges import SYSTEMS as R4

SYSTEMS: dict[str, dict[str, Any]] = {
    **R4,
    "clinic": dict(
        style="microservices",
        cloud="azure",
        deployment="kubernetes",
        datastore="postgresql",
        broker="rabbitmq",
        backend_language="python",
        backend_framework="fastapi",
        frontend="angular",
        cache="redis",
        ci="azure_pipelines",
        idp="keycloak",
        observability="otel_prometheus_grafana",
        api_styles=["rest", "grpc"],
        compliance=["hipaa", "gdpr"],
        rpo_minutes=5,
        rto_minutes=60,
    ),
    "spring_pg": {**R4["events"], "datastore": "postgresql"},
    "lambda": {**R4["fleet"], "style": "serverless", "deployment": "serverless"},
    "iot_rpo5": {**R4["iot"], "rpo_minutes": 5, "rto_minutes": 60},
    "ledger_aws": {**R4["ledger"], "cloud": "aws"},
    "monolith_nobroker": {**R4["ledger"], "broker": "none"},
    "iot_callers": {**R4["iot"], "actors": ["devices", "internal_systems"]},
}

D = ("design.md",)
OV = ("overview.md",)
R = ("reference.md",)
CL = ("review-checklist.md",)
ALL = ("design.md", "overview.md", "reference.md")

# (system, document names, must appear, must not appear); both checked in the same documents.
CASES: list[tuple[str, tuple[str, ...], str, str]] = [
    # One database per service (each with its own role), one container per service on
    # Cosmos DB (RBAC scoped to a container):
    # https://microservices.io/patterns/data/database-per-service.html ;
    # https://learn.microsoft.com/azure/cosmos-db/how-to-setup-rbac
    ("clinic", OV, "PostgreSQL holds each service's own database,", "database or schema"),
    ("rust", OV, "PostgreSQL holds each service's own database,", "database or schema"),
    ("iot", OV, "One container per function", "container or database"),
    # Service discovery is DNS (Kubernetes Service names):
    # https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/
    ("clinic", D, "through stable DNS names rather than fixed addresses", "or a registry"),
    ("fleet", D, "through stable DNS names rather than fixed addresses", "or a registry"),
    # Vitest since Angular CLI v21, a SignalStore per feature: https://angular.dev/guide/testing ;
    # https://ngrx.io/guide/signals/signal-store
    ("clinic", R, "services run by Vitest, the test runner the Angular CLI", "Karma"),
    ("django", R, "services run by Vitest, the test runner the Angular CLI", "Karma"),
    ("clinic", D, "one NgRx SignalStore per feature", "for large applications"),
    # RabbitMQ across regions: exchange federation, asynchronous:
    # https://www.rabbitmq.com/docs/federated-exchanges
    (
        "clinic",
        D,
        "holds a copy of each published message by exchange federation "
        "(messages not yet forwarded are lost with the first)",
        "shovels",
    ),
    (
        "ledger",
        D,
        "second data centre holds a copy of each published message by exchange federation",
        "shovels",
    ),
    # The framework's data access is read only for relational stores (sections.jinja backend);
    # FastAPI async tests: https://fastapi.tiangolo.com/advanced/async-tests/
    ("clinic", D, "Alembic for migrations.", "non-relational"),
    (
        "clinic",
        R,
        "pytest with pytest-asyncio and httpx.AsyncClient over ASGITransport",
        "TestClient",
    ),
    (
        "spring_pg",
        D,
        "Flyway migrations and @Transactional on service methods",
        "non-relational stores",
    ),
    # CPU with memory, per platform:
    # https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html ;
    # https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan#instance-memory
    (
        "iot",
        D,
        "The instance memory size of a function app (512, 2,048 or 4,096 MB) also sets its CPU",
        "on most platforms",
    ),
    ("lambda", D, "Lambda allocates CPU in proportion to it", "on most platforms"),
    ("iot", R, "functions deployed to the development environment, with real", "per-branch or"),
    # Cosmos DB's latest restorable point is a few hundred seconds behind now:
    # https://learn.microsoft.com/azure/cosmos-db/latest-restore-timestamp-continuous-backup
    (
        "iot_rpo5",
        ("0008-primary-datastore.md",),
        "its latest restorable point is usually within a few hundred seconds of now",
        "to be confirmed",
    ),
    (
        "iot_rpo5",
        D,
        "point-in-time recovery can meet an RPO of 5 minutes only with no margin",
        "confirm",
    ),
    # The background worker takes jobs from the chosen broker (else a table); one scheduler:
    # https://www.rabbitmq.com/docs/queues
    ("ledger", D, "takes jobs from a queue on", "a table or queue"),
    ("monolith_nobroker", D, "takes jobs from a jobs table in the database", "a table or queue"),
    ("ledger", OV, "a single scheduler instance of the worker starts them", "distributed lock"),
    # Sessions carry the roles; a role change drops them (OWASP Session Management Cheat Sheet):
    # https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html
    ("ledger", D, "a role change drops the user's live sessions", "per request)"),
    # VMs: one mechanism, built by Ansible playbooks: https://docs.ansible.com/
    ("ledger", D, "built by the same Ansible playbooks", "configuration-management"),
    (
        "ledger",
        ("0004-deployment-target.md",),
        "Every VM is built by a versioned Ansible playbook run",
        "configuration-management run",
    ),
    # On premises: one VLAN per environment and tier, a bastion host:
    ("ledger", D, "A VLAN per environment and tier", "VLANs or VRFs"),
    (
        "ledger",
        D,
        "a bastion host with MFA as the only administrative access",
        "bastion host or VPN",
    ),
    # SEC-29, the cloud's own access path: https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html
    ("ledger", CL, "administrative access goes through a bastion host with MFA", "session manager"),
    ("ledger_aws", CL, "goes through AWS Systems Manager Session Manager", "a bastion or"),
    # External services: the team names the protocol; no list of four.
    ("ledger", R, "TODO(team): its protocol and credentials", "GraphQL or SOAP"),
    # The chosen cloud's default log retention only:
    # https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SettingLogRetention.html ;
    # https://learn.microsoft.com/azure/azure-monitor/logs/data-retention-configure ;
    # https://cloud.google.com/logging/docs/routing/overview#buckets
    (
        "fleet",
        ("0015-observability-stack.md",),
        "CloudWatch Logs keeps a log group's events forever, and bills for them, until a retention",
        "some keep logs forever",
    ),
    (
        "iot",
        ("0015-observability-stack.md",),
        "because a Log Analytics workspace keeps logs 30 days by default",
        "CloudWatch",
    ),
    (
        "clinic",
        ("0015-observability-stack.md",),
        "Log Analytics workspace keeps logs 30 days by default",
        "some keep logs forever",
    ),
    (
        "events",
        ("0015-observability-stack.md",),
        "Cloud Logging's _Default bucket keeps logs 30 days",
        "Log Analytics workspace keeps",
    ),
    # Front Door's managed WAF rule set needs Premium:
    # https://learn.microsoft.com/azure/web-application-firewall/afds/waf-front-door-custom-rules-powershell
    ("clinic", D, "Azure Front Door Premium, which succeeds", "Standard or Premium"),
    ("django", D, "Azure Front Door Premium, which succeeds", "Standard or Premium"),
    # GZRS: https://learn.microsoft.com/azure/storage/common/storage-redundancy
    ("iot", R, "with geo-zone-redundant storage (GZRS), soft delete", "zone-redundant (ZRS) or"),
    # The store backs itself up; the rest goes to a Backup vault:
    # https://learn.microsoft.com/azure/backup/azure-kubernetes-service-backup-overview ;
    # https://learn.microsoft.com/azure/backup/blob-backup-overview
    (
        "iot",
        D,
        "in a Backup vault with immutability and soft delete, for the blobs",
        "Recovery Services",
    ),
    (
        "clinic",
        D,
        "in a Backup vault with immutability and soft delete, for the AKS cluster's resources",
        "Recovery Services",
    ),
    # User-assigned identities, federated on AKS: https://learn.microsoft.com/azure/aks/workload-identity-overview
    (
        "iot",
        D,
        "A user-assigned managed identity per workload, so code",
        "system- or user-assigned",
    ),
    (
        "clinic",
        D,
        "A user-assigned managed identity per workload, federated to its Kubernetes service",
        "system- or user-assigned",
    ),
    # Internal callers federate wherever they run; the platform caches managed-identity tokens
    # about 24 hours: https://learn.microsoft.com/entra/workload-id/workload-identity-federation ;
    # https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identity-best-practice-recommendations
    (
        "iot_callers",
        D,
        "authenticating with a federated credential of its own app",
        "managed identity or a",
    ),
    (
        "iot",
        ("0013-identity-provider.md",),
        "managed identities keep the tokens the platform has cached (valid about 24 hours)",
        "managed identity or a",
    ),
    (
        "django",
        ("0013-identity-provider.md",),
        "managed identities keep the tokens the platform has cached",
        "no calling system",
    ),
]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(("system", "names", "must", "must_not"), CASES)
def test_decided_not_hedged(system: str, names: tuple[str, ...], must: str, must_not: str) -> None:
    text = _flat(documents(*names, **SYSTEMS[system]))
    assert _flat(must) in text, f"{system}: {must!r} missing"
    assert must_not not in text, f"{system}: {must_not!r} still written"
