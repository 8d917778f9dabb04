import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { ErrorPage } from "~/components/error-page";
import { Pagination } from "~/components/pagination";
import { notificationsText as t } from "~/i18n/pl/notifications";
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  notificationPath,
} from "~/models/notifications.server";
import { markAllReadSchema, markReadSchema } from "~/schemas/notifications";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
import { readFormData } from "~/utils/form.server";
import { describeNotification } from "~/utils/notification-text";
import { plural } from "~/utils/plural";
import { redirectWithToast } from "~/utils/toast.server";
import { pageFromSearch } from "~/utils/page-number";

export const meta: MetaFunction = () => [{ title: `${t.title} · Klamp` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const page = pageFromSearch(new URL(request.url));

  // Read before the list, so "mark all" never covers a notification written after the list was read.
  const shownAt = new Date().toISOString();
  const { items, hasMore } = await listNotifications(context.db, user.id, page);
  return json({
    page,
    hasMore,
    shownAt,
    items: items.map((item) => {
      const lines = describeNotification(item.type, item.data);
      return {
        id: item.id,
        headline: lines.headline,
        details: lines.details,
        projectName: item.projectName,
        href: item.projectId ? notificationPath(item.projectId, item.type) : null,
        read: item.read,
        createdAt: formatDateTime(item.createdAt),
        createdAtIso: item.createdAt,
      };
    }),
  });
}

/** Returns the `id` of a feed item's heading, the anchor that marking one read returns to. */
function itemAnchor(id: string): string {
  return `notification-${id}`;
}

/** Returns the feed page to go back to after marking, the one the form was on. */
function feedPath(formData: FormData): string {
  const page = Number(formData.get("page"));
  return Number.isInteger(page) && page > 1 && page <= 100_000 ? `/notifications?page=${page}` : "/notifications";
}

// Marking read writes no activity row: read_at on the notification itself records it, and the
// activity log is about projects and the account, not about what the freelancer has looked at.
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const env = context.cloudflare.env;
  const formData = await readFormData(request);
  const intent = formData.get("intent");

  if (intent === "read") {
    const submission = parseWithValibot(formData, { schema: markReadSchema });
    if (submission.status !== "success") return json({ error: t.invalidRequest }, { status: 400 });
    const outcome = await markNotificationRead(context.db, user.id, submission.value.id);
    if (outcome === "not_found") throw new Response("Not Found", { status: 404 });
    // Without JavaScript the page reloads, so the fragment brings the reader back to the item.
    const anchor = `#${encodeURIComponent(itemAnchor(submission.value.id))}`;
    return redirectWithToast(env, `${feedPath(formData)}${anchor}`, { type: "success", message: t.markedRead });
  }

  if (intent === "read-all") {
    const submission = parseWithValibot(formData, { schema: markAllReadSchema });
    if (submission.status !== "success") return json({ error: t.invalidRequest }, { status: 400 });
    const count = await markAllNotificationsRead(context.db, user.id, submission.value.upTo ?? null);
    const message = count > 0 ? t.markedAllRead(count, plural(count, t.notificationForms)) : t.nothingToMark;
    return redirectWithToast(env, feedPath(formData), { type: count > 0 ? "success" : "info", message });
  }

  return json({ error: t.invalidRequest }, { status: 400 });
}

type FeedEntry = SerializeFrom<typeof loader>["items"][number];

export default function NotificationsPage() {
  const { page, hasMore, shownAt, items } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const anyUnread = items.some((item) => !item.read);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{t.title}</h1>
          <p className="mt-1 text-sm text-slate-600">{t.intro}</p>
        </div>
        {anyUnread ? (
          <Form method="post">
            <input type="hidden" name="intent" value="read-all" />
            <input type="hidden" name="upTo" value={shownAt} />
            <input type="hidden" name="page" value={page} />
            <button type="submit" className="btn-secondary" disabled={navigation.state === "submitting"}>
              {t.markAllRead}
            </button>
          </Form>
        ) : null}
      </div>

      {items.length === 0 ? (
        <p className="card text-slate-600">{t.empty}</p>
      ) : (
        <ul className="card divide-y divide-slate-100 p-0" data-testid="notification-feed">
          {items.map((item) => (
            <FeedItem key={item.id} item={item} page={page} />
          ))}
        </ul>
      )}
      <Pagination page={page} hasMore={hasMore} />

      <p className="text-sm">
        <Link to="/settings/notifications" className="link">
          {t.settingsLink}
        </Link>
      </p>
    </div>
  );
}

function FeedItem({ item, page }: { item: FeedEntry; page: number }) {
  const fetcher = useFetcher();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // With JavaScript the item turns read at once; the loader confirms it after the fetcher's post.
  const read = item.read || fetcher.state !== "idle";
  return (
    <li
      className={`flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-start sm:justify-between ${read ? "" : "bg-brand-50"}`}
      data-testid="notification"
      data-unread={read ? undefined : "true"}
    >
      <div className="min-w-0 space-y-1">
        {/* Focusable from script: marking the item read removes its button, so focus moves here. */}
        <h2
          id={itemAnchor(item.id)}
          ref={headingRef}
          tabIndex={-1}
          className={`scroll-mt-4 text-base [overflow-wrap:anywhere] ${read ? "font-normal text-slate-700" : "font-semibold text-slate-900"}`}
        >
          {read ? null : (
            <>
              <span className="mr-2 rounded-full bg-brand-700 px-2 py-0.5 text-xs font-medium text-white">{t.unread}</span>
              {/* Read aloud between the badge and the headline, which otherwise run together. */}
              <span className="sr-only">: </span>
            </>
          )}
          {item.headline}
        </h2>
        {item.details.map((detail, index) => (
          <p key={index} className="text-sm whitespace-pre-line text-slate-600 [overflow-wrap:anywhere]">
            {detail}
          </p>
        ))}
        <p className="text-xs text-slate-600">
          <time dateTime={item.createdAtIso}>{item.createdAt}</time>
          {item.projectName ? " · " : null}
          {item.href && item.projectName ? (
            <Link to={item.href} className="link [overflow-wrap:anywhere]">
              {t.inProject(item.projectName)}
            </Link>
          ) : item.projectName ? (
            <span className="[overflow-wrap:anywhere]">{t.inProject(item.projectName)}</span>
          ) : null}
        </p>
      </div>
      {read ? null : (
        <fetcher.Form method="post" className="shrink-0" onSubmit={() => headingRef.current?.focus()}>
          <input type="hidden" name="intent" value="read" />
          <input type="hidden" name="id" value={item.id} />
          <input type="hidden" name="page" value={page} />
          <button type="submit" className="btn-secondary btn-small">
            {t.markRead}
          </button>
        </fetcher.Form>
      )}
    </li>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
