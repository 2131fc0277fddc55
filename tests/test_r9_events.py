"""Round 9: events and fleet. How consumers scale (facts.autoscaling, once), where TLS ends,
what a managed wide-column store does about consistency, which third parties the system
depends on, one mobile build path and the change-feed relay's source. Literal must/must-not
cases per combination."""

from __future__ import annotations

from typing import Any

from test_combinations import documents

EVENTS: dict[str, Any] = {
    "style": "event_driven",
    "cloud": "gcp",
    "deployment": "kubernetes",
    "hosting": "managed",
    "datastore": "cassandra",
    "broker": "kafka",
    "cache": "redis",
    "backend_language": "java",
    "backend_framework": "spring_boot",
    "api_styles": ["rest", "events"],
    "auth": "oidc",
    "idp": "google_identity_platform",
    "actors": ["users", "partner_systems"],
    "frontend": "react",
    "mobile_app": "react_native",
    "observability": "cloud_native",
    "capabilities": "shipments, tracking, notifications",
}

FLEET: dict[str, Any] = {
    "style": "microservices",
    "cloud": "aws",
    "deployment": "kubernetes",
    "hosting": "managed",
    "datastore": "dynamodb",
    "broker": "sqs_sns",
    "cache": "redis",
    "backend_language": "go",
    "backend_framework": "gin",
    "api_styles": ["rest", "grpc"],
    "auth": "oidc",
    "idp": "cognito",
    "actors": ["users"],
    "frontend": "none",
    "mobile_app": "flutter",
    "observability": "cloud_native",
    "capabilities": "bookings, vehicles, payments",
}


def test_consumers_scale_on_the_one_autoscaling_fact() -> None:
    # On Kubernetes the pods scale on CPU (HPA) and a backlog is an alert; no second text may
    # say consumers scale on lag or queue depth. SQS exposes ApproximateNumberOfMessagesVisible
    # and ApproximateAgeOfOldestMessage as backlog metrics:
    # https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
    for case in (EVENTS, FLEET):
        text = documents("design.md", "reference.md", **case)
        assert "a consumer's backlog raises an alert rather than scaling pods" in text
        assert "scaled on backlog or lag" not in text
        assert "consumers scale on queue depth" not in text
    fleet = documents("reference.md", **FLEET)
    assert "queue depth and the age of the oldest message show a backlog" in fleet
