// Server benchmark: our PDS (Release build, on Azurite in memory, with our PLC directory) against the reference PDS
// (@atproto/pds with an in-memory PLC directory, SQLite in a temporary folder), both on this machine on free 127.0.0.1
// ports, driven by the same client code (node:http with keep-alive). Run it through scripts/bench-servers, which
// installs the reference PDS on demand; it prints one table per scenario with both figures and ours/reference.
//
//   node tests/node/bench/servers.mjs [--scale quick|full] [--no-build] [--only name,name,...] [--servers ours,reference]
//        [--repo-records N] [--downloads N]   (get-repo: the repo's record count and the warm downloads, overriding the scale)
//
// Scenarios (each warmed up first, run against our PDS and then against the reference, one server loaded at a time):
//   create-latency   N sequential createRecord calls on one account: p50, p99 and mean latency (ms)
//   create-8, -32    8 / 32 accounts writing concurrently for a fixed time, each sequentially: records/s
//   get-record       16 concurrent readers of getRecord over those records, for a fixed time: reads/s
//   firehose-lag     write acknowledged -> its #commit frame received on a subscribeRepos WebSocket: p50, p99 (ms;
//                    below 0 when the frame comes before the acknowledgment)
//   firehose-fanout  10 subscribers during a burst from 8 writing accounts: commit events/s delivered (all subscribers,
//                    burst start to the last delivery), the burst's writes/s, and the tail: last write acknowledged ->
//                    every subscriber has every event (ms)
//   proxy            getTimeline proxied to an AppView stand-in (tools/service-standin.mjs, its own process, tokens not
//                    verified so both servers cost it the same): p50/p99 through the PDS, the same minus direct calls to
//                    the stand-in (the overhead the proxy adds), and proxied calls/s with 16 concurrent clients
//   get-repo         getRepo downloads of one account's repo built with applyWrites (200 creates per call): MB/s of the
//                    warm downloads, of the first (cold) one, and of one after a further create
// A server that does not implement a scenario's route (501, or no WebSocket upgrade) gets "n/a" for it, and so does
// one whose run fails (the reason is logged on stderr).
// Rate limits are off on both: Pds__RateLimits__Enabled=false for ours; the reference's PDS_RATE_LIMITS_ENABLED unset.
import { spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import * as dagCbor from '@ipld/dag-cbor'
import { decodeFirst } from 'cborg'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const node = process.execPath
const collection = 'app.bsky.feed.post'

// ---------------------------------------------------------------------------------------------------------------
// Options and scale
// ---------------------------------------------------------------------------------------------------------------

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`)
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback
}

const SCALES = {
  quick: { latency: 100, seconds: 8, lag: 100, burstPerAccount: 20, repoRecords: 2000, downloads: 5 },
  full: { latency: 1000, seconds: 30, lag: 500, burstPerAccount: 100, repoRecords: 10000, downloads: 10 },
}
const scaleName = option('scale', 'quick')
const scale = SCALES[scaleName]
if (!scale) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`)
// --repo-records N overrides the scale's getRepo repo size (e.g. 100000); --downloads N its warm download count.
if (option('repo-records', '')) scale.repoRecords = Number(option('repo-records', ''))
if (option('downloads', '')) scale.downloads = Number(option('downloads', ''))
const only = option('only', '') ? new Set(option('only', '').split(',')) : null
const wanted = (name) => !only || only.has(name)
const serverNames = option('servers', 'ours,reference').split(',')
const log = (line) => process.stderr.write(`bench: ${line}\n`)

// ---------------------------------------------------------------------------------------------------------------
// Processes: each child in its own process group, all stopped on exit, error or Ctrl-C
// ---------------------------------------------------------------------------------------------------------------

const started = []
const data = mkdtempSync(join(os.tmpdir(), 'bench-servers-')) // the reference PDS's SQLite files and blobs

function launch(name, command, args, env = {}) {
  const merged = { ...process.env, ...env }
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key]
  const child = spawn(command, args, { env: merged, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const proc = { name, child, output: '' }
  const keep = (chunk) => { proc.output = (proc.output + chunk).slice(-20_000) }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  started.push(proc)
  return proc
}

const running = ({ child }) => child.exitCode === null && child.signalCode === null

function signalAll(signal) {
  for (const proc of started) if (running(proc)) try { process.kill(-proc.child.pid, signal) } catch { /* gone */ }
}

async function stopEverything() {
  signalAll('SIGTERM')
  const deadline = Date.now() + 10_000
  while (started.some(running) && Date.now() < deadline) await sleep(100)
  signalAll('SIGKILL')
}

process.on('SIGINT', () => { signalAll('SIGTERM'); process.exit(130) })
process.on('SIGTERM', () => { signalAll('SIGTERM'); process.exit(143) })
process.on('exit', () => { signalAll('SIGTERM'); rmSync(data, { recursive: true, force: true }) })

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function freePort() {
  return new Promise((ok, fail) => {
    const probe = createServer()
    probe.once('error', fail)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => ok(port))
    })
  })
}

async function until(what, proc, ready, seconds = 180) {
  const deadline = Date.now() + seconds * 1000
  while (Date.now() < deadline) {
    if (!running(proc)) throw new Error(`${what} exited early:\n${proc.output.slice(-3000)}`)
    try { if (await ready()) return } catch { /* not yet */ }
    await sleep(200)
  }
  throw new Error(`${what} was not ready within ${seconds}s:\n${proc.output.slice(-3000)}`)
}

// ---------------------------------------------------------------------------------------------------------------
// Starting the two servers
// ---------------------------------------------------------------------------------------------------------------

// Azurite's well-known development account key (public, documented by Microsoft for the emulator).
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

async function startOurs() {
  const dll = join(root, 'src/ServerlessPds.Host/bin/Release/net10.0/ServerlessPds.Host.dll')
  if (!process.argv.includes('--no-build')) {
    log('building our PDS (dotnet build -c Release)')
    const build = spawnSync('dotnet', ['build', join(root, 'src/ServerlessPds.Host'), '-c', 'Release', '-v', 'q', '--nologo'], { encoding: 'utf8' })
    if (build.status !== 0) throw new Error(`dotnet build failed:\n${build.stdout}\n${build.stderr}`)
  }
  if (!existsSync(dll)) throw new Error(`${dll} is missing: run without --no-build`)

  const [blob, queue, table, plcPort, pdsPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()])
  const azurite = launch('azurite', node, [join(root, 'tests/node/node_modules/azurite/dist/src/azurite.js'),
    '--inMemoryPersistence', '--extentMemoryLimit', '1024', '--silent', '--skipApiVersionCheck', '--disableTelemetry', '--loose',
    '--blobHost', '127.0.0.1', '--blobPort', String(blob), '--queueHost', '127.0.0.1', '--queuePort', String(queue),
    '--tableHost', '127.0.0.1', '--tablePort', String(table)])
  const plc = launch('our PLC', node, [join(root, 'tests/node/tools/plc-server.mjs'), '--port', String(plcPort)])
  await until('Azurite', azurite, async () => (await portOpen(blob)) && (await portOpen(table)))
  await until('our PLC directory', plc, () => plc.output.includes('PLC ready at'))

  const url = `http://127.0.0.1:${pdsPort}`
  const pds = launch('our PDS', 'dotnet', [dll], {
    ASPNETCORE_URLS: undefined, ASPNETCORE_HTTP_PORTS: undefined, FUNCTIONS_CUSTOMHANDLER_PORT: undefined,
    DOTNET_ENVIRONMENT: 'Production',
    PDS_PORT: String(pdsPort),
    Logging__LogLevel__Default: 'Warning',
    ...appViewEnv(),
    Pds__Hostname: 'localhost',
    Pds__PublicUrl: url,
    Pds__PlcUrl: `http://127.0.0.1:${plcPort}`,
    Pds__InviteRequired: 'false',
    Pds__RateLimits__Enabled: 'false',
    Pds__AdminPassword: 'bench-admin-' + Math.random().toString(36).slice(2),
    Pds__JwtSecret: 'bench-jwt-secret-0123456789abcdef0123456789',
    Pds__KeyEncryptionKey: Buffer.from(Array.from({ length: 32 }, (_, i) => i * 5 + 3)).toString('base64'),
    Pds__Storage__Mode: 'azure',
    Pds__Storage__ConnectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};` +
      `BlobEndpoint=http://127.0.0.1:${blob}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${table}/devstoreaccount1;`,
  })
  await until('our PDS', pds, async () => (await call({ url }, 'GET', '_health')).status === 200)
  return { name: 'ours', url, pid: pds.child.pid, output: () => pds.output }
}

async function startReference(data) {
  const [pdsPort, plcPort] = [await freePort(), await freePort()]
  const proc = launch('reference PDS', node, [join(root, 'tests/node/reference/start.mjs'),
    '--port', String(pdsPort), '--plc-port', String(plcPort), '--data', data], { LOG_ENABLED: 'false', ...appViewEnv() })
  await until('the reference PDS', proc, () => proc.output.includes('REFERENCE READY'))
  return { name: 'reference', url: `http://127.0.0.1:${pdsPort}`, pid: proc.child.pid }
}

// The AppView stand-in both servers proxy to, started once before them (its own process, so it does not share the
// client's event loop). Both get it through the reference's names.
let standIn = null
async function startStandIn() {
  const proc = launch('AppView stand-in', node, [join(root, 'tests/node/tools/service-standin.mjs'), '--did', 'did:web:appview.test', '--no-verify'])
  await until('the AppView stand-in', proc, () => proc.output.includes('STANDIN ready at'))
  standIn = { name: 'stand-in', url: proc.output.match(/STANDIN ready at (\S+)/)[1] }
}

function appViewEnv() {
  return standIn ? { PDS_BSKY_APP_VIEW_URL: standIn.url, PDS_BSKY_APP_VIEW_DID: 'did:web:appview.test', PDS_DISABLE_SSRF_PROTECTION: 'true' } : {}
}

function portOpen(port) {
  return new Promise((ok) => {
    const socket = http.request({ host: '127.0.0.1', port, method: 'HEAD', path: '/' })
    socket.once('response', (res) => { res.resume(); ok(true) })
    socket.once('error', () => ok(false))
    socket.end()
  })
}

// ---------------------------------------------------------------------------------------------------------------
// The client: node:http with one keep-alive agent (the same for both servers)
// ---------------------------------------------------------------------------------------------------------------

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })

/** One XRPC call; resolves {status, json} or, with countOnly, {status, bytes} without keeping the body. */
function call(server, method, nsid, { query, body, token, countOnly } = {}) {
  return new Promise((ok, fail) => {
    const target = new URL(`/xrpc/${nsid}`, server.url)
    for (const [k, v] of Object.entries(query ?? {})) target.searchParams.set(k, v)
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
    const headers = {}
    if (payload) { headers['content-type'] = 'application/json'; headers['content-length'] = payload.length }
    if (token) headers.authorization = `Bearer ${token}`
    const req = http.request(target, { method, agent, headers }, (res) => {
      let bytes = 0
      const chunks = []
      res.on('data', (chunk) => { bytes += chunk.length; if (!countOnly) chunks.push(chunk) })
      res.on('end', () => {
        if (countOnly) return ok({ status: res.statusCode, bytes })
        const text = Buffer.concat(chunks).toString('utf8')
        let json = null
        try { json = text ? JSON.parse(text) : null } catch { json = { raw: text.slice(0, 300) } }
        ok({ status: res.statusCode, json })
      })
      res.on('error', fail)
    })
    req.on('error', fail)
    req.end(payload)
  })
}

async function expectOk(server, method, nsid, options) {
  const result = await call(server, method, nsid, options)
  if (result.status !== 200) throw new Error(`${server.name}: ${nsid} answered ${result.status}: ${JSON.stringify(result.json)}`)
  return result.json
}

let accountCounter = 0
async function createAccount(server) {
  const name = `bench${(accountCounter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`
  const json = await expectOk(server, 'POST', 'com.atproto.server.createAccount', {
    body: { handle: `${name}.test`, email: `${name}@example.com`, password: 'bench-password-123' },
  })
  return { did: json.did, token: json.accessJwt }
}

/** Creates n accounts, four at a time (setup, not measured: the PLC directory is not what is benchmarked). */
async function createAccounts(server, n) {
  const accounts = []
  while (accounts.length < n) {
    accounts.push(...await Promise.all(Array.from({ length: Math.min(4, n - accounts.length) }, () => createAccount(server))))
  }
  return accounts
}

const post = (i) => ({ $type: collection, text: `benchmark post ${i}`, createdAt: new Date().toISOString() })

function createRecord(server, account, i) {
  return expectOk(server, 'POST', 'com.atproto.repo.createRecord', {
    token: account.token, body: { repo: account.did, collection, record: post(i) },
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Firehose subscriptions (Node 22's WebSocket); frames are a DAG-CBOR header followed by a DAG-CBOR body
// ---------------------------------------------------------------------------------------------------------------

/** Opens subscribeRepos (live, no cursor); calls onCommit(repo, rev, receivedAt) per #commit frame. Null if refused. */
function subscribe(server, onCommit) {
  return new Promise((ok) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/xrpc/com.atproto.sync.subscribeRepos`)
    ws.binaryType = 'arraybuffer'
    let opened = false
    ws.onopen = () => { opened = true; ok(ws) }
    ws.onerror = () => { if (!opened) ok(null) }
    ws.onclose = () => { if (!opened) ok(null) }
    ws.onmessage = (event) => {
      const receivedAt = performance.now()
      const [header, rest] = decodeFirst(new Uint8Array(event.data), dagCbor.decodeOptions)
      if (header.op !== 1 || header.t !== '#commit') return
      const body = dagCbor.decode(rest)
      onCommit(body.repo, body.rev, receivedAt)
    }
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Scenarios: each takes a server, returns { figure name: value } or null when the server lacks the route
// ---------------------------------------------------------------------------------------------------------------

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

function latencyFigures(samples) {
  const sorted = [...samples].sort((a, b) => a - b)
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: sorted.reduce((s, x) => s + x, 0) / sorted.length }
}

const state = new Map() // server name -> records written by create-latency, for get-record

async function createLatency(server) {
  const account = await createAccount(server)
  for (let i = 0; i < 20; i++) await createRecord(server, account, i)
  const samples = []
  const written = []
  for (let i = 0; i < scale.latency; i++) {
    const t0 = performance.now()
    const out = await createRecord(server, account, i)
    samples.push(performance.now() - t0)
    written.push(out.uri)
  }
  state.set(server.name, { account, written })
  return latencyFigures(samples)
}

/** Runs workers until the scale's time is up (each finishes its call in flight); returns calls per second. */
async function forSeconds(workers, step) {
  const deadline = performance.now() + scale.seconds * 1000
  const t0 = performance.now()
  const counts = await Promise.all(workers.map(async (worker, w) => {
    let n = 0
    while (performance.now() < deadline) await step(worker, w, n++)
    return n
  }))
  return counts.reduce((a, b) => a + b, 0) / ((performance.now() - t0) / 1000)
}

async function createThroughput(server, accounts) {
  const writers = await createAccounts(server, accounts)
  await Promise.all(writers.map(async (a) => { for (let i = 0; i < 2; i++) await createRecord(server, a, i) }))
  return { 'records/s': await forSeconds(writers, (a, _w, i) => createRecord(server, a, i)) }
}

async function getRecordThroughput(server) {
  const { written } = state.get(server.name) ?? {}
  if (!written?.length) throw new Error('get-record needs create-latency to have run first')
  const keys = written.map((uri) => { const [, , did, coll, rkey] = uri.split('/'); return { repo: did, collection: coll, rkey } })
  const readers = Array.from({ length: 16 }, (_, r) => r)
  const read = (r, _w, i) => expectOk(server, 'GET', 'com.atproto.repo.getRecord', { query: keys[(r + i * readers.length) % keys.length] })
  await Promise.all(readers.map(async (r) => { for (let i = 0; i < 5; i++) await read(r, r, i) }))
  return { 'reads/s': await forSeconds(readers, read) }
}

async function firehoseLag(server) {
  const account = await createAccount(server)
  const frames = new Map() // rev -> received at
  const waiting = new Map() // rev -> resolve
  const ws = await subscribe(server, (repo, rev, at) => {
    if (repo !== account.did) return
    frames.set(rev, at)
    waiting.get(rev)?.(at)
  })
  if (!ws) return null
  try {
    const frameFor = (rev) => frames.has(rev) ? Promise.resolve(frames.get(rev))
      : Promise.race([new Promise((r) => waiting.set(rev, r)), sleep(10_000).then(() => null)])
    const samples = []
    let missing = 0
    for (let i = 0; i < 10 + scale.lag; i++) {
      const out = await createRecord(server, account, i)
      const acked = performance.now()
      const at = await frameFor(out.commit.rev)
      if (i < 10) continue // warm-up
      if (at === null) missing++
      else samples.push(at - acked)
    }
    if (missing) log(`${server.name}: ${missing} commit frames never arrived (10 s timeout each)`)
    return samples.length ? latencyFigures(samples) : null
  } finally { ws.close() }
}

async function firehoseFanout(server) {
  const writers = await createAccounts(server, 8)
  const dids = new Set(writers.map((w) => w.did))
  const expected = writers.length * scale.burstPerAccount
  const counts = Array(10).fill(0)
  let done
  const allDone = new Promise((r) => { done = r })
  let finished = 0
  const sockets = await Promise.all(counts.map((_, s) => subscribe(server, (repo, _rev, at) => {
    if (!dids.has(repo) || ++counts[s] !== expected) return
    if (++finished === counts.length) done(at)
  })))
  if (sockets.some((ws) => ws === null)) { sockets.forEach((ws) => ws?.close()); return null }
  try {
    await sleep(200) // let every subscription settle
    const t0 = performance.now()
    await Promise.all(writers.map(async (a) => { for (let i = 0; i < scale.burstPerAccount; i++) await createRecord(server, a, i) }))
    const writesDone = performance.now()
    const end = await Promise.race([allDone, sleep(60_000).then(() => null)])
    if (end === null) {
      log(`${server.name}: subscribers received ${counts.join(', ')} of ${expected} commits within 60 s`)
      return null
    }
    return {
      'events/s': (counts.length * expected) / ((end - t0) / 1000),
      'writes/s': expected / ((writesDone - t0) / 1000),
      'tail ms': Math.max(0, end - writesDone),
    }
  } finally { sockets.forEach((ws) => ws.close()) }
}

async function getRepoThroughput(server) {
  const account = await createAccount(server)
  const probe = await call(server, 'GET', 'com.atproto.sync.getRepo', { query: { did: account.did }, countOnly: true })
  if (probe.status !== 200) return null
  for (let done = 0; done < scale.repoRecords; done += 200) {
    const writes = Array.from({ length: Math.min(200, scale.repoRecords - done) }, (_, i) =>
      ({ $type: 'com.atproto.repo.applyWrites#create', collection, value: post(done + i) }))
    await expectOk(server, 'POST', 'com.atproto.repo.applyWrites', { token: account.token, body: { repo: account.did, writes } })
  }
  const download = async () => {
    const got = await call(server, 'GET', 'com.atproto.sync.getRepo', { query: { did: account.did }, countOnly: true })
    if (got.status !== 200) throw new Error(`${server.name}: getRepo answered ${got.status}`)
    return got.bytes
  }
  // The first download is the cold one (ours: no snapshot yet, a partition scan); the warm ones may be served from a
  // cache (ours: the snapshot of the head's commit); the one after a write shows an export built from an older snapshot.
  const timed = async () => {
    const t = performance.now()
    const got = await download()
    return { bytes: got, mbps: got / 1e6 / ((performance.now() - t) / 1000) }
  }
  const first = await timed()
  const t0 = performance.now()
  let bytes = 0
  for (let i = 0; i < scale.downloads; i++) bytes += await download()
  const warm = bytes / 1e6 / ((performance.now() - t0) / 1000)
  await expectOk(server, 'POST', 'com.atproto.repo.applyWrites', {
    token: account.token, body: { repo: account.did, writes: [{ $type: 'com.atproto.repo.applyWrites#create', collection, value: post(scale.repoRecords) }] },
  })
  const afterWrite = await timed()
  return { 'MB/s': warm, 'first MB/s': first.mbps, 'after-write MB/s': afterWrite.mbps, 'CAR MB': first.bytes / 1e6 }
}

// name, title, run, and per figure whether higher is better
async function proxyScenario(server) {
  const account = await createAccount(server)
  const timeline = (target) => call(target, 'GET', 'app.bsky.feed.getTimeline', { token: account.token, query: { limit: '30' } })
  const first = await timeline(server)
  if (first.status !== 200) return first.status === 501 ? null : Promise.reject(new Error(`getTimeline answered ${first.status}: ${JSON.stringify(first.json)}`))
  for (let i = 0; i < 100; i++) { await timeline(server); await timeline(standIn) }
  const via = []
  const direct = []
  for (let i = 0; i < scale.latency * 5; i++) {
    let t0 = performance.now()
    await timeline(server)
    via.push(performance.now() - t0)
    t0 = performance.now()
    await timeline(standIn)
    direct.push(performance.now() - t0)
  }
  const [v, d] = [latencyFigures(via), latencyFigures(direct)]
  const workers = Array.from({ length: 16 }, () => account)
  const perSecond = await forSeconds(workers, () => call(server, 'GET', 'app.bsky.feed.getTimeline', { token: account.token, countOnly: true }))
  return { 'p50 ms': v.p50, 'p99 ms': v.p99, 'added p50 ms': v.p50 - d.p50, 'added p99 ms': v.p99 - d.p99, 'proxied calls/s': perSecond }
}

const SCENARIOS = [
  { name: 'create-latency', title: `createRecord latency, ${scale.latency} sequential creates on one account (ms)`, run: createLatency, higher: {} },
  { name: 'create-8', title: `createRecord throughput, 8 accounts each creating sequentially for ${scale.seconds} s`, run: (s) => createThroughput(s, 8), higher: { 'records/s': true } },
  { name: 'create-32', title: `createRecord throughput, 32 accounts each creating sequentially for ${scale.seconds} s`, run: (s) => createThroughput(s, 32), higher: { 'records/s': true } },
  { name: 'get-record', title: `getRecord throughput, 16 concurrent readers for ${scale.seconds} s`, run: getRecordThroughput, higher: { 'reads/s': true } },
  { name: 'firehose-lag', title: `firehose lag, createRecord acknowledged -> #commit frame received, ${scale.lag} writes (ms)`, run: firehoseLag, higher: {} },
  { name: 'firehose-fanout', title: `firehose fan-out, 10 subscribers, burst of 8 accounts x ${scale.burstPerAccount} creates`, run: firehoseFanout, higher: { 'events/s': true, 'writes/s': true, 'tail ms': false } },
  { name: 'proxy', title: `getTimeline proxied to an AppView stand-in: ${scale.latency * 5} sequential calls, then 16 concurrent clients for ${scale.seconds} s`, run: proxyScenario, higher: { 'proxied calls/s': true } },
  { name: 'get-repo', title: `getRepo download, ${scale.repoRecords}-record repo, ${scale.downloads} sequential downloads`, run: getRepoThroughput, higher: { 'MB/s': true, 'first MB/s': true, 'after-write MB/s': true, 'CAR MB': null } },
]

// ---------------------------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------------------------

function fmt(value) {
  if (value === undefined || value === null) return 'n/a'
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)
}

function table(scenario, results) {
  const names = [...new Set(Object.values(results).flatMap((r) => Object.keys(r ?? {})))]
  const rows = names.map((figure) => {
    const ours = results.ours?.[figure]
    const ref = results.reference?.[figure]
    const better = scenario.higher[figure] === true ? 'higher is better' : scenario.higher[figure] === null ? '' : 'lower is better'
    const ratio = ours != null && ref != null && ref !== 0 ? `${(ours / ref).toFixed(2)}x` : 'n/a'
    return [figure, fmt(ours), fmt(ref), ratio, better]
  })
  if (rows.length === 0) rows.push(['-', 'n/a', 'n/a', 'n/a', ''])
  const head = ['figure', 'ours', 'reference', 'ours/reference', '']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |'
  return [`### ${scenario.title}`, '', line(head), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line), ''].join('\n')
}

// ---------------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------------

/** The machine's CPU time counters from /proc/stat (Linux; null elsewhere): all and steal, in clock ticks. */
function cpuTimes() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
    return { all: fields.reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 }
  } catch { return null }
}

/** Describes the share of CPU time the hypervisor took from this VM between two readings (steal time). */
function stolen(before, after) {
  if (!before || !after || after.all === before.all) return 'steal n/a'
  return `${(100 * (after.steal - before.steal) / (after.all - before.all)).toFixed(0)}% of CPU time stolen by the hypervisor`
}

const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model?.trim() ?? 'unknown CPU'}), ` +
  `load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min), Node ${process.version}, ` +
  `scale ${scaleName}, ${new Date().toISOString()}`
let status = 0
try {
  log(machine)
  const servers = []
  if (wanted('proxy')) await startStandIn()
  if (serverNames.includes('ours')) servers.push(await startOurs())
  if (serverNames.includes('reference')) servers.push(await startReference(data))
  for (const server of servers) log(`${server.name} ready at ${server.url}`)
  console.log(`## Our PDS vs the reference PDS (@atproto/pds)\n\nMachine: ${machine}\n`)
  for (const scenario of SCENARIOS.filter((s) => wanted(s.name) || (s.name === 'create-latency' && wanted('get-record')))) {
    const results = {}
    for (const server of servers) {
      log(`${scenario.name} on ${server.name}`)
      const t0 = performance.now()
      const cpu0 = cpuTimes()
      let outcome = 'done'
      try {
        results[server.name] = await scenario.run(server)
        if (results[server.name] === null) outcome = 'n/a'
      } catch (e) {
        outcome = `failed (${e.message.slice(0, 500)})`
        if (server.output) log(`${server.name}'s log, last lines:\n${server.output().split('\n').slice(-40).join('\n')}`)
      }
      log(`${scenario.name} on ${server.name}: ${outcome} in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${stolen(cpu0, cpuTimes())}`)
    }
    if (!wanted(scenario.name)) continue
    console.log(table(scenario, results))
  }
  console.log([
    'Notes: ratios are ours/reference. The reference sequencer polls its database and backs off up to 1 s when idle,',
    'which adds to its firehose lag after pauses. Both servers share this machine with the client; on a loaded machine',
    'the figures are only indicative.',
  ].join('\n'))
} catch (e) {
  console.error(e.stack ?? e.message)
  for (const { name, output } of started) console.error(`--- end of ${name} output ---\n${output.slice(-3000)}`)
  status = 1
} finally {
  agent.destroy()
  await stopEverything()
}
process.exit(status)
