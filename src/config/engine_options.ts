/**
 * The engine's options from the settings: what the model, the source reader, the vars
 * directories and the precedence resolver each take from `InventorySettings`.
 *
 * @module
 */

import type { Inventory } from "../inventory/model.ts";
import type { ResolverOptions } from "../inventory/precedence.ts";
import type { SourceOptions } from "../inventory/sources.ts";
import type { VarsDirOptions } from "../inventory/vars_files.ts";
import { combinerFor } from "./hash_behaviour.ts";
import type { InventorySettings } from "./settings.ts";

/** The source reader's options from the settings. */
export function sourceOptions(settings: InventorySettings): SourceOptions {
  return {
    ignoreExtensions: settings.ignoreExtensions,
    ignorePatterns: settings.ignorePatterns,
    inventoryPlugins: settings.inventoryPlugins,
    yamlExtensions: settings.yamlExtensions,
  };
}

/** The model's options from the settings. */
export function inventoryOptions(
  settings: InventorySettings | undefined,
): ConstructorParameters<typeof Inventory>[1] {
  return {
    groupNames: settings?.groupNames ?? "never",
    mergeHashes: settings?.hashBehaviour === "merge",
  };
}

/** The vars directories' options from the settings. */
export function varsDirOptions(settings: InventorySettings | undefined): VarsDirOptions {
  if (!settings) return {};
  return {
    extensions: settings.varsExtensions,
    ...(settings.hashBehaviour === "merge" ? { combine: combinerFor("merge") } : {}),
  };
}

/** The precedence resolver's options from the settings. */
export function resolverOptions(settings: InventorySettings | undefined): ResolverOptions {
  if (!settings) return {};
  return {
    precedence: settings.precedence,
    ...(settings.hashBehaviour === "merge" ? { combine: combinerFor("merge") } : {}),
  };
}
