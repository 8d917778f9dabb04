import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

/**
 * A load that has not answered after this many intervals is taken as lost (a dropped
 * connection, a request stuck in a proxy), and the next tick starts a fresh one: React
 * Router's revalidate() and fetcher.load() abort the load in flight before they start anew.
 * Without this, one stuck request would stop a page from ever updating.
 */
const STALLED_AFTER_INTERVALS = 3;

/**
 * Decides on each tick whether to load again. Returns a function to call with the loader's
 * state (idle or not) and the current time; it answers true when a load should start now.
 */
export function pollGate(intervalMs: number): (busy: boolean, now: number) => boolean {
  let busySince: number | null = null;
  return (busy, now) => {
    if (!busy) {
      busySince = null;
      return true;
    }
    busySince ??= now;
    if (now - busySince < STALLED_AFTER_INTERVALS * intervalMs) return false;
    busySince = now;
    return true;
  };
}

/**
 * Reloads the route's data every `intervalMs` while it is not null and the tab is visible, at
 * most `maxPolls` times. The interval survives re-renders: it restarts only when `intervalMs`
 * or `maxPolls` change.
 */
export function usePolling(intervalMs: number | null, maxPolls = Number.POSITIVE_INFINITY): void {
  const revalidator = useRevalidator();
  const revalidatorRef = useRef(revalidator);
  revalidatorRef.current = revalidator;

  useEffect(() => {
    if (intervalMs === null) return;
    const shouldLoad = pollGate(intervalMs);
    let polls = 0;
    const timer = setInterval(() => {
      if (polls >= maxPolls) {
        clearInterval(timer);
        return;
      }
      if (document.visibilityState !== "visible") return;
      if (!shouldLoad(revalidatorRef.current.state !== "idle", Date.now())) return;
      polls += 1;
      revalidatorRef.current.revalidate();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, maxPolls]);
}
