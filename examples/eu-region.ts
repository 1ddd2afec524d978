// A workspace hosted in Europe: its token only works against the EU host, so pick the region.
//
//   INTERCOM_ACCESS_TOKEN=… npx tsx examples/eu-region.ts
//
// INTERCOM_BASE_URL, if set, overrides the region's host, e.g. with the local mock (`npm run mock`).
import { createIntercomClient, IntercomError, unwrap } from "intercom-fetch";

const intercom = createIntercomClient({ region: "eu", baseUrl: process.env.INTERCOM_BASE_URL });
console.log(`requests go to ${intercom.baseUrl} with Intercom-Version ${intercom.version}`);

try {
  const me = await unwrap(intercom.GET("/me"));
  console.log(`signed in as ${me?.name} <${me?.email}> of workspace ${me?.app?.name ?? "?"}`);
} catch (error) {
  // A 401 here usually means the token belongs to a workspace in another region.
  if (error instanceof IntercomError && error.status === 401) {
    console.error("unauthorized: is the workspace in another region (us, eu, au)?");
    process.exitCode = 1;
  } else {
    throw error;
  }
}
