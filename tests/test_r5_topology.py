"""Blind review 4 (topology): who serves what is one fact of the model, the same in the
text and in every view. The gRPC API names the called service the views draw as the gRPC
server (facts.grpc_server)."""

from __future__ import annotations

from typing import Any

from test_combinations import documents, model

from extensions.diagrams import all_nodes

# Fleet: microservices on EKS, REST at the edge and gRPC inside.
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
# Clinic: microservices on AKS, Python, RabbitMQ, REST + gRPC.
CLINIC: dict[str, Any] = {
    "style": "microservices",
    "cloud": "azure",
    "deployment": "kubernetes",
    "datastore": "postgresql",
    "broker": "rabbitmq",
    "backend_language": "python",
    "api_styles": ["rest", "grpc"],
    "idp": "keycloak",
    "capabilities": "appointments, visit notes, billing",
}


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
def test_cde_unit_has_no_cache_key_and_the_relay_is_in_scope() -> None:
    reference = documents("reference.md", **FLEET)
    assert "cache_url" not in _config_of(reference, "payments service")
    assert "cache_url" in _config_of(reference, "bookings service")
    scope = "The change-feed relay reads its change feed, so the relay is in PCI DSS scope too"
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
