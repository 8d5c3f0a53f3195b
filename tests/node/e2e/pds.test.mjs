// End-to-end tests of the PDS with the official client (@atproto/api's AtpAgent). Started by run.mjs, which passes
// PDS_URL, PLC_URL and PDS_ADMIN_PASSWORD. The tests run in order and share the accounts they create.
import { describe, it, before } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import { AtpAgent } from '@atproto/api'

const service = process.env.PDS_URL
const plcUrl = process.env.PLC_URL
if (!service) throw new Error('PDS_URL is not set: run tests/node/e2e/run.mjs')

const suffix = Math.random().toString(36).slice(2, 8)
const alice = { handle: `alice${suffix}.test`, email: `alice${suffix}@example.com`, password: 'alice-password-1' }
const bob = { handle: `bob${suffix}.test`, email: `bob${suffix}@example.com`, password: 'bob-password-22' }
const post = (text) => ({ text, createdAt: new Date().toISOString() })

/** Asserts that a promise fails with an XRPC error of that status and name. */
async function rejectsWith(promise, status, error) {
  await assert.rejects(promise, (e) => {
    assert.equal(e.status, status, `status of ${e.error}: ${e.message}`)
    assert.equal(e.error, error, e.message)
    return true
  })
}

/** Calls an XRPC method with fetch, for requests the client would not send. */
async function raw(method, nsid, { token, body, headers = {}, query = '' } = {}) {
  const init = { method, headers: { ...headers } }
  if (token) init.headers.authorization = `Bearer ${token}`
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json'
    init.body = typeof body === 'string' ? body : JSON.stringify(body)
  }
  const res = await fetch(`${service}/xrpc/${nsid}${query}`, init)
  const text = await res.text()
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined }
}

/** GETs /.well-known/atproto-did with the Host header set to a handle (fetch does not let a caller set Host). */
function wellKnownDid(handle) {
  const url = new URL('/.well-known/atproto-did', service)
  return new Promise((ok, fail) => {
    http.get({ host: url.hostname, port: url.port, path: url.pathname, headers: { host: handle } }, (res) => {
      let body = ''
      res.on('data', (d) => { body += d })
      res.on('end', () => ok(body))
    }).on('error', fail)
  })
}

async function listPosts(agent, did = agent.session.did) {
  const { data } = await agent.com.atproto.repo.listRecords({ repo: did, collection: 'app.bsky.feed.post' })
  return data.records
}

async function head(agent) {
  const { data } = await agent.com.atproto.server.checkAccountStatus()
  return data.repoCommit
}

describe('accounts and sessions', () => {
  const a = new AtpAgent({ service })
  const b = new AtpAgent({ service })

  it('describeServer lists the user domain', async () => {
    const { data } = await a.com.atproto.server.describeServer()
    assert.deepEqual(data.availableUserDomains, ['.test'])
  })

  it('createAccount registers a did:plc in the PLC directory and opens a session', async () => {
    const { data } = await a.createAccount(alice)
    assert.match(data.did, /^did:plc:[a-z2-7]{24}$/)
    assert.equal(data.handle, alice.handle)
    assert.equal(a.session.did, data.did)
    alice.did = data.did
    const doc = await (await fetch(`${plcUrl}/${data.did}`)).json()
    assert.deepEqual(doc.alsoKnownAs, [`at://${alice.handle}`])
    assert.equal(doc.service[0].serviceEndpoint, service)
    await b.createAccount(bob)
    bob.did = b.session.did
  })

  it('the new repo is empty and described', async () => {
    const { data } = await a.com.atproto.repo.describeRepo({ repo: alice.handle })
    assert.equal(data.did, alice.did)
    assert.deepEqual(data.collections, [])
    assert.equal(data.handleIsCorrect, true)
  })

  it('login with handle and password, getSession', async () => {
    const agent = new AtpAgent({ service })
    await agent.login({ identifier: alice.handle, password: alice.password })
    const { data } = await agent.com.atproto.server.getSession()
    assert.equal(data.did, alice.did)
    assert.equal(data.handle, alice.handle)
    assert.equal(data.email, alice.email)
    assert.equal(data.active, true)
  })

  it('login with a wrong password fails with AuthenticationRequired', async () => {
    await rejectsWith(new AtpAgent({ service }).login({ identifier: alice.handle, password: 'wrong-password' }), 401, 'AuthenticationRequired')
  })

  it('refreshSession rotates the tokens; deleteSession revokes the refresh token', async () => {
    const agent = new AtpAgent({ service })
    await agent.login({ identifier: alice.email, password: alice.password })
    const before = agent.session.refreshJwt
    await agent.sessionManager.refreshSession()
    assert.notEqual(agent.session.refreshJwt, before)
    const current = agent.session.refreshJwt
    const del = await raw('POST', 'com.atproto.server.deleteSession', { token: current })
    assert.equal(del.status, 200)
    const again = await raw('POST', 'com.atproto.server.refreshSession', { token: current })
    assert.equal(again.status, 400)
    assert.equal(again.json.error, 'ExpiredToken')
  })

  it('app passwords: create, log in with one, list, revoke', async () => {
    const { data: created } = await a.com.atproto.server.createAppPassword({ name: 'e2e app' })
    assert.match(created.password, /^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/)
    const app = new AtpAgent({ service })
    await app.login({ identifier: alice.handle, password: created.password })
    await app.post(post('from an app password'))
    // An app-password session may not manage app passwords.
    await rejectsWith(app.com.atproto.server.listAppPasswords(), 400, 'InvalidToken')
    const { data: list } = await a.com.atproto.server.listAppPasswords()
    assert.deepEqual(list.passwords.map((p) => p.name), ['e2e app'])
    await a.com.atproto.server.revokeAppPassword({ name: 'e2e app' })
    assert.deepEqual((await a.com.atproto.server.listAppPasswords()).data.passwords, [])
    await rejectsWith(new AtpAgent({ service }).login({ identifier: alice.handle, password: created.password }), 401, 'AuthenticationRequired')
  })

  it('getServiceAuth issues a token for another service', async () => {
    const { data } = await a.com.atproto.server.getServiceAuth({ aud: 'did:web:example.com', lxm: 'app.bsky.feed.getTimeline' })
    assert.equal(data.token.split('.').length, 3)
  })
})

describe('records', () => {
  const a = new AtpAgent({ service })
  const b = new AtpAgent({ service })
  before(async () => {
    await a.login({ identifier: alice.handle, password: alice.password })
    await b.login({ identifier: bob.handle, password: bob.password })
  })

  it('post, like, follow and upsertProfile through the client', async () => {
    const first = await a.post(post('hello from the e2e suite'))
    assert.match(first.uri, new RegExp(`^at://${alice.did}/app.bsky.feed.post/`))
    const like = await b.like(first.uri, first.cid)
    const follow = await b.follow(alice.did)
    await a.upsertProfile((existing) => ({ ...existing, displayName: 'Alice' }))
    await a.upsertProfile((existing) => ({ ...existing, description: 'second update' }))
    const { data: profile } = await a.com.atproto.repo.getRecord({ repo: alice.did, collection: 'app.bsky.actor.profile', rkey: 'self' })
    assert.equal(profile.value.displayName, 'Alice')
    assert.equal(profile.value.description, 'second update')
    const { data: likeRecord } = await b.com.atproto.repo.getRecord({ repo: bob.handle, collection: 'app.bsky.feed.like', rkey: like.uri.split('/').pop() })
    assert.equal(likeRecord.value.subject.uri, first.uri)
    assert.equal(likeRecord.value.subject.cid, first.cid)
    const { data: described } = await b.com.atproto.repo.describeRepo({ repo: bob.did })
    assert.deepEqual(described.collections, ['app.bsky.feed.like', 'app.bsky.graph.follow'])
    await b.deleteFollow(follow.uri)
  })

  it('createRecord reports validationStatus valid for a known lexicon and unknown for another', async () => {
    const { data: known } = await a.com.atproto.repo.createRecord({ repo: alice.did, collection: 'app.bsky.feed.post', record: post('validated') })
    assert.equal(known.validationStatus, 'valid')
    const { data: custom } = await a.com.atproto.repo.createRecord({ repo: alice.did, collection: 'com.example.thing', record: { anything: 1 } })
    assert.equal(custom.validationStatus, 'unknown')
    const { data: skipped } = await a.com.atproto.repo.createRecord({ repo: alice.did, collection: 'app.bsky.feed.post', record: { text: 1 }, validate: false })
    assert.equal(skipped.validationStatus, undefined)
    await a.com.atproto.repo.deleteRecord({ repo: alice.did, collection: 'app.bsky.feed.post', rkey: skipped.uri.split('/').pop() })
  })

  it('listRecords pages newest first; deleteRecord removes; getRecord of a deleted record fails', async () => {
    const posts = await listPosts(a)
    assert.ok(posts.length >= 3)
    const page = await a.com.atproto.repo.listRecords({ repo: alice.did, collection: 'app.bsky.feed.post', limit: 1 })
    assert.equal(page.data.records.length, 1)
    assert.equal(page.data.records[0].uri, posts[0].uri)
    const next = await a.com.atproto.repo.listRecords({ repo: alice.did, collection: 'app.bsky.feed.post', limit: 1, cursor: page.data.cursor })
    assert.equal(next.data.records[0].uri, posts[1].uri)
    const rkey = posts[0].uri.split('/').pop()
    await a.deletePost(posts[0].uri)
    assert.equal((await listPosts(a)).length, posts.length - 1)
    await rejectsWith(a.com.atproto.repo.getRecord({ repo: alice.did, collection: 'app.bsky.feed.post', rkey }), 400, 'RecordNotFound')
  })

  it('applyWrites creates, updates and deletes in one commit', async () => {
    const { data } = await a.com.atproto.repo.applyWrites({
      repo: alice.did,
      writes: [
        { $type: 'com.atproto.repo.applyWrites#create', collection: 'app.bsky.feed.post', rkey: '3kaaaaaaaaa22', value: post('batch one') },
        { $type: 'com.atproto.repo.applyWrites#create', collection: 'app.bsky.feed.post', rkey: '3kaaaaaaaaa23', value: post('batch two') },
      ],
    })
    assert.equal(data.results.length, 2)
    assert.equal(data.results[0].validationStatus, 'valid')
    const { data: second } = await a.com.atproto.repo.applyWrites({
      repo: alice.did,
      swapCommit: data.commit.cid,
      writes: [
        { $type: 'com.atproto.repo.applyWrites#update', collection: 'app.bsky.feed.post', rkey: '3kaaaaaaaaa22', value: post('batch one, edited') },
        { $type: 'com.atproto.repo.applyWrites#delete', collection: 'app.bsky.feed.post', rkey: '3kaaaaaaaaa23' },
      ],
    })
    assert.deepEqual(second.results.map((r) => r.$type), ['com.atproto.repo.applyWrites#updateResult', 'com.atproto.repo.applyWrites#deleteResult'])
    const { data: edited } = await a.com.atproto.repo.getRecord({ repo: alice.did, collection: 'app.bsky.feed.post', rkey: '3kaaaaaaaaa22' })
    assert.equal(edited.value.text, 'batch one, edited')
  })

  it('anyone can read a hosted repo without auth', async () => {
    const anonymous = new AtpAgent({ service })
    const { data } = await anonymous.com.atproto.repo.listRecords({ repo: alice.handle, collection: 'app.bsky.feed.post' })
    assert.ok(data.records.length > 0)
  })
})

describe('refused requests change nothing', () => {
  const a = new AtpAgent({ service })
  const b = new AtpAgent({ service })
  let commitBefore
  before(async () => {
    await a.login({ identifier: alice.handle, password: alice.password })
    await b.login({ identifier: bob.handle, password: bob.password })
  })

  const createPost = (extra = {}) => ({ repo: alice.did, collection: 'app.bsky.feed.post', record: post('should not exist'), ...extra })

  async function assertUnchanged() {
    assert.equal(await head(a), commitBefore)
  }

  it('no token: 401 AuthenticationRequired', async () => {
    commitBefore = await head(a)
    const res = await raw('POST', 'com.atproto.repo.createRecord', { body: createPost() })
    assert.equal(res.status, 401)
    assert.equal(res.json.error, 'AuthenticationRequired')
    await assertUnchanged()
  })

  it('bad token: 400 InvalidToken', async () => {
    const res = await raw('POST', 'com.atproto.repo.createRecord', { token: 'not.a.jwt', body: createPost() })
    assert.equal(res.status, 400)
    assert.equal(res.json.error, 'InvalidToken')
    const refresh = await raw('POST', 'com.atproto.repo.createRecord', { token: a.session.refreshJwt, body: createPost() })
    assert.equal(refresh.status, 400)
    assert.equal(refresh.json.error, 'InvalidToken')
    await assertUnchanged()
  })

  it("another account's repo: 401 AuthenticationRequired", async () => {
    await rejectsWith(b.com.atproto.repo.createRecord(createPost()), 401, 'AuthenticationRequired')
    await rejectsWith(b.com.atproto.repo.deleteRecord({ repo: alice.did, collection: 'app.bsky.actor.profile', rkey: 'self' }), 401, 'AuthenticationRequired')
    await assertUnchanged()
  })

  it('invalid record: 400 InvalidRequest, as the reference', async () => {
    await rejectsWith(a.com.atproto.repo.createRecord(createPost({ record: { $type: 'app.bsky.feed.post', text: 'no createdAt' } })), 400, 'InvalidRequest')
    await rejectsWith(a.com.atproto.repo.createRecord(createPost({ record: { text: 'x'.repeat(3001), createdAt: new Date().toISOString() } })), 400, 'InvalidRequest')
    await rejectsWith(a.com.atproto.repo.createRecord(createPost({ collection: 'com.example.thing', record: { a: 1 }, validate: true })), 400, 'InvalidRequest')
    await rejectsWith(a.com.atproto.repo.createRecord(createPost({ record: { $type: 'app.bsky.feed.like', text: 'x', createdAt: new Date().toISOString() } })), 400, 'InvalidRequest')
    await assertUnchanged()
  })

  it('oversize body: 413 PayloadTooLarge', async () => {
    const res = await raw('POST', 'com.atproto.repo.createRecord', {
      token: a.session.accessJwt,
      body: createPost({ collection: 'com.example.big', record: { blob: 'x'.repeat(1024 * 1024 + 10) } }),
    })
    assert.equal(res.status, 413)
    assert.equal(res.json.error, 'PayloadTooLarge')
    await assertUnchanged()
  })

  it('stale swapCommit: 400 InvalidSwap', async () => {
    const { data } = await a.com.atproto.repo.createRecord(createPost({ record: post('moves the head') }))
    commitBefore = data.commit.cid
    const { data: after } = await a.com.atproto.repo.createRecord(createPost({ record: post('moves it again') }))
    commitBefore = after.commit.cid
    await rejectsWith(a.com.atproto.repo.createRecord(createPost({ swapCommit: data.commit.cid })), 400, 'InvalidSwap')
    await rejectsWith(a.com.atproto.repo.putRecord({ repo: alice.did, collection: 'app.bsky.actor.profile', rkey: 'self', record: { displayName: 'X' }, swapRecord: data.cid }), 400, 'InvalidSwap')
    await assertUnchanged()
  })

  it('unknown method: proxied to the AppView, whose 501 MethodNotImplemented comes back', async () => {
    const res = await raw('GET', 'com.example.noSuchMethod', { token: a.session.accessJwt })
    assert.equal(res.status, 501)
    assert.equal(res.json.error, 'MethodNotImplemented')
    await assertUnchanged()
  })
})

describe('account status and identity', () => {
  const a = new AtpAgent({ service })
  before(async () => { await a.login({ identifier: alice.handle, password: alice.password }) })

  it('a deactivated account cannot write but can read its status; activation restores it', async () => {
    await a.com.atproto.server.deactivateAccount({})
    const commit = await head(a)
    const { data: status } = await a.com.atproto.server.checkAccountStatus()
    assert.equal(status.activated, false)
    await rejectsWith(a.post(post('while deactivated')), 401, 'AccountDeactivated')
    assert.equal(await head(a), commit)
    const { data: session } = await a.com.atproto.server.getSession()
    assert.equal(session.active, false)
    assert.equal(session.status, 'deactivated')
    await a.com.atproto.server.activateAccount()
    assert.equal((await a.com.atproto.server.checkAccountStatus()).data.activated, true)
    await a.post(post('active again'))
  })

  it('updateHandle changes the handle in the PLC directory and the server; resolveHandle follows', async () => {
    const newHandle = `alice2${suffix}.test`
    await a.updateHandle({ handle: newHandle })
    const oldHandle = alice.handle
    alice.handle = newHandle
    const { data } = await a.resolveHandle({ handle: newHandle })
    assert.equal(data.did, alice.did)
    await rejectsWith(a.resolveHandle({ handle: oldHandle }), 400, 'HandleNotFound')
    const doc = await (await fetch(`${plcUrl}/${alice.did}`)).json()
    assert.deepEqual(doc.alsoKnownAs, [`at://${newHandle}`])
    assert.equal(await wellKnownDid(newHandle), alice.did)
    await rejectsWith(a.updateHandle({ handle: bob.handle }), 400, 'HandleNotAvailable')
  })

  it('getRecommendedDidCredentials names this server', async () => {
    const { data } = await a.com.atproto.identity.getRecommendedDidCredentials()
    assert.deepEqual(data.alsoKnownAs, [`at://${alice.handle}`])
    assert.equal(data.services.atproto_pds.endpoint, service)
    assert.equal(data.rotationKeys.length, 1)
  })

  it('requests are rate limited with RateLimit headers', async () => {
    const res = await fetch(`${service}/xrpc/com.atproto.server.describeServer`)
    assert.ok(Number(res.headers.get('ratelimit-limit')) > 0)
    assert.ok(res.headers.get('ratelimit-remaining') !== null)
  })
})
