// The one import between hand-written and generated code: everything src/ knows about the API's
// operations, versions and types comes through here.
export { defaultVersion, metadata, paginationByVersion, versions } from "../generated/index.js";
// Only intercom-fetch/testing uses the examples; bundlers leave them out of the main entry.
export { examplesByVersion } from "../generated/examples.js";
export type { ApiVersion, ComponentsByVersion, OperationsByVersion, PathsByVersion } from "../generated/index.js";
