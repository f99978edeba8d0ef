// Offline checks of what deploy/ defines: the Helm chart rendered with several value sets and
// validated object by object against the Kubernetes schemas (kubernetes-models, the API of
// Kubernetes 1.27, the chart's lowest kubeVersion), the key objects and fields asserted, and the
// compose file, Dockerfiles, health check and image build script checked.
//
//   HELM=/path/to/helm node --test deploy/test/validate.mjs     (deploy/test/check.sh does this)
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const chart = path.join(root, "deploy/helm/pharos");
const large = path.join(root, "deploy/helm/examples/large.yaml");
const HELM = process.env.HELM || "helm";
const NS = "monitoring";
const RELEASE = "pharos";

// ---------------------------------------------------------------------------------------------
// Rendering

function helm(args, { allowFail = false } = {}) {
  const r = spawnSync(HELM, args, { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0 && !allowFail) {
    throw new Error(`helm ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
  }
  return r;
}

function render(valuesArgs) {
  const out = helm(["template", RELEASE, chart, "-n", NS, ...valuesArgs]).stdout;
  return YAML.parseAllDocuments(out)
    .map((d) => {
      if (d.errors.length) throw new Error(`rendered YAML does not parse: ${d.errors[0].message}`);
      return d.toJS();
    })
    .filter((o) => o && typeof o === "object");
}

const SCENARIOS = {
  default: { args: [], bundled: true, discovery: false, storage: 2, partitions: 4 },
  discovery: {
    args: ["--set", "discovery.kubernetes.enabled=true"],
    bundled: true, discovery: true, storage: 2, partitions: 4,
  },
  "external-kafka": {
    args: ["--set", "kafka.bundled.enabled=false", "--set", "kafka.bootstrapServers=kafka-0.kafka:9092\\,kafka-1.kafka:9092"],
    bundled: false, discovery: false, storage: 2, partitions: 4, bootstrap: "kafka-0.kafka:9092,kafka-1.kafka:9092",
  },
  large: {
    args: ["-f", large],
    bundled: false, discovery: true, storage: 6, partitions: 12,
    bootstrap: "kafka-0.kafka.kafka.svc:9092,kafka-1.kafka.kafka.svc:9092,kafka-2.kafka.kafka.svc:9092",
  },
  "large-bundled-kafka-no-discovery": {
    args: ["-f", large, "--set", "kafka.bundled.enabled=true", "--set", "kafka.bootstrapServers=",
      "--set", "kafka.topics.createJob.enabled=false", "--set", "discovery.kubernetes.enabled=false"],
    bundled: true, discovery: false, storage: 6, partitions: 12,
  },
  "secrets-ingress": {
    args: ["--set", "alertmanager.secrets.slackApiUrl=https://hooks.example.com/T000/B000/XXXX",
      "--set", "alertmanager.secrets.pagerdutyRoutingKey=0123456789abcdef",
      "--set-json", 'alertmanager.config.global={"slack_api_url_file":"/etc/alertmanager/secrets/slack-api-url"}',
      "--set", "ingress.enabled=true", "--set", "ingress.query.host=pharos.example.com",
      "--set", "ingress.alertmanager.enabled=true", "--set", "ingress.alertmanager.host=am.example.com",
      "--set", "storage.replicas=1", "--set", "alertmanager.replicas=2"],
    bundled: true, discovery: false, storage: 1, partitions: 4,
  },
};

// Rendered once per scenario; a scenario that fails to render fails its tests, not the file.
const rendered = {};
const renderErrors = {};
for (const [name, s] of Object.entries(SCENARIOS)) {
  try {
    rendered[name] = render(s.args);
  } catch (e) {
    rendered[name] = [];
    renderErrors[name] = e;
  }
}

const find = (objs, kind, name) => objs.find((o) => o.kind === kind && o.metadata?.name === name);
const all = (objs, kind) => objs.filter((o) => o.kind === kind);
const workloads = (objs) => objs.filter((o) => ["Deployment", "StatefulSet", "Job"].includes(o.kind));
const longRunning = (objs) => objs.filter((o) => ["Deployment", "StatefulSet"].includes(o.kind));
const podSpec = (w) => w.spec.template.spec;
const PHAROS = { collector: 9095, storage: 9096, query: 9090, alertmanager: 9093 };
const workloadOf = (objs, component) =>
  longRunning(objs).find((w) => w.metadata.labels["app.kubernetes.io/component"] === component);
const container = (w) => podSpec(w).containers[0];
const arg = (c, name) => {
  const a = (c.args || []).find((x) => x.startsWith(`--${name}=`));
  return a === undefined ? undefined : a.slice(name.length + 3);
};

// ---------------------------------------------------------------------------------------------
// Schema validation: kubernetes-models' generated validators, plus a strict check that no field
// is unknown to the schema (a misspelt field would otherwise be dropped silently by the API
// server). The validator reads every property its schema knows; a Proxy records those reads,
// and any key of an object the validator looked into, but never read, is unknown.

async function modelClass(apiVersion, kind) {
  const groupVersion = apiVersion.includes("/") ? apiVersion : `v1`;
  const mod = await import(`kubernetes-models/${groupVersion}/${kind}`);
  if (!mod[kind]) throw new Error(`kubernetes-models has no ${apiVersion} ${kind}`);
  return mod[kind];
}

function validateStrict(Cls, obj) {
  const seen = new Map();
  const wrap = (value, p) => {
    if (value === null || typeof value !== "object") return value;
    return new Proxy(value, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (typeof prop !== "string") return v;
        if (!seen.has(p)) seen.set(p, new Set());
        seen.get(p).add(prop);
        return wrap(v, `${p}/${prop}`);
      },
    });
  };
  const problems = [];
  try {
    Cls.prototype.validate.call(wrap(obj, ""));
  } catch (e) {
    problems.push(e.message);
  }
  const walk = (value, p) => {
    if (value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${p}/${i}`));
      return;
    }
    const read = seen.get(p);
    for (const [k, v] of Object.entries(value)) {
      if (read && read.size > 0 && !read.has(k)) problems.push(`${p}/${k}: unknown field`);
      walk(v, `${p}/${k}`);
    }
  };
  walk(obj, "");
  return problems;
}

for (const [scenario, objs] of Object.entries(rendered)) {
  test(`${scenario}: renders objects, each with kind, name and labels`, () => {
    if (renderErrors[scenario]) throw renderErrors[scenario];
    assert.ok(objs.length >= 15, `only ${objs.length} objects`);
    for (const o of objs) {
      assert.ok(o.apiVersion && o.kind && o.metadata?.name, JSON.stringify(o).slice(0, 200));
      assert.equal(o.metadata.labels?.["app.kubernetes.io/instance"], RELEASE, `${o.kind}/${o.metadata.name}`);
      assert.ok(o.metadata.name.length <= 63, `${o.metadata.name} is longer than 63`);
    }
    const keys = objs.map((o) => `${o.kind}/${o.metadata.name}`);
    assert.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), [], "duplicate objects");
  });
  for (const o of objs) {
    test(`${scenario}: ${o.kind}/${o.metadata.name} is a valid ${o.apiVersion} ${o.kind}`, async () => {
      const problems = validateStrict(await modelClass(o.apiVersion, o.kind), o);
      assert.deepEqual(problems, []);
    });
  }
}

test("the strict validator catches a misspelt field and a wrong type", async () => {
  const dep = structuredClone(find(rendered.default, "Deployment", "pharos-query"));
  container(dep).readinessprobe = container(dep).readinessProbe;
  podSpec(dep).containers[0].ports[0].containerPort = "9090";
  const problems = validateStrict(await modelClass("apps/v1", "Deployment"), dep);
  assert.ok(problems.some((p) => p.includes("readinessprobe: unknown field")), problems.join("\n"));
  assert.ok(problems.some((p) => p.includes("containerPort")), problems.join("\n"));
});

// ---------------------------------------------------------------------------------------------
// Key objects and fields

for (const [scenario, objs] of Object.entries(rendered)) {
  const s = SCENARIOS[scenario];

  test(`${scenario}: the four services run as designed (kinds, ports, Services)`, () => {
    for (const [component, port] of Object.entries(PHAROS)) {
      const w = workloadOf(objs, component);
      assert.ok(w, `no workload for ${component}`);
      // Storage and alertmanager keep data per pod; collectors need an ordinal each to share out the targets.
      assert.equal(w.kind, component === "query" ? "Deployment" : "StatefulSet", component);
      assert.equal(container(w).ports[0].containerPort, port, component);
      const svc = all(objs, "Service").filter((x) =>
        Object.entries(x.spec.selector).every(([k, v]) => w.spec.template.metadata.labels[k] === v));
      assert.ok(svc.length >= 1, `no Service selects ${component}`);
      for (const x of svc) {
        assert.equal(x.spec.ports[0].port, port);
        assert.ok(podSpec(w).containers.some((c) => c.ports.some((p) => p.name === x.spec.ports[0].targetPort)));
      }
      // selector of the workload matches its pod labels
      for (const [k, v] of Object.entries(w.spec.selector.matchLabels)) {
        assert.equal(w.spec.template.metadata.labels[k], v);
      }
    }
    assert.equal(workloadOf(objs, "storage").spec.replicas, s.storage);
  });

  test(`${scenario}: storage StatefulSet has a PVC template mounted at /data and a headless Service`, () => {
    const sts = workloadOf(objs, "storage");
    const claims = sts.spec.volumeClaimTemplates || [];
    assert.equal(claims.length, 1);
    const claim = claims[0];
    assert.deepEqual(claim.spec.accessModes, ["ReadWriteOnce"]);
    assert.match(String(claim.spec.resources.requests.storage), /^\d+(Gi|Ti|Mi)$/);
    const c = container(sts);
    assert.ok(c.volumeMounts.some((m) => m.name === claim.metadata.name && m.mountPath === "/data" && !m.readOnly));
    assert.equal(arg(c, "storage.path"), "/data");
    const tmp = c.volumeMounts.find((m) => m.mountPath === "/tmp");
    assert.ok(tmp && podSpec(sts).volumes.find((v) => v.name === tmp.name).emptyDir, "/tmp must be an emptyDir");
    const headless = find(objs, "Service", sts.spec.serviceName);
    assert.ok(headless, `serviceName ${sts.spec.serviceName} has no Service`);
    assert.equal(headless.spec.clusterIP, "None");
    assert.ok(sts.spec.persistentVolumeClaimRetentionPolicy);
  });

  test(`${scenario}: query's storage-urls has one URL per storage pod`, () => {
    const sts = workloadOf(objs, "storage");
    const urls = arg(container(workloadOf(objs, "query")), "pharos.query.storage-urls").split(",");
    assert.equal(urls.length, s.storage);
    assert.equal(urls.length, sts.spec.replicas);
    urls.forEach((u, i) => {
      assert.equal(u, `http://${sts.metadata.name}-${i}.${sts.spec.serviceName}.${NS}.svc.cluster.local:9096`);
    });
    assert.equal(new Set(urls).size, urls.length);
  });

  test(`${scenario}: RBAC for Kubernetes discovery exists only when discovery is on`, () => {
    const roles = all(objs, "ClusterRole");
    const bindings = all(objs, "ClusterRoleBinding");
    const collector = workloadOf(objs, "collector");
    if (!s.discovery) {
      assert.equal(roles.length, 0);
      assert.equal(bindings.length, 0);
      assert.equal(all(objs, "Role").length + all(objs, "RoleBinding").length, 0);
      assert.equal(podSpec(collector).automountServiceAccountToken, false);
      return;
    }
    assert.equal(roles.length, 1);
    assert.equal(bindings.length, 1);
    const granted = {};
    for (const r of roles[0].rules) {
      assert.deepEqual([...r.verbs].sort(), ["get", "list", "watch"]);
      for (const res of r.resources) granted[res] = r.apiGroups;
    }
    for (const res of ["nodes", "pods", "services", "endpoints"]) assert.deepEqual(granted[res], [""], res);
    assert.deepEqual(granted.endpointslices, ["discovery.k8s.io"]);
    assert.equal(bindings[0].roleRef.name, roles[0].metadata.name);
    const subject = bindings[0].subjects[0];
    assert.equal(subject.kind, "ServiceAccount");
    assert.equal(subject.namespace, NS);
    assert.equal(subject.name, podSpec(collector).serviceAccountName);
    assert.ok(find(objs, "ServiceAccount", subject.name));
    assert.equal(podSpec(collector).automountServiceAccountToken, true);
    const prom = YAML.parse(find(objs, "ConfigMap", "pharos-prometheus").data["prometheus.yml"]);
    assert.ok(prom.scrape_configs.some((j) => j.kubernetes_sd_configs), "no kubernetes_sd job");
  });

  test(`${scenario}: only the collector gets an API token`, () => {
    for (const w of workloads(objs)) {
      if (w.metadata.labels["app.kubernetes.io/component"] === "collector") continue;
      assert.equal(podSpec(w).automountServiceAccountToken, false, w.metadata.name);
    }
  });

  test(`${scenario}: every container has liveness and readiness probes`, () => {
    for (const w of longRunning(objs)) {
      for (const c of podSpec(w).containers) {
        assert.ok(c.livenessProbe, `${w.metadata.name}/${c.name} has no livenessProbe`);
        assert.ok(c.readinessProbe, `${w.metadata.name}/${c.name} has no readinessProbe`);
        for (const p of [c.livenessProbe, c.readinessProbe, c.startupProbe].filter(Boolean)) {
          const port = (p.httpGet || p.tcpSocket).port;
          assert.ok(c.ports.some((x) => x.name === port || x.containerPort === port), `probe port ${port}`);
        }
      }
    }
    for (const component of Object.keys(PHAROS)) {
      const c = container(workloadOf(objs, component));
      assert.equal(c.livenessProbe.httpGet.path, "/-/healthy", component);
      assert.equal(c.readinessProbe.httpGet.path, "/-/ready", component);
      assert.equal(c.startupProbe.httpGet.path, "/-/healthy", component);
    }
  });

  test(`${scenario}: pods run as non-root with a restricted securityContext`, () => {
    for (const w of workloads(objs)) {
      const ps = podSpec(w);
      assert.equal(ps.securityContext.runAsNonRoot, true, w.metadata.name);
      assert.ok(ps.securityContext.runAsUser > 0, w.metadata.name);
      assert.equal(ps.securityContext.seccompProfile?.type, "RuntimeDefault", w.metadata.name);
      assert.equal(ps.enableServiceLinks, false, w.metadata.name);
      for (const c of ps.containers) {
        assert.equal(c.securityContext.allowPrivilegeEscalation, false, c.name);
        assert.deepEqual(c.securityContext.capabilities.drop, ["ALL"], c.name);
        assert.ok(!c.securityContext.privileged, c.name);
      }
    }
    for (const component of Object.keys(PHAROS)) {
      const w = workloadOf(objs, component);
      assert.equal(podSpec(w).securityContext.runAsUser, 10001);
      assert.equal(container(w).securityContext.readOnlyRootFilesystem, true, component);
      assert.ok(container(w).volumeMounts.some((m) => m.mountPath === "/tmp"), `${component} has no /tmp`);
    }
  });

  test(`${scenario}: resources and PodDisruptionBudgets`, () => {
    for (const w of longRunning(objs)) {
      for (const c of podSpec(w).containers) {
        assert.ok(c.resources?.requests?.cpu && c.resources?.requests?.memory, `${c.name} requests`);
        assert.ok(c.resources?.limits?.memory, `${c.name} memory limit`);
      }
    }
    for (const component of Object.keys(PHAROS)) {
      const w = workloadOf(objs, component);
      const pdbs = all(objs, "PodDisruptionBudget").filter((p) =>
        Object.entries(p.spec.selector.matchLabels).every(([k, v]) => w.spec.template.metadata.labels[k] === v));
      assert.equal(pdbs.length, 1, `PDBs of ${component}`);
      assert.ok(pdbs[0].spec.maxUnavailable !== undefined || pdbs[0].spec.minAvailable !== undefined);
    }
  });

  test(`${scenario}: Kafka is ${s.bundled ? "bundled (KRaft StatefulSet with a PVC)" : "external"}`, () => {
    const kafka = longRunning(objs).find((w) => w.metadata.labels["app.kubernetes.io/component"] === "kafka");
    let bootstrap = s.bootstrap;
    if (s.bundled) {
      assert.ok(kafka, "no Kafka StatefulSet");
      assert.equal(kafka.kind, "StatefulSet");
      assert.equal(kafka.spec.replicas, 1);
      const c = container(kafka);
      assert.match(c.image, /^apache\/kafka:/);
      const env = Object.fromEntries(c.env.map((e) => [e.name, e.value]));
      assert.equal(env.KAFKA_PROCESS_ROLES, "broker,controller");
      assert.match(env.CLUSTER_ID, /^[A-Za-z0-9_-]{22}$/);
      assert.equal(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE, "false");
      assert.equal(kafka.spec.volumeClaimTemplates.length, 1);
      assert.ok(c.volumeMounts.some((m) => m.mountPath === "/var/lib/kafka/data"));
      assert.ok(env.KAFKA_LOG_DIRS.startsWith("/var/lib/kafka/data/"));
      const svc = find(objs, "Service", kafka.spec.serviceName);
      assert.equal(svc.spec.clusterIP, "None");
      bootstrap = env.KAFKA_ADVERTISED_LISTENERS.replace(/^PLAINTEXT:\/\//, "");
      assert.equal(bootstrap, `${kafka.metadata.name}-0.${svc.metadata.name}.${NS}.svc.cluster.local:9092`);
      assert.equal(all(objs, "Job").length, 0, "no topic Job with the bundled Kafka");
    } else {
      assert.equal(kafka, undefined);
    }
    for (const component of ["collector", "storage", "query"]) {
      assert.equal(arg(container(workloadOf(objs, component)), "spring.kafka.bootstrap-servers"), bootstrap, component);
    }
    assert.equal(arg(container(workloadOf(objs, "alertmanager")), "spring.kafka.bootstrap-servers"), undefined);
    assert.equal(arg(container(workloadOf(objs, "collector")), "pharos.kafka.samples-partitions"), String(s.partitions));
    assert.equal(arg(container(workloadOf(objs, "storage")), "pharos.storage.group-id"), "pharos-storage");
  });

  test(`${scenario}: config files render, parse and are mounted where the services read them`, () => {
    const promCm = find(objs, "ConfigMap", "pharos-prometheus");
    const prom = YAML.parse(promCm.data["prometheus.yml"]);
    const jobs = prom.scrape_configs.map((j) => j.job_name);
    assert.equal(new Set(jobs).size, jobs.length, "duplicate job names");
    for (const j of ["pharos-collector", "pharos-storage", "pharos-query", "pharos-alertmanager"]) assert.ok(jobs.includes(j), j);
    const storageJob = prom.scrape_configs.find((j) => j.job_name === "pharos-storage");
    assert.equal(storageJob.static_configs[0].targets.length, s.storage);
    assert.ok(prom.alerting.alertmanagers.length >= 1);
    const rules = find(objs, "ConfigMap", "pharos-rules");
    const ruleFiles = Object.keys(rules.data || {});
    assert.ok(ruleFiles.length >= 1);
    for (const f of ruleFiles) assert.ok(Array.isArray(YAML.parse(rules.data[f]).groups), f);
    assert.deepEqual(prom.rule_files, ["rules/*.yml"]);

    const collector = workloadOf(objs, "collector");
    assert.equal(arg(container(collector), "config.file"), "/etc/pharos/prometheus.yml");
    assert.ok(container(collector).volumeMounts.some((m) => m.mountPath === "/etc/pharos"));
    assert.equal(podSpec(collector).volumes.find((v) => v.name === "config").configMap.name, promCm.metadata.name);

    const query = workloadOf(objs, "query");
    assert.equal(arg(container(query), "config.file"), "/etc/pharos/prometheus.yml");
    const sources = podSpec(query).volumes.find((v) => v.name === "config").projected.sources;
    const projected = sources.flatMap((x) => x.configMap.items.map((it) => ({ cm: x.configMap.name, ...it })));
    assert.ok(projected.some((p) => p.cm === promCm.metadata.name && p.path === "prometheus.yml"));
    for (const f of ruleFiles) {
      assert.ok(projected.some((p) => p.cm === rules.metadata.name && p.key === f && p.path === `rules/${f}`), f);
    }

    const amCm = find(objs, "ConfigMap", "pharos-alertmanager");
    const am = YAML.parse(amCm.data["alertmanager.yml"]);
    assert.ok(am.route?.receiver && Array.isArray(am.receivers));
    const amw = workloadOf(objs, "alertmanager");
    assert.equal(arg(container(amw), "alertmanager.config.file"), "/etc/alertmanager/alertmanager.yml");
    const m = container(amw).volumeMounts.find((x) => x.mountPath === "/etc/alertmanager/alertmanager.yml");
    assert.equal(m.subPath, "alertmanager.yml");
    assert.equal(podSpec(amw).volumes.find((v) => v.name === m.name).configMap.name, amCm.metadata.name);
  });

  test(`${scenario}: pods that read a config carry its checksum annotation`, () => {
    const ann = (c) => workloadOf(objs, c).spec.template.metadata.annotations || {};
    assert.match(ann("collector")["checksum/prometheus-config"], /^[0-9a-f]{64}$/);
    assert.match(ann("query")["checksum/prometheus-config"], /^[0-9a-f]{64}$/);
    assert.match(ann("query")["checksum/rules"], /^[0-9a-f]{64}$/);
    assert.match(ann("alertmanager")["checksum/alertmanager-config"], /^[0-9a-f]{64}$/);
    assert.match(ann("alertmanager")["checksum/alertmanager-secrets"], /^[0-9a-f]{64}$/);
    // The checksum is that of the file the ConfigMap holds.
    const sha = (x) => createHash("sha256").update(x).digest("hex");
    const promFile = find(objs, "ConfigMap", "pharos-prometheus").data["prometheus.yml"];
    assert.equal(ann("collector")["checksum/prometheus-config"], sha(promFile.replace(/\n$/, "")));
  });
}

test("secrets-ingress: credentials are a Secret mounted for the *_file settings", () => {
  const objs = rendered["secrets-ingress"];
  const secret = find(objs, "Secret", "pharos-alertmanager");
  assert.ok(secret);
  assert.equal(Buffer.from(secret.data["slack-api-url"], "base64").toString(), "https://hooks.example.com/T000/B000/XXXX");
  assert.equal(Buffer.from(secret.data["pagerduty-routing-key"], "base64").toString(), "0123456789abcdef");
  const amw = workloadOf(objs, "alertmanager");
  const mount = container(amw).volumeMounts.find((m) => m.mountPath === "/etc/alertmanager/secrets");
  assert.ok(mount?.readOnly);
  assert.equal(podSpec(amw).volumes.find((v) => v.name === mount.name).secret.secretName, secret.metadata.name);
  const am = YAML.parse(find(objs, "ConfigMap", "pharos-alertmanager").data["alertmanager.yml"]);
  assert.equal(am.global.slack_api_url_file, `${mount.mountPath}/slack-api-url`);
  // no credentials in the ConfigMaps or in arguments
  const text = JSON.stringify(objs.filter((o) => o.kind !== "Secret"));
  assert.ok(!text.includes("0123456789abcdef") && !text.includes("hooks.example.com"));
  assert.equal(all(rendered.default, "Secret").length, 0, "no Secret without credentials");
  // two alertmanagers: alerts go to every replica
  const prom = YAML.parse(find(objs, "ConfigMap", "pharos-prometheus").data["prometheus.yml"]);
  assert.ok(prom.alerting.alertmanagers[0].dns_sd_configs[0].names[0].startsWith("pharos-alertmanager-headless."));
});

test("secrets-ingress and large: the Ingress routes to the query and alertmanager Services", () => {
  for (const scenario of ["secrets-ingress", "large"]) {
    const objs = rendered[scenario];
    const ing = all(objs, "Ingress");
    assert.equal(ing.length, 1, scenario);
    const backends = ing[0].spec.rules.map((r) => r.http.paths[0].backend.service);
    assert.deepEqual(backends.map((b) => b.name), ["pharos-query", "pharos-alertmanager"]);
    for (const b of backends) {
      const svc = find(objs, "Service", b.name);
      assert.ok(svc.spec.ports.some((p) => p.name === b.port.name));
    }
    const host = ing[0].spec.rules[0].host;
    const ext = arg(container(workloadOf(objs, "query")), "pharos.query.external-url");
    assert.equal(ext, `${scenario === "large" ? "https" : "http"}://${host}`);
  }
  assert.equal(all(rendered.default, "Ingress").length, 0);
});

test("large: 3 collectors, 6 storage pods, external Kafka with a topic hook Job", () => {
  const objs = rendered.large;
  assert.equal(workloadOf(objs, "collector").spec.replicas, 3);
  // Silences and the notification log live on the alertmanager pod's own volume.
  const amSet = workloadOf(objs, "alertmanager");
  assert.equal(amSet.spec.volumeClaimTemplates[0].metadata.name, "data");
  assert.equal(arg(container(amSet), "pharos.alertmanager.storage-path"), "/data");
  assert.ok(container(amSet).volumeMounts.some((m) => m.name === "data" && m.mountPath === "/data"));
  // Each collector replica scrapes its own share of the targets.
  assert.equal(workloadOf(objs, "collector").kind, "StatefulSet");
  assert.equal(arg(container(workloadOf(objs, "collector")), "pharos.collector.shards"), "3");
  assert.equal(arg(container(workloadOf(objs, "collector")), "pharos.collector.shard"), "ordinal");
  assert.equal(workloadOf(objs, "storage").spec.replicas, 6);
  const job = all(objs, "Job")[0];
  assert.ok(job, "no topic Job");
  assert.equal(job.metadata.annotations["helm.sh/hook"], "pre-install,pre-upgrade");
  const script = job.spec.template.spec.containers[0].args[0];
  assert.match(script, /--topic pharos\.samples --partitions 12\s*\\\s*--replication-factor 3/);
  assert.match(script, /--topic pharos\.targets[\s\S]*cleanup\.policy=compact/);
  assert.ok(job.spec.template.spec.containers[0].env.some((e) => e.name === "BOOTSTRAP" && e.value === SCENARIOS.large.bootstrap));
  const am = workloadOf(objs, "alertmanager");
  assert.equal(podSpec(am).volumes.find((v) => v.secret).secret.secretName, "pharos-alertmanager-credentials");
  assert.ok(all(objs, "Secret").length === 0, "existingSecret: the chart creates none");
});

test("another release and namespace, no rules, no self-scrape, no ServiceAccount: names follow, objects stay valid", async () => {
  const out = helm(["template", "mon", chart, "-n", "obs", "--set", "rules.pharos-self\\.yml=null",
    "--set", "prometheus.selfScrape=false", "--set", "serviceAccount.create=false",
    "--set", "discovery.kubernetes.enabled=true"]).stdout;
  const objs = YAML.parseAllDocuments(out).map((d) => d.toJS()).filter(Boolean);
  for (const o of objs) {
    assert.ok(o.metadata.name.startsWith("mon-pharos"), o.metadata.name);
    if (o.metadata.namespace) assert.equal(o.metadata.namespace, "obs");
    assert.deepEqual(validateStrict(await modelClass(o.apiVersion, o.kind), o), [], `${o.kind}/${o.metadata.name}`);
  }
  const sts = workloadOf(objs, "storage");
  const urls = arg(container(workloadOf(objs, "query")), "pharos.query.storage-urls").split(",");
  assert.deepEqual(urls, [0, 1].map((i) => `http://mon-pharos-storage-${i}.mon-pharos-storage-headless.obs.svc.cluster.local:9096`));
  assert.equal(sts.spec.serviceName, "mon-pharos-storage-headless");
  const prom = YAML.parse(find(objs, "ConfigMap", "mon-pharos-prometheus").data["prometheus.yml"]);
  assert.equal(prom.rule_files, undefined);
  assert.deepEqual(prom.scrape_configs.map((j) => j.job_name), ["kubernetes-pods"]);
  const sources = podSpec(workloadOf(objs, "query")).volumes.find((v) => v.name === "config").projected.sources;
  assert.equal(sources.length, 1);
  assert.equal(all(objs, "ServiceAccount").length, 0);
  assert.equal(all(objs, "ClusterRoleBinding")[0].subjects[0].name, "default");
  assert.equal(podSpec(workloadOf(objs, "collector")).serviceAccountName, "default");
});

// Checksums change exactly for the pods whose config changed.
test("checksum annotations change when a config value changes, and only for the pods reading it", () => {
  const base = rendered.default;
  const ann = (objs, c) => workloadOf(objs, c).spec.template.metadata.annotations;
  const cases = [
    { set: ["--set", "prometheus.global.scrape_interval=30s"], changes: { collector: ["checksum/prometheus-config"], query: ["checksum/prometheus-config"] } },
    { set: ["--set", "rules.pharos-self\\.yml.groups[0].name=renamed"], changes: { query: ["checksum/rules"] } },
    { set: ["--set", "alertmanager.config.route.group_wait=10s"], changes: { alertmanager: ["checksum/alertmanager-config"] } },
    { set: ["--set", "alertmanager.secrets.extraFiles.token=abc"], changes: { alertmanager: ["checksum/alertmanager-secrets"] } },
    { set: ["--set", "storage.replicas=3"], changes: { collector: ["checksum/prometheus-config"], query: ["checksum/prometheus-config"] } },
  ];
  for (const { set, changes } of cases) {
    const objs = render(set);
    for (const component of ["collector", "query", "alertmanager"]) {
      const before = ann(base, component);
      const after = ann(objs, component);
      for (const key of Object.keys(before).filter((k) => k.startsWith("checksum/"))) {
        const expected = (changes[component] || []).includes(key);
        assert.equal(before[key] !== after[key], expected, `${set.join(" ")}: ${component} ${key} ${expected ? "must" : "must not"} change`);
      }
    }
  }
  // Rendering twice gives the same checksums (no random input).
  assert.deepEqual(ann(render([]), "query"), ann(base, "query"));
});

// ---------------------------------------------------------------------------------------------
// Values that must be refused

const refused = [
  { why: "a misspelt key (schema)", args: ["--set", "collector.replicaz=2"], msg: /replicaz/ },
  { why: "zero storage pods (schema)", args: ["--set", "storage.replicas=0"], msg: /storage[./]replicas|minimum|greater than/ },
  { why: "more storage pods than partitions", args: ["--set", "storage.replicas=5"], msg: /more than kafka\.topics\.samples\.partitions/ },
  { why: "external Kafka without bootstrap servers", args: ["--set", "kafka.bundled.enabled=false"], msg: /kafka\.bootstrapServers is required/ },
  { why: "a *_file setting without its secret",
    args: ["--set-json", 'alertmanager.config.global={"slack_api_url_file":"/etc/alertmanager/secrets/slack-api-url"}'],
    msg: /slack-api-url/ },
  { why: "an Ingress without a host", args: ["--set", "ingress.enabled=true"], msg: /ingress\.query\.host is required/ },
  { why: "a bad rule file name (schema)", args: ["--set", "rules.bad\\.txt.groups=null"], msg: /bad\.txt|rules/ },
];
for (const r of refused) {
  test(`refuses ${r.why}`, () => {
    const out = helm(["template", RELEASE, chart, "-n", NS, ...r.args], { allowFail: true });
    assert.notEqual(out.status, 0, "helm template succeeded");
    assert.match(out.stderr, r.msg);
  });
}

// NOTES.txt rendered offline: `helm install --dry-run=client` needs no cluster with helm 4 but
// does with helm 3, so render it through a copy of the chart that wraps it in a ConfigMap.
function renderNotes(valuesArgs) {
  const tmp = mkdtempSync(path.join(tmpdir(), "pharos-notes-"));
  try {
    cpSync(chart, path.join(tmp, "pharos"), { recursive: true });
    const copy = path.join(tmp, "pharos");
    renameSync(path.join(copy, "templates/NOTES.txt"), path.join(copy, "notes.txt"));
    writeFileSync(path.join(copy, "templates/zz-notes.yaml"),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\n  labels:\n    app.kubernetes.io/instance: x\n' +
      'data:\n  notes: |\n{{ tpl (.Files.Get "notes.txt") . | indent 4 }}\n');
    const out = helm(["template", RELEASE, copy, "-n", NS, "--show-only", "templates/zz-notes.yaml", ...valuesArgs]).stdout;
    return YAML.parse(out).data.notes;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

test("NOTES.txt tells how to reach the UI and add a target over REST", () => {
  const notes = renderNotes([]);
  assert.match(notes, /port-forward svc\/pharos-query 9090:9090/);
  assert.match(notes, /port-forward svc\/pharos-collector 9095:9095/);
  assert.match(notes, /curl -X PUT http:\/\/localhost:9095\/api\/v1\//);
  assert.match(notes, /image\.registry is empty/);
  const big = renderNotes(["-f", large]);
  assert.match(big, /https:\/\/pharos\.example\.com\//);
  assert.match(big, /Kubernetes discovery is on/);
  assert.doesNotMatch(big, /image\.registry is empty/);
});

test("values.yaml comments every field of its first two levels", () => {
  const lines = readFileSync(path.join(chart, "values.yaml"), "utf8").split("\n");
  const missing = [];
  lines.forEach((line, i) => {
    const m = /^( {0,2})([A-Za-z][\w.-]*):/.exec(line);
    if (!m) return;
    if (!/^\s*#/.test(lines[i - 1] || "")) missing.push(`${i + 1}: ${line.trim()}`);
  });
  assert.deepEqual(missing, []);
});

// ---------------------------------------------------------------------------------------------
// docker-compose.yml

const compose = YAML.parse(readFileSync(path.join(root, "docker-compose.yml"), "utf8"), { merge: true });

test("compose: Kafka (KRaft) and the four services, with volumes, configs from deploy/compose and ports 9090, 9093", () => {
  const sv = compose.services;
  assert.deepEqual(Object.keys(sv).sort(), ["alertmanager", "collector", "kafka", "query", "storage"]);
  assert.match(sv.kafka.image, /^apache\/kafka:/);
  assert.equal(sv.kafka.environment.KAFKA_PROCESS_ROLES, "broker,controller");
  assert.ok(sv.kafka.healthcheck);
  const published = Object.values(sv).flatMap((x) => x.ports || []).map(String);
  assert.ok(published.includes("9090:9090") && published.includes("9093:9093"), published.join(","));
  assert.ok(sv.storage.volumes.some((v) => v.startsWith("storage-data:/data")));
  assert.ok(sv.kafka.volumes.some((v) => v.startsWith("kafka-data:")));
  assert.deepEqual(Object.keys(compose.volumes).sort(), ["kafka-data", "storage-data"]);
  for (const [name, x] of Object.entries(sv)) {
    for (const v of x.volumes || []) {
      const src = v.split(":")[0];
      if (src.startsWith(".")) {
        assert.ok(src.startsWith("./deploy/compose/"), `${name}: ${src} is not under deploy/compose`);
        assert.ok(existsSync(path.join(root, src)), `${name}: ${src} does not exist`);
      }
    }
    if (x.build) {
      assert.ok(existsSync(path.join(root, x.build.context, x.build.dockerfile)), `${name}: ${x.build.dockerfile}`);
      assert.match(x.image, new RegExp(`pharos-${name}:`));
    }
  }
  const cmd = (n, key) => sv[n].command.find((c) => c.startsWith(`--${key}=`))?.split("=")[1];
  assert.equal(cmd("query", "pharos.query.storage-urls"), "http://storage:9096");
  for (const n of ["collector", "storage", "query"]) assert.equal(cmd(n, "spring.kafka.bootstrap-servers"), "kafka:9092");
  for (const n of ["collector", "storage", "query"]) assert.equal(sv[n].depends_on.kafka.condition, "service_healthy");
  const prom = YAML.parse(readFileSync(path.join(root, "deploy/compose/prometheus.yml"), "utf8"));
  assert.deepEqual(prom.rule_files, ["rules/*.yml"]);
  const am = YAML.parse(readFileSync(path.join(root, "deploy/compose/alertmanager.yml"), "utf8"));
  assert.ok(am.route.receiver);
});

// ---------------------------------------------------------------------------------------------
// Images

const MODULES = {
  "collector-service": { jar: "collector-service/target/collector-service-${VERSION}-exec.jar", port: 9095 },
  "storage-service": { jar: "storage-service/target/storage-service-${VERSION}-exec.jar", port: 9096 },
  "query-service": { jar: "query-service/target/query-service-${VERSION}-exec.jar", port: 9090 },
  "alertmanager-service": { jar: "alertmanager-service/target/alertmanager-service-${VERSION}-exec.jar", port: 9093 },
  standalone: { jar: "standalone/target/pharos-standalone.jar", port: 9090 },
};

// .dockerignore semantics enough for these patterns: last match wins, "*" stays within a segment.
const ignoreRules = readFileSync(path.join(root, ".dockerignore"), "utf8").split("\n")
  .map((l) => l.trim()).filter((l) => l && !l.startsWith("#"))
  .map((l) => {
    const neg = l.startsWith("!");
    const pat = neg ? l.slice(1) : l;
    const re = new RegExp("^" + pat.split("*").map((x) => x.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*") + "(/.*)?$");
    return { neg, re };
  });
const sentToBuilder = (p) => ignoreRules.reduce((sent, r) => (r.re.test(p) ? r.neg : sent), true);

for (const [module, m] of Object.entries(MODULES)) {
  test(`image ${module}: temurin 17 JRE, the Maven jar, non-root, health check`, () => {
    const df = readFileSync(path.join(root, module, "Dockerfile"), "utf8");
    const lines = df.split("\n").filter((l) => l && !l.startsWith("#"));
    assert.equal(lines.filter((l) => l.startsWith("FROM ")).join(), "FROM eclipse-temurin:17-jre");
    const copy = lines.find((l) => l.startsWith("COPY ") && l.includes(".jar"));
    assert.equal(copy, `COPY ${m.jar} /opt/pharos/app.jar`);
    const jar = m.jar.replace("${VERSION}", "0.1.0-SNAPSHOT");
    assert.ok(sentToBuilder(jar), `.dockerignore leaves out ${jar}`);
    assert.ok(sentToBuilder("deploy/images/healthcheck.sh"));
    assert.ok(!sentToBuilder(`${module}/src/main/java/X.java`) && !sentToBuilder("data/x"));
    assert.match(df, /^USER 10001:10001$/m);
    assert.match(df, new RegExp(`^HEALTHCHECK .*\\n\\s+CMD \\["bash", "/usr/local/bin/pharos-healthcheck", "${m.port}", "/-/healthy"\\]`, "m"));
    assert.match(df, /^COPY deploy\/images\/healthcheck\.sh \/usr\/local\/bin\/pharos-healthcheck$/m);
    assert.match(df, /^ENTRYPOINT \["java", "-jar", "\/opt\/pharos\/app\.jar"\]$/m);
    assert.match(df, new RegExp(`^EXPOSE .*\\b${m.port}\\b`, "m"));
  });
}

async function withServer(handler, fn) {
  const server = http.createServer(handler);
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    return await fn(server.address().port);
  } finally {
    await new Promise((r) => server.close(r));
  }
}
const healthcheck = (port, p) => spawnSync("bash", [path.join(root, "deploy/images/healthcheck.sh"), String(port), ...(p ? [p] : [])], { encoding: "utf8", timeout: 15000 });

test("healthcheck.sh: healthy on 200 from /-/healthy, unhealthy on 503, on another path and when nothing listens", async () => {
  const seen = [];
  await withServer((req, res) => {
    seen.push(req.url);
    res.writeHead(req.url === "/-/healthy" ? 200 : 503, { "Content-Type": "text/plain" });
    res.end("x");
  }, async (port) => {
    const good = await runAsync(port);
    assert.equal(good.status, 0, good.stderr);
    const bad = await runAsync(port, "/-/ready");
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /503/);
  });
  assert.deepEqual(seen, ["/-/healthy", "/-/ready"]);
  const closed = await withServer((q, s) => s.end(), async (port) => port);
  const none = healthcheck(closed);
  assert.equal(none.status, 1);
});

// spawnSync would block the event loop that serves the request: run the check asynchronously.
function runAsync(port, p) {
  return new Promise((resolve) => {
    import("node:child_process").then(({ execFile }) => {
      execFile("bash", [path.join(root, "deploy/images/healthcheck.sh"), String(port), ...(p ? [p] : [])],
        { timeout: 15000 }, (err, stdout, stderr) => resolve({ status: err ? err.code : 0, stderr }));
    });
  });
}

test("build.sh builds and tags the five images (dry run)", () => {
  const out = execFileSync("bash", [path.join(root, "deploy/images/build.sh"), "--dry-run", "--push"], {
    encoding: "utf8", env: { ...process.env, VERSION: "1.2.3", TAG: "v9", REGISTRY: "registry.example.com/team/" },
  });
  const builds = out.split("\n").filter((l) => l.startsWith("docker build"));
  const pushes = out.split("\n").filter((l) => l.startsWith("docker push"));
  assert.equal(builds.length, 5);
  for (const [module, image] of [["collector-service", "collector"], ["storage-service", "storage"], ["query-service", "query"],
    ["alertmanager-service", "alertmanager"], ["standalone", "standalone"]]) {
    assert.ok(builds.some((b) => b.includes(`-f ${module}/Dockerfile`) && b.includes("--build-arg VERSION=1.2.3")
      && b.includes(`-t registry.example.com/team/pharos-${image}:v9`) && b.endsWith(" .")), module);
    assert.ok(pushes.includes(`docker push registry.example.com/team/pharos-${image}:v9`), image);
  }
  assert.ok(out.includes("mvn -B -q package -DskipTests"));
});

test("every deploy script is valid bash", () => {
  for (const f of ["deploy/images/build.sh", "deploy/images/healthcheck.sh", "deploy/test/check.sh"]) {
    const r = spawnSync("bash", ["-n", path.join(root, f)], { encoding: "utf8" });
    assert.equal(r.status, 0, `${f}: ${r.stderr}`);
  }
  assert.ok(readdirSync(path.join(root, "deploy/helm/pharos/templates")).includes("NOTES.txt"));
});
