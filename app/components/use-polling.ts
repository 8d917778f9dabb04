import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

/**
 * Number of intervals after which a load still in flight is treated as lost (a dropped
 * connection, a request stuck in a proxy). The next tick then starts a fresh load, because React
 * Router's revalidate() and fetcher.load() abort the load in flight first. Without this, one
 * stuck request would stop a page from ever updating.
 */
const STALLED_AFTER_INTERVALS = 3;

/**
 * Creates the check a polling page runs on each tick. The returned function takes whether a load
 * is in flight and the current time, and returns true when a new load should start now.
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
