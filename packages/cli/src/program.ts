/**
 * The command line, parsed by commander: every command, its options, its help with examples. It
 * only parses: what it parsed goes to `dispatch` as a `Parsed` value, so the README's examples
 * can be checked by this same parser without running them.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import type { BodyFlags } from "./buddy/body.js";
import { STATES, type State } from "./buildkite/artifacts.js";
import { type BuildRef, parseBuild } from "./buildkite/build-ref.js";
import { PROGRESS, type ProgressMode } from "./buildkite/progress.js";
import { UsageError } from "./errors.js";
import type { Io } from "./io.js";
import { FORMATS, type Format } from "./output/format.js";
import { TOKEN_VARIABLES } from "./token.js";
import { VERSION } from "./version.js";

export interface Common {
  tokenFile?: string | undefined;
  baseUrl?: string | undefined;
  verbose?: boolean | undefined;
}

export type Parsed =
  | {
      vendor: "buildkite";
      action: "ls";
      build: BuildRef;
      options: Common & { job?: string; glob?: string; state?: State; format?: Format; perPage?: number };
    }
  | {
      vendor: "buildkite";
      action: "download";
      build: BuildRef;
      options: Common & {
        job?: string;
        glob?: string;
        out: string;
        concurrency: number;
        progress?: ProgressMode;
        perPage?: number;
      };
    }
  | {
      vendor: "buildkite";
      action: "rm";
      build: BuildRef;
      options: Common & {
        job?: string;
        glob: string;
        state?: State;
        dryRun?: boolean;
        yes?: boolean;
        perPage?: number;
      };
    }
  | {
      vendor: "buddy";
      action: "ls";
      options: BuddyCommon & { project?: string; environment?: string; format?: Format };
    }
  | { vendor: "buddy"; action: "get"; id: string; options: BuddyCommon }
  | { vendor: "buddy"; action: "create"; options: BuddyCommon & BodyFlags }
  | { vendor: "buddy"; action: "update"; id: string; options: BuddyCommon & BodyFlags }
  | { vendor: "buddy"; action: "rm"; id: string; options: BuddyCommon & { yes?: boolean; dryRun?: boolean } };

export type BuddyCommon = Common & { workspace: string; region?: "us" | "eu" };

export const MAX_CONCURRENCY = 64;

function integer(name: string, min: number, max: number) {
  return (text: string): number => {
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
      throw new InvalidArgumentError(`${name} takes a whole number from ${min} to ${max}.`);
    }
    return Number(text);
  };
}

function url(text: string): string {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new InvalidArgumentError("not a URL; give the API root, such as https://api.buildkite.com/v2.");
  }
  if (!/^https?:$/.test(parsed.protocol)) throw new InvalidArgumentError("the API root is an http(s) URL.");
  if (parsed.username || parsed.password) {
    throw new InvalidArgumentError("no credentials in the URL: the token comes from the environment or --token-file.");
  }
  return text.replace(/\/+$/, "");
}

type Json = { json?: boolean };

/** `--json` is `--format json`; with `--format table` beside it, the command cannot do both. */
function withFormat<T extends { format?: Format } & Json>(options: T): Omit<T, "json"> {
  const { json, ...rest } = options;
  if (!json) return rest;
  if (options.format === "table") throw new UsageError("--json and --format table ask for different outputs: give one");
  return { ...rest, format: "json" };
}

function examples(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join("\n")}\n`;
}

/** --token-file, --base-url and --verbose, on every command that talks to an API. */
function common(command: Command, variable: string, defaultBase: string): Command {
  return command
    .option("--token-file <file>", `read the token from this file (default: $${variable}); "-" reads standard input`)
    .option("--base-url <url>", `the API root (default: ${defaultBase})`, url)
    .option("--verbose", "print each request (method, path template, status, time, rate limit left), never the token");
}

const BUILD_HELP = "org/pipeline/number (acme/web/42), or the build's URL (https://buildkite.com/acme/web/builds/42)";

export function createProgram(io: Io, dispatch: (parsed: Parsed) => Promise<void>): Command {
  const program = new Command("ci-artifacts")
    .description("List, download (verified and resumable), and clean up CI artifacts of Buildkite and Buddy.works.")
    .version(VERSION)
    .showHelpAfterError("(add --help for usage)")
    .configureOutput({
      writeOut: (text) => io.stdout.write(io.secrets.redact(text)),
      writeErr: (text) => io.stderr.write(io.secrets.redact(text)),
    })
    .exitOverride()
    .addHelpText(
      "after",
      `
Tokens come from ${TOKEN_VARIABLES.buildkite} and ${TOKEN_VARIABLES.buddy}, or from --token-file; never from a flag.
Exit codes: 0 done, 1 failed (an API error, a file that did not verify), 2 misused, 130 interrupted,
141 output closed (a reader such as head stopped early).
${examples([
  "ci-artifacts buildkite ls acme/web/42",
  "ci-artifacts buildkite download acme/web/42 --glob 'dist/**' --out ./artifacts",
  "ci-artifacts buddy ls --workspace acme",
])}`,
    );
  // Subcommands write and exit as the program does.
  const sub = (parent: Command, name: string) =>
    parent
      .command(name)
      .exitOverride()
      .configureOutput(program.configureOutput())
      .showHelpAfterError("(add --help for usage)");

  const buildkite = sub(program, "buildkite")
    .description("a Buildkite build's artifacts")
    .addHelpText(
      "after",
      examples([
        "ci-artifacts buildkite ls acme/web/42",
        "ci-artifacts buildkite download acme/web/42 --glob 'dist/**' --out ./artifacts",
        "ci-artifacts buildkite rm acme/web/42 --glob 'tmp/**' --dry-run",
      ]),
    );
  const bk = (name: string) => common(sub(buildkite, name), TOKEN_VARIABLES.buildkite, "https://api.buildkite.com/v2");

  bk("ls")
    .description("list a build's artifacts: a table on a terminal, NDJSON (one JSON object per line) otherwise")
    .argument("<build>", BUILD_HELP)
    .option("--job <id>", "only the artifacts of this job")
    .option("--glob <pattern>", "only paths matching this glob (* within a folder, ** across folders)")
    .addOption(new Option("--state <state>", "only artifacts in this state").choices(STATES))
    .addOption(new Option("--format <format>", "table or json (default: table on a terminal)").choices(FORMATS))
    .option("--json", "the same as --format json")
    .option("--per-page <n>", "artifacts per page asked of the API (default 100)", integer("--per-page", 1, 100))
    .addHelpText(
      "after",
      examples([
        "ci-artifacts buildkite ls acme/web/42",
        "ci-artifacts buildkite ls https://buildkite.com/acme/web/builds/42 --glob 'dist/**'",
        "ci-artifacts buildkite ls acme/web/42 --state finished --format json | jq -r .path",
      ]),
    )
    .action(async (text: string, options: Extract<Parsed, { action: "ls"; vendor: "buildkite" }>["options"] & Json) => {
      await dispatch({ vendor: "buildkite", action: "ls", build: parseBuild(text), options: withFormat(options) });
    });

  bk("download")
    .description(
      "download a build's finished artifacts, each checked against its size and SHA-1; files already there and verified are kept",
    )
    .argument("<build>", BUILD_HELP)
    .option("--glob <pattern>", "only paths matching this glob (* within a folder, ** across folders)")
    .option("--job <id>", "only the artifacts of this job")
    .option("--out <dir>", "where to write them, each at its path below it", ".")
    .option(
      "--concurrency <n>",
      `files coming in at once (1 to ${MAX_CONCURRENCY}); one whose bytes are in is checked while the next comes`,
      integer("--concurrency", 1, MAX_CONCURRENCY),
      4,
    )
    .addOption(
      new Option("--progress <mode>", "bars or lines (default: bars when stderr is a terminal)").choices(PROGRESS),
    )
    .option("--per-page <n>", "artifacts per page asked of the API (default 100)", integer("--per-page", 1, 100))
    .addHelpText(
      "after",
      `
Each file goes to <out>/<its path>; a path that would leave --out (absolute, or with ..) is refused
and reported. Files are written beside their place as <name>.part and renamed once verified; a
file that fails is removed, so a second run fetches only what is missing. Exit 0 only when every
file is there and verified.
${examples([
  "ci-artifacts buildkite download acme/web/42 --glob 'dist/**' --out ./artifacts",
  "ci-artifacts buildkite download https://buildkite.com/acme/web/builds/42 --concurrency 8",
  "ci-artifacts buildkite download acme/web/42 --job aae578fe-994c-44e6-84da-4102616928ba --out logs",
])}`,
    )
    .action(async (text: string, options: Extract<Parsed, { action: "download" }>["options"]) => {
      await dispatch({ vendor: "buildkite", action: "download", build: parseBuild(text), options });
    });

  bk("rm")
    .description("delete a build's artifacts that match a glob: asks first on a terminal, needs --yes otherwise")
    .argument("<build>", BUILD_HELP)
    .requiredOption("--glob <pattern>", "the paths to delete ('**' for every one)")
    .option("--job <id>", "only the artifacts of this job")
    .addOption(new Option("--state <state>", "only artifacts in this state").choices(STATES))
    .option("--dry-run", "list what would be deleted; delete nothing")
    .option("--yes", "delete without asking (needed when not on a terminal)")
    .option("--per-page <n>", "artifacts per page asked of the API (default 100)", integer("--per-page", 1, 100))
    .addHelpText(
      "after",
      examples([
        "ci-artifacts buildkite rm acme/web/42 --glob 'tmp/**' --dry-run",
        "ci-artifacts buildkite rm acme/web/42 --glob 'logs/*.log' --yes",
      ]),
    )
    .action(async (text: string, options: Extract<Parsed, { action: "rm"; vendor: "buildkite" }>["options"]) => {
      await dispatch({ vendor: "buildkite", action: "rm", build: parseBuild(text), options });
    });

  const buddy = sub(program, "buddy")
    .description("a Buddy.works workspace's artifacts")
    .addHelpText(
      "after",
      examples([
        "ci-artifacts buddy ls --workspace acme",
        "ci-artifacts buddy create --workspace acme --name site --type BUCKET --scope WORKSPACE",
      ]),
    );
  const bd = (name: string) =>
    common(sub(buddy, name), TOKEN_VARIABLES.buddy, "https://api.buddy.works, or the --region's")
      .requiredOption("--workspace <name>", "the workspace's domain, as in its URL")
      .addOption(
        new Option("--region <region>", "us (api.buddy.works) or eu (api.eu.buddy.works)").choices(["us", "eu"]),
      );
  const bodyFlags = (command: Command) =>
    command
      .option("--from <file>", "the body, a JSON file; flags given beside it override its fields")
      .option("--name <name>", "display name")
      .option("--identifier <id>", "human-readable identifier (derived from the name when left out)")
      .option("--type <type>", "CONTAINER, BUCKET, NPM or COMPOSER")
      .option("--scope <scope>", "WORKSPACE, PROJECT (needs --project) or ENVIRONMENT (needs --environment)")
      .option("--project <name>", "the project of a PROJECT-scoped artifact")
      .option("--environment <id>", "the environment of an ENVIRONMENT-scoped artifact")
      .option("--authorization <type>", "NONE or BUDDY; BASIC needs a password, so it goes in --from's file")
      .addHelpText(
        "after",
        "\nThe body is checked against Buddy's request schema before it is sent; each problem names its field.",
      );

  bd("ls")
    .description("list a workspace's artifacts: a table on a terminal, NDJSON otherwise")
    .option("--project <name>", "only the artifacts of this project")
    .option("--environment <id>", "only the artifacts of this environment")
    .addOption(new Option("--format <format>", "table or json (default: table on a terminal)").choices(FORMATS))
    .option("--json", "the same as --format json")
    .addHelpText(
      "after",
      examples([
        "ci-artifacts buddy ls --workspace acme",
        "ci-artifacts buddy ls --workspace acme --format table --project my-project",
      ]),
    )
    .action(async (options: Extract<Parsed, { vendor: "buddy"; action: "ls" }>["options"] & Json) => {
      await dispatch({ vendor: "buddy", action: "ls", options: withFormat(options) });
    });

  bd("get")
    .description("print one artifact as JSON")
    .argument("<id>", "the artifact's id")
    .addHelpText("after", examples(["ci-artifacts buddy get x5169jL2 --workspace acme"]))
    .action(async (id: string, options: BuddyCommon) => {
      await dispatch({ vendor: "buddy", action: "get", id, options });
    });

  bodyFlags(bd("create"))
    .description("create an artifact and print it as JSON")
    .addHelpText(
      "after",
      examples([
        "ci-artifacts buddy create --workspace acme --name site --type BUCKET --scope WORKSPACE",
        "ci-artifacts buddy create --workspace acme --from artifact.json --name site-2",
      ]),
    )
    .action(async (options: BuddyCommon & BodyFlags) => {
      await dispatch({ vendor: "buddy", action: "create", options });
    });

  bodyFlags(bd("update"))
    .description("change the fields given and print the artifact as JSON")
    .argument("<id>", "the artifact's id")
    .addHelpText(
      "after",
      examples([
        "ci-artifacts buddy update x5169jL2 --workspace acme --name 'Shared library'",
        "ci-artifacts buddy update x5169jL2 --workspace acme --from changes.json",
      ]),
    )
    .action(async (id: string, options: BuddyCommon & BodyFlags) => {
      await dispatch({ vendor: "buddy", action: "update", id, options });
    });

  bd("rm")
    .description("delete an artifact and all its versions: asks first on a terminal, needs --yes otherwise")
    .argument("<id>", "the artifact's id")
    .option("--dry-run", "say what would be deleted; delete nothing")
    .option("--yes", "delete without asking (needed when not on a terminal)")
    .addHelpText(
      "after",
      examples([
        "ci-artifacts buddy rm x5169jL2 --workspace acme --dry-run",
        "ci-artifacts buddy rm x5169jL2 --workspace acme --yes",
      ]),
    )
    .action(async (id: string, options: BuddyCommon & { yes?: boolean; dryRun?: boolean }) => {
      await dispatch({ vendor: "buddy", action: "rm", id, options });
    });

  return program;
}
