"""Template code compiled once: shared within a process, and shipped with the template.

Copier builds a new Jinja environment for every run and compiles every document template and
every question string (help, default, choices, validator) again; in a fresh process that is
the largest part of the cost of a copy. The Python code Jinja generates for a source depends
only on the source, the template's name and the environment: its syntax settings, its
extensions' code, which filters and tests take the context, Jinja's version. All of them go
into a digest, which keys two layers:

- within a process, the compiled code object (a test session, `copier update`, which renders
  two template versions and the project, a tool rendering many projects);
- shipped with the template, `precompiled.<python>.bin`: the code compiled by a CPython
  version, for the versions the release was built with, and `precompiled.json.gz`: the
  Python code Jinja generated, for any other Python (read only when needed). Both are
  written at release time by `scripts/precompile.py --write` and checked fresh by the
  tests. A digest that is in neither (another Jinja version, a template or Copier's Jinja
  extension changed since) is compiled as usual, so the files only ever save time. Nothing
  is written anywhere.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.machinery
import importlib.util
import json
import marshal
import sys
import zlib
from pathlib import Path
from types import CodeType, FunctionType, ModuleType
from typing import Any

import jinja2
from jinja2 import Environment, pass_context, pass_environment, pass_eval_context
from jinja2.runtime import Context

# Gzipped JSON: {"jinja2": version, "code": {digest: Python code}, "data": {digest: parsed
# YAML data file}, "modules": [[name, sha256 of its source], ...]}, for any Python.
FILE = Path(__file__).resolve().with_name("precompiled.json.gz")
# Beside it, the same compiled by one CPython version, named after its cache tag: a line
# "BYTECODE_FORMAT <that Python's MAGIC_NUMBER in hex> <sha256 of the JSON it was made
# from>", then zlib-compressed marshal data {"code": {digest: code object}, "data": ...,
# "modules": [[name, sha256 of its source, code object], ...]} (the extension's modules).
BYTECODE_FORMAT = "archdocs-bytecode-3"
# What lives as long as the process, whoever loads this file: Copier loads the extension
# afresh for every run, from each clone of the template, so module globals do not outlive a
# run. Set SHARED.record to a dict to record what Jinja compiles (see `install`).
SHARED = sys.modules.setdefault("copier_archdocs_shared", ModuleType("copier_archdocs_shared"))


def shared_cache(name: str) -> dict[Any, Any]:
    """A dict in SHARED. Entries are keyed by content (a file digest, a source), so two
    template versions never share one."""
    cache: dict[Any, Any] = SHARED.__dict__.setdefault(name, {})
    return cache


_CODE: dict[str, Any] = shared_cache("compiled_code")
# The shipped files as read, by the sha256 of their bytes: every clone of one release holds
# the same files, and the code they hold is large (a few MB of code objects).
_FILES: dict[str, dict[str, Any]] = shared_cache("shipped_files")
# Counts of where each compiled source came from, for the tests and the benchmark.
STATS: dict[str, int] = shared_cache("compile_stats")
for _where in ("process", "bytecode", "source", "jinja", "modules"):
    STATS.setdefault(_where, 0)


def environment_key(env: Environment) -> str:
    """Everything besides the source and name that decides the code Jinja generates: Jinja's
    version, the environment's and code generator's classes, the syntax settings, what the
    sandbox intercepts, which filters and tests take the context or environment, and the
    code of every extension, in order (which may parse tags or rewrite the source)."""

    def special(functions: dict[str, Any]) -> list[tuple[str, str]]:
        kinds = ((n, getattr(f, "jinja_pass_arg", None)) for n, f in functions.items())
        return sorted((n, str(k)) for n, k in kinds if k is not None)

    return json.dumps(
        [
            jinja2.__version__,
            _qualified(type(env)),
            _qualified(env.code_generator_class),
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            env.optimized,
            env.is_async,
            repr(env.autoescape),
            str(getattr(env.finalize, "jinja_pass_arg", env.finalize is not None)),
            sorted(getattr(env, "intercepted_binops", ())),
            sorted(getattr(env, "intercepted_unops", ())),
            special(env.filters),
            special(env.tests),
            [[name, _source_digest(type(ext))] for name, ext in env.extensions.items()],
        ]
    )


def _qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _source_digest(cls: type) -> str:
    """The digest of the file that defines a class (read from its functions' code: several
    templates' extension modules may share one module name); for a class whose file cannot
    be read, a value no shipped code was made with."""
    files = [f.__code__.co_filename for f in vars(cls).values() if isinstance(f, FunctionType)]
    module = sys.modules.get(cls.__module__)
    try:
        return hashlib.sha256(
            Path(files[0] if files else str(module.__file__)).read_bytes()
        ).hexdigest()
    except (AttributeError, OSError):
        return f"unreadable:{id(cls)}"


# Jinja calls a filter or test while it compiles when the arguments are constants, and
# writes the result into the code: `'%Y-%m-%d' | strftime` would be the day the code was
# made. Shipped and shared code is used on other days and machines, so only Jinja's own
# (pure, or taking the context) and this template's (pure) may run then; every other one is
# made to take the context, which Jinja never calls at compile time.
_CONTEXT = pass_context(lambda context: context).jinja_pass_arg
_ENVIRONMENT = pass_environment(lambda environment: environment).jinja_pass_arg
_EVAL_CONTEXT = pass_eval_context(lambda eval_context: eval_context).jinja_pass_arg


def _pure(function: Any) -> bool:
    module = str(getattr(function, "__module__", ""))
    return module in ("jinja2.filters", "jinja2.tests") or module.startswith("archdocs_")


def _at_render_time(function: Any) -> Any:
    kind = getattr(function, "jinja_pass_arg", None)

    @pass_context
    def call(context: Context, *args: Any, **kwargs: Any) -> Any:
        if kind is _ENVIRONMENT:
            return function(context.environment, *args, **kwargs)
        if kind is _EVAL_CONTEXT:
            return function(context.eval_ctx, *args, **kwargs)
        return function(*args, **kwargs)

    call.__wrapped__ = function  # type: ignore[attr-defined]
    return call


def keep_unfolded(env: Environment) -> None:
    """Make every filter and test that Jinja could run at compile time, and that is not
    known to be pure, run when the template is rendered instead."""
    for table in (env.filters, env.tests):
        for name, function in list(table.items()):
            if getattr(function, "jinja_pass_arg", None) is not _CONTEXT and not _pure(function):
                table[name] = _at_render_time(function)


def digest(env_digest: str, source: str, name: str | None, defer_init: bool) -> str:
    text = json.dumps([env_digest, name, defer_init, source])
    return hashlib.sha256(text.encode("ascii")).hexdigest()


_BY_PATH: dict[Path, dict[str, Any]] = {}  # this clone's files, read once


def _read(path: Path, parse: Any) -> dict[str, Any]:
    """A shipped file parsed, read once per clone and shared by every clone holding the same
    bytes; {} when it is missing or cannot be parsed."""
    if path in _BY_PATH:
        return _BY_PATH[path]
    try:
        raw = path.read_bytes()
    except OSError:
        _BY_PATH[path] = {}
        return {}
    key = hashlib.sha256(raw).hexdigest()
    if key not in _FILES:
        if len(_FILES) > 8:
            _FILES.clear()
        try:
            _FILES[key] = parse(raw)
        except (ValueError, EOFError, TypeError, AttributeError, KeyError, zlib.error):
            _FILES[key] = {}
    _BY_PATH[path] = _FILES[key]
    return _BY_PATH[path]


def _well_formed(data: Any) -> dict[str, Any]:
    if (
        isinstance(data, dict)
        and isinstance(data.get("code"), dict)
        and isinstance(data.get("data"), dict)
        and isinstance(data.get("modules"), list)
    ):
        return data
    return {}


def _parse_json(raw: bytes) -> dict[str, Any]:
    data = json.loads(gzip.decompress(raw))
    return _well_formed(data) if data.get("jinja2") == jinja2.__version__ else {}


def shipped(path: Path = FILE) -> dict[str, Any]:
    """The JSON file, read when first needed; {} when missing, damaged or for another Jinja."""
    return _read(path, _parse_json)


def bytecode_file(tag: str | None = sys.implementation.cache_tag, json_file: Path = FILE) -> Path:
    return json_file.with_name(f"precompiled.{tag}.bin")


def bytecode_header(raw: bytes) -> tuple[str, str, str]:
    """(format, magic number in hex, sha256 of the JSON) of a bytecode file's first line."""
    fields = [*raw.split(b"\n", 1)[0].decode("ascii", "replace").split(" "), "", "", ""]
    return fields[0], fields[1], fields[2]


def _parse_bytecode(raw: bytes) -> dict[str, Any]:
    form, magic, _ = bytecode_header(raw)
    if form != BYTECODE_FORMAT or magic != importlib.util.MAGIC_NUMBER.hex():
        return {}  # not unmarshalled: another Python's code
    return _well_formed(marshal.loads(zlib.decompress(raw.split(b"\n", 1)[1])))


def shipped_bytecode(json_file: Path = FILE) -> dict[str, Any]:
    """This Python's file: {"code": {digest: code object}, "data": ..., "modules": ...};
    {} when it is missing, damaged or for another Python."""
    if not sys.implementation.cache_tag:
        return {}
    return _read(bytecode_file(json_file=json_file), _parse_bytecode)


def shipped_data(digest: str) -> Any:
    """A YAML data file parsed ahead, by the sha256 of its bytes (None when not shipped)."""
    found = shipped_bytecode().get("data", {}).get(digest)
    return found if found is not None else shipped().get("data", {}).get(digest)


class _ShippedLoader(importlib.machinery.SourceFileLoader):
    """Python's loader for a source file, with the code compiled from it handed over."""

    def __init__(self, fullname: str, path: str, code: CodeType) -> None:
        super().__init__(fullname, path)
        self._code = code

    def get_code(self, fullname: str) -> CodeType:
        return self._code


def preload(package: str, directory: Path) -> None:
    """Import the package's modules from this Python's bytecode file, each one whose source
    is byte for byte the one it was compiled from, in the file's (dependency) order; the
    others are left to Python's import. Compiling them is a fresh clone's largest cost
    after the templates': Copier clones the template for every run."""
    entries = shipped_bytecode(directory / FILE.name).get("modules", ())
    for name, source_digest, code in entries:
        full, path = f"{package}.{name}", directory / f"{name}.py"
        try:
            fresh = hashlib.sha256(path.read_bytes()).hexdigest() == source_digest
        except OSError:
            fresh = False
        if not fresh or full in sys.modules:
            continue
        loader = _ShippedLoader(full, str(path), _located(code, str(path)))
        spec = importlib.util.spec_from_file_location(full, path, loader=loader)
        assert spec is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[full] = module
        try:
            loader.exec_module(module)
        except BaseException:
            del sys.modules[full]
            raise
        setattr(sys.modules[package], name, module)
        _count("modules")


def _located(code: CodeType, filename: str) -> CodeType:
    """The code as if compiled from `filename` (Jinja's `Template.filename`, tracebacks)."""
    consts = tuple(_located(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


def _count(where: str) -> None:
    STATS[where] += 1


def _keep(key: str, code: CodeType) -> CodeType:
    if len(_CODE) > 4096:
        _CODE.clear()
    _CODE[key] = code
    return code


def install(environment: Environment) -> None:
    """Make `environment.compile` reuse code: from this process, else from the shipped file.

    Set `SHARED.record` to a dict to have every source compiled by Jinja
    (the shipped file ignored) recorded in it as {digest: Python code}: that is how
    `scripts/precompile.py` writes the file.
    """
    compile_code = environment.compile
    env_key: list[str] = []

    def compile_shared(
        source: Any,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        if raw or not isinstance(source, str):
            return compile_code(source, name, filename, raw, defer_init)
        if not env_key:  # at the first compile: while extensions load, env is incomplete
            keep_unfolded(environment)
            env_key.append(hashlib.sha256(environment_key(environment).encode()).hexdigest())
        key = digest(env_key[0], source, name, defer_init)
        record: dict[str, str] | None = SHARED.__dict__.get("record")
        if record is None:
            code = _CODE.get(key)
            where = "process"
            if code is None:
                code = shipped_bytecode().get("code", {}).get(key)
                where = "bytecode"
            if code is None and (python := shipped().get("code", {}).get(key)) is not None:
                code = compile(python, "<template>", "exec")
                where = "source"
            if code is not None:
                _count(where)
                # Jinja is skipped; extensions may reset state as a template is read
                # (Copier's `yield` does), so they see the source all the same.
                environment.preprocess(source, name, filename)
                if code.co_filename != (filename or "<template>"):  # Template.filename
                    code = _located(code, filename or "<template>")
                return _keep(key, code)
        python = compile_code(source, name, filename, True, defer_init)
        _count("jinja")
        if record is not None:
            record[key] = python
        return _keep(key, compile(python, filename or "<template>", "exec"))

    environment.compile = compile_shared  # type: ignore[method-assign]
