import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "~/components/form-state";
import { Link, useFetcher, useLocation, useParams } from "@remix-run/react";
import { Fragment, useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import { ErrorList, Field } from "~/components/forms";
import { pollGate } from "~/components/use-polling";
import { useClientText } from "~/i18n/client-context";
import type { DiscussionPage, MessageAuthor, MessageView } from "~/models/messages.server";
import type { DiscussionText } from "~/schemas/messages";
import { MESSAGE_MAX_LENGTH, messageLength, normalizeMessageBody } from "~/utils/form-limits";
import { formatDateTime } from "~/utils/dates";
import { splitLinks } from "~/utils/linkify";

// "Panel dyskusyjny": the project's thread on the freelancer's project page (through
// ./project-discussion.tsx, which contains the freelancer's texts) and on the client page.
// Without JavaScript the form posts to the thread route, which redirects back to the
// page at #discussion, and "Wcześniejsze wiadomości" is a link to an older page of the thread.
// With JavaScript a fetcher posts and the panel appends the message, older messages load in
// place, and the panel requests new messages every few seconds while the tab is visible.

/** Interval of the requests for new messages while the tab is visible. */
const POLL_INTERVAL_MS = 5000;

/** The JSON the thread routes' loaders return for the panel's fetchers. */
export type ThreadLoaderData =
  | { cursor: "newest" | "before" | "after"; messages: MessageView[]; more: boolean }
  // The route's clientLoader returns this when the request did not reach the server (no network).
  | { unavailable: true };

/** The JSON the thread routes' actions return to the panel's fetcher. */
export type PostActionData =
  | { result: SubmissionResult<string[]>; message?: MessageView }
  // The route's clientAction returns this when the request did not reach the server (no network).
  | { unavailable: true };

interface PanelProps {
  viewer: MessageAuthor;
  text: DiscussionText;
  /** The thread route: the form posts here and the fetchers load from here. */
  endpoint: string;
  discussion: DiscussionPage;
  /** Name shown on the other side's messages, `text.otherAuthor` when absent. */
  otherName?: string;
  /** Query parameter of the page's "Wcześniejsze wiadomości" link without JavaScript. */
  olderParam: string;
  /** Result of a post made without JavaScript that the route rendered back (an invalid message). */
  lastResult?: SubmissionResult<string[]>;
}

/** Renders the discussion panel of the client page, with the token from the page's URL. */
export function ClientDiscussion(props: {
  discussion: DiscussionPage;
  freelancerName: string;
  olderParam?: string;
  lastResult?: SubmissionResult<string[]>;
}) {
  const { token = "" } = useParams();
  const text = useClientText().messages;
  const endpoint = `/p/${encodeURIComponent(token)}/messages`;
  return (
    <DiscussionPanel
      key={panelKey(endpoint, props.discussion)}
      viewer="client"
      text={text}
      endpoint={endpoint}
      discussion={props.discussion}
      otherName={props.freelancerName}
      olderParam={props.olderParam ?? "messagesBefore"}
      lastResult={props.lastResult}
    />
  );
}

/**
 * Keys the panel by thread and by the page of the thread a page shows, so that moving to
 * another project or to another page of the thread starts from that page's messages.
 */
export function panelKey(endpoint: string, discussion: DiscussionPage): string {
  return discussion.olderWindow ? `${endpoint}#${discussion.messages[0]?.seq ?? 0}` : endpoint;
}

/** Adds messages to a thread, keeping it sorted by `seq` without duplicates. */
function mergeMessages(current: MessageView[], incoming: MessageView[]): MessageView[] {
  const known = new Set(current.map((message) => message.seq));
  const added = incoming.filter((message) => !known.has(message.seq));
  if (added.length === 0) return current;
  return [...current, ...added].sort((a, b) => a.seq - b.seq);
}

/** Returns a random key for the next post. It avoids crypto.randomUUID, which needs a secure context (HTTPS). */
function newClientKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_");
}

export function DiscussionPanel({ viewer, text, endpoint, discussion, otherName, olderParam, lastResult }: PanelProps) {
  const headingId = useId();
  const listLabelId = useId();
  const location = useLocation();
  const [messages, setMessages] = useState(discussion.messages);
  const [hasOlder, setHasOlder] = useState(discussion.hasOlder);
  const [clientKey, setClientKey] = useState(discussion.clientKey);
  const [pollFailed, setPollFailed] = useState(false);
  const [hydrated, setHydrated] = useState(false);
  const scrollRef = useRef<HTMLDivElement>(null);

  const pollFetcher = useFetcher<ThreadLoaderData>();
  const olderFetcher = useFetcher<ThreadLoaderData>();
  const postFetcher = useFetcher<PostActionData>();

  useEffect(() => setHydrated(true), []);

  // The page's loader runs again after every action on the page, and its newest page of messages
  // may contain ones this panel has not shown yet.
  useEffect(() => setMessages((current) => mergeMessages(current, discussion.messages)), [discussion.messages]);

  const lastSeq = messages.length > 0 ? messages[messages.length - 1].seq : 0;
  const lastSeqRef = useRef(lastSeq);
  lastSeqRef.current = lastSeq;
  const pollRef = useRef(pollFetcher);
  pollRef.current = pollFetcher;

  // Polls for new messages while the tab is visible, and at once when it becomes visible again.
  // A page that shows an older page of the thread (no JavaScript paging) does not poll.
  useEffect(() => {
    if (discussion.olderWindow) return;
    let timer: ReturnType<typeof setInterval> | undefined;
    const shouldLoad = pollGate(POLL_INTERVAL_MS);
    const poll = () => {
      if (document.visibilityState !== "visible") return;
      if (!shouldLoad(pollRef.current.state !== "idle", Date.now())) return;
      pollRef.current.load(`${endpoint}?after=${lastSeqRef.current}`);
    };
    const stop = () => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    };
    const start = () => {
      stop();
      timer = setInterval(poll, POLL_INTERVAL_MS);
    };
    const onVisibilityChange = () => {
      if (document.visibilityState === "visible") {
        poll();
        start();
      } else {
        stop();
      }
    };
    if (document.visibilityState === "visible") start();
    document.addEventListener("visibilitychange", onVisibilityChange);
    return () => {
      stop();
      document.removeEventListener("visibilitychange", onVisibilityChange);
    };
  }, [endpoint, discussion.olderWindow]);

  useEffect(() => {
    const data = pollFetcher.data;
    if (pollFetcher.state !== "idle" || !data) return;
    if ("unavailable" in data) {
      setPollFailed(true);
      return;
    }
    setPollFailed(false);
    setMessages((current) => mergeMessages(current, data.messages));
    // More new messages than one poll returns: ask for the rest right away.
    if (data.cursor === "after" && data.more) pollRef.current.load(`${endpoint}?after=${data.messages[data.messages.length - 1]?.seq ?? 0}`);
  }, [pollFetcher.state, pollFetcher.data, endpoint]);

  useEffect(() => {
    const data = olderFetcher.data;
    if (olderFetcher.state !== "idle" || !data || "unavailable" in data) return;
    if (data.cursor !== "before") return;
    setMessages((current) => mergeMessages(current, data.messages));
    setHasOlder(data.more);
  }, [olderFetcher.state, olderFetcher.data]);

  const postData = postFetcher.state === "idle" ? postFetcher.data : undefined;
  const postedMessage = postData && "message" in postData ? postData.message : undefined;
  useEffect(() => {
    if (!postedMessage) return;
    setMessages((current) => mergeMessages(current, [postedMessage]));
    // The next message is a new post and needs its own key.
    setClientKey(newClientKey());
    const scroller = scrollRef.current;
    // The list scrolls in reverse (flex-col-reverse). Its bottom is the largest position in old
    // engines and 0 in current ones, and the browser clamps this value to it in both.
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  }, [postedMessage]);

  const [form, fields] = useForm({
    lastResult: postData && "result" in postData ? postData.result : lastResult,
  });
  const sending = postFetcher.state !== "idle";
  const sendFailed = postData !== undefined && "unavailable" in postData;
  const typedLength = messageLength(normalizeMessageBody(typeof fields.body.value === "string" ? fields.body.value : ""));
  const firstSeq = messages[0]?.seq;

  const hrefWith = (seq: number | null) => {
    const params = new URLSearchParams(location.search);
    if (seq === null) params.delete(olderParam);
    else params.set(olderParam, String(seq));
    const query = params.toString();
    return `${query ? `?${query}` : location.pathname}#discussion`;
  };

  const loadOlder = (event: MouseEvent<HTMLAnchorElement>) => {
    if (firstSeq === undefined || discussion.olderWindow) return;
    event.preventDefault();
    olderFetcher.load(`${endpoint}?before=${firstSeq}`);
  };

  const submitOnCtrlEnter = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  };

  const authorName = (author: MessageAuthor) => (author === viewer ? text.you : otherName || text.otherAuthor);

  return (
    <section id="discussion" aria-labelledby={headingId} className="card min-w-0 space-y-3" data-testid="discussion-panel">
      <h2 id={headingId} className="text-lg font-semibold">
        {text.title}
      </h2>

      {/* flex-col-reverse makes the browser open the list scrolled to the bottom, where the
          newest message is, also without JavaScript. */}
      <div
        ref={scrollRef}
        role="region"
        aria-labelledby={listLabelId}
        tabIndex={0}
        className="flex max-h-[32rem] flex-col-reverse overflow-y-auto rounded-md border border-slate-200 bg-slate-50 p-3"
      >
        <div className="space-y-3">
          <span id={listLabelId} className="sr-only">
            {text.listLabel}
          </span>
          {hasOlder && firstSeq !== undefined ? (
            <p className="text-center text-sm">
              {olderFetcher.state === "loading" ? (
                <span className="text-slate-500">{text.loadingOlder}</span>
              ) : (
                <Link to={hrefWith(firstSeq)} onClick={loadOlder} preventScrollReset className="link">
                  {text.older}
                </Link>
              )}
            </p>
          ) : null}
          {messages.length === 0 ? <p className="text-sm text-slate-500">{text.empty}</p> : null}
          {/* The list exists even when empty: screen readers announce additions only to a live
              region that was already in the page. */}
          <ol aria-labelledby={listLabelId} aria-live="polite" aria-relevant="additions" className="space-y-3">
            {messages.map((message) => (
              <MessageItem key={message.seq} message={message} own={message.author === viewer} author={authorName(message.author)} />
            ))}
          </ol>
          {discussion.olderWindow ? (
            <p className="text-center text-sm">
              <Link to={hrefWith(null)} className="link">
                {text.newest}
              </Link>
            </p>
          ) : null}
        </div>
      </div>

      {pollFailed ? (
        <p role="status" className="text-sm text-amber-800">
          {text.pollFailed}
        </p>
      ) : null}

      <postFetcher.Form method="post" action={endpoint} {...getFormProps(form)} className="space-y-2">
        <ErrorList id={form.errorId} errors={sendFailed ? [text.sendFailed] : form.errors} />
        {/* Plain values, not Conform's: resetting the form after a post must not bring back the used key. */}
        <input type="hidden" name="clientKey" value={clientKey} />
        {/* Requests JSON instead of a redirect. Only a fetcher post (with JavaScript) sends it. */}
        {hydrated ? <input type="hidden" name="format" value="json" /> : null}
        <Field
          label={text.bodyLabel}
          hint={text.bodyHint(MESSAGE_MAX_LENGTH)}
          id={fields.body.id}
          errorId={fields.body.errorId}
          errors={fields.body.errors}
        >
          {(aria) => (
            <textarea
              {...getTextareaProps(fields.body)}
              {...aria}
              rows={3}
              required
              onKeyDown={submitOnCtrlEnter}
              className="input min-h-20"
            />
          )}
        </Field>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className={`text-xs ${typedLength > MESSAGE_MAX_LENGTH ? "font-medium text-red-700" : "text-slate-500"}`}>
            {hydrated ? text.counter(typedLength, MESSAGE_MAX_LENGTH) : null}
          </p>
          <button type="submit" className="btn-primary" disabled={sending}>
            {sending ? text.sending : text.submit}
          </button>
        </div>
      </postFetcher.Form>
    </section>
  );
}

function MessageItem({ message, own, author }: { message: MessageView; own: boolean; author: string }) {
  return (
    <li
      className={`rounded-md border px-3 py-2 ${own ? "ml-6 border-brand-100 bg-white" : "mr-6 border-emerald-100 bg-emerald-50"}`}
      data-testid="discussion-message"
    >
      <p className="flex flex-wrap items-baseline gap-x-2 text-xs text-slate-500">
        <span className="font-medium text-slate-700 [overflow-wrap:anywhere]">{author}</span>
        <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
      </p>
      {/* pre-wrap keeps the line breaks, and dir="auto" lays out a right-to-left message on its own. */}
      <p dir="auto" className="mt-1 text-sm whitespace-pre-wrap [overflow-wrap:anywhere] text-slate-900">
        <MessageBody body={message.body} />
      </p>
    </li>
  );
}

/** Returns the address of an absolute http(s) URL, or null for anything else, which stays text. */
function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Renders a message as React text nodes, except http(s) addresses, which become links that
 * open in a new tab without a referrer (the client page's URL contains its access token).
 */
export function MessageBody({ body }: { body: string }) {
  return (
    <>
      {splitLinks(body).map((segment, index) => {
        const href = segment.kind === "link" ? safeHref(segment.href) : null;
        if (segment.kind === "text" || !href) {
          return <Fragment key={index}>{segment.kind === "text" ? segment.text : segment.href}</Fragment>;
        }
        return (
          <a key={index} href={href} target="_blank" rel="noopener noreferrer nofollow ugc" className="link">
            {segment.href}
          </a>
        );
      })}
    </>
  );
}
