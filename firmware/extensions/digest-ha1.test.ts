import { describe, expect, test } from "bun:test";
import { digestHa1 } from "./digest-ha1.ts";

describe("digestHa1", () => {
  test("matches RFC 2617 section 3.5's worked example for MD5", () => {
    const ha1 = digestHa1("Mufasa", "testrealm@host.com", "Circle Of Life");
    expect(ha1.md5).toBe("939e7578ed9e3c518a452acee763bce9");
  });

  test("hashes number:realm:password for an extension (values from coreutils md5sum/sha256sum)", () => {
    const ha1 = digestHa1("100", "pbx", "s3cret-1");
    expect(ha1.md5).toBe("fe8b7dc3730353a9843e3af606c27d10");
    expect(ha1.sha256).toBe("3f809cb7f75f84ecc57d8f2b0c03761d221ff64a09b044c388a421b81988150b");
  });
});
