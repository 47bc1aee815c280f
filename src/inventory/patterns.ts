/**
 * Ansible host patterns, as `--limit` and `--host` take them: group and host names,
 * shell wildcards, `~regex`, unions (`a:b`, `a,b`), intersections (`a:&b`),
 * exclusions (`a:!b`) and subscripts (`webservers[0]`, `webservers[1:3]`).
 *
 * @module
 */

import { InventoryError } from "../errors.ts";
import { parseAddress } from "./host_pattern.ts";
import type { Host, Inventory } from "./model.ts";

/** The hosts `pattern` selects, in Ansible's order, each once. */
export function matchHosts(inventory: Inventory, pattern: string): Host[] {
  const patterns = orderPatterns(splitHostPattern(pattern));
  let hosts: Host[] = [];
  for (const p of patterns) {
    const direct = inventory.hosts.get(p);
    if (direct) {
      if (!hosts.includes(direct)) hosts.push(direct);
      continue;
    }
    const that = matchOne(inventory, p);
    if (p[0] === "!") {
      const drop = new Set(that);
      hosts = hosts.filter((h) => !drop.has(h));
    } else if (p[0] === "&") {
      const keep = new Set(that);
      hosts = hosts.filter((h) => keep.has(h));
    } else {
      const have = new Set(hosts);
      for (const h of that) {
        if (!have.has(h)) {
          hosts.push(h);
          have.add(h);
        }
      }
    }
  }
  return hosts;
}

/** Splits on commas, or else on colons outside brackets (unless the whole is an address). */
export function splitHostPattern(pattern: string): string[] {
  let parts: string[];
  if (pattern.includes(",")) parts = pattern.split(",");
  else if (parseAddress(pattern)) parts = [pattern];
  else parts = pattern.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? [];
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

/** Plain patterns first, then intersections, then exclusions; `all` when there is no plain one. */
function orderPatterns(patterns: string[]): string[] {
  const regular = patterns.filter((p) => p[0] !== "!" && p[0] !== "&");
  const intersect = patterns.filter((p) => p[0] === "&");
  const exclude = patterns.filter((p) => p[0] === "!");
  return [...(regular.length ? regular : ["all"]), ...intersect, ...exclude];
}

const SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/;

function matchOne(inventory: Inventory, raw: string): Host[] {
  let pattern = raw[0] === "&" || raw[0] === "!" ? raw.slice(1) : raw;
  let subscript: [number, number | undefined] | undefined;
  if (pattern[0] !== "~") {
    const m = SUBSCRIPT.exec(pattern);
    if (m) {
      pattern = m[1]!;
      subscript = m[2] !== undefined
        ? [Number(m[2]), undefined]
        : [Number(m[3]), m[5] ? Number(m[5]) : -1];
    }
  }
  const hosts = enumerate(inventory, pattern);
  if (!subscript || hosts.length === 0) return hosts;
  const [start, end] = subscript;
  if (end !== undefined && end !== 0) {
    const last = end === -1 ? hosts.length - 1 : end;
    return hosts.slice(start, last + 1);
  }
  const index = start < 0 ? hosts.length + start : start;
  const host = hosts[index];
  if (!host) throw new InventoryError(`No hosts matched the subscripted pattern '${raw}'`);
  return [host];
}

function enumerate(inventory: Inventory, pattern: string): Host[] {
  const regex = compile(pattern);
  const results: Host[] = [];
  const groups = [...inventory.groups.keys()].filter((name) => regex.test(name));
  for (const name of groups) results.push(...inventory.groups.get(name)!.allHosts());
  if (groups.length === 0 || pattern[0] === "~" || /[.?*[]/.test(pattern)) {
    for (const [name, host] of inventory.hosts) if (regex.test(name)) results.push(host);
  }
  return [...new Set(results)];
}

/** `~regex` (matched at the start, like Python's `re.match`) or a shell glob (whole name). */
function compile(pattern: string): RegExp {
  try {
    if (pattern[0] === "~") return new RegExp("^(?:" + pattern.slice(1) + ")", "u");
    return new RegExp("^" + globToRegex(pattern) + "$", "su");
  } catch {
    throw new InventoryError(`Invalid host list pattern: ${pattern}`);
  }
}

/** Python's `fnmatch.translate`: `*`, `?`, `[seq]` and `[!seq]`; everything else literal. */
function globToRegex(glob: string): string {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") out += ".*";
    else if (c === "?") out += ".";
    else if (c === "[") {
      let j = i + 1;
      if (glob[j] === "!") j++;
      if (glob[j] === "]") j++;
      while (j < glob.length && glob[j] !== "]") j++;
      if (j >= glob.length) out += "\\[";
      else {
        let body = glob.slice(i + 1, j).replaceAll("\\", "\\\\");
        if (body[0] === "!") body = "^" + body.slice(1);
        else if (body[0] === "^") body = "\\" + body;
        out += `[${body}]`;
        i = j;
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return out;
}
