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
import type { InventorySettings } from "../config/settings.ts";
import {
  inventoryOptions,
  resolverOptions,
  sourceOptions,
  varsDirOptions,
} from "../config/engine_options.ts";
import { foldVarsAtParse } from "../config/vars_stages.ts";
import { combinerFor } from "../config/hash_behaviour.ts";

/** Options for {@linkcode loadInventory}. */
export interface LoadOptions extends SourceOptions {
  /**
   * A directory whose `group_vars/` and `host_vars/` apply after those beside the
   * sources, as Ansible's playbook directory does. `ansible-inventory` uses the current
   * directory; the library uses none unless told.
   */
  readonly playbookDir?: string;
  /**
   * Whether {@linkcode playbookDir} was named by the user rather than defaulted to the
   * current directory; `--export` includes its files only then, as Ansible does.
   */
  readonly playbookDirExplicit?: boolean;
  /**
   * The user's Ansible settings (`config/ansible_cfg.ts`); the options above win over
   * them. @default {DEFAULT_SETTINGS}
   */
  readonly settings?: InventorySettings;
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
  /** The Ansible settings applied, when given. */
  readonly settings?: InventorySettings;
}

/** Reads the sources and reconciles the result, as `ansible-inventory` does before printing. */
export function loadInventory(
  sources: readonly string[],
  options: LoadOptions = {},
): LoadedInventory {
  if (sources.length === 0) throw new InventoryError("No inventory source was given");
  const { settings } = options;
  const warnings = new Warnings();
  for (const warning of settings?.warnings ?? []) warnings.add(warning);
  const inventory = new Inventory(warnings, inventoryOptions(settings));
  const read = readSources(sources, inventory, {
    ...(settings ? sourceOptions(settings) : {}),
    ...options,
  });
  inventory.reconcile();
  const varsOptions = varsDirOptions(settings);
  const besideSources = read.varsBases.map((base) =>
    new VarsDir(base, warnings, options.vault, varsOptions)
  );
  if (settings?.hostGroupVars.atParse) {
    foldVarsAtParse(inventory, besideSources, combinerFor(settings.hashBehaviour));
  }
  // vars_plugins_enabled without host_group_vars, or a stage it does not run at.
  const onDemand = settings?.hostGroupVars.onDemand ?? true;
  const playbook = !onDemand || options.playbookDir === undefined
    ? []
    : [new VarsDir(resolve(options.playbookDir), warnings, options.vault, varsOptions)];
  const dirs: VarsDirs = {
    inventory: onDemand ? besideSources : [],
    playbook,
    exported: options.playbookDirExplicit ? playbook : [],
  };
  return {
    inventory,
    dirs,
    resolver: new HostVarsResolver(inventory, dirs, resolverOptions(settings)),
    sources: read,
    warnings,
    ...(settings ? { settings } : {}),
  };
}
