import { afterEach, describe, expect, it, vi } from "vitest";
import { createIntercomClient, IntercomConfigError, regions } from "../src/index.js";
import { warnIfUnreviewed } from "../src/config.js";
import { metadata } from "../src/generated.js";

const token = "secret-token-123";

/** A fetch that records the request and answers 200 {}: region hosts are not reachable from tests. */
function recordingFetch() {
  const seen: Request[] = [];
  const fetch = async (request: Request) => {
    seen.push(request);
    return Response.json({ type: "admin" });
  };
  return { seen, fetch };
}

function configError(run: () => unknown): IntercomConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(IntercomConfigError);
    return error as IntercomConfigError;
  }
  throw new Error("expected an IntercomConfigError");
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("regions", () => {
  it("are the servers the spec declares", () => {
    expect(Object.values(regions).sort()).toEqual([...metadata["2.10"].servers].sort());
  });

  it.each([
    ["us", "https://api.intercom.io/me"],
    ["eu", "https://api.eu.intercom.io/me"],
    ["au", "https://api.au.intercom.io/me"],
  ] as const)("routes %s requests to its host", async (region, url) => {
    const { seen, fetch } = recordingFetch();
    const intercom = createIntercomClient({ token, region, fetch });
    await intercom.GET("/me");
    expect(seen.map((r) => r.url)).toEqual([url]);
  });

  it("defaults to the US host", () => {
    expect(createIntercomClient({ token }).baseUrl).toBe("https://api.intercom.io");
  });

  it("lets baseUrl override the region", async () => {
    const { seen, fetch } = recordingFetch();
    const intercom = createIntercomClient({
      token,
      region: "eu",
      baseUrl: "https://proxy.example.com/intercom/",
      fetch,
    });
    await intercom.GET("/me");
    expect(seen[0]!.url).toBe("https://proxy.example.com/intercom/me");
  });
});

describe("headers", () => {
  it("sends bearer auth, the API version and Accept on every request", async () => {
    const { seen, fetch } = recordingFetch();
    await createIntercomClient({ token, fetch }).GET("/me");
    const headers = Object.fromEntries(seen[0]!.headers);
    expect(headers).toMatchObject({
      authorization: `Bearer ${token}`,
      "intercom-version": "2.10",
      accept: "application/json",
    });
  });

  it("keeps the token header even if `headers` names Authorization", async () => {
    const { seen, fetch } = recordingFetch();
    await createIntercomClient({ token, fetch, headers: { Authorization: "Bearer other", "X-Team": "ops" } }).GET(
      "/me",
    );
    expect(seen[0]!.headers.get("authorization")).toBe(`Bearer ${token}`);
    expect(seen[0]!.headers.get("x-team")).toBe("ops");
  });
});

describe("token", () => {
  it("falls back to INTERCOM_ACCESS_TOKEN", async () => {
    vi.stubEnv("INTERCOM_ACCESS_TOKEN", "from-env");
    const { seen, fetch } = recordingFetch();
    await createIntercomClient({ fetch }).GET("/me");
    expect(seen[0]!.headers.get("authorization")).toBe("Bearer from-env");
  });

  it("prefers the token option over the environment", async () => {
    vi.stubEnv("INTERCOM_ACCESS_TOKEN", "from-env");
    const { seen, fetch } = recordingFetch();
    await createIntercomClient({ token, fetch }).GET("/me");
    expect(seen[0]!.headers.get("authorization")).toBe(`Bearer ${token}`);
  });

  it.each([undefined, "", "   "])("fails at construction without one (env %j)", (env) => {
    vi.stubEnv("INTERCOM_ACCESS_TOKEN", env as string);
    const error = configError(() => createIntercomClient({}));
    expect(error.option).toBe("token");
    expect(error.message).toMatch(/INTERCOM_ACCESS_TOKEN/);
  });
});

describe("configuration errors", () => {
  // JavaScript callers and `as any` bypass the types; the runtime check must still name the problem.
  const untyped = createIntercomClient as (options: Record<string, unknown>) => unknown;

  it.each([null, "tok_secret_value", 5])("refuses %s as the options object without quoting it", (options) => {
    const error = configError(() => (createIntercomClient as (options: unknown) => unknown)(options));
    expect(error.option).toBe("options");
    expect(error.message).toMatch(/is not an options object/);
    expect(error.message).not.toContain("tok_secret_value");
  });

  it("names an unknown region and the valid ones", () => {
    const error = configError(() => untyped({ token, region: "de" }));
    expect(error.option).toBe("region");
    expect(error.message).toBe('intercom-fetch: invalid `region`: "de" is not a region; use one of "us", "eu", "au".');
  });

  it("names an unknown version and the generated ones", () => {
    const error = configError(() => untyped({ token, version: "1.4" }));
    expect(error.option).toBe("version");
    expect(error.message).toContain('"1.4" is not a generated API version; use one of "2.10"');
  });

  // JSON shows Infinity and NaN as null, and throws a bare TypeError on a BigInt.
  it.each([
    ["version", Infinity, "Infinity"],
    ["version", NaN, "NaN"],
    ["version", 10n, "10"],
    ["region", 10n, "10"],
    ["region", Symbol("eu"), "Symbol(eu)"],
  ])("names %s %s as written", (option, value, shown) => {
    const error = configError(() => untyped({ token, [option]: value }));
    expect(error.option).toBe(option);
    expect(error.message).toContain(`\`${option}\`: ${shown} is not a`);
  });

  it.each(["not a url", "/relative/path", "api.intercom.io"])("rejects baseUrl %j", (baseUrl) => {
    const error = configError(() => untyped({ token, baseUrl }));
    expect(error.option).toBe("baseUrl");
    expect(error.message).toContain("is not an absolute URL");
  });

  it("rejects credentials in baseUrl without quoting them", () => {
    const error = configError(() => untyped({ token, baseUrl: "https://user:hunter2@proxy.example.com" }));
    expect(error.option).toBe("baseUrl");
    expect(error.message).toContain("must not contain a user name or password");
    expect(error.message).not.toContain("hunter2");
  });

  it("rejects a non-http protocol", () => {
    expect(configError(() => untyped({ token, baseUrl: "ftp://example.com" })).message).toContain('"ftp:"');
  });

  it.each(["http://api.intercom.io", "http://10.0.0.5:8080", "http://localhost.example.com"])(
    "rejects plain http to %s, which is not loopback",
    (baseUrl) => {
      const error = configError(() => untyped({ token, baseUrl }));
      expect(error.option).toBe("baseUrl");
      expect(error.message).toContain("unencrypted");
    },
  );

  it.each(["http://127.0.0.1:4010", "http://localhost:4010", "http://[::1]:4010", "http://127.8.9.10"])(
    "allows plain http to loopback %s",
    (baseUrl) => {
      expect(createIntercomClient({ token, baseUrl }).baseUrl).toBe(baseUrl);
    },
  );

  it("never puts the token in an error message", () => {
    const errors = [
      configError(() => untyped({ token, region: token })),
      configError(() => untyped({ token, baseUrl: `http://example.com/${token}` })),
    ];
    for (const error of errors) expect(`${error.message} ${error.stack}`).not.toContain(token);
  });
});

describe("an unreviewed API version", () => {
  it("warns once per version, and never for a reviewed one", () => {
    const warnings: string[] = [];
    const status = { "2.10": true, "9.99": false };
    for (const version of ["2.10", "9.99", "9.99"]) warnIfUnreviewed(version, status, (m) => warnings.push(m));
    expect(warnings).toEqual([
      expect.stringContaining("API version 9.99 is generated from a description that is not reviewed"),
    ]);
  });

  it("is not what the shipped versions are", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const version of ["2.10", "2.11"] as const) createIntercomClient({ token, version });
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});
