// End-to-end tests of the blob routes with the official client: uploadBlob through AtpAgent.uploadBlob, getBlob and
// listBlobs through the agent, byte ranges and headers through fetch. Started by run.mjs (PDS_URL).
import { describe, it, before } from 'node:test'
import assert from 'node:assert/strict'
import { AtpAgent } from '@atproto/api'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'

const service = process.env.PDS_URL
if (!service) throw new Error('PDS_URL is not set: run tests/node/e2e/run.mjs')

// A 1x1 transparent PNG.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')

async function rawCid(bytes) {
  return CID.createV1(raw.code, await sha256.digest(bytes)).toString()
}

describe('blobs', () => {
  const suffix = Math.random().toString(36).slice(2, 8)
  const agent = new AtpAgent({ service })
  let did
  let uploaded

  before(async () => {
    await agent.createAccount({ handle: `carol${suffix}.test`, email: `carol${suffix}@example.com`, password: 'carol-password-1' })
    did = agent.session.did
  })

  it('uploadBlob returns a blob ref with the raw CID, the type and the size', async () => {
    const { data } = await agent.uploadBlob(png, { encoding: 'image/png' })
    uploaded = data.blob
    assert.equal(uploaded.ref.toString(), await rawCid(png))
    assert.equal(uploaded.mimeType, 'image/png')
    assert.equal(uploaded.size, png.length)
    // getBlob serves a blob only once a record references it, as the reference PDS does.
    await agent.post({ text: 'with an image', embed: { $type: 'app.bsky.embed.images', images: [{ image: uploaded, alt: '' }] }, createdAt: new Date().toISOString() })
  })

  it('getBlob returns the same bytes with the stored type and inert headers', async () => {
    const { data, headers } = await agent.com.atproto.sync.getBlob({ did, cid: uploaded.ref.toString() })
    assert.deepEqual(Buffer.from(data), png)
    assert.equal(headers['content-type'], 'image/png')
    assert.equal(headers['x-content-type-options'], 'nosniff')
    assert.equal(headers['content-security-policy'], "default-src 'none'; sandbox")
  })

  it('getBlob answers a byte range with 206 and exactly those bytes', async () => {
    const res = await fetch(`${service}/xrpc/com.atproto.sync.getBlob?did=${did}&cid=${uploaded.ref}`, { headers: { range: 'bytes=1-3' } })
    assert.equal(res.status, 206)
    assert.equal(res.headers.get('content-range'), `bytes 1-3/${png.length}`)
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), png.subarray(1, 4))
  })

  it('the sniffed type wins over a wrong declared one', async () => {
    const { data } = await agent.uploadBlob(png, { encoding: 'image/jpeg' })
    assert.equal(data.blob.mimeType, 'image/png')
    assert.equal(data.blob.ref.toString(), uploaded.ref.toString())
  })

  it('a missing blob is BlobNotFound', async () => {
    await assert.rejects(agent.com.atproto.sync.getBlob({ did, cid: await rawCid(Buffer.from('never uploaded')) }), (e) => {
      assert.equal(e.status, 400)
      assert.equal(e.error, 'BlobNotFound')
      return true
    })
  })

  it('a post that embeds the image keeps its blob ref, and the blob stays listed and fetchable', async () => {
    const { uri } = await agent.post({
      text: 'with an image',
      createdAt: new Date().toISOString(),
      embed: { $type: 'app.bsky.embed.images', images: [{ image: uploaded, alt: 'a pixel' }] },
    })
    const { data: record } = await agent.com.atproto.repo.getRecord({ repo: did, collection: 'app.bsky.feed.post', rkey: uri.split('/').pop() })
    assert.equal(record.value.embed.images[0].image.ref.toString(), uploaded.ref.toString())
    const { data: listed } = await agent.com.atproto.sync.listBlobs({ did })
    assert.ok(listed.cids.includes(uploaded.ref.toString()), JSON.stringify(listed))
    const { data } = await agent.com.atproto.sync.getBlob({ did, cid: uploaded.ref.toString() })
    assert.deepEqual(Buffer.from(data), png)
  })
})
