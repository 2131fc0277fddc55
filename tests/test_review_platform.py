"""Platform and operations findings of the blind reviews (issue 19), as literal cases.

Each case renders a combination in-process and reads the named documents (decision records
and the review checklist included where the finding was there). Each asserts a statement that
must appear and one that must not, with the vendor page that decides it in a comment.
"""

from __future__ import annotations

from typing import Any

import pytest
from systems import EVENTS, IOT, LEDGER
from test_combinations import documents

FUNCTIONS_AZURE = IOT
FUNCTIONS_AWS = {
    "style": "serverless",
    "deployment": "serverless",
    "datastore": "dynamodb",
    "broker": "sqs_sns",
    "backend_language": "typescript",
    "backend_framework": "none",
    "idp": "cognito",
}


CASES: list[tuple[str, dict[str, Any], tuple[str, ...], str, str]] = [
    # The package, managed identity and memory belong to the function app, not one function:
    # https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan
    # https://learn.microsoft.com/cli/azure/functionapp/identity
    (
        "azure-identity-per-function-app",
        FUNCTIONS_AZURE,
        ("review-checklist.md",),
        "Each function app has its own execution identity",
        "Each function has its own execution identity",
    ),
    (
        "azure-permissions-per-function-app-in-style-record",
        FUNCTIONS_AZURE,
        ("0002-architecture-style.md",),
        "each function app has its own narrowly scoped permissions",
        "each function has its own narrowly scoped permissions",
    ),
    (
        "azure-deploys-per-function-app-in-target-record",
        FUNCTIONS_AZURE,
        ("0004-deployment-target.md",),
        "each function app deploys, scales and gets its permissions independently",
        "each function deploys, scales and gets its permissions independently",
    ),
    (
        "azure-handler-pattern-says-function-app",
        FUNCTIONS_AZURE,
        ("design.md",),
        "managed identity and instance memory belong to the function app",
        "keeps each function's permissions narrow",
    ),
    # Lambda: one execution role per function, one environment per concurrent request:
    # https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
    (
        "aws-identity-per-function",
        FUNCTIONS_AWS,
        ("review-checklist.md",),
        "Each function has its own execution identity",
        "Each function app has",
    ),
    (
        "aws-one-environment-per-request",
        FUNCTIONS_AWS,
        ("design.md",),
        "runs one execution environment per concurrent request",
        "per-instance HTTP concurrency",
    ),
    # Flex Consumption: several HTTP requests per instance (per-instance concurrency):
    # https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan#concurrency
    (
        "azure-per-instance-concurrency",
        FUNCTIONS_AZURE,
        ("design.md",),
        "per-instance HTTP concurrency",
        "runs one instance per concurrent request",
    ),
    # A zip package has no base image and no untagged images in a registry:
    # https://learn.microsoft.com/azure/azure-functions/functions-deployment-technologies
    (
        "azure-zip-no-base-images",
        FUNCTIONS_AZURE,
        ("review-checklist.md",),
        "expire old function app zip packages in the artifact store",
        "base images",
    ),
    (
        "azure-zip-no-untagged-images",
        FUNCTIONS_AZURE,
        ("review-checklist.md",),
        "TypeScript (Node.js) dependencies current",
        "untagged images",
    ),
    (
        "azure-zip-build-no-image",
        FUNCTIONS_AZURE,
        ("design.md",),
        "the artifact carries only the compiled output",
        "the image carries",
    ),
    # Kubernetes keeps container images: base images stay in the check.
    # https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
    (
        "kubernetes-image-keeps-base-images",
        {},
        ("review-checklist.md",),
        "dependencies and base images current",
        "in the artifact store, keeping the ones a rollback may need",
    ),
    # Private endpoints for Service Bus need the Premium tier:
    # https://learn.microsoft.com/azure/service-bus-messaging/private-link-service
    (
        "service-bus-premium-with-private-endpoints",
        FUNCTIONS_AZURE,
        ("design.md",),
        "Azure Service Bus (Premium tier)",
        "Standard tier",
    ),
    # No PaaS target: the short record says nothing about nodes the team runs (serverless has
    # none): https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan
    (
        "no-paas-record-true-of-serverless",
        FUNCTIONS_AZURE,
        ("0019-paas-service.md",),
        "runs on the deployment target chosen in its own record",
        "nodes, clusters or servers are the team's to run",
    ),
    (
        "no-paas-record-has-no-broken-sentence",
        FUNCTIONS_AZURE,
        ("0019-paas-service.md",),
        "No application PaaS",
        "because does not run",
    ),
    # Express has no maintained Azure Functions adapter (the catalog's serverless map); the
    # ruled-out line names that, never an empty reason.
    # https://learn.microsoft.com/azure/azure-functions/functions-reference-node
    (
        "framework-ruled-out-names-the-reason",
        FUNCTIONS_AZURE,
        ("0007-backend-framework.md",),
        "Express (needs a maintained adapter for Azure Functions",
        "(needs )",
    ),
    # On-premises VMs: no instance groups or autoscaled fleets (hosts are added by hand or by
    # configuration management); one deploy mechanism, a release directory behind a symlink
    # (round 7): https://docs.ansible.com/ansible/latest/playbook_guide/
    (
        "onprem-vms-no-instance-group",
        LEDGER,
        ("0004-deployment-target.md",),
        "rolling back is a symlink switch and a unit restart",
        "combined with an instance group",
    ),
    # Self-managed data on VMs has no persistent volumes or disruption budgets (Kubernetes):
    # https://kubernetes.io/docs/concepts/storage/persistent-volumes/
    (
        "onprem-self-managed-no-persistent-volumes",
        LEDGER,
        ("0020-hosting.md",),
        "maintenance that keeps a quorum",
        "persistent volumes",
    ),
    # Self-managed Valkey is no managed service: https://valkey.io/topics/sentinel/
    (
        "onprem-cache-not-a-managed-service",
        LEDGER,
        ("0009-cache.md",),
        "with replication and failover",
        "on a managed service",
    ),
    # A release archive goes to a raw repository, not an OCI registry with image scanning:
    # https://help.sonatype.com/en/raw-repositories.html
    (
        "onprem-release-archive-in-raw-repository",
        LEDGER,
        ("design.md",),
        "only a clean artifact is published to a raw repository in Sonatype Nexus Repository",
        "Harbor",
    ),
    # SQL Server on Linux: availability groups clustered by Pacemaker:
    # https://learn.microsoft.com/sql/linux/sql-server-linux-availability-group-cluster-pacemaker
    (
        "onprem-sql-server-on-linux-pacemaker",
        LEDGER,
        ("overview.md",),
        "SQL Server on Linux with an Always On availability group under Pacemaker",
        "Windows Server Failover Clustering",
    ),
    # The answers name no hypervisor, so neither does the text:
    # https://developer.hashicorp.com/terraform/language/providers
    (
        "onprem-no-hypervisor-named",
        LEDGER,
        ("design.md",),
        "through the virtualisation platform's provider",
        "vSphere",
    ),
    (
        "onprem-no-kvm-invented",
        LEDGER,
        ("overview.md",),
        "Linux virtual machines",
        "KVM",
    ),
    # On premises a site outage needs a second data centre, not a region:
    # https://learn.microsoft.com/sql/database-engine/log-shipping/about-log-shipping-sql-server
    (
        "onprem-recovery-second-data-centre",
        LEDGER,
        ("0008-primary-datastore.md",),
        "a second data centre (an asynchronous-commit availability group replica",
        "second region",
    ),
    # Razor Pages has no per-route JavaScript bundles to split:
    # https://learn.microsoft.com/aspnet/core/razor-pages/
    (
        "server-rendered-no-bundle-splitting-check",
        LEDGER,
        ("review-checklist.md",),
        "SEC-29",
        "splits code per route",
    ),
    # Native AOT does not support Razor Pages or MVC:
    # https://learn.microsoft.com/aspnet/core/fundamentals/native-aot
    (
        "no-native-aot-for-razor-pages",
        LEDGER,
        ("design.md",),
        "dotnet publish -c Release, optionally with ReadyToRun for faster start",
        "Native AOT",
    ),
    # Google provisions, upgrades and rebalances Managed Kafka brokers:
    # https://cloud.google.com/managed-service-for-apache-kafka/docs/overview
    (
        "managed-kafka-no-broker-operations",
        EVENTS,
        ("0010-message-broker.md",),
        "a managed one still leaves partition counts and topic settings to the team",
        "Operating a cluster is demanding",
    ),
    # Astra DB uses its own tokens and roles, not Google IAM or Cloud Audit Logs:
    # https://docs.datastax.com/en/astra-db-serverless/administration/manage-application-tokens.html
    (
        "managed-hosting-true-of-astra",
        EVENTS,
        ("0020-hosting.md",),
        "encryption at rest and access control come built into each service",
        "integrated with the cloud",
    ),
    # "Diagnostic logs" are Azure diagnostic settings; Google Cloud has no such setting:
    # https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings
    (
        "gcp-observability-no-diagnostic-logs",
        EVENTS,
        ("0015-observability-stack.md",),
        "reach the monitoring service",
        "diagnostic logs",
    ),
]


@pytest.mark.parametrize(
    ("name", "over", "files", "must", "must_not"), CASES, ids=[c[0] for c in CASES]
)
def test_platform_finding(
    name: str, over: dict[str, Any], files: tuple[str, ...], must: str, must_not: str
) -> None:
    text = documents(*files, **over)
    assert must in text, f"{name}: missing {must!r}"
    assert must_not not in text, f"{name}: still says {must_not!r}"
