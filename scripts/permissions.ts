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
  "--allow-env=HA_INVENTORY,HOME,ANSIBLE_*",
  "--no-prompt",
];
