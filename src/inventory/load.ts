/**
 * The front of the pipeline: sources -> parsed model -> reconciled inventory with its
 * vars directories, ready for precedence, Kubespray facts and rendering.
 *
 * @module
 */

import { resolve } from "node:path";
import { InventoryError } from "../errors.ts";
import { Inventory } from "./model.ts";
import { HostVarsResolver, type VarsDirs } from "./precedence.ts";
import { type ReadSources, readSources, type SourceOptions } from "./sources.ts";
import { VarsDir } from "./vars_files.ts";
import { Warnings } from "./warnings.ts";

/** Options for {@linkcode loadInventory}. */
export interface LoadOptions extends SourceOptions {
  /**
   * A directory whose `group_vars/` and `host_vars/` apply after those beside the
   * sources, as Ansible's playbook directory does. `ansible-inventory` uses the current
   * directory; the library uses none unless told.
   */
  readonly playbookDir?: string;
}

/** A reconciled inventory and what is needed to compute its variables. */
export interface LoadedInventory {
  /** Hosts and groups. */
  readonly inventory: Inventory;
  /** The vars directories that apply, in Ansible's tiers. */
  readonly dirs: VarsDirs;
  /** Computes each host's variables with Ansible's precedence. */
  readonly resolver: HostVarsResolver;
  /** The files read and the parser that read each. */
  readonly sources: ReadSources;
  /** Warnings about legal-but-odd input, in the order first seen. */
  readonly warnings: Warnings;
}

/** Reads the sources and reconciles the result, as `ansible-inventory` does before printing. */
export function loadInventory(
  sources: readonly string[],
  options: LoadOptions = {},
): LoadedInventory {
  if (sources.length === 0) throw new InventoryError("No inventory source was given");
  const warnings = new Warnings();
  const inventory = new Inventory(warnings);
  const read = readSources(sources, inventory, options);
  inventory.reconcile();
  const dirs: VarsDirs = {
    inventory: read.varsBases.map((base) => new VarsDir(base, warnings, options.vault)),
    playbook: options.playbookDir === undefined
      ? []
      : [new VarsDir(resolve(options.playbookDir), warnings, options.vault)],
  };
  return {
    inventory,
    dirs,
    resolver: new HostVarsResolver(inventory, dirs),
    sources: read,
    warnings,
  };
}
