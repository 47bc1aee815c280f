/**
 * Values for INI inventories: Python-literal text (what `ast.literal_eval` sees),
 * shell-style quoting for host lines (what `shlex.split` undoes), and raw
 * `[g:vars]` values. Only values Ansible can serialise are produced: no sets, no
 * complex numbers, no dicts mixing key types.
 *
 * @module
 */

import type { Rng } from "./prng.ts";
import { LOOKALIKES, SENTENCES, WORDS } from "./words.ts";

const STRING_BODIES: readonly string[] = [
  ...WORDS,
  ...SENTENCES,
  "",
  "it's",
  'say "hi"',
  "{{ inventory_hostname }}",
  "{{ groups['etcd'] | length }}",
];

/**
 * A Python string literal: quote style, escapes and prefixes as people write them.
 * Bytes literals only where `top` (Ansible decodes a top-level one; nested ones crash it).
 */
export function pyString(rng: Rng, body = rng.pick(STRING_BODIES), top = false): string {
  const style = rng.weighted<string>([
    ["'", 6],
    ['"', 4],
    ["esc", 1],
    ["u", 0.3],
    ["b", top ? 0.3 : 0],
    ["r", 0.3],
    ["concat", 0.3],
  ]);
  const plainBody = body.replace(/[\t\\]/g, "");
  switch (style) {
    case "'":
      return `'${body.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\t/g, "\\t")}'`;
    case '"':
      return `"${body.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\t/g, "\\t")}"`;
    case "esc":
      return `'${
        rng.pick([
          "line\\nbreak",
          "tab\\there",
          "\\x41\\x42",
          "caf\\u00e9",
          "\\U0001F600 smile",
          "nul\\0",
        ])
      }'`;
    case "u":
      return `u'${plainBody.replace(/'/g, "")}'`;
    case "b":
      return `b'${plainBody.replace(/[^\x20-\x7e]|'/g, "")}'`;
    case "r":
      return `r'${rng.pick(["\\d+\\.\\d+", "C:\\temp", "^web[0-9]+$"])}'`;
    default:
      return `'${plainBody.replace(/'/g, "")}' "tail"`;
  }
}

/** A Python int or float literal, in the spellings `literal_eval` accepts. */
export function pyNumber(rng: Rng): string {
  return rng.pick([
    "0",
    "1",
    "42",
    "-7",
    "+3",
    "00",
    "1_000",
    "0x1F",
    "0o17",
    "0b101",
    "100000000000000000000",
    "-9223372036854775809",
    "9007199254740993",
    "1.5",
    "1.",
    ".5",
    "-0.0",
    "1e3",
    "1E-5",
    "1e16",
    "1e15",
    "1e400",
    "-1e400",
    "0.1",
    "2.5e-7",
    "123456789.123456789",
    "3.14159",
    "1_0.5",
    "0.0001",
    "1e-05",
    "5e-324",
    "1.7976931348623157e308",
  ]);
}

/** A Python literal (scalar or container, nested up to `depth`). */
export function pyLiteral(rng: Rng, depth = 2): string {
  // depth 2 is the top level: the only place a bytes literal is safe.
  const kind = rng.weighted<string>([
    ["num", 4],
    ["str", 4],
    ["const", 2],
    ["list", depth > 0 ? 2 : 0],
    ["tuple", depth > 0 ? 0.7 : 0],
    ["dict", depth > 0 ? 2 : 0],
    ["intdict", depth > 0 ? 0.5 : 0],
  ]);
  const sep = rng.pick([", ", ",", " , ", ",  "]);
  switch (kind) {
    case "num":
      return pyNumber(rng);
    case "str":
      return pyString(rng, undefined, depth === 2);
    case "const":
      return rng.pick(["True", "False", "None"]);
    case "list": {
      const items = Array.from({ length: rng.int(0, 4) }, () => pyLiteral(rng, depth - 1));
      return `[${items.join(sep)}${items.length > 0 && rng.chance(0.1) ? "," : ""}]`;
    }
    case "tuple": {
      const items = Array.from({ length: rng.int(1, 3) }, () => pyLiteral(rng, depth - 1));
      return `(${items.join(sep)}${items.length === 1 ? "," : ""})`;
    }
    case "dict": {
      const keys = rng.sample(
        ["a", "b", "name", "port", "Z", "é", "key with space", "1", "_x"],
        rng.int(0, 4),
      );
      const entries = keys.map((k) => `${pyString(rng, k)}: ${pyLiteral(rng, depth - 1)}`);
      return `{${entries.join(sep)}}`;
    }
    default: {
      // Int keys only: Python sorts them numerically before printing them as strings.
      const keys = rng.sample(["10", "9", "-1", "0", "100", "0x10", "2"], rng.int(1, 4));
      const unique = [...new Map(keys.map((k) => [Number(k), k])).values()];
      return `{${unique.map((k) => `${k}: ${pyLiteral(rng, 0)}`).join(sep)}}`;
    }
  }
}

/** The text of a value before quoting: a literal, a plain word, or something in between. */
export function rawValue(rng: Rng): string {
  return rng.weighted<() => string>([
    [() => rng.pick(WORDS), 5],
    [() => rng.pick(LOOKALIKES), 3],
    [() => pyLiteral(rng), 5],
    [() => rng.pick(SENTENCES), 1],
    [() => "", 0.3],
  ])();
}

/** Quotes `text` for `shlex.split(posix=True)` in one of the ways people do. */
export function shlexQuote(rng: Rng, text: string): string {
  const bare = text !== "" && !/[\s'"\\#]/.test(text);
  const style = rng.weighted<string>([
    ["bare", bare ? 6 : 0],
    ["double", 4],
    ["single", text.includes("'") ? 0 : 3],
    // Not when it would end in an escaped space: INI lines are stripped before shlex sees them.
    ["backslash", text !== "" && !/[\t\n\r]/.test(text) && !/\s$/.test(text) ? 1 : 0],
    ["mixed", text.length >= 2 ? 1 : 0],
  ]);
  switch (style) {
    case "bare":
      return text;
    case "double":
      return `"${text.replace(/[\\"]/g, "\\$&")}"`;
    case "single":
      return `'${text}'`;
    case "backslash":
      return text.replace(/[\s'"\\#]/g, "\\$&");
    default: {
      const cut = rng.int(1, text.length - 1);
      // Do not split a surrogate pair between two quoting styles.
      const at = /[\uDC00-\uDFFF]/.test(text[cut] ?? "") ? cut + 1 : cut;
      return shlexQuote(rng, text.slice(0, at)) + shlexQuote(rng, text.slice(at));
    }
  }
}

/** The value part of `key=value` on an INI host line (shlex-quoted). */
export function iniHostValue(rng: Rng): string {
  const raw = rng.weighted<() => string>([
    [() => rawValue(rng), 8],
    // A Python string literal inside shell quotes keeps a string that looks like a number.
    [() => pyString(rng, rng.pick(LOOKALIKES), true), 1.5],
  ])();
  return shlexQuote(rng, raw);
}

/** The value part of a `[g:vars]` line (taken raw: no shlex, quotes and comments kept). */
export function iniGroupValue(rng: Rng): string {
  let value = rawValue(rng);
  if (rng.chance(0.08)) value += rng.pick([" # trailing comment", " ; not a comment", "  # c"]);
  return value.replace(/[\r\n]/g, " ");
}
