import assert from "node:assert/strict";
import { PyFloat, Unsafe, Vault } from "../values/types.ts";
import {
  concatResult,
  hasJinjaMarker,
  isDynamic,
  isFalseLookingString,
  jinjaStringLiteral,
  jinjaTruthy,
  pyFloatRepr,
  pyStr,
  renderNode,
  singleExpressionResult,
} from "./jinja_values.ts";

Deno.test("pyFloatRepr() matches Python's repr (checked with Python 3.11)", () => {
  const cases: [number, string][] = [
    [6443, "6443.0"],
    [1e16, "1e+16"],
    [1e15, "1000000000000000.0"],
    [1.5e-5, "1.5e-05"],
    [0.0001, "0.0001"],
    [0.00012, "0.00012"],
    [123456789012345680, "1.2345678901234568e+17"],
    [-0, "-0.0"],
    [0.1, "0.1"],
    [2.5, "2.5"],
    [1e22, "1e+22"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
    [5e-324, "5e-324"],
    [NaN, "nan"],
    [Infinity, "inf"],
  ];
  for (const [value, text] of cases) assert.equal(pyFloatRepr(value), text, `repr(${value})`);
});

Deno.test("jinjaTruthy() is Python truthiness: the string 'false' is true", () => {
  assert.equal(jinjaTruthy("false"), true);
  assert.equal(jinjaTruthy(""), false);
  assert.equal(jinjaTruthy(null), false);
  assert.equal(jinjaTruthy(0), false);
  assert.equal(jinjaTruthy(new PyFloat(0)), false);
  assert.equal(jinjaTruthy(new PyFloat(NaN)), true);
  assert.equal(jinjaTruthy([]), false);
  assert.equal(jinjaTruthy(new Map()), false);
  assert.equal(jinjaTruthy(new Unsafe("")), false);
  assert.equal(jinjaTruthy(new Vault("$ANSIBLE_VAULT;1.1;AES256\n00")), undefined);
});

Deno.test("isFalseLookingString() flags the strings Ansible's boolean() reads as false", () => {
  for (const text of ["false", "False", "no", "off", "0", "n", " f "]) {
    assert.equal(isFalseLookingString(text), true, text);
  }
  assert.equal(isFalseLookingString(false), false);
  assert.equal(isFalseLookingString("true"), false);
});

Deno.test("renderNode() prints None as empty, booleans and floats Python's way", () => {
  assert.equal(renderNode(null), "");
  assert.equal(pyStr(null), "None");
  assert.equal(renderNode(true), "True");
  assert.equal(renderNode(new PyFloat(6443)), "6443.0");
  assert.equal(renderNode(10n ** 20n), "100000000000000000000");
  assert.equal(renderNode(["a"]), undefined);
});

Deno.test("singleExpressionResult() converts like ansible_eval_concat", () => {
  assert.equal(singleExpressionResult(2, false), "2");
  assert.equal(singleExpressionResult(true, false), true);
  assert.equal(singleExpressionResult("True", false), true);
  assert.equal(singleExpressionResult(null, false), "");
  assert.equal(singleExpressionResult(new PyFloat(1), false), "1.0");
  assert.deepEqual(singleExpressionResult([1, "a"], false), [1, "a"]);
  // literal_eval would be needed: left to Ansible
  assert.equal(singleExpressionResult("[1,2]", false), undefined);
  assert.equal(singleExpressionResult([new PyFloat(NaN)], false), undefined);
  assert.deepEqual(singleExpressionResult("1.1.1.1", true), new Unsafe("1.1.1.1"));
  assert.deepEqual(singleExpressionResult(new Unsafe("x"), false), new Unsafe("x"));
});

Deno.test("concatResult() turns 'True' into a bool and leaves brackets to Ansible", () => {
  assert.equal(concatResult("False", false), false);
  assert.equal(concatResult("{a", false), undefined);
  assert.equal(concatResult("https://x", false), "https://x");
});

Deno.test("hasJinjaMarker() and isDynamic() find templates, not unsafe text", () => {
  assert.equal(hasJinjaMarker("a {b} c"), false);
  assert.equal(hasJinjaMarker("{% if x %}"), true);
  assert.equal(hasJinjaMarker("{# c #}"), true);
  assert.equal(isDynamic("{{ x }}"), true);
  assert.equal(isDynamic(new Unsafe("{{ x }}")), false);
  assert.equal(isDynamic(new Map([["address", "{{ vip }}"]])), true);
  assert.equal(isDynamic(new Map([["{{ k }}", 1]])), false); // keys are not templated
});

Deno.test("jinjaStringLiteral() refuses names that need escapes", () => {
  assert.equal(jinjaStringLiteral("node3"), "'node3'");
  assert.equal(jinjaStringLiteral("it's"), undefined);
  assert.equal(jinjaStringLiteral("a\\b"), undefined);
});
