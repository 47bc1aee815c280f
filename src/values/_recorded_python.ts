/**
 * Test support shared by the value-layer tests: the values recorded from Python by
 * scripts/record_python_values.py, and the tag encoding the recorder uses for them.
 *
 * @module
 */

import { floatRepr, isTuple, markTuple } from "./py_str.ts";
import { PyDate, PyFloat, pyInt, type PyKey, type PyValue, Unsafe, Vault } from "./types.ts";

// Recorded from /usr/bin/python3 (with Ansible's JSON decoder) by
// scripts/record_python_values.py.
export const data = JSON.parse(
  Deno.readTextFileSync(new URL("../../tests/data/python_values.json", import.meta.url)),
);

export type Tag = null | boolean | string | { [kind: string]: unknown };

/** A recorded value the value model cannot hold (a tuple key, say). */
export class Unrepresentable extends Error {}

/** Builds the value a recorded tag describes (see tag() in the recorder). */
export function fromTag(tag: Tag): PyValue {
  if (tag === null || typeof tag === "boolean" || typeof tag === "string") return tag;
  const [kind, body] = Object.entries(tag)[0]!;
  switch (kind) {
    case "int": {
      const text = body as string;
      const negative = text.startsWith("-");
      const magnitude = BigInt(negative ? text.slice(1) : text);
      return pyInt(negative ? -magnitude : magnitude);
    }
    case "float":
      return new PyFloat(parseFloatRepr(body as string));
    case "list":
      return (body as Tag[]).map(fromTag);
    case "tuple":
      return markTuple((body as Tag[]).map(fromTag));
    case "dict":
      return new Map(
        (body as [Tag, Tag][]).map(([key, value]) => {
          const k = fromTag(key);
          if (Array.isArray(k) || k instanceof Map) throw new Unrepresentable("tuple key");
          return [k as PyKey, fromTag(value)];
        }),
      );
    case "unsafe":
      return new Unsafe(body as string);
    case "vault":
      return new Vault(body as string);
    case "date":
      return fromDateRepr(body as string);
  }
  throw new Unrepresentable(kind);
}

/**
 * The date a recorded `repr()` names: `datetime.date(2001, 12, 14)`, or
 * `datetime.datetime(2001, 12, 14, 21, 59[, 43[, 100000]][, tzinfo=...])` with
 * `datetime.timezone.utc` or `datetime.timezone(datetime.timedelta(days=-1, seconds=68400))`.
 */
export function fromDateRepr(text: string): PyDate {
  const match =
    /^datetime\.(date|datetime)\(([\d, ]+?)(?:, tzinfo=datetime\.timezone(?:\.utc|\(datetime\.timedelta\((?:days=(-?\d+))?(?:, )?(?:seconds=(\d+))?\)\)))?\)$/
      .exec(text);
  if (!match) throw new Error(`Not a date repr: ${text}`);
  const [, kind, fields, days, seconds] = match;
  const [year, month, day, hour = 0, minute = 0, second = 0, microsecond = 0] = fields!.split(", ")
    .map(Number) as number[];
  if (kind === "date") return new PyDate(year!, month!, day!);
  const offset = text.includes("tzinfo=")
    ? (Number(days ?? 0) * 86400 + Number(seconds ?? 0)) / 60
    : null;
  return new PyDate(year!, month!, day!, { hour, minute, second, microsecond, offset });
}

/** The recorder's tag of a value (ints in decimal up to 14000 bits, floats as repr). */
export function toTag(value: PyValue): Tag {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return { int: String(value) };
  if (typeof value === "bigint") {
    const magnitude = value < 0n ? -value : value;
    if (magnitude.toString(2).length < 14000) return { int: value.toString() };
    return { int: (value < 0n ? "-0x" : "0x") + magnitude.toString(16) };
  }
  if (value instanceof PyFloat) return { float: floatRepr(value.value) };
  if (value instanceof Unsafe) return { unsafe: value.value };
  if (value instanceof Vault) return { vault: value.ciphertext };
  if (value instanceof PyDate) return { date: value.isoformat() };
  if (Array.isArray(value)) return { [isTuple(value) ? "tuple" : "list"]: value.map(toTag) };
  return { dict: [...value].map(([k, v]) => [toTag(k), toTag(v)]) };
}

/** A float from its Python repr (nan and the infinities included). */
export function parseFloatRepr(text: string): number {
  if (text === "nan") return NaN;
  if (text === "inf") return Infinity;
  if (text === "-inf") return -Infinity;
  return Number(text);
}

/** A float from the hex of its IEEE bits. */
export function bitsToDouble(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt("0x" + hex));
  return view.getFloat64(0);
}
