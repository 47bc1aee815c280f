/**
 * The seeded inventory generator behind the differential test: case `index` of run
 * `seed` is always the same set of files. A case is a Kubespray-like cluster or a
 * general inventory, in INI, YAML or JSON, as one file, two `-i` sources (same or
 * different directories) or a directory source, with `group_vars/`/`host_vars/`
 * beside the sources and, sometimes, in the playbook directory.
 *
 * @example Write case 7 of run 42 into a directory
 * ```ts ignore
 * const c = generateCase(42, 7);
 * writeCase(dir, c); // then: ansible-inventory -i dir/<c.sources[0]> --list
 * ```
 *
 * @module
 */

import { kubesprayCase } from "./kubespray.ts";
import { makePlan, makeWorld, type Plan, randomVars, type VarSpec } from "./plan.ts";
import { caseSeed, Rng } from "./prng.ts";
import { renderIni } from "./render_ini.ts";
import { renderJson, renderYaml } from "./render_yaml.ts";
import { addVarsFiles, type VarsFiles } from "./vars_files.ts";
import { YamlValues } from "./yaml_values.ts";

/** One generated inventory. */
export interface GeneratedCase {
  /** Index within the run. */
  readonly index: number;
  /** The case's own seed (derived from the run seed and the index). */
  readonly seed: number;
  /** A short description: flavour, layout, formats. */
  readonly summary: string;
  /** Files below the case's inventory root (relative path -> content). */
  readonly files: Record<string, string>;
  /** The `-i` arguments, relative to the inventory root. */
  readonly sources: readonly string[];
  /** Files below the playbook directory (often none). */
  readonly playbookFiles: Record<string, string>;
  /** Host names the case defines (for `--host`). */
  readonly hosts: readonly string[];
  /** Group names the case defines (for `--graph GROUP`). */
  readonly groups: readonly string[];
  /** Whether some value is `!vault` (Ansible cannot show those with `--graph --vars`). */
  readonly vault: boolean;
}

type Format = "ini" | "yaml" | "json";

const FILE_NAMES: Record<Format, readonly string[]> = {
  ini: ["hosts.ini", "inventory.ini", "hosts", "inventory", "hosts.cfg", "production"],
  yaml: ["hosts.yml", "hosts.yaml", "inventory.yml", "inventory", "hosts"],
  json: ["hosts.json", "inventory.json"],
};

/** Names a file in a directory source may have for its format (`.ini` is ignored there in 2.14). */
const DIR_NAMES: Record<Format, readonly string[]> = {
  ini: ["01-hosts", "hosts", "Zhosts", "static.conf", "20-groups"],
  yaml: ["02-groups.yml", "cluster.yaml", "A.yml", "more", "zz.yml"],
  json: ["03.json", "extra.json"],
};

/** Files a directory source holds that Ansible ignores (by extension or name). */
const IGNORED: Record<string, string> = {
  "old.ini": "[old]\nghost-host-from-ignored-ini\n",
  "notes.txt": "not an inventory [at all\n",
  "hosts.bak": "[bak\n",
  ".hidden": "[hidden\n",
  "backup~": "[tilde\n",
  "README.md": "# Inventory\n\nSee [docs](x).\n",
  "site.retry": "x:\n- [\n",
  "settings.cfg": "[cfg\n",
};

function render(rng: Rng, plan: Plan, format: Format, vault: { v: boolean }): string {
  if (format === "ini") return renderIni(rng, plan);
  if (format === "json") return renderJson(rng, plan);
  const values = new YamlValues(rng);
  const text = renderYaml(rng, plan, values);
  if (values.vault) vault.v = true;
  return text;
}

/** Splits a plan over `k` files: each group's hosts, children and vars go to one (sometimes different) file. */
function splitPlan(rng: Rng, plan: Plan, k: number): Plan[] {
  const parts: Plan[] = Array.from(
    { length: k },
    () => ({ groups: [], groupFiles: new Map(), hostFiles: new Map() }),
  );
  for (const g of plan.groups) {
    const home = rng.int(0, k - 1);
    const spread = rng.chance(0.2);
    const where = () => (spread ? rng.int(0, k - 1) : home);
    const pieces = new Map<number, typeof g>();
    const piece = (i: number) => {
      let p = pieces.get(i);
      if (!p) {
        p = { name: g.name, hosts: [], children: [], vars: [] };
        pieces.set(i, p);
        parts[i]!.groups.push(p);
      }
      return p;
    };
    piece(home);
    for (const m of g.hosts) piece(where()).hosts.push(m);
    for (const c of g.children) piece(where()).children.push(c);
    const vp = piece(where());
    vp.vars.push(...g.vars);
    if (g.priority !== undefined) vp.priority = g.priority;
  }
  // A host listed again in a later file, with other values for the same keys: the later file wins.
  const members = plan.groups.flatMap((g) => g.hosts.filter((m) => m.vars.length > 0));
  if (members.length > 0 && k > 1 && rng.chance(0.5)) {
    const m = rng.pick(members);
    const target = rng.pick(parts.findLast((p) => p.groups.length > 0)!.groups);
    target.hosts.push({
      host: m.host,
      vars: m.vars.map((v): VarSpec => ({ key: v.key, value: { t: "any" } })),
    });
  }
  return parts;
}

function addPlanVarsFiles(rng: Rng, plan: Plan, dir: string, out: VarsFiles): void {
  const prefix = dir === "" ? "" : `${dir}/`;
  for (const [name, vars] of plan.groupFiles) {
    addVarsFiles(rng, `${prefix}group_vars`, name, vars, out);
  }
  for (const [name, vars] of plan.hostFiles) {
    addVarsFiles(rng, `${prefix}host_vars`, name, vars, out);
  }
}

/** Generates case `index` of the run with seed `seed`. */
export function generateCase(seed: number, index: number): GeneratedCase {
  const cseed = caseSeed(seed, index);
  const rng = new Rng(cseed);
  const kubespray = rng.chance(0.3);
  const ranges = rng.chance(0.7);
  let plan: Plan;
  const files: Record<string, string> = {};
  const out: VarsFiles = { files, vault: false };
  const extra: Record<string, string> = {};
  if (kubespray) {
    const k = kubesprayCase(rng, { ranges });
    plan = k.plan;
    Object.assign(extra, k.files);
  } else {
    const big = rng.chance(0.02);
    plan = makePlan(rng, makeWorld(rng, { ranges, ports: rng.chance(0.5), big }));
  }
  const format = (): Format =>
    rng.weighted<Format>(
      kubespray ? [["ini", 6], ["yaml", 4]] : [["ini", 45], ["yaml", 40], ["json", 15]],
    );
  const layout = rng.weighted<string>([["single", 13], ["two", 4], ["dir", 3]]);
  const vault = { v: false };
  const sources: string[] = [];
  const used: string[] = [];
  if (layout === "single") {
    const f = format();
    // Now and then INI text in a `.yml` file: the yaml plugin fails quietly and ini reads it.
    const file = f === "ini" && rng.chance(0.03) ? "inventory.yml" : rng.pick(FILE_NAMES[f]);
    files[`inv/${file}`] = render(rng, plan, f, vault);
    sources.push(`inv/${file}`);
    used.push(`${f}:${file}`);
    for (const [p, text] of Object.entries(extra)) files[`inv/${p}`] = text;
    addPlanVarsFiles(rng, plan, "inv", out);
  } else if (layout === "two") {
    const parts = splitPlan(rng, plan, 2);
    const sameDir = rng.chance(0.5);
    parts.forEach((part, i) => {
      const f = format();
      const dir = sameDir ? "inv" : ["site", "extra"][i]!;
      let file = rng.pick(FILE_NAMES[f]);
      if (sameDir && i === 1 && `${dir}/${file}` === sources[0]) file = `second-${file}`;
      files[`${dir}/${file}`] = render(rng, part, f, vault);
      sources.push(`${dir}/${file}`);
      used.push(`${f}:${file}`);
    });
    const dirs = sameDir ? ["inv"] : ["site", "extra"];
    for (const [p, text] of Object.entries(extra)) files[`${dirs[0]}/${p}`] = text;
    // Vars files beside either source; the same entity may have files in both.
    addPlanVarsFiles(rng, plan, rng.pick(dirs), out);
    if (!sameDir && rng.chance(0.3)) {
      addVarsFiles(rng, `${dirs[1]}/group_vars`, "all", randomVars(rng, 3), out);
    }
  } else {
    const k = rng.int(2, 4);
    const parts = splitPlan(rng, plan, k);
    const names = new Set<string>();
    for (const part of parts) {
      const f = format();
      let file = rng.pick(DIR_NAMES[f]);
      while (names.has(file)) file = `x${file}`;
      names.add(file);
      const sub = rng.chance(0.15) ? "sub/" : "";
      files[`inv/${sub}${file}`] = render(rng, part, f, vault);
      used.push(`${f}:${sub}${file}`);
    }
    for (const name of rng.sample(Object.keys(IGNORED), rng.int(0, 3))) {
      files[`inv/${name}`] = IGNORED[name]!;
    }
    if (rng.chance(0.1)) files["inv/empty.yml"] = rng.pick(["", "# nothing\n"]);
    sources.push("inv");
    for (const [p, text] of Object.entries(extra)) files[`inv/${p}`] = text;
    addPlanVarsFiles(rng, plan, "inv", out);
  }
  const playbookFiles: Record<string, string> = {};
  if (rng.chance(0.1)) {
    const pbOut: VarsFiles = { files: playbookFiles, vault: false };
    addVarsFiles(rng, "group_vars", "all", randomVars(rng, 3), pbOut);
    const g = plan.groups.find((x) => x.name !== "all" && x.name !== "ungrouped");
    if (g) addVarsFiles(rng, "group_vars", g.name, randomVars(rng, 2), pbOut);
    const h = plan.groups.flatMap((x) => x.hosts.flatMap((m) => [...m.host.names]))[0];
    if (h !== undefined && rng.chance(0.5)) {
      addVarsFiles(rng, "host_vars", h, randomVars(rng, 2), pbOut);
    }
    out.vault ||= pbOut.vault;
  }
  const hosts = [...new Set(plan.groups.flatMap((g) => g.hosts.flatMap((m) => [...m.host.names])))];
  const groups = plan.groups.map((g) => g.name);
  const summary = `${kubespray ? "kubespray" : "general"} ${layout} [${used.join(" ")}] ` +
    `${hosts.length} hosts, ${groups.length} groups` +
    (Object.keys(files).some((p) => p.includes("_vars/")) ? ", vars files" : "") +
    (Object.keys(playbookFiles).length > 0 ? ", playbook-dir vars" : "");
  return {
    index,
    seed: cseed,
    summary,
    files,
    sources,
    playbookFiles,
    hosts,
    groups,
    vault: vault.v || out.vault,
  };
}

/** Writes `files` (relative path -> content) below `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const path = `${dir}/${rel}`;
    Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    Deno.writeTextFileSync(path, content);
  }
}

/** A generated case written out: its folders and the `-i ... --playbook-dir ...` arguments. */
export interface WrittenCase {
  readonly dir: string;
  readonly root: string;
  readonly playbook: string;
  readonly base: string[];
}

/**
 * Writes `c` to a new temporary directory (`root/` holds the inventory, `playbook/` the
 * playbook directory's vars) and returns the arguments that point both tools at it.
 */
export async function writeCase(c: GeneratedCase, prefix: string): Promise<WrittenCase> {
  const dir = await Deno.makeTempDir({ prefix });
  const root = `${dir}/root`;
  const playbook = `${dir}/playbook`;
  await Deno.mkdir(playbook, { recursive: true });
  writeFiles(root, c.files);
  writeFiles(playbook, c.playbookFiles);
  const base = [...c.sources.flatMap((s) => ["-i", `${root}/${s}`]), "--playbook-dir", playbook];
  return { dir, root, playbook, base };
}
