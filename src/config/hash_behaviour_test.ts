import assert from "node:assert/strict";
import type { PyDict, PyValue } from "../values/types.ts";
import { foldVars, mergeHash, replaceVars, setVariable } from "./hash_behaviour.ts";

/** A PyDict from a plain object, nested objects as dicts. */
function d(object: Record<string, unknown>): PyDict {
  return new Map(
    Object.entries(object).map(([k, v]) => [
      k,
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? d(v as Record<string, unknown>)
        : v as PyValue,
    ]),
  );
}

/** A PyDict back to a plain object (order kept). */
function o(value: PyValue): unknown {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, o(v)]));
  return value;
}

Deno.test("mergeHash() merges dicts recursively and replaces lists and scalars", () => {
  const x = d({ a: { x: 1, n: { p: 1 } }, l: [1, 2], s: 1, keep: true });
  const y = d({ a: { y: 2, n: { q: 2 } }, l: [3], s: { now: "dict" }, added: null });
  assert.deepEqual(o(mergeHash(x, y)), {
    a: { x: 1, n: { p: 1, q: 2 }, y: 2 },
    l: [3],
    s: { now: "dict" },
    keep: true,
    added: null,
  });
  // Inputs are untouched.
  assert.deepEqual(o(x), { a: { x: 1, n: { p: 1 } }, l: [1, 2], s: 1, keep: true });
});

Deno.test("mergeHash() keeps the first dict's key order, new keys last (as dict.copy() and []=)", () => {
  assert.deepEqual([...mergeHash(d({ b: 1, a: 1 }), d({ c: 1, b: 2 })).keys()], ["b", "a", "c"]);
});

Deno.test("replaceVars() replaces dicts whole", () => {
  assert.deepEqual(o(replaceVars(d({ a: { x: 1 }, b: 1 }), d({ a: { y: 2 } }))), {
    a: { y: 2 },
    b: 1,
  });
});

Deno.test("foldVars() with merge is not associative, so nesting matters", () => {
  const a = d({ k: { a: 1 } });
  const b = d({ k: 5 });
  const c = d({ k: { c: 3 } });
  assert.deepEqual(o(foldVars([a, b, c], mergeHash)), { k: { c: 3 } });
  assert.deepEqual(o(mergeHash(a, foldVars([b, c], mergeHash))), { k: { a: 1, c: 3 } });
});

Deno.test("setVariable() merges a dict into a dict only under merge (Host.set_variable)", () => {
  const vars = d({ k: { a: 1 }, s: "x" });
  setVariable(vars, "k", d({ b: 2 }), false);
  assert.deepEqual(o(vars), { k: { b: 2 }, s: "x" });
  setVariable(vars, "k", d({ c: 3 }), true);
  setVariable(vars, "s", d({ now: 1 }), true);
  assert.deepEqual(o(vars), { k: { b: 2, c: 3 }, s: { now: 1 } });
});
