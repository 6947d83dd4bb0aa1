// An app that uses only the Buddy client: what it ships is what item 1 weighs.
import { createBuddyClient } from "@ci-artifacts/client/buddy";

export const client = createBuddyClient({ token: globalThis.process?.env.BUDDY_TOKEN ?? "" });
