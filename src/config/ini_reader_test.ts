import assert from "node:assert/strict";
import { InventorySyntaxError } from "../errors.ts";
import { type CfgFile, getEntry, parseCfg } from "./ini_reader.ts";

/** Every section's key -> value, `[DEFAULT]` under "DEFAULT", as plain objects. */
function flat(file: CfgFile): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [name, entries] of file.sections) {
    out[name] = Object.fromEntries([...entries].map(([k, e]) => [k, e.value]));
  }
  if (file.defaults.size > 0) {
    out.DEFAULT = Object.fromEntries([...file.defaults].map(([k, e]) => [k, e.value]));
  }
  return out;
}

/** The first line of the error `parseCfg` throws, or undefined. */
function failure(text: string): { line: number | undefined; message: string } | undefined {
  try {
    parseCfg(text, "ansible.cfg");
    return undefined;
  } catch (error) {
    assert.ok(error instanceof InventorySyntaxError);
    return { line: error.location.line, message: error.message };
  }
}

Deno.test("parseCfg() reads Kubespray's settings with their lines", () => {
  const file = parseCfg(
    [
      "[ssh_connection]",
      "pipelining=True",
      "#control_path = ~/.ssh/ansible-%%r@%%h:%%p",
      "[defaults]",
      "# to ignore group names with - and .",
      "force_valid_group_names = ignore",
      "",
      "inventory_ignore_extensions = ~, .orig, .bak, .creds, .gpg",
      "[inventory]",
      "ignore_patterns = artifacts, credentials",
    ].join("\n"),
    "/k/ansible.cfg",
  );
  assert.deepEqual(flat(file), {
    ssh_connection: { pipelining: "True" },
    defaults: {
      force_valid_group_names: "ignore",
      inventory_ignore_extensions: "~, .orig, .bak, .creds, .gpg",
    },
    inventory: { ignore_patterns: "artifacts, credentials" },
  });
  assert.equal(getEntry(file, "defaults", "force_valid_group_names")?.line, 6);
  assert.equal(getEntry(file, "inventory", "IGNORE_PATTERNS")?.line, 10);
});

Deno.test("parseCfg() keeps '#' and ';' inside values, strips ' ;' comments, no interpolation", () => {
  const file = parseCfg("[d]\na = x#y;z\nb = v ; comment\nc = 100%% %(a)s\nd = ;only\n", "f");
  assert.deepEqual(flat(file).d, { a: "x#y;z", b: "v", c: "100%% %(a)s", d: "" });
});

Deno.test("parseCfg() takes ':' as a separator, lower-cases keys, keeps section case", () => {
  const file = parseCfg(
    "[Defaults]\nHash_Behaviour: merge\nk :v=w\n[defaults] trailing\nx=1\n",
    "f",
  );
  assert.deepEqual(flat(file), {
    Defaults: { hash_behaviour: "merge", k: "v=w" },
    defaults: { x: "1" },
  });
});

Deno.test("parseCfg() joins deeper-indented lines, keeping inner blank lines", () => {
  const file = parseCfg("[d]\nexts = .a,\n  .b\n  # comment\n\n  .c ; x\n\n\nnext = 1\n", "f");
  assert.deepEqual(flat(file).d, { exts: ".a,\n.b\n\n.c", next: "1" });
  const indented = parseCfg("[d]\n  a = 1\n  b = 2\n    more\n", "f");
  assert.deepEqual(flat(indented).d, { a: "1", b: "2\nmore" });
});

Deno.test("getEntry() falls back to [DEFAULT] only for sections that exist", () => {
  const file = parseCfg("[DEFAULT]\nhash_behaviour = merge\n[defaults]\nx = 1\n", "f");
  assert.equal(getEntry(file, "defaults", "hash_behaviour")?.value, "merge");
  assert.equal(getEntry(file, "defaults", "hash_behaviour")?.section, "DEFAULT");
  assert.equal(getEntry(file, "inventory", "hash_behaviour"), undefined);
});

Deno.test("parseCfg() refuses what configparser refuses, with the line", () => {
  assert.deepEqual(failure("x = 1\n[d]\n")?.line, 1);
  assert.deepEqual(failure("\ufeff[d]\nx = 1\n")?.line, 1);
  assert.deepEqual(failure("[d]\nx = 1\nX = 2\n")?.line, 3);
  assert.deepEqual(failure("[d]\n[e]\n[d]\n")?.line, 3);
  assert.deepEqual(failure("[d]\nflag\n")?.line, 2);
  assert.deepEqual(failure("[d]\n = v\n")?.line, 2);
  // A bad line is reported at the end, a duplicate at once (configparser's order).
  assert.deepEqual(failure("[d]\nflag\nx=1\nx=2\n")?.line, 4);
  assert.equal(failure("[DEFAULT]\na=1\n[DEFAULT]\nb=2\n"), undefined);
});

// Differential test against Python's configparser, configured as Ansible configures it.
const PYTHON = "/usr/bin/python3";
const HAVE_PYTHON = (() => {
  try {
    return Deno.statSync(PYTHON).isFile;
  } catch {
    return false;
  }
})();
const IN_CI = Deno.env.get("CI") === "true";
if (!HAVE_PYTHON) {
  console.error(`\n!!! ${PYTHON} is missing: the configparser differential test is SKIPPED.\n`);
}

const CASES: string[] = [
  "[a]\nk=v\n",
  "[a] x\nk=v\n",
  "[a]]\nk=v\n",
  "[ a ]\nk = v \n",
  "[a]\nk=v\n  [b]\n",
  "[a]\nk=\n",
  "[a]\nk\n",
  "[a]\n=v\n",
  "[a]\n :v\n",
  "[]\nk=v\n",
  "[a]\nk=v;c\n",
  "[a]\nk=v\t;c\n",
  "[a]\nk = ;c\n",
  "[a]\n;k = c\n#j = d\n",
  "[a]\nk=v\n\n\n",
  "[a]\nk=v\n ;comment\n more\n",
  "[a]\nk=v\n\n  after blank\n",
  "[DEFAULT]\nk=v\n[DEFAULT]\nj=w\n[a]\nk=x\n",
  "[a]\nK=v\n[A]\nk=x\n",
  "\ufeff[a]\nk=v\n",
  "[a]\r\nk=v\r\nj = w \r\n",
  "[a]\nk:v=w\n",
  "[a]\nk =v= w\n",
  "  [a]\nk=v\n",
  "[a]\n\tk=v\n",
  "[a]\nk=v\n\fj=w\n",
  "[a]\nk=v\n\x85j=w\n",
  "[a]\nk=v\u00a0;c\n",
  "[a]\n  k=v\n  j=w\n   deeper\n",
  "[a]\nk = 'quoted' \nj = \"x, y\"\n",
  "[a]\nk=1\n[b]\nk=2\n[a]\nj=3\n",
  "[a]\nk=1\nk=2\n",
  "[a]\nbad line\nk=1\nk=2\n",
  "no header\n",
  "# only a comment\n",
  "",
  "[a]\nk = %(x)s %% $HOME ~\n",
  "[a]\nkey with spaces = v\n",
  "[a]\nk = v\n\n   \n",
  "[defaults]\nfact_caching_connection = /tmp/a%%b;x ; comment\nFact_Caching_Prefix: pre#fix\n",
  ...randomCases(400, 7),
];

/** Random files built from the pieces that matter to the dialect (seeded: reproducible). */
function randomCases(count: number, seed: number): string[] {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const heads = ["", " ", "  ", "\t", "    "];
  const pieces = [
    "[a]",
    "[b] x",
    "[DEFAULT]",
    "[A]",
    "k",
    "K",
    "key two",
    "=",
    ":",
    " = ",
    ";",
    " ;c",
    "#",
    " #c",
    "v",
    "x,y",
    "'q'",
    "%%",
    "",
    "\r",
    "\f",
    "\u00a0",
    "[",
    "]",
  ];
  const cases: string[] = [];
  for (let i = 0; i < count; i++) {
    const lines: string[] = [next(3) === 0 ? "[a]" : ""];
    const n = 1 + next(6);
    for (let j = 0; j < n; j++) {
      let line = heads[next(heads.length)]!;
      const m = 1 + next(4);
      for (let k = 0; k < m; k++) line += pieces[next(pieces.length)]!;
      lines.push(line);
    }
    cases.push(lines.join("\n") + (next(2) ? "\n" : ""));
  }
  return cases;
}

/** Each section with every key it can see (its own and `[DEFAULT]`'s), as `options()` lists them. */
function visible(file: CfgFile): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [name, entries] of file.sections) {
    const keys = new Set([...entries.keys(), ...file.defaults.keys()]);
    out[name] = Object.fromEntries([...keys].map((k) => [k, getEntry(file, name, k)!.value]));
  }
  if (file.defaults.size > 0) {
    out.DEFAULT = Object.fromEntries([...file.defaults].map(([k, e]) => [k, e.value]));
  }
  return out;
}

Deno.test({
  name: "parseCfg() reads as Python's configparser(inline_comment_prefixes=(';',)) with raw=True",
  ignore: !HAVE_PYTHON && !IN_CI,
  fn() {
    assert.ok(HAVE_PYTHON, `${PYTHON} must be installed in CI`);
    const script = `
import configparser, json, sys
out = []
for text in json.loads(sys.argv[1]):
    p = configparser.ConfigParser(inline_comment_prefixes=(';',))
    try:
        p.read_string(text)
    except configparser.Error as e:
        line = getattr(e, "lineno", None)
        if line is None and getattr(e, "errors", None): line = e.errors[0][0]
        out.append({"error": line})
        continue
    r = {s: {k: p.get(s, k, raw=True) for k in p.options(s)} for s in p.sections()}
    if p.defaults(): r["DEFAULT"] = dict(p.defaults())
    out.append({"ok": r})
json.dump(out, sys.stdout)
`;
    const { stdout, success } = new Deno.Command(PYTHON, {
      args: ["-c", script, JSON.stringify(CASES)],
      stdout: "piped",
    }).outputSync();
    assert.ok(success);
    const expected = JSON.parse(new TextDecoder().decode(stdout)) as (
      | { ok: Record<string, Record<string, string>> }
      | { error: number }
    )[];
    CASES.forEach((text, i) => {
      const want = expected[i]!;
      const fail = failure(text);
      if ("error" in want) {
        assert.equal(fail?.line, want.error, `case ${JSON.stringify(text)}: ${fail?.message}`);
      } else {
        assert.equal(fail, undefined, `case ${JSON.stringify(text)}`);
        assert.deepEqual(visible(parseCfg(text, "f")), want.ok, `case ${JSON.stringify(text)}`);
      }
    });
  },
});
