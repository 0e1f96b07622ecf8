// The first command's failure modes: each gives one clear line and a non-zero exit, never only a
// stack trace. Runs the real `scripts/start.ts` in a child process.
import { spawnSync } from "node:child_process";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { freePort } from "../lib/db/embedded";

function start(env: Record<string, string>) {
  const res = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/start.ts"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", NODE_ENV: "production", WARDEN_DATA_DIR: "/nonexistent-warden-test", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  const lines = res.stderr.split("\n").filter((l) => l.startsWith("warden:"));
  return { status: res.status, lines, stderr: res.stderr };
}

const assertOneClearLine = (r: ReturnType<typeof start>, pattern: RegExp) => {
  expect(r.status).not.toBe(0);
  expect(r.lines).toHaveLength(1);
  expect(r.lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
};

describe("npm start refuses bad configuration clearly", () => {
  it("a malformed DATABASE_URL", () => {
    assertOneClearLine(start({ DATABASE_URL: "mysql://nope" }), /DATABASE_URL must be a URL like postgresql:/);
  });

  it("an unreachable database", async () => {
    const port = await freePort(); // nothing listens there
    assertOneClearLine(
      start({ DATABASE_URL: `postgresql://warden:x@127.0.0.1:${port}/warden`, PORT: String(await freePort()) }),
      /cannot reach the database at 127\.0\.0\.1:\d+\/warden: connection refused/,
    );
  });

  it("a port already in use", async () => {
    const server = net.createServer().listen(0);
    await new Promise((r) => server.once("listening", r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      assertOneClearLine(start({ PORT: String(port) }), new RegExp(`port ${port} is already in use`));
    } finally {
      server.close();
    }
  });

  it("an invalid PORT", () => {
    assertOneClearLine(start({ PORT: "eighty" }), /PORT must be a port number between 1 and 65535/);
  });
});
