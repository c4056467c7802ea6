/** Entry point of the `didops` command. */
import { Command, CommanderError } from 'commander';
import { registerDemoCommand } from './demo-command';
import { processIo, type CliIo } from './io';
import { registerNumbersCommand } from './numbers-command';
import { registerReconcilerCommand } from './reconciler-command';
import { registerRoutingCommand } from './routing-command';
import { registerSandboxCommand } from './sandbox-command';

/**
 * Builds the command tree over `io`. Commander's own exits (help, usage errors) throw a CommanderError carrying the
 * exit code instead of ending the process, and so do commands that fail after saying why.
 */
export function buildProgram(io: CliIo = processIo()): Command {
  // Output and exit settings first: subcommands copy them when they are created.
  const program = new Command('didops')
    .description('Phone numbers as code: search, buy, route and bill telephone numbers from Pulumi and Terraform.')
    .configureOutput({ writeOut: (text) => void io.stdout.write(text), writeErr: (text) => void io.stderr.write(text) })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerSandboxCommand(program, io);
  registerDemoCommand(program, io);
  registerNumbersCommand(program, io);
  registerRoutingCommand(program, io);
  // Still on console and process.env: it should take `io` like the others (noted for the reconciler's issue).
  registerReconcilerCommand(program);
  return program;
}

/**
 * Runs `didops <args>` and resolves with its exit code: the one a CommanderError carries, else 1 for any other error
 * (printed as `didops: <message>`), else 0. The bin runs it over the process; tests run it in-process over their own io.
 */
export async function runCli(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...args], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    io.stderr.write(`didops: ${(err as Error).message}\n`);
    return 1;
  }
}

if (require.main === module || process.argv[1]?.endsWith('didops.js') || process.argv[1]?.endsWith('/didops')) {
  void runCli(process.argv.slice(2)).then((code) => {
    // A failure ends the process at once, as before; success leaves it to finish (the sandbox keeps serving).
    if (code !== 0) process.exit(code);
  });
}
