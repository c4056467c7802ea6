/** Every job kind the reconciler runs; a new kind adds one line (and its payload type to payloads.ts). */
import type { AnyJobDefinition } from './job';
import { alertDeliveryJob } from './alert-delivery';
import { alertsJob } from './alerts';
import { backupJob } from './backup';
import { closeJob } from './close';
import { ingestJob } from './ingest';
import { partitionsJob } from './partitions';
import { pushJob } from './push';
import { rateJob } from './rate';
import { retentionJob } from './retention';
import { rollupJob } from './rollup';

/** The registered job kinds. */
export const JOBS: readonly AnyJobDefinition[] = [partitionsJob, ingestJob, rateJob, pushJob, closeJob, alertsJob, alertDeliveryJob, retentionJob, backupJob, rollupJob];
