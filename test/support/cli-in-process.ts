/**
 * The `didops` command run inside the test process: `runCli`, the entry `bin/didops.js` runs, over an io that
 * captures stdout and stderr and hands the command its own environment and standard input. A node start per command
 * costs about a second on a busy machine; most CLI cases only need the program's behaviour, and a few spawned runs
 * prove the binary itself.
 */
import { runCli } from '../../src/cli/main';

/** What one command printed and how it exited, as a spawned run reports it. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCliInProcess}. */
export interface InProcessOptions {
  /** Working directory of the command (process-wide, so runs take turns). */
  cwd?: string;
  /** The command's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Standard input, for `-` as a file name. */
  input?: string;
}

/** Runs one at a time: the working directory is process-wide. */
let queue: Promise<unknown> = Promise.resolve();

/** Runs `didops <args>` in-process, as `bin/didops.js` would, and resolves with what it printed and its exit code. */
export function runCliInProcess(args: string[], options: InProcessOptions = {}): Promise<CliRun> {
  const run = queue.then(() => runNow(args, options));
  queue = run.catch(() => undefined);
  return run;
}

async function runNow(args: string[], { cwd, env = process.env, input = '' }: InProcessOptions): Promise<CliRun> {
  const text = (chunk: string | Uint8Array) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
  const printed = { stdout: '', stderr: '' };
  const before = process.cwd();
  if (cwd !== undefined) process.chdir(cwd);
  try {
    const status = await runCli(args, {
      env,
      readStdin: () => input,
      stdout: { write: (chunk) => (printed.stdout += text(chunk)) },
      stderr: { write: (chunk) => (printed.stderr += text(chunk)) },
    });
    return { status, ...printed };
  } finally {
    process.chdir(before);
  }
}
