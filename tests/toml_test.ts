/**
 * `--toml` against the real `ansible-inventory --toml` (Ansible 2.14 with Debian's toml
 * 0.10.2): the same inventory through both commands, stdout compared byte for byte, for
 * `--list --toml`, `--list --toml --export` and `--host NAME --toml`; where Ansible fails
 * (a value TOML cannot hold, or a crash of its encoder) ha-inventory must fail too, with
 * exit status 1, nothing on stdout and an `ha-inventory: error:` line.
 *
 * ha-inventory runs as the command users run, `deno task -q ha-inventory ... --no-facts`;
 * Ansible through the fork server of the differential test (`tests/gen/ansible_runner.ts`).
 *
 * - Generated inventories: the seeded generator of `tests/differential_test.ts`
 *   (`HA_TOML_COUNT` cases, default 80; `HA_DIFF_SEED` as there).
 * - Hand-written inventories holding every kind of value the model has, and each way
 *   Ansible's TOML output fails.
 * - With Kubespray facts (no Ansible needed): the document parses as TOML and carries
 *   the facts.
 *
 * Without `ansible-inventory` the comparisons are skipped with a loud message, except in
 * CI (`CI=true`), where that is a failure.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { parse as parseToml } from "smol-toml";
import { runAsync } from "../src/cli/main.ts";
import { type AnsibleRunner, forkServerRunner, processRunner } from "./gen/ansible_runner.ts";
import { generateCase, writeCase, writeFiles } from "./gen/inventory_gen.ts";
import { lineDiff } from "./gen/line_diff.ts";
import { Rng } from "./gen/prng.ts";
import { envNumber, have, ROOT } from "./helpers.ts";

const DEFAULT_SEED = 20240917;

/** What one command printed. */
interface Output {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** Says loudly that the comparison did not run; fails in CI. */
function ansibleMissing(what: string): boolean {
  if (have("ansible-inventory")) return false;
  const banner = "!".repeat(78);
  console.error(
    `\n${banner}\n!! ${what} NOT RUN: ansible-inventory is not installed.\n` +
      `!! Install Debian's ansible-core (apt-get install ansible-core) to compare with the real tool.\n${banner}\n`,
  );
  assert.notEqual(Deno.env.get("CI"), "true", "ansible-inventory must be installed in CI");
  return true;
}

const decoder = new TextDecoder();

/** `deno task -q ha-inventory ARGS --no-facts`, as a user runs it. */
async function ours(args: readonly string[]): Promise<Output> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", "ha-inventory", ...args, "--no-facts"],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  return { stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr), code: out.code };
}

/** Ansible's first `ERROR!` line (its reason to fail), without the prefix. */
function ansibleError(stderr: string): string {
  const line = stderr.split("\n").find((l) => l.startsWith("ERROR! ")) ?? stderr.trim();
  return line.replace(/^ERROR! /, "");
}

/**
 * Why the two runs disagree, or `undefined` when they agree: Ansible printed a document
 * and ha-inventory the same bytes, or Ansible failed and ha-inventory failed cleanly.
 */
function disagreement(theirs: Output, mine: Output): string | undefined {
  if (theirs.code === 0) {
    if (mine.code !== 0) {
      return `ha-inventory failed (exit ${mine.code}):\n${mine.stderr.trimEnd()}`;
    }
    if (mine.stdout === theirs.stdout) return undefined;
    return lineDiff(theirs.stdout, mine.stdout, {
      expectedLabel: "ansible-inventory",
      actualLabel: "ha-inventory",
    });
  }
  if (mine.code === 0) {
    return `ansible-inventory failed (exit ${theirs.code}: ${
      ansibleError(theirs.stderr)
    }) but ha-inventory succeeded`;
  }
  if (mine.code !== 1 || mine.stdout !== "" || !/^ha-inventory: error: \S/.test(mine.stderr)) {
    return `ha-inventory did not fail cleanly (exit ${mine.code}, ${mine.stdout.length} characters on stdout):\n${mine.stderr}`;
  }
  return undefined;
}

/** What made Ansible fail, in a few words (for the summary). */
function failureKind(theirs: Output): string {
  const error = ansibleError(theirs.stderr);
  if (!theirs.stderr.includes("ERROR! ")) return "an empty document";
  if (/non-string key/.test(error)) return "a non-string key";
  if (/cannot be represented in TOML/.test(error)) return "a list mixing tables and other values";
  if (/vault secrets/.test(error)) return "a vault value (no password)";
  if (/Unexpected Exception/.test(error)) return `a crash (${error.replace(/.*bug: /, "")})`;
  return error.slice(0, 60);
}

/** Ansible's own complaints about an inventory it could not read (such cases are skipped). */
const UNPARSED = /Unable to parse|Failed to parse|No inventory was parsed/;

Deno.test("--toml matches ansible-inventory --toml on generated inventories", async () => {
  if (ansibleMissing("TOML differential test")) {
    console.log("toml differential: 0 inventories compared (ansible-inventory absent)");
    return;
  }
  const seed = envNumber("HA_DIFF_SEED", DEFAULT_SEED);
  const count = envNumber("HA_TOML_COUNT", 80);
  console.log(`toml differential seed ${seed} (HA_DIFF_SEED=${seed} HA_TOML_COUNT=${count})`);
  const started = performance.now();
  const cwd = await Deno.makeTempDir({ prefix: "ha-toml-cwd-" });
  const runners: AnsibleRunner[] = [];
  for (let i = 0; i < 2; i++) runners.push(await forkServerRunner(cwd) ?? processRunner());
  const reports: string[] = [];
  const failures = new Map<string, number>();
  let compared = 0;
  let skipped = 0;
  let runs = 0;
  let identical = 0;
  let next = 0;
  const runCase = async (runner: AnsibleRunner, index: number) => {
    const c = generateCase(seed, index);
    const { dir, root, playbook, base } = await writeCase(c, `ha-toml-${index}-`);
    const rng = new Rng(c.seed ^ 0x7031);
    const simple = c.hosts.filter((h) => /^[\w.-]+$/.test(h));
    const modes = [["--list", "--toml"], ["--list", "--toml", "--export"]];
    if (simple.length > 0) modes.push(["--host", rng.pick(simple), "--toml"]);
    let keep = false;
    for (const [m, args] of modes.entries()) {
      const theirs = await runner.run([...base, ...args], cwd);
      if (m === 0 && UNPARSED.test(theirs.stderr)) {
        skipped++;
        break;
      }
      if (m === 0) compared++;
      runs++;
      const mine = await ours([...base, ...args]);
      if (theirs.code === 0) identical++;
      else {
        const reason = failureKind(theirs);
        failures.set(reason, (failures.get(reason) ?? 0) + 1);
      }
      const problem = disagreement(theirs, mine);
      if (problem === undefined) continue;
      keep = true;
      reports.push(
        [
          `✗ case ${index} (${c.summary}) differs on: ${args.join(" ")}`,
          `  files kept in ${root} (playbook dir ${playbook})`,
          ...problem.split("\n").map((l) => "  " + l),
        ].join("\n"),
      );
    }
    if (!keep) await Deno.remove(dir, { recursive: true });
  };
  try {
    await Promise.all(runners.map(async (runner) => {
      while (compared < count && next < count * 2 + 20) await runCase(runner, next++);
    }));
  } finally {
    await Promise.all(runners.map((r) => r.close()));
    await Deno.remove(cwd, { recursive: true });
  }
  for (const report of reports) console.log(report);
  const failed = [...failures].sort((x, y) => y[1] - x[1]).map(([why, n]) => `${n} ${why}`);
  console.log(
    `toml differential: ${compared} inventories compared in ${runs} runs of each tool ` +
      `(${identical} documents identical, ${runs - identical - reports.length} failures agreed ` +
      `on), ${reports.length} differences, ${skipped} skipped as unparsable, in ${
        ((performance.now() - started) / 1000).toFixed(0)
      } s`,
  );
  if (failed.length > 0) console.log(`  ansible-inventory failed on: ${failed.join(", ")}`);
  assert.equal(reports.length, 0, `${reports.length} runs differ (reports above)`);
  assert.ok(compared >= count, `only ${compared} of ${count} inventories compared`);
  assert.ok(skipped <= Math.ceil(count * 0.05), `too many skipped cases: ${skipped}`);
});

// ---------------------------------------------------------------------------
// Hand-written inventories: every kind of value, and every way Ansible fails.

const VAULT_PASSWORD = "secret\n";

/** `a: 1\nb: hello\n` encrypted with the password `secret` (ansible-vault 2.14). */
const VAULT_TEXT = [
  "$ANSIBLE_VAULT;1.1;AES256",
  "33396631303039616166383566656335663139393931316538326532336637356236356435646566",
  "3663666437326436653538623539346434633533383835660a653666616366373838346463356461",
  "65316132353730306166393139306463316563613734326330343134613031626234316538643432",
  "3939383265323437360a623637643164653866363230666663326566613163663734333233333061",
  "3964",
];

/** Host and group variables holding every kind of value the YAML loader makes. */
const EVERY_VALUE_YAML = String.raw`all:
  vars:
    top_int: 1
    top_list: [a, b]
  children:
    web:
      vars:
        port: 8080
        nested: {a: {b: {c: {}}}, e: {}}
      hosts:
        web1:
          int: 42
          neg: -7
          big: 123456789012345678901234567890
          hex: 0x1F
          float: 1.5
          tiny: 1.0e-7
          huge: 1.0e+300
          whole: 2.0
          nan: .nan
          inf: .inf
          ninf: -.inf
          yes_bool: yes
          off_bool: off
          nothing: ~
          plain: hello world
          quotes: 'single '' and "double"'
          only_single: "it's"
          backslash: 'C:\path\x41\n'
          controls: "tab\there\nnl\r bell\a esc\e del\x7f"
          escapes_twice: "\x01\x02"
          unicode: "héllo ✓ 😀 \u200b \u00a0 \u0085 \ufeff"
          empty: ""
          date: 2001-12-14
          datetime_utc: 2001-12-14 21:59:43.10Z
          datetime_offset: 2001-12-14t21:59:43.10-05:00
          datetime_naive: 2001-12-14 21:59:43
          unsafe: !unsafe "{{ not templated }}"
          list_mixed: [1, "two", 3.0, true, null, [4, [5, {k: v, 7: x}]], 2001-01-01]
          empty_list: []
          empty_dict: {}
          only_null: {a: ~}
          array_of_tables: [{name: a, port: 1}, {name: b, sub: {x: 1}}, {}, "", []]
          nested_arrays: [{a: [{b: 1}], c: {d: {e: 1}}}]
          "key with spaces": 1
          "dotted.key": {x: 1}
          "ünïcode": 2
          "": empty key
          "key\n": newline key
          "quote\"key": 3
          int_and_string: {1: one, "1": uno}
          weird: {"a b": {"c.d": 1}}
          shared_a: &shared {s: 1}
          shared_b: *shared
        web2:
        "10.0.0.5":
          ip: 10.0.0.5
    db:
      hosts:
        db1: {ansible_host: db.example.com}
        web1:
      children:
        replicas:
          hosts:
            db2:
    web_and_db:
      children:
        web:
        db:
    ungrouped:
      hosts:
        lone: {x: 1}
`;

/** INI values typed by Python's literal_eval: tuples, big ints, inf, bytes. */
const LITERAL_INI = String.raw`[web]
w1 a=1 b=1.5 c=True d=None e="[1, 2, (3, {'k': 1})]" f="{'x': {'y': 2}, 'z': []}" big=123456789012345678901234567890 inf=1e400 t="(1, {'a': 1})" tt="({'a': 1},)" s="it's" q='"dq"' str=hello neg=-0.0 hex=0xff esc="'a\\x01b'" aot="[{'a': 1}, {'b': {'c': 2}}, {}]"
w2 ansible_host=10.0.0.2
[web:vars]
raw="[{'a': 1}]"
[db]
w1
d1 x="b'bytes'"
[all:vars]
g=1
`;

const JSON_INVENTORY = String.raw`{
  "all": {
    "vars": {"big": 1267650600228229401496703205376, "nan": NaN, "inf": -Infinity, "f": 1e16,
             "g": 1.5e-7, "s": "\u0001x\u0002", "n": null, "u": "\u00fc\ud83d\ude00"},
    "hosts": {"h1": {"a": [1, [{"b": 2}], []]}, "h2": {"o": {"p": {}}}}
  },
  "g": {
    "hosts": {"h1": {}},
    "children": {"sub": {"hosts": {"h3": {"x": [{"y": 1}, {"z": [1, 2]}]}}}}
  }
}
`;

const VAULT_YAML = `all:
  hosts:
    h:
      v: !vault |
${VAULT_TEXT.map((line) => `        ${line}`).join("\n")}
      in_list: [1, !vault "${VAULT_TEXT.join("\\n")}\\n"]
      after: 1
`;

/** A YAML inventory of one host `h` with these variables (YAML lines). */
function oneHost(...lines: string[]): Record<string, string> {
  return { "hosts.yml": `all:\n  hosts:\n    h:\n${lines.map((l) => `      ${l}\n`).join("")}` };
}

/** One inventory and the runs to compare on it. */
interface HandCase {
  readonly name: string;
  readonly files: Record<string, string>;
  /** Arguments after `-i <dir>/<inventory>`; `@/` stands for the case's directory. */
  readonly runs: readonly (readonly string[])[];
  /** The inventory file (default `hosts.yml`). */
  readonly inventory?: string;
  /** Set when Ansible fails on every run: what ha-inventory must say instead. */
  readonly fails?: RegExp;
}

const LIST_HOST = [["--list", "--toml"], ["--list", "--toml", "--export"], [
  "--host",
  "h",
  "--toml",
]];

const HAND_CASES: readonly HandCase[] = [
  {
    name: "every value type, group and host vars files, a group under two parents",
    files: {
      "hosts.yml": EVERY_VALUE_YAML,
      "group_vars/web.yml": "from_group_vars: {z: 1, a: 2}\nport: 9090\n",
      "host_vars/web1.yml": "from_host_vars: [x]\nint: 43\n",
    },
    runs: [
      ["--list", "--toml"],
      ["--list", "--toml", "--export"],
      ["--host", "web1", "--toml"],
      ["--host", "10.0.0.5", "--toml"],
      ["--host", "lone", "--toml"],
      ["--host", "web*1", "--toml"],
      ["--graph", "--toml"],
      ["--graph", "--toml", "--vars", "db"],
      ["--list", "--toml", "--yaml"],
      ["--host", "db2", "--toml", "-y"],
    ],
  },
  {
    name: "INI values typed by literal_eval: tuples, big ints, inf, bytes; implicit localhost",
    files: { "hosts.ini": LITERAL_INI },
    inventory: "hosts.ini",
    runs: [
      ["--list", "--toml"],
      ["--list", "--toml", "--export"],
      ["--host", "w1", "--toml"],
      ["--host", "localhost", "--toml"],
    ],
  },
  {
    name: "JSON inventory: NaN, -Infinity, a 31-digit int, control characters",
    files: { "hosts.json": JSON_INVENTORY },
    inventory: "hosts.json",
    runs: [["--list", "--toml"], ["--list", "--toml", "--export"], ["--host", "h1", "--toml"]],
  },
  {
    name: "!vault values print decrypted, split into characters",
    files: { "hosts.yml": VAULT_YAML, "pw": VAULT_PASSWORD },
    runs: LIST_HOST.map((run) => [...run, "--vault-password-file", "@/pw"]),
  },
  // Where ansible-inventory fails.
  ...([
    [
      "an int key",
      "ports: {80: http}",
      /non-string key \(80\) .*TOML table \S*ports\b.*a Python int/,
    ],
    ["a bool key", "flags: {true: x}", /non-string key \(True\) .*a Python bool/],
    ["a null key", "m: {~: x}", /non-string key \(None\) .*a Python NoneType/],
    ["a float key", "m: {1.5: x}", /non-string key \(1\.5\) .*a Python float/],
    ["a date key", "m: {2001-01-01: x}", /non-string key \(2001-01-01\) .*datetime\.date/],
    [
      "a list mixing tables and ints",
      "l: [{a: 1}, 2]",
      /cannot be represented in TOML: 'int' object is not iterable \(TOML key \S*l\b.*item 1 is 2,/,
    ],
    [
      "a list mixing tables and strings",
      "l: [{a: 1}, s]",
      /string indices must be integers, not 'str' .*item 1 is 's',/,
    ],
    [
      "a list mixing tables and !unsafe strings",
      "l: [{a: 1}, !unsafe u]",
      /string indices must be integers, not 'AnsibleUnsafeText'/,
    ],
    ["a list mixing tables and lists", "l: [{a: 1}, [1]]", /list indices must be integers/],
    [
      "a string whose only \\x escape opens it (toml crashes)",
      's: "\\x01"',
      /crashes on the string '\\x01' at TOML key \S*s\b.*"list index out of range"/,
    ],
    [
      "a key whose only \\x escape opens it (toml crashes)",
      '"\\x02": 1',
      /crashes on the key '\\x02' in .*"list index out of range"/,
    ],
    [
      "one dict at two depths through a YAML alias (toml crashes)",
      "a: &x {k: 1}\n      b: {c: *x}",
      /crashes on a dict met at two depths .*TOML key \S*b\.c\b.*"Circular reference detected"/,
    ],
    [
      "an int of more than 4300 digits (Python refuses to print it)",
      `big: 0x${"f".repeat(3600)}`,
      /crashes on the int at TOML key \S*big\b.*Exceeds the limit \(4300 digits\)/,
    ],
    [
      "a !vault value without a vault password",
      `v: !vault "${VAULT_TEXT.join("\\n")}\\n"`,
      /Attempting to decrypt but no vault secrets found: the value at TOML key \S*v\b/,
    ],
  ] as const).map(([what, line, fails]): HandCase => ({
    name: `fails: ${what}`,
    files: oneHost(line),
    runs: LIST_HOST,
    fails,
  })),
  {
    name: "fails: a !vault value with the wrong password",
    files: { ...oneHost(`v: !vault "${VAULT_TEXT.join("\\n")}\\n"`), "pw": "not it\n" },
    runs: LIST_HOST.map((run) => [...run, "--vault-password-file", "@/pw"]),
    fails: /Decryption failed \(no vault secrets were found that could decrypt\): the value at/,
  },
  {
    name: "fails: a host whose variables are all null (an empty document)",
    files: oneHost("a: null"),
    runs: [["--host", "h", "--toml"]],
    fails: /Host "h" has no variables to print as TOML/,
  },
  {
    name: "fails: an empty inventory (an empty document)",
    files: { "hosts.ini": "" },
    inventory: "hosts.ini",
    runs: [["--list", "--toml"], ["--list", "--toml", "--export"]],
    fails: /The inventory has nothing to print as TOML/,
  },
  {
    name: "fails: --host naming no host (no empty answer in TOML)",
    files: oneHost("a: 1"),
    runs: [["--host", "nope", "--toml"]],
    fails: /Host "nope" is not in the inventory/,
  },
];

Deno.test("--toml matches ansible-inventory --toml on hand-written inventories", async (t) => {
  if (ansibleMissing("TOML hand-written comparisons")) return;
  const cwd = await Deno.makeTempDir({ prefix: "ha-toml-cwd-" });
  const runner = await forkServerRunner(cwd) ?? processRunner();
  try {
    for (const c of HAND_CASES) {
      await t.step(c.name, async () => {
        const dir = await Deno.makeTempDir({ prefix: "ha-toml-hand-" });
        try {
          writeFiles(dir, c.files);
          const base = ["-i", join(dir, c.inventory ?? "hosts.yml"), "--playbook-dir", cwd];
          for (const run of c.runs) {
            const args = [...base, ...run.map((a) => a.replace("@/", `${dir}/`))];
            const theirs = await runner.run(args, cwd);
            const mine = await ours(args);
            const problem = disagreement(theirs, mine);
            assert.equal(problem, undefined, `${run.join(" ")}:\n${problem}`);
            if (c.fails) {
              assert.notEqual(theirs.code, 0, `ansible-inventory ${run.join(" ")} succeeded`);
              assert.match(mine.stderr, c.fails, run.join(" "));
            } else {
              assert.equal(theirs.code, 0, `${run.join(" ")}: ${ansibleError(theirs.stderr)}`);
            }
          }
        } finally {
          await Deno.remove(dir, { recursive: true });
        }
      });
    }
    await t.step("--output FILE gets the same bytes (TOML, YAML and JSON)", async () => {
      const dir = await Deno.makeTempDir({ prefix: "ha-toml-output-" });
      try {
        writeFiles(dir, { "hosts.yml": EVERY_VALUE_YAML });
        for (const format of [["--toml"], ["--yaml"], []]) {
          for (const run of [["--list"], ["--list", "--export"], ["--host", "web1"]]) {
            const args = (file: string) => [
              "-i",
              join(dir, "hosts.yml"),
              "--playbook-dir",
              cwd,
              ...run,
              ...format,
              "--output",
              join(dir, file),
            ];
            const what = [...run, ...format].join(" ");
            const theirs = await runner.run(args("theirs.out"), cwd);
            const mine = await ours(args("mine.out"));
            assert.equal(theirs.code, 0, theirs.stderr);
            assert.equal(mine.code, 0, mine.stderr);
            assert.equal(mine.stdout, theirs.stdout);
            const expected = await Deno.readTextFile(join(dir, "theirs.out"));
            if (format.length > 0) assert.ok(expected.endsWith("\n"), `a final newline: ${what}`);
            assert.equal(await Deno.readTextFile(join(dir, "mine.out")), expected, what);
          }
        }
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });
  } finally {
    await runner.close();
    await Deno.remove(cwd, { recursive: true });
  }
});

// ---------------------------------------------------------------------------
// With Kubespray's facts (no Ansible involved).

/** A parsed TOML table as plain objects (smol-toml makes them without a prototype). */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

Deno.test("--toml with Kubespray facts parses as TOML and carries every host's facts", async () => {
  const hosts = join(ROOT, "fixtures", "kubespray", "seed-external-lb", "hosts.ini");
  const base = ["-i", hosts, "--playbook-dir", join(ROOT, "fixtures", "kubespray")];
  const json = await runAsync([...base, "--list"]);
  assert.equal(json.code, 0, json.stderr);
  const hostvars = (JSON.parse(json.stdout) as { _meta: { hostvars: Record<string, unknown> } })
    ._meta.hostvars;
  assert.equal((hostvars.node3 as Record<string, unknown>).etcd_member_name, "etcd3");

  const list = await runAsync([...base, "--list", "--toml"]);
  assert.equal(list.code, 0, list.stderr);
  const doc = parseToml(list.stdout) as Record<
    string,
    { children?: string[]; hosts?: Record<string, Record<string, unknown>> }
  >;
  // Kubespray's groups under both names, each a table of its own.
  assert.deepEqual(doc["k8s-cluster"]?.children, ["kube-node", "kube-master"]);
  assert.deepEqual(Object.keys(doc.kube_control_plane?.hosts ?? {}), ["node1", "node2"]);
  // Each host's variables, facts included, are printed once, where it is first met.
  for (const [name, vars] of Object.entries(hostvars)) {
    const printed = Object.values(doc).map((group) => group.hosts?.[name])
      .filter((v) => v !== undefined && Object.keys(v).length > 0);
    assert.equal(printed.length, 1, `${name} printed ${printed.length} times`);
    assert.deepEqual(plain(printed[0]), vars, name);
  }

  const host = await runAsync([...base, "--host", "node3", "--toml"]);
  assert.equal(host.code, 0, host.stderr);
  assert.deepEqual(plain(parseToml(host.stdout)), hostvars.node3);
  assert.match(
    host.stdout,
    /^kube_apiserver_endpoint = "https:\/\/my-apiserver-lb\.example\.com:8383"$/m,
  );
});
