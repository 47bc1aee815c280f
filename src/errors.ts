/**
 * Typed errors. Every user mistake is one of these; the CLI prints them as
 * `file:line:column: message` and exits 1. Anything else that escapes is a bug.
 *
 * @module
 */

/** Where in which file something was written. Lines and columns count from 1. */
export interface Location {
  /** The file path as the user gave it (or as found below a source they gave). */
  readonly file: string;
  /** 1-based line, when known. */
  readonly line?: number;
  /** 1-based column, when known. */
  readonly column?: number;
}

/** Formats a location as `file:line:column` (or shorter, as far as it is known). */
export function formatLocation(where: Location): string {
  let text = where.file;
  if (where.line !== undefined) {
    text += `:${where.line}`;
    if (where.column !== undefined) text += `:${where.column}`;
  }
  return text;
}

/** Text of a source that cannot be parsed: bad INI, YAML, JSON, host range, ... */
export class InventorySyntaxError extends SyntaxError {
  /** Where the problem is. */
  readonly location: Location;
  /**
   * @param message what is wrong, in sentence case, naming the offending text
   * @param location where
   */
  constructor(message: string, location: Location) {
    super(message);
    this.name = "InventorySyntaxError";
    this.location = location;
  }
}

/** Input that parses but cannot be used: a vars file that is not a mapping, a group cycle, ... */
export class InventoryError extends Error {
  /** Where the problem is, when it is in a file. */
  readonly location: Location | undefined;
  /**
   * @param message what is wrong
   * @param location where, if known
   */
  constructor(message: string, location?: Location) {
    super(message);
    this.name = "InventoryError";
    this.location = location;
  }
}

/** A value Ansible itself could not print (a Python set, complex or bytes). */
export class UnserializableValueError extends TypeError {
  /**
   * @param message what the value is
   */
  constructor(message: string) {
    super(message);
    this.name = "UnserializableValueError";
  }
}

/** Prints a user-facing error the way the CLI does: `file:line:column: message`. */
export function describeError(error: InventorySyntaxError | InventoryError): string {
  return error.location ? `${formatLocation(error.location)}: ${error.message}` : error.message;
}

/**
 * Runs `action`, giving an {@linkcode InventoryError} that has no location yet the
 * location of the line being handled (model operations do not know their file).
 */
export function withLocation(where: Location, action: () => void): void {
  try {
    action();
  } catch (error) {
    if (error instanceof InventoryError && error.location === undefined) {
      throw new InventoryError(error.message, where);
    }
    throw error;
  }
}
