import type { SubmissionResult } from "~/components/form-state";
import { DiscussionPanel, panelKey } from "~/components/discussion-panel";
import { messagesPanelText } from "~/i18n/pl/messages-panel";
import type { DiscussionPage } from "~/models/messages.server";

// The freelancer's side of the discussion panel (./discussion-panel.tsx). It is apart from the
// panel so that the client pages, which import the panel, do not load the freelancer's texts.

/** Renders the discussion panel of the freelancer's project page. */
export function ProjectDiscussion(props: {
  projectId: string;
  discussion: DiscussionPage;
  olderParam?: string;
  lastResult?: SubmissionResult<string[]>;
}) {
  const endpoint = `/projects/${encodeURIComponent(props.projectId)}/messages`;
  return (
    <DiscussionPanel
      key={panelKey(endpoint, props.discussion)}
      viewer="freelancer"
      text={messagesPanelText}
      endpoint={endpoint}
      discussion={props.discussion}
      olderParam={props.olderParam ?? "messagesBefore"}
      lastResult={props.lastResult}
    />
  );
}
