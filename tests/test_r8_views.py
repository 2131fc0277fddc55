"""Round 8: the views draw what the text says. The second region holds what the recovery steps
say runs there or is created there. Literal must/must-not cases per combination."""

from __future__ import annotations

from typing import Any

from test_combinations import documents

# Clinic: AKS, Redis, RabbitMQ, Keycloak, RTO 60 minutes (warm standby), a store per service.
CLINIC: dict[str, Any] = {
    "style": "microservices",
    "cloud": "azure",
    "deployment": "kubernetes",
    "datastore": "postgresql",
    "backend_language": "python",
    "backend_framework": "fastapi",
    "cache": "redis",
    "broker": "rabbitmq",
    "auth": "oidc",
    "idp": "keycloak",
    "rpo_minutes": 5,
    "rto_minutes": 60,
}

# Ledger: a monolith on premises, SQL Server, Redis, RabbitMQ.
LEDGER: dict[str, Any] = {
    "style": "monolith",
    "cloud": "onprem",
    "deployment": "vms",
    "datastore": "sqlserver",
    "backend_language": "csharp",
    "backend_framework": "aspnet_core",
    "frontend": "server_rendered",
    "cache": "redis",
    "broker": "rabbitmq",
    "auth": "sessions",
    "rpo_minutes": 15,
    "rto_minutes": 240,
}

# Meter ingest: Azure Functions, Cosmos DB, Service Bus; RTO 60 minutes redeploys functions.
IOT: dict[str, Any] = {
    "style": "serverless",
    "cloud": "azure",
    "deployment": "serverless",
    "datastore": "cosmosdb",
    "backend_language": "typescript",
    "backend_framework": "none",
    "frontend": "none",
    "actors": ["devices", "internal_systems"],
    "broker": "azure_service_bus",
    "cache": "none",
    "auth": "oidc",
    "idp": "entra_id",
    "rpo_minutes": 5,
    "rto_minutes": 60,
}


def _site2(text: str) -> str:
    """The second region's subgraph of the deployment view."""
    start = text.index('subgraph n_g_site2["Second')
    return text[start : text.index("\n  end", start)]


def test_standby_region_draws_what_already_runs_there() -> None:
    # The recovery step says AKS, Redis, Keycloak and the federated RabbitMQ cluster run there
    # (https://www.keycloak.org/high-availability/multi-cluster/introduction,
    # https://www.rabbitmq.com/docs/federated-exchanges): the view draws them, even with a
    # store per service.
    text = documents("reference.md", **CLINIC)
    site = _site2(text)
    assert "already run in the second region" in documents("design.md", **CLINIC)
    for name in (
        "Azure Kubernetes Service (AKS)",
        "Azure Managed Redis",
        '["Keycloak"]',
        "Federated RabbitMQ cluster",
        '[("PostgreSQL replica")]',
    ):
        assert name in site, name
    assert "Created from infrastructure code on failover" not in site
    # Every service's store feeds the one replica.
    assert "n_datastore_payments -.-> n_replica_dr" in text


def test_second_data_centre_holds_the_servers_redis_and_rabbitmq() -> None:
    site = _site2(documents("reference.md", **LEDGER))
    assert 'subgraph n_g_site2["Second data centre"]' in site
    assert '["Linux virtual machines"]' in site
    assert "self-managed Redis with Sentinel for failover" in site
    assert "Federated RabbitMQ cluster" in site
    assert "Keycloak" not in site


def test_redeployed_compute_is_drawn_as_created_on_failover() -> None:
    # https://learn.microsoft.com/azure/service-bus-messaging/service-bus-geo-replication
    site = _site2(documents("reference.md", **IOT))
    head, iac = site.split("Created from infrastructure code on failover")
    assert '["Service Bus geo-replica"]' in head
    assert '["Azure Functions"]' in iac
    assert "Azure Functions" not in head
    # The same decision in the text.
    assert "is created in the second region from the infrastructure code" in documents(
        "design.md", **IOT
    )


def test_no_second_region_no_site() -> None:
    text = documents("reference.md", **{**CLINIC, "rpo_minutes": 1440})
    assert "n_g_site2" not in text
    assert "Federated RabbitMQ cluster" not in text


def _components(text: str) -> str:
    """The component diagram of reference.md."""
    start = text.index("### Component Diagram")
    return text[start : text.index("\n```\n", start)]


def test_rest_api_beside_server_rendered_pages_behind_authentication() -> None:
    # ASP.NET Core runs Minimal API endpoints beside Razor Pages in one app:
    # https://learn.microsoft.com/aspnet/core/fundamentals/minimal-apis/overview
    view = _components(documents("reference.md", **LEDGER))
    assert "n_c_auth --> n_c_pages" in view
    assert "n_c_auth --> n_c_api" in view
    assert '"page requests, form posts, REST"| n_c_auth' in view
    # A SPA's backend has its API layer only, no page handlers.
    spa = _components(documents("reference.md", **{**LEDGER, "frontend": "react"}))
    assert "n_c_auth --> n_c_api" in spa
    assert "n_c_pages" not in spa


def test_monolith_background_worker_is_drawn_with_its_job_source() -> None:
    # The monolith's "Background worker mode" pattern (style.yaml worker: true).
    text = documents("reference.md", **LEDGER)
    view = _components(text)
    assert "Background worker<br/>same artifact, one<br/>instance schedules jobs" in view
    assert '|"jobs from a queue"| n_c_worker' in view
    assert "n_c_worker --> n_c_logic" in view
    no_broker = _components(documents("reference.md", **{**LEDGER, "broker": "none"}))
    assert '|"jobs table"| n_c_worker' in no_broker
    # Microservices: the style's text decides no worker.
    assert "n_c_worker" not in _components(documents("reference.md", **CLINIC))


def test_telemetry_goes_through_the_collector() -> None:
    # https://opentelemetry.io/docs/collector/deployment/agent/
    view = _components(documents("reference.md", **CLINIC))
    assert "n_c_api -.-> n_collector" in view
    assert "n_collector -.-> n_telemetry_metrics" in view
    assert "n_c_api -.-> n_telemetry_metrics" not in view
    # Azure Monitor with the OpenTelemetry Distro exports from the process: no collector.
    native = _components(documents("reference.md", **{**CLINIC, "observability": "cloud_native"}))
    assert "n_collector" not in native
    # A log shipper carries logs only: the SDKs still export the rest themselves.
    elk = _components(documents("reference.md", **{**CLINIC, "observability": "elk"}))
    assert "n_collector" not in elk


def test_grpc_server_checks_the_token() -> None:
    # gRPC servers authenticate calls in an interceptor: https://grpc.io/docs/guides/auth/
    view = _components(documents("reference.md", **{**CLINIC, "api_styles": ["rest", "grpc"]}))
    assert 'n_peer -->|"gRPC, token, timeout"| n_c_auth' in view
    assert "n_c_auth --> n_c_grpc" in view
    assert "n_c_grpc --> n_c_validation" in view
    assert 'n_peer -->|"gRPC, with timeout"| n_c_grpc' not in view
