/**
 * Runs ha-inventory for the fuzzer inside a worker, so that a run that hangs can be
 * stopped (`Worker.terminate()` ends even a busy loop) without stopping the fuzzer.
 *
 * Message in: `{ id, args }`. Message out: `{ id, code, stdout, stderr, ms }`, or
 * `{ id, crash }` when `runAsync` itself threw (it should never); `{ id: -1, ready }`
 * once, when the worker has loaded.
 *
 * @module
 */

import { runAsync } from "../src/cli/main.ts";

/** A request to run the command. */
export interface FuzzRequest {
  readonly id: number;
  readonly args: readonly string[];
}

/** What the command printed, or what escaped it. */
export type FuzzReply =
  | { id: number; code: number; stdout: string; stderr: string; ms: number }
  | { id: number; crash: string }
  | { id: -1; ready: true };

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<FuzzRequest>) => void) | null;
  postMessage(message: FuzzReply): void;
};

// Loading this module (and, under `deno test`, type-checking it) can take seconds: the
// fuzzer starts each input's clock only after this message.
scope.postMessage({ id: -1, ready: true });

scope.onmessage = async (event) => {
  const { id, args } = event.data;
  const started = performance.now();
  try {
    const result = await runAsync(args);
    // Only plain data crosses to the fuzzer (a large stdout comes as a one-shot iterable).
    const { code, stdout, stderr } = result;
    scope.postMessage({ id, code, stdout, stderr, ms: performance.now() - started });
  } catch (error) {
    scope.postMessage({
      id,
      crash: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
};
