/** didops for Pulumi programs. */
export * from './config';
export * from './get-available-numbers';
export * from './resources';
