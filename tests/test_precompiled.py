"""The template's Jinja code, compiled ahead and shipped (extensions/precompiled.*).

The shipped files must be what Jinja makes of today's template (else they are stale and only
cost bytes), a copy must take its code from them, the output must be the same byte for byte
whichever way the code came, and anything edited or damaged must fall back to Jinja.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import jinja2
import pytest
import yaml
from conftest import ROOT, git, load_script, run_copy, snapshot_template
from fast_render import FastRenderer

from extensions import precompiled

OVERVIEW = "template/docs/architecture/{% if 'overview' in documents %}overview.md{% endif %}.jinja"


def _tree(root: Path) -> dict[str, bytes]:
    """Every file written, less the line that names where the template was copied from."""
    return {
        str(p.relative_to(root)): b"".join(
            line for line in p.read_bytes().splitlines(True) if not line.startswith(b"_src_path:")
        )
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


def _copy(template: Path, dst: Path, **answers: object) -> tuple[dict[str, bytes], dict[str, int]]:
    """The files a copy writes and where its compiled code came from, starting from an empty
    process cache (as a new `copier` process does)."""
    precompiled._CODE.clear()
    before = dict(precompiled.STATS)
    run_copy(template, dst, **answers)
    return _tree(dst), {k: v - before[k] for k, v in precompiled.STATS.items()}


@pytest.fixture(scope="module")
def shipped_copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict]:
    work = tmp_path_factory.mktemp("shipped")
    return _copy(snapshot_template(work / "template"), work / "project")


def test_the_shipped_files_are_what_jinja_makes_of_the_template_today() -> None:
    script = load_script("precompile")
    fresh = script.dump(script.generate())
    assert gzip.decompress(precompiled.FILE.read_bytes()).decode("utf-8") == fresh, (
        "precompiled.json.gz is stale: run .venv/bin/python scripts/precompile.py --write"
    )
    assert script.bytecode([], "check") == [], "a bytecode file is stale (see above)"
    assert precompiled.bytecode_file().is_file(), f"no bytecode for {sys.implementation.cache_tag}"


def test_the_check_command_fails_on_a_stale_file(tmp_path: Path) -> None:
    """`--check` is what tells a developer to regenerate: it must say so and exit 1."""
    dogfood = load_script("dogfood")
    root = dogfood.copy_files(dogfood.working_tree(), ROOT, tmp_path / "repo")
    git(root, "init", "-q")
    git(root, "add", "-A")
    template = root / OVERVIEW
    template.write_text(template.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(root / "scripts" / "precompile.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "extensions/precompiled.json.gz: stale" in done.stdout
    assert "scripts/precompile.py --write" in done.stdout


def test_a_copy_takes_all_its_code_from_the_shipped_bytecode(shipped_copy) -> None:
    _, stats = shipped_copy
    assert stats["jinja"] == 0, stats
    assert stats["source"] == 0, stats
    assert stats["bytecode"] > 100, stats
    assert stats["modules"] == len(precompiled.shipped()["modules"]) > 5, stats


def _load_context(template: Path) -> str:
    """Load the extension the way copier-template-extensions does; the package's name."""
    path = (template / "extensions" / "context.py").resolve()
    spec = importlib.util.spec_from_file_location(f"context_{abs(hash(path))}", path)
    assert spec and spec.loader
    context = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(context)
    package: str = context._package()
    return package


def test_the_shipped_modules_are_the_files_they_were_compiled_from(tmp_path: Path) -> None:
    template = snapshot_template(tmp_path / "template")
    before = precompiled.STATS["modules"]
    package = _load_context(template)
    assert precompiled.STATS["modules"] - before == len(precompiled.shipped()["modules"])
    adr = sys.modules[f"{package}.adr"]
    assert adr.__file__ == str((template / "extensions" / "adr.py").resolve())
    assert adr.build_adrs.__code__.co_filename == adr.__file__  # tracebacks show the file


def test_an_edited_module_is_imported_from_its_source(tmp_path: Path) -> None:
    template = snapshot_template(tmp_path / "template")
    edited = template / "extensions" / "diagrams.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nEDITED = True\n")
    before = precompiled.STATS["modules"]
    package = _load_context(template)
    assert precompiled.STATS["modules"] - before == len(precompiled.shipped()["modules"]) - 1
    assert sys.modules[f"{package}.diagrams"].EDITED is True


def test_a_feature_copy_takes_all_its_code_from_the_shipped_bytecode(tmp_path: Path) -> None:
    template = snapshot_template(tmp_path / "template")
    run_copy(template, tmp_path / "project")
    _, stats = _copy(template, tmp_path / "project", scope="feature", feature_name="Checkout")
    assert stats["jinja"] == 0, stats
    assert stats["bytecode"] > 0, stats


@pytest.mark.parametrize(
    ("removed", "used"),
    [
        (("precompiled.*.bin",), "source"),  # another Python: the shipped Python code
        (("precompiled.*.bin", "precompiled.json.gz"), "jinja"),  # nothing shipped
    ],
)
def test_the_output_is_the_same_whichever_way_the_code_came(
    removed: tuple[str, ...], used: str, shipped_copy, tmp_path: Path
) -> None:
    template = snapshot_template(tmp_path / "template")
    for pattern in removed:
        for path in (template / "extensions").glob(pattern):
            path.unlink()
    files, stats = _copy(template, tmp_path / "project")
    assert stats[used] > 100, stats
    assert stats["bytecode"] == 0, stats
    expected, _ = shipped_copy
    assert files == expected


def test_an_edited_template_is_compiled_by_jinja_not_taken_stale(tmp_path: Path) -> None:
    template = snapshot_template(tmp_path / "template")
    path = template / OVERVIEW
    path.write_text(path.read_text(encoding="utf-8") + "\nA line added after the release.\n")
    files, stats = _copy(template, tmp_path / "project")
    assert files["docs/architecture/overview.md"].endswith(b"A line added after the release.\n")
    assert stats["jinja"] == 1, stats


def test_damaged_shipped_files_are_ignored(shipped_copy, tmp_path: Path) -> None:
    template = snapshot_template(tmp_path / "template")
    shipped = template / "extensions" / "precompiled.json.gz"
    shipped.write_bytes(gzip.compress(b'{"jinja2": "3.1.6", "code": ['))
    bytecode = precompiled.bytecode_file(json_file=shipped)
    magic = importlib.util.MAGIC_NUMBER.hex()
    bytecode.write_bytes(f"{precompiled.BYTECODE_FORMAT} {magic} {'0' * 64}\n".encode() + b"junk")
    files, stats = _copy(template, tmp_path / "project")
    assert stats["bytecode"] == stats["source"] == 0, stats
    assert stats["jinja"] > 100, stats
    expected, _ = shipped_copy
    assert files == expected


def test_well_formed_json_of_the_wrong_shape_is_ignored(shipped_copy, tmp_path: Path) -> None:
    template = snapshot_template(tmp_path / "template")
    shipped = template / "extensions" / "precompiled.json.gz"
    wrong = {"jinja2": jinja2.__version__, "code": [], "data": [], "modules": {}}
    shipped.write_bytes(gzip.compress(json.dumps(wrong).encode()))
    precompiled.bytecode_file(json_file=shipped).unlink()
    files, stats = _copy(template, tmp_path / "project")
    assert stats["jinja"] > 100, stats
    assert files == shipped_copy[0]


def test_a_value_of_the_day_is_computed_when_rendering_not_when_compiling(monkeypatch) -> None:
    """Jinja runs a filter over constants while compiling; code is shipped and shared, so
    `'%Y-%m-%d' | strftime` (copier.yml's date defaults) must not be frozen into it."""
    import time

    template = snapshot_template(Path(tempfile.mkdtemp()) / "template")
    renderer = FastRenderer(template)
    source = "{{ '%Y-%m-%d' | strftime }} {{ 'x' | upper }}"
    monkeypatch.setattr(time, "strftime", lambda fmt, *args: "COMPILED")
    compiled = renderer.env.from_string(source)
    monkeypatch.undo()
    assert compiled.render() == f"{time.strftime('%Y-%m-%d')} X"


def test_a_copy_dates_its_records_today(tmp_path: Path) -> None:
    from copier import run_copy as copier_copy

    template = snapshot_template(tmp_path / "template")
    copier_copy(str(template), tmp_path / "project", defaults=True, unsafe=True, quiet=True)
    recorded = yaml.safe_load((tmp_path / "project" / ".copier-answers.archdocs.yml").read_text())
    assert recorded["decision_date"] == datetime.date.today().isoformat()


def test_templates_keep_their_file_names(tmp_path: Path) -> None:
    """Jinja names a template in errors by its code's file name: shipped code must carry
    the template's own path, not a placeholder."""
    template = snapshot_template(tmp_path / "template").resolve()
    precompiled._CODE.clear()
    before = precompiled.STATS["bytecode"]
    renderer = FastRenderer(template)  # the same environment as Copier's, so the same keys
    name = "includes/md.jinja"
    assert renderer.env.get_template(name).filename == str(template / name)
    assert precompiled.STATS["bytecode"] == before + 1


def test_the_shipped_data_is_the_catalog_as_yaml_reads_it() -> None:
    # The catalog and the extension's other data files (the section map).
    catalog = sorted((ROOT / "extensions").rglob("*.yaml"))
    assert ROOT / "extensions" / "sections.yaml" in catalog
    for data in (precompiled.shipped()["data"], precompiled.shipped_bytecode()["data"]):
        assert len(data) == len(catalog)
        for path in catalog:
            raw = path.read_bytes()
            assert data[hashlib.sha256(raw).hexdigest()] == yaml.safe_load(raw), path.name


def test_the_key_changes_with_what_decides_the_code() -> None:
    """Two environments that would make different code never share a digest."""
    from jinja2 import Environment, pass_context

    def key(env: Environment) -> str:
        return precompiled.digest(precompiled.environment_key(env), "{{ x | f }}", "t", False)

    plain = Environment()
    plain.filters["f"] = lambda v: v
    with_context = Environment()
    with_context.filters["f"] = pass_context(lambda c, v: v)
    other_syntax = Environment(variable_start_string="[[", variable_end_string="]]")
    trimmed = Environment(trim_blocks=True)
    keys = [key(e) for e in (plain, with_context, other_syntax, trimmed)]
    env_key = precompiled.environment_key(plain)
    keys.append(precompiled.digest(env_key, "{{ x | f }}", "another name", False))
    assert len(set(keys)) == len(keys)
    unrelated = Environment()
    unrelated.filters["f"] = lambda v: v
    # Only filters that take the context or environment are in the key: Jinja runs a plain
    # one at compile time over constants only, and the extension makes every plain filter
    # not known to be pure take the context (keep_unfolded).
    unrelated.filters["g"] = lambda v: v
    assert key(unrelated) == key(plain)
    assert json.loads(precompiled.environment_key(plain))[0] == jinja2.__version__
