// End-to-end tests of the com.atproto.sync queries, checked with the reference implementation's own verification
// (@atproto/repo): getRepo must hold exactly the current repo (no deleted or replaced record), getRecord proofs must
// verify, also as proofs of non-existence. Started by run.mjs (PDS_URL, PLC_URL, PDS_ADMIN_PASSWORD).
import { describe, it, before } from 'node:test'
import assert from 'node:assert/strict'
import { AtpAgent } from '@atproto/api'
import { MemoryBlockstore, Repo, readCar, readCarWithRoot, verifyProofs, verifyRecords, verifyRepoCar } from '@atproto/repo'
import { CID } from 'multiformats/cid'

const service = process.env.PDS_URL
const plcUrl = process.env.PLC_URL
const adminPassword = process.env.PDS_ADMIN_PASSWORD
if (!service) throw new Error('PDS_URL is not set: run tests/node/e2e/run.mjs')

const suffix = Math.random().toString(36).slice(2, 8)
const carol = { handle: `carol${suffix}.test`, email: `carol${suffix}@example.com`, password: 'carol-password-1' }
const collection = 'app.bsky.feed.post'
const post = (text) => ({ text, createdAt: new Date().toISOString() })

/** GETs an XRPC query with fetch and returns the status, content type and body bytes. */
async function get(nsid, params, headers = {}) {
  const res = await fetch(`${service}/xrpc/${nsid}?${new URLSearchParams(params)}`, { headers })
  return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) }
}

const json = (bytes) => JSON.parse(new TextDecoder().decode(bytes))

describe('com.atproto.sync', () => {
  const agent = new AtpAgent({ service })
  const live = new Map() // rkey -> CID string
  const gone = [] // CID strings of deleted or replaced records
  let deletedRkey
  let signingKey

  before(async () => {
    await agent.createAccount(carol)
    carol.did = agent.session.did
    const data = await (await fetch(`${plcUrl}/${carol.did}/data`)).json()
    signingKey = data.verificationMethods.atproto
    assert.match(signingKey, /^did:key:z/)
    for (let i = 0; i < 12; i++) {
      const { data } = await agent.com.atproto.repo.createRecord({ repo: carol.did, collection, record: post(`post ${i}`) })
      live.set(data.uri.split('/').pop(), data.cid)
    }
    const rkeys = [...live.keys()]
    const { data: updated } = await agent.com.atproto.repo.putRecord({ repo: carol.did, collection, rkey: rkeys[0], record: post('edited') })
    gone.push(live.get(rkeys[0]))
    live.set(rkeys[0], updated.cid)
    for (const rkey of rkeys.slice(1, 4)) {
      await agent.com.atproto.repo.deleteRecord({ repo: carol.did, collection, rkey })
      gone.push(live.get(rkey))
      live.delete(rkey)
    }
    deletedRkey = rkeys[1]
  })

  it('getRepo is a CAR that verifies and holds exactly the current records and nothing else', async () => {
    const res = await get('com.atproto.sync.getRepo', { did: carol.did })
    assert.equal(res.status, 200)
    assert.equal(res.type, 'application/vnd.ipld.car')

    const verified = await verifyRepoCar(res.bytes, carol.did, signingKey)
    const records = new Map(verified.creates.map((c) => [c.rkey, c.cid.toString()]))
    assert.deepEqual(new Map([...records].sort()), new Map([...live].sort()))
    assert.ok(verified.creates.every((c) => c.collection === collection))

    const { root, blocks } = await readCarWithRoot(res.bytes)
    const { data: latest } = await agent.com.atproto.sync.getLatestCommit({ did: carol.did })
    assert.equal(root.toString(), latest.cid)
    const repo = await Repo.load(new MemoryBlockstore(blocks), root)
    const reachable = await repo.data.allCids()
    assert.equal(blocks.size, reachable.size() + 1, 'only the commit, the MST nodes and the records')
    for (const cid of gone) assert.ok(!blocks.has(CID.parse(cid)), `a deleted or replaced record leaked: ${cid}`)
  })

  it('getRepo since a rev holds the new blocks, which apply on top of the repo at that rev', async () => {
    const before = (await get('com.atproto.sync.getRepo', { did: carol.did })).bytes
    const { data: old } = await agent.com.atproto.sync.getLatestCommit({ did: carol.did })
    const { data: added } = await agent.com.atproto.repo.createRecord({ repo: carol.did, collection, record: post('later') })
    live.set(added.uri.split('/').pop(), added.cid)

    const diff = await get('com.atproto.sync.getRepo', { did: carol.did, since: old.rev })
    assert.equal(diff.status, 200)
    const { blocks: diffBlocks } = await readCarWithRoot(diff.bytes)
    const { blocks: oldBlocks } = await readCarWithRoot(before)
    assert.ok(diffBlocks.has(CID.parse(added.cid)))
    assert.ok(diffBlocks.size < oldBlocks.size)
    for (const [cid, bytes] of oldBlocks) diffBlocks.set(cid, bytes)
    const { root } = await readCarWithRoot(diff.bytes)
    const repo = await Repo.load(new MemoryBlockstore(diffBlocks), root)
    const contents = await repo.getContents()
    assert.deepEqual(Object.keys(contents[collection]).sort(), [...live.keys()].sort())
  })

  it('getRecord proves a live record and the absence of a deleted one', async () => {
    const [rkey, cid] = [...live][0]
    const present = await get('com.atproto.sync.getRecord', { did: carol.did, collection, rkey })
    assert.equal(present.status, 200)
    const claims = await verifyRecords(present.bytes, carol.did, signingKey)
    assert.deepEqual(claims.map((c) => [c.collection, c.rkey, c.record.$type]), [[collection, rkey, collection]])
    const proven = await verifyProofs(present.bytes, [{ collection, rkey, cid: CID.parse(cid) }], carol.did, signingKey)
    assert.equal(proven.verified.length, 1)

    const absent = await get('com.atproto.sync.getRecord', { did: carol.did, collection, rkey: deletedRkey })
    assert.equal(absent.status, 200)
    const { verified, unverified } = await verifyProofs(absent.bytes, [{ collection, rkey: deletedRkey, cid: null }], carol.did, signingKey)
    assert.equal(verified.length, 1)
    assert.equal(unverified.length, 0)
    assert.deepEqual(await verifyRecords(absent.bytes, carol.did, signingKey), [])
  })

  it('getBlocks returns the blocks asked for, and BlockNotFound for one it does not hold', async () => {
    const { data: latest } = await agent.com.atproto.sync.getLatestCommit({ did: carol.did })
    const ok = await get('com.atproto.sync.getBlocks', { did: carol.did, cids: latest.cid })
    assert.equal(ok.status, 200)
    const { roots, blocks } = await readCar(ok.bytes)
    assert.deepEqual([roots.length, blocks.size], [0, 1])
    assert.ok(blocks.has(CID.parse(latest.cid)))
    const missing = await get('com.atproto.sync.getBlocks', { did: carol.did, cids: 'bafyreidfayvfuwqa7qlnopdjiqrxzs6blmoeu4rujcjtnci5beludirz2a' })
    assert.equal(missing.status, 400)
    assert.equal(json(missing.bytes).error, 'BlockNotFound')
  })

  it('getRepoStatus and listRepos report the repo; a deactivated repo is refused except to its owner and the admin', async () => {
    const { data: status } = await agent.com.atproto.sync.getRepoStatus({ did: carol.did })
    assert.equal(status.active, true)
    const listed = await agent.com.atproto.sync.listRepos({ limit: 1000 })
    assert.ok(listed.data.repos.some((r) => r.did === carol.did && r.active))

    await agent.com.atproto.server.deactivateAccount({})
    const refused = await get('com.atproto.sync.getRepo', { did: carol.did })
    assert.equal(refused.status, 400)
    assert.equal(json(refused.bytes).error, 'RepoDeactivated')
    const own = await get('com.atproto.sync.getRepo', { did: carol.did }, { authorization: `Bearer ${agent.session.accessJwt}` })
    assert.equal(own.status, 200)
    const admin = await get('com.atproto.sync.getLatestCommit', { did: carol.did },
      { authorization: `Basic ${Buffer.from(`admin:${adminPassword}`).toString('base64')}` })
    assert.equal(admin.status, 200)
    const { data: after } = await agent.com.atproto.sync.getRepoStatus({ did: carol.did })
    assert.deepEqual([after.active, after.status, after.rev], [false, 'deactivated', undefined])

    await agent.com.atproto.server.activateAccount()
    assert.equal((await get('com.atproto.sync.getRepo', { did: carol.did })).status, 200)
  })
})
