"""Blind review 5 (topology): where a change-feed relay publishes (facts.relay), it alone holds
the publishing settings; the services keep their consumer settings."""

from __future__ import annotations

import re
from typing import Any

from systems import EVENTS, FLEET, IOT
from test_combinations import documents, model

# Fleet: microservices on EKS, DynamoDB Streams read by one relay, SQS and SNS.
# Iot: functions on Azure, Cosmos DB change feed read by one relay, Service Bus.
IOT: dict[str, Any] = {**IOT, "style": "microservices"}


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
    # Payments (the CDE, PCI DSS) has a relay of its own, which alone publishes its topic.
    assert "topic_arn_vehicles: ${TOPIC_ARN_VEHICLES}  # vehicles-events-v1" in relay, relay
    assert "payments-events-v1" in _config(reference, "relay-cde")
    assert "queue_url" not in relay and "oidc_issuer" not in relay, relay
    assert "Component 4: Change-feed relay" in reference
    iot = model(**IOT)
    assert iot["facts"]["relay"], iot["facts"].get("relay")
    iot_reference = documents("reference.md", **IOT)
    assert "Change-feed relay" in iot_reference
    assert "oidc_issuer" not in _config(iot_reference, "relay")


# Events: event-driven on GKE, Cassandra as DataStax Astra DB (a third party on Google Cloud).
EVENTS: dict[str, Any] = {**EVENTS, "capabilities": "shipments, tracking, notifications"}


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


def _deployment(over: dict[str, Any]) -> str:
    reference = documents("reference.md", **over)
    return reference.split("## Deployment Architecture", 1)[1]


# A GKE Gateway's HTTPRoutes reference Kubernetes Services, never backend buckets
# (https://cloud.google.com/kubernetes-engine/docs/how-to/gatewayclass-capabilities); a bucket
# with Cloud CDN is a backend bucket of a global external ALB of its own
# (https://cloud.google.com/cdn/docs/setting-up-cdn-with-bucket).
def test_static_web_app_is_served_where_the_entry_can_serve_it() -> None:
    gke = {**EVENTS, "frontend": "react"}
    assert model(**gke)["facts"]["static_via_entry"] is False
    view = _deployment(gke)
    assert 'n_frontend -->|"loads its files"| n_static' in view, view
    assert '-->|"serves the web app"| n_static' not in view
    assert 'n_users -->|"uses"| n_frontend' in view
    assert 'n_users -->|"HTTPS"| n_entry' not in view
    cloud_run = {**gke, "deployment": "paas"}
    assert model(**cloud_run)["facts"]["static_via_entry"] is True
    run_view = _deployment(cloud_run)
    assert 'n_entry -->|"serves the web app"| n_static' in run_view, run_view
    assert '"loads its files"' not in run_view
    eks = _deployment({**FLEET, "frontend": "react"})
    assert 'n_frontend -->|"loads its files"| n_static' in eks


# Azure: one static hosting, behind the same Front Door the CDN names
# (https://learn.microsoft.com/azure/frontdoor/integrate-storage-account).
def test_azure_static_web_app_has_one_host() -> None:
    aks = {**EVENTS, "cloud": "azure", "datastore": "postgresql", "frontend": "react"}
    overview = documents("overview.md", **aks)
    assert "The static website endpoint of a storage account behind Azure Front Door" in overview
    assert "Azure Static Web Apps, or" not in overview
    assert 'n_frontend -->|"loads its files"| n_static' in _deployment(aks)
