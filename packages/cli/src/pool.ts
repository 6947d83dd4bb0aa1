/**
 * Runs `work` over `items`, `concurrency` at a time, in order; starts nothing new once `signal` is
 * aborted. A call may give up its place before it ends (`release`): the next item starts while it
 * finishes, as a download whose bytes are all in does while its checksum is made and checked. A
 * place holds one such call at most: before it starts another item, the one released before has
 * ended, so at most twice `concurrency` calls run, however fast they release.
 */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, release: () => void) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const calls: Promise<void>[] = [];
  const worker = async () => {
    let before: Promise<void> = Promise.resolve();
    while (next < items.length && !signal?.aborted) {
      const item = items[next++] as T;
      let release = (): void => undefined;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      const call = work(item, release);
      calls.push(call);
      const end = call.then(ended, ended);
      await Promise.race([released, end]);
      await before;
      before = end;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  // Every call runs to its end before a failure is passed on: none is left writing behind it.
  const results = await Promise.allSettled(calls);
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
}

function ended(): void {}
