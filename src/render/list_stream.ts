/**
 * `--list` as UTF-8 pieces: the same bytes as `renderList()` (`list.ts`) gives, without the
 * whole document ever being one string. A 50k-host document is hundreds of megabytes;
 * built as one string it is a rope of millions of pieces (several times its size) and
 * then a flat copy and an encoded copy. Here each host's variables become text, then
 * bytes, one host at a time, and the caller writes the pieces once all are made (so
 * that an error never leaves half a document behind).
 *
 * @module
 */

import { pythonPrintable } from "../cli/output.ts";
import type { Inventory } from "../inventory/model.ts";
import { dumpJsonValue, encodeJsonKey, sortPyKeys, UnsortableKeysError } from "../values/json.ts";
import type { PyDict } from "../values/types.ts";
import { buildListDocument, type ListOptions } from "./list.ts";

/** Text is encoded in batches of about this many characters. */
const BATCH = 1 << 16;

/**
 * The `--list` document (without the final newline) as UTF-8 pieces, byte for byte what
 * `renderList()` prints, lone surrogates printed as `?` as Python does.
 *
 * @param inventory the reconciled inventory
 * @param hostNames the hosts whose variables are printed (those in view)
 * @param hostvars a host's variables, asked for once per host, in output order
 * @param options as for `renderList()`
 * @returns the pieces; `undefined` when some keys cannot be sorted (then
 *   `renderList()` prints the document unsorted, with Ansible's warning)
 * @throws {UnserializableValueError} for a value Ansible cannot print
 */
export function renderListChunks(
  inventory: Inventory,
  hostNames: readonly string[],
  hostvars: (name: string) => PyDict,
  options: ListOptions = {},
): Uint8Array[] | undefined {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let pending = "";
  const flush = () => {
    if (pending === "") return;
    chunks.push(encoder.encode(pythonPrintable(pending)));
    pending = "";
  };
  const emit = (text: string) => {
    pending += text;
    if (pending.length >= BATCH) flush();
  };
  const layout = { sortKeys: true, indent: 4 } as const;
  try {
    // Groups as renderList lays them out; the hosts' variables are added below.
    const document = buildListDocument(inventory, new Map(), options);
    const inView = new Set(hostNames);
    const hosts = sortPyKeys(
      inventory.all.allHosts().map((h) => h.name).filter((n) => inView.has(n)),
    );
    let first = true;
    for (const key of sortPyKeys(document.keys())) {
      emit(`${first ? "{" : ","}\n    ${encodeJsonKey(key)}: `);
      first = false;
      if (key !== "_meta") {
        emit(dumpJsonValue(document.get(key)!, 1, layout));
        continue;
      }
      emit('{\n        "hostvars": {');
      let any = false;
      for (const name of hosts) {
        const vars = hostvars(name as string);
        if (vars.size === 0) continue;
        emit(
          `${any ? "," : ""}\n            ${encodeJsonKey(name)}: ${
            dumpJsonValue(vars, 3, layout)
          }`,
        );
        any = true;
      }
      emit(any ? "\n        }\n    }" : "}\n    }");
    }
    emit(first ? "{}" : "\n}");
    flush();
    return chunks;
  } catch (error) {
    if (error instanceof UnsortableKeysError) return undefined;
    throw error;
  }
}
