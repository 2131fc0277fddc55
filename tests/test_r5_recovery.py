"""Recovery decided by the model (fourth blind reviews, round 5).

Each case renders a combination in-process and reads its Markdown documents: a statement that
must appear and one that must not, written from the vendor page cited above the case.
"""

from __future__ import annotations

from typing import Any

import pytest
from systems import CLINIC, FLEET, LEDGER
from test_combinations import documents

CASES: list[tuple[str, dict[str, Any], str, str]] = [
    # One verdict on backups alone, read from the model in the reference as in the design:
    # flexible server's latest restorable point trails by minutes
    # (https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-backup-restore).
    (
        "clinic backup line",
        CLINIC,
        "with point-in-time restore over 7 to 35 days, alone missing the 5-minute RPO.",
        "against an RPO of 5 minutes.",
    ),
    # DynamoDB PITR meets 5 minutes within the Region, its restorable point typically 5 minutes
    # old, so with no margin; the lost Region needs the global table
    # (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html).
    (
        "fleet backup line",
        FLEET,
        "meeting the 5-minute RPO only with no margin until the region is lost.",
        "against an RPO of 5 minutes.",
    ),
]


@pytest.mark.parametrize(("case", "over", "present", "absent"), CASES, ids=[c[0] for c in CASES])
def test_recovery_is_decided(case: str, over: dict[str, Any], present: str, absent: str) -> None:
    text = documents(**over)
    assert present in text, f"{case}: missing {present!r}"
    assert absent not in text, f"{case}: still says {absent!r}"


HIPAA_BAA = (
    "Sign a business associate agreement with every vendor and service provider that touches PHI"
)
# HIPAA: a business associate agreement with every party that creates, receives, maintains or
# transmits PHI (https://www.hhs.gov/hipaa/for-professionals/privacy/guidance/business-associates/index.html):
# the cloud, a third party hosting the broker, a SaaS identity provider, a telemetry vendor.
BAA_CASES: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "clinic: CloudAMQP and Azure named",
        CLINIC,
        f"{HIPAA_BAA} (here Microsoft Azure, CloudAMQP), and use",
        f"{HIPAA_BAA}, and use",
    ),
    (
        "aws: Amazon MQ is AWS's own, Auth0 and Datadog are not",
        {
            **FLEET,
            "compliance": ["hipaa"],
            "broker": "rabbitmq",
            "idp": "auth0",
            "observability": "datadog",
        },
        "(here Amazon Web Services, Auth0, Datadog), and use",
        "CloudAMQP",
    ),
]


@pytest.mark.parametrize(
    ("case", "over", "present", "absent"), BAA_CASES, ids=[c[0] for c in BAA_CASES]
)
def test_hipaa_names_the_chosen_third_parties(
    case: str, over: dict[str, Any], present: str, absent: str
) -> None:
    text = documents(**over)
    assert present in text, f"{case}: missing {present!r}"
    assert absent not in text, f"{case}: still says {absent!r}"


# A lost region takes the identity provider and the broker with it: the steps name each one's
# own cross-region mechanism. Cognito multi-Region replication signs users in, no sign-up
# (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-multi-region.html);
# Service Bus geo-replication promotes a secondary region
# (https://learn.microsoft.com/azure/service-bus-messaging/service-bus-geo-replication);
# Keycloak multi-site (https://www.keycloak.org/high-availability/multi-cluster/introduction);
# RabbitMQ across regions by exchange federation (https://www.rabbitmq.com/docs/federated-exchanges).
REGION_CASES: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "fleet: the Cognito user pool",
        FLEET,
        "the user pool's replica in the second Region (multi-Region replication, whose tokens "
        "carry the same multi-Region issuer) signs users in",
        "(every replica of a global table takes writes); after a bad write",
    ),
    (
        "clinic: Keycloak and RabbitMQ",
        CLINIC,
        "Keycloak uses the promoted replica; "
        "a second cluster in the second region holds a copy of each published message "
        "by exchange federation",
        "and point the services at it; after a bad write",
    ),
    (
        "azure serverless: Service Bus geo-replication",
        {
            "style": "serverless",
            "cloud": "azure",
            "deployment": "serverless",
            "datastore": "cosmosdb",
            "broker": "azure_service_bus",
            "idp": "entra_id",
            "rpo_minutes": 5,
            "rto_minutes": 60,
        },
        "the namespace's geo-replica in the second region is promoted (geo-replication",
        "Keycloak uses",
    ),
    (
        "one region: no cross-region step",
        {**FLEET, "rpo_minutes": 1440, "rto_minutes": 1440},
        "**Steps**: after a lost primary or a bad write",
        "multi-Region replication",
    ),
]


@pytest.mark.parametrize(
    ("case", "over", "present", "absent"), REGION_CASES, ids=[c[0] for c in REGION_CASES]
)
def test_a_lost_region_names_the_other_regional_services(
    case: str, over: dict[str, Any], present: str, absent: str
) -> None:
    text = documents("design.md", **over)
    assert present in text, f"{case}: missing {present!r}"
    assert absent not in text, f"{case}: still says {absent!r}"


# PCI DSS scope is one statement: where no part is set apart for card data, all of the system
# is in scope (PCI DSS v4.0.1 scoping, https://www.pcisecuritystandards.org/document_library/),
# and SEC-60 no longer claims to keep it small.
SCOPE_CASES: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "ledger: hosted fields, the pages and all its servers in scope, never small",
        LEDGER,
        "hosted fields are in PCI DSS scope (requirements 6.4.3 and 11.6.1), and with them",
        "keeping it small in PCI DSS scope",
    ),
    (
        "microservices: the unit set apart, never small either",
        {**CLINIC, "compliance": ["pci_dss"]},
        "card numbers never reach this system's own code: ",
        "keeping it small in PCI DSS scope",
    ),
]


@pytest.mark.parametrize(
    ("case", "over", "present", "absent"), SCOPE_CASES, ids=[c[0] for c in SCOPE_CASES]
)
def test_pci_scope_is_one_statement(
    case: str, over: dict[str, Any], present: str, absent: str
) -> None:
    text = documents(**over)
    assert present in text, f"{case}: missing {present!r}"
    assert absent not in text, f"{case}: still says {absent!r}"
