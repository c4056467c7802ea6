/**
 * The reconciler's rating step (issue #13): call records in, rating columns and usage outbox rows out, pure. The
 * Rate job (jobs/rate.ts) reads the rows and writes the answers; the rules are billing/rating's.
 */
export * from './call-record-rows';
export { rateCallRecords, type AccountRateCard, type RatedCallRecords, type RatingContext } from './rate-call-records';
export { calendarMonthOf, type BillingPeriod, type PeriodClassTally, type PeriodOf, type TallyBefore } from './account-periods';
export { usageIdentifier, usageIdentifierStem, MAX_USAGE_IDENTIFIER_LENGTH } from './usage-identifier';
