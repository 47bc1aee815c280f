/**
 * The values an inventory can hold, modelled on the Python objects Ansible builds.
 *
 * JavaScript has one number type, Python has two, and Ansible's output tells them
 * apart (`1` versus `1.0`), so the model keeps them apart too:
 *
 * | Python            | here                                    |
 * | ----------------- | --------------------------------------- |
 * | `int`             | `number` (always integral) or `bigint` beyond 2^53 |
 * | `float`           | {@linkcode PyFloat}                     |
 * | `str`             | `string`                                |
 * | `bool`, `None`    | `boolean`, `null`                       |
 * | `list`, `tuple`   | `PyValue[]`                             |
 * | `dict`            | {@linkcode PyDict} (a `Map`: keys keep insertion order and need not be strings) |
 * | `!unsafe` string  | {@linkcode Unsafe}                      |
 * | `!vault` string   | {@linkcode Vault}                       |
 * | `datetime.date`, `datetime.datetime` | {@linkcode PyDate}         |
 *
 * @module
 */

/** A Python `float`. Wrapped so that `1.0` never prints as `1`. */
export class PyFloat {
  /** @param value the IEEE double, NaN and the infinities included */
  constructor(readonly value: number) {}
}

/** A string Ansible must never template (YAML `!unsafe`). */
export class Unsafe {
  /** @param value the text, as written */
  constructor(readonly value: string) {}
}

/** An inline vault-encrypted string (YAML `!vault`), kept as its ciphertext. */
export class Vault {
  /** @param ciphertext the `$ANSIBLE_VAULT;...` text exactly as written */
  constructor(readonly ciphertext: string) {}
}

/** The time of day of a `datetime.datetime` (PyYAML makes no other kind of datetime). */
export interface PyTimeOfDay {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
  /** The UTC offset in minutes east (`-300` for `-05:00`); `null` for a naive datetime. */
  readonly offset: number | null;
}

/**
 * A Python `datetime.date`, or a `datetime.datetime` when it has a time of day: what a YAML
 * timestamp loads as. JSON prints its {@linkcode PyDate.isoformat}, `str()` and `repr()` and
 * the YAML dumper print the object, so the fields are kept rather than a text.
 */
export class PyDate {
  /**
   * @param year 1-9999
   * @param month 1-12
   * @param day 1-31, valid for the month
   * @param time the time of day of a datetime; `null` for a date
   */
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly time: PyTimeOfDay | null = null,
  ) {}

  /**
   * Python's `isoformat(sep)`: `2001-12-14`, `2001-12-14T21:59:43.100000-05:00`. The
   * microseconds appear only when not zero, the offset only on an aware datetime.
   *
   * @param separator between date and time (`str()` uses a space)
   * @returns the text
   */
  isoformat(separator = "T"): string {
    const date = `${String(this.year).padStart(4, "0")}-${two(this.month)}-${two(this.day)}`;
    const time = this.time;
    if (time === null) return date;
    let text = `${date}${separator}${two(time.hour)}:${two(time.minute)}:${two(time.second)}`;
    if (time.microsecond !== 0) text += "." + String(time.microsecond).padStart(6, "0");
    if (time.offset !== null) {
      const minutes = Math.abs(time.offset);
      text += `${time.offset < 0 ? "-" : "+"}${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
    }
    return text;
  }
}

function two(value: number): string {
  return value < 10 ? "0" + value : String(value);
}

/** A key of a Python `dict`: usually a string, sometimes an int, float, bool, None or date. */
export type PyKey = string | number | bigint | boolean | null | PyFloat | PyDate;

/** A Python `dict`, in insertion order. */
export type PyDict = Map<PyKey, PyValue>;

/**
 * The Python class of the string keys of dicts Ansible's YAML loader made, where it is not
 * `str`: only needed to name them in a sort failure (`'<' not supported between instances
 * of 'int' and 'AnsibleUnicode'`), so only dicts that could fail to sort are recorded.
 */
const STRING_KEY_CLASSES = new WeakMap<PyDict, string>();

/**
 * Records that the string keys of `dict` are of Python class `name` (see
 * {@linkcode stringKeyClass}).
 *
 * @param dict a dict made by a loader
 * @param name `AnsibleUnicode` for YAML, `AnsibleUnsafeText` under `!unsafe`
 */
export function setStringKeyClass(dict: PyDict, name: string): void {
  STRING_KEY_CLASSES.set(dict, name);
}

/**
 * The Python class of the string keys of `dict`: what {@linkcode setStringKeyClass}
 * recorded, else `str`.
 *
 * @param dict any dict
 * @returns the class name
 */
export function stringKeyClass(dict: PyDict): string {
  return STRING_KEY_CLASSES.get(dict) ?? "str";
}

/** Any value an inventory variable can hold. */
export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | PyFloat
  | PyDate
  | Unsafe
  | Vault
  | PyValue[]
  | PyDict;

/** True for a {@linkcode PyDict}. */
export function isDict(value: PyValue | undefined): value is PyDict {
  return value instanceof Map;
}

/** Makes a Python int from a decimal (or any `BigInt`-parsable) text, exact at any size. */
export function pyInt(text: string | bigint | number): number | bigint {
  const big = typeof text === "bigint" ? text : BigInt(text);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(big)
    : big;
}
