import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../cli/main.ts";
import { LB_MODES } from "../kubespray/lb_modes.ts";
import { buildView } from "../pipeline.ts";
import { explainHost, renderExplainJson, renderExplainText } from "./explain.ts";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "fixtures", "explain");

/**
 * `kube_apiserver_endpoint` of a non-master (node4) per LB mode, hand-checked against
 * `kubespray-facts.md` §2.6 (values recorded there with ansible-core 2.14.18).
 */
const NON_MASTER_ENDPOINT: Record<string, string> = {
  "local": "https://localhost:6443",
  "local-with-lb": "https://localhost:6443",
  "local-with-lb-no-port": "https://localhost:6443",
  "external": "https://my-apiserver-lb.example.com:8383",
  "external-no-port": "https://1.1.1.1:6443",
  "none": "https://1.1.1.1:6443",
};

function view(mode: string) {
  return buildView([join(FIXTURES, mode, "hosts.ini")], { trackOrigins: true });
}

Deno.test("fixtures/explain has one fixture per LB mode", () => {
  const dirs = [...Deno.readDirSync(FIXTURES)].map((e) => e.name).sort();
  assert.deepEqual(dirs, LB_MODES.map((mode) => mode.id).sort());
});

for (const mode of LB_MODES) {
  Deno.test(`explainHost() agrees with the facts on every host in LB mode "${mode.id}"`, () => {
    const v = view(mode.id);
    for (const host of v.hostNames()) {
      const facts = v.facts(host)!;
      const explained = explainHost(v, host);
      assert.deepEqual(explained.facts.map((f) => f.name), [...facts.keys()]);
      for (const fact of explained.facts) {
        assert.deepEqual(fact.value, facts.get(fact.name)!.value, `${host} ${fact.name}`);
        assert.equal(fact.rule, facts.get(fact.name)!.reason.rule);
      }
      const endpoint = explained.facts.find((f) => f.name === "kube_apiserver_endpoint")!;
      const master = host === "node1" || host === "node2";
      assert.equal(endpoint.lbMode?.id, mode.id, host);
      assert.equal(endpoint.lbMode?.rule, master ? mode.master.rule : mode.nonMaster.rule);
      assert.equal(endpoint.rule, `endpoint:${endpoint.lbMode?.rule}`);
      assert.equal(
        endpoint.value,
        master ? "https://127.0.0.1:6443" : NON_MASTER_ENDPOINT[mode.id],
        host,
      );
    }
  });

  Deno.test(`renderExplainText() and renderExplainJson() print the facts' values in LB mode "${mode.id}"`, () => {
    const v = view(mode.id);
    const explanation = explainHost(v, "node4", "kube_apiserver_endpoint", FIXTURES);
    const text = renderExplainText(explanation);
    assert.ok(
      text.includes(`kube_apiserver_endpoint = "${NON_MASTER_ENDPOINT[mode.id]}"`),
      text,
    );
    assert.ok(text.includes(`LB mode  ${mode.id} ("${mode.docRow}", non-master column)`), text);
    assert.ok(text.includes(`the doc says ${mode.nonMaster.doc}`), text);
    const doc = JSON.parse(renderExplainJson(explanation));
    assert.equal(doc.host, "node4");
    assert.equal(doc.facts.length, 1);
    assert.equal(doc.facts[0].value, v.facts("node4")!.get("kube_apiserver_endpoint")!.value);
    assert.equal(doc.facts[0].lbMode.id, mode.id);
    assert.equal(doc.facts[0].lbMode.docRow, mode.docRow);
  });
}

Deno.test("explainHost() names the file and line that set each inventory input", () => {
  const v = view("external");
  const [endpoint] = explainHost(v, "node4", "kube_apiserver_endpoint", FIXTURES).facts;
  const lb = endpoint!.inputs.find((input) => input.name === "loadbalancer_apiserver")!;
  assert.deepEqual(lb.origin, { layer: "group_vars/all", location: "external/group_vars/all.yml" });
  const [first] = explainHost(v, "node3", "first_kube_master", FIXTURES).facts;
  assert.equal(first!.value, "1.1.1.1");
  const taken = first!.inputs.filter((input) => input.chosen);
  assert.deepEqual(taken.map((input) => [input.name, input.origin?.location]), [
    ["hostvars['node1']['access_ip']", "external/hosts.ini:2"],
  ]);
});

Deno.test("explainHost() marks the fallback an address chain took", () => {
  const v = view("local");
  const [own] = explainHost(v, "node2", "etcd_address").facts;
  assert.deepEqual(own!.inputs.map((i) => [i.name, i.chosen ?? false]), [["ip", true]]);
  const [gathered] = explainHost(v, "node3", "etcd_address").facts;
  assert.equal(gathered!.value, "{{ ansible_default_ipv4.address }}");
  assert.deepEqual(gathered!.inputs.map((i) => [i.name, i.source, i.chosen ?? false]), [
    ["ip", "undefined", false],
    ["ansible_default_ipv4.address", "gathered", true],
  ]);
  assert.deepEqual(gathered!.waitsFor, ["ansible_default_ipv4.address"]);
});

Deno.test("explainHost() explains an inventory variable that is not a fact by its origin", () => {
  const explanation = explainHost(view("local"), "node1", "access_ip", FIXTURES);
  assert.deepEqual(explanation.facts, []);
  assert.deepEqual(explanation.variable, {
    name: "access_ip",
    value: "1.1.1.1",
    origin: { layer: 'host "node1" (inventory)', location: "local/hosts.ini:2" },
  });
});

Deno.test("explainHost() refuses an unknown host or name", () => {
  assert.throws(() => explainHost(view("local"), "node9"), /Host "node9" is not in the inventory/);
  assert.throws(() => explainHost(view("local"), "node1", "no_such"), /neither a Kubespray fact/);
});

Deno.test("ha-inventory explain: text by default, JSON with --format json, exit 1 for an unknown host", () => {
  const hosts = join(FIXTURES, "external-no-port", "hosts.ini");
  const text = run(["-i", hosts, "explain", "node4", "kube_apiserver_endpoint"]);
  assert.equal(text.code, 0);
  assert.match(
    text.stdout,
    /^node4: Kubespray facts at d39a88d63f\n\nkube_apiserver_endpoint = "https:\/\/1\.1\.1\.1:6443"\n/,
  );
  assert.match(text.stdout, /differs: §3\.7/);
  const json = run(["-i", hosts, "explain", "node4", "--format", "json"]);
  assert.equal(json.code, 0);
  const doc = JSON.parse(json.stdout);
  assert.equal(doc.facts.length, 18 + 3);
  const missing = run(["-i", hosts, "explain", "node9"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /Host "node9" is not in the inventory/);
  assert.equal(run(["-i", hosts, "explain"]).code, 2);
});
