"""Round 8: what the products of the events and iot systems do, each fact decided once.

Each case is a combination of answers, a statement that must appear in the rendered documents
and one that must not, with the vendor page that decides it. The expectations are literal.
"""

from __future__ import annotations

from systems import EVENTS, IOT
from test_combinations import documents

# Parcel events: event-driven on GKE, Java/Spring Boot, Cassandra (Astra DB), Kafka, Redis.


def test_managed_cassandra_scales_by_itself_and_self_run_cassandra_adds_nodes() -> None:
    # Astra DB Serverless: no nodes to manage
    # https://docs.datastax.com/en/astra-db-serverless/architecture/database-architecture/replicate-data.html
    # Amazon Keyspaces: https://docs.aws.amazon.com/keyspaces/latest/devguide/functional-differences.html
    astra = documents("reference.md", **EVENTS)
    assert "DataStax Astra DB on Google Cloud (no first-party service) scales itself" in astra
    assert "adds nodes, which take over token ranges" not in astra
    keyspaces = documents("reference.md", **{**EVENTS, "cloud": "aws", "idp": "cognito"})
    assert "adds capacity itself (on-demand or provisioned capacity units)" in keyspaces
    assert "adds nodes, which take over token ranges" not in keyspaces
    # Self-run Cassandra on the team's servers adds nodes.
    onprem = documents("reference.md", **{**EVENTS, "cloud": "onprem", "idp": "keycloak"})
    assert "adds nodes, which take over token ranges" in onprem


def test_container_resources_follow_the_language_runtime() -> None:
    # A JVM needs several hundred MB beyond its heap (75 % of the limit, -XX:MaxRAMPercentage):
    # https://docs.oracle.com/en/java/javase/25/docs/specs/man/java.html
    # https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
    java = documents("reference.md", **EVENTS)
    assert "memory: 1Gi" in java
    assert "memory: 256Mi" not in java
    checks = documents("checklist.md", **EVENTS)
    assert "75 % of the container's memory limit of 1Gi (-XX:MaxRAMPercentage=75)" in checks
    assert "commonly 75" not in checks
    go = documents("reference.md", **{**EVENTS, "backend_language": "go"})
    assert "memory: 128Mi" in go
    assert "memory: 1Gi" not in go
    assert "container's memory limit of" not in documents("checklist.md", backend_language="go")


def test_every_event_driven_unit_takes_commands_and_queries() -> None:
    # The REST table gives every capability the same layout (GET, POST, PATCH, DELETE).
    overview = documents("overview.md", **EVENTS)
    assert 'n_entry -->|"commands and queries"| n_unit_tracking' in overview
    assert '|"queries"|' not in overview
    other = documents("overview.md", **{**EVENTS, "cloud": "aws", "idp": "cognito"})
    assert 'n_entry -->|"commands and queries"| n_unit_notifications' in other
    assert '|"queries"|' not in other


# Devices and internal systems on Azure Functions with Cosmos DB (the iot system), RPO 5.


def test_latest_restorable_point_in_the_vendors_words_said_once() -> None:
    # "usually within a few hundred seconds ... sometimes more":
    # https://learn.microsoft.com/azure/cosmos-db/latest-restore-timestamp-continuous-backup
    said = "its latest restorable point is usually within a few hundred seconds of now"
    design = documents("design.md", **IOT)
    record = documents("0008-primary-datastore.md", **IOT)
    assert said in design and said in record
    assert "typically 5 minutes old" not in design + record
    # DynamoDB keeps the minutes (https://docs.aws.amazon.com/amazondynamodb/latest/
    # developerguide/PointInTimeRecovery_Howitworks.html), stated once in the verdict.
    aws = {**IOT, "cloud": "aws", "datastore": "dynamodb", "broker": "sqs_sns", "idp": "cognito"}
    dynamo = documents("0008-primary-datastore.md", **aws)
    assert "its latest restorable point is typically 5 minutes old" in dynamo
    assert "a few hundred seconds" not in dynamo


def test_the_function_checks_the_token_and_the_gateway_does_not_authorize() -> None:
    # The function validates the token (auth flow, component view "validates tokens"); API
    # Management's validate-jwt policy is not configured by these documents:
    # https://learn.microsoft.com/azure/api-management/validate-jwt-policy
    design = documents("design.md", **IOT)
    assert "each function checks the caller's identity and permissions itself" in design
    assert "the owning function checks the token signature" in design
    assert "request validation and authorization before any function code runs" not in design
    aws = {**IOT, "cloud": "aws", "datastore": "dynamodb", "broker": "sqs_sns", "idp": "cognito"}
    lam = documents("design.md", **aws)
    assert "each function checks the caller's identity and permissions itself" in lam
    assert "request validation and authorization before any function code runs" not in lam
    assert "validates tokens, cached keys" in documents("reference.md", **IOT)


def test_no_hsts_where_no_browser_calls() -> None:
    # HSTS is a browser header; an API called by other systems sets none (OWASP REST Security
    # Cheat Sheet): https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html
    iot = documents("review-checklist.md", **IOT)
    assert "terminates at Azure API Management, plain HTTP is refused, and certificates" in iot
    assert "Strict-Transport-Security is set" not in iot
    people = documents("review-checklist.md", **EVENTS)
    assert "plain HTTP only redirects, Strict-Transport-Security is set" in people
    assert "plain HTTP is refused" not in people


def test_typescript_shares_types_with_a_browser_only_where_there_is_one() -> None:
    # No frontend (record 0005) and no mobile app: no types shared with a browser.
    iot = documents("0006-backend-language.md", "reference.md", **IOT)
    assert "gives static types checked at build time on a runtime that handles" in iot
    assert "across browser and server" not in iot
    assert "from client to server" not in iot
    web = documents("0006-backend-language.md", **{**EVENTS, "backend_language": "typescript"})
    assert "shared type definitions across browser and server" in web
    assert "one language and shared types from client to server, on a runtime" in web


def test_serverless_integration_tests_run_in_a_listed_environment() -> None:
    # The environments are development, staging and production; no per-branch stage.
    for over in (
        IOT,
        {**IOT, "cloud": "aws", "datastore": "dynamodb", "broker": "sqs_sns", "idp": "cognito"},
    ):
        text = documents("reference.md", **over)
        assert "functions deployed to the development environment, with real triggers" in text
        assert "a stage deployed for the branch" not in text
