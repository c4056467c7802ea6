/** Routing-plan fixtures for tests and the benchmark: large plans built the way a big organisation would write them. */
import type { RoutingPlanInput } from '../../src/routing/model';

type StepInput = RoutingPlanInput['steps'][string];

/** Steps in one department of {@link generateLargePlan}. */
export const DEPARTMENT_STEPS = 11;

const US_HOLIDAYS = ['2026-01-01', '2026-05-25', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25'];
const UK_HOLIDAYS = ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-12-25', '2026-12-28'];

/** A fictional number (555-01xx) that still parses as a real North American number. */
function phone(area: string, n: number): string {
  return `+1${area}55501${String(n % 100).padStart(2, '0')}`;
}

/**
 * A plan with exactly `steps` steps, all reachable and passing the checks: a tree of departments,
 * each with opening hours and holidays (every third in London time), an IVR menu with a re-prompt,
 * a queue, forwards with failover to a ring group and a SIP site, caller-geography routing and
 * voicemail; each menu also leads to up to two sub-departments. Steps left over (fewer than a
 * department) become welcome messages in front of the first department.
 */
export function generateLargePlan(steps: number): RoutingPlanInput {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`a plan needs at least one step; got ${steps}`);
  const departments = Math.floor(steps / DEPARTMENT_STEPS);
  const welcomes = steps - departments * DEPARTMENT_STEPS;
  const out: Record<string, StepInput> = {};
  if (departments === 0) {
    for (let k = 0; k < welcomes - 1; k++) out[`welcome_${k}`] = { type: 'say', message: `Welcome, part ${k + 1}.`, next: k + 1 < welcomes - 1 ? `welcome_${k + 1}` : 'goodbye' };
    out.goodbye = { type: 'hangup', message: 'We are not taking calls on this line. Goodbye.' };
    return { description: `generated plan with ${steps} steps`, timeZone: 'America/New_York', start: welcomes > 1 ? 'welcome_0' : 'goodbye', steps: out };
  }
  for (let k = 0; k < welcomes; k++) {
    out[`welcome_${k}`] = { type: 'say', message: `Welcome to Example Corp, message ${k + 1}.`, next: k + 1 < welcomes ? `welcome_${k + 1}` : 'hours_0' };
  }
  for (let d = 0; d < departments; d++) Object.assign(out, department(d, departments));
  return {
    description: `generated plan with ${steps} steps`,
    timeZone: 'America/New_York',
    voice: 'Polly.Joanna',
    mailer: 'https://hooks.example.com/voicemail-mail',
    start: welcomes > 0 ? 'welcome_0' : 'hours_0',
    steps: out,
  };
}

/** One department's eleven steps; its menu leads to departments 2d+1 and 2d+2 when they exist. */
function department(d: number, departments: number): Record<string, StepInput> {
  const s = (name: string): string => `${name}_${d}`;
  const london = d % 3 === 2;
  const children = [2 * d + 1, 2 * d + 2].filter((c) => c < departments);
  return {
    [s('hours')]: {
      type: 'schedule',
      ...(london ? { timeZone: 'Europe/London' } : {}),
      holidays: [{ name: london ? 'UK bank holidays' : 'US public holidays', dates: london ? UK_HOLIDAYS : US_HOLIDAYS, next: s('closed') }],
      windows: [
        { days: ['weekdays'], from: '08:00', to: '18:00', next: s('menu') },
        { days: ['sat'], from: '09:00', to: '13:00', next: s('menu') },
      ],
      otherwise: s('closed'),
    },
    [s('menu')]: {
      type: 'menu',
      prompt: `Department ${d}. For sales press 1, for support press 2, for your local office press 3.`,
      options: [
        { digits: '1', speech: ['sales'], label: 'Sales', next: s('sales') },
        { digits: '2', speech: ['support', 'help'], label: 'Support', next: s('support') },
        { digits: '3', label: 'Local office', next: s('region') },
        ...children.map((c, i) => ({ digits: String(8 + i), label: `Department ${c}`, next: `hours_${c}` })),
      ],
      timeout: 5,
      retries: 1,
      reprompt: 'Sorry, I did not catch that.',
      onTimeout: s('desk'),
      onInvalid: s('desk'),
    },
    [s('sales')]: {
      type: 'queue',
      queue: `sales ${d}`,
      holdMusic: 'https://assets.example.com/hold.mp3',
      maxWait: 120,
      onTimeout: s('desk'),
      onFailure: s('desk'),
    },
    [s('support')]: { type: 'forward', to: phone('212', d), timeout: 20, onNoAnswer: s('backup'), onBusy: s('backup'), onFailure: s('voicemail') },
    [s('backup')]: {
      type: 'ring',
      strategy: 'sequential',
      targets: [phone('646', d), `sip:support${d}@pbx.example.com`],
      timeout: 15,
      onNoAnswer: s('voicemail'),
      onBusy: s('voicemail'),
      onFailure: s('voicemail'),
    },
    [s('region')]: {
      type: 'geo',
      routes: [
        { regions: ['CA', 'OR', 'WA'], next: s('west') },
        { areaCodes: ['212', '646', '718'], next: s('east') },
      ],
      otherwise: s('desk'),
    },
    [s('west')]: { type: 'forward', to: phone('415', d), timeout: 20, onNoAnswer: s('voicemail'), onBusy: s('voicemail'), onFailure: s('voicemail') },
    [s('east')]: { type: 'sip', to: `sip:east${d}@pbx.example.com:5060`, timeout: 20, onNoAnswer: s('voicemail'), onBusy: s('voicemail'), onFailure: s('voicemail') },
    [s('desk')]: { type: 'forward', to: phone('312', d), timeout: 25, onNoAnswer: s('voicemail'), onBusy: s('voicemail'), onFailure: s('voicemail') },
    [s('closed')]: { type: 'say', message: 'We are closed right now.', next: s('voicemail') },
    [s('voicemail')]: {
      type: 'voicemail',
      greeting: 'Please leave a message after the tone.',
      maxLength: 120,
      transcribe: d % 2 === 0,
      notify: { email: `department${d}@example.com` },
    },
  };
}
