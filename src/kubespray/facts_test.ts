import assert from "node:assert/strict";
import { type PyDict, PyFloat, type PyValue, Unsafe } from "../values/types.ts";
import type { ClusterView } from "./cluster.ts";
import { computeFacts, EXTRA_FACT_NAMES, type Fact, FACT_NAMES, mergeFacts } from "./facts.ts";
import { clusterViewOf, type Golden, renderGathered, toJsonData, typeName } from "./_recorded.ts";

const FIXTURES = new URL("../../fixtures/kubespray/", import.meta.url);

/** A cluster view whose host variables tests may change. */
type EditableView = Omit<ClusterView, "hostvars"> & { readonly hostvars: Map<string, PyDict> };

/** A view from plain data: group -> hosts, host -> vars (in order). */
function view(
  groups: Record<string, string[]>,
  hostvars: Record<string, Record<string, PyValue>>,
): EditableView {
  return {
    groups: new Map(Object.entries(groups)),
    hostvars: new Map(
      Object.entries(hostvars).map((
        [host, vars],
      ) => [host, new Map(Object.entries(vars)) as PyDict]),
    ),
  };
}

function fact(result: ReturnType<typeof computeFacts>, host: string, name: string): Fact {
  const found = result.facts.get(host)?.get(name);
  assert.ok(found !== undefined, `no ${name} for ${host}`);
  return found;
}

const lb = (entries: Record<string, PyValue>): PyDict => new Map(Object.entries(entries));

/** The cluster of kubespray-facts.md §2.6: node3 and rr1 have no address. */
function specCluster(extra: Record<string, PyValue> = {}): EditableView {
  const all = (vars: Record<string, PyValue>) => ({ ...vars, ...extra });
  return view(
    {
      "kube-master": ["node1", "node2"],
      "kube-node": ["node2", "node3", "node4", "node5"],
      "etcd": ["node1", "node2", "node3"],
      "calico-rr": ["rr1"],
      "k8s-cluster": ["node2", "node3", "node4", "node5", "node1"],
    },
    {
      node1: all({ access_ip: "1.1.1.1", ip: "10.3.0.1" }),
      node2: all({ ip: "10.3.0.2" }),
      node3: all({}),
      node4: all({ ip: "10.3.0.4" }),
      node5: all({ ip: "10.3.0.5" }),
      rr1: all({}),
    },
  );
}

Deno.test("computeFacts() matches the goldens recorded with Ansible and Kubespray d39a88d63f", async () => {
  const differences: string[] = [];
  let fixtures = 0;
  let compared = 0;
  let rendered = 0;
  let verifiedTemplates = 0;
  for await (const entry of Deno.readDir(FIXTURES)) {
    if (!entry.isDirectory) continue;
    const dir = new URL(`${entry.name}/`, FIXTURES);
    const golden = JSON.parse(await Deno.readTextFile(new URL("golden.json", dir))) as Golden;
    const listText = await Deno.readTextFile(new URL("ansible-list.json", dir));
    const { facts } = computeFacts(clusterViewOf(golden, listText));
    fixtures++;
    for (const [host, expected] of Object.entries(golden.hosts)) {
      const ours = facts.get(host);
      const where = `${entry.name} ${host}`;
      if (ours === undefined) {
        differences.push(`${where}: no facts`);
        continue;
      }
      for (const name of ours.keys()) {
        if (!(name in expected)) differences.push(`${where} ${name}: not in the golden`);
      }
      for (const [name, want] of Object.entries(expected)) {
        const got = ours.get(name);
        compared++;
        if (got === undefined) {
          differences.push(`${where} ${name}: missing`);
          continue;
        }
        if (want.type === "undefined" || got.value === undefined) {
          if (want.type !== "undefined" || got.value !== undefined) {
            differences.push(`${where} ${name}: golden ${want.type}, ours ${typeName(got.value)}`);
          }
          continue;
        }
        if (got.reason.waitsFor.length > 0) {
          // A Jinja template: evaluate the gathered-fact forms here; anything else must be
          // the very text whose evaluation by Ansible the recorder checked.
          if (got.reason.fromInventory) continue; // the inventory's own template, passed through
          const text = got.value as string;
          const value = renderGathered(text, host, golden.gathered);
          if (value !== undefined) {
            rendered++;
            if (value !== want.value || want.type !== "str") {
              differences.push(
                `${where} ${name}: ${JSON.stringify(text)} renders ${value}, golden ${want.value}`,
              );
            }
          } else if (golden.verified_templates[host]?.[name] === text) {
            verifiedTemplates++;
          } else {
            differences.push(`${where} ${name}: template ${JSON.stringify(text)} was not verified`);
          }
          continue;
        }
        const type = typeName(got.value);
        const data = toJsonData(got.value);
        if (type !== want.type || JSON.stringify(data) !== JSON.stringify(want.value)) {
          differences.push(
            `${where} ${name}: golden ${JSON.stringify(want.value)} (${want.type}), ours ${
              JSON.stringify(data)
            } (${type})`,
          );
        }
      }
    }
  }
  assert.deepEqual(differences, []);
  assert.ok(fixtures >= 48, `only ${fixtures} fixtures`);
  assert.ok(compared > 5000, `only ${compared} facts compared`);
  assert.ok(rendered > 500, `only ${rendered} gathered-fact templates checked`);
  assert.ok(verifiedTemplates > 10, `only ${verifiedTemplates} verified templates`);
});

Deno.test("computeFacts() gives the spec's §2.6 values for the local LB mode", () => {
  const result = computeFacts(specCluster());
  assert.equal(fact(result, "node1", "first_kube_master").value, "1.1.1.1");
  assert.equal(fact(result, "node3", "kube_apiserver_count").value, "2");
  assert.equal(fact(result, "node1", "is_kube_master").value, true);
  assert.equal(fact(result, "node1", "kube_apiserver_endpoint").value, "https://127.0.0.1:6443");
  assert.equal(fact(result, "node3", "kube_apiserver_endpoint").value, "https://localhost:6443");
  assert.equal(fact(result, "rr1", "kube_apiserver_endpoint").value, "https://localhost:6443");
  assert.equal(
    fact(result, "node3", "kube_apiserver_insecure_endpoint").value,
    "http://127.0.0.1:8080",
  );
  assert.equal(fact(result, "node3", "etcd_member_name").value, "etcd3");
  assert.equal(fact(result, "node5", "etcd_member_name").value, "");
  assert.equal(fact(result, "node3", "loadbalancer_apiserver_localhost").value, true);
  assert.equal(fact(result, "node5", "kube_apiserver_port").value, 6443);
});

Deno.test("computeFacts() hands gathered addresses to Ansible as Jinja, never inventing them", () => {
  const result = computeFacts(specCluster());
  const etcdAddress = fact(result, "node3", "etcd_address");
  assert.equal(etcdAddress.value, "{{ ansible_default_ipv4.address }}");
  assert.deepEqual(etcdAddress.reason.waitsFor, ["ansible_default_ipv4.address"]);
  assert.equal(
    fact(result, "node3", "etcd_client_url").value,
    "https://{{ ansible_default_ipv4.address }}:2379",
  );
  assert.equal(
    fact(result, "node3", "etcd_peer_url").value,
    "https://{{ ansible_default_ipv4.address }}:2380",
  );
  const third = "{{ hostvars['node3']['ansible_default_ipv4']['address'] }}";
  assert.equal(
    fact(result, "node5", "etcd_access_addresses").value,
    `https://1.1.1.1:2379,https://10.3.0.2:2379,https://${third}:2379`,
  );
  assert.equal(
    fact(result, "node1", "etcd_peer_addresses").value,
    `etcd1=https://1.1.1.1:2380,etcd2=https://10.3.0.2:2380,etcd3=https://${third}:2380`,
  );
  // Hosts with an address do not wait for anything.
  assert.deepEqual(fact(result, "node2", "etcd_client_url").reason.waitsFor, []);
});

Deno.test("computeFacts() uses ansible_default_ipv4 when the inventory gives it", () => {
  const cluster = specCluster();
  cluster.hostvars.get("node3")?.set("ansible_default_ipv4", lb({ address: "192.168.0.13" }));
  const result = computeFacts(cluster);
  assert.equal(fact(result, "node3", "etcd_client_url").value, "https://192.168.0.13:2379");
  assert.equal(
    fact(result, "node1", "etcd_access_addresses").value,
    "https://1.1.1.1:2379,https://10.3.0.2:2379,https://192.168.0.13:2379",
  );
});

Deno.test("computeFacts() lets inventory values win and feeds them to dependent facts", () => {
  const result = computeFacts(
    specCluster({ first_kube_master: "10.9.9.9", loadbalancer_apiserver_localhost: false }),
  );
  const first = fact(result, "node4", "first_kube_master");
  assert.equal(first.value, "10.9.9.9");
  assert.equal(first.reason.fromInventory, true);
  assert.equal(first.reason.rule, "inventory");
  assert.equal(fact(result, "node4", "kube_apiserver_endpoint").value, "https://10.9.9.9:6443");
  // The client role re-sets first_kube_master with set_fact before it computes admin.conf's server.
  assert.equal(fact(result, "node1", "external_apiserver_endpoint").value, "https://1.1.1.1:6443");
  const merged = mergeFacts(
    new Map([["first_kube_master", "10.9.9.9"]]),
    result.facts.get("node4") ?? new Map(),
  );
  assert.equal(merged.get("first_kube_master"), "10.9.9.9");
  assert.equal(merged.get("kube_apiserver_endpoint"), "https://10.9.9.9:6443");
});

Deno.test("computeFacts() treats the INI string 'false' as true, as Jinja does, and warns", () => {
  const result = computeFacts(specCluster({ loadbalancer_apiserver_localhost: "false" }));
  assert.equal(fact(result, "node4", "kube_apiserver_endpoint").value, "https://localhost:6443");
  const warning = result.warnings.find((w) => w.code === "truthy-string");
  assert.ok(warning !== undefined);
  assert.match(warning.message, /loadbalancer_apiserver_localhost is the string "false"/);
  assert.deepEqual(warning.hosts, ["node3", "node4", "node5", "rr1"]);
  // A real boolean switches the proxy off.
  const off = computeFacts(specCluster({ loadbalancer_apiserver_localhost: false }));
  assert.equal(fact(off, "node4", "kube_apiserver_endpoint").value, "https://1.1.1.1:6443");
  assert.deepEqual(off.warnings, []);
});

Deno.test("computeFacts() applies default() only to undefined values: '' and null print empty", () => {
  const cluster = specCluster();
  cluster.hostvars.get("node2")?.set("access_ip", "");
  cluster.hostvars.get("node1")?.set("access_ip", null);
  const result = computeFacts(cluster);
  assert.equal(fact(result, "node4", "first_kube_master").value, "");
  assert.match(
    fact(result, "node4", "etcd_access_addresses").value as string,
    /^https:\/\/:2379,https:\/\/:2379,/,
  );
  assert.equal(fact(result, "node2", "etcd_client_url").value, "https://:2379");
});

Deno.test("computeFacts() prints numbers and booleans inside strings the Python way", () => {
  const result = computeFacts(
    specCluster({ kube_apiserver_port: new PyFloat(6443), nginx_kube_apiserver_port: true }),
  );
  assert.equal(fact(result, "node1", "kube_apiserver_endpoint").value, "https://127.0.0.1:6443.0");
  assert.equal(fact(result, "node4", "kube_apiserver_endpoint").value, "https://localhost:True");
  const insecure = computeFacts(specCluster({ kube_apiserver_insecure_bind_address: null }));
  assert.equal(
    fact(insecure, "node4", "kube_apiserver_insecure_endpoint").value,
    "http://None:8080",
  );
  const wildcard = computeFacts(specCluster({ kube_apiserver_insecure_bind_address: "10.0.0.0" }));
  assert.equal(
    fact(wildcard, "node4", "kube_apiserver_insecure_endpoint").value,
    "http://1127.0.0.1:8080",
  );
});

Deno.test("computeFacts() never lets a value become a template by accident", () => {
  const cluster = specCluster();
  cluster.hostvars.get("node2")?.set("ip", new Unsafe("10.3.{{ literally }}"));
  const result = computeFacts(cluster);
  // Fully known: the result is marked unsafe, as Ansible marks Kubespray's own result.
  assert.deepEqual(fact(result, "node2", "etcd_address").value, new Unsafe("10.3.{{ literally }}"));
  assert.deepEqual(
    fact(result, "node2", "etcd_client_url").value,
    new Unsafe("https://10.3.{{ literally }}:2379"),
  );
  // Inside a template (node3 waits for its gathered address) the unsafe value is referred to.
  assert.equal(
    fact(result, "node1", "etcd_access_addresses").value,
    "https://1.1.1.1:2379,https://{{ hostvars['node2']['ip'] }}:2379," +
      "https://{{ hostvars['node3']['ansible_default_ipv4']['address'] }}:2379",
  );
  // Text starting with "{" would go through ast.literal_eval in Ansible: left to Ansible.
  cluster.hostvars.get("node2")?.set("ip", new Unsafe("{{ literally }}"));
  assert.equal(fact(computeFacts(cluster), "node2", "etcd_address").value, "{{ ip }}");
});

Deno.test("computeFacts() hands template inputs to Ansible with the rest of Kubespray's chain", () => {
  const cluster = specCluster();
  cluster.hostvars.get("node2")?.set("ip", "{{ lookup('env', 'NODE2_IP') }}");
  const result = computeFacts(cluster);
  assert.equal(
    fact(result, "node2", "etcd_address").value,
    "{{ ip | default(ansible_default_ipv4.address) }}",
  );
  assert.match(
    fact(result, "node4", "etcd_access_addresses").value as string,
    /https:\/\/\{\{ hostvars\['node2'\]\['ip'\] \| default\(hostvars\['node2'\]\['ansible_default_ipv4'\]\['address'\]\) \}\}:2379/,
  );
});

Deno.test("computeFacts() turns the rule table into a Jinja if when a decision is a template", () => {
  const result = computeFacts(specCluster({ loadbalancer_apiserver_localhost: "{{ use_nginx }}" }));
  const endpoint = fact(result, "node4", "kube_apiserver_endpoint");
  assert.equal(endpoint.reason.rule, "endpoint:template");
  assert.match(
    endpoint.value as string,
    /^\{% if not is_kube_master and loadbalancer_apiserver_localhost %\}/,
  );
  assert.match(
    endpoint.value as string,
    /\{% else %\}https:\/\/\{\{ first_kube_master \}\}:\{\{ kube_apiserver_port \}\}\{% endif %\}$/,
  );
  // A master does not read the template input: decided now.
  assert.equal(fact(result, "node1", "kube_apiserver_endpoint").value, "https://127.0.0.1:6443");
});

Deno.test("computeFacts() leaves undefined what Kubespray cannot evaluate, with a warning", () => {
  const result = computeFacts(
    view({ "kube_node": ["w1"], "etcd": ["w1"] }, { w1: { ip: "10.0.0.1" } }),
  );
  for (
    const name of [
      "is_kube_master",
      "kube_apiserver_count",
      "first_kube_master",
      "kube_apiserver_endpoint",
    ]
  ) {
    const found = fact(result, "w1", name);
    assert.equal(found.value, undefined, name);
    assert.equal(found.reason.rule, "undefined");
  }
  assert.equal(fact(result, "w1", "etcd_member_name").value, "etcd1");
  assert.deepEqual(result.warnings.map((w) => w.code), ["missing-group"]);
  const merged = mergeFacts(new Map(), result.facts.get("w1") ?? new Map());
  assert.equal(merged.has("first_kube_master"), false);
  assert.equal(merged.get("etcd_client_url"), "https://10.0.0.1:2379");
});

Deno.test("computeFacts() explains an address with the chain steps it tried", () => {
  const result = computeFacts(specCluster());
  const reason = fact(result, "node2", "etcd_access_address").reason;
  assert.equal(reason.rule, "address-chain");
  assert.deepEqual(reason.inputs, [
    { name: "access_ip", source: "undefined" },
    { name: "etcd_address", source: "default", value: "10.3.0.2" },
  ]);
  const first = fact(result, "node4", "first_kube_master").reason;
  assert.deepEqual(first.inputs[1], {
    name: "hostvars['node1']['access_ip']",
    source: "inventory",
    value: "1.1.1.1",
  });
});

Deno.test("computeFacts() refers to oddly named hosts by group position", () => {
  const result = computeFacts(view({ "kube-master": ["it's"], "etcd": ["it's"] }, { "it's": {} }));
  assert.equal(
    fact(result, "it's", "etcd_access_addresses").value,
    "https://{{ hostvars[groups['etcd'][0]]['ansible_default_ipv4']['address'] }}:2379",
  );
});

Deno.test("computeFacts() reports facts in order, external_apiserver_endpoint on masters only", () => {
  const result = computeFacts(specCluster());
  assert.deepEqual([...result.facts.get("node1")?.keys() ?? []], [
    ...FACT_NAMES,
    ...EXTRA_FACT_NAMES,
  ]);
  assert.equal(result.facts.get("node3")?.has("external_apiserver_endpoint"), false);
  const plain = computeFacts(specCluster(), { extras: false });
  assert.deepEqual([...plain.facts.get("node1")?.keys() ?? []], FACT_NAMES);
});

Deno.test("computeFacts() emulates etcd_access_endpoint from etcd_multiaccess", () => {
  const all = computeFacts(specCluster());
  assert.equal(
    fact(all, "node2", "etcd_access_endpoint").value,
    fact(all, "node2", "etcd_access_addresses").value,
  );
  const local = computeFacts(specCluster({ etcd_multiaccess: false }));
  assert.equal(fact(local, "node2", "etcd_access_endpoint").value, "https://127.0.0.1:2379");
});

Deno.test("computeFacts() warns about a master API server bound to one address", () => {
  const cluster = specCluster();
  cluster.hostvars.get("node2")?.set("kube_apiserver_bind_address", "10.3.0.2");
  const result = computeFacts(cluster);
  assert.deepEqual(result.warnings.find((w) => w.code === "bind-address")?.hosts, ["node2"]);
  assert.equal(fact(result, "node2", "kube_apiserver_endpoint").value, "https://127.0.0.1:6443");
});
