import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

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
    // Bytes of project files the account stores in R2. Uploads reserve their size here with a
    // conditional UPDATE before the body is stored, so concurrent uploads cannot pass the quota.
    storageBytes: integer("storage_bytes").notNull().default(0),
    // End of the last paid subscription period (UTC ISO); null while only the trial was used.
    // The account can change data until the later of trial_ends_at and paid_until.
    paidUntil: text("paid_until"),
    // Plan id (app/config/plans.ts) of the last paid subscription period.
    plan: text("plan"),
    // Settings → Profil: the freelancer's details, printed on bills and reports.
    company: text("company"),
    nip: text("nip"),
    address: text("address"),
    // Polish IBAN (PL + 26 digits) without spaces, shown on bills for bank transfers.
    bankAccount: text("bank_account"),
    // Budget warning: accepted extras above the project's first agreed total by more than this
    // percentage are flagged on the dashboard and the project page.
    budgetWarningPercent: integer("budget_warning_percent").notNull().default(10),
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
    purpose: text("purpose", { enum: ["activation", "password_pin", "email_change"] }).notNull(),
    // The new address an email_change token confirms; the account's e-mail changes only when
    // the link sent to this address is opened and confirmed.
    newEmail: text("new_email"),
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
    // Set when "Usuń klienta" anonymised a client that has projects: the personal data above is
    // cleared, the row stays for the projects and the paid bills, and lists no longer show it.
    anonymizedAt: text("anonymized_at"),
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
    // Fix requests the freelancer does within existing tasks at no extra cost.
    freeRevisionRounds: integer("free_revision_rounds").notNull().default(0),
    // Language of the client page and of the e-mails the client gets.
    clientLocale: text("client_locale", { enum: ["pl", "en"] }).notNull().default("pl"),
    // SHA-256 of the client-link token; null when sharing is disabled.
    shareTokenHash: text("share_token_hash"),
    // AES-GCM encrypted token so that the freelancer can copy the link again.
    shareTokenEncrypted: text("share_token_encrypted"),
    // Bytes of the project's client-uploaded files, reserved before an upload is stored and
    // released when one is deleted; capped by CLIENT_PROJECT_STORAGE_BYTES (app/utils/files.ts).
    clientStorageBytes: integer("client_storage_bytes").notNull().default(0),
    // The project's first agreed total in grosze, which accepted extras are measured against. The
    // client's first acceptance fixes it, and the freelancer can set or clear it.
    budgetBaseline: integer("budget_baseline"),
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
    // pending: the task is on a bill whose Tpay transaction was started and not yet paid.
    payment: text("payment", { enum: ["unpaid", "pending", "paid"] }).notNull().default("unpaid"),
    // Payment method of a paid task: online through Tpay, or marked by hand (cash, bank transfer).
    paidVia: text("paid_via", { enum: ["tpay", "cash", "transfer"] }),
    paidAt: text("paid_at"),
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
    // Account-level rows only (logins, password and profile changes) for "Historia konta", so it
    // does not scan the project rows of a big account.
    index("activity_user_account_idx").on(t.userId, t.createdAt).where(sql`project_id IS NULL`),
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
  // user_id: anonymising a client and deleting an account find the account's e-mails by it.
  (t) => [index("email_outbox_status_idx").on(t.status, t.createdAt), index("email_outbox_user_idx").on(t.userId)],
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

export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    // Lower-cased address; one invitation per address and project, resending reuses it.
    email: text("email").notNull(),
    name: text("name").notNull(),
    message: text("message"),
    // The e-mail of the latest sending; its status is the invitation's delivery state.
    outboxId: text("outbox_id").references(() => emailOutbox.id, { onDelete: "set null" }),
    // projects.share_token_hash of the client link the latest invitation e-mail carried. Client
    // e-mails go only to invitations whose hash equals the project's current one, so after the
    // link is regenerated or disabled, only a resend lets an invited address back in.
    sentShareTokenHash: text("sent_share_token_hash"),
    sendCount: integer("send_count").notNull().default(1),
    // Set when the client follows the unsubscribe link: no more project e-mails to this address.
    unsubscribedAt: text("unsubscribed_at"),
    // Last e-mail to this address about a new message; at most one such e-mail per 10 minutes.
    messageEmailedAt: text("message_emailed_at"),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("invitations_project_email_uq").on(t.projectId, t.email),
    index("invitations_user_idx").on(t.userId),
    index("invitations_outbox_idx").on(t.outboxId),
  ],
);

export const messages = sqliteTable(
  "messages",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    // Order within the project's thread, assigned by the INSERT itself (MAX + 1) so that
    // concurrent posts get distinct, gap-free positions.
    seq: integer("seq").notNull(),
    author: text("author", { enum: ["freelancer", "client"] }).notNull(),
    body: text("body").notNull(),
    // Random key the form sends with each post, so a double submit is stored once.
    clientKey: text("client_key"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("messages_project_seq_uq").on(t.projectId, t.seq),
    uniqueIndex("messages_project_client_key_uq").on(t.projectId, t.clientKey),
  ],
);

export const fixRequests = sqliteTable(
  "fix_requests",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    // Shown as "Poprawka #3"; assigned by the INSERT (MAX + 1 within the project).
    number: integer("number").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    status: text("status", { enum: ["open", "in_scope", "priced", "done", "declined"] })
      .notNull()
      .default("open"),
    // in_scope: the existing task the fix is done within; priced: the new task made from it.
    taskId: text("task_id").references(() => tasks.id, { onDelete: "set null" }),
    // How the request was answered, kept after it is done: within a task or as a new task.
    resolution: text("resolution", { enum: ["in_scope", "priced"] }),
    declineReason: text("decline_reason"),
    answeredAt: text("answered_at"),
    doneAt: text("done_at"),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("fix_requests_project_number_uq").on(t.projectId, t.number),
    index("fix_requests_task_idx").on(t.taskId),
  ],
);

export const files = sqliteTable(
  "files",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    // R2 object key, generated by the server; never derived from the file name.
    r2Key: text("r2_key").notNull(),
    // The uploaded name, cleaned of control characters and path parts; shown as text only.
    name: text("name").notNull(),
    size: integer("size").notNull(),
    // Decided from the file's first bytes, never from the name or the browser's type.
    contentType: text("content_type").notNull(),
    kind: text("kind", { enum: ["image", "pdf", "office", "archive", "text"] }).notNull(),
    uploadedBy: text("uploaded_by", { enum: ["freelancer", "client"] }).notNull(),
    // Private files are never shown to the client.
    private: integer("private", { mode: "boolean" }).notNull().default(false),
    fixRequestId: text("fix_request_id").references(() => fixRequests.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("files_r2_key_uq").on(t.r2Key),
    index("files_project_created_idx").on(t.projectId, t.createdAt),
    index("files_user_idx").on(t.userId),
    index("files_fix_request_idx").on(t.fixRequestId),
  ],
);

export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    projectId: text("project_id").references(() => projects.id, { onDelete: "cascade" }),
    // One of NOTIFICATION_TYPES in app/models/notifications.server.ts.
    type: text("type").notNull(),
    // JSON with what the feed and the e-mail show (project name, task name, excerpt).
    data: text("data").notNull().default("{}"),
    readAt: text("read_at"),
    // E-mail handling: pending until the consumer reads the preference, then none, sent
    // (immediate) or digest (waits for the 8:00 digest, then digested).
    emailState: text("email_state", { enum: ["pending", "none", "sent", "digest", "digested"] })
      .notNull()
      .default("pending"),
    createdAt: createdAt(),
  },
  (t) => [
    index("notifications_user_created_idx").on(t.userId, t.createdAt),
    index("notifications_email_state_idx").on(t.emailState, t.createdAt),
    // Unread rows only, so the header's unread count reads just those rows of the user.
    index("notifications_user_unread_idx").on(t.userId, t.type).where(sql`read_at IS NULL`),
  ],
);

export const notificationPrefs = sqliteTable(
  "notification_prefs",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    inFeed: integer("in_feed", { mode: "boolean" }).notNull(),
    email: text("email", { enum: ["off", "immediate", "digest"] }).notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.type] })],
);

export const notificationDigests = sqliteTable(
  "notification_digests",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // The Europe/Warsaw day (YYYY-MM-DD) the digest was sent for: one digest per user and day.
    day: text("day").notNull(),
    outboxId: text("outbox_id"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
);

export const tpayConnections = sqliteTable(
  "tpay_connections",
  {
    id: text("id")
      .primaryKey()
      .default(sql`(lower(hex(randomblob(16))))`),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // Random id in the notification URL /tpay/notifications/<notifyKey>; not a secret, but
    // unguessable, so the URL does not reveal whose account it is.
    notifyKey: text("notify_key").notNull(),
    environment: text("environment", { enum: ["sandbox", "production"] }).notNull(),
    // Tpay merchant id: the part of the Client ID before the first "-". Compared with the
    // notification's `id` field.
    merchantId: text("merchant_id").notNull(),
    // The Client ID shortened for display ("12345-…a8c"); the full one is only in `credentials`.
    clientIdHint: text("client_id_hint").notNull(),
    // AES-GCM of JSON {clientId, clientSecret, securityCode} with the user id as additional
    // data (encryptText in app/utils/crypto.server.ts). Never sent to the browser.
    credentials: text("credentials").notNull(),
    // Result of the last check (a token asked from Tpay): verified, or failed with a reason code.
    status: text("status", { enum: ["verified", "failed"] }).notNull(),
    lastError: text("last_error"),
    checkedAt: text("checked_at").notNull(),
    // A notification with test_mode=1 arrived for this production connection: no money moved.
    testModeSeenAt: text("test_mode_seen_at"),
    // A signed notification for this connection failed the md5sum check: the security code
    // saved in Settings is probably wrong.
    md5FailedAt: text("md5_failed_at"),
    lastNotificationAt: text("last_notification_at"),
    // Set when the freelancer disconnected or replaced this account. The row stays, with its
    // notify key and credentials, so payments started through it can still be verified and
    // reconciled. Only the row without disconnected_at is the user's current connection.
    disconnectedAt: text("disconnected_at"),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("tpay_connections_notify_key_uq").on(t.notifyKey),
    uniqueIndex("tpay_connections_current_user_uq").on(t.userId).where(sql`disconnected_at IS NULL`),
    index("tpay_connections_user_idx").on(t.userId),
  ],
);

export const bills = sqliteTable(
  "bills",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    // "Rachunek nr 3": numbered per project from 1.
    number: integer("number").notNull(),
    createdBy: text("created_by", { enum: ["client", "freelancer"] }).notNull(),
    // open: made from the client's selection; sent: e-mailed by the freelancer;
    // awaiting_payment: a Tpay transaction was started; paid; cancelled; refunded (CHARGEBACK).
    status: text("status", { enum: ["open", "sent", "awaiting_payment", "paid", "cancelled", "refunded"] }).notNull(),
    // Sum of the items' amounts, in grosze, computed by the server when the bill is made.
    total: integer("total").notNull(),
    recipientEmail: text("recipient_email"),
    // The e-mail that carried the bill (email_outbox.id), for its delivery state.
    outboxId: text("outbox_id"),
    // Payment method of the bill and the payment that paid it.
    paidVia: text("paid_via", { enum: ["tpay", "cash", "transfer"] }),
    paidPaymentId: text("paid_payment_id"),
    sentAt: text("sent_at"),
    paidAt: text("paid_at"),
    cancelledAt: text("cancelled_at"),
    cancelledBy: text("cancelled_by", { enum: ["client", "freelancer", "system"] }),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
    // Set by the request that is creating this bill's Tpay transaction ("Zapłać teraz"), with
    // a conditional UPDATE, so two tabs cannot both create one. A claim older than a minute
    // belongs to a request that died and can be taken over (app/models/bill-payment.server.ts).
    paymentClaimId: text("payment_claim_id"),
    paymentClaimedAt: text("payment_claimed_at"),
    // The buyer's details copied onto a paid bill when its client is anonymised, so the bill the
    // law requires to be kept still names whom it was issued to. Null while the client row holds them.
    buyerName: text("buyer_name"),
    buyerNip: text("buyer_nip"),
    buyerAddress: text("buyer_address"),
  },
  (t) => [
    uniqueIndex("bills_project_number_uq").on(t.projectId, t.number),
    index("bills_project_created_idx").on(t.projectId, t.createdAt),
    index("bills_user_status_idx").on(t.userId, t.status),
  ],
);

export const billItems = sqliteTable(
  "bill_items",
  {
    id: text("id").primaryKey(),
    billId: text("bill_id")
      .notNull()
      .references(() => bills.id, { onDelete: "cascade" }),
    taskId: text("task_id").references(() => tasks.id, { onDelete: "set null" }),
    // Snapshot of the task when the bill was made: the bill does not change with the task.
    name: text("name").notNull(),
    amount: integer("amount").notNull(),
    taskVersion: integer("task_version").notNull(),
    position: integer("position").notNull(),
    // 1 while the bill is open, sent, awaiting payment or paid; 0 once it is cancelled or
    // refunded. The partial unique index keeps a task on at most one such bill, so two
    // concurrent bills for the same task cannot both be written.
    active: integer("active", { mode: "boolean" }).notNull().default(true),
  },
  (t) => [
    index("bill_items_bill_idx").on(t.billId, t.position),
    uniqueIndex("bill_items_active_task_uq").on(t.taskId).where(sql`active = 1`),
  ],
);

export const subscriptionOrders = sqliteTable(
  "subscription_orders",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // Plan id and its price and length at the time of ordering (app/config/plans.ts).
    plan: text("plan").notNull(),
    months: integer("months").notNull(),
    amount: integer("amount").notNull(),
    status: text("status", { enum: ["pending", "paid", "cancelled"] }).notNull(),
    // The period the payment bought, set when it is paid (UTC ISO).
    periodStart: text("period_start"),
    periodEnd: text("period_end"),
    paidAt: text("paid_at"),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("subscription_orders_user_created_idx").on(t.userId, t.createdAt)],
);

export const tpayTransactions = sqliteTable(
  "tpay_transactions",
  {
    id: text("id").primaryKey(),
    // The freelancer whose bill it pays, or who buys the subscription.
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ["bill", "subscription"] }).notNull(),
    billId: text("bill_id").references(() => bills.id, { onDelete: "cascade" }),
    subscriptionOrderId: text("subscription_order_id").references(() => subscriptionOrders.id, { onDelete: "cascade" }),
    // Whose Tpay account receives the money: the freelancer's own connection or the platform's.
    account: text("account", { enum: ["freelancer", "platform"] }).notNull(),
    // The freelancer's connection the transaction was created with (null for the platform):
    // its notifications and reconciliation use that connection's credentials.
    connectionId: text("connection_id").references(() => tpayConnections.id),
    environment: text("environment", { enum: ["sandbox", "production"] }).notNull(),
    merchantId: text("merchant_id").notNull(),
    // Tpay's transactionId (for GET /transactions/{id}) and title (TR-…, arrives as tr_id).
    transactionId: text("transaction_id").notNull(),
    title: text("title").notNull(),
    // Our opaque reference sent as hiddenDescription; arrives as tr_crc. [A-Za-z0-9_-] only.
    crc: text("crc").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull().default("PLN"),
    paymentUrl: text("payment_url").notNull(),
    // pending until a verified notification or the reconciliation job settles it.
    status: text("status", { enum: ["pending", "paid", "cancelled", "refunded"] }).notNull(),
    // A test_mode=1 notification for it was rejected on a production account: no money moved,
    // so reconciliation must not apply it from Tpay's transaction state either.
    testModeAt: text("test_mode_at"),
    lastCheckedAt: text("last_checked_at"),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("tpay_transactions_crc_uq").on(t.crc),
    uniqueIndex("tpay_transactions_env_title_uq").on(t.environment, t.title),
    index("tpay_transactions_bill_idx").on(t.billId),
    index("tpay_transactions_status_created_idx").on(t.status, t.createdAt),
    index("tpay_transactions_connection_status_idx").on(t.connectionId, t.status),
  ],
);

export const payments = sqliteTable(
  "payments",
  {
    id: text("id").primaryKey(),
    // For a bill: the freelancer who received the money. For a subscription: who paid it.
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ["bill", "subscription"] }).notNull(),
    projectId: text("project_id").references(() => projects.id, { onDelete: "set null" }),
    billId: text("bill_id").references(() => bills.id, { onDelete: "set null" }),
    subscriptionOrderId: text("subscription_order_id").references(() => subscriptionOrders.id, { onDelete: "set null" }),
    method: text("method", { enum: ["tpay", "cash", "transfer"] }).notNull(),
    // Tpay only: the transaction row, its environment and title. A title is applied once:
    // the unique index makes the first INSERT win and every redelivery a no-op.
    tpayTransactionId: text("tpay_transaction_id").references(() => tpayTransactions.id, { onDelete: "set null" }),
    environment: text("environment", { enum: ["sandbox", "production"] }),
    providerTitle: text("provider_title"),
    // Grosze received (tr_paid) and what the bill or order asked for.
    amount: integer("amount").notNull(),
    expectedAmount: integer("expected_amount").notNull(),
    // applied: paid the bill or order; flagged: money arrived but did not pay it (see flag);
    // refunded: a CHARGEBACK returned it.
    status: text("status", { enum: ["applied", "flagged", "refunded"] }).notNull(),
    // overpaid (applied, the excess is to be refunded), underpaid, not_payable (the bill was
    // already paid or cancelled: to be refunded).
    flag: text("flag", { enum: ["overpaid", "underpaid", "not_payable"] }),
    // Free text the freelancer typed when marking a payment by hand.
    note: text("note"),
    paidAt: text("paid_at").notNull(),
    // Grosze returned to the payer so far (partial refunds add up; status refunded once the
    // whole amount is returned).
    refundedAmount: integer("refunded_amount").notNull().default(0),
    refundedAt: text("refunded_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("payments_env_title_uq").on(t.environment, t.providerTitle),
    index("payments_user_paid_idx").on(t.userId, t.purpose, t.paidAt),
    index("payments_bill_idx").on(t.billId),
  ],
);

export const reports = sqliteTable(
  "reports",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    // Reporting period: whole Europe/Warsaw days, YYYY-MM-DD, both ends included.
    periodStart: text("period_start").notNull(),
    periodEnd: text("period_end").notNull(),
    // queued waits for the queue consumer. rendering is claimed by a delivery (claimId) since
    // claimedAt. ready has its PDF in R2 at r2Key. failed has the reason shown to the user in failureReason.
    status: text("status", { enum: ["queued", "rendering", "ready", "failed"] })
      .notNull()
      .default("queued"),
    // Render attempts of the current run; "Spróbuj ponownie" starts a new run from zero.
    attempts: integer("attempts").notNull().default(0),
    claimId: text("claim_id"),
    claimedAt: text("claimed_at"),
    // Set once the PDF is stored; the key is generated from the ids, never from a name.
    r2Key: text("r2_key"),
    size: integer("size"),
    pageCount: integer("page_count"),
    taskCount: integer("task_count"),
    // Instant the content was taken from the database: the report's "generation date".
    generatedAt: text("generated_at"),
    failureReason: text("failure_reason"),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("reports_user_created_idx").on(t.userId, t.createdAt),
    index("reports_project_created_idx").on(t.projectId, t.createdAt),
    index("reports_status_idx").on(t.status, t.updatedAt),
  ],
);

export const reportSendings = sqliteTable(
  "report_sendings",
  {
    id: text("id").primaryKey(),
    reportId: text("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    toAddress: text("to_address").notNull(),
    // The e-mail that carries the download link; its status is the sending's delivery state.
    outboxId: text("outbox_id").notNull(),
    // SHA-256 of the random token in the e-mailed download link (/r/<token>).
    tokenHash: text("token_hash").notNull(),
    expiresAt: text("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("report_sendings_report_idx").on(t.reportId, t.createdAt),
    uniqueIndex("report_sendings_token_hash_uq").on(t.tokenHash),
  ],
);

// The freelancer's report settings (Settings → "Raporty"): the logo in R2 and whether reports show it.
export const reportSettings = sqliteTable("report_settings", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  logoKey: text("logo_key"),
  logoContentType: text("logo_content_type", { enum: ["image/png", "image/jpeg"] }),
  logoSize: integer("logo_size"),
  showLogo: integer("show_logo", { mode: "boolean" }).notNull().default(false),
  updatedAt: text("updated_at").notNull(),
});

// "Eksportuj dane": a ZIP of the account's data and files, built by the export queue's consumer.
export const dataExports = sqliteTable(
  "data_exports",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // queued waits for the consumer; running is claimed by a delivery (claimId) since claimedAt;
    // ready has its ZIP in R2 at r2Key until expiresAt; failed shows failureReason; expired had
    // its ZIP removed after expiresAt.
    status: text("status", { enum: ["queued", "running", "ready", "failed", "expired"] })
      .notNull()
      .default("queued"),
    // Progress shown while the job runs: steps done of steps in all (tables, then files).
    progressDone: integer("progress_done").notNull().default(0),
    progressTotal: integer("progress_total").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    claimId: text("claim_id"),
    claimedAt: text("claimed_at"),
    // exports/<userId>/<exportId>.zip, generated from the ids.
    r2Key: text("r2_key"),
    size: integer("size"),
    fileCount: integer("file_count"),
    failureReason: text("failure_reason"),
    // The e-mail with the download link, sent when the ZIP is ready.
    outboxId: text("outbox_id"),
    readyAt: text("ready_at"),
    expiresAt: text("expires_at"),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("data_exports_user_created_idx").on(t.userId, t.createdAt),
    index("data_exports_status_idx").on(t.status, t.updatedAt),
    // At most one export in progress per account: a second request while one runs inserts nothing.
    uniqueIndex("data_exports_user_active_uq").on(t.userId).where(sql`status IN ('queued', 'running')`),
  ],
);

// Records the law requires to be kept after the account that made them was deleted: the
// subscription payments of the platform's own accounting (no foreign key to users on purpose).
export const retainedRecords = sqliteTable(
  "retained_records",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ["subscription_payment"] }).notNull(),
    formerUserId: text("former_user_id").notNull(),
    // JSON snapshot: amounts, dates and the buyer's details as they were on the payment.
    data: text("data").notNull(),
    // Europe/Warsaw day after which the record is removed by the scheduled clean-up.
    retainUntil: text("retain_until").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("retained_records_retain_until_idx").on(t.retainUntil)],
);

// R2 objects left to remove after their rows were deleted (a deleted account, an anonymised
// client's files). The scheduled clean-up deletes the objects under each prefix in pages and
// removes the row when nothing is left under it.
export const r2Purges = sqliteTable("r2_purges", {
  prefix: text("prefix").primaryKey(),
  createdAt: createdAt(),
});

export type User = typeof users.$inferSelect;
export type Client = typeof clients.$inferSelect;
export type Project = typeof projects.$inferSelect;
export type Task = typeof tasks.$inferSelect;
export type TaskVersion = typeof taskVersions.$inferSelect;
export type Activity = typeof activity.$inferSelect;
export type EmailOutbox = typeof emailOutbox.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type FixRequest = typeof fixRequests.$inferSelect;
export type ProjectFile = typeof files.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
export type TpayConnection = typeof tpayConnections.$inferSelect;
export type Bill = typeof bills.$inferSelect;
export type BillItem = typeof billItems.$inferSelect;
export type SubscriptionOrder = typeof subscriptionOrders.$inferSelect;
export type TpayTransaction = typeof tpayTransactions.$inferSelect;
export type Payment = typeof payments.$inferSelect;
export type Report = typeof reports.$inferSelect;
export type ReportSending = typeof reportSendings.$inferSelect;
export type ReportSettings = typeof reportSettings.$inferSelect;
export type DataExport = typeof dataExports.$inferSelect;
export type RetainedRecord = typeof retainedRecords.$inferSelect;
