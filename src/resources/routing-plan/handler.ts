/**
 * The RoutingPlan lifecycle: a routing plan compiled and deployed as one Twilio Studio flow.
 *
 * - create publishes the compiled flow, never twice: every flow carries the resource's ownership marker, and create
 *   adopts a flow with its marker (left by a run that died before its state was written) before it creates one;
 * - update saves the new definition as a draft revision and only then publishes it, so the live flow changes only
 *   once the new revision is stored;
 * - read compares the live definition with the deployed one, so an edit in the Studio console shows as drift and
 *   the next deploy publishes the plan again;
 * - delete refuses while numbers still send their calls to the flow, naming them.
 */
import { createHash } from 'node:crypto';
import type { Carrier, OwnedNumber } from '../../carriers/carrier';
import type { CarrierSet } from '../../carriers/carrier-set';
import type { FlowUpdate } from '../../carriers/studio';
import { errorDiagnostic, hasErrors, zodIssuesToDiagnostics, type Diagnostic } from '../../core/diagnostics';
import { ConflictError, DidopsError, type DidopsErrorOptions, ValidationError, toDiagnostics } from '../../core/errors';
import { canonicalJson } from '../../core/idempotency';
import { createAtMostOnce } from '../../core/lost-answer';
import {
  deepEqual,
  diffFields,
  identityKey,
  type CheckRequest,
  type CheckResponse,
  type CreateRequest,
  type CreateResponse,
  type DeleteRequest,
  type DiffRequest,
  type DiffResponse,
  type ImportRequest,
  type ImportResponse,
  type ReadRequest,
  type ReadResponse,
  type ResourceHandler,
  type ResourceState,
  type UpdateRequest,
  type UpdateResponse,
} from '../../core/lifecycle';
import { validateRoutingPlan } from '../../routing/check';
import { diffRoutingPlans } from '../../routing/diff';
import { formatNumber } from '../../routing/describe';
import { compileRoutingPlan, compiledSizeDiagnostics, type StudioFlowDefinition } from '../../routing/compile';
import type { RoutingPlan } from '../../routing/model';
import { purchaseTag, readMarker, withMarker } from '../../carriers/ownership-marker';
import { isWebhookOf } from '../../carriers/studio-webhook';
import {
  routingPlanInputsSchema,
  ROUTING_PLAN_OUTPUT_FIELDS,
  STUDIO_FRIENDLY_NAME_LIMIT,
  type RoutingPlanOutputs,
  type RoutingPlanResourceInputs,
  ROUTING_PLAN_FIELD_RULES,
} from './model';
import { readPlanSource } from './plan-source';
import { StudioFlows, type StudioFlow } from './studio-flows';

/** What the handler is built from. */
export interface RoutingPlanHandlerDependencies {
  /** The configured carriers; plans run on the Twilio one's Studio. */
  readonly carriers: CarrierSet;
  /** Attempts at a flow creation whose answer was lost, each after looking for it by tag (default 3). */
  readonly createAttempts?: number;
  /** Waits between attempts and retries; tests pass a no-op. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The webhooks of a number through which a call or a message reaches a Studio flow, with how messages name them. */
const FLOW_BINDINGS: readonly [(n: OwnedNumber) => string, string][] = [
  [(n) => n.voice.url, 'voice URL'],
  [(n) => n.voice.fallbackUrl, 'voice fallback URL'],
  [(n) => n.messaging.url, 'SMS URL'],
  [(n) => n.messaging.fallbackUrl, 'SMS fallback URL'],
];

/** The name a plan goes by when the engine did not say which resource it belongs to. */
export const UNNAMED_PLAN = 'plan';

/** sha256 (hex) of a flow definition's canonical JSON (keys sorted), so the compiled and the live definition compare equal. */
export function definitionDigest(definition: unknown): string {
  return createHash('sha256').update(canonicalJson(definition), 'utf8').digest('hex');
}

/**
 * The resource name in a URN: Pulumi's `urn:pulumi:stack::project::type::name`, or the Terraform adapter's
 * `terraform:<scope>:<type>:<key>`. Plans go by it in messages, as reviewers know them.
 */
export function resourceNameFromUrn(urn: string | undefined): string | undefined {
  if (!urn) return undefined;
  if (urn.startsWith('urn:pulumi:')) return urn.slice(urn.lastIndexOf('::') + 2) || undefined;
  const terraform = /^terraform:.*:didops_[a-z_]+:(.+)$/.exec(urn);
  return terraform ? terraform[1] : undefined;
}

/** `name [didops:tag]` within Studio's 255 characters (the shared `withMarker` keeps Twilio numbers' 64). */
export function flowNameWithMarker(name: string, tag: string): string {
  return withMarker(name, tag, STUDIO_FRIENDLY_NAME_LIMIT);
}

/** Most caller-facing changes listed in a preview; `didops routing diff` shows them all. */
const MAX_CALLER_NOTES = 12;

/**
 * What callers will notice, in the reviewer's words, for the preview: the same sentences as
 * `didops routing diff` ("Weekdays 18:00–09:00 America/New_York: now voicemail, was +1 415 555 0100").
 */
function callerNotes(olds: ResourceState<RoutingPlanResourceInputs, RoutingPlanOutputs>, news: RoutingPlanResourceInputs): string[] {
  // Recorded plans are validated objects; anything else (an old state, a text) just goes without the notes.
  if (typeof olds.plan !== 'object' || olds.plan === null) return [];
  const name = olds.planName || UNNAMED_PLAN;
  let changes: readonly string[];
  try {
    changes = diffRoutingPlans({ name, plan: olds.plan }, { name, plan: news.plan }).callerChanges;
  } catch {
    return []; // The notes are for people; a plan they cannot describe must not stop the deploy.
  }
  const shown = changes.slice(0, MAX_CALLER_NOTES).map((c) => `plan: callers will notice: ${c}`);
  if (changes.length > MAX_CALLER_NOTES) shown.push(`plan: … and ${changes.length - MAX_CALLER_NOTES} more (didops routing diff lists them all)`);
  return shown;
}

/** Builds the RoutingPlan handler around the carrier that runs Studio (Twilio). */
export function createRoutingPlanHandler(deps: RoutingPlanHandlerDependencies) {
  // Built on first use: a stack whose provider has no Twilio configuration can still validate its plans.
  let studioCarrier: { carrier: Carrier; flows: StudioFlows } | undefined;
  const studio = () => {
    if (!studioCarrier) {
      const carrier = deps.carriers.get('twilio');
      studioCarrier = { carrier, flows: new StudioFlows(carrier.studio!) };
    }
    return studioCarrier;
  };
  const flows = {
    read: (sid: string, revision: number | undefined) => studio().flows.read(sid, revision),
    fetch: (sid: string) => studio().flows.fetch(sid),
    list: () => studio().flows.list(),
    create: (name: string, definition: StudioFlowDefinition, message: string) => studio().flows.create(name, definition, message),
    update: (sid: string, update: FlowUpdate, operation: string) => studio().flows.update(sid, update, operation),
    remove: (sid: string) => studio().flows.remove(sid),
  };
  const createAttempts = deps.createAttempts ?? 3;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  /** The flow of the account carrying `tag` (what a crashed create left behind), with its definition. */
  async function findTagged(tag: string): Promise<StudioFlow | undefined> {
    const listed = (await flows.list()).find((f) => readMarker(f.friendlyName ?? '').tag === tag);
    // The list leaves definitions out; the flow itself has it.
    return listed ? ((await flows.fetch(listed.sid)) ?? undefined) : undefined;
  }

  /** Creates the flow; a lost answer is looked for by tag before the creation is sent again. */
  async function createOnce(friendlyName: string, definition: StudioFlowDefinition, tag: string, commitMessage: string): Promise<StudioFlow> {
    return createAtMostOnce(() => flows.create(friendlyName, definition, commitMessage), { findLanded: () => findTagged(tag), attempts: createAttempts, sleep });
  }

  /**
   * Numbers that reach the flow, as `+1 415 555 0100 (PN…)`, or `(PN…, SMS URL)` when bound otherwise than by the
   * voice URL `routingPlan` writes: the console binds messaging to a flow the same way, and deleting the flow would
   * leave those messages unanswered too.
   */
  async function boundNumbers(flowSid: string): Promise<BoundNumber[]> {
    const owned = await studio().carrier.numbers.list();
    const bound: BoundNumber[] = [];
    for (const n of owned) {
      const via = FLOW_BINDINGS.filter(([urlOf]) => isWebhookOf(urlOf(n), flowSid)).map(([, label]) => label);
      if (via.length === 0) continue;
      const byVoiceUrl = via.length === 1 && via[0] === 'voice URL';
      bound.push({ label: `${formatNumber(n.e164)} (${n.id}${byVoiceUrl ? '' : `, ${via.join(', ')}`})`, byVoiceUrl });
    }
    return bound;
  }

  function outputsOf(flow: StudioFlow, known: { planName: string; ownershipTag: string | null; digest?: string; stateCount?: number }): RoutingPlanOutputs {
    const definition = flow.definition as StudioFlowDefinition | null;
    return {
      sid: flow.sid,
      webhookUrl: flow.webhookUrl || studio().carrier.studio!.webhookOf(flow.sid),
      revision: flow.revision,
      status: flow.status,
      definitionDigest: known.digest ?? (definition ? definitionDigest(definition) : ''),
      stateCount: known.stateCount ?? (Array.isArray(definition?.states) ? definition.states.length : 0),
      carrierFriendlyName: flow.friendlyName ?? '',
      planName: known.planName,
      ownershipTag: known.ownershipTag ?? readMarker(flow.friendlyName ?? '').tag ?? null,
    };
  }

  const handler = {
    fieldRules: ROUTING_PLAN_FIELD_RULES,

    async check(request: CheckRequest): Promise<CheckResponse<RoutingPlanResourceInputs>> {
      const name = resourceNameFromUrn(request.urn) ?? UNNAMED_PLAN;
      const parsed = routingPlanInputsSchema.safeParse(request.news ?? {});
      if (!parsed.success) return { failures: zodIssuesToDiagnostics(parsed.error) };
      // Plans run on Twilio Studio: a provider without Twilio credentials cannot deploy one, and says so now.
      const noStudio = deps.carriers.missing('twilio');
      if (noStudio) return { failures: [errorDiagnostic(`routing plans run on Twilio Studio, and ${noStudio.summary}`, { detail: noStudio.detail })] };
      const source = readPlanSource(parsed.data.plan, name);
      if (source.raw === undefined) return { failures: source.diagnostics };
      const validated = validateRoutingPlan(name, source.raw);
      const failures: Diagnostic[] = [...validated.diagnostics];
      if (validated.plan && !hasErrors(failures)) failures.push(...compileDiagnostics(validated.plan, name));
      if (!validated.plan || hasErrors(failures)) return { failures };
      const inputs: RoutingPlanResourceInputs = { plan: validated.plan, retainOnDelete: parsed.data.retainOnDelete };
      if (parsed.data.friendlyName !== undefined) inputs.friendlyName = parsed.data.friendlyName;
      // Warnings go along with the inputs: adapters show them and carry on.
      return { inputs, failures };
    },

    async diff(request: DiffRequest<RoutingPlanResourceInputs, RoutingPlanOutputs>): Promise<DiffResponse> {
      const { olds, news } = request;
      const updates: string[] = [];
      const explanation: string[] = [];
      const compiled = compileRoutingPlan(news.plan, { name: olds.planName || UNNAMED_PLAN });
      const digest = definitionDigest(compiled);
      if (digest !== olds.definitionDigest || olds.status !== 'published') {
        updates.push('plan');
        explanation.push(
          olds.status !== 'published'
            ? `plan: the flow has an unpublished revision ${olds.revision} (edited outside didops); the plan is saved as a new revision and published`
            : `plan: the flow changes (digest ${short(olds.definitionDigest)} → ${short(digest)}, ${compiled.states.length} Studio states); it is saved as a new draft revision, then published`,
        );
        explanation.push(...callerNotes(olds, news));
      } else if (!deepEqual(olds.plan, news.plan)) {
        // Recorded so the engine keeps the new inputs (Pulumi diffs against recorded outputs); nothing is deployed.
        updates.push('plan');
        explanation.push('plan: changed, but it compiles to the same flow; only the recorded plan changes');
      }
      const wanted = expectedFlowName(news, olds);
      if (news.friendlyName !== olds.friendlyName || wanted !== olds.carrierFriendlyName) {
        updates.push('friendlyName');
        explanation.push(`friendlyName: ${JSON.stringify(olds.carrierFriendlyName)} → ${JSON.stringify(wanted)}`);
      }
      // The rest of the rules table (retainOnDelete) is plain comparison of the inputs.
      const byRules = diffFields(olds, news, ROUTING_PLAN_FIELD_RULES, { unlisted: 'ignore' });
      return { ...byRules, changes: updates.length + byRules.updates.length > 0, updates: [...updates, ...byRules.updates], explanation: [...explanation, ...byRules.explanation] };
    },

    async create(request: CreateRequest<RoutingPlanResourceInputs>): Promise<CreateResponse<RoutingPlanOutputs>> {
      const { inputs, identity } = request;
      const planName = identity.name;
      const definition = compileRoutingPlan(inputs.plan, { name: planName });
      const digest = definitionDigest(definition);
      if (request.preview) {
        return {
          id: '',
          outputs: {
            sid: '', webhookUrl: '', revision: 0, status: 'published', definitionDigest: digest, stateCount: definition.states.length,
            carrierFriendlyName: '', planName, ownershipTag: null,
          },
          unknowns: ['sid', 'webhookUrl', 'revision', 'carrierFriendlyName', 'ownershipTag'],
        };
      }
      const tag = purchaseTag(identityKey(identity));
      const friendlyName = flowNameWithMarker(inputs.friendlyName ?? planName, tag);
      const known = { planName, ownershipTag: tag };

      // A run that died after Studio made the flow: finish its job instead of making a second flow.
      const flow = (await findTagged(tag)) ?? (await createOnce(friendlyName, definition, tag, `didops: create ${planName}`));
      if (!flow.definition || definitionDigest(flow.definition) !== digest || flow.status !== 'published' || flow.friendlyName !== friendlyName) {
        // Only a flow found by its tag can differ (an earlier run's, maybe of an older plan): publish the plan on it.
        const fixed = await flows.update(flow.sid, { status: 'published', definition, friendlyName, commitMessage: `didops: create ${planName}` }, `publish Studio flow ${flow.sid}`);
        return { id: fixed.sid, outputs: outputsOf(fixed, known) };
      }
      return { id: flow.sid, outputs: outputsOf(flow, known) };
    },

    async read(request: ReadRequest<RoutingPlanResourceInputs, RoutingPlanOutputs>): Promise<ReadResponse<RoutingPlanResourceInputs, RoutingPlanOutputs>> {
      const { state } = request;
      // Only a state that recorded its definition's digest can stand in for a definition the listing leaves out.
      const found = await flows.read(request.id, state.definitionDigest ? state.revision : undefined);
      if (!found) return null;
      const { flow } = found;
      const planName = state.planName || UNNAMED_PLAN;
      // The live digest, not the recorded one: a flow edited in the console then differs from the plan, and the next
      // deploy publishes the plan again. A flow still at the recorded revision has the recorded definition.
      const recorded = found.unchanged ? { digest: state.definitionDigest, stateCount: state.stateCount } : {};
      const outputs = outputsOf(flow, { planName, ownershipTag: state.ownershipTag ?? null, ...recorded });
      const { name, tag } = readMarker(flow.friendlyName ?? '');
      const inputs: RoutingPlanResourceInputs = { plan: state.plan, retainOnDelete: state.retainOnDelete ?? false };
      // A name the user never set stays unset while it is the default and carries the marker; any other name is drift.
      const expectedTag = state.ownershipTag ?? readMarker(state.carrierFriendlyName ?? '').tag;
      if (state.friendlyName !== undefined || name !== planName || (expectedTag && tag !== expectedTag)) inputs.friendlyName = name;
      return { id: flow.sid, outputs, inputs };
    },

    async update(request: UpdateRequest<RoutingPlanResourceInputs, RoutingPlanOutputs>): Promise<UpdateResponse<RoutingPlanOutputs>> {
      const { olds, news } = request;
      const planName = olds.planName || UNNAMED_PLAN;
      const known = { planName, ownershipTag: olds.ownershipTag ?? readMarker(olds.carrierFriendlyName).tag ?? null };
      const definition = compileRoutingPlan(news.plan, { name: planName });
      const digest = definitionDigest(definition);
      const friendlyName = expectedFlowName(news, olds);
      const redeploy = digest !== olds.definitionDigest || olds.status !== 'published';
      const rename = friendlyName !== olds.carrierFriendlyName;
      if (request.preview) {
        return {
          outputs: { ...stateOutputs(olds), definitionDigest: digest, stateCount: definition.states.length, status: 'published', carrierFriendlyName: friendlyName },
          unknowns: redeploy || rename ? ['revision'] : [],
        };
      }
      if (!redeploy && !rename) return { outputs: stateOutputs(olds) };
      const message = `didops: update ${planName}`;
      if (redeploy) {
        // New revision first, then publish it: the live flow changes only once the new definition is saved. The
        // publish carries the definition again, so a console draft saved in between can never be what goes live.
        const draft = await flows.update(request.id, { status: 'draft', definition, commitMessage: message, ...(rename ? { friendlyName } : {}) }, `save a new revision of Studio flow ${request.id}`);
        const published = await flows.update(request.id, { status: 'published', definition, commitMessage: message }, `publish Studio flow ${request.id}`).catch((err: unknown) => {
          // The engine keeps the old state, so the next deploy saves and publishes again; say that nothing went live.
          throw unpublished(err, request.id, draft.revision);
        });
        return { outputs: outputsOf(published, { ...known, digest }) };
      }
      // A rename sends the definition too: the latest revision may be someone's console draft, never to be published.
      const renamed = await flows.update(request.id, { status: 'published', definition, friendlyName, commitMessage: message }, `rename Studio flow ${request.id}`);
      return { outputs: outputsOf(renamed, { ...known, digest }) };
    },

    async delete(request: DeleteRequest<RoutingPlanResourceInputs, RoutingPlanOutputs>): Promise<void> {
      const { state } = request;
      const flow = await flows.fetch(request.id);
      if (!flow) return;
      const planName = state.planName || UNNAMED_PLAN;
      if (state.retainOnDelete) {
        // Kept, but no longer didops': without its marker no later create adopts it. Numbers bound to it keep working.
        const name = readMarker(flow.friendlyName ?? '').name || planName;
        await flows.update(flow.sid, { status: flow.status === 'draft' ? 'draft' : 'published', friendlyName: name, definition: flow.definition as StudioFlowDefinition, commitMessage: `didops: detach ${planName}` }, `detach Studio flow ${flow.sid} from didops`);
        return;
      }
      const bound = await boundNumbers(flow.sid);
      if (bound.length > 0) throw stillBound(planName, flow.sid, bound);
      await flows.remove(flow.sid);
    },

    async import(request: ImportRequest): Promise<ImportResponse<RoutingPlanResourceInputs, RoutingPlanOutputs>> {
      const flow = /^FW[0-9a-fA-F]{32}$/.test(request.id) ? await flows.fetch(request.id) : undefined;
      if (!flow) {
        throw new ValidationError({ field: 'id', summary: `${request.id} is not a Studio flow of this Twilio account`, detail: 'import by the flow SID (FW…) the Twilio console shows' });
      }
      const { name, tag } = readMarker(flow.friendlyName ?? '');
      const outputs = outputsOf(flow, { planName: name || flow.sid, ownershipTag: tag ?? null });
      // A flow cannot be read back into a plan, so the imported state has none: the first apply publishes the
      // configured plan on this flow as a new revision, and numbers pointing at it keep their webhook.
      const inputs = { retainOnDelete: false } as RoutingPlanResourceInputs;
      return { id: flow.sid, outputs, inputs };
    },
  } satisfies ResourceHandler<RoutingPlanResourceInputs, RoutingPlanOutputs>;

  return handler;
}

/** The handler's type, for adapters. */
export type RoutingPlanHandler = ReturnType<typeof createRoutingPlanHandler>;

/** The outputs part of a recorded state. */
function stateOutputs(state: RoutingPlanOutputs): RoutingPlanOutputs {
  return Object.fromEntries(ROUTING_PLAN_OUTPUT_FIELDS.map((field) => [field, state[field] ?? null])) as unknown as RoutingPlanOutputs;
}

/** The FriendlyName the flow should have: the declared (or default) name, with the tag it was created with. */
function expectedFlowName(news: RoutingPlanResourceInputs, olds: RoutingPlanOutputs): string {
  const display = news.friendlyName ?? olds.planName ?? readMarker(olds.carrierFriendlyName).name;
  const tag = olds.ownershipTag ?? readMarker(olds.carrierFriendlyName).tag;
  return tag ? flowNameWithMarker(display, tag) : display;
}

/** Compiles a checked plan to catch what only compiling shows (too many Studio states); never throws. */
function compileDiagnostics(plan: RoutingPlan, name: string): Diagnostic[] {
  try {
    return compiledSizeDiagnostics(name, compileRoutingPlan(plan, { name }));
  } catch (err) {
    if (err instanceof ValidationError) return toDiagnostics(err);
    return [errorDiagnostic(`the plan does not compile: ${err instanceof Error ? err.message : String(err)}`, { field: `plans.${name}` })];
  }
}

/** A failed publication, on `plan`, saying that the saved draft is not live and what the next deploy does. */
function unpublished(err: unknown, flowSid: string, draftRevision: number): DidopsError {
  const error = err instanceof DidopsError ? err : new DidopsError({ summary: `publish Studio flow ${flowSid}: ${err instanceof Error ? err.message : String(err)}`, cause: err });
  const Kind = error.constructor as new (options: DidopsErrorOptions) => DidopsError;
  return new Kind({
    summary: error.summary,
    detail: `${error.detail ? `${error.detail}; ` : ''}the new plan is saved as a draft (revision ${draftRevision}) but not published: calls still follow the previously published revision; run the deploy again to publish it`,
    field: 'plan',
    cause: error.cause ?? err,
    status: error.status,
    code: error.code,
    requestId: error.requestId,
    moreInfo: error.moreInfo,
    retryable: error.retryable,
    source: error.source,
  });
}

/** A number that still reaches a flow, as messages show it. */
interface BoundNumber {
  /** `+1 415 555 0100 (PN…)`, with the webhooks named unless it is only the voice URL. */
  readonly label: string;
  /** Bound only by its voice URL, which is what `routingPlan` writes. */
  readonly byVoiceUrl: boolean;
}

function stillBound(planName: string, flowSid: string, bound: BoundNumber[]): ConflictError {
  const one = bound.length === 1;
  const numbers = bound.map((n) => n.label);
  if (bound.every((n) => n.byVoiceUrl)) {
    return new ConflictError({
      summary: `routing plan ${planName} is still the voice route of ${numbers.join(', ')}`,
      detail: `remove \`routingPlan\` from ${one ? 'that number' : 'those numbers'} first (or point ${one ? 'it' : 'them'} at another plan); the Studio flow ${flowSid} is kept until then`,
    });
  }
  return new ConflictError({
    summary: `routing plan ${planName} still answers ${numbers.join('; ')}`,
    detail: `point ${one ? 'that webhook' : 'those webhooks'} elsewhere first (remove \`routingPlan\` for a voice URL; change the others in code or in the Twilio console); the Studio flow ${flowSid} is kept until then`,
  });
}

function short(digest: string | null | undefined): string {
  return digest ? digest.slice(0, 12) : '(none)';
}
