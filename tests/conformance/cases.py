"""The conformance cases: command lines as the book's reader types them.

Three kinds:

- read-only (``setup is None``): run back to back by podlab and by real kubectl in one
  module-scoped namespace holding the shared state (``SHARED_SETUP``);
- mutating (``setup`` a tuple of kubectl command lines, possibly empty): two fresh
  namespaces get the same setup from real kubectl; podlab runs the case in one, kubectl in
  the other;
- unsupported (``unsupported`` set): podlab must reject the line at parse time with a
  message containing that text.

``fmt`` says how stdout is compared when it is not byte-identical: ``table`` (cell by cell
after masking ages, layout checked), ``yaml``/``json`` (as data, after masking), ``text``,
``sorted-lines`` (the same lines in any order: kubectl's own order is random there).
``keep`` limits lists that include other tests' objects: ``all-namespaces`` keeps rows of
the shared namespace and kube-system, ``namespaces`` the lab's own namespaces and ours.
"""

from __future__ import annotations

from dataclasses import dataclass

SHARED_SETUP = (
    "kubectl apply -f ss-mysql.yml -f deploy-pma.yml -f services.yml -f pick.yml"
    " -f two-containers.yml -f once.yml",
    "kubectl wait --for=jsonpath={.status.containerStatuses[0].restartCount}=1 pod/once"
    " --timeout=180s",
    "kubectl wait --for=condition=Ready pod/once --timeout=180s",
    "kubectl rollout status statefulset/mysql --timeout=180s",
    "kubectl rollout status deployment/pma --timeout=180s",
    "kubectl rollout status deployment/pick --timeout=180s",
    "kubectl scale deployment/pick --replicas=3",
    "kubectl rollout status deployment/pick --timeout=180s",
    "kubectl wait --for=condition=Ready pod/two --timeout=180s",
)
STS_READY = ("kubectl apply -f ss-mysql.yml",
             "kubectl rollout status statefulset/mysql --timeout=180s")
PMA_READY = ("kubectl apply -f deploy-pma.yml",
             "kubectl rollout status deployment/pma --timeout=180s")


@dataclass(frozen=True)
class Case:
    line: str
    what: str  # what the case exercises, for the docs table
    fmt: str = "text"
    setup: tuple[str, ...] | None = None
    keep: str | None = None
    masks: tuple[tuple[str, str], ...] = ()  # extra (regex, replacement) for this case
    check: tuple[str, ...] = ()  # objects (TYPE/NAME) whose spec/labels/annotations must match
    unsupported: str | None = None
    # a command that keeps running (get -w, logs -f): these kubectl lines run while it
    # watches; it ends (podlab by itself, kubectl by SIGINT) once quiet (test_watch.py)
    during: tuple[str, ...] | None = None
    # an interactive session (exec -it): the lines typed inside, in a terminal for both
    # (test_sessions.py); ``terminal``: a session in a terminal with nothing typed
    typed: tuple[str, ...] = ()
    terminal: bool = False

    @property
    def verb(self) -> str:
        words = self.line.split()
        return " ".join(words[1:3]) if words[1] == "rollout" else words[1]

    @property
    def key(self) -> str:
        key = self.line if self.setup is None else f"{self.line} [{'; '.join(self.setup)}]"
        if self.typed:
            key = f"{key} (typed: {'; '.join(self.typed)})"
        return key if self.during is None else f"{key} (during: {'; '.join(self.during)})"

    @property
    def kind(self) -> str:
        if self.unsupported is not None:
            return "unsupported"
        if self.during is not None:
            return "watch"
        if self.typed or self.terminal:
            return "session"
        return "read-only" if self.setup is None else "mutating"


def _get_cases() -> list[Case]:
    cases: list[Case] = []
    types = ("pods", "statefulsets", "deployments", "replicasets", "services", "endpoints",
             "nodes", "persistentvolumeclaims", "namespaces")
    for type_name in types:
        keep = "namespaces" if type_name == "namespaces" else None
        cases.append(Case(f"kubectl get {type_name}", "一覧 (表)", "table", keep=keep))
        cases.append(Case(f"kubectl get {type_name} -o wide", "-o wide", "table", keep=keep))
        cases.append(Case(f"kubectl get {type_name} -o name", "-o name", keep=keep))
        for output in ("yaml", "json"):
            cases.append(Case(f"kubectl get {type_name} -o {output}", f"-o {output}", output,
                              keep=keep))
    cases += [
        # short names, -l, -n, -A
        Case("kubectl get po", "短縮名 po", "table"),
        Case("kubectl get pods -l app=pick", "-l", "table"),
        Case("kubectl get pods -l app=pick -o name", "-l と -o name"),
        Case("kubectl get pods -l app=nothing", "-l、該当なし (標準エラー出力)", "table"),
        Case("kubectl get pods -l app=nothing -o name", "-l、該当なし、-o name"),
        Case("kubectl get pods -l app=nothing -o yaml", "-l、該当なし、-o yaml", "yaml"),
        Case("kubectl get pods -l app=nothing -o json", "-l、該当なし、-o json", "json"),
        Case("kubectl get pods -n kube-system", "-n", "table"),
        Case("kubectl get svc -n default", "-n (Service)", "table"),
        Case("kubectl get pvc -n kube-public", "-n、空の名前空間 (標準エラー出力)", "table"),
        Case("kubectl get pods -A", "-A", "table", keep="all-namespaces"),
        Case("kubectl get pods -A -o wide", "-A -o wide", "table", keep="all-namespaces"),
        Case("kubectl get deployments -A", "-A (Deployment)", "table", keep="all-namespaces"),
        Case("kubectl get services --all-namespaces", "--all-namespaces (Service)", "table",
             keep="all-namespaces"),
        # named objects
        Case("kubectl get pod mysql-0", "名前を指定 (Pod)", "table"),
        Case("kubectl get pods mysql-0 two", "名前を二つ指定", "table"),
        Case("kubectl get pod once -o wide", "RESTARTS の「(20s ago)」", "table"),
        Case("kubectl get statefulset mysql -o wide", "名前を指定 (StatefulSet) -o wide", "table"),
        Case("kubectl get deployment/pma", "TYPE/NAME", "table"),
        Case("kubectl get service pma -o yaml", "名前を指定 (Service) -o yaml", "yaml"),
        Case("kubectl get pvc data-mysql-0 -o json", "名前を指定 (PVC) -o json", "json"),
        Case("kubectl get namespace kube-system", "名前を指定 (Namespace)", "table"),
        Case("kubectl get node {node}", "名前を指定 (Node)", "table"),
        Case("kubectl get configmap text -o yaml",
             "名前を指定 (ConfigMap) -o yaml、引用符の付け方", "yaml"),
        Case("kubectl get statefulset.apps/mysql -o name", "TYPE.GROUP/NAME -o name"),
        # missing objects
        Case("kubectl get pod nosuch", "存在しない Pod"),
        Case("kubectl get statefulset nosuch -o yaml", "存在しない StatefulSet -o yaml"),
        Case("kubectl get deployment nosuch -o name", "存在しない Deployment -o name"),
        Case("kubectl get pods mysql-0 nosuch", "存在するものとしないもの", "table"),
        Case("kubectl get namespace nosuch", "存在しない Namespace"),
        Case("kubectl get node nosuch", "存在しない Node"),
    ]
    return cases


def _printer_cases() -> list[Case]:
    """-o jsonpath / custom-columns / go-template, --sort-by, labels, several types.

    Templates are in single quotes, as a reader types them in a shell.
    """
    pods = "kubectl get pods -o "
    return [
        # jsonpath
        Case(pods + "jsonpath='{.items[*].metadata.name}'", "-o jsonpath"),
        Case(pods + "jsonpath='{.items[0].status.podIP}'", "-o jsonpath 添字"),
        Case(pods + """jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}"""
             """{"\\n"}{end}'""", "-o jsonpath range/end"),
        Case(pods + """jsonpath='{.items[*].status.conditions[?(@.type=="Ready")].status}'""",
             "-o jsonpath フィルター"),
        Case(pods + "jsonpath='{.items[-1:].metadata.name}'", "-o jsonpath スライス"),
        Case(pods + "jsonpath='{.items[*].metadata.labels.app\\.kubernetes\\.io/name}{.kind}'",
             "-o jsonpath エスケープしたドット"),
        Case("kubectl get pod mysql-0 -o jsonpath='{.status.podIP}'", "-o jsonpath (Pod 1 個)"),
        Case("kubectl get pod mysql-0 -o jsonpath='{.spec.containers[0].ports}'",
             "-o jsonpath (値が JSON)"),
        Case("kubectl get svc -o jsonpath='{.items[*].spec.ports[*].port}'",
             "-o jsonpath (Service)"),
        Case(pods + "jsonpath-as-json='{.items[*].metadata.name}'", "-o jsonpath-as-json"),
        Case("kubectl get pods -o=jsonpath='{.items[*].metadata.name}'", "-o=jsonpath="),
        Case("kubectl get pods -ojsonpath='{.items[*].metadata.name}'", "-ojsonpath="),
        Case(pods + "jsonpath='{.items[*].metadata.name'", "-o jsonpath 構文エラー"),
        Case("kubectl get pod nosuch -o jsonpath='{.metadata.name'",
             "-o jsonpath 構文エラー、存在しない Pod"),
        Case(pods + "jsonpath='{.items[99].metadata.name}'", "-o jsonpath 範囲外 (実行時エラー)"),
        # custom-columns
        Case(pods + "custom-columns=NAME:.metadata.name,IP:.status.podIP", "-o custom-columns"),
        Case(pods + "custom-columns='NAME:.metadata.name,IMAGES:.spec.containers[*].image'"
             " --no-headers", "-o custom-columns --no-headers"),
        Case("kubectl get svc -o custom-columns='NAME:metadata.name,PORTS:{.spec.ports[*].port}'",
             "-o custom-columns (緩い JSONPath)"),
        Case(pods + "custom-columns=NAME", "-o custom-columns 書式エラー"),
        # go-template
        Case(pods + """go-template='{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}'""",
             "-o go-template range"),
        Case(pods + "go-template='{{len .items}}'", "-o go-template len"),
        Case("kubectl get svc pma -o go-template='{{(index .spec.ports 0).port}}'",
             "-o go-template index"),
        Case("kubectl get pod mysql-0 -o go-template='{{.metadata.labels}}'",
             "-o go-template (map の表示)"),
        Case(pods + "go-template='{{.items'", "-o go-template 構文エラー"),
        Case("kubectl get pods --template='{{range .items}}{{.status.podIP}} {{end}}'",
             "--template (go-template)"),
        Case("kubectl get pods -o jsonpath --template='{.items[*].spec.nodeName}'",
             "-o jsonpath --template"),
        Case("kubectl get svc -o wide --template='{{.kind}}'", "-o wide は --template を使わない",
             "table"),
        # --sort-by
        Case("kubectl get pods --sort-by=.metadata.name", "--sort-by (表)", "table"),
        Case("kubectl get pods --sort-by='.status.containerStatuses[0].restartCount'",
             "--sort-by 数値 (表)", "table"),
        Case("kubectl get pods -o name --sort-by='{.metadata.labels.app}'", "--sort-by -o name"),
        Case(pods + "custom-columns=NAME:.metadata.name --sort-by=.status.podIP",
             "--sort-by -o custom-columns"),
        Case("kubectl get pods --sort-by=.nosuch", "--sort-by 存在しないフィールド (表)"),
        Case("kubectl get pods -o name --sort-by=.nosuch", "--sort-by 存在しないフィールド"),
        Case("kubectl get pods mysql-0 two --sort-by=.metadata.name",
             "--sort-by 名前を二つ指定"),
        # labels, headers, field selectors
        Case("kubectl get pods --show-labels", "--show-labels", "table"),
        Case("kubectl get deploy -o wide --show-labels", "--show-labels -o wide", "table"),
        Case("kubectl get pods -L app", "-L", "table"),
        Case("kubectl get pods -L app,statefulset.kubernetes.io/pod-name -L nosuch", "-L 複数",
             "table"),
        Case("kubectl get pods --show-labels -o json", "--show-labels -o json (エラー)"),
        Case("kubectl get pods --no-headers", "--no-headers", "table"),
        Case("kubectl get pods --field-selector=status.phase=Running -o name",
             "--field-selector"),
        Case("kubectl get pods --field-selector=metadata.name=mysql-0", "--field-selector (表)",
             "table"),
        Case("kubectl get pods --field-selector=metadata.name=nosuch",
             "--field-selector 該当なし"),
        Case("kubectl get pod mysql-0 --field-selector=status.phase=Running",
             "--field-selector と名前 (エラー)"),
        # several types
        Case("kubectl get sts,pods,pvc", "複数の種類", "table"),
        Case("kubectl get deploy,svc -o wide", "複数の種類 -o wide", "table"),
        Case("kubectl get sts,deploy -o name", "複数の種類 -o name"),
        Case("kubectl get svc,deploy -o yaml", "複数の種類 -o yaml", "yaml"),
        Case("kubectl get sts,svc -o json", "複数の種類 -o json", "json"),
        Case("kubectl get deploy,sts -o jsonpath='{.items[*].kind}'", "複数の種類 -o jsonpath"),
        Case("kubectl get sts,deploy --no-headers", "複数の種類 --no-headers", "table"),
        Case("kubectl get pods/mysql-0 pods/two -o name", "TYPE/NAME を二つ"),
        Case("kubectl get pod/mysql-0 svc/pma pod/two", "種類の違う TYPE/NAME (表)", "table"),
        Case("kubectl get pod/mysql-0 svc/pma pod/two -o name", "種類の違う TYPE/NAME -o name"),
        Case("kubectl get sts,deploy,svc pma mysql", "複数の種類と名前 (NotFound を含む)",
             "table"),
        Case("kubectl get sts,svc mysql -o jsonpath='{.items[*].kind}'",
             "複数の種類と名前 -o jsonpath"),
        # forms tutorials use
        Case("kubectl get pods -l app=pick -o jsonpath='{.items[0].metadata.name}'",
             "-l と -o jsonpath (POD=$(...) の形)"),
        Case("kubectl get nodes -o jsonpath="
             """'{.items[*].status.addresses[?(@.type=="InternalIP")].address}'""",
             "-o jsonpath (Node のアドレス)"),
        Case("kubectl get node {node} -o custom-columns=NAME:.metadata.name,"
             "CPU:.status.capacity.cpu,OS:.status.nodeInfo.osImage", "-o custom-columns (Node)"),
        Case("kubectl get nodes --show-labels", "--show-labels (Node)", "table"),
        Case("kubectl get deploy pick -o jsonpath='{.spec.template.spec.containers[0].image}'",
             "-o jsonpath (Deployment のイメージ)"),
        Case("""kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}"""
             """{.spec.nodeName}{"\\n"}{end}'""", "-o jsonpath range (Pod とノード)"),
        Case("kubectl get pods --sort-by=.metadata.creationTimestamp", "--sort-by 作成時刻 (表)",
             "table"),
        Case("kubectl get pods -o custom-columns=POD:.metadata.name,NODE:.spec.nodeName"
             " --sort-by=.spec.nodeName", "--sort-by 同じ値ばかり"),
        Case("kubectl get events --sort-by=.metadata.creationTimestamp -o name",
             "events --sort-by"),
        Case("kubectl get pod nosuch --ignore-not-found", "--ignore-not-found"),
        Case("kubectl get pod nosuch mysql-0 --ignore-not-found -o name",
             "--ignore-not-found と名前二つ"),
        Case("kubectl get pods -l app=nothing --ignore-not-found -o json",
             "--ignore-not-found 該当なし -o json (何も表示しない)"),
        Case("kubectl get pods --show-labels=false --no-headers=true", "真偽値フラグに =値",
             "table"),
        *(Case(f"kubectl get {name}", "種類ごとの一覧 (表)", "table") for name in (
            "rc", "endpointslices", "pv", "cm", "secrets", "sa", "ds", "jobs", "cronjobs",
            "pdb", "priorityclasses", "hpa", "sc", "ing", "ingressclasses", "servicecidrs",
            "csinodes", "netpol", "quota", "limits", "roles", "rolebindings")),
        Case("kubectl get pods --show-kind", "--show-kind", "table"),
        Case("kubectl get pods -o jsonpath-file=templates/names.jsonpath", "-o jsonpath-file"),
        Case("kubectl get pods -o custom-columns-file=templates/columns.txt",
             "-o custom-columns-file"),
        Case("kubectl get pods -o go-template-file=templates/pods.tmpl", "-o go-template-file"),
        Case("kubectl get pods -o go-template-file --template=templates/pods.tmpl",
             "-o go-template-file --template"),
        Case("kubectl get pod mysql-0 -o jsonpath='{.status.nosuch}'"
             " --allow-missing-template-keys=false", "--allow-missing-template-keys=false"),
        Case("kubectl get pod mysql-0 -o go-template='{{.status.nosuch}}'"
             " --allow-missing-template-keys=false",
             "--allow-missing-template-keys=false (go-template)"),
        Case("kubectl get pod mysql-0 -o go-template='{{.status.nosuch.deeper}}'"
             " --allow-missing-template-keys=false",
             "--allow-missing-template-keys=false (go-template、さらに奥)"),
        Case("kubectl get all", "all (全種類)", "table"),
        Case("kubectl get all -o name", "all -o name"),
        Case("kubectl get deploy,sts -A", "複数の種類 -A", "table", keep="all-namespaces"),
        Case("kubectl get pods -A --sort-by=.metadata.name -o name", "-A --sort-by -o name",
             keep="all-namespaces"),
        Case("kubectl get namespaces --show-labels", "--show-labels (Namespace)", "table",
             keep="namespaces"),
        Case("kubectl get pods -o wide -L app --show-labels", "-o wide -L --show-labels",
             "table"),
        # errors kubectl reports while printing, with the errors of reading
        Case("kubectl get pods mysql-0 nosuch -o jsonpath='{.metadata.name}{end}'",
             "-o jsonpath 実行時エラーと NotFound"),
        Case("kubectl get pod mysql-0 -o go-template='{{index .spec.x 1}}'",
             "-o go-template 実行時エラー (標準出力に説明)"),
        Case("kubectl get pods mysql-0 nosuch -o jsonpath='{.items[*'",
             "-o jsonpath 構文エラーは NotFound より先"),
        Case("kubectl get pods --sort-by=.metadata.labels", "--sort-by 並べられない型 (klog)",
             masks=((r"^F\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ ", "F<time> <pid> "),)),
        Case("kubectl get pods -o name --sort-by=.spec", "--sort-by 並べられない型 -o name",
             masks=((r"^F\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ ", "F<time> <pid> "),)),
    ]


def _exec_cases() -> list[Case]:
    return [
        Case("kubectl exec mysql-0 -- cat /etc/hosts", "POD"),
        Case("kubectl exec statefulset/mysql -- cat /etc/hosts", "statefulset/NAME"),
        Case("kubectl exec deployment/pma -- cat /etc/hostname", "deployment/NAME"),
        Case("kubectl exec deployment/pick -- hostname",
             "deployment/NAME、Pod 3 個 (kubectl と同じ Pod を選ぶ)"),
        Case("kubectl exec deploy/pick -- hostname", "deploy/NAME"),
        Case("kubectl exec two -c second -- cat /proc/1/cmdline", "-c"),
        Case("kubectl exec two -- hostname", "コンテナー 2 個で -c なし (標準エラー出力の通知)"),
        Case("kubectl exec two -c nosuch -- hostname", "-c、存在しないコンテナー"),
        Case("kubectl exec -it statefulset/mysql -- cat /etc/hosts", "-it (出力に \\r がない)"),
        Case("kubectl exec -it mysql-0 -- sh -c 'echo out; echo err >&2; exit 3'",
             "-it、標準エラー出力と exit 3"),
        Case("kubectl exec -t mysql-0 -- hostname", "-i なしの -t"),
        Case("kubectl exec mysql-0 -- sh -c 'echo out; echo err >&2'",
             "標準エラー出力に書くコマンド"),
        Case("kubectl exec mysql-0 -- sh -c 'exit 3'", "exit 3"),
        Case("kubectl exec mysql-0 -- nosuchcommand", "存在しないコマンド"),
        Case("kubectl exec mysql-0 -- sh -c 'printf \"日本語\\n\"'", "UTF-8 の出力"),
        Case("kubectl exec nosuch -- hostname", "存在しない Pod"),
        Case("kubectl exec statefulset/nosuch -- hostname", "存在しない StatefulSet"),
        Case("kubectl exec -n kube-system deployment/coredns -- /coredns -version",
             "-n、kube-system の Deployment"),
    ]


LOG_LINE = (r"^\d{4}-\d\d-\d\d +\d+:\d\d:\d\d \d+ \[Warning\] Aborted connection \d+ ",
            "TIME N [Warning] Aborted connection N ")


def _logs_cases() -> list[Case]:
    return [
        Case("kubectl logs two -c second", "-c"),
        Case("kubectl logs two", "コンテナー 2 個で -c なし (標準エラー出力の通知)"),
        Case("kubectl logs deployment/pma --tail 2", "deployment/NAME と --tail"),
        Case("kubectl logs deployment/pick",
             "deployment/NAME、Pod 3 個 (kubectl と同じ Pod を選ぶ)"),
        Case("kubectl logs mysql-0 --tail=1", "--tail=N、増え続けるログ (形で比較)",
             masks=(LOG_LINE,)),
        Case("kubectl logs statefulset/mysql --tail 1", "statefulset/NAME と --tail",
             masks=(LOG_LINE,)),
        Case("kubectl logs two -c nosuch", "存在しないコンテナー"),
        Case("kubectl logs nosuch", "存在しない Pod"),
        Case("kubectl logs two second", "POD CONTAINER (引数でコンテナー)"),
        Case("kubectl logs two --all-containers", "--all-containers"),
        Case("kubectl logs two --all-containers --prefix", "--all-containers --prefix"),
        Case("kubectl logs two -c second --prefix", "-c --prefix"),
        Case("kubectl logs -l app=pick", "-l (Pod 3 個、各 10 行まで)", "sorted-lines"),
        Case("kubectl logs -l app=pick --prefix --tail=1", "-l --prefix --tail", "sorted-lines"),
        Case("kubectl logs -l app=nothing", "-l、該当なし"),
        Case("kubectl logs two -c second --since=1h", "--since"),
        Case("kubectl logs two -c second --timestamps", "--timestamps (時刻は形で比較)",
             masks=((r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z ", "TIME "),)),
        Case("kubectl logs once -p", "-p (前のコンテナー)"),
        Case("kubectl logs two -c second -p", "-p、前のコンテナーなし"),
        Case("kubectl logs two --limit-bytes=3 -c second", "--limit-bytes"),
    ]


def _wait_rollout_cases() -> list[Case]:
    return [
        Case("kubectl wait --for=condition=Ready pod/mysql-0", "--for=condition=Ready"),
        Case("kubectl wait --for=condition=Ready pod/two pod/mysql-0", "オブジェクト 2 個"),
        Case("kubectl wait --for=condition=Available deployment/pma", "Deployment の Available"),
        Case("kubectl wait --for=condition=Nope pod/mysql-0 --timeout=2s", "--timeout"),
        Case("kubectl wait --for=condition=Ready pod/nosuch", "存在しない Pod"),
        Case("kubectl wait --for=delete pod/nosuch", "--for=delete、既にない"),
        Case("kubectl rollout status statefulset/mysql", "StatefulSet"),
        Case("kubectl rollout status deployment/pma", "Deployment"),
        Case("kubectl rollout status deploy/pick", "Deployment、レプリカ 3 個"),
        Case("kubectl rollout status deployment/nosuch", "存在しない Deployment"),
    ]


def _apply_cases() -> list[Case]:
    return [
        Case("kubectl apply -f ss-mysql.yml", "新規作成", setup=(),
             check=("statefulset/mysql",)),
        Case("kubectl apply -f deploy-pma.yml", "変更なし", setup=PMA_READY,
             check=("deployment/pma",)),
        Case("kubectl apply -f ss-mysql.yml", "同じファイルを再適用 (サーバーが補った値)",
             setup=STS_READY, check=("statefulset/mysql",)),
        Case("kubectl apply -f ss-mysql-v2.yml", "変更あり", setup=STS_READY,
             check=("statefulset/mysql",)),
        Case("kubectl apply -f services.yml", "複数ドキュメントのファイル", setup=(),
             check=("service/mysql", "service/pma")),
        Case("kubectl apply -f two-containers.yml", "複数ドキュメントのファイル (Pod と ConfigMap)",
             setup=(), check=("pod/two", "configmap/text")),
        Case("kubectl apply -f services.yml -f deploy-pma.yml", "-f を複数、一部は変更なし",
             setup=PMA_READY, check=("service/pma", "deployment/pma")),
        Case("kubectl apply --server-side -f ss-mysql.yml", "--server-side",
             unsupported="flag --server-side of 'kubectl apply'"),
    ]


def _delete_cases() -> list[Case]:
    return [
        Case("kubectl delete pod mysql-0", "StatefulSet の Pod", setup=STS_READY),
        Case("kubectl delete -f deploy-pma.yml", "-f", setup=PMA_READY),
        Case("kubectl delete deployment/pma", "TYPE/NAME", setup=PMA_READY),
        Case("kubectl delete -f services.yml", "-f、複数ドキュメント",
             setup=("kubectl apply -f services.yml",)),
        Case("kubectl delete -f ss-mysql.yml", "-f、存在しないオブジェクト", setup=()),
        Case("kubectl delete pod nosuch", "存在しない Pod"),
        Case("kubectl delete pod nosuch mysql-0", "存在しない Pod と存在する Pod", setup=STS_READY),
        Case("kubectl delete pods -l app=pick", "-l", setup=PICK_READY),
        Case("kubectl delete pods -l app=nothing", "-l、該当なし", setup=()),
        Case("kubectl delete deployment --all", "--all", setup=PMA_READY),
        Case("kubectl delete pod mysql-0 --now", "--now", setup=STS_READY),
        Case("kubectl delete pod mysql-0 --grace-period=0 --force", "--grace-period=0 --force",
             setup=STS_READY),
        Case("kubectl delete pod mysql-0 --wait=false", "--wait=false", setup=STS_READY),
        Case("kubectl delete pod nosuch --ignore-not-found", "--ignore-not-found", setup=()),
        Case("kubectl delete deployment/pma service/pma", "TYPE/NAME を二つ",
             setup=(*PMA_READY, "kubectl apply -f services.yml")),
        Case("kubectl delete -f deploy-pma.yml -o name", "-o name", setup=PMA_READY),
        Case("kubectl delete pods", "名前なし (kubectl のエラー)", setup=()),
    ]


# describe prints times and ages: when the two runs straddle a second, compare by shape
# (alignment follows the ages' widths, so runs of spaces are compared as one gap)
DESCRIBE_MASKS = (
    (r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}", "DATE"),
    (r"(?<![\w.=/-])(\d+[smhdy])+(?![\w./-])", "AGE"),
    (r"(?<=\S) {2,}", "  "),
)
# pods of a Job or DaemonSet: NAME-xxxxx
DESCRIBE_PODS = ((r"\b(hello|agent)-[a-z0-9]{5}\b", r"\1-POD"),)
# describe node lists every pod on the node: keep the shared namespace's and kube-system's
DESCRIBE_NODE = (
    (r"^  (?!NAMESPACE |kube-system |Namespace |---------)\S+ +\S+ +\S.*\n", ""),
    (r"\(\d+ in total\)", "(N in total)"),
    (r"^  (cpu|memory|ephemeral-storage) .*$", r"  \1 TOTALS"),
)


def _describe_cases() -> list[Case]:
    shape = DESCRIBE_MASKS
    return [
        Case("kubectl describe pod mysql-0", "Pod (StatefulSet の Pod、PVC)", masks=shape),
        Case("kubectl describe pod two", "コンテナー 2 個、ConfigMap のボリューム", masks=shape),
        Case("kubectl describe pod once", "再起動した Pod (Last State)", masks=shape),
        Case("kubectl describe po/mysql-0 --show-events=false", "--show-events=false",
             masks=shape),
        Case("kubectl describe pods -l app=pick", "-l (Pod 3 個、空行 2 行で区切る)", masks=shape),
        Case("kubectl describe pod mysql", "名前の前方一致 (mysql → mysql-0)", masks=shape),
        Case("kubectl describe statefulset mysql", "StatefulSet (Volume Claims)", masks=shape),
        Case("kubectl describe sts", "種類だけ (全 StatefulSet)", masks=shape),
        Case("kubectl describe deployment pma", "Deployment", masks=shape),
        Case("kubectl describe deploy/pick", "Deployment (TYPE/NAME)、レプリカ 3 個", masks=shape),
        Case("kubectl describe replicasets -l app=pick", "ReplicaSet (-l)", masks=shape),
        Case("kubectl describe node {node}", "Node (他のテストの Pod は除いて比較)",
             masks=(*DESCRIBE_NODE, *shape)),
        Case("kubectl describe pod nosuch", "存在しない Pod"),
        Case("kubectl describe pods mysql-0 nosuch", "存在するものとしないもの", masks=shape),
        Case("kubectl describe pods -l app=nothing", "-l、該当なし (標準エラー出力)"),
        Case("kubectl describe pod mysql-0 -n nosuch", "存在しない名前空間 (名前空間のエラー)"),
        Case("kubectl describe -f ss-mysql.yml", "-f (マニフェストのオブジェクト)", masks=shape),
        Case("kubectl describe -f services.yml -f deploy-pma.yml",
             "-f を複数 (Service 2 個と Deployment)", masks=shape),
        Case("kubectl describe job hello", "Job (完了)", masks=(*DESCRIBE_PODS, *shape),
             setup=("kubectl apply -f job.yml",
                    "kubectl wait --for=condition=complete job/hello --timeout=120s")),
        Case("kubectl describe cronjob nightly", "CronJob", masks=shape,
             setup=("kubectl apply -f cronjob.yml",)),
        Case("kubectl describe daemonset agent", "DaemonSet", masks=(*DESCRIBE_PODS, *shape),
             setup=("kubectl apply -f daemonset.yml",
                    "kubectl rollout status daemonset/agent --timeout=120s")),
        Case("kubectl describe", "種類なし", unsupported="You must specify the type of resource"),
    ]


# an EndpointSlice's generated name: SERVICE-xxxxx
DESCRIBE_SLICES = ((r"\b(pma|mysql)-[a-z0-9]{5}\b", r"\1-SLICE"),)
# pods of a ReplicationController: legacy-xxxxx (in its events)
DESCRIBE_RC_PODS = ((r"\blegacy-[a-z0-9]{5}\b", "legacy-POD"),)
# the generic describer prints an object's resourceVersion
DESCRIBE_RESOURCE_VERSION = ((r"(Resource Version:\s+)\d+", r"\1RV"),)
SECRET_SETUP = ("kubectl create secret generic creds --from-literal=user=admin"
                " --from-literal=password=s3cret",)
QUOTA_SETUP = ("kubectl create quota compute --hard=pods=5,configmaps=3,requests.memory=1Gi",
               "kubectl wait --for=jsonpath={.status.used.configmaps}=1 quota/compute"
               " --timeout=60s")
# the autoscaler's first sync: its conditions and first events on both sides
HPA_SETUP = (*PMA_READY, "kubectl apply -f hpa.yml",
             "kubectl wait --for=jsonpath={.status.conditions[1].type}=ScalingActive hpa/pma"
             " --timeout=90s")
INGRESS_SETUP = ("kubectl apply -f services.yml",
                 "kubectl create ingress web --rule=book.example.invalid/*=pma:80"
                 " --rule=/metrics=nosuch:8080")


def _describe_network_storage_config_cases() -> list[Case]:
    shape = DESCRIBE_MASKS
    return [
        Case("kubectl describe service mysql", "Service (ヘッドレス)", masks=shape),
        Case("kubectl describe svc/pma", "Service (ClusterIP、名前付きの targetPort)",
             masks=shape),
        Case("kubectl describe services", "種類だけ (全 Service)", masks=shape),
        Case("kubectl describe endpoints pma", "Endpoints (標準エラー出力に非推奨の警告)",
             masks=shape),
        Case("kubectl describe ep", "短縮名 ep (全 Endpoints)", masks=shape),
        Case("kubectl describe endpointslices -l kubernetes.io/service-name=pma",
             "EndpointSlice (-l)", masks=(*DESCRIBE_SLICES, *shape)),
        Case("kubectl describe ingress web", "Ingress (Pod のない Service、存在しない Service)",
             masks=shape, setup=INGRESS_SETUP),
        Case("kubectl describe pvc data-mysql-0", "PVC (Used By、Events)", masks=shape),
        Case("kubectl describe storageclass standard", "StorageClass", masks=shape),
        Case("kubectl describe configmap text", "ConfigMap (複数行の値、日本語)", masks=shape),
        Case("kubectl describe secret creds", "Secret (値は表示せずバイト数)", masks=shape,
             setup=SECRET_SETUP),
        Case("kubectl describe namespace kube-public", "Namespace (ResourceQuota なし)",
             masks=shape),
        Case("kubectl describe serviceaccount default", "ServiceAccount", masks=shape),
        Case("kubectl describe pvc nosuch", "存在しない PVC"),
        Case("kubectl describe svc/pma --show-events=false", "Service、--show-events=false",
             masks=shape),
        Case("kubectl describe configmap text --show-events=false",
             "ConfigMap、--show-events=false", masks=shape),
        Case("kubectl describe storageclass stand", "クラスター全体の種類、名前の前方一致",
             masks=shape),
        Case("kubectl describe sa", "種類だけ (全 ServiceAccount)", masks=shape),
        Case("kubectl describe servicecidr kubernetes", "ServiceCIDR", masks=shape),
        Case("kubectl describe ipaddress 10.0.0.1", "IPAddress (kubernetes Service の ClusterIP)",
             masks=shape),
        Case("kubectl describe csinode {node}", "CSINode", masks=shape),
        Case("kubectl describe lease leader", "Lease (汎用の describer)",
             masks=(*DESCRIBE_RESOURCE_VERSION, *shape), setup=("kubectl apply -f lease.yml",)),
        Case("kubectl describe quota compute", "ResourceQuota (使用量)", masks=shape,
             setup=QUOTA_SETUP),
        Case("kubectl describe limits limits", "LimitRange", masks=shape,
             setup=("kubectl apply -f policies.yml",)),
        Case("kubectl describe netpol mysql", "NetworkPolicy", masks=shape,
             setup=("kubectl apply -f policies.yml",)),
        Case("kubectl describe role reader", "Role (規則をまとめて表示)", masks=shape,
             setup=("kubectl apply -f policies.yml",)),
        Case("kubectl describe rolebinding read", "RoleBinding", masks=shape,
             setup=("kubectl apply -f policies.yml",)),
        Case("kubectl describe clusterrole view", "ClusterRole (集約されたロール)", masks=shape),
        Case("kubectl describe clusterrolebinding cluster-admin", "ClusterRoleBinding",
             masks=shape),
        Case("kubectl describe hpa pma", "HorizontalPodAutoscaler (カスタムメトリクス)",
             masks=shape, setup=HPA_SETUP),
        Case("kubectl describe pdb pma", "PodDisruptionBudget", masks=shape,
             setup=(*PMA_READY, "kubectl create pdb pma --selector=app=pma --min-available=1",
                    "kubectl wait --for=jsonpath={.status.expectedPods}=1 pdb/pma"
                    " --timeout=60s")),
        Case("kubectl describe priorityclass system-node-critical", "PriorityClass",
             masks=shape),
        Case("kubectl describe rc legacy", "ReplicationController",
             masks=(*DESCRIBE_RC_PODS, *shape),
             setup=("kubectl apply -f rc.yml",
                    "kubectl wait --for=jsonpath={.status.readyReplicas}=2 rc/legacy"
                    " --timeout=120s")),
    ]

def _version_cases() -> list[Case]:
    # compared byte for byte (fmt "text"): kubectl's own field order and blank lines
    return [
        Case("kubectl version", "クライアントとサーバー"),
        Case("kubectl version --client", "--client"),
        Case("kubectl version -o json", "-o json"),
        Case("kubectl version -o yaml", "-o yaml (末尾の空行)"),
        Case("kubectl version --client -o json", "--client -o json"),
        Case("kubectl version --client --output=yaml", "--client --output=yaml"),
        Case("kubectl version -o wide", "-o wide", unsupported="--output must be 'yaml' or 'json'"),
        Case("kubectl cluster-info", "cluster-info"),
        Case("kubectl cluster-info -n default", "cluster-info -n (該当なし)"),
        Case("kubectl cluster-info dump", "cluster-info dump",
             unsupported="'kubectl cluster-info dump' is not supported"),
    ]


PICK_READY = ("kubectl apply -f pick.yml",
              "kubectl rollout status deployment/pick --timeout=180s")


def _scale_label_cases() -> list[Case]:
    return [
        Case("kubectl scale deployment/pick --replicas=2", "scale TYPE/NAME", setup=PICK_READY,
             check=("deployment/pick",)),
        Case("kubectl scale --replicas=3 deployment pick", "scale TYPE NAME", setup=PICK_READY,
             check=("deployment/pick",)),
        Case("kubectl scale statefulset mysql --replicas=0", "scale StatefulSet を 0 に",
             setup=STS_READY, check=("statefulset/mysql",)),
        Case("kubectl scale deploy/pick --current-replicas=1 --replicas=2",
             "--current-replicas (一致)", setup=PICK_READY, check=("deployment/pick",)),
        Case("kubectl scale deploy/pick --current-replicas=5 --replicas=2",
             "--current-replicas (不一致)", setup=PICK_READY, check=("deployment/pick",)),
        Case("kubectl scale deployment/nosuch --replicas=2", "scale 存在しない Deployment",
             setup=()),
        Case("kubectl scale deployment/pick", "scale --replicas なし", setup=PICK_READY),
        Case("kubectl label pods -l app=pick tier=web", "label -l", setup=PICK_READY),
        Case("kubectl label deployment pick tier=web env=dev", "label TYPE NAME 二つ",
             setup=PICK_READY, check=("deployment/pick",)),
        Case("kubectl label deployment/pick app=other", "label 既存の値 (--overwrite なし)",
             setup=PICK_READY, check=("deployment/pick",)),
        Case("kubectl label --overwrite deployment/pick app=other", "label --overwrite",
             setup=PICK_READY, check=("deployment/pick",)),
        Case("kubectl label deployment/pick app-", "label KEY- (削除)", setup=PICK_READY,
             check=("deployment/pick",)),
        Case("kubectl label deployment/pick nosuch-", "label 存在しないラベルの削除",
             setup=PICK_READY, check=("deployment/pick",)),
        Case("kubectl label deployment/pick app=pick", "label 同じ値 (not labeled)",
             setup=PICK_READY, check=("deployment/pick",)),
        Case("kubectl label pods --all tier=db", "label --all", setup=STS_READY),
        Case("kubectl label deployment pick nosuch tier=web", "label 存在しないオブジェクトを含む",
             setup=PICK_READY, check=("deployment/pick",)),
        Case("kubectl label node {node} podlab-conformance-", "label Node (クラスター全体)",
             setup=()),
        Case("kubectl annotate deployment/pick note=hello", "annotate", setup=PICK_READY,
             check=("deployment/pick",)),
        Case("kubectl annotate deployment pick 'description=日本語 の説明'",
             "annotate 空白と日本語の値", setup=PICK_READY, check=("deployment/pick",)),
        Case("kubectl annotate deployment/pick deployment.kubernetes.io/revision=9",
             "annotate 既存の値 (--overwrite なし)", setup=PICK_READY,
             check=("deployment/pick",)),
        Case("kubectl annotate --overwrite deployment/pick deployment.kubernetes.io/revision=9",
             "annotate --overwrite", setup=PICK_READY),
        Case("kubectl annotate pods -l app=pick note-", "annotate -l KEY-", setup=PICK_READY),
    ]


def _create_cases() -> list[Case]:
    dry = "--dry-run=client"
    cases = [
        Case(f"kubectl create configmap web --from-file=data/nginx.conf {dry} -o yaml",
             "create configmap --from-file", "yaml"),
        Case(f"kubectl create configmap web --from-file=site.conf=data/nginx.conf {dry} -o json",
             "create configmap --from-file=KEY=PATH"),
        Case(f"kubectl create configmap web --from-file=data/ {dry} -o yaml",
             "create configmap --from-file=DIR (binaryData)", "yaml"),
        Case(f"kubectl create configmap web --from-env-file=data/app.env {dry} -o yaml",
             "create configmap --from-env-file", "yaml"),
        Case(f"kubectl create configmap web --from-file=data/nginx.conf --from-literal=a=b {dry}"
             " -o yaml", "create configmap --from-file と --from-literal", "yaml"),
        Case(f"kubectl create secret generic s --from-file=data/nginx.conf {dry} -o yaml",
             "create secret generic --from-file", "yaml"),
        Case(f"kubectl create secret tls web-tls --cert=tls.crt --key=tls.key {dry} -o yaml",
             "create secret tls", "yaml"),
        Case(f"kubectl create secret docker-registry regcred --docker-server=registry.example "
             f"--docker-username=u --docker-password=p --docker-email=u@example.com {dry} -o yaml",
             "create secret docker-registry", "yaml"),
        Case(f"kubectl create deployment web --image=nginx:1.25 --port=80 --replicas=2 {dry} "
             "-o yaml", "create deployment --dry-run=client -o yaml", "yaml"),
        Case(f"kubectl create deployment web --image=mysql:8.0 {dry} -o json",
             "create deployment -o json (kubectl の項目順)"),
        Case(f"kubectl create deployment web --image=mysql:8.0 {dry}", "--dry-run=client のみ"),
        Case(f"kubectl create deployment web --image=mysql:8.0 {dry} -o name", "-o name"),
        Case(f"kubectl create deployment web --image=mysql:8.0 -n default {dry} -o yaml",
             "-n (namespace が入る)", "yaml"),
        Case(f"kubectl create deployment web --image=mysql:8.0 {dry} -o yaml -- sleep 3600",
             "-- COMMAND", "yaml"),
        Case(f"kubectl create configmap cfg --from-literal=a=1 --from-literal=b=x=y {dry} -o yaml",
             "create configmap --from-literal", "yaml"),
        Case(f"kubectl create configmap cfg --from-literal=a=1 --from-literal=a=2 {dry}",
             "create configmap 同じキー"),
        Case(f"kubectl create configmap cfg '--from-literal=bad key=1' {dry}",
             "create configmap 不正なキー"),
        Case(f"kubectl create secret generic s --from-literal=password=p@ss {dry} -o yaml",
             "create secret generic", "yaml"),
        Case(f"kubectl create secret generic s --from-literal=k=日本語 {dry} -o json",
             "create secret generic -o json"),
        Case(f"kubectl create service clusterip web --tcp=80:8080 {dry} -o yaml",
             "create service clusterip", "yaml"),
        Case(f"kubectl create service clusterip web --clusterip=None {dry} -o yaml",
             "create service clusterip --clusterip=None", "yaml"),
        Case(f"kubectl create service nodeport web --tcp=80:8080 --node-port=30080 {dry} -o json",
             "create service nodeport --node-port -o json"),
        Case(f"kubectl create service loadbalancer web --tcp=80,443 {dry} -o yaml",
             "create service loadbalancer", "yaml"),
        Case(f"kubectl create service nodeport web {dry}", "create service ポートなし"),
        Case(f"kubectl create namespace dev {dry} -o json", "create namespace -o json"),
        Case(f"kubectl create job j --image=mysql:8.0 {dry} -o yaml -- echo hi",
             "create job", "yaml"),
        Case(f"kubectl create cronjob cj --image=mysql:8.0 '--schedule=*/1 * * * *' {dry} -o json"
             " -- date", "create cronjob -o json"),
        Case(f"kubectl create serviceaccount robot {dry} -o yaml", "create serviceaccount",
             "yaml"),
        Case(f"kubectl create role reader --verb=get,list --verb=watch --resource=pods,po "
             f"--resource=deployments.apps,statefulsets {dry} -o json", "create role -o json"),
        Case(f"kubectl create role one --verb=get --resource=configmaps --resource-name=text "
             f"{dry} -o yaml", "create role --resource-name", "yaml"),
        Case(f"kubectl create role odd --verb=peek --resource=pods {dry}",
             "create role 標準でない verb"),
        Case(f"kubectl create rolebinding read --role=reader --user=alice --group=devs "
             f"--serviceaccount=default:robot {dry} -o json", "create rolebinding -o json"),
        Case(f"kubectl create rolebinding view --clusterrole=view --serviceaccount=default:robot "
             f"{dry} -o yaml", "create rolebinding --clusterrole", "yaml"),
    ]
    cases += [
        Case("kubectl create deployment web --image=mysql:8.0 -- sleep infinity",
             "create deployment (作成、準備完了まで待つ)", setup=(), check=("deployment/web",)),
        Case("kubectl create deployment pick --image=mysql:8.0", "create deployment 既存",
             setup=PICK_READY),
        Case("kubectl create configmap cfg --from-literal=a=1", "create configmap", setup=(),
             check=("configmap/cfg",)),
        Case("kubectl create configmap text --from-literal=a=1", "create configmap 既存",
             setup=("kubectl apply -f two-containers.yml",)),
        Case("kubectl create secret generic s --from-literal=k=v", "create secret generic",
             setup=()),
        Case("kubectl create secret generic s --from-literal=k=v",
             "create secret generic 既存", setup=("kubectl create secret generic s "
                                                 "--from-literal=k=v",)),
        Case("kubectl create service clusterip web --tcp=80:8080", "create service clusterip",
             setup=(), check=("service/web",)),
        Case("kubectl create service nodeport web --tcp=80", "create service nodeport",
             setup=(), masks=((r"\b3\d{4}\b", "NODEPORT"),)),
        Case("kubectl create service clusterip pma --tcp=80", "create service 既存",
             setup=("kubectl apply -f services.yml",)),
        Case("kubectl create job hello --image=mysql:8.0 -- echo hello", "create job",
             setup=(), check=("job/hello",)),
        Case("kubectl create cronjob tick --image=mysql:8.0 '--schedule=*/5 * * * *' -- date",
             "create cronjob", setup=(), check=("cronjob/tick",)),
        Case("kubectl create serviceaccount robot", "create serviceaccount", setup=()),
        Case("kubectl create role reader --verb=get,list --resource=pods", "create role",
             setup=(), check=("role/reader",)),
        Case("kubectl create rolebinding read --role=reader --serviceaccount=default:robot",
             "create rolebinding", setup=(), check=("rolebinding/read",)),
        Case("kubectl create serviceaccount default", "create serviceaccount 既存", setup=()),
        Case("kubectl create namespace default", "create namespace 既存", setup=()),
    ]
    return cases


def _run_expose_cases() -> list[Case]:
    dry = "--dry-run=client"
    node_port = ((r"\b3\d{4}\b", "NODEPORT"),)
    return [
        Case(f"kubectl run web --image=nginx --port=80 --env=A=1 --env=B=2 "
             f"--labels=app=web,tier=fe {dry} -o json", "run --dry-run=client -o json"),
        Case(f"kubectl run box --image=busybox --restart=Never {dry} -o yaml -- sleep 10",
             "run -- ARGS (args に入る)", "yaml"),
        Case(f"kubectl run box --image=busybox --command {dry} -o yaml -- sh -c 'echo hi'",
             "run --command", "yaml"),
        Case(f"kubectl run box --image=busybox --image-pull-policy=Never {dry} -o yaml",
             "run --image-pull-policy", "yaml"),
        Case(f"kubectl run box --image=busybox {dry}", "run --dry-run=client のみ"),
        Case(f"kubectl run web --image=nginx --port=80 --expose {dry}", "run --expose (dry run)"),
        Case("kubectl run box --image=mysql:8.0 --restart=Never -- sh -c 'echo hello'",
             "run --restart=Never (終わる Pod)", setup=(), check=("pod/box",)),
        Case("kubectl run sleeper --image=mysql:8.0 -- sleep infinity", "run (動き続ける Pod)",
             setup=(), check=("pod/sleeper",)),
        Case("kubectl run web --image=mysql:8.0 --port=3306 --expose -- sleep infinity",
             "run --expose", setup=(), check=("service/web", "pod/web")),
        Case("kubectl run two --image=mysql:8.0", "run 既存の Pod",
             setup=("kubectl apply -f two-containers.yml",)),
        Case("kubectl run box", "run --image なし", setup=()),
        Case("kubectl expose deployment pma", "expose Deployment (ポートを推定)", setup=PMA_READY,
             check=("service/pma",)),
        Case("kubectl expose deployment/pma --port=8080 --target-port=80 --name=web",
             "expose --port --target-port --name", setup=PMA_READY, check=("service/web",)),
        Case("kubectl expose deploy pma --type=NodePort --name=pma-np", "expose --type=NodePort",
             setup=PMA_READY, masks=node_port, check=()),
        Case("kubectl expose pod mysql-0 --port=3306 --name=mysql-direct", "expose Pod",
             setup=STS_READY, check=("service/mysql-direct",)),
        Case("kubectl expose service pma --name=pma2 --port=8080 --target-port=http",
             "expose Service", setup=("kubectl apply -f services.yml",),
             check=("service/pma2",)),
        Case("kubectl expose statefulset mysql --port=3306", "expose StatefulSet (kubectl は拒否)",
             setup=STS_READY),
        Case("kubectl expose deployment pick", "expose ポートのない Deployment",
             setup=PICK_READY),
        Case("kubectl expose deployment nosuch --port=80", "expose 存在しない Deployment",
             setup=()),
        Case(f"kubectl expose deployment pma --port=80 {dry} -o yaml", "expose --dry-run -o yaml",
             "yaml", setup=PMA_READY),
    ]


PMA_TWO_REVISIONS = (*PMA_READY,
                     "kubectl annotate deployment/pma kubernetes.io/change-cause=first",
                     "kubectl set env deployment/pma GREETING=hello",
                     "kubectl rollout status deployment/pma --timeout=180s")


def _rollout_cases() -> list[Case]:
    return [
        Case("kubectl rollout history deployment/pma", "rollout history (1 版)",
             setup=PMA_READY),
        Case("kubectl rollout history deployment/pma", "rollout history (2 版、CHANGE-CAUSE)",
             setup=PMA_TWO_REVISIONS),
        Case("kubectl rollout history deploy/pma --revision=2", "rollout history --revision",
             setup=PMA_TWO_REVISIONS, masks=((r"pod-template-hash=\w+", "HASH"),)),
        Case("kubectl rollout history deploy/pma --revision=9", "存在しない版",
             setup=PMA_READY),
        Case("kubectl rollout undo deployment/pma", "rollout undo", setup=PMA_TWO_REVISIONS,
             check=("deployment/pma",)),
        Case("kubectl rollout undo deployment/pma --to-revision=2", "undo --to-revision (現在の版)",
             setup=PMA_TWO_REVISIONS),
        Case("kubectl rollout undo deployment/pma", "undo、履歴なし", setup=PMA_READY),
        Case("kubectl rollout undo deployment/pma --to-revision=7", "undo、存在しない版",
             setup=PMA_TWO_REVISIONS),
        Case("kubectl rollout pause deployment/pma", "rollout pause", setup=PMA_READY,
             check=("deployment/pma",)),
        Case("kubectl rollout pause deployment/pma", "pause、既に一時停止",
             setup=(*PMA_READY, "kubectl rollout pause deployment/pma")),
        Case("kubectl rollout resume deployment/pma", "rollout resume",
             setup=(*PMA_READY, "kubectl rollout pause deployment/pma"),
             check=("deployment/pma",)),
        Case("kubectl rollout resume deployment/pma", "resume、一時停止していない",
             setup=PMA_READY),
        Case("kubectl rollout restart deployment/pma", "rollout restart (Deployment)",
             setup=PMA_READY),
        Case("kubectl rollout restart statefulset/mysql", "rollout restart (StatefulSet)",
             setup=STS_READY),
        Case("kubectl rollout restart deployment/pma", "restart、一時停止中",
             setup=(*PMA_READY, "kubectl rollout pause deployment/pma")),
        Case("kubectl rollout pause statefulset/mysql", "pause (StatefulSet は不可)",
             setup=STS_READY),
        Case("kubectl rollout restart deployment/nosuch", "restart、存在しない", setup=()),
    ]


def _set_cases() -> list[Case]:
    return [
        Case("kubectl set image deployment/pma pma=phpmyadmin:5.2.1", "set image",
             setup=PMA_READY, check=("deployment/pma",)),
        Case("kubectl set image deployment/pma pma=phpmyadmin:5.2", "set image (同じイメージ)",
             setup=PMA_READY),
        Case("kubectl set image deployment/pma '*=phpmyadmin:5.2.1'", "set image *=IMAGE",
             setup=PMA_READY, check=("deployment/pma",)),
        Case("kubectl set image deployment/pma nosuch=x:1", "set image 存在しないコンテナー",
             setup=PMA_READY),
        Case("kubectl set image pod/two second=mysql:8", "set image (Pod)",
             setup=("kubectl apply -f two-containers.yml",), check=("pod/two",)),
        Case("kubectl set env deployment/pma GREETING=hello MODE=dev", "set env", setup=PMA_READY,
             check=("deployment/pma",)),
        Case("kubectl set env deployment/pma PMA_ARBITRARY-", "set env KEY- (削除)",
             setup=PMA_READY, check=("deployment/pma",)),
        Case("kubectl set env deployment/pma PMA_ARBITRARY=1", "set env (同じ値)",
             setup=PMA_READY),
        Case("kubectl set env deployment/pma --list", "set env --list", setup=PMA_READY),
        Case("kubectl set env pod/two -c second A=1", "set env -c", setup=(
             "kubectl apply -f two-containers.yml",)),
        Case("kubectl set resources deployment pma --limits=cpu=200m,memory=512Mi",
             "set resources --limits", setup=PMA_READY, check=("deployment/pma",)),
        Case("kubectl set resources deployment/pma --requests=cpu=100m -c pma",
             "set resources --requests -c", setup=PMA_READY, check=("deployment/pma",)),
        Case("kubectl set image deployment/nosuch a=b", "set image 存在しない Deployment",
             setup=()),
    ]


def _patch_cases() -> list[Case]:
    return [
        Case("kubectl patch deployment pma -p '{\"spec\":{\"replicas\":2}}'",
             "patch (strategic)", setup=PMA_READY, check=("deployment/pma",)),
        Case("kubectl patch deployment/pma -p '{\"spec\":{\"replicas\":1}}'",
             "patch (no change)", setup=PMA_READY),
        Case("kubectl patch deployment pma --type=merge -p '{\"metadata\":{\"labels\":"
             "{\"tier\":\"web\"}}}'", "patch --type=merge", setup=PMA_READY,
             check=("deployment/pma",)),
        Case("kubectl patch deployment pma --type=json -p '[{\"op\":\"replace\",\"path\":"
             "\"/spec/replicas\",\"value\":3}]'", "patch --type=json", setup=PMA_READY,
             check=("deployment/pma",)),
        Case("kubectl patch deployment pma -p 'spec: {replicas: 2}'", "patch (YAML)",
             setup=PMA_READY, check=("deployment/pma",)),
        Case("kubectl patch svc pma -p '{\"spec\":{\"type\":\"NodePort\"}}'",
             "patch Service の type", setup=("kubectl apply -f services.yml",)),
        Case("kubectl patch deployment pma --type=json -p '[{\"op\":\"remove\",\"path\":"
             "\"/spec/nosuch\"}]'", "patch --type=json (失敗)", setup=PMA_READY),
        Case("kubectl patch deployment nosuch -p '{}'", "patch 存在しない Deployment", setup=()),
        Case("kubectl patch deployment pma --patch-file=data/replicas.yml", "patch --patch-file",
             setup=PMA_READY, check=("deployment/pma",)),
    ]


def _files_cases() -> list[Case]:
    return [
        Case("kubectl apply -f several/", "apply -f DIR (kubectl のファイル順)", setup=(),
             check=("configmap/first", "configmap/second")),
        Case("kubectl apply -f several", "apply -f DIR (末尾の / なし)", setup=()),
        Case("kubectl delete -f several/", "delete -f DIR",
             setup=("kubectl apply -f several/",)),
        Case("kubectl apply -f {url}/deploy-pma.yml", "apply -f URL", setup=(),
             check=("deployment/pma",)),
        Case("kubectl create -f {url}/services.yml", "create -f URL", setup=()),
        Case("kubectl create -f deploy-pma.yml", "create -f", setup=(),
             check=("deployment/pma",)),
        Case("kubectl create -f services.yml", "create -f、複数ドキュメント", setup=(),
             check=("service/mysql", "service/pma")),
        Case("kubectl create -f deploy-pma.yml", "create -f、既存", setup=PMA_READY),
        Case("kubectl create -f deploy-pma.yml --dry-run=client -o name", "create -f --dry-run",
             setup=()),
        Case("kubectl replace -f pma-two.yml", "replace -f", setup=PMA_READY,
             check=("deployment/pma",)),
        Case("kubectl replace -f pma-two.yml", "replace -f、存在しない", setup=()),
        Case("kubectl replace --force -f pma-two.yml", "replace --force", setup=PMA_READY,
             check=("deployment/pma",)),
    ]


# The container's tar says this on stderr; real kubectl sometimes ends before the whole line
# arrived (a CI run kept only "tar: "): a whole notice or that cut-off start of it goes.
TAR_NOTICE = ((r"^tar: (?:Removing leading `/' from member names)?(?:\n|\Z)", ""),)


def _cp_cases() -> list[Case]:
    return [
        Case("kubectl cp data/nginx.conf mysql-0:/tmp/nginx.conf", "cp ローカル → Pod",
             setup=STS_READY),
        Case("kubectl cp data/nginx.conf mysql-0:/tmp/", "cp → Pod のディレクトリ",
             setup=STS_READY),
        # kubectl stops when its untar reaches the archive's end, racing tar's stderr
        # notice (it shows it on stdout only when it arrives first): the line is masked.
        Case("kubectl cp mysql-0:/etc/hostname hostname-copy", "cp Pod → ローカル",
             setup=STS_READY, masks=TAR_NOTICE),
        Case("kubectl cp data/nginx.conf mysql-0:/nosuch/dir/x.conf", "cp 存在しないディレクトリ",
             setup=STS_READY),
        Case("kubectl cp two:/etc/hostname hostname-two -c second", "cp -c",
             setup=("kubectl apply -f two-containers.yml",
                    "kubectl wait --for=condition=Ready pod/two --timeout=180s"),
             masks=TAR_NOTICE),
        Case("kubectl cp data/nginx.conf nosuch:/tmp/", "cp 存在しない Pod", setup=()),
    ]


TOP_MASKS = ((r"\b\d+m\b", "CPU"), (r"\b\d+Mi\b", "MEM"), (r"\b\d+%", "PCT"))


def _top_cases() -> list[Case]:
    return [
        Case("kubectl top node", "top node (数値は形で比較)", "table", masks=TOP_MASKS),
        Case("kubectl top node {node}", "top node NAME", "table", masks=TOP_MASKS),
        Case("kubectl top node --no-headers", "top node --no-headers", "table",
             masks=TOP_MASKS),
        Case("kubectl top pod -n kube-system", "top pod -n", "table", masks=TOP_MASKS),
        Case("kubectl top pod -n kube-system --containers", "top pod --containers", "table",
             masks=TOP_MASKS),
        Case("kubectl top pod -n kube-system --sum", "top pod --sum", "table", masks=TOP_MASKS),
        Case("kubectl top pod -A -l k8s-app=kube-dns", "top pod -A -l", "table",
             masks=TOP_MASKS),
        Case("kubectl top pod -l app=nothing", "top pod、該当なし", "table"),
        Case("kubectl top pod --sort-by=name", "top pod --sort-by (不正な値)",
             unsupported="--sort-by accepts only cpu or memory"),
    ]


def _discovery_cases() -> list[Case]:
    return [
        # type names podlab's table does not know: the server's discovery, when the step runs
        Case("kubectl get controllerrevisions", "発見で解決する種類 (ControllerRevision)", "table"),
        Case("kubectl get controllerrevision.apps -o name", "単数形.グループ -o name"),
        Case("kubectl get podtemplates", "発見で解決する種類、該当なし"),
        Case("kubectl get csidrivers", "発見で解決する種類 (クラスター全体)、該当なし"),
        Case("kubectl get widgets", "サーバーにない種類 (kubectl のエラー)"),
        Case("kubectl api-resources", "api-resources"),
        Case("kubectl api-resources -o wide", "api-resources -o wide"),
        Case("kubectl api-resources -o name", "api-resources -o name"),
        Case("kubectl api-resources --namespaced=true", "api-resources --namespaced=true"),
        Case("kubectl api-resources --namespaced=false --no-headers",
             "api-resources --namespaced=false --no-headers"),
        Case("kubectl api-resources --api-group=apps", "api-resources --api-group"),
        Case("kubectl api-resources --verbs=list,watch --sort-by=kind",
             "api-resources --verbs --sort-by=kind"),
        Case("kubectl api-versions", "api-versions"),
    ]


COUNTER_STARTED = ("kubectl apply -f counter.yml",
                   "kubectl wait --for=condition=Ready pod/counter --timeout=180s")
DELETE_MYSQL = ("kubectl delete pod mysql-0",)


def _watch_cases() -> list[Case]:
    """Commands that keep running, compared by shape (test_watch.py): the header, kubectl's
    layout of every line and the sequence of distinct rows after masking ages."""
    return [
        Case("kubectl get pods -w", "-w、Pod の削除と作り直し", "watch", setup=STS_READY,
             during=DELETE_MYSQL),
        Case("kubectl get pod mysql-0 -w", "名前を指定して -w", "watch", setup=STS_READY,
             during=DELETE_MYSQL),
        Case("kubectl get pods -w -o wide", "-w -o wide", "watch", setup=STS_READY,
             during=DELETE_MYSQL),
        Case("kubectl get pods --watch-only", "--watch-only", "watch", setup=STS_READY,
             during=DELETE_MYSQL),
        Case("kubectl get pods -w --output-watch-events", "-w --output-watch-events",
             "watch", setup=STS_READY, during=DELETE_MYSQL),
        Case("kubectl get pods -w -o name", "-w -o name", "watch", setup=STS_READY,
             during=DELETE_MYSQL),
        Case("kubectl get statefulsets -w", "-w (StatefulSet)", "watch", setup=STS_READY,
             during=DELETE_MYSQL),
        Case("kubectl get pods -l app=mysql -w", "-l と -w", "watch", setup=STS_READY,
             during=()),
        Case("kubectl get pods -w", "-w、変化なし", "watch", setup=STS_READY, during=()),
        Case("kubectl get pods -w -n kube-public", "-w、Pod なし", "watch", setup=(),
             during=()),
        Case("kubectl get pods,services -w", "-w に二つの型", "watch", setup=(), during=()),
        Case("kubectl get pod nosuch -w", "-w、存在しない Pod", "watch", setup=(), during=()),
        Case("kubectl logs -f counter", "logs -f", "watch", setup=COUNTER_STARTED,
             during=()),
        Case("kubectl logs -f counter --tail 2", "logs -f --tail", "watch",
             setup=COUNTER_STARTED, during=()),
        Case("kubectl rollout status -w statefulset/mysql", "rollout status -w", "watch",
             setup=STS_READY, during=()),
        Case("kubectl events -w --for pod/mysql-0", "events -w (Pod の削除と作り直し)",
             "watch", setup=STS_READY, during=DELETE_MYSQL,
             # (whether the kubelet's first readiness probe finds MariaDB up yet, and so
             # records an Unhealthy event, is a matter of milliseconds in either namespace;
             # so is a FailedMount of the token volume when the kubelet's configmap cache is
             # not synced yet, seen in one namespace of a CI run under load; and so is the
             # scheduler's FailedScheduling of the setup's pod created before its claim is in
             # the scheduler's cache: one namespace got it once from the VolumeBinding
             # plugin, the other twice as "pod has unbound immediate PersistentVolumeClaims")
             masks=((r"\b(\d+[smhdy])+ \(x\d+ over (\d+[smhdy])+\)", "AGE"),
                    (r"^.*\bWarning +Unhealthy +Pod/mysql-0 +Readiness probe failed.*\n", ""),
                    (r"^.*\bWarning +FailedScheduling +Pod/mysql-0 +.*"
                     r"(PersistentVolumeClaim|PVC).*\n", ""),
                    (r"^.*\bWarning +FailedMount +Pod/mysql-0 +MountVolume\.SetUp failed for "
                     r"volume \"kube-api-access-\w+\" : failed to sync configmap cache.*\n", ""))),
        # port-forward: ports unusual enough not to be in use (podlab binds none of them)
        Case("kubectl port-forward pod/mysql-0 13306:3306", "port-forward POD", "watch",
             setup=STS_READY, during=()),
        Case("kubectl port-forward statefulset/mysql 13307:mysql", "port-forward 名前付きポート",
             "watch", setup=STS_READY, during=()),
        Case("kubectl port-forward service/pma 18080:http", "port-forward Service (targetPort)",
             "watch", setup=(*PMA_READY, "kubectl apply -f services.yml"), during=()),
        Case("kubectl port-forward deployment/pma 18081:80 --address 127.0.0.1",
             "port-forward --address 127.0.0.1", "watch", setup=PMA_READY, during=()),
        Case("kubectl port-forward pod/nosuch 18082:80", "port-forward、存在しない Pod", "watch",
             setup=(), during=()),
        Case("kubectl port-forward service/pma 18083:8080", "port-forward、Service にないポート",
             "watch", setup=(*PMA_READY, "kubectl apply -f services.yml"), during=()),
    ]


# LAST SEEN of a repeated event: "5s (x3 over 2m)"
EVENT_SERIES = ((r"^(\d+[smhdy])+ \(x(\d+) over (\d+[smhdy])+\)$", r"AGE (x\2 over AGE)"),)


def _events_cases() -> list[Case]:
    return [
        Case("kubectl events", "events (古い順)", "table", masks=EVENT_SERIES),
        Case("kubectl events --no-headers", "events --no-headers", "table", masks=EVENT_SERIES),
        Case("kubectl events --for pod/once", "events --for TYPE/NAME (再起動した Pod)", "table",
             masks=EVENT_SERIES),
        Case("kubectl events --for deployment/pick", "events --for (Deployment)", "table",
             masks=EVENT_SERIES),
        Case("kubectl events --for sts/mysql", "events --for (短縮名)", "table",
             masks=EVENT_SERIES),
        Case("kubectl events --types=Warning", "events --types=Warning", "table",
             masks=EVENT_SERIES),
        Case("kubectl events --types=normal,Warning", "events --types (大文字小文字は問わない)",
             "table", masks=EVENT_SERIES),
        # -A over a node's events: the whole cluster's list changes while other tests run, and
        # Go's unstable sort orders the ties of one namespace by the others' events too
        Case("kubectl events -A --for node/{node}", "events -A (NAMESPACE の列)", "table",
             masks=EVENT_SERIES),
        Case("kubectl events -n kube-system", "events -n", "table", masks=EVENT_SERIES),
        Case("kubectl events -o yaml", "events -o yaml", "yaml"),
        Case("kubectl get events", "get events (サーバーの表)", "table", masks=EVENT_SERIES),
        Case("kubectl get events --field-selector involvedObject.name=once",
             "get events --field-selector", "table", masks=EVENT_SERIES),
        Case("kubectl events --for pod/two -o json", "events --for -o json", "json"),
        Case("kubectl events --for pod/nosuch", "events --for、該当なし (標準エラー出力)"),
        Case("kubectl events -n kube-public", "events、イベントのない名前空間"),
        Case("kubectl events --types=Error", "events --types (不正な値)"),
        Case("kubectl events --for pod", "events --for (名前なし)"),
        Case("kubectl events --for nosuch/x", "events --for (存在しない種類)"),
    ]


def _config_cases() -> list[Case]:
    """The lab's admin kubeconfig (client certificate and key: DATA+OMITTED)."""
    return [
        Case("kubectl config view", "config view (秘密は DATA+OMITTED)", "yaml"),
        Case("kubectl config view -o json", "config view -o json", "json"),
        Case("kubectl config view --minify", "config view --minify", "yaml"),
        Case("kubectl config view --minify -o json", "config view --minify -o json", "json"),
        Case("kubectl config current-context", "config current-context"),
        Case("kubectl config get-contexts", "config get-contexts"),
        Case("kubectl config get-contexts podlab", "config get-contexts NAME"),
        Case("kubectl config get-contexts -o name", "config get-contexts -o name"),
        Case("kubectl config get-contexts --no-headers", "config get-contexts --no-headers"),
        Case("kubectl config get-contexts nosuch", "config get-contexts、存在しない名前"),
        Case("kubectl config get-clusters", "config get-clusters"),
        Case("kubectl config get-users", "config get-users"),
        Case("kubectl config view --raw", "config view --raw (秘密を表示する)",
             unsupported="'kubectl config view --raw' is not supported"),
    ]


def _explain_cases() -> list[Case]:
    """The server's OpenAPI v3 documents through kubectl's plaintext template."""
    return [
        Case("kubectl explain pod", "explain (種類)"),
        Case("kubectl explain pods.spec", "explain TYPE.FIELD"),
        Case("kubectl explain pods.spec.containers", "explain (配列のフィールド)"),
        Case("kubectl explain pods.spec.containers.name", "explain (末端のフィールド)"),
        Case("kubectl explain deployment.spec.strategy", "explain (enum のあるフィールド)"),
        Case("kubectl explain deploy --recursive", "explain --recursive"),
        Case("kubectl explain pods.spec --recursive", "explain TYPE.FIELD --recursive"),
        Case("kubectl explain deployments.apps.spec.replicas", "explain TYPE.GROUP.FIELD"),
        Case("kubectl explain svc.spec.ports", "explain (短縮名)"),
        Case("kubectl explain svc.spec.type", "explain (ENUM の一覧)"),
        Case("kubectl explain pods.spec.containers --recursive",
             "explain (配列のフィールド) --recursive"),
        Case("kubectl explain pods.metadata.labels", "explain (map のフィールド)"),
        Case("kubectl explain pv.spec.accessModes", "explain (文字列の配列)"),
        Case("kubectl explain cronjob.spec.jobTemplate", "explain (CronJob)"),
        Case("kubectl explain crd.spec --recursive", "explain --recursive (再帰するスキーマ)"),
        Case("kubectl explain hpa --api-version=autoscaling/v1", "explain --api-version"),
        Case("kubectl explain deploy --api-version=apps/v2", "explain --api-version (ない版)"),
        Case("kubectl explain pods.nosuch", "explain (存在しないフィールド)"),
        Case("kubectl explain nosuch", "explain (存在しない種類)"),
    ]


MYSQL_CLIENT = "kubectl exec -it mysql-0 -- mysql -uroot -prootpassword"
SESSION_MASKS = ((r"connection id is \d+", "connection id is N"),
                 (r"\(\d+\.\d+ sec\)", "(T sec)"))


def _session_cases() -> list[Case]:
    """Interactive sessions: the lines typed in a terminal, kubectl's in a pseudo-terminal,
    both read through podlab's terminal emulator (test_sessions.py)."""
    return [
        Case(MYSQL_CLIENT, "exec -it、MariaDB に入力", setup=STS_READY,
             typed=("SHOW DATABASES;", "SELECT 1 + 1 AS two;", "exit"), masks=SESSION_MASKS),
        Case("kubectl exec -it mysql-0 -- sh", "exec -it sh に入力", setup=STS_READY,
             typed=("echo hello; hostname", "exit")),
        Case("kubectl exec -it mysql-0 -- bash", "exec -it bash に入力", setup=STS_READY,
             typed=("ls -d /var/lib/mysql", "exit 3")),
        # the throwaway client pods of textbooks: kubectl's notices, the output, the pod
        # deleted after
        # (a command that runs long enough to be attached — one done before is shown from
        # its log, by both — and prints what it always prints: busybox's nslookup prints the
        # answers for the search domains in the order they arrive)
        Case("kubectl run -it --rm lookup --image=busybox --restart=Never -- "
             "sh -c 'sleep 3; cat /etc/resolv.conf'", "run -it --rm", setup=(), terminal=True),
        # (the shell starts once both sides are attached: busybox's banner, printed when an
        # interactive ash starts, is then seen by both)
        Case("kubectl run -it --rm shell --image=busybox --restart=Never -- "
             "sh -c 'sleep 3; exec sh'", "run -it --rm sh に入力", setup=(),
             typed=("hostname", "exit")),
        Case("kubectl run -i --rm once --image=busybox --restart=Never -- "
             "sh -c 'sleep 3; echo hi'", "run -i --rm (tty なし)", setup=(), terminal=True),
    ]


def _unsupported_cases() -> list[Case]:
    return [
        Case("kubectl edit deployment/pma", "edit (対話的なエディター)",
             unsupported="'kubectl edit' is not supported (it opens an interactive editor"),
        Case("kubectl apply -k overlays/dev", "apply -k (kustomize)",
             unsupported="'kubectl apply -k' (kustomize) is not supported"),
    ]


def all_cases() -> list[Case]:
    cases = [*_apply_cases(), *_get_cases(), *_printer_cases(), *_exec_cases(),
             *_delete_cases(), *_logs_cases(), *_wait_rollout_cases(), *_describe_cases(),
             *_describe_network_storage_config_cases(), *_version_cases(),
             *_scale_label_cases(), *_create_cases(), *_run_expose_cases(),
             *_rollout_cases(), *_set_cases(), *_patch_cases(),
             *_files_cases(), *_cp_cases(), *_top_cases(),
             *_discovery_cases(), *_watch_cases(), *_events_cases(), *_config_cases(),
             *_explain_cases(), *_session_cases(), *_unsupported_cases()]
    keys = [case.key for case in cases]
    duplicates = {key for key in keys if keys.count(key) > 1}
    assert not duplicates, f"duplicate cases: {duplicates}"
    return cases


CASES = all_cases()
