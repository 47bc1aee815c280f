import assert from "node:assert/strict";
import { Inventory } from "./model.ts";
import { Warnings } from "./warnings.ts";

const names = (hosts: readonly { name: string }[]) => hosts.map((host) => host.name);

Deno.test("Group.allHosts() is kept until the inventory changes, and cannot be changed", () => {
  const inventory = new Inventory(new Warnings());
  const web = inventory.addGroup("web");
  inventory.addChild("all", "web");
  inventory.addHost("w1", web);
  const first = inventory.all.allHosts();
  assert.deepEqual(names(first), ["w1"]);
  assert.equal(inventory.all.allHosts(), first);
  assert.ok(Object.isFrozen(first));
  assert.throws(() => (first as unknown[]).push(first[0]));

  // Each kind of change is seen: a host, a group edge, a new group, reconcile.
  inventory.addHost("w2", web);
  assert.deepEqual(names(inventory.all.allHosts()), ["w1", "w2"]);
  const db = inventory.addGroup("db");
  inventory.addHost("d1", db);
  assert.deepEqual(names(inventory.all.allHosts()), ["w1", "w2"]);
  inventory.addChild("web", "db");
  assert.deepEqual(names(inventory.all.allHosts()), ["w1", "w2", "d1"]);
  inventory.addHost("lone");
  inventory.reconcile();
  // `ungrouped` is the first child of `all`.
  assert.deepEqual(names(inventory.all.allHosts()), ["lone", "w1", "w2", "d1"]);
  assert.deepEqual(names(inventory.groups.get("ungrouped")!.allHosts()), ["lone"]);
});

Deno.test("reconcile() moves hosts in and out of ungrouped as Ansible does", () => {
  const inventory = new Inventory(new Warnings());
  const ungrouped = inventory.groups.get("ungrouped")!;
  const web = inventory.addGroup("web");
  inventory.addHost("both", ungrouped);
  inventory.addHost("both", web);
  inventory.addHost("only_ungrouped", ungrouped);
  inventory.addHost("in_all", inventory.all);
  inventory.addHost("nowhere");
  inventory.reconcile();
  assert.deepEqual(names(ungrouped.hosts), ["only_ungrouped", "in_all", "nowhere"]);
  assert.deepEqual(inventory.hosts.get("both")!.groups.map((g) => g.name), ["web"]);
});

Deno.test("Host.varOrigins is made on first use; originOf() reads without making it", () => {
  const inventory = new Inventory(new Warnings());
  const host = inventory.addHost("h", undefined, 2222, { file: "inv", line: 3 });
  inventory.addHost("plain");
  assert.deepEqual(host.originOf("ansible_port"), { file: "inv", line: 3 });
  assert.equal(inventory.hosts.get("plain")!.originOf("x"), undefined);
  inventory.setHostVariable(inventory.hosts.get("plain")!, "x", 1, { file: "inv", line: 4 });
  assert.deepEqual([...inventory.hosts.get("plain")!.varOrigins.keys()], ["x"]);
});
