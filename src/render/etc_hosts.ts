/**
 * `ha-inventory render hosts [lb|all]`: the `/etc/hosts` lines Kubespray d39a88d63f
 * writes on every host of `k8s-cluster`, `etcd` and `calico-rr`
 * (`roles/kubernetes/preinstall/tasks/etchosts.yml`):
 *
 * - `lb` (default): `{loadbalancer_apiserver.address} {apiserver_loadbalancer_domain_name}`,
 *   which Kubespray writes only when the load balancer has an address. The API server
 *   certificate names the load balancer only by this name, so clients need the line.
 * - `all`: also the two localhost lines Kubespray enforces and, when
 *   `populate_inventory_to_hosts_file` is true (the default), its inventory block: one line
 *   per host, `{address} [{hostname} {hostname}.{dns_domain}] {host} {host}.{dns_domain}`,
 *   where the bracketed part appears when the gathered `ansible_hostname` differs from the
 *   inventory name. Without `ansible_hostname` in the inventory the two are taken to be
 *   equal, and a warning says so.
 *
 * @module
 */

import type { InventoryView } from "../pipeline.ts";
import { isDynamic, jinjaTruthy } from "../kubespray/jinja_values.ts";
import {
  accessAddress,
  commonValue,
  groupHosts,
  hostVarsReader,
  loadBalancerOf,
  type Printed,
  printed,
  RenderError,
  unusable,
} from "../kubespray/topology.ts";
import type { PyDict, PyValue } from "../values/types.ts";

/** Options of {@linkcode renderEtcHosts}. */
export interface EtcHostsOptions {
  /** `lb`: the load balancer line; `all`: the localhost lines, the inventory block and the load balancer line. @default {"lb"} */
  readonly kind?: "lb" | "all";
  /** Evaluate host-dependent variables as this host sees them (when hosts disagree). */
  readonly host?: string;
}

/** The markers of Kubespray's `blockinfile`. */
export const BLOCK_BEGIN = "# Ansible inventory hosts BEGIN";
/** See {@linkcode BLOCK_BEGIN}. */
export const BLOCK_END = "# Ansible inventory hosts END";

function need(value: Printed, what: string, fix: string): string {
  if (value.kind === "text") return value.text;
  throw new RenderError(`Cannot render /etc/hosts: ${unusable(what, value, fix)}`);
}

/** The hosts the preinstall plays run on: unique(k8s-cluster + etcd + calico-rr). */
function preinstallHosts(view: InventoryView): string[] {
  const seen = new Set<string>();
  for (const group of ["k8s-cluster", "etcd", "calico-rr"]) {
    for (const host of groupHosts(view, group) ?? []) seen.add(host);
  }
  return [...seen];
}

/** The load balancer line, or the reason Kubespray writes none. */
function lbLine(lbValue: PyValue | undefined, domainValue: PyValue | undefined): string | string[] {
  const lb = loadBalancerOf(
    new Map(lbValue === undefined ? [] : [["loadbalancer_apiserver", lbValue]]),
  );
  if (!lb.defined) {
    return "no external load balancer is defined (loadbalancer_apiserver), so Kubespray writes no line for it";
  }
  if (lb.address.kind === "undefined") {
    return "loadbalancer_apiserver has no address, so Kubespray writes no line for it";
  }
  const address = need(lb.address, "loadbalancer_apiserver.address", "give the load balancer's IP");
  const domain = domainValue === undefined
    ? "lb-apiserver.kubernetes.local"
    : need(printed(domainValue), "apiserver_loadbalancer_domain_name", "give a name");
  return [`${address} ${domain}`];
}

/**
 * Renders the `/etc/hosts` lines.
 *
 * @param view the inventory
 * @param options which lines, and the host whose view to take
 * @returns the lines, ending with a newline
 * @throws {RenderError} when there is nothing to write or an address is only known at run time
 */
export function renderEtcHosts(view: InventoryView, options: EtcHostsOptions = {}): string {
  const kind = options.kind ?? "lb";
  const hosts = preinstallHosts(view);
  const viewers = options.host !== undefined ? [options.host] : hosts;
  if (options.host !== undefined && !view.inventory.hosts.has(options.host)) {
    throw new RenderError(
      `Cannot render /etc/hosts: host "${options.host}" is not in the inventory`,
    );
  }
  if (viewers.length === 0) {
    throw new RenderError(
      "Cannot render /etc/hosts: no host is in k8s-cluster, etcd or calico-rr, where Kubespray writes it",
    );
  }
  const read = hostVarsReader(view);
  const lb = lbLine(
    commonValue(read, viewers, "loadbalancer_apiserver"),
    commonValue(read, viewers, "apiserver_loadbalancer_domain_name"),
  );
  if (kind === "lb") {
    if (typeof lb === "string") throw new RenderError(`Cannot render /etc/hosts: ${lb}`);
    return lb.join("\n") + "\n";
  }
  const lines = [
    "127.0.0.1 localhost localhost.localdomain",
    "::1 localhost6 localhost6.localdomain",
  ];
  const populate = commonValue(read, viewers, "populate_inventory_to_hosts_file");
  if (populate !== undefined && isDynamic(populate)) {
    throw new RenderError(
      "Cannot render /etc/hosts: populate_inventory_to_hosts_file is only known at run time",
    );
  }
  if (populate === undefined || jinjaTruthy(populate) === true) {
    lines.push(BLOCK_BEGIN, ...inventoryBlock(view, read, hosts, viewers), BLOCK_END);
  } else {
    view.warn("populate_inventory_to_hosts_file is false: Kubespray writes no inventory block");
  }
  if (typeof lb === "string") view.warn(`/etc/hosts: ${lb}`);
  else lines.push(...lb);
  return lines.join("\n") + "\n";
}

function inventoryBlock(
  view: InventoryView,
  read: (host: string) => PyDict,
  hosts: readonly string[],
  viewers: readonly string[],
): string[] {
  const dnsValue = commonValue(read, viewers, "dns_domain");
  const clusterValue = commonValue(read, viewers, "cluster_name");
  const domain = dnsValue !== undefined
    ? need(printed(dnsValue), "dns_domain", "give a domain")
    : clusterValue !== undefined
    ? need(printed(clusterValue), "cluster_name", "give a name")
    : "cluster.local";
  const unknown: string[] = [];
  const runtime: string[] = [];
  const lines: string[] = [];
  for (const host of hosts) {
    const vars = read(host);
    const address = accessAddress(vars);
    if (address.printed.kind !== "text" || address.printed.text === "") {
      runtime.push(
        `${host} (${address.variable}${address.printed.kind === "text" ? " is empty" : ""})`,
      );
      continue;
    }
    let alias = "";
    if (vars.has("ansible_hostname")) {
      const name = need(
        printed(vars.get("ansible_hostname") ?? null),
        `ansible_hostname of ${host}`,
        "give the host name",
      );
      if (name !== host) alias = ` ${name} ${name}.${domain}`;
    } else {
      unknown.push(host);
    }
    lines.push(`${address.printed.text}${alias} ${host} ${host}.${domain}`);
  }
  if (runtime.length > 0) {
    throw new RenderError(
      `Cannot render /etc/hosts: no usable address for ${
        runtime.join(", ")
      } (only known at run time, or empty); set ip or access_ip`,
    );
  }
  if (unknown.length > 0) {
    const shown = unknown.length > 5
      ? `${unknown.slice(0, 5).join(", ")}, ...`
      : unknown.join(", ");
    view.warn(
      `/etc/hosts: ansible_hostname is a gathered fact; assuming it equals the inventory name for ${shown} (Kubespray adds "HOSTNAME HOSTNAME.${domain}" to a line when they differ)`,
    );
  }
  return lines;
}
