// `npm run mock`: a local mock of Intercom's API (Prism on the corrected spec) to try the client
// against without a workspace. Prism checks each request against the spec and logs what it found.
import { readManifest } from "./lib/spec.js";
import { startPrism } from "./lib/prism.js";

const portText = process.env.PORT ?? "4010";
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT=${JSON.stringify(portText)} is not a port number (0-65535; 0 picks a free one).`);
  process.exit(1);
}

const prism = await startPrism({ port, onLog: (line) => console.log(line) });
console.log(`Mock Intercom API ${readManifest().default} (Prism on the corrected spec) listening on ${prism.url}

  curl -H "Authorization: Bearer any-token" "${prism.url}/conversations?per_page=5"

  const intercom = createIntercomClient({ baseUrl: "${prism.url}", token: "any-token" });
  const { data } = await intercom.GET("/conversations", { params: { query: { per_page: 5 } } });

Requests that break the contract get 4xx with an sl-violations header. Ctrl+C stops the mock.`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void prism.stop().then(() => process.exit(0));
  });
}
