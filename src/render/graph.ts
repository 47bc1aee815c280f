/**
 * `--graph [GROUP] [--vars]`: the group tree as text (spec §8.4). A group reachable
 * through two parents is printed under both.
 *
 * @module
 */

import type { Group } from "../inventory/model.ts";
import { pyStr } from "../values/py_str.ts";
import { InventoryError } from "../errors.ts";
import type { PyDict, PyKey } from "../values/types.ts";
import { sortPyKeys, UnsortableKeysError } from "../values/json.ts";

/** What {@linkcode renderGraph} needs to print variables (`--vars`). */
export interface GraphVars {
  /** A host's variables (the `--host` view). */
  readonly host: (name: string) => PyDict;
  /** A group's own variables (the `--export` view). */
  readonly group: (group: Group) => PyDict;
}

/** The graph text starting at `root`, without the final newline. */
export function renderGraph(root: Group, vars?: GraphVars): string {
  const lines: string[] = [];
  const line = (text: string, depth: number) =>
    lines.push(depth > 0 ? "  |".repeat(depth) + "--" + text : text);
  const showVars = (dict: PyDict, depth: number, owner: string) => {
    let keys: PyKey[];
    try {
      keys = sortPyKeys(dict.keys());
    } catch (error) {
      if (!(error instanceof UnsortableKeysError)) throw error;
      // Ansible sorts them unguarded here and stops with an unexpected exception.
      throw new InventoryError(
        `--graph --vars cannot order the variable names of ${owner}: ${error.message} (ansible-inventory stops here too)`,
      );
    }
    for (const key of keys) {
      const text = typeof key === "string" ? key : pyStr(key);
      line(`{${text} = ${pyStr(dict.get(key)!)}}`, depth);
    }
  };
  const visit = (group: Group, depth: number) => {
    line(`@${group.name}:`, depth);
    for (const child of group.children) visit(child, depth + 1);
    if (group.name !== "all") {
      for (const host of group.hosts) {
        line(host.name, depth + 1);
        if (vars) showVars(vars.host(host.name), depth + 2, `host "${host.name}"`);
      }
    }
    if (vars) showVars(vars.group(group), depth + 1, `group "${group.name}"`);
  };
  visit(root, 0);
  return lines.join("\n");
}
