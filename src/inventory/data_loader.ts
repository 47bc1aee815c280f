/**
 * Loads a data file the way Ansible's `DataLoader` does: JSON first (Python's `json`,
 * so `NaN` and duplicate keys are accepted), YAML 1.1 when that fails. Whole-file vault
 * encryption is recognised here.
 *
 * @module
 */

import { InventorySyntaxError } from "../errors.ts";
import { parsePythonJson } from "../values/json.ts";
import type { PyValue } from "../values/types.ts";
import { loadYaml } from "../values/yaml_load.ts";

/** What a data file held, and which parser read it. */
export interface LoadedData {
  /** The document; `null` for an empty one. */
  readonly value: PyValue;
  /** True when the text was JSON (Ansible then names Python's plain types in messages). */
  readonly fromJson: boolean;
}

/** The header of a file encrypted as a whole with `ansible-vault`. */
export function isVaultEncrypted(text: string): boolean {
  return text.startsWith("$ANSIBLE_VAULT;");
}

/**
 * Parses `text` as JSON, else as YAML. Throws {@linkcode InventorySyntaxError} with the
 * YAML parser's position when neither works (or the JSON one, for `.json` files).
 */
export function loadData(
  text: string,
  file: string,
  onWarning?: (message: string) => void,
): LoadedData {
  const trimmed = text.trimStart();
  // Python's json rejects anything that cannot start a JSON value; skip the attempt then.
  if (trimmed !== "" && JSON_START.test(trimmed[0]!)) {
    try {
      return { value: parsePythonJson(text, file), fromJson: true };
    } catch (jsonError) {
      if (!(jsonError instanceof InventorySyntaxError)) throw jsonError;
      try {
        return { value: loadYaml(text, file, onWarning), fromJson: false };
      } catch (yamlError) {
        if (file.endsWith(".json")) throw jsonError;
        throw yamlError;
      }
    }
  }
  return { value: loadYaml(text, file, onWarning), fromJson: false };
}

const JSON_START = /[{["\-0-9tfnNI]/;
