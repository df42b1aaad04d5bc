import {
  credentials,
  makeGenericClientConstructor,
  Metadata,
  type ClientDuplexStream,
  type ClientReadableStream,
} from "@grpc/grpc-js";
import { loadFirestoreService } from "../../src/transport/protos.js";

/** A Firestore gRPC client speaking the wire protocol directly, for exchanges no SDK exposes. */
type Message = Record<string, unknown>;

/** The outcome of a call: its messages and final status (code 0 = OK). */
export interface CallOutcome {
  messages: Message[];
  code: number;
  details: string;
}

export interface RawClient {
  /** Opens a bidirectional stream (Write or Listen) with an optional bearer token. */
  stream(method: "Write" | "Listen", token?: string): ClientDuplexStream<unknown, Message>;
  /** Makes a unary or server-streaming call and waits for its end. */
  call(method: string, request: unknown, token?: string): Promise<CallOutcome>;
  close(): void;
}

const SERVER_STREAMING = new Set(["BatchGetDocuments", "RunQuery", "RunAggregationQuery"]);

export function rawClient(host: string): RawClient {
  const Client = makeGenericClientConstructor(loadFirestoreService(), "Firestore");
  const client = new Client(host, credentials.createInsecure()) as unknown as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  const metadataFor = (token: string | undefined) => {
    const metadata = new Metadata();
    if (token !== undefined) metadata.set("authorization", `Bearer ${token}`);
    return metadata;
  };
  const method = (name: string) => (client[name] as (...args: unknown[]) => unknown).bind(client);
  return {
    stream: (name, token) => method(name)(metadataFor(token)) as ClientDuplexStream<unknown, Message>,
    call(name, request, token) {
      if (SERVER_STREAMING.has(name)) {
        const stream = method(name)(request, metadataFor(token)) as ClientReadableStream<Message>;
        const { messages, ended } = drain(stream);
        return ended.then(({ code, details }) => ({ messages, code, details }));
      }
      return new Promise((resolve) => {
        method(name)(
          request,
          metadataFor(token),
          (error: { code: number; details: string } | null, response: Message) =>
            resolve(error ? { messages: [], ...error } : { messages: [response], code: 0, details: "" }),
        );
      });
    },
    close: () => (client as unknown as { close(): void }).close(),
  };
}

/** Collects a stream's messages and resolves once it ends, with its final status code (0 = OK). */
export function drain(stream: ClientDuplexStream<unknown, Message> | ClientReadableStream<Message>) {
  const messages: Message[] = [];
  const ended = new Promise<{ code: number; details: string }>((resolve) => {
    stream.on("data", (message: Message) => messages.push(message));
    stream.on("error", (error: { code: number; details: string }) => resolve(error));
    stream.on("status", (status: { code: number; details: string }) => {
      if (status.code === 0) resolve(status);
    });
  });
  return { messages, ended };
}

/** Waits until `messages` holds at least `count` entries. */
export async function received(messages: readonly unknown[], count: number): Promise<void> {
  while (messages.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}
