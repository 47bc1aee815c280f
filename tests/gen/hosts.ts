/**
 * Host entries as people write them: plain names, FQDNs, IPv4 and IPv6 addresses,
 * `host:port`, `[v6]:port`, and ranges (`node[01:20]`, `[a:f]`, steps, several
 * ranges, IPv4 ranges). Each entry knows the names it expands to.
 *
 * @module
 */

import type { Rng } from "./prng.ts";
import { DOMAINS, HOST_STEMS } from "./words.ts";

/** One host entry (a line's first token, or a YAML `hosts:` key). */
export interface HostSpec {
  /** The pattern as written, ranges and port included. */
  readonly pattern: string;
  /** The host names it expands to, in order. */
  readonly names: readonly string[];
  /** Whether the pattern contains a range. */
  readonly range: boolean;
  /** Whether the pattern carries a `:port`. */
  readonly port: boolean;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** A range part: its text inside `[...]` and the values it yields. */
function rangePart(rng: Rng): { text: string; values: string[] } {
  const kind = rng.weighted<string>([["num", 5], ["padded", 4], ["step", 1.5], ["alpha", 2], [
    "nobegin",
    0.5,
  ], [
    "down",
    0.15,
  ]]);
  switch (kind) {
    case "num": {
      const a = rng.int(0, 5);
      const b = a + rng.int(0, 8);
      return { text: `${a}:${b}`, values: seq(a, b, 1).map(String) };
    }
    case "padded": {
      const width = rng.pick([2, 2, 3]);
      const a = rng.int(0, 3);
      const b = a + rng.int(1, 12);
      const pad = (n: number) => String(n).padStart(width, "0");
      return { text: `${pad(a)}:${pad(b)}`, values: seq(a, b, 1).map(pad) };
    }
    case "step": {
      const a = rng.int(0, 4);
      const b = a + rng.int(2, 20);
      const s = rng.int(2, 5);
      return { text: `${a}:${b}:${s}`, values: seq(a, b, s).map(String) };
    }
    case "alpha": {
      const a = rng.int(0, 5);
      const b = a + rng.int(0, 6);
      const s = rng.chance(0.2) ? 2 : 1;
      const values = seq(a, b, s).map((i) => LETTERS[i]!);
      return { text: `${LETTERS[a]}:${LETTERS[b]}${s === 2 ? ":2" : ""}`, values };
    }
    case "nobegin": {
      const b = rng.int(1, 4);
      return { text: `:${b}`, values: seq(0, b, 1).map(String) };
    }
    default: {
      // A descending range silently yields no hosts.
      return { text: "3:1", values: [] };
    }
  }
}

function seq(a: number, b: number, step: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i += step) out.push(i);
  return out;
}

function cross(heads: string[], part: { text: string; values: string[] }, tail: string): string[] {
  return heads.flatMap((h) => part.values.map((v) => h + v + tail));
}

/** A random host entry; `ranges` allows range patterns, `ports` allows `:port` forms. */
export function hostSpec(
  rng: Rng,
  options: { ranges: boolean; ports: boolean; index: number },
): HostSpec {
  const stem = rng.pick(HOST_STEMS);
  const n = options.index + 1;
  const kind = rng.weighted<string>([
    ["name", 6],
    ["padded", 2],
    ["fqdn", 3],
    ["ipv4", 2],
    ["ipv6", 0.8],
    ["range", options.ranges ? 4 : 0],
    ["range2", options.ranges ? 0.6 : 0],
    ["iprange", options.ranges ? 0.6 : 0],
    ["unicode", 0.2],
    ["spaced", 0.08],
    ["localhost", 0.15],
  ]);
  let base: { pattern: string; names: string[] };
  switch (kind) {
    case "name":
      base = { pattern: `${stem}${n}`, names: [`${stem}${n}`] };
      break;
    case "padded": {
      const name = `${stem}-${String(n).padStart(2, "0")}`;
      base = { pattern: name, names: [name] };
      break;
    }
    case "fqdn": {
      const name = `${stem}${n}.${rng.pick(DOMAINS)}`;
      base = { pattern: name, names: [name] };
      break;
    }
    case "ipv4": {
      const ip = `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${n % 250 + 1}`;
      base = { pattern: ip, names: [ip] };
      break;
    }
    case "ipv6": {
      const ip = rng.pick([
        `fe80::${n.toString(16)}`,
        `2001:db8::${n}`,
        `2001:db8:0:1::${n.toString(16)}`,
      ]);
      if (options.ports && rng.chance(0.5)) {
        return {
          pattern: `[${ip}]:${rng.pick([22, 2222, 8022])}`,
          names: [ip],
          range: false,
          port: true,
        };
      }
      return { pattern: ip, names: [ip], range: false, port: false };
    }
    case "range": {
      const part = rangePart(rng);
      const tail = rng.chance(0.3) ? `.${rng.pick(DOMAINS)}` : "";
      const head = `${stem}${n}-`;
      base = { pattern: `${head}[${part.text}]${tail}`, names: cross([head], part, tail) };
      break;
    }
    case "range2": {
      const a = rangePart(rng);
      const b = rangePart(rng);
      const head = `${stem}${n}r`;
      base = {
        pattern: `${head}[${a.text}]-[${b.text}]`,
        names: cross(cross([head], a, "-"), b, ""),
      };
      break;
    }
    case "iprange": {
      const a = rng.int(1, 200);
      const b = a + rng.int(1, 6);
      const head = `10.${n % 250}.${rng.int(0, 255)}.`;
      base = { pattern: `${head}[${a}:${b}]`, names: seq(a, b, 1).map((i) => head + i) };
      break;
    }
    case "unicode": {
      const name = `${rng.pick(["příbor", "köln", "münchen"])}${n}`;
      base = { pattern: name, names: [name] };
      break;
    }
    case "spaced": {
      // Not an address, so the whole (quoted) entry is the name.
      const name = `my ${stem} ${n}`;
      base = { pattern: name, names: [name] };
      break;
    }
    default:
      base = { pattern: "localhost", names: ["localhost"] };
  }
  const range = base.pattern.includes("[");
  if (options.ports && kind !== "localhost" && kind !== "spaced" && rng.chance(0.12)) {
    return {
      pattern: `${base.pattern}:${rng.pick([22, 2222, 2200, 65535])}`,
      names: base.names,
      range,
      port: true,
    };
  }
  return { ...base, range, port: false };
}
