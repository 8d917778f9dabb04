import type { Db } from "~/db/client.server";

// E-mails to the client about a project: sent to every address the freelancer invited to the
// project and that has not unsubscribed, in the project's client language, each with the
// client link and an unsubscribe link for that project.

export type ClientUpdate = { kind: "message"; messageId: string } | { kind: "task"; taskId: string };

export interface ClientUpdateProject {
  id: string;
  userId: string;
}

/**
 * Queues the e-mails telling invited clients about a freelancer's new message or a new task
 * that awaits their acceptance. Call it after the change is stored.
 */
export async function emailClientRecipients(
  _env: Env,
  _db: Db,
  _project: ClientUpdateProject,
  _update: ClientUpdate,
): Promise<void> {
  // Filled in by the invitations work (issue 3, item 5).
}
