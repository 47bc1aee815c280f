/**
 * The Ansible settings that change what an inventory reads as, typed and resolved:
 * what the engine needs from `ansible.cfg` and `ANSIBLE_*` variables (see
 * `ansible_cfg.ts` for where they come from).
 *
 * @module
 */

import { DEFAULT_IGNORE_EXTENSIONS } from "../inventory/sources.ts";

/**
 * `force_valid_group_names` (`TRANSFORM_INVALID_GROUP_CHARS`): what to do with group
 * names that are not valid Python identifiers.
 *
 * | mode | name | warning |
 * | --- | --- | --- |
 * | `never` (default) | kept | yes |
 * | `ignore` | kept | no |
 * | `always` | invalid characters become `_` | yes |
 * | `silently` | invalid characters become `_` | no |
 */
export type GroupNameMode = "never" | "always" | "ignore" | "silently";

/** `hash_behaviour`: later dict values replace earlier ones, or are deep-merged into them. */
export type HashBehaviour = "replace" | "merge";

/** The inventory parsers ha-inventory has, by Ansible plugin name (`script` is never run). */
export type InventoryParserName = "host_list" | "auto" | "yaml" | "ini" | "toml";

/** The group variable layers `precedence` (`VARIABLE_PRECEDENCE`) orders. */
export const PRECEDENCE_ENTRIES: readonly string[] = [
  "all_inventory",
  "groups_inventory",
  "all_plugins_inventory",
  "all_plugins_play",
  "groups_plugins_inventory",
  "groups_plugins_play",
];

/** When Ansible's `host_group_vars` plugin (`group_vars/`, `host_vars/`) runs for `ansible-inventory`. */
export interface HostGroupVarsStages {
  /**
   * After parsing, into the groups' and hosts' own variables (`run_vars_plugins = start`
   * or the plugin's `stage` = `inventory`/`all`).
   */
  readonly atParse: boolean;
  /** When variables are asked for, as the plugin layers of the precedence (the default). */
  readonly onDemand: boolean;
}

/** The `jsonfile` fact cache. */
export interface FactCacheSettings {
  /** The cache folder (`fact_caching_connection`), absolute. */
  readonly dir: string;
  /** Put before each host name to make the file name (`fact_caching_prefix`). */
  readonly prefix: string;
  /** Seconds after which an entry is ignored; 0: never (`fact_caching_timeout`). */
  readonly timeout: number;
}

/** The settings the engine applies. Build with `loadAnsibleConfig` or start from {@linkcode DEFAULT_SETTINGS}. */
export interface InventorySettings {
  /** `inventory_ignore_extensions`: name endings skipped in directory sources. */
  readonly ignoreExtensions: readonly string[];
  /** `[inventory] ignore_patterns`: regular expressions (Python syntax) skipped in directory sources. */
  readonly ignorePatterns: readonly string[];
  /** `hash_behaviour`. */
  readonly hashBehaviour: HashBehaviour;
  /** `force_valid_group_names`. */
  readonly groupNames: GroupNameMode;
  /** `[inventory] enable_plugins`, restricted to the parsers ha-inventory has, in order. */
  readonly inventoryPlugins: readonly InventoryParserName[];
  /** The `yaml` inventory plugin's `yaml_extensions` (`yaml_valid_extensions`). */
  readonly yamlExtensions: readonly string[];
  /** `YAML_FILENAME_EXTENSIONS`: the extensions of files in `group_vars/` and `host_vars/`. */
  readonly varsExtensions: readonly string[];
  /** `precedence`: group variable layers in the order they apply (unknown entries are warned about). */
  readonly precedence: readonly string[];
  /** When `group_vars/` and `host_vars/` are read (`vars_plugins_enabled`, `run_vars_plugins`). */
  readonly hostGroupVars: HostGroupVarsStages;
  /** `[inventory] export`: `--list` behaves as `--list --export`. */
  readonly export: boolean;
  /** `playbook_dir`: the playbook directory when `--playbook-dir` is not given. */
  readonly playbookDir: string | undefined;
  /** The `jsonfile` fact cache, when `fact_caching = jsonfile`. */
  readonly factCache: FactCacheSettings | undefined;
  /** Warnings about the configuration, printed before the inventory's own. */
  readonly warnings: readonly string[];
}

/** Ansible 2.14's defaults: what ha-inventory does without any configuration. */
export const DEFAULT_SETTINGS: InventorySettings = {
  ignoreExtensions: DEFAULT_IGNORE_EXTENSIONS,
  ignorePatterns: [],
  hashBehaviour: "replace",
  groupNames: "never",
  inventoryPlugins: ["host_list", "auto", "yaml", "ini", "toml"],
  yamlExtensions: [".yaml", ".yml", ".json"],
  varsExtensions: [".yml", ".yaml", ".json"],
  precedence: PRECEDENCE_ENTRIES,
  hostGroupVars: { atParse: false, onDemand: true },
  export: false,
  playbookDir: undefined,
  factCache: undefined,
  warnings: [],
};
