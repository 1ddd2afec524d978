export { createIntercomClient, type IntercomClient } from "./client.js";
export type { IntercomClientOptions } from "./config.js";
export { IntercomConfigError } from "./errors.js";
export { regions, type Region } from "./regions.js";
export type { ApiVersion } from "./spec.js";
export type { Schema, paths, components, operations } from "./schemas.js";
export type { RequestExtras, RequestInitFor, ResponseFor } from "./types.js";
