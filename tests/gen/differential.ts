/**
 * Differential testing against the real `ansible-inventory`: generated inventories are
 * written to temporary directories, both tools run on them (Ansible as a subprocess,
 * a few at a time; ha-inventory in-process through `run()`), and stdout is compared
 * byte for byte for `--list` and, on a subset, `--graph [GROUP] [--vars]`,
 * `--list --export` and `--host NAME`. Inputs Ansible cannot parse cleanly are
 * skipped (and counted) and replaced by further cases, so `count` cases are compared.
 *
 * @module
 */

import { run } from "../../src/cli/main.ts";
import { type AnsibleRunner, forkServerRunner, processRunner } from "./ansible_runner.ts";
import { generateCase, type GeneratedCase, writeCase } from "./inventory_gen.ts";
import { lineDiff, visible } from "./line_diff.ts";
import { Rng } from "./prng.ts";

/** A way of calling both tools. */
export type Mode =
  | { readonly kind: "list" }
  | { readonly kind: "export" }
  | { readonly kind: "graph"; readonly group?: string; readonly vars?: boolean }
  | { readonly kind: "host"; readonly host: string }
  | { readonly kind: "yaml" };

/** The command-line arguments of a mode (besides `-i` and `--playbook-dir`). */
export function modeArgs(mode: Mode): string[] {
  switch (mode.kind) {
    case "list":
      return ["--list"];
    case "export":
      return ["--list", "--export"];
    case "graph":
      return [
        "--graph",
        ...(mode.vars ? ["--vars"] : []),
        ...(mode.group !== undefined ? [mode.group] : []),
      ];
    case "host":
      return ["--host", mode.host];
    case "yaml":
      return ["--list", "--yaml"];
  }
}

/** Options for {@linkcode runDifferential}. */
export interface DifferentialOptions {
  /** Run seed; case `i` uses a seed derived from it. */
  readonly seed: number;
  /** How many cases to compare (skipped ones are replaced). */
  readonly count: number;
  /** Ansible processes at a time. @default {2} */
  readonly concurrency?: number;
  /** Only this case index (ignores `count`). */
  readonly only?: number;
  /** Also compare `--list --yaml` on the subset. @default {false} */
  readonly yaml?: boolean;
  /** Fraction of cases that get one extra mode besides `--list`. @default {0.6} */
  readonly extraModes?: number;
  /** The `ansible-inventory` program. @default {"ansible-inventory"} */
  readonly ansible?: string;
  /** How to call Ansible: a fork server (fast) or a process per call. @default {"fork-server"} */
  readonly runner?: "fork-server" | "process";
  /**
   * With the fork server, also run `--list` of the first this-many cases as a plain process
   * and require identical stdout, stderr and exit status (a check of the harness). @default {3}
   */
  readonly verify?: number;
  /** Keep every case directory, not only those that differ. @default {false} */
  readonly keep?: boolean;
  /** Where progress and reports go. */
  readonly log: (line: string) => void;
}

/** What happened to one case. */
export interface CaseOutcome {
  readonly index: number;
  readonly summary: string;
  readonly status: "identical" | "different" | "skipped";
  /** Why a case was skipped (Ansible's complaint, paths removed). */
  readonly reason?: string;
  /** The failure report of a case that differs. */
  readonly report?: string;
  /** Modes compared. */
  readonly modes: readonly string[];
}

/** Totals of a run. */
export interface DifferentialSummary {
  readonly seed: number;
  readonly compared: number;
  readonly identical: number;
  readonly skipped: number;
  readonly outcomes: readonly CaseOutcome[];
  /** The `differential: ...` line the CI looks for. */
  readonly line: string;
  readonly seconds: number;
  /** Time spent: Ansible runs (summed over concurrent processes) and ha-inventory runs. */
  readonly timing: { ansible: number; ours: number; ansibleRuns: number; ourRuns: number };
  /** How Ansible was called. */
  readonly runner: string;
}

interface Tool {
  stdout: string;
  stderr: string;
  code: number;
}

/** Seconds spent in each tool (Ansible's overlap with each other when concurrent). */
const timing = { ansible: 0, ours: 0, ansibleRuns: 0, ourRuns: 0 };

async function ansible(runner: AnsibleRunner, args: string[], cwd: string): Promise<Tool> {
  const t0 = performance.now();
  const result = await runner.run(args, cwd);
  timing.ansible += (performance.now() - t0) / 1000;
  timing.ansibleRuns++;
  return { ...result };
}

function ours(args: string[]): Tool {
  const t0 = performance.now();
  const result = run(args);
  timing.ours += (performance.now() - t0) / 1000;
  timing.ourRuns++;
  return result;
}

const PARSE_TROUBLE = /Unable to parse|Failed to parse|No inventory was parsed|ERROR!/;

/** Ansible's complaint about a case, with paths and line numbers generalised (for counting). */
function complaint(stderr: string, root: string): string {
  const line =
    stderr.split("\n").find((l) =>
      PARSE_TROUBLE.test(l) && !/Unable to parse .* as an inventory source/.test(l)
    ) ??
      stderr.split("\n").find((l) => PARSE_TROUBLE.test(l)) ?? stderr.split("\n")[0] ?? "";
  return line.replaceAll(root + "/", "").replace(/:\d+:/g, ":N:").slice(0, 160);
}

/** Ansible's complaint when `--host` matches no host (an empty group gives none). */
const NO_MATCH = /Could not match supplied host pattern/;

/** Picks the extra modes of a case from its own seed. */
function extraModes(c: GeneratedCase, listJson: string, options: DifferentialOptions): Mode[] {
  const rng = new Rng(c.seed ^ 0x5bd1e995);
  if (!rng.chance(options.extraModes ?? 0.6)) return [];
  const hosts = hostsOf(listJson);
  const simple = hosts.filter((h) => /^[\w.-]+$/.test(h));
  const kinds: [string, number][] = [
    ["graph", 3],
    ["export", 3],
    ["host", hosts.length > 0 ? 3 : 0],
    ["host-pattern", hosts.length > 0 ? 0.6 : 0],
    ["graph-vars", c.vault ? 0 : 1.5],
    ["graph-group", c.groups.length > 0 ? 1 : 0],
  ];
  if (options.yaml) kinds.push(["yaml", 3]);
  const kind = rng.weighted(kinds);
  switch (kind) {
    case "graph":
      return [{ kind: "graph" }];
    case "graph-vars":
      return [{
        kind: "graph",
        vars: true,
        ...(rng.chance(0.3) ? { group: rng.pick(c.groups) } : {}),
      }];
    case "graph-group":
      return [{ kind: "graph", group: rng.pick(c.groups) }];
    case "export":
      return [{ kind: "export" }];
    case "yaml":
      return [{ kind: "yaml" }];
    case "host-pattern": {
      // --host takes a pattern: a group, a wildcard, a regex, another case. Ansible wants
      // exactly one match; either both tools print the same or both refuse. (Ansible's
      // implicit localhost is left out: ha-inventory answers `{}` for it, see NO_MATCH.)
      const host = rng.pick(simple.length > 0 ? simple : hosts);
      const pattern = rng.pick([
        hosts.includes("localhost") ? "localhost" : host,
        rng.pick(c.groups.length > 0 ? c.groups : ["all"]),
        `${host.slice(0, Math.max(1, host.length - 1))}*`,
        `~^${host.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`,
        host.toUpperCase(),
      ]);
      return [{ kind: "host", host: pattern }];
    }
    default:
      return [{
        kind: "host",
        host: rng.pick(simple.length > 0 && rng.chance(0.9) ? simple : hosts),
      }];
  }
}

/** Host names from a `--list` document (which may hold bare `NaN`/`Infinity`). */
export function hostsOf(listJson: string): string[] {
  const doc = parseList(listJson);
  const out = new Set<string>();
  for (const [name, group] of Object.entries(doc)) {
    if (name !== "_meta") { for (const h of group.hosts ?? []) out.add(h); }
  }
  return [...out];
}

type ListDoc = Record<string, { hosts?: string[]; children?: string[] }>;

function parseList(listJson: string): ListDoc {
  try {
    return JSON.parse(
      listJson.replace(/(?<=[\s:[,])-?(?:NaN|Infinity)(?=[\s,\]}])/g, "null"),
    ) as ListDoc;
  } catch {
    return {};
  }
}

/** Whether `name` is a group of the `--list` document with no hosts, directly or below. */
function emptyGroup(listJson: string, name: string): boolean {
  const doc = parseList(listJson);
  const seen = new Set<string>();
  const walk = (g: string): boolean => {
    if (seen.has(g)) return true;
    seen.add(g);
    const entry = doc[g];
    return (entry?.hosts ?? []).length === 0 && (entry?.children ?? []).every(walk);
  };
  return (name in doc || Object.values(doc).some((g) => g.children?.includes(name))) && walk(name);
}

function filesReport(c: GeneratedCase, maxLines = 60): string {
  const parts: string[] = [];
  const show = (label: string, files: Record<string, string>) => {
    for (const [path, content] of Object.entries(files).sort(([a], [b]) => a < b ? -1 : 1)) {
      const lines = content.split("\n");
      const cut = lines.length > maxLines
        ? [...lines.slice(0, maxLines), `... (${lines.length - maxLines} more lines)`]
        : lines;
      parts.push(`  ── ${label}${path} ──`, ...cut.map((l) => `  │ ${visible(l)}`));
    }
  };
  show("", c.files);
  show("playbook-dir/", c.playbookFiles);
  return parts.join("\n");
}

/** Runs one case; returns its outcome. `root` is removed unless the case differs or `keep`. */
async function runCase(
  index: number,
  options: DifferentialOptions,
  cwd: string,
  runner: AnsibleRunner,
): Promise<CaseOutcome> {
  const c = generateCase(options.seed, index);
  const { dir, root, playbook, base } = await writeCase(c, `ha-diff-${index}-`);
  const modesDone: string[] = [];
  let keepDir = options.keep ?? false;
  const finish = (outcome: Omit<CaseOutcome, "index" | "summary" | "modes">): CaseOutcome => {
    if (!keepDir) Deno.removeSync(dir, { recursive: true });
    return { index, summary: c.summary, modes: modesDone, ...outcome };
  };
  const list = await ansible(runner, [...base, "--list"], cwd);
  if (runner.kind !== "process" && index < (options.verify ?? 3)) {
    const direct = await processRunner(options.ansible).run([...base, "--list"], cwd);
    if (
      direct.code !== list.code || direct.stdout !== list.stdout || direct.stderr !== list.stderr
    ) {
      throw new Error(
        `The ansible-inventory fork server disagrees with a plain run on case ${index}:\n` +
          lineDiff(direct.stdout + direct.stderr, list.stdout + list.stderr, {
            expectedLabel: "process",
            actualLabel: "fork server",
          }),
      );
    }
  }
  if (list.code !== 0 || PARSE_TROUBLE.test(list.stderr)) {
    return finish({
      status: "skipped",
      reason: `ansible exit ${list.code}: ${complaint(list.stderr, root)}`,
    });
  }
  const modes: Mode[] = [{ kind: "list" }, ...extraModes(c, list.stdout, options)];
  for (const mode of modes) {
    const args = modeArgs(mode);
    modesDone.push(args.join(" "));
    const theirs = mode.kind === "list" ? list : await ansible(runner, [...base, ...args], cwd);
    const mine = ours([...base, ...args, "--no-facts"]);
    let problem: string | undefined;
    if (
      theirs.code !== 0 && mine.code === 0 && mine.stdout === "{}\n" && mode.kind === "host" &&
      (NO_MATCH.test(theirs.stderr) || emptyGroup(list.stdout, mode.host))
    ) {
      // By design ha-inventory answers `--host` for a host it does not have with `{}` (the
      // script protocol's answer) where ansible-inventory refuses.
    } else if (theirs.code !== 0) {
      if (mine.code === 0) {
        problem = `ansible-inventory failed (exit ${theirs.code}) but ha-inventory succeeded`;
      }
    } else if (mine.code !== 0) {
      problem = `ha-inventory failed (exit ${mine.code}):\n${mine.stderr.trimEnd()}`;
    } else if (mine.stdout !== theirs.stdout) {
      problem = lineDiff(theirs.stdout, mine.stdout, {
        expectedLabel: "ansible-inventory",
        actualLabel: "ha-inventory",
      });
    }
    if (problem === undefined) continue;
    keepDir = true;
    const report = [
      `✗ case ${index} (${c.summary}) differs on: ${args.join(" ")}`,
      `  reproduce: deno run -A scripts/differential.ts --seed ${options.seed} --case ${index}`,
      `  files kept in ${root} (playbook dir ${playbook})`,
      `  ansible-inventory ${[...c.sources.flatMap((s) => ["-i", s])].join(" ")} ${args.join(" ")}`,
      ...problem.split("\n").map((l) => "  " + l),
      ...(theirs.stderr.trim()
        ? [
          "  ansible stderr:",
          ...theirs.stderr.trimEnd().split("\n").slice(0, 8).map((l) => "  ! " + l),
        ]
        : []),
      "  inventory files:",
      filesReport(c),
    ].join("\n");
    return finish({ status: "different", report });
  }
  return finish({ status: "identical" });
}

/** Runs the differential comparison. */
export async function runDifferential(options: DifferentialOptions): Promise<DifferentialSummary> {
  const started = performance.now();
  Object.assign(timing, { ansible: 0, ours: 0, ansibleRuns: 0, ourRuns: 0 });
  const cwd = await Deno.makeTempDir({ prefix: "ha-diff-cwd-" });
  const outcomes: CaseOutcome[] = [];
  let next = options.only ?? 0;
  const target = options.only !== undefined ? 1 : options.count;
  const limit = options.only !== undefined ? options.only + 1 : options.count * 2 + 20;
  let compared = 0;
  let inflight = 0;
  const runners: AnsibleRunner[] = [];
  for (let i = 0; i < (options.concurrency ?? 2); i++) {
    const server = options.runner === "process"
      ? undefined
      : await forkServerRunner(cwd, options.ansible);
    runners.push(server ?? processRunner(options.ansible));
  }
  const worker = async (runner: AnsibleRunner) => {
    while (compared + inflight < target && next < limit) {
      const index = next++;
      inflight++;
      let outcome: CaseOutcome;
      try {
        outcome = await runCase(index, options, cwd, runner);
      } finally {
        inflight--;
      }
      outcomes.push(outcome);
      if (outcome.status !== "skipped") compared++;
      if (outcome.status === "different") options.log(outcome.report!);
      if (outcome.status === "skipped") options.log(`- case ${index} skipped: ${outcome.reason}`);
    }
  };
  try {
    await Promise.all(runners.map(worker));
  } finally {
    await Promise.all(runners.map((r) => r.close()));
    await Deno.remove(cwd, { recursive: true });
  }
  outcomes.sort((a, b) => a.index - b.index);
  const identical = outcomes.filter((o) => o.status === "identical").length;
  const skipped = outcomes.filter((o) => o.status === "skipped").length;
  const line =
    `differential: ${compared} inventories compared, ${identical} identical, ${skipped} skipped`;
  const seconds = (performance.now() - started) / 1000;
  return {
    seed: options.seed,
    compared,
    identical,
    skipped,
    outcomes,
    line,
    seconds,
    timing: { ...timing },
    runner: runners[0]!.kind,
  };
}
