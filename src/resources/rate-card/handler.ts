/**
 * The RateCard lifecycle: a rate card as products, prices and meters on the billing provider.
 *
 * - check reads the card (object or YAML/JSON text) through `checkRateCard`, every problem on its `card.…` path,
 *   and the key through the naming rules, before any API call;
 * - create and update bring the provider to the card (apply-card.ts): found before created, derived idempotency keys,
 *   a changed amount as a new price that takes over the lookup key and the subscriptions of the old one;
 * - read reports what is there now (read-card.ts), and diff compares it with the card, so an archived or replaced
 *   price is drift that the next update puts back;
 * - delete archives and deactivates, never deletes (retire-card.ts);
 * - import takes the card key and reads the card back from its prices (import-card.ts).
 *
 * The resource id is the card key. A create that fails part-way leaves what it made, marked with this resource's
 * owner metadata; the next create finds and finishes it rather than making it again.
 */
import type { Billing } from '../../billing/billing';
import { cardKeyFrom, cardKeyProblem } from '../../billing/rate-card-keys';
import { errorDiagnostic, hasErrors, zodIssuesToDiagnostics, type Diagnostic } from '../../core/diagnostics';
import { ValidationError } from '../../core/errors';
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
import { resourceNameFromUrn } from '../routing-plan/handler';
import { applyCard } from './apply-card';
import { readCardSource } from './card-source';
import { planCatalogue, plannedTerms, sameCard, type CataloguePlan } from './catalogue-plan';
import { findCard } from './import-card';
import { RATE_CARD_FIELD_RULES, rateCardInputsSchema, type RateCardOutputs, type RateCardResourceInputs } from './model';
import { readCard } from './read-card';
import { retireCard } from './retire-card';

/** What the handler is built from. */
export interface RateCardHandlerDependencies {
  /** The configured billing provider; the card lives in its catalogue. */
  readonly billing: Billing;
}

type RateCardState = ResourceState<RateCardResourceInputs, RateCardOutputs>;

/** Outputs that are only known once the provider has made the objects. */
const PROVIDER_IDS = ['products', 'prices', 'meters'] as const;

/** Builds the RateCard handler around the configured billing provider. */
export function createRateCardHandler(deps: RateCardHandlerDependencies) {
  const catalogue = deps.billing.catalogue;

  /** The plan for inputs under a card key and owner. */
  const planOf = (inputs: RateCardResourceInputs, cardKey: string, owner: string): CataloguePlan =>
    planCatalogue({ cardKey, owner, card: inputs.card, ...(inputs.name !== undefined ? { namePrefix: inputs.name } : {}) });

  /** Whether the provider differs from what the card asks: another price or amount, a missing product or meter. */
  const drifted = (plan: CataloguePlan, olds: RateCardState): boolean => {
    const events = plan.lines.flatMap((line) => (line.meter ? [line.meter.eventName] : []));
    return (
      !deepEqual(plannedTerms(plan), olds.priceTerms ?? {}) ||
      !sameKeys(Object.keys(olds.prices ?? {}), Object.keys(plannedTerms(plan))) ||
      !sameKeys(Object.keys(olds.products ?? {}), plan.lines.map((line) => line.lineKey)) ||
      !sameKeys(Object.keys(olds.meters ?? {}), events)
    );
  };

  const handler = {
    fieldRules: RATE_CARD_FIELD_RULES,

    async check(request: CheckRequest): Promise<CheckResponse<RateCardResourceInputs>> {
      const parsed = rateCardInputsSchema.safeParse(request.news ?? {});
      if (!parsed.success) return { failures: zodIssuesToDiagnostics(parsed.error) };
      const { key, card, name, migration } = parsed.data;
      const failures: Diagnostic[] = [];
      if (key !== undefined) {
        const problem = cardKeyProblem(key);
        if (problem) failures.push(errorDiagnostic(`the card key ${problem}`, { field: 'key', detail: 'prices and meters are named didops.<key>.…; choose letters, digits and dashes' }));
      } else {
        const resourceName = resourceNameFromUrn(request.urn);
        if (resourceName !== undefined && cardKeyFrom(resourceName) === undefined) {
          failures.push(errorDiagnostic(`the resource name "${resourceName}" gives no card key`, { field: 'key', detail: 'set `key` to lower-case letters, digits and dashes, e.g. "retail"' }));
        }
      }
      const source = readCardSource(card);
      failures.push(...source.diagnostics);
      if (!source.card || hasErrors(failures)) return { failures };
      const inputs: RateCardResourceInputs = { card: source.card, migration, ...(key !== undefined ? { key } : {}), ...(name !== undefined ? { name } : {}) };
      return { inputs, failures };
    },

    async diff(request: DiffRequest<RateCardResourceInputs, RateCardOutputs>): Promise<DiffResponse> {
      const { olds, news } = request;
      const fields = diffFields(olds, news, RATE_CARD_FIELD_RULES, { unlisted: 'ignore' });
      const replaces = [...fields.replaces];
      const updates = [...fields.updates];
      const explanation = [...fields.explanation];
      const newKey = news.key ?? olds.cardKey;
      if (newKey !== olds.cardKey) {
        replaces.push('key');
        explanation.push(`key: "${olds.cardKey}" → "${newKey}" (replace) ${RATE_CARD_FIELD_RULES[0].description}`);
      }
      if (news.card.currency !== olds.currency) {
        replaces.push('card');
        explanation.push(`card.currency: "${olds.currency}" → "${news.card.currency}" (replace) ${RATE_CARD_FIELD_RULES[1].description}`);
      } else if (!sameCard(olds.card, news.card) || drifted(planOf(news, olds.cardKey, olds.owner), olds)) {
        updates.push('card');
        explanation.push(...cardChanges(planOf(news, olds.cardKey, olds.owner), olds));
      }
      return { changes: replaces.length + updates.length > 0, replaces, updates, explanation };
    },

    async create(request: CreateRequest<RateCardResourceInputs>): Promise<CreateResponse<RateCardOutputs>> {
      const { inputs, identity } = request;
      const cardKey = inputs.key ?? cardKeyFrom(identity.name);
      if (cardKey === undefined) {
        throw new ValidationError({ field: 'key', summary: `the resource name "${identity.name}" gives no card key`, detail: 'set `key` to lower-case letters, digits and dashes, e.g. "retail"' });
      }
      const owner = identityKey(identity);
      const plan = planOf(inputs, cardKey, owner);
      if (request.preview) {
        return { id: cardKey, outputs: { cardKey, owner, currency: plan.currency, products: {}, prices: {}, meters: {}, priceTerms: plannedTerms(plan) }, unknowns: [...PROVIDER_IDS] };
      }
      return { id: cardKey, outputs: await applyCard({ catalogue, plan, migration: inputs.migration }) };
    },

    async read(request: ReadRequest<RateCardResourceInputs, RateCardOutputs>): Promise<ReadResponse<RateCardResourceInputs, RateCardOutputs>> {
      const { state } = request;
      const outputs = await readCard(catalogue, planOf(state, state.cardKey, state.owner), recordOf(state));
      return outputs ? { id: request.id, outputs } : null;
    },

    async update(request: UpdateRequest<RateCardResourceInputs, RateCardOutputs>): Promise<UpdateResponse<RateCardOutputs>> {
      const { olds, news } = request;
      const plan = planOf(news, olds.cardKey, olds.owner);
      if (request.preview) {
        const outputs = { ...outputsOf(olds), priceTerms: plannedTerms(plan) };
        return drifted(plan, olds) ? { outputs, unknowns: [...PROVIDER_IDS] } : { outputs };
      }
      return { outputs: await applyCard({ catalogue, plan, migration: news.migration, recorded: recordOf(olds) }) };
    },

    async delete(request: DeleteRequest<RateCardResourceInputs, RateCardOutputs>): Promise<void> {
      await retireCard(catalogue, request.state.owner, recordOf(request.state));
    },

    async import(request: ImportRequest): Promise<ImportResponse<RateCardResourceInputs, RateCardOutputs>> {
      const found = await findCard(catalogue, request.id);
      const inputs: RateCardResourceInputs = { key: request.id, card: found.card, migration: 'nextPeriod' };
      const outputs = await readCard(catalogue, planOf(inputs, request.id, found.owner), { products: {}, prices: {}, meters: {} });
      // findCard found active prices, so readCard finds them too.
      return { id: request.id, inputs, outputs: outputs ?? { cardKey: request.id, owner: found.owner, currency: found.card.currency, products: {}, prices: {}, meters: {}, priceTerms: {} } };
    },
  } satisfies ResourceHandler<RateCardResourceInputs, RateCardOutputs>;
  return handler;
}

/** The handler's type, for adapters. */
export type RateCardHandler = ReturnType<typeof createRateCardHandler>;

function recordOf(state: Partial<RateCardOutputs>): { products: Record<string, string>; prices: Record<string, string>; meters: Record<string, string> } {
  return { products: state.products ?? {}, prices: state.prices ?? {}, meters: state.meters ?? {} };
}

function outputsOf(state: RateCardState): RateCardOutputs {
  return { cardKey: state.cardKey, owner: state.owner, currency: state.currency, products: state.products, prices: state.prices, meters: state.meters, priceTerms: state.priceTerms };
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && new Set([...a, ...b]).size === a.length;
}

/** One line per price that changes, appears or goes, for the preview; or why the card updates when no price does. */
function cardChanges(plan: CataloguePlan, olds: RateCardState): string[] {
  const wanted = plannedTerms(plan);
  const had = olds.priceTerms ?? {};
  const lines: string[] = [];
  for (const [lookupKey, terms] of Object.entries(wanted)) {
    if (had[lookupKey] === undefined) lines.push(`card: ${lookupKey}: new price ${terms}`);
    else if (had[lookupKey] !== terms) lines.push(`card: ${lookupKey}: ${had[lookupKey]} → ${terms} (new price; subscriptions move to it, the old one is archived)`);
    else if (olds.prices?.[lookupKey] === undefined) lines.push(`card: ${lookupKey}: price missing on the billing provider (made again)`);
  }
  for (const lookupKey of Object.keys(had)) if (wanted[lookupKey] === undefined) lines.push(`card: ${lookupKey}: removed (price archived)`);
  return lines.length > 0 ? lines : ['card: changed (update in place: products, meters or price metadata)'];
}
