import { ApiError } from "../../errors.js";
import type { ListEntriesQuery } from "../entries/entry-schema.js";
import { cursorAt, decodePageToken, encodePageToken, newestFirst } from "../page-token.js";
import type { RequestDeadline } from "../request-deadline.js";
import type { EndpointsChange, WebhookEndpoint } from "./ports.js";
import { rotatedSecrets } from "./webhook-signature.js";
import {
  MAX_ENDPOINTS_PER_PARTNER,
  type CreateEndpointInput,
  type Delivery,
  type EndpointView,
  type UpdateEndpointInput,
} from "./webhook-schema.js";
import { endpointUrlProblem, type TargetPolicy } from "./webhook-target.js";
import type { WebhookDeps } from "./webhooks.js";

/** A page of a listing, newest first. */
export interface Page<T> {
  data: T[];
  nextPageToken: string | null;
}

const notFound = () => new ApiError("NOT_FOUND", "No webhook endpoint with this id exists.");

/** Registers an endpoint; the answer carries its signing secret, which is never shown again. */
export async function createEndpoint(
  deps: WebhookDeps,
  partnerId: string,
  input: CreateEndpointInput,
  deadline?: RequestDeadline,
): Promise<EndpointView & { secret: string }> {
  checkUrl(input.url, deps.policy);
  const now = deps.clock().toISOString();
  const secret = deps.newSecret();
  const endpoint: WebhookEndpoint = {
    id: deps.newId("we"),
    url: input.url,
    events: input.events,
    description: input.description ?? null,
    status: "enabled",
    disabledReason: null,
    secrets: [{ secret, expiresAt: null }],
    createdAt: now,
    updatedAt: now,
  };
  // Counted inside the change, so concurrent creates cannot pass the bound together.
  await deps.endpoints.change(
    partnerId,
    (endpoints) => {
      if (endpoints.length >= MAX_ENDPOINTS_PER_PARTNER) {
        throw new ApiError(
          "ENDPOINT_LIMIT_REACHED",
          `A partner may register at most ${MAX_ENDPOINTS_PER_PARTNER} webhook endpoints; delete one first.`,
        );
      }
      return { endpoints: [...endpoints, endpoint], result: undefined };
    },
    deadline,
  );
  return { ...publicView(endpoint), secret };
}

/** A page of the partner's endpoints, newest first. */
export async function listEndpoints(
  deps: WebhookDeps,
  partnerId: string,
  query: ListEntriesQuery,
): Promise<Page<EndpointView>> {
  const after = query.pageToken ? decodePageToken(query.pageToken) : null;
  const ordered = (await deps.endpoints.list(partnerId))
    .map((endpoint) => ({ endpoint, cursor: cursorAt(endpoint.createdAt, endpoint.id) }))
    .sort((a, b) => newestFirst(a.cursor, b.cursor));
  const rest = after ? ordered.filter(({ cursor }) => newestFirst(cursor, after) > 0) : ordered;
  const page = rest.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(({ endpoint }) => publicView(endpoint)),
    nextPageToken: rest.length > query.limit && last ? encodePageToken(last.cursor) : null,
  };
}

/** One of the partner's endpoints, or a 404 (also for another partner's). */
export async function getEndpoint(deps: WebhookDeps, partnerId: string, id: string): Promise<EndpointView> {
  return publicView(await findEndpoint(deps, partnerId, id));
}

/** The stored endpoint, secrets included, or a 404. */
export async function findEndpoint(
  deps: WebhookDeps,
  partnerId: string,
  id: string,
): Promise<WebhookEndpoint> {
  const endpoint = (await deps.endpoints.list(partnerId)).find((candidate) => candidate.id === id);
  if (!endpoint) throw notFound();
  return endpoint;
}

/** Changes an endpoint; enabling it again clears the reason it was disabled for. */
export async function updateEndpoint(
  deps: WebhookDeps,
  partnerId: string,
  id: string,
  patch: UpdateEndpointInput,
  deadline?: RequestDeadline,
): Promise<EndpointView> {
  if (patch.url !== undefined) checkUrl(patch.url, deps.policy);
  const now = deps.clock().toISOString();
  const updated = await changeOne(
    deps,
    partnerId,
    id,
    (current) => ({
      ...current,
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.events !== undefined ? { events: patch.events } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.status === "enabled" ? { status: "enabled", disabledReason: null } : {}),
      ...(patch.status === "disabled" && current.status === "enabled"
        ? { status: "disabled", disabledReason: "Disabled through the API." }
        : {}),
      updatedAt: now,
    }),
    deadline,
  );
  return publicView(updated);
}

/** Removes an endpoint; attempts still queued for it are dropped when they come due. */
export async function deleteEndpoint(
  deps: WebhookDeps,
  partnerId: string,
  id: string,
  deadline?: RequestDeadline,
): Promise<void> {
  await deps.endpoints.change(
    partnerId,
    (endpoints) => {
      if (!endpoints.some((endpoint) => endpoint.id === id)) throw notFound();
      return { endpoints: endpoints.filter((endpoint) => endpoint.id !== id), result: undefined };
    },
    deadline,
  );
}

/** A new signing secret; the previous one keeps signing beside it for 24 hours. */
export async function rotateSecret(
  deps: WebhookDeps,
  partnerId: string,
  id: string,
  deadline?: RequestDeadline,
): Promise<{ secret: string }> {
  const secret = deps.newSecret();
  const now = deps.clock();
  await changeOne(
    deps,
    partnerId,
    id,
    (current) => ({
      ...current,
      secrets: rotatedSecrets(current.secrets, secret, now),
      updatedAt: now.toISOString(),
    }),
    deadline,
  );
  return { secret };
}

/**
 * Disables an endpoint with the reason, unless it is gone or disabled already (the first reason
 * stays). Returns whether this call disabled it.
 */
export async function disableEndpoint(
  deps: WebhookDeps,
  partnerId: string,
  id: string,
  reason: string,
): Promise<boolean> {
  const now = deps.clock().toISOString();
  return deps.endpoints.change(partnerId, (endpoints) => {
    const current = endpoints.find((endpoint) => endpoint.id === id);
    if (!current || current.status === "disabled") return { endpoints, result: false };
    const disabled: WebhookEndpoint = {
      ...current,
      status: "disabled",
      disabledReason: reason,
      updatedAt: now,
    };
    return {
      endpoints: endpoints.map((endpoint) => (endpoint.id === id ? disabled : endpoint)),
      result: true,
    };
  });
}

/** A page of an endpoint's delivery attempts, newest first; 404 for another partner's endpoint. */
export async function listDeliveries(
  deps: WebhookDeps,
  partnerId: string,
  endpointId: string,
  query: ListEntriesQuery,
): Promise<Page<Delivery>> {
  const after = query.pageToken ? decodePageToken(query.pageToken) : null;
  const [, found] = await Promise.all([
    findEndpoint(deps, partnerId, endpointId),
    deps.deliveries.list(partnerId, endpointId, query.limit + 1, after),
  ]);
  const page = found.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(({ delivery }) => delivery),
    nextPageToken: found.length > query.limit && last ? encodePageToken(last.cursor) : null,
  };
}

/** The endpoint as the API shows it: everything but its secrets. */
export function publicView(endpoint: WebhookEndpoint): EndpointView {
  const { secrets: _secrets, ...view } = endpoint;
  return view;
}

async function changeOne(
  deps: WebhookDeps,
  partnerId: string,
  id: string,
  apply: (current: WebhookEndpoint) => WebhookEndpoint,
  deadline?: RequestDeadline,
): Promise<WebhookEndpoint> {
  return deps.endpoints.change(
    partnerId,
    (endpoints): EndpointsChange<WebhookEndpoint> => {
      const current = endpoints.find((endpoint) => endpoint.id === id);
      if (!current) throw notFound();
      const updated = apply(current);
      return {
        endpoints: endpoints.map((endpoint) => (endpoint.id === id ? updated : endpoint)),
        result: updated,
      };
    },
    deadline,
  );
}

function checkUrl(url: string, policy: TargetPolicy): void {
  const problem = endpointUrlProblem(url, policy);
  if (problem) {
    throw new ApiError("INVALID_REQUEST", "The webhook endpoint is invalid.", {
      errors: [{ field: "url", message: problem }],
    });
  }
}
