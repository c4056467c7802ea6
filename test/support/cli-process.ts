/**
 * The built `didops` command (`bin/didops.js`, run `npm run build` first) in a child process: what a user runs. Most
 * CLI cases run in-process (cli-in-process.ts); these prove the binary itself, one or two per command.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { CliRun } from './cli-in-process';

/** The executable `npx didops` runs. */
export const BIN = resolve(__dirname, '../../bin/didops.js');

/** Options of {@link runCliBinary}. */
export interface BinaryOptions {
  cwd?: string;
  /** The child's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Written to the child's standard input, which is then closed. */
  input?: string;
  /** Kill the child after this long (default 60 s). */
  timeoutMs?: number;
}

/** Runs `didops <args>` to completion without blocking this process (which may serve the sandbox it talks to). */
export function runCliBinary(args: string[], options: BinaryOptions = {}): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: options.env, timeout: options.timeoutMs ?? 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A long-running `didops` (the sandbox) once it printed "Press Ctrl+C": its output so far, and how to stop it. */
export interface RunningCli {
  output: string;
  /** Sends Ctrl+C and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `didops <args>` and resolves when it says it is ready; rejects if it exits first. */
export function startCliBinary(args: string[]): Promise<RunningCli> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolveReady, reject) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString();
      if (text.includes('Press Ctrl+C')) {
        resolveReady({ output: text, stop: () => new Promise((r) => { child.once('exit', (code) => r(code)); child.kill('SIGINT'); }) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`didops exited with ${code}:\n${text}`)));
  });
}
