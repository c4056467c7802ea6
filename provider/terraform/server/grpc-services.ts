/**
 * gRPC plumbing on @grpc/grpc-js: service definitions built from the precompiled descriptor and the wire codec
 * (server/protobuf.ts), and the services go-plugin expects next to tfplugin6.Provider:
 *
 * - plugin.GRPCController/Shutdown: go-plugin's graceful kill; reply, then the process exits (see serve.ts).
 * - plugin.GRPCStdio/StreamStdio: called once, early, and left open; carries what the provider writes to stdout
 *   after the handshake (real stdout is reserved for the handshake line), so it ends up in Terraform's log.
 * - plugin.GRPCBroker/StartStream: the broker for extra connections; didops opens none, but go-plugin starts the
 *   stream on every connection, so it is accepted and kept open.
 * - grpc.health.v1.Health/Check: go-plugin's Ping; answers SERVING for "plugin" (and the whole server, "").
 */
import type * as Grpc from '@grpc/grpc-js';
import { PROTOCOL_DESCRIPTOR } from '../protocol/descriptor';
import { ProtoCodec, type ProtoMessage } from './protobuf';

/** The codec for every message of the plugin protocol. */
export const codec = new ProtoCodec(PROTOCOL_DESCRIPTOR);

/** A grpc-js service definition for `serviceName` (fully qualified, e.g. `tfplugin6.Provider`). */
export function serviceDefinition(serviceName: string): Grpc.ServiceDefinition {
  const methods = PROTOCOL_DESCRIPTOR.services[serviceName];
  if (!methods) throw new Error(`unknown service ${serviceName}`);
  const definition: Record<string, Grpc.MethodDefinition<ProtoMessage, ProtoMessage>> = {};
  for (const [name, method] of Object.entries(methods)) {
    definition[name] = {
      path: `/${serviceName}/${name}`,
      requestStream: method.requestStream ?? false,
      responseStream: method.responseStream ?? false,
      requestSerialize: (value: ProtoMessage) => codec.encode(method.requestType, value),
      requestDeserialize: (bytes: Buffer) => codec.decode(method.requestType, bytes),
      responseSerialize: (value: ProtoMessage) => codec.encode(method.responseType, value),
      responseDeserialize: (bytes: Buffer) => codec.decode(method.responseType, bytes),
      originalName: name,
    };
  }
  return definition;
}

/** Adapts promise-returning unary handlers to grpc-js; a rejected promise becomes an INTERNAL status. */
export function unaryImplementation(
  grpc: typeof Grpc,
  handlers: Record<string, (request: ProtoMessage) => Promise<ProtoMessage>>,
): Grpc.UntypedServiceImplementation {
  const out: Grpc.UntypedServiceImplementation = {};
  for (const [name, handler] of Object.entries(handlers)) {
    out[name] = ((call: Grpc.ServerUnaryCall<ProtoMessage, ProtoMessage>, callback: Grpc.sendUnaryData<ProtoMessage>) => {
      handler(call.request).then(
        (response) => callback(null, response),
        (err: unknown) => callback({ code: grpc.status.INTERNAL, details: err instanceof Error ? err.message : String(err) }),
      );
    }) as Grpc.handleUnaryCall<ProtoMessage, ProtoMessage>;
  }
  return out;
}

/** Fans stdout output out to the open StreamStdio calls; holds it (bounded) until the first call arrives. */
export class StdioForwarder {
  private readonly streams = new Set<Grpc.ServerWritableStream<ProtoMessage, ProtoMessage>>();
  private pending: ProtoMessage[] = [];
  private pendingBytes = 0;

  constructor(private readonly overflow: (data: Buffer) => void) {}

  /** The StreamStdio handler: registers the stream and leaves it open until the client goes away. */
  readonly handler = (call: Grpc.ServerWritableStream<ProtoMessage, ProtoMessage>): void => {
    this.streams.add(call);
    const drop = (): void => {
      this.streams.delete(call);
    };
    call.on('cancelled', drop);
    call.on('error', drop);
    call.on('close', drop);
    for (const message of this.pending) call.write(message);
    this.pending = [];
    this.pendingBytes = 0;
  };

  /** Sends a chunk of the provider's stdout (channel STDOUT) or stderr (STDERR). */
  publish(channel: 'STDOUT' | 'STDERR', data: Buffer): void {
    const message = { channel, data };
    if (this.streams.size > 0) {
      for (const stream of this.streams) stream.write(message);
    } else if (this.pendingBytes + data.length <= 64 * 1024) {
      this.pending.push(message);
      this.pendingBytes += data.length;
    } else {
      this.overflow(data);
    }
  }

  /** Ends every open stream (on shutdown). */
  close(): void {
    for (const stream of this.streams) stream.end();
    this.streams.clear();
  }
}

/** The go-plugin side services and health check; `onShutdown` runs after the Shutdown reply is sent. */
export function addPluginServices(
  grpc: typeof Grpc,
  server: Grpc.Server,
  options: { stdio: StdioForwarder; onShutdown: () => void; log: (line: string) => void },
): void {
  server.addService(serviceDefinition('plugin.GRPCController'), {
    Shutdown: ((_call: Grpc.ServerUnaryCall<ProtoMessage, ProtoMessage>, callback: Grpc.sendUnaryData<ProtoMessage>) => {
      options.log('rpc plugin.GRPCController/Shutdown');
      callback(null, {});
      // After the reply is on its way: go-plugin waits for the process to exit (and kills it after 2 s).
      setImmediate(options.onShutdown);
    }) as Grpc.handleUnaryCall<ProtoMessage, ProtoMessage>,
  });
  server.addService(serviceDefinition('plugin.GRPCStdio'), {
    StreamStdio: options.stdio.handler as Grpc.handleServerStreamingCall<ProtoMessage, ProtoMessage>,
  });
  server.addService(serviceDefinition('plugin.GRPCBroker'), {
    StartStream: ((call: Grpc.ServerDuplexStream<ProtoMessage, ProtoMessage>) => {
      call.on('data', (info: ProtoMessage) => options.log(`broker: ignoring connection info for service ${String(info.service_id)}`));
      call.on('end', () => call.end());
      call.on('error', () => {});
    }) as Grpc.handleBidiStreamingCall<ProtoMessage, ProtoMessage>,
  });
  server.addService(serviceDefinition('grpc.health.v1.Health'), {
    Check: ((call: Grpc.ServerUnaryCall<ProtoMessage, ProtoMessage>, callback: Grpc.sendUnaryData<ProtoMessage>) => {
      const service = String(call.request.service ?? '');
      if (service === '' || service === 'plugin') callback(null, { status: 'SERVING' });
      else callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${service}` });
    }) as Grpc.handleUnaryCall<ProtoMessage, ProtoMessage>,
  });
}
