/**
 * Carrier options shared by the commands that talk to a carrier (or the sandbox): `--carrier`, then each carrier's
 * credentials, flags first and the environment second, with an error that names the missing setting.
 */
import type { Command } from 'commander';
import { CARRIER_NAMES, type Carrier, type CarrierName } from '../carriers/carrier';
import { createTwilioClient, twilioCarrier, type TwilioClient } from '../carriers/twilio';
import { DEFAULT_TELNYX_API_KEY } from '../sandbox/telnyx/telnyx-sandbox';

/** The flags {@link withCarrierOptions} adds. */
export interface CarrierFlags {
  carrier?: string;
  accountSid?: string;
  authToken?: string;
  baseUrl?: string;
  telnyxApiKey?: string;
  telnyxBaseUrl?: string;
}

/** Adds --account-sid, --auth-token and --base-url (Twilio) to a command. */
export function withTwilioOptions(command: Command): Command {
  return command
    .option('--account-sid <AC…>', 'Twilio account SID (default: $TWILIO_ACCOUNT_SID)')
    .option('--auth-token <token>', 'Twilio auth token (default: $TWILIO_AUTH_TOKEN; prefer the variable, flags show in `ps`)')
    .option('--base-url <url>', 'send Twilio requests to a sandbox, e.g. http://127.0.0.1:4010 (default: $DIDOPS_TWILIO_BASE_URL)');
}

/** Adds --carrier, the Twilio options and --telnyx-api-key / --telnyx-base-url to a command. */
export function withCarrierOptions(command: Command): Command {
  return withTwilioOptions(command.option('--carrier <name>', `carrier to ask: ${CARRIER_NAMES.join(' or ')} (default: $DIDOPS_CARRIER, else twilio)`))
    .option('--telnyx-api-key <key>', 'Telnyx API key (default: $TELNYX_API_KEY; prefer the variable, flags show in `ps`)')
    .option('--telnyx-base-url <url>', 'send Telnyx requests to a sandbox, e.g. http://127.0.0.1:4010 (default: $DIDOPS_TELNYX_BASE_URL)');
}

/** The help text of the carrier settings, for commands that take {@link withCarrierOptions}. */
export const CARRIER_HELP = `
Carriers: --carrier twilio (the default) or --carrier telnyx; DIDOPS_CARRIER=telnyx makes Telnyx the default.
  Twilio: TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or --account-sid, --auth-token);
          DIDOPS_TWILIO_BASE_URL (or --base-url) sends the requests to a sandbox instead of Twilio.
  Telnyx: TELNYX_API_KEY (or --telnyx-api-key);
          DIDOPS_TELNYX_BASE_URL (or --telnyx-base-url) sends the requests to a sandbox instead of Telnyx.
  Against \`didops sandbox\` (its default credentials):
    $ TELNYX_API_KEY=${DEFAULT_TELNYX_API_KEY} DIDOPS_TELNYX_BASE_URL=http://127.0.0.1:4010 \\
        didops numbers search --carrier telnyx --country US --area-code 312 --suffix 00`;

/** Builds the Twilio SDK client from the flags or the environment `env`. */
export function twilioClientFrom(opts: CarrierFlags, env: NodeJS.ProcessEnv): TwilioClient {
  const accountSid = opts.accountSid ?? env.TWILIO_ACCOUNT_SID;
  const authToken = opts.authToken ?? env.TWILIO_AUTH_TOKEN;
  const baseUrl = opts.baseUrl ?? env.DIDOPS_TWILIO_BASE_URL;
  if (!accountSid) throw new Error('no Twilio account: pass --account-sid or set TWILIO_ACCOUNT_SID (for the sandbox, see `didops sandbox`)');
  if (!authToken) throw new Error('no Twilio auth token: set TWILIO_AUTH_TOKEN (or pass --auth-token)');
  return createTwilioClient({ accountSid, authToken, baseUrl });
}

/** The carrier `--carrier` names (or $DIDOPS_CARRIER, else Twilio), built from its flags or the environment `env`. */
export function carrierFrom(opts: CarrierFlags, env: NodeJS.ProcessEnv): Carrier {
  const source = opts.carrier !== undefined ? '--carrier' : env.DIDOPS_CARRIER ? 'DIDOPS_CARRIER' : undefined;
  const name = (opts.carrier ?? (env.DIDOPS_CARRIER || 'twilio')).toLowerCase();
  if (!(CARRIER_NAMES as readonly string[]).includes(name)) throw new Error(`${source}: "${name}" is not a carrier didops speaks; use ${CARRIER_NAMES.join(' or ')}`);
  if ((name as CarrierName) === 'twilio') return twilioCarrier(twilioClientFrom(opts, env));
  const apiKey = opts.telnyxApiKey ?? env.TELNYX_API_KEY;
  const baseUrl = opts.telnyxBaseUrl ?? env.DIDOPS_TELNYX_BASE_URL;
  if (!apiKey) throw new Error(`no Telnyx API key: set TELNYX_API_KEY (or pass --telnyx-api-key); for \`didops sandbox\`, TELNYX_API_KEY=${DEFAULT_TELNYX_API_KEY} and DIDOPS_TELNYX_BASE_URL=http://127.0.0.1:4010`);
  // Required here: only a Telnyx command loads the Telnyx SDK.
  const { createTelnyxCarrier } = require('../carriers/telnyx') as typeof import('../carriers/telnyx');
  return createTelnyxCarrier({ apiKey, baseUrl });
}
