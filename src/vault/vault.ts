/**
 * Ansible Vault: files encrypted as a whole with `ansible-vault encrypt`, formats 1.1
 * and 1.2 with the AES256 cipher (the only one `ansible-vault` writes since 2.0).
 *
 * The envelope is a header line `$ANSIBLE_VAULT;1.1;AES256` (1.2 adds `;LABEL`, the
 * vault id) and then hex text, in lines of 80, of `hex(salt) \n hex(hmac) \n
 * hex(ciphertext)`. The keys come from PBKDF2-HMAC-SHA256 over the password with 10000
 * iterations: 32 bytes of AES key, 32 bytes of HMAC key, 16 bytes of initial counter.
 * The HMAC-SHA256 of the ciphertext authenticates it; AES-256 in CTR mode decrypts it
 * to PKCS#7-padded plaintext.
 *
 * Everything runs on WebCrypto (`crypto.subtle`), which is asynchronous: see
 * `keyring.ts` for how the synchronous engine gets at the plaintext.
 *
 * @module
 */

/** The header every vault-encrypted file starts with. */
export const VAULT_HEADER = "$ANSIBLE_VAULT";

/** A vault envelope that cannot be decrypted: bad format, wrong password, bad padding. */
export class VaultError extends Error {
  /** @param message what is wrong, in words a user can act on */
  constructor(message: string) {
    super(message);
    this.name = "VaultError";
  }
}

/** The parts of a vault envelope. */
export interface VaultEnvelope {
  /** `1.1` or `1.2`. */
  readonly version: string;
  /** The cipher named in the header (`AES256`). */
  readonly cipher: string;
  /** The vault id of a 1.2 envelope, if any. */
  readonly label: string | undefined;
  /** PBKDF2 salt. */
  readonly salt: Uint8Array<ArrayBuffer>;
  /** The HMAC-SHA256 of the ciphertext, as the lower-case hex text the file holds. */
  readonly hmac: string;
  /** The AES-CTR ciphertext. */
  readonly ciphertext: Uint8Array<ArrayBuffer>;
}

/**
 * True when `text` is a whole-file vault envelope (its first line starts with
 * `$ANSIBLE_VAULT`), as Ansible's `is_encrypted` decides.
 *
 * @param text a file's text
 */
export function isVaultText(text: string): boolean {
  return text.startsWith(VAULT_HEADER);
}

/**
 * Splits a vault envelope into its parts. Throws {@linkcode VaultError} for anything
 * Ansible would refuse to decrypt.
 *
 * @param text the file's text, header included
 * @returns the parts, still encrypted
 * @throws {VaultError} for a malformed envelope or an unsupported version or cipher
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseVaultEnvelope } from "./vault.ts";
 * const hmac = "ab".repeat(32);
 * const body = new TextEncoder().encode(`0011\n${hmac}\nccdd`);
 * const hex = [...body].map((b) => b.toString(16).padStart(2, "0")).join("");
 * const envelope = parseVaultEnvelope(`$ANSIBLE_VAULT;1.2;AES256;prod\n${hex}\n`);
 * assert.equal(envelope.label, "prod");
 * assert.deepEqual([...envelope.salt], [0x00, 0x11]);
 * assert.equal(envelope.hmac, hmac);
 * ```
 */
export function parseVaultEnvelope(text: string): VaultEnvelope {
  const lines = text.split(/\r\n|\r|\n/);
  const header = lines[0]!.trim();
  const fields = header.split(";");
  if (fields[0] !== VAULT_HEADER || fields.length < 3) {
    throw new VaultError(`Not a vault envelope: the header line is ${shorten(header)}`);
  }
  const version = fields[1]!.trim();
  const cipher = fields[2]!.trim();
  const label = fields.length > 3 ? fields[3]!.trim() : undefined;
  if (version !== "1.1" && version !== "1.2") {
    throw new VaultError(
      `Vault format version ${
        shorten(version)
      } is not supported (1.1 and 1.2 are); re-encrypt the file with a current ansible-vault`,
    );
  }
  if (cipher !== "AES256") {
    throw new VaultError(`Vault cipher ${shorten(cipher)} is not supported (only AES256 is)`);
  }
  const outer = fromHex(lines.slice(1).join(""), "envelope");
  const inner = new TextDecoder().decode(outer);
  const first = inner.indexOf("\n");
  const second = first < 0 ? -1 : inner.indexOf("\n", first + 1);
  if (second < 0) {
    throw new VaultError("Vault envelope is damaged: expected salt, HMAC and ciphertext");
  }
  const hmac = inner.slice(first + 1, second).trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hmac)) throw new VaultError("Vault envelope is damaged: bad HMAC");
  return {
    version,
    cipher,
    label,
    salt: fromHex(inner.slice(0, first), "salt"),
    hmac,
    ciphertext: fromHex(inner.slice(second + 1), "ciphertext"),
  };
}

/**
 * Decrypts a vault envelope with one password.
 *
 * @param envelope the parsed envelope
 * @param password the password's bytes (as read from a password file, stripped)
 * @returns the plaintext bytes, or `undefined` when the HMAC says the password is wrong
 * @throws {VaultError} when the password is right but the padding is damaged
 */
export async function decryptEnvelope(
  envelope: VaultEnvelope,
  password: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array | undefined> {
  const subtle = crypto.subtle;
  const base = await subtle.importKey("raw", password, "PBKDF2", false, ["deriveBits"]);
  const derived = new Uint8Array(
    await subtle.deriveBits(
      { name: "PBKDF2", hash: "SHA-256", salt: envelope.salt, iterations: 10000 },
      base,
      (32 + 32 + 16) * 8,
    ),
  );
  const hmacKey = await subtle.importKey(
    "raw",
    derived.slice(32, 64),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  const expected = fromHex(envelope.hmac, "HMAC");
  // WebCrypto's verify compares in constant time.
  const genuine = await subtle.verify("HMAC", hmacKey, expected, envelope.ciphertext);
  if (!genuine) return undefined;
  const aesKey = await subtle.importKey("raw", derived.slice(0, 32), "AES-CTR", false, [
    "decrypt",
  ]);
  const padded = new Uint8Array(
    await subtle.decrypt(
      { name: "AES-CTR", counter: derived.slice(64, 80), length: 128 },
      aesKey,
      envelope.ciphertext,
    ),
  );
  return unpad(padded);
}

/**
 * Decrypts a whole-file vault text with the first password that fits.
 *
 * @param text the file's text, header included
 * @param passwords candidate passwords, tried in order
 * @returns the plaintext, decoded as UTF-8
 * @throws {VaultError} for a malformed envelope, or when no password fits
 */
export async function decryptVaultText(
  text: string,
  passwords: readonly Uint8Array<ArrayBuffer>[],
): Promise<string> {
  const envelope = parseVaultEnvelope(text);
  for (const password of passwords) {
    const plain = await decryptEnvelope(envelope, password);
    if (plain === undefined) continue;
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(plain);
    } catch {
      throw new VaultError("Vault plaintext is not valid UTF-8 text");
    }
  }
  throw new VaultError(
    passwords.length === 0
      ? "Attempting to decrypt but no vault secrets found"
      : "Decryption failed (no vault secrets were found that could decrypt)",
  );
}

/** PKCS#7 with 16-byte blocks, as the `cryptography` package's unpadder checks it. */
function unpad(padded: Uint8Array): Uint8Array {
  const n = padded.length === 0 ? 0 : padded[padded.length - 1]!;
  let ok = padded.length > 0 && padded.length % 16 === 0 && n >= 1 && n <= 16;
  for (let i = 1; ok && i <= n; i++) ok = padded[padded.length - i] === n;
  if (!ok) throw new VaultError("Vault plaintext has invalid padding: the file is damaged");
  return padded.subarray(0, padded.length - n);
}

function fromHex(text: string, what: string): Uint8Array<ArrayBuffer> {
  const clean = text.trim();
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new VaultError(`Vault envelope is damaged: the ${what} is not hexadecimal`);
  }
  const bytes = new Uint8Array(clean.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function shorten(text: string): string {
  return JSON.stringify(text.length > 40 ? text.slice(0, 40) + "..." : text);
}
