// @ts-check
// Which side of a load run bound it: the caller and the server each run on a core of their own,
// so the one that spends more CPU per request sets the pace. A figure about the caller (item 3's
// client against bare openapi-fetch) means something only while the caller is that side.
import { formatMs } from "./stats.mjs";

/**
 * @typedef {{
 *   side: "caller" | "server",
 *   callerCores: number,
 *   serverCores: number,
 *   starved: boolean,
 *   text: string,
 * }} Bound
 */

const STARVED = 0.8;

/**
 * @param {{ callerMs: number, serverMs: number, perSecond: number }} run CPU per request of each
 *   side (ms) and the requests per second the run reached
 * @returns {Bound}
 */
export function boundBy({ callerMs, serverMs, perSecond }) {
  for (const [name, value] of Object.entries({ callerMs, serverMs, perSecond })) {
    if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`boundBy: ${name} must be above 0, got ${value}`);
  }
  const side = serverMs >= callerMs ? "server" : "caller";
  // Cores each side kept busy at the rate reached: CPU per request times requests per second.
  const callerCores = (callerMs * perSecond) / 1000;
  const serverCores = (serverMs * perSecond) / 1000;
  // Below this share of a core on the busier side, something else on the machine took the CPU.
  const starved = Math.max(callerCores, serverCores) < STARVED;
  const percent = (/** @type {number} */ cores) => `${Math.round(cores * 100)}% of a core`;
  const text =
    `caller ${formatMs(callerMs)} (${percent(callerCores)}), server ${formatMs(serverMs)} (${percent(serverCores)}): the ${side} bound it` +
    (starved ? ", though neither kept its core busy (other work on the machine took the rest)" : "");
  return { side, callerCores, serverCores, starved, text };
}
