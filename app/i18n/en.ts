// English texts. Only the client-facing side exists in English so far: the client page and
// the e-mails a client gets, chosen per project (projects.client_locale). Each object mirrors
// its Polish twin in pl.ts and is typed by it, so a key missing here fails the type check.
import type {
  clientFilesText as PlClientFilesText,
  clientFixRequestsText as PlClientFixRequestsText,
  clientMessagesText as PlClientMessagesText,
  clientPortalText as PlClientPortalText,
} from "./pl";

export const clientPortalText: typeof PlClientPortalText = {
  notFoundTitle: "This link does not work",
  notFoundText: "This project link is invalid or out of date. Ask the freelancer for the current link.",
  freelancer: "Freelancer",
  client: "Client",
  deadline: "Deadline",
  noDeadline: "not set",
  progressTitle: "Project progress",
  progressValue: (done: number, total: number) => `Done: ${done} of ${total}`,
  taskCount: (count: number, label: string) => `${count} ${label} in the project`,
  taskForms: { one: "task", few: "tasks", many: "tasks", other: "tasks" },
  noTasks: "The project has no tasks yet.",
  pendingNotice: (count: number, label: string) => `${count} ${label} for you to accept the amount.`,
  pendingForms: { one: "task is waiting", few: "tasks are waiting", many: "tasks are waiting", other: "tasks are waiting" },
  tasksTitle: "Tasks",
  amount: "Amount",
  workStatusLabel: "Status",
  acceptanceLabel: "Acceptance",
  paymentLabel: "Payment",
  workStatus: { todo: "To do", in_progress: "In progress", done: "Done" },
  acceptance: {
    not_required: "No acceptance needed",
    pending: "Awaiting acceptance",
    accepted: "Accepted",
    rejected: "Rejected",
  },
  payment: { unpaid: "Unpaid", pending: "Payment in progress", paid: "Paid" },
  summaryTitle: "Summary",
  summaryAgreed: "Agreed",
  summaryPending: "Awaiting acceptance",
  summaryRejected: "Rejected",
  summaryDone: "Done",
  summaryPaid: "Paid",
  summaryUnpaid: "Unpaid",
  decisionPrompt: "Do you accept the amount of this task?",
  comment: "Comment (optional)",
  commentHint: "At most 1000 characters. The freelancer sees the comment with your decision.",
  accept: "I accept",
  reject: "I reject",
  commentTooLong: (length: number, label: string) =>
    `A comment can have at most 1000 characters, and this one has ${length} ${label}. Shorten it and send it again.`,
  characterForms: { one: "character", few: "characters", many: "characters", other: "characters" },
  accepted: (name: string) => `You accepted the amount of the task “${name}”.`,
  rejected: (name: string) => `You rejected the amount of the task “${name}”. The freelancer will see your decision.`,
  staleWithAmount: (amount: string) =>
    `The freelancer changed this task before your decision arrived. The current amount is ${amount}. Check it and decide again.`,
  staleGone: "The freelancer changed this task before your decision arrived. Check the current list of tasks.",
  alreadyDecided: "This task no longer awaits a decision: a decision was saved earlier.",
  invalidDecision: "Your decision could not be read. Reload the page and try again.",
  footer: "Project run in Klamp",
};

export const clientMessagesText: typeof PlClientMessagesText = {};
export const clientFixRequestsText: typeof PlClientFixRequestsText = {};
export const clientFilesText: typeof PlClientFilesText = {};
