"""Round 6 hedges: text the fifth blind review still found that no answer decides (an HSM
with no regime that needs one, an optional IaC runner, private-content signing for public
assets, a rollback command of a tool the release does not use, advice beside a decided
pattern, not-applicable PCI, queue and gateway clauses, and a shop's examples in other
systems). Each case: what the documents of a combination must say and must not say.
"""

from __future__ import annotations

import re

import pytest
from test_combinations import documents
from test_r4_hedges import SYSTEMS as R4

# Tickets with events among its API styles, so REL-32 applies to Pub/Sub.
SYSTEMS = {**R4, "tickets_events": {**R4["tickets"], "api_styles": ["rest", "events"]}}

D = ("design.md",)
CL = ("review-checklist.md",)

# (system, document names, must appear, must not appear); both checked in the same documents.
CASES: list[tuple[str, tuple[str, ...], str, str]] = [
    # No regime in the catalog requires an HSM (PCI DSS, HIPAA and GDPR ask for encryption
    # and key management, not a hardware module), so no cloud names one:
    # https://cloud.google.com/kms/docs/hsm ;
    # https://docs.aws.amazon.com/cloudhsm/latest/userguide/introduction.html
    (
        "events",
        D,
        "customer-managed encryption keys (CMEK) and automatic rotation.",
        "External Key Manager",
    ),
    ("tickets", D, "customer-managed encryption keys (CMEK) and automatic rotation.", "Cloud HSM"),
    ("fleet", D, "automatic key rotation and envelope encryption.", "CloudHSM"),
    ("iot", D, "with key rotation policies.", "Managed HSM"),
    ("rust", D, "for encryption as a service and envelope encryption.", "HSM"),
    # One IaC tool per cloud (Terraform on Google Cloud, the AWS CDK on AWS):
    # https://developer.hashicorp.com/terraform/language/backend/gcs
    ("events", D, "state in a versioned Cloud Storage bucket.", "Infrastructure Manager"),
    ("fleet", D, "The AWS CDK, synthesised to AWS CloudFormation stacks", "Terraform with"),
    # The web assets are public, so no signed URLs:
    # https://cloud.google.com/cdn/docs/caching#cache-modes
    (
        "events",
        D,
        "with a cache mode and TTL per backend in front of the React assets",
        "signed cookies",
    ),
    (
        "tickets",
        D,
        "with a cache mode and TTL per backend in front of the Vue assets",
        "signed URLs",
    ),
    # The pipeline applies a Helm chart, so Helm rolls back: https://helm.sh/docs/helm/helm_rollback/
    ("events", D, "helm rollback to the previous revision only in an emergency", "rollout undo"),
    ("fleet", D, "helm rollback to the previous revision only in an emergency", "rollout undo"),
    # The decided browser pattern, not advice for another one.
    (
        "events",
        ("0012-authentication.md",),
        "keeps them in memory only, never in localStorage",
        "the safer backend-for-frontend",
    ),
    (
        "tickets",
        ("0012-authentication.md",),
        "keeps them in memory only, never in localStorage",
        "the safer backend-for-frontend",
    ),
    # Ordering per broker (broker.yaml `ordering`); Admin SDK languages:
    # https://firebase.google.com/docs/auth/admin/verify-id-tokens
    (
        "events",
        CL,
        "carry its ID as the record key, so they stay in order within one partition",
        "where Apache Kafka supports one",
    ),
    (
        "tickets_events",
        CL,
        "subscriptions deliver unordered unless message ordering is enabled",
        "supports one",
    ),
    (
        "events",
        CL,
        "verified with the Firebase Admin SDK, and sensitive",
        "(or against the published keys",
    ),
    # PCI DSS 6.4.3 (payment page scripts) only with a web page: https://www.pcisecuritystandards.org/
    (
        "fleet",
        ("0016-compliance-regimes.md",),
        "include authenticated internal scans and multi-factor authentication",
        "payment page scripts",
    ),
    (
        "events",
        ("0016-compliance-regimes.md",),
        "authenticated internal scans, integrity monitoring of payment page scripts and",
        "Requirements that became mandatory on 31 March 2025 include multi-factor",
    ),
    # No Lambda, no gateway: https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
    (
        "fleet",
        ("0010-message-broker.md",),
        "beyond the workload's IAM role",
        "event source mappings",
    ),
    (
        "fleet",
        ("0013-identity-provider.md", "reference.md"),
        "whose signed tokens are verified against the pool's published keys",
        "accepted directly by our gateway",
    ),
    # https://vee-validate.logaretm.com/v4/integrations/zod-schema-validation/
    (
        "tickets",
        D,
        "VeeValidate with Zod schemas (@vee-validate/zod) for forms",
        "a schema library",
    ),
    ("events", ("reference.md",), "Versioned key names (entity:v3:id", "product:v3"),
    ("ledger", ("README.md",), 'feature_name="Notification settings"', "Checkout v2"),
]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(("system", "names", "must", "must_not"), CASES)
def test_decided_not_hedged(system: str, names: tuple[str, ...], must: str, must_not: str) -> None:
    text = _flat(documents(*names, **SYSTEMS[system]))
    assert _flat(must) in text, f"{system}: {must!r} missing"
    assert must_not not in text, f"{system}: {must_not!r} still written"
