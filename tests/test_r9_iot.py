"""Round 9 (iot): what a change feed carries, per store; the second region's entry and device
hub in region loss; settings only for components that use them; one backup verdict. Literal
must/must-not cases per combination."""

from __future__ import annotations

from typing import Any

from test_combinations import documents

# Serverless on Azure: Functions, Cosmos DB, Service Bus, devices and internal callers.
IOT: dict[str, Any] = {
    "style": "serverless",
    "cloud": "azure",
    "deployment": "serverless",
    "datastore": "cosmosdb",
    "broker": "azure_service_bus",
    "backend_language": "typescript",
    "backend_framework": "none",
    "auth": "oidc",
    "idp": "entra_id",
    "actors": ["devices", "internal_systems"],
    "frontend": "none",
    "mobile_app": "none",
    "rto_minutes": 60,
    "rpo_minutes": 5,
}

# Serverless on AWS: Lambda, DynamoDB (Streams carry inserts, modifies and removes).
LAMBDA: dict[str, Any] = {
    "style": "serverless",
    "cloud": "aws",
    "deployment": "serverless",
    "datastore": "dynamodb",
    "broker": "sqs_sns",
    "backend_language": "python",
    "backend_framework": "none",
    "auth": "oidc",
    "idp": "cognito",
    "actors": ["devices", "internal_systems"],
    "frontend": "none",
    "mobile_app": "none",
    "rto_minutes": 60,
    "rpo_minutes": 5,
}


def test_change_feed_says_what_it_carries_per_store() -> None:
    # Latest version mode (the Functions trigger's mode) has creates and updates, no deletes:
    # https://learn.microsoft.com/azure/cosmos-db/nosql/change-feed-modes
    text = documents("design.md", "overview.md", "reference.md", **IOT)
    assert "carries the latest version of each created or updated item and no deletes" in text
    assert "a delete is a soft delete: a deleted flag the feed carries, then a TTL" in text
    assert "publishes the latest version of each created or updated item to" in text
    assert "every committed change" not in text
    assert "each change committed to Azure Cosmos DB" not in text
    # DynamoDB Streams carry every item-level change, deletes included:
    # https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html
    other = documents("design.md", **LAMBDA)
    assert "carries each committed change" in other
    assert "soft delete" not in other


def test_backup_line_gives_the_one_verdict_on_point_in_time_restore() -> None:
    # Cosmos DB continuous backup: the latest restorable point usually trails now by a few
    # hundred seconds (https://learn.microsoft.com/azure/cosmos-db/continuous-backup-restore-introduction),
    # so a 5-minute RPO is met only with no margin, in the backup line as in the design.
    text = documents("reference.md", **IOT)
    assert "meeting the 5-minute RPO only with no margin until the region is lost" in text
    assert "meeting the 5-minute RPO until the region is lost" not in text
    # An RPO of an hour leaves a margin: no such words.
    other = documents("reference.md", **{**IOT, "rpo_minutes": 60})
    assert "meeting the 60-minute RPO" in other
    assert "only with no margin" not in other


def _config(text: str, component: str) -> str:
    """The YAML configuration block of one component in the reference."""
    block = text.split(f"\n{component}:\n", 1)[1]
    return block.split("```", 1)[0]


def test_broker_settings_only_for_components_that_publish_or_read() -> None:
    # The relay publishes from the change feed; readings is read by meters and alerts.
    text = documents("reference.md", **IOT, capabilities="readings, meters, alerts")
    assert "broker_url" not in _config(text, "readings")
    assert "broker_url: ${BROKER_URL}" in _config(text, "relay")
    assert "broker_url: ${BROKER_URL}" in _config(text, "meters")
    # Without a change feed each service publishes its own events, so each keeps the URL.
    other = documents(
        "reference.md",
        **{**IOT, "datastore": "postgresql"},
        capabilities="readings, meters, alerts",
    )
    assert "broker_url: ${BROKER_URL}" in _config(other, "readings")


def test_region_loss_names_the_entry_and_the_device_hub_in_the_second_region() -> None:
    # API Management Premium keeps a gateway per added region:
    # https://learn.microsoft.com/azure/api-management/api-management-howto-deploy-multi-region
    # IoT Hub fails over by hand to its paired region:
    # https://learn.microsoft.com/azure/iot-hub/iot-hub-ha-dr
    text = documents("design.md", "reference.md", **IOT)
    assert "Azure API Management's gateway in the second region (Premium multi-region" in text
    assert "Azure IoT Hub is failed over by hand to its paired region" in text
    assert "API Management regional gateway" in text  # the deployment view's second region
    assert "IoT Hub after manual failover" in text
    # AWS IoT Core is per Region: certificates registered in the second Region too.
    other = documents("design.md", "reference.md", **LAMBDA)
    assert "AWS IoT Core in the second Region, with the device certificates registered" in other
    assert "IoT Hub" not in other
    # Without devices there is no hub to name.
    people = documents("design.md", **{**IOT, "actors": ["users"]})
    assert "IoT Hub is failed over" not in people


def test_a_regional_entry_goes_with_the_compute_to_the_second_region() -> None:
    # Amazon API Gateway and Application Load Balancer are per Region:
    # https://docs.aws.amazon.com/apigateway/latest/developerguide/welcome.html
    # https://docs.aws.amazon.com/elasticloadbalancing/latest/application/introduction.html
    text = documents("design.md", **LAMBDA)
    assert "AWS Lambda and Amazon API Gateway are created in the second region" in text
    eks = documents("design.md", **{**LAMBDA, "deployment": "kubernetes", "style": "microservices"})
    assert "Amazon EKS and Application Load Balancer already run in the second region" in eks
    # Azure Container Apps' ingress is part of the environment: no product of its own to name.
    aca = documents("design.md", **{**IOT, "deployment": "paas", "style": "microservices"})
    assert "Azure Container Apps is created in the second region" in aca
    assert "API Management's gateway in the second region" not in aca
