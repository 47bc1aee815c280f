import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildView } from "../pipeline.ts";
import { run } from "../cli/main.ts";
import {
  CHECK_RULES,
  checkExitCode,
  type Finding,
  formatFindingsJson,
  formatFindingsText,
  runChecks,
} from "./checks.ts";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "fixtures", "checks");

/** What a bad fixture's `expect.json` says about the findings of its rule. */
interface Expected {
  readonly where: string;
  readonly location?: string;
  readonly includes?: readonly string[];
}

function checkDir(dir: string, strict = false): Finding[] {
  const view = buildView([join(dir, "hosts.ini")], { trackOrigins: true });
  return runChecks(view, { strict, relativeTo: dir });
}

/** Writes an inventory to a temporary directory and checks it. */
function checkFiles(files: Record<string, string>): Finding[] {
  const dir = Deno.makeTempDirSync({ prefix: "ha-inventory-checks-" });
  try {
    for (const [rel, text] of Object.entries(files)) {
      Deno.mkdirSync(dirname(join(dir, rel)), { recursive: true });
      Deno.writeTextFileSync(join(dir, rel), text);
    }
    return checkDir(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

const GROUPS = `
[kube-master]
node1
node2

[etcd]
node1
node2
node3

[kube-node]
node3
node4

[k8s-cluster:children]
kube-master
kube-node
`;
const HOSTS = "node1 ip=10.0.0.1\nnode2 ip=10.0.0.2\nnode3 ip=10.0.0.3\nnode4 ip=10.0.0.4\n";

Deno.test("CHECK_RULES ids are unique and each has bad and good fixtures, and nothing else does", () => {
  const ids = CHECK_RULES.map((rule) => rule.id);
  assert.equal(new Set(ids).size, ids.length);
  const dirs = [...Deno.readDirSync(FIXTURES)].filter((e) => e.isDirectory).map((e) => e.name);
  assert.deepEqual(dirs.sort(), [...ids].sort());
  for (const id of ids) {
    for (const kind of ["bad", "good"]) {
      assert.ok(Deno.statSync(join(FIXTURES, id, kind, "hosts.ini")).isFile, `${id}/${kind}`);
    }
    assert.ok(
      Deno.statSync(join(FIXTURES, id, "bad", "expect.json")).isFile,
      `${id}/bad/expect.json`,
    );
  }
});

for (const rule of CHECK_RULES) {
  Deno.test(`runChecks() reports ${rule.id} on its bad fixture, as expect.json says`, () => {
    const dir = join(FIXTURES, rule.id, "bad");
    const expected: Expected[] = JSON.parse(Deno.readTextFileSync(join(dir, "expect.json")));
    const findings = checkDir(dir).filter((finding) => finding.rule === rule.id);
    assert.deepEqual(
      findings.map((finding) => finding.where).sort(),
      expected.map((e) => e.where).sort(),
      formatFindingsText(findings),
    );
    for (const finding of findings) assert.equal(finding.severity, rule.severity);
    for (const want of expected) {
      const finding = findings.find((f) =>
        f.where === want.where && (
          want.includes ?? []
        ).every((text) => f.message.includes(text))
      );
      assert.ok(
        finding,
        `${want.where}: ${JSON.stringify(want.includes)} in\n${formatFindingsText(findings)}`,
      );
      if (want.location !== undefined) assert.equal(finding.location, want.location);
    }
  });

  Deno.test(`runChecks() finds nothing at all in the good fixture of ${rule.id}, even strict`, () => {
    const findings = checkDir(join(FIXTURES, rule.id, "good"), true);
    assert.deepEqual(findings, [], formatFindingsText(findings));
  });
}

Deno.test("runChecks() with strict reports warnings as errors, and checkExitCode() follows", () => {
  const dir = join(FIXTURES, "etcd-member-address", "bad");
  const plain = checkDir(dir);
  assert.deepEqual(plain.map((f) => f.severity), ["warning"]);
  assert.equal(checkExitCode(plain), 0);
  const strict = checkDir(dir, true);
  assert.deepEqual(strict.map((f) => f.severity), ["error"]);
  assert.equal(checkExitCode(strict), 1);
});

Deno.test("formatFindingsText() writes 'severity rule-id where: message [location]' lines", () => {
  const text = formatFindingsText([
    { severity: "error", rule: "etcd-even", where: "etcd", message: "m1", location: "hosts.ini:3" },
    { severity: "warning", rule: "lb-no-address", where: "all", message: "m2" },
  ]);
  assert.equal(text, "error etcd-even etcd: m1 [hosts.ini:3]\nwarning lb-no-address all: m2");
});

Deno.test("formatFindingsJson() counts errors and warnings", () => {
  const doc = JSON.parse(formatFindingsJson([
    { severity: "error", rule: "etcd-even", where: "etcd", message: "m1" },
    { severity: "warning", rule: "lb-no-address", where: "all", message: "m2" },
  ]));
  assert.equal(doc.errors, 1);
  assert.equal(doc.warnings, 1);
  assert.deepEqual(doc.findings[0], {
    severity: "error",
    rule: "etcd-even",
    where: "etcd",
    message: "m1",
  });
});

Deno.test("port-conflict: a load balancer on a master's own ip only has the move-the-port fix", () => {
  const findings = checkFiles({
    "hosts.ini": HOSTS + GROUPS,
    "group_vars/all.yml": "loadbalancer_apiserver:\n  address: 10.0.0.1\n  port: 6443\n",
  }).filter((f) => f.rule === "port-conflict");
  assert.equal(findings.length, 1, formatFindingsText(findings));
  const [finding] = findings;
  assert.equal(finding!.where, "node1");
  assert.match(finding!.message, /10\.0\.0\.1 is the ip of node1/);
  assert.match(finding!.message, /binding the API to node1's ip does not help/);
  assert.doesNotMatch(finding!.message, /either/);
});

Deno.test("port-conflict: a loopback load balancer runs on every master; a bound API is no conflict", () => {
  const lb = "loadbalancer_apiserver:\n  address: 127.0.0.1\n  port: 6443\n";
  const clash = checkFiles({ "hosts.ini": HOSTS + GROUPS, "group_vars/all.yml": lb })
    .filter((f) => f.rule === "port-conflict");
  assert.deepEqual(clash.map((f) => f.where), ["node1", "node2"]);
  const bound = checkFiles({
    "hosts.ini": HOSTS + GROUPS,
    "group_vars/all.yml": lb,
    "group_vars/kube-master.yml": "kube_apiserver_bind_address: 10.0.0.9\n",
  }).filter((f) => f.rule === "port-conflict");
  assert.deepEqual(bound, []);
});

Deno.test("port-conflict: the insecure port counts when it binds every address", () => {
  const findings = checkFiles({
    "hosts.ini": HOSTS + GROUPS + "\n[lb]\nnode1\n",
    "group_vars/all.yml":
      "loadbalancer_apiserver:\n  address: 10.0.0.100\n  port: 8080\nkube_apiserver_insecure_bind_address: 0.0.0.0\n",
  }).filter((f) => f.rule === "port-conflict");
  assert.equal(findings.length, 1);
  assert.match(findings[0]!.message, /insecure port binds 0\.0\.0\.0:8080/);
});

Deno.test("lb-domain-invalid: an IP address as the domain name is explained as a certificate problem", () => {
  const findings = checkFiles({
    "hosts.ini": HOSTS + GROUPS,
    "group_vars/all.yml":
      "loadbalancer_apiserver:\n  address: 10.0.0.100\n  port: 8383\napiserver_loadbalancer_domain_name: 10.0.0.100\n",
  }).filter((f) => f.rule === "lb-domain-invalid");
  assert.equal(findings.length, 1);
  assert.match(findings[0]!.message, /DNS:10\.0\.0\.100/);
});

Deno.test("runChecks() never judges values only known at run time", () => {
  const findings = checkFiles({
    "hosts.ini":
      HOSTS.replace("node4 ip=10.0.0.4", "node4 ip=\"{{ lookup('env', 'NODE4_IP') }}\"") +
      GROUPS,
    "group_vars/all.yml":
      'loadbalancer_apiserver:\n  address: "{{ vip }}"\n  port: 8383\nloadbalancer_apiserver_localhost: "{{ use_nginx }}"\n',
  });
  assert.deepEqual(findings, [], formatFindingsText(findings));
});

Deno.test("nginx-port-conflict: nginx and a loopback load balancer on the same node port clash", () => {
  const findings = checkFiles({
    "hosts.ini": HOSTS + GROUPS,
    "group_vars/all.yml":
      "loadbalancer_apiserver:\n  address: 127.0.0.1\n  port: 8443\nloadbalancer_apiserver_localhost: true\nnginx_kube_apiserver_port: 8443\n",
  }).filter((f) => f.rule === "nginx-port-conflict");
  assert.deepEqual(findings.map((f) => f.where), ["node3", "node4"]);
});

Deno.test("address rules read YAML inventories too, with ints printed as Kubespray prints them", () => {
  const dir = Deno.makeTempDirSync({ prefix: "ha-inventory-checks-" });
  try {
    Deno.writeTextFileSync(
      join(dir, "hosts.yml"),
      "all:\n  hosts:\n    node1: {ip: 10.0.0.1}\n    node2: {ip: 10.0.0.2}\n    node3: {ip: 10}\n  children:\n    kube_control_plane: {hosts: {node1: {}, node2: {}}}\n    kube_node: {hosts: {node3: {}}}\n    etcd: {hosts: {node1: {}, node2: {}, node3: {}}}\n",
    );
    const view = buildView([join(dir, "hosts.yml")], { trackOrigins: true });
    const invalid = runChecks(view, { relativeTo: dir }).filter((f) =>
      f.rule === "address-invalid"
    );
    // The YAML parser records the file of a variable, not yet its line.
    assert.deepEqual(invalid.map((f) => [f.where, f.location]), [["node3", "hosts.yml"]]);
    assert.match(invalid[0]!.message, /ip is 10, not an IPv4/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("ha-inventory check: exit 1 on errors, 0 on warnings unless --strict, JSON on request", () => {
  const bad = join(FIXTURES, "etcd-even", "bad", "hosts.ini");
  const warn = join(FIXTURES, "etcd-member-address", "bad", "hosts.ini");
  const good = join(FIXTURES, "etcd-even", "good", "hosts.ini");
  const errors = run(["-i", bad, "check"]);
  assert.equal(errors.code, 1);
  assert.match(errors.stdout, /^error etcd-even etcd: etcd has 2 members/);
  const warnings = run(["-i", warn, "check"]);
  assert.equal(warnings.code, 0);
  assert.match(warnings.stdout, /^warning etcd-member-address node3: /);
  const strict = run(["-i", warn, "check", "--strict"]);
  assert.equal(strict.code, 1);
  assert.match(strict.stdout, /^error etcd-member-address node3: /);
  const clean = run(["-i", good, "check"]);
  assert.deepEqual([clean.code, clean.stdout], [0, ""]);
  const json = run(["-i", bad, "check", "--format", "json"]);
  assert.equal(json.code, 1);
  const doc = JSON.parse(json.stdout);
  assert.equal(doc.errors, 1);
  assert.equal(doc.findings[0].rule, "etcd-even");
  assert.match(doc.findings[0].location, /hosts\.ini:11$/);
});
