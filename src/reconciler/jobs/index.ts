/** Every job kind the reconciler runs; a new kind adds one line (and its payload type to payloads.ts). */
import type { AnyJobDefinition } from './job';
import { closeJob } from './close';
import { ingestJob } from './ingest';
import { partitionsJob } from './partitions';
import { pushJob } from './push';
import { rateJob } from './rate';

/** The registered job kinds. */
export const JOBS: readonly AnyJobDefinition[] = [partitionsJob, ingestJob, rateJob, pushJob, closeJob];
