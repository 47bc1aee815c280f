/**
 * The whole pipeline in one place: sources -> parsed and reconciled inventory ->
 * variables with Ansible's precedence -> Kubespray groups and facts. Renderers take
 * an {@linkcode InventoryView}.
 *
 * @module
 */

import { type LoadedInventory, loadInventory, type LoadOptions } from "./inventory/load.ts";
import { type Group, Host, LOCALHOST_NAMES } from "./inventory/model.ts";
import { exportGroupVars, exportHostVars } from "./inventory/precedence.ts";
import { matchHosts } from "./inventory/patterns.ts";
import { computeFacts, type Fact, type FactRow, FactTable, mergeFacts } from "./kubespray/facts.ts";
import { LayeredVars, type VarsLookup } from "./kubespray/cluster.ts";
import type { VarLayers } from "./inventory/precedence.ts";
import { planKubesprayGroups } from "./kubespray/groups.ts";
import type { PyDict } from "./values/types.ts";
import { type CachedFacts, JsonFileFactCache } from "./config/fact_cache.ts";

/** Options for {@linkcode buildView}. */
export interface ViewOptions extends LoadOptions {
  /** Add Kubespray's groups and facts. @default {true} */
  readonly facts?: boolean;
  /** Only hosts matching this Ansible host pattern. */
  readonly limit?: string;
}

/**
 * A host's variables as layers: what its groups give (shared by every host with the same
 * groups), what it gives itself (wins), and its Kubespray facts (printed where the
 * inventory does not set them). See {@linkcode InventoryView.hostLayers}.
 */
export interface HostLayers extends VarLayers {
  /** The host's facts; absent without facts. */
  readonly facts?: FactRow;
  /**
   * For `--export`: the host's own variables as exported, printed instead of both layers
   * (which still keep the facts they set from being printed).
   */
  readonly exported?: PyDict;
}

/** The empty layer of `--export` without facts. */
const NO_VARS: PyDict = new Map();

/** An inventory with everything computed on demand and remembered. */
export class InventoryView {
  readonly #hostVars = new Map<string, PyDict>();
  readonly #hostNames: string[];
  #facts: FactTable | undefined;
  #focus: readonly string[] | undefined;
  readonly #factCache: JsonFileFactCache | undefined;
  readonly #factInputs = new Map<string, PyDict>();

  /**
   * @param loaded the reconciled inventory
   * @param options how the view was asked for
   */
  constructor(readonly loaded: LoadedInventory, readonly options: ViewOptions = {}) {
    const cache = options.settings?.factCache;
    this.#factCache = cache
      ? new JsonFileFactCache(cache, (message) => loaded.warnings.add(message))
      : undefined;
    if (options.facts ?? true) addKubesprayGroups(loaded);
    const all = loaded.inventory.all.allHosts().map((host) => host.name);
    this.#hostNames = options.limit === undefined
      ? all
      : matchHosts(loaded.inventory, options.limit).map((host) => host.name);
  }

  /** The inventory model. */
  get inventory() {
    return this.loaded.inventory;
  }

  /** Records a warning to print on stderr. */
  warn(message: string): void {
    this.loaded.warnings.add(message);
  }

  /** Warnings so far, in order. */
  warnings(): string[] {
    return this.loaded.warnings.list();
  }

  /** Names of the hosts in view (all, or those matching `--limit`), in Ansible's order. */
  hostNames(): string[] {
    return this.#hostNames;
  }

  /**
   * A host's variables: the `--host` view, or with `exported` its own only (`--export`).
   * With `remember` false the inventory variables are not kept for later calls (a
   * renderer that asks once per host keeps memory flat on large inventories).
   */
  hostVars(name: string, exported = false, remember = true): PyDict {
    const host = this.inventory.hosts.get(name);
    if (!host) return new Map();
    const facts = this.facts(name);
    if (exported) {
      const own = exportHostVars(host, this.loaded.dirs, this.loaded.resolver.options.combine);
      return facts
        ? mergeFacts(own, withoutInventoryValues(facts, this.#inventoryVars(name)))
        : own;
    }
    const vars = this.#inventoryVars(name, remember);
    return facts ? mergeFacts(vars, facts) : vars;
  }

  /** A host's variables from the inventory alone, without Kubespray facts. */
  #inventoryVars(name: string, remember = true): PyDict {
    let vars = this.#hostVars.get(name);
    if (!vars) {
      const host = this.inventory.hosts.get(name);
      vars = host ? this.loaded.resolver.resolve(host) : new Map();
      if (remember) this.#hostVars.set(name, vars);
    }
    return vars;
  }

  /**
   * The Kubespray facts of a host, each with the reason it took its value; `undefined`
   * when facts are off.
   */
  facts(name: string): ReadonlyMap<string, Fact> | undefined {
    return this.#factTable()?.get(name);
  }

  /** Every host's facts, computed on first use; `undefined` when facts are off. */
  #factTable(): FactTable | undefined {
    if (!(this.options.facts ?? true)) return undefined;
    if (!this.#facts) {
      const groups = new Map(
        [...this.inventory.groups.values()].map((g) => [g.name, g.allHosts().map((h) => h.name)]),
      );
      const names = this.#focus ?? this.#hostNames;
      const hostvars = new LazyHostVars(names, (host) => this.#factInputVars(host));
      const computed = computeFacts({ groups, hostvars });
      for (const warning of computed.warnings) {
        this.warn(
          warning.hosts.length > 0
            ? `${warning.message} (hosts: ${warning.hosts.join(", ")})`
            : warning.message,
        );
      }
      this.#facts = computed.facts;
    }
    return this.#facts;
  }

  /**
   * The host's entry in the `jsonfile` fact cache (`fact_caching = jsonfile`), if it has
   * one: its file, age, whether it expired, and the gathered facts taken from it
   * (`ansible_default_ipv4`, `ansible_hostname`). Those facts are what the Kubespray facts
   * see (they outrank inventory variables, as in Ansible) but are not printed.
   */
  factCacheEntry(name: string): CachedFacts | undefined {
    return this.#factCache?.get(name);
  }

  /**
   * A host's variables in layers, where they can be had without merging (see
   * `HostVarsResolver.layers`); `undefined` for a host the inventory lacks or when dicts
   * merge.
   */
  layers(name: string): VarLayers | undefined {
    const host = this.inventory.hosts.get(name);
    return host && this.loaded.resolver.layers(host);
  }

  /**
   * What `hostVars(name, exported)` merges, unmerged: writers of many hosts print from
   * this (see `renderListChunks`). `undefined` where layers do not apply (see
   * {@linkcode layers}).
   */
  hostLayers(name: string, exported = false): HostLayers | undefined {
    if (exported && !(this.options.facts ?? true)) {
      // Nothing to keep from being printed: the merged view is not needed, and resolving
      // it would warn about `precedence` entries, which Ansible's --export never reads.
      const host = this.inventory.hosts.get(name);
      if (host === undefined || this.loaded.resolver.options.combine) return undefined;
      const own = exportHostVars(host, this.loaded.dirs);
      return { group: NO_VARS, groupId: -1, own: NO_VARS, exported: own };
    }
    const layers = this.layers(name);
    if (layers === undefined) return undefined;
    const facts = this.#factTable()?.row(name);
    const own = exported
      ? exportHostVars(this.inventory.hosts.get(name)!, this.loaded.dirs)
      : undefined;
    return { ...layers, ...(facts ? { facts } : {}), ...(own ? { exported: own } : {}) };
  }

  /** The variables the Kubespray facts read for a host: inventory, then cached facts. */
  #factInputVars(name: string): VarsLookup {
    const entry = this.factCacheEntry(name);
    if (!entry || entry.facts.size === 0) {
      // Layers when there are: nothing is copied per host.
      const layers = this.#hostVars.has(name) ? undefined : this.layers(name);
      if (layers) return new LayeredVars(layers.group, layers.own, layers.groupId);
      return this.#inventoryVars(name);
    }
    let vars = this.#factInputs.get(name);
    if (!vars) {
      vars = new Map([...this.#inventoryVars(name), ...entry.facts]);
      this.#factInputs.set(name, vars);
    }
    return vars;
  }

  /**
   * Computes facts only for these hosts (and whatever hosts their facts read), not for
   * every host: `--host NAME` on a large inventory needs one host's facts. Call before
   * the first fact is asked for.
   */
  focusOn(names: readonly string[]): void {
    this.#focus = names;
  }

  /** The values of the facts computed for a host (`--facts-only`); empty without facts. */
  factsOf(name: string): PyDict {
    const result: PyDict = new Map();
    for (const [key, fact] of this.facts(name) ?? []) {
      if (fact.value !== undefined) result.set(key, fact.value);
    }
    return result;
  }

  /**
   * The variables of the localhost Ansible makes up when a play or `--host` names
   * `localhost`, `127.0.0.1` or `::1` and the inventory has no such host: a member of
   * `all` only, with a local connection and the Python that runs Ansible (on Debian,
   * `/usr/bin/python3`, which is what ansible-inventory prints there), below its
   * `host_vars/` files. `undefined` for other names, or when the inventory has the host.
   */
  implicitLocalhostVars(name: string): PyDict | undefined {
    if (!LOCALHOST_NAMES.has(name) || this.inventory.hosts.has(name)) return undefined;
    const host = new Host(name);
    host.groups.push(this.inventory.all);
    host.vars.set("ansible_python_interpreter", IMPLICIT_LOCALHOST_PYTHON);
    host.vars.set("ansible_connection", "local");
    return this.loaded.resolver.resolve(host);
  }

  /** A group's own variables (inventory and `group_vars/` beside the sources). */
  groupVars(group: Group): PyDict {
    return exportGroupVars(group, this.loaded.dirs, this.loaded.resolver.options.combine);
  }

  /** The hosts a `--host` argument names: a host name, or a host pattern as Ansible resolves it. */
  findHosts(pattern: string): string[] {
    if (this.inventory.hosts.has(pattern)) return [pattern];
    return matchHosts(this.inventory, pattern).map((host) => host.name);
  }
}

/** `sys.executable` of Debian's ansible-core: what Ansible gives its implicit localhost. */
const IMPLICIT_LOCALHOST_PYTHON = "/usr/bin/python3";

/** Adds Kubespray's role groups under the names the inventory lacks (see `kubespray/groups.ts`). */
function addKubesprayGroups(loaded: LoadedInventory): void {
  const { inventory } = loaded;
  const groups = new Map(
    [...inventory.groups.values()].map((g) => [g.name, g.allHosts().map((h) => h.name)]),
  );
  const plan = planKubesprayGroups(groups);
  for (const addition of plan.add) {
    const group = inventory.addGroup(addition.name);
    inventory.addChild("all", group.name);
    for (const host of addition.hosts) inventory.addHost(host, group);
  }
  for (const warning of plan.warnings) loaded.warnings.add(warning.message);
}

/** Facts the inventory itself sets are not facts to add (its own value stands). */
function withoutInventoryValues(
  facts: ReadonlyMap<string, Fact>,
  inventoryVars: PyDict,
): ReadonlyMap<string, Fact> {
  return new Map([...facts].filter(([name]) => !inventoryVars.has(name)));
}

/**
 * Host variables resolved on demand: iterating gives the hosts in view, looking one up
 * resolves any host. `--host` then resolves only the hosts its facts read.
 */
class LazyHostVars implements ReadonlyMap<string, VarsLookup> {
  constructor(readonly names: readonly string[], readonly resolve: (name: string) => VarsLookup) {}
  get size(): number {
    return this.names.length;
  }
  get(name: string): VarsLookup | undefined {
    return this.resolve(name);
  }
  has(name: string): boolean {
    return this.names.includes(name);
  }
  *entries(): MapIterator<[string, VarsLookup]> {
    for (const name of this.names) yield [name, this.resolve(name)];
  }
  *keys(): MapIterator<string> {
    yield* this.names;
  }
  *values(): MapIterator<VarsLookup> {
    for (const name of this.names) yield this.resolve(name);
  }
  [Symbol.iterator](): MapIterator<[string, VarsLookup]> {
    return this.entries();
  }
  forEach(
    fn: (value: VarsLookup, key: string, map: ReadonlyMap<string, VarsLookup>) => void,
  ): void {
    for (const [key, value] of this) fn(value, key, this);
  }
}

/** Runs the pipeline on `sources`. */
export function buildView(sources: readonly string[], options: ViewOptions = {}): InventoryView {
  return new InventoryView(loadInventory(sources, options), options);
}
