import assert from "node:assert/strict";
import { PyFloat, Unsafe } from "../values/types.ts";
import {
  accessAddress,
  hostPort,
  isDnsName,
  isIpAddress,
  isIPv4,
  isIPv6,
  parsePort,
  printed,
  sameValue,
} from "./topology.ts";

/**
 * `ipaddress.ip_address(text)` accepts these, as recorded with Debian's Python 3.11.2
 * (`python3 -c "import ipaddress; ipaddress.ip_address(...)"`), except the IPv6 zone id,
 * which Python accepts and this module refuses on purpose (no URL or proxy config here
 * can use it).
 */
const IP_CASES: [string, boolean][] = [
  ["10.0.0.1", true],
  ["10.0.0.300", false],
  ["010.0.0.1", false],
  ["1.2.3", false],
  ["1.2.3.4.5", false],
  ["0.0.0.0", true],
  ["255.255.255.255", true],
  ["fd00::1", true],
  ["::", true],
  ["::1", true],
  ["fd00::4:2379", true],
  ["1:2:3:4:5:6:7:8", true],
  ["1:2:3:4:5:6:7:8:9", false],
  ["1::2::3", false],
  ["::ffff:10.0.0.1", true],
  ["12345::1", false],
  ["g::1", false],
  [":1", false],
  ["1:", false],
  ["1:2:3:4:5:6:7::", true],
  ["::1:2:3:4:5:6:7", true],
  ["1:2:3:4:5:6:1.2.3.4", true],
  ["1:2:3:4:5:6:7:1.2.3.4", false],
  ["", false],
  ["10.0.0.1 ", false],
  ["fe80::1%eth0", false],
];

Deno.test("isIpAddress() agrees with Python's ipaddress (zone ids excepted)", () => {
  for (const [text, valid] of IP_CASES) assert.equal(isIpAddress(text), valid, text);
  assert.equal(isIPv4("fd00::1"), false);
  assert.equal(isIPv6("10.0.0.1"), false);
});

Deno.test("isDnsName() takes host names a certificate SAN accepts, not IPs or underscores", () => {
  for (
    const name of ["lb-apiserver.kubernetes.local", "my-apiserver-lb.example.com", "lb", "a1.b2"]
  ) {
    assert.ok(isDnsName(name), name);
  }
  for (
    const name of [
      "my_lb.example.com",
      "-lb.example.com",
      "lb-.example.com",
      "example.com.",
      "10.0.0.100",
      "a..b",
      "",
      `${"a".repeat(64)}.com`,
    ]
  ) {
    assert.ok(!isDnsName(name), name);
  }
});

Deno.test("printed() prints values as an Ansible template does and defers templates", () => {
  assert.deepEqual(printed(null), { kind: "text", text: "" });
  assert.deepEqual(printed(6443), { kind: "text", text: "6443" });
  assert.deepEqual(printed(new PyFloat(6443)), { kind: "text", text: "6443.0" });
  assert.deepEqual(printed(true), { kind: "text", text: "True" });
  assert.deepEqual(printed(new Unsafe("{{ x }}")), { kind: "text", text: "{{ x }}" });
  assert.equal(printed("{{ vip }}").kind, "runtime");
  assert.equal(printed(undefined).kind, "undefined");
  assert.equal(printed(["a"]).kind, "unprintable");
});

Deno.test("accessAddress() takes the first defined of access_ip, ip, ansible_default_ipv4.address", () => {
  const read = (entries: [string, unknown][]) =>
    accessAddress(new Map(entries as [string, never][]));
  assert.deepEqual(read([["ip", "10.0.0.1"], ["access_ip", "1.1.1.1"]]).printed, {
    kind: "text",
    text: "1.1.1.1",
  });
  // default() keeps an empty access_ip.
  assert.deepEqual(read([["ip", "10.0.0.1"], ["access_ip", ""]]).printed, {
    kind: "text",
    text: "",
  });
  const gathered = read([]);
  assert.equal(gathered.gathered, true);
  assert.equal(gathered.printed.kind, "runtime");
  const given = read([["ansible_default_ipv4", new Map([["address", "192.168.0.15"]])]]);
  assert.deepEqual([given.printed, given.gathered], [
    { kind: "text", text: "192.168.0.15" },
    false,
  ]);
  assert.equal(read([["ansible_default_ipv4", new Map()]]).printed.kind, "undefined");
});

Deno.test("parsePort(), hostPort() and sameValue()", () => {
  assert.equal(parsePort("6443"), 6443);
  assert.equal(parsePort("6443.0"), undefined);
  assert.equal(parsePort("0"), undefined);
  assert.equal(parsePort("70000"), undefined);
  assert.equal(hostPort("fd00::1", 6443), "[fd00::1]:6443");
  assert.equal(hostPort("10.0.0.1", 6443), "10.0.0.1:6443");
  assert.ok(sameValue(new Map([["a", [1, "x"]]]), new Map([["a", [1, "x"]]])));
  assert.ok(!sameValue(new Map([["a", 1]]), new Map([["a", new PyFloat(1)]])));
  assert.ok(!sameValue(undefined, null));
});
