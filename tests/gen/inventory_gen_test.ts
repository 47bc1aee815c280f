import assert from "node:assert/strict";
import { generateCase } from "./inventory_gen.ts";
import { caseSeed, Rng } from "./prng.ts";

Deno.test("generateCase() gives the same files for the same seed and index", () => {
  assert.deepEqual(generateCase(7, 3), generateCase(7, 3));
  assert.notDeepEqual(generateCase(7, 3).files, generateCase(7, 4).files);
});

Deno.test("Rng and caseSeed() are deterministic and spread neighbouring indexes", () => {
  const a = new Rng(1);
  const b = new Rng(1);
  assert.deepEqual([a.next(), a.int(1, 6), a.pick(["x", "y"])], [
    b.next(),
    b.int(1, 6),
    b.pick(["x", "y"]),
  ]);
  const seeds = new Set(Array.from({ length: 1000 }, (_, i) => caseSeed(42, i)));
  assert.equal(seeds.size, 1000);
});

Deno.test("generateCase() covers what the differential test promises over 300 cases", () => {
  const features: Record<string, RegExp | ((path: string, text: string) => boolean)> = {
    "INI section": /^\[[^\]\s:]+\]/m,
    "[g:vars]": /^\[[^\]\s]+:vars\]/m,
    "[g:children]": /^\[[^\]\s]+:children\]/m,
    "YAML children": /^\s+children:/m,
    "JSON inventory": (p, t) => p.endsWith(".json") && t.includes('"hosts"'),
    "numeric range": /\[\d+:\d+\]/,
    "padded range": /\[0\d+:\d+\]/,
    "step range": /\[\d+:\d+:\d+\]/,
    "alphabetic range": /\[[a-zA-Z]:[a-zA-Z](:\d)?\]/,
    "two ranges": /\[[^\]]+\][^\s[]*\[[^\]]+\]/,
    "host:port": /^\S+:\d+(\s|$)/m,
    "IPv6": /[0-9a-f]+::[0-9a-f]/,
    "double-quoted INI value": /^\S+ .*=".*"/m,
    "single-quoted INI value": /^\S+ .*='.*'/m,
    "backslash escape": /=\S*\\ /,
    "# comment": /^#/m,
    "; comment": /^;/m,
    "Python literal list": /=\s*"?\[.*\]/,
    "Python literal dict": /=\s*"?\{.*\}/,
    "True/None": /=\s*(True|None)\b/,
    "YAML 1.1 bool": /: (yes|no|on|off|Yes|NO|On)$/m,
    "YAML octal": /: 0[0-7]+$/m,
    "sexagesimal": /: \d+:\d\d(:\d\d)?$/m,
    "YAML null": /: (~|null|Null)$/m,
    "block scalar": /: [|>][-+]?$/m,
    "anchor": /&\w+/,
    "alias": /\*\w+/,
    "merge key": /<<: /,
    "!unsafe": /!unsafe /,
    "!vault": /!vault \|/,
    // deno-lint-ignore no-control-regex
    "unicode": /[^\x00-\x7f]/,
    "ansible_group_priority": /ansible_group_priority/,
    "group_vars .yml": (p) => /group_vars\/[^/]+\.yml$/.test(p),
    "group_vars .yaml": (p) => /group_vars\/[^/]+\.yaml$/.test(p),
    "group_vars .json": (p) => /group_vars\/[^/]+\.json$/.test(p),
    "group_vars without extension": (p) => /group_vars\/[^/.]+$/.test(p),
    "group_vars directory": (p) => /group_vars\/[^/]+\/[^/]+$/.test(p),
    "host_vars": (p) => p.includes("host_vars/"),
    "Kubespray groups": /kube_control_plane|kube-master/,
    "k8s_cluster children": /k8s[_-]cluster/,
  };
  const seen = new Map<string, number>(Object.keys(features).map((k) => [k, 0]));
  const layouts = new Map<string, number>();
  for (let i = 0; i < 300; i++) {
    const c = generateCase(20240917, i);
    const layout = c.sources.length === 2
      ? "two sources"
      : c.sources[0] === "inv"
      ? "directory"
      : "one file";
    layouts.set(layout, (layouts.get(layout) ?? 0) + 1);
    if (Object.keys(c.playbookFiles).length > 0) {
      layouts.set("playbook dir", (layouts.get("playbook dir") ?? 0) + 1);
    }
    for (const [name, test] of Object.entries(features)) {
      const hit = Object.entries(c.files).some(([p, t]) =>
        typeof test === "function" ? test(p, t) : test.test(t)
      );
      if (hit) seen.set(name, seen.get(name)! + 1);
    }
  }
  const missing = [...seen].filter(([, n]) => n < 3).map(([k]) => k);
  assert.deepEqual(
    missing,
    [],
    `features seen in fewer than 3 of 300 cases: ${missing.join(", ")}`,
  );
  for (const layout of ["one file", "two sources", "directory", "playbook dir"]) {
    assert.ok((layouts.get(layout) ?? 0) >= 10, `${layout}: ${layouts.get(layout) ?? 0} cases`);
  }
});
