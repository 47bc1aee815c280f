/**
 * Times `loadYaml()` on a Kubespray-style YAML inventory with 50,000 hosts (3-4 vars each,
 * plus groups listing the hosts with null values).
 *
 *     deno run scripts/bench_yaml_load.ts [hosts]
 *
 * The first run includes compilation (what a one-shot CLI pays); the machine's load shows
 * in the wall times, so compare runs made at the same time.
 *
 * @module
 */

import { dumpYaml } from "../src/render/yaml.ts";
import { type KeyLines, loadYaml, readsFast } from "../src/values/yaml_load.ts";

/** The inventory text. */
export function kubesprayInventory(count: number): string {
  const lines = ["all:", "  hosts:"];
  for (let i = 0; i < count; i++) {
    const ip = `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`;
    lines.push(
      `    node${i}:`,
      `      ansible_host: ${ip}`,
      `      ip: ${ip}`,
      `      access_ip: ${ip}`,
    );
    if (i % 3 === 0) lines.push(`      node_labels: {role: worker, zone: z${i % 7}}`);
  }
  lines.push("  children:");
  const groups: [string, number, number][] = [
    ["kube_control_plane", 0, 3],
    ["etcd", 0, 3],
    ["kube_node", 3, count],
  ];
  for (const [name, from, to] of groups) {
    lines.push(`    ${name}:`, "      hosts:");
    for (let i = from; i < to; i++) lines.push(`        node${i}:`);
  }
  lines.push(
    "    k8s_cluster:",
    "      children:",
    "        kube_control_plane:",
    "        kube_node:",
  );
  lines.push("    calico_rr:", "      hosts: {}");
  return lines.join("\n") + "\n";
}

if (import.meta.main) {
  const count = Number(Deno.args[0] ?? 50_000);
  const text = kubesprayInventory(count);
  console.log(
    `${count} hosts, ${(text.length / 1e6).toFixed(1)} MB of YAML, ${
      readsFast(text) ? "fast path" : "general (js-yaml) path"
    }`,
  );
  for (let run = 0; run < 5; run++) {
    let start = performance.now();
    const value = loadYaml(text, "hosts.yaml");
    const load = performance.now() - start;
    start = performance.now();
    const keyLines: KeyLines = new WeakMap();
    loadYaml(text, "hosts.yaml", undefined, keyLines);
    const withLines = performance.now() - start;
    start = performance.now();
    const dumped = dumpYaml(value);
    const dump = performance.now() - start;
    console.log(
      `load ${load.toFixed(0)} ms, load with key lines ${withLines.toFixed(0)} ms, dump ${
        dump.toFixed(0)
      } ms (${(dumped.length / 1e6).toFixed(1)} MB)`,
    );
  }
}
