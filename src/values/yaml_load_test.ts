import assert from "node:assert/strict";
import { InventorySyntaxError, UnserializableValueError } from "../errors.ts";
import { dateRepr } from "./py_str.ts";
import { PyDate, PyFloat, type PyValue, Unsafe, Vault } from "./types.ts";
import { implicitTag, type KeyLines, loadYaml, pyFloatRepr, readsFast } from "./yaml_load.ts";

/**
 * Cases recorded from PyYAML 6.0 (libyaml) + Ansible 2.14's AnsibleLoader by
 * scripts/record_yaml_cases.py: spec §4.3, the crafted yml cases, merge/duplicate/tag
 * cases and 2,000 seeded random scalars (as values and as keys).
 */
interface LoadCase {
  yaml: string;
  result?: unknown;
  error?: { kind: string; message: string; line?: number; column?: number; class?: string };
  warnings?: string[];
}
const CASES: { load: LoadCase[] } = JSON.parse(
  Deno.readTextFileSync(new URL("../../tests/data/yaml_cases.json", import.meta.url)),
);

/** Where js-yaml, which does the parsing, reads differently from libyaml. */
const KNOWN_DIFFERENCES = new Map<string, string>([
  // An anchor or tag on the first key of a block mapping: js-yaml gives it to the mapping
  // and then fails on the key.
  ["a:\n  &x b: 1\n  b: 2\n", "properties on a first key"],
  ["&k a: 1\n*k : 2\n", "properties on a first key"],
  ["!unsafe a: 1\n", "properties on a first key"],
  ["&y- 1e3: v\n", "properties on a first key"],
  // libyaml ends the anchor name at ':'; js-yaml reads `yes:` as the name.
  ["&yes: v\n", "anchor followed by ':'"],
  // LS and PS break lines (as "\n" here) but libyaml keeps them in quoted and block content.
  ['a: "x\u2028y"\n', "LS in quoted content"],
  ["a: |\n  x\u2028  y\n", "LS in block content"],
  ["a: 'p\u2029q'\n", "PS in quoted content"],
  // A stream of only `...`.
  ["...\n", "a lone document end marker"],
  // js-yaml takes a same-indented `b: 2` after an explicit key for the key's value.
  ["a:\n  ?\n  b: 2\n", "explicit key followed by an implicit one"],
  // libyaml refuses a `?` alone on its line inside a flow sequence; js-yaml reads {None: None}.
  ["x: [\n?\n]\n", "bare ? in a flow sequence"],
]);

/** The recording's tagged JSON for a loaded value. */
function encode(value: PyValue, key = false): unknown {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return { int: String(value) };
  if (value instanceof PyFloat) return { float: pyFloatRepr(value.value) };
  if (value instanceof Unsafe) return key ? value.value : { unsafe: value.value };
  if (value instanceof Vault) return { vault: value.ciphertext };
  if (value instanceof PyDate) return { date: dateRepr(value) };
  if (Array.isArray(value)) return value.map((item) => encode(item));
  return { dict: [...value].map(([k, v]) => [encode(k, true), encode(v)]) };
}

type Outcome = { result: unknown; warnings: string[] } | { error: string; warnings: string[] };

function run(text: string, file: string): Outcome {
  const warnings: string[] = [];
  try {
    return { result: encode(loadYaml(text, file, (message) => warnings.push(message))), warnings };
  } catch (error) {
    if (error instanceof UnserializableValueError) return { error: "unserializable", warnings };
    if (error instanceof InventorySyntaxError) return { error: "syntax", warnings };
    throw error;
  }
}

function expected(c: LoadCase): Outcome {
  return c.error
    ? { error: c.error.kind, warnings: [] }
    : { result: c.result, warnings: c.warnings ?? [] };
}

function fileOf(c: LoadCase): string {
  return c.yaml.startsWith("all:\n  hosts:\n    h1:\n      b_yes") ? "edge_cases.yaml" : "inv.yml";
}

Deno.test("loadYaml() matches AnsibleLoader on every recorded case", () => {
  assert.ok(CASES.load.length > 2000);
  const failures: string[] = [];
  for (const c of CASES.load) {
    if (KNOWN_DIFFERENCES.has(c.yaml)) continue;
    const outcome = run(c.yaml, fileOf(c));
    try {
      assert.deepEqual(outcome, expected(c));
    } catch {
      failures.push(
        `${JSON.stringify(c.yaml)}:\n  got      ${JSON.stringify(outcome)}\n  expected ${
          JSON.stringify(expected(c))
        }${c.error ? ` (${c.error.message})` : ""}`,
      );
    }
  }
  assert.equal(
    failures.length,
    0,
    `${failures.length} mismatches:\n${failures.slice(0, 20).join("\n")}`,
  );
});

Deno.test("loadYaml() gives the same on its general path (js-yaml) as on its fast path", () => {
  // A tab in a trailing comment sends any text down the general path. A break added after
  // a last line only changes block scalars, which never take the fast path anyway.
  const general = (text: string) =>
    text.endsWith("\n") || text === "" ? text + "#\t\n" : readsFast(text) ? text + "\n#\t\n" : text;
  let fast = 0;
  const failures: string[] = [];
  for (const c of CASES.load) {
    if (KNOWN_DIFFERENCES.has(c.yaml)) continue;
    assert.ok(!readsFast(general(c.yaml)));
    if (readsFast(c.yaml)) fast++;
    const outcome = run(general(c.yaml), fileOf(c));
    try {
      assert.deepEqual(outcome, expected(c));
    } catch {
      failures.push(`${JSON.stringify(c.yaml)}:\n  got      ${JSON.stringify(outcome)}`);
    }
  }
  assert.equal(
    failures.length,
    0,
    `${failures.length} mismatches:\n${failures.slice(0, 20).join("\n")}`,
  );
  // Both paths were exercised.
  assert.ok(fast > 1000, `${fast} read by the fast path`);
});

Deno.test("readsFast() takes Kubespray-style inventories", () => {
  const inventory = "all:\n  hosts:\n    node1:\n      ansible_host: 10.0.0.1  # first\n" +
    "      ip: 10.0.0.1\n      labels: {role: 'worker', zone: \"a\"}\n      taints: [a, 'b c']\n" +
    "  children:\n    kube_node:\n      hosts:\n        node1:\n    k8s_cluster:\n      children:\n" +
    "        kube_node:\n      vars:\n        list:\n        - 1\n        - x: y\n          z: ~\n";
  assert.ok(readsFast(inventory));
  assert.ok(readsFast("---\n# comment\n\na: 1\n"));
  assert.ok(!readsFast("a: &x 1\nb: *x\n"));
  assert.ok(!readsFast("a: |\n  text\n"));
  assert.ok(!readsFast("a: multi\n  line\n"));
});

Deno.test("loadYaml() still differs from AnsibleLoader on the documented cases only", () => {
  for (const [text, reason] of KNOWN_DIFFERENCES) {
    const c = CASES.load.find((each) => each.yaml === text);
    assert.ok(c, `recorded: ${reason}`);
    assert.notDeepEqual(
      run(text, "inv.yml"),
      expected(c),
      `now matches, drop it from the list: ${reason}`,
    );
  }
});

Deno.test("loadYaml() reports constructor errors at PyYAML's line", () => {
  let checked = 0;
  for (const c of CASES.load) {
    const error = c.error;
    if (!error || error.line === undefined) continue;
    if (error.class !== "ConstructorError" && error.class !== "ComposerError") continue;
    if (error.message.startsWith("found undefined alias")) continue; // js-yaml's position
    assert.throws(() => loadYaml(c.yaml, "inv.yml"), (thrown: unknown) => {
      assert.ok(thrown instanceof InventorySyntaxError);
      assert.equal(thrown.location.line, error.line, `${JSON.stringify(c.yaml)}: ${error.message}`);
      return true;
    });
    checked++;
  }
  assert.ok(checked > 40);
});

Deno.test("loadYaml() reads YAML 1.1 booleans but keeps y and n as strings (crafted yml01)", () => {
  const text =
    'all:\n  hosts:\n    h:\n      a: yes\n      b: no\n      c: on\n      d: off\n      e: Yes\n      f: y\n      g: n\n      i: "yes"\n';
  const h = host(loadYaml(text, "inv.yml"));
  assert.deepEqual([...h.values()], [true, false, true, false, true, "y", "n", "yes"]);
});

Deno.test("loadYaml() reads YAML 1.1 numbers (crafted yml02)", () => {
  const text =
    "all:\n  hosts:\n    h:\n      a: 012\n      b: 0o12\n      c: 0x1F\n      d: 1e3\n      e: 1.0e3\n      f: 1.0e+3\n      g: 1:20\n      i: 1_000\n      j: 0b101\n      k: .inf\n      l: .NaN\n      m: +12\n";
  const h = host(loadYaml(text, "inv.yml"));
  assert.deepEqual([...h.values()].slice(0, 5), [10, "0o12", 31, "1e3", "1.0e3"]);
  assert.deepEqual(h.get("f"), new PyFloat(1000));
  assert.deepEqual([h.get("g"), h.get("i"), h.get("j"), h.get("m")], [80, 1000, 5, 12]);
  assert.deepEqual(h.get("k"), new PyFloat(Infinity));
  assert.ok(Number.isNaN((h.get("l") as PyFloat).value));
});

Deno.test("loadYaml() gives nulls, and dates as Python objects (crafted yml03)", () => {
  const text =
    "all:\n  hosts:\n    h:\n      a: ~\n      b:\n      c: Null\n      d: 2001-12-14\n      e: 2001-12-14 21:59:43.10\n      f: 2001-12-14t21:59:43.10-05:00\n      g: 2001-12-14 21:59:43Z\n";
  const values = [...host(loadYaml(text, "inv.yml")).values()];
  assert.deepEqual(values.slice(0, 3), [null, null, null]);
  const time = { hour: 21, minute: 59, second: 43, microsecond: 100000 };
  assert.deepEqual(values.slice(3), [
    new PyDate(2001, 12, 14),
    new PyDate(2001, 12, 14, { ...time, offset: null }),
    new PyDate(2001, 12, 14, { ...time, offset: -300 }),
    new PyDate(2001, 12, 14, { ...time, microsecond: 0, offset: 0 }),
  ]);
  // What --list prints.
  assert.deepEqual(values.slice(3).map((date) => (date as PyDate).isoformat()), [
    "2001-12-14",
    "2001-12-14T21:59:43.100000",
    "2001-12-14T21:59:43.100000-05:00",
    "2001-12-14T21:59:43+00:00",
  ]);
});

Deno.test("loadYaml() keeps one key for dates Python finds equal, and warns", () => {
  const warnings: string[] = [];
  const dict = loadYaml(
    "{2001-01-01 05:00:00 +5: a, 2001-01-01 00:00:00Z: b, 2001-01-01: c, 2001-01-01 00:00:00: d}\n",
    "inv.yml",
    (message) => warnings.push(message),
  ) as Map<unknown, unknown>;
  assert.deepEqual([...dict.values()], ["b", "c", "d"]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /duplicate dict key \(2001-01-01 00:00:00\+00:00\)/);
});

Deno.test("loadYaml() wraps only the strings of an !unsafe list (crafted yml04)", () => {
  const text =
    'all:\n  hosts:\n    h:\n      a: !unsafe "{{ x }}"\n      b: !unsafe [1, "{{ y }}", {k: v}]\n';
  const h = host(loadYaml(text, "inv.yml"));
  assert.deepEqual(h.get("a"), new Unsafe("{{ x }}"));
  assert.deepEqual(h.get("b"), [1, new Unsafe("{{ y }}"), new Map()]);
});

Deno.test("loadYaml() keeps a !vault ciphertext exactly as written (crafted yml05)", () => {
  const text =
    "all:\n  hosts:\n    h:\n      s: !vault |\n        $ANSIBLE_VAULT;1.1;AES256\n        6231336539\n";
  assert.deepEqual(
    host(loadYaml(text, "inv.yml")).get("s"),
    new Vault("$ANSIBLE_VAULT;1.1;AES256\n6231336539\n"),
  );
});

Deno.test("loadYaml() warns about a duplicate key at the enclosing mapping (crafted yml14)", () => {
  const warnings: string[] = [];
  const value = loadYaml(
    "g:\n  hosts:\n    a: {x: 1}\n    a: {y: 2}\n",
    "inv.yml",
    (w) => warnings.push(w),
  );
  assert.deepEqual(warnings, [
    "While constructing a mapping from inv.yml, line 3, column 5, found a duplicate dict key (a). Using last defined value only.",
  ]);
  assert.deepEqual(
    value,
    new Map([["g", new Map([["hosts", new Map([["a", new Map([["y", 2]])]])]])]]),
  );
});

Deno.test("loadYaml() keeps the first position and the last value of a duplicate key", () => {
  assert.deepEqual(loadYaml("{a: 1, b: 2, a: 3}", "f"), new Map([["a", 3], ["b", 2]]));
  // Python's equality: 1, 1.0 and True are one key, and the first key object stays.
  assert.deepEqual(loadYaml("{1: a, true: b, 1.0: c}", "f"), new Map([[1, "c"]]));
});

Deno.test("loadYaml() gives int keys as numbers (crafted yml26)", () => {
  const x = host(loadYaml("all:\n  hosts:\n    h:\n      x: {a: 1, 0: 2}\n", "inv.yml")).get("x");
  assert.deepEqual(x, new Map<string | number, number>([["a", 1], [0, 2]]));
});

Deno.test("loadYaml() merges << keys in PyYAML's order", () => {
  const warnings: string[] = [];
  const value = loadYaml(
    "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n",
    "f",
    (w) => warnings.push(w),
  );
  assert.deepEqual(
    (value as Map<string, PyValue>).get("c"),
    new Map([["x", 1], ["y", 2], ["z", 3]]),
  );
  // The later map of the list is merged first; the earlier one then overrides it.
  assert.deepEqual(warnings, [
    "While constructing a mapping from f, line 4, column 3, found a duplicate dict key (x). Using last defined value only.",
  ]);
});

Deno.test("loadYaml() reads big ints exactly", () => {
  assert.deepEqual(
    loadYaml("[12345678901234567890, 0x1234567890abcdef12, 9007199254740993]", "f"),
    [
      12345678901234567890n,
      0x1234567890abcdef12n,
      9007199254740993n,
    ],
  );
});

Deno.test("loadYaml() returns null for an empty or comment-only document", () => {
  assert.equal(loadYaml("", "f"), null);
  assert.equal(loadYaml("# nothing\n\n", "f"), null);
  assert.equal(loadYaml("---\n...\n", "f"), null);
});

Deno.test("loadYaml() rejects a second document where it starts, as Ansible does", () => {
  assert.throws(() => loadYaml("---\na: 1\n---\nb: 2\n", "inv.yml"), (error: unknown) => {
    assert.ok(error instanceof InventorySyntaxError);
    assert.match(error.message, /single document/);
    assert.deepEqual(error.location, { file: "inv.yml", line: 3, column: 1 });
    return true;
  });
});

Deno.test("loadYaml() reports syntax errors with a 1-based line and column", () => {
  assert.throws(() => loadYaml("a: 1\nb: [1, 2\n", "inv.yml"), (error: unknown) => {
    assert.ok(error instanceof InventorySyntaxError);
    assert.match(error.message, /^YAML syntax error: /);
    assert.equal(error.location.file, "inv.yml");
    assert.equal(error.location.line, 3);
    return true;
  });
  assert.throws(() => loadYaml("a: !foo x\n", "inv.yml"), (error: unknown) => {
    assert.ok(error instanceof InventorySyntaxError);
    assert.equal(error.message, "Could not determine a constructor for the tag '!foo'");
    assert.deepEqual(error.location, { file: "inv.yml", line: 1, column: 4 });
    return true;
  });
});

Deno.test("loadYaml() refuses the values Ansible cannot print", () => {
  // ansible-inventory --list: `ERROR! Unexpected Exception, this is probably a bug: ...`.
  assert.throws(() => loadYaml("a: !!binary aGVsbG8=\n", "f"), {
    name: "UnserializableValueError",
    message: "Object of type bytes is not JSON serializable",
  });
  assert.throws(() => loadYaml("a: !!set {x, y}\n", "f"), {
    name: "UnserializableValueError",
    message: "Object of type set is not JSON serializable",
  });
});

Deno.test("loadYaml() gives the line of every mapping key when asked", () => {
  const keyLines: KeyLines = new WeakMap();
  const text = "all:\n  hosts:\n    web1:\n    'web2': {a: 1}\n  children:\n    ? g\n    : {}\n";
  const all = (loadYaml(text, "f", undefined, keyLines) as Map<string, PyValue>).get("all") as Map<
    string,
    PyValue
  >;
  assert.deepEqual(keyLines.get(all), new Map([["hosts", 2], ["children", 5]]));
  assert.deepEqual(
    keyLines.get(all.get("hosts") as Map<string, PyValue>),
    new Map([["web1", 3], ["web2", 4]]),
  );
  assert.deepEqual(keyLines.get(all.get("children") as Map<string, PyValue>), new Map([["g", 6]]));
});

Deno.test("implicitTag() resolves plain scalars like PyYAML's resolver", () => {
  const cases: [string, string][] = [
    ["yes", "bool"],
    ["y", "str"],
    ["Null", "null"],
    ["", "null"],
    ["012", "int"],
    ["0o12", "str"],
    ["1:20", "int"],
    ["1e3", "str"],
    ["1.0e+3", "float"],
    [".inf", "float"],
    ["-.5", "str"],
    ["10.0.0.1", "str"],
    ["2001-12-14", "timestamp"],
    ["<<", "merge"],
    ["=", "value"],
  ];
  for (const [text, tag] of cases) assert.equal(implicitTag(text), tag, text);
});

Deno.test("pyFloatRepr() prints floats as Python's repr()", () => {
  const cases: [number, string][] = [
    [1e16, "1e+16"],
    [1e-5, "1e-05"],
    [0.0001, "0.0001"],
    [123456789.12345679, "123456789.12345679"],
    [-0, "-0.0"],
    [5e-324, "5e-324"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
    [1.5e16, "1.5e+16"],
    [100, "100.0"],
    [1e15, "1000000000000000.0"],
    [123456789012345678, "1.2345678901234568e+17"],
    [12345.678e-10, "1.2345678e-06"],
  ];
  for (const [value, text] of cases) assert.equal(pyFloatRepr(value), text);
});

function host(value: PyValue): Map<string, PyValue> {
  const all = (value as Map<string, PyValue>).get("all") as Map<string, PyValue>;
  return (all.get("hosts") as Map<string, PyValue>).get("h") as Map<string, PyValue>;
}
