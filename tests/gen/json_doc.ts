/**
 * JSON documents for the generators, written by hand so that number spellings
 * (`1.0`, `1e5`, `-0`, 20-digit ints), escapes, `NaN`/`Infinity` (which Python's
 * `json` accepts) and layout vary the way hand-written and tool-written files do.
 *
 * @module
 */

import type { Rng } from "./prng.ts";
import { ASTRAL_KEYS, LOOKALIKES, SENTENCES, VAR_NAMES, WORDS } from "./words.ts";

/** A JSON node: raw scalar text, an array, or an object (duplicate keys allowed). */
export type JNode = { raw: string } | JNode[] | { entries: [string, JNode][] };

/** Layout: `indent` 0 writes everything on one line. */
export interface JStyle {
  indent: number;
  /** Space after `:` and `,` on one-line documents. */
  spaced: boolean;
}

/** A JSON string literal for `s`, sometimes with needless escapes. */
export function jsonString(s: string, rng?: Rng): string {
  let out = "";
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (cp < 0x20) out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else if (ch === "/" && rng?.chance(0.3)) out += "\\/";
    else if (cp > 0x7f && rng?.chance(0.3)) {
      // \u escapes, as a surrogate pair for astral characters.
      for (let i = 0; i < ch.length; i++) {
        out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, "0")}`;
      }
    } else out += ch;
  }
  return `"${out}"`;
}

/** Writes a JSON node. */
export function emitJson(node: JNode, style: JStyle, level = 0): string {
  const nl = style.indent > 0 ? "\n" : "";
  const inner = style.indent > 0 ? " ".repeat((level + 1) * style.indent) : "";
  const outer = style.indent > 0 ? " ".repeat(level * style.indent) : "";
  const comma = style.indent > 0 ? "," : style.spaced ? ", " : ",";
  const colon = style.indent > 0 || style.spaced ? ": " : ":";
  if ("raw" in node) return node.raw;
  if (Array.isArray(node)) {
    if (node.length === 0) return "[]";
    return `[${nl}${
      node.map((n) => inner + emitJson(n, style, level + 1)).join(comma + nl)
    }${nl}${outer}]`;
  }
  if (node.entries.length === 0) return "{}";
  const body = node.entries.map(([k, v]) =>
    `${inner}${jsonString(k)}${colon}${emitJson(v, style, level + 1)}`
  );
  return `{${nl}${body.join(comma + nl)}${nl}${outer}}`;
}

const NUMBERS: readonly string[] = [
  "0",
  "1",
  "-0",
  "42",
  "1.0",
  "-0.0",
  "1e5",
  "1E-7",
  "2.5e+3",
  "0.1",
  "12345678901234567890",
  "-9007199254740993",
  "3.0e2",
  "1e400",
  "123456789.123456789",
];

/** Random JSON values. */
export class JsonValues {
  readonly #rng: Rng;

  /** @param rng the random source */
  constructor(rng: Rng) {
    this.#rng = rng;
  }

  /** A scalar. */
  scalar(): JNode {
    const rng = this.#rng;
    return rng.weighted<() => JNode>([
      [() => ({ raw: jsonString(rng.pick(WORDS), rng) }), 6],
      [() => ({ raw: jsonString(rng.pick(LOOKALIKES), rng) }), 2],
      [() => ({ raw: jsonString(rng.pick(SENTENCES), rng) }), 1],
      [() => ({ raw: rng.pick(NUMBERS) }), 3],
      [() => ({ raw: rng.pick(["true", "false", "null"]) }), 2],
      [() => ({ raw: rng.pick(["NaN", "Infinity", "-Infinity"]) }), 0.2],
      [
        () => ({ entries: [["__ansible_unsafe", { raw: jsonString("{{ not_templated }}") }]] }),
        0.2,
      ],
    ])();
  }

  /** Any value nested up to `depth`. */
  value(depth: number): JNode {
    const rng = this.#rng;
    const kind = rng.weighted<string>([["scalar", 8], ["array", depth > 0 ? 2 : 0], [
      "object",
      depth > 0 ? 2 : 0,
    ]]);
    if (kind === "scalar") return this.scalar();
    if (kind === "array") return Array.from({ length: rng.int(0, 4) }, () => this.value(depth - 1));
    return this.object(depth - 1);
  }

  /** An object keyed by variable names (rarely with a duplicate key: Python keeps the last). */
  object(depth: number, keys?: readonly string[]): { entries: [string, JNode][] } {
    const rng = this.#rng;
    const names = keys ?? rng.sample([...VAR_NAMES, ...rng.sample(ASTRAL_KEYS, 1)], rng.int(0, 4));
    const entries: [string, JNode][] = names.map((k) => [k, this.value(depth)]);
    if (entries.length > 0 && rng.chance(0.03)) entries.push([entries[0]![0], this.scalar()]);
    return { entries };
  }
}
