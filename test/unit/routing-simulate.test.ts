/** The plan simulator, told as the calls people make to the example plans. */
import { join } from 'node:path';
import type { E164 } from '../../src/core/e164';
import type { RoutingPlan } from '../../src/routing/model';
import { loadPlanFile } from '../../src/routing/parse';
import { deriveCallSid, parseCallTime, simulateCall } from '../../src/routing/simulate';
import type { CallScenario } from '../../src/routing/call-scenario';

function example(file: string): RoutingPlan {
  const [parsed] = loadPlanFile(join(__dirname, '..', '..', 'examples', 'routing', file));
  if (!parsed.plan) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.plan;
}

const bakery = example('small-business.yaml');
const centre = example('call-centre.yaml');
const national = example('geo-routed.yaml');

function call(plan: RoutingPlan, at: string, extra: Partial<CallScenario> = {}) {
  const from = (extra.from ?? '+14155550123') as E164;
  const when = parseCallTime(at, plan.timeZone);
  return simulateCall(plan, { from, at: when, callSid: deriveCallSid(from, when), ...extra });
}
const path = (result: ReturnType<typeof simulateCall>) => result.steps.map((s) => s.step);

describe('simulating calls to the corner bakery', () => {
  it('rings the shop on a Tuesday morning and connects', () => {
    const result = call(bakery, '2026-11-24T10:00');
    expect(path(result)).toEqual(['hours', 'shop']);
    expect(result.ending).toBe('Connected to +1 212 555 0142.');
  });

  it('tries the owner when the shop does not answer, then voicemail', () => {
    const result = call(bakery, '2026-11-24T10:00', { outcomes: { '+12125550142': 'no-answer', '+19175550199': 'busy' } });
    expect(path(result)).toEqual(['hours', 'shop', 'owner', 'voicemail']);
    expect(result.steps[1]).toMatchObject({ outcome: 'no-answer' });
    expect(result.ending).toBe('Left a voicemail.');
  });

  it('sends a Tuesday 19:00 New York call to the closed greeting and voicemail', () => {
    expect(path(call(bakery, '2026-11-24T19:00'))).toEqual(['hours', 'closed_greeting', 'voicemail']);
  });

  it('reads a time with an explicit offset as that instant: 23:30Z is 18:30 in New York, closed', () => {
    expect(path(call(bakery, '2026-11-24T23:30Z'))).toEqual(['hours', 'closed_greeting', 'voicemail']);
    expect(path(call(bakery, '2026-11-24T22:30Z'))).toEqual(['hours', 'shop']);
  });

  it('treats Thanksgiving as a holiday even during opening hours', () => {
    const result = call(bakery, '2026-11-26T10:00');
    expect(path(result)).toEqual(['hours', 'closed_greeting', 'voicemail']);
    expect(result.steps[0]).toMatchObject({ outcome: 'holidays[0]', action: expect.stringContaining('holiday (US public holidays)') });
  });

  it('opens Saturday mornings only', () => {
    expect(path(call(bakery, '2026-11-28T09:00'))).toEqual(['hours', 'shop']);
    expect(path(call(bakery, '2026-11-28T15:00'))).toEqual(['hours', 'closed_greeting', 'voicemail']);
  });
});

describe('simulating calls to the call centre', () => {
  it('plays the recording notice, then pressing 2 reaches the billing queue', () => {
    const result = call(centre, '2026-11-24T10:00', { inputs: ['2'] });
    expect(result.preamble).toContain('Calls are recorded');
    expect(path(result)).toEqual(['hours', 'menu', 'billing_queue']);
    expect(result.steps[1].action).toBe('Menu: caller pressed 2 (Billing)');
  });

  it('re-prompts after an invalid key and accepts speech on the retry', () => {
    const result = call(centre, '2026-11-24T10:00', { inputs: ['7', 'speech:Technical'] });
    expect(path(result)).toEqual(['hours', 'menu', 'tech_queue']);
    expect(result.steps[1].action).toBe('Menu: caller pressed 7 (not an option), then caller said "Technical" (Technical support)');
  });

  it('understands a transcript with capitals and punctuation, as Twilio writes it ("Invoices.")', () => {
    expect(path(call(centre, '2026-11-24T10:00', { inputs: ['speech:Invoices.'] }))).toEqual(['hours', 'menu', 'billing_queue']);
  });

  it('sends callers who press nothing three times to the sales queue', () => {
    expect(path(call(centre, '2026-11-24T10:00'))).toEqual(['hours', 'menu', 'sales_queue']);
  });

  it('sends three invalid choices to the operator', () => {
    expect(path(call(centre, '2026-11-24T10:00', { inputs: ['9', '9', '9'] }))).toEqual(['hours', 'menu', 'operator']);
  });

  it('hears "#" alone, empty speech or keys that are not on a keypad as no input, as Gather does (a timeout, not an invalid choice)', () => {
    // menu: retries 2, onTimeout sales_queue, onInvalid operator. Three silent tries end in onTimeout.
    for (const nothing of ['#', '#1', 'speech:', 'speech:   ', 'x']) {
      const result = call(centre, '2026-11-24T10:00', { inputs: [nothing, nothing, nothing] });
      expect(path(result)).toEqual(['hours', 'menu', 'sales_queue']);
      expect(result.steps[1].outcome).toBe('timeout');
    }
    // Keys after "#" are not heard; letters between digits are skipped, as the sandbox's Gather does.
    expect(path(call(centre, '2026-11-24T10:00', { inputs: ['2#9'] }))).toEqual(['hours', 'menu', 'billing_queue']);
  });

  it('overflows a queue that waits too long to the second site, and its voicemail when that is busy', () => {
    const result = call(centre, '2026-11-24T10:00', {
      inputs: ['1'],
      outcomes: { 'queue:sales': 'timeout', 'sip:support@pbx.manchester.acme.example:5060': 'busy' },
    });
    expect(path(result)).toEqual(['hours', 'menu', 'sales_queue', 'overflow', 'voicemail']);
  });
});

describe('simulating calls to the national number', () => {
  it('routes a San Francisco caller to the West office', () => {
    expect(path(call(national, '2026-11-24T10:00', { from: '+14155550123' as E164 }))).toEqual(['screening', 'region', 'west']);
  });

  it('hangs up on a blocked caller', () => {
    const result = call(national, '2026-11-24T10:00', { from: '+12025550111' as E164 });
    expect(path(result)).toEqual(['screening', 'blocked']);
    expect(result.ending).toBe('Hung up.');
  });

  it('sends a Toronto caller to the Canada office and a London caller to central', () => {
    expect(path(call(national, '2026-11-24T10:00', { from: '+14165550123' as E164 }))).toEqual(['screening', 'region', 'canada']);
    expect(path(call(national, '2026-11-24T10:00', { from: '+442079460000' as E164 }))).toEqual(['screening', 'region', 'central']);
  });

  it('shares New York City callers 80/20 by the call SID', () => {
    const at = parseCallTime('2026-11-24T10:00', national.timeZone);
    const from = '+12125550123' as E164;
    const low = simulateCall(national, { from, at, callSid: `CA${'0'.repeat(30)}10` });
    const high = simulateCall(national, { from, at, callSid: `CA${'0'.repeat(30)}f0` });
    expect(path(low)).toEqual(['screening', 'region', 'east_trial', 'east']);
    expect(path(high)).toEqual(['screening', 'region', 'east_trial', 'trial_team']);
  });

  it('falls back from the trial team in turn to the East office rung all at once', () => {
    const at = parseCallTime('2026-11-24T10:00', national.timeZone);
    const result = simulateCall(national, {
      from: '+12125550123' as E164,
      at,
      callSid: `CA${'0'.repeat(30)}ff`,
      outcomes: { '+16465550170': 'no-answer', '+16465550171': 'busy', '+12125550100': 'busy' },
    });
    expect(path(result)).toEqual(['screening', 'region', 'east_trial', 'trial_team', 'east']);
    expect(result.ending).toBe('Connected to +1 212 555 0101.');
  });
});

describe('reading --at', () => {
  it('refuses something that is not a time, naming the option', () => {
    expect(() => parseCallTime('tuesday evening', 'America/New_York')).toThrow(/"tuesday evening" is not a time/);
  });

  it('stops a plan that loops forever instead of hanging', () => {
    const loop: RoutingPlan = { ...bakery, start: 'a', steps: { a: { type: 'say', message: 'A', next: 'b' }, b: { type: 'say', message: 'B', next: 'a' } } };
    const result = simulateCall(loop, { from: '+14155550123' as E164, at: new Date(), callSid: deriveCallSid('x', new Date(0)) }, { maxSteps: 10 });
    expect(result.steps).toHaveLength(10);
    expect(result.ending).toMatch(/loop/);
  });
});
