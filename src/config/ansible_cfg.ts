/**
 * The user's Ansible configuration, found and read as ansible-core 2.14 does
 * (`config/manager.py`), reduced to the settings that change an inventory.
 *
 * ## Where it comes from
 * The first of these that exists and is readable is the configuration file:
 * 1. `ANSIBLE_CONFIG` (a folder means `ansible.cfg` in it); a name that does not exist is
 *    passed over silently, one that exists must end in `.cfg` or `.ini`;
 * 2. `ansible.cfg` in the current directory, unless the directory is world-writable (then
 *    it is ignored with Ansible's warning);
 * 3. `~/.ansible.cfg`;
 * 4. `/etc/ansible/ansible.cfg`.
 *
 * For each setting an `ANSIBLE_*` environment variable (even an empty one) wins over the
 * file, the file over the default. Each value remembers its origin: the variable, or the
 * file and line.
 *
 * ## How it is read
 * Python's `configparser` with Ansible's options, values fetched raw (no `%(name)s`
 * interpolation, `%%` stays `%%`); see `ini_reader.ts`. The `ini` npm package reads a
 * different dialect (`#` anywhere starts a comment, `:` is not a separator, no
 * continuation lines, `true`/`false` become booleans, quotes are JSON-decoded, `[a.b]`
 * nests, no line numbers), each of which changes values a real `ansible.cfg` can hold, so
 * it is not used. Values are then converted as Ansible's `ensure_type` does; a value
 * Ansible refuses (`hash_behaviour = deep`, `fact_caching_timeout = 1h`) is an error
 * here too, with its origin.
 *
 * @module
 */

import { dirname, isAbsolute, join, normalize } from "node:path";
import { InventoryError, type Location } from "../errors.ts";
import { pyStrip } from "../inventory/py_text.ts";
import { pyRepr } from "../values/py_str.ts";
import { type SettingDefinition, SETTINGS } from "./definitions.ts";
import { type CfgFile, getEntry, parseCfg } from "./ini_reader.ts";
import { PythonRegexError, pythonRegexToJs } from "./py_regex.ts";
import {
  type FactCacheSettings,
  type GroupNameMode,
  type HashBehaviour,
  type InventoryParserName,
  type InventorySettings,
} from "./settings.ts";

/** Reads an environment variable; undefined when unset or not readable. */
export type EnvReader = (name: string) => string | undefined;

/** Where to look: injected by tests, the process's own by default. */
export interface ConfigContext {
  /** Environment variables. @default the process environment (unreadable ones count as unset) */
  readonly env?: EnvReader;
  /** The current directory. @default `Deno.cwd()` */
  readonly cwd?: string;
}

/** Where a setting's value came from. */
export type SettingOrigin =
  | { readonly kind: "default" }
  | { readonly kind: "env"; readonly name: string }
  | {
    readonly kind: "file";
    readonly file: string;
    readonly line: number;
    readonly section: string;
    readonly key: string;
  };

/** A value a setting may take once converted. */
export type SettingValue = string | number | boolean | readonly string[] | undefined;

/** One setting's effective value. */
export interface ResolvedSetting {
  /** Its definition. */
  readonly definition: SettingDefinition;
  /** The converted value. */
  readonly value: SettingValue;
  /** Where it came from. */
  readonly origin: SettingOrigin;
}

/** The configuration as read. */
export interface AnsibleConfig {
  /** The configuration file used, if any. */
  readonly file: string | undefined;
  /** Every known setting, in definition order. */
  readonly resolved: readonly ResolvedSetting[];
  /** What the engine applies. */
  readonly settings: InventorySettings;
}

/** Ansible's warning for an `ansible.cfg` in a world-writable current directory. */
export function worldWritableWarning(cwd: string): string {
  return `Ansible is being run in a world writable directory (${cwd}), ignoring it as an ansible.cfg source. For more information see https://docs.ansible.com/ansible/devel/reference_appendices/config.html#cfg-in-world-writable-dir`;
}

/** The process environment, counting a variable the permissions hide as unset. */
export function processEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/** Finds the configuration file as Ansible does; returns it (if any) and the warnings. */
export function findConfigFile(
  context: ConfigContext = {},
): { file: string | undefined; warnings: string[] } {
  const env = context.env ?? processEnv;
  const cwd = context.cwd ?? Deno.cwd();
  const warnings: string[] = [];
  const candidates: string[] = [];
  const fromEnv = env("ANSIBLE_CONFIG");
  let envPath: string | undefined;
  if (fromEnv !== undefined) {
    envPath = unfrackPath(fromEnv, cwd, env);
    if (isDirectory(envPath)) envPath = join(envPath, "ansible.cfg");
    candidates.push(envPath);
  }
  let skippedCwd = false;
  const cwdCfg = join(cwd, "ansible.cfg");
  try {
    const mode = Deno.statSync(cwd).mode ?? 0;
    if (mode & 0o002) skippedCwd = exists(cwdCfg);
    else candidates.push(cwdCfg);
  } catch {
    // An unreadable current directory is no source, as in Ansible.
  }
  const home = env("HOME");
  if (home) candidates.push(normalize(join(home, ".ansible.cfg")));
  candidates.push("/etc/ansible/ansible.cfg");
  const file = candidates.find(readable);
  // Unless ANSIBLE_CONFIG named the file that is used, the skipped one is worth a warning.
  if (skippedCwd && (envPath === undefined || file !== envPath)) {
    warnings.push(worldWritableWarning(cwd));
  }
  if (file !== undefined && !/\.(cfg|ini)$/.test(extensionOf(file))) {
    throw new InventoryError(
      `Unsupported configuration file extension for ${file}: ${extensionOf(file)}`,
      { file },
    );
  }
  return { file, warnings };
}

/**
 * Finds, reads and resolves the configuration.
 *
 * @throws {InventorySyntaxError} for a file `configparser` refuses
 * @throws {InventoryError} for a value Ansible refuses, with its origin
 */
export function loadAnsibleConfig(context: ConfigContext = {}): AnsibleConfig {
  const env = context.env ?? processEnv;
  const cwd = context.cwd ?? Deno.cwd();
  const found = findConfigFile({ env, cwd });
  let parsed: CfgFile | undefined;
  if (found.file !== undefined) {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(Deno.readFileSync(found.file));
    } catch (error) {
      throw new InventoryError(
        error instanceof TypeError
          ? `Error reading config file because the config file was not utf8 encoded`
          : `Cannot read config file: ${(error as Error).message}`,
        { file: found.file },
      );
    }
    parsed = parseCfg(text, found.file);
  }
  return resolveConfig(parsed, { env, cwd }, found.warnings);
}

/**
 * Resolves every known setting from the environment and a parsed file.
 *
 * @param file the parsed configuration file, if any
 * @param context the environment and current directory
 * @param warnings warnings found so far (finding the file)
 */
export function resolveConfig(
  file: CfgFile | undefined,
  context: ConfigContext = {},
  warnings: readonly string[] = [],
): AnsibleConfig {
  const env = context.env ?? processEnv;
  const cwd = context.cwd ?? Deno.cwd();
  const resolved = SETTINGS.map((definition) => resolveSetting(definition, file, env, cwd));
  return {
    file: file?.path,
    resolved,
    settings: toSettings(resolved, [...warnings]),
  };
}

function resolveSetting(
  definition: SettingDefinition,
  file: CfgFile | undefined,
  env: EnvReader,
  cwd: string,
): ResolvedSetting {
  let raw: string | undefined;
  let origin: SettingOrigin = { kind: "default" };
  for (const name of definition.env) {
    const value = env(name);
    if (value !== undefined) {
      raw = value;
      origin = { kind: "env", name };
    }
  }
  if (raw === undefined && file) {
    for (const { section, key } of definition.ini) {
      const entry = getEntry(file, section, key);
      if (entry) {
        raw = entry.value;
        origin = { kind: "file", file: file.path, line: entry.line, section: entry.section, key };
      }
    }
  }
  if (raw === undefined) return { definition, value: definition.default, origin };
  let value: SettingValue;
  try {
    value = convert(raw, definition, origin, env, cwd);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    // An empty environment variable that does not convert means "the default" to Ansible.
    if (origin.kind === "env" && raw === "") {
      return { definition, value: definition.default, origin: { kind: "default" } };
    }
    throw new InventoryError(
      `Invalid type for configuration option ${definition.name} (from ${
        describeOrigin(origin)
      }): ${error.message}`,
      locationOf(origin),
    );
  }
  if (definition.choices && value !== undefined && !definition.choices.includes(value as string)) {
    throw new InventoryError(
      `Invalid value "${String(value)}" for configuration option "${definition.name}" (from ${
        describeOrigin(origin)
      }), valid values are: ${definition.choices.join(", ")}`,
      locationOf(origin),
    );
  }
  return { definition, value, origin };
}

/** Ansible's `ensure_type` for the types used here. Throws `TypeError` for a bad value. */
function convert(
  raw: string,
  definition: SettingDefinition,
  origin: SettingOrigin,
  env: EnvReader,
  cwd: string,
): SettingValue {
  // Relative paths are relative to the configuration file that set them.
  const base = origin.kind === "file" ? dirname(origin.file) : cwd;
  switch (definition.type) {
    case "list":
      return raw.split(",").map((item) => unquote(pyStrip(item)));
    case "string":
      return unquote(raw);
    case "integer": {
      const text = pyStrip(raw);
      if (!/^[+-]?\d+(?:_\d+)*$/.test(text)) {
        throw new TypeError(`invalid literal for int() with base 10: ${pyRepr(raw)}`);
      }
      return Number(text.replaceAll("_", ""));
    }
    case "boolean":
      return ["y", "yes", "on", "1", "true", "t"].includes(pyStrip(raw).toLowerCase());
    case "path":
      return resolvePath(raw, base, env, cwd);
    case "pathspec":
      return raw.split(":").map((part) => resolvePath(part, base, env, cwd));
  }
}

/** Ansible's `unquote`: one pair of matching outer quotes removed (unless the last is escaped). */
export function unquote(text: string): string {
  if (
    text.length > 1 && text[0] === text.at(-1) && (text[0] === '"' || text[0] === "'") &&
    text.at(-2) !== "\\"
  ) {
    return text.slice(1, -1);
  }
  return text;
}

/** Ansible's `resolve_path`: `{{CWD}}`, variables and `~` expanded, made absolute, normalized. */
export function resolvePath(path: string, base: string, env: EnvReader, cwd: string): string {
  const expanded = expandUser(expandVars(path.replaceAll("{{CWD}}", cwd), env), env);
  const absolute = isAbsolute(expanded) ? expanded : join(base, expanded);
  const normal = normalize(absolute);
  return normal.length > 1 ? normal.replace(/\/+$/, "") : normal;
}

/** Python's `os.path.unfrackpath(follow=False)` against `cwd`. */
function unfrackPath(path: string, cwd: string, env: EnvReader): string {
  return resolvePath(path, cwd, env, cwd);
}

/** Python's `os.path.expandvars`: `$NAME` and `${NAME}` of set variables; others left as written. */
function expandVars(path: string, env: EnvReader): string {
  if (!path.includes("$")) return path;
  return path.replace(/\$(\w+|\{[^}]*\})/g, (whole, name: string) => {
    const bare = name.startsWith("{") ? name.slice(1, -1) : name;
    return env(bare) ?? whole;
  });
}

/** Python's `os.path.expanduser` for `~` and `~/...` (another user's `~name` is left as is). */
function expandUser(path: string, env: EnvReader): string {
  if (path !== "~" && !path.startsWith("~/")) return path;
  const home = env("HOME");
  return home === undefined ? path : home.replace(/\/+$/, "") + path.slice(1) || "/";
}

/** A setting's origin in a few words: `env: ANSIBLE_X` or `file:line`. */
export function describeOrigin(origin: SettingOrigin): string {
  switch (origin.kind) {
    case "default":
      return "default";
    case "env":
      return `env: ${origin.name}`;
    case "file":
      return `${origin.file}:${origin.line}`;
  }
}

function locationOf(origin: SettingOrigin): Location | undefined {
  return origin.kind === "file" ? { file: origin.file, line: origin.line } : undefined;
}

/** How a setting was written, for messages: `[defaults] hash_behaviour (file:3)` or the variable. */
export function describeSetting(setting: ResolvedSetting): string {
  const { origin, definition } = setting;
  if (origin.kind === "env") return origin.name;
  if (origin.kind === "file") {
    return `[${origin.section}] ${origin.key} (${origin.file}:${origin.line})`;
  }
  return definition.name;
}

const PARSERS: ReadonlySet<string> = new Set(["host_list", "auto", "yaml", "ini", "toml"]);
/** Built-in inventory plugins that never read a file ha-inventory can read. */
const HARMLESS_PLUGINS: ReadonlySet<string> = new Set(["script", "constructed", "generator"]);

/** Derives what the engine applies from the resolved settings. */
function toSettings(resolved: readonly ResolvedSetting[], warnings: string[]): InventorySettings {
  const byName = new Map(resolved.map((setting) => [setting.definition.name, setting]));
  const get = (name: string) => byName.get(name)!;
  const list = (name: string) => get(name).value as readonly string[];

  for (const setting of resolved) {
    if (setting.definition.support === "unsupported" && setting.origin.kind !== "default") {
      warnings.push(
        `${
          describeSetting(setting)
        } is set, but ha-inventory does not apply it: ${setting.definition.effect}`,
      );
    }
  }

  const patterns = get("INVENTORY_IGNORE_PATTERNS");
  const ignorePatterns = (patterns.value as readonly string[]).map((pattern) => {
    try {
      return pythonRegexToJs(pattern);
    } catch (error) {
      if (!(error instanceof PythonRegexError)) throw error;
      throw new InventoryError(
        `Invalid regular expression ${pyRepr(pattern)} in ${
          describeSetting(patterns)
        }: ${error.message}`,
        locationOf(patterns.origin),
      );
    }
  });

  const enabled = get("INVENTORY_ENABLED");
  const inventoryPlugins: InventoryParserName[] = [];
  for (const name of enabled.value as readonly string[]) {
    const short = name.replace(/^ansible\.(builtin|legacy)\./, "");
    if (PARSERS.has(short)) {
      if (!inventoryPlugins.includes(short as InventoryParserName)) {
        inventoryPlugins.push(short as InventoryParserName);
      }
    } else if (!HARMLESS_PLUGINS.has(short)) {
      warnings.push(
        `${
          describeSetting(enabled)
        } enables the inventory plugin '${name}', which ha-inventory does not have: sources it would read are read by the other enabled parsers (${
          [...PARSERS].join(", ")
        } only)`,
      );
    }
  }
  if (inventoryPlugins.length === 0) {
    throw new InventoryError(
      `No inventory plugins available to generate inventory, make sure you have at least one enabled (${
        describeSetting(enabled)
      } enables none of ${[...PARSERS].join(", ")})`,
      locationOf(enabled.origin),
    );
  }

  const varsEnabled = get("VARIABLE_PLUGINS_ENABLED");
  let hostGroupVarsEnabled = false;
  for (const name of varsEnabled.value as readonly string[]) {
    if (/^(ansible\.(builtin|legacy)\.)?host_group_vars$/.test(name)) hostGroupVarsEnabled = true;
    else if (name !== "") {
      warnings.push(
        `${
          describeSetting(varsEnabled)
        } enables the vars plugin '${name}', which ha-inventory does not run: only host_group_vars (group_vars/ and host_vars/) is read`,
      );
    }
  }
  const stage = get("stage").value as string | undefined;
  const start = get("RUN_VARS_PLUGINS").value === "start";
  // ansible-inventory asks for variables at stage "all"; parsing runs stage "inventory".
  const hostGroupVars = {
    atParse: hostGroupVarsEnabled &&
      (stage === undefined ? start : stage === "all" || stage === "inventory"),
    onDemand: hostGroupVarsEnabled && (stage === undefined || stage === "all"),
  };

  return {
    ignoreExtensions: list("INVENTORY_IGNORE_EXTS"),
    ignorePatterns,
    hashBehaviour: get("DEFAULT_HASH_BEHAVIOUR").value as HashBehaviour,
    groupNames: get("TRANSFORM_INVALID_GROUP_CHARS").value as GroupNameMode,
    inventoryPlugins,
    yamlExtensions: list("yaml_extensions"),
    varsExtensions: list("YAML_FILENAME_EXTENSIONS"),
    precedence: list("VARIABLE_PRECEDENCE"),
    hostGroupVars,
    export: get("INVENTORY_EXPORT").value as boolean,
    playbookDir: get("PLAYBOOK_DIR").value as string | undefined,
    factCache: factCacheSettings(get, warnings),
    warnings,
  };
}

function factCacheSettings(
  get: (name: string) => ResolvedSetting,
  warnings: string[],
): FactCacheSettings | undefined {
  const plugin = get("CACHE_PLUGIN");
  const name = (plugin.value as string).replace(/^ansible\.(builtin|legacy)\./, "");
  if (name === "memory") return undefined;
  if (name !== "jsonfile") {
    warnings.push(
      `${
        describeSetting(plugin)
      } selects the fact cache '${plugin.value}'; ha-inventory reads only jsonfile caches, so addresses from gathered facts stay deferred to Ansible`,
    );
    return undefined;
  }
  const dir = get("CACHE_PLUGIN_CONNECTION").value as string | undefined;
  if (dir === undefined || dir === "") {
    throw new InventoryError(
      "error, 'jsonfile' cache plugin requires the 'fact_caching_connection' config option to be set (to a writeable directory path)",
      locationOf(plugin.origin),
    );
  }
  return {
    dir,
    prefix: (get("CACHE_PLUGIN_PREFIX").value as string | undefined) ?? "",
    timeout: get("CACHE_PLUGIN_TIMEOUT").value as number,
  };
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

/** Exists and can be opened for reading (Python's `os.path.exists` and `os.access(R_OK)`). */
function readable(path: string): boolean {
  try {
    Deno.openSync(path, { read: true }).close();
    return true;
  } catch {
    return false;
  }
}

/** Python's `os.path.splitext(path)[1]`. */
function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  if (dot <= 0 || /^\.+$/.test(name.slice(0, dot + 1))) return "";
  return name.slice(dot);
}
