/**
 * The lifecycle contract every resource handler keeps, run against the real handlers with each carrier as the
 * provider's default: `check` (including what the carrier refuses at plan time, named by field), `diff`, and the
 * core's planning over values not known yet (src/core/unknowns.ts), which both adapters use. None of it may call a
 * carrier. Create, read, update, delete and import on every carrier run against the sandbox
 * (test/integration/resource-*.test.ts).
 */
import type { ResourceHandler } from '../../src/core/lifecycle';
import { diffKnown, UNKNOWN } from '../../src/core/unknowns';

type Props = Record<string, unknown>;

/** What the contract needs to know about one handler. */
export interface LifecycleContractCase<I extends object, O extends object> {
  /** The resource, as the tests name it. */
  readonly name: string;
  /** The real handler, built with a carrier it must not call during check and diff. */
  readonly handler: ResourceHandler<I, O>;
  /** Raw inputs, as a user writes them, that pass `check`. */
  readonly valid: Props;
  /** The outputs recorded after creating `inputs` (the checked `valid`): the state is the two together. */
  readonly recordedOutputs: (inputs: I) => O | Promise<O>;
  /** Raw inputs `check` must refuse, and the field its problem must name. */
  readonly invalid: { readonly news: Props; readonly field: string };
  /**
   * Inputs well-formed in themselves that the carrier refuses at plan time (a Twilio-only field on a Telnyx number, a
   * carrier the provider is not configured for), each named by its field; `handler` when another configuration shows it.
   */
  readonly refusals?: readonly { readonly news: Props; readonly field: string; readonly handler?: ResourceHandler<I, O> }[];
  /** The top-level fields whose change may replace the resource, as its docs promise (the rules must agree). */
  readonly replacing: readonly string[];
  /** Whether a replacement deletes the old resource before creating the new one. */
  readonly deleteBeforeReplace: boolean;
  /** A field changed in place: the contract makes it unknown and expects an update (none where every change replaces). */
  readonly inPlaceField?: string;
  /** Known changes that replace, when the handler can judge them without asking the carrier. */
  readonly replacements?: readonly { readonly news: Props; readonly field: string }[];
}

/** Registers the contract's tests for one handler (call inside a test file). */
export function describeLifecycleContract<I extends object, O extends object>(c: LifecycleContractCase<I, O>): void {
  const { handler } = c;
  const id = 'ID-under-contract';
  const recorded = async () => {
    const checked = await handler.check({ news: c.valid });
    if (!checked.inputs) throw new Error(`${c.name}: the contract's valid inputs fail check: ${JSON.stringify(checked.failures)}`);
    const inputs = checked.inputs;
    return { inputs, state: { ...inputs, ...(await c.recordedOutputs(inputs)) } };
  };

  describe(`the ${c.name} handler keeps the lifecycle contract`, () => {
    it('check accepts valid inputs without errors, and gives the same answer twice', async () => {
      const first = await handler.check({ news: c.valid });
      expect(first.inputs).toBeDefined();
      expect(first.failures.filter((d) => d.severity === 'error')).toEqual([]);
      expect(await handler.check({ news: c.valid })).toEqual(first);
    });

    it('check refuses bad input, naming the field, without inputs', async () => {
      const refused = await handler.check({ news: c.invalid.news });
      expect(refused.inputs).toBeUndefined();
      expect(refused.failures.map((d) => d.field)).toContain(c.invalid.field);
    });

    for (const refusal of c.refusals ?? []) {
      it(`check refuses what the carrier cannot do at plan time, on \`${refusal.field}\`: ${JSON.stringify(refusal.news)}`, async () => {
        const refused = await (refusal.handler ?? handler).check({ news: refusal.news });
        expect(refused.inputs).toBeUndefined();
        expect(refused.failures.filter((d) => d.severity === 'error').map((d) => d.field)).toEqual([refusal.field]);
      });
    }

    it('check turns its own answer into itself: checked inputs pass again unchanged', async () => {
      const { inputs } = await recorded();
      expect((await handler.check({ news: inputs })).inputs).toEqual(inputs);
    });

    it('the diff of the inputs it was created with is empty', async () => {
      const { inputs, state } = await recorded();
      expect(await handler.diff({ id, olds: state, news: inputs })).toMatchObject({ changes: false, replaces: [], updates: [] });
    });

    it('declares field rules, and each describes itself for the docs', () => {
      expect(handler.fieldRules?.length).toBeGreaterThan(0);
      for (const rule of handler.fieldRules ?? []) expect(rule.description).toMatch(new RegExp(`\`${rule.field}\``));
    });

    for (const { news, field } of c.replacements ?? []) {
      it(`a known change to \`${field}\` replaces the resource${c.deleteBeforeReplace ? ', deleting the old one first' : ', creating the new one first'}`, async () => {
        const { state } = await recorded();
        const checked = await handler.check({ news });
        const diff = await handler.diff({ id, olds: state, news: checked.inputs! });
        expect(diff.replaces).toEqual([field]);
        expect(diff.deleteBeforeReplace ?? false).toBe(c.deleteBeforeReplace);
      });
    }

    it(`the field rules at its carrier say that exactly ${c.replacing.map((f) => `\`${f}\``).join(', ') || 'nothing'} may replace it`, async () => {
      const { state } = await recorded();
      const rules = handler.fieldRulesFor?.(state as never) ?? handler.fieldRules ?? [];
      const replacing = rules.filter((rule) => rule.effect === 'replace').map((rule) => rule.field);
      expect([...replacing].sort()).toEqual([...c.replacing].sort());
    });

    const unknownDiff = async (field: string) => {
      const { inputs, state } = await recorded();
      return diffKnown(handler, { id, olds: state, news: { ...inputs, [field]: UNKNOWN }, recorded: inputs as Props });
    };

    for (const field of c.replacing) {
      it(`a \`${field}\` not known yet is planned as a replacement${c.deleteBeforeReplace ? ', deleting the old one first' : ''}`, async () => {
        const diff = await unknownDiff(field);
        expect(diff).toMatchObject({ changes: true, replaces: [field] });
        expect(diff.deleteBeforeReplace ?? false).toBe(c.deleteBeforeReplace);
      });
    }

    it(`${c.inPlaceField ? `a \`${c.inPlaceField}\` not known yet, or ` : ''}any other field that does not replace, not known yet, is planned as an update in place`, async () => {
      const { inputs } = await recorded();
      for (const field of new Set([...(c.inPlaceField ? [c.inPlaceField] : []), ...Object.keys(inputs)])) {
        if (c.replacing.includes(field)) continue;
        expect(await unknownDiff(field)).toMatchObject({ changes: true, replaces: [], updates: [field] });
      }
    });
  });
}
