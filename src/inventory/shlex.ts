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

/** shlex's POSIX whitespace: space, tab, CR, LF. */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

const HASH = 0x23;
const SINGLE = 0x27;
const DOUBLE = 0x22;
const BACKSLASH = 0x5c;

/** Splits one line into tokens exactly as Python's shlex does in POSIX mode with comments. */
export function shlexSplit(line: string): string[] {
  const tokens: string[] = [];
  const n = line.length;
  let i = 0;
  words: while (i < n) {
    let c = line.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === HASH) break;
    // One word. Runs of ordinary characters are copied as slices (a plain word is one
    // slice of the line); quotes and escapes are handled as they come.
    let token = "";
    let run = i;
    for (;;) {
      if (i >= n) {
        tokens.push(token + line.slice(run, i));
        break words;
      }
      c = line.charCodeAt(i);
      if (isSpace(c)) {
        tokens.push(token + line.slice(run, i));
        i++;
        continue words;
      }
      if (c === HASH) {
        // A comment runs to the end of the line and ends the word in progress.
        tokens.push(token + line.slice(run, i));
        break words;
      }
      if (c === SINGLE) {
        const close = line.indexOf("'", i + 1);
        if (close < 0) throw new ShlexError("No closing quotation");
        token += line.slice(run, i) + line.slice(i + 1, close);
        i = run = close + 1;
      } else if (c === DOUBLE) {
        token += line.slice(run, i);
        i = run = i + 1;
        for (;;) {
          if (i >= n) throw new ShlexError("No closing quotation");
          const d = line.charCodeAt(i);
          if (d === DOUBLE) break;
          if (d === BACKSLASH) {
            if (i + 1 >= n) throw new ShlexError("No escaped character");
            const next = line.charCodeAt(i + 1);
            // Inside double quotes a backslash escapes only `"` and itself.
            if (next === DOUBLE || next === BACKSLASH) {
              token += line.slice(run, i);
              run = i + 1;
            }
            i += 2;
            continue;
          }
          i++;
        }
        token += line.slice(run, i);
        i = run = i + 1;
      } else if (c === BACKSLASH) {
        if (i + 1 >= n) throw new ShlexError("No escaped character");
        token += line.slice(run, i);
        // The escaped character starts the next run.
        run = i + 1;
        i += 2;
      } else i++;
    }
  }
  return tokens;
}
