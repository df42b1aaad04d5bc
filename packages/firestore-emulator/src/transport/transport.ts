import http from "node:http";
import net from "node:net";
import { Duplex } from "node:stream";

/** Every connection starts with this preface under HTTP/2 (and so gRPC); HTTP/1.x never starts with "PRI". */
const HTTP2_PREFACE_START = "PRI";

/** Where connections go once their protocol is known. */
export interface ProtocolHandlers {
  readonly grpc: (connection: Duplex) => void;
  readonly http: http.RequestListener;
}

/**
 * One TCP port serving gRPC (HTTP/2) and plain HTTP/1.1 like the official emulator: each connection's first
 * bytes decide which server takes it. grpc-js cannot share a port by itself, so connections are injected.
 */
export class DualProtocolListener {
  private readonly server: net.Server;
  private readonly httpServer: http.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(handlers: ProtocolHandlers) {
    this.httpServer = http.createServer(handlers.http);
    this.server = net.createServer((socket) => {
      this.sockets.add(socket);
      // gRPC exchanges many small frames; Nagle's algorithm would hold each one back ~40 ms.
      socket.setNoDelay(true);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("error", () => socket.destroy());
      socket.once("data", (chunk: Buffer) => {
        socket.pause();
        socket.unshift(chunk);
        if (chunk.subarray(0, HTTP2_PREFACE_START.length).toString("latin1") === HTTP2_PREFACE_START) {
          handlers.grpc(replayingDuplex(socket));
        } else {
          this.httpServer.emit("connection", socket);
          socket.resume();
        }
      });
    });
  }

  /** Binds and resolves with the port actually bound (for port 0). */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.server.once("error", onError);
      this.server.listen({ host, port, exclusive: true }, () => {
        this.server.off("error", onError);
        resolve((this.server.address() as net.AddressInfo).port);
      });
    });
  }

  /** Unbinds and force-closes every open connection, so a stop is prompt even with open streams. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
      this.httpServer.closeAllConnections();
    });
  }
}

/**
 * Node's HTTP/2 session reads a net.Socket's native handle directly and would miss the bytes already
 * read to sniff the protocol; wrapped in a plain Duplex, it reads through the stream API instead,
 * starting with the replayed bytes.
 */
function replayingDuplex(socket: net.Socket): Duplex {
  const duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  socket.on("data", (data: Buffer) => {
    if (!duplex.push(data)) socket.pause();
  });
  socket.on("end", () => duplex.push(null));
  socket.on("close", () => duplex.destroy());
  socket.resume();
  return duplex;
}
