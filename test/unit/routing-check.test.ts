/** The routing-plan checks, told as the mistakes people make when they write a plan. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../../src/core/diagnostics';
import { checkRoutingPlan, validatePlanDocument, validateRoutingPlan } from '../../src/routing/check';
import { readPlanDocument } from '../../src/routing/parse';

type Raw = Record<string, unknown>;

/** A small, clean support line; each test breaks one thing in it. */
function supportPlan(changes: { steps?: Raw; plan?: Raw } = {}): Raw {
  return {
    timeZone: 'Europe/London',
    start: 'hours',
    ...changes.plan,
    steps: {
      hours: {
        type: 'schedule',
        windows: [{ days: ['weekdays'], from: '09:00', to: '17:00', next: 'menu' }],
        otherwise: 'voicemail',
      },
      menu: {
        type: 'menu',
        prompt: 'For sales press 1, for billing press 2, to hear this again press 9.',
        options: [
          { digits: '1', speech: ['sales'], label: 'Sales', next: 'sales' },
          { digits: '2', speech: ['billing'], label: 'Billing', next: 'billing_queue' },
          { digits: '9', next: 'menu' },
        ],
        onTimeout: 'sales',
        onInvalid: 'voicemail',
      },
      sales: { type: 'forward', to: '+44 20 7946 0123', onNoAnswer: 'voicemail', onBusy: 'voicemail' },
      billing_queue: { type: 'queue', queue: 'billing', onTimeout: 'voicemail' },
      voicemail: { type: 'voicemail', greeting: 'Please leave a message.' },
      ...changes.steps,
    },
  };
}

function check(raw: Raw, name = 'support'): Diagnostic[] {
  const { plan, diagnostics } = validateRoutingPlan(name, raw);
  if (plan === undefined) throw new Error(`the test plan does not parse:\n${diagnostics.map(formatDiagnostic).join('\n')}`);
  return diagnostics;
}

const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error');
const warnings = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'warning');
const at = (ds: Diagnostic[], field: string) => ds.filter((d) => d.field === field);
const fields = (ds: Diagnostic[]) => ds.map((d) => d.field);

/** One diagnostic at `field`, of the given severity, whose summary mentions every `words`. */
function expectOne(ds: Diagnostic[], severity: 'error' | 'warning', field: string, ...words: string[]): Diagnostic {
  const found = at(ds, field);
  expect(found.map((d) => d.severity)).toEqual([severity]);
  for (const w of words) expect(found[0].summary).toContain(w);
  expect(found[0].detail).toBeTruthy();
  return found[0];
}

describe('a plan with nothing wrong', () => {
  it('passes without a single error or warning', () => {
    expect(check(supportPlan())).toEqual([]);
  });

  it.each(['call-centre.yaml', 'geo-routed.yaml', 'small-business.yaml'])('accepts the example %s with no errors', (file) => {
    const path = join(__dirname, '..', '..', 'examples', 'routing', file);
    const results = validatePlanDocument(readPlanDocument(readFileSync(path, 'utf8'), path));
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(result.plan).toBeDefined();
      expect(errors(result.diagnostics).map(formatDiagnostic)).toEqual([]);
      // Eyeballed: none of the examples has warnings today; a new one is worth a look, so it must be listed here.
      expect(warnings(result.diagnostics).map(formatDiagnostic)).toEqual([]);
    }
  });
});

describe('shape problems arrive through the same door', () => {
  it('reports a forward to a number that is not a phone number at its step path', () => {
    const { plan, diagnostics } = validateRoutingPlan('support', supportPlan({ steps: { sales: { type: 'forward', to: '+44 20 79', onNoAnswer: 'voicemail' } } }));
    expect(plan).toBeUndefined();
    expect(fields(errors(diagnostics))).toEqual(['plans.support.sales.to']);
  });

  it('reports a SIP URI without a host at its step path', () => {
    const { diagnostics } = validateRoutingPlan('support', supportPlan({ steps: { sales: { type: 'sip', to: 'sip:support@', onNoAnswer: 'voicemail' } } }));
    expect(fields(errors(diagnostics))).toEqual(['plans.support.sales.to']);
    expect(diagnostics[0].summary).toContain('SIP URI');
  });

  it('reports a bad number in a ring group at the target index', () => {
    const { diagnostics } = validateRoutingPlan('support', supportPlan({ steps: { sales: { type: 'ring', strategy: 'sequential', targets: ['+442079460123', 'not a number'], onNoAnswer: 'voicemail' } } }));
    expect(fields(errors(diagnostics))).toEqual(['plans.support.sales.targets[1]']);
  });

  it('says "did you mean" for a mistyped step type, and names a missing required field plainly', () => {
    const { diagnostics } = validateRoutingPlan('support', supportPlan({ steps: { sales: { type: 'fowrard', to: '+14155550100' }, box: { type: 'voicemail' } } }));
    expect(diagnostics.map((d) => [d.field, d.summary, d.detail])).toEqual([
      ['plans.support.sales.type', '"fowrard" is not a step type', expect.stringContaining('did you mean "forward"?')],
      ['plans.support.box.greeting', '`greeting` is required', 'add `greeting:` to this step (see docs/routing.md for what it takes)'],
    ]);
  });

  it('calls an empty plan file empty', () => {
    const [parsed] = validatePlanDocument(null, 'bakery');
    expect(parsed.diagnostics.map((d) => [d.field, d.summary])).toEqual([['plans.bakery', 'the plan is empty']]);
  });

  it('refuses spoken text with Liquid braces, which Studio would try to fill in', () => {
    const { diagnostics } = validateRoutingPlan('support', supportPlan({ steps: { sales: { type: 'hangup', message: 'Goodbye {{ caller }}' } } }));
    expect(fields(errors(diagnostics))).toEqual(['plans.support.sales.message']);
    expect(diagnostics[0].summary).toContain('Liquid template');
  });

  it('checks every plan of a file by name, and names a bare plan after the fallback', () => {
    const broken = supportPlan({ plan: { start: 'hourz' } });
    const results = validatePlanDocument({ plans: { support: supportPlan(), sales: broken } });
    expect(results.map((r) => [r.name, fields(r.diagnostics)])).toEqual([
      ['support', []],
      ['sales', ['plans.sales.start']],
    ]);
    const [bare] = validatePlanDocument(broken, 'bakery');
    expect(bare.name).toBe('bakery');
    expect(fields(bare.diagnostics)).toEqual(['plans.bakery.start']);
  });
});

describe('1. references to steps that do not exist', () => {
  it('suggests the step a misspelt start meant', () => {
    const d = expectOne(check(supportPlan({ plan: { start: 'hours_' } })), 'error', 'plans.support.start', '"hours_"');
    expect(d.detail).toBe('did you mean "hours"?');
  });

  it('points at the exact menu option whose next is misspelt', () => {
    const ds = check(
      supportPlan({
        steps: {
          menu: {
            type: 'menu',
            prompt: 'Press 1, 2 or 3.',
            options: [
              { digits: '1', next: 'sales' },
              { digits: '2', next: 'billing_queue' },
              { digits: '3', next: 'biling_queue' },
            ],
            onTimeout: 'sales',
            onInvalid: 'voicemail',
          },
        },
      }),
    );
    const d = expectOne(ds, 'error', 'plans.support.menu.options[2].next', '"biling_queue" is not a step');
    expect(d.detail).toBe('did you mean "billing_queue"?');
  });

  it('lists the real steps when nothing is close', () => {
    const ds = check(supportPlan({ steps: { sales: { type: 'forward', to: '+442079460123', onNoAnswer: 'reception' } } }));
    const d = expectOne(ds, 'error', 'plans.support.sales.onNoAnswer', '"reception"');
    expect(d.detail).toContain('hours, menu, sales, billing_queue, voicemail');
  });

  it('finds dangling references in holidays, windows, otherwise, geo routes and split branches', () => {
    const ds = check(
      supportPlan({
        plan: { start: 'region' },
        steps: {
          hours: {
            type: 'schedule',
            holidays: [{ name: 'Bank holidays', dates: ['2026-12-25'], next: 'closed' }],
            windows: [{ days: ['daily'], from: '09:00', to: '17:00', next: 'menu' }],
            otherwise: 'closed',
          },
          region: { type: 'geo', routes: [{ countries: ['GB'], next: 'hours' }, { countries: ['IE'], next: 'ireland' }], otherwise: 'trial' },
          trial: { type: 'split', branches: [{ percent: 50, next: 'hours' }, { percent: 50, next: 'newteam' }] },
        },
      }),
    );
    expect(fields(errors(ds))).toEqual([
      'plans.support.hours.holidays[0].next',
      'plans.support.hours.otherwise',
      'plans.support.region.routes[1].next',
      'plans.support.trial.branches[1].next',
    ]);
  });
});

describe('2. steps no call reaches', () => {
  it('warns about a menu left behind after a redesign', () => {
    const ds = check(supportPlan({ steps: { old_menu: { type: 'menu', prompt: 'Press 1.', options: [{ digits: '1', next: 'sales' }], onTimeout: 'sales', onInvalid: 'sales' } } }));
    expectOne(ds, 'warning', 'plans.support.old_menu', 'never reached from start "hours"');
    expect(errors(ds)).toEqual([]);
  });

  it('does not also list every step when start itself is missing', () => {
    const ds = check(supportPlan({ plan: { start: 'nowhere' } }));
    expect(fields(ds)).toEqual(['plans.support.start']);
  });
});

describe('3. loops callers can never leave', () => {
  const trapped = supportPlan({
    plan: { start: 'welcome' },
    steps: {
      welcome: { type: 'say', message: 'Welcome.', next: 'hours' },
      hours: { type: 'schedule', windows: [{ days: ['daily'], from: '00:00', to: '24:00', next: 'menu' }] },
      menu: {
        type: 'menu',
        prompt: 'Press 1 for opening hours.',
        options: [{ digits: '1', next: 'opening' }],
        onTimeout: 'hours',
        onInvalid: 'hours',
      },
      opening: { type: 'say', message: 'We are open all day.', next: 'menu' },
    },
  });

  it('names the loop in order, at its first step, and not the steps leading into it', () => {
    const ds = check(trapped);
    const loop = errors(ds).filter((d) => d.summary.includes('loop'));
    expect(loop).toHaveLength(1);
    expect(loop[0].field).toBe('plans.support.hours');
    expect(loop[0].summary).toBe('hours → menu → hours is a loop callers can never leave (and 1 more step leading only back into it)');
  });

  it('reports a message that leads to itself', () => {
    const ds = check(supportPlan({ plan: { start: 'welcome' }, steps: { welcome: { type: 'say', message: 'Hello.', next: 'welcome' } } }));
    expect(errors(ds).map((d) => [d.field, d.summary])).toEqual([['plans.support.welcome', 'welcome → welcome is a loop callers can never leave']]);
  });

  it('accepts "press 9 to hear the menu again" because the other options lead out', () => {
    expect(check(supportPlan())).toEqual([]);
  });

  it('accepts a loop through a menu with no onInvalid, since that hangs up (and reports the missing branch instead)', () => {
    const raw = structuredClone(trapped) as { steps: Record<string, Raw> };
    delete raw.steps.menu.onInvalid;
    const ds = check(raw);
    expect(ds.some((d) => d.summary.includes('loop'))).toBe(false);
    expect(fields(errors(ds))).toEqual(['plans.support.menu.onInvalid']);
  });

  it('accepts a loop through a schedule whose windows leave hours uncovered... but reports the gap', () => {
    const raw = structuredClone(trapped) as { steps: Record<string, Raw> };
    raw.steps.hours = { type: 'schedule', windows: [{ days: ['weekdays'], from: '09:00', to: '17:00', next: 'menu' }] };
    const ds = check(raw);
    expect(ds.some((d) => d.summary.includes('loop'))).toBe(false);
    expect(fields(errors(ds))).toEqual(['plans.support.hours.otherwise']);
  });
});

describe('4. menus', () => {
  const menu = (changes: Raw) =>
    supportPlan({
      steps: {
        menu: {
          type: 'menu',
          prompt: 'Press 1 for sales or 2 for billing.',
          options: [
            { digits: '1', speech: ['sales'], label: 'Sales', next: 'sales' },
            { digits: '2', speech: ['billing'], label: 'Billing', next: 'billing_queue' },
          ],
          onTimeout: 'sales',
          onInvalid: 'voicemail',
          ...changes,
        },
      },
    });

  it('refuses a menu where callers who press nothing have nowhere to go', () => {
    const d = expectOne(check(menu({ onTimeout: undefined })), 'error', 'plans.support.menu.onTimeout', 'press nothing');
    expect(d.detail).toContain('after 3 tries');
  });

  it('refuses a menu where a wrong key has nowhere to go', () => {
    expectOne(check(menu({ onInvalid: undefined })), 'error', 'plans.support.menu.onInvalid', 'matches no option');
  });

  it('refuses an option that can be neither pressed nor said', () => {
    const ds = check(menu({ options: [{ digits: '1', next: 'sales' }, { label: 'Billing', next: 'billing_queue' }] }));
    expectOne(ds, 'error', 'plans.support.menu.options[1]', 'options[1] (Billing) can never be chosen');
  });

  it('refuses the same digits twice, at the later option', () => {
    const ds = check(menu({ options: [{ digits: '1', next: 'sales' }, { digits: '2', next: 'billing_queue' }, { digits: '1', next: 'voicemail' }] }));
    expectOne(ds, 'error', 'plans.support.menu.options[2].digits', 'digits "1" already choose options[0]');
  });

  it('refuses a spoken word that already chooses another option, ignoring case', () => {
    const ds = check(menu({ options: [{ digits: '1', speech: ['sales', 'orders'], label: 'Sales', next: 'sales' }, { digits: '2', speech: ['billing', 'Orders'], next: 'billing_queue' }] }));
    expectOne(ds, 'error', 'plans.support.menu.options[1].speech[1]', 'the word "Orders" already chooses options[0] (Sales)');
  });

  it('refuses a word listed twice in one option', () => {
    const ds = check(menu({ options: [{ digits: '1', speech: ['sales', 'sales'], next: 'sales' }, { digits: '2', next: 'billing_queue' }] }));
    expectOne(ds, 'error', 'plans.support.menu.options[0].speech[1]', 'listed twice');
  });

  it('refuses digits with "#": the compiled Gather ends input at "#", so the option can never be chosen', () => {
    const ds = check(menu({ options: [{ digits: '1', next: 'sales' }, { digits: '#', label: 'Main menu', next: 'menu' }, { digits: '2#', next: 'billing_queue' }] }));
    expectOne(ds, 'error', 'plans.support.menu.options[1].digits', 'options[1] (Main menu) can never be chosen', '"#"');
    expectOne(ds, 'error', 'plans.support.menu.options[2].digits', 'options[2] can never be chosen');
    expect(errors(ds)).toHaveLength(2);
  });

  it('warns when one option’s digits begin another’s', () => {
    const ds = check(menu({ options: [{ digits: '12', next: 'sales' }, { digits: '2', next: 'billing_queue' }, { digits: '1', next: 'voicemail' }] }));
    expectOne(ds, 'warning', 'plans.support.menu.options[2].digits', 'digits "12" of options[0] begin with "1" of options[2]');
    expect(errors(ds)).toEqual([]);
  });
});

describe('5. schedules', () => {
  const hours = (schedule: Raw, plan: Raw = {}) => check(supportPlan({ plan, steps: { hours: { type: 'schedule', ...schedule } } }));
  const weekdays = [{ days: ['weekdays'], from: '09:00', to: '17:00', next: 'menu' }];

  it('refuses a schedule with no time zone on the step or the plan', () => {
    expectOne(hours({ windows: weekdays, otherwise: 'voicemail' }, { timeZone: undefined }), 'error', 'plans.support.hours.timeZone', 'no time zone');
  });

  it('takes the time zone from the step when the plan has none', () => {
    expect(hours({ timeZone: 'America/New_York', windows: weekdays, otherwise: 'voicemail' }, { timeZone: undefined })).toEqual([]);
  });

  it('refuses a window that starts and ends at the same time', () => {
    const ds = hours({ windows: [...weekdays, { days: ['sat'], from: '10:00', to: '10:00', next: 'menu' }], otherwise: 'voicemail' });
    expectOne(ds, 'error', 'plans.support.hours.windows[1]', 'from 10:00 to 10:00', 'covers no time');
  });

  it('refuses overlapping windows, naming the shared hour in words', () => {
    const ds = hours({ windows: [...weekdays, { days: ['mon'], from: '16:00', to: '18:00', next: 'sales' }], otherwise: 'voicemail' });
    const d = expectOne(ds, 'error', 'plans.support.hours.windows[1]', 'windows[1] overlaps windows[0] at Mon 16:00–Mon 17:00');
    expect(d.detail).toContain('"menu"');
  });

  it('warns about holidays past the years whose daylight-saving changes are compiled in', () => {
    const ds = hours({ windows: weekdays, otherwise: 'voicemail', holidays: [{ name: 'Far future', dates: ['2040-12-25', '2041-12-25'], next: 'voicemail' }] });
    expectOne(ds, 'warning', 'plans.support.hours.holidays[0].dates[1]', '2041-12-25 is after 2040-12-31');
  });

  it('only warns when overlapping windows lead to the same step: callers end up in the same place', () => {
    const ds = hours({ windows: [...weekdays, { days: ['mon'], from: '16:00', to: '18:00', next: 'menu' }], otherwise: 'voicemail' });
    expectOne(ds, 'warning', 'plans.support.hours.windows[1]', 'windows[1] overlaps windows[0] at Mon 16:00–Mon 17:00');
  });

  it('accepts day and night windows that meet at midnight and cover the week', () => {
    const ds = hours({
      windows: [
        { days: ['daily'], from: '09:00', to: '18:00', next: 'menu' },
        { days: ['daily'], from: '18:00', to: '09:00', next: 'voicemail' },
      ],
    });
    expect(ds).toEqual([]);
  });

  it('refuses weekday hours with no otherwise, listing evenings and the weekend in words', () => {
    const d = expectOne(hours({ windows: weekdays }), 'error', 'plans.support.hours.otherwise');
    expect(d.summary).toBe(
      'calls at Mon 17:00–Tue 09:00, Tue 17:00–Wed 09:00, Wed 17:00–Thu 09:00, Thu 17:00–Fri 09:00, Fri 17:00–Mon 09:00 have nowhere to go: no window covers them and there is no otherwise',
    );
  });

  it('lists at most five gaps, then how many more', () => {
    const d = expectOne(hours({ windows: [{ days: ['daily'], from: '09:00', to: '10:00', next: 'menu' }] }), 'error', 'plans.support.hours.otherwise');
    expect(d.summary).toContain('Fri 10:00–Sat 09:00 and 2 more have nowhere to go');
  });

  it('warns that otherwise is never used when the windows cover the whole week', () => {
    const ds = hours({ windows: [{ days: ['daily'], from: '00:00', to: '24:00', next: 'menu' }], otherwise: 'voicemail' });
    expectOne(ds, 'warning', 'plans.support.hours.otherwise', 'otherwise "voicemail" is never used');
    // The voicemail is still reachable from elsewhere, so nothing else is reported.
    expect(ds).toHaveLength(1);
  });

  it('warns about a date in two holiday calendars, at the later one', () => {
    const ds = hours({
      holidays: [
        { name: 'Bank holidays', dates: ['2026-12-25', '2026-12-28'], next: 'voicemail' },
        { name: 'Christmas closure', dates: ['2026-12-24', '2026-12-25'], next: 'sales' },
      ],
      windows: weekdays,
      otherwise: 'voicemail',
    });
    expectOne(ds, 'warning', 'plans.support.hours.holidays[1].dates[1]', '2026-12-25 is also in holidays[0] ("Bank holidays")');
    expect(errors(ds)).toEqual([]);
  });

  it('does not mind holidays in the past', () => {
    expect(hours({ holidays: [{ name: 'Old', dates: ['2001-01-01'], next: 'voicemail' }], windows: weekdays, otherwise: 'voicemail' })).toEqual([]);
  });
});

describe('6. ringing people', () => {
  it('warns that callers are hung up on when a forward has no onNoAnswer', () => {
    const ds = check(supportPlan({ steps: { sales: { type: 'forward', to: '+442079460123', onBusy: 'voicemail' } } }));
    expectOne(ds, 'warning', 'plans.support.sales.onNoAnswer', 'unanswered callers are hung up on');
    expect(errors(ds)).toEqual([]);
  });

  it('refuses a SIP endpoint in a group rung all at once', () => {
    const ds = check(supportPlan({ steps: { sales: { type: 'ring', strategy: 'simultaneous', targets: ['+442079460123', 'sip:desk@pbx.example.com'], onNoAnswer: 'voicemail' } } }));
    const d = expectOne(ds, 'error', 'plans.support.sales.targets[1]', '"sip:desk@pbx.example.com"');
    expect(d.detail).toContain('strategy: sequential');
  });

  it('accepts a SIP endpoint in a group rung in turn', () => {
    expect(check(supportPlan({ steps: { sales: { type: 'ring', strategy: 'sequential', targets: ['+442079460123', 'sip:desk@pbx.example.com'], onNoAnswer: 'voicemail' } } }))).toEqual([]);
  });

  it('refuses the same number twice in a group, even written differently', () => {
    const ds = check(supportPlan({ steps: { sales: { type: 'ring', strategy: 'sequential', targets: ['+44 20 7946 0123', '+442079460124', '+442079460123'], onNoAnswer: 'voicemail' } } }));
    expectOne(ds, 'error', 'plans.support.sales.targets[2]', '"+442079460123" is already targets[0]');
  });
});

describe('7. recording', () => {
  it('refuses a recorded call when callers are never told', () => {
    const ds = check(supportPlan({ steps: { sales: { type: 'forward', to: '+442079460123', record: true, onNoAnswer: 'voicemail' }, voicemail: { type: 'conference', room: 'overflow', record: true } } }));
    expectOne(ds, 'error', 'plans.support.sales.record', 'no recording.disclosure');
    expectOne(ds, 'error', 'plans.support.voicemail.record', 'no recording.disclosure');
  });

  it('accepts a recorded call once the plan has a disclosure', () => {
    const ds = check(supportPlan({ plan: { recording: { disclosure: 'Calls are recorded.' } }, steps: { sales: { type: 'forward', to: '+442079460123', record: true, onNoAnswer: 'voicemail' } } }));
    expect(ds).toEqual([]);
  });

  it('warns about a disclosure nothing plays because no step records', () => {
    expectOne(check(supportPlan({ plan: { recording: { disclosure: 'Calls are recorded.' } } })), 'warning', 'plans.support.recording.disclosure', 'never played');
  });
});

describe('8. voicemail by e-mail', () => {
  const emailed = { type: 'voicemail', greeting: 'Leave a message.', notify: { email: 'owner@bakery.example' } };

  it('refuses notify.email when the plan has no mailer, and says how to fix it', () => {
    const d = expectOne(check(supportPlan({ steps: { voicemail: emailed } })), 'error', 'plans.support.voicemail.notify.email', '"owner@bakery.example"');
    expect(d.detail).toContain('mailer');
  });

  it('accepts it with a mailer', () => {
    expect(check(supportPlan({ plan: { mailer: 'https://hooks.bakery.example/mail' }, steps: { voicemail: emailed } }))).toEqual([]);
  });
});

describe('9. percentage splits', () => {
  it('refuses branches that do not add up to 100, giving the sum', () => {
    const ds = check(supportPlan({ plan: { start: 'trial' }, steps: { trial: { type: 'split', branches: [{ percent: 70, next: 'hours' }, { percent: 20, next: 'sales' }] } } }));
    expectOne(ds, 'error', 'plans.support.trial.branches', 'add up to 90%');
  });
});

describe('10. caller geography', () => {
  const geo = (routes: Raw[]) => check(supportPlan({ plan: { start: 'region' }, steps: { region: { type: 'geo', routes, otherwise: 'hours' } } }));

  it('refuses a route that mixes countries and regions, and one that names nobody', () => {
    const ds = geo([{ countries: ['US'], regions: ['NY'], next: 'sales' }, { next: 'sales' }]);
    expectOne(ds, 'error', 'plans.support.region.routes[0]', 'mixes countries and regions');
    expectOne(ds, 'error', 'plans.support.region.routes[1]', 'names no callers');
  });

  it('refuses an old province code and suggests the current one', () => {
    const d = expectOne(geo([{ regions: ['ON', 'PQ'], next: 'sales' }]), 'error', 'plans.support.region.routes[0].regions[1]', '"PQ" is not a US state or Canadian province code');
    expect(d.detail).toBe('did you mean "QC"?');
  });

  it('refuses a country written as a region, and an unknown country', () => {
    const ds = geo([{ regions: ['MX'], next: 'sales' }, { countries: ['UK'], next: 'sales' }]);
    expect(expectOne(ds, 'error', 'plans.support.region.routes[0].regions[0]', '"MX"').detail).toContain('countries');
    expect(expectOne(ds, 'error', 'plans.support.region.routes[1].countries[0]', '"UK"').detail).toBe('did you mean "GB"?');
  });

  it('warns about a route hidden by an earlier, broader one', () => {
    const ds = geo([{ regions: ['NY', 'NJ'], next: 'sales' }, { areaCodes: ['212', '646'], next: 'billing_queue' }]);
    expectOne(ds, 'warning', 'plans.support.region.routes[1]', 'routes[1] can never match: routes[0] (regions NY, NJ) already takes all its callers');
    expect(errors(ds)).toEqual([]);
  });

  it('warns about one place routed twice, and keeps the rest of the route', () => {
    const ds = geo([{ regions: ['NY'], next: 'sales' }, { regions: ['CA', 'NY'], next: 'billing_queue' }, { countries: ['CA'], next: 'sales' }]);
    expect(warnings(ds).map((d) => [d.field, d.summary])).toEqual([['plans.support.region.routes[1].regions[1]', 'region NY is already routed by routes[0] (regions NY)']]);
  });

  it('accepts area codes before their state, as the national example does', () => {
    expect(geo([{ areaCodes: ['212'], next: 'sales' }, { regions: ['NY'], next: 'billing_queue' }, { countries: ['US'], next: 'menu' }])).toEqual([]);
  });
});

describe('11. call screening', () => {
  it('warns about a number listed twice', () => {
    const ds = check(supportPlan({ plan: { start: 'screening' }, steps: { screening: { type: 'screen', mode: 'block', numbers: ['+1 202 555 0111', '+12025550111'], onRejected: 'voicemail', next: 'hours' } } }));
    expectOne(ds, 'warning', 'plans.support.screening.numbers[1]', '+12025550111 is already numbers[0]');
  });
});

describe('12. size and step names', () => {
  // How fast this is belongs to the benchmark (`npm run bench routing`, docs/benchmarks.md), not to a timed test.
  it('accepts a generated 1,000-step plan, with only the Studio-size warning', () => {
    const raw = largePlan(1000);
    expect(Object.keys(raw.steps as Raw)).toHaveLength(1000);
    const first = validateRoutingPlan('large', raw);
    expect(first.plan).toBeDefined();
    expect(first.diagnostics.map((d) => [d.severity, d.field])).toEqual([['warning', 'plans.large.steps']]);
  });

  it('refuses more steps than a plan may have', () => {
    const ds = validateRoutingPlan('large', largePlan(1003)).diagnostics;
    expectOne(ds, 'error', 'plans.large.steps', '1003 steps');
  });

  it('keeps small plans clear of the size warning', () => {
    expect(validateRoutingPlan('mid', largePlan(300)).diagnostics).toEqual([]);
  });

  it('refuses a step name the compiler would clash with', () => {
    const ds = check(supportPlan({ steps: { menu__try2: { type: 'hangup' } } }));
    expect(errors(ds).map((d) => [d.field, d.summary])).toEqual([['plans.support.menu__try2', '"menu__try2" is not a valid step name']]);
  });
});

describe('the order of what is reported', () => {
  it('lists plan-level findings first, then by step in the plan, then by field', () => {
    const ds = check(
      supportPlan({
        plan: { recording: { disclosure: 'Calls are recorded.' } },
        steps: {
          menu: { type: 'menu', prompt: 'Press 1.', options: [{ digits: '1', next: 'sales' }, { digits: '1', next: 'salse' }] },
          sales: { type: 'forward', to: '+442079460123' },
        },
      }),
    );
    expect(fields(ds)).toEqual([
      'plans.support.recording.disclosure',
      'plans.support.menu.onInvalid',
      'plans.support.menu.onTimeout',
      'plans.support.menu.options[1].digits',
      'plans.support.menu.options[1].next',
      'plans.support.sales.onNoAnswer',
      'plans.support.billing_queue',
    ]);
  });

  it('gives the same list every time, checking an already-parsed plan directly', () => {
    const { plan, diagnostics } = validateRoutingPlan('support', supportPlan({ plan: { start: 'menu' }, steps: { hours: { type: 'say', message: 'Hi.', next: 'hourz' } } }));
    if (plan === undefined) throw new Error('the plan should parse');
    expect(fields(diagnostics)).toEqual(['plans.support.hours', 'plans.support.hours.next']);
    expect(checkRoutingPlan('support', plan)).toEqual(diagnostics);
  });
});

/**
 * A plan of exactly `size` steps built like a large organisation's: a schedule, then a chain of
 * department menus, each with an agent, a queue and a message, all ending in one voicemail.
 */
function largePlan(size: number): Raw {
  const steps: Record<string, Raw> = {
    hours: { type: 'schedule', windows: [{ days: ['weekdays'], from: '08:00', to: '20:00', next: 'dept_0' }], otherwise: 'voicemail' },
    voicemail: { type: 'voicemail', greeting: 'Please leave a message.' },
  };
  const departments = Math.floor((size - 2) / 4);
  for (let i = 0; i < departments; i++) {
    const last = i === departments - 1;
    steps[`dept_${i}`] = {
      type: 'menu',
      prompt: `Department ${i}: press 1 for an agent, 2 for the queue${last ? '' : ', 3 for the next department'}.`,
      options: [
        { digits: '1', speech: [`agent ${i}`], next: `agent_${i}` },
        { digits: '2', speech: [`queue ${i}`], next: `queue_${i}` },
        ...(last ? [] : [{ digits: '3', next: `dept_${i + 1}` }]),
        { digits: '9', next: `dept_${i}` },
      ],
      onTimeout: `note_${i}`,
      onInvalid: 'voicemail',
    };
    steps[`agent_${i}`] = { type: 'forward', to: `+1212555${String(1000 + i).padStart(4, '0')}`, onNoAnswer: `queue_${i}`, onBusy: `queue_${i}` };
    steps[`queue_${i}`] = { type: 'queue', queue: `dept ${i}`, onTimeout: 'voicemail', onFailure: 'voicemail' };
    steps[`note_${i}`] = { type: 'say', message: 'We did not hear a choice.', next: 'voicemail' };
  }
  // Pad to the exact size with a chain of announcements before the voicemail.
  const pad = size - Object.keys(steps).length;
  for (let k = 0; k < pad; k++) steps[`notice_${k}`] = { type: 'say', message: `Notice ${k}.`, next: k === pad - 1 ? 'voicemail' : `notice_${k + 1}` };
  if (pad > 0) (steps.hours as { otherwise: string }).otherwise = 'notice_0';
  return { timeZone: 'America/New_York', start: 'hours', steps };
}
