/** The reviewer's diff: what callers will notice, what changed in each step, and the marked diagram for the PR comment. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { parseRoutingPlan } from '../../src/routing/parse';
import type { RoutingPlanInput } from '../../src/routing/model';
import { diffRoutingPlans, escapeMarkdown, renderDiffMarkdown, type NamedPlan } from '../../src/routing/diff';

const EXAMPLES = resolve(__dirname, '../../examples/routing');
const LABELS = { baseLabel: 'origin/main', headLabel: 'HEAD' };

/** An example plan as its author wrote it, to edit into the "after" version of a change. */
function raw(file: string, name: string): RoutingPlanInput {
  return structuredClone((parse(readFileSync(resolve(EXAMPLES, file), 'utf8')) as { plans: Record<string, RoutingPlanInput> }).plans[name]);
}

function named(name: string, input: RoutingPlanInput): NamedPlan {
  const parsed = parseRoutingPlan(name, input);
  if (!parsed.plan) throw new Error(JSON.stringify(parsed.diagnostics));
  return { name, plan: parsed.plan };
}

type StepInput = RoutingPlanInput['steps'][string];

/** A step of a raw plan, typed by its kind, for editing into the "after" version. */
function step<T extends StepInput['type']>(input: RoutingPlanInput, name: string, type: T): Extract<StepInput, { type: T }> {
  const found = input.steps[name];
  if (found?.type !== type) throw new Error(`step ${name} is not a ${type} step`);
  return found as Extract<StepInput, { type: T }>;
}

const bakery = () => raw('small-business.yaml', 'bakery');
const support = () => raw('call-centre.yaml', 'support');
const national = () => raw('geo-routed.yaml', 'national');

describe('a plan compared with itself', () => {
  it.each([
    ['small-business.yaml', 'bakery'],
    ['call-centre.yaml', 'support'],
    ['geo-routed.yaml', 'national'],
  ])('%s says "No routing changes."', (file, name) => {
    const diff = diffRoutingPlans(named(name, raw(file, name)), named(name, raw(file, name)));
    expect(diff.status).toBe('unchanged');
    expect(diff.callerChanges).toEqual([]);
    expect(diff.stepChanges).toEqual([]);
    expect(renderDiffMarkdown(diff, LABELS)).toBe('### Routing plan `' + name + '`\n\nComparing `origin/main` (before) with `HEAD` (after).\n\nNo routing changes.\n');
  });

  it('sees no change when hours are rewritten without changing when the shop rings', () => {
    const after = bakery();
    step(after, 'hours', 'schedule').windows = [
      { days: ['mon', 'tue', 'wed'], from: '07:00', to: '18:00', next: 'shop' },
      { days: ['thu', 'fri'], from: '07:00', to: '18:00', next: 'shop' },
      { days: ['sat'], from: '08:00', to: '14:00', next: 'shop' },
    ];
    const diff = diffRoutingPlans(named('bakery', bakery()), named('bakery', after));
    expect(diff.callerChanges).toEqual([]);
  });
});

describe('what callers will notice', () => {
  it('reports an after-hours answering service replaced by voicemail in the words of the schedule', () => {
    const before: RoutingPlanInput = {
      timeZone: 'America/New_York',
      start: 'hours',
      steps: {
        hours: {
          type: 'schedule',
          windows: [
            { days: ['weekdays'], from: '09:00', to: '18:00', next: 'office' },
            { days: ['weekdays'], from: '18:00', to: '09:00', next: 'answering' },
          ],
          otherwise: 'voicemail',
        },
        office: { type: 'forward', to: '+12125550100', onNoAnswer: 'voicemail' },
        answering: { type: 'forward', to: '+14155550100', onNoAnswer: 'voicemail' },
        voicemail: { type: 'voicemail', greeting: 'Please leave a message.' },
      },
    };
    const after = structuredClone(before);
    step(after, 'hours', 'schedule').windows[1].next = 'voicemail';
    const diff = diffRoutingPlans(named('support', before), named('support', after));
    expect(diff.callerChanges).toEqual(['Weekdays 18:00–09:00 America/New_York: now voicemail, was +1 415 555 0100']);
    expect(diff.stepChanges).toEqual([{ step: 'hours', kind: 'changed', text: 'Weekdays 18:00–09:00: now `voicemail`, was `answering`' }]);
  });

  it('routes Friday evening at the bakery to voicemail and names just those two hours', () => {
    const after = bakery();
    step(after, 'hours', 'schedule').windows = [
      { days: ['mon', 'tue', 'wed', 'thu'], from: '07:00', to: '18:00', next: 'shop' },
      { days: ['fri'], from: '07:00', to: '16:00', next: 'shop' },
      { days: ['sat'], from: '08:00', to: '14:00', next: 'shop' },
    ];
    const diff = diffRoutingPlans(named('bakery', bakery()), named('bakery', after));
    expect(diff.callerChanges).toEqual(['Fri 16:00–18:00 America/New_York: now a message, then voicemail, was +1 212 555 0142']);
    expect([...diff.changedSteps]).toEqual(['hours']);
    expect(renderDiffMarkdown(diff, LABELS)).toMatchSnapshot();
  });

  it('describes a new shop number and ring time as the shop ringing elsewhere during opening hours', () => {
    const after = bakery();
    Object.assign(step(after, 'shop', 'forward'), { to: '+1 212 555 0143', timeout: 25 });
    const diff = diffRoutingPlans(named('bakery', bakery()), named('bakery', after));
    expect(diff.callerChanges).toEqual(['Weekdays 07:00–18:00, Sat 08:00–14:00 America/New_York: now +1 212 555 0143, was +1 212 555 0142']);
    expect(diff.stepChanges).toEqual([{ step: 'shop', kind: 'changed', text: 'now rings +1 212 555 0143 for 25 s, was +1 212 555 0142 for 20 s' }]);
  });

  it('reports a holiday added to the calendar as that day now going to voicemail', () => {
    const after = bakery();
    step(after, 'hours', 'schedule').holidays?.[0].dates.push('2026-12-24');
    const diff = diffRoutingPlans(named('bakery', bakery()), named('bakery', after));
    expect(diff.callerChanges).toEqual(['Holiday 2026-12-24: now a message, then voicemail, was the usual hours']);
    expect(diff.stepChanges).toEqual([{ step: 'hours', kind: 'changed', text: 'adds holiday 2026-12-24 (US public holidays)' }]);
  });

  it('tells the call centre reviewer that pressing 2 now reaches sales instead of billing', () => {
    const after = support();
    step(after, 'menu', 'menu').options[1].next = 'sales_queue';
    const diff = diffRoutingPlans(named('support', support()), named('support', after));
    expect(diff.callerChanges).toEqual(['Pressing 2 (Billing): now the sales queue, was the billing queue']);
    expect(diff.stepChanges).toEqual([{ step: 'menu', kind: 'changed', text: 'Press 2: now `sales_queue`, was `billing_queue`' }]);
    expect(renderDiffMarkdown(diff, LABELS)).toMatchSnapshot();
  });

  it('lists a new menu option, a removed department and the new step that explains the hours', () => {
    const after = support();
    const menu = step(after, 'menu', 'menu');
    menu.options[2].next = 'operator';
    menu.options.push({ digits: '4', label: 'Opening hours', next: 'hours_info' });
    menu.onTimeout = 'operator';
    after.steps.hours_info = { type: 'say', message: 'We are open from 8am to 8pm on weekdays.', next: 'menu' };
    delete after.steps.tech_queue;
    const diff = diffRoutingPlans(named('support', support()), named('support', after));
    expect(diff.callerChanges).toEqual([
      'Pressing 3 (Technical support): now +44 20 7946 0123, was the technical queue',
      'Pressing 4 (Opening hours): now a message, then the menu, was not an option',
      'No input at the menu: now +44 20 7946 0123, was the sales queue',
    ]);
    expect([...diff.addedSteps]).toEqual(['hours_info']);
    expect([...diff.removedSteps]).toEqual(['tech_queue']);
    expect([...diff.changedSteps]).toEqual(['menu']);
    const markdown = renderDiffMarkdown(diff, LABELS);
    expect(markdown).toContain('  class menu changed\n');
    expect(markdown).toContain('  class hours_info added\n');
    expect(markdown).toContain('  class tech_queue removed\n');
    expect(markdown).toMatchSnapshot();
  });

  it('reports callers moved between offices, a newly blocked number and a bigger trial share', () => {
    const after = national();
    step(after, 'region', 'geo').routes[0].regions = ['CA', 'OR', 'WA'];
    step(after, 'screening', 'screen').numbers.push('+1 213 555 0199');
    const split = step(after, 'east_trial', 'split');
    split.branches[0].percent = 70;
    split.branches[1].percent = 30;
    const diff = diffRoutingPlans(named('national', national()), named('national', after));
    expect(diff.callerChanges).toEqual([
      'Calls from +1 213 555 0199: now blocked (hang up after a message), was let through to the caller-location check `region`',
      'Callers from NV, AZ: now +1 312 555 0100 then sip:sales@pbx.chicago.example.com in turn, was +1 415 555 0100',
      '10% of callers: now +1 646 555 0170 then +1 646 555 0171 in turn, was +1 212 555 0100, +1 212 555 0101 and +1 212 555 0102 at once',
    ]);
    expect(renderDiffMarkdown(diff, LABELS)).toMatchSnapshot();
  });

  it('notices when a reordering of geography rules changes who goes where', () => {
    const after = national();
    const routes = step(after, 'region', 'geo').routes;
    // New York's state rule now comes before the 212/646 area-code trial, so those callers skip the trial.
    [routes[1], routes[2]] = [routes[2], routes[1]];
    const diff = diffRoutingPlans(named('national', national()), named('national', after));
    expect(diff.callerChanges).toEqual([
      'Callers from area codes 212, 646, 718, 917, 347: now +1 212 555 0100, +1 212 555 0101 and +1 212 555 0102 at once, was the percentage split `east_trial`',
    ]);
    expect(diff.stepChanges[0].text).toMatch(/^order: now Callers from CA, OR, WA, NV, AZ \| Callers from NY/);
  });

  it('tells who hears the recording notice and what it says', () => {
    const after = support();
    after.recording = { disclosure: 'This call may be recorded.' };
    const diff = diffRoutingPlans(named('support', support()), named('support', after));
    expect(diff.callerChanges).toEqual(['Recording notice before every call: now "This call may be recorded.", was "Calls are recorded for training and quality purposes."']);
    expect(diff.stepChanges).toEqual([{ step: '', kind: 'changed', text: 'recording notice: now "This call may be recorded.", was "Calls are recorded for training and quality purposes."' }]);
  });
});

describe('failover, renames and time zones', () => {
  it('tells what callers get when a ring fails, goes unanswered or a queue waits too long', () => {
    const after = bakery();
    step(after, 'shop', 'forward').onFailure = 'owner';
    const diff = diffRoutingPlans(named('bakery', bakery()), named('bakery', after));
    expect(diff.callerChanges).toEqual(['When `shop` (+1 212 555 0142) fails: now +1 917 555 0199, was voicemail']);
    const centre = support();
    step(centre, 'sales_queue', 'queue').onTimeout = 'voicemail';
    expect(diffRoutingPlans(named('support', support()), named('support', centre)).callerChanges).toEqual([
      'When the sales queue keeps callers waiting 3 min: now voicemail, was sip:support@pbx.manchester.acme.example:5060',
    ]);
  });

  it('tells callers of a new number on a step only failover reaches', () => {
    const after = bakery();
    step(after, 'owner', 'forward').to = '+1 917 555 0100';
    const diff = diffRoutingPlans(named('bakery', bakery()), named('bakery', after));
    expect(diff.callerChanges).toEqual(['When `shop` (+1 212 555 0142) does not answer or is busy: now +1 917 555 0100, was +1 917 555 0199']);
  });

  it('reads a step that only changed its name as a rename, with nothing for callers', () => {
    const text = JSON.stringify(bakery()).replace(/"owner"/g, '"mobile"');
    const diff = diffRoutingPlans(named('bakery', bakery()), named('bakery', JSON.parse(text) as RoutingPlanInput));
    expect(diff.callerChanges).toEqual([]);
    expect(diff.stepChanges).toEqual([
      { step: 'shop', kind: 'changed', text: 'if nobody answers: now `mobile`, was `owner`; if busy: now `mobile`, was `owner`' },
      { step: 'mobile', kind: 'renamed', text: 'renamed from `owner`; nothing else changed' },
    ]);
    expect([...diff.addedSteps, ...diff.removedSteps]).toEqual([]);
    expect([...diff.changedSteps]).toEqual(['shop', 'mobile']);
  });

  it('says which way the hours move when a schedule changes time zone', () => {
    const after = bakery();
    after.timeZone = 'America/Chicago';
    const diff = diffRoutingPlans(named('bakery', bakery()), named('bakery', after));
    expect(diff.callerChanges).toEqual(['Time zone of the schedule: now America/Chicago, was America/New_York; every window now opens and closes 1 h later for callers']);
  });

  it('counts a message added on the way as a change callers notice', () => {
    const after = bakery();
    step(after, 'hours', 'schedule').holidays?.[0] && (step(after, 'hours', 'schedule').holidays![0].next = 'voicemail');
    const diff = diffRoutingPlans(named('bakery', bakery()), named('bakery', after));
    expect(diff.callerChanges).toEqual(['US public holidays (5 dates): now voicemail, was a message, then voicemail']);
  });
});

describe('step changes', () => {
  it('says what changed in a step’s failover and keeps untouched steps out', () => {
    const after = bakery();
    Object.assign(step(after, 'shop', 'forward'), { onBusy: 'voicemail' });
    Object.assign(step(after, 'voicemail', 'voicemail'), { transcribe: false, maxLength: 120 });
    const diff = diffRoutingPlans(named('bakery', bakery()), named('bakery', after));
    expect(diff.stepChanges).toEqual([
      { step: 'shop', kind: 'changed', text: 'if busy: now `voicemail`, was `owner`' },
      { step: 'voicemail', kind: 'changed', text: 'longest message: now 2 min, was 3 min; transcription: now off, was on' },
    ]);
    expect([...diff.changedSteps]).toEqual(['shop', 'voicemail']);
  });

  it('names only the ring time or the wait when that is all that changed', () => {
    const after = bakery();
    step(after, 'owner', 'forward').timeout = 25;
    expect(diffRoutingPlans(named('bakery', bakery()), named('bakery', after)).stepChanges).toEqual([{ step: 'owner', kind: 'changed', text: 'ring time: now 25 s, was 15 s' }]);
    const longer = support();
    step(longer, 'sales_queue', 'queue').maxWait = 240;
    const diff = diffRoutingPlans(named('support', support()), named('support', longer));
    expect(diff.stepChanges).toEqual([{ step: 'sales_queue', kind: 'changed', text: 'longest wait: now 4 min, was 3 min' }]);
    expect(diff.callerChanges).toEqual([]);
  });

  it('describes a step whose kind changed as a whole', () => {
    const after = bakery();
    after.steps.owner = { type: 'voicemail', greeting: 'Leave a message for the owner.' };
    const diff = diffRoutingPlans(named('bakery', bakery()), named('bakery', after));
    expect(diff.stepChanges).toEqual([{ step: 'owner', kind: 'changed', text: 'now Voicemail, was Forward to +1 917 555 0199 (ring 15 s)' }]);
  });
});

describe('whole plans added or removed', () => {
  it('treats a plan only the new version has as new, with its diagram', () => {
    const diff = diffRoutingPlans(undefined, named('bakery', bakery()));
    expect(diff.status).toBe('added');
    const markdown = renderDiffMarkdown(diff, LABELS);
    expect(markdown).toContain('- New plan: calls start at the schedule `hours`.');
    expect(markdown).toContain('```mermaid\nflowchart TD');
    expect(markdown).not.toContain('class hours added');
  });

  it('says so when a plan is removed', () => {
    const diff = diffRoutingPlans(named('bakery', bakery()), undefined);
    expect(renderDiffMarkdown(diff, LABELS)).toContain('This plan is removed (it had the steps `hours`, `shop`, `owner`, `closed_greeting`, `voicemail`)');
  });
});

describe('Markdown safety', () => {
  it('keeps prompts from turning into formatting, links or HTML, but leaves step names as code', () => {
    expect(escapeMarkdown('now "*free* <b>[cake](x)</b>", was `shop_front`')).toBe('now "\\*free\\* \\<b\\>\\[cake\\](x)\\</b\\>", was `shop_front`');
    const after = bakery();
    step(after, 'closed_greeting', 'say').message = 'Closed <today>! See *website*.';
    const markdown = renderDiffMarkdown(diffRoutingPlans(named('bakery', bakery()), named('bakery', after)), LABELS);
    expect(markdown).toContain('- `closed_greeting`: now says "Closed \\<today\\>! See \\*website\\*.", was "Thanks for calling the Corner Bakery. We are closed right now."');
  });
});
