"""The Kubernetes manifests (deploy/k8s) and the container's entrypoint.

Each overlay is rendered with `kubectl kustomize`, validated with
`kubernetes-validate --strict`, and checked for what deploy/README.md
promises: real probes, network policies with only the web process open,
non-root read-only pods, disruption budgets and autoscalers, no secret
value anywhere, the migration Job, an outbox that outlives the pod in
production, and one image for every role.

Every check is a function returning the problems it found, and
`test_checks_flag_a_broken_manifest` breaks a rendered manifest once per
check to prove the check can fail. Without kubectl or kubernetes-validate
the tests skip, except under CI, where they fail.
"""

from __future__ import annotations

import copy
import importlib.util
import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any, Callable, Dict, List, NoReturn, Optional, Set, Tuple

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
K8S = ROOT / "deploy" / "k8s"
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"
OVERLAYS = ("local", "production")
# Any non-empty CI (true, 1, yes...) means CI, as in conftest.py.
IN_CI = bool(os.environ.get("CI", "").strip())

NAME_LABEL = "app.kubernetes.io/name"
COMPONENT_LABEL = "app.kubernetes.io/component"
APPS = ("rasa", "actions", "web")
ROLES = (*APPS, "migrate")
APP_UID = 10001
WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet")
SECRET_NAMES = (
    "RASA_AUTH_TOKEN",
    "WEB_SESSION_SECRET",
    "TELEGRAM_ID_SECRET",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_WEBHOOK_SECRET",
    "DATABASE_URL",
    "REDIS_URL",
    "POSTGRES_PASSWORD",
)
# Each app's port and the paths it really serves (bot/web/health.py; Rasa's
# `GET /`; rasa_sdk's `GET /health`).
PROBE_TARGETS: Dict[str, Tuple[int, Set[str]]] = {
    "rasa": (5005, {"/"}),
    "actions": (5055, {"/health"}),
    "web": (8080, {"/healthz", "/readyz"}),
}
# Who may open a connection to each component; None: anyone.
ALLOWED_SOURCES: Dict[str, Optional[Set[str]]] = {
    "web": None,
    "rasa": {"web"},
    "actions": {"rasa"},
    "postgres": set(ROLES),
    "redis": set(ROLES),
}
VAR_DIR = "/var/lib/essex"

Doc = Dict[str, Any]
Docs = List[Doc]


# ---- tools and rendering ------------------------------------------------------


def unavailable(reason: str) -> NoReturn:
    """Skip, or under CI (which must run every test) fail."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


def find_tool(name: str) -> Optional[str]:
    """A command installed beside this Python (its venv) first, else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


@cache
def render_text(overlay: str) -> str:
    kubectl = find_tool("kubectl")
    if kubectl is None:
        unavailable("kubectl is not installed (it renders the Kustomize overlays)")
    result = subprocess.run(
        [str(kubectl), "kustomize", str(K8S / overlay)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"kubectl kustomize {overlay} failed:\n{result.stderr}"
    return result.stdout


def render(overlay: str) -> Docs:
    """The overlay's objects, parsed afresh (callers may change them)."""
    return [doc for doc in yaml.safe_load_all(render_text(overlay)) if doc]


# ---- reading the objects -------------------------------------------------------


def labels(doc: Doc) -> Dict[str, str]:
    return doc.get("metadata", {}).get("labels") or {}


def component(doc: Doc) -> Optional[str]:
    return labels(doc).get(COMPONENT_LABEL)


def name(doc: Doc) -> str:
    return f"{doc.get('kind')}/{doc.get('metadata', {}).get('name')}"


def workloads(docs: Docs) -> Docs:
    return [doc for doc in docs if doc.get("kind") in WORKLOAD_KINDS]


def workload(docs: Docs, wanted: str) -> Optional[Doc]:
    """The one workload of a component (rasa, actions, web, migrate...)."""
    found = [doc for doc in workloads(docs) if component(doc) == wanted]
    return found[0] if len(found) == 1 else None


def pod_spec(doc: Doc) -> Doc:
    return doc["spec"]["template"]["spec"]


def pod_labels(doc: Doc) -> Dict[str, str]:
    return doc["spec"]["template"].get("metadata", {}).get("labels") or {}


def containers(doc: Doc) -> Docs:
    spec = pod_spec(doc)
    return list(spec.get("initContainers") or []) + list(spec.get("containers") or [])


def env_value(docs: Docs, container: Doc, key: str) -> Optional[str]:
    """A literal setting of a container: its own env first, else a ConfigMap it loads."""
    for entry in container.get("env") or []:
        if entry.get("name") == key and "value" in entry:
            return str(entry["value"])
    config_maps = {doc["metadata"]["name"]: doc for doc in docs if doc.get("kind") == "ConfigMap"}
    for source in container.get("envFrom") or []:
        reference = source.get("configMapRef") or {}
        data = config_maps.get(reference.get("name"), {}).get("data") or {}
        if key in data:
            return str(data[key])
    return None


def resolve_port(container: Doc, port: Any) -> Optional[int]:
    if isinstance(port, int):
        return port
    for declared in container.get("ports") or []:
        if declared.get("name") == port:
            return int(declared["containerPort"])
    return None


def selector_matches(selector: Doc, pod: Dict[str, str]) -> bool:
    """A label selector (matchLabels and the In/NotIn/Exists operators) against a pod's labels."""
    for key, value in (selector.get("matchLabels") or {}).items():
        if pod.get(key) != value:
            return False
    for expression in selector.get("matchExpressions") or []:
        key, operator, values = expression["key"], expression["operator"], expression.get("values") or []
        if operator == "In" and pod.get(key) not in values:
            return False
        if operator == "NotIn" and pod.get(key) in values:
            return False
        if operator == "Exists" and key not in pod:
            return False
        if operator == "DoesNotExist" and key in pod:
            return False
    return True


def pods_by_component(docs: Docs) -> Dict[str, Dict[str, str]]:
    return {component(doc) or name(doc): pod_labels(doc) for doc in workloads(docs)}


# ---- the checks: each returns the problems it found ------------------------------


def check_probes(docs: Docs) -> List[str]:
    """Liveness and readiness on every container of rasa, actions and web, on
    paths and ports each really serves; Rasa with a generous start-up probe."""
    problems: List[str] = []
    for app in APPS:
        doc = workload(docs, app)
        if doc is None:
            problems.append(f"no single workload for {app}")
            continue
        port, paths = PROBE_TARGETS[app]
        for container in pod_spec(doc).get("containers") or []:
            for kind in ("livenessProbe", "readinessProbe", "startupProbe"):
                probe = container.get(kind)
                if probe is None:
                    if kind != "startupProbe":
                        problems.append(f"{app}/{container['name']}: no {kind}")
                    continue
                if "httpGet" in probe:
                    target = probe["httpGet"]
                    if target.get("path") not in paths:
                        problems.append(f"{app}: {kind} on {target.get('path')}, not one of {sorted(paths)}")
                elif "tcpSocket" in probe:
                    target = probe["tcpSocket"]
                else:
                    problems.append(f"{app}: {kind} is neither httpGet nor tcpSocket")
                    continue
                if resolve_port(container, target.get("port")) != port:
                    problems.append(f"{app}: {kind} on port {target.get('port')}, not {port}")
        if app == "rasa":
            startup = (pod_spec(doc).get("containers") or [{}])[0].get("startupProbe") or {}
            budget = startup.get("periodSeconds", 10) * startup.get("failureThreshold", 3)
            if budget < 60:
                problems.append(f"rasa: start-up probe allows {budget} s to load the model, under 60 s")
    return problems


# Pods as the manifests label them, to read which ones a policy's `from` admits.
ROLE_PODS: Dict[str, Dict[str, str]] = {
    comp: {NAME_LABEL: "essex-assistant", COMPONENT_LABEL: comp}
    for comp in (*ROLES, "postgres", "redis", "telegram")
}


def rule_sources(rule: Doc) -> Optional[Set[str]]:
    """The components a NetworkPolicy ingress rule admits; None: anyone."""
    peers = rule.get("from") or []
    if not peers:
        return None
    admitted: Set[str] = set()
    for peer in peers:
        selector = peer.get("podSelector")
        if "ipBlock" in peer or "namespaceSelector" in peer or not selector:
            return None
        matches = {comp for comp, pod in ROLE_PODS.items() if selector_matches(selector, pod)}
        if not matches:
            matches = {f"unknown pods {selector}"}
        admitted |= matches
    return admitted


def check_network_policies(docs: Docs) -> List[str]:
    """Ingress denied by default; web open on 8080; rasa only from web,
    actions only from rasa, the data stores only from the app's pods."""
    problems: List[str] = []
    policies = [doc for doc in docs if doc.get("kind") == "NetworkPolicy"]
    if not any(
        not (policy["spec"].get("podSelector") or {})
        and "Ingress" in (policy["spec"].get("policyTypes") or [])
        and not policy["spec"].get("ingress")
        for policy in policies
    ):
        problems.append("no default-deny ingress policy for the namespace's pods")
    pods = pods_by_component(docs)
    covered: Set[str] = set()
    for policy in policies:
        selector = policy["spec"].get("podSelector") or {}
        if not selector:
            if policy["spec"].get("ingress"):
                problems.append(f"{name(policy)} admits traffic to every pod")
            continue
        for comp, pod in pods.items():
            if not selector_matches(selector, pod):
                continue
            covered.add(comp)
            allowed = ALLOWED_SOURCES.get(comp, set())
            for rule in policy["spec"].get("ingress") or []:
                sources = rule_sources(rule)
                if sources is None and allowed is not None:
                    problems.append(f"{name(policy)} lets anyone reach {comp}")
                elif sources is not None and allowed is not None and not sources <= allowed:
                    problems.append(f"{name(policy)} lets {sorted(sources - allowed)} reach {comp}")
                ports = {port.get("port") for port in rule.get("ports") or []}
                expected = PROBE_TARGETS.get(comp, (None, set()))[0]
                if expected is not None and ports != {expected}:
                    problems.append(
                        f"{name(policy)} opens {sorted(map(str, ports))} on {comp}, not {expected}"
                    )
    for app in APPS:
        if app not in covered:
            problems.append(f"no NetworkPolicy admits traffic to {app}")
    return problems


def effective(doc: Doc, container: Doc, key: str) -> Any:
    """A security setting as Kubernetes applies it: the container's, else the pod's."""
    own = (container.get("securityContext") or {}).get(key)
    return own if own is not None else (pod_spec(doc).get("securityContext") or {}).get(key)


def check_pod_security(docs: Docs) -> List[str]:
    """Every container of every workload: non-root (the app as uid 10001),
    read-only root, no privilege escalation, every capability dropped,
    RuntimeDefault seccomp; the app's /tmp and VAR_DIR writable."""
    problems: List[str] = []
    for doc in workloads(docs):
        spec = pod_spec(doc)
        mounts_from = {volume["name"]: volume for volume in spec.get("volumes") or []}
        claims = {claim["metadata"]["name"] for claim in doc["spec"].get("volumeClaimTemplates") or []}
        for container in containers(doc):
            where = f"{name(doc)}/{container['name']}"
            if effective(doc, container, "runAsNonRoot") is not True:
                problems.append(f"{where}: runAsNonRoot is not true")
            uid = effective(doc, container, "runAsUser")
            if not uid:
                problems.append(f"{where}: runAsUser is {uid!r}")
            if component(doc) in ROLES and uid != APP_UID:
                problems.append(f"{where}: runs as uid {uid}, not {APP_UID}")
            own = container.get("securityContext") or {}
            if own.get("readOnlyRootFilesystem") is not True:
                problems.append(f"{where}: root filesystem is writable")
            if own.get("allowPrivilegeEscalation") is not False:
                problems.append(f"{where}: privilege escalation is not off")
            if "ALL" not in ((own.get("capabilities") or {}).get("drop") or []):
                problems.append(f"{where}: capabilities are not all dropped")
            if (effective(doc, container, "seccompProfile") or {}).get("type") != "RuntimeDefault":
                problems.append(f"{where}: seccomp profile is not RuntimeDefault")
            if component(doc) not in ROLES:
                continue
            mounted = {mount["mountPath"]: mount for mount in container.get("volumeMounts") or []}
            for path in ("/tmp", VAR_DIR):
                mount = mounted.get(path)
                if mount is None or mount.get("readOnly"):
                    problems.append(f"{where}: nothing writable mounted on {path}")
                elif mount["name"] not in mounts_from and mount["name"] not in claims:
                    problems.append(f"{where}: {path} mounts an undeclared volume {mount['name']}")
    return problems


def check_disruption_budgets(docs: Docs) -> List[str]:
    """A PodDisruptionBudget keeping at least one pod of rasa, actions and web."""
    problems: List[str] = []
    budgets = [doc for doc in docs if doc.get("kind") == "PodDisruptionBudget"]
    for app in APPS:
        doc = workload(docs, app)
        matching = [
            budget
            for budget in budgets
            if doc is not None and selector_matches(budget["spec"].get("selector") or {}, pod_labels(doc))
        ]
        if not any(int(budget["spec"].get("minAvailable", 0)) >= 1 for budget in matching):
            problems.append(f"no PodDisruptionBudget with minAvailable >= 1 for {app}")
    return problems


def autoscalers(docs: Docs) -> Dict[str, Doc]:
    """Each HorizontalPodAutoscaler by the component of the workload it scales."""
    found: Dict[str, Doc] = {}
    for hpa in docs:
        if hpa.get("kind") != "HorizontalPodAutoscaler":
            continue
        target = hpa["spec"]["scaleTargetRef"]
        for doc in workloads(docs):
            if doc["kind"] == target.get("kind") and doc["metadata"]["name"] == target.get("name"):
                found[component(doc) or name(doc)] = hpa
    return found


def check_autoscalers(docs: Docs) -> List[str]:
    """autoscaling/v2 on CPU (70-80%) for rasa and web."""
    problems: List[str] = []
    found = autoscalers(docs)
    for app in ("rasa", "web"):
        hpa = found.get(app)
        if hpa is None:
            problems.append(f"no HorizontalPodAutoscaler for {app}")
            continue
        if hpa["apiVersion"] != "autoscaling/v2":
            problems.append(f"{name(hpa)} is {hpa['apiVersion']}")
        targets = [
            metric["resource"]["target"].get("averageUtilization")
            for metric in hpa["spec"].get("metrics") or []
            if metric.get("type") == "Resource" and metric["resource"]["name"] == "cpu"
        ]
        if not targets or not all(70 <= (target or 0) <= 80 for target in targets):
            problems.append(f"{name(hpa)} does not target 70-80% CPU: {targets}")
        if hpa["spec"].get("minReplicas", 1) > hpa["spec"]["maxReplicas"]:
            problems.append(f"{name(hpa)}: minReplicas above maxReplicas")
    return problems


def check_production_replicas(docs: Docs) -> List[str]:
    """At least two replicas of rasa, actions and web, and autoscalers that never go below two."""
    problems: List[str] = []
    for app in APPS:
        doc = workload(docs, app)
        if doc is None or int(doc["spec"].get("replicas", 1)) < 2:
            problems.append(f"{app}: fewer than 2 replicas")
    for app, hpa in autoscalers(docs).items():
        if int(hpa["spec"].get("minReplicas", 1)) < 2:
            problems.append(f"{app}: autoscaler may go below 2 replicas")
    return problems


def check_no_secret_values(docs: Docs) -> List[str]:
    """No Secret with data, no secret setting as a literal value (in env or a
    ConfigMap), and every secret setting read from the Secret."""
    problems: List[str] = []
    for doc in docs:
        if doc.get("kind") == "Secret" and (doc.get("data") or doc.get("stringData")):
            problems.append(f"{name(doc)} carries values")
        if doc.get("kind") == "ConfigMap":
            for key in set(doc.get("data") or {}) & set(SECRET_NAMES):
                problems.append(f"{name(doc)} holds {key}")
    for doc in workloads(docs):
        for container in containers(doc):
            for entry in container.get("env") or []:
                if entry.get("name") not in SECRET_NAMES:
                    continue
                if "value" in entry:
                    problems.append(f"{name(doc)}: {entry['name']} has a literal value")
                elif "secretKeyRef" not in (entry.get("valueFrom") or {}):
                    problems.append(f"{name(doc)}: {entry['name']} is not read from a Secret")
    return problems


def check_migration_job(docs: Docs) -> List[str]:
    """A Job runs the `migrate` role with the database's URL from the Secret."""
    jobs = [doc for doc in docs if doc.get("kind") == "Job" and component(doc) == "migrate"]
    if len(jobs) != 1:
        return [f"{len(jobs)} migration Jobs"]
    container = pod_spec(jobs[0])["containers"][0]
    problems: List[str] = []
    if container.get("args") != ["migrate"]:
        problems.append(f"the migration Job runs {container.get('args')}, not the migrate role")
    if not any(
        entry.get("name") == "DATABASE_URL" and "secretKeyRef" in (entry.get("valueFrom") or {})
        for entry in container.get("env") or []
    ):
        problems.append("the migration Job has no DATABASE_URL from the Secret")
    return problems


def check_outbox_persistent(docs: Docs) -> List[str]:
    """The web process's OUTBOX_DIR lies on a volume that outlives the pod (a
    PersistentVolumeClaim or a StatefulSet's claim template), never emptyDir."""
    doc = workload(docs, "web")
    if doc is None:
        return ["no single workload for web"]
    problems: List[str] = []
    volumes = {volume["name"]: volume for volume in pod_spec(doc).get("volumes") or []}
    claims = {claim["metadata"]["name"] for claim in doc["spec"].get("volumeClaimTemplates") or []}
    for container in pod_spec(doc)["containers"]:
        outbox = env_value(docs, container, "OUTBOX_DIR") or f"{env_value(docs, container, 'VAR_DIR')}/outbox"
        covering = [
            mount
            for mount in container.get("volumeMounts") or []
            if (outbox + "/").startswith(mount["mountPath"].rstrip("/") + "/")
        ]
        if not covering:
            problems.append(f"web: no volume holds the outbox {outbox}")
            continue
        mount = max(covering, key=lambda found: len(found["mountPath"]))
        if mount.get("readOnly"):
            problems.append(f"web: the outbox {outbox} is read-only")
        volume = volumes.get(mount["name"])
        if mount["name"] in claims and volume is None:
            continue
        if volume is None or "persistentVolumeClaim" not in volume:
            kind = "undeclared" if volume is None else next(iter(set(volume) - {"name"}), "?")
            problems.append(f"web: the outbox {outbox} is on a {kind} volume, not a persistent one")
    return problems


def check_one_image(docs: Docs) -> List[str]:
    """Every role runs the same image, started with its own role."""
    problems: List[str] = []
    images: Dict[str, str] = {}
    for role in ROLES:
        doc = workload(docs, role)
        if doc is None:
            problems.append(f"no single workload for {role}")
            continue
        for container in pod_spec(doc)["containers"]:
            images[f"{role}/{container['name']}"] = container.get("image", "")
            if container.get("args") != [role]:
                problems.append(f"{role}: started with {container.get('args')}, not [{role!r}]")
    if len(set(images.values())) != 1:
        problems.append(f"different images for the roles: {images}")
    return problems


def check_labels(docs: Docs) -> List[str]:
    """The common labels on every object, and on every pod."""
    problems: List[str] = []
    for doc in docs:
        for key in (NAME_LABEL, COMPONENT_LABEL):
            if not labels(doc).get(key):
                problems.append(f"{name(doc)}: no {key} label")
    for doc in workloads(docs):
        if not pod_labels(doc).get(NAME_LABEL) or not pod_labels(doc).get(COMPONENT_LABEL):
            problems.append(f"{name(doc)}: pods without the common labels")
    return problems


def check_service_links_off(docs: Docs) -> List[str]:
    """Service links off in every pod: the Services `rasa`, `actions` and `web`
    would otherwise set RASA_PORT, ACTIONS_PORT and WEB_PORT to tcp://... URLs,
    names the project reads as port numbers."""
    return [
        f"{name(doc)}: service links on"
        for doc in workloads(docs)
        if pod_spec(doc).get("enableServiceLinks") is not False
    ]


def check_listen_addresses(docs: Docs) -> List[str]:
    """Inside a pod each server listens on every interface and finds the others by Service name."""
    wanted = {
        "rasa": {"RASA_INTERFACE": "0.0.0.0", "ACTION_ENDPOINT_URL": "http://actions:5055/webhook"},
        "actions": {"SANIC_HOST": "0.0.0.0", "ACTIONS_PORT": "5055"},
        "web": {"WEB_HOST": "0.0.0.0", "RASA_URL": "http://rasa:5005", "TELEGRAM_MODE": "webhook"},
    }
    problems: List[str] = []
    for app, settings in wanted.items():
        doc = workload(docs, app)
        if doc is None:
            problems.append(f"no single workload for {app}")
            continue
        container = pod_spec(doc)["containers"][0]
        for key, value in {**settings, "RASA_TELEMETRY_ENABLED": "false"}.items():
            if env_value(docs, container, key) != value:
                problems.append(f"{app}: {key} is {env_value(docs, container, key)!r}, not {value!r}")
    return problems


CHECKS: Dict[str, Callable[[Docs], List[str]]] = {
    "probes": check_probes,
    "network policies": check_network_policies,
    "pod security": check_pod_security,
    "disruption budgets": check_disruption_budgets,
    "autoscalers": check_autoscalers,
    "no secret values": check_no_secret_values,
    "migration job": check_migration_job,
    "one image": check_one_image,
    "labels": check_labels,
    "service links": check_service_links_off,
    "listen addresses": check_listen_addresses,
}


# ---- the tests -------------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_overlay_validates_strictly(overlay: str, tmp_path: Path) -> None:
    validator = find_tool("kubernetes-validate")
    if validator is None:
        unavailable("kubernetes-validate is not installed (pip install kubernetes-validate)")
    rendered = tmp_path / f"{overlay}.yaml"
    rendered.write_text(render_text(overlay))
    result = subprocess.run(
        [str(validator), "--strict", "--quiet", str(rendered)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"{overlay} is not valid:\n{result.stdout}\n{result.stderr}"


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("check", sorted(CHECKS))
def test_overlay_keeps_its_promises(overlay: str, check: str) -> None:
    problems = CHECKS[check](render(overlay))
    assert problems == [], f"{overlay}, {check}: {problems}"


def test_production_runs_two_of_everything() -> None:
    problems = check_production_replicas(render("production"))
    assert problems == [], problems


def test_production_outbox_outlives_the_pod() -> None:
    problems = check_outbox_persistent(render("production"))
    assert problems == [], problems


def test_the_local_overlay_brings_its_own_data_stores() -> None:
    docs = render("local")
    for store, image in (("postgres", "postgres:16"), ("redis", "redis:7")):
        doc = workload(docs, store)
        assert doc is not None and doc["kind"] == "StatefulSet", f"no {store} StatefulSet"
        assert doc["spec"]["replicas"] == 1
        assert pod_spec(doc)["containers"][0]["image"] == image
        assert any(s.get("kind") == "Service" and component(s) == store for s in docs), f"no {store} Service"
    production = render("production")
    assert workload(production, "postgres") is None and workload(production, "redis") is None


# ---- each check can fail ---------------------------------------------------------


def first_container(docs: Docs, role: str) -> Doc:
    doc = workload(docs, role)
    assert doc is not None
    return pod_spec(doc)["containers"][0]


def drop(kind: str, wanted: str) -> Callable[[Docs], None]:
    """A mutation removing the objects of `kind` for a component."""

    def mutate(docs: Docs) -> None:
        docs[:] = [doc for doc in docs if not (doc.get("kind") == kind and component(doc) == wanted)]

    return mutate


def no_readiness_on_actions(docs: Docs) -> None:
    first_container(docs, "actions").pop("readinessProbe")


def liveness_on_a_made_up_path(docs: Docs) -> None:
    first_container(docs, "web")["livenessProbe"]["httpGet"]["path"] = "/alive"


def rasa_probed_on_the_wrong_port(docs: Docs) -> None:
    first_container(docs, "rasa")["readinessProbe"] = {"tcpSocket": {"port": 5055}}


def rasa_open_to_everyone(docs: Docs) -> None:
    for doc in docs:
        if doc.get("kind") == "NetworkPolicy" and doc["metadata"]["name"] == "rasa-from-web":
            doc["spec"]["ingress"][0].pop("from")


def actions_open_to_web(docs: Docs) -> None:
    for doc in docs:
        if doc.get("kind") == "NetworkPolicy" and doc["metadata"]["name"] == "actions-from-rasa":
            selector = doc["spec"]["ingress"][0]["from"][0]["podSelector"]["matchLabels"]
            selector[COMPONENT_LABEL] = "web"


def no_default_deny(docs: Docs) -> None:
    docs[:] = [doc for doc in docs if doc["metadata"]["name"] != "default-deny-ingress"]


def writable_root_on_web(docs: Docs) -> None:
    first_container(docs, "web")["securityContext"]["readOnlyRootFilesystem"] = False


def capabilities_kept_on_rasa(docs: Docs) -> None:
    first_container(docs, "rasa")["securityContext"].pop("capabilities")


def migrate_as_root(docs: Docs) -> None:
    first_container(docs, "migrate")["securityContext"]["runAsUser"] = 0


def actions_with_one_replica(docs: Docs) -> None:
    doc = workload(docs, "actions")
    assert doc is not None
    doc["spec"]["replicas"] = 1


def web_autoscaled_from_one(docs: Docs) -> None:
    autoscalers(docs)["web"]["spec"]["minReplicas"] = 1


def token_written_in(docs: Docs) -> None:
    first_container(docs, "web")["env"].append({"name": "RASA_AUTH_TOKEN", "value": "not-a-real-token"})


def secret_with_values(docs: Docs) -> None:
    docs.append(
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {"name": "essex-assistant", "labels": {}},
            "stringData": {"DATABASE_URL": "postgresql://example"},
        }
    )


def outbox_on_empty_dir(docs: Docs) -> None:
    doc = workload(docs, "web")
    assert doc is not None
    doc["spec"].pop("volumeClaimTemplates")
    pod_spec(doc)["volumes"].append({"name": "var", "emptyDir": {}})


def rasa_on_another_image(docs: Docs) -> None:
    first_container(docs, "rasa")["image"] = "rasa/rasa:3.6.21"


def service_links_on_web(docs: Docs) -> None:
    doc = workload(docs, "web")
    assert doc is not None
    pod_spec(doc)["enableServiceLinks"] = True


def rasa_on_loopback(docs: Docs) -> None:
    env = first_container(docs, "rasa")["env"]
    env[:] = [entry for entry in env if entry["name"] != "RASA_INTERFACE"]


def unlabelled_service(docs: Docs) -> None:
    for doc in docs:
        if doc.get("kind") == "Service":
            doc["metadata"]["labels"].pop(COMPONENT_LABEL)
            return


BREAKAGES: List[Tuple[str, Callable[[Docs], List[str]], Callable[[Docs], None]]] = [
    ("no readiness probe on actions", check_probes, no_readiness_on_actions),
    ("web liveness on a path it does not serve", check_probes, liveness_on_a_made_up_path),
    ("rasa readiness on the actions port", check_probes, rasa_probed_on_the_wrong_port),
    ("rasa open to everyone", check_network_policies, rasa_open_to_everyone),
    ("actions open to web", check_network_policies, actions_open_to_web),
    ("no default deny", check_network_policies, no_default_deny),
    ("web root filesystem writable", check_pod_security, writable_root_on_web),
    ("rasa keeps its capabilities", check_pod_security, capabilities_kept_on_rasa),
    ("migration as root", check_pod_security, migrate_as_root),
    ("no budget for actions", check_disruption_budgets, drop("PodDisruptionBudget", "actions")),
    ("no autoscaler for rasa", check_autoscalers, drop("HorizontalPodAutoscaler", "rasa")),
    ("one replica of actions", check_production_replicas, actions_with_one_replica),
    ("web autoscaled from one", check_production_replicas, web_autoscaled_from_one),
    ("a token written into a manifest", check_no_secret_values, token_written_in),
    ("a Secret with values", check_no_secret_values, secret_with_values),
    ("no migration Job", check_migration_job, drop("Job", "migrate")),
    ("the outbox on emptyDir", check_outbox_persistent, outbox_on_empty_dir),
    ("rasa on another image", check_one_image, rasa_on_another_image),
    ("a Service without its component label", check_labels, unlabelled_service),
    ("service links on for web", check_service_links_off, service_links_on_web),
    ("rasa on loopback only", check_listen_addresses, rasa_on_loopback),
]


@pytest.mark.parametrize(
    ("check", "breakage"),
    [pytest.param(check, breakage, id=what) for what, check, breakage in BREAKAGES],
)
def test_checks_flag_a_broken_manifest(
    check: Callable[[Docs], List[str]], breakage: Callable[[Docs], None]
) -> None:
    docs = render("production")
    assert check(docs) == [], "the check must pass on the manifest as written"
    broken = copy.deepcopy(docs)
    breakage(broken)
    assert check(broken), f"{check.__name__} did not notice: {breakage.__name__}"


def test_every_check_has_a_breakage() -> None:
    broken = {check for _, check, _ in BREAKAGES}
    every = {*CHECKS.values(), check_production_replicas, check_outbox_persistent}
    assert every <= broken, sorted(check.__name__ for check in every - broken)


# ---- the entrypoint --------------------------------------------------------------

# Migrate and, on a fresh database, seed: the migrate role, and every pod first.
PREPARE = "python -m bot.supervisor prepare"


def run_entrypoint(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """deploy/entrypoint.sh with a stand-in `python` that prints what it was asked to run."""
    stand_in = tmp_path / "bin" / "python"
    stand_in.parent.mkdir(exist_ok=True)
    stand_in.write_text('#!/bin/sh\necho "python $*"\n')
    stand_in.chmod(0o755)
    env = {"PATH": f"{stand_in.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        ["sh", str(ENTRYPOINT), *args], capture_output=True, text=True, env=env, timeout=30, check=False
    )


@pytest.mark.parametrize(
    ("role", "command"),
    [
        ("rasa", PREPARE + "\npython -m bot.rasa.server"),
        ("actions", PREPARE + "\npython -m rasa_sdk --actions actions --port 5055"),
        ("web", PREPARE + "\npython -m bot.web"),
        ("telegram", "python -m bot.telegram"),
        ("migrate", PREPARE),
    ],
)
def test_entrypoint_starts_each_role(tmp_path: Path, role: str, command: str) -> None:
    result = run_entrypoint(tmp_path, role)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == command
    # Every module a role runs exists in the project (or its packages).
    for line in command.splitlines():
        module = line.split()[2]
        assert importlib.util.find_spec(module) is not None, module


@pytest.mark.parametrize("args", [(), ("worker",), ("web", "extra")])
def test_entrypoint_refuses_anything_else(tmp_path: Path, args: Tuple[str, ...]) -> None:
    result = run_entrypoint(tmp_path, *args)
    assert result.returncode == 64
    assert "usage:" in result.stderr and result.stdout == ""
