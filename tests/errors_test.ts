/**
 * The error contract, case by case (the cases live in `scripts/error_table.ts`): a user
 * mistake is `file:line:column: what is wrong` on stderr, exit status 1 and nothing on
 * stdout, never a stack trace; accepted input prints a JSON document. Also checks that
 * `docs/errors.md` is what the cases print now.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { RUN_FLAGS, shippedRun } from "../scripts/permissions.ts";
import {
  cannotRun,
  type CaseOutcome,
  ERROR_CASES,
  type ErrorCase,
  formatMarkdown,
  headline,
  renderTable,
  ROOT,
  runCase,
  TABLE_FILE,
} from "../scripts/error_table.ts";

const outcomes = new Map<ErrorCase, CaseOutcome>();

async function outcomeOf(c: ErrorCase): Promise<CaseOutcome> {
  let outcome = outcomes.get(c);
  if (!outcome) {
    outcome = await runCase(c);
    outcomes.set(c, outcome);
  }
  return outcome;
}

for (const c of ERROR_CASES) {
  const skipped = cannotRun(c);
  Deno.test({
    name: `error contract: ${c.name}${skipped ? ` (skipped: ${skipped})` : ""}`,
    ignore: skipped !== undefined,
    async fn() {
      const outcome = await outcomeOf(c);
      assert.equal(outcome.code, c.code, outcome.stderr);
      assert.match(outcome.stderr, c.stderr);
      // Never a stack trace, whatever happened.
      assert.doesNotMatch(outcome.stderr, /^\s+at .+:\d+:\d+\)?$/m);
      if (c.code === 0) {
        assert.doesNotThrow(() => JSON.parse(outcome.stdout), "stdout must be one JSON document");
        if (c.stdout) assert.match(outcome.stdout, c.stdout);
        assert.doesNotMatch(outcome.stderr, /error/i);
        return;
      }
      assert.equal(outcome.stdout, "", "nothing on stdout when the run fails");
      if (c.code === 1) {
        const line = headline(outcome.stderr);
        assert.match(line, /^ha-inventory: error: \S/);
        // The offending text is quoted, but shortened: one readable line.
        assert.ok(line.length < 700, `message of ${line.length} characters`);
      }
    },
  });
}

Deno.test("error contract: docs/errors.md is what the cases print now", async () => {
  const committed = await Deno.readTextFile(TABLE_FILE);
  const ran = [];
  for (const c of ERROR_CASES) ran.push({ c, outcome: await outcomeOf(c) });
  // A case that cannot run here keeps its committed row: compare the others.
  const unpadded = (line: string) => line.replace(/\s+\|/g, " |").replace(/\|\s+/g, "| ");
  const skippedNames = ran.filter(({ outcome }) => outcome.skipped !== undefined)
    .map(({ c }) => `| ${c.name.replaceAll("|", "\\|")} |`);
  const keep = (text: string) =>
    text.split("\n").map(unpadded).filter((line) => !skippedNames.some((n) => line.startsWith(n)))
      .join("\n");
  const rendered = await formatMarkdown(renderTable(ran));
  if (skippedNames.length === 0) {
    assert.equal(
      rendered,
      committed,
      "docs/errors.md is out of date: run `deno run -A scripts/error_table.ts`",
    );
    return;
  }
  assert.equal(
    keep(rendered),
    keep(committed),
    "docs/errors.md is out of date: run `deno run -A scripts/error_table.ts`",
  );
});

function evalInternalError(env: Record<string, string>): string {
  const code = `import { internalError } from ${JSON.stringify(join(ROOT, "src/cli/main.ts"))};
const result = internalError(new TypeError("example"));
Deno.stderr.writeSync(new TextEncoder().encode(result.stderr));
Deno.exit(result.code);`;
  // Run with the permissions ha-inventory ships with: the variable must be readable there.
  const dir = Deno.makeTempDirSync();
  try {
    const script = join(dir, "internal_error.ts");
    Deno.writeTextFileSync(script, code);
    const out = new Deno.Command(Deno.execPath(), {
      args: ["run", "--config", join(ROOT, "deno.json"), ...RUN_FLAGS, script],
      env,
      stdout: "piped",
      stderr: "piped",
    }).outputSync();
    assert.equal(out.code, 70, new TextDecoder().decode(out.stderr));
    return new TextDecoder().decode(out.stderr);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("internalError() prints its stack only with HA_INVENTORY_DEBUG=1, with the shipped permissions", () => {
  const quiet = evalInternalError({ HA_INVENTORY_DEBUG: "" });
  assert.match(quiet, /^ha-inventory: internal error \(TypeError: example\)\.$/m);
  assert.match(quiet, /Run with HA_INVENTORY_DEBUG=1/);
  assert.doesNotMatch(quiet, /^\s+at /m);
  const debug = evalInternalError({ HA_INVENTORY_DEBUG: "1" });
  assert.match(debug, /^TypeError: example\n\s+at /m);
});

/** A Kubespray inventory whose `--list` is far larger than a pipe's buffer. */
function largeInventory(dir: string): string {
  const lines = ["[kube_control_plane]", "n1", "[etcd]", "n1", "[kube_node]"];
  for (let i = 1; i <= 2000; i++) lines.push(`n${i} ip=10.0.${i >> 8}.${i & 255}`);
  lines.push("[k8s_cluster:children]", "kube_control_plane", "kube_node");
  const path = join(dir, "hosts.ini");
  Deno.writeTextFileSync(path, lines.join("\n") + "\n");
  return path;
}

Deno.test("a reader that goes away ends the run quietly, with SIGPIPE's status", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: shippedRun(["-i", largeInventory(dir), "--list"]),
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    // Like `| head -c 100`: read a little, then close the pipe.
    const reader = child.stdout.getReader();
    await reader.read();
    await reader.cancel();
    const { code } = await child.status;
    const stderr = new TextDecoder().decode(await new Response(child.stderr).arrayBuffer());
    assert.equal(code, 141);
    assert.doesNotMatch(stderr, /error|Uncaught|at /i);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "output that cannot be written is a plain error, not a bug",
  ignore: Deno.build.os !== "linux",
  fn() {
    const dir = Deno.makeTempDirSync();
    try {
      // stdout goes to /dev/full: every write fails with ENOSPC.
      const shell = new Deno.Command("sh", {
        args: [
          "-c",
          '"$0" "$@" > /dev/full',
          Deno.execPath(),
          ...shippedRun(["-i", largeInventory(dir), "--list"]),
        ],
        stderr: "piped",
      }).outputSync();
      const stderr = new TextDecoder().decode(shell.stderr);
      assert.equal(shell.code, 1, stderr);
      assert.match(
        stderr,
        /^ha-inventory: error: Cannot write the output: No space left on device/m,
      );
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
