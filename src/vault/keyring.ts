/**
 * Vault secrets for the synchronous inventory engine.
 *
 * WebCrypto is asynchronous and the engine is not, so decryption happens between
 * passes: the engine asks {@linkcode VaultSecrets.plaintext} for every vault-encrypted
 * file it meets; a file not decrypted yet is noted as pending and the engine carries on
 * without it. The caller then awaits {@linkcode VaultKeyring.settle}, which decrypts
 * every pending file, and runs the engine again, which now finds every plaintext. A
 * decrypted inventory source can name new hosts and so new vars files, so the caller
 * repeats until nothing is pending (each file is decrypted once). Inventories without
 * vault files take one pass, as before.
 *
 * @module
 */

import { InventoryError } from "../errors.ts";
import { decryptVaultText, VaultError } from "./vault.ts";

/** What the engine needs: the plaintext of a vault-encrypted file, when available. */
export interface VaultSecrets {
  /**
   * The plaintext of `text` (a whole-file vault envelope read from `file`), or
   * `undefined` when it is not decrypted yet (the caller must run again after
   * {@linkcode VaultKeyring.settle}).
   *
   * @throws {InventoryError} when the file could not be decrypted
   */
  plaintext(file: string, text: string): string | undefined;
}

/** Passwords, and the files decrypted with them so far. */
export class VaultKeyring implements VaultSecrets {
  readonly #passwords: readonly Uint8Array<ArrayBuffer>[];
  /** Plaintexts (or why not) by envelope text: the same text decrypts the same way. */
  readonly #done = new Map<string, { plain: string } | { error: string }>();
  /** Envelope texts met but not decrypted yet, with a file they came from. */
  readonly #pending = new Map<string, string>();

  /** @param passwords candidate passwords, tried in order for every file */
  constructor(passwords: readonly Uint8Array<ArrayBuffer>[]) {
    this.#passwords = passwords;
  }

  /** {@inheritDoc VaultSecrets.plaintext} */
  plaintext(file: string, text: string): string | undefined {
    const done = this.#done.get(text);
    if (done === undefined) {
      this.#pending.set(text, file);
      return undefined;
    }
    if ("error" in done) throw new InventoryError(done.error, { file });
    return done.plain;
  }

  /** How many files wait for {@linkcode settle}. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Decrypts every pending file; failures are kept and reported when asked for again. */
  async settle(): Promise<void> {
    const pending = [...this.#pending.keys()];
    this.#pending.clear();
    await Promise.all(pending.map(async (text) => {
      try {
        this.#done.set(text, { plain: await decryptVaultText(text, this.#passwords) });
      } catch (error) {
        if (!(error instanceof VaultError)) throw error;
        this.#done.set(text, { error: error.message });
      }
    }));
  }
}
