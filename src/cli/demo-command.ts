/** `didops demo`: the README's first command. Starts an embedded sandbox and drives it with the real twilio SDK. */
import type { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTwilioClient } from '../carriers/twilio';
import { startSandbox } from '../sandbox/server';

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => '  ' + r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

/** Registers the command. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Start an embedded sandbox, search numbers, buy one and show it, all through the official twilio SDK.')
    .option('-d, --data-dir <dir>', 'keep the sandbox state here (default: a temporary folder removed afterwards)')
    .action(async (opts: { dataDir?: string }) => {
      const dataDir = opts.dataDir ? resolve(opts.dataDir) : mkdtempSync(join(tmpdir(), 'didops-demo-'));
      console.log('1. Starting the didops sandbox (the first run generates its inventory of 1,000,000 numbers; later runs reuse it)');
      const sandbox = await startSandbox({ dataDir, onProgress: (m) => console.log(`   ${m}`) });
      try {
        console.log(`   listening on ${sandbox.url} (ready in ${Math.round(sandbox.startupMs)} ms)\n`);
        const client = createTwilioClient({ accountSid: sandbox.accountSid, authToken: sandbox.authToken, baseUrl: sandbox.url });

        console.log('2. Searching: local numbers in area code 415 (San Francisco) with voice and SMS');
        const local = await client.availablePhoneNumbers('US').local.list({ areaCode: 415, voiceEnabled: true, smsEnabled: true, limit: 5 });
        console.log(table([['number', 'locality', 'region', 'address needed'], ...local.map((n) => [n.friendlyName, n.locality ?? '', n.region ?? '', n.addressRequirements])]));

        console.log('\n   Vanity: US numbers whose digits spell CALL anywhere (Contains=CALL, letters map to the keypad)');
        const vanity = await client.availablePhoneNumbers('US').local.list({ contains: 'CALL', limit: 3 });
        console.log(table([['number', 'locality', 'region'], ...vanity.map((n) => [n.phoneNumber, n.locality ?? '', n.region ?? ''])]));

        const chosen = local[0];
        if (!chosen) throw new Error('the sandbox returned no 415 numbers; is the data dir from another seed?');
        console.log(`\n3. Buying ${chosen.phoneNumber}`);
        const bought = await client.incomingPhoneNumbers.create({
          phoneNumber: chosen.phoneNumber,
          friendlyName: 'didops demo line',
          voiceUrl: 'https://example.com/voice',
        });

        console.log('\n4. The number as Twilio reports it:');
        const shown = await client.incomingPhoneNumbers(bought.sid).fetch();
        console.log(table([
          ['sid', shown.sid], ['phone_number', shown.phoneNumber], ['friendly_name', shown.friendlyName],
          ['voice_url', shown.voiceUrl ?? ''], ['capabilities', Object.entries(shown.capabilities).filter(([, v]) => v).map(([k]) => k).join(', ')],
          ['date_created', shown.dateCreated.toISOString()],
        ]));
        const still = await client.availablePhoneNumbers('US').local.list({ contains: `+${chosen.phoneNumber.slice(1)}`, limit: 1 });
        console.log(`   …and it has left the available inventory: a search for it finds ${still.length} number(s).`);

        await client.incomingPhoneNumbers(bought.sid).remove();
        console.log(`\n5. Released ${shown.phoneNumber} again, so the demo can be re-run. Try it yourself:`);
        console.log('     npx didops sandbox            # then point createTwilioClient({ baseUrl }) or curl at it');
      } finally {
        await sandbox.close();
        if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    });
}
