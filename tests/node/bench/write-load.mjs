// Drives createRecord against one running PDS and prints, per window, the write rate (or latency) and the CPU time
// that given processes (e.g. Azurite and the host) spent per record, read from /proc. A diagnostic for where write
// time goes; scripts/bench-servers is the benchmark.
//
//   node tests/node/bench/write-load.mjs --url http://127.0.0.1:2583 --accounts 32 --seconds 30 --pids 1234,5678
//   node tests/node/bench/write-load.mjs --url http://127.0.0.1:2583 --sequential 1000 --pids 1234
//
// --accounts N --seconds S: N new accounts each create records back to back for S seconds; one line per 5 s window.
// --sequential N: one new account (or --handle H with --password P, an existing one) creates N records one after
// another; one line per 100 records with p50 and p90 latency.
// --pids: process ids whose CPU time (user + system, /proc/<pid>/stat) is divided by the records of each window.
// Run the PDS with Pds__RateLimits__Enabled=false, or the write limits stop the load.
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'

const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}
const url = option('url', 'http://127.0.0.1:2583')
const pids = option('pids', '').split(',').filter(Boolean)
const ticksPerMs = 100 / 1000 // USER_HZ is 100 on Linux

/** CPU time of a process in ms (utime + stime). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / ticksPerMs
}

async function call(nsid, body, token) {
  const response = await fetch(`${url}/xrpc/${nsid}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  const json = await response.json()
  if (response.status !== 200) throw new Error(`${nsid} answered ${response.status}: ${JSON.stringify(json)}`)
  return json
}

async function newAccount() {
  const name = `load${Math.random().toString(36).slice(2, 10)}`
  return call('com.atproto.server.createAccount', { handle: `${name}.test`, email: `${name}@example.com`, password: 'load-password-123' })
}

const create = (account, i) => call('com.atproto.repo.createRecord', {
  repo: account.did,
  collection: 'app.bsky.feed.post',
  record: { $type: 'app.bsky.feed.post', text: `load ${i}`, createdAt: new Date().toISOString() },
}, account.accessJwt)

let lastCpu = pids.map(cpuMs)

/** Formats the CPU ms per record each watched process spent since the last call. */
function cpuPerRecord(records) {
  const now = pids.map(cpuMs)
  const line = pids.length === 0 ? '' : ` cpu ms/record ${now.map((ms, k) => `${pids[k]}: ${((ms - lastCpu[k]) / records).toFixed(2)}`).join(', ')}`
  lastCpu = now
  return line
}

if (option('sequential')) {
  const total = Number(option('sequential'))
  const account = option('handle')
    ? await call('com.atproto.server.createSession', { identifier: option('handle'), password: option('password') })
    : await newAccount()
  console.log(`account ${account.handle} (${account.did})`)
  cpuPerRecord(1)
  let times = []
  for (let i = 0; i < total; i++) {
    const t0 = performance.now()
    await create(account, i)
    times.push(performance.now() - t0)
    if (times.length === 100 || i === total - 1) {
      times.sort((a, b) => a - b)
      const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1)
      console.log(`${i + 1} records: p50 ${at(0.5)} ms, p90 ${at(0.9)} ms${cpuPerRecord(times.length)}`)
      times = []
    }
  }
} else {
  const accountCount = Number(option('accounts', '32'))
  const seconds = Number(option('seconds', '30'))
  const accounts = []
  while (accounts.length < accountCount) {
    accounts.push(...await Promise.all(Array.from({ length: Math.min(4, accountCount - accounts.length) }, newAccount)))
  }

  let count = 0
  let stop = false
  const writers = accounts.map(async (account) => {
    for (let i = 0; !stop; i++) {
      await create(account, i)
      count++
    }
  })
  cpuPerRecord(1)
  const t0 = performance.now()
  for (let last = 0; performance.now() - t0 < seconds * 1000;) {
    await new Promise((resolve) => setTimeout(resolve, 5000))
    const records = count - last
    last = count
    console.log(`${((performance.now() - t0) / 1000).toFixed(0)} s: ${(records / 5).toFixed(1)} records/s${cpuPerRecord(Math.max(records, 1))}`)
  }
  stop = true
  await Promise.all(writers)
}
