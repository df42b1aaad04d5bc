import createClient, { type Client } from "openapi-fetch";
import { requestClientCredentialsToken } from "./client-credentials.js";
import type { components, paths } from "./generated/openapi.js";
import { errorFromResponse } from "./partner-api-error.js";
import { createTokenCache } from "./token-cache.js";
import { createTransport, type BearerTokens, type TransportDeps } from "./transport.js";

export type Entry = components["schemas"]["Entry"];
export type CreateEntryInput = components["schemas"]["CreateEntry"];
export type UpdateEntryInput = components["schemas"]["UpdateEntry"];
export type EntryPage = components["schemas"]["EntryPage"];
export type Me = components["schemas"]["Me"];
export type Event = components["schemas"]["Event"];
export type EventPage = components["schemas"]["EventPage"];
export type EventType = Event["type"];
export type UsageReport = components["schemas"]["UsageReport"];

interface CommonOptions {
  /** The API's root, ending before /v1, e.g. "http://127.0.0.1:5001/demo-partner-api/us-central1/partnerApi". */
  baseUrl: string;
  /** Retries after the first attempt of a request (429, 503, network failures; see README). Default 3. */
  maxRetries?: number;
  /** The fetch to send with; default the global fetch. It is always called with a Request. */
  fetch?: (request: Request) => Promise<Response>;
}

/** Machine credentials: the client exchanges them for tokens at /v1/oauth/token and caches those. */
export interface ClientCredentialsOptions extends CommonOptions {
  clientId: string;
  clientSecret: string;
}

/**
 * A token of your own (e.g. a Firebase user's ID token), asked for before every request; after a 401 it
 * is called once more with `forceRefresh` true, so `(force) => user.getIdToken(force)` fits.
 */
export interface TokenFunctionOptions extends CommonOptions {
  getToken: (forceRefresh: boolean) => Promise<string>;
}

export type PartnerClientOptions = ClientCredentialsOptions | TokenFunctionOptions;

/** The partner API's ledger entries. */
export interface EntriesApi {
  /** Creates an entry; the Idempotency-Key (generated when absent) makes every retry replay, not repeat. */
  create(input: CreateEntryInput, options?: { idempotencyKey?: string }): Promise<Entry>;
  get(id: string): Promise<Entry>;
  /** Corrects an entry; `ifMatch` (an ETag, or the entry's `version`) refuses a stale write with 412. */
  update(id: string, patch: UpdateEntryInput, options?: { ifMatch?: string | number }): Promise<Entry>;
  /** One page, newest first; pass `nextPageToken` back as `pageToken` for the next. */
  page(options?: { limit?: number; pageToken?: string }): Promise<EntryPage>;
  /** Every entry, newest first, fetching pages of `limit` as the loop goes. */
  list(options?: { limit?: number }): AsyncIterableIterator<Entry>;
}

/** What happened to entries: the events webhooks deliver, kept 30 days. */
export interface EventsApi {
  /** One page, newest first; pass `nextPageToken` back as `pageToken` for the next. */
  page(options?: EventFilter & { limit?: number; pageToken?: string }): Promise<EventPage>;
  /** Every matching event, newest first, fetching pages of `limit` as the loop goes. */
  list(options?: EventFilter & { limit?: number }): AsyncIterableIterator<Event>;
  /** One event, by the id its webhook delivery carried (`webhook-id`). */
  get(id: string): Promise<Event>;
}

export interface EventFilter {
  type?: EventType;
  /** Only events created after this time (RFC 3339, or a Date). */
  createdAfter?: string | Date;
}

/** The partner's requests per UTC day and its daily quota. */
export interface UsageApi {
  /** Days `from`..`to` (YYYY-MM-DD, at most 93; default the last 7), and today's quota. */
  get(options?: { from?: string; to?: string }): Promise<UsageReport>;
}

/** The typed client of the partner API. Every failure throws a PartnerApiError. */
export class PartnerClient {
  readonly entries: EntriesApi;
  readonly events: EventsApi;
  readonly usage: UsageApi;
  readonly #api: Client<paths>;

  constructor(options: PartnerClientOptions) {
    const baseUrl = options.baseUrl.replace(/\/+$/, "");
    const maxRetries = options.maxRetries ?? 3;
    if (!Number.isInteger(maxRetries) || maxRetries < 0) {
      throw new TypeError("maxRetries must be a whole number, 0 or more");
    }
    const runtime: Omit<TransportDeps, "tokens"> = {
      // Looked up at call time (and called unbound, as browsers require).
      fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
      maxRetries,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
      now: Date.now,
    };
    this.#api = createClient<paths>({
      baseUrl,
      fetch: createTransport({ ...runtime, tokens: bearerTokens(options, baseUrl, runtime) }),
    });
    this.entries = entriesApi(this.#api);
    this.events = eventsApi(this.#api);
    const api = this.#api;
    this.usage = {
      get: ({ from, to } = {}) => unwrap(api.GET("/v1/usage", { params: { query: { from, to } } })),
    };
  }

  /** The calling partner, as its token says. */
  me(): Promise<Me> {
    return unwrap(this.#api.GET("/v1/me"));
  }
}

function bearerTokens(
  options: PartnerClientOptions,
  baseUrl: string,
  runtime: Omit<TransportDeps, "tokens">,
): BearerTokens {
  if ("getToken" in options && typeof options.getToken === "function") {
    const { getToken } = options;
    let forceRefresh = false;
    return {
      get: () => {
        const force = forceRefresh;
        forceRefresh = false;
        return getToken(force);
      },
      refused: () => {
        forceRefresh = true;
      },
    };
  }
  const { clientId, clientSecret } = options as Partial<ClientCredentialsOptions>;
  if (!clientId || !clientSecret) {
    throw new TypeError("PartnerClient needs either clientId and clientSecret, or getToken");
  }
  const tokenEndpoint = createTransport(runtime);
  const cache = createTokenCache(
    () => requestClientCredentialsToken(tokenEndpoint, baseUrl, clientId, clientSecret),
    runtime.now,
  );
  return { get: () => cache.get(), refused: (token) => cache.invalidate(token) };
}

function entriesApi(api: Client<paths>): EntriesApi {
  const page: EntriesApi["page"] = ({ limit, pageToken } = {}) =>
    unwrap(api.GET("/v1/entries", { params: { query: { limit, pageToken } } }));
  return {
    create: (input, { idempotencyKey } = {}) =>
      unwrap(
        api.POST("/v1/entries", {
          body: input,
          headers: idempotencyKey === undefined ? {} : { "Idempotency-Key": idempotencyKey },
        }),
      ),
    get: (id) => unwrap(api.GET("/v1/entries/{id}", { params: { path: { id } } })),
    update: (id, patch, { ifMatch } = {}) =>
      unwrap(
        api.PATCH("/v1/entries/{id}", {
          params: { path: { id } },
          body: patch,
          // The API's ETag of version n is "v<n>" (README, Optimistic concurrency).
          headers:
            ifMatch === undefined
              ? {}
              : { "If-Match": typeof ifMatch === "number" ? `"v${ifMatch}"` : ifMatch },
        }),
      ),
    page,
    async *list({ limit } = {}) {
      let pageToken: string | undefined;
      do {
        const next = await page({ limit, pageToken });
        yield* next.data;
        pageToken = next.nextPageToken ?? undefined;
      } while (pageToken !== undefined);
    },
  };
}

function eventsApi(api: Client<paths>): EventsApi {
  const page: EventsApi["page"] = ({ type, createdAfter, limit, pageToken } = {}) =>
    unwrap(
      api.GET("/v1/events", {
        params: {
          query: {
            type,
            createdAfter: createdAfter instanceof Date ? createdAfter.toISOString() : createdAfter,
            limit,
            pageToken,
          },
        },
      }),
    );
  return {
    page,
    get: (id) => unwrap(api.GET("/v1/events/{id}", { params: { path: { id } } })),
    async *list(filter = {}) {
      let pageToken: string | undefined;
      do {
        const next = await page({ ...filter, pageToken });
        yield* next.data;
        pageToken = next.nextPageToken ?? undefined;
      } while (pageToken !== undefined);
    },
  };
}

/** The body of a success, or the PartnerApiError of anything else. */
async function unwrap<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await pending;
  if (!response.ok) throw errorFromResponse(response, error);
  return data as T;
}
