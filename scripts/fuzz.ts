/**
 * Property-based fuzzing of ha-inventory with fast-check: valid INI, YAML and JSON
 * inventories and vars files (hand-written ones and those of `tests/gen`) mutated at
 * the byte, line and token level, token soup and random bytes. Every input must end
 * within a time limit with either a JSON document on stdout and exit status 0, or an
 * error on stderr, exit status 1 and nothing on stdout: no internal error (exit 70), no
 * crash, no hang. Where `ansible-inventory` is installed, a sample of the inputs is also
 * given to it, and where it parses an input cleanly, `--list` must be byte-identical.
 *
 * `tests/fuzz_test.ts` runs a short fixed budget; for a long run:
 *
 *     deno run -A scripts/fuzz.ts [--seed N] [--inputs N] [--compare N] [--timeout MS]
 *       [--out DIR]
 *
 * Failing inputs are written below `--out` (default: a temporary folder) with the
 * command that reproduces them.
 *
 * @module
 */

import fc from "fast-check";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import {
  type AnsibleResult,
  type AnsibleRunner,
  forkServerRunner,
  processRunner,
} from "../tests/gen/ansible_runner.ts";
import { generateCase } from "../tests/gen/inventory_gen.ts";
import type { FuzzReply } from "./fuzz_worker.ts";

/** Options of {@linkcode runFuzz}. */
export interface FuzzOptions {
  /** Seed of the whole run: the same seed gives the same inputs. */
  readonly seed: number;
  /** How many inputs to try. */
  readonly inputs: number;
  /** At most this many inputs are also given to `ansible-inventory` (0: none). */
  readonly compare: number;
  /** Wall-clock limit per input, in milliseconds. */
  readonly timeoutMs: number;
  /** Where to keep failing inputs; undefined: not kept. */
  readonly outDir?: string;
  /** Progress and failure reports. */
  readonly log: (line: string) => void;
  /** `ansible-inventory` to compare with; undefined: not installed, no comparison. */
  readonly ansible?: string;
}

/** A failure: the input, and what was wrong. */
export interface FuzzFailure {
  readonly index: number;
  readonly why: string;
  readonly recipe: string;
  /** Where the input was kept, if it was. */
  readonly kept?: string;
}

/** Counts of one run. */
export interface FuzzSummary {
  readonly inputs: number;
  readonly ok: number;
  readonly rejected: number;
  readonly compared: number;
  readonly differences: number;
  /** Differences from {@linkcode KNOWN_DIFFERENCES} (included in `differences`). */
  readonly knownDifferences: number;
  readonly failures: readonly FuzzFailure[];
  /** The line `.ci/run` prints. */
  readonly line: string;
  /** Slowest input, in milliseconds. */
  readonly slowestMs: number;
}

// ---------------------------------------------------------------------------------------
// Inputs.

/** Hand-written valid inventories (each a file tree and its sources). */
const SEEDS: readonly { files: Record<string, string>; sources: string[] }[] = [
  {
    files: {
      "hosts.ini": `# comment
ungrouped1 ansible_host=10.0.0.1
[web]
web[01:03].example.com ansible_port=2222 role='front' weight=1.5
web4 tags="['a', 'b']" enabled=True
[db]
db1 ansible_host=10.0.1.1 ; not a comment here
db-[a:c]
[prod:children]
web
db
[prod:vars]
env=prod
limits={'cpu': 2, 'mem': "4G"}
[web:vars]
ansible_group_priority=10
`,
      "group_vars/all.yml": "ntp: [a, b]\nport: 0x1F\nflag: yes\nwhen: 2001-12-14\n",
      "group_vars/web/10-main.yml": "front: true\nnested:\n  a: {b: [1, 2.0, .inf]}\n",
      "host_vars/web01.example.com.json": '{"x": 1, "y": [true, null], "z": NaN}\n',
    },
    sources: ["hosts.ini"],
  },
  {
    files: {
      "hosts.yml": `all:
  vars:
    anchor: &base {a: 1, b: [x, y]}
    merged:
      <<: *base
      c: 3
    unsafe: !unsafe "{{ not templated }}"
    secret: !vault |
      $ANSIBLE_VAULT;1.1;AES256
      62313365396662343061393464336163383764373764613633653634306231386433626436623361
  hosts:
    lonely:
  children:
    k8s_cluster:
      children:
        kube_control_plane:
          hosts:
            node1: {ansible_host: 10.1.0.1, ip: 10.1.0.1}
            node[2:3]:
        kube_node:
          hosts:
            node[2:5]:
        etcd:
          hosts:
            node1:
    calico_rr:
      hosts: {}
`,
    },
    sources: ["hosts.yml"],
  },
  {
    files: {
      "inventory.json": JSON.stringify({
        all: {
          children: {
            web: { hosts: { "w1": { a: 1 }, "w2": null }, vars: { v: [1, 2] } },
            db: { hosts: { "d1": {} } },
          },
        },
      }),
      "group_vars/web": "x: 1\n",
    },
    sources: ["inventory.json"],
  },
  {
    files: {
      "inv/01-static": "[a]\nh1\n[b:children]\na\n",
      "inv/02-more.yml": "b:\n  hosts:\n    h2:\n      v: 2\n",
      "inv/group_vars/b.yaml": "bv: [1, 2]\n",
    },
    sources: ["inv"],
  },
];

/** Snippets a mutation inserts: the syntax of every format, and values that stress typing. */
const TOKENS: readonly string[] = [
  "\n",
  "\r\n",
  "\r",
  "\t",
  " ",
  "  ",
  ":",
  "=",
  "[",
  "]",
  "{",
  "}",
  ",",
  "#",
  ";",
  "'",
  '"',
  "\\",
  "-",
  "- ",
  "---",
  "---\n",
  "...",
  "!",
  "!!",
  "&a ",
  "*a",
  "<<: ",
  "? ",
  "| ",
  ">",
  "%YAML 1.1\n",
  "@",
  "`",
  "[1:3]",
  "[a:c]",
  "[01:10]",
  "[3:1]",
  "[1:5:2]",
  "[0:9][0:9]",
  ":children",
  ":vars",
  "[all:vars]\n",
  "[g:children]\n",
  "[g]\n",
  "all:\n",
  "hosts:",
  "children:",
  "vars:",
  "  hosts:\n",
  "!unsafe ",
  "!vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6162\n",
  "!!set ",
  "!!binary ",
  "!!int ",
  "!!float ",
  "!!str ",
  "!!map ",
  "!!omap ",
  "!!python/object ",
  "!foo ",
  "{{ x }}",
  "0x1F",
  "0o17",
  "0b101",
  "012",
  "1e3",
  "1.0e+3",
  "1_000",
  ".inf",
  "-.inf",
  ".nan",
  "NaN",
  "Infinity",
  "yes",
  "no",
  "on",
  "off",
  "y",
  "~",
  "null",
  "None",
  "True",
  "False",
  "2001-12-14",
  "2001-12-14t21:59:43.10-05:00",
  "1:20",
  "190:20:30",
  "ansible_port=22",
  "ansible_group_priority=5",
  "ansible_host=",
  "a=[1,2",
  "b={'x': 1}",
  "c=(1,)",
  "d=u'x'",
  "e=b'x'",
  "f={1,2}",
  "g=1j",
  "h=-",
  "i=1.",
  "j='''x'''",
  'k="a b"',
  "l=\\#",
  "m=#",
  "$ANSIBLE_VAULT;1.1;AES256\n",
  "#!/bin/sh\n",
  "\ufeff",
  "\u0000",
  "\u0085",
  "\u2028",
  "\u00a0",
  "\u00e9",
  "\ud83d\ude00",
  "localhost",
  "127.0.0.1",
  "::1",
  "[::1]:22",
  "host:22",
  "host:",
  "h[1:2]:22",
  "9".repeat(30),
  "x".repeat(2000),
  "[".repeat(300),
  "{".repeat(300),
];

/** Characters that are valid but unusual: line separators, controls, wide and combining. */
const ODD_CHARS: readonly string[] = [
  "\u0085",
  "\u2028",
  "\u2029",
  "\ufeff",
  "\u00a0",
  "\u0000",
  "\u001c",
  "\u000b",
  "\u000c",
  "\u0301",
  "\u00e9",
  "\u4e2d",
  "\ud83d\ude00",
  "\u200b",
  "\ufffd",
];

/** File names a single-file input may have: the name decides which parsers try it. */
const NAMES: readonly string[] = [
  "hosts",
  "hosts.ini",
  "hosts.yml",
  "hosts.yaml",
  "hosts.json",
  "hosts.toml",
  "hosts.cfg",
  "group_vars/all.yml",
  "host_vars/h1.json",
  "group_vars/g",
];

/** One edit of a file's bytes; the numbers are taken modulo what they index. */
interface Mutation {
  readonly op: number;
  readonly at: number;
  readonly len: number;
  readonly pick: number;
  readonly byte: number;
}

/** Which input to build: everything about it is in these numbers. */
type Recipe =
  | {
    readonly kind: "mutate";
    readonly base: number;
    readonly file: number;
    readonly mutations: readonly Mutation[];
    readonly mode: number;
  }
  | {
    readonly kind: "bytes";
    readonly name: number;
    readonly bytes: Uint8Array;
    readonly mode: number;
  }
  | {
    readonly kind: "tokens";
    readonly name: number;
    readonly tokens: readonly number[];
    readonly mode: number;
  };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.nat(12),
  at: fc.nat(),
  len: fc.nat(80),
  pick: fc.nat(),
  byte: fc.nat(255),
});

const recipe: fc.Arbitrary<Recipe> = fc.oneof(
  {
    weight: 7,
    arbitrary: fc.record({
      kind: fc.constant("mutate" as const),
      base: fc.nat(1_000_000),
      file: fc.nat(),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 6 }),
      mode: fc.nat(99),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("tokens" as const),
      name: fc.nat(NAMES.length - 1),
      tokens: fc.array(fc.nat(TOKENS.length - 1), { maxLength: 40 }),
      mode: fc.nat(99),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("bytes" as const),
      name: fc.nat(NAMES.length - 1),
      bytes: fc.uint8Array({ maxLength: 400 }),
      mode: fc.nat(99),
    }),
  },
);

const encoder = new TextEncoder();

/** An input: files (by path below the input's root) and the `-i` sources. */
interface Input {
  readonly files: Record<string, Uint8Array>;
  readonly sources: readonly string[];
  readonly summary: string;
}

function baseCase(
  base: number,
  seed: number,
): { files: Record<string, string>; sources: string[] } {
  // One in four from the hand-written seeds, the rest from the differential generator.
  if (base % 4 === 0) return SEEDS[(base >> 2) % SEEDS.length]!;
  const c = generateCase(seed, base);
  return { files: c.files, sources: [...c.sources] };
}

function lineStarts(bytes: Uint8Array): number[] {
  const starts = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) starts.push(i + 1);
  return starts;
}

function splice(bytes: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at));
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

/** Applies one mutation. */
function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = m.at % (bytes.length + 1);
  const starts = lineStarts(bytes);
  const line = m.at % starts.length;
  const lineStart = starts[line]!;
  const lineEnd = line + 1 < starts.length ? starts[line + 1]! : bytes.length;
  switch (m.op) {
    case 0: // insert a token
      return splice(bytes, at, 0, encoder.encode(TOKENS[m.pick % TOKENS.length]!));
    case 1: // delete a range
      return splice(bytes, at, Math.min(m.len, bytes.length - at), new Uint8Array());
    case 2: // overwrite a byte (may make the text invalid UTF-8)
      return at < bytes.length ? splice(bytes, at, 1, new Uint8Array([m.byte])) : bytes;
    case 3: // duplicate a line
      return splice(bytes, lineEnd, 0, bytes.slice(lineStart, lineEnd));
    case 4: // delete a line
      return splice(bytes, lineStart, lineEnd - lineStart, new Uint8Array());
    case 5: { // move a line elsewhere
      const text = bytes.slice(lineStart, lineEnd);
      const rest = splice(bytes, lineStart, lineEnd - lineStart, new Uint8Array());
      const to = lineStarts(rest)[m.pick % lineStarts(rest).length]!;
      return splice(rest, to, 0, text);
    }
    case 6: { // change a line's indentation
      const pads = ["", " ", "  ", "   ", "\t", "    ", "        "];
      let end = lineStart;
      while (end < lineEnd && (bytes[end] === 0x20 || bytes[end] === 0x09)) end++;
      return splice(bytes, lineStart, end - lineStart, encoder.encode(pads[m.pick % pads.length]!));
    }
    case 7: // truncate
      return bytes.slice(0, at);
    case 8: // an unusual character
      return splice(bytes, at, 0, encoder.encode(ODD_CHARS[m.pick % ODD_CHARS.length]!));
    case 9: { // copy a range elsewhere
      const piece = bytes.slice(at, Math.min(bytes.length, at + m.len));
      return splice(bytes, m.pick % (bytes.length + 1), 0, piece);
    }
    case 10: { // a number becomes extreme
      const text = new TextDecoder().decode(bytes);
      const numbers = [...text.matchAll(/\d+/g)];
      if (numbers.length === 0) return bytes;
      const hit = numbers[m.pick % numbers.length]!;
      const values = ["0", "-1", "99999999999999999999", "4294967296", "1e309", "007", "1_0"];
      const replaced = text.slice(0, hit.index) + values[m.byte % values.length] +
        text.slice(hit.index! + hit[0].length);
      return encoder.encode(replaced);
    }
    case 11: { // a line becomes a section header or a YAML key
      const text = new TextDecoder().decode(bytes.slice(lineStart, lineEnd)).trim();
      const forms = [`[${text}]\n`, `${text}:\n`, `- ${text}\n`, `${text}=\n`];
      return splice(bytes, lineStart, lineEnd - lineStart, encoder.encode(forms[m.pick % 4]!));
    }
    default: { // swap two bytes
      const other = m.pick % (bytes.length || 1);
      if (at >= bytes.length || other >= bytes.length) return bytes;
      const out = bytes.slice();
      [out[at], out[other]] = [out[other]!, out[at]!];
      return out;
    }
  }
}

/** Builds the input a recipe describes. */
function build(r: Recipe, seed: number): Input {
  if (r.kind === "mutate") {
    const base = baseCase(r.base, seed);
    const files: Record<string, Uint8Array> = {};
    for (const [path, text] of Object.entries(base.files)) files[path] = encoder.encode(text);
    const paths = Object.keys(files).sort();
    const target = paths[r.file % paths.length]!;
    let bytes = files[target]!;
    for (const m of r.mutations) bytes = mutate(bytes, m);
    files[target] = bytes;
    return {
      files,
      sources: base.sources,
      summary: `base ${r.base}, ${r.mutations.length} edits of ${target}`,
    };
  }
  const name = NAMES[r.name]!;
  const bytes = r.kind === "bytes"
    ? r.bytes
    : encoder.encode(r.tokens.map((t) => TOKENS[t]).join(""));
  if (name.includes("/")) {
    // A vars file needs an inventory whose hosts it applies to.
    return {
      files: { "hosts.ini": encoder.encode("[g]\nh1\n"), [name]: bytes },
      sources: ["hosts.ini"],
      summary: `${r.kind} as ${name}`,
    };
  }
  return { files: { [name]: bytes }, sources: [name], summary: `${r.kind} as ${name}` };
}

// ---------------------------------------------------------------------------------------
// Running.

/** A result of the worker: what the command printed, or what escaped it. */
type WorkerResult = Exclude<FuzzReply, { ready: true }>;

/** Runs ha-inventory in a worker, restarting it after a hang. */
class Runner {
  #worker: Promise<Worker> | undefined;
  #next = 0;

  /** A loaded worker: loading is not part of any input's time. */
  #start(): Promise<Worker> {
    this.#worker ??= new Promise((resolve, reject) => {
      const worker = new Worker(new URL("./fuzz_worker.ts", import.meta.url).href, {
        type: "module",
      });
      const timer = setTimeout(() => reject(new Error("the fuzz worker did not start")), 300_000);
      worker.onmessage = (event: MessageEvent<FuzzReply>) => {
        if (!("ready" in event.data)) return;
        clearTimeout(timer);
        resolve(worker);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        clearTimeout(timer);
        reject(new Error(`the fuzz worker failed to start: ${event.message}`));
      };
    });
    return this.#worker;
  }

  /** The command's result, or `"timeout"`, or what crashed the worker. */
  async run(args: readonly string[], timeoutMs: number): Promise<WorkerResult | "timeout"> {
    const worker = await this.#start();
    const id = this.#next++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        worker.terminate();
        this.#worker = undefined;
        resolve("timeout");
      }, timeoutMs);
      worker.onmessage = (event: MessageEvent<FuzzReply>) => {
        if (event.data.id !== id || "ready" in event.data) return;
        clearTimeout(timer);
        resolve(event.data);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        clearTimeout(timer);
        worker.terminate();
        this.#worker = undefined;
        resolve({ id, crash: event.message });
      };
      worker.postMessage({ id, args });
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    (await worker?.catch(() => undefined))?.terminate();
  }
}

/**
 * Input Ansible reads but ha-inventory refuses on purpose (see docs/errors.md): text that
 * is not UTF-8, an INI byte order mark, programs, and ranges over the fuzzer's own
 * `--max-range-hosts`.
 */
const DELIBERATE =
  /File is not valid UTF-8 text|byte order mark|never runs code|vault-encrypted|not a regular file|Symbolic link loop|expands to more than 5000 hosts/;

/**
 * Differences the fuzzer found in code other engineers own, reported and not fixed yet:
 * counted and shown, but they do not fail the run. Each test looks at the text of each
 * of the input's files.
 */
export const KNOWN_DIFFERENCES: readonly {
  readonly why: string;
  /** Matches the text of one of the input's files. */
  readonly test: RegExp;
  /** When given, ha-inventory's stderr must match too. */
  readonly stderr?: RegExp;
}[] = [
  {
    why:
      "src/values/yaml_load.ts keeps U+FEFF after the start of a YAML text; libyaml skips a byte order mark at the start of any line",
    test: /[^]\ufeff/,
  },
  {
    why:
      "src/values/yaml_load.ts reads U+2028 and U+2029 as plain line breaks; libyaml keeps them in quoted and block scalar content",
    test: /[\u2028\u2029]/,
  },
  {
    why:
      "src/values/yaml_load.ts (js-yaml) rejects a tag or anchor on the first key of a block mapping (`!!str key: value`, `&a key:`), which libyaml reads",
    test: /^[!&]\S* +[^\s:]+:/m,
  },
  {
    why:
      'src/values/yaml_load.ts (js-yaml) rejects a plain scalar in a flow collection that goes on over a line break after a quote (`{a: b"\n c}`), which libyaml reads',
    test: /[{[][^}\]\n]*\n/,
    stderr: /missed comma between flow collection entries/,
  },
];

/** Ansible's signs of a source it could not read (then there is nothing to compare). */
const PARSE_TROUBLE = /Unable to parse|Failed to parse|No inventory was parsed|ERROR!/;

/** Parses a `--list` document, which may hold Python's bare `NaN` and `Infinity`. */
function isJsonDocument(text: string): boolean {
  try {
    JSON.parse(text.replace(/(?<=[\s:[,])-?(?:NaN|Infinity)(?=[\s,\]}])/g, "null"));
    return true;
  } catch {
    return false;
  }
}

/** What a run should look like; the problem when it does not. */
function judge(
  reply: WorkerResult | "timeout",
  timeoutMs: number,
  json: boolean,
): { kind: "ok" | "rejected" } | {
  kind: "failure";
  why: string;
} {
  if (reply === "timeout") return { kind: "failure", why: `no answer within ${timeoutMs} ms` };
  if ("crash" in reply) return { kind: "failure", why: `uncaught: ${reply.crash}` };
  if (reply.code === 0) {
    if (json && !isJsonDocument(reply.stdout)) {
      return { kind: "failure", why: "exit 0 without a JSON document" };
    }
    if (!json && reply.stdout === "") return { kind: "failure", why: "exit 0 without output" };
    return { kind: "ok" };
  }
  if (reply.code === 1) {
    if (reply.stdout !== "") return { kind: "failure", why: "exit 1 with output on stdout" };
    if (!/^ha-inventory: error: \S/m.test(reply.stderr)) {
      return {
        kind: "failure",
        why: `exit 1 without an error message: ${reply.stderr.slice(0, 300)}`,
      };
    }
    if (/^\s+at .+:\d+:\d+\)?$/m.test(reply.stderr)) {
      return { kind: "failure", why: "stack trace on stderr" };
    }
    return { kind: "rejected" };
  }
  return { kind: "failure", why: `exit ${reply.code}: ${reply.stderr.slice(0, 500)}` };
}

/** Which command a recipe runs (modes beyond `--list` only where no comparison is made). */
function modeArgs(mode: number, compare: boolean): string[] {
  if (compare || mode < 50) return ["--list", "--no-facts"];
  if (mode < 65) return ["--list"]; // Kubespray facts on hostile input too
  if (mode < 75) return ["--list", "--export", "--no-facts"];
  if (mode < 85) return ["--graph", "--vars", "--no-facts"];
  if (mode < 92) return ["--list", "--yaml"];
  return ["--host", "h1"];
}

async function writeInput(root: string, input: Input): Promise<void> {
  for (const [path, bytes] of Object.entries(input.files)) {
    const full = join(root, path);
    await Deno.mkdir(dirname(full), { recursive: true });
    await Deno.writeFile(full, bytes);
  }
}

/** The fuzz run. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const recipes = fc.sample(recipe, { seed: options.seed, numRuns: options.inputs });
  const cwd = await Deno.makeTempDir({ prefix: "ha-fuzz-cwd-" });
  const playbookDir = await Deno.makeTempDir({ prefix: "ha-fuzz-pb-" });
  let ansible: AnsibleRunner | undefined;
  if (options.ansible && options.compare > 0) {
    ansible = await forkServerRunner(cwd, options.ansible) ?? processRunner(options.ansible);
  }
  // Spread the comparisons over the run.
  const compareEvery = options.compare > 0
    ? Math.max(1, Math.floor(options.inputs / options.compare))
    : 0;
  const runner = new Runner();
  const failures: FuzzFailure[] = [];
  let ok = 0;
  let rejected = 0;
  let compared = 0;
  let differences = 0;
  let knownDifferences = 0;
  let skipped = 0;
  let slowestMs = 0;
  let ansibleMs = 0;
  const started = performance.now();
  try {
    for (const [index, r] of recipes.entries()) {
      const input = build(r, options.seed);
      const root = await Deno.makeTempDir({ prefix: "ha-fuzz-" });
      let keep = false;
      const fail = (why: string) => {
        keep = options.outDir !== undefined;
        const kept = keep ? join(options.outDir!, `input-${index}`) : undefined;
        const failure = {
          index,
          why,
          recipe: `${input.summary} (seed ${options.seed}, input ${index})`,
          ...(kept ? { kept } : {}),
        };
        failures.push(failure);
        options.log(
          `✗ fuzz input ${index} (${failure.recipe}): ${why}${kept ? `\n  kept in ${kept}` : ""}`,
        );
      };
      try {
        try {
          await writeInput(root, input);
        } catch (error) {
          // A generated tree can name a path both as a file and as a folder.
          options.log(`- fuzz input ${index} skipped: ${(error as Error).message}`);
          skipped++;
          continue;
        }
        const sampled = ansible !== undefined && compared < options.compare &&
          index % compareEvery === 0;
        const mode = modeArgs(r.mode, sampled);
        const sources = input.sources.flatMap((s) => ["-i", join(root, s)]);
        const args = [
          ...sources,
          ...mode,
          "--playbook-dir",
          playbookDir,
          "--max-range-hosts",
          "5000",
        ];
        const started = performance.now();
        const reply = await runner.run(args, options.timeoutMs);
        slowestMs = Math.max(slowestMs, performance.now() - started);
        const json = !mode.includes("--graph") && !mode.includes("--yaml");
        const verdict = judge(reply, options.timeoutMs, json);
        if (verdict.kind === "failure") {
          fail(verdict.why);
          continue;
        }
        if (verdict.kind === "ok") ok++;
        else rejected++;
        if (!sampled) continue;
        // Ansible expands any range, a huge one for minutes: nothing to compare there.
        const mine = reply as { code: number; stdout: string; stderr: string };
        if (mine.code === 1 && /expands to more than 5000 hosts/.test(mine.stderr)) continue;
        const askedAt = performance.now();
        const theirs: AnsibleResult = await ansible!.run(
          [...sources, "--list", "--playbook-dir", playbookDir],
          cwd,
        );
        ansibleMs += performance.now() - askedAt;
        if (performance.now() - askedAt > 5000) {
          options.log(
            `  slow ansible ${
              (performance.now() - askedAt).toFixed(0)
            } ms on input ${index}: ${input.summary}; ours: ${
              (reply as { stderr: string }).stderr.split("\n")[0]
            }`,
          );
        }
        compared++;
        if (theirs.code !== 0 || PARSE_TROUBLE.test(theirs.stderr)) continue;
        // Refusals that are ha-inventory's policy (docs/errors.md), not differences.
        if (mine.code === 1 && DELIBERATE.test(mine.stderr)) continue;
        // An INI file that starts with a byte order mark is refused on purpose (Ansible
        // reads the mark into the first host's name), whichever parser's error is shown.
        const bom = input.sources.some((s) =>
          input.files[s]?.[0] === 0xef && input.files[s]?.[1] === 0xbb
        );
        if (mine.code === 1 && bom) continue;
        if (mine.code !== 0 || mine.stdout !== theirs.stdout) {
          differences++;
          const texts = Object.values(input.files).map((b) => new TextDecoder().decode(b));
          const known = KNOWN_DIFFERENCES.find((k) =>
            texts.some((text) => k.test.test(text)) && (!k.stderr || k.stderr.test(mine.stderr))
          );
          if (known) {
            knownDifferences++;
            options.log(`- fuzz input ${index}: known difference (${known.why})`);
            continue;
          }
          fail(
            mine.code !== 0
              ? `ansible-inventory parses it cleanly, ha-inventory refuses it:\n  ${
                mine.stderr.trim().split("\n")[0]
              }`
              : "--list differs from ansible-inventory's",
          );
        }
      } finally {
        if (keep) {
          await Deno.mkdir(options.outDir!, { recursive: true });
          await Deno.rename(root, join(options.outDir!, `input-${index}`));
        } else {
          await Deno.remove(root, { recursive: true });
        }
      }
      if ((index + 1) % 1000 === 0) {
        options.log(`  ${index + 1} inputs, ${failures.length} failures so far`);
      }
    }
  } finally {
    await runner.close();
    await ansible?.close();
    await Deno.remove(cwd, { recursive: true });
    await Deno.remove(playbookDir, { recursive: true });
  }
  const inputs = recipes.length - skipped;
  const totalMs = performance.now() - started;
  options.log(
    `fuzz took ${(totalMs / 1000).toFixed(1)} s, ${
      (ansibleMs / 1000).toFixed(1)
    } s of it in ansible-inventory`,
  );
  return {
    inputs,
    ok,
    rejected,
    compared,
    differences,
    knownDifferences,
    failures,
    slowestMs,
    line:
      `fuzz: ${inputs} inputs, ${ok} ok, ${rejected} rejected, ${compared} compared with ansible, ${differences} differences`,
  };
}

/** The installed `ansible-inventory`, if any. */
export function findAnsible(): string | undefined {
  try {
    const out = new Deno.Command("sh", {
      args: ["-c", "command -v ansible-inventory"],
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    const path = new TextDecoder().decode(out.stdout).trim();
    return out.success && path !== "" ? path : undefined;
  } catch {
    return undefined;
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      seed: { type: "string" },
      inputs: { type: "string", default: "20000" },
      compare: { type: "string", default: "2000" },
      timeout: { type: "string", default: "10000" },
      out: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(
      "deno run -A scripts/fuzz.ts [--seed N] [--inputs N] [--compare N] [--timeout MS] [--out DIR]",
    );
    Deno.exit(0);
  }
  const seed = values.seed !== undefined
    ? Number(values.seed)
    : Math.floor(Math.random() * 2 ** 31);
  const outDir = values.out ?? await Deno.makeTempDir({ prefix: "ha-fuzz-failures-" });
  console.log(`fuzz seed ${seed}; failing inputs go to ${outDir}`);
  const summary = await runFuzz({
    seed,
    inputs: Number(values.inputs),
    compare: Number(values.compare),
    timeoutMs: Number(values.timeout),
    outDir,
    log: (line) => console.log(line),
    ...(findAnsible() ? { ansible: findAnsible()! } : {}),
  });
  console.log(summary.line);
  console.log(`slowest input: ${summary.slowestMs.toFixed(0)} ms`);
  Deno.exit(summary.failures.length === 0 ? 0 : 1);
}
