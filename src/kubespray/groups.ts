/**
 * Kubespray's role groups under both of their names.
 *
 * Kubespray renamed its groups in 2021 (`kube-master` -> `kube_control_plane`, ...).
 * Playbooks of either era must find their groups, so every pair is emitted under both
 * names with identical membership. Rules:
 *
 * - A group the inventory defines (even empty) is never changed.
 * - When only one name of a pair is defined, the other is added with the same hosts in
 *   the same order.
 * - When the inventory defines neither `k8s-cluster` nor `k8s_cluster`, both are derived
 *   from the node and control-plane groups: the node hosts first, then the control-plane
 *   hosts not yet listed. That is the order Ansible gives the example inventory's
 *   `[k8s-cluster:children] kube-node kube-master`.
 * - `calico-rr` hosts do **not** join the derived `k8s-cluster`. At the reference commit
 *   (d39a88d63f) `k8s-cluster` is the set of hosts that get kubelet, kube-proxy and the
 *   nginx proxy (`cluster.yml` runs `kubernetes/node` on it), and route reflectors are
 *   reached through their own plays (`k8s-cluster:etcd:calico-rr`). Putting them in
 *   would install kubelet on route reflectors. (Kubespray's sample inventory put
 *   `calico-rr` inside `k8s-cluster` from 2019, and today's `dynamic_groups` role derives
 *   `k8s_cluster` from `kube_node`, `kube_control_plane` and `calico_rr`: an inventory
 *   that wants that writes `k8s-cluster` itself.)
 * - If both names of a pair are defined with different hosts, both stay as written and a
 *   warning says which one Kubespray d39a88d63f reads (the legacy one).
 *
 * @module
 */

/** One renamed group. */
export interface GroupAlias {
  /** The name Kubespray d39a88d63f reads. */
  readonly legacy: string;
  /** Today's name. */
  readonly modern: string;
  /** The Kubespray commit that introduced the modern name. */
  readonly renamedIn: string;
}

/** The renamed groups (`kubespray-facts.md` §1.3). */
export const GROUP_ALIASES: readonly GroupAlias[] = [
  { legacy: "kube-master", modern: "kube_control_plane", renamedIn: "486b223e0" },
  { legacy: "kube-node", modern: "kube_node", renamedIn: "360aff4a5" },
  { legacy: "k8s-cluster", modern: "k8s_cluster", renamedIn: "360aff4a5" },
  { legacy: "calico-rr", modern: "calico_rr", renamedIn: "360aff4a5" },
  { legacy: "no-floating", modern: "no_floating", renamedIn: "360aff4a5" },
];

/** The groups a derived `k8s-cluster` is made of, in order (node hosts first). */
export const K8S_CLUSTER_SOURCES: readonly string[] = ["kube-node", "kube-master"];

/** A group to add to the inventory's output. */
export interface GroupAddition {
  /** The group to add. */
  readonly name: string;
  /** Its hosts, in order. */
  readonly hosts: readonly string[];
  /** `alias`: copy of the other name of a pair; `derived`: k8s-cluster built from other groups. */
  readonly kind: "alias" | "derived";
  /** The inventory groups the membership comes from. */
  readonly from: readonly string[];
}

/** Something about the inventory's role groups a user should know. */
export interface GroupWarning {
  /** Stable id. */
  readonly code: "alias-mismatch";
  /** What is wrong, in a sentence. */
  readonly message: string;
}

/** What to add to an inventory's groups. */
export interface GroupPlan {
  /** Groups to add, in output order. */
  readonly add: readonly GroupAddition[];
  /** Problems found. */
  readonly warnings: readonly GroupWarning[];
}

function sameHosts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((host, i) => host === b[i]);
}

/**
 * Decides which Kubespray role groups to add so that legacy and modern names both exist.
 *
 * @param groups the inventory's groups (name -> hosts in Ansible's order, descendants included)
 * @returns the groups to add and the warnings
 * @example
 * ```ts
 * const plan = planKubesprayGroups(new Map([["kube_control_plane", ["cp1"]], ["kube_node", ["w1"]]]));
 * // plan.add: kube-master [cp1], kube-node [w1], k8s-cluster [w1, cp1], k8s_cluster [w1, cp1]
 * ```
 */
export function planKubesprayGroups(groups: ReadonlyMap<string, readonly string[]>): GroupPlan {
  const add: GroupAddition[] = [];
  const warnings: GroupWarning[] = [];
  /** Membership after the additions so far: the derived group reads aliases added before it. */
  const seen = new Map(groups);
  for (const alias of GROUP_ALIASES) {
    const legacy = groups.get(alias.legacy);
    const modern = groups.get(alias.modern);
    if (legacy !== undefined && modern !== undefined) {
      if (!sameHosts(legacy, modern)) {
        warnings.push({
          code: "alias-mismatch",
          message: `Groups "${alias.legacy}" and "${alias.modern}" have different hosts; ` +
            `Kubespray d39a88d63f reads "${alias.legacy}" and the inventory's groups are kept as written`,
        });
      }
      continue;
    }
    if (legacy !== undefined || modern !== undefined) {
      const [name, source, hosts] = legacy !== undefined
        ? [alias.modern, alias.legacy, legacy]
        : [alias.legacy, alias.modern, modern ?? []];
      add.push({ name, hosts: [...hosts], kind: "alias", from: [source] });
      seen.set(name, hosts);
      continue;
    }
    if (alias.legacy === "k8s-cluster") {
      const sources = K8S_CLUSTER_SOURCES.filter((name) => seen.has(name));
      if (sources.length === 0) continue;
      const members = new Set<string>();
      for (const name of sources) for (const host of seen.get(name) ?? []) members.add(host);
      const hosts = [...members];
      const from = sources.flatMap((name) => {
        const pair = GROUP_ALIASES.find((a) => a.legacy === name);
        return pair === undefined ? [name] : [name, pair.modern].filter((n) => groups.has(n));
      });
      add.push({ name: alias.legacy, hosts, kind: "derived", from });
      add.push({ name: alias.modern, hosts, kind: "derived", from });
      seen.set(alias.legacy, hosts);
      seen.set(alias.modern, hosts);
    }
  }
  return { add, warnings };
}

/**
 * Returns the groups with a plan's additions appended (the input is not changed).
 *
 * @param groups the inventory's groups
 * @param plan what {@linkcode planKubesprayGroups} returned for them
 */
export function applyGroupPlan(
  groups: ReadonlyMap<string, readonly string[]>,
  plan: GroupPlan,
): Map<string, readonly string[]> {
  const out = new Map(groups);
  for (const addition of plan.add) out.set(addition.name, addition.hosts);
  return out;
}
