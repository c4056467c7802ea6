/**
 * `didops demo`: the README's first command. Starts an embedded sandbox, drives its Twilio API with the real twilio
 * SDK (search, buy, show, route), then buys a Telnyx number through the PhoneNumber handler (demo-telnyx.ts), and
 * bills both numbers for a month on the sandbox's Stripe API (demo-billing.ts).
 */
import type { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { createTwilioClient, type TwilioClient } from '../carriers/twilio';
import { formatDiagnostic } from '../core/diagnostics';
import type { E164 } from '../core/e164';
import { validatePlanDocument } from '../routing/check';
import { compileRoutingPlan } from '../routing/compile';
import { readPlanDocument } from '../routing/parse';
import { deriveCallSid, parseCallTime, simulateCall } from '../routing/simulate';
import { simulationParameters } from '../routing/call-scenario';
import { startSandbox } from '../sandbox/server';
import { demoTable as table } from './demo-table';
import { linesTo, type CliIo, type PrintLine } from './io';

/** Where the example plans live: the package root's examples/routing (the demo runs from a checkout). */
const EXAMPLE_PLAN = resolve(__dirname, '..', '..', '..', 'examples', 'routing', 'small-business.yaml');

/**
 * Step 5 of the demo: the bakery's routing plan checked, compiled to a Studio flow, deployed, bound to the number
 * just bought, and two calls simulated through the deployed flow by the sandbox (Studio's Executions API).
 */
async function demoRouting(client: TwilioClient, numberSid: string, number: string, print: PrintLine): Promise<string> {
  print(`\n5. Routing: ${relative(process.cwd(), EXAMPLE_PLAN)} (opening hours, then the shop, the owner's mobile, voicemail)`);
  const [parsed] = validatePlanDocument(readPlanDocument(readFileSync(EXAMPLE_PLAN, 'utf8'), EXAMPLE_PLAN));
  if (!parsed.plan) throw new Error(parsed.diagnostics.map(formatDiagnostic).join('\n'));
  const definition = compileRoutingPlan(parsed.plan, { name: parsed.name });
  print(`   checked: ${parsed.diagnostics.length} finding(s); compiled to a Studio flow of ${definition.states.length} states`);
  const flow = await client.studio.v2.flows.create({ friendlyName: `didops demo ${parsed.name}`, status: 'published', definition: definition as unknown as object });
  await client.incomingPhoneNumbers(numberSid).update({ voiceUrl: flow.webhookUrl, voiceMethod: 'POST' });
  print(`   deployed as ${flow.sid} (revision ${flow.revision}); ${number} now rings through it`);
  for (const [label, at] of [['Tuesday 10:00', '2026-11-24T10:00'], ['Tuesday 19:00', '2026-11-24T19:00']] as const) {
    const from = '+14155550123' as E164;
    const when = parseCallTime(at, parsed.plan.timeZone);
    const scenario = { from, to: number as E164, at: when, callSid: deriveCallSid(from, when) };
    const execution = await client.studio.v2.flows(flow.sid).executions.create({ from, to: number, parameters: simulationParameters(scenario) });
    const steps = await client.studio.v2.flows(flow.sid).executions(execution.sid).steps.list();
    const path = steps.reverse().map((s) => s.transitionedTo).filter((state) => Object.prototype.hasOwnProperty.call(parsed.plan!.steps, state));
    print(`   a call on ${label} New York time takes: ${path.join(' → ')}   (${simulateCall(parsed.plan, scenario).ending})`);
  }
  return flow.sid;
}

/** Registers the command, printing to `io`. */
export function registerDemoCommand(program: Command, io: CliIo): void {
  const print = linesTo(io.stdout);
  program
    .command('demo')
    .description('Start an embedded sandbox; search, buy, show and route a Twilio number through the official twilio SDK, buy a Telnyx number through the PhoneNumber handler, then bill both for a month on Stripe and print the invoice.')
    .option('-d, --data-dir <dir>', 'keep the sandbox state here (default: a temporary folder removed afterwards)')
    .action(async (opts: { dataDir?: string }) => {
      const dataDir = opts.dataDir ? resolve(opts.dataDir) : mkdtempSync(join(tmpdir(), 'didops-demo-'));
      print('1. Starting the didops sandbox (the first run generates its inventory of 1,000,000 numbers; later runs reuse it)');
      // The demo's Telnyx orders stay pending about a second: the progress shows, and nobody waits long.
      const { DEMO_ORDER_DELAY_MS, demoTelnyx } = await import('./demo-telnyx');
      const { demoBilling } = await import('./demo-billing');
      const sandbox = await startSandbox({ dataDir, onProgress: (m) => print(`   ${m}`), telnyx: { orderDelayMs: DEMO_ORDER_DELAY_MS } });
      try {
        print(`   listening on ${sandbox.url} (ready in ${Math.round(sandbox.startupMs)} ms)\n`);
        const client = createTwilioClient({ accountSid: sandbox.accountSid, authToken: sandbox.authToken, baseUrl: sandbox.url });

        print('2. Searching: local numbers in area code 415 (San Francisco) with voice and SMS');
        const local = await client.availablePhoneNumbers('US').local.list({ areaCode: 415, voiceEnabled: true, smsEnabled: true, limit: 5 });
        print(table([['number', 'locality', 'region', 'address needed'], ...local.map((n) => [n.friendlyName, n.locality ?? '', n.region ?? '', n.addressRequirements])]));

        print('\n   Vanity: US numbers whose digits spell CALL anywhere (Contains=CALL, letters map to the keypad)');
        const vanity = await client.availablePhoneNumbers('US').local.list({ contains: 'CALL', limit: 3 });
        print(table([['number', 'locality', 'region'], ...vanity.map((n) => [n.phoneNumber, n.locality ?? '', n.region ?? ''])]));

        const chosen = local[0];
        if (!chosen) throw new Error('the sandbox returned no 415 numbers; is the data dir from another seed?');
        print(`\n3. Buying ${chosen.phoneNumber}`);
        const bought = await client.incomingPhoneNumbers.create({
          phoneNumber: chosen.phoneNumber,
          friendlyName: 'didops demo line',
          voiceUrl: 'https://example.com/voice',
        });

        print('\n4. The number as Twilio reports it:');
        const shown = await client.incomingPhoneNumbers(bought.sid).fetch();
        print(table([
          ['sid', shown.sid], ['phone_number', shown.phoneNumber], ['friendly_name', shown.friendlyName],
          ['voice_url', shown.voiceUrl ?? ''], ['capabilities', Object.entries(shown.capabilities).filter(([, v]) => v).map(([k]) => k).join(', ')],
          ['date_created', shown.dateCreated.toISOString()],
        ]));
        const still = await client.availablePhoneNumbers('US').local.list({ contains: `+${chosen.phoneNumber.slice(1)}`, limit: 1 });
        print(`   …and it has left the available inventory: a search for it finds ${still.length} number(s).`);

        const flowSid = await demoRouting(client, bought.sid, shown.phoneNumber, print);

        await client.studio.v2.flows(flowSid).remove();
        await client.incomingPhoneNumbers(bought.sid).remove();
        print(`   Released ${shown.phoneNumber} and deleted the flow again.`);

        const telnyxNumber = await demoTelnyx(sandbox, client, print);
        await demoBilling(sandbox, [shown.phoneNumber, telnyxNumber], print);

        print('\n8. Every number bought was released, so the demo can be re-run. Try it yourself:');
        print('     npx didops sandbox                 # then point createTwilioClient({ baseUrl }), the telnyx SDK or curl at it');
        print('     npx didops numbers search --help   # search either carrier from the terminal (--carrier telnyx)');
        print('     npx didops routing --help          # check, render, diff, compile and simulate routing plans');
        print('     docs/billing.md                    # a month of billing step by step, every cent of the invoice worked out');
      } finally {
        await sandbox.close();
        if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    });
}
