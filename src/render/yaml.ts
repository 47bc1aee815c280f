/**
 * YAML as `ansible-inventory --yaml` 2.14 prints it: `yaml.dump(value,
 * Dumper=AnsibleDumper, default_flow_style=False, allow_unicode=True)`, i.e. PyYAML 6.0's
 * `SafeRepresenter` (keys sorted when they are mutually orderable, shared lists and dicts
 * written once with `&id001` and then `*id001`) feeding libyaml 0.2.5's emitter (block
 * style, 2-space indent, `key:\n- item` sequences, plain scalars when they would read back
 * as the same string, else single- or double-quoted, lines folded past column 80).
 *
 * Ansible's representers: `!unsafe` strings print as plain strings, vault values as
 * `!vault |` literal blocks. Dates and datetimes print as timestamps
 * (`2001-12-14 21:59:43+00:00`), plain since they read back as such; like lists and dicts
 * they get an anchor when one object is met twice.
 *
 * @module
 */

import { compareCodePoints, comparePyDates } from "../values/order.ts";
import {
  PyDate,
  type PyDict,
  PyFloat,
  type PyKey,
  type PyValue,
  Unsafe,
  Vault,
} from "../values/types.ts";
import { implicitTag, pyFloatRepr } from "../values/yaml_load.ts";

/**
 * Dumps a value as `yaml.dump(value, Dumper=AnsibleDumper, default_flow_style=False,
 * allow_unicode=True)` does, final newline included.
 *
 * @param value the value
 * @returns the YAML text
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { dumpYaml } from "./yaml.ts";
 * assert.equal(dumpYaml(new Map([["b", ["yes", 1]], ["a", null]])), "a: null\nb:\n- 'yes'\n- 1\n");
 * ```
 */
export function dumpYaml(value: PyValue): string {
  const keys = new Map<PyDict, PyKey[]>();
  const emitter = new Emitter(findShared(value, keys), keys);
  emitter.node(value, false, false);
  return emitter.end();
}

/** libyaml's defaults, which PyYAML keeps. */
const INDENT = 2;
const WIDTH = 80;

/** The keys of a mapping in the order PyYAML writes them (sorted when Python can sort them). */
function sortedKeys(dict: PyDict, cache: Map<PyDict, PyKey[]>): PyKey[] {
  let keys = cache.get(dict);
  if (keys === undefined) {
    keys = [...dict.keys()];
    if (keys.length > 1) {
      const order = keyOrder(keys);
      if (order !== undefined) keys.sort(order);
    }
    cache.set(dict, keys);
  }
  return keys;
}

/**
 * How Python's `sorted()` compares these keys, or `undefined` when it raises `TypeError`
 * (a `str` with a number, `None` with anything, a date with anything but a date of its
 * kind): PyYAML then keeps the dict's order.
 */
function keyOrder(keys: PyKey[]): ((a: PyKey, b: PyKey) => number) | undefined {
  let strings = 0;
  let numbers = 0;
  let dates = 0;
  for (const key of keys) {
    if (typeof key === "string") strings++;
    else if (key === null) return undefined;
    else if (key instanceof PyDate) dates++;
    else numbers++;
  }
  if (dates > 0) {
    if (dates < keys.length) return undefined;
    const first = keys[0] as PyDate;
    for (const key of keys) {
      if (comparePyDates(first, key as PyDate) === undefined) return undefined;
    }
    return (a, b) => comparePyDates(a as PyDate, b as PyDate)!;
  }
  if (strings > 0 && numbers > 0) return undefined;
  if (numbers === 0) return (a, b) => compareCodePoints(a as string, b as string);
  return (a, b) =>
    compareNumbers(
      a as Exclude<PyKey, string | null | PyDate>,
      b as Exclude<PyKey, string | null | PyDate>,
    );
}

/** Python's `<` between int, bool and float (exact across int sizes). */
function compareNumbers(
  a: number | bigint | boolean | PyFloat,
  b: number | bigint | boolean | PyFloat,
): number {
  const x = numeric(a);
  const y = numeric(b);
  if (typeof x === "number" && typeof y === "number") return x < y ? -1 : y < x ? 1 : 0;
  if (typeof x === "number" && !Number.isFinite(x)) return Number.isNaN(x) ? 0 : x < 0 ? -1 : 1;
  if (typeof y === "number" && !Number.isFinite(y)) return Number.isNaN(y) ? 0 : y < 0 ? 1 : -1;
  // Mixed bigint and double: compare exactly on the integer parts, then the fraction.
  const xi = typeof x === "bigint" ? x : BigInt(Math.floor(x));
  const yi = typeof y === "bigint" ? y : BigInt(Math.floor(y));
  if (xi !== yi) return xi < yi ? -1 : 1;
  const xf = typeof x === "number" ? x - Math.floor(x) : 0;
  const yf = typeof y === "number" ? y - Math.floor(y) : 0;
  return xf < yf ? -1 : yf < xf ? 1 : 0;
}

function numeric(value: number | bigint | boolean | PyFloat): number | bigint {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof PyFloat) return value.value;
  return value;
}

/**
 * The objects PyYAML writes with an anchor: lists, dicts, dates and vault values met twice, named
 * `id001`, `id002`... in the order of their second meeting (depth first, sorted pairs).
 */
function findShared(root: PyValue, keys: Map<PyDict, PyKey[]>): Map<object, string> {
  const seen = new Set<object>();
  const anchors = new Map<object, string>();
  const visit = (value: PyValue): void => {
    if (
      !Array.isArray(value) && !(value instanceof Map) && !(value instanceof Vault) &&
      !(value instanceof PyDate)
    ) return;
    if (seen.has(value)) {
      if (!anchors.has(value)) anchors.set(value, `id${String(anchors.size + 1).padStart(3, "0")}`);
      return;
    }
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (value instanceof Map) {
      for (const key of sortedKeys(value, keys)) visit(value.get(key)!);
    }
  };
  visit(root);
  return anchors;
}

/** A scalar as the representer hands it to the emitter. */
interface Scalar {
  /** Tag suffix after `tag:yaml.org,2002:`, or `!vault`. */
  readonly tag: string;
  readonly text: string;
  /** Asked for the literal block style (vault values). */
  readonly literal: boolean;
}

function represent(value: Exclude<PyValue, PyValue[] | PyDict>): Scalar {
  if (value === null) return { tag: "null", text: "null", literal: false };
  if (typeof value === "string") return { tag: "str", text: value, literal: false };
  if (typeof value === "boolean") {
    return { tag: "bool", text: value ? "true" : "false", literal: false };
  }
  if (typeof value === "number" || typeof value === "bigint") {
    return { tag: "int", text: String(value), literal: false };
  }
  if (value instanceof PyFloat) {
    return { tag: "float", text: floatText(value.value), literal: false };
  }
  if (value instanceof Unsafe) return { tag: "str", text: value.value, literal: false };
  if (value instanceof PyDate) {
    // `represent_date` / `represent_datetime`: isoformat(), a space before the time.
    return { tag: "timestamp", text: value.isoformat(" "), literal: false };
  }
  return { tag: "!vault", text: value.ciphertext, literal: true };
}

/** `SafeRepresenter.represent_float`. */
function floatText(value: number): string {
  if (Number.isNaN(value)) return ".nan";
  if (value === Infinity) return ".inf";
  if (value === -Infinity) return "-.inf";
  const text = pyFloatRepr(value);
  // `1e+16` would read back as a string: PyYAML writes `1.0e+16`.
  return !text.includes(".") && text.includes("e") ? text.replace("e", ".0e") : text;
}

/** What libyaml's `yaml_emitter_analyze_scalar` finds out about a scalar. */
interface Analysis {
  readonly multiline: boolean;
  readonly flowPlain: boolean;
  readonly blockPlain: boolean;
  readonly singleQuoted: boolean;
  readonly block: boolean;
}

const FLOW_AND_BLOCK_FIRST = new Set("#,[]{}&*!|>'\"%@`");
const FLOW_INSIDE = new Set(",?[]{}");

function isBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/** libyaml's IS_BLANKZ: space, tab, a line break, NUL, or the end of the text. */
function isBlankZ(c: number | undefined): boolean {
  return c === undefined || c === 0x20 || c === 0x09 || c === 0 || isBreak(c);
}

/** libyaml's IS_PRINTABLE, on code points (astral characters are not printable to it). */
function isPrintable(c: number): boolean {
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
}

function analyze(points: number[]): Analysis {
  const n = points.length;
  if (n === 0) {
    return {
      multiline: false,
      flowPlain: false,
      blockPlain: true,
      singleQuoted: true,
      block: false,
    };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  const first = points[0]!;
  if (
    n >= 3 && ((first === 0x2d && points[1] === 0x2d && points[2] === 0x2d) ||
      (first === 0x2e && points[1] === 0x2e && points[2] === 0x2e))
  ) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  let followedByWhitespace = isBlankZ(points[1]);
  for (let i = 0; i < n; i++) {
    const c = points[i]!;
    const ch = String.fromCharCode(c);
    if (i === 0) {
      if (c < 0x80 && FLOW_AND_BLOCK_FIRST.has(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      }
      if (c === 0x3f || c === 0x3a) {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (c === 0x2d && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else {
      if (c < 0x80 && FLOW_INSIDE.has(ch)) flowIndicators = true;
      if (c === 0x3a) {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (c === 0x23 && precededByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    }
    if (!isPrintable(c)) special = true;
    const lineBreak = isBreak(c);
    if (lineBreak) lineBreaks = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === n - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (lineBreak) {
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankZ(c);
    followedByWhitespace = isBlankZ(points[i + 2]);
  }
  let flowPlain = true;
  let blockPlain = true;
  let singleQuoted = true;
  let block = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    flowPlain = false;
    blockPlain = false;
  }
  if (trailingSpace) block = false;
  if (breakSpace) {
    flowPlain = false;
    blockPlain = false;
    singleQuoted = false;
  }
  if (spaceBreak || special) {
    flowPlain = false;
    blockPlain = false;
    singleQuoted = false;
    block = false;
  }
  if (lineBreaks) {
    flowPlain = false;
    blockPlain = false;
  }
  if (flowIndicators) flowPlain = false;
  if (blockIndicators) blockPlain = false;
  return { multiline: lineBreaks, flowPlain, blockPlain, singleQuoted, block };
}

function codePoints(text: string): number[] {
  const points: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        points.push(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    points.push(c);
  }
  return points;
}

function utf8Length(points: number[]): number {
  let length = 0;
  for (const c of points) length += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  return length;
}

/** Text that needs no analysis: letters, digits and `_-./` not at the start. */
const SIMPLE = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;

type Style = "plain" | "single" | "double" | "literal";

/** libyaml's emitter, for the block-style documents PyYAML's dumper produces. */
class Emitter {
  /** The output, in pieces (joined once: cheaper than growing one string). */
  readonly out: string[] = [];
  column = 0;
  whitespace = true;
  indention = true;
  indent = -1;
  /** 2 after a `|+` block: the stream then ends with `...`. */
  openEnded = 0;
  readonly written = new Set<object>();

  constructor(readonly anchors: Map<object, string>, readonly keys: Map<PyDict, PyKey[]>) {}

  end(): string {
    this.writeIndent();
    if (this.openEnded === 2) {
      this.writeIndicator("...", true, false, false);
      this.writeIndent();
    }
    return this.out.join("");
  }

  node(value: PyValue, mappingContext: boolean, simpleKey: boolean): void {
    const shared = typeof value === "object" && value !== null
      ? this.anchors.get(value)
      : undefined;
    if (shared !== undefined) {
      if (this.written.has(value as object)) {
        this.writeIndicator("*", true, false, false);
        this.writeRaw(shared);
        if (simpleKey) this.put(" ");
        return;
      }
      this.written.add(value as object);
    }
    if (Array.isArray(value)) this.sequence(value, mappingContext, shared);
    else if (value instanceof Map) this.mapping(value, shared);
    else if (typeof value === "string" && SIMPLE.test(value)) this.writeSimple(value);
    else this.scalar(represent(value), simpleKey, shared);
  }

  sequence(items: PyValue[], mappingContext: boolean, anchor: string | undefined): void {
    if (anchor !== undefined) this.anchor(anchor);
    if (items.length === 0) {
      this.writeIndicator("[", true, true, false);
      this.writeIndicator("]", false, false, false);
      return;
    }
    const saved = this.indent;
    // A sequence that is a mapping value starts at the key's indentation.
    const indentless = mappingContext && !this.indention;
    if (this.indent < 0) this.indent = 0;
    else if (!indentless) this.indent += INDENT;
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.node(item, false, false);
    }
    this.indent = saved;
  }

  mapping(dict: PyDict, anchor: string | undefined): void {
    if (anchor !== undefined) this.anchor(anchor);
    if (dict.size === 0) {
      this.writeIndicator("{", true, true, false);
      this.writeIndicator("}", false, false, false);
      return;
    }
    const saved = this.indent;
    this.indent = this.indent < 0 ? 0 : this.indent + INDENT;
    for (const key of sortedKeys(dict, this.keys)) {
      this.writeIndent();
      if (typeof key === "string" && SIMPLE.test(key) && key.length <= 128) {
        this.writeSimple(key);
        this.writeIndicator(":", false, false, false);
      } else {
        const scalar = represent(key);
        if (isSimpleKey(scalar)) {
          this.scalar(scalar, true, undefined);
          this.writeIndicator(":", false, false, false);
        } else {
          this.writeIndicator("?", true, false, true);
          this.scalar(scalar, false, undefined);
          this.writeIndent();
          this.writeIndicator(":", true, false, true);
        }
      }
      this.node(dict.get(key)!, true, false);
    }
    this.indent = saved;
  }

  scalar(scalar: Scalar, simpleKey: boolean, anchor: string | undefined): void {
    const text = scalar.text;
    let tag: string | undefined;
    const points = codePoints(text);
    const analysis = analyze(points);
    const plainImplicit = implicitTag(text) === scalar.tag;
    const quotedImplicit = scalar.tag === "str";
    // The tag is written when neither reading of the text gives it back.
    if (!plainImplicit && !quotedImplicit) tag = scalar.tag;
    const style = selectStyle(
      scalar,
      analysis,
      points.length,
      simpleKey,
      plainImplicit,
      tag === undefined,
    );
    if (tag === undefined && !quotedImplicit && style !== "plain") tag = "!";
    this.writeAnchorAndTag(anchor, tag);
    const saved = this.indent;
    this.indent = this.indent < 0 ? INDENT : this.indent + INDENT;
    const breaks = !simpleKey;
    switch (style) {
      case "plain":
        this.writePlain(points, breaks);
        break;
      case "single":
        this.writeSingleQuoted(points, breaks);
        break;
      case "double":
        this.writeDoubleQuoted(points, breaks);
        break;
      case "literal":
        this.writeLiteral(points);
        break;
    }
    this.indent = saved;
  }

  anchor(name: string): void {
    this.writeIndicator("&", true, false, false);
    this.writeRaw(name);
  }

  writeAnchorAndTag(anchor: string | undefined, tag: string | undefined): void {
    if (anchor !== undefined) this.anchor(anchor);
    if (tag === undefined) return;
    // `!vault` is the `!` handle + `vault`; a tag of its own is written `!<...>` (unused).
    if (!this.whitespace) this.put(" ");
    this.writeRaw(tag);
  }

  // ------------------------------------------------------------------------------------
  // libyaml's writers.

  put(text: string): void {
    this.out.push(text);
    this.column += text.length;
  }

  putBreak(): void {
    this.out.push("\n");
    this.column = 0;
  }

  writeRaw(text: string): void {
    this.put(text);
    this.whitespace = false;
    this.indention = false;
  }

  writeIndent(): void {
    const indent = this.indent >= 0 ? this.indent : 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.putBreak();
    }
    if (this.column < indent) this.put(" ".repeat(indent - this.column));
    this.whitespace = true;
    this.indention = true;
  }

  writeIndicator(
    indicator: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ): void {
    if (needWhitespace && !this.whitespace) this.put(" ");
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  /**
   * The fast path for a string of letters, digits and `_-./` (not first): nothing for the
   * analysis to find, no folding; plain unless it reads back as another type.
   */
  writeSimple(text: string): void {
    if (!this.whitespace) this.put(" ");
    this.put(implicitTag(text) === "str" ? text : `'${text}'`);
    this.whitespace = false;
    this.indention = false;
  }

  writeChar(c: number): void {
    this.out.push(String.fromCodePoint(c));
    this.column++;
  }

  /** WRITE_BREAK: a newline, or another break character copied as is. */
  writeBreak(c: number): void {
    if (c === 0x0a) this.putBreak();
    else {
      this.out.push(String.fromCodePoint(c));
      this.column = 0;
    }
  }

  writePlain(points: number[], allowBreaks: boolean): void {
    if (!this.whitespace && points.length > 0) this.put(" ");
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < points.length; i++) {
      const c = points[i]!;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > WIDTH && points[i + 1] !== 0x20) {
          this.writeIndent();
        } else {
          this.writeChar(c);
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeChar(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  writeSingleQuoted(points: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    const n = points.length;
    for (let i = 0; i < n; i++) {
      const c = points[i]!;
      if (c === 0x20) {
        if (
          allowBreaks && !spaces && this.column > WIDTH && i !== 0 && i !== n - 1 &&
          points[i + 1] !== 0x20
        ) {
          this.writeIndent();
        } else {
          this.writeChar(c);
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.writeChar(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    if (breaks) this.writeIndent();
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  writeDoubleQuoted(points: number[], allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    let spaces = false;
    const n = points.length;
    for (let i = 0; i < n; i++) {
      const c = points[i]!;
      if (!isPrintable(c) || c === 0xfeff || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put(escape(c));
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > WIDTH && i !== 0 && i !== n - 1) {
          this.writeIndent();
          if (points[i + 1] === 0x20) this.put("\\");
        } else {
          this.writeChar(c);
        }
        spaces = true;
      } else {
        this.writeChar(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  writeLiteral(points: number[]): void {
    this.writeIndicator("|", true, false, false);
    this.writeBlockHints(points);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of points) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeChar(c);
        this.indention = false;
        breaks = false;
      }
    }
  }

  writeBlockHints(points: number[]): void {
    const first = points[0];
    if (first !== undefined && (first === 0x20 || isBreak(first))) {
      this.writeIndicator(String(INDENT), false, false, false);
    }
    this.openEnded = 0;
    const n = points.length;
    let chomp: string | undefined;
    if (n === 0 || !isBreak(points[n - 1]!)) chomp = "-";
    else if (n === 1 || isBreak(points[n - 2]!)) {
      chomp = "+";
      this.openEnded = 2;
    }
    if (chomp !== undefined) this.writeIndicator(chomp, false, false, false);
  }
}

/** `yaml_emitter_check_simple_key` for a scalar key (no anchor, no tag). */
function isSimpleKey(scalar: Scalar): boolean {
  const text = scalar.text;
  if (SIMPLE.test(text)) return text.length <= 128;
  const points = codePoints(text);
  return !analyze(points).multiline && utf8Length(points) <= 128;
}

/** `yaml_emitter_select_scalar_style` (not canonical, block context). */
function selectStyle(
  scalar: Scalar,
  analysis: Analysis,
  length: number,
  simpleKey: boolean,
  plainImplicit: boolean,
  noTag: boolean,
): Style {
  let style: Style = scalar.literal ? "literal" : "plain";
  if (simpleKey && analysis.multiline) style = "double";
  if (style === "plain") {
    if (!analysis.blockPlain) style = "single";
    if (length === 0 && simpleKey) style = "single";
    if (noTag && !plainImplicit) style = "single";
  }
  if (style === "single" && !analysis.singleQuoted) style = "double";
  if (style === "literal" && (!analysis.block || simpleKey)) style = "double";
  return style;
}

const ESCAPES = new Map<number, string>([
  [0x00, "\\0"],
  [0x07, "\\a"],
  [0x08, "\\b"],
  [0x09, "\\t"],
  [0x0a, "\\n"],
  [0x0b, "\\v"],
  [0x0c, "\\f"],
  [0x0d, "\\r"],
  [0x1b, "\\e"],
  [0x22, '\\"'],
  [0x5c, "\\\\"],
  [0x85, "\\N"],
  [0xa0, "\\_"],
  [0x2028, "\\L"],
  [0x2029, "\\P"],
]);

function escape(c: number): string {
  const known = ESCAPES.get(c);
  if (known !== undefined) return known;
  const hex = c.toString(16).toUpperCase();
  if (c <= 0xff) return `\\x${hex.padStart(2, "0")}`;
  if (c <= 0xffff) return `\\u${hex.padStart(4, "0")}`;
  return `\\U${hex.padStart(8, "0")}`;
}
