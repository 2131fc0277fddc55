"""No hedges where the answers or a default decide: one tool per language, framework,
frontend, cloud and product, read from the catalog data (third blind review, section 2).

Nine systems cover every backend language and every web frontend; the narrative documents
(design, reference, overview, target architecture, review checklist) of each must name the
chosen tool and none of the "X or Y" pairs that used to stand there. Decision records keep the
alternatives only as considered options, so they are not searched.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from test_combinations import documents, model

NARRATIVE = ("design.md", "reference.md", "overview.md", "target-architecture.md")
CHECKLIST = ("review-checklist.md",)

SYSTEMS: dict[str, dict[str, Any]] = {
    "events": dict(
        style="event_driven", cloud="gcp", deployment="kubernetes", datastore="cassandra",
        broker="kafka", backend_language="java", backend_framework="spring_boot",
        frontend="react", mobile_app="react_native", cache="redis",
        idp="google_identity_platform", observability="cloud_native", api_styles=["rest", "events"],
    ),
    "fleet": dict(
        style="microservices", cloud="aws", deployment="kubernetes", datastore="dynamodb",
        broker="sqs_sns", backend_language="go", backend_framework="gin", frontend="none",
        mobile_app="flutter", cache="redis", ci="gitlab_ci", idp="cognito",
        observability="cloud_native",
    ),
    "iot": dict(
        style="serverless", cloud="azure", deployment="serverless", datastore="cosmosdb",
        broker="azure_service_bus", backend_language="typescript", backend_framework="none",
        frontend="none", ci="gitlab_ci", idp="entra_id", observability="cloud_native",
    ),
    "ledger": dict(
        style="monolith", cloud="onprem", deployment="vms", datastore="sqlserver",
        broker="rabbitmq", backend_language="csharp", backend_framework="aspnet_core",
        frontend="server_rendered", cache="redis", ci="jenkins", auth="sessions",
        observability="otel_prometheus_grafana",
    ),
    "tickets": dict(
        style="modular_monolith", cloud="gcp", deployment="paas", paas_service="cloud_run",
        datastore="postgresql", broker="google_pubsub", backend_language="kotlin",
        backend_framework="ktor", frontend="vue", idp="okta", observability="cloud_native",
    ),
    "django": dict(
        style="modular_monolith", cloud="azure", deployment="kubernetes", datastore="mongodb",
        broker="none", backend_language="python", backend_framework="django",
        frontend="angular", ci="azure_pipelines", idp="entra_id",
    ),
    "rust": dict(
        style="microservices", cloud="onprem", deployment="kubernetes", datastore="postgresql",
        broker="nats", backend_language="rust", backend_framework="axum", frontend="svelte",
        cache="redis", idp="keycloak", ci="gitlab_ci",
    ),
    "rails": dict(
        style="monolith", cloud="aws", deployment="vms", datastore="mysql", broker="none",
        backend_language="ruby", backend_framework="rails", frontend="nextjs",
        ci="github_actions", idp="okta",
    ),
    "nest": dict(
        style="modular_monolith", cloud="aws", deployment="containers_vm",
        datastore="postgresql", broker="rabbitmq", backend_language="typescript",
        backend_framework="nestjs", frontend="react", ci="jenkins", idp="keycloak",
    ),
}  # fmt: skip

# The pairs removed from the catalog, as they used to be printed.
HEDGES = [
    r"Exposed \(DSL or DAO\) or jOOQ|Exposed or jOOQ",
    r"Ktor DI plugin \(3\.2 and later\) or Koin",
    r"JUnit 5 or Kotest",
    r"ArchUnit or Konsist|NetArchTest or ArchUnitNET|go-arch-lint or internal packages",
    r"architecture-testing or import-linting",
    r"Playwright or Cypress",
    r"Vue Test Utils or Vue Testing Library",
    r"composables or TanStack",
    r"or Tailwind CSS|CSS Modules or Tailwind|Tailwind CSS where",
    r"PrimeVue or Vuetify",
    r"context or a small store",
    r"Radix UI or React Aria",
    r"NgRx Store\s+or SignalStore",
    r"JSON Schema\s+or Avro",
    r"Maven or Gradle",
    r"or a native executable when start-up",
    r"pipeline or (a )?GitOps controller",
    r"Argo Rollouts or\s+weighted|Argo Rollouts' canary strategy, or",
    r"or Dapper",
    r"Minimal APIs or controllers|\(MapGroup\) or controllers",
    r"Swagger UI or Scalar",
    r"xUnit \(or NUnit\)",
    r"RSpec or Minitest|Minitest \(the default\) or RSpec",
    r"Terraform or OpenTofu",
    r"or Terraform with the|CloudFormation or the AWS CDK|CloudFormation or Terraform",
    r"Collector or Grafana Alloy",
    r"remote write or scrape",
    r"restic or Borg",
    r"VM image \(Packer\) or",
    r"Vitest or Jest|Jest or Vitest|node:test, Vitest or tap",
    r"JSON Schema or typed models",
    r"staticcheck or golangci-lint",
    r"swag generates the API document from handler comments, or",
    r"sqlc or sqlx",
    r"gorilla/websocket or coder/websocket|coder/websocket or gorilla/websocket",
    r"hosted runners[^.;]*\) or self-hosted|hosted agents \([^)]*\) or self-hosted",
    r"hosted runners, or self-managed",
    r"SET NX lock or early probabilistic",
    r"or a sorted set as a sliding",
    r"Secret or an external secrets",
    r"allkeys-lru or allkeys-lfu",
    r"tables or collections",
    r"schema or namespace",
    r"topics or queues",
    r"DRF serializers or Django Ninja",
    r"or pytest-django",
    r"Prisma, Drizzle",
    r"Flyway or Liquibase migrations for relational",
    r"Java driver or Spring Data",
    r"Karpenter or the Cluster Autoscaler|cluster autoscaler or node auto-provisioning",
    r"Autopilot provisions capacity per pod, and in Standard mode",
    r"Cloud Storage or BigQuery",
    r"OTLP endpoint or the Cloud Trace exporter",
    r"ASGI or WSGI worker",
]
HEDGE = re.compile("|".join(f"(?:{h})" for h in HEDGES))


def narrative(system: str) -> str:
    return documents(*NARRATIVE, *CHECKLIST, **SYSTEMS[system])


@pytest.mark.parametrize("system", list(SYSTEMS))
def test_no_hedge_pair_in_the_narrative_documents(system: str) -> None:
    found = sorted({m.group(0) for m in HEDGE.finditer(narrative(system))})
    assert not found, f"{system}: {found}"


# Each chosen tool, as the documents must name it. Vendor pages for the defaults:
# Vitest: https://vitest.dev/guide/ ; golangci-lint runs staticcheck:
# https://golangci-lint.run/usage/linters/ ; oapi-codegen and OpenAPI 3.1 (reads 3.1 documents,
# not what 3.1 adds): https://github.com/oapi-codegen/oapi-codegen/issues/373 ;
# Maven wrapper: https://maven.apache.org/wrapper/ ; Ktor DI plugin:
# https://ktor.io/docs/server-dependency-injection.html ; Konsist: https://docs.konsist.lamdev.it/ ;
# Microsoft.AspNetCore.OpenApi with Swagger UI:
# https://learn.microsoft.com/aspnet/core/fundamentals/openapi/using-openapi-documents ;
# NestJS with Vitest through SWC: https://docs.nestjs.com/recipes/swc#vitest ;
# Bicep deployment stacks:
# https://learn.microsoft.com/azure/azure-resource-manager/bicep/deployment-stacks ;
# AWS CDK: https://docs.aws.amazon.com/cdk/v2/guide/home.html ; Karpenter on EKS:
# https://docs.aws.amazon.com/eks/latest/best-practices/karpenter.html ; GKE Autopilot:
# https://cloud.google.com/kubernetes-engine/docs/concepts/autopilot-overview ;
# oapi-codegen supports OpenAPI 3.0 (3.1: https://github.com/oapi-codegen/oapi-codegen/issues/373) ;
# Collector remote write: https://opentelemetry.io/docs/collector/ ; Redis eviction:
# https://redis.io/docs/latest/develop/reference/eviction/ ; Argo Rollouts canary:
# https://argo-rollouts.readthedocs.io/en/stable/features/canary/ ; Secret Manager client library:
# https://cloud.google.com/secret-manager/docs/access-secret-version ; committee-rails: https://github.com/willnet/committee-rails
CHOSEN = [
    ("events", "Maven through the committed wrapper (mvnw)"),
    ("events", "shared client state in a Zustand store"),
    ("events", "CSS Modules scoped per component"),
    ("events", "Radix UI headless components"),
    ("events", "message payload schemas in JSON Schema"),
    ("events", "ConfigMap (credentials read at start-up through the client library"),
    ("events", "maxmemory-policy allkeys-lru"),
    ("events", "a short SET NX lock, so one caller reloads a missing key"),
    ("events", "Per-user quotas (not request rate limits) with INCR and EXPIRE"),
    ("events", "GKE cluster autoscaler adds nodes"),
    ("events", "Data access**: Spring Data for Apache Cassandra;"),
    ("events", "GitHub-hosted runners: a fresh, disposable machine per job"),
    ("events", "allowed only on its own topics,"),
    ("events", "a log sink to BigQuery"),
    ("fleet", "go vet plus golangci-lint (which runs staticcheck among its linters)"),
    ("fleet", "oapi-codegen generates the Gin server interface"),
    ("fleet", "EKS Auto Mode, built on Karpenter"),
    ("fleet", "The AWS CDK, synthesised to AWS CloudFormation stacks"),
    ("fleet", "GitLab-hosted runners on GitLab.com"),
    ("fleet", "allowed only on its own SNS topics and SQS queues"),
    ("iot", "Vitest for unit tests"),
    ("iot", "zod schemas applied by a shared helper"),
    ("iot", "Bicep templates deployed as deployment stacks"),
    ("iot", "allowed only on its own topics and subscriptions"),
    ("ledger", "xUnit with NSubstitute"),
    ("ledger", "code-first migrations applied as a deploy step (migration bundles)"),
    ("ledger", "Minimal APIs; Microsoft.AspNetCore.OpenApi generates the OpenAPI document"),
    ("ledger", "browsed with Swagger UI (Swashbuckle.AspNetCore.SwaggerUi)"),
    ("ledger", "Terraform for compute, networks and DNS"),
    ("ledger", "collected by the OpenTelemetry Collector and stored in Loki"),
    ("ledger", "Prometheus remote-write exporter"),
    ("ledger", "restic for files"),
    ("ledger", "Ansible playbook that builds every VM"),
    ("ledger", "Permanent agents on VMs inside the network"),
    ("ledger", "allowed only on the system's own exchanges and queues"),
    ("tickets", "JUnit 5 with MockK"),
    ("tickets", "Exposed (DSL) over a HikariCP pool"),
    ("tickets", "dependency injection through the Ktor DI plugin (3.2 and later)"),
    ("tickets", "architecture tests (Konsist)"),
    ("tickets", "Vitest with Vue Test Utils for components"),
    ("tickets", "Playwright end-to-end tests"),
    ("tickets", "server data through TanStack Query for Vue"),
    ("tickets", "PrimeVue components"),
    ("tickets", "Each module's tables live in its own schema"),
    ("django", "pytest-django (each test inside a rolled-back transaction)"),
    ("django", "DRF serializers for JSON input"),
    ("django", "Dependency rules checked in CI (import-linter)"),
    ("django", "Each module's collections live in its own database"),
    ("django", "Microsoft-hosted agents: a fresh, disposable machine per job"),
    ("django", "NgRx\nSignalStore"),
    ("rust", "the garde crate"),
    ("rust", "Terraform for compute, networks and DNS"),
    ("rust", "allowed only on its own subjects and JetStream streams"),
    ("rails", "Minitest (the Rails default)"),
    ("rails", "committee-rails checking responses against the OpenAPI document"),
    ("rails", "CSS Modules, supported by the build"),
    ("nest", "Vitest (with SWC, as the NestJS SWC recipe sets up)"),
    ("nest", "TypeORM through @nestjs/typeorm, with repositories"),
    ("nest", "Dependency rules checked in CI (dependency-cruiser)"),
    ("nest", "Ephemeral agents provisioned per build by the Amazon EC2 plugin"),
]


@pytest.mark.parametrize(("system", "text"), CHOSEN)
def test_the_chosen_tool_is_named(system: str, text: str) -> None:
    said = re.sub(r"\s+", " ", narrative(system))
    assert re.sub(r"\s+", " ", text) in said, f"{system}: {text!r} missing"


@pytest.mark.parametrize(
    ("framework", "store", "library"),
    [
        # https://docs.spring.io/spring-data/cassandra/reference/ ; Quarkus uses the driver:
        # https://quarkus.io/guides/cassandra
        ("spring_boot", "cassandra", "Spring Data for Apache Cassandra"),
        ("quarkus", "cassandra", "the Apache Cassandra Java driver"),
    ],
)
def test_one_data_access_library_per_framework(framework: str, store: str, library: str) -> None:
    facts = model(
        style="event_driven", cloud="gcp", deployment="kubernetes", datastore=store,
        broker="kafka", backend_language="java", backend_framework=framework,
    )["facts"]  # fmt: skip
    assert facts["data_access"]["library"] == library
    assert " or " not in facts["data_access"]["migrations"]


def test_kotlin_on_ktor_gets_the_driver_and_on_spring_the_spring_data_module() -> None:
    # https://www.mongodb.com/docs/drivers/kotlin/coroutine/current/ ;
    # https://docs.spring.io/spring-data/mongodb/reference/
    ktor = model(datastore="mongodb", backend_language="kotlin", backend_framework="ktor")
    spring = model(datastore="mongodb", backend_language="kotlin", backend_framework="spring_boot")
    assert ktor["facts"]["data_access"]["library"] == "the MongoDB Kotlin driver"
    assert spring["facts"]["data_access"]["library"] == "Spring Data MongoDB"
