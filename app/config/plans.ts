// Subscription plans: the only place that sets their prices and lengths. An order copies the
// plan's price and months when it is created, so changing a price here never changes an order
// already made. Plan names shown to users are in app/i18n/pl.ts (subscriptionText.planNames),
// which is typed by PlanId, so a new plan does not compile until it has a name.

export type PlanId = "monthly" | "yearly";

export interface Plan {
  id: PlanId;
  /** Length of the period one payment buys, in calendar months. */
  months: number;
  /** Price in grosze. */
  price: number;
}

/** Plans in the order the subscription page lists them. */
export const PLANS: readonly Plan[] = [
  { id: "monthly", months: 1, price: 2_900 },
  { id: "yearly", months: 12, price: 29_000 },
];

/** Returns the plan with this id, or null for anything else (ids arrive from forms). */
export function findPlan(id: unknown): Plan | null {
  return PLANS.find((plan) => plan.id === id) ?? null;
}
