/**
 * A small proto3 wire codec driven by a precompiled descriptor (protocol/descriptor.ts, generated from the .proto
 * files in protocol/).
 *
 * Why not protobufjs through @grpc/proto-loader: Terraform starts the provider process several times per command,
 * and loading protobufjs and parsing the .proto files cost 45–60 ms per start on the reference machine (2 vCPUs),
 * more than everything else the server does before its handshake line. This codec needs no parsing at start-up,
 * loads in well under a millisecond, and covers exactly what the plugin protocol uses: scalars, enums, nested and
 * repeated messages, maps and oneofs.
 *
 * JavaScript shape of a message: a plain object keyed by the proto field names (snake_case, as in the .proto);
 * 64-bit integers are numbers, enums are their value names (numbers accepted when encoding), bytes are Buffers,
 * repeated fields arrays and maps records. Decoding fills proto3 defaults for scalars, repeated fields and maps, and
 * leaves absent message fields undefined, so "not sent" stays distinguishable from "empty".
 */

/** A protobuf scalar type name as it appears in a .proto file. */
export type ScalarType =
  | 'double'
  | 'float'
  | 'int32'
  | 'int64'
  | 'uint32'
  | 'uint64'
  | 'sint32'
  | 'sint64'
  | 'fixed32'
  | 'fixed64'
  | 'sfixed32'
  | 'sfixed64'
  | 'bool'
  | 'string'
  | 'bytes';

/** One field of a message; `ref` is the fully qualified name of the message or enum type. */
export interface FieldDescriptor {
  name: string;
  id: number;
  type: ScalarType | 'message' | 'enum';
  ref?: string;
  repeated?: boolean;
  /** Set for `map<K, V>` fields: the key's scalar type (the value is described by type/ref). */
  mapKey?: ScalarType;
  /** Member of a (non-synthetic) oneof: encoded even when it holds its default value. */
  oneof?: boolean;
}

/** A message type. */
export interface MessageDescriptor {
  fields: FieldDescriptor[];
}

/** An RPC method, with fully qualified message type names. */
export interface MethodDescriptor {
  requestType: string;
  responseType: string;
  requestStream?: boolean;
  responseStream?: boolean;
}

/** Everything the codec and the gRPC server need, keyed by fully qualified names. */
export interface ProtocolDescriptor {
  messages: Record<string, MessageDescriptor>;
  enums: Record<string, Record<string, number>>;
  services: Record<string, Record<string, MethodDescriptor>>;
}

/** A decoded or to-be-encoded message. */
export type ProtoMessage = { [field: string]: unknown };

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH = 2;
const WIRE_FIXED32 = 5;

function wireType(type: FieldDescriptor['type']): number {
  switch (type) {
    case 'double':
    case 'fixed64':
    case 'sfixed64':
      return WIRE_FIXED64;
    case 'float':
    case 'fixed32':
    case 'sfixed32':
      return WIRE_FIXED32;
    case 'string':
    case 'bytes':
    case 'message':
      return WIRE_LENGTH;
    default:
      return WIRE_VARINT;
  }
}

/** Growable output buffer. */
class Writer {
  private buf = Buffer.allocUnsafe(256);
  private pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  varint(value: number | bigint): void {
    // Fast path for the common case: small non-negative integers.
    if (typeof value === 'number' && value >= 0 && value <= 0x7fffffff && Number.isInteger(value)) {
      this.ensure(5);
      let v = value;
      while (v > 0x7f) {
        this.buf[this.pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      this.buf[this.pos++] = v;
      return;
    }
    // Negative numbers are sign-extended to 64 bits (10 bytes), as protobuf requires for int32/int64.
    let v = BigInt.asUintN(64, BigInt(typeof value === 'number' ? Math.trunc(value) : value));
    this.ensure(10);
    while (v > 0x7fn) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  tag(id: number, wire: number): void {
    this.varint(id * 8 + wire);
  }

  bytes(data: Uint8Array): void {
    this.varint(data.length);
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  fixed32(value: number, kind: 'float' | 'fixed32' | 'sfixed32'): void {
    this.ensure(4);
    if (kind === 'float') this.buf.writeFloatLE(value, this.pos);
    else if (kind === 'fixed32') this.buf.writeUInt32LE(value >>> 0, this.pos);
    else this.buf.writeInt32LE(value | 0, this.pos);
    this.pos += 4;
  }

  fixed64(value: number, kind: 'double' | 'fixed64' | 'sfixed64'): void {
    this.ensure(8);
    if (kind === 'double') this.buf.writeDoubleLE(value, this.pos);
    else if (kind === 'fixed64') this.buf.writeBigUInt64LE(BigInt.asUintN(64, BigInt(Math.trunc(value))), this.pos);
    else this.buf.writeBigInt64LE(BigInt.asIntN(64, BigInt(Math.trunc(value))), this.pos);
    this.pos += 8;
  }

  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}

/** Encodes and decodes messages of one {@link ProtocolDescriptor}. */
export class ProtoCodec {
  constructor(readonly descriptor: ProtocolDescriptor) {}

  /** Encodes `value` as a `typeName` message. Unknown properties are ignored; null/undefined fields are omitted. */
  encode(typeName: string, value: ProtoMessage): Buffer {
    const writer = new Writer();
    this.writeMessage(writer, typeName, value);
    return writer.finish();
  }

  /** Decodes a `typeName` message. Fields the descriptor does not declare are skipped, as protobuf requires. */
  decode(typeName: string, data: Uint8Array): ProtoMessage {
    return this.readMessage(typeName, data, 0, data.length);
  }

  private message(typeName: string): MessageDescriptor {
    const message = this.descriptor.messages[typeName];
    if (!message) throw new Error(`protobuf: unknown message type ${typeName}`);
    return message;
  }

  private writeMessage(writer: Writer, typeName: string, value: ProtoMessage): void {
    for (const field of this.message(typeName).fields) {
      const v = value[field.name];
      if (v === undefined || v === null) continue;
      if (field.mapKey) {
        for (const [key, entry] of Object.entries(v as Record<string, unknown>)) {
          if (entry === undefined || entry === null) continue;
          // A map entry is an embedded message { key = 1; value = 2; }; both are always written.
          const inner = new Writer();
          this.writeValue(inner, { name: 'key', id: 1, type: field.mapKey }, field.mapKey === 'string' ? key : Number(key));
          this.writeValue(inner, { name: 'value', id: 2, type: field.type, ref: field.ref }, entry);
          writer.tag(field.id, WIRE_LENGTH);
          writer.bytes(inner.finish());
        }
      } else if (field.repeated) {
        const items = v as unknown[];
        if (items.length === 0) continue;
        const wire = wireType(field.type);
        if (wire !== WIRE_LENGTH) {
          // proto3 packs repeated scalars.
          const inner = new Writer();
          for (const item of items) this.writeScalar(inner, field, item);
          writer.tag(field.id, WIRE_LENGTH);
          writer.bytes(inner.finish());
        } else {
          for (const item of items) this.writeValue(writer, field, item);
        }
      } else {
        if (!field.oneof && field.type !== 'message' && isDefault(field, field.type === 'enum' ? this.enumNumber(field, v) : v)) continue;
        this.writeValue(writer, field, v);
      }
    }
  }

  private writeValue(writer: Writer, field: FieldDescriptor, value: unknown): void {
    writer.tag(field.id, wireType(field.type));
    if (field.type === 'message') {
      const inner = new Writer();
      this.writeMessage(inner, field.ref!, value as ProtoMessage);
      writer.bytes(inner.finish());
    } else {
      this.writeScalar(writer, field, value);
    }
  }

  private writeScalar(writer: Writer, field: FieldDescriptor, value: unknown): void {
    switch (field.type) {
      case 'string':
        writer.bytes(Buffer.from(String(value), 'utf8'));
        return;
      case 'bytes':
        writer.bytes(typeof value === 'string' ? Buffer.from(value, 'utf8') : (value as Uint8Array));
        return;
      case 'bool':
        writer.varint(value ? 1 : 0);
        return;
      case 'enum':
        writer.varint(this.enumNumber(field, value));
        return;
      case 'sint32':
      case 'sint64': {
        const n = BigInt(Math.trunc(Number(value)));
        writer.varint(n >= 0n ? n * 2n : -n * 2n - 1n);
        return;
      }
      case 'uint32':
        writer.varint(Number(value) >>> 0);
        return;
      case 'int32':
      case 'int64':
      case 'uint64':
        writer.varint(typeof value === 'bigint' ? value : Number(value));
        return;
      case 'float':
      case 'fixed32':
      case 'sfixed32':
        writer.fixed32(Number(value), field.type);
        return;
      case 'double':
      case 'fixed64':
      case 'sfixed64':
        writer.fixed64(Number(value), field.type);
        return;
      default:
        throw new Error(`protobuf: cannot encode ${field.type} field ${field.name}`);
    }
  }

  private enumNumber(field: FieldDescriptor, value: unknown): number {
    if (typeof value === 'number') return value;
    const values = this.descriptor.enums[field.ref!];
    const n = values?.[String(value)];
    if (n === undefined) throw new Error(`protobuf: ${String(value)} is not a value of enum ${field.ref}`);
    return n;
  }

  private readMessage(typeName: string, data: Uint8Array, start: number, end: number): ProtoMessage {
    const message = this.message(typeName);
    const out: ProtoMessage = {};
    // Proto3 defaults first, so handlers can read every scalar without checks.
    for (const field of message.fields) {
      if (field.mapKey) out[field.name] = {};
      else if (field.repeated) out[field.name] = [];
      else if (field.type !== 'message' && !field.oneof) out[field.name] = this.defaultValue(field);
    }
    const reader = new Reader(data, start, end);
    while (!reader.done()) {
      const tag = reader.varint();
      const id = Math.floor(tag / 8);
      const wire = tag & 7;
      const field = message.fields.find((f) => f.id === id);
      if (!field) {
        reader.skip(wire);
        continue;
      }
      if (field.mapKey) {
        const [s, e] = reader.lengthDelimited();
        const entry = this.readMapEntry(field, data, s, e);
        (out[field.name] as Record<string, unknown>)[String(entry.key)] = entry.value;
      } else if (field.repeated) {
        const list = out[field.name] as unknown[];
        if (wire === WIRE_LENGTH && wireType(field.type) !== WIRE_LENGTH) {
          // Packed scalars.
          const [s, e] = reader.lengthDelimited();
          const packed = new Reader(data, s, e);
          while (!packed.done()) list.push(this.readScalar(packed, field));
        } else {
          list.push(this.readValue(reader, field, data));
        }
      } else {
        out[field.name] = this.readValue(reader, field, data);
      }
    }
    return out;
  }

  private readMapEntry(field: FieldDescriptor, data: Uint8Array, start: number, end: number): { key: unknown; value: unknown } {
    const keyField: FieldDescriptor = { name: 'key', id: 1, type: field.mapKey! };
    const valueField: FieldDescriptor = { name: 'value', id: 2, type: field.type, ref: field.ref };
    let key: unknown = this.defaultValue(keyField);
    let value: unknown = field.type === 'message' ? {} : this.defaultValue(valueField);
    const reader = new Reader(data, start, end);
    while (!reader.done()) {
      const tag = reader.varint();
      const id = Math.floor(tag / 8);
      if (id === 1) key = this.readValue(reader, keyField, data);
      else if (id === 2) value = this.readValue(reader, valueField, data);
      else reader.skip(tag & 7);
    }
    return { key, value };
  }

  private readValue(reader: Reader, field: FieldDescriptor, data: Uint8Array): unknown {
    if (field.type === 'message') {
      const [s, e] = reader.lengthDelimited();
      return this.readMessage(field.ref!, data, s, e);
    }
    return this.readScalar(reader, field);
  }

  private readScalar(reader: Reader, field: FieldDescriptor): unknown {
    switch (field.type) {
      case 'string': {
        const [s, e] = reader.lengthDelimited();
        return Buffer.from(reader.data.buffer, reader.data.byteOffset + s, e - s).toString('utf8');
      }
      case 'bytes': {
        const [s, e] = reader.lengthDelimited();
        // A copy: the request buffer belongs to the transport.
        return Buffer.from(reader.data.subarray(s, e));
      }
      case 'bool':
        return reader.varintBig() !== 0n;
      case 'enum': {
        const n = Number(BigInt.asIntN(32, reader.varintBig()));
        const values = this.descriptor.enums[field.ref!] ?? {};
        return Object.keys(values).find((k) => values[k] === n) ?? n;
      }
      case 'int32':
        return Number(BigInt.asIntN(32, reader.varintBig()));
      case 'int64':
        return Number(BigInt.asIntN(64, reader.varintBig()));
      case 'uint32':
        return Number(BigInt.asUintN(32, reader.varintBig()));
      case 'uint64':
        return Number(reader.varintBig());
      case 'sint32':
      case 'sint64': {
        const n = reader.varintBig();
        return Number(n & 1n ? -(n >> 1n) - 1n : n >> 1n);
      }
      case 'float':
        return reader.fixed(4).readFloatLE(0);
      case 'fixed32':
        return reader.fixed(4).readUInt32LE(0);
      case 'sfixed32':
        return reader.fixed(4).readInt32LE(0);
      case 'double':
        return reader.fixed(8).readDoubleLE(0);
      case 'fixed64':
        return Number(reader.fixed(8).readBigUInt64LE(0));
      case 'sfixed64':
        return Number(reader.fixed(8).readBigInt64LE(0));
      default:
        throw new Error(`protobuf: cannot decode ${field.type} field ${field.name}`);
    }
  }

  private defaultValue(field: FieldDescriptor): unknown {
    switch (field.type) {
      case 'string':
        return '';
      case 'bytes':
        return Buffer.alloc(0);
      case 'bool':
        return false;
      case 'enum': {
        const values = this.descriptor.enums[field.ref!] ?? {};
        return Object.keys(values).find((k) => values[k] === 0) ?? 0;
      }
      default:
        return 0;
    }
  }
}

function isDefault(field: FieldDescriptor, value: unknown): boolean {
  switch (field.type) {
    case 'string':
      return value === '';
    case 'bytes':
      return (value as Uint8Array).length === 0;
    case 'bool':
      return value === false;
    case 'enum':
      return value === 0;
    default:
      return value === 0 || value === 0n;
  }
}

/** Reads protobuf primitives from a slice of a buffer. */
class Reader {
  pos: number;

  constructor(
    readonly data: Uint8Array,
    start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  varint(): number {
    // Tags and lengths fit in 32 bits; anything longer goes through varintBig.
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw new Error('protobuf: truncated varint');
      const b = this.data[this.pos++]!;
      if (shift < 28) result |= (b & 0x7f) << shift;
      else result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
      if (shift > 63) throw new Error('protobuf: varint too long');
    }
  }

  varintBig(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end) throw new Error('protobuf: truncated varint');
      const b = this.data[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
      shift += 7n;
      if (shift > 63n) throw new Error('protobuf: varint too long');
    }
  }

  lengthDelimited(): [number, number] {
    const length = this.varint();
    const start = this.pos;
    if (start + length > this.end) throw new Error('protobuf: truncated length-delimited field');
    this.pos += length;
    return [start, start + length];
  }

  fixed(n: number): Buffer {
    if (this.pos + n > this.end) throw new Error('protobuf: truncated fixed-width field');
    const out = Buffer.from(this.data.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }

  skip(wire: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.varintBig();
        return;
      case WIRE_FIXED64:
        this.fixed(8);
        return;
      case WIRE_LENGTH:
        this.lengthDelimited();
        return;
      case WIRE_FIXED32:
        this.fixed(4);
        return;
      default:
        throw new Error(`protobuf: unsupported wire type ${wire}`);
    }
  }
}
