/**
 * Records the Kubespray goldens: real Ansible evaluates Kubespray's role defaults at
 * commit d39a88d63f for every host of every fixture in `fixtures/kubespray/`.
 *
 * ```sh
 * KUBESPRAY_GIT=/path/to/kubespray/.git deno run -A scripts/record_kubespray_goldens.ts [fixture...]
 * ```
 *
 * `KUBESPRAY_GIT` is a Kubespray git directory (a bare mirror is fine); `KUBESPRAY_COMMIT`
 * overrides the commit; `KUBESPRAY_JOBS` (default 6) fixtures are recorded at a time. Nothing of Kubespray is copied into this repository: the files are
 * extracted with `git show` into a temporary directory, used, and deleted.
 *
 * Per fixture:
 * 1. a play dumps Ansible's `groups` for the inventory as written;
 * 2. `planKubesprayGroups` adds the alias groups (kube-master <-> kube_control_plane, ...)
 *    as a second inventory source, `aliases.yml`, so that Kubespray's legacy names exist;
 * 3. `ansible-inventory --list` of both sources is saved as `ansible-list.json`;
 * 4. `ansible-playbook` (local connection, no fact gathering) runs a temporary role whose
 *    defaults are Kubespray's `roles/kubespray-defaults/defaults/main.yaml` plus
 *    `kube_apiserver_bind_address: 0.0.0.0` (from `roles/kubernetes/master/defaults`) and
 *    the `etcd_access_endpoint` emulation, which is NOT Kubespray code (it left the code
 *    in a56738324; `kubespray-facts.md` §2.4 gives the expression used here). Hosts get
 *    `ansible_default_ipv4.address` from a side table with `set_fact` (never from the
 *    inventory), and each host writes every fact with its Python type. Then the client
 *    role's two `set_fact` tasks (first_kube_master, external_apiserver_endpoint) run on
 *    the masters and `external_apiserver_endpoint` is written too;
 * 5. a second run checks ha-inventory's own output: `computeFacts` on the recorded view,
 *    emitted as a third inventory source, evaluated by Ansible WITHOUT Kubespray's role.
 *    Every fact must come out identical (value and type) to step 4; the templates that
 *    passed are saved in the golden as `verified_templates`;
 * 6. `golden.json` is written.
 *
 * @module
 */

import { load as parseYaml } from "js-yaml";
import { computeFacts, EXTRA_FACT_NAMES, FACT_NAMES, mergeFacts } from "../src/kubespray/facts.ts";
import { applyGroupPlan, planKubesprayGroups } from "../src/kubespray/groups.ts";
import {
  clusterViewOf,
  type Golden,
  type GoldenFact,
  hostvarsOfList,
  parseAnsibleJson,
  toAnsibleJson,
} from "../src/kubespray/_recorded.ts";

const COMMIT = Deno.env.get("KUBESPRAY_COMMIT") ?? "d39a88d63f";
const FIXTURES = new URL("../fixtures/kubespray/", import.meta.url);
const UNDEF = "__UNDEF__";
const PREFIX = "golden:";

/** Role defaults that Kubespray's defaults file lacks (see the module comment). */
const EXTRA_DEFAULTS = `
# --- added by ha-inventory's recorder, not part of kubespray-defaults ---
# roles/kubernetes/master/defaults/main.yml@${COMMIT}
kube_apiserver_bind_address: 0.0.0.0
# The seed document's etcd_access_endpoint (kubespray-facts.md section 2.4); not Kubespray code.
etcd_access_endpoint: "{{ etcd_access_addresses if (etcd_multiaccess | default(true)) else 'https://127.0.0.1:2379' }}"
`;

const NAMES = [
  ...FACT_NAMES,
  ...EXTRA_FACT_NAMES.filter((n) => n !== "external_apiserver_endpoint"),
];

function dumpExpr(names: readonly string[], withGroups: boolean): string {
  const items = names.map((n) =>
    `'${n}': [${n} | default('${UNDEF}'), ${n} | default('${UNDEF}') | type_debug]`
  );
  if (withGroups) items.push("'__groups__': groups");
  return `${PREFIX}{{ {${items.join(", ")}} | to_json }}`;
}

function dumpTask(file: string, names: readonly string[], withGroups: boolean, when?: string) {
  return {
    name: `dump ${file}`,
    copy: {
      dest: `{{ ks_out }}/${file}-{{ inventory_hostname }}.json`,
      content: dumpExpr(names, withGroups),
    },
    delegate_to: "localhost",
    ...(when === undefined ? {} : { when }),
  };
}

const GATHER = {
  name: "pretend facts were gathered",
  "set_fact": { ansible_default_ipv4: { address: "{{ ks_gathered[inventory_hostname] }}" } },
  when: "inventory_hostname in ks_gathered",
};
const IS_MASTER = "inventory_hostname in (groups['kube-master'] | default([]))";

async function run(cmd: string, args: string[], cwd: string): Promise<string> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd,
    env: {
      ANSIBLE_RETRY_FILES_ENABLED: "false",
      ANSIBLE_LOCALHOST_WARNING: "false",
      ANSIBLE_NOCOLOR: "1",
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(
      `${cmd} ${args.join(" ")} failed:\n${stdout}\n${new TextDecoder().decode(out.stderr)}`,
    );
  }
  return stdout;
}

async function git(gitDir: string, ...args: string[]): Promise<string> {
  return await run("git", ["--git-dir", gitDir, ...args], Deno.cwd());
}

/** Builds the temporary role and playbooks. */
async function prepare(gitDir: string, work: string): Promise<void> {
  const defaults = await git(
    gitDir,
    "show",
    `${COMMIT}:roles/kubespray-defaults/defaults/main.yaml`,
  );
  const client = parseYaml(
    await git(gitDir, "show", `${COMMIT}:roles/kubernetes/client/tasks/main.yml`),
  ) as Record<string, unknown>[];
  const setFacts = client.filter((task) => {
    const sf = task.set_fact as Record<string, unknown> | undefined;
    return sf !== undefined && ("first_kube_master" in sf || "external_apiserver_endpoint" in sf);
  });
  if (setFacts.length !== 2) throw new Error("Cannot find the client role's set_fact tasks");
  const role = `${work}/roles/kubespray_defaults`;
  await Deno.mkdir(`${role}/defaults`, { recursive: true });
  await Deno.mkdir(`${role}/tasks`, { recursive: true });
  await Deno.writeTextFile(`${role}/defaults/main.yml`, defaults + EXTRA_DEFAULTS);
  await Deno.writeTextFile(`${role}/tasks/client_facts.yml`, JSON.stringify(setFacts, null, 2));
  await Deno.writeTextFile(
    `${role}/tasks/main.yml`,
    JSON.stringify(
      [
        GATHER,
        dumpTask("kubespray", NAMES, true),
        { name: "client role set_facts", include_tasks: "client_facts.yml", when: IS_MASTER },
        dumpTask("external", ["external_apiserver_endpoint"], false, IS_MASTER),
      ],
      null,
      2,
    ),
  );
  const play = { hosts: "all", "gather_facts": false, connection: "local" };
  await Deno.writeTextFile(
    `${work}/record.yml`,
    JSON.stringify([{ ...play, roles: ["kubespray_defaults"] }]),
  );
  await Deno.writeTextFile(
    `${work}/verify.yml`,
    JSON.stringify([{
      ...play,
      tasks: [
        GATHER,
        dumpTask("ours", NAMES, false),
        dumpTask("ours-external", ["external_apiserver_endpoint"], false, IS_MASTER),
      ],
    }]),
  );
  await Deno.writeTextFile(
    `${work}/groups.yml`,
    JSON.stringify([{
      hosts: "localhost",
      "gather_facts": false,
      connection: "local",
      tasks: [{
        copy: { dest: "{{ ks_out }}/groups.json", content: `${PREFIX}{{ groups | to_json }}` },
      }],
    }]),
  );
}

function readDump(text: string): Record<string, unknown> {
  if (!text.startsWith(PREFIX)) throw new Error(`Unexpected dump: ${text.slice(0, 80)}`);
  return JSON.parse(text.slice(PREFIX.length));
}

const TYPE_NAMES: Record<string, string> = {
  str: "str",
  AnsibleUnicode: "str",
  AnsibleUnsafeText: "unsafe",
  NativeJinjaUnsafeText: "unsafe",
  int: "int",
  float: "float",
  bool: "bool",
  NoneType: "NoneType",
  list: "list",
  AnsibleSequence: "list",
  dict: "dict",
  AnsibleMapping: "dict",
};

function goldenFact(pair: unknown): GoldenFact {
  const [value, type] = pair as [unknown, string];
  if (value === UNDEF) return { type: "undefined" };
  const normal = TYPE_NAMES[type];
  if (normal === undefined) throw new Error(`Unknown type_debug result ${type}`);
  return { value, type: normal };
}

async function readDir(dir: string, prefix: string): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.name.startsWith(`${prefix}-`) || !entry.name.endsWith(".json")) continue;
    const host = entry.name.slice(prefix.length + 1, -".json".length);
    out.set(host, readDump(await Deno.readTextFile(`${dir}/${entry.name}`)));
  }
  return out;
}

function inventoryFile(dir: string): string {
  for (const name of ["hosts.ini", "hosts.yml", "hosts.yaml"]) {
    try {
      Deno.statSync(`${dir}/${name}`);
      return `${dir}/${name}`;
    } catch {
      // try the next name
    }
  }
  throw new Error(`No hosts.ini or hosts.yml in ${dir}`);
}

async function record(name: string, work: string, ansible: string): Promise<string[]> {
  const dir = new URL(`${name}/`, FIXTURES).pathname.replace(/\/$/, "");
  const inventory = inventoryFile(dir);
  const out = await Deno.makeTempDir({ dir: work, prefix: `${name}-` });
  await run("ansible-playbook", ["-i", inventory, "groups.yml", "-e", `ks_out=${out}`], work);
  const inventoryGroups = readDump(await Deno.readTextFile(`${out}/groups.json`)) as Record<
    string,
    string[]
  >;

  const plan = planKubesprayGroups(new Map(Object.entries(inventoryGroups)));
  const sources = ["-i", inventory];
  if (plan.add.length > 0) {
    const children = Object.fromEntries(
      plan.add.map((g) => [g.name, { hosts: Object.fromEntries(g.hosts.map((h) => [h, null])) }]),
    );
    await Deno.writeTextFile(`${out}/aliases.yml`, JSON.stringify({ all: { children } }, null, 1));
    sources.push("-i", `${out}/aliases.yml`);
  }
  const listText = await run("ansible-inventory", [...sources, "--list"], work);
  await Deno.writeTextFile(`${dir}/ansible-list.json`, listText);
  const hostvars = hostvarsOfList(parseAnsibleJson(listText));

  let fixed: Record<string, string> = {};
  try {
    fixed = JSON.parse(await Deno.readTextFile(`${dir}/gathered.json`));
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const gathered: Record<string, string> = {};
  (inventoryGroups.all ?? []).forEach((host, i) => {
    if (hostvars.get(host)?.has("ansible_default_ipv4")) return;
    gathered[host] = fixed[host] ?? `198.51.100.${i + 1}`;
  });
  const extra = `${out}/extra.json`;
  await Deno.writeTextFile(extra, JSON.stringify({ ks_out: out, ks_gathered: gathered }));
  await run("ansible-playbook", [...sources, "record.yml", "-e", `@${extra}`], work);

  const dumps = await readDir(out, "kubespray");
  const externals = await readDir(out, "external");
  const first = dumps.values().next().value;
  const groups = (first?.__groups__ ?? inventoryGroups) as Record<string, string[]>;
  const hosts: Record<string, Record<string, GoldenFact>> = {};
  for (const host of groups.all ?? []) {
    const dump = dumps.get(host);
    if (dump === undefined) throw new Error(`${name}: no facts recorded for ${host}`);
    const facts: Record<string, GoldenFact> = {};
    for (const fact of NAMES) facts[fact] = goldenFact(dump[fact]);
    const external = externals.get(host);
    if (external !== undefined) {
      facts.external_apiserver_endpoint = goldenFact(external.external_apiserver_endpoint);
    }
    hosts[host] = facts;
  }

  // Step 5: ha-inventory's output, evaluated by Ansible without Kubespray.
  const golden0 = { groups } as Golden;
  const view = clusterViewOf(golden0, listText);
  const expectedGroups = applyGroupPlan(new Map(Object.entries(inventoryGroups)), plan);
  const problems: string[] = [];
  for (const [group, members] of Object.entries(groups)) {
    // Ansible orders `all` by group structure, which the extra source changes; no fact reads it.
    if (group === "all") continue;
    if (JSON.stringify(expectedGroups.get(group)) !== JSON.stringify(members)) {
      problems.push(
        `${name}: groups['${group}'] is ${JSON.stringify(members)}, the plan says ${
          JSON.stringify(expectedGroups.get(group))
        }`,
      );
    }
  }
  const { facts } = computeFacts(view);
  const emitted: string[] = [];
  const templates: Record<string, Record<string, string>> = {};
  for (const [host, hostFacts] of facts) {
    const own = mergeFacts(new Map(), hostFacts);
    emitted.push(`${JSON.stringify(host)}: ${toAnsibleJson(own)}`);
    for (const [fact, value] of own) {
      if (typeof fact === "string" && typeof value === "string" && /\{\{|\{%/.test(value)) {
        (templates[host] ??= {})[fact] = value;
      }
    }
  }
  await Deno.writeTextFile(`${out}/ours.yml`, `{"all": {"hosts": {${emitted.join(", ")}}}}`);
  await run("ansible-playbook", [
    ...sources,
    "-i",
    `${out}/ours.yml`,
    "verify.yml",
    "-e",
    `@${extra}`,
  ], work);
  const ours = await readDir(out, "ours");
  const oursExternal = await readDir(out, "ours-external");
  for (const [host, expected] of Object.entries(hosts)) {
    const got = { ...ours.get(host), ...oursExternal.get(host) };
    for (const [fact, want] of Object.entries(expected)) {
      const have = goldenFact(got[fact]);
      if (JSON.stringify(have) !== JSON.stringify(want)) {
        problems.push(
          `${name} ${host} ${fact}: Kubespray ${JSON.stringify(want)}, ha-inventory ${
            JSON.stringify(have)
          }`,
        );
        delete templates[host]?.[fact];
      }
    }
  }

  const golden: Golden = {
    "kubespray_commit": COMMIT,
    ansible,
    "inventory_groups": inventoryGroups,
    groups,
    gathered,
    hosts,
    "verified_templates": templates,
  };
  await Deno.writeTextFile(`${dir}/golden.json`, JSON.stringify(golden, null, 1) + "\n");
  return problems;
}

async function main(): Promise<void> {
  const gitDir = Deno.env.get("KUBESPRAY_GIT");
  if (gitDir === undefined) {
    console.error("Set KUBESPRAY_GIT to a Kubespray git directory");
    Deno.exit(2);
  }
  const names = Deno.args.length > 0
    ? Deno.args
    : (await Array.fromAsync(Deno.readDir(FIXTURES))).filter((e) => e.isDirectory).map((e) =>
      e.name
    )
      .sort();
  const work = await Deno.makeTempDir({ prefix: "kubespray-goldens-" });
  const problems: string[] = [];
  try {
    await prepare(gitDir, work);
    const ansible = (await run("ansible-playbook", ["--version"], work)).split("\n")[0] ?? "";
    // Fixtures are independent: record a few at a time.
    const jobs = Number(Deno.env.get("KUBESPRAY_JOBS") ?? 6);
    const queue = [...names];
    const worker = async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        const found = await record(name, work, ansible);
        console.log(`${name}: ${found.length === 0 ? "ok" : `${found.length} differences`}`);
        problems.push(...found);
      }
    };
    await Promise.all(Array.from({ length: jobs }, worker));
  } finally {
    await Deno.remove(work, { recursive: true });
  }
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) Deno.exit(1);
}

if (import.meta.main) await main();
