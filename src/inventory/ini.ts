/**
 * Ansible's INI inventory dialect (spec §3). Not INI in the usual sense: host lines
 * are shell-tokenised, values are typed with Python's `ast.literal_eval`, and
 * `[group:children]` may name groups declared further down.
 *
 * @module
 */

import { formatLocation, InventorySyntaxError, type Location, withLocation } from "../errors.ts";
import { literalEval } from "../values/literal_eval.ts";
import type { PyValue } from "../values/types.ts";
import { expandHostPattern, HostPatternError } from "./host_pattern.ts";
import type { Inventory } from "./model.ts";
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
  let groupName = "ungrouped";
  let kind = "hosts";
  let lineNo = 0;
  let raw = "";
  let line = "";
  // The column is where the line's content starts (computed only when needed).
  const at = (): Location => ({ file, line: lineNo, column: raw.indexOf(line) + 1 });
  const fail = (message: string): never => {
    throw new InventorySyntaxError(message, at());
  };

  for (raw of lines) {
    lineNo++;
    line = pyStrip(raw);
    if (line === "" || line[0] === "#" || line[0] === ";") continue;

    const section = SECTION.exec(line);
    if (section) {
      // Ansible transforms section names, not the names listed under [x:children].
      groupName = inventory.safeGroupName(section[1]!);
      kind = section[2] ?? "hosts";
      if (!SECTION_KINDS.has(kind)) {
        fail(`Section [${groupName}:${kind}] has unknown type: ${kind}`);
      }
      if (!inventory.groups.has(groupName)) {
        if (kind === "vars" && !pending.has(groupName)) {
          pending.set(groupName, { line: lineNo, column: at().column!, kind: "vars", parents: [] });
        }
        inventory.addGroup(groupName, at());
      }
      const declared = pending.get(groupName);
      if (declared && kind !== "vars") {
        if (declared.kind === "children") addPendingChildren(groupName, pending, inventory, at());
        else pending.delete(groupName);
      }
      continue;
    }
    if (line.startsWith("[") && line.endsWith("]")) {
      fail(
        `Invalid section entry: '${line}'. Please make sure that there are no spaces in the section entry, and that there are no other invalid characters`,
      );
    }

    if (kind === "hosts") {
      parseHostLine(line, groupName, inventory, at(), options);
    } else if (kind === "vars") {
      const eq = line.indexOf("=");
      if (eq < 0) fail(`Expected key=value, got: ${line}`);
      const key = pyStrip(line.slice(0, eq));
      const value = parseValue(pyStrip(line.slice(eq + 1)), at());
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

function parseHostLine(
  line: string,
  groupName: string,
  inventory: Inventory,
  where: Location,
  options: ParseOptions,
): void {
  let tokens: string[];
  try {
    tokens = shlexSplit(line);
  } catch (error) {
    if (!(error instanceof ShlexError)) throw error;
    throw new InventorySyntaxError(
      `Error parsing host definition '${line}': ${error.message}`,
      where,
    );
  }
  const pattern = tokens[0] ?? "";
  let hosts: string[];
  let port: number | undefined;
  try {
    ({ hosts, port } = expandHostPattern(pattern, options.maxRangeHosts));
    if (hosts.length === 0) inventory.warnings.add(emptyRangeWarning(pattern, where));
  } catch (error) {
    if (!(error instanceof HostPatternError)) throw error;
    throw new InventorySyntaxError(
      `Cannot expand host pattern '${pattern}': ${error.message}`,
      where,
    );
  }
  if (pyStrip(pattern).endsWith(":") && port === undefined) {
    throw new InventorySyntaxError(
      `Invalid host pattern '${pattern}' supplied, ending in ':' is not allowed, this character is reserved to provide a port.`,
      where,
    );
  }
  if (hosts.some((host) => pyStrip(host) === "---")) {
    throw new InventorySyntaxError(
      `Invalid host pattern '${pattern}' supplied, '---' is normally a sign this is a YAML file.`,
      where,
    );
  }
  const variables = new Map<string, PyValue>();
  for (const token of tokens.slice(1)) {
    const eq = token.indexOf("=");
    if (eq < 0) {
      throw new InventorySyntaxError(
        `Expected key=value host variable assignment, got: ${token}`,
        where,
      );
    }
    variables.set(token.slice(0, eq), parseValue(token.slice(eq + 1), where));
  }
  const group = inventory.groups.get(groupName)!;
  const origin = options.trackOrigins ? where : undefined;
  withLocation(where, () => {
    for (const name of hosts) {
      const host = inventory.addHost(name, group, port, where);
      for (const [key, value] of variables) inventory.setHostVariable(host, key, value, origin);
    }
  });
}

/** A value typed the way Ansible types INI values: a Python literal, else the text itself. */
function parseValue(text: string, where: Location): PyValue {
  try {
    const value = literalEval(text);
    return value === undefined ? text : value;
  } catch (error) {
    if (error instanceof TypeError) {
      throw new InventorySyntaxError(
        `Value ${
          JSON.stringify(text)
        } is a Python literal that Ansible cannot use: ${error.message}`,
        where,
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
