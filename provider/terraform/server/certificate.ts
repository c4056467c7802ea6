/**
 * The provider's throw-away TLS server certificate, built per process like go-plugin's own `generateCert()`.
 *
 * Why not node-forge: forge only signs with RSA, RSA-2048 key generation costs 250+ ms (node:crypto) or seconds
 * (forge in JavaScript), and requiring forge alone costs ~30 ms; an EC P-256 key from node:crypto takes ~1 ms. Node
 * cannot create certificates, so this file writes the X.509 DER itself (about 60 lines of ASN.1) and signs it with
 * node:crypto. Measured: 2–4 ms per certificate.
 *
 * What go-plugin's Go client needs from it: it trusts exactly the certificate announced in the handshake line
 * (RootCAs = {this cert}) and verifies it for ServerName "localhost", so the certificate carries a DNS SAN
 * `localhost` (Go ignores the CN) and extKeyUsage serverAuth. The rest mirrors go-plugin: CN localhost, isCA,
 * keyUsage digitalSignature|keyEncipherment|keyCertSign, extKeyUsage serverAuth+clientAuth, plus an IP SAN 127.0.0.1.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/** A freshly generated self-signed certificate and its key. */
export interface SelfSignedCertificate {
  /** The certificate, DER (what the handshake line carries, base64 without padding). */
  der: Buffer;
  /** The certificate, PEM. */
  certPem: string;
  /** The private key, PKCS#8 PEM. */
  keyPem: string;
}

// ---- Minimal DER writer ---------------------------------------------------------------------------------------

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const seq = (...items: Buffer[]): Buffer => tlv(0x30, ...items);
const set = (...items: Buffer[]): Buffer => tlv(0x31, ...items);
const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 + n, inner);
const octets = (content: Buffer): Buffer => tlv(0x04, content);
const bool = (value: boolean): Buffer => tlv(0x01, Buffer.from([value ? 0xff : 0]));
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));

function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && b[1]! < 0x80) b = b.subarray(1);
  if (b[0]! >= 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes = [parts[0]! * 40 + parts[1]!];
  for (const part of parts.slice(2)) {
    const chunk = [part & 0x7f];
    for (let v = Math.floor(part / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** BIT STRING from a list of set bit numbers (bit 0 = most significant bit of the first byte), DER-minimal. */
function bits(...set: number[]): Buffer {
  const highest = Math.max(...set);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of set) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  return tlv(0x03, Buffer.from([7 - (highest & 7)]), bytes);
}

function time(date: Date): Buffer {
  // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050.
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'; // YYYYMMDDHHMMSSZ
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii')) : tlv(0x18, Buffer.from(iso, 'ascii'));
}

const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
  critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));

// ---- The certificate ------------------------------------------------------------------------------------------

const ECDSA_WITH_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

/** Generates an EC P-256 key and a self-signed certificate for `localhost`/127.0.0.1, valid from 30 s ago. */
export function generateSelfSignedCertificate(now: Date = new Date()): SelfSignedCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  serial[0]! |= 0x01; // positive and never zero
  const name = seq(set(seq(oid('2.5.4.10'), utf8('didops'))), set(seq(oid('2.5.4.3'), utf8('localhost'))));
  const notBefore = new Date(now.getTime() - 30_000);
  // Long-lived like go-plugin's: the certificate dies with the process anyway.
  const notAfter = new Date(now.getTime() + 30 * 365 * 24 * 3600 * 1000);
  const extensions = seq(
    // keyUsage: digitalSignature(0), keyEncipherment(2), keyCertSign(5)
    extension('2.5.29.15', true, bits(0, 2, 5)),
    // extKeyUsage: serverAuth, clientAuth
    extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2'))),
    // basicConstraints: cA TRUE
    extension('2.5.29.19', true, seq(bool(true))),
    // subjectAltName: dNSName localhost, iPAddress 127.0.0.1
    extension('2.5.29.17', false, seq(tlv(0x82, Buffer.from('localhost', 'ascii')), tlv(0x87, Buffer.from([127, 0, 0, 1])))),
  );
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(serial),
    ECDSA_WITH_SHA256,
    name,
    seq(time(notBefore), time(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  // node:crypto signs EC keys in DER (ECDSA-Sig-Value), which is what X.509 carries.
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, ECDSA_WITH_SHA256, tlv(0x03, Buffer.from([0]), signature));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return {
    der,
    certPem: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}
