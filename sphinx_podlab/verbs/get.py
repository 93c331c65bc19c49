"""``kubectl get TYPE[,TYPE...] [NAME...] | TYPE/NAME... | all`` with kubectl's printers
(``pkg/cmd/get/get.go``).

Human output (none, ``-o wide``): the server's Tables, one request per type (and per name),
printed by :mod:`..printers.human`. Every other ``-o`` prints the objects: one object when a
single one was named, else the ``List`` kubectl builds of every item, through ``-o
yaml|json|name`` or the template printers of :mod:`..printers` (``jsonpath``,
``jsonpath-as-json``, ``custom-columns``, ``go-template``, and their ``-file`` forms, whose
files are the page's data files). ``--sort-by`` sorts the Table
rows or the List's items as kubectl does. As kubectl: lists are fetched 500 at a time
(all at once when sorting); errors are printed after whatever was found; a template that
does not parse is reported after the objects were read; nothing found prints ``No
resources found in NS namespace.`` on stderr.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ..execute.context import Context
from ..execute.failures import CliError, KubectlFailure
from ..execute.printers import group_of, kind_name, kubectl_json, kubectl_yaml
from ..execute.rest import TABLE_ACCEPT, ApiError, collection_path, object_path
from ..model.errors import PodlabExecutionError
from ..model.kinds import Obj
from ..model.messages import msg
from ..model.objects import ResourceType
from ..parse.args import resource as resource_type
from ..parse.flags import FlagSpec, ParsedArgs, unsupported
from ..printers import (
    PrinterError,
    SortBy,
    UnsortableField,
    UnsupportedTemplate,
    is_template_output,
    template_printer,
)
from ..printers.human import HumanOptions, TableInfo, print_tables
from . import get_watch
from .base import Verb

OUTPUTS = ("wide", "yaml", "json", "name")
TEMPLATE_FORMS = ("jsonpath", "jsonpath-as-json", "custom-columns", "go-template", "template")
# their files: read like a page's data files (in the page's key, looked up like manifests)
FILE_FORMS = ("jsonpath-file", "custom-columns-file", "go-template-file", "templatefile")
# `kubectl get all`: the types in the "all" category, in discovery's order
ALL = ("pods", "replicationcontrollers", "services", "daemonsets", "deployments",
       "replicasets", "statefulsets", "horizontalpodautoscalers", "cronjobs", "jobs")


@dataclass(frozen=True)
class Target:
    """What one request reads: a whole list, or one object by name."""

    resource: ResourceType
    name: str | None = None


@dataclass(frozen=True)
class Get:
    targets: tuple[Target, ...]  # in kubectl's order: type by type, then name by name
    output: str | None = None
    selector: str | None = None
    field_selector: str | None = None
    all_namespaces: bool = False
    namespace: str | None = None
    sort_by: str | None = None
    no_headers: bool = False
    show_labels: bool = False
    label_columns: tuple[str, ...] = ()
    single: bool = False  # one object named: printed as itself, not in a List
    ignore_not_found: bool = False
    show_kind: bool = False
    allow_missing_keys: bool = True
    watch: bool = False  # -w: then the changes, until the reader's Ctrl-C (get_watch)
    watch_only: bool = False  # --watch-only: the changes only
    watch_events: bool = False  # --output-watch-events: an EVENT column

    @property
    def resource(self) -> ResourceType:
        return self.targets[0].resource

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(target.name for target in self.targets if target.name is not None)

    @property
    def data_files(self) -> tuple[str, ...]:
        """The template file of ``-o jsonpath-file=FILE`` and its kin."""
        form, _, path = (self.output or "").partition("=")
        return (path,) if form in FILE_FORMS and path else ()


FLAGS = FlagSpec(
    booleans={"-A": "all-namespaces", "--all-namespaces": "all-namespaces",
              "--no-headers": "no-headers", "--show-labels": "show-labels",
              "--ignore-not-found": "ignore-not-found", "--show-kind": "show-kind",
              "--allow-missing-template-keys": "allow-missing-template-keys",
              "-w": "watch", "--watch": "watch", "--watch-only": "watch-only",
              "--output-watch-events": "output-watch-events"},
    values={"-o": "output", "--output": "output", "-l": "selector", "--selector": "selector",
            "--field-selector": "field-selector", "--sort-by": "sort-by",
            "-L": "label-columns", "--label-columns": "label-columns",
            "--template": "template"},
)


def parse(args: ParsedArgs) -> Get:
    if not args.positionals:
        raise unsupported(msg("'kubectl get' needs a resource type"))
    targets = _targets(args.positionals)
    output = _with_template(args.single("output"), args.single("template"))
    if output is not None:
        _check_output(output)
    all_namespaces = _true(args, "all-namespaces")
    if all_namespaces and any(target.name for target in targets):
        raise unsupported(msg("'kubectl get -A' cannot name an object"))
    label_columns = tuple(key for value in args.flags.get("label-columns", [])
                          for key in value.split(",") if key)
    single = len(targets) == 1 and targets[0].name is not None
    watch, watch_only = _true(args, "watch"), _true(args, "watch-only")
    if watch or watch_only:
        _check_watch(targets, output, args.single("sort-by"))
    return Get(targets, output, args.single("selector"),
               args.single("field-selector"), all_namespaces, args.namespace,
               args.single("sort-by"), _true(args, "no-headers"), _true(args, "show-labels"),
               label_columns, single, _true(args, "ignore-not-found"), _true(args, "show-kind"),
               _true(args, "allow-missing-template-keys", default=True), watch, watch_only,
               _true(args, "output-watch-events"))


def _true(args: ParsedArgs, name: str, default: bool = False) -> bool:
    """A boolean flag as Go reads it: present, or ``=true``."""
    value = args.single(name)
    if value is None:
        return default
    if value.lower() in ("true", "1", "t"):
        return True
    if value.lower() in ("false", "0", "f"):
        return False
    raise unsupported(msg("flag --%(name)s takes true or false, not %(value)r",
                          name=name, value=value))


def _check_watch(targets: tuple[Target, ...], output: str | None, sort_by: str | None) -> None:
    if output not in get_watch.WATCH_OUTPUTS:
        raise unsupported(msg("'kubectl get -w' with -o %(output)s is not supported (podlab "
                              "watches with the table, -o wide or -o name)", output=output))
    if len([target for target in targets if target.name]) > 1:
        raise unsupported(msg("'kubectl get -w' watches one object or a whole list, not "
                              "several names"))
    if sort_by:
        raise unsupported(msg("'kubectl get -w' ignores --sort-by for the changes: drop it"))


def _targets(positionals: list[str]) -> tuple[Target, ...]:
    """``TYPE[,TYPE...] [NAME...]`` (each type with each name) or ``TYPE/NAME...``."""
    if any("/" in item for item in positionals):
        if not all("/" in item for item in positionals):
            raise unsupported(msg("'kubectl get' takes TYPE NAME... or TYPE/NAME..., "
                                  "not both"))
        return tuple(Target(resource_type(type_name), name)
                     for type_name, name in (item.split("/", 1) for item in positionals))
    type_arg, *names = positionals
    resources: list[ResourceType] = []
    for word in (word for word in type_arg.split(",") if word):
        for found in ([resource_type(name) for name in ALL] if word == "all"
                      else [resource_type(word)]):
            if found not in resources:
                resources.append(found)
    if not names:
        return tuple(Target(resource) for resource in resources)
    return tuple(Target(resource, name) for resource in resources for name in names)


def _with_template(output: str | None, template: str | None) -> str | None:
    """``--template T``: the template of ``-o jsonpath|go-template|custom-columns`` (and of
    ``go-template`` when there is no ``-o``); the table and data outputs ignore it."""
    if not template:
        return output
    if output is None:
        return f"go-template={template}"
    if output in (*TEMPLATE_FORMS, *FILE_FORMS):
        return f"{output}={template}"
    if output in OUTPUTS:
        return output
    raise unsupported(msg("'-o %(output)s' together with --template", output=output))


def _check_output(output: str) -> None:
    if output in OUTPUTS:
        return
    form = output.partition("=")[0]
    if form in FILE_FORMS:
        return  # the template is read when the command runs
    if form not in TEMPLATE_FORMS:
        forms = ", ".join((*OUTPUTS, *(form + "=..." for form in TEMPLATE_FORMS[:4])))
        raise unsupported(msg("'-o %(output)s' is not supported (use one of %(forms)s)",
                              output=output, forms=forms))
    try:  # kubectl reports a bad template only after reading the objects: see run
        template_printer(output)
    except PrinterError:
        pass
    except UnsupportedTemplate as err:
        raise unsupported(f"-o {output.partition('=')[0]}: {err}") from None


CHUNK_SIZE = 500


def run(ctx: Context, command: Get) -> None:
    if command.watch or command.watch_only:
        get_watch.run(ctx, command)
        return
    try:
        _run(ctx, command)
    except UnsupportedTemplate as err:  # met only while printing these objects
        raise PodlabExecutionError(f"podlab cannot print this as kubectl would: {err}") from None


def _run(ctx: Context, command: Get) -> None:
    if command.show_labels and command.output not in (None, "wide"):
        raise CliError(f"--show-labels option cannot be used with {command.output} printer")
    if command.names and (command.selector or command.field_selector):
        raise CliError("name cannot be provided when a selector is specified")
    if command.output in (None, "wide"):
        _get_tables(ctx, command)
    else:
        _get_objects(ctx, command)


def _namespace(ctx: Context, command: Get, resource: ResourceType) -> str | None:
    if command.all_namespaces or not resource.namespaced:
        return None
    return ctx.namespace(command.namespace)


def _list_pages(ctx: Context, command: Get, resource: ResourceType, accept: str,
                extra: dict[str, str] | None = None) -> list[Obj]:
    path = collection_path(resource, _namespace(ctx, command, resource))
    pages: list[Obj] = []
    token = ""
    while True:
        query: dict[str, str | int] = dict(extra or {})
        if not command.sort_by:  # kubectl reads everything at once to sort it
            query["limit"] = CHUNK_SIZE
        if command.selector:
            query["labelSelector"] = command.selector
        if command.field_selector:
            query["fieldSelector"] = command.field_selector
        if token:
            query["continue"] = token
        page = ctx.read(functools.partial(ctx.rest.get, path, query=query, accept=accept,
                                          timeout=ctx.timeout()))
        pages.append(page)
        token = str((page.get("metadata") or {}).get("continue") or "")
        if not token:
            return pages


def _get_tables(ctx: Context, command: Get) -> None:
    extra = {"includeObject": "Object"} if command.sort_by else None
    infos: list[TableInfo] = []
    errors: list[KubectlFailure] = []
    for target in command.targets:
        resource = target.resource
        namespace = _namespace(ctx, command, resource)
        try:
            if target.name is not None:
                path = object_path(resource, namespace, target.name)
                tables = [ctx.read(functools.partial(ctx.rest.get, path, query=extra,
                                                     accept=TABLE_ACCEPT,
                                                     timeout=ctx.timeout()))]
            else:
                tables = _list_pages(ctx, command, resource, TABLE_ACCEPT, extra)
        except ApiError as exc:
            _note(command, exc, errors)
            continue
        infos.extend(TableInfo(resource.qualified_plural, resource.qualified_kind,
                               resource.namespaced, table) for table in tables)
    stdout, stderr, failed = table_output(command, infos, bool(errors),
                                          ctx.namespace(command.namespace))
    ctx.output.out(stdout)
    ctx.output.err(stderr)
    if failed:  # a sorting error ends kubectl before it reports what it could not read
        ctx.output.exit_code = 1
        return
    ctx.output.fail(errors)


def _note(command: Get, error: ApiError, errors: list[KubectlFailure]) -> None:
    """An error to report after the output; ``--ignore-not-found`` drops NotFound."""
    if not (command.ignore_not_found and error.not_found):
        errors.append(error)


def table_output(command: Get, infos: list[TableInfo], read_errors: bool,
                 namespace: str) -> tuple[str, str, bool]:
    """stdout and stderr of the human output for the Tables read, and whether kubectl
    failed in printing them (then it exits 1 without reporting ``read_errors``)."""
    with_kind = command.show_kind or (len(infos) > 1 and
                                      len({info.resource for info in infos}) > 1)
    namespaced = not command.all_namespaces and all(info.namespaced for info in infos)
    try:
        infos = _sorted_tables(command, infos)
    except PrinterError as err:
        return err.stdout, err.stderr, True
    options = HumanOptions(wide=command.output == "wide", no_headers=command.no_headers,
                           show_labels=command.show_labels,
                           label_columns=command.label_columns,
                           all_namespaces=command.all_namespaces)
    text = print_tables(infos, options, with_kind)
    if text or read_errors or command.ignore_not_found:
        return text, "", False
    if not namespaced:
        return "", "No resources found\n", False
    return "", f"No resources found in {namespace} namespace.\n", False


def _sorted_tables(command: Get, infos: list[TableInfo]) -> list[TableInfo]:
    """kubectl sorts the Tables themselves when there are several (so names or types with
    ``--sort-by`` rarely find the field), then each Table's rows; a Table whose rows do not
    sort is silently not printed."""
    if not command.sort_by:
        return infos
    sort_by = SortBy(command.sort_by)
    if len(infos) > 1:
        order = sort_by.sort_items([info.table for info in infos])
        infos = [next(info for info in infos if info.table is table) for table in order]
    sorted_infos = []
    for info in infos:
        rows = list(info.table.get("rows") or [])
        try:
            rows = sort_by.sort_rows(rows)
        except PrinterError as err:
            if err.__class__ is not PrinterError:  # klog's exit: nothing more is printed
                raise
            continue
        sorted_infos.append(TableInfo(info.resource, info.kind, info.namespaced,
                                      {**info.table, "rows": rows}))
    return sorted_infos


def _printer_failed(ctx: Context, err: PrinterError) -> None:
    ctx.output.out(err.stdout)
    ctx.output.err(err.stderr)
    ctx.output.exit_code = 1


def _without_managed_fields(obj: Obj) -> Obj:
    metadata = obj.get("metadata")
    if isinstance(metadata, dict) and "managedFields" in metadata:
        obj = {**obj, "metadata": {k: v for k, v in metadata.items() if k != "managedFields"}}
    return obj


def _fetch_objects(ctx: Context, command: Get) -> tuple[list[Obj], list[KubectlFailure]]:
    items: list[Obj] = []
    errors: list[KubectlFailure] = []
    for target in command.targets:
        resource = target.resource
        namespace = _namespace(ctx, command, resource)
        if target.name is not None:
            try:
                items.append(ctx.get(object_path(resource, namespace, target.name)))
            except ApiError as exc:
                _note(command, exc, errors)
            continue
        try:
            for page in _list_pages(ctx, command, resource, "application/json"):
                list_version = str(page.get("apiVersion") or resource.api_version)
                item_kind = str(page.get("kind") or "").removesuffix("List") or resource.kind
                for item in page.get("items") or []:
                    # the builder's unstructured lists give every item its apiVersion and kind
                    items.append({"apiVersion": list_version, "kind": item_kind, **item})
        except ApiError as exc:
            _note(command, exc, errors)
    return items, errors


def _get_objects(ctx: Context, command: Get) -> None:
    items, errors = _fetch_objects(ctx, command)
    if (command.single and errors) or (command.ignore_not_found and not items):
        ctx.output.fail(errors)  # and nothing on stdout, not even an empty List
        return
    output = str(command.output)
    printer = None
    if is_template_output(output):
        try:  # kubectl makes its printer only now: a bad template hides the errors above
            printer = template_printer(
                output, no_headers=command.no_headers,
                read_file=lambda name: ctx.resolve_manifest(name).read_text(
                    encoding="utf-8", errors="surrogateescape"),
                allow_missing_keys=command.allow_missing_keys)
        except PrinterError as err:
            _printer_failed(ctx, err)
            return
    try:
        if command.sort_by and not command.single:
            items = SortBy(command.sort_by).sort_items(items)
        if printer is not None:
            text = printer.print(_document(items, command.single))
        elif output == "name":
            text = "".join(
                kind_name(str(item.get("kind")), group_of(str(item.get("apiVersion"))),
                          str((item.get("metadata") or {}).get("name"))) + "\n"
                for item in items)
        else:
            document = _document([_without_managed_fields(item) for item in items],
                                 command.single)
            text = kubectl_yaml(document) if output == "yaml" else kubectl_json(document)
    except UnsortableField as err:  # klog's exit: nothing else is printed
        _printer_failed(ctx, err)
        return
    except PrinterError as err:  # reported with the errors of reading, as kubectl does
        ctx.output.out(err.stdout)
        ctx.output.fail([*errors, CliError(err.message)])
        return
    ctx.output.out(text)
    ctx.output.fail(errors)


def _document(items: list[Obj], single: bool) -> Obj:
    if single:
        return items[0]
    return {"apiVersion": "v1", "items": items, "kind": "List",
            "metadata": {"resourceVersion": ""}}


VERB = Verb(
    "get",
    "kubectl get TYPE[,TYPE...]|all [NAME...] | TYPE/NAME... [-o wide|yaml|json|name|"
    "jsonpath=...|jsonpath-as-json=...|custom-columns=...|go-template=...|"
    "jsonpath-file=F|custom-columns-file=F|go-template-file=F] [--template T] "
    "[-l SEL] [--field-selector SEL] [--sort-by JSONPATH] [--no-headers] [--show-labels] "
    "[--show-kind] [-L KEY] [-A] [--ignore-not-found] [-w|--watch-only "
    "[--output-watch-events]]",
    FLAGS, parse,
)
