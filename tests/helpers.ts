/** Shared helpers for the integration tests. */

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT: string = dirname(dirname(fileURLToPath(import.meta.url)));

/** The shared domain folder: `../shared` beside the repository, or `HA_SHARED_DIR`. */
export const SHARED: string = Deno.env.get("HA_SHARED_DIR") ?? join(ROOT, "..", "shared");

/** The shared conformance corpus. */
export const CORPUS: string = join(SHARED, "conformance");

/** A fresh empty directory below the system temporary directory. */
export function emptyDir(): string {
  return Deno.makeTempDirSync({ prefix: "ha-inventory-test-" });
}

/** Writes `files` (relative path -> content) below `dir`. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, rel);
    Deno.mkdirSync(dirname(path), { recursive: true });
    Deno.writeTextFileSync(path, content);
  }
}

/** Whether a program is on PATH. */
export function have(program: string): boolean {
  try {
    const { success } = new Deno.Command("sh", {
      args: ["-c", `command -v ${program}`],
      stdout: "null",
    })
      .outputSync();
    return success;
  } catch {
    return false;
  }
}

/** What a program printed and how it ended. */
export interface ProgramResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `ansible-inventory` with `args` in `cwd` (extra `env` on top of ours). */
export function ansibleInventorySync(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): ProgramResult {
  const out = new Deno.Command("ansible-inventory", {
    args,
    cwd,
    env,
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

/** A whole number from an environment variable (for seeds and counts), or `fallback`. */
export function envNumber(name: string, fallback: number): number {
  const raw = Deno.env.get(name);
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${name} must be a whole number, got "${raw}"`);
  }
  return value;
}
