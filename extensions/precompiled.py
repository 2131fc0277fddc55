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
from types import CodeType, ModuleType
from typing import Any

import jinja2
from jinja2 import Environment

# Gzipped JSON: {"jinja2": version, "code": {digest: Python code}, "data": {digest: parsed
# YAML data file}, "modules": [[name, sha256 of its source], ...]}, for any Python.
FILE = Path(__file__).resolve().with_name("precompiled.json.gz")
# Beside it, the same compiled by one CPython version, named after its cache tag: a header
# (BYTECODE_HEADER, the sha256 in hex of the JSON it was made from, a newline), then
# zlib-compressed marshal data {"magic": MAGIC_NUMBER, "code": {digest: code}, "data": ...,
# "modules": [[name, sha256 of its source, code], ...]} (the extension's own modules).
BYTECODE_HEADER = b"archdocs-bytecode-2\n"
# The process-wide caches live in a module of their own: Copier loads this file afresh for
# each run, from each clone of the template.
_SHARED = sys.modules.setdefault("copier_archdocs_shared", ModuleType("copier_archdocs_shared"))
_CODE: dict[str, Any] = _SHARED.__dict__.setdefault("compiled_code", {})
# Counts of where each compiled source came from, for the tests and the benchmark.
STATS: dict[str, int] = _SHARED.__dict__.setdefault(
    "compile_stats", {"process": 0, "bytecode": 0, "source": 0, "jinja": 0, "modules": 0}
)


def environment_key(env: Environment) -> str:
    """Everything besides the source and name that decides the code Jinja generates: Jinja's
    version, the syntax settings, what the sandbox intercepts, the filters and tests that
    take the context or environment, and the code of every extension (which may parse tags
    or rewrite the source)."""

    def special(functions: dict[str, Any]) -> list[tuple[str, str]]:
        kinds = ((n, getattr(f, "jinja_pass_arg", None)) for n, f in functions.items())
        return sorted((n, str(k)) for n, k in kinds if k is not None)

    return json.dumps(
        [
            jinja2.__version__,
            type(env).__name__,
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
            {name: _source_digest(ext) for name, ext in sorted(env.extensions.items())},
        ]
    )


def _source_digest(extension: object) -> str:
    """The digest of the file that defines an extension; for one whose file cannot be read,
    a value no shipped code was made with."""
    module = sys.modules.get(type(extension).__module__)
    try:
        return hashlib.sha256(Path(str(module.__file__)).read_bytes()).hexdigest()
    except (AttributeError, OSError):
        return f"unreadable:{id(extension)}"


def digest(env_digest: str, source: str, name: str | None, defer_init: bool) -> str:
    text = json.dumps([env_digest, name, defer_init, source])
    return hashlib.sha256(text.encode("ascii")).hexdigest()


_READ: dict[Path, dict[str, Any]] = {}


def shipped(path: Path = FILE) -> dict[str, Any]:
    """The JSON file, read once per template version when first needed; empty when it is
    missing, damaged or made with another Jinja."""
    if path not in _READ:
        try:
            data = json.loads(gzip.decompress(path.read_bytes()))
            ok = isinstance(data, dict) and data.get("jinja2") == jinja2.__version__
        except (OSError, ValueError, EOFError, zlib.error):
            ok = False
        _READ[path] = data if ok else {}
    return _READ[path]


def bytecode_file(tag: str | None = sys.implementation.cache_tag, json_file: Path = FILE) -> Path:
    return json_file.with_name(f"precompiled.{tag}.bin")


_READ_BYTECODE: dict[Path, dict[str, Any]] = {}


def shipped_bytecode(json_file: Path = FILE) -> dict[str, Any]:
    """This Python's file: {"code": {digest: code object}, "data": ...}, read once per
    template version; empty when it is missing, damaged or for another Python."""
    path = bytecode_file(json_file=json_file)
    if path not in _READ_BYTECODE:
        found: dict[str, Any] = {}
        if sys.implementation.cache_tag:
            try:
                raw = path.read_bytes()
                if raw.startswith(BYTECODE_HEADER):
                    data = marshal.loads(zlib.decompress(raw[len(BYTECODE_HEADER) + 65 :]))
                    if data.get("magic") == importlib.util.MAGIC_NUMBER:
                        found = data
            except (OSError, ValueError, EOFError, TypeError, AttributeError, zlib.error):
                found = {}
        _READ_BYTECODE[path] = found
    return _READ_BYTECODE[path]


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
    """The code as if compiled from `filename` (for tracebacks)."""
    consts = tuple(_located(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


def _count(where: str) -> None:
    # .get: another template version in this process (an update) may have made the dict.
    STATS[where] = STATS.get(where, 0) + 1


def _keep(key: str, code: CodeType) -> CodeType:
    if len(_CODE) > 4096:
        _CODE.clear()
    _CODE[key] = code
    return code


def _preprocess(env: Environment, source: str, name: str | None, filename: str | None) -> None:
    """What Jinja does to a source before parsing it, for its side effects: extensions may
    reset state as a template is read (Copier's `yield` does)."""
    env.preprocess(source, name, filename)


def install(environment: Environment) -> None:
    """Make `environment.compile` reuse code: from this process, else from the shipped file.

    Set `copier_archdocs_shared.record` to a dict to have every source compiled by Jinja
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
        if not env_key:  # read at the first compile: while extensions load, env is incomplete
            env_key.append(hashlib.sha256(environment_key(environment).encode()).hexdigest())
        key = digest(env_key[0], source, name, defer_init)
        record: dict[str, str] | None = _SHARED.__dict__.get("record")
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
                _preprocess(environment, source, name, filename)
                return _keep(key, code)
        python = compile_code(source, name, filename, True, defer_init)
        _count("jinja")
        if record is not None:
            record[key] = python
        return _keep(key, compile(python, filename or "<template>", "exec"))

    environment.compile = compile_shared  # type: ignore[method-assign]
