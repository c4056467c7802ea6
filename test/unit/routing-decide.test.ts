/**
 * The branch decisions the simulator and the diff share. Each story here is one the two used to be
 * able to tell differently; the diff's sentence and the simulated call are checked side by side.
 */
import fc from 'fast-check';
import type { E164 } from '../../src/core/e164';
import { splitBranch, splitBucketRanges } from '../../src/routing/call-scenario';
import {
  chosenOption,
  decideGeo,
  decideSchedule,
  decideScreen,
  decideSplit,
  decideSplitAtBucket,
  dialNext,
  geoCaller,
  percentBucket,
  queueNext,
} from '../../src/routing/decide';
import { diffRoutingPlans, type NamedPlan } from '../../src/routing/diff';
import { routingPlanSchema, type GeoStep, type RoutingPlan, type RoutingPlanInput, type SplitStep } from '../../src/routing/model';
import { simulateCall } from '../../src/routing/simulate';

/** A plan built from its input, for plans a check might frown on but that still route calls. */
function plan(input: RoutingPlanInput): RoutingPlan {
  return routingPlanSchema.parse(input);
}

const named = (p: RoutingPlan): NamedPlan => ({ name: 'main', plan: p });

/** The steps a call visits, as the simulator follows it. */
function visits(p: RoutingPlan, from: string, extra: { inputs?: string[]; callSid?: string; at?: Date } = {}): string[] {
  const call = simulateCall(p, { from: from as E164, at: extra.at ?? new Date('2026-11-24T15:00:00Z'), callSid: extra.callSid ?? `CA${'0'.repeat(32)}`, ...(extra.inputs ? { inputs: extra.inputs } : {}) });
  return call.steps.map((s) => s.step);
}

/** A CallSid whose split bucket (its last two hex digits) is `bucket`. */
const sidInBucket = (bucket: number) => `CA${'0'.repeat(30)}${bucket.toString(16).padStart(2, '0')}`;

/** Where calls end up: a phone in each office, so the diff's words tell them apart. */
const ends = {
  ny: { type: 'forward', to: '+12125550100', timeout: 20 },
  west: { type: 'forward', to: '+14155550100', timeout: 20 },
  canada: { type: 'forward', to: '+14165550100', timeout: 20 },
  rest: { type: 'forward', to: '+13125550100', timeout: 20 },
} as const;

function geoPlan(routes: GeoStep['routes']): RoutingPlan {
  return plan({ start: 'where', steps: { where: { type: 'geo', routes, otherwise: 'rest' }, ...ends } } as RoutingPlanInput);
}

describe('deciding by where the caller is from', () => {
  const step = (p: RoutingPlan) => p.steps.where as GeoStep;

  it('sends a San Francisco caller to the California route, not the Canada one: CA the state is not CA the country', () => {
    const p = geoPlan([
      { countries: ['CA'], next: 'canada' },
      { regions: ['CA'], next: 'west' },
    ]);
    expect(decideGeo(step(p), geoCaller('+14155550123' as E164))).toEqual({ next: 'west', outcome: 'routes[1]', route: 1 });
    expect(decideGeo(step(p), geoCaller('+14165550123' as E164))).toEqual({ next: 'canada', outcome: 'routes[0]', route: 0 });
    expect(visits(p, '+14155550123')).toEqual(['where', 'west']);
  });

  it('takes the first route that matches, even when a later one names the caller more closely', () => {
    const p = geoPlan([
      { regions: ['NY'], next: 'rest' },
      { areaCodes: ['212'], next: 'ny' },
    ]);
    expect(decideGeo(step(p), geoCaller('+12125550142' as E164)).next).toBe('rest');
    expect(visits(p, '+12125550142')).toEqual(['where', 'rest']);
  });

  it('reads the area code from the first digits of any +1 number, as the compiled flow does', () => {
    // Too short for libphonenumber, so no country or state; the flow still slices "+1212" off `From`.
    expect(geoCaller('+1212555' as E164)).toMatchObject({ areaCode: '212' });
    expect(geoCaller('+442071838750' as E164).areaCode).toBeUndefined();
  });

  it('and the diff names the callers a reordering moves where the simulator sends them', () => {
    const before = geoPlan([
      { areaCodes: ['212'], next: 'ny' },
      { regions: ['NY'], next: 'rest' },
    ]);
    const after = geoPlan([
      { regions: ['NY'], next: 'rest' },
      { areaCodes: ['212'], next: 'ny' },
    ]);
    expect(diffRoutingPlans(named(before), named(after)).callerChanges).toContain('Callers from area code 212: now +1 312 555 0100, was +1 212 555 0100');
    expect(visits(before, '+12125550142')).toEqual(['where', 'ny']);
    expect(visits(after, '+12125550142')).toEqual(['where', 'rest']);
  });
});

describe('deciding by the screening list', () => {
  const screen = (mode: 'block' | 'allow') =>
    plan({ start: 'gate', steps: { gate: { type: 'screen', mode, numbers: ['+12025550111'], onRejected: 'rest', next: 'ny' }, ...ends } } as RoutingPlanInput);

  it('rejects a listed caller on a block list and lets everyone else through', () => {
    const step = screen('block').steps.gate;
    if (step.type !== 'screen') throw new Error('not a screen step');
    expect(decideScreen(step, '+12025550111')).toEqual({ next: 'rest', outcome: 'rejected', passes: false });
    expect(decideScreen(step, '+12025550112')).toEqual({ next: 'ny', outcome: 'passed', passes: true });
    expect(decideScreen(step, undefined)).toMatchObject({ passes: true });
  });

  it('lets only listed callers through an allow list, and nobody the diff calls "every unlisted caller"', () => {
    const step = screen('allow').steps.gate;
    if (step.type !== 'screen') throw new Error('not a screen step');
    expect(decideScreen(step, '+12025550111').passes).toBe(true);
    expect(decideScreen(step, undefined).passes).toBe(false);
  });

  it('and the diff of turning a block list into an allow list agrees with the simulated calls', () => {
    const changes = diffRoutingPlans(named(screen('block')), named(screen('allow'))).callerChanges;
    expect(changes).toEqual([
      'Calls from +1 202 555 0111: now let through to +1 212 555 0100, was blocked (+1 312 555 0100)',
      'Every unlisted caller: now turned away (+1 312 555 0100), was let through to +1 212 555 0100',
    ]);
    expect(visits(screen('block'), '+12025550111')).toEqual(['gate', 'rest']);
    expect(visits(screen('allow'), '+12025550111')).toEqual(['gate', 'ny']);
    expect(visits(screen('allow'), '+13125550100')).toEqual(['gate', 'rest']);
  });
});

describe('deciding percentage splits', () => {
  const splitPlan = (percents: number[]) =>
    plan({
      start: 'ab',
      steps: { ab: { type: 'split', branches: percents.map((percent, i) => ({ percent, next: (['ny', 'west', 'canada'] as const)[i] })) }, ...ends },
    } as RoutingPlanInput);

  it('gives each branch the CallSid buckets the compiled flow gives it, and the leftover ones to the last branch', () => {
    const step = splitPlan([33, 33]).steps.ab as SplitStep;
    expect(splitBucketRanges([33, 33])).toEqual([
      [0, 84],
      [84, 168],
    ]);
    expect(decideSplit(step, sidInBucket(83))).toMatchObject({ next: 'ny', branch: 0 });
    expect(decideSplit(step, sidInBucket(84))).toMatchObject({ next: 'west', branch: 1 });
    expect(decideSplit(step, sidInBucket(255))).toMatchObject({ next: 'west', branch: 1, outcome: 'branches[1]' });
  });

  it('decides every bucket as the simulator always has, for any shares', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 2, maxLength: 4 }), fc.integer({ min: 0, max: 255 }), (percents, bucket) => {
        const step = { type: 'split', branches: percents.map((percent, i) => ({ percent, next: `b${i}` })) } as SplitStep;
        expect(decideSplitAtBucket(step, bucket).branch).toBe(splitBranch(percents, sidInBucket(bucket)));
      }),
    );
  });

  it('starts each share at the bucket of its first percent, so whole percents name whole runs of buckets', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 45 }), { minLength: 2, maxLength: 4 }), (percents) => {
        const ranges = splitBucketRanges(percents);
        let sum = 0;
        percents.forEach((p, i) => {
          expect(percentBucket(sum)).toBe(ranges[i][0]);
          sum += p;
        });
      }),
    );
  });

  it('and the diff of moving one percent reports the callers the simulator moves', () => {
    const changes = diffRoutingPlans(named(splitPlan([33, 67])), named(splitPlan([34, 66]))).callerChanges;
    expect(changes).toEqual(['1% of callers: now +1 212 555 0100, was +1 415 555 0100']);
    // Bucket 84 is 33% of the way through: the head's first branch, the base's second.
    expect(visits(splitPlan([34, 66]), '+12125550142', { callSid: sidInBucket(84) })).toEqual(['ab', 'ny']);
    expect(visits(splitPlan([33, 67]), '+12125550142', { callSid: sidInBucket(84) })).toEqual(['ab', 'west']);
  });

  it('and the diff sees a leftover share go to the last branch, as the flow sends it', () => {
    const changes = diffRoutingPlans(named(splitPlan([50, 50])), named(splitPlan([50, 40]))).callerChanges;
    expect(changes).toEqual([]);
    expect(visits(splitPlan([50, 40]), '+12125550142', { callSid: sidInBucket(250) })).toEqual(['ab', 'west']);
  });
});

describe('deciding menu choices', () => {
  // "buy" is a word of both options: the caller who says it gets the first option, whatever the second says.
  const menuPlan = (second: 'west' | 'canada') =>
    plan({
      start: 'menu',
      steps: {
        menu: {
          type: 'menu',
          prompt: 'Say sales or buy.',
          options: [
            { speech: ['sales', 'buy'], next: 'ny' },
            { speech: ['buy', 'purchase'], next: second },
          ],
          onTimeout: 'rest',
          onInvalid: 'rest',
        },
        ...ends,
      },
    } as RoutingPlanInput);

  it('gives a word two options share to the first of them', () => {
    const step = menuPlan('west').steps.menu;
    if (step.type !== 'menu') throw new Error('not a menu step');
    expect(chosenOption(step, 'speech:Buy.')).toBe(0);
    expect(chosenOption(step, 'speech:purchase')).toBe(1);
    expect(chosenOption(step, '7')).toBeUndefined();
  });

  it('so the diff does not claim saying "buy" moved when only the option nobody reaches by "buy" changed', () => {
    const changes = diffRoutingPlans(named(menuPlan('west')), named(menuPlan('canada'))).callerChanges;
    expect(changes).toEqual([]);
    expect(visits(menuPlan('canada'), '+12125550142', { inputs: ['speech:buy'] })).toEqual(['menu', 'ny']);
    expect(visits(menuPlan('canada'), '+12125550142', { inputs: ['speech:purchase'] })).toEqual(['menu', 'canada']);
  });
});

describe('deciding schedules', () => {
  const hours = plan({
    start: 'hours',
    timeZone: 'America/New_York',
    steps: {
      hours: {
        type: 'schedule',
        holidays: [{ name: 'Thanksgiving', dates: ['2026-11-26'], next: 'rest' }],
        windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00', next: 'ny' }],
        otherwise: 'west',
      },
      ...ends,
    },
  } as RoutingPlanInput);
  const step = hours.steps.hours;
  if (step.type !== 'schedule') throw new Error('not a schedule step');
  const thursdayNoon = 3 * 1440 + 12 * 60;

  it('lets a holiday win over an open window, and leaves holidays out when no date is given', () => {
    expect(decideSchedule(step, thursdayNoon, '2026-11-26')).toEqual({ next: 'rest', outcome: 'holidays[0]', holiday: 0 });
    expect(decideSchedule(step, thursdayNoon)).toEqual({ next: 'ny', outcome: 'windows[0]', window: 0 });
    expect(decideSchedule(step, 0)).toEqual({ next: 'west', outcome: 'otherwise' });
    expect(visits(hours, '+12125550142', { at: new Date('2026-11-26T17:00:00Z') })).toEqual(['hours', 'rest']);
  });
});

describe('deciding where failover goes', () => {
  it('follows each way a dial or a queue can end, and nowhere once answered', () => {
    const ring = { type: 'forward', to: '+12125550142', timeout: 20, onNoAnswer: 'a', onBusy: 'b', onFailure: 'c' } as Parameters<typeof dialNext>[0];
    expect([dialNext(ring, 'completed'), dialNext(ring, 'no-answer'), dialNext(ring, 'busy'), dialNext(ring, 'failed')]).toEqual([undefined, 'a', 'b', 'c']);
    const queue = { type: 'queue', queue: 'sales', maxWait: 300, onTimeout: 't', onFailure: 'f' } as Parameters<typeof queueNext>[0];
    expect([queueNext(queue, 'answered'), queueNext(queue, 'timeout'), queueNext(queue, 'failed')]).toEqual([undefined, 't', 'f']);
  });
});
