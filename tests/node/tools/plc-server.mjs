// Runs a real PLC directory (@did-plc/server) with an in-memory database, bound to 127.0.0.1 only.
// Usage: node tools/plc-server.mjs [--port N]   (default: PLC_PORT or 2582; 0 picks a free port)
// Prints one line "PLC ready at http://127.0.0.1:PORT" once it accepts requests; stops on SIGINT/SIGTERM.
import { once } from 'node:events'
import plc from '@did-plc/server'

const { PlcServer, Database } = plc
const args = process.argv.slice(2)
const portArg = args.indexOf('--port')
const port = Number(portArg >= 0 ? args[portArg + 1] : (process.env.PLC_PORT ?? 2582))

const db = Database.mock()
const server = PlcServer.create({ db, port })
// PlcServer.start() listens on every interface; listen on loopback ourselves instead.
const http = server.app.listen(port, '127.0.0.1')
await once(http, 'listening')
console.log(`PLC ready at http://127.0.0.1:${http.address().port}`)

const stop = () => {
  http.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
