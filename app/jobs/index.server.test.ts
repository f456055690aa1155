import { parseCrontab } from "graphile-worker";
import { describe, expect, it } from "vitest";
import type { Executor } from "../lib/db.server";
import { SEND_EMAIL_TASK, TASK_NAME, workerPlan } from "../lib/jobs.server";
import { crontab, JOBS, runScheduledTaskNow, SCHEDULED_TASKS, taskList, workerJobs } from "./index.server";

const names = JOBS.map((job) => job.name);
const zones = ["Asia/Shanghai", "UTC", "Asia/Kolkata", "America/New_York", "Pacific/Chatham"];
// A winter and a summer day (daylight saving moves the local-midnight line), and a year's end.
const days = ["2026-01-15T12:00:00Z", "2026-07-01T10:00:00Z", "2026-12-31T23:59:00Z"];

describe("the job definitions", () => {
  it("are the tasks the worker knows, each with a name of its own", () => {
    expect([...names].sort()).toEqual(
      ["anchor_ledger_daily", "erase_expired_contacts", "escalate_overdue", "fold_statistics", "publish_statistics_release", "send_deadline_reminders", "send_email", "send_weekly_digest"],
    );
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name, name).toMatch(TASK_NAME);
  });

  it("schedule every job but send_email", () => {
    expect(JOBS.filter((job) => job.schedule === null).map((job) => job.name)).toEqual([SEND_EMAIL_TASK]);
    expect([...SCHEDULED_TASKS].sort()).toEqual(names.filter((name) => name !== SEND_EMAIL_TASK).sort());
  });

  it.each(zones.flatMap((zone) => days.map((day) => [zone, day] as const)))("give a crontab graphile-worker parses (%s, %s): one line per scheduled job, keyed by its name", (zone, day) => {
    const items = parseCrontab(crontab(zone, new Date(day)));
    expect(items.map((item) => item.task)).toEqual([...SCHEDULED_TASKS]);
    for (const item of items) expect(item.identifier).toBe(item.task);
  });

  // The times of the schedules, as the comments beside the definitions say (UTC).
  const lines: [string, string][] = [
    ["escalate_overdue", "0 * * * * escalate_overdue ?max=3&fill=1h&id=escalate_overdue"],
    ["send_deadline_reminders", "5 * * * * send_deadline_reminders ?max=3&fill=1h&id=send_deadline_reminders"],
    ["erase_expired_contacts", "30 19 * * * erase_expired_contacts ?max=3&id=erase_expired_contacts"],
    ["send_weekly_digest", "0 0 * * 1 send_weekly_digest ?max=3&id=send_weekly_digest"],
    ["fold_statistics", "* * * * * fold_statistics ?max=1&id=fold_statistics"],
    ["anchor_ledger_daily", "1 16 * * * anchor_ledger_daily ?max=3&fill=1d&id=anchor_ledger_daily"],
    // STATISTICS_RELEASE_AT's default, 02:00 in Shanghai.
    ["publish_statistics_release", "0 18 * * * publish_statistics_release ?max=3&fill=1d&id=publish_statistics_release"],
  ];
  it.each(lines)("schedule %s as before", (name, line) => {
    const tab = crontab("Asia/Shanghai", new Date("2026-12-01T10:00:00Z")).split("\n");
    expect(tab.find((l) => l.split(" ")[5] === name)).toBe(line);
  });

  const anchors: [string, string, string][] = [
    ["UTC", "2026-12-01T10:00:00Z", "1 0"],
    ["Asia/Kolkata", "2026-12-01T10:00:00Z", "31 18"],
    ["America/New_York", "2026-07-01T10:00:00Z", "1 4"],
    ["America/New_York", "2026-01-15T10:00:00Z", "1 5"],
  ];
  it.each(anchors)("run the daily ledger anchor one minute after local midnight (%s on %s: %s UTC)", (zone, now, at) => {
    const line = crontab(zone, new Date(now)).split("\n").find((l) => l.includes(" anchor_ledger_daily "));
    expect(line?.startsWith(`${at} * * * `)).toBe(true);
  });
});

describe("the worker", () => {
  it("is given every definition's handler under its name, and the crontab of the scheduled ones", async () => {
    const plan = await workerPlan(workerJobs("Asia/Shanghai"));
    expect(Object.keys(plan.taskList).sort()).toEqual([...names].sort());
    for (const job of JOBS) expect(plan.taskList[job.name], job.name).toBe(job.handler);
    expect(plan.cronItems.map((item) => item.task).sort()).toEqual([...SCHEDULED_TASKS].sort());
    expect(taskList()).toEqual(plan.taskList);
  });

  it("runs only the tasks it is told to, and no crontab when cron is off", async () => {
    const only = await workerPlan({ ...workerJobs("UTC"), tasks: [SEND_EMAIL_TASK] });
    expect(Object.keys(only.taskList)).toEqual([SEND_EMAIL_TASK]);
    expect(only.cronItems).toEqual([]);
    const noCron = await workerPlan({ ...workerJobs("UTC"), cron: false });
    expect(Object.keys(noCron.taskList).sort()).toEqual([...names].sort());
    expect(noCron.cronItems).toEqual([]);
  });

  it("refuses a crontab line for a task it does not have", async () => {
    const jobs = workerJobs("UTC");
    await expect(workerPlan({ ...jobs, crontab: `${jobs.crontab}\n0 3 * * * purge_everything ?id=purge_everything` })).rejects.toThrow(/purge_everything/);
  });

  it("refuses to run on demand a task that is not scheduled", async () => {
    const tx = {} as Executor; // refused before the database is asked
    await expect(runScheduledTaskNow(tx, "send_email" as never)).rejects.toThrow(/unknown task/);
    await expect(runScheduledTaskNow(tx, "purge_everything" as never)).rejects.toThrow(/unknown task/);
  });
});
