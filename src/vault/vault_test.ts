import assert from "node:assert/strict";
import { join } from "node:path";
import { InventoryError } from "../errors.ts";
import { VaultKeyring } from "./keyring.ts";
import { readVaultPasswordFile } from "./password_file.ts";
import { decryptVaultText, isVaultText, parseVaultEnvelope, VaultError } from "./vault.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

// Recorded with `ansible-vault encrypt --vault-password-file pw` (ansible-core 2.14.18),
// pw holding "secret\n", plaintext "a: 1\nb: hello\n".
const RECORDED_11 = `$ANSIBLE_VAULT;1.1;AES256
33396631303039616166383566656335663139393931316538326532336637356236356435646566
3663666437326436653538623539346434633533383835660a653666616366373838346463356461
65316132353730306166393139306463316563613734326330343134613031626234316538643432
3939383265323437360a623637643164653866363230666663326566613163663734333233333061
3964
`;
// The same with `--vault-id lab@pw`, plaintext "a: 2\n".
const RECORDED_12 = `$ANSIBLE_VAULT;1.2;AES256;lab
34663065666239396532343532376562373566636362336266373539386132393339386331643861
3965356662316636373761666430376337333862333734350a303966313730663361613263623630
31326338633338316165313235326330373561613766393833373636656236376534373738353337
3737356337353861610a643235656363616365626136636339386665366530346464353132383834
6261
`;

function haveAnsibleVault(): boolean {
  try {
    return new Deno.Command("ansible-vault", { args: ["--help"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

Deno.test("decryptVaultText() decrypts a recorded 1.1 file", async () => {
  assert.equal(await decryptVaultText(RECORDED_11, [bytes("secret")]), "a: 1\nb: hello\n");
});

Deno.test("decryptVaultText() decrypts a recorded 1.2 file with a vault id", async () => {
  assert.equal(parseVaultEnvelope(RECORDED_12).label, "lab");
  assert.equal(await decryptVaultText(RECORDED_12, [bytes("secret")]), "a: 2\n");
});

Deno.test("decryptVaultText() tries every password in order", async () => {
  assert.equal(
    await decryptVaultText(RECORDED_11, [bytes("wrong"), bytes("secret")]),
    "a: 1\nb: hello\n",
  );
});

Deno.test("decryptVaultText() refuses a wrong password with Ansible's words", async () => {
  await assert.rejects(
    decryptVaultText(RECORDED_11, [bytes("wrong")]),
    new VaultError("Decryption failed (no vault secrets were found that could decrypt)"),
  );
  await assert.rejects(decryptVaultText(RECORDED_11, []), /no vault secrets found/);
});

Deno.test("decryptVaultText() refuses damaged envelopes without throwing anything else", async () => {
  const cases = [
    "$ANSIBLE_VAULT;1.1;AES256\nzz\n",
    "$ANSIBLE_VAULT;1.1;AES256\n616263\n",
    "$ANSIBLE_VAULT;1.0;AES\n00\n",
    "$ANSIBLE_VAULT;1.1;AES128\n00\n",
    "$ANSIBLE_VAULT\n",
    RECORDED_11.replace("3964\n", "39\n"),
    RECORDED_11.replace("3338", "3339"),
  ];
  for (const text of cases) {
    await assert.rejects(decryptVaultText(text, [bytes("secret")]), VaultError, text);
  }
});

Deno.test("isVaultText() recognises the header", () => {
  assert.equal(isVaultText(RECORDED_11), true);
  assert.equal(isVaultText("a: $ANSIBLE_VAULT;1.1"), false);
});

Deno.test("readVaultPasswordFile() strips white space and refuses what Ansible refuses", () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(join(dir, "pw"), "  secret \r\n\n");
    assert.deepEqual(readVaultPasswordFile(join(dir, "pw")), bytes("secret"));
    Deno.writeTextFileSync(join(dir, "empty"), " \n");
    assert.throws(
      () => readVaultPasswordFile(join(dir, "empty")),
      /Invalid vault password was provided from file/,
    );
    assert.throws(() => readVaultPasswordFile(join(dir, "missing")), /was not found/);
    Deno.writeTextFileSync(join(dir, "script"), "#!/bin/sh\necho secret\n", { mode: 0o755 });
    Deno.chmodSync(join(dir, "script"), 0o755);
    assert.throws(() => readVaultPasswordFile(join(dir, "script")), /never runs programs/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("VaultKeyring notes pending files, then serves plaintext or the failure", async () => {
  const keyring = new VaultKeyring([bytes("secret")]);
  assert.equal(keyring.plaintext("a.yml", RECORDED_11), undefined);
  assert.equal(keyring.plaintext("bad.yml", "$ANSIBLE_VAULT;1.1;AES256\nzz\n"), undefined);
  assert.equal(keyring.pending, 2);
  await keyring.settle();
  assert.equal(keyring.pending, 0);
  assert.equal(keyring.plaintext("a.yml", RECORDED_11), "a: 1\nb: hello\n");
  assert.throws(
    () => keyring.plaintext("bad.yml", "$ANSIBLE_VAULT;1.1;AES256\nzz\n"),
    (error) => error instanceof InventoryError && error.location?.file === "bad.yml",
  );
});

Deno.test({
  name: "decryptVaultText() decrypts what ansible-vault encrypts now (1.1 and 1.2, all sizes)",
  ignore: !haveAnsibleVault(),
  async fn() {
    const dir = Deno.makeTempDirSync();
    try {
      const pw = join(dir, "pw");
      Deno.writeTextFileSync(pw, "p\u00e4ss word\n");
      // Sizes around the 16-byte block: padding of 16, 1 and in between.
      const plains = [
        "",
        "x",
        "0123456789abcde",
        "0123456789abcdef",
        "k: \u00fcn\u00efcode\n".repeat(50),
      ];
      // One ansible-vault run per format: it takes many files at once.
      for (const id of [undefined, "prod"]) {
        const files = plains.map((plain, i) => {
          const file = join(dir, `f${i}${id ?? ""}`);
          Deno.writeTextFileSync(file, plain);
          return file;
        });
        const secret = id ? `--vault-id=${id}@${pw}` : `--vault-password-file=${pw}`;
        const out = new Deno.Command("ansible-vault", {
          args: ["encrypt", secret, ...files],
          stdout: "null",
          stderr: "piped",
        }).outputSync();
        assert.ok(out.success, new TextDecoder().decode(out.stderr));
        for (const [i, file] of files.entries()) {
          const text = Deno.readTextFileSync(file);
          const header = id ? "$ANSIBLE_VAULT;1.2;AES256;prod\n" : "$ANSIBLE_VAULT;1.1;AES256\n";
          assert.equal(text.startsWith(header), true, text);
          assert.equal(await decryptVaultText(text, [readVaultPasswordFile(pw)]), plains[i]);
        }
      }
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
