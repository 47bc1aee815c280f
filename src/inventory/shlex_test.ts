import assert from "node:assert/strict";
import { ShlexError, shlexSplit } from "./shlex.ts";

Deno.test("shlexSplit() removes quotes and keeps quoted spaces", () => {
  assert.deepEqual(shlexSplit(`h a="hello world" b='x y' c=hello\\ world`), [
    "h",
    "a=hello world",
    "b=x y",
    "c=hello world",
  ]);
});

Deno.test("shlexSplit() ends the line at an unquoted '#', even inside a word", () => {
  assert.deepEqual(shlexSplit(`h a=x#y b=1`), ["h", "a=x"]);
  assert.deepEqual(shlexSplit(`h a="x#y"`), ["h", "a=x#y"]);
});

Deno.test("shlexSplit() keeps a backslash inside double quotes unless it escapes a quote", () => {
  assert.deepEqual(shlexSplit(`a="x\\ny" b="q\\"q"`), ["a=x\\ny", 'b=q"q']);
});

Deno.test("shlexSplit() reports unbalanced quoting in Python's words", () => {
  assert.throws(() => shlexSplit(`h a="x`), new ShlexError("No closing quotation"));
  assert.throws(() => shlexSplit(`h a=\\`), new ShlexError("No escaped character"));
});

Deno.test("shlexSplit() matches Python's shlex on 4000 recorded random lines", () => {
  const cases = JSON.parse(
    Deno.readTextFileSync(new URL("../../tests/data/shlex_cases.json", import.meta.url)),
  ) as [string, string[] | { error: string }][];
  assert.equal(cases.length, 4000);
  for (const [line, expected] of cases) {
    let actual: string[] | { error: string };
    try {
      actual = shlexSplit(line);
    } catch (error) {
      actual = { error: (error as Error).message };
    }
    assert.deepEqual(actual, expected, `line ${JSON.stringify(line)}`);
  }
});
