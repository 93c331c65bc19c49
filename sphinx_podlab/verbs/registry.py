"""The one list of verbs; the supported-commands list, parsing and running derive from it.

Adding a verb: write its module (see CONTRIBUTING.md), add its ``VERB`` to ``VERBS``, its
command type to ``Command`` and a ``case`` to :func:`run_command`. mypy fails on a type in
``Command`` that ``run_command`` does not handle (``assert_never``), and a unit test fails on a
registered verb whose type is not in ``Command``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_never

from ..model.errors import PodlabSyntaxError
from ..model.messages import Message, Text, msg
from ..parse.flags import UnsupportedCommand, scan_flags, take_word, unsupported
from . import (
    annotate,
    api_resources,
    apply,
    attach,
    cluster_info,
    config,
    cp,
    delete,
    describe,
    events,
    exec,
    explain,
    expose,
    get,
    label,
    logs,
    patch,
    port_forward,
    proxy,
    replace,
    rollout,
    rollout_history,
    rollout_pause,
    rollout_undo,
    run,
    scale,
    top,
    version,
    wait,
)
from . import set as set_verb  # not `set`: the builtin is used below
from .base import Verb
from .create import data as create_data
from .create import deployment as create_deployment
from .create import files as create_files
from .create import job as create_job
from .create import namespace as create_namespace
from .create import rbac as create_rbac
from .create import service as create_service
from .create import serviceaccount as create_serviceaccount

if TYPE_CHECKING:
    from ..execute.context import Context

Command = (
    apply.Apply
    | get.Get
    | exec.Exec
    | delete.Delete
    | logs.Logs
    | wait.Wait
    | rollout.RolloutStatus
    | version.Version
    | cluster_info.ClusterInfo
    | scale.Scale
    | label.Label
    | annotate.Annotate
    | describe.Describe
    | create_namespace.CreateNamespace
    | create_deployment.CreateDeployment
    | create_data.CreateConfigMap
    | create_data.CreateSecret
    | create_service.CreateService
    | create_job.CreateJob
    | create_job.CreateCronJob
    | create_serviceaccount.CreateServiceAccount
    | create_rbac.CreateRole
    | create_rbac.CreateRoleBinding
    | expose.Expose
    | run.Run
    | rollout_history.RolloutHistory
    | rollout_undo.RolloutUndo
    | rollout_pause.RolloutChange
    | set_verb.SetImage
    | set_verb.SetEnv
    | set_verb.SetResources
    | patch.Patch
    | replace.Replace
    | cp.Copy
    | top.Top
    | api_resources.ApiResources
    | api_resources.ApiVersions
    | create_files.CreateFromFiles
    | port_forward.PortForward
    | attach.Attach
    | proxy.Proxy
    | events.Events
    | config.ConfigCommand
    | explain.Explain
)

VERBS: tuple[Verb[Command], ...] = (
    apply.VERB,
    get.VERB,
    exec.VERB,
    delete.VERB,
    logs.VERB,
    wait.VERB,
    rollout.STATUS,
    version.VERB,
    cluster_info.VERB,
    scale.VERB,
    label.VERB,
    annotate.VERB,
    describe.VERB,
    create_namespace.VERB,
    create_deployment.VERB,
    create_data.CONFIGMAP,
    create_data.SECRET,
    create_data.SECRET_TLS,
    create_data.SECRET_DOCKER,
    *create_service.VERBS,
    create_job.JOB,
    create_job.CRONJOB,
    create_serviceaccount.VERB,
    create_rbac.ROLE,
    create_rbac.CLUSTERROLE,
    create_rbac.ROLEBINDING,
    create_rbac.CLUSTERROLEBINDING,
    expose.VERB,
    run.VERB,
    rollout_history.VERB,
    rollout_undo.VERB,
    rollout_pause.PAUSE,
    rollout_pause.RESUME,
    rollout_pause.RESTART,
    set_verb.IMAGE,
    set_verb.ENV,
    set_verb.RESOURCES,
    patch.VERB,
    replace.VERB,
    cp.VERB,
    top.NODE,
    top.POD,
    api_resources.VERB,
    api_resources.VERSIONS,
    create_files.VERB,
    port_forward.VERB,
    attach.VERB,
    proxy.VERB,
    events.VERB,
    *config.VERBS,
    explain.VERB,
)

# commands that run until they are stopped: a page runs them as jobs (scenario/terminals.py)
KEEPS_RUNNING: tuple[type, ...] = (port_forward.PortForward, proxy.Proxy)

SUPPORTED_COMMANDS: tuple[str, ...] = tuple(verb.usage for verb in VERBS)
# where a syntax error points, instead of repeating the whole list in every warning
COMMANDS_HOW = "python -m sphinx_podlab commands"
COMMANDS_HINT = f"the supported commands: {COMMANDS_HOW}"
_BY_NAME: dict[str, Verb[Command]] = {verb.name: verb for verb in VERBS}
# every word sequence that begins a longer verb name ("create", "create secret"), mapped to
# the words that may follow it: sub-verbs may nest ("create secret generic")
_FOLLOWERS: dict[str, set[str]] = {}
for _name in _BY_NAME:
    _words = _name.split(" ")
    for _end in range(1, len(_words)):
        _FOLLOWERS.setdefault(" ".join(_words[:_end]), set()).add(_words[_end])


# kubectl verbs a page cannot run as a reader's terminal does, and what to write instead
_PLUGINS = msg("plugins are programs of the reader's machine, not kubectl")
INSTEAD: dict[str, Message] = {
    "edit": msg("it opens an interactive editor: show the change with 'kubectl patch' or "
                "'kubectl apply -f' of the changed file"),
    "kustomize": msg("apply the rendered manifests with 'kubectl apply -f'"),
    "plugin": _PLUGINS,
    "krew": _PLUGINS,
    "debug": msg("use 'kubectl exec' or 'kubectl run -it --rm'"),
    "completion": msg("shell completion prints a script, not cluster output"),
    "alpha": msg("alpha commands are not supported"),
    "diff": msg("not supported yet: show the change with 'kubectl apply -f' and "
                "'kubectl get'"),
    "autoscale": msg("not supported yet: write the HorizontalPodAutoscaler manifest and "
                     "apply it"),
}


def parse_kubectl(argv: tuple[str, ...]) -> Command:
    """Turn ``("kubectl", "get", "pods")`` into a typed command or raise PodlabSyntaxError
    naming the supported commands."""
    try:
        return _parse(argv)
    except UnsupportedCommand as error:
        raise PodlabSyntaxError(with_commands_hint(error.message), error.line) from None


def with_commands_hint(problem: Text) -> Message:
    """``problem`` and where the supported commands are listed (not the whole list)."""
    return msg("%(problem)s (the supported commands: %(how)s)", problem=problem,
               how=COMMANDS_HOW)


def find_verb(args: list[str]) -> Verb[Command]:
    """The verb (or sub-verb) of ``args`` (argv after ``kubectl``); its words are removed."""
    name = take_word(args)
    if name is None:
        raise unsupported(msg("no kubectl verb given"))
    while name in _FOLLOWERS:
        followers = _FOLLOWERS[name]
        before = list(args)
        sub = take_word(args)
        if sub in followers:
            name = f"{name} {sub}"
            continue
        if name in _BY_NAME:  # a verb with sub-verbs may also stand alone (create -f)
            args[:] = before  # the word was no sub-verb (maybe a flag's value): put it back
            break
        known = " | ".join(sorted(followers))
        if sub:
            raise unsupported(msg("'kubectl %(verb)s %(sub)s' is not supported (podlab knows "
                                  "kubectl %(verb)s %(known)s)", verb=name, sub=sub,
                                  known=known))
        raise unsupported(msg("'kubectl %(verb)s' without %(known)s is not supported (podlab "
                              "knows kubectl %(verb)s %(known)s)", verb=name, known=known))
    verb = _BY_NAME.get(name)
    if verb is None:
        hint = INSTEAD.get(name)
        if hint is None:
            raise unsupported(msg("'kubectl %(verb)s' is not supported", verb=name))
        raise unsupported(msg("'kubectl %(verb)s' is not supported (%(hint)s)", verb=name,
                              hint=hint))
    return verb


def _parse(argv: tuple[str, ...]) -> Command:
    if not argv or argv[0] != "kubectl":
        raise unsupported(msg("only kubectl commands can run, not %(program)r",
                              program=argv[0]) if argv else msg("empty"))
    args = list(argv[1:])
    verb = find_verb(args)
    return verb.parse(scan_flags(verb.name, args, verb.flags))


def run_command(ctx: Context, command: Command) -> None:
    """Run a parsed command against the cluster; its output goes to ``ctx.output``."""
    from ..execute.discovery import resolve_deferred  # execute/ loads when a command runs

    command = resolve_deferred(ctx, command)
    match command:
        case apply.Apply():
            apply.run(ctx, command)
        case get.Get():
            get.run(ctx, command)
        case exec.Exec():
            exec.run(ctx, command)
        case delete.Delete():
            delete.run(ctx, command)
        case logs.Logs():
            logs.run(ctx, command)
        case wait.Wait():
            wait.run(ctx, command)
        case rollout.RolloutStatus():
            rollout.run_status(ctx, command)
        case version.Version():
            version.run(ctx, command)
        case cluster_info.ClusterInfo():
            cluster_info.run(ctx, command)
        case scale.Scale():
            scale.run(ctx, command)
        case label.Label():
            label.run(ctx, command)
        case annotate.Annotate():
            annotate.run(ctx, command)
        case describe.Describe():
            describe.run(ctx, command)
        case create_namespace.CreateNamespace():
            create_namespace.run(ctx, command)
        case create_deployment.CreateDeployment():
            create_deployment.run(ctx, command)
        case create_data.CreateConfigMap():
            create_data.run_configmap(ctx, command)
        case create_data.CreateSecret():
            create_data.run_secret(ctx, command)
        case create_service.CreateService():
            create_service.run(ctx, command)
        case create_job.CreateJob():
            create_job.run_job(ctx, command)
        case create_job.CreateCronJob():
            create_job.run_cronjob(ctx, command)
        case create_serviceaccount.CreateServiceAccount():
            create_serviceaccount.run(ctx, command)
        case expose.Expose():
            expose.run(ctx, command)
        case run.Run():
            run.run(ctx, command)
        case rollout_history.RolloutHistory():
            rollout_history.run(ctx, command)
        case rollout_undo.RolloutUndo():
            rollout_undo.run(ctx, command)
        case rollout_pause.RolloutChange():
            rollout_pause.run(ctx, command)
        case set_verb.SetImage():
            set_verb.run_image(ctx, command)
        case set_verb.SetEnv():
            set_verb.run_env(ctx, command)
        case set_verb.SetResources():
            set_verb.run_resources(ctx, command)
        case patch.Patch():
            patch.run(ctx, command)
        case replace.Replace():
            replace.run(ctx, command)
        case create_files.CreateFromFiles():
            create_files.run(ctx, command)
        case cp.Copy():
            cp.run(ctx, command)
        case create_rbac.CreateRole():
            create_rbac.run_role(ctx, command)
        case create_rbac.CreateRoleBinding():
            create_rbac.run_binding(ctx, command)
        case top.Top():
            top.run(ctx, command)
        case api_resources.ApiResources():
            api_resources.run(ctx, command)
        case api_resources.ApiVersions():
            api_resources.run_versions(ctx, command)
        case port_forward.PortForward():
            port_forward.run(ctx, command)
        case attach.Attach():
            attach.run(ctx, command)
        case proxy.Proxy():
            proxy.run(ctx, command)
        case events.Events():
            events.run(ctx, command)
        case (config.ConfigView() | config.ConfigCurrentContext() | config.ConfigGetContexts()
              | config.ConfigGetNames()):
            config.run(ctx, command)
        case explain.Explain():
            explain.run(ctx, command)
        case _:
            assert_never(command)
