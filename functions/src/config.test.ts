import { describe, expect, it } from "vitest";
import { unsafeEnvironmentProblem } from "./config.js";

describe("unsafeEnvironmentProblem", () => {
  it("refuses the Auth emulator switch outside the Functions emulator", () => {
    expect(unsafeEnvironmentProblem({ FIREBASE_AUTH_EMULATOR_HOST: "127.0.0.1:9099" })).toMatch(/outside/);
  });

  it("accepts it inside the Functions emulator, and accepts a deployed environment without it", () => {
    expect(
      unsafeEnvironmentProblem({ FIREBASE_AUTH_EMULATOR_HOST: "x", FUNCTIONS_EMULATOR: "true" }),
    ).toBeNull();
    expect(unsafeEnvironmentProblem({})).toBeNull();
  });
});
