"""Blind review 3 (views): what is drawn where is one fact of the model, the same in every
view and in the text. The change feed's relay is ONE workload the team runs (facts.relay),
drawn once in the system, component and deployment views and counted in the component table;
tokens are checked once per deployable; the component view draws a gRPC server, page
handlers, the event consumer and the device trigger only where the model has them, and the
telemetry backend outside the deployable; the entry point reaches every unit."""

from __future__ import annotations

from typing import Any

from systems import EVENTS, FLEET, IOT, LEDGER, TICKETS
from test_combinations import documents, model

from extensions.diagrams import all_nodes, walk

# Fleet: microservices on EKS, DynamoDB (Streams feed), SQS+SNS, REST + gRPC, Cognito.
# Events: event-driven on GKE, Cassandra on Astra (Astra Streaming CDC), Kafka.
EVENTS: dict[str, Any] = {**EVENTS, "capabilities": "shipments, tracking, notifications"}
# IoT: serverless on Azure Functions, Cosmos DB change feed, Service Bus, devices.
# Tickets: modular monolith on Cloud Run, PostgreSQL (outbox), Okta.
# Ledger: monolith on on-premises VMs, Razor Pages, SQL Server (outbox), RabbitMQ, sessions.


def _view(over: dict[str, Any], name: str) -> dict[str, Any]:
    return model(**over)["diagrams"][name]["flowchart"]


def _labels(view: dict[str, Any]) -> list[str]:
    return [" ".join([n["label"], *n["detail"]]) for n in all_nodes(view)]


def _group_of(view: dict[str, Any], ident: str) -> str:
    found = [g["id"] for g in walk(view["groups"]) if any(n["id"] == ident for n in g["nodes"])]
    return found[0] if found else ""


def _edges(view: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(e["source"], e["target"], e["label"]) for e in view["edges"]}


# DynamoDB Streams is read by one consumer that publishes, not by every service
# (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html: about two
# concurrent readers per shard): "publisher" once, the relay outside each service.
def test_microservices_change_feed_relay_is_one_component_outside_every_service() -> None:
    for over in (
        FLEET,
        {
            **FLEET,
            "cloud": "azure",
            "datastore": "cosmosdb",
            "idp": "entra_id",
            "broker": "azure_service_bus",
        },
    ):
        view = _view(over, "components")
        labels = " ".join(_labels(view))
        assert labels.count("Change-feed relay") == 1, labels
        assert "publisher" not in labels.lower(), labels
        assert _group_of(view, "relay") == ""  # outside "Inside each service"
        # FLEET is under PCI DSS: payments' feed goes to its own relay (facts.pci.cde_relay).
        feed = "change feed (every service but payments service)"
        assert ("datastore", "relay", feed) in _edges(view)


# Where one transaction covers the outbox row (PostgreSQL,
# https://www.postgresql.org/docs/current/tutorial-transactions.html) the relay is inside the
# service that owns the outbox: no separate relay anywhere.
def test_outbox_relay_stays_inside_the_service_that_owns_the_outbox() -> None:
    for over in ({**FLEET, "datastore": "postgresql"}, TICKETS):
        m = model(**over)
        view = m["diagrams"]["components"]["flowchart"]
        assert _group_of(view, "c_publisher") == "g_unit"
        assert "relay" not in {n["id"] for n in all_nodes(view)}
        assert "relay" not in {c["id"] for c in m["components"]}
        assert m["facts"]["relay"] is None


# The relay runs on the platform, as the team's workload: a Deployment on EKS, a Cosmos DB
# triggered function in a function app on Azure Functions
# (https://learn.microsoft.com/azure/azure-functions/functions-bindings-cosmosdb-v2-trigger),
# a Cloud Run service with instance-based billing so CPU runs between requests
# (https://cloud.google.com/run/docs/configuring/billing-settings), a service on VMs.
def test_relay_runtime_is_the_platforms_and_never_a_managed_service() -> None:
    cases = [
        (FLEET, "a Deployment of its own in the cluster"),
        (IOT, "a function triggered by the Cosmos DB change feed, in a function app of its own"),
        (
            {**TICKETS, "style": "microservices", "datastore": "mongodb"},
            "a Cloud Run service of its own with instance-based billing",
        ),
        ({**LEDGER, "datastore": "mongodb"}, "a systemd service of its own, on one VM"),
    ]
    for over, runtime in cases:
        m = model(**over)
        row = next(c for c in m["components"] if c["id"] == "relay")
        assert row["runs_on"].startswith(runtime), row
        view = m["diagrams"]["deployment"]["flowchart"]
        assert _group_of(view, "relay") not in ("g_managed", ""), _group_of(view, "relay")


# Astra DB has no commit-log access; Astra Streaming CDC puts each table's changes on a Pulsar
# topic (https://docs.datastax.com/en/astra-db-serverless/databases/change-data-capture.html):
# the consumer that publishes them to Kafka is the relay, in the table and counted.
def test_astra_streaming_cdc_consumer_is_in_the_component_table_and_counted() -> None:
    m = model(**EVENTS)
    row = next(c for c in m["components"] if c["id"] == "relay")
    assert row["technology"] == "consumer of Astra Streaming CDC"
    design = documents("design.md", **EVENTS)
    assert f"{len(m['components'])} components: " in design
    # The relay publishes the channel: the service is not "its only publisher".
    assert "The shipments capability's events, one channel per capability" in design
    assert "is its only publisher" not in design
    overview = documents("overview.md", **EVENTS)
    assert "| Change-feed relay | Messaging | consumer of Astra Streaming CDC |" in overview
    system = _view(EVENTS, "system")
    assert _group_of(system, "relay") == "g_application"
    assert "relay" not in {
        n["id"] for g in walk(system["groups"]) if g["id"] == "g_messaging" for n in g["nodes"]
    }


# Tokens are checked once per deployable against cached keys: the modular monolith's one HTTP
# layer, never each module (Okta: https://developer.okta.com/docs/guides/validate-access-tokens/).
def test_token_check_is_drawn_where_the_model_says() -> None:
    edges = _edges(_view(TICKETS, "system"))
    assert ("idp", "backend_http", "keys for the token check, cached") in edges
    assert not any(t == "idp" and s.startswith("unit_") for s, t, _ in edges), edges
    fleet = _edges(_view(FLEET, "system"))
    assert ("unit_bookings", "idp", "validates tokens, cached keys") in fleet
    flow = " ".join(model(**FLEET)["main_flow"])
    # ALB's authenticate actions are a browser cookie flow; the services validate bearer tokens
    # (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html).
    assert "which authenticates the caller" in flow
    assert "authenticates the request" not in flow


# grpc-go serves on its own port beside Gin (https://grpc.io/docs/languages/go/basics/): the
# called service (vehicles) has a gRPC server; bookings consumes no events.
def test_grpc_server_and_consumer_only_where_the_model_has_them() -> None:
    labels = _labels(_view(FLEET, "components"))
    assert "gRPC server (vehicles service only) own port" in labels
    assert "Event consumer (every service but bookings service) idempotent handlers" in labels
    rest_only = _labels(_view({**FLEET, "api_styles": ["rest"]}, "components"))
    assert not any(label.startswith("gRPC server") for label in rest_only)
    # A modular monolith's consumer reaches only the consuming modules (the topics view).
    tickets = _edges(_view(TICKETS, "components"))
    consumed = {t for s, t, _ in tickets if s == "c_consumer"}
    assert consumed == {"c_unit_tickets", "c_unit_payouts"}


# Razor Pages: page handlers take the browser's page requests and form posts
# (https://learn.microsoft.com/aspnet/core/razor-pages/); telemetry is exported to a backend
# outside the deployable, not a box inside it.
def test_pages_get_page_handlers_and_telemetry_is_outside() -> None:
    view = _view(LEDGER, "components")
    # Authentication middleware runs before the page handler (round 6).
    # The answered REST API beside the pages, behind the same authentication (round 8).
    assert ("entry", "c_auth", "page requests, form posts, REST") in _edges(view)
    assert ("c_auth", "c_pages", "") in _edges(view)
    assert ("c_auth", "c_api", "") in _edges(view)
    assert _group_of(view, "telemetry") == "" and _group_of(view, "c_pages") == "g_unit"
    api = _view({**LEDGER, "frontend": "react", "auth": "sessions"}, "components")
    assert ("entry", "c_auth", "REST") in _edges(api)
    assert "Page handlers" not in " ".join(_labels(api))


# IoT Hub routes device messages to its Event Hubs-compatible endpoint, whose trigger starts
# the readings function (https://learn.microsoft.com/azure/iot-hub/iot-hub-devguide-messages-read-builtin).
def test_device_trigger_into_the_first_function_is_drawn() -> None:
    edges = _edges(_view(IOT, "components"))
    # Into its own handler, not through the users' token check (round 6).
    assert any(s == "ingest" and t == "c_device" for s, t, _ in edges), edges
    assert not any(s == "ingest" for s, _, _ in _edges(_view(FLEET, "components")))


# The design routes each capability's requests to its unit: the entry point reaches every
# unit, commands and queries to every unit of an event-driven system (one REST layout).
def test_entry_reaches_every_unit_that_serves_requests() -> None:
    edges = _edges(_view(EVENTS, "system"))
    assert ("entry", "unit_shipments", "commands and queries") in edges
    assert ("entry", "unit_tracking", "commands and queries") in edges
    assert ("entry", "unit_notifications", "commands and queries") in edges
    fleet = _edges(_view(FLEET, "system"))
    assert {t for s, t, _ in fleet if s == "entry"} == {
        "unit_bookings",
        "unit_vehicles",
        "unit_payments",
    }
