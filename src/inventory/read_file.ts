/**
 * Reading source and vars files, with the errors a user can act on: missing file,
 * permission denied, a directory where a file was expected, text that is not UTF-8.
 *
 * @module
 */

import { InventoryError, InventorySyntaxError } from "../errors.ts";

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Reads a file as UTF-8 text (a byte order mark is kept, as Python keeps it). */
export function readText(file: string): string {
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(file);
  } catch (error) {
    throw new InventoryError(readFailure(error), { file });
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw notUtf8(bytes, file);
  }
}

/** Says why a file could not be read, in words a user can act on. */
export function readFailure(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "No such file or directory";
  if (error instanceof Deno.errors.PermissionDenied) return "Permission denied";
  if (error instanceof Deno.errors.IsADirectory) return "Is a directory, expected a file";
  if (error instanceof Deno.errors.NotCapable) {
    return "ha-inventory was not given permission to read this path";
  }
  return error instanceof Error ? error.message : String(error);
}

/** Locates the first invalid UTF-8 sequence, by line and column. */
function notUtf8(bytes: Uint8Array, file: string): InventorySyntaxError {
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80
      ? 1
      : b >= 0xc2 && b < 0xe0
      ? 2
      : b >= 0xe0 && b < 0xf0
      ? 3
      : b >= 0xf0 && b < 0xf5
      ? 4
      : 0;
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok && len > 1) {
      // Reject overlong forms, surrogates and values above U+10FFFF, as a strict decoder does.
      const strict = new TextDecoder("utf-8", { fatal: true });
      try {
        strict.decode(bytes.subarray(i, i + len));
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      const column = new TextDecoder().decode(bytes.subarray(lineStart, i)).length + 1;
      const hex = bytes[i]!.toString(16).padStart(2, "0");
      return new InventorySyntaxError(
        `File is not valid UTF-8 text (byte 0x${hex}); is it a binary file or in another encoding?`,
        { file, line, column },
      );
    }
    if (b === 0x0a) {
      line++;
      lineStart = i + 1;
    }
    i += len;
  }
  return new InventorySyntaxError("File is not valid UTF-8 text", { file });
}
