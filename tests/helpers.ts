/** Shared helpers for the integration tests. */

import { dirname, fromFileUrl, join } from "node:path";

/** The repository root. */
export const ROOT: string = dirname(dirname(fromFileUrl(import.meta.url)));

/** The shared conformance corpus (`../shared/conformance` beside the repository). */
export const CORPUS: string = join(ROOT, "..", "shared", "conformance");

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
    const { success } = new Deno.Command("sh", { args: ["-c", `command -v ${program}`], stdout: "null" })
      .outputSync();
    return success;
  } catch {
    return false;
  }
}
