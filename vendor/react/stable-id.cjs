"use strict";
/*
 * useId for a page rendered by React on the server and hydrated by Preact in the browser
 * (docs/decisions/0021-preact-in-the-browser.md). React's and Preact's own ids differ, and
 * Preact keeps the server's attributes while hydrating, so a form found by its id would be
 * found under another name in the browser. Both sides number useId calls in render order
 * instead: the server renders the tree depth first and so does Preact when it hydrates, so the
 * n-th call gets the same id on both. IdScope starts the count at 0 for one render; calls made
 * outside a scope (e-mails, the PDF) share a process-wide count and need no match.
 */
module.exports = function createStableIds(React) {
  const IdCounter = React.createContext(null);
  const unscoped = { next: 0 };

  function IdScope(props) {
    const counter = React.useState(function () {
      return { next: 0 };
    })[0];
    return React.createElement(IdCounter.Provider, { value: counter }, props.children);
  }

  function useId() {
    const counter = React.useContext(IdCounter) || unscoped;
    return React.useState(function () {
      counter.next += 1;
      return "k" + counter.next.toString(36);
    })[0];
  }

  return { IdScope: IdScope, useId: useId };
};
