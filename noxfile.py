"""Sessions: tests, e2e, docs, pdf, regenerate, matrix, preview, lab, lab_nodes, lint, ci (the
README's test command)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests", "docs"]
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent
LAB = ["bash", str(ROOT / "tests" / "cluster" / "lab.sh")]
BOOK_OUT = "docs/_build/html"
RECORDS = ROOT / "docs" / "_podlab"
DEFAULT_RELEASE = "v1.34.9"  # the lab's default, the book's release


def lab_kubeconfig(session: nox.Session) -> str | None:
    """The lab's kubeconfig when the lab is up, else None."""
    output = session.run(*LAB, "kubeconfig", external=True, silent=True, success_codes=[0, 1])
    path = str(output or "").strip().splitlines()[-1:] if output else []
    return path[0] if path and Path(path[0]).is_file() else None


def ensure_debian_packages(session: nox.Session, packages: dict[str, str]) -> None:
    """Install the Debian packages (path -> package) whose file is missing."""
    missing = sorted({package for path, package in packages.items() if not Path(path).exists()})
    if not missing:
        return
    session.run("apt-get", "update", "-qq", external=True)
    session.run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing,
                external=True, env={"DEBIAN_FRONTEND": "noninteractive"})


# Debian's Chromium, which live browser steps drive (no browser download), and the CJK fonts
# it needs to draw a Japanese UI (phpMyAdmin with `:locale: ja-JP`).
CHROMIUM_PACKAGES = {
    "/usr/bin/chromium": "chromium",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc": "fonts-noto-cjk",
}
# Sphinx's Japanese LaTeX (uplatex, dvipdfmx, latexmk) and poppler's pdftotext/pdftoppm.
TEX_PACKAGES = {
    "/usr/bin/uplatex": "texlive-lang-japanese",
    "/usr/bin/latexmk": "latexmk",
    "/usr/share/texlive/texmf-dist/tex/latex/capt-of/capt-of.sty": "texlive-latex-extra",
    "/usr/share/texlive/texmf-dist/tex/latex/fncychap/fncychap.sty": "texlive-latex-extra",
    "/usr/share/texlive/texmf-dist/tex/latex/tools/longtable.sty": "texlive-latex-recommended",
    "/usr/share/texlive/texmf-dist/fonts/type1/urw/times/utmr8a.pfb": "texlive-fonts-recommended",
    "/usr/share/texmf/tex/latex/tex-gyre/tgtermes.sty": "tex-gyre",
    "/usr/bin/pdftotext": "poppler-utils",
}


def ensure_chromium(session: nox.Session) -> None:
    """Debian's Chromium and CJK fonts (no browser download)."""
    ensure_debian_packages(session, CHROMIUM_PACKAGES)


# Host filters after a '|' run as these Debian packages' programs (sphinx_podlab/shell/filters.py)
FILTER_PACKAGES = {"/usr/bin/gawk": "gawk", "/usr/bin/jq": "jq", "/usr/bin/column": "bsdextrautils"}


def ensure_filters(session: nox.Session) -> None:
    """The host filters' programs that a minimal Debian lacks (grep, sed and coreutils it has)."""
    missing = [package for path, package in FILTER_PACKAGES.items() if not Path(path).exists()]
    if not missing:
        return
    session.run("apt-get", "update", "-qq", external=True)
    session.run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing,
                external=True, env={"DEBIAN_FRONTEND": "noninteractive"})


@nox.session
def tests(session: nox.Session) -> None:
    """Unit, browser and Sphinx build tests (no cluster needed); paths/flags after --."""
    session.install("-e", ".[testing]")
    ensure_filters(session)
    offline = ["tests/unit", "tests/browser", "tests/sphinx_build", "tests/matrix"]
    session.run("pytest", *(session.posargs or offline))


@nox.session(default=False)
def e2e(session: nox.Session) -> None:
    """Live tests against the lab cluster (bring it up first with `nox -s lab -- up`)."""
    session.install("-e", ".[testing]")
    ensure_chromium(session)
    ensure_filters(session)
    kubeconfig = lab_kubeconfig(session)
    if kubeconfig is None:
        session.error("the lab cluster is not up: run `nox -s lab -- up` first")
    env = {"PODLAB_REQUIRE_LAB": "1", "PODLAB_LAB_KUBECONFIG": kubeconfig}
    session.run("pytest", *(session.posargs or ["tests/e2e"]), env=env)


@nox.session(default=False)
def conformance(session: nox.Session) -> None:
    """podlab vs. real kubectl on the lab, case by case; rewrites the docs' result table."""
    session.install("-e", ".[testing]")
    kubeconfig = lab_kubeconfig(session)
    if kubeconfig is None:
        session.error("the lab cluster is not up: run `nox -s lab -- up` first")
    env = {"PODLAB_REQUIRE_LAB": "1", "PODLAB_LAB_KUBECONFIG": kubeconfig}
    session.run("pytest", "tests/conformance", *session.posargs, env=env)
    session.run("python", "tests/conformance/render_table.py")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the book from its records (no cluster), warnings as errors."""
    session.install("-e", ".[docs]")
    session.run("sphinx-build", "-W", "-b", "html", "docs", BOOK_OUT,
                env={"PODLAB_EXECUTION_MODE": "replay"})


@nox.session(default=False)
def pdf(session: nox.Session) -> None:
    """The book as a PDF (Sphinx's Japanese LaTeX, from records), then the PDF's tests.

    Not in `tests`: Debian's TeX Live takes minutes to install. EPUB and text builds are
    tested there (tests/sphinx_build/test_book_formats.py).
    """
    session.install("-e", ".[docs,testing]")
    ensure_debian_packages(session, TEX_PACKAGES)
    session.run("sphinx-build", "-M", "latexpdf", "docs", "docs/_build", "-W",
                env={"PODLAB_EXECUTION_MODE": "replay"})
    session.run("pytest", "tests/pdf", *session.posargs)


@nox.session(default=False)
def regenerate(session: nox.Session) -> None:
    """Run every page's scenario live, rewrite the records, and review what changed.

    Uses $KUBECONFIG / ~/.kube/config when set, else the lab cluster. Each rewritten record
    is compared with the one before (`python -m sphinx_podlab diff --brief`): the meaningful
    differences in full, the cosmetic ones counted by kind. `-- --fail-on-drift` (or
    PODLAB_FAIL_ON_DRIFT=1) fails the session when any is meaningful (for CI); other
    arguments go to sphinx-build.
    """
    fail_on_drift = ("--fail-on-drift" in session.posargs
                     or os.environ.get("PODLAB_FAIL_ON_DRIFT", "") not in ("", "0"))
    sphinx_args = [arg for arg in session.posargs if arg != "--fail-on-drift"]
    session.install("-e", ".[docs,browser]")
    ensure_chromium(session)
    ensure_filters(session)
    env = {"PODLAB_EXECUTION_MODE": "force"}
    if not os.environ.get("KUBECONFIG") and not Path("~/.kube/config").expanduser().exists():
        kubeconfig = lab_kubeconfig(session)
        if kubeconfig is None:
            session.error("no kubeconfig and the lab is not up: run `nox -s lab -- up`")
        env["KUBECONFIG"] = kubeconfig
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as before:
        if RECORDS.is_dir():  # the records as they were, to review what the run rewrote
            shutil.copytree(RECORDS, before, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("*.png"))
        built = False
        try:
            session.run("sphinx-build", "-E", "-b", "html", "docs", out, *sphinx_args, env=env)
            built = True
        finally:
            # after a failed build too (the pages that did run were rewritten); then the
            # build's failure is what the session reports
            codes = [0, 1, 2] if not built else [0] if fail_on_drift else [0, 1]
            session.run("python", "-m", "sphinx_podlab", "diff", "--brief", before,
                        str(RECORDS), success_codes=codes)


@nox.session(default=False)
def matrix(session: nox.Session) -> None:
    """The book live on each lab release (`-- 1.34.9 1.37.2`; default: the one running) into
    a scratch copy (committed records untouched), each page reviewed against its committed
    record; then docs/appendix/matrix.md from tests/matrix/results.json.

    Switching releases restarts the lab (`lab.sh down`, `up --version X`, with the nodes it
    had), and the lab as it was is brought back at the end: run it when no one else uses it.
    """
    session.install("-e", ".[docs,browser]")
    ensure_chromium(session)
    before = running_lab(session)
    current = before[0] if before else None
    nodes = before[1] if before else "1"
    try:
        for version in session.posargs or [current or DEFAULT_RELEASE]:
            wanted = "v" + version.removeprefix("v")
            if wanted != current:
                switch_lab(session, wanted, nodes, down=current is not None)
                current = wanted
            kubeconfig = lab_kubeconfig(session)
            if kubeconfig is None:
                session.error(f"the lab is not up on {wanted}")
            session.run("python", "tests/matrix/run.py", "--kubeconfig", kubeconfig,
                        env={"KUBECONFIG": kubeconfig})
    finally:
        if before is not None and current != before[0]:
            switch_lab(session, before[0], before[1], down=True)
    session.run("python", "tests/matrix/render_table.py")


def running_lab(session: nox.Session) -> tuple[str, str] | None:
    """The release and node count the lab runs (lab.sh keeps them in its state directory),
    None when it is down."""
    if lab_kubeconfig(session) is None:
        return None
    state = Path(os.environ.get("PODLAB_LAB_STATE", "/var/lib/podlab-lab"))

    def read(name: str, default: str) -> str:
        path = state / name
        return path.read_text(encoding="utf-8").strip() if path.is_file() else default

    return read("release", DEFAULT_RELEASE), read("nodes", "1")


def switch_lab(session: nox.Session, version: str, nodes: str, down: bool) -> None:
    if down:
        session.run(*LAB, "down", external=True)
    session.run(*LAB, "up", "--version", version, "--nodes", nodes, external=True)


@nox.session(default=False)
def preview(session: nox.Session) -> None:
    """Live preview: sphinx-autobuild in mode auto, records unwatched; `-- --port N`."""
    session.install("-e", ".[docs]", "sphinx-autobuild")
    session.run("python", "-m", "sphinx_podlab", "preview", "docs", "--watch", "manifests",
                *session.posargs)


@nox.session(python=False, default=False)
def lab(session: nox.Session) -> None:
    """The lab cluster: `nox -s lab -- up [--nodes 2] [--version X]|down|status`."""
    session.run(*LAB, *(session.posargs or ["status"]), external=True)


@nox.session(default=False)
def lab_nodes(session: nox.Session) -> None:
    """The lab with two nodes: restarts it with `--nodes 2` (same release), runs the lab's
    e2e tests (the two-node ones included; pytest arguments after --), then brings the lab
    back as it was. Run it when no one else uses the lab."""
    session.install("-e", ".[testing]")
    before = running_lab(session)
    release = before[0] if before else DEFAULT_RELEASE
    switch_lab(session, release, "2", down=before is not None)
    try:
        kubeconfig = lab_kubeconfig(session)
        if kubeconfig is None:
            session.error("the lab did not come up with two nodes")
        tests = ["tests/e2e/test_lab_nodes.py", "tests/e2e/test_lab_images.py",
                 "tests/e2e/test_lab_cluster.py"]
        session.run("pytest", *(session.posargs or tests),
                    env={"PODLAB_LAB_KUBECONFIG": kubeconfig, "PODLAB_REQUIRE_LAB": "1"})
    finally:
        if before is None:
            session.run(*LAB, "down", external=True)
        else:
            switch_lab(session, before[0], before[1], down=True)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("-e", ".[lint,testing]")
    session.run("ruff", "check", "sphinx_podlab", "tests", "noxfile.py", "benchmarks")
    session.run("mypy")


@nox.session(default=False)
def ci(session: nox.Session) -> None:
    """Everything CI runs: lint, lab up, all tests (unit, Sphinx, live), the book, lab down."""
    session.install("-e", ".[testing,lint]")
    session.run("ruff", "check", "sphinx_podlab", "tests", "noxfile.py", "benchmarks")
    session.run("mypy")
    ensure_chromium(session)
    ensure_filters(session)
    session.run(*LAB, "up", external=True)
    try:
        kubeconfig = lab_kubeconfig(session)
        if kubeconfig is None:
            session.error("the lab did not come up")
        env = {"PODLAB_REQUIRE_LAB": "1", "PODLAB_LAB_KUBECONFIG": kubeconfig}
        # tests/pdf needs TeX Live (a long install): its own session, nox -s pdf
        # (the two-node tests belong to nox -s lab_nodes: deselected, not skipped)
        session.run("pytest", "tests", "--ignore=tests/pdf", "-m", "not two_nodes",
                    "--durations=40", env=env)  # the slowest tests: where CI's time goes
        session.run("sphinx-build", "-W", "-b", "html", "docs", BOOK_OUT,
                    env={"PODLAB_EXECUTION_MODE": "replay", "KUBECONFIG": "/nonexistent"})
    finally:
        session.run(*LAB, "down", external=True)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Benchmarks (not tests): replay vs plain, no-change rebuild, live vs kubectl (lab)."""
    session.install("-e", ".[docs]")
    extra: list[str] = []
    kubeconfig = lab_kubeconfig(session)
    kubectl = Path("~/.cache/podlab-lab/v1.34.9/bin/kubectl").expanduser()
    if kubeconfig and kubectl.exists():
        extra = ["--kubeconfig", kubeconfig, "--kubectl", str(kubectl)]
    session.run("python", "benchmarks/bench.py", *extra, *session.posargs)
