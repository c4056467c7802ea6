/**
 * The compiled Studio flow and the simulator agree on RANDOM PLANS, not only on the examples: a
 * generator writes plans that pass `checkRoutingPlan` without errors (every kind of step; schedules
 * with windows past midnight, ending at 24:00 and wrapping from Sunday to Monday, holidays, zones
 * with 30- and 45-minute offsets and southern-hemisphere daylight saving; menus with retries,
 * re-prompts, multi-digit and spoken options; sequential rings with SIP targets; geography, screening
 * and percentage splits), compiles each, checks the flow passes the sandbox's validator, and for
 * random callers, times, inputs and outcomes expects the sandbox's execution of the flow
 * (`executeFlow`, run directly) to visit the same steps in the same order as `simulateCall`.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { E164 } from '../../src/core/e164';
import { routingPlanSchema, type RoutingPlan, type RoutingPlanInput } from '../../src/routing/model';
import { checkRoutingPlan } from '../../src/routing/check';
import { compileRoutingPlan, compiledFlowJson } from '../../src/routing/compile';
import { simulateCall } from '../../src/routing/simulate';
import type { CallScenario, DialOutcome, QueueOutcome } from '../../src/routing/call-scenario';
import { overlappingWindows, uncoveredStretches } from '../../src/routing/schedule';
import { executeFlow } from '../../src/sandbox/studio/execute-flow';
import { validateFlowDefinition } from '../../src/sandbox/studio/validate-flow';

type StepInput = RoutingPlanInput['steps'][string];

/** Zones with DST north and south, 30/45-minute offsets, a 30-minute DST shift, midnight changes and far-east/west offsets. */
const ZONES = [
  'America/New_York', 'Europe/London', 'UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Adelaide', 'Australia/Lord_Howe',
  'Pacific/Chatham', 'America/St_Johns', 'America/Santiago', 'America/Havana', 'Africa/Casablanca', 'Australia/Eucla',
  'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/Sao_Paulo', 'Asia/Tehran', 'Europe/Dublin', 'Asia/Gaza', 'America/Asuncion',
];

/** Days a schedule cares about: near DST changes (north and south, midnight ones), and plain days. */
const SPECIAL_DAYS = [
  '2026-03-08', '2026-11-01', '2026-03-29', '2026-10-25', '2026-04-05', '2026-10-04', '2026-09-06', '2027-04-04',
  '2026-03-15', '2026-11-08', '2026-09-27', '2027-04-03', '2026-12-25', '2027-01-01', '2026-02-16', '2026-10-03',
  '2030-03-31', '2030-10-27', '2026-03-22', '2026-06-14', '2026-06-15', '2035-03-25',
];

const NUMBERS = ['+14155550100', '+12125550142', '+13125550177', '+16465550123', '+442079460000', '+61290000001'];
const SIPS = ['sip:support@pbx.example.com', 'sip:overflow@site2.example.com:5060', 'sips:desk@pbx.example.org'];
const QUEUES = ['sales', 'support', 'billing desk'];
const WORDS = ['sales', 'billing', 'support', 'agent', 'spanish', 'technical support', 'Invoices', 'operator'];
const CALLERS = [
  '+14155550123', '+12125550123', '+13125550123', '+16045550123', '+14165550123', '+15145550123', '+442079460123',
  '+33142685300', '+61290000000', '+18005550123', '+19072520123', '+18687330123',
] as E164[];

const TIMES = ['00:00', '00:30', '01:00', '02:00', '02:30', '03:00', '06:00', '08:45', '09:00', '12:00', '17:30', '18:00', '22:00', '23:00', '23:59', '24:00'];
const DAY_SETS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'weekdays', 'weekends', 'daily'] as const;

/** A plan built from a list of step "shapes"; references point only to later steps or (from ring steps) anywhere. */
function planArbitrary(): fc.Arbitrary<RoutingPlanInput> {
  return fc.integer({ min: 2, max: 9 }).chain((count) =>
    fc
      .record({
        kinds: fc.array(fc.constantFrom('say', 'forward', 'sip', 'ring', 'queue', 'menu', 'schedule', 'schedule', 'geo', 'screen', 'split', 'menu'), {
          minLength: count,
          maxLength: count,
        }),
        terminals: fc.array(fc.constantFrom('hangup', 'voicemail', 'conference', 'forward', 'queue'), { minLength: 2, maxLength: 3 }),
        seed: fc.array(fc.nat(1_000_000), { minLength: 400, maxLength: 400 }),
        planZone: fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
        record: fc.boolean(),
      })
      .map(({ kinds, terminals, seed, planZone, record }) => buildPlan(kinds, terminals, seed, planZone, record)),
  );
}

function buildPlan(kinds: string[], terminals: string[], seed: number[], planZone: string | undefined, record: boolean): RoutingPlanInput {
  let cursor = 0;
  const r = (n: number): number => seed[cursor++ % seed.length] % n;
  const pick = <T>(list: readonly T[]): T => list[r(list.length)];
  const chance = (p: number): boolean => r(1000) < p * 1000;
  const names = [...kinds.map((_, i) => `s${i}`), ...terminals.map((_, i) => `t${i}`)];
  /** A step after `i` (so the plan has no loop callers cannot leave). */
  const later = (i: number): string => names[i + 1 + r(names.length - i - 1)];
  /** Any step, for failover of ring steps (which can end a call, so a loop through them has a way out). */
  const any = (): string => pick(names);
  const maybe = (p: number, f: () => string): string | undefined => (chance(p) ? f() : undefined);
  const steps: Record<string, StepInput> = {};
  let recorded = false;
  const uniqueFrom = <T>(pool: readonly T[], n: number): T[] => {
    const copy = [...pool];
    const out: T[] = [];
    while (out.length < n && copy.length > 0) out.push(copy.splice(r(copy.length), 1)[0]);
    return out;
  };
  const prompt = (): string | { say: string; voice?: string; language?: string } | { play: string } =>
    pick<string | { say: string; voice?: string; language?: string } | { play: string }>(['Hello.', { say: 'Bonjour.', language: 'fr-FR', voice: 'Polly.Celine' }, { play: 'https://example.com/a.mp3' }]);
  const ringing = (i: number) => ({
    timeout: pick([5, 20, 30]),
    ...(chance(0.3) ? { callerId: pick(['caller', 'plan-number', '+14155550199'] as const) } : {}),
    ...(record && chance(0.3) ? ((recorded = true), { record: true }) : {}),
    onNoAnswer: maybe(0.7, () => (chance(0.2) ? any() : later(i))),
    onBusy: maybe(0.5, () => later(i)),
    onFailure: maybe(0.5, () => later(i)),
  });
  kinds.forEach((kind, i) => {
    const name = names[i];
    switch (kind) {
      case 'say':
        steps[name] = { type: 'say', message: prompt(), next: later(i) };
        break;
      case 'forward':
        steps[name] = { type: 'forward', to: pick(NUMBERS), ...ringing(i) };
        break;
      case 'sip':
        steps[name] = { type: 'sip', to: pick(SIPS), ...ringing(i) };
        break;
      case 'ring': {
        const sequential = chance(0.6);
        const pool = sequential ? [...NUMBERS, ...SIPS] : NUMBERS;
        steps[name] = { type: 'ring', strategy: sequential ? 'sequential' : 'simultaneous', targets: uniqueFrom(pool, 2 + r(3)), ...ringing(i) };
        break;
      }
      case 'queue':
        steps[name] = { type: 'queue', queue: pick(QUEUES), maxWait: 60, onTimeout: maybe(0.7, () => later(i)), onFailure: maybe(0.6, () => later(i)) };
        break;
      case 'menu': {
        const optionCount = 1 + r(4);
        const lengths = chance(0.6) ? [1] : chance(0.5) ? [2] : [1, 2, 3];
        const usedDigits = new Set<string>();
        const words = uniqueFrom(WORDS, WORDS.length);
        const options = Array.from({ length: optionCount }, () => {
          let digits: string | undefined;
          if (chance(0.85)) {
            for (let attempt = 0; attempt < 10 && digits === undefined; attempt++) {
              const d = Array.from({ length: pick(lengths) }, () => pick(['1', '2', '3', '4', '9', '0', '*'])).join('');
              if (!usedDigits.has(d)) digits = d;
            }
            if (digits !== undefined) usedDigits.add(digits);
          }
          const speech = digits === undefined || chance(0.4) ? words.splice(0, 1 + r(2)) : undefined;
          // Now and then an option leads back (to this menu or an earlier step): the menu's onTimeout and onInvalid still lead on.
          const next = chance(0.15) ? names[r(i + 1)] : later(i);
          return { ...(digits !== undefined ? { digits } : {}), ...(speech !== undefined && speech.length > 0 ? { speech } : {}), next };
        }).filter((o) => 'digits' in o || 'speech' in o);
        if (options.length === 0) options.push({ digits: '1', next: later(i) });
        steps[name] = {
          type: 'menu',
          prompt: prompt(),
          options,
          retries: r(4),
          ...(chance(0.5) ? { reprompt: 'Sorry, I did not get that.' } : {}),
          onTimeout: later(i),
          onInvalid: later(i),
        };
        break;
      }
      case 'schedule': {
        const windows: Array<{ days: Array<(typeof DAY_SETS)[number]>; from: string; to: string; next: string }> = [];
        const wanted = 1 + r(4);
        for (let w = 0; w < wanted; w++) {
          const candidate = { days: uniqueFrom(DAY_SETS, 1 + r(2)), from: pick(TIMES), to: pick(TIMES), next: later(i) };
          const trial = { type: 'schedule' as const, windows: [...windows, candidate] };
          if (candidate.from === candidate.to || (candidate.from === '24:00' && candidate.to === '00:00')) continue;
          if (overlappingWindows(trial as never).length === 0) windows.push(candidate);
        }
        if (windows.length === 0) windows.push({ days: ['daily'], from: '22:00', to: '06:00', next: later(i) });
        const zone = planZone === undefined || chance(0.5) ? pick(ZONES) : undefined;
        const holidays = chance(0.5)
          ? [{ name: 'closures', dates: uniqueFrom(SPECIAL_DAYS, 1 + r(6)), next: later(i) }, ...(chance(0.3) ? [{ name: 'more', dates: uniqueFrom(SPECIAL_DAYS, 2), next: later(i) }] : [])]
          : undefined;
        const covered = uncoveredStretches({ type: 'schedule', windows } as never).length === 0;
        steps[name] = {
          type: 'schedule',
          ...(zone !== undefined ? { timeZone: zone } : {}),
          ...(holidays !== undefined ? { holidays } : {}),
          windows,
          ...(covered ? {} : { otherwise: later(i) }),
        };
        if (zone === undefined && planZone === undefined) (steps[name] as { timeZone?: string }).timeZone = 'UTC';
        break;
      }
      case 'geo': {
        const kindsOfRoute = [
          () => ({ countries: uniqueFrom(['US', 'CA', 'GB', 'FR', 'AU', 'TT'], 1 + r(2)) }),
          () => ({ regions: uniqueFrom(['CA', 'NY', 'IL', 'ON', 'BC', 'QC', 'AK'], 1 + r(2)) }),
          () => ({ areaCodes: uniqueFrom(['415', '212', '312', '604', '416', '907'], 1 + r(3)) }),
        ];
        steps[name] = { type: 'geo', routes: Array.from({ length: 1 + r(3) }, () => ({ ...pick(kindsOfRoute)(), next: later(i) })), otherwise: later(i) };
        break;
      }
      case 'screen':
        steps[name] = { type: 'screen', mode: pick(['block', 'allow'] as const), numbers: uniqueFrom(CALLERS, 1 + r(3)), onRejected: later(i), next: later(i) };
        break;
      case 'split': {
        const n = 2 + r(3);
        const percents: number[] = [];
        let left = 100;
        for (let k = 0; k < n - 1; k++) {
          const p = 1 + r(Math.max(1, left - (n - k - 1)));
          percents.push(Math.min(p, left - (n - k - 1)));
          left -= percents[k];
        }
        percents.push(left);
        steps[name] = { type: 'split', branches: percents.map((percent) => ({ percent, next: later(i) })) };
        break;
      }
    }
  });
  terminals.forEach((kind, j) => {
    const name = `t${j}`;
    if (kind === 'hangup') steps[name] = chance(0.5) ? { type: 'hangup' } : { type: 'hangup', message: 'Goodbye.' };
    else if (kind === 'voicemail') steps[name] = { type: 'voicemail', greeting: prompt(), transcribe: chance(0.5), ...(chance(0.5) ? { notify: { email: 'desk@example.com' } } : {}) };
    else if (kind === 'conference') steps[name] = { type: 'conference', room: 'standup', ...(record && chance(0.5) ? ((recorded = true), { record: true }) : {}) };
    else if (kind === 'forward') steps[name] = { type: 'forward', to: pick(NUMBERS), timeout: 20 };
    else steps[name] = { type: 'queue', queue: pick(QUEUES) };
  });
  return {
    start: 's0',
    ...(planZone !== undefined ? { timeZone: planZone } : {}),
    mailer: 'https://hooks.example.com/mail',
    ...(recorded ? { recording: { disclosure: 'Calls are recorded.' } } : {}),
    steps,
  };
}

/** A plan that parses and passes the checks with no errors; plans that do not are discarded. */
const validPlan: fc.Arbitrary<RoutingPlan> = planArbitrary()
  .map((raw) => {
    const parsed = routingPlanSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`generator wrote an invalid plan: ${parsed.error.message}\n${JSON.stringify(raw)}`);
    return parsed.data;
  })
  .filter((plan) => checkRoutingPlan('random', plan).every((d) => d.severity !== 'error'));

const instant = fc.oneof(
  fc.integer({ min: Date.UTC(2025, 0, 2) / 60_000, max: Date.UTC(2040, 11, 30) / 60_000 }).map((m) => new Date(m * 60_000)),
  fc
    .tuple(fc.constantFrom(...SPECIAL_DAYS), fc.integer({ min: -26 * 60, max: 50 * 60 }), fc.integer({ min: 0, max: 59 }))
    .map(([day, minutes, seconds]) => DateTime.fromISO(`${day}T00:00Z`).plus({ minutes, seconds }).toJSDate()),
);
const input = fc.constantFrom(
  '1', '2', '3', '4', '9', '0', '*', '11', '12', '21', '*1', '123', '2#', '12#', '#', '', '', 'speech:sales', 'speech:Billing',
  'speech: technical support ', 'speech:agent', 'speech:Invoices', 'speech:weather', 'speech:',
);
const dial = fc.constantFrom<DialOutcome>('completed', 'no-answer', 'busy', 'failed');
const queue = fc.constantFrom<QueueOutcome>('answered', 'timeout', 'failed');

function scenarios(): fc.Arbitrary<CallScenario> {
  const outcomes: Record<string, fc.Arbitrary<DialOutcome | QueueOutcome>> = {};
  for (const t of [...NUMBERS, ...SIPS]) outcomes[t] = dial;
  for (const q of QUEUES) outcomes[`queue:${q}`] = queue;
  return fc.record({
    from: fc.constantFrom(...CALLERS),
    to: fc.constant('+18885550100' as E164),
    at: instant,
    inputs: fc.array(input, { maxLength: 6 }),
    outcomes: fc.record(outcomes),
    callSid: fc.stringMatching(/^[0-9a-fA-F]{32}$/).map((hex) => `CA${hex}`),
  });
}

/** The plan steps an execution of the compiled flow entered, in order (entry states are named like their steps). */
function executedSteps(plan: RoutingPlan, definition: unknown, scenario: CallScenario): { steps: string[]; status: string; error?: string } {
  const run = executeFlow(definition, {
    from: scenario.from,
    to: scenario.to ?? '+18885550100',
    callSid: scenario.callSid,
    at: scenario.at,
    inputs: scenario.inputs ?? [],
    outcomes: scenario.outcomes ?? {},
    parameters: {},
  });
  return {
    steps: run.steps.map((s) => s.transitionedTo).filter((s): s is string => s !== undefined && Object.hasOwn(plan.steps, s)),
    status: run.status,
    ...(run.error !== undefined ? { error: run.error } : {}),
  };
}

describe('random plans: the compiled flow and the simulator agree', () => {
  it('every generated plan compiles deterministically to a valid flow, and takes the simulator’s path for random calls', () => {
    fc.assert(
      fc.property(validPlan, fc.array(scenarios(), { minLength: 12, maxLength: 12 }), (plan, calls) => {
        const definition = compileRoutingPlan(plan, { name: 'random' });
        expect(compiledFlowJson(plan, { name: 'random' })).toBe(`${JSON.stringify(definition, null, 2)}\n`);
        if (definition.states.length <= 1000) expect(validateFlowDefinition(definition).errors).toEqual([]);
        for (const scenario of calls) {
          const simulated = simulateCall(plan, scenario, { maxSteps: 60 });
          const executed = executedSteps(plan, definition, scenario);
          if (simulated.ending.startsWith('Stopped')) {
            expect(executed.steps.slice(0, simulated.steps.length)).toEqual(simulated.steps.map((s) => s.step));
          } else {
            expect({ steps: executed.steps, status: executed.status }).toEqual({ steps: simulated.steps.map((s) => s.step), status: 'ended' });
          }
        }
      }),
      // 250 plans x 12 calls on every run (a fresh seed each time, so CI runs add up); RANDOM_PLAN_RUNS=5000 for a deep hunt.
      { numRuns: Number(process.env.RANDOM_PLAN_RUNS ?? 250) },
    );
  });
});
