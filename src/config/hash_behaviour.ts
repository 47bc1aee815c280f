/**
 * Ansible's `combine_vars` under `hash_behaviour` (`utils/vars.py`): how one set of
 * variables is laid over another, in every place Ansible combines them (a variable set
 * twice, `group_vars/` files of one group, precedence layers, `--export`).
 *
 * - `replace` (the default): a later value replaces an earlier one, dicts included.
 * - `merge`: `merge_hash` with `list_merge='replace'`: when both values are dicts they
 *   are merged key by key, recursively, the later value winning for any other pair
 *   (lists are replaced, not appended).
 *
 * `merge` is not associative (`{k: {a}}` then `{k: 5}` then `{k: {b}}` gives `{k: {b}}`,
 * but `{k: {a}}` over the merge of the other two gives `{k: {a, b}}`), so callers combine
 * in the same nesting as Ansible: per file, per source, per layer.
 *
 * @module
 */

import { isDict, type PyDict, type PyKey, type PyValue } from "../values/types.ts";
import type { HashBehaviour } from "./settings.ts";

/** Combines `b` over `a` into a new dict; neither input is changed. */
export type CombineVars = (a: PyDict, b: PyDict) => PyDict;

/** `a | b`: later keys replace earlier ones. */
export function replaceVars(a: PyDict, b: PyDict): PyDict {
  if (a.size === 0) return new Map(b);
  const result = new Map(a);
  for (const [key, value] of b) result.set(key, value);
  return result;
}

/** `merge_hash(x, y)`: `y` deep-merged over `x`; dicts that meet are merged, anything else replaced. */
export function mergeHash(x: PyDict, y: PyDict): PyDict {
  if (x.size === 0) return new Map(y);
  const result = new Map(x);
  for (const [key, value] of y) mergeInto(result, key, value);
  return result;
}

/** The combiner for a `hash_behaviour`. */
export function combinerFor(behaviour: HashBehaviour | undefined): CombineVars {
  return behaviour === "merge" ? mergeHash : replaceVars;
}

/**
 * Sets `key` in `vars` in place, as `Host.set_variable`/`Group.set_variable` do: a dict
 * given for a key that holds a dict is merged into it under `merge`, else it replaces.
 */
export function setVariable(vars: PyDict, key: PyKey, value: PyValue, merge: boolean): void {
  if (merge) mergeInto(vars, key, value);
  else vars.set(key, value);
}

function mergeInto(target: PyDict, key: PyKey, value: PyValue): void {
  const old = target.get(key);
  target.set(key, isDict(old) && isDict(value) ? mergeHash(old, value) : value);
}

/** Folds `parts` with `combine`, starting from `{}`: Ansible's `data = combine_vars(data, part)` loop. */
export function foldVars(parts: Iterable<PyDict>, combine: CombineVars): PyDict {
  let data: PyDict = new Map();
  for (const part of parts) {
    if (part.size === 0) continue;
    data = combine(data, part);
  }
  return data;
}
