"""Telemetry stores, the process model per pod and what the cache holds (round 7).

Each case renders a combination in-process and reads every Markdown document: a statement
that must appear and one that must not, written from the vendor page cited above the case.
"""

from __future__ import annotations

from typing import Any

import pytest
from systems import CLINIC, EVENTS
from test_combinations import documents

SESSIONS: dict[str, Any] = {**CLINIC, "auth": "sessions", "idp": None}

CASES: list[tuple[str, dict[str, Any], str, str]] = [
    # Azure Managed Prometheus stores metrics only; logs and traces go to Azure Monitor Logs and
    # Application Insights, and Managed Prometheus and Grafana are Azure services outside the
    # cluster: https://learn.microsoft.com/azure/azure-monitor/essentials/prometheus-metrics-overview
    (
        "logs-in-their-store",
        CLINIC,
        "Structured JSON logs with the trace ID, in Azure Monitor Logs (Log Analytics).",
        "Structured JSON logs with the trace ID, in OpenTelemetry, Prometheus and Grafana.",
    ),
    (
        "each-signal-to-its-store",
        CLINIC,
        # Through the OpenTelemetry Collector the choice runs (round 8).
        "n_collector -.-> n_telemetry_traces",
        '"traces, metrics, logs"',
    ),
    (
        "only-the-collector-in-the-cluster",
        CLINIC,
        'n_w_agent["OpenTelemetry Collector"]',
        'n_w_agent["OpenTelemetry Collector<br/>Azure Managed Prometheus',
    ),
    (
        "record-0015-alternative-is-every-signal",
        CLINIC,
        "Azure Monitor for every signal: Azure Monitor Metrics",
        "On Microsoft Azure: Azure Monitor (Log Analytics workspaces, Metrics, alerts, workbooks)",
    ),
    # Amazon Managed Service for Prometheus stores metrics; logs in CloudWatch Logs, traces X-Ray:
    # https://docs.aws.amazon.com/prometheus/latest/userguide/what-is-Amazon-Managed-Service-Prometheus.html
    (
        "eks-traces-in-x-ray",
        {**CLINIC, "cloud": "aws", "idp": "cognito"},
        'n_telemetry_traces["Traces<br/>AWS X-Ray"]',
        'n_w_agent["AWS Distro for OpenTelemetry collector<br/>Amazon Managed',
    ),
    (
        "gke-logs-in-cloud-logging",
        {**CLINIC, "cloud": "gcp", "idp": "google_identity_platform"},
        "Structured JSON logs with the trace ID, in Cloud Logging.",
        "Structured JSON logs with the trace ID, in OpenTelemetry",
    ),
    # On premises the team runs Loki, Tempo and Mimir itself.
    (
        "onprem-logs-in-loki",
        {**CLINIC, "cloud": "onprem", "idp": "keycloak", "hosting": "self_managed"},
        "Structured JSON logs with the trace ID, in Grafana Loki.",
        'n_w_agent["OpenTelemetry Collector"]',
    ),
    # Redis quota counters (INCR and EXPIRE per window) live in the cache, so losing it restarts
    # them; LRU over all keys evicts cold reads before live counters:
    # https://redis.io/docs/latest/develop/reference/eviction/
    (
        "cache-holds-quota-counters",
        CLINIC,
        "It holds cached reads and per-user quota counters: losing it costs cache misses",
        "It holds nothing that must survive a restart.",
    ),
    (
        "cache-holds-quota-counters-events",
        EVENTS,
        "restarts the quota counters of the current window",
        "It holds nothing that must survive a restart.",
    ),
    (
        "eviction-keeps-live-counters",
        CLINIC,
        "allkeys-lru: live quota counters are touched on every request",
        "every key is a cache entry",
    ),
    ("checklist-counters-reset", CLINIC, "**REL-129**", "**REL-61**"),
    ("sessions-not-pure-cache", SESSIONS, "noeviction", "**REL-129**"),
    # One server process per container, replicas scaled by the orchestrator:
    # https://fastapi.tiangolo.com/deployment/docker/#one-process-per-container
    (
        "fastapi-one-process-per-pod",
        CLINIC,
        "(CPython 3.14, one server process per pod, scaled by adding pods)",
        "one worker process per core",
    ),
    (
        "fastapi-no-server-hedge",
        CLINIC,
        "Uvicorn as the ASGI server, one process per pod without --workers",
        "(or Gunicorn managing Uvicorn workers)",
    ),
    (
        "fastapi-on-vms-per-core",
        {**CLINIC, "deployment": "vms"},
        "Uvicorn as the ASGI server with --workers set to the core count",
        "one process per pod",
    ),
    # https://nodejs.org/api/cluster.html
    (
        "node-no-cluster-module-in-pods",
        {**CLINIC, "backend_language": "typescript", "backend_framework": "express"},
        "one process per pod (no cluster module), scaled by adding pods",
        "under the cluster module",
    ),
    # https://puma.io/puma/#clustered-mode
    (
        "puma-single-mode-in-pods",
        {**CLINIC, "backend_language": "ruby", "backend_framework": "rails"},
        "Puma in single mode (threads, no forked workers), one process per pod",
        "Puma with workers and threads",
    ),
]


@pytest.mark.parametrize(("case", "over", "present", "absent"), CASES, ids=[c[0] for c in CASES])
def test_round7_facts_are_read_everywhere(
    case: str, over: dict[str, Any], present: str, absent: str
) -> None:
    text = documents(**over)
    assert present in text, f"{case}: missing {present!r}"
    assert absent not in text, f"{case}: still says {absent!r}"
