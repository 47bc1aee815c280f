/**
 * Python's notions of white space and line breaks, which differ from JavaScript's:
 * `str.strip()` does not remove a BOM but does remove `\x1c`-`\x1f` and `\x85`, and
 * `str.splitlines()` breaks on `\v`, `\f`, `\x1c`-`\x1e`, `\x85`, U+2028 and U+2029 too.
 *
 * @module
 */

const PY_SPACE =
  "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g");
// deno-lint-ignore no-control-regex
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

// deno-lint-ignore no-control-regex
const OTHER_BREAK = /[\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

/** Whether a UTF-16 code unit is white space to Python's `str.strip()` (none is astral). */
export function isPySpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c >= 0x1c;
  if (c < 0x85) return false;
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Python's `str.strip()` with no argument. */
export function pyStrip(text: string): string {
  // Most texts have nothing to strip: no regex and no copy for them.
  const n = text.length;
  if (n === 0 || (!isPySpace(text.charCodeAt(0)) && !isPySpace(text.charCodeAt(n - 1)))) {
    return text;
  }
  return text.replace(STRIP, "");
}

/** Whether `\n` is the only thing {@linkcode pySplitLines} would split `text` at. */
export function onlyNewlines(text: string): boolean {
  return !OTHER_BREAK.test(text);
}

/** Python's `str.splitlines()`: no empty last element for a trailing line break. */
export function pySplitLines(text: string): string[] {
  if (text === "") return [];
  // Splitting on a string is much faster than on a regex; most files only have `\n`.
  const lines = onlyNewlines(text) ? text.split("\n") : text.split(LINE_BREAK);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
