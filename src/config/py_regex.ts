/**
 * Python regular expressions (as in `[inventory] ignore_patterns`) in JavaScript syntax.
 *
 * Ansible joins the patterns into one bytes pattern and searches each directory entry's
 * name with it. The two dialects agree on everything such patterns normally use; the
 * Python-only syntax is translated (`(?P<n>...)`, `(?P=n)`, `\A`, `\Z`, `(?#...)`), and
 * what Python 3.11 itself rejects in that position (global flags such as `(?i)` after the
 * start of the joined pattern) is refused with Python's reason.
 *
 * @module
 */

/** A pattern Python or JavaScript cannot compile. */
export class PythonRegexError extends Error {
  /** @param message what is wrong */
  constructor(message: string) {
    super(message);
    this.name = "PythonRegexError";
  }
}

/**
 * Translates one Python pattern (not at the start of the joined pattern) to JavaScript.
 *
 * @throws {PythonRegexError} for syntax Python would refuse there, or JavaScript cannot compile
 */
export function pythonRegexToJs(pattern: string): string {
  let out = "";
  let i = 0;
  let inClass = false;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "\\") {
      const next = pattern[i + 1];
      if (next === undefined) {
        throw new PythonRegexError(`bad escape (end of pattern) in ${pattern}`);
      }
      if (!inClass && next === "A") out += "^";
      else if (!inClass && next === "Z") out += "$";
      else out += c + next;
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      out += c;
      i++;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      i++;
      // A `]` (after an optional `^`) first in a class is a literal in Python.
      if (pattern[i] === "^") out += pattern[i++];
      if (pattern[i] === "]") {
        out += "\\]";
        i++;
      }
      continue;
    }
    if (c === "(" && pattern[i + 1] === "?") {
      const rest = pattern.slice(i + 2);
      if (rest.startsWith("P<")) {
        out += "(?<";
        i += 4;
        continue;
      }
      const backref = /^P=(\w+)\)/.exec(rest);
      if (backref) {
        out += `\\k<${backref[1]}>`;
        i += 2 + backref[0].length;
        continue;
      }
      if (rest.startsWith("#")) {
        const end = pattern.indexOf(")", i);
        if (end < 0) throw new PythonRegexError(`missing ), unterminated comment in ${pattern}`);
        i = end + 1;
        continue;
      }
      if (/^[aiLmsux]+\)/.test(rest)) {
        throw new PythonRegexError(
          `global flags not at the start of the expression in ${pattern} (Python 3.11 refuses them: Ansible puts its own patterns first)`,
        );
      }
    }
    out += c;
    i++;
  }
  try {
    new RegExp(out);
  } catch (error) {
    throw new PythonRegexError(
      `${(error as Error).message.replace(/^Invalid regular expression: /, "")}`,
    );
  }
  return out;
}
