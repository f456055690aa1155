import { describe, expect, it } from "vitest";
import { trustedProxyHops } from "./env.server";
import { clientAddressFrom, normaliseAddress } from "./request-context.server";

const SOCKET = "10.0.0.2"; // the nearest proxy, as the server's socket sees it

describe("clientAddressFrom: the address the outermost trusted proxy appended", () => {
  const cases: [string, string | string[] | undefined, number, string][] = [
    // [what, X-Forwarded-For, trusted hops, expected]
    ["no proxy trusted: the socket, whatever the header says", "203.0.113.7", 0, SOCKET],
    ["one proxy, no header: the socket", undefined, 1, SOCKET],
    ["one proxy: its entry", "203.0.113.7", 1, "203.0.113.7"],
    ["one proxy: spoofed leftmost entries are ignored", "1.1.1.1, 2.2.2.2, 203.0.113.7", 1, "203.0.113.7"],
    ["two proxies: the second from the right", "6.6.6.6, 203.0.113.7, 10.0.0.9", 2, "203.0.113.7"],
    ["three proxies behind a spoofed list", "9.9.9.9,8.8.8.8, 203.0.113.7 ,10.0.0.8, 10.0.0.9", 3, "203.0.113.7"],
    ["fewer entries than hops: the leftmost", "203.0.113.7, 10.0.0.9", 3, "203.0.113.7"],
    ["the header sent twice counts as one list, in order", ["6.6.6.6", "203.0.113.7"], 1, "203.0.113.7"],
    ["empty entries and extra whitespace", " , 6.6.6.6 ,,\t203.0.113.7 , ", 1, "203.0.113.7"],
    ["an empty header: the socket", "", 1, SOCKET],
    ["IPv6", "6.6.6.6, 2001:DB8:0:0:0:0:0:1", 1, "2001:db8::1"],
    ["IPv6 in brackets with a port", "[2001:db8::7]:4711", 1, "2001:db8::7"],
    ["IPv4 with a port", "203.0.113.7:4711", 1, "203.0.113.7"],
    ["IPv4-mapped IPv6 counts as the IPv4 address", "::ffff:203.0.113.7", 1, "203.0.113.7"],
    ["garbage where the client stands: the next valid entry to its right", "203.0.113.7, unknown, 10.0.0.9", 2, "10.0.0.9"],
    ["only garbage: the socket", "<script>alert(1)</script>", 1, SOCKET],
    ["a hostname is not an address", "evil.example", 1, SOCKET],
    ["an out-of-range IPv4 is not an address", "300.1.2.3", 1, SOCKET],
    ["garbage to the left is never looked at", "not-an-ip, 203.0.113.7", 1, "203.0.113.7"],
  ];
  it.each(cases)("%s", (_what, header, hops, expected) => {
    expect(clientAddressFrom(SOCKET, header, hops)).toBe(expected);
  });

  it("a rotating spoofed leftmost entry always gives the same address", () => {
    const seen = new Set(Array.from({ length: 60 }, (_, i) => clientAddressFrom(SOCKET, `198.51.100.${i}, 203.0.113.7`, 1)));
    expect([...seen]).toEqual(["203.0.113.7"]);
  });

  it("the socket's own address is normalised too", () => {
    expect(clientAddressFrom("::ffff:127.0.0.1", undefined, 0)).toBe("127.0.0.1");
    expect(clientAddressFrom(undefined, undefined, 0)).toBe("unknown");
  });
});

describe("normaliseAddress", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["  203.0.113.7 ", "203.0.113.7"],
    ["2001:0db8:0000::0001", "2001:db8::1"],
    ["::FFFF:CB00:7107", "203.0.113.7"],
    ["fe80::1%eth0", "fe80::1"],
    ["[::1]", "::1"],
    ["", null],
    ["1.2.3", null],
    ["2001:db8::1::2", null],
    ["[203.0.113.7]:80", "203.0.113.7"],
  ])("%j → %j", (raw, expected) => {
    expect(normaliseAddress(raw)).toBe(expected);
  });
});

describe("TRUST_PROXY", () => {
  it.each([
    [undefined, 0],
    ["", 0],
    ["0", 0],
    ["off", 0],
    ["false", 0],
    ["1", 1],
    ["on", 1],
    ["true", 1],
    ["TRUE", 1],
    ["2", 2],
    [" 3 ", 3],
  ])("%j → %i trusted hops", (value, hops) => {
    expect(trustedProxyHops(value)).toBe(hops);
  });
  it.each(["yes", "-1", "1.5", "loopback", "100"])("%j is refused", (value) => {
    expect(() => trustedProxyHops(value)).toThrow(/TRUST_PROXY/);
  });
});
