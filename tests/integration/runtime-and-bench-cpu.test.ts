import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { processCpuMs, serverCpuMs } from "../../scripts/bench-common";

describe("the supported runtime", () => {
  it("npm scripts run on Node 22 or later, whatever node the system has (scripts/run.sh → node-runtime.sh)", () => {
    const r = spawnSync("bash", ["scripts/run.sh", "node", "-p", "process.versions.node"], { encoding: "utf8", env: { ...process.env, CANARY_SKIP_INSTALL: "1" }, timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const [major, minor] = r.stdout.trim().split(".").map(Number);
    const engines = (JSON.parse(fs.readFileSync("package.json", "utf8")) as { engines: { node: string } }).engines.node;
    const [wantMajor, wantMinor] = /^>=(\d+)\.(\d+)$/.exec(engines)!.slice(1).map(Number);
    expect(major! > wantMajor! || (major === wantMajor && minor! >= wantMinor!), `${r.stdout.trim()} against ${engines}`).toBe(true);
    expect(wantMajor).toBeGreaterThanOrEqual(22);
  });

  it("package-lock.json records the same engines as package.json", () => {
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { engines: unknown };
    const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8")) as { packages: Record<string, { engines?: unknown }> };
    expect(lock.packages[""]!.engines).toEqual(pkg.engines);
  });
});

describe("bench:intake's server CPU", () => {
  it("counts the workers (children of the launcher), where the requests are answered", async () => {
    // A launcher that does nothing itself, and a worker that spins for 500 ms of CPU (measured in
    // CPU time, not wall time: the machine may be busy), as a node:cluster worker answers requests.
    const launcher = spawn(process.execPath, [
      "-e",
      `const { spawn } = require("node:child_process");
       const w = spawn(process.execPath, ["-e", "setTimeout(() => { while (process.cpuUsage().user + process.cpuUsage().system < 500000 + 100000) {} console.log('spun'); setTimeout(() => {}, 5000) }, 500)"], { stdio: ["ignore", "inherit", "ignore"] });
       console.log("forked"); setTimeout(() => w.kill(), 20000);`,
    ]);
    let output = "";
    const saw = (text: string) =>
      new Promise<void>((resolve) => {
        const check = () => (output.includes(text) ? resolve() : launcher.stdout.once("data", (d) => ((output += d), check())));
        check();
      });
    try {
      await saw("forked");
      const before = serverCpuMs(launcher.pid)!;
      const launcherBefore = processCpuMs(launcher.pid)!;
      await saw("spun");
      const after = serverCpuMs(launcher.pid)!;
      const launcherOnly = processCpuMs(launcher.pid)! - launcherBefore;
      const total = [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);
      expect(after.size).toBe(2);
      expect(launcherOnly).toBeLessThan(150); // what the benchmark used to report
      expect(total).toBeGreaterThan(350);
    } finally {
      launcher.kill();
    }
  });
});
