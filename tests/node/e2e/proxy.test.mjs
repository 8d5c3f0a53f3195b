// Proxying through our PDS with the official client: app.bsky.* goes to the AppView stand-in that run.mjs started
// (tools/service-standin.mjs, which verifies every service-auth JWT against the account's key in the PLC directory),
// chat.bsky.* goes by the atproto-proxy header to a chat stand-in registered here as a did:plc with a #bsky_chat
// service entry, and preferences stay on the PDS.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { AtpAgent } from '@atproto/api'
import plcLib from '@did-plc/lib'
import { Secp256k1Keypair } from '@atproto/crypto'
import { startStandIn } from '../tools/service-standin.mjs'

const plc = plcLib.default ?? plcLib
const service = process.env.PDS_URL
const plcUrl = process.env.PLC_URL
const appViewUrl = process.env.APPVIEW_URL
const appViewDid = process.env.APPVIEW_DID
const suffix = Math.random().toString(36).slice(2, 8)

const freePort = () => new Promise((ok, fail) => {
  const server = createServer()
  server.once('error', fail)
  server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => ok(port)) })
})

const callsOf = async (did) => (await (await fetch(`${appViewUrl}/_calls`)).json()).calls.filter((c) => c.iss === did)

describe('proxying to the AppView and a chat service', () => {
  const agent = new AtpAgent({ service })
  let chat
  let chatDid

  before(async () => {
    await agent.createAccount({ handle: `proxy${suffix}.test`, email: `proxy${suffix}@example.com`, password: 'proxy-password-1' })
    const port = await freePort()
    const rotation = await Secp256k1Keypair.create()
    const signing = await Secp256k1Keypair.create()
    const genesis = await plc.signOperation({
      type: 'plc_operation', rotationKeys: [rotation.did()], verificationMethods: { atproto: signing.did() }, alsoKnownAs: [],
      services: { bsky_chat: { type: 'BskyChatService', endpoint: `http://127.0.0.1:${port}` } }, prev: null,
    }, rotation)
    chatDid = await plc.didForCreateOp(genesis)
    await new plc.Client(plcUrl).sendOperation(chatDid, genesis)
    chat = await startStandIn({ did: chatDid, plcUrl, port })
  })

  after(async () => { await chat?.close() })

  it('agent.getTimeline() reaches the AppView with a token it verifies against the PLC directory', async () => {
    const { data, headers } = await agent.getTimeline({ limit: 10 }, { headers: { 'atproto-accept-labelers': 'did:plc:labeler' } })
    assert.deepEqual(data.feed, [])
    assert.equal(data.cursor, 'standin-cursor')
    assert.equal(headers['atproto-content-labelers'], 'did:plc:labeler')
    const [call] = await callsOf(agent.session.did)
    assert.equal(call.aud, appViewDid)
    assert.equal(call.lxm, 'app.bsky.feed.getTimeline')
    assert.match(call.headers['atproto-accept-labelers'], /did:plc:labeler/) // the client adds the Bluesky labeler
  })

  it('agent.getProfile() is answered by the AppView', async () => {
    const { data } = await agent.getProfile({ actor: agent.session.did })
    assert.equal(data.did, agent.session.did)
    assert.equal(data.followersCount, 7)
  })

  it('a chat call goes by the atproto-proxy header to the did:plc service in the PLC directory', async () => {
    const { data } = await agent.withProxy('bsky_chat', chatDid).chat.bsky.convo.listConvos()
    assert.deepEqual(data.convos, [])
    assert.equal(data.service, chatDid)
    const calls = chat.calls.filter((c) => c.iss === agent.session.did)
    assert.equal(calls.length, 1)
    assert.equal(calls[0].lxm, 'chat.bsky.convo.listConvos')
  })

  it('a new post appears in agent.getAuthorFeed() and agent.getTimeline() at once (read-after-write)', async () => {
    const { uri } = await agent.post({ text: 'seen at once', createdAt: new Date().toISOString() })
    const own = await agent.getAuthorFeed({ actor: agent.session.did })
    assert.equal(own.data.feed[0]?.post.uri, uri)
    assert.equal(own.data.feed[0].post.record.text, 'seen at once')
    assert.equal(own.data.feed[0].post.author.did, agent.session.did)
    assert.ok(Number(own.headers['atproto-upstream-lag']) >= 0)
    const timeline = await agent.getTimeline()
    assert.equal(timeline.data.feed[0]?.post.uri, uri)
    await agent.upsertProfile(() => ({ displayName: 'Fresh Name' }))
    const profile = await agent.getProfile({ actor: agent.session.did })
    assert.equal(profile.data.displayName, 'Fresh Name')
    assert.equal(profile.data.followersCount, 7)
  })

  it('agent.getPostThread() shows a new post and its new reply the AppView has not indexed (read-after-write)', async () => {
    const root = await agent.post({ text: 'a new thread', createdAt: new Date().toISOString() })
    const reply = await agent.post({
      text: 'a new reply', createdAt: new Date().toISOString(),
      reply: { root: { uri: root.uri, cid: root.cid }, parent: { uri: root.uri, cid: root.cid } },
    })
    const { data, headers } = await agent.getPostThread({ uri: root.uri })
    assert.equal(data.thread.$type, 'app.bsky.feed.defs#threadViewPost')
    assert.equal(data.thread.post.uri, root.uri)
    assert.equal(data.thread.post.record.text, 'a new thread')
    assert.deepEqual(data.thread.replies.map((r) => r.post.uri), [reply.uri])
    assert.ok(Number(headers['atproto-upstream-lag']) >= 0)
    await assert.rejects(agent.getPostThread({ uri: `at://${chatDid}/app.bsky.feed.post/3kstandinpost2` }),
      (e) => e.status === 400 && e.error === 'NotFound')
  })

  it("agent.getActorLikes() shows the caller's new display name on their liked post (read-after-write)", async () => {
    await agent.upsertProfile((old) => ({ ...old, displayName: 'Liked Name' }))
    const { data } = await agent.getActorLikes({ actor: agent.session.did })
    assert.equal(data.feed[0].post.author.did, agent.session.did)
    assert.equal(data.feed[0].post.author.displayName, 'Liked Name')
  })

  it('a bad atproto-proxy header: 400 InvalidRequest as the reference', async () => {
    await assert.rejects(agent.chat.bsky.convo.listConvos({}, { headers: { 'atproto-proxy': 'did:plc:aaaaaaaaaaaaaaaaaaaaaaaa#bsky_chat' } }),
      (e) => e.status === 400 && e.error === 'InvalidRequest' && e.message === 'could not resolve proxy did')
  })

  it('agent.app.bsky.actor.getPreferences() returns what putPreferences stored on the PDS', async () => {
    const before = await agent.app.bsky.actor.getPreferences()
    assert.deepEqual(before.data.preferences, [])
    await agent.setAdultContentEnabled(true)
    const { data } = await agent.app.bsky.actor.getPreferences()
    assert.deepEqual(data.preferences.map((p) => p.$type), ['app.bsky.actor.defs#adultContentPref'])
    assert.equal(data.preferences[0].enabled, true)
    const calls = await callsOf(agent.session.did)
    assert.ok(!calls.some((c) => c.lxm.endsWith('Preferences')), 'preferences were proxied')
  })
})
