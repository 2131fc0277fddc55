"""Benchmark: copier-archdocs against Copier's own floor. Prints figures; asserts nothing.

    python benchmarks/bench.py [--reps 9]

Times, interleaved over the repetitions (so that machine noise hits all sides alike):
  (a) `copier copy --defaults --trust` of this template (the CLI, as users run it, from a
      repository holding this working tree as a release would: tests and docs too);
  (b) the same for a trivial one-file, one-question template made on the fly (the floor);
  (c) a no-op `copier update --defaults --skip-answered` of a project made from each;
  (d) the whole style x cloud x deployment test matrix rendered in-process.
Also (a) and (c) for a template of this one's shape made on the fly: the same questions with
literal defaults, the same files written (one line each, no extension), the same number of
files in its repository (which Copier clones). It is Copier's own floor for a template this
size: ours / shape is what this template's content costs on top of Copier's own work.
Prints medians, the ratios a/b and c(ours)/c(trivial) against their targets, the same ratios
against the shape, combinations per second, the peak memory of each kind of run, and how
much of one copy is Jinja compiling templates: strings (question help, defaults, choices,
paths; Jinja compiles them afresh every time) and named templates (the files; what a Jinja
bytecode cache on disk could skip in a later run). The template keeps nothing between runs:
every run is a cold start, so there is no warm figure to report.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "scripts"), str(ROOT)]

TARGETS = {"copy": 2.0, "update": 2.5, "matrix": 20.0}
GIT = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=ENV)


ENV = {**os.environ, **GIT}


def commit(repo: Path, message: str, tag: str = "") -> Path:
    """Make `repo` a git repository of its files, committed (and tagged)."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    if tag:
        git(repo, "tag", tag)
    return repo


def copier() -> str:
    beside = Path(sys.executable).parent / "copier"
    return str(beside) if beside.exists() else "copier"


def run(args: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall time in seconds and peak RSS in KiB of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(
        args,
        cwd=cwd,
        env=ENV,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {child.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss


def make_ours(root: Path) -> Path:
    """This repository as a release is: every file of the working tree that git tracks or
    would track, tests and docs included (Copier clones the whole repository)."""
    from dogfood import copy_files, working_tree

    repo = copy_files(working_tree(), ROOT, root / "ours")
    return commit(repo, "release", tag="v1.0.0")


def make_trivial(root: Path) -> Path:
    repo = root / "trivial"
    (repo / "template").mkdir(parents=True)
    (repo / "copier.yml").write_text(
        "_subdirectory: template\nname:\n  type: str\n  help: Name\n  default: x\n"
    )
    (repo / "template" / "README.md.jinja").write_text("# {{ name }}\n")
    (repo / "template" / "{{ _copier_conf.answers_file }}.jinja").write_text(
        "{{ _copier_answers | to_nice_yaml -}}\n"
    )
    return commit(repo, "trivial", tag="v1.0.0")


def make_shape(root: Path, ours: Path, ours_project: Path) -> Path:
    """A template of this one's shape, without its content (see the module docstring)."""
    import yaml

    repo = root / "shape"
    (repo / "template").mkdir(parents=True)
    config = yaml.safe_load((ours / "copier.yml").read_text(encoding="utf-8"))
    answers_file = ".copier-answers.archdocs.yml"
    answers = yaml.safe_load((ours_project / answers_file).read_text(encoding="utf-8"))
    empty = {"bool": False, "int": 0, "float": 0.0, "yaml": None}
    shape: dict[str, object] = {"_subdirectory": "template", "_answers_file": answers_file}
    for name, spec in config.items():
        if name.startswith("_"):
            continue
        kind = spec.get("type", "str")
        question = {"type": kind, "help": spec.get("help", name)}
        question["default"] = answers.get(name, empty.get(kind, ""))
        if name not in answers:
            question["when"] = False
        if spec.get("multiselect"):
            question.update(multiselect=True, choices=answers.get(name) or ["x"])
            question["default"] = answers.get(name) or []
        shape[name] = question
    (repo / "copier.yml").write_text(yaml.safe_dump(shape, sort_keys=False), encoding="utf-8")
    written = [p for p in ours_project.rglob("*") if p.is_file() and ".git" not in p.parts]
    for path in written:
        relative = path.relative_to(ours_project)
        if str(relative) != answers_file:
            target = repo / "template" / f"{relative}.jinja"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("{{ project_name }}\n", encoding="utf-8")
    (repo / "template" / "{{ _copier_conf.answers_file }}.jinja").write_text(
        "{{ _copier_answers | to_nice_yaml -}}\n", encoding="utf-8"
    )
    listed = subprocess.run(["git", "ls-files"], cwd=ours, capture_output=True, text=True)
    have = len([p for p in repo.rglob("*") if p.is_file()])
    for i in range(len(listed.stdout.splitlines()) - have):
        (repo / "filler").mkdir(exist_ok=True)
        (repo / "filler" / f"{i}.txt").write_text(f"{i}\n", encoding="utf-8")
    return commit(repo, "shape", tag="v1.0.0")


def compile_share(template: Path, dst: Path) -> dict[str, float]:
    """Of one copy in a new process: its seconds, and Jinja's compile calls and seconds for
    strings and for named templates (files and includes)."""
    script = (
        "import json, sys, time, copier, jinja2\n"
        "stats = dict.fromkeys(('strings', 'strings_s', 'named', 'named_s'), 0)\n"
        "compile_code = jinja2.Environment.compile\n"
        "def timed(env, source, name=None, filename=None, raw=False, defer_init=False):\n"
        "    started = time.perf_counter()\n"
        "    try:\n"
        "        return compile_code(env, source, name, filename, raw, defer_init)\n"
        "    finally:\n"
        "        kind = 'named' if name else 'strings'\n"
        "        stats[kind] += 1\n"
        "        stats[kind + '_s'] += time.perf_counter() - started\n"
        "jinja2.Environment.compile = timed\n"
        "started = time.perf_counter()\n"
        "copier.run_copy(sys.argv[1], sys.argv[2], defaults=True, unsafe=True, quiet=True)\n"
        "stats['copy_s'] = time.perf_counter() - started\n"
        "print(json.dumps(stats))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(template), str(dst)],
        check=True,
        capture_output=True,
        text=True,
        env=ENV,
    )
    stats: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return stats


def copy_args(template: Path, dst: Path) -> list[str]:
    return [copier(), "copy", "--trust", "--defaults", "--quiet", str(template), str(dst)]


def project(template: Path, dst: Path) -> Path:
    run(copy_args(template, dst))
    return commit(dst, "generated")


def update_args(answers_file: str) -> list[str]:
    return [
        copier(),
        "update",
        "--trust",
        "--defaults",
        "--skip-answered",
        "--quiet",
        "--answers-file",
        answers_file,
    ]


def matrix(template: Path) -> tuple[float, int, int]:
    """Seconds, combinations and peak RSS (KiB) of rendering the test matrix in-process."""
    from conftest import BASE, valid_matrix
    from fast_render import FastRenderer

    renderer = FastRenderer(template)
    renderer.render(dict(BASE))  # warm: the first render compiles the templates
    combos = valid_matrix()
    started = time.perf_counter()
    for style, cloud, deployment in combos:
        renderer.render({**BASE, "style": style, "cloud": cloud, "deployment": deployment})
    elapsed = time.perf_counter() - started
    return elapsed, len(combos), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def median(samples: list[tuple[float, int]]) -> tuple[float, int]:
    return statistics.median(s for s, _ in samples), max(m for _, m in samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=9, help="repetitions (default 9)")
    reps = parser.parse_args().reps
    work = Path(tempfile.mkdtemp(prefix="archdocs-bench-"))
    try:
        ours, trivial = make_ours(work), make_trivial(work)
        ours_project = project(ours, work / "ours-project")
        trivial_project = project(trivial, work / "trivial-project")
        shape = make_shape(work, ours, ours_project)
        shape_project = project(shape, work / "shape-project")
        compiled = compile_share(ours, work / "compiled")
        steps: list[tuple[str, Callable[[int], tuple[float, int]]]] = [
            ("copy ours", lambda i: run(copy_args(ours, work / f"o{i}"))),
            ("copy trivial", lambda i: run(copy_args(trivial, work / f"t{i}"))),
            ("copy shape", lambda i: run(copy_args(shape, work / f"s{i}"))),
            (
                "update ours",
                lambda i: run(update_args(".copier-answers.archdocs.yml"), ours_project),
            ),
            ("update trivial", lambda i: run(update_args(".copier-answers.yml"), trivial_project)),
            (
                "update shape",
                lambda i: run(update_args(".copier-answers.archdocs.yml"), shape_project),
            ),
        ]
        timings: dict[str, list[tuple[float, int]]] = {name: [] for name, _ in steps}
        for i in range(reps):
            for name, step in steps:
                timings[name].append(step(i))
        seconds, combos, matrix_rss = matrix(ours)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    results = {name: median(samples) for name, samples in timings.items()}
    copy_ratio = results["copy ours"][0] / results["copy trivial"][0]
    update_ratio = results["update ours"][0] / results["update trivial"][0]

    def ratio(a: str, b: str) -> float:
        return results[a][0] / results[b][0]

    per_second = combos / seconds
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"repetitions: {reps} (medians; peak memory is the largest seen)")
    print(f"{'run':<16}{'median s':>10}{'peak MiB':>10}")
    for name, (sec, rss) in results.items():
        print(f"{name:<16}{sec:>10.3f}{rss / 1024:>10.1f}")
    print(f"{'matrix':<16}{seconds:>10.3f}{matrix_rss / 1024:>10.1f}  ({combos} combinations)")
    print()
    verdict = {True: "meets", False: "MISSES"}
    print(
        f"copy ratio    a/b = {copy_ratio:.2f}  (target <= {TARGETS['copy']}: "
        f"{verdict[copy_ratio <= TARGETS['copy']]})"
    )
    print(
        f"update ratio  c/c = {update_ratio:.2f}  (target <= {TARGETS['update']}: "
        f"{verdict[update_ratio <= TARGETS['update']]})"
    )
    print(
        f"matrix        {per_second:.1f} combinations/s  (target >= {TARGETS['matrix']}: "
        f"{verdict[per_second >= TARGETS['matrix']]})"
    )
    print()
    print("Copier's own floor for a template of this shape (same questions, files, repository):")
    for kind in ("copy", "update"):
        print(
            f"{kind:<7} shape/trivial = {ratio(f'{kind} shape', f'{kind} trivial'):.2f}   "
            f"ours/shape = {ratio(f'{kind} ours', f'{kind} shape'):.2f}"
        )
    print(
        f"Jinja compiling in one copy ({compiled['copy_s']:.3f} s in-process): "
        f"{compiled['strings']:.0f} strings {compiled['strings_s']:.3f} s "
        f"({compiled['strings_s'] / compiled['copy_s']:.0%}), "
        f"{compiled['named']:.0f} named templates {compiled['named_s']:.3f} s "
        f"({compiled['named_s'] / compiled['copy_s']:.0%}, what a bytecode cache could save)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
