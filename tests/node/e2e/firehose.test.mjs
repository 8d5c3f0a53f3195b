// End-to-end tests of com.atproto.sync.subscribeRepos with the official consumer (@atproto/sync's Firehose, which
// decodes frames with @atproto/xrpc-server and verifies each #commit's signature and MST proofs against the DID
// document in the PLC directory). Started by run.mjs, which passes PDS_URL and PLC_URL.
import { describe, it, before } from 'node:test'
import assert from 'node:assert/strict'
import { AtpAgent } from '@atproto/api'
import { consume as consumeFirehose } from '../tools/lib/firehose.mjs'

const service = process.env.PDS_URL
const plcUrl = process.env.PLC_URL
if (!service) throw new Error('PDS_URL is not set: run tests/node/e2e/run.mjs')

const suffix = Math.random().toString(36).slice(2, 8)
const carol = { handle: `carol${suffix}.test`, email: `carol${suffix}@example.com`, password: 'carol-password-1' }
const post = (text) => ({ text, createdAt: new Date().toISOString() })

/** Runs the shared consumer (tools/lib/firehose.mjs) on this PDS's firehose from `cursor` until `done(events)`. */
const consume = (cursor, done, onStart) => consumeFirehose({
  service: service.replace(/^http/, 'ws'), plcUrl, cursor, done, onStart,
  onError: (err) => { if (process.env.E2E_DEBUG) console.error('FIREHOSE', err, err.cause, err.event?.$type, err.event?.seq) },
})

describe('subscribeRepos with @atproto/sync', () => {
  const agent = new AtpAgent({ service })
  const uris = []
  let lastSeq = 0

  before(async () => {
    await agent.createAccount(carol)
    for (const text of ['one', 'two', 'three']) {
      const { data } = await agent.com.atproto.repo.createRecord({ repo: agent.session.did, collection: 'app.bsky.feed.post', record: post(text) })
      uris.push(data.uri)
    }
  })

  it('replays verified #commit events from cursor 0, in seq order', async () => {
    const seen = (events) => uris.every((u) => events.some((e) => e.event === 'create' && e.uri.toString() === u))
    const { events, errors } = await consume(0, seen)

    assert.deepEqual(errors.map(String), [])
    assert.ok(seen(events), `saw ${events.length} events`)
    const mine = events.filter((e) => e.event === 'create' && e.did === agent.session.did)
    assert.deepEqual(mine.map((e) => e.uri.toString()), uris)
    assert.deepEqual(mine.map((e) => e.record.text), ['one', 'two', 'three'])
    const seqs = events.map((e) => e.seq)
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b))
    assert.equal(new Set(seqs).size, seqs.length)
    lastSeq = mine.at(-1).seq
  })

  it('resumes after a cursor without repeats and goes live', async () => {
    let liveUri
    const seen = (events) => liveUri !== undefined && events.some((e) => e.event === 'create' && e.uri.toString() === liveUri)
    const { events, errors } = await consume(lastSeq, seen, async () => {
      const { data } = await agent.com.atproto.repo.createRecord({ repo: agent.session.did, collection: 'app.bsky.feed.post', record: post('live') })
      liveUri = data.uri
    })

    assert.deepEqual(errors.map(String), [])
    assert.ok(seen(events), `saw ${events.length} events`)
    assert.ok(events.every((e) => e.seq > lastSeq), 'nothing at or before the cursor')
    const live = events.find((e) => e.uri?.toString() === liveUri)
    assert.equal(live.record.text, 'live')
  })
})
