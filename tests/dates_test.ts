/**
 * YAML timestamps load as Python `date`/`datetime` objects: `--list` and `--host` print
 * their isoformat(), `--graph --vars` their str() (repr() inside containers), `--yaml`
 * plain timestamps (anchored when one object is met twice). Expected outputs recorded
 * from ansible-inventory 2.14.18 on the same inventory.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { run } from "../src/cli/main.ts";
import { emptyDir, writeTree } from "./helpers.ts";

const INVENTORY = `all:
  hosts:
    h1:
      a: 2001-12-14
      b: 2001-12-14t21:59:43.10-05:00
      c: 2001-12-14 21:59:43.1234567 +5:30
      d: [2001-12-14 21:59:00, 2001-12-14 21:59:43Z, !!timestamp 2002-1-3]
      e: {2001-12-14 21:59:43 -0:30: x, 2001-12-14 21:59:43Z: y}
      f: &d 2001-12-14 1:02:03
      g: *d
    h2:
  vars:
    since: 0001-01-01 00:00:00.000001
`;

const EXPECTED: Record<string, string> = {
  "--graph --vars": `@all:
  |--@ungrouped:
  |  |--h1
  |  |  |--{a = 2001-12-14}
  |  |  |--{b = 2001-12-14 21:59:43.100000-05:00}
  |  |  |--{c = 2001-12-14 21:59:43.123456+05:30}
  |  |  |--{d = [datetime.datetime(2001, 12, 14, 21, 59), datetime.datetime(2001, 12, 14, 21, 59, 43, tzinfo=datetime.timezone.utc), datetime.date(2002, 1, 3)]}
  |  |  |--{e = {datetime.datetime(2001, 12, 14, 21, 59, 43, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=84600))): 'x', datetime.datetime(2001, 12, 14, 21, 59, 43, tzinfo=datetime.timezone.utc): 'y'}}
  |  |  |--{f = 2001-12-14 01:02:03}
  |  |  |--{g = 2001-12-14 01:02:03}
  |  |  |--{since = 0001-01-01 00:00:00.000001}
  |  |--h2
  |  |  |--{since = 0001-01-01 00:00:00.000001}
  |--{since = 0001-01-01 00:00:00.000001}
`,
  "--yaml --list": `all:
  children:
    ungrouped:
      hosts:
        h1:
          a: 2001-12-14
          b: 2001-12-14 21:59:43.100000-05:00
          c: 2001-12-14 21:59:43.123456+05:30
          d:
          - 2001-12-14 21:59:00
          - 2001-12-14 21:59:43+00:00
          - 2002-01-03
          e:
            2001-12-14 21:59:43+00:00: y
            2001-12-14 21:59:43-00:30: x
          f: &id001 2001-12-14 01:02:03
          g: *id001
          since: &id002 0001-01-01 00:00:00.000001
        h2:
          since: *id002
`,
  "--host h2": `{
    "since": "0001-01-01T00:00:00.000001"
}
`,
};

function inventory(text: string): string {
  const dir = emptyDir();
  writeTree(dir, { "inv.yml": text });
  return join(dir, "inv.yml");
}

for (const [mode, expected] of Object.entries(EXPECTED)) {
  Deno.test(`dates print as ansible-inventory prints them: ${mode}`, () => {
    const result = run(["-i", inventory(INVENTORY), ...mode.split(" "), "--no-facts"], {
      cwd: emptyDir(),
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, expected);
  });
}

Deno.test("a date as a dict key fails --list as Ansible's JSON encoder does", () => {
  // ansible-inventory: `ERROR! Unexpected Exception ...: keys must be str, int, float,
  // bool or None, not datetime` (--yaml and --graph --vars print it, see above).
  const result = run(["-i", inventory(INVENTORY), "--list", "--no-facts"], { cwd: emptyDir() });
  assert.notEqual(result.code, 0);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, /keys must be str, int, float, bool or None, not datetime/);
});

Deno.test("a date as a host pattern or group name is refused with Ansible's reason", () => {
  const host = run(["-i", inventory("all:\n  hosts:\n    2001-01-01:\n"), "--list"], {
    cwd: emptyDir(),
  });
  assert.equal(host.code, 1);
  assert.match(
    host.stderr,
    /inv\.yml:3:5: Host pattern 2001-01-01 must be a string\. Enclose integers\/floats in quotation marks\./,
  );
  const group = run(
    [
      "-i",
      inventory("all:\n  children:\n    2001-01-02 10:00:00:\n      hosts:\n        h2:\n"),
      "--list",
    ],
    { cwd: emptyDir() },
  );
  assert.equal(group.code, 1);
  assert.match(
    group.stderr,
    /Unable to add group 2001-01-02 10:00:00: Invalid group name supplied, expected a string but got <class 'datetime\.datetime'> for 2001-01-02 10:00:00/,
  );
});
