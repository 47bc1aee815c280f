import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../cli/main.ts";
import { RenderError } from "../kubespray/topology.ts";
import { buildView } from "../pipeline.ts";
import { BLOCK_BEGIN, BLOCK_END, renderEtcHosts } from "./etc_hosts.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SEED = join(ROOT, "fixtures", "kubespray", "seed-external-lb", "hosts.ini");

/** Temporary inventories, removed when the test module is done (vars files are read lazily). */
const TEMP_DIRS: string[] = [];
globalThis.addEventListener("unload", () => {
  for (const dir of TEMP_DIRS) Deno.removeSync(dir, { recursive: true });
});

function viewOf(files: Record<string, string>) {
  const dir = Deno.makeTempDirSync({ prefix: "ha-inventory-hosts-" });
  TEMP_DIRS.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    Deno.mkdirSync(dirname(join(dir, rel)), { recursive: true });
    Deno.writeTextFileSync(join(dir, rel), text);
  }
  return buildView([join(dir, "hosts.ini")]);
}

const GROUPS =
  "\n[kube-master]\nnode1\n\n[etcd]\nnode1\n\n[kube-node]\nnode5\n\n[calico-rr]\nrr1\n\n" +
  "[k8s-cluster:children]\nkube-master\nkube-node\n";
const LB = "apiserver_loadbalancer_domain_name: my-apiserver-lb.example.com\n" +
  "loadbalancer_apiserver:\n  address: 10.0.0.100\n  port: 8383\n";

Deno.test("renderEtcHosts() writes the load balancer line of the seed's example", () => {
  assert.equal(renderEtcHosts(buildView([SEED])), "10.0.0.100 my-apiserver-lb.example.com\n");
});

Deno.test("renderEtcHosts() with kind all writes Kubespray's localhost lines, inventory block and LB line", () => {
  // The line for node5 is the one kubespray-facts.md §2.5 recorded with ansible-core 2.14.18.
  const view = viewOf({
    "hosts.ini": "node1 ip=10.3.0.1 access_ip=1.1.1.1 ansible_hostname=node1\n" +
      "node5 ansible_default_ipv4=\"{'address': '192.168.0.15'}\" ansible_hostname=otherhost5\n" +
      "rr1 ip=10.3.0.9 ansible_hostname=rr1\n" + GROUPS,
    "group_vars/all.yml": LB,
  });
  const warnings = view.warnings().length;
  assert.equal(
    renderEtcHosts(view, { kind: "all" }),
    [
      "127.0.0.1 localhost localhost.localdomain",
      "::1 localhost6 localhost6.localdomain",
      BLOCK_BEGIN,
      // groups['k8s-cluster'] lists kube-master's hosts first: it is the first child.
      "1.1.1.1 node1 node1.cluster.local",
      "192.168.0.15 otherhost5 otherhost5.cluster.local node5 node5.cluster.local",
      "10.3.0.9 rr1 rr1.cluster.local",
      BLOCK_END,
      "10.0.0.100 my-apiserver-lb.example.com",
      "",
    ].join("\n"),
  );
  assert.equal(view.warnings().length, warnings, "no assumption was needed");
});

Deno.test("renderEtcHosts() uses dns_domain, else cluster_name, and warns about unknown host names", () => {
  const hosts = "node1 ip=10.3.0.1\nnode5 ip=10.3.0.5\nrr1 ip=10.3.0.9\n" + GROUPS;
  const byCluster = viewOf({
    "hosts.ini": hosts,
    "group_vars/all.yml": "cluster_name: prod.local\n",
  });
  assert.match(
    renderEtcHosts(byCluster, { kind: "all" }),
    /\n10\.3\.0\.1 node1 node1\.prod\.local\n/,
  );
  assert.ok(
    byCluster.warnings().some((w) =>
      /ansible_hostname is a gathered fact.*node1, node5, rr1/.test(w)
    ),
    byCluster.warnings().join("\n"),
  );
  const byDomain = viewOf({
    "hosts.ini": hosts,
    "group_vars/all.yml": "cluster_name: prod.local\ndns_domain: example.org\n",
  });
  assert.match(
    renderEtcHosts(byDomain, { kind: "all" }),
    /\n10\.3\.0\.1 node1 node1\.example\.org\n/,
  );
});

Deno.test("renderEtcHosts() leaves out what Kubespray would not write", () => {
  const hosts = "node1 ip=10.3.0.1\nnode5 ip=10.3.0.5\nrr1 ip=10.3.0.9\n" + GROUPS;
  const view = viewOf({
    "hosts.ini": hosts,
    "group_vars/all.yml":
      "populate_inventory_to_hosts_file: false\nloadbalancer_apiserver:\n  port: 8383\n",
  });
  assert.equal(
    renderEtcHosts(view, { kind: "all" }),
    "127.0.0.1 localhost localhost.localdomain\n::1 localhost6 localhost6.localdomain\n",
  );
  assert.ok(view.warnings().some((w) => w.includes("Kubespray writes no inventory block")));
  assert.ok(view.warnings().some((w) => w.includes("loadbalancer_apiserver has no address")));
});

Deno.test("renderEtcHosts() reports what it cannot render instead of printing it", () => {
  const cases: [Record<string, string>, "lb" | "all", RegExp][] = [
    [
      { "hosts.ini": "node1 ip=10.3.0.1\nnode5 ip=10.3.0.5\nrr1\n" + GROUPS },
      "lb",
      /no external load balancer is defined/,
    ],
    [
      {
        "hosts.ini": "node1 ip=10.3.0.1\nnode5 ip=10.3.0.5\nrr1\n" + GROUPS,
        "group_vars/all.yml": "loadbalancer_apiserver:\n  port: 8383\n",
      },
      "lb",
      /loadbalancer_apiserver has no address, so Kubespray writes no line/,
    ],
    [
      {
        "hosts.ini": "node1 ip=10.3.0.1\nnode5 ip=10.3.0.5\nrr1\n" + GROUPS,
        "group_vars/all.yml": 'loadbalancer_apiserver:\n  address: "{{ vip }}"\n  port: 8383\n',
      },
      "lb",
      /loadbalancer_apiserver\.address is only known at run time/,
    ],
    [
      {
        "hosts.ini": "node1 ip=10.3.0.1\nnode5 ip=10.3.0.5\nrr1\n" + GROUPS,
        "group_vars/all.yml": LB,
      },
      "all",
      /no usable address for rr1 \(ansible_default_ipv4\.address\)/,
    ],
    [
      {
        "hosts.ini": 'node1 ip=10.3.0.1\nnode5 ip=10.3.0.5 access_ip=""\nrr1 ip=10.3.0.9\n' +
          GROUPS,
        "group_vars/all.yml": LB,
      },
      "all",
      /no usable address for node5 \(access_ip is empty\)/,
    ],
  ];
  for (const [files, kind, message] of cases) {
    const view = viewOf(files);
    assert.throws(() => renderEtcHosts(view, { kind }), (error: unknown) => {
      assert.ok(error instanceof RenderError, String(error));
      assert.match(error.message, message);
      return true;
    });
  }
});

Deno.test("ha-inventory render hosts [lb|all]", () => {
  const lb = run(["-i", SEED, "render", "hosts"]);
  assert.deepEqual([lb.code, lb.stdout], [0, "10.0.0.100 my-apiserver-lb.example.com\n"]);
  const all = run(["-i", SEED, "render", "hosts", "all"]);
  assert.equal(all.code, 0);
  assert.ok(
    all.stdout.includes(`${BLOCK_BEGIN}\n10.3.0.2 node2 node2.cluster.local\n`),
    all.stdout,
  );
  assert.match(all.stderr, /assuming it equals the inventory name/);
  assert.equal(run(["-i", SEED, "render", "hosts", "some"]).code, 2);
  const none = run([
    "-i",
    join(ROOT, "fixtures", "explain", "local", "hosts.ini"),
    "render",
    "hosts",
  ]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /Cannot render \/etc\/hosts: no external load balancer/);
});
