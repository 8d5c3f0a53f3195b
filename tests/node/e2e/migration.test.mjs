// Account migration into this PDS (atproto.com/specs/account, "Account Migration"), driven the way the official client
// does it. The old PDS is played by keys held here: its DID is registered in the test PLC directory with
// @did-plc/lib, its service-auth JWT is made with @atproto/xrpc-server's createServiceJwt, and its repo export is a
// CAR built with @atproto/repo. Started by run.mjs, which passes PDS_URL and PLC_URL.
import { describe, it, before } from 'node:test'
import assert from 'node:assert/strict'
import { AtpAgent } from '@atproto/api'
import { Secp256k1Keypair } from '@atproto/crypto'
import { MemoryBlockstore, Repo, WriteOpAction, concatBytesAsync, getFullRepo } from '@atproto/repo'
import { TID } from '@atproto/common-web'
import { createServiceJwt } from '@atproto/xrpc-server'
import * as plc from '@did-plc/lib'

const service = process.env.PDS_URL
const plcUrl = process.env.PLC_URL
if (!service || !plcUrl) throw new Error('PDS_URL or PLC_URL is not set: run tests/node/e2e/run.mjs')

const suffix = Math.random().toString(36).slice(2, 8)
const handle = `mover${suffix}.test`
const password = 'mover-password-1'
const createAccountNsid = 'com.atproto.server.createAccount'

async function rejectsWith(promise, status, error) {
  await assert.rejects(promise, (e) => {
    assert.equal(e.status, status, `status of ${e.error}: ${e.message}`)
    assert.equal(e.error, error, e.message)
    return true
  })
}

describe('account migration into this PDS', () => {
  const plcClient = new plc.Client(plcUrl)
  const agent = new AtpAgent({ service })
  let serviceDid, did, rotation, oldSigning, lastOp
  const records = []

  before(async () => {
    serviceDid = (await agent.com.atproto.server.describeServer()).data.did
    rotation = await Secp256k1Keypair.create({ exportable: true })
    oldSigning = await Secp256k1Keypair.create({ exportable: true })
    const created = await plc.createOp({
      signingKey: oldSigning.did(),
      handle: `mover${suffix}.old-pds.example.org`,
      pds: 'https://old-pds.example.org',
      rotationKeys: [rotation.did()],
      signer: rotation,
    })
    did = created.did
    lastOp = created.op
    await plcClient.sendOperation(did, created.op)
  })

  it('createAccount with the DID and a service JWT from the old PDS creates a deactivated account', async () => {
    const jwt = await createServiceJwt({ iss: did, aud: serviceDid, lxm: createAccountNsid, keypair: oldSigning })
    const { data } = await agent.com.atproto.server.createAccount(
      { handle, email: `mover${suffix}@example.com`, password, did },
      { headers: { authorization: `Bearer ${jwt}` }, encoding: 'application/json' },
    )
    assert.equal(data.did, did)
    // Not agent.login: the session's DID document still names the old PDS, and the client would follow it there.
    agent.setHeader('authorization', `Bearer ${data.accessJwt}`)
    const status = (await agent.com.atproto.server.checkAccountStatus()).data
    assert.equal(status.activated, false)
    assert.equal(status.validDid, false)
  })

  it('createAccount refuses a service JWT for another method or audience', async () => {
    const wrongLxm = await createServiceJwt({ iss: did, aud: serviceDid, lxm: 'com.atproto.server.getSession', keypair: oldSigning })
    const wrongAud = await createServiceJwt({ iss: did, aud: 'did:web:elsewhere.example.org', lxm: createAccountNsid, keypair: oldSigning })
    const input = { handle: `other${suffix}.test`, email: `other${suffix}@example.com`, password, did }
    await rejectsWith(new AtpAgent({ service }).com.atproto.server.createAccount(input,
      { headers: { authorization: `Bearer ${wrongLxm}` }, encoding: 'application/json' }), 401, 'BadJwtLexiconMethod')
    await rejectsWith(new AtpAgent({ service }).com.atproto.server.createAccount(input,
      { headers: { authorization: `Bearer ${wrongAud}` }, encoding: 'application/json' }), 401, 'BadJwtAudience')
  })

  it('importRepo takes the old repo as a CAR made by @atproto/repo', async () => {
    const storage = new MemoryBlockstore()
    const writes = []
    for (let i = 0; i < 60; i++) {
      const rkey = TID.nextStr()
      const record = { $type: 'app.bsky.feed.post', text: `moved post ${i}`, createdAt: new Date().toISOString() }
      writes.push({ action: WriteOpAction.Create, collection: 'app.bsky.feed.post', rkey, record })
      records.push({ rkey, text: record.text })
    }
    const repo = await Repo.create(storage, did, oldSigning, writes)
    const car = await concatBytesAsync(getFullRepo(storage, repo.cid))

    await agent.com.atproto.repo.importRepo(car, { encoding: 'application/vnd.ipld.car' })

    const status = (await agent.com.atproto.server.checkAccountStatus()).data
    assert.equal(status.activated, false)
    assert.notEqual(status.repoCommit, repo.cid.toString(), 'the import is re-signed here as a new commit')
    assert.equal(status.indexedRecords, 60, 'indexedRecords counts the imported records')
    assert.ok(status.repoBlocks > 60, `repoBlocks counts the records, the MST nodes and the commit (got ${status.repoBlocks})`)
  })

  it('activateAccount is refused while the DID document still points at the old PDS', async () => {
    await rejectsWith(agent.com.atproto.server.activateAccount(), 400, 'InvalidRequest')
  })

  it('after the PLC update with the recommended credentials, activateAccount serves the imported records', async () => {
    const creds = (await agent.com.atproto.identity.getRecommendedDidCredentials()).data
    const atprotoKey = creds.verificationMethods.atproto
    const endpoint = creds.services.atproto_pds.endpoint
    for (const update of [
      (op) => plc.updateAtprotoKeyOp(op, rotation, atprotoKey),
      (op) => plc.updatePdsOp(op, rotation, endpoint),
      (op) => plc.updateHandleOp(op, rotation, handle),
    ]) {
      lastOp = await update(lastOp)
      await plcClient.sendOperation(did, lastOp)
    }

    await agent.com.atproto.server.activateAccount()

    const status = (await agent.com.atproto.server.checkAccountStatus()).data
    assert.equal(status.activated, true)
    assert.equal(status.validDid, true)
    const listed = []
    let cursor
    do {
      const { data } = await agent.com.atproto.repo.listRecords({ repo: did, collection: 'app.bsky.feed.post', limit: 100, cursor })
      listed.push(...data.records)
      cursor = data.cursor
    } while (cursor)
    assert.deepEqual(
      listed.map((r) => ({ rkey: r.uri.split('/').pop(), text: r.value.text })).sort((a, b) => a.rkey.localeCompare(b.rkey)),
      [...records].sort((a, b) => a.rkey.localeCompare(b.rkey)),
    )
    await agent.com.atproto.repo.createRecord({ repo: did, collection: 'app.bsky.feed.post', record: { text: 'first post here', createdAt: new Date().toISOString() } })
  })

  it('a service JWT from an account hosted here cannot bring its DID in again: AlreadyExists', async () => {
    const { data } = await agent.com.atproto.server.getServiceAuth({ aud: serviceDid, lxm: createAccountNsid })
    await rejectsWith(new AtpAgent({ service }).com.atproto.server.createAccount(
      { handle: `again${suffix}.test`, email: `again${suffix}@example.com`, password, did },
      { headers: { authorization: `Bearer ${data.token}` }, encoding: 'application/json' }), 400, 'AlreadyExists')
  })
})
