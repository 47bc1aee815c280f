/**
 * Variable values for YAML inventories and vars files, covering what PyYAML's YAML 1.1
 * resolver and Ansible's tags do: booleans (`yes`/`off`), octal and sexagesimal ints,
 * floats, nulls, timestamps, quoted and multi-line strings, block scalars, flow and
 * block collections, anchors, aliases, merge keys, `!unsafe`, `!vault` and `!!str`.
 * Mapping keys are always all strings, or all ints, so Ansible can sort them.
 *
 * @module
 */

import type { Rng } from "./prng.ts";
import { ASTRAL_KEYS, LOOKALIKES, SENTENCES, VAR_NAMES, WORDS } from "./words.ts";
import { plainOk, yamlDouble, yamlKey, yamlString, type YEntry, type YNode } from "./yaml_doc.ts";

const NUMBERS: readonly string[] = [
  "0",
  "1",
  "42",
  "-7",
  "+12",
  "012",
  "0o12",
  "0x1F",
  "0b101",
  "1_000",
  "1:20",
  "190:20:30",
  "-1:30",
  "100000000000000000000",
  "1.5",
  "0.",
  "-.5",
  "1e3",
  "1.0e3",
  "1.0e+3",
  "6.8523015e+5",
  "190:20:30.15",
  "1_000.5",
  ".inf",
  "-.inf",
  "+.inf",
  ".NaN",
  ".nan",
  "3.14159",
  "1.0e-5",
  "12345678901234567890.5",
];

const BOOLS: readonly string[] = [
  "yes",
  "no",
  "on",
  "off",
  "Yes",
  "NO",
  "true",
  "False",
  "TRUE",
  "y",
  "n",
  "On",
];
const NULLS: readonly string[] = ["~", "null", "Null", "NULL"];
/** Dates and datetimes: naive, UTC, odd offsets, long fractions, each separator; one string. */
const TIMES: readonly string[] = [
  "2001-12-14",
  "2001-12-14 21:59:43.10",
  "2001-12-14t21:59:43.10-05:00",
  "2001-12-14 21:59:43Z",
  "2024-02-29T12:00:00+01:00",
  "2001-12-15T02:59:43.1Z",
  "2002-1-3",
  "2001-12-14 21:59:43 -5",
  "2001-12-14 21:59:43.1234567 +05:30",
  "2001-12-14\t21:59:43",
  "2001-12-14 21:59:00",
  "2001-12-14T00:00:00.000001Z",
  "2001-12-14 21:59:43 -0:30",
  "2001-12-14   1:02:03 +0",
  "0001-01-01",
];

/** Generates YAML values for one document, remembering its anchors so later values can alias them. */
export class YamlValues {
  readonly #rng: Rng;
  readonly #anchors: { name: string; kind: "map" | "seq" | "scalar" }[] = [];
  #next = 1;
  /** Whether a `!vault` value was written (Ansible cannot print those with `--graph --vars`). */
  vault = false;

  /** @param rng the random source */
  constructor(rng: Rng) {
    this.#rng = rng;
  }

  /** Names of mapping anchors defined so far. */
  get mapAnchors(): string[] {
    return this.#anchors.filter((a) => a.kind === "map").map((a) => a.name);
  }

  /** Gives `node` an anchor with probability `p`, and records it. */
  anchor<T extends YNode>(node: T, p: number): T {
    if (
      (node.kind === "map" || node.kind === "seq" || node.kind === "scalar") && this.#rng.chance(p)
    ) {
      const name = this.#rng.pick(["base", "defaults", "common", "x", "a", "ref"]) + this.#next++;
      node.anchor = name;
      this.#anchors.push({ name, kind: node.kind === "scalar" ? "scalar" : node.kind });
    }
    return node;
  }

  /** A scalar node. */
  scalar(flow: boolean): YNode {
    const rng = this.#rng;
    const kind = rng.weighted<string>([
      ["word", 6],
      ["lookalike", 3],
      ["number", 3],
      ["bool", 2],
      ["null", flow ? 0.3 : 0.8],
      ["time", 0.5],
      ["sentence", 1.5],
      ["jinja", 1],
      ["block", flow ? 0 : 1.2],
      ["multiline", flow ? 0 : 0.5],
      ["unsafe", 0.5],
      ["vault", flow ? 0 : 0.15],
      ["str-tag", 0.3],
      ["escapes", 0.6],
    ]);
    switch (kind) {
      case "word":
        return { kind: "scalar", text: yamlString(rng, rng.pick(WORDS), flow) };
      case "lookalike": {
        const s = rng.pick(LOOKALIKES);
        return {
          kind: "scalar",
          text: rng.chance(0.6) && plainOk(s, flow) ? s : yamlString(rng, s, flow, false),
        };
      }
      case "number":
        return { kind: "scalar", text: rng.pick(NUMBERS) };
      case "bool":
        return { kind: "scalar", text: rng.pick(BOOLS) };
      case "null":
        return flow || rng.chance(0.6)
          ? { kind: "scalar", text: rng.pick(NULLS) }
          : { kind: "empty" };
      case "time":
        return rng.chance(0.1)
          ? {
            kind: "scalar",
            tag: "!!timestamp",
            text: rng.pick(["2002-1-3", "'2001-12-14 1:02:03'"]),
          }
          : { kind: "scalar", text: rng.pick(TIMES) };
      case "sentence":
        return { kind: "scalar", text: yamlString(rng, rng.pick(SENTENCES), flow) };
      case "jinja":
        return {
          kind: "scalar",
          text: yamlString(
            rng,
            rng.pick([
              "{{ kube_version }}",
              "{{ inventory_hostname }}.example.com",
              "{{ ansible_host | default('x') }}",
            ]),
            flow,
            false,
          ),
        };
      case "block":
        return this.#block();
      case "multiline":
        return rng.chance(0.5)
          ? { kind: "multiline", lines: ["this is a plain", "scalar folded over", "three lines"] }
          : {
            kind: "multiline",
            lines: ['"double quoted', "folded \\", ' with escape\\tand end"'],
          };
      case "unsafe":
        return {
          kind: "scalar",
          tag: "!unsafe",
          text: yamlString(
            rng,
            rng.pick(["{{ lookup('env', 'HOME') }}", "{% raw %}x{% endraw %}", "plain"]),
            flow,
          ),
        };
      case "vault":
        this.vault = true;
        return {
          kind: "block",
          tag: "!vault",
          header: "|",
          lines: [
            "$ANSIBLE_VAULT;1.1;AES256",
            ...Array.from({ length: rng.int(1, 3) }, () => hex(rng, 80)),
          ],
        };
      case "str-tag":
        return rng.pick<YNode>([
          { kind: "scalar", tag: "!!str", text: rng.pick(["123", "yes", "1.5", "~", "0o12"]) },
          { kind: "scalar", tag: "!!int", text: rng.pick(['"0x1F"', '"010"', "'1_000'", '"-7"']) },
          { kind: "scalar", tag: "!!float", text: rng.pick(['"1"', "'1e3'", '".5"']) },
          { kind: "scalar", tag: "!!bool", text: rng.pick(['"yes"', "'off'"]) },
          { kind: "scalar", tag: "!!null", text: '""' },
        ]);
      default:
        return {
          kind: "scalar",
          text: yamlDouble(
            rng.pick(["tab\there", "new\nline", "bell\x07", "caf\u00e9 \u{1F600}", "nbsp\u00a0x"]),
            rng,
          ),
        };
    }
  }

  #block(): YNode {
    const rng = this.#rng;
    const header = rng.pick(["|", ">", "|-", ">-", "|+", ">+"]);
    const pool = [
      "first line",
      "second: with colon",
      "# not a comment here",
      "  more indented",
      "",
      "last line 'quoted' \"too\"",
      "ünïcödé",
      "key={{ value }}",
    ];
    const lines = [rng.pick(["first line", "#!/bin/sh", "[section]"])];
    for (let i = rng.int(0, 4); i > 0; i--) lines.push(rng.pick(pool));
    while (lines.at(-1) === "") lines.pop();
    if (header.endsWith("+") && rng.chance(0.5)) lines.push("");
    return { kind: "block", header, lines };
  }

  /** Any value: scalar, collection or alias, nested up to `depth`. */
  value(depth: number, flow = false): YNode {
    const rng = this.#rng;
    const kind = rng.weighted<string>([
      ["scalar", 10],
      ["seq", depth > 0 ? 2 : 0],
      ["map", depth > 0 ? 2 : 0],
      ["intmap", depth > 0 ? 0.3 : 0],
      ["alias", this.#anchors.length > 0 ? 0.6 : 0],
    ]);
    switch (kind) {
      case "scalar":
        return this.anchor(this.scalar(flow), 0.03);
      case "alias":
        return { kind: "alias", name: rng.pick(this.#anchors).name };
      case "seq": {
        const asFlow = flow || rng.chance(0.4);
        const items = Array.from({ length: rng.int(0, 4) }, () => this.value(depth - 1, asFlow));
        return this.anchor({ kind: "seq", items, flow: asFlow }, 0.1);
      }
      case "map":
        return this.anchor(this.map(depth - 1, flow || rng.chance(0.3)), 0.15);
      default: {
        // Int keys only (all distinct numbers), which Ansible sorts numerically.
        const keys = rng.sample(["1", "2", "10", "0x10", "010", "-3", "1:20"], rng.int(1, 3));
        const entries: YEntry[] = keys.map((k) => ({ key: k, value: this.value(0, flow) }));
        return { kind: "map", entries, flow };
      }
    }
  }

  /** A mapping with string keys (variable names), optionally merging anchored mappings. */
  map(depth: number, flow: boolean, keys?: readonly string[]): YNode & { kind: "map" } {
    const rng = this.#rng;
    const names = keys ?? rng.sample([...VAR_NAMES, ...rng.sample(ASTRAL_KEYS, 1)], rng.int(0, 4));
    const entries: YEntry[] = [];
    const anchors = this.mapAnchors;
    if (!flow && anchors.length > 0 && rng.chance(0.15)) {
      const picked = rng.sample(anchors, rng.int(1, 2));
      entries.push({
        key: "<<",
        value: picked.length === 1
          ? { kind: "alias", name: picked[0]! }
          : { kind: "seq", flow: true, items: picked.map((name) => ({ kind: "alias", name })) },
      });
    }
    for (const name of names) {
      if (!flow && rng.chance(0.04)) entries.push({ comment: rng.pick(SENTENCES) });
      // In flow context value() only makes inline nodes (a discarded node would leave its anchors behind).
      const value = this.value(depth, flow);
      entries.push({ key: yamlKey(rng, name, flow), value });
    }
    if (!flow && names.length > 0 && rng.chance(0.02)) {
      // A duplicate key: PyYAML keeps the last value (Ansible warns).
      entries.push({ key: yamlKey(rng, names[0]!, false), value: this.scalar(false) });
    }
    return { kind: "map", entries, flow };
  }
}

function hex(rng: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += "0123456789abcdef"[rng.int(0, 15)];
  return s;
}
