/**
 * `--limit PATTERN`: Ansible host patterns select the hosts printed by `--list` (their
 * variables and group memberships) and resolve `--host`.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { run } from "../src/cli/main.ts";
import { emptyDir, ROOT } from "./helpers.ts";

const HOSTS = join(ROOT, "fixtures", "kubespray", "seed-external-lb", "hosts.ini");

function list(limit: string) {
  const result = run(["-i", HOSTS, "--list", "--no-facts", "--limit", limit], { cwd: emptyDir() });
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

Deno.test("--limit with an exclusion keeps only the selected hosts in groups and hostvars", () => {
  const doc = list("etcd:!kube-master");
  assert.deepEqual(Object.keys(doc._meta.hostvars), ["node3"]);
  assert.deepEqual(doc.etcd.hosts, ["node3"]);
  assert.deepEqual(doc["kube-node"].hosts, ["node3"]);
  assert.equal(doc["kube-master"], undefined);
});

Deno.test("--limit with an intersection, a wildcard and a regex", () => {
  assert.deepEqual(Object.keys(list("etcd:&kube-node")._meta.hostvars), ["node2", "node3"]);
  assert.deepEqual(Object.keys(list("node[4-6]")._meta.hostvars), []);
  assert.deepEqual(Object.keys(list("node*:!etcd")._meta.hostvars), ["node4", "node5", "node6"]);
  assert.deepEqual(Object.keys(list("~node[12]$")._meta.hostvars), ["node1", "node2"]);
  assert.deepEqual(Object.keys(list("kube-node[0:1]")._meta.hostvars), ["node2", "node3"]);
});
