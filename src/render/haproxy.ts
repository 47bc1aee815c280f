/**
 * `ha-inventory render haproxy`: the external load balancer that Kubespray d39a88d63f
 * leaves to the user (`docs/ha-mode.md`), as a complete `haproxy.cfg`: a TCP frontend on
 * `loadbalancer_apiserver.address:port` and one backend server per `kube-master` host,
 * in group order.
 *
 * A backend server is the master's `kube_apiserver_bind_address` when that is one address,
 * else its access address (`access_ip`, else `ip`, else `ansible_default_ipv4.address`, as
 * Kubespray's nginx upstreams), on the master's own `kube_apiserver_port`. Health checks
 * ask each API server for `GET /healthz` over TLS (certificate not verified: the check only
 * needs a live API), as Kubespray's later HAProxy template does; `tcp` checks only connect.
 *
 * Values only known at run time (an address from gathered facts, a template) are
 * reported as a {@linkcode RenderError} naming the host and the variable to set.
 *
 * @module
 */

import type { InventoryView } from "../pipeline.ts";
import {
  accessAddress,
  commonValue,
  groupHosts,
  hostPort,
  hostVarsReader,
  isLoopback,
  isWildcard,
  kubesprayHosts,
  loadBalancerOf,
  parsePort,
  type Printed,
  printed,
  RenderError,
  unusable,
} from "../kubespray/topology.ts";
import type { PyDict } from "../values/types.ts";

/** Options of {@linkcode renderHaproxy}. */
export interface HaproxyOptions {
  /**
   * `https`: `GET /healthz` over TLS, expecting 200; `tcp`: a TCP connect.
   * @default {"https"}
   */
  readonly healthCheck?: "https" | "tcp";
  /** Read `loadbalancer_apiserver` as this host sees it (when hosts disagree). */
  readonly host?: string;
}

/** One backend server. */
export interface HaproxyServer {
  /** The inventory host name (made safe for HAProxy). */
  readonly name: string;
  /** Address and port, IPv6 in brackets. */
  readonly address: string;
}

/** What the config is made of. */
export interface HaproxyPlan {
  /** The frontend's bind address and port. */
  readonly bind: string;
  /** The name clients use (`apiserver_loadbalancer_domain_name`). */
  readonly domainName: string;
  /** The backends, in `kube-master` order. */
  readonly servers: readonly HaproxyServer[];
}

function known(value: Printed, what: string, fix: string): string {
  if (value.kind === "text") return value.text;
  throw new RenderError(`Cannot render haproxy.cfg: ${unusable(what, value, fix)}`);
}

function port(value: Printed, what: string, fix: string): number {
  const text = known(value, what, fix);
  const parsed = parsePort(text);
  if (parsed === undefined) {
    throw new RenderError(
      `Cannot render haproxy.cfg: ${what} is ${JSON.stringify(text)}, not a port from 1 to 65535`,
    );
  }
  return parsed;
}

function backend(host: string, vars: PyDict): HaproxyServer {
  const apiPort = port(
    vars.has("kube_apiserver_port") ? printed(vars.get("kube_apiserver_port") ?? null) : {
      kind: "text",
      text: "6443",
    },
    `kube_apiserver_port of ${host}`,
    "give a port number",
  );
  let address: string;
  const bind = vars.has("kube_apiserver_bind_address")
    ? printed(vars.get("kube_apiserver_bind_address") ?? null)
    : { kind: "text" as const, text: "0.0.0.0" };
  const bindText = known(
    bind,
    `kube_apiserver_bind_address of ${host}`,
    "give an address or 0.0.0.0",
  );
  if (!isWildcard(bindText)) {
    if (isLoopback(bindText)) {
      throw new RenderError(
        `Cannot render haproxy.cfg: kube_apiserver_bind_address of ${host} is ${bindText}, a loopback address a load balancer cannot reach`,
      );
    }
    address = bindText;
  } else {
    const read = accessAddress(vars);
    address = known(
      read.printed,
      `the address of master ${host} (${read.variable})`,
      `set ip or access_ip for ${host}`,
    );
    if (address === "") {
      throw new RenderError(
        `Cannot render haproxy.cfg: the address of master ${host} is empty (${read.variable} is set to an empty value)`,
      );
    }
  }
  return { name: serverName(host), address: hostPort(address, apiPort) };
}

/** HAProxy names are words: anything outside letters, digits and `._:-` becomes `_`. */
function serverName(host: string): string {
  return host.replace(/[^A-Za-z0-9._:-]/g, "_");
}

/**
 * Reads what the config needs from the inventory.
 *
 * @throws {RenderError} when there is no load balancer, no master, or a value is unusable
 */
export function planHaproxy(view: InventoryView, options: HaproxyOptions = {}): HaproxyPlan {
  const masters = groupHosts(view, "kube-master") ?? [];
  if (masters.length === 0) {
    throw new RenderError('Cannot render haproxy.cfg: group "kube-master" has no hosts');
  }
  const viewers = options.host !== undefined ? [options.host] : kubesprayHosts(view);
  if (options.host !== undefined && !view.inventory.hosts.has(options.host)) {
    throw new RenderError(
      `Cannot render haproxy.cfg: host "${options.host}" is not in the inventory`,
    );
  }
  const read = hostVarsReader(view);
  const lbValue = commonValue(read, viewers, "loadbalancer_apiserver");
  const domainValue = commonValue(read, viewers, "apiserver_loadbalancer_domain_name");
  const lb = loadBalancerOf(
    new Map(lbValue === undefined ? [] : [["loadbalancer_apiserver", lbValue]]),
  );
  if (!lb.defined) {
    throw new RenderError(
      "Cannot render haproxy.cfg: no external load balancer is defined (loadbalancer_apiserver); define it with address and port, e.g. {address: 10.0.0.100, port: 8383}",
    );
  }
  const fix = "set loadbalancer_apiserver with address and port";
  const address = known(lb.address, "loadbalancer_apiserver.address", fix);
  const lbPort = port(lb.port, "loadbalancer_apiserver.port", fix);
  const domain = domainValue === undefined
    ? "lb-apiserver.kubernetes.local"
    : known(printed(domainValue), "apiserver_loadbalancer_domain_name", "give a name");
  const servers = masters.map((host) => backend(host, read(host)));
  const names = new Set<string>();
  const unique = servers.map((server) => {
    let name = server.name;
    for (let i = 2; names.has(name); i++) name = `${server.name}_${i}`;
    names.add(name);
    return { ...server, name };
  });
  return { bind: hostPort(address, lbPort), domainName: domain, servers: unique };
}

/**
 * Renders `haproxy.cfg` for the external API server load balancer.
 *
 * @param view the inventory
 * @param options health-check kind and the host whose view to take
 * @returns the config text, ending with a newline
 * @throws {RenderError} see {@linkcode planHaproxy}
 */
export function renderHaproxy(view: InventoryView, options: HaproxyOptions = {}): string {
  const plan = planHaproxy(view, options);
  const check = options.healthCheck ?? "https";
  const lines = [
    "# HAProxy in front of the Kubernetes API servers, rendered by ha-inventory from the",
    "# inventory (Kubespray d39a88d63f leaves this load balancer to the user).",
    `# Clients reach it as https://${plan.domainName}:${
      plan.bind.slice(plan.bind.lastIndexOf(":") + 1)
    }.`,
    // No maxconn: HAProxy derives it from the file descriptor limit it runs with.
    "global",
    "    log /dev/log local0",
    "",
    "defaults",
    "    mode tcp",
    "    log global",
    "    option tcplog",
    "    option dontlognull",
    "    retries 3",
    "    timeout connect 5s",
    // API watches stay open for a long time.
    "    timeout client 3h",
    "    timeout server 3h",
    "    timeout check 5s",
    "",
    "frontend kube_apiserver",
    `    bind ${plan.bind}`,
    "    default_backend kube_apiserver",
    "",
    "backend kube_apiserver",
    "    balance roundrobin",
    ...(check === "https"
      ? [
        "    option httpchk GET /healthz",
        "    http-check expect status 200",
        "    default-server check check-ssl verify none inter 10s fall 3 rise 2",
      ]
      : ["    default-server check inter 10s fall 3 rise 2"]),
    ...plan.servers.map((server) => `    server ${server.name} ${server.address}`),
  ];
  return lines.join("\n") + "\n";
}
