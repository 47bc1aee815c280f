import assert from "node:assert/strict";
import { join } from "node:path";
import { buildView } from "../pipeline.ts";
import { pyStr } from "../values/py_str.ts";
import { PyDate } from "../values/types.ts";

Deno.test("TOML dates and datetimes are Python date objects; a time of day stays text", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const file = join(dir, "hosts.toml");
    Deno.writeTextFileSync(
      file,
      [
        "[web.hosts.h1]",
        "d = 2001-12-14",
        "dt = 2001-12-14T21:59:43.1-05:00",
        "z = 1979-05-27T07:32:00Z",
        "local = 2001-12-14T21:59:43",
        "t = 21:59:43.5",
      ].join("\n"),
    );
    const vars = buildView([file], { facts: false }).hostVars("h1");
    const str = (name: string) => {
      const value = vars.get(name)!;
      assert.ok(name === "t" || value instanceof PyDate, name);
      return pyStr(value);
    };
    // What ansible-inventory --graph --vars prints for each (str()).
    assert.equal(str("d"), "2001-12-14");
    assert.equal(str("dt"), "2001-12-14 21:59:43.100000-05:00");
    assert.equal(str("z"), "1979-05-27 07:32:00+00:00");
    assert.equal(str("local"), "2001-12-14 21:59:43");
    assert.equal(vars.get("t"), "21:59:43.500000");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
