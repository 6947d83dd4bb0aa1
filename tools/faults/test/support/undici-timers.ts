// On Node the client's timeouts are undici's own (`headersTimeout`, `bodyTimeout`), and undici
// runs every timeout on one timer that it creates with the first request and keeps. Rows that
// fake the clock would make that timer a fake one, which never fires once the clock is real
// again: so a first request goes out here, on the real clock, before any row runs.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const server = createServer((_request, response) => response.end("ok"));
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)).text();
server.closeAllConnections();
server.close();
