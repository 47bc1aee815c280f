import assert from "node:assert/strict";
import { applyGroupPlan, GROUP_ALIASES, planKubesprayGroups } from "./groups.ts";
import type { Golden } from "./_recorded.ts";

type Groups = Map<string, readonly string[]>;

function planOf(entries: [string, string[]][]) {
  return planKubesprayGroups(new Map(entries) as Groups);
}

Deno.test("planKubesprayGroups() adds the modern names of a legacy inventory with the same hosts", () => {
  const plan = planOf([
    ["kube-master", ["node1", "node2"]],
    ["kube-node", ["node2", "node3"]],
    ["k8s-cluster", ["node2", "node3", "node1"]],
    ["calico-rr", ["rr1"]],
    ["etcd", ["node1"]],
  ]);
  assert.deepEqual(plan.add.map((g) => [g.name, g.hosts, g.kind, g.from]), [
    ["kube_control_plane", ["node1", "node2"], "alias", ["kube-master"]],
    ["kube_node", ["node2", "node3"], "alias", ["kube-node"]],
    ["k8s_cluster", ["node2", "node3", "node1"], "alias", ["k8s-cluster"]],
    ["calico_rr", ["rr1"], "alias", ["calico-rr"]],
  ]);
  assert.deepEqual(plan.warnings, []);
});

Deno.test("planKubesprayGroups() adds the legacy names Kubespray d39a88d63f reads to a modern inventory", () => {
  const plan = planOf([
    ["kube_control_plane", ["cp1"]],
    ["kube_node", ["w1", "w2"]],
    ["k8s_cluster", ["w1", "w2", "cp1"]],
    ["no_floating", []],
  ]);
  assert.deepEqual(plan.add.map((g) => [g.name, g.hosts]), [
    ["kube-master", ["cp1"]],
    ["kube-node", ["w1", "w2"]],
    ["k8s-cluster", ["w1", "w2", "cp1"]],
    ["no-floating", []],
  ]);
});

Deno.test("planKubesprayGroups() derives k8s-cluster: nodes first, then masters, never calico-rr", () => {
  const plan = planOf([
    ["kube_control_plane", ["cp1", "cp2"]],
    ["kube-node", ["cp2", "w1"]],
    ["calico_rr", ["rr1"]],
  ]);
  const derived = plan.add.filter((g) => g.kind === "derived");
  assert.deepEqual(derived.map((g) => g.name), ["k8s-cluster", "k8s_cluster"]);
  for (const group of derived) {
    assert.deepEqual(group.hosts, ["cp2", "w1", "cp1"]);
    assert.deepEqual(group.from, ["kube-node", "kube_control_plane"]);
  }
});

Deno.test("planKubesprayGroups() never changes groups the inventory defines, and warns on a mismatch", () => {
  const groups: Groups = new Map([
    ["kube-master", ["a"]],
    ["kube_control_plane", ["a", "b"]],
    ["k8s-cluster", []],
  ]);
  const plan = planKubesprayGroups(groups);
  assert.deepEqual(plan.add.map((g) => g.name), ["k8s_cluster"]);
  assert.equal(plan.warnings.length, 1);
  assert.equal(plan.warnings[0]?.code, "alias-mismatch");
  const applied = applyGroupPlan(groups, plan);
  assert.deepEqual(applied.get("kube-master"), ["a"]);
  assert.deepEqual(applied.get("kube_control_plane"), ["a", "b"]);
  assert.deepEqual(applied.get("k8s_cluster"), []);
  assert.equal(groups.size, 3, "the input is not changed");
});

Deno.test("planKubesprayGroups() adds nothing to an inventory without Kubespray groups", () => {
  const plan = planOf([["web", ["w1"]], ["etcd", ["e1"]]]);
  assert.deepEqual(plan.add, []);
});

Deno.test("GROUP_ALIASES pairs every legacy name with one modern name", () => {
  const legacy = new Set(GROUP_ALIASES.map((a) => a.legacy));
  const modern = new Set(GROUP_ALIASES.map((a) => a.modern));
  assert.equal(legacy.size, GROUP_ALIASES.length);
  assert.equal(modern.size, GROUP_ALIASES.length);
});

Deno.test("applyGroupPlan() gives the groups Ansible built from the recorded alias inventories", async () => {
  // The recorder added planKubesprayGroups' groups as a second inventory source and
  // recorded `groups` as the play saw it: Ansible must agree on members and order.
  const root = new URL("../../fixtures/kubespray/", import.meta.url);
  let checked = 0;
  for await (const entry of Deno.readDir(root)) {
    if (!entry.isDirectory) continue;
    const golden = JSON.parse(
      await Deno.readTextFile(new URL(`${entry.name}/golden.json`, root)),
    ) as Golden;
    const inventory = new Map(Object.entries(golden.inventory_groups)) as Groups;
    const applied = Object.fromEntries(applyGroupPlan(inventory, planKubesprayGroups(inventory)));
    // Ansible orders `all` by group structure, which the recorder's extra source changes.
    const recorded = { ...golden.groups, all: [...golden.groups.all ?? []].sort() };
    applied.all = [...applied.all ?? []].sort();
    assert.deepEqual(applied, recorded, `${entry.name}: groups differ from Ansible's`);
    checked++;
  }
  assert.ok(checked >= 40, `only ${checked} fixtures`);
});
