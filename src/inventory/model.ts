/**
 * The inventory model: hosts, groups and the edges between them, with Ansible's
 * rules for adding each (see `ansible-inventory-spec.md` §1).
 *
 * Insertion order is part of Ansible's output (group children, group hosts, the
 * order of `all`'s children), so every collection here keeps it.
 *
 * @module
 */

import { InventoryError, type Location } from "../errors.ts";
import type { PyDict, PyKey, PyValue } from "../values/types.ts";
import { setVariable } from "../config/hash_behaviour.ts";
import type { GroupNameMode } from "../config/settings.ts";
import { isDict, PyFloat, Unsafe } from "../values/types.ts";
import type { Warnings } from "./warnings.ts";

/** Names Ansible treats as "this machine". The first one seen becomes the localhost. */
export const LOCALHOST_NAMES: ReadonlySet<string> = new Set(["localhost", "127.0.0.1", "::1"]);

/**
 * Bumped by every change to groups, their members or their edges, in any inventory:
 * a {@linkcode Group.allHosts} result computed before the last bump is stale.
 */
let generation = 0;

/** A group of hosts. `all` and `ungrouped` are ordinary groups with special rules in {@linkcode Inventory}. */
export class Group {
  /** Direct member hosts, in the order they were added. */
  readonly hosts: Host[] = [];
  /** Names of {@linkcode hosts}, for O(1) membership tests. */
  readonly hostNames: Set<string> = new Set();
  /** Direct child groups, in the order the edges were created. */
  readonly children: Group[] = [];
  /** Direct parent groups. */
  readonly parents: Group[] = [];
  /** Variables set on the group by inventory sources (not `group_vars/` files). */
  readonly vars: PyDict = new Map();
  /** Where each variable in {@linkcode vars} was last set, when origins are tracked. */
  readonly varOrigins: Map<PyKey, Location> = new Map();
  /** `ansible_group_priority`: a tie-breaker between groups of the same depth. */
  priority = 1;
  /** Length of the longest path from a root group (after reconcile: from `all`). */
  depth = 0;
  /** Where the group was first declared, when known. */
  origin: Location | undefined;

  /** {@linkcode allHosts}'s last result, valid while {@linkcode generation} is unchanged. */
  #allHosts: readonly Host[] | undefined;
  #allHostsGeneration = -1;

  /** @param name the group name, exactly as written */
  constructor(readonly name: string) {}

  /** Every ancestor group (transitively), unordered. */
  ancestors(): Set<Group> {
    const seen = new Set<Group>();
    const stack = [...this.parents];
    while (stack.length > 0) {
      const group = stack.pop()!;
      if (seen.has(group)) continue;
      seen.add(group);
      stack.push(...group.parents);
    }
    return seen;
  }

  /**
   * This group and its descendants in Ansible's order: self, then direct children in
   * order, then each further level breadth-first (`Group._walk_relationship` with
   * `preserve_ordering`). Beyond the first level Ansible walks a Python set, whose order
   * is not defined; breadth-first in child order is what it yields for ordinary trees.
   */
  descendantsInOrder(): Group[] {
    const ordered: Group[] = [this, ...this.children];
    const seen = new Set<Group>(ordered);
    let level = this.children;
    while (level.length > 0) {
      const next: Group[] = [];
      for (const group of level) {
        for (const child of group.children) {
          if (seen.has(child)) continue;
          seen.add(child);
          ordered.push(child);
          next.push(child);
        }
      }
      level = next;
    }
    return ordered;
  }

  /**
   * Hosts of this group and of its descendants, each once: Ansible's `groups[name]`.
   * Later stages ask for it again and again, so the result is kept until the inventory
   * changes; it is frozen because every caller gets the same array.
   */
  allHosts(): readonly Host[] {
    if (this.#allHostsGeneration === generation) return this.#allHosts!;
    const result: Host[] = [];
    const seen = new Set<Host>();
    for (const group of this.descendantsInOrder()) {
      for (const host of group.hosts) {
        if (seen.has(host)) continue;
        seen.add(host);
        result.push(host);
      }
    }
    this.#allHosts = Object.freeze(result);
    this.#allHostsGeneration = generation;
    return this.#allHosts;
  }
}

/** A host and the variables set on it directly. */
export class Host {
  /** Variables set on the host by inventory sources (not `host_vars/` files). */
  readonly vars: PyDict = new Map();
  /** Groups the host was added to directly, in order. */
  readonly groups: Group[] = [];
  /** Where the host was first declared, when known. */
  origin: Location | undefined;
  /** See {@linkcode varOrigins}. */
  #varOrigins: Map<PyKey, Location> | undefined;

  /** @param name the host name, exactly as written (after range expansion) */
  constructor(readonly name: string) {}

  /**
   * Where each variable in {@linkcode vars} was last set, when origins are tracked.
   * Made on first use: most hosts never have any, and on 50k hosts an empty map each was
   * a fifth of the memory the inventory kept. {@linkcode originOf} reads without making it.
   */
  get varOrigins(): Map<PyKey, Location> {
    return this.#varOrigins ??= new Map();
  }

  /** Where variable `name` was last set, when known; unlike `varOrigins.get()`, makes no map. */
  originOf(name: string): Location | undefined {
    return this.#varOrigins?.get(name);
  }
}

/** Hosts, groups and their relations, built up by the parsers and then reconciled. */
export class Inventory {
  /** Groups by name, in creation order. */
  readonly groups: Map<string, Group> = new Map();
  /** Hosts by name, in creation order. */
  readonly hosts: Map<string, Host> = new Map();
  /** The first localhost-like host, if any. */
  localhost: Host | undefined;
  /** Whether {@linkcode reconcile} has run. */
  reconciled = false;

  /**
   * @param warnings where legal-but-odd input is reported
   * @param options `force_valid_group_names` and `hash_behaviour = merge` (see `config/`)
   */
  constructor(
    readonly warnings: Warnings,
    readonly options: { groupNames?: GroupNameMode; mergeHashes?: boolean } = {},
  ) {
    this.addGroup("all");
    this.addGroup("ungrouped");
    this.addChild("all", "ungrouped");
  }

  /** The `all` group. */
  get all(): Group {
    return this.groups.get("all")!;
  }

  /**
   * Adds a group unless it exists; returns it. Invalid characters are kept, as with
   * Ansible's default `force_valid_group_names = never`, and warned about once.
   */
  addGroup(name: string, origin?: Location): Group {
    let group = this.groups.get(name);
    if (group) return group;
    if (name === "") throw new InventoryError("Invalid empty group name provided", origin);
    name = this.safeGroupName(name);
    group = this.groups.get(name);
    if (group) return group;
    group = new Group(name);
    group.origin = origin;
    this.groups.set(name, group);
    generation++;
    return group;
  }

  /**
   * Ansible's `to_safe_group_name` under `force_valid_group_names`: invalid characters
   * replaced by `_` (`always`, `silently`) or kept (`never`, `ignore`), with Ansible's
   * warning (`always`, `never`). The INI parser applies it to every section header.
   */
  safeGroupName(name: string): string {
    if (!INVALID_GROUP_CHARS.test(name)) return name;
    const mode = this.options.groupNames ?? "never";
    if (mode === "always" || mode === "silently") {
      if (mode === "always") {
        this.warnings.add(
          "Invalid characters were found in group names and automatically replaced, use -vvvv to see details",
        );
      }
      return name.replace(INVALID_GROUP_CHARS_ALL, "_");
    }
    if (mode === "never") {
      this.warnings.add(
        "Invalid characters were found in group names but not replaced, use -vvvv to see details",
      );
    }
    return name;
  }

  /**
   * Adds a host (if new) and puts it in `group` (if given). A port only applies to a new
   * host: the first `host:port` seen wins, as in Ansible.
   */
  addHost(name: string, group?: Group, port?: number, origin?: Location): Host {
    let host = this.hosts.get(name);
    if (!host) {
      if (name === "") throw new InventoryError("Invalid empty host name provided", origin);
      host = new Host(name);
      host.origin = origin;
      if (port) {
        host.vars.set("ansible_port", port);
        if (origin) host.varOrigins.set("ansible_port", origin);
      }
      this.hosts.set(name, host);
      if (LOCALHOST_NAMES.has(name)) {
        if (this.localhost === undefined) this.localhost = host;
        else {
          this.warnings.add(
            `A duplicate localhost-like entry was found (${name}). First found localhost was ${this.localhost.name}`,
          );
        }
      }
    }
    if (group) addHostToGroup(group, host);
    return host;
  }

  /**
   * Makes `child` (a group, or else a host) a member of `parent`, as Ansible's
   * `add_child` does; refuses cycles.
   */
  addChild(parentName: string, childName: string, origin?: Location): void {
    const parent = this.groups.get(parentName);
    if (!parent) throw new InventoryError(`${parentName} is not a known group`, origin);
    const child = this.groups.get(childName);
    if (child) {
      addChildGroup(parent, child, origin);
      return;
    }
    const host = this.hosts.get(childName);
    if (!host) throw new InventoryError(`${childName} is not a known host nor group`, origin);
    addHostToGroup(parent, host);
  }

  /** Sets a group variable; `ansible_group_priority` sets the priority instead, like Ansible. */
  setGroupVariable(group: Group, key: PyKey, value: PyValue, origin?: Location): void {
    if (key === "ansible_group_priority") {
      group.priority = pythonIntOf(value, origin);
      return;
    }
    setVariable(group.vars, key, value, this.options.mergeHashes ?? false);
    if (origin) group.varOrigins.set(key, origin);
  }

  /** Sets a host variable (later settings replace earlier ones; dicts merge under `hash_behaviour = merge`). */
  setHostVariable(host: Host, key: PyKey, value: PyValue, origin?: Location): void {
    // Ansible's InventoryData.set_variable looks the name up among groups first: the
    // inventory vars of a host named like an existing group land on that group.
    const group = this.groups.get(host.name);
    if (group) {
      this.setGroupVariable(group, key, value, origin);
      return;
    }
    setVariable(host.vars, key, value, this.options.mergeHashes ?? false);
    if (origin) host.varOrigins.set(key, origin);
  }

  /**
   * Ansible's `reconcile_inventory`: parentless groups join `all`; hosts in no group
   * join `ungrouped`; hosts that are in `ungrouped` and elsewhere leave it; names used
   * for both a group and a host are warned about.
   */
  reconcile(): void {
    const all = this.all;
    const ungrouped = this.groups.get("ungrouped")!;
    for (const group of this.groups.values()) {
      if (group !== all && group.parents.length === 0) addChildGroup(all, group);
    }
    // Hosts leave `ungrouped` in one pass at the end: removing them one by one from a
    // 50k-host list would be quadratic.
    // Only two facts about a host's groups and their ancestors (Ansible's
    // `host.get_groups()`) matter here; they are worked out once per direct group. A group
    // that joins `ungrouped` below only changes them for hosts that already have other
    // groups, for which nothing happens either way.
    const facts = new Map<Group, number>();
    const factsOf = (group: Group): number => {
      let bits = facts.get(group);
      if (bits === undefined) {
        bits = 0;
        for (const member of [group, ...group.ancestors()]) {
          bits |= member === ungrouped ? IN_UNGROUPED : member === all ? 0 : IN_OTHER;
        }
        facts.set(group, bits);
      }
      return bits;
    };
    const leaving = new Set<Host>();
    for (const host of this.hosts.values()) {
      let bits = 0;
      for (const group of host.groups) bits |= factsOf(group);
      if (bits & IN_UNGROUPED) {
        if (bits & IN_OTHER && ungrouped.hostNames.has(host.name)) leaving.add(host);
      } else if (bits === 0) {
        // In no group, or in `all` alone. Ansible adds it by name, and a group of the same
        // name wins the lookup: that group, not the host, joins `ungrouped`.
        const namesake = this.groups.get(host.name);
        if (namesake) addChildGroup(ungrouped, namesake);
        else addHostToGroup(ungrouped, host);
      }
    }
    removeHostsFromGroup(ungrouped, leaving);
    for (const name of this.groups.keys()) {
      if (this.hosts.has(name)) {
        this.warnings.add(`Found both group and host with same name: ${name}`);
      }
    }
    this.reconciled = true;
  }
}

/** What {@linkcode Inventory.reconcile} needs to know of a host's groups. */
const IN_UNGROUPED = 1;
const IN_OTHER = 2;

/**
 * Python's `^[\d\W]|[^\w]` with Unicode `\w` (letters, numbers, underscore): a group
 * name that starts with a digit or contains anything but word characters.
 */
const INVALID_GROUP_CHARS = /^[\p{Nd}]|[^\p{L}\p{N}_]/u;
const INVALID_GROUP_CHARS_ALL = /^[\p{Nd}]|[^\p{L}\p{N}_]/gu;

function addHostToGroup(group: Group, host: Host): void {
  if (group.hostNames.has(host.name)) return;
  group.hosts.push(host);
  group.hostNames.add(host.name);
  // A first push() gives an array room for 17; most hosts are in a group or two, so their
  // first two lists are made at size instead (the room was 7 MB on 50k hosts).
  const groups = host.groups;
  if (groups.length === 0) (host as { groups: Group[] }).groups = [group];
  else if (groups.length === 1) (host as { groups: Group[] }).groups = [groups[0]!, group];
  else groups.push(group);
  generation++;
}

function removeHostsFromGroup(group: Group, hosts: ReadonlySet<Host>): void {
  if (hosts.size === 0) return;
  generation++;
  let kept = 0;
  for (const host of group.hosts) if (!hosts.has(host)) group.hosts[kept++] = host;
  group.hosts.length = kept;
  for (const host of hosts) {
    group.hostNames.delete(host.name);
    host.groups.splice(host.groups.indexOf(group), 1);
  }
}

function addChildGroup(parent: Group, child: Group, origin?: Location): void {
  if (parent === child) throw new InventoryError("can't add group to itself", origin);
  if (parent.children.includes(child)) return;
  if (parent.ancestors().has(child)) {
    throw new InventoryError(
      `Adding group '${child.name}' as child to '${parent.name}' creates a recursive dependency loop.`,
      origin,
    );
  }
  parent.children.push(child);
  if (!child.parents.includes(parent)) child.parents.push(parent);
  generation++;
  raiseDepth(child, parent.depth + 1);
}

/** Depth only grows, and a group pulls its descendants down with it. */
function raiseDepth(group: Group, depth: number): void {
  if (group.depth >= depth) return;
  group.depth = depth;
  for (const child of group.children) raiseDepth(child, depth + 1);
}

/** Every group a host is in, directly or through ancestors (Ansible's `host.get_groups()`). */
export function hostGroupClosure(host: Host): Set<Group> {
  const result = new Set<Group>();
  for (const group of host.groups) {
    result.add(group);
    for (const ancestor of group.ancestors()) result.add(ancestor);
  }
  return result;
}

/** Python `int(value)` as Ansible applies it to `ansible_group_priority`. */
function pythonIntOf(value: PyValue, origin?: Location): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof PyFloat) {
    if (Number.isFinite(value.value)) return Math.trunc(value.value);
    throw new InventoryError(`cannot convert float ${value.value} to integer`, origin);
  }
  const text = typeof value === "string"
    ? value
    : value instanceof Unsafe
    ? value.value
    : undefined;
  if (text !== undefined) {
    const trimmed = text.trim();
    if (/^[+-]?\d+(?:_\d+)*$/.test(trimmed)) return Number(trimmed.replaceAll("_", ""));
    throw new InventoryError(`invalid literal for int() with base 10: '${text}'`, origin);
  }
  const typeName = value === null
    ? "NoneType"
    : isDict(value)
    ? "dict"
    : Array.isArray(value)
    ? "list"
    : "str";
  throw new InventoryError(
    `int() argument must be a string, a bytes-like object or a real number, not '${typeName}'`,
    origin,
  );
}
