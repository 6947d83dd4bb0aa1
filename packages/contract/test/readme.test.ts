import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const examplesDir = new URL("../examples/", import.meta.url);
const examples = readdirSync(examplesDir).filter((file) => file.endsWith(".ts"));

describe("the README's code is the examples/ files, which run as tests", () => {
  it("has examples", () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(
    examples.map((file) => ({ name: `examples/${file}`, given: readFileSync(new URL(file, examplesDir), "utf8") })),
  )("embeds $name verbatim", ({ given }) => {
    expect(readme).toContain(`\`\`\`ts\n${given}\`\`\`\n`);
  });
});
