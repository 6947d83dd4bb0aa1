/**
 * Runs Prism's own CLI in this process, and ends this process when its parent goes away: the
 * parent holds our stdin open, and a pipe closes however its holder ends (a crash, SIGKILL), where
 * no exit handler of the parent would run. So no Prism outlives the test run that started it.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();

// Prism's package has no exports map; its bin is dist/index.js.
const prismCli = createRequire(import.meta.url).resolve("@stoplight/prism-cli/dist/index.js");
// Prism's yargs reads process.argv as its own command line.
process.argv = [process.argv[0] as string, prismCli, ...process.argv.slice(2)];
await import(pathToFileURL(prismCli).href);
