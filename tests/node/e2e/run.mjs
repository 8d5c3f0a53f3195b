// End-to-end suite runner: starts Azurite (in memory), a PLC directory (tests/node/tools/plc-server.mjs) and the PDS
// host on Azurite's Table and Blob Storage, all on free loopback ports, waits until both are ready, runs every *.test.mjs beside it (in name order) with node:test (TAP reporter, so the
// "# pass N" / "# fail N" summary lines scripts/test sums are printed), and stops every process it started, also on
// failure or interruption. Needs Node 22 (the @atproto packages do); scripts/test runs it with the bundled binary.
//
// Environment: E2E_NO_BUILD=1 skips `dotnet build src/ServerlessPds.Host` (the DLL must then exist already);
// E2E_STORAGE=memory runs the host on in-memory storage instead of Azurite.
import { spawn, spawnSync } from 'node:child_process'
import { connect, createServer } from 'node:net'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../../..')
const node = process.execPath
const dll = join(root, 'src/ServerlessPds.Host/bin/Debug/net10.0/ServerlessPds.Host.dll')
const children = []

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => ok(port))
    })
  })
}

function accepts(port) {
  return new Promise((ok) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => { socket.destroy(); ok(true) })
    socket.once('error', () => ok(false))
  })
}

// Azurite's well-known development account (public, documented by Microsoft for the emulator).
const azuriteKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

async function startStorage() {
  if (process.env.E2E_STORAGE === 'memory') return { Pds__Storage__Mode: 'memory' }
  const [blob, queue, table] = [await freePort(), await freePort(), await freePort()]
  const azurite = start('azurite', join(root, 'tests/node/node_modules/.bin/azurite'), [
    '--inMemoryPersistence', '--silent', '--skipApiVersionCheck', '--disableTelemetry', '--loose',
    '--blobHost', '127.0.0.1', '--blobPort', String(blob), '--queueHost', '127.0.0.1', '--queuePort', String(queue),
    '--tableHost', '127.0.0.1', '--tablePort', String(table),
  ], {})
  await waitFor('Azurite', async () => (await accepts(blob)) && (await accepts(table)), azurite)
  return {
    Pds__Storage__Mode: 'azure',
    Pds__Storage__ConnectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${azuriteKey};` +
      `BlobEndpoint=http://127.0.0.1:${blob}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${table}/devstoreaccount1;`,
  }
}

function start(name, command, args, env) {
  const merged = { ...process.env, ...env }
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key]
  const child = spawn(command, args, { env: merged, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const entry = { name, child, log: '' }
  child.stdout.on('data', (d) => { entry.log += d })
  child.stderr.on('data', (d) => { entry.log += d })
  children.push(entry)
  return entry
}

async function waitFor(what, check, entry, seconds = 120) {
  const deadline = Date.now() + seconds * 1000
  while (Date.now() < deadline) {
    if (entry.child.exitCode !== null) throw new Error(`${what} exited early:\n${entry.log.slice(-3000)}`)
    try { if (await check()) return } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${what} did not become ready within ${seconds}s:\n${entry.log.slice(-3000)}`)
}

function stopAll() {
  for (const { child } of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try { process.kill(-child.pid, 'SIGTERM') } catch { /* already gone */ }
    }
  }
}

async function stopAllAndWait() {
  stopAll()
  const deadline = Date.now() + 10_000
  while (children.some(({ child }) => child.exitCode === null && child.signalCode === null) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100))
  }
  for (const { child } of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try { process.kill(-child.pid, 'SIGKILL') } catch { /* already gone */ }
    }
  }
}

process.on('SIGINT', () => { stopAll(); process.exit(130) })
process.on('SIGTERM', () => { stopAll(); process.exit(143) })
process.on('exit', stopAll)

let status = 1
const data = mkdtempSync(join(tmpdir(), 'pds-e2e-'))
try {
  if (process.env.E2E_NO_BUILD !== '1') {
    const build = spawnSync('dotnet', ['build', join(root, 'src/ServerlessPds.Host'), '-v', 'q', '--nologo'], { encoding: 'utf8' })
    if (build.status !== 0) throw new Error(`dotnet build failed:\n${build.stdout}\n${build.stderr}`)
  }
  if (!existsSync(dll)) throw new Error(`${dll} is missing; build src/ServerlessPds.Host`)

  const storageEnv = await startStorage()
  const plcPort = await freePort()
  const plc = start('plc', node, [join(root, 'tests/node/tools/plc-server.mjs'), '--port', String(plcPort)], { PLC_PORT: String(plcPort) })
  await waitFor('the PLC directory', () => plc.log.includes('PLC ready at'), plc)

  // The AppView stand-in (tools/service-standin.mjs): the PDS proxies app.bsky.* to it with service auth, and it
  // verifies each token against the PLC directory. The PDS gets it through the reference PDS's env names.
  const appViewDid = 'did:web:appview.test'
  const appView = start('appview', node, [join(root, 'tests/node/tools/service-standin.mjs'), '--did', appViewDid, '--plc', `http://127.0.0.1:${plcPort}`, '--repo-rev', '2222222222222'], {})
  await waitFor('the AppView stand-in', () => appView.log.includes('STANDIN ready at'), appView)
  const appViewUrl = appView.log.match(/STANDIN ready at (\S+)/)[1]

  const pdsPort = await freePort()
  const pdsUrl = `http://127.0.0.1:${pdsPort}`
  const adminPassword = 'e2e-admin-password-' + Math.random().toString(36).slice(2)
  const pdsEnv = {
    PDS_PORT: String(pdsPort),
    ASPNETCORE_URLS: undefined, ASPNETCORE_HTTP_PORTS: undefined, FUNCTIONS_CUSTOMHANDLER_PORT: undefined,
    Pds__Hostname: 'localhost',
    Pds__PublicUrl: pdsUrl,
    Pds__PlcUrl: `http://127.0.0.1:${plcPort}`,
    Pds__InviteRequired: 'false',
    Pds__AdminPassword: adminPassword,
    Pds__JwtSecret: 'e2e-jwt-secret-0123456789abcdef0123456789',
    Pds__KeyEncryptionKey: Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7 + 1)).toString('base64'),
    PDS_BSKY_APP_VIEW_URL: appViewUrl,
    PDS_BSKY_APP_VIEW_DID: appViewDid,
    PDS_DISABLE_SSRF_PROTECTION: 'true',
    ...storageEnv,
  }
  const pds = start('pds', 'dotnet', [dll], pdsEnv)
  await waitFor('the PDS', async () => (await fetch(`${pdsUrl}/xrpc/_health`)).ok, pds)
  console.log(`# PDS ready at ${pdsUrl} (PLC http://127.0.0.1:${plcPort})`)

  const files = readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => join(here, f))
  const suite = spawn(node, ['--test', '--test-reporter=tap', '--test-concurrency=1', ...files], {
    env: { ...process.env, PDS_URL: pdsUrl, APPVIEW_URL: appViewUrl, APPVIEW_DID: appViewDid, PLC_URL: `http://127.0.0.1:${plcPort}`, PDS_ADMIN_PASSWORD: adminPassword },
    stdio: 'inherit',
  })
  status = await new Promise((ok) => suite.on('exit', (code) => ok(code ?? 1)))
  if (status !== 0) {
    for (const { name, log } of children) console.error(`--- end of ${name} log ---\n${log.slice(-4000)}`)
  }
} catch (e) {
  console.error(e.message)
  for (const { name, log } of children) console.error(`--- end of ${name} log ---\n${log.slice(-4000)}`)
  console.log('# pass 0')
  console.log('# fail 1')
  status = 1
} finally {
  await stopAllAndWait()
  rmSync(data, { recursive: true, force: true })
}
process.exit(status)
