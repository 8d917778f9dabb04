import * as v from "valibot";
import { PLANS } from "~/config/plans";
import { subscriptionText } from "~/i18n/pl/subscription";

/**
 * The "Kup" form of Settings → Abonament: only the plan id. Any price, amount or months the
 * form might carry is ignored, because the order takes them from app/config/plans.ts.
 */
export const buySubscriptionSchema = v.object(
  {
    plan: v.picklist(
      PLANS.map((plan) => plan.id),
      subscriptionText.unknownPlan,
    ),
  },
  subscriptionText.unknownPlan,
);
