import assert from "node:assert/strict";
import { lineDiff, visible } from "./line_diff.ts";

Deno.test("lineDiff() is empty for equal texts", () => {
  assert.equal(lineDiff("a\nb\n", "a\nb\n"), "");
});

Deno.test("lineDiff() shows only the changed lines with their context", () => {
  const expected = ["1", "2", "3", "4", "5", "6", "7", "8"].join("\n");
  const actual = ["1", "2", "3", "4", "five", "6", "7", "8"].join("\n");
  assert.equal(
    lineDiff(expected, actual, { expectedLabel: "ansible", actualLabel: "ours" }),
    [
      "--- ansible",
      "+++ ours",
      "@@ line 3 (ansible) @@",
      "  3",
      "  4",
      "- 5",
      "+ five",
      "  6",
      "  7",
    ].join("\n"),
  );
});

Deno.test("lineDiff() aligns an inserted line instead of reporting everything after it", () => {
  const diff = lineDiff("a\nb\nc\nd\ne\nf", "a\nb\nX\nc\nd\ne\nf");
  assert.deepEqual(diff.split("\n").filter((l) => /^[-+] /.test(l)), ["+ X"]);
});

Deno.test("visible() shows trailing spaces, tabs and control characters", () => {
  assert.equal(visible("a\tb\x07  "), "a\\tb\\u{7}··");
});
