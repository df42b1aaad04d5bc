import { ApiError } from "../../errors.js";
import type { ReplayRequest } from "./event-schema.js";
import type { EntryCursor } from "../entries/ports.js";
import { oldestKept } from "./events.js";
import type { RequestDeadline } from "../request-deadline.js";
import { scheduleAttempt } from "./webhook-delivery.js";
import { findEndpoint } from "./webhook-endpoints.js";
import type { ReplayState } from "./ports.js";
import type { WebhookDeps } from "./webhooks.js";

/**
 * A replay re-sends a partner's stored events to one endpoint, each once (no retries: a partner who
 * sees failures in the delivery log replays again), with its original id, so a receiver that dedupes on
 * `webhook-id` processes each event once however often it is sent.
 */

/**
 * A replay counts as running until each of its attempts has run, or this long after it started,
 * whichever comes first: an attempt whose completion was never counted (its task died between logging
 * the outcome and counting it) cannot block the endpoint's replays for longer than this.
 */
export const MAX_REPLAY_RUN_MS = 60 * 60 * 1000;

/** Events scheduled per read of the store while a replay starts. */
const SCHEDULING_PAGE = 200;

/**
 * Starts a replay of the endpoint's events since `since` (of `types`, or the endpoint's own): schedules
 * one attempt per event and answers how many. 409 while another replay of the endpoint runs.
 */
export async function startReplay(
  deps: WebhookDeps,
  partnerId: string,
  endpointId: string,
  input: ReplayRequest,
  deadline?: RequestDeadline,
): Promise<{ replayId: string; events: number }> {
  const endpoint = await findEndpoint(deps, partnerId, endpointId);
  const since = new Date(input.since);
  if (since < oldestKept(deps)) {
    throw new ApiError(
      "INVALID_REQUEST",
      "A replay reaches back at most 30 days (events are kept 30 days).",
      {
        errors: [{ field: "since", message: "must be at most 30 days back" }],
      },
    );
  }
  if (endpoint.status !== "enabled") {
    throw new ApiError(
      "CONFLICT",
      "The endpoint is disabled; enable it (PATCH status enabled), then replay.",
    );
  }
  deadline?.beforeCommit();
  const now = deps.clock();
  const replayId = deps.newId("rpl");
  await deps.replays.change(partnerId, endpointId, (current) => {
    if (current && isRunning(current, now)) {
      throw new ApiError(
        "REPLAY_IN_PROGRESS",
        `Replay ${current.replayId} of this endpoint is still running; try again when it is done.`,
        { headers: { "Retry-After": "60" } },
      );
    }
    return {
      state: { replayId, events: null, attempted: 0, startedAt: now.toISOString() },
      result: undefined,
    };
  });
  const types = input.types ?? endpoint.events;
  let events = 0;
  let after: EntryCursor | null = null;
  for (;;) {
    const page = await deps.events.list(partnerId, {
      types,
      notBefore: since,
      limit: SCHEDULING_PAGE,
      after,
    });
    await Promise.all(
      page.map(({ event }) => scheduleAttempt(deps, partnerId, endpointId, event, 1, now, replayId)),
    );
    events += page.length;
    const last = page.at(-1);
    if (!last || page.length < SCHEDULING_PAGE) break;
    after = last.cursor;
  }
  await updateReplay(deps, partnerId, endpointId, replayId, (state) => ({ ...state, events }));
  return { replayId, events };
}

/** Counts one attempt of a replay as run (a repeated run of a finished attempt is not counted again). */
export async function countReplayAttempt(
  deps: WebhookDeps,
  partnerId: string,
  endpointId: string,
  replayId: string,
): Promise<void> {
  await updateReplay(deps, partnerId, endpointId, replayId, (state) => ({
    ...state,
    attempted: state.attempted + 1,
  }));
}

function isRunning(state: ReplayState, now: Date): boolean {
  const unfinished = state.events === null || state.attempted < state.events;
  return unfinished && now.getTime() - Date.parse(state.startedAt) < MAX_REPLAY_RUN_MS;
}

/** Changes the endpoint's replay state if it is still this replay's (a later one may have replaced it). */
async function updateReplay(
  deps: WebhookDeps,
  partnerId: string,
  endpointId: string,
  replayId: string,
  update: (state: ReplayState) => ReplayState,
): Promise<void> {
  await deps.replays.change(partnerId, endpointId, (current) => ({
    state: current?.replayId === replayId ? update(current) : null,
    result: undefined,
  }));
}
