/** Carrier options shared by the commands that talk to Twilio (or a sandbox): flags first, then the environment. */
import type { Command } from 'commander';
import { createTwilioClient, type TwilioClient } from '../carriers/twilio';

/** Adds --account-sid, --auth-token and --base-url to a command. */
export function withTwilioOptions(command: Command): Command {
  return command
    .option('--account-sid <AC…>', 'Twilio account SID (default: $TWILIO_ACCOUNT_SID)')
    .option('--auth-token <token>', 'Twilio auth token (default: $TWILIO_AUTH_TOKEN; prefer the variable, flags show in `ps`)')
    .option('--base-url <url>', 'send requests to a sandbox, e.g. http://127.0.0.1:4010 (default: $DIDOPS_TWILIO_BASE_URL)');
}

/** Builds the SDK client from the flags or the environment, with an error that says which setting is missing. */
export function twilioClientFrom(opts: { accountSid?: string; authToken?: string; baseUrl?: string }): TwilioClient {
  const accountSid = opts.accountSid ?? process.env.TWILIO_ACCOUNT_SID;
  const authToken = opts.authToken ?? process.env.TWILIO_AUTH_TOKEN;
  const baseUrl = opts.baseUrl ?? process.env.DIDOPS_TWILIO_BASE_URL;
  if (!accountSid) throw new Error('no Twilio account: pass --account-sid or set TWILIO_ACCOUNT_SID (for the sandbox, see `didops sandbox`)');
  if (!authToken) throw new Error('no Twilio auth token: set TWILIO_AUTH_TOKEN (or pass --auth-token)');
  return createTwilioClient({ accountSid, authToken, baseUrl });
}
