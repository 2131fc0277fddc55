"""Blind review 4 (topology): who serves what is one fact of the model, the same in the
text and in every view. The gRPC API names the called service the views draw as the gRPC
server (facts.grpc_server)."""

from __future__ import annotations

from typing import Any

from systems import CLINIC, FLEET, LEDGER, TICKETS
from test_combinations import documents, model

from extensions.diagrams import all_nodes

# Fleet: microservices on EKS, REST at the edge and gRPC inside.
# Clinic: microservices on AKS, Python, RabbitMQ, REST + gRPC.


def _labels(over: dict[str, Any], name: str) -> str:
    view = model(**over)["diagrams"][name]["flowchart"]
    return " ".join(" ".join([n["label"], *n["detail"]]) for n in all_nodes(view))


# gRPC services are served by the process that implements them
# (https://grpc.io/docs/what-is-grpc/core-concepts/#using-the-api): the API's package names
# the service the component view draws as the gRPC server.
def test_grpc_api_names_the_service_drawn_as_the_grpc_server() -> None:
    for over, served, caller in (
        (FLEET, "vehicles", "bookings"),
        (CLINIC, "visit_notes", "appointments"),
    ):
        assert model(**over)["facts"]["grpc_server"] == served.replace("_", "-")
        design = documents("design.md", **over)
        assert f"{served}.v1." in design, served
        assert f"{caller}.v1." not in design, caller
        labels = _labels(over, "components")
        assert f"gRPC server ({served.replace('_', ' ')} service only)" in labels, labels


def test_grpc_at_the_edge_names_the_first_capability() -> None:
    # gRPC only: the edge API, served by the first capability's service.
    over = {**CLINIC, "api_styles": ["grpc"]}
    assert model(**over)["facts"]["grpc_server"] == "appointments"
    design = documents("design.md", **over)
    assert "appointments.v1.AppointmentsService/Get" in design
    assert "visit_notes.v1." not in design


def _config_of(reference: str, service: str) -> str:
    """The component section of `service` in reference.md, up to the next section."""
    start = reference.index(f": {service}\n")
    end = reference.find("\n### ", start + 1)
    return reference[start : end if end > 0 else None]


# PCI DSS scoping: a system connected to the cardholder data environment is in scope, and
# segmentation keeps the CDE off shared components
# (https://docs-prv.pcisecuritystandards.org/Guidance%20Document/PCI%20DSS%20General/Guidance-PCI-DSS-Scoping-and-Segmentation.pdf).
def test_cde_unit_has_no_cache_key_and_the_shared_relay_is_out_of_scope() -> None:
    reference = documents("reference.md", **FLEET)
    assert "cache_url" not in _config_of(reference, "payments service")
    assert "cache_url" in _config_of(reference, "bookings service")
    scope = "the shared change-feed relay reads only the other services' feeds"
    assert scope in reference
    # Same class on Azure (Cosmos DB change feed): the same fact.
    azure = {
        **FLEET,
        "cloud": "azure",
        "datastore": "cosmosdb",
        "broker": "azure_service_bus",
        "idp": "entra_id",
    }
    assert scope in documents("reference.md", **azure)
    # An outbox (PostgreSQL) has no relay reading the CDE's feed: no such sentence.
    outbox = {**FLEET, "datastore": "postgresql", "broker": "kafka"}
    text = documents("reference.md", **outbox)
    assert "shares no cache or datastore" in text
    assert scope not in text
    assert "cache_url" not in _config_of(text, "payments service")


# Tickets: modular monolith on Cloud Run, PostgreSQL (outbox), Pub/Sub.


# Pub/Sub delivers each message to every subscription
# (https://cloud.google.com/pubsub/docs/subscriber): with a broker the modules read each
# other's events through their own subscriptions, as facts.channels and the views say.
def test_modules_learn_of_changes_through_one_decided_path() -> None:
    design = documents("design.md", **TICKETS)
    assert "consume the event from Google Cloud Pub/Sub through consumers of their own" in design
    assert "in-process domain event or a call" not in design
    assert "In-process domain events" not in _labels(TICKETS, "components")
    # Same class on AWS with SQS and SNS.
    aws = {**TICKETS, "cloud": "aws", "deployment": "kubernetes", "broker": "sqs_sns"}
    aws.pop("paas_service")
    aws["idp"] = "cognito"
    assert "consume the event from Amazon SQS and SNS" in documents("design.md", **aws)
    # No broker: the in-memory bus is the one path, drawn as such.
    none = {**TICKETS, "broker": "none"}
    design = documents("design.md", **none)
    assert "through an in-process domain event, published after the transaction commits" in design
    assert "or a call to the owning" not in design
    assert "In-process domain events" in _labels(none, "components")


# PostgreSQL schemas qualify table names
# (https://www.postgresql.org/docs/current/ddl-schemas.html): schema per module, in the DDL.
def test_modular_monolith_ddl_qualifies_tables_by_module_schema() -> None:
    reference = documents("reference.md", **TICKETS)
    assert "Each module's tables live in its own schema" in documents("design.md", **TICKETS)
    assert "CREATE TABLE tickets.tickets (" in reference
    assert "ON payouts.payouts (created_at)" in reference
    assert "CREATE TABLE tickets (" not in reference
    # SQL Server: the same; a microservices system has no module schema.
    mssql = {**TICKETS, "datastore": "sqlserver"}
    assert "CREATE TABLE events.events (" in documents("reference.md", **mssql)
    micro = {**TICKETS, "style": "microservices", "deployment": "kubernetes"}
    micro.pop("paas_service")
    assert "CREATE TABLE events (" in documents("reference.md", **micro)


# Ledger: a monolith of two capabilities, one deployable on VMs.


def test_single_deployable_is_counted_as_one() -> None:
    design = documents("design.md", **LEDGER)
    assert "one deployable on Linux virtual machines" in design
    assert "2 applications on" not in design
    assert "one deployable on Cloud Run" in documents("design.md", **TICKETS)
    # Microservices: one per capability.
    assert "3 services on Amazon EKS" in documents("design.md", **FLEET)


# The resources summary names the example endpoints the design lists, not "groups".
def test_resources_summary_lists_the_design_endpoints() -> None:
    reference = documents("reference.md", **TICKETS)
    assert "REST: `/v1/events`, `/v1/events/:id`" in reference
    assert "groups under" not in reference
    fleet = documents("reference.md", **FLEET)
    assert "gRPC: `vehicles.v1.VehiclesService/Get`" in fleet
    assert "groups under" not in fleet
