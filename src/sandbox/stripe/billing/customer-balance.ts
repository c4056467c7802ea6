/**
 * How an invoice meets the customer's balance at finalization (Stripe: a negative balance is credit the customer
 * has, a positive one is money they owe).
 *
 * net = total + starting balance. A credit pays the invoice up to its total; a debit is added to what is due; a net
 * below zero (more credit than the invoice, or a credit invoice) is nothing due and stays on the customer as credit:
 *   amount_due = max(0, net), ending_balance = min(0, net).
 * The change (ending − starting) is recorded as one `applied_to_invoice` customer balance transaction, unless zero.
 */

/** The balance side of an invoice's amounts. */
export interface BalanceApplication {
  starting_balance: number;
  ending_balance: number;
  amount_due: number;
  /** `ending_balance − starting_balance`: the amount of the `applied_to_invoice` balance transaction (0: none). */
  balanceTransactionAmount: number;
}

/** What is due on an invoice of `total` for a customer whose balance is `startingBalance`. */
export function applyCustomerBalance(total: number, startingBalance: number): BalanceApplication {
  const net = total + startingBalance;
  const endingBalance = Math.min(0, net);
  return {
    starting_balance: startingBalance,
    ending_balance: endingBalance,
    amount_due: Math.max(0, net),
    balanceTransactionAmount: endingBalance - startingBalance,
  };
}
