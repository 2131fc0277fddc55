"""Broker, entry, bulkhead, pipeline and scaling facts found wrong by the seventh blind review
(systems fleet and tickets), each stated once from the catalog or the model."""

from __future__ import annotations

from typing import Any

from test_combinations import documents

# Venue Tickets: a modular monolith on Cloud Run behind a serverless NEG, with Pub/Sub.
TICKETS: dict[str, Any] = {
    "style": "modular_monolith",
    "cloud": "gcp",
    "deployment": "paas",
    "paas_service": "cloud_run",
    "broker": "google_pubsub",
    "frontend": "vue",
    "idp": "okta",
}
# Pub/Sub on GKE: another combination with the same broker.
GKE_PUBSUB: dict[str, Any] = {"cloud": "gcp", "broker": "google_pubsub"}
# Fleet Hub: microservices on EKS with DynamoDB, SQS and SNS.
FLEET: dict[str, Any] = {
    "datastore": "dynamodb",
    "broker": "sqs_sns",
    "idp": "cognito",
    "api_styles": ["rest", "grpc"],
    "rpo_minutes": 5,
}


def test_pubsub_subscription_retention_is_up_to_31_days() -> None:
    # message_retention_duration: default 7 days, minimum 10 minutes, maximum 31 days
    # https://cloud.google.com/pubsub/docs/subscription-properties#message_retention_duration
    for over in (TICKETS, GKE_PUBSUB):
        text = documents(**over)
        assert "unacknowledged messages for 10 minutes to 31 days (7 days by default)" in text
        assert "at most 7 days" not in text
        assert "10 minutes to 7 days" not in text


def test_pubsub_dead_letter_rights_belong_to_the_service_agent() -> None:
    # https://cloud.google.com/pubsub/docs/handling-failures#grant_forwarding_permissions
    for over in (TICKETS, GKE_PUBSUB):
        text = documents(**over)
        assert "the Pub/Sub service agent (service-PROJECT_NUMBER@gcp-sa-pubsub" in text
        assert "the Pub/Sub service agent being allowed to publish to it" in text
        assert "service's own service account" not in text


def test_sns_bounds_the_message_size_of_the_fan_out_path() -> None:
    # SNS payloads are at most 256 KiB:
    # https://docs.aws.amazon.com/sns/latest/dg/large-message-payloads.html
    for over in (FLEET, {"broker": "sqs_sns"}):
        text = documents("0010-message-broker.md", **over)
        assert "SQS accepts messages of up to 1 MiB but SNS at most 256 KiB" in text
        assert "maximum message size is raised" not in text


def test_module_pools_keep_connections_apart_but_not_cpu_or_the_database_limit() -> None:
    # One fact in design and ADR 0002: a module's pool is its own, the instance and the
    # database's connection limit are shared.
    for over in (TICKETS, {"style": "modular_monolith"}):
        text = documents(**over)
        assert "keep its connections and threads apart, but the modules still share" in text
        assert "a CPU-bound loop in one module still degrades the others" in text
        assert "cannot starve the others" not in text
        assert "an exhausted pool in one module" not in text


def test_a_serverless_neg_leaves_the_instance_to_the_platform() -> None:
    # A serverless NEG has no health checks; Cloud Run or App Engine picks the instance:
    # https://cloud.google.com/load-balancing/docs/negs/serverless-neg-concepts
    text = documents("design.md", **TICKETS)
    assert "(serverless NEG, Cloud Armor) passes the request to" in text
    assert "and Cloud Run picks the instance" in text
    assert "forward to the service, Cloud Run picks the instance" in text
    assert "healthy instance" not in text
    # An Application Load Balancer health-checks its targets.
    alb = documents("design.md", style="modular_monolith")
    assert "forwards the request to any healthy instance of" in alb
    assert "forward to a healthy instance" in alb


def test_the_web_bundle_is_built_once_and_promoted_with_the_backend() -> None:
    # The same-artifact rule applies to the static web bundle too: built once, never after
    # the production deploy.
    for over in (TICKETS, {"frontend": "react"}):
        text = documents("design.md", **over)
        assert "It also builds the " in text and " bundle, once." in text
        assert "Upload the Build stage's bundle, unchanged, to the static web" in text
        assert 'n_s_0 -->|"same bundle"|' in text
        assert "app and upload its versioned assets" not in text
    # No web app: no bundle in the Build stage.
    assert " bundle, once." not in documents("design.md", frontend="none")


def test_the_backup_lag_alert_sits_above_the_stores_usual_lag() -> None:
    # DynamoDB's latest restorable time is typically about 5 minutes behind now:
    # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery_Howitworks.html
    tight = documents("review-checklist.md", **FLEET)
    assert "trails now by more than the RPO itself, its usual lag leaving no margin" in tight
    assert "before the gap reaches 5 minutes" not in tight
    loose = documents("review-checklist.md", datastore="dynamodb", rpo_minutes=30)
    assert "more than its usual lag of 5 minutes, before the gap reaches the RPO" in loose
    assert "RPO itself" not in loose


def test_services_that_consume_scale_on_cpu_and_their_backlog_alerts() -> None:
    # No separate consumer workloads are drawn, so no KEDA scaler of consumer workers
    # (https://keda.sh/docs/latest/scalers/aws-sqs/).
    for over in (FLEET, {"broker": "rabbitmq"}):
        text = documents("design.md", "review-checklist.md", **over)
        assert "and a consumer's backlog raises an alert rather than scaling pods" in text
        assert "consumer workers on their backlog" not in text
        assert "KEDA's" not in text


def test_a_relay_names_each_table_whose_stream_it_reads() -> None:
    # A DynamoDB stream belongs to one table:
    # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html
    text = documents("reference.md", **{**FLEET, "compliance": ["pci_dss"]})
    relay = text[text.index("\nrelay:") : text.index("\nrelay-cde:")]
    assert "table_name_accounts: ${TABLE_NAME_ACCOUNTS}  # accounts feed" in relay
    assert "table_name_invoices: ${TABLE_NAME_INVOICES}  # invoices feed" in relay
    assert "table_name:" not in relay
    # The CDE's relay reads one feed: one table.
    cde = text[text.index("\nrelay-cde:") :]
    assert "  table_name: ${TABLE_NAME}\n" in cde


def test_grpc_balancing_is_decided_per_target() -> None:
    # A headless Service's DNS name returns every ready pod for the client's round_robin
    # policy: https://kubernetes.io/docs/concepts/services-networking/service/#headless-services
    eks = documents(**FLEET)
    assert (
        "calls are balanced per request by each client's round_robin policy over a headless" in eks
    )
    assert "calls are balanced per request by each client's round\\_robin policy" in eks
    assert "a service mesh or client-side balancing" not in eks
    paas = documents(api_styles=["rest", "grpc"], deployment="paas")
    assert "balanced per request by the layer-7 load balancer in front of the instances" in paas
    assert "headless Service" not in paas
