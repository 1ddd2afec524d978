// Runs one command in fresh processes and measures it: wall time from spawn to exit, and the CPU
// time of every Node process it starts. On a shared machine CPU time is the steadier measure of
// single-threaded work (tsc, codegen): waiting for a core inflates wall time but not CPU time.
import { spawn } from "node:child_process";
import { repoRoot } from "../scripts/lib/spec.js";

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall-clock milliseconds from spawn to exit. */
  wallMs: number;
  /** With `cpu: true`: user + system CPU milliseconds, summed over every Node process of the command. */
  cpuMs: number;
}

export interface CommandOptions {
  /** Measure CPU time (adds a tiny module to each Node process, so cold-start runs leave it off). */
  cpu?: boolean;
}

// Loaded into each Node process through NODE_OPTIONS (so npm's and tsx's children too): reports the
// process's CPU time on stderr as it exits. Pipes are synchronous on Linux, so the line is not lost.
const marker = "@@bench-cpu ";
const cpuProbe = `process.on("exit", () => { const u = process.cpuUsage(); process.stderr.write("\\n${marker}" + (u.user + u.system) / 1000 + "\\n"); });`;
const nodeOptions = `--import=data:text/javascript,${encodeURIComponent(cpuProbe)}`;

export function runCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const env = options.cpu
    ? { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} ${nodeOptions}`.trim() }
    : process.env;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      let cpuMs = 0;
      const lines = stderr.split("\n").filter((line) => {
        if (!line.startsWith(marker)) return true;
        cpuMs += Number(line.slice(marker.length));
        return false;
      });
      resolve({ code, stdout, stderr: lines.join("\n").trim(), wallMs, cpuMs });
    });
  });
}

/** Runs `node ...args` and parses the last line it prints as JSON; fails with its stderr otherwise. */
export async function runNodeForJson<T>(args: readonly string[]): Promise<T & { wallMs: number }> {
  const result = await runCommand(process.execPath, args);
  const last = result.stdout.trim().split("\n").at(-1);
  if (result.code !== 0 || !last) {
    throw new Error(`node ${args.join(" ")} exited with ${result.code}:\n${result.stderr || result.stdout}`);
  }
  return { ...(JSON.parse(last) as T), wallMs: result.wallMs };
}
