"""The connection experiment, live: phpMyAdmin logins through a port-forward to deploy/pma.

Needs the lab cluster (tests/cluster/lab.sh up), Playwright for Python and Debian's
chromium. Asserts the error state and the logged-in state on the DOM, not on pixels, and
that the port-forward and the browser are gone after each step, also after a failure.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browser_processes import Watch, png_size

pytest.importorskip("playwright")
if not Path("/usr/bin/chromium").exists():
    pytest.skip("needs Debian's chromium (apt-get install -y chromium)", allow_module_level=True)

from kubernetes import client, config, utils

from sphinx_podlab.browser import (
    BrowserResult,
    BrowserStepError,
    driver,
    parse_actions,
    run_browser_step,
    substitute,
)

pytestmark = pytest.mark.live

TIMEOUT = 120.0
# a step's whole page: the viewport at the driver's scale (2 device pixels per CSS pixel)
FULL_PAGE = (driver.VIEWPORT[0] * driver.SCALE, driver.VIEWPORT[1] * driver.SCALE)
# an uncropped page at 2x (the book crops its figures to < 300 KB: test_chapter_live)
FULL_PAGE_BYTES = 1_000_000
LOGIN = [
    "open /",
    "fill #serverNameInput {server}",
    "fill #input_username myuser",
    "fill #input_password mypassword",
]
ERROR = "'#pma_errors .alert-danger'"


def forward_threads() -> list[str]:
    return [
        t.name
        for t in threading.enumerate()
        if t.name.startswith(("podlab port-forward", "Kubernetes port forward proxy"))
    ]


class Step:
    """Runs browser steps against deploy/pma and checks that each one cleans up after itself."""

    def __init__(self, kubeconfig: str, namespace: str, out: Path) -> None:
        self.kubeconfig = kubeconfig
        self.namespace = namespace
        self.out = out
        self.progress = Watch()

    def new_api_client(self) -> client.ApiClient:
        new_client: Any = config.new_client_from_config  # untyped in the client
        api: client.ApiClient = new_client(config_file=self.kubeconfig)
        return api

    def run(
        self,
        name: str,
        lines: list[str],
        values: dict[str, str],
        target: str = "deploy/pma",
    ) -> BrowserResult:
        self.progress = Watch()
        actions = substitute(parse_actions(lines), values)
        try:
            result = run_browser_step(
                self.new_api_client,
                self.namespace,
                target,
                80,
                actions,
                TIMEOUT,
                self.progress,
            )
        except BrowserStepError as exc:
            if exc.png is not None:  # the page at the failure, for whoever reads the log
                (self.out / f"{name}-failed.png").write_bytes(exc.png)
                print(f"{name}: failed, page saved as {self.out / f'{name}-failed.png'}")
            raise
        finally:
            self.assert_torn_down()
        (self.out / f"{name}.png").write_bytes(result.png)
        print(f"{name}: {len(result.png)} bytes, {result.seconds:.1f} s, {result.url_path}")
        for check in result.checks:
            print(f"  {check}")
        return result

    def assert_torn_down(self) -> None:
        ports = [
            int(m.group(1))
            for line in self.progress.lines
            if (m := re.search(r"forwarded to http://127\.0\.0\.1:(\d+)", line))
        ]
        for port in ports:  # the listener is closed
            with socket.socket() as probe:
                assert probe.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still open"
        deadline = time.monotonic() + 5
        while forward_threads() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert forward_threads() == []
        if ports:
            self.progress.assert_browser_gone()
        else:  # the step failed before the port-forward: no browser either
            assert self.progress.seen == set()


@pytest.fixture
def lab(
    lab_kubeconfig: str,
    namespace: str,
    api_client: client.ApiClient,
    wait: Callable[..., object],
    manifests: Path,
    tmp_path: Path,
) -> tuple[Step, str]:
    """ss-mysql.yml and deploy-pma.yml applied and Ready; the steps and mysql-0's IP."""
    create_from_yaml: Any = utils.create_from_yaml  # untyped in the client
    for manifest in ("ss-mysql.yml", "deploy-pma.yml"):
        create_from_yaml(api_client, str(manifests / manifest), namespace=namespace)
    core = client.CoreV1Api(api_client)

    def ready(app: str) -> bool:
        pods = core.list_namespaced_pod(namespace, label_selector=f"app={app}").items
        return bool(pods) and all(
            p.status is not None
            and p.status.phase == "Running"
            and any(c.type == "Ready" and c.status == "True" for c in p.status.conditions or [])
            for p in pods
        )

    wait("mysql-0 Ready", 180, lambda: ready("mysql"))
    wait("the pma pod Ready", 180, lambda: ready("pma"))
    status = core.read_namespaced_pod("mysql-0", namespace).status
    ip = status.pod_ip if status is not None else None
    assert ip
    return Step(lab_kubeconfig, namespace, tmp_path), ip


def login(server: str) -> list[str]:
    return [line.replace("{server}", server) for line in LOGIN]


def test_login_by_name_fails_and_by_pod_ip_succeeds(lab: tuple[Step, str]) -> None:
    step, ip = lab

    # (a) server "mysql": no Service yet, the name does not resolve.
    error = step.run(
        "pma-login-error-hostname",
        [
            *login("mysql"),
            "click #input_go",
            f"expect-visible {ERROR}",
            f"expect-text {ERROR} mysql",
            "expect-absent #pma_navigation_tree",
        ],
        {},
    )
    shown = error.checks[1]
    assert "getaddrinfo for mysql failed: Name or service not known" in shown
    assert error.checks[2] == "expect-absent '#pma_navigation_tree': no visible element"
    assert png_size(error.png) == FULL_PAGE and len(error.png) < FULL_PAGE_BYTES

    # (b) server = the Pod IP: the form as the reader fills it, then the login succeeds.
    form = step.run(
        "pma-login-using-pod-ip",
        [
            *login("{mysql-0@before}"),
            "expect-value #serverNameInput {mysql-0@before}",
            "screenshot",
            "click #input_go",
            "expect-visible #pma_navigation_tree",
            "expect-visible a.logout",
            f"expect-absent {ERROR}",
        ],
        {"mysql-0@before": ip},
    )
    assert form.checks[0] == f"expect-value '#serverNameInput' {ip}: <input> visible value='{ip}'"
    assert form.url_path in {"/", "/index.php", "/index.php?route=/"}  # the login form
    assert png_size(form.png) == FULL_PAGE and len(form.png) < FULL_PAGE_BYTES

    # (c) the logged-in page itself.
    logged_in = step.run(
        "pma-login-with-pod-ip",
        [*login(ip), "click #input_go", "wait-for #pma_navigation_tree", "expect-visible a.logout"],
        {},
    )
    assert png_size(logged_in.png) == FULL_PAGE and len(logged_in.png) < FULL_PAGE_BYTES


def test_failures_name_the_line_and_still_tear_down(lab: tuple[Step, str]) -> None:
    step, _ip = lab
    with pytest.raises(BrowserStepError) as info:
        step.run(
            "wrong-claim",
            [*login("mysql"), "click #input_go", "", f"expect-text {ERROR} 'Access denied'"],
            {},
        )
    assert info.value.line == 6
    assert "not satisfied after" in str(info.value)
    assert "getaddrinfo for mysql failed" in str(info.value)  # what was found instead
    assert info.value.png is not None and png_size(info.value.png) == FULL_PAGE

    with pytest.raises(BrowserStepError) as info:
        step.run("no-such-target", ["open /"], {}, target="deploy/nope")
    assert info.value.line is None
    assert str(info.value) == (
        'deploy/nope: Error from server (NotFound): deployments.apps "nope" not found'
    )
