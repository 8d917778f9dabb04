// E-mail templates: Polish, except the client's e-mails, which speak the project's client
// language. Every value from users goes through escapeHtml in the HTML part; the plain-text
// part carries it as it is.
import { clientText, type ClientLocale } from "~/i18n/client";
import { formatDateTime, formatDay } from "~/utils/dates";
import { escapeHtml } from "~/utils/html";
import { formatIban } from "~/utils/iban";
import { formatFileSize } from "~/utils/file-size";
import { dataExportText } from "~/i18n/pl/data-export";
import { formatMoney } from "~/utils/money";
import * as en from "~/i18n/en";
import { accountDeletionText } from "~/i18n/pl/account-deletion";
import { clientSellerText } from "~/i18n/pl/client-seller";
import { notificationsText } from "~/i18n/pl/notifications";
import { profileText } from "~/i18n/pl/profile";
import { reportEmailText } from "~/i18n/pl/report-email";
import { describeNotification } from "~/utils/notification-text";
import { countLabel, plural } from "~/utils/plural";
import { formatPeriodDays } from "~/utils/report-period-text";

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** Extra message headers for providers that can set them (List-Unsubscribe). */
  headers?: Record<string, string>;
}

interface Paragraph {
  text: string;
  /** Keeps the text's line breaks in the HTML part (text someone typed, such as a description). */
  preWrap?: boolean;
}

interface EmailContent {
  subject: string;
  greeting: string;
  paragraphs: Paragraph[];
  action?: { label: string; url: string };
  /** A code shown large, such as a PIN. */
  code?: string;
  /** Text quoted as it was typed, line breaks kept (a message from the freelancer). */
  quote?: string;
  footer: string;
  /** The client's e-mails: the language and the per-project unsubscribe link. */
  lang?: ClientLocale;
  unsubscribe?: { prompt: string; url: string };
}

function layout(content: EmailContent): RenderedEmail {
  const lang = content.lang ?? "pl";
  const buttonFallback = clientText(lang).emails.buttonFallback;
  const htmlParagraphs = content.paragraphs
    .map((p) => `<p style="margin:0 0 16px${p.preWrap ? ";white-space:pre-wrap" : ""}">${escapeHtml(p.text)}</p>`)
    .join("");
  const htmlQuote = content.quote
    ? `<blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid #c7d2fe;background:#f8fafc;white-space:pre-wrap">${escapeHtml(content.quote)}</blockquote>`
    : "";
  const htmlCode = content.code
    ? `<p style="margin:0 0 16px;font-size:28px;font-weight:bold;letter-spacing:6px">${escapeHtml(content.code)}</p>`
    : "";
  const htmlAction = content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="background:#4338ca;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(content.action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#555">${escapeHtml(buttonFallback)}<br>${escapeHtml(content.action.url)}</p>`
    : "";
  const htmlUnsubscribe = content.unsubscribe
    ? `<p style="margin:8px 0 0;font-size:12px;color:#6b7280">${escapeHtml(content.unsubscribe.prompt)} <a href="${escapeHtml(content.unsubscribe.url)}" style="color:#6b7280">${escapeHtml(content.unsubscribe.url)}</a></p>`
    : "";
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head><body style="font-family:Arial,Helvetica,sans-serif;color:#1f2937;background:#f3f4f6;margin:0;padding:24px"><div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px"><p style="margin:0 0 24px;font-size:20px;font-weight:bold;color:#4338ca">Klamp</p><p style="margin:0 0 16px">${escapeHtml(content.greeting)}</p>${htmlParagraphs}${htmlQuote}${htmlCode}${htmlAction}<p style="margin:32px 0 0;font-size:12px;color:#6b7280">${escapeHtml(content.footer)}</p>${htmlUnsubscribe}</div></body></html>`;

  const textParts = [content.greeting, "", ...content.paragraphs.map((p) => p.text + "\n")];
  if (content.quote) textParts.push(...content.quote.split("\n").map((line) => `> ${line}`), "");
  if (content.code) textParts.push(content.code, "");
  if (content.action) textParts.push(`${content.action.label}: ${content.action.url}`, "");
  textParts.push("--", content.footer);
  if (content.unsubscribe) textParts.push(`${content.unsubscribe.prompt} ${content.unsubscribe.url}`);
  const rendered: RenderedEmail = { subject: content.subject, html, text: textParts.join("\n") };
  if (content.unsubscribe) {
    // RFC 8058 one-click unsubscribe: the mail client POSTs `List-Unsubscribe=One-Click` to the URL.
    rendered.headers = {
      "List-Unsubscribe": `<${content.unsubscribe.url}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    };
  }
  return rendered;
}

const FOOTER = "Klamp: projekty, zadania i płatności w jednym miejscu z klientem.";

// Neither e-mail greets by name. The name typed at registration is not verified: anyone can
// register any address, so it must not reach the activation e-mail. The PIN e-mail goes to an
// active account, but its name is still the one typed at the first registration of the address.
export interface ActivationEmailData {
  activationUrl: string;
}

export interface PasswordPinEmailData {
  pin: string;
  pinUrl: string;
  expiresAt: string;
}

/**
 * Fields every e-mail to a client carries. The two URLs are secrets (the client link opens the
 * project without a login), so they are in SECRET_DATA_KEYS and removed once the e-mail is sent.
 */
interface ClientEmailData {
  locale: ClientLocale;
  projectName: string;
  freelancerName: string;
  /**
   * The name the freelancer gave in the invitation (a person or a company). The invitation shows
   * it below the greeting; every greeting is the same neutral one.
   */
  recipientName: string | null;
  clientLinkUrl: string;
  unsubscribeUrl: string;
}

export interface InvitationEmailData extends ClientEmailData {
  /** The freelancer's optional message, plain text. */
  message: string | null;
}

export interface ClientMessageEmailData extends ClientEmailData {
  /** The start of the freelancer's message, plain text. */
  excerpt: string;
}

export interface ClientTaskEmailData extends ClientEmailData {
  taskName: string;
  /** Grosze. */
  amount: number;
}

/**
 * "Wyślij listę do opłacenia": the bill the freelancer sends, to the address they typed. It has
 * no unsubscribe link, because the freelancer sends each one by hand. `billUrl` opens the bill
 * through the client link, so it is a secret (SECRET_DATA_KEYS).
 */
export interface BillEmailData {
  locale: ClientLocale;
  projectName: string;
  freelancerName: string;
  number: number;
  items: { name: string; amount: number }[];
  /** Grosze. */
  total: number;
  billUrl: string;
  /**
   * Whether the freelancer's online payments worked when the bill was sent. Without them the
   * e-mail does not promise "Zapłać teraz" and asks the client to agree on a way to pay.
   */
  onlinePayments: boolean;
  /** The freelancer's details from Settings → Profil; missing in e-mails queued before they existed. */
  seller?: { company: string | null; nip: string | null; address: string | null; bankAccount: string | null };
}

/**
 * "Wyślij do klienta": a PDF report the freelancer sends by hand to the address they typed, so
 * it has no unsubscribe link (like the bill). `reportUrl` (/r/<token>) downloads the PDF
 * without a login until `expiresAt`, so it is a secret (SECRET_DATA_KEYS).
 */
export interface ReportEmailData {
  locale: ClientLocale;
  projectName: string;
  freelancerName: string;
  /** First and last day of the report's period, YYYY-MM-DD (Europe/Warsaw). */
  periodStart: string;
  periodEnd: string;
  reportUrl: string;
  /** UTC ISO instant the download link stops working. */
  expiresAt: string;
}

/** The confirmation link of an e-mail change, sent to the new address. `confirmUrl` is a secret. */
export interface EmailChangeConfirmEmailData {
  confirmUrl: string;
  /** UTC ISO instant the link stops working. */
  expiresAt: string;
}

/** The notice of an e-mail change request, sent to the account's current address. */
export interface EmailChangeNoticeEmailData {
  newEmail: string;
}

/**
 * The goodbye e-mail after "Usuń konto", sent to the deleted account's address. The account is
 * gone, so the e-mail carries no name or account data. It carries only the number of
 * subscription payments whose records the law requires to be kept.
 */
export interface AccountDeletedEmailData {
  retainedPayments: number;
}

/**
 * "Eksportuj dane": the account's ZIP is ready. `downloadUrl` (/export/<id>) works only after
 * logging in as the owner, so it is no secret and stays in the outbox.
 */
export interface DataExportReadyEmailData {
  downloadUrl: string;
  /** UTC ISO instant the ZIP is deleted. */
  expiresAt: string;
  /** Bytes of the ZIP. */
  size: number;
  /** Project files, report PDFs and the logo included. */
  fileCount: number;
}

function renderDataExportReady(data: DataExportReadyEmailData): RenderedEmail {
  const t = dataExportText;
  return layout({
    subject: t.emailSubject,
    greeting: GREETING,
    paragraphs: [
      { text: t.emailIntro },
      { text: t.emailDetails(formatFileSize(data.size), `${data.fileCount} ${plural(data.fileCount, t.fileForms)}`) },
      { text: t.emailExpires(formatDateTime(data.expiresAt)) },
    ],
    action: { label: t.emailAction, url: data.downloadUrl },
    footer: `${t.emailNotYou} ${FOOTER}`,
  });
}

export interface EmailTemplates {
  activation: ActivationEmailData;
  email_change_confirm: EmailChangeConfirmEmailData;
  email_change_notice: EmailChangeNoticeEmailData;
  password_pin: PasswordPinEmailData;
  invitation: InvitationEmailData;
  client_message: ClientMessageEmailData;
  client_task: ClientTaskEmailData;
  bill: BillEmailData;
  report: ReportEmailData;
  notification: NotificationEmailData;
  notification_digest: NotificationDigestEmailData;
  data_export_ready: DataExportReadyEmailData;
  account_deleted: AccountDeletedEmailData;
}

export type EmailTemplateName = keyof EmailTemplates;

/** Lays out a client e-mail with the parts they all share: greeting, language, footer and unsubscribe link. */
function clientLayout(data: ClientEmailData, content: Pick<EmailContent, "subject" | "paragraphs" | "quote" | "action">): RenderedEmail {
  const t = clientText(data.locale).emails;
  return layout({
    ...content,
    // The subject carries the freelancer's and the project's names.
    subject: subjectLine(content.subject),
    lang: clientText(data.locale).locale,
    greeting: t.greeting,
    footer: t.footer(data.projectName),
    unsubscribe: { prompt: t.unsubscribePrompt, url: data.unsubscribeUrl },
  });
}

function renderInvitation(data: InvitationEmailData): RenderedEmail {
  const t = clientText(data.locale).emails;
  return clientLayout(data, {
    subject: t.invitationSubject(data.freelancerName, data.projectName),
    paragraphs: [
      ...(data.recipientName ? [{ text: t.invitationFor(data.recipientName) }] : []),
      { text: t.invitationIntro(data.freelancerName, data.projectName) },
      { text: t.invitationFeatures },
      ...(data.message ? [{ text: t.invitationMessageIntro }] : []),
    ],
    quote: data.message ?? undefined,
    action: { label: t.openProject, url: data.clientLinkUrl },
  });
}

function renderClientMessage(data: ClientMessageEmailData): RenderedEmail {
  const t = clientText(data.locale).emails;
  return clientLayout(data, {
    subject: t.messageSubject(data.projectName),
    paragraphs: [{ text: t.messageIntro(data.freelancerName, data.projectName) }],
    quote: data.excerpt,
    action: { label: t.openProject, url: data.clientLinkUrl },
  });
}

function renderClientTask(data: ClientTaskEmailData): RenderedEmail {
  const t = clientText(data.locale).emails;
  return clientLayout(data, {
    subject: t.taskSubject(data.projectName),
    paragraphs: [
      { text: t.taskIntro(data.freelancerName, data.projectName) },
      { text: t.taskLine(data.taskName, formatMoney(data.amount)) },
      { text: t.taskOutro },
    ],
    action: { label: t.taskAction, url: data.clientLinkUrl },
  });
}

function sellerParagraphs(data: BillEmailData): Paragraph[] {
  const t = data.locale === "en" ? en.clientSellerText : clientSellerText;
  const seller = data.seller;
  if (!seller) return [];
  const parts = [seller.company, seller.nip ? t.nip(seller.nip) : null, seller.address?.replace(/\s*\n\s*/g, ", ")].filter(Boolean);
  const paragraphs: Paragraph[] = [];
  if (parts.length > 0) paragraphs.push({ text: t.emailSeller(parts.join(", ")) });
  if (seller.bankAccount) paragraphs.push({ text: t.emailBankAccount(formatIban(seller.bankAccount)) });
  return paragraphs;
}

function renderBill(data: BillEmailData): RenderedEmail {
  const text = clientText(data.locale);
  const t = text.bills;
  return layout({
    subject: subjectLine(t.emailSubject(data.number, data.projectName)),
    lang: text.locale,
    greeting: text.emails.greeting,
    paragraphs: [
      { text: t.emailIntro(data.freelancerName, data.number, data.projectName) },
      ...data.items.map((item) => ({ text: t.emailLine(item.name, formatMoney(item.amount)) })),
      { text: t.emailTotal(formatMoney(data.total)) },
      { text: data.onlinePayments ? t.emailOutro : t.emailOutroOffline(data.freelancerName) },
      ...sellerParagraphs(data),
      { text: t.emailLinkWarning },
    ],
    action: { label: t.emailAction, url: data.billUrl },
    footer: text.emails.footer(data.projectName),
  });
}

function renderReport(data: ReportEmailData): RenderedEmail {
  const text = clientText(data.locale);
  const t = data.locale === "en" ? en.reportEmailText : reportEmailText;
  const period = formatPeriodDays(data.periodStart, data.periodEnd);
  return layout({
    subject: subjectLine(t.subject(data.projectName)),
    lang: text.locale,
    greeting: text.emails.greeting,
    paragraphs: [
      { text: t.intro(data.freelancerName, data.projectName, period) },
      { text: t.contents },
      { text: t.expires(formatDateTime(data.expiresAt)) },
      { text: t.linkWarning },
    ],
    action: { label: t.action, url: data.reportUrl },
    footer: text.emails.footer(data.projectName),
  });
}

/** One notification to the freelancer, sent at once. No secrets: the project URL needs a login. */
export interface NotificationEmailData {
  type: string;
  /** The notification's own data (see NotificationData in app/models/notifications.server.ts). */
  data: Record<string, unknown>;
  projectName: string | null;
  projectUrl: string | null;
  settingsUrl: string;
  /**
   * Unread notifications of this type in the project that this e-mail covers, itself included:
   * immediate e-mails of messages, files and fix requests are coalesced. Missing in e-mails
   * written before the field existed, which read as 1.
   */
  count?: number;
}

/** The freelancer's daily digest of notifications waiting for it. */
export interface NotificationDigestEmailData {
  /** The Europe/Warsaw day (YYYY-MM-DD) of the digest. */
  day: string;
  items: { type: string; data: Record<string, unknown>; projectName: string | null; createdAt: string }[];
  notificationsUrl: string;
  settingsUrl: string;
}

/** Flattens text for a Subject header: no control or line-separator characters, at most `max` characters. */
function subjectLine(text: string, max = 150): string {
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function renderNotification(data: NotificationEmailData): RenderedEmail {
  const n = notificationsText;
  const lines = describeNotification(data.type, data.data, data.count ?? 1);
  // Details quote what the client typed, so their line breaks are kept.
  const paragraphs: Paragraph[] = [{ text: lines.headline }, ...lines.details.map((detail) => ({ text: detail, preWrap: true }))];
  if (data.projectName) paragraphs.push({ text: n.emailInProject(data.projectName) });
  return layout({
    subject: subjectLine(data.projectName ? `${lines.headline} · ${data.projectName}` : lines.headline),
    greeting: n.emailGreeting,
    paragraphs,
    action: data.projectUrl ? { label: n.emailOpenProject, url: data.projectUrl } : undefined,
    footer: n.emailFooter(data.settingsUrl),
  });
}

function renderNotificationDigest(data: NotificationDigestEmailData): RenderedEmail {
  const n = notificationsText;
  const count = data.items.length;
  const items = data.items.map((item) => {
    const lines = describeNotification(item.type, item.data);
    const parts = [lines.headline, ...lines.details];
    if (item.projectName) parts.push(n.inProject(item.projectName));
    return { text: n.digestItem(formatDateTime(item.createdAt), parts.join(" · ")), preWrap: true };
  });
  return layout({
    subject: n.digestSubject(count, plural(count, n.notificationForms)),
    greeting: n.emailGreeting,
    paragraphs: [{ text: n.digestIntro(formatDay(data.day)) }, ...items],
    action: { label: n.emailOpenNotifications, url: data.notificationsUrl },
    footer: n.emailFooter(data.settingsUrl),
  });
}

const GREETING = "Dzień dobry,";

const renderers: { [K in EmailTemplateName]: (data: EmailTemplates[K]) => RenderedEmail } = {
  activation: (data) =>
    layout({
      subject: "Aktywuj konto w Klamp",
      greeting: GREETING,
      paragraphs: [
        { text: "Na ten adres e-mail założono konto w Klamp. Przez 14 dni okresu próbnego masz dostęp do wszystkich funkcji." },
        { text: "Aby aktywować konto, otwórz poniższy link. Strona poprosi o hasło podane przy rejestracji." },
      ],
      action: { label: "Aktywuj konto", url: data.activationUrl },
      footer: `Jeśli to nie Ty zakładasz konto, zignoruj tę wiadomość: bez aktywacji konto nie zacznie działać. ${FOOTER}`,
    }),
  password_pin: (data) =>
    layout({
      subject: "PIN do zmiany hasła w Klamp",
      greeting: GREETING,
      paragraphs: [
        { text: "Otrzymaliśmy prośbę o przypomnienie hasła do konta w Klamp. Oto jednorazowy PIN:" },
      ],
      code: data.pin,
      action: { label: "Wpisz PIN", url: data.pinUrl },
      footer: `PIN jest ważny do ${formatDateTime(data.expiresAt)}. Po wpisaniu PIN-u pod linkiem zaloguj się nim zamiast hasła, a potem w Ustawieniach → Bezpieczeństwo ustaw nowe hasło. Jeśli to nie Twoja prośba, zignoruj tę wiadomość. ${FOOTER}`,
    }),
  email_change_confirm: (data) =>
    layout({
      subject: profileText.confirmEmailSubject,
      greeting: GREETING,
      paragraphs: [{ text: profileText.confirmEmailIntro }],
      action: { label: profileText.confirmEmailAction, url: data.confirmUrl },
      footer: `${profileText.confirmEmailFooter(formatDateTime(data.expiresAt))} ${FOOTER}`,
    }),
  email_change_notice: (data) =>
    layout({
      subject: profileText.noticeEmailSubject,
      greeting: GREETING,
      paragraphs: [{ text: profileText.noticeEmailIntro(data.newEmail) }, { text: profileText.noticeEmailOutro }],
      footer: FOOTER,
    }),
  invitation: renderInvitation,
  client_message: renderClientMessage,
  client_task: renderClientTask,
  bill: renderBill,
  report: renderReport,
  notification: renderNotification,
  notification_digest: renderNotificationDigest,
  data_export_ready: renderDataExportReady,
  account_deleted: (data) =>
    layout({
      subject: accountDeletionText.emailSubject,
      greeting: GREETING,
      paragraphs: [
        { text: accountDeletionText.emailIntro },
        ...(data.retainedPayments > 0
          ? [{ text: accountDeletionText.emailRetained(countLabel(data.retainedPayments, accountDeletionText.paymentForms)) }]
          : []),
        { text: accountDeletionText.emailOutro },
      ],
      footer: FOOTER,
    }),
};

export function renderEmail<K extends EmailTemplateName>(template: K, data: EmailTemplates[K]): RenderedEmail {
  const render = renderers[template] as ((data: EmailTemplates[K]) => RenderedEmail) | undefined;
  if (!render) throw new Error(`Unknown e-mail template: ${String(template)}`);
  return render(data);
}

export function isEmailTemplateName(name: string): name is EmailTemplateName {
  return Object.hasOwn(renderers, name);
}

/** Keys whose values are secrets (link tokens, PINs) and are removed from the outbox once sent. */
export const SECRET_DATA_KEYS = ["activationUrl", "pin", "pinUrl", "clientLinkUrl", "unsubscribeUrl", "billUrl", "reportUrl", "confirmUrl"];
