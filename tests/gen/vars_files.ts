/**
 * `group_vars/` and `host_vars/` files for a plan: `NAME`, `NAME.yml`, `NAME.yaml`,
 * `NAME.json` or a directory of files (sorted; hidden, backup, `.txt` and dotted
 * sub-directories ignored), sometimes with a shadowed sibling that must not be read,
 * in YAML or JSON, empty or comment-only at times.
 *
 * @module
 */

import { emitJson, type JNode, jsonString, JsonValues } from "./json_doc.ts";
import type { SemValue, VarSpec } from "./plan.ts";
import type { Rng } from "./prng.ts";
import { SENTENCES } from "./words.ts";
import { emitYaml, yamlKey, yamlString, type YEntry, type YNode } from "./yaml_doc.ts";
import { YamlValues } from "./yaml_values.ts";

/** Files written, and whether any holds a `!vault` value. */
export interface VarsFiles {
  readonly files: Record<string, string>;
  vault: boolean;
}

/** A YAML vars document for `vars`. */
export function yamlVarsText(rng: Rng, vars: readonly VarSpec[], out: VarsFiles): string {
  if (vars.length === 0) return rng.pick(["", "---\n", "# nothing here yet\n", "---\n# empty\n"]);
  const values = new YamlValues(rng);
  const sem = (v: SemValue): YNode => {
    switch (v.t) {
      case "str":
        return { kind: "scalar", text: yamlString(rng, v.s, false) };
      case "int":
        return { kind: "scalar", text: String(v.n) };
      case "bool":
        return { kind: "scalar", text: v.b ? "true" : "false" };
      default:
        return values.value(3);
    }
  };
  const entries: YEntry[] = [];
  if (rng.chance(0.4)) entries.push({ comment: rng.pick(SENTENCES) });
  for (const v of vars) entries.push({ key: yamlKey(rng, v.key), value: sem(v.value) });
  if (values.vault) out.vault = true;
  return emitYaml(entries, { indent: rng.pick([2, 2, 4]), indentlessSeq: rng.chance(0.4) }, {
    start: rng.chance(0.6),
  });
}

/** A JSON vars document for `vars`. */
export function jsonVarsText(rng: Rng, vars: readonly VarSpec[]): string {
  const values = new JsonValues(rng);
  const entries: [string, JNode][] = vars.map((v) => {
    const value: SemValue = v.value;
    const node: JNode = value.t === "str"
      ? { raw: jsonString(value.s, rng) }
      : value.t === "int"
      ? { raw: String(value.n) }
      : value.t === "bool"
      ? { raw: String(value.b) }
      : values.value(3);
    return [v.key, node];
  });
  return emitJson({ entries }, { indent: rng.pick([0, 2, 4]), spaced: true }) + "\n";
}

function varsText(rng: Rng, vars: readonly VarSpec[], json: boolean, out: VarsFiles): string {
  return json && vars.length > 0 ? jsonVarsText(rng, vars) : yamlVarsText(rng, vars, out);
}

/**
 * Adds the files for entity `name` below `base` (`group_vars` or `host_vars` of a source
 * directory) to `out`. Split across several files when written as a directory.
 */
export function addVarsFiles(
  rng: Rng,
  base: string,
  name: string,
  vars: readonly VarSpec[],
  out: VarsFiles,
): void {
  const form = rng.weighted<string>([["yml", 5], ["yaml", 1.5], ["json", 1.5], ["bare", 1], [
    "dir",
    2,
  ]]);
  const files = out.files as Record<string, string>;
  if (form !== "dir") {
    const ext = form === "bare" ? "" : `.${form}`;
    files[`${base}/${name}${ext}`] = varsText(
      rng,
      vars,
      form === "json" || (form === "bare" && rng.chance(0.2)),
      out,
    );
    if (form === "yml" && rng.chance(0.15)) {
      // Shadowed: `NAME.yml` exists, so `NAME.yaml` is never read.
      files[`${base}/${name}.yaml`] = "shadowed: [this file is never read\n";
    }
    return;
  }
  const dir = `${base}/${name}`;
  const parts = rng.int(1, 3);
  const split: VarSpec[][] = Array.from({ length: parts }, () => []);
  for (const v of vars) split[rng.int(0, parts - 1)]!.push(v);
  // Later files override earlier ones on the same key.
  if (vars.length > 0 && parts > 1 && rng.chance(0.3)) split[parts - 1]!.push(vars[0]!);
  const names = rng.sample([
    "main.yml",
    "10-base.yml",
    "20-net.yaml",
    "30.json",
    "zz",
    "extra.yml",
    "Z.yml",
  ], parts);
  names.forEach((file, i) => {
    const inSub = rng.chance(0.15) ? "sub/" : "";
    files[`${dir}/${inSub}${file}`] = varsText(rng, split[i]!, file.endsWith(".json"), out);
  });
  if (rng.chance(0.3)) {
    const ignored = rng.pick([
      ".hidden.yml",
      "notes.txt",
      "old.yml~",
      "x.d/inner.yml",
      "README.md",
    ]);
    files[`${dir}/${ignored}`] = "ignored: [not read\n";
  }
}
