/**
 * The whole pipeline in one place: sources -> parsed and reconciled inventory ->
 * variables with Ansible's precedence -> Kubespray groups and facts. Renderers take
 * an {@linkcode InventoryView}.
 *
 * @module
 */

import { type LoadedInventory, loadInventory, type LoadOptions } from "./inventory/load.ts";
import type { Group } from "./inventory/model.ts";
import { exportGroupVars, exportHostVars } from "./inventory/precedence.ts";
import { matchHosts } from "./inventory/patterns.ts";
import type { PyDict } from "./values/types.ts";

/** Options for {@linkcode buildView}. */
export interface ViewOptions extends LoadOptions {
  /** Add Kubespray's groups and facts. @default {true} */
  readonly facts?: boolean;
  /** Only hosts matching this Ansible host pattern. */
  readonly limit?: string;
}

/** An inventory with everything computed on demand and remembered. */
export class InventoryView {
  readonly #hostVars = new Map<string, PyDict>();
  readonly #hostNames: string[];

  /**
   * @param loaded the reconciled inventory
   * @param options how the view was asked for
   */
  constructor(readonly loaded: LoadedInventory, readonly options: ViewOptions = {}) {
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

  /** A host's variables: the `--host` view, or with `exported` its own only (`--export`). */
  hostVars(name: string, exported = false): PyDict {
    const host = this.inventory.hosts.get(name);
    if (!host) return new Map();
    if (exported) return exportHostVars(host, this.loaded.dirs);
    let vars = this.#hostVars.get(name);
    if (!vars) {
      vars = this.loaded.resolver.resolve(host);
      this.#hostVars.set(name, vars);
    }
    return vars;
  }

  /** The facts computed for a host (empty without Kubespray facts). */
  factsOf(_name: string): PyDict {
    return new Map();
  }

  /** A group's own variables (inventory and `group_vars/` beside the sources). */
  groupVars(group: Group): PyDict {
    return exportGroupVars(group, this.loaded.dirs);
  }

  /**
   * The single host a `--host` argument names, as Ansible resolves it: a host pattern
   * that must match exactly one host. `undefined` otherwise.
   */
  findHost(pattern: string): string | undefined {
    if (this.inventory.hosts.has(pattern)) return pattern;
    const hosts = matchHosts(this.inventory, pattern);
    return hosts.length === 1 ? hosts[0]!.name : undefined;
  }
}

/** Runs the pipeline on `sources`. */
export function buildView(sources: readonly string[], options: ViewOptions = {}): InventoryView {
  return new InventoryView(loadInventory(sources, options), options);
}
