/** Every job kind the reconciler runs; a new kind adds one line (and its payload type to payloads.ts). */
import type { AnyJobDefinition } from './job';
import { ingestJob } from './ingest';
import { partitionsJob } from './partitions';
import { rollupJob } from './rollup';

/** The registered job kinds. */
export const JOBS: readonly AnyJobDefinition[] = [partitionsJob, ingestJob, rollupJob];
