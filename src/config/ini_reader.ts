/**
 * `ansible.cfg` as Ansible reads it: Python's `configparser.ConfigParser` with
 * `inline_comment_prefixes=(';',)`, values fetched with `raw=True`.
 *
 * That dialect is not what the `ini` npm package reads, so it is followed here line by
 * line (the `ini` package was tried and dropped, see the report in `ansible_cfg.ts`):
 *
 * - `=` and `:` both separate a key from its value (the first one wins); keys are
 *   lower-cased, section names are not; `[a] trailing` is the section `a`.
 * - `#` and `;` start a comment only at the start of a line; `;` also after white space
 *   inside a line (`a;b` keeps its `;`, `a ;b` does not). `#` inside a value is kept.
 * - A line indented deeper than its key's line continues the value (joined with `\n`,
 *   blank lines kept inside, trailing ones dropped).
 * - `[DEFAULT]` supplies keys to every section that exists.
 * - A repeated section or key, a line that is neither, or text before the first section
 *   is an error, as in Ansible (which refuses to start).
 * - No interpolation: Ansible fetches values raw, so `%%` stays `%%`.
 *
 * @module
 */

import { InventorySyntaxError } from "../errors.ts";

/** Python's white space (`str.isspace()`), as a character class body. */
const PY_SPACE =
  "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g");
const RSTRIP = new RegExp(`[${PY_SPACE}]+$`);
const NON_SPACE = new RegExp(`[^${PY_SPACE}]`);
const IS_SPACE = new RegExp(`^[${PY_SPACE}]$`);
/** `configparser`'s `SECTCRE`: greedy up to the last `]`, anything after it ignored. */
const SECTION = /^\[([^\n]+)\]/;
/** `configparser`'s `OPTCRE` with the delimiters `=` and `:`. */
const OPTION = new RegExp(`^([^\\n]*?)[${PY_SPACE}]*([=:])[${PY_SPACE}]*([^\\n]*)$`);

/** The name of the section whose keys every other section inherits. */
export const DEFAULT_SECTION = "DEFAULT";

/** One `key = value` of the file, after continuation lines are joined. */
export interface CfgEntry {
  /** The section it was written in (`DEFAULT` for inherited keys). */
  readonly section: string;
  /** The key, lower-cased as `configparser` does. */
  readonly key: string;
  /** The raw value: stripped, continuation lines joined with `\n`, no interpolation. */
  readonly value: string;
  /** The 1-based line of the key. */
  readonly line: number;
}

/** A parsed configuration file. */
export interface CfgFile {
  /** The file's path, as found. */
  readonly path: string;
  /** Sections in file order (without `DEFAULT`), each key -> entry. */
  readonly sections: ReadonlyMap<string, ReadonlyMap<string, CfgEntry>>;
  /** The `[DEFAULT]` section's entries. */
  readonly defaults: ReadonlyMap<string, CfgEntry>;
}

/**
 * `parser.get(section, key, raw=True)`: the entry, from the section or else from
 * `[DEFAULT]`; undefined when the section does not exist (even if `[DEFAULT]` has the key).
 */
export function getEntry(file: CfgFile, section: string, key: string): CfgEntry | undefined {
  const entries = file.sections.get(section);
  if (!entries) return undefined;
  const name = key.toLowerCase();
  return entries.get(name) ?? file.defaults.get(name);
}

interface Building {
  section: string;
  key: string;
  lines: string[];
  line: number;
}

/**
 * Parses the text of an `ansible.cfg`.
 *
 * @param text the file's text (decoded as UTF-8; a byte order mark is not skipped, as in Ansible)
 * @param path the file's path, for errors
 * @throws {InventorySyntaxError} with the line, for anything `configparser` refuses
 */
export function parseCfg(text: string, path: string): CfgFile {
  const sections = new Map<string, Map<string, Building>>();
  const defaults = new Map<string, Building>();
  const added = new Set<string>();
  let current: Map<string, Building> | undefined;
  let sectionName = "";
  let option: Building | undefined;
  let indentLevel = 0;
  let firstError: InventorySyntaxError | undefined;
  // StringIO splits on "\n" only; "\r" is stripped as white space.
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!;
    const lineNo = index + 1;
    const commentStart = inlineCommentStart(raw);
    const value = strip(commentStart === undefined ? raw : raw.slice(0, commentStart));
    if (value === "") {
      // A blank line belongs to the value being read, unless it was a comment.
      if (commentStart === undefined && current && option?.key) option.lines.push("");
      continue;
    }
    const indent = raw.search(NON_SPACE);
    const curIndent = indent < 0 ? 0 : indent;
    if (current && option?.key && curIndent > indentLevel) {
      option.lines.push(value);
      continue;
    }
    indentLevel = curIndent;
    const header = SECTION.exec(value);
    if (header) {
      sectionName = header[1]!;
      if (sections.has(sectionName)) {
        if (added.has(sectionName)) {
          throw new InventorySyntaxError(
            `Error reading config file: section '${sectionName}' already exists`,
            { file: path, line: lineNo },
          );
        }
        current = sections.get(sectionName);
      } else if (sectionName === DEFAULT_SECTION) {
        current = defaults;
      } else {
        current = new Map();
        sections.set(sectionName, current);
      }
      added.add(sectionName);
      option = undefined;
      continue;
    }
    if (!current) {
      throw new InventorySyntaxError(
        `Error reading config file: it contains no section headers (a line such as [defaults] must come first)`,
        { file: path, line: lineNo },
      );
    }
    const match = OPTION.exec(value);
    if (!match || match[1] === "") {
      // configparser carries on and reports the first bad line at the end.
      firstError ??= new InventorySyntaxError(
        `Error reading config file: expected "key = value", got: ${value}`,
        { file: path, line: lineNo },
      );
      // An empty key is still recorded (a second one is a duplicate), but takes no
      // continuation lines.
      if (!match) continue;
    }
    const key = rstrip(match[1]!).toLowerCase();
    const id = `${sectionName}\0${key}`;
    if (added.has(id)) {
      throw new InventorySyntaxError(
        `Error reading config file: option '${key}' in section '${sectionName}' already exists`,
        { file: path, line: lineNo },
      );
    }
    added.add(id);
    option = { section: sectionName, key, lines: [strip(match[3]!)], line: lineNo };
    current.set(key, option);
  }
  if (firstError) throw firstError;
  const finish = (entries: Map<string, Building>) =>
    new Map(
      [...entries].map(([key, b]) => [key, {
        section: b.section,
        key: b.key,
        value: rstrip(b.lines.join("\n")),
        line: b.line,
      }]),
    );
  return {
    path,
    sections: new Map([...sections].map(([name, entries]) => [name, finish(entries)])),
    defaults: finish(defaults),
  };
}

/**
 * Where a comment starts on a line, if anywhere: a `;` at the start or after white space,
 * or the whole line when it starts (after white space) with `#` or `;`.
 */
function inlineCommentStart(line: string): number | undefined {
  const trimmed = strip(line);
  if (trimmed.startsWith("#") || trimmed.startsWith(";")) return 0;
  let at = line.indexOf(";");
  while (at >= 0) {
    if (at === 0 || IS_SPACE.test(line[at - 1]!)) return at;
    at = line.indexOf(";", at + 1);
  }
  return undefined;
}

function strip(text: string): string {
  return text.replace(STRIP, "");
}

function rstrip(text: string): string {
  return text.replace(RSTRIP, "");
}
