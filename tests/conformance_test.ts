/**
 * Conformance with real `ansible-inventory` 2.14.18 on the recorded corpus in
 * `../shared/conformance/ansible/`: every inventory's `--list` must be byte-identical
 * (and `--export` and `--graph` where recorded), and the 131 crafted edge cases must
 * give the same document or, where Ansible could not parse the source, fail with the
 * same diagnosis (ha-inventory refuses a source Ansible would only warn about).
 */

import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { run } from "../src/cli/main.ts";
import { CORPUS, emptyDir, writeTree } from "./helpers.ts";

const ANSIBLE = join(CORPUS, "ansible");

/** Corpus files ha-inventory does not match on purpose, with the reason. */
const NOT_MATCHED: Record<string, string> = {
  "inventory_script/inventory.json.script.list.json":
    "script protocol output: ha-inventory never runs inventory scripts",
};

/** Crafted cases that cannot apply to ha-inventory, with the reason. */
const CRAFTED_SKIPPED: Record<string, string> = {};

/**
 * Where Ansible stops with a fatal `ERROR!` whose wording is about its internals,
 * ha-inventory says what is wrong in the user's terms; these are the equivalents.
 */
const FATAL_EQUIVALENTS: Record<string, RegExp> = {
  var15:
    /group_vars\/g\.yml(?::\d+:\d+)?: Vars file must hold a mapping of variable names to values, got a list/,
  ini59: /Object of type set is not JSON serializable/,
};

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) out.push(...listFiles(path));
    else out.push(path);
  }
  return out.sort();
}

const expectedOther = JSON.parse(
  Deno.readTextFileSync(join(ANSIBLE, "expected-other-modes.json")),
) as Record<string, Record<string, { rc: number; stdout: string }>>;

for (const listFile of listFiles(ANSIBLE).filter((f) => f.endsWith(".list.json"))) {
  const rel = listFile.slice(ANSIBLE.length + 1);
  if (rel in NOT_MATCHED) continue;
  const sourceRel = rel.replace(/\.list\.json$/, "");
  const sources = sourceRel.split("+").map((part, i) =>
    i === 0 ? join(ANSIBLE, part) : join(ANSIBLE, dirname(sourceRel), part)
  );
  const inventoryArgs = sources.flatMap((s) => ["-i", s]);
  const playbookDir = emptyDir();

  Deno.test(`--list matches ansible-inventory for ${sourceRel}`, () => {
    const result = run([...inventoryArgs, "--list", "--no-facts"], { cwd: playbookDir });
    assert.equal(result.stderr.includes("error"), false, result.stderr);
    assert.equal(result.stdout, Deno.readTextFileSync(listFile));
  });

  const other = expectedOther[sourceRel];
  if (!other) continue;
  for (const [mode, expected] of Object.entries(other)) {
    const args = mode === "graph" ? ["--graph"] : ["--list", "--export"];
    Deno.test(`${mode} matches ansible-inventory for ${sourceRel}`, () => {
      const result = run([...inventoryArgs, ...args, "--no-facts"], { cwd: playbookDir });
      assert.equal(result.code, expected.rc);
      assert.equal(result.stdout, expected.stdout);
    });
  }
}

interface CraftedCase {
  id: string;
  slug: string;
  files: Record<string, string>;
  "cwd_files"?: Record<string, string>;
  sources: string[];
  script?: boolean;
  expected: Record<string, { args: string[]; rc: number; stdout: string; stderr: string }>;
}

const crafted = JSON.parse(
  Deno.readTextFileSync(join(ANSIBLE, "crafted-cases.json")),
) as CraftedCase[];

/** Ansible's diagnosis of a source it could not parse: the per-plugin messages. */
function ansibleFailures(stderr: string): string[] {
  return [...stderr.matchAll(/Failed to parse \S+ with (\w+) plugin: (.*)/g)]
    .filter((m) => m[1] !== "auto" || !m[2]!.startsWith("no root 'plugin' key"))
    .map((m) => m[2]!);
}

for (const c of crafted) {
  const name = `crafted ${c.id} (${c.slug})`;
  if (c.script) {
    Deno.test({
      name: `${name}: not applicable, ha-inventory never runs inventory scripts`,
      ignore: true,
      fn() {},
    });
    continue;
  }
  if (c.id in CRAFTED_SKIPPED) {
    Deno.test({ name: `${name}: ${CRAFTED_SKIPPED[c.id]}`, ignore: true, fn() {} });
    continue;
  }
  for (const [mode, expected] of Object.entries(c.expected)) {
    Deno.test(`${name} ${mode}`, () => {
      const dir = emptyDir();
      writeTree(dir, c.files);
      const cwd = emptyDir();
      writeTree(cwd, c["cwd_files"] ?? {});
      const args = [
        ...c.sources.flatMap((s) => ["-i", join(dir, s)]),
        ...expected.args,
        "--no-facts",
      ];
      const raw = run(args, { cwd });
      const result = { ...raw, stderr: raw.stderr.replaceAll(dir + "/", "") };
      const failed = expected.stderr.includes("Unable to parse") || expected.rc !== 0;
      if (!failed) {
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stdout, expected.stdout);
        for (
          const warning of expected.stderr.split("\n").filter((l) => l.startsWith("[WARNING]"))
        ) {
          assert.ok(result.stderr.includes(warning), `missing ${warning}\n${result.stderr}`);
        }
        return;
      }
      // Ansible could not use the source: ha-inventory must refuse it, say why, print nothing.
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stdout, "");
      const equivalent = FATAL_EQUIVALENTS[c.id];
      if (equivalent) {
        assert.match(result.stderr, equivalent);
        return;
      }
      const reasons = ansibleFailures(expected.stderr);
      const core = reasons.length > 0
        ? reasons.map((r) => r.replace(/^\S+:\d+: /, ""))
        : [expected.stderr.replace(/^ERROR! /, "").split("\n")[0]!];
      assert.ok(
        core.some((reason) => result.stderr.includes(reason.slice(0, 60))),
        `expected one of ${JSON.stringify(core)}\ngot ${result.stderr}`,
      );
      const located = /^(\S+):(\d+): /.exec(reasons[0] ?? "");
      if (located) assert.match(result.stderr, new RegExp(`${located[1]}:${located[2]}`));
    });
  }
}
