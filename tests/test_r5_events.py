"""Round 5: the fourth blind review of the event-driven system (GKE, Astra DB, Kafka,
Memorystore for Redis, Identity Platform), fixed as data for every system of the class.

Each case is a combination of answers, a statement that must appear in the rendered documents
and one that must not, with the vendor page that decides it. The expectations are literal.
"""

from __future__ import annotations

from systems import EVENTS
from test_combinations import documents, model


def test_idempotent_consumer_without_transactions_makes_the_change_conditional() -> None:
    # No transaction covers a processed-ID row and the state change in Cassandra, so the
    # change itself is a compare-and-set on the entity's row:
    # https://docs.datastax.com/en/dse/6.7/cql/cql/cql_using/useInsertLWT.html
    text = documents("design.md", **EVENTS)
    assert "applies its state change as a conditional update (a lightweight transaction)" in text
    assert "before its state change" not in text
    assert "or upserts keyed by them" not in text
    # Where one transaction covers both, the ID is recorded with the change.
    # https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
    aws = {**EVENTS, "cloud": "aws", "datastore": "dynamodb", "broker": "sqs_sns", "idp": "cognito"}
    other = documents("design.md", **aws)
    assert "in the same TransactWriteItems call as its state change" in other
    assert "conditional update (a lightweight transaction)" not in other


def test_memorystore_for_redis_has_no_cluster_mode() -> None:
    # Basic and Standard tiers: one primary; hash slots are Memorystore for Redis Cluster:
    # https://cloud.google.com/memorystore/docs/redis/redis-tiers
    text = documents("0009-cache.md", **EVENTS)
    assert "Memorystore for Redis has no cluster mode: one primary holds every key" in text
    assert "cluster mode shards keys over 16,384 hash slots" not in text
    assert "{cache_sharding}" not in documents(**EVENTS)
    # ElastiCache for Redis OSS has a cluster mode:
    # https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Replication.Redis-RedisCluster.html
    aws = {**EVENTS, "cloud": "aws", "datastore": "dynamodb", "broker": "sqs_sns", "idp": "cognito"}
    other = documents("0009-cache.md", **aws)
    assert "ElastiCache shards keys over 16,384 hash slots" in other
    assert "has no cluster mode" not in other
    # An alternative Redis states no sharding of a service it does not run on.
    assert "{cache_sharding}" not in documents(**{**EVENTS, "cache": "none"})


def test_memorystore_for_redis_is_reached_through_private_services_access() -> None:
    # https://cloud.google.com/memorystore/docs/redis/networking
    text = documents("design.md", **EVENTS)
    assert (
        "Private Service Connect for managed services, except Memorystore for Redis, which "
        "peers with the VPC through private services access." in text
    )
    # Without the cache, nothing is excepted.
    other = documents("design.md", **{**EVENTS, "cache": "none"})
    assert "Private Service Connect for managed services." in other
    assert "private services access" not in other


def test_stampede_lock_holders_wait_as_the_key_is_deleted_on_write() -> None:
    # Cache-aside deletes the key on write, so no old value is left to serve:
    # https://redis.io/docs/latest/commands/set/ (NX and EX for a short lock)
    for over in ({}, {"cloud": "azure", "datastore": "postgresql", "idp": "entra_id"}):
        text = documents("reference.md", **{**EVENTS, **over})
        assert "one caller reloads a missing key while the others wait for it" in text
        assert "serve the old value" not in text


def test_identity_platform_sign_in_is_its_sdk_not_openid_connect() -> None:
    # Identity Platform signs in through its client SDKs and issues ID tokens:
    # https://cloud.google.com/identity-platform/docs/sign-in-user-email
    # The cloud's own provider is not a third party, so the protocol is the model's fact
    # (written where the provider is listed as an external service).
    protocol = model(**EVENTS)["facts"]["idp_protocol"]
    assert (
        protocol
        == "Google Cloud Identity Platform's SDK sign-in over HTTPS, which issues ID tokens"
    )
    # An OpenID Connect provider run as SaaS keeps the protocol's name, in the reference:
    # https://openid.net/specs/openid-connect-core-1_0.html
    other = documents("reference.md", **{**EVENTS, "idp": "okta"})
    assert "- **Protocol**: OpenID Connect over HTTPS;" in other
    assert "SDK sign-in over HTTPS" not in other


def test_the_consumer_dead_letters_where_the_broker_has_no_native_dead_letter_queue() -> None:
    # Kafka has no dead-letter queue; the consumer publishes the record:
    # https://docs.spring.io/spring-kafka/reference/kafka/annotation-error-handling.html
    text = documents("design.md", **EVENTS)
    assert "-)n_broker: publish to its dead-letter topic, alert raised" in text
    assert "Note over n_broker: moved to the dead-letter destination" not in text
    # Pub/Sub moves it to the subscription's dead-letter topic itself:
    # https://cloud.google.com/pubsub/docs/handling-failures
    other = documents("design.md", **{**EVENTS, "broker": "google_pubsub"})
    assert "Note over n_broker: moved to the dead-letter destination, alert raised" in other
    assert "publish to its dead-letter topic" not in other


def test_a_telemetry_collector_is_drawn_only_where_the_choice_runs_one() -> None:
    # Cloud Trace takes OTLP from the SDKs through the Telemetry API, and GKE runs its own
    # logging and monitoring agents:
    # https://cloud.google.com/stackdriver/docs/reference/telemetry/overview
    text = documents("reference.md", **EVENTS)
    assert "through the Telemetry API (telemetry.googleapis.com)" in documents(
        "design.md", **EVENTS
    )
    assert "namespace observability" not in text
    assert "Telemetry agent" not in text
    # The OpenTelemetry Collector is a workload the team runs:
    # https://opentelemetry.io/docs/collector/deployment/agent/
    other = documents("reference.md", **{**EVENTS, "observability": "otel_prometheus_grafana"})
    assert 'n_w_agent["OpenTelemetry Collector"]' in other
    assert "namespace observability" in other
