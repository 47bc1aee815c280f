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

/** A key of a Python `dict`: usually a string, sometimes an int, float, bool or None. */
export type PyKey = string | number | bigint | boolean | null | PyFloat;

/** A Python `dict`, in insertion order. */
export type PyDict = Map<PyKey, PyValue>;

/** Any value an inventory variable can hold. */
export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | PyFloat
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
