/** Telnyx's decimal prices (`"1.00000"`, `"0.0045"`) as didops Money, exactly or not at all: the one rule in core/money.ts. */
export { exactMoney } from '../../core/money';
