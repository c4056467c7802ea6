/** The sandbox runs hand-written Studio flows for simulated calls, widget by widget, as Studio would. */
import { executeFlow, type SimulatedFlowCall } from '../../src/sandbox/studio/execute-flow';
import { validateFlowDefinition } from '../../src/sandbox/studio/validate-flow';

interface Transition { event: string; next?: string; conditions?: { friendly_name: string; arguments: string[]; type: string; value: string }[] }
interface State { name: string; type: string; properties: Record<string, unknown>; transitions: Transition[] }

const trigger = (next: string): State => ({
  name: 'Trigger', type: 'trigger', properties: { offset: { x: 0, y: 0 } },
  transitions: [{ event: 'incomingMessage' }, { event: 'incomingCall', next }, { event: 'incomingRequest' }],
});
const flow = (...states: State[]) => ({ description: 'test', initial_state: 'Trigger', flags: { allow_concurrent_calls: true }, states });
const cond = (argument: string, type: string, value: string, name = value) => ({ friendly_name: name, arguments: [argument], type, value });
const say = (name: string, text: string, next?: string): State => ({
  name, type: 'say-play', properties: { say: text }, transitions: [next ? { event: 'audioComplete', next } : { event: 'audioComplete' }],
});
const dial = (name: string, to: string, onNoAnswer?: string, onBusy?: string): State[] => [
  { name, type: 'connect-call-to', properties: { noun: 'number', to, caller_id: '{{contact.channel.address}}', timeout: 20 }, transitions: [{ event: 'callCompleted', next: `${name}__status` }, { event: 'hangup' }] },
  {
    name: `${name}__status`, type: 'split-based-on', properties: { input: `{{widgets.${name}.DialCallStatus}}` },
    transitions: [
      { event: 'noMatch' },
      { event: 'match', next: onNoAnswer, conditions: [cond(`{{widgets.${name}.DialCallStatus}}`, 'equal_to', 'no-answer')] },
      { event: 'match', next: onBusy, conditions: [cond(`{{widgets.${name}.DialCallStatus}}`, 'equal_to', 'busy')] },
    ],
  },
];

const call = (over: Partial<SimulatedFlowCall> = {}): SimulatedFlowCall => ({
  from: '+14155550123', to: '+18885550100', callSid: `CA${'0'.repeat(30)}7f`, at: new Date('2026-11-24T19:00:00Z'),
  inputs: [], outcomes: {}, parameters: {}, accountSid: `AC${'a'.repeat(32)}`, flowSid: `FW${'b'.repeat(32)}`, ...over,
});
/** The states a run passed through, in order, ending with the one whose transition ended the flow. */
const path = (definition: unknown, c: SimulatedFlowCall) => executeFlow(definition, c).steps.map((s) => s.transitionedFrom);

// A menu: press (or say) 1 for sales, 2 for billing; silence or a wrong key goes to the operator.
const menuFlow = flow(
  trigger('menu'),
  { name: 'menu', type: 'gather-input-on-call', properties: { say: 'Press 1 for sales, 2 for billing', number_of_digits: 1, timeout: 5 },
    transitions: [{ event: 'keypress', next: 'menu__digits' }, { event: 'speech', next: 'menu__speech' }, { event: 'timeout', next: 'operator' }] },
  { name: 'menu__digits', type: 'split-based-on', properties: { input: '{{widgets.menu.Digits}}' },
    transitions: [
      { event: 'noMatch', next: 'operator' },
      { event: 'match', next: 'sales', conditions: [cond('{{widgets.menu.Digits}}', 'equal_to', '1')] },
      { event: 'match', next: 'billing', conditions: [cond('{{widgets.menu.Digits}}', 'equal_to', '2')] },
    ] },
  { name: 'menu__speech', type: 'split-based-on', properties: { input: '{{widgets.menu.SpeechResult | downcase}}' },
    transitions: [
      { event: 'noMatch', next: 'operator' },
      { event: 'match', next: 'sales', conditions: [cond('{{widgets.menu.SpeechResult | downcase}}', 'matches_any_of', 'sales, buy')] },
      { event: 'match', next: 'billing', conditions: [cond('{{widgets.menu.SpeechResult | downcase}}', 'matches_any_of', 'billing,invoices')] },
    ] },
  ...dial('sales', '+14155550100', 'operator'),
  ...dial('billing', '+14155550101', 'operator', 'operator'),
  say('operator', 'Connecting you to the operator'),
);

describe('a caller in an IVR menu', () => {
  it('is a valid flow, so what the executor runs is what Studio would accept', () => {
    expect(validateFlowDefinition(menuFlow).errors).toEqual([]);
  });

  it('presses 2 and reaches billing, who answer', () => {
    const run = executeFlow(menuFlow, call({ inputs: ['2'] }));
    expect(run.status).toBe('ended');
    expect(run.steps.map((s) => [s.name, s.transitionedFrom, s.transitionedTo ?? 'Ended'])).toEqual([
      ['incomingCall', 'Trigger', 'menu'],
      ['keypress', 'menu', 'menu__digits'],
      ['match', 'menu__digits', 'billing'],
      ['callCompleted', 'billing', 'billing__status'],
      ['noMatch', 'billing__status', 'Ended'],
    ]);
    const widgets = run.context.widgets as Record<string, Record<string, string>>;
    expect(widgets.menu.Digits).toBe('2');
    expect(widgets.billing.DialCallStatus).toBe('completed');
    expect(run.steps[0].type).toBe('trigger');
    expect(run.steps[2].type).toBe('split-based-on');
  });

  it('says "Invoices" and reaches billing: speech matches ignore case and spacing', () => {
    expect(path(menuFlow, call({ inputs: ['speech:Invoices'] }))).toEqual(['Trigger', 'menu', 'menu__speech', 'billing', 'billing__status']);
  });

  it('stays silent and goes to the operator on timeout; a key that is no option goes there too', () => {
    expect(path(menuFlow, call({ inputs: [] }))).toEqual(['Trigger', 'menu', 'operator']);
    expect(path(menuFlow, call({ inputs: [''] }))).toEqual(['Trigger', 'menu', 'operator']);
    expect(path(menuFlow, call({ inputs: ['7'] }))).toEqual(['Trigger', 'menu', 'menu__digits', 'operator']);
  });

  it('keys 21#: the gather keeps only as many digits as number_of_digits, as Twilio stops listening', () => {
    const run = executeFlow(menuFlow, call({ inputs: ['21#'] }));
    expect((run.context.widgets as Record<string, Record<string, string>>).menu.Digits).toBe('2');
    expect(run.unusedInputs).toBe(0);
  });

  it('presses 1, sales does not answer, and the call falls back to the operator', () => {
    expect(path(menuFlow, call({ inputs: ['1'], outcomes: { '+14155550100': 'no-answer' } }))).toEqual([
      'Trigger', 'menu', 'menu__digits', 'sales', 'sales__status', 'operator',
    ]);
  });

  it('reports unused inputs and gives the same result, byte for byte, every time', () => {
    const c = call({ inputs: ['1', '9', '9'] });
    const first = executeFlow(menuFlow, c);
    expect(first.unusedInputs).toBe(2);
    expect(JSON.stringify(executeFlow(menuFlow, c))).toBe(JSON.stringify(first));
  });
});

// Open Monday and Tuesday 09:00–17:00 UTC, as a `less_than` chain over "%w%H%M" (Sunday 00:00 = 0); 2026-12-25 closed all day.
const hoursFlow = flow(
  trigger('holidays'),
  { name: 'holidays', type: 'split-based-on', properties: { input: '{{ "now" | date: "%Y%m%d%H%M" }}' },
    transitions: [
      { event: 'noMatch', next: 'week' },
      { event: 'match', next: 'week', conditions: [cond('{{ "now" | date: "%Y%m%d%H%M" }}', 'less_than', '202612250000')] },
      { event: 'match', next: 'closed', conditions: [cond('{{ "now" | date: "%Y%m%d%H%M" }}', 'less_than', '202612260000')] },
    ] },
  { name: 'week', type: 'split-based-on', properties: { input: '{{ "now" | date: "%w%H%M" }}' },
    transitions: [
      { event: 'noMatch', next: 'closed' },
      { event: 'match', next: 'closed', conditions: [cond('{{ "now" | date: "%w%H%M" }}', 'less_than', '10900')] },
      { event: 'match', next: 'open', conditions: [cond('{{ "now" | date: "%w%H%M" }}', 'less_than', '11700')] },
      { event: 'match', next: 'closed', conditions: [cond('{{ "now" | date: "%w%H%M" }}', 'less_than', '20900')] },
      { event: 'match', next: 'open', conditions: [cond('{{ "now" | date: "%w%H%M" }}', 'less_than', '21700')] },
    ] },
  say('open', 'We are open'),
  say('closed', 'We are closed'),
);

describe('a call against opening hours', () => {
  const endsAt = (iso: string) => path(hoursFlow, call({ at: new Date(iso) })).at(-1);

  it('is a valid flow', () => {
    expect(validateFlowDefinition(hoursFlow).errors).toEqual([]);
  });

  it('is open from Monday 09:00 to 16:59 and on Tuesday, closed just outside', () => {
    expect(endsAt('2026-11-23T08:59:00Z')).toBe('closed');
    expect(endsAt('2026-11-23T09:00:00Z')).toBe('open');
    expect(endsAt('2026-11-23T16:59:00Z')).toBe('open');
    expect(endsAt('2026-11-23T17:00:00Z')).toBe('closed');
    expect(endsAt('2026-11-24T12:00:00Z')).toBe('open');
    expect(endsAt('2026-11-24T17:00:00Z')).toBe('closed');
  });

  it('compares "%w%H%M" as numbers, so Sunday morning (00930) is before Monday', () => {
    expect(endsAt('2026-11-29T09:30:00Z')).toBe('closed');
    expect(endsAt('2026-11-28T12:00:00Z')).toBe('closed');
  });

  it('is closed all of Christmas Day, even on a Monday-or-Tuesday-like hour, and open again after it', () => {
    expect(endsAt('2026-12-22T12:00:00Z')).toBe('open'); // a Tuesday
    expect(endsAt('2026-12-25T00:00:00Z')).toBe('closed');
    expect(path(hoursFlow, call({ at: new Date('2026-12-25T10:00:00Z') }))).toEqual(['Trigger', 'holidays', 'closed']);
    expect(endsAt('2026-12-28T10:00:00Z')).toBe('open'); // the Monday after
  });
});

describe('ringing several phones at once', () => {
  const ringAll = flow(
    trigger('team'),
    { name: 'team', type: 'connect-call-to', properties: { noun: 'number-multi', to: '+14155550100, +14155550101,+14155550102', caller_id: '{{trigger.call.To}}' },
      transitions: [{ event: 'callCompleted', next: 'team__status' }, { event: 'hangup' }] },
    { name: 'team__status', type: 'split-based-on', properties: { input: '{{widgets.team.DialCallStatus}}' },
      transitions: [
        { event: 'noMatch' },
        { event: 'match', next: 'nobody', conditions: [cond('{{widgets.team.DialCallStatus}}', 'equal_to', 'no-answer')] },
        { event: 'match', next: 'all_busy', conditions: [cond('{{widgets.team.DialCallStatus}}', 'equal_to', 'busy')] },
        { event: 'match', next: 'broken', conditions: [cond('{{widgets.team.DialCallStatus}}', 'equal_to', 'failed')] },
      ] },
    say('nobody', 'Nobody answered'), say('all_busy', 'All lines are busy'), say('broken', 'The call failed'),
  );
  const outcome = (outcomes: Record<string, string>) => path(ringAll, call({ outcomes })).at(-1);

  it('connects when anyone answers, even if the others are busy or fail', () => {
    expect(outcome({ '+14155550100': 'busy', '+14155550101': 'failed' })).toBe('team__status');
  });

  it('is busy only when every line is busy, failed only when every call failed, and no-answer for any other mix', () => {
    expect(outcome({ '+14155550100': 'busy', '+14155550101': 'busy', '+14155550102': 'busy' })).toBe('all_busy');
    expect(outcome({ '+14155550100': 'failed', '+14155550101': 'failed', '+14155550102': 'failed' })).toBe('broken');
    expect(outcome({ '+14155550100': 'busy', '+14155550101': 'no-answer', '+14155550102': 'failed' })).toBe('nobody');
  });
});

describe('a caller waiting in a queue', () => {
  const queued = flow(
    trigger('sales'),
    { name: 'sales', type: 'enqueue-call', properties: { queue_name: 'sales', wait_url: 'https://example.com/hold.mp3', wait_url_method: 'POST', timeout: 180 },
      transitions: [{ event: 'callComplete', next: 'sales__result' }, { event: 'failedToEnqueue', next: 'voicemail' }, { event: 'callFailure', next: 'voicemail' }] },
    { name: 'sales__result', type: 'split-based-on', properties: { input: '{{widgets.sales.QueueResult}}' },
      transitions: [{ event: 'noMatch' }, { event: 'match', next: 'overflow', conditions: [cond('{{widgets.sales.QueueResult}}', 'equal_to', 'leave')] }] },
    say('overflow', 'Trying our other office'),
    { name: 'voicemail', type: 'record-voicemail', properties: { max_length: 120, transcribe: true, play_beep: 'true', finish_on_key: '#' },
      transitions: [{ event: 'recordingComplete' }, { event: 'noAudio' }, { event: 'hangup' }] },
  );

  it('leaves the queue after the maximum wait and overflows', () => {
    const run = executeFlow(queued, call({ outcomes: { 'queue:sales': 'timeout' } }));
    expect(run.steps.map((s) => s.transitionedFrom)).toEqual(['Trigger', 'sales', 'sales__result', 'overflow']);
    expect((run.context.widgets as Record<string, Record<string, string>>).sales.QueueResult).toBe('leave');
  });

  it('is answered by an agent, and the call is over', () => {
    expect(path(queued, call())).toEqual(['Trigger', 'sales', 'sales__result']);
  });

  it('cannot be queued and leaves a voicemail, transcribed', () => {
    const run = executeFlow(queued, call({ outcomes: { 'queue:sales': 'failed' } }));
    expect(run.steps.map((s) => [s.name, s.transitionedFrom])).toEqual([['incomingCall', 'Trigger'], ['failedToEnqueue', 'sales'], ['recordingComplete', 'voicemail']]);
    const voicemail = (run.context.widgets as Record<string, Record<string, string>>).voicemail;
    expect(voicemail.RecordingUrl).toMatch(/^https:\/\/api\.twilio\.com\/2010-04-01\/Accounts\/AC[a]{32}\/Recordings\/RE[0-9a-f]{32}$/);
    expect(voicemail.TranscriptionText).toBeTruthy();
  });
});

describe('the execution context', () => {
  it('carries the call, the caller’s geography, the parameters and the variables set on the way', () => {
    const definition = flow(
      trigger('vars'),
      { name: 'vars', type: 'set-variables', properties: { variables: [{ key: 'greeting', value: 'Hi {{flow.data.name}} from {{trigger.call.FromState}}' }] }, transitions: [{ event: 'next', next: 'hook' }] },
      { name: 'hook', type: 'make-http-request', properties: { method: 'POST', url: 'https://example.com/{{flow.variables.greeting | slice: 0, 2}}', content_type: 'application/json;charset=utf-8' },
        transitions: [{ event: 'success', next: 'fn' }, { event: 'failed' }] },
      { name: 'fn', type: 'run-function', properties: { url: 'https://example-1234.twil.io/route' }, transitions: [{ event: 'success' }, { event: 'fail' }] },
    );
    const run = executeFlow(definition, call({ parameters: { name: 'Zeke' } }));
    expect(run.status).toBe('ended');
    expect(run.context).toMatchObject({
      trigger: { call: { From: '+14155550123', To: '+18885550100', CallSid: call().callSid, FromCountry: 'US', FromState: 'CA', FromCity: '', Direction: 'inbound', CallStatus: 'ringing', AccountSid: call().accountSid } },
      contact: { channel: { address: '+14155550123' } },
      flow: { flow_sid: call().flowSid, data: { name: 'Zeke' }, variables: { greeting: 'Hi Zeke from CA' }, channel: { address: '+18885550100' } },
      widgets: { hook: { status_code: 200, parsed: {} } },
    });
    // Each step keeps the context as it was then.
    expect(run.steps[0].context).toMatchObject({ flow: { variables: {} } });
    expect(run.steps[1].context).toMatchObject({ flow: { variables: { greeting: 'Hi Zeke from CA' } } });
  });

  it('splits callers by the last two hex digits of their CallSid, as a percentage split compiles', () => {
    const definition = flow(
      trigger('ab'),
      { name: 'ab', type: 'split-based-on', properties: { input: '{{trigger.call.CallSid | slice: 32, 2 | downcase}}' },
        transitions: [{ event: 'noMatch', next: 'b' }, { event: 'match', next: 'a', conditions: [cond('{{trigger.call.CallSid | slice: 32, 2 | downcase}}', 'matches_any_of', '7d, 7e, 7f')] }] },
      say('a', 'A'), say('b', 'B'),
    );
    expect(path(definition, call({ callSid: `CA${'0'.repeat(30)}7F` })).at(-1)).toBe('a');
    expect(path(definition, call({ callSid: `CA${'0'.repeat(30)}80` })).at(-1)).toBe('b');
  });
});

describe('split conditions', () => {
  const holds = (input: string, type: string, value: string): boolean => {
    const definition = flow(
      trigger('check'),
      { name: 'check', type: 'split-based-on', properties: { input: '{{flow.data.x}}' },
        transitions: [{ event: 'noMatch', next: 'no' }, { event: 'match', next: 'yes', conditions: [cond('{{flow.data.x}}', type, value)] }] },
      say('yes', 'yes'), say('no', 'no'),
    );
    const run = executeFlow(definition, call({ parameters: { x: input } }));
    if (run.status !== 'ended') throw new Error(run.error);
    return run.steps.at(-1)!.transitionedFrom === 'yes';
  };

  it.each([
    ['Sales', 'equal_to', ' sales ', true], ['sales', 'equal_to', 'support', false],
    ['sales', 'not_equal_to', 'support', true], ['SALES', 'not_equal_to', 'sales', false],
    ['Billing', 'matches_any_of', 'sales, billing ,support', true], ['bill', 'matches_any_of', 'sales,billing', false],
    ['bill', 'does_not_match_any_of', 'sales,billing', true], ['sales', 'does_not_match_any_of', 'Sales,billing', false],
    ['  ', 'is_blank', '', true], ['x', 'is_blank', '', false], ['x', 'is_not_blank', '', true], ['', 'is_not_blank', '', false],
    ['+14155550123', 'regex', '^\\+1415', true], ['+12125550123', 'regex', '^\\+1415', false], ['ABC', 'regex', 'b', true],
    ['I need Billing help', 'contains', 'billing', true], ['help', 'does_not_contain', 'billing', true], ['billing', 'does_not_contain', 'bill', false],
    ['+14155550123', 'starts_with', '+1415', true], ['+14155550123', 'does_not_start_with', '+1212', true], ['+1212', 'does_not_start_with', '+12', false],
    ['930', 'less_than', '10900', true], ['00930', 'less_than', '930', false], ['20930', 'greater_than', '10900', true],
    ['abc', 'less_than', '10', false], ['', 'less_than', '10', false], ['10', 'greater_than', '', false],
    ['09:30', 'is_before_time', '10:00', true], ['2026-11-24T11:00:00Z', 'is_after_time', '10:00', true], ['10:00', 'is_after_time', '10:00', false],
    ['2026-11-24', 'is_before_date', '2026-12-25', true], ['2026-12-26T10:00:00Z', 'is_after_date', '2026-12-25', true], ['soon', 'is_before_date', '2026-12-25', false],
  ])('%j %s %j is %s', (input, type, value, expected) => {
    expect(holds(input, type, value)).toBe(expected);
  });

  it('needs every condition of a transition to hold, and takes the first transition that matches', () => {
    const definition = flow(
      trigger('check'),
      { name: 'check', type: 'split-based-on', properties: { input: '{{flow.data.x}}' },
        transitions: [
          { event: 'match', next: 'both', conditions: [cond('{{flow.data.x}}', 'starts_with', 'a'), cond('{{flow.data.x}}', 'contains', 'z')] },
          { event: 'match', next: 'first', conditions: [cond('{{flow.data.x}}', 'starts_with', 'a')] },
          { event: 'match', next: 'second', conditions: [cond('{{flow.data.x}}', 'contains', 'b')] },
          { event: 'noMatch', next: 'none' },
        ] },
      say('both', 'both'), say('first', 'first'), say('second', 'second'), say('none', 'none'),
    );
    const end = (x: string) => path(definition, call({ parameters: { x } })).at(-1);
    expect(end('amz')).toBe('both');
    expect(end('abc')).toBe('first');
    expect(end('cba')).toBe('second');
    expect(end('xyz')).toBe('none');
  });
});

describe('flows the sandbox cannot finish', () => {
  it('stops a loop after 500 steps and says so', () => {
    const loop = flow(trigger('ping'), say('ping', 'ping', 'pong'), say('pong', 'pong', 'ping'));
    const run = executeFlow(loop, call());
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/the flow ran 500 steps without ending/);
    expect(run.steps).toHaveLength(500);
    expect(executeFlow(loop, call(), { maxSteps: 10 }).steps).toHaveLength(10);
  });

  it('fails on a widget it does not execute, naming the state and the widget type', () => {
    const sms = flow(trigger('text'), { name: 'text', type: 'send-message', properties: { body: 'hi' }, transitions: [{ event: 'sent' }] });
    const run = executeFlow(sms, call());
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/state "text" is a "send-message" widget, which the sandbox does not execute/);
    expect(run.steps.map((s) => s.transitionedTo)).toEqual(['text']);
  });

  it('fails on an unknown Liquid filter, naming the state and the filter', () => {
    const bad = flow(trigger('hello'), say('hello', 'Hello {{trigger.call.From | reverse}}'));
    const run = executeFlow(bad, call());
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/state "hello", property say \(filter "reverse"\)/);
  });

  it('fails on a transition to a state that does not exist and on a flow without a trigger', () => {
    expect(executeFlow(flow(trigger('missing')), call()).error).toMatch(/"missing", which is not a state/);
    expect(executeFlow({ initial_state: 'x', states: [say('x', 'x')] }, call()).error).toMatch(/no trigger state/);
    expect(executeFlow('not a flow', call()).status).toBe('failed');
  });

  it('ends at once when the trigger has no incomingCall next', () => {
    const run = executeFlow(flow({ ...trigger('x'), transitions: [{ event: 'incomingCall' }] }), call());
    expect(run).toMatchObject({ status: 'ended', steps: [{ name: 'incomingCall', transitionedFrom: 'Trigger' }] });
    expect(run.steps[0].transitionedTo).toBeUndefined();
  });

  it('keeps a state named __proto__ as plain data', () => {
    const odd = flow(trigger('__proto__'), { name: '__proto__', type: 'gather-input-on-call', properties: { say: 'x' }, transitions: [{ event: 'keypress' }, { event: 'timeout' }] });
    const run = executeFlow(odd, call({ inputs: ['5'] }));
    expect(run.status).toBe('ended');
    expect(Object.getPrototypeOf(run.context.widgets)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(run.context.widgets, '__proto__')).toBe(true);
  });
});
