// A separate process for the atomicity test: `node --import tsx take-worker.ts <redis url> <key> <takes>`
// connects, then on "go" (a line on stdin) fires all its takes at once and prints how many were granted.
import { once } from "node:events";
import { createClient } from "redis";
import { createRedisStore } from "../../src/rate-limit/redis-store.js";

const [url, key, takes] = process.argv.slice(2);
const client = await createClient({ url }).connect();
const store = createRedisStore(client, { key: key!, timeoutMs: 10_000 });
console.log("ready");
await once(process.stdin, "data");
process.stdin.destroy();
const decisions = await Promise.all(Array.from({ length: Number(takes) }, () => store.take()));
console.log(JSON.stringify({ granted: decisions.filter((d) => d.granted).length }));
await client.quit();
