import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, OPENSSL, selfSignedCert, stopServer } from "./dovecot.js";

// A real SMTP server for tests: aiosmtpd from Debian (python3-aiosmtpd), run unprivileged on a free loopback port
// with STARTTLS required (a certificate made here), delivering into a Maildir in a temp folder that the test reads.
// CI installs it (.ci/run); elsewhere the tests that need it say why they are skipped.

const PYTHON = ["/usr/bin/python3", "/usr/local/bin/python3"].find((p) => existsSync(p)) ?? null;

export const AIOSMTPD: string | null = (() => {
  if (!PYTHON || !OPENSSL) return null;
  try {
    execFileSync(PYTHON, ["-c", "import aiosmtpd.handlers"], { stdio: "ignore" });
    return PYTHON;
  } catch {
    return null;
  }
})();

export interface SmtpServer {
  port: number;
  ca: string;
  /** Raw messages delivered so far, oldest first. */
  messages(): Buffer[];
  stop(): Promise<void>;
}

export async function startSmtp(): Promise<SmtpServer> {
  const dir = mkdtempSync(join(tmpdir(), "aff-smtp-"));
  const { cert, key, certPem } = selfSignedCert(dir);
  const port = await freePort();
  const maildir = join(dir, "Maildir");
  const child: ChildProcess = spawn(AIOSMTPD!, ["-m", "aiosmtpd", "-n", "-l", `127.0.0.1:${port}`, "--tlscert", cert, "--tlskey", key, "-c", "aiosmtpd.handlers.Mailbox", maildir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (output += b.toString()));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`aiosmtpd exited: ${output}`);
    const up = await new Promise<boolean>((resolve) => {
      const s = connect(port, "127.0.0.1");
      s.once("connect", () => (s.destroy(), resolve(true)));
      s.once("error", () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`aiosmtpd did not listen: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    ca: certPem,
    messages: () => {
      const files: { name: string; path: string }[] = [];
      for (const sub of ["new", "cur"]) {
        const d = join(maildir, sub);
        if (existsSync(d)) for (const f of readdirSync(d)) files.push({ name: f, path: join(d, f) });
      }
      // Maildir names start with the delivery time in seconds, then a counter: sorting by name is delivery order.
      return files.sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true })).map((f) => readFileSync(f.path));
    },
    stop: () => stopServer(child, dir),
  };
}
