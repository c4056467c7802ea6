/** Entry point of the `didops` command. */
import { Command, CommanderError } from 'commander';
import { registerDemoCommand } from './demo-command';
import { registerNumbersCommand } from './numbers-command';
import { registerReconcilerCommand } from './reconciler-command';
import { registerRoutingCommand } from './routing-command';
import { registerSandboxCommand } from './sandbox-command';

/** Builds the command tree (exported for tests, which run it in-process). */
export function buildProgram(): Command {
  const program = new Command('didops')
    .description('Phone numbers as code: search, buy, route and bill telephone numbers from Pulumi and Terraform.')
    .showHelpAfterError('(run with --help for usage)');
  registerSandboxCommand(program);
  registerDemoCommand(program);
  registerNumbersCommand(program);
  registerRoutingCommand(program);
  registerReconcilerCommand(program);
  return program;
}

if (require.main === module || process.argv[1]?.endsWith('didops.js') || process.argv[1]?.endsWith('/didops')) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      if (err instanceof CommanderError) process.exit(err.exitCode);
      console.error(`didops: ${(err as Error).message}`);
      process.exit(1);
    });
}
