export { PartnerApiError, type FieldError } from "./partner-api-error.js";
export {
  PartnerClient,
  type ClientCredentialsOptions,
  type CreateEntryInput,
  type EntriesApi,
  type Entry,
  type EntryPage,
  type Event,
  type EventFilter,
  type EventPage,
  type EventsApi,
  type EventType,
  type Me,
  type PartnerClientOptions,
  type TokenFunctionOptions,
  type UpdateEntryInput,
  type UsageApi,
  type UsageReport,
} from "./partner-client.js";
export type { components, paths } from "./generated/openapi.js";
