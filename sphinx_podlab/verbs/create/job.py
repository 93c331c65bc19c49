"""``kubectl create job NAME --image=IMAGE [-- COMMAND...]`` and
``kubectl create cronjob NAME --image=IMAGE --schedule=CRON [--restart=R] [-- COMMAND...]``:
one container named after the object."""

from __future__ import annotations

from dataclasses import dataclass

from ...execute.context import Context, known_type
from ...execute.failures import CliError
from ...execute.printers import GoStruct
from ...model.messages import msg
from ...parse.flags import ParsedArgs, unsupported
from ..base import Verb
from .common import CREATED, Output, create, flags, metadata, one_name, parse_output

JOBS = known_type("jobs")
CRONJOBS = known_type("cronjobs")


@dataclass(frozen=True)
class CreateJob:
    name: str
    image: str
    command: tuple[str, ...] = ()
    output: Output = CREATED
    namespace: str | None = None


@dataclass(frozen=True)
class CreateCronJob:
    name: str
    image: str
    schedule: str
    restart: str = "OnFailure"
    command: tuple[str, ...] = ()
    output: Output = CREATED
    namespace: str | None = None


JOB_FLAGS = flags(values={"--image": "image", "--from": "from"})
CRONJOB_FLAGS = flags(values={"--image": "image", "--schedule": "schedule",
                              "--restart": "restart"})


def _image(args: ParsedArgs) -> str:
    image = args.single("image")
    if not image:
        raise unsupported(msg("'kubectl %(verb)s' needs --image=IMAGE", verb=args.verb))
    return image


def parse_job(args: ParsedArgs) -> CreateJob:
    if args.single("from") is not None:
        raise unsupported(msg("'kubectl %(verb)s' is not supported", verb="create job --from"))
    return CreateJob(one_name(args, "job"), _image(args), tuple(args.after_dashes or ()),
                     parse_output(args), args.namespace)


def parse_cronjob(args: ParsedArgs) -> CreateCronJob:
    restart = args.single("restart") or "OnFailure"
    if restart not in ("OnFailure", "Never"):
        raise unsupported(f"invalid restart policy: {restart}")
    return CreateCronJob(one_name(args, "cronjob"), _image(args), args.single("schedule") or "",
                         restart, tuple(args.after_dashes or ()), parse_output(args),
                         args.namespace)


def _pod_spec(name: str, image: str, command: tuple[str, ...], restart: str) -> GoStruct:
    container = GoStruct(name=name, image=image)
    if command:
        container["command"] = list(command)
    container["resources"] = {}
    return GoStruct(containers=[container], restartPolicy=restart)


def run_job(ctx: Context, command: CreateJob) -> None:
    template = GoStruct(metadata={}, spec=_pod_spec(command.name, command.image,
                                                    command.command, "Never"))
    obj = GoStruct(kind="Job", apiVersion="batch/v1",
                   metadata=metadata(command.name, command.namespace),
                   spec=GoStruct(template=template), status={})
    create(ctx, JOBS, obj, command.output, "failed to create job: ", command.namespace)


def run_cronjob(ctx: Context, command: CreateCronJob) -> None:
    if not command.schedule:
        ctx.output.fail([CliError('required flag(s) "schedule" not set')])
        return
    template = GoStruct(metadata={}, spec=_pod_spec(command.name, command.image,
                                                    command.command, command.restart))
    job_template = GoStruct(metadata=GoStruct(name=command.name),
                            spec=GoStruct(template=template))
    obj = GoStruct(kind="CronJob", apiVersion="batch/v1",
                   metadata=metadata(command.name, command.namespace),
                   spec=GoStruct(schedule=command.schedule, jobTemplate=job_template),
                   status={})
    create(ctx, CRONJOBS, obj, command.output, "failed to create cronjob: ", command.namespace)


JOB = Verb("create job", "kubectl create job NAME --image=IMAGE [-- COMMAND...]", JOB_FLAGS,
           parse_job)
CRONJOB = Verb("create cronjob", "kubectl create cronjob NAME --image=IMAGE --schedule=CRON "
               "[--restart=OnFailure|Never] [-- COMMAND...]", CRONJOB_FLAGS, parse_cronjob)
