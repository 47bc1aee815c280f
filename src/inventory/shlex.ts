/**
 * Python's `shlex.split(line, comments=True, posix=True)`, which Ansible uses to
 * tokenise INI host lines (spec §3.3): quotes are removed, a backslash escapes the
 * next character outside single quotes, and an unquoted `#` ends the line even in
 * the middle of a word.
 *
 * @module
 */

/** Unbalanced quoting; the message is Python's (`No closing quotation`, `No escaped character`). */
export class ShlexError extends Error {
  /** @param message Python's text for the problem */
  constructor(message: string) {
    super(message);
    this.name = "ShlexError";
  }
}

const WHITESPACE = " \t\r\n";

/** Splits one line into tokens exactly as Python's shlex does in POSIX mode with comments. */
export function shlexSplit(line: string): string[] {
  const tokens: string[] = [];
  let token = "";
  let quoted = false;
  let inToken = false;
  const n = line.length;
  let i = 0;
  while (i < n) {
    const ch = line[i]!;
    if (WHITESPACE.includes(ch)) {
      if (inToken) {
        tokens.push(token);
        token = "";
        quoted = false;
        inToken = false;
      }
      i++;
    } else if (ch === "#") {
      // A comment runs to the end of the line and ends any word in progress.
      break;
    } else if (ch === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) throw new ShlexError("No closing quotation");
      token += line.slice(i + 1, close);
      quoted = true;
      inToken = true;
      i = close + 1;
    } else if (ch === '"') {
      i++;
      for (;;) {
        if (i >= n) throw new ShlexError("No closing quotation");
        const c = line[i]!;
        if (c === '"') break;
        if (c === "\\") {
          if (i + 1 >= n) throw new ShlexError("No escaped character");
          const next = line[i + 1]!;
          // Inside double quotes a backslash escapes only `"` and itself.
          token += next === '"' || next === "\\" ? next : c + next;
          i += 2;
          continue;
        }
        token += c;
        i++;
      }
      quoted = true;
      inToken = true;
      i++;
    } else if (ch === "\\") {
      if (i + 1 >= n) throw new ShlexError("No escaped character");
      token += line[i + 1];
      inToken = true;
      i += 2;
    } else {
      token += ch;
      inToken = true;
      i++;
    }
  }
  if (inToken && (token !== "" || quoted)) tokens.push(token);
  return tokens;
}
