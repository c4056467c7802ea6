import fc from 'fast-check';
import { FLOW_WIDGET_TYPES, flowWidgetSpec } from '../../src/sandbox/studio/flow-widgets';
import { MAX_FLOW_STATES, validateFlowDefinition, type FlowValidation } from '../../src/sandbox/studio/validate-flow';

interface TestCondition {
  [key: string]: unknown;
}
interface TestTransition {
  [key: string]: unknown;
  conditions?: TestCondition[];
}
interface TestState {
  [key: string]: unknown;
  name: string;
  type: string;
  properties: Record<string, unknown>;
  transitions: TestTransition[];
}
interface TestFlow {
  [key: string]: unknown;
  initial_state: string;
  states: TestState[];
}

/** The IVR example of SURFACE.md section 3, verbatim. */
const IVR_FLOW: TestFlow = {
  description: 'IVR',
  initial_state: 'Trigger',
  flags: { allow_concurrent_calls: true },
  states: [
    {
      name: 'Trigger',
      type: 'trigger',
      properties: { offset: { x: 0, y: 0 } },
      transitions: [
        { event: 'incomingMessage' },
        { event: 'incomingCall', next: 'gather_1' },
        { event: 'incomingConversationMessage' },
        { event: 'incomingRequest' },
        { event: 'incomingParent' },
      ],
    },
    {
      name: 'gather_1',
      type: 'gather-input-on-call',
      properties: {
        say: 'Press 1 for sales',
        voice: 'alice',
        language: 'en-US',
        number_of_digits: 1,
        timeout: 5,
        stop_gather: true,
        offset: { x: 0, y: 200 },
      },
      transitions: [{ event: 'keypress', next: 'split_1' }, { event: 'speech' }, { event: 'timeout' }],
    },
    {
      name: 'split_1',
      type: 'split-based-on',
      properties: { input: '{{widgets.gather_1.Digits}}' },
      transitions: [
        { event: 'noMatch' },
        {
          event: 'match',
          next: 'connect_1',
          conditions: [{ friendly_name: '1', arguments: ['{{widgets.gather_1.Digits}}'], type: 'equal_to', value: '1' }],
        },
      ],
    },
    {
      name: 'connect_1',
      type: 'connect-call-to',
      properties: { noun: 'number', to: '+14155550100', caller_id: '{{contact.channel.address}}', timeout: 30 },
      transitions: [{ event: 'callCompleted' }, { event: 'hangup' }],
    },
  ],
};

const TRIGGER = 0;
const GATHER = 1;
const SPLIT = 2;
const CONNECT = 3;

/** A fresh copy of the IVR, changed by `edit`, so each story starts from a known-good flow. */
function ivrFlow(edit: (flow: TestFlow) => void = () => undefined): TestFlow {
  const flow = structuredClone(IVR_FLOW);
  edit(flow);
  return flow;
}

/** Adds a state that the IVR's split hands "2" to, so the new widget is reachable and only its own faults show. */
function ivrWith(state: TestState): TestFlow {
  return ivrFlow((flow) => {
    flow.states.push(state);
    flow.states[SPLIT].transitions.push({
      event: 'match',
      next: state.name,
      conditions: [{ friendly_name: '2', arguments: ['{{widgets.gather_1.Digits}}'], type: 'equal_to', value: '2' }],
    });
  });
}

function remove(object: object, key: string): void {
  Reflect.deleteProperty(object, key);
}

/** Puts a value of the wrong type where the test types would not allow it. */
function replace(object: object, key: string, value: unknown): void {
  Reflect.set(object, key, value);
}

function errorPaths(result: FlowValidation): string[] {
  return result.errors.map((error) => error.path);
}

/** Asserts the flow fails with exactly one error, at `path`, whose message mentions `fragment`. */
function expectSingleError(definition: unknown, path: string, fragment: string): void {
  const result = validateFlowDefinition(definition);
  expect(errorPaths(result)).toEqual([path]);
  expect(result.valid).toBe(false);
  expect(result.errors[0]?.message).toContain(fragment);
}

describe('validateFlowDefinition: a well-formed flow', () => {
  it('accepts the IVR example from the Studio docs with no errors and no warnings', () => {
    expect(validateFlowDefinition(IVR_FLOW)).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it('accepts a flow without description or flags, which are optional', () => {
    const flow = ivrFlow((f) => {
      remove(f, 'description');
      remove(f, 'flags');
    });
    expect(validateFlowDefinition(flow).valid).toBe(true);
  });

  it('accepts any event on widgets the sandbox does not model yet, such as send-message', () => {
    const flow = ivrWith({
      name: 'text_back',
      type: 'send-message',
      properties: { body: 'Thanks for calling' },
      transitions: [{ event: 'sent' }, { event: 'whateverStudioAddsNext' }],
    });
    expect(validateFlowDefinition(flow).errors).toEqual([]);
  });

  it('accepts a say-play widget that only sends digits, and transitions that loop back for a retry', () => {
    const flow = ivrWith({
      name: 'dial_extension',
      type: 'say-play',
      properties: { digits: 'ww1234' },
      transitions: [{ event: 'audioComplete', next: 'gather_1' }],
    });
    expect(validateFlowDefinition(flow).errors).toEqual([]);
  });

  it('accepts a set-variables widget whose values are text, numbers or booleans', () => {
    const flow = ivrWith({
      name: 'remember',
      type: 'set-variables',
      properties: { variables: [{ key: 'dept', value: 'sales' }, { key: 'tries', value: 1 }, { key: 'vip', value: false }] },
      transitions: [{ event: 'next', next: 'connect_1' }],
    });
    expect(validateFlowDefinition(flow).errors).toEqual([]);
  });
});

describe('validateFlowDefinition: the top level', () => {
  it.each([
    ['null', null],
    ['an array', []],
    ['a string', '{"initial_state":"Trigger"}'],
    ['a number', 42],
  ])('rejects a definition that is %s rather than an object, at the root path', (_label, definition) => {
    expectSingleError(definition, '', 'must be a JSON object');
  });

  it('rejects a flow without initial_state and says which state to name', () => {
    expectSingleError(ivrFlow((f) => remove(f, 'initial_state')), 'initial_state', 'set it to the trigger state "Trigger"');
  });

  it('rejects an empty initial_state', () => {
    expectSingleError(ivrFlow((f) => (f.initial_state = '')), 'initial_state', 'must not be empty');
  });

  it('rejects an initial_state that is not a string', () => {
    expectSingleError(ivrFlow((f) => replace(f, 'initial_state', 7)), 'initial_state', 'must be a string');
  });

  it('rejects a misspelt initial_state and suggests the trigger', () => {
    expectSingleError(
      ivrFlow((f) => (f.initial_state = 'Triger')),
      'initial_state',
      'initial_state: "Triger" is not a state of this flow; did you mean "Trigger"?',
    );
  });

  it('rejects a flow that starts somewhere other than its trigger', () => {
    expectSingleError(
      ivrFlow((f) => (f.initial_state = 'gather_1')),
      'initial_state',
      '"gather_1" is a "gather-input-on-call" state; the flow must start at its trigger',
    );
  });

  it('rejects a non-string description', () => {
    expectSingleError(ivrFlow((f) => (f['description'] = 12)), 'description', 'must be a string');
  });

  it('rejects flags that leave out allow_concurrent_calls, which is required once flags is there', () => {
    expectSingleError(ivrFlow((f) => (f['flags'] = {})), 'flags.allow_concurrent_calls', 'set it to true or false');
  });

  it('rejects allow_concurrent_calls given as text instead of a boolean', () => {
    expectSingleError(
      ivrFlow((f) => (f['flags'] = { allow_concurrent_calls: 'yes' })),
      'flags.allow_concurrent_calls',
      'must be true or false; got "yes"',
    );
  });

  it('rejects flags that are not an object', () => {
    expectSingleError(ivrFlow((f) => (f['flags'] = true)), 'flags', 'must be an object');
  });

  it('rejects a flow without states', () => {
    const result = validateFlowDefinition(ivrFlow((f) => remove(f, 'states')));
    expect(errorPaths(result)).toEqual(['states']);
  });

  it('rejects states that are not a list', () => {
    expect(errorPaths(validateFlowDefinition(ivrFlow((f) => replace(f, 'states', {}))))).toEqual(['states']);
  });

  it('rejects a flow with no states at all', () => {
    expectSingleError(ivrFlow((f) => (f.states = [])), 'states', 'at least one state');
  });

  it(`rejects a flow with more than ${MAX_FLOW_STATES} states, as Studio does`, () => {
    const flow = ivrFlow((f) => {
      for (let i = f.states.length; i <= MAX_FLOW_STATES; i++) {
        f.states.push({ name: `say_${i}`, type: 'say-play', properties: { say: 'hi' }, transitions: [] });
      }
    });
    expect(flow.states).toHaveLength(MAX_FLOW_STATES + 1);
    expectSingleError(flow, 'states', `at most ${MAX_FLOW_STATES}`);
  });
});

describe('validateFlowDefinition: each state', () => {
  it('rejects a state that is not an object, naming its index', () => {
    const flow = ivrFlow((f) => ((f.states as unknown[]).push('say hello')));
    expectSingleError(flow, 'states[4]', 'must be an object');
  });

  it.each(['name', 'type', 'properties', 'transitions'])('rejects a state without %s, at that exact path', (key) => {
    const flow = ivrFlow((f) => remove(f.states[CONNECT], key));
    const result = validateFlowDefinition(flow);
    expect(errorPaths(result)).toContain(`states[3].${key}`);
    expect(result.valid).toBe(false);
  });

  it('rejects two states with the same name and points at the first one', () => {
    const flow = ivrWith({ name: 'gather_1', type: 'say-play', properties: { say: 'again' }, transitions: [] });
    expectSingleError(flow, 'states[4].name', '"gather_1" is already the name of states[1]');
  });

  it('rejects an unknown widget type and suggests the near one', () => {
    const flow = ivrFlow((f) => (f.states[CONNECT].type = 'connect-call'));
    const result = validateFlowDefinition(flow);
    expect(errorPaths(result)).toEqual(['states[3].type']);
    expect(result.errors[0]?.message).toBe('states[3].type: "connect-call" is not a Studio widget type; did you mean "connect-call-to"?');
  });

  it('does not mistake a widget type named like an Object.prototype member for a real widget', () => {
    const flow = ivrFlow((f) => (f.states[CONNECT].type = 'constructor'));
    expect(errorPaths(validateFlowDefinition(flow))).toEqual(['states[3].type']);
  });

  it('rejects a flow with no trigger state', () => {
    const flow = ivrFlow((f) => {
      f.states.splice(TRIGGER, 1);
      f.initial_state = 'gather_1';
    });
    expect(errorPaths(validateFlowDefinition(flow))).toEqual(['states', 'initial_state']);
  });

  it('rejects a second trigger state and names the first', () => {
    const flow = ivrFlow((f) => f.states.push({ name: 'Trigger2', type: 'trigger', properties: {}, transitions: [] }));
    expectSingleError(flow, 'states[4].type', 'states[0] is already one');
  });
});

describe('validateFlowDefinition: transitions', () => {
  it('rejects a transition that points at a state that does not exist, and suggests the near name', () => {
    const flow = ivrFlow((f) => (f.states[SPLIT].transitions[1]!['next'] = 'conect_1'));
    const result = validateFlowDefinition(flow);
    expect(result.errors).toEqual([
      {
        path: 'states[2].transitions[1].next',
        message: 'states[2].transitions[1].next: "conect_1" is not a state of this flow; did you mean "connect_1"?',
      },
    ]);
  });

  it('rejects a transition to a state nothing like any other, and explains how to end the flow instead', () => {
    const flow = ivrFlow((f) => (f.states[GATHER].transitions[0]!['next'] = 'voicemail'));
    expectSingleError(flow, 'states[1].transitions[0].next', 'remove "next" to end the flow');
  });

  it('rejects an empty next', () => {
    const flow = ivrFlow((f) => (f.states[GATHER].transitions[0]!['next'] = ''));
    expectSingleError(flow, 'states[1].transitions[0].next', 'must not be empty');
  });

  it('rejects a transition that is not an object', () => {
    const flow = ivrFlow((f) => ((f.states[CONNECT].transitions as unknown[]).push('hangup')));
    expectSingleError(flow, 'states[3].transitions[2]', 'must be an object');
  });

  it('rejects a transition without an event and lists the events the widget has', () => {
    const flow = ivrFlow((f) => remove(f.states[CONNECT].transitions[0]!, 'event'));
    expectSingleError(flow, 'states[3].transitions[0].event', 'use one of callCompleted, hangup');
  });

  it('rejects an event the widget never emits, and suggests the near one', () => {
    const flow = ivrFlow((f) => (f.states[GATHER].transitions[0]!['event'] = 'keyPress'));
    expectSingleError(
      flow,
      'states[1].transitions[0].event',
      '"keyPress" is not an event of a "gather-input-on-call" widget; did you mean "keypress"?',
    );
  });

  it('rejects a trigger event on a widget of another type', () => {
    const flow = ivrFlow((f) => (f.states[CONNECT].transitions[0]!['event'] = 'incomingCall'));
    expectSingleError(flow, 'states[3].transitions[0].event', 'use one of callCompleted, hangup');
  });

  it('rejects conditions that are not a list', () => {
    const flow = ivrFlow((f) => replace(f.states[SPLIT].transitions[1]!, 'conditions', 'equal_to 1'));
    const result = validateFlowDefinition(flow);
    // The match transition now has no usable conditions either, so the same path is named twice.
    expect(errorPaths(result)).toEqual(['states[2].transitions[1].conditions', 'states[2].transitions[1].conditions']);
  });
});

describe('validateFlowDefinition: split-based-on', () => {
  it('rejects a split without input', () => {
    expectSingleError(ivrFlow((f) => remove(f.states[SPLIT].properties, 'input')), 'states[2].properties.input', 'is required');
  });

  it('rejects a match transition without conditions, which could never fire', () => {
    const flow = ivrFlow((f) => remove(f.states[SPLIT].transitions[1]!, 'conditions'));
    expectSingleError(flow, 'states[2].transitions[1].conditions', 'needs at least one condition');
  });

  it('rejects a match transition with an empty condition list', () => {
    const flow = ivrFlow((f) => (f.states[SPLIT].transitions[1]!.conditions = []));
    expectSingleError(flow, 'states[2].transitions[1].conditions', 'needs at least one condition');
  });

  it.each(['friendly_name', 'arguments', 'type', 'value'])('rejects a condition without %s, at that exact path', (key) => {
    const flow = ivrFlow((f) => remove(f.states[SPLIT].transitions[1]!.conditions![0]!, key));
    expectSingleError(flow, `states[2].transitions[1].conditions[0].${key}`, 'is required');
  });

  it('rejects condition arguments that are not a list', () => {
    const flow = ivrFlow((f) => (f.states[SPLIT].transitions[1]!.conditions![0]!['arguments'] = '{{widgets.gather_1.Digits}}'));
    expectSingleError(flow, 'states[2].transitions[1].conditions[0].arguments', 'must be an array');
  });

  it('rejects a comparison Studio does not have, and suggests the near one', () => {
    const flow = ivrFlow((f) => (f.states[SPLIT].transitions[1]!.conditions![0]!['type'] = 'equals_to'));
    expectSingleError(flow, 'states[2].transitions[1].conditions[0].type', 'did you mean "equal_to"?');
  });

  it('rejects a condition value that is not text', () => {
    const flow = ivrFlow((f) => (f.states[SPLIT].transitions[1]!.conditions![0]!['value'] = 1));
    expectSingleError(flow, 'states[2].transitions[1].conditions[0].value', 'must be a string');
  });
});

describe('validateFlowDefinition: required widget properties', () => {
  it.each(['noun', 'caller_id'])('rejects a connect-call-to widget without %s', (key) => {
    expectSingleError(ivrFlow((f) => remove(f.states[CONNECT].properties, key)), `states[3].properties.${key}`, 'is required');
  });

  it('rejects a connect-call-to target that Studio cannot dial, listing the ones it can', () => {
    const flow = ivrFlow((f) => (f.states[CONNECT].properties['noun'] = 'phone'));
    expectSingleError(flow, 'states[3].properties.noun', 'use one of number, number-multi, client, sim, sip, conference');
  });

  it('rejects a gather that neither says nor plays anything', () => {
    expectSingleError(ivrFlow((f) => remove(f.states[GATHER].properties, 'say')), 'states[1].properties', 'needs "say" or "play"');
  });

  it('rejects a say-play widget with nothing to say, play or send', () => {
    const flow = ivrWith({ name: 'silence', type: 'say-play', properties: { voice: 'alice' }, transitions: [] });
    expectSingleError(flow, 'states[4].properties', 'needs "say", "play" or "digits"');
  });

  it.each(['method', 'url', 'content_type'])('rejects a make-http-request widget without %s', (key) => {
    const properties: Record<string, unknown> = {
      method: 'POST',
      url: 'https://example.com/route',
      content_type: 'application/json;charset=utf-8',
    };
    delete properties[key];
    const flow = ivrWith({ name: 'lookup', type: 'make-http-request', properties, transitions: [{ event: 'success' }, { event: 'failed' }] });
    expectSingleError(flow, `states[4].properties.${key}`, 'is required for a "make-http-request" widget');
  });

  it('rejects an HTTP method the widget does not offer, and suggests the upper-case spelling', () => {
    const flow = ivrWith({
      name: 'lookup',
      type: 'make-http-request',
      properties: { method: 'get', url: 'https://example.com/route', content_type: 'application/json;charset=utf-8' },
      transitions: [],
    });
    expectSingleError(flow, 'states[4].properties.method', 'did you mean "GET"?');
  });

  it.each(['workflow', 'channel'])('rejects a send-to-flex widget without %s', (key) => {
    const properties: Record<string, unknown> = { workflow: 'WW0123456789abcdef0123456789abcdef', channel: 'TC0123456789abcdef0123456789abcdef' };
    delete properties[key];
    const flow = ivrWith({ name: 'to_agent', type: 'send-to-flex', properties, transitions: [{ event: 'callComplete' }] });
    expectSingleError(flow, `states[4].properties.${key}`, 'is required');
  });

  it('rejects a run-function widget without url', () => {
    const flow = ivrWith({ name: 'route', type: 'run-function', properties: { service_sid: 'ZS0123' }, transitions: [{ event: 'fail' }] });
    expectSingleError(flow, 'states[4].properties.url', 'is required');
  });

  it('rejects a set-variables widget without variables', () => {
    const flow = ivrWith({ name: 'remember', type: 'set-variables', properties: {}, transitions: [{ event: 'next' }] });
    expectSingleError(flow, 'states[4].properties.variables', 'is required for a "set-variables" widget');
  });

  it('rejects a variable without a key, and one without a value, each at its own index', () => {
    const flow = ivrWith({
      name: 'remember',
      type: 'set-variables',
      properties: { variables: [{ value: 'sales' }, { key: 'tries' }] },
      transitions: [{ event: 'next' }],
    });
    expect(errorPaths(validateFlowDefinition(flow))).toEqual([
      'states[4].properties.variables[0].key',
      'states[4].properties.variables[1].value',
    ]);
  });
});

describe('validateFlowDefinition: warnings', () => {
  it('warns about a state nothing leads to, but still accepts the flow', () => {
    const flow = ivrFlow((f) => f.states.push({ name: 'orphan', type: 'say-play', properties: { say: 'hello?' }, transitions: [] }));
    const result = validateFlowDefinition(flow);
    expect(result.valid).toBe(true);
    expect(result.warnings).toEqual([
      {
        path: 'states[4]',
        message: `states[4]: "orphan" cannot be reached from the trigger "Trigger"; point a transition's "next" at it or remove it`,
      },
    ]);
  });

  it('warns about everything behind a cut transition, not only the first state', () => {
    const flow = ivrFlow((f) => remove(f.states[TRIGGER].transitions[1]!, 'next'));
    expect(validateFlowDefinition(flow).warnings.map((w) => w.path)).toEqual(['states[1]', 'states[2]', 'states[3]']);
  });
});

describe('validateFlowDefinition: the widget table', () => {
  it('knows every widget type named in SURFACE.md, and nothing on Object.prototype', () => {
    expect(FLOW_WIDGET_TYPES).toHaveLength(20);
    expect(flowWidgetSpec('toString')).toBeUndefined();
    expect(flowWidgetSpec('set-variables')?.events).toEqual(['next']);
  });
});

/** Paths into the IVR (as key lists) that a mutation may target. */
function pathsIn(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const children: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index): [number, unknown] => [index, item])
    : typeof value === 'object' && value !== null
      ? Object.entries(value)
      : [];
  return children.flatMap(([key, child]) => [[...prefix, key], ...pathsIn(child, [...prefix, key])]);
}

/** Every string in the IVR: swapping them around makes mutations that are wrong in plausible ways. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return [...Object.keys(value), ...Object.values(value).flatMap(stringsIn)];
  return [];
}

type Mutation = { path: (string | number)[]; kind: 'delete' } | { path: (string | number)[]; kind: 'replace'; value: unknown };

function applyMutation(root: unknown, mutation: Mutation): void {
  let container: unknown = root;
  for (const key of mutation.path.slice(0, -1)) {
    if (typeof container !== 'object' || container === null) return;
    container = (container as Record<string | number, unknown>)[key];
  }
  if (typeof container !== 'object' || container === null) return;
  const last = mutation.path[mutation.path.length - 1]!;
  if (mutation.kind === 'delete') {
    if (Array.isArray(container) && typeof last === 'number') container.splice(last, 1);
    else Reflect.deleteProperty(container, last);
  } else {
    (container as Record<string | number, unknown>)[last] = mutation.value;
  }
}

/** The invariants every verdict keeps, whatever it was given. */
function expectWellFormed(result: FlowValidation): void {
  expect(result.valid).toBe(result.errors.length === 0);
  for (const problem of [...result.errors, ...result.warnings]) {
    expect(problem.path).toMatch(/^(|[a-z_]+(\[\d+\])?(\.[A-Za-z_]+(\[\d+\])*)*)$/);
    expect(problem.message.startsWith(problem.path === '' ? '' : `${problem.path}: `)).toBe(true);
  }
}

describe('validateFlowDefinition: untrusted input', () => {
  it('never throws on any JSON value a request body could hold', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (definition) => {
        expectWellFormed(validateFlowDefinition(definition));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on odd JavaScript values either (null prototypes, __proto__ keys, BigInts, sparse arrays)', () => {
    const odd = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    });
    fc.assert(
      fc.property(odd, (definition) => {
        expectWellFormed(validateFlowDefinition(definition));
        expectWellFormed(validateFlowDefinition({ initial_state: 'Trigger', states: [definition] }));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on a valid flow broken in up to five places', () => {
    const paths = pathsIn(IVR_FLOW);
    const plausible = [...new Set(stringsIn(IVR_FLOW))];
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      fc.record({ path: fc.constantFrom(...paths), kind: fc.constant('delete' as const) }),
      fc.record({
        path: fc.constantFrom(...paths),
        kind: fc.constant('replace' as const),
        value: fc.oneof(fc.jsonValue(), fc.constantFrom(...plausible)),
      }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 5 }), (mutations) => {
        const flow = ivrFlow();
        for (const change of mutations) applyMutation(flow, change);
        expectWellFormed(validateFlowDefinition(flow));
      }),
      { numRuns: 1000 },
    );
  });

  it('always reports a next that names no state, at exactly that transition', () => {
    const names = new Set(IVR_FLOW.states.map((state) => state.name));
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((name) => !names.has(name)),
        fc.constantFrom(...IVR_FLOW.states.flatMap((state, s) => state.transitions.map((_, t) => [s, t] as const))),
        (name, [s, t]) => {
          const flow = ivrFlow((f) => (f.states[s]!.transitions[t]!['next'] = name));
          expect(errorPaths(validateFlowDefinition(flow))).toEqual([`states[${s}].transitions[${t}].next`]);
        },
      ),
    );
  });

  it('does not care in which order the states are listed', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(IVR_FLOW.states, { minLength: 4, maxLength: 4 }), (states) => {
        expect(validateFlowDefinition({ ...IVR_FLOW, states })).toEqual({ valid: true, errors: [], warnings: [] });
      }),
    );
  });

  it('stays quick when a hostile flow misspells every transition of a thousand states', () => {
    const states: TestState[] = [{ name: 'Trigger', type: 'trigger', properties: {}, transitions: [{ event: 'incomingCall', next: 's_0' }] }];
    for (let i = 0; i < MAX_FLOW_STATES - 1; i++) {
      const name = `s_${i}`.padEnd(60, 'x');
      states.push({
        name,
        type: 'say-play',
        properties: { say: 'hi' },
        transitions: Array.from({ length: 20 }, (_, t) => ({ event: 'audioComplete', next: `${name.slice(0, 58)}y${t}` })),
      });
    }
    const started = Date.now();
    const result = validateFlowDefinition({ initial_state: 'Trigger', states });
    expect(result.errors.length).toBeGreaterThan(19_000);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
