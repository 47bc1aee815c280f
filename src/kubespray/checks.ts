/**
 * `ha-inventory check`: mistakes in an HA layout that Kubespray d39a88d63f would only
 * reveal minutes into a run (an `assert` task), or never (a cluster whose clients all
 * talk to one master). The rules are data: {@linkcode CHECK_RULES}, one object per rule
 * with its id, severity, a description and a function that returns findings.
 *
 * Values are read as Ansible reads them: the host's variables after precedence, with
 * Kubespray's facts, printed the way a template prints them (`None` as `""`, `6443.0`
 * as `6443.0`), truthiness as Jinja's (the INI string `"false"` is true). A value only
 * known at run time (a template, a vaulted value) is never judged.
 *
 * A finding about a variable a group sets (inline, `[group:vars]` or `group_vars/`) is
 * reported once, for that group, with the file and line that set it (when the inventory
 * was loaded with `trackOrigins`), not once per host.
 *
 * Where the external load balancer runs: Kubespray has no notion of it. A load balancer
 * is taken to run on a host when its address is one of the host's addresses, when it is
 * a loopback address (one instance per host, as `docs/ha-mode.md` suggests), or when the
 * host is in one of the groups {@linkcode LB_HOST_GROUPS} (a convention of ha-inventory).
 *
 * @module
 */

import { formatLocation, type Location } from "../errors.ts";
import type { InventoryView } from "../pipeline.ts";
import type { VarOrigin } from "../inventory/precedence.ts";
import { isDict, type PyDict, type PyValue, Unsafe } from "../values/types.ts";
import { isDynamic, isFalseLookingString, jinjaTruthy } from "./jinja_values.ts";
import {
  accessAddress,
  groupHosts,
  isDnsName,
  isIpAddress,
  isIPv4,
  isIPv6,
  isLoopback,
  isWildcard,
  loadBalancerOf,
  parsePort,
  type Printed,
  printed,
} from "./topology.ts";

/** How bad a finding is: errors fail `check` (exit 1), warnings only with `--strict`. */
export type Severity = "error" | "warning";

/** One problem found. */
export interface Finding {
  /** As reported (a warning becomes an error with `strict`). */
  readonly severity: Severity;
  /** The rule's id. */
  readonly rule: string;
  /** The host or group concerned. */
  readonly where: string;
  /** What is wrong, what happens because of it, and the fix. */
  readonly message: string;
  /** `file:line` of the variable or declaration concerned, when known. */
  readonly location?: string;
}

/** What a rule's check returns; {@linkcode runChecks} adds severity, rule and location. */
export interface RawFinding {
  /** The host or group; defaults to the group that set `variable`, else `host`. */
  readonly where?: string;
  /** The host the finding was made on (its variables were read). */
  readonly host?: string;
  /** The variable the finding is about: its origin gives the location (and the group). */
  readonly variable?: string;
  /** The group the finding is about: its declaration gives the location. */
  readonly group?: string;
  /** The message. Findings about a group-set variable must not name the host. */
  readonly message: string;
}

/** What a rule can read. */
export interface CheckContext {
  /** The inventory, with Kubespray's groups and facts. */
  readonly view: InventoryView;
  /** The hosts to check (those in view), in inventory order. */
  readonly hosts: readonly string[];
  /** A host's variables (inventory after precedence, plus Kubespray's facts). */
  vars(host: string): PyDict;
  /** True when the inventory itself sets the variable (not a Kubespray default). */
  setByInventory(host: string, name: string): boolean;
  /** A role group by its legacy name (or its modern alias); undefined when neither exists. */
  group(legacy: string): string[] | undefined;
}

/** A check rule. */
export interface CheckRule {
  /** Stable id, printed in findings. */
  readonly id: string;
  /** The severity of its findings. */
  readonly severity: Severity;
  /** What it catches, in one sentence. */
  readonly description: string;
  /** Finds the problems. */
  readonly check: (context: CheckContext) => Iterable<RawFinding>;
}

/** Groups whose member hosts run the external load balancer (an ha-inventory convention). */
export const LB_HOST_GROUPS: readonly string[] = ["haproxy", "loadbalancer", "loadbalancers", "lb"];

/**
 * Variables Kubespray d39a88d63f tests with Jinja truthiness, so a string such as
 * `"false"` (INI `x=false`) counts as true.
 */
export const TRUTHY_BOOLEANS: readonly string[] = [
  "loadbalancer_apiserver_localhost",
  "populate_inventory_to_hosts_file",
  "ignore_assert_errors",
  "kubelet_fail_swap_on",
  "etcd_multiaccess",
];

/**
 * Variables whose type Kubespray's "Stop if known booleans are set as strings" assert
 * checks (`roles/kubernetes/preinstall/tasks/verify-settings.yml@d39a88d63f`): the value
 * is templated first, so only a real boolean or the strings `"True"`/`"False"` pass.
 */
export const ASSERTED_BOOLEANS: readonly string[] = [
  "kubeadm_enabled",
  "download_run_once",
  "deploy_netchecker",
  "download_always_pull",
  "efk_enabled",
  "helm_enabled",
  "openstack_lbaas_enabled",
  "rbac_enabled",
];

/**
 * Ports that a process on a node already holds on 127.0.0.1, so the nginx proxy cannot
 * listen there: etcd's client port on etcd members (`ETCD_LISTEN_CLIENT_URLS` includes
 * `https://127.0.0.1:2379`).
 */
const ETCD_CLIENT_PORT = 2379;

/** The default of `kube_apiserver_bind_address` (master role defaults, d39a88d63f). */
const DEFAULT_BIND = "0.0.0.0";

// ---------------------------------------------------------------------------------------
// Small readers.

function text(value: Printed): string | undefined {
  return value.kind === "text" ? value.text : undefined;
}

function varText(vars: PyDict, name: string): string | undefined {
  return vars.has(name) ? text(printed(vars.get(name) ?? null)) : undefined;
}

function show(value: PyValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Unsafe) return JSON.stringify(value.value);
  const printedValue = printed(value);
  return printedValue.kind === "text"
    ? printedValue.text
    : Array.isArray(value)
    ? "a list"
    : "a mapping";
}

function apiPort(vars: PyDict): string | undefined {
  return vars.has("kube_apiserver_port") ? varText(vars, "kube_apiserver_port") : "6443";
}

function bindAddress(vars: PyDict): string | undefined {
  return vars.has("kube_apiserver_bind_address")
    ? varText(vars, "kube_apiserver_bind_address")
    : DEFAULT_BIND;
}

function localhostLb(vars: PyDict): boolean | undefined {
  const value = vars.has("loadbalancer_apiserver_localhost")
    ? vars.get("loadbalancer_apiserver_localhost") ?? null
    : !vars.has("loadbalancer_apiserver");
  return isDynamic(value) ? undefined : jinjaTruthy(value);
}

function list(hosts: readonly string[]): string {
  return hosts.length > 6 ? `${hosts.slice(0, 6).join(", ")}, ...` : hosts.join(", ");
}

/** Why a load balancer at `address` runs on `host`, or undefined when it does not. */
function lbRunsOn(context: CheckContext, host: string, address: string): string | undefined {
  const vars = context.vars(host);
  if (isLoopback(address)) return `${address} is a loopback address, so it runs on every host`;
  for (const name of ["ip", "access_ip", "ansible_host", "ansible_ssh_host"]) {
    if (varText(vars, name) === address) return `${address} is the ${name} of ${host}`;
  }
  const facts = vars.get("ansible_default_ipv4");
  if (isDict(facts) && text(printed(facts.get("address"))) === address) {
    return `${address} is the ansible_default_ipv4.address of ${host}`;
  }
  for (const group of LB_HOST_GROUPS) {
    if (context.group(group)?.includes(host)) return `${host} is in group "${group}"`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// The rules.

function* etcdEmpty(context: CheckContext): Iterable<RawFinding> {
  const etcd = context.group("etcd");
  if (etcd === undefined) {
    yield {
      where: "etcd",
      message:
        'group "etcd" is not defined: Kubespray has nowhere to run etcd, its "Stop if even number of etcd hosts" assert fails on 0 members, and etcd_access_addresses cannot be computed; add an [etcd] group with 1, 3 or 5 hosts',
    };
  } else if (etcd.length === 0) {
    yield {
      where: "etcd",
      group: "etcd",
      message:
        'group "etcd" has no hosts: Kubespray\'s "Stop if even number of etcd hosts" assert fails on 0 members and etcd_access_addresses is empty, so kube-apiserver gets no --etcd-servers; add 1, 3 or 5 hosts',
    };
  }
}

function* etcdEven(context: CheckContext): Iterable<RawFinding> {
  const etcd = context.group("etcd") ?? [];
  if (etcd.length === 0 || etcd.length % 2 !== 0) return;
  yield {
    where: "etcd",
    group: "etcd",
    message: `etcd has ${etcd.length} members (${
      list(etcd)
    }): Kubespray's "Stop if even number of etcd hosts" assert refuses an even count, and ${etcd.length} members survive no more failures than ${
      etcd.length - 1
    }; use ${etcd.length - 1} or ${etcd.length + 1}`,
  };
}

function* etcdMemberAddress(context: CheckContext): Iterable<RawFinding> {
  for (const host of context.group("etcd") ?? []) {
    const vars = context.vars(host);
    const read = accessAddress(vars);
    if (!read.gathered) continue;
    const connect = varText(vars, "ansible_host") ?? varText(vars, "ansible_ssh_host");
    yield {
      where: host,
      host,
      message:
        `etcd member ${host} has no access_ip or ip: its peer and client URLs (etcd_peer_addresses, --etcd-servers) use ansible_default_ipv4.address, only known once facts are gathered (the default-route interface${
          connect === undefined ? "" : `; ansible_host ${connect} is not used`
        }); set ip to the address etcd should use`,
    };
  }
}

function* controlPlaneEmpty(context: CheckContext): Iterable<RawFinding> {
  const masters = context.group("kube-master");
  if (masters !== undefined && masters.length > 0) return;
  yield {
    where: "kube-master",
    ...(masters === undefined ? {} : { group: "kube-master" }),
    message: `group "kube-master" (kube_control_plane) ${
      masters === undefined ? "is not defined" : "has no hosts"
    }: there is no API server, first_kube_master is undefined and every non-master's kube_apiserver_endpoint fails to render (Kubespray d39a88d63f has no assert for this); put the control-plane hosts in [kube-master]`,
  };
}

function* controlPlaneSingleWithLb(context: CheckContext): Iterable<RawFinding> {
  const masters = context.group("kube-master") ?? [];
  if (masters.length !== 1) return;
  const withLb = context.hosts.find((host) => context.vars(host).has("loadbalancer_apiserver"));
  if (withLb === undefined) return;
  yield {
    where: "kube-master",
    host: withLb,
    variable: "loadbalancer_apiserver",
    message: `only one master (${
      masters[0]
    }) behind loadbalancer_apiserver: the load balancer has a single backend, so the API is not highly available; add masters (3 is usual)`,
  };
}

function* controlPlaneNotInCluster(context: CheckContext): Iterable<RawFinding> {
  const cluster = new Set(context.group("k8s-cluster") ?? []);
  for (const host of context.group("kube-master") ?? []) {
    if (cluster.has(host)) continue;
    yield {
      where: host,
      host,
      message:
        `${host} is in kube-master but not in k8s-cluster: cluster.yml runs kubernetes/node (kubelet, kube-proxy, certificates) on k8s-cluster only, so this master's kubelet never starts its API server pod; add kube-master to [k8s-cluster:children]`,
    };
  }
}

const ADDRESS_VARS = ["ip", "access_ip"] as const;

function* addressInvalid(context: CheckContext): Iterable<RawFinding> {
  for (const host of context.hosts) {
    const vars = context.vars(host);
    for (const name of ADDRESS_VARS) {
      if (!vars.has(name)) continue;
      const value = vars.get(name) ?? null;
      const shown = printed(value);
      if (shown.kind === "text" && (shown.text === "" || isIpAddress(shown.text))) continue;
      if (shown.kind === "runtime") continue;
      yield {
        host,
        variable: name,
        message: `${name} is ${
          show(value)
        }, not an IPv4 or IPv6 address: Kubespray puts it into the etcd and API server URLs${
          name === "ip"
            ? ', the listen addresses and its "ip in ansible_all_ipv4_addresses" assert'
            : ""
        }; give an IP address`,
      };
    }
    for (const name of ["ansible_host", "ansible_ssh_host"]) {
      const value = varText(vars, name);
      if (value === undefined || isIpAddress(value)) continue;
      // A host name or an ssh_config alias is fine; text that looks like an address must be one.
      const looksLikeIp = /^[0-9.]+$/.test(value) || value.includes(":");
      if (!looksLikeIp && value.trim() !== "" && !/\s/.test(value)) continue;
      yield {
        host,
        variable: name,
        message: `${name} is ${
          JSON.stringify(value)
        }, which looks like an IP address but is not a valid one: Ansible cannot connect; fix the address`,
      };
    }
    if (vars.has("ansible_default_ipv4")) {
      const facts = vars.get("ansible_default_ipv4") ?? null;
      if (!isDynamic(facts)) {
        const address = isDict(facts) ? printed(facts.get("address")) : undefined;
        if (
          address === undefined || address.kind === "undefined" || address.kind === "unprintable"
        ) {
          yield {
            host,
            variable: "ansible_default_ipv4",
            message:
              "ansible_default_ipv4 is set but has no address: Kubespray's address chains end in ansible_default_ipv4.address and fail on this host; give it an address (or remove it and let facts be gathered)",
          };
        } else if (address.kind === "text" && !isIpAddress(address.text)) {
          yield {
            host,
            variable: "ansible_default_ipv4",
            message: `ansible_default_ipv4.address is ${
              JSON.stringify(address.text)
            }, not an IP address; hosts without ip or access_ip are reached at it`,
          };
        }
      }
    }
    const lb = loadBalancerOf(vars);
    const address = text(lb.address);
    if (lb.isMapping && address !== undefined && address !== "" && !isIpAddress(address)) {
      yield {
        host,
        variable: "loadbalancer_apiserver",
        message: `loadbalancer_apiserver.address is ${
          JSON.stringify(address)
        }, not an IP address: Kubespray writes "${address} <domain name>" into /etc/hosts, which needs an IP; put the name in apiserver_loadbalancer_domain_name and the IP in address`,
      };
    }
  }
}

function* addressDuplicate(context: CheckContext): Iterable<RawFinding> {
  for (const name of ADDRESS_VARS) {
    const owner = new Map<string, string>();
    for (const host of context.hosts) {
      const value = varText(context.vars(host), name);
      if (value === undefined || value === "") continue;
      const first = owner.get(value);
      if (first === undefined) {
        owner.set(value, host);
        continue;
      }
      yield {
        where: host,
        host,
        variable: name,
        message:
          `${name} ${value} of ${host} is also the ${name} of ${first}: etcd peers, the nginx upstreams and /etc/hosts cannot tell the two hosts apart; give each host its own address`,
      };
    }
  }
}

function* addressEmpty(context: CheckContext): Iterable<RawFinding> {
  for (const host of context.hosts) {
    const vars = context.vars(host);
    for (const name of ADDRESS_VARS) {
      if (!vars.has(name)) continue;
      const value = vars.get(name) ?? null;
      if (text(printed(value)) !== "") continue;
      yield {
        host,
        variable: name,
        message: `${name} is ${
          value === null ? "null" : "empty"
        }: default() only replaces undefined variables, so Kubespray keeps the empty value and renders URLs such as https://:2379 and https://:6443; remove ${name} or give an address`,
      };
    }
  }
}

function* addressIpv6(context: CheckContext): Iterable<RawFinding> {
  for (const host of context.hosts) {
    const vars = context.vars(host);
    for (const name of ADDRESS_VARS) {
      const value = varText(vars, name);
      if (value === undefined || !isIPv6(value)) continue;
      yield {
        host,
        variable: name,
        message:
          `${name} ${value} is IPv6: Kubespray d39a88d63f writes addresses into URLs without brackets (https://${value}:2379), which clients cannot parse${
            name === "ip"
              ? ', and its "ip in ansible_all_ipv4_addresses" assert only knows IPv4'
              : ""
          }; use an IPv4 address`,
      };
    }
  }
}

function* lbNoAddress(context: CheckContext): Iterable<RawFinding> {
  for (const host of context.hosts) {
    const vars = context.vars(host);
    const lb = loadBalancerOf(vars);
    if (!lb.defined || lb.address.kind === "runtime" || lb.address.kind === "text") continue;
    const domain = varText(vars, "apiserver_loadbalancer_domain_name") ??
      "lb-apiserver.kubernetes.local";
    const builtIn = domain === "lb-apiserver.kubernetes.local";
    yield {
      host,
      variable: "loadbalancer_apiserver",
      message: `loadbalancer_apiserver ${
        lb.isMapping
          ? "has no address"
          : `is ${show(lb.value ?? null)}, not a mapping with address and port`
      }: Kubespray writes no /etc/hosts line for it, so ${
        domain === "" ? "the (empty) apiserver_loadbalancer_domain_name" : domain
      } must resolve in DNS${
        builtIn ? " (it is Kubespray's default name, which no DNS knows)" : ""
      }; set loadbalancer_apiserver.address to the load balancer's IP`,
    };
  }
}

function* lbNoPort(context: CheckContext): Iterable<RawFinding> {
  for (const host of context.hosts) {
    const vars = context.vars(host);
    const lb = loadBalancerOf(vars);
    if (!lb.defined || lb.port.kind !== "undefined") continue;
    const first = varText(vars, "first_kube_master");
    const target = first === undefined ? "the first master" : `the first master (${first})`;
    const nginx = localhostLb(vars) === true;
    yield {
      host,
      variable: "loadbalancer_apiserver",
      message:
        `loadbalancer_apiserver has no port: Kubespray's endpoint rule needs loadbalancer_apiserver.port, so ${
          nginx
            ? "admin.conf silently points at " + target
            : "non-masters and admin.conf silently talk to " + target
        } instead of the load balancer, with no HA; set loadbalancer_apiserver.port`,
    };
  }
}

function* portInvalid(context: CheckContext): Iterable<RawFinding> {
  for (const host of context.hosts) {
    const vars = context.vars(host);
    for (const name of ["kube_apiserver_port", "nginx_kube_apiserver_port"]) {
      if (!vars.has(name)) continue;
      const shown = printed(vars.get(name) ?? null);
      if (shown.kind === "runtime" || (shown.kind === "text" && parsePort(shown.text))) continue;
      yield {
        host,
        variable: name,
        message: `${name} prints as ${
          shown.kind === "text" ? JSON.stringify(shown.text) : "a list or mapping"
        }, not a port from 1 to 65535; Kubespray writes it after the ":" of its URLs and listen addresses`,
      };
    }
    const lb = loadBalancerOf(vars);
    if (lb.isMapping && (lb.port.kind === "text" || lb.port.kind === "unprintable")) {
      if (lb.port.kind === "text" && parsePort(lb.port.text)) continue;
      yield {
        host,
        variable: "loadbalancer_apiserver",
        message: `loadbalancer_apiserver.port prints as ${
          lb.port.kind === "text" ? JSON.stringify(lb.port.text) : "a list or mapping"
        }, not a port from 1 to 65535: non-masters get https://<name>:${
          lb.port.kind === "text" ? lb.port.text : "..."
        }; give a whole number`,
      };
    }
  }
}

function* lbDomainInvalid(context: CheckContext): Iterable<RawFinding> {
  const name = "apiserver_loadbalancer_domain_name";
  for (const host of context.hosts) {
    const vars = context.vars(host);
    // The name is only used with an external load balancer.
    if (!context.setByInventory(host, name) || !vars.has("loadbalancer_apiserver")) continue;
    const shown = printed(vars.get(name) ?? null);
    if (shown.kind === "runtime" || (shown.kind === "text" && isDnsName(shown.text))) continue;
    const value = shown.kind === "text" ? shown.text : undefined;
    yield {
      host,
      variable: name,
      message: value !== undefined && isIpAddress(value)
        ? `${name} is the IP address ${value}, not a name: the API server certificate gets DNS:${value}, which TLS clients do not match against an IP (Kubespray adds IP SANs only from supplementary_addresses_in_ssl_keys); use a name and let /etc/hosts map it`
        : `${name} is ${
          value === undefined || value === "" ? show(vars.get(name) ?? null) : JSON.stringify(value)
        }, not a valid DNS name: it goes into /etc/hosts and the API server certificate (DNS:...), and clients reach the API by it; use labels of letters, digits and inner hyphens, without a trailing dot`,
    };
  }
}

function* lbWithLocalhost(context: CheckContext): Iterable<RawFinding> {
  const name = "loadbalancer_apiserver_localhost";
  for (const host of context.hosts) {
    const vars = context.vars(host);
    if (!vars.has("loadbalancer_apiserver") || !context.setByInventory(host, name)) continue;
    const value = vars.get(name) ?? null;
    if (isDynamic(value) || jinjaTruthy(value) !== true) continue;
    yield {
      host,
      variable: name,
      message: `${name} is ${
        show(value)
      } (true for Jinja) although loadbalancer_apiserver is defined: an explicit value beats the default, so non-masters keep the nginx proxy and the external load balancer only serves admin.conf (docs/ha-mode.md says it overrides the localhost LB; the code does not); remove ${name} to use the external load balancer`,
    };
  }
}

function* stringBoolean(context: CheckContext): Iterable<RawFinding> {
  for (const host of context.hosts) {
    const vars = context.vars(host);
    for (const name of TRUTHY_BOOLEANS) {
      if (!vars.has(name) || !context.setByInventory(host, name)) continue;
      const value = vars.get(name) ?? null;
      if (!isFalseLookingString(value)) continue;
      yield {
        host,
        variable: name,
        message: `${name} is the string ${
          show(value)
        }, which Jinja treats as true (an INI value such as false stays a string); write False in INI or false in YAML`,
      };
    }
    for (const name of ASSERTED_BOOLEANS) {
      if (!vars.has(name)) continue;
      const value = vars.get(name) ?? null;
      if (typeof value === "boolean" || isDynamic(value)) continue;
      const shown = printed(value);
      if (shown.kind === "text" && (shown.text === "True" || shown.text === "False")) continue;
      yield {
        host,
        variable: name,
        message: `${name} is ${
          show(value)
        }, not a boolean: Kubespray's "Stop if known booleans are set as strings" assert fails${
          isFalseLookingString(value) ? " (and Jinja would treat it as true)" : ""
        }; write True/False in INI or true/false in YAML`,
      };
    }
  }
}

function* portConflict(context: CheckContext): Iterable<RawFinding> {
  for (const host of context.group("kube-master") ?? []) {
    const vars = context.vars(host);
    const lb = loadBalancerOf(vars);
    const address = text(lb.address);
    const port = text(lb.port);
    if (address === undefined || port === undefined || parsePort(port) === undefined) continue;
    const runsOn = lbRunsOn(context, host, address);
    if (runsOn === undefined) continue;
    const listeners: { what: string; bind: string | undefined; port: string | undefined }[] = [
      { what: "kube-apiserver", bind: bindAddress(vars), port: apiPort(vars) },
      {
        what: "kube-apiserver's insecure port",
        bind: vars.has("kube_apiserver_insecure_bind_address")
          ? varText(vars, "kube_apiserver_insecure_bind_address")
          : "127.0.0.1",
        port: vars.has("kube_apiserver_insecure_port")
          ? varText(vars, "kube_apiserver_insecure_port")
          : "8080",
      },
    ];
    for (const listener of listeners) {
      if (listener.bind === undefined || listener.port !== port) continue;
      const clash = isWildcard(listener.bind) || isWildcard(address) || listener.bind === address;
      if (!clash) continue;
      const ip = varText(vars, "ip");
      const lbOnOwnIp = ip === address || bindAddress(vars) === address;
      const moveLb =
        `set loadbalancer_apiserver.port to a port nothing else uses on the masters (docs/ha-mode.md uses 8383)`;
      const fix = lbOnOwnIp || listener.what !== "kube-apiserver"
        ? `Fix: ${moveLb}${
          lbOnOwnIp
            ? `; binding the API to ${host}'s ip does not help, the load balancer has that address`
            : ""
        }.`
        : `Fix: either ${moveLb}, or set kube_apiserver_bind_address to ${host}'s own ${
          ip === undefined ? "ip (it has none: set ip first)" : `ip (${ip})`
        } so the API leaves the load balancer's address free; but at d39a88d63f binding the API to one address also breaks the masters' kube_apiserver_endpoint https://127.0.0.1:${port}, where nothing listens then, unless kube_apiserver_endpoint is overridden for the masters (fixed later in Kubespray bac3bf1a5), so moving the port is the simpler fix.`;
      yield {
        where: host,
        host,
        variable: "loadbalancer_apiserver",
        message:
          `the load balancer runs on master ${host} (${runsOn}) and listens on ${address}:${port}, while ${listener.what} binds ${listener.bind}:${listener.port} there: both cannot bind the same port. ${fix}`,
      };
    }
  }
}

function* bindAddressBreaksLoopback(context: CheckContext): Iterable<RawFinding> {
  for (const host of context.group("kube-master") ?? []) {
    const vars = context.vars(host);
    if (!vars.has("kube_apiserver_bind_address")) continue;
    const bind = varText(vars, "kube_apiserver_bind_address");
    if (bind === undefined || isWildcard(bind) || isLoopback(bind)) continue;
    if (context.setByInventory(host, "kube_apiserver_endpoint")) continue;
    const port = apiPort(vars) ?? "6443";
    yield {
      where: host,
      host,
      variable: "kube_apiserver_bind_address",
      message:
        `kube_apiserver_bind_address is ${bind}, so kube-apiserver no longer listens on 127.0.0.1, but at d39a88d63f a master's kube_apiserver_endpoint stays https://127.0.0.1:${port} (its kubelet, controller-manager, scheduler and kubectl use it), where nothing listens then (fixed later in Kubespray bac3bf1a5); set kube_apiserver_endpoint to https://${
          isIPv4(bind) ? bind : `[${bind}]`
        }:${port} for this master, or keep 0.0.0.0 and give the load balancer another port`,
    };
  }
}

function* nginxPortMasterNode(context: CheckContext): Iterable<RawFinding> {
  const nodes = new Set(context.group("kube-node") ?? []);
  const name = "nginx_kube_apiserver_port";
  for (const host of context.group("kube-master") ?? []) {
    if (!nodes.has(host)) continue;
    const vars = context.vars(host);
    if (!context.setByInventory(host, name) || localhostLb(vars) !== true) continue;
    const nginxPort = varText(vars, name);
    if (nginxPort === undefined || nginxPort !== apiPort(vars)) continue;
    yield {
      host,
      variable: name,
      message:
        `${name} is ${nginxPort}, the same as kube_apiserver_port, on a host that is both master and node: the nginx proxy would listen on 127.0.0.1:${nginxPort} where kube-apiserver (bound to ${
          bindAddress(vars) ?? DEFAULT_BIND
        }) already listens. Kubespray d39a88d63f skips the proxy on masters, so nothing clashes yet, but later Kubespray runs it on control-plane hosts whose kube_apiserver_bind_address is not "::"; pick another port (e.g. 8443)`,
    };
  }
}

function* nginxPortConflict(context: CheckContext): Iterable<RawFinding> {
  const masters = new Set(context.group("kube-master") ?? []);
  const etcd = new Set(context.group("etcd") ?? []);
  for (const host of context.group("k8s-cluster") ?? []) {
    if (masters.has(host)) continue;
    const vars = context.vars(host);
    if (localhostLb(vars) !== true) continue;
    const port = vars.has("nginx_kube_apiserver_port")
      ? varText(vars, "nginx_kube_apiserver_port")
      : apiPort(vars);
    if (port === undefined) continue;
    const variable = vars.has("nginx_kube_apiserver_port")
      ? "nginx_kube_apiserver_port"
      : "kube_apiserver_port";
    if (etcd.has(host) && port === String(ETCD_CLIENT_PORT)) {
      yield {
        where: host,
        host,
        ...(vars.has(variable) ? { variable } : {}),
        message:
          `${host} runs the nginx proxy on 127.0.0.1:${port} (${variable}) and is an etcd member, whose client port listens on https://127.0.0.1:${ETCD_CLIENT_PORT}: one of them fails to start; pick another port for ${variable}`,
      };
    }
    const lb = loadBalancerOf(vars);
    const address = text(lb.address);
    const lbPort = text(lb.port);
    if (address === undefined || lbPort !== port) continue;
    if (address !== "127.0.0.1" && address !== "localhost" && !isWildcard(address)) continue;
    yield {
      where: host,
      host,
      variable: "loadbalancer_apiserver",
      message:
        `${host} runs both the nginx proxy (loadbalancer_apiserver_localhost is true) on 127.0.0.1:${port} and the external load balancer on ${address}:${lbPort}: both cannot bind the port; use one of them (drop loadbalancer_apiserver_localhost) or give them different ports`,
    };
  }
}

/** The rules, in the order findings are reported. */
export const CHECK_RULES: readonly CheckRule[] = [
  {
    id: "etcd-empty",
    severity: "error",
    description: 'The "etcd" group is missing or has no hosts.',
    check: etcdEmpty,
  },
  {
    id: "etcd-even",
    severity: "error",
    description: "etcd has an even number of members, which Kubespray's assert refuses.",
    check: etcdEven,
  },
  {
    id: "etcd-member-address",
    severity: "warning",
    description:
      "An etcd member has neither access_ip nor ip: its address is only known from gathered facts.",
    check: etcdMemberAddress,
  },
  {
    id: "control-plane-empty",
    severity: "error",
    description: 'The "kube-master" (kube_control_plane) group is missing or has no hosts.',
    check: controlPlaneEmpty,
  },
  {
    id: "control-plane-single-with-lb",
    severity: "warning",
    description: "A load balancer is configured in front of a single master.",
    check: controlPlaneSingleWithLb,
  },
  {
    id: "control-plane-not-in-cluster",
    severity: "error",
    description: "A master is not in k8s-cluster, so it gets no kubelet.",
    check: controlPlaneNotInCluster,
  },
  {
    id: "address-invalid",
    severity: "error",
    description:
      "ip, access_ip, ansible_default_ipv4.address or loadbalancer_apiserver.address is not an IP address, or ansible_host looks like a broken one.",
    check: addressInvalid,
  },
  {
    id: "address-duplicate",
    severity: "error",
    description: "Two hosts have the same ip or the same access_ip.",
    check: addressDuplicate,
  },
  {
    id: "address-empty",
    severity: "error",
    description:
      "ip or access_ip is set to an empty string or null (Kubespray renders https://:2379).",
    check: addressEmpty,
  },
  {
    id: "address-ipv6",
    severity: "error",
    description:
      "ip or access_ip is IPv6, which Kubespray d39a88d63f writes into URLs unbracketed.",
    check: addressIpv6,
  },
  {
    id: "lb-no-address",
    severity: "warning",
    description: "loadbalancer_apiserver has no address: no /etc/hosts line, the name needs DNS.",
    check: lbNoAddress,
  },
  {
    id: "lb-no-port",
    severity: "error",
    description:
      "loadbalancer_apiserver has no port: the endpoint silently falls back to the first master.",
    check: lbNoPort,
  },
  {
    id: "port-invalid",
    severity: "error",
    description:
      "kube_apiserver_port, nginx_kube_apiserver_port or loadbalancer_apiserver.port is not a port number as printed.",
    check: portInvalid,
  },
  {
    id: "lb-domain-invalid",
    severity: "error",
    description: "apiserver_loadbalancer_domain_name is not a valid DNS name.",
    check: lbDomainInvalid,
  },
  {
    id: "lb-with-localhost",
    severity: "warning",
    description:
      "loadbalancer_apiserver_localhost is set true together with an external loadbalancer_apiserver.",
    check: lbWithLocalhost,
  },
  {
    id: "string-boolean",
    severity: "error",
    description:
      'A boolean Kubespray reads is a string such as "false" (true for Jinja), or fails its boolean assert.',
    check: stringBoolean,
  },
  {
    id: "port-conflict",
    severity: "error",
    description:
      "The load balancer runs on a master and listens on the API server's port while the API binds every address.",
    check: portConflict,
  },
  {
    id: "bind-address-breaks-loopback",
    severity: "error",
    description:
      "A master's kube_apiserver_bind_address is one address, but its endpoint stays https://127.0.0.1 at d39a88d63f.",
    check: bindAddressBreaksLoopback,
  },
  {
    id: "nginx-port-master-node",
    severity: "warning",
    description:
      "nginx_kube_apiserver_port equals kube_apiserver_port on a host that is both master and node.",
    check: nginxPortMasterNode,
  },
  {
    id: "nginx-port-conflict",
    severity: "error",
    description:
      "The nginx proxy's port on a node is already taken there (etcd's client port, a load balancer on loopback).",
    check: nginxPortConflict,
  },
];

// ---------------------------------------------------------------------------------------
// Running the rules.

/** Options of {@linkcode runChecks}. */
export interface RunChecksOptions {
  /** Report warnings as errors. */
  readonly strict?: boolean;
  /** The rules to run. @default {CHECK_RULES} */
  readonly rules?: readonly CheckRule[];
  /** Print file paths relative to this directory when they are below it. */
  readonly relativeTo?: string;
}

const GROUP_LAYER = /^group "(.*)" \(inventory\)$|^group_vars\/(.*)$/;

/**
 * Runs the rules over the hosts in view.
 *
 * @param view the inventory (load it with `trackOrigins: true` for file:line locations)
 * @param options strictness and rules
 * @returns the findings, rule by rule, each once
 */
export function runChecks(view: InventoryView, options: RunChecksOptions = {}): Finding[] {
  const vars = new Map<string, PyDict>();
  const origins = new Map<string, VarOrigin | undefined>();
  const context: CheckContext = {
    view,
    hosts: view.hostNames(),
    vars(host) {
      let found = vars.get(host);
      if (found === undefined) {
        found = view.hostVars(host);
        vars.set(host, found);
      }
      return found;
    },
    setByInventory(host, name) {
      const fact = view.facts(host)?.get(name);
      return fact === undefined ? this.vars(host).has(name) : fact.reason.fromInventory;
    },
    group: (legacy) => groupHosts(view, legacy),
  };
  const { dirs, resolver } = view.loaded;
  const originOf = (host: string, name: string): VarOrigin | undefined => {
    const model = view.inventory.hosts.get(host);
    if (model === undefined) return undefined;
    // A host that does not set the variable itself gets it from its groups, so its origin
    // is shared by every host with the same groups: resolve once per (groups, variable),
    // not once per host (a group-wide finding touches every host).
    const own = model.vars.has(name) ||
      [...dirs.inventory, ...dirs.playbook].some((dir) => dir.hostVars(host).has(name));
    const key = own
      ? `host\0${host}\0${name}`
      : `groups\0${model.groups.map((g) => g.name).join("\0")}\0${name}`;
    if (!origins.has(key)) origins.set(key, resolver.resolveWithOrigins(model).origins.get(name));
    return origins.get(key);
  };
  const place = (location: Location | undefined): string | undefined => {
    if (location === undefined) return undefined;
    const base = options.relativeTo;
    const file = base !== undefined && location.file.startsWith(base.replace(/\/?$/, "/"))
      ? location.file.slice(base.replace(/\/?$/, "/").length)
      : location.file;
    // file:line: a column adds nothing to a variable's location.
    return formatLocation(location.line === undefined ? { file } : { file, line: location.line });
  };
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of options.rules ?? CHECK_RULES) {
    const severity: Severity = options.strict ? "error" : rule.severity;
    for (const raw of rule.check(context)) {
      let where = raw.where;
      let location: string | undefined;
      if (raw.variable !== undefined && raw.host !== undefined) {
        const origin = originOf(raw.host, raw.variable);
        location = place(origin?.location);
        if (where === undefined && origin !== undefined) {
          const layer = GROUP_LAYER.exec(origin.layer);
          if (layer) where = layer[1] ?? layer[2];
        }
      } else if (raw.group !== undefined) {
        location = place(view.inventory.groups.get(raw.group)?.origin);
      } else if (raw.host !== undefined) {
        location = place(view.inventory.hosts.get(raw.host)?.origin);
      }
      where ??= raw.host ?? "all";
      const key = `${rule.id}\0${where}\0${raw.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({
        severity,
        rule: rule.id,
        where,
        message: raw.message,
        ...(location === undefined ? {} : { location }),
      });
    }
  }
  return findings;
}

/** The exit status for findings: 1 when any is an error, else 0. */
export function checkExitCode(findings: readonly Finding[]): number {
  return findings.some((finding) => finding.severity === "error") ? 1 : 0;
}

/** Findings as text: one `severity rule-id host/group: message [file:line]` line each. */
export function formatFindingsText(findings: readonly Finding[]): string {
  return findings.map((finding) =>
    `${finding.severity} ${finding.rule} ${finding.where}: ${finding.message}${
      finding.location === undefined ? "" : ` [${finding.location}]`
    }`
  ).join("\n");
}

/** Findings as a JSON document: `{"findings": [...], "errors": N, "warnings": N}`. */
export function formatFindingsJson(findings: readonly Finding[]): string {
  const errors = findings.filter((finding) => finding.severity === "error").length;
  return JSON.stringify(
    { findings, errors, warnings: findings.length - errors },
    null,
    2,
  );
}
