/**
 * The `didops` command tree run inside the test process: the program `bin/didops.js` runs (`buildProgram`),
 * with its stdout, stderr and exit code captured. A node start per command costs about a second on a busy
 * machine; most CLI cases only need the program's behaviour, and a few spawned runs prove the binary itself.
 */
import { CommanderError } from 'commander';
import { buildProgram } from '../../src/cli/main';

/** What one command printed and how it exited, as a spawned run reports it. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one at a time: process.stdout, process.exitCode and the working directory are process-wide. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `didops <args>` in-process, as `bin/didops.js` would: the exit code is the one the command set
 * (`process.exitCode`) or the CommanderError it threw; any other error prints `didops: …` and exits 1.
 */
export function runCliInProcess(args: string[], cwd?: string): Promise<CliRun> {
  const run = queue.then(() => runNow(args, cwd));
  queue = run.catch(() => undefined);
  return run;
}

async function runNow(args: string[], cwd: string | undefined): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const text = (chunk: unknown) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => ((stdout += text(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => ((stderr += text(chunk)), true));
  const before = process.cwd();
  if (cwd !== undefined) process.chdir(cwd);
  process.exitCode = undefined;
  let status: number;
  try {
    await buildProgram().exitOverride().parseAsync(['node', 'didops', ...args]);
    status = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (thrown) {
    if (thrown instanceof CommanderError) status = thrown.exitCode;
    else {
      stderr += `didops: ${(thrown as Error).message}\n`;
      status = 1;
    }
  } finally {
    process.exitCode = undefined;
    process.chdir(before);
    out.mockRestore();
    err.mockRestore();
  }
  return { status, stdout, stderr };
}
