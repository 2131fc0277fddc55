"""Round 6: platform facts decided once (instances floor, subscription type, pools, second
region, gateway identity) and read by every document.

Each case is a combination of answers, a statement that must appear in the rendered documents
and one that must not, with the vendor page that decides it. The expectations are literal.
"""

from __future__ import annotations

from typing import Any

import pytest
from systems import TICKETS
from test_combinations import documents

CLOUD_RUN = TICKETS
CONTAINER_APPS: dict[str, Any] = {
    "style": "microservices",
    "cloud": "azure",
    "deployment": "paas",
    "paas_service": "container_apps",
    "datastore": "postgresql",
    "broker": "azure_service_bus",
    "backend_language": "csharp",
}
GKE_PUBSUB: dict[str, Any] = {
    "style": "microservices",
    "cloud": "gcp",
    "deployment": "kubernetes",
    "datastore": "postgresql",
    "broker": "google_pubsub",
    "backend_language": "python",
    "backend_framework": "fastapi",
}
FUNCTIONS_GCP: dict[str, Any] = {
    "style": "serverless",
    "cloud": "gcp",
    "deployment": "serverless",
    "datastore": "firestore",
    "broker": "google_pubsub",
    "backend_language": "typescript",
}

CASES = [
    # The reference configuration keeps two instances warm (minScale "2"), so the design and
    # the records never speak of scaling from zero:
    # https://cloud.google.com/run/docs/configuring/min-instances
    (
        "cloud_run_floor",
        CLOUD_RUN,
        "from two minimum instances (kept warm against cold starts) up to the maximum",
        "from zero or a minimum-instances floor",
    ),
    (
        "cloud_run_record_no_zero",
        CLOUD_RUN,
        "instances kept warm against cold starts are billed while idle",
        "Cold starts when scaled to zero",
    ),
    # https://learn.microsoft.com/en-us/azure/container-apps/scale-app
    (
        "container_apps_floor",
        CONTAINER_APPS,
        "minReplicas (two, kept warm against cold starts)",
        "down to zero when minReplicas is 0",
    ),
    # Pub/Sub is named with the one subscription type the model chose for the consumers
    # (pull where CPU runs between requests, push to a function otherwise):
    # https://cloud.google.com/pubsub/docs/subscription-overview
    (
        "pubsub_pull_label",
        CLOUD_RUN,
        "Pub/Sub (topics with pull subscriptions)",
        "pull, push and export",
    ),
    (
        "pubsub_pull_model",
        GKE_PUBSUB,
        "share its messages as competing consumers, which pull them.",
        "by pull or push",
    ),
    (
        "pubsub_push_label",
        FUNCTIONS_GCP,
        "Pub/Sub (topics with push subscriptions)",
        "topics with pull subscriptions",
    ),
    # A modular monolith gives each module its own connection pool (a bulkhead): the data
    # access, the scaling text and PERF-22 count instances times modules times pool size.
    # https://github.com/brettwooldridge/HikariCP/wiki/About-Pool-Sizing
    (
        "pool_per_module_data_access",
        CLOUD_RUN,
        "Exposed (DSL) over a HikariCP pool per module",
        "per-module thread or connection pools",
    ),
    (
        "pool_per_module_checklist",
        CLOUD_RUN,
        "sized so that instances times modules times each module's pool size stays below",
        "sized so that instances times pool size stays below",
    ),
    (
        "one_pool_per_service",
        {**GKE_PUBSUB, "backend_language": "kotlin", "backend_framework": "ktor"},
        "sized so that instances times pool size stays below",
        "HikariCP pool per module",
    ),
]


@pytest.mark.parametrize(("name", "over", "must", "must_not"), CASES, ids=[c[0] for c in CASES])
def test_platform_fact(name: str, over: dict[str, Any], must: str, must_not: str) -> None:
    text = documents(**over)
    assert must in text, f"{name}: missing {must!r}"
    assert must_not not in text, f"{name}: still says {must_not!r}"


def test_no_subscription_marker_is_left_in_any_document() -> None:
    text = documents(**CLOUD_RUN)
    assert "Pub/Sub (topics with pull subscriptions)" in text
    assert "{pull}" not in text and "{push}" not in text
