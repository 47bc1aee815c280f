/**
 * The one list of permissions ha-inventory runs with: the compiled binary bakes them
 * in, the launcher's shebang and `deno task ha-inventory` pass them, and a test checks
 * that all three agree. Read access anywhere (sources are wherever the user points),
 * write access for `--output` only (the code writes nowhere else), a short list of
 * environment variables, and nothing else: no network, no subprocesses.
 */
export const PERMISSION_FLAGS: readonly string[] = [
  "--allow-read",
  "--allow-write",
  "--allow-env=HA_INVENTORY,HA_INVENTORY_DEBUG,HOME,ANSIBLE_*",
  "--no-prompt",
];

/**
 * V8 settings, shipped the same way. A smaller young generation (V8's default lets it
 * grow to 16 MiB per semi-space) keeps the peak memory of a large `--list` near what it
 * holds: most of what a run allocates dies young, and a large nursery only lets that
 * garbage pile up before it is collected. Measured with `deno task bench`: at 10k hosts
 * peak RSS falls from ~160 to ~100 MiB, with no loss of speed.
 */
export const V8_FLAGS: readonly string[] = ["--v8-flags=--max-semi-space-size=4"];

/** Everything `deno run` and `deno compile` are given to run ha-inventory. */
export const RUN_FLAGS: readonly string[] = [...PERMISSION_FLAGS, ...V8_FLAGS];

const ROOT = new URL("..", import.meta.url).pathname;

/**
 * The arguments of `deno` that run the CLI from this checkout as it ships: the
 * repository's config and lock, dependencies from the cache only, {@linkcode RUN_FLAGS}.
 * Scripts and tests that time or probe the program run it this way.
 *
 * @param args the CLI's own arguments
 */
export function shippedRun(args: readonly string[]): string[] {
  return [
    "run",
    "--cached-only",
    "--config",
    `${ROOT}deno.json`,
    ...RUN_FLAGS,
    `${ROOT}src/cli/main.ts`,
    ...args,
  ];
}
