/**
 * `group_vars/` and `host_vars/` beside an inventory source or in the playbook
 * directory (spec §6), read as Ansible's `host_group_vars` plugin reads them: for an
 * entity `NAME` the first of `NAME`, `NAME.yml`, `NAME.yaml`, `NAME.json` that exists;
 * a directory is walked in sorted order.
 *
 * @module
 */

import { join } from "node:path";
import { InventoryError } from "../errors.ts";
import { compareCodePoints } from "../values/order.ts";
import { isDict, type PyDict } from "../values/types.ts";
import { isVaultEncrypted, keyLocator, loadData } from "./data_loader.ts";
import { readFailure, readText } from "./read_file.ts";
import { isEmpty } from "./yaml.ts";
import type { Warnings } from "./warnings.ts";
import type { VaultSecrets } from "../vault/keyring.ts";

const EXTENSIONS = ["", ".yml", ".yaml", ".json"];
const DIR_FILE_EXTENSIONS: ReadonlySet<string> = new Set(EXTENSIONS);

/** How a {@linkcode VarsDir} reads (Ansible settings, see `config/`). */
export interface VarsDirOptions {
  /** Lays one file's variables over the previous ones (`hash_behaviour`). @default replace */
  readonly combine?: (a: PyDict, b: PyDict) => PyDict;
  /** `YAML_FILENAME_EXTENSIONS`. @default {[".yml", ".yaml", ".json"]} */
  readonly extensions?: readonly string[];
}

/** One directory that may hold `group_vars/` and `host_vars/`, with what was read from it. */
export class VarsDir {
  readonly #groupNames: Set<string> | undefined;
  readonly #hostNames: Set<string> | undefined;
  readonly #cache = new Map<string, PyDict>();
  readonly #fileExts: readonly string[];
  readonly #dirExts: ReadonlySet<string>;

  /**
   * @param base the directory that holds `group_vars/` and `host_vars/`
   * @param warnings where to report oddities (a `group_vars` that is a file, a vault file)
   * @param vault decrypts vault-encrypted vars files; without it they are skipped
   * @param options how files combine and which extensions count
   */
  constructor(
    readonly base: string,
    readonly warnings: Warnings,
    readonly vault?: VaultSecrets,
    readonly options: VarsDirOptions = {},
  ) {
    const exts = options.extensions ?? EXTENSIONS.slice(1);
    // Ansible's find_vars_files: "yml" means ".yml" for a file name, but not in a directory.
    this.#fileExts = ["", ...exts.map((e) => e === "" || e.includes(".") ? e : "." + e)];
    this.#dirExts = new Set(["", ...exts]);
    this.#groupNames = listVarsDir(join(base, "group_vars"), warnings);
    this.#hostNames = listVarsDir(join(base, "host_vars"), warnings);
  }

  /** True when neither `group_vars/` nor `host_vars/` has anything. */
  get empty(): boolean {
    return !this.#groupNames?.size && !this.#hostNames?.size;
  }

  /** The merged variables of `group_vars/<name>`; empty when there are none. */
  groupVars(name: string): PyDict {
    return this.#entityVars("group_vars", name, this.#groupNames);
  }

  /** The merged variables of `host_vars/<name>`; empty when there are none. */
  hostVars(name: string): PyDict {
    return this.#entityVars("host_vars", name, this.#hostNames);
  }

  /** The files that hold `group_vars/<name>` or `host_vars/<name>`, in load order. */
  files(kind: "group_vars" | "host_vars", name: string): string[] {
    const names = kind === "group_vars" ? this.#groupNames : this.#hostNames;
    return names
      ? findVarsFiles(join(this.base, kind), name, names, this.#fileExts, this.#dirExts)
      : [];
  }

  #entityVars(
    kind: "group_vars" | "host_vars",
    name: string,
    names: Set<string> | undefined,
  ): PyDict {
    // Ansible skips "chroot" style names such as /srv/jail.
    if (!names || names.size === 0 || name.startsWith("/")) return EMPTY;
    const key = `${kind}/${name}`;
    let vars = this.#cache.get(key);
    if (vars) return vars;
    vars = new Map();
    for (
      const file of findVarsFiles(join(this.base, kind), name, names, this.#fileExts, this.#dirExts)
    ) {
      const loaded = loadVarsFile(file, this.warnings, this.vault);
      if (loaded) {
        vars = this.options.combine ? this.options.combine(vars, loaded) : setAll(vars, loaded);
      }
    }
    this.#cache.set(key, vars);
    return vars;
  }
}

const EMPTY: PyDict = new Map();

/** The entries of a vars directory, or undefined when there is none. */
function listVarsDir(path: string, warnings: Warnings): Set<string> | undefined {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw new InventoryError(`Cannot read the vars directory: ${readFailure(error)}`, {
      file: path,
    });
  }
  if (!info.isDirectory) {
    const kind = path.endsWith("host_vars") ? "host_vars" : "group_vars";
    warnings.add(`Found ${kind} that is not a directory, skipping: ${path}`);
    return undefined;
  }
  const names = new Set<string>();
  try {
    for (const entry of Deno.readDirSync(path)) names.add(entry.name);
  } catch (error) {
    throw new InventoryError(`Cannot list the vars directory: ${readFailure(error)}`, {
      file: path,
    });
  }
  return names;
}

/** Sets every key of `from` in `vars` (the `replace` combination, in place). */
function setAll(vars: PyDict, from: PyDict): PyDict {
  for (const [k, v] of from) vars.set(k, v);
  return vars;
}

function findVarsFiles(
  dir: string,
  name: string,
  names: Set<string>,
  fileExts: readonly string[] = EXTENSIONS,
  dirExts: ReadonlySet<string> = DIR_FILE_EXTENSIONS,
): string[] {
  for (const ext of fileExts) {
    const candidate = name + ext;
    // Names with a slash reach into subdirectories, which the listing does not cover.
    if (!name.includes("/") && !names.has(candidate)) continue;
    const path = join(dir, candidate);
    // `..` in a group or host name must not reach outside the vars directory (Ansible's
    // would): an inventory cannot make ha-inventory read files the user did not name.
    if (!path.startsWith(dir + "/")) return [];
    const info = statOrUndefined(path);
    if (!info) continue;
    if (info.isDirectory) return walkVarsDir(path, new Set(), dirExts);
    if (!info.isFile) {
      // A FIFO or device would block or never end.
      throw new InventoryError("Vars file is not a regular file (a FIFO, socket or device)", {
        file: path,
      });
    }
    return [path];
  }
  return [];
}

/** Files of a vars directory in Ansible's order; refuses symlink loops. */
function walkVarsDir(
  dir: string,
  visiting: Set<string>,
  exts: ReadonlySet<string> = DIR_FILE_EXTENSIONS,
): string[] {
  const entries: string[] = [];
  let real: string;
  try {
    real = Deno.realPathSync(dir);
    if (visiting.has(real)) {
      // Ansible descends again and again until the path gets too long; say what is wrong.
      throw new InventoryError(
        `Symbolic link loop: this directory leads back to ${real}, which contains it; remove the link`,
        { file: dir },
      );
    }
    for (const entry of Deno.readDirSync(dir)) entries.push(entry.name);
  } catch (error) {
    if (error instanceof InventoryError) throw error;
    throw new InventoryError(`Cannot list the vars directory: ${readFailure(error)}`, {
      file: dir,
    });
  }
  visiting.add(real);
  entries.sort(compareCodePoints);
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.startsWith(".") || entry.endsWith("~")) continue;
    const path = join(dir, entry);
    const info = statOrUndefined(path);
    if (!info) continue;
    const ext = extension(entry);
    if (info.isDirectory) {
      if (ext === "") found.push(...walkVarsDir(path, visiting, exts));
    } else if (info.isFile && exts.has(ext)) {
      found.push(path);
    }
  }
  visiting.delete(real);
  return found;
}

/**
 * Reads one vars file: a mapping, or undefined for an empty or skipped file (or a
 * vault-encrypted one that `vault` has not decrypted yet: the caller runs again).
 */
export function loadVarsFile(
  file: string,
  warnings: Warnings,
  vault?: VaultSecrets,
): PyDict | undefined {
  let text = readText(file);
  if (isVaultEncrypted(text)) {
    if (!vault) {
      warnings.add(
        `Skipping vault-encrypted vars file ${file}: no vault password was given, so its values are not used (facts included)`,
      );
      return undefined;
    }
    const plain = vault.plaintext(file, text);
    if (plain === undefined) return undefined;
    text = plain;
  }
  const { value } = loadData(text, file, (message) => warnings.add(message));
  // Ansible ignores falsy documents: empty files, `{}`, `[]`, `0`, `0.0`, `""`, `!unsafe ''`.
  if (isEmpty(value)) return undefined;
  if (!isDict(value)) {
    throw new InventoryError(
      `Vars file must hold a mapping of variable names to values, got ${
        Array.isArray(value) ? "a list" : "a single value"
      }`,
      keyLocator(text, file)([]),
    );
  }
  return value;
}

function statOrUndefined(path: string): Deno.FileInfo | undefined {
  try {
    return Deno.statSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    if (error instanceof Error && /too many levels of symbolic links|ELOOP/i.test(error.message)) {
      throw new InventoryError(
        "Symbolic link loop: this link leads (through others) back to itself; remove it",
        { file: path },
      );
    }
    throw new InventoryError(`Cannot read the vars file: ${readFailure(error)}`, { file: path });
  }
}

/** Python's `os.path.splitext(name)[1]`: leading dots do not start an extension. */
export function extension(name: string): string {
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return "";
  if (/^\.+$/.test(name.slice(0, dot + 1))) return "";
  return name.slice(dot);
}
