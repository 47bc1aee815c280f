/**
 * Host entries as Ansible reads them in INI and YAML inventories: an optional
 * `:port` and `[a:b]` ranges (spec §2). The rules are Ansible's `parse_address` and
 * `expand_hostname_range`, restated here as regular expressions and small functions.
 *
 * @module
 */

/** The default ceiling on how many hosts one pattern may expand to. */
export const DEFAULT_MAX_RANGE_HOSTS = 1_000_000;

/** A problem with a host entry. The parser adds the file and line. */
export class HostPatternError extends Error {
  /** @param message what is wrong, in Ansible's words where Ansible has any */
  constructor(message: string) {
    super(message);
    this.name = "HostPatternError";
  }
}

// Building blocks, each the same language Ansible's address patterns accept.
const NUMERIC_RANGE = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const HEX_RANGE = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`;
const ALNUM_RANGE = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const V6 = String.raw`(?:[0-9a-f]{1,4}|${HEX_RANGE})`;
const V4 = String.raw`(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${NUMERIC_RANGE})`;
const LABEL = String
  .raw`(?:[\p{L}\p{N}_]|${ALNUM_RANGE})(?:[\p{L}\p{N}_-]|${ALNUM_RANGE})*(?<![_-])`;

const BRACKETED_HOSTPORT = /^\[(.+)\]:([0-9]+)$/;
const HOSTPORT = /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/;
const IPV4 = new RegExp(String.raw`^(?:${V4}\.){3}${V4}$`, "i");
/**
 * Ansible's IPv6 pattern puts `^` before its first alternative and `$` after its last
 * only, so every alternative but the last matches a mere prefix; kept that way.
 */
const IPV6 = new RegExp(
  "^(?:" + [
    String.raw`(?:${V6}:){7}${V6}`,
    String.raw`(?:${V6}:){1,6}:`,
    String.raw`(?:${V6}:)(?::${V6}){1,6}`,
    String.raw`(?:${V6}:){2}(?::${V6}){1,5}`,
    String.raw`(?:${V6}:){3}(?::${V6}){1,4}`,
    String.raw`(?:${V6}:){4}(?::${V6}){1,3}`,
    String.raw`(?:${V6}:){5}(?::${V6}){1,2}`,
    String.raw`(?:${V6}:){6}(?::${V6})`,
    String.raw`:(?::${V6}){1,6}`,
    String.raw`${V6}?::`,
    String.raw`(?:0:){6}(?:${V6}\.){3}${V6}`,
    String.raw`::(?:ffff:)?(?:${V6}\.){3}${V6}`,
    String.raw`(?:0:){5}ffff:(?:${V6}\.){3}${V6}$`,
  ].join("|") + ")",
  "i",
);
const HOSTNAME = new RegExp(String.raw`^${LABEL}(?:\.${LABEL})*$`, "iu");

/**
 * Splits `host:port` / `[v6]:port` and checks the host is an address or host name,
 * as Ansible's `parse_address(entry, allow_ranges=True)`. Returns `undefined` where
 * Ansible raises (the caller then keeps the whole entry as the host name).
 */
export function parseAddress(
  entry: string,
): { host: string; port: number | undefined } | undefined {
  let address = entry;
  let port: string | undefined;
  // Both patterns are tried in turn, the second on what the first left.
  for (const pattern of [BRACKETED_HOSTPORT, HOSTPORT]) {
    const match = pattern.exec(address);
    if (match) {
      address = match[1]!;
      port = match[2]!;
    }
  }
  if (!IPV4.test(address) && !IPV6.test(address) && !HOSTNAME.test(address)) return undefined;
  return { host: address, port: port === undefined ? undefined : Number(port) };
}

/**
 * Whether {@linkcode expandHostPattern} gives `entry` itself and no port: no range, no
 * colon. Callers skip it then (most entries are plain host names).
 */
export function expandsToItself(entry: string): boolean {
  return !entry.includes(":") && !entry.includes("[");
}

/**
 * Expands one host entry into host names and the port they share, as Ansible's
 * `_expand_hostpattern`.
 */
export function expandHostPattern(
  entry: string,
  maxHosts: number = DEFAULT_MAX_RANGE_HOSTS,
): { hosts: string[]; port: number | undefined } {
  // Without a colon neither port pattern matches, so parseAddress would return the entry
  // unchanged or nothing, and the outcome is the same: most entries take this path.
  if (!entry.includes(":")) {
    return {
      hosts: entry.includes("[") ? expandHostRange(entry, maxHosts) : [entry],
      port: undefined,
    };
  }
  const parsed = parseAddress(entry);
  const pattern = parsed ? parsed.host : entry;
  const port = parsed ? parsed.port : undefined;
  const hosts = pattern.includes("[") ? expandHostRange(pattern, maxHosts) : [pattern];
  return { hosts, port };
}

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * Expands the first `[begin:end(:step)]` in `pattern`, then recursively any further
 * ones, as Ansible's `expand_hostname_range` (spec §2.2), quirks included: letters are
 * looked up as substrings of `a..zA..Z`, a descending numeric range yields nothing.
 */
export function expandHostRange(
  pattern: string,
  maxHosts: number = DEFAULT_MAX_RANGE_HOSTS,
): string[] {
  if (pattern === "") return [];
  const out: string[] = [];
  expandInto(pattern, out, maxHosts);
  return out;
}

function expandInto(pattern: string, out: string[], maxHosts: number): void {
  const { head, tail, width, values } = firstRange(pattern, maxHosts);
  // Count before expanding: `h[1:2000][1:2000]` must be refused before it fills memory.
  const total = out.length +
    values.length *
      (tail.includes("[") && values.length > 0 ? countHosts(head + values[0] + tail, maxHosts) : 1);
  if (total > maxHosts) throw tooMany(maxHosts);
  for (const value of values) {
    const name = head + (width ? zfill(value, width) : value) + tail;
    if (name.includes("[")) expandInto(name, out, maxHosts);
    else out.push(name);
  }
}

/**
 * How many hosts a pattern expands to. The text of one value never holds brackets, so
 * every value of the first range leads to the same number of hosts from the rest.
 */
function countHosts(pattern: string, maxHosts: number): number {
  const { head, tail, width, values } = firstRange(pattern, maxHosts);
  if (values.length === 0 || !tail.includes("[")) return values.length;
  const first = head + (width ? zfill(values[0]!, width) : values[0]!) + tail;
  return values.length * countHosts(first, maxHosts);
}

function tooMany(maxHosts: number): HostPatternError {
  return new HostPatternError(
    `host range expands to more than ${maxHosts} hosts; raise the limit with --max-range-hosts if this is intended`,
  );
}

/** The first `[begin:end(:step)]` of a pattern: what is around it and its values. */
function firstRange(
  pattern: string,
  maxHosts: number,
): { head: string; tail: string; width: number; values: string[] } {
  // Ansible swaps the first "[" and "]" for "|" and splits on "|": any other "|" counts too.
  const parts = pattern.replace("[", "|").replace("]", "|").split("|");
  if (parts.length < 3) {
    throw new HostPatternError(`not enough values to unpack (expected 3, got ${parts.length})`);
  }
  if (parts.length > 3) throw new HostPatternError("too many values to unpack (expected 3)");
  const [head, range, tail] = parts as [string, string, string];
  const bounds = range.split(":");
  if (bounds.length !== 2 && bounds.length !== 3) {
    throw new HostPatternError("host range must be begin:end or begin:end:step");
  }
  const begin = bounds[0] || "0";
  const end = bounds[1]!;
  const step = bounds[2] ?? "1";
  if (!end) throw new HostPatternError("host range must specify end value");
  let width = 0;
  if (begin[0] === "0" && begin.length > 1) {
    width = begin.length;
    if (width !== end.length) {
      throw new HostPatternError("host range must specify equal-length begin and end formats");
    }
  }
  const values = letterRange(begin, end, step) ?? numberRange(begin, end, step, maxHosts);
  return { head, tail, width, values };
}

/** The alphabetic attempt; `undefined` where Python would fall back to numbers. */
function letterRange(begin: string, end: string, step: string): string[] | undefined {
  const from = LETTERS.indexOf(begin);
  const to = LETTERS.indexOf(end);
  if (from < 0 || to < 0) return undefined;
  if (from > to) throw new HostPatternError("host range must have begin <= end");
  const stride = pythonInt(step);
  if (stride === undefined || stride === 0) return undefined;
  return pythonSlice(LETTERS, from, to + 1, stride);
}

function numberRange(begin: string, end: string, step: string, maxHosts: number): string[] {
  const start = pythonInt(begin);
  const stop = pythonInt(end);
  const stride = pythonInt(step);
  for (const [text, value] of [[begin, start], [end, stop], [step, stride]] as const) {
    if (value === undefined) {
      throw new HostPatternError(`invalid literal for int() with base 10: '${text}'`);
    }
  }
  if (stride === 0) throw new HostPatternError("range() arg 3 must not be zero");
  // len(range(start, stop + 1, stride)), for either sign of stride.
  const count = Math.max(0, Math.ceil((stop! + 1 - start!) / stride!));
  if (count > maxHosts) throw tooMany(maxHosts);
  const values: string[] = [];
  for (let i = 0; i < count; i++) values.push(String(start! + i * stride!));
  return values;
}

/** Python's `int(text)` for the forms a range can hold; `undefined` where it raises. */
function pythonInt(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[+-]?[0-9]+(?:_[0-9]+)*$/.test(trimmed)) return undefined;
  return Number(trimmed.replaceAll("_", ""));
}

/** Python's `seq[start:stop:step]` for 0 <= start <= stop: a negative step selects nothing. */
function pythonSlice(seq: string, start: number, stop: number, step: number): string[] {
  const out: string[] = [];
  for (let i = start; step > 0 && i < stop; i += step) out.push(seq[i]!);
  return out;
}

/** Python's `str.zfill`: pads with zeros after any sign. */
function zfill(text: string, width: number): string {
  if (text.length >= width) return text;
  const sign = text[0] === "-" || text[0] === "+" ? text[0] : "";
  return sign + "0".repeat(width - text.length) + text.slice(sign.length);
}
