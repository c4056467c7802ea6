/**
 * The BillingAccount lifecycle: a customer on the billing provider.
 *
 * - check validates the inputs and every tax id against its country's format (on `taxIds[i].value`), and refuses a
 *   `prepaidCredit` lower than the last one, before any API call;
 * - create and update bring the customer to the inputs (apply-account.ts): found by owner and currency before one is
 *   created, derived idempotency keys, tax rates of the jurisdiction found or made once, credit granted once;
 * - read reports the customer as it is, so dashboard edits show as drift;
 * - delete deletes the customer (Stripe allows it; its invoices stay) only when no invoice of it is unsettled, and
 *   otherwise refuses, naming the invoices: deleting would leave them without anyone to collect from;
 * - import takes a customer id (a customer on a test clock imports with its `testClock`).
 * - `testClock` (test mode) is sent only when the customer is created, as Stripe sets a clock nowhere else; changing
 *   it replaces the account.
 *
 * The resource id is the customer id (`cus_…`).
 */
import type { Billing } from '../../billing/billing';
import { errorDiagnostic, hasErrors, zodIssuesToDiagnostics } from '../../core/diagnostics';
import { ConflictError, NotFoundError } from '../../core/errors';
import {
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
  type UpdateRequest,
  type UpdateResponse,
} from '../../core/lifecycle';
import { creditLowered } from './account-credit';
import { accountTax, taxIdFailures } from './account-tax';
import { applyAccount } from './apply-account';
import { BILLING_ACCOUNT_FIELD_RULES, billingAccountInputsSchema, type BillingAccountInputs, type BillingAccountOutputs } from './model';
import { readAccount } from './read-account';

/** What the handler is built from. */
export interface BillingAccountHandlerDependencies {
  /** The configured billing provider; the account is one of its customers. */
  readonly billing: Billing;
}

/** Builds the BillingAccount handler around the configured billing provider. */
export function createBillingAccountHandler(deps: BillingAccountHandlerDependencies) {
  const customers = deps.billing.customers;

  const handler = {
    fieldRules: BILLING_ACCOUNT_FIELD_RULES,

    async check(request: CheckRequest): Promise<CheckResponse<BillingAccountInputs>> {
      const parsed = billingAccountInputsSchema.safeParse(request.news ?? {});
      if (!parsed.success) return { failures: zodIssuesToDiagnostics(parsed.error) };
      const inputs = parsed.data;
      const failures = [...taxIdFailures(inputs), ...accountTax(inputs).diagnostics];
      const earlier = creditOf(request.olds);
      if (earlier !== undefined && inputs.prepaidCredit < earlier) {
        const refusal = creditLowered(earlier, inputs.prepaidCredit, inputs.currency);
        failures.push(errorDiagnostic(refusal.summary, { field: 'prepaidCredit', detail: refusal.detail }));
      }
      return hasErrors(failures) ? { failures } : { inputs, failures };
    },

    async diff(request: DiffRequest<BillingAccountInputs, BillingAccountOutputs>): Promise<DiffResponse> {
      const { olds, news } = request;
      const diff = diffFields(olds, news, BILLING_ACCOUNT_FIELD_RULES, { unlisted: 'ignore' });
      const updates = [...diff.updates];
      const explanation = [...diff.explanation];
      // What the provider has drifted to, beyond the declared fields: treatment, credit, the default payment method.
      const tax = accountTax(news);
      const drift: [boolean, string, string][] = [
        [tax.reverseCharge !== olds.reverseCharge, 'taxIds', `reverse charge: ${olds.reverseCharge} → ${!olds.reverseCharge} (update in place)`],
        [!tax.reverseCharge && tax.rates.length !== olds.taxRateIds.length, 'address', `tax rates: ${olds.taxRateIds.length} on the account → ${tax.rates.length} for its jurisdiction (update in place)`],
        [news.prepaidCredit > olds.creditGranted, 'prepaidCredit', `prepaidCredit: ${olds.creditGranted} granted → ${news.prepaidCredit} (grant ${news.prepaidCredit - olds.creditGranted})`],
        [news.defaultPaymentMethod !== undefined && olds.paymentMethodId === null, 'defaultPaymentMethod', 'defaultPaymentMethod: not the default on the billing provider (attached again)'],
      ];
      for (const [changed, field, line] of drift) {
        if (!changed || diff.replaces.includes(field)) continue;
        if (!updates.includes(field)) updates.push(field);
        explanation.push(line);
      }
      return { ...diff, changes: diff.replaces.length + updates.length > 0, updates, explanation };
    },

    async create(request: CreateRequest<BillingAccountInputs>): Promise<CreateResponse<BillingAccountOutputs>> {
      const { inputs } = request;
      const owner = identityKey(request.identity);
      const tax = accountTax(inputs);
      if (request.preview) {
        return {
          id: '',
          outputs: { customerId: '', owner, taxRateIds: [], reverseCharge: tax.reverseCharge, balance: -inputs.prepaidCredit, creditGranted: inputs.prepaidCredit, paymentMethodId: null },
          unknowns: ['customerId', 'taxRateIds', 'balance', 'paymentMethodId'],
        };
      }
      const outputs = await applyAccount({ customers, owner, inputs, tax });
      return { id: outputs.customerId, outputs };
    },

    async read(request: ReadRequest<BillingAccountInputs, BillingAccountOutputs>): Promise<ReadResponse<BillingAccountInputs, BillingAccountOutputs>> {
      const found = await readAccount(customers, request.id, request.state);
      return found ? { id: found.customer.id, outputs: found.outputs, inputs: found.inputs } : null;
    },

    async update(request: UpdateRequest<BillingAccountInputs, BillingAccountOutputs>): Promise<UpdateResponse<BillingAccountOutputs>> {
      const { olds, news } = request;
      if (news.prepaidCredit < olds.creditGranted) throw creditLowered(olds.creditGranted, news.prepaidCredit, news.currency);
      const tax = accountTax(news);
      if (request.preview) {
        const outputs: BillingAccountOutputs = { ...outputsOf(olds), reverseCharge: tax.reverseCharge, creditGranted: Math.max(olds.creditGranted, news.prepaidCredit) };
        return { outputs, unknowns: ['taxRateIds', 'balance', 'paymentMethodId'] };
      }
      return { outputs: await applyAccount({ customers, owner: olds.owner, inputs: news, tax, recorded: olds }) };
    },

    async delete(request: DeleteRequest<BillingAccountInputs, BillingAccountOutputs>): Promise<void> {
      const unsettled = await customers.unsettledInvoices(request.id);
      if (unsettled.length > 0) {
        const listed = unsettled.map((i) => `${i.id} (${i.status}, ${i.amountDue} ${i.currency} due)`).join(', ');
        throw new ConflictError({
          summary: `billing account ${request.id} cannot be deleted: ${unsettled.length === 1 ? 'an invoice is' : `${unsettled.length} invoices are`} not settled: ${listed}`,
          detail: 'collect, void or mark them uncollectible (Stripe dashboard or API), then delete again; deleting the customer would leave them with no one to collect from',
        });
      }
      await customers.deleteCustomer(request.id);
    },

    async import(request: ImportRequest): Promise<ImportResponse<BillingAccountInputs, BillingAccountOutputs>> {
      const found = await readAccount(customers, request.id);
      if (!found) throw new NotFoundError({ field: 'id', summary: `${request.id} is not a customer of this Stripe account`, detail: 'import by the customer id the Stripe dashboard shows (cus_…)' });
      return { id: found.customer.id, inputs: found.inputs, outputs: found.outputs };
    },
  } satisfies ResourceHandler<BillingAccountInputs, BillingAccountOutputs>;
  return handler;
}

/** The handler's type, for adapters. */
export type BillingAccountHandler = ReturnType<typeof createBillingAccountHandler>;

function outputsOf(state: BillingAccountOutputs): BillingAccountOutputs {
  return {
    customerId: state.customerId,
    owner: state.owner,
    taxRateIds: state.taxRateIds,
    reverseCharge: state.reverseCharge,
    balance: state.balance,
    creditGranted: state.creditGranted,
    paymentMethodId: state.paymentMethodId,
  };
}

/** The `prepaidCredit` of the previous deployment's inputs, if they had one. */
function creditOf(olds: unknown): number | undefined {
  if (typeof olds !== 'object' || olds === null) return undefined;
  const credit = (olds as { prepaidCredit?: unknown }).prepaidCredit;
  return typeof credit === 'number' && Number.isInteger(credit) ? credit : undefined;
}
