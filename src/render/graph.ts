/**
 * `--graph [GROUP] [--vars]`: the group tree as text (spec §8.4). A group reachable
 * through two parents is printed under both.
 *
 * @module
 */

import type { Group } from "../inventory/model.ts";
import { pyStr } from "../values/py_str.ts";
import type { PyDict } from "../values/types.ts";
import { compareCodePoints } from "../values/order.ts";

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
  const showVars = (dict: PyDict, depth: number) => {
    const keys = [...dict.keys()].map((key) =>
      [typeof key === "string" ? key : pyStr(key), key] as const
    )
      .sort(([a], [b]) => compareCodePoints(a, b));
    for (const [text, key] of keys) line(`{${text} = ${pyStr(dict.get(key)!)}}`, depth);
  };
  const visit = (group: Group, depth: number) => {
    line(`@${group.name}:`, depth);
    for (const child of group.children) visit(child, depth + 1);
    if (group.name !== "all") {
      for (const host of group.hosts) {
        line(host.name, depth + 1);
        if (vars) showVars(vars.host(host.name), depth + 2);
      }
    }
    if (vars) showVars(vars.group(group), depth + 1);
  };
  visit(root, 0);
  return lines.join("\n");
}
