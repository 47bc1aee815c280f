/**
 * Reading and writing the Kubespray goldens recorded by `scripts/record_kubespray_goldens.ts`
 * (test support; not part of the public API).
 *
 * A fixture directory `fixtures/kubespray/<name>/` holds the inventory (`hosts.ini` or
 * `hosts.yml`, maybe `group_vars/` and `host_vars/`), and what the recorder wrote:
 * - `ansible-list.json`: `ansible-inventory --list` of the inventory plus the alias groups;
 * - `golden.json`: {@linkcode Golden}, the facts as Ansible evaluated Kubespray's defaults.
 *
 * @module
 */

import {
  isDict,
  PyDate,
  type PyDict,
  PyFloat,
  pyInt,
  type PyKey,
  type PyValue,
  Unsafe,
  Vault,
} from "../values/types.ts";
import type { ClusterView } from "./cluster.ts";

/** A fact as recorded: its JSON value and its Python type (`unsafe` = `AnsibleUnsafeText`). */
export interface GoldenFact {
  /** The value as `to_json` printed it; absent when the fact was undefined. */
  readonly value?: unknown;
  /** `str`, `unsafe`, `int`, `float`, `bool`, `NoneType`, `list`, `dict`, or `undefined`. */
  readonly type: string;
}

/** The content of `golden.json`. */
export interface Golden {
  /** The Kubespray commit whose defaults were evaluated. */
  readonly "kubespray_commit": string;
  /** `ansible-playbook --version`'s first line. */
  readonly ansible: string;
  /** The inventory's own groups (before the alias groups were added). */
  readonly "inventory_groups": Record<string, string[]>;
  /** `groups` as the play saw it (alias groups included). */
  readonly groups: Record<string, string[]>;
  /** The `ansible_default_ipv4.address` each host was given at record time (not in the inventory). */
  readonly gathered: Record<string, string>;
  /** Host -> fact -> recorded value and type. */
  readonly hosts: Record<string, Record<string, GoldenFact>>;
  /**
   * Host -> fact -> the Jinja template ha-inventory emitted at record time that the
   * recorder had Ansible evaluate (it gave the golden value). Lets tests check templates
   * that the small renderer of this module does not evaluate.
   */
  readonly "verified_templates": Record<string, Record<string, string>>;
}

function toPy(value: unknown, source: string | undefined): PyValue {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") {
    const text = source ?? String(value);
    return /[.eE]/.test(text) ? new PyFloat(value) : pyInt(text);
  }
  if (Array.isArray(value)) return value as PyValue[];
  if (value instanceof Map || value instanceof PyFloat || value instanceof Unsafe) return value;
  const object = value as Record<string, PyValue>;
  const keys = Object.keys(object);
  if (keys.length === 1 && typeof object.__ansible_unsafe === "string") {
    return new Unsafe(object.__ansible_unsafe);
  }
  if (keys.length === 1 && typeof object.__ansible_vault === "string") {
    return new Vault(object.__ansible_vault);
  }
  // JavaScript objects list integer-like keys first; the recorded data has none.
  return new Map<PyKey, PyValue>(keys.map((key) => [key, object[key] ?? null]));
}

/**
 * Parses JSON printed by Ansible into Python values: `1.0` stays a float, big ints stay
 * exact, `{"__ansible_unsafe": ...}` and `{"__ansible_vault": ...}` become
 * {@linkcode Unsafe} and {@linkcode Vault}.
 */
export function parseAnsibleJson(text: string): PyValue {
  return JSON.parse(
    text,
    function (_key, value: unknown, context?: { source?: string }) {
      return toPy(value, context?.source);
    } as (key: string, value: unknown) => unknown,
  ) as PyValue;
}

/** The hostvars of an `ansible-inventory --list` document. */
export function hostvarsOfList(list: PyValue): Map<string, PyDict> {
  const out = new Map<string, PyDict>();
  if (!isDict(list)) return out;
  const meta = list.get("_meta");
  const hostvars = isDict(meta) ? meta.get("hostvars") : undefined;
  if (!isDict(hostvars)) return out;
  for (const [host, vars] of hostvars) {
    if (typeof host === "string" && isDict(vars)) out.set(host, vars);
  }
  return out;
}

/**
 * The {@linkcode ClusterView} of a recorded fixture: `groups` as the play saw it and the
 * hostvars of `ansible-inventory --list`, for every host of group `all`.
 */
export function clusterViewOf(golden: Golden, listText: string): ClusterView {
  const listed = hostvarsOfList(parseAnsibleJson(listText));
  const hostvars = new Map<string, PyDict>();
  for (const host of golden.groups.all ?? []) hostvars.set(host, listed.get(host) ?? new Map());
  const groups = new Map<string, readonly string[]>(Object.entries(golden.groups));
  return { groups, hostvars };
}

/** Python type name of a value, as the goldens name it. */
export function typeName(value: PyValue | undefined): string {
  if (value === undefined) return "undefined";
  if (value === null) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number" || typeof value === "bigint") return "int";
  if (typeof value === "string") return "str";
  if (value instanceof PyFloat) return "float";
  if (value instanceof Unsafe) return "unsafe";
  if (value instanceof Vault) return "vault";
  if (value instanceof PyDate) return value.time === null ? "date" : "datetime";
  return Array.isArray(value) ? "list" : "dict";
}

/** A value as plain JSON data, for comparison with a golden (floats become numbers). */
export function toJsonData(value: PyValue): unknown {
  if (value instanceof PyFloat) return value.value;
  if (value instanceof Unsafe) return value.value;
  if (value instanceof Vault) return value.ciphertext;
  if (value instanceof PyDate) return value.isoformat();
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(toJsonData);
  if (isDict(value)) {
    return Object.fromEntries([...value].map(([k, v]) => [String(k), toJsonData(v as PyValue)]));
  }
  return value;
}

/**
 * Writes a value as JSON that Ansible reads back with the same types (`AnsibleJSONDecoder`):
 * floats keep a fraction, unsafe strings become `{"__ansible_unsafe": ...}`.
 */
export function toAnsibleJson(value: PyValue): string {
  if (value === null || typeof value === "boolean" || typeof value === "number") {
    return JSON.stringify(value);
  }
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof PyFloat) {
    const text = String(value.value);
    return /[.e]/.test(text) ? text : `${text}.0`;
  }
  if (value instanceof Unsafe) return `{"__ansible_unsafe": ${JSON.stringify(value.value)}}`;
  if (value instanceof Vault) return `{"__ansible_vault": ${JSON.stringify(value.ciphertext)}}`;
  // JSON has no dates: Ansible reads back the isoformat() text.
  if (value instanceof PyDate) return JSON.stringify(value.isoformat());
  if (Array.isArray(value)) return `[${value.map(toAnsibleJson).join(", ")}]`;
  return `{${
    [...value].map(([k, v]) => `${JSON.stringify(String(k))}: ${toAnsibleJson(v)}`).join(", ")
  }}`;
}

const OWN_GATHERED = /\{\{ ansible_default_ipv4\.address \}\}/g;
const OTHER_GATHERED = /\{\{ hostvars\['([^'\\]*)'\]\['ansible_default_ipv4'\]\['address'\] \}\}/g;

/**
 * Evaluates the deferred expressions ha-inventory emits for gathered facts, for a host
 * whose facts were gathered as `gathered` says. Returns undefined for any other Jinja.
 *
 * @param text the emitted value
 * @param host the host whose context evaluates it
 * @param gathered host -> `ansible_default_ipv4.address`
 */
export function renderGathered(
  text: string,
  host: string,
  gathered: Readonly<Record<string, string>>,
): string | undefined {
  let failed = false;
  const out = text
    .replace(OWN_GATHERED, () => gathered[host] ?? ((failed = true), ""))
    .replace(OTHER_GATHERED, (_, other: string) => gathered[other] ?? ((failed = true), ""));
  return failed || out.includes("{{") || out.includes("{%") ? undefined : out;
}
