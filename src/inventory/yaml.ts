/**
 * Ansible's YAML inventory structure (spec §4.2): every top-level key is a group with
 * optional `hosts`, `vars` and `children`. The text itself is loaded elsewhere
 * (JSON first, then YAML 1.1, as Ansible's data loader does); this module walks the
 * loaded value into the inventory model.
 *
 * @module
 */

import {
  InventoryError,
  InventorySyntaxError,
  type Location,
  UnserializableValueError,
} from "../errors.ts";
import { pyStr } from "../values/py_str.ts";
import { isDict, PyDate, type PyDict, type PyKey, type PyValue, Unsafe } from "../values/types.ts";
import { expandHostPattern, expandsToItself, HostPatternError } from "./host_pattern.ts";
import type { Group, Inventory } from "./model.ts";
import type { ParseOptions } from "./parse_options.ts";
import { emptyRangeWarning } from "./ini.ts";

const SECTIONS = ["vars", "children", "hosts"] as const;

/** The variables of a host entry without any (only read, never changed). */
const NO_VARS: PyDict = new Map();

/** Options of {@linkcode parseYamlInventory}. */
export interface YamlInventoryOptions extends ParseOptions {
  /** The text was JSON: Python's plain type names in messages. */
  readonly fromJson?: boolean;
  /**
   * Where the key at `path` (group, section, host pattern, ... from the top) is written;
   * asked only when reporting an error, so it may be slow.
   */
  readonly locate?: (path: readonly PyKey[]) => Location;
}

/**
 * Reads a loaded YAML (or JSON) document as an inventory. `fromJson` only changes the
 * Python type names quoted in messages, as Ansible's do.
 */
export function parseYamlInventory(
  data: PyValue,
  file: string,
  inventory: Inventory,
  options: YamlInventoryOptions = {},
): void {
  const where: Location = { file };
  const fail = (message: string): never => {
    throw new InventorySyntaxError(message, options.locate?.([]) ?? where);
  };
  if (isEmpty(data)) fail("Parsed empty YAML file");
  if (!isDict(data)) {
    fail(
      `YAML inventory has invalid structure, it should be a dictionary, got: ${
        typeName(data, options.fromJson)
      }`,
    );
  }
  const plugin = (data as PyDict).get("plugin");
  if (plugin !== undefined && !isEmpty(plugin)) {
    fail("Plugin configuration YAML file, not YAML inventory");
  }
  const walker = new GroupWalker(inventory, where, options);
  for (const [name, value] of data as PyDict) walker.group(name, value, []);
}

class GroupWalker {
  constructor(
    readonly inventory: Inventory,
    readonly where: Location,
    readonly options: YamlInventoryOptions,
  ) {}

  /** Where the key at `path` is written: the line when it can be found, else the file. */
  at(path: readonly PyKey[]): Location {
    return this.options.locate?.(path) ?? this.where;
  }

  fail(message: string, path: readonly PyKey[]): never {
    throw new InventorySyntaxError(message, this.at(path));
  }

  /**
   * Processes one group definition; returns the name used (Ansible returns it even when
   * skipped). `parent` is the path of the mapping that holds `key`, for error locations.
   */
  group(key: PyKey, data: PyValue, parent: readonly PyKey[]): PyKey {
    const path = [...parent, key];
    const { inventory } = this;
    if (data !== null && !isDict(data)) {
      inventory.warnings.add(`Skipping '${pyStr(key)}' as this is not a valid group definition`);
      return key;
    }
    const name = inventory.addGroup(groupName(key, this, path), this.where).name;
    if (data === null) return name;

    for (const section of SECTIONS) {
      if (!data.has(section)) continue;
      const value = data.get(section)!;
      if (typeof value === "string" || value instanceof Unsafe) {
        data.set(section, new Map([[textOf(value), null]]));
      } else if (value !== null && !isDict(value)) {
        this.fail(
          `Invalid "${section}" entry for "${name}" group, requires a dictionary, found "${
            typeName(value, this.options.fromJson)
          }" instead.`,
          [...path, section],
        );
      }
    }

    for (const [key, value] of data) {
      if (value !== null && !isDict(value)) {
        inventory.warnings.add(
          `Skipping key (${pyStr(key)}) in group (${name}) as it is not a mapping, it is a ${
            typeName(value, this.options.fromJson)
          }`,
        );
        continue;
      }
      if (value === null) continue;
      if (key === "vars") {
        const group = inventory.groups.get(name)!;
        for (const [name, varValue] of value) {
          this.guard(
            () => inventory.setGroupVariable(group, varName(name), varValue, this.origin()),
            [...path, "vars", name],
          );
        }
      } else if (key === "children") {
        for (const [childKey, childData] of value) {
          const child = this.group(childKey, childData, [...path, "children"]);
          this.guard(
            () =>
              inventory.addChild(
                name,
                typeof child === "string" ? child : pyStr(child),
                this.where,
              ),
            [...path, "children", childKey],
          );
        }
      } else if (key === "hosts") {
        const group = inventory.groups.get(name)!;
        value.forEach((hostVars, pattern) => this.hosts(group, pattern, hostVars, path));
      } else {
        inventory.warnings.add(
          `Skipping unexpected key (${
            pyStr(key)
          }) in group (${name}), only "vars", "children" and "hosts" are valid`,
        );
      }
    }
    return name;
  }

  /** One host pattern of a group; `groupPath` (the group's path) places errors. */
  hosts(group: Group, pattern: PyKey, hostVars: PyValue, groupPath: readonly PyKey[]): void {
    const { inventory } = this;
    if (typeof pattern !== "string") {
      this.fail(
        `Host pattern ${
          pyStr(pattern)
        } must be a string. Enclose integers/floats in quotation marks.`,
        hostPath(groupPath, pattern),
      );
    }
    // Most patterns are a plain host name, which expands to itself.
    let expanded: { hosts: string[]; port: number | undefined } | undefined;
    if (!expandsToItself(pattern as string)) {
      try {
        expanded = expandHostPattern(pattern as string, this.options.maxRangeHosts);
      } catch (error) {
        if (!(error instanceof HostPatternError)) throw error;
        this.fail(
          `Cannot expand host pattern '${pattern as string}': ${error.message}`,
          hostPath(groupPath, pattern),
        );
      }
      if (expanded.hosts.length === 0) {
        inventory.warnings.add(
          emptyRangeWarning(pattern as string, this.at(hostPath(groupPath, pattern))),
        );
      }
    }
    // Ansible uses `value or {}`: any falsy value means "no variables".
    const vars = isEmpty(hostVars) ? NO_VARS : hostVars;
    if (!isDict(vars)) {
      this.fail(
        `Invalid data from file, expected dictionary and got:\n\n${pyStr(vars)}`,
        hostPath(groupPath, pattern),
      );
    }
    const origin = this.origin();
    try {
      if (expanded === undefined) this.host(group, pattern as string, undefined, vars, origin);
      else for (const name of expanded.hosts) this.host(group, name, expanded.port, vars, origin);
    } catch (error) {
      throw this.relocated(error, hostPath(groupPath, pattern));
    }
  }

  host(
    group: Group,
    name: string,
    port: number | undefined,
    vars: PyDict,
    origin: Location | undefined,
  ): void {
    const { inventory } = this;
    const host = inventory.addHost(name, group, port, this.where);
    if (vars.size === 0) return;
    // forEach makes no entry arrays, which for...of does until the code is optimised.
    vars.forEach((value, key) => inventory.setHostVariable(host, varName(key), value, origin));
  }

  origin(): Location | undefined {
    return this.options.trackOrigins ? this.where : undefined;
  }

  /** Runs a model operation; its errors get the location of the key at `path`. */
  guard(action: () => void, path: readonly PyKey[]): void {
    try {
      action();
    } catch (error) {
      throw this.relocated(error, path);
    }
  }

  /** A model error placed at the key at `path` when it has no line yet; others as they are. */
  relocated(error: unknown, path: readonly PyKey[]): unknown {
    if (error instanceof InventoryError && error.location?.line === undefined) {
      return new InventoryError(error.message, this.at(path));
    }
    return error;
  }
}

/** Where a host pattern is, for messages (only made for them). */
function hostPath(groupPath: readonly PyKey[], pattern: PyKey): PyKey[] {
  return [...groupPath, "hosts", pattern];
}

function groupName(key: PyKey, walker: GroupWalker, path: readonly PyKey[]): string {
  if (typeof key === "string") {
    if (key === "") {
      walker.fail(`Unable to add group : Invalid empty/false group name provided: `, path);
    }
    return key;
  }
  if (key === null || key === false || key === 0) {
    walker.fail(
      `Unable to add group ${pyStr(key)}: Invalid empty/false group name provided: ${pyStr(key)}`,
      path,
    );
  }
  return walker.fail(
    `Unable to add group ${pyStr(key)}: Invalid group name supplied, expected a string but got ${
      typeName(key as PyValue)
    } for ${pyStr(key)}`,
    path,
  );
}

/**
 * A variable name as Ansible keeps it: any key the YAML gave (`1:` is the int 1), except
 * a date, which Ansible keeps too but cannot print (its JSON output then crashes with
 * this message): refused as early, as literal_eval's sets are.
 */
function varName(key: PyKey): PyKey {
  if (key instanceof PyDate) {
    throw new UnserializableValueError(
      `keys must be str, int, float, bool or None, not ${key.time === null ? "date" : "datetime"}`,
    );
  }
  return key;
}

function textOf(value: string | Unsafe): string {
  return typeof value === "string" ? value : value.value;
}

/** Python truthiness, for the places Ansible tests `if not data`. */
export function isEmpty(value: PyValue): boolean {
  if (value === null || value === false || value === 0 || value === "" || value === 0n) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isDict(value)) return value.size === 0;
  if (value instanceof Unsafe) return value.value === "";
  if (typeof value === "object" && "value" in value && typeof value.value === "number") {
    return value.value === 0;
  }
  return false;
}

/** The `type(x)` text Ansible prints for a loaded value. */
export function typeName(value: PyValue, fromJson = false): string {
  if (value === null) return "<class 'NoneType'>";
  if (typeof value === "boolean") return "<class 'bool'>";
  if (typeof value === "number" || typeof value === "bigint") return "<class 'int'>";
  if (typeof value === "string") {
    return fromJson ? "<class 'str'>" : "<class 'ansible.parsing.yaml.objects.AnsibleUnicode'>";
  }
  if (Array.isArray(value)) {
    return fromJson ? "<class 'list'>" : "<class 'ansible.parsing.yaml.objects.AnsibleSequence'>";
  }
  if (isDict(value)) {
    return fromJson ? "<class 'dict'>" : "<class 'ansible.parsing.yaml.objects.AnsibleMapping'>";
  }
  if (value instanceof Unsafe) return "<class 'ansible.utils.unsafe_proxy.AnsibleUnsafeText'>";
  if (value instanceof PyDate) {
    return value.time === null ? "<class 'datetime.date'>" : "<class 'datetime.datetime'>";
  }
  if ("ciphertext" in value) {
    return "<class 'ansible.parsing.yaml.objects.AnsibleVaultEncryptedUnicode'>";
  }
  return "<class 'float'>";
}
