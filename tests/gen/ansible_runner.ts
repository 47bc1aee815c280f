/**
 * Runs the real `ansible-inventory`, either as one process per call or through a
 * fork server: a Python process that imports `ansible.cli.inventory` once (with the
 * same interpreter, environment and working directory the command would have) and
 * forks a child per call that runs the command's own `main()` with fresh argv, cwd,
 * stdin (/dev/null), stdout and stderr. Startup is most of the ~0.7 s an
 * `ansible-inventory` call costs; a forked call takes ~50 ms. The differential test
 * checks on its first cases that both ways give byte-identical results.
 *
 * @module
 */

/** What one call printed and its exit status. */
export interface AnsibleResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** A way to call `ansible-inventory`. */
export interface AnsibleRunner {
  /** `"process"` or `"fork-server"`. */
  readonly kind: string;
  /** Runs `ansible-inventory ARGS` in `cwd`. */
  run(args: readonly string[], cwd: string): Promise<AnsibleResult>;
  /** Stops the runner's processes. */
  close(): Promise<void>;
}

const decoder = new TextDecoder();

/** One `ansible-inventory` process per call. */
export function processRunner(program = "ansible-inventory"): AnsibleRunner {
  return {
    kind: "process",
    async run(args, cwd) {
      const out = await new Deno.Command(program, {
        args: [...args],
        cwd,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      })
        .output();
      return {
        stdout: decoder.decode(out.stdout),
        stderr: decoder.decode(out.stderr),
        code: out.code,
      };
    },
    close: () => Promise.resolve(),
  };
}

// The child runs the command's main() exactly as the installed script does, after
// pointing fds 0/1/2 at /dev/null and two temporary files.
const SERVER = String.raw`
import base64, json, os, sys, tempfile, traceback
PROG = sys.argv[1]
sys.argv = [PROG]
from ansible.cli.inventory import main
reply = sys.stdout
print("ready", file=reply, flush=True)
for line in sys.stdin:
    req = json.loads(line)
    fo = tempfile.TemporaryFile()
    fe = tempfile.TemporaryFile()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            os.chdir(req["cwd"])
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            os.dup2(fo.fileno(), 1)
            os.dup2(fe.fileno(), 2)
            sys.argv = [PROG] + req["args"]
            try:
                main()
                code = 0
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except BaseException:
            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    _, status = os.waitpid(pid, 0)
    fo.seek(0)
    fe.seek(0)
    reply.write(json.dumps({
        "code": os.waitstatus_to_exitcode(status),
        "stdout": base64.b64encode(fo.read()).decode(),
        "stderr": base64.b64encode(fe.read()).decode(),
    }) + "\n")
    reply.flush()
    fo.close()
    fe.close()
`;

function which(program: string): string | undefined {
  const out = new Deno.Command("sh", {
    args: ["-c", `command -v "$0"`, program],
    stdout: "piped",
    stderr: "null",
  })
    .outputSync();
  const path = decoder.decode(out.stdout).trim();
  return out.success && path !== "" ? path : undefined;
}

function fromBase64(b64: string): string {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return decoder.decode(bytes);
}

/**
 * A fork server for `program`, started in `cwd`, or undefined when the installed
 * command is not the usual Python entry script (then use {@linkcode processRunner}).
 */
export async function forkServerRunner(
  cwd: string,
  program = "ansible-inventory",
): Promise<AnsibleRunner | undefined> {
  const path = which(program);
  if (!path) return undefined;
  let script: string;
  try {
    script = await Deno.readTextFile(path);
  } catch {
    return undefined;
  }
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(script);
  if (!shebang || !script.includes("from ansible.cli.inventory import main")) return undefined;
  const interpreter = shebang[1]!.endsWith("/env") && shebang[2] ? [shebang[2]] : [shebang[1]!];
  const child = new Deno.Command(interpreter[0]!, {
    args: ["-c", SERVER, path],
    cwd,
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = child.stdin.getWriter();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const readLine = async (): Promise<string | undefined> => {
    while (!buffer.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) return undefined;
      buffer += value;
    }
    const at = buffer.indexOf("\n");
    const line = buffer.slice(0, at);
    buffer = buffer.slice(at + 1);
    return line;
  };
  const encoder = new TextEncoder();
  const stop = async () => {
    await writer.close().catch(() => {});
    await reader.cancel().catch(() => {});
    await child.status;
  };
  if ((await readLine()) !== "ready") {
    await stop();
    return undefined;
  }
  let queue: Promise<unknown> = Promise.resolve();
  return {
    kind: "fork-server",
    run(args, callCwd) {
      // One call at a time per server: requests and replies are matched by order.
      const result = queue.then(async () => {
        await writer.write(encoder.encode(JSON.stringify({ args, cwd: callCwd }) + "\n"));
        const line = await readLine();
        if (line === undefined) throw new Error("ansible-inventory fork server ended unexpectedly");
        const reply = JSON.parse(line) as { code: number; stdout: string; stderr: string };
        return {
          code: reply.code,
          stdout: fromBase64(reply.stdout),
          stderr: fromBase64(reply.stderr),
        };
      });
      queue = result.catch(() => {});
      return result;
    },
    close: stop,
  };
}
