"""Decision records (ADRs): one per questionnaire topic, numbered once and for good.

Record 0001 is the decision to keep records at all; every other record belongs to one
questionnaire topic, whose number, file-name slug and title come from the `adr` key of its
catalog file. Nothing else decides them, so no answer (and no other topic being on or off)
ever renumbers or renames a record. Every topic always has a record: a "none" answer (no
cache, no identity provider, no compliance regime) is a decision too, and a record that is
always there keeps the block 0001-0016 closed, so the numbers a team gives its own records
(adr-tools takes the highest number plus one) never collide with a template topic.

The records are format-neutral: `Adrs.record(topic, fmt)` and `Adrs.records(fmt)` hand them to
the template macros in includes/adr.jinja, which lay them out as MADR 4 or Nygard. Strings
are Markdown already: answer text (system name, description, team) is escaped here; catalog
text is plain sentences by the catalog's rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .catalog import MULTISELECT, QUESTIONS, Catalog, fill_tokens
from .filters import md
from .questions import framework_gap, refusal, split_domains
from .traits import (
    by_clients,
    by_cloud,
    by_consumers,
    by_hosting,
    change_request,
    function_terms,
    prose_terms,
)

FORMATS = ("madr", "nygard")
DIRECTORY = "docs/architecture/decisions"
STATUS = "proposed"
FIRST_TOPIC = "decision_records"

# Record 0001: the decision to keep decision records, and in which format. Its options are
# the two formats the questionnaire offers and the real alternative of keeping none.
FIRST = {
    "number": 1,
    "slug": "record-architecture-decisions",
    "title": "Record architecture decisions",
    "problem": "How should {system} record its architecture decisions, so that the reasons "
    "survive after the people who made them move on?",
}
FORMAT_OPTIONS: dict[str, dict[str, Any]] = {
    "madr": {
        "label": "MADR 4",
        "summary": "Markdown Any Decision Records, version 4: one Markdown file per decision, "
        "with YAML front matter for status, date and decision-makers, and fixed sections from "
        "the problem statement to the pros and cons of every option weighed.",
        "link": "https://adr.github.io/madr/",
        "strengths": [
            "The options that were not chosen stay on record with their pros and cons, so a "
            "later reader sees what was weighed, not only what won",
            "Status, date and decision-makers sit in front matter that indexers such as the "
            "Backstage ADR plugin read",
            "The Confirmation section says how the team checks that the decision still holds",
        ],
        "tradeoffs": [
            "A record is longer to write and review than a four-section one, and optional "
            "sections tend to be left half-filled",
            "there is no official command-line tool: the next number and the links between "
            "superseding records are set by hand",
            "adr-tools cannot mark a MADR record superseded, as it edits a Status section that "
            "MADR keeps in the front matter",
        ],
        "rationale": "keeps every option weighed with its pros and cons, and carries status, "
        "date and decision-makers as metadata that tools read",
        "confirmation": "Every pull request that changes an architecture decision adds a record "
        "(or supersedes one) in docs/architecture/decisions, and its review checks that the "
        "front matter parses",
    },
    "nygard": {
        "label": "Nygard, with adr-tools",
        "summary": "Michael Nygard's original layout: a numbered Markdown file per decision with "
        "a title line, a date and the sections Status, Context, Decision and Consequences, "
        "managed with the adr-tools command line.",
        "link": "https://github.com/npryce/adr-tools",
        "strengths": [
            "it has four short sections that a team fills in within minutes",
            "adr-tools numbers new records, supersedes and links them (adr new -s, adr link) "
            "and prints a table of contents",
            "it is the most widely known layout, and most decision-record tools read it",
        ],
        "tradeoffs": [
            "it has no section of its own for the options that were not chosen; they survive "
            "only where the context names them",
            "Status and date are lines of text rather than metadata, so indexers have to parse "
            "the body",
            "adr-tools is a set of Bash scripts, so on Windows it needs Git Bash or WSL",
        ],
        "rationale": "keeps each record short and lets adr-tools number, supersede and link "
        "records from the command line",
        "confirmation": "adr list shows every record, and every pull request that changes an "
        "architecture decision adds one with adr new, superseding the old record with -s",
    },
    "none": {
        "label": "No decision records",
        "summary": "Decisions live only in the architecture documents, which describe the "
        "system as it is now.",
        "link": "",
        "strengths": [
            "there is nothing to maintain besides the documents themselves",
            "there is one place to read, and it always shows the current state",
        ],
        "tradeoffs": [
            "When a choice changes, the documents are rewritten and the earlier reasons and "
            "the options weighed are lost",
            "Reviewers cannot tell a deliberate decision from an accident of history",
            "Newcomers re-open settled questions because nothing records why they were settled",
        ],
    },
}

# Answers that drive a decision without being a catalog question, with how they read.
TARGET_DRIVERS = ("domains", "description", "availability", "latency", "recovery")


@dataclass(frozen=True)
class Topic:
    """One numbered record slot: fixed for good once released."""

    key: str
    number: int
    slug: str
    title: str

    @property
    def id(self) -> str:
        return f"{self.number:04d}"

    @property
    def file(self) -> str:
        return f"{self.id}-{self.slug}.md"


@dataclass(frozen=True)
class Option:
    """One considered option: pros and cons are clauses that follow "Good, because"."""

    key: str
    label: str
    summary: str
    service: str
    pros: tuple[str, ...]
    cons: tuple[str, ...]
    chosen: bool
    because: str = ""
    confirmation: str = ""
    link: str = ""


@dataclass(frozen=True)
class Record:
    """A decision record's content, whatever the format it is written in."""

    topic: Topic
    status: str
    date: str
    team: str
    context: str
    problem: str
    drivers: tuple[str, ...]
    options: tuple[Option, ...]
    good: tuple[str, ...]
    bad: tuple[str, ...]
    more: tuple[str, ...]
    ruled_out: tuple[str, ...] = ()
    where: str = ""  # after "On": the cloud's name, or "premises"

    @property
    def number(self) -> int:
        return self.topic.number

    @property
    def id(self) -> str:
        return self.topic.id

    @property
    def file(self) -> str:
        return self.topic.file

    @property
    def title(self) -> str:
        return self.topic.title

    @property
    def question(self) -> str:
        return self.topic.key

    @property
    def chosen(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.chosen)


@dataclass(frozen=True)
class Adrs:
    """Every record of the system; the 0001 record is built for the format asked for."""

    directory: str
    topics: tuple[Topic, ...]
    answers_today: tuple[dict[str, str], ...]
    _records: Mapping[str, Record] = field(repr=False)
    _first: Mapping[str, Record] = field(repr=False)

    @property
    def files(self) -> dict[str, str]:
        """Topic key -> file name of its record in docs/architecture/decisions/."""
        return {t.key: t.file for t in self.topics}

    def written(self, topic: str) -> bool:
        """Whether the template writes this topic's record (see `template_records`)."""
        return topic in self.files

    def record(self, topic: str, fmt: str) -> Record:
        if fmt not in FORMATS:
            raise ValueError(f"adr_format is {fmt!r}; expected one of {', '.join(FORMATS)}.")
        return self._first[fmt] if topic == FIRST_TOPIC else self._records[topic]

    def records(self, fmt: str) -> list[Record]:
        return [self.record(t.key, fmt) for t in self.topics]


def topics(catalog: Catalog) -> tuple[Topic, ...]:
    """Every record slot in number order; refuses a catalog whose numbers clash."""
    found = [Topic(FIRST_TOPIC, FIRST["number"], FIRST["slug"], FIRST["title"])]
    for question in QUESTIONS:
        data = catalog[question]["adr"]
        for driver in data["drivers"]:
            if driver not in QUESTIONS and driver not in TARGET_DRIVERS:
                raise ValueError(
                    f"catalog {question}.yaml: adr.drivers names {driver!r}; expected a "
                    f"question or one of {', '.join(TARGET_DRIVERS)}"
                )
        found.append(Topic(question, int(data["number"]), str(data["slug"]), str(data["title"])))
    found.sort(key=lambda t: t.number)
    numbers = [t.number for t in found]
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"catalog: two decision-record topics share a number in {numbers}")
    return tuple(found)


_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\(\s*)$")
_CAPITALISED = re.compile(r"[A-Z][\w-]*")
# Words that start a catalog sentence but are never names.
_COMMON_WORDS = (
    "A An The It Its No One Two Five Each Every All Any In On At With Only Some Most Few More "
    "Not Several There This These Both Many"
)
_COMMON = frozenset(_COMMON_WORDS.split(" "))


def _texts(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


_LEADING_NAME = re.compile(r"[A-Z][\w-]*(?=$| [A-Z])")
_AFTER_NAME = re.compile(r" [A-Z]")
_NAME_BEFORE = re.compile(r"[A-Z][\w-]* $")
# Enough of the text before a word to decide; no name in the catalog is longer.
_WINDOW = 80


def proper_words(catalog: Catalog) -> frozenset[str]:
    """Words that are names: those of labels and terms, and capitalised words the catalog
    also writes on their own in mid-sentence (not as part of a longer name)."""
    words: set[str] = set()
    for question in QUESTIONS:
        for entry in catalog[question]["entries"].values():
            for name in [entry["label"], *entry.get("terms", [])]:
                if first := _LEADING_NAME.match(name):
                    words.add(first.group())
        for text in _texts(catalog[question]["entries"]):
            if "\n" in text:  # a code or configuration example, not prose
                continue
            for match in _CAPITALISED.finditer(text):
                start, word = match.start(), match.group()
                if word in words or start == 0:
                    continue
                if not (text[start - 1].isspace() or text[start - 1] in '("'):
                    continue
                window = max(0, start - _WINDOW)
                before = text[:start]
                if _SENTENCE_START.search(before, window) or _NAME_BEFORE.search(before, window):
                    continue
                if not _AFTER_NAME.match(text, match.end()):
                    words.add(word)
    return frozenset(words - _COMMON)


def clause(sentence: str, proper: frozenset[str]) -> str:
    """A catalog sentence as the clause after "because": no final stop, and a first word that
    is not a name in lower case (names, acronyms and multi-word names keep their capitals)."""
    text = sentence.strip().rstrip(".")
    first = re.match(r"([A-Za-z][\w-]*)( [A-Z][a-z])?", text)
    if not first:
        return text
    word = first.group(1)
    if word not in _COMMON and (first.group(2) or word in proper or word[1:] != word[1:].lower()):
        return text
    return text[0].lower() + text[1:]


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _service(entry: Mapping[str, Any]) -> str:
    service = str(entry.get("service") or "")
    return "" if service == entry["label"] else service


def _chosen_option(entry: Mapping[str, Any], proper: frozenset[str]) -> Option:
    return Option(
        key=entry["key"],
        label=entry["label"],
        summary=entry["summary"],
        service=_service(entry),
        pros=tuple(clause(s, proper) for s in entry["strengths"]),
        cons=tuple(clause(s, proper) for s in entry["tradeoffs"]),
        chosen=True,
        because=f"it {entry['rationale']}",
        confirmation=str(entry["confirmation"]).rstrip("."),
    )


# What an alternative says where the chosen option names this system's own facts.
ALTERNATIVE_TERMS = {
    "{third_party_metrics}": "",
    "{claims_short}": "issuer, audience, expiry, scopes",
    "{client}": "the client",
    "{internal_path}": "at the entry point",
    "{internal_call}": "at its address",
}


def _with_terms(entry: Mapping[str, Any], terms: Mapping[str, str], cloud: str) -> dict[str, Any]:
    """A raw catalog entry with the datastore's load terms filled in ({db_burst}, ...), its
    text for the system's cloud kept and the system's own facts said in general."""

    clients = terms.get("{clients}", "people web mobile").split()
    tokens = {**ALTERNATIVE_TERMS, **terms}
    return {
        k: by_consumers(
            by_clients(by_hosting(by_cloud(fill_tokens(v, tokens), cloud), None), clients), None
        )
        for k, v in entry.items()
    }


def _other_option(
    catalog: Catalog,
    question: str,
    key: str,
    cloud: str,
    proper: frozenset[str],
    terms: Mapping[str, str],
) -> Option:
    raw = _with_terms(catalog[question]["entries"][key], terms, cloud)
    service = (raw.get("services") or {}).get(cloud) or ""
    fn_terms = function_terms(cloud)

    def said(sentence: str) -> str:
        for token, value in fn_terms.items():
            sentence = sentence.replace(token, value)
        return clause(sentence, proper)

    return Option(
        key=key,
        label=raw["label"],
        summary=raw["summary"],
        service="" if service == raw["label"] else service,
        pros=tuple(said(s) for s in raw["strengths"]),
        cons=tuple(said(s) for s in raw["tradeoffs"]),
        chosen=False,
    )


def _none_option(
    data: Mapping[str, Any], fill: Mapping[str, str], proper: frozenset[str]
) -> Option:
    return Option(
        key="none",
        label=data["label"],
        summary=data["summary"],
        service="",
        pros=tuple(clause(s, proper) for s in data["strengths"]),
        cons=tuple(clause(s, proper) for s in data["tradeoffs"]),
        chosen=True,
        because=str(data["rationale"]).format_map(dict(fill)),
        confirmation=str(data["confirmation"]).rstrip("."),
    )


def _ruled_out(catalog: Catalog, question: str, key: str, answers: Mapping[str, Any]) -> str:
    """An alternative the other answers rule out, with what it would need."""
    entry = catalog[question]["entries"][key]
    needs = []
    for other, allowed in entry.get("requires", {}).items():
        if answers.get(other) is not None and answers.get(other) not in allowed:
            labels = [catalog[other]["entries"][v]["label"] for v in allowed]
            title = catalog[other]["adr"]["title"]
            needs.append(f"{title}: {' or '.join(labels)}")
    if not needs and question == "backend_framework":
        needs.append(framework_gap(catalog, key, answers))
    why = f": {entry['requires_why']}" if entry.get("requires_why") else ""
    return f"{entry['label']} (needs {'; '.join(needs)}{why})"


def _options(
    catalog: Catalog,
    question: str,
    opt: Mapping[str, Any],
    answers: Mapping[str, Any],
    proper: frozenset[str],
    terms: Mapping[str, str],
) -> tuple[list[Option], list[str]]:
    """Chosen options first (catalog order), then the alternatives the other answers allow;
    and the alternatives they rule out, each with what it would need."""
    data = catalog[question]["adr"]
    cloud = str(answers["cloud"])
    entries = catalog[question]["entries"]
    value = opt[question]
    chosen_entries = (value or []) if question in MULTISELECT else ([value] if value else [])
    chosen_entries = sorted(chosen_entries, key=lambda e: list(entries).index(e["key"]))
    options = [_chosen_option(e, proper) for e in chosen_entries]
    if not options:
        fill = {"auth": opt["auth"]["label"]}
        options = [_none_option(_with_terms(data["none"], terms, cloud), fill, proper)]
        candidates = list(entries) if data.get("consider_all") else data["none"]["alternatives"]
    elif data.get("consider_all"):
        candidates = list(entries)
    else:
        candidates = [a for e in chosen_entries for a in entries[e["key"]]["alternatives"]]
    seen = {o.key for o in options}
    ruled_out = []
    for key in candidates:
        if key in seen:
            continue
        seen.add(key)
        if refusal(catalog, question, key, answers):
            ruled_out.append(_ruled_out(catalog, question, key, answers))
        else:
            options.append(_other_option(catalog, question, key, cloud, proper, terms))
    return options, ruled_out


def _consequences(chosen: Sequence[Option]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Good and bad consequences of the chosen options, each a full line."""
    several = len(chosen) > 1
    good, bad = [], []
    for option in chosen:
        tag = f" ({option.label})" if several else ""
        good.extend(f"Good{tag}, because {p}" for p in option.pros)
        bad.extend(f"Bad{tag}, because {c}" for c in option.cons)
    return tuple(good), tuple(bad)


def _cloud_phrase(cloud: Mapping[str, Any]) -> str:
    return "on premises" if cloud["key"] == "onprem" else f"on {cloud['label']}"


def _frame(topic: str, opt: Mapping[str, Any]) -> str:
    """How the system is built, leaving out the record's own topic."""
    style, cloud, deployment = opt["style"], opt["cloud"], opt["deployment"]
    parts = []
    if topic != "style":
        parts.append(f"uses the {style['label'].lower()} architecture style")
    if topic == "cloud":
        parts.append(f"is deployed to {deployment['label']}")
    elif topic == "deployment":
        parts.append(f"runs {_cloud_phrase(cloud)}")
    else:
        parts.append(f"runs on {deployment['service']} {_cloud_phrase(cloud)}")
    return _and(parts)


def _context(
    topic: str,
    opt: Mapping[str, Any],
    answers: Mapping[str, Any],
    targets: Mapping[str, Any],
) -> str:
    name = md(answers["project_name"])
    description = md(answers["description"]).strip().rstrip(".")
    domains = _and([md(d) for d in split_domains(str(answers["capabilities"]))])
    regimes = [e["label"] for e in opt["compliance"]]
    text = (
        f'{name} is owned by {md(answers["owner_team"])} and described as "{description}". '
        f"It {_frame(topic, opt)}, serves the business capabilities {domains}, and must meet "
        f"{targets['availability']} availability (at most {targets['downtime_month']} of "
        f"downtime a month), a p95 latency under {targets['latency_ms']} ms, a recovery time "
        f"objective of {targets['rto']} and a recovery point objective of {targets['rpo']}."
    )
    if regimes and topic != "compliance":
        text += f" It has to comply with {_and(regimes)}."
    return text


def _link(topic: Topic) -> str:
    return f"[{topic.title}]({topic.file})"


def _driver(
    key: str,
    opt: Mapping[str, Any],
    answers: Mapping[str, Any],
    targets: Mapping[str, Any],
    by_key: Mapping[str, Topic],
) -> str:
    """One decision driver, read from the answers; another topic's driver links its record."""
    if key == "domains":
        items = split_domains(str(answers["capabilities"]))
        return f"Business capabilities to serve: {_and([md(d) for d in items])}"
    if key == "description":
        return (
            f"What the system does: {md(answers['description']).rstrip('.')}; the data it holds "
            "and the customers it serves decide which regimes apply"
        )
    if key == "availability":
        return (
            f"Availability target: {targets['availability']} a month, at most "
            f"{targets['downtime_month']} of downtime"
        )
    if key == "latency":
        return f"Latency target: p95 under {targets['latency_ms']} ms for API responses"
    if key == "recovery":
        return (
            f"Recovery targets: an outage may last {targets['rto']} (RTO), and at most "
            f"{targets['rpo']} of recent data may be lost (RPO)"
        )
    value = opt[key]
    if key in MULTISELECT:
        chosen = ", ".join(e["label"] for e in value) or "none selected"
    elif value is None:
        chosen = f"none, because authentication is {opt['auth']['label']}"
    else:
        service = _service(value)
        chosen = f"{value['label']} ({service})" if service else value["label"]
    return f"{_link(by_key[key])}: {chosen}"


def _topic_record(
    topic: Topic,
    catalog: Catalog,
    opt: Mapping[str, Any],
    answers: Mapping[str, Any],
    targets: Mapping[str, Any],
    by_key: Mapping[str, Topic],
    documents: Sequence[tuple[str, str]],
    proper: frozenset[str],
    arch: Mapping[str, Any] | None = None,
) -> Record:
    question = topic.key
    data = catalog[question]["adr"]
    options, ruled_out = _options(catalog, question, opt, answers, proper, prose_terms(arch))
    # The question was not asked (no identity provider, or a target that is not PaaS).
    not_asked = question in ("idp", "paas_service") and opt[question] is None
    if not_asked:
        # The question was not asked: a short "not needed, because" record, no options weighed.
        options, ruled_out = [o for o in options if o.chosen], []
    chosen = [o for o in options if o.chosen]
    good, bad = _consequences(chosen)
    if not_asked:
        good, bad = good[:1], bad[:1]
    related = [by_key[d] for d in data["drivers"] if d in by_key]
    more = list(_trait_lines(question, arch or {}))
    if related:
        more.append("Related records: " + ", ".join(f"{t.id} {_link(t)}" for t in related))
    if documents:
        more.append(
            "Where the documents build on it: "
            + ", ".join(f"[{title}](../{file})" for file, title in documents)
        )
    more.append(
        "TODO(team): when to revisit this decision (a date, a load level or an event such as "
        "a new market)"
    )
    cloud = opt["cloud"]
    return Record(
        topic=topic,
        status=STATUS,
        date=str(answers["decision_date"]),
        team=md(answers["owner_team"]),
        context=_context(question, opt, answers, targets),
        problem=str(data["problem"]).replace("{system}", md(answers["project_name"])),
        drivers=tuple(
            _driver(d, opt, answers, targets, by_key) for d in data["drivers"] if d != question
        ),
        options=tuple(options),
        good=good,
        bad=bad,
        more=tuple(more),
        ruled_out=tuple(ruled_out),
        where=cloud["label"] if cloud["key"] != "onprem" else "premises",
    )


def _trait_lines(question: str, arch: Mapping[str, Any]) -> Iterable[str]:
    """What the chosen product can and cannot do here, for its record's "More" section."""
    patterns, facts = arch.get("patterns") or {}, arch.get("facts") or {}
    if question == "datastore" and facts.get("transaction_scope"):
        yield f"Transactions: {facts['transaction_scope']}"
        # The feed and its reader (Debezium) only where the change feed publishes the events.
        if facts.get("change_feed") and patterns.get("publish", {}).get("pattern") == "change_feed":
            yield f"Change feed: {facts['change_feed']}"
        if patterns.get("publish", {}).get("text"):
            yield f"Publishing events: {patterns['publish']['text']}"
        if patterns.get("publish", {}).get("erasure"):
            yield f"GDPR erasure: {patterns['publish']['erasure']}"
        recovery = patterns.get("recovery") or {}
        if recovery.get("text"):
            yield f"Recovery: {recovery['text']} {' '.join(recovery['notes'])}".rstrip()
        if facts.get("unsupported_tools"):
            yield "Not for this store: " + ", ".join(facts["unsupported_tools"])
    elif question == "deployment" and facts.get("unit"):
        yield (
            f"Unit of deployment: {facts['unit']}; identity: {facts['identity']}; artifact: "
            f"{facts['artifact']} in {facts['artifact_store']}; TLS ends at "
            f"{facts['tls_ends_at']}"
            + (f" ({facts['tls_onward']})" if facts.get("tls_onward") else "")
        )
        entry = patterns.get("entry") or {}
        if entry:
            yield f"Entry point: {entry['rate_limiting']}; {entry['waf']}"
        health = patterns.get("health") or {}
        if health.get("text"):
            yield f"Health: {health['text']}"
        if facts.get("cpu_always"):
            yield f"CPU between requests: {patterns['consumers']['text']}"
    elif question == "auth" and (patterns.get("mtls") or {}).get("text"):
        yield f"Where certificates are checked: {patterns['mtls']['text']}"
    elif question == "auth":
        for warning in (patterns.get("auth") or {}).get("warnings", []):
            yield f"Warning: {warning}"
    elif question == "idp" and (patterns.get("auth") or {}).get("text"):
        yield f"Tokens and outages: {patterns['auth']['text']}"
    elif question == "compliance":
        for regime in (arch.get("traits") or {}).get("compliance", []):
            yield f"{regime['label']} {regime['basis_text']}: it binds {regime['binds']}"


def _first_record(
    fmt: str,
    topic: Topic,
    answers: Mapping[str, Any],
    by_key: Mapping[str, Topic],
    proper: frozenset[str],
) -> Record:
    """Record 0001: keep decision records, in the format the questionnaire chose."""
    name, team = md(answers["project_name"]), md(answers["owner_team"])
    review = change_request(str(answers.get("ci")))
    options = []
    for key in (fmt, *[k for k in FORMAT_OPTIONS if k != fmt]):
        data = FORMAT_OPTIONS[key]
        chosen = key == fmt
        options.append(
            Option(
                key=key,
                label=data["label"],
                summary=data["summary"],
                service="",
                pros=tuple(clause(s, proper) for s in data["strengths"]),
                cons=tuple(clause(s, proper) for s in data["tradeoffs"]),
                chosen=chosen,
                because=f"it {data['rationale']}" if chosen else "",
                confirmation=str(data.get("confirmation", "")).replace(
                    "pull request", review["term"]
                ),
                link=str(data["link"]),
            )
        )
    good, bad = _consequences([options[0]])
    numbered = [t for t in by_key.values() if t.key != FIRST_TOPIC]
    # Records added after compliance (0017-0020) keep their numbers: name the last one as it is.
    last = max(numbered, key=lambda t: t.number)
    links = [f"{o['label']}: <{o['link']}>" for o in FORMAT_OPTIONS.values() if o["link"]]
    return Record(
        topic=topic,
        status=STATUS,
        date=str(answers["decision_date"]),
        team=team,
        context=(
            f"{name} is owned by {team}. Its architecture documents describe the system as it "
            "is; they do not keep why a choice was made, what else was weighed, or when it "
            f"changed. The questionnaire that wrote them made {len(numbered)} decisions, "
            f"from the architecture style ({numbered[0].id}) to the {last.title.lower()} "
            f"({last.id}); each gets a record of its own."
        ),
        problem=str(FIRST["problem"]).replace("{system}", name),
        drivers=(
            "Records live in the repository next to the code, as plain Markdown that "
            f"{review['host']} renders and {review['term']}s review",
            "A changed decision must not erase the old one: a new record supersedes it",
            "Numbers and file names never change once written, so links to a record stay valid",
            f"Decision-makers: {team}",
        ),
        options=tuple(options),
        good=good,
        bad=bad,
        more=(
            f"Formats: {', '.join(links)}, and Nygard's article "
            "<https://cognitect.com/blog/2011/11/15/documenting-architecture-decisions>",
        ),
    )


def build_adrs(
    answers: Mapping[str, Any],
    catalog: Catalog,
    opt: Mapping[str, Any],
    targets: Mapping[str, Any],
    documents: Sequence[Sequence[str]],
    arch: Mapping[str, Any] | None = None,
) -> Adrs:
    """Every decision record for these answers (the model's `adrs` key); `arch` holds the
    patterns and facts chosen from the products' traits (extensions/traits.py).

    Only records numbered up to the answer `template_records` are written: a project made
    before a release added records keeps the numbers after its last one for the team's own
    records (the v0.4.0 migration records 16 where the team already numbered 0017 on)."""
    proper = proper_words(catalog)
    slots = topics(catalog)
    last = answers.get("template_records")
    last_number = int(last) if last is not None else slots[-1].number
    by_key = {t.key: t for t in slots}
    chosen_docs = answers.get("documents") or [d[0] for d in documents]
    docs = [(d[1], d[2]) for d in documents if d[0] in chosen_docs]
    records = {
        t.key: _topic_record(t, catalog, opt, answers, targets, by_key, docs, proper, arch)
        for t in slots
        if t.key != FIRST_TOPIC
    }
    first = {
        fmt: _first_record(fmt, by_key[FIRST_TOPIC], answers, by_key, proper) for fmt in FORMATS
    }
    today = tuple(
        {
            "id": t.id,
            "file": t.file if t.number <= last_number else "",
            "title": t.title,
            "answer": ", ".join(o.label for o in records[t.key].chosen),
        }
        for t in slots
        if t.key != FIRST_TOPIC
    )
    written = tuple(t for t in slots if t.number <= last_number)
    return Adrs(DIRECTORY, written, today, records, first)
