"""Round 5: platform and operations facts, each in the chosen product's own mechanics.

Each case is a combination of answers, a statement that must appear in the rendered documents
and one that must not, with the vendor page that decides it. The expectations are literal.
"""

from __future__ import annotations

from typing import Any

import pytest
from systems import FLEET, IOT, TICKETS
from test_combinations import documents

CLOUD_RUN = TICKETS
GKE_PUBSUB: dict[str, Any] = {
    "style": "microservices",
    "cloud": "gcp",
    "deployment": "kubernetes",
    "datastore": "postgresql",
    "broker": "google_pubsub",
    "backend_language": "python",
    "backend_framework": "fastapi",
}
AKS: dict[str, Any] = {
    "style": "microservices",
    "cloud": "azure",
    "deployment": "kubernetes",
    "datastore": "postgresql",
    "broker": "azure_service_bus",
    "backend_language": "csharp",
    "idp": "entra_id",
}
FUNCTIONS_AZURE = IOT
EKS = FLEET

CASES = [
    # A Cloud Run service scales on requests and CPU only, so a Pub/Sub backlog is an alert,
    # not a scaling signal: https://cloud.google.com/run/docs/about-instance-autoscaling
    (
        "pubsub_cloud_run_scaling",
        CLOUD_RUN,
        "undelivered messages and the oldest unacknowledged age show a backlog",
        "subscribers scale on undelivered messages",
    ),
    (
        "pubsub_gke_checklist",
        GKE_PUBSUB,
        "an alert on undelivered messages and the oldest unacknowledged message age",
        "and scale on undelivered messages",
    ),
    # SEC-04 names the data-access library the framework uses (Ktor bundles none; the model
    # chooses Exposed): https://www.jetbrains.com/help/exposed/home.html
    (
        "sql_layer_ktor",
        CLOUD_RUN,
        "reach PostgreSQL, through Exposed;",
        "the data access layer of Ktor",
    ),
    (
        "sql_layer_fastapi",
        GKE_PUBSUB,
        "reach PostgreSQL, through SQLAlchemy;",
        "the data access layer of FastAPI",
    ),
    # Record 0015 on Google Cloud: alerting policies notify channels only; AWS log subscription
    # filters stream to Firehose, which delivers to S3:
    # https://cloud.google.com/monitoring/support/notification-options
    # https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Subscriptions.html
    (
        "cloud_native_alerts",
        {**CLOUD_RUN, "observability": "cloud_native"},
        "defined in the same infrastructure code as the resources they watch",
        "scaling actions, runbooks, functions",
    ),
    (
        "cloudwatch_subscription_filter",
        {**EKS, "observability": "cloud_native"},
        "streaming to Amazon Data Firehose, which delivers to S3",
        "subscription filters exporting to S3",
    ),
    # The bucket is a backend bucket of the global external Application Load Balancer: the
    # browser loads the web app through it, not from the bucket:
    # https://cloud.google.com/cdn/docs/setting-up-cdn-with-bucket
    (
        "gcp_static_through_entry",
        {**CLOUD_RUN, "frontend": "vue"},
        '-->|"serves the web app"| n_static',
        'n_frontend -->|"loads its files"| n_static',
    ),
    (
        "aws_static_from_cloudfront",
        {**EKS, "frontend": "vue"},
        'n_frontend -->|"loads its files"| n_static',
        '-->|"serves the web app"| n_static',
    ),
    # Flex Consumption sets instance memory (and with it CPU) per function app:
    # https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan#instance-memory
    (
        "flex_memory_per_app",
        FUNCTIONS_AZURE,
        "Give each function app more CPU and memory first",
        "Give each function more CPU and memory",
    ),
    # The archive tier is not supported on ZRS/GZRS accounts:
    # https://learn.microsoft.com/azure/storage/blobs/access-tiers-overview
    (
        "azure_zrs_no_archive",
        FUNCTIONS_AZURE,
        "lifecycle rules to the cool and cold tiers",
        "cool, cold and archive tiers",
    ),
    # Azure Managed Prometheus stores metrics only and its rule groups raise Azure Monitor
    # alerts routed by action groups; Amazon Managed Service for Prometheus has an alert manager:
    # https://learn.microsoft.com/azure/azure-monitor/essentials/prometheus-rule-groups
    # https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-alert-manager.html
    (
        "aks_prometheus_alerts",
        {**AKS, "observability": "otel_prometheus_grafana"},
        "raise Azure Monitor alerts routed by action groups",
        "routed by Alertmanager",
    ),
    (
        "aks_logs_store",
        {**AKS, "observability": "otel_prometheus_grafana"},
        "stored in Azure Monitor Logs (a Log Analytics workspace)",
        "stored in Loki",
    ),
    (
        "eks_prometheus_alert_manager",
        {**EKS, "observability": "otel_prometheus_grafana"},
        "whose alert manager in Amazon Managed Service for Prometheus routes them "
        "through Amazon SNS",
        "stored in Grafana Tempo",
    ),
    (
        "onprem_prometheus_self_run",
        {
            "style": "monolith",
            "cloud": "onprem",
            "deployment": "vms",
            "datastore": "postgresql",
            "backend_language": "csharp",
            "observability": "otel_prometheus_grafana",
        },
        "routed by Alertmanager",
        "action groups",
    ),
    # EKS Auto Mode takes Spot from a NodePool, not a managed node group:
    # https://docs.aws.amazon.com/eks/latest/userguide/create-node-pool.html
    (
        "eks_auto_mode_spot",
        EKS,
        "EKS Auto Mode NodePool whose karpenter.sh/capacity-type requirement allows spot",
        "Spot Instances in a managed node group",
    ),
    # GitLab CI on GitLab.com with images in the cloud's registry: no self-managed praise:
    # https://docs.gitlab.com/ci/secrets/id_token_authentication/
    (
        "gitlab_hosted",
        {**EKS, "ci": "gitlab_ci"},
        "short-lived OIDC ID tokens (id_tokens)",
        "Self-managed GitLab with its own runners keeps",
    ),
    # Cloud Run with an event relay bills per instance (cpu-throttling false), so record 0019
    # does not praise per-request billing: https://cloud.google.com/run/docs/configuring/billing-settings
    (
        "cloud_run_billing",
        CLOUD_RUN,
        "billed per second of instance CPU and memory",
        "billed per request-time",
    ),
]


@pytest.mark.parametrize(("name", "over", "must", "must_not"), CASES, ids=[c[0] for c in CASES])
def test_platform_fact(name: str, over: dict[str, Any], must: str, must_not: str) -> None:
    text = documents(**over)
    assert must in text, f"{name}: missing {must!r}"
    assert must_not not in text, f"{name}: still says {must_not!r}"
