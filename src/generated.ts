// The one import between hand-written and generated code: everything src/ knows about the API's
// operations, versions and types comes through here.
// What the client needs (and a loader per version for what paginate reads): no operation tables.
export { defaultVersion, loadPagination, reviewed, versions } from "../generated/index.js";
// The full operation tables: the CLI, the testing helper and the scripts read them; the client does not.
export { metadata } from "../generated/operations.js";
// Only intercom-fetch/testing uses the examples; bundlers leave them out of the main entry.
export { examplesByVersion } from "../generated/examples.js";
export type {
  ApiVersion,
  CallsByVersion,
  ComponentsByVersion,
  OperationsByVersion,
  PathsByVersion,
} from "../generated/index.js";
