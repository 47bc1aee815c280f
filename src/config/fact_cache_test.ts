import assert from "node:assert/strict";
import { join } from "node:path";
import { Unsafe } from "../values/types.ts";
import { JsonFileFactCache } from "./fact_cache.ts";

function cacheDir(files: Record<string, string>): string {
  const dir = Deno.makeTempDirSync({ prefix: "ha-inventory-fact-cache-" });
  for (const [name, text] of Object.entries(files)) Deno.writeTextFileSync(join(dir, name), text);
  return dir;
}

const FACTS = JSON.stringify({
  ansible_default_ipv4: { address: "192.0.2.7", interface: "eth0" },
  ansible_hostname: "node3",
  ansible_os_family: "Debian",
});

Deno.test("JsonFileFactCache takes ansible_default_ipv4 and ansible_hostname, with age", () => {
  const dir = cacheDir({ node3: FACTS });
  const mtime = Deno.statSync(join(dir, "node3")).mtime!.getTime();
  const cache = new JsonFileFactCache({ dir, prefix: "", timeout: 600 }, () => {}, mtime + 90_000);
  const entry = cache.get("node3")!;
  assert.equal(entry.file, join(dir, "node3"));
  assert.equal(entry.ageSeconds, 90);
  assert.equal(entry.expired, false);
  assert.deepEqual([...entry.facts.keys()], ["ansible_default_ipv4", "ansible_hostname"]);
  assert.equal(
    (entry.facts.get("ansible_default_ipv4") as Map<string, unknown>).get("address"),
    "192.0.2.7",
  );
  assert.equal(cache.get("node4"), undefined);
  assert.equal(cache.get(""), undefined);
});

Deno.test("JsonFileFactCache ignores an entry older than the timeout; 0 never expires", () => {
  const dir = cacheDir({ node3: FACTS });
  const mtime = Deno.statSync(join(dir, "node3")).mtime!.getTime();
  const later = mtime + 601_000;
  const expired = new JsonFileFactCache({ dir, prefix: "", timeout: 600 }, () => {}, later);
  assert.equal(expired.get("node3")?.expired, true);
  assert.equal(expired.get("node3")?.facts.size, 0);
  const exact = new JsonFileFactCache({ dir, prefix: "", timeout: 600 }, () => {}, mtime + 600_000);
  assert.equal(exact.get("node3")?.expired, false, "an age equal to the timeout is still valid");
  const never = new JsonFileFactCache({ dir, prefix: "", timeout: 0 }, () => {}, later * 10);
  assert.equal(never.get("node3")?.expired, false);
});

Deno.test("JsonFileFactCache puts the prefix before the host name", () => {
  const dir = cacheDir({ "facts_node3": FACTS, node3: "not json" });
  const cache = new JsonFileFactCache({ dir, prefix: "facts_", timeout: 0 }, () => {});
  assert.equal(cache.get("node3")?.facts.get("ansible_hostname"), "node3");
});

Deno.test("JsonFileFactCache warns about and skips a file it cannot decode, leaving it", () => {
  const dir = cacheDir({ bad: "{not json", list: "[1]" });
  const warnings: string[] = [];
  const cache = new JsonFileFactCache({ dir, prefix: "", timeout: 0 }, (m) => warnings.push(m));
  assert.equal(cache.get("bad"), undefined);
  assert.equal(cache.get("list"), undefined);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0]!, /error in 'jsonfile' cache plugin while trying to read .*bad/);
  assert.ok(Deno.statSync(join(dir, "bad")).isFile);
});

Deno.test("JsonFileFactCache keeps text that looks like a template from being templated", () => {
  const dir = cacheDir({ odd: JSON.stringify({ ansible_hostname: "{{ lookup('pipe', 'id') }}" }) });
  const cache = new JsonFileFactCache({ dir, prefix: "", timeout: 0 }, () => {});
  assert.ok(cache.get("odd")?.facts.get("ansible_hostname") instanceof Unsafe);
});

Deno.test("JsonFileFactCache reads nothing from a folder that does not exist", () => {
  const cache = new JsonFileFactCache(
    { dir: "/nonexistent/cache", prefix: "", timeout: 0 },
    () => {},
  );
  assert.equal(cache.get("node3"), undefined);
});
