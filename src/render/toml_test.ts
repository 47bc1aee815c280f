/**
 * What `--toml` prints, case by case. Every expected text was printed by the real thing:
 * `ansible.plugins.inventory.toml.toml_dumps` (toml 0.10.2 with Ansible's encoder, as
 * Debian ships them) on the same Python values, or `ansible-inventory --toml` on the
 * inventory described. `tests/toml_test.ts` compares whole inventories with Ansible.
 */

import assert from "node:assert/strict";
import { UnserializableValueError } from "../errors.ts";
import { Group, Host } from "../inventory/model.ts";
import { markTuple } from "../values/py_str.ts";
import {
  PyDate,
  type PyDict,
  PyFloat,
  type PyKey,
  type PyValue,
  Unsafe,
  Vault,
} from "../values/types.ts";
import type { VaultSecrets } from "../vault/keyring.ts";
import { dumpToml, renderTomlInventory, tomlInventory } from "./toml.ts";

/** A dict from pairs. */
function dict(...pairs: [PyKey, PyValue][]): PyDict {
  return new Map(pairs);
}

/** `{"s": text}` dumped: `s = "..."\n`. */
function dumpString(text: string): string {
  return dumpToml(dict(["s", text]));
}

Deno.test("toml: plain values first, then tables breadth first; None is left out", () => {
  const doc = dict(
    ["z", 1],
    ["a", dict(["b", dict(["c", 1])], ["k", "v"])],
    ["e", dict()],
    ["n", null],
    ["x", dict(["y", null])],
    ["q", dict(["r", dict(["s", dict()])])],
  );
  // `[a]` before `[a.b]`, and every level-1 table before any level-2 one. An empty table
  // (or one of only None) gets a bare header; one holding only tables (`q`, `q.r`) none.
  assert.equal(
    dumpToml(doc),
    'z = 1\n\n[a]\nk = "v"\n\n[e]\n\n[x]\n\n[a.b]\nc = 1\n\n[q.r.s]\n',
  );
  assert.equal(dumpToml(dict()), "");
  assert.equal(dumpToml(dict(["only", null])), "");
});

Deno.test("toml: ints, floats and booleans", () => {
  const doc = dict(
    ["int", 42],
    ["big", 2n ** 100n],
    ["neg", -7],
    ["t", true],
    ["f", false],
    ["half", new PyFloat(1.5)],
    ["whole", new PyFloat(2)],
    ["small", new PyFloat(1e-5)],
    ["large", new PyFloat(1e16)],
    ["tiny", new PyFloat(1.5e-7)],
    ["nan", new PyFloat(NaN)],
    ["inf", new PyFloat(Infinity)],
    ["ninf", new PyFloat(-Infinity)],
    ["negzero", new PyFloat(-0)],
  );
  assert.equal(
    dumpToml(doc),
    [
      "int = 42",
      "big = 1267650600228229401496703205376",
      "neg = -7",
      "t = true",
      "f = false",
      "half = 1.5",
      "whole = 2.0",
      "small = 1e-5", // Python's 1e-05 without the exponent's zero
      "large = 1e+16",
      "tiny = 1.5e-7",
      "nan = nan",
      "inf = inf",
      "ninf = -inf",
      "negzero = -0.0",
      "",
    ].join("\n"),
  );
});

Deno.test("toml: dates, and datetimes with T and Z for +00:00", () => {
  const time = (offset: number | null, microsecond = 0) => ({
    hour: 21,
    minute: 59,
    second: 43,
    microsecond,
    offset,
  });
  const doc = dict(
    ["d", new PyDate(2001, 12, 14)],
    ["naive", new PyDate(2001, 12, 14, time(null))],
    ["utc", new PyDate(2001, 12, 14, time(0, 100000))],
    ["est", new PyDate(2001, 12, 14, time(-300))],
  );
  assert.equal(
    dumpToml(doc),
    "d = 2001-12-14\nnaive = 2001-12-14T21:59:43\nutc = 2001-12-14T21:59:43.100000Z\n" +
      "est = 2001-12-14T21:59:43-05:00\n",
  );
});

Deno.test("toml: strings are Python's repr() in double quotes, \\x escapes mangled", () => {
  const cases: [string, string][] = [
    ["plain", '"plain"'],
    ["it's", `"it's"`],
    ['say "hi"', String.raw`"say \"hi\""`],
    ["both ' and \"", String.raw`"both ' and \""`],
    ["back\\slash", String.raw`"back\\slash"`],
    ["tab\tnl\ncr\r", String.raw`"tab\tnl\ncr\r"`],
    ["é ✓ 😀", '"é ✓ 😀"'], // printable: as is
    ["zero\u200bwidth", String.raw`"zero\u200bwidth"`], // repr's \u escape is kept
    ["\ud83d", String.raw`"\ud83d"`], // a lone surrogate, escaped by repr
    // repr's \xNN escapes: toml's loop drops the backslash...
    ["a\x01b", '"ax01b"'],
    ["bell\x07", '"bellx07"'],
    ["!\x7f", '"!x7f"'],
    ["nbsp\xa0", '"nbspxa0"'],
    ["\x01\x02", '"01x02"'], // ...and the opening one's backslash and x
    // ...turns a backslash before an x into \u00...
    ["\\x41", String.raw`"\u0041"`],
    ["C:\\x", String.raw`"C:\x"`],
    // ...and halves doubled backslashes before an \x escape.
    ["\\\\\x01\x02", String.raw`"\x01x02"`],
  ];
  for (const [text, toml] of cases) assert.equal(dumpString(text), `s = ${toml}\n`, text);
  assert.equal(dumpToml(dict(["u", new Unsafe("{{ x }}")])), 'u = "{{ x }}"\n');
});

Deno.test("toml: a string whose only \\x escape opens it crashes toml: an error here", () => {
  for (const text of ["\x01", "\x01abc", "\x85", "\x7f!"]) {
    assert.throws(
      () => dumpString(text),
      (error: Error) =>
        error instanceof UnserializableValueError &&
        /crashes on the string '\\x(01|85|7f).*' at TOML key s: .*"list index out of range"/
          .test(error.message),
      JSON.stringify(text),
    );
  }
});

Deno.test("toml: keys bare when made of letters, digits, _ and -; else quoted", () => {
  const doc = dict(
    ["bare_key-1", 1],
    ["with space", 2],
    ["dotted.key", 3],
    ["", 4],
    ["key\n", 5], // Python's `$` matches before a final newline: written bare, newline and all
    ["ü", 6],
    ['quote"d', 7],
  );
  assert.equal(
    dumpToml(doc),
    'bare_key-1 = 1\n"with space" = 2\n"dotted.key" = 3\n"" = 4\nkey\n = 5\n"ü" = 6\n' +
      '"quote\\"d" = 7\n',
  );
});

Deno.test("toml: non-string keys fail, unless the dict has the same key as a string", () => {
  const keys: [PyKey, string][] = [
    [80, "80"],
    [true, "True"],
    [null, "None"],
    [new PyFloat(1.5), "1.5"],
  ];
  for (const [key, text] of keys) {
    assert.throws(
      () => dumpToml(dict(["m", dict([key, "x"])]), { subject: 'host "h"' }),
      new RegExp(
        `^UnserializableValueError: The source inventory contains a non-string key \\(${
          text.replace(".", "\\.")
        }\\) which cannot be represented in TOML \\(TOML table m of host "h": `,
      ),
    );
  }
  // toml looks `str(1)` up: `"1"`'s value, printed for both keys.
  assert.equal(dumpToml(dict([1, "one"], ["1", "uno"])), '1 = "uno"\n1 = "uno"\n');
});

Deno.test("toml: lists, with None as a string and a dict in a nested list as its keys", () => {
  const doc = dict(
    ["empty", []],
    ["mixed", [1, "a", null, new PyFloat(1.5), true, [2, [3]]]],
    ["dict_in_list_in_list", [[dict(["k", 1], [2, "x"])]]],
    // A tuple is no list to toml: never an array of tables.
    ["tuple", markTuple([dict(["a", 1])])],
  );
  assert.equal(
    dumpToml(doc),
    'empty = []\nmixed = [ 1, "a", "None", 1.5, true, [ 2, [ 3,],],]\n' +
      'dict_in_list_in_list = [ [ [ "k", 2,],],]\ntuple = [ [ "a",],]\n',
  );
});

Deno.test("toml: a list holding a dict is an array of tables, after the plain values", () => {
  const doc = dict(
    ["a", [dict(["b", dict(["c", dict(["d", 1])], ["e", [dict(["f", 1])]])], ["g", 2]), dict()]],
    ["z", 1],
    ["y", dict(["q", [dict(["r", dict()])]])],
  );
  assert.equal(
    dumpToml(doc),
    "z = 1\n[[a]]\ng = 2\n\n[a.b]\n[[a.b.e]]\nf = 1\n\n[a.b.c]\nd = 1\n[[a]]\n\n[y]\n[[y.q]]\n\n",
  );
  // Empty strings and lists in it are empty tables; other items are an error.
  assert.equal(
    dumpToml(dict(["l", [dict(["a", 1]), "", []]])),
    "[[l]]\na = 1\n\n[[l]]\n\n[[l]]\n\n",
  );
  const mixed: [PyValue, string][] = [
    [2, "'int' object is not iterable"],
    [null, "'NoneType' object is not iterable"],
    [new PyDate(2001, 1, 1), "'datetime.date' object is not iterable"],
    ["s", "string indices must be integers, not 'str'"],
    [new Unsafe("u"), "string indices must be integers, not 'AnsibleUnsafeText'"],
    [[1], "list indices must be integers or slices, not str"],
    [markTuple([1]), "tuple indices must be integers or slices, not str"],
  ];
  for (const [item, message] of mixed) {
    assert.throws(
      () => dumpToml(dict(["l", [dict(["a", 1]), item]])),
      (error: Error) =>
        error instanceof UnserializableValueError &&
        error.message.startsWith(
          `The source inventory contains a value that cannot be represented in TOML: ${message} (TOML key l: `,
        ),
      message,
    );
  }
});

Deno.test("toml: one dict met at two depths fails; twice at one depth prints twice", () => {
  const shared = dict(["k", 1]);
  assert.equal(dumpToml(dict(["a", shared], ["b", shared])), "[a]\nk = 1\n\n[b]\nk = 1\n");
  assert.throws(
    () => dumpToml(dict(["a", shared], ["b", dict(["c", shared])])),
    /crashes on a dict met at two depths .* at TOML key b\.c, and a level up at TOML key a; .*"Circular reference detected"/,
  );
});

Deno.test("toml: a !vault value prints decrypted, as a list of its characters", () => {
  const vault = new Vault("$ANSIBLE_VAULT;1.1;AES256\n6231\n");
  const secrets: VaultSecrets = { plaintext: () => "a: 1\n" };
  assert.equal(
    dumpToml(dict(["v", vault]), { vault: secrets }),
    'v = [ "a", ":", " ", "1", "\\n",]\n',
  );
  assert.throws(
    () => dumpToml(dict(["v", vault]), { subject: 'host "h"' }),
    /^UnserializableValueError: Attempting to decrypt but no vault secrets found: the value at TOML key v of host "h" is vault-encrypted/,
  );
});

/**
 * The groups of this YAML inventory (`ansible-inventory --toml` printed the expected texts):
 *
 * ```yaml
 * all:
 *   children:
 *     web: {children: {sub: {hosts: {h3: }}}, hosts: {h1: , 10.0.0.1: }}
 *     db: {children: {sub: }, hosts: {h1: }}
 *     other: {hosts: {lone: }}
 * ```
 */
function inventory(): Group {
  const group = (name: string, hosts: string[], children: Group[] = []) => {
    const g = new Group(name);
    g.hosts.push(...hosts.map((h) => new Host(h)));
    g.children.push(...children);
    return g;
  };
  const sub = group("sub", ["h3"]);
  return group("all", [], [
    group("ungrouped", []),
    group("web", ["h1", "10.0.0.1"], [sub]),
    group("db", ["h1"], [sub]),
    group("other", ["lone"]),
  ]);
}

Deno.test("toml: --list is one table per group, hosts' variables where first met", () => {
  const asked: string[] = [];
  const hostVars = (name: string) => {
    asked.push(name);
    return dict(["top", 1], ["id", name]);
  };
  // `sub` is walked under web, then again under db: the second walk replaces the first,
  // and h3 was seen by then, so its variables are printed nowhere (as in Ansible).
  assert.equal(
    renderTomlInventory(inventory(), hostVars),
    [
      "[web]",
      'children = [ "sub",]',
      "",
      "[db]",
      'children = [ "sub",]',
      "",
      "[web.hosts.h1]",
      "top = 1",
      'id = "h1"',
      "",
      '[web.hosts."10.0.0.1"]',
      "top = 1",
      'id = "10.0.0.1"',
      "",
      "[sub.hosts.h3]",
      "",
      "[db.hosts.h1]",
      "",
      "[other.hosts.lone]",
      "top = 1",
      'id = "lone"',
      "",
    ].join("\n"),
  );
  assert.deepEqual(asked, ["h3", "h1", "10.0.0.1", "lone"]);
});

Deno.test("toml: --list --export adds each group's own variables", () => {
  const doc = tomlInventory(
    inventory(),
    () => dict(),
    (group) => group.name === "all" ? dict(["top", 1]) : dict(),
  );
  assert.deepEqual([...doc.keys()], ["all", "web", "sub", "db", "other"]);
  assert.equal(
    dumpToml(doc).split("\n\n")[2],
    "[all.vars]\ntop = 1",
  );
  // `ungrouped` is printed only when it has hosts.
  const root = inventory();
  root.children[0]!.hosts.push(new Host("stray"));
  assert.deepEqual([...tomlInventory(root, () => dict()).keys()], [
    "ungrouped",
    "web",
    "sub",
    "db",
    "other",
  ]);
});
