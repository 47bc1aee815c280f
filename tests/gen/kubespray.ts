/**
 * Kubespray-shaped clusters: nodes with `ansible_host`/`ip`/`access_ip`/`etcd_member_name`,
 * the control-plane, node, etcd, `k8s_cluster` (children) and `calico_rr` groups in
 * current or legacy spelling, optional bastion, and `group_vars/` directories with
 * cluster settings (Jinja strings, lists, folded scalars) in the style of a real
 * deployment. The settings are written from scratch, not copied from Kubespray.
 *
 * @module
 */

import type { HostSpec } from "./hosts.ts";
import type { GroupPlan, Member, Plan, VarSpec } from "./plan.ts";
import type { Rng } from "./prng.ts";

/** A Kubespray plan plus the raw vars files that go beside it (paths relative to the source directory). */
export interface KubesprayCase {
  readonly plan: Plan;
  readonly files: Record<string, string>;
}

const str = (s: string) => ({ t: "str", s }) as const;

function name(rng: Rng, style: number, i: number): string {
  switch (style) {
    case 0:
      return `node${i}`;
    case 1:
      return `k8s-${String(i).padStart(2, "0")}`;
    case 2:
      return `node${i}.cluster.example.com`;
    default:
      return rng.chance(0.5) ? `cp${i}` : `node${i}`;
  }
}

function spec(pattern: string, names: string[]): HostSpec {
  return { pattern, names, range: pattern.includes("["), port: false };
}

function allVarsText(rng: Rng): string {
  const lines = [
    "---",
    "# Cluster-wide settings",
    "bin_dir: /usr/local/bin",
    `loadbalancer_apiserver_port: ${rng.pick([6443, 8443])}`,
    `loadbalancer_apiserver_healthcheck_port: 8081`,
    rng.pick(["ntp_enabled: false", "ntp_enabled: yes"]),
    "ntp_servers:",
    '  - "0.pool.ntp.org iburst"',
    "  - 1.pool.ntp.org iburst",
    "unsafe_show_logs: false",
    `upstream_dns_servers: [${rng.pick(["8.8.8.8, 8.8.4.4", "1.1.1.1", ""])}]`,
  ];
  if (rng.chance(0.5)) {
    lines.push(
      "loadbalancer_apiserver:",
      `  address: 10.${rng.int(0, 9)}.0.100`,
      "  port: 8383",
      'apiserver_loadbalancer_domain_name: "lb.cluster.example.com"',
    );
  }
  if (rng.chance(0.4)) {
    lines.push(`http_proxy: "http://proxy.example.com:3128"`, "no_proxy: localhost,127.0.0.1");
  }
  return lines.join("\n") + "\n";
}

function clusterVarsText(rng: Rng): string {
  const version = rng.pick(["v1.28.6", "v1.29.3", "v1.27.10"]);
  return [
    "---",
    `kube_version: ${version}`,
    "kube_config_dir: /etc/kubernetes",
    'kube_cert_dir: "{{ kube_config_dir }}/ssl"',
    'kube_manifest_dir: "{{ kube_config_dir }}/manifests"',
    `kube_network_plugin: ${rng.pick(["calico", "cilium", "flannel"])}`,
    "kube_service_addresses: 10.233.0.0/18",
    "kube_pods_subnet: 10.233.64.0/18",
    "kube_network_node_prefix: 24",
    `kube_proxy_mode: ${rng.pick(["ipvs", "iptables"])}`,
    `kube_proxy_strict_arp: ${rng.pick(["false", "true", "no"])}`,
    "cluster_name: cluster.local",
    "ndots: 2",
    `container_manager: ${rng.pick(["containerd", "crio", "docker"])}`,
    'event_ttl_duration: "1h0m0s"',
    "kubeconfig_localhost: false",
    `retry_stagger: ${rng.int(1, 9)}`,
    "auto_renew_certificates: false",
    "kube_apiserver_node_port_range: 30000-32767",
    "supplementary_addresses_in_ssl_keys:",
    "  - 10.0.0.1",
    "  - lb.example.com",
    "kube_proxy_nodeport_addresses: >-",
    "  {%- if kube_proxy_nodeport_addresses_cidr is defined -%}",
    "  [{{ kube_proxy_nodeport_addresses_cidr }}]",
    "  {%- else -%}",
    "  []",
    "  {%- endif -%}",
    `kube_log_level: ${rng.pick([2, 4])}`,
    "kubelet_custom_flags: []",
    "node_labels: {}",
  ].join("\n") + "\n";
}

function addonsText(rng: Rng): string {
  return [
    "helm_enabled: " + rng.pick(["false", "true"]),
    "metrics_server_enabled: " + rng.pick(["false", "true", "on"]),
    "ingress_nginx_enabled: false",
    "cert_manager_enabled: false",
    "metallb_enabled: false",
    "metallb_config:",
    "  address_pools:",
    "    primary:",
    "      ip_range:",
    "        - 10.5.0.0/16",
    "      auto_assign: true",
  ].join("\n") + "\n";
}

/** A Kubespray cluster of 1 to 30 nodes. */
export function kubesprayCase(rng: Rng, options: { ranges: boolean }): KubesprayCase {
  const legacy = rng.chance(0.3);
  const g = legacy
    ? {
      cp: "kube-master",
      node: "kube-node",
      etcd: "etcd",
      cluster: "k8s-cluster",
      rr: "calico-rr",
    }
    : {
      cp: "kube_control_plane",
      node: "kube_node",
      etcd: "etcd",
      cluster: "k8s_cluster",
      rr: "calico_rr",
    };
  const count = rng.weighted<number>([[1, 1], [3, 2], [rng.int(2, 9), 3], [rng.int(10, 30), 1]]);
  const style = rng.int(0, 3);
  const nodes = Array.from({ length: count }, (_, i) => name(rng, style, i + 1));
  const cpCount = count >= 3 && rng.chance(0.7) ? 3 : 1;
  const etcdNodes = rng.chance(0.8) ? nodes.slice(0, cpCount) : nodes.slice(0, Math.min(count, 3));
  const net = rng.int(0, 9);
  const hostVars = new Map<string, VarSpec[]>();
  nodes.forEach((n, i) => {
    const vars: VarSpec[] = [];
    const ip = `10.${net}.0.${i + 10}`;
    vars.push({ key: "ansible_host", value: str(rng.chance(0.6) ? `95.54.${net}.${i + 10}` : ip) });
    vars.push({ key: "ip", value: str(ip) });
    if (rng.chance(0.7)) vars.push({ key: "access_ip", value: str(ip) });
    const etcdIndex = etcdNodes.indexOf(n);
    if (etcdIndex >= 0 && rng.chance(0.6)) {
      vars.push({ key: "etcd_member_name", value: str(`etcd${etcdIndex + 1}`) });
    }
    if (rng.chance(0.1)) vars.push({ key: "ansible_user", value: str("ubuntu") });
    if (rng.chance(0.05)) vars.push({ key: "node_labels", value: { t: "any" } });
    hostVars.set(n, vars);
  });
  const member = (n: string, withVars: boolean): Member => ({
    host: spec(n, [n]),
    vars: withVars ? hostVars.get(n)! : [],
  });
  const run = (names: string[]): Member[] => {
    // Consecutive `nodeN` names may be written as one range.
    if (options.ranges && style === 0 && names.length > 2 && rng.chance(0.3)) {
      const nums = names.map((n) => Number(n.slice(4)));
      if (nums.every((v, i) => i === 0 || v === nums[i - 1]! + 1)) {
        return [{ host: spec(`node[${nums[0]}:${nums.at(-1)}]`, names), vars: [] }];
      }
    }
    return names.map((n) => member(n, false));
  };
  const varsInAll = rng.chance(0.7);
  const groups: GroupPlan[] = [];
  const allVars: VarSpec[] = [];
  if (rng.chance(0.4)) {
    allVars.push({ key: "ansible_user", value: str(rng.pick(["ubuntu", "core", "centos"])) });
    allVars.push({ key: "ansible_become", value: { t: "bool", b: true } });
  }
  if (rng.chance(0.2)) {
    allVars.push({ key: "ansible_python_interpreter", value: str("/usr/bin/python3") });
  }
  groups.push({
    name: "all",
    hosts: varsInAll ? nodes.map((n) => member(n, true)) : [],
    children: [],
    vars: allVars,
  });
  const workers = nodes.length > cpCount && rng.chance(0.8) ? nodes.slice(cpCount) : nodes;
  const cpMembers = varsInAll
    ? run(nodes.slice(0, cpCount))
    : nodes.slice(0, cpCount).map((n) => member(n, true));
  groups.push({ name: g.cp, hosts: cpMembers, children: [], vars: [] });
  groups.push({ name: g.etcd, hosts: run(etcdNodes), children: [], vars: [] });
  groups.push({
    name: g.node,
    hosts: varsInAll
      ? run(workers)
      : workers.map((n) => member(n, !nodes.slice(0, cpCount).includes(n))),
    children: [],
    vars: [],
  });
  const clusterChildren = [g.cp, g.node];
  if (rng.chance(0.6)) clusterChildren.push(g.rr);
  const clusterVars: VarSpec[] = rng.chance(0.3)
    ? [{ key: "kube_network_plugin", value: str("calico") }]
    : [];
  groups.push({ name: g.cluster, hosts: [], children: clusterChildren, vars: clusterVars });
  groups.push({ name: g.rr, hosts: [], children: [], vars: [] });
  if (rng.chance(0.15)) {
    const bastion: VarSpec[] = [
      { key: "ansible_host", value: str(`95.54.${net}.250`) },
      { key: "ansible_user", value: str("bastion") },
    ];
    groups.push({
      name: "bastion",
      hosts: [{ host: spec("bastion", ["bastion"]), vars: bastion }],
      children: [],
      vars: [],
    });
  }
  const files: Record<string, string> = {};
  const layout = rng.int(0, 2);
  if (layout >= 1) {
    files["group_vars/all/all.yml"] = allVarsText(rng);
    files[`group_vars/${g.cluster}/k8s-cluster.yml`] = clusterVarsText(rng);
    if (rng.chance(0.5)) files[`group_vars/${g.cluster}/addons.yml`] = addonsText(rng);
  }
  if (layout === 2) {
    files["group_vars/etcd.yml"] = `---\netcd_data_dir: /var/lib/etcd\netcd_deployment_type: ${
      rng.pick(["host", "docker", "kubeadm"])
    }\n`;
  }
  return { plan: { groups, groupFiles: new Map(), hostFiles: new Map() }, files };
}
