"""Round 7: one way services get their secrets (facts.secrets) and one scaling signal per unit
kind (facts.scaling), read by design, reference, records and the checklist.

Each case is a combination of answers, a statement that must appear in the rendered documents
and one that must not, with the vendor page that decides it. The expectations are literal.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_combinations import documents

# Secrets: the cloud SDK with the workload identity needs no operator; on premises Vault's
# Kubernetes auth on a cluster, AppRole on hosts.
# https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets.html
# https://learn.microsoft.com/azure/key-vault/general/authentication
# https://cloud.google.com/secret-manager/docs/access-secret-version
# https://developer.hashicorp.com/vault/docs/auth/approle
SECRETS: list[tuple[dict[str, Any], str, str]] = [
    (
        {"cloud": "aws", "deployment": "kubernetes"},
        "read at start-up through the AWS SDK with the workload's IAM role",
        "External Secrets Operator",
    ),
    (
        {"cloud": "gcp", "deployment": "kubernetes", "broker": "google_pubsub"},
        "read at start-up through the client library with the workload's service account",
        "synced from the secret store",
    ),
    (
        {"cloud": "azure", "deployment": "kubernetes", "broker": "azure_service_bus"},
        "read at start-up through the Azure SDK with the workload's managed identity",
        "External Secrets Operator",
    ),
    (
        {"cloud": "onprem", "deployment": "vms", "style": "modular_monolith"},
        "read at start-up from HashiCorp Vault with the host's AppRole credentials",
        "service account token (Kubernetes auth)",
    ),
    (
        {"cloud": "onprem", "deployment": "kubernetes"},
        "read at start-up from HashiCorp Vault with the pod's service account token",
        "AppRole credentials",
    ),
]


@pytest.mark.parametrize(("over", "must", "must_not"), SECRETS)
def test_secrets_are_delivered_one_way(over: dict[str, Any], must: str, must_not: str) -> None:
    design = documents("design.md", **over)
    reference = documents("reference.md", **over)
    checklist = documents("review-checklist.md", **over)
    for text in (design, reference, checklist):
        assert must[1:] in text  # the design starts its sentence with it
        assert must_not not in text


# Scaling: pods on CPU through the HPA; the services consume themselves (no separate workers
# for KEDA to scale), so a backlog is an alert (https://keda.sh/docs/latest/scalers/,
# https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/).
SCALING: list[tuple[dict[str, Any], str, str]] = [
    (
        {"cloud": "aws", "deployment": "kubernetes", "broker": "kafka"},
        "a HorizontalPodAutoscaler on CPU, and a consumer's backlog raises an alert rather "
        "than scaling pods",
        "CPU or a request or queue metric",
    ),
    (
        {"cloud": "gcp", "deployment": "kubernetes", "broker": "google_pubsub"},
        "and a consumer's backlog raises an alert rather than scaling pods",
        "request rate or queue depth through KEDA",
    ),
    (
        {"cloud": "azure", "deployment": "kubernetes", "broker": "none"},
        "Pods scale out with a HorizontalPodAutoscaler on CPU;",
        "KEDA",
    ),
    (
        {"cloud": "onprem", "deployment": "kubernetes", "broker": "rabbitmq"},
        "a HorizontalPodAutoscaler on CPU within the fixed capacity of the cluster's nodes, and "
        "a consumer's backlog raises an alert",
        "CPU, memory or custom metrics (KEDA for",
    ),
]


@pytest.mark.parametrize(("over", "must", "must_not"), SCALING)
def test_one_scaling_signal_per_unit_kind(over: dict[str, Any], must: str, must_not: str) -> None:
    text = documents("design.md", "reference.md", "review-checklist.md", **over)
    assert must in text
    assert must_not not in text
    assert "(CPU, request rate or backlog)" not in text


# Database scaling in the store's own terms (traits/datastore.yaml load.scales_by):
# https://learn.microsoft.com/sql/database-engine/availability-groups/windows/active-secondaries-readable-secondary-replicas-always-on-availability-groups
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.Partitions.html
@pytest.mark.parametrize(
    ("over", "must"),
    [
        ({"datastore": "sqlserver"}, "adds readable secondaries; writes stay on one primary"),
        ({"datastore": "dynamodb"}, "spreads items over partitions by partition key"),
    ],
)
def test_database_scaling_names_how_the_store_scales(over: dict[str, Any], must: str) -> None:
    text = documents("reference.md", **over)
    assert must in text
    assert "scales with its own replicas and partitions" not in text
