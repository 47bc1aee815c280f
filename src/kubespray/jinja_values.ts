/**
 * How Ansible's Jinja (ansible-core 2.14, `jinja2_native` off) reads and prints the
 * inventory values that Kubespray's defaults use. Only what the Kubespray facts need:
 * truthiness, Python's `str()` of a value inside a string, the conversion Ansible applies
 * to a finished template (`ansible_eval_concat`), and whether a string is a template.
 *
 * Functions return `undefined` where the outcome cannot be predicted without Python (a
 * container printed inside a string, a vaulted value, a string that `ast.literal_eval`
 * might turn into a list). Callers then hand the expression to Ansible instead.
 *
 * @module
 */

import {
  isDict,
  PyDate,
  PyFloat,
  type PyKey,
  type PyValue,
  Unsafe,
  Vault,
} from "../values/types.ts";

/** The three texts that make Ansible treat a string as a template (`is_possibly_template`). */
export const JINJA_START_MARKERS: readonly string[] = ["{{", "{%", "{#"];

/** True when Ansible would template this text when it is looked up. */
export function hasJinjaMarker(text: string): boolean {
  if (!text.includes("{")) return false;
  return JINJA_START_MARKERS.some((marker) => text.includes(marker));
}

/**
 * True when Ansible would template the value when a play reads it, so that its value is
 * only known at run time: a string with a Jinja marker anywhere inside it (containers are
 * templated recursively, values only, not keys), or a vaulted string (it needs the vault
 * password). `!unsafe` strings are never templated.
 */
export function isDynamic(value: PyValue): boolean {
  if (typeof value === "string") return hasJinjaMarker(value);
  if (value instanceof Vault) return true;
  if (Array.isArray(value)) return value.some(isDynamic);
  if (isDict(value)) {
    for (const item of value.values()) if (isDynamic(item)) return true;
  }
  return false;
}

/** True when the value, or anything inside it, is an `!unsafe` string (Ansible's `_is_unsafe`). */
export function containsUnsafe(value: PyValue): boolean {
  if (value instanceof Unsafe) return true;
  if (Array.isArray(value)) return value.some(containsUnsafe);
  if (isDict(value)) {
    for (const item of value.values()) if (containsUnsafe(item)) return true;
  }
  return false;
}

/** Ansible's `wrap_var`: marks every string of a value unsafe (dict keys stay as they are). */
export function wrapUnsafe(value: PyValue): PyValue {
  if (typeof value === "string") return new Unsafe(value);
  if (Array.isArray(value)) return value.map(wrapUnsafe);
  if (isDict(value)) {
    const out = new Map<PyKey, PyValue>();
    for (const [key, item] of value) out.set(key, wrapUnsafe(item));
    return out;
  }
  return value;
}

/**
 * Python truthiness, which is what Jinja's `if`, `and` and `not` use. The string
 * `"false"` is true (it is not empty). `undefined` for a vaulted value (decided only
 * after decryption).
 */
export function jinjaTruthy(value: PyValue): boolean | undefined {
  if (value === null) return false;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "bigint") return value !== 0n;
  if (typeof value === "string") return value.length > 0;
  if (value instanceof PyFloat) return value.value !== 0; // NaN is true in Python too
  if (value instanceof Unsafe) return value.value.length > 0;
  if (value instanceof Vault) return undefined;
  if (value instanceof PyDate) return true;
  if (Array.isArray(value)) return value.length > 0;
  return value.size > 0;
}

/** The strings Ansible's own `boolean()` reads as false; Jinja still reads them as true. */
const FALSE_LOOKING = new Set(["n", "no", "off", "false", "f", "0"]);

/** True for a string that a human reads as false but Jinja treats as true (`"false"`, `"no"`, ...). */
export function isFalseLookingString(value: PyValue): boolean {
  const text = typeof value === "string" ? value : value instanceof Unsafe ? value.value : null;
  return text !== null && FALSE_LOOKING.has(text.trim().toLowerCase());
}

/** Python's `repr()`/`str()` of a float: shortest round-trip digits, exponent outside [1e-4, 1e16). */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const [mantissa = "", exponentText = "0"] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const expSign = exponent < 0 ? "-" : "+";
    return `${sign}${digits[0]}${fraction}e${expSign}${
      String(Math.abs(exponent)).padStart(2, "0")
    }`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1) || "0";
  return `${sign}${whole}.${fraction}`;
}

/**
 * Python's `str()` of a scalar (`None` gives `"None"`, as Ansible's `regex_replace` filter
 * prints it). `undefined` for containers and vaulted values: their text is Python's `repr`,
 * which is not reproduced here.
 */
export function pyStr(value: PyValue): string | undefined {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "string") return value;
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  if (value instanceof Unsafe) return value.value;
  if (value instanceof PyDate) return value.isoformat(" ");
  return undefined;
}

/**
 * The text of a value printed by `{{ ... }}` inside a template: Ansible's `finalize` turns
 * `None` into `""`, everything else is Python's `str()`. `undefined` as for {@linkcode pyStr}.
 */
export function renderNode(value: PyValue): string | undefined {
  return value === null ? "" : pyStr(value);
}

/** True when `repr()` then `ast.literal_eval()` gives the same value back (so no Python is needed). */
function literalRoundTrips(value: PyValue): boolean {
  if (value === null || typeof value === "boolean" || typeof value === "number") return true;
  if (typeof value === "bigint" || typeof value === "string") return true;
  if (value instanceof PyFloat) return Number.isFinite(value.value);
  // A date's repr() (`datetime.date(...)`) is no literal.
  if (value instanceof Unsafe || value instanceof Vault || value instanceof PyDate) return false;
  if (Array.isArray(value)) return value.every(literalRoundTrips);
  for (const [key, item] of value) {
    if (key instanceof PyFloat && !Number.isFinite(key.value)) return false;
    if (key instanceof PyDate) return false;
    if (!literalRoundTrips(item)) return false;
  }
  return true;
}

/**
 * What a finished template's text becomes (`ansible_eval_concat`): `"True"`/`"False"` turn
 * into booleans, text starting with `{` or `[` goes through `ast.literal_eval` (the outcome
 * is `undefined` here: not predicted), anything else stays a string; unsafe if any part was.
 */
export function concatResult(text: string, unsafe: boolean): PyValue | undefined {
  if (text === "True" || text === "False") return text === "True";
  if (text.startsWith("{") || text.startsWith("[")) return undefined;
  return unsafe ? new Unsafe(text) : text;
}

/**
 * What a template made of one expression, `"{{ expr }}"`, gives when `expr` evaluates to
 * `value` (`ansible_eval_concat` with one node): the value printed with `str()`, then
 * converted back as {@linkcode concatResult} does. So an int becomes a string (`"2"`), a
 * bool stays a bool, `None` becomes `""`, and a list or dict survives the round trip.
 * `unsafe` says whether Ansible marked the template's context unsafe.
 * `undefined` when the outcome needs Python (see {@linkcode concatResult}).
 */
export function singleExpressionResult(value: PyValue, unsafe: boolean): PyValue | undefined {
  const tainted = unsafe || containsUnsafe(value);
  if (Array.isArray(value) || isDict(value)) {
    if (!literalRoundTrips(value)) return undefined;
    return tainted ? wrapUnsafe(value) : value;
  }
  const text = renderNode(value);
  if (text === undefined) return undefined;
  return concatResult(text, tainted);
}

/**
 * A Jinja string literal for `text` (`'node3'`), or `undefined` when the text would need
 * escapes (Ansible rewrites backslashes inside expressions before Jinja reads them, so
 * such names are referred to another way).
 */
export function jinjaStringLiteral(text: string): string | undefined {
  // deno-lint-ignore no-control-regex
  if (/['\\\x00-\x1f\x7f]/.test(text)) return undefined;
  return `'${text}'`;
}
