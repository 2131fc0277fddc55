"""Round 6: contradictions the fifth blind review found inside one system, fixed as one
model fact read by every document (design, reference, decision records, checklist).

Each case is a combination of answers, a statement that must appear in the rendered documents
and one that must not, with the vendor page that decides it. The expectations are literal.
"""

from __future__ import annotations

from typing import Any

import pytest
from systems import EVENTS
from test_combinations import documents

# How a consumer recognises a redelivery, one fact per store's transaction scope
# (extensions/traits.py DEDUPE). Where one transaction covers a processed-event row and the
# state change, the ID is recorded in it; where none does (Cassandra: lightweight transactions
# act on one partition, https://docs.datastax.com/en/dse/6.7/cql/cql/cql_using/useInsertLWT.html),
# the change is conditional on the version stored in the entity's row.
IN_TX = "by its event ID, recorded in the same transaction as"
DEDUPE_BY: list[tuple[dict[str, Any], str]] = [
    # https://www.postgresql.org/docs/current/tutorial-transactions.html
    ({"datastore": "postgresql"}, IN_TX),
    # https://learn.microsoft.com/en-us/sql/t-sql/language-elements/transactions-transact-sql
    (
        {"datastore": "sqlserver", "cloud": "azure"},
        "by its event ID, recorded in the same transaction as",
    ),
    # https://dev.mysql.com/doc/refman/8.0/en/commit.html
    ({"datastore": "mysql"}, IN_TX),
    # https://www.mongodb.com/docs/manual/core/transactions/
    ({"datastore": "mongodb"}, IN_TX),
    # https://learn.microsoft.com/en-us/azure/cosmos-db/nosql/transactional-batch
    (
        {"datastore": "cosmosdb", "cloud": "azure", "broker": "azure_service_bus"},
        "by its event ID, recorded in the same transactional batch as",
    ),
    # https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
    (
        {"datastore": "dynamodb", "cloud": "aws", "broker": "sqs_sns", "idp": "cognito"},
        "by its event ID, recorded in the same TransactWriteItems call as",
    ),
    ({}, "by the change version it carries, which a conditional update"),
]
HEDGES = (
    "processed message IDs or conditional writes",
    "records processed event IDs or makes its writes conditional",
    "consumers deduplicate by event ID",
    "so consumers can deduplicate,",
    "deduplicates by event or request ID before any side effect",
)


@pytest.mark.parametrize(("over", "by"), DEDUPE_BY)
def test_one_deduplication_rule_in_design_record_and_checklist(
    over: dict[str, Any], by: str
) -> None:
    answers = {**EVENTS, **over}
    for name in ("design.md", "0011-api-styles.md", "review-checklist.md"):
        text = documents(name, **answers)
        assert by in text, (name, over)
        for hedge in HEDGES:
            assert hedge not in text, (name, hedge)
    others = {b for _, b in DEDUPE_BY if b != by}
    whole = documents(**answers)
    for other in others:
        assert other not in whole, (over, other)


def test_serverless_handlers_state_the_same_rule() -> None:
    # A serverless system: the handler pattern and REL-23 say the store's one rule.
    # https://learn.microsoft.com/en-us/azure/azure-functions/functions-idempotent
    answers = {
        **EVENTS,
        "style": "serverless",
        "deployment": "serverless",
        "cloud": "azure",
        "datastore": "cosmosdb",
        "broker": "azure_service_bus",
        "idp": "entra_id",
    }
    text = documents("design.md", "review-checklist.md", **answers)
    assert "so each handler records the ID of each processed event in the same" in text
    assert "recognises a redelivered event by its event ID, recorded in the same" in text
    for hedge in HEDGES:
        assert hedge not in text
