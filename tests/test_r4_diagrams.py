"""Round 4: the deployment, message queue and CI pipeline diagrams follow the answers.

Literal cases, each with a statement (node, edge or text) that must appear and one that must
not, for the combination a blind review found wrong and for another of the same class. The
comment above each case names the vendor page that decides it.
"""

from __future__ import annotations

from typing import Any

from systems import FLEET, IOT, TICKETS
from test_combinations import documents, model

from extensions.diagrams import all_nodes, walk

RABBIT_ONPREM: dict[str, Any] = {
    "style": "monolith",
    "cloud": "onprem",
    "deployment": "vms",
    "datastore": "sqlserver",
    "backend_language": "csharp",
    "frontend": "server_rendered",
    "cache": "redis",
    "broker": "rabbitmq",
    "observability": "otel_prometheus_grafana",
}
RABBIT_EKS: dict[str, Any] = {"broker": "rabbitmq"}
KAFKA_GKE: dict[str, Any] = {
    "style": "event_driven",
    "cloud": "gcp",
    "datastore": "cassandra",
    "broker": "kafka",
    "idp": "google_identity_platform",
    "capabilities": "shipments, tracking, notifications",
}
IOT: dict[str, Any] = {**IOT, "actors": ["devices"]}


def graph(key: str, **over: Any) -> dict[str, Any]:
    found = model(**over)["diagrams"][key]
    return found["flowchart"] if key == "deployment" else found


def labels(g: dict[str, Any]) -> set[str]:
    return {n["label"] for n in all_nodes(g)}


def edges(g: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(e["source"], e["target"], e["label"]) for e in g["edges"]}


def members(g: dict[str, Any], group_id: str) -> set[str]:
    """The ids of the nodes directly inside one group."""
    return {n["id"] for gr in walk(g["groups"]) if gr["id"] == group_id for n in gr["nodes"]}


# ---------------------------------------------------------------------------- message queue


def test_rabbitmq_exchange_routes_to_a_queue_per_consumer_never_straight_to_it() -> None:
    # Publish-subscribe needs one queue per subscriber, bound to the exchange; consumers read
    # queues, never exchanges: https://www.rabbitmq.com/tutorials/amqp-concepts
    for over, queue, consumer in (
        (RABBIT_ONPREM, "ledger.accounts.events", "c_ledger"),
        (RABBIT_EKS, "invoices.accounts.events", "c_invoices"),
    ):
        g = graph("message_queue", **over)
        assert g["title"] == "RabbitMQ exchanges and queues", g["title"]
        assert queue in labels(g), labels(g)
        found = edges(g)
        assert ("t_accounts", f"q_accounts_{consumer[2:]}", "a copy each") in found, found
        assert (f"q_accounts_{consumer[2:]}", consumer, "delivers") in found, found
        assert not any(s.startswith("t_") and t.startswith("c_") for s, t, _ in found), found


def test_dead_letter_names_are_the_brokers_own_and_never_garbled() -> None:
    # RabbitMQ: a dead-letter exchange per queue (https://www.rabbitmq.com/docs/dlx); SQS: a
    # redrive policy per queue (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/
    # SQSDeveloperGuide/sqs-dead-letter-queues.html); Service Bus: each subscription's
    # $DeadLetterQueue subqueue (https://learn.microsoft.com/azure/service-bus-messaging/
    # service-bus-dead-letter-queues).
    for over, dlq in (
        (RABBIT_ONPREM, "ledger.accounts.events.dlq"),
        (FLEET, "vehicles-bookings-events-v1-dlq"),
        (IOT, "readings.events.v1/Subscriptions/meters/$DeadLetterQueue"),
    ):
        g = graph("message_queue", **over)
        text = " ".join(" ".join([n["label"], *n["detail"]]) for n in all_nodes(g))
        assert dlq in labels(g), labels(g)
        assert "'s own" not in text, text


def test_no_placeholder_subscriber_node_only_the_consumers_the_model_knows() -> None:
    # Kafka: each consuming service is its own consumer group, reading the topic at its own
    # offset: https://kafka.apache.org/documentation/#intro_consumers
    g = graph("message_queue", **KAFKA_GKE)
    assert ("t_shipments", "c_tracking", "consumer group tracking") in edges(g), edges(g)
    assert "shipments.events.v1.tracking.dlq" in labels(g), labels(g)
    assert "Subscribers to decide" not in labels(g), labels(g)
    # SNS and SQS: the topics nobody is known to read are named in the text, no node.
    text = documents("reference.md", **FLEET)
    assert "Who reads `vehicles-events-v1`, `payments-events-v1`: TODO(team)" in text
    assert "Subscribers to decide" not in text


def test_topic_and_dead_letter_names_in_the_text_are_the_diagrams() -> None:
    # RabbitMQ dead letters go to the queue's own dead-letter queue (no other system's name):
    # https://www.rabbitmq.com/docs/dlx
    text = documents("reference.md", **RABBIT_ONPREM)
    assert (
        "read through `ledger.accounts.events`, dead letters to `ledger.accounts.events.dlq`"
        in (text)
    )
    assert "invoicing.invoice-issued.dlq" not in text
    # Kafka has no dead-letter topic of its own; the consumer publishes to its group's:
    # https://kafka.apache.org/documentation/#design_consumerposition
    text = documents("reference.md", **KAFKA_GKE)
    assert "dead letters to `shipments.events.v1.notifications.dlq`" in text
    assert "the capability's topic with a .dlq suffix" not in text


def test_configuration_names_every_topic_of_a_deployable_with_several() -> None:
    # Pub/Sub topics and subscriptions are separate resources, one per name:
    # https://cloud.google.com/pubsub/docs/subscription-properties
    text = documents("reference.md", **TICKETS)
    assert "topic_payouts: ${PUBSUB_TOPIC_PAYOUTS}  # payouts.events.v1" in text
    assert "subscription_tickets_events: ${PUBSUB_SUBSCRIPTION_TICKETS_EVENTS}" in text
    assert "  topic: ${PUBSUB_TOPIC}\n" not in text
    # A service with one subscription keeps the plain key (SQS is addressed by queue URL).
    text = documents("reference.md", **FLEET)
    assert "queue_url: ${QUEUE_URL}  # vehicles-bookings-events-v1" in text
    assert "queue_url: ${QUEUE_URL}  # bookings" not in text


# ---------------------------------------------------------------------------- deployment


def test_mobile_only_users_reach_the_entry_through_the_app() -> None:
    # Only the app calls the API; a browser path needs a web client:
    # https://docs.aws.amazon.com/elasticloadbalancing/latest/application/introduction.html
    g = graph("deployment", **FLEET)
    found = edges(g)
    assert ("mobile_app", "entry", "REST") in found, found
    assert ("users", "entry", "HTTPS") not in found, found
    # With a web client the web app in the browser calls the entry point (round 6).
    web = edges(graph("deployment", **{**FLEET, "frontend": "react"}))
    assert ("frontend", "entry", "REST") in web, web
    assert ("users", "frontend", "uses") in web, web


def test_cloud_identity_provider_inside_the_boundary_saas_outside() -> None:
    # Cognito user pools are a regional AWS service:
    # https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools.html
    g = graph("deployment", **FLEET)
    assert "idp" in members(g, "g_cloud"), members(g, "g_cloud")
    assert "idp" not in {n["id"] for n in g["nodes"]}, g["nodes"]
    # Okta is a SaaS the system reaches over the internet: https://developer.okta.com/docs/concepts/
    tickets = graph("deployment", **TICKETS)
    assert "idp" in {n["id"] for n in tickets["nodes"]}, tickets["nodes"]
    assert "idp" not in members(tickets, "g_cloud")


def test_registry_and_telemetry_agent_reach_every_workload() -> None:
    # Every Deployment pulls its image from ECR; a node agent (DaemonSet) collects from every
    # pod: https://docs.aws.amazon.com/AmazonECR/latest/userguide/ECR_on_EKS.html
    found = edges(graph("deployment", **FLEET))
    for unit in ("bookings", "vehicles", "payments"):
        assert ("registry", f"w_unit_{unit}", "container image") in found, found
        assert ("w_agent", f"w_unit_{unit}", "collects") in found, found
    gke = edges(graph("deployment", **KAFKA_GKE))
    assert ("w_agent", "w_unit_notifications", "collects") in gke, gke
    assert ("registry", "w_unit_tracking", "container image") in gke, gke


def test_cloud_run_behind_the_load_balancer_is_reached_there_not_at_its_url() -> None:
    # ingress internal-and-cloud-load-balancing refuses internet requests to the run.app URL:
    # https://cloud.google.com/run/docs/securing/ingress
    m = model(**TICKETS)
    assert (
        m["facts"]["entry"]
        == "global external Application Load Balancer (serverless NEG, Cloud Armor)"
    )
    entry = next(
        n for n in all_nodes(m["diagrams"]["deployment"]["flowchart"]) if n["id"] == "entry"
    )
    assert "global external" in " ".join(entry["detail"]), entry
    assert "Cloud Run URL" not in " ".join(entry["detail"]), entry
    # Another target keeps its own entry point (the ALB of the AWS Load Balancer Controller).
    assert model(**FLEET)["facts"]["entry"].startswith("Application Load Balancer")


def test_azure_function_apps_are_drawn_as_the_unit_of_identity_and_scaling() -> None:
    # The package, managed identity and instance limit belong to the function app:
    # https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan
    g = graph("deployment", **IOT)
    assert members(g, "g_app_w_unit_readings") == {"w_unit_readings"}
    assert members(g, "g_functions") == set(), members(g, "g_functions")
    # Lambda: each function is its own unit, no app boundary drawn:
    # https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
    lam = graph("deployment", style="serverless", deployment="serverless", broker="sqs_sns")
    assert "w_unit_accounts" in members(lam, "g_functions"), members(lam, "g_functions")
    assert not any(gr["id"].startswith("g_app_") for gr in walk(lam["groups"]))


def test_self_managed_store_drawn_as_its_replicas_with_secrets_and_telemetry() -> None:
    # An availability group: one primary replica and secondary replicas:
    # https://learn.microsoft.com/sql/database-engine/availability-groups/windows/overview-of-always-on-availability-groups-sql-server
    g = graph("deployment", **RABBIT_ONPREM)
    assert members(g, "g_store") == {"datastore", "datastore_1"}, members(g, "g_store")
    assert {"SQL Server primary replica", "SQL Server secondary replica"} <= labels(g)
    assert {"secrets", "telemetry"} <= members(g, "g_managed"), members(g, "g_managed")
    assert "datastore" not in members(g, "g_managed")
    # Patroni on premises: a leader and a streaming replica (https://patroni.readthedocs.io/).
    pg = graph("deployment", **{**RABBIT_ONPREM, "datastore": "postgresql"})
    assert "PostgreSQL primary (Patroni leader)" in labels(pg), labels(pg)
    # A managed store on a cloud is one node: the service runs its standby.
    cloud = graph("deployment", **RABBIT_EKS)
    assert not members(cloud, "g_store"), members(cloud, "g_store")
    assert "secrets" not in members(cloud, "g_managed")


# ---------------------------------------------------------------------------- pipeline


def test_artifact_is_scanned_after_it_is_built_and_published_if_clean() -> None:
    # An image scan needs the image: https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html
    m = model(**TICKETS)
    names = [st["name"] for st in m["stages"]]
    assert names.index("Package") < names.index("Security scan"), names
    scan = f"s_{names.index('Security scan')}"
    assert (scan, "registry", "publishes if clean") in edges(m["diagrams"]["pipeline"])
    assert "before it is published" not in " ".join(st["detail"] for st in m["stages"])


def test_clients_ship_when_the_answers_have_them() -> None:
    # Store releases go through TestFlight and Play testing tracks before review:
    # https://developer.apple.com/testflight/,
    # https://support.google.com/googleplay/android-developer/answer/9845334
    names = [st["name"] for st in model(**FLEET)["stages"]]
    assert "Release mobile app" in names and "Publish web app" not in names, names
    both = [st["name"] for st in model(**{**KAFKA_GKE, "mobile_app": "react_native"})["stages"]]
    assert both[-2:] == ["Publish web app", "Release mobile app"], both
    # Server-rendered pages ship inside the backend's artifact: no client stage.
    none = [st["name"] for st in model(**RABBIT_ONPREM)["stages"]]
    assert "Publish web app" not in none and "Release mobile app" not in none, none
