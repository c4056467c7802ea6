/**
 * The routing-plan model: what callers experience, declared as a graph of named steps.
 *
 * One zod model serves every consumer: `parseRoutingPlan` and the checks validate with it, the
 * compiler, simulator and renderers read its output types, the RoutingPlan resource takes it as
 * input, and `schemas/routing-plan.schema.json` (for YAML editors) is generated from it.
 *
 * Steps refer to each other by name (`next: "menu"`), so a plan can share a voicemail box between
 * branches and a reviewer can see every path; the checks find what names alone allow to go wrong
 * (unreachable steps, loops with no way out, dangling references).
 */
import { z } from 'zod';
import { e164Schema } from '../core/e164';

/**
 * A step's name: letters, digits and single underscores, starting with a letter. Double underscores
 * are kept for the compiler, which names the extra Studio states of a step `<step>__<part>`.
 */
export const STEP_NAME_PATTERN = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;

/** Longest step name; Studio state names stay readable and the compiler's suffixes still fit. */
export const MAX_STEP_NAME = 48;

/** Most steps in one plan (checked by checkRoutingPlan). The compiler adds states for menus, schedules and failover, and Studio holds 1,000. */
export const MAX_STEPS = 1000;

export const stepNameSchema = z
  .string()
  .max(MAX_STEP_NAME)
  .regex(STEP_NAME_PATTERN, {
    error: 'expected a step name: a letter, then letters, digits or single underscores (e.g. "after_hours")',
  })
  .meta({ description: 'Name of another step in the same plan.' });

const httpUrlSchema = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

/** `sip:user@host[:port][;params]`, as Twilio's SIP noun takes it. */
export const SIP_URI_PATTERN = /^sips?:(?:[A-Za-z0-9._~%!$&'()*+,;=-]+@)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:;[A-Za-z0-9._~%=-]+)*$/;

export const sipUriSchema = z
  .string()
  .regex(SIP_URI_PATTERN, { error: 'expected a SIP URI such as "sip:support@pbx.example.com:5060"' })
  .meta({ description: 'SIP URI, e.g. sip:support@pbx.example.com:5060' });

/** Spoken text: Studio reads `{{ }}` and `{% %}` in widget text as Liquid, so plain text may not contain them. */
const spokenTextSchema = z
  .string()
  .min(1)
  .max(4000)
  .refine((text) => !/\{[{%]|[}%]\}/.test(text), { error: 'Studio would read "{{", "{%", "}}" or "%}" as a Liquid template; leave the braces out' });

/** Text spoken by Twilio's text-to-speech. */
export const sayPromptSchema = z
  .object({
    say: spokenTextSchema,
    voice: z.string().min(1).max(64).optional().meta({ description: 'Twilio TTS voice, e.g. "Polly.Joanna" or "alice"; defaults to the plan’s voice.' }),
    language: z.string().regex(/^[a-z]{2,3}-[A-Z]{2}$/, { error: 'expected a language tag such as "en-US"' }).optional(),
  })
  .strict();

/** A recording played from a URL. */
export const playPromptSchema = z.object({ play: httpUrlSchema.meta({ description: 'Audio file URL (MP3 or WAV).' }) }).strict();

/** What a caller hears: a sentence (shorthand for `{ say }`), text-to-speech with a voice, or an audio URL. */
export const promptSchema = z.union([spokenTextSchema, sayPromptSchema, playPromptSchema]).meta({
  description: 'A sentence to speak, `{ say, voice, language }`, or `{ play: url }`.',
});

/** Whose number the person answering sees. */
export const callerIdSchema = z
  .union([z.enum(['caller', 'plan-number']), e164Schema])
  .meta({ description: '"caller" (the caller’s own number), "plan-number" (the number that was dialled) or an E.164 number the account owns.' });

/** Seconds to ring before giving up. */
const ringTimeoutSchema = z.number().int().min(5).max(600).default(20).meta({ description: 'Seconds to ring before it counts as no answer.' });

/** Where a ring step goes when it does not connect; an absent branch hangs up. */
const failoverShape = {
  onNoAnswer: stepNameSchema.optional().meta({ description: 'Next step when nobody answers within `timeout`.' }),
  onBusy: stepNameSchema.optional().meta({ description: 'Next step when the line is busy.' }),
  onFailure: stepNameSchema.optional().meta({ description: 'Next step when the call cannot be placed.' }),
};

const ringShape = {
  timeout: ringTimeoutSchema,
  callerId: callerIdSchema.optional(),
  record: z.boolean().optional().meta({ description: 'Record the call; the plan must set `recording.disclosure`.' }),
  ...failoverShape,
};

/** Forward to one phone number. */
export const forwardStepSchema = z.object({ type: z.literal('forward'), to: e164Schema, ...ringShape }).strict();

/** Forward to a SIP endpoint (a PBX, another site). */
export const sipStepSchema = z.object({ type: z.literal('sip'), to: sipUriSchema, ...ringShape }).strict();

/** Ring several numbers, one after another or all at once. */
export const ringStepSchema = z
  .object({
    type: z.literal('ring'),
    strategy: z.enum(['sequential', 'simultaneous']).meta({ description: '`sequential` rings each in turn for `timeout` seconds; `simultaneous` rings all and connects the first to answer.' }),
    targets: z.array(z.union([e164Schema, sipUriSchema])).min(2).max(10),
    ...ringShape,
  })
  .strict();

/** Hold the caller in a queue until an agent takes the call. */
export const queueStepSchema = z
  .object({
    type: z.literal('queue'),
    queue: z.string().min(1).max(64).regex(/^[A-Za-z0-9 _.-]+$/, { error: 'expected a queue name of letters, digits, spaces, "_", "." or "-"' }),
    holdMusic: httpUrlSchema.optional().meta({ description: 'URL Twilio requests while the caller waits (TwiML or audio).' }),
    maxWait: z.number().int().min(10).max(3600).default(300).meta({ description: 'Seconds a caller waits before `onTimeout`.' }),
    onTimeout: stepNameSchema.optional().meta({ description: 'Next step when nobody takes the call within `maxWait`.' }),
    onFailure: stepNameSchema.optional().meta({ description: 'Next step when the call cannot be queued.' }),
  })
  .strict();

/** Take a message. */
export const voicemailStepSchema = z
  .object({
    type: z.literal('voicemail'),
    greeting: promptSchema,
    maxLength: z.number().int().min(5).max(3600).default(120).meta({ description: 'Longest message in seconds.' }),
    transcribe: z.boolean().default(false),
    notify: z
      .object({
        webhook: httpUrlSchema.optional().meta({ description: 'Told about the recording (and the transcription, when `transcribe`).' }),
        email: z.email().optional().meta({ description: 'Sent the recording through the plan’s `mailer` webhook.' }),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Join a conference room. */
export const conferenceStepSchema = z
  .object({
    type: z.literal('conference'),
    room: z.string().min(1).max(64).regex(/^[A-Za-z0-9 _.-]+$/, { error: 'expected a room name of letters, digits, spaces, "_", "." or "-"' }),
    record: z.boolean().optional(),
  })
  .strict();

/** End the call, after an optional message. */
export const hangupStepSchema = z.object({ type: z.literal('hangup'), message: promptSchema.optional() }).strict();

/** Play a message, then go on. */
export const sayStepSchema = z.object({ type: z.literal('say'), message: promptSchema, next: stepNameSchema }).strict();

/** One choice in a menu. */
export const menuOptionSchema = z
  .object({
    digits: z.string().regex(/^[0-9*#]{1,4}$/, { error: 'expected 1 to 4 keypad characters (0-9, * or #)' }).optional(),
    speech: z.array(z.string().min(1).max(64).regex(/^(?=.*[^\s.,?!])[^,.?!{}%]+$/, { error: 'expected words without punctuation or braces (list each phrase separately; "sales", not "sales.")' })).min(1).max(10).optional().meta({ description: 'Words that choose this option when spoken.' }),
    label: z.string().min(1).max(64).optional().meta({ description: 'What the option is, for diagrams and diffs ("Sales").' }),
    next: stepNameSchema,
  })
  .strict();

/** An IVR menu: a prompt, then digits or speech choose the next step. */
export const menuStepSchema = z
  .object({
    type: z.literal('menu'),
    prompt: promptSchema,
    options: z.array(menuOptionSchema).min(1).max(12),
    timeout: z.number().int().min(1).max(60).default(5).meta({ description: 'Seconds to wait for input after the prompt.' }),
    retries: z.number().int().min(0).max(5).default(2).meta({ description: 'Times the menu is offered again after no input or an invalid choice.' }),
    reprompt: promptSchema.optional().meta({ description: 'Said before the prompt on each retry (e.g. "Sorry, I did not get that.").' }),
    onTimeout: stepNameSchema.optional().meta({ description: 'Next step when the caller gives no input on the last try.' }),
    onInvalid: stepNameSchema.optional().meta({ description: 'Next step when the last try’s input matches no option.' }),
  })
  .strict();

/** Days a schedule window applies to. */
export const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type DayName = (typeof DAY_NAMES)[number];
export const daySetSchema = z.enum([...DAY_NAMES, 'weekdays', 'weekends', 'daily']);

const clockTimeSchema = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: 'expected a 24-hour time "HH:MM" (00:00 to 24:00)' });

/** Opening hours: on these days, from `from` until `to` (a `to` earlier than `from` runs past midnight). */
export const scheduleWindowSchema = z
  .object({
    days: z.array(daySetSchema).min(1),
    from: clockTimeSchema,
    to: clockTimeSchema,
    next: stepNameSchema,
  })
  .strict();

/** Whole days, in the schedule's time zone, that take their own path (public holidays, closures). */
export const holidayCalendarSchema = z
  .object({
    name: z.string().min(1).max(64),
    dates: z.array(z.iso.date({ error: 'expected a date "YYYY-MM-DD"' })).min(1).max(400),
    next: stepNameSchema,
  })
  .strict();

/** An IANA time zone Node knows (e.g. "America/New_York"). */
export const timeZoneSchema = z.string().refine(isKnownTimeZone, { error: 'expected an IANA time zone such as "America/New_York" or "Europe/London"' });

/** Route by time of day and day of week, with holidays first. */
export const scheduleStepSchema = z
  .object({
    type: z.literal('schedule'),
    timeZone: timeZoneSchema.optional().meta({ description: 'Defaults to the plan’s `timeZone`.' }),
    holidays: z.array(holidayCalendarSchema).optional(),
    windows: z.array(scheduleWindowSchema).min(1),
    otherwise: stepNameSchema.optional().meta({ description: 'Next step outside every window; required unless the windows cover the whole week.' }),
  })
  .strict();

/** One caller-geography rule; exactly one of `countries`, `regions` or `areaCodes`. */
export const geoRouteSchema = z
  .object({
    countries: z.array(z.string().regex(/^[A-Z]{2}$/, { error: 'expected an ISO 3166 country code such as "US"' })).min(1).optional(),
    regions: z.array(z.string().regex(/^[A-Z]{2}$/, { error: 'expected a two-letter state or province code such as "CA"' })).min(1).optional(),
    areaCodes: z.array(z.string().regex(/^[2-9]\d{2}$/, { error: 'expected a three-digit North American area code such as "415"' })).min(1).optional(),
    next: stepNameSchema,
  })
  .strict();

/** Route by where the caller's number is from: country, US state / Canadian province, or North American area code. */
export const geoStepSchema = z
  .object({
    type: z.literal('geo'),
    routes: z.array(geoRouteSchema).min(1),
    otherwise: stepNameSchema,
  })
  .strict();

/** Call screening: callers on (or off) a list take another path. */
export const screenStepSchema = z
  .object({
    type: z.literal('screen'),
    mode: z.enum(['block', 'allow']).meta({ description: '`block`: listed callers are rejected; `allow`: only listed callers get through.' }),
    numbers: z.array(e164Schema).min(1).max(500),
    onRejected: stepNameSchema,
    next: stepNameSchema,
  })
  .strict();

/** Share callers between branches by percentage (A/B tests, load sharing). */
export const splitStepSchema = z
  .object({
    type: z.literal('split'),
    branches: z
      .array(z.object({ percent: z.number().int().min(1).max(99), label: z.string().min(1).max(64).optional(), next: stepNameSchema }).strict())
      .min(2)
      .max(10),
  })
  .strict();

/** Every kind of step, told apart by `type`. */
export const stepSchema = z.discriminatedUnion('type', [
  forwardStepSchema,
  sipStepSchema,
  ringStepSchema,
  queueStepSchema,
  voicemailStepSchema,
  conferenceStepSchema,
  hangupStepSchema,
  sayStepSchema,
  menuStepSchema,
  scheduleStepSchema,
  geoStepSchema,
  screenStepSchema,
  splitStepSchema,
]);

/** A routing plan: where a call starts and every step it can take. */
export const routingPlanSchema = z
  .object({
    description: z.string().max(500).optional(),
    start: stepNameSchema.meta({ description: 'The first step of every call.' }),
    timeZone: timeZoneSchema.optional().meta({ description: 'Default time zone of schedule steps.' }),
    voice: z.string().min(1).max(64).default('Polly.Joanna').meta({ description: 'Default text-to-speech voice.' }),
    language: z.string().regex(/^[a-z]{2,3}-[A-Z]{2}$/).default('en-US').meta({ description: 'Default text-to-speech language.' }),
    callerId: callerIdSchema.default('caller'),
    recording: z
      .object({ disclosure: promptSchema.meta({ description: 'Played to every caller before anything else when any step records.' }) })
      .strict()
      .optional(),
    mailer: httpUrlSchema.optional().meta({ description: 'Webhook that e-mails voicemail (POSTed `to`, `recording_url`, `transcription`); needed by `notify.email`.' }),
    // Step names and the number of steps are checked by checkRoutingPlan, whose messages name the step and the fix.
    steps: z.record(z.string(), stepSchema).meta({ description: 'Every step, by name (letters, digits and single underscores).' }),
  })
  .strict();

/** A file of plans, as YAML or JSON: `plans: { support: {...}, sales: {...} }`. */
export const routingPlanFileSchema = z.object({ plans: z.record(z.string(), routingPlanSchema) }).strict();

export type Prompt = z.output<typeof promptSchema>;
export type CallerId = z.output<typeof callerIdSchema>;
export type ForwardStep = z.output<typeof forwardStepSchema>;
export type SipStep = z.output<typeof sipStepSchema>;
export type RingStep = z.output<typeof ringStepSchema>;
export type QueueStep = z.output<typeof queueStepSchema>;
export type VoicemailStep = z.output<typeof voicemailStepSchema>;
export type ConferenceStep = z.output<typeof conferenceStepSchema>;
export type HangupStep = z.output<typeof hangupStepSchema>;
export type SayStep = z.output<typeof sayStepSchema>;
export type MenuOption = z.output<typeof menuOptionSchema>;
export type MenuStep = z.output<typeof menuStepSchema>;
export type ScheduleWindow = z.output<typeof scheduleWindowSchema>;
export type HolidayCalendar = z.output<typeof holidayCalendarSchema>;
export type ScheduleStep = z.output<typeof scheduleStepSchema>;
export type GeoRoute = z.output<typeof geoRouteSchema>;
export type GeoStep = z.output<typeof geoStepSchema>;
export type ScreenStep = z.output<typeof screenStepSchema>;
export type SplitStep = z.output<typeof splitStepSchema>;
/** Any step, after validation (defaults filled, numbers in E.164). */
export type Step = z.output<typeof stepSchema>;
/** The kinds of step. */
export type StepType = Step['type'];
/** A validated routing plan. */
export type RoutingPlan = z.output<typeof routingPlanSchema>;
/** A routing plan as an author writes it (defaults optional, numbers in any format). */
export type RoutingPlanInput = z.input<typeof routingPlanSchema>;
/** A validated file of plans. */
export type RoutingPlanFile = z.output<typeof routingPlanFileSchema>;

/** Typed identity for authoring plans in TypeScript: `export const support = definePlan({ start: "hours", steps: {...} })`. */
export function definePlan<const P extends RoutingPlanInput>(plan: P): P {
  return plan;
}

/** True when the runtime's time-zone database knows the zone. */
export function isKnownTimeZone(zone: string): boolean {
  let known = knownZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      known = zone.includes('/') || zone === 'UTC';
    } catch {
      known = false;
    }
    // Building a formatter costs about a millisecond; a 1,000-step plan names few zones many times.
    if (knownZones.size < 1000) knownZones.set(zone, known);
  }
  return known;
}

const knownZones = new Map<string, boolean>();
