/**
 * `--list`: the dynamic-inventory JSON document, byte for byte as `ansible-inventory
 * --list` prints it (spec §8.1, §8.2, §9).
 *
 * @module
 */

import type { Group, Inventory } from "../inventory/model.ts";
import { dumpJson, UnsortableKeysError } from "../values/json.ts";
import type { PyDict, PyValue } from "../values/types.ts";

/** Options for {@linkcode renderList}. */
export interface ListOptions {
  /**
   * Variables to print for a group (`--export` prints them; plain `--list` does not).
   */
  readonly groupVars?: (group: Group) => PyDict;
  /**
   * Only these hosts (`--limit`): group member lists keep just them, and a group left with
   * no hosts and no children is not printed, as ansible-inventory's `--limit` does.
   */
  readonly hostFilter?: ReadonlySet<string>;
  /** Called with a warning when keys cannot be sorted and the document is printed unsorted. */
  readonly onWarning?: (message: string) => void;
}

/**
 * The `--list` document (without the final newline). `hostvars` holds each host's
 * variables; hosts with none are left out of `_meta.hostvars`, as Ansible does.
 */
export function renderList(
  inventory: Inventory,
  hostvars: ReadonlyMap<string, PyDict>,
  options: ListOptions = {},
): string {
  const document = buildListDocument(inventory, hostvars, options);
  try {
    return dumpJson(document, { sortKeys: true, indent: 4 });
  } catch (error) {
    if (!(error instanceof UnsortableKeysError)) throw error;
    options.onWarning?.(
      `Could not sort JSON output due to issues while sorting keys: ${error.message}`,
    );
    return dumpJson(document, { sortKeys: false, indent: 4 });
  }
}

/** The document as a value, in the insertion order Ansible builds it. */
export function buildListDocument(
  inventory: Inventory,
  hostvars: ReadonlyMap<string, PyDict>,
  options: ListOptions = {},
): PyDict {
  const document: PyDict = new Map();
  const seen = new Set<string>();
  const visit = (group: Group): void => {
    const entry: PyDict = new Map();
    document.set(group.name, entry);
    const members = options.hostFilter
      ? group.hosts.filter((host) => options.hostFilter!.has(host.name))
      : group.hosts;
    if (group.name !== "all" && members.length > 0) {
      entry.set("hosts", members.map((host) => host.name));
    }
    const children: PyValue[] = [];
    for (const child of group.children) {
      children.push(child.name);
      if (!seen.has(child.name)) {
        visit(child);
        seen.add(child.name);
      }
    }
    if (children.length > 0) entry.set("children", children);
    const vars = options.groupVars?.(group);
    if (vars && vars.size > 0) entry.set("vars", vars);
    if (entry.size === 0) document.delete(group.name);
  };
  visit(inventory.all);

  const meta: PyDict = new Map();
  for (const host of inventory.all.allHosts()) {
    const vars = hostvars.get(host.name);
    if (vars && vars.size > 0) meta.set(host.name, vars);
  }
  document.set("_meta", new Map([["hostvars", meta]]));
  return document;
}
