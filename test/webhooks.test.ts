// Signatures are computed here with node:crypto, independently of the Web Crypto code under test.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { IntercomWebhookError, isWebhookTopic, verifyWebhook, verifyWebhookRequest } from "../src/index.js";

const secret = "client-secret-123";
const notification = {
  type: "notification_event",
  id: "notif_78c122d0-23ba-11e4-9464-79b01267cc2e",
  topic: "conversation.admin.replied",
  app_id: "a86dr8yl",
  created_at: 1392731331,
  delivery_attempts: 1,
  first_sent_at: 1392731392,
  data: { type: "notification_event_data", item: { type: "conversation", id: "123", state: "open" } },
};
// Non-ASCII text, so a wrong string↔bytes conversion would change the digest.
const body = JSON.stringify({ ...notification, app_id: "a86dr8yl", note: "Grüße ✓" });
const sign = (data: string | Uint8Array, key = secret) => `sha1=${createHmac("sha1", key).update(data).digest("hex")}`;
const signature = sign(body);

async function rejection(promise: Promise<unknown>): Promise<IntercomWebhookError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IntercomWebhookError);
  return error as IntercomWebhookError;
}

describe("verifyWebhook", () => {
  it("returns the parsed notification when the signature matches", async () => {
    const event = await verifyWebhook({ body, signature, clientSecret: secret });
    expect(event.id).toBe(notification.id);
    expect(event.topic).toBe("conversation.admin.replied");
    expect(event.data.item).toEqual(notification.data.item);
  });

  it("accepts the body as string, Buffer, Uint8Array and ArrayBuffer", async () => {
    const buffer = Buffer.from(body, "utf8");
    const bytes = new Uint8Array(buffer);
    for (const input of [body, buffer, bytes, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)]) {
      await expect(verifyWebhook({ body: input, signature, clientSecret: secret })).resolves.toMatchObject({
        id: notification.id,
      });
    }
  });

  it("rejects a body that differs by one byte", async () => {
    const bytes = Buffer.from(body);
    const at = bytes.length - 2;
    bytes.writeUInt8(bytes.readUInt8(at) ^ 1, at);
    const error = await rejection(verifyWebhook({ body: bytes, signature, clientSecret: secret }));
    expect(error.reason).toBe("mismatch");
  });

  it("rejects a signature made with another secret", async () => {
    const error = await rejection(verifyWebhook({ body, signature: sign(body, "other"), clientSecret: secret }));
    expect(error.reason).toBe("mismatch");
    expect(error.message).not.toContain(secret);
  });

  it("rejects a missing header", async () => {
    for (const missing of [undefined, null, "", "  "]) {
      const error = await rejection(verifyWebhook({ body, signature: missing, clientSecret: secret }));
      expect(error.reason).toBe("missing");
    }
  });

  it("takes the header as Node's req.headers gives it: a string, or an array for a repeated header", async () => {
    await expect(verifyWebhook({ body, signature: [signature], clientSecret: secret })).resolves.toBeTruthy();
    const twice = await rejection(verifyWebhook({ body, signature: [signature, signature], clientSecret: secret }));
    expect(twice.reason).toBe("malformed");
    expect((await rejection(verifyWebhook({ body, signature: [], clientSecret: secret }))).reason).toBe("missing");
  });

  it("accepts upper-case hex and surrounding whitespace", async () => {
    const hex = signature.slice(5);
    for (const variant of [`sha1=${hex.toUpperCase()}`, ` ${signature}\t`]) {
      await expect(verifyWebhook({ body, signature: variant, clientSecret: secret })).resolves.toBeTruthy();
    }
  });

  it("rejects malformed headers", async () => {
    const hex = signature.slice(5);
    const variants = [
      hex, // no prefix
      `SHA1=${hex}`, // the prefix is case-sensitive, as documented
      `sha256=${hex}`,
      `sha1=${hex.slice(0, 39)}`,
      `sha1=${hex}0`,
      `sha1=${hex.slice(0, 39)}g`,
      `sha1= ${hex}`,
      `${signature}, ${signature}`, // a repeated header joined by a proxy
    ];
    for (const variant of variants) {
      const error = await rejection(verifyWebhook({ body, signature: variant, clientSecret: secret }));
      expect([variant, error.reason]).toEqual([variant, "malformed"]);
    }
  });

  it("checks the signature before parsing: an unsigned non-JSON body is a signature error", async () => {
    const error = await rejection(verifyWebhook({ body: "not json", signature, clientSecret: secret }));
    expect(error.reason).toBe("mismatch");
  });

  it("rejects a correctly signed body that is not JSON, or not a notification", async () => {
    const error = await rejection(verifyWebhook({ body: "{oops", signature: sign("{oops"), clientSecret: secret }));
    expect(error.reason).toBe("invalid_json");
    for (const payload of ["[]", "null", JSON.stringify({ ...notification, data: {} })]) {
      const invalid = await rejection(verifyWebhook({ body: payload, signature: sign(payload), clientSecret: secret }));
      expect(invalid.reason).toBe("invalid_payload");
    }
  });

  it("requires a client secret", async () => {
    await expect(verifyWebhook({ body, signature, clientSecret: "" })).rejects.toThrow(
      expect.objectContaining({ name: "IntercomConfigError", option: "clientSecret" }),
    );
  });
});

describe("verifyWebhookRequest", () => {
  const request = (headers: Record<string, string>, payload: string = body) =>
    new Request("https://example.com/hooks", { method: "POST", headers, body: payload });

  it("reads the header and the body of a Web Request", async () => {
    const event = await verifyWebhookRequest(request({ "X-Hub-Signature": signature }), { clientSecret: secret });
    expect(event.id).toBe(notification.id);
  });

  it("rejects a request without the header, leaving the body unread", async () => {
    const unsigned = request({});
    const error = await rejection(verifyWebhookRequest(unsigned, { clientSecret: secret }));
    expect(error.reason).toBe("missing");
    expect(unsigned.bodyUsed).toBe(false);
  });

  it("rejects a request whose body was changed", async () => {
    const tampered = request({ "x-hub-signature": signature }, body.replace("open", "shut"));
    expect((await rejection(verifyWebhookRequest(tampered, { clientSecret: secret }))).reason).toBe("mismatch");
  });

  // Anyone can send a well-formed signature header: the body must not be buffered without bound first.
  it("refuses an endless body once it passes maxBodyBytes, having read little more", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const flood = new Request("https://example.com/hooks", {
      method: "POST",
      headers: { "X-Hub-Signature": signature },
      body: endless,
      duplex: "half",
    } as RequestInit);
    const error = await rejection(verifyWebhookRequest(flood, { clientSecret: secret, maxBodyBytes: 1024 * 1024 }));
    expect(error.reason).toBe("too_large");
    expect(error.message).toContain("maxBodyBytes (1048576 bytes)");
    expect(pulled).toBeLessThan(20);
  });

  it("refuses a Content-Length over maxBodyBytes before reading, and reads one within it", async () => {
    const announced = request({ "X-Hub-Signature": signature, "Content-Length": String(body.length + 1) });
    const error = await rejection(verifyWebhookRequest(announced, { clientSecret: secret, maxBodyBytes: body.length }));
    expect(error.reason).toBe("too_large");
    const exact = request({ "X-Hub-Signature": signature });
    const size = new TextEncoder().encode(body).byteLength;
    expect((await verifyWebhookRequest(exact, { clientSecret: secret, maxBodyBytes: size })).id).toBe(notification.id);
    const over = request({ "X-Hub-Signature": signature });
    expect((await rejection(verifyWebhookRequest(over, { clientSecret: secret, maxBodyBytes: size - 1 }))).reason).toBe(
      "too_large",
    );
  });

  it.each([0, -1, 1.5, NaN, "1000"])("refuses maxBodyBytes %s, naming it", async (maxBodyBytes) => {
    const pending = verifyWebhookRequest(request({ "X-Hub-Signature": signature }), {
      clientSecret: secret,
      maxBodyBytes: maxBodyBytes as number,
    });
    await expect(pending).rejects.toMatchObject({ name: "IntercomConfigError", option: "maxBodyBytes" });
  });
});

describe("isWebhookTopic", () => {
  it("matches exact topics and `prefix.*` patterns", async () => {
    const event = await verifyWebhook({ body, signature, clientSecret: secret });
    expect(isWebhookTopic(event, "conversation.admin.replied")).toBe(true);
    expect(isWebhookTopic(event, "contact.user.created", "conversation.*")).toBe(true);
    expect(isWebhookTopic(event, "conversation.user.replied")).toBe(false);
    expect(isWebhookTopic(event, "contact.*")).toBe(false);
    expect(isWebhookTopic({ topic: "conversation_part.tag.created" }, "conversation.*")).toBe(false);
  });
});
