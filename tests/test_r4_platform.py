"""Round 4: each platform in its own words and its real mechanics.

Each case is a combination of answers, a statement that must appear in the rendered documents
and one that must not, with the vendor page that decides it. The expectations are literal.
"""

from __future__ import annotations

from typing import Any

import pytest
from systems import FLEET, IOT, TICKETS
from test_combinations import documents

CLOUD_RUN = TICKETS
FUNCTIONS_AZURE = IOT
EKS = FLEET
GKE: dict[str, Any] = {**EKS, "cloud": "gcp", "datastore": "postgresql", "broker": "kafka"}
VMS_ONPREM: dict[str, Any] = {
    "style": "monolith",
    "cloud": "onprem",
    "deployment": "vms",
    "datastore": "sqlserver",
    "broker": "rabbitmq",
    "backend_language": "csharp",
    "auth": "oidc",
    "idp": "keycloak",
}
CONTAINER_APPS: dict[str, Any] = {
    **CLOUD_RUN,
    "cloud": "azure",
    "paas_service": "container_apps",
    "broker": "azure_service_bus",
    "idp": "entra_id",
}

CASES = [
    # Cloud Run with ingress internal-and-cloud-load-balancing: the external Application Load
    # Balancer with a serverless NEG is the one entry point, no "Cloud Run URL or ...":
    # https://cloud.google.com/run/docs/securing/ingress
    # https://cloud.google.com/load-balancing/docs/negs/serverless-neg-concepts
    (
        "cloud_run_entry",
        CLOUD_RUN,
        "external Application Load Balancer (serverless NEG, Cloud Armor)",
        "Cloud Run URL or",
    ),
    # Cloud Run places instances in the region's zones itself:
    # https://cloud.google.com/run/docs/locations
    (
        "cloud_run_zones",
        CLOUD_RUN,
        "which the platform spreads over the zones of its region",
        "in different availability zones",
    ),
    # An outbox relay in the service needs CPU between requests (instance-based billing):
    # https://cloud.google.com/run/docs/tips/general#background-activity
    (
        "cloud_run_cpu",
        CLOUD_RUN,
        'run.googleapis.com/cpu-throttling: "false"',
        'cpu-throttling: "true"',
    ),
    # One image per service, pinned by each revision, not "per instance":
    # https://cloud.google.com/run/docs/resource-model
    ("cloud_run_image", CLOUD_RUN, "per Cloud Run service", "image per Cloud Run instance"),
    # Cloud Run probes startup and liveness (no readiness path):
    # https://cloud.google.com/run/docs/configuring/healthchecks
    ("cloud_run_probes", CLOUD_RUN, "Startup and liveness check for Cloud Run", "/health/ready"),
    # Container Apps keeps readiness probes and the ingress as its entry:
    # https://learn.microsoft.com/azure/container-apps/health-probes
    (
        "container_apps_probes",
        CONTAINER_APPS,
        "Readiness check for Container Apps",
        "Cloud Run URL",
    ),
    # Azure Functions: one zip package per function app; Flex Consumption has no slots:
    # https://learn.microsoft.com/azure/azure-functions/functions-deployment-technologies
    # https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan
    (
        "functions_unit",
        FUNCTIONS_AZURE,
        "zip package per function app",
        "without touching the existing",
    ),
    ("functions_no_slots", FUNCTIONS_AZURE, "no deployment slots", "Premium plan"),
    # Service Bus metrics: active messages per entity, no consumer lag:
    # https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-servicebus-namespaces-metrics
    (
        "service_bus_backlog",
        FUNCTIONS_AZURE,
        "active message count per subscription",
        "consumer lag",
    ),
    # Lambda keeps its own words: one function per package, no function app:
    # https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-package.html
    (
        "lambda_feature",
        {**FUNCTIONS_AZURE, "cloud": "aws", "datastore": "dynamodb", "broker": "sqs_sns"},
        "deployed without touching the existing ones",
        "function app",
    ),
    # EKS: pods sized by requests and limits; EKS Auto Mode (built on Karpenter) decided:
    # https://docs.aws.amazon.com/eks/latest/userguide/autoscaling.html
    (
        "eks_requests",
        EKS,
        "CPU and memory requests and limits are set per service",
        "Instance size is set per service",
    ),
    ("eks_nodes", EKS, "EKS Auto Mode, built on Karpenter", "Karpenter or the Cluster Autoscaler"),
    # SQS: the age of the oldest message per queue:
    # https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
    ("sqs_backlog", EKS, "the age of the oldest message per queue", "consumer lag"),
    # GKE Standard: the cluster autoscaler adds nodes; no Autopilot-or-Standard hedge:
    # https://cloud.google.com/kubernetes-engine/docs/concepts/cluster-autoscaler
    ("gke_nodes", GKE, "GKE cluster autoscaler adds nodes", "in Standard mode"),
    # VMs on premises: HAProxy with keepalived is the entry point, decided:
    # https://docs.haproxy.org/ (HAProxy), https://keepalived.readthedocs.io/
    ("onprem_entry", VMS_ONPREM, "HAProxy with keepalived", "or a hardware load balancer"),
    # RabbitMQ: ready and unacknowledged messages per queue:
    # https://www.rabbitmq.com/docs/monitoring
    (
        "rabbitmq_backlog",
        VMS_ONPREM,
        "ready and unacknowledged messages per queue",
        "consumer lag and dead letters",
    ),
]


@pytest.mark.parametrize(("name", "over", "must", "must_not"), CASES, ids=[c[0] for c in CASES])
def test_platform_in_its_own_words(
    name: str, over: dict[str, Any], must: str, must_not: str
) -> None:
    text = documents(**over)
    assert must in text, name
    assert must_not not in text, name
