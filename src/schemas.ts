// Generated types of the default API version, under short names.
import type { ComponentsByVersion, OperationsByVersion, PathsByVersion, defaultVersion } from "./spec.js";

type Default = typeof defaultVersion;

export type paths = PathsByVersion[Default];
export type components = ComponentsByVersion[Default];
export type operations = OperationsByVersion[Default];

/** A schema of the spec by name, e.g. `Schema<"contact">`; pass a version to pick another. */
export type Schema<
  Name extends keyof ComponentsByVersion[V]["schemas"],
  V extends keyof ComponentsByVersion = Default,
> = ComponentsByVersion[V]["schemas"][Name];
