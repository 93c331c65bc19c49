"""`nox -s bench`: the three benchmarks of issue 6, printed and written to a JSON file.

(a) replay build of the book vs. the same pages as plain literal blocks (ratio of medians);
(b) a no-change rebuild in mode auto: seconds and requests that reached a cluster (a
    counting listener stands in as the kubeconfig's server: any request would hit it);
(c) on the lab: the chapter's live scenario (its kubectl steps; the browser steps have no
    kubectl equivalent) vs. a bash script running real kubectl with the same waits
    (ratio of medians);
(d) on the lab: a four-page book (benchmarks/parallel_book, a namespace per page) built live
    with ``-j 1`` and ``-j 4`` (speedup of medians).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMESPACES = ("bench-podlab", "bench-kubectl")
sys.path.insert(0, str(ROOT / "tests"))

from counting_server import CountingServer, write_kubeconfig  # noqa: E402
from plain_book import make_plain_book, without_browser_steps  # noqa: E402

from sphinx_podlab.record.store import RecordStore  # noqa: E402


def sphinx_build(src: Path, out: Path, env: dict[str, str], *extra: str) -> float:
    # Bytecode caching on, as on an author's machine (this workplace sets
    # PYTHONDONTWRITEBYTECODE, which would recompile every module of ours on each build).
    base = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", *extra, str(src), str(out)],
                   check=True, env={**base, **env})
    return time.perf_counter() - started


def bench_replay(scratch: Path, runs: int) -> dict[str, float]:
    plain = scratch / "plain-docs"
    make_plain_book(ROOT / "docs", plain)
    replay = {"PODLAB_EXECUTION_MODE": "replay"}
    # alternate the two so that machine noise hits both alike
    podlab_times, plain_times = [], []
    for run in range(runs):
        podlab_times.append(sphinx_build(ROOT / "docs", scratch / f"book-{run}", replay, "-E"))
        plain_times.append(sphinx_build(plain, scratch / f"plain-{run}", {}, "-E"))
    podlab, baseline = statistics.median(podlab_times), statistics.median(plain_times)
    return {"podlab_seconds": round(podlab, 3), "plain_seconds": round(baseline, 3),
            "ratio": round(podlab / baseline, 3)}


def bench_rebuild(scratch: Path) -> dict[str, float]:
    listener = CountingServer()
    try:
        env = {"PODLAB_EXECUTION_MODE": "auto",
               "KUBECONFIG": str(write_kubeconfig(scratch / "kubeconfig", listener.port))}
        out = scratch / "rebuild"
        sphinx_build(ROOT / "docs", out, env)
        listener.connections = 0
        seconds = sphinx_build(ROOT / "docs", out, env)
        return {"seconds": round(seconds, 3), "cluster_requests": listener.connections}
    finally:
        listener.close()


def bench_live(scratch: Path, kubeconfig: str, kubectl: str, runs: int) -> dict[str, float]:
    env = {"KUBECONFIG": kubeconfig, "PODLAB_EXECUTION_MODE": "force"}
    book = scratch / "live"
    for namespace in NAMESPACES:
        subprocess.run([kubectl, "--kubeconfig", kubeconfig, "create", "namespace", namespace],
                       check=False, capture_output=True)
    shutil.copytree(ROOT / "docs", book / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(ROOT / "manifests", book / "manifests")
    for page in (book / "docs").rglob("*.md"):
        without_browser_steps(page)  # the kubectl script has no browser either
    build_times, scenario_times, kubectl_times = [], [], []
    for run in range(runs):
        build_times.append(sphinx_build(book / "docs", scratch / f"live-{run}", env, "-E",
                                        "-D", f"podlab_namespace={NAMESPACES[0]}"))
        for docname in RecordStore(book / "docs" / "_podlab").docnames():
            record = RecordStore(book / "docs" / "_podlab").read(docname)
            assert record is not None
            scenario_times.append(record.seconds)  # the live run itself, cleanup included
        started = time.perf_counter()
        subprocess.run(["bash", str(ROOT / "benchmarks" / "chapter.sh"), kubectl, NAMESPACES[1]],
                       check=True, env={**os.environ, "KUBECONFIG": kubeconfig},
                       cwd=ROOT / "manifests", stdout=subprocess.DEVNULL)
        kubectl_times.append(time.perf_counter() - started)
    for namespace in NAMESPACES:
        subprocess.run([kubectl, "--kubeconfig", kubeconfig, "delete", "namespace", namespace],
                       check=False, capture_output=True)
    scenario, build = statistics.median(scenario_times), statistics.median(build_times)
    baseline = statistics.median(kubectl_times)
    return {"runs": runs, "podlab_scenario_seconds": round(scenario, 3),
            "podlab_sphinx_build_seconds": round(build, 3),
            "kubectl_script_seconds": round(baseline, 3),
            "ratio": round(scenario / baseline, 3),
            "ratio_with_sphinx_build": round(build / baseline, 3)}


def _delete_namespaces(kubeconfig: str, names: list[str]) -> None:
    """The namespaces podlab made for the pages (empty after their cleanup)."""
    from kubernetes import client, config

    api = config.new_client_from_config(config_file=kubeconfig)
    try:
        for name in names:
            try:
                client.CoreV1Api(api).delete_namespace(name)
            except client.ApiException as exc:
                if exc.status != 404:
                    raise
    finally:
        api.close()


def bench_parallel(scratch: Path, kubeconfig: str, runs: int) -> dict[str, float]:
    book = scratch / "parallel"
    shutil.copytree(ROOT / "benchmarks" / "parallel_book", book)
    env = {"KUBECONFIG": kubeconfig}
    times: dict[int, list[float]] = {1: [], 4: []}
    for run in range(runs):
        for jobs in (1, 4):  # alternate, so that machine noise hits both alike
            times[jobs].append(sphinx_build(
                book, scratch / f"parallel-{jobs}-{run}", env, "-E", "-j", str(jobs),
                "-D", f"podlab_record_dir={scratch / f'parallel-records-{jobs}-{run}'}"))
    _delete_namespaces(kubeconfig, [f"bench-par-{page}" for page in
                                    ("index", "one", "two", "three", "four")])
    serial, parallel = statistics.median(times[1]), statistics.median(times[4])
    return {"runs": runs, "pages": 4, "j1_seconds": round(serial, 3),
            "j4_seconds": round(parallel, 3), "speedup": round(serial / parallel, 2)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument("--kubeconfig", help="the lab's kubeconfig, for benchmark (c)")
    parser.add_argument("--kubectl", help="real kubectl of the lab's release, for (c)")
    parser.add_argument("--only", choices=["d"], help="run benchmark (d) alone")
    args = parser.parse_args()
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        if args.only == "d" and args.kubeconfig:
            # (d) alone: its result replaces (d) in the results file, the others stay
            if args.output.exists():
                results = json.loads(args.output.read_text(encoding="utf-8"))
            results["d_parallel_live"] = bench_parallel(scratch, args.kubeconfig,
                                                        min(args.runs, 3))
            args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
            print(json.dumps(results["d_parallel_live"], indent=2))
            return 0
        results["a_replay_vs_plain"] = bench_replay(scratch, args.runs)
        results["b_no_change_rebuild"] = bench_rebuild(scratch)
        if args.kubeconfig and args.kubectl:
            results["c_live_vs_kubectl"] = bench_live(scratch, args.kubeconfig, args.kubectl,
                                                      args.runs)
            results["d_parallel_live"] = bench_parallel(scratch, args.kubeconfig,
                                                        min(args.runs, 3))
        else:
            results["c_live_vs_kubectl"] = "not run: the lab is not up"
            results["d_parallel_live"] = "not run: the lab is not up"
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
