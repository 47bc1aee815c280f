/**
 * `--host NAME`: one host's variables, as `ansible-inventory --host` prints them.
 *
 * @module
 */

import { dumpJson, UnsortableKeysError } from "../values/json.ts";
import type { PyDict } from "../values/types.ts";

/** The `--host` document (without the final newline): `{}` for a host with no variables. */
export function renderHost(vars: PyDict, onWarning?: (message: string) => void): string {
  try {
    return dumpJson(vars, { sortKeys: true, indent: 4 });
  } catch (error) {
    if (!(error instanceof UnsortableKeysError)) throw error;
    onWarning?.(`Could not sort JSON output due to issues while sorting keys: ${error.message}`);
    return dumpJson(vars, { sortKeys: false, indent: 4 });
  }
}
