import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import { tmpdir } from "node:os";
import { join } from "node:path";

// A real IMAP server for tests: Debian's Dovecot, run from a throw-away configuration in a temp folder, on a free
// loopback port, TLS only (a self-signed certificate made here for 127.0.0.1), users from a passwd file.
// CI installs dovecot-imapd (.ci/run); elsewhere the tests that need it say why they are skipped.

export const DOVECOT = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"].find((p) => existsSync(p)) ?? null;
export const OPENSSL = ["/usr/bin/openssl", "/usr/local/bin/openssl"].find((p) => existsSync(p)) ?? null;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A self-signed certificate for 127.0.0.1 / localhost; the certificate doubles as the CA to trust. */
export function selfSignedCert(dir: string): { cert: string; key: string; certPem: string } {
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  execFileSync(OPENSSL!, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], {
    stdio: "ignore",
  });
  return { cert, key, certPem: readFileSync(cert, "utf8") };
}

export interface Dovecot {
  port: number;
  /** PEM of the server's certificate, to trust as CA. */
  ca: string;
  dir: string;
  stop(): Promise<void>;
}

export async function startDovecot(users: Record<string, string>): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), "aff-dovecot-"));
  const { cert, key, certPem } = selfSignedCert(dir);
  const port = await freePort();
  for (const d of ["run", "state", "home"]) mkdirSync(join(dir, d));
  // Dovecot's auth process runs as its own user: it must pass through the folder and read the (test) passwd file.
  chmodSync(dir, 0o711);
  writeFileSync(join(dir, "passwd"), Object.entries(users).map(([u, p]) => `${u}:{PLAIN}${p}::::::\n`).join(""), { mode: 0o644 });
  const me = userInfo();
  // As root (CI), the login and internal processes run as Debian's own unprivileged users; otherwise as us.
  const root = me.uid === 0;
  // Mail is never delivered as root: as root the mail files belong to Debian's "dovecot" user.
  const mailUid = root ? Number(execFileSync("id", ["-u", "dovecot"]).toString().trim()) : me.uid;
  const mailGid = root ? Number(execFileSync("id", ["-g", "dovecot"]).toString().trim()) : me.gid;
  chownSync(join(dir, "home"), mailUid, mailGid);
  const conf = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <${cert}
ssl_key = <${key}
disable_plaintext_auth = yes
auth_mechanisms = plain
first_valid_uid = 0
first_valid_gid = 0
default_internal_user = ${root ? "dovecot" : me.username}
default_internal_group = ${root ? "dovecot" : me.username}
default_login_user = ${root ? "dovenull" : me.username}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${dir}/home/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  chroot =
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    port = ${port}
    ssl = yes
  }
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
  writeFileSync(join(dir, "dovecot.conf"), conf);
  const child: ChildProcess = spawn(DOVECOT!, ["-F", "-c", join(dir, "dovecot.conf")], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (output += b.toString()));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dovecot exited: ${output}\n${readLog(dir)}`);
    if (await canConnect(port)) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`dovecot did not listen on ${port}: ${output}\n${readLog(dir)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    ca: certPem,
    dir,
    stop: () => stopServer(child, dir),
  };
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, "dovecot.log"), "utf8").slice(-4000);
  } catch {
    return "";
  }
}

async function canConnect(port: number): Promise<boolean> {
  const { connect } = await import("node:net");
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}

/** Stop a server the test started (TERM, then KILL after 5 s) and remove its temporary folder. */
export async function stopServer(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  }
  rmSync(dir, { recursive: true, force: true });
}
