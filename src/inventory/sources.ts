/**
 * Inventory sources: a file, a directory of files, or a comma-separated host list,
 * and for a file, which parser reads it (spec §0.1, §10). Ansible offers a file to its
 * plugins in a fixed order and keeps the first that succeeds; a failing plugin's
 * partial work stays in the model, and so it does here.
 *
 * Unlike `ansible-inventory`, a source no parser accepts is an error, not a warning:
 * a half-read HA inventory is a dangerous thing to hand to a playbook.
 *
 * @module
 */

import { dirname, isAbsolute, join, resolve } from "node:path";
import { InventoryError, InventorySyntaxError } from "../errors.ts";
import { isVaultEncrypted, keyLocator, loadData, type LoadedData } from "./data_loader.ts";
import { parseAddress } from "./host_pattern.ts";
import { parseIni } from "./ini.ts";
import type { Inventory } from "./model.ts";
import type { ParseOptions } from "./parse_options.ts";
import { readFailure, readText } from "./read_file.ts";
import { extension } from "./vars_files.ts";
import { compareCodePoints } from "../values/order.ts";
import { parseTomlInventory } from "./toml.ts";
import { parseYamlInventory } from "./yaml.ts";
import type { VaultSecrets } from "../vault/keyring.ts";

/** Names Ansible 2.14 skips inside a directory source (`INVENTORY_IGNORE_EXTS` and friends). */
export const DEFAULT_IGNORE_EXTENSIONS: readonly string[] = [
  ".pyc",
  ".pyo",
  ".swp",
  ".bak",
  "~",
  ".rpm",
  ".md",
  ".txt",
  ".rst",
  ".orig",
  ".ini",
  ".cfg",
  ".retry",
];

/** Options for reading sources. */
export interface SourceOptions extends ParseOptions {
  /** Name endings to skip in directory sources. @default {DEFAULT_IGNORE_EXTENSIONS} */
  readonly ignoreExtensions?: readonly string[];
  /** Regular expressions (searched in names) to skip in directory sources. @default {[]} */
  readonly ignorePatterns?: readonly string[];
  /** Files never to read as sources (the running executable itself, say). */
  readonly skipFiles?: ReadonlySet<string>;
  /**
   * `[inventory] enable_plugins`: the parsers that may read a source, in the order they
   * try it (`host_list`, `auto`, `yaml`, `ini`, `toml`). @default {all of them, in that order}
   */
  readonly inventoryPlugins?: readonly string[];
  /** The `yaml` parser's file extensions (`yaml_valid_extensions`). @default {[".yaml", ".yml", ".json"]} */
  readonly yamlExtensions?: readonly string[];
  /** Decrypts vault-encrypted files; without it they are refused (sources) or skipped (vars). */
  readonly vault?: VaultSecrets;
}

/** What reading the sources found. */
export interface ReadSources {
  /** Base directories whose `group_vars/` and `host_vars/` apply, in source order. */
  readonly varsBases: string[];
  /** Every file read as a source, with the parser that read it. */
  readonly files: { path: string; parser: string }[];
}

/** Reads each source into `inventory`, in order. Does not reconcile. */
export function readSources(
  sources: readonly string[],
  inventory: Inventory,
  options: SourceOptions = {},
): ReadSources {
  const result: ReadSources = { varsBases: [], files: [] };
  for (const source of sources) {
    if (source === "") continue;
    if (source.includes(",") && !exists(source)) {
      if (options.inventoryPlugins && !options.inventoryPlugins.includes("host_list")) {
        throw new InventoryError(
          `Unable to parse ${source} as an inventory source: it is a host list, and the host_list plugin is not in [inventory] enable_plugins`,
        );
      }
      readHostList(source, inventory);
      continue;
    }
    const path = absolutePath(source);
    const info = statSource(path, source);
    if (info.isDirectory) {
      readDirectory(path, inventory, options, result);
      result.varsBases.push(path);
    } else {
      readFile(path, inventory, options, result);
      result.varsBases.push(dirname(path));
    }
  }
  return result;
}

/** Ansible's `unfrackpath(follow=False)`: `~` expanded, made absolute, links kept. */
export function absolutePath(source: string): string {
  let path = source;
  if (path === "~" || path.startsWith("~/")) {
    const home = Deno.env.get("HOME");
    if (home) path = home + path.slice(1);
  }
  return isAbsolute(path) ? resolve(path) : resolve(Deno.cwd(), path);
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

function statSource(path: string, source: string): Deno.FileInfo {
  try {
    return Deno.statSync(path);
  } catch (error) {
    throw new InventoryError(`Cannot read inventory source: ${readFailure(error)}`, {
      file: source,
    });
  }
}

/** `-i 'a,b:2222,c'`: Ansible's `host_list` plugin (no ranges, hosts go to `ungrouped`). */
function readHostList(source: string, inventory: Inventory): void {
  const ungrouped = inventory.groups.get("ungrouped")!;
  for (const raw of source.split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    const parsed = parseAddress(entry);
    const usable = parsed && !parsed.host.includes("[");
    const name = usable ? parsed.host : entry;
    if (!inventory.hosts.has(name)) {
      inventory.addHost(name, ungrouped, usable ? parsed.port : undefined, { file: source });
    }
  }
}

function readDirectory(
  dir: string,
  inventory: Inventory,
  options: SourceOptions,
  result: ReadSources,
): void {
  const ignored = ignoreRegex(options);
  let names: string[];
  try {
    names = [...Deno.readDirSync(dir)].map((entry) => entry.name).sort(compareCodePoints);
  } catch (error) {
    throw new InventoryError(`Cannot list directory: ${readFailure(error)}`, { file: dir });
  }
  for (const name of names) {
    if (ignored.test(name)) continue;
    const path = join(dir, name);
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(path);
    } catch (error) {
      throw new InventoryError(`Cannot read inventory source: ${readFailure(error)}`, {
        file: path,
      });
    }
    if (info.isDirectory) readDirectory(path, inventory, options, result);
    else readFile(path, inventory, options, result);
  }
}

function ignoreRegex(options: SourceOptions): RegExp {
  const always = ["^\\.", "^host_vars$", "^group_vars$", "^vars_plugins$"];
  const patterns = options.ignorePatterns ?? [];
  const exts = (options.ignoreExtensions ?? DEFAULT_IGNORE_EXTENSIONS).map((ext) =>
    ext.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "$"
  );
  return new RegExp([...always, ...patterns, ...exts].join("|"));
}

/** One parser attempt: its name and what it does with the file's text. */
interface Parser {
  readonly name: string;
  /** Ansible's `verify_file`: does this parser want the file at all? */
  wants(path: string, options: SourceOptions): boolean;
  parse(text: string, path: string, inventory: Inventory, options: ParseOptions): void;
}

/**
 * The auto and yaml parsers both load a `.yml` file: the result is kept for the file
 * {@linkcode readFile} is working on (and dropped after it), so big files load once.
 */
let loadedHere: { text: string; path: string; loaded: LoadedData } | undefined;

function loadOnce(text: string, path: string, inventory: Inventory): LoadedData {
  if (loadedHere !== undefined && loadedHere.text === text && loadedHere.path === path) {
    return loadedHere.loaded;
  }
  const loaded = loadData(text, path, (message) => inventory.warnings.add(message));
  loadedHere = { text, path, loaded };
  return loaded;
}

/** Errors from files that loaded as a YAML mapping but are not a valid YAML inventory. */
const MEANT_AS_YAML = new WeakSet<Error>();

const YAML_EXTENSIONS: readonly string[] = [".yaml", ".yml", ".json"];

/** Ansible's plugin order after `host_list` and `script`: auto, yaml, ini, toml. */
const PARSERS: readonly Parser[] = [
  {
    name: "auto",
    wants: (path) => path.endsWith(".yml") || path.endsWith(".yaml"),
    parse(text, path, inventory) {
      const { value } = loadOnce(text, path, inventory);
      const plugin = value instanceof Map ? value.get("plugin") : undefined;
      if (plugin === undefined || plugin === null || plugin === "") {
        throw new InventorySyntaxError(
          `no root 'plugin' key found, '${path}' is not a valid YAML inventory plugin config file`,
          { file: path },
        );
      }
      throw new InventoryError(
        `Plugin configuration YAML file, not YAML inventory: it configures the inventory plugin '${
          String(plugin)
        }', and ha-inventory reads INI and YAML inventories only`,
        keyLocator(text, path)(["plugin"]),
      );
    },
  },
  {
    name: "yaml",
    wants(path, options) {
      const ext = extension(path.slice(path.lastIndexOf("/") + 1));
      return ext === "" || (options.yamlExtensions ?? YAML_EXTENSIONS).includes(ext);
    },
    parse(text, path, inventory, options) {
      const loaded = loadOnce(text, path, inventory);
      try {
        parseYamlInventory(loaded.value, path, inventory, {
          ...options,
          fromJson: loaded.fromJson,
          locate: keyLocator(text, path),
        });
      } catch (error) {
        // A mapping that is not a valid inventory was meant as YAML: its error is the useful one.
        if (loaded.value instanceof Map && error instanceof Error) MEANT_AS_YAML.add(error);
        throw error;
      }
    },
  },
  {
    name: "ini",
    wants: () => true,
    parse(text, path, inventory, options) {
      if (text.startsWith("\ufeff")) {
        throw new InventorySyntaxError(
          "File starts with a UTF-8 byte order mark, which Ansible's INI parser reads as part of the first line; save the file without it",
          { file: path, line: 1, column: 1 },
        );
      }
      parseIni(text, path, inventory, options);
    },
  },
  {
    name: "toml",
    wants: (path) => path.endsWith(".toml"),
    parse: parseTomlInventory,
  },
];

function readFile(
  path: string,
  inventory: Inventory,
  options: SourceOptions,
  result: ReadSources,
): void {
  if (options.skipFiles?.has(path)) return;
  let text = readSourceText(path);
  if (isVaultEncrypted(text)) {
    if (!options.vault) {
      throw new InventoryError(
        "The inventory file is vault-encrypted; give its password with --vault-password-file FILE or ANSIBLE_VAULT_PASSWORD_FILE",
        { file: path },
      );
    }
    const plain = options.vault.plaintext(path, text);
    // Not decrypted yet: this pass goes on without it and the caller runs again.
    if (plain === undefined) return;
    text = plain;
  }
  const failures: { parser: string; error: Error }[] = [];
  const enabled = options.inventoryPlugins;
  const parsers = enabled
    ? enabled.flatMap((name) => PARSERS.filter((p) => p.name === name))
    : PARSERS;
  try {
    for (const parser of parsers) {
      if (!parser.wants(path, options)) continue;
      try {
        parser.parse(text, path, inventory, options);
        result.files.push({ path, parser: parser.name });
        return;
      } catch (error) {
        if (!(error instanceof InventorySyntaxError || error instanceof InventoryError)) {
          throw error;
        }
        failures.push({ parser: parser.name, error });
      }
    }
  } finally {
    loadedHere = undefined;
  }
  if (failures.length === 0) {
    throw new InventoryError(
      `Unable to parse the file as an inventory source: none of the parsers [inventory] enable_plugins enables (${
        parsers.map((p) => p.name).join(", ")
      }) reads a file named like this`,
      { file: path },
    );
  }
  throw explainFailures(path, failures);
}

/** Reads a source file; refuses programs, which Ansible would run as inventory scripts. */
function readSourceText(path: string): string {
  let head: Uint8Array;
  try {
    // A FIFO or device would block or never end (and `-i /dev/zero` must not eat memory).
    if (!Deno.statSync(path).isFile) {
      throw new InventoryError(
        "Inventory source is not a regular file (a FIFO, socket or device)",
        { file: path },
      );
    }
    const file = Deno.openSync(path);
    try {
      head = new Uint8Array(4);
      const n = file.readSync(head) ?? 0;
      head = head.subarray(0, n);
    } finally {
      file.close();
    }
  } catch (error) {
    if (error instanceof InventoryError) throw error;
    throw new InventoryError(`Cannot read inventory source: ${readFailure(error)}`, { file: path });
  }
  if (head[0] === 0x23 && head[1] === 0x21) {
    throw new InventoryError(
      "The file is an inventory script (it starts with #!); Ansible would run it, ha-inventory never runs code from an inventory",
      { file: path },
    );
  }
  if (head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) {
    throw new InventoryError(
      "The file is a program (an ELF executable); Ansible would run it as an inventory script, ha-inventory never runs code from an inventory",
      { file: path },
    );
  }
  return readText(path);
}

/**
 * The error to report when no parser read a file: the one from the parser the file was
 * most likely written for, the others mentioned after it.
 */
const label: Record<string, string> = { ini: "INI", toml: "TOML", yaml: "YAML", auto: "YAML" };

function explainFailures(
  path: string,
  failures: { parser: string; error: Error }[],
): Error {
  const ext = extension(path.slice(path.lastIndexOf("/") + 1));
  const yamlFirst = [".yml", ".yaml", ".json"].includes(ext) ||
    failures.some((f) => MEANT_AS_YAML.has(f.error));
  const preferred = ext === ".toml"
    ? ["toml", "ini"]
    : yamlFirst
    ? ["auto", "yaml", "ini"]
    : ["ini", "yaml", "auto"];
  failures.sort((a, b) => preferred.indexOf(a.parser) - preferred.indexOf(b.parser));
  // "Not a plugin config" says nothing useful once a real parser has spoken.
  const useful = failures.filter((f) => !f.error.message.startsWith("no root 'plugin' key"));
  const main = (useful[0] ?? failures[0])!;
  // A name ending in .yml, .json, .toml, ... says what the file was meant to be: the
  // other parsers' complaints are noise then. Without an extension, say both.
  const others = ext !== ""
    ? []
    : useful.filter((f) =>
      f !== main && f.error.message !== main.error.message && label[f.parser] !== label[main.parser]
    );
  if (others.length === 0) return main.error;
  const note = others.map((f) => {
    const line = (f.error as InventorySyntaxError | InventoryError).location?.line;
    return `not ${label[f.parser]} either${
      line === undefined ? "" : ` (line ${line})`
    }: ${f.error.message}`;
  }).join("; ");
  const error = main.error;
  const message = `${error.message} (${note})`;
  return error instanceof InventorySyntaxError
    ? new InventorySyntaxError(message, error.location)
    : new InventoryError(message, (error as InventoryError).location);
}
