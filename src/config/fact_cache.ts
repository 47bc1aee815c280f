/**
 * Ansible's `jsonfile` fact cache, read-only: one JSON file per host in the cache folder,
 * named `<prefix><inventory_hostname>`, holding the facts `setup` gathered
 * (`ansible_default_ipv4`, `ansible_hostname`, ...). An entry older than the timeout
 * (by the file's modification time; 0 means never) is ignored, as Ansible ignores it.
 *
 * Only the facts Kubespray's address chains and names read are taken
 * ({@linkcode CACHED_FACT_NAMES}). Where Ansible would delete a file it cannot decode
 * and stop, ha-inventory leaves the file alone and warns.
 *
 * The folder is listed once; only hosts with a file are read, and only when asked for.
 *
 * @module
 */

import { join } from "node:path";
import { parsePythonJson } from "../values/json.ts";
import { isDict, type PyDict, type PyValue, Unsafe } from "../values/types.ts";
import type { FactCacheSettings } from "./settings.ts";

/** The gathered facts taken from a cache entry. */
export const CACHED_FACT_NAMES: readonly string[] = ["ansible_default_ipv4", "ansible_hostname"];

/** One host's cache entry. */
export interface CachedFacts {
  /** The cache file. */
  readonly file: string;
  /** Its age in seconds (now minus its modification time). */
  readonly ageSeconds: number;
  /** True when it is older than the timeout: its facts are not used. */
  readonly expired: boolean;
  /** The facts taken from it (of {@linkcode CACHED_FACT_NAMES}); empty when expired. */
  readonly facts: PyDict;
}

/** A `jsonfile` fact cache folder. */
export class JsonFileFactCache {
  #names: Set<string> | undefined;
  readonly #entries = new Map<string, CachedFacts | undefined>();

  /**
   * @param settings the folder, prefix and timeout
   * @param warn where to report unreadable entries
   * @param now the current time in milliseconds (injected by tests)
   */
  constructor(
    readonly settings: FactCacheSettings,
    readonly warn: (message: string) => void,
    readonly now: number = Date.now(),
  ) {}

  /** The host's entry, or undefined when the cache has none (or it cannot be read). */
  get(host: string): CachedFacts | undefined {
    if (host === "") return undefined;
    if (this.#entries.has(host)) return this.#entries.get(host);
    const entry = this.#read(host);
    this.#entries.set(host, entry);
    return entry;
  }

  #read(host: string): CachedFacts | undefined {
    const name = this.settings.prefix + host;
    // A name with a slash reaches below the folder, as the "%s/%s%s" path does in Ansible.
    if (!name.includes("/") && !this.#listing().has(name)) return undefined;
    const file = join(this.settings.dir, name);
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(file);
    } catch {
      return undefined;
    }
    if (!info.isFile) return undefined;
    const ageSeconds = (this.now - (info.mtime?.getTime() ?? this.now)) / 1000;
    const { timeout } = this.settings;
    if (timeout !== 0 && !(ageSeconds <= timeout)) {
      return { file, ageSeconds, expired: true, facts: new Map() };
    }
    let value: PyValue;
    try {
      value = parsePythonJson(Deno.readTextFileSync(file), file);
    } catch (error) {
      this.warn(
        `error in 'jsonfile' cache plugin while trying to read ${file}: ${
          (error as Error).message
        }. The entry is ignored (Ansible would delete the file and stop)`,
      );
      return undefined;
    }
    if (!isDict(value)) {
      this.warn(`The fact cache file ${file} does not hold a mapping of facts; it is ignored`);
      return undefined;
    }
    const facts: PyDict = new Map();
    for (const fact of CACHED_FACT_NAMES) {
      if (value.has(fact)) facts.set(fact, guarded(value.get(fact)!));
    }
    return { file, ageSeconds, expired: false, facts };
  }

  #listing(): Set<string> {
    if (!this.#names) {
      this.#names = new Set();
      try {
        for (const entry of Deno.readDirSync(this.settings.dir)) this.#names.add(entry.name);
      } catch {
        // No folder yet: Ansible would create it; there is nothing to read.
      }
    }
    return this.#names;
  }
}

/**
 * Gathered facts are unsafe to Ansible (never templated). Text that looks like a template
 * is kept as {@linkcode Unsafe} so that nothing downstream evaluates it; plain text stays plain.
 */
function guarded(value: PyValue): PyValue {
  if (typeof value === "string") return value.includes("{") ? new Unsafe(value) : value;
  if (Array.isArray(value)) return value.map(guarded);
  if (isDict(value)) return new Map([...value].map(([k, v]) => [k, guarded(v)]));
  return value;
}
