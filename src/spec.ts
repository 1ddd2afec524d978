// The one import between hand-written and generated code: everything src/ knows about the API's
// operations, versions and types comes through here.
export { defaultVersion, metadata } from "../generated/index.js";
export type { ApiVersion, ComponentsByVersion, OperationsByVersion, PathsByVersion } from "../generated/index.js";
