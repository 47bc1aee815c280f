/**
 * Micro-benchmarks of the value layer (`deno bench src/values/`). Speed is measured here
 * and in scripts/bench.ts against ansible-inventory, never asserted in unit tests.
 */

import { dumpJson } from "./json.ts";
import { literalEval } from "./literal_eval.ts";
import { PyFloat, type PyKey, type PyValue } from "./types.ts";

const map = (...entries: [PyKey, PyValue][]) => new Map<PyKey, PyValue>(entries);

const hostvars = new Map<PyKey, PyValue>();
for (let i = 0; i < 50_000; i++) {
  hostvars.set(
    `node${i}.example.com`,
    map(
      ["ansible_host", `10.0.${i >> 8}.${i & 255}`],
      ["ansible_port", 22],
      ["ip", `10.0.${i >> 8}.${i & 255}`],
      ["labels", map(["zone", "a"], ["rack", i % 7])],
      ["weight", new PyFloat(i / 3)],
    ),
  );
}
const document = map(["_meta", map(["hostvars", hostvars])]);

Deno.bench("dumpJson() of a 50k-host hostvars map", () => {
  dumpJson(document);
});

const values = [
  "node1",
  "10.0.0.1",
  "22",
  "True",
  "/usr/bin/python3",
  "web-01.example.com",
  "'quoted'",
  "[1, 2]",
  "1.5",
  "yes",
];

Deno.bench("literalEval() on 500k typical INI values", () => {
  for (let i = 0; i < 500_000; i++) literalEval(values[i % values.length]!);
});
