// A real clinicd on a temporary database, for one test worker: gRPC and
// HTTP on ports the system picks, the built web app and plugins, stopped
// (and its folder removed) when the worker ends, failed tests included.

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RunningClinicd {
  baseURL: string;
  adminKey: string;
  folder: string;
  log(): string;
  stop(): Promise<void>;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run the browser tests through CTest (web_browser_test), ` +
        "which passes the built clinicd, plugins and web app",
    );
  }
  return value;
}

export async function startClinicd(timeZone = "Europe/Paris"): Promise<RunningClinicd> {
  const folder = mkdtempSync(join(tmpdir(), "mesoclinic-web-"));
  const db = join(folder, "clinic.db");
  let output = "";
  const child: ChildProcess = spawn(
    required("CLINICD"),
    [
      `--db=${db}`,
      "--listen=127.0.0.1:0",
      "--http_listen=127.0.0.1:0",
      `--plugin_dir=${required("PLUGIN_DIR")}`,
      `--web_app_dir=${required("WEB_APP_DIR")}`,
      `--time_zone=${timeZone}`,
      "--shutdown_grace=1s",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const port = await new Promise<number>((resolve, reject) => {
    const deadline = setTimeout(
      () => reject(new Error(`clinicd did not start in 30 s:\n${output}`)),
      30_000,
    );
    const look = () => {
      const match = /HTTP on \S+ \(port (\d+)\)/.exec(output);
      if (match) {
        clearTimeout(deadline);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on("data", look);
    child.stderr!.on("data", look);
    child.once("exit", (code) => {
      clearTimeout(deadline);
      reject(new Error(`clinicd exited (${code}) before serving:\n${output}`));
    });
  });
  const adminKey = readFileSync(join(folder, "admin.key"), "utf8").trim();
  return {
    baseURL: `http://127.0.0.1:${port}`,
    adminKey,
    folder,
    log: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
