// The Web PubSub firehose with official clients (started by run.mjs):
// 1. @atproto/sync's Firehose reads through the fake Web PubSub from our PDS (Pds__Firehose__Transport=webpubsub),
//    verifying every #commit (signature, MST proofs); a reconnect with a cursor in the middle of a burst of writes
//    must yield every write once, in seq order: 0 gaps, 0 duplicates.
// 2. The fake is held to Azure's own clients: @azure/web-pubsub 1.2.0 drives every REST operation our client uses
//    (send to connection, connection exists, close connection) against it, and @azure/web-pubsub-express 1.1.0's
//    handler accepts the upstream requests it sends (abuse-protection OPTIONS, connect, connected, disconnected).
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { AtpAgent } from '@atproto/api'
import { IdResolver } from '@atproto/identity'
import { Firehose } from '@atproto/sync'
import { consume as consumeFirehose } from '../tools/lib/firehose.mjs'

const service = process.env.PDS_URL
const plcUrl = process.env.PLC_URL
const firehoseUrl = process.env.FIREHOSE_URL
if (!service || !firehoseUrl) throw new Error('run tests/node/webpubsub/run.mjs')
// The Azure clients come from tests/node (package.json), or from the folder WEBPUBSUB_NPM names.
const npmDir = [process.env.WEBPUBSUB_NPM, join(import.meta.dirname, '..')]
  .find((d) => d && existsSync(join(d, 'node_modules/@azure/web-pubsub-express')))
const azure = createRequire(join(npmDir, 'noop.js'))

const post = (text) => ({ text, createdAt: new Date().toISOString() })

/** Runs the shared consumer (tools/lib/firehose.mjs) through the fake from `cursor` until `done(events)` (or 60 s). */
const consume = (cursor, done, onStart) => consumeFirehose({ service: firehoseUrl, plcUrl, cursor, done, onStart, seconds: 60 })

describe('subscribeRepos through Web PubSub with @atproto/sync', () => {
  const agent = new AtpAgent({ service })
  const suffix = Math.random().toString(36).slice(2, 8)

  before(async () => {
    await agent.createAccount({ handle: `wps${suffix}.test`, email: `wps${suffix}@example.com`, password: 'wps-password-1' })
  })

  it('verifies every commit, with no gap and no duplicate across a reconnect mid-burst', async () => {
    const uris = []
    const write = async (n, label) => {
      for (let i = 0; i < n; i++) {
        const { data } = await agent.com.atproto.repo.createRecord({ repo: agent.session.did, collection: 'app.bsky.feed.post', record: post(`${label} ${i}`) })
        uris.push(data.uri)
      }
    }
    await write(20, 'before')
    // First session: from cursor 0 until half of the first writes are seen.
    const first = await consume(0, (evs) => evs.filter((e) => e.event === 'create' && e.did === agent.session.did).length >= 10)
    assert.deepEqual(first.errors.map(String), [])
    const mine1 = first.events.filter((e) => e.event === 'create' && e.did === agent.session.did)
    const cursor = mine1[9].seq
    // Second session: resume from the middle while a burst of writes runs.
    let burst
    const all = (evs) => burst !== undefined && uris.length === 60 && uris.every((u) => evs.some((e) => e.uri?.toString() === u))
    const second = await consume(cursor, all, async () => { burst = write(40, 'burst'); await burst })
    assert.deepEqual(second.errors.map(String), [])
    const seqs = second.events.map((e) => e.seq)
    assert.ok(seqs.every((s) => s > cursor), 'nothing at or before the cursor')
    assert.equal(new Set(seqs).size, seqs.length, 'no duplicate')
    for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1] + 1, `gap between ${seqs[i - 1]} and ${seqs[i]}`)
    const mine = [...mine1.slice(0, 10), ...second.events.filter((e) => e.event === 'create' && e.did === agent.session.did)]
    assert.deepEqual(mine.map((e) => e.uri.toString()), uris, 'every write, once, in order')
    console.log(`# web pubsub firehose: ${mine.length} commits verified, ${seqs.length} frames after cursor ${cursor}, 0 gaps, 0 duplicates`)
  })
})

describe('the fake held to the official Azure clients', () => {
  const hub = 'conformance'
  const endpoint = process.env.FAKE2_URL
  const key = process.env.WEBPUBSUB_KEY
  const seen = []
  let server

  before(async () => {
    const express = azure('express')
    const { WebPubSubEventHandler } = azure('@azure/web-pubsub-express')
    const handler = new WebPubSubEventHandler(hub, {
      handleConnect: (req, res) => { seen.push({ type: 'connect', req }); res.success({ userId: 'conformance-user' }) },
      onConnected: (req) => { seen.push({ type: 'connected', req }) },
      onDisconnected: (req) => { seen.push({ type: 'disconnected', req }) },
    })
    const app = express()
    app.use(handler.getMiddleware())
    await new Promise((ok) => { server = app.listen(Number(process.env.EXPRESS_PORT), '127.0.0.1', ok) })
  })
  after(() => server?.close())

  it('serves every REST operation our client uses to @azure/web-pubsub, and its upstream calls pass @azure/web-pubsub-express', async () => {
    const { WebPubSubServiceClient } = azure('@azure/web-pubsub')
    const client = new WebPubSubServiceClient(`Endpoint=${endpoint};AccessKey=${key};Version=1.0;`, hub, { allowInsecureConnection: true })
    const socket = new WebSocket(`${endpoint.replace(/^http/, 'ws')}/client/hubs/${hub}?cursor=42`)
    socket.binaryType = 'arraybuffer'
    const messages = []
    const closed = new Promise((ok) => socket.addEventListener('close', (e) => ok(e)))
    socket.addEventListener('message', (e) => messages.push(Buffer.from(e.data)))
    await new Promise((ok, fail) => { socket.addEventListener('open', ok); socket.addEventListener('error', fail) })
    while (!seen.some((s) => s.type === 'connected')) await new Promise((r) => setTimeout(r, 20))

    const connect = seen.find((s) => s.type === 'connect').req
    const id = connect.context.connectionId
    assert.deepEqual(connect.queries.cursor, ['42'])
    assert.equal(connect.context.hub, hub)
    assert.equal(connect.context.origin, '127.0.0.1')
    const expected = 'sha256=' + createHmac('sha256', key).update(id).digest('hex')
    assert.ok(connect.context.signature.split(',').includes(expected), 'ce-signature carries HMAC(accessKey, connectionId)')
    assert.equal(seen.find((s) => s.type === 'connected').req.context.userId, 'conformance-user')

    assert.equal(await client.connectionExists(id), true)
    assert.equal(await client.connectionExists('no-such-connection'), false)
    const frame = Buffer.from([0xa2, 0x61, 0x74, 0x67, 0x23, 0x63, 0x6f, 0x6d, 0x6d, 0x69, 0x74, 0x00, 0xff])
    await client.sendToConnection(id, frame, { contentType: 'application/octet-stream' })
    while (messages.length < 1) await new Promise((r) => setTimeout(r, 20))
    assert.deepEqual(messages[0], frame, 'binary passes as is')

    await client.closeConnection(id, { reason: 'FutureCursor' })
    const close = await closed
    assert.equal(close.reason, 'FutureCursor')
    while (!seen.some((s) => s.type === 'disconnected')) await new Promise((r) => setTimeout(r, 20))
    assert.equal(await client.connectionExists(id), false)
  })
})

describe('firehose lag benchmark (printed, not asserted)', () => {
  it('prints write -> frame lag through the fake Web PubSub next to the standalone WebSocket host', async () => {
    const agent = new AtpAgent({ service })
    const suffix = Math.random().toString(36).slice(2, 8)
    await agent.createAccount({ handle: `lag${suffix}.test`, email: `lag${suffix}@example.com`, password: 'lag-password-1' })
    const started = new Map()
    const lags = { webpubsub: [], websocket: [] }
    const n = Number(process.env.LAG_WRITES ?? 50)
    const watch = (name, url) => new Firehose({
      service: url,
      idResolver: new IdResolver({ plcUrl, fetch: globalThis.fetch }),
      unauthenticatedHandles: true,
      handleEvent: (evt) => {
        const t0 = evt.event === 'create' && started.get(evt.record?.text)
        if (t0) lags[name].push(performance.now() - t0)
      },
      onError: () => {},
    })
    const hoses = [watch('webpubsub', firehoseUrl), watch('websocket', service.replace(/^http/, 'ws'))]
    hoses.forEach((h) => h.start())
    await new Promise((r) => setTimeout(r, 1500))
    for (let i = 0; i < n; i++) {
      const text = `lag ${suffix} ${i}`
      started.set(text, performance.now())
      await agent.com.atproto.repo.createRecord({ repo: agent.session.did, collection: 'app.bsky.feed.post', record: post(text) })
      await new Promise((r) => setTimeout(r, 20))
    }
    const deadline = Date.now() + 20_000
    while ((lags.webpubsub.length < n || lags.websocket.length < n) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    await Promise.all(hoses.map((h) => h.destroy()))
    const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(1) : 'n/a' }
    for (const [name, xs] of Object.entries(lags)) {
      console.log(`# firehose lag write->frame via ${name.padEnd(9)}: n=${xs.length}/${n} p50 ${pct(xs, 0.5)} ms, p95 ${pct(xs, 0.95)} ms, max ${pct(xs, 1)} ms`)
    }
    assert.equal(lags.webpubsub.length, n)
    assert.equal(lags.websocket.length, n)
  })
})
