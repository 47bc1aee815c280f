import assert from "node:assert/strict";
import { PythonRegexError, pythonRegexToJs } from "./py_regex.ts";

Deno.test("pythonRegexToJs() keeps common patterns as they are", () => {
  for (const p of ["artifacts", "credentials", "^old_", "\\.bak$", "a|b", "[^]x]", "x{2,3}"]) {
    assert.equal(pythonRegexToJs(p), p === "[^]x]" ? "[^\\]x]" : p);
  }
});

Deno.test("pythonRegexToJs() translates Python-only syntax", () => {
  assert.equal(pythonRegexToJs("(?P<n>ab)(?P=n)"), "(?<n>ab)\\k<n>");
  assert.equal(pythonRegexToJs("\\Aold\\Z"), "^old$");
  assert.equal(pythonRegexToJs("a(?#why)b"), "ab");
  assert.equal(pythonRegexToJs("[\\Z]"), "[\\Z]");
  assert.ok(new RegExp(pythonRegexToJs("(?P<x>art)ifacts")).test("my_artifacts"));
});

Deno.test("pythonRegexToJs() refuses what Python 3.11 refuses after Ansible's own patterns", () => {
  assert.throws(() => pythonRegexToJs("(?i)secret"), PythonRegexError);
  assert.throws(() => pythonRegexToJs("(unclosed"), PythonRegexError);
  assert.throws(() => pythonRegexToJs("trailing\\"), PythonRegexError);
});
