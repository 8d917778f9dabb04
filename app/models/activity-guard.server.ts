import { sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { activity } from "~/db/schema";
import { randomId } from "~/utils/crypto.server";
import { activityInsertWhen, type ActivityInput } from "./activity.server";

/**
 * Builds a change's activity row so that it also guards the change. Put `insert` first in the
 * batch, with the change's preconditions as `condition`, and add `written` to the WHERE of every
 * later statement of the batch. D1 runs a batch as one transaction, so the change happens exactly
 * when its activity row was written, and a request that lost a race writes neither.
 *
 * The guard is the row's own id, which is new for every call. A condition on the changed row
 * instead (for example `updated_at = now`) is also true for a request that lost the race when
 * both requests read the same millisecond. Likewise, `NOT EXISTS` after a delete is true for
 * every request that comes after the first.
 */
export function guardedActivity(db: Db, input: ActivityInput, condition: SQL) {
  const id = randomId();
  return {
    insert: activityInsertWhen(db, input, condition, id),
    written: sql`EXISTS (SELECT 1 FROM ${activity} WHERE ${activity.id} = ${id})`,
  };
}
