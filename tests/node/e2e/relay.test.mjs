// A relay-like firehose consumer built on the official libraries. It subscribes to com.atproto.sync.subscribeRepos
// over a real WebSocket, drives a scripted session through @atproto/api (creates, updates, deletes, applyWrites, a
// handle change, deactivation and activation), and checks every frame the way a relay would:
// - seq strictly increasing with no gap;
// - each #commit authenticated by @atproto/sync's parseCommitAuthenticated (signature against the atproto key in the
//   DID document from the real PLC directory, and every op's MST proof);
// - each #commit's inductive proof: the ops, inverted on the partial MST carried in `blocks`, give back `prevData`;
// - `since` chains each commit to the previous rev of the same repo;
// - #identity, #account and #sync events for the lifecycle steps;
// - a second subscription replaying from a cursor yields byte-identical frames.
// Started by run.mjs, which passes PDS_URL and PLC_URL.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { AtpAgent } from '@atproto/api'
import { IdResolver } from '@atproto/identity'
import { MemoryBlockstore, MST, readCar, readCarWithRoot, verifyCommitSig, cborToLexRecord } from '@atproto/repo'
import { parseCommitAuthenticated } from '@atproto/sync'
import { decodeOptions } from '@ipld/dag-cbor'
import { decodeFirst } from 'cborg'

const service = process.env.PDS_URL
const plcUrl = process.env.PLC_URL
if (!service) throw new Error('PDS_URL is not set: run tests/node/e2e/run.mjs')

const suffix = Math.random().toString(36).slice(2, 8)
const dave = { handle: `dave${suffix}.test`, email: `dave${suffix}@example.com`, password: 'dave-password-3' }
const post = (text) => ({ $type: 'app.bsky.feed.post', text, createdAt: new Date().toISOString() })
const idResolver = new IdResolver({ plcUrl, fetch: globalThis.fetch }) // the default fetch refuses loopback hosts

/** Splits one binary firehose message into its DAG-CBOR header and body. */
function decodeFrame(bytes) {
  const [header, rest] = decodeFirst(bytes, decodeOptions)
  const [body, tail] = decodeFirst(rest, decodeOptions)
  assert.equal(tail.length, 0, 'nothing may follow the body')
  return { header, body, bytes }
}

/** Opens a subscription and collects its frames; resolves `opened` once the socket is open. */
function subscribe(cursor) {
  const url = new URL('/xrpc/com.atproto.sync.subscribeRepos', service.replace(/^http/, 'ws'))
  if (cursor !== undefined) url.searchParams.set('cursor', String(cursor))
  const ws = new WebSocket(url)
  ws.binaryType = 'arraybuffer'
  const frames = []
  const waiters = []
  let closed = null
  ws.onmessage = (m) => {
    frames.push(decodeFrame(new Uint8Array(m.data)))
    for (const w of waiters.splice(0)) w()
  }
  ws.onclose = (e) => {
    closed = e
    for (const w of waiters.splice(0)) w()
  }
  const opened = new Promise((ok, fail) => {
    ws.onopen = ok
    ws.onerror = (e) => fail(new Error(`WebSocket error: ${e.message ?? e.type}`))
  })
  /** Waits until a collected frame satisfies the predicate. */
  async function until(predicate, what, timeoutMs = 20000) {
    const deadline = Date.now() + timeoutMs
    while (!frames.some(predicate)) {
      if (closed) throw new Error(`subscription closed (${closed.code}) before ${what}`)
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${frames.map((f) => f.header.t).join(' ')}`)
      await new Promise((ok) => {
        const t = setTimeout(ok, left)
        waiters.push(() => { clearTimeout(t); ok() })
      })
    }
  }
  return { ws, frames, opened, until, close: () => ws.close() }
}

/** Inverts a commit's ops on the partial MST in its blocks and returns the resulting root CID string. */
async function invertedRoot(body) {
  const { blocks } = await readCar(body.blocks)
  const { root: commitCid, blocks: commitBlocks } = await readCarWithRoot(body.blocks)
  const commit = cborToLexRecord(commitBlocks.get(commitCid))
  let mst = MST.load(new MemoryBlockstore(blocks), commit.data)
  for (const op of [...body.ops].reverse()) {
    if (op.action === 'create') mst = await mst.delete(op.path)
    else if (op.action === 'update') mst = await mst.update(op.path, op.prev)
    else if (op.action === 'delete') mst = await mst.add(op.path, op.prev)
    else throw new Error(`unknown action ${op.action}`)
  }
  return (await mst.getPointer()).toString()
}

describe('firehose consumer (relay view)', () => {
  const agent = new AtpAgent({ service })
  let live
  let newHandle
  const rkeys = []
  const batch = []
  let lastRkey

  before(async () => {
    live = subscribe()
    await live.opened
  })

  after(() => live?.close())

  it('a scripted session of creates, updates, deletes, a handle change, deactivation and activation', async () => {
    await agent.createAccount(dave)
    dave.did = agent.session.did
    for (let i = 0; i < 3; i++) {
      const { data } = await agent.com.atproto.repo.createRecord({ repo: dave.did, collection: 'app.bsky.feed.post', record: post(`post ${i}`) })
      rkeys.push(data.uri.split('/').pop())
    }
    await agent.com.atproto.repo.putRecord({ repo: dave.did, collection: 'app.bsky.feed.post', rkey: rkeys[0], record: post('post 0, edited') })
    await agent.com.atproto.repo.deleteRecord({ repo: dave.did, collection: 'app.bsky.feed.post', rkey: rkeys[1] })
    const { data: applied } = await agent.com.atproto.repo.applyWrites({
      repo: dave.did,
      writes: [
        { $type: 'com.atproto.repo.applyWrites#create', collection: 'app.bsky.feed.post', value: post('batch one') },
        { $type: 'com.atproto.repo.applyWrites#create', collection: 'app.bsky.feed.post', value: post('batch two') },
        { $type: 'com.atproto.repo.applyWrites#update', collection: 'app.bsky.feed.post', rkey: rkeys[2], value: post('post 2, edited') },
        { $type: 'com.atproto.repo.applyWrites#delete', collection: 'app.bsky.feed.post', rkey: rkeys[0] },
      ],
    })
    batch.push(...applied.results.slice(0, 2).map((r) => r.uri.split('/').pop()))
    newHandle = `dave2${suffix}.test`
    await agent.com.atproto.identity.updateHandle({ handle: newHandle })
    await agent.com.atproto.server.deactivateAccount({})
    await agent.com.atproto.server.activateAccount()
    const { data: last } = await agent.com.atproto.repo.createRecord({ repo: dave.did, collection: 'app.bsky.feed.post', record: post('after activation') })
    lastRkey = last.uri.split('/').pop()
    await live.until((f) => f.header.t === '#commit' && f.body.repo === dave.did && f.body.ops.some((o) => o.path === `app.bsky.feed.post/${lastRkey}`), 'the last commit')
  })

  it('seq strictly increases with no gap, and every frame is a message frame', () => {
    const seqs = live.frames.map((f) => f.body.seq)
    for (const f of live.frames) assert.equal(f.header.op, 1, `frame ${JSON.stringify(f.header)}`)
    for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1] + 1, `seq ${seqs[i]} after ${seqs[i - 1]}`)
  })

  it('every #commit authenticates against the DID document key and its op proofs verify', async () => {
    const commits = live.frames.filter((f) => f.header.t === '#commit' && f.body.repo === dave.did)
    assert.ok(commits.length >= 7, `expected at least 7 commits, got ${commits.length}`)
    for (const { body } of commits) {
      const evts = await parseCommitAuthenticated(idResolver, body)
      assert.equal(evts.length, body.ops.length)
    }
  })

  it('every #commit carries its inductive proof: inverted ops give prevData', async () => {
    const commits = live.frames.filter((f) => f.header.t === '#commit' && f.body.repo === dave.did && f.body.ops.length > 0)
    for (const { body } of commits) {
      assert.ok(body.prevData, `commit ${body.rev} has no prevData`)
      assert.equal(await invertedRoot(body), body.prevData.toString(), `commit ${body.rev}`)
    }
  })

  it('since chains each commit to the previous rev, and the ops are the writes made', async () => {
    const commits = live.frames.filter((f) => f.header.t === '#commit' && f.body.repo === dave.did).map((f) => f.body)
    assert.equal(commits[0].since ?? null, null, 'the first commit of a new repo has no since')
    for (let i = 1; i < commits.length; i++) {
      assert.equal(commits[i].since, commits[i - 1].rev)
      assert.ok(commits[i].rev > commits[i - 1].rev, 'revs increase')
    }
    const summary = commits.map((c) => c.ops.map((o) => `${o.action} ${o.path.split('/')[1]}`).sort().join(', '))
    assert.deepEqual(summary.slice(1), [
      `create ${rkeys[0]}`,
      `create ${rkeys[1]}`,
      `create ${rkeys[2]}`,
      `update ${rkeys[0]}`,
      `delete ${rkeys[1]}`,
      [`create ${batch[0]}`, `create ${batch[1]}`, `update ${rkeys[2]}`, `delete ${rkeys[0]}`].sort().join(', '),
      `create ${lastRkey}`,
    ])
  })

  it('#identity follows the handle change; #account follows deactivation and activation', () => {
    const mine = live.frames.filter((f) => f.body.did === dave.did)
    const identities = mine.filter((f) => f.header.t === '#identity').map((f) => f.body)
    assert.ok(identities.some((e) => e.handle === newHandle), 'an #identity with the new handle')
    const accounts = mine.filter((f) => f.header.t === '#account').map((f) => f.body)
    const deactivated = accounts.findIndex((e) => e.active === false && e.status === 'deactivated')
    assert.ok(deactivated >= 0, 'an #account event for the deactivation')
    assert.ok(accounts.slice(deactivated + 1).some((e) => e.active === true && e.status === undefined), 'then one for the activation')
    for (const e of [...identities, ...accounts]) assert.match(e.time, /^\d{4}-\d\d-\d\dT/)
  })

  it('#sync events carry a signed commit for the repo', async () => {
    const syncs = live.frames.filter((f) => f.header.t === '#sync' && f.body.did === dave.did).map((f) => f.body)
    assert.ok(syncs.length >= 1, 'a #sync for the new repo')
    const key = await idResolver.did.resolveAtprotoKey(dave.did, true)
    for (const s of syncs) {
      const { root, blocks } = await readCarWithRoot(s.blocks)
      const commit = cborToLexRecord(blocks.get(root))
      assert.equal(commit.did, dave.did)
      assert.equal(commit.rev, s.rev)
      assert.ok(await verifyCommitSig(commit, key), 'the #sync commit is signed by the DID document key')
    }
  })

  it('replay from a cursor gives byte-identical frames, then goes live', async () => {
    const first = live.frames[0].body.seq
    const last = live.frames[live.frames.length - 1].body.seq
    const replay = subscribe(first - 1)
    try {
      await replay.opened
      await replay.until((f) => f.body.seq === last, `seq ${last}`)
      const got = replay.frames.filter((f) => f.body.seq <= last)
      assert.equal(got.length, live.frames.length)
      for (let i = 0; i < got.length; i++) assert.deepEqual(got[i].bytes, live.frames[i].bytes, `frame seq ${got[i].body.seq}`)
      await agent.com.atproto.repo.createRecord({ repo: dave.did, collection: 'app.bsky.feed.post', record: post('after replay') })
      await replay.until((f) => f.body.seq === last + 1, 'the live event after the replay')
      assert.equal(replay.frames.filter((f) => f.body.seq === last + 1).length, 1)
    } finally {
      replay.close()
    }
  })

  it('a cursor past the newest event gets the FutureCursor error frame and a close', async () => {
    const last = live.frames[live.frames.length - 1].body.seq
    const future = subscribe(last + 1000)
    await future.opened.catch(() => {})
    await future.until((f) => f.header.op === -1, 'an error frame')
    const error = future.frames.find((f) => f.header.op === -1)
    assert.equal(error.body.error, 'FutureCursor')
    future.close()
  })
})
