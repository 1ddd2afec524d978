// `npm run mock`: a local Intercom with a seeded workspace (admins, tags, companies, several pages of
// contacts and conversations), served by this project's own fake, to try the client, the CLI and
// the examples without a workspace. Its URL is the first line printed.
import { defaultVersion } from "../src/generated.js";
import { createMockIntercom } from "./lib/mock-workspace.js";

const portText = process.env.PORT ?? "4010";
const port = Number(portText);
if (portText.trim() === "" || !Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT=${JSON.stringify(portText)} is not a port number (0-65535; 0 picks a free one).`);
  process.exit(1);
}

const fake = createMockIntercom();
const server = await fake.listen({ port }).catch((error: NodeJS.ErrnoException) => {
  console.error(`Cannot listen on 127.0.0.1:${port}: ${error.code ?? error.message}. Try PORT=0 for a free port.`);
  process.exit(1);
});
console.log(server.url);
console.log(`
Mock Intercom API (seeded workspace, API ${defaultVersion}); any bearer token works. Try:

  curl -H "Authorization: Bearer any-token" "${server.url}/contacts?per_page=5"
  INTERCOM_ACCESS_TOKEN=any-token intercom api /conversations --paginate --base-url ${server.url}
  INTERCOM_BASE_URL=${server.url} INTERCOM_ACCESS_TOKEN=any-token npx tsx examples/export-contacts.ts

Unknown ids answer 404; operations the workspace does not hold answer with the spec's example.
Ctrl+C stops the mock.`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
