import assert from "node:assert/strict";
import type { PyDict, PyValue } from "../values/types.ts";
import { computeFacts } from "./facts.ts";
import {
  EXTERNAL_APISERVER_ENDPOINT_RULES,
  findLbMode,
  KUBE_APISERVER_ENDPOINT_RULES,
  LB_MODES,
  type LbMode,
} from "./lb_modes.ts";

/** The URL each rule prints for the cluster below (kubespray-facts.md §2.6, hand-checked). */
const EXPECTED_URL: Record<string, string> = {
  "nginx-localhost": "https://localhost:6443",
  "master-loopback": "https://127.0.0.1:6443",
  "external-lb": "https://lb-apiserver.kubernetes.local:8383",
  "first-master": "https://1.1.1.1:6443",
};

/** Cluster variables that select a row. */
function varsFor(mode: LbMode): Record<string, PyValue> {
  const vars: Record<string, PyValue> = {};
  if (mode.lb === "port") {
    vars.loadbalancer_apiserver = new Map<string, PyValue>([["address", "10.0.0.100"], [
      "port",
      8383,
    ]]);
  }
  if (mode.lb === "no-port") vars.loadbalancer_apiserver = new Map([["address", "10.0.0.100"]]);
  // The default of loadbalancer_apiserver_localhost is "no LB defined"; set it where that differs.
  if (mode.localhost !== (mode.lb === "undefined")) {
    vars.loadbalancer_apiserver_localhost = mode.localhost;
  }
  return vars;
}

function clusterFor(mode: LbMode) {
  const vars = varsFor(mode);
  const host = (own: Record<string, PyValue>): PyDict =>
    new Map(Object.entries({ ...own, ...vars }));
  return computeFacts({
    groups: new Map([["kube-master", ["m1"]], ["kube-node", ["n1"]], ["etcd", ["m1"]]]),
    hostvars: new Map([["m1", host({ access_ip: "1.1.1.1", ip: "10.3.0.1" })], [
      "n1",
      host({ ip: "10.3.0.4" }),
    ]]),
  });
}

for (const mode of LB_MODES) {
  Deno.test(`LB mode "${mode.id}" (${mode.docRow}): each column takes the rule the table names`, () => {
    const result = clusterFor(mode);
    const cases = [
      ["m1", "kube_apiserver_endpoint", mode.master, "master"],
      ["n1", "kube_apiserver_endpoint", mode.nonMaster, "nonMaster"],
      ["m1", "external_apiserver_endpoint", mode.adminConf, "adminConf"],
    ] as const;
    for (const [host, name, cell, column] of cases) {
      const fact = result.facts.get(host)?.get(name);
      assert.ok(fact !== undefined);
      assert.equal(fact.value, EXPECTED_URL[cell.rule], `${host} ${name}`);
      assert.equal(fact.reason.rule, `endpoint:${cell.rule}`);
      assert.equal(fact.reason.lbMode?.mode?.id, mode.id);
      assert.equal(fact.reason.lbMode?.column, column);
      assert.equal(fact.reason.lbMode?.cell, cell);
      assert.deepEqual(fact.reason.waitsFor, []);
    }
  });
}

Deno.test("LB_MODES covers every combination once and names only existing rules", () => {
  const ids = new Set(KUBE_APISERVER_ENDPOINT_RULES.map((r) => r.id));
  const adminIds = new Set(EXTERNAL_APISERVER_ENDPOINT_RULES.map((r) => r.id));
  for (const localhost of [true, false]) {
    for (const lb of ["undefined", "no-port", "port"] as const) {
      assert.equal(LB_MODES.filter((m) => m.localhost === localhost && m.lb === lb).length, 1);
      assert.equal(findLbMode(localhost, lb).localhost, localhost);
    }
  }
  for (const mode of LB_MODES) {
    assert.ok(ids.has(mode.master.rule) && ids.has(mode.nonMaster.rule), mode.id);
    assert.ok(adminIds.has(mode.adminConf.rule), mode.id);
  }
});

Deno.test("LB_MODES: masters never use the load balancer, and every master cell says why the document differs", () => {
  for (const mode of LB_MODES) {
    assert.equal(mode.master.rule, "master-loopback");
    assert.ok(mode.master.differs !== undefined, mode.id);
  }
});

Deno.test("LB mode reasons: the INI string 'false' selects the local row, not 'none'", () => {
  const result = computeFacts({
    groups: new Map([["kube-master", ["m1"]], ["kube-node", ["n1"]], ["etcd", ["m1"]]]),
    hostvars: new Map([
      [
        "m1",
        new Map<string, PyValue>([["ip", "10.3.0.1"], [
          "loadbalancer_apiserver_localhost",
          "false",
        ]]),
      ],
      [
        "n1",
        new Map<string, PyValue>([["ip", "10.3.0.4"], [
          "loadbalancer_apiserver_localhost",
          "false",
        ]]),
      ],
    ]),
  });
  const fact = result.facts.get("n1")?.get("kube_apiserver_endpoint");
  assert.equal(fact?.reason.lbMode?.mode?.id, "local");
  assert.equal(fact?.value, "https://localhost:6443");
  assert.ok(
    fact?.reason.inputs.some((i) =>
      i.name === "loadbalancer_apiserver_localhost" && i.value === "false"
    ),
  );
});

Deno.test("LB mode reasons: warnings for an LB next to the localhost proxy and an LB without port", () => {
  const forced = clusterFor(findLbMode(true, "port"));
  assert.deepEqual(forced.warnings.map((w) => [w.code, w.hosts]), [["lb-with-localhost", ["n1"]]]);
  const noPort = clusterFor(findLbMode(false, "no-port"));
  assert.deepEqual(noPort.warnings.map((w) => [w.code, w.hosts]), [["lb-without-port", ["n1"]]]);
});
