// @ts-check
// A twin of the Buildkite API in a process of its own, so that it has a core to itself and its
// CPU is its own: `node twin-server.mjs <setup>` (a name of twin-setups.mjs), started by
// twin-process.mjs over an IPC channel. It sends `{ ready: { url, origin, token } }` once it
// listens, answers `stats` with its CPU time and the requests it has received, and ends on SIGTERM
// or when its parent goes away.
import { startTwin } from "@ci-artifacts/mock";
import { SETUPS } from "./twin-setups.mjs";

const name = process.argv[2] ?? "";
const setup = SETUPS[name];
if (!setup) {
  console.error(`twin-server.mjs: unknown setup ${JSON.stringify(name)}; setups: ${Object.keys(SETUPS).join(", ")}`);
  process.exit(2);
}
if (!process.send) {
  console.error("twin-server.mjs: start it with an IPC channel (twin-process.mjs does)");
  process.exit(2);
}
const send = process.send.bind(process);
const twin = await startTwin("buildkite", setup());
const stop = () => {
  twin.close().then(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("disconnect", stop);
process.on("message", (message) => {
  if (message !== "stats") return;
  const cpu = process.cpuUsage();
  send({ stats: { cpuMs: (cpu.user + cpu.system) / 1000, requests: twin.received.api } });
});
send({ ready: { url: twin.url, origin: twin.origin, token: twin.token } });
