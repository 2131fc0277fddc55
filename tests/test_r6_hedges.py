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
from test_r4_hedges import SYSTEMS

# (system, document names, must appear, must not appear); both checked in the same documents.
CASES: list[tuple[str, tuple[str, ...], str, str]] = [
    # No regime in the catalog requires an HSM (PCI DSS, HIPAA and GDPR ask for encryption
    # and key management, not a hardware module), so no cloud names one:
    # https://cloud.google.com/kms/docs/hsm ; https://docs.aws.amazon.com/cloudhsm/latest/userguide/introduction.html
    ("events", ("design.md",), "customer-managed encryption keys (CMEK) and automatic rotation.", "External Key Manager"),
    ("tickets", ("design.md",), "customer-managed encryption keys (CMEK) and automatic rotation.", "Cloud HSM"),
    ("fleet", ("design.md",), "automatic key rotation and envelope encryption.", "CloudHSM"),
    ("iot", ("design.md",), "with key rotation policies.", "Managed HSM"),
    ("rust", ("design.md",), "for encryption as a service and envelope encryption.", "HSM"),
    # One IaC tool per cloud (Terraform on Google Cloud, the AWS CDK on AWS):
    # https://developer.hashicorp.com/terraform/language/backend/gcs
    ("events", ("design.md",), "state in a versioned Cloud Storage bucket.", "Infrastructure Manager"),
    ("fleet", ("design.md",), "The AWS CDK, synthesised to AWS CloudFormation stacks", "Terraform with"),
    # The web assets are public, so no signed URLs: https://cloud.google.com/cdn/docs/caching#cache-modes
    ("events", ("design.md",), "with a cache mode and TTL per backend in front of the React assets", "signed cookies"),
    ("tickets", ("design.md",), "with a cache mode and TTL per backend in front of the Vue assets", "signed URLs"),
    # The pipeline applies a Helm chart, so Helm rolls back: https://helm.sh/docs/helm/helm_rollback/
    ("events", ("design.md",), "helm rollback to the previous revision only in an emergency", "rollout undo"),
    ("fleet", ("design.md",), "helm rollback to the previous revision only in an emergency", "rollout undo"),
]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(("system", "names", "must", "must_not"), CASES)
def test_decided_not_hedged(system: str, names: tuple[str, ...], must: str, must_not: str) -> None:
    text = _flat(documents(*names, **SYSTEMS[system]))
    assert _flat(must) in text, f"{system}: {must!r} missing"
    assert must_not not in text, f"{system}: {must_not!r} still written"
