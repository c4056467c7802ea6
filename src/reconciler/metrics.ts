/**
 * Prometheus metrics of one reconciler instance: its own registry (not prom-client's global one), so several
 * instances in one test process do not collide. Areas add their counters here so `/metrics` lists them in one place.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The metrics of one reconciler instance. */
export interface ReconcilerMetrics {
  readonly registry: Registry;
  /** Jobs started, by job name. */
  readonly jobsStarted: Counter<'job'>;
  /** Jobs finished, by job name and outcome (`success`, `failure`). */
  readonly jobsFinished: Counter<'job' | 'outcome'>;
  /** Job run time in seconds, by job name. */
  readonly jobSeconds: Histogram<'job'>;
  /** Call records added by ingest, by carrier. */
  readonly ingestedCalls: Counter<'carrier'>;
  /** Call records rated, by outcome: `rated`, or the reason one was kept unrated (`no-matching-prefix`, `no-account`…). */
  readonly ratedCalls: Counter<'outcome'>;
  /** Meter events the billing provider accepted from the usage outbox. */
  readonly pushedUsageEvents: Counter;
  /** Billing periods closed (invoice read back, documents stored). */
  readonly closedPeriods: Counter;
  /** Closed invoices whose billed seconds differ from the rated ones (usage that reached Stripe after it invoiced). */
  readonly invoiceUsageDifferences: Counter;
  /** Hours whose analytics rollups were recomputed. */
  readonly rolledUpHours: Counter;
  /** HTTP requests answered, by method, route and status. */
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  /** Carrier webhooks received, by carrier and outcome (`ingest_queued`, `ignored`, `refused`). */
  readonly webhooks: Counter<'carrier' | 'outcome'>;
  /** Alert firings (each fires once per window). */
  readonly alertsFired: Counter;
  /** Alert webhook delivery attempts, by outcome (`delivered`, `retry`, `failed`, `settled`). */
  readonly alertDeliveries: Counter<'outcome'>;
  /** Retention runs, by kind (`expire`, `export`, `erase`). */
  readonly retentionRuns: Counter<'kind'>;
  /** Snapshots of the embedded database written. */
  readonly backupsCreated: Counter;
}

/** A registry with Node's default metrics and the reconciler's own. */
export function createReconcilerMetrics(): ReconcilerMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'didops-reconciler' });
  collectDefaultMetrics({ register: registry, prefix: 'didops_reconciler_' });
  const registers = [registry];
  return {
    registry,
    jobsStarted: new Counter({ name: 'didops_reconciler_jobs_started_total', help: 'Jobs started, by job name', labelNames: ['job'], registers }),
    jobsFinished: new Counter({ name: 'didops_reconciler_jobs_finished_total', help: 'Jobs finished, by job name and outcome', labelNames: ['job', 'outcome'], registers }),
    jobSeconds: new Histogram({ name: 'didops_reconciler_job_duration_seconds', help: 'Job run time', labelNames: ['job'], registers, buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120] }),
    ingestedCalls: new Counter({ name: 'didops_reconciler_ingested_calls_total', help: 'Call records added by ingest, by carrier', labelNames: ['carrier'], registers }),
    ratedCalls: new Counter({ name: 'didops_reconciler_rated_calls_total', help: 'Call records rated, by outcome: rated, or why one was kept unrated', labelNames: ['outcome'], registers }),
    pushedUsageEvents: new Counter({ name: 'didops_reconciler_pushed_usage_events_total', help: 'Meter events the billing provider accepted from the usage outbox', registers }),
    closedPeriods: new Counter({ name: 'didops_reconciler_closed_periods_total', help: 'Billing periods closed with their invoice documents stored', registers }),
    invoiceUsageDifferences: new Counter({ name: 'didops_reconciler_invoice_usage_differences_total', help: 'Closed invoices whose billed seconds differ from the rated seconds', registers }),
    rolledUpHours: new Counter({ name: 'didops_reconciler_rollup_hours_total', help: 'Hours whose analytics rollups were recomputed', registers }),
    httpRequests: new Counter({ name: 'didops_reconciler_http_requests_total', help: 'HTTP requests answered', labelNames: ['method', 'route', 'status'], registers }),
    webhooks: new Counter({ name: 'didops_reconciler_webhooks_total', help: 'Carrier webhooks received, by carrier and outcome', labelNames: ['carrier', 'outcome'], registers }),
    alertsFired: new Counter({ name: 'didops_reconciler_alerts_fired_total', help: 'Alert firings', registers }),
    alertDeliveries: new Counter({ name: 'didops_reconciler_alert_deliveries_total', help: 'Alert webhook delivery attempts, by outcome', labelNames: ['outcome'], registers }),
    retentionRuns: new Counter({ name: 'didops_reconciler_retention_runs_total', help: 'Retention runs, by kind', labelNames: ['kind'], registers }),
    backupsCreated: new Counter({ name: 'didops_reconciler_backups_created_total', help: 'Snapshots of the embedded database written', registers }),
  };
}
