/**
 * `--output FILE`: the only place ha-inventory writes to disk. The document goes to a
 * temporary file beside FILE that is then renamed over it, so a failure never leaves
 * a half-written inventory behind.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { InventoryError } from "../errors.ts";
import { readFailure } from "../inventory/read_file.ts";

/** Writes `text` (or UTF-8 pieces of it) to `path` atomically. */
export function writeOutput(path: string, text: string | Iterable<Uint8Array>): void {
  const temp = join(dirname(path), `.${crypto.randomUUID()}.ha-inventory.tmp`);
  try {
    if (typeof text === "string") Deno.writeTextFileSync(temp, pythonPrintable(text));
    else {
      const file = Deno.openSync(temp, { write: true, createNew: true });
      try {
        for (const chunk of text) {
          for (let at = 0; at < chunk.length;) at += file.writeSync(chunk.subarray(at));
        }
      } finally {
        file.close();
      }
    }
    Deno.renameSync(temp, path);
  } catch (error) {
    try {
      Deno.removeSync(temp);
    } catch {
      // Nothing was written, or it is already gone.
    }
    throw new InventoryError(`Unable to write to destination file: ${readFailure(error)}`, {
      file: path,
    });
  }
}

/**
 * Lone surrogates (from `\udcff` escapes in a value) cannot be encoded as UTF-8; Python
 * prints each as `?`, and so do we.
 */
export function pythonPrintable(text: string): string {
  return text.isWellFormed()
    ? text
    : text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "?");
}
