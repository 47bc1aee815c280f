/**
 * Writes the generated Kubespray HA inventories `fixtures/kubespray/gen-NNN/` (seeded,
 * so the output is the same on every run). Re-record the goldens afterwards with
 * `scripts/record_kubespray_goldens.ts`.
 *
 * ```sh
 * deno run -A scripts/gen_kubespray_fixtures.ts [count]
 * ```
 *
 * The inventories vary, fixture by fixture:
 * - format: INI and YAML, alternately;
 * - group names: legacy (`kube-master`, ...), modern (`kube_control_plane`, ...) or mixed,
 *   with or without `k8s-cluster` (derived when absent), calico-rr hosts (sometimes inside
 *   `k8s-cluster`), 1-3 masters, etcd groups of 1, 3 or 5 (members shared with masters and
 *   nodes, or dedicated);
 * - load-balancer mode, cycling through: local nginx (with and without
 *   `nginx_kube_apiserver_port`), external `loadbalancer_apiserver` with address and port
 *   (with and without a domain name), without port, without address, none
 *   (`loadbalancer_apiserver_localhost` false: the INI string "false", which is truthy, or
 *   a real boolean), local forced on next to an external LB, external plus nginx port;
 * - addresses per host: `access_ip` only, `ip` only, both, neither (the gathered fact is
 *   then needed), `ansible_default_ipv4` given by the inventory, empty or null `access_ip`;
 * - where each variable is written: host lines / YAML host entries, `host_vars/` files,
 *   `[group:vars]` / YAML `vars:`, `group_vars/` files, on `all` or on a role group;
 * - port and bind overrides, `etcd_multiaccess`, and inventory values for facts
 *   (`first_kube_master`, `etcd_address`, ...).
 *
 * @module
 */

import { pyFloatRepr } from "../src/kubespray/jinja_values.ts";

const SEED = 20171129;
const ROOT = new URL("../fixtures/kubespray/", import.meta.url);

/** A value with the Python type it must have once Ansible has read it. */
type Val =
  | { readonly t: "str"; readonly v: string }
  | { readonly t: "int"; readonly v: number }
  | { readonly t: "float"; readonly v: number }
  | { readonly t: "bool"; readonly v: boolean }
  | { readonly t: "null" }
  | { readonly t: "dict"; readonly v: readonly (readonly [string, Val])[] };

const str = (v: string): Val => ({ t: "str", v });
const int = (v: number): Val => ({ t: "int", v });
const bool = (v: boolean): Val => ({ t: "bool", v });
const dict = (...v: (readonly [string, Val])[]): Val => ({ t: "dict", v });

/** mulberry32: small, seedable, good enough for test data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------
// Rendering values.

/** True when Python's `ast.literal_eval` would read the text as something other than this string. */
function looksLiteral(text: string): boolean {
  return text === "" || /^[-+]?(\d[\d_]*\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ||
    /^[-+]?0[xXoObB]/.test(text) || /^(True|False|None)$/.test(text) || /^['"[{(]/.test(text);
}

function pyLiteral(value: Val): string {
  switch (value.t) {
    case "str":
      return `'${value.v}'`;
    case "int":
      return String(value.v);
    case "float":
      return pyFloatRepr(value.v);
    case "bool":
      return value.v ? "True" : "False";
    case "null":
      return "None";
    case "dict":
      return `{${value.v.map(([k, v]) => `'${k}': ${pyLiteral(v)}`).join(", ")}}`;
  }
}

/** A value in an INI `[group:vars]` section (read with `ast.literal_eval`, else kept as text). */
function iniSectionValue(value: Val): string {
  if (value.t === "str") return looksLiteral(value.v) ? pyLiteral(value) : value.v;
  return pyLiteral(value);
}

/** A value on an INI host line (shlex-split first, then `ast.literal_eval`). */
function iniHostValue(value: Val): string {
  if (value.t === "str") {
    if (value.v === "") return '""';
    return looksLiteral(value.v) ? `"${pyLiteral(value)}"` : value.v;
  }
  if (value.t === "dict") return `"${pyLiteral(value)}"`;
  return pyLiteral(value);
}

function yamlValue(value: Val): string {
  switch (value.t) {
    case "str":
      return JSON.stringify(value.v);
    case "int":
      return String(value.v);
    case "float":
      return pyFloatRepr(value.v);
    case "bool":
      return String(value.v);
    case "null":
      return "null";
    case "dict":
      return `{${value.v.map(([k, v]) => `${k}: ${yamlValue(v)}`).join(", ")}}`;
  }
}

type Vars = Map<string, Val>;

function yamlVarsFile(vars: Vars, comment: string): string {
  return `---\n# ${comment}\n${[...vars].map(([k, v]) => `${k}: ${yamlValue(v)}\n`).join("")}`;
}

// ---------------------------------------------------------------------------------------
// The cluster plan.

type Role = "master" | "node" | "cluster" | "rr";
const NAMES: Record<Role, readonly [string, string]> = {
  master: ["kube-master", "kube_control_plane"],
  node: ["kube-node", "kube_node"],
  cluster: ["k8s-cluster", "k8s_cluster"],
  rr: ["calico-rr", "calico_rr"],
};

const LB_CASES = [
  "local",
  "local-nginx-port",
  "external-named",
  "external-default-name",
  "external-no-port",
  "external-no-address",
  "none",
  "local-forced-with-lb",
  "external-plus-nginx-port",
] as const;

interface Host {
  readonly name: string;
  readonly vars: Vars;
  /** Where the host's variables are written. */
  readonly place: "inline" | "file";
}

interface GroupVarsBlock {
  readonly group: string;
  readonly vars: Vars;
  readonly place: "inline" | "file";
}

interface Fixture {
  readonly name: string;
  readonly format: "ini" | "yaml";
  readonly summary: string;
  readonly hosts: Host[];
  /** Group -> direct hosts, in order. */
  readonly groups: Map<string, string[]>;
  /** Group -> children. */
  readonly children: Map<string, string[]>;
  readonly groupVars: GroupVarsBlock[];
  /** YAML only: define hosts with their variables under `all.hosts` (else in their first group). */
  readonly hostsUnderAll: boolean;
}

function plan(index: number): Fixture {
  const random = rng(SEED + index * 7919);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number) => random() < p;
  const format = index % 2 === 0 ? "ini" : "yaml";
  const lbCase = LB_CASES[index % LB_CASES.length] ?? "local";
  const naming = (["legacy", "modern", "mixed"] as const)[Math.floor(index / 2) % 3] ?? "legacy";
  const nameOf = (role: Role): string => {
    const [legacy, modern] = NAMES[role];
    if (naming === "legacy") return legacy;
    if (naming === "modern") return modern;
    return chance(0.5) ? legacy : modern;
  };
  const names = {
    master: nameOf("master"),
    node: nameOf("node"),
    cluster: nameOf("cluster"),
    rr: nameOf("rr"),
  };
  const notes: string[] = [`LB ${lbCase}`, `${naming} names`];

  const masters = pick([1, 2, 2, 3, 3]);
  const workers = pick([1, 2, 3, 4]);
  const etcdSize = pick([1, 3, 3, 5]);
  const rrCount = pick([0, 0, 1, 2]);
  const k8s: string[] = [];
  for (let i = 1; i <= masters + workers; i++) k8s.push(`node${i}`);
  const masterHosts = k8s.slice(0, masters);
  // Like the example inventory, the last master is sometimes a worker too.
  const workerHosts = k8s.slice(masters);
  if (chance(0.4)) workerHosts.unshift(masterHosts[masterHosts.length - 1] as string);
  const sharedEtcd = Math.min(etcdSize, pick([0, masters, masters + workers, etcdSize]));
  const etcdHosts = k8s.slice(0, sharedEtcd);
  for (let i = 1; etcdHosts.length < etcdSize; i++) etcdHosts.push(`etcd${i}`);
  const rrHosts = Array.from({ length: rrCount }, (_, i) => `rr${i + 1}`);
  const allHosts = [...new Set([...k8s, ...etcdHosts, ...rrHosts])];
  notes.push(`${masters} masters, ${etcdSize} etcd, ${rrCount} calico-rr`);

  // Addresses.
  const hostVars = new Map<string, Vars>(allHosts.map((h) => [h, new Map()]));
  allHosts.forEach((host, i) => {
    const vars = hostVars.get(host) as Vars;
    const subnet = 10 + (index % 50);
    if (chance(0.3)) vars.set("ansible_host", str(`95.54.${subnet}.${i + 10}`));
    const kind = pick([
      "both",
      "both",
      "both",
      "ip",
      "ip",
      "ip",
      "access",
      "access",
      "neither",
      "neither",
      "neither",
      "gathered",
      "empty-access",
    ]);
    const ip = str(`10.${subnet}.0.${i + 1}`);
    const access = str(`172.16.${subnet}.${i + 1}`);
    if (kind === "both" || kind === "ip") vars.set("ip", ip);
    if (kind === "both" || kind === "access") vars.set("access_ip", access);
    if (kind === "gathered") {
      vars.set("ansible_default_ipv4", dict(["address", str(`10.99.${subnet}.${i + 1}`)]));
    }
    if (kind === "empty-access") {
      vars.set("access_ip", format === "yaml" && chance(0.5) ? { t: "null" } : str(""));
      vars.set("ip", ip);
    }
  });

  // Groups.
  const groups = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  groups.set(names.master, masterHosts);
  groups.set("etcd", etcdHosts);
  groups.set(names.node, workerHosts);
  if (rrCount > 0) groups.set(names.rr, rrHosts);
  const defineCluster = chance(0.7);
  if (defineCluster) {
    const kids = [names.node, names.master];
    if (rrCount > 0 && chance(0.3)) {
      kids.push(names.rr);
      notes.push("calico-rr inside k8s-cluster");
    }
    children.set(names.cluster, kids);
  } else {
    notes.push("k8s-cluster derived");
  }

  // Cluster-wide variables.
  const clusterVars: Vars = new Map();
  const lbAddress = str(`10.0.${index}.100`);
  const nginxPort = format === "yaml" && chance(0.3) ? str("8443") : int(8443);
  switch (lbCase) {
    case "local":
      break;
    case "local-nginx-port":
      clusterVars.set("nginx_kube_apiserver_port", nginxPort);
      break;
    case "external-named":
      clusterVars.set("apiserver_loadbalancer_domain_name", str(`lb${index}.example.com`));
      clusterVars.set("loadbalancer_apiserver", dict(["address", lbAddress], ["port", int(8383)]));
      break;
    case "external-default-name":
      clusterVars.set("loadbalancer_apiserver", dict(["address", lbAddress], ["port", int(8383)]));
      break;
    case "external-no-port":
      clusterVars.set("loadbalancer_apiserver", dict(["address", lbAddress]));
      break;
    case "external-no-address":
      clusterVars.set("loadbalancer_apiserver", dict(["port", int(8383)]));
      break;
    case "none": {
      const spelled = format === "ini"
        ? pick(["string", "string", "bool"])
        : pick(["bool", "bool", "bool", "string"]);
      clusterVars.set(
        "loadbalancer_apiserver_localhost",
        spelled === "string" ? str("false") : bool(false),
      );
      notes.push(
        `loadbalancer_apiserver_localhost ${spelled === "string" ? 'the string "false"' : "false"}`,
      );
      break;
    }
    case "local-forced-with-lb":
      clusterVars.set("loadbalancer_apiserver", dict(["address", lbAddress], ["port", int(8383)]));
      clusterVars.set("loadbalancer_apiserver_localhost", bool(true));
      break;
    case "external-plus-nginx-port":
      clusterVars.set("apiserver_loadbalancer_domain_name", str(`lb${index}.example.com`));
      clusterVars.set("loadbalancer_apiserver", dict(["address", lbAddress], ["port", int(9443)]));
      clusterVars.set("nginx_kube_apiserver_port", nginxPort);
      break;
  }
  if (chance(0.2)) clusterVars.set("kube_apiserver_port", int(7443));
  else if (format === "yaml" && chance(0.08)) {
    clusterVars.set("kube_apiserver_port", { t: "float", v: 6443 });
  }
  if (chance(0.15)) clusterVars.set("kube_apiserver_insecure_port", int(8081));
  if (chance(0.2)) {
    clusterVars.set("kube_apiserver_insecure_bind_address", str(pick(["0.0.0.0", "10.0.0.1"])));
  }
  if (chance(0.3)) {
    const spelled = pick(["true", "false", "false-string"]);
    if (spelled === "false-string" && format === "ini") {
      clusterVars.set("etcd_multiaccess", str("false"));
    } else clusterVars.set("etcd_multiaccess", bool(spelled === "true"));
  }
  if (chance(0.08)) {
    clusterVars.set("first_kube_master", str(`10.250.${index}.1`));
    notes.push("first_kube_master set by the inventory");
  }
  if (!clusterVars.has("apiserver_loadbalancer_domain_name") && chance(0.1)) {
    clusterVars.set("apiserver_loadbalancer_domain_name", str("api.internal"));
  }
  // Per-host extras.
  for (const master of masterHosts) {
    if (chance(0.15)) {
      const vars = hostVars.get(master) as Vars;
      vars.set("kube_apiserver_bind_address", vars.get("ip") ?? str("0.0.0.0"));
    }
  }
  if (chance(0.1)) {
    const host = pick(etcdHosts);
    (hostVars.get(host) as Vars).set("etcd_address", str(`10.251.${index}.9`));
    notes.push(`etcd_address set on ${host}`);
  }

  // Where the cluster-wide variables go: all, or the k8s-cluster group (etcd-only and
  // calico-rr hosts then do not see them), in the inventory file or in group_vars/.
  const groupVars: GroupVarsBlock[] = [];
  const target = defineCluster && chance(0.3) ? names.cluster : "all";
  if (target !== "all") notes.push(`cluster vars on ${target}`);
  const inline: Vars = new Map();
  const file: Vars = new Map();
  for (const [key, value] of clusterVars) (chance(0.5) ? inline : file).set(key, value);
  if (inline.size > 0) groupVars.push({ group: target, vars: inline, place: "inline" });
  if (file.size > 0) groupVars.push({ group: target, vars: file, place: "file" });
  // A role group's own setting, and a conflict that Ansible's precedence settles.
  if (chance(0.25)) {
    groupVars.push({
      group: names.node,
      vars: new Map([["kube_apiserver_port", int(6444)]]),
      place: pick(["inline", "file"]),
    });
    notes.push(`kube_apiserver_port on ${names.node}`);
  }
  if (chance(0.2)) {
    groupVars.push({
      group: "all",
      vars: new Map([["cluster_name", str("conflict.local")]]),
      place: "inline",
    });
    groupVars.push({
      group: "all",
      vars: new Map([["cluster_name", str("cluster.local")]]),
      place: "file",
    });
  }

  const hosts = allHosts.map((name) => ({
    name,
    vars: hostVars.get(name) as Vars,
    place: chance(0.35) ? "file" as const : "inline" as const,
  }));
  return {
    name: `gen-${String(index).padStart(3, "0")}`,
    format,
    summary: notes.join("; "),
    hosts,
    groups,
    children,
    groupVars,
    hostsUnderAll: chance(0.5),
  };
}

// ---------------------------------------------------------------------------------------
// Writing.

function renderIni(fixture: Fixture): string {
  const lines = [
    `# Generated by scripts/gen_kubespray_fixtures.ts (${fixture.name}): ${fixture.summary}`,
  ];
  for (const host of fixture.hosts) {
    const vars = host.place === "inline"
      ? [...host.vars].map(([k, v]) => ` ${k}=${iniHostValue(v)}`).join("")
      : "";
    lines.push(`${host.name}${vars}`);
  }
  for (const [group, members] of fixture.groups) {
    lines.push("", `[${group}]`, ...members);
  }
  for (const [group, kids] of fixture.children) {
    lines.push("", `[${group}:children]`, ...kids);
  }
  for (const block of fixture.groupVars) {
    if (block.place !== "inline") continue;
    lines.push(
      "",
      `[${block.group}:vars]`,
      ...[...block.vars].map(([k, v]) => `${k}=${iniSectionValue(v)}`),
    );
  }
  return lines.join("\n") + "\n";
}

function yamlFlowVars(vars: Vars): string {
  return `{${[...vars].map(([k, v]) => `${k}: ${yamlValue(v)}`).join(", ")}}`;
}

function renderYaml(fixture: Fixture): string {
  const out = [
    `# Generated by scripts/gen_kubespray_fixtures.ts (${fixture.name}): ${fixture.summary}`,
    "all:",
  ];
  const inlineVars = (host: Host) =>
    host.place === "inline" && host.vars.size > 0 ? ` ${yamlFlowVars(host.vars)}` : "";
  const defined = new Set<string>();
  const groupVarsOf = (group: string) =>
    fixture.groupVars.filter((b) => b.group === group && b.place === "inline").flatMap((
      b,
    ) => [...b.vars]);
  if (fixture.hostsUnderAll) {
    out.push("  hosts:");
    for (const host of fixture.hosts) {
      out.push(`    ${host.name}:${inlineVars(host)}`);
      defined.add(host.name);
    }
  }
  const allVars = groupVarsOf("all");
  if (allVars.length > 0) {
    out.push(
      `  vars:`,
      ...allVars.map(([k, v]) => `    ${k}: ${yamlValue(v)}`),
    );
  }
  out.push("  children:");
  const byName = new Map(fixture.hosts.map((h) => [h.name, h]));
  const group = (name: string) => {
    out.push(`    ${name}:`);
    const members = fixture.groups.get(name);
    if (members !== undefined) {
      out.push("      hosts:");
      for (const member of members) {
        const host = byName.get(member) as Host;
        out.push(`        ${member}:${defined.has(member) ? "" : inlineVars(host)}`);
        defined.add(member);
      }
    }
    const kids = fixture.children.get(name);
    if (kids !== undefined) out.push("      children:", ...kids.map((kid) => `        ${kid}:`));
    const vars = groupVarsOf(name);
    if (vars.length > 0) {
      out.push(
        "      vars:",
        ...vars.map(([k, v]) => `        ${k}: ${yamlValue(v)}`),
      );
    }
  };
  for (const name of fixture.groups.keys()) group(name);
  for (const name of fixture.children.keys()) group(name);
  return out.join("\n") + "\n";
}

async function write(fixture: Fixture): Promise<void> {
  const dir = new URL(`${fixture.name}/`, ROOT);
  await Deno.remove(dir, { recursive: true }).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  await Deno.mkdir(dir, { recursive: true });
  const file = fixture.format === "ini" ? "hosts.ini" : "hosts.yml";
  await Deno.writeTextFile(
    new URL(file, dir),
    fixture.format === "ini" ? renderIni(fixture) : renderYaml(fixture),
  );
  const groupFiles = new Map<string, Vars>();
  for (const block of fixture.groupVars) {
    if (block.place !== "file") continue;
    const vars = groupFiles.get(block.group) ?? new Map();
    for (const [k, v] of block.vars) vars.set(k, v);
    groupFiles.set(block.group, vars);
  }
  for (const [group, vars] of groupFiles) {
    await Deno.mkdir(new URL("group_vars/", dir), { recursive: true });
    await Deno.writeTextFile(
      new URL(`group_vars/${group}.yml`, dir),
      yamlVarsFile(vars, `vars of group ${group}`),
    );
  }
  for (const host of fixture.hosts) {
    if (host.place !== "file" || host.vars.size === 0) continue;
    await Deno.mkdir(new URL("host_vars/", dir), { recursive: true });
    await Deno.writeTextFile(
      new URL(`host_vars/${host.name}.yml`, dir),
      yamlVarsFile(host.vars, `vars of ${host.name}`),
    );
  }
}

if (import.meta.main) {
  const count = Number(Deno.args[0] ?? 48);
  for (let i = 0; i < count; i++) {
    const fixture = plan(i);
    await write(fixture);
    console.log(`${fixture.name} (${fixture.format}): ${fixture.summary}`);
  }
}
