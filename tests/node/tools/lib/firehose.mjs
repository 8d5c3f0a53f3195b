// The firehose consumer the Node suites share (e2e/firehose.test.mjs, webpubsub/webpubsub.test.mjs): the official
// @atproto/sync Firehose, which decodes frames with @atproto/xrpc-server and verifies each #commit's signature and MST
// proofs against the DID document in the PLC directory.
import { IdResolver } from '@atproto/identity'
import { Firehose } from '@atproto/sync'

/**
 * Reads the firehose at `service` (a ws:// or wss:// base URL) from `cursor` until `done(events)` holds or `seconds`
 * pass, calling `onStart` once the consumer runs, and returns the events and errors it reported. `onError` also sees
 * each error as it happens.
 */
export async function consume({ service, plcUrl, cursor, done, onStart = async () => {}, seconds = 30, onError = () => {} }) {
  const events = []
  const errors = []
  let finish
  const finished = new Promise((ok) => { finish = ok })
  const firehose = new Firehose({
    service,
    idResolver: new IdResolver({ plcUrl, fetch: globalThis.fetch }), // the default fetch refuses loopback hosts
    getCursor: () => cursor,
    unauthenticatedHandles: true, // .test handles do not resolve in DNS
    handleEvent: (evt) => { events.push(evt); if (done(events)) finish() },
    onError: (err) => { errors.push(err); onError(err) },
  })
  firehose.start()
  const timer = setTimeout(finish, seconds * 1000)
  await onStart()
  await finished
  clearTimeout(timer)
  await firehose.destroy()
  return { events, errors }
}
