/**
 * Ansible's TOML inventory format (the `toml` plugin): top-level tables are groups with
 * `hosts` (a table of host -> variables), `vars` (a table) and `children` (an array of
 * group names). Files ending in `.toml` are read this way after the INI attempt fails,
 * as in Ansible.
 *
 * @module
 */

import { parse, TomlDate, TomlError } from "smol-toml";
import { InventorySyntaxError, type Location, withLocation } from "../errors.ts";
import { pyStr } from "../values/py_str.ts";
import { isDict, PyDate, type PyDict, PyFloat, pyInt, type PyValue } from "../values/types.ts";
import { expandHostPattern, HostPatternError } from "./host_pattern.ts";
import type { Inventory } from "./model.ts";
import type { ParseOptions } from "./parse_options.ts";
import { isEmpty } from "./yaml.ts";

/** Parses TOML inventory text into `inventory`. */
export function parseTomlInventory(
  text: string,
  file: string,
  inventory: Inventory,
  options: ParseOptions = {},
): void {
  const where: Location = { file };
  let data: PyValue;
  try {
    data = toPy(parse(text, { integersAsBigInt: true }));
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const message = error.message.split("\n")[0]!;
    throw new InventorySyntaxError(`TOML file is invalid: ${message}`, {
      file,
      line: error.line,
      column: error.column,
    });
  }
  if (isEmpty(data)) throw new InventorySyntaxError("Parsed empty TOML file", where);
  const root = data as PyDict;
  const plugin = root.get("plugin");
  if (plugin !== undefined && !isEmpty(plugin)) {
    throw new InventorySyntaxError("Plugin configuration TOML file, not TOML inventory", where);
  }
  const fail = (message: string): never => {
    throw new InventorySyntaxError(message, where);
  };
  const group = (name: string, value: PyValue): void => {
    if (value !== null && !isDict(value)) {
      inventory.warnings.add(`Skipping '${name}' as this is not a valid group definition`);
      return;
    }
    // The transformed name (force_valid_group_names); children keep theirs, as in Ansible.
    name = inventory.addGroup(name, where).name;
    if (value === null) return;
    for (const [key, section] of value) {
      if (key === "vars") {
        if (!isDict(section)) fail(`Invalid "vars" entry for "${name}" group, requires a dict`);
        for (const [varName, varValue] of section as PyDict) {
          inventory.setGroupVariable(inventory.groups.get(name)!, String(varName), varValue, where);
        }
      } else if (key === "children") {
        if (!Array.isArray(section)) {
          fail(`Invalid "children" entry for "${name}" group, requires a list`);
        }
        for (const child of section as PyValue[]) {
          const childName = typeof child === "string" ? child : pyStr(child);
          group(childName, new Map());
          withLocation(where, () => inventory.addChild(name, childName, where));
        }
      } else if (key === "hosts") {
        if (!isDict(section)) fail(`Invalid "hosts" entry for "${name}" group, requires a dict`);
        for (const [pattern, hostVars] of section as PyDict) {
          let expanded;
          try {
            expanded = expandHostPattern(String(pattern), options.maxRangeHosts);
          } catch (error) {
            if (!(error instanceof HostPatternError)) throw error;
            fail(`Cannot expand host pattern '${String(pattern)}': ${error.message}`);
          }
          if (!isDict(hostVars)) {
            fail(`Invalid data from file, expected dictionary and got:\n\n${pyStr(hostVars)}`);
          }
          withLocation(where, () => {
            for (const host of expanded!.hosts) {
              const entry = inventory.addHost(
                host,
                inventory.groups.get(name)!,
                expanded!.port,
                where,
              );
              for (const [k, v] of hostVars as PyDict) {
                inventory.setHostVariable(entry, String(k), v);
              }
            }
          });
        }
      } else {
        inventory.warnings.add(
          `Skipping unexpected key "${
            String(key)
          }" in group "${name}", only "vars", "children" and "hosts" are valid`,
        );
      }
    }
  };
  for (const [name, value] of root) group(String(name), value);
}

/** TOML values as Python's `tomllib` gives them, in the value model. */
function toPy(value: unknown): PyValue {
  if (typeof value === "bigint") return pyInt(value);
  if (typeof value === "number") return new PyFloat(value);
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof TomlDate) return isoFormat(value.toISOString());
  if (Array.isArray(value)) return value.map(toPy);
  const dict: PyDict = new Map();
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    dict.set(key, toPy(item));
  }
  return dict;
}

/**
 * The date or datetime TOML wrote, as the Python object the TOML library gives Ansible
 * (printed by `--graph --vars` and `--yaml` as Python prints it); a time of day alone as
 * Python's `isoformat()` text (Ansible cannot print those in `--list` at all).
 */
function isoFormat(iso: string): PyValue {
  const m = /^(?:(\d{4})-(\d\d)-(\d\d))?T?(?:(\d\d):(\d\d):(\d\d))?(\.\d+)?(Z|[+-]\d\d:\d\d)?$/
    .exec(iso);
  if (!m) return iso;
  const [, year, month, day, hour, minute, second, fraction, zone] = m;
  const microsecond = fraction ? Number(fraction.slice(1).padEnd(6, "0").slice(0, 6)) : 0;
  if (year === undefined) {
    let text = `${hour}:${minute}:${second}`;
    if (microsecond !== 0) text += "." + String(microsecond).padStart(6, "0");
    return text;
  }
  const time = hour === undefined ? null : {
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
    microsecond,
    offset: zone === undefined ? null : zone === "Z" ? 0 : offsetMinutes(zone),
  };
  return new PyDate(Number(year), Number(month), Number(day), time);
}

function offsetMinutes(zone: string): number {
  const minutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6));
  return zone[0] === "-" ? -minutes : minutes;
}
