/** One statement on a connection of its own, for what a pool cannot do: CREATE DATABASE and DROP DATABASE. */
import { Client } from 'pg';

/** Connects to `connectionString`, runs `statement`, disconnects (tests' and benchmarks' fresh databases). */
export async function runOnServer(connectionString: string, statement: string): Promise<void> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
