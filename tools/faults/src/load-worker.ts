// Entry of the worker thread that runs the load run's twins (see startLoadServersInWorker).
import { parentPort, workerData } from "node:worker_threads";
import { type LoadOptions, startLoadServers } from "./load.js";

const port = parentPort;
if (port === null) throw new Error("load-worker.js runs as a worker thread");
// A request held by a server is announced at once (the test moves its clock on once every call in flight is held).
const servers = await startLoadServers(workerData as LoadOptions, (held) => port.postMessage({ held }));
port.on("message", async ({ id, op }: { id: number; op: "report" | "resetCounts" | "dropConnections" | "close" }) => {
  port.postMessage({ id, result: await servers[op]() });
});
port.postMessage({ id: 0, result: servers.urls });
