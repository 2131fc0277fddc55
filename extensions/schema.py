"""The schema of the knowledge catalog (`extensions/catalog/*.yaml`), as pydantic models.

This module is the catalog's documentation: each model says what a file or an entry holds,
each field's description what it means, and its type what it accepts. The loaders check every
file against it (`catalog.load_catalog`, `checklist.load_checklist`, `features.strategies`)
and keep the plain parsed data; `python -m extensions.catalog` checks the whole catalog.

One YAML file per question of `copier.yml` (file name = question): every fact about a
technology choice lives there once, and the documents, decision records, diagrams and checklist
read it through the model that `extensions/context.py` builds. Writing rules for the text:

1. Text about an option never names another option of the same file, except through
   `alternatives`, and never names a specific cloud's product outside a cloud map
   (`python -m extensions.catalog` and the tests check the first part).
2. Plain sentences: no Markdown, no `|`, no Jinja. Product names as their vendors spell them.
3. Specific and correct: what an engineer who runs it in production would sign ("Kafka keeps
   order per partition only", not "scalable and reliable").

A problem is reported as `extensions/catalog/<file>.yaml: <where>: <what is wrong>`, one line
each, e.g. `extensions/catalog/datastore.yaml: entries.postgresql.strengths: List should have
at least 3 items after validation, not 2`.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, TypeVar, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic import Strict as StrictMode
from pydantic_core import PydanticCustomError

from .catalog import CLOUDS, QUESTIONS

# ------------------------------------------------------------------------------ closed sets

# The questions in the order Copier asks them (catalog.QUESTIONS): `requires` may only name
# an earlier one.
Question = Literal[QUESTIONS]  # type: ignore[valid-type]
Cloud = Literal[CLOUDS]  # type: ignore[valid-type]
Target = Literal["domains", "description", "availability", "latency", "recovery"]
Pillar = Literal[
    "operational_excellence",
    "security",
    "reliability",
    "performance_efficiency",
    "cost_optimization",
    "sustainability",
]
Severity = Literal["critical", "high", "medium", "low"]
SchemaStyle = Literal["sql", "document", "keyvalue", "widecolumn", "none"]

# ------------------------------------------------------------------------------ value types


def _plain(text: str) -> str:
    if re.search(r"[|`]|\{\{|\{%", text):
        raise PydanticCustomError("plain_text", "plain text only: no Markdown, no '|', no Jinja")
    return text


def _rationale(text: str) -> str:
    if not text[:1].islower() or text.rstrip().endswith("."):
        raise PydanticCustomError(
            "rationale",
            "completes 'We chose X because it ...': starts lower-case, no final full stop",
        )
    return text


Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Label = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(_plain)]
Text = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_plain)]
# A category field the `none` entry leaves empty (every other entry fills it).
Blank = Annotated[str, Field(max_length=500), AfterValidator(_plain)]
Term = Annotated[str, Field(min_length=1, max_length=60)]
# A config file or command, shown in a code block: may hold any characters.
Snippet = Annotated[str, Field(min_length=1, max_length=2000)]

T = TypeVar("T")


def _per_cloud_tag(value: Any) -> str:
    return "~per-cloud" if isinstance(value, dict) else "~same"


# A fact per cloud: only clouds where it exists. The model resolves it to the chosen cloud's.
CloudMap = Annotated[dict[Cloud, T], Field(min_length=1)]
# The same on every cloud, or a cloud map.
PerCloud = Annotated[
    Union[  # noqa: UP007 (a union of Annotated members is spelt with Union)
        Annotated[T, Tag("~same")],
        Annotated[dict[Cloud, T], Field(min_length=1), Tag("~per-cloud")],
    ],
    Discriminator(_per_cloud_tag),
]
Items = Annotated[list[Text], Field(min_length=3, max_length=5)]


class Strict(BaseModel):
    """Every model: unknown fields are refused, the data is never changed."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


# ------------------------------------------------------------------------------ entries


class Option(Strict):
    """What every entry of a question file has (for a `none` entry too: its summary says what
    "none" means, strengths what the system gains without one, trade-offs what it gives up)."""

    label: Label = Field(description="the name shown to users (PostgreSQL, Amazon Web Services)")
    summary: Text = Field(description="one or two sentences: what it is, present tense")
    strengths: Items = Field(description="each specific to this option, not true of every option")
    tradeoffs: Items = Field(description="costs, limits, operational burden, failure modes")
    alternatives: list[Key] = Field(
        min_length=1,
        max_length=4,
        description="keys of other entries of the same file that a team would really weigh",
    )
    rationale: Annotated[Text, AfterValidator(_rationale)] = Field(
        description="completes 'We chose X because it ...' (lower-case, no final full stop)"
    )
    confirmation: Text = Field(
        description="how the team verifies the decision holds (a test, a metric, a review)"
    )
    terms: list[Term] = Field(
        max_length=10,
        description="words that prove a document talks about this option (whole-word, "
        "case-sensitive; [] for none), used by the contradiction checks",
    )
    requires: dict[Question, Annotated[list[Key], Field(min_length=1)]] = Field(
        default_factory=dict,
        description="the option is valid only when each named earlier question's answer is "
        "in the list ({cloud: [aws]}); the questionnaire refuses it otherwise",
    )
    requires_why: Text | None = Field(
        default=None,
        description="why `requires` holds (the product is missing or retired elsewhere), "
        "said where the option is refused or ruled out",
    )
    services: dict[Cloud, Text] = Field(
        default_factory=dict,
        description="the concrete product on each cloud where it exists (onprem: what a team "
        "runs itself)",
    )


class NamedUsage(Strict):
    name: Label
    usage: Text


class StyleScaling(Strict):
    horizontal: Text
    vertical: Text
    bottlenecks: Annotated[list[Text], Field(min_length=1, max_length=6)]


class StyleEntry(Option):
    """An architectural style."""

    needs_broker: bool = Field(description="the style needs a message broker")
    unit: Label = Field(description="what one deployable piece is called (module, service)")
    units: Label = Field(description="its plural")
    deployables: Text = Field(description="how the code is split and shipped")
    patterns: Annotated[list[NamedUsage], Field(max_length=6)] = Field(
        description="architectural patterns this style relies on, with why"
    )
    code_patterns: Annotated[list[NamedUsage], Field(max_length=6)] = Field(
        description="code-level patterns this style relies on, with why"
    )
    worker: bool = Field(
        default=False,
        description="its deployable also runs as a background worker taking jobs (one "
        "scheduler instance among them): the pattern text and the component view say so",
    )
    scaling: StyleScaling
    data_ownership: Text
    testing: Text
    fault_tolerance: Text
    extensibility: Text
    limitations: Annotated[list[Text], Field(min_length=1, max_length=6)]
    main_flow: Annotated[list[Text], Field(min_length=2, max_length=10)] = Field(
        description="steps of the main request; {client} {entry} {backend} {datastore} "
        "{cache} {broker} are filled with the chosen components"
    )


class CloudDefaults(Strict):
    broker: Key = Field(description="the broker to propose on this cloud (a broker.yaml key)")
    idp: Key = Field(description="the identity provider to propose (an idp.yaml key)")


class CloudEntry(Option):
    """A cloud: its own service for each need (on `onprem`, what a team runs itself)."""

    registry: Text
    secrets: Text
    secrets_read: Text = Field(description="how a service reads its secrets (facts.secrets)")
    kms: Text
    load_balancer: Text
    api_gateway: Text
    cdn: Text | None = Field(default=None, description="none: no CDN, the web servers serve")
    object_storage: Text
    release_store: Text | None = Field(
        default=None, description="where release archives go when not in object storage"
    )
    static_hosting: Text
    static_behind_entry: bool = Field(
        default=False, description="the static hosting is a backend of the entry load balancer"
    )
    iac: Text
    registry_dr: Text | None = Field(
        default=None, description="where the second region pulls images from on failover"
    )
    dns: Text
    waf: Text
    backup: Text
    network: Text
    workload_identity: Text
    regions: Text = Field(description="how zones and regions give redundancy")
    logging: Text
    metrics: Text
    tracing: Text
    alerting: Text
    boundary: Text = Field(description="what isolates one environment, in the cloud's own words")
    commitments: Text | None = Field(default=None, description="discounts for steady use")
    spot_nodes: Text | None = Field(default=None, description="interruptible Kubernetes nodes")
    defaults: CloudDefaults


class DeploymentEntry(Option):
    """A deployment target. Any field may be a cloud map where it differs per cloud."""

    unit: PerCloud[Label]
    artifact: PerCloud[Text]
    scaling: PerCloud[Text]
    rollout: PerCloud[Text]
    rollback: PerCloud[Text]
    rollout_strategies: Annotated[dict[Key, PerCloud[Text]], Field(min_length=1)] = Field(
        description="the strategies of rollout.yaml this target offers, and how each works"
    )
    resources: PerCloud[Annotated[list[Text], Field(min_length=1, max_length=12)]] = Field(
        description="the objects the team defines (Deployment, Service, ...)"
    )
    config_format: PerCloud[Text]
    config_example: PerCloud[Snippet] = Field(description="a short, valid config snippet")
    config_lang: PerCloud[Annotated[str, Field(pattern=r"^[a-z0-9+-]+$", max_length=20)]] = Field(
        description="the code fence language of config_example"
    )
    entrypoint: CloudMap[Text] = Field(description="what takes traffic in, per cloud")
    grpc_balancing: PerCloud[Text] | None = Field(
        default=None,
        description="how gRPC calls between services are balanced per request (null: by the "
        "layer-7 load balancer in front of the instances)",
    )
    environments: Text = Field(description="how dev, staging and production are separated")
    artifact_store: CloudMap[Key] | None = Field(
        default=None,
        description="the cloud.yaml field that stores the artifact (default: registry)",
    )


class MobileOverride(Strict):
    """What `none` says instead when a mobile app is chosen: no web frontend, not no UI."""

    label: Label
    summary: Text
    strengths: Items
    tradeoffs: Items
    rationale: Annotated[Text, AfterValidator(_rationale)]
    confirmation: Text


class FrontendEntry(Option):
    platform: Literal["Web", "Mobile", ""] = Field(description="empty for none")
    with_mobile_app: MobileOverride | None = Field(
        default=None, description="none only: the texts that replace its own with a mobile app"
    )
    rendering: Blank
    state_management: Blank
    styling: Blank
    key_components: Annotated[list[Text], Field(max_length=8)]
    optimizations: Annotated[list[Text], Field(max_length=8)]
    needs_server: bool
    testing: Text


class ContainerResources(Strict):
    cpu: Label = Field(description="the CPU request of one container (no CPU limit)")
    memory: Label = Field(description="the memory request, equal to the limit")


class BackendLanguageEntry(Option):
    runtime: Text
    frameworks: Annotated[list[Key], Field(min_length=1, max_length=6)] = Field(
        description="keys of backend_framework.yaml"
    )
    default_framework: Key = Field(description="one of frameworks")
    container_base: Text
    container_resources: ContainerResources
    build: Text
    testing: Text
    validation: Label = Field(
        description="the request-validation library used where no framework brings one"
    )
    arch_test_tool: Label = Field(description="what checks module boundaries in CI")
    cold_start: CloudMap[Text]

    @model_validator(mode="after")
    def _default_is_offered(self) -> BackendLanguageEntry:
        if self.default_framework not in self.frameworks:
            raise PydanticCustomError(
                "cross_field", "default_framework '{value}' is not one of frameworks",
                {"value": self.default_framework},
            )  # fmt: skip
        return self


class BackendFrameworkEntry(Option):
    data_access: Text
    validation: Text
    validation_pages: Text | None = Field(
        default=None,
        description="how its server-side pages validate input where that differs from the "
        "API's mechanism (Razor Pages: MVC model binding, not minimal API validation)",
    )
    testing: Text
    key_components: Annotated[list[Text], Field(min_length=1, max_length=8)]
    api_support: dict[Key, Text] = Field(
        description="api_styles key -> how this framework serves it, naming the library"
    )
    may_be_empty: ClassVar[frozenset[str]] = frozenset({"templates"})
    templates: Blank = Field(
        description="its own server-side templates (Django templates); empty where it has none"
    )
    serverless: dict[Cloud, Blank] = Field(
        description="per cloud, how it runs on the serverless runtime (its adapter, or the "
        "runtime's own model); empty where no maintained adapter exists"
    )
    openapi: Literal["code", "document"] = Field(
        default="code",
        description="who owns the OpenAPI document: code (generated from the code, committed "
        "and compared in CI) or document (written first; the framework generates or checks "
        "code from it)",
    )
    config_format: Literal["yaml", "appsettings"] = Field(
        default="yaml",
        description="the shape of a component's configuration example: yaml (snake_case keys) "
        "or appsettings (appsettings.json sections bound with IOptions)",
    )


class MobileAppEntry(Option):
    platform: Blank = Field(
        description="the platforms it ships to (iOS and Android); empty for none"
    )
    rendering: Blank
    state_management: Blank
    styling: Blank
    key_components: Annotated[list[Text], Field(max_length=8)]
    optimizations: Annotated[list[Text], Field(max_length=8)]
    testing: Blank


class ActorEntry(Option):
    """Who calls the system: each actor's node, channel, identity, edge and flow."""

    may_be_empty: ClassVar[frozenset[str]] = frozenset(
        {
            "edge",
            "registry",
            "handoff",
            "forward",
            "verify",
            "gateway",
            "region_loss",
            "region_node",
        }
    )

    node: Label = Field(description="the actor's node label in the diagrams")
    channel: Text
    identity: Text
    edge: PerCloud[Blank] = Field(
        description="what receives it at the edge, per cloud (empty: the entry point)"
    )
    registry: PerCloud[Blank] = Field(description="where its identities are kept (empty: none)")
    handoff: PerCloud[Blank] = Field(
        default="", description="how the edge hands a message to the backend (diagram label)"
    )
    forward: PerCloud[Blank] = Field(
        default="",
        description="how its edge gateway proves itself to the backend and names the caller",
    )
    gateway: PerCloud[Blank] = Field(
        default="", description="the edge gateway product's name (empty: none)"
    )
    region_loss: PerCloud[Blank] = Field(
        default="",
        description="how its edge product keeps working when the region is lost, as a recovery "
        "step (empty: not a regional product, or not verified)",
    )
    region_node: PerCloud[Blank] = Field(
        default="", description="its edge product's node in the second region (empty: none)"
    )
    verify: PerCloud[Blank] = Field(
        default="",
        description="what the backend checks on a call from its edge gateway (issuer, audience, "
        "the gateway's identity)",
    )
    flow: Annotated[list[Text], Field(min_length=1, max_length=8)]
    capabilities: Annotated[list[Label], Field(max_length=4)] = Field(
        description="neutral default capability names it adds"
    )


class PaasServiceEntry(Option):
    """A PaaS product of one cloud (requires names its cloud). An empty field: the
    deployment entry's text for PaaS on that cloud applies (it describes this product)."""

    may_be_empty: ClassVar[frozenset[str]] = frozenset(
        {"product", "unit", "scaling", "rollout", "rollback", "entrypoint", "artifact"}
        | {"config_format", "config_lang", "config_example"}
    )

    product: Blank
    unit: Blank
    scaling: Blank
    rollout: Blank
    rollback: Blank
    entrypoint: Blank
    artifact: Blank
    config_format: Blank
    config_lang: Annotated[str, Field(pattern=r"^[a-z0-9+-]*$", max_length=20)]
    resources: Annotated[list[Text], Field(max_length=12)]
    config_example: Annotated[str, Field(max_length=2000)] = Field(
        description="empty fields: the deployment entry's text applies"
    )


class HostingEntry(Option):
    may_be_empty: ClassVar[frozenset[str]] = frozenset({"operators"})
    how: Text = Field(description="who runs the datastore, cache and broker, and where")
    operators: Blank = Field(description="what the team operates itself")


class DatastoreScaling(Strict):
    replication: Blank
    sharding: Blank


class DatastoreEntry(Option):
    kind: Literal[
        "Relational", "Document", "Key-value", "Wide-column", "Embedded relational", ""
    ] = Field(description="empty for none")
    schema_style: SchemaStyle
    consistency: Blank
    scaling: DatastoreScaling
    backup: PerCloud[Blank]
    migrations: Blank
    indexing: Blank


class CacheEntry(Option):
    may_be_empty: ClassVar[frozenset[str]] = frozenset({"sharding", "connection"})
    patterns: Annotated[list[Text], Field(max_length=6)]
    eviction: Blank
    persistence: Blank
    pure_cache: Text | None = Field(default=None, description="persistence, no sessions held")
    session_keys: Text | None = Field(default=None, description="persistence, sessions held")
    sharding: PerCloud[Blank] = Field(
        default="",
        description="how the cloud's service spreads keys over nodes and what that limits "
        "({cache_sharding} in a trade-off; empty: one primary, the item goes)",
    )
    connection: PerCloud[Blank] = Field(
        default="",
        description="the service, and how it is reached where that is not the cloud's way to "
        "its managed services ({cache_network} in the cloud's network text; empty: that way)",
    )
    shared_by_services: PerCloud[Blank] = Field(
        default="",
        description="several services on one instance: how each is kept to its own keys, "
        "with {prefix} (empty: one instance per service)",
    )


class BrokerEntry(Option):
    model: Blank
    ordering: Blank
    delivery: Blank
    retention: Blank
    dead_letter: Blank
    scaling: Blank
    naming: Blank = Field(description="an example topic or queue name convention")
    topic_pattern: Blank = Field(
        description="the name of a capability's topic, with {capability} (empty for none); "
        "its characters must be ones the product allows"
    )


class Versioning(Strict):
    strategy: Text
    detail: Text


class PathPurpose(Strict):
    path: Label
    purpose: Text


class ApiStyleEntry(Option):
    spec: Text
    spec_from_code: Text | None = Field(
        default=None,
        description="the spec where the backend framework generates it from the code "
        "(backend_framework openapi: code); None where the style has no such case",
    )
    versioning: Versioning
    organization: Annotated[list[PathPurpose], Field(min_length=1, max_length=8)] = Field(
        description="how endpoints, operations or topics are organised"
    )
    error_model: Text
    testing: Text


class AuthSignIn(Strict):
    """The texts of an authentication method that differ with how the provider signs in."""

    flow: Annotated[list[Text], Field(min_length=2, max_length=10)]
    tokens: Text
    authorization: Text
    # The decision record's texts where they differ (machine callers only).
    summary: Text | None = None
    strengths: Annotated[list[Text], Field(min_length=1, max_length=5)] | None = None
    tradeoffs: Annotated[list[Text], Field(min_length=1, max_length=5)] | None = None
    rationale: Text | None = None
    confirmation: Text | None = None


class AuthEntry(Option):
    flow: Annotated[list[Text], Field(min_length=2, max_length=10)] = Field(
        description="steps; {client} {backend} {idp} are filled with the chosen components, "
        "{token_lifetime} {claims_checked} {service_calls} from the provider's traits"
    )
    tokens: Text
    authorization: Text
    session_storage: Text
    by_sign_in: dict[Literal["sdk"], AuthSignIn] = Field(
        default_factory=dict, description="texts for a provider signing in through its SDK"
    )
    machines: dict[Literal["oauth", "sdk"], AuthSignIn] = Field(
        default_factory=dict,
        description="texts when no people call the system, by how the provider signs in",
    )
    web_tradeoffs: list[Text] = Field(
        default_factory=list,
        description="trade-offs added only with a web frontend (browser code holds tokens)",
    )


class IdpEntry(Option):
    hosting: PerCloud[Text] = Field(description="SaaS, self-hosted, or the cloud's service")


class CiEntry(Option):
    config_file: Label
    approvals: Text
    secrets: Text
    cloud_auth: CloudMap[Text]
    runners: CloudMap[Text] = Field(description="per cloud, where its jobs run")


class ObservabilityEntry(Option):
    may_be_empty: ClassVar[frozenset[str]] = frozenset({"collector"})
    collector: PerCloud[Blank] = Field(
        default="",
        description="the collector the team runs on a cluster (empty: the SDKs export to the "
        "service and the platform's agents are managed)",
    )
    collector_all: bool = Field(
        default=False,
        description="the collector takes every signal the services send and forwards it to "
        "the stores (false: it ships logs only)",
    )
    vendor: Label | None = Field(
        default=None, description="the third party that holds the telemetry (null: none)"
    )
    logging: PerCloud[Text]
    metrics: PerCloud[Text]
    tracing: PerCloud[Text]
    alerting: PerCloud[Text]
    dashboards: PerCloud[Text]


class ComplianceEntry(Option):
    scope: Text
    obligations: Annotated[list[Text], Field(min_length=1, max_length=10)] = Field(
        description="concrete architecture obligations"
    )
    retention: Text
    audit: Text
    residency: Text


# ------------------------------------------------------------------------------ files


class NoneOption(Strict):
    """The option a decision record chooses when the question has no answer (idp, compliance
    have no `none` entry); `{auth}` in the rationale becomes the authentication's label."""

    label: Label
    summary: Text
    strengths: Annotated[list[Text], Field(min_length=1, max_length=5)]
    tradeoffs: Annotated[list[Text], Field(min_length=1, max_length=5)]
    rationale: Text = Field(description="may be a TODO(team) the team completes")
    confirmation: Text
    alternatives: Annotated[list[Key], Field(max_length=4)] | None = None


class Adr(Strict):
    """The file's decision record in docs/architecture/decisions/ (extensions/adr.py).

    `number`, `slug` and `title` never change once released: records belong to the team once
    written, and links to them must stay valid. Record 0001 is in extensions/adr.py, 0002-0016
    follow the question order; a topic added later takes the next number after the highest.
    Teams number their own records after the template's last one, so the release notes say
    that a project may then hold two records with that number (different slugs) and that
    the team's own one is the one to rename."""

    number: int = Field(ge=2, le=999, description="0008-primary-datastore.md is number 8")
    slug: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
    title: Label
    problem: Text = Field(description="the question answered; {system} is the system's name")
    drivers: Annotated[list[Question | Target], Field(min_length=1)] = Field(
        description="questions (linked to their record) or targets that drive the decision"
    )
    none: NoneOption | None = Field(
        default=None, description="only idp and compliance: the choice when there is no answer"
    )
    consider_all: bool = Field(
        default=False, description="only compliance: every entry is a considered option"
    )


def _problems(found: list[tuple[tuple[str | int, ...], str]]) -> None:
    """Raise the cross-field problems a validator found, each with its own location."""
    if found:
        raise PydanticCustomError(
            "cross_field", "{count} problem(s)", {"count": len(found), "problems": found}
        )


def _blanks(model: BaseModel) -> Iterator[tuple[str, ...]]:
    """The fields of a model (and of the models in it) that hold an empty string."""
    optional: frozenset[str] = getattr(type(model), "may_be_empty", frozenset())
    for name in type(model).model_fields:
        value = getattr(model, name)
        if value == "" and name not in optional:
            yield (name,)
        elif isinstance(value, BaseModel):
            yield from ((name, *path) for path in _blanks(value))


class QuestionFile(Strict):
    """One question's file: `question: datastore`, `title`, `adr`, then `entries`, keyed by
    the answer value (snake_case) in questionnaire order."""

    question: Question
    title: Label = Field(description="the decision's name (Primary datastore, Cache)")
    adr: Adr
    entries: dict[Key, Option]

    @model_validator(mode="after")
    def _references(self, info: ValidationInfo) -> QuestionFile:
        """`alternatives` name other entries; `requires` an earlier question and its values
        (the values of the other files are in the validation context as `keys`)."""
        keys: Mapping[str, set[str]] = (info.context or {}).get("keys", {})
        order = QUESTIONS.index(self.question)
        found: list[tuple[tuple[str | int, ...], str]] = []
        for key, entry in self.entries.items():
            for i, alt in enumerate(entry.alternatives):
                if alt == key or alt not in self.entries:
                    found.append(
                        (("entries", key, "alternatives", i), f"{alt!r} is not another entry")
                    )
            for other, allowed in entry.requires.items():
                where = ("entries", key, "requires", other)
                if QUESTIONS.index(other) >= order:
                    found.append((where, f"{other!r} is not asked before {self.question!r}"))
                elif other in keys:
                    found.extend(
                        (where, f"{value!r} is not a {other} value") for value in allowed
                        if value not in keys[other]
                    )  # fmt: skip
            if key != "none":
                found.extend(
                    (("entries", key, *path), "empty: only the none entry may leave it empty")
                    for path in _blanks(entry)
                )
        if self.adr.none and self.adr.none.alternatives:
            found.extend(
                (("adr", "none", "alternatives"), f"{alt!r} is not an entry")
                for alt in self.adr.none.alternatives
                if alt not in self.entries
            )
        _problems(found)
        return self


def _file(question: str, entry: type[Option]) -> type[QuestionFile]:
    """The model of one question's file: its `question` and the type of its entries."""
    name = "".join(part.title() for part in question.split("_")) + "File"
    doc = f"The {question}.yaml file. Its entries: {entry.__name__}."
    return types.new_class(
        name,
        (QuestionFile,),
        {},
        lambda ns: ns.update(
            {
                "__annotations__": {
                    "question": Literal[question],  # type: ignore[valid-type]
                    "entries": Annotated[dict[Key, entry], Field(min_length=2)],  # type: ignore[valid-type]
                },
                "__doc__": doc,
                "__module__": __name__,
            }
        ),
    )


ENTRIES: dict[str, type[Option]] = {
    "style": StyleEntry,
    "actors": ActorEntry,
    "cloud": CloudEntry,
    "deployment": DeploymentEntry,
    "paas_service": PaasServiceEntry,
    "hosting": HostingEntry,
    "frontend": FrontendEntry,
    "mobile_app": MobileAppEntry,
    "backend_language": BackendLanguageEntry,
    "backend_framework": BackendFrameworkEntry,
    "datastore": DatastoreEntry,
    "cache": CacheEntry,
    "broker": BrokerEntry,
    "api_styles": ApiStyleEntry,
    "auth": AuthEntry,
    "idp": IdpEntry,
    "ci": CiEntry,
    "observability": ObservabilityEntry,
    "compliance": ComplianceEntry,
}
FILES: dict[str, type[QuestionFile]] = {q: _file(q, ENTRIES[q]) for q in QUESTIONS}


def _cross_file(catalog: Mapping[str, Any]) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
    """References from one file into another: (file question, location, problem)."""
    keys = entry_keys(catalog)
    for key, entry in catalog["backend_language"]["entries"].items():
        for i, name in enumerate(entry["frameworks"]):
            if name not in keys["backend_framework"]:
                where = ("entries", key, "frameworks", i)
                yield "backend_language", where, f"{name!r} is not a backend_framework entry"
    for key, entry in catalog["backend_framework"]["entries"].items():
        for style in entry["api_support"]:
            if style not in keys["api_styles"]:
                where = ("entries", key, "api_support", style)
                yield "backend_framework", where, f"{style!r} is not an api_styles entry"
    for key, entry in catalog["cloud"]["entries"].items():
        for field, value in entry["defaults"].items():
            if value not in keys[field]:
                where = ("entries", key, "defaults", field)
                yield "cloud", where, f"{value!r} is not a {field} entry"
    for key, entry in catalog["deployment"]["entries"].items():
        for cloud, field in (entry.get("artifact_store") or {}).items():
            if field not in CloudEntry.model_fields:
                where = ("entries", key, "artifact_store", cloud)
                yield "deployment", where, f"{field!r} is not a field of a cloud entry"
    numbers: dict[int, str] = {}
    for question in QUESTIONS:
        number = catalog[question]["adr"]["number"]
        if number in numbers:
            yield question, ("adr", "number"), f"{number} is also {numbers[number]}'s number"
        numbers.setdefault(number, question)


# ------------------------------------------------------------------------------ other files


class Strategy(Strict):
    """A release strategy a feature can choose."""

    label: Label
    summary: Text = Field(description="what the strategy is, on any target")
    side_by_side: bool = Field(description="old and new release serve traffic at the same time")
    needs_flags: bool = Field(description="offered only when the feature names a feature flag")
    everywhere: bool = Field(description="needs no platform support: offered on every target")


class RolloutFile(Strict):
    """rollout.yaml: the release strategies of the feature scope's question feature_rollout,
    in choice order (the first one a target offers is the default). Which ones a deployment
    target offers is its `rollout_strategies` in deployment.yaml."""

    question: Literal["feature_rollout"]
    title: Label
    strategies: Annotated[dict[Key, Strategy], Field(min_length=1)]


ChecklistId = Annotated[str, Field(pattern=r"^(OPS|SEC|REL|PERF|COST|SUS)-\d{2,3}$")]
ChecklistText = Annotated[str, Field(min_length=1, max_length=400)]


class ByAnswer(Strict):
    """A text that depends on one answer: {by: <question or derived fact>, values: {...}}."""

    by: Key
    values: Annotated[dict[Key, ChecklistText], Field(min_length=1)]


def _text_tag(value: Any) -> str:
    return "~by-answer" if isinstance(value, dict) else "~text"


class Numbers(Strict):
    """Targets a condition compares: the item applies at or above (at_least) or below them."""

    availability: float | None = None
    latency_p95_ms: float | None = None
    rto_minutes: float | None = None
    rpo_minutes: float | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


Values = Annotated[list[Key], Field(min_length=1)]
Platform = Literal["web", "mobile", "none"]
# What a condition's `has` tests: these components exist (are not "none").
Flag = Literal["frontend", "datastore", "cache", "broker", "idp"]


class Condition(Strict):
    """When a checklist item applies: every key holds (absent or {} = always). A question
    key holds when its answer is in the list (multiselect: any chosen one)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)

    style: Values | None = None
    cloud: Values | None = None
    deployment: Values | None = None
    frontend: Values | None = None
    mobile_app: Values | None = None
    actors: Values | None = None
    hosting: Values | None = None
    backend_language: Values | None = None
    backend_framework: Values | None = None
    datastore: Values | None = None
    cache: Values | None = None
    broker: Values | None = None
    api_styles: Values | None = None
    auth: Values | None = None
    idp: Values | None = None
    ci: Values | None = None
    observability: Values | None = None
    compliance: Values | None = None
    schema_style: Annotated[list[SchemaStyle], Field(min_length=1)] | None = None
    frontend_platform: Annotated[list[Platform], Field(min_length=1)] | None = None
    # Chosen from the products' traits (extensions/traits.py).
    publish_pattern: (
        Annotated[
            list[Literal["outbox", "change_feed", "publish_then_persist", "none"]],
            Field(min_length=1),
        ]
        | None
    ) = None
    tls_ends: (
        Annotated[list[Literal["load_balancer", "platform", "ingress", "app"]], Field(min_length=1)]
        | None
    ) = None
    health_probe: Annotated[list[Literal["probed", "unprobed"]], Field(min_length=1)] | None = None
    probe_kinds: (
        Annotated[
            list[Literal["liveness_readiness", "readiness", "liveness", "none"]],
            Field(min_length=1),
        ]
        | None
    ) = None
    zones: Annotated[list[Literal["zonal", "no_zones"]], Field(min_length=1)] | None = None
    pitr: Annotated[list[Literal["pitr", "no_pitr"]], Field(min_length=1)] | None = None
    backups: Annotated[list[Literal["team", "service"]], Field(min_length=1)] | None = None
    consumer_mode: Annotated[list[Literal["pull", "push", "none"]], Field(min_length=1)] | None = (
        None
    )
    sign_in: Annotated[list[Literal["oauth", "sdk", "none"]], Field(min_length=1)] | None = None
    callers: Annotated[list[Literal["people", "machines"]], Field(min_length=1)] | None = None
    has: Annotated[list[Flag], Field(min_length=1)] | None = None
    at_least: Numbers | None = None
    below: Numbers | None = None
    any: Annotated[list[Condition], Field(min_length=1)] | None = None
    not_: Condition | None = Field(default=None, alias="not")


class ChecklistItem(Strict):
    """One check. Its ID never changes meaning: retire it (list it under `retired`) and add a
    new ID with the next free number of its pillar instead."""

    id: ChecklistId = Field(description="PREFIX-NN with the pillar's prefix")
    pillar: Pillar
    severity: Severity
    text: Annotated[
        Union[Annotated[ChecklistText, Tag("~text")], Annotated[ByAnswer, Tag("~by-answer")]],  # noqa: UP007
        Discriminator(_text_tag),
    ] = Field(description="one sentence, no final full stop; {placeholders} allowed")
    when: Condition | None = None
    link: Key = Field(description="a topic: where the documents address the item")
    seed: Annotated[str, Field(pattern=r"^\d{3} [^:]+: .+$")] | None = Field(
        default=None, description="the seed checklist item it covers: 'NNN Section: item'"
    )


# [document, heading]: a YAML list of two.
Heading = Annotated[tuple[Key, ChecklistText], StrictMode(False)]


class ChecklistFile(Strict):
    """checklist.yaml: the architecture review checklist (not a question file)."""

    names: dict[Key, ByAnswer] = Field(description="extra placeholders depending on one answer")
    fallback: Heading = Field(description="[index, heading]: where any topic falls back")
    topics: dict[Key, Annotated[list[Heading], Field(min_length=1)]]
    retired: list[ChecklistId]
    items: Annotated[list[ChecklistItem], Field(min_length=1)]

    @model_validator(mode="after")
    def _ids_and_links(self) -> ChecklistFile:
        found: list[tuple[tuple[str | int, ...], str]] = []
        seen: set[str] = set()
        for i, item in enumerate(self.items):
            if item.id in seen:
                found.append((("items", i, "id"), "duplicate ID"))
            if item.id in self.retired:
                found.append((("items", i, "id"), "reuses a retired ID"))
            seen.add(item.id)
            if item.link not in self.topics:
                found.append((("items", i, "link"), f"{item.link!r} is not a topic"))
        _problems(found)
        return self


# ------------------------------------------------------------------------------ traits

# What one product can and cannot do (extensions/catalog/traits/*.yaml), read by
# extensions/traits.py to choose patterns. A vendor fact carries its page in `source`; a field
# no page was read for is named in `unverified`, and the model words it as advice.
Url = Annotated[str, Field(pattern=r"^https?://[^\s|`]+$", max_length=300)]
Sources = Annotated[list[Url], Field(max_length=8)]
Language = Literal["python", "typescript", "go", "java", "kotlin", "csharp", "rust", "ruby"]
TransactionScope = Literal[
    "multi_row",  # any rows and tables of one database
    "multi_document",  # several documents, all or nothing
    "multi_item_limited",  # several items, with a count and size limit
    "single_partition",  # only items that share one partition key
    "single_partition_conditional",  # compare-and-set on one partition, no transactions
]
Days = Annotated[tuple[int, int], StrictMode(False)]


class DataAccess(Strict):
    library: Text
    migrations: Text


class ManagedScaling(Strict):
    replication: Text
    sharding: Text
    scales_by: Text | None = Field(
        default=None, description="replaces the option's load.scales_by (null: that one holds)"
    )


class Edition(Strict):
    """An edition of a managed service whose features differ (Cloud SQL Enterprise or
    Enterprise Plus): the model takes the first whose SLA reaches the availability target and
    that has a second-region mechanism where the RPO needs one."""

    name: Label
    sla: float = Field(description="the availability percentage of the edition's SLA")
    pitr_days: Days = Field(description="[min, max] days of point-in-time recovery logs")
    failover: Text | None = Field(
        default=None, description="its own second-region step (null: a read replica promoted)"
    )
    cross_region_note: Text | None = Field(default=None, description="what that step fails over to")
    pooling: Text | None = Field(default=None, description="its connection pooler; null: none")


class RegionConsistency(Strict):
    """A store whose consistency level bounds what a regional outage loses (Cosmos DB)."""

    minutes: int = Field(description="what the default level loses at most when a region fails")
    default: Text = Field(description="the default level, kept where the RPO allows it")
    tighter: Text = Field(description="the level an RPO below `minutes` needs; {rpo} filled")


class DatastoreCloudTraits(Strict):
    """A datastore on one cloud: the managed service, or none and where it runs instead."""

    managed: Text | None = Field(description="the managed service; null: none on this cloud")
    licence_edition: Label | None = Field(
        default=None,
        description="the SQL Server licence edition the design needs here (null: none to choose)",
    )
    vendor: Label | None = Field(
        default=None, description="the third party that runs the managed service (null: the cloud)"
    )
    metrics_export: Text | None = Field(
        default=None,
        description="a third party's service: how its metrics reach the cloud's monitoring",
    )
    feed_misses: Text | None = Field(
        default=None, description="the changes its change feed does not carry (null: none known)"
    )
    at_rest: Text | None = Field(
        default=None, description="self-managed: how it encrypts at rest (null: the cloud's KMS)"
    )
    self_managed_on: Text | None = None
    replica_roles: list[Label] | None = Field(
        default=None,
        description="self-managed: the servers the team runs for one store, by role "
        "(primary first), as the deployment view draws them",
    )
    pitr_days: Days | None = Field(
        description="[min, max] days of point-in-time recovery; null: none (or not verified)"
    )
    pitr_note: Text | None = None
    pitr_restores_to: (
        Literal["new_instance", "new_server", "new_table", "new_account", "new_database"] | None
    ) = None
    restore_point_lag_minutes: int | None = Field(
        default=None, description="how far behind now the latest restorable point typically is"
    )
    restore_point_lag: Text | None = Field(
        default=None, description="the vendor's words for that lag, after 'is' (null: minutes)"
    )
    ha: Text | None
    read_replicas: Text | None
    cross_region_replica: bool | None = Field(
        description="a replica (or replicated region) in another region exists; null: unknown"
    )
    cross_region_note: Text | None = Field(
        default=None, description="what keeps the data in a second region (or site)"
    )
    failover: Text | None = Field(
        default=None, description="the step when the region (or site) is lost, imperative"
    )
    region_consistency: RegionConsistency | None = None
    editions: list[Edition] = Field(default_factory=list)
    pitr_tiers: list[int] = Field(
        default_factory=list, description="fixed point-in-time windows in days (Cosmos DB)"
    )
    pooling: Text | None = Field(
        default=None, description="the connection pooler of this offering (null: none named)"
    )
    restore_via: Text | None = Field(
        default=None, description="who restores a backup when the team cannot (a ticket)"
    )
    geo_backup_rpo_minutes: int | None = None
    not_available: list[Text] = Field(
        default_factory=list, description="self-managed features the managed service lacks"
    )
    cdc_setting: Text | None = None
    snapshot_interval_minutes: int | None = Field(
        default=None, description="with no point-in-time recovery: how often backups are taken"
    )
    change_feed: Text | None = Field(default=None, description="overrides the option's")
    managed_change_feed: Text | None = Field(
        default=None, description="the change feed of the managed offering (hosting: managed)"
    )
    managed_scaling: ManagedScaling | None = Field(
        default=None, description="replaces self-managed scaling advice (hosting: managed)"
    )
    relay_config: dict[Key, Label] | None = Field(
        default=None,
        description="the relay's settings to read the managed change feed (hosting: managed); "
        "a key ending in _topic or _arn names one table's feed",
    )
    managed_consistency: Text | None = Field(
        default=None, description="replaces the option's consistency text (hosting: managed)"
    )
    backup_service: Text | None = None
    unverified: list[Key] = Field(default_factory=list)
    source: Sources


class LoadTerms(Strict):
    burst: Text = Field(description="what each of many parallel instances does to the store")
    read_scaling: Text = Field(description="how read-heavy paths scale without a cache")
    scales_by: Text | None = Field(default=None, description="how the store scales, after its name")
    load_metric: Text = Field(description="what shows the store's read load")
    ceiling: Text | None = Field(
        default=None, description="what limits its writes, after 'so' (null: write capacity)"
    )


class DdlTypes(Strict):
    id: Label
    timestamp: Label


class DatastoreTraits(Strict):
    transaction_scope: TransactionScope
    transaction: Text
    change_feed: Text | None
    source: Sources
    data_access: dict[Language, DataAccess]
    unsupported_tools: list[Label] = Field(
        description="data-access or migration tools that do not support this store"
    )
    column_types: Text | None = None
    load: LoadTerms | None = None
    config: dict[Key, Label] | None = Field(
        default=None, description="a service's settings to reach it (null: one connection URL)"
    )
    feed_keys: list[Key] = Field(
        default_factory=list,
        description="config keys naming one feed's table or container: a relay reading several "
        "feeds gets one line per feed",
    )
    feed_erasure: Text | None = Field(
        default=None, description="GDPR erasure where the change feed carries no deletes"
    )
    spring_test_slice: Text | None = Field(
        default=None, description="Spring Boot's data test slice for this store; null: none"
    )
    schema_line: Text | None = Field(
        default=None, description="document stores: one line per domain, {name} filled"
    )
    change_version: Text | None = Field(
        default=None, description="what tells two changes of one item apart in its change feed"
    )
    feed_carries: Text | None = Field(
        default=None,
        description="what its change feed carries, after 'carries' (null: every committed change)",
    )
    feed_deletes: bool = Field(
        default=True, description="false: its change feed carries no deletes (soft deletes)"
    )
    log_pitr: Text | None = Field(
        default=None, description="self-managed: how the team restores to a point in time"
    )
    log_step: Text | None = Field(
        default=None,
        description="self-managed: what ships the log off the host every {every}",
    )
    ddl_types: DdlTypes | None = Field(
        default=None, description="column types of the reference's entity DDL (sql stores)"
    )
    no_passwords: bool = Field(
        default=False, description="reached only with the workload's cloud identity (IAM)"
    )
    store_unit: Label = Field(description="what a service owns of it: database, keyspace, ...")
    records: Label = Field(description="what holds its records, plural: tables, collections ...")
    module_namespace: Label = Field(
        description="what keeps one module's records apart in a shared store: schema, keyspace ..."
    )
    store_access: Text = Field(description="how only its owner reaches that unit")
    unverified: list[Key] = Field(default_factory=list)
    clouds: Annotated[dict[Cloud, DatastoreCloudTraits], Field(min_length=1)]


class DatastoreTraitsFile(Strict):
    question: Literal["datastore"]
    entries: dict[Key, DatastoreTraits]


class HealthProbe(Strict):
    by: Text = Field(description="who probes")
    kinds: Annotated[list[Literal["startup", "liveness", "readiness"]], Field(min_length=1)]


class EntryTraits(Strict):
    """What the entry point can do, and which product adds what it cannot (null: it cannot,
    or it was not verified that it can)."""

    product: Text
    rate_limiting: Text | None
    rate_limit_added_by: Text | None
    waf: Text | None
    waf_added_by: Text | None
    # A separate product on the request path in front of the entry point (it carries what the
    # entry point lacks): the views draw it in the entry point's box.
    fronted_by: Text | None = None
    compression: Text | None
    compression_added_by: Text | None = None
    client_certs: Text | None
    client_certs_added_by: Text | None = None
    # A regional product: how the second region gets its own when the first is lost (a
    # recovery step, {region} filled) and what the deployment view draws there.
    region_loss: Text | None = None
    region_node: RegionNode | None = None
    # A regional product created or kept with the compute in the second region (the recovery
    # step names it beside the compute); one with region_loss has a step of its own.
    regional: bool = False
    # Where the platform, not the entry point, picks the instance (no health checks of its
    # own): the main flow's step after {entry} ({backend} filled) and the sequence label.
    forwards: Text | None = None
    forward_label: Text | None = None
    # What carries a request on behind it where that is the provider's network, not ours
    # (facts.tls_behind); null: the cloud's private network.
    behind: Text | None = None
    services_only: bool = Field(
        default=False,
        description="it routes only to the platform's services, so a bucket of static files "
        "cannot be its backend and gets a load balancer of its own",
    )


class TargetTraits(Strict):
    unit: Text = Field(description="the unit of deployment")
    identity: Text = Field(description="the unit of identity")
    artifact: Text
    artifact_kind: Literal["image", "archive"] = Field(
        description="image: a container image on a base image; archive: a release archive or zip"
    )
    artifact_store: Text
    tls_ends: Literal["load_balancer", "platform", "ingress", "app"]
    tls_ends_at: Text
    tls_onward: Text | None = Field(
        default=None, description="how traffic goes on to the backend from where TLS ends"
    )
    client_cert_header: Text | None
    cpu_between_requests: bool
    health_probe: HealthProbe | None = Field(description="null: nothing probes health")
    zones: Text | None = Field(description="null: no zones to design for")
    autoscaling: Text | None = Field(description="null: no autoscaling")
    entry: EntryTraits
    terms: dict[Key, Text] = Field(
        default_factory=dict, description="the platform's own words, for {fn_<key>} in the prose"
    )
    unverified: list[Key] = Field(default_factory=list)
    source: Sources


class TargetCloudTraits(TargetTraits):
    variants: dict[Key, TargetTraits] = Field(
        default_factory=dict, description="another product the target may run on this cloud"
    )


class DeploymentTraitsFile(Strict):
    question: Literal["deployment"]
    entries: dict[Key, Annotated[dict[Cloud, TargetCloudTraits], Field(min_length=1)]]


class RegionNode(Strict):
    """What of a regional service the second region (or data centre) holds: one node of the
    deployment view, read with the recovery step that names it."""

    label: Label = Field(description="the node's name in the second region")
    runs: bool = Field(description="true: already runs there; false: created on failover")


class IdpTraits(Strict):
    sign_in: Literal["oauth", "sdk"] = Field(
        description="oauth: authorization code with PKCE at its endpoint; sdk: its client SDK"
    )
    api_token: Literal["access token", "ID token"] = Field(description="what the API checks")
    scopes: bool = Field(description="its tokens for the team's APIs carry custom scopes")
    client_credentials: bool = Field(description="services get tokens by client credentials")
    claims_checked: Text = Field(description="what the API checks besides the signature")
    claims_short: Label = Field(description="the same, as a diagram note")
    access_token: Text = Field(description="the default access-token lifetime, as written")
    access_token_minutes: Days
    configurable: Text
    operator: Literal["self", "saas", "cloud"]
    region_loss: Text | None = Field(
        default=None,
        description="how it keeps working when its region is lost, as a recovery step "
        "(null: not verified here)",
    )
    hosts: dict[Key, Text] = Field(
        default_factory=dict,
        description="where the team runs a self-run provider, per deployment target "
        "(containers: the cloud's container service, {service}); empty: not self-run",
    )
    databases: list[Key] = Field(
        default_factory=list,
        description="datastore options it can keep its own database on (else its own PostgreSQL)",
    )
    region_node: RegionNode | None = Field(
        default=None, description="what of it the second region holds (the deployment view)"
    )
    tenant_limits: bool = Field(description="the provider sets rate limits per tenant")
    csp_connect: Text = Field(description="origins the browser's sign-in calls (CSP connect-src)")
    csp_frame: Text = Field(description="origins the browser's sign-in frames (CSP frame-src)")
    machine_credential: Text | None = Field(
        default=None, description="how an internal system proves itself at the token endpoint"
    )
    refresh_revoke: Text | None = Field(
        default=None, description="what sign-out does to a refresh token, and the client"
    )
    workload_tokens: Text | None = Field(
        default=None, description="what an outage does to the system's own workload tokens"
    )
    unverified: list[Key] = Field(default_factory=list)
    source: Sources


class IdpTraitsFile(Strict):
    question: Literal["idp"]
    outage: Text
    outage_machines: Text = Field(description="what an outage stops when only machines call")
    outage_rest: Text = Field(description="what keeps working during an outage")
    outage_source: Sources
    entries: dict[Key, IdpTraits]


class ComplianceTraits(Strict):
    basis: Literal["law", "contract", "attestation", "certification"]
    binds: Text
    covers: Text
    mechanics: Annotated[list[Text], Field(min_length=1, max_length=6)]
    channels: dict[Literal["web", "mobile", "devices", "none"], Text] | None = Field(
        default=None, description="how card data is captured, per channel the answers give"
    )
    captured: dict[Literal["web", "mobile", "devices", "none"], Text] | None = Field(
        default=None, description="the channel's capture in a few words, for record 0016"
    )
    page_scripts: Text | None = Field(
        default=None, description="the obligation for scripts on pages that capture cards"
    )
    csp_origin: Text | None = Field(
        default=None, description="the origin the hosted card fields load from (CSP)"
    )
    sign_in_mfa: Text | None = Field(
        default=None, description="the second factor the system's own sign-in asks for"
    )
    cde_capabilities: list[Key] = Field(
        default_factory=list, description="words of a capability that handles the regime's data"
    )
    boundary: (
        dict[Literal["namespace", "unit", "whole", "hosted", "single", "relay"], Text] | None
    ) = Field(default=None, description="where the regulated environment ends, by topology")
    scope_label: Text | None = Field(
        default=None, description="the views' label of the part set apart for the regime"
    )
    provider: dict[Literal["name", "unit", "web", "mobile"], Text] | None = Field(
        default=None, description="the external provider drawn in the system view, and its edges"
    )
    unverified: list[Key] = Field(default_factory=list)
    source: Sources


class ComplianceTraitsFile(Strict):
    question: Literal["compliance"]
    entries: dict[Key, ComplianceTraits]


class BrokerCloudTraits(Strict):
    """A broker on one cloud: managed there or not, and how a managed one grows (null: the
    option's own, self-managed scaling advice applies)."""

    managed: bool
    vendor: Label | None = Field(
        default=None, description="the third party that runs it (null: the cloud or the team)"
    )
    metrics_export: Text | None = Field(
        default=None,
        description="a third party's service: how its metrics reach the cloud's monitoring",
    )
    scaling: Text | None = None
    retention: Text | None = Field(default=None, description="overrides the option's")
    keeps: Text | None = Field(default=None, description="overrides the broker's")
    region_loss: Text | None = Field(
        default=None,
        description="how it keeps working when its region is lost, as a recovery step "
        "(null: not verified here)",
    )
    region_node: RegionNode | None = Field(
        default=None, description="what of it the second region holds (the deployment view)"
    )
    source: Sources


class BrokerTraits(Strict):
    """The broker's own terms, which the style prose reads through placeholders."""

    group: Text = Field(description="what one consuming service attaches to, singular")
    groups: Text = Field(description="the same, plural")
    channels: Text = Field(description="what producers publish to, plural (topics, exchanges)")
    entities: Text = Field(
        description="what producers write to and consumers read from, plural, in its own words"
    )
    copies: bool = Field(
        description="each consuming service's queue or subscription holds its own copy of "
        "the messages (false: a position in one shared log or stream)"
    )
    subscription_name: Text = Field(
        description="the name of a consuming service's group, queue or subscription, "
        "from {consumer} and {topic}"
    )
    dead_letter_name: Text = Field(
        description="the name of a subscription's dead-letter destination, from {topic}, "
        "{consumer} and {subscription}"
    )
    parallelism: Text = Field(description="what bounds the consumers working in parallel")
    settle: Text = Field(description="how a consumer settles a message, after 'the consumer'")
    keeps: Text = Field(description="how long the broker keeps messages, after 'the broker'")
    resume: Text = Field(description="where restarted consumers resume, after 'consumers'")
    batching: Text = Field(description="the consumer settings that tune batching")
    lag: Text = Field(description="the backlog measure of a consumer, in the broker's words")
    keda_scaler: Text | None = Field(
        default=None, description="KEDA's scaler for this broker's backlog (null: none)"
    )
    headers: Text = Field(description="the broker's word for a message's metadata fields")
    region_loss: Text | None = Field(
        default=None,
        description="how it keeps working when its region is lost, as a recovery step "
        "(null: not verified here)",
    )
    region_node: RegionNode | None = Field(
        default=None, description="what of it the second region holds (the deployment view)"
    )
    config: dict[Key, Label] | None = Field(
        default=None, description="a service's settings to reach it (null: one connection URL)"
    )
    config_channels: dict[Key, Literal["publishes", "reads"]] = Field(
        default_factory=dict,
        description="the config keys that name one channel: one line per topic the service "
        "publishes or subscription it reads",
    )
    unverified: list[Key] = Field(default_factory=list)
    source: Sources
    clouds: Annotated[dict[Cloud, BrokerCloudTraits], Field(min_length=1)]


class BrokerTraitsFile(Strict):
    question: Literal["broker"]
    entries: dict[Key, BrokerTraits]


TRAIT_FILES: dict[str, type[BaseModel]] = {
    "datastore": DatastoreTraitsFile,
    "deployment": DeploymentTraitsFile,
    "idp": IdpTraitsFile,
    "compliance": ComplianceTraitsFile,
    "broker": BrokerTraitsFile,
}


# ------------------------------------------------------------------------------ checking


def entry_keys(catalog: Mapping[str, Any]) -> dict[str, set[str]]:
    """Each question's entry keys, from parsed (not yet valid) data."""
    keys: dict[str, set[str]] = {}
    for question in QUESTIONS:
        data = catalog.get(question)
        entries = data.get("entries") if isinstance(data, dict) else None
        keys[question] = set(entries) if isinstance(entries, dict) else set()
    return keys


def display(path: Path) -> str:
    """A catalog file as messages name it: relative to the template's root."""
    parts = path.parts
    if parts[-4:-1] == ("extensions", "catalog", "traits"):
        return "/".join(parts[-4:])
    return "/".join(parts[-3:]) if parts[-3:-1] == ("extensions", "catalog") else str(path)


def check(
    model: type[BaseModel],
    data: Any,
    where: str,
    context: Mapping[str, Any] | None = None,
) -> list[str]:
    """Every problem of one file's parsed data, one line each: `where: location: problem`."""
    try:
        model.model_validate(data, context=dict(context or {}))
    except ValidationError as error:
        return format_errors(error, model, data, where)
    return []


def check_catalog_files(catalog: Mapping[str, Any], directory: Path) -> list[str]:
    """Every schema problem of the question files (parsed), naming file, entry and field."""
    context = {"keys": entry_keys(catalog)}
    problems: list[str] = []
    for question in QUESTIONS:
        where = display(directory / f"{question}.yaml")
        problems += check(FILES[question], catalog.get(question), where, context)
    if not problems:
        problems = [
            f"{display(directory / f'{question}.yaml')}: {_location(loc, None)}: {message}"
            for question, loc, message in _cross_file(catalog)
        ]
    return problems


def check_file(kind: str, data: Any, path: Path) -> list[str]:
    """Every schema problem of a file that is not a question file: `checklist`, `rollout`."""
    models: dict[str, type[BaseModel]] = {"checklist": ChecklistFile, "rollout": RolloutFile}
    models.update({f"traits/{k}": m for k, m in TRAIT_FILES.items()})
    return check(models[kind], data, display(path))


class CatalogError(ValueError):
    """A catalog file does not match its schema: the message holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            "the catalog does not match its schema (extensions/schema.py):\n" + "\n".join(problems)
        )
        self.problems = problems


def require(problems: list[str]) -> None:
    if problems:
        raise CatalogError(problems)


# ------------------------------------------------------------------------------ messages


def _location(loc: tuple[str | int, ...], data: Any) -> str:
    """`entries.postgresql.strengths[2]`; a checklist item by its ID: `items.SEC-03.text`."""
    out = ""
    for part in loc:
        if isinstance(part, str) and (part.startswith("~") or part == "[key]"):
            continue  # which member of a union: not part of the data's path
        if isinstance(part, int):
            item = data[part] if isinstance(data, list) and part < len(data) else None
            ident = item.get("id") if isinstance(item, dict) else None
            out += f".{ident}" if isinstance(ident, str) else f"[{part}]"
            data = item
        else:
            out += f".{part}" if out else str(part)
            data = data.get(part) if isinstance(data, dict) else None
    return out or "(top level)"


def _strip(tp: Any) -> Any:
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp


def _member(tp: Any, tag: str) -> Any:
    """The member of a tagged union with this tag."""
    for arg in get_args(tp):
        metadata = getattr(arg, "__metadata__", ())
        if any(isinstance(m, Tag) and m.tag == tag for m in metadata):
            return arg
    return None


def _model_at(model: Any, loc: tuple[str | int, ...]) -> Any:
    """The type that validated the value at `loc` (None when it cannot be told)."""
    tp = model
    for part in loc:
        tp = _strip(tp)
        origin = get_origin(tp)
        if isinstance(part, str) and part.startswith("~"):
            tp = _member(tp, part)
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            fields = {f.alias or n: f for n, f in tp.model_fields.items()}
            tp = fields[part].annotation if part in fields else None
            if get_origin(tp) in (Union, types.UnionType):  # X | None
                tp = next(a for a in get_args(tp) if a is not type(None))
        elif origin is dict:
            tp = get_args(tp)[1]
        elif origin is list:
            tp = get_args(tp)[0]
        elif origin is tuple and isinstance(part, int):
            tp = get_args(tp)[part]
        else:
            return None
        if tp is None:
            return None
    return _strip(tp)


def _accepted(model: Any, loc: tuple[str | int, ...]) -> str:
    found = _model_at(model, loc)
    if isinstance(found, type) and issubclass(found, BaseModel):
        names = [f.alias or n for n, f in found.model_fields.items()]
        return f"; accepted: {', '.join(names)}"
    return ""


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def format_errors(error: ValidationError, model: Any, data: Any, where: str) -> list[str]:
    """pydantic's errors as `where: location: problem` lines, naming what is accepted."""
    lines: list[str] = []
    for e in error.errors(include_url=False):
        loc, kind, value = tuple(e["loc"]), e["type"], e.get("input")
        if kind == "cross_field" and "problems" in e.get("ctx", {}):
            for sub, message in e["ctx"]["problems"]:
                lines.append(f"{where}: {_location(loc + tuple(sub), data)}: {message}")
            continue
        message = str(e["msg"])
        if kind == "missing":
            message = f"missing (required){_accepted(model, loc[:-1])}"
        elif kind == "extra_forbidden":
            message = f"unknown field{_accepted(model, loc[:-1])}"
        elif kind == "string_too_long":
            message += f" (it has {len(value)})"
        elif kind.endswith("_type") or kind in ("literal_error", "string_pattern_mismatch"):
            message += f", got {_short(value)}"
        lines.append(f"{where}: {_location(loc, data)}: {message}")
    return lines
