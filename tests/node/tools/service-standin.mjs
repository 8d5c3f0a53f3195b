// A service the PDS proxies to, for the e2e tests and the proxy benchmark: an AppView, chat or labeler stand-in on
// 127.0.0.1. It verifies every request's service-auth JWT with the reference library (@atproto/xrpc-server verifyJwt:
// ES256K/ES256 signature against the issuer's #atproto key resolved from the PLC directory by @atproto/identity, aud its
// own DID, lxm the called method), records the verified calls, and answers like the service from what it was told:
//   app.bsky.feed.getTimeline, app.bsky.feed.getAuthorFeed   {feed: the posts given to it, cursor}
//   app.bsky.feed.getPostThread   400 NotFound (it has indexed no post)
//   app.bsky.feed.getActorLikes   {feed: one post by the actor, liked by them, author displayName 'From the AppView'}
//   app.bsky.actor.getProfile                                 {did, handle, displayName, followersCount}
//   chat.bsky.convo.listConvos                                {convos: [], service: its DID}
//   anything else                                             501 MethodNotImplemented
// GET /_calls lists the verified calls (for tests in another process). Responses carry atproto-repo-rev (standIn.repoRev, when set) and atproto-content-labelers.
//   import { startStandIn } from '../tools/service-standin.mjs'
//   const s = await startStandIn({ did, plcUrl, port })   -> { url, calls, feed, repoRev, close() }
// As a process (the benchmark, run.mjs): node tools/service-standin.mjs --did <did> --plc <url> [--port N] [--no-verify]
//   [--repo-rev <tid>] (the rev it claims to have indexed, e.g. an old one so the PDS patches in newer records)
// prints "STANDIN ready at <url>".
import http from 'node:http'
import { IdResolver } from '@atproto/identity'
import { verifyJwt } from '@atproto/xrpc-server'

export async function startStandIn({ did, plcUrl, port = 0, verify = true }) {
  // The identity library's default fetch refuses IP hosts; the PLC directory of the tests is on 127.0.0.1.
  const resolver = new IdResolver({ plcUrl, fetch: globalThis.fetch })
  const state = { url: '', calls: [], feed: [], repoRev: undefined, close: () => new Promise((ok) => server.close(ok)) }
  const send = (res, status, body, headers = {}) => {
    const json = JSON.stringify(body)
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json), ...headers })
    res.end(json)
  }
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://standin')
    if (url.pathname === '/_calls') return send(res, 200, { calls: state.calls.map(({ headers, ...call }) => ({ ...call, headers })) })
    const nsid = url.pathname.replace(/^\/xrpc\//, '')
    let claims = null
    if (verify) {
      try {
        const token = (req.headers.authorization ?? '').replace(/^Bearer /, '')
        claims = await verifyJwt(token, did, nsid, (iss, force) => resolver.did.resolveAtprotoKey(iss, force))
      } catch (e) {
        return send(res, 401, { error: e.customErrorName ?? 'BadJwt', message: e.message })
      }
      state.calls.push({ nsid, iss: claims.iss, aud: claims.aud, lxm: claims.lxm, headers: req.headers })
    }
    for await (const _ of req) { /* drain the body */ }
    const headers = { 'atproto-content-labelers': 'did:plc:labeler' }
    if (state.repoRev) headers['atproto-repo-rev'] = state.repoRev
    switch (nsid) {
      case 'app.bsky.feed.getTimeline':
      case 'app.bsky.feed.getAuthorFeed':
        return send(res, 200, { feed: state.feed, cursor: 'standin-cursor' }, headers)
      case 'app.bsky.feed.getPostThread':
        return send(res, 400, { error: 'NotFound', message: `Post not found: ${url.searchParams.get('uri')}` }, headers)
      case 'app.bsky.feed.getActorLikes': {
        const actor = url.searchParams.get('actor')
        const post = {
          uri: `at://${actor}/app.bsky.feed.post/3kstandinpost2`, cid: 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm',
          author: { did: actor, handle: 'handle.invalid', displayName: 'From the AppView' },
          record: { $type: 'app.bsky.feed.post', text: 'indexed', createdAt: '2026-01-01T00:00:00.000Z' },
          indexedAt: '2026-01-01T00:00:00.000Z',
        }
        return send(res, 200, { feed: [{ post }] }, headers)
      }
      case 'app.bsky.actor.getProfile':
        return send(res, 200, { did: url.searchParams.get('actor'), handle: 'handle.invalid', displayName: 'From the AppView', followersCount: 7 }, headers)
      case 'chat.bsky.convo.listConvos':
        return send(res, 200, { convos: [], service: did }, headers)
      default:
        return send(res, 501, { error: 'MethodNotImplemented', message: `Method Not Implemented: ${nsid}` }, headers)
    }
  })
  server.keepAliveTimeout = 60_000
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok))
  state.url = `http://127.0.0.1:${server.address().port}`
  return state
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : fallback }
  const standIn = await startStandIn({
    did: arg('did', 'did:web:appview.test'), plcUrl: arg('plc', 'http://127.0.0.1:2582'),
    port: Number(arg('port', '0')), verify: !process.argv.includes('--no-verify'),
  })
  standIn.repoRev = arg('repo-rev', undefined)
  console.log(`STANDIN ready at ${standIn.url}`)
}
