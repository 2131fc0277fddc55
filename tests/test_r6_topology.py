"""Blind review 5 (topology): where a change-feed relay publishes (facts.relay), it alone holds
the publishing settings; the services keep their consumer settings."""

from __future__ import annotations

import re
from typing import Any

from test_combinations import documents, model

# Fleet: microservices on EKS, DynamoDB Streams read by one relay, SQS and SNS.
FLEET: dict[str, Any] = {
    "style": "microservices",
    "cloud": "aws",
    "deployment": "kubernetes",
    "datastore": "dynamodb",
    "broker": "sqs_sns",
    "cache": "redis",
    "backend_language": "go",
    "api_styles": ["rest", "grpc"],
    "idp": "cognito",
    "capabilities": "bookings, vehicles, payments",
    "compliance": ["gdpr", "pci_dss"],
}
# Iot: functions on Azure, Cosmos DB change feed read by one relay, Service Bus.
IOT: dict[str, Any] = {
    "style": "microservices",
    "cloud": "azure",
    "deployment": "serverless",
    "datastore": "cosmosdb",
    "broker": "azure_service_bus",
    "capabilities": "readings, meters, alerts",
}


def _config(reference: str, name: str) -> str:
    found = re.search(rf"```yaml\n{name}:\n(.*?)```", reference, re.S)
    assert found, name
    return found.group(1)


# SNS topics are written by whoever publishes (https://docs.aws.amazon.com/sns/latest/dg/sns-publishing.html);
# with a change feed the relay publishes, so only it is configured with the topics.
def test_only_the_relay_holds_the_publishing_settings() -> None:
    assert model(**FLEET)["facts"]["relay"]
    reference = documents("reference.md", **FLEET)
    bookings = _config(reference, "bookings")
    assert "topic_arn" not in bookings, bookings
    assert "queue_url" in _config(reference, "vehicles")
    relay = _config(reference, "relay")
    assert "topic_arn_payments: ${TOPIC_ARN_PAYMENTS}  # payments-events-v1" in relay, relay
    assert "queue_url" not in relay and "oidc_issuer" not in relay, relay
    assert "Component 4: Change-feed relay" in reference
    iot = model(**IOT)
    assert iot["facts"]["relay"], iot["facts"].get("relay")
    iot_reference = documents("reference.md", **IOT)
    assert "Change-feed relay" in iot_reference
    assert "oidc_issuer" not in _config(iot_reference, "relay")


# Events: event-driven on GKE, Cassandra as DataStax Astra DB (a third party on Google Cloud).
EVENTS: dict[str, Any] = {
    "style": "event_driven",
    "cloud": "gcp",
    "deployment": "kubernetes",
    "datastore": "cassandra",
    "broker": "kafka",
    "observability": "cloud_native",
    "capabilities": "shipments, tracking, notifications",
}


# Astra DB keeps its metrics in the Astra Portal until exported or scraped
# (https://docs.datastax.com/en/astra-db-serverless/databases/metrics-scrape.html); CloudAMQP
# pushes to Azure Monitor only through its integration
# (https://www.cloudamqp.com/docs/monitoring-metrics-azure-monitor.html).
def test_third_party_services_name_their_metrics_export() -> None:
    adr = documents("decisions/0015-observability-stack.md", **EVENTS)
    flat = adr.replace("\n", " ")
    assert (
        "DataStax Astra DB on Google Cloud is run by DataStax, so its metrics arrive only "
        "through its Prometheus-format metrics endpoint"
    ) in flat, flat
    assert "Managed services publish metrics and logs without agents, so databases" not in adr
    clinic = {
        **EVENTS,
        "style": "microservices",
        "cloud": "azure",
        "datastore": "postgresql",
        "broker": "rabbitmq",
    }
    azure = documents("decisions/0015-observability-stack.md", **clinic).replace("\n", " ")
    assert "RabbitMQ is run by CloudAMQP, so its metrics arrive only through its Azure" in azure
    assert "DataStax" not in azure
    assert model(**clinic)["facts"]["third_party"][0]["vendor"] == "CloudAMQP"
    # A first-party store on its own cloud: no export step.
    aws = {**FLEET, "observability": "cloud_native"}
    plain = documents("decisions/0015-observability-stack.md", **aws)
    assert "metrics arrive only through" not in plain
    assert model(**aws)["facts"]["third_party"] == []
