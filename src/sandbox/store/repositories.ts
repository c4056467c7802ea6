/** Opens every repository of one sandbox database: the store that all sub-apps share through SandboxContext. */
import { AddressesRepository } from './addresses-repository';
import { CallsRepository } from './calls-repository';
import type { SqliteDatabase } from './database';
import { FlowExecutionsRepository } from './flow-executions-repository';
import { FlowsRepository } from './flows-repository';
import { IncomingNumbersRepository } from './incoming-numbers-repository';
import { NumbersRepository } from './numbers-repository';
import { UsageTriggersRepository } from './usage-triggers-repository';

/** The repositories, named as SandboxContext names them. */
export interface SandboxRepositories {
  numbers: NumbersRepository;
  addresses: AddressesRepository;
  incomingNumbers: IncomingNumbersRepository;
  calls: CallsRepository;
  usageTriggers: UsageTriggersRepository;
  flows: FlowsRepository;
  flowExecutions: FlowExecutionsRepository;
}

/** Prepares every repository's statements once, when the sandbox starts. */
export function openRepositories(db: SqliteDatabase): SandboxRepositories {
  return {
    numbers: new NumbersRepository(db),
    addresses: new AddressesRepository(db),
    incomingNumbers: new IncomingNumbersRepository(db),
    calls: new CallsRepository(db),
    usageTriggers: new UsageTriggersRepository(db),
    flows: new FlowsRepository(db),
    flowExecutions: new FlowExecutionsRepository(db),
  };
}
