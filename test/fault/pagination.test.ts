// Page-number lists whose server does not honour `page` end with an error, not a loop of duplicates.
import { expect, it } from "vitest";
import { IntercomPaginationError } from "../../src/index.js";
import { faultClient, rejection } from "./support/client.js";
import { json, useScriptedServer } from "./support/scripted-server.js";

const server = useScriptedServer();

it("a server that ignores `page` stops the walk at the second page with IntercomPaginationError", async () => {
  const firstPage = {
    type: "list",
    data: [{ type: "company", id: "c1" }],
    pages: {
      type: "pages",
      page: 1,
      per_page: 1,
      total_pages: 100,
      next: "https://api.intercom.io/companies/list?page=2",
    },
    total_count: 100,
  };
  server.play(...Array.from({ length: 5 }, () => json(200, firstPage)));
  const { intercom } = faultClient(server.url);
  const seen: unknown[] = [];
  const error = await rejection(
    (async () => {
      for await (const company of intercom.paginate("/companies/list")) seen.push(company);
    })(),
  );
  expect(error).toBeInstanceOf(IntercomPaginationError);
  expect((error as Error).message).toContain("asked for page 2 but the server answered page 1");
  expect(error).toMatchObject({ cursor: { page: 2 } });
  expect(seen).toHaveLength(1);
  expect(server.requests).toHaveLength(2);
});
