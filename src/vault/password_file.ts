/**
 * Vault password files (`--vault-password-file FILE`, `ANSIBLE_VAULT_PASSWORD_FILE`),
 * read as Ansible reads a plain one: the whole file, surrounding white space stripped.
 *
 * Ansible runs an executable password file and takes what it prints; ha-inventory never
 * runs a program it is pointed at, so an executable file is refused with a message
 * that says so instead of being read as a (wrong) password.
 *
 * @module
 */

import { InventoryError } from "../errors.ts";

/**
 * Reads a vault password file.
 *
 * @param path the file, as the user gave it
 * @returns the password's bytes
 * @throws {InventoryError} when the file is missing, unreadable, executable or empty
 */
export function readVaultPasswordFile(path: string): Uint8Array<ArrayBuffer> {
  let info: Deno.FileInfo;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    info = Deno.statSync(path);
    if (info.isDirectory) {
      throw new InventoryError("The vault password file is a directory, expected a file", {
        file: path,
      });
    }
    bytes = Deno.readFileSync(path);
  } catch (error) {
    if (error instanceof InventoryError) throw error;
    if (error instanceof Deno.errors.NotFound) {
      throw new InventoryError(`The vault password file ${path} was not found`, { file: path });
    }
    const why =
      error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable
        ? "Permission denied"
        : error instanceof Error
        ? error.message
        : String(error);
    throw new InventoryError(`Cannot read the vault password file: ${why}`, { file: path });
  }
  if (info.mode !== null && (info.mode & 0o111) !== 0) {
    throw new InventoryError(
      "The vault password file is executable; Ansible would run it to get the password, ha-inventory never runs programs. Remove the execute permission (chmod a-x) if the file holds the password itself",
      { file: path },
    );
  }
  const password = stripAscii(bytes);
  if (password.length === 0) {
    throw new InventoryError(`Invalid vault password was provided from file (${path})`, {
      file: path,
    });
  }
  return password;
}

/** Python's `bytes.strip()`: ASCII white space at both ends. */
function stripAscii(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const space = (b: number) => b === 0x20 || (b >= 0x09 && b <= 0x0d);
  let start = 0;
  let end = bytes.length;
  while (start < end && space(bytes[start]!)) start++;
  while (end > start && space(bytes[end - 1]!)) end--;
  return bytes.slice(start, end);
}
