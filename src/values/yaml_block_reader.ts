/**
 * The loader's fast path: a reader for plain block YAML, the shape of nearly every
 * inventory. It exists for speed: large inventories are read here rather than by js-yaml
 * and its parse listener.
 *
 * It only parses. Values are made by the loader's construction code, reached through
 * {@linkcode BlockLoader}, so that both paths give the same values, warnings and errors.
 * Whatever it is unsure of throws {@linkcode BAIL}, and the loader reads the text again
 * with js-yaml. The loader imports this module; this module declares what it needs of the
 * loader instead of importing it, and takes the shared scalar pieces from
 * `yaml_scalar.ts`, so there is no import cycle.
 *
 * @module
 */

import type { PyDict, PyValue } from "./types.ts";
import { type Constructed, implicitTag, MERGE_KEY, PLAIN, Tok, VALUE_KEY } from "./yaml_scalar.ts";

/**
 * What the reader uses of the loader, which implements it. Declared here so that the
 * reader need not import the loader that calls it.
 */
export interface BlockLoader {
  /** The text (without a BOM). */
  readonly input: string;
  /** Set when key lines are recorded: every mapping then goes through `build()`. */
  readonly keyLines: object | undefined;
  /** Key nodes and values (key, value, key, value...) of the mappings being read. */
  readonly pairs: unknown[];
  /** The constructor error to raise once the document has been read. */
  readonly deferred: { readonly error: Error } | undefined;
  /** Constructs scalar text with a tag (here {@linkcode PLAIN}), as PyYAML does. */
  constructRaw(raw: string, tag: string | null, pos: number): Constructed;
  /** Builds the mapping of `pairs[start..end)`, with Python's semantics for keys. */
  build(start: number, end: number, pos: number, depth: number, unsafe: undefined): PyDict;
  /** Keeps a constructor error for later: PyYAML reports syntax errors first. */
  defer(error: unknown, depth: number, order: number): void;
}

/** Thrown by {@linkcode BlockReader} for anything it does not read itself. */
export const BAIL = Symbol("bail");

/** Characters that make the fast path step aside: tabs, CR, YAML 1.1's other line breaks. */
export const AWKWARD = /[\t\r\x85\u2028\u2029]/;

/**
 * A fast reader for the YAML most inventories are written in: block mappings and
 * sequences indented with spaces, one-line plain and quoted scalars (no escapes), one-line
 * flow collections, comments. Anything else (anchors, tags, block scalars, multi-line
 * scalars, explicit keys, odd indentation, errors) throws {@linkcode BAIL} and the loader
 * falls back to js-yaml. Values are made by the loader's own code, so both paths agree;
 * the tests run every recorded case through both.
 */
export class BlockReader {
  readonly text: string;
  /** The current line: where it starts and ends (at its `\n`). */
  lineStart = 0;
  lineEnd = 0;
  /** Column and offset of the content being read (after `- `, a compact node's start). */
  indent = -1;
  at = 0;
  next = 0;
  /** Result of {@linkcode readKey}: where the key's `:` is. */
  colon = 0;

  constructor(readonly loader: BlockLoader) {
    this.text = loader.input;
  }

  document(): PyValue {
    this.advance(true);
    if (this.indent < 0) return null;
    const value = this.blockNode(-1, 0);
    if (this.indent >= 0) throw BAIL;
    if (this.loader.deferred) throw this.loader.deferred.error;
    return value;
  }

  /** Moves to the next line with content (`indent` -1 at the end). */
  advance(first = false): void {
    const text = this.text;
    const n = text.length;
    let p = this.next;
    for (;;) {
      if (p >= n) {
        this.indent = -1;
        return;
      }
      let end = text.indexOf("\n", p);
      if (end < 0) end = n;
      let q = p;
      while (q < end && text.charCodeAt(q) === 0x20) q++;
      if (q === end || text.charCodeAt(q) === 0x23) {
        p = end + 1;
        continue;
      }
      if (q === p && isMarker(text, p)) {
        // Only a bare `---` opening the stream.
        if (!first || text.charCodeAt(p) !== 0x2d || !blankRest(text, p + 3, end)) throw BAIL;
        first = false;
        p = end + 1;
        continue;
      }
      this.lineStart = p;
      this.lineEnd = end;
      this.indent = q - p;
      this.at = q;
      this.next = end + 1;
      return;
    }
  }

  /** A node starting at the current content, more indented than `parent`. */
  blockNode(parent: number, depth: number): PyValue {
    if (this.atEntry()) return this.blockSequence(this.indent, depth);
    if (this.readKey()) return this.blockMapping(this.indent, depth);
    const value = this.inline(depth);
    this.advance();
    // More lines would continue a plain scalar (or be an error).
    if (this.indent > parent) throw BAIL;
    return value;
  }

  atEntry(): boolean {
    const text = this.text;
    const c = text.charCodeAt(this.at + 1);
    return text.charCodeAt(this.at) === 0x2d && (c === 0x20 || this.at + 1 === this.lineEnd);
  }

  blockMapping(column: number, depth: number): PyDict {
    const loader = this.loader;
    const text = this.text;
    const pairs = loader.pairs;
    const start = pairs.length;
    const pos = this.at;
    // A mapping whose keys are all strings (plain ones resolving to str, or quoted), none
    // repeated, is what the loader's build() makes of its pairs: such mappings (nearly
    // all) are filled as they are read. The first other key hands what was read so far
    // over to `pairs`, as Tok nodes at their offsets (kept in keyOffsets meanwhile).
    let dict: PyDict | undefined = loader.keyLines === undefined ? new Map() : undefined;
    const offsets = this.keyOffsets;
    const values = this.keyValues;
    const firstOffset = this.keyTop;
    for (;;) {
      // readKey() has just succeeded for this line.
      const keyStart = this.at;
      const colon = this.colon;
      if (colon - keyStart > 1000) throw BAIL; // libyaml's limit on implicit keys
      const first = text.charCodeAt(keyStart);
      const quoted = first === 0x27 || first === 0x22;
      const raw = quoted
        ? this.quoted(keyStart, this.closingQuote(keyStart))
        : this.plain(keyStart, trimEnd(text, keyStart, colon));
      let p = colon + 1;
      while (p < this.lineEnd && text.charCodeAt(p) === 0x20) p++;
      let value: PyValue;
      if (p === this.lineEnd || text.charCodeAt(p) === 0x23) {
        this.advance();
        if (this.indent > column) value = this.blockNode(column, depth + 1);
        else if (this.indent === column && this.atEntry()) {
          value = this.blockSequence(column, depth + 1);
        } else value = null;
      } else {
        this.at = p;
        value = this.inline(depth + 1);
        this.advance();
      }
      let direct = false;
      if (dict !== undefined && (quoted || implicitTag(raw) === "str")) {
        const size = dict.size;
        dict.set(raw, value);
        direct = dict.size !== size;
        if (direct) {
          // Quoted keys are noted as -1 - offset.
          offsets[this.keyTop] = quoted ? -1 - keyStart : keyStart;
          values[this.keyTop++] = value;
        }
      }
      if (!direct) {
        if (dict !== undefined) {
          // A repeated key has just replaced its first value in `dict`: `values` has it.
          let k = firstOffset;
          for (const key of dict.keys()) {
            const at = offsets[k]!;
            pairs.push(
              at < 0 ? this.tok(key as string, null, -1 - at) : this.tok(key as string, PLAIN, at),
              values[k++]!,
            );
          }
          this.keyTop = firstOffset;
          dict = undefined;
        }
        pairs.push(this.tok(raw, quoted ? null : PLAIN, keyStart), value);
      }
      if (this.indent > column) throw BAIL;
      if (this.indent < column) break;
      if (!this.readKey()) throw BAIL;
    }
    if (dict !== undefined) {
      this.keyTop = firstOffset;
      return dict;
    }
    const built = this.build(start, pos, depth);
    this.release(start);
    return built;
  }

  /**
   * Key offsets and values of the mappings being read directly (see
   * {@linkcode blockMapping}), up to `keyTop` (the arrays are not shortened).
   */
  readonly keyOffsets: number[] = [];
  readonly keyValues: PyValue[] = [];
  keyTop = 0;

  build(start: number, pos: number, depth: number): PyDict {
    const loader = this.loader;
    try {
      return loader.build(start, loader.pairs.length, pos, depth, undefined);
    } catch (error) {
      loader.defer(error, depth, pos);
      return new Map();
    }
  }

  /**
   * Plain scalars read lately, by a hash of their length and ends. Inventories repeat the
   * same variable names (and many values) host after host: handing out the string read
   * before saves a copy that the inventory would keep.
   */
  readonly recent: string[] = new Array<string>(256).fill("");

  /** The text of `text[start, end)`, a string read before when it is the same. */
  plain(start: number, end: number): string {
    const text = this.text;
    const length = end - start;
    const slot = (length * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(end - 1)) & 255;
    const known = this.recent[slot]!;
    if (known.length === length && text.startsWith(known, start)) return known;
    const fresh = text.slice(start, end);
    this.recent[slot] = fresh;
    return fresh;
  }

  /** A key node; they are reused once their mapping is built (no aliases here). */
  tok(raw: string, tag: string | null, pos: number): Tok {
    const tok = this.free.pop();
    if (tok === undefined) return new Tok(raw, tag, pos);
    tok.raw = raw;
    tok.tag = tag;
    tok.pos = pos;
    tok.value = undefined;
    return tok;
  }

  readonly free: Tok[] = [];

  release(start: number): void {
    const pairs = this.loader.pairs;
    for (let i = start; i < pairs.length; i += 2) this.free.push(pairs[i] as Tok);
    pairs.length = start;
  }

  blockSequence(column: number, depth: number): PyValue[] {
    const text = this.text;
    const items: PyValue[] = [];
    for (;;) {
      let p = this.at + 1;
      while (p < this.lineEnd && text.charCodeAt(p) === 0x20) p++;
      if (p === this.lineEnd || text.charCodeAt(p) === 0x23) {
        // `-` alone: the item is on the next lines when they are deeper, else empty.
        this.advance();
        items.push(this.indent > column ? this.blockNode(column, depth + 1) : null);
      } else {
        this.at = p;
        this.indent = p - this.lineStart;
        items.push(this.blockNode(column, depth + 1));
      }
      if (this.indent > column) throw BAIL;
      if (this.indent < column || !this.atEntry()) break;
    }
    return items;
  }

  /**
   * Whether the content is an implicit key (`key:` then a space or the line end); sets
   * {@linkcode colon}. A plain key ends at the first such colon, before any ` #`.
   */
  readKey(): boolean {
    const text = this.text;
    const end = this.lineEnd;
    let p = this.at;
    const first = text.charCodeAt(p);
    if (first === 0x27 || first === 0x22) {
      p = this.closingQuote(p);
      while (p < end && text.charCodeAt(p) === 0x20) p++;
      if (text.charCodeAt(p) !== 0x3a || (p + 1 < end && text.charCodeAt(p + 1) !== 0x20)) {
        return false;
      }
      this.colon = p;
      return true;
    }
    if (!plainStart(text, p, end, false)) return false;
    for (p++; p < end; p++) {
      const c = text.charCodeAt(p);
      if (c === 0x3a) {
        if (p + 1 === end || text.charCodeAt(p + 1) === 0x20) {
          this.colon = p;
          return true;
        }
      } else if (c === 0x23 && text.charCodeAt(p - 1) === 0x20) return false;
    }
    return false;
  }

  /** A scalar or flow collection filling the rest of the line (a comment may follow). */
  inline(depth: number): PyValue {
    const text = this.text;
    const end = this.lineEnd;
    const start = this.at;
    const first = text.charCodeAt(start);
    let value: PyValue;
    let p: number;
    if (first === 0x5b || first === 0x7b) {
      value = this.flow(start, depth);
      p = this.at;
    } else if (first === 0x27 || first === 0x22) {
      p = this.closingQuote(start);
      value = this.quoted(start, p);
    } else {
      if (!plainStart(text, start, end, false)) throw BAIL;
      p = start + 1;
      for (; p < end; p++) {
        const c = text.charCodeAt(p);
        // `a: b: c` is an error; ` #` starts a comment.
        if (c === 0x3a && (p + 1 === end || text.charCodeAt(p + 1) === 0x20)) throw BAIL;
        if (c === 0x23 && text.charCodeAt(p - 1) === 0x20) break;
      }
      p = trimEnd(text, start, p);
      value = this.scalar(this.plain(start, p), start);
    }
    const afterValue = p;
    while (p < end && text.charCodeAt(p) === 0x20) p++;
    if (p < end && (text.charCodeAt(p) !== 0x23 || p === afterValue)) throw BAIL;
    return value;
  }

  /**
   * A plain scalar's value (resolved as PyYAML does). When that fails, the general path
   * decides: the scalar may go on over the next lines (`a: <<` then `  b`).
   */
  scalar(raw: string, pos: number): PyValue {
    let value: Constructed;
    try {
      value = this.loader.constructRaw(raw, PLAIN, pos);
    } catch {
      throw BAIL;
    }
    if (value === MERGE_KEY || value === VALUE_KEY) throw BAIL;
    return value;
  }

  /** Offset just after the quote closing the one at `start`, on the same line. */
  closingQuote(start: number): number {
    const text = this.text;
    const quote = text.charCodeAt(start);
    for (let p = start + 1; p < this.lineEnd; p++) {
      const c = text.charCodeAt(p);
      if (c === 0x5c && quote === 0x22) throw BAIL; // escapes: js-yaml's
      if (c === quote) {
        if (quote === 0x27 && text.charCodeAt(p + 1) === 0x27) {
          p++;
          continue;
        }
        return p + 1;
      }
    }
    throw BAIL; // multi-line
  }

  /** The text of a quoted scalar from its opening quote to just after the closing one. */
  quoted(start: number, end: number): string {
    const inner = this.text.slice(start + 1, end - 1);
    return this.text.charCodeAt(start) === 0x27 ? inner.replaceAll("''", "'") : inner;
  }

  /** A flow collection on one line; leaves {@linkcode at} after its closing bracket. */
  flow(open: number, depth: number): PyValue {
    const loader = this.loader;
    const text = this.text;
    const end = this.lineEnd;
    const mapping = text.charCodeAt(open) === 0x7b;
    const close = mapping ? 0x7d : 0x5d;
    const pairs = loader.pairs;
    const start = pairs.length;
    const items: PyValue[] = [];
    let p = open + 1;
    for (;;) {
      while (p < end && text.charCodeAt(p) === 0x20) p++;
      if (p >= end) throw BAIL;
      if (text.charCodeAt(p) === close && (items.length === 0 && pairs.length === start)) {
        p++;
        break;
      }
      p = this.flowNode(p, depth + 1, mapping);
      while (p < end && text.charCodeAt(p) === 0x20) p++;
      if (mapping) {
        const key = this.flowValue as Tok;
        let value: PyValue = null;
        if (text.charCodeAt(p) === 0x3a && text.charCodeAt(p + 1) === 0x20) {
          p += 2;
          while (p < end && text.charCodeAt(p) === 0x20) p++;
          const c = text.charCodeAt(p);
          if (c !== 0x2c && c !== close) {
            p = this.flowNode(p, depth + 1, false);
            value = this.flowValue as PyValue;
            while (p < end && text.charCodeAt(p) === 0x20) p++;
          }
        }
        pairs.push(key, value);
      } else {
        if (text.charCodeAt(p) === 0x3a) throw BAIL; // `[a: 1]`
        items.push(this.flowValue as PyValue);
      }
      const c = text.charCodeAt(p);
      if (c === 0x2c) {
        p++;
        while (p < end && text.charCodeAt(p) === 0x20) p++;
        if (text.charCodeAt(p) === close) throw BAIL; // a trailing comma: js-yaml's
        continue;
      }
      if (c !== close) throw BAIL;
      p++;
      break;
    }
    this.at = p;
    if (!mapping) return items;
    const dict = this.build(start, open, depth);
    this.release(start);
    return dict;
  }

  /** Result of {@linkcode flowNode}: a value, or a key {@linkcode Tok}. */
  flowValue: PyValue | Tok = null;

  /** One node inside a flow collection; returns the offset after it. */
  flowNode(p: number, depth: number, key: boolean): number {
    const text = this.text;
    const end = this.lineEnd;
    const first = text.charCodeAt(p);
    if (first === 0x5b || first === 0x7b) {
      if (key) throw BAIL;
      this.flowValue = this.flow(p, depth);
      return this.at;
    }
    if (first === 0x27 || first === 0x22) {
      const after = this.closingQuote(p);
      const raw = this.quoted(p, after);
      this.flowValue = key ? this.tok(raw, null, p) : raw;
      return after;
    }
    if (!plainStart(text, p, end, true)) throw BAIL;
    let q = p + 1;
    for (; q < end; q++) {
      const c = text.charCodeAt(q);
      if (c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) break;
      if (c === 0x3a) {
        const d = text.charCodeAt(q + 1);
        if (d === 0x20) break;
        // libyaml: an error before `,?[]{}`; js-yaml differs on the rest.
        throw BAIL;
      }
      if (c === 0x23 && text.charCodeAt(q - 1) === 0x20) throw BAIL; // a comment inside
    }
    if (q >= end) throw BAIL;
    const raw = text.slice(p, trimEnd(text, p, q));
    this.flowValue = key ? this.tok(raw, PLAIN, p) : this.scalar(raw, p);
    return q;
  }
}

/** `---` or `...` followed by a blank or the line end, at `p`. */
function isMarker(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  if ((c !== 0x2d && c !== 0x2e) || text.charCodeAt(p + 1) !== c || text.charCodeAt(p + 2) !== c) {
    return false;
  }
  const d = text.charCodeAt(p + 3);
  return d === 0x20 || d === 0x0a || Number.isNaN(d);
}

/** Only spaces, then nothing or a comment, from `p` to `end`. */
function blankRest(text: string, p: number, end: number): boolean {
  while (p < end && text.charCodeAt(p) === 0x20) p++;
  return p === end || (text.charCodeAt(p) === 0x23 && text.charCodeAt(p - 1) === 0x20);
}

/** The offset after the last non-space character of `text[start, end)`. */
function trimEnd(text: string, start: number, end: number): number {
  while (end > start && text.charCodeAt(end - 1) === 0x20) end--;
  return end;
}

/** Whether a plain scalar may start at `p` (libyaml's scanner, narrowed to the sure cases). */
function plainStart(text: string, p: number, end: number, flow: boolean): boolean {
  const c = text.charCodeAt(p);
  if (c === 0x2d) {
    // `-` must be followed by a non-blank; `---` is left to js-yaml.
    const d = text.charCodeAt(p + 1);
    return p + 1 < end && d !== 0x20 && d !== 0x2d;
  }
  if (c < 0x80 && INDICATORS.has(c)) return false;
  return !(flow && (c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d));
}

/** Characters that cannot start a plain scalar (or that the fast path leaves alone). */
const INDICATORS = new Set([..."?:,[]{}#&*!|>'\"%@`"].map((c) => c.charCodeAt(0)));
