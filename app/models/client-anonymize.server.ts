// "Usuń klienta" for a client that has projects: the client's personal data is removed, while
// the projects, tasks, fix requests, the freelancer's own messages and files, and the bills the
// law requires to keep stay. Everything in D1 changes in one batch, guarded by the
// `client.anonymized` activity row. The R2 objects of the removed files and reports are deleted
// after the batch.
//
// Bills are kept when money moved or may still move: paid or refunded, or with any payment or
// Tpay transaction row (a transaction cancelled at Tpay "best effort" may still be paid, and its
// notification must find its row). Kept bills get the buyer's name, NIP and address copied onto
// them. Every other bill of the client's projects (open, sent, cancelled) is deleted.

import { and, count, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { readPlan, type ReadPlan } from "~/db/read-plan.server";
import {
  activity,
  bills,
  clients,
  dataExports,
  devMailbox,
  emailOutbox,
  files,
  invitations,
  messages,
  notificationDigests,
  notifications,
  payments,
  projects,
  r2Purges,
  reports,
  reportSendings,
  tpayTransactions,
  users,
  type Client,
} from "~/db/schema";
import { clientsText } from "~/i18n/pl";
import { logError, logInfo } from "~/utils/log.server";
import { guardedActivity } from "./activity-guard.server";
import { getClient } from "./clients.server";
import { reportObjectKey } from "./reports.server";

/** A bill whose Tpay payment may still bring money, so the client cannot be anonymised yet. */
export interface PaymentInProgress {
  number: number;
  projectName: string;
}

/** Counts of the rows "Usuń klienta" removes and keeps for a client with projects, shown before the freelancer confirms. */
export interface AnonymizationPreview {
  projectCount: number;
  sharedProjectCount: number;
  keptBills: number;
  deletedBills: number;
  invitations: number;
  clientMessages: number;
  clientFiles: number;
  reports: number;
  paymentsInProgress: PaymentInProgress[];
}

export type AnonymizeResult =
  | { outcome: "anonymized"; projectCount: number }
  | { outcome: "not_found" }
  /** Already anonymised, or deleted, by another request. */
  | { outcome: "already_deleted" }
  /** The client has no projects: delete it with deleteClient instead. */
  | { outcome: "no_projects" }
  | { outcome: "payment_in_progress"; bills: PaymentInProgress[] }
  /** The client's row kept changing under the request (an edit saved at the same moment, three times). */
  | { outcome: "conflict" };

/** At most this many bills with a payment in progress are named in the refusal. */
const PAYMENTS_IN_PROGRESS_SHOWN = 10;
/** The request reads the client and writes the batch again after a concurrent edit, at most this many times. */
const MAX_ATTEMPTS = 3;
/** R2 deletes at most this many keys per call. */
const R2_DELETE_CHUNK = 1000;
/** r2_purges rows per INSERT: one bound parameter each, below D1's 100 per query. */
const PURGE_INSERT_CHUNK = 50;

interface Scope {
  userId: string;
  clientId: string;
}

// ---------------------------------------------------------------------------------------------
// SQL fragments. Each reads the client's projects with a subquery, so that the batch acts on the
// projects as they are when it runs. Outer rows are referenced by table name (`"bills".id`) and
// never by a bare column name, which a subquery would resolve to its own table.

/** Builds the subquery of the client's project ids. */
function clientProjectIds(scope: Scope): SQL {
  return sql`SELECT p.id FROM ${projects} p WHERE p.client_id = ${scope.clientId} AND p.user_id = ${scope.userId}`;
}

/** Builds the condition that money went through a bill (referenced by `bill`) or may still go through it. */
function billKept(bill: SQL): SQL {
  return sql`(${bill}.status IN ('paid', 'refunded')
    OR EXISTS (SELECT 1 FROM ${payments} pm WHERE pm.bill_id = ${bill}.id)
    OR EXISTS (SELECT 1 FROM ${tpayTransactions} tt WHERE tt.bill_id = ${bill}.id))`;
}

/** Builds the condition that a bill of the client's projects awaits a Tpay payment or has a pending transaction. */
function paymentInProgress(scope: Scope): SQL {
  return sql`EXISTS (SELECT 1 FROM ${bills} b WHERE b.project_id IN (${clientProjectIds(scope)})
    AND (b.status = 'awaiting_payment'
      OR EXISTS (SELECT 1 FROM ${tpayTransactions} tt WHERE tt.bill_id = b.id AND tt.status = 'pending')))`;
}

/** Builds the subquery of the lower-cased addresses the client's projects sent e-mail to, plus the client's own e-mail. */
function clientAddresses(scope: Scope, clientEmail: string | null): SQL {
  const projectIds = clientProjectIds(scope);
  return sql`SELECT lower(i.email) AS address FROM ${invitations} i WHERE i.project_id IN (${projectIds})
    UNION SELECT lower(b.recipient_email) FROM ${bills} b WHERE b.project_id IN (${projectIds}) AND b.recipient_email IS NOT NULL
    UNION SELECT lower(rs.to_address) FROM ${reportSendings} rs JOIN ${reports} r ON r.id = rs.report_id WHERE r.project_id IN (${projectIds})
    UNION SELECT lower(${clientEmail}) WHERE ${clientEmail} IS NOT NULL`;
}

/** Builds the subquery of the outbox ids the client's projects record: invitations, bills and report sendings. */
function clientOutboxIds(scope: Scope): SQL {
  const projectIds = clientProjectIds(scope);
  return sql`SELECT i.outbox_id FROM ${invitations} i WHERE i.project_id IN (${projectIds}) AND i.outbox_id IS NOT NULL
    UNION SELECT b.outbox_id FROM ${bills} b WHERE b.project_id IN (${projectIds}) AND b.outbox_id IS NOT NULL
    UNION SELECT rs.outbox_id FROM ${reportSendings} rs JOIN ${reports} r ON r.id = rs.report_id WHERE r.project_id IN (${projectIds})`;
}

/** Returns the non-empty values of the client's personal data, as they appear inside JSON text. */
function personalValues(client: Client): string[] {
  const values = [client.name, client.email, client.phone, client.nip].filter((value): value is string => !!value);
  // JSON.stringify escapes quotes and backslashes, so a name with them is searched in that form.
  return values.map((value) => JSON.stringify(value).slice(1, -1));
}

/** Builds the condition that `text` (a JSON column) contains the client's data, or an address or invited name of the client's projects. */
function containsPersonalData(text: SQL, scope: Scope, client: Client): SQL {
  const values = personalValues(client);
  const direct = values.map((value) => sql`instr(${text}, ${value}) > 0`);
  return sql`(${sql.join([...direct, sql`0`], sql` OR `)}
    OR EXISTS (SELECT 1 FROM (${clientAddresses(scope, client.email)}) a WHERE a.address <> '' AND instr(lower(${text}), a.address) > 0)
    OR EXISTS (SELECT 1 FROM ${invitations} i WHERE i.project_id IN (${clientProjectIds(scope)}) AND i.name <> '' AND instr(${text}, i.name) > 0))`;
}

/**
 * Builds the condition that a notification e-mail (referenced by `email`) is about one of the
 * client's projects: an immediate one carries the project's URL, with its id; a digest names
 * each item's project. Such an e-mail may quote the client's messages or file names. A digest
 * that also lists another project of the same name is scrubbed as well.
 */
function notificationOfClientProjects(email: SQL, scope: Scope): SQL {
  return sql`EXISTS (SELECT 1 FROM ${projects} p WHERE p.client_id = ${scope.clientId} AND p.user_id = ${scope.userId}
    AND (instr(${email}.data, p.id) > 0 OR instr(${email}.data, '"projectName":' || json_quote(p.name)) > 0))`;
}

/**
 * Builds the condition that an e-mail of the freelancer (referenced by `email`) carries the
 * client's data. Such an e-mail went to one of the client's addresses, is recorded by the
 * client's projects, or is a notification e-mail to the freelancer that quotes the client's
 * data or is about one of the client's projects. An e-mail to the freelancer's own address is matched only through its content, so a
 * client with the freelancer's address does not take the account's e-mails with it.
 * The user_id test comes first so that SQLite reads only the account's e-mails through
 * email_outbox_user_idx.
 */
function outboxOfClient(email: SQL, scope: Scope, client: Client): SQL {
  const notificationTemplate = sql`${email}.template IN ('notification', 'notification_digest')`;
  return sql`(${email}.user_id = ${scope.userId} AND (
    ${email}.id IN (${clientOutboxIds(scope)})
    OR (lower(${email}.to_address) IN (${clientAddresses(scope, client.email)})
        AND lower(${email}.to_address) <> (SELECT lower(u.email) FROM ${users} u WHERE u.id = ${scope.userId}))
    OR (${notificationTemplate} AND (${containsPersonalData(sql`${email}.data`, scope, client)}
        OR ${notificationOfClientProjects(email, scope)}))))`;
}

/**
 * Builds the condition that a row outside the anonymisation still points to an e-mail
 * (referenced by `email`): a bill that stays, an invitation or report sending of another client's
 * project, an export or a digest. Such an e-mail is scrubbed instead of deleted.
 */
function outboxStillReferenced(email: SQL, scope: Scope): SQL {
  const projectIds = clientProjectIds(scope);
  return sql`(EXISTS (SELECT 1 FROM ${bills} b WHERE b.outbox_id = ${email}.id AND (b.project_id NOT IN (${projectIds}) OR ${billKept(sql.raw("b"))}))
    OR EXISTS (SELECT 1 FROM ${invitations} i WHERE i.outbox_id = ${email}.id AND i.project_id NOT IN (${projectIds}))
    OR EXISTS (SELECT 1 FROM ${reportSendings} rs JOIN ${reports} r ON r.id = rs.report_id WHERE rs.outbox_id = ${email}.id AND r.project_id NOT IN (${projectIds}))
    OR EXISTS (SELECT 1 FROM ${dataExports} d WHERE d.outbox_id = ${email}.id)
    OR EXISTS (SELECT 1 FROM ${notificationDigests} nd WHERE nd.outbox_id = ${email}.id))`;
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Builds the query of the bills of the client's projects whose Tpay payment is still in progress. */
function paymentsInProgressQuery(db: Db, scope: Scope) {
  return db
    .select({ number: bills.number, projectName: projects.name })
    .from(bills)
    .innerJoin(projects, eq(projects.id, bills.projectId))
    .where(
      and(
        eq(projects.clientId, scope.clientId),
        eq(projects.userId, scope.userId),
        sql`(${bills.status} = 'awaiting_payment'
          OR EXISTS (SELECT 1 FROM ${tpayTransactions} tt WHERE tt.bill_id = ${bills}.id AND tt.status = 'pending'))`,
      ),
    )
    .orderBy(projects.name, bills.number)
    .limit(PAYMENTS_IN_PROGRESS_SHOWN);
}

/**
 * Plans the counts of what anonymising the client would remove and keep, so the client page can
 * batch them with its own reads. The result is null when the client is not the user's or is
 * already anonymised.
 */
export function anonymizationPreviewPlan(db: Db, userId: string, clientId: string): ReadPlan<AnonymizationPreview | null> {
  const scope = { userId, clientId };
  const inProjects = (column: SQL) => sql`${column} IN (${clientProjectIds(scope)})`;
  const queries = [
    db.select({ id: clients.id }).from(clients).where(and(eq(clients.id, clientId), eq(clients.userId, userId), isNull(clients.anonymizedAt))),
    db
      .select({ total: count(), shared: sql<number>`COALESCE(SUM(${projects.shareTokenHash} IS NOT NULL), 0)` })
      .from(projects)
      .where(and(eq(projects.clientId, clientId), eq(projects.userId, userId))),
    db
      .select({ kept: sql<number>`COALESCE(SUM(${billKept(sql`${bills}`)}), 0)`, total: count() })
      .from(bills)
      .where(and(eq(bills.userId, userId), inProjects(sql`${bills.projectId}`))),
    db.select({ n: count() }).from(invitations).where(and(eq(invitations.userId, userId), inProjects(sql`${invitations.projectId}`))),
    db
      .select({ n: count() })
      .from(messages)
      .where(and(eq(messages.userId, userId), eq(messages.author, "client"), inProjects(sql`${messages.projectId}`))),
    db.select({ n: count() }).from(files).where(and(eq(files.userId, userId), eq(files.uploadedBy, "client"), inProjects(sql`${files.projectId}`))),
    db.select({ n: count() }).from(reports).where(and(eq(reports.userId, userId), inProjects(sql`${reports.projectId}`))),
    paymentsInProgressQuery(db, scope),
  ] as const;
  return readPlan([...queries], ([clientRows, projectRows, billRows, invitationRows, messageRows, fileRows, reportRows, inProgress]) => {
    if (!clientRows[0]) return null;
    const billTotal = billRows[0]?.total ?? 0;
    const keptBills = billRows[0]?.kept ?? 0;
    return {
      projectCount: projectRows[0]?.total ?? 0,
      sharedProjectCount: projectRows[0]?.shared ?? 0,
      keptBills,
      deletedBills: billTotal - keptBills,
      invitations: invitationRows[0]?.n ?? 0,
      clientMessages: messageRows[0]?.n ?? 0,
      clientFiles: fileRows[0]?.n ?? 0,
      reports: reportRows[0]?.n ?? 0,
      paymentsInProgress: inProgress,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Anonymising

/**
 * Builds the batch that anonymises `client`. The first statement writes the `client.anonymized`
 * activity row only while the client is unchanged since it was read, not anonymised yet, has
 * projects and no Tpay payment in progress; every later statement runs only when that row was
 * written. Statements that read the rows a later statement deletes (addresses, outbox ids,
 * file ids) come first.
 */
function anonymizeStatements(db: Db, client: Client, now: string) {
  const scope = { userId: client.userId, clientId: client.id };
  const projectIds = clientProjectIds(scope);
  const inProjects = (column: SQL) => sql`${column} IN (${projectIds})`;
  const removed = clientsText.removedValue;

  const guard = guardedActivity(
    db,
    { userId: client.userId, actor: "freelancer", action: "client.anonymized", subjectType: "client", subjectId: client.id },
    sql`EXISTS (SELECT 1 FROM ${clients} c WHERE c.id = ${client.id} AND c.user_id = ${client.userId}
          AND c.anonymized_at IS NULL AND c.updated_at = ${client.updatedAt})
      AND EXISTS (${projectIds})
      AND NOT ${paymentInProgress(scope)}`,
  );
  const written = guard.written;
  const clientFileIds = sql`SELECT f.id FROM ${files} f WHERE f.project_id IN (${projectIds}) AND f.uploaded_by = 'client'`;
  // File rows of the history name files the client uploaded, also ones deleted since: a file
  // whose upload the client made, or that is not a current file of the freelancer.
  const clientFileSubject = sql`(${activity}.subject_id IN (${clientFileIds})
    OR EXISTS (SELECT 1 FROM ${activity} up WHERE up.user_id = ${client.userId} AND up.subject_type = 'file'
      AND up.subject_id = ${activity}.subject_id AND up.action = 'file.uploaded' AND up.actor = 'client')
    OR ${activity}.subject_id NOT IN (SELECT f.id FROM ${files} f WHERE f.project_id IN (${projectIds}) AND f.uploaded_by = 'freelancer'))`;
  const clientFileBytes = sql`(SELECT COALESCE(SUM(f.size), 0) FROM ${files} f WHERE f.project_id IN (${projectIds}) AND f.uploaded_by = 'client')`;

  return {
    guard: guard.insert,
    // The development mailbox keeps copies of the e-mails; they go with the outbox rows.
    devMailbox: db
      .delete(devMailbox)
      .where(and(sql`${devMailbox.outboxId} IN (SELECT o.id FROM ${emailOutbox} o WHERE ${outboxOfClient(sql.raw("o"), scope, client)})`, written)),
    deleteOutbox: db
      .delete(emailOutbox)
      .where(and(outboxOfClient(sql`${emailOutbox}`, scope, client), sql`NOT ${outboxStillReferenced(sql`${emailOutbox}`, scope)}`, written)),
    // A scrubbed e-mail that was not sent yet must not be sent later, so it becomes failed. One to
    // the freelancer keeps the freelancer's address.
    scrubOutbox: db
      .update(emailOutbox)
      .set({
        toAddress: sql`CASE WHEN ${emailOutbox}.template IN ('notification', 'notification_digest') THEN ${emailOutbox}.to_address ELSE '' END`,
        toName: null,
        data: "{}",
        subject: null,
        lastError: null,
        status: sql`CASE WHEN ${emailOutbox}.status = 'sent' THEN 'sent' ELSE 'failed' END`,
        updatedAt: now,
      })
      .where(and(outboxOfClient(sql`${emailOutbox}`, scope, client), written)),
    notifications: db
      .update(notifications)
      .set({
        data: sql`CASE ${notifications}.type
          WHEN 'invitation_delivered' THEN json_replace(${notifications}.data, '$.email', ${removed}, '$.name', ${removed})
          WHEN 'invitation_failed' THEN json_replace(${notifications}.data, '$.email', ${removed}, '$.name', ${removed}, '$.reason', ${removed})
          WHEN 'message' THEN json_replace(${notifications}.data, '$.excerpt', ${removed})
          ELSE json_replace(${notifications}.data, '$.fileName', ${removed}) END`,
      })
      .where(
        and(
          eq(notifications.userId, client.userId),
          inProjects(sql`${notifications.projectId}`),
          inArray(notifications.type, ["invitation_delivered", "invitation_failed", "message", "file"]),
          written,
        ),
      ),
    projectActivity: db
      .update(activity)
      .set({
        data: sql`CASE
          WHEN ${activity}.action LIKE 'invitation.%' THEN json_replace(${activity}.data, '$.email', ${removed}, '$.name', ${removed})
          WHEN ${activity}.action IN ('bill.sent', 'report.sent') THEN json_replace(${activity}.data, '$.email', ${removed})
          ELSE json_replace(${activity}.data, '$.excerpt', ${removed}) END`,
      })
      .where(
        and(
          eq(activity.userId, client.userId),
          inProjects(sql`${activity.projectId}`),
          sql`(${activity}.action LIKE 'invitation.%' OR ${activity}.action IN ('bill.sent', 'report.sent')
            OR (${activity}.action = 'message.posted' AND ${activity}.actor = 'client'))`,
          written,
        ),
      ),
    fileActivity: db
      .update(activity)
      .set({ data: sql`json_replace(${activity}.data, '$.name', ${removed})` })
      .where(and(eq(activity.userId, client.userId), eq(activity.subjectType, "file"), inProjects(sql`${activity.projectId}`), clientFileSubject, written)),
    clientActivity: db
      .update(activity)
      .set({ data: sql`json_replace(${activity}.data, '$.name', ${removed}, '$.previousName', ${removed})` })
      .where(and(eq(activity.userId, client.userId), eq(activity.subjectType, "client"), eq(activity.subjectId, client.id), written)),
    invitations: db.delete(invitations).where(and(eq(invitations.userId, client.userId), inProjects(sql`${invitations.projectId}`), written)),
    // Both storage counters are released as deleteProjectFile does, before the rows go.
    projects: db
      .update(projects)
      .set({
        shareTokenHash: null,
        shareTokenEncrypted: null,
        clientStorageBytes: sql`max(${projects}.client_storage_bytes
          - (SELECT COALESCE(SUM(f.size), 0) FROM ${files} f WHERE f.project_id = ${projects}.id AND f.uploaded_by = 'client'), 0)`,
        updatedAt: now,
      })
      .where(and(eq(projects.clientId, client.id), eq(projects.userId, client.userId), written)),
    userStorage: db
      .update(users)
      .set({ storageBytes: sql`max(${users}.storage_bytes - ${clientFileBytes}, 0)` })
      .where(and(eq(users.id, client.userId), written)),
    files: db
      .delete(files)
      .where(and(eq(files.userId, client.userId), eq(files.uploadedBy, "client"), inProjects(sql`${files.projectId}`), written))
      .returning({ r2Key: files.r2Key }),
    messages: db
      .delete(messages)
      .where(and(eq(messages.userId, client.userId), eq(messages.author, "client"), inProjects(sql`${messages.projectId}`), written)),
    // Report sendings go with their reports (ON DELETE CASCADE).
    reports: db
      .delete(reports)
      .where(and(eq(reports.userId, client.userId), inProjects(sql`${reports.projectId}`), written))
      .returning({ id: reports.id, userId: reports.userId }),
    keepBills: db
      .update(bills)
      .set({ buyerName: client.name, buyerNip: client.nip, buyerAddress: client.address, recipientEmail: null, updatedAt: now })
      .where(and(eq(bills.userId, client.userId), inProjects(sql`${bills.projectId}`), billKept(sql`${bills}`), written)),
    // Bill items go with their bills (ON DELETE CASCADE); these bills have no payment or transaction rows.
    deleteBills: db
      .delete(bills)
      .where(and(eq(bills.userId, client.userId), inProjects(sql`${bills.projectId}`), sql`NOT ${billKept(sql`${bills}`)}`, written)),
    client: db
      .update(clients)
      .set({ name: "", email: null, phone: null, nip: null, address: null, notes: null, searchText: "", anonymizedAt: now, updatedAt: now })
      .where(and(eq(clients.id, client.id), eq(clients.userId, client.userId), written))
      .returning({ id: clients.id }),
  };
}

/**
 * Anonymises a client that has projects ("Usuń klienta" after the confirmation). One D1 batch
 * removes the client's personal data everywhere it is stored, deletes what only the client
 * made, and keeps the bills money went through with the buyer's details copied onto them (see
 * the top of this file). The R2 objects of the deleted files and reports are deleted after the
 * batch; the keys whose delete fails are left to the scheduled clean-up in r2_purges.
 *
 * Of two requests at once, one anonymises and the other returns "already_deleted". A bill with
 * a Tpay payment in progress returns "payment_in_progress" and changes nothing.
 */
export async function anonymizeClient(db: Db, bucket: R2Bucket, userId: string, clientId: string): Promise<AnonymizeResult> {
  const scope = { userId, clientId };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const client = await getClient(db, userId, clientId);
    if (!client) return { outcome: attempt === 0 ? "not_found" : "already_deleted" };
    if (client.anonymizedAt) return { outcome: "already_deleted" };
    const inProgress = await paymentsInProgressQuery(db, scope);
    if (inProgress.length > 0) return { outcome: "payment_in_progress", bills: inProgress };

    const now = new Date().toISOString();
    const statements = anonymizeStatements(db, client, now);
    const results = await db.batch([
      statements.guard,
      statements.devMailbox,
      statements.deleteOutbox,
      statements.scrubOutbox,
      statements.notifications,
      statements.projectActivity,
      statements.fileActivity,
      statements.clientActivity,
      statements.invitations,
      statements.projects,
      statements.userStorage,
      statements.files,
      statements.messages,
      statements.reports,
      statements.keepBills,
      statements.deleteBills,
      statements.client,
    ]);
    const deletedFiles = results[11];
    const deletedReports = results[13];
    const anonymized = results[16];
    if (anonymized.length > 0) {
      const keys = [...deletedFiles.map((file) => file.r2Key), ...deletedReports.map((report) => reportObjectKey(report))];
      await deleteObjects(db, bucket, keys, clientId);
      const projectCount = await countProjects(db, scope);
      logInfo("client.anonymized", { userId, clientId, projectCount, deletedFiles: deletedFiles.length, deletedReports: deletedReports.length });
      return { outcome: "anonymized", projectCount };
    }
    // The guard did not hold: find out which of its conditions failed, or read the client again
    // after a concurrent edit.
    if ((await countProjects(db, scope)) === 0) {
      const current = await getClient(db, userId, clientId);
      if (!current || current.anonymizedAt) return { outcome: "already_deleted" };
      return { outcome: "no_projects" };
    }
  }
  return { outcome: "conflict" };
}

async function countProjects(db: Db, scope: Scope): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(projects)
    .where(and(eq(projects.clientId, scope.clientId), eq(projects.userId, scope.userId)));
  return row?.n ?? 0;
}

/**
 * Deletes R2 objects whose rows are gone. When a delete fails, its keys go to r2_purges for the
 * scheduled clean-up (a key works as a prefix there, because generated keys have a fixed length);
 * when that fails too, the keys are logged and the objects stay orphaned.
 */
async function deleteObjects(db: Db, bucket: R2Bucket, keys: string[], clientId: string): Promise<void> {
  for (let start = 0; start < keys.length; start += R2_DELETE_CHUNK) {
    const chunk = keys.slice(start, start + R2_DELETE_CHUNK);
    try {
      await bucket.delete(chunk);
    } catch (error) {
      logError("client.anonymize_delete_objects_failed", error, { clientId, count: chunk.length });
      await queuePurges(db, chunk, clientId);
    }
  }
}

async function queuePurges(db: Db, keys: string[], clientId: string): Promise<void> {
  for (let start = 0; start < keys.length; start += PURGE_INSERT_CHUNK) {
    const chunk = keys.slice(start, start + PURGE_INSERT_CHUNK);
    try {
      await db
        .insert(r2Purges)
        .values(chunk.map((prefix) => ({ prefix })))
        .onConflictDoNothing();
    } catch (error) {
      logError("client.anonymize_queue_purges_failed", error, { clientId, keys: chunk });
    }
  }
}
