/**
 * `--list --yaml`: the inventory as the nested YAML inventory format, as
 * `ansible-inventory --yaml` 2.14 prints it (spec §8.5): a group under two parents is
 * printed under both, a host's variables only where it first appears, and empty
 * groups as `{}`.
 *
 * @module
 */

import type { Group } from "../inventory/model.ts";
import type { PyDict, PyValue } from "../values/types.ts";
import { dumpYaml } from "./yaml.ts";

/** The YAML document for the tree under `root` (usually `all`). */
export function renderYamlInventory(
  root: Group,
  hostvars: ReadonlyMap<string, PyDict>,
  groupVars?: (group: Group) => PyDict,
): string {
  const seen = new Set<string>();
  const format = (group: Group): PyDict => {
    const entry: PyDict = new Map();
    const children: PyDict = new Map();
    for (const child of group.children) {
      if (child.name !== "all") children.set(child.name, format(child));
    }
    if (children.size > 0) entry.set("children", children);
    const hosts: PyDict = new Map();
    if (group.name !== "all") {
      for (const host of group.hosts) {
        let vars: PyValue = new Map();
        if (!seen.has(host.name)) {
          seen.add(host.name);
          vars = hostvars.get(host.name) ?? new Map();
        }
        hosts.set(host.name, vars);
      }
    }
    if (hosts.size > 0) entry.set("hosts", hosts);
    const vars = groupVars?.(group);
    if (vars && vars.size > 0) entry.set("vars", vars);
    return entry;
  };
  return dumpYaml(new Map([[root.name, format(root)]]));
}
