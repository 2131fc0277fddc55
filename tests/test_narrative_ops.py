"""The narrative documents in the chosen broker's, platform's and CI system's own words.

Each case renders a combination in-process and reads the narrative documents (overview,
design, reference, target architecture and the review checklist; the decision records weigh
alternatives and so may name other products). Each asserts a statement that must appear and
one that must not, with the vendor page that decides it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from systems import EVENTS, IOT
from test_combinations import answers, documents, rendered

from extensions.traits import load_traits

NARRATIVE = ("overview.md", "design.md", "reference.md", "target-architecture.md")


def docs(*names: str, **over: Any) -> str:
    return documents(*(names or NARRATIVE), **over)


FUNCTIONS_AZURE = IOT
VMS_ONPREM = {
    "style": "monolith",
    "cloud": "onprem",
    "deployment": "vms",
    "datastore": "sqlserver",
    "broker": "none",
    "backend_language": "csharp",
    "idp": "keycloak",
    "ci": "gitlab_ci",
}

CASES: list[tuple[str, dict[str, Any], str, str]] = [
    # Kafka keeps records by retention; reading never deletes them:
    # https://kafka.apache.org/documentation/#design_consumerposition
    ("kafka_retention", EVENTS, "reading never deletes them", "until consumers acknowledge"),
    # Kafka consumers in a group commit offsets; no subscriptions or prefetch:
    # https://kafka.apache.org/documentation/#consumerconfigs_max.poll.records
    ("kafka_terms", EVENTS, "their consumer group", "concurrent deliveries"),
    # Managed Service for Apache Kafka: sized in vCPUs, brokers added by the service:
    # https://cloud.google.com/managed-service-for-apache-kafka/docs/brokers
    ("kafka_gcp_managed", EVENTS, "the service adds brokers itself", "then reassign partitions"),
    # Self-managed Kafka on premises: adding brokers means reassigning partitions yourself:
    # https://kafka.apache.org/documentation/#basic_ops_cluster_expansion
    (
        "kafka_onprem_self_managed",
        {**EVENTS, "cloud": "onprem", "datastore": "postgresql", "idp": "keycloak"},
        "then reassign partitions",
        "the service adds brokers itself",
    ),
    # Event Hubs (Kafka endpoint on Azure): throughput or processing units, no brokers:
    # https://learn.microsoft.com/azure/event-hubs/event-hubs-scalability
    (
        "kafka_event_hubs",
        {**EVENTS, "cloud": "azure", "datastore": "postgresql", "idp": "entra_id"},
        "there are no brokers to add",
        "then reassign partitions",
    ),
    # Pub/Sub: subscriptions and an acknowledgement deadline, no offsets:
    # https://cloud.google.com/pubsub/docs/lease-management
    (
        "pubsub_ack_deadline",
        {**EVENTS, "broker": "google_pubsub"},
        "before its acknowledgement deadline",
        "committed offset",
    ),
    # SQS: delete before the visibility timeout; no prefetch:
    # https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
    (
        "sqs_visibility_timeout",
        {**EVENTS, "cloud": "aws", "broker": "sqs_sns", "datastore": "dynamodb", "idp": "cognito"},
        "deletes each message before its visibility timeout expires",
        "prefetch",
    ),
    # Service Bus: peek-lock, complete:
    # https://learn.microsoft.com/azure/service-bus-messaging/message-transfers-locks-settlement
    (
        "service_bus_peek_lock",
        {**EVENTS, "cloud": "azure", "broker": "azure_service_bus", "idp": "entra_id"},
        "completes each message before its peek-lock expires",
        "consumer group",
    ),
    # RabbitMQ: manual acknowledgements and the prefetch count (basic.qos):
    # https://www.rabbitmq.com/docs/consumer-prefetch
    (
        "rabbitmq_prefetch",
        {**EVENTS, "broker": "rabbitmq"},
        "the prefetch count (basic.qos)",
        "committed offset",
    ),
    # NATS JetStream: durable consumers acknowledged within ack wait:
    # https://docs.nats.io/nats-concepts/jetstream/consumers
    ("nats_durable", {**EVENTS, "broker": "nats"}, "durable JetStream consumer", "consumer group"),
    # Astra DB Serverless: replication set by DataStax, no nodes to manage:
    # https://docs.datastax.com/en/astra-db-serverless/architecture/database-architecture/replicate-data.html
    (
        "astra_no_token_ranges",
        EVENTS,
        "there are no nodes or token ranges to manage",
        "new nodes take over token ranges",
    ),
    # Self-managed Cassandra on premises keeps the node advice:
    # https://cassandra.apache.org/doc/latest/cassandra/architecture/dynamo.html
    (
        "cassandra_onprem_nodes",
        {**EVENTS, "cloud": "onprem", "idp": "keycloak"},
        "new nodes take over token ranges",
        "Astra DB Serverless",
    ),
    # Spring Boot Actuator health groups on Kubernetes; one readiness path everywhere:
    # https://docs.spring.io/spring-boot/reference/actuator/endpoints.html#actuator.endpoints.kubernetes-probes
    ("health_one_path", EVENTS, "/actuator/health/readiness", "/healthz/"),
    ("health_no_generic_path", EVENTS, "/actuator/health/liveness", "/health/ready"),
    # Azure Functions Flex Consumption: maximum instance count, no aliases, layers or probes:
    # https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan
    ("functions_limit", FUNCTIONS_AZURE, "maximum instance count", "reserved concurrency"),
    ("functions_release", FUNCTIONS_AZURE, "a function app of its own", "behind an alias"),
    ("functions_no_probe", FUNCTIONS_AZURE, "a versioned package bundled", "Readiness check"),
    ("functions_no_port", FUNCTIONS_AZURE, "oidc_issuer", "port: 8080"),
    # AWS Lambda: versions, aliases, reserved concurrency and layers are Lambda's own terms:
    # https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html
    (
        "lambda_terms",
        {**FUNCTIONS_AZURE, "cloud": "aws", "datastore": "dynamodb", "broker": "sqs_sns"},
        "Lambda layer",
        "maximum instance count",
    ),
    # Cloud Run functions: revisions and maximum instances:
    # https://cloud.google.com/run/docs/about-instance-autoscaling
    (
        "cloud_run_functions",
        {**FUNCTIONS_AZURE, "cloud": "gcp", "datastore": "firestore", "broker": "google_pubsub"},
        "up to the function's maximum instances",
        "Lambda layer",
    ),
    # GKE with Astra: no Compute Engine instance groups or Cloud SQL instances:
    # https://cloud.google.com/compute/docs/instance-groups/regional-migs
    ("gke_no_instance_groups", EVENTS, "three zones", "regional instance groups"),
    # VMs on premises: racks, not availability zones or instance groups:
    # https://docs.gitlab.com/user/project/merge_requests/ (GitLab, for the review unit)
    ("onprem_racks", VMS_ONPREM, "on hosts in different racks", "availability zones"),
    ("onprem_no_instance_group", VMS_ONPREM, "VM pool behind the load balancer", "instance group"),
]


@pytest.mark.parametrize(("name", "over", "must", "must_not"), CASES, ids=[c[0] for c in CASES])
def test_narrative_reads_the_chosen_products_terms(
    name: str, over: dict[str, Any], must: str, must_not: str
) -> None:
    text = docs(**over)
    assert must in text, name
    assert must_not not in text, name


def test_enough_cases() -> None:
    assert len(CASES) >= 10


def test_gitlab_says_merge_request_in_checklist_and_first_record() -> None:
    # GitLab calls a proposed change a merge request:
    # https://docs.gitlab.com/user/project/merge_requests/
    text = docs("review-checklist.md", "0001-record-architecture-decisions.md", **VMS_ONPREM)
    assert "merge request" in text
    assert "pull request" not in text
    assert "GitHub renders" not in text


def test_github_says_pull_request() -> None:
    # https://docs.github.com/en/pull-requests
    text = docs("review-checklist.md", **EVENTS)
    assert "pull request" in text
    assert "merge request" not in text


def test_one_retention_value_per_system() -> None:
    # Event Hubs Standard keeps events at most 7 days:
    # https://learn.microsoft.com/azure/event-hubs/event-hubs-quotas
    text = docs(**{**EVENTS, "cloud": "azure", "datastore": "postgresql", "idp": "entra_id"})
    assert "at most 7 days on Standard" in text
    assert "retention.ms, retention.bytes; 7 days by default" not in text


def test_managed_cassandra_change_feed_is_the_services_not_the_commit_log() -> None:
    # CDC for Astra DB streams into Astra Streaming; no commit-log access:
    # https://docs.datastax.com/en/streaming/astra-streaming/developing/astream-cdc.html
    text = docs("0008-primary-datastore.md", "review-checklist.md", **EVENTS)
    assert "CDC for Astra DB" in text
    assert "commit-log CDC per table" not in text


def test_every_managed_broker_override_has_a_source() -> None:
    for key, entry in load_traits()["broker"]["entries"].items():
        assert entry["source"], key
        for cloud, found in entry["clouds"].items():
            if found.get("scaling") or found.get("retention"):
                assert found["source"], (key, cloud)


def test_no_placeholder_left_in_any_document() -> None:
    for over in (EVENTS, FUNCTIONS_AZURE, VMS_ONPREM):
        files = rendered(json.dumps(answers(**over), sort_keys=True))
        for path, text in files.items():
            for token in ("{broker_", "{fn_", "{change_request}", "_path}", "{instances_"):
                assert token not in text, (path, token)


def test_topic_names_are_ones_the_broker_allows() -> None:
    # SNS topic names: up to 256 letters, digits, hyphens and underscores (no dots):
    # https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
    sns = docs(
        "reference.md", style="event_driven", broker="sqs_sns", capabilities="fleet, bookings"
    )
    assert "`fleet-events-v1` (read through `bookings-fleet-events-v1`" in sns
    assert ", `bookings-events-v1`." in sns
    assert "fleet.events.v1" not in sns
    # Kafka topic names may hold dots: https://kafka.apache.org/documentation/#topicconfigs
    kafka = docs("reference.md", style="event_driven", broker="kafka", capabilities="fleet")
    assert "`fleet.events.v1` (read through `fleet`" in kafka
    assert "billing.invoice" not in kafka
