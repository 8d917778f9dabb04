import { RemixBrowser } from "@remix-run/react";
import { hydrate } from "preact";
import { IdScope, startTransition, StrictMode } from "react";

/*
 * The browser build runs on preact/compat (decision 0021). Preact hydrates the children of the
 * node it is given, so it gets a stand-in parent whose only child is <html>: the document itself
 * also holds the doctype, which Preact cannot match to a virtual node.
 */
const html = document.documentElement;
const replaceHtml = (node: Node) => document.replaceChild(node, html);
const documentRoot = {
  childNodes: [html],
  firstChild: html,
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
