import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Timestamps are UTC ISO-8601 strings; calendar dates (deadline) are YYYY-MM-DD in
// Europe/Warsaw; money is integer grosze.

const createdAt = () =>
  text("created_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    status: text("status", { enum: ["pending", "active"] }).notNull().default("pending"),
    locale: text("locale", { enum: ["pl", "en"] }).notNull().default("pl"),
    trialEndsAt: text("trial_ends_at").notNull(),
    activatedAt: text("activated_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    // SHA-256 of the random session id carried in the signed cookie.
    idHash: text("id_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    userAgent: text("user_agent"),
    // Set when the session was opened with a "Przypomnij hasło" PIN: the user must set a new password.
    pinTokenId: text("pin_token_id"),
    createdAt: createdAt(),
    lastUsedAt: text("last_used_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const authTokens = sqliteTable(
  "auth_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ["activation", "password_pin"] }).notNull(),
    // SHA-256 of the random link token.
    tokenHash: text("token_hash").notNull(),
    // HMAC-SHA-256 of the PIN (password_pin only).
    pinHash: text("pin_hash"),
    // PBKDF2 hash of the password typed at the registration that sent this activation link.
    // Activating asks for that password, so a link from someone else's registration of the
    // same address cannot set a password the owner of the mailbox does not know.
    passwordHash: text("password_hash"),
    // The name typed at that registration; activation gives it to the account with the password.
    registrationName: text("registration_name"),
    attempts: integer("attempts").notNull().default(0),
    expiresAt: text("expires_at").notNull(),
    // PIN entered correctly at the link: the PIN now works as a password until expiresAt.
    confirmedAt: text("confirmed_at"),
    // A login with the PIN happened (the PIN logs in once).
    loggedInAt: text("logged_in_at"),
    usedAt: text("used_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("auth_tokens_token_hash_uq").on(t.tokenHash),
    index("auth_tokens_user_idx").on(t.userId, t.purpose),
  ],
);

export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull(),
});

export const clients = sqliteTable(
  "clients",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    email: text("email"),
    phone: text("phone"),
    nip: text("nip"),
    address: text("address"),
    notes: text("notes"),
    // Lower-cased name, e-mail, NIP and phone for search (SQLite's lower() is ASCII-only).
    searchText: text("search_text").notNull(),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("clients_user_name_idx").on(t.userId, t.name),
    index("clients_user_email_idx").on(t.userId, t.email),
  ],
);

export const projects = sqliteTable(
  "projects",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    clientId: text("client_id")
      .notNull()
      .references(() => clients.id),
    name: text("name").notNull(),
    deadline: text("deadline"),
    status: text("status", { enum: ["active", "completed"] }).notNull().default("active"),
    // SHA-256 of the client-link token; null when sharing is disabled.
    shareTokenHash: text("share_token_hash"),
    // AES-GCM encrypted token so that the freelancer can copy the link again.
    shareTokenEncrypted: text("share_token_encrypted"),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("projects_user_status_idx").on(t.userId, t.status, t.createdAt),
    index("projects_client_idx").on(t.clientId),
    uniqueIndex("projects_share_token_hash_uq").on(t.shareTokenHash),
  ],
);

export const tasks = sqliteTable(
  "tasks",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    amount: integer("amount").notNull(),
    requiresAcceptance: integer("requires_acceptance", { mode: "boolean" }).notNull(),
    acceptance: text("acceptance", { enum: ["not_required", "pending", "accepted", "rejected"] }).notNull(),
    workStatus: text("work_status", { enum: ["todo", "in_progress", "done"] }).notNull().default("todo"),
    payment: text("payment", { enum: ["unpaid", "pending", "paid"] }).notNull().default("unpaid"),
    position: integer("position").notNull(),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("tasks_project_position_idx").on(t.projectId, t.position)],
);

export const taskVersions = sqliteTable(
  "task_versions",
  {
    id: text("id").primaryKey(),
    taskId: text("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    amount: integer("amount").notNull(),
    requiresAcceptance: integer("requires_acceptance", { mode: "boolean" }).notNull(),
    decision: text("decision", { enum: ["pending", "accepted", "rejected", "not_required"] }).notNull(),
    decidedBy: text("decided_by", { enum: ["client"] }),
    decidedAt: text("decided_at"),
    comment: text("comment"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("task_versions_task_version_uq").on(t.taskId, t.version)],
);

export const activity = sqliteTable(
  "activity",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    projectId: text("project_id").references(() => projects.id, { onDelete: "cascade" }),
    actor: text("actor", { enum: ["freelancer", "client", "system"] }).notNull(),
    action: text("action").notNull(),
    subjectType: text("subject_type"),
    subjectId: text("subject_id"),
    // JSON with the values a timeline entry needs (names, amounts, comments).
    data: text("data").notNull().default("{}"),
    createdAt: createdAt(),
  },
  (t) => [
    index("activity_project_created_idx").on(t.projectId, t.createdAt),
    index("activity_user_created_idx").on(t.userId, t.createdAt),
  ],
);

export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    toAddress: text("to_address").notNull(),
    toName: text("to_name"),
    template: text("template").notNull(),
    // JSON payload for the template. It never contains a password. Link tokens and PINs are
    // cleared once the e-mail is sent.
    data: text("data").notNull(),
    subject: text("subject"),
    status: text("status", { enum: ["queued", "sending", "retrying", "sent", "failed"] })
      .notNull()
      .default("queued"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    providerMessageId: text("provider_message_id"),
    claimedAt: text("claimed_at"),
    sentAt: text("sent_at"),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("email_outbox_status_idx").on(t.status, t.createdAt)],
);

export const devMailbox = sqliteTable(
  "dev_mailbox",
  {
    id: text("id").primaryKey(),
    outboxId: text("outbox_id").notNull(),
    fromAddress: text("from_address").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("dev_mailbox_outbox_uq").on(t.outboxId), index("dev_mailbox_to_idx").on(t.toAddress)],
);

export type User = typeof users.$inferSelect;
export type Client = typeof clients.$inferSelect;
export type Project = typeof projects.$inferSelect;
export type Task = typeof tasks.$inferSelect;
export type TaskVersion = typeof taskVersions.$inferSelect;
export type Activity = typeof activity.$inferSelect;
export type EmailOutbox = typeof emailOutbox.$inferSelect;
