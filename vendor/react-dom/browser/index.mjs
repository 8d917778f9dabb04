// What the browser build takes from react-dom: React Router calls flushSync, and the app's
// components may open portals.
export { createPortal, flushSync, unstable_batchedUpdates } from "preact/compat";
