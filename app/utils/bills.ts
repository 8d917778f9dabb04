// The rule of which tasks can go on a bill, shared by the server (app/models/bills.server.ts)
// and the task lists that show the "Opłać" and "Nieopłacone" toggles.

/**
 * Returns whether a task can go on a bill: true when its amount is agreed (accepted or not needing acceptance), it
 * is unpaid, it costs something, and it is not on an open, sent, awaiting or paid bill.
 */
export function isPayableTask(task: { acceptance: string; payment: string; amount: number }, onActiveBill: boolean): boolean {
  return (task.acceptance === "accepted" || task.acceptance === "not_required") && task.payment === "unpaid" && task.amount > 0 && !onActiveBill;
}

/** Query parameter with the page of a bills page's payable task list. */
export const PAYABLE_TASKS_PARAM = "payable";
