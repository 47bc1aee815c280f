/**
 * Loads a data file the way Ansible's `DataLoader` does: JSON first (Python's `json`,
 * so `NaN` and duplicate keys are accepted), YAML 1.1 when that fails. Whole-file vault
 * encryption is recognised here.
 *
 * @module
 */

import { InventorySyntaxError, type Location } from "../errors.ts";
import { parsePythonJson } from "../values/json.ts";
import { pyDateIdentity } from "../values/order.ts";
import { isDict, PyDate, type PyKey, type PyValue } from "../values/types.ts";
import { type KeyLines, loadYaml } from "../values/yaml_load.ts";

/** What a data file held, and which parser read it. */
export interface LoadedData {
  /** The document; `null` for an empty one. */
  readonly value: PyValue;
  /** True when the text was JSON (Ansible then names Python's plain types in messages). */
  readonly fromJson: boolean;
}

/** The header of a file encrypted as a whole with `ansible-vault`. */
export function isVaultEncrypted(text: string): boolean {
  return text.startsWith("$ANSIBLE_VAULT;");
}

/**
 * Parses `text` as JSON, else as YAML. Throws {@linkcode InventorySyntaxError} with the
 * YAML parser's position when neither works (or the JSON one, for `.json` files).
 */
export function loadData(
  text: string,
  file: string,
  onWarning?: (message: string) => void,
): LoadedData {
  const trimmed = text.trimStart();
  // Python's json rejects anything that cannot start a JSON value; skip the attempt then.
  if (trimmed !== "" && JSON_START.test(trimmed[0]!)) {
    try {
      return { value: parsePythonJson(text, file), fromJson: true };
    } catch (jsonError) {
      if (!(jsonError instanceof InventorySyntaxError)) throw jsonError;
      try {
        return { value: loadYamlBounded(text, file, onWarning), fromJson: false };
      } catch (yamlError) {
        if (file.endsWith(".json")) throw jsonError;
        throw yamlError;
      }
    }
  }
  return { value: loadYamlBounded(text, file, onWarning), fromJson: false };
}

/** Nesting deeper than the YAML parser's recursion can go is an input error, not a crash. */
function loadYamlBounded(
  text: string,
  file: string,
  onWarning?: (message: string) => void,
): PyValue {
  try {
    return loadYaml(text, file, onWarning);
  } catch (error) {
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      const deepest = deepestNesting(text);
      throw new InventorySyntaxError(
        `YAML is nested too deeply to load (${deepest.depth} levels here; Ansible's own limit is lower)`,
        { file, line: deepest.line, column: deepest.column },
      );
    }
    throw error;
  }
}

/**
 * Where a YAML text nests deepest, counting flow brackets and block indentation alike
 * (a rough measure, only used to point at the place in an error message).
 */
function deepestNesting(text: string): { depth: number; line: number; column: number } {
  let best = { depth: 0, line: 1, column: 1 };
  let flow = 0;
  let line = 1;
  let lineStart = 0;
  let indent = 0;
  let atStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
      indent = 0;
      atStart = true;
      continue;
    }
    if (atStart && (c === 0x20 || c === 0x2d)) {
      // Spaces and "- " both open a block level.
      indent++;
      continue;
    }
    atStart = false;
    if (c === 0x5b || c === 0x7b) flow++;
    else if ((c === 0x5d || c === 0x7d) && flow > 0) flow--;
    const depth = flow + (indent >> 1);
    if (depth > best.depth) best = { depth, line, column: i - lineStart + 1 };
  }
  return best;
}

/**
 * Finds where mapping keys are written in a YAML (or JSON) text: the returned function
 * takes a path of keys from the top of the document (the empty path is the document's
 * first line). The first call loads the text again with key lines, so this is meant for
 * error messages and warnings.
 *
 * @param text the file's text
 * @param file the file name, for the locations
 * @returns a function giving the location of the key at a path, as precise as could be
 *   found (at worst the file alone)
 */
export function keyLocator(text: string, file: string): (path: readonly PyKey[]) => Location {
  let loaded: { root: PyValue; keyLines: KeyLines; lines: string[] } | null | undefined;
  return (path) => {
    if (loaded === undefined) {
      const keyLines: KeyLines = new WeakMap();
      try {
        const root = loadYaml(text, file, undefined, keyLines);
        loaded = { root, keyLines, lines: text.split(/\r\n|\r|\n/) };
      } catch {
        loaded = null;
      }
    }
    return loaded === null
      ? { file }
      : locate(loaded.root, loaded.keyLines, loaded.lines, file, path);
  };
}

function locate(
  root: PyValue,
  keyLines: KeyLines,
  lines: string[],
  file: string,
  path: readonly PyKey[],
): Location {
  let value: PyValue | undefined = root;
  let found: number | undefined;
  let key: PyKey | undefined;
  for (let step of path) {
    if (!isDict(value)) break;
    // A date key of the first load is another object in this one: find its equal.
    if (step instanceof PyDate) step = sameDate(value, step) ?? step;
    const line = keyLines.get(value)?.get(step);
    if (line === undefined || line < 1) break;
    found = line;
    key = step;
    value = value.get(step);
  }
  if (found === undefined) {
    // The document itself: its first line with content.
    const first = lines.findIndex((l) => /^\s*[^\s#]/.test(l) && !/^(---|%)/.test(l));
    if (first < 0) return { file };
    return { file, line: first + 1, column: lines[first]!.search(/\S/) + 1 };
  }
  const text_ = lines[found - 1] ?? "";
  const at = typeof key === "string" && key !== "" ? text_.indexOf(key) : -1;
  return { file, line: found, column: (at >= 0 ? at : Math.max(0, text_.search(/\S/))) + 1 };
}

function sameDate(dict: Map<PyKey, PyValue>, date: PyDate): PyKey | undefined {
  const identity = pyDateIdentity(date);
  for (const key of dict.keys()) {
    if (key instanceof PyDate && pyDateIdentity(key) === identity) return key;
  }
  return undefined;
}

const JSON_START = /[{["\-0-9tfnNI]/;
