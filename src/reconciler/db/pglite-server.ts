/**
 * Serves one embedded PGlite database to many pg connections on a loopback port, correctly.
 *
 * PGlite is a single PostgreSQL session. @electric-sql/pglite-socket's multiplexer interleaves connections message
 * by message, which is wrong in two ways we measured (docs/reconciler.md, "The embedded database"): a Parse/Bind/
 * Execute/Sync cycle whose messages arrive in two TCP chunks (a large batched INSERT) lets another connection's
 * Parse replace the unnamed statement in between ("bind message supplies 2 parameters, but prepared statement ""
 * requires 1", or silently the wrong statement), and NOTIFY is delivered to whichever connection happened to run a
 * query, never to the one that said LISTEN (so graphile-worker would only ever poll).
 *
 * This server gives the session to one connection at a time from its first message until the end of a
 * protocol cycle (Sync or a simple Query) outside a transaction block; a transaction keeps the session until it
 * ends. NotificationResponse messages are taken out of the output and sent to every connection that listens on
 * their channel. Named prepared statements and portals (graphile-worker prepares its queries by name on every
 * connection) are renamed per connection in Parse/Bind/Describe/Close/Execute, as separate sessions would keep
 * them apart, and deallocated when their connection closes. The cost: one transaction at a time (as SQLite), so
 * code must not wait on a second connection while holding a transaction open; SQL-level PREPARE/EXECUTE is not
 * renamed.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/** A running server: where to connect, and how to stop it (the caller closes the PGlite database itself). */
export interface EmbeddedDatabaseServer {
  readonly host: string;
  readonly port: number;
  /** Open connections and connections waiting for the session, for `/readyz` and tests. */
  stats(): { connections: number; waiting: number };
  /** Stops listening and closes every connection, rolling back what they left open. */
  stop(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);
let connectionCount = 0;
const LISTEN_STATEMENT = /\b(UN)?LISTEN\s+(\*|"((?:[^"]|"")+)"|([A-Za-z_][\w$]*))/gi;

/** Starts serving `db` on `host:port` (port 0 picks a free one). */
export async function serveEmbeddedDatabase(db: PGlite, options: { host?: string; port?: number } = {}): Promise<EmbeddedDatabaseServer> {
  await db.waitReady;
  const session = new SessionLock();
  const connections = new Set<Connection>();
  const server: Server = createServer((socket) => {
    const connection = new Connection(socket, db, session, connections);
    connections.add(connection);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('the embedded database server has no TCP address');
  return {
    host,
    port: address.port,
    stats: () => ({ connections: connections.size, waiting: session.waitingCount() }),
    async stop() {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...connections].map((c) => c.close()));
      await closing;
    },
  };
}

/** First come, first served ownership of the one PGlite session. */
class SessionLock {
  private owner: Connection | undefined;
  private readonly waiting: { connection: Connection; resolve: () => void; reject: (err: Error) => void }[] = [];

  acquire(connection: Connection): Promise<void> {
    if (this.owner === connection) return Promise.resolve();
    if (!this.owner) {
      this.owner = connection;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.waiting.push({ connection, resolve, reject }));
  }

  owns(connection: Connection): boolean {
    return this.owner === connection;
  }

  release(connection: Connection): void {
    if (this.owner !== connection) return;
    const next = this.waiting.shift();
    this.owner = next?.connection;
    next?.resolve();
  }

  /** A closing connection stops waiting (its pending messages are dropped). */
  cancel(connection: Connection): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (this.waiting[i]!.connection === connection) this.waiting.splice(i, 1)[0]!.reject(new Error('connection closed'));
    }
  }

  waitingCount(): number {
    return this.waiting.length;
  }
}

/** One client connection: splits its bytes into protocol messages and runs them in order while owning the session. */
class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private started = false;
  private closed = false;
  private chain: Promise<void> = Promise.resolve();
  /** Prefix of this connection's statement and portal names inside the shared session. */
  private readonly prefix = `c${++connectionCount}_`;
  /** Named statements this connection prepared (their session names), deallocated when it closes. */
  private readonly statements = new Set<string>();
  /** Channels this connection has LISTENed to. */
  readonly channels = new Set<string>();

  constructor(
    private readonly socket: Socket,
    private readonly db: PGlite,
    private readonly session: SessionLock,
    private readonly all: Set<Connection>,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('error', () => void this.close());
    socket.on('close', () => void this.close());
  }

  /** Ends the connection; whatever it left open (a cycle, a transaction) is closed before the session moves on. */
  close(): Promise<void> {
    if (this.closed) return this.chain;
    this.closed = true;
    this.session.cancel(this);
    this.chain = this.chain.then(async () => {
      const owned = this.session.owns(this);
      if (owned || this.statements.size > 0) {
        if (!owned) await this.session.acquire(this);
        await this.run(SYNC).catch(() => undefined);
        if (this.db.isInTransaction()) await this.run(simpleQuery('ROLLBACK')).catch(() => undefined);
        for (const name of this.statements) await this.run(simpleQuery(`DEALLOCATE "${name.replace(/"/g, '""')}"`)).catch(() => undefined);
        this.session.release(this);
      }
      this.all.delete(this);
    });
    this.socket.destroy();
    return this.chain;
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const message = this.nextMessage();
      if (!message) break;
      this.chain = this.chain.then(() => this.handle(message.bytes, message.startup)).catch(() => void this.close());
    }
  }

  /** The next complete message, or undefined while it has not fully arrived. */
  private nextMessage(): { bytes: Buffer; startup: boolean } | undefined {
    const headerless = !this.started;
    const need = headerless ? 4 : 5;
    if (this.buffer.length < need) return undefined;
    const length = headerless ? this.buffer.readInt32BE(0) : 1 + this.buffer.readInt32BE(1);
    if (this.buffer.length < length) return undefined;
    const message = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    if (headerless) {
      const code = message.readInt32BE(4);
      // SSL and GSS negotiation come before the startup message and are refused; the startup message ends the phase.
      if (code !== SSL_REQUEST && code !== GSSENC_REQUEST && code !== CANCEL_REQUEST) this.started = true;
    }
    return { bytes: message, startup: headerless };
  }

  private async handle(message: Buffer, startup: boolean): Promise<void> {
    if (this.closed) return;
    if (startup) {
      const code = message.readInt32BE(4);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) return void this.socket.write('N');
      if (code === CANCEL_REQUEST) return void this.close();
    }
    const type = startup ? undefined : String.fromCharCode(message[0]!);
    if (type === 'X') return void this.close();
    await this.session.acquire(this);
    const output = await this.run(type === undefined ? message : this.renamed(message, type));
    this.deliver(output);
    if (type === 'Q' || type === 'P') await this.trackListening(message, type);
    // A cycle ends at Sync or a simple query; a transaction block keeps the session until it ends.
    if ((startup || type === 'S' || type === 'Q') && !this.db.isInTransaction()) this.session.release(this);
  }

  /** The message with its statement and portal names prefixed by this connection's (the unnamed ones stay unnamed). */
  private renamed(message: Buffer, type: string): Buffer {
    // Which strings of each message are names: Parse (statement), Bind (portal, statement), Execute (portal),
    // Describe and Close (a kind byte, then a statement or portal name).
    const names = type === 'P' ? 1 : type === 'B' ? 2 : type === 'E' ? 1 : type === 'D' || type === 'C' ? 1 : 0;
    if (names === 0) return message;
    const parts: Buffer[] = [message.subarray(0, 1), Buffer.alloc(4)];
    let at = type === 'D' || type === 'C' ? 6 : 5;
    if (at === 6) parts.push(message.subarray(5, 6));
    for (let i = 0; i < names; i++) {
      const end = message.indexOf(0, at);
      const name = message.subarray(at, end).toString('utf8');
      const sessionName = name === '' ? '' : this.prefix + name;
      const statement = type === 'P' || (type === 'B' && i === 1) || ((type === 'D' || type === 'C') && message[5] === 0x53);
      if (statement && sessionName) {
        if (type === 'P') this.statements.add(sessionName);
        if (type === 'C') this.statements.delete(sessionName);
      }
      parts.push(Buffer.from(`${sessionName}\0`, 'utf8'));
      at = end + 1;
    }
    parts.push(message.subarray(at));
    const out = Buffer.concat(parts);
    out.writeInt32BE(out.length - 1, 1);
    return out;
  }

  private async run(message: Uint8Array): Promise<Buffer> {
    const chunks: Uint8Array[] = [];
    await this.db.runExclusive(() => this.db.execProtocolRawStream(message, { onRawData: (data) => void chunks.push(data.slice()) }));
    return Buffer.concat(chunks);
  }

  /** Writes the answer to this connection, and each NotificationResponse to the connections listening on its channel. */
  private deliver(output: Buffer): void {
    let own = output;
    if (output.includes(0x41)) {
      const kept: Buffer[] = [];
      for (let at = 0; at + 5 <= output.length; ) {
        const end = at + 1 + output.readInt32BE(at + 1);
        const message = output.subarray(at, end);
        if (message[0] === 0x41) {
          const channelEnd = message.indexOf(0, 9);
          const channel = message.subarray(9, channelEnd).toString('utf8');
          for (const c of this.all) if (c.channels.has(channel) && !c.closed) c.socket.write(message);
        } else kept.push(message);
        at = end;
      }
      own = Buffer.concat(kept);
    }
    if (own.length > 0 && !this.closed) this.socket.write(own);
  }

  /**
   * Follows LISTEN/UNLISTEN in the SQL text. The session listens on the union of every connection's channels, so
   * one connection's UNLISTEN is undone for the channels others still listen on.
   */
  private async trackListening(message: Buffer, type: 'Q' | 'P'): Promise<void> {
    let sql = message.subarray(5).toString('utf8');
    if (type === 'P') sql = sql.slice(sql.indexOf('\0') + 1);
    if (!/LISTEN/i.test(sql)) return;
    const relisten = new Set<string>();
    for (const match of sql.matchAll(LISTEN_STATEMENT)) {
      const channel = match[3] !== undefined ? match[3].replace(/""/g, '"') : match[4]?.toLowerCase();
      if (!match[1]) {
        if (channel) this.channels.add(channel);
        continue;
      }
      const dropped = channel ? [channel] : [...this.channels];
      for (const name of dropped) {
        this.channels.delete(name);
        if ([...this.all].some((c) => c !== this && c.channels.has(name))) relisten.add(name);
      }
    }
    for (const name of relisten) await this.run(simpleQuery(`LISTEN "${name.replace(/"/g, '""')}"`));
  }
}

/** A simple Query protocol message. */
function simpleQuery(sql: string): Buffer {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const header = Buffer.alloc(5);
  header[0] = 0x51;
  header.writeInt32BE(4 + text.length, 1);
  return Buffer.concat([header, text]);
}
