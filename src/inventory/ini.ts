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
import { expandHostPattern, HostPatternError } from "./host_pattern.ts";
import type { Group, Inventory } from "./model.ts";
import { pySplitLines, pyStrip } from "./py_text.ts";
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
  const lines = pySplitLines(text);
  const pending = new Map<string, Pending>();
  const words = new HostWords();
  // Variable names of earlier host lines by word position (see parseHostLine).
  const recentKeys: (string | undefined)[] = [];
  let groupName = "ungrouped";
  let group: Group | undefined;
  let kind = "hosts";
  let lineNo = 0;
  let raw = "";
  let line = "";
  // The line's location, made when first needed: most host lines never need it. The
  // column is where the line's content starts.
  let where: Location | undefined;
  const at = (): Location => where ??= { file, line: lineNo, column: raw.indexOf(line) + 1 };
  const fail = (message: string): never => {
    throw new InventorySyntaxError(message, at());
  };

  for (raw of lines) {
    lineNo++;
    where = undefined;
    line = pyStrip(raw);
    if (line === "" || line[0] === "#" || line[0] === ";") continue;

    // Only a line starting with `[` can be a section header (or a malformed one).
    if (line[0] === "[") {
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
      parseHostLine(line, group, inventory, at, options, words, recentKeys);
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

/** What makes shlex do more than split at white space. */
const SHLEX_SPECIAL = /['"\\#]/;

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

  /** Splits `line` as shlexSplit() does; throws what it throws. */
  split(line: string): void {
    this.count = 0;
    if (SHLEX_SPECIAL.test(line)) {
      for (const token of shlexSplit(line)) this.#add(token, 0, token.length);
      return;
    }
    const n = line.length;
    let i = 0;
    for (;;) {
      while (i < n && isShlexSpace(line.charCodeAt(i))) i++;
      if (i >= n) return;
      const start = i;
      while (i < n && !isShlexSpace(line.charCodeAt(i))) i++;
      this.#add(line, start, i);
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

function parseHostLine(
  line: string,
  group: Group,
  inventory: Inventory,
  at: () => Location,
  options: ParseOptions,
  words: HostWords,
  recentKeys: (string | undefined)[],
): void {
  try {
    words.split(line);
  } catch (error) {
    if (!(error instanceof ShlexError)) throw error;
    throw new InventorySyntaxError(
      `Error parsing host definition '${line}': ${error.message}`,
      at(),
    );
  }
  const pattern = words.count > 0 ? words.text(0) : "";
  let hosts: string[];
  let port: number | undefined;
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
  if (port === undefined && pyStrip(pattern).endsWith(":")) {
    throw new InventorySyntaxError(
      `Invalid host pattern '${pattern}' supplied, ending in ':' is not allowed, this character is reserved to provide a port.`,
      at(),
    );
  }
  for (const host of hosts) {
    if (pyStrip(host) === "---") {
      throw new InventorySyntaxError(
        `Invalid host pattern '${pattern}' supplied, '---' is normally a sign this is a YAML file.`,
        at(),
      );
    }
  }
  // The line's variables as Ansible's dict holds them: a repeated name keeps its first
  // place and its last value, and only that value is ever set.
  const keys: string[] = [];
  const values: PyValue[] = [];
  const index = words.count - 1 > FEW_VARIABLES ? new Map<string, number>() : undefined;
  for (let t = 1; t < words.count; t++) {
    const source = words.sources[t]!;
    const start = words.starts[t]!;
    const end = words.ends[t]!;
    // Host lines tend to repeat the names of the line before, in the same places: reusing
    // that name saves a copy per variable, kept as long as the inventory.
    let key = recentKeys[t];
    let eq: number;
    if (
      key !== undefined && start + key.length < end &&
      source.charCodeAt(start + key.length) === 0x3d && source.startsWith(key, start)
    ) eq = start + key.length;
    else {
      eq = source.indexOf("=", start);
      if (eq < 0 || eq >= end) {
        throw new InventorySyntaxError(
          `Expected key=value host variable assignment, got: ${words.text(t)}`,
          at(),
        );
      }
      key = source.slice(start, eq);
      recentKeys[t] = key;
    }
    const value = parseValue(source.slice(eq + 1, end), at);
    const seen = index ? index.get(key) ?? -1 : keys.indexOf(key);
    if (seen >= 0) values[seen] = value;
    else {
      index?.set(key, keys.length);
      keys.push(key);
      values.push(value);
    }
  }
  const origin = options.trackOrigins ? at() : undefined;
  try {
    for (const name of hosts) {
      // A known host keeps its first origin: no location is needed for it.
      const host = inventory.addHost(
        name,
        group,
        port,
        inventory.hosts.has(name) ? undefined : at(),
      );
      for (let k = 0; k < keys.length; k++) {
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
