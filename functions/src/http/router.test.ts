import { describe, expect, it } from "vitest";
import { ApiError } from "../errors.js";
import { createRouter } from "./router.js";

const route = createRouter([
  { method: "GET", path: "/v1/entries", handler: "list" },
  { method: "POST", path: "/v1/entries", handler: "create" },
  { method: "GET", path: "/v1/entries/:id", handler: "get" },
]);

function thrown(method: string, path: string): ApiError {
  try {
    route(method, path);
  } catch (error) {
    return error as ApiError;
  }
  throw new Error("expected a refusal");
}

describe("createRouter", () => {
  it("matches methods and decodes path parameters", () => {
    expect(route("GET", "/v1/entries").route.handler).toBe("list");
    expect(route("GET", "/v1/entries/e_%C3%A9").params).toEqual({ id: "e_é" });
  });

  it("answers 405 with Allow listing the path's methods", () => {
    const error = thrown("DELETE", "/v1/entries");
    expect(error.status).toBe(405);
    expect(error.headers.Allow).toBe("GET, POST");
  });

  it("answers 404 for unknown paths, empty segments and broken percent-encoding", () => {
    for (const path of ["/v1/nope", "/v1/entries/", "/v1/entries/%E0%A4%A", "/v1/entries/a/b"]) {
      expect(thrown("GET", path).status).toBe(404);
    }
  });

  it("answers 404 for a parameter no Firestore document can be named, so no handler builds a path from it", () => {
    const hostile = ["a%2Fb", "%2F", "a%2F%2Fb", ".", "..", "%2E%2E", "__x__", "x".repeat(1501), "%ED%A0%80"];
    for (const id of hostile) expect(thrown("GET", `/v1/entries/${id}`).status).toBe(404);
    expect(route("GET", "/v1/entries/a%00b").params).toEqual({ id: "a\0b" });
  });
});
