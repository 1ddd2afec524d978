// Generated types of the default API version, under short names.
import type { ComponentsByVersion, OperationsByVersion, PathsByVersion, defaultVersion } from "./generated.js";

type Default = typeof defaultVersion;

/** Every path of the default API version, with its operations (openapi-typescript's `paths`). */
export type paths = PathsByVersion[Default];
/** The schemas, parameters and responses of the default API version (openapi-typescript's `components`). */
export type components = ComponentsByVersion[Default];
/** Every operation of the default API version by `operationId` (openapi-typescript's `operations`). */
export type operations = OperationsByVersion[Default];

/** A schema of the spec by name, e.g. `Schema<"contact">`; pass a version to pick another. */
export type Schema<
  Name extends keyof ComponentsByVersion[V]["schemas"],
  V extends keyof ComponentsByVersion = Default,
> = ComponentsByVersion[V]["schemas"][Name];
