/** Every job kind the reconciler runs; a new kind adds one line (and its payload type to payloads.ts). */
import type { AnyJobDefinition } from './job';
import { partitionsJob } from './partitions';

/** The registered job kinds. */
export const JOBS: readonly AnyJobDefinition[] = [partitionsJob];
