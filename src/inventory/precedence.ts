/**
 * Ansible's variable precedence for inventory variables (spec §7): what
 * `ansible-inventory --host` prints for a host, and what `--list --export` prints for
 * groups and hosts. Dicts are replaced, never merged (`hash_behaviour = replace`).
 *
 * @module
 */

import type { Location } from "../errors.ts";
import type { PyDict, PyValue } from "../values/types.ts";
import { compareCodePoints } from "../values/order.ts";
import { type Group, type Host, hostGroupClosure, type Inventory } from "./model.ts";
import type { VarsDir } from "./vars_files.ts";

/** Variables Ansible sets itself; `ansible-inventory` 2.14 never prints them. */
export const INTERNAL_VARS: ReadonlySet<string> = new Set([
  "ansible_diff_mode",
  "ansible_config_file",
  "ansible_facts",
  "ansible_forks",
  "ansible_inventory_sources",
  "ansible_limit",
  "ansible_playbook_python",
  "ansible_run_tags",
  "ansible_skip_tags",
  "ansible_verbosity",
  "ansible_version",
  "inventory_dir",
  "inventory_file",
  "inventory_hostname",
  "inventory_hostname_short",
  "groups",
  "group_names",
  "omit",
  "playbook_dir",
]);

/** Where vars files are read from, in Ansible's two tiers. */
export interface VarsDirs {
  /** Beside each inventory source, in source order. */
  readonly inventory: readonly VarsDir[];
  /** The playbook directory (for `ansible-inventory`, the current directory). */
  readonly playbook: readonly VarsDir[];
}

/** Where a variable's winning value came from. */
export interface VarOrigin {
  /** The precedence layer, e.g. `group "etcd" (inventory)` or `host_vars file`. */
  readonly layer: string;
  /** The file (and line) that set it, when known. */
  readonly location?: Location;
}

/** Groups in the order their variables apply: (depth, priority, name), `all` excluded. */
export function sortGroups(groups: Iterable<Group>): Group[] {
  return [...groups].sort((a, b) =>
    a.depth - b.depth || a.priority - b.priority || compareCodePoints(a.name, b.name)
  );
}

/**
 * Computes every host's variables. Hosts that share the same set of groups share the
 * group layers, which are computed once.
 */
export class HostVarsResolver {
  readonly #groupLayerCache = new Map<string, PyDict>();
  readonly #sortedGroupsCache = new Map<string, Group[]>();

  /**
   * @param inventory a reconciled inventory
   * @param dirs the vars directories to apply
   */
  constructor(readonly inventory: Inventory, readonly dirs: VarsDirs) {}

  /** The groups whose variables apply to `host`, lowest precedence first (`all` excluded). */
  groupsOf(host: Host): Group[] {
    const key = host.groups.map((g) => g.name).join("\0");
    let sorted = this.#sortedGroupsCache.get(key);
    if (!sorted) {
      const all = this.inventory.all;
      sorted = sortGroups([...hostGroupClosure(host)].filter((g) => g !== all));
      this.#sortedGroupsCache.set(key, sorted);
    }
    return sorted;
  }

  /** The host's effective variables, as `ansible-inventory --host` prints them. */
  resolve(host: Host): PyDict {
    const groups = this.groupsOf(host);
    const key = groups.map((g) => g.name).join("\0");
    let groupLayer = this.#groupLayerCache.get(key);
    if (!groupLayer) {
      groupLayer = new Map();
      for (const [name, value, _origin] of this.#groupLayers(groups)) groupLayer.set(name, value);
      this.#groupLayerCache.set(key, groupLayer);
    }
    const result: PyDict = new Map(groupLayer);
    for (const [name, value] of this.#hostLayers(host)) result.set(name, value);
    for (const name of INTERNAL_VARS) result.delete(name);
    return result;
  }

  /** Like {@linkcode resolve}, also saying where each winning value came from. */
  resolveWithOrigins(host: Host): { vars: PyDict; origins: Map<string, VarOrigin> } {
    const vars: PyDict = new Map();
    const origins = new Map<string, VarOrigin>();
    const layers = [...this.#groupLayers(this.groupsOf(host)), ...this.#hostLayers(host)];
    for (const [name, value, origin] of layers) {
      vars.set(name, value);
      origins.set(name, origin);
    }
    for (const name of INTERNAL_VARS) {
      vars.delete(name);
      origins.delete(name);
    }
    return { vars, origins };
  }

  *#groupLayers(groups: Group[]): Generator<[string, PyValue, VarOrigin]> {
    const all = this.inventory.all;
    yield* fromGroup(all);
    for (const group of groups) yield* fromGroup(group);
    for (const dir of this.dirs.inventory) yield* fromFiles(dir, "group_vars", "all");
    for (const dir of this.dirs.playbook) yield* fromFiles(dir, "group_vars", "all");
    for (const dir of this.dirs.inventory) {
      for (const group of groups) yield* fromFiles(dir, "group_vars", group.name);
    }
    for (const dir of this.dirs.playbook) {
      for (const group of groups) yield* fromFiles(dir, "group_vars", group.name);
    }
  }

  *#hostLayers(host: Host): Generator<[string, PyValue, VarOrigin]> {
    for (const [name, value] of host.vars) {
      const location = host.varOrigins.get(name as string);
      yield [
        name as string,
        value,
        { layer: `host "${host.name}" (inventory)`, ...(location ? { location } : {}) },
      ];
    }
    for (const dir of this.dirs.inventory) yield* fromFiles(dir, "host_vars", host.name);
    for (const dir of this.dirs.playbook) yield* fromFiles(dir, "host_vars", host.name);
  }
}

function* fromGroup(group: Group): Generator<[string, PyValue, VarOrigin]> {
  for (const [name, value] of group.vars) {
    const location = group.varOrigins.get(name as string);
    yield [
      name as string,
      value,
      { layer: `group "${group.name}" (inventory)`, ...(location ? { location } : {}) },
    ];
  }
}

function* fromFiles(
  dir: VarsDir,
  kind: "group_vars" | "host_vars",
  name: string,
): Generator<[string, PyValue, VarOrigin]> {
  const vars = kind === "group_vars" ? dir.groupVars(name) : dir.hostVars(name);
  if (vars.size === 0) return;
  const files = dir.files(kind, name);
  const origin: VarOrigin = {
    layer: `${kind}/${name}`,
    location: { file: files.length === 1 ? files[0]! : `${dir.base}/${kind}/${name}` },
  };
  for (const [key, value] of vars) yield [key as string, value, origin];
}

/** A group's variables as `--list --export` and `--graph --vars` print them. */
export function exportGroupVars(group: Group, dirs: VarsDirs): PyDict {
  const result: PyDict = new Map(group.vars);
  for (const dir of dirs.inventory) {
    for (const [key, value] of dir.groupVars(group.name)) result.set(key, value);
  }
  if (group.priority !== 1) result.set("ansible_group_priority", group.priority);
  for (const name of INTERNAL_VARS) result.delete(name);
  return result;
}

/** A host's own variables as `--list --export` prints them: no group variables. */
export function exportHostVars(host: Host, dirs: VarsDirs): PyDict {
  const result: PyDict = new Map(host.vars);
  for (const dir of dirs.inventory) {
    for (const [key, value] of dir.hostVars(host.name)) result.set(key, value);
  }
  for (const name of INTERNAL_VARS) result.delete(name);
  return result;
}
