/**
 * Kubespray's address fallback chains at d39a88d63f, as data, and the Jinja text that
 * re-creates a chain when its value can only be known at run time.
 *
 * A chain is `a | default(b | default(c))`: the first *defined* variable wins. `default()`
 * replaces only undefined values, so `access_ip: ""` or `access_ip: null` ends the chain
 * with an empty address (`https://:2379`).
 *
 * | chain | steps | used for |
 * | --- | --- | --- |
 * | access (`addr(h)`) | `access_ip` -> `ip` -> `ansible_default_ipv4.address` | `first_kube_master`, `etcd_access_addresses`, `etcd_peer_addresses` (read from `hostvars[h]`) |
 * | bind | `ip` -> `ansible_default_ipv4.address` | `kube_apiserver_address`, `etcd_address` (the host itself) |
 * | access via bind | `access_ip` -> the bind fact | `kube_apiserver_access_address`, `etcd_access_address` |
 *
 * @module
 */

import { jinjaStringLiteral } from "./jinja_values.ts";

/** The gathered fact every chain ends in. A static tool does not have it. */
export const GATHERED_ADDRESS = "ansible_default_ipv4.address";

/** `addr(h)`: the address other hosts use to reach host `h`. Read through `hostvars[h]`. */
export const ACCESS_ADDRESS_CHAIN: readonly string[] = ["access_ip", "ip", GATHERED_ADDRESS];

/** The address a host binds its own services to. */
export const BIND_ADDRESS_CHAIN: readonly string[] = ["ip", GATHERED_ADDRESS];

/** The facts that are an address chain of the host itself. Steps may name other facts. */
export const OWN_ADDRESS_FACTS: ReadonlyMap<string, readonly string[]> = new Map([
  ["kube_apiserver_address", BIND_ADDRESS_CHAIN],
  ["kube_apiserver_access_address", ["access_ip", "kube_apiserver_address"]],
  ["etcd_address", BIND_ADDRESS_CHAIN],
  ["etcd_access_address", ["access_ip", "etcd_address"]],
]);

/**
 * The Jinja expression that refers to a host: `'node3'`, or, for a name that would need
 * escapes, `groups['etcd'][2]` (the position it was found at).
 *
 * @param host the inventory host name
 * @param group the group the host was taken from
 * @param index its 0-based position in that group
 */
export function hostExpr(host: string, group: string, index: number): string {
  return jinjaStringLiteral(host) ?? `groups[${jinjaStringLiteral(group)}][${index}]`;
}

/**
 * A variable path as a Jinja expression: `ansible_default_ipv4.address` for the host being
 * configured, `hostvars['node3']['ansible_default_ipv4']['address']` for another host.
 *
 * @param path dotted variable path
 * @param host a {@linkcode hostExpr} to read the path through `hostvars`, or undefined for the host itself
 */
export function pathExpr(path: string, host?: string): string {
  if (host === undefined) return path;
  return `hostvars[${host}]` + path.split(".").map((part) => `['${part}']`).join("");
}

/**
 * A chain (or its tail) as one Jinja expression, `a | default(b | default(c))`.
 *
 * @param steps Jinja expressions, first choice first
 */
export function defaultChainExpr(steps: readonly string[]): string {
  let expr = steps[steps.length - 1] ?? "";
  for (let i = steps.length - 2; i >= 0; i--) expr = `${steps[i]} | default(${expr})`;
  return expr;
}
