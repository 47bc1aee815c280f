import assert from "node:assert/strict";
import {
  bitsToDouble,
  data,
  fromTag,
  parseFloatRepr,
  toTag,
  Unrepresentable,
} from "./_recorded_python.ts";
import { InventorySyntaxError, UnserializableValueError } from "../errors.ts";
import {
  dumpJson,
  dumpJsonValue,
  encodeJsonFloat,
  encodeJsonKey,
  encodeJsonString,
  JsonDecodeError,
  jsonValueWriter,
  parsePythonJson,
  pythonSort,
  pyTypeName,
  sortPyKeys,
  UnsortableKeysError,
} from "./json.ts";
import { PyFloat, pyInt, type PyKey, type PyValue, Unsafe, Vault } from "./types.ts";
import { loadYaml } from "./yaml_load.ts";

function keyFromCode(code: string): PyKey {
  if (code === "n") return null;
  const body = code.slice(2);
  switch (code[0]) {
    case "s":
      return body;
    case "b":
      return body === "True";
    case "i":
      return pyInt(body);
  }
  return new PyFloat(parseFloatRepr(body));
}

const map = (...entries: [PyKey, PyValue][]) => new Map<PyKey, PyValue>(entries);

// --- encoding -------------------------------------------------------------

Deno.test("encodeJsonFloat() matches Python json.dumps() for 2000+ recorded doubles", () => {
  for (const [bits, , json] of data.floats as [string, string, string][]) {
    assert.equal(encodeJsonFloat(bitsToDouble(bits)), json, `bits ${bits}`);
  }
});

Deno.test("encodeJsonString() matches json.dumps(ensure_ascii=False) for recorded strings", () => {
  for (const [text, , json] of data.strings as [string, string, string][]) {
    assert.equal(encodeJsonString(text), json, JSON.stringify(text));
  }
});

Deno.test("encodeJsonString() escapes only quotes, backslash and C0 controls", () => {
  assert.equal(encodeJsonString('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(encodeJsonString("\b\f\n\r\t\x00\x1f"), '"\\b\\f\\n\\r\\t\\u0000\\u001f"');
  assert.equal(encodeJsonString("/\x7f\u2028p\u0159\u00edbor\udcff"), '"/\x7f\u2028příbor\udcff"');
});

Deno.test("dumpJson() matches ansible-inventory's json.dumps for recorded literal_eval values", () => {
  let checked = 0;
  let unsorted = 0;
  for (const record of data.literalEval) {
    if (record.kind !== "value" || record.dump === undefined) continue;
    let value: PyValue;
    try {
      value = fromTag(record.value);
    } catch (error) {
      if (error instanceof Unrepresentable) continue;
      throw error;
    }
    const dump = record.dump;
    const label = JSON.stringify(record.in);
    if (dump.error !== undefined) {
      assert.equal(dump.error, "ValueError", label);
      assert.throws(() => dumpJson(value), UnserializableValueError, label);
      assert.throws(() => dumpJson(value), { message: dump.message }, label);
    } else if (dump.warning !== undefined) {
      assert.throws(() => dumpJson(value), UnsortableKeysError, label);
      assert.throws(() => dumpJson(value), { message: dump.warning }, label);
      assert.equal(dumpJson(value, { sortKeys: false }), dump.text, label);
      unsorted++;
    } else {
      assert.equal(dumpJson(value), dump.text, label);
    }
    checked++;
  }
  assert.ok(checked > 800 && unsorted > 5, `${checked} checked, ${unsorted} unsorted`);
});

Deno.test("dumpJson() sorts int keys numerically before stringifying them (ini60)", () => {
  assert.equal(dumpJson(map([10, "x"], [9, "y"])), '{\n    "9": "y",\n    "10": "x"\n}');
});

Deno.test("dumpJson() sorts str keys by code point, not by UTF-16 unit", () => {
  const value = map(["\uffff", 1], ["\u{1f600}", 2], ["_meta", 3], ["Web", 4], ["1g", 5]);
  assert.equal(
    dumpJson(value, { indent: null }),
    '{"1g": 5, "Web": 4, "_meta": 3, "\uffff": 1, "\u{1f600}": 2}',
  );
});

Deno.test("dumpJson() names both types when keys cannot be ordered (ini61, yml26)", () => {
  assert.throws(
    () => dumpJson(map(["h", map([1, 2], ["b", 3])])),
    (error: unknown) =>
      error instanceof UnsortableKeysError &&
      error.message === "'<' not supported between instances of 'str' and 'int'" &&
      error.left === "b" && error.right === 1,
  );
  const yamlNames = (key: PyKey) => typeof key === "string" ? "AnsibleUnicode" : pyTypeName(key);
  assert.throws(
    () => dumpJson(map(["a", 1], [0, 2]), { keyTypeName: yamlNames }),
    { message: "'<' not supported between instances of 'int' and 'AnsibleUnicode'" },
  );
  assert.equal(
    dumpJson(map(["a", 1], [0, 2], [null, 3]), { sortKeys: false }),
    '{\n    "a": 1,\n    "0": 2,\n    "null": 3\n}',
  );
});

Deno.test("dumpJson() names YAML strings the way Ansible's loader typed them (yml26)", () => {
  const unsortable = (yaml: string, pair: string) =>
    assert.throws(() => dumpJson(loadYaml(yaml, "inv.yml")), {
      message: `'<' not supported between instances of ${pair}`,
    });
  unsortable("x: {a: 1, 0: 2}\n", "'int' and 'AnsibleUnicode'");
  unsortable("x: {<<: {a: 1}, 0: 2}\n", "'int' and 'AnsibleUnicode'");
  unsortable("x: !unsafe {a: 1, 0: 2}\n", "'int' and 'AnsibleUnsafeText'");
  // Dicts from anywhere else (INI values, JSON files) hold Python `str`.
  assert.throws(() => dumpJson(map(["x", map(["a", 1], [0, 2])])), {
    message: "'<' not supported between instances of 'int' and 'str'",
  });
});

Deno.test("dumpJson() writes unsafe and vault values as Ansible's marker objects", () => {
  const value = map(
    ["u", new Unsafe("x{{y}}")],
    ["v", new Vault("$ANSIBLE_VAULT;1.1;AES256\n6231\n")],
    ["w", [new Unsafe("s"), 1]],
  );
  assert.equal(
    dumpJson(value),
    `{
    "u": {
        "__ansible_unsafe": "x{{y}}"
    },
    "v": {
        "__ansible_vault": "$ANSIBLE_VAULT;1.1;AES256\\n6231\\n"
    },
    "w": [
        {
            "__ansible_unsafe": "s"
        },
        1
    ]
}`,
  );
  assert.equal(dumpJson(new Unsafe("x"), { indent: null }), '{"__ansible_unsafe": "x"}');
});

Deno.test("dumpJson() prints empty containers, non-finite floats and big ints like Python", () => {
  const value = map(
    ["a", new PyFloat(Infinity)],
    ["b", new PyFloat(-Infinity)],
    ["c", new PyFloat(NaN)],
    ["d", map()],
    ["e", []],
    ["f", 100000000000000000000n],
    ["g", new PyFloat(1e16)],
    ["h", new PyFloat(-0)],
    ["i", -3],
  );
  assert.equal(
    dumpJson(value),
    '{\n    "a": Infinity,\n    "b": -Infinity,\n    "c": NaN,\n    "d": {},\n    "e": [],\n' +
      '    "f": 100000000000000000000,\n    "g": 1e+16,\n    "h": -0.0,\n    "i": -3\n}',
  );
  assert.equal(dumpJson("x"), '"x"');
  assert.equal(dumpJson([1, [2]], { indent: 0 }), "[\n1,\n[\n2\n]\n]");
  assert.equal(
    dumpJson(map(["a", [1, 2]], ["b", map()]), { indent: null }),
    '{"a": [1, 2], "b": {}}',
  );
});

Deno.test("encodeJsonKey() stringifies non-string keys like Python", () => {
  assert.equal(encodeJsonKey(1), '"1"');
  assert.equal(encodeJsonKey(-5n), '"-5"');
  assert.equal(encodeJsonKey(true), '"true"');
  assert.equal(encodeJsonKey(false), '"false"');
  assert.equal(encodeJsonKey(null), '"null"');
  assert.equal(encodeJsonKey(new PyFloat(1.5)), '"1.5"');
  assert.equal(encodeJsonKey(new PyFloat(NaN)), '"NaN"');
  assert.equal(encodeJsonKey(new PyFloat(Infinity)), '"Infinity"');
  assert.equal(encodeJsonKey("a\nb"), '"a\\nb"');
});

Deno.test("dumpJsonValue() indents a nested part so it can be spliced into a document", () => {
  const vars = map(["b", [1]], ["a", "x"]);
  const document = dumpJson(map(["_meta", map(["hostvars", map(["h", vars])])]));
  const part = dumpJsonValue(vars, 3);
  assert.ok(document.includes('"h": ' + part + "\n"), part);
  const write = jsonValueWriter();
  assert.equal(write(vars, 3), part);
  assert.equal(write(vars, 0), dumpJson(vars));
});

// --- key sorting ----------------------------------------------------------

Deno.test("sortPyKeys() reproduces Python's sorted(dict.items()) for recorded key sets", () => {
  let failures = 0;
  for (const record of data.sorts) {
    const keys = (record.keys as string[]).map(keyFromCode);
    if (record.error !== undefined) {
      assert.throws(() => sortPyKeys(keys), { message: record.error });
      failures++;
    } else {
      const order = sortPyKeys(keys).map((key) => keys.indexOf(key));
      assert.deepEqual(order, record.order);
    }
  }
  assert.ok(failures > 100);
});

Deno.test("pythonSort() makes no comparisons for fewer than two items", () => {
  const never = () => {
    throw new Error("compared");
  };
  assert.deepEqual(pythonSort([], never), []);
  assert.deepEqual(pythonSort([1], never), [1]);
  assert.deepEqual(sortPyKeys([null]), [null]);
});

Deno.test("pythonSort() sorts consistent data like any stable sort", () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (const size of [2, 10, 63, 64, 65, 200, 1000, 5000]) {
    const items = Array.from({ length: size }, (_, i) => [Math.floor(random() * size / 3), i]);
    const expected = items.slice().sort((a, b) => a[0]! - b[0]!);
    assert.deepEqual(pythonSort(items, (a, b) => a[0]! < b[0]!), expected);
  }
});

// --- decoding -------------------------------------------------------------

Deno.test("parsePythonJson() matches json.loads(cls=AnsibleJSONDecoder) for recorded texts", () => {
  let errors = 0;
  for (const record of data.jsonLoads) {
    const label = JSON.stringify(record.in);
    if (record.error === undefined) {
      assert.deepEqual(toTag(parsePythonJson(record.in, "f.json")), record.value, label);
      continue;
    }
    errors++;
    let caught: unknown;
    try {
      parsePythonJson(record.in, "f.json");
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof JsonDecodeError, label);
    assert.ok(caught instanceof InventorySyntaxError);
    assert.equal(caught.message, record.error.msg, label);
    if (record.error.pos !== undefined) {
      assert.equal(caught.position, record.error.pos, label);
      assert.deepEqual(
        caught.location,
        { file: "f.json", line: record.error.lineno, column: record.error.colno },
        label,
      );
      assert.equal(
        caught.pythonMessage,
        `${record.error.msg}: line ${record.error.lineno} column ${record.error.colno} (char ${record.error.pos})`,
      );
    }
  }
  assert.ok(errors > 300);
});

Deno.test("parsePythonJson() keeps exact ints, floats, NaN and the first position of a duplicate", () => {
  const value = parsePythonJson(
    '{"b": 1, "a": 123456789012345678901234567890, "b": 2.0, "n": NaN, "e": 1e3, "z": -0}',
    "x.json",
  );
  assert.deepEqual(toTag(value), {
    dict: [
      ["b", { float: "2.0" }],
      ["a", { int: "123456789012345678901234567890" }],
      ["n", { float: "nan" }],
      ["e", { float: "1000.0" }],
      ["z", { int: "0" }],
    ],
  });
});

Deno.test("parsePythonJson() turns Ansible's marker objects into Unsafe and Vault", () => {
  const value = parsePythonJson(
    '{"u": {"__ansible_unsafe": "x{{y}}"}, "v": {"__ansible_vault": "$ANSIBLE_VAULT;1.1"},' +
      ' "n": {"__ansible_vault": ["a", 1]}, "w": {"a": 1, "__ansible_unsafe": ["s", {"k": "v"}]}}',
    "x.json",
  );
  assert.deepEqual(toTag(value), {
    dict: [
      ["u", { unsafe: "x{{y}}" }],
      ["v", { vault: "$ANSIBLE_VAULT;1.1" }],
      ["n", { vault: "['a', 1]" }],
      ["w", { list: [{ unsafe: "s" }, { dict: [["k", { unsafe: "v" }]] }] }],
    ],
  });
});

Deno.test("parsePythonJson() reports a BOM and errors with line and column in code points", () => {
  assert.throws(() => parsePythonJson("\ufeff{}", "b.json"), {
    message: "Unexpected UTF-8 BOM (decode using utf-8-sig)",
  });
  let caught: unknown;
  try {
    parsePythonJson('{\n  "\u{1f600}\u{1f600}": 1 2}', "c.json");
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof JsonDecodeError);
  assert.deepEqual(caught.location, { file: "c.json", line: 2, column: 11 });
  assert.equal(caught.pythonMessage, "Expecting ',' delimiter: line 2 column 11 (char 12)");
});

Deno.test("parsePythonJson() gives up on absurd nesting instead of overflowing the stack", () => {
  assert.throws(() => parsePythonJson("[".repeat(100_000), "deep.json"), JsonDecodeError);
  const nested = "[".repeat(100) + "]".repeat(100);
  assert.equal(JSON.stringify(parsePythonJson(nested, "ok.json")), nested);
});
