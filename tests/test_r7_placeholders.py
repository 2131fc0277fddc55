"""No catalog placeholder or segment marker reaches a document (round-6 review: a record's
alternatives showed `{third_party_metrics}`, `{client}` and `{aws}...{/}` unfilled)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from systems import CLINIC, EVENTS, FLEET, IOT, LEDGER, TICKETS
from test_combinations import documents

# A placeholder ({client}) or a segment marker ({aws}, {/}) outside code.
LEFT = re.compile(r"\{(?:[a-z][a-z_]*|/)\}")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
INLINE = re.compile(r"`[^`\n]*`")

SYSTEMS: dict[str, dict[str, Any]] = {
    "events": EVENTS,
    "iot": IOT,
    "ledger": LEDGER,
    "fleet": FLEET,
    "tickets": TICKETS,
    "clinic": CLINIC,
    "clinic-aws": {**CLINIC, "cloud": "aws"},
    "clinic-gcp": {**CLINIC, "cloud": "gcp"},
    "ledger-oidc": {**LEDGER, "auth": "oidc", "idp": "keycloak"},
}


@pytest.mark.parametrize("name", SYSTEMS)
def test_no_placeholder_or_marker_is_left(name: str) -> None:
    text = INLINE.sub("", FENCE.sub("", documents(**SYSTEMS[name])))
    assert not LEFT.findall(text), sorted(set(LEFT.findall(text)))


def test_an_alternative_speaks_of_its_cloud_only() -> None:
    # The observability record weighs the cloud's own suite as an alternative: its retention
    # default is the chosen cloud's (https://learn.microsoft.com/azure/azure-monitor/logs/data-retention-configure).
    record = documents("0015-observability-stack.md", **CLINIC)
    assert "a Log Analytics workspace keeps logs 30 days by default" in record
    assert "CloudWatch Logs keeps a log group's events forever" not in record
