"""The experiment of port-forward-drops.md: load phpMyAdmin N times in Chromium through a
PortForwarder and count the failed requests, with Chromium in the host's network namespace
or (``--isolated``, needs root for ``ip netns``) in one of its own.

    python tests/faults/chromium_network_change.py NAMESPACE POD N [--isolated]

Run both at once while pods start and stop on the node to see the difference.
"""

from __future__ import annotations

import collections
import ctypes
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from sphinx_podlab.browser.portforward import PortForwarder
from sphinx_podlab.execute.cluster import Cluster

KUBECONFIG = os.environ.get("PODLAB_LAB_KUBECONFIG", "/var/lib/podlab-lab/kubeconfig")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
CLONE_NEWNET = 0x40000000


def listener_in(netns: str) -> socket.socket:
    """A listening socket on 127.0.0.1 of network namespace ``netns`` (made by a thread that
    enters it: a socket stays in the namespace it was made in)."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    own = os.open("/proc/self/ns/net", os.O_RDONLY)
    target = os.open(f"/run/netns/{netns}", os.O_RDONLY)
    made: list[socket.socket] = []

    def make() -> None:
        assert libc.setns(target, CLONE_NEWNET) == 0, ctypes.get_errno()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        sock.settimeout(0.1)
        made.append(sock)
        assert libc.setns(own, CLONE_NEWNET) == 0

    thread = threading.Thread(target=make)
    thread.start()
    thread.join()
    return made[0]


def main(namespace: str, pod: str, loads: int, isolated: bool) -> None:
    cluster = Cluster.connect(None, KUBECONFIG)
    failed: collections.Counter[str] = collections.Counter()
    forwarder = PortForwarder(cluster.new_api_client, namespace, pod, 80, print)
    executable = "/usr/bin/chromium"
    netns = f"podlab-pf-{os.getpid()}"
    if isolated:
        subprocess.run(["ip", "netns", "add", netns], check=True)
        subprocess.run(["ip", "-n", netns, "link", "set", "lo", "up"], check=True)
        wrapper = Path(f"/tmp/{netns}-chromium")
        wrapper.write_text(f'#!/bin/sh\nexec ip netns exec {netns} {executable} "$@"\n')
        wrapper.chmod(0o755)
        executable = str(wrapper)
        forwarder._listener = listener_in(netns)  # instead of start(): same accept loop
        forwarder._accept_thread = threading.Thread(target=forwarder._accept_loop, daemon=True)
        forwarder._accept_thread.start()
    else:
        forwarder.start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            start = time.monotonic()
            for _ in range(loads):
                context = browser.new_context()
                page = context.new_page()
                page.on("requestfailed", lambda r: failed.update([str(r.failure)]))
                page.goto(forwarder.url + "/", wait_until="load", timeout=60000)
                context.close()
            browser.close()
            print(f"{loads} loads in {time.monotonic() - start:.1f} s, "
                  f"{forwarder.connections} connections; failed requests: {dict(failed)}")
    finally:
        forwarder.close()
        if isolated:
            subprocess.run(["ip", "netns", "delete", netns], check=False)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), "--isolated" in sys.argv[4:])
