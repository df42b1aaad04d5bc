import { describe, expect, it } from "vitest";
import { addressProblem, endpointUrlProblem } from "./webhook-target.js";

const production = { allowLoopback: false };
const emulator = { allowLoopback: true };

describe("addressProblem", () => {
  it.each(["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])(
    "lets the public address %s pass",
    (address) => {
      expect(addressProblem(address, production)).toBeNull();
    },
  );

  it.each([
    ["127.0.0.1", "loopback"],
    ["127.9.9.9", "loopback"],
    ["::1", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.5.4", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["fe80::1", "linkLocal"],
    ["fd00:ec2::254", "uniqueLocal"],
    ["100.64.0.1", "carrierGradeNat"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:127.0.0.1", "loopback"],
    ["64:ff9b::a00:1", "rfc6052"],
    ["2002:a00:1::", "6to4"],
  ])("refuses %s in production (%s)", (address, range) => {
    expect(addressProblem(address, production)).toBe(`${address} is not a public address (${range})`);
  });

  it("lets loopback pass on the emulator stack, and nothing else that is not public", () => {
    expect(addressProblem("127.0.0.1", emulator)).toBeNull();
    expect(addressProblem("::1", emulator)).toBeNull();
    expect(addressProblem("10.0.0.1", emulator)).toMatch(/private/);
    expect(addressProblem("169.254.169.254", emulator)).toMatch(/linkLocal/);
  });

  it("refuses what is not an address", () => {
    expect(addressProblem("example.com", production)).toBe("example.com is not an IP address");
  });
});

describe("endpointUrlProblem", () => {
  it.each(["https://hooks.example.com/partner-api", "https://8.8.8.8:8443/x?y=1", "https://[2606:4700::1]/"])(
    "accepts %s in production",
    (url) => {
      expect(endpointUrlProblem(url, production)).toBeNull();
    },
  );

  it.each([
    ["not a url", "must be an absolute URL"],
    ["/relative/path", "must be an absolute URL"],
    ["http://hooks.example.com/", "must use https"],
    ["ftp://hooks.example.com/", "must use https"],
    ["https://user:pw@hooks.example.com/", "must not carry credentials"],
    ["https://user@hooks.example.com/", "must not carry credentials"],
    ["https://:pw@hooks.example.com/", "must not carry credentials"],
    ["https://127.0.0.1/", "must name a public host: 127.0.0.1 is not a public address (loopback)"],
    ["https://0x7f.1/", "must name a public host: 127.0.0.1 is not a public address (loopback)"],
    ["https://2130706433/", "must name a public host: 127.0.0.1 is not a public address (loopback)"],
    ["https://[::1]/", "must name a public host: ::1 is not a public address (loopback)"],
    ["https://10.1.2.3/", "must name a public host: 10.1.2.3 is not a public address (private)"],
    [
      "https://169.254.169.254/latest",
      "must name a public host: 169.254.169.254 is not a public address (linkLocal)",
    ],
    ["https://localhost/", "must name a public host: localhost is this machine"],
    ["https://api.localhost./", "must name a public host: api.localhost is this machine"],
    [
      "https://metadata.google.internal/",
      "must name a public host: metadata.google.internal is the metadata server",
    ],
    ["https://intranet/", "must name a public host: intranet is not a qualified name"],
  ])("refuses %s in production: %s", (url, problem) => {
    expect(endpointUrlProblem(url, production)).toBe(problem);
  });

  it("accepts http to loopback on the emulator stack, and still refuses other plain http and private hosts", () => {
    expect(endpointUrlProblem("http://127.0.0.1:4321/hook", emulator)).toBeNull();
    expect(endpointUrlProblem("http://localhost:4321/hook", emulator)).toBeNull();
    expect(endpointUrlProblem("http://[::1]:4321/hook", emulator)).toBeNull();
    expect(endpointUrlProblem("http://hooks.example.com/", emulator)).toBe(
      "must use https (http only to a loopback address here)",
    );
    expect(endpointUrlProblem("https://192.168.0.10/", emulator)).toMatch(/private/);
    expect(endpointUrlProblem("http://8.8.8.8/", emulator)).toBe(
      "must use https (http only to a loopback address here)",
    );
    expect(endpointUrlProblem("https://metadata/", emulator)).toMatch(/metadata server/);
  });
});
