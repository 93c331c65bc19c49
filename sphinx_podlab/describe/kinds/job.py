"""``kubectl describe job`` and ``describe cronjob`` (kubectl's JobDescriber and
CronJobDescriber)."""

from __future__ import annotations

from ...model.kinds import Obj
from ..common import (
    Settings,
    controlled_by,
    human_duration,
    parse_time,
    rfc1123z,
    search_events,
    selector_string,
    write_annotations,
    write_events,
    write_labels,
)
from ..podtemplate import write_pod_template
from ..reader import Reader
from ..registry import describer
from ..workloads import fetch
from ..writer import PrefixWriter


def cap_indexes(indexes: str, soft_limit: int = 50) -> str:
    """``capIndexesListOrNone``: the list cut after the first comma past ``soft_limit``."""
    if not indexes:
        return "<none>"
    cut = indexes.find(",", soft_limit)
    return indexes if cut < 0 else indexes[:cut + 1] + "..."


def _duration(start: object, end: object) -> str:
    begin, finish = parse_time(start), parse_time(end)
    assert begin is not None and finish is not None
    delta = finish - begin
    return human_duration((delta.days * 86400 + delta.seconds) * 10**9
                          + delta.microseconds * 1000)


def write_job(w: PrefixWriter, job: Obj, settings: Settings) -> None:
    metadata, spec, status = job["metadata"], job.get("spec") or {}, job.get("status") or {}
    now = settings.now
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    w.write(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    owner = controlled_by(job)
    if owner:
        w.write(0, f"Controlled By:\t{owner}\n")
    if spec.get("parallelism") is not None:
        w.write(0, f"Parallelism:\t{int(spec['parallelism'])}\n")
    completions = spec.get("completions")
    w.write(0, f"Completions:\t{'<unset>' if completions is None else int(completions)}\n")
    if spec.get("completionMode") is not None:
        w.write(0, f"Completion Mode:\t{spec['completionMode']}\n")
    if spec.get("suspend") is not None:
        w.write(0, f"Suspend:\t{'true' if spec['suspend'] else 'false'}\n")
    if spec.get("backoffLimit") is not None:
        w.write(0, f"Backoff Limit:\t{int(spec['backoffLimit'])}\n")
    if spec.get("ttlSecondsAfterFinished") is not None:
        w.write(0, f"TTL Seconds After Finished:\t{int(spec['ttlSecondsAfterFinished'])}\n")
    start, done = status.get("startTime"), status.get("completionTime")
    if start:
        w.write(0, f"Start Time:\t{rfc1123z(start, now)}\n")
    if done:
        w.write(0, f"Completed At:\t{rfc1123z(done, now)}\n")
    if start and done:
        w.write(0, f"Duration:\t{_duration(start, done)}\n")
    if spec.get("activeDeadlineSeconds") is not None:
        w.write(0, f"Active Deadline Seconds:\t{int(spec['activeDeadlineSeconds'])}s\n")
    active = int(status.get("active") or 0)
    succeeded, failed = int(status.get("succeeded") or 0), int(status.get("failed") or 0)
    if status.get("ready") is None:
        w.write(0, f"Pods Statuses:\t{active} Active / {succeeded} Succeeded / {failed} Failed\n")
    else:
        w.write(0, f"Pods Statuses:\t{active} Active ({int(status['ready'])} Ready) / "
                   f"{succeeded} Succeeded / {failed} Failed\n")
    if spec.get("completionMode") == "Indexed":
        indexes = cap_indexes(str(status.get("completedIndexes") or ""))
        w.write(0, f"Completed Indexes:\t{indexes}\n")
    write_pod_template(w, spec.get("template"), settings)


@describer("batch", "Job")
def describe_job(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    job = fetch(reader, "/apis/batch/v1", "jobs", namespace, name)
    events = search_events(reader, job, "Job", settings) if settings.show_events else None
    w = PrefixWriter()
    write_job(w, job, settings)
    if events is not None:
        write_events(w, events, settings)
    return w.text()


def _unset_or(value: object, suffix: str = "") -> str:
    return "<unset>" if value is None else f"{int(str(value))}{suffix}"


def _job_template(w: PrefixWriter, template: Obj, settings: Settings) -> None:
    """``describeJobTemplate``: a cron job's jobs' selector, parallelism and pod template."""
    spec = template.get("spec") or {}
    selector = spec.get("selector")
    w.write(0, f"Selector:\t{'<unset>' if selector is None else selector_string(selector)}\n")
    w.write(0, f"Parallelism:\t{_unset_or(spec.get('parallelism'))}\n")
    w.write(0, f"Completions:\t{_unset_or(spec.get('completions'))}\n")
    if spec.get("activeDeadlineSeconds") is not None:
        w.write(0, f"Active Deadline Seconds:\t{int(spec['activeDeadlineSeconds'])}s\n")
    write_pod_template(w, spec.get("template") or {}, settings)


@describer("batch", "CronJob")
def describe_cronjob(reader: Reader, namespace: str, name: str, settings: Settings) -> str:
    cronjob = fetch(reader, "/apis/batch/v1", "cronjobs", namespace, name)
    events = search_events(reader, cronjob, "CronJob", settings) if settings.show_events else None
    metadata = cronjob["metadata"]
    spec, status = cronjob.get("spec") or {}, cronjob.get("status") or {}
    now = settings.now
    w = PrefixWriter()
    w.write(0, f"Name:\t{metadata.get('name') or ''}\n")
    w.write(0, f"Namespace:\t{metadata.get('namespace') or ''}\n")
    write_labels(w, "Labels", metadata.get("labels"))
    write_annotations(w, "Annotations", metadata.get("annotations"))
    w.write(0, f"Schedule:\t{spec.get('schedule') or ''}\n")
    w.write(0, f"Concurrency Policy:\t{spec.get('concurrencyPolicy') or ''}\n")
    suspend = spec.get("suspend")
    w.write(0, f"Suspend:\t{'<unset>' if suspend is None else ('True' if suspend else 'False')}\n")
    if settings.since(37):  # gated at 37: whether 1.35 or 1.36 printed it is not known here
        w.write(0, f"Time Zone:\t{spec.get('timeZone') or '<unset>'}\n")
    w.write(0, "Successful Job History Limit:\t"
               f"{_unset_or(spec.get('successfulJobsHistoryLimit'))}\n")
    w.write(0, f"Failed Job History Limit:\t{_unset_or(spec.get('failedJobsHistoryLimit'))}\n")
    w.write(0, "Starting Deadline Seconds:\t"
               f"{_unset_or(spec.get('startingDeadlineSeconds'), 's')}\n")
    _job_template(w, spec.get("jobTemplate") or {}, settings)
    last = status.get("lastScheduleTime")
    w.write(0, f"Last Schedule Time:\t{rfc1123z(last, now) if last else '<unset>'}\n")
    w.write(0, "Active Jobs:\t")
    active = status.get("active") or []
    if not active:
        w.write_line("<none>")
    else:
        w.write(0, ", ".join(str(job.get("name") or "") for job in active))
        w.write_line("")
    if events is not None:
        write_events(w, events, settings)
    return w.text()
