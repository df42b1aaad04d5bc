import { describe, expect, it } from "vitest";
import { RequestAbandoned, RequestDeadline } from "./request-deadline.js";

describe("RequestDeadline", () => {
  it("lets the deadline answer a request that has sent nothing, and then refuses its commit", () => {
    const deadline = new RequestDeadline();
    expect(deadline.abandon()).toBe(true);
    expect(() => deadline.beforeCommit()).toThrow(RequestAbandoned);
    expect(deadline.commitSent).toBe(false);
    // What the logs show if an abandoned request's work ever surfaces.
    expect(new RequestAbandoned()).toMatchObject({
      name: "RequestAbandoned",
      message: "the request was answered at its deadline before it sent a commit; rolled back",
    });
  });

  it("keeps a request whose commit was sent, so the client gets the commit's outcome", () => {
    const deadline = new RequestDeadline();
    deadline.beforeCommit();
    expect(deadline.abandon()).toBe(false);
    expect(deadline.commitSent).toBe(true);
    // A retried attempt of the same request may commit again: it was never answered.
    expect(() => deadline.beforeCommit()).not.toThrow();
  });
});

describe("RequestDeadline.mayHaveChanged", () => {
  it("says nothing changed when no commit was sent", () => {
    expect(new RequestDeadline().mayHaveChanged(false)).toBe(false);
  });

  it("says nothing changed when the last attempt's own commit was aborted", () => {
    const deadline = new RequestDeadline();
    deadline.attemptStarting();
    deadline.beforeCommit();
    expect(deadline.mayHaveChanged(true)).toBe(false);
  });

  it("says a write may have landed when a sent commit failed otherwise", () => {
    const deadline = new RequestDeadline();
    deadline.attemptStarting();
    deadline.beforeCommit();
    expect(deadline.mayHaveChanged(false)).toBe(true);
  });

  it("says a write may have landed when a retry failed before it could look for the earlier commit", () => {
    const deadline = new RequestDeadline();
    deadline.attemptStarting();
    deadline.beforeCommit();
    deadline.attemptStarting();
    expect(deadline.mayHaveChanged(true)).toBe(true);
  });
});
