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
    "ci": "gitlab_ci",
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
    assert "queue depth and the oldest message's age show a consumer's backlog" in fleet


def test_tls_ends_at_the_entry_and_no_internal_tls_is_claimed() -> None:
    # The GKE Gateway's load balancer and the AWS ALB end TLS; the manifests serve plain HTTP
    # on 8080 behind them (https://cloud.google.com/kubernetes-engine/docs/concepts/gateway-api,
    # https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html).
    events = documents("design.md", **EVENTS)
    behind = "where TLS ends, and requests to the services behind it stay on the VPC"
    assert f"{behind} network without TLS" in events
    assert "between internal components" not in events
    fleet = documents("design.md", **FLEET)
    assert f"{behind} without TLS" in fleet
    assert "between internal components" not in fleet
    # HAProxy on premises re-encrypts (ssl verify required): TLS goes on to the backends.
    onprem = documents(
        "design.md",
        **{
            **FLEET,
            "cloud": "onprem",
            "deployment": "containers_vm",
            "hosting": "self_managed",
            "datastore": "postgresql",
            "broker": "rabbitmq",
            "idp": "keycloak",
        },
    )
    assert "HAProxy re-encrypts to the backend servers" in onprem
    assert "without TLS of its own" not in onprem


def test_managed_cassandra_states_the_consistency_of_the_offering() -> None:
    # Astra DB Serverless rejects writes at ANY, ONE and LOCAL_ONE and runs repair itself:
    # https://docs.datastax.com/en/astra-db-serverless/databases/database-limits.html
    astra = documents("design.md", **EVENTS)
    assert "writes at ANY, ONE or LOCAL_ONE are rejected" in astra
    assert "repair that DataStax runs" in astra
    assert "anti-entropy repair" not in astra
    # Amazon Keyspaces writes at LOCAL_QUORUM only:
    # https://docs.aws.amazon.com/keyspaces/latest/devguide/consistency.html
    keyspaces = documents("design.md", **{**EVENTS, "cloud": "aws", "idp": "cognito"})
    assert "Writes are always LOCAL_QUORUM" in keyspaces
    assert "anti-entropy repair" not in keyspaces
    # The team's own nodes: generic Cassandra, repair is the team's.
    own = documents("design.md", **{**EVENTS, "hosting": "self_managed"})
    assert "converge through read repair and anti-entropy repair" in own
    assert "repair that DataStax runs" not in own


def test_third_parties_are_the_vendors_and_saas_identity_providers() -> None:
    # Astra DB Serverless is run by DataStax, not by Google Cloud
    # (https://docs.datastax.com/en/astra-db-serverless/databases/database-limits.html);
    # Identity Platform is a Google Cloud service, so it is no third party on Google Cloud.
    events = documents("design.md", "reference.md", **EVENTS)
    assert "Third parties: DataStax Astra DB on Google Cloud." in events
    assert "the primary datastore of Ledger, run by DataStax" in events
    assert "Service 1: Google Cloud Identity Platform" not in events
    assert "Identity: Google Cloud Identity Platform." not in events
    # Auth0 is SaaS run by Okta: a third party on every cloud (https://auth0.com/docs).
    auth0 = documents("design.md", "reference.md", **{**FLEET, "idp": "auth0"})
    assert "Third parties: Auth0." in auth0
    assert "Service 1: Auth0" in auth0
    cognito = documents("design.md", **FLEET)
    assert "No third-party service; other external services are the team's to list." in cognito
    assert "Third parties: Amazon Cognito" not in cognito


def test_one_mobile_build_path_the_ci_builds_and_signs() -> None:
    # The pipeline builds and signs the app; Expo provides updates and native configuration
    # (https://docs.expo.dev/workflow/prebuild/ : prebuild generates the native projects that
    # any CI can build).
    events = documents("overview.md", "design.md", **EVENTS)
    assert "the CI pipeline builds the binaries" in events
    assert "Build and sign the React Native app in GitHub Actions" in events
    assert "Expo provides the build service" not in events
    assert "EAS Build" not in events
    fleet = documents("design.md", **FLEET)
    assert "Build and sign the Flutter app in GitLab CI/CD" in fleet


def test_the_relay_reads_the_managed_change_feed_not_the_database() -> None:
    # CDC for Astra DB: one Astra Streaming topic per table
    # (https://docs.datastax.com/en/astra-db-serverless/databases/change-data-capture.html);
    # Amazon Keyspaces CDC: one stream per table, read by ARN
    # (https://docs.aws.amazon.com/keyspaces/latest/StreamsAPIReference/Welcome.html).
    astra = documents("reference.md", **EVENTS)
    assert "streaming_url: ${ASTRA_STREAMING_URL}  # Astra Streaming CDC" in astra
    assert "cdc_topic_shipments: ${CDC_TOPIC_SHIPMENTS}  # shipments feed" in astra
    relay = astra[astra.index("Change-feed relay\n") :]
    relay = relay[: relay.index("```\n\n")]
    assert "datastore_url" not in relay
    keyspaces = documents("reference.md", **{**EVENTS, "cloud": "aws", "idp": "cognito"})
    assert "stream_arn_tracking: ${CDC_STREAM_ARN_TRACKING}  # tracking feed" in keyspaces
    # The team's own Cassandra: the relay reads the nodes' commit-log CDC through the database.
    own = documents("reference.md", **{**EVENTS, "hosting": "self_managed"})
    assert "ASTRA_STREAMING_URL" not in own
