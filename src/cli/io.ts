/**
 * What a `didops` command reads and writes besides its arguments: the environment, standard input and the two output
 * streams. The bin hands the commands the process's own; tests hand them their own, so one process can run many
 * commands side by side with a sandbox, and capture what each printed.
 */
import { readFileSync } from 'node:fs';

/** An output stream as the commands use it. */
export interface CliOutput {
  write(text: string | Uint8Array): unknown;
  /** True when a person watches it (progress lines are drawn only then). */
  isTTY?: boolean;
}

/** The surroundings a command runs in. */
export interface CliIo {
  /** The variables credentials and defaults are read from (TWILIO_ACCOUNT_SID, DIDOPS_CARRIER…). */
  env: NodeJS.ProcessEnv;
  /** Standard input to its end, for commands given `-` as a file name. */
  readStdin(): string;
  stdout: CliOutput;
  stderr: CliOutput;
}

/** The process's own environment and streams, as the `didops` bin runs. */
export function processIo(): CliIo {
  return {
    env: process.env,
    readStdin: () => readFileSync(0, 'utf8'),
    stdout: process.stdout,
    stderr: process.stderr,
  };
}

/** Prints one line of text to `out`, as console.log would. */
export type PrintLine = (text: string) => void;

/** A {@link PrintLine} that writes to `out`. */
export function linesTo(out: CliOutput): PrintLine {
  return (text) => void out.write(`${text}\n`);
}
