// @ts-check
// Item 7's twin, in a process of its own as Prism is: `node twin-server.mjs`, prints its URL as
// JSON once it listens and runs until it is sent SIGTERM.
import { startTwin } from "@ci-artifacts/mock";

const twin = await startTwin("buildkite", { rateLimit: false, record: false });
process.stdout.write(`${JSON.stringify({ url: twin.url, token: twin.token })}\n`);
process.once("SIGTERM", () => {
  twin.close().then(() => process.exit(0));
});
