/**
 * A compact line diff for test failure reports: common head and tail are trimmed,
 * the middle is aligned with a longest-common-subsequence table (when small enough),
 * and only changed lines with a little context are shown. Invisible differences
 * (trailing spaces, `\r`, control characters) are made visible.
 *
 * @module
 */

/** Options for {@linkcode lineDiff}. */
export interface LineDiffOptions {
  /** Unchanged lines shown around each change. @default {2} */
  context?: number;
  /** At most this many output lines. @default {60} */
  maxLines?: number;
  /** Label of the expected side. @default {"expected"} */
  expectedLabel?: string;
  /** Label of the actual side. @default {"actual"} */
  actualLabel?: string;
}

/** Shows control characters, trailing spaces and non-breaking spaces. */
export function visible(line: string): string {
  return line
    .replace(
      // deno-lint-ignore no-control-regex
      /[\x00-\x08\x0b-\x1f\x7f\u0085\u00a0\u2028\u2029]/g,
      (c) => `\\u{${c.charCodeAt(0).toString(16)}}`,
    )
    .replace(/\t/g, "\\t")
    .replace(/ +$/, (s) => "·".repeat(s.length));
}

type Op = { op: " " | "-" | "+"; line: string; a: number; b: number };

function align(a: readonly string[], b: readonly string[], offset: number): Op[] {
  const n = a.length;
  const m = b.length;
  if (n * m > 4_000_000) {
    // Too big to align: show the whole middle as replaced.
    return [
      ...a.map((line, i): Op => ({ op: "-", line, a: offset + i, b: offset })),
      ...b.map((line, j): Op => ({ op: "+", line, a: offset + n, b: offset + j })),
    ];
  }
  const width = m + 1;
  const table = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j]
        ? table[(i + 1) * width + j + 1]! + 1
        : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ op: " ", line: a[i]!, a: offset + i, b: offset + j });
      i++;
      j++;
    } else if (j < m && (i === n || table[i * width + j + 1]! >= table[(i + 1) * width + j]!)) {
      ops.push({ op: "+", line: b[j]!, a: offset + i, b: offset + j });
      j++;
    } else {
      ops.push({ op: "-", line: a[i]!, a: offset + i, b: offset + j });
      i++;
    }
  }
  return ops;
}

/** A readable diff of two texts, or `""` when they are equal. */
export function lineDiff(expected: string, actual: string, options: LineDiffOptions = {}): string {
  if (expected === actual) return "";
  const context = options.context ?? 2;
  const maxLines = options.maxLines ?? 60;
  const a = expected.split("\n");
  const b = actual.split("\n");
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head && tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) tail++;
  const ops: Op[] = [
    ...a.slice(Math.max(0, head - context), head).map((line, k): Op => ({
      op: " ",
      line,
      a: head - Math.min(head, context) + k,
      b: head - Math.min(head, context) + k,
    })),
    ...align(a.slice(head, a.length - tail), b.slice(head, b.length - tail), head),
    ...a.slice(a.length - tail, a.length - tail + context).map((line, k): Op => ({
      op: " ",
      line,
      a: a.length - tail + k,
      b: b.length - tail + k,
    })),
  ];
  const keep = ops.map((o, k) =>
    o.op !== " " || ops.slice(Math.max(0, k - context), k + context + 1).some((x) => x.op !== " ")
  );
  const out = [
    `--- ${options.expectedLabel ?? "expected"}`,
    `+++ ${options.actualLabel ?? "actual"}`,
  ];
  let last = -2;
  for (const [k, o] of ops.entries()) {
    if (!keep[k]) continue;
    if (k !== last + 1) out.push(`@@ line ${o.a + 1} (${options.expectedLabel ?? "expected"}) @@`);
    out.push(`${o.op} ${visible(o.line)}`);
    last = k;
    if (out.length >= maxLines) {
      out.push(`... (diff cut at ${maxLines} lines)`);
      break;
    }
  }
  if (a.length !== b.length) out.push(`(${a.length} lines vs ${b.length} lines)`);
  return out.join("\n");
}
