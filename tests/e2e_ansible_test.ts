/**
 * End to end with the real Ansible: `ansible-inventory`, `ansible` and
 * `ansible-playbook` run ha-inventory's launcher as their inventory script, exactly as
 * users do (`-i path/to/ha-inventory`), and what they see is checked against our own
 * `--list` and against the Kubespray goldens recorded by real Ansible.
 *
 * Skipped with a loud message where Ansible is not installed; in CI (CI=true) that is a
 * failure instead.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { run } from "../src/cli/main.ts";
import { emptyDir, have, ROOT, writeTree } from "./helpers.ts";

const LAUNCHER = join(ROOT, "ha-inventory");
const FIXTURES = join(ROOT, "fixtures", "kubespray");
const HAVE_ANSIBLE = have("ansible-playbook");
const IN_CI = Deno.env.get("CI") === "true";

if (!HAVE_ANSIBLE) {
  console.error(
    "\n!!! ansible-playbook is not installed: the end-to-end tests with real Ansible are SKIPPED." +
      "\n!!! Install Debian's ansible-core (apt-get install ansible-core) to run them.\n",
  );
}

function e2e(name: string, fn: () => void | Promise<void>) {
  Deno.test({
    name: `ansible e2e: ${name}`,
    ignore: !HAVE_ANSIBLE && !IN_CI,
    fn() {
      assert.ok(HAVE_ANSIBLE, "ansible-playbook must be installed in CI");
      return fn();
    },
  });
}

/** Runs an Ansible command in an empty working directory; returns its output. */
function ansible(
  program: string,
  args: string[],
  env: Record<string, string>,
  cwd = emptyDir(),
): { code: number; stdout: string; stderr: string } {
  const result = new Deno.Command(program, {
    args,
    cwd,
    env: {
      ANSIBLE_NOCOLOR: "1",
      ANSIBLE_RETRY_FILES_ENABLED: "0",
      ANSIBLE_PYTHON_INTERPRETER: "/usr/bin/python3",
      ANSIBLE_LOCALHOST_WARNING: "0",
      ANSIBLE_DEPRECATION_WARNINGS: "0",
      ...env,
    },
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: result.code, stdout: decode(result.stdout), stderr: decode(result.stderr) };
}

/** A copy of a Kubespray fixture (hosts file and group_vars/host_vars) in a temp dir. */
function fixtureCopy(name: string): string {
  const dir = emptyDir();
  const copy = (from: string, to: string) => {
    for (const entry of Deno.readDirSync(from)) {
      const source = join(from, entry.name);
      const target = join(to, entry.name);
      if (entry.isDirectory) {
        Deno.mkdirSync(target);
        copy(source, target);
      } else if (!entry.name.endsWith(".json") || from !== join(FIXTURES, name)) {
        Deno.copyFileSync(source, target);
      }
    }
  };
  copy(join(FIXTURES, name), dir);
  return dir;
}

function hostsFile(dir: string): string {
  for (const name of ["hosts.ini", "hosts.yaml", "hosts.yml"]) {
    try {
      Deno.statSync(join(dir, name));
      return join(dir, name);
    } catch {
      // try the next name
    }
  }
  throw new Error(`no hosts file in ${dir}`);
}

e2e("ansible-inventory --list through the launcher equals our own --list", () => {
  const dir = fixtureCopy("seed-external-lb");
  const hosts = hostsFile(dir);
  const theirs = ansible("ansible-inventory", ["-i", LAUNCHER, "--list"], { HA_INVENTORY: hosts });
  assert.equal(theirs.code, 0, theirs.stderr);
  // Ansible shows anything a successful script writes to stderr as an error: nothing here.
  assert.doesNotMatch(theirs.stderr, /ERROR/, theirs.stderr);
  const ours = run(["-i", hosts, "--list", "--playbook-dir", emptyDir()]);
  assert.equal(ours.code, 0, ours.stderr);
  assert.deepEqual(JSON.parse(theirs.stdout), JSON.parse(ours.stdout));
});

e2e("ansible --list-hosts and --limit select the right hosts", () => {
  const hosts = hostsFile(fixtureCopy("seed-external-lb"));
  const env = { HA_INVENTORY: hosts };
  const masters = ansible("ansible", ["-i", LAUNCHER, "kube-master", "--list-hosts"], env);
  assert.equal(masters.code, 0, masters.stderr);
  assert.deepEqual(listed(masters.stdout), ["node1", "node2"]);
  const modern = ansible("ansible", ["-i", LAUNCHER, "kube_control_plane", "--list-hosts"], env);
  assert.deepEqual(listed(modern.stdout), ["node1", "node2"]);
  const limited = ansible("ansible", [
    "-i",
    LAUNCHER,
    "all",
    "--limit",
    "etcd:!kube-master",
    "--list-hosts",
  ], env);
  assert.deepEqual(listed(limited.stdout), ["node3"]);
});

function listed(stdout: string): string[] {
  return stdout.split("\n").slice(1).map((line) => line.trim()).filter((line) => line !== "");
}

const PLAYBOOK = `
- hosts: all
  gather_facts: false
  connection: local
  tasks:
    - name: pretend facts were gathered
      set_fact:
        ansible_default_ipv4: { address: "{{ ks_gathered[inventory_hostname] }}" }
      when: inventory_hostname in ks_gathered
    - name: show what the play sees
      debug:
        msg:
          groups: "{{ group_names }}"
          kube_apiserver_endpoint: "{{ kube_apiserver_endpoint }}"
          etcd_access_endpoint: "{{ etcd_access_endpoint }}"
          etcd_access_addresses: "{{ etcd_access_addresses }}"
          first_kube_master: "{{ first_kube_master | default('') }}"
`;

interface Golden {
  gathered: Record<string, string>;
  hosts: Record<string, Record<string, { value: unknown }>>;
}

/** Runs the playbook through the launcher and returns each host's debug message. */
function playbookView(
  hosts: string,
  golden: Golden,
  extra: string[] = [],
): Record<string, Record<string, unknown>> {
  const dir = emptyDir();
  writeTree(dir, {
    "play.yml": PLAYBOOK,
    "extra.json": JSON.stringify({ ks_gathered: golden.gathered }),
  });
  const result = ansible(
    "ansible-playbook",
    ["-i", LAUNCHER, join(dir, "play.yml"), "-e", `@${join(dir, "extra.json")}`, ...extra],
    { HA_INVENTORY: hosts, ANSIBLE_STDOUT_CALLBACK: "json" },
    dir,
  );
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const report = JSON.parse(result.stdout);
  const debug = report.plays[0].tasks[1].hosts as Record<string, { msg: Record<string, unknown> }>;
  return Object.fromEntries(Object.entries(debug).map(([host, r]) => [host, r.msg]));
}

const E2E_FIXTURES = ["seed-external-lb", "gen-000", "gen-001", "gen-002", "gen-003", "gen-004"];

for (const fixture of E2E_FIXTURES) {
  e2e(`ansible-playbook sees every host and the golden endpoints (${fixture})`, () => {
    const golden = JSON.parse(
      Deno.readTextFileSync(join(FIXTURES, fixture, "golden.json")),
    ) as Golden;
    const hosts = hostsFile(fixtureCopy(fixture));
    const seen = playbookView(hosts, golden);
    assert.deepEqual(Object.keys(seen).sort(), Object.keys(golden.hosts).sort());
    for (const [host, facts] of Object.entries(golden.hosts)) {
      for (
        const name of ["kube_apiserver_endpoint", "etcd_access_endpoint", "etcd_access_addresses"]
      ) {
        if (!(name in facts)) continue;
        assert.equal(seen[host]![name], facts[name]!.value, `${fixture} ${host} ${name}`);
      }
    }
  });
}

e2e("ansible-playbook --limit runs only the limited hosts, with facts of the others", () => {
  const fixture = "seed-external-lb";
  const golden = JSON.parse(
    Deno.readTextFileSync(join(FIXTURES, fixture, "golden.json")),
  ) as Golden;
  const seen = playbookView(hostsFile(fixtureCopy(fixture)), golden, ["--limit", "node5"]);
  assert.deepEqual(Object.keys(seen), ["node5"]);
  assert.equal(
    seen.node5!.kube_apiserver_endpoint,
    golden.hosts.node5!.kube_apiserver_endpoint!.value,
  );
});

e2e("an inventory error fails the playbook with our message visible", () => {
  const dir = emptyDir();
  writeTree(dir, {
    "hosts.ini": "[kube-master]\nnode1 ip=10.0.0.1 broken\n",
    "play.yml": PLAYBOOK,
  });
  const result = ansible(
    "ansible-playbook",
    ["-i", LAUNCHER, join(dir, "play.yml")],
    { HA_INVENTORY: join(dir, "hosts.ini"), ANSIBLE_INVENTORY_UNPARSED_FAILED: "true" },
    dir,
  );
  assert.notEqual(result.code, 0);
  // Ansible word-wraps warnings; compare without white space.
  const squeeze = (text: string) => text.replace(/\s+/g, "");
  const output = squeeze(result.stdout + result.stderr);
  assert.match(output, /hosts\.ini:2(:\d+)?:Expectedkey=valuehostvariableassignment,got:broken/);
});

e2e("a bundled launcher finds hosts.ini beside itself", () => {
  const dir = fixtureCopy("seed-external-lb");
  const bundled = join(dir, "ha-inventory");
  const bundle = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "scripts", "bundle.ts"), bundled],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  assert.ok(bundle.success, new TextDecoder().decode(bundle.stderr));
  const theirs = ansible("ansible", ["-i", bundled, "etcd", "--list-hosts"], {});
  assert.equal(theirs.code, 0, theirs.stderr);
  assert.deepEqual(listed(theirs.stdout), ["node1", "node2", "node3"]);
});
