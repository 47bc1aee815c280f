/**
 * Warnings about legal-but-odd input. Like Ansible's display, each distinct message is
 * kept once, in the order first seen; the CLI prints them to stderr as `[WARNING]: ...`.
 *
 * @module
 */

/** An ordered, de-duplicated list of warning messages. */
export class Warnings {
  readonly #seen = new Set<string>();

  /** Records a warning unless the same text was recorded before. */
  add(message: string): void {
    this.#seen.add(message);
  }

  /** The messages in the order they were first recorded. */
  list(): string[] {
    return [...this.#seen];
  }
}
