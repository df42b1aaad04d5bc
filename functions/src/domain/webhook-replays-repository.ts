/**
 * The replay state port: per endpoint, the replay last started and how far it got, so one runs at a
 * time. Implemented over Firestore and in memory (data/), with the same transaction semantics.
 */

export interface ReplayState {
  replayId: string;
  /** How many events it re-sends; null while they are still being scheduled. */
  events: number | null;
  /** How many of its attempts have run. */
  attempted: number;
  startedAt: string;
}

export interface WebhookReplaysRepository {
  /**
   * Reads the endpoint's replay state and writes what `change` makes of it, in one transaction, so two
   * concurrent replays of one endpoint cannot both start. A null state writes nothing.
   */
  change<R>(
    partnerId: string,
    endpointId: string,
    change: (current: ReplayState | null) => { state: ReplayState | null; result: R },
  ): Promise<R>;
}
