// The content of a PDF report, computed from the database by app/models/report-content.server.ts
// and printed by app/reports/report-document.server.tsx. Instants are UTC ISO strings (shown in
// Europe/Warsaw), days are YYYY-MM-DD, money is integer grosze.

import type { ProjectSummary } from "~/models/tasks.server";
import type { Task } from "~/db/schema";
import type { ReportPeriod } from "~/utils/report-period";

/** One change of a task within the period, from the activity log. */
export type ReportTaskChange =
  | { kind: "created"; at: string; amount: number; requiresAcceptance: boolean }
  | { kind: "renamed"; at: string; previousName: string; name: string }
  | { kind: "repriced"; at: string; previousAmount: number; amount: number }
  /** An edit sent the task to the client for acceptance (again): a new price, name or the requirement turned on. */
  | { kind: "acceptance_requested"; at: string }
  | { kind: "accepted"; at: string; amount: number }
  | { kind: "rejected"; at: string; amount: number; comment: string | null }
  | { kind: "status_changed"; at: string; from: Task["workStatus"]; to: Task["workStatus"] }
  | { kind: "paid"; at: string; method: "tpay" | "cash" | "transfer"; billNumber: string | null }
  | { kind: "refunded"; at: string; billNumber: string | null };

/** A task as it stood at the end of the period (the last instant of its last day). */
export interface ReportTaskRow {
  id: string;
  name: string;
  amount: number;
  acceptance: Task["acceptance"];
  workStatus: Task["workStatus"];
  payment: "unpaid" | "paid";
  /** Changes within the period, oldest first. */
  changes: ReportTaskChange[];
}

/** A task deleted within the period: gone from the table, named by its activity row. */
export interface ReportDeletedTask {
  name: string;
  amount: number;
  at: string;
}

/** A fix request the freelancer handled within the period. */
export interface ReportFixRequestRow {
  number: number;
  title: string;
  outcome: "in_scope" | "priced" | "declined" | "done";
  at: string;
  /**
   * The task's name: the new task (outcome "priced") or the existing task the fix is done within
   * ("in_scope"). `amount` is set for "priced" only.
   */
  taskName: string | null;
  amount: number | null;
}

export interface ReportContent {
  reportId: string;
  period: ReportPeriod;
  /** When the content was read from the database. */
  generatedAt: string;
  freelancer: { name: string; email: string };
  client: { name: string; email: string | null; nip: string | null; address: string | null };
  project: { name: string; deadline: string | null; createdAt: string };
  /** Tasks that existed at the end of the period, in the project's order. */
  tasks: ReportTaskRow[];
  deletedTasks: ReportDeletedTask[];
  fixRequests: ReportFixRequestRow[];
  /** summarizeTasks over `tasks` as they stood at the end of the period. */
  totals: ProjectSummary;
}

/** The freelancer's logo, embedded into the report as a data URL (rendering fetches nothing). */
export interface ReportLogo {
  contentType: "image/png" | "image/jpeg";
  base64: string;
}
