/**
 * `run_vars_plugins = start` (or the `host_group_vars` plugin's `stage` set to
 * `inventory` or `all`): Ansible's `parse_sources` runs the plugin once more right after
 * parsing and combines each group's and host's `group_vars/` and `host_vars/` (beside the
 * sources, not the playbook directory) into that group's or host's own variables. From
 * then on they are inventory variables: they take the inventory's place in the
 * precedence and in `--export`.
 *
 * @module
 */

import type { Inventory } from "../inventory/model.ts";
import type { VarsDir } from "../inventory/vars_files.ts";
import type { PyDict, PyKey } from "../values/types.ts";
import { type CombineVars, foldVars } from "./hash_behaviour.ts";

/**
 * Combines `group_vars/` and `host_vars/` beside the sources into every group's and
 * host's own variables, as Ansible's `parse_sources` does at the `inventory` stage.
 *
 * @param inventory the reconciled inventory
 * @param dirs the vars directories beside the sources, in source order
 * @param combine `hash_behaviour`'s combination
 */
export function foldVarsAtParse(
  inventory: Inventory,
  dirs: readonly VarsDir[],
  combine: CombineVars,
): void {
  if (dirs.length === 0) return;
  for (const group of inventory.groups.values()) {
    const data = foldVars(dirs.map((dir) => dir.groupVars(group.name)), combine);
    if (data.size === 0) continue;
    replaceContents(group.vars, combine(group.vars, data));
    noteOrigins(group.varOrigins, data, dirs, "group_vars", group.name);
  }
  for (const host of inventory.hosts.values()) {
    const data = foldVars(dirs.map((dir) => dir.hostVars(host.name)), combine);
    if (data.size === 0) continue;
    replaceContents(host.vars, combine(host.vars, data));
    noteOrigins(host.varOrigins, data, dirs, "host_vars", host.name);
  }
}

function replaceContents(target: PyDict, from: PyDict): void {
  if (target === from) return;
  target.clear();
  for (const [key, value] of from) target.set(key, value);
}

function noteOrigins(
  origins: Map<PyKey, { file: string }>,
  data: PyDict,
  dirs: readonly VarsDir[],
  kind: "group_vars" | "host_vars",
  name: string,
): void {
  const files = dirs.flatMap((dir) => dir.files(kind, name));
  const file = files.length === 1 ? files[0]! : `${kind}/${name}`;
  for (const key of data.keys()) origins.set(key, { file });
}
