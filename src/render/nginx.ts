/**
 * `ha-inventory render nginx`: the localhost load balancer of a non-master node, the
 * `/etc/nginx/nginx.conf` that Kubespray d39a88d63f writes for its `nginx-proxy` static pod
 * (`roles/kubernetes/node/templates/nginx.conf.j2`), with the same directives, cleanly
 * indented: a `stream` proxy listening on `127.0.0.1:{nginx_kube_apiserver_port, else
 * kube_apiserver_port}` whose upstreams are the `kube-master` hosts at their access
 * address (`access_ip`, else `ip`, else `ansible_default_ipv4.address`) and the node's
 * `kube_apiserver_port`, least connections first.
 *
 * Kubespray runs the proxy on `k8s-cluster` hosts that are not masters, when
 * `loadbalancer_apiserver_localhost` is true (its default unless `loadbalancer_apiserver`
 * is defined). Unlike the template, an IPv6 upstream is written in brackets, which
 * nginx needs.
 *
 * @module
 */

import type { InventoryView } from "../pipeline.ts";
import { isDynamic, jinjaTruthy } from "../kubespray/jinja_values.ts";
import {
  accessAddress,
  groupHosts,
  hostPort,
  parsePort,
  type Printed,
  printed,
  RenderError,
  unusable,
} from "../kubespray/topology.ts";
import type { PyDict } from "../values/types.ts";

/** Options of {@linkcode renderNginx}. */
export interface NginxOptions {
  /** The node to render for; by default the hosts running the proxy must all agree. */
  readonly host?: string;
}

/** What the config is made of. */
export interface NginxPlan {
  /** The hosts it is for. */
  readonly hosts: readonly string[];
  /** The listen port on 127.0.0.1. */
  readonly listenPort: number;
  /** `address:port` of each master, in `kube-master` order. */
  readonly upstreams: readonly string[];
}

function portText(value: Printed, what: string): number {
  if (value.kind !== "text") {
    throw new RenderError(
      `Cannot render nginx.conf: ${unusable(what, value, "give a port number")}`,
    );
  }
  const port = parsePort(value.text);
  if (port === undefined) {
    throw new RenderError(
      `Cannot render nginx.conf: ${what} is ${
        JSON.stringify(value.text)
      }, not a port from 1 to 65535`,
    );
  }
  return port;
}

/** Whether Kubespray runs the proxy on a host, and why not. */
function runsProxy(host: string, vars: PyDict, masters: ReadonlySet<string>): string | undefined {
  if (masters.has(host)) return `${host} is a master: Kubespray does not run the nginx proxy there`;
  const localhost = vars.has("loadbalancer_apiserver_localhost")
    ? vars.get("loadbalancer_apiserver_localhost") ?? null
    : !vars.has("loadbalancer_apiserver");
  if (isDynamic(localhost)) {
    return `whether ${host} runs the nginx proxy is only known at run time (loadbalancer_apiserver_localhost is a template)`;
  }
  if (jinjaTruthy(localhost) !== true) {
    return `${host} does not run the nginx proxy: loadbalancer_apiserver_localhost is false`;
  }
  return undefined;
}

/** The access address of each master, checked once. */
function masterAddresses(view: InventoryView, masters: readonly string[]): string[] {
  return masters.map((master) => {
    const read = accessAddress(view.hostVars(master));
    if (read.printed.kind === "text" && read.printed.text !== "") return read.printed.text;
    const detail = read.printed.kind === "text"
      ? `the address of master ${master} is empty (${read.variable} is set to an empty value)`
      : unusable(
        `the address of master ${master} (${read.variable})`,
        read.printed,
        `set ip or access_ip for ${master}`,
      );
    throw new RenderError(`Cannot render nginx.conf: ${detail}`);
  });
}

/** A node's listen port and the upstream port (the node's own `kube_apiserver_port`). */
function ports(host: string, vars: PyDict): { listen: number; upstream: number } {
  const apiPort = vars.has("kube_apiserver_port")
    ? printed(vars.get("kube_apiserver_port") ?? null)
    : { kind: "text" as const, text: "6443" };
  const upstream = portText(apiPort, `kube_apiserver_port of ${host}`);
  const listen = vars.has("nginx_kube_apiserver_port")
    ? portText(
      printed(vars.get("nginx_kube_apiserver_port") ?? null),
      `nginx_kube_apiserver_port of ${host}`,
    )
    : upstream;
  return { listen, upstream };
}

/**
 * Reads what the config needs from the inventory.
 *
 * @throws {RenderError} when no host runs the proxy, hosts disagree without `host`, or a value is unusable
 */
export function planNginx(view: InventoryView, options: NginxOptions = {}): NginxPlan {
  const masters = groupHosts(view, "kube-master") ?? [];
  if (masters.length === 0) {
    throw new RenderError('Cannot render nginx.conf: group "kube-master" has no hosts');
  }
  const masterSet = new Set(masters);
  let candidates: readonly string[];
  if (options.host !== undefined) {
    const host = options.host;
    if (!view.inventory.hosts.has(host)) {
      throw new RenderError(`Cannot render nginx.conf: host "${host}" is not in the inventory`);
    }
    const why = runsProxy(host, view.hostVars(host), masterSet);
    if (why !== undefined) throw new RenderError(`Cannot render nginx.conf: ${why}`);
    candidates = [host];
  } else {
    candidates = groupHosts(view, "k8s-cluster") ?? [];
  }
  let first: { host: string; listen: number; upstream: number } | undefined;
  const hosts: string[] = [];
  for (const host of candidates) {
    const vars = view.hostVars(host);
    if (options.host === undefined && runsProxy(host, vars, masterSet) !== undefined) continue;
    const next = ports(host, vars);
    if (first === undefined) first = { host, ...next };
    else if (next.listen !== first.listen || next.upstream !== first.upstream) {
      throw new RenderError(
        `Cannot render nginx.conf: ${first.host} and ${host} need different configs; pass --host NAME`,
      );
    }
    hosts.push(host);
  }
  if (first === undefined) {
    throw new RenderError(
      "Cannot render nginx.conf: no host runs the nginx proxy (it runs on k8s-cluster hosts that are not masters, when loadbalancer_apiserver_localhost is true)",
    );
  }
  const upstream = first.upstream;
  return {
    hosts,
    listenPort: first.listen,
    upstreams: masterAddresses(view, masters).map((address) => hostPort(address, upstream)),
  };
}

/**
 * Renders the nginx proxy's `nginx.conf`.
 *
 * @param view the inventory
 * @param options the node to render for
 * @returns the config text, ending with a newline
 * @throws {RenderError} see {@linkcode planNginx}
 */
export function renderNginx(view: InventoryView, options: NginxOptions = {}): string {
  const plan = planNginx(view, options);
  const hosts = plan.hosts.length > 3
    ? `${plan.hosts.slice(0, 3).join(", ")} and ${plan.hosts.length - 3} more`
    : plan.hosts.join(", ");
  const lines = [
    `# nginx-proxy of ${hosts}: Kubespray's localhost load balancer, rendered by ha-inventory.`,
    "error_log stderr notice;",
    "",
    "worker_processes auto;",
    "",
    "events {",
    "    multi_accept on;",
    "    use epoll;",
    "    worker_connections 1024;",
    "}",
    "",
    "stream {",
    "    upstream kube_apiserver {",
    "        least_conn;",
    ...plan.upstreams.map((upstream) => `        server ${upstream};`),
    "    }",
    "",
    "    server {",
    `        listen 127.0.0.1:${plan.listenPort};`,
    "        proxy_pass kube_apiserver;",
    "        proxy_timeout 10m;",
    "        proxy_connect_timeout 1s;",
    "    }",
    "}",
  ];
  return lines.join("\n") + "\n";
}
