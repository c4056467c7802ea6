/** The `didops` command run from source (tsx) in a child process, so CLI tests need no build. */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { resolve } from 'node:path';

const MAIN = resolve(__dirname, '../../src/cli/main.ts');

/** Runs `didops <args>` to completion. */
export function runCliFromSource(args: string[], options: { timeoutMs?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', timeout: options.timeoutMs ?? 60_000 });
}

/** A long-running `didops` (the sandbox) once it printed "Press Ctrl+C": its output so far, and how to stop it. */
export interface RunningCli {
  output: string;
  /** Sends Ctrl+C and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `didops <args>` and resolves when it says it is ready; rejects if it exits first. */
export function startCliFromSource(args: string[]): Promise<RunningCli> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
