// Polish e-mail templates. Every value from users goes through escapeHtml in the HTML part;
// the plain-text part carries it as it is.
import { formatDateTime } from "~/utils/dates";
import { escapeHtml } from "~/utils/html";

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

interface Paragraph {
  text: string;
}

interface EmailContent {
  subject: string;
  greeting: string;
  paragraphs: Paragraph[];
  action?: { label: string; url: string };
  /** A code shown large, such as a PIN. */
  code?: string;
  footer: string;
}

function layout(content: EmailContent): RenderedEmail {
  const htmlParagraphs = content.paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p.text)}</p>`).join("");
  const htmlCode = content.code
    ? `<p style="margin:0 0 16px;font-size:28px;font-weight:bold;letter-spacing:6px">${escapeHtml(content.code)}</p>`
    : "";
  const htmlAction = content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="background:#4338ca;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(content.action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#555">Jeśli przycisk nie działa, skopiuj ten adres do przeglądarki:<br>${escapeHtml(content.action.url)}</p>`
    : "";
  const html = `<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head><body style="font-family:Arial,Helvetica,sans-serif;color:#1f2937;background:#f3f4f6;margin:0;padding:24px"><div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px"><p style="margin:0 0 24px;font-size:20px;font-weight:bold;color:#4338ca">Klamp</p><p style="margin:0 0 16px">${escapeHtml(content.greeting)}</p>${htmlParagraphs}${htmlCode}${htmlAction}<p style="margin:32px 0 0;font-size:12px;color:#6b7280">${escapeHtml(content.footer)}</p></div></body></html>`;

  const textParts = [content.greeting, "", ...content.paragraphs.map((p) => p.text + "\n")];
  if (content.code) textParts.push(content.code, "");
  if (content.action) textParts.push(`${content.action.label}: ${content.action.url}`, "");
  textParts.push("--", content.footer);
  return { subject: content.subject, html, text: textParts.join("\n") };
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

export interface EmailTemplates {
  activation: ActivationEmailData;
  password_pin: PasswordPinEmailData;
}

export type EmailTemplateName = keyof EmailTemplates;

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
export const SECRET_DATA_KEYS = ["activationUrl", "pin", "pinUrl"];
