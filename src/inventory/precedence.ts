/**
 * Ansible's variable precedence for inventory variables (spec §7): what
 * `ansible-inventory --host` prints for a host, and what `--list --export` prints for
 * groups and hosts. Dicts are replaced (`hash_behaviour = replace`, the default) or
 * deep-merged (`merge`, given as `combine`); the group layers apply in the order of the
 * `precedence` setting.
 *
 * @module
 */

import { InventoryError, type Location } from "../errors.ts";
import type { PyDict, PyValue } from "../values/types.ts";
import { compareCodePoints } from "../values/order.ts";
import { type Group, type Host, hostGroupClosure, type Inventory } from "./model.ts";
import type { VarsDir } from "./vars_files.ts";
import { type CombineVars, foldVars } from "../config/hash_behaviour.ts";
import { PRECEDENCE_ENTRIES } from "../config/settings.ts";

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
  /**
   * The playbook directory when it was named explicitly (`--playbook-dir`,
   * `playbook_dir`): only then do `--export` views include its files, as in Ansible.
   */
  readonly exported?: readonly VarsDir[];
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

/** A host's variables in two layers (see {@linkcode HostVarsResolver.layers}). */
export interface VarLayers {
  /** What the host's groups give, internal names left out; shared by hosts with the same groups. */
  readonly group: PyDict;
  /** Names {@linkcode group}: equal ids, the same object. */
  readonly groupId: number;
  /** What the host itself gives (inventory, then `host_vars/` files); wins over {@linkcode group}. */
  readonly own: PyDict;
}

interface HostMemo {
  /** The host's direct groups when this was made. */
  readonly direct: readonly Group[];
  readonly sorted: Group[];
  layer: PyDict | undefined;
}

function sameGroups(a: readonly Group[], b: readonly Group[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function hasInternal(vars: PyDict): boolean {
  if (vars.size === 0) return false;
  for (const name of INTERNAL_VARS) if (vars.has(name)) return true;
  return false;
}

/** Ansible settings that change how variables combine. */
export interface ResolverOptions {
  /** `precedence`: the group layers in the order they apply. @default {PRECEDENCE_ENTRIES} */
  readonly precedence?: readonly string[];
  /** `hash_behaviour = merge`: how layers combine. @default replace */
  readonly combine?: CombineVars;
}

/**
 * Computes every host's variables. Hosts that share the same set of groups share the
 * group layers, which are computed once.
 */
export class HostVarsResolver {
  readonly #groupLayerCache = new Map<string, PyDict>();
  readonly #sortedGroupsCache = new Map<string, Group[]>();
  readonly #hostMemo = new WeakMap<Host, HostMemo>();
  /** Per group layer: the same without internal names, and a number naming it. */
  readonly #sharedLayers = new Map<PyDict, { vars: PyDict; id: number }>();

  /**
   * @param inventory a reconciled inventory
   * @param dirs the vars directories to apply
   * @param options `precedence` and `hash_behaviour`
   */
  constructor(
    readonly inventory: Inventory,
    readonly dirs: VarsDirs,
    readonly options: ResolverOptions = {},
  ) {}

  /** The groups whose variables apply to `host`, lowest precedence first (`all` excluded). */
  groupsOf(host: Host): Group[] {
    return this.#memo(host).sorted;
  }

  /**
   * What is known of the host's groups, remembered per host while its direct groups stay
   * the same (groups can still be added after the resolver is made: Kubespray's aliases).
   */
  #memo(host: Host): HostMemo {
    let memo = this.#hostMemo.get(host);
    if (memo === undefined || !sameGroups(memo.direct, host.groups)) {
      const key = host.groups.map((g) => g.name).join("\0");
      let sorted = this.#sortedGroupsCache.get(key);
      if (!sorted) {
        const all = this.inventory.all;
        sorted = sortGroups([...hostGroupClosure(host)].filter((g) => g !== all));
        this.#sortedGroupsCache.set(key, sorted);
      }
      memo = { direct: [...host.groups], sorted, layer: undefined };
      this.#hostMemo.set(host, memo);
    }
    return memo;
  }

  /** The host's effective variables, as `ansible-inventory --host` prints them. */
  resolve(host: Host): PyDict {
    const groupLayer = this.#groupLayer(host);
    if (this.options.combine) return this.#mergedHostLayers(host, groupLayer, this.options.combine);
    const result: PyDict = new Map(groupLayer);
    for (const [name, value] of this.#hostLayers(host)) result.set(name, value);
    for (const name of INTERNAL_VARS) result.delete(name);
    return result;
  }

  /**
   * The host's variables as two layers, without copying either: what its groups give
   * (one object shared by every host with the same groups) and what the host itself
   * gives, which wins. `resolve()` is their union. Large inventories are printed from
   * the layers: most of a host's variables are its groups', and those are written once.
   *
   * @returns the layers; `undefined` when dicts merge (`hash_behaviour = merge`), where
   *   a key can take its value from both
   */
  layers(host: Host): VarLayers | undefined {
    if (this.options.combine) return undefined;
    const group = this.#groupLayer(host);
    const shared = this.#sharedLayers.get(group);
    let own: PyDict = host.vars;
    let copied = false;
    for (const dirs of [this.dirs.inventory, this.dirs.playbook]) {
      for (const dir of dirs) {
        const files = dir.hostVars(host.name);
        if (files.size === 0) continue;
        if (!copied) own = new Map(own);
        copied = true;
        for (const [name, value] of files) own.set(name, value);
      }
    }
    if (hasInternal(own)) {
      if (!copied) own = new Map(own);
      for (const name of INTERNAL_VARS) own.delete(name);
    }
    return { group: shared!.vars, groupId: shared!.id, own };
  }

  /** The group layer of a host, from the cache; `layers()` also needs it without internal names. */
  #groupLayer(host: Host): PyDict {
    const memo = this.#memo(host);
    if (memo.layer !== undefined) return memo.layer;
    const groups = memo.sorted;
    const key = groups.map((g) => g.name).join("\0");
    let groupLayer = this.#groupLayerCache.get(key);
    if (!groupLayer) {
      groupLayer = new Map();
      if (this.options.combine) {
        groupLayer = this.#mergedGroupLayers(groups, this.options.combine);
      } else {
        for (const [name, value, _origin] of this.#groupLayers(groups)) groupLayer.set(name, value);
        let visible = groupLayer;
        if (hasInternal(groupLayer)) {
          visible = new Map(groupLayer);
          for (const name of INTERNAL_VARS) visible.delete(name);
        }
        this.#sharedLayers.set(groupLayer, { vars: visible, id: this.#sharedLayers.size });
      }
      this.#groupLayerCache.set(key, groupLayer);
    }
    memo.layer = groupLayer;
    return groupLayer;
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
    return { vars: this.options.combine ? this.resolve(host) : vars, origins };
  }

  /** Each group layer as one dict, nested as Ansible combines them (for `merge`). */
  #mergedGroupLayers(groups: Group[], combine: CombineVars): PyDict {
    const files = (dirs: readonly VarsDir[], names: string[]) =>
      foldVars(
        dirs.map((dir) => foldVars(names.map((name) => dir.groupVars(name)), combine)),
        combine,
      );
    const names = groups.map((group) => group.name);
    let result: PyDict = new Map();
    for (const entry of this.options.precedence ?? PRECEDENCE_ENTRIES) {
      let layer: PyDict;
      if (entry === "all_inventory") layer = this.inventory.all.vars;
      else if (entry === "groups_inventory") layer = foldVars(groups.map((g) => g.vars), combine);
      else if (entry === "all_plugins_inventory") layer = files(this.dirs.inventory, ["all"]);
      else if (entry === "all_plugins_play") layer = files(this.dirs.playbook, ["all"]);
      else if (entry === "groups_plugins_inventory") layer = files(this.dirs.inventory, names);
      else if (entry === "groups_plugins_play") layer = files(this.dirs.playbook, names);
      else {
        this.#unknownEntry(entry);
        continue;
      }
      result = combine(result, layer);
    }
    return result;
  }

  #mergedHostLayers(host: Host, groupLayer: PyDict, combine: CombineVars): PyDict {
    const files = (dirs: readonly VarsDir[]) =>
      foldVars(dirs.map((d) => d.hostVars(host.name)), combine);
    let result = combine(groupLayer, host.vars);
    result = combine(result, files(this.dirs.inventory));
    result = combine(result, files(this.dirs.playbook));
    if (result === groupLayer) result = new Map(result);
    for (const name of INTERNAL_VARS) result.delete(name);
    return result;
  }

  /** An entry of `precedence` Ansible does not know: warned about and skipped, as Ansible does. */
  #unknownEntry(entry: string): void {
    if (entry === "plugins_by_group") {
      // Listed as allowed, but no such function exists: Ansible 2.14 stops with a KeyError.
      throw new InventoryError(
        "The variable precedence entry 'plugins_by_group' makes Ansible 2.14 stop (Unexpected Exception: 'plugins_by_group'); remove it from the precedence setting",
      );
    }
    this.inventory.warnings.add(`Ignoring unknown variable precedence entry: ${entry}`);
  }

  *#groupLayers(groups: Group[]): Generator<[string, PyValue, VarOrigin]> {
    const all = this.inventory.all;
    for (const entry of this.options.precedence ?? PRECEDENCE_ENTRIES) {
      if (entry === "all_inventory") yield* fromGroup(all);
      else if (entry === "groups_inventory") {
        for (const group of groups) yield* fromGroup(group);
      } else if (entry === "all_plugins_inventory") {
        for (const dir of this.dirs.inventory) yield* fromFiles(dir, "group_vars", "all");
      } else if (entry === "all_plugins_play") {
        for (const dir of this.dirs.playbook) yield* fromFiles(dir, "group_vars", "all");
      } else if (entry === "groups_plugins_inventory") {
        for (const dir of this.dirs.inventory) {
          for (const group of groups) yield* fromFiles(dir, "group_vars", group.name);
        }
      } else if (entry === "groups_plugins_play") {
        for (const dir of this.dirs.playbook) {
          for (const group of groups) yield* fromFiles(dir, "group_vars", group.name);
        }
      } else this.#unknownEntry(entry);
    }
  }

  *#hostLayers(host: Host): Generator<[string, PyValue, VarOrigin]> {
    for (const [name, value] of host.vars) {
      const location = host.varOrigins.get(name);
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
    const location = group.varOrigins.get(name);
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
export function exportGroupVars(group: Group, dirs: VarsDirs, combine?: CombineVars): PyDict {
  let result: PyDict = new Map(group.vars);
  const exportDirs = [...dirs.inventory, ...(dirs.exported ?? [])];
  if (combine) {
    result = combine(result, foldVars(exportDirs.map((d) => d.groupVars(group.name)), combine));
  } else {
    for (const dir of exportDirs) {
      for (const [key, value] of dir.groupVars(group.name)) result.set(key, value);
    }
  }
  if (group.priority !== 1) result.set("ansible_group_priority", group.priority);
  for (const name of INTERNAL_VARS) result.delete(name);
  return result;
}

/** A host's own variables as `--list --export` prints them: no group variables. */
export function exportHostVars(host: Host, dirs: VarsDirs, combine?: CombineVars): PyDict {
  let result: PyDict = new Map(host.vars);
  const exportDirs = [...dirs.inventory, ...(dirs.exported ?? [])];
  if (combine) {
    result = combine(result, foldVars(exportDirs.map((d) => d.hostVars(host.name)), combine));
  } else {
    for (const dir of exportDirs) {
      for (const [key, value] of dir.hostVars(host.name)) result.set(key, value);
    }
  }
  for (const name of INTERNAL_VARS) result.delete(name);
  return result;
}
