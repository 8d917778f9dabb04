import { RemixBrowser } from "@remix-run/react";
import { hydrate } from "preact";
import { IdScope, startTransition, StrictMode } from "react";

/*
 * The browser build runs on preact/compat (decision 0021). Preact hydrates the children of the
 * node it is given, so it gets a stand-in parent whose only child is <html>. The document itself
 * also contains the doctype, which Preact cannot match to a virtual node.
 */
const replaceHtml = (node: Node) => {
  // Reads <html> at each call, because a render that made a new one has replaced the first.
  if (node !== document.documentElement) document.replaceChild(node, document.documentElement);
  return node;
};
const documentRoot = {
  get childNodes() {
    return [document.documentElement];
  },
  get firstChild() {
    return document.documentElement;
  },
  insertBefore: replaceHtml,
  appendChild: replaceHtml,
  removeChild: () => {},
} as unknown as Element;

startTransition(() => {
  hydrate(
    <StrictMode>
      <IdScope>
        <RemixBrowser />
      </IdScope>
    </StrictMode>,
    documentRoot,
  );
});
