"""The diagrams of a system, derived from the model: nodes, edges, groups and sequences.

`build_diagrams(model)` returns the views the documents draw. Each structural view holds a
`flowchart` layout (groups are Mermaid subgraphs) and a `c4` layout (groups are C4 boundaries
or deployment nodes) of the same nodes and edges; the other views are flowcharts or sequence
diagrams only. Everything here is data: `includes/diagrams.jinja` turns it into Mermaid text,
passing every id through `mermaid_id` and every label through `mermaid_label`.

A node, group or participant id is a stable key (`entry`, `unit_orders`, `g_cluster`), never
user text; what the user wrote only ever reaches a label.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping
from itertools import pairwise
from typing import Any, Literal, NotRequired, TypedDict

# Flowchart shapes; the macros map them to Mermaid's bracket pairs.
Shape = Literal["box", "round", "person", "db", "queue", "ext", "stage", "decision", "new"]
# C4 element and boundary macros of Mermaid's C4 diagrams.
C4Element = Literal[
    "Person", "Container", "ContainerDb", "ContainerQueue", "Component", "System_Ext"
]
C4Boundary = Literal["", "System_Boundary", "Container_Boundary", "Deployment_Node"]


class Node(TypedDict):
    id: str
    label: str
    detail: list[str]  # lines under the label: technology or concrete service
    shape: Shape
    c4: C4Element


class Group(TypedDict):
    id: str
    label: str
    c4: C4Boundary  # "" draws the children without a boundary in the C4 layout
    nodes: list[Node]
    groups: list[Group]


class Edge(TypedDict):
    source: str
    target: str
    label: str
    dashed: bool


class Graph(TypedDict):
    kind: Literal["graph"]
    direction: Literal["TB", "LR"]
    c4: Literal["", "C4Container", "C4Component", "C4Deployment"]
    title: str  # the accessible title (accTitle) of the drawing
    nodes: list[Node]
    groups: list[Group]
    edges: list[Edge]
    classes: list[str]  # class definitions the flowchart needs ("added": a new component)


class View(TypedDict):
    """A structural view: the same content as a flowchart and as a C4 diagram."""

    flowchart: Graph
    c4: Graph


class Participant(TypedDict):
    id: str
    label: str
    actor: bool


class Step(TypedDict):
    """One line of a sequence: a message, a note, or the start / else / end of a block."""

    kind: Literal["msg", "reply", "async", "note", "alt", "opt", "loop", "else", "end"]
    text: str
    source: NotRequired[str]
    target: NotRequired[str]


class Sequence(TypedDict):
    kind: Literal["sequence"]
    title: str
    participants: list[Participant]
    steps: list[Step]


class Diagrams(TypedDict):
    system: View
    target: View
    components: View
    deployment: View
    main_flow: Sequence
    auth: Sequence
    pipeline: Graph
    message_queue: Graph | None
    edges: list[Edge]


# ---------------------------------------------------------------------------- text helpers

DETAIL_LIMIT = 60
LINE_WIDTH = 26  # what fits a Mermaid label before Mermaid wraps it again
_PARENS = re.compile(r"\s*\([^()]*\)")
_CUTS = ("; ", ", ", " with ", " through ", " or ", " and ")
_PHRASE_STARTS = frozenset(
    {"applied", "at", "by", "for", "from", "in", "on", "that", "to", "which", "when", "where"}
)


def short(text: str, limit: int = DETAIL_LIMIT) -> str:
    """A catalog phrase short enough for a diagram: asides in parentheses dropped, then the
    phrase cut at its first clause boundary until it fits ('Amazon RDS for PostgreSQL or
    Amazon Aurora ...' -> 'Amazon RDS for PostgreSQL')."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    text = _PARENS.sub("", text).strip()
    for cut in _CUTS:
        if len(text) <= limit:
            break
        head = text.split(cut, 1)[0].strip()
        if head:
            text = head
    if len(text) > limit:
        # Still too long: end before the last phrase that starts within the limit ('a schema
        # library of the language applied by a shared helper ...' -> 'a schema library of
        # the language'), never in the middle of one.
        words = text.split()
        for end in range(len(words) - 1, 0, -1):
            head = " ".join(words[:end])
            if len(head) <= limit and words[end] in _PHRASE_STARTS:
                text = head
                break
    return text.rstrip(".,;: ")


def lines(text: str, limit: int = DETAIL_LIMIT) -> list[str]:
    """A detail as at most three lines of LINE_WIDTH characters."""
    text = short(text, limit)
    if not text:
        return []
    wrapped = textwrap.wrap(text, LINE_WIDTH, break_on_hyphens=False) or [text]
    if len(wrapped) > 3:
        rest = " ".join(wrapped[2:])
        wrapped = [*wrapped[:2], textwrap.shorten(rest, LINE_WIDTH, placeholder=" …")]
    return wrapped


def node(
    ident: str, label: str, detail: str = "", shape: Shape = "box", c4: C4Element = "Container"
) -> Node:
    return {"id": ident, "label": label, "detail": lines(detail), "shape": shape, "c4": c4}


def group(
    ident: str,
    label: str,
    nodes: Iterable[Node] = (),
    groups: Iterable[Group] = (),
    c4: C4Boundary = "",
) -> Group:
    return {"id": ident, "label": label, "c4": c4, "nodes": list(nodes), "groups": list(groups)}


def edge(source: str, target: str, label: str = "", dashed: bool = False) -> Edge:
    return {"source": source, "target": target, "label": label, "dashed": dashed}


def graph(
    direction: Literal["TB", "LR"],
    title: str,
    nodes: Iterable[Node],
    groups: Iterable[Group],
    edges: Iterable[Edge],
    c4: Literal["", "C4Container", "C4Component", "C4Deployment"] = "",
) -> Graph:
    return {
        "kind": "graph",
        "direction": direction,
        "c4": c4,
        "title": title,
        "nodes": list(nodes),
        "groups": list(groups),
        "edges": list(edges),
        "classes": [],
    }


def msg(source: str, target: str, text: str) -> Step:
    return {"kind": "msg", "source": source, "target": target, "text": text}


def reply(source: str, target: str, text: str) -> Step:
    return {"kind": "reply", "source": source, "target": target, "text": text}


def send(source: str, target: str, text: str) -> Step:
    return {"kind": "async", "source": source, "target": target, "text": text}


def note(over: str, text: str) -> Step:
    return {"kind": "note", "source": over, "text": text}


def block(kind: Literal["alt", "opt", "loop", "else", "end"], text: str = "") -> Step:
    return {"kind": kind, "text": text}


# More units than this are drawn with one edge from their group to each shared node (the
# datastore, the cache, ...) instead of one edge per unit: twelve services with five edges each
# are unreadable. Only flowcharts do this; C4 relations always join elements.
COLLAPSE_OVER = 4


def collapse(edges: list[Edge], members: list[str], into: str) -> list[Edge]:
    """The edges of many units drawn as edges of the group that holds them."""
    if len(members) <= COLLAPSE_OVER:
        return edges
    inside, seen, found = set(members), set(), []
    for e in edges:
        # A service's own store stays its own; a deployable's HTTP layer keeps its in-process
        # calls to the modules beside it in the same group.
        if e["target"].startswith("datastore_") or e["source"] == "backend_http":
            found.append(e)
            continue
        source = into if e["source"] in inside else e["source"]
        target = into if e["target"] in inside else e["target"]
        key = (source, target, e["label"], e["dashed"])
        if source != target and key not in seen:
            seen.add(key)
            found.append(edge(source, target, e["label"], e["dashed"]))
    return found


def walk(items: Iterable[Group]) -> Iterable[Group]:
    for item in items:
        yield item
        yield from walk(item["groups"])


def all_nodes(view: Graph) -> list[Node]:
    """Every node of a graph, at any depth."""
    found = list(view["nodes"])
    for item in walk(view["groups"]):
        found.extend(item["nodes"])
    return found


# ---------------------------------------------------------------------------- the system


class _System:
    """The nodes every view shares, named for this system's answers."""

    def __init__(self, model: Mapping[str, Any]) -> None:
        self.model = model
        self.opt: Mapping[str, Any] = model["opt"]
        self.has: Mapping[str, bool] = model["has"]
        self.name: str = model["project"]["name"]
        self.units: list[dict[str, Any]] = model["units"]
        self.single: bool = model["single_deployable"]
        self.style: str = self.opt["style"]["key"]
        frontend = self.opt["frontend"]
        self.mobile = bool(self.has.get("mobile"))
        self.web = self.has["frontend"]
        # Server-rendered pages come from the backend itself: no workload of their own.
        self.pages = bool(self.has.get("server_rendered"))
        self.ssr = self.web and bool(frontend["needs_server"]) and not self.pages
        self.actors = {a["key"]: a for a in model.get("actors", [])}
        self.people = "users" in self.actors or self.web or self.mobile
        self.tech = (
            f"{self.opt['backend_framework']['label']} on {self.opt['backend_language']['label']}"
        )
        # REST, GraphQL or WebSocket at the edge; gRPC between services, and at the edge only
        # when it is the only API style (as gRPC-Web from a browser).
        keys = [s["key"] for s in self.opt["api_styles"]]
        edge_styles = [
            s["label"] for s in self.opt["api_styles"] if s["key"] not in ("events", "grpc")
        ]
        self.grpc = "grpc" in keys
        if not edge_styles and self.grpc:
            edge_styles = ["gRPC-Web" if self.web else "gRPC"]
        # An API the answers chose at the edge (REST, GraphQL, WebSocket): drawn beside
        # server-rendered pages too, both behind the authentication.
        self.edge_api = any(k not in ("events", "grpc") for k in keys)
        self.protocol = ", ".join(edge_styles) or "HTTPS"
        self.internal = "gRPC" if self.grpc else self.protocol
        # Microservices and event-driven systems: a store (or schema with its own
        # credentials) per service, never one store shared by two services.
        self.per_service = self.style in ("microservices", "event_driven") and not self.single
        patterns = model.get("patterns") or {}
        self.patterns = patterns
        publish = patterns.get("publish") or {}
        self.publish = publish.get("pattern", "outbox")
        self.feed = publish.get("feed") or "change feed"
        self.write_label = publish.get("write_label") or "read and write in one transaction"
        self.facts = model.get("facts") or {}
        # The change feed's relay publishes (patterns.publish = change_feed): one component,
        # drawn in every view, never the services themselves.
        self.relayed = (
            self.publish == "change_feed" and self.has["broker"] and self.has["datastore"]
        )
        self.token_check = "validates tokens, cached keys"
        # PCI DSS: the unit that is the cardholder data environment (facts.pci.cde_unit),
        # drawn apart in its own group (its own namespace on Kubernetes), with no edge to the
        # shared cache; None where all of the system is in scope.
        pci = self.facts.get("pci") or {}
        cde_slug = pci.get("cde_slug") if pci.get("cde_unit") else None
        self.cde = next((u["id"] for u in self.units if u["slug"] == cde_slug), None)
        namespace = pci.get("cde_namespace")
        # Its change feed has a relay of its own inside that group (facts.pci.cde_relay).
        self.cde_relay = str(pci.get("cde_relay") or "") if self.cde and self.relayed else ""
        label = str(pci.get("scope_label") or "")
        self.cde_title = f"namespace {namespace} ({label})" if namespace else label
        # Devices and no people: the main flow is the device ingest path.
        self.ingest_main = (
            "devices" in self.actors
            and "users" not in self.actors
            and not (self.web or self.mobile)
        )

    def consumers(self, apps: list[str]) -> list[str]:
        """The units that receive events: the one deployable's workers, else every unit but
        the first (the first one takes the commands and its changes are published)."""
        return apps if len(apps) == 1 else apps[1:]

    def commanded(self, apps: list[str]) -> list[str]:
        """The units the entry point reaches: every one serves requests for its capability
        (the design's flows route each capability's requests to its unit)."""
        return apps

    def relay(self, runtime: bool = False, cde: bool = False) -> Node:
        """The change feed's shared relay, a workload the team runs (facts.relay), or the
        CDE unit's own (cde): its feed in the logical views, its runtime in the deployment
        view."""
        found = self.facts.get("relay") or {}
        detail = found.get("box", self.feed) if runtime else f"reads {self.feed}"
        if cde:
            return node("relay_cde", self.cde_relay, detail, "box", "Container")
        return node("relay", "Change-feed relay", detail, "box", "Container")

    def relay_of(self, app: str) -> str:
        """The relay that reads this unit's store: the CDE unit's own, else the shared one."""
        cde = self.cde_relay and app in (self.cde, f"w_{self.cde}")
        return "relay_cde" if cde else "relay"

    def actor_edges(self, first_app: str) -> list[Edge]:
        """One path per actor, the same in every view: devices through the ingest endpoint
        (handed to the backend as the actor's `handoff` says), partners through their gateway,
        internal systems to the entry point."""
        found: list[Edge] = []
        if "devices" in self.actors:
            handoff = self.actors["devices"].get("handoff") or "forwards"
            found.append(edge("devices", "ingest", "telemetry, client certificate"))
            found.append(edge("ingest", "device_registry", "checks identity", dashed=True))
            found.append(edge("ingest", first_app, handoff))
        if "partner_systems" in self.actors:
            found.append(edge("partners", "partner_gateway", "API credentials"))
            found.append(edge("partner_gateway", "entry", "within quota"))
        if "internal_systems" in self.actors:
            label = self.actors["internal_systems"].get("credential_label") or "workload identity"
            found.append(edge("internal", "entry", label))
        return found

    def messaging_edges(self, apps: list[str], delivers: str) -> list[Edge]:
        """Who publishes (patterns.publish: the change feed of the store, else the app or
        its outbox relay) and the one subscription the model knows (the single deployable's
        workers, else the second unit), the same in every view as in the topics view."""
        if not self.has["broker"]:
            return []
        found: list[Edge] = []
        if self.relayed:
            stores = {(self.store_of(a), self.relay_of(a)): None for a in apps}
            found += [edge(st, relay, "change feed", dashed=True) for st, relay in stores]
            found += [edge(r, "broker", "publishes") for r in dict.fromkeys(r for _, r in stores)]
        else:
            label = "outbox relay publishes" if self.publish == "outbox" else "publishes events"
            found += [edge(app, "broker", label) for app in apps]
        found += [edge("broker", app, delivers, dashed=True) for app in self.consumers(apps)]
        if "partner_systems" in self.actors:
            # A webhook unit calls out to the partners' endpoints.
            found += [
                edge(app, "partners", "webhook calls (signed)") for app in apps if "webhook" in app
            ]
        return found

    # The people or systems that call it.
    def users(self) -> Node:
        if not self.web and not self.mobile:
            return node("users", "API clients", "other systems", "person", "Person")
        return node("users", "Users", "", "person", "Person")

    def frontend(self) -> Node:
        frontend = self.opt["frontend"]
        if self.pages:
            # The browser is the client; the pages are rendered inside the backend.
            return node("frontend", "Browser", "HTML pages, form posts", "round")
        return node("frontend", f"{frontend['platform']} app", frontend["label"], "round")

    def mobile_app(self) -> Node:
        return node("mobile_app", "Mobile app", self.opt["mobile_app"]["label"], "round")

    def clients(self) -> list[Node]:
        """The people and their clients."""
        found = [self.users()] if self.people else []
        if self.web:
            found.append(self.frontend())
        if self.mobile:
            found.append(self.mobile_app())
        return found

    def callers(self) -> list[Node]:
        """The actors other than people: devices, partner systems, internal systems."""
        found = []
        for key, ident in (
            ("devices", "devices"),
            ("partner_systems", "partners"),
            ("internal_systems", "internal"),
        ):
            if key in self.actors:
                actor = self.actors[key]
                found.append(node(ident, actor["node"], actor["channel"], "person", "System_Ext"))
        return found

    def actor_edge_nodes(self) -> list[Node]:
        """What the edge adds for the actors: the device ingest endpoint and registry, the
        partner gateway with credentials and quotas."""
        found = []
        if "devices" in self.actors:
            devices = self.actors["devices"]
            found.append(
                node("ingest", "Device ingest endpoint", devices["edge"], "box", "Container")
            )
            found.append(
                node("device_registry", "Device registry", devices["registry"], "db", "ContainerDb")
            )
        if "partner_systems" in self.actors:
            gateway = self.actors["partner_systems"]["edge"]
            found.append(
                node("partner_gateway", "Partner API gateway", gateway, "box", "Container")
            )
        return found

    def entry(self) -> Node:
        entry = self.facts.get("entry") or self.model["entry"]
        if front := self.facts.get("entry_front"):
            entry = f"{front}, then {entry}"
        return node("entry", "Entry point", entry, "box", "Container")

    def deployables(self) -> list[Node]:
        """The backend as the style deploys it: one node per deployable."""
        if self.single:
            pages = f", renders {self.opt['frontend']['technology']}" if self.pages else ""
            detail = f"{self.tech}{pages}, one deployable"
            return [node("backend", self.model["backend_name"], detail, "box", "Container")]
        return [node(u["id"], u["name"], self.tech, "box", "Container") for u in self.units]

    def apps(self) -> list[Node]:
        """The backend's parts as the logical views show them: the modules of a modular
        monolith (inside its one deployable), otherwise the deployables."""
        if self.style == "modular_monolith":
            return [node(u["id"], u["name"], "", "box", "Component") for u in self.units]
        return self.deployables()

    def app_ids(self) -> list[str]:
        return [n["id"] for n in self.apps()]

    def datastore(self) -> Node:
        ds = self.opt["datastore"]
        return node("datastore", ds["label"], ds["service"], "db", "ContainerDb")

    def store_of(self, app: str) -> str:
        """The id of the datastore an app (a unit id, or w_ + a unit id) reads and writes."""
        if not self.per_service:
            return "datastore"
        return "datastore_" + app.removeprefix("w_").removeprefix("unit_")

    def stores(self) -> list[Node]:
        """The datastore, or one per service where each service owns its data."""
        if not self.per_service:
            return [self.datastore()]
        ds = self.opt["datastore"]
        return [
            node(
                self.store_of(u["id"]),
                f"{u['domain']} data",
                f"{ds['label']}, own {self.facts.get('store_unit') or 'credentials'}",
                "db",
                "ContainerDb",
            )
            for u in self.units
        ]

    def cache(self) -> Node:
        cache = self.opt["cache"]
        return node("cache", cache["label"], cache["service"], "db", "ContainerDb")

    def broker(self) -> Node:
        broker = self.opt["broker"]
        return node("broker", broker["label"], broker["service"], "queue", "ContainerQueue")

    def idp(self, deployed: str | None = None) -> Node:
        """deployed: in the deployment view, beside its own database node, what the node
        itself says of its host (its namespace group says it on Kubernetes)."""
        idp = self.opt["idp"]
        host = self.model["facts"].get("idp_host")
        if host:
            # Self-run (facts.idp_host): a workload of the system with its own database; the
            # deployment view draws its host and the database, the component table names both.
            where = self._idp_db_note(host) if deployed is None else deployed
            note = f"{idp['service']}, {where}" if where else idp["service"]
            return node("idp", "Identity provider", note, "box", "Container")
        return node("idp", "Identity provider", idp["service"], "ext", "System_Ext")

    @staticmethod
    def _idp_db_note(host: Mapping[str, Any]) -> str:
        return "own database" if host["shared"] else "own PostgreSQL server"

    def idp_db(self) -> list[Node]:
        """The self-run identity provider's own database (facts.idp_host), if any."""
        host = self.model["facts"].get("idp_host") if self.has["idp"] else None
        if not host:
            return []
        note = "" if host["shared"] else self._idp_db_note(host)
        label = f"{self.opt['idp']['label']} database"
        return [node("idp_db", label, note, "db", "ContainerDb")]

    def provider_edges(self) -> list[Edge]:
        """Who calls the payment provider (facts.pci.provider, only under PCI DSS): the unit
        set apart (or the one deployable) with the token, the web client's hosted fields and
        the mobile app's SDK with card numbers; empty without PCI DSS."""
        words = (self.facts.get("pci") or {}).get("provider") or {}
        if not words:
            return []
        unit = self.cde or ("backend" if self.single and self.style != "modular_monolith" else "")
        callers = (
            (unit, words["unit"]),
            ("frontend" if self.web else "", words["web"]),
            ("mobile_app" if self.mobile else "", words["mobile"]),
        )
        return [edge(source, "payment_provider", label) for source, label in callers if source]

    def provider(self) -> list[Node]:
        """The payment provider as an external system, where PCI DSS is chosen."""
        words = (self.facts.get("pci") or {}).get("provider") or {}
        return [node("payment_provider", words["name"], "", "ext", "System_Ext")] if words else []

    def data_nodes(self) -> list[Node]:
        found = []
        if self.has["datastore"]:
            found.extend(self.stores())
        if self.has["cache"]:
            found.append(self.cache())
        return found

    def artifact_store(self) -> tuple[str, str]:
        """(label, detail) of where the artifact is kept: a registry for images, object
        storage for a zip package or release archive (from the target's traits)."""
        store = (self.model.get("facts") or {}).get("artifact_store")
        if not store:
            return "Artifact registry", self.opt["cloud"]["registry"]
        kind = "registry" if "image" in str(self.model["facts"]["artifact"]) else "store"
        return f"Artifact {kind}", store

    def runtime(self) -> str:
        return short(self.opt["deployment"]["service"])

    def edges(self) -> list[Edge]:
        """Who calls whom."""
        apps = self.app_ids()
        found: list[Edge] = []
        if self.web:
            found.append(edge("users", "frontend", "uses"))
            pages = "page requests, form posts"
            found.append(edge("frontend", "entry", pages if self.pages else self.protocol))
        if self.mobile:
            found.append(edge("users", "mobile_app", "uses"))
            found.append(edge("mobile_app", "entry", self.protocol))
        if self.people and not self.web and not self.mobile:
            found.append(edge("users", "entry", self.protocol))
        found += self.actor_edges(apps[0])
        verb = {"serverless": "invokes"}.get(self.style, "routes")
        if self.style == "modular_monolith":
            # The load balancer reaches instances of the one deployable; its HTTP layer calls
            # the modules in process.
            found.append(edge("entry", "backend_http", "routes to an instance"))
            found.extend(edge("backend_http", app, "calls in process") for app in apps)
        elif self.style == "event_driven":
            # Every capability's unit has the same REST layout (api_styles.yaml: POST, PATCH
            # and DELETE beside GET), so every one takes commands and queries.
            found.extend(edge("entry", app, "commands and queries") for app in self.commanded(apps))
        else:
            found.extend(edge("entry", app, verb) for app in self.commanded(apps))
        if self.style == "microservices" and len(apps) > 1:
            found.append(edge(apps[0], apps[1], f"{self.internal}, with timeout"))
        for app in apps:
            if self.has["datastore"]:
                found.append(edge(app, self.store_of(app), "reads and writes"))
            if self.has["cache"] and app != self.cde:
                found.append(edge(app, "cache", "cache-aside"))
        found += self.messaging_edges(apps, "delivers")
        if self.has["idp"] and self.people:
            callers = [c for c, on in (("frontend", self.web), ("mobile_app", self.mobile)) if on]
            found.extend(edge(caller, "idp", "signs in") for caller in callers or ["users"])
            # Tokens are checked once per deployable, against cached keys: in a modular
            # monolith by its one HTTP layer (which only calls modules: the keys come to it),
            # never by each module.
            if self.style == "modular_monolith":
                found.append(edge("idp", "backend_http", "keys for the token check, cached", True))
            else:
                found.extend(edge(app, "idp", self.token_check, dashed=True) for app in apps)
        return found


def cde_group(s: _System, gid: str, nodes: list[Node], prefix: str = "") -> Group:
    """The cardholder data environment's unit (facts.pci) and its own relay in a group."""
    inside = [n for n in nodes if n["id"] in cde_ids(s, prefix)]
    return group(gid, s.cde_title, inside, c4="Deployment_Node" if prefix else "Container_Boundary")


def cde_ids(s: _System, prefix: str = "") -> tuple[str, ...]:
    """The nodes inside the cardholder data environment: its unit and its own relay."""
    return (f"{prefix}{s.cde}", "relay_cde") if s.cde_relay else (f"{prefix}{s.cde}",)


def _set_apart(s: _System, runtime: list[Group]) -> None:
    """Moves the cardholder data environment's workloads (its unit, its own relay) out of
    their group into a group of their own beside it, or names each group they are alone in
    (an Azure function app per function)."""
    parents: list[tuple[list[Group], Group]] = [(runtime, g) for g in runtime]
    parents += [(g["groups"], inner) for g in walk(runtime) for inner in g["groups"]]
    ids = cde_ids(s, "w_")
    for siblings, holder in parents:
        if not any(n["id"] in ids for n in holder["nodes"]):
            continue
        if all(n["id"] in ids for n in holder["nodes"]) and not holder["groups"]:
            holder["label"] = f"{holder['label']} ({s.cde_title.lower()})"
        else:
            siblings.append(cde_group(s, "g_cde", holder["nodes"], "w_"))
            holder["nodes"] = [n for n in holder["nodes"] if n["id"] not in ids]


def relay_nodes(s: _System, runtime: bool = False) -> list[Node]:
    """The shared relay, and the CDE unit's own where it has one (facts.pci.cde_relay)."""
    found = [s.relay(runtime)] if s.relayed else []
    return [*found, s.relay(runtime, cde=True)] if s.cde_relay else found


def _system_view(s: _System, extra: list[Node] | None = None) -> View:
    """The layered picture: clients, edge, application, data, messaging, security."""
    extra = extra or []
    edges = s.edges() + s.provider_edges()
    edges += [edge(n["id"], s.app_ids()[0], "integrates with", dashed=True) for n in extra]
    clients = [*s.clients(), *s.callers()]
    if s.style == "modular_monolith":
        backend = s.deployables()[0]
        pages = f", renders {s.opt['frontend']['technology']}" if s.pages else ""
        label = f"{backend['label']} (one deployable, {s.tech}{pages})"
        http = node("backend_http", "HTTP layer", "each instance", "box", "Component")
        app_groups = [group("g_backend", label, [http, *s.apps()], c4="Container_Boundary")]
        app_nodes = relay_nodes(s)
    else:
        # The change feed's relay is a workload the team runs beside the units, not messaging.
        app_groups, app_nodes = [], [*s.apps(), *relay_nodes(s)]
        if s.cde:
            app_groups = [cde_group(s, "g_cde", app_nodes)]
            app_nodes = [n for n in app_nodes if n["id"] not in cde_ids(s)]
    app_label = f"Application on {s.runtime()}"
    if not s.single:
        app_label = f"{s.opt['style']['units'].capitalize()} of {s.name} on {s.runtime()}"
    # Each node in the subgraph of its layer in the component table (one fact: the device
    # registry is Security there, so it is drawn beside the identity provider).
    layer_of = {c["id"]: c["layer"] for c in s.model["components"]}
    edge_nodes = [n for n in s.actor_edge_nodes() if layer_of.get(n["id"]) != "Security"]
    security = [n for n in s.actor_edge_nodes() if layer_of.get(n["id"]) == "Security"]
    if s.has["idp"]:
        security.append(s.idp())
    layers: list[Group] = [
        group("g_clients", "Clients", clients),
        group("g_edge", "Edge", [s.entry(), *edge_nodes]),
        group("g_application", app_label, app_nodes, app_groups),
    ]
    if extra:
        layers.append(group("g_feature", "This feature", extra))
    if data := s.data_nodes():
        layers.append(group("g_data", "Data", data))
    if s.has["broker"]:
        layers.append(group("g_messaging", "Messaging", [s.broker()]))
    if security:
        layers.append(group("g_security", "Security", security))
    if provider := s.provider():
        layers.append(group("g_external", "External systems", provider))
    title = f"System architecture of {s.name}"
    holder = "g_backend" if s.style == "modular_monolith" else "g_application"
    members = [a for a in s.app_ids() if a != s.cde]
    flowchart = graph("TB", title, [], layers, collapse(edges, members, holder))
    if extra:
        flowchart["classes"].append("added")

    inside: list[Node] = []
    if s.web:
        inside.append(s.frontend())
    inside.append(s.entry())
    inside.extend(s.actor_edge_nodes())
    inside.extend([*app_nodes, *extra])
    inside.extend(s.data_nodes())
    if s.has["broker"]:
        inside.append(s.broker())
    # A self-run identity provider (facts.idp_host) is part of the system, with its database.
    self_run = bool(s.idp_db())
    if self_run:
        inside.append(s.idp())
    outside = [s.users()] if s.people else []
    outside.extend(s.callers())
    if s.mobile:
        outside.append(s.mobile_app())
    if s.has["idp"] and not self_run:
        outside.append(s.idp())
    outside.extend(s.provider())
    boundary = group("g_system", s.name, inside, app_groups, c4="System_Boundary")
    c4 = graph("TB", title, outside, [boundary], edges, c4="C4Container")
    return {"flowchart": flowchart, "c4": c4}


# ---------------------------------------------------------------------------- components


def _components_view(s: _System) -> View:
    """Inside one deployable: the request path through its building blocks. A part that
    only some units have (the gRPC server, the event consumer) names them; what runs outside
    every unit (the change feed's relay, the telemetry backend) is drawn outside."""
    o = s.opt
    unit = "deployable" if s.single else o["style"]["unit"]
    units = s.apps()
    names = {n["id"]: n["label"] for n in units}
    parts: list[Node] = []
    entries: list[tuple[str, str]] = []  # (part, what the entry point sends it)
    framework = o["backend_framework"]["label"]
    if s.pages:
        # Server-rendered pages: the browser's page requests and form posts reach the
        # framework's page handlers, not an API.
        templates = o["frontend"].get("technology") or framework
        parts.append(node("c_pages", "Page handlers", templates, c4="Component"))
        entries.append(("c_pages", "page requests, form posts"))
    machine_callers = s.mobile or any(
        k in s.actors for k in ("partner_systems", "internal_systems")
    )
    if not s.pages or machine_callers or s.edge_api:
        handler = "Function handler" if s.style == "serverless" else "API layer"
        parts.append(node("c_api", handler, f"{s.protocol}, {framework}", c4="Component"))
        entries.append(("c_api", s.protocol))
    # gRPC between services: the called service (facts.grpc_server, the system view's one
    # internal call) serves it on its own server beside the edge API.
    callee = ""
    served = next((u["id"] for u in s.units if u["slug"] == s.facts.get("grpc_server")), "")
    if s.grpc and s.protocol != "gRPC" and s.style == "microservices" and served in names:
        callee = served
        label = f"gRPC server ({names[callee]} only)"
        parts.append(node("c_grpc", label, "own port", c4="Component"))
    first = entries[0][0]
    parts += [
        node("c_auth", "Authentication", o["auth"]["label"], c4="Component"),
        node("c_validation", "Validation", o["backend_framework"]["validation"], c4="Component"),
    ]
    # Framework middleware authenticates before the endpoint runs; a function's own code
    # calls the check, so there the handler comes first.
    middleware = s.style != "serverless"
    flow = [] if middleware else ["c_auth", "c_validation"]
    if "devices" in s.actors:
        # Devices authenticate to the ingest endpoint with their own credentials: their
        # messages reach a trigger handler that never passes the users' token check.
        parts.append(
            node(
                "c_device",
                "Device message handler",
                "device authenticated by the hub",
                c4="Component",
            )
        )
    modules: list[Group] = []
    if s.style == "modular_monolith":
        modules = [
            group(
                "g_modules",
                "Modules, each behind its public interface",
                [node(f"c_{u['id']}", u["name"], "", c4="Component") for u in s.units],
            )
        ]
        if not s.has["broker"]:
            # With a broker, modules consume each other's events through it (facts.channels).
            parts.append(node("c_events", "In-process domain events", "", c4="Component"))
    else:
        parts.append(node("c_logic", "Use cases and domain model", "", c4="Component"))
    if s.has["datastore"]:
        # The library for the chosen store and language (facts.data_access, one library that
        # the model chose) where the store is not relational, whose ORM the framework names.
        access = o["backend_framework"]["data_access"]
        if o["datastore"].get("schema_style") != "sql":
            found = (s.model.get("facts") or {}).get("data_access") or {}
            access = found.get("library") or access
        parts.append(node("c_data", "Data access", access, c4="Component"))
    if s.has["cache"]:
        # The cardholder data environment's unit shares no cache (facts.pci).
        label = f"Cache client (every {unit} but {names[s.cde]})" if s.cde else "Cache client"
        parts.append(node("c_cache", label, "cache-aside, TTL per key family", c4="Component"))
    # The units the model has consume events (the system view's subscriptions).
    consuming = s.consumers(s.app_ids()) if s.has["broker"] else []
    if s.has["broker"]:
        if not s.relayed:
            publisher = {
                "outbox": "transactional outbox relay",
                "publish_then_persist": "idempotent publish, then persist",
            }.get(s.publish, "transactional outbox relay")
            parts.append(node("c_publisher", "Event publisher", publisher, c4="Component"))
        label = "Event consumer"
        if s.style != "modular_monolith" and len(units) > 1:
            label += (
                f" ({names[consuming[0]]} only)"
                if len(consuming) == 1
                else f" (every {unit} but {names[units[0]['id']]})"
            )
        parts.append(node("c_consumer", label, "idempotent handlers", c4="Component"))
    # The style's background worker mode (style.worker): the same artifact in its own process
    # takes jobs from the broker's queue, else a jobs table; one instance runs the scheduler.
    worker = bool(o["style"].get("worker"))
    if worker:
        detail = "same artifact, one instance schedules jobs"
        parts.append(node("c_worker", "Background worker", detail, c4="Component"))

    if middleware:
        edges = [edge("entry", "c_auth", ", ".join(label for _, label in entries))]
        edges += [edge("c_auth", part) for part, _ in entries]
        edges += [edge(part, "c_validation") for part, _ in entries]
    else:
        edges = [edge(part, "c_auth") for part, _ in entries]
        edges += [edge("entry", part, label) for part, label in entries]
    edges += [edge(a, b) for a, b in pairwise(flow)]
    logic = [f"c_{u['id']}" for u in s.units] if s.style == "modular_monolith" else ["c_logic"]
    if "devices" in s.actors:
        # The device ingest path (the platform's trigger) into its own handler.
        handoff = s.actors["devices"].get("handoff") or "forwards"
        edges.append(edge("ingest", "c_device", handoff))
        edges.append(edge("c_device", "c_validation"))
    if callee:
        # A gRPC server checks the caller's token too: its interceptor runs the same check
        # before the handler (framework middleware), or the handler calls it.
        if middleware:
            edges.append(edge("peer", "c_auth", "gRPC, token, timeout"))
            edges.append(edge("c_auth", "c_grpc"))
            edges.append(edge("c_grpc", "c_validation"))
        else:
            edges.append(edge("peer", "c_grpc", "gRPC, token, timeout"))
            edges.append(edge("c_grpc", "c_auth"))
    edges.extend(edge("c_validation", item) for item in logic)
    if s.style == "modular_monolith" and not s.has["broker"]:
        edges.extend(edge(item, "c_events", "publishes", dashed=True) for item in logic)
    for item in logic:
        if s.has["datastore"]:
            edges.append(edge(item, "c_data"))
        if s.has["cache"]:
            edges.append(edge(item, "c_cache"))
        if s.has["broker"] and (s.publish == "publish_then_persist" or not s.has["datastore"]):
            # Only this pattern has the use case call the publisher; the outbox relay and the
            # change feed's relay read what the store committed (no dual write).
            edges.append(edge(item, "c_publisher"))
    outside = [s.entry()]
    if "devices" in s.actors:
        outside.append(node("ingest", "Device ingest endpoint", s.actors["devices"]["edge"]))
    if callee:
        outside.append(node("peer", names[units[0]["id"]]))
    if s.has["datastore"]:
        outside.append(s.datastore())  # this unit's own store, in the per-service styles
        edges.append(edge("c_data", "datastore", "reads and writes"))
    if s.has["cache"]:
        outside.append(s.cache())
        edges.append(edge("c_cache", "cache"))
    if s.has["broker"]:
        if s.relayed:
            # The shared relay outside every unit reads the store's feed and publishes; the
            # CDE unit's store feeds its own relay (facts.pci.cde_relay).
            outside.extend(relay_nodes(s))
            feed = f"change feed (every {unit} but {names[s.cde]})" if s.cde_relay else ""
            edges.append(edge("datastore", "relay", feed or "change feed", dashed=True))
            edges.append(edge("relay", "broker", "publishes"))
            if s.cde_relay:
                only = f"change feed ({names[s.cde]} only)"
                edges.append(edge("datastore", "relay_cde", only, dashed=True))
                edges.append(edge("relay_cde", "broker", "publishes"))
        outside.append(s.broker())
        if s.publish == "outbox" and s.has["datastore"]:
            edges.append(edge("datastore", "c_publisher", "outbox rows", dashed=True))
        if not s.relayed:
            edges.append(edge("c_publisher", "broker", "publishes"))
        edges.append(edge("broker", "c_consumer", "delivers", dashed=True))
        if s.style == "modular_monolith":
            edges.extend(edge("c_consumer", f"c_{c}") for c in consuming)
        else:
            edges.extend(edge("c_consumer", item) for item in logic)
    if worker:
        if s.has["broker"]:
            edges.append(edge("broker", "c_worker", "jobs from a queue", dashed=True))
        elif s.has["datastore"]:
            edges.append(edge("datastore", "c_worker", "jobs table", dashed=True))
        edges.extend(edge("c_worker", item) for item in logic)
    if s.has["idp"]:
        outside.append(s.idp(""))
        sdk = ((s.model.get("patterns") or {}).get("auth") or {}).get("sign_in") == "sdk"
        edges.append(edge("c_auth", "idp", "public signing keys" if sdk else "JWKS", dashed=True))
    # The telemetry backend runs outside the deployable; the deployable's SDK exports to it,
    # each signal to its own store where the choice splits them (facts.telemetry).
    # Where the choice runs a collector that takes every signal (observability.collector_all),
    # the deployable sends to it and it forwards to the stores, as in the deployment view.
    tel = (s.model.get("facts") or {}).get("telemetry") or {}
    collector = str(o["observability"].get("collector") or "")
    sender = first
    if collector and o["observability"].get("collector_all"):
        outside.append(node("collector", collector))
        edges.append(edge(first, "collector", dashed=True))
        sender = "collector"
    if tel.get("split"):
        for signal, title in (("metrics", "Metrics"), ("logs", "Logs"), ("traces", "Traces")):
            outside.append(node(f"telemetry_{signal}", title, str(tel[signal])))
            edges.append(edge(sender, f"telemetry_{signal}", dashed=True))
    else:
        outside.append(node("telemetry", "Telemetry backend", o["observability"]["service"]))
        label = "forwards" if sender == "collector" else "traces, metrics, logs"
        edges.append(edge(sender, "telemetry", label, dashed=True))
    title = f"Inside the deployable ({s.tech})" if s.single else f"Inside each {unit} ({s.tech})"
    inner = group("g_unit", title, parts, modules, c4="Container_Boundary")
    flowchart = graph("LR", title, outside, [inner], collapse(edges, logic, "g_modules"))
    c4 = graph("LR", title, outside, [inner], edges, c4="C4Component")
    return {"flowchart": flowchart, "c4": c4}


# ---------------------------------------------------------------------------- deployment


def _workloads(s: _System, prefix: str, what: str) -> list[Node]:
    """The runtime boxes of the deployables on the chosen target."""
    found = [
        node(f"{prefix}{n['id']}", n["label"], what, "box", "Container") for n in s.deployables()
    ]
    if s.ssr:
        found.append(node(f"{prefix}frontend", s.frontend()["label"], what, "box", "Container"))
    # The change feed's relay runs on the same target, as its own workload (facts.relay).
    return [*found, *relay_nodes(s, runtime=True)]


def _deployment_view(s: _System) -> View:
    """Where everything runs: the target's runtime boxes on the chosen cloud."""
    o = s.opt
    target, cloud = o["deployment"]["key"], o["cloud"]
    slug = s.model["project"]["slug"]
    service = short(o["deployment"]["service"])
    unit = o["deployment"]["unit"]
    runtime: list[Group]
    # A collector only where the observability choice runs one on the cluster.
    collector = str((o.get("observability") or {}).get("collector") or "")
    if target == "kubernetes":
        pods = _workloads(s, "w_", "Deployment scaled by an HPA")
        # Only the collector runs in the cluster; managed stores are drawn outside it.
        tel = (s.model.get("facts") or {}).get("telemetry") or {}
        agent_detail = "" if tel.get("managed") else o["observability"]["service"]
        agent = node("w_agent", collector, agent_detail, c4="Container")
        namespaces = [group("g_ns_app", f"namespace {slug}", pods, c4="Deployment_Node")]
        if s.cde:
            # The cardholder data environment in its own namespace (facts.pci.cde_namespace).
            namespaces[0]["nodes"] = [p for p in pods if p["id"] not in cde_ids(s, "w_")]
            namespaces.append(cde_group(s, "g_ns_cde", pods, "w_"))
        if collector:
            namespaces.append(
                group("g_ns_obs", "namespace observability", [agent], c4="Deployment_Node")
            )
        if s.idp_db():
            # The self-run identity provider in its own namespace (facts.idp_host).
            ns = str(s.model["facts"]["idp_host"]["short"])
            namespaces.append(group("g_ns_idp", ns, [s.idp("")], c4="Deployment_Node"))
        runtime = [
            group("g_cluster", f"{service} cluster", groups=namespaces, c4="Deployment_Node")
        ]
    elif target == "containers_vm":
        containers = _workloads(s, "w_", f"{unit} with healthcheck and restart policy")
        compose = group(
            "g_vm", f"Docker Compose project {slug} on each VM", containers, c4="Deployment_Node"
        )
        runtime = [group("g_vms", f"VM group ({service})", groups=[compose], c4="Deployment_Node")]
    elif target == "vms":
        services = _workloads(s, "w_", f"{unit} under its own user")
        vm = group("g_vm", "each VM", services, c4="Deployment_Node")
        runtime = [group("g_vms", service, groups=[vm], c4="Deployment_Node")]
    elif target == "serverless":
        functions = _workloads(s, "w_", "function, scaled by its trigger")
        scope = ((s.model["traits"].get("deployment") or {}).get("terms") or {}).get("scope")
        if scope and scope != "function":
            # Azure Functions: the function app, not the function, has the package, the
            # managed identity and the instance limit, so each unit is drawn in its own app
            # (https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan).
            apps = [
                group(
                    f"g_app_{f['id']}",
                    f"{scope} {f['label'].removesuffix(' function')}: "
                    "own identity, scaling, package",
                    [f],
                    c4="Deployment_Node",
                )
                for f in functions
            ]
            runtime = [group("g_functions", service, groups=apps, c4="Deployment_Node")]
        else:
            runtime = [group("g_functions", service, functions, c4="Deployment_Node")]
    else:  # paas
        apps = _workloads(s, "w_", f"{unit}s, scaled by the platform")
        runtime = [group("g_paas", service, apps, c4="Deployment_Node")]
    if s.cde and target != "kubernetes":
        # The cardholder data environment's workload in a segment of its own (facts.pci),
        # beside the group of the other workloads, never inside it.
        _set_apart(s, runtime)
    workload_ids = [
        n["id"]
        for g in walk(runtime)
        for n in g["nodes"]
        if n["id"] not in ("w_agent", "relay", "relay_cde", "idp")
    ]
    app_ids = [w for w in workload_ids if w != "w_frontend"]

    managed_label = "Self-managed services" if cloud["key"] == "onprem" else "Managed services"
    managed = [*s.data_nodes()]
    # A self-managed store runs on several servers by role (an availability group's primary
    # and secondary replicas, a Patroni leader and its replica): drawn as such.
    store_traits = s.model["traits"].get("datastore") or {}
    roles = store_traits.get("replica_roles") if s.has["datastore"] and not s.per_service else None
    store_groups: list[Group] = []
    if roles:
        label = o["datastore"]["label"]
        managed = [n for n in managed if n["id"] != "datastore"]
        servers = [
            node(
                "datastore" if i == 0 else f"datastore_{i}",
                f"{label} {role}",
                "",
                "db",
                "ContainerDb",
            )
            for i, role in enumerate(roles)
        ]
        store_title = f"{label}: {store_traits.get('ha') or 'replicated'}"
        store_groups.append(group("g_store", store_title, servers, c4="Deployment_Node"))
    if s.has["broker"]:
        managed.append(s.broker())
    registry = node("registry", *s.artifact_store(), "db", "ContainerDb")
    managed.append(registry)
    if cloud["key"] == "onprem":
        # On premises the team runs the platform services the documents rely on too: the
        # secrets store and the telemetry stack (cloud.yaml onprem: registry, secrets store,
        # object storage, monitoring).
        managed.append(node("secrets", "Secrets store", cloud["secrets"], "db", "ContainerDb"))
        if target != "kubernetes":
            telemetry = node("telemetry", "Telemetry", o["observability"]["service"], "box")
            managed.append(telemetry)
    # An identity provider the cloud or the team runs is inside the boundary; a SaaS one
    # (Okta, Auth0, Entra ID) is outside.
    operator = ((s.model["traits"].get("idp") or {}) or {}).get("operator")
    idp_inside = s.has["idp"] and operator in ("cloud", "self")
    cloud_nodes = [s.entry(), *s.actor_edge_nodes()]
    managed.extend(s.idp_db())
    if idp_inside and not (target == "kubernetes" and s.idp_db()):
        host = s.model["facts"].get("idp_host")
        cloud_nodes.append(s.idp(host["short"] if host else None))
    if s.web and not s.ssr and not s.pages:
        hosting = node("static", "Static web hosting", cloud["static_hosting"], "box", "Container")
        cloud_nodes.append(hosting)
    cloud_group = group(
        "g_cloud",
        cloud["label"],
        cloud_nodes,
        [
            *runtime,
            group("g_managed", managed_label, managed, store_groups, c4="Deployment_Node"),
        ],
        c4="Deployment_Node",
    )
    # The second site the recovery pattern decides (facts.second_region): the store's replica
    # there, beside the primary site, fed by the primary.
    sites = [cloud_group]
    # With a store per service, one replica node takes every service's data (the replica of
    # the server or account; not a store node of its own, so no service shares one). Beside it, what
    # already runs there (drawn: it exists) and, in one box, what the infrastructure code
    # creates there on failover: the names of the recovery steps (facts.second_site).
    second = bool(s.facts.get("second_region")) and s.has["datastore"]
    if second:
        place = "data centre" if cloud["key"] == "onprem" else "region"
        site = s.facts.get("second_site") or {}
        replica = node(
            "replica_dr",
            f"{o['datastore']['label']} replica",
            "",
            "db",
            "ContainerDb",
        )
        there = [
            node(f"site2_{i}", str(name), "", "box", "Container")
            for i, name in enumerate(site.get("runs") or [])
        ]
        # What the infrastructure code creates there on failover: one box of that name holding
        # each service by name (a single node's label would cut the list at 60 characters).
        names = [" ".join(_PARENS.sub("", str(n)).split()) for n in site.get("created") or []]
        created = [
            group(
                "g_site2_iac",
                "Created from infrastructure code on failover",
                [node(f"site2_iac_{i}", name) for i, name in enumerate(names)],
                c4="Deployment_Node",
            )
        ]
        sites.append(
            group(
                "g_site2",
                f"Second {place}",
                [replica, *there],
                created if names else [],
                c4="Deployment_Node",
            )
        )
    outside = [s.users()] if s.people else []
    outside.extend(s.callers())
    static = s.web and not s.ssr and not s.pages
    if static:
        web_app = s.frontend()
        outside.append(node("frontend", web_app["label"], "in the users' browsers", "round"))
    if s.mobile:
        outside.append(node("mobile_app", s.mobile_app()["label"], "on the users' phones", "round"))
    if s.has["idp"] and not idp_inside:
        outside.append(s.idp())

    edges: list[Edge] = []
    if static:
        # The people use the web app in their browsers; it calls the entry point. Its files
        # come through the entry where the static hosting is its backend, else from the
        # hosting's own endpoint (facts.static_via_entry).
        edges.append(edge("users", "frontend", "uses"))
        if s.model["facts"]["static_via_entry"]:
            edges.append(edge("entry", "static", "serves the web app"))
        else:
            edges.append(edge("frontend", "static", "loads its files"))
        edges.append(edge("frontend", "entry", s.protocol))
    if s.mobile:
        edges.append(edge("users", "mobile_app", "uses"))
        edges.append(edge("mobile_app", "entry", s.protocol))
    if s.people and not static and (s.web or not s.mobile):
        # Only the browser (or, with no client app, the people's own HTTP clients) calls the
        # entry point directly; a mobile app's users reach it through the app.
        edges.append(edge("users", "entry", "HTTPS"))
    edges += s.actor_edges(app_ids[0])
    trigger = "HTTP trigger" if target == "serverless" else "routes"
    commanded = set(s.commanded(app_ids)) | {"w_frontend"}
    edges.extend(edge("entry", w, trigger) for w in workload_ids if w in commanded)
    if s.ssr:
        edges.extend(edge("w_frontend", a, s.protocol) for a in app_ids)
    for app in app_ids:
        if s.has["datastore"]:
            store = s.store_of(app) if not s.single else "datastore"
            edges.append(edge(app, store))
        if s.has["cache"] and app != f"w_{s.cde}":
            edges.append(edge(app, "cache"))
        if s.has["idp"] and app in commanded:
            edges.append(edge(app, "idp", s.token_check, dashed=True))
    edges += s.messaging_edges(app_ids, "event trigger" if target == "serverless" else "delivers")
    if roles:
        edges.extend(
            edge("datastore", f"datastore_{i}", "replicates", dashed=True)
            for i in range(1, len(roles))
        )
    if second:
        stores = [n["id"] for n in s.stores()]
        sources = stores if s.per_service else ["datastore"]
        # A self-run identity provider's database on the chosen server (facts.idp_host shared)
        # is promoted with it (its recovery step), so it is replicated the same way.
        host = s.model["facts"].get("idp_host") if s.has["idp"] else None
        sources += [db["id"] for db in s.idp_db()] if host and host["shared"] else []
        # One label says it; the other stores' edges are the same.
        edges.extend(
            edge(d, "replica_dr", "" if i else "replicates", dashed=True)
            for i, d in enumerate(sources)
        )
    edges.extend(edge("idp", db["id"]) for db in s.idp_db())
    # Every workload runs the artifact and is observed, not only the first one.
    artifact = o["deployment"]["artifact"]
    edges.extend(edge("registry", w, artifact, dashed=True) for w in workload_ids)
    if target == "kubernetes" and collector:
        edges.extend(edge("w_agent", w, "collects", dashed=True) for w in workload_ids)
    elif cloud["key"] == "onprem":
        edges.extend(edge(w, "telemetry", "telemetry", dashed=True) for w in workload_ids)
        edges.extend(edge(w, "secrets", "reads secrets", dashed=True) for w in app_ids)
    title = f"{s.name} on {service}"
    members = [w for w in workload_ids if w != f"w_{s.cde}"]
    holder = (
        "g_functions"
        if target == "serverless"
        else next(g["id"] for g in walk(runtime) if any(n["id"] in members for n in g["nodes"]))
    )
    flowchart = graph("TB", title, outside, sites, collapse(edges, members, holder))
    c4 = graph("TB", title, outside, sites, edges, c4="C4Deployment")
    return {"flowchart": flowchart, "c4": c4}


# ---------------------------------------------------------------------------- messaging


def _message_queue(s: _System) -> Graph | None:
    """Producers -> the capabilities' topics (exchanges, subjects) -> each consuming service's
    queue or subscription -> the consumer, with each subscription's dead-letter destination:
    all names from facts.channels, in the broker's own naming. Only the subscriptions the
    model knows are drawn; a topic without one has no consumer node."""
    if not s.has["broker"]:
        return None
    broker = s.opt["broker"]
    terms = (s.model.get("traits") or {}).get("broker") or {}
    channels: list[dict[str, Any]] = s.facts.get("channels") or []
    apps = s.apps()
    by_slug = {u["slug"]: app for u, app in zip(s.units, apps, strict=False)}
    producers = [node(f"p_{a['id']}", a["label"]) for a in apps]
    if s.relayed:
        # The change feed's relay publishes every topic; the services write only their state.
        producers = [node("p_relay", "Change-feed relay", s.feed)]
    ident = {c["topic"]: f"t_{c['capability'].replace('-', '_')}" for c in channels}
    topics = [node(ident[c["topic"]], c["topic"], "", "queue") for c in channels]
    edges: list[Edge] = []
    cde_slug = (s.facts.get("pci") or {}).get("cde_slug")
    if s.cde_relay:
        # The CDE unit's own relay publishes its topic; the shared relay the others.
        producers.append(node("p_relay_cde", s.cde_relay, s.feed))
        edges += [
            edge("p_relay_cde" if c["capability"] == cde_slug else "p_relay", t["id"], "publishes")
            for c, t in zip(channels, topics, strict=True)
        ]
    elif len(producers) == 1:
        edges += [edge(producers[0]["id"], t["id"], "publishes") for t in topics]
    else:
        # Each service publishes its own capability's topic.
        edges += [
            edge(p["id"], t["id"], "publishes") for p, t in zip(producers, topics, strict=True)
        ]
    consumers: dict[str, Node] = {}
    held: list[Node] = []
    dlqs: list[Node] = []
    for channel in channels:
        for sub in channel["subscriptions"]:
            app = by_slug.get(sub["consumer"])
            label = f"{apps[0]['label']} workers" if app is None else app["label"]
            consumer = consumers.setdefault(
                sub["consumer"], node(f"c_{sub['consumer'].replace('-', '_')}", label)
            )
            key = f"{channel['capability']}_{sub['consumer']}".replace("-", "_")
            source = ident[channel["topic"]]
            if terms.get("copies"):
                # The broker keeps a copy per subscription: a queue bound to the exchange,
                # an SQS queue subscribed to the topic, a topic subscription.
                # It moves a message past the delivery limit to the dead-letter destination.
                held.append(node(f"q_{key}", sub["name"], terms.get("group", ""), "queue"))
                edges.append(edge(source, f"q_{key}", "a copy each"))
                edges.append(edge(f"q_{key}", consumer["id"], "delivers"))
                failed = f"q_{key}"
            else:
                # One shared log: the consumer's group reads it at its own position, and the
                # consumer itself publishes what fails repeatedly to the dead-letter topic.
                group_term = terms.get("group") or "subscription"
                edges.append(edge(source, consumer["id"], f"{group_term} {sub['name']}"))
                failed = consumer["id"]
            dlqs.append(node(f"dlq_{key}", sub["dead_letter"], f"dead letters of {label}", "queue"))
            edges.append(edge(failed, f"dlq_{key}", "fails repeatedly", dashed=True))
    alert = node("alert", "Alert and replay", "on-call inspects and replays", "box")
    edges += [edge(d["id"], "alert", "", dashed=True) for d in dlqs]
    groups = [
        group("g_producers", "Producers", producers),
        group("g_broker", short(broker["service"]), [*topics, *held, *dlqs]),
    ]
    if consumers:
        groups.append(group("g_consumers", "Consumers", list(consumers.values())))
    outside = [alert] if dlqs else []
    nouns = f"{terms['channels']} and {terms['groups']}" if terms else "topics"
    return graph("LR", f"{broker['label']} {nouns}", outside, groups, edges)


# ---------------------------------------------------------------------------- pipeline


def _pipeline(s: _System) -> Graph:
    """The CI/CD pipeline of the chosen CI system, stage by stage: the artifact is built,
    then scanned, and only then published; the clients ship after the API they call."""
    o = s.opt
    ci, deployment = o["ci"], o["deployment"]
    stages = s.model["stages"]
    details = {
        "Build": f"{o['backend_language']['label']} build",
        "Test": "unit and integration tests",
        "Package": f"builds the {deployment['artifact']}",
        "Security scan": f"dependencies, SAST, the built {deployment['artifact']}",
        "Deploy to staging": "rollout, smoke tests",
        "Approve": f"manual approval in {ci['label']}",
        "Deploy to production": "the same artifact",
        "Publish web app": "the bundle built once, unchanged",
        "Release mobile app": "signed build, store review",
    }
    ids = [f"s_{i}" for i in range(len(stages))]
    built = [
        node(
            ident,
            st["name"],
            details.get(st["name"], ""),
            "decision" if st["name"] == "Approve" else "stage",
        )
        for ident, st in zip(ids, stages, strict=True)
    ]
    names = [st["name"] for st in stages]
    # The last CI stage publishes the artifact (the scan, which follows the package).
    staging = names.index("Deploy to staging") if "Deploy to staging" in names else len(names)
    published = staging - 1
    shipped = ("Publish web app", "Release mobile app")
    clients = [i for i, name in enumerate(names) if name in shipped]
    production = names.index("Deploy to production") if "Deploy to production" in names else None
    ci_group = group("g_ci", f"{ci['label']} ({ci['config_file']})", built[: published + 1])
    deploy = [b for i, b in enumerate(built[published + 1 :], published + 1) if i not in clients]
    groups = [ci_group, group("g_deploy", f"Deploy to {s.runtime()}", deploy)]
    if clients:
        groups.append(group("g_clients", "Ship the clients", [built[i] for i in clients]))
    trigger = node("commit", "Commit to main", "merge of a reviewed change", "round")
    registry = node("registry", *s.artifact_store(), "db")
    edges = [edge("commit", ids[0], "triggers")]
    chain = [i for i in ids if int(i[2:]) not in clients]
    edges.extend(edge(a, b) for a, b in pairwise(chain) if a != ids[published])
    edges.append(edge(ids[published], "registry", "publishes if clean"))
    if published + 1 < len(chain):
        edges.append(edge("registry", chain[published + 1], "same artifact"))
    # Each client ships once the production API it calls is live.
    after = ids[production] if production is not None else chain[-1]
    edges.extend(edge(after, ids[i]) for i in clients)
    # The web bundle comes from the Build stage, never from a build after the deploy.
    edges.extend(edge(ids[0], ids[i], "same bundle") for i in clients if names[i] in shipped[:1])
    title = f"{ci['label']} pipeline"
    return graph("LR", title, [trigger, registry], groups, edges)


# ---------------------------------------------------------------------------- sequences


def _participant(n: Node, actor: bool = False) -> Participant:
    return {"id": n["id"], "label": n["label"], "actor": actor}


def _sequence(title: str, participants: list[Participant], steps: list[Step]) -> Sequence:
    used = {p for st in steps for p in (st.get("source"), st.get("target")) if p}
    return {
        "kind": "sequence",
        "title": title,
        "participants": [p for p in participants if p["id"] in used],
        "steps": steps,
    }


def _client(s: _System) -> Participant:
    if s.has["frontend"] and s.mobile:
        # Both sign in and call the API the same way: one participant stands for both.
        return _participant(node("frontend", "Web or mobile app"))
    if s.has["frontend"]:
        return _participant(s.frontend())
    if s.mobile:
        return _participant(s.mobile_app())
    return _participant(node("users", "API client"))


def _backend(s: _System) -> Participant:
    """The deployable that serves the request (the first unit when there are several)."""
    app = s.deployables()[0]
    return {"id": app["id"], "label": app["label"], "actor": False}


def _reads(s: _System, app: str, write: str) -> list[Step]:
    """Cache-aside reads in front of the datastore, or the datastore alone."""
    steps: list[Step] = []
    if s.has["cache"]:
        steps += [
            msg(app, "cache", "GET key"),
            block("alt", "cache hit"),
            reply("cache", app, "cached value"),
            block("else", "cache miss"),
        ]
        if s.has["datastore"]:
            steps += [msg(app, "datastore", "query"), reply("datastore", app, "rows")]
        steps += [msg(app, "cache", "SET key with TTL"), block("end")]
    if s.has["datastore"]:
        steps += [msg(app, "datastore", write), reply("datastore", app, "committed")]
    return steps


def _main_flow(s: _System) -> Sequence:
    """The main request path of the style, through the chosen components."""
    client, entry, backend = _client(s), _participant(s.entry()), _backend(s)
    if s.ingest_main:
        # Devices and no people: the main flow is the device ingest path, not an API call.
        devices = s.actors["devices"]
        client = _participant(node("devices", devices["node"]), actor=True)
        entry = _participant(node("ingest", "Device ingest endpoint"))
    app = backend["id"]
    title = f"Main request path of {s.name}"
    parts = [client, entry, backend]
    if s.has["cache"]:
        parts.append(_participant(s.cache()))
    if s.has["datastore"]:
        store = _participant(s.datastore())
        if s.per_service:
            store["label"] = f"{s.units[0]['domain']} data ({store['label']})"
        parts.append(store)
    if s.has["broker"]:
        parts.extend([*(_participant(n) for n in relay_nodes(s)), _participant(s.broker())])
    later = _published(s, backend)
    if s.ingest_main:
        handoff = s.actors["devices"].get("handoff") or "forwards"
        steps = [
            send("devices", "ingest", "telemetry (client certificate)"),
            send("ingest", app, handoff),
            note(app, "warm instance reused, or a cold start"),
            *_reads(s, app, s.write_label),
            *later,
        ]
        parts += [p for p in _consumer_part(s, backend) if p not in parts]
        return _sequence(title, parts, steps)
    request = "command" if s.style == "event_driven" else f"request ({s.protocol})"
    if s.pages:
        # Server-rendered pages: the browser asks for a page or posts a form, no API call.
        request = "page request or form post (HTTPS)"
    steps: list[Step] = [msg(client["id"], "entry", request)]
    if s.style == "serverless":
        steps += [
            msg("entry", app, "invoke the function for the route"),
            note(app, "warm instance reused, or a cold start"),
        ]
    elif s.style == "microservices":
        steps.append(msg("entry", app, "route by path to the owning service"))
        if len(s.units) > 1:
            other = _participant(node(s.units[1]["id"], s.units[1]["name"]))
            parts.insert(3, other)
            steps += [
                msg(app, other["id"], f"call over {s.internal} with timeout and retry budget"),
                reply(other["id"], app, "answer"),
            ]
    elif s.style == "event_driven":
        steps.append(msg("entry", app, "forward the command"))
    else:
        entry = s.patterns.get("entry") or {}
        steps.append(
            msg("entry", app, entry.get("forward_label") or "forward to a healthy instance")
        )
        if s.style == "modular_monolith":
            steps.append(note(app, "owning module, through its public interface"))
    if s.style == "event_driven":
        if s.has["datastore"]:
            write = {
                "outbox": "state change and outbox row, one transaction",
                "change_feed": "state change (the change feed records it)",
                "publish_then_persist": "state change, after the event is published",
            }.get(s.publish, "state change")
            if s.publish == "publish_then_persist" and s.has["broker"]:
                steps.append(send(app, "broker", "publish the event with an idempotency key"))
            steps += [msg(app, "datastore", write), reply("datastore", app, "committed")]
        steps += [reply(app, "entry", "202 Accepted"), reply("entry", client["id"], "202 Accepted")]
        if s.has["broker"]:
            consumer = (
                _participant(node(s.units[1]["id"], s.units[1]["name"]))
                if len(s.units) > 1
                else backend
            )
            if consumer is not backend:
                parts.append(consumer)
            if s.relayed:
                steps += _relay_steps()
            elif s.publish == "outbox":
                steps.append(send(app, "broker", "outbox relay publishes the event"))
            steps += [
                send("broker", consumer["id"], "deliver the event"),
                block("alt", "processed"),
                msg(consumer["id"], consumer["id"], "update own state idempotently"),
                block("else", "fails after its retries"),
                # Who dead-letters is the broker's trait: one that keeps a copy per
                # subscription moves it itself; on a shared log (Kafka) the consumer publishes
                # the record to its dead-letter topic.
                note("broker", "moved to the dead-letter destination, alert raised")
                if ((s.model.get("traits") or {}).get("broker") or {}).get("copies", True)
                else send(
                    consumer["id"], "broker", "publish to its dead-letter topic, alert raised"
                ),
                block("end"),
            ]
        return _sequence(title, parts, steps)
    if s.has["broker"] and s.publish == "publish_then_persist":
        steps.append(send(app, "broker", "publish the event with an idempotency key"))
    outbox = s.publish == "outbox" and s.has["broker"]
    steps += _reads(
        s, app, "state change and outbox row, one transaction" if outbox else s.write_label
    )
    if s.has["broker"] and s.publish == "outbox":
        steps.append(send(app, "broker", "outbox relay publishes the event"))
    # The change feed's relay publishes after the response, outside the request.
    steps += [reply(app, "entry", "response"), reply("entry", client["id"], "response"), *later]
    parts += [p for p in _consumer_part(s, backend) if p not in parts] if later else []
    return _sequence(title, parts, steps)


def _relay_steps() -> list[Step]:
    return [
        send("datastore", "relay", "committed change on the change feed"),
        send("relay", "broker", "publish the event"),
    ]


def _consumer_part(s: _System, backend: Participant) -> list[Participant]:
    if len(s.units) < 2 or s.single:
        return []
    return [_participant(node(s.units[1]["id"], s.units[1]["name"]))]


def _published(s: _System, backend: Participant) -> list[Step]:
    """After the request (non-event-driven styles): the relay publishes the committed change
    and the broker delivers it to a consumer."""
    if not s.relayed or (s.style == "event_driven" and not s.ingest_main):
        return []
    steps = _relay_steps()
    consumer = _consumer_part(s, backend)
    if consumer:
        steps.append(send("broker", consumer[0]["id"], "deliver the event"))
    return steps


def _auth(s: _System) -> Sequence:
    """The chosen authentication method as a sequence of messages."""
    key = s.opt["auth"]["key"]
    # The system's own sign-in asks for a second factor where it is the way into the CDE.
    mfa = bool((s.facts.get("pci") or {}).get("sign_in_mfa"))
    # The person is the users actor in its own word (actors.yaml node); an operator only
    # where people issue keys or certificates to machines.
    users = s.actors.get("users")
    person = "Operator" if key in ("api_keys", "mtls") else users["node"] if users else "User"
    user = _participant(node("person", person), actor=True)
    client, backend = _client(s), _backend(s)
    c, b = client["id"], backend["id"]
    parts = [user, client, backend]
    steps: list[Step]
    if key == "oidc" and not s.people:
        return _machine_auth(s, backend)
    if key == "oidc":
        idp = _participant(s.idp())
        parts.insert(2, idp)
        # How this provider signs users in and which token the API checks (traits/idp.yaml).
        found = (s.model.get("patterns") or {}).get("auth") or {}
        checks = found.get("claims_short") or "issuer, audience, expiry, scopes"
        if found.get("sign_in") == "sdk":
            steps = [
                msg("person", c, "sign in"),
                msg(c, "idp", "sign in through the client SDK"),
                msg("person", "idp", "authenticate (password and MFA, or federated)"),
                reply("idp", c, "ID token and refresh token"),
                msg(c, b, "API call with the ID token as bearer token"),
                block("opt", "signing keys not cached"),
                msg(b, "idp", "fetch the public signing keys"),
                reply("idp", b, "public keys"),
                block("end"),
                note(b, f"Admin SDK verifies signature, {checks}"),
                reply(b, c, "response"),
                msg(c, "idp", "SDK renews the ID token with the refresh token"),
                reply("idp", c, "new ID token"),
            ]
        else:
            steps = [
                msg("person", c, "sign in"),
                msg(c, "idp", "authorization request with PKCE challenge, state, nonce"),
                msg("person", "idp", "authenticate (password and MFA, or federated)"),
                reply("idp", c, "redirect with a one-time authorization code"),
                msg(c, "idp", "exchange the code and the PKCE verifier"),
                reply("idp", c, "ID token, access token, refresh token"),
                msg(c, b, "API call with the access token as bearer token"),
                block("opt", "signing keys not cached"),
                msg(b, "idp", "fetch JWKS"),
                reply("idp", b, "public keys"),
                block("end"),
                note(b, f"check signature, {checks}"),
                reply(b, c, "response"),
                msg(c, "idp", "refresh token when the access token expires"),
                reply("idp", c, "new access token"),
            ]
    elif key == "jwt":
        steps = [
            msg("person", c, "enter credentials"),
            msg(c, b, "POST login over TLS"),
            note(
                b,
                "check the password hash and the second factor"
                if mfa
                else "check the password hash and MFA",
            ),
            reply(b, c, "signed access token and refresh token"),
            msg(c, b, "API call with the bearer token"),
            note(b, "verify signature by kid, issuer, audience, expiry"),
            reply(b, c, "response"),
            msg(c, b, "trade the refresh token for a new pair"),
            reply(b, c, "new pair; the old refresh token is invalid"),
        ]
    elif key == "sessions":
        store_node = s.cache() if s.has["cache"] else s.datastore() if s.has["datastore"] else None
        store = _participant(store_node or node("store", "Session store"))
        parts.append(store)
        sid = store["id"]
        steps = [
            msg("person", c, "enter credentials"),
            msg(c, b, "POST login over TLS"),
            *([note(b, "check the password hash and the second factor")] if mfa else []),
            msg(b, sid, "create a session under a fresh random ID"),
            reply(b, c, "Set-Cookie HttpOnly Secure SameSite=Lax, CSRF token"),
            msg(c, b, "request with the cookie and the CSRF token"),
            msg(b, sid, "load the session, check idle and absolute timeouts"),
            reply(b, c, "response"),
            msg(c, b, "logout"),
            msg(b, sid, "delete the session"),
            reply(b, c, "cookie cleared"),
        ]
    elif key == "api_keys":
        steps = [
            msg("person", b, "issue a key for the client"),
            note(b, "store only the hash, prefix, scopes and expiry"),
            reply(b, "person", "the full key, shown once"),
            msg("person", c, "store the key in the secret store"),
            msg(c, b, "request with the key in a header, over TLS"),
            note(b, "hash the key, look it up, apply scopes and rate limit"),
            reply(b, c, "response, or 401 for an unknown or revoked key"),
        ]
    else:  # mtls
        ca = _participant(node("ca", "Private CA or service mesh"))
        parts.insert(1, ca)
        steps = [
            msg(c, "ca", "request a short-lived certificate"),
            reply("ca", c, "X.509 certificate naming the workload"),
            msg(c, b, "TLS handshake with the workload certificate"),
            reply(b, c, "server certificate"),
            note(b, "both check chain, validity and expected name"),
            msg(c, b, "request over the verified connection"),
            note(b, "map the SAN or SPIFFE ID to a caller, authorize"),
            reply(b, c, "response"),
        ]
    return _sequence(f"{s.opt['auth']['label']} in {s.name}", parts, steps)


def _machine_auth(s: _System, backend: Participant) -> Sequence:
    """No person signs in: each machine caller's own flow. Internal systems by the client
    credentials grant, or by their workload identity where the provider has none
    (traits/idp.yaml); devices with their certificate at the ingest endpoint; partners with
    their key at the gateway."""
    b = backend["id"]
    found = (s.model.get("patterns") or {}).get("auth") or {}
    parts: list[Participant] = []
    steps: list[Step] = []
    if "internal_systems" in s.actors:
        # Internal calls pass the one HTTP entry point too (actors.yaml internal_systems).
        parts += [_participant(node("internal", "Internal system"), actor=True)]
        entry = _participant(s.entry())
        if found.get("client_credentials", True):
            parts += [_participant(s.idp()), entry]
            checks = found.get("claims_short") or "issuer, audience, expiry, scopes"
            steps += [
                msg("internal", "idp", "client credentials grant with its own credential"),
                reply("idp", "internal", "access token, no refresh token"),
                msg("internal", "entry", "API call with the access token as bearer token"),
                msg("entry", b, "forwards the call"),
                block("opt", "signing keys not cached"),
                msg(b, "idp", "fetch JWKS"),
                reply("idp", b, "public keys"),
                block("end"),
                note(b, f"check signature, {checks}"),
            ]
        else:
            parts.append(entry)
            steps += [
                msg("internal", "entry", "API call with an ID token of its workload identity"),
                msg("entry", b, "forwards the call"),
                note(b, "verify the platform's signature, issuer, audience, service account"),
            ]
        steps += [reply(b, "entry", "response"), reply("entry", "internal", "response")]
    if "devices" in s.actors:
        parts += [
            _participant(node("devices", "Device"), actor=True),
            _participant(node("ingest", "Device ingest endpoint")),
            _participant(node("device_registry", "Device registry")),
        ]
        handoff = s.actors["devices"].get("handoff") or "forwards"
        steps += [
            msg("devices", "ingest", "TLS handshake with its X.509 client certificate"),
            msg("ingest", "device_registry", "look the certificate up"),
            reply("device_registry", "ingest", "known, enabled device"),
            msg("devices", "ingest", "telemetry message"),
            msg("ingest", b, handoff),
        ]
    if "partner_systems" in s.actors:
        parts += [
            _participant(node("partners", "Partner system"), actor=True),
            _participant(node("partner_gateway", "Partner API gateway")),
        ]
        steps += [
            msg("partners", "partner_gateway", "call with its API key"),
            note("partner_gateway", "check the key and the partner's quota"),
            # The gateway calls as itself and names the partner (actors.yaml `forward`).
            msg("partner_gateway", b, "call as the gateway, partner in a header"),
            reply(b, "partners", "response"),
        ]
    parts.append(backend)
    return _sequence(f"{s.opt['auth']['label']} in {s.name}", parts, steps)


# ---------------------------------------------------------------------------- the views


def build_diagrams(model: Mapping[str, Any]) -> Diagrams:
    """Every diagram the documents draw, for this model."""
    s = _System(model)
    new = node("new_component", "New or changed component", "this feature", "new", "Container")
    return {
        "system": _system_view(s),
        "target": _system_view(s, [new]),
        "components": _components_view(s),
        "deployment": _deployment_view(s),
        "main_flow": _main_flow(s),
        "auth": _auth(s),
        "pipeline": _pipeline(s),
        "message_queue": _message_queue(s),
        "edges": s.edges(),
    }
