// Runs the reference PDS (@atproto/pds) with an in-memory PLC directory (@did-plc/server), both on 127.0.0.1 only,
// for scripts/bench-servers. Needs Node 22 and this folder's node_modules (the benchmark installs them on demand).
//
//   node tests/node/reference/start.mjs --port PDS_PORT --plc-port PLC_PORT --data DIR
//
// The PDS keeps its SQLite databases and blobs under DIR (a fresh temporary folder per run). Rate limits stay off
// (PDS_RATE_LIMITS_ENABLED unset), invites are not required, handles end in .test. Prints one line
// "REFERENCE READY pds=http://127.0.0.1:PORT plc=http://127.0.0.1:PORT" once both accept requests; stops on
// SIGINT/SIGTERM.
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import plc from '@did-plc/server'
import { PDS, envToCfg, envToSecrets, readEnv } from '@atproto/pds'

function option(name) {
  const at = process.argv.indexOf(`--${name}`)
  if (at < 0 || at + 1 >= process.argv.length) throw new Error(`--${name} is required`)
  return process.argv[at + 1]
}

const pdsPort = Number(option('port'))
const plcPort = Number(option('plc-port'))
const data = option('data')
mkdirSync(join(data, 'blobs'), { recursive: true })

const plcServer = plc.PlcServer.create({ db: plc.Database.mock(), port: plcPort })
const plcHttp = plcServer.app.listen(plcPort, '127.0.0.1')
await once(plcHttp, 'listening')
const plcUrl = `http://127.0.0.1:${plcPort}`

// A random 32-byte secp256k1 private key (below the group order with overwhelming probability).
const rotationKeyHex = randomBytes(32).toString('hex')
Object.assign(process.env, {
  PDS_PORT: String(pdsPort),
  PDS_HOSTNAME: 'localhost',
  PDS_DEV_MODE: 'true',
  PDS_DATA_DIRECTORY: data,
  PDS_BLOBSTORE_DISK_LOCATION: join(data, 'blobs'),
  PDS_DID_PLC_URL: plcUrl,
  PDS_SERVICE_HANDLE_DOMAINS: '.test',
  PDS_INVITE_REQUIRED: 'false',
  PDS_JWT_SECRET: 'bench-jwt-secret-' + Math.random().toString(36).slice(2),
  PDS_ADMIN_PASSWORD: 'bench-admin-' + Math.random().toString(36).slice(2),
  PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX: rotationKeyHex,
  LOG_ENABLED: 'false',
})
delete process.env.PDS_RATE_LIMITS_ENABLED
delete process.env.PDS_CRAWLERS

const env = readEnv()
const pds = await PDS.create(envToCfg(env), envToSecrets(env))
// PDS.start() listens on every interface; do what it does, but on loopback (app.listen also attaches the
// subscribeRepos WebSocket upgrade handler).
await pds.ctx.sequencer.start()
const http = pds.app.listen(pdsPort, '127.0.0.1')
http.keepAliveTimeout = 90_000
await once(http, 'listening')
console.log(`REFERENCE READY pds=http://127.0.0.1:${pdsPort} plc=${plcUrl}`)

const stop = () => {
  http.closeAllConnections?.()
  http.close()
  plcHttp.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
