/**
 * YAML as Ansible 2.14 reads it: PyYAML 6.0 (libyaml) with the YAML 1.1 resolver of
 * `SafeLoader` and Ansible's `AnsibleConstructor` on top. Produces the
 * {@linkcode PyValue} model.
 *
 * What this reproduces (each checked against `/usr/bin/python3` + `AnsibleLoader`, see
 * `scripts/record_yaml_cases.py`):
 *
 * - YAML 1.1 plain scalars: `yes`/`No`/`ON` booleans (`y`, `n` stay strings), `~`/`null`
 *   nulls, `012` octal, `0x`/`0b`, underscores, sexagesimal `1:20`, PyYAML's float
 *   pattern (`1e3` is a string, `1.0e+3` a float), `.inf`/`.nan`, exact big ints,
 *   timestamps as {@linkcode PyDate} (Python's `date` or `datetime`).
 * - Explicit `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!timestamp`, `!!map`,
 *   `!!seq`, `!!omap`, `!!pairs` (lists of `[key, value]`), the non-specific `!`.
 * - `<<` merge keys with PyYAML's ordering (merged pairs first, a list of maps in reverse),
 *   anchors and aliases, typed mapping keys (`0: x` gives an int key), Python key
 *   equality (`1`, `1.0` and `true` are one key).
 * - Duplicate keys: the last value wins at the first key's position, and Ansible's
 *   warning is reported once per duplicate, for the enclosing mapping's line and column.
 * - Ansible tags: `!unsafe` (a scalar gives {@linkcode Unsafe}; in a sequence or mapping
 *   only the string items are wrapped and nested collections come out empty, as PyYAML's
 *   shallow construction leaves them), `!vault` / `!vault-encrypted` ({@linkcode Vault}).
 * - More than one document is an error, as in Ansible (`get_single_data()`).
 *
 * Values Ansible 2.14 loads but cannot print (`!!binary` bytes, `!!set`) throw
 * {@linkcode UnserializableValueError}; unknown tags and every other constructor failure
 * throw {@linkcode InventorySyntaxError}, as do syntax errors (with js-yaml's wording and
 * position, which can differ from libyaml's).
 *
 * This module holds the entry points, the construction of Python values and the general
 * parser. Two parsers feed the same construction code. Plain block YAML (the shape of most
 * inventories: spaces, one-line scalars and flow collections, comments) is read, for
 * speed, by the fast reader of `yaml_block_reader.ts`, which calls back into the
 * construction here. Anything else, or anything that reader is unsure of, goes to js-yaml
 * with a schema that resolves nothing itself, its parse listener turning nodes into Python
 * values as they close (so that keys keep their type and duplicates are seen). PyYAML's
 * implicit resolver and the scalar node both parsers make are in `yaml_scalar.ts`. Where
 * js-yaml 4.1 misreads (`---x` opening a document; a bare `-` entry followed by a less
 * indented `- `) the text is adjusted and positions mapped back. Constructor errors wait
 * until the document has parsed, as in PyYAML, where syntax errors and a second document
 * are reported first.
 *
 * Known differences, all rare in inventories (js-yaml parses a little differently from
 * libyaml): an anchor or tag on the first key of a block mapping (`&a key: v`,
 * `!unsafe key: v`) is a syntax error here; LS and PS in quoted or block scalar content
 * are read as plain line breaks (libyaml keeps them there); an
 * explicit key (`?`) followed by a key at the same indentation, or a bare `?` in a flow
 * sequence, is read differently; syntax error messages and some positions differ. In an `!unsafe` collection, an alias
 * to a collection is filled or empty by a model of PyYAML's breadth-first construction,
 * and recursive aliases are refused.
 *
 * @module
 */

// @ts-types="@types/js-yaml"
import yaml from "js-yaml";
import { InventorySyntaxError, UnserializableValueError } from "../errors.ts";
import {
  PyDate,
  type PyDict,
  PyFloat,
  pyInt,
  type PyKey,
  type PyValue,
  setStringKeyClass,
  Unsafe,
  Vault,
} from "./types.ts";
import { pyDateIdentity } from "./order.ts";
import { AWKWARD, BAIL, type BlockLoader, BlockReader } from "./yaml_block_reader.ts";
import {
  type Constructed,
  type ImplicitTag,
  implicitTag,
  K_OTHER,
  K_STR,
  K_TIME,
  MERGE_KEY,
  PLAIN,
  Tok,
  VALUE_KEY,
} from "./yaml_scalar.ts";

export { type ImplicitTag, implicitTag } from "./yaml_scalar.ts";

/** Source lines (1-based) of the keys of every mapping loaded, filled when asked for. */
export type KeyLines = WeakMap<PyDict, Map<PyKey, number>>;

/**
 * Loads one YAML document the way Ansible 2.14's `AnsibleLoader` does.
 *
 * @param text the document
 * @param file the file name, as Ansible would print it in warnings and errors
 * @param onWarning receives Ansible's duplicate-key warnings, in the order Ansible prints
 *   them (without the `[WARNING]: ` prefix, one call per duplicate: Ansible's display
 *   then drops repeated identical messages)
 * @param keyLines when given, receives the source line of every mapping key
 * @returns the value; `null` for an empty or comment-only document
 * @throws {InventorySyntaxError} for a syntax error, more than one document, an unknown
 *   tag or a value that cannot be constructed
 * @throws {UnserializableValueError} for `!!binary` and `!!set` values
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadYaml } from "./yaml_load.ts";
 * const value = loadYaml("a: yes\nb: 012\n", "inv.yml");
 * assert.deepEqual(value, new Map<string, unknown>([["a", true], ["b", 10]]));
 * ```
 */
export function loadYaml(
  text: string,
  file: string,
  onWarning?: (message: string) => void,
  keyLines?: KeyLines,
): PyValue {
  let eager = true;
  const fixes: number[] = [];
  for (;;) {
    try {
      return new Loader(text, file, keyLines, eager, fixes).load(onWarning);
    } catch (error) {
      if (error === RETRY) eager = false;
      else if (error instanceof EmptyEntryFix && fixes.length < 100) {
        fixes.push(error.dash);
        fixes.sort((a, b) => a - b);
      } else throw error;
    }
  }
}

/**
 * Whether {@linkcode loadYaml} reads `text` with its fast path for plain block YAML (the
 * shape of most inventories) rather than the general one. For tests and benchmarks.
 *
 * @param text a document
 * @returns true when the fast path reads it (to a value, or to an error in it)
 */
export function readsFast(text: string): boolean {
  const loader = new Loader(text, "", undefined);
  if (!loader.eager || AWKWARD.test(loader.input) || NON_PRINTABLE.test(loader.input)) return false;
  try {
    new BlockReader(loader).document();
  } catch (error) {
    if (error === BAIL) return false;
  }
  return true;
}

/**
 * Python's `repr()` of a float: the shortest text that reads back as the same double,
 * in fixed notation for exponents -4..15 and scientific notation (`1e+16`) otherwise.
 *
 * @param value the double
 * @returns e.g. `1.0`, `0.0001`, `1e-05`, `1.5e+16`, `inf`, `nan`, `-0.0`
 */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  // toExponential() without an argument gives the shortest round-trip digits.
  const text = value.toExponential();
  const e = text.indexOf("e");
  const negative = text.charCodeAt(0) === 0x2d;
  const digits = text.slice(negative ? 1 : 0, e).replace(".", "");
  const exponent = Number(text.slice(e + 1));
  const sign = negative ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const magnitude = Math.abs(exponent);
    return `${sign}${mantissa}e${exponent < 0 ? "-" : "+"}${magnitude < 10 ? "0" : ""}${magnitude}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.length > exponent + 1
    ? `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`
    : `${digits}${"0".repeat(exponent + 1 - digits.length)}.0`;
  return sign + whole;
}

// ---------------------------------------------------------------------------------------
// PyYAML's constructor patterns (the resolver's are in yaml_scalar.ts).

// The constructor's own, more lenient pattern (SafeConstructor.timestamp_regexp).
const TIMESTAMP_PARTS =
  /^([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)(?:(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9][0-9]?)(?::([0-9]{2}))?))?)?$/;
const SMALL_DECIMAL = /^[0-9]{1,15}$/;

// ---------------------------------------------------------------------------------------
// Tags.

const Y = "tag:yaml.org,2002:";
const TAG_STR = Y + "str";
const TAG_INT = Y + "int";
const TAG_FLOAT = Y + "float";
const TAG_BOOL = Y + "bool";
const TAG_NULL = Y + "null";
const TAG_TIMESTAMP = Y + "timestamp";
const TAG_MAP = Y + "map";
const TAG_SEQ = Y + "seq";
const TAG_SET = Y + "set";
const TAG_OMAP = Y + "omap";
const TAG_PAIRS = Y + "pairs";
const TAG_BINARY = Y + "binary";
const TAG_MERGE = Y + "merge";
const TAG_PY_DICT = Y + "python/dict";
const TAG_PY_UNICODE = Y + "python/unicode";
const TAG_UNSAFE = "!unsafe";
const TAG_VAULT = "!vault";
const TAG_VAULT_ENCRYPTED = "!vault-encrypted";
/** Marks a `<<` key (or `!!merge`) inside this module. */
const INTERNAL_MERGE = "\u0000merge";

/** The tags whose constructor takes a scalar, a sequence or a mapping (for PyYAML's messages). */
const SCALAR_TAGS = new Set([
  TAG_STR,
  TAG_INT,
  TAG_FLOAT,
  TAG_BOOL,
  TAG_NULL,
  TAG_TIMESTAMP,
  TAG_BINARY,
  TAG_PY_UNICODE,
  TAG_VAULT,
  TAG_VAULT_ENCRYPTED,
]);
const MAPPING_TAGS = new Set([TAG_MAP, TAG_PY_DICT, TAG_SET]);
const SEQUENCE_TAGS = new Set([TAG_SEQ, TAG_OMAP, TAG_PAIRS]);

/** PyYAML's `nan_value`: every `.nan` is this one object (equal as a key). */
const SHARED_NAN = new PyFloat(NaN);

/** The empty node (no text, no tag): a null value, or a null key. */
const EMPTY = new Tok("", PLAIN, 0);

/** Thrown when an eagerly constructed scalar turned out to be a mapping key. */
const RETRY = Symbol("retry");

/** The loader that js-yaml's `String(key)` calls reach (loading is synchronous). */
let active: Loader | undefined;

// js-yaml stores a mapping pair by `String(key)`: that call on a key node is where the
// loader records the pair. The tag keeps js-yaml from replacing a key by `[object Object]`
// before `String()` (a data property: js-yaml reads it for every key).
Object.defineProperties(Tok.prototype, {
  toString: {
    value(this: Tok): string {
      return active!.storePair(this);
    },
  },
  [Symbol.toStringTag]: { value: "Tok" },
});

/** The parts of js-yaml's parser state the listener reads (not all in its typings). */
interface ParserState {
  input: string;
  position: number;
  kind: string | null;
  tag: string | null;
  anchor: string | null;
  result: unknown;
  anchorMap: Record<string, unknown>;
}

/** Every tag reaches the listener untouched: js-yaml only parses. */
const PASS_THROUGH = new yaml.Schema({
  explicit: (["scalar", "sequence", "mapping"] as const).map((kind) =>
    new yaml.Type("", {
      kind,
      multi: true,
      resolve: () => true,
      construct: (data: unknown) => data,
    })
  ),
});

/** Where a collection was opened: nesting depth and document order (for `!unsafe`). */
interface CollectionInfo {
  readonly depth: number;
  readonly order: number;
}

interface PendingWarning {
  readonly depth: number;
  readonly order: number;
  readonly seq: number;
  readonly message: string;
  readonly source: PyDict;
}

/** One load. */
class Loader implements BlockLoader {
  readonly input: string;
  /**
   * Open nodes: where each starts (also its document order) and where its mapping pairs
   * start in {@linkcode pairs}, which holds key, value, key, value... of all open nodes.
   */
  readonly posStack: number[] = [];
  readonly pairStarts: number[] = [];
  readonly pairs: unknown[] = [];
  /** The result of the node closed last: seeing it again means js-yaml adopted it. */
  last: unknown = null;
  /** True between a close and the next open. */
  closedLast = false;
  /** Text and offset of the scalar closed last (to re-tag an adopted one). */
  lastRaw = "";
  lastPos = 0;
  /** The kind of scalar {@linkcode constructRaw} made last. */
  kind = K_STR;
  state: ParserState | undefined;
  readonly docStarts: number[] = [];
  readonly warnings: PendingWarning[] = [];
  /** The constructor error to raise once the document has parsed. */
  deferred: { error: Error; depth: number; order: number } | undefined;
  /** Raw pairs of mappings built with duplicates (merging them repeats the duplicates). */
  readonly rawPairs = new WeakMap<PyDict, [PyKey, PyValue, number][]>();
  /** Anchored sequences that are complete (an alias to an incomplete one is recursive). */
  readonly finished = new WeakSet<PyValue[]>();
  /** Only for documents that use `!unsafe`. */
  readonly collections: WeakMap<object, CollectionInfo> | undefined;
  lineStarts: number[] | undefined;
  /** Characters put in front of the text for js-yaml (its offsets are that much ahead). */
  shift = 0;
  /** The text has a bare `-` entry, which js-yaml can misread (see {@linkcode EmptyEntryFix}). */
  readonly watchDashes: boolean;
  /** Per open node, the column of its block sequence's dashes (-1 until known, -2 none). */
  readonly dashColumns: number[] = [];

  /**
   * Construct scalars as they close unless a mapping key follows. Off when `!unsafe` needs
   * to tell dates from strings, and on the retry after a key was missed (`? a`, `{a, b}`).
   */
  readonly eager: boolean;

  constructor(
    text: string,
    readonly file: string,
    readonly keyLines: KeyLines | undefined,
    eager = true,
    /** Offsets of bare `-` entries to read as `- ~` (see {@linkcode EmptyEntryFix}). */
    readonly fixes: readonly number[] = [],
  ) {
    // js-yaml drops a leading BOM; offsets are into what it parses.
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    // YAML 1.1's other line breaks, which js-yaml does not know: NEL is read as "\n", as
    // libyaml reads it; LS and PS too (libyaml keeps those two in multi-line content).
    this.input = OTHER_BREAKS.test(body) ? body.replace(OTHER_BREAKS_ALL, "\n") : body;
    this.collections = text.includes(TAG_UNSAFE) ? new WeakMap() : undefined;
    this.eager = eager && this.collections === undefined;
    this.watchDashes = hasBareDash(this.input);
  }

  load(onWarning: ((message: string) => void) | undefined): PyValue {
    const bad = NON_PRINTABLE.exec(this.input);
    if (bad) {
      const code = bad[0].codePointAt(0)!.toString(16).padStart(4, "0");
      this.failNow(`Control characters are not allowed in YAML (#x${code})`, bad.index);
    }
    let value: PyValue | typeof BAIL = BAIL;
    if (this.eager && this.fixes.length === 0 && !AWKWARD.test(this.input)) {
      try {
        value = new BlockReader(this).document();
      } catch (error) {
        if (error !== BAIL) throw error;
        // Start again with js-yaml, which reads everything.
        this.warnings.length = 0;
        this.pairs.length = 0;
        this.deferred = undefined;
      }
    }
    if (value === BAIL) value = this.parse();
    if (onWarning) {
      this.warnings.sort((a, b) => a.depth - b.depth || a.order - b.order || a.seq - b.seq);
      for (const warning of this.warnings) onWarning(warning.message);
    }
    return value;
  }

  /** The general path: js-yaml parses, {@linkcode listen} builds the values. */
  parse(): PyValue {
    let documents: unknown[];
    // js-yaml takes `---x` at the start of a document for a marker followed by `x`;
    // an explicit marker in front makes it read the line as content.
    const prefix = MARKER_LOOKALIKE.test(this.input) ? "---\n" : "";
    this.shift = prefix.length;
    let source = this.input;
    for (let i = this.fixes.length - 1; i >= 0; i--) {
      const dash = this.fixes[i]!;
      source = `${source.slice(0, dash + 1)} ~${source.slice(dash + 1)}`;
    }
    const previous = active;
    active = this;
    try {
      documents = yaml.loadAll(prefix + source, null, {
        schema: PASS_THROUGH,
        json: true,
        listener: this.listen,
      });
    } catch (error) {
      if (error instanceof yaml.YAMLException) {
        const mark = error.mark?.position;
        const at = mark === undefined ? undefined : this.original(mark);
        // js-yaml reads every document; PyYAML stops at the second one's start.
        const second = this.secondDocument();
        if (second !== undefined && (at === undefined || at >= second)) {
          this.multipleDocuments(second);
        }
        throw new InventorySyntaxError(
          `YAML syntax error: ${error.reason}`,
          at === undefined ? { file: this.file } : { file: this.file, ...this.lineColumn(at) },
        );
      }
      throw error;
    } finally {
      active = previous;
    }
    if (documents.length > 1) this.multipleDocuments(this.documentMarker(this.docStarts[1] ?? 0));
    if (this.deferred) throw this.deferred.error;
    const root = documents.length === 0 ? null : documents[0];
    return root instanceof Tok ? this.value(root) : root as PyValue;
  }

  /** js-yaml's parse listener: called when each node opens and closes. */
  readonly listen = (event: string, state: unknown): void => {
    const st = state as ParserState;
    if (event === "open") {
      this.closedLast = false;
      const position = this.original(st.position);
      if (this.watchDashes) this.checkEntry(position);
      if (this.posStack.length === 0) {
        this.state = st;
        this.docStarts.push(position);
      }
      this.posStack.push(position);
      this.pairStarts.push(this.pairs.length);
    } else {
      this.close(st);
    }
  };

  /** An offset in js-yaml's input, in the text given. */
  original(pos: number): number {
    const at = pos - this.shift;
    let added = 0;
    for (const dash of this.fixes) {
      const inserted = dash + 1 + added;
      if (at >= inserted + 2) added += 2;
      else if (at >= inserted) return dash + 1;
      else break;
    }
    return Math.max(0, at - added);
  }

  /**
   * Watches block sequence entries for js-yaml's misreading of a bare `-` (see
   * {@linkcode EmptyEntryFix}): an entry at another column than its sequence's first.
   */
  checkEntry(position: number): void {
    const columns = this.dashColumns;
    const input = this.input;
    let i = position - 1;
    while (i >= 0 && input.charCodeAt(i) === 0x20) i--;
    let dash = -1;
    if (i >= 0 && input.charCodeAt(i) === 0x2d) {
      // A dash with only spaces and other dashes (`- - a`) before it on its line.
      dash = i;
      let j = i - 1;
      while (j >= 0 && (input.charCodeAt(j) === 0x20 || input.charCodeAt(j) === 0x2d)) j--;
      if (j >= 0 && input.charCodeAt(j) !== 0x0a) dash = -1;
    }
    const top = columns.length - 1;
    if (dash >= 0 && top >= 0) {
      const column = dash - (input.lastIndexOf("\n", dash) + 1);
      let expected = columns[top]!;
      if (expected === -1) expected = columns[top] = this.sequenceColumn(this.posStack[top]!);
      if (expected >= 0 && column < expected) {
        const bare = this.previousBareDash(dash, expected);
        if (bare >= 0) throw new EmptyEntryFix(bare);
      }
    }
    columns.push(-1);
  }

  /** The column of the first dash of the block sequence a node opened at `pos` is, or -2. */
  sequenceColumn(pos: number): number {
    const input = this.input;
    const i = this.bodyStart(pos);
    return input.charCodeAt(i) === 0x2d ? i - (input.lastIndexOf("\n", i - 1) + 1) : -2;
  }

  /** Where the node opened at `pos` starts after its anchor and tag. */
  bodyStart(pos: number): number {
    const input = this.input;
    let i = this.contentStart(pos);
    while (input.charCodeAt(i) === 0x26 || input.charCodeAt(i) === 0x21) {
      while (i < input.length && !/[ \t\r\n]/.test(input[i]!)) i++;
      i = this.contentStart(i);
    }
    return i;
  }

  /**
   * A block scalar (`|`, `>`) whose last line ends the text without a line break: js-yaml
   * reads the text with a break added and keeps it in the value; libyaml has no break to
   * keep (`a: |` then `  x` at the very end is `'x'`, not `'x\n'`).
   */
  endsTextUnbroken(raw: unknown, pos: number, st: ParserState): raw is string {
    const input = this.input;
    const last = input.charCodeAt(input.length - 1);
    if (
      typeof raw !== "string" || !raw.endsWith("\n") || last === 0x0a || last === 0x0d ||
      st.position < st.input.length - 1
    ) {
      return false;
    }
    const header = this.bodyStart(pos);
    const c = input.charCodeAt(header);
    if (c !== 0x7c && c !== 0x3e) return false;
    const lastLine = input.slice(input.lastIndexOf("\n") + 1);
    if (lastLine.trim() !== "") return true;
    // Blanks only: content when longer than the scalar's indentation (taken from its first
    // line with text), else an empty line, whose break js-yaml and libyaml both keep.
    const headerEnd = input.indexOf("\n", header);
    if (/^[|>][+-]?[1-9]/.test(input.slice(header, headerEnd))) return false;
    const first = /\n( *)\S/.exec(input.slice(headerEnd));
    return first !== null && lastLine.length > first[1]!.length;
  }

  /** Whether an open node is a flow collection (libyaml refuses a bare `?` there). */
  inFlow(): boolean {
    return this.posStack.some((at) => {
      const c = this.input.charCodeAt(this.bodyStart(at));
      return c === 0x5b || c === 0x7b;
    });
  }

  /**
   * The offset of the first `?` not yet fixed that starts an empty key: alone on its line
   * (after any `- `, before any comment) with no more indented line after it to hold the
   * key; -1 when there is none.
   */
  emptyExplicitKey(): number {
    const lines = this.input.split("\n");
    let offset = 0;
    for (let i = 0; i < lines.length; offset += lines[i]!.length + 1, i++) {
      const match = BARE_KEY_LINE.exec(lines[i]!);
      if (match === null) continue;
      const column = match[1]!.length;
      if (this.fixes.includes(offset + column)) continue;
      const next = lines.slice(i + 1).find((line) => !/^\s*(?:#.*)?$/.test(line));
      if (next === undefined || next.length - next.trimStart().length <= column) {
        return offset + column;
      }
    }
    return -1;
  }

  /** The bare `-` at `column` on the last line with content before the line of `pos`. */
  previousBareDash(pos: number, column: number): number {
    const input = this.input;
    let end = input.lastIndexOf("\n", pos);
    while (end > 0) {
      const start = input.lastIndexOf("\n", end - 1) + 1;
      const line = input.slice(start, end);
      const trimmed = line.trim();
      if (trimmed !== "" && !trimmed.startsWith("#")) {
        return BARE_DASH_LINE.test(line) && line.indexOf("-") === column ? start + column : -1;
      }
      end = start - 1;
    }
    return -1;
  }

  /** Called by `String(key)` in js-yaml's `storeMappingPair`, just after the value closed. */
  storePair(key: Tok): string {
    const result = this.state!.result;
    // With no value node (`{a, b}`, `? a`), the last result is the key itself.
    this.pairs.push(key, result === key ? null : result);
    // js-yaml's own objects then only ever hold this one property.
    return "k";
  }

  close(st: ParserState): void {
    if (this.watchDashes) this.dashColumns.pop();
    const pos = this.posStack.pop()!;
    const start = this.pairStarts.pop()!;
    const depth = this.posStack.length;
    let result = st.result;
    const tag = st.tag;
    try {
      if (this.closedLast && result === this.last && result !== null && result !== EMPTY) {
        // js-yaml composed this node one level down and adopted it (`- [a]`, `!!str\n  1`):
        // only a tag written before it is new.
        if (tag !== null && tag !== PLAIN) result = this.retag(result, tag, pos, depth, st);
      } else {
        switch (st.kind) {
          case "scalar":
            if (this.endsTextUnbroken(result, pos, st)) result = result.slice(0, -1);
            result = this.scalar(result as string, tag, pos, st);
            break;
          case "mapping":
            result = this.mapping(start, tag, pos, depth, st.result);
            break;
          case "sequence":
            result = this.sequence(result as unknown[], start, tag, pos, depth);
            break;
          default:
            if (result === null || result === EMPTY) {
              // An empty node; with a tag it is an empty scalar (`a: !!str` gives ''), which
              // libyaml does not resolve implicitly even with the non-specific tag `!`.
              if (tag === null || tag === PLAIN) result = EMPTY;
              else result = this.scalar("", tag === "!" ? null : tag, pos, st);
            } else if (result instanceof Tok) {
              // An alias to a scalar: a node of its own as a key (duplicates count).
              result = new Tok(result.raw, result.tag, pos);
            } else if (isRaw(result) || (Array.isArray(result) && !this.finished.has(result))) {
              this.fail("Recursive YAML aliases are not supported", pos);
            } else if (
              !(result instanceof Map) && !Array.isArray(result) &&
              keyFollows(st.input, st.position)
            ) {
              // An eagerly constructed scalar, aliased as a key: record it as one.
              const copy = new Tok("", null, pos);
              copy.value = result as PyValue;
              copy.kind = typeof result === "string" ? K_STR : K_OTHER;
              result = copy;
            }
        }
      }
    } catch (error) {
      // Keep parsing: PyYAML reports syntax errors before constructor errors.
      if (st.kind === "mapping" || st.kind === "sequence") {
        this.defer(error, depth, pos);
        result = st.kind === "mapping" ? new Map() : [];
      } else {
        this.defer(error, depth - 1, this.posStack[this.posStack.length - 1] ?? -1);
        result = EMPTY;
      }
    }
    st.result = result;
    this.pairs.length = start;
    if (st.anchor !== null) {
      if (!ANCHOR_NAME.test(st.anchor)) {
        this.failNow(`Anchor names must be alphanumeric (with '-' and '_'): '${st.anchor}'`, pos);
      }
      st.anchorMap[st.anchor] = result;
      if (Array.isArray(result)) this.finished.add(result);
    }
    this.last = result;
    this.closedLast = true;
  }

  /** A scalar: constructed now when it is not a key, else a {@linkcode Tok}. */
  scalar(raw: string, tag: string | null, pos: number, st: ParserState): unknown {
    this.lastRaw = raw;
    this.lastPos = pos;
    if (tag === TAG_MERGE) {
      // Never let js-yaml see the merge tag: it would merge by itself.
      st.tag = null;
      return new Tok(raw, INTERNAL_MERGE, pos);
    }
    if (this.eager && !keyFollows(st.input, st.position)) {
      const value = this.constructRaw(raw, tag, pos);
      if (value !== MERGE_KEY && value !== VALUE_KEY) return value;
    }
    return new Tok(raw, tag, pos);
  }

  /** An explicit tag written before a node js-yaml read one level down. */
  retag(result: unknown, tag: string, pos: number, depth: number, st: ParserState): unknown {
    if (result instanceof Map) return this.retagMapping(result, tag, pos, depth);
    if (Array.isArray(result)) return this.retagSequence(result, tag, pos, depth);
    if (result instanceof Tok) {
      if (tag === TAG_MERGE) st.tag = null;
      result.tag = tag === TAG_MERGE ? INTERNAL_MERGE : tag;
      result.value = undefined;
      return result;
    }
    // An eagerly constructed scalar: construct its text again with this tag.
    return this.scalar(this.lastRaw, tag, this.lastPos, st);
  }

  // -------------------------------------------------------------------------------------
  // Scalars.

  /** Constructs a scalar node as SafeConstructor + AnsibleConstructor do. */
  construct(tok: Tok): Constructed {
    if (tok.value !== undefined) return tok.value;
    const value = this.constructRaw(tok.raw, tok.tag, tok.pos);
    tok.value = value;
    tok.kind = this.kind;
    return value;
  }

  /** Constructs scalar text with a tag; leaves the kind of scalar in `this.kind`. */
  constructRaw(raw: string, tag: string | null, pos: number): Constructed {
    this.kind = K_STR;
    if (tag === PLAIN) return this.implicit(raw, raw, pos);
    if (tag === null || tag === TAG_STR || tag === TAG_PY_UNICODE) return raw;
    // The non-specific tag resolves even quoted text; Python's `$` also matches before
    // a final newline.
    if (tag === "!") return this.implicit(raw.endsWith("\n") ? raw.slice(0, -1) : raw, raw, pos);
    return this.explicit(tag, raw, pos);
  }

  implicit(text: string, raw: string, pos: number): Constructed {
    const kind = implicitTag(text);
    if (kind === "str") return raw;
    return this.typed(kind, raw, pos);
  }

  typed(kind: ImplicitTag, raw: string, pos: number): Constructed {
    switch (kind) {
      case "str":
        return raw;
      case "null":
        this.kind = K_OTHER;
        return null;
      case "bool": {
        const value = BOOL_WORDS.get(raw.toLowerCase());
        if (value === undefined) this.fail(`Cannot construct a bool from '${raw}'`, pos);
        this.kind = K_OTHER;
        return value;
      }
      case "int":
        this.kind = K_OTHER;
        return this.int(raw, pos);
      case "float": {
        this.kind = K_OTHER;
        const value = this.float(raw, pos);
        // PyYAML returns one shared NaN object for `.nan`, so such keys are equal.
        return Number.isNaN(value) && /^[-+]?\.nan$/i.test(raw.replaceAll("_", ""))
          ? SHARED_NAN
          : new PyFloat(value);
      }
      case "timestamp":
        this.kind = K_TIME;
        return this.timestamp(raw, pos);
      case "merge":
        return MERGE_KEY;
      case "value":
        return VALUE_KEY;
      default:
        return this.noConstructor(Y + kind, pos);
    }
  }

  explicit(tag: string, raw: string, pos: number): Constructed {
    switch (tag) {
      case TAG_INT:
        return this.typed("int", raw, pos);
      case TAG_FLOAT:
        return this.typed("float", raw, pos);
      case TAG_BOOL:
        return this.typed("bool", raw, pos);
      case TAG_NULL:
        return this.typed("null", raw, pos);
      case TAG_TIMESTAMP:
        return this.typed("timestamp", raw, pos);
      case INTERNAL_MERGE:
        return MERGE_KEY;
      case TAG_UNSAFE:
        return new Unsafe(raw);
      case TAG_VAULT:
      case TAG_VAULT_ENCRYPTED:
        return new Vault(raw);
      case TAG_BINARY:
        // Ansible loads bytes, then fails to print them (exit 250).
        throw new UnserializableValueError("Object of type bytes is not JSON serializable");
      default:
        if (MAPPING_TAGS.has(tag)) return this.wrongKind("a mapping", "scalar", pos);
        if (SEQUENCE_TAGS.has(tag)) {
          if (tag === TAG_SEQ) return this.wrongKind("a sequence", "scalar", pos);
          return this.fail(
            `While constructing ${
              tag === TAG_OMAP ? "an ordered map" : "pairs"
            }: expected a sequence, but found scalar`,
            pos,
          );
        }
        return this.noConstructor(tag, pos);
    }
  }

  /** `construct_yaml_int`: sign, `0b`, `0x`, leading-zero octal, sexagesimal, decimal. */
  int(raw: string, pos: number): number | bigint {
    let text = raw.includes("_") ? raw.replaceAll("_", "") : raw;
    if (SMALL_DECIMAL.test(text)) {
      return text.charCodeAt(0) === 0x30 && text.length > 1
        ? pyInt(parseIntText(text, 8, pos, this))
        : Number(text);
    }
    if (text === "") this.fail("Cannot construct an int from an empty string", pos);
    const negative = text.charCodeAt(0) === 0x2d;
    if (negative || text.charCodeAt(0) === 0x2b) text = text.slice(1);
    let value: bigint;
    if (text === "0") value = 0n;
    else if (text.startsWith("0b")) value = parseIntText(text.slice(2), 2, pos, this);
    else if (text.startsWith("0x")) value = parseIntText(text.slice(2), 16, pos, this);
    else if (text.charCodeAt(0) === 0x30) value = parseIntText(text, 8, pos, this);
    else if (text.includes(":")) {
      value = 0n;
      for (const part of text.split(":")) value = value * 60n + parseIntText(part, 10, pos, this);
    } else value = parseIntText(text, 10, pos, this);
    return pyInt(negative ? -value : value);
  }

  /** `construct_yaml_float`. */
  float(raw: string, pos: number): number {
    let text = raw.replaceAll("_", "").toLowerCase();
    if (text === "") this.fail("Cannot construct a float from an empty string", pos);
    const sign = text.charCodeAt(0) === 0x2d ? -1 : 1;
    if (text.charCodeAt(0) === 0x2d || text.charCodeAt(0) === 0x2b) text = text.slice(1);
    if (text === ".inf") return sign * Infinity;
    if (text === ".nan") return NaN;
    if (text.includes(":")) {
      // Same operations, same order as PyYAML, so the same rounding.
      const parts = text.split(":").map((part) => parseFloatText(part, pos, this)).reverse();
      let base = 1;
      let value = 0;
      for (const part of parts) {
        value += part * base;
        base *= 60;
      }
      return sign * value;
    }
    return sign * parseFloatText(text, pos, this);
  }

  /**
   * `construct_yaml_timestamp`: a `date`, or a `datetime` (naive, or aware with a fixed
   * offset, `Z` being UTC); digits of a fraction beyond microseconds are dropped.
   */
  timestamp(raw: string, pos: number): PyDate {
    const match = TIMESTAMP_PARTS.exec(raw.endsWith("\n") ? raw.slice(0, -1) : raw);
    if (!match) return this.fail(`Cannot construct a timestamp from '${raw}'`, pos);
    const [, y, mo, d, h, mi, s, fraction, tz, tzSign, tzHour, tzMinute] = match;
    const year = Number(y);
    const month = Number(mo);
    const day = Number(d);
    if (year < 1) this.fail(`Year ${year} is out of range`, pos);
    if (month < 1 || month > 12) this.fail("Month must be in 1..12", pos);
    if (day < 1 || day > daysInMonth(year, month)) this.fail("Day is out of range for month", pos);
    if (h === undefined) return new PyDate(year, month, day);
    const hour = Number(h);
    const minute = Number(mi);
    const second = Number(s);
    if (hour > 23) this.fail("Hour must be in 0..23", pos);
    if (minute > 59) this.fail("Minute must be in 0..59", pos);
    if (second > 59) this.fail("Second must be in 0..59", pos);
    const microsecond = fraction ? Number(fraction.slice(0, 6).padEnd(6, "0")) : 0;
    let offset: number | null = null;
    if (tzSign !== undefined) {
      // The minutes may exceed 59 (`+5:90`): PyYAML adds them up as a timedelta.
      const minutes = Number(tzHour) * 60 + Number(tzMinute ?? "0");
      if (minutes >= 24 * 60) {
        this.fail("The UTC offset must be strictly between -24 and 24 hours", pos);
      }
      offset = tzSign === "-" && minutes !== 0 ? -minutes : minutes;
    } else if (tz !== undefined) {
      offset = 0;
    }
    return new PyDate(year, month, day, { hour, minute, second, microsecond, offset });
  }

  /** A scalar used as a value. */
  value(tok: Tok): PyValue {
    const value = this.construct(tok);
    if (value === MERGE_KEY) return this.noConstructor(TAG_MERGE, tok.pos);
    if (value === VALUE_KEY) return this.noConstructor(Y + "value", tok.pos);
    return value;
  }

  /** A scalar used as a mapping key. */
  key(tok: Tok): PyKey | typeof MERGE_KEY {
    const value = this.construct(tok);
    if (value === MERGE_KEY) return MERGE_KEY;
    if (value === VALUE_KEY) return "=";
    if (value instanceof Unsafe) return value.value;
    if (value instanceof Vault || Array.isArray(value) || value instanceof Map) {
      return this.fail("While constructing a mapping: found unacceptable key", tok.pos);
    }
    return value;
  }

  // -------------------------------------------------------------------------------------
  // Collections.

  mapping(start: number, tag: string | null, pos: number, depth: number, raw: unknown): PyDict {
    // Keys that were not scalars never reached storePair: js-yaml stored them itself.
    for (const name in raw as object) {
      if (name === "k") continue;
      if (this.eager) throw RETRY;
      if (name === "null" && !this.inFlow()) {
        // js-yaml stored an empty explicit key (`?` alone) without a node: read it as `? ~`.
        const mark = this.emptyExplicitKey();
        if (mark >= 0) throw new EmptyEntryFix(mark);
      }
      this.fail("While constructing a mapping: found unacceptable key", pos);
    }
    const end = this.pairs.length;
    if (tag === TAG_UNSAFE) {
      return this.build(start, end, pos, depth, this.unsafeContext(pos, depth));
    }
    if (tag !== null && tag !== "!" && tag !== TAG_MAP && tag !== TAG_PY_DICT) {
      this.checkMappingTag(tag, pos);
    }
    const dict = this.build(start, end, pos, depth, undefined);
    this.collections?.set(dict, { depth, order: pos });
    return dict;
  }

  checkMappingTag(tag: string, pos: number): never {
    if (tag === TAG_SET) {
      throw new UnserializableValueError("Object of type set is not JSON serializable");
    }
    if (SCALAR_TAGS.has(tag) || tag === TAG_UNSAFE) this.wrongKind("a scalar", "mapping", pos);
    if (tag === TAG_SEQ) this.wrongKind("a sequence", "mapping", pos);
    if (tag === TAG_OMAP || tag === TAG_PAIRS) {
      this.fail(
        `While constructing ${
          tag === TAG_OMAP ? "an ordered map" : "pairs"
        }: expected a sequence, but found mapping`,
        pos,
      );
    }
    return this.noConstructor(tag, pos);
  }

  /**
   * Builds a mapping from the pairs recorded in `pairs[start..end)`: PyYAML's
   * `flatten_mapping` + Ansible's `construct_mapping`.
   */
  build(
    start: number,
    end: number,
    pos: number,
    depth: number,
    unsafe: UnsafeContext | undefined,
  ): PyDict {
    const dict: PyDict = new Map();
    const pairs = this.pairs;
    let sink: DictSink | undefined;
    for (let i = start; i < end; i += 2) {
      const keyTok = pairs[i] as Tok;
      const key = this.key(keyTok);
      if (key === MERGE_KEY) return this.buildMerged(start, end, pos, depth, unsafe);
      const item = pairs[i + 1];
      const value = unsafe
        ? this.unsafeItem(item, unsafe)
        : item instanceof Tok
        ? this.value(item)
        : item as PyValue;
      if (sink === undefined) {
        if (typeof key === "string" && this.keyLines === undefined) {
          const size = dict.size;
          dict.set(key, value);
          if (dict.size !== size) continue;
          sink = new DictSink(this, dict, pos, depth);
          sink.duplicate(key, value, keyTok.pos);
          continue;
        }
        sink = new DictSink(this, dict, pos, depth);
      }
      sink.put(key, value, keyTok.pos);
    }
    if (sink !== undefined) {
      sink.finish();
      // Keys other than strings (or repeated ones): this dict may fail to sort.
      setStringKeyClass(dict, unsafe ? "AnsibleUnsafeText" : "AnsibleUnicode");
    }
    return dict;
  }

  /** The slow path for mappings with `<<` keys: merged pairs first, then the own ones. */
  buildMerged(
    start: number,
    end: number,
    pos: number,
    depth: number,
    unsafe: UnsafeContext | undefined,
  ): PyDict {
    const pairs = this.pairs;
    const order = pos;
    const merged: [PyKey, PyValue, number][] = [];
    const own: [PyKey, PyValue, number][] = [];
    for (let i = start; i < end; i += 2) {
      const keyTok = pairs[i] as Tok;
      const item = pairs[i + 1];
      const key = this.key(keyTok);
      if (key !== MERGE_KEY) {
        const value = unsafe
          ? this.unsafeItem(item, unsafe)
          : item instanceof Tok
          ? this.value(item)
          : item as PyValue;
        own.push([key, value, keyTok.pos]);
      } else if (item instanceof Map) {
        merged.push(...this.mergeSource(item, order));
      } else if (Array.isArray(item)) {
        const sources = item.map((source) => {
          if (source instanceof Map) return this.mergeSource(source, order);
          return this.fail(
            `While constructing a mapping: expected a mapping for merging, but found ${
              nodeKind(source)
            }`,
            pos,
          );
        });
        for (const source of sources.reverse()) merged.push(...source);
      } else {
        this.fail(
          `While constructing a mapping: expected a mapping or list of mappings for merging, but found ${
            nodeKind(item)
          }`,
          pos,
        );
      }
    }
    const dict: PyDict = new Map();
    const sink = new DictSink(this, dict, pos, depth);
    for (const [key, value, at] of merged) sink.put(key, value, at);
    for (const [key, value, at] of own) sink.put(key, value, at);
    sink.finish();
    setStringKeyClass(dict, unsafe ? "AnsibleUnsafeText" : "AnsibleUnicode");
    return dict;
  }

  /** The pairs a merged mapping contributes (duplicates included, as PyYAML flattens nodes). */
  mergeSource(source: PyDict, parentOrder: number): [PyKey, PyValue, number][] {
    // A mapping written inline under `<<` (opened after its parent, unlike an alias) is
    // never constructed by itself: its duplicates only warn in the mapping it merges into.
    const inline = (warning: PendingWarning) =>
      warning.source === source && warning.order > parentOrder;
    if (this.warnings.some(inline)) {
      const kept = this.warnings.filter((warning) => !inline(warning));
      this.warnings.length = 0;
      this.warnings.push(...kept);
    }
    const raw = this.rawPairs.get(source);
    if (raw) return raw;
    const lines = this.keyLines?.get(source);
    return [...source].map(([key, value]) => [key, value, lines?.get(key) ?? -1]);
  }

  sequence(
    items: unknown[],
    start: number,
    tag: string | null,
    pos: number,
    depth: number,
  ): PyValue[] {
    if (tag === TAG_UNSAFE) return this.unsafeSequence(items, pos, depth);
    if (tag !== null && tag !== "!" && tag !== TAG_SEQ) {
      if (tag === TAG_OMAP || tag === TAG_PAIRS) {
        return this.pairList(this.plainSequence(items, start, pos, depth), tag, pos);
      }
      this.checkSequenceTag(tag, pos);
    }
    const list = this.plainSequence(items, start, pos, depth);
    this.collections?.set(list, { depth, order: pos });
    return list;
  }

  checkSequenceTag(tag: string, pos: number): never {
    if (SCALAR_TAGS.has(tag)) this.wrongKind("a scalar", "sequence", pos);
    if (MAPPING_TAGS.has(tag)) this.wrongKind("a mapping", "sequence", pos);
    return this.noConstructor(tag, pos);
  }

  plainSequence(items: unknown[], start: number, pos: number, depth: number): PyValue[] {
    let next = start;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item instanceof Tok) items[i] = this.value(item);
      else if (isRaw(item)) {
        // `[a: 1]`: js-yaml made a one-pair object; the pair was recorded on this node.
        items[i] = this.build(next, next + 2, pos, depth + 1, undefined);
        next += 2;
      }
    }
    return items as PyValue[];
  }

  /** `!!omap` and `!!pairs`: a list of `[key, value]` (Python tuples print as lists). */
  pairList(items: PyValue[], tag: string, pos: number): PyValue[] {
    const what = tag === TAG_OMAP ? "an ordered map" : "pairs";
    return items.map((item) => {
      if (!(item instanceof Map)) {
        return this.fail(
          `While constructing ${what}: expected a mapping of length 1, but found ${nodeKind(item)}`,
          pos,
        );
      }
      const count = this.rawPairs.get(item)?.length ?? item.size;
      if (count !== 1) {
        this.fail(
          `While constructing ${what}: expected a single mapping item, but found ${count} items`,
          pos,
        );
      }
      const [key, value] = [...item][0]!;
      return [key as PyValue, value];
    });
  }

  retagMapping(dict: PyDict, tag: string, pos: number, depth: number): PyDict {
    if (tag === "!" || tag === TAG_MAP || tag === TAG_PY_DICT) return dict;
    if (tag === TAG_UNSAFE) {
      // Adopted (rare): the items are already built, so only strings can be wrapped.
      const context = this.unsafeContext(pos, depth);
      return new Map([...dict].map(([key, value]) => [key, this.unsafeItem(value, context)]));
    }
    return this.checkMappingTag(tag, pos);
  }

  retagSequence(list: PyValue[], tag: string, pos: number, depth: number): PyValue[] {
    if (tag === "!" || tag === TAG_SEQ) return list;
    if (tag === TAG_UNSAFE) {
      const context = this.unsafeContext(pos, depth);
      return list.map((item) => this.unsafeItem(item, context));
    }
    if (tag === TAG_OMAP || tag === TAG_PAIRS) return this.pairList(list, tag, pos);
    return this.checkSequenceTag(tag, pos);
  }

  // -------------------------------------------------------------------------------------
  // `!unsafe` collections: Ansible wraps the result of a shallow construction.

  /** `!unsafe` at `pos`, `depth`: its parent is the innermost node still open. */
  unsafeContext(pos: number, depth: number): UnsafeContext {
    const stack = this.posStack;
    return {
      order: pos,
      parentDepth: depth - 1,
      parentOrder: stack.length > 0 ? stack[stack.length - 1]! : -1,
    };
  }

  unsafeSequence(items: unknown[], pos: number, depth: number): PyValue[] {
    const context = this.unsafeContext(pos, depth);
    // A flow pair (`[a: 1]`) is a nested mapping: still empty when Ansible wraps the list.
    return items.map((item) => isRaw(item) ? new Map() : this.unsafeItem(item, context));
  }

  /** One item of an `!unsafe` collection, as `wrap_var` sees it after a shallow construction. */
  unsafeItem(item: unknown, context: UnsafeContext): PyValue {
    if (item instanceof Tok) {
      const value = this.value(item);
      return typeof value === "string" && item.kind === K_STR ? new Unsafe(value) : value;
    }
    if (Array.isArray(item) || item instanceof Map) {
      const info = this.collections?.get(item);
      // Written inside the !unsafe node: not yet filled when it is wrapped.
      if (info === undefined || info.order > context.order) {
        return Array.isArray(item) ? [] : new Map();
      }
      return this.wrapFilled(item, context);
    }
    if (typeof item === "string") return new Unsafe(item);
    return item as PyValue;
  }

  /**
   * An aliased collection inside an `!unsafe` one. PyYAML fills collections breadth-first
   * (one nesting level per round, in document order), so one defined less deep than the
   * `!unsafe` node's parent, or as deep but earlier, is already complete.
   */
  wrapFilled(value: PyValue, context: UnsafeContext): PyValue {
    if (typeof value === "string") return new Unsafe(value);
    if (!Array.isArray(value) && !(value instanceof Map)) return value;
    const info = this.collections?.get(value);
    const filled = info !== undefined &&
      (info.depth < context.parentDepth ||
        (info.depth === context.parentDepth && info.order < context.parentOrder));
    if (Array.isArray(value)) {
      return filled ? value.map((item) => this.wrapFilled(item, context)) : [];
    }
    if (!filled) return new Map();
    return new Map([...value].map(([key, item]) => [key, this.wrapFilled(item, context)]));
  }

  // -------------------------------------------------------------------------------------
  // Positions and errors.

  lineColumn(pos: number): { line: number; column: number } {
    const index = this.lineIndex(pos);
    const start = this.lineStarts![index]!;
    let column = pos - start;
    // Python counts code points, JavaScript UTF-16 units.
    for (let i = start + 1; i < pos; i++) {
      const c = this.input.charCodeAt(i);
      if (c >= 0xdc00 && c <= 0xdfff) column--;
    }
    return { line: index + 1, column: column + 1 };
  }

  lineIndex(pos: number): number {
    if (this.lineStarts === undefined) {
      const starts = [0];
      const text = this.input;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) starts.push(i + 1);
      }
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= pos) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  line(pos: number): number {
    return this.lineIndex(pos) + 1;
  }

  /** Where a node's first token is (its open offset can be before blanks and comments). */
  contentStart(pos: number): number {
    const text = this.input;
    let i = pos;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else if (c === 0x23) {
        while (i < text.length && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
      } else return i;
    }
  }

  multipleDocuments(pos: number): never {
    return this.failNow(
      "Expected a single document in the stream, but found another document",
      pos,
    );
  }

  /** Where a `---` line starts a second document, if one does. */
  secondDocument(): number | undefined {
    const first = this.docStarts[0];
    if (first === undefined) return undefined;
    if (this.docStarts.length > 1) return this.documentMarker(this.docStarts[1]!);
    const marker = /^---(?:[ \t]|$)/mg;
    marker.lastIndex = first;
    const found = marker.exec(this.input);
    return found === null ? undefined : found.index;
  }

  /** The `---` that starts the document whose content starts at `pos`, if on an earlier line. */
  documentMarker(pos: number): number {
    const text = this.input;
    let lineStart = text.lastIndexOf("\n", pos - 1) + 1;
    for (;;) {
      if (text.startsWith("---", lineStart)) return lineStart;
      if (lineStart === 0) return pos;
      const previous = text.lastIndexOf("\n", lineStart - 2) + 1;
      const line = text.slice(previous, lineStart - 1).trim();
      if (line !== "" && !line.startsWith("#") && !line.startsWith("---")) return pos;
      lineStart = previous;
    }
  }

  /** A constructor error (PyYAML raises those once the whole document has parsed). */
  fail(message: string, pos: number): never {
    throw new ConstructorError(message, {
      file: this.file,
      ...this.lineColumn(this.contentStart(pos)),
    });
  }

  /** An error of the text itself, raised at once. */
  failNow(message: string, pos: number): never {
    throw new InventorySyntaxError(message, {
      file: this.file,
      ...this.lineColumn(this.contentStart(pos)),
    });
  }

  /**
   * Keeps a constructor error for later: a syntax error anywhere, or a second document,
   * comes first in PyYAML. Of several, the first PyYAML would meet is kept (it constructs
   * breadth-first: by depth, then in document order).
   */
  defer(error: unknown, depth: number, order: number): void {
    if (!(error instanceof ConstructorError || error instanceof UnserializableValueError)) {
      throw error;
    }
    const kept = this.deferred;
    if (kept === undefined || depth < kept.depth || (depth === kept.depth && order < kept.order)) {
      this.deferred = { error, depth, order };
    }
  }

  noConstructor(tag: string, pos: number): never {
    return this.fail(`Could not determine a constructor for the tag '${tag}'`, pos);
  }

  wrongKind(expected: string, found: string, pos: number): never {
    return this.fail(`Expected ${expected} node, but found ${found}`, pos);
  }

  warn(message: string, source: PyDict, depth: number, order: number): void {
    this.warnings.push({ depth, order, seq: this.warnings.length, message, source });
  }
}

/**
 * js-yaml 4.1 misreads a bare `-` entry (nothing after the dash) followed by a less
 * indented `- ` line: it takes that line for one more entry of the same sequence. The
 * loader then reads the bare dash as `- ~` (the same empty value) and parses again. An
 * empty explicit key (`?` alone), which js-yaml stores without a node, is read as `? ~`
 * the same way.
 */
class EmptyEntryFix {
  constructor(readonly dash: number) {}
}

/** The line breaks of YAML 1.1 besides CR and LF: NEL, LS, PS. */
const OTHER_BREAKS = /[\x85\u2028\u2029]/;
const OTHER_BREAKS_ALL = /[\x85\u2028\u2029]/g;

/** A line that is only `?` (an empty explicit key) after any `- `, maybe with a comment. */
const BARE_KEY_LINE = /^((?: *- +)* *)\?(?: +#.*)? *\r?$/;

/** A line that is only a dash (a bare sequence entry), maybe with a comment. */
const BARE_DASH_LINE = /^ *-(?: +#.*)? *$/;

/** A line break as JavaScript's `^` and `$` see them in multiline mode. */
function isJsLineBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

/**
 * Whether some line of `text` is only a dash, maybe with a comment: `^ *-(?: +#.*)? *$`
 * in multiline mode. That regex tries every line start of a whole document (16 ms for
 * 50k hosts); looking at the dashes alone is as exact and almost free.
 */
function hasBareDash(text: string): boolean {
  const n = text.length;
  for (let dash = text.indexOf("-"); dash >= 0; dash = text.indexOf("-", dash + 1)) {
    let p = dash - 1;
    while (p >= 0 && text.charCodeAt(p) === 0x20) p--;
    if (p >= 0 && !isJsLineBreak(text.charCodeAt(p))) continue;
    let q = dash + 1;
    while (q < n && text.charCodeAt(q) === 0x20) q++;
    if (q === n || isJsLineBreak(text.charCodeAt(q))) return true;
    // A comment needs a space before it.
    if (q > dash + 1 && text.charCodeAt(q) === 0x23) return true;
  }
  return false;
}

/** What PyYAML's constructor (not its parser) rejects. */
class ConstructorError extends InventorySyntaxError {}

/** Context of an `!unsafe` collection: its order and its parent's depth and order. */
interface UnsafeContext {
  readonly order: number;
  readonly parentDepth: number;
  readonly parentOrder: number;
}

/** Fills one dict with Python's semantics for equal keys, warning as Ansible does. */
class DictSink {
  /** Non-string keys by the value Python compares them by. */
  others: Map<unknown, PyKey> | undefined;
  raw: [PyKey, PyValue, number][] | undefined;
  readonly lines: Map<PyKey, number> | undefined;

  constructor(
    readonly loader: Loader,
    readonly dict: PyDict,
    /** Where the mapping starts (also its document order). */
    readonly pos: number,
    readonly depth: number,
  ) {
    const keyLines = loader.keyLines;
    if (keyLines) {
      this.lines = new Map();
      keyLines.set(dict, this.lines);
    }
  }

  put(key: PyKey, value: PyValue, at: number): void {
    const dict = this.dict;
    if (typeof key === "string") {
      const size = dict.size;
      dict.set(key, value);
      if (dict.size === size) this.duplicate(key, value, at);
      else {
        if (this.lines) this.lines.set(key, at < 0 ? -1 : this.loader.line(at));
        if (this.raw) this.raw.push([key, value, at]);
      }
      return;
    }
    const others = this.others ??= new Map();
    const canonical = canonicalKey(key);
    const existing = others.get(canonical);
    if (existing !== undefined || others.has(canonical)) {
      dict.set(existing!, value);
      this.duplicate(key, value, at);
      return;
    }
    others.set(canonical, key);
    dict.set(key, value);
    if (this.lines) this.lines.set(key, at < 0 ? -1 : this.loader.line(at));
    if (this.raw) this.raw.push([key, value, at]);
  }

  duplicate(key: PyKey, value: PyValue, at: number): void {
    const loader = this.loader;
    const { line, column } = loader.lineColumn(loader.contentStart(this.pos));
    loader.warn(
      `While constructing a mapping from ${loader.file}, line ${line}, column ${column}, ` +
        `found a duplicate dict key (${pyKeyStr(key)}). Using last defined value only.`,
      this.dict,
      this.depth,
      this.pos,
    );
    if (!this.raw) {
      // Rebuild the raw pairs seen so far (a merge of this mapping repeats its duplicates).
      const lines = this.lines;
      this.raw = [...this.dict].map(([k, v]) => [k, v, lines?.get(k) ?? -1]);
    }
    this.raw.push([key, value, at]);
  }

  finish(): void {
    if (this.raw) this.loader.rawPairs.set(this.dict, this.raw);
  }
}

// ---------------------------------------------------------------------------------------
// Helpers.

const BOOL_WORDS = new Map<string, boolean>([
  ["yes", true],
  ["no", false],
  ["true", true],
  ["false", false],
  ["on", true],
  ["off", false],
]);

/** A first line starting with `---` glued to more text (not a document marker). */
const MARKER_LOOKALIKE = /^(?:[ \t]*(?:#.*)?(?:\r\n|\r|\n))*---[^ \t\r\n]/;

/** libyaml's anchor (and alias) names. */
const ANCHOR_NAME = /^[0-9A-Za-z_-]+$/;

/** What libyaml's reader rejects anywhere in the stream. */
// deno-lint-ignore no-control-regex
const NON_PRINTABLE = /[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\ud800-\udfff]/;

/** True when a `:` follows on the same line (the scalar just read is a mapping key). */
function keyFollows(input: string, end: number): boolean {
  let c = input.charCodeAt(end);
  while (c === 0x20 || c === 0x09) c = input.charCodeAt(++end);
  return c === 0x3a;
}

/** A plain object js-yaml built (a flow pair, or a mapping still being read). */
function isRaw(value: unknown): value is object {
  return value !== null && typeof value === "object" &&
    Object.getPrototypeOf(value) === Object.prototype;
}

/** PyYAML's node kind names, for messages. */
function nodeKind(value: unknown): string {
  if (Array.isArray(value)) return "sequence";
  if (value instanceof Map) return "mapping";
  return "scalar";
}

/** The value Python compares a non-string key by (`1 == 1.0 == True`; NaN equals nothing). */
function canonicalKey(key: PyKey): unknown {
  if (key === null || typeof key === "bigint") return key;
  if (typeof key === "boolean") return key ? 1 : 0;
  if (typeof key === "number") return key;
  if (typeof key === "string") return key;
  if (key instanceof PyDate) return pyDateIdentity(key);
  const value = key.value;
  if (Number.isNaN(value)) return key === SHARED_NAN ? SHARED_NAN : {};
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) return BigInt(value);
  return value;
}

/** Python's `str()` of a key, as in Ansible's duplicate-key warning. */
function pyKeyStr(key: PyKey): string {
  if (key === null) return "None";
  if (typeof key === "boolean") return key ? "True" : "False";
  if (key instanceof PyFloat) return pyFloatRepr(key.value);
  if (key instanceof PyDate) return key.isoformat(" ");
  return String(key);
}

/**
 * Python's `int(text, base)` for the text PyYAML passes it: surrounding whitespace, a
 * sign, a matching `0b`/`0o`/`0x` prefix and digits.
 */
function parseIntText(text: string, base: 2 | 8 | 10 | 16, pos: number, loader: Loader): bigint {
  const match = /^[\s]*([-+]?)(.*?)[\s]*$/s.exec(text)!;
  let digits = match[2]!;
  const prefix = base === 2 ? "0b" : base === 8 ? "0o" : base === 16 ? "0x" : "";
  if (prefix !== "" && digits.toLowerCase().startsWith(prefix)) digits = digits.slice(2);
  const valid = base === 2
    ? /^[01]+$/
    : base === 8
    ? /^[0-7]+$/
    : base === 10
    ? /^[0-9]+$/
    : /^[0-9a-fA-F]+$/;
  if (!valid.test(digits)) {
    loader.fail(`Invalid literal for int() with base ${base}: '${text}'`, pos);
  }
  const value = BigInt(prefix + digits);
  return match[1] === "-" ? -value : value;
}

/** Python's `float(text)` (the text is lower case already). */
function parseFloatText(text: string, pos: number, loader: Loader): number {
  const trimmed = text.trim();
  const match =
    /^([-+]?)(?:([0-9]+\.?[0-9]*(?:e[-+]?[0-9]+)?|\.[0-9]+(?:e[-+]?[0-9]+)?)|(inf|infinity)|(nan))$/
      .exec(
        trimmed,
      );
  if (!match) return loader.fail(`Could not convert string to float: '${text}'`, pos);
  const sign = match[1] === "-" ? -1 : 1;
  if (match[3] !== undefined) return sign * Infinity;
  if (match[4] !== undefined) return NaN;
  return sign * Number(match[2]);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
