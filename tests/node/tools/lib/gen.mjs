// Deterministic input generators shared by the fixture generators and the reference benchmark.
//
// Everything here is deliberately simple so a C# port can reproduce it exactly:
//
//   PRNG: mulberry32 over a 32-bit state `a` (uint32 arithmetic, wrapping):
//       a = a + 0x6D2B79F5
//       t = (a ^ (a >> 15)) * (a | 1)
//       t = (t + ((t ^ (t >> 7)) * (t | 61))) ^ t
//       return t ^ (t >> 14)                       // uint32
//   (all shifts are logical shifts of uint32 values; `*` keeps the low 32 bits.)
//   nextInt(n) = nextU32() % n  (modulo bias accepted; it is part of the definition).
//
//   TID: the 64-bit value (micros << 10) | clockId, with micros < 2^53 and clockId < 32, written as 13
//   characters of base32-sortable ("234567abcdefghijklmnopqrstuvwxyz"), most significant 5 bits first
//   (the first character therefore carries the top 4 bits, whose high bit is always 0).
//
//   CID of a record: CIDv1, codec dag-cbor (0x71), multihash sha2-256 of the DAG-CBOR encoding.
//
//   MST height of a key: number of leading zero bits of SHA-256(utf8 key), divided by 2, rounded down.

import { createHash } from 'node:crypto';
import * as dagCbor from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';

/** mulberry32: 32-bit state, uint32 outputs. */
export class Prng {
  constructor(seed) {
    this.state = seed >>> 0;
  }

  nextU32() {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    const a = this.state;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Integer in [0, n), computed as nextU32() % n. */
  nextInt(n) {
    return this.nextU32() % n;
  }

  /** Picks one element of an array with nextInt(length). */
  pick(items) {
    return items[this.nextInt(items.length)];
  }

  /** Fisher-Yates shuffle of a copy: for i from length-1 down to 1, swap i with nextInt(i + 1). */
  shuffled(items) {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

const S32 = '234567abcdefghijklmnopqrstuvwxyz';

/** 13-character TID for a microsecond timestamp (< 2^53) and a clock id (< 32). */
export function tidString(micros, clockId) {
  let v = (BigInt(micros) << 10n) | BigInt(clockId & 31);
  const chars = new Array(13);
  for (let i = 12; i >= 0; i--) {
    chars[i] = S32[Number(v & 31n)];
    v >>= 5n;
  }
  return chars.join('');
}

/** Microseconds of 2023-11-14T22:13:20Z (1,700,000,000 s), the base of generated TIDs. */
export const TID_BASE_MICROS = 1_700_000_000_000_000;

export function encodeCbor(value) {
  return dagCbor.encode(value);
}

/** CIDv1 dag-cbor sha2-256 of already-encoded bytes. */
export async function cidForBytes(bytes) {
  return CID.createV1(dagCbor.code, await sha256.digest(bytes));
}

export async function cidForRecord(value) {
  return cidForBytes(encodeCbor(value));
}

/** Leading zero bits of SHA-256(key) / 2, rounded down (the MST layer of the key). */
export function mstHeight(key) {
  const hash = createHash('sha256').update(key, 'utf8').digest();
  let zeros = 0;
  for (const byte of hash) {
    if (byte === 0) {
      zeros += 8;
      continue;
    }
    zeros += Math.clz32(byte) - 24;
    break;
  }
  return zeros >> 1;
}

// ---------------------------------------------------------------------------------------------
// Benchmark generator (ported by the C# benchmark; keep it exactly as documented here).
//
//   prng = Prng(seed)
//   for i = 0 .. N-1:
//       r1 = prng.nextU32(); r2 = prng.nextU32()
//       micros = TID_BASE_MICROS + i * 1000 + (r1 % 1000)      // strictly increasing, so keys are unique
//       key    = "app.bsky.feed.post/" + tidString(micros, r2 % 32)
//       record = {"$type": "app.bsky.feed.post", "text": "post " + i, "createdAt": BENCH_CREATED_AT}
//       value  = CIDv1(dag-cbor, sha2-256(dagcbor(record)))
//   (DAG-CBOR map keys sort by length, then bytes: "text", "$type", "createdAt".)
// ---------------------------------------------------------------------------------------------

export const BENCH_CREATED_AT = '2024-01-01T00:00:00.000Z';

export function benchKey(prng, i) {
  const r1 = prng.nextU32();
  const r2 = prng.nextU32();
  return `app.bsky.feed.post/${tidString(TID_BASE_MICROS + i * 1000 + (r1 % 1000), r2 % 32)}`;
}

export function benchRecord(i) {
  return { $type: 'app.bsky.feed.post', text: `post ${i}`, createdAt: BENCH_CREATED_AT };
}

/** Yields {key, record, bytes, cid} for i in [0, n). */
export async function* benchEntries(seed, n) {
  const prng = new Prng(seed);
  for (let i = 0; i < n; i++) {
    const key = benchKey(prng, i);
    const record = benchRecord(i);
    const bytes = encodeCbor(record);
    yield { key, record, bytes, cid: await cidForBytes(bytes) };
  }
}
