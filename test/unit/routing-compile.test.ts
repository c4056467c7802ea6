/** The routing compiler: plans in, Studio flow definitions out, told as what callers and reviewers get. */
import { join } from 'node:path';
import fc from 'fast-check';
import { ValidationError } from '../../src/core/errors';
import { validateRoutingPlan } from '../../src/routing/check';
import {
  SCHEDULE_COMPILED_FROM,
  SCHEDULE_COMPILED_UNTIL,
  compileRoutingPlan,
  compiledFlowJson,
  compiledSizeDiagnostics,
  stepOfState,
  type StudioFlowDefinition,
  type StudioState,
} from '../../src/routing/compile';
import type { RoutingPlan, RoutingPlanInput, ScheduleStep } from '../../src/routing/model';
import { loadPlanFile, parseRoutingPlan } from '../../src/routing/parse';
import { holidayOn, localClock, windowAt } from '../../src/routing/schedule';
import { validateFlowDefinition } from '../../src/sandbox/studio/validate-flow';
import { generateLargePlan } from '../support/routing-plans';

function example(file: string): { name: string; plan: RoutingPlan } {
  const [parsed] = loadPlanFile(join(__dirname, '..', '..', 'examples', 'routing', file));
  if (!parsed.plan) throw new Error(JSON.stringify(parsed.diagnostics));
  return { name: parsed.name, plan: parsed.plan };
}

function parse(raw: RoutingPlanInput, name = 'p'): RoutingPlan {
  const parsed = parseRoutingPlan(name, raw);
  if (!parsed.plan) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.plan;
}

function compile(raw: RoutingPlanInput, name = 'p'): StudioFlowDefinition {
  return compileRoutingPlan(parse(raw, name), { name });
}

function state(flow: StudioFlowDefinition, name: string): StudioState {
  const found = flow.states.find((s) => s.name === name);
  if (!found) throw new Error(`no state ${name} in ${flow.states.map((s) => s.name).join(', ')}`);
  return found;
}

/** A state's transitions as `event -> next` lines, with each condition as `type value`, for table-style asserts. */
function edges(s: StudioState): string[] {
  return s.transitions.map((t) => {
    const cond = (t.conditions ?? []).map((c) => ` [${c.type} ${c.value}]`).join('');
    return `${t.event}${cond} -> ${t.next ?? '(end)'}`;
  });
}

/** Properties without the editor position. */
function props(s: StudioState): Record<string, unknown> {
  const { offset: _offset, ...rest } = s.properties;
  return rest;
}

const names = (flow: StudioFlowDefinition): string[] => flow.states.map((s) => s.name);

const bakery = example('small-business.yaml');
const centre = example('call-centre.yaml');
const national = example('geo-routed.yaml');

describe('compiling the example plans', () => {
  it.each([
    ['small business', bakery],
    ['call centre', centre],
    ['geo-routed national number', national],
  ])('compiles the %s plan into a flow Studio accepts without errors or warnings', (_label, { name, plan }) => {
    const flow = compileRoutingPlan(plan, { name });
    const verdict = validateFlowDefinition(flow);
    expect(verdict.errors).toEqual([]);
    expect(verdict.warnings).toEqual([]);
    expect(flow).toMatchObject({ initial_state: 'Trigger', flags: { allow_concurrent_calls: true } });
    expect(compiledSizeDiagnostics(name, flow)).toEqual([]);
  });

  it('describes the flow by the plan it came from', () => {
    expect(compileRoutingPlan(bakery.plan, { name: 'bakery' }).description).toBe('didops routing plan bakery: Corner bakery main line');
    expect(compile({ start: 'bye', steps: { bye: { type: 'hangup' } } }, 'tiny').description).toBe('didops routing plan tiny');
  });

  it('lists the trigger, then steps breadth-first from start in the order their references are written', () => {
    const flow = compileRoutingPlan(national.plan, { name: 'national' });
    const steps = flow.states.map((s) => stepOfState(s.name) ?? s.name).filter((s, i, all) => all[i - 1] !== s);
    expect(steps).toEqual(['Trigger', 'screening', 'blocked', 'region', 'west', 'east_trial', 'east', 'canada', 'central', 'trial_team', 'voicemail']);
  });

  it('places every widget at its own spot in the editor, columns by distance from the trigger', () => {
    const flow = compileRoutingPlan(centre.plan, { name: 'support' });
    const spots = flow.states.map((s) => `${s.properties.offset?.x},${s.properties.offset?.y}`);
    expect(new Set(spots).size).toBe(flow.states.length);
    expect(state(flow, 'Trigger').properties.offset).toEqual({ x: 0, y: 0 });
    expect(state(flow, 'didops__disclosure').properties.offset).toEqual({ x: 400, y: 0 });
    expect(state(flow, 'hours').properties.offset).toEqual({ x: 800, y: 0 });
    expect(state(flow, 'menu').properties.offset?.x).toBe(1200);
  });
});

describe('determinism: the same plan gives the same bytes', () => {
  it('compiles a plan twice into byte-identical JSON, indented with a trailing newline', () => {
    const first = compiledFlowJson(centre.plan, { name: 'support' });
    expect(compiledFlowJson(centre.plan, { name: 'support' })).toBe(first);
    expect(first.endsWith('}\n')).toBe(true);
    expect(first).toBe(`${JSON.stringify(JSON.parse(first), null, 2)}\n`);
  });

  it('ignores the order in which steps were written', () => {
    for (const { name, plan } of [bakery, centre, national]) {
      const reversed = { ...plan, steps: Object.fromEntries(Object.entries(plan.steps).reverse()) };
      expect(Object.keys(reversed.steps)).not.toEqual(Object.keys(plan.steps));
      expect(compiledFlowJson(reversed, { name })).toBe(compiledFlowJson(plan, { name }));
    }
  });
});

describe('state names map back to steps', () => {
  it.each([
    ['Trigger', undefined],
    ['didops__disclosure', undefined],
    ['menu', 'menu'],
    ['menu__try2__digits', 'menu'],
    ['hours__utcm0500', 'hours'],
    ['after_hours', 'after_hours'],
  ])('%s belongs to %s', (stateName, step) => {
    expect(stepOfState(stateName)).toBe(step);
  });

  it('names every state of every example after a step of its plan, or as the trigger or a plan-level state', () => {
    for (const { name, plan } of [bakery, centre, national]) {
      for (const s of compileRoutingPlan(plan, { name }).states) {
        const step = stepOfState(s.name);
        if (step === undefined) expect(s.name === 'Trigger' || s.name.startsWith('didops__')).toBe(true);
        else expect(Object.keys(plan.steps)).toContain(step);
      }
    }
  });
});

describe('what a compile refuses', () => {
  it('names the field of a reference to a step that does not exist', () => {
    const plan = parse({
      start: 'menu',
      steps: {
        menu: { type: 'menu', prompt: 'Press 1 or 2.', options: [{ digits: '1', next: 'bye' }, { digits: '2', next: 'sales' }], onTimeout: 'bye', onInvalid: 'bye' },
        bye: { type: 'hangup' },
      },
    });
    expect(() => compileRoutingPlan(plan, { name: 'support' })).toThrow(ValidationError);
    expect(() => compileRoutingPlan(plan, { name: 'support' })).toThrow(expect.objectContaining({ field: 'plans.support.menu.options[1].next' }));
  });

  it('names the start when it is not a step, and does not mistake Object.prototype members for steps', () => {
    const plan = parse({ start: 'constructor', steps: { bye: { type: 'hangup' } } });
    expect(() => compileRoutingPlan(plan, { name: 'p' })).toThrow(expect.objectContaining({ field: 'plans.p.start' }));
  });

  it('refuses a step named like the trigger, which would clash with it', () => {
    const plan = parse({ start: 'Trigger', steps: { Trigger: { type: 'hangup' } } });
    expect(() => compileRoutingPlan(plan, { name: 'p' })).toThrow(expect.objectContaining({ field: 'plans.p.Trigger' }));
  });

  it('refuses to record calls without a disclosure, and to e-mail voicemail without a mailer', () => {
    const recording = parse({ start: 'desk', steps: { desk: { type: 'forward', to: '+14155550100', record: true } } });
    expect(() => compileRoutingPlan(recording, { name: 'p' })).toThrow(expect.objectContaining({ field: 'plans.p.recording.disclosure' }));
    const mail = parse({ start: 'vm', steps: { vm: { type: 'voicemail', greeting: 'Leave a message.', notify: { email: 'a@example.com' } } } });
    expect(() => compileRoutingPlan(mail, { name: 'p' })).toThrow(expect.objectContaining({ field: 'plans.p.vm.notify.email' }));
  });

  it('compiles only the steps a call can reach', () => {
    const flow = compile({ start: 'bye', steps: { bye: { type: 'hangup' }, forgotten: { type: 'say', message: 'Never heard.', next: 'bye' } } });
    expect(names(flow)).toEqual(['Trigger', 'bye']);
  });
});

describe('messages and endings', () => {
  it('greets the caller in the plan’s voice, then moves on', () => {
    const flow = compile({
      voice: 'Polly.Amy',
      language: 'en-GB',
      start: 'hello',
      steps: {
        hello: { type: 'say', message: 'Hello.', next: 'jingle' },
        jingle: { type: 'say', message: { play: 'https://assets.example.com/jingle.mp3' }, next: 'french' },
        french: { type: 'say', message: { say: 'Bonjour.', language: 'fr-FR' }, next: 'bye' },
        bye: { type: 'hangup', message: { say: 'Goodbye.', voice: 'alice' } },
      },
    });
    expect(state(flow, 'Trigger').transitions.find((t) => t.event === 'incomingCall')?.next).toBe('hello');
    expect(state(flow, 'hello')).toMatchObject({ type: 'say-play', properties: { say: 'Hello.', voice: 'Polly.Amy', language: 'en-GB' } });
    expect(edges(state(flow, 'hello'))).toEqual(['audioComplete -> jingle']);
    expect(props(state(flow, 'jingle'))).toEqual({ play: 'https://assets.example.com/jingle.mp3' });
    expect(props(state(flow, 'french'))).toEqual({ say: 'Bonjour.', voice: 'Polly.Amy', language: 'fr-FR' });
    expect(props(state(flow, 'bye'))).toEqual({ say: 'Goodbye.', voice: 'alice', language: 'en-GB' });
    expect(edges(state(flow, 'bye'))).toEqual(['audioComplete -> (end)']);
  });

  it('hangs up silently by noting where the call ended', () => {
    const flow = compile({ start: 'bye', steps: { bye: { type: 'hangup' } } });
    expect(state(flow, 'bye')).toMatchObject({ type: 'set-variables', properties: { variables: [{ key: 'didops_end', value: 'bye' }] } });
    expect(edges(state(flow, 'bye'))).toEqual(['next -> (end)']);
  });

  it('plays the recording disclosure before anything else when a reachable step records', () => {
    const flow = compileRoutingPlan(centre.plan, { name: 'support' });
    expect(names(flow).slice(0, 3)).toEqual(['Trigger', 'didops__disclosure', 'hours']);
    expect(edges(state(flow, 'Trigger'))).toEqual([
      'incomingMessage -> (end)',
      'incomingCall -> didops__disclosure',
      'incomingConversationMessage -> (end)',
      'incomingRequest -> (end)',
      'incomingParent -> (end)',
    ]);
    expect(props(state(flow, 'didops__disclosure'))).toEqual({ say: 'Calls are recorded for training and quality purposes.', voice: 'Polly.Amy', language: 'en-GB' });
    expect(edges(state(flow, 'didops__disclosure'))).toEqual(['audioComplete -> hours']);
    expect(state(flow, 'operator').properties.record).toBe(true);
  });

  it('skips the disclosure when the only recording step cannot be reached', () => {
    const flow = compile({
      recording: { disclosure: 'Calls are recorded.' },
      start: 'desk',
      steps: { desk: { type: 'forward', to: '+14155550100' }, old: { type: 'forward', to: '+14155550101', record: true } },
    });
    expect(names(flow)).toEqual(['Trigger', 'desk']);
  });
});

describe('ringing people', () => {
  it('forwards with the caller’s own number and fails over on no answer, busy and failure', () => {
    const flow = compileRoutingPlan(bakery.plan, { name: 'bakery' });
    expect(props(state(flow, 'shop'))).toEqual({ noun: 'number', to: '+12125550142', caller_id: '{{contact.channel.address}}', timeout: 20 });
    expect(edges(state(flow, 'shop'))).toEqual(['callCompleted -> shop__status', 'hangup -> (end)']);
    expect(props(state(flow, 'shop__status'))).toEqual({ input: '{{widgets.shop.DialCallStatus}}' });
    expect(edges(state(flow, 'shop__status'))).toEqual([
      'noMatch -> (end)',
      'match [equal_to no-answer] -> owner',
      'match [equal_to busy] -> owner',
      'match [equal_to failed] -> voicemail',
    ]);
  });

  it.each([
    ['caller', undefined, '{{contact.channel.address}}'],
    ['plan-number', undefined, '{{trigger.call.To}}'],
    ['caller', '+14155550199', '+14155550199'],
    ['+14155550188', 'plan-number', '{{trigger.call.To}}'],
  ] as const)('shows plan caller ID %s (step says %s) as %s', (planCallerId, stepCallerId, shown) => {
    const flow = compile({
      callerId: planCallerId,
      start: 'desk',
      steps: { desk: { type: 'forward', to: '+14155550100', ...(stepCallerId ? { callerId: stepCallerId } : {}) } },
    });
    expect(state(flow, 'desk').properties.caller_id).toBe(shown);
  });

  it('leaves the status split out when nobody takes over an unanswered call', () => {
    const flow = compile({ start: 'desk', steps: { desk: { type: 'forward', to: '+14155550100' } } });
    expect(names(flow)).toEqual(['Trigger', 'desk']);
    expect(edges(state(flow, 'desk'))).toEqual(['callCompleted -> (end)', 'hangup -> (end)']);
  });

  it('dials the second site over SIP, recording the call', () => {
    const flow = compileRoutingPlan(centre.plan, { name: 'support' });
    expect(props(state(flow, 'overflow'))).toEqual({
      noun: 'sip',
      sip_endpoint: 'sip:support@pbx.manchester.acme.example:5060',
      caller_id: '{{contact.channel.address}}',
      timeout: 30,
      record: true,
    });
  });

  it('rings the East Coast team all at once', () => {
    const flow = compileRoutingPlan(national.plan, { name: 'national' });
    expect(props(state(flow, 'east'))).toMatchObject({ noun: 'number-multi', to: '+12125550100,+12125550101,+12125550102', timeout: 25 });
    expect(edges(state(flow, 'east__status'))).toEqual([
      'noMatch -> (end)',
      'match [equal_to no-answer] -> central',
      'match [equal_to busy] -> central',
      'match [equal_to failed] -> central',
    ]);
  });

  it('rings Chicago’s phone, then its PBX, then goes to voicemail', () => {
    const flow = compileRoutingPlan(national.plan, { name: 'national' });
    const central = names(flow).filter((n) => stepOfState(n) === 'central');
    expect(central).toEqual(['central', 'central__status', 'central__ring2', 'central__ring2__status']);
    expect(props(state(flow, 'central'))).toMatchObject({ noun: 'number', to: '+13125550100', timeout: 20 });
    expect(edges(state(flow, 'central__status'))).toEqual([
      'noMatch -> (end)',
      'match [equal_to no-answer] -> central__ring2',
      'match [equal_to busy] -> central__ring2',
      'match [equal_to failed] -> central__ring2',
    ]);
    expect(props(state(flow, 'central__ring2'))).toMatchObject({ noun: 'sip', sip_endpoint: 'sip:sales@pbx.chicago.example.com' });
    expect(state(flow, 'central__ring2__status').properties.input).toBe('{{widgets.central__ring2.DialCallStatus}}');
    expect(edges(state(flow, 'central__ring2__status')).slice(1)).toEqual([
      'match [equal_to no-answer] -> voicemail',
      'match [equal_to busy] -> voicemail',
      'match [equal_to failed] -> voicemail',
    ]);
  });

  it('joins a conference room, and the flow ends when the call does', () => {
    const flow = compile({ start: 'standup', steps: { standup: { type: 'conference', room: 'Daily standup' } } });
    expect(props(state(flow, 'standup'))).toEqual({ noun: 'conference', to: 'Daily standup', caller_id: '{{contact.channel.address}}' });
    expect(edges(state(flow, 'standup'))).toEqual(['callCompleted -> (end)', 'hangup -> (end)']);
  });
});

describe('queues and voicemail', () => {
  it('holds sales callers with music and overflows when they wait too long or cannot queue', () => {
    const flow = compileRoutingPlan(centre.plan, { name: 'support' });
    expect(state(flow, 'sales_queue').type).toBe('enqueue-call');
    expect(props(state(flow, 'sales_queue'))).toEqual({
      queue_name: 'sales',
      wait_url: 'https://assets.acme.example/hold/sales.mp3',
      wait_url_method: 'POST',
      timeout: 180,
    });
    expect(edges(state(flow, 'sales_queue'))).toEqual(['callComplete -> sales_queue__result', 'failedToEnqueue -> overflow', 'callFailure -> overflow']);
    expect(props(state(flow, 'sales_queue__result'))).toEqual({ input: '{{widgets.sales_queue.QueueResult}}' });
    expect(edges(state(flow, 'sales_queue__result'))).toEqual(['noMatch -> (end)', 'match [equal_to leave] -> overflow']);
  });

  it('takes a message and e-mails it to the bakery owner through the mailer', () => {
    const flow = compileRoutingPlan(bakery.plan, { name: 'bakery' });
    expect(names(flow).filter((n) => stepOfState(n) === 'voicemail')).toEqual(['voicemail', 'voicemail__record', 'voicemail__email']);
    expect(edges(state(flow, 'voicemail'))).toEqual(['audioComplete -> voicemail__record']);
    expect(props(state(flow, 'voicemail__record'))).toEqual({ max_length: 180, transcribe: true, play_beep: 'true', finish_on_key: '#' });
    expect(edges(state(flow, 'voicemail__record'))).toEqual(['recordingComplete -> voicemail__email', 'noAudio -> (end)', 'hangup -> voicemail__email']);
    const email = state(flow, 'voicemail__email');
    expect(props(email)).toMatchObject({ method: 'POST', content_type: 'application/json;charset=utf-8', url: 'https://hooks.cornerbakery.example/voicemail-mail' });
    expect(JSON.parse(String(email.properties.body))).toEqual({
      to: 'orders@cornerbakery.example',
      recording_url: '{{widgets.voicemail__record.RecordingUrl}}',
      transcription: '{{widgets.voicemail__record.TranscriptionText}}',
    });
    expect(edges(email)).toEqual(['success -> (end)', 'failed -> (end)']);
  });

  it('tells the support webhook about recordings and transcriptions', () => {
    const flow = compileRoutingPlan(centre.plan, { name: 'support' });
    expect(props(state(flow, 'voicemail__record'))).toMatchObject({
      transcription_callback_url: 'https://support.acme.example/hooks/voicemail',
      recording_status_callback_url: 'https://support.acme.example/hooks/voicemail',
    });
    expect(edges(state(flow, 'voicemail__record'))).toEqual(['recordingComplete -> (end)', 'noAudio -> (end)', 'hangup -> (end)']);
  });
});

describe('IVR menus', () => {
  const flow = compileRoutingPlan(centre.plan, { name: 'support' });

  it('offers the menu three times, re-prompting before each retry', () => {
    expect(names(flow).filter((n) => stepOfState(n) === 'menu')).toEqual([
      'menu', 'menu__digits', 'menu__speech',
      'menu__reprompt2', 'menu__try2', 'menu__try2__digits', 'menu__try2__speech',
      'menu__reprompt3', 'menu__try3', 'menu__try3__digits', 'menu__try3__speech',
    ]);
    expect(props(state(flow, 'menu'))).toEqual({
      say: 'For sales, press 1. For billing, press 2. For technical support, press 3.',
      voice: 'Polly.Amy',
      language: 'en-GB',
      stop_gather: true,
      timeout: 6,
      number_of_digits: 1,
      speech_timeout: 'auto',
      gather_language: 'en-GB',
      hints: 'sales, billing, invoices, support, technical',
    });
    expect(props(state(flow, 'menu__try3'))).toEqual(props(state(flow, 'menu')));
    expect(props(state(flow, 'menu__reprompt2'))).toEqual({ say: 'Sorry, I did not catch that.', voice: 'Polly.Amy', language: 'en-GB' });
    expect(edges(state(flow, 'menu__reprompt2'))).toEqual(['audioComplete -> menu__try2']);
  });

  it('sends each key and each spoken department to its queue, and retries on anything else', () => {
    expect(edges(state(flow, 'menu'))).toEqual(['keypress -> menu__digits', 'speech -> menu__speech', 'timeout -> menu__reprompt2']);
    expect(props(state(flow, 'menu__try2__digits'))).toEqual({ input: '{{widgets.menu__try2.Digits}}' });
    expect(edges(state(flow, 'menu__try2__digits'))).toEqual([
      'noMatch -> menu__reprompt3',
      'match [equal_to 1] -> sales_queue',
      'match [equal_to 2] -> billing_queue',
      'match [equal_to 3] -> tech_queue',
    ]);
    expect(props(state(flow, 'menu__speech'))).toEqual({ input: '{{widgets.menu.SpeechResult | downcase | remove: "." | remove: "," | remove: "?" | remove: "!" | strip}}' });
    expect(edges(state(flow, 'menu__speech'))).toEqual([
      'noMatch -> menu__reprompt2',
      'match [matches_any_of sales] -> sales_queue',
      'match [matches_any_of billing, invoices] -> billing_queue',
      'match [matches_any_of support, technical] -> tech_queue',
    ]);
  });

  it('gives up after the last try: silence goes to onTimeout, a wrong choice to onInvalid', () => {
    expect(edges(state(flow, 'menu__try3'))).toEqual(['keypress -> menu__try3__digits', 'speech -> menu__try3__speech', 'timeout -> sales_queue']);
    expect(edges(state(flow, 'menu__try3__digits'))[0]).toBe('noMatch -> operator');
    expect(edges(state(flow, 'menu__try3__speech'))[0]).toBe('noMatch -> operator');
  });

  it('goes straight to the next try without a reprompt, and waits for "#" when options differ in length', () => {
    const plain = compile({
      start: 'menu',
      steps: {
        menu: {
          type: 'menu',
          prompt: { play: 'https://assets.example.com/menu.mp3' },
          options: [{ digits: '1', next: 'bye' }, { digits: '42', next: 'bye' }],
          retries: 1,
        },
        bye: { type: 'hangup' },
      },
    });
    expect(names(plain)).toEqual(['Trigger', 'menu', 'menu__digits', 'menu__try2', 'menu__try2__digits', 'bye']);
    expect(props(state(plain, 'menu'))).toEqual({ play: 'https://assets.example.com/menu.mp3', stop_gather: true, timeout: 5 });
    expect(edges(state(plain, 'menu'))).toEqual(['keypress -> menu__digits', 'speech -> menu__try2', 'timeout -> menu__try2']);
    expect(edges(state(plain, 'menu__try2'))).toEqual(['keypress -> menu__try2__digits', 'speech -> (end)', 'timeout -> (end)']);
  });
});

describe('caller geography, screening and percentage splits', () => {
  const flow = compileRoutingPlan(national.plan, { name: 'national' });

  it('tries each geography route in turn, then the central office', () => {
    expect(names(flow).filter((n) => stepOfState(n) === 'region')).toEqual(['region', 'region__route2', 'region__route3', 'region__route4']);
    expect(props(state(flow, 'region'))).toEqual({ input: '{{trigger.call.FromState}}' });
    expect(edges(state(flow, 'region'))).toEqual(['noMatch -> region__route2', 'match [matches_any_of CA, OR, WA, NV, AZ] -> west']);
    expect(props(state(flow, 'region__route2'))).toEqual({ input: '{{trigger.call.From | slice: 0, 5}}' });
    expect(edges(state(flow, 'region__route2'))).toEqual(['noMatch -> region__route3', 'match [matches_any_of +1212, +1646, +1718, +1917, +1347] -> east_trial']);
    expect(props(state(flow, 'region__route4'))).toEqual({ input: '{{trigger.call.FromCountry}}' });
    expect(edges(state(flow, 'region__route4'))).toEqual(['noMatch -> central', 'match [matches_any_of CA] -> canada']);
  });

  it('hangs up on callers on the block list and lets everyone else through', () => {
    expect(props(state(flow, 'screening'))).toEqual({ input: '{{trigger.call.From}}' });
    expect(edges(state(flow, 'screening'))).toEqual(['noMatch -> region', 'match [matches_any_of +12025550111, +13055550188] -> blocked']);
  });

  it('lets only callers on an allow list through', () => {
    const allow = compile({
      start: 'vip',
      steps: {
        vip: { type: 'screen', mode: 'allow', numbers: ['+14155550123'], onRejected: 'bye', next: 'desk' },
        desk: { type: 'forward', to: '+14155550100' },
        bye: { type: 'hangup' },
      },
    });
    expect(edges(state(allow, 'vip'))).toEqual(['noMatch -> bye', 'match [matches_any_of +14155550123] -> desk']);
  });

  it('sends 80% of East Coast callers to the current team by the last two hex digits of the CallSid', () => {
    const split = state(flow, 'east_trial');
    expect(props(split)).toEqual({ input: '{{trigger.call.CallSid | slice: 32, 2 | downcase}}' });
    expect(split.transitions).toHaveLength(2);
    expect(split.transitions[0]).toEqual({ event: 'noMatch', next: 'trial_team' });
    const buckets = split.transitions[1].conditions?.[0].value.split(', ');
    // 80% of 256 buckets is floor(204.8) = 204: 00 … cb.
    expect(buckets).toHaveLength(204);
    expect(buckets?.slice(0, 2)).toEqual(['00', '01']);
    expect(buckets?.[203]).toBe('cb');
    expect(split.transitions[1]).toMatchObject({ event: 'match', next: 'east', conditions: [{ type: 'matches_any_of', friendly_name: '80% (Current East team)' }] });
  });
});

// --- schedules -------------------------------------------------------------------------------------------------------

/** What Studio's `{{ "now" | date: ... }}` prints at `at`, computed here from the JS clock, not by the compiler. */
function liquidClock(input: unknown, at: Date): number {
  const p = (n: number) => String(n).padStart(2, '0');
  if (input === '{{ "now" | date: "%Y%m%d%H%M" }}') {
    return Number(`${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}${p(at.getUTCHours())}${p(at.getUTCMinutes())}`);
  }
  if (input === '{{ "now" | date: "%w%H%M" }}') return at.getUTCDay() * 10000 + at.getUTCHours() * 100 + at.getUTCMinutes();
  throw new Error(`not a clock input: ${String(input)}`);
}

/** Runs a schedule step's splits at `at` (only `less_than` chains, first match wins) and returns the state it leads to. */
function scheduleExit(flow: StudioFlowDefinition, step: string, at: Date): string | undefined {
  let current: string | undefined = step;
  while (current !== undefined && stepOfState(current) === step) {
    const s = state(flow, current);
    const now = liquidClock(s.properties.input, at);
    const hit = s.transitions.find((t) => t.event === 'match' && (t.conditions ?? []).every((c) => c.type === 'less_than' && now < Number(c.value)));
    current = (hit ?? s.transitions.find((t) => t.event === 'noMatch'))?.next;
  }
  return current;
}

/** Where the foundation's schedule arithmetic says a call at `at` goes. */
function expectedExit(step: ScheduleStep, zone: string, at: Date): string | undefined {
  const clock = localClock(at, zone);
  const holiday = holidayOn(step, clock.date);
  if (holiday !== undefined) return (step.holidays ?? [])[holiday].next;
  const window = windowAt(step, clock.minuteOfWeek);
  return window === undefined ? step.otherwise : step.windows[window].next;
}

describe('opening hours, holidays and daylight saving', () => {
  const flow = compileRoutingPlan(bakery.plan, { name: 'bakery' });

  it('cuts time at New York’s DST changes and Thanksgiving, as UTC instants', () => {
    const chain = state(flow, 'hours').transitions.filter((t) => t.event === 'match').map((t) => [t.conditions?.[0].value, t.next]);
    expect(chain.slice(0, 3)).toEqual([
      ['202503090700', 'hours__utcm0500'], // 2025-03-09 02:00 EST: clocks go forward
      ['202511020600', 'hours__utcm0400'], // 2025-11-02 02:00 EDT: clocks go back
      ['202603080700', 'hours__utcm0500'],
    ]);
    expect(chain).toContainEqual(['202611010600', 'hours__utcm0400']);
    const thanksgiving = chain.findIndex(([value]) => value === '202611260500');
    expect(chain.slice(thanksgiving, thanksgiving + 2)).toEqual([
      ['202611260500', 'hours__utcm0500'], // until 2026-11-26 00:00 EST it is an ordinary Wednesday
      ['202611270500', 'closed_greeting'], // the whole local day of Thanksgiving
    ]);
    // 32 DST changes from 2025 to 2040 and 5 holidays (2 boundaries each); no two neighbours lead to the same place.
    expect(chain).toHaveLength(32 + 10);
    const values = chain.map(([v]) => Number(v));
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    expect(state(flow, 'hours').transitions[0]).toEqual({ event: 'noMatch', next: 'hours__utcm0500' });
  });

  it('maps the UTC week to the bakery’s hours in winter time', () => {
    const winter = state(flow, 'hours__utcm0500');
    expect(winter.properties.input).toBe('{{ "now" | date: "%w%H%M" }}');
    expect(edges(winter)).toEqual([
      'noMatch -> closed_greeting',
      'match [less_than 11200] -> closed_greeting', // until Monday 07:00 EST = 12:00 UTC
      'match [less_than 12300] -> shop', // Monday 07:00–18:00 EST
      'match [less_than 21200] -> closed_greeting',
      'match [less_than 22300] -> shop',
      'match [less_than 31200] -> closed_greeting',
      'match [less_than 32300] -> shop',
      'match [less_than 41200] -> closed_greeting',
      'match [less_than 42300] -> shop',
      'match [less_than 51200] -> closed_greeting',
      'match [less_than 52300] -> shop',
      'match [less_than 61300] -> closed_greeting', // Saturday 08:00 EST = 13:00 UTC
      'match [less_than 61900] -> shop',
    ]);
    expect(edges(state(flow, 'hours__utcm0400'))[2]).toBe('match [less_than 12200] -> shop');
  });

  it.each([
    ['2026-03-06T11:30:00Z', 'closed_greeting', 'Friday 06:30 EST, before opening'],
    ['2026-03-09T11:30:00Z', 'shop', 'Monday 07:30 EDT, the same UTC time after clocks went forward'],
    ['2026-03-07T18:30:00Z', 'shop', 'Saturday 13:30 EST'],
    ['2026-03-14T18:30:00Z', 'closed_greeting', 'Saturday 14:30 EDT'],
    ['2026-10-30T11:30:00Z', 'shop', 'Friday 07:30 EDT'],
    ['2026-11-02T11:30:00Z', 'closed_greeting', 'Monday 06:30 EST, after clocks went back'],
    ['2026-11-02T12:00:00Z', 'shop', 'Monday 07:00 EST, opening time'],
    ['2026-11-25T22:59:00Z', 'shop', 'Wednesday 17:59 EST, the eve of Thanksgiving'],
    ['2026-11-26T15:00:00Z', 'closed_greeting', 'Thanksgiving 10:00 EST'],
    ['2026-11-27T12:00:00Z', 'shop', 'Friday 07:00 EST, the day after'],
    ['2024-07-01T14:00:00Z', 'shop', 'a Monday in July 2024, before the tracked range, read with the offset of 2025-01-01 (EST, 09:00)'],
  ])('at %s the call goes to %s (%s)', (at, expected) => {
    expect(scheduleExit(flow, 'hours', new Date(at))).toBe(expected);
  });

  const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Santiago', 'Pacific/Chatham', 'Asia/Tokyo'];
  const tricky = (zone: string): RoutingPlan =>
    parse({
      timeZone: zone,
      start: 'hours',
      steps: {
        hours: {
          type: 'schedule',
          holidays: [
            { name: 'Closures', dates: ['2026-03-08', '2026-04-05', '2026-09-06', '2026-12-25'], next: 'closed' },
            { name: 'Also', dates: ['2026-12-25', '2027-01-01'], next: 'bye' },
          ],
          windows: [
            { days: ['weekdays'], from: '09:00', to: '17:30', next: 'desk' },
            { days: ['fri', 'sat', 'sun'], from: '22:00', to: '02:30', next: 'night' }, // past midnight, Sunday into Monday
            { days: ['daily'], from: '08:00', to: '10:00', next: 'early' }, // overlaps the weekday window, which wins
          ],
        },
        desk: { type: 'forward', to: '+14155550100' },
        night: { type: 'forward', to: '+14155550101' },
        early: { type: 'forward', to: '+14155550102' },
        closed: { type: 'hangup', message: 'Closed today.' },
        bye: { type: 'hangup' },
      },
    });

  it.each(zones)('agrees with the schedule arithmetic at any minute from 2025 to 2040 in %s', (zone) => {
    const plan = tricky(zone);
    const compiled = compileRoutingPlan(plan, { name: 'p' });
    expect(validateFlowDefinition(compiled).errors).toEqual([]);
    const step = plan.steps.hours as ScheduleStep;
    const from = SCHEDULE_COMPILED_FROM.getTime();
    const until = SCHEDULE_COMPILED_UNTIL.getTime();
    fc.assert(
      fc.property(fc.integer({ min: from / 60_000, max: until / 60_000 - 1 }), (minute) => {
        const at = new Date(minute * 60_000);
        expect(scheduleExit(compiled, 'hours', at)).toBe(expectedExit(step, zone, at));
      }),
      { numRuns: 1500 },
    );
  });

  it.each(zones)('agrees at every minute around each offset change and holiday edge in %s', (zone) => {
    const plan = tricky(zone);
    const compiled = compileRoutingPlan(plan, { name: 'p' });
    const step = plan.steps.hours as ScheduleStep;
    const edgesOf = state(compiled, 'hours').transitions.flatMap((t) => (t.conditions ?? []).map((c) => c.value));
    for (const edge of edgesOf) {
      const at = Date.UTC(Number(edge.slice(0, 4)), Number(edge.slice(4, 6)) - 1, Number(edge.slice(6, 8)), Number(edge.slice(8, 10)), Number(edge.slice(10, 12)));
      for (const delta of [-61, -60, -31, -30, -1, 0, 1, 29, 30, 59, 60]) {
        const when = new Date(at + delta * 60_000);
        expect([edge, delta, scheduleExit(compiled, 'hours', when)]).toEqual([edge, delta, expectedExit(step, zone, when)]);
      }
    }
  });

  it('names the per-offset splits for zones ahead of UTC and with half-hour offsets', () => {
    expect(names(compileRoutingPlan(tricky('Asia/Kathmandu'), { name: 'p' })).filter((n) => n.startsWith('hours__'))).toEqual(['hours__utcp0545']);
    expect(names(compileRoutingPlan(tricky('Australia/Lord_Howe'), { name: 'p' })).filter((n) => n.startsWith('hours__'))).toEqual(['hours__utcp1100', 'hours__utcp1030']);
    expect(names(compileRoutingPlan(centre.plan, { name: 'support' })).filter((n) => n.startsWith('hours__'))).toEqual(['hours__utcp0000', 'hours__utcp0100']);
  });

  it('refuses a schedule with no time zone at all', () => {
    const plan = parse({ start: 'hours', steps: { hours: { type: 'schedule', windows: [{ days: ['daily'], from: '00:00', to: '24:00', next: 'bye' }] }, bye: { type: 'hangup' } } });
    expect(() => compileRoutingPlan(plan, { name: 'p' })).toThrow(expect.objectContaining({ field: 'plans.p.hours.timeZone' }));
  });
});

describe('big plans', () => {
  it('generates exactly the steps asked for, all of them passing the checks', () => {
    for (const size of [1, 7, 11, 150, 1000]) {
      const raw = generateLargePlan(size);
      expect(Object.keys(raw.steps)).toHaveLength(size);
      const { plan, diagnostics } = validateRoutingPlan('large', raw);
      expect(plan).toBeDefined();
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      // Every step is compiled, so every step is reachable from start.
      const flow = compileRoutingPlan(plan as RoutingPlan, { name: 'large' });
      expect(new Set(flow.states.map((s) => stepOfState(s.name)).filter((s) => s !== undefined)).size).toBe(size);
    }
  });

  it('compiles a 150-step plan into a flow Studio accepts', () => {
    const flow = compileRoutingPlan(parse(generateLargePlan(150), 'large'), { name: 'large' });
    expect(flow.states.length).toBeLessThanOrEqual(1000);
    expect(compiledSizeDiagnostics('large', flow)).toEqual([]);
    const verdict = validateFlowDefinition(flow);
    expect(verdict.errors).toEqual([]);
    expect(verdict.warnings).toEqual([]);
  });

  it('compiles a 1,000-step plan, and says it is too big for one Studio flow', () => {
    const flow = compileRoutingPlan(parse(generateLargePlan(1000), 'large'), { name: 'large' });
    const count = flow.states.length;
    expect(count).toBeGreaterThan(1000);
    expect(compiledSizeDiagnostics('large', flow)).toEqual([
      expect.objectContaining({
        severity: 'error',
        field: 'plans.large',
        summary: `the compiled flow has ${count.toLocaleString('en-US')} Studio states; Studio holds at most 1,000: split the plan`,
      }),
    ]);
    // Apart from its size the flow is sound: the same checks on its first 1,000 states find only dangling "next"s past the cut.
    const verdict = validateFlowDefinition({ ...flow, states: flow.states.slice(0, 1000) });
    expect(verdict.errors.every((e) => /transitions\[\d+\]\.next/.test(e.path))).toBe(true);
  });
});
