/**
 * The format-free shape of a generated inventory: groups (in declaration order) with
 * their host entries, children and variables, plus the variables meant for
 * `group_vars/` and `host_vars/` files. Renderers turn a plan into INI, YAML or JSON.
 * Parent-child edges always go from a lower to a higher group rank, so any mix of
 * plans over the same groups stays free of cycles.
 *
 * @module
 */

import { type HostSpec, hostSpec } from "./hosts.ts";
import type { Rng } from "./prng.ts";
import { GROUP_NAMES, MAGIC_VAR_NAMES, VAR_NAMES } from "./words.ts";

/**
 * A variable's value, format-free: concrete values written naturally in every format,
 * or `any` for a random value the renderer picks in its own syntax.
 */
export type SemValue =
  | { readonly t: "str"; readonly s: string }
  | { readonly t: "int"; readonly n: number }
  | { readonly t: "bool"; readonly b: boolean }
  | { readonly t: "any" };

/** One variable. */
export interface VarSpec {
  readonly key: string;
  readonly value: SemValue;
}

/** A host entry inside a group, with the variables set at that place. */
export interface Member {
  readonly host: HostSpec;
  readonly vars: VarSpec[];
}

/** One group of a plan. */
export interface GroupPlan {
  readonly name: string;
  readonly hosts: Member[];
  readonly children: string[];
  readonly vars: VarSpec[];
  /** `ansible_group_priority`, written among the vars. */
  priority?: number | string;
}

/** A whole inventory before rendering. */
export interface Plan {
  /** Groups in the order they are declared (may include `all` and `ungrouped`). */
  readonly groups: GroupPlan[];
  /** Vars for `group_vars/<name>` files. */
  readonly groupFiles: Map<string, VarSpec[]>;
  /** Vars for `host_vars/<name>` files. */
  readonly hostFiles: Map<string, VarSpec[]>;
}

/** The names a case draws from, shared by all its sources. */
export interface World {
  readonly hosts: HostSpec[];
  /** Group names, by rank: a parent always ranks before its children. */
  readonly groups: string[];
}

/** A world for a general (non-Kubespray) inventory. */
export function makeWorld(
  rng: Rng,
  options: { ranges: boolean; ports: boolean; big: boolean },
): World {
  const hostCount = options.big ? rng.int(150, 400) : rng.int(1, 18);
  const hosts = Array.from(
    { length: hostCount },
    (_, index) => hostSpec(rng, { ...options, index }),
  );
  const groups = rng.sample(GROUP_NAMES, rng.int(0, options.big ? 20 : 10));
  return { hosts, groups };
}

/** A variable with a random name and value. */
export function randomVar(rng: Rng): VarSpec {
  const key = rng.weighted<() => string>([
    [() => rng.pick(VAR_NAMES), 20],
    [() => rng.pick(MAGIC_VAR_NAMES), 1],
  ])();
  return { key, value: { t: "any" } };
}

/** A few random variables with distinct names. */
export function randomVars(rng: Rng, max: number): VarSpec[] {
  const out = new Map<string, VarSpec>();
  for (let i = rng.int(0, max); i > 0; i--) {
    const v = randomVar(rng);
    out.set(v.key, v);
  }
  return [...out.values()];
}

function priority(rng: Rng): number | string {
  return rng.pick<number | string>([1, 2, 5, 10, 10, 100, -1, 0, "7"]);
}

/** A general plan over `world`: a random group DAG up to 5 deep, memberships and vars. */
export function makePlan(rng: Rng, world: World): Plan {
  const depth = new Map<string, number>();
  const groups = world.groups.map((name): GroupPlan => ({
    name,
    hosts: [],
    children: [],
    vars: [],
  }));
  const maxDepth = rng.int(1, 5);
  for (const [i, g] of groups.entries()) {
    depth.set(g.name, 1);
    if (i === 0 || rng.chance(0.35)) continue;
    const parents = rng.sample(groups.slice(0, i), rng.chance(0.2) ? 2 : 1)
      .filter((p) => depth.get(p.name)! < maxDepth);
    for (const p of parents) {
      p.children.push(g.name);
      depth.set(g.name, Math.max(depth.get(g.name)!, depth.get(p.name)! + 1));
    }
  }
  const ungrouped: Member[] = [];
  for (const host of world.hosts) {
    const count = groups.length === 0
      ? 0
      : rng.weighted<number>([[0, 2], [1, 6], [2, 2], [3, 0.7]]);
    const homes = rng.sample(groups, count);
    const vars = randomVars(rng, 3);
    if (homes.length === 0) {
      ungrouped.push({ host, vars });
      continue;
    }
    // Vars usually at the first place the host is listed, sometimes split over several.
    homes.forEach((g, i) => {
      const here = i === 0 ? vars : rng.chance(0.3) ? randomVars(rng, 1) : [];
      g.hosts.push({ host, vars: here });
    });
  }
  for (const g of groups) {
    g.vars.push(...randomVars(rng, 3));
    if (rng.chance(0.12)) g.priority = priority(rng);
    if (g.hosts.length > 1 && rng.chance(0.05)) g.hosts.reverse();
  }
  const special: GroupPlan[] = [];
  const allVars = randomVars(rng, 3);
  const allChildren = groups.filter((g) => depth.get(g.name) === 1 && rng.chance(0.15)).map((g) =>
    g.name
  );
  const toUngroupedSection = rng.chance(0.2);
  if (
    allVars.length > 0 || allChildren.length > 0 || (ungrouped.length > 0 && !toUngroupedSection)
  ) {
    special.push({
      name: "all",
      hosts: toUngroupedSection ? [] : ungrouped,
      children: allChildren,
      vars: allVars,
    });
  }
  if (toUngroupedSection && ungrouped.length > 0) {
    special.push({ name: "ungrouped", hosts: ungrouped, children: [], vars: randomVars(rng, 1) });
  }
  const ordered = rng.chance(0.5) ? groups : rng.shuffle(groups);
  const groupFiles = new Map<string, VarSpec[]>();
  const hostFiles = new Map<string, VarSpec[]>();
  for (const name of ["all", ...world.groups]) {
    if (rng.chance(0.15)) {
      const vars = randomVars(rng, 4);
      // In a group_vars file it is an ordinary variable, not the group's priority.
      if (rng.chance(0.1)) vars.push({ key: "ansible_group_priority", value: { t: "int", n: 50 } });
      groupFiles.set(name, vars);
    }
  }
  for (const host of world.hosts) {
    if (rng.chance(0.08)) {
      hostFiles.set(rng.pick(host.names.length > 0 ? host.names : ["nohost"]), randomVars(rng, 3));
    }
  }
  return { groups: [...special, ...ordered], groupFiles, hostFiles };
}
