/**
 * Writes a {@linkcode Plan} as a YAML or JSON inventory: `all:` with `hosts:`,
 * `vars:` and `children:`, other groups at top level or nested, a group shared by
 * several parents described once and named (null) elsewhere, host vars by anchor and
 * merge key, empty groups spelled every way (`g:`, `g: ~`, `g: {}`), and hosts given
 * as a bare string.
 *
 * @module
 */

import { emitJson, type JNode, jsonString, JsonValues } from "./json_doc.ts";
import type { GroupPlan, Member, Plan, SemValue, VarSpec } from "./plan.ts";
import type { Rng } from "./prng.ts";
import { SENTENCES } from "./words.ts";
import { emitYaml, yamlKey, yamlString, type YEntry, type YNode } from "./yaml_doc.ts";
import { YamlValues } from "./yaml_values.ts";

/** The group tree of a plan, as YAML and JSON both need it. */
interface Tree {
  /** Top-level keys in document order. */
  top: string[];
  /** Children written under each group (including `all`). */
  children: Map<string, string[]>;
  byName: Map<string, GroupPlan>;
}

function tree(rng: Rng, plan: Plan): Tree {
  const byName = new Map(plan.groups.map((g) => [g.name, g]));
  const hasParent = new Set(plan.groups.flatMap((g) => g.children));
  const children = new Map(plan.groups.map((g) => [g.name, [...g.children]]));
  const top: string[] = [];
  for (const g of plan.groups) {
    if (g.name === "all" || hasParent.has(g.name)) continue;
    // A parentless group goes under `all:` or stays at top level (where it joins `all` at reconcile).
    if (byName.has("all") && g.name !== "ungrouped" && rng.chance(0.4)) {
      children.get("all")!.push(g.name);
    } else top.push(g.name);
  }
  if (byName.has("all")) top.splice(rng.chance(0.7) ? 0 : rng.int(0, top.length), 0, "all");
  return { top, children, byName };
}

/** Renders `plan` as a YAML inventory; `values` also records whether a vault value was written. */
export function renderYaml(rng: Rng, plan: Plan, values: YamlValues): string {
  const t = tree(rng, plan);
  const described = new Set<string>();

  const semValue = (v: SemValue, flow: boolean): YNode => {
    switch (v.t) {
      case "str":
        return { kind: "scalar", text: yamlString(rng, v.s, flow) };
      case "int":
        return { kind: "scalar", text: String(v.n) };
      case "bool":
        return {
          kind: "scalar",
          text: rng.pick(v.b ? ["true", "yes", "True"] : ["false", "no", "False"]),
        };
      default:
        return values.value(2, flow);
    }
  };

  const varsMap = (vars: readonly VarSpec[], priority?: number | string): YNode => {
    const entries: YEntry[] = [];
    const anchors = values.mapAnchors;
    if (anchors.length > 0 && rng.chance(0.1)) {
      entries.push({ key: "<<", value: { kind: "alias", name: rng.pick(anchors) } });
    }
    const list = [...vars];
    const flow = rng.chance(0.1);
    for (const v of list) {
      if (!flow && rng.chance(0.03)) entries.push({ comment: rng.pick(SENTENCES) });
      const value = semValue(v.value, flow);
      entries.push({ key: yamlKey(rng, v.key, flow), value });
    }
    if (priority !== undefined) {
      const text = typeof priority === "string" ? `"${priority}"` : String(priority);
      entries.splice(rng.int(0, entries.length), 0, {
        key: "ansible_group_priority",
        value: { kind: "scalar", text },
      });
    }
    return values.anchor({
      kind: "map",
      entries,
      flow: flow && !entries.some((e) => "key" in e && e.key === "<<"),
    }, 0.1);
  };

  const hostEntries = (members: readonly Member[]): YNode => {
    if (members.length === 1 && members[0]!.vars.length === 0 && rng.chance(0.1)) {
      // `hosts: web1` is one host without vars.
      return { kind: "scalar", text: yamlKey(rng, members[0]!.host.pattern) };
    }
    if (members.length === 0) {
      return rng.pick<YNode>([{ kind: "empty" }, { kind: "map", entries: [] }]);
    }
    const entries: YEntry[] = members.map((m) => {
      const key = yamlKey(rng, m.host.pattern);
      if (m.vars.length === 0) {
        return {
          key,
          value: rng.pick<YNode>([{ kind: "empty" }, { kind: "empty" }, {
            kind: "scalar",
            text: "~",
          }, { kind: "map", entries: [] }]),
        };
      }
      const anchors = values.mapAnchors;
      if (anchors.length > 0 && rng.chance(0.05)) {
        return { key, value: { kind: "alias", name: rng.pick(anchors) } };
      }
      return { key, value: varsMap(m.vars) };
    });
    return { kind: "map", entries };
  };

  const groupNode = (name: string): YNode => {
    const g = t.byName.get(name);
    if (!g || described.has(name)) {
      return rng.pick<YNode>([{ kind: "empty" }, { kind: "scalar", text: "~" }, {
        kind: "map",
        entries: [],
      }]);
    }
    described.add(name);
    const parts: [string, () => YNode][] = [];
    if (g.hosts.length > 0 || rng.chance(0.05)) parts.push(["hosts", () => hostEntries(g.hosts)]);
    if (g.vars.length > 0 || g.priority !== undefined) {
      parts.push(["vars", () => varsMap(g.vars, g.priority)]);
    } else if (rng.chance(0.03)) {
      // `vars: name` is the mapping {name: null}.
      parts.push(["vars", () => ({ kind: "scalar", text: "lonely_var" })]);
    }
    const kids = t.children.get(name) ?? [];
    if (kids.length > 0) {
      parts.push(["children", () => ({
        kind: "map",
        entries: kids.map((c) => ({ key: yamlKey(rng, c), value: groupNode(c) })),
      })]);
    }
    if (parts.length === 0) {
      return rng.pick<YNode>([{ kind: "empty" }, { kind: "map", entries: [] }]);
    }
    const ordered = rng.chance(0.7) ? parts : rng.shuffle(parts);
    // Values are made in document order, so aliases only point backwards.
    return { kind: "map", entries: ordered.map(([key, make]) => ({ key, value: make() })) };
  };

  const root: YEntry[] = [];
  if (rng.chance(0.3)) root.push({ comment: rng.pick(SENTENCES) });
  for (const name of t.top) root.push({ key: yamlKey(rng, name), value: groupNode(name) });
  return emitYaml(root, { indent: rng.pick([2, 2, 4]), indentlessSeq: rng.chance(0.3) }, {
    start: rng.chance(0.4),
    end: rng.chance(0.03),
    directive: rng.chance(0.02),
  });
}

/** Renders `plan` as a JSON inventory (same structure as YAML). */
export function renderJson(rng: Rng, plan: Plan): string {
  const t = tree(rng, plan);
  const described = new Set<string>();
  const values = new JsonValues(rng);

  const semValue = (v: SemValue): JNode => {
    switch (v.t) {
      case "str":
        return { raw: jsonString(v.s, rng) };
      case "int":
        return { raw: String(v.n) };
      case "bool":
        return { raw: String(v.b) };
      default:
        return values.value(2);
    }
  };
  const varsObject = (vars: readonly VarSpec[], priority?: number | string): JNode => {
    const entries: [string, JNode][] = vars.map((v) => [v.key, semValue(v.value)]);
    if (priority !== undefined) {
      entries.push(["ansible_group_priority", {
        raw: typeof priority === "string" ? `"${priority}"` : String(priority),
      }]);
    }
    return { entries };
  };
  const groupNode = (name: string): JNode => {
    const g = t.byName.get(name);
    if (!g || described.has(name)) return rng.chance(0.5) ? { raw: "null" } : { entries: [] };
    described.add(name);
    const entries: [string, JNode][] = [];
    if (g.hosts.length > 0) {
      entries.push(["hosts", {
        entries: g.hosts.map((m): [string, JNode] => [
          m.host.pattern,
          m.vars.length > 0
            ? varsObject(m.vars)
            : rng.chance(0.5)
            ? { raw: "null" }
            : { entries: [] },
        ]),
      }]);
    }
    if (g.vars.length > 0 || g.priority !== undefined) {
      entries.push(["vars", varsObject(g.vars, g.priority)]);
    }
    const kids = t.children.get(name) ?? [];
    if (kids.length > 0) {
      entries.push(["children", { entries: kids.map((c): [string, JNode] => [c, groupNode(c)]) }]);
    }
    return entries.length === 0 && rng.chance(0.5) ? { raw: "null" } : { entries };
  };
  const root: JNode = { entries: t.top.map((name): [string, JNode] => [name, groupNode(name)]) };
  const indent = rng.pick([0, 2, 4, 4]);
  return emitJson(root, { indent, spaced: rng.chance(0.5) }) +
    (indent > 0 || rng.chance(0.5) ? "\n" : "");
}
