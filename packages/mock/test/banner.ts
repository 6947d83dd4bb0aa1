import type { ChildProcess } from "node:child_process";

/** Reads a started ci-artifacts-mock's stdout until its banner is whole: the base URL it prints, and the banner. */
export async function readBanner(child: ChildProcess): Promise<{ url: string; banner: string }> {
  let banner = "";
  child.stdout?.setEncoding("utf8");
  for await (const chunk of child.stdout ?? []) {
    banner += chunk as string;
    const url = /use as baseUrl: (\S+)\n/.exec(banner)?.[1];
    if (url && banner.includes("Ctrl-C")) return { url, banner };
  }
  throw new Error(`the command ended before listening: ${banner}`);
}
