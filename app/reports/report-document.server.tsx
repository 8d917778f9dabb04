// The report as a self-contained HTML page: embedded fonts, the logo as a data URL, no scripts
// and no external resources, so the browser fetches nothing. React escapes every value from
// the database, so a name such as `<script>` prints as text.

import { renderToStaticMarkup } from "react-dom/server";
import { reportDocumentText as t } from "~/i18n/pl";
import { REPORT_FONT_BOLD_WOFF2, REPORT_FONT_FAMILY, REPORT_FONT_REGULAR_WOFF2 } from "~/reports/fonts.generated";
import type {
  ReportContent,
  ReportDeletedTask,
  ReportFixRequestRow,
  ReportLogo,
  ReportTaskChange,
  ReportTaskRow,
} from "~/reports/report-content";
import { formatDate, formatDateTime, formatDay, warsawDay } from "~/utils/dates";
import { formatPeriodDays } from "~/utils/report-period-text";
import { formatMoney } from "~/utils/money";

/**
 * Formats money like formatMoney but with non-breaking spaces only, so `1 234,56 zł` never wraps
 * inside a narrow column. pdftotext reads them as plain spaces.
 */
function money(grosze: number): string {
  return formatMoney(grosze).replace(/ /g, "\u00a0");
}

/** Renders the whole HTML document of a report, ready for page.setContent(). */
export function renderReportHtml(content: ReportContent, logo: ReportLogo | null): string {
  return "<!doctype html>" + renderToStaticMarkup(<ReportDocument content={content} logo={logo} />);
}

/** Formats the period as the report prints it, such as `01.03.2026–31.03.2026`, or one date for a one-day period. */
export function formatReportPeriod(content: Pick<ReportContent, "period">): string {
  return formatPeriodDays(content.period.start, content.period.end);
}

/** Describes one change of a task in the words the report prints. */
export function describeChange(change: ReportTaskChange): string {
  const changes = t.changes;
  switch (change.kind) {
    case "created":
      return change.requiresAcceptance
        ? changes.createdForAcceptance(money(change.amount))
        : changes.created(money(change.amount));
    case "renamed":
      return changes.renamed(change.previousName, change.name);
    case "repriced":
      return changes.repriced(money(change.previousAmount), money(change.amount));
    case "acceptance_requested":
      return changes.acceptanceRequested;
    case "accepted":
      return changes.accepted(money(change.amount));
    case "rejected":
      return change.comment
        ? changes.rejectedWithComment(money(change.amount), change.comment)
        : changes.rejected(money(change.amount));
    case "status_changed":
      return changes.statusChanged(t.workStatus[change.from], t.workStatus[change.to]);
    case "paid": {
      const method = changes.paidVia[change.method];
      return change.billNumber ? changes.paidOnBill(method, change.billNumber) : changes.paid(method);
    }
    case "refunded":
      return change.billNumber ? changes.refundedOnBill(change.billNumber) : changes.refunded;
  }
}

function ReportDocument({ content, logo }: { content: ReportContent; logo: ReportLogo | null }) {
  const period = formatReportPeriod(content);

  return (
    <html lang="pl">
      <head>
        <meta charSet="utf-8" />
        <title>{t.documentTitle(content.project.name, period)}</title>
        <style dangerouslySetInnerHTML={{ __html: STYLES }} />
      </head>
      <body>
        <header className="masthead">
          <div>
            <p className="kicker">{t.heading}</p>
            <h1>{content.project.name}</h1>
            <dl className="facts">
              <dt>{t.period}</dt>
              <dd>{period}</dd>
              <dt>{t.generatedAt}</dt>
              <dd>{formatDateTime(content.generatedAt)}</dd>
            </dl>
          </div>
          {logo ? <img className="logo" src={`data:${logo.contentType};base64,${logo.base64}`} alt={t.logoAlt} /> : null}
        </header>

        <Parties content={content} />
        <Summary content={content} />
        <TaskTable content={content} />
        {content.deletedTasks.length > 0 ? <DeletedTasks rows={content.deletedTasks} /> : null}
        <FixRequests rows={content.fixRequests} />

        <p className="closing">{t.closing}</p>
      </body>
    </html>
  );
}

function Parties({ content }: { content: ReportContent }) {
  const { freelancer, client, project } = content;

  return (
    <section className="parties">
      <div className="party">
        <h2>{t.freelancer}</h2>
        <p className="party-name">{freelancer.name}</p>
        <p>
          {t.email}: {freelancer.email}
        </p>
      </div>
      <div className="party">
        <h2>{t.client}</h2>
        <p className="party-name">{client.name}</p>
        {client.email ? (
          <p>
            {t.email}: {client.email}
          </p>
        ) : null}
        {client.nip ? (
          <p>
            {t.nip}: {client.nip}
          </p>
        ) : null}
        {client.address ? (
          <p className="address">
            {t.address}: {client.address}
          </p>
        ) : null}
      </div>
      <div className="party">
        <h2>{t.project}</h2>
        <p className="party-name">{project.name}</p>
        <p>
          {t.projectCreated}: {formatDate(project.createdAt)}
        </p>
        <p>
          {t.deadline}: {project.deadline ? formatDay(project.deadline) : t.noDeadline}
        </p>
      </div>
    </section>
  );
}

function Summary({ content }: { content: ReportContent }) {
  const totals = content.totals;
  // summarizeTasks leaves rejected tasks out of the task count, but the table lists them.
  const rejectedCount = content.tasks.filter((task) => task.acceptance === "rejected").length;
  const rows: [string, number][] = [
    [t.summary.accepted, totals.accepted],
    [t.summary.pending, totals.pending],
    [t.summary.rejected, totals.rejected],
    [t.summary.done, totals.done],
    [t.summary.paid, totals.paid],
    [t.summary.unpaid, totals.unpaid],
  ];

  return (
    <section className="summary">
      <h2>{t.summaryTitle}</h2>
      <p className="note">
        {warsawDay(content.generatedAt) <= content.period.end
          ? t.summaryStateAt(formatDateTime(content.generatedAt))
          : t.summaryState(formatDay(content.period.end))}{" "}
        {t.summaryHelp}
      </p>
      <table className="totals">
        <tbody>
          {rows.map(([label, amount]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td className="money">{money(amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="progress">{t.progress(totals.doneCount, totals.taskCount, rejectedCount)}</p>
    </section>
  );
}

function TaskTable({ content }: { content: ReportContent }) {
  return (
    <section>
      <h2>{t.tasksTitle}</h2>
      {content.tasks.length === 0 ? (
        <p className="note">{t.tasksEmpty}</p>
      ) : (
        <>
          <p className="note">{t.tasksHelp}</p>
          <table className="tasks">
            <colgroup>
              <col className="col-number" />
              <col />
              <col className="col-amount" />
              <col className="col-acceptance" />
              <col className="col-status" />
              <col className="col-payment" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">{t.columns.number}</th>
                <th scope="col">{t.columns.name}</th>
                <th scope="col" className="money">
                  {t.columns.amount}
                </th>
                <th scope="col">{t.columns.acceptance}</th>
                <th scope="col">{t.columns.workStatus}</th>
                <th scope="col">{t.columns.payment}</th>
              </tr>
            </thead>
            <tbody>
              {content.tasks.map((task, index) => (
                <TaskRow key={task.id} task={task} number={index + 1} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function TaskRow({ task, number }: { task: ReportTaskRow; number: number }) {
  return (
    <tr>
      <td className="number">{number}</td>
      <td>
        <span className="task-name">{task.name}</span>
        {task.changes.length > 0 ? (
          <ul className="changes">
            {task.changes.map((change, index) => (
              <li key={index}>
                <span className="change-date">{formatDate(change.at)}</span> {describeChange(change)}
              </li>
            ))}
          </ul>
        ) : null}
      </td>
      <td className="money">{money(task.amount)}</td>
      <td>{t.acceptance[task.acceptance]}</td>
      <td>{t.workStatus[task.workStatus]}</td>
      <td>{t.payment[task.payment]}</td>
    </tr>
  );
}

function DeletedTasks({ rows }: { rows: ReportDeletedTask[] }) {
  return (
    <section>
      <h2>{t.deletedTitle}</h2>
      <table className="list">
        <thead>
          <tr>
            <th scope="col">{t.deletedColumns.name}</th>
            <th scope="col" className="money">
              {t.deletedColumns.amount}
            </th>
            <th scope="col" className="date">
              {t.deletedColumns.at}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              <td>{row.name}</td>
              <td className="money">{money(row.amount)}</td>
              <td className="date">{formatDate(row.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function FixRequests({ rows }: { rows: ReportFixRequestRow[] }) {
  return (
    <section>
      <h2>{t.fixRequestsTitle}</h2>
      {rows.length === 0 ? (
        <p className="note">{t.fixRequestsEmpty}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th scope="col" className="number">
                {t.fixRequestColumns.number}
              </th>
              <th scope="col">{t.fixRequestColumns.title}</th>
              <th scope="col">{t.fixRequestColumns.outcome}</th>
              <th scope="col" className="date">
                {t.fixRequestColumns.at}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.number}>
                <td className="number">{t.fixRequestNumber(row.number)}</td>
                <td>{row.title}</td>
                <td>
                  {t.fixRequestOutcome[row.outcome]}
                  <FixRequestTask row={row} />
                </td>
                <td className="date">{formatDate(row.at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Shows the task a fix request was priced as ("priced") or done within ("in_scope"), below its outcome. */
function FixRequestTask({ row }: { row: ReportFixRequestRow }) {
  if (row.taskName === null) return null;
  if (row.outcome === "priced" && row.amount !== null) {
    return <span className="detail">{t.fixRequestPricedTask(row.taskName, money(row.amount))}</span>;
  }
  if (row.outcome === "in_scope") return <span className="detail">{t.fixRequestInScopeTask(row.taskName)}</span>;
  return null;
}

// The fonts come from fonts.generated.ts (scripts/build-report-fonts.sh), so the PDF does not
// depend on the fonts installed with the rendering browser. The page size and margins are set by
// printPdf, which also draws the page numbers in the bottom margin. Table headers repeat on
// every page (thead is a table-header-group) and a row is never split between pages. The closing
// line avoids a page break before it, so the last page never holds only that line.
const STYLES = `
@font-face {
  font-family: "${REPORT_FONT_FAMILY}";
  font-weight: 400;
  font-style: normal;
  src: url(data:font/woff2;base64,${REPORT_FONT_REGULAR_WOFF2}) format("woff2");
}
@font-face {
  font-family: "${REPORT_FONT_FAMILY}";
  font-weight: 700;
  font-style: normal;
  src: url(data:font/woff2;base64,${REPORT_FONT_BOLD_WOFF2}) format("woff2");
}
@page { size: A4; }
* { box-sizing: border-box; }
/* NOTE: the embedded subset covers Latin, Greek, Cyrillic and common symbols (see
   scripts/build-report-fonts.sh). Other characters, such as CJK, emoji or check marks, fall back
   to the generic sans-serif and depend on the fonts of the machine that runs the browser: where
   it has none, they print blank. */
html {
  font-family: "${REPORT_FONT_FAMILY}", sans-serif;
  font-size: 9pt;
  line-height: 1.35;
  color: #1f2937;
  -webkit-print-color-adjust: exact;
  print-color-adjust: exact;
}
body { margin: 0; }
h1 { font-size: 18pt; line-height: 1.2; margin: 0 0 3mm; overflow-wrap: anywhere; }
h2 { font-size: 11pt; margin: 6mm 0 2mm; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 1mm; }
.masthead { display: flex; justify-content: space-between; align-items: flex-start; gap: 8mm; border-bottom: 0.6mm solid #4338ca; padding-bottom: 3mm; }
.masthead > div { flex: 1; min-width: 0; }
.kicker { font-size: 9pt; font-weight: 700; color: #4338ca; text-transform: uppercase; letter-spacing: 0.04em; }
.logo { width: 60mm; height: 20mm; object-fit: contain; flex: none; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 4mm; margin: 0; }
.facts dt { color: #6b7280; }
.facts dd { margin: 0; font-weight: 700; }
.parties { display: flex; gap: 6mm; break-inside: avoid; page-break-inside: avoid; }
.party { flex: 1; min-width: 0; overflow-wrap: anywhere; }
.party-name { font-weight: 700; }
.address { white-space: pre-line; }
.note { color: #4b5563; font-size: 8pt; }
.summary { break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 1.2mm 1.5mm; overflow-wrap: anywhere; }
thead th { background: #eef2ff; border-bottom: 0.3mm solid #4338ca; font-weight: 700; }
tbody td { border-bottom: 0.2mm solid #e5e7eb; }
.totals { width: 95mm; }
.totals th { font-weight: 400; color: #374151; border-bottom: 0.2mm solid #e5e7eb; }
.progress { margin-top: 2mm; font-weight: 700; }
.money { text-align: right; white-space: nowrap; }
.date { white-space: nowrap; width: 24mm; }
.number { width: 10mm; color: #6b7280; }
.col-number { width: 10mm; }
.col-amount { width: 26mm; }
.col-acceptance { width: 30mm; }
.col-status { width: 22mm; }
.col-payment { width: 22mm; }
.task-name { font-weight: 700; }
.changes { list-style: none; margin: 0.8mm 0 0; padding: 0; font-size: 8pt; color: #4b5563; }
.change-date { color: #6b7280; white-space: nowrap; }
.detail { display: block; font-size: 8pt; color: #4b5563; }
.closing { margin-top: 6mm; font-size: 8pt; color: #6b7280; break-before: avoid; page-break-before: avoid; }
`;
