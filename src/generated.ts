// The one import between hand-written and generated code: everything src/ knows about the API's
// operations, versions and types comes through here.
export { defaultVersion, metadata, paginationByVersion, reviewed, versions } from "../generated/index.js";
// Only intercom-fetch/testing uses the examples; bundlers leave them out of the main entry.
export { examplesByVersion } from "../generated/examples.js";
export type {
  ApiVersion,
  CallsByVersion,
  ComponentsByVersion,
  OperationsByVersion,
  PathsByVersion,
} from "../generated/index.js";
