/**
 * The Ansible settings ha-inventory knows, as ansible-core 2.14 defines them
 * (`config/base.yml` and the plugins' option documentation): where each is read from,
 * its type, default and allowed values, and whether ha-inventory applies it.
 *
 * Every other setting leaves `ansible-inventory`'s result unchanged (connection,
 * callbacks, privilege escalation, ...) and is ignored without a word.
 *
 * @module
 */

import { DEFAULT_IGNORE_EXTENSIONS } from "../inventory/sources.ts";
import { PRECEDENCE_ENTRIES } from "./settings.ts";

/** How Ansible's `ensure_type` converts the text of a setting. */
export type SettingType =
  /** Comma-separated, each item stripped and unquoted. */
  | "list"
  /** Unquoted (one pair of matching outer quotes removed). */
  | "string"
  /** Python `int()`. */
  | "integer"
  /** Ansible's lenient boolean: `yes`, `on`, `1`, `true`, `t`, `y` are true, anything else false. */
  | "boolean"
  /** Variables and `~` expanded, made absolute (relative to the configuration file's folder). */
  | "path"
  /** Like `path`, for each `:`-separated part. */
  | "pathspec";

/** One key in one section of `ansible.cfg`. */
export interface IniKey {
  readonly section: string;
  readonly key: string;
}

/** What ha-inventory does with a setting. */
export type SettingSupport =
  /** Applied. */
  | "applied"
  /** Would change the result, but ha-inventory cannot apply it: a warning names it when it is set. */
  | "unsupported";

/** One setting. */
export interface SettingDefinition {
  /** Ansible's name (`ansible-config dump`), or `plugin:name` for a plugin option. */
  readonly name: string;
  /** For a plugin option: `type/name` of the plugin, e.g. `vars/host_group_vars`. */
  readonly plugin?: string;
  /** Environment variables, in Ansible's order (the last one set wins). */
  readonly env: readonly string[];
  /** `ansible.cfg` keys, in Ansible's order (the last one present wins). */
  readonly ini: readonly IniKey[];
  /** How its text is converted. */
  readonly type: SettingType;
  /** The value when nothing sets it. */
  readonly default: string | number | boolean | readonly string[] | undefined;
  /** The values allowed, in the order Ansible lists them in its error message. */
  readonly choices?: readonly string[];
  /** What ha-inventory does with it. */
  readonly support: SettingSupport;
  /** What it changes, in a few words (for `ha-inventory config`). */
  readonly effect: string;
}

const defaults = (key: string): IniKey => ({ section: "defaults", key });
const inventory = (key: string): IniKey => ({ section: "inventory", key });

/** The settings ha-inventory reads, by name. */
export const SETTINGS: readonly SettingDefinition[] = [
  {
    name: "INVENTORY_IGNORE_EXTS",
    env: ["ANSIBLE_INVENTORY_IGNORE"],
    ini: [defaults("inventory_ignore_extensions"), inventory("ignore_extensions")],
    type: "list",
    default: DEFAULT_IGNORE_EXTENSIONS,
    support: "applied",
    effect: "file name endings skipped in inventory directories",
  },
  {
    name: "INVENTORY_IGNORE_PATTERNS",
    env: ["ANSIBLE_INVENTORY_IGNORE_REGEX"],
    ini: [defaults("inventory_ignore_patterns"), inventory("ignore_patterns")],
    type: "list",
    default: [],
    support: "applied",
    effect: "regular expressions of names skipped in inventory directories",
  },
  {
    name: "DEFAULT_HASH_BEHAVIOUR",
    env: ["ANSIBLE_HASH_BEHAVIOUR"],
    ini: [defaults("hash_behaviour")],
    type: "string",
    default: "replace",
    choices: ["replace", "merge"],
    support: "applied",
    effect: "dict variables replaced or deep-merged",
  },
  {
    name: "TRANSFORM_INVALID_GROUP_CHARS",
    env: ["ANSIBLE_TRANSFORM_INVALID_GROUP_CHARS"],
    ini: [defaults("force_valid_group_names")],
    type: "string",
    default: "never",
    choices: ["always", "never", "ignore", "silently"],
    support: "applied",
    effect: "invalid characters in group names kept or replaced, warned about or not",
  },
  {
    name: "INVENTORY_ENABLED",
    env: ["ANSIBLE_INVENTORY_ENABLED"],
    ini: [inventory("enable_plugins")],
    type: "list",
    default: ["host_list", "script", "auto", "yaml", "ini", "toml"],
    support: "applied",
    effect: "which inventory parsers try a source, in order",
  },
  {
    name: "yaml_extensions",
    plugin: "inventory/yaml",
    env: ["ANSIBLE_YAML_FILENAME_EXT", "ANSIBLE_INVENTORY_PLUGIN_EXTS"],
    ini: [defaults("yaml_valid_extensions"), {
      section: "inventory_plugin_yaml",
      key: "yaml_valid_extensions",
    }],
    type: "list",
    default: [".yaml", ".yml", ".json"],
    support: "applied",
    effect: "extensions of inventory files the yaml parser reads",
  },
  {
    name: "YAML_FILENAME_EXTENSIONS",
    env: ["ANSIBLE_YAML_FILENAME_EXT"],
    ini: [defaults("yaml_valid_extensions")],
    type: "list",
    default: [".yml", ".yaml", ".json"],
    support: "applied",
    effect: "extensions of files read in group_vars/ and host_vars/",
  },
  {
    name: "VARIABLE_PLUGINS_ENABLED",
    env: ["ANSIBLE_VARS_ENABLED"],
    ini: [defaults("vars_plugins_enabled")],
    type: "list",
    default: ["host_group_vars"],
    support: "applied",
    effect: "whether group_vars/ and host_vars/ are read",
  },
  {
    name: "VARIABLE_PRECEDENCE",
    env: ["ANSIBLE_PRECEDENCE"],
    ini: [defaults("precedence")],
    type: "list",
    default: PRECEDENCE_ENTRIES,
    support: "applied",
    effect: "the order group variable layers apply in",
  },
  {
    name: "RUN_VARS_PLUGINS",
    env: ["ANSIBLE_RUN_VARS_PLUGINS"],
    ini: [defaults("run_vars_plugins")],
    type: "string",
    default: "demand",
    choices: ["demand", "start"],
    support: "applied",
    effect: "group_vars/ and host_vars/ also folded into inventory variables after parsing",
  },
  {
    name: "stage",
    plugin: "vars/host_group_vars",
    env: ["ANSIBLE_VARS_PLUGIN_STAGE"],
    ini: [{ section: "vars_host_group_vars", key: "stage" }],
    type: "string",
    default: undefined,
    choices: ["all", "task", "inventory"],
    support: "applied",
    effect: "when group_vars/ and host_vars/ are read",
  },
  {
    name: "INVENTORY_EXPORT",
    env: ["ANSIBLE_INVENTORY_EXPORT"],
    ini: [inventory("export")],
    type: "boolean",
    default: false,
    support: "applied",
    effect: "--list prints as --list --export",
  },
  {
    name: "PLAYBOOK_DIR",
    env: ["ANSIBLE_PLAYBOOK_DIR"],
    ini: [defaults("playbook_dir")],
    type: "path",
    default: undefined,
    support: "applied",
    effect: "the playbook directory whose group_vars/ and host_vars/ apply",
  },
  {
    name: "CACHE_PLUGIN",
    env: ["ANSIBLE_CACHE_PLUGIN"],
    ini: [defaults("fact_caching")],
    type: "string",
    default: "memory",
    support: "applied",
    effect: "the fact cache read for gathered addresses (jsonfile only)",
  },
  {
    name: "CACHE_PLUGIN_CONNECTION",
    env: ["ANSIBLE_CACHE_PLUGIN_CONNECTION"],
    ini: [defaults("fact_caching_connection")],
    // The jsonfile plugin's `_uri` option is a path; the base setting is a string.
    type: "path",
    default: undefined,
    support: "applied",
    effect: "the fact cache folder",
  },
  {
    name: "CACHE_PLUGIN_PREFIX",
    env: ["ANSIBLE_CACHE_PLUGIN_PREFIX"],
    ini: [defaults("fact_caching_prefix")],
    type: "string",
    // The jsonfile plugin's `_prefix` has no default (the base setting's `ansible_facts` is unused).
    default: undefined,
    support: "applied",
    effect: "put before host names to make fact cache file names",
  },
  {
    name: "CACHE_PLUGIN_TIMEOUT",
    env: ["ANSIBLE_CACHE_PLUGIN_TIMEOUT"],
    ini: [defaults("fact_caching_timeout")],
    type: "integer",
    default: 86400,
    support: "applied",
    effect: "seconds after which cached facts are ignored (0: never)",
  },
  {
    name: "DEFAULT_VAULT_PASSWORD_FILE",
    env: ["ANSIBLE_VAULT_PASSWORD_FILE"],
    ini: [defaults("vault_password_file")],
    type: "path",
    default: undefined,
    support: "applied",
    effect: "the vault password file when --vault-password-file is not given",
  },
  {
    name: "DEFAULT_VAULT_IDENTITY_LIST",
    env: ["ANSIBLE_VAULT_IDENTITY_LIST"],
    ini: [defaults("vault_identity_list")],
    type: "list",
    default: [],
    support: "unsupported",
    effect: "vault ids with their own password files: ha-inventory reads only vault_password_file",
  },
  {
    name: "DEFAULT_VARS_PLUGIN_PATH",
    env: ["ANSIBLE_VARS_PLUGINS"],
    ini: [defaults("vars_plugins")],
    type: "pathspec",
    default: undefined,
    support: "unsupported",
    effect: "ansible-inventory runs the vars plugins found there; ha-inventory runs none",
  },
];

/** Looks a definition up by name. */
export function settingDefinition(name: string): SettingDefinition {
  const found = SETTINGS.find((def) => def.name === name);
  if (!found) throw new Error(`Unknown setting ${name}`);
  return found;
}
