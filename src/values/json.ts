/**
 * Python's `json` module as ansible-inventory uses it.
 *
 * Output: {@linkcode dumpJson} reproduces
 * `json.dumps(obj, sort_keys=True, indent=4, ensure_ascii=False)` with Ansible's encoder
 * byte for byte: keys sorted by Python's ordering of the key objects (strings by code
 * point), non-string keys stringified after sorting, floats as Python `repr()`, bare `NaN`
 * and `Infinity`, `!unsafe` and `!vault` values as `{"__ansible_unsafe": ...}` and
 * `{"__ansible_vault": ...}`. Keys Python cannot order (`'a'` and `1` in one mapping) raise
 * {@linkcode UnsortableKeysError}, on which Ansible prints a warning and dumps the whole
 * document unsorted (`sortKeys: false`). Lone surrogates (from bytes Python decoded with
 * `surrogateescape`) are kept in the text; Ansible's display writes each as `?`.
 *
 * Input: {@linkcode parsePythonJson} is `json.loads(text, cls=AnsibleJSONDecoder)`.
 *
 * {@linkcode pythonSort} reproduces the comparisons CPython 3.11's `list.sort()` makes, so
 * that the error raised for unorderable keys names the same pair of types as Python's.
 *
 * @module
 */

import { InventorySyntaxError, UnserializableValueError } from "../errors.ts";
import { comparePyDates } from "./order.ts";
import { floatRepr, INT_MAX_STR_DIGITS, intText, pyStr } from "./py_str.ts";
import {
  PyDate,
  type PyDict,
  PyFloat,
  type PyKey,
  type PyValue,
  stringKeyClass,
  Unsafe,
  Vault,
} from "./types.ts";

// ---------------------------------------------------------------------------
// CPython's list.sort()

const MIN_GALLOP = 7;

/**
 * Sorts in place making exactly the comparisons CPython 3.11's `list.sort()` makes
 * (timsort with the powersort merge policy), so an inconsistent or throwing `lessThan`
 * behaves as it would in Python: the same result with NaNs, the same first failing pair.
 *
 * @param items the list, sorted in place
 * @param lessThan Python's `a < b`; may throw
 * @returns `items`
 */
export function pythonSort<T>(items: T[], lessThan: (a: T, b: T) => boolean): T[] {
  if (items.length >= 2) new TimSort(items, lessThan).sort();
  return items;
}

class TimSort<T> {
  private minGallop = MIN_GALLOP;
  private readonly runBase: number[] = [];
  private readonly runLength: number[] = [];
  private readonly runPower: number[] = [];

  constructor(private readonly a: T[], private readonly lt: (a: T, b: T) => boolean) {}

  sort(): void {
    const total = this.a.length;
    let minRun = total;
    let shiftedOff = 0;
    while (minRun >= 64) {
      shiftedOff |= minRun & 1;
      minRun >>= 1;
    }
    minRun += shiftedOff;
    let low = 0;
    let remaining = total;
    do {
      let run = this.countRun(low, low + remaining);
      if (run < minRun) {
        const force = remaining <= minRun ? remaining : minRun;
        this.binarySort(low, low + force, low + run);
        run = force;
      }
      this.foundNewRun(run);
      this.runBase.push(low);
      this.runLength.push(run);
      this.runPower.push(0);
      low += run;
      remaining -= run;
    } while (remaining);
    while (this.runBase.length > 1) {
      let n = this.runBase.length - 2;
      if (n > 0 && this.runLength[n - 1]! < this.runLength[n + 1]!) n--;
      this.mergeAt(n);
    }
  }

  /** Length of the run at `low`; a strictly descending run is reversed. */
  private countRun(low: number, high: number): number {
    const a = this.a;
    if (low + 1 === high) return 1;
    let n = 2;
    let i = low + 1;
    if (this.lt(a[i]!, a[i - 1]!)) {
      for (i++; i < high; i++, n++) if (!this.lt(a[i]!, a[i - 1]!)) break;
      let l = low;
      let r = low + n - 1;
      while (l < r) {
        const t = a[l]!;
        a[l++] = a[r]!;
        a[r--] = t;
      }
    } else {
      for (i++; i < high; i++, n++) if (this.lt(a[i]!, a[i - 1]!)) break;
    }
    return n;
  }

  private binarySort(low: number, high: number, start: number): void {
    const a = this.a;
    if (low === start) start++;
    for (; start < high; start++) {
      let l = low;
      let r = start;
      const pivot = a[r]!;
      do {
        const p = l + ((r - l) >> 1);
        if (this.lt(pivot, a[p]!)) r = p;
        else l = p + 1;
      } while (l < r);
      for (let p = start; p > l; p--) a[p] = a[p - 1]!;
      a[l] = pivot;
    }
  }

  private foundNewRun(n2: number): void {
    const count = this.runBase.length;
    if (!count) return;
    const s1 = this.runBase[count - 1]!;
    const n1 = this.runLength[count - 1]!;
    const total = this.a.length;
    // Powersort: the node power of the boundary between the last run and the new one.
    let a = 2 * s1 + n1;
    let b = a + n1 + n2;
    let power = 0;
    for (;;) {
      power++;
      if (a >= total) {
        a -= total;
        b -= total;
      } else if (b >= total) break;
      a *= 2;
      b *= 2;
    }
    while (this.runBase.length > 1 && this.runPower[this.runBase.length - 2]! > power) {
      this.mergeAt(this.runBase.length - 2);
    }
    this.runPower[this.runBase.length - 1] = power;
  }

  private mergeAt(i: number): void {
    const a = this.a;
    let baseA = this.runBase[i]!;
    let na = this.runLength[i]!;
    const baseB = this.runBase[i + 1]!;
    let nb = this.runLength[i + 1]!;
    this.runLength[i] = na + nb;
    this.runBase.splice(i + 1, 1);
    this.runLength.splice(i + 1, 1);
    this.runPower.splice(i + 1, 1);
    const k = gallopRight(a[baseB]!, a, baseA, na, 0, this.lt);
    baseA += k;
    na -= k;
    if (na === 0) return;
    nb = gallopLeft(a[baseA + na - 1]!, a, baseB, nb, nb - 1, this.lt);
    if (nb <= 0) return;
    if (na <= nb) this.mergeLow(baseA, na, baseB, nb);
    else this.mergeHigh(baseA, na, baseB, nb);
  }

  private mergeLow(baseA: number, na: number, baseB: number, nb: number): void {
    const a = this.a;
    const lt = this.lt;
    const tmp = a.slice(baseA, baseA + na);
    let pa = 0;
    let pb = baseB;
    let dest = baseA;
    a[dest++] = a[pb++]!;
    nb--;
    // Returns true when only the last item of A is left (it goes after the rest of B).
    const merge = (): boolean => {
      if (nb === 0) return false;
      if (na === 1) return true;
      let minGallop = this.minGallop;
      for (;;) {
        let countA = 0;
        let countB = 0;
        while (countA < minGallop && countB < minGallop) {
          if (lt(a[pb]!, tmp[pa]!)) {
            a[dest++] = a[pb++]!;
            countB++;
            countA = 0;
            if (--nb === 0) return false;
          } else {
            a[dest++] = tmp[pa++]!;
            countA++;
            countB = 0;
            if (--na === 1) return true;
          }
        }
        minGallop++;
        do {
          if (minGallop > 1) minGallop--;
          this.minGallop = minGallop;
          let k = gallopRight(a[pb]!, tmp, pa, na, 0, lt);
          countA = k;
          if (k) {
            for (let j = 0; j < k; j++) a[dest++] = tmp[pa++]!;
            na -= k;
            if (na === 1) return true;
            if (na === 0) return false;
          }
          a[dest++] = a[pb++]!;
          if (--nb === 0) return false;
          k = gallopLeft(tmp[pa]!, a, pb, nb, 0, lt);
          countB = k;
          if (k) {
            for (let j = 0; j < k; j++) a[dest++] = a[pb++]!;
            nb -= k;
            if (nb === 0) return false;
          }
          a[dest++] = tmp[pa++]!;
          if (--na === 1) return true;
        } while (countA >= MIN_GALLOP || countB >= MIN_GALLOP);
        minGallop++;
        this.minGallop = minGallop;
      }
    };
    if (merge()) {
      for (let j = 0; j < nb; j++) a[dest + j] = a[pb + j]!;
      a[dest + nb] = tmp[pa]!;
    } else {
      for (let j = 0; j < na; j++) a[dest + j] = tmp[pa + j]!;
    }
  }

  private mergeHigh(baseA: number, na: number, baseB: number, nb: number): void {
    const a = this.a;
    const lt = this.lt;
    const tmp = a.slice(baseB, baseB + nb);
    let dest = baseB + nb - 1;
    let pb = nb - 1;
    let pa = baseA + na - 1;
    a[dest--] = a[pa--]!;
    na--;
    // Returns true when only the first item of B is left (it goes before the rest of A).
    const merge = (): boolean => {
      if (na === 0) return false;
      if (nb === 1) return true;
      let minGallop = this.minGallop;
      for (;;) {
        let countA = 0;
        let countB = 0;
        while (countA < minGallop && countB < minGallop) {
          if (lt(tmp[pb]!, a[pa]!)) {
            a[dest--] = a[pa--]!;
            countA++;
            countB = 0;
            if (--na === 0) return false;
          } else {
            a[dest--] = tmp[pb--]!;
            countB++;
            countA = 0;
            if (--nb === 1) return true;
          }
        }
        minGallop++;
        do {
          if (minGallop > 1) minGallop--;
          this.minGallop = minGallop;
          let k = na - gallopRight(tmp[pb]!, a, baseA, na, na - 1, lt);
          countA = k;
          if (k) {
            dest -= k;
            pa -= k;
            for (let j = k; j >= 1; j--) a[dest + j] = a[pa + j]!;
            na -= k;
            if (na === 0) return false;
          }
          a[dest--] = tmp[pb--]!;
          if (--nb === 1) return true;
          k = nb - gallopLeft(a[pa]!, tmp, 0, nb, nb - 1, lt);
          countB = k;
          if (k) {
            dest -= k;
            pb -= k;
            for (let j = 1; j <= k; j++) a[dest + j] = tmp[pb + j]!;
            nb -= k;
            if (nb === 1) return true;
            if (nb === 0) return false;
          }
          a[dest--] = a[pa--]!;
          if (--na === 0) return false;
        } while (countA >= MIN_GALLOP || countB >= MIN_GALLOP);
        minGallop++;
        this.minGallop = minGallop;
      }
    };
    if (merge()) {
      dest -= na;
      pa -= na;
      for (let j = na; j >= 1; j--) a[dest + j] = a[pa + j]!;
      a[dest] = tmp[pb]!;
    } else {
      for (let j = 0; j < nb; j++) a[dest - (nb - 1) + j] = tmp[j]!;
    }
  }
}

/** Where `key` goes in the sorted `arr[base, base+n)`: before any equal items. */
function gallopLeft<T>(
  key: T,
  arr: T[],
  base: number,
  n: number,
  hint: number,
  lt: (a: T, b: T) => boolean,
): number {
  let lastOffset = 0;
  let offset = 1;
  const at = base + hint;
  if (lt(arr[at]!, key)) {
    const maxOffset = n - hint;
    while (offset < maxOffset) {
      if (!lt(arr[at + offset]!, key)) break;
      lastOffset = offset;
      offset = offset * 2 + 1;
    }
    if (offset > maxOffset) offset = maxOffset;
    lastOffset += hint;
    offset += hint;
  } else {
    const maxOffset = hint + 1;
    while (offset < maxOffset) {
      if (lt(arr[at - offset]!, key)) break;
      lastOffset = offset;
      offset = offset * 2 + 1;
    }
    if (offset > maxOffset) offset = maxOffset;
    const k = lastOffset;
    lastOffset = hint - offset;
    offset = hint - k;
  }
  lastOffset++;
  while (lastOffset < offset) {
    const m = lastOffset + ((offset - lastOffset) >> 1);
    if (lt(arr[base + m]!, key)) lastOffset = m + 1;
    else offset = m;
  }
  return offset;
}

/** Where `key` goes in the sorted `arr[base, base+n)`: after any equal items. */
function gallopRight<T>(
  key: T,
  arr: T[],
  base: number,
  n: number,
  hint: number,
  lt: (a: T, b: T) => boolean,
): number {
  let lastOffset = 0;
  let offset = 1;
  const at = base + hint;
  if (lt(key, arr[at]!)) {
    const maxOffset = hint + 1;
    while (offset < maxOffset) {
      if (!lt(key, arr[at - offset]!)) break;
      lastOffset = offset;
      offset = offset * 2 + 1;
    }
    if (offset > maxOffset) offset = maxOffset;
    const k = lastOffset;
    lastOffset = hint - offset;
    offset = hint - k;
  } else {
    const maxOffset = n - hint;
    while (offset < maxOffset) {
      if (lt(key, arr[at + offset]!)) break;
      lastOffset = offset;
      offset = offset * 2 + 1;
    }
    if (offset > maxOffset) offset = maxOffset;
    lastOffset += hint;
    offset += hint;
  }
  lastOffset++;
  while (lastOffset < offset) {
    const m = lastOffset + ((offset - lastOffset) >> 1);
    if (lt(key, arr[base + m]!)) offset = m;
    else lastOffset = m + 1;
  }
  return offset;
}

// ---------------------------------------------------------------------------
// Key ordering

/**
 * Python's name for the type of a dict key (`str`, `int`, `float`, `bool`, `NoneType`).
 * Strings of dicts loaded from YAML are `AnsibleUnicode` in Ansible: {@linkcode dumpJson}
 * names them so from what the loader recorded (see `stringKeyClass`).
 *
 * @param key the key
 * @returns the type name
 */
export function pyTypeName(key: PyKey): string {
  switch (typeof key) {
    case "string":
      return "str";
    case "number":
    case "bigint":
      return "int";
    case "boolean":
      return "bool";
  }
  if (key instanceof PyDate) return key.time === null ? "date" : "datetime";
  return key === null ? "NoneType" : "float";
}

/**
 * Python could not order two keys of one mapping (`'<' not supported between instances of
 * 'str' and 'int'`). Ansible then warns `Could not sort JSON output due to issues while
 * sorting keys: <message>` and prints the whole document unsorted.
 */
export class UnsortableKeysError extends TypeError {
  /**
   * Describes the failing comparison the way Python's TypeError does.
   *
   * @param left the left operand of the failing `<`
   * @param right the right operand
   * @param leftType the left operand's type name as Python prints it
   * @param rightType the right operand's type name
   */
  constructor(
    readonly left: PyKey,
    readonly right: PyKey,
    readonly leftType: string,
    readonly rightType: string,
  ) {
    super(`'<' not supported between instances of '${leftType}' and '${rightType}'`);
    this.name = "UnsortableKeysError";
  }
}

/** Python's `a < b` for strings: by code point (JavaScript's `<` compares UTF-16 units). */
function codePointLess(a: string, b: string): boolean {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 || y < 0xd800) return x < y;
    return codePointAround(a, i) < codePointAround(b, i);
  }
  return a.length < b.length;
}

/** The code point that the UTF-16 unit at `i` belongs to. */
function codePointAround(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const low = s.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
  } else if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
    const high = s.charCodeAt(i - 1);
    if (high >= 0xd800 && high <= 0xdbff) return 0x10000 + ((high - 0xd800) << 10) + (c - 0xdc00);
  }
  return c;
}

const NEEDS_CODE_POINT_ORDER = /[\ud800-\uffff]/;

function numericValue(key: PyKey): number | bigint {
  if (typeof key === "boolean") return key ? 1 : 0;
  return key instanceof PyFloat ? key.value : key as number | bigint;
}

/**
 * Sorts dict keys the way `sorted(d.items())` orders them in Python: strings by code point,
 * numbers (int, float, bool) by value.
 *
 * @param keys the keys, in insertion order (not modified)
 * @param typeName names key types in the error (default {@linkcode pyTypeName})
 * @returns a new, sorted array
 * @throws {UnsortableKeysError} when Python's sort would compare keys it cannot order
 */
export function sortPyKeys(
  keys: Iterable<PyKey>,
  typeName: (key: PyKey) => string = pyTypeName,
): PyKey[] {
  const sorted = Array.from(keys);
  if (sorted.length < 2) return sorted;
  let strings = 0;
  let numbers = 0;
  let codePointOrder = false;
  let nan = false;
  for (const key of sorted) {
    if (typeof key === "string") {
      strings++;
      if (!codePointOrder && NEEDS_CODE_POINT_ORDER.test(key)) codePointOrder = true;
    } else if (key instanceof PyDate) {
      // Orderable among their own kind only: left to the general sort below.
    } else if (key !== null) {
      numbers++;
      if (key instanceof PyFloat && key.value !== key.value) nan = true;
    }
  }
  if (strings === sorted.length) {
    if (!codePointOrder) return sorted.sort();
    return sorted.sort((a, b) => codePointLess(a as string, b as string) ? -1 : 1);
  }
  if (numbers === sorted.length && !nan) {
    return sorted.sort((a, b) => {
      const x = numericValue(a);
      const y = numericValue(b);
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }
  // Mixed types (this throws) or NaNs (the result depends on the exact comparisons).
  return pythonSort(sorted, (a, b) => {
    if (typeof a === "string" && typeof b === "string") return codePointLess(a, b);
    if (a !== null && b !== null && typeof a !== "string" && typeof b !== "string") {
      if (a instanceof PyDate || b instanceof PyDate) {
        const order = a instanceof PyDate && b instanceof PyDate ? comparePyDates(a, b) : undefined;
        if (order !== undefined) return order < 0;
      } else return numericValue(a) < numericValue(b);
    }
    throw new UnsortableKeysError(a, b, typeName(a), typeName(b));
  });
}

// ---------------------------------------------------------------------------
// Encoding

/** How {@linkcode dumpJson} writes. */
export interface JsonDumpOptions {
  /**
   * Sort mapping keys (Python `sort_keys=True`).
   * @default {true}
   */
  sortKeys?: boolean;
  /**
   * Spaces per nesting level; `null` writes one line with `", "` and `": "` separators
   * (Python `indent=None`).
   * @default {4}
   */
  indent?: number | null;
  /** Type names for {@linkcode UnsortableKeysError} (default {@linkcode pyTypeName}). */
  keyTypeName?: (key: PyKey) => string;
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};
// deno-lint-ignore no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;
// deno-lint-ignore no-control-regex
const ESCAPE_ALL = /["\\\u0000-\u001f]/g;

function escapeChar(c: string): string {
  return ESCAPES[c] ?? "\\u00" + (c.charCodeAt(0) < 16 ? "0" : "") + c.charCodeAt(0).toString(16);
}

/**
 * A JSON string literal as Python writes it with `ensure_ascii=False`: `"`, `\`, `\n`, `\r`,
 * `\t`, `\b`, `\f` escaped, other controls as `\u00xx`, everything else (DEL, U+2028, lone
 * surrogates) as is.
 *
 * @param text the string
 * @returns the quoted literal
 */
export function encodeJsonString(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return '"' + text + '"';
  return '"' + text.replace(ESCAPE_ALL, escapeChar) + '"';
}

/**
 * A float as Python's JSON encoder writes it: `repr()`, or bare `NaN`, `Infinity`,
 * `-Infinity`.
 *
 * @param x the double
 * @returns the text
 */
export function encodeJsonFloat(x: number): string {
  if (x !== x) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  return floatRepr(x);
}

/**
 * A mapping key as Python's JSON encoder writes it: strings as they are, ints in decimal,
 * floats as {@linkcode encodeJsonFloat}, `true`, `false`, `null`, all quoted.
 *
 * @param key the key
 * @returns the quoted key
 */
export function encodeJsonKey(key: PyKey): string {
  switch (typeof key) {
    case "string":
      return encodeJsonString(key);
    case "number":
    case "bigint":
      return '"' + intText(key) + '"';
    case "boolean":
      return key ? '"true"' : '"false"';
  }
  if (key instanceof PyDate) {
    // Python's encoder refuses them (Ansible crashes), sorted or not.
    throw new UnserializableValueError(
      `keys must be str, int, float, bool or None, not ${pyTypeName(key)}`,
    );
  }
  return key === null ? '"null"' : '"' + encodeJsonFloat(key.value) + '"';
}

class Encoder {
  private readonly sortKeys: boolean;
  private readonly indent: number | null;
  private readonly typeName: (key: PyKey) => string;
  private readonly customNames: boolean;
  private readonly breaks: string[] = [];
  private readonly itemSeparator: string;

  constructor(options: JsonDumpOptions) {
    this.sortKeys = options.sortKeys ?? true;
    this.indent = options.indent === undefined ? 4 : options.indent;
    this.typeName = options.keyTypeName ?? pyTypeName;
    this.customNames = options.keyTypeName !== undefined;
    this.itemSeparator = this.indent === null ? ", " : ",";
  }

  /** The text between items of a container at `level`, and before its first item. */
  private lineBreak(level: number): string {
    if (this.indent === null) return "";
    return this.breaks[level] ??= "\n" + " ".repeat(this.indent * level);
  }

  encode(value: PyValue, level: number): string {
    switch (typeof value) {
      case "string":
        return encodeJsonString(value);
      case "number":
        return String(value);
      case "bigint":
        return intText(value);
      case "boolean":
        return value ? "true" : "false";
    }
    if (value === null) return "null";
    if (value instanceof PyFloat) return encodeJsonFloat(value.value);
    // Ansible's encoder writes dates as isoformat().
    if (value instanceof PyDate) return encodeJsonString(value.isoformat());
    if (value instanceof Unsafe) return this.single('"__ansible_unsafe": ', value.value, level);
    if (value instanceof Vault) return this.single('"__ansible_vault": ', value.ciphertext, level);
    if (Array.isArray(value)) {
      if (value.length === 0) return "[]";
      const inner = this.lineBreak(level + 1);
      const separator = this.itemSeparator + inner;
      let out = "[" + inner + this.encode(value[0]!, level + 1);
      for (let i = 1; i < value.length; i++) out += separator + this.encode(value[i]!, level + 1);
      return out + this.lineBreak(level) + "]";
    }
    if (value instanceof Map) {
      if (value.size === 0) return "{}";
      const inner = this.lineBreak(level + 1);
      const separator = this.itemSeparator + inner;
      let out = "{" + inner;
      let first = true;
      const keys = this.sortKeys ? this.sortedKeys(value) : value.keys();
      for (const key of keys) {
        if (!first) out += separator;
        first = false;
        out += encodeJsonKey(key) + ": " + this.encode(value.get(key)!, level + 1);
      }
      return out + this.lineBreak(level) + "}";
    }
    throw new TypeError(`Not a Python value: ${String(value)}`);
  }

  /** The keys of `dict` sorted; a failure names its string keys' class (`AnsibleUnicode`). */
  private sortedKeys(dict: PyDict): PyKey[] {
    try {
      return sortPyKeys(dict.keys(), this.typeName);
    } catch (error) {
      const stringClass = stringKeyClass(dict);
      if (!(error instanceof UnsortableKeysError) || this.customNames || stringClass === "str") {
        throw error;
      }
      const name = (key: PyKey) => typeof key === "string" ? stringClass : pyTypeName(key);
      throw new UnsortableKeysError(error.left, error.right, name(error.left), name(error.right));
    }
  }

  private single(key: string, text: string, level: number): string {
    return "{" + this.lineBreak(level + 1) + key + encodeJsonString(text) + this.lineBreak(level) +
      "}";
  }
}

/**
 * Python's `json.dumps(value, sort_keys=True, indent=4, ensure_ascii=False)` with Ansible's
 * encoder (the defaults), or another layout per `options`.
 *
 * @example Ansible's layout
 * ```ts
 * import assert from "node:assert/strict";
 * import { dumpJson } from "./json.ts";
 * import { PyFloat, type PyKey, type PyValue } from "./types.ts";
 * const value = new Map<PyKey, PyValue>([["b", new PyFloat(1)], [10, [true]]]);
 * assert.throws(() => dumpJson(value)); // Python cannot order 'b' and 10
 * assert.equal(dumpJson(value, { sortKeys: false }), '{\n    "b": 1.0,\n    "10": [\n        true\n    ]\n}');
 * ```
 *
 * @param value the value
 * @param options layout
 * @returns the JSON text, without a final newline
 * @throws {UnsortableKeysError} when sorting and a mapping's keys cannot be ordered
 * @throws {UnserializableValueError} for an int beyond 4300 digits (Python's ValueError)
 */
export function dumpJson(value: PyValue, options: JsonDumpOptions = {}): string {
  return new Encoder(options).encode(value, 0);
}

/**
 * Like {@linkcode dumpJson}, for a value nested `level` containers deep in a larger
 * document: its inner lines are indented for that depth, its first line is not. Lets a
 * renderer stream a document built from parts without building it as one value.
 *
 * @param value the value
 * @param level the nesting depth the value is written at (0 = top level)
 * @param options layout
 * @returns the JSON text of the value
 * @throws {UnsortableKeysError} see {@linkcode dumpJson}
 * @throws {UnserializableValueError} see {@linkcode dumpJson}
 */
export function dumpJsonValue(
  value: PyValue,
  level: number,
  options: JsonDumpOptions = {},
): string {
  return new Encoder(options).encode(value, level);
}

/**
 * Makes a reusable writer for many {@linkcode dumpJsonValue} calls with the same options
 * (saves re-creating indentation strings for every value).
 *
 * @param options layout
 * @returns `(value, level) => text`
 */
export function jsonValueWriter(
  options: JsonDumpOptions = {},
): (value: PyValue, level: number) => string {
  const encoder = new Encoder(options);
  return (value, level) => encoder.encode(value, level);
}

// ---------------------------------------------------------------------------
// Decoding

/**
 * Python's `json.loads` rejected the text. The message is Python's bare message
 * (`Expecting value`), the location its line and column; {@linkcode pythonMessage} is the
 * full text Python prints (`Expecting value: line 1 column 1 (char 0)`).
 */
export class JsonDecodeError extends InventorySyntaxError {
  /** The text of Python's exception, as Ansible quotes it. */
  readonly pythonMessage: string;
  /** Python's `pos`: the offset in code points. */
  readonly position: number;
  /**
   * Locates the problem by line and column, counting code points as Python does.
   *
   * @param message Python's bare message
   * @param file the file
   * @param text the whole text
   * @param index UTF-16 offset of the problem in `text`
   * @param plain the exception has no position (Python raised a plain ValueError)
   */
  constructor(message: string, file: string, text: string, index: number, plain = false) {
    let line = 1;
    let lineStart = 0;
    for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) {
      line++;
      lineStart = i + 1;
    }
    const column = codePointCount(text, lineStart, index) + 1;
    super(message, { file, line, column });
    this.name = "JsonDecodeError";
    this.position = codePointCount(text, 0, index);
    this.pythonMessage = plain
      ? message
      : `${message}: line ${line} column ${column} (char ${this.position})`;
  }
}

function codePointCount(text: string, start: number, end: number): number {
  let count = end - start;
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) {
      const high = text.charCodeAt(i - 1);
      if (high >= 0xd800 && high <= 0xdbff) count--;
    }
  }
  return count;
}

/**
 * Nesting beyond which Python's C scanner hits the recursion limit. Approximate: the real
 * limit (1000 frames) also counts the frames of Ansible's own call stack.
 */
const MAX_JSON_DEPTH = 950;

class JsonParser {
  private i = 0;
  private depth = 0;
  constructor(private readonly s: string, private readonly file: string) {}

  private fail(message: string, at: number): never {
    throw new JsonDecodeError(message, this.file, this.s, at);
  }

  private skipSpace(): void {
    const s = this.s;
    let c = s.charCodeAt(this.i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = s.charCodeAt(++this.i);
  }

  parseDocument(): PyValue {
    if (this.s.charCodeAt(0) === 0xfeff) {
      this.fail("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
    }
    this.skipSpace();
    const value = this.value();
    this.skipSpace();
    if (this.i !== this.s.length) this.fail("Extra data", this.i);
    return value;
  }

  private value(): PyValue {
    const s = this.s;
    const start = this.i;
    switch (s.charCodeAt(start)) {
      case 0x22: // "
        return this.string();
      case 0x7b: // {
        return this.object();
      case 0x5b: // [
        return this.array();
      case 0x6e: // n
        if (s.startsWith("null", start)) {
          this.i += 4;
          return null;
        }
        break;
      case 0x74: // t
        if (s.startsWith("true", start)) {
          this.i += 4;
          return true;
        }
        break;
      case 0x66: // f
        if (s.startsWith("false", start)) {
          this.i += 5;
          return false;
        }
        break;
      case 0x4e: // N
        if (s.startsWith("NaN", start)) {
          this.i += 3;
          return new PyFloat(NaN);
        }
        break;
      case 0x49: // I
        if (s.startsWith("Infinity", start)) {
          this.i += 8;
          return new PyFloat(Infinity);
        }
        break;
      case 0x2d: // -
        if (s.startsWith("-Infinity", start)) {
          this.i += 9;
          return new PyFloat(-Infinity);
        }
        break;
    }
    return this.number();
  }

  private number(): PyValue {
    const s = this.s;
    const start = this.i;
    let i = start;
    if (s.charCodeAt(i) === 0x2d) i++;
    let c = s.charCodeAt(i);
    if (c >= 0x31 && c <= 0x39) {
      do c = s.charCodeAt(++i); while (c >= 0x30 && c <= 0x39);
    } else if (c === 0x30) {
      i++;
    } else {
      this.fail("Expecting value", start);
    }
    let float = false;
    c = s.charCodeAt(i + 1);
    if (s.charCodeAt(i) === 0x2e && c >= 0x30 && c <= 0x39) {
      float = true;
      i += 2;
      while ((c = s.charCodeAt(i)) >= 0x30 && c <= 0x39) i++;
    }
    c = s.charCodeAt(i);
    if (c === 0x65 || c === 0x45) {
      let j = i + 1;
      c = s.charCodeAt(j);
      if (c === 0x2d || c === 0x2b) j++;
      const digits = j;
      while ((c = s.charCodeAt(j)) >= 0x30 && c <= 0x39) j++;
      if (j > digits) {
        float = true;
        i = j;
      }
    }
    this.i = i;
    const text = s.slice(start, i);
    // parseFloat/parseInt: much faster than Number() on sliced strings; the text is valid.
    if (float) return new PyFloat(parseFloat(text));
    if (text.length <= 15) return parseInt(text, 10) || 0; // `|| 0` turns -0 into 0
    const digits = text.length - (text.charCodeAt(0) === 0x2d ? 1 : 0);
    if (digits > INT_MAX_STR_DIGITS) {
      throw new JsonDecodeError(
        `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: ` +
          `value has ${digits} digits; use sys.set_int_max_str_digits() to increase the limit`,
        this.file,
        s,
        start,
        true,
      );
    }
    const big = BigInt(text);
    return big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
  }

  private string(): string {
    const s = this.s;
    const begin = this.i;
    let i = begin + 1;
    let out = "";
    let chunk = i;
    for (;;) {
      let c = s.charCodeAt(i);
      while (c !== 0x22 && c !== 0x5c) {
        if (c !== c) this.fail("Unterminated string starting at", begin);
        if (c <= 0x1f) this.fail("Invalid control character at", i);
        c = s.charCodeAt(++i);
      }
      out += s.slice(chunk, i);
      if (c === 0x22) {
        this.i = i + 1;
        return out;
      }
      // A backslash.
      i++;
      if (i >= s.length) this.fail("Unterminated string starting at", begin);
      const e = s[i]!;
      if (e !== "u") {
        switch (e) {
          case '"':
          case "\\":
          case "/":
            out += e;
            break;
          case "b":
            out += "\b";
            break;
          case "f":
            out += "\f";
            break;
          case "n":
            out += "\n";
            break;
          case "r":
            out += "\r";
            break;
          case "t":
            out += "\t";
            break;
          default:
            this.fail("Invalid \\escape", i - 1);
        }
        i++;
      } else {
        // i is at the "u"; the four digits follow, and something must follow them.
        let end = i + 5;
        if (end >= s.length) this.fail("Invalid \\uXXXX escape", i);
        let code = hexQuad(s, i + 1);
        if (code < 0) this.fail("Invalid \\uXXXX escape", i);
        if (
          code >= 0xd800 && code <= 0xdbff && end + 6 < s.length &&
          s.charCodeAt(end) === 0x5c && s.charCodeAt(end + 1) === 0x75
        ) {
          const low = hexQuad(s, end + 2);
          if (low < 0) this.fail("Invalid \\uXXXX escape", end + 1);
          if (low >= 0xdc00 && low <= 0xdfff) {
            code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
            end += 6;
          }
        }
        out += String.fromCodePoint(code);
        i = end;
      }
      chunk = i;
    }
  }

  private enter(): void {
    if (++this.depth > MAX_JSON_DEPTH) {
      throw new JsonDecodeError(
        "maximum recursion depth exceeded while decoding a JSON " +
          (this.s[this.i] === "[" ? "array" : "object") + " from a unicode string",
        this.file,
        this.s,
        this.i,
        true,
      );
    }
  }

  private object(): PyValue {
    const s = this.s;
    this.enter();
    this.i++;
    this.skipSpace();
    const result = new Map<PyKey, PyValue>();
    if (s.charCodeAt(this.i) !== 0x7d) {
      for (;;) {
        if (s.charCodeAt(this.i) !== 0x22) {
          this.fail("Expecting property name enclosed in double quotes", this.i);
        }
        const key = this.string();
        this.skipSpace();
        if (s.charCodeAt(this.i) !== 0x3a) this.fail("Expecting ':' delimiter", this.i);
        this.i++;
        this.skipSpace();
        result.set(key, this.value());
        this.skipSpace();
        const c = s.charCodeAt(this.i);
        if (c === 0x7d) break;
        if (c !== 0x2c) this.fail("Expecting ',' delimiter", this.i);
        this.i++;
        this.skipSpace();
      }
    }
    this.i++;
    this.depth--;
    return ansibleObjectHook(result);
  }

  private array(): PyValue {
    const s = this.s;
    this.enter();
    this.i++;
    this.skipSpace();
    const result: PyValue[] = [];
    if (s.charCodeAt(this.i) !== 0x5d) {
      for (;;) {
        result.push(this.value());
        this.skipSpace();
        const c = s.charCodeAt(this.i);
        if (c === 0x5d) break;
        if (c !== 0x2c) this.fail("Expecting ',' delimiter", this.i);
        this.i++;
        this.skipSpace();
      }
    }
    this.i++;
    this.depth--;
    return result;
  }
}

/** The value of four hex digits at `at`, or -1. */
function hexQuad(s: string, at: number): number {
  let value = 0;
  for (let i = at; i < at + 4; i++) {
    const c = s.charCodeAt(i);
    let digit: number;
    if (c >= 0x30 && c <= 0x39) digit = c - 0x30;
    else if (c >= 0x61 && c <= 0x66) digit = c - 0x57;
    else if (c >= 0x41 && c <= 0x46) digit = c - 0x37;
    else return -1;
    value = value * 16 + digit;
  }
  return value;
}

/**
 * Ansible's `AnsibleJSONDecoder.object_hook`: an object with an `__ansible_vault` or
 * `__ansible_unsafe` key (the first of them in key order) stands for that value.
 */
function ansibleObjectHook(object: Map<PyKey, PyValue>): PyValue {
  for (const [key, value] of object) {
    if (key === "__ansible_vault") {
      return new Vault(typeof value === "string" ? value : pyStr(value));
    }
    if (key === "__ansible_unsafe") return wrapUnsafe(value);
  }
  return object;
}

/** Ansible's `wrap_var`: every string inside becomes unsafe. */
function wrapUnsafe(value: PyValue): PyValue {
  if (typeof value === "string") return new Unsafe(value);
  if (Array.isArray(value)) return value.map(wrapUnsafe);
  if (value instanceof Map) {
    const wrapped = new Map<PyKey, PyValue>();
    for (const [key, item] of value) wrapped.set(key, wrapUnsafe(item));
    return wrapped;
  }
  return value;
}

/**
 * Python's `json.loads(text, cls=AnsibleJSONDecoder)`, as Ansible reads `.json` vars files
 * and JSON-looking inventories: `NaN`, `Infinity`, `-Infinity` accepted (as floats),
 * duplicate keys keep the first position and the last value, ints exact (bigint beyond
 * 2^53), `1.0`/`1e3` as {@linkcode PyFloat}, objects as maps; `{"__ansible_unsafe": x}`
 * becomes {@linkcode Unsafe} (every string inside x), `{"__ansible_vault": x}` a
 * {@linkcode Vault}. Only space, tab, CR and LF count as whitespace; a BOM is an error.
 *
 * @param text the document
 * @param file the file name, for errors
 * @returns the value
 * @throws {JsonDecodeError} (an {@linkcode InventorySyntaxError}) with Python's message and
 *   its 1-based line and column (counted in code points)
 */
export function parsePythonJson(text: string, file: string): PyValue {
  return new JsonParser(text, file).parseDocument();
}
