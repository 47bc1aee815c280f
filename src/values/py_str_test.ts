import assert from "node:assert/strict";
import { bitsToDouble, data, fromTag, Unrepresentable } from "./_recorded_python.ts";
import { UnserializableValueError } from "../errors.ts";
import {
  floatRepr,
  intText,
  isPrintable,
  isTuple,
  markTuple,
  pyRepr,
  pyStr,
  strRepr,
} from "./py_str.ts";
import { PyFloat, type PyKey, type PyValue, Unsafe, Vault } from "./types.ts";

Deno.test("floatRepr() matches Python repr() for 2000+ recorded doubles", () => {
  assert.ok(data.floats.length > 2000);
  for (const [bits, repr] of data.floats as [string, string, string][]) {
    assert.equal(floatRepr(bitsToDouble(bits)), repr, `bits ${bits}`);
  }
});

Deno.test("floatRepr() switches to exponent notation below 1e-4 and from 1e16", () => {
  assert.equal(floatRepr(1e16), "1e+16");
  assert.equal(floatRepr(9999999999999998), "9999999999999998.0");
  assert.equal(floatRepr(1e-5), "1e-05");
  assert.equal(floatRepr(0.0001), "0.0001");
  assert.equal(floatRepr(123456789.123456789), "123456789.12345679");
  assert.equal(floatRepr(1e22), "1e+22");
  assert.equal(floatRepr(-0), "-0.0");
  assert.equal(floatRepr(NaN), "nan");
  assert.equal(floatRepr(-Infinity), "-inf");
  assert.equal(floatRepr(5e-324), "5e-324");
});

Deno.test("strRepr() matches Python repr() for recorded strings", () => {
  for (const [text, repr] of data.strings as [string, string, string][]) {
    assert.equal(strRepr(text), repr, JSON.stringify(text));
  }
});

Deno.test("strRepr() picks double quotes only for a ' without a \"", () => {
  assert.equal(strRepr("it's"), `"it's"`);
  assert.equal(strRepr('say "hi"'), `'say "hi"'`);
  assert.equal(strRepr(`both ' and "`), `'both \\' and "'`);
  assert.equal(strRepr("a\u200bb\n\x00"), "'a\\u200bb\\n\\x00'");
});

Deno.test("isPrintable() agrees with Python str.isprintable() on every code point", () => {
  const ranges = data.printable as [number, number][];
  let next = 0;
  for (const [start, end] of ranges) {
    for (let cp = next; cp < start; cp++) if (!isPrintable(cp)) assert.fail(`U+${cp.toString(16)}`);
    for (let cp = start; cp <= end; cp++) if (isPrintable(cp)) assert.fail(`U+${cp.toString(16)}`);
    next = end + 1;
  }
  for (let cp = next; cp <= 0x10ffff; cp++) {
    if (!isPrintable(cp)) assert.fail(`U+${cp.toString(16)}`);
  }
});

Deno.test("pyStr() matches Python str() of recorded literal_eval values", () => {
  let checked = 0;
  for (const record of data.literalEval) {
    if (record.kind !== "value" || record.str === undefined) continue;
    let value: PyValue;
    try {
      value = fromTag(record.value);
    } catch (error) {
      if (error instanceof Unrepresentable) continue;
      throw error;
    }
    assert.equal(pyStr(value), record.str, JSON.stringify(record.in));
    checked++;
  }
  assert.ok(checked > 800, `only ${checked} checked`);
});

Deno.test("pyStr() prints like --graph --vars (spec §8.4)", () => {
  assert.equal(pyStr(true), "True");
  assert.equal(pyStr(null), "None");
  assert.equal(pyStr(new PyFloat(1)), "1.0");
  assert.equal(pyStr(new PyFloat(NaN)), "nan");
  assert.equal(pyStr("it's"), "it's");
  assert.equal(pyStr(new Map<PyKey, PyValue>([["k", [1, "x"]]])), "{'k': [1, 'x']}");
  assert.equal(pyStr(new Unsafe("{{x}}")), "{{x}}");
  assert.equal(pyStr([new Unsafe("{{x}}")]), "['{{x}}']");
  assert.equal(pyStr(new Map<PyKey, PyValue>([[10, "x"], [9, "y"]])), "{10: 'x', 9: 'y'}");
  assert.equal(
    pyStr(new Map<PyKey, PyValue>([[null, 1], [true, 2], [new PyFloat(1.5), 3]])),
    "{None: 1, True: 2, 1.5: 3}",
  );
  assert.equal(
    pyStr(new Vault("$ANSIBLE_VAULT;1.1;AES256\n61\n")),
    "$ANSIBLE_VAULT;1.1;AES256\n61\n",
  );
  assert.equal(pyStr(12345678901234567890n), "12345678901234567890");
});

Deno.test("pyRepr() prints tuples marked by markTuple() with round brackets", () => {
  assert.equal(pyRepr(markTuple([])), "()");
  assert.equal(pyRepr(markTuple([1])), "(1,)");
  assert.equal(pyRepr(markTuple([1, "a"])), "(1, 'a')");
  assert.equal(pyRepr([markTuple([1])]), "[(1,)]");
  assert.ok(isTuple(markTuple([])));
  assert.ok(!isTuple([]));
  assert.ok(!isTuple("()"));
});

Deno.test("intText() refuses ints beyond 4300 digits like Python", () => {
  assert.equal(intText(BigInt("9".repeat(4300))), "9".repeat(4300));
  assert.equal(intText(-BigInt("9".repeat(4300))), "-" + "9".repeat(4300));
  assert.throws(
    () => pyStr(BigInt("9".repeat(4301))),
    (error: unknown) =>
      error instanceof UnserializableValueError &&
      error.message ===
        "Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
  );
});
