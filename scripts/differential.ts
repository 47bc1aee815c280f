/**
 * Long or targeted differential runs against the real `ansible-inventory` (the test
 * `tests/differential_test.ts` runs a fixed 300-case slice of the same generator).
 *
 * ```sh
 * deno run -A scripts/differential.ts                      # 300 cases, random seed
 * deno run -A scripts/differential.ts --count 3000 --seed 7
 * deno run -A scripts/differential.ts --seed 7 --case 123  # one case, files kept
 * deno run -A scripts/differential.ts --extra 1 --yaml     # an extra mode for every case, --yaml too
 * ```
 *
 * `HA_DIFF_COUNT` and `HA_DIFF_SEED` are honoured when the options are absent. Exit
 * status 1 when some inventory differs.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { runDifferential } from "../tests/gen/differential.ts";

const HELP = `Usage: deno run -A scripts/differential.ts [options]
  --seed N         run seed (default: HA_DIFF_SEED, else random)
  --count N        inventories to compare (default: HA_DIFF_COUNT, else 300)
  --case I         only case I of the seed (its files are kept)
  --concurrency N  ansible-inventory processes at a time (default 2)
  --extra F        fraction of cases with an extra mode besides --list (default 0.6)
  --yaml           include --list --yaml among the extra modes
  --process        run ansible-inventory as a process per call (default: a fork server)
  --keep           keep every case directory
  --quiet          print only differences and the summary`;

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seed: { type: "string" },
    count: { type: "string" },
    case: { type: "string" },
    concurrency: { type: "string" },
    extra: { type: "string" },
    yaml: { type: "boolean" },
    keep: { type: "boolean" },
    process: { type: "boolean" },
    quiet: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  console.log(HELP);
  Deno.exit(0);
}

function whole(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`${name} must be a whole number, got "${raw}"`);
    Deno.exit(2);
  }
  return n;
}

const seed = whole(
  "--seed",
  values.seed ?? Deno.env.get("HA_DIFF_SEED"),
  Math.floor(Math.random() * 2 ** 31),
);
const count = whole("--count", values.count ?? Deno.env.get("HA_DIFF_COUNT"), 300);
const only = values.case === undefined ? undefined : whole("--case", values.case, 0);
const extra = values.extra === undefined ? undefined : Number(values.extra);

console.log(
  `differential seed ${seed}${only !== undefined ? `, case ${only}` : `, ${count} cases`}`,
);
const summary = await runDifferential({
  seed,
  count,
  concurrency: whole("--concurrency", values.concurrency, 2),
  ...(only !== undefined ? { only } : {}),
  ...(extra !== undefined && Number.isFinite(extra) ? { extraModes: extra } : {}),
  yaml: values.yaml ?? false,
  runner: values.process ? "process" : "fork-server",
  keep: (values.keep ?? false) || only !== undefined,
  log: (line) => {
    if (!values.quiet || !line.startsWith("- ")) console.log(line);
  },
});

if (only !== undefined) {
  const o = summary.outcomes[0];
  if (o) {
    console.log(
      `case ${o.index}: ${o.summary}\n  ${o.status}${o.reason ? `: ${o.reason}` : ""} (${
        o.modes.join("; ")
      })`,
    );
  }
}
const reasons = new Map<string, number>();
for (const o of summary.outcomes) {
  if (o.status === "skipped") reasons.set(o.reason ?? "", (reasons.get(o.reason ?? "") ?? 0) + 1);
}
if (reasons.size > 0) {
  console.log("skipped because:");
  for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${n} × ${reason}`);
  }
}
const modes = new Map<string, number>();
for (const o of summary.outcomes) {
  for (const m of o.modes) {
    const key = m.replace(/^--host .*/, "--host HOST").replace(
      /^--graph( --vars)? \S+$/,
      "--graph$1 GROUP",
    );
    modes.set(key, (modes.get(key) ?? 0) + 1);
  }
}
console.log(`modes compared: ${[...modes].map(([m, n]) => `${m} ${n}`).join(", ")}`);
console.log(summary.line);
const t = summary.timing;
console.log(
  `differential took ${
    summary.seconds.toFixed(0)
  } s: ${t.ansibleRuns} ansible-inventory runs via ${summary.runner} ` +
    `(${
      (t.ansible / Math.max(1, t.ansibleRuns)).toFixed(2)
    } s each), ${t.ourRuns} ha-inventory runs ` +
    `(${(1000 * t.ours / Math.max(1, t.ourRuns)).toFixed(0)} ms each)`,
);
Deno.exit(summary.compared === summary.identical ? 0 : 1);
