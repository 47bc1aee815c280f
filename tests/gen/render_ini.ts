/**
 * Writes a {@linkcode Plan} as an INI inventory the way people do: implicit ungrouped
 * lines or an `[all]` section, sections grouped per group or Kubespray-style (hosts,
 * then `:children`, then `:vars`), forward references, repeated sections, `#` and `;`
 * comments, odd spacing, and every quoting style shlex accepts. Declaration rules are
 * kept: every child and every `:vars` group also gets a header in the file.
 *
 * @module
 */

import { iniGroupValue, iniHostValue, shlexQuote } from "./ini_values.ts";
import type { GroupPlan, Member, Plan, SemValue, VarSpec } from "./plan.ts";
import type { Rng } from "./prng.ts";
import { SENTENCES } from "./words.ts";

/** How section blocks are ordered. */
export type IniLayout = "grouped" | "kubespray" | "shuffled";

interface Block {
  readonly kind: "hosts" | "children" | "vars";
  readonly group: string;
  readonly lines: string[];
}

function hostValue(rng: Rng, v: SemValue): string {
  switch (v.t) {
    case "str":
      return shlexQuote(rng, v.s);
    case "int":
      return String(v.n);
    case "bool":
      return rng.pick(v.b ? ["true", "True", "yes"] : ["false", "False", "no"]);
    default:
      return iniHostValue(rng);
  }
}

function groupValue(rng: Rng, v: SemValue): string {
  switch (v.t) {
    case "str":
      return rng.chance(0.2) && !v.s.includes("'") ? `'${v.s}'` : v.s;
    case "int":
      return String(v.n);
    case "bool":
      return rng.pick(v.b ? ["true", "True"] : ["false", "False"]);
    default:
      return iniGroupValue(rng);
  }
}

function comment(rng: Rng): string {
  return rng.pick(SENTENCES).replace(/[\r\n]/g, " ");
}

function hostLine(rng: Rng, m: Member): string {
  const sep = () => rng.weighted<string>([[" ", 10], ["  ", 1], ["\t", 0.5]]);
  const pattern = /\s/.test(m.host.pattern) ? shlexQuote(rng, m.host.pattern) : m.host.pattern;
  let line = (rng.chance(0.05) ? "  " : "") + pattern;
  for (const v of m.vars) line += sep() + `${v.key}=${hostValue(rng, v.value)}`;
  if (rng.chance(0.06)) line += ` # ${comment(rng)}`;
  else if (m.vars.length > 0 && rng.chance(0.03)) line += `#cut ${comment(rng)} dropped=1`;
  // `[v6]:22 a=[1,2]` would read as a bad section header; a comment keeps it a host line.
  if (line.trim().startsWith("[") && line.trim().endsWith("]")) line += " # host";
  return line;
}

function varLines(
  rng: Rng,
  vars: readonly VarSpec[],
  priority: number | string | undefined,
): string[] {
  const lines = vars.map((v) => {
    const eq = rng.weighted<string>([["=", 8], [" = ", 3], [" =", 0.5], ["= ", 0.5]]);
    return `${v.key}${eq}${groupValue(rng, v.value)}`;
  });
  if (priority !== undefined) {
    lines.splice(rng.int(0, lines.length), 0, `ansible_group_priority=${priority}`);
  }
  return lines;
}

function header(rng: Rng, name: string, kind: "hosts" | "children" | "vars"): string {
  const base = kind === "hosts"
    ? (rng.chance(0.03) ? `[${name}:hosts]` : `[${name}]`)
    : `[${name}:${kind}]`;
  return rng.chance(0.05) ? `${base}  # ${comment(rng)}` : base;
}

function blocksOf(rng: Rng, g: GroupPlan): Block[] {
  const blocks: Block[] = [];
  if (g.hosts.length > 0) {
    // Sometimes a group's hosts come in two sections of the same name.
    const cut = g.hosts.length > 1 && rng.chance(0.1)
      ? rng.int(1, g.hosts.length - 1)
      : g.hosts.length;
    for (const part of [g.hosts.slice(0, cut), g.hosts.slice(cut)]) {
      if (part.length > 0) {
        blocks.push({ kind: "hosts", group: g.name, lines: part.map((m) => hostLine(rng, m)) });
      }
    }
  }
  if (g.children.length > 0) {
    const lines = g.children.map((c) => rng.chance(0.05) ? `${c}   # ${comment(rng)}` : c);
    blocks.push({ kind: "children", group: g.name, lines });
  }
  if (g.vars.length > 0 || g.priority !== undefined) {
    blocks.push({ kind: "vars", group: g.name, lines: varLines(rng, g.vars, g.priority) });
  }
  return blocks;
}

/** Renders `plan` as INI text. */
export function renderIni(
  rng: Rng,
  plan: Plan,
  layout: IniLayout = rng.pick(["grouped", "kubespray", "shuffled"]),
): string {
  const prefix: string[] = [];
  let blocks: Block[] = [];
  for (const g of plan.groups) {
    if (g.name === "all" && g.hosts.length > 0 && rng.chance(0.5)) {
      // Lines before the first header are hosts of the implicit "ungrouped" group.
      prefix.push(...g.hosts.map((m) => hostLine(rng, m)));
      blocks.push(...blocksOf(rng, { ...g, hosts: [] }));
      continue;
    }
    blocks.push(...blocksOf(rng, g));
  }
  const declared = new Set(blocks.filter((b) => b.kind !== "vars").map((b) => b.group));
  declared.add("all").add("ungrouped");
  const needed = new Set<string>();
  for (const g of plan.groups) for (const c of g.children) needed.add(c);
  for (const b of blocks) if (b.kind === "vars") needed.add(b.group);
  for (const name of needed) {
    if (!declared.has(name)) blocks.push({ kind: "hosts", group: name, lines: [] });
  }
  if (layout === "kubespray") {
    const rank = { hosts: 0, children: 1, vars: 2 };
    blocks = blocks.map((b, i) => ({ b, i })).sort((x, y) =>
      rank[x.b.kind] - rank[y.b.kind] || x.i - y.i
    ).map((
      x,
    ) => x.b);
  } else if (layout === "shuffled") {
    blocks = rng.shuffle(blocks);
  }
  const out: string[] = [];
  if (rng.chance(0.3)) out.push(`# ${comment(rng)}`);
  out.push(...prefix);
  for (const b of blocks) {
    for (let i = rng.weighted<number>([[0, 2], [1, 6], [2, 1]]); i > 0; i--) out.push("");
    if (rng.chance(0.1)) out.push(`${rng.pick(["#", ";", "# ", "; "])}${comment(rng)}`);
    out.push(header(rng, b.group, b.kind));
    for (const line of b.lines) {
      if (rng.chance(0.03)) out.push(rng.pick(["", "; commented out", "#disabled-host"]));
      out.push(line);
    }
  }
  const eol = rng.chance(0.05) ? "\r\n" : "\n";
  return out.join(eol) + (rng.chance(0.9) ? eol : "");
}
