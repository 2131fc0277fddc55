"""Blind review 2 (diagrams, flows and platform): every view draws the change-feed relay as
the publisher, every other unit receives events, devices-only systems show the ingest path
as the main flow, and each subscription has its own dead-letter destination."""

from __future__ import annotations

from typing import Any

from systems import EVENTS, IOT, LEDGER
from test_combinations import model, record


def _edges(m: dict[str, Any], view: str) -> list[tuple[str, str, str]]:
    return [
        (e["source"], e["target"], e["label"]) for e in m["diagrams"][view]["flowchart"]["edges"]
    ]


# Astra DB CDC publishes through Astra Streaming, one drawn component, not the services:
# https://docs.datastax.com/en/astra-db-serverless/databases/change-data-capture.html
def test_relay_publishes_in_system_and_deployment_views() -> None:
    m = model(**EVENTS)
    for view in ("system", "deployment"):
        edges = _edges(m, view)
        assert ("relay", "broker", "publishes") in edges, view
        to_broker = {s for s, t, _ in edges if t == "broker"}
        assert to_broker == {"relay"}, (view, to_broker)


def test_relay_publishes_in_main_flow() -> None:
    steps = model(**EVENTS)["diagrams"]["main_flow"]["steps"]
    # The relay publishes the change; on Kafka the consumer itself publishes a failed event to
    # its dead-letter topic (round 5), which is no publish of the change.
    sources = {
        st.get("source")
        for st in steps
        if st.get("target") == "broker" and "dead-letter" not in str(st.get("text", ""))
    }
    assert sources == {"relay"}, sources


# An event consumer has no inbound command path: only the first unit takes commands; every
# other unit receives events, and the webhook unit calls the partners.
def test_every_other_unit_receives_events_and_only_the_first_takes_commands() -> None:
    edges = _edges(model(**EVENTS), "system")
    delivered = {t for s, t, label in edges if s == "broker" and label == "delivers"}
    assert delivered == {"unit_tracking", "unit_notifications", "unit_partner_webhooks"}
    # Every capability has the same REST layout, so the entry routes commands and queries to
    # each unit (round 4: tracking had no read path; round 7: one label from one fact).
    routed = {t for s, t, label in edges if s == "entry" and label == "commands and queries"}
    assert routed == delivered | {"unit_shipments"}
    assert ("unit_partner_webhooks", "partners", "webhook calls (signed)") in edges


# Azure IoT Hub routes device telemetry to the Event Hubs-compatible endpoint:
# https://learn.microsoft.com/azure/iot-hub/iot-hub-devguide-messages-read-builtin
def test_devices_only_main_flow_is_the_ingest_path_and_publishes_after_it() -> None:
    m = model(**IOT)
    flow = m["diagrams"]["main_flow"]
    ids = [p["id"] for p in flow["participants"]]
    assert ids[:2] == ["devices", "ingest"] and "users" not in ids
    assert not any(
        st.get("source") == "unit_readings" and st.get("target") == "broker" for st in flow["steps"]
    )
    text = " ".join(m["main_flow"])
    assert "telemetry message" in text
    assert "An API client sends a request" not in text


def test_alerts_function_receives_readings() -> None:
    edges = _edges(model(**IOT), "system")
    delivered = {t for s, t, _ in edges if s == "broker"}
    assert {"unit_meters", "unit_alerts"} <= delivered


# Service Bus: every subscription has its own dead-letter subqueue:
# https://learn.microsoft.com/azure/service-bus-messaging/service-bus-dead-letter-queues
def test_one_dead_letter_per_subscription() -> None:
    graph = model(**IOT)["diagrams"]["message_queue"]
    dlq = [e for e in graph["edges"] if e["label"] == "fails repeatedly"]
    targets = [e["target"] for e in dlq]
    assert len(targets) == len(set(targets)) > 1
    assert "dlq" not in targets


def _doc(name: str, **over: Any) -> str:
    return record(name, **over)


# A monolith is one deployable: its load balancer reaches instances, not "applications".
def test_monolith_is_one_deployable_in_the_narrative() -> None:
    design, overview = _doc("design.md", **LEDGER), _doc("overview.md", **LEDGER)
    assert "routes it to an instance of Store Ledger backend" in design
    assert "routes it to the core application" not in design
    assert "as one deployable" in overview and "as 2 applications" not in overview
    assert "Inside the deployable" in _doc("reference.md", **LEDGER)


# Razor encodes output by default; rich HTML is cleaned on the server with HtmlSanitizer,
# DOMPurify is a browser library:
# https://learn.microsoft.com/aspnet/core/security/cross-site-scripting
# https://github.com/mganss/HtmlSanitizer
def test_server_rendered_pages_use_a_server_side_sanitiser() -> None:
    checklist = _doc("review-checklist.md", **LEDGER)
    assert "sanitised on the server with HtmlSanitizer" in checklist
    assert "DOMPurify" not in checklist
    assert "DOMPurify" in _doc("review-checklist.md")  # a React frontend keeps it


# Records 0017-0020 came after compliance (0016): record 0001 names the last one as it is.
def test_first_record_names_its_last_record() -> None:
    text = record("0001-record-architecture-decisions.md", **LEDGER)
    assert "to the hosting of data and messaging (0020)" in text
    assert "compliance regimes (0020)" not in text


# Flex Consumption: zone redundancy is opt-in; memory belongs to the function app; only
# Service Bus dead-letters, Event Hubs and Cosmos DB triggers checkpoint past a failure:
# https://learn.microsoft.com/azure/reliability/reliability-functions
# https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan
# https://learn.microsoft.com/azure/azure-functions/functions-bindings-error-pages
def test_azure_functions_prose_uses_the_platforms_terms() -> None:
    design = _doc("design.md", **IOT)
    checklist = _doc("review-checklist.md", **IOT)
    reference = _doc("reference.md", **IOT)
    assert "only when zone redundancy is turned on" in design
    assert "The platform spreads instances across availability zones" not in design
    assert "event-stream and change-feed triggers have no dead-letter" in design
    assert "The instance memory size of a function app" in design
    assert "per function or function app" not in design
    assert "cannot hold a long-lived connection" not in reference
    assert "parks an event that still fails after its retry policy" in checklist
    assert "poison or dead-letter destination" not in checklist


# Lambda keeps its own dead-letter model:
# https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
def test_lambda_keeps_on_failure_destinations() -> None:
    aws = {**IOT, "cloud": "aws", "datastore": "dynamodb", "broker": "sqs_sns", "idp": "cognito"}
    design = _doc("design.md", **aws)
    assert "on-failure destination or dead-letter queue" in design
    assert "zone redundancy" not in design
