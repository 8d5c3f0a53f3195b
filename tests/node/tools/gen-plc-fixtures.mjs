// Generates reference did:plc operations with @did-plc/lib, for the C# identity tests.
// Usage (Node 22): node tools/gen-plc-fixtures.mjs [--out <file>]   (default tests/fixtures/plc-reference/operations.json)
// Deterministic: keys come from SHA-256 of fixed labels and signatures are RFC 6979, so reruns give identical output.
// Each case has the inputs, the signed operation as JSON, the hex DAG-CBOR without and with "sig", the CID and,
// for genesis operations, the DID. The cases chain: updates and the tombstone follow the genesis of their chain.
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import plcLib from '@did-plc/lib'
import { P256Keypair, Secp256k1Keypair } from '@atproto/crypto'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'

const plc = plcLib.default ?? plcLib
const here = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const outArg = args.indexOf('--out')
const out = outArg >= 0 ? resolve(args[outArg + 1]) : resolve(here, '../../fixtures/plc-reference/operations.json')

const seed = (label) => createHash('sha256').update(`serverlesspds plc fixture ${label}`).digest('hex')
const key = async (label, type) => {
  const hex = seed(label)
  const pair = type === 'p256' ? await P256Keypair.import(hex) : await Secp256k1Keypair.import(hex)
  return { label, type, privateKeyHex: hex, didKey: pair.did(), pair }
}
const hex = (bytes) => Buffer.from(bytes).toString('hex')
const describe = async (op) => {
  const { sig, ...unsigned } = op
  const signed = dagCbor.encode(op)
  return {
    op,
    unsignedHex: hex(dagCbor.encode(unsigned)),
    signedHex: hex(signed),
    cid: CID.createV1(dagCbor.code, await sha256.digest(signed)).toString(),
  }
}
const publicKey = ({ label, type, didKey }) => ({ label, type, didKey })

const rotation = await key('rotation-1', 'k256')
const rotationP256 = await key('rotation-2', 'p256')
const recovery = await key('recovery-1', 'k256')
const signing = await key('signing-1', 'k256')
const signingP256 = await key('signing-2', 'p256')

const cases = []
const genesis = async (name, opts) => {
  const { op, did } = await plc.createOp({
    signingKey: opts.signing.didKey,
    handle: opts.handle,
    pds: opts.pds,
    rotationKeys: opts.rotationKeys.map((k) => k.didKey),
    signer: opts.signer.pair,
  })
  const entry = {
    name,
    kind: 'genesis',
    inputs: {
      handle: opts.handle,
      pds: opts.pds,
      signingKey: publicKey(opts.signing),
      rotationKeys: opts.rotationKeys.map(publicKey),
      signer: opts.signer.didKey,
    },
    did,
    ...(await describe(op)),
  }
  cases.push(entry)
  return entry
}
const update = async (name, previous, kind, value, signer, make) => {
  const op = await make(previous.op, signer.pair, value)
  const entry = { name, kind, previous: previous.name, inputs: { value, signer: signer.didKey }, ...(await describe(op)) }
  cases.push(entry)
  return entry
}

const first = await genesis('genesis-k256', {
  handle: 'alice.test',
  pds: 'https://pds.example.com',
  signing,
  rotationKeys: [rotation],
  signer: rotation,
})
await genesis('genesis-recovery-first', {
  handle: 'bob.example.com',
  pds: 'https://pds.example.com:8443',
  signing: signingP256,
  rotationKeys: [recovery, rotation, rotationP256],
  signer: rotation,
})
await genesis('genesis-signed-by-p256', {
  handle: 'carol.test',
  pds: 'http://localhost:2583',
  signing,
  rotationKeys: [rotationP256],
  signer: rotationP256,
})
const renamed = await update('update-handle', first, 'updateHandle', 'alice2.test', rotation, plc.updateHandleOp)
const moved = await update('update-pds', renamed, 'updatePds', 'https://other.example.net', rotation, plc.updatePdsOp)
const rekeyed = await update('update-signing-key', moved, 'updateAtprotoKey', signingP256.didKey, rotation, plc.updateAtprotoKeyOp)
const tombstone = await plc.tombstoneOp(CID.parse(rekeyed.cid), rotation.pair)
cases.push({ name: 'tombstone', kind: 'tombstone', previous: rekeyed.name, inputs: { signer: rotation.didKey }, ...(await describe(tombstone)) })

mkdirSync(dirname(out), { recursive: true })
writeFileSync(out, JSON.stringify({ generator: 'tests/node/tools/gen-plc-fixtures.mjs', cases }, null, 2) + '\n')
console.log(`wrote ${cases.length} cases to ${out}`)
