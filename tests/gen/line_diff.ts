/**
 * A compact line diff for test failure reports: common head and tail are trimmed,
 * the middle is aligned with Myers' algorithm (when not wildly different),
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

/** Myers' O(ND) diff; undefined when more than `maxD` lines differ. */
function myers(
  a: readonly string[],
  b: readonly string[],
  offset: number,
  maxD: number,
): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  // trace[d][k + d] = furthest x on diagonal k after d edits.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= maxD; d++) {
    const v = new Int32Array(2 * d + 1);
    const prev = trace[d - 1];
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (d === 0) x = 0;
      else if (k === -d || (k !== d && prev![k - 1 + d - 1]! < prev![k + 1 + d - 1]!)) {
        x = prev![k + 1 + d - 1]!;
      } else x = prev![k - 1 + d - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[k + d] = x;
      if (x >= n && y >= m) {
        trace.push(v);
        return backtrack(trace, a, b, offset);
      }
    }
    trace.push(v);
  }
  return undefined;
}

function backtrack(
  trace: readonly Int32Array[],
  a: readonly string[],
  b: readonly string[],
  offset: number,
): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  const same = () => {
    x--;
    y--;
    ops.push({ op: " ", line: a[x]!, a: offset + x, b: offset + y });
  };
  for (let d = trace.length - 1; d > 0; d--) {
    const prev = trace[d - 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && prev[k - 1 + d - 1]! < prev[k + 1 + d - 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = prev[prevK + d - 1]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) same();
    if (down) {
      y--;
      ops.push({ op: "+", line: b[y]!, a: offset + x, b: offset + y });
    } else {
      x--;
      ops.push({ op: "-", line: a[x]!, a: offset + x, b: offset + y });
    }
  }
  while (x > 0 && y > 0) same();
  return ops.reverse();
}

function align(a: readonly string[], b: readonly string[], offset: number): Op[] {
  const found = myers(a, b, offset, 2000);
  if (found) return found;
  // Too different to align: show the whole middle as replaced.
  return [
    ...a.map((line, i): Op => ({ op: "-", line, a: offset + i, b: offset })),
    ...b.map((line, j): Op => ({ op: "+", line, a: offset + a.length, b: offset + j })),
  ];
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
