/**
 * What the sandbox knows about Twilio Studio widget types: the transition events each widget
 * can emit and the properties it cannot work without (SURFACE.md section 3).
 *
 * The table is data, not code, so that the flow validator and a later routing-plan compiler
 * read the same facts and cannot drift apart.
 */

/** Transition events a widget may use; `'any'` for widgets the sandbox accepts without modelling their events. */
export type WidgetEvents = readonly string[] | 'any';

/** What must (or may) appear in one widget's `properties`, and which events its transitions may name. */
export interface FlowWidgetSpec {
  /** Studio's name for the widget, as written in a state's `type`. */
  readonly type: string;
  /** Events its transitions may name; `'any'` when the sandbox does not model this widget yet. */
  readonly events: WidgetEvents;
  /** Properties that must be non-empty strings, each with an example value for error messages. */
  readonly requiredText: Readonly<Record<string, string>>;
  /** At least one of these properties must be a non-empty string (a prompt needs something to say or play). */
  readonly oneOfText?: readonly string[];
  /** Properties limited to a fixed set of values when present (Studio shows them as drop-downs). */
  readonly allowedValues?: Readonly<Record<string, readonly string[]>>;
  /** Properties holding `[{key, value}]` lists, and whether the widget needs the list at all. */
  readonly keyValueLists?: Readonly<Record<string, 'required' | 'optional'>>;
}

/** Targets a `connect-call-to` widget can dial (its `noun` property). */
export const CONNECT_CALL_NOUNS = ['number', 'number-multi', 'client', 'sim', 'sip', 'conference'] as const;

/** HTTP methods the `make-http-request` widget offers. */
export const HTTP_REQUEST_METHODS = ['GET', 'POST'] as const;

/** Body encodings the `make-http-request` widget offers (exact strings, charset included). */
export const HTTP_REQUEST_CONTENT_TYPES = [
  'application/x-www-form-urlencoded;charset=utf-8',
  'application/json;charset=utf-8',
] as const;

/** Comparison types a `split-based-on` condition may use. */
export const SPLIT_CONDITION_TYPES = [
  'equal_to',
  'not_equal_to',
  'matches_any_of',
  'does_not_match_any_of',
  'is_blank',
  'is_not_blank',
  'regex',
  'contains',
  'does_not_contain',
  'starts_with',
  'does_not_start_with',
  'less_than',
  'greater_than',
  'is_before_time',
  'is_after_time',
  'is_before_date',
  'is_after_date',
] as const;

/** The widget type every flow starts from. */
export const TRIGGER_WIDGET_TYPE = 'trigger';

/** The split event that carries conditions; every other event fires unconditionally. */
export const SPLIT_MATCH_EVENT = 'match';

const MODELLED_WIDGETS: readonly FlowWidgetSpec[] = [
  {
    type: TRIGGER_WIDGET_TYPE,
    events: ['incomingMessage', 'incomingCall', 'incomingConversationMessage', 'incomingRequest', 'incomingParent'],
    requiredText: {},
  },
  {
    type: 'gather-input-on-call',
    events: ['keypress', 'speech', 'timeout'],
    requiredText: {},
    oneOfText: ['say', 'play'],
  },
  {
    type: 'split-based-on',
    events: ['noMatch', SPLIT_MATCH_EVENT],
    requiredText: { input: '{{widgets.gather_1.Digits}}' },
  },
  {
    type: 'connect-call-to',
    events: ['callCompleted', 'hangup'],
    requiredText: { noun: 'number', caller_id: '{{contact.channel.address}}' },
    allowedValues: { noun: CONNECT_CALL_NOUNS },
  },
  {
    type: 'say-play',
    events: ['audioComplete'],
    requiredText: {},
    oneOfText: ['say', 'play', 'digits'],
  },
  {
    type: 'record-voicemail',
    events: ['recordingComplete', 'noAudio', 'hangup'],
    requiredText: {},
  },
  {
    type: 'enqueue-call',
    events: ['callComplete', 'failedToEnqueue', 'callFailure'],
    requiredText: {},
  },
  {
    type: 'set-variables',
    events: ['next'],
    requiredText: {},
    keyValueLists: { variables: 'required' },
  },
  {
    type: 'make-http-request',
    events: ['success', 'failed'],
    requiredText: {
      method: 'POST',
      url: 'https://example.com/hook',
      content_type: 'application/json;charset=utf-8',
    },
    allowedValues: { method: HTTP_REQUEST_METHODS, content_type: HTTP_REQUEST_CONTENT_TYPES },
    keyValueLists: { parameters: 'optional' },
  },
  {
    type: 'send-to-flex',
    events: ['callComplete', 'failedToEnqueue', 'callFailure'],
    requiredText: { workflow: 'WW0123456789abcdef0123456789abcdef', channel: 'TC0123456789abcdef0123456789abcdef' },
  },
  {
    type: 'run-function',
    events: ['success', 'fail'],
    requiredText: { url: 'https://example-1234.twil.io/route' },
    keyValueLists: { parameters: 'optional' },
  },
];

/**
 * Widgets Studio has but the sandbox does not model: their events are documented only loosely,
 * so accepting any event keeps valid real-world flows from being rejected by the sandbox.
 */
const UNMODELLED_WIDGET_TYPES: readonly string[] = [
  'send-message',
  'send-and-wait-for-reply',
  'make-outgoing-call-v2',
  'record-call',
  'run-subflow',
  'add-twiml-redirect',
  'capture-payments',
  'fork-stream',
  'connect-virtual-agent',
];

// A Map rather than an object literal: widget types come from untrusted input, and a lookup of
// "constructor" or "__proto__" on a plain object would find Object.prototype members.
const WIDGETS_BY_TYPE: ReadonlyMap<string, FlowWidgetSpec> = new Map<string, FlowWidgetSpec>([
  ...MODELLED_WIDGETS.map((spec): [string, FlowWidgetSpec] => [spec.type, spec]),
  ...UNMODELLED_WIDGET_TYPES.map((type): [string, FlowWidgetSpec] => [type, { type, events: 'any', requiredText: {} }]),
]);

/** Every widget type the sandbox accepts, modelled ones first. */
export const FLOW_WIDGET_TYPES: readonly string[] = [...WIDGETS_BY_TYPE.keys()];

/** The spec of a Studio widget type, or `undefined` when Studio has no such widget. */
export function flowWidgetSpec(type: string): FlowWidgetSpec | undefined {
  return WIDGETS_BY_TYPE.get(type);
}
