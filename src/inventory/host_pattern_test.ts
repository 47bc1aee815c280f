import assert from "node:assert/strict";
import {
  expandHostPattern,
  expandHostRange,
  expandsToItself,
  HostPatternError,
  parseAddress,
} from "./host_pattern.ts";

Deno.test("parseAddress() splits a port off host names, IPv4 and bracketed IPv6", () => {
  assert.deepEqual(parseAddress("host:2222"), { host: "host", port: 2222 });
  assert.deepEqual(parseAddress("[fe80::1]:22"), { host: "fe80::1", port: 22 });
  assert.deepEqual(parseAddress("fe80::1:22"), { host: "fe80::1:22", port: undefined });
});

Deno.test("parseAddress() rejects what is not an address, so the entry stays whole", () => {
  assert.equal(parseAddress("foo@bar:22"), undefined);
  assert.deepEqual(expandHostPattern("foo@bar:22"), { hosts: ["foo@bar:22"], port: undefined });
});

Deno.test("expandHostRange() pads, steps, and expands several ranges", () => {
  assert.deepEqual(expandHostRange("web[01:03].ex"), ["web01.ex", "web02.ex", "web03.ex"]);
  assert.deepEqual(expandHostRange("n[1:10:3]"), ["n1", "n4", "n7", "n10"]);
  assert.deepEqual(expandHostRange("h[1:2]-[a:b]"), ["h1-a", "h1-b", "h2-a", "h2-b"]);
  assert.deepEqual(expandHostRange("x[3:1]"), []);
});

Deno.test("expandHostRange() refuses a range beyond the configured limit", () => {
  assert.throws(() => expandHostRange("n[1:2000000]"), HostPatternError);
  assert.equal(expandHostRange("n[1:20]", 20).length, 20);
  assert.throws(() => expandHostRange("n[1:21]", 20), /more than 20 hosts/);
  assert.throws(() => expandHostRange("n[1:5]-[1:5]", 20), /more than 20 hosts/);
});

Deno.test("expandHostPattern() matches Ansible 2.14 on 3000+ recorded entries", () => {
  const cases = JSON.parse(
    Deno.readTextFileSync(new URL("../../tests/data/host_pattern_cases.json", import.meta.url)),
  ) as [string, { hosts: string[]; port: number | null } | { error: string }][];
  assert.ok(cases.length > 3000);
  for (const [entry, expected] of cases) {
    let actual;
    try {
      const { hosts, port } = expandHostPattern(entry);
      actual = { hosts, port: port ?? null };
    } catch (error) {
      actual = { error: (error as Error).message };
    }
    assert.deepEqual(actual, expected, `entry ${JSON.stringify(entry)}`);
  }
});

Deno.test("expandsToItself() entries are what expandHostPattern() gives back, without a port", () => {
  for (const entry of ["node1", "a.b-c_d", "", " x ", "---", "10.0.0.1", "n]1"]) {
    assert.ok(expandsToItself(entry), entry);
    assert.deepEqual(expandHostPattern(entry), { hosts: [entry], port: undefined });
  }
  for (const entry of ["n[1:2]", "h:22", "[::1]:22", "fe80::1"]) {
    assert.ok(!expandsToItself(entry), entry);
  }
});
