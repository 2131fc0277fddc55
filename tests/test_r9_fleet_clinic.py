"""Round 9: fleet and clinic findings of the sixth blind review. Literal must/must-not cases
per combination and one other combination of the same class."""

from __future__ import annotations

from systems import CLINIC, FLEET
from test_combinations import documents


def test_flutter_replaces_native_widgets_not_platform_views() -> None:
    # Flutter embeds platform views where needed:
    # https://docs.flutter.dev/platform-integration/android/platform-views
    gcp = {**FLEET, "cloud": "gcp", "datastore": "firestore", "idp": "google_identity_platform"}
    for combo in (FLEET, gcp):
        text = documents("overview.md", **combo)
        assert "instead of the platform's native widgets" in text
        assert "instead of using platform views" not in text


def test_sqs_backlog_is_not_a_scaling_trigger_on_kubernetes() -> None:
    text = documents("reference.md", "design.md", **FLEET)
    assert "a consumer's backlog raises an alert rather than scaling pods" in text
    assert "consumers scale on queue depth" not in text
    assert "queue depth and the oldest message's age show a consumer's backlog" in text
    other = documents("reference.md", **{**FLEET, "deployment": "serverless"})
    assert "consumers scale on queue depth" not in other


def test_redis_single_thread_is_per_shard() -> None:
    # Azure Managed Redis runs several shards per node: https://learn.microsoft.com/azure/redis/architecture
    for combo in (CLINIC, FLEET):
        text = documents(**combo)
        assert "one thread per node" not in text
        assert "blocks that shard's other clients" in text


def test_cognito_replica_is_drawn_in_the_second_region() -> None:
    # https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-multi-region.html
    text = documents("reference.md", "design.md", **FLEET)
    assert '[["Cognito user pool replica"]]' in text or "Cognito user pool replica" in text
    assert "whose tokens carry the same multi-Region issuer" in text
    # One Region only: no replica drawn.
    single = documents("reference.md", **{**FLEET, "rpo_minutes": 1440, "rto_minutes": 1440})
    assert "Cognito user pool replica" not in single


def test_shared_keycloak_database_is_replicated_to_the_second_region() -> None:
    text = documents("reference.md", **CLINIC)
    assert "n_idp_db -.-> n_replica_dr" in text
    # Its own PostgreSQL server (the store cannot hold it): not drawn into the store's replica.
    own = documents("reference.md", **{**CLINIC, "datastore": "cosmosdb"})
    assert "n_idp_db -.-> n_replica_dr" not in own
