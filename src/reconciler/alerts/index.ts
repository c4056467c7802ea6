/** Usage alerts: the store the API calls, evaluation and webhook delivery (the jobs), and the webhook for receivers. */
export * from './model';
export * from './store';
export * from './webhook';
export { evaluateAlerts, type EvaluateOptions, type EvaluationResult, type NewFiring } from './evaluate';
export { deliverAlertFiring, ALERT_DELIVERY_ATTEMPTS, ALERT_DELIVERY_TIMEOUT_MS, type DeliveryOutcome, type DeliveryOptions } from './deliver';
export type { AlertWindow, AlertWindows } from './windows';
