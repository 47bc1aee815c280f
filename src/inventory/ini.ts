/**
 * Ansible's INI inventory dialect (spec §3). Not INI in the usual sense: host lines
 * are shell-tokenised, values are typed with Python's `ast.literal_eval`, and
 * `[group:children]` may name groups declared further down.
 *
 * @module
 */

import {
  formatLocation,
  InventoryError,
  InventorySyntaxError,
  type Location,
  withLocation,
} from "../errors.ts";
import { literalEval } from "../values/literal_eval.ts";
import type { PyValue } from "../values/types.ts";
import { expandHostPattern, expandsToItself, HostPatternError } from "./host_pattern.ts";
import type { Group, Inventory } from "./model.ts";
import { isPySpace, onlyNewlines, pySplitLines, pyStrip } from "./py_text.ts";
import { ShlexError, shlexSplit } from "./shlex.ts";
import type { ParseOptions } from "./parse_options.ts";

const SECTION = /^\[([^:\]\s]+)(?::([\p{L}\p{N}_]+))?\]\s*(?:#.*)?$/u;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/u;
const SECTION_KINDS: ReadonlySet<string> = new Set(["hosts", "children", "vars"]);

interface Pending {
  line: number;
  column: number;
  kind: "vars" | "children";
  parents: string[];
}

/**
 * Parses INI inventory text into `inventory`. Throws {@linkcode InventorySyntaxError}
 * (or {@linkcode InventoryError}) at the first problem, with the file and line;
 * whatever was added before the problem stays in the inventory, as in Ansible.
 */
export function parseIni(
  text: string,
  file: string,
  inventory: Inventory,
  options: ParseOptions = {},
): void {
  // Lines are found in the text as they are read, and host lines are parsed where they
  // are: copies of every line would only be work for the garbage collector. Texts with
  // line breaks other than `\n` (rare) are split first.
  const lines = onlyNewlines(text) ? undefined : pySplitLines(text);
  let next = 0;
  const pending = new Map<string, Pending>();
  const words = new HostWords();
  // Variable names of earlier host lines by word position (see parseHostLine).
  const recentKeys: (string | undefined)[] = [];
  let groupName = "ungrouped";
  let group: Group | undefined;
  let kind = "hosts";
  let lineNo = 0;
  // The line starts at source[lineStart]; its content (stripped as Python's strip() does)
  // is source[start, end), and `line` once made.
  let source = text;
  let lineStart = 0;
  let start = 0;
  let end = 0;
  let line = "";
  // The line's location, made when first needed: most host lines never need it. The
  // column is where the line's content starts.
  let where: Location | undefined;
  const at = (): Location => where ??= { file, line: lineNo, column: start - lineStart + 1 };
  const fail = (message: string): never => {
    throw new InventorySyntaxError(message, at());
  };

  for (;;) {
    if (lines) {
      if (lineNo >= lines.length) break;
      source = lines[lineNo]!;
      lineStart = 0;
      end = source.length;
    } else {
      if (next >= text.length) break;
      lineStart = next;
      end = text.indexOf("\n", next);
      if (end < 0) end = text.length;
      next = end + 1;
    }
    lineNo++;
    where = undefined;
    start = lineStart;
    while (start < end && isPySpace(source.charCodeAt(start))) start++;
    while (end > start && isPySpace(source.charCodeAt(end - 1))) end--;
    if (start === end) continue;
    const first = source.charCodeAt(start);
    if (first === 0x23 || first === 0x3b) continue; // `#`, `;`
    if (kind === "hosts" && first !== 0x5b) {
      group ??= inventory.groups.get(groupName)!;
      parseHostLine(source, start, end, group, inventory, at, options, words, recentKeys);
      continue;
    }
    line = source.slice(start, end);

    // Only a line starting with `[` can be a section header (or a malformed one).
    if (first === 0x5b) {
      const section = SECTION.exec(line);
      if (section) {
        // Ansible transforms section names, not the names listed under [x:children].
        groupName = inventory.safeGroupName(section[1]!);
        group = undefined;
        kind = section[2] ?? "hosts";
        if (!SECTION_KINDS.has(kind)) {
          fail(`Section [${groupName}:${kind}] has unknown type: ${kind}`);
        }
        if (!inventory.groups.has(groupName)) {
          if (kind === "vars" && !pending.has(groupName)) {
            pending.set(groupName, {
              line: lineNo,
              column: at().column!,
              kind: "vars",
              parents: [],
            });
          }
          inventory.addGroup(groupName, at());
        }
        const declared = pending.get(groupName);
        if (declared && kind !== "vars") {
          if (declared.kind === "children") {
            addPendingChildren(groupName, pending, inventory, at());
          } else pending.delete(groupName);
        }
        continue;
      }
      if (line.endsWith("]")) {
        fail(
          `Invalid section entry: '${line}'. Please make sure that there are no spaces in the section entry, and that there are no other invalid characters`,
        );
      }
    }

    if (kind === "hosts") {
      group ??= inventory.groups.get(groupName)!;
      parseHostLine(line, 0, line.length, group, inventory, at, options, words, recentKeys);
    } else if (kind === "vars") {
      const eq = line.indexOf("=");
      if (eq < 0) fail(`Expected key=value, got: ${line}`);
      const key = pyStrip(line.slice(0, eq));
      const value = parseValue(pyStrip(line.slice(eq + 1)), at);
      withLocation(at(), () => {
        inventory.setGroupVariable(
          inventory.groups.get(groupName)!,
          key,
          value,
          options.trackOrigins ? at() : undefined,
        );
      });
    } else {
      const match = GROUP_NAME.exec(line);
      if (!match) fail(`Expected group name, got: ${line}`);
      const child = match![1]!;
      if (!inventory.groups.has(child)) {
        const declared = pending.get(child);
        if (declared) declared.parents.push(groupName);
        else {
          pending.set(child, {
            line: lineNo,
            column: at().column!,
            kind: "children",
            parents: [groupName],
          });
        }
      } else {
        withLocation(at(), () => inventory.addChild(groupName, child, at()));
      }
    }
  }

  for (const [name, declared] of pending) {
    const where = { file, line: declared.line, column: declared.column };
    if (declared.kind === "vars") {
      throw new InventorySyntaxError(
        `Section [${name}:vars] not valid for undefined group: ${name}`,
        where,
      );
    }
    throw new InventorySyntaxError(
      `Section [${declared.parents.at(-1)}:children] includes undefined group: ${name}`,
      where,
    );
  }
}

/** Links a group that was named under `[p:children]` before it was declared. */
function addPendingChildren(
  group: string,
  pending: Map<string, Pending>,
  inventory: Inventory,
  where: Location,
): void {
  for (const parent of pending.get(group)!.parents) {
    withLocation(where, () => inventory.addChild(parent, group, where));
    const parentPending = pending.get(parent);
    if (parentPending && parentPending.kind === "children") {
      addPendingChildren(parent, pending, inventory, where);
    }
  }
  pending.delete(group);
}

/** Lines with more variables than this find repeated names with a map rather than a scan. */
const FEW_VARIABLES = 16;

/** shlex's POSIX white space. */
function isShlexSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * The shell words of a host line, each as a piece of a string (`source`, `start`, `end`).
 * Most lines have no quotes, escapes or comments: their words are found in the line
 * itself and never copied, which matters on 50k-host inventories. One instance serves a
 * whole file.
 */
class HostWords {
  count = 0;
  readonly sources: string[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  /** Room for a line's variables (see parseHostLine). */
  readonly keys: string[] = [];
  readonly values: PyValue[] = [];

  /** Splits `source[start, end)` as shlexSplit() does; throws what it throws. */
  split(source: string, start: number, end: number): void {
    this.count = 0;
    let i = start;
    for (;;) {
      while (i < end && isShlexSpace(source.charCodeAt(i))) i++;
      if (i >= end) return;
      const word = i;
      for (; i < end; i++) {
        const c = source.charCodeAt(i);
        if (isShlexSpace(c)) break;
        if (c === 0x27 || c === 0x22 || c === 0x5c || c === 0x23) {
          // Quotes, escapes or a comment: shlex's own way, for the whole line.
          this.count = 0;
          const line = source.slice(start, end);
          for (const token of shlexSplit(line)) this.#add(token, 0, token.length);
          return;
        }
      }
      this.#add(source, word, i);
    }
  }

  #add(source: string, start: number, end: number): void {
    const k = this.count++;
    this.sources[k] = source;
    this.starts[k] = start;
    this.ends[k] = end;
  }

  /** Word `k` as a string. */
  text(k: number): string {
    const source = this.sources[k]!;
    const start = this.starts[k]!;
    const end = this.ends[k]!;
    return start === 0 && end === source.length ? source : source.slice(start, end);
  }
}

/** Parses the host line `source[start, end)`. */
function parseHostLine(
  source: string,
  start: number,
  end: number,
  group: Group,
  inventory: Inventory,
  at: () => Location,
  options: ParseOptions,
  words: HostWords,
  recentKeys: (string | undefined)[],
): void {
  try {
    words.split(source, start, end);
  } catch (error) {
    if (!(error instanceof ShlexError)) throw error;
    throw new InventorySyntaxError(
      `Error parsing host definition '${source.slice(start, end)}': ${error.message}`,
      at(),
    );
  }
  const pattern = words.count > 0 ? words.text(0) : "";
  // Most patterns are a plain host name, which expands to itself (`hosts` stays unset).
  let hosts: string[] | undefined;
  let port: number | undefined;
  if (!expandsToItself(pattern)) {
    try {
      ({ hosts, port } = expandHostPattern(pattern, options.maxRangeHosts));
      if (hosts.length === 0) inventory.warnings.add(emptyRangeWarning(pattern, at()));
    } catch (error) {
      if (!(error instanceof HostPatternError)) throw error;
      throw new InventorySyntaxError(
        `Cannot expand host pattern '${pattern}': ${error.message}`,
        at(),
      );
    }
  }
  if (port === undefined && pyStrip(pattern).endsWith(":")) {
    throw new InventorySyntaxError(
      `Invalid host pattern '${pattern}' supplied, ending in ':' is not allowed, this character is reserved to provide a port.`,
      at(),
    );
  }
  const hostCount = hosts ? hosts.length : 1;
  for (let i = 0; i < hostCount; i++) {
    if (pyStrip(hosts ? hosts[i]! : pattern) === "---") {
      throw new InventorySyntaxError(
        `Invalid host pattern '${pattern}' supplied, '---' is normally a sign this is a YAML file.`,
        at(),
      );
    }
  }
  // The line's variables as Ansible's dict holds them: a repeated name keeps its first
  // place and its last value, and only that value is ever set. The arrays are reused
  // from line to line; `count` of them are this line's.
  const { keys, values } = words;
  let count = 0;
  const index = words.count - 1 > FEW_VARIABLES ? new Map<string, number>() : undefined;
  // The last value that stayed text, as it was written: `ip=X access_ip=X` keeps one X.
  let lastText: string | undefined;
  for (let t = 1; t < words.count; t++) {
    const word = words.sources[t]!;
    const wordStart = words.starts[t]!;
    const wordEnd = words.ends[t]!;
    // Host lines tend to repeat the names of the line before, in the same places: reusing
    // that name saves a copy per variable, kept as long as the inventory.
    let key = recentKeys[t];
    let eq: number;
    if (
      key !== undefined && wordStart + key.length < wordEnd &&
      word.charCodeAt(wordStart + key.length) === 0x3d && word.startsWith(key, wordStart)
    ) eq = wordStart + key.length;
    else {
      eq = word.indexOf("=", wordStart);
      if (eq < 0 || eq >= wordEnd) {
        throw new InventorySyntaxError(
          `Expected key=value host variable assignment, got: ${words.text(t)}`,
          at(),
        );
      }
      key = word.slice(wordStart, eq);
      recentKeys[t] = key;
    }
    let value: PyValue;
    if (
      lastText !== undefined && lastText.length === wordEnd - eq - 1 &&
      word.startsWith(lastText, eq + 1)
    ) value = lastText;
    else {
      const text = word.slice(eq + 1, wordEnd);
      value = parseValue(text, at);
      lastText = value === text ? text : undefined;
    }
    let seen = -1;
    if (index) seen = index.get(key) ?? -1;
    else for (let k = 0; k < count && seen < 0; k++) if (keys[k] === key) seen = k;
    if (seen >= 0) values[seen] = value;
    else {
      index?.set(key, count);
      keys[count] = key;
      values[count++] = value;
    }
  }
  const origin = options.trackOrigins ? at() : undefined;
  try {
    for (let i = 0; i < hostCount; i++) {
      const name = hosts ? hosts[i]! : pattern;
      // A known host keeps its first origin: no location is needed for it.
      const host = inventory.addHost(
        name,
        group,
        port,
        inventory.hosts.has(name) ? undefined : at(),
      );
      for (let k = 0; k < count; k++) {
        inventory.setHostVariable(host, keys[k]!, values[k]!, origin);
      }
    }
  } catch (error) {
    // As withLocation(), without a closure per line.
    if (error instanceof InventoryError && error.location === undefined) {
      throw new InventoryError(error.message, at());
    }
    throw error;
  }
}

/** A value typed the way Ansible types INI values: a Python literal, else the text itself. */
function parseValue(text: string, at: () => Location): PyValue {
  try {
    const value = literalEval(text);
    return value === undefined ? text : value;
  } catch (error) {
    if (error instanceof TypeError) {
      throw new InventorySyntaxError(
        `Value ${
          JSON.stringify(text)
        } is a Python literal that Ansible cannot use: ${error.message}`,
        at(),
      );
    }
    throw error;
  }
}

/** A range such as `node[3:1]` is empty in Ansible: the line adds nothing, which is worth saying. */
export function emptyRangeWarning(pattern: string, where: Location): string {
  return `${
    formatLocation(where)
  }: host pattern '${pattern}' expands to no hosts (a range runs from the lower to the higher bound), so it adds nothing`;
}
