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

/** Writes `text` to `path` atomically. */
export function writeOutput(path: string, text: string): void {
  const temp = join(dirname(path), `.${crypto.randomUUID()}.ha-inventory.tmp`);
  try {
    Deno.writeTextFileSync(temp, text);
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
