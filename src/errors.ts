/** Thrown by `createIntercomClient` when an option is missing or invalid; never contains the token. */
export class IntercomConfigError extends Error {
  override readonly name = "IntercomConfigError";
  constructor(
    /** The option that is wrong, e.g. `"region"`. */
    readonly option: string,
    message: string,
  ) {
    super(`intercom-fetch: invalid \`${option}\`: ${message}`);
  }
}
