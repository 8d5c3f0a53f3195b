// The Web PubSub firehose end to end: starts a PLC directory, the PDS host (in-memory storage) with
// Pds__Firehose__Transport=webpubsub, and two fake Web PubSub services (tests/ServerlessPds.FakeWebPubSub): one whose
// upstream is the PDS's /webpubsub/events, one whose upstream is an @azure/web-pubsub-express handler in the test.
// Then runs webpubsub.test.mjs with node:test (TAP) and stops everything it started.
// Needs the official Azure clients @azure/web-pubsub@1.2.0 and @azure/web-pubsub-express@1.1.0 (+ express), which
// tests/node/package.json installs; WEBPUBSUB_NPM may name another folder they are installed in.
// Needs built DLLs: dotnet build src/ServerlessPds.Host tests/ServerlessPds.FakeWebPubSub.
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../../..')
const hostDll = join(root, 'src/ServerlessPds.Host/bin/Debug/net10.0/ServerlessPds.Host.dll')
const fakeDll = join(root, 'tests/ServerlessPds.FakeWebPubSub/bin/Debug/net10.0/ServerlessPds.FakeWebPubSub.dll')
const children = []

const freePort = () => new Promise((ok, fail) => {
  const server = createServer(); server.once('error', fail)
  server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => ok(port)) })
})

function start(name, command, args, env = {}) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const entry = { name, child, log: '' }
  child.stdout.on('data', (d) => { entry.log += d })
  child.stderr.on('data', (d) => { entry.log += d })
  children.push(entry)
  return entry
}

async function waitFor(what, check, entry, seconds = 90) {
  const deadline = Date.now() + seconds * 1000
  while (Date.now() < deadline) {
    if (entry.child.exitCode !== null) throw new Error(`${what} exited early:\n${entry.log.slice(-3000)}`)
    try { if (await check()) return } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${what} not ready in ${seconds}s:\n${entry.log.slice(-3000)}`)
}

function stopAll() {
  for (const { child } of children) {
    if (child.exitCode === null && child.signalCode === null) { try { process.kill(-child.pid, 'SIGTERM') } catch { /* gone */ } }
  }
}
process.on('exit', stopAll)
process.on('SIGINT', () => { stopAll(); process.exit(130) })
process.on('SIGTERM', () => { stopAll(); process.exit(143) })

let status = 1
try {
  const [plcPort, pdsPort, fakePort, fake2Port, expressPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()]
  const accessKey = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 3 + 5)).toString('base64')
  const plc = start('plc', process.execPath, [join(root, 'tests/node/tools/plc-server.mjs'), '--port', String(plcPort)], { PLC_PORT: String(plcPort) })
  await waitFor('the PLC directory', () => plc.log.includes('PLC ready at'), plc)

  const fake = start('fake', 'dotnet', [fakeDll, '--upstream', `http://127.0.0.1:${pdsPort}/webpubsub/events`, '--port', String(fakePort), '--access-key', accessKey])
  const fake2 = start('fake2', 'dotnet', [fakeDll, '--upstream', `http://127.0.0.1:${expressPort}/api/webpubsub/hubs/conformance/`, '--port', String(fake2Port), '--access-key', accessKey, '--hub', 'conformance'])
  await waitFor('the fake Web PubSub', () => fake.log.includes('FAKE WEBPUBSUB READY') && fake2.log.includes('FAKE WEBPUBSUB READY'), fake)

  const pdsUrl = `http://127.0.0.1:${pdsPort}`
  const adminPassword = 'wps-admin-password-' + Math.random().toString(36).slice(2)
  const pds = start('pds', 'dotnet', [hostDll], {
    PDS_PORT: String(pdsPort), ASPNETCORE_URLS: '', ASPNETCORE_HTTP_PORTS: '',
    Pds__Hostname: 'localhost', Pds__PublicUrl: pdsUrl, Pds__PlcUrl: `http://127.0.0.1:${plcPort}`,
    Pds__InviteRequired: 'false', Pds__AdminPassword: adminPassword,
    Pds__JwtSecret: 'wps-jwt-secret-0123456789abcdef0123456789',
    Pds__KeyEncryptionKey: Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7 + 1)).toString('base64'),
    Pds__Storage__Mode: 'memory',
    Pds__Firehose__Transport: 'webpubsub',
    Pds__WebPubSub__ConnectionString: `Endpoint=http://127.0.0.1:${fakePort};AccessKey=${accessKey};Version=1.0;`,
    Pds__WebPubSub__Hub: 'firehose',
  })
  await waitFor('the PDS', async () => (await fetch(`${pdsUrl}/xrpc/_health`)).ok, pds)
  console.log(`# PDS ${pdsUrl}, fake Web PubSub http://127.0.0.1:${fakePort}`)

  const suite = spawn(process.execPath, ['--test', '--test-reporter=tap', '--test-concurrency=1', join(here, 'webpubsub.test.mjs')], {
    env: {
      ...process.env, PDS_URL: pdsUrl, PLC_URL: `http://127.0.0.1:${plcPort}`,
      FIREHOSE_URL: `ws://127.0.0.1:${fakePort}`, FAKE2_URL: `http://127.0.0.1:${fake2Port}`, EXPRESS_PORT: String(expressPort),
      WEBPUBSUB_KEY: accessKey,
    },
    stdio: 'inherit',
  })
  status = await new Promise((ok) => suite.on('exit', (code) => ok(code ?? 1)))
  if (status !== 0) for (const { name, log } of children) console.error(`--- end of ${name} log ---\n${log.slice(-4000)}`)
} catch (e) {
  console.error(e.message)
  for (const { name, log } of children) console.error(`--- end of ${name} log ---\n${log.slice(-3000)}`)
  console.log('# pass 0\n# fail 1')
} finally {
  stopAll()
  await new Promise((r) => setTimeout(r, 500))
}
process.exit(status)
