/**
 * Analytics over call records: the API's data layer (REST and GraphQL call these with the caller's tenant scope and
 * the filters parsed by the schemas below), and the rollups that keep them fast. docs/reconciler.md, "Analytics".
 */
export { ALL_ACCOUNTS, accountsScope, type AnalyticsScope } from './scope';
export type { AnalyticsContext } from './context';
export * from './filters';
export { listNumbers, type NumbersPage, type NumberStatus, type NumberWithStatus } from './numbers';
export { listCalls, type CallLogEntry, type CallLogPage, type Place, type RatingState } from './call-log';
export { callVolume, type CallVolume, type DirectionVolume, type VolumeBucket } from './volume';
export { durationStats, type DurationStats } from './duration-stats';
export { DURATION_BUCKET_LOWER_BOUNDS, DURATION_BUCKET_RELATIVE_WIDTH, type DurationPercentile } from './duration-buckets';
export { callersByPlace, type CallersByPlace, type PlaceCalls } from './callers-by-place';
export { peakHourHeatmap, type HeatmapCell, type PeakHourHeatmap } from './heatmap';
export { costTrend, type CostBucket, type CostTrend, type CurrencyCost } from './cost-trend';
export { usageSummaries, type UsageSummary } from './usage-summaries';
export { rollUpDirtyHours, type RollupOptions, type RollupResult } from './rollup';
export type { AnswerSource } from './usage-source';
export type { Bucket, Granularity } from './zones';
