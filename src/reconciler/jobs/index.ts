/** Every job kind the reconciler runs; a new kind adds one line (and its payload type to payloads.ts). */
import type { AnyJobDefinition } from './job';
import { alertDeliveryJob } from './alert-delivery';
import { alertsJob } from './alerts';
import { backupJob } from './backup';
import { ingestJob } from './ingest';
import { partitionsJob } from './partitions';
import { retentionJob } from './retention';

/** The registered job kinds. */
export const JOBS: readonly AnyJobDefinition[] = [partitionsJob, ingestJob, alertsJob, alertDeliveryJob, retentionJob, backupJob];
