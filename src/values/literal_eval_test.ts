import assert from "node:assert/strict";
import { data, toTag } from "./_recorded_python.ts";
import { UnserializableValueError } from "../errors.ts";
import { dumpJson } from "./json.ts";
import { literalEval } from "./literal_eval.ts";
import { pyStr } from "./py_str.ts";
import { PyFloat, type PyValue } from "./types.ts";

/** Evaluates, turning the two expected exceptions into descriptions. */
function evaluate(
  text: string,
): { value?: PyValue | undefined; crash?: string; typeError?: string } {
  try {
    return { value: literalEval(text) };
  } catch (error) {
    if (error instanceof UnserializableValueError) return { crash: error.message };
    if (error instanceof TypeError) return { typeError: error.message };
    throw error;
  }
}

function ini(text: string): string {
  const value = literalEval(text);
  return dumpJson(value === undefined ? text : value, { indent: null });
}

Deno.test("literalEval() agrees with Python 3.11 on every recorded text", () => {
  const counts = { string: 0, value: 0, crash: 0, typeerror: 0 };
  for (const record of data.literalEval) {
    const label = JSON.stringify(record.in);
    const result = evaluate(record.in);
    if (record.kind === "string") {
      assert.deepEqual(result, { value: undefined }, label);
      counts.string++;
    } else if (record.kind === "typeerror") {
      assert.deepEqual(result, { typeError: record.message }, label);
      counts.typeerror++;
    } else if (record.dump?.error === "TypeError") {
      assert.deepEqual(result, { crash: record.dump.message }, label);
      counts.crash++;
    } else {
      assert.ok(result.value !== undefined, `${label} gave ${Deno.inspect(result)}`);
      assert.deepEqual(toTag(result.value), record.value, label);
      counts.value++;
    }
  }
  assert.ok(counts.string > 1000 && counts.value > 900, JSON.stringify(counts));
  assert.ok(counts.crash > 20 && counts.typeerror > 5, JSON.stringify(counts));
});

Deno.test("literalEval() types INI values as the spec's §3.5 table says", () => {
  const cases: [string, string][] = [
    ["1", "1"],
    ["-3", "-3"],
    ["+3", "3"],
    ["00", "0"],
    ["1_000", "1000"],
    ["010", '"010"'],
    ["0x10", "16"],
    ["0o17", "15"],
    ["0b11", "3"],
    ["100000000000000000000", "100000000000000000000"],
    ["1.5", "1.5"],
    ["1.", "1.0"],
    [".5e1", "5.0"],
    ["1e3", "1000.0"],
    ["1E3", "1000.0"],
    ["1e400", "Infinity"],
    ["True", "true"],
    ["False", "false"],
    ["None", "null"],
    ["true", '"true"'],
    ["yes", '"yes"'],
    ["FALSE", '"FALSE"'],
    ["null", '"null"'],
    ["inf", '"inf"'],
    ["NaN", '"NaN"'],
    ["'x'", '"x"'],
    ['"x"', '"x"'],
    ["b'xy'", '"xy"'],
    ["[1, 'x', None]", '[1, "x", null]'],
    ["(1, 2)", "[1, 2]"],
    ["{'k': [1, {'z': False}]}", '{"k": [1, {"z": false}]}'],
    ["{10: 'x', 9: 'y'}", '{"9": "y", "10": "x"}'],
    ["1+2", '"1+2"'],
    ["", '""'],
    ["hello world", '"hello world"'],
    ["b=c", '"b=c"'],
    ["hello # c", '"hello # c"'],
    ["1 # c", "1"],
    ["x ; y", '"x ; y"'],
  ];
  for (const [text, json] of cases) assert.equal(ini(text), json, text);
});

Deno.test("literalEval() gives the crafted cases' values (ini01-ini17)", () => {
  assert.equal(ini("1e16") + ini("1e-5") + ini("0.0001") + ini("1.10"), "1e+161e-050.00011.1");
  assert.equal(ini("123456789.123456789"), "123456789.12345679");
  assert.equal(ini("'1'"), '"1"'); // ini05: a="'1'" on a host line
  assert.equal(ini('"1"'), '"1"');
  assert.equal(ini("x"), '"x"'); // ini10: a=x#y keeps x after shlex
  assert.equal(ini("b=c"), '"b=c"');
});

Deno.test("literalEval() throws what ansible-inventory crashes with for sets and complex (ini59)", () => {
  const crash = (text: string) => evaluate(text).crash;
  assert.equal(crash("{1, 2}"), "Object of type set is not JSON serializable");
  assert.equal(crash("set()"), "Object of type set is not JSON serializable");
  assert.equal(crash("1j"), "Object of type complex is not JSON serializable");
  assert.equal(crash("1+2j"), "Object of type complex is not JSON serializable");
  assert.equal(crash("..."), "Object of type ellipsis is not JSON serializable");
  assert.equal(crash("[b'x']"), "Object of type bytes is not JSON serializable");
  assert.equal(crash("{(1, 2): 'x'}"), "keys must be str, int, float, bool or None, not tuple");
  // The first one in insertion order, as in Ansible's unsorted retry.
  assert.equal(crash("{'b': {1}, 'a': 1j}"), "Object of type set is not JSON serializable");
  // A later duplicate key replaces the value.
  assert.deepEqual(evaluate("{'a': {1}, 'a': 1}").value, new Map([["a", 1]]));
});

Deno.test("literalEval() raises TypeError for unhashable keys like Python", () => {
  assert.deepEqual(evaluate("{[1]: 2}"), { typeError: "unhashable type: 'list'" });
  assert.deepEqual(evaluate("{{1}: 2}"), { typeError: "unhashable type: 'set'" });
  assert.deepEqual(evaluate("{(1, [2])}"), { typeError: "unhashable type: 'list'" });
  // ValueError first in evaluation order wins.
  assert.deepEqual(evaluate("[--1, {[1]: 2}]"), { value: undefined });
  assert.deepEqual(evaluate("[{[1]: 2}, --1]"), { typeError: "unhashable type: 'list'" });
});

Deno.test("literalEval() merges dict keys Python finds equal, keeping the first key", () => {
  const value = literalEval("{1: 'a', True: 'b', 1.0: 'c', 'x': 1, 'x': 2, 0: 0, -0.0: 9}");
  assert.ok(value instanceof Map);
  assert.deepEqual([...value], [[1, "c"], ["x", 2], [0, 9]]);
  const floatKey = literalEval("{1.5: 1, 2.0: 2, 2: 3}");
  assert.ok(floatKey instanceof Map);
  const keys = [...floatKey.keys()];
  assert.ok(keys[0] instanceof PyFloat && keys[0].value === 1.5);
  assert.ok(keys[1] instanceof PyFloat && keys[1].value === 2);
  assert.deepEqual([...floatKey.values()], [1, 3]);
});

Deno.test("literalEval() reads every recorded \\N{...} name it has a table entry for", () => {
  for (const [name, codePoint] of data.names as [string, number][]) {
    assert.equal(literalEval(`'\\N{${name}}'`), String.fromCodePoint(codePoint), name);
    if (/^(CJK|HANGUL) /.test(name)) continue; // these two prefixes are case-sensitive
    assert.equal(
      literalEval(`'\\N{${name.toLowerCase()}}'`),
      String.fromCodePoint(codePoint),
      name,
    );
  }
});

Deno.test("literalEval() decodes top-level bytes as UTF-8 with surrogateescape", () => {
  assert.equal(literalEval("b'\\xc3\\xa9'"), "\u00e9");
  assert.equal(literalEval("b'\\xff'"), "\udcff");
  assert.equal(literalEval("b'\\xe2\\x82X'"), "\udce2\udc82X");
  assert.equal(literalEval("b'\\xed\\xa0\\x80'"), "\udced\udca0\udc80");
  assert.equal(literalEval("b'\\xf0\\x9f\\x98\\x80'"), "\u{1f600}");
});

Deno.test("literalEval() handles nesting up to Python's limit without deep recursion", () => {
  assert.ok(Array.isArray(literalEval("[".repeat(200) + "]".repeat(200))));
  assert.equal(literalEval("[".repeat(201) + "]".repeat(201)), undefined);
  assert.equal(literalEval("[".repeat(1_000_000)), undefined);
  assert.equal(literalEval("(".repeat(100_000) + "1" + ")".repeat(100_000)), undefined);
  assert.equal(literalEval("-".repeat(1_000_000) + "1"), undefined);
  assert.equal(literalEval("'" + "x".repeat(1_000_000) + "'"), "x".repeat(1_000_000));
  assert.equal(literalEval("9".repeat(4300)), BigInt("9".repeat(4300)));
  assert.equal(literalEval("9".repeat(4301)), undefined);
});

Deno.test("literalEval() marks tuples so str() prints them as Python does", () => {
  assert.equal(pyStr(literalEval("(1,)")!), "(1,)");
  assert.equal(pyStr(literalEval("1, 'a'")!), "(1, 'a')");
  assert.equal(pyStr(literalEval("[(), [1]]")!), "[(), [1]]");
});
