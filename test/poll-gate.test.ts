import { describe, expect, it } from "vitest";
import { pollGate } from "~/components/use-polling";

// The polling pages (report, export, payment return, subscription, discussion) call pollGate's
// check on each tick. A load that never completes must not stop the polling for good.
describe("pollGate", () => {
  it("loads on every tick while the previous load has answered", () => {
    const shouldLoad = pollGate(5000);
    expect([0, 5000, 10_000].map((now) => shouldLoad(false, now))).toEqual([true, true, true]);
  });

  it("replaces a load stalled three intervals", () => {
    const shouldLoad = pollGate(5000);
    expect(shouldLoad(true, 0)).toBe(false);
    expect(shouldLoad(true, 5000)).toBe(false);
    expect(shouldLoad(true, 10_000)).toBe(false);
    expect(shouldLoad(true, 15_000)).toBe(true);
    // The fresh load gets its own three intervals.
    expect(shouldLoad(true, 20_000)).toBe(false);
    expect(shouldLoad(true, 30_000)).toBe(true);
  });

  it("counts the wait again after a load answers", () => {
    const shouldLoad = pollGate(2000);
    expect(shouldLoad(true, 0)).toBe(false);
    expect(shouldLoad(true, 4000)).toBe(false);
    expect(shouldLoad(false, 6000)).toBe(true);
    expect(shouldLoad(true, 8000)).toBe(false);
    expect(shouldLoad(true, 12_000)).toBe(false);
    expect(shouldLoad(true, 14_000)).toBe(true);
  });
});
