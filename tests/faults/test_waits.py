"""Waits that know failure, live: a step whose pod or claim cannot become ready fails within
seconds of the cluster saying why, with the reason, the message and the last events; a
crash-looping pod is never taken as ready."""

from __future__ import annotations

import re
import time

import pytest
from kubernetes import client

from .conftest import Book, Fresh, assert_nothing_left

PAGE = """# Fault

```{{podlab}}
$ kubectl apply -f {manifest}
$ kubectl get pods
```
"""
TIMEOUT = 60  # the step's timeout in these builds: a wait that knows failure ends far sooner


@pytest.mark.live
@pytest.mark.parametrize(("manifest", "reason"), [
    ("web-absent-image.yml", "pod/web-[a-z0-9-]+: (ErrImagePull|ImagePullBackOff): "),
    ("web-crash.yml", "pod/web-[a-z0-9-]+: (Error|CrashLoopBackOff): container web"),
    ("data-absent-class.yml", "persistentvolumeclaim/data: StorageClassNotFound: "),
])
def test_a_wait_that_cannot_succeed_fails_at_once(
        book: Book, api_client: client.ApiClient, fresh: Fresh, manifest: str,
        reason: str) -> None:
    records = book.keep_record_of(fresh)
    book.write(PAGE.format(manifest=manifest))
    start = time.monotonic()
    app = book.build(podlab_timeout=TIMEOUT)
    seconds = time.monotonic() - start
    warnings = app.warning.getvalue()
    assert app.statuscode == 1
    assert re.search(rf"index\.md:4: WARNING: 'kubectl apply -f {re.escape(manifest)}': gave "
                     rf"up waiting for [^:]+ to be (ready|Bound): {reason}", warnings), warnings
    assert re.search(r"Events of \S+:\n  Type +Reason +Age +From +Message\n", warnings)
    assert "Traceback" not in warnings
    print(f"{manifest}: build failed after {seconds:.1f} s")  # for the closing note
    assert seconds < TIMEOUT / 2  # not the step's timeout: the cluster said why
    assert_nothing_left(book, api_client, records, fresh)
