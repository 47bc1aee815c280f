/**
 * The cluster's shape as the checks and the load-balancer renderers read it: role
 * groups under either name, addresses through Kubespray's fallback chain, ports and the
 * external load balancer, each read as Kubespray's templates print them and each
 * telling apart a known value, a value only known at run time, and an undefined one.
 *
 * Text rules (Ansible 2.14 printing a value inside a template): `None` prints as `""`,
 * booleans as `True`/`False`, floats Python's way (`6443.0`), `!unsafe` text as is. A
 * string with a Jinja marker, a vaulted value and a gathered fact are only known at run
 * time; a list or dict prints as Python's `repr`, which is never a usable address.
 *
 * @module
 */

import { InventoryError } from "../errors.ts";
import type { InventoryView } from "../pipeline.ts";
import { isDict, type PyDict, type PyValue } from "../values/types.ts";
import { GROUP_ALIASES } from "./groups.ts";
import { isDynamic, renderNode } from "./jinja_values.ts";

/** A value that cannot be put into a load-balancer config (the CLI prints it and exits 1). */
export class RenderError extends InventoryError {
  /** @param message what is missing and how to fix it */
  constructor(message: string) {
    super(message);
    this.name = "RenderError";
  }
}

/** A value as a template prints it. */
export type Printed =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "runtime"; readonly why: string }
  | { readonly kind: "undefined" }
  | { readonly kind: "unprintable" };

/**
 * How `{{ value }}` prints inside a larger template.
 *
 * @param value a variable's value, `undefined` when the variable is not defined
 */
export function printed(value: PyValue | undefined): Printed {
  if (value === undefined) return { kind: "undefined" };
  if (isDynamic(value)) {
    return {
      kind: "runtime",
      why: typeof value === "string"
        ? `a template (${JSON.stringify(value)}) Ansible evaluates at run time`
        : "a vaulted or templated value, decided at run time",
    };
  }
  const text = renderNode(value);
  return text === undefined ? { kind: "unprintable" } : { kind: "text", text };
}

/** Where an address chain ended. */
export interface AddressRead {
  /** The printed address, or why there is none. */
  readonly printed: Printed;
  /** The variable that decided it, e.g. `access_ip` or `ansible_default_ipv4.address`. */
  readonly variable: string;
  /** True when the chain fell through to the gathered fact and the inventory does not give it. */
  readonly gathered: boolean;
}

/**
 * A chain of variables as `a | default(b | default(ansible_default_ipv4.address))` reads
 * it: the first *defined* one wins, even when it is `""` or `null`.
 *
 * @param vars the host's variables
 * @param steps variable names, the last one may be `ansible_default_ipv4.address`
 */
export function addressChain(vars: PyDict, steps: readonly string[]): AddressRead {
  for (const step of steps) {
    if (step === "ansible_default_ipv4.address") {
      if (!vars.has("ansible_default_ipv4")) {
        return {
          printed: { kind: "runtime", why: "the gathered fact ansible_default_ipv4.address" },
          variable: step,
          gathered: true,
        };
      }
      const facts = vars.get("ansible_default_ipv4") ?? null;
      if (isDynamic(facts)) return { printed: printed(facts), variable: step, gathered: false };
      const address = isDict(facts) ? facts.get("address") : undefined;
      return { printed: printed(address), variable: step, gathered: false };
    }
    if (vars.has(step)) {
      return { printed: printed(vars.get(step) ?? null), variable: step, gathered: false };
    }
  }
  return { printed: { kind: "undefined" }, variable: steps[0] ?? "", gathered: false };
}

/** `addr(h)`: `access_ip`, else `ip`, else `ansible_default_ipv4.address`. */
export const ACCESS_CHAIN: readonly string[] = ["access_ip", "ip", "ansible_default_ipv4.address"];

/** The access address other hosts use for a host (`addr(h)`). */
export function accessAddress(vars: PyDict): AddressRead {
  return addressChain(vars, ACCESS_CHAIN);
}

/**
 * The hosts of a Kubespray role group, read under its legacy name (what d39a88d63f
 * reads) or, when the inventory only has the modern one, under that.
 *
 * @param view the inventory
 * @param legacy the legacy name, e.g. `kube-master`
 * @returns the hosts in Ansible's order, or `undefined` when neither name is a group
 */
export function groupHosts(view: InventoryView, legacy: string): string[] | undefined {
  const groups = view.inventory.groups;
  const modern = GROUP_ALIASES.find((alias) => alias.legacy === legacy)?.modern;
  const group = groups.get(legacy) ?? (modern === undefined ? undefined : groups.get(modern));
  return group?.allHosts().map((host) => host.name);
}

/** The hosts Kubespray configures: `k8s-cluster`, `etcd`, `calico-rr` (its preinstall plays), in that order. */
export function kubesprayHosts(view: InventoryView): string[] {
  const seen = new Set<string>();
  for (const group of ["k8s-cluster", "kube-master", "kube-node", "etcd", "calico-rr"]) {
    for (const host of groupHosts(view, group) ?? []) seen.add(host);
  }
  return [...seen];
}

/**
 * A TCP port as printed text: a whole number from 1 to 65535 (`"6443"` and `6443` both
 * work; `6443.0` prints as `6443.0` and does not).
 *
 * @returns the port, or `undefined` when the text is not one
 */
export function parsePort(text: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** A port variable of a host with Kubespray's default, as printed. */
export function portOf(vars: PyDict, name: string, fallback?: number): Printed {
  if (!vars.has(name)) {
    return fallback === undefined
      ? { kind: "undefined" }
      : { kind: "text", text: String(fallback) };
  }
  return printed(vars.get(name) ?? null);
}

/** True for a dotted-quad IPv4 address as Python's `ipaddress` accepts it (no leading zeros). */
export function isIPv4(text: string): boolean {
  const parts = text.split(".");
  if (parts.length !== 4) return false;
  return parts.every((part) => /^(0|[1-9][0-9]{0,2})$/.test(part) && Number(part) <= 255);
}

/** True for an IPv6 address (RFC 4291 text forms, an IPv4 tail allowed, no zone id). */
export function isIPv6(text: string): boolean {
  if (!text.includes(":")) return false;
  let body = text;
  let extra = 0;
  const lastColon = body.lastIndexOf(":");
  const tail = body.slice(lastColon + 1);
  if (tail.includes(".")) {
    if (!isIPv4(tail)) return false;
    body = body.slice(0, lastColon + 1) + "0";
    extra = 1; // the IPv4 tail takes two groups, written here as one
  }
  const halves = body.split("::");
  if (halves.length > 2) return false;
  const groups = (half: string) => (half === "" ? [] : half.split(":"));
  const left = groups(halves[0] ?? "");
  const right = halves.length === 2 ? groups(halves[1] ?? "") : [];
  const all = [...left, ...right];
  if (!all.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return false;
  const count = all.length + extra;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** True for an IPv4 or IPv6 address. */
export function isIpAddress(text: string): boolean {
  return isIPv4(text) || isIPv6(text);
}

/**
 * True for a host name that DNS, `/etc/hosts` and a certificate's DNS SAN all accept:
 * dot-separated labels of letters, digits and inner hyphens, 1-63 characters each, at
 * most 253 in all, no trailing dot, and a last label that is not all digits (so an IP
 * address is not a name).
 */
export function isDnsName(text: string): boolean {
  if (text.length === 0 || text.length > 253) return false;
  const labels = text.split(".");
  if (!labels.every((label) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label))) {
    return false;
  }
  return !/^[0-9]+$/.test(labels[labels.length - 1] ?? "");
}

/** An address as it goes before `:port` in a URL or a proxy config: IPv6 in brackets. */
export function hostPort(address: string, port: number | string): string {
  return `${isIPv6(address) ? `[${address}]` : address}:${port}`;
}

/** True for 127.0.0.0/8, `::1` and `localhost`: an address every host has for itself. */
export function isLoopback(address: string): boolean {
  return address === "localhost" || address === "::1" ||
    (isIPv4(address) && address.startsWith("127."));
}

/** True for an address that means "every interface" (`0.0.0.0`, `::`). */
export function isWildcard(address: string): boolean {
  return address === "0.0.0.0" || address === "::";
}

/** Structural equality of two values (for "do all hosts agree?"). */
export function sameValue(a: PyValue | undefined, b: PyValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length &&
      a.every((item, i) => sameValue(item, b[i]));
  }
  if (isDict(a) || isDict(b)) {
    if (!isDict(a) || !isDict(b) || a.size !== b.size) return false;
    for (const [key, item] of a) {
      if (!b.has(key) || !sameValue(item, b.get(key))) return false;
    }
    return true;
  }
  if (a.constructor !== b.constructor) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What one host sees of `loadbalancer_apiserver`. */
export interface LoadBalancer {
  /** Whether the variable is defined at all. */
  readonly defined: boolean;
  /** Its raw value. */
  readonly value: PyValue | undefined;
  /** Whether it is a mapping (else `.address` and `.port` are undefined). */
  readonly isMapping: boolean;
  /** `loadbalancer_apiserver.address` as printed. */
  readonly address: Printed;
  /** `loadbalancer_apiserver.port` as printed. */
  readonly port: Printed;
}

/** Reads `loadbalancer_apiserver` from a host's variables. */
export function loadBalancerOf(vars: PyDict): LoadBalancer {
  if (!vars.has("loadbalancer_apiserver")) {
    return {
      defined: false,
      value: undefined,
      isMapping: false,
      address: { kind: "undefined" },
      port: { kind: "undefined" },
    };
  }
  const value = vars.get("loadbalancer_apiserver") ?? null;
  if (isDynamic(value) && !isDict(value)) {
    const runtime = printed(value);
    return { defined: true, value, isMapping: false, address: runtime, port: runtime };
  }
  const mapping = isDict(value) ? value : undefined;
  return {
    defined: true,
    value,
    isMapping: mapping !== undefined,
    address: printed(mapping?.has("address") ? mapping.get("address") ?? null : undefined),
    port: printed(mapping?.has("port") ? mapping.get("port") ?? null : undefined),
  };
}

/**
 * A reader of hosts' variables (with facts) that computes each host's once: the view
 * builds a fresh mapping on every call, and renderers read several variables per host.
 */
export function hostVarsReader(view: InventoryView): (host: string) => PyDict {
  const cache = new Map<string, PyDict>();
  return (host) => {
    let vars = cache.get(host);
    if (vars === undefined) {
      vars = view.hostVars(host);
      cache.set(host, vars);
    }
    return vars;
  };
}

/**
 * The value all `hosts` agree on for `name`, for configs that exist once for the whole
 * cluster. Throws {@linkcode RenderError} naming two hosts that disagree.
 *
 * @param read each host's variables (see {@linkcode hostVarsReader})
 * @param hosts the hosts whose view counts
 * @param name the variable
 * @returns the common value (undefined when no host defines it)
 */
export function commonValue(
  read: (host: string) => PyDict,
  hosts: readonly string[],
  name: string,
): PyValue | undefined {
  let first: { host: string; value: PyValue | undefined } | undefined;
  for (const host of hosts) {
    const vars = read(host);
    const value = vars.has(name) ? vars.get(name) ?? null : undefined;
    if (first === undefined) first = { host, value };
    else if (!sameValue(first.value, value)) {
      throw new RenderError(
        `${name} differs between ${first.host} and ${host}; pass --host NAME to render the view of one host`,
      );
    }
  }
  return first?.value;
}

/** A one-line description of why a printed value cannot be used. */
export function unusable(what: string, value: Printed, fix: string): string {
  switch (value.kind) {
    case "runtime":
      return `${what} is only known at run time (${value.why}); ${fix}`;
    case "undefined":
      return `${what} is not defined; ${fix}`;
    case "unprintable":
      return `${what} is a list or mapping, not an address; ${fix}`;
    case "text":
      return `${what} is ${JSON.stringify(value.text)}; ${fix}`;
  }
}
